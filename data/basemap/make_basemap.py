"""Convert Natural Earth country outlines (TopoJSON from the npm package world-atlas) to a small GeoJSON.

Run once, offline after the npm install; the output is committed beside this script:

    npm install --prefix /tmp/world-atlas world-atlas@2.0.2
    python data/basemap/make_basemap.py /tmp/world-atlas/node_modules/world-atlas/countries-50m.json

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
        polys = polygons(g, arcs)
        if polys:
            features.append({"type": "Feature", "properties": {"name": name},
                             "geometry": {"type": "MultiPolygon", "coordinates": polys}})
    # Save outputs.
    OUTPUT.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
                      encoding="utf-8")
    print(f"{len(features)} countries -> {OUTPUT.name} ({OUTPUT.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main(sys.argv[1])
