"""Security: hostile articles never inject markup, every response carries the security headers,
article ids cannot reach files, and errors never reveal paths or tracebacks."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from search import rebuild_index, storage
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
SEEDS = ROOT / "seeds"
RAW_PAYLOADS = ("<script>alert", "<img src=x", "<svg onload", "<b>hostile")
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}
HOSTILE_QUERIES = ['<script>alert(1)</script>', '" onmouseover="alert(1)', "'><img src=x onerror=alert(1)>",
                   'actor:"<script>alert(1)</script>"', "lang:<script>", "javascript:alert(1)"]


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def assert_safe_html(page: str, where: str) -> None:
    """No raw payload, no event handler attribute, no inline script, no script: URL in a link."""
    for payload in RAW_PAYLOADS:
        assert payload not in page, f"{where}: raw {payload!r} in the page"
    parser = _Tags()
    parser.feed(page)
    assert parser.inline_scripts == 0, f"{where}: an inline <script> body"
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), f"{where}: <{tag} {name}={value!r}> event handler"
            if name in URL_ATTRIBUTES and value:
                cleaned = "".join(ch for ch in value if ch > " ").lower()
                assert not cleaned.startswith(DANGEROUS_SCHEMES), f"{where}: <{tag} {name}={value!r}>"
        if tag == "script":
            assert (dict(attrs).get("src") or "").startswith("/static/"), f"{where}: <script {attrs}>"


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile fixtures (with their own actors.toml) plus the two seed articles."""
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    for source in (HOSTILE, SEEDS):
        for path in source.iterdir():
            shutil.copyfile(path, corpus / path.name)
    index_dir = tmp_path_factory.mktemp("hostile-index")
    summary = rebuild_index(corpus, index_dir, procs=1)
    assert summary.articles >= 9 and not summary.faults, summary.as_dict()
    return index_dir


@pytest.fixture()
def hostile(hostile_index: Path) -> FlaskClient:
    return create_app({"TESTING": True, "INDEX_DIR": hostile_index}).test_client()


def every_article_id(client: FlaskClient) -> list[str]:
    body = client.get("/api/search?size=100").get_json()
    return [hit["id"] for hit in body["hits"]]


def test_hostile_fixtures_are_indexed_including_the_hostile_file_name(hostile: FlaskClient) -> None:
    ids = every_article_id(hostile)
    assert {"hostile-url", "hostile-url-spaces", "hostile-data-url", "hostile-fields"} <= set(ids)
    assert any(i.startswith("b-hostile-quoted-single") for i in ids), ids
    assert any("script" in i for i in ids if i.startswith("script")), ids


@pytest.mark.parametrize("url", [
    "/", "/?q=cumbre", "/?q=malvado", "/?q=cumbre&actor=malvado-ejemplo", "/?q=script",
    "/?q=onmouseover", "/?q=onerror", "/?q=img", "/?actor=malvado-ejemplo&lang=es",
    "/?lang=%3Cscript%3Ealert(1)%3C/script%3E", "/?actor=%22%20onmouseover%3D%22alert(1)",
    "/?provenance=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "/?actor_filter=%3Cscript%3E",
    "/?actor_filter=malvado", "/stats", "/?q=cumbre&sort=newest&size=2&page=2",
    "/?size=%3Cscript%3Ealert(1)%3C/script%3E", "/?from=%3Cscript%3Ealert(1)%3C/script%3E",
    "/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
])
def test_pages_never_render_hostile_markup(hostile: FlaskClient, url: str) -> None:
    response = hostile.get(url)
    assert response.status_code in (200, 400, 404), (url, response.status_code)
    assert_safe_html(response.get_data(as_text=True), url)


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_hostile_queries_are_escaped_where_they_are_echoed(hostile: FlaskClient, q: str) -> None:
    response = hostile.get("/", query_string={"q": q})
    assert response.status_code in (200, 400)
    assert_safe_html(response.get_data(as_text=True), f"/?q={q}")


def test_article_pages_are_safe_with_and_without_a_query(hostile: FlaskClient) -> None:
    for article_id in every_article_id(hostile):
        for suffix in ("", "?q=cumbre", "?q=script", "?q=%3Cscript%3E"):
            url = f"/articles/{article_id}{suffix}"
            response = hostile.get(url)
            assert response.status_code == 200, url
            assert_safe_html(response.get_data(as_text=True), url)


def test_related_article_titles_are_escaped(hostile: FlaskClient) -> None:
    page = hostile.get("/articles/hostile-url").get_data(as_text=True)
    assert "<script>alert(1)</script> Cumbre" not in page
    assert_safe_html(page, "/articles/hostile-url")


@pytest.mark.parametrize("article_id", ["hostile-url", "hostile-url-spaces", "hostile-data-url"])
def test_script_urls_are_never_links(hostile: FlaskClient, article_id: str) -> None:
    parser = _Tags()
    parser.feed(hostile.get(f"/articles/{article_id}").get_data(as_text=True))
    hrefs = ["".join(ch for ch in v or "" if ch > " ").lower()
             for _tag, attrs in parser.tags for name, v in attrs if name == "href"]
    assert not [h for h in hrefs if h.startswith(DANGEROUS_SCHEMES)], hrefs


def test_a_safe_source_url_is_still_a_link(hostile: FlaskClient) -> None:
    page = hostile.get("/articles/hostile-safe-url").get_data(as_text=True)
    assert 'href="https://example.org/nota?a=1&amp;b=&lt;2&gt;"' in page


def test_hostile_metadata_is_normalised_before_it_reaches_attributes(hostile: FlaskClient) -> None:
    body = hostile.get("/api/articles/hostile-fields").get_json()
    assert body["lang"] == "es" and body["translated_from"] is None, body


def test_json_api_serves_html_fields_escaped(hostile: FlaskClient) -> None:
    body = hostile.get("/api/search?q=cumbre&size=100").get_json()
    assert body["hits"]
    for hit in body["hits"]:
        for field in ("title", "snippet"):
            for payload in RAW_PAYLOADS:
                assert payload not in hit[field], (hit["id"], field, hit[field])
    for article_id in every_article_id(hostile):
        article = hostile.get(f"/api/articles/{article_id}?q=cumbre").get_json()
        html_parts = [article["title"]] + [p["html"] for p in article["paragraphs"]]
        assert not [p for p in html_parts for payload in RAW_PAYLOADS if payload in p], article_id
        # Plain-text fields carry the text as written: JSON is data, served as application/json.
    facet = hostile.get("/api/facets/actor?prefix=mal").get_json()
    assert facet["values"] and facet["values"][0]["value"] == "malvado-ejemplo"


@pytest.mark.parametrize("url", ["/api/search?q=cumbre", "/api/articles/hostile-url",
                                 "/api/facets/actor?prefix=mal", "/api/stats",
                                 "/api/search?q=%3Cscript%3E", "/api/articles/%3Cscript%3E"])
def test_json_responses_cannot_be_sniffed_as_html(hostile: FlaskClient, url: str) -> None:
    response = hostile.get(url)
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_exports_are_attachments_not_pages(hostile: FlaskClient) -> None:
    for url, mimetype in (("/api/search.csv?q=cumbre", "text/csv"),
                          ("/api/search.jsonl?q=cumbre", "application/x-ndjson")):
        response = hostile.get(url)
        response.get_data()  # a streamed body holds the request context until it is read
        response.close()
        assert response.mimetype == mimetype
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"


# --- security headers -------------------------------------------------------------------------

def assert_security_headers(response: Any, where: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (where, csp)
    assert directives.get("frame-ancestors") in (["'none'"], ["'self'"]), (where, csp)
    assert "script-src" in directives or "default-src" in directives, (where, csp)
    assert directives.get("object-src") == ["'none'"], (where, csp)
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") in ("same-origin", "no-referrer",
                                                       "strict-origin-when-cross-origin"), where


@pytest.mark.parametrize("method, url, status", [
    ("GET", "/", 200), ("GET", "/?q=cumbre", 200), ("GET", "/stats", 200),
    ("GET", "/articles/hostile-url", 200), ("GET", "/api/search?q=cumbre", 200),
    ("GET", "/api/stats", 200), ("GET", "/api/openapi.json", 200),
    ("GET", "/api/search.csv", 200), ("GET", "/static/style.css", 200),
    ("GET", "/articles/missing", 404), ("GET", "/api/articles/missing", 404),
    ("GET", "/nowhere", 404), ("GET", "/api/search?size=0", 400), ("GET", "/?size=0", 400),
    ("POST", "/api/search", 405), ("POST", "/", 405), ("HEAD", "/api/stats", 200),
])
def test_every_response_carries_security_headers(hostile: FlaskClient, method: str, url: str,
                                                 status: int) -> None:
    response = hostile.open(url, method=method)
    assert response.status_code == status
    assert_security_headers(response, f"{method} {url}")


def test_not_modified_and_unavailable_responses_carry_security_headers(hostile: FlaskClient,
                                                                       tmp_path: Path) -> None:
    first = hostile.get("/api/stats")
    again = hostile.get("/api/stats", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert_security_headers(again, "304")
    empty = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "none"}).test_client()
    for url in ("/", "/api/search"):
        response = empty.get(url)
        assert response.status_code == 503
        assert_security_headers(response, f"503 {url}")


# --- path traversal and error hygiene ---------------------------------------------------------

TRAVERSAL_IDS = [
    "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2e%2e",
    "..", "....//....//etc/passwd", "..%5C..%5Cwindows%5Cwin.ini", "%252e%252e%252fetc%252fpasswd",
    "x" * 5000, "%00", "abc%00.txt", "%C0%AE%C0%AE%2F", "gen-000001", "CURRENT", "meta.json",
    "files.json", "%E6%97%A5%E6%9C%AC", "%F0%9F%98%80", "%ED%A0%80", "~", "~root", "%7E%2F.ssh",
]


@pytest.mark.parametrize("article_id", TRAVERSAL_IDS)
@pytest.mark.parametrize("prefix", ["/api/articles/", "/articles/"])
def test_article_ids_never_reach_files(hostile: FlaskClient, hostile_index: Path, prefix: str,
                                       article_id: str) -> None:
    response = hostile.get(prefix + article_id)
    text = response.get_data(as_text=True)
    assert response.status_code in (400, 404), (prefix + article_id, response.status_code)
    assert "root:" not in text and "[fonts]" not in text and "schema_version" not in text
    assert_no_leak(text, hostile_index)
    if response.request.path.startswith("/api/"):
        body = response.get_json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body


def assert_no_leak(text: str, *folders: Path) -> None:
    assert "Traceback" not in text and 'File "' not in text
    for folder in (*folders, ROOT):
        assert str(folder) not in text and str(folder.resolve()) not in text, f"{folder} revealed"


@pytest.mark.parametrize("url", ["/api/search", "/", "/api/stats", "/stats"])
def test_unavailable_index_errors_do_not_reveal_the_folder(tmp_path: Path, url: str) -> None:
    index_dir = tmp_path / "secret-index-folder"
    response = create_app({"TESTING": True, "INDEX_DIR": index_dir}).test_client().get(url)
    assert response.status_code == 503
    assert "rebuild-index" in response.get_data(as_text=True)
    assert_no_leak(response.get_data(as_text=True), index_dir)


def corrupt_copy(source: Path, target: Path) -> Path:
    """A copy of an index whose live generation lost its segment files (a broken disk)."""
    shutil.copytree(source, target)
    live = storage.current_generation(target).path
    segments = [p for p in live.iterdir() if p.suffix in (".trm", ".pst", ".col", ".seg")]
    assert segments, "no segment files found: the index layout changed"
    for segment in segments:
        segment.unlink()
    return target


@pytest.mark.parametrize("url", ["/api/search?q=cumbre", "/?q=cumbre", "/api/articles/hostile-url",
                                 "/articles/hostile-url"])
def test_unexpected_failures_answer_500_without_details(hostile_index: Path, tmp_path: Path,
                                                        url: str) -> None:
    broken = corrupt_copy(hostile_index, tmp_path / "broken-index")
    app = create_app({"TESTING": True, "INDEX_DIR": broken})
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: TESTING re-raises otherwise
    response = app.test_client().get(url)
    assert response.status_code in (500, 503), response.status_code
    assert_no_leak(response.get_data(as_text=True), broken)
    assert_security_headers(response, url)
    if url.startswith("/api/"):
        assert set(response.get_json()["error"]) == {"code", "message"}


# --- never debug -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def publish_broken_generation(index_dir: Path) -> None:
    """Point CURRENT at a damaged copy of the live generation (as a bad disk would leave it)."""
    live = storage.current_generation(index_dir).path
    broken = index_dir / "gen-999999"
    shutil.copytree(live, broken)
    for segment in broken.iterdir():
        if segment.suffix in (".trm", ".pst", ".col", ".seg"):
            segment.unlink()
    (index_dir / storage.CURRENT).write_text(broken.name + "\n", encoding="utf-8")


@pytest.fixture()
def debug_env_server(hostile_index: Path, tmp_path: Path) -> Any:
    """`news-search serve` with FLASK_DEBUG=1 in its environment, then its index damaged."""
    served = tmp_path / "served-index"
    shutil.copytree(hostile_index, served)
    port = free_port()
    env = {**os.environ, "FLASK_DEBUG": "1", "FLASK_ENV": "development", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--index", str(served), "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                fetch(base + "/static/style.css")
                break
            except OSError:
                assert process.poll() is None, "the server exited"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert fetch(base + "/api/search?q=cumbre")[0] == 200
        publish_broken_generation(served)
        yield base, served
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_serve_is_never_in_debug_mode(debug_env_server: Any) -> None:
    base, broken = debug_env_server
    for path in ("/api/search?q=cumbre", "/?q=cumbre"):
        status, text = fetch(base + path)
        assert status in (500, 503), (path, status)
        assert "Werkzeug Debugger" not in text and "__debugger__" not in text
        assert_no_leak(text, broken)
    assert fetch(base + "/console")[0] == 404

