"""A keyboard-only walk in Chromium: Tab, Shift+Tab, Enter, arrows and typing, never the mouse.

It sets a filter, opens an incident's detail, downloads the filtered CSV and steps a presentation
slide, as a reader who cannot use a mouse would.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
MAX_TABS = 120

# What the focused element is, in words: its text, its label, the label of the widget around it.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return '';
  const widget = e.closest('[data-testid="stMultiSelect"],[data-testid="stSelectbox"],[data-testid="stTextInput"]');
  const label = widget ? (widget.querySelector('label') || {}).innerText || '' : '';
  const own = ['A', 'BUTTON', 'SUMMARY'].includes(e.tagName) ? e.innerText : '';  // not a container's text
  return [label, e.getAttribute('aria-label') || '', own || ''].join(' | ');
}"""


def tab_to(web, text: str, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused control names `text`; fail if it never does."""
    seen = []
    for _ in range(MAX_TABS):
        web.page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = web.page.evaluate(FOCUSED)
        if text in now:
            return
        seen.append(now[:60])
    raise AssertionError(f"{text!r} never took the focus; focus went through {seen[-25:]}")


def uk_incidents() -> list[str]:
    with open(ROOT / "data" / "incidents.csv", newline="", encoding="utf-8") as fh:
        return sorted(
            (r["name"] for r in csv.DictReader(fh) if r["perpetrator"] == "united_kingdom"), key=str.lower
        )


def test_keyboard_only_walk(web):
    page = web.page
    page.set_viewport_size({"width": 1280, "height": 1000})
    web.open("/")
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible(timeout=60_000)

    # 1. A filter: the perpetrator multiselect, by typing and Enter.
    tab_to(web, "Perpetrator")
    page.keyboard.type("United Kingdom")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    web.wait_idle()
    page.wait_for_function("location.search.includes('perp=united_kingdom')", timeout=30_000)

    # 2. The Incidents page from the navigation (back up the sidebar), then one incident by name.
    tab_to(web, "Incidents", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_function("location.pathname.endsWith('/incidents')", timeout=30_000)
    web.wait_idle()
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=60_000)
    first = uk_incidents()[0]
    tab_to(web, "Choose an incident")
    page.keyboard.type(first[:30])  # the list narrows to the incident; Enter takes the highlighted one
    page.get_by_role("option", name=first).first.wait_for(timeout=30_000)
    page.keyboard.press("Enter")
    web.wait_idle()
    expect(page.locator('[data-testid="stMain"] h2').filter(has_text=first)).to_be_visible(timeout=30_000)
    assert "incident=" in page.url
    assert "perp=united_kingdom" in page.url

    # 3. The filtered incidents as CSV: Tab to the button, Enter.
    tab_to(web, "Download these incidents (CSV)", backwards=True)
    with page.expect_download(timeout=90_000) as dl:
        page.keyboard.press("Enter")
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(uk_incidents())
    assert {r.get("perpetrator") or r.get("perpetrator_label") for r in rows} <= {
        "united_kingdom",
        "United Kingdom",
    }

    # 4. Presentation mode from the sidebar, then the next slide.
    tab_to(web, "Presentation mode", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('present=1')", timeout=30_000)
    web.wait_idle()
    expect(page.get_by_text("Slide 1 of")).to_be_visible(timeout=60_000)
    tab_to(web, "Next")
    page.keyboard.press("Enter")
    web.wait_idle()
    expect(page.get_by_text("Slide 2 of")).to_be_visible(timeout=60_000)
    assert "slide=" in page.url
    web.assert_no_errors()
