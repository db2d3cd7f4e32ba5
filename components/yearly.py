"""The yearly aggregates of the Timeline page: incidents under way and deaths per year, each incident's
figures spread evenly over its years, as tables and as figures with the periods shaded (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.compare import summable_bounds
from components.filters import YEAR_MAX, YEAR_MIN
from components.format import fmt_range
from components.theme import TOP_LEGEND, add_traces, escape, finish, legend_label, party_colour
from components.timeline import YEARS, add_periods, full_range, shown_subtitle, year_range

LOG_FLOOR = 1.0  # a low sum of 0 is drawn here on a log axis
BAND_ALPHA = 0.22
YEARLY_PLOT_PX = 280  # plot height of the yearly charts


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
    x_range = x_range or _years_range(t)
    fig = go.Figure()
    traces = []  # added at once, properties nested (theme.add_traces)
    for party in sorted(t["perpetrator"].unique(), key=lambda p: party_labels.get(p, p)):
        sub = t[t["perpetrator"] == party]
        name = escape(party_labels.get(party, party))
        traces.append(
            dict(
                type="bar",
                x=_mid_year(sub["year"]),
                y=sub["incidents"],
                name=legend_label(party_labels.get(party, party)),
                marker=dict(color=party_colour(party)),
                meta=party,
                customdata=sub["year"],
                hovertemplate=f"%{{customdata}}: %{{y}} incidents under way<br>{name}<extra></extra>",
            )
        )
    add_traces(fig, traces)
    fig.update_layout(barmode="stack", bargap=0.1)
    return _finish_yearly(
        fig,
        periods,
        x_range,
        dict(title_text="Incidents under way", rangemode="tozero", dtick=None),
        title="Incidents under way in each year",
        subtitle=subtitle,
        source=source,
    )


def _finish_yearly(
    fig: go.Figure,
    periods: pd.DataFrame,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    yaxis: dict,
    *,
    title: str,
    subtitle: str,
    source: str,
) -> go.Figure:
    """Shade the periods, set the yearly figures' shared axes and legend, and put title and source inside."""
    add_periods(fig, periods, x_range)
    fig.update_layout(
        xaxis=dict(type="date", range=list(x_range), title_text="", **YEARS),
        yaxis=yaxis,
        legend=TOP_LEGEND | dict(title_text="Perpetrator"),
    )
    return finish(
        fig,
        title=title,
        subtitle=shown_subtitle(subtitle, x_range),
        source=source,
        plot_height=YEARLY_PLOT_PX,
    )


def _years_range(t: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return whole years from the first to the last year of a yearly table (the full range when empty)."""
    return year_range(t["year"].min(), t["year"].max()) if len(t) else full_range()


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
    x_range = x_range or _years_range(t)
    fig = go.Figure()
    traces = []  # added at once, properties nested (theme.add_traces)
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
        traces.append(
            dict(
                type="scatter",
                x=x,
                y=lo,
                mode="lines",
                line=dict(color=colour, width=1, dash="dot"),
                legendgroup=party,
                showlegend=False,
                hoverinfo="skip",
                meta={"party": party, "bound": "low"},
            )
        )
        traces.append(
            dict(
                type="scatter",
                x=x,
                y=hi,
                mode="lines+markers",
                fill="tonexty",
                fillcolor=_rgba(colour, BAND_ALPHA),
                line=dict(color=colour, width=2),
                marker=dict(size=5),
                name=legend_label(party_labels.get(party, party)),
                legendgroup=party,
                meta={"party": party, "bound": "high"},
                text=text,
                hovertemplate=f"{name}<br>%{{text}} deaths<extra></extra>",
            )
        )
    add_traces(fig, traces)
    return _finish_yearly(
        fig,
        periods,
        x_range,
        dict(
            title_text="Deaths per year, low to high" + (" (log)" if log else ""),
            type="log" if log else "linear",
            dtick=1 if log else None,
            rangemode="tozero",
        ),
        title="Deaths per year, low to high, by perpetrator",
        subtitle=subtitle,
        source=source,
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


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
