"""A corpus of N real articles: the Dân trí set repeated with distinct ids, urls and years.

Copy ``k`` of an article goes to ``copy-<k>/<name>.txt`` with its front-matter date moved
``k`` years back (so the year facet spreads over several years) and ``?copy=<k>`` on its
url; the headline and body are the original bytes.
"""

import re
import shutil
from pathlib import Path

_DATE_LINE = re.compile(r"^date: (\d{4})-(\d\d)-(\d\d)\s*$", re.MULTILINE)
_URL_LINE = re.compile(r"^url: (\S+)\s*$", re.MULTILINE)


def source_articles(source_dir: Path) -> list[Path]:
    articles = sorted(p for p in Path(source_dir).glob("*.txt"))
    if not articles:
        raise SystemExit(f"no .txt articles in {source_dir}")
    return articles


def shifted_copy(text: str, copy: int) -> str:
    """The article text with its date ``copy`` years earlier and a url unique to the copy."""
    if copy == 0:
        return text

    def earlier(match: re.Match) -> str:
        year, month, day = int(match[1]) - copy, match[2], match[3]
        if (month, day) == ("02", "29") and not _is_leap(year):
            day = "28"
        return f"date: {year:04d}-{month}-{day}"

    text = _DATE_LINE.sub(earlier, text, count=1)
    return _URL_LINE.sub(lambda m: f"url: {m[1]}?copy={copy}", text, count=1)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def make_corpus(source_dir: Path, target_dir: Path, size: int) -> Path:
    """Write ``size`` articles under ``target_dir`` (replacing what was there)."""
    articles = source_articles(source_dir)
    texts = [path.read_text(encoding="utf-8") for path in articles]
    if target_dir.exists():
        shutil.rmtree(target_dir)
    for number in range(size):
        copy, which = divmod(number, len(articles))
        folder = target_dir / f"copy-{copy:03d}"
        if which == 0:
            folder.mkdir(parents=True)
        (folder / articles[which].name).write_text(shifted_copy(texts[which], copy), encoding="utf-8")
    return target_dir


def change_add_remove(corpus_dir: Path) -> dict[str, str]:
    """Edit one article, add one and delete one: the work of an incremental update."""
    files = sorted((corpus_dir / "copy-000").glob("*.txt"))
    changed, template, removed = files[0], files[1], files[2]
    with changed.open("a", encoding="utf-8") as handle:
        handle.write("\nCập nhật: bài viết được bổ sung thông tin mới về công tác tuyên truyền.\n")
    added = corpus_dir / "copy-000" / "bench_added.txt"
    added.write_text(_URL_LINE.sub(r"url: \1?added=1", template.read_text(encoding="utf-8"), count=1),
                     encoding="utf-8")
    removed.unlink()
    return {"changed": changed.name, "added": added.name, "removed": removed.name}
