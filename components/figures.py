"""Small shared figure builders (pure: DataFrame in, plotly figure out)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from components.data import Dataset
from components.labels import source_cites
from components.theme import PARTY_COLOURS, PERIOD_COLOURS, finish


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


def counts_by_perpetrator_period(inc: pd.DataFrame, ds: Dataset, *, subtitle: str) -> go.Figure:
    """Return a stacked bar chart of incidents per perpetrator, split by period."""
    t = counts_table(inc, ds)
    order = t.groupby("perpetrator_label")["incidents"].sum().sort_values().index.tolist()
    periods = ds["periods"].sort_values("start")["label"].tolist()
    fig = px.bar(
        t,
        y="perpetrator_label",
        x="incidents",
        color="period_label",
        orientation="h",
        category_orders={"perpetrator_label": order, "period_label": periods},
        color_discrete_sequence=PERIOD_COLOURS,
        labels={"perpetrator_label": "", "incidents": "Incidents", "period_label": "Period"},
    )
    fig.update_layout(bargap=0.25)
    fig.update_traces(marker_line=dict(color="white", width=1))  # a gap between stacked periods
    return finish(
        fig,
        title="Incidents in the data, by perpetrator and period",
        subtitle=subtitle,
        source=source_line(inc["source_ids"], source_cites(ds)),
        height=max(360, 110 + 34 * len(order)),
    )


__all__ = ["PARTY_COLOURS", "counts_by_perpetrator_period", "counts_table", "source_line"]
