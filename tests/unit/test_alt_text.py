"""The text alternative of every chart (components.alt_text): positions named as a reader reads the axis."""

from __future__ import annotations

import random

import plotly.graph_objects as go
import pytest

from components.alt_text import _labeller, describe


def naive(v: float, ticks: dict, headers: dict) -> str:
    """The axis read by eye: the group header at or above the position, else the nearest tick."""
    if headers:
        above = [h for h in headers if h <= v]
        return headers[max(above) if above else min(headers)]
    return ticks[min(ticks, key=lambda t: (abs(t - v), t))]


@pytest.mark.parametrize("seed", range(5))
def test_labeller_names_the_nearest_tick_or_the_header_above(seed):
    rng = random.Random(seed)
    ticks = {float(k): f"row {k}" for k in sorted(rng.sample(range(-50, 500), 40))}
    headers = {k: f"group {k}" for k in sorted(rng.sample(sorted(ticks), 5))}
    for _ in range(300):
        v = rng.uniform(-60, 510)
        assert _labeller(ticks)(v) == naive(v, ticks, {})
        assert _labeller(ticks, headers)(v) == naive(v, ticks, headers)
    assert _labeller(ticks)("Katyn") == "Katyn"


def test_a_dot_chart_lists_its_rows_by_their_highest_value():
    fig = go.Figure(
        [go.Scatter(x=[5, 50, 7], y=[0, 1, 2.1], mode="markers"), go.Scatter(x=[500], y=[1], mode="markers")]
    )
    fig.update_yaxes(tickvals=[0, 1, 2], ticktext=["Alpha", "Beta", "Gamma"])
    fig.update_xaxes(title_text="Deaths (log)")
    fig.update_layout(meta={"title": "T", "subtitle": "all"})
    text = describe(fig)
    assert "3 rows of deaths" in text
    assert text.index("Beta 50–500") < text.index("Gamma 7") < text.index("Alpha 5")
