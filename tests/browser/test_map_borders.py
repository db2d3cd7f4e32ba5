"""Browser test of the map's historical borders: drawn from this server, following the year slider, nothing fetched beyond 127.0.0.1."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_map_draws_the_borders_of_the_time_and_follows_the_slider(web, map_check):
    loaded = []
    web.page.on("response", lambda r: loaded.append((r.status, r.url)) if "/historical/" in r.url else None)
    web.open("/map")
    main = web.page.get_by_test_id("stMain")
    canvas = web.page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible(timeout=30_000)
    expect(main.get_by_text("Today's borders", exact=True).last).to_be_visible()
    assert not loaded  # today's borders stay the default

    main.get_by_test_id("stRadio").filter(has_text="Borders of the time").get_by_text(
        "Borders of the time"
    ).click()
    web.wait_idle()
    # The latest incident began in 1990: the latest snapshot not after it is 1960.
    expect(main.get_by_text("Borders of 1960", exact=True)).to_be_visible(timeout=20_000)
    expect(main.get_by_text("historical-basemaps", exact=False).first).to_be_visible()
    expect(main.get_by_text("approximate, and many were disputed", exact=False).first).to_be_visible()
    web.page.wait_for_timeout(3000)  # deck.gl draws the borders once the browser has loaded them
    drawn, counts = map_check(canvas.screenshot())
    assert drawn, counts
    assert any(
        status in (200, 304) and url.endswith("/app/static/historical/borders-1960.geojson")
        for status, url in loaded
    ), loaded

    slider = main.get_by_role("slider").first
    slider.focus()
    slider.press("Home")  # the first year with an incident, 1918: before any snapshot, the earliest is drawn
    web.wait_idle()
    expect(main.get_by_text("Borders of 1920", exact=True)).to_be_visible(timeout=20_000)
    web.page.wait_for_timeout(3000)
    _drawn, counts = map_check(canvas.screenshot())
    assert counts["land"] > 5000 and counts["sea"] > 2000, counts  # two incidents by 1918: few markers
    assert any(url.endswith("/borders-1920.geojson") for _status, url in loaded), loaded
    web.shot("map-borders-1920", web.page.locator('[data-testid="stDeckGlJsonChart"]').first)
    web.assert_no_errors()  # includes: no request left 127.0.0.1
