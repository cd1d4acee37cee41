"""The web app fuzzed with Hypothesis: whatever a client sends, the answer is a 2xx/4xx page
or JSON document, never a 5xx, never a traceback, never the client's markup unescaped.

Runs on Flask's test client over the five seed bulletins, with the login off and on (then
with and without the right credentials: without them every route but /healthz answers 401,
and /healthz only ``ok``); every route the app has is fuzzed (a test holds ``ROUTES`` to the
app's URL map). Example counts are bounded so the whole file takes a few seconds (raise
``FUZZ_EXAMPLES`` locally to dig deeper).
"""

import base64
import json
import xml.etree.ElementTree as ElementTree
import os
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from web import create_app
from web.auth import add_user

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KNOWN_PARAMETERS = ["q", "unit", "level", "province", "year", "directive", "from", "to", "page", "per_page", "sort",
                    "find_unit", "find_directive", "fold"]
# Every route of the app, ``{id}`` standing for its one path parameter.
ROUTES = ["/", "/api/search", "/doc/{id}", "/api/doc/{id}", "/healthz", "/opensearch.xml", "/static/{id}",
          "/export.csv", "/feed.atom", "/suggest"]
USER, PASSWORD = "bien-tap-vien", "mật khẩu đủ dài"
# Markup a client might try to get reflected into a page.
PAYLOADS = ["<script>alert(1)</script>", '"><script>alert(1)</script>', "<ScRiPt src=//x.vn/a.js>",
            "<img src=x onerror=alert(1)>", "'><svg onload=alert(1)>", "</textarea><script>alert(1)</script>"]
SEED_ID = "003_2fa3e06238549911"
VIETNAMESE = ["tuyên giáo", "tuyen giao", "Chỉ thị 05-CT/TW", "chi thi 05", "Ba Đình", "gia lam", "quận",
              "xã/phường", "2022", "sáp nhập", "Nghị quyết", '"công tác tuyên giáo"', "-tuyên +giáo", "(a OR b)"]

# Any Unicode text except lone surrogates (which cannot be sent as UTF-8), control
# characters included.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
huge_number = st.integers(min_value=-(10**40), max_value=10**40).map(str)
long_text = st.text(st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạ <>&\"'%"), min_size=400, max_size=3000)
value = st.one_of(any_text, huge_number, long_text, st.sampled_from(PAYLOADS + VIETNAMESE),
                  st.builds(lambda word, payload: f"{word} {payload}", st.sampled_from(VIETNAMESE),
                            st.sampled_from(PAYLOADS)))
name = st.one_of(st.sampled_from(KNOWN_PARAMETERS), any_text, st.sampled_from(PAYLOADS))
parameters = st.lists(st.tuples(name, value), max_size=6)
doc_id = st.one_of(st.just(SEED_ID), any_text.filter(lambda text: text.strip("/")), st.sampled_from(PAYLOADS),
                   st.builds(lambda a, b: f"{a}/{b}", any_text, any_text))


class FuzzedApp:
    """The app, and the Authorization header its requests carry (None: login off)."""

    def __init__(self, app, authorization: str | None):
        self.app, self.authorization = app, authorization

    def get(self, path: str, query, authorised: bool = True):
        headers = {"Authorization": self.authorization} if self.authorization and authorised else {}
        response = self.app.test_client().get(path, query_string=query, headers=headers)
        return check_response(response, path, locked=bool(self.authorization) and not authorised)


@pytest.fixture(scope="module", params=["login off", "login on"])
def web_app(request, seed_index, tmp_path_factory):
    config = {"INDEX_DIR": str(seed_index), "TESTING": True}
    authorization = None
    if request.param == "login on":
        users = tmp_path_factory.mktemp("users") / "users"
        add_user(users, USER, PASSWORD)
        config["USERS_FILE"] = str(users)
        authorization = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    return FuzzedApp(create_app(config), authorization)


def test_routes_are_every_route_of_the_app(web_app):
    rules = {rule.rule.split("<")[0] + ("{id}" if "<" in rule.rule else "")
             for rule in web_app.app.url_map.iter_rules()}
    assert rules == set(ROUTES), "a route is missing from the fuzzed ROUTES, or one is gone"


def check_response(response, path: str, locked: bool = False):
    """What every answer must be, whatever was asked (``locked``: a login is needed and the
    request has none)."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{response.status_code} for {path}: {body[:500]}"
    assert "Traceback" not in body
    if locked and path == "/healthz":
        assert response.status_code in (200, 503) and set(response.get_json()) == {"ok"}, "/healthz says more than ok"
        return response
    if locked:
        assert response.status_code == 401 and "Basic" in response.headers["WWW-Authenticate"], \
            f"{response.status_code} without a login for {path}"
    if response.status_code in (301, 308):  # ``/doc//x`` -> ``/doc/x``: Werkzeug merges slashes
        assert urlsplit(response.location).netloc in ("", "localhost"), "a redirect off the site"
        return response
    if path.startswith("/static/") and response.status_code == 200:
        return response
    if path == "/export.csv" and response.status_code == 200:
        assert response.mimetype == "text/csv" and body.startswith("\ufeffid,title,")
        return response
    if path == "/feed.atom" and response.status_code == 200:
        assert response.mimetype == "application/atom+xml"
        assert ElementTree.fromstring(response.get_data()).tag == "{http://www.w3.org/2005/Atom}feed"
        return response
    if path == "/suggest" and response.status_code == 200:
        assert response.mimetype == "application/x-suggestions+json" and len(json.loads(body)) == 2
        return response
    if path == "/opensearch.xml" and response.status_code == 200:
        assert response.mimetype == "application/opensearchdescription+xml" and "<script" not in body
        return response
    if path.startswith("/api/") or path == "/healthz":
        assert response.mimetype == "application/json"
        data = json.loads(body)
        if response.status_code >= 400:
            assert data["error"]["status"] == response.status_code and data["error"]["message"]
    else:
        assert response.mimetype == "text/html"
        assert "</html>" in body
        # Nothing a client sent comes back as markup: the pages have no script, image or
        # event-handler attribute of their own, so any there was injected.
        tags = TagReader.read(body)
        assert not {"script", "img", "iframe"} & {tag for tag, _ in tags}, path
        assert not [attribute for _, attributes in tags for attribute in attributes if attribute.startswith("on")]
    return response


class TagReader(HTMLParser):
    """Every start tag of a page with its attribute names, as a browser would see them."""

    @classmethod
    def read(cls, page: str) -> list[tuple[str, list[str]]]:
        reader = cls()
        reader.tags = []
        reader.feed(page)
        reader.close()
        return reader.tags

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, [name for name, _ in attrs]))


def request(app: FuzzedApp, route: str, identifier: str, query, authorised: bool = True):
    path = route.format(id=quote(identifier, safe=""))
    return app.get(path, query, authorised)


@FUZZ
@given(route=st.sampled_from(ROUTES), parameters=parameters, identifier=doc_id, authorised=st.booleans())
@example(route="/", parameters=[("q", "<script>alert(1)</script>")], identifier=SEED_ID, authorised=True)
@example(route="/doc/{id}", parameters=[("q", "tuyên giáo")], identifier="<script>alert(1)</script>",
         authorised=True)
@example(route="/api/search", parameters=[("page", "9" * 40), ("per_page", "-" + "9" * 40)], identifier=SEED_ID,
         authorised=True)
@example(route="/api/search", parameters=[("year", "２０２２")], identifier=SEED_ID, authorised=True)  # full-width
@example(route="/", parameters=[("q", "\x00\x1b[31m\u202e")], identifier=SEED_ID, authorised=True)
@example(route="/doc/{id}", parameters=[], identifier="/evil.example/x", authorised=True)
@example(route="/static/{id}", parameters=[], identifier="style.css", authorised=False)
@example(route="/healthz", parameters=[], identifier=SEED_ID, authorised=False)
def test_any_parameters_get_a_clean_answer(web_app, route, parameters, identifier, authorised):
    request(web_app, route, identifier, parameters, authorised)


@FUZZ
@given(parameters=st.lists(st.tuples(st.sampled_from(KNOWN_PARAMETERS), value), min_size=1, max_size=4))
def test_the_page_and_its_json_twin_agree_on_success(web_app, parameters):
    """The same parameters are accepted or refused alike by ``/`` and ``/api/search``, but
    for a query too long to search, which the page cuts to the limit and the API refuses."""
    page = request(web_app, "/", "", parameters)
    api = request(web_app, "/api/search", "", parameters)
    queries = [value for name, value in parameters if name == "q"]
    too_long = api.status_code == 400 and api.get_json()["error"]["parameter"] == "q" and len(queries) == 1
    if too_long:  # the page searches the query's first words: fine, or refused for another parameter
        assert page.status_code == 200 or "<code>q</code>" not in page.get_data(as_text=True)
    else:
        assert page.status_code == api.status_code
    if api.status_code == 200:
        total = api.get_json()["total"]
        assert f'data-total="{total}"' in page.get_data(as_text=True)


@FUZZ
@given(raw=st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")))
@example(raw="q=%ff%fe%00&year=%E2%80")       # broken percent-encoding and UTF-8
@example(raw="q=tuy%C3%AAn&&&=&page=%")
def test_raw_query_strings_get_a_clean_answer(web_app, raw):
    """Bytes as a browser or a bot may send them: broken percent-escapes, invalid UTF-8."""
    for route in ("/", "/api/search", f"/doc/{SEED_ID}", f"/api/doc/{SEED_ID}", "/healthz", "/opensearch.xml"):
        web_app.get(route, raw)
