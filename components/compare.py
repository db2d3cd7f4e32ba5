"""Comparative figures: counts and deaths ranges by dimension, the perpetrator x crime-type matrix,
and the 'how sure are we' views of disagreeing estimates and of the two article revisions (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from components.data import join_per
from components.format import fmt_each, fmt_int, fmt_range
from components.theme import (
    BASE_SIZE,
    TOP_LEGEND,
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
SURE_ROW_PX = 24  # one estimate in the 'how sure' chart
REVISION_ROW_PX = 48  # one incident (two revisions) in the revisions chart
HOW_SURE_TITLE = (
    "How sure are we? Death figures that disagree"  # a range label breaks before "(high end at least)"
)
LOG_SPAN = 20  # use a log axis when the highest figure is this many times the lowest
MAX_DISAGREEMENTS = 15  # incidents shown in the 'how sure' chart by default (the table has all)
MOST_DISAGREEMENTS = 60  # the most the chart can show and stay legible (about 24 px per row)
CURRENT, OLDER = "soviet_wc_wp", "soviet_wc_mw"  # the two revisions of 'Soviet war crimes'
REVISION_COLOURS = {CURRENT: "#222222", OLDER: "#767676"}  # the older one still 4.5:1 on white
SOURCE_SYMBOLS = {
    "allied_wwii": "square",
    "soviet_pow": "diamond",
    "soviet_wc_wp": "circle",
    "soviet_wc_mw": "circle-open",
}
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
DISAGREEMENT_RULE = (
    "Incidents whose death figures differ, sorted by disagreement: the highest figure any source "
    "gives divided by the lowest non-zero one."
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
    for party in sorted(df["perpetrator"].dropna().unique(), key=lambda p: party_labels.get(p, p)):
        sub = (
            df[df["perpetrator"] == party]
            .groupby("category")["incident_id"]
            .nunique()
            .reindex(cats)
            .fillna(0)
        )
        plabel = escape(party_labels.get(party, party))
        fig.add_bar(
            y=y,
            x=sub.astype(int).tolist(),
            orientation="h",
            name=legend_label(party_labels.get(party, party)),
            marker_color=party_colour(party),
            meta=party,
            hovertemplate=f"%{{y}}<br>{plabel}: %{{x}} incidents<extra></extra>",
        )
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
    for i, r in enumerate(t.itertuples()):
        lo, hi = float(r.deaths_low), float(r.deaths_high)
        colour = _colour(dim, r.category)
        hover = (
            f"{labels[i]}<br>{what}: {escape(r.deaths)}<br>{r.with_figure} incidents with a figure, "
            f"{r.without_figure} without<extra></extra>"
        )
        fig.add_scatter(
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
    # The ranges as text: tick labels of a right-hand axis, so plotly makes room for them.
    fig.add_scatter(x=[None], y=[0], yaxis="y2", showlegend=False, hoverinfo="skip", meta="ranges")
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


def death_estimates(est: pd.DataFrame, death_metrics) -> pd.DataFrame:
    """Return the death estimates that are totals for their incident (not partial counts) and carry a bound.

    Partial figures (one subgroup, camp or place) differ from totals by design, not because the
    sources disagree, so the 'how sure are we' views leave them out.
    """
    e = est[est["metric"].isin(set(death_metrics))]
    if "counts_part" in e:
        e = e[~e["counts_part"].fillna(False).astype(bool)]
    return e[e["low"].notna() | e["high"].notna()]


NAMED = ["incident_id", "name"]  # the first columns of every "how sure are we" table


def disagreements(est: pd.DataFrame, inc: pd.DataFrame, death_metrics) -> pd.DataFrame:
    """Return one row per incident whose death estimates have different bounds, with the ratio highest/lowest."""
    cols = [*NAMED, "perpetrator", "n_estimates", "n_distinct", "lowest", "highest", "ratio", "figures"]
    e = death_estimates(est, death_metrics)
    e = e[e["incident_id"].isin(inc["incident_id"])]
    if e.empty:
        return pd.DataFrame(columns=cols)
    b = e.assign(lo=e["low"].astype("Float64"), hi=e["high"].astype("Float64"))
    # An open bound ('over N', 'up to N') is part of the figure: '' keeps it in the pair, where
    # astype(str) would give a missing value that nunique() then skips.
    b["pair"] = _int_text(b["lo"]) + "|" + _int_text(b["hi"])
    vals = pd.concat(
        [
            b[["incident_id", "lo"]].rename(columns={"lo": "v"}),
            b[["incident_id", "hi"]].rename(columns={"hi": "v"}),
        ]
    )
    vals = vals.dropna()
    g = b.groupby("incident_id")
    t = pd.DataFrame({"n_estimates": g.size(), "n_distinct": g["pair"].nunique()})
    t["highest"] = vals.groupby("incident_id")["v"].max().astype(float)
    t["lowest"] = vals[vals["v"] > 0].groupby("incident_id")["v"].min().astype(float)
    t = t[t["n_distinct"] > 1].copy()
    t["ratio"] = (t["highest"] / t["lowest"]).astype(float)
    figures = join_per(
        b.assign(
            text=_figure_texts(b)
            + " ("
            + b["attribution"].astype(str)
            + ", "
            + b["source_short"].astype(str)
            + ")"
        ),
        "incident_id",
        "text",
    )
    t["figures"] = figures.reindex(t.index)
    names = inc.set_index("incident_id")
    t = (
        t.join(names[["name", "perpetrator"]], how="left")
        .reset_index()
        .rename(columns={"index": "incident_id"})
    )
    return t.sort_values(["ratio", "highest"], ascending=[False, False], na_position="last")[
        cols
    ].reset_index(drop=True)


def _figure_texts(e: pd.DataFrame) -> pd.Series:
    """Return each estimate's figure as readers expect it ('30–166', 'at least 88'), aligned with e."""
    return pd.Series(fmt_each(fmt_range, e["low"], e["high"], e["qualifier"], e["value_text"]), index=e.index)


def estimate_rows(est: pd.DataFrame, order: pd.DataFrame, death_metrics) -> pd.DataFrame:
    """Return the estimates of the incidents in `order` (same order), one row each with its y position and label."""
    e = death_estimates(est, death_metrics)
    cols = [
        "incident_id",
        "incident",
        "ratio",
        "y_head",
        "y",
        "low",
        "high",
        "qualifier",
        "value_text",
        "metric",
        "attribution",
        "source_id",
        "source_short",
        "figure",
    ]
    heads = (
        order[["incident_id", "name", "ratio"]].rename(columns={"name": "incident"}).reset_index(drop=True)
    )
    heads["rank"] = range(len(heads))
    rows = heads.merge(e.drop(columns=["ratio"], errors="ignore"), on="incident_id", how="inner", sort=False)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows = rows.sort_values("rank", kind="stable").reset_index(drop=True)
    k = rows.groupby("rank").cumcount()  # position of the estimate under its incident
    n_before = rows.groupby("rank").size().cumsum().shift(fill_value=0).reindex(rows["rank"]).to_numpy()
    # Each incident takes a head row, one row per estimate and a half-row gap.
    rows["y_head"] = rows["rank"] * 1.5 + n_before
    rows["y"] = rows["y_head"] + 1 + k
    rows["figure"] = _figure_texts(rows)
    return rows[cols]


def uncertainty_figure(
    rows: pd.DataFrame, *, subtitle: str, source: str, log: bool | None = None
) -> go.Figure:
    """Return every estimate of the disagreeing incidents as a point or interval, labelled by attribution and source."""
    fig = go.Figure()
    if rows.empty:
        return finish(
            fig,
            title=HOW_SURE_TITLE,
            subtitle=subtitle,
            source=source,
            height=MIN_HEIGHT,
        )
    lo = rows["low"].astype("Float64").fillna(rows["high"].astype("Float64")).astype(float)
    hi = rows["high"].astype("Float64").fillna(rows["low"].astype("Float64")).astype(float)
    positive = pd.concat([lo, hi])
    positive = positive[positive > 0]
    span = float(positive.max() / positive.min()) if len(positive) else 1.0
    log = span >= LOG_SPAN if log is None else log
    for src in rows["source_id"].drop_duplicates():
        sel = rows["source_id"] == src
        r, l_, h_ = rows[sel], lo[sel], hi[sel]
        label = escape(str(r["source_short"].iloc[0]))
        xs, ys, mx, my, sym, hov = [], [], [], [], [], []
        for (_i, row), a, b in zip(r.iterrows(), l_, h_):
            a_plot = max(a, 1.0) if log else a
            if a != b:
                xs += [a_plot, b, None]
                ys += [row["y"], row["y"], None]
            q = row["qualifier"]
            shape = (
                "triangle-right"
                if q in ("at_least", "over")
                else "triangle-left"
                if q in ("up_to", "under")
                else SOURCE_SYMBOLS.get(src, "circle")
            )
            for x in [a_plot] if a == b else [a_plot, b]:
                mx.append(x)
                my.append(row["y"])
                sym.append(shape if a == b else SOURCE_SYMBOLS.get(src, "circle"))
                hov.append(
                    f"<b>{escape(row['incident'])}</b><br>{escape(row['figure'])} ({escape(row['metric'])})"
                    f"<br>According to: {escape(row['attribution'])}<br>Source: {label}"
                )
        colour = REVISION_COLOURS.get(src, "#1F4E79" if src == "allied_wwii" else "#7A4E00")
        if xs:
            fig.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color=colour, width=4),
                legendgroup=src,
                showlegend=False,
                hoverinfo="skip",
                meta=src,
            )
        fig.add_scatter(
            x=mx,
            y=my,
            mode="markers",
            name=label,
            legendgroup=src,
            meta=src,
            text=hov,
            hovertemplate="%{text}<extra></extra>",
            marker=dict(color=colour, size=12, symbol=sym, line=dict(width=2, color=colour)),
        )
    heads = rows.drop_duplicates("incident_id")
    tickvals = heads["y_head"].tolist() + rows["y"].tolist()
    ticktext = [
        f"<b>{escape(_short(n, 40))}</b> (×{_ratio(q)})" for n, q in zip(heads["incident"], heads["ratio"])
    ] + [escape(_short(f"{a} · {s}", 48)) for a, s in zip(rows["attribution"], rows["source_short"])]
    top = float(rows["y"].max())
    for y in heads["y_head"].iloc[1:]:
        fig.add_hline(y=y - 0.75, line=dict(color="#DDDDDD", width=1))
    xaxis = dict(
        title_text="Deaths" + (" (log scale)" if log else ""),
        type="log" if log else "linear",
        dtick=1 if log else None,  # one tick per power of ten: the 2s and 5s between them collide
        rangemode="tozero",
    )
    fig.update_layout(
        xaxis=xaxis,
        yaxis=dict(
            tickvals=tickvals,
            ticktext=ticktext,
            range=[top + 0.7, -0.7],
            title_text="",
            showgrid=False,
            zeroline=False,
        ),
        legend=TOP_LEGEND | dict(title_text="Source (◀ up to, ▶ at least)"),
    )
    fig = finish(
        fig,
        title=HOW_SURE_TITLE,
        subtitle=subtitle,
        source=source,
        plot_height=max(MIN_PLOT_PX, SURE_ROW_PX * int(top + 1)),
    )
    return fig


def _short(text: str, n: int) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _ratio(r) -> str:
    return "n/a" if r is None or pd.isna(r) else f"{r:,.1f}" if r < 100 else fmt_int(r)


def revision_differences(est: pd.DataFrame, inc: pd.DataFrame, death_metrics) -> pd.DataFrame:
    """Return incidents where both revisions of 'Soviet war crimes' give death figures and the figures differ."""
    cols = [*NAMED, "current", "older", "current_low", "current_high", "older_low", "older_high"]
    e = death_estimates(est, death_metrics)
    e = e[e["incident_id"].isin(inc["incident_id"]) & e["source_id"].isin([CURRENT, OLDER])]
    if e.empty:
        return pd.DataFrame(columns=cols)
    e = e.assign(
        group=e["incident_id"] + "\x1f" + e["source_id"],
        text=_figure_texts(e) + " (" + e["attribution"].astype(str) + ")",
        bounds=e["metric"].astype(str) + "|" + _int_text(e["low"]) + "|" + _int_text(e["high"]),
    )
    ids = e.groupby("group")[["incident_id", "source_id"]].first()
    # Either bound may stand in for the other: the span runs over all of a group's lows and highs.
    span = (
        pd.concat([e["low"], e["high"]])
        .astype(float)
        .groupby(pd.concat([e["group"], e["group"]]))
        .agg(["min", "max"])
    )
    per = pd.DataFrame(
        {
            "incident_id": ids["incident_id"],
            "source_id": ids["source_id"],
            "text": join_per(e, "group", "text"),  # in the order the curators entered them
            "bounds": join_per(
                e.drop_duplicates(["group", "bounds"]).sort_values("bounds"), "group", "bounds"
            ),
            "low": span["min"],
            "high": span["max"],
        }
    )
    wide = per.pivot(index="incident_id", columns="source_id")
    if CURRENT not in wide["text"] or OLDER not in wide["text"]:
        return pd.DataFrame(columns=cols)
    both = wide["text"][CURRENT].notna() & wide["text"][OLDER].notna()
    differ = both & (wide["bounds"][CURRENT] != wide["bounds"][OLDER])
    w = wide[differ]
    t = pd.DataFrame(
        {
            "incident_id": w.index,
            "current": w["text"][CURRENT].to_numpy(),
            "older": w["text"][OLDER].to_numpy(),
            "current_low": w["low"][CURRENT].to_numpy(),
            "current_high": w["high"][CURRENT].to_numpy(),
            "older_low": w["low"][OLDER].to_numpy(),
            "older_high": w["high"][OLDER].to_numpy(),
        }
    )
    if t.empty:
        return pd.DataFrame(columns=cols)
    seen = {iid: k for k, iid in enumerate(pd.unique(e["incident_id"]))}  # ties keep the curators' order
    t = t.merge(inc[["incident_id", "name", "date_start"]], on="incident_id", how="left").assign(
        seen=lambda d: d["incident_id"].map(seen)
    )
    return t.sort_values(["date_start", "seen"], kind="stable")[cols].reset_index(drop=True)


def _int_text(s: pd.Series) -> pd.Series:
    """Return whole numbers as text ('' when missing), to compare sets of bounds."""
    v = pd.to_numeric(s).astype("Float64").round()
    return v.astype("Int64").astype("string").fillna("")


def revision_figure(
    t: pd.DataFrame, *, subtitle: str, revisions: Mapping[str, str], log: bool | None = None
) -> go.Figure:
    """Return a dumbbell-style chart: per incident, the span of figures in each revision, one above the other.

    revisions names each revision ({source id: 'Wikipedia (recent revision)'}, labels.revision_labels).
    """
    fig = go.Figure()
    names = [wrap(_short(n, 60), 30) for n in t["name"]] if not t.empty else []
    vals = (
        pd.concat([t[c] for c in ("current_low", "current_high", "older_low", "older_high")])
        if not t.empty
        else pd.Series(dtype=float)
    )
    vals = vals[vals > 0]
    log = (len(vals) > 0 and float(vals.max() / vals.min()) >= LOG_SPAN) if log is None else log
    for src, key, offset in ((CURRENT, "current", -0.15), (OLDER, "older", 0.15)):
        xs, ys, hov = [], [], []
        for i, r in enumerate(t.itertuples()):
            a, b = getattr(r, f"{key}_low"), getattr(r, f"{key}_high")
            xs += [max(a, 1.0) if log else a, b, None]
            ys += [i + offset, i + offset, None]
            text = f"<b>{escape(r.name)}</b><br>{escape(revisions[src])}: {escape(getattr(r, key))}"
            hov += [text, text, None]
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            name=revisions[src],
            meta=src,
            text=hov,
            hovertemplate="%{text}<extra></extra>",
            line=dict(color=REVISION_COLOURS[src], width=5),
            marker=dict(
                size=11,
                color=REVISION_COLOURS[src],
                symbol=SOURCE_SYMBOLS[src],
                line=dict(width=2, color=REVISION_COLOURS[src]),
            ),
        )
    fig.update_layout(
        xaxis=dict(
            title_text="Deaths: lowest to highest figure in each revision" + (" (log scale)" if log else ""),
            type="log" if log else "linear",
            dtick=1 if log else None,
            rangemode="tozero",
        ),
        yaxis=dict(
            tickvals=list(range(len(names))),
            ticktext=names,
            autorange="reversed",
            title_text="",
            tickfont=dict(size=CATEGORY_FONT),
        ),
        legend=TOP_LEGEND | dict(title_text="Revision"),
    )
    fig = finish(
        fig,
        title="Where two revisions of 'Soviet war crimes' differ",
        subtitle=subtitle,
        source=f"{revisions[CURRENT]} and {revisions[OLDER]} of 'Soviet war crimes' (CC BY-SA)",
        plot_height=max(MIN_PLOT_PX, REVISION_ROW_PX * len(names)),
    )
    return fig
