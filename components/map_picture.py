"""The map as a picture: the incidents over the bundled countries as a plain plotly figure (pure).

For export and slides, where the pydeck map cannot go (its canvas has no title, legend or
source, and its camera is the browser's). Nothing is fetched: the countries are the bundled
Natural Earth outlines (static/countries-50m.geojson) drawn as filled shapes on ordinary
cartesian axes, longitude across and latitude up, with one degree of latitude drawn
1/cos(middle latitude) times as tall as a degree of longitude (an equidistant cylindrical
projection whose standard parallel runs through the middle of the incidents). plotly's geo
charts would load their outlines from a CDN.

Colour and symbol both tell the perpetrator (colour is never the only encoding); filled
symbols are exact sites and towns, open ones places known only to a region or country, or at
sea; marker area grows with the highest death figure, with a size key under the map.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components import maps
from components.theme import BASE_SIZE, PARTY_COLOURS, escape, finish, label_at, party_colour, wrap

TITLE = "Where the incidents happened"
BASEMAP_CREDIT = "Country outlines: Natural Earth (public domain)."
HISTORICAL_CREDIT = f"Borders: {maps.BORDERS_CREDIT}; approximate, and many disputed at the time."
# One symbol per party, in the order of the project's colour map, so a party keeps its shape
# whatever the filters. Open variants ("-open") mark approximate places.
SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "pentagon",
    "triangle-down",
    "hexagon",
    "star",
    "hourglass",
    "triangle-left",
    "bowtie",
    "triangle-right",
    "star-diamond",
    "hexagram",
    "star-square",
    "cross",
    "x",
    "diamond-tall",
)
PARTY_SYMBOLS = dict(zip(PARTY_COLOURS, SYMBOLS))
FALLBACK_SYMBOL = "asterisk"
MIN_D, MAX_D = 7, 40  # marker diameters in px: no figure, and REFERENCE_DEATHS or more
KEY_STEPS = (0, 1_000, 100_000, 1_000_000)  # the size key under the map (0: no figure)
KEY_FONT = 13
KEY_CHAR_PX = 0.6 * KEY_FONT  # a generous width per character of DejaVu Sans
SIZE_KEY_PX = 58  # the room under the map for its marker-size key
LEGEND_WRAP = 24  # characters per line of a legend entry
PAD = 0.12  # room around the incidents, as a share of their span
MIN_SPAN_DEG = 8.0  # a single place is shown with its surroundings
TOLERANCES = (0.02, 0.05, 0.1, 0.2, 0.4)  # outline simplification steps, in degrees
BASEMAP_TOLERANCE = 0.02  # the bundled outlines are already simplified to this (data/basemap/)
PX_PER_VIEW = 1000  # simplify to about one pixel of a view this many pixels wide


def party_symbol(party_id: str) -> str:
    """Return the marker symbol of a party (filled form)."""
    return PARTY_SYMBOLS.get(party_id, FALLBACK_SYMBOL)


def diameter_px(deaths) -> float:
    """Return a marker diameter: area proportional to the highest death figure (capped), a visible minimum."""
    if deaths is None or pd.isna(deaths) or float(deaths) <= 0:
        return float(MIN_D)
    share = math.sqrt(min(float(deaths), maps.REFERENCE_DEATHS) / maps.REFERENCE_DEATHS)
    return round(MIN_D + (MAX_D - MIN_D) * share, 2)


def extent(lon: pd.Series, lat: pd.Series) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return ((lon_lo, lon_hi), (lat_lo, lat_hi)) around the points, padded, at least MIN_SPAN_DEG wide and tall."""
    if len(lon) == 0:
        return (-20.0, 150.0), (0.0, 70.0)
    out = []
    for values, limit in ((lon, 180.0), (lat, 85.0)):
        lo, hi = float(values.min()), float(values.max())
        span = max(hi - lo, MIN_SPAN_DEG / (1 + 2 * PAD))
        mid = (lo + hi) / 2
        half = span * (0.5 + PAD)
        out.append((max(mid - half, -limit), min(mid + half, limit)))
    return out[0], out[1]


def _rdp(a: np.ndarray, tol: float) -> np.ndarray:
    """Return the points of a line kept by Ramer-Douglas-Peucker at tolerance `tol` (degrees)."""
    n = len(a)
    if n < 3:
        return a
    keep = np.zeros(n, bool)
    keep[[0, -1]] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        p, d, seg = a[i], a[j] - a[i], a[i + 1 : j]
        length = math.hypot(d[0], d[1])
        if length == 0:
            dist = np.hypot(seg[:, 0] - p[0], seg[:, 1] - p[1])
        else:
            dist = np.abs(d[0] * (seg[:, 1] - p[1]) - d[1] * (seg[:, 0] - p[0])) / length
        k = int(np.argmax(dist))
        if dist[k] > tol:
            m = i + 1 + k
            keep[m] = True
            stack += [(i, m), (m, j)]
    return a[keep]


@lru_cache(maxsize=1 + len(maps.BORDER_YEARS))
def rings(
    snapshot: int | None = None,
) -> tuple[tuple[int, np.ndarray, tuple[float, float, float, float]], ...]:
    """Return every country's outer rings as (tone, [[lon, lat], ...], (lon_lo, lon_hi, lat_lo, lat_hi)), read once:
    today's countries (None) or the states of a snapshot of historical borders."""
    out = []
    geo = maps.basemap() if snapshot is None else maps.historical_basemap(snapshot)
    for feature in geo["features"]:
        geom, tone = feature["geometry"], int(feature["properties"].get("tone", 0))
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for polygon in polygons:
            ring = np.asarray(polygon[0], float)
            box = (ring[:, 0].min(), ring[:, 0].max(), ring[:, 1].min(), ring[:, 1].max())
            out.append((tone, ring, box))
    return tuple(out)


@lru_cache(maxsize=8192)
def simplified(index: int, tol: float, snapshot: int | None = None) -> np.ndarray:
    """Return ring `index` simplified to `tol` degrees and rounded to 0.01 (cached; empty when it vanishes)."""
    ring = rings(snapshot)[index][1]
    if tol <= BASEMAP_TOLERANCE:
        return np.round(ring, 2)
    far = int(np.argmax(np.hypot(*(ring - ring[0]).T)))  # split the closed ring into two lines
    ring = np.vstack([_rdp(ring[: far + 1], tol), _rdp(ring[far:], tol)[1:]])
    return np.round(ring, 2) if len(ring) >= 4 else ring[:0]


def land_traces(lon_range, lat_range, snapshot: int | None = None) -> list[go.Scatter]:
    """Return the countries (or a snapshot's states) near the view as one filled trace per land tone."""
    span = max(lon_range[1] - lon_range[0], lat_range[1] - lat_range[0])
    tol = next((t for t in TOLERANCES if t >= span / PX_PER_VIEW), TOLERANCES[-1])
    # Keep rings that touch the view widened by its own size on each side: plotly widens one axis
    # range to keep the aspect, by an amount that depends on the figure's final size.
    wx, wy = lon_range[1] - lon_range[0], lat_range[1] - lat_range[0]
    x0, x1, y0, y1 = lon_range[0] - 1.5 * wx, lon_range[1] + 1.5 * wx, lat_range[0] - wy, lat_range[1] + wy
    parts: dict[int, list[np.ndarray]] = {}
    gap = np.array([[np.nan, np.nan]])
    for i, (tone, _, (a, b, c, d)) in enumerate(rings(snapshot)):
        if b < x0 or a > x1 or d < y0 or c > y1:
            continue
        ring = simplified(i, tol, snapshot)
        if len(ring):
            parts.setdefault(tone, []).extend([ring, gap])
    traces = []
    for tone in sorted(parts):
        xy = np.vstack(parts[tone]).astype(np.float32)  # sent as a typed array: 4 bytes a number
        traces.append(
            go.Scatter(
                x=xy[:, 0],
                y=xy[:, 1],
                mode="lines",
                fill="toself",
                fillcolor="rgb({},{},{})".format(*maps.LAND_TONES[tone % len(maps.LAND_TONES)]),
                line=dict(color="white", width=0.6),
                hoverinfo="skip",
                showlegend=False,
                name="land",
            )
        )
    return traces


def _hover(inc: pd.DataFrame, party_labels: dict[str, str], country_names: dict[str, str]) -> list[str]:
    return [
        f"<b>{escape(name)}</b><br>{escape(dates)}<br>{escape(place)}"
        + ("" if pd.isna(cc) else f" ({escape(country_names.get(cc, cc))})")
        + f"<br>Deaths: {escape(deaths)}<br>Perpetrator: {escape(party_labels.get(p, p))}"
        for name, dates, place, cc, deaths, p in zip(
            inc["name"],
            inc["dates_text"],
            inc["place"],
            inc["country_code"],
            inc["deaths_text"],
            inc["perpetrator"],
        )
    ]


def incident_traces(inc: pd.DataFrame, party_labels: dict, country_names: dict) -> list[go.Scatter]:
    """Return one trace per perpetrator (most incidents first): colour and symbol per party, open when approximate.

    Their legend entries are separate marker-only traces (legend_traces), so that the legend shows
    each party's filled symbol whatever its first incident is.
    """
    inc = inc.assign(_d=[diameter_px(d) for d in inc["deaths_max"]]).sort_values("_d", ascending=False)
    solid = inc["location_precision"].isin(maps.SOLID_PRECISION)
    traces = []
    for party in parties(inc):
        rows, filled = inc[inc["perpetrator"] == party], solid[inc["perpetrator"] == party]
        colour, symbol = party_colour(party), party_symbol(party)
        traces.append(
            go.Scatter(
                x=rows["lon"].astype(float),
                y=rows["lat"].astype(float),
                mode="markers",
                name=party_labels.get(party, str(party)),
                legendgroup=str(party),
                showlegend=False,
                marker=dict(
                    color=colour,
                    size=rows["_d"].tolist(),
                    symbol=[symbol if f else f"{symbol}-open" for f in filled],
                    opacity=0.85,
                    line=dict(
                        color=["white" if f else colour for f in filled],
                        width=[1 if f else 2 for f in filled],
                    ),
                ),
                hovertext=_hover(rows, party_labels, country_names),
                hovertemplate="%{hovertext}<extra></extra>",
                meta={"party": str(party)},
            )
        )
    return traces


def parties(inc: pd.DataFrame) -> list[str]:
    """Return the perpetrators of the incidents, most incidents first (ties by id, so the order is stable)."""
    counts = inc["perpetrator"].astype(str).value_counts()
    return sorted(counts.index, key=lambda p: (-counts[p], p))


def legend_traces(inc: pd.DataFrame, party_labels: dict) -> list[go.Scatter]:
    """Return a legend entry per perpetrator: its colour and filled symbol, the label wrapped (full name in the hover)."""
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=wrap(party_labels.get(p, p), LEGEND_WRAP),
            legendgroup=p,
            marker=dict(
                symbol=party_symbol(p), size=14, color=party_colour(p), line=dict(color="white", width=1)
            ),
            hoverinfo="skip",
        )
        for p in parties(inc)
    ]


def precision_traces() -> list[go.Scatter]:
    """Return two legend-only entries: filled symbols are exact sites or towns, open ones approximate places."""
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            marker=dict(symbol=symbol, size=12, color="#555555", line=dict(color="#555555", width=2)),
            hoverinfo="skip",
        )
        for name, symbol in (
            ("Filled: exact site or town", "circle"),
            ("Open: region, country or at sea", "circle-open"),
        )
    ]


LEGEND_CHAR_EM = 0.62  # DejaVu Sans's average character width, a little generous
LEGEND_SYMBOL_PX = 48  # a legend entry's symbol and the gaps around it


def legend_width_px(fig: go.Figure) -> int:
    """Return the width the map's side legend takes: its longest line at the legend's type size.

    The map sets its right margin to this itself: when plotly's legend automargin has to push the
    margin, the static export (kaleido) loses the title's automargin and the title runs over the map.
    """
    size = fig.layout.legend.font.size or (BASE_SIZE - 2)
    lines = [ln for t in fig.data if t.showlegend is not False and t.name for ln in t.name.split("<br>")]
    longest = max((len(ln) for ln in lines), default=0)
    return int(LEGEND_SYMBOL_PX + longest * size * LEGEND_CHAR_EM)


def size_key(fig: go.Figure) -> None:
    """Draw the marker-size key in the room under the map (the axes are hidden), in pixels from its left edge."""
    mid = -SIZE_KEY_PX / 2  # px below the plot area
    label = "Marker area: highest death figure"
    _key_text(fig, label, 0, mid)
    x = len(label) * KEY_CHAR_PX + 18
    for d in KEY_STEPS:
        size = diameter_px(d or None)
        fig.add_shape(
            type="circle",
            xref="paper",
            yref="paper",
            xsizemode="pixel",
            ysizemode="pixel",
            xanchor=0,
            yanchor=0,
            x0=x,
            x1=x + size,
            y0=mid - size / 2,
            y1=mid + size / 2,
            fillcolor="#8a8a8a",
            opacity=0.85,
            line=dict(color="white", width=1),
        )
        text = "no figure" if d == 0 else f"{d:,}"
        _key_text(fig, text, x + size + 5, mid)
        x += size + 5 + len(text) * KEY_CHAR_PX + 16


def _key_text(fig: go.Figure, text: str, x_px: float, y_px: float) -> None:
    style = dict(xanchor="left", yanchor="middle", font=dict(size=KEY_FONT, color="#333333"))
    label_at(
        fig,
        0,
        0,
        escape(text),
        xref="paper",
        yref="paper",
        xshift=x_px,
        yshift=y_px,
        name="size-key",
        **style,
    )


def map_figure(
    inc: pd.DataFrame,
    party_labels: dict[str, str],
    country_names: dict[str, str] | None = None,
    *,
    subtitle: str,
    source: str,
    height: int = 620,
    borders: int | None = None,
) -> go.Figure:
    """Return the map as a plotly figure with its title, the filters (subtitle), legend, size key and source inside.

    borders: a year draws the states of the historical snapshot for it (the latest not after it), named in
    the title; None draws today's countries.
    """
    snapshot = None if borders is None else maps.borders_year(borders)
    lon_range, lat_range = extent(inc["lon"].astype(float), inc["lat"].astype(float))
    phi0 = math.radians(min(abs((lat_range[0] + lat_range[1]) / 2), 60.0))
    fig = go.Figure(
        [
            *land_traces(lon_range, lat_range, snapshot),
            *legend_traces(inc, party_labels),
            *precision_traces(),
            *incident_traces(inc, party_labels, country_names or {}),
        ]
    )
    # Axes drawn bare, not hidden: with hidden axes kaleido's export skips the title's automargin.
    hidden = dict(
        showticklabels=False, ticks="", showline=False, showgrid=False, zeroline=False, fixedrange=False
    )
    fig.update_layout(
        plot_bgcolor="rgb({},{},{})".format(*maps.SEA),
        xaxis=dict(range=list(lon_range), constrain="domain", **hidden),
        yaxis=dict(
            range=list(lat_range),
            scaleanchor="x",
            scaleratio=1 / math.cos(phi0),
            constrain="domain",
            **hidden,
        ),
        hovermode="closest",
        dragmode="pan",
        # The key stands beside the map: a map is wider than tall, so the room at its side is free, and a
        # legend over it would compete with the title for the top margin.
        legend=dict(
            orientation="v", x=1, xanchor="left", y=1, yanchor="top", traceorder="normal", maxheight=2000
        ),
    )
    fig = finish(
        fig,
        title=TITLE if snapshot is None else f"{TITLE}, on the borders of {snapshot}",
        subtitle=subtitle,
        source=f"{source} {BASEMAP_CREDIT if snapshot is None else HISTORICAL_CREDIT}",
        height=height,
        under_plot_px=SIZE_KEY_PX,
        source_left=True,
    )
    fig.update_layout(margin_r=legend_width_px(fig))
    size_key(fig)
    return fig
