"""Historical borders for the map, and the state that held each incident's place at the time.

Two steps, run from the repository root (shapely is pinned in requirements-dev.txt):

    python data/basemap_historical/make_historical.py borders [../shared/historical-basemaps]
    python data/basemap_historical/make_historical.py states

`borders` reads the snapshots of aourednik/historical-basemaps (GPL-3.0; unchanged copies in the
folder given, by default ../shared/historical-basemaps) and writes one small GeoJSON per year to
static/historical/: countries of the same name merged, Antarctica dropped, edges simplified as a
coverage (neighbours keep one common border, no gaps or overlaps appear), coordinates rounded to
0.01 degree, each country given a "tone" that differs from every neighbour's.

`states` needs only the repository: it joins every incident's point (data/incidents.csv) to the
snapshot in force at its start date, in the files that the map draws, and writes
data/incident_states.csv. Run it again whenever incidents or their coordinates change.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE.parent / "basemap"))
from make_basemap import tones  # noqa: E402  (the same DSatur colouring as today's countries)

# The unchanged snapshots: ../shared/historical-basemaps beside the checkout (or beside its parent folder).
SOURCE = (
    next(
        (
            p
            for p in (REPO.parent / "shared", REPO.parents[1] / "shared")
            if (p / "historical-basemaps").is_dir()
        ),
        REPO.parent / "shared",
    )
    / "historical-basemaps"
)
OUT_DIR = REPO / "static" / "historical"  # served to the browser by Streamlit (app/static/historical/)
STATES = REPO / "data" / "incident_states.csv"
INCIDENTS = REPO / "data" / "incidents.csv"
# Snapshot year -> first day its borders are used for. The 1945 map draws the settlement after the
# war (Germany and Korea in occupation zones, Japan under occupation, East Prussia divided), so it
# stands for the borders from Japan's surrender on; an incident earlier in 1945 gets the 1938 map.
SNAPSHOTS = {
    1920: "1920-01-01",
    1930: "1930-01-01",
    1938: "1938-01-01",
    1945: "1945-09-02",
    1960: "1960-01-01",
    1994: "1994-01-01",
}
# Visvalingam-Whyatt tolerance (square root of the triangle area removed), in degrees. The sources
# hold 35,000-47,000 points a year, fewer than today's Natural Earth layer; 0.05 removes about a
# third of them with no change visible at the zooms the page uses.
TOLERANCE = 0.05
GRID = 0.01  # coordinates snapped to 0.01 degree (about 1 km), as today's countries
DUPLICATE = 0.5  # an overlap this share of the smaller country means the same land drawn twice
SLIVER = 0.01  # square degrees: a piece left along a cut smaller than this is a drawing error
MIN_BORDER = 0.1  # degrees of common border (about 11 km) that make two countries neighbours
NEAREST_KM = 25  # a coastal point that falls just outside the simplified land takes the nearest state
NEAR_BORDER_KM = 15  # another state this close to the point is named beside it: the border is approximate
# Where the snapshot's border is drawn on the wrong side of a place that the article itself places
# in a state: (state, why). Kept few; each is a border the snapshot draws coarsely.
FROM_ARTICLE = {
    "goldap-killings": (
        "Germany",
        "the article places Goldap in East Prussia; the 1938 map draws it in Poland",
    ),
    "goumier-rapes-constance": (
        "Germany",
        "Constance in Baden, south-west Germany; the 1938 map draws it in Switzerland",
    ),
}
FIELDS = ["incident_id", "borders_year", "state_at_time", "near_state", "match"]
KM_PER_DEGREE = 111.2


def out_path(year: int) -> Path:
    return OUT_DIR / f"borders-{year}.geojson"


def load_source(path: Path) -> list[tuple[str, shapely.Geometry]]:
    """Return (name, geometry) per country, merging the features that share a name; Antarctica dropped."""
    gj = json.loads(path.read_text(encoding="utf-8"))
    named: dict[str, list] = {}
    last: dict[str, int] = {}  # a name stands where its last feature is drawn
    unnamed = []
    for i, f in enumerate(gj["features"]):
        if not f.get("geometry"):
            continue
        g = shapely.make_valid(shape(f["geometry"]))
        if g.bounds[3] < -60:  # Antarctica: no event is there and it swamps a Mercator map
            continue
        name = " ".join(str(f["properties"].get("NAME") or "").split())
        if (
            name
        ):  # one country per name, whatever its case ("Chinese Warlords" and "Chinese warlords" in 1930)
            key = next((n for n in named if n.casefold() == name.casefold()), name)
            named.setdefault(key, []).append(g)
            last[key] = i
        else:
            unnamed.append((i, "", g))  # unnamed islands keep their place and a tone of their own
    drawn = sorted(
        [(last[n], n, shapely.union_all(gs)) for n, gs in named.items()] + unnamed, key=lambda t: t[0]
    )
    return without_overlaps([(n, g) for _, n, g in drawn])  # in the source's drawing order


def wins(a: shapely.Geometry, b: shapely.Geometry, a_later: bool) -> bool:
    """Return whether country a keeps the land it shares with b.

    A small overlap goes to the smaller country (France drawn over a corner of Switzerland in 1938);
    where one covers most of the other, they are the same land drawn twice (1938: Mandatory Palestine
    over a copy named Israel, two Yemens, two Omans, Hejaz and Hail over Saudi Arabia) and the one
    the source draws on top, later in its file, keeps it, as on the source's own map.
    """
    shared = a.intersection(b).area
    if shared >= DUPLICATE * min(a.area, b.area):
        return a_later
    return a.area < b.area


def without_overlaps(countries: list[tuple[str, shapely.Geometry]]) -> list[tuple[str, shapely.Geometry]]:
    """Return the countries with each place held by one of them (see wins()), and no slivers left along a cut.

    A coverage for the simplification, and one state per incident, need every place once.
    """
    geoms = [g for _, g in countries]
    tree = shapely.STRtree(geoms)
    out = []
    for k, (name, g) in enumerate(countries):
        over = [
            j
            for j in tree.query(g, predicate="intersects").tolist()
            if j != k and g.intersection(geoms[j]).area > 0 and wins(geoms[j], g, j > k)
        ]
        if over:
            cut = shapely.union_all([geoms[j] for j in over])
            rest = polygonal(shapely.make_valid(g.difference(cut)))
            parts = [p for p in getattr(rest, "geoms", [rest]) if p.area >= SLIVER or not p.touches(cut)]
            g = shapely.union_all(parts) if parts else shapely.Polygon()
        out.append((name, g))
    return [(name, g) for name, g in out if not g.is_empty]


def polygonal(g: shapely.Geometry) -> shapely.Geometry:
    """Return only the areas of a geometry (snapping can leave stray lines or points)."""
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in getattr(g, "geoms", []) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def simplify(geoms: list) -> list:
    """Return the geometries simplified as one coverage and snapped to GRID; a part that vanishes keeps its outline."""
    simple = shapely.coverage_simplify(geoms, TOLERANCE)
    out = []
    for g, s in zip(geoms, simple):
        s = polygonal(shapely.make_valid(shapely.set_precision(s, GRID)))
        if s.is_empty:  # a small island: keep it as it was, snapped
            s = polygonal(shapely.make_valid(shapely.set_precision(g, GRID)))
        out.append(shapely.set_precision(s, 0))  # coordinates stay on the grid; later overlays are exact
    return out


def neighbours(geoms: list) -> dict[int, set[int]]:
    """Return, for each country, the countries it shares a border with (not only a corner).

    Seams in the sources are bridged by one grid step; a border counts when it is longer than
    MIN_BORDER degrees, so that countries meeting at a point may share a tone (as on a printed map).
    The geometries must carry no fixed precision: overlays on a 0.01 grid lose thin bands.
    """
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=GRID * 1.5)
    out: dict[int, set[int]] = {k: set() for k in range(len(geoms))}
    for a, b in zip(left.tolist(), right.tolist()):
        if a < b and geoms[a].boundary.intersection(geoms[b].buffer(GRID * 1.5)).length > MIN_BORDER:
            out[a].add(b)
            out[b].add(a)
    return out


def land_tones(adjacent: dict[int, set[int]], countries: list[int], most: int = 4) -> dict[int, int]:
    """Return a tone per country, no two neighbours alike, in at most `most` tones where a search finds them.

    Greedy DSatur first (as for today's countries); when it needs more tones than the map has
    (1938's Arabian peninsula), a backtracking DSatur search for `most` tones, bounded in steps.
    """
    tone = tones(adjacent, countries)
    if max(tone.values(), default=0) < most:
        return tone
    found: dict[int, int] = {}
    steps = [0]

    def search() -> bool:
        left = [k for k in countries if k not in found]
        if not left:
            return True
        steps[0] += 1
        if steps[0] > 200_000:
            return False
        used = {k: {found[n] for n in adjacent.get(k, ()) if n in found} for k in left}
        k = max(left, key=lambda c: (len(used[c]), len(adjacent.get(c, ())), -c))
        for t in range(most):
            if t not in used[k]:
                found[k] = t
                if search():
                    return True
                del found[k]
        return False

    return found if search() else tone


def rounded(coords):
    """Return nested coordinates rounded to the grid's decimals (set_precision leaves binary noise)."""
    if coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], 2), round(coords[1], 2)]
    return [rounded(c) for c in coords]


def feature_collection(names: list[str], geoms: list, tone: dict[int, int]) -> dict:
    features = []
    for k, (name, g) in enumerate(zip(names, geoms)):
        if g.is_empty:
            continue
        geom = mapping(g if g.geom_type == "MultiPolygon" else shapely.MultiPolygon([g]))
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name, "tone": tone[k]},
                "geometry": {"type": "MultiPolygon", "coordinates": rounded(geom["coordinates"])},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def build_borders(source: Path = SOURCE) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for year in SNAPSHOTS:
        names, geoms = zip(*load_source(source / f"world_{year}.geojson"))
        simple = simplify(list(geoms))
        tone = land_tones(neighbours(simple), list(range(len(simple))))
        text = json.dumps(feature_collection(list(names), simple, tone), separators=(",", ":"))
        out_path(year).write_text(text, encoding="utf-8")
        points = sum(shapely.get_num_coordinates(g) for g in simple)
        print(
            f"{year}: {len(simple)} countries, {points:,} points, {max(tone.values()) + 1} tones -> "
            f"{out_path(year).relative_to(REPO)} ({out_path(year).stat().st_size / 1e3:.0f} kB)"
        )


def snapshot_for(date: str) -> int:
    """Return the snapshot in force on an ISO date: the latest whose first day is not after it (else the first)."""
    years = [y for y, first in SNAPSHOTS.items() if first <= date]
    return max(years) if years else min(SNAPSHOTS)


def load_states(year: int) -> tuple[list[str], list, shapely.STRtree]:
    """Return the named countries of a built snapshot, their geometries and a search tree over them."""
    gj = json.loads(out_path(year).read_text(encoding="utf-8"))
    feats = [f for f in gj["features"] if f["properties"]["name"]]
    geoms = [shapely.make_valid(shape(f["geometry"])) for f in feats]
    return [f["properties"]["name"] for f in feats], geoms, shapely.STRtree(geoms)


def locate(lon: float, lat: float, names: list[str], geoms: list, tree: shapely.STRtree) -> tuple[str, str]:
    """Return (state, how): the named country containing the point, else the nearest within NEAREST_KM."""
    p = shapely.Point(lon, lat)
    inside = tree.query(p, predicate="within")
    if len(inside):
        # On a seam between two countries, the smaller one (an enclave drawn over its surroundings).
        k = min(inside.tolist(), key=lambda i: geoms[i].area)
        return names[k], "inside"
    k = tree.nearest(p)
    if k is not None and geoms[k].distance(p) * KM_PER_DEGREE <= NEAREST_KM:
        return names[int(k)], "nearest"
    return "", "none"


def near_state(
    lon: float, lat: float, state: str, names: list[str], geoms: list, tree: shapely.STRtree
) -> str:
    """Return the nearest other named state within NEAR_BORDER_KM of the point ('' if none)."""
    p = shapely.Point(lon, lat)
    near = [
        (geoms[k].distance(p), names[k])
        for k in tree.query(p, predicate="dwithin", distance=NEAR_BORDER_KM / KM_PER_DEGREE).tolist()
        if names[k].casefold() != state.casefold()
    ]
    return min(near)[1] if near else ""


def state_row(r: dict, maps: dict, spelling: dict) -> dict:
    """Return one row of incident_states.csv for an incident (a row of incidents.csv)."""
    year = snapshot_for(r["date_start"])
    if r["at_sea"] == "true":
        return {
            "incident_id": r["incident_id"],
            "borders_year": year,
            "state_at_time": "",
            "near_state": "",
            "match": "at_sea",
        }
    lon, lat = float(r["lon"]), float(r["lat"])
    state, how = locate(lon, lat, *maps[year])
    if r["incident_id"] in FROM_ARTICLE:
        state, how = FROM_ARTICLE[r["incident_id"]][0], "article"
    near = near_state(lon, lat, state, *maps[year]) if state else ""
    fix = spelling.get  # "Chinese Warlords" (1930), "Chinese warlords" (1938): one spelling, the latest
    return {
        "incident_id": r["incident_id"],
        "borders_year": year,
        "state_at_time": fix(state.casefold(), state),
        "near_state": fix(near.casefold(), near),
        "match": how,
    }


def build_states() -> None:
    with INCIDENTS.open(encoding="utf-8", newline="") as f:
        incidents = list(csv.DictReader(f))
    maps = {y: load_states(y) for y in SNAPSHOTS}
    spelling = {n.casefold(): n for y in sorted(SNAPSHOTS) for n in maps[y][0]}
    rows = [state_row(r, maps, spelling) for r in incidents]
    with STATES.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    counts = {
        h: sum(r["match"] == h for r in rows) for h in ("inside", "nearest", "article", "at_sea", "none")
    }
    print(f"{len(rows)} incidents -> {STATES.relative_to(REPO)}: {counts}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "borders":
        build_borders(Path(sys.argv[2]) if len(sys.argv) > 2 else SOURCE)
    elif len(sys.argv) == 2 and sys.argv[1] == "states":
        build_states()
    else:
        sys.exit(__doc__)
