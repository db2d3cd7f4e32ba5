"""Presentation mode in Chromium: a clicker's keys move through the slides (never wrapping), each slide
fills the screen at 1280x720 and 1920x1080 with nothing below the fold, and the map slide draws its map."""

import re

import pytest
from playwright.sync_api import expect

from components import slides
from tests.browser.conftest import Page

pytestmark = pytest.mark.browser
N = len(slides.SLIDES)
COUNTER = re.compile(r"Slide (\d+) of (\d+)")
PLOT = '.st-key-slide_stage [data-testid="stPlotlyChart"] .js-plotly-plot'


def counter(page) -> int:
    text = page.get_by_text(COUNTER).first.inner_text()
    k, n = map(int, COUNTER.search(text).groups())
    assert n == N
    return k


def wait_for_slide(web, k: int) -> None:
    expect(web.page.get_by_text(f"Slide {k} of {N}")).to_be_visible(timeout=60_000)
    web.wait_idle()


@pytest.fixture()
def show(browser, server):
    pages = []

    def open_show(width=1280, height=720, query="present=1"):
        pg = Page(browser, server, width, height)
        pages.append(pg)
        pg.open(f"/?{query}")
        expect(pg.page.get_by_text(COUNTER).first).to_be_visible(timeout=90_000)
        pg.page.wait_for_timeout(3000)  # the window's size reaches the server and the slide is redrawn
        pg.wait_idle()
        return pg

    yield open_show
    for pg in pages:
        pg.ctx.close()


def test_clicker_keys_move_through_the_slides_without_wrapping(show):
    web = show()
    assert counter(web.page) == 1
    for key, want in [
        ("ArrowLeft", 1),  # no previous slide: nothing happens, no jump to the last
        ("ArrowRight", 2),
        ("PageDown", 3),
        ("Space", 4),
        ("PageUp", 3),
        ("ArrowLeft", 2),
        ("End", N),
        ("ArrowRight", N),  # no next slide: stays on the last
        ("Home", 1),
    ]:
        web.wait_idle()
        web.page.keyboard.press(key)
        web.page.wait_for_timeout(400)
        wait_for_slide(web, want)
        assert counter(web.page) == want, key
    expect(web.page.get_by_role("button", name="◀ Previous")).to_be_disabled()
    web.assert_no_errors()


def test_escape_goes_back_to_the_page_the_show_came_from(show):
    web = show(query="present=1&slide=compare-deaths&from=compare&years=1939-1945")
    expect(web.page.get_by_role("button", name="Back to Compare")).to_be_visible()
    web.page.keyboard.press("Escape")
    expect(web.page.get_by_role("heading", name="Compare")).to_be_visible(timeout=60_000)
    web.wait_idle()
    assert "/compare" in web.page.url and "present" not in web.page.url and "years=1939-1945" in web.page.url
    web.assert_no_errors()


def test_map_slide_draws_the_map_with_its_title_and_source(show):
    web = show(query="present=1&slide=map")
    plot = web.page.locator(PLOT).first
    expect(plot.locator(".main-svg").first).to_be_visible(timeout=60_000)
    text = " ".join(plot.locator("svg text").all_text_contents())
    assert "Where the incidents happened" in text and "Natural Earth" in text and "Soviet Union" in text
    assert plot.locator("path.js-fill").count() >= 3  # the countries, drawn as filled shapes
    web.assert_no_errors()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_slide_fills_the_screen(show, size):
    """Each slide's figure takes the screen's height less the controls and caption; nothing falls below the fold."""
    w, h = size
    web = show(w, h, query=f"present=1&slide={slides.SLIDES[0].key}")
    for k, s in enumerate(slides.SLIDES, start=1):
        if k > 1:
            web.page.keyboard.press("ArrowRight")
            wait_for_slide(web, k)
        plot = web.page.locator(PLOT).first
        expect(plot.locator(".main-svg").first).to_be_visible(timeout=60_000)
        web.page.wait_for_timeout(500)
        box = plot.bounding_box()
        under = web.page.get_by_text(s.caption[:40]).first
        expect(under).to_be_visible(timeout=60_000)  # the caption comes with the slide, maybe after its chart
        caption = under.bounding_box()
        # the figure is most of the screen (at 1080 p at least the height it takes before the window's size
        # has reached the server, when it is sized for 1280x720)
        assert box["height"] >= (0.7 if h <= 720 else 0.45) * h, (s.key, box)
        assert box["width"] >= 0.9 * w, (s.key, box)
        assert caption["y"] + caption["height"] <= h + 1, (s.key, caption)  # the caption is on screen
        web.shot(f"present-{s.key}-{w}x{h}", web.page.locator('[data-testid="stMain"]'))
    web.assert_no_errors()
