"""The health check of a serving engine (``/healthz``): not only that an index is there,
but that searching it works.

The live generation's files are compared with its manifest (their sizes: a few ``stat``
calls) and its table of contents opened (:func:`search.index.generations.verify_generation`),
then a real search runs: the newest bulletin, then the first words of its title with their
facets and snippets, which reads posting lists and stored text. Anything that fails makes
the index :class:`~search.errors.IndexDamaged`.
"""

from ..errors import IndexDamaged
from ..index.generations import REBUILD_HINT, read_meta, verify_generation
from ..text import syllables

_WORDS = 3  # title words searched


def check_health(engine) -> dict:
    """``{"documents", "generation", "last_build"}`` of the engine's generation once a real
    search over it worked; IndexDamaged (one line) saying what failed otherwise."""
    generation = engine.generation
    problems = verify_generation(generation)
    if problems:
        raise IndexDamaged(f"chỉ mục ở {generation.parent} bị hỏng: {generation.name}: {'; '.join(problems[:2])}; "
                           f"{REBUILD_HINT}")
    try:
        newest = engine.search("", per_page=1)
        if newest.hits:
            engine.search(" ".join(syllables(newest.hits[0].title)[:_WORDS]), per_page=3)
    except Exception as error:  # whatever a damaged index raises
        raise IndexDamaged(f"chỉ mục ở {generation.parent} bị hỏng: {generation.name}: tìm thử thất bại "
                           f"({type(error).__name__}); {REBUILD_HINT}") from None
    return {"documents": newest.total, "generation": generation.name,
            "last_build": read_meta(generation).get("built_at")}
