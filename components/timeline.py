"""Timeline figures: incidents as bars from start to end with the periods shaded, and yearly aggregates (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from components.filters import YEAR_MAX, YEAR_MIN
from components.format import fmt_dates, fmt_each, fmt_range
from components.theme import (
    BOTTOM_KEY,
    TOP_LEGEND,
    add_shapes,
    add_traces,
    escape,
    finish,
    hline,
    legend_label,
    party_colour,
    vline,
    vrect,
    wrap,
)

GROUPS = {"perpetrator": "Perpetrator", "theatre": "Theatre"}  # URL value of 'group' -> label
DEFAULT_GROUP = "perpetrator"
EXACT = {"day"}  # date precisions drawn solid; month, year and approximate dates are hatched and faded
IMPRECISE_OPACITY = 1.0  # imprecise bars keep their full colour (3:1 on white) and carry white hatching
IMPRECISE_PATTERN = "/"
HATCH = dict(fgcolor="#FFFFFF", fillmode="overlay", solidity=0.35, size=8)
MIN_BAR_FRACTION = 0.004  # a bar is at least this share of the visible span wide (single days stay visible)
LANE_GAP_FRACTION = 0.002  # bars closer than this share of the span go to separate lanes
MAX_BARS = 600  # more incidents than this: the chart draws the largest, the tables keep all
LANE_PX = 20  # height of one lane of bars at most
MIN_LANE_PX = 3  # lanes never get thinner than this (the chart then grows past one screen)
TIMELINE_PLOT_PX = 340  # plot height the incident chart aims for: all of it fits one 1280x720 screen
GROUP_LABEL_LINE_PX = 19  # one line of a group's label on the y axis (a group is never lower than its label)
GROUP_LABEL_WRAP = 24
SMALL_GROUP = 3  # groups with fewer incidents are pooled when there are more than MAX_GROUPS groups
MAX_GROUPS = 7
OTHER = "__other__"  # the pooled group's id (never shown: its label counts what it holds)
GROUP_GAP_PX = 4  # space between two groups
PLOT_PX = 560  # the narrowest plot width (1280 px screen, sidebar open, group labels): period label rows
CHAR_PX = 7.5  # width of one character of a period label at 12 px
PERIOD_FONT = 12
PERIOD_FILLS = ["#F2F2F2", "#FFFFFF"]  # alternating shades of the periods
# Years label the middle of the span they stand for (under a year's bar), never the plot's corner.
YEARS = dict(ticklabelmode="period")


def full_range() -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the default x range of the timeline: 1 Jan 1917 to 1 Jan 1992."""
    return pd.Timestamp(YEAR_MIN, 1, 1), pd.Timestamp(YEAR_MAX + 1, 1, 1)


def year_range(year_min: int, year_max: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return whole calendar years year_min to year_max as an x range (a year's bar is never cut)."""
    return pd.Timestamp(int(year_min), 1, 1), pd.Timestamp(int(year_max) + 1, 1, 1)


def period_range(periods: pd.DataFrame, period: str | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the whole years a period touches, or the full range for None or an unknown id."""
    row = periods[periods["period"] == period]
    if row.empty:
        return full_range()
    return year_range(pd.Timestamp(row["start"].iloc[0]).year, pd.Timestamp(row["end"].iloc[0]).year)


def view_range(
    year_min: int, year_max: int, periods: pd.DataFrame, period: str | None = None
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the x range the charts show: the filter's years, narrowed to a period when one is chosen.

    A period outside the filter's years shows the period itself (the chart says what it shows).
    """
    x0, x1 = year_range(year_min, year_max)
    if period is None:
        return x0, x1
    p0, p1 = period_range(periods, period)
    return (max(x0, p0), min(x1, p1)) if max(x0, p0) < min(x1, p1) else (p0, p1)


def range_text(x_range: tuple[pd.Timestamp, pd.Timestamp]) -> str:
    """Return the years an x range shows, as '1939–1945' (its end is 1 January of the next year)."""
    y0, y1 = x_range[0].year, (x_range[1] - pd.Timedelta(days=1)).year
    return str(y0) if y0 == y1 else f"{y0}–{y1}"


def shown_subtitle(subtitle: str, x_range: tuple[pd.Timestamp, pd.Timestamp]) -> str:
    """Return the subtitle, saying which years the chart shows when the filters' text does not."""
    span = range_text(x_range)
    return subtitle if span in subtitle else f"{subtitle}; the chart shows {span}"


def _data_range(starts, ends) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return whole years from the earliest start to the latest end (the full range with no data)."""
    starts, ends = pd.Series(starts).dropna(), pd.Series(ends).dropna()
    if starts.empty or ends.empty:
        return full_range()
    return year_range(pd.Timestamp(starts.min()).year, (pd.Timestamp(ends.max()) - pd.Timedelta(days=1)).year)


def lanes(df: pd.DataFrame, gap: pd.Timedelta) -> pd.Series:
    """Return a lane number per row so that bars of one group never overlap (greedy interval packing)."""
    ends: list[pd.Timestamp] = []
    order = df.sort_values(["start", "end_shown"])
    out = {}
    for i, start, end in zip(order.index, order["start"], order["end_shown"]):
        for k, last in enumerate(ends):
            if start > last + gap:
                ends[k] = end
                out[i] = k
                break
        else:
            ends.append(end)
            out[i] = len(ends) - 1
    return pd.Series(out, dtype=int).reindex(df.index)


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
    x0, x1 = x_range or _data_range(inc["date_start"], pd.to_datetime(inc["date_end"]) + pd.Timedelta(days=1))
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
    df = _merge_small_groups(df, group)
    order = _group_order(df, group, lab)
    parts = []
    for g in order:
        sub = df[df["group"] == g].copy()
        sub["lane"] = lanes(sub, span * LANE_GAP_FRACTION)
        parts.append(sub)
    n_lanes = [int(p["lane"].max()) + 1 for p in parts]
    label_px = [GROUP_LABEL_LINE_PX * _lines(p["group_label"].iloc[0]) for p in parts]
    lane_px, heights = lane_layout(n_lanes, label_px)
    y, bounds, gap = 0.0, [], GROUP_GAP_PX / lane_px
    for sub, n, need in zip(parts, n_lanes, heights):
        sub["y"] = y + (need - n) / 2 + sub["lane"]
        y += need + gap
        bounds.append(y - gap / 2 - 0.5)
    extent = y - gap - 0.5  # the bottom edge of the last group
    df = pd.concat(parts)
    src, per = labels.get("sources", {}), labels["perpetrators"]
    rows = inc.set_index("incident_id").reindex(df["incident_id"])  # aligned with df, one row per bar
    # The loader's texts where the incidents carry them (the same formatters over the same columns).
    dates = (
        rows["dates_text"]
        if "dates_text" in rows
        else fmt_each(fmt_dates, rows["date_start"], rows["date_end"], rows["date_precision"])
    )
    deaths = (
        rows["deaths_text"]
        if "deaths_text" in rows
        else fmt_each(fmt_range, rows["deaths_low"], rows["deaths_high"], rows["deaths_qualifier"])
    )
    df["hover"] = [
        f"<b>{escape(name)}</b><br>{escape(when)} ({escape(precision)})<br>"
        f"Perpetrator: {escape(per.get(party, party))}<br>"
        f"Deaths: {escape(dead)}<br>"
        f"Source: {escape('; '.join(src.get(s.strip(), s.strip()) for s in str(ids).split(';') if s.strip()))}"
        for name, when, precision, party, dead, ids in zip(
            df["name"],
            dates,
            rows["date_precision_label"],
            df["perpetrator"],
            deaths,
            rows["source_ids"].fillna(""),
        )
    ]
    out = df[cols]
    out.attrs.update(
        lane_px=lane_px, bounds=bounds[:-1], extent=extent
    )  # between groups: where a line separates them
    return out


def _lines(label: str) -> int:
    return wrap(label, GROUP_LABEL_WRAP).count("<br>") + 1


def lane_layout(
    n_lanes: list[int], label_px: list[int], target_px: float = TIMELINE_PLOT_PX
) -> tuple[float, list[float]]:
    """Return the height of a lane (px) and each group's height in lanes, so the groups fill target_px.

    A group is as high as its lanes or its label, whichever is more. Lanes are as thick as fit (at most
    LANE_PX); when even MIN_LANE_PX does not fit, the chart grows instead.
    """

    def total(px: float) -> float:
        return sum(max(n * px, lab) for n, lab in zip(n_lanes, label_px)) + GROUP_GAP_PX * (len(n_lanes) - 1)

    px = float(LANE_PX)
    while px > MIN_LANE_PX and total(px) > target_px:
        px = max(MIN_LANE_PX, px * 0.95)
    return px, [max(float(n), lab / px) for n, lab in zip(n_lanes, label_px)]


def _merge_small_groups(df: pd.DataFrame, group: str) -> pd.DataFrame:
    """Return df with groups of fewer than SMALL_GROUP incidents pooled into one 'Other …' group at the end.

    Only when there are more than MAX_GROUPS groups: each group needs room for its label, so many small
    ones would make the chart taller than a screen. Bars keep their perpetrator's colour and hover text.
    """
    counts = df["group"].value_counts()
    small = counts[counts < SMALL_GROUP].index
    if len(counts) <= MAX_GROUPS or len(small) < 2:
        return df
    what = "perpetrators" if group == "perpetrator" else "theatres"
    pooled = df["group"].isin(small)
    return df.assign(
        group=df["group"].where(~pooled, OTHER),
        group_label=df["group_label"].where(~pooled, f"{len(small)} other {what}"),
    )


def _group_order(df: pd.DataFrame, group: str, lab: Mapping[str, str]) -> list[str]:
    """Return groups in display order: perpetrators by number of incidents, theatres in code-table order."""
    present = df["group"].unique().tolist()
    if group == "perpetrator":
        counts = df["group"].value_counts()
        order = sorted(present, key=lambda g: (-counts[g], lab.get(g, g)))
    else:
        order = [g for g in lab if g in present] + sorted(g for g in present if g not in lab)
    return [g for g in order if g != OTHER] + ([OTHER] if OTHER in present else [])


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


PERIOD_ROW_PX = 18  # one row of period labels
PERIOD_AXIS_PX = 24  # the period names start under the years


def add_periods(
    fig: go.Figure,
    periods: pd.DataFrame,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    labels: bool = True,
    more_shapes: Sequence[dict] = (),
) -> int:
    """Shade the periods and name them under the years of the x axis, in rows that never overlap.

    The names are tick labels of further bottom axes that follow the x axis (one axis per row, moved
    down by a standoff), so plotly makes room for them and they move with a zoom. Return the rows used.
    `more_shapes` go on top of the bands in the same update (each update of the layout's shapes
    validates all of them again).
    """
    lab = period_label_rows(periods, x_range)
    shapes = []
    for i, p in enumerate(lab.itertuples()):
        shapes.append(
            vrect(
                p.start,
                p.end,
                fillcolor=PERIOD_FILLS[i % 2],
                opacity=1,
                layer="below",
                line=dict(width=0),
                name=f"period:{p.period}",
            )
        )
        shapes.append(vline(p.start, line=dict(color="#BBBBBB", width=1, dash="dot"), layer="below"))
    shapes += more_shapes
    if not labels or lab.empty:
        add_shapes(fig, shapes)
        return 0
    axes = {}
    for row, part in lab.groupby("row"):
        axis = f"x{int(row) + 2}"
        fig.add_scatter(
            x=[x_range[0]], y=[None], xaxis=axis, showlegend=False, hoverinfo="skip", meta="periods"
        )
        axes.update(
            {
                f"xaxis{int(row) + 2}": dict(
                    type="date",
                    overlaying="x",
                    matches="x",
                    side="bottom",
                    tickmode="array",
                    tickvals=list(part["centre"]),
                    ticktext=[escape(t) for t in part["label"]],
                    ticklabelstandoff=PERIOD_AXIS_PX + PERIOD_ROW_PX * int(row),
                    tickangle=0,
                    ticks="",
                    showgrid=False,
                    zeroline=False,
                    showline=False,
                    automargin=True,
                    tickfont=dict(size=PERIOD_FONT, color="#444444"),
                )
            }
        )
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], **axes)
    return int(lab["row"].max()) + 1


def _key(name: str, colour: str, solid: bool, legend: str, meta: dict) -> dict:
    """Return a legend entry that draws nothing: a bar swatch, solid or hatched (a trace for add_traces)."""
    return dict(
        type="bar",
        x=[None],
        y=[None],
        orientation="h",
        name=name,
        legend=legend,
        marker=dict(
            color=colour,
            opacity=1 if solid else IMPRECISE_OPACITY,
            pattern=dict(shape="" if solid else IMPRECISE_PATTERN),
        ),
        meta=meta,
        hoverinfo="skip",
    )


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
    """Return incidents as horizontal bars from start to end, lanes per group, coloured by perpetrator.

    Two legends: perpetrators (colour) at the top right, how precisely the dates are known (solid or
    hatched) under them, so the two encodings never mix. The chart aims at one 1280x720 screen.
    """
    x_range = x_range or (_data_range(frame["start"], frame["end"]) if len(frame) else full_range())
    fig = go.Figure()
    traces = []  # added at once, properties nested (theme.add_traces)
    parties = sorted(frame["perpetrator"].unique(), key=lambda p: party_labels.get(p, p))
    for party in parties:
        for exact in (True, False):
            sub = frame[(frame["perpetrator"] == party) & (frame["exact"] == exact)]
            if sub.empty:
                continue
            traces.append(
                dict(
                    type="bar",
                    y=sub["y"],
                    base=sub["start"].dt.strftime("%Y-%m-%d %H:%M"),
                    x=(sub["end_shown"] - sub["start"]).dt.total_seconds() * 1000,
                    orientation="h",
                    name=escape(party_labels.get(party, party)),
                    showlegend=False,
                    meta={"party": party, "exact": exact},
                    marker=dict(
                        color=party_colour(party),
                        opacity=1 if exact else IMPRECISE_OPACITY,
                        pattern=dict(HATCH, shape="" if exact else IMPRECISE_PATTERN),
                        line=dict(width=0),
                    ),
                    width=0.75,
                    text=sub["hover"],
                    textposition="none",
                    hovertemplate="%{text}<extra></extra>",
                )
            )
    # The legends are keys (not toggles): colour for the perpetrator, solid or hatched for the dates.
    counts = frame["perpetrator"].value_counts()
    for party in sorted(parties, key=lambda p: (-counts[p], party_labels.get(p, p))):
        traces.append(
            _key(
                legend_label(party_labels.get(party, party)),
                party_colour(party),
                True,
                "legend",
                {"key": party},
            )
        )
    for label, exact in (("Exact day", True), ("Month, year or approximate", False)):
        traces.append(_key(label, "#777777", exact, "legend2", {"precision": exact}))
    add_traces(fig, traces)
    lane_lines = [hline(y, line=dict(color="#999999", width=1)) for y in frame.attrs.get("bounds", [])]
    add_periods(fig, periods, x_range, more_shapes=lane_lines)
    ticks = (
        frame.groupby("group_label", sort=False)["y"].agg(["min", "max"]) if len(frame) else pd.DataFrame()
    )
    lane_px = float(frame.attrs.get("lane_px", LANE_PX))
    top = float(frame["y"].max()) if len(frame) else 0.0
    fig.update_layout(
        barmode="overlay",
        bargap=0,
        xaxis=dict(
            type="date", range=list(x_range), title_text="", showgrid=True, gridcolor="#E4E4E4", **YEARS
        ),
        yaxis=dict(
            tickvals=((ticks["min"] + ticks["max"]) / 2).tolist() if len(ticks) else [],
            ticktext=[wrap(t, GROUP_LABEL_WRAP) for t in ticks.index],
            range=[frame.attrs.get("extent", top + 0.5) + 2 / lane_px, -0.5 - 2 / lane_px],
            showgrid=False,
            zeroline=False,
            title_text="",
            tickfont=dict(size=13),
        ),
        legend=TOP_LEGEND | dict(title_text="Perpetrator", itemclick=False, itemdoubleclick=False),
        legend2=BOTTOM_KEY | dict(title_text="Dates", itemclick=False, itemdoubleclick=False),
        hoverlabel=dict(align="left"),
    )
    plot_px = max((frame.attrs.get("extent", top + 0.5) + 0.5) * lane_px + 4, GROUP_LABEL_LINE_PX * 3)
    return finish(
        fig,
        title=f"Each incident from start to end, by {GROUPS[group].lower()}",
        subtitle=shown_subtitle(subtitle, x_range),
        source=source,
        plot_height=int(plot_px),
    )


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
