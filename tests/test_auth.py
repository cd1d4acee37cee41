"""Who may read: the optional login (web/auth.py), the warning of a server open to the
network, and the base URL setting (web/__init__.py)."""

import base64
import os
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT, SEED_IDS
from web import create_app
from web.auth import UsersFileError, add_user, read_users, remove_user
from web_fixtures import free_port

USER, PASSWORD = "bien-tap-vien", "mật khẩu đủ dài"


def basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("users") / "users"
    assert add_user(path, USER, PASSWORD) is True
    return path


@pytest.fixture(scope="module")
def locked(seed_index, users_file):
    return create_app({"INDEX_DIR": str(seed_index), "USERS_FILE": str(users_file)}).test_client()


@pytest.fixture(scope="module")
def open_app(seed_index):
    return create_app({"INDEX_DIR": str(seed_index)}).test_client()


def every_url(app_client) -> list[str]:
    """A URL for each route of the app (and one no route has)."""
    urls = {"/doc/<path:doc_id>": f"/doc/{SEED_IDS[0]}", "/api/doc/<path:doc_id>": f"/api/doc/{SEED_IDS[0]}",
            "/static/<path:filename>": "/static/style.css"}
    rules = [rule.rule for rule in app_client.application.url_map.iter_rules()]
    return [urls.get(rule, rule) for rule in rules] + ["/khong-co-trang-nay", "/?q=tuyên giáo&year=2022"]


# --- the users file --------------------------------------------------------------------------------

def test_the_users_file_holds_argon2_hashes_readable_by_its_owner_only(users_file):
    users = read_users(users_file)
    assert list(users) == [USER] and users[USER].startswith("$argon2id$") and PASSWORD not in users_file.read_text()
    if os.name == "posix":
        assert users_file.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("name, password", [("có dấu cách", PASSWORD), ("a:b", PASSWORD), ("", PASSWORD),
                                            ("x" * 65, PASSWORD), (USER, "ngắn")])
def test_names_and_passwords_that_cannot_be_used_are_refused(tmp_path, name, password):
    with pytest.raises(ValueError):
        add_user(tmp_path / "users", name, password)
    assert not (tmp_path / "users").exists()


def test_a_broken_or_missing_users_file_is_refused_when_the_app_is_made(tmp_path, seed_index):
    (tmp_path / "broken").write_text("chỉ một dòng không có mã băm\n", encoding="utf-8")
    for path in (tmp_path / "broken", tmp_path / "missing"):
        with pytest.raises(UsersFileError):
            create_app({"INDEX_DIR": str(seed_index), "USERS_FILE": str(path)})


# --- a login over every route ------------------------------------------------------------------

def test_without_a_login_nothing_is_served(locked):
    for url in every_url(locked):
        if url == "/healthz":
            continue
        response = locked.get(url)
        assert response.status_code == 401, url
        assert response.headers["WWW-Authenticate"].startswith('Basic realm="bantin"'), url
        body = response.get_data(as_text=True)
        assert not any(secret in body for secret in ("Ba Đình", "Gia Lâm", SEED_IDS[0], "documents")), \
            f"{url} shows content without a login"
        assert response.is_json == url.startswith("/api/"), url


@pytest.mark.parametrize("credentials", [(USER, "sai mật khẩu"), ("nguoi-la", PASSWORD), (USER, "")],
                         ids=["wrong password", "unknown user", "empty password"])
def test_wrong_credentials_are_refused(locked, credentials):
    assert locked.get("/api/search", headers=basic(*credentials)).status_code == 401


def test_garbled_authorization_headers_are_refused(locked):
    for header in ("Basic", "Basic !!!", "Bearer abc", "Basic " + base64.b64encode(b"\xff\xfe:x").decode(),
                   "Basic " + base64.b64encode(b"no-colon").decode()):
        assert locked.get("/api/search", headers={"Authorization": header}).status_code == 401, header


def test_with_a_login_everything_is_served_as_without_one(locked, open_app):
    for url in every_url(locked):
        logged_in, unlocked = locked.get(url, headers=basic(USER, PASSWORD)), open_app.get(url)
        assert logged_in.status_code == unlocked.status_code, url
        if url != "/healthz" and not url.startswith("/static/"):
            assert logged_in.get_data() == unlocked.get_data() or "ms" in logged_in.get_data(as_text=True), url
    assert locked.get(f"/api/doc/{SEED_IDS[0]}", headers=basic(USER, PASSWORD)).get_json()["id"] == SEED_IDS[0]


def test_healthz_says_only_ok_without_a_login(locked):
    anonymous = locked.get("/healthz")
    assert anonymous.status_code == 200 and anonymous.get_json() == {"ok": True}
    full = locked.get("/healthz", headers=basic(USER, PASSWORD)).get_json()
    assert full["ok"] is True and full["documents"] == 5 and full["generation"].startswith("gen-")


def test_users_added_or_removed_while_serving_count_at_once(seed_index, tmp_path):
    users = tmp_path / "users"
    add_user(users, USER, PASSWORD)
    client = create_app({"INDEX_DIR": str(seed_index), "USERS_FILE": str(users)}).test_client()
    assert client.get("/", headers=basic(USER, PASSWORD)).status_code == 200
    assert add_user(users, "nguoi-moi", "mật khẩu mới đủ dài") is True
    assert client.get("/", headers=basic("nguoi-moi", "mật khẩu mới đủ dài")).status_code == 200
    assert remove_user(users, USER) is True and remove_user(users, USER) is False
    assert client.get("/", headers=basic(USER, PASSWORD)).status_code == 401


def test_the_command_line_reads_the_index_without_a_login(seed_index, users_file):
    shown = subprocess.run([sys.executable, "-m", "cli", "show", SEED_IDS[0], "--index", str(seed_index), "--json"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and SEED_IDS[0] in shown.stdout


# --- serving beyond this computer ----------------------------------------------------------------

SERVE = ("import sys; from web.server import serve; "
         "sys.exit(serve(*sys.argv[1:3], port=int(sys.argv[3]), users_file=sys.argv[4] or None))")


def first_words(index_dir, host: str, users: str = "") -> str:
    """What ``serve`` prints before it serves (then it is stopped)."""
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(index_dir), host, str(free_port()), users], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    deadline = time.monotonic() + 30
    try:
        while not any("phục vụ" in line and "tại" in line for line in lines) and time.monotonic() < deadline:
            assert server.poll() is None, "".join(lines)
            time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(timeout=10)
        reader.join(5)
    return "".join(lines)


def test_serving_beyond_loopback_without_a_login_warns(seed_index, users_file):
    said = first_words(seed_index, "0.0.0.0")
    assert "cảnh báo" in said and "bất kỳ ai trong mạng" in said, said
    assert "bất kỳ ai" not in first_words(seed_index, "127.0.0.1")
    assert "bất kỳ ai" not in first_words(seed_index, "0.0.0.0", str(users_file))


# --- the base URL -------------------------------------------------------------------------------

def test_base_url_with_a_path_prefix_is_used_for_every_url_written(seed_index):
    client = create_app({"INDEX_DIR": str(seed_index), "BASE_URL": "https://example.vn/bantin/"}).test_client()
    hostile = {"Host": "evil.example"}
    opensearch = client.get("/opensearch.xml", headers=hostile).get_data(as_text=True)
    assert 'template="https://example.vn/bantin/?q={searchTerms}"' in opensearch and "evil" not in opensearch
    page = client.get("/bantin/?q=tuyên giáo", headers=hostile).get_data(as_text=True)  # a proxy keeping the prefix
    assert f'href="/bantin/doc/{SEED_IDS[0]}' in page or f'href="/bantin/doc/' in page
    moved = client.get(f"/doc//{SEED_IDS[0]}", headers=hostile)
    assert moved.status_code in (301, 308) and moved.location.startswith("https://example.vn/bantin/doc/")


@pytest.mark.parametrize("base_url", ["example.vn", "ftp://example.vn", "https://", "https://example.vn:99999"])
def test_a_base_url_that_is_not_an_address_is_refused(seed_index, base_url):
    with pytest.raises(ValueError, match="BASE_URL"):
        create_app({"INDEX_DIR": str(seed_index), "BASE_URL": base_url})
