"""Fixtures and helpers shared by the web tests: the app over the seed index, a real
server in a subprocess, and a small reader for the links of an HTML page."""

import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from web import create_app

SERVER_START_SECONDS = 30


@pytest.fixture(scope="session")
def web_app(seed_index):
    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture
def client(web_app):
    return web_app.test_client()


@pytest.fixture(scope="session")
def live_server(seed_index):
    """``bantin serve`` on a free port, as a user starts it; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "cli", "serve", "--index", str(seed_index), "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, server)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(base_url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}:\n{server.stdout.read()}")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the server did not answer /healthz within {SERVER_START_SECONDS} s")


@dataclass
class Link:
    href: str
    text: str
    attrs: dict


class _LinkReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[Link] = []
        self._open: list[Link] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attributes = dict(attrs)
            self._open.append(Link(attributes.get("href", ""), "", attributes))

    def handle_data(self, data):
        for link in self._open:
            link.text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            link = self._open.pop()
            link.text = " ".join(link.text.split())
            self.links.append(link)


def links_in(page: str) -> list[Link]:
    reader = _LinkReader()
    reader.feed(page)
    return reader.links


def links_named(page: str, text: str) -> list[Link]:
    """The links whose text or aria-label contains ``text``."""
    return [link for link in links_in(page) if text in link.text or text in link.attrs.get("aria-label", "")]


def link_named(page: str, text: str) -> Link:
    """The one link whose text or aria-label contains ``text``."""
    found = links_named(page, text)
    assert len(found) == 1, f"{len(found)} links named {text!r}: {found}"
    return found[0]


def shown_total(page: str) -> int:
    """The result count the search page shows."""
    return int(re.search(r'data-total="(\d+)"', page).group(1))
