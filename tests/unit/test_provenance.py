"""Translation notes, bylines and repeated titles."""
from __future__ import annotations

from pathlib import Path

import pytest

from search.dates import read_header
from search.provenance import (
    is_byline,
    is_repeated_title,
    language_names,
    match_language_name,
    parse_translated_from,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# note, source language
NOTES = [
    # it: gender and article forms (dallo, dal, dall', tradotto/tradotta)
    ("Tradotto dallo spagnolo", "es"),
    ("Tradotta dall'inglese", "en"),
    ("Tradotto dall’inglese", "en"),
    ("Tradotto dal tedesco da Mario Rossi", "de"),
    ("Traduzione dal portoghese", "pt"),
    ("Nota: tradotto dal russo", "ru"),
    # es
    ("Traducido del inglés", "en"),
    ("Traducido del ingles", "en"),
    ("Traducción del francés", "fr"),
    ("(Traducido del castellano)", "es"),
    # fr
    ("Traduit de l'anglais", "en"),
    ("Traduit de l’espagnol par Marie Dupont", "es"),
    ("Traduit du russe", "ru"),
    # de: inflected names after "aus dem"
    ("Aus dem Englischen übersetzt", "en"),
    ("Aus dem Spanischen übersetzt von Max Muster", "es"),
    ("Übersetzung aus dem Französischen", "fr"),
    # en
    ("Translated from Spanish", "es"),
    ("Translated from the Russian by Jane Doe.", "ru"),
    ("Translation from Chinese", "zh"),
    # pt
    ("Traduzido do inglês", "en"),
    ("Tradução do espanhol", "es"),
    # more languages
    ("Vertaald uit het Engels", "en"),
    ("Перевод с английского", "en"),
    ("Переведено с китайского", "zh"),
    ("Przetłumaczono z języka angielskiego", "en"),
    ("İngilizceden çevrilmiştir", "en"),
    ("Traducere din limba engleză", "en"),
    ("Översatt från engelska", "en"),
    ("Oversat fra engelsk", "en"),
    ("Přeloženo z angličtiny", "en"),
    ("Traduït de l'anglès", "en"),
]


@pytest.mark.parametrize(("note", "code"), NOTES)
def test_parse_translated_from(note: str, code: str) -> None:
    assert parse_translated_from(note) == code


# Not translation notes: prose that mentions a translation, credits without a source, names.
NOT_NOTES = [
    "Tradotto dall'inglese, il romanzo uscirà a marzo in tutte le librerie.",
    "Il libro è stato tradotto dallo spagnolo l'anno scorso.",
    "Traducción: Ana López",
    "Translated by Jane Doe",
    "Translated from",
    "Tradotto dal klingon",
    "Los ministros de defensa de China y Rusia se dan la mano durante una reunión oficial.",
    "",
]


@pytest.mark.parametrize("text", NOT_NOTES)
def test_not_translation_notes(text: str) -> None:
    assert parse_translated_from(text) is None


@pytest.mark.parametrize(("word", "note_lang", "code"), [
    ("spagnolo", "it", "es"), ("spagnola", "it", "es"), ("inglese", "it", "en"),
    ("Englischen", "de", "en"), ("английского", "ru", "en"), ("angielskiego", "pl", "en"),
    ("angličtiny", "cs", "en"), ("ingilizceden", "tr", "en"), ("slovacco", "it", "sk"),
    ("sloveno", "it", "sl"), ("portoghese", "it", "pt"), ("italien", "fr", "it"),
])
def test_language_names_come_from_cldr(word: str, note_lang: str, code: str) -> None:
    assert match_language_name(word, note_lang) == code


def test_language_name_table_is_cldr() -> None:
    assert language_names("it")["spagnolo"] == "es"
    assert language_names("de")["englisch"] == "en"
    assert language_names("xx") == {}


@pytest.mark.parametrize(("lang", "paragraphs", "code", "header"), [
    ("it", ["Tradotto dallo spagnolo", "Il testo."], "es", (0,)),
    ("es", ["Por Ana García | Traducido del inglés", "El texto."], "en", (0,)),
    ("en", ["Body.", "More body.", "Translated from the Russian by Jane Doe."], "ru", (2,)),
    ("de", ["Text."] * 8 + ["Aus dem Englischen übersetzt"], "en", (8,)),
    ("fr", ["Le texte.", "Traduit de l'anglais, le roman paraît en mars chez Gallimard."], None, ()),
])
def test_read_header_finds_translation_note(lang: str, paragraphs: list[str], code: str | None,
                                            header: tuple[int, ...]) -> None:
    found = read_header("Titolo", paragraphs, lang)
    assert (found.translated_from, found.header) == (code, header)


def test_italian_seed_translation() -> None:
    lines = [line.strip() for line in (SEEDS / "003_9419a023137d7c1a.txt").read_text("utf-8").splitlines()]
    lines = [line for line in lines if line]
    assert read_header(lines[0], lines[1:], "it").translated_from == "es"


@pytest.mark.parametrize(("segment", "before_date", "expected"), [
    ("Por Ana García", True, True),
    ("di Mario Rossi", False, True),
    ("Mario Rossi", True, True),
    ("Mario Rossi", False, False),
    ("EFE", False, True),
    ("5 min read", False, True),
    ("Lesezeit: 3 Min.", False, True),
    ("L'invasione", False, False),
    ("Inizia l'invasione su vasta scala", True, False),
    ("I governi di Pechino e Mosca hanno deciso di ampliare il lavoro", True, False),
])
def test_is_byline(segment: str, before_date: bool, expected: bool) -> None:
    assert is_byline(segment, before_date=before_date) is expected


@pytest.mark.parametrize(("title", "paragraph", "expected"), [
    ("Cina e Russia approfondiscono la cooperazione in difesa",
     "Cina e Russia approfondiscono la loro cooperazione in difesa", True),
    ("Cina e Russia approfondiscono la cooperazione in difesa",
     "Il quadro della partnership bilaterale", False),
    ("Putin en China", "Putin en China", True),
    ("Putin en China", "Putin en Rusia", False),
    ("Storm batters the coast", "Storm batters the coast, leaving thousands without power for days "
     + "as rescue crews struggle to reach remote villages cut off by floods", False),
])
def test_is_repeated_title(title: str, paragraph: str, expected: bool) -> None:
    assert is_repeated_title(title, paragraph) is expected
