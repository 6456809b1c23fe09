"""run_search over real indexes built from seeds/ and the multilingual fixture corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from search import ArticleNotFoundError, LimitError, QueryError, SearchRequest, get_article, run_search

ES = "000_bbaff72d806f1524"
IT = "003_9419a023137d7c1a"


def ids(index: Path, q: str = "", **kwargs: object) -> list[str]:
    result = run_search(index, SearchRequest(q=q, size=100, **kwargs))  # type: ignore[arg-type]
    return [hit.id for hit in result.hits]


@pytest.mark.parametrize("q, expected", [
    ("satélite", [ES]),
    ("satelites", [ES]),
    ("cooperazione", [IT]),
    ("Putin", [ES]),
    ("rusia", [ES, IT]),
])
def test_seed_acceptance_queries(seeds_index: Path, q: str, expected: list[str]) -> None:
    assert sorted(ids(seeds_index, q)) == sorted(expected)


def test_language_facet_and_filter(seeds_index: Path) -> None:
    result = run_search(seeds_index, SearchRequest())
    assert {v.value: v.count for v in result.facets["lang"].values} == {"es": 1, "it": 1}
    assert ids(seeds_index, langs=("it",)) == [IT]


def test_empty_query_browses_everything(seeds_index: Path) -> None:
    assert sorted(ids(seeds_index)) == sorted([ES, IT])


def test_snippet_marks_words_and_escapes(seeds_index: Path) -> None:
    [hit] = run_search(seeds_index, SearchRequest(q="satélite")).hits
    assert "<mark>satélites</mark>" in hit.snippet
    assert "<script" not in hit.snippet


def test_ano_does_not_meet_ano(corpus_index: Path) -> None:
    assert "pt-comercio-1" in ids(corpus_index, "ano")
    assert "pt-comercio-1" not in ids(corpus_index, "año")


@pytest.mark.parametrize("q, expected", [
    ("satellites", "world~en_nato_summit"),
    ("Ukraine", "world~fr_diplomatie"),
    ("Exporte", "world~de_wirtschaft"),
    ("Muenchen", "world~de_wirtschaft"),
    ("учения", "world~ru_oborona"),
    ("卫星", "asia~zh_weixing"),
    ("輸出", "asia~ja_keizai"),
    ("συνεργασία", "world~el_oikonomia"),
    ("anlaşma", "world~tr_ekonomi"),
    ("obronność", "world~pl_obrona"),
    ('"guerra comercial"', "pt-comercio-1"),
])
def test_every_language_is_searchable(corpus_index: Path, q: str, expected: str) -> None:
    assert expected in ids(corpus_index, q)


@pytest.mark.parametrize("q, present, absent", [
    ("otan AND satélites", "world~es_cumbre", ES),
    ("NATO AND satellites", "world~en_nato_summit", "world~pl_obrona"),
    ("satélites -otan", ES, "world~es_cumbre"),
    ("exportadores OR Exporte", "world~de_wirtschaft", ES),
])
def test_boolean_operators(corpus_index: Path, q: str, present: str, absent: str) -> None:
    found = ids(corpus_index, q)
    assert present in found and absent not in found


def test_phrase_needs_adjacent_words(corpus_index: Path) -> None:
    assert "pt-comercio-1" in ids(corpus_index, '"guerra comercial"')
    assert "pt-comercio-1" not in ids(corpus_index, '"comercial guerra"')


def test_paging_beyond_the_end_keeps_the_total(corpus_index: Path) -> None:
    result = run_search(corpus_index, SearchRequest(page=50, size=10))
    assert result.hits == () and result.total >= 12


def test_sort_newest_puts_undated_last(seeds_index: Path) -> None:
    assert ids(seeds_index, sort="newest") == [IT, ES]
    assert ids(seeds_index, sort="oldest") == [IT, ES]


@pytest.mark.parametrize("kwargs", [{"size": 0}, {"size": 101}, {"page": 0}, {"sort": "random"},
                                    {"page": 1000, "size": 100}])
def test_bad_requests_raise_readable_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(QueryError) as error:
        SearchRequest(**kwargs)  # type: ignore[arg-type]
    assert str(error.value)


def test_query_limits(seeds_index: Path) -> None:
    with pytest.raises(LimitError, match="characters"):
        run_search(seeds_index, SearchRequest(q="a" * 600))
    with pytest.raises(LimitError, match="only a trailing"):
        run_search(seeds_index, SearchRequest(q="*a*"))


def test_article_and_unknown_article(seeds_index: Path) -> None:
    article = get_article(seeds_index, IT, q="cooperazione")
    assert article.lang == "it" and "<mark>cooperazione</mark>" in article.title
    with pytest.raises(ArticleNotFoundError):
        get_article(seeds_index, "nope")


def test_seed_actors_and_actor_facet(seeds_index: Path) -> None:
    result = run_search(seeds_index, SearchRequest(facet_size=50))
    counts = {v.value: v.count for v in result.facets["actor"].values}
    assert counts["russia"] == 2 and counts["china"] == 2
    spanish = {a.id for a in get_article(seeds_index, ES).actors}
    assert spanish >= {"vladimir-putin", "zhang-youxia", "sergei-shoigu", "russia", "china",
                       "ukraine", "taiwan"}
    assert {a.id for a in get_article(seeds_index, IT).actors} >= {"china", "russia"}


def test_actor_names_in_any_language_find_the_actor(seeds_index: Path) -> None:
    assert ids(seeds_index, "Rusia", langs=("it",)) == [IT]
    assert IT in ids(seeds_index, "Пекин")
    assert ids(seeds_index, actors=("vladimir-putin",)) == [ES]
    result = run_search(seeds_index, SearchRequest(q="Rusia"))
    assert result.searched_as


def test_seed_dates_and_provenance(seeds_index: Path) -> None:
    italian, spanish = get_article(seeds_index, IT), get_article(seeds_index, ES)
    assert (italian.date, italian.translated_from) == ("2026-01-28", "es")
    assert (spanish.date, spanish.translated_from) == (None, None)
    assert italian.langs == ("it", "es")
    assert not any(line.startswith("Pubblicato") for _, line in italian.paragraphs)
    result = run_search(seeds_index, SearchRequest())
    assert {v.value: v.count for v in result.facets["provenance"].values} == {
        "original": 1, "translated-from-es": 1}


def test_caption_in_another_language_is_searchable(seeds_index: Path) -> None:
    assert ids(seeds_index, "banderas") == [IT]


def test_a_search_over_its_time_budget_is_cut_off(seeds_index: Path) -> None:
    from search import QueryTimeoutError, SearchEngine
    engine = SearchEngine(seeds_index, timeout=1e-9)
    with pytest.raises(QueryTimeoutError, match="took longer"):  # a search no other test ran
        engine.search(SearchRequest(q="rusia", langs=("it",), sort="oldest"))
