"""The Map page in Chromium: tooltips stay inside the map, a click points to the details without dimming
the map, and Play shows the year it plays while the slider moves with it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
DECK = '[data-testid="stDeckGlJsonChart"]'


def open_map(web, path="/map"):
    web.open(path)
    canvas = web.page.locator(f"{DECK} canvas").first
    expect(canvas).to_be_visible(timeout=90_000)  # a cold server first validates the data
    web.wait_idle()
    web.page.wait_for_timeout(3000)  # the countries load once the deck is up
    return web.page.locator(DECK).first


def hover_an_incident(page, box, columns=(0.97, 0.93, 0.9, 0.85, 0.8, 0.7)):
    """Move the pointer over the map's right part until a tooltip shows; return the pointer position."""
    tip = page.locator(".deck-tooltip").first
    for fx in columns:
        for k in range(2, 39):
            x, y = box["x"] + fx * box["width"], box["y"] + k / 40 * box["height"]
            page.mouse.move(x, y)
            page.wait_for_timeout(40)
            if tip.count() and tip.is_visible():
                return x, y
    raise AssertionError("no tooltip found over the map")


def inside(inner, outer, tol=1.0):
    return (
        inner["x"] >= outer["x"] - tol
        and inner["y"] >= outer["y"] - tol
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + tol
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + tol
    )


def test_tooltips_stay_inside_the_map(web):
    deck = open_map(web)
    box = deck.bounding_box()
    hover_an_incident(web.page, box)
    tip = web.page.locator(".deck-tooltip").first
    assert inside(tip.bounding_box(), box), (tip.bounding_box(), box)
    # deck.gl puts the tooltip's corner at the pointer: at the map's bottom-right corner it would be cut off.
    web.page.evaluate(
        """() => { const el = document.querySelector('.deck-tooltip'); const f = el.parentElement;
        el.style.transform = `translate(${f.clientWidth - 8}px, ${f.clientHeight - 8}px)`; }"""
    )
    web.page.wait_for_timeout(200)
    assert inside(tip.bounding_box(), box), (tip.bounding_box(), box)
    web.assert_no_errors()


def test_a_click_points_to_the_details_and_the_map_keeps_its_colours(web, map_check):
    deck = open_map(web)
    before = map_check(deck.screenshot())[1]
    x, y = hover_an_incident(web.page, deck.bounding_box())
    name = web.page.locator(".deck-tooltip b").first.inner_text()
    web.page.mouse.click(x, y)
    pointer = web.page.get_by_text("are shown below ↓")
    expect(pointer).to_be_visible(timeout=30_000)
    assert name in pointer.inner_text()
    web.wait_idle()
    web.page.mouse.move(1, 1)  # off the map: no tooltip, no hover highlight
    web.page.wait_for_timeout(1500)
    drawn, after = map_check(deck.screenshot())
    # Streamlit dims every unselected object while a selection stands: the land would lose its tones.
    assert drawn and after["land"] > 0.8 * before["land"], (before, after)
    web.page.get_by_role("link", name="Details of").click()
    expect(web.page.get_by_text("Details of the chosen incident")).to_be_in_viewport(timeout=10_000)
    web.assert_no_errors()


def test_play_shows_the_year_and_moves_the_slider(web):
    open_map(web, "/map?years=1939-1945")
    slider = web.page.get_by_role("group", name="Incidents that began up to").locator("input").first
    end = slider.input_value()
    web.page.get_by_role("button", name="Play through the years").click()
    seen = set()
    for _ in range(200):
        status = web.page.locator(".st-key-map_status").inner_text()
        if "Playing:" in status:
            year = status.split("Playing:")[1].split()[0]
            seen.add((year, slider.input_value()))
        elif seen:
            break
        web.page.wait_for_timeout(100)
    years = {y for y, _ in seen}
    assert len(years) >= 3, seen  # several years shown in turn
    assert any(y == s for y, s in seen)  # and the slider stood at the year shown
    expect(web.page.get_by_role("button", name="Play through the years")).to_be_visible(timeout=30_000)
    assert slider.input_value() == end
    web.assert_no_errors()
