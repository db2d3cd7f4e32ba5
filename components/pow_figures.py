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
    _cut,
    _na,
    _num,
    rate_text,
    scope_type_text,
)
from components.theme import (
    BASE_SIZE,
    RATE_SCALE,
    TOP_LEGEND,
    add_labels,
    add_shapes,
    escape,
    finish,
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


def tint(colour: str, alpha: float) -> str:
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
    shapes, labels = [], []
    for r in cells.itertuples():
        i, j = rows.index(r.row), cols.index(r.column)
        shapes.append(
            dict(
                type="rect",
                x0=j - 0.5,
                x1=j + 0.5,
                y0=i - 0.5,
                y1=i + 0.5,
                layer="below",
                line=dict(color=EMPTY_LINE, width=1),
                fillcolor="#FFFFFF",
            )
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
        labels.append(
            dict(x=j, y=i, xref="x", yref="y", text=text, font=font, name=f"cell:{r.captor}:{r.column}")
        )
    add_shapes(fig, shapes)
    add_labels(fig, labels)
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


def rate_axes(fig: go.Figure, x_title: str, row_labels: list[str], *, top: float) -> None:
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
    rate_axes(fig, "Prisoners who died (%)", labels, top=-0.6)
    fig.update_layout(
        legend=TOP_LEGEND,
        hoverlabel=dict(align="left"),
    )
    sub = f"Every estimate of the death rate: {n} from every article; ▸ ◂ mark an open end ('over', 'up to')"
    if n_without:
        sub += f"; {n_without} more give counts without a denominator (see table)"
    return finish(fig, title=title, subtitle=sub, source=source, plot_height=PAIR_ROW_PX * max(n, 2))
