"""Resilience: ``kill -9`` during ``bantin index`` (at random moments, and in the switch itself), a
full disk, a second concurrent run, a corpus of hostile files, unreadable files, and a server
answering while the index is rebuilt.

Every test drives the real commands (``python -m cli index|search|serve``) as a user
or a cron job would. ``bench/kill_loop.py`` repeats the kill test many more times.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from conftest import CORPUS, DANTRI, ROOT, SEED_IDS, copy_seeds, need_shared
from search.index.generations import META_FILE, live_generation
from search.analysis.segmenter import compound_words
from search import IndexBusy, update_index
from search import Engine
from web import create_app
from web_fixtures import free_port, links_in, wait_until_healthy

COMMAND_SECONDS = 120  # generous: CI machines are shared, and a hang must fail rather than block


def bantin(*arguments: str, timeout: float = COMMAND_SECONDS) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *arguments], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def index_command(corpus: Path, index_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cli", "index", "--corpus", str(corpus), "--index", str(index_dir),
            "--quiet", *extra]


def indexed_ids(index_dir: Path) -> set[str]:
    """The id of every bulletin the live index serves."""
    engine = Engine(index_dir)
    try:
        ids, page, pages = set(), 1, 1
        while page <= pages:
            result = engine.search("", per_page=100, page=page, fold=False)
            ids |= {hit.id for hit in result.hits}
            page, pages = page + 1, result.pages
        return ids
    finally:
        engine.close()


def corpus_ids(corpus: Path) -> set[str]:
    return {path.relative_to(corpus).with_suffix("").as_posix() for path in corpus.rglob("*.txt")}


def dantri_articles(count: int) -> list[Path]:
    need_shared(DANTRI)
    return sorted(DANTRI.glob("news_*.txt"))[:count]


# --- kill -9 during an update --------------------------------------------------------------------

# (new articles, --workers): the first round reads in worker processes (at least
# search.index.build.PARALLEL_THRESHOLD files), the others one by one in the indexing process.
KILL_ROUNDS = [(60, 2), (12, 1), (12, 1)]


def test_kill_9_at_random_moments_leaves_the_old_index_serving(tmp_path):
    """Each round adds articles, starts ``bantin index`` and kills it at a random moment:
    the previous generation still answers (Engine and ``bantin search``), and the next run
    completes with one document per file. The first round, killed while its worker
    processes run, also starts a second ``bantin index`` meanwhile, which must refuse
    with a clear message; its killed workers must not keep the index locked."""
    random_moment = random.Random(20231212)
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    articles = iter(dantri_articles(sum(count for count, _ in KILL_ROUNDS)))
    update_index(corpus, index_dir, workers=1)
    killed_mid_build = 0

    for round_number, (new_articles, workers) in enumerate(KILL_ROUNDS):
        for _ in range(new_articles):
            shutil.copy(next(articles), corpus)
        before = live_generation(index_dir)
        documents_before = len(indexed_ids(index_dir))
        build = subprocess.Popen(index_command(corpus, index_dir, "--workers", str(workers)),
                                 cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            if round_number == 0:
                check_a_second_run_refuses(corpus, index_dir, build)
                time.sleep(random_moment.uniform(0, 1))  # while the workers read
            else:
                time.sleep(random_moment.uniform(0.2, 3))  # from start-up to the switch
        finally:
            os.kill(build.pid, signal.SIGKILL)
            build.communicate()

        live = live_generation(index_dir)
        killed_mid_build += live == before
        expected = documents_before if live == before else len(corpus_ids(corpus))  # else it finished first
        check_searchable(index_dir, expected)
        report = update_index(corpus, index_dir, workers=workers)  # not refused: completes
        assert report.documents == len(corpus_ids(corpus)) == len(indexed_ids(index_dir))
        assert indexed_ids(index_dir) == corpus_ids(corpus)
        generations = list(index_dir.glob("gen-*"))
        assert all((generation / META_FILE).exists() for generation in generations), \
            "the killed run's half-built generation was swept"
        assert len(generations) <= 3  # the live one, and the previous one or two for open readers
    assert killed_mid_build, "every update finished before it was killed: nothing was tested"


# In the build's process: a pause of PAUSE_SECONDS just before CURRENT is replaced (after the
# new generation is complete and flushed, CURRENT.tmp written), so a kill can land there.
PAUSE_SECONDS = 1.5
PAUSE_BEFORE_SWITCH = f"""
import os as _os, time as _time
_replace = _os.replace
def _paused(source, target, *args, **kwargs):
    if _os.path.basename(target) == "CURRENT":
        _time.sleep({PAUSE_SECONDS})
    return _replace(source, target, *args, **kwargs)
_os.replace = _paused
"""
# In the build's process: every write into a file under the index folder fails with ENOSPC.
DISK_FULL = """
import builtins as _builtins, errno as _errno, io as _io, os as _os
_FULL = _os.path.realpath(_os.environ["BANTIN_FULL_DISK"])
_real_open = _io.open
class _Full:
    def __init__(self, handle):
        self._handle = handle
    def write(self, data):
        raise OSError(_errno.ENOSPC, _os.strerror(_errno.ENOSPC))
    def __getattr__(self, name):
        return getattr(self._handle, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self._handle.close()
def _open(file, mode="r", *args, **kwargs):
    handle = _real_open(file, mode, *args, **kwargs)
    if any(flag in mode for flag in "wax+") and not isinstance(file, int) \\
            and _os.path.realpath(_os.fsdecode(file)).startswith(_FULL + _os.sep):
        return _Full(handle)
    return handle
_builtins.open = _io.open = _open
"""


def with_prelude(prelude: str, command: list[str]) -> list[str]:
    """``command`` (``python -m cli ...``) run after ``prelude`` in the same process."""
    runner = ("\nimport runpy, sys\nsys.argv[0] = 'bantin'\n"
              "runpy.run_module('cli', run_name='__main__', alter_sys=True)\n")
    return [sys.executable, "-c", prelude + runner, *command[3:]]


def test_kill_9_during_the_switch_and_a_full_disk_leave_the_old_index_serving(tmp_path):
    """Rounds of an update killed at a random moment of a pause just before CURRENT is
    replaced (the generation complete, CURRENT.tmp written), and one that finds the disk
    full: each time the previous generation answers, nothing partial is left once the next
    update ran, and that update completes with one document per file."""
    random_moment = random.Random(20261206)
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index_dir, workers=1)
    for round_number in range(4):
        for copy in range(3):
            (corpus / f"ban-sao-{round_number}-{copy}.txt").write_text(
                GOOD_TEXT.replace("Quận Ba Đình", f"Quận Ba Đình bản sao {round_number}-{copy}"), encoding="utf-8")
        before, documents_before = live_generation(index_dir), len(indexed_ids(index_dir))
        generations_before = sorted(index_dir.glob("gen-*"))
        command = index_command(corpus, index_dir, "--workers", "1")
        if round_number == 3:  # the disk is full
            run = subprocess.run(with_prelude(DISK_FULL, command), cwd=ROOT, capture_output=True, text=True,
                                 timeout=COMMAND_SECONDS, env={**os.environ, "BANTIN_FULL_DISK": str(index_dir)})
            assert run.returncode != 0 and "Traceback" not in run.stderr
            assert len(run.stderr.strip().splitlines()) == 1 and "đầy" in run.stderr, run.stderr
            assert set(index_dir.glob("gen-*")) <= set(generations_before), "a partial generation was left"
        else:
            build = subprocess.Popen(with_prelude(PAUSE_BEFORE_SWITCH, command), cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            try:
                deadline = time.monotonic() + COMMAND_SECONDS
                while not (index_dir / "CURRENT.tmp").exists() and build.poll() is None:
                    assert time.monotonic() < deadline, "the update never reached the switch"
                    time.sleep(0.01)
                assert build.poll() is None, f"the update ended before its switch: {build.stderr.read()}"
                time.sleep(random_moment.uniform(0, PAUSE_SECONDS * 0.8))
            finally:
                os.kill(build.pid, signal.SIGKILL)
                build.communicate()
        assert live_generation(index_dir) == before, "CURRENT moved although the update never switched"
        check_searchable(index_dir, documents_before)
        report = update_index(corpus, index_dir, workers=1)
        assert report.documents == len(corpus_ids(corpus)) and indexed_ids(index_dir) == corpus_ids(corpus)
        assert not (index_dir / "CURRENT.tmp").exists()
        generations = list(index_dir.glob("gen-*"))
        assert all((generation / META_FILE).exists() for generation in generations)
        assert len(generations) <= 3  # the live one, and the previous one or two for open readers


def wait_for_new_generation(index_dir: Path, build: subprocess.Popen) -> None:
    """Until the run holds the build lock and has started its new generation."""
    generations = len(list(index_dir.glob("gen-*")))
    deadline = time.monotonic() + COMMAND_SECONDS
    while len(list(index_dir.glob("gen-*"))) <= generations and build.poll() is None:
        assert time.monotonic() < deadline, "the update never started a new generation"
        time.sleep(0.02)


def check_a_second_run_refuses(corpus: Path, index_dir: Path, build: subprocess.Popen) -> None:
    wait_for_new_generation(index_dir, build)
    assert build.poll() is None, f"the first update ended before a second one could start: {build.stderr.read()}"
    with pytest.raises(IndexBusy):
        update_index(corpus, index_dir, workers=1)
    second = subprocess.run(index_command(corpus, index_dir), cwd=ROOT, capture_output=True, text=True,
                            timeout=COMMAND_SECONDS)
    assert build.poll() is None, "the first update ended before the second command was refused"
    assert second.returncode == 3
    assert "một lệnh 'bantin index' khác đang cập nhật" in second.stderr and "Traceback" not in second.stderr


def check_searchable(index_dir: Path, documents: int) -> None:
    """The live index answers, through the Engine and through ``bantin search``."""
    engine = Engine(index_dir)
    try:
        assert engine.search("").total == documents
        tuyen_giao = engine.search("tuyên giáo", per_page=100)
        assert set(SEED_IDS) <= {hit.id for hit in tuyen_giao.hits}
    finally:
        engine.close()
    searched = bantin("search", "tuyên giáo", "--index", str(index_dir), "--per-page", "100", "--json")
    assert searched.returncode == 0, searched.stderr
    assert json.loads(searched.stdout)["total"] == tuyen_giao.total


# --- a corpus of hostile files ---------------------------------------------------------------------

GOOD_TEXT = (CORPUS / "003_2fa3e06238549911.txt").read_text(encoding="utf-8")
ODD_NAMES = ["tên có dấu cách & #?%", "<script>alert(1)</script>", "-bắt-đầu-bằng-gạch", "thư mục/con/bản tin",
             "100% đúng; 'nháy' \"kép\""]


def write_odd_names(corpus: Path) -> None:
    """A bulletin under each odd name, with the name in its text."""
    for name in ODD_NAMES:
        path = corpus / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(GOOD_TEXT.replace("Quận Ba Đình", f"Quận Ba Đình {name}"), encoding="utf-8")


def build_hostile_corpus(corpus: Path) -> dict[str, str]:
    """Good bulletins among files that must be skipped; returns {file name: what the skip says}."""
    write_odd_names(copy_seeds(corpus))
    broken_bytes = GOOD_TEXT.encode("utf-8").replace("Bộ".encode(), b"B\xff", 1)
    (corpus / "vai-byte-hong.txt").write_bytes(broken_bytes)  # a few bad bytes: indexed, with a warning

    expected = {
        "rong.txt": "rỗng",
        "anh.txt": "nhị phân",
        "qua-lon.txt": "quá lớn cho một bản tin (50.0 MB > 5 MB)",
        "khong-phai-utf8.txt": "UTF-8",
        "vong/lap": "vòng liên kết tượng trưng",
        "tro-vao-dau.txt": "liên kết tượng trưng hỏng",
        "dong\nmoi.txt": "ký tự điều khiển",
    }
    (corpus / "rong.txt").write_bytes(b"")
    (corpus / "anh.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with (corpus / "qua-lon.txt").open("wb") as huge:
        huge.truncate(50 * 2**20)  # sparse: 50 MB to the file system, nothing to write
    (corpus / "khong-phai-utf8.txt").write_bytes(bytes(random.Random(7).randrange(128, 256) for _ in range(4000))
                                                 + bytes(range(1, 32)) * 10)
    (corpus / "vong").mkdir()
    (corpus / "vong" / "lap").symlink_to(corpus / "vong", target_is_directory=True)
    (corpus / "tro-vao-dau.txt").symlink_to(corpus / "khong-co.txt")
    (corpus / "dong\nmoi.txt").write_text(GOOD_TEXT, encoding="utf-8")
    composed = "tên có dấu cách & #?%.txt"
    (corpus / unicodedata.normalize("NFD", composed)).write_text(GOOD_TEXT, encoding="utf-8")
    second = sorted([composed, unicodedata.normalize("NFD", composed)])[1]  # the one read second is skipped
    expected[second] = "trùng tên với"
    (corpus / "trung-ten.TXT").write_text(GOOD_TEXT, encoding="utf-8")
    (corpus / "trung-ten.txt").write_text(GOOD_TEXT, encoding="utf-8")
    if len(list(corpus.glob("trung-ten.*"))) == 2:  # a file system that tells case apart
        expected["trung-ten.txt"] = "trùng mã bản tin 'trung-ten' với trung-ten.TXT"
    if hasattr(os, "mkfifo"):
        os.mkfifo(corpus / "ong-dan.txt")  # reading it would wait forever
        expected["ong-dan.txt"] = "không phải tệp thường"
    if Path("/dev/zero").exists():
        (corpus / "vo-tan.txt").symlink_to("/dev/zero")  # reading it would never end; out of the corpus anyway
        expected["vo-tan.txt"] = "ra ngoài kho"
    if sys.platform == "linux":  # other systems refuse names that are not UTF-8
        (corpus / os.fsdecode(b"ten-\xff-latin1.txt")).write_text(GOOD_TEXT, encoding="utf-8")
        expected["ten-\ufffd-latin1.txt"] = "không phải UTF-8 hợp lệ"
    return expected


def test_hostile_files_are_skipped_by_name_and_the_rest_indexed(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    expected_skips = build_hostile_corpus(corpus)
    run = bantin("index", "--corpus", str(corpus), "--index", str(index_dir), "--workers", "1", "--quiet")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    for name, reason in expected_skips.items():
        assert f"bỏ qua {name}: " in run.stderr, f"no message names {name!r}:\n{run.stderr}"
        message = run.stderr.split(f"bỏ qua {name}: ", 1)[1].split("\nbỏ qua ", 1)[0]
        assert reason in message, (name, message)
    assert "cảnh báo vai-byte-hong: 1 chuỗi byte UTF-8 không hợp lệ đã thay" in run.stderr

    good = set(SEED_IDS) | set(ODD_NAMES) | {"vai-byte-hong", "trung-ten"}
    assert f"{len(good)} bản tin trong chỉ mục" in run.stdout
    assert indexed_ids(index_dir) == good


def test_odd_file_names_open_on_the_web(tmp_path):
    """Every bulletin whose file name has spaces, ``#?%&``, quotes or markup opens from its link."""
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    write_odd_names(corpus)
    update_index(corpus, index_dir, workers=1)
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    listing = client.get("/?q=Ba Đình&per_page=100&fold=0").get_data(as_text=True)
    assert "<script>alert" not in listing
    opened = set()
    for link in links_in(listing):
        if link.href.startswith("/doc/"):
            page = client.get(link.href)
            assert page.status_code == 200, link.href
            opened.add(unquote(urlsplit(link.href).path.removeprefix("/doc/")))
    assert set(ODD_NAMES) <= opened
    for name in ODD_NAMES:
        assert client.get(f"/api/doc/{quote(name)}").get_json()["id"] == name


# --- unreadable files ----------------------------------------------------------------------------

NOBODY = 65534


def as_unprivileged_user(function, *arguments):
    """``function(*arguments)`` in a forked process that cannot read what its permissions forbid.

    Root reads files whatever their mode, so when the tests run as root (CI containers)
    the child drops to the ``nobody`` user first: the permission errors are the system's,
    not a simulation.
    """
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (runs in the child)
        status = 1
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            result = {"value": function(*arguments)}
            status = 0
        except BaseException as error:  # report it to the test instead of dying silently
            result = {"error": f"{type(error).__name__}: {error}"}
        with os.fdopen(write_end, "w") as pipe:
            json.dump(result, pipe)
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        answer = json.loads(pipe.read() or '{"error": "the child died"}')
    os.waitpid(child, 0)
    assert "error" not in answer, answer["error"]
    return answer["value"]


def update_and_describe(corpus: str, index_dir: str) -> dict:
    report = update_index(corpus, index_dir, workers=1)
    return {"documents": report.documents, "removed": report.removed, "ids": sorted(indexed_ids(Path(index_dir))),
            "skipped": {skip.path: skip.reason for skip in report.skipped}}


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_files_and_folders_are_skipped_and_keep_their_indexed_version():
    compound_words("tuyên giáo")  # load pyvi here: the unprivileged child may not read its files
    # Outside pytest's tmp folder, which only root may enter.
    work = Path(tempfile.mkdtemp(prefix="bantin-permissions-"))
    try:
        work.chmod(0o755)
        corpus, index_dir = copy_seeds(work / "corpus"), work / "index"
        locked_folders = [corpus / "kin", corpus / "nam-2022" / "kin"]
        for folder in locked_folders:
            folder.mkdir(parents=True)
            shutil.copy(CORPUS / f"{SEED_IDS[0]}.txt", folder / "mat.txt")
        index_dir.mkdir()
        index_dir.chmod(0o777)
        first = as_unprivileged_user(update_and_describe, str(corpus), str(index_dir))
        assert first["documents"] == 7 and not first["skipped"]

        (corpus / f"{SEED_IDS[1]}.txt").chmod(0)
        for folder in locked_folders:
            folder.chmod(0)
        (corpus / "moi.txt").write_text(GOOD_TEXT, encoding="utf-8")
        second = as_unprivileged_user(update_and_describe, str(corpus), str(index_dir))
        assert second["skipped"] == {f"{SEED_IDS[1]}.txt": "không đọc được: Permission denied",
                                     "kin": "không liệt kê được thư mục: Permission denied",
                                     "nam-2022/kin": "không liệt kê được thư mục: Permission denied"}
        # Nothing lost: each keeps the version indexed while it was readable; the new file is in.
        assert second["removed"] == 0 and second["documents"] == 8
        assert set(second["ids"]) == set(SEED_IDS) | {"kin/mat", "nam-2022/kin/mat", "moi"}
    finally:
        for folder in (work / "corpus" / "kin", work / "corpus" / "nam-2022" / "kin"):
            if folder.exists():
                folder.chmod(0o755)
        shutil.rmtree(work, ignore_errors=True)


# --- the server while the index is rebuilt ------------------------------------------------------

REBUILDS = 2
CLIENTS = 3


def test_a_server_under_load_answers_every_request_while_the_index_is_rebuilt(tmp_path):
    """``bantin serve`` with clients hammering it while ``bantin index --full`` runs
    again and again (a few bulletins more each time): every answer is a 200 with valid
    JSON or a page, counting one of the corpus sizes the builds saw."""
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    articles = iter(dantri_articles(REBUILDS * 4))
    update_index(corpus, index_dir, workers=1)
    valid_counts = {len(corpus_ids(corpus))}
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--index", str(index_dir), "--port",
                               str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base_url = f"http://127.0.0.1:{port}"
    stop, failures, seen_counts, answered = threading.Event(), [], set(), [0]

    def hammer(client_number: int):
        urls = ["/api/search?q=tuyên giáo&per_page=3", "/api/search", f"/doc/{SEED_IDS[client_number]}?q=tuyên",
                f"/api/doc/{SEED_IDS[client_number]}", "/healthz", "/?q=tuyen giao&year=2022"]
        while not stop.is_set():
            for url in urls:
                try:
                    check_answer(base_url, url, valid_counts, seen_counts)
                    answered[0] += 1
                except Exception as error:  # every kind of failure is what this test looks for
                    failures.append(f"{url}: {type(error).__name__}: {error}")

    try:
        wait_until_healthy(base_url, server)
        clients = [threading.Thread(target=hammer, args=(n,), daemon=True) for n in range(CLIENTS)]
        for client in clients:
            client.start()
        for _ in range(REBUILDS):
            for _ in range(4):
                shutil.copy(next(articles), corpus)
            valid_counts.add(len(corpus_ids(corpus)))
            rebuilt = subprocess.run(index_command(corpus, index_dir, "--full", "--workers", "1"), cwd=ROOT,
                                     capture_output=True, text=True, timeout=COMMAND_SECONDS)
            assert rebuilt.returncode == 0, rebuilt.stderr
        time.sleep(0.5)  # a last round of requests on the final index
        stop.set()
        for client in clients:
            client.join(timeout=COMMAND_SECONDS)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=10)
    assert not failures, f"{len(failures)} failed of {answered[0] + len(failures)}:\n" + "\n".join(failures[:10])
    assert answered[0] > 20
    assert max(valid_counts) in seen_counts, "the last rebuild was never served"
    assert len(seen_counts) >= 2


def check_answer(base_url: str, url: str, valid_counts: set[int], seen_counts: set[int]) -> None:
    with urllib.request.urlopen(base_url + quote(url, safe="/?=&"), timeout=COMMAND_SECONDS) as response:
        assert response.status == 200
        body = response.read().decode("utf-8")
    if url.startswith(("/api/", "/healthz")):
        data = json.loads(body)
        if url == "/api/search":
            assert data["total"] in valid_counts, data["total"]
            seen_counts.add(data["total"])
        elif url == "/healthz":
            assert data["documents"] in valid_counts
        elif url.startswith("/api/doc/"):
            assert data["id"] in SEED_IDS and data["body"]
        else:
            assert data["total"] >= 5 and len(data["hits"]) == 3
    else:
        assert body.rstrip().endswith("</html>") and "<mark>" in body


# --- output into a pipe that closes ------------------------------------------------------------------

def test_output_into_a_closed_pipe_is_no_traceback(seed_index):
    """``bantin show ID --json | head -1``: the reader quits early, the command just stops."""
    show = subprocess.Popen([sys.executable, "-m", "cli", "show", SEED_IDS[3], "--index", str(seed_index),
                             "--json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    show.stdout.close()  # like `head` that has read all it wanted
    errors = show.stderr.read().decode()
    assert show.wait(timeout=COMMAND_SECONDS) == 141  # what a shell reports for a command stopped by SIGPIPE
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
