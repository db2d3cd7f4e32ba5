"""Map builders, tested on the deck JSON: layers, colours, radius scale, precision styling, nothing fetched."""

import itertools
import json
import typing

import pandas as pd
import pytest

from components import maps, tables
from components.format import fmt_dates, fmt_range
from components.theme import PARTY_COLOURS


def frame(**over) -> pd.DataFrame:
    base = {
        "incident_id": ["a", "b", "c"],
        "name": ["<b>A</b>", "B", "C"],
        "place": ["X", "Y", "Sea"],
        "country_code": pd.array(["DE", "PL", None], dtype="string"),
        "lat": [52.0, 50.0, 46.5],
        "lon": [13.0, 20.0, 142.5],
        "location_precision": ["exact", "region", "sea"],
        "perpetrator": ["soviet_union", "united_states", "soviet_union"],
        "deaths_low": pd.array([30, None, 2400], dtype="Float64"),
        "deaths_high": pd.array([166, None, None], dtype="Float64"),
        "deaths_max": pd.array([166, None, 2400], dtype="Float64"),
        "deaths_qualifier": pd.array([None, None, "over"], dtype="string"),
        "date_start": pd.to_datetime(["1945-04-21", "1940-01-01", "1945-08-22"]),
        "date_end": pd.to_datetime(["1945-04-23", "1940-12-31", "1945-08-22"]),
        "date_precision": ["day", "year", "day"],
        "source_ids": ["soviet_wc_wp", "allied_wwii", "soviet_wc_wp"],
        "at_sea": [False, False, True],
        "state_at_time": pd.array(["Germany", "Poland", None], dtype="string"),
        "borders_year": pd.array([1938, 1938, 1938], dtype="Int64"),
        "near_state": pd.array([None, "Germany", None], dtype="string"),
    }
    base.update(over)
    df = pd.DataFrame(base)
    # the loader derives these once (components.data.derive)
    df["deaths_text"] = [
        fmt_range(a, b, q) for a, b, q in zip(df["deaths_low"], df["deaths_high"], df["deaths_qualifier"])
    ]
    df["dates_text"] = [
        fmt_dates(a, b, p) for a, b, p in zip(df["date_start"], df["date_end"], df["date_precision"])
    ]
    # and the labels of codes and sources (components.labels.add_labels)
    precision = {"exact": "exact site", "region": "region", "sea": "sea area", "town": "town or city"}
    df["location_precision_label"] = df["location_precision"].map(precision)
    df["source_names"] = (
        df["source_ids"].map({"soviet_wc_wp": "Soviet war crimes (Wikipedia)"}).fillna("Other")
    )
    return df


@pytest.fixture()
def deck_json():
    pts = maps.points_frame(
        frame(), {"soviet_union": "Soviet Union", "united_states": "United States"}, {"DE": "Germany"}
    )
    return json.loads(maps.incident_deck(pts).to_json()), pts


def test_radius_is_square_root_of_deaths_with_a_minimum():
    assert maps.radius_px(None) == maps.MIN_RADIUS_PX == maps.radius_px(0)
    r1, r4 = maps.radius_px(10_000) - maps.MIN_RADIUS_PX, maps.radius_px(40_000) - maps.MIN_RADIUS_PX
    assert r4 == pytest.approx(2 * r1, rel=0.01)  # four times the deaths, twice the radius
    assert maps.radius_px(10**9) == maps.MAX_RADIUS_PX


def test_layers_basemap_first_and_nothing_fetched(deck_json):
    d, _ = deck_json
    assert [layer["@@type"] for layer in d["layers"]] == [
        "GeoJsonLayer",
        "ScatterplotLayer",
        "ScatterplotLayer",
    ]
    countries = d["layers"][0]
    # The sea is the view's background colour, not a layer: one kind of layer fewer to compile.
    assert d["views"] == [
        {"@@type": "MapView", "clear": True, "clearColor": [*maps.SEA, 255], "controller": True}
    ]
    # The countries are loaded by the browser from this server's static folder, not sent with each rerun.
    assert (
        countries["data"] == maps.BASEMAP_URL == "app/static/" + maps.BASEMAP.name and maps.BASEMAP.is_file()
    )
    assert (
        countries["stroked"] is False
    )  # no line layer: coastlines are the edge of the sea, borders a change of tone
    assert countries["getFillColor"] == "@@=" + maps.tone_expression()
    assert "mapProvider" not in d  # None: no tile provider
    assert d["mapStyle"] == "__MAP_STYLE__"  # pydeck's placeholder, which Streamlit reads as "no basemap"
    text = json.dumps(d)
    assert "http" not in text.replace("http://www.w3.org", "")
    assert (
        len(maps.incident_deck(maps.points_frame(frame().iloc[:0], {}, {})).to_json()) < 5_000
    )  # no basemap inside


def test_online_tiles_replace_the_bundled_basemap():
    pts = maps.points_frame(
        frame(), {"soviet_union": "Soviet Union", "united_states": "United States"}, {"DE": "Germany"}
    )
    d = json.loads(maps.tile_deck(pts).to_json())
    assert [layer["id"] for layer in d["layers"]] == [maps.LAYER_APPROX, maps.LAYER_EXACT]
    assert d["mapProvider"] == "carto" and "carto" in d["mapStyle"]
    assert "clear" not in d["views"][0]  # a sea-coloured background would hide the tiles under the canvas


def test_tone_expression_gives_each_tone_its_colour():
    expr = maps.tone_expression()
    for k, colour in enumerate(maps.LAND_TONES[:-1]):
        assert f"properties.tone == {k} ? {list(colour)}" in expr
    assert expr.endswith(f"({list(maps.LAND_TONES[-1])})" + ")" * (len(maps.LAND_TONES) - 2))


def test_neighbouring_countries_never_share_a_tone():
    """Borders are drawn as changes of tone, so two countries with a common edge must differ."""
    gj = maps.basemap()
    tone_of, edges = {}, {}
    for k, f in enumerate(gj["features"]):
        tone_of[k] = f["properties"]["tone"]
        assert 0 <= tone_of[k] < len(maps.LAND_TONES), f["properties"]
        for poly in f["geometry"]["coordinates"]:
            for ring in poly:
                for a, b in itertools.pairwise(ring):
                    edges.setdefault(frozenset((tuple(a), tuple(b))), set()).add(k)
    pairs = {tuple(sorted(who)) for who in edges.values() if len(who) == 2}
    assert len(pairs) > 250  # the land borders of the world (Germany alone has nine neighbours)
    clashes = [
        (gj["features"][a]["properties"]["name"], gj["features"][b]["properties"]["name"])
        for a, b in pairs
        if tone_of[a] == tone_of[b]
    ]
    assert clashes == []
    names = {f["properties"]["name"]: k for k, f in enumerate(gj["features"])}
    assert tuple(sorted((names["Germany"], names["Poland"]))) in pairs


def test_points_coloured_by_perpetrator_and_styled_by_precision(deck_json):
    d, _ = deck_json
    layers = {layer["id"]: layer for layer in d["layers"]}
    exact, approx = layers[maps.LAYER_EXACT], layers[maps.LAYER_APPROX]
    assert [p["incident_id"] for p in exact["data"]] == ["a"]
    assert sorted(p["incident_id"] for p in approx["data"]) == ["b", "c"]  # region and sea are rings
    soviet = maps.hex_rgb(PARTY_COLOURS["soviet_union"])
    assert exact["data"][0]["colour"] == soviet
    assert exact["radiusUnits"] == "pixels" and approx["lineWidthUnits"] == "pixels"
    assert (
        str(maps.RING_FILL_ALPHA) in approx["getFillColor"] and str(maps.FILL_ALPHA) in exact["getFillColor"]
    )


def test_sea_incident_stays_at_sea(deck_json):
    _, pts = deck_json
    sea = pts.set_index("incident_id").loc["c"]
    assert (sea["lat"], sea["lon"]) == (46.5, 142.5)


def test_tooltip_text_is_escaped_and_complete(deck_json):
    _d, pts = deck_json
    assert pts.loc[pts.incident_id == "a", "t_name"].item() == "&lt;b&gt;A&lt;/b&gt;"
    assert pts.loc[pts.incident_id == "a", "t_deaths"].item() == "30–166"
    assert pts.loc[pts.incident_id == "c", "t_deaths"].item() == "over 2,400"
    for field in ("t_name", "t_dates", "t_place", "t_deaths", "t_perpetrator", "t_source"):
        assert "{" + field + "}" in maps.TOOLTIP["html"]


def test_view_is_fitted_to_the_points():
    pts = maps.points_frame(frame(lat=[52.0, 52.5, 51.5], lon=[13.0, 13.5, 12.5]), {}, {})
    v = maps.view_state(pts)
    assert 51.5 < v.latitude < 52.5 and 12.5 < v.longitude < 13.5 and v.zoom > 6
    assert maps.view_state(pts.iloc[0:0]).zoom < 3


def test_density_view_and_cap():
    pts = maps.points_frame(frame(), {}, {})
    d = json.loads(maps.incident_deck(pts, density=True).to_json())
    assert d["layers"][-1]["@@type"] == "HeatmapLayer"
    kept, left = tables.largest(frame(), limit=2)
    assert left == 1 and set(kept["incident_id"]) == {"a", "c"}  # the largest stay


def test_legend_lists_perpetrators_sizes_and_precision():
    pts = maps.points_frame(frame(), {"soviet_union": "Soviet <Union>", "united_states": "United States"}, {})
    svg = maps.legend_svg(pts, {"soviet_union": "Soviet <Union>", "united_states": "United States"})
    assert "Soviet &lt;Union&gt; (2)" in svg and "United States (1)" in svg
    assert "1,000,000" in svg and "approximate" in svg
    assert PARTY_COLOURS["soviet_union"] in svg


def test_selected_incident_reads_the_event():
    class Sel:  # the shape of st.pydeck_chart's selection state
        objects: typing.ClassVar[dict] = {maps.LAYER_APPROX: [{"incident_id": "b"}]}

    class Ev:
        selection = Sel()

    assert maps.selected_incident(Ev()) == "b"
    assert maps.selected_incident(None) is None


def test_real_data_all_on_the_map(ds):
    pts = maps.points_frame(ds.incidents, ds.labels("parties", "party_id"), {})
    assert len(pts) == len(ds.incidents) and pts[["lat", "lon"]].notna().all().all()
