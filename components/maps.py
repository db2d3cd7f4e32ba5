"""Map builders: incidents on a bundled country basemap as a pydeck Deck (pure: DataFrame in, Deck out).

Nothing leaves the machine: map_provider=None and no map style; the countries are a
GeoJsonLayer that the browser loads once from this server's static folder
(static/countries-50m.geojson, Natural Earth, public domain; made by data/basemap/make_basemap.py)
and then keeps in its cache, so a rerun sends only the incidents. Points are coloured by
perpetrator (the project's one colour map), sized on a square-root scale of the
highest death figure, and drawn solid only when the place is an exact site or town.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pydeck as pdk

from components.format import state_labels
from components.map_chrome import DENSITY_COLOURS, DENSITY_RADIUS_PX
from components.theme import escape, party_colour

BASEMAP = Path(__file__).resolve().parents[1] / "static" / "countries-50m.geojson"
# The URL the browser loads it from: Streamlit serves ./static at app/static/ (server.enableStaticServing).
# Relative, so that it also resolves under a server.baseUrlPath; every page's URL is one level deep.
BASEMAP_URL = "app/static/" + BASEMAP.name
# Historical borders (aourednik/historical-basemaps, GPL-3.0; made by data/basemap_historical/), one file a year.
BORDER_YEARS = (1920, 1930, 1938, 1945, 1960, 1994)
BORDERS_CREDIT = "historical-basemaps by André Ourednik and contributors (GPL-3.0)"
# Light land tones, one per country "tone" in the basemap (neighbours never share one): borders show
# as a change of tone instead of a line. Ordered by how many countries use each tone.
LAND_TONES = ([237, 234, 227], [226, 222, 211], [246, 244, 239], [217, 213, 201])
SEA = [214, 228, 240]  # the map view's background, under the land
MIN_RADIUS_PX = 4  # incidents without a figure stay visible
MAX_RADIUS_PX = 38
REFERENCE_DEATHS = 2_500_000  # a figure this large gets MAX_RADIUS_PX
SIZE_STEPS = (1_000, 100_000, 1_000_000)  # shown in the legend
SOLID_PRECISION = ("exact", "town")  # drawn filled; region, country and sea drawn as rings
RING_WIDTH_PX = 2
FILL_ALPHA, RING_FILL_ALPHA = 210, 40
MAX_POINTS = 5_000  # more than this is sent as the largest incidents, with a notice on the page
LAYER_EXACT, LAYER_APPROX = "incidents-exact", "incidents-approximate"
LAYER_PICKED, PICK_RING_GAP_PX = "incident-picked", 5
LEGEND_W, LEGEND_COLS, LEGEND_CHAR_PX = 760, 3, 7.2
VIEW_W, VIEW_H = 760, 560  # the map's size on a 1280-wide screen with the sidebar open
FIT_PADDING = 1.15  # room around the fitted points
TILE_PX = 512  # deck.gl: the world is 512 px wide at zoom 0


def radius_px(deaths) -> float:
    """Return a marker radius in pixels: square root of the highest death figure, with a visible minimum."""
    if (
        deaths is None
        or deaths is pd.NA
        or (isinstance(deaths, float) and math.isnan(deaths))
        or float(deaths) <= 0
    ):
        return float(MIN_RADIUS_PX)
    r = MIN_RADIUS_PX + (MAX_RADIUS_PX - MIN_RADIUS_PX) * math.sqrt(
        min(float(deaths), REFERENCE_DEATHS) / REFERENCE_DEATHS
    )
    return round(r, 2)


def borders_year(year: int) -> int:
    """Return the snapshot of historical borders for a year: the latest not after it (the earliest before 1920)."""
    return max((y for y in BORDER_YEARS if y <= year), default=BORDER_YEARS[0])


def borders_url(year: int | None) -> str:
    """Return the URL the browser loads a basemap from: today's countries (None) or a snapshot's borders."""
    return BASEMAP_URL if year is None else f"app/static/historical/borders-{borders_year(year)}.geojson"


def borders_title(year: int, historical: bool) -> str:
    """Return the line above the map that says which borders it draws."""
    return f"**Borders of {borders_year(year)}**" if historical else "**Today's borders**"


def borders_caption(year: int, historical: bool) -> str:
    """Return the caption's sentence on the borders drawn, with the warning that historical ones are approximate."""
    if not historical:
        return (
            "Map: today's borders (Natural Earth, public domain), to locate places; choose "
            "“Borders of the time” to see the states of the period."
        )
    return (
        f"Map: borders of {borders_year(year)}, from {BORDERS_CREDIT}. Historical borders are "
        "approximate, and many were disputed at the time; each snapshot shows one moment, so annexations, "
        "occupations and front lines between snapshots are not drawn."
    )


def hex_rgb(colour: str) -> list[int]:
    """Return [r, g, b] for '#RRGGBB'."""
    c = colour.lstrip("#")
    return [int(c[i : i + 2], 16) for i in (0, 2, 4)]


@lru_cache(maxsize=1)
def basemap() -> dict:
    """Return the bundled countries as GeoJSON (read once)."""
    return json.loads(BASEMAP.read_text(encoding="utf-8"))


@lru_cache(maxsize=len(BORDER_YEARS))
def historical_basemap(snapshot: int) -> dict:
    """Return one snapshot of historical borders (a year of BORDER_YEARS) as GeoJSON (read once)."""
    return json.loads(
        (BASEMAP.parent / "historical" / f"borders-{snapshot}.geojson").read_text(encoding="utf-8")
    )


class CompactDeck(pdk.Deck):
    """A Deck whose JSON is compact: pydeck pretty-prints it, which nearly doubles what each rerun sends."""

    def to_json(self) -> str:
        text = json.dumps(json.loads(super().to_json()), separators=(",", ":"))
        # pydeck turns every string prop into an expression ("@@=pixels"); units are plain strings.
        return text.replace('"@@=pixels"', '"pixels"')


def points_frame(
    inc: pd.DataFrame, party_labels: dict[str, str], country_names: dict[str, str]
) -> pd.DataFrame:
    """Return one row per incident with position, colour, radius and escaped tooltip fields."""
    deaths, dates = inc["deaths_text"], inc["dates_text"]
    where = [
        escape(p) + ("" if pd.isna(c) else f" ({escape(country_names.get(c, c))})")
        for p, c in zip(inc["place"], inc["country_code"])
    ]
    colours = [hex_rgb(party_colour(p)) for p in inc["perpetrator"]]
    return pd.DataFrame(
        {
            "incident_id": inc["incident_id"].astype(str).to_numpy(),
            "lon": inc["lon"].astype(float).to_numpy(),
            "lat": inc["lat"].astype(float).to_numpy(),
            "radius": [radius_px(d) for d in inc["deaths_max"]],
            "colour": colours,
            "solid": inc["location_precision"].isin(SOLID_PRECISION).to_numpy(),
            "deaths_max": inc["deaths_max"].astype(float).fillna(0).to_numpy(),
            "t_name": [escape(n) for n in inc["name"]],
            "t_dates": [escape(d) for d in dates],
            "t_place": where,
            "t_precision": [escape(p) for p in inc["location_precision_label"]],
            "t_deaths": [escape(d) for d in deaths],
            "t_perpetrator": [escape(party_labels.get(p, p)) for p in inc["perpetrator"]],
            "t_state": [escape(t) for t in state_labels(inc)],
            "t_source": [escape(s) for s in inc["source_names"].astype("string").fillna("")],
        }
    )


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def view_state(points: pd.DataFrame, width_px: int = VIEW_W, height_px: int = VIEW_H) -> pdk.ViewState:
    """Return an initial view fitted to the points (Web Mercator bounds; outliers beyond the 2nd-98th percentile may fall outside)."""
    if points.empty:
        return pdk.ViewState(latitude=45, longitude=60, zoom=1.6)
    q = (2, 98) if len(points) > 20 else (0, 100)
    lon_lo, lon_hi = np.percentile(points["lon"], q)
    lat_lo, lat_hi = np.percentile(points["lat"].clip(-80, 80), q)
    y_lo, y_hi = _merc_y(lat_lo), _merc_y(lat_hi)
    zoom_x = math.log2(width_px * 360 / (TILE_PX * max(lon_hi - lon_lo, 1.0) * FIT_PADDING))
    zoom_y = math.log2(height_px * 2 * math.pi / (TILE_PX * max(y_hi - y_lo, 0.02) * FIT_PADDING))
    lat_mid = math.degrees(2 * math.atan(math.exp((y_lo + y_hi) / 2)) - math.pi / 2)
    return pdk.ViewState(
        latitude=round(lat_mid, 4),
        longitude=round(float(lon_lo + lon_hi) / 2, 4),
        zoom=round(float(np.clip(min(zoom_x, zoom_y), 0.8, 8)), 2),
    )


TOOLTIP = {
    "html": "<b>{t_name}</b><br/>{t_dates}<br/>{t_place} <i>(located to: {t_precision})</i><br/>"
    "State at the time: {t_state}<br/>Deaths: {t_deaths}<br/>Perpetrator: {t_perpetrator}<br/><span style='color:#555'>Source: {t_source}</span>",
    "style": {
        "backgroundColor": "white",
        "color": "#222",
        "fontSize": "13px",
        "maxWidth": "340px",
        "border": "1px solid #999",
    },
}


BASE_LAYER_IDS = {"countries"}  # the bundled basemap, left out over online tiles


def base_layer(borders: int | None = None) -> pdk.Layer:
    """Return the countries as areas in light tones, with no lines: coastlines are the edge of the sea, borders a change of tone.

    The browser compiles shaders for every kind of layer in a new map, which under software WebGL
    (SwiftShader, as on the benchmark machine) takes a few tenths of a second each, and then turns
    every polygon into triangles. Stroked outlines took a median of 8.5 s before the first map
    appeared, border lines alone 3 s. Tones instead of lines, the sea as the view's background
    colour rather than a layer, outlines simplified to 0.02 degrees and loaded from the static
    folder rather than parsed out of every deck: under 2 s (scripts/benchmark.py).
    With `borders` (a year), the historical borders of that year's snapshot, drawn the same way.
    """
    return pdk.Layer(
        "GeoJsonLayer",
        data=borders_url(borders),
        id="countries",
        stroked=False,
        filled=True,
        get_fill_color=tone_expression(),
        pickable=False,
    )


def tone_expression() -> str:
    """Return a deck.gl accessor expression that maps a country's "tone" property to its colour in LAND_TONES."""
    expr = json.dumps(list(LAND_TONES[-1]))
    for k in range(len(LAND_TONES) - 2, -1, -1):
        expr = f"properties.tone == {k} ? {json.dumps(list(LAND_TONES[k]))} : ({expr})"
    return expr


def incident_deck(
    points: pd.DataFrame,
    *,
    density: bool = False,
    height: int = 560,
    borders: int | None = None,
    fit: pd.DataFrame | None = None,
    generation: int = 0,
    picked: str | None = None,
) -> pdk.Deck:
    """Return the map: sea-coloured background, countries (today's, or those of the year `borders`), then
    exact sites as filled circles and approximate places as rings (or a heatmap).

    The view is fitted to `fit` (lon and lat columns) when given, else to the points: fitted to every
    filtered incident, the map keeps still while the year slider or Play adds and removes incidents.
    While a click's selection stands, Streamlit dims every object but the one clicked, the countries
    too; a new `generation` renames the incident layers, which ends that selection (the page reads a
    click once and then marks the `picked` incident with a ring of its own).
    """
    layers = [base_layer(borders)]
    if density:
        layers.append(
            pdk.Layer(
                "HeatmapLayer",
                data=points[["lon", "lat"]],
                id="density",
                get_position=["lon", "lat"],
                radius_pixels=DENSITY_RADIUS_PX,
                color_range=[list(c) for c in DENSITY_COLOURS],
                intensity=1.2,
                threshold=0.04,
                aggregation="SUM",
                get_weight=1,
            )
        )
    else:
        order = points.sort_values("radius", ascending=False)  # small markers on top of large ones
        solid, rings = order[order["solid"]], order[~order["solid"]]
        common = dict(
            get_position=["lon", "lat"],
            get_radius="radius",
            radius_units="pixels",
            pickable=True,
            auto_highlight=True,
            stroked=True,
            line_width_units="pixels",
        )
        marks = (  # (rows, layer, fill alpha, outline colour, outline px): rings below, exact places on top
            (rings, LAYER_APPROX, RING_FILL_ALPHA, "colour", RING_WIDTH_PX),
            (solid, LAYER_EXACT, FILL_ALPHA, [255, 255, 255], 1),
        )
        for rows, name, alpha, line_colour, line_px in marks:
            layers.append(
                pdk.Layer(
                    "ScatterplotLayer",
                    data=rows,
                    id=layer_id(name, generation),
                    filled=True,
                    get_fill_color=f"[colour[0], colour[1], colour[2], {alpha}]",
                    get_line_color=line_colour,
                    get_line_width=line_px,
                    **common,
                )
            )
        mark = points[points["incident_id"] == picked] if picked else points.iloc[0:0]
        if len(mark):
            layers.append(picked_layer(mark))
    # No map_style argument: pydeck then sends "__MAP_STYLE__", which Streamlit reads as "no basemap";
    # map_style=None would make Streamlit fetch its default Carto style.
    return CompactDeck(
        layers=layers,
        initial_view_state=view_state(points if fit is None else fit),
        map_provider=None,
        tooltip=False if density else TOOLTIP,
        height=height,
        views=[sea_view()],
    )


def layer_id(base: str, generation: int) -> str:
    """Return an incident layer's id in a generation of the map (generation 0: the plain id)."""
    return base if not generation else f"{base}~{generation}"


def picked_layer(mark: pd.DataFrame) -> pdk.Layer:
    """Return a dark ring around the chosen incident (not pickable: clicks go to the incident under it)."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=mark[["lon", "lat", "radius"]].assign(radius=mark["radius"] + PICK_RING_GAP_PX),
        id=LAYER_PICKED,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units="pixels",
        filled=False,
        stroked=True,
        get_line_color=[20, 20, 20, 255],
        get_line_width=3,
        line_width_units="pixels",
        pickable=False,
    )


def sea_view(sea: bool = True) -> pdk.View:
    """Return the map view; with `sea`, deck.gl clears it to the sea colour (one layer fewer than a sea polygon)."""
    if not sea:
        return pdk.View(type="MapView", controller=True)
    return pdk.View(type="MapView", controller=True, clear=True, clear_color=[*SEA, 255])


def tile_deck(points: pd.DataFrame, **kw) -> pdk.Deck:
    """Return the same map over online Carto tiles (only when the user asks for them: it fetches tiles)."""
    deck = incident_deck(points, **kw)
    deck.layers = [layer for layer in deck.layers if layer.id not in BASE_LAYER_IDS]
    deck.views = [sea_view(False)]  # the tiles are drawn under deck's canvas, which must stay transparent
    deck.map_provider, deck.map_style = "carto", pdk.map_styles.CARTO_LIGHT
    return deck


def legend_svg(points: pd.DataFrame, party_labels: dict[str, str], width: int = LEGEND_W) -> str:
    """Return the map legend as an SVG image: perpetrator colours (with counts), the size scale and precision styles."""
    from xml.sax.saxutils import escape as xml_escape

    counts = points.groupby("t_perpetrator").size()
    parties = [
        (pid, lab, int(counts[escape(lab)]))
        for pid, lab in party_labels.items()
        if escape(lab) in counts.index
    ]
    parties.sort(key=lambda p: -p[2])
    longest = max((len(lab) + 5 for _, lab, _ in parties), default=0)
    cols = LEGEND_COLS if longest * LEGEND_CHAR_PX + 30 < width // LEGEND_COLS else 2
    col_w, row_h = width // cols, 22
    rows = math.ceil(len(parties) / cols) if parties else 0
    out, y = [], 16
    out.append(f'<text x="0" y="{y}" class="h">Perpetrator (incidents on the map)</text>')
    for k, (pid, lab, n) in enumerate(parties):
        x, yy = (k % cols) * col_w, y + 20 + (k // cols) * row_h
        out.append(
            f'<circle cx="{x + 8}" cy="{yy - 5}" r="7" fill="{party_colour(pid)}"/>'
            f'<text x="{x + 22}" y="{yy}">{xml_escape(str(lab))} ({n})</text>'
        )
    y += 20 + rows * row_h + 14
    out.append(f'<text x="0" y="{y}" class="h">Highest death figure (circle area)</text>')
    kx, cy = 0.0, y + 10 + MAX_RADIUS_PX
    for d in (0, *SIZE_STEPS):
        r = radius_px(d or None)
        out.append(
            f'<circle cx="{kx + r}" cy="{cy}" r="{r}" fill="#8a8a8a" fill-opacity="0.8" stroke="white"/>'
            f'<text x="{kx + 2 * r + 6}" y="{cy + 5}">{"no figure" if d == 0 else f"{d:,}"}</text>'
        )
        kx += 2 * r + 110
    y = cy + MAX_RADIUS_PX + 22
    out.append(f'<text x="0" y="{y}" class="h">Location</text>')
    y += 20
    out.append(
        f'<circle cx="8" cy="{y - 5}" r="7" fill="#666" stroke="white"/><text x="22" y="{y}">exact site or town</text>'
        f'<circle cx="{col_w + 8}" cy="{y - 5}" r="7" fill="#666" fill-opacity="0.15" stroke="#666" stroke-width="2"/>'
        f'<text x="{col_w + 22}" y="{y}">region, country or at sea (approximate)</text>'
    )
    height = y + 10
    style = (
        "<style>text{font-family:DejaVu Sans,Arial,sans-serif;font-size:13px;fill:#222}"
        ".h{font-weight:bold;font-size:13px}</style>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{style}{"".join(out)}</svg>'
    )


def legend_rows(points: pd.DataFrame) -> pd.DataFrame:
    """Return the legend as a table: one row per perpetrator with its colour and number of incidents."""
    t = points.groupby(["t_perpetrator"]).agg(incidents=("incident_id", "size")).reset_index()
    return t.rename(columns={"t_perpetrator": "perpetrator"}).sort_values("incidents", ascending=False)


def selected_incident(event, layers=(LAYER_EXACT, LAYER_APPROX)) -> str | None:
    """Return the incident id picked on the map, if any (from st.pydeck_chart's selection event)."""
    try:
        objects = event.selection.objects
    except AttributeError:
        return None
    if not hasattr(objects, "items"):
        return None
    for layer in layers:  # in this order; any generation of the layer (layer_id)
        picked = next(
            (v for k, v in objects.items() if v and (k == layer or str(k).startswith(f"{layer}~"))), None
        )
        if picked:
            return picked[0].get("incident_id")
    return None


def points_table(inc: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """Return the table alternative of the map: name, place, coordinates, precision, perpetrator, deaths."""
    return pd.DataFrame(
        {
            "Incident": inc["name"],
            "Place": inc["place"],
            "Country": inc["country_code"].map(
                lambda c: labels["countries"].get(c, c) if isinstance(c, str) else "at sea"
            ),
            "State at the time": state_labels(inc),
            "Latitude": inc["lat"],
            "Longitude": inc["lon"],
            "Located to": inc["location_precision_label"],
            "Perpetrator": inc["perpetrator"].map(labels["perpetrators"]),
            "Deaths (all figures)": inc["deaths_text"],
            "Dates": inc["dates_text"],
        }
    )
