"""What makes figures cheaper to build (#20) must not change what they draw.

The expectations come from plotly itself: its own template merge and its own add_vline, add_hline
and add_vrect, against the project's one merged template and its shape helpers.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from components import slides, theme
from components.filters import Filters


def test_the_one_template_draws_as_plotly_white_under_the_projects_layout():
    merged = pio.templates.merge_templates(pio.templates["plotly_white"], theme._OWN).to_plotly_json()
    ours = pio.templates[theme.TEMPLATE].to_plotly_json()
    assert ours["layout"] == merged["layout"]
    for kind in theme.TRACE_TYPES:
        assert ours["data"][kind] == merged["data"][kind]


def test_every_main_figure_uses_only_trace_types_the_template_keeps(ds):
    seen = set()
    for s in slides.SLIDES:
        fig = s.build(ds, Filters())
        if fig is None:
            continue
        assert fig.layout.template.to_plotly_json() == pio.templates[theme.TEMPLATE].to_plotly_json(), s.key
        seen |= {t.type for t in fig.data}
    assert seen <= set(theme.TRACE_TYPES)


def test_no_figure_carries_the_defaults_of_unused_trace_types(ds):
    fig = slides.SLIDES[0].build(ds, Filters())
    assert set(fig.layout.template.data.to_plotly_json()) == set(theme.TRACE_TYPES)


def test_shape_helpers_draw_what_plotlys_own_functions_draw():
    x0, x1 = pd.Timestamp("1940-01-01"), pd.Timestamp("1941-06-22")
    style = dict(line=dict(color="#BBBBBB", width=1, dash="dot"), layer="below")
    plotly_way = go.Figure(go.Bar(x=[x0], y=[1]))
    plotly_way.add_vline(x=x0, **style)
    plotly_way.add_hline(y=2.5, line=dict(color="#999999", width=1))
    plotly_way.add_vrect(x0=x0, x1=x1, fillcolor="#EEEEEE", opacity=1, line_width=0, name="period:p")
    ours = go.Figure(go.Bar(x=[x0], y=[1]))
    theme.add_shapes(ours, [theme.vline(x0, **style)])
    theme.add_shapes(
        ours,
        [
            theme.hline(2.5, line=dict(color="#999999", width=1)),
            theme.vrect(x0, x1, fillcolor="#EEEEEE", opacity=1, line=dict(width=0), name="period:p"),
        ],
    )
    assert [s.to_plotly_json() for s in ours.layout.shapes] == [
        s.to_plotly_json() for s in plotly_way.layout.shapes
    ]


def test_labels_added_at_once_are_what_label_at_adds_one_by_one():
    one_by_one, at_once = go.Figure(), go.Figure()
    cells = [dict(x=j, y=i, text=f"{i}{j}", font=dict(size=12)) for i in range(3) for j in range(2)]
    for c in cells:
        theme.label_at(one_by_one, c["x"], c["y"], c["text"], font=c["font"])
    theme.add_labels(at_once, [dict(c, xref="x", yref="y") for c in cells])
    assert at_once.layout.annotations == one_by_one.layout.annotations
