"""How sure are we: the incidents whose death figures disagree, every figure with who gives it, and where
the two revisions of 'Soviet war crimes' differ (pure functions: tables and figures)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from components.compare import CATEGORY_FONT, MIN_HEIGHT, MIN_PLOT_PX
from components.data import join_per
from components.format import fmt_each, fmt_int, fmt_range
from components.theme import TOP_LEGEND, add_shapes, add_traces, escape, finish, hline, wrap

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
DISAGREEMENT_RULE = (
    "Incidents whose death figures differ, sorted by disagreement: the highest figure any source "
    "gives divided by the lowest non-zero one."
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
    return t.sort_values(["ratio", "highest"], ascending=[False, False], na_position="last", kind="stable")[
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
    traces = []  # added at once (theme.add_traces)
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
            traces.append(
                dict(
                    type="scatter",
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color=colour, width=4),
                    legendgroup=src,
                    showlegend=False,
                    hoverinfo="skip",
                    meta=src,
                )
            )
        traces.append(
            dict(
                type="scatter",
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
        )
    add_traces(fig, traces)
    heads = rows.drop_duplicates("incident_id")
    tickvals = heads["y_head"].tolist() + rows["y"].tolist()
    ticktext = [
        f"<b>{escape(_short(n, 40))}</b> (×{_ratio(q)})" for n, q in zip(heads["incident"], heads["ratio"])
    ] + [escape(_short(f"{a} · {s}", 48)) for a, s in zip(rows["attribution"], rows["source_short"])]
    top = float(rows["y"].max())
    add_shapes(fig, [hline(y - 0.75, line=dict(color="#DDDDDD", width=1)) for y in heads["y_head"].iloc[1:]])
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
    traces = []  # added at once (theme.add_traces)
    for src, key, offset in ((CURRENT, "current", -0.15), (OLDER, "older", 0.15)):
        xs, ys, hov = [], [], []
        for i, r in enumerate(t.itertuples()):
            a, b = getattr(r, f"{key}_low"), getattr(r, f"{key}_high")
            xs += [max(a, 1.0) if log else a, b, None]
            ys += [i + offset, i + offset, None]
            text = f"<b>{escape(r.name)}</b><br>{escape(revisions[src])}: {escape(getattr(r, key))}"
            hov += [text, text, None]
        traces.append(
            dict(
                type="scatter",
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
        )
    add_traces(fig, traces)
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
