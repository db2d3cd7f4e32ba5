"""The party palette: every colour readable against the plot, the largest perpetrators apart for colour-blind readers.

WCAG 2.1 1.4.11 asks 3:1 for the marks of a chart against what surrounds them. Colour-blind vision is
simulated with the Machado (2009) model at severity 100 (colorspacious), and distances are measured in
CAM02-UCS, where about 1 is a just-noticeable difference; 12 keeps two colours apart at a glance.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
from colorspacious import cspace_convert

from components.theme import FALLBACK_COLOUR, PARTY_COLOURS, PERIOD_COLOURS, TEMPLATE

ROOT = Path(__file__).resolve().parents[2]
MIN_DISTANCE = 12.0
CVD = ("deuteranomaly", "protanomaly", "tritanomaly")


def rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)])


def luminance(c: np.ndarray) -> float:
    """WCAG relative luminance of an sRGB colour in 0..1."""
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(rgb(a)), luminance(rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def simulated_distance(a: str, b: str, kind: str | None) -> float:
    """CAM02-UCS distance between two colours as seen with the given colour-vision deficiency (None: typical)."""
    pts = np.array([rgb(a), rgb(b)])
    if kind:
        space = {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}
        pts = np.clip(cspace_convert(pts, space, "sRGB1"), 0, 1)
    jab = cspace_convert(pts, "sRGB1", "CAM02-UCS")
    return float(np.linalg.norm(jab[0] - jab[1]))


def plot_background() -> str:
    """The plot background the figures are drawn on (the template ui.chart uses in light and dark themes)."""
    bg = pio.templates["plotly_white"].layout.plot_bgcolor
    assert pio.templates[TEMPLATE].layout.plot_bgcolor in (None, bg)
    return {"white": "#FFFFFF"}.get(bg, bg)


def six_largest() -> list[str]:
    """The six perpetrators with the most incidents in data/incidents.csv."""
    counts = pd.read_csv(ROOT / "data" / "incidents.csv")["perpetrator"].value_counts()
    return counts.index[:6].tolist()


def test_contrast_helper_matches_known_values():
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast("#56B4E9", "#FFFFFF") == pytest.approx(2.31, abs=0.01)  # the old United Kingdom blue


@pytest.mark.parametrize("party", [*PARTY_COLOURS, "fallback", *range(len(PERIOD_COLOURS))])
def test_every_colour_at_least_3_to_1_against_the_plot(party):
    if isinstance(party, int):
        colour = PERIOD_COLOURS[party]
    else:
        colour = FALLBACK_COLOUR if party == "fallback" else PARTY_COLOURS[party]
    assert contrast(colour, plot_background()) >= 3.0, (party, colour)


def test_six_largest_perpetrators_have_colours_of_their_own():
    top = six_largest()
    assert len(top) == 6 and all(p in PARTY_COLOURS for p in top), top
    assert len({PARTY_COLOURS[p].upper() for p in top}) == 6


@pytest.mark.parametrize("kind", [None, *CVD])
@pytest.mark.parametrize("palette", ["six largest perpetrators", "periods"])
def test_colours_stay_apart_under_colour_blindness(palette, kind):
    if palette == "periods":
        colours = dict(enumerate(PERIOD_COLOURS))
    else:
        colours = {p: PARTY_COLOURS[p] for p in six_largest()}
    close = [
        (a, b, round(d, 1))
        for a, b in itertools.combinations(colours, 2)
        if (d := simulated_distance(colours[a], colours[b], kind)) < MIN_DISTANCE
    ]
    assert not close, f"{palette}, {kind or 'typical vision'}: pairs closer than {MIN_DISTANCE}: {close}"


def test_the_simulation_tells_a_red_green_pair_apart_from_a_safe_one():
    """The check itself: red and green merge under deuteranopia, blue and orange do not."""
    assert simulated_distance("#D55E00", "#009E73", None) > 30
    assert simulated_distance("#CC0000", "#00AA00", "deuteranomaly") < 12
    assert simulated_distance("#0072B2", "#E69F00", "deuteranomaly") > 30


# --- What the figures draw: marks at least 3:1 on the plot, text in matrix cells at least 4.5:1 -------------


def rgba(colour) -> tuple[str, float] | None:
    """Return (#RRGGBB, alpha) of a plotly colour string, None for anything else (arrays, scales, names)."""
    if not isinstance(colour, str):
        return None
    c = colour.strip()
    if c.startswith("#") and len(c) == 7:
        return c.upper(), 1.0
    if c.startswith("rgb"):
        parts = [float(p) for p in c[c.index("(") + 1 : c.index(")")].split(",")]
        return "#" + "".join(f"{round(p):02X}" for p in parts[:3]), parts[3] if len(parts) == 4 else 1.0
    return {"white": ("#FFFFFF", 1.0), "black": ("#000000", 1.0)}.get(c.lower())


def over_white(colour: str, alpha: float) -> str:
    """Return the colour a reader sees when it is drawn at `alpha` on white."""
    mixed = alpha * rgb(colour) + (1 - alpha) * np.ones(3)
    return "#" + "".join(f"{round(v * 255):02X}" for v in mixed)


def slide_figures(ds):
    from components import slides
    from components.filters import Filters

    return {s.key: s.build(ds, Filters()) for s in slides.SLIDES}


def mark_colours(fig):
    """Yield (trace name, colour as seen) of every bar, marker and line the figure draws."""
    for t in fig.data:
        if t.type not in ("bar", "scatter"):
            continue
        opacity = t.opacity if t.opacity is not None else 1.0
        marker = t.marker
        m_opacity = marker.opacity if isinstance(marker.opacity, (int, float)) else 1.0
        colours = []
        mode = (t.mode or "") if t.type == "scatter" else ""
        line = marker.line
        outlined = rgba(line.color) and rgba(marker.color) and rgba(line.color)[0] == rgba(marker.color)[0]
        if t.type == "bar" and line.width and line.width >= 1 and outlined:
            colours.append(rgba(line.color))  # an outlined bar: the outline is the mark, the fill a band
        elif t.type == "bar" or "markers" in mode:
            colours.append(rgba(marker.color))
        if t.type == "scatter" and "lines" in mode and not t.fill:
            colours.append(rgba(t.line.color))
        for c in colours:
            if c:
                faded = m_opacity if t.type == "bar" and c == rgba(marker.color) else 1.0
                yield t.name, over_white(c[0], c[1] * opacity * faded)


def test_every_mark_of_every_main_figure_is_3_to_1_on_the_plot(ds):
    faint = []
    for key, fig in slide_figures(ds).items():
        for name, colour in mark_colours(fig):
            if contrast(colour, plot_background()) < 3.0:
                faint.append((key, name, colour, round(contrast(colour, plot_background()), 2)))
    assert not faint, faint


def test_the_mark_check_sees_a_faded_bar():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1], y=[1], name="faded", marker=dict(color="#0072B2", opacity=0.5)))
    assert [contrast(c, "#FFFFFF") < 3 for _, c in mark_colours(fig)] == [True]


def cell_colour(heatmap, value: float) -> str:
    from plotly.colors import get_colorscale, sample_colorscale

    lo = heatmap.zmin if heatmap.zmin is not None else 0.0
    hi = (
        heatmap.zmax
        if heatmap.zmax is not None
        else max(v for row in heatmap.z for v in row if v is not None)
    )
    scale = heatmap.colorscale if heatmap.colorscale is not None else get_colorscale("Plasma")
    c = sample_colorscale([list(s) for s in scale], [min(max((value - lo) / (hi - lo), 0), 1)])[0]
    return rgba(c)[0]


def matrix_texts(fig):
    """Yield (cell value, text colour) of the numbers written in a heatmap's cells."""
    import re

    hm = next(t for t in fig.data if t.type == "heatmap")
    if hm.texttemplate and hm.text is not None:  # compare: the colour is in each cell's text
        for row_z, row_t in zip(hm.z, hm.text):
            for z, text in zip(row_z, row_t):
                if text:
                    found = re.search(r"color:\s*(#[0-9A-Fa-f]{6})", text)
                    yield z, found.group(1) if found else (hm.textfont.color or "#444444")
    for a in fig.layout.annotations:  # POW: one annotation per cell, at the cell's position
        if a.name and a.name.startswith("cell:"):
            z = hm.z[int(a.y)][int(a.x)]
            colour = rgba(a.font.color)[0]
            yield z, colour


@pytest.mark.parametrize("key", ["crime-matrix", "pow-matrix"])
def test_numbers_in_matrix_cells_are_4_5_to_1_on_their_cell(ds, key):
    fig = slide_figures(ds)[key]
    hm = next(t for t in fig.data if t.type == "heatmap")
    checked, faint = 0, []
    for z, colour in matrix_texts(fig):
        bg = cell_colour(hm, z) if z is not None else plot_background()
        checked += 1
        if contrast(colour, bg) < 4.5:
            faint.append((z, colour, bg, round(contrast(colour, bg), 2)))
    assert checked > 5, "no cell text found"
    assert not faint, faint
