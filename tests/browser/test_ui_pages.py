"""The article and statistics pages in a real browser."""
from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ES = "000_bbaff72d806f1524"
IT = "003_9419a023137d7c1a"


def test_article_from_a_search_has_highlights_and_the_same_story(page: Any, shoot: Any) -> None:
    page.goto("/?q=cooperazione")
    page.locator(".hit-title a").first.click()
    page.wait_for_url(re.compile(rf"/articles/{IT}\?q=cooperazione"))
    assert "cooperazione" in page.locator("h1").inner_text()
    marks = page.locator(".article-body mark").all_inner_texts()
    assert marks and all(m.lower() == "cooperazione" for m in marks)
    assert page.locator(".highlight-note").inner_text().startswith(f"{len(marks)} match")
    assert page.locator("dl.meta").inner_text().count("español") == 2  # passages in, translated from
    assert page.locator("#related").is_visible()
    same_story = page.locator("#same-story-list a")
    assert same_story.count() == 1 and same_story.get_attribute("lang") == "es"
    shoot(page, "article", dark=True)
    same_story.click()
    page.wait_for_url(re.compile(rf"/articles/{ES}$"))
    assert page.locator(".no-date").first.inner_text() == "Date unknown"
    assert page.locator(".article-body mark").count() == 0
    assert page.locator("#same-story-list a").get_attribute("href") == f"/articles/{IT}"


def test_article_actors_lead_to_a_filtered_search(page: Any) -> None:
    page.goto(f"/articles/{IT}")
    page.locator(".article-side .chip", has_text="Russia").click()
    page.wait_for_url(re.compile(r"/\?actor=russia$"))
    assert page.locator(".hit").count() == 2
    assert page.locator("#filters").get_by_role("checkbox", name="Russia").get_attribute("aria-checked") == "true"


def test_stats_page_from_the_footer(page: Any, shoot: Any) -> None:
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Statistics").click()
    page.wait_for_url(re.compile(r"/stats$"))
    assert page.locator(".cards li").first.inner_text().split() == ["2", "articles"]
    languages = page.locator("#st-lang ~ table a").all_inner_texts()
    assert languages == ["español", "italiano"]
    assert page.locator("#st-actors ~ table tbody tr").count() >= 2
    assert "gen-" in page.locator("#st-index ~ dl").first.inner_text()
    assert "flask" in page.locator("#st-versions ~ dl").inner_text()
    shoot(page, "stats", dark=True)
    page.get_by_role("link", name=re.compile(r"^Jan 2026: 1 article")).click()
    page.wait_for_url(re.compile(r"from=2026-01&to=2026-01"))
    assert page.locator(".hit").count() == 1


def test_every_page_links_its_json_twin(page: Any) -> None:
    for path, api in [("/?q=rusia", "/api/search?q=rusia"), (f"/articles/{ES}", f"/api/articles/{ES}"),
                      ("/stats", "/api/stats")]:
        page.goto(path)
        assert page.locator('link[rel="alternate"][type="application/json"]').get_attribute("href") == api
        response = page.request.get(api)
        assert response.ok and response.json()
