"""Presentation mode opened by a URL parameter: one slide, large type, no chrome; keys and buttons move
through the slides without wrapping around, and the way back returns to the page the show came from."""

import csv
import io
import json
from pathlib import Path

import pytest

from components import present, slides

ROOT = Path(__file__).resolve().parents[2]
KEYS = [s.key for s in slides.SLIDES]
N = len(KEYS)


def counter(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Slide "))


def test_link_opens_in_presentation_mode(app):
    at = app(query={"present": "1", "slide": "pow-matrix"})
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["layout"]["meta"]["title"].startswith("Percent of prisoners of war")
    assert spec["layout"]["font"]["size"] == slides.PRESENT_FONT
    # the figure takes the screen's height less the controls and caption (1280x720 until the browser says)
    assert spec["layout"]["height"] == present.stage_height(720) > 500
    assert counter(at) == f"**Slide {KEYS.index('pow-matrix') + 1} of {N}**"


@pytest.mark.parametrize("key", KEYS)
def test_every_slide_key_opens_its_slide(app, key):
    at = app(query={"present": "1", "slide": key})
    assert not at.exception
    assert counter(at) == f"**Slide {KEYS.index(key) + 1} of {N}**"
    assert len(at.get("plotly_chart")) == 1


def test_first_slide_has_no_previous_and_last_no_next(app):
    at = app(query={"present": "1"})
    assert counter(at) == f"**Slide 1 of {N}**"
    for key in ("present_prev", "present_pgup", "present_up", "present_home"):
        assert at.button(key=key).disabled, key
    assert not at.button(key="present_next").disabled
    at.button(key="present_end").click().run()
    assert at.query_params["slide"] == KEYS[-1]
    assert counter(at) == f"**Slide {N} of {N}**"
    for key in ("present_next", "present_pgdn", "present_down", "present_space", "present_end"):
        assert at.button(key=key).disabled, key
    at.button(key="present_prev").click().run()
    assert counter(at) == f"**Slide {N - 1} of {N}**"
    at.button(key="present_home").click().run()
    assert counter(at) == f"**Slide 1 of {N}**"


def test_clicker_keys_are_bound_to_the_moves(app):
    at = app(query={"present": "1", "slide": KEYS[2]})
    shortcuts = {b.key: b.proto.shortcut for b in at.button if b.key and b.key.startswith("present_")}
    assert shortcuts["present_next"] == "right" and shortcuts["present_prev"] == "left"
    assert shortcuts["present_pgdn"] == "pagedown" and shortcuts["present_pgup"] == "pageup"
    assert shortcuts["present_space"] == "space"
    assert shortcuts["present_home"] == "home" and shortcuts["present_end"] == "end"
    assert shortcuts["present_back"] == "escape"
    at.button(key="present_space").click().run()
    assert counter(at) == f"**Slide 4 of {N}**"
    at.button(key="present_pgup").click().run()
    assert counter(at) == f"**Slide 3 of {N}**"


def test_the_way_back_returns_to_the_page_the_show_came_from(app):
    at = app(query={"present": "1", "slide": "compare-deaths", "from": "compare", "years": "1939-1945"})
    assert at.button(key="present_back").label == "Back to Compare"
    at.button(key="present_back").click().run()
    assert not at.exception
    assert (
        "present" not in at.query_params and "slide" not in at.query_params and "from" not in at.query_params
    )
    assert at.query_params["years"] == "1939-1945"  # the filters stay
    assert any(t.value == "Compare" for t in at.title)


def test_the_show_starts_on_the_slide_of_the_page_it_is_started_from(app):
    at = app(page="views/map.py")
    at.button(key="present_toggle").click().run()
    assert not at.exception
    assert at.query_params["present"] == "1" and at.query_params["from"] == "map"
    assert at.query_params["slide"] == "map"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["meta"]["title"] == "Where the incidents happened"
    assert at.button(key="present_back").label == "Back to Map"


def test_unknown_slide_or_page_falls_back_with_a_notice(app):
    at = app(query={"present": "1", "slide": "<script>", "from": "nowhere"})
    assert not at.exception
    assert any("unknown slide" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 1
    assert at.button(key="present_back").label == "Back to Overview"


def test_presentation_respects_filters_and_zero_match(app):
    at = app(query={"present": "true", "q": "zzzz-nothing"})
    assert not at.exception
    assert any("No incidents match" in i.value for i in at.info)


def test_the_show_started_on_the_map_keeps_its_year_and_borders(app):
    """The Map page at 1941 on the borders of the time: the show's map slide is the same picture."""
    at = app(page="views/map.py")
    at.radio(key="map_borders").set_value("Borders of the time").run()
    at.slider(key="map_year").set_value(1941).run()
    at.button(key="present_toggle").click().run()
    assert not at.exception
    assert at.query_params["year"] == "1941" and at.query_params["borders"] == "time"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["meta"]["title"] == "Where the incidents happened, on the borders of 1938"
    # every incident that began up to 1941, counted over the CSV
    rows = list(csv.DictReader(io.StringIO((ROOT / "data" / "incidents.csv").read_text(encoding="utf-8"))))
    n = sum(int(r["date_start"][:4]) <= 1941 for r in rows)
    assert spec["layout"]["meta"]["subtitle"].endswith(f"incidents that began up to 1941: {n:,} on the map")
    # the next slide keeps them in the URL; leaving the show drops them
    at.button(key="present_next").click().run()
    assert at.query_params["year"] == "1941"
    at.button(key="present_back").click().run()
    assert "year" not in at.query_params and "borders" not in at.query_params


def test_map_slide_link_with_borders_of_the_time(app):
    at = app(query={"present": "1", "slide": "map", "year": "1950", "borders": "time"})
    assert not at.exception and not at.warning
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["meta"]["title"] == "Where the incidents happened, on the borders of 1945"
    assert any("borders of 1945" in c.value and "approximate" in c.value for c in at.caption)


def test_nonsense_map_year_or_borders_falls_back_with_a_notice(app):
    at = app(query={"present": "1", "slide": "map", "year": "19x5", "borders": "<b>old</b>"})
    assert not at.exception
    assert len(at.warning) == 1
    assert "year" in at.warning[0].value and "borders" in at.warning[0].value
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["meta"]["title"] == "Where the incidents happened"
