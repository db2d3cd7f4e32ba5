"""Convert Natural Earth country outlines (TopoJSON from the npm package world-atlas) to a small GeoJSON.

Run once, offline after the npm install; the output, static/countries-50m.geojson, is committed:

    npm install --prefix /tmp/world-atlas world-atlas@2.0.2
    python data/basemap/make_basemap.py /tmp/world-atlas/node_modules/world-atlas/countries-50m.json

Decodes TopoJSON in plain Python (quantised, delta-encoded arcs), rounds coordinates,
simplifies the arcs (TOLERANCE), drops repeated points and Antarctica (no event is there and it swamps a Mercator map),
keeps only each country's name, and gives each country a "tone" (0, 1, 2, ...) that
differs from its neighbours' (the map shows borders as changes of land tone).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = (
    HERE.parents[1] / "static" / "countries-50m.geojson"
)  # served to the browser by Streamlit (/app/static/)
DECIMALS = 2  # 0.01 degree is about 1 km: finer than the 1:50m outlines themselves
DROP = {"Antarctica"}
# Douglas-Peucker tolerance in degrees (about 2 km). Finer than the 1:50m source itself (0.25 mm at
# 1:50 million is 12.5 km) and below a pixel up to zoom 6; it keeps about half of the 95,000 points,
# which the browser turns into triangles before the first map appears. 0.05 saved little more time
# and made coasts visibly angular at country zoom.
TOLERANCE = 0.02


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Return every arc as absolute longitude/latitude points."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, DECIMALS), round(y * sy + ty, DECIMALS)))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list) -> list[list[float]]:
    """Return one closed ring joined from arcs (a negative index ~i means arc i reversed)."""
    out: list[tuple[float, float]] = []
    for i in indices:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        for p in pts[1:] if out else pts:  # arcs share their end points
            if not out or p != out[-1]:
                out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return [list(p) for p in out]


def simplify(line: list, tolerance: float = TOLERANCE) -> list:
    """Return a line without the points that lie within `tolerance` of it (Ramer-Douglas-Peucker)."""
    if len(line) < 3:
        return line
    (x0, y0), (x1, y1) = line[0], line[-1]
    dx, dy = x1 - x0, y1 - y0
    norm = (dx * dx + dy * dy) ** 0.5
    far, k = -1.0, 0
    for i in range(1, len(line) - 1):
        px, py = line[i]
        d = abs(dy * (px - x0) - dx * (py - y0)) / norm if norm else ((px - x0) ** 2 + (py - y0) ** 2) ** 0.5
        if d > far:
            far, k = d, i
    if far <= tolerance:
        return [line[0], line[-1]]
    return simplify(line[: k + 1], tolerance)[:-1] + simplify(line[k:], tolerance)


def polygons(geom: dict, arcs: list, simple: list) -> list[list[list[list[float]]]]:
    """Return a geometry as a list of polygons from the simplified arcs, dropping rings that rounding collapsed.

    A ring that simplification collapses (a small island) is kept at full detail instead.
    """
    polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
    out = []
    for poly in polys:
        rings = []
        for idx in poly:
            r = ring(idx, simple)
            if len(r) < 4:
                r = ring(idx, arcs)
            if len(r) >= 4:
                rings.append(r)
        if rings:
            out.append(rings)
    return out


def unwrap(rings: list) -> list:
    """Shift a ring that crosses the antimeridian to continuous longitudes (e.g. 170..190).

    Without this, Russia's and Fiji's rings jump from +180 to -180 and are drawn as a band
    around the whole world.
    """
    out = []
    for r in rings:
        lons = [p[0] for p in r]
        if max(lons) - min(lons) > 180:
            r = [[p[0] + 360 if p[0] < 0 else p[0], p[1]] for p in r]
        out.append(r)
    return out


def main(path: str) -> None:
    # Load inputs.
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    # Process data.
    arcs = decode_arcs(topo)
    # Shared arcs are simplified once, so neighbours keep a common border.
    simple = [simplify([p for j, p in enumerate(a) if j == 0 or p != a[j - 1]]) for a in arcs]
    kept = {}
    for k, g in enumerate(topo["objects"]["countries"]["geometries"]):
        name = g.get("properties", {}).get("name", "")
        if name in DROP or g.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polys = [unwrap(p) for p in polygons(g, arcs, simple)]
        if polys:
            kept[k] = (name, polys)
    tone = tones(neighbours(topo), list(kept))
    features = [
        {
            "type": "Feature",
            "properties": {"name": name, "tone": tone[k]},
            "geometry": {"type": "MultiPolygon", "coordinates": polys},
        }
        for k, (name, polys) in kept.items()
    ]
    # Save outputs.
    OUTPUT.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        encoding="utf-8",
    )
    print(
        f"{len(features)} countries in {max(tone.values()) + 1} tones -> {OUTPUT} ({OUTPUT.stat().st_size / 1e3:.0f} kB)"
    )


def neighbours(topo: dict) -> dict[int, set[int]]:
    """Return, for each kept country (by its index in the TopoJSON), the countries it shares a border arc with."""
    users: dict[int, set[int]] = {}
    for k, g in enumerate(topo["objects"]["countries"]["geometries"]):
        if g.get("properties", {}).get("name", "") in DROP or g.get("type") not in (
            "Polygon",
            "MultiPolygon",
        ):
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        for poly in polys:
            for ring_arcs in poly:
                for i in ring_arcs:
                    users.setdefault(i if i >= 0 else ~i, set()).add(k)
    out: dict[int, set[int]] = {}
    for who in users.values():
        for k in who:
            out.setdefault(k, set()).update(who - {k})
    return out


def tones(adjacent: dict[int, set[int]], countries: list[int]) -> dict[int, int]:
    """Return a tone index per country such that no two neighbours share one (DSatur greedy colouring).

    The map draws no border lines: under software WebGL a line layer cost a second of shader
    compilation before the first map appeared. Neighbours in different light land tones show
    the border instead, as on a printed political map. Deterministic: ties go to the lower index.
    """
    tone: dict[int, int] = {}
    left = set(countries)
    while left:

        def saturation(k: int) -> tuple[int, int, int]:
            used = {tone[n] for n in adjacent.get(k, ()) if n in tone}
            return len(used), len(adjacent.get(k, ())), -k

        k = max(left, key=saturation)
        used = {tone[n] for n in adjacent.get(k, ()) if n in tone}
        tone[k] = next(t for t in range(len(countries)) if t not in used)
        left.remove(k)
    return tone


def fix_existing(path: Path) -> None:
    """Apply unwrap() to an already converted GeoJSON file in place."""
    gj = json.loads(path.read_text(encoding="utf-8"))
    for f in gj["features"]:
        f["geometry"]["coordinates"] = [unwrap(p) for p in f["geometry"]["coordinates"]]
    path.write_text(json.dumps(gj, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1] == "--fix-existing":
        fix_existing(Path(sys.argv[2]))
    else:
        main(sys.argv[1])
