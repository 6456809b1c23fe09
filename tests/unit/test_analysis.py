"""Per-language analysis: tokens, folding, stop words, protected words, scripts, Whoosh pickling."""
from __future__ import annotations

import pickle

import pytest
from whoosh import fields, index
from whoosh.qparser import QueryParser

from search.analysis import (OTHER, Span, analyze, analyze_spans, analyzer_key, analyzer_keys,
                             is_protected, language_analyzer)
from search.languages import SNOWBALL_ALGORITHMS

# (analyzer key, text, expected terms in order)
TERMS = [
    ("es", "Los satélites", ["satelit"]),
    ("es", "el satelite y los satelites", ["satelit", "satelit"]),
    ("es", "cooperación cooperacion", ["cooper", "cooper"]),
    ("es", "el año", ["año"]),
    ("es", "el ano", ["ano"]),
    ("es", "Estados Unidos", ["estados", "unid"]),
    ("es", "EE.UU. y EEUU", ["eeuu", "eeuu"]),
    ("es", "la OTAN y la ONU", ["otan", "onu"]),
    ("es", "Putin visitó Pekín (北京)", ["putin", "visit", "pekin", "北京"]),
    ("it", "la NATO", ["nato"]),
    ("it", "è nato a Roma", ["nat", "rom"]),
    ("it", "nell'ambito dell’Unione", ["ambit", "union"]),
    ("it", "l'ONU", ["onu"]),
    ("fr", "l'anglais d’abord", ["anglais", "abord"]),
    ("fr", "les élections, des elections", ["elect", "elect"]),
    ("de", "München Muenchen Munchen", ["munch", "munch", "munch"]),
    ("de", "Straße Strasse", ["strass", "strass"]),
    ("tr", "İstanbul", ["istanbul"]),
    ("tr", "ISTANBUL", ["ıstanbul"]),
    ("tr", "İstanbul'da NATO'nun", ["istanbul", "nato"]),
    ("tr", "ılık ilik", ["ılık", "ilik"]),
    ("tr", "şeker çay", ["şeker", "çay"]),
    ("pl", "Łódź łódź", ["łódz", "łódz"]),
    ("pl", "lodz", ["lodz"]),
    ("sv", "Åland åland", ["åland", "åland"]),
    ("sv", "mörk mork", ["mörk", "mork"]),
    ("fi", "Hämeenlinna", ["hämeenlin"]),
    ("cs", "řeka reka", ["řek", "rek"]),
    ("ro", "ţările țările", ["țăr", "țăr"]),
    ("hu", "őrült örült", ["örül", "örül"]),
    ("ca", "col·lecció collecció", ["collec", "collec"]),
    ("en", "The U.S. and NATO's members", ["us", "nato", "member"]),
    ("ru", "Россия России", ["росс", "росс"]),
    ("ru", "США и Россия", ["сша", "росс"]),
    ("el", "Αθήνα Αθηνα ΑΘΗΝΑ", ["αθην", "αθην", "αθην"]),
    ("el", "ΗΠΑ", ["ηπα"]),
    ("es", "CHINA y China", ["chin", "chin"]),  # five capitals: a shouted word, not an acronym
    ("ar", "الكتاب", ["كتاب"]),
    ("hi", "भारत की राजधानी", ["भारत", "क", "राजधान"]),
    ("fa", "می‌خواهم", ["خواه"]),
    ("es", "普京", ["普京"]),
    ("es", "普京在北京", ["普京", "京在", "在北", "北京"]),
    ("es", "中", ["中"]),
    ("ja", "東京都", ["東京", "京都"]),
    ("ja", "ニュース", ["ニュ", "ュー", "ース"]),
    ("ko", "한국어", ["한국", "국어"]),
    ("th", "ภาษาไทย", ["ภา", "าษ", "ษา", "าไ", "ไท", "ทย"]),
    (OTHER, "Café Señora", ["cafe", "señora"]),  # ñ is a letter of its own wherever it is written
    (OTHER, "Україна їжак", ["україна", "їжак"]),
    ("es", "3,5 millones 2024", ["3,5", "millon", "2024"]),
    ("es", "ＮＡＴＯ", ["nato"]),
]


@pytest.mark.parametrize("key, text, expected", TERMS)
def test_terms(key: str, text: str, expected: list[str]) -> None:
    assert analyze(text, key) == expected


# Pairs of spellings that must meet (same terms) or must stay apart, per language.
MEET = [
    ("es", "satélites", "satelites"), ("es", "cooperación", "cooperacion"),
    ("es", "economía", "economia"), ("es", "además", "ademas"), ("es", "Estados", "estados"),
    ("fr", "élection", "election"), ("fr", "arrêtée", "arretee"), ("pt", "integração", "integracao"),
    ("it", "novità", "novita"), ("de", "München", "Muenchen"), ("de", "Straße", "Strasse"),
    ("hu", "bekezdéséből", "bekezdeseböl"), ("cs", "vzácného", "vzacneho"),
    ("tr", "İstanbul", "istanbul"), ("ru", "ёлка", "елка"), ("el", "Ελλάδα", "Ελλαδα"),
]
APART = [
    ("es", "año", "ano"), ("it", "NATO", "nato"), ("tr", "ılık", "ilik"), ("pl", "łąka", "laka"),
    ("sv", "mörk", "mork"), ("fi", "säde", "sade"), ("da", "sø", "so"), ("ro", "țară", "tara"),
    ("cs", "řeka", "reka"), ("hu", "öt", "ot"), ("et", "õde", "ode"), ("eo", "ĉe", "ce"),
    ("sr", "čaša", "casa"), ("lt", "šalis", "salis"),
]


def _indexed(text: str, key: str) -> set[str]:
    return {span.term for span in analyze_spans(text, key)}


@pytest.mark.parametrize("key, accented, bare", MEET)
def test_spellings_meet(key: str, accented: str, bare: str) -> None:
    assert set(analyze(bare, key)) <= _indexed(accented, key)
    assert set(analyze(accented, key)) <= _indexed(bare, key) | _indexed(accented, key)


@pytest.mark.parametrize("key, one, other", APART)
def test_distinct_letters_stay_apart(key: str, one: str, other: str) -> None:
    assert not set(analyze(one, key)) & _indexed(other, key)


STOPS = [("es", "el de la y los"), ("en", "the of and"), ("de", "der die und"), ("it", "il di che")]


@pytest.mark.parametrize("key, text", STOPS)
def test_stop_words_removed_and_accent_less_stop_words_too(key: str, text: str) -> None:
    assert analyze(text, key) == []


def test_stop_words_keep_positions() -> None:
    spans = analyze_spans("la casa de la moneda", "es")
    assert [(s.term, s.position) for s in spans] == [("cas", 1), ("moned", 4)]


def test_accent_less_stop_word_is_removed() -> None:
    assert analyze("esta mas alla", "es") == analyze("está más allá", "es")


@pytest.mark.parametrize("word, key, expected", [
    ("NATO", "it", True), ("UE", "es", True), ("EE.UU.", "es", True), ("Estados", "es", True),
    ("estados", "es", True), ("nato", "it", False), ("PRESIDENTE", "es", False), ("CHINA", "es", False), ("A", "es", False),
    ("Casa", "es", False), ("G7", "en", False),
])
def test_is_protected(word: str, key: str, expected: bool) -> None:
    assert is_protected(word, key) is expected


def test_spans_point_at_real_words() -> None:
    text = "Ayer, nell'ambito: 普京 y los satélites."
    for span in analyze_spans(text, "it"):
        assert 0 <= span.start < span.end <= len(text)
    spans = analyze_spans("Los satélites de EE.UU.", "es")
    assert spans == [Span("satelit", 1, 4, 13), Span("eeuu", 3, 17, 23)]
    assert [text[s.start : s.end] for s in analyze_spans(text, "it")][:2] == ["Ayer", "ambito"]


def test_accent_less_alternate_shares_the_position() -> None:
    spans = analyze_spans("la economía", "es")
    assert [(s.term, s.position) for s in spans] == [("econom", 1), ("economi", 1)]
    assert analyze("la economía", "es") == ["econom"]  # a query sees one term per word


@pytest.mark.parametrize("lang, key", [("es", "es"), ("nb", "no"), ("pt-BR", "pt"), ("zh", OTHER),
                                       ("", OTHER), ("he", OTHER), ("other", OTHER)])
def test_analyzer_key(lang: str, key: str) -> None:
    assert analyzer_key(lang) == key


def test_analyzer_keys_cover_every_stemmer() -> None:
    assert analyzer_keys() == (*sorted(SNOWBALL_ALGORITHMS), OTHER)
    assert len(analyzer_keys()) == 35


@pytest.mark.parametrize("key", analyzer_keys())
def test_analyzer_pickles_and_matches_analyze(key: str) -> None:
    analyzer = language_analyzer(key)
    clone = pickle.loads(pickle.dumps(analyzer))
    assert clone == analyzer and clone.__dict__ == {"key": key}
    text = "Los Satélites de la NATO en 北京 München economía"
    assert [t.text for t in clone(text, mode="query")] == analyze(text, key)
    indexed = [(t.text, t.pos, t.startchar, t.endchar) for t in clone(text, positions=True, chars=True)]
    assert indexed == [(s.term, s.position, s.start, s.end) for s in analyze_spans(text, key)]


def test_whoosh_keeps_stopped_tokens_when_asked() -> None:
    tokens = [(t.text, t.stopped) for t in language_analyzer("es")("el año", removestops=False)]
    assert tokens == [("el", True), ("año", False)]


def test_real_index_with_one_field_per_analyzer(tmp_path) -> None:
    schema = fields.Schema(id=fields.ID(stored=True),
                           **{f"t_{k}": fields.TEXT(analyzer=language_analyzer(k)) for k in analyzer_keys()})
    ix = index.create_in(tmp_path, schema)
    with ix.writer() as writer:
        writer.add_document(id="1", **{f"t_{k}": "Satélites NATO: sobre 北京 y München" for k in analyzer_keys()})
    ix = index.open_dir(tmp_path)  # unpickles the schema
    with ix.searcher() as searcher:
        for key in analyzer_keys():
            munich = "München" if key in ("tr", "et", "hu") else "Munchen"  # ü is a letter of its own there
            for query in ("satelites", '"satélites NATO"', "北京", munich):
                parsed = QueryParser(f"t_{key}", ix.schema).parse(query)
                assert [hit["id"] for hit in searcher.search(parsed)] == ["1"], (key, query)
        nato = QueryParser("t_it", ix.schema).parse("nato")
        assert list(searcher.search(nato)) == []  # "nato" (born) is not the NATO acronym
