"""The lenient query parser: operators, phrases, fields, and forgiven syntax."""
from __future__ import annotations

import pytest

from search.querysyntax import And, FieldValue, Not, Or, Phrase, Word, parse_query, query_words


@pytest.mark.parametrize("text, tree", [
    ("satélite", Word("satélite")),
    ("guerra comercial", And((Word("guerra"), Word("comercial")))),
    ("putin OR xi", Or((Word("putin"), Word("xi")))),
    ("a AND b OR c", Or((And((Word("a"), Word("b"))), Word("c")))),
    ("-putin china", And((Not(Word("putin")), Word("china")))),
    ("NOT rusia", Not(Word("rusia"))),
    ('"guerra fría" rusia', And((Phrase("guerra fría"), Word("rusia")))),
    ("actor:nato lang:es", And((FieldValue("actor", "nato"), FieldValue("lang", "es")))),
    ("(a OR b) c", And((Or((Word("a"), Word("b"))), Word("c")))),
    ("", None),
])
def test_well_formed_queries(text: str, tree: object) -> None:
    parsed = parse_query(text)
    assert parsed.root == tree
    assert parsed.warnings == []


@pytest.mark.parametrize("text, tree, warning", [
    ('"unclosed', Word("unclosed"), "unclosed quote"),
    ("a)(OR", Word("a"), "unmatched ')'"),
    ("(a OR b", Or((Word("a"), Word("b"))), "unclosed '('"),
    ("a OR", Word("a"), "'OR'"),
    ("a AND", Word("a"), "'AND'"),
    ("NOT", None, "'NOT'"),
    ("foo:bar", And((Word("foo"), Word("bar"))), "no field 'foo'"),
    ('""', None, "empty phrase"),
])
def test_malformed_queries_become_words_with_a_warning(text: str, tree: object, warning: str) -> None:
    parsed = parse_query(text)
    assert parsed.root == tree
    assert any(warning in w for w in parsed.warnings), parsed.warnings


def test_query_words_skips_negations() -> None:
    assert query_words(parse_query('satélite "alta órbita" -rusia').root) == ["satélite", "alta órbita"]


def test_deep_nesting_does_not_crash() -> None:
    parsed = parse_query("(" * 5000 + "a" + ")" * 5000)
    assert parsed.root == Word("a") or parsed.warnings
