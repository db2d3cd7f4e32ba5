"""Small shared figure builders (pure: DataFrame in, plotly figure out)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from components.data import Dataset
from components.labels import source_cites
from components.theme import PARTY_COLOURS, PERIOD_COLOURS, add_traces, escape, finish

ROW_PX = 34  # one perpetrator's bar


def source_line(source_ids, cites: Mapping[str, tuple[str, str]]) -> str:
    """Return the source line naming the articles behind a set of rows ('a; b' strings or ids).

    cites is {source id: (publisher, article as cited)} in the package's order (labels.source_cites):
    each publisher is named once, before its articles. No ids: every article.
    """
    ids = {s.strip() for v in source_ids if isinstance(v, str) for s in v.split(";") if s.strip()}
    by_publisher: dict[str, list[str]] = {}
    for i, (publisher, cited) in cites.items():
        if i in ids or not ids:
            by_publisher.setdefault(publisher, []).append(cited)
    parts = [f"{publisher}, {', '.join(titles)}" for publisher, titles in by_publisher.items()]
    return "; ".join(parts) + ". CC BY-SA; figures as curated in this project's data package."


def counts_table(inc: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Return incident counts by perpetrator and period, labelled."""
    plabel, perlabel = ds.labels("parties", "party_id"), ds.labels("periods", "period")
    t = inc.groupby(["perpetrator", "period"]).size().rename("incidents").reset_index()
    t["perpetrator_label"] = t["perpetrator"].map(plabel)
    t["period_label"] = t["period"].map(lambda p: perlabel.get(p, p))
    return t[["perpetrator_label", "period_label", "incidents", "perpetrator", "period"]]


def counts_display(t: pd.DataFrame) -> pd.DataFrame:
    """Return the counts table as readers see it: perpetrator, period and count, headed in words."""
    return t[["perpetrator_label", "period_label", "incidents"]].rename(
        columns={"perpetrator_label": "Perpetrator", "period_label": "Period", "incidents": "Incidents"}
    )


def counts_by_perpetrator_period(inc: pd.DataFrame, ds: Dataset, *, subtitle: str) -> go.Figure:
    """Return a stacked bar chart of incidents per perpetrator, split by period."""
    t = counts_table(inc, ds)
    order = t.groupby("perpetrator_label")["incidents"].sum().sort_values().index.tolist()
    periods = ds["periods"].sort_values("start")["label"].tolist()
    fig = go.Figure()
    traces = []  # one per period that has incidents, in time order, each period in its one colour
    for k, period in enumerate(periods):
        sub = t[t["period_label"] == period]
        if sub.empty:
            continue
        traces.append(
            dict(
                type="bar",
                y=[escape(p) for p in sub["perpetrator_label"]],
                x=sub["incidents"].tolist(),
                orientation="h",
                name=escape(period),
                showlegend=True,  # the period key also when only one period has incidents
                marker=dict(color=PERIOD_COLOURS[k % len(PERIOD_COLOURS)], line=dict(color="white", width=1)),
                text=[f"{n:,} incident{'' if n == 1 else 's'}" for n in sub["incidents"]],
                textposition="none",  # the counts are for the hover, not printed on the bars
                hovertemplate=f"%{{y}}<br>{escape(period)}: %{{text}}<extra></extra>",
            )
        )
    add_traces(fig, traces)
    fig.update_layout(
        barmode="relative",
        bargap=0.25,
        xaxis=dict(title_text="Incidents"),
        yaxis=dict(title_text="", categoryorder="array", categoryarray=[escape(p) for p in order[::-1]]),
        legend=dict(title_text="Period", tracegroupgap=0),
    )
    return finish(
        fig,
        title="Incidents in the data, by perpetrator and period",
        subtitle=subtitle,
        source=source_line(inc["source_ids"], source_cites(ds)),
        plot_height=max(200, ROW_PX * len(order)),
    )


__all__ = ["PARTY_COLOURS", "counts_by_perpetrator_period", "counts_display", "counts_table", "source_line"]
