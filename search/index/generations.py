"""Index generations on disk, so that an update never leaves a broken index behind.

Layout of an index folder::

    index/
      CURRENT        name of the live generation, replaced atomically
      gen-000007/    a complete Whoosh index plus bantin.json (build facts) and files.json
      BUILD_LOCK     held (an OS file lock) by the one update running

Every update writes a *new* generation: it hard-links the live generation's files
(Whoosh never rewrites a segment file once written), lets Whoosh add, replace and
delete documents there, commits, and only then points ``CURRENT`` at it. A run that
is killed or fails leaves ``CURRENT`` on the previous generation, which stays
complete and searchable; its leftovers are swept by the next run.
"""

import datetime as dt
import json
import os
import shutil
from pathlib import Path

from whoosh import index as whoosh_index

from ..errors import IndexMissing

CURRENT_FILE = "CURRENT"
META_FILE = "bantin.json"
FILES_FILE = "files.json"  # (file stamp, content hash) of each indexed bulletin, by id
GENERATION_PREFIX = "gen-"


def find_live(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_dir / name
    return path if name.startswith(GENERATION_PREFIX) and whoosh_index.exists_in(str(path)) else None


def live_generation(index_dir) -> Path:
    """The folder of the live Whoosh index, or :class:`IndexMissing`."""
    live = find_live(Path(index_dir))
    if live is None:
        raise IndexMissing(f"chưa có chỉ mục ở {index_dir}: hãy dựng nó bằng lệnh 'bantin index'")
    return live


def open_live(index_dir):
    """Open the live index for reading: ``(whoosh index, generation folder)``."""
    live = live_generation(index_dir)
    return whoosh_index.open_dir(str(live)), live


def new_generation(index_dir: Path, copy_from: Path | None) -> Path:
    numbers = [int(p.name[len(GENERATION_PREFIX):]) for p in index_dir.glob(GENERATION_PREFIX + "*")
               if p.name[len(GENERATION_PREFIX):].isdigit()]
    generation = index_dir / f"{GENERATION_PREFIX}{max(numbers, default=0) + 1:06d}"
    generation.mkdir()
    if copy_from is not None:
        for item in copy_from.iterdir():
            # Not Whoosh's MAIN_WRITELOCK: shared between generations by a hard link, a lock on
            # the new generation's would lock the live one's too.
            if (item.is_file() and item.name not in (META_FILE, FILES_FILE)
                    and not item.name.upper().endswith("LOCK")):
                _link_or_copy(item, generation / item.name)
    return generation


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # file systems without hard links
        shutil.copy2(source, target)


def switch_to(index_dir: Path, generation: Path) -> None:
    write_new_file(index_dir / CURRENT_FILE, generation.name)


def sweep_leftovers(index_dir: Path) -> None:
    """Remove generations other than the live one and the one before it.

    The previous generation is kept because a server may still be answering a
    request from it; failed or interrupted builds (never made live) go.
    """
    live = find_live(index_dir)
    generations = sorted(index_dir.glob(GENERATION_PREFIX + "*"))
    keep = {live} if live else set()
    if live is not None:
        older = [g for g in generations if g.name < live.name and (g / META_FILE).exists()]
        keep.update(older[-1:])
    for generation in generations:
        if generation not in keep:
            shutil.rmtree(generation, ignore_errors=True)


def write_new_file(path: Path, text: str) -> None:
    """Replace ``path`` atomically with a new file: a reader sees the old text or the new,
    and a hard link shared with another generation is never written through."""
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def write_meta(generation: Path, corpus_dir, report, pipeline_version: str) -> None:
    meta = {
        "pipeline_version": pipeline_version,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "corpus": str(Path(corpus_dir).resolve()),
        "documents": report.documents,
        "seconds": round(report.seconds, 2),
    }
    (generation / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")


def read_meta(generation: Path) -> dict:
    try:
        return json.loads((generation / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def build_facts(index_dir) -> dict:
    """Facts about the live generation: build time, corpus, size on disk."""
    live = live_generation(index_dir)
    facts = read_meta(live)
    facts["generation"] = live.name
    facts["size_bytes"] = sum(p.stat().st_size for p in live.iterdir() if p.is_file())
    return facts
