"""Browser test of the Map page: the canvas draws the basemap and the events, nothing leaves 127.0.0.1."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from components import maps

pytestmark = pytest.mark.browser


def test_map_draws_basemap_and_events_offline(web, map_check):
    web.open("/map")
    canvas = web.page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible(timeout=30_000)
    web.page.wait_for_timeout(3000)  # deck.gl draws the countries once the browser has loaded them
    drawn, counts = map_check(canvas.screenshot())
    assert drawn, counts
    web.assert_no_errors()
    web.shot("map", web.page.locator('[data-testid="stDeckGlJsonChart"]').first)


def test_map_draws_its_countries_below_a_base_url_path(browser, make_server, map_check):
    """The deck loads the countries by a relative URL, so the map also works when served below a path."""
    base = make_server(base_path="atlas")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        loaded = []
        page.on(
            "response", lambda r: loaded.append((r.status, r.url)) if maps.BASEMAP.name in r.url else None
        )
        page.goto(base + "/map")
        canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
        expect(canvas).to_be_visible(timeout=30_000)
        page.wait_for_timeout(3000)
        drawn, counts = map_check(canvas.screenshot())
        assert drawn, counts
        assert loaded and all(
            status in (200, 304) and "/atlas/app/static/" in url for status, url in loaded
        ), loaded
    finally:
        page.close()


def test_basemap_is_served_where_the_deck_loads_it(server):
    """The countries layer loads a relative URL from Streamlit's static folder: it must answer, with every country's tone."""
    assert maps.BASEMAP_URL.startswith("app/static/")
    with urllib.request.urlopen(f"{server}/{maps.BASEMAP_URL}", timeout=10) as r:
        assert r.status == 200
        served = json.loads(r.read())
    assert served == maps.basemap()
    assert {f["properties"]["tone"] for f in served["features"]} == set(range(len(maps.LAND_TONES)))
