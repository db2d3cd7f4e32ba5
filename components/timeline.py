"""Timeline figures: incidents as bars from start to end with the periods shaded, and yearly aggregates (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.compare import summable_bounds
from components.filters import YEAR_MAX, YEAR_MIN
from components.format import fmt_dates, fmt_range
from components.theme import escape, finish, party_colour, wrap

GROUPS = {"perpetrator": "Perpetrator", "theatre": "Theatre"}  # URL value of 'group' -> label
DEFAULT_GROUP = "perpetrator"
EXACT = {"day"}  # date precisions drawn solid; month, year and approximate dates are hatched and faded
IMPRECISE_OPACITY = 1.0  # imprecise bars keep their full colour (3:1 on white) and carry white hatching
IMPRECISE_PATTERN = "/"
HATCH = dict(fgcolor="#FFFFFF", fillmode="overlay", solidity=0.35, size=8)
MIN_BAR_FRACTION = 0.006  # a bar is at least this share of the visible span wide (single days stay visible)
LANE_GAP_FRACTION = 0.004  # bars closer than this share of the span go to separate lanes
MAX_BARS = 600  # more incidents than this: the chart draws the largest, the tables keep all
LANE_PX = 20  # height of one lane of bars
MIN_LANE_PX = 6  # lanes never get thinner than this
MAX_LANES_PX = 820  # the lanes together aim to fit this height (a slide), down to MIN_LANE_PX
GROUP_GAP = 0.8  # lanes of empty space between two groups
MIN_GROUP_LANES = 4  # a group with fewer lanes is padded so its (two-line) label fits
PLOT_PX = 560  # plot width at 1280 px with the sidebar and y labels, used to keep period labels apart
CHAR_PX = 7.5  # width of one character of a period label at 12 px
LABEL_ROW_PX = 18  # vertical step between rows of period labels
PERIOD_FILLS = ["#F2F2F2", "#FFFFFF"]  # alternating shades of the periods
LOG_FLOOR = 1.0  # a low sum of 0 is drawn here on a log axis
BAND_ALPHA = 0.22


def full_range() -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the default x range of the timeline: 1 Jan 1917 to 1 Jan 1992."""
    return pd.Timestamp(YEAR_MIN, 1, 1), pd.Timestamp(YEAR_MAX + 1, 1, 1)


def period_range(periods: pd.DataFrame, period: str | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the x range of a period with a small margin, or the full range for None or an unknown id."""
    row = periods[periods["period"] == period]
    if row.empty:
        return full_range()
    s, e = pd.Timestamp(row["start"].iloc[0]), pd.Timestamp(row["end"].iloc[0])
    pad = (e - s) * 0.04
    return s - pad, e + pad


def lanes(df: pd.DataFrame, gap: pd.Timedelta) -> pd.Series:
    """Return a lane number per row so that bars of one group never overlap (greedy interval packing)."""
    ends: list[pd.Timestamp] = []
    out = pd.Series(0, index=df.index, dtype=int)
    for i, r in df.sort_values(["start", "end_shown"]).iterrows():
        for k, last in enumerate(ends):
            if r["start"] > last + gap:
                ends[k] = r["end_shown"]
                out[i] = k
                break
        else:
            ends.append(r["end_shown"])
            out[i] = len(ends) - 1
    return out


def timeline_frame(
    inc: pd.DataFrame,
    group: str,
    labels: Mapping[str, Mapping[str, str]],
    x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> pd.DataFrame:
    """Return one row per incident with its group, lane, y position, shown end, precision class and hover text.

    labels holds 'perpetrators', 'regions' and 'sources' maps. Bars shorter than MIN_BAR_FRACTION of the
    visible span are widened to it so that single-day incidents stay visible; hover gives the real dates.
    """
    cols = [
        "incident_id",
        "name",
        "perpetrator",
        "group",
        "group_label",
        "start",
        "end",
        "end_shown",
        "exact",
        "y",
        "hover",
    ]
    if inc.empty:
        return pd.DataFrame(columns=cols)
    x0, x1 = x_range or full_range()
    span = x1 - x0
    col = "perpetrator" if group == "perpetrator" else "region"
    lab = labels["perpetrators"] if group == "perpetrator" else labels["regions"]
    df = pd.DataFrame(
        {
            "incident_id": inc["incident_id"].to_numpy(),
            "name": inc["name"].to_numpy(),
            "perpetrator": inc["perpetrator"].to_numpy(),
            "group": inc[col].astype("string").fillna("unknown").to_numpy(),
            "start": pd.to_datetime(inc["date_start"]).to_numpy(),
            "end": pd.to_datetime(inc["date_end"]).to_numpy(),
            "exact": inc["date_precision"].isin(EXACT).to_numpy(),
        }
    )
    df["end"] = df["end"] + pd.Timedelta(
        days=1
    )  # an end date is inclusive: the bar runs to the end of that day
    df["end_shown"] = df[["end"]].assign(m=df["start"] + span * MIN_BAR_FRACTION).max(axis=1)
    df["group_label"] = df["group"].map(lambda g: lab.get(g, g))
    order = _group_order(df, group, lab)
    y, parts = 0.0, []
    for g in order:
        sub = df[df["group"] == g].copy()
        sub["lane"] = lanes(sub, span * LANE_GAP_FRACTION)
        n_lanes = sub["lane"].max() + 1
        pad = max(0.0, (MIN_GROUP_LANES - n_lanes) / 2)  # small groups get room for their label
        sub["y"] = y + pad + sub["lane"]
        y += n_lanes + 2 * pad + GROUP_GAP
        parts.append(sub)
    df = pd.concat(parts)
    src = labels.get("sources", {})
    srcs = inc.set_index("incident_id")["source_ids"].fillna("")
    rows = inc.set_index("incident_id")
    df["hover"] = [
        f"<b>{escape(r.name)}</b><br>{escape(fmt_dates(rows.at[r.incident_id, 'date_start'], rows.at[r.incident_id, 'date_end'], rows.at[r.incident_id, 'date_precision']))}"
        f" ({escape(rows.at[r.incident_id, 'date_precision_label'])})<br>"
        f"Perpetrator: {escape(labels['perpetrators'].get(r.perpetrator, r.perpetrator))}<br>"
        f"Deaths: {escape(fmt_range(rows.at[r.incident_id, 'deaths_low'], rows.at[r.incident_id, 'deaths_high'], rows.at[r.incident_id, 'deaths_qualifier']))}<br>"
        f"Source: {escape('; '.join(src.get(s.strip(), s.strip()) for s in str(srcs.get(r.incident_id, '')).split(';') if s.strip()))}"
        for r in df.itertuples()
    ]
    return df[cols]


def _group_order(df: pd.DataFrame, group: str, lab: Mapping[str, str]) -> list[str]:
    """Return groups in display order: perpetrators by number of incidents, theatres in code-table order."""
    present = df["group"].unique().tolist()
    if group == "perpetrator":
        counts = df["group"].value_counts()
        return sorted(present, key=lambda g: (-counts[g], lab.get(g, g)))
    return [g for g in lab if g in present] + sorted(g for g in present if g not in lab)


def period_label_rows(
    periods: pd.DataFrame, x_range: tuple[pd.Timestamp, pd.Timestamp], plot_px: float = PLOT_PX
) -> pd.DataFrame:
    """Return the visible periods with a label centre and a label row such that labels in a row never overlap."""
    x0, x1 = x_range
    px_per_day = plot_px / max((x1 - x0).days, 1)
    rows: list[float] = []  # right edge (px) of the last label in each row
    out = []
    for p in periods.sort_values("start").itertuples():
        s, e = max(pd.Timestamp(p.start), x0), min(pd.Timestamp(p.end), x1)
        if s >= e:
            continue
        centre = s + (e - s) / 2
        c_px = (centre - x0).days * px_per_day
        half = len(str(p.label)) * CHAR_PX / 2 + 6
        for k, right in enumerate(rows):
            if c_px - half > right:
                rows[k] = c_px + half
                break
        else:
            rows.append(c_px + half)
            k = len(rows) - 1
        out.append(
            {
                "period": p.period,
                "label": p.label,
                "start": s,
                "end": e,
                "centre": centre,
                "row": k,
                "left_px": c_px - half,
                "right_px": c_px + half,
            }
        )
    return pd.DataFrame(
        out, columns=["period", "label", "start", "end", "centre", "row", "left_px", "right_px"]
    )


def add_periods(
    fig: go.Figure, periods: pd.DataFrame, x_range: tuple[pd.Timestamp, pd.Timestamp], labels: bool = True
) -> int:
    """Shade the periods as vrects and label them above the plot in non-overlapping rows; return the rows used."""
    lab = period_label_rows(periods, x_range)
    for i, p in enumerate(lab.itertuples()):
        fig.add_vrect(
            x0=p.start,
            x1=p.end,
            fillcolor=PERIOD_FILLS[i % 2],
            opacity=1,
            layer="below",
            line_width=0,
            name=f"period:{p.period}",
        )
        fig.add_vline(x=p.start, line=dict(color="#BBBBBB", width=1, dash="dot"), layer="below")
        if labels:
            fig.add_annotation(
                x=p.centre,
                y=1,
                xref="x",
                yref="paper",
                yanchor="bottom",
                yshift=3 + LABEL_ROW_PX * p.row,
                text=escape(p.label),
                showarrow=False,
                font=dict(size=12, color="#444444"),
                name=f"period:{p.period}",
            )
    return int(lab["row"].max()) + 1 if len(lab) else 0


def timeline_figure(
    frame: pd.DataFrame,
    periods: pd.DataFrame,
    party_labels: Mapping[str, str],
    *,
    group: str,
    subtitle: str,
    source: str,
    x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> go.Figure:
    """Return incidents as horizontal bars from start to end, lanes per group, coloured by perpetrator, periods shaded."""
    x_range = x_range or full_range()
    fig = go.Figure()
    for party in sorted(frame["perpetrator"].unique(), key=lambda p: party_labels.get(p, p)):
        for exact in (True, False):
            sub = frame[(frame["perpetrator"] == party) & (frame["exact"] == exact)]
            if sub.empty:
                continue
            has_exact = bool(((frame["perpetrator"] == party) & frame["exact"]).any())
            fig.add_bar(
                y=sub["y"],
                base=sub["start"].dt.strftime("%Y-%m-%d %H:%M"),
                x=(sub["end_shown"] - sub["start"]).dt.total_seconds() * 1000,
                orientation="h",
                name=escape(party_labels.get(party, party)),
                legendgroup=party,
                showlegend=exact or not has_exact,
                meta={"party": party, "exact": exact},
                marker_color=party_colour(party),
                marker_opacity=1 if exact else IMPRECISE_OPACITY,
                marker_pattern=dict(HATCH, shape="" if exact else IMPRECISE_PATTERN),
                marker_line_width=0,
                width=0.75,
                text=sub["hover"],
                textposition="none",
                hovertemplate="%{text}<extra></extra>",
            )
    for label, exact in (("Exact day", True), ("Month, year or approximate", False)):
        fig.add_bar(
            x=[None],
            y=[None],
            orientation="h",
            name=label,
            legendgroup="precision",
            legendgrouptitle_text="Dates" if exact else None,
            marker_color="#777777",
            marker_opacity=1 if exact else IMPRECISE_OPACITY,
            marker_pattern=dict(HATCH, shape="" if exact else IMPRECISE_PATTERN),
            meta={"precision": exact},
            hoverinfo="skip",
        )
    rows = add_periods(fig, periods, x_range)
    ticks = (
        frame.groupby("group_label", sort=False)["y"].agg(["min", "max"]) if len(frame) else pd.DataFrame()
    )
    top = float(frame["y"].max()) if len(frame) else 0.0
    for lo in ticks["min"].iloc[1:] if len(ticks) else []:
        fig.add_hline(y=lo - (GROUP_GAP + 1) / 2, line=dict(color="#999999", width=1))
    fig.update_layout(
        barmode="overlay",
        bargap=0,
        xaxis=dict(
            type="date", range=list(x_range), title_text="", showgrid=True, gridcolor="#E4E4E4", side="bottom"
        ),
        yaxis=dict(
            tickvals=((ticks["min"] + ticks["max"]) / 2).tolist() if len(ticks) else [],
            ticktext=[wrap(t, 24) for t in ticks.index],
            range=[top + 0.8, -0.8],
            showgrid=False,
            zeroline=False,
            title_text="",
        ),
        legend=dict(title_text="Perpetrator", tracegroupgap=12, groupclick="toggleitem"),
        margin=dict(t=110 + LABEL_ROW_PX * rows),
        hoverlabel=dict(align="left"),
    )
    title = f"Every incident from its start to its end date, by {GROUPS[group].lower()}"
    lane_px = max(MIN_LANE_PX, min(LANE_PX, MAX_LANES_PX / (top + 1)))  # many lanes get thinner, not taller
    return finish(
        fig,
        title=title,
        subtitle=subtitle,
        source=source,
        height=int(max(380, 240 + LABEL_ROW_PX * rows + lane_px * (top + 1))),
    )


def years_of(inc: pd.DataFrame, year_min: int = YEAR_MIN, year_max: int = YEAR_MAX) -> pd.DataFrame:
    """Return one row per incident and calendar year it spans (clipped to the range), with its share 1/n_years."""
    if inc.empty:
        return pd.DataFrame(columns=["incident_id", "perpetrator", "year", "share", "row"])
    start, end = inc["year_start"].to_numpy(dtype=int), inc["year_end"].to_numpy(dtype=int)
    y0, y1 = start.clip(year_min, year_max), end.clip(year_min, year_max)
    share = 1 / (end - start + 1).clip(min=1)
    span = (y1 - y0 + 1).clip(min=0)  # years inside the range (none if the incident lies outside it)
    row = np.repeat(np.arange(len(inc)), span)  # the incident each output row belongs to
    first = np.cumsum(span) - span  # where each incident's years begin in the output
    return pd.DataFrame(
        {
            "incident_id": inc["incident_id"].array.take(row),
            "perpetrator": inc["perpetrator"].array.take(row),
            "year": y0[row] + (np.arange(len(row)) - first[row]),
            "share": share[row],
            "row": row,
        }
    )


def yearly_table(inc: pd.DataFrame, year_min: int = YEAR_MIN, year_max: int = YEAR_MAX) -> pd.DataFrame:
    """Return per year and perpetrator: incidents under way, and deaths low/high spread evenly over each incident's years.

    An incident lasting n calendar years adds 1/n of its low and 1/n of its high to each of those years
    (bounds summed by compare.summable_bounds); it counts as one incident under way in each of them.
    """
    cols = ["year", "perpetrator", "incidents", "deaths_low", "deaths_high", "with_figure", "open_high"]
    if inc.empty:
        return pd.DataFrame(columns=cols)
    b = summable_bounds(inc).reset_index(drop=True)
    y = years_of(inc, year_min, year_max)
    y = pd.concat([y, b.iloc[y["row"].to_numpy()].reset_index(drop=True)], axis=1)  # by position, no key join
    y["lo"] = y["sum_low"] * y["share"]
    y["hi"] = y["sum_high"] * y["share"]
    fig_rows = y[y["has_figure"]]
    g = y.groupby(["year", "perpetrator"])
    t = pd.DataFrame({"incidents": g["row"].nunique()})
    gf = fig_rows.groupby(["year", "perpetrator"])
    t["deaths_low"] = gf["lo"].sum().reindex(t.index).fillna(0.0)
    t["deaths_high"] = gf["hi"].sum().reindex(t.index).fillna(0.0)
    t["with_figure"] = gf["row"].nunique().reindex(t.index).fillna(0).astype(int)
    t["open_high"] = gf["open_high"].any().reindex(t.index).fillna(False).astype(bool)
    return t.reset_index()[cols]


def _mid_year(years) -> list[str]:
    return [f"{int(y)}-07-01" for y in years]


def yearly_counts_figure(
    t: pd.DataFrame,
    periods: pd.DataFrame,
    party_labels: Mapping[str, str],
    *,
    subtitle: str,
    source: str,
    x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> go.Figure:
    """Return stacked bars of incidents under way in each year, by perpetrator in the shared colours."""
    x_range = x_range or full_range()
    fig = go.Figure()
    for party in sorted(t["perpetrator"].unique(), key=lambda p: party_labels.get(p, p)):
        sub = t[t["perpetrator"] == party]
        name = escape(party_labels.get(party, party))
        fig.add_bar(
            x=_mid_year(sub["year"]),
            y=sub["incidents"],
            name=name,
            marker_color=party_colour(party),
            meta=party,
            customdata=sub["year"],
            hovertemplate=f"%{{customdata}}: %{{y}} incidents under way<br>{name}<extra></extra>",
        )
    rows = add_periods(fig, periods, x_range)
    fig.update_layout(
        barmode="stack",
        bargap=0.1,
        xaxis=dict(type="date", range=list(x_range), title_text=""),
        yaxis=dict(title_text="Incidents under way", rangemode="tozero", dtick=None),
        legend=dict(title_text="Perpetrator"),
        margin=dict(t=110 + LABEL_ROW_PX * rows),
    )
    return finish(fig, title="Incidents under way in each year", subtitle=subtitle, source=source, height=440)


def yearly_deaths_figure(
    t: pd.DataFrame,
    periods: pd.DataFrame,
    party_labels: Mapping[str, str],
    *,
    subtitle: str,
    source: str,
    x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    log: bool = False,
) -> go.Figure:
    """Return deaths per year as a low-high band per perpetrator (lows and highs summed, spread over each incident's years)."""
    x_range = x_range or full_range()
    fig = go.Figure()
    d = t[t["with_figure"] > 0]
    for party in sorted(d["perpetrator"].unique(), key=lambda p: party_labels.get(p, p)):
        sub = t[t["perpetrator"] == party].set_index("year")
        years = range(
            int(d.loc[d["perpetrator"] == party, "year"].min()),
            int(d.loc[d["perpetrator"] == party, "year"].max()) + 1,
        )
        sub = sub.reindex(years)
        lo = sub["deaths_low"].fillna(0.0)
        hi = sub["deaths_high"].fillna(0.0)
        if log:
            lo, hi = lo.clip(lower=LOG_FLOOR), hi.clip(lower=LOG_FLOOR)
        colour = party_colour(party)
        name = escape(party_labels.get(party, party))
        text = [
            f"{y}: {fmt_range(round(a), round(b))}{' (high end at least)' if o is True else ''}"
            for y, a, b, o in zip(
                years, sub["deaths_low"].fillna(0), sub["deaths_high"].fillna(0), sub["open_high"]
            )
        ]
        x = _mid_year(years)
        fig.add_scatter(
            x=x,
            y=lo,
            mode="lines",
            line=dict(color=colour, width=1, dash="dot"),
            legendgroup=party,
            showlegend=False,
            hoverinfo="skip",
            meta={"party": party, "bound": "low"},
        )
        fig.add_scatter(
            x=x,
            y=hi,
            mode="lines+markers",
            fill="tonexty",
            fillcolor=_rgba(colour, BAND_ALPHA),
            line=dict(color=colour, width=2),
            marker=dict(size=5),
            name=name,
            legendgroup=party,
            meta={"party": party, "bound": "high"},
            text=text,
            hovertemplate=f"{name}<br>%{{text}} deaths<extra></extra>",
        )
    rows = add_periods(fig, periods, x_range)
    fig.update_layout(
        xaxis=dict(type="date", range=list(x_range), title_text=""),
        yaxis=dict(
            title_text="Deaths per year, low to high" + (" (log)" if log else ""),
            type="log" if log else "linear",
            rangemode="tozero",
        ),
        legend=dict(title_text="Perpetrator (band: low to high)"),
        margin=dict(t=110 + LABEL_ROW_PX * rows),
    )
    return finish(
        fig,
        title="Deaths per year as a range (low to high), by perpetrator",
        subtitle=subtitle,
        source=source,
        height=460,
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


def timeline_table(inc: pd.DataFrame, labels: Mapping[str, Mapping[str, str]]) -> pd.DataFrame:
    """Return the table alternative of the timeline: one readable row per incident in date order."""
    inc = inc.sort_values("date_start")
    return pd.DataFrame(
        {
            "name": inc["name"],
            "dates": [
                fmt_dates(s, e, p)
                for s, e, p in zip(inc["date_start"], inc["date_end"], inc["date_precision"])
            ],
            "precision": inc["date_precision_label"],
            "perpetrator": inc["perpetrator"].map(lambda p: labels["perpetrators"].get(p, p)),
            "theatre": inc["region"].map(lambda r: labels["regions"].get(r, r)),
            "deaths": [
                fmt_range(a, b, q)
                for a, b, q in zip(inc["deaths_low"], inc["deaths_high"], inc["deaths_qualifier"])
            ],
            "sources": inc["source_names"],
        }
    ).reset_index(drop=True)


def yearly_display(t: pd.DataFrame, party_labels: Mapping[str, str]) -> pd.DataFrame:
    """Return the table alternative of the yearly charts with deaths as readable ranges."""
    return pd.DataFrame(
        {
            "year": t["year"],
            "perpetrator": t["perpetrator"].map(lambda p: party_labels.get(p, p)),
            "incidents": t["incidents"],
            "deaths": [
                fmt_range(round(a), round(b)) + (" (high end at least)" if o else "") if n else "no figure"
                for a, b, o, n in zip(t["deaths_low"], t["deaths_high"], t["open_high"], t["with_figure"])
            ],
        }
    )
