"""The map as a picture: every incident placed where the CSV puts it, colour and shape per perpetrator,
open symbols for approximate places, title, filters and source inside, and nothing that a browser would fetch."""

import json
from pathlib import Path

import pandas as pd
import pytest

from components import map_picture as mp
from components.filters import Filters, apply_filters, describe

ROOT = Path(__file__).resolve().parents[2]
CSV = pd.read_csv(ROOT / "data" / "incidents.csv")  # the expectation comes from the file, not the loader


@pytest.fixture(scope="module")
def labels(ds):
    return {"perpetrators": ds.labels("parties", "party_id")}


def build(ds, labels, f=None, **kw):
    f = f or Filters()
    inc = apply_filters(ds.incidents, f)
    return mp.map_figure(
        inc, labels["perpetrators"], subtitle=describe(f, labels), source="Wikipedia, 'X'.", **kw
    )


def incident_traces(fig):
    return [t for t in fig.data if t.meta and "party" in t.meta]


def test_every_incident_is_one_marker_at_its_csv_position(ds, labels):
    fig = build(ds, labels)
    got = sorted(
        (t.meta["party"], round(x, 4), round(y, 4)) for t in incident_traces(fig) for x, y in zip(t.x, t.y)
    )
    want = sorted(
        (p, round(x, 4), round(y, 4)) for p, x, y in zip(CSV["perpetrator"], CSV["lon"], CSV["lat"])
    )
    assert got == want and len(got) == len(CSV) > 200


def test_colour_and_symbol_both_tell_the_perpetrator(ds, labels):
    fig = build(ds, labels)
    traces = incident_traces(fig)
    by_party = {t.meta["party"]: t for t in traces}
    assert by_party["soviet_union"].marker.color == "#D55E00"  # the project's colour, by hand
    assert by_party["united_states"].marker.color == "#0072B2"
    shapes = {p: {s.removesuffix("-open") for s in t.marker.symbol} for p, t in by_party.items()}
    assert all(len(s) == 1 for s in shapes.values())  # one shape per perpetrator
    assert len({next(iter(s)) for s in shapes.values()}) == len(shapes)  # and no two share one


def test_open_symbols_are_exactly_the_approximate_places(ds, labels):
    fig = build(ds, labels)
    opened = sorted(
        (round(x, 4), round(y, 4))
        for t in incident_traces(fig)
        for x, y, s in zip(t.x, t.y, t.marker.symbol)
        if s.endswith("-open")
    )
    approx = CSV[~CSV["location_precision"].isin(["exact", "town"])]
    assert opened == sorted((round(x, 4), round(y, 4)) for x, y in zip(approx["lon"], approx["lat"]))
    assert len(opened) > 100  # most places are known only to a region, a country or a sea


def test_legend_names_each_perpetrator_once_with_its_filled_symbol(ds, labels):
    fig = build(ds, labels, Filters(year_min=1939, year_max=1945))
    entries = [t for t in fig.data if t.showlegend is not False and t.name != "land"]
    names = [t.name for t in entries]
    assert "Soviet Union" in names and "Filled: exact site or town" in names
    assert "Open: region, country or at sea" in names
    assert len(names) == len(set(names))
    assert all(not str(t.marker.symbol).endswith("-open") for t in entries if t.legendgroup)
    kept = set(apply_filters(ds.incidents, Filters(year_min=1939, year_max=1945))["perpetrator"])
    assert {t.legendgroup for t in entries if t.legendgroup} == kept


def test_area_grows_with_the_death_figure():
    assert mp.diameter_px(None) == mp.MIN_D == mp.diameter_px(0)
    assert mp.diameter_px(2_500_000) == mp.MAX_D == mp.diameter_px(10_000_000)
    # area proportional to deaths: a quarter of the reference figure gets half the extra diameter
    assert mp.diameter_px(625_000) == pytest.approx(mp.MIN_D + (mp.MAX_D - mp.MIN_D) / 2)


def test_title_filters_source_and_size_key_are_inside(ds, labels):
    f = Filters(year_min=1939, year_max=1945, perpetrators=("soviet_union",))
    fig = build(ds, labels, f)
    assert fig.layout.title.text == "Where the incidents happened"
    assert "1939–1945" in fig.layout.title.subtitle.text and "Soviet Union" in fig.layout.title.subtitle.text
    notes = [a.text for a in fig.layout.annotations]
    source = [a.text for a in fig.layout.annotations if a.name == "source"]
    assert len(source) == 1 and "Wikipedia" in source[0] and "Natural Earth" in source[0]
    assert {"Marker area: highest death figure", "no figure", "1,000", "100,000", "1,000,000"} <= set(notes)
    assert len([s for s in fig.layout.shapes if s.type == "circle"]) == 4


def test_map_keeps_its_aspect_and_covers_the_incidents(ds, labels):
    fig = build(ds, labels)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio > 1
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    assert x0 < CSV["lon"].min() and x1 > CSV["lon"].max()
    assert y0 < CSV["lat"].min() and y1 > CSV["lat"].max()


def test_nothing_is_fetched(ds, labels):
    fig = build(ds, labels)
    spec = json.loads(fig.to_json())
    assert {t["type"] for t in spec["data"]} == {"scatter"}  # no scattergeo: it loads topojson from a CDN
    assert not any(k.startswith(("geo", "map", "mapbox")) for k in spec["layout"])
    text = fig.to_json()
    assert "http" not in text and "topojson" not in text


def test_land_is_drawn_from_the_bundled_countries(ds, labels):
    fig = build(ds, labels)
    land = [t for t in fig.data if t.name == "land"]
    assert land and all(t.fill == "toself" and t.hoverinfo == "skip" for t in land)
    points = sum(len(t.x) for t in land)
    assert 2_000 < points < 30_000  # simplified for the view, yet whole countries


def test_a_single_incident_is_shown_with_its_surroundings(ds, labels):
    f = Filters(search="Katyn")
    inc = apply_filters(ds.incidents, f)
    assert len(inc) >= 1
    fig = build(ds, labels, f)
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    assert x1 - x0 >= mp.MIN_SPAN_DEG and y1 - y0 >= mp.MIN_SPAN_DEG
    assert any(t.name == "land" for t in fig.data)


def test_hover_text_from_the_data_is_escaped(ds, labels):
    inc = apply_filters(ds.incidents, Filters()).head(3).copy()
    inc["name"] = ["<script>x</script>", "A & B", "C"]
    fig = mp.map_figure(inc, labels["perpetrators"], subtitle="s", source="s")
    hover = " ".join(h for t in incident_traces(fig) for h in t.hovertext)
    assert "<script>" not in hover and "&lt;script&gt;" in hover and "A &amp; B" in hover


def _vertices(path: Path) -> set[tuple[float, float]]:
    """Every vertex of a GeoJSON file's polygons, rounded as the picture rounds them (read here, not by the app)."""
    out: set[tuple[float, float]] = set()
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for polygon in polygons:
            out |= {(round(x, 2), round(y, 2)) for x, y in polygon[0]}
    return out


def _land_vertices(fig) -> set[tuple[float, float]]:
    land = [t for t in fig.data if t.name == "land"]
    return {
        (round(float(x), 2), round(float(y), 2))
        for t in land
        for x, y in zip(t.x, t.y)
        if x == x and y == y  # not the gaps between rings
    }


@pytest.mark.parametrize("year, snapshot", [(1941, 1938), (1945, 1945), (1925, 1920)])
def test_borders_of_the_time_draw_the_snapshot_named_in_the_title(ds, labels, year, snapshot):
    fig = build(ds, labels, borders=year)
    drawn = _land_vertices(fig)
    of_the_time = _vertices(ROOT / "static" / "historical" / f"borders-{snapshot}.geojson")
    today = _vertices(ROOT / "static" / "countries-50m.geojson")
    assert drawn and drawn <= of_the_time
    assert not drawn <= today
    assert fig.layout.meta["title"].endswith(f"on the borders of {snapshot}")
    assert (
        "historical-basemaps" in fig.layout.meta["source"]
        and "Natural Earth" not in fig.layout.meta["source"]
    )


def test_today_s_borders_by_default(ds, labels):
    fig = build(ds, labels)
    assert _land_vertices(fig) <= _vertices(ROOT / "static" / "countries-50m.geojson")
    assert fig.layout.meta["title"] == mp.TITLE and "Natural Earth" in fig.layout.meta["source"]
