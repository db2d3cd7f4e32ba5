"""Convert Natural Earth country outlines (TopoJSON from the npm package world-atlas) to a small GeoJSON.

Run once, offline after the npm install; the output is committed beside this script:

    npm install --prefix /tmp/world-atlas world-atlas@2.0.2
    python data/basemap/make_basemap.py /tmp/world-atlas/node_modules/world-atlas/countries-50m.json
    python data/basemap/make_basemap.py --borders /tmp/world-atlas/node_modules/world-atlas/countries-50m.json

Decodes TopoJSON in plain Python (quantised, delta-encoded arcs), rounds coordinates,
drops repeated points and Antarctica (no event is there and it swamps a Mercator map),
and keeps only each country's name.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "countries-50m.geojson"
BORDERS = HERE / "borders-50m.geojson"
DECIMALS = 2  # 0.01 degree is about 1 km: finer than the 1:50m outlines themselves
DROP = {"Antarctica"}


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
        for p in (pts[1:] if out else pts):  # arcs share their end points
            if not out or p != out[-1]:
                out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return [list(p) for p in out]


def polygons(geom: dict, arcs: list) -> list[list[list[list[float]]]]:
    """Return a geometry as a list of polygons, dropping rings that rounding collapsed."""
    polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
    out = []
    for poly in polys:
        rings = [r for r in (ring(idx, arcs) for idx in poly) if len(r) >= 4]
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
    features = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = g.get("properties", {}).get("name", "")
        if name in DROP or g.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polys = [unwrap(p) for p in polygons(g, arcs)]
        if polys:
            features.append({"type": "Feature", "properties": {"name": name},
                             "geometry": {"type": "MultiPolygon", "coordinates": polys}})
    # Save outputs.
    OUTPUT.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
                      encoding="utf-8")
    print(f"{len(features)} countries -> {OUTPUT.name} ({OUTPUT.stat().st_size / 1e3:.0f} kB)")


BORDER_TOLERANCE = 0.05  # degrees (about 5 km): below a pixel at the zooms the map is read at


def simplify(line: list, tolerance: float = BORDER_TOLERANCE) -> list:
    """Return a line with the points that lie within `tolerance` of it removed (Ramer-Douglas-Peucker)."""
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


def land_borders(topo: dict, arcs: list) -> list[list[list[float]]]:
    """Return the arcs two countries share (land borders), without the coastlines.

    The map draws these as lines over unstroked country fills: stroking every outline made
    the browser build paths along every coastline, seconds of work under software WebGL. The
    lines are simplified to BORDER_TOLERANCE: at world and continent zoom the difference is
    below a pixel, and the fills keep the full 1:50m shapes.
    """
    users: dict[int, set[int]] = {}
    for k, g in enumerate(topo["objects"]["countries"]["geometries"]):
        if g.get("properties", {}).get("name", "") in DROP or g.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        for poly in polys:
            for ring_arcs in poly:
                for i in ring_arcs:
                    users.setdefault(i if i >= 0 else ~i, set()).add(k)
    lines = []
    for i in sorted(a for a, who in users.items() if len(who) > 1):
        line = [list(p) for j, p in enumerate(arcs[i]) if j == 0 or p != arcs[i][j - 1]]
        if len(line) >= 2:
            lines.append(simplify(unwrap([line])[0]))
    return lines


def write_borders(path: str) -> None:
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    lines = land_borders(topo, decode_arcs(topo))
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "MultiLineString", "coordinates": lines}}
    BORDERS.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(",", ":")),
                       encoding="utf-8")
    print(f"{len(lines)} border lines -> {BORDERS.name} ({BORDERS.stat().st_size / 1e3:.0f} kB)")


def fix_existing(path: Path) -> None:
    """Apply unwrap() to an already converted GeoJSON file in place."""
    gj = json.loads(path.read_text(encoding="utf-8"))
    for f in gj["features"]:
        f["geometry"]["coordinates"] = [unwrap(p) for p in f["geometry"]["coordinates"]]
    path.write_text(json.dumps(gj, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1] == "--fix-existing":
        fix_existing(Path(sys.argv[2]))
    elif sys.argv[1] == "--borders":
        write_borders(sys.argv[2])
    else:
        main(sys.argv[1])
        write_borders(sys.argv[1])
