"""Keyboard only, a phone screen, no JavaScript, labels, contrast and languages."""
from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ES = "000_bbaff72d806f1524"
IT = "003_9419a023137d7c1a"

# WCAG contrast of every visible text against the colour behind it (4.5:1, or 3:1 when large).
CONTRAST_JS = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const behind = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                         if (c.length === 3 || c[3] > 0.5) return c.slice(0, 3); } return [255, 255, 255]; };
  const bad = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width <= 1 || getComputedStyle(el).visibility === "hidden" || el.closest("[aria-hidden=true]")) continue;
    const style = getComputedStyle(el);
    const [a, b] = [lum(rgb(style.color)), lum(behind(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need) bad.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return bad;
}"""

UNLABELLED_JS = """() => [...document.querySelectorAll("input:not([type=hidden]), select, textarea, button")]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label") && !el.textContent.trim())
  .map(el => el.outerHTML.slice(0, 80))"""


def tab_to(page: Any, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching the selector has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_search_and_facet(page: Any) -> None:
    page.goto("/")
    tab_to(page, "#q")
    page.keyboard.type("cooperación")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=cooperaci"))
    tab_to(page, '#filters a[role="checkbox"]')
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")  # the focus is visible
    name = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"lang=es"))
    assert name == "español" and "q=cooperaci" in page.url
    assert page.locator("#filters").get_by_role("checkbox", name="español").get_attribute("aria-checked") == "true"
    tab_to(page, '#filters a[role="checkbox"][aria-checked="true"]')
    page.keyboard.press(" ")  # Space toggles too, as on a checkbox
    page.wait_for_url(re.compile(r"^(?!.*lang=es)"))
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_phone_width_has_no_sideways_scroll(phone_page: Any, shoot: Any) -> None:
    for path, name in [("/?q=cooperación", "search-360"), (f"/articles/{IT}?q=cooperazione", "article-360"),
                       ("/stats", "stats-360")]:
        phone_page.goto(path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360, path
        shoot(phone_page, name, dark=name == "search-360")
    phone_page.goto("/")
    assert phone_page.locator(".hit").first.is_visible()  # results come first; filters fold away
    phone_page.locator("#filters summary").click()
    assert phone_page.locator("#filters").get_by_role("checkbox", name="italiano").is_visible()


def test_acceptance_flow_without_javascript(nojs_page: Any) -> None:
    page = nojs_page
    page.goto("/")
    filters = page.locator("#filters")
    counts = {label: filters.get_by_role("checkbox", name=label, exact=True)
              .locator("xpath=following-sibling::span").inner_text()
              for label in ("español", "italiano", "Russia", "China")}
    assert counts == {"español": "1", "italiano": "1", "Russia": "2", "China": "2"}
    assert page.locator(".hit").count() == 2
    assert page.get_by_role("link", name=re.compile(r"^Jan 2026: 1 article")).count() == 1
    assert page.locator(".unknown .count").inner_text() == "1"
    page.get_by_label("Search the news").fill("cooperación")
    page.get_by_label("Search the news").press("Enter")
    page.wait_for_url(re.compile(r"q=cooperaci"))
    first = page.locator(".hit").first
    assert first.locator(".hit-title a").get_attribute("href").startswith(f"/articles/{ES}")
    assert "cooperación" in first.locator(".snippet mark").all_inner_texts()
    page.get_by_label("Sort by").select_option("newest")
    page.get_by_role("button", name="Apply sort and page size").click()  # no JS: the button applies
    page.wait_for_url(re.compile(r"sort=newest"))
    page.goto("/")
    filters.get_by_role("checkbox", name="italiano").click()
    page.wait_for_url(re.compile(r"lang=it"))
    page.get_by_role("link", name=re.compile(r"^Jan 2026")).click()
    page.wait_for_url(re.compile(r"lang=it.*from=2026-01"))
    assert page.locator(".hit").count() == 1
    page.get_by_label("From", exact=True).fill("2025")
    page.get_by_label("To", exact=True).fill("2025")
    page.locator(".date-range button").click()
    page.wait_for_url(re.compile(r"from=2025&to=2025"))
    assert page.locator(".hit").count() == 0 and "lang=it" in page.url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_labels_contrast_and_languages(page: Any, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    for path in ("/?q=cooperación&lang=es", "/?actor=russia&from=2026-01", f"/articles/{IT}?q=cooperazione", "/stats"):
        page.goto(path)
        assert page.evaluate(UNLABELLED_JS) == [], path
        assert page.evaluate(CONTRAST_JS) == [], f"{path} ({scheme})"
        assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/")
    assert page.locator('#filters [lang="es"]').inner_text() == "español"
    assert page.locator('.hit-title a[lang="it"]').count() == 1


def test_hostile_input_is_shown_as_text(page: Any) -> None:
    hostile = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/", wait_until="load")
    page.get_by_label("Search the news").fill(hostile)
    page.get_by_label("Search the news").press("Enter")
    page.wait_for_url(re.compile(r"q=%22"))
    page.get_by_label("Find an actor by name").fill(hostile)
    page.get_by_label("Find an actor by name").press("Enter")
    page.wait_for_url(re.compile(r"actor_filter="))
    assert dialogs == [] and page.locator("main img, main script").count() == 0
    assert page.get_by_label("Search the news").input_value() == hostile
    assert page.get_by_label("Find an actor by name").input_value() == hostile
