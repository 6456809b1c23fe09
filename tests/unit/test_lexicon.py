"""Word frequencies per language: the lists, accent-less forms, and the guesses they settle."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from search.detection import detect_paragraph_languages, detect_query_languages, rank_languages
from search.lexicon import (
    listed_languages,
    load_lexicon,
    query_words,
    use_lexicon_cache,
    word_log_likelihoods,
)

MAIN = ["es", "it", "fr", "de", "pt", "en"]


def test_the_main_languages_have_lists_and_unsegmented_scripts_do_not() -> None:
    assert set(MAIN) | {"ru", "nl", "sv", "no", "ca", "pl"} <= listed_languages()
    assert {"zh", "ja"}.isdisjoint(listed_languages())
    assert load_lexicon("gl") is None  # wordfreq has no Galician list
    assert word_log_likelihoods(["casa"], ["gl", "eo"]) == {}


@pytest.mark.parametrize(("word", "more_likely", "less_likely"), [
    ("cumbre", "es", "pt"),
    ("cimeira", "pt", "es"),
    ("vertice", "it", "fr"),
    ("sommet", "fr", "it"),
    ("gipfel", "de", "en"),
    ("summit", "en", "de"),
])
def test_a_word_is_likelier_in_its_own_language(word: str, more_likely: str, less_likely: str) -> None:
    scores = word_log_likelihoods([word], [more_likely, less_likely])
    assert scores[more_likely] > scores[less_likely]


@pytest.mark.parametrize(("written", "lost_accents"), [
    ("cámara", "camara"),  # stripped, as typed on a keyboard without accents
    ("cámara", "cmara"),  # dropped, as careless scrapers leave it
    ("elección", "eleccion"),
])
def test_words_without_their_accents_are_found_at_a_discount(written: str, lost_accents: str) -> None:
    spanish = load_lexicon("es")
    assert spanish is not None
    exact, loose = spanish.score([written]), spanish.score([lost_accents])
    assert loose < exact
    assert loose > spanish.score(["qzxwvbt"])  # far likelier than a word no list holds
    assert spanish.score(["qzxwvbt"]) == pytest.approx(spanish.unknown)


def test_query_words_are_lowercase_letters_only() -> None:
    assert query_words("Guerra COMERCIAL 2026, l'Europa") == ["guerra", "comercial", "l", "europa"]


@pytest.mark.parametrize(("query", "expected"), [
    # the n-gram model alone is below the query threshold (0.60) on each of these
    ("cumbre europea", "es"),
    ("acordo nuclear", "pt"),
    ("ministro da defesa", "pt"),
    ("vertice europeo", "it"),
    ("accordo nucleare", "it"),
    ("alle parteien", "de"),
    ("defence ministers", "en"),
    ("european summit", "en"),
])
def test_word_frequencies_settle_short_queries(query: str, expected: str) -> None:
    guesses = detect_query_languages(query, MAIN)
    assert guesses and guesses[0] == (expected, guesses[0][1])
    assert guesses[0][1] >= 0.9


def test_truly_shared_words_keep_both_languages() -> None:
    guesses = dict(rank_languages("guerra comercial", ["es", "pt"]))
    assert min(guesses.values()) > 0.2  # Spanish and Portuguese alike: both stay in play


def test_a_language_without_a_list_is_not_pushed_out_by_listed_ones() -> None:
    # Afrikaans has no list; Dutch has one and shares many words with it.
    ranked = rank_languages("Dit is 'n baie goeie boek", ["af", "nl", "de", "en"])
    assert ranked[0][0] == "af"


def test_an_unsure_paragraph_is_settled_by_its_words() -> None:
    swedish = "Senare deltog vi, till skillnad från Maj-Inger Klingvall, i ett möte om budgeten."
    norwegian = "I tillegg kommer en utredning som omhandler Hvitost i nord."
    assert detect_paragraph_languages([swedish, norwegian], prior="sv") == ["sv", "no"]


def test_a_cached_list_is_mapped_and_scores_as_the_built_one(tmp_path: Path) -> None:
    words = ["cumbre", "europea", "cmara", "qzxwvbt"]
    use_lexicon_cache(None)
    built = load_lexicon("es")
    try:
        use_lexicon_cache(tmp_path)
        first = load_lexicon("es")  # built, then written to the folder
        assert sorted(p.name for p in tmp_path.iterdir())[0].startswith("lexicon-")
        use_lexicon_cache(None)
        use_lexicon_cache(tmp_path)
        mapped = load_lexicon("es")
        assert isinstance(mapped.keys, np.memmap)
        assert built is not None and first is not None
        assert mapped.score(words) == pytest.approx(built.score(words))
    finally:
        use_lexicon_cache(None)
