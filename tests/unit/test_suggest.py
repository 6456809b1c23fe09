"""Did you mean: the nearest frequent corpus word within a small edit distance."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from search.suggest import Vocabulary, count_words, suggest_query, write_vocabulary


def vocabulary(tmp_path: Path, counts: dict[str, int]) -> Vocabulary:
    path = tmp_path / "words.tsv"
    write_vocabulary(path, Counter(counts))
    return Vocabulary.load(path)


def test_counts_lowercase_words_of_three_letters_or_more() -> None:
    assert count_words(["Los satélites, los SATÉLITES y 42 ok"]) == Counter(
        {"los": 2, "satélites": 2})


def test_the_nearest_then_most_frequent_word_wins(tmp_path: Path) -> None:
    words = vocabulary(tmp_path, {"satelite": 5, "satelites": 2, "satellite": 9, "cooperazione": 3,
                                  "presidente": 9, "presidenti": 2})
    assert words.correct("satelites") is None            # known (seen more than once)
    assert words.correct("satelitesx") == "satelites"    # distance 1 beats a more frequent 2
    assert words.correct("presidxntx") == "presidente"   # two edits each: the most frequent
    assert words.correct("cooperazionne") == "cooperazione"
    assert words.correct("ocoperazione") == "cooperazione"  # the first two letters swapped
    assert words.correct("xooperazione") is None          # the first letters are trusted
    assert words.correct("satx") is None                  # short words allow one edit only
    assert words.correct("zz") is None


def test_equally_near_and_frequent_words_break_ties_alphabetically(tmp_path: Path) -> None:
    words = vocabulary(tmp_path, {"casa": 4, "cama": 4, "cara": 1})
    assert words.correct("caza") == "cama"


def test_a_query_is_corrected_word_by_word_keeping_case(tmp_path: Path) -> None:
    words = vocabulary(tmp_path, {"cooperazione": 3, "internazionale": 3})
    assert suggest_query("Cooperazionne internazzionale", ["Cooperazionne", "internazzionale"],
                         words) == "Cooperazione internazionale"
    assert suggest_query("cooperazione", ["cooperazione"], words) is None


def test_an_actor_name_nearly_spelt_is_offered_whole(tmp_path: Path) -> None:
    words = vocabulary(tmp_path, {})
    assert suggest_query("Zhang Youxai", ["Zhang Youxai"], words,
                         ["Xi Jinping", "Zhang Youxia"]) == "Zhang Youxia"
    assert suggest_query("Putin", ["Putin"], words, ["Vladimir Putin"]) is None
