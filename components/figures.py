"""Small shared figure builders (pure: DataFrame in, plotly figure out)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from components.data import Dataset
from components.theme import PARTY_COLOURS, PERIOD_COLOURS, finish

SOURCE_NAMES = {  # publisher -> {source id: article}, so a source line names each publisher once
    "Wikipedia": {
        "allied_wwii": "'Allied war crimes during World War II'",
        "soviet_pow": "'Soviet atrocities committed against prisoners of war during World War II'",
        "soviet_wc_wp": "'Soviet war crimes'",
    },
    "Military Wiki": {"soviet_wc_mw": "'Soviet war crimes' (older revision)"},
}


def source_line(source_ids) -> str:
    """Return the source line naming the articles behind a set of rows ('a; b' strings or ids)."""
    ids = {s.strip() for v in source_ids if isinstance(v, str) for s in v.split(";") if s.strip()}
    if not ids:
        ids = {i for names in SOURCE_NAMES.values() for i in names}
    parts = []
    for publisher, names in SOURCE_NAMES.items():
        titles = [t for i, t in names.items() if i in ids]
        if titles:
            parts.append(f"{publisher}, {', '.join(titles)}")
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
        source=source_line(inc["source_ids"]),
        height=max(360, 110 + 34 * len(order)),
    )


__all__ = ["PARTY_COLOURS", "counts_by_perpetrator_period", "counts_table", "source_line"]
