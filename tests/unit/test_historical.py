"""Historical borders: every snapshot is valid GeoJSON the map can draw, and the state at the time of each incident.

The expected states are written by hand from what the articles say about each place, not read
from the build script; the consistency checks use shapely directly on the files the map draws.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

shapely = pytest.importorskip("shapely")  # pinned in requirements-dev.txt (the build and these tests)
from shapely.geometry import Point, shape  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
HIST = ROOT / "static" / "historical"
YEARS = (1920, 1930, 1938, 1945, 1960, 1994)
TONES = 4  # components.maps.LAND_TONES
TODAY = ROOT / "static" / "countries-50m.geojson"


def snapshot(year: int) -> dict:
    return json.loads((HIST / f"borders-{year}.geojson").read_text(encoding="utf-8"))


def states() -> dict[str, dict]:
    with (ROOT / "data" / "incident_states.csv").open(encoding="utf-8", newline="") as f:
        return {r["incident_id"]: r for r in csv.DictReader(f)}


def incidents() -> dict[str, dict]:
    with (ROOT / "data" / "incidents.csv").open(encoding="utf-8", newline="") as f:
        return {r["incident_id"]: r for r in csv.DictReader(f)}


def rings_closed(polygons: list) -> bool:
    return all(len(r) >= 4 and r[0] == r[-1] for poly in polygons for r in poly)


@pytest.mark.parametrize("year", YEARS)
def test_snapshot_is_valid_geojson_the_map_can_draw(year):
    gj = snapshot(year)
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) > 150
    for f in gj["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "MultiPolygon"
        coords = f["geometry"]["coordinates"]
        assert rings_closed(coords), f["properties"]
        assert all(-180 <= x <= 180 and -90 <= y <= 90 for poly in coords for ring in poly for x, y in ring)
        assert isinstance(f["properties"]["name"], str)
        assert f["properties"]["tone"] in range(TONES), f["properties"]  # the map has four land tones
        geom = shape(f["geometry"])
        assert geom.is_valid and geom.area > 0, (f["properties"], shapely.is_valid_reason(geom))


@pytest.mark.parametrize("year", YEARS)
def test_no_two_neighbours_share_a_tone(year):
    feats = snapshot(year)["features"]
    geoms = [shape(f["geometry"]) for f in feats]
    tree = shapely.STRtree(geoms)
    same = []
    for a, b in zip(*tree.query(geoms, predicate="intersects")):
        if a < b and feats[a]["properties"]["tone"] == feats[b]["properties"]["tone"]:
            border = geoms[a].boundary.intersection(geoms[b].boundary).length
            if border > 0.1:  # a shared border, not a corner (about 11 km)
                same.append(
                    (feats[a]["properties"]["name"], feats[b]["properties"]["name"], round(border, 2))
                )
    assert not same, same[:10]


@pytest.mark.parametrize("year", YEARS)
def test_snapshot_is_smaller_than_todays_countries(year):
    # Today's countries file is the model the map's first draw was tuned for (scripts/benchmark.py).
    size, today = (HIST / f"borders-{year}.geojson").stat().st_size, TODAY.stat().st_size
    assert size < 0.7 * today, f"{year}: {size / 1e3:.0f} kB against today's {today / 1e3:.0f} kB"


def test_licence_and_credit_beside_the_files():
    assert "GNU GENERAL PUBLIC LICENSE" in (HIST / "LICENSE").read_text(encoding="utf-8")[:200]
    credit = (HIST / "README.md").read_text(encoding="utf-8")
    assert (
        "historical-basemaps" in credit
        and "Ourednik" in credit
        and "GPL" in credit.replace("General Public License", "GPL")
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "static/historical/LICENSE" in readme.split("## Licences", 1)[1].split("##", 1)[0]


def test_every_incident_has_one_state_row():
    missing = set(incidents()) - set(states())
    extra = set(states()) - set(incidents())
    assert not missing and not extra, (
        f"data/incident_states.csv is out of date (missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}): "
        "run python data/basemap_historical/make_historical.py states"
    )


def test_state_is_what_the_map_draws_under_the_point():
    """For every incident on land, its point lies in (or, for a coast, near) the country of that name on its snapshot."""
    inc, wrong = incidents(), []
    drawn = {
        y: [(f["properties"]["name"], shape(f["geometry"])) for f in snapshot(y)["features"]] for y in YEARS
    }
    for iid, r in states().items():
        p = Point(float(inc[iid]["lon"]), float(inc[iid]["lat"]))
        if r["match"] == "at_sea":
            ok = inc[iid]["at_sea"] == "true" and r["state_at_time"] == ""
        elif r["match"] == "article":  # a border drawn on the wrong side of a place the article places
            ok = (iid, r["state_at_time"]) in FROM_ARTICLE
        elif r["match"] == "none":
            ok = r["state_at_time"] == "" and not any(
                n and g.distance(p) < 0.25 for n, g in drawn[int(r["borders_year"])]
            )
        else:
            reach = 0 if r["match"] == "inside" else 0.25  # degrees; 25 km is about 0.23
            ok = any(
                n.casefold() == r["state_at_time"].casefold() and g.distance(p) <= reach
                for n, g in drawn[int(r["borders_year"])]
            )
        if not ok:
            wrong.append((iid, r["borders_year"], r["state_at_time"], r["match"]))
    assert not wrong, f"{wrong[:5]}: run python data/basemap_historical/make_historical.py states"


# Written out here by hand; the build script's list must be exactly these.
FROM_ARTICLE = {("goldap-killings", "Germany"), ("goumier-rapes-constance", "Germany")}


def test_near_state_is_another_state_close_to_the_point():
    inc, wrong = incidents(), []
    drawn = {
        y: [(f["properties"]["name"], shape(f["geometry"])) for f in snapshot(y)["features"]] for y in YEARS
    }
    for iid, r in states().items():
        if r["near_state"]:
            p = Point(float(inc[iid]["lon"]), float(inc[iid]["lat"]))
            close = {n for n, g in drawn[int(r["borders_year"])] if g.distance(p) * 111.2 <= 15}
            if r["near_state"] == r["state_at_time"] or r["near_state"] not in close:
                wrong.append((iid, r["state_at_time"], r["near_state"]))
    assert not wrong, wrong[:5]
    assert states()["killing-of-general-olszyna-wilczynski"]["near_state"] == "Lithuania"  # Sopoćkinie, 1939
    assert states()["katyn-massacre"]["near_state"] == ""  # far from any border


# (incident, snapshot year, state): what the articles say about the place and date.
KNOWN = [
    # 1941 NKVD prison massacres: Lwów (Brygidki) was in Poland before the Soviet invasion of 1939.
    ("nkvd-prisoner-massacres-1941", 1938, {"Poland"}),
    ("torture-in-nkvd-prisons-eastern-poland", 1938, {"Poland"}),
    ("grodno-prisoner-executions-1939", 1938, {"Poland"}),
    # Katyn forest near Smolensk: the USSR.
    ("katyn-massacre", 1938, {"USSR"}),
    # Metgethen near Königsberg, Gumbinnen, Nemmersdorf: East Prussia, Germany, until 1945.
    ("metgethen-killings", 1938, {"Germany"}),
    ("gumbinnen-killings", 1938, {"Germany"}),
    ("goldap-killings", 1938, {"Germany"}),  # "Goldat (Goldap), East Prussia"
    ("goumier-rapes-constance", 1938, {"Germany"}),  # Constance, Baden
    ("nemmersdorf-massacre", 1938, {"Germany"}),
    # January 1945 is still wartime: the post-war 1945 map (East Prussia divided) does not apply yet.
    ("east-prussia-soviet-order-january-1945", 1938, {"Germany"}),
    ("bombing-of-dresden", 1938, {"Germany"}),
    # Mukden and Manchuria in August 1945: Manchukuo, which the 1938 map draws within the Empire of Japan.
    ("looting-of-mukden", 1938, {"Manchukuo", "Empire of Japan"}),
    ("rapes-and-looting-in-manchuria", 1938, {"Manchukuo", "Empire of Japan"}),
    ("atomic-bombing-of-hiroshima", 1938, {"Empire of Japan"}),
    # Maoka on Karafuto (southern Sakhalin) was Japanese until the Soviet invasion of August 1945.
    ("bombardment-of-maoka", 1938, {"Empire of Japan"}),
    # After the war: northern Korea under Soviet occupation, Budapest 1956, Prague 1968, Baku 1990.
    ("namsi-rapes", 1945, {"Korea (USSR)"}),
    ("hungarian-revolution-1956", 1945, {"Hungary"}),
    ("czechoslovakia-invasion-1968", 1960, {"Czechoslovakia"}),
    ("black-january-1990", 1960, {"USSR"}),
    ("kabul-women-abductions", 1960, {"Afghanistan"}),
    # Before 1920, the earliest snapshot (1920) is used.
    ("kyiv-massacre-1918", 1920, {"Ukraine"}),
]


@pytest.mark.parametrize("incident_id, year, expected", KNOWN)
def test_state_at_the_time_of_well_known_incidents(incident_id, year, expected):
    r = states()[incident_id]
    assert (int(r["borders_year"]), r["state_at_time"]) in {(year, s) for s in expected}, r


def test_incidents_at_sea_have_no_state():
    inc, st = incidents(), states()
    at_sea = [i for i, r in inc.items() if r["at_sea"] == "true"]
    assert at_sea and all(st[i]["state_at_time"] == "" and st[i]["match"] == "at_sea" for i in at_sea)


def test_loader_joins_the_state_at_the_time(ds):
    inc = ds.incidents.set_index("incident_id")
    assert inc.loc["katyn-massacre", "state_at_time"] == "USSR"
    assert inc.loc["metgethen-killings", "borders_year"] == 1938
    assert pd.isna(inc.loc["laconia-incident", "state_at_time"])  # at sea: no state, not the text "None"
    assert inc["state_at_time"].dtype == "string"
    assert inc.loc["bleiburg-repatriations", "near_state"] == "Yugoslavia"


def test_reader_sees_state_with_its_year_and_never_none():
    from components.format import state_label

    assert state_label("Poland", 1938) == "Poland (borders of 1938)"
    assert (
        state_label("Poland", 1938, False, "Lithuania")
        == "Poland, near the border with Lithuania (borders of 1938)"
    )
    assert state_label(pd.NA, 1938, True, pd.NA) == "at sea"
    assert state_label(pd.NA, 1938, False, pd.NA) == "none named on the map of 1938"
    assert state_label(pd.NA, pd.NA, False, pd.NA) == "not known"  # a package without incident_states


@pytest.mark.parametrize(
    "year, snapshot_year",
    [
        (1917, 1920),
        (1919, 1920),
        (1920, 1920),
        (1937, 1930),
        (1938, 1938),
        (1944, 1938),
        (1945, 1945),
        (1991, 1960),
    ],
)
def test_map_borders_follow_the_year(year, snapshot_year):
    from components import maps

    assert maps.borders_year(year) == snapshot_year
    url = maps.borders_url(year)
    assert url == f"app/static/historical/borders-{snapshot_year}.geojson"
    assert (
        ROOT / "static" / url.removeprefix("app/static/")
    ).is_file()  # Streamlit serves ./static at app/static/
    assert maps.borders_title(year, True) == f"**Borders of {snapshot_year}**"
    assert (
        maps.borders_url(None) == maps.BASEMAP_URL
        and maps.borders_title(year, False) == "**Today's borders**"
    )


def test_deck_draws_the_chosen_borders_and_nothing_else_changes(ds):
    from components import maps

    ids = ["katyn-massacre", "goldap-killings", "laconia-incident"]
    inc = ds.incidents.set_index("incident_id").loc[ids].reset_index()
    pts = maps.points_frame(inc, {}, {})
    today = json.loads(maps.incident_deck(pts).to_json())
    then = json.loads(maps.incident_deck(pts, borders=1941).to_json())
    assert today["layers"][0]["data"] == maps.BASEMAP_URL
    assert then["layers"][0]["data"] == "app/static/historical/borders-1938.geojson"
    then["layers"][0]["data"] = today["layers"][0]["data"]
    assert then == today  # the same tones, no line layer, same incidents
    assert "State at the time: {t_state}" in maps.TOOLTIP["html"]  # pydeck keeps the tooltip outside the JSON
    assert list(pts["t_state"]) == [
        "USSR (borders of 1938)",
        "Germany, near the border with Poland (borders of 1938)",
        "at sea",
    ]


def test_caption_warns_historical_borders_are_approximate():
    from components import maps

    text = maps.borders_caption(1943, True)
    assert "borders of 1938" in text and "approximate" in text and "disputed" in text and "GPL-3.0" in text
    assert "Natural Earth" in maps.borders_caption(1943, False)


def _count_in_csv(names: set[str]) -> int:
    """Incidents whose state at the time is one of `names`, counted over data/incident_states.csv."""
    return sum(r["state_at_time"] in names for r in states().values())


def test_state_filter_round_trips_through_the_url(ds):
    from components import filters as flt
    from components.labels import filter_labels

    f = flt.Filters(states=("poland", "korea-ussr"), years=(1939, 1946))
    query = flt.to_query(f)
    assert query == {"years": "1939-1946", "state": "poland,korea-ussr"}
    back, notices = flt.from_query(query, flt.vocabulary(ds))
    assert back == f and notices == []
    back, notices = flt.from_query({"state": "poland,narnia"}, flt.vocabulary(ds))
    assert back.states == ("poland",) and len(notices) == 1 and "narnia" in notices[0]
    kept = flt.apply_filters(ds.incidents, flt.Filters(states=("poland", "korea-ussr")))
    assert len(kept) == _count_in_csv({"Poland", "Korea (USSR)"}) > 20
    assert "state at the time: Poland, Korea (USSR)" in flt.describe(f, filter_labels(ds))


def test_state_filter_from_a_link_sets_the_sidebar_and_the_table(app):
    at = app(query={"state": "empire-of-japan"}, page="views/incidents.py")
    assert not at.exception
    assert at.multiselect(key="flt_states").value == ["empire-of-japan"]
    assert at.multiselect(key="flt_states").label == "State at the time"
    assert at.query_params["state"] == "empire-of-japan"
    n = _count_in_csv({"Empire of Japan"})
    assert any(f"**{n} of " in m.value for m in at.markdown), [m.value for m in at.markdown][:5]
