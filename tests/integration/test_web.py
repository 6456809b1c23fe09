"""The Flask app: the search page, the JSON API, articles and errors."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from web import create_app

ES = "000_bbaff72d806f1524"
IT = "003_9419a023137d7c1a"


def test_api_search_shape(client: FlaskClient) -> None:
    body = client.get("/api/search?q=rusia").get_json()
    assert set(body) >= {"query", "total", "page", "size", "took_ms", "hits", "facets"}
    assert body["query"] == "rusia"
    assert ES in [hit["id"] for hit in body["hits"]]
    hit = body["hits"][0]
    assert set(hit) >= {"id", "title", "lang", "snippet", "score", "url"}
    assert all(set(v) >= {"value", "label", "count", "selected"} for v in body["facets"]["lang"])


def test_api_language_filter_and_counts(client: FlaskClient) -> None:
    body = client.get("/api/search?lang=it").get_json()
    assert [h["id"] for h in body["hits"]] == [IT]
    counts = {v["value"]: (v["count"], v["selected"]) for v in body["facets"]["lang"]}
    assert counts == {"it": (1, True), "es": (1, False)}


def test_search_page_keeps_query_and_lists_results(client: FlaskClient) -> None:
    page = client.get("/?q=cooperazione").get_data(as_text=True)
    assert 'value="cooperazione"' in page
    assert "<mark>cooperazione</mark>" in page
    assert 'rel="alternate" type="application/json"' in page


def test_facet_links_filter(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "lang=it" in page and "lang=es" in page


def test_article_page_and_json(client: FlaskClient) -> None:
    body = client.get(f"/api/articles/{IT}").get_json()
    assert body["id"] == IT and body["lang"] == "it" and body["text"]
    page = client.get(f"/articles/{IT}?q=cooperazione").get_data(as_text=True)
    assert "<mark>cooperazione</mark>" in page


@pytest.mark.parametrize("url, status", [
    ("/api/articles/nope", 404),
    ("/api/search?page=abc", 400),
    ("/api/search?size=1000", 400),
    ("/api/search?from=2026-13", 400),
    ("/api/search?sort=random", 400),
    ("/api/nothing-here", 404),
])
def test_api_errors_have_one_shape(client: FlaskClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert set(error) == {"code", "message"} and error["message"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_html_errors_are_pages(client: FlaskClient) -> None:
    response = client.get("/articles/nope")
    assert response.status_code == 404 and "<html" in response.get_data(as_text=True)


def test_no_index_is_503_with_the_command(tmp_path: Path) -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "none"}).test_client()
    for url in ("/api/search?q=x", "/"):
        response = client.get(url)
        assert response.status_code == 503
        assert "news-search rebuild-index" in response.get_data(as_text=True)


def test_security_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_search_urls_are_encoded_as_url_for_encodes_them(app) -> None:  # type: ignore[no-untyped-def]
    from flask import url_for
    from werkzeug.datastructures import MultiDict

    from web.payloads import search_url

    awkward = MultiDict([("q", "Россия & \"trade war\" +1/2 50% #a"), ("lang", "es"),
                         ("lang", "it"), ("actor", "wd:Q159"), ("from", ""), ("to", "2026-01"),
                         ("q", "niño?=;,!$'()*@:")])
    with app.test_request_context("/"):
        for args in (awkward, MultiDict(), MultiDict([("q", "")])):
            expected = url_for("pages.search", **{k: [v for v in vs if v]
                                                  for k, vs in args.lists() if any(vs)})
            assert search_url(args) == expected
            assert search_url(args, "api.search") == url_for(
                "api.search", **{k: [v for v in vs if v] for k, vs in args.lists() if any(vs)})
