"""The POW page's comparisons: pair against pair (every estimate's rate as a range per pair) and the
numbers captured and died (pure functions; the matrix and one pair's estimates are in components.pow_figures)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from components.pow_data import (
    WHOLE,
    _cut,
    _na,
    _num,
    is_whole,
    rate_text,
    scope_type_text,
)
from components.pow_figures import (
    CAPTURED_COLOUR,
    COUNT_LABEL_PX,
    COUNT_ROW_PX,
    DIED_COLOUR,
    LEGEND_GREY,
    NARROWER_LEGEND,
    PAIR_ROW_PX,
    ROW_LABEL_SHIFT,
    WHOLE_LEGEND,
    rate_axes,
    tint,
)
from components.theme import (
    BASE_SIZE,
    TOP_LEGEND,
    escape,
    finish,
    label_at,
    party_colour,
)


def _ticks(rows: pd.DataFrame, *, log: bool, floor: float) -> tuple[list, list]:
    """Return x positions and hover texts of one tick per distinct rate value (stated and computed ends) of each row."""
    xs, hs = [], []
    for _, e in rows.iterrows():
        stated = rate_text(e["rate_low"], e["rate_high"], e["rate_qualifier"])
        calc = rate_text(e["calc_low"], e["calc_high"])
        text = stated or f"{calc} computed from counts"
        st = e.get("scope_type")
        where = "in the bar" if not _na(st) and str(st) == WHOLE else "not in the bar"
        for v in dict.fromkeys(
            x for x in (e["rate_low"], e["rate_high"], e["calc_low"], e["calc_high"]) if not _na(x)
        ):
            xs.append(max(float(v), floor) if log else float(v))
            hs.append(
                f"<b>{escape(text)}</b> · {escape(_cut(e['attribution'], 50))} "
                f"({escape(e['source_short'])})<br>{escape(_cut(e['scope'], 80))}"
                f"<br>Scope type: {escape(scope_type_text(e))} ({where})"
            )
    return xs, hs


def pairs_figure(
    pwr: pd.DataFrame,
    ranges: pd.DataFrame,
    *,
    source: str,
    log: bool = False,
    title: str = "Prisoner-of-war death rates, pair against pair",
) -> go.Figure:
    """Return each pair's range over its whole-scope rates as a bar, every estimate as a tick, coloured by captor.

    Solid ticks are whole-scope estimates (the bar spans them); hollow ticks are estimates of narrower
    scope (a period, a subgroup, one episode), shown for reading but kept out of the bar.
    """
    fig = go.Figure()
    n = len(ranges)
    floor = 0.01  # log axes cannot show 0 %
    solid = dict(symbol="line-ns", size=24)
    hollow = dict(symbol="diamond-tall-open", size=20)
    any_narrow = False
    x_max = math.log10(150) if log else 112.0  # the x axis ends here (set below)
    per_char = 0.09 if log else 2.3  # about one character of a label, in axis units
    for i, r in ranges.reset_index(drop=True).iterrows():
        colour = party_colour(r["captor"])
        rows = pwr[(pwr["pair"] == r["pair"]) & pwr["has_rate"]]
        whole_mask = is_whole(rows)
        whole, narrow = rows[whole_mask], rows[~whole_mask]
        if rows.empty:
            label_at(
                fig,
                0,
                i,
                "no rate in the data",
                xref="paper",
                xanchor="left",
                font=dict(color="#777777", size=BASE_SIZE - 2),
            )
            continue
        has_bar = not pd.isna(r["min_rate"]) and not whole.empty
        if has_bar:
            lo, hi = float(r["min_rate"]), float(r["max_rate"])
            fig.add_trace(
                go.Bar(
                    y=[i],
                    x=[max(hi - lo, 0.0) if not log else hi - max(lo, floor)],
                    base=[max(lo, floor) if log else lo],
                    orientation="h",
                    # a pale band with a full-colour outline (3:1 on white): the fill alone is not the mark
                    marker=dict(color=tint(colour, 0.35), line=dict(color=colour, width=1.5)),
                    width=0.55,
                    name=escape(r["label"]),
                    showlegend=False,
                    text=[escape(r["range"])],
                    textposition="none",
                    hovertemplate=f"<b>{escape(r['label'])}</b><br>whole-scope rates: {escape(r['range'])}<br>"
                    f"{len(whole)} whole-scope estimate(s) in the bar; {len(narrow)} narrower not in it"
                    "<extra></extra>",
                )
            )
            xs, hs = _ticks(whole, log=log, floor=floor)
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=[i] * len(xs),
                    mode="markers",
                    marker=dict(**solid, line=dict(color=colour, width=3)),
                    showlegend=False,
                    hovertext=hs,
                    hovertemplate="%{hovertext}<extra></extra>",
                    name="whole scope",
                    legendgroup="whole",
                )
            )
        if not narrow.empty:
            any_narrow = True
            xs, hs = _ticks(narrow, log=log, floor=floor)
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=[i] * len(xs),
                    mode="markers",
                    marker=dict(**hollow, color=colour, line=dict(color=colour, width=2)),
                    showlegend=False,
                    hovertext=hs,
                    hovertemplate="%{hovertext}<extra></extra>",
                    name="narrower scope",
                    legendgroup="narrower",
                )
            )
        # The range goes right of the bar; just above the row when hollow ticks sit there or the edge is near.
        pos = lambda v: math.log10(max(v, floor)) if log else v  # noqa: E731
        narrow_x = [
            pos(float(v))
            for c in ("rate_low", "rate_high", "calc_low", "calc_high")
            for v in narrow[c]
            if not _na(v)
        ]
        if has_bar:
            text, at = escape(r["range"]), pos(hi)
            room = len(r["range"]) * per_char
            above = at + room > x_max or any(at < x <= at + room for x in narrow_x)
        else:
            text, at, above = "no whole-scope rate", min(narrow_x), True
            room = len(text) * per_char
        left = not above or at + room <= x_max  # above the row near the right edge: end the label at `at`
        label_at(
            fig,
            at,
            i,
            text,
            xanchor="left" if left else "right",
            xshift=(6 if above else 12) * (1 if left else -1),
            yshift=ROW_LABEL_SHIFT if above else 0,
            name=f"range:{r['pair']}",
            font=dict(size=BASE_SIZE - (2 if above else 1), color="#222222" if has_bar else "#666666"),
        )
    # Legend keys (grey: the symbol is the message, colour stays the captor's).
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=WHOLE_LEGEND,
            legendgroup="whole",
            marker=dict(**solid, line=dict(color=LEGEND_GREY, width=3)),
            hoverinfo="skip",
        )
    )
    if any_narrow:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=NARROWER_LEGEND,
                legendgroup="narrower",
                marker=dict(**hollow, color=LEGEND_GREY, line=dict(color=LEGEND_GREY, width=2)),
                hoverinfo="skip",
            )
        )
    if log:
        fig.update_xaxes(
            type="log",
            range=[-2, x_max],
            tickvals=[0.01, 0.1, 1, 10, 100],
            ticktext=["0.01%", "0.1%", "1%", "10%", "100%"],
        )
    else:
        fig.update_xaxes(range=[0, x_max], tickvals=[0, 20, 40, 60, 80, 100], ticksuffix="%")
    rate_axes(
        fig,
        "Prisoners who died (%)" + (", logarithmic axis" if log else ""),
        [escape(x) for x in ranges["label"]],
        top=-0.5,
    )
    fig.update_layout(
        bargap=0.4,
        legend=TOP_LEGEND,
    )
    return finish(
        fig,
        title=title,
        subtitle="Bar: lowest to highest rate among estimates for all these prisoners over "
        "the whole war or captivity (stated or computed from counts). Solid tick: one such estimate; hollow "
        "tick: an estimate for a period, a subgroup or one episode, not in the bar. Colour: captor.",
        source=source,
        plot_height=PAIR_ROW_PX * max(n, 2),
    )


def _bar(low, high) -> tuple[float | None, float]:
    """Return (bar length, extra to the upper bound) so a range shows as a bar plus a whisker (None: no figure)."""
    lo, hi = _num(low), _num(high)
    if lo is None:
        return hi, 0.0
    return lo, (hi - lo if hi is not None and hi > lo else 0.0)


def counts_figure(
    rows: pd.DataFrame,
    *,
    source: str,
    mode: str = "grouped",
    log: bool = False,
    title: str = "Captured and died, where a source gives both",
) -> go.Figure:
    """Return captured and died as horizontal bars per estimate (grouped or overlaid; linear or log axis)."""
    fig = go.Figure()
    ys = list(range(len(rows)))
    ticks = [
        f"<b>{escape(_cut(p, 34))}</b><br><span style='font-size:{BASE_SIZE - 3}px;color:#555'>"
        f"{escape(_cut(f'{a} · {src}', 40))}<br>{escape(_cut(s, 40))}</span>"
        for p, a, s, src in zip(rows["pair_label"], rows["attribution"], rows["scope"], rows["source_short"])
    ]
    overlay = mode == "overlaid"
    for metric, colour, width, offset in (
        ("captured", CAPTURED_COLOUR, 0.8 if overlay else 0.38, 0 if overlay else -0.2),
        ("died", DIED_COLOUR, 0.4 if overlay else 0.38, 0 if overlay else 0.2),
    ):
        lengths, extra = (
            zip(*[_bar(a, b) for a, b in zip(rows[f"{metric}_low"], rows[f"{metric}_high"])])
            if len(rows)
            else ((), ())
        )
        texts = rows[f"{metric}_text"].tolist()
        fig.add_trace(
            go.Bar(
                y=[y + offset for y in ys],
                x=list(lengths),
                orientation="h",
                width=width,
                name=metric.capitalize(),
                marker=dict(color=colour, line=dict(color="#222222", width=0.8)),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=list(extra),
                    arrayminus=[0] * len(rows),
                    color="#222222",
                    thickness=1.5,
                    width=5,
                ),
                text=[escape(t) for t in texts],
                textposition="outside" if not overlay or metric == "captured" else "inside",
                insidetextanchor="end",
                textfont=dict(size=BASE_SIZE - 3),
                cliponaxis=False,
                customdata=[[escape(t), escape(c)] for t, c in zip(texts, rows["computed_rate"])],
                hovertemplate=f"{metric.capitalize()}: %{{customdata[0]}}<br>computed rate: %{{customdata[1]}}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="overlay",
        legend=TOP_LEGEND,
        margin=dict(r=COUNT_LABEL_PX),  # a count outside its bar stays inside the figure
    )
    fig.update_xaxes(
        title=dict(text="People" + (" (logarithmic axis)" if log else "")),
        type="log" if log else "linear",
        dtick=1 if log else None,
        tickangle=0,  # turned labels would need room the source line below takes
        showgrid=True,
        gridcolor="#E5E5E5",
        separatethousands=True,
        tickformat=",d" if not log else None,
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=ys,
        ticktext=ticks,
        autorange="reversed",
        range=[len(rows) - 0.5, -0.5],
        showgrid=False,
    )
    return finish(
        fig,
        title=title,
        subtitle="Bars start at the lower figure; a whisker reaches the upper one. "
        "Scopes differ: read them before comparing rows.",
        source=source,
        plot_height=COUNT_ROW_PX * max(len(rows), 2),
    )
