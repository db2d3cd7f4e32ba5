"""What the Map page adds around the deck: the play sequence, the density scale, a click read once."""

import json
import typing

import pandas as pd

from components import map_chrome, maps
from tests.unit.test_maps import frame


def test_play_shows_the_first_year_each_year_an_incident_begins_and_the_last():
    starts = pd.Series([1941, 1939, 1941, 1944, 1950, None])
    assert map_chrome.play_years(starts, 1937, 1945) == [1937, 1939, 1941, 1944, 1945]
    assert map_chrome.play_years(starts, 1941, 1941) == [1941]


def test_density_scale_shows_the_ramp_the_map_draws():
    deck = json.loads(maps.incident_deck(maps.points_frame(frame(), {}, {}), density=True).to_json())
    heat = next(layer for layer in deck["layers"] if layer["@@type"] == "HeatmapLayer")
    svg = map_chrome.density_legend_svg()
    stops = [s.split('"')[0] for s in svg.split('stop-color="')[1:]]
    assert stops == [f"rgb({r}, {g}, {b})" for r, g, b in heat["colorRange"]]
    assert "few" in svg and "most in view" in svg and "relative" in svg


def test_a_new_generation_renames_the_incident_layers_and_the_click_is_still_read():
    pts = maps.points_frame(frame(), {}, {})
    ids = {layer["id"] for layer in json.loads(maps.incident_deck(pts, generation=3).to_json())["layers"]}
    assert f"{maps.LAYER_EXACT}~3" in ids and f"{maps.LAYER_APPROX}~3" in ids and "countries" in ids

    class Sel:
        objects: typing.ClassVar[dict] = {f"{maps.LAYER_APPROX}~3": [{"incident_id": "b"}]}

    class Ev:
        selection = Sel()

    assert maps.selected_incident(Ev()) == "b"


def test_the_chosen_incident_gets_a_ring_that_takes_no_clicks():
    pts = maps.points_frame(frame(), {}, {})
    deck = json.loads(maps.incident_deck(pts, picked="b").to_json())
    ring = next(layer for layer in deck["layers"] if layer["id"] == maps.LAYER_PICKED)
    assert [round(p["lon"], 3) for p in ring["data"]] == [20.0] and ring["pickable"] is False
    assert ring["data"][0]["radius"] > pts.set_index("incident_id").loc["b", "radius"]
    unpicked = json.loads(maps.incident_deck(pts).to_json())
    assert maps.LAYER_PICKED not in {layer["id"] for layer in unpicked["layers"]}
