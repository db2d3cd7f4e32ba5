"""Small shared figure builders (pure: DataFrame in, plotly figure out)."""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from components.data import Dataset
from components.theme import PARTY_COLOURS, finish

SOURCE_ALL = "curated from Wikipedia, 'Allied war crimes during World War II', 'Soviet war crimes' and 'Soviet atrocities committed against prisoners of war during World War II'; Military Wiki, 'Soviet war crimes' (CC BY-SA)"


def source_line(source_ids) -> str:
    """Return the source line naming the articles behind a set of rows."""
    names = {
        "allied_wwii": "Wikipedia, 'Allied war crimes during World War II'",
        "soviet_pow": "Wikipedia, 'Soviet atrocities committed against prisoners of war during World War II'",
        "soviet_wc_wp": "Wikipedia, 'Soviet war crimes'",
        "soviet_wc_mw": "Military Wiki, 'Soviet war crimes' (older revision)",
    }
    ids = sorted({s.strip() for v in source_ids if isinstance(v, str) for s in v.split(";") if s.strip()})
    if not ids:
        return SOURCE_ALL
    return "; ".join(names.get(i, i) for i in ids) + " (CC BY-SA)"


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
    fig = px.bar(t, y="perpetrator_label", x="incidents", color="period_label", orientation="h",
                 category_orders={"perpetrator_label": order, "period_label": periods},
                 color_discrete_sequence=["#E69F00", "#999999", "#0072B2", "#56B4E9", "#CC79A7"],
                 labels={"perpetrator_label": "", "incidents": "Incidents", "period_label": "Period"})
    fig.update_layout(legend=dict(orientation="h", y=-0.12, x=0, yanchor="top"), bargap=0.25)
    return finish(fig, title="Incidents in the data, by perpetrator and period", subtitle=subtitle,
                  source=source_line(inc["source_ids"]), height=max(360, 110 + 34 * len(order)))


__all__ = ["counts_by_perpetrator_period", "counts_table", "source_line", "PARTY_COLOURS"]
