"""Prisoner-of-war mortality figures: the summary matrix, every estimate for a pair, pair against pair,
and captured/died counts (pure: DataFrame in, plotly Figure out; the data comes from components.pow_data).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go

from components.format import DASH, fmt_range, fmt_rate
from components.pow_data import (
    WHOLE,
    _cut,
    _na,
    _num,
    is_whole,
    rate_text,
    scope_type_text,
)
from components.theme import (
    BASE_SIZE,
    RATE_SCALE,
    TOP_LEGEND,
    escape,
    finish,
    label_at,
    party_colour,
    readable_text,
)
from components.theme import wrap as _wrap

WORD_TEXT, EMPTY_LINE = "#333333", "#B0B0B0"
ROW_PX, PAIR_ROW_PX, COUNT_ROW_PX = 62, 54, 64  # figure height per row
LABEL_CHARS, SCOPE_CHARS = 34, 34  # label lengths on the y axes (full text in hover and tables)
COUNT_LABEL_PX = 100  # room right of the plot for the longest count label ('560,000–900,000')
CAPTURED_COLOUR, DIED_COLOUR = "#858585", "#2B2B2B"  # greys: counts are not a party, and print well

RATE_COLOUR_MAX = 60.0  # % at the dark end of the matrix colour scale (raised if a cell exceeds it)
COMPUTED_OFFSET = 0.22  # the computed rate sits just below the stated one on the same row
LEGEND_GREY = (
    "#555555"  # legend keys of the pair-against-pair chart: the symbol matters, not the captor colour
)
ROW_LABEL_SHIFT = 20  # px above a pair's row centre: clear of its ticks and of the row above
NARROWER_LEGEND = "Narrower scope: period, subgroup or episode (hollow tick, not in the bar)"
WHOLE_LEGEND = "Whole captivity or war (bar and solid tick)"


def _tint(colour: str, alpha: float) -> str:
    """Return the colour as an rgba() string at the given alpha."""
    r, g, b = pcolors.hex_to_rgb(colour)
    return f"rgba({r}, {g}, {b}, {alpha})"


def text_colour(value: float, zmax: float, scale: str = RATE_SCALE) -> str:
    """Return white or near-black text, whichever reads on the cell colour of `value`."""
    colour = pcolors.sample_colorscale(scale, [min(max(value / zmax, 0.0), 1.0)])[0]
    return readable_text(colour)  # black or white: at least 4.5:1 on every cell colour


def matrix_figure(
    cells: pd.DataFrame,
    *,
    source: str,
    title: str = "Percent of prisoners of war killed, by captor and captives",
    subtitle: str = "The summary table of the 'Allied war crimes' article, with the Axis captors. "
    "Colour: % (a range by its midpoint). '–' as printed; empty: no figure.",
) -> go.Figure:
    """Return the summary table as a heatmap: ranges and words as printed, empty cells uncoloured, never 0."""
    rows = list(dict.fromkeys(cells["row"]))
    cols = list(dict.fromkeys(cells["column"]))
    xs = [_wrap(c, 10) for c in cols]
    vmax = cells["value"].max()
    zmax = max(RATE_COLOUR_MAX, math.ceil((0 if pd.isna(vmax) else vmax) / 10) * 10)
    z = [[None] * len(cols) for _ in rows]
    hover = [[""] * len(cols) for _ in rows]
    for r in cells.itertuples():
        i, j = rows.index(r.row), cols.index(r.column)
        if r.kind == "figure":
            z[i][j] = r.value
        what = {
            "figure": f"{escape(r.label)}% killed"
            + (f" (colour: midpoint {fmt_rate(r.value, r.value)})" if r.low != r.high else ""),
            "word": f"printed as '{escape(r.label)}' (no rate)",
            "same_side": "printed '–': captor and captives on the same side",
            "blank": "no figure in the table",
        }[r.kind]
        hover[i][j] = f"<b>{escape(r.row)}</b> holding <b>{escape(r.column)}</b><br>{what}" + (
            f"<br>{_wrap(r.note, 60)}" if r.note else ""
        )
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=xs,
            y=rows,
            zmin=0,
            zmax=zmax,
            colorscale=RATE_SCALE,
            xgap=3,
            ygap=3,
            hoverongaps=True,
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            name="% killed",
            colorbar=dict(title=dict(text="% killed", side="right"), ticksuffix="%", thickness=14),
        )
    )
    for r in cells.itertuples():
        i, j = rows.index(r.row), cols.index(r.column)
        fig.add_shape(
            type="rect",
            x0=j - 0.5,
            x1=j + 0.5,
            y0=i - 0.5,
            y1=i + 0.5,
            layer="below",
            line=dict(color=EMPTY_LINE, width=1),
            fillcolor="#FFFFFF",
        )
        if not r.label:
            continue
        if r.kind == "figure":
            # as the article prints it, with the % of its heading ('Percent killed'): '57.50%', '14.70–35.80%'
            label = f"{r.label}%"
            long = len(label) > 6  # a range: smaller type, broken after the dash, so it fits the cell
            font = dict(color=text_colour(r.value, zmax), size=BASE_SIZE - 2 if long else BASE_SIZE + 1)
            text = (
                "<b>" + "<br>".join(escape(p) for p in label.replace(DASH, DASH + "\n").split("\n")) + "</b>"
            )
        elif r.kind == "word":
            font, text = dict(color=WORD_TEXT, size=BASE_SIZE - 4), f"<i>{_wrap(r.label, 12)}</i>"
        else:
            font, text = dict(color="#666666", size=BASE_SIZE + 2), escape(r.label)
        label_at(fig, j, i, text, font=font, name=f"cell:{r.captor}:{r.column}")
    fig.update_xaxes(
        side="top",
        title=dict(text="Captives (origin)"),
        showgrid=False,
        zeroline=False,
        tickangle=0,
        tickmode="array",
        tickvals=list(range(len(cols))),
        ticktext=xs,
        range=[-0.5, len(cols) - 0.5],
    )
    fig.update_yaxes(
        title=dict(text="Held by"),
        autorange="reversed",
        showgrid=False,
        zeroline=False,
        tickmode="array",
        tickvals=list(range(len(rows))),
        ticktext=[f"<b>{escape(r)}</b>" for r in rows],
    )
    fig.data[0].update(x=list(range(len(cols))), y=list(range(len(rows))))
    fig.update_layout(plot_bgcolor="#FFFFFF")
    return finish(fig, title=title, subtitle=subtitle, source=source, plot_height=ROW_PX * len(rows) + 60)


def estimate_label(r) -> str:
    """Return a two-line y-axis label: who gives the figure, then the source article and the scope (shortened)."""
    who = _cut(r["attribution"], LABEL_CHARS)
    return (
        f"<b>{escape(who)}</b><br><span style='font-size:{BASE_SIZE - 4}px;color:#555'>"
        f"{escape(r['source_short'])}: {escape(_cut(r['scope'], SCOPE_CHARS))}</span>"
    )


def _interval(lo, hi, qualifier=None) -> tuple[list, list]:
    """Return x positions and marker symbols for one interval: open ends get an arrow pointing outward."""
    lo, hi = _num(lo), _num(hi)
    if lo is not None and hi is not None:
        return ([lo, hi], ["circle", "circle"]) if lo != hi else ([lo], ["circle"])
    if lo is not None:
        return [lo], ["triangle-right"]
    return [hi], ["triangle-left"]


def _counts_text(r) -> str:
    cap = fmt_range(r["captured_low"], r["captured_high"], r["captured_qualifier"], r["value_text"])
    died = fmt_range(r["died_low"], r["died_high"], r["died_qualifier"], r["value_text"])
    return f"captured {cap}; died {died}"


def _rate_axes(fig: go.Figure, x_title: str, row_labels: list[str], *, top: float) -> None:
    """Style the two rate figures' axes alike: a % axis with a grid, one row per label from the top."""
    n = len(row_labels)
    fig.update_xaxes(title=dict(text=x_title), showgrid=True, gridcolor="#E5E5E5", zeroline=False)
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(n)),
        ticktext=row_labels,
        autorange="reversed",
        range=[n - 0.5, top],
        showgrid=False,
        zeroline=False,
    )


def estimates_figure(
    rows: pd.DataFrame, *, title: str, source: str, colour: str, n_without: int = 0
) -> go.Figure:
    """Return every estimate of one pair as intervals on a percent axis: stated rate and rate computed from counts."""
    fig = go.Figure()
    n = len(rows)
    # x, y, symbol, hover, text of each kind's markers; x, y of its range lines
    traces: dict[str, tuple[list, list, list, list, list]] = {
        k: ([], [], [], [], []) for k in ("stated", "computed")
    }
    lines: dict[str, tuple[list, list]] = {k: ([], []) for k in ("stated", "computed")}
    labels = []
    for i, r in rows.iterrows():
        labels.append(estimate_label(r))
        common = (
            f"<b>{escape(r['attribution'])}</b> ({escape(r['source_short'])}, {escape(r['section'])})"
            f"<br>{_wrap(r['scope'], 70)}<br>Scope type: {escape(scope_type_text(r))}"
            f"<br>As worded: {escape(_cut(r['value_text'], 80))}"
        )
        if (
            not _na(r["captured_low"])
            or not _na(r["captured_high"])
            or not _na(r["died_low"])
            or not _na(r["died_high"])
        ):
            common += f"<br>{escape(_counts_text(r))}"
        if not _na(r["note"]):
            common += f"<br><i>{_wrap(_cut(r['note'], 240), 70)}</i>"
        for kind, lo, hi, q, dy in (
            ("stated", r["rate_low"], r["rate_high"], r["rate_qualifier"], 0.0),
            ("computed", r["calc_low"], r["calc_high"], None, COMPUTED_OFFSET),
        ):
            if _na(lo) and _na(hi):
                continue
            y = i + (dy if not (_na(r["rate_low"]) and _na(r["rate_high"])) else 0.0)
            xs, syms = _interval(lo, hi, q)
            txt = rate_text(lo, hi, q) if kind == "stated" else f"{rate_text(lo, hi)} computed"
            head = "Rate as stated" if kind == "stated" else "Rate computed from counts (died ÷ captured)"
            x, yy, s, h, t = traces[kind]
            for k, (xv, sym) in enumerate(zip(xs, syms)):
                x.append(xv)
                yy.append(y)
                s.append(sym)
                h.append(f"{head}: <b>{escape(txt)}</b><br>{common}")
                t.append(escape(txt) if k == len(xs) - 1 else "")
            if len(xs) == 2:
                lines[kind][0].extend([xs[0], xs[1], None])
                lines[kind][1].extend([y, y, None])
    for kind, dash, width, fill in (("stated", "solid", 6, colour), ("computed", "dot", 3, "#FFFFFF")):
        lx, ly = lines[kind]
        if lx:
            fig.add_trace(
                go.Scatter(
                    x=lx,
                    y=ly,
                    mode="lines",
                    line=dict(color=colour, width=width, dash=dash),
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=kind,
                )
            )
        x, yy, s, h, t = traces[kind]
        if x:
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=yy,
                    mode="markers+text",
                    text=t,
                    textposition="middle right",
                    cliponaxis=False,
                    textfont=dict(size=BASE_SIZE - 2, color="#222222"),
                    marker=dict(
                        symbol=[
                            sy if kind == "stated" else ("diamond" if sy == "circle" else sy) for sy in s
                        ],
                        size=13 if kind == "stated" else 12,
                        color=fill,
                        line=dict(color=colour, width=2),
                    ),
                    name="Rate as stated"
                    if kind == "stated"
                    else "Rate computed from counts (died ÷ captured)",
                    legendgroup=kind,
                    hovertext=h,
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
    fig.update_xaxes(range=[0, 108], ticksuffix="%", tickvals=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    _rate_axes(fig, "Prisoners who died (%)", labels, top=-0.6)
    fig.update_layout(
        legend=TOP_LEGEND,
        hoverlabel=dict(align="left"),
    )
    sub = f"Every estimate of the death rate: {n} from every article; ▸ ◂ mark an open end ('over', 'up to')"
    if n_without:
        sub += f"; {n_without} more give counts without a denominator (see table)"
    return finish(fig, title=title, subtitle=sub, source=source, plot_height=PAIR_ROW_PX * max(n, 2))


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
                    marker=dict(color=_tint(colour, 0.35), line=dict(color=colour, width=1.5)),
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
    _rate_axes(
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
