"""Browser test of the Map page: the canvas draws the basemap and the events, nothing leaves 127.0.0.1."""
import io

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def colour_counts(png: bytes) -> dict:
    """Return how many pixels look like land, sea and incident markers in a PNG screenshot."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB").resize((300, 240))
    counts = {"land": 0, "sea": 0, "marker": 0}
    for r, g, b in img.getdata():
        if abs(r - 236) < 8 and abs(g - 233) < 8 and abs(b - 226) < 8:
            counts["land"] += 1
        elif abs(r - 214) < 8 and abs(g - 228) < 8 and abs(b - 240) < 8:
            counts["sea"] += 1
        elif max(r, g, b) - min(r, g, b) > 80:  # saturated: a perpetrator colour
            counts["marker"] += 1
    return counts


def test_map_draws_basemap_and_events_offline(web):
    web.open("/map")
    canvas = web.page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible(timeout=30_000)
    web.page.wait_for_timeout(3000)  # deck.gl draws after the data arrives
    counts = colour_counts(canvas.screenshot())
    assert counts["land"] > 5000 and counts["sea"] > 2000, counts
    assert counts["marker"] > 300, counts
    web.assert_no_errors()
    web.shot("map", web.page.locator('[data-testid="stDeckGlJsonChart"]').first)
