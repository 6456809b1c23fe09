"""The search page in a real browser: query, facets, date bars, sorting and paging."""
from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ES = "000_bbaff72d806f1524"
IT = "003_9419a023137d7c1a"


def hit_ids(page: Any) -> list[str]:
    """The article ids of the listed hits, in order."""
    hrefs = page.locator(".hit .hit-title a").evaluate_all("links => links.map(a => a.pathname)")
    return [href.rsplit("/", 1)[-1] for href in hrefs]


def toggle(page: Any, label: str) -> Any:
    """The facet toggle (a link that acts as a checkbox) with this label."""
    return page.locator("#filters").get_by_role("checkbox", name=label, exact=True)


def facet_count(page: Any, label: str) -> str:
    """The count shown beside one facet toggle."""
    return toggle(page, label).locator("xpath=following-sibling::span[@class='count']").inner_text()


def test_empty_query_lists_both_articles_with_facets(page: Any, shoot: Any) -> None:
    page.goto("/")
    assert sorted(hit_ids(page)) == sorted([ES, IT])
    assert page.locator("#results-summary strong").inner_text() == "2"
    assert facet_count(page, "español") == "1" and facet_count(page, "italiano") == "1"
    assert page.locator('#filters a[lang="es"]').inner_text() == "español"
    assert facet_count(page, "Russia") == "2" and facet_count(page, "China") == "2"
    assert page.locator("#facet-actor ~ h4").all_inner_texts() == ["People", "Countries", "Organisations"]
    assert page.get_by_role("link", name=re.compile(r"^Jan 2026: 1 article")).count() == 1
    assert page.locator(".unknown .count").inner_text() == "1"
    shoot(page, "search", dark=True)


def test_typing_a_query_finds_the_spanish_article_first(page: Any, shoot: Any) -> None:
    page.goto("/")
    page.get_by_label("Search the news").fill("cooperación")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=cooperaci"))
    assert hit_ids(page)[0] == ES
    assert "cooperación" in page.locator(".hit").first.locator(".snippet mark").all_inner_texts()
    assert page.get_by_label("Search the news").input_value() == "cooperación"
    assert page.locator(".searched-as").count() == 1
    shoot(page, "search-query", dark=True)


def test_ticking_a_language_then_an_actor_narrows_and_recounts(page: Any) -> None:
    page.goto("/")
    assert facet_count(page, "Russia") == "2"
    toggle(page, "italiano").click()
    page.wait_for_url(re.compile(r"lang=it"))
    assert hit_ids(page) == [IT]
    assert toggle(page, "italiano").get_attribute("aria-checked") == "true"
    assert facet_count(page, "español") == "1"  # a facet is counted without its own filter
    assert facet_count(page, "Russia") == "1"
    assert toggle(page, "Vladimir Putin").count() == 0
    toggle(page, "Russia").click()
    page.wait_for_url(re.compile(r"actor=russia"))
    assert "lang=it" in page.url and hit_ids(page) == [IT]
    assert toggle(page, "Russia").get_attribute("aria-checked") == "true"
    assert page.locator(".active-filters .filter-chip").count() == 2
    page.get_by_role("link", name="Clear all").click()
    page.wait_for_url(re.compile(r"^(?!.*(lang|actor)=)"))
    page.wait_for_load_state()
    assert sorted(hit_ids(page)) == sorted([ES, IT])


def test_clicking_a_date_bar_narrows_to_that_month(page: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name=re.compile(r"^Jan 2026")).click()
    page.wait_for_url(re.compile(r"from=2026-01&to=2026-01"))
    assert hit_ids(page) == [IT]
    assert page.locator("#date-from").input_value() == "2026-01"
    assert page.locator("svg.histogram a.selected").count() == 1
    page.get_by_role("link", name="any date").click()
    page.wait_for_url(re.compile(r"^(?!.*from=)"))
    page.wait_for_load_state()
    assert len(hit_ids(page)) == 2


def test_actor_chip_and_actor_filter_box(page: Any) -> None:
    page.goto("/?q=cooperación")
    page.locator(".hit").first.locator(".chip", has_text="Putin").click()
    page.wait_for_url(re.compile(r"actor=vladimir-putin"))
    assert hit_ids(page) == [ES] and "q=cooperaci" in page.url
    page.goto("/")
    page.get_by_label("Find an actor by name").fill("pu")
    page.get_by_role("button", name="Find actor").click()
    page.wait_for_url(re.compile(r"actor_filter=pu"))
    labels = page.locator("#facet-actor ~ ul .toggle").all_inner_texts()
    assert labels == ["Vladimir Putin"]


def test_sort_applies_on_change_and_pages_link(page: Any) -> None:
    page.goto("/?size=1")
    assert page.locator(".controls button").bounding_box()["width"] <= 1  # JS applies changes itself
    page.get_by_label("Sort by").select_option("oldest")
    page.wait_for_url(re.compile(r"sort=oldest"))
    assert hit_ids(page) == [IT]  # undated articles come last
    page.get_by_role("link", name="Next ›").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert hit_ids(page) == [ES] and "sort=oldest" in page.url
    assert page.locator('.pager a[aria-current="page"]').inner_text() == "2"
    page.get_by_label("Per page").select_option("20")
    page.wait_for_url(re.compile(r"size=20"))
    assert len(hit_ids(page)) == 2 and "page=" not in page.url


def test_unknown_words_offer_a_suggestion_or_an_empty_state(page: Any) -> None:
    page.goto("/?q=zzqqxx")
    assert page.locator("#results-summary strong").inner_text() == "0"
    assert page.get_by_role("heading", name="No articles found").is_visible()
