"""Who may read: an optional login (HTTP Basic) over every route, against a users file.

Bulletins are often internal. With ``USERS_FILE`` set in the app's config, every request
needs the name and password of a user of that file: pages, JSON, documents, static files,
and any route added later (the check runs before routing). Only ``/healthz`` answers
without one, and then says nothing but whether the service is up. Without ``USERS_FILE``
anyone who can reach the server reads everything: ``bantin serve`` warns when it listens
beyond this computer.

The users file is text, one user a line: ``name:<argon2id hash>`` (argon2-cffi's encoded
form, salt and parameters included); blank lines and ``#`` comments are ignored. It is
written by :func:`add_user` (``bantin user add NAME``) and read again when it changes, so
users added or removed while the server runs count at once. Passwords are checked with
argon2 (slow on purpose); a password that checked once is remembered for the process's
life as a SHA-256, so a browser's repeated requests do not pay argon2 each time, and at
most ``CHECKS_AT_ONCE`` argon2 checks run together, so wrong passwords cannot exhaust the
server's memory.
"""

import hashlib
import hmac
import os
import re
import secrets
import threading
from base64 import b64decode
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, request

CONFIG_KEY = "USERS_FILE"
REALM = "bantin"
OPEN_PATHS = ("/healthz",)  # answer without a login, and then reveal nothing
CHECKS_AT_ONCE = 2
MAX_NAME_CHARS = 64
MAX_PASSWORD_CHARS = 1024
MIN_PASSWORD_CHARS = 8
_NAME = re.compile(r"[^\s:\x00-\x1f\x7f]{1,%d}" % MAX_NAME_CHARS)


class UsersFileError(ValueError):
    """A users file that cannot be used (missing, unreadable, a broken line); the message
    says which and why, in Vietnamese."""


# --- the users file -----------------------------------------------------------------------------

def read_users(path) -> dict[str, str]:
    """``{name: argon2 hash}`` of a users file; UsersFileError if it cannot be read."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsersFileError(f"không đọc được tệp người dùng {path}: {getattr(error, 'strerror', None) or error}") \
            from None
    users = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, colon, hashed = line.strip().partition(":")
        if not colon or not _NAME.fullmatch(name) or not hashed.startswith("$argon2"):
            raise UsersFileError(f"tệp người dùng {path}, dòng {number}: phải là 'tên:mã băm argon2'")
        users[name] = hashed
    return users


def add_user(path, name: str, password: str, hasher: PasswordHasher | None = None) -> bool:
    """Add user ``name`` to the users file at ``path`` (made if missing, readable by its
    owner only), or give it a new password: True if the user is new. ValueError (a
    Vietnamese sentence) for a name or password that cannot be used."""
    name = check_name(name)
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise ValueError(f"mật khẩu phải dài từ {MIN_PASSWORD_CHARS} đến {MAX_PASSWORD_CHARS} ký tự")
    path = Path(path)
    users = read_users(path) if path.exists() else {}
    new = name not in users
    users[name] = (hasher or PasswordHasher()).hash(password)
    _write_users(path, users)
    return new


def remove_user(path, name: str) -> bool:
    """Remove user ``name`` from the users file: False if there was no such user."""
    path = Path(path)
    users = read_users(path)
    if users.pop(name, None) is None:
        return False
    _write_users(path, users)
    return True


def check_name(name: str) -> str:
    """``name`` if it can be a user's name (1 to 64 characters, no space, colon or control
    character), else ValueError."""
    if not _NAME.fullmatch(name or ""):
        raise ValueError(f"tên người dùng phải có 1 đến {MAX_NAME_CHARS} ký tự, "
                         f"không có dấu cách, ':' hay ký tự điều khiển")
    return name


def _write_users(path: Path, users: dict[str, str]) -> None:
    lines = ["# Người dùng của bantin: tên:mã băm argon2 (viết bằng 'bantin user add TÊN')"]
    lines += [f"{name}:{hashed}" for name, hashed in sorted(users.items())]
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


# --- checking a request ---------------------------------------------------------------------------

class Users:
    """The users of one file, read again when it changes, and the passwords checked so far."""

    def __init__(self, path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._checks = threading.BoundedSemaphore(CHECKS_AT_ONCE)
        self._hasher = PasswordHasher()
        self._stamp = None
        self._users: dict[str, str] = {}
        self._checked: dict[tuple[str, bytes], str] = {}  # (name, sha256 of password) -> the hash it matched
        self._dummy = None
        self.reload()

    def reload(self) -> dict[str, str]:
        """The users, read again if the file changed (UsersFileError if it became unusable)."""
        try:
            info = self.path.stat()
        except OSError as error:
            raise UsersFileError(f"không đọc được tệp người dùng {self.path}: {error.strerror}") from None
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        with self._lock:
            if stamp != self._stamp:
                users = read_users(self.path)
                if not users:
                    raise UsersFileError(f"tệp người dùng {self.path} chưa có ai: thêm bằng 'bantin user add TÊN'")
                self._users, self._stamp, self._checked = users, stamp, {}
            return self._users

    def check(self, name: str, password: str) -> bool:
        users = self.reload()
        hashed = users.get(name)
        key = (name, hashlib.sha256(password.encode("utf-8", "surrogatepass")).digest())
        with self._lock:
            remembered = self._checked.get(key)
        if hashed is not None and remembered is not None and hmac.compare_digest(remembered, hashed):
            return True
        with self._checks:
            try:
                if hashed is None:  # as slow as a wrong password, so names cannot be guessed by timing
                    self._hasher.verify(self._dummy_hash(), password)
                    return False
                self._hasher.verify(hashed, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False
        with self._lock:
            if len(self._checked) > 10_000:
                self._checked.clear()
            self._checked[key] = hashed
        return True

    def _dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = self._hasher.hash(secrets.token_hex(16))
        return self._dummy


def init_app(app) -> None:
    """Require a login on every route when the app's config names a users file
    (UsersFileError at once if that file cannot be used)."""
    path = app.config.get(CONFIG_KEY)
    if not path:
        return
    app.extensions["bantin_users"] = Users(path)
    app.before_request(_require_login)


def login_required() -> bool:
    return "bantin_users" in current_app.extensions


def logged_in() -> bool:
    """True when no login is configured, or the request carries a valid user's name and password."""
    users = current_app.extensions.get("bantin_users")
    if users is None:
        return True
    credentials = _basic_credentials(request.headers.get("Authorization", ""))
    return credentials is not None and users.check(*credentials)


def _basic_credentials(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded or len(encoded) > 4 * (MAX_NAME_CHARS + MAX_PASSWORD_CHARS):
        return None
    try:
        name, colon, password = b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    if not colon or not _NAME.fullmatch(name) or len(password) > MAX_PASSWORD_CHARS:
        return None
    return name, password


def _require_login():
    from .errors import error_response  # errors renders pages; imported late to keep this module small

    try:
        if request.path in OPEN_PATHS or logged_in():
            return None
    except UsersFileError as error:  # the file was removed or broken while serving: nobody gets in
        current_app.logger.error("%s", error)
        return error_response(503, "Chưa đăng nhập được: tệp người dùng của máy chủ đang hỏng. Xin thử lại sau.")
    response = error_response(401, "Cần đăng nhập để đọc các bản tin này.")
    response = current_app.make_response(response)
    response.headers["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return response
