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
