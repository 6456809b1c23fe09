"""Fuzzing: the API against its own OpenAPI document, and the query and parameter parsers.

Every run is bounded (tens of examples per property) and derandomized, so CI is fast and a
failure reproduces on the next run."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks as st_checks
from werkzeug.datastructures import MultiDict

from search import LimitError, QueryError
from search.querysyntax import OPERATORS, And, FieldValue, Node, Not, Or, Phrase, Word, parse_query
from web import create_app
from web.config import default_config
from web.params import search_request

BOUNDED = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                          HealthCheck.function_scoped_fixture])
API_CHECKS = [st_checks.not_a_server_error, st_checks.status_code_conformance,
              st_checks.content_type_conformance, st_checks.response_schema_conformance]


# The schema is loaded at import time because schemathesis's lazy `from_fixture` loader does
# not work with pytest 9 (it sets the removed `Function._nodeid`); the app's OpenAPI route needs
# no index, and the fixture below points the app at the session's index before any request.
FUZZ_APP = create_app({"TESTING": True, "INDEX_DIR": Path("/nonexistent-index-until-fixture")})
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", FUZZ_APP)


@pytest.fixture(scope="module", autouse=True)
def fuzz_app(seeds_index: Path) -> Flask:
    FUZZ_APP.config["INDEX_DIR"] = seeds_index
    return FUZZ_APP


@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: Any) -> None:
    """No 500, only documented status codes, the documented content type and body schema."""
    case.call_and_validate(checks=API_CHECKS)


# --- the query parser -------------------------------------------------------------------

QUERY_ALPHABET = st.sampled_from(list('abcXYZ é日本ру()"-*:+ AND OR NOT actor: lang: \t'))
query_text = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(["AND", "OR", "NOT", "(", ")", '"', "-", "*", "word", "año", "Россия",
                              "actor:putin", "lang:es", "x:y", "--", "-(", '"a b"', "::", " "]),
             max_size=40).map(" ".join),
    st.text(QUERY_ALPHABET, max_size=80),
)


def tree_words(node: Node | None) -> list[str]:
    """Every piece of text in a query tree, negated ones and field values included."""
    if node is None:
        return []
    if isinstance(node, (Word, Phrase)):
        return node.text.split()
    if isinstance(node, FieldValue):
        return [node.name, node.value, f"{node.name}:{node.value}"]
    if isinstance(node, Not):
        return tree_words(node.node)
    assert isinstance(node, (And, Or)), node
    assert len(node.nodes) >= 2, "a group of one should have been unwrapped"
    return [w for child in node.nodes for w in tree_words(child)]


def depth(node: Node | None) -> int:
    if isinstance(node, Not):
        return 1 + depth(node.node)
    if isinstance(node, (And, Or)):
        return 1 + max(depth(child) for child in node.nodes)
    return 0


def meaningful_words(text: str) -> list[str]:
    """The words of a query a user expects to be searched: not operators or bare punctuation."""
    words = []
    for raw in re.split(r'[\s()"]+', text):
        core = raw.lstrip("-").strip(":")
        if raw in OPERATORS or not core.strip("*-:"):
            continue
        words.append(core)
    return words


@BOUNDED
@given(query_text)
def test_parse_query_never_raises_and_loses_no_word(text: str) -> None:
    parsed = parse_query(text)
    found = " ".join(tree_words(parsed.root))
    for word in meaningful_words(text):
        pieces = [p for p in re.split(r"[:*]+", word.strip("-*")) if p.strip("-")]
        missing = [p for p in pieces if p.strip("-") not in found]
        assert not missing or parsed.warnings, (text, word, parsed)
    assert depth(parsed.root) < 80
    assert all(isinstance(w, str) and w for w in parsed.warnings)


@pytest.mark.parametrize("text, words", [
    ("putin AND", ["putin"]),
    ("(((rusia", ["rusia"]),
    ('"unclosed phrase', ["unclosed", "phrase"]),
    ("NOT NOT NOT x", ["x"]),
    ("a OR OR b", ["a", "b"]),
    ("colour:red", ["colour", "red"]),
    (") satélite (", ["satélite"]),
    ("-" * 3 + "x", ["x"]),
])
def test_parse_query_keeps_words_of_malformed_queries(text: str, words: list[str]) -> None:
    parsed = parse_query(text)
    found = tree_words(parsed.root)
    assert all(any(word in piece for piece in found) for word in words), (text, parsed)


def test_parse_query_survives_deep_nesting() -> None:
    for text in ["(" * 5000 + "x" + ")" * 5000, "NOT " * 5000 + "x", "-" * 5000 + "x",
                 " ".join(["a OR b"] * 2000)]:
        words = tree_words(parse_query(text).root)
        assert any(word.strip("-") in ("x", "a") for word in words), text[:40]


# --- the parameter parser ---------------------------------------------------------------

PARAM_NAMES = ["q", "lang", "actor", "provenance", "from", "to", "sort", "page", "size",
               "facet_size", "other"]
param_values = st.one_of(
    st.text(max_size=30),
    st.integers(-10**12, 10**12).map(str),
    st.sampled_from(["", " ", "0", "-1", "1e3", "1_000", "٣", "²", "2026-02-30", "2026-13",
                     "0000", "9999-12-31", "1999-02", "relevance", "newest", "oldest", "es,it",
                     "NaN", "0x10", "+5", " 7 ", "10001"]),
)
multidicts = st.lists(st.tuples(st.sampled_from(PARAM_NAMES), param_values), max_size=12).map(MultiDict)


@BOUNDED
@given(multidicts)
def test_search_request_raises_only_query_errors(args: MultiDict[str, str]) -> None:
    config = default_config()
    try:
        request = search_request(args, config)
    except (QueryError, LimitError) as error:
        assert str(error)
        return
    assert 1 <= request.size and request.page >= 1


@pytest.mark.parametrize("args", [
    {"page": "٣"}, {"size": "²"}, {"page": "1_000"}, {"page": "99999999999999999999999"},
    {"from": "0000"}, {"to": "9999-12-31"}, {"from": "2026-02-30"}, {"facet_size": "+5"},
])
def test_odd_numbers_and_dates_are_rejected_or_accepted_cleanly(args: dict[str, str]) -> None:
    try:
        search_request(MultiDict(args), default_config())
    except QueryError:
        pass


# --- /api/search?q=<anything> through the test client -----------------------------------

def assert_error_shape(response: Any) -> None:
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


@BOUNDED
@given(q=query_text, extra=st.dictionaries(st.sampled_from(["sort", "page", "size", "lang"]),
                                           param_values, max_size=2))
def test_search_endpoint_never_fails_on_any_query(fuzz_app: Flask, q: str,
                                                  extra: dict[str, str]) -> None:
    client: FlaskClient = fuzz_app.test_client()
    response = client.get("/api/search", query_string={"q": q, **extra})
    assert response.status_code in (200, 400), (q, extra, response.status_code, response.data[:300])
    assert response.mimetype == "application/json"
    if response.status_code == 400:
        assert_error_shape(response)
    else:
        body = response.get_json()
        assert body["query"] == q and isinstance(body["hits"], list)


@BOUNDED
@given(q=query_text)
def test_search_page_never_fails_on_any_query(fuzz_app: Flask, q: str) -> None:
    response = fuzz_app.test_client().get("/", query_string={"q": q})
    assert response.status_code in (200, 400), (q, response.status_code)
    assert response.mimetype == "text/html"
    assert b"Traceback" not in response.data


@pytest.mark.parametrize("q", ["*a*", "a*", "x" * 501])
def test_article_query_errors_are_documented(q: str) -> None:
    operation = schema["/api/articles/{article_id}"]["GET"]
    case = operation.Case(path_parameters={"article_id": "000_bbaff72d806f1524"}, query={"q": q})
    case.call_and_validate(checks=API_CHECKS)
