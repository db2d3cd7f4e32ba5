"""Comparative figures: counts and deaths ranges by dimension and the perpetrator x crime-type matrix
(pure functions). The 'how sure are we' views are in components.how_sure."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from components.format import fmt_int, fmt_range
from components.theme import (
    BASE_SIZE,
    TOP_LEGEND,
    add_traces,
    escape,
    finish,
    legend_label,
    party_colour,
    readable_text,
    wrap,
)

# Dimensions the page compares across: URL value -> (label, incident column).
DIMENSIONS = {
    "perpetrator": ("Perpetrator", "perpetrator"),
    "crime_type": ("Crime type", "crime_types"),
    "victims": ("Victim category", "victim_category"),
    "period": ("Period", "period"),
}
DEFAULT_DIMENSION = "perpetrator"
NEUTRAL = "#4D4D4D"  # bars that are not a perpetrator (crime types, periods, victims)
ROW_PX = 34  # height per category row in horizontal charts (more when a label wraps)
LABEL_LINE_PX = 18  # one line of a category label (CATEGORY_FONT)
CATEGORY_FONT = 14
CATEGORY_WRAP = 28
MIN_PLOT_PX = 160
MIN_HEIGHT = 380
MATRIX_HEADER_WRAP = 20  # characters per line of a matrix column header (two lines fit a column turned)
HEADER_CHAR_PX = 7.5
MATRIX_ROW_PX = 32
RANGE_WRAP = 20
SUM_RULE = (
    "Sums run from the sum of lows to the sum of highs. An incident with only an upper figure ('up to N') "
    "adds 0 to the low sum; one with only a lower figure ('at least N') adds N to both sums, so the high "
    "end is then itself a floor (marked 'at least'). Incidents with no death figure are left out and counted."
)
# Deaths by crime type: an incident with several types carries its whole toll under each of them.
CRIME_TYPE_DEATHS_TITLE = "Deaths in incidents of a type, not deaths caused by it"
CRIME_TYPE_DEATHS_NOTE = (
    "A bar spans the death figures of every incident recorded with that crime type, whatever caused the "
    "deaths; an incident with several crime types counts in full under each. The bars overlap: do not add "
    "them up."
)


def summable_bounds(inc: pd.DataFrame) -> pd.DataFrame:
    """Return per incident the low and high it adds to a sum (rule in SUM_RULE) and whether its high is open."""
    lo, hi = inc["deaths_low"].astype("Float64"), inc["deaths_high"].astype("Float64")
    has = lo.notna() | hi.notna()
    out = pd.DataFrame(
        {
            "sum_low": lo.fillna(0).astype(float),
            "sum_high": hi.fillna(lo).fillna(0).astype(float),
            "open_high": (hi.isna() & lo.notna()).astype(bool),
            "has_figure": has.astype(bool),
        },
        index=inc.index,
    )
    return out


EXPLODE_COLUMNS = ["incident_id", "name", "perpetrator", "deaths_low", "deaths_high", "source_ids"]


def explode_dimension(inc: pd.DataFrame, dim: str) -> pd.DataFrame:
    """Return incidents with a 'category' column for a dimension; crime types give one row per type."""
    col = DIMENSIONS[dim][1]
    keep = [c for c in EXPLODE_COLUMNS if c in inc]  # not the whole frame: exploding copies every column
    df = inc[keep].assign(category=inc[col].astype("string"))
    if dim == "crime_type":
        df = df.assign(category=df["category"].str.split(";")).explode("category")
    return df.dropna(subset=["category"])


def category_order(ds_labels: Mapping[str, str], dim: str, present) -> list[str]:
    """Return the categories present, in the order of the code table (periods) or as given."""
    present = list(dict.fromkeys(present))
    if dim == "period":
        return [k for k in ds_labels if k in present] + [k for k in present if k not in ds_labels]
    return present


def dimension_table(inc: pd.DataFrame, dim: str, labels: Mapping[str, str]) -> pd.DataFrame:
    """Return per category: incidents, incidents with a death figure, low and high sums and a readable range."""
    cols = [
        "category",
        "label",
        "incidents",
        "with_figure",
        "without_figure",
        "deaths_low",
        "deaths_high",
        "open_high",
        "deaths",
    ]
    if inc.empty:
        return pd.DataFrame(columns=cols)
    df = explode_dimension(inc, dim)
    df = pd.concat([df.reset_index(drop=True), summable_bounds(df).reset_index(drop=True)], axis=1)
    fig_rows = df[df["has_figure"]]
    g, gf = df.groupby("category"), fig_rows.groupby("category")
    t = pd.DataFrame({"incidents": g["incident_id"].nunique()})
    t["with_figure"] = gf["incident_id"].nunique().reindex(t.index).fillna(0).astype(int)
    t["without_figure"] = t["incidents"] - t["with_figure"]
    t["deaths_low"] = gf["sum_low"].sum().reindex(t.index)
    t["deaths_high"] = gf["sum_high"].sum().reindex(t.index)
    t["open_high"] = gf["open_high"].any().reindex(t.index).fillna(False).astype(bool)
    t = t.reset_index()
    t["label"] = t["category"].map(lambda c: labels.get(c, c))
    t["deaths"] = [
        _sum_text(lo, hi, o, n)
        for lo, hi, o, n in zip(t["deaths_low"], t["deaths_high"], t["open_high"], t["with_figure"])
    ]
    return t.sort_values(["incidents", "label"], ascending=[False, True])[cols].reset_index(drop=True)


def _sum_text(lo, hi, open_high: bool, n: int) -> str:
    """Return a summed range as text: '1,200–5,000', 'at least 5,000' (high is a floor), or 'no figure'."""
    if not n:
        return "no figure"
    if open_high and lo == hi:
        return f"at least {fmt_int(lo)}"
    text = fmt_range(lo, hi)
    return f"{text} (high end at least)" if open_high else text


def _colour(dim: str, category: str) -> str:
    return party_colour(category) if dim == "perpetrator" else NEUTRAL


def _plot_px(*labels: list[str], row_px: int = ROW_PX) -> int:
    """Return the plot height for one row per label: each row as high as its tallest (wrapped) label needs."""
    lines = max([lab.count("<br>") + 1 for labs in labels for lab in labs] or [1])
    return max(MIN_PLOT_PX, len(labels[0]) * max(row_px, LABEL_LINE_PX * lines + 6))


def counts_figure(
    inc: pd.DataFrame,
    dim: str,
    labels: Mapping[str, str],
    party_labels: Mapping[str, str],
    *,
    subtitle: str,
    source: str,
    order: list[str] | None = None,
) -> go.Figure:
    """Return horizontal bars of incident counts per category, stacked by perpetrator in the shared colours."""
    name = DIMENSIONS[dim][0]
    fig = go.Figure()
    df = explode_dimension(inc, dim) if not inc.empty else inc.assign(category=pd.Series(dtype="string"))
    cats = order or df.groupby("category")["incident_id"].nunique().sort_values(ascending=True).index.tolist()
    y = [wrap(labels.get(c, c), CATEGORY_WRAP) for c in cats]
    traces = []  # added at once, properties nested (theme.add_traces)
    for party in sorted(df["perpetrator"].dropna().unique(), key=lambda p: party_labels.get(p, p)):
        sub = (
            df[df["perpetrator"] == party]
            .groupby("category")["incident_id"]
            .nunique()
            .reindex(cats)
            .fillna(0)
        )
        plabel = escape(party_labels.get(party, party))
        traces.append(
            dict(
                type="bar",
                y=y,
                x=sub.astype(int).tolist(),
                orientation="h",
                name=legend_label(party_labels.get(party, party)),
                marker=dict(color=party_colour(party)),
                meta=party,
                hovertemplate=f"%{{y}}<br>{plabel}: %{{x}} incidents<extra></extra>",
            )
        )
    add_traces(fig, traces)
    fig.update_layout(
        barmode="stack",
        bargap=0.3,
        legend=TOP_LEGEND | dict(title_text="Perpetrator"),
        showlegend=dim != "perpetrator",  # by perpetrator the bars are labelled on the axis
        xaxis=dict(
            title_text="Incidents (an incident counts once per category it falls in)", rangemode="tozero"
        ),
        yaxis=dict(title_text="", categoryorder="array", categoryarray=y, tickfont=dict(size=CATEGORY_FONT)),
    )
    return finish(
        fig,
        title=f"Number of incidents by {name.lower()}",
        subtitle=subtitle,
        source=source,
        plot_height=_plot_px(y),
    )


def deaths_range_figure(
    table: pd.DataFrame, dim: str, *, subtitle: str, source: str, log: bool = False
) -> go.Figure:
    """Return one horizontal low-high range per category (sum of lows to sum of highs), never one number.

    By crime type a bar holds the deaths of every incident of that type, whatever caused them, and the
    bars overlap; the title, subtitle and axis say so inside the figure.
    """
    name = DIMENSIONS[dim][0]
    t = table[table["with_figure"] > 0].iloc[::-1].reset_index(drop=True)
    fig = go.Figure()
    labels = [wrap(r, CATEGORY_WRAP) for r in t["label"]]
    ranges = [wrap(d, RANGE_WRAP) for d in t["deaths"]]
    what = "Deaths in incidents with this type" if dim == "crime_type" else "Deaths"
    traces = []  # added at once (theme.add_traces)
    for i, r in enumerate(t.itertuples()):
        lo, hi = float(r.deaths_low), float(r.deaths_high)
        colour = _colour(dim, r.category)
        hover = (
            f"{labels[i]}<br>{what}: {escape(r.deaths)}<br>{r.with_figure} incidents with a figure, "
            f"{r.without_figure} without<extra></extra>"
        )
        traces.append(
            dict(
                type="scatter",
                x=[max(lo, 1.0) if log else lo, hi],
                y=[i, i],
                mode="lines+markers",
                name=escape(r.label),
                meta=r.category,
                line=dict(color=colour, width=10),
                showlegend=False,
                hovertemplate=hover,
                marker=dict(
                    color=colour,
                    size=14,
                    symbol=["line-ns", "triangle-right" if r.open_high else "line-ns"],
                    line=dict(width=3, color=colour),
                ),
            )
        )
    # The ranges as text: tick labels of a right-hand axis, so plotly makes room for them.
    traces.append(
        dict(type="scatter", x=[None], y=[0], yaxis="y2", showlegend=False, hoverinfo="skip", meta="ranges")
    )
    add_traces(fig, traces)
    by_type = dim == "crime_type"
    sums = "sum of lows to highs" if by_type else "sum of lows to sum of highs"
    what = "Deaths in incidents of a type" if by_type else "Deaths"
    xaxis: dict[str, object] = dict(title_text=f"{what} ({sums})", rangemode="tozero")
    if log:
        xaxis.update(type="log", dtick=1, title_text=f"{what}, log scale ({sums})")
    n = len(t)
    ticks = dict(
        tickmode="array", tickvals=list(range(n)), range=[-0.6, n - 0.4], showgrid=False, zeroline=False
    )
    fig.update_layout(
        xaxis=xaxis,
        yaxis=dict(title_text="", ticktext=labels, tickfont=dict(size=CATEGORY_FONT), **ticks),
        yaxis2=dict(
            overlaying="y",
            side="right",
            ticktext=ranges,
            tickfont=dict(size=13, color="#333333"),
            automargin=True,
            **ticks,
        ),
        showlegend=False,
    )
    return finish(
        fig,
        title=CRIME_TYPE_DEATHS_TITLE if by_type else f"Deaths by {name.lower()}: all figures added up",
        subtitle=f"{subtitle}. {CRIME_TYPE_DEATHS_NOTE}" if by_type else subtitle,
        source=source,
        plot_height=_plot_px(labels, ranges),
    )


def crime_matrix(
    inc: pd.DataFrame, party_labels: Mapping[str, str], crime_labels: Mapping[str, str]
) -> pd.DataFrame:
    """Return incident counts with crime types as rows and perpetrators as columns (an incident counts in each type)."""
    if inc.empty:
        return pd.DataFrame()
    df = explode_dimension(inc, "crime_type")
    m = pd.crosstab(df["category"], df["perpetrator"])
    rows = [c for c in crime_labels if c in m.index] + [c for c in m.index if c not in crime_labels]
    cols = m.sum().sort_values(ascending=False).index.tolist()
    m = m.loc[rows, cols]
    m.index = [crime_labels.get(c, c) for c in m.index]
    m.columns = [party_labels.get(c, c) for c in m.columns]
    return m


def matrix_figure(m: pd.DataFrame, *, subtitle: str, source: str) -> go.Figure:
    """Return a heatmap of the perpetrator x crime-type counts with the number written in every non-empty cell."""
    z = m.to_numpy(dtype=float) if not m.empty else [[]]
    top = max((v for row in z for v in row), default=0) or 1
    text = [  # black or white per cell, whichever reads on its colour (at least 4.5:1)
        [
            f'<span style="color:{readable_text(sample_colorscale("Blues", [v / top])[0])}">{int(v)}</span>'
            if v
            else ""
            for v in row
        ]
        for row in z
    ]
    x = [wrap(c, MATRIX_HEADER_WRAP) for c in m.columns]
    y = [escape(r) for r in m.index]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=14),
            colorscale="Blues",
            zmin=0,
            xgap=2,
            ygap=2,
            colorbar=dict(title=dict(text="Incidents", side="right"), thickness=14),
            hovertemplate="%{y}<br>%{x}: %{z} incidents<extra></extra>",
        )
    )
    # Column headers on top: plotly turns them upright when they would touch, and makes room for them.
    fig.update_layout(
        xaxis=dict(
            side="top",
            title_text="",
            tickangle=None,
            autotickangles=[0, -90],
            tickfont=dict(size=BASE_SIZE - 2),
        ),
        yaxis=dict(autorange="reversed", title_text=""),
    )
    longest = max((len(line) for c in x for line in c.split("<br>")), default=0)
    header = HEADER_CHAR_PX * longest  # the headers' height when turned (the figure grows by it)
    return finish(
        fig,
        title="Incidents by crime type and perpetrator",
        subtitle=subtitle,
        source=source,
        plot_height=int(max(MIN_PLOT_PX, MATRIX_ROW_PX * len(y)) + header),
    )
