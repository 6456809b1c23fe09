"""The JSON API as a product: documented, validated, cacheable, exportable."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from flask.testing import FlaskClient

from web import create_app
from web.openapi import openapi_document

ES = "000_bbaff72d806f1524"
IT = "003_9419a023137d7c1a"


@pytest.fixture()
def corpus_client(corpus_index: Path) -> FlaskClient:
    return create_app({"TESTING": True, "INDEX_DIR": corpus_index}).test_client()


def validate(body: Any, schema_name: str) -> None:
    document = openapi_document()
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator)


def test_openapi_document_is_valid_and_lists_every_api_route(client: FlaskClient) -> None:
    document = client.get("/api/openapi.json").get_json()
    jsonschema.Draft202012Validator.check_schema({"components": document["components"]})
    routes = {re.sub(r"<(\w+)>", r"{\1}", rule.rule) for rule in client.application.url_map.iter_rules()
              if rule.rule.startswith("/api/")}
    assert routes == set(document["paths"])


@pytest.mark.parametrize("url, schema", [
    ("/api/search?q=rusia", "Search"),
    ("/api/search?q=&lang=it&sort=newest&facet_size=1", "Search"),
    ("/api/search?q=%22unclosed", "Search"),
    (f"/api/articles/{IT}?q=cooperazione", "Article"),
    ("/api/facets/actor?prefix=pu", "Facet"),
    ("/api/stats", "Stats"),
    ("/api/articles/missing", "Error"),
    ("/api/search?size=0", "Error"),
    ("/api/facets/colour", "Error"),
])
def test_responses_match_their_documented_schema(client: FlaskClient, url: str, schema: str) -> None:
    response = client.get(url)
    validate(response.get_json(), schema)
    documented = openapi_document()["paths"]
    path = re.sub(r"/api/articles/[^?]+", "/api/articles/{article_id}", url.split("?")[0])
    path = re.sub(r"/api/facets/[^?]+", "/api/facets/{name}", path)
    assert str(response.status_code) in documented[path]["get"]["responses"]


@pytest.mark.parametrize("q", ['"unclosed', "a)(OR", "foo:bar", "NOT", "(((", "a AND", "-"])
def test_malformed_queries_are_200_with_warnings(client: FlaskClient, q: str) -> None:
    response = client.get("/api/search", query_string={"q": q})
    assert response.status_code == 200
    body = response.get_json()
    assert body["warnings"] or q == "-"


def test_disjunctive_language_facet(corpus_client: FlaskClient) -> None:
    everything = corpus_client.get("/api/search?q=rusia").get_json()
    counts = {v["value"]: v["count"] for v in everything["facets"]["lang"]}
    assert counts["es"] >= 1 and counts["it"] >= 1
    only_es = corpus_client.get("/api/search?q=rusia&lang=es").get_json()
    kept = {v["value"]: v["count"] for v in only_es["facets"]["lang"]}
    assert kept["it"] == counts["it"] and only_es["total"] == counts["es"]
    both = corpus_client.get("/api/search?q=rusia&lang=es&lang=it").get_json()
    assert both["total"] == counts["es"] + counts["it"]
    assert {v["value"] for v in both["facets"]["lang"] if v["selected"]} == {"es", "it"}


def test_selected_values_are_listed_even_at_zero(client: FlaskClient) -> None:
    body = client.get("/api/search?q=cooperazione&lang=es&lang=fr&facet_size=1").get_json()
    selected = {v["value"]: v["count"] for v in body["facets"]["lang"] if v["selected"]}
    assert selected == {"es": 0, "fr": 0}


def test_date_filter_and_histogram(client: FlaskClient) -> None:
    body = client.get("/api/search?q=&from=2026-01&to=2026-01").get_json()
    assert [h["id"] for h in body["hits"]] == [IT]
    date = body["facets"]["date"]
    assert [(b["value"], b["count"]) for b in date["buckets"]] == [("2026-01", 1)]
    assert date["unknown"] == 1
    newest = client.get("/api/search?sort=newest").get_json()
    assert [h["id"] for h in newest["hits"]] == [IT, ES]


def test_facet_search_finds_putin(client: FlaskClient) -> None:
    body = client.get("/api/facets/actor?prefix=pu").get_json()
    assert "vladimir-putin" in [v["value"] for v in body["values"]]


def test_etag_answers_304(client: FlaskClient) -> None:
    first = client.get("/api/search?q=rusia")
    assert first.headers["ETag"] and first.headers["Cache-Control"]
    second = client.get("/api/search?q=rusia", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 304


def test_cors_on_get(client: FlaskClient) -> None:
    assert client.get("/api/search").headers["Access-Control-Allow-Origin"] == "*"


def test_exports_stream_every_result(corpus_client: FlaskClient) -> None:
    total = corpus_client.get("/api/search?size=1").get_json()["total"]
    rows = list(csv.DictReader(io.StringIO(corpus_client.get("/api/search.csv?size=1").get_data(as_text=True))))
    lines = corpus_client.get("/api/search.jsonl").get_data(as_text=True).splitlines()
    assert len(rows) == len(lines) == total > 10
    assert {json.loads(line)["id"] for line in lines} == {row["id"] for row in rows}
    assert "<" not in "".join(row["title"] for row in rows)


def test_did_you_mean(corpus_client: FlaskClient) -> None:
    body = corpus_client.get("/api/search?q=cooperazone").get_json()
    assert body["total"] == 0 and body["suggestion"]["query"] == "cooperazione"
    body = corpus_client.get("/api/search?q=Zhang Yuxia").get_json()
    assert body["suggestion"]["query"] == "Zhang Youxia"


def test_article_related_and_same_story(corpus_client: FlaskClient) -> None:
    body = corpus_client.get(f"/api/articles/{IT}").get_json()
    assert ES in [r["id"] for r in body["same_story"]]
    assert all(r["lang"] != "it" for r in body["same_story"])
    assert all(r["lang"] == "it" for r in body["related"])


def test_html_page_and_json_twin_agree(corpus_client: FlaskClient) -> None:
    query = "?q=rusia&lang=es&lang=it"
    body = corpus_client.get("/api/search" + query).get_json()
    page = corpus_client.get("/" + query).get_data(as_text=True)
    for hit in body["hits"]:
        assert f'/articles/{hit["id"]}' in page
    assert f'<strong>{body["total"]}</strong>' in page
    for value in body["facets"]["lang"]:
        assert re.search(rf'lang="{value["value"]}"[^>]*>[^<]*</a>\s*<span class="count">{value["count"]}<', page)
