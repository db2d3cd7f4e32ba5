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
from tests.conftest import ROOT


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


STATES = [
    Filters(),
    Filters(years=(1939, 1945)),
    Filters(perpetrators=("soviet_union",)),
    Filters(years=(1917, 1922)),
    Filters(search="camp"),
    Filters(min_deaths=1000),
]


def test_tables_built_once_per_dataset_give_what_a_build_over_the_filtered_incidents_gives(ds):
    from components import catalogue
    from components import how_sure as sure
    from components.derive import death_metrics

    for f in STATES:
        v = catalogue.View(ds, f)
        direct = sure.disagreements(ds.estimates, v.inc, death_metrics(ds))
        pd.testing.assert_frame_equal(catalogue.disagreements(v), direct, check_dtype=False, obj=str(f))
        direct = sure.revision_differences(ds.estimates, v.inc, death_metrics(ds))
        pd.testing.assert_frame_equal(catalogue.revision_table(v), direct, check_dtype=False, obj=str(f))


def test_each_timeline_bar_hovers_with_its_own_incidents_dates_deaths_and_sources(ds):
    from components import catalogue
    from components import timeline as tl
    from components.format import fmt_dates, fmt_range

    for f in STATES[:3]:
        v = catalogue.View(ds, f)
        labels = v.timeline_labels()
        frame = tl.timeline_frame(v.inc, "perpetrator", labels, tl.full_range())
        rows = ds.incidents.set_index("incident_id")
        for iid, hover in zip(frame["incident_id"], frame["hover"]):
            r = rows.loc[iid]
            assert fmt_dates(r["date_start"], r["date_end"], r["date_precision"]) in hover.replace(
                "&amp;", "&"
            )
            assert "Deaths: " + fmt_range(r["deaths_low"], r["deaths_high"], r["deaths_qualifier"]) in hover
            for s in str(r["source_ids"]).split(";"):
                assert labels["sources"].get(s.strip(), s.strip()) in hover, (iid, hover)


def test_timeline_lanes_never_overlap_within_a_group(ds):
    from components import catalogue
    from components import timeline as tl

    v = catalogue.View(ds, Filters())
    frame = tl.timeline_frame(v.inc, "theatre", v.timeline_labels(), tl.full_range())
    for _y, lane in frame.groupby("y"):
        lane = lane.sort_values("start")
        assert (lane["start"].iloc[1:].to_numpy() > lane["end_shown"].iloc[:-1].to_numpy()).all()


def test_figures_keep_the_projects_template_whatever_was_imported_first():
    """Streamlit sets plotly's default template when its plotly element is imported; ours must win in
    either order (a fresh interpreter each, since imports happen once)."""
    import subprocess
    import sys

    for first, then in (("components.theme", "streamlit"), ("streamlit", "components.theme")):
        code = (
            f"import {first}, {then}\n"
            "from components import catalogue, data, theme\n"
            "from components.filters import Filters\n"
            "fig = catalogue.overview_counts(catalogue.View(data.load_dataset(), Filters()))\n"
            "import plotly.io as pio\n"
            "assert fig.layout.template.to_plotly_json() == pio.templates[theme.TEMPLATE].to_plotly_json()\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, (first, done.stderr[-800:])


def test_filtered_incidents_are_kept_per_state_and_equal_a_fresh_selection(ds, monkeypatch):
    from components import catalogue
    from components.filters import apply_filters

    monkeypatch.setattr(catalogue, "_FILTERED", type(catalogue._FILTERED)())
    for f in STATES:
        first, again = catalogue.View(ds, f).inc, catalogue.View(ds, f).inc
        pd.testing.assert_frame_equal(first, apply_filters(ds.incidents, f), obj=str(f))
        assert again is first  # kept: the same frame, not a new selection
    assert catalogue.View(ds, Filters()).inc is ds.incidents
    monkeypatch.setattr(catalogue, "KEEP_ROWS", 5)  # a large selection is taken again each time
    f = Filters(years=(1941, 1942))
    assert catalogue.View(ds, f).inc is not catalogue.View(ds, f).inc
    monkeypatch.setattr(catalogue, "KEEP_ROWS", 10_000)
    monkeypatch.setattr(catalogue, "KEEP_FILTERED", 2)  # the least recently used go first
    monkeypatch.setattr(catalogue, "_FILTERED", type(catalogue._FILTERED)())
    for f in STATES[1:]:
        assert len(catalogue.View(ds, f).inc) > 0
    assert [f for _, f in catalogue._FILTERED] == STATES[-2:]


def test_memory_is_handed_back_only_by_a_large_process():
    from components import data

    here = data.resident_mb()
    assert 50 < here < 4096  # read from /proc: this test process holds the real package
    assert data.trim_memory(above_mb=here * 100) is False  # the real data: nothing to do
    assert data.trim_memory(above_mb=1) is True


def test_overview_hover_counts_each_perpetrators_incidents_of_a_period_in_words(ds):
    """Counted here from the incidents table itself; one incident is 'incident', never '1 incidents'."""
    from components import catalogue
    from components.labels import filter_labels

    fig = catalogue.overview_counts(catalogue.View(ds, Filters()))
    parties = filter_labels(ds)["perpetrators"]
    periods = dict(zip(ds["periods"]["period"], ds["periods"]["label"]))
    want = {
        (parties[p], periods[q]): n
        for (p, q), n in ds.incidents.groupby(["perpetrator", "period"]).size().items()
    }
    got = {}
    for t in fig.data:
        assert t.textposition == "none"
        for y, text in zip(t.y, t.text):
            got[(y, t.name)] = text
    assert got == {k: f"{n:,} incident{'' if n == 1 else 's'}" for k, n in want.items()}
    assert "1 incident" in got.values()
