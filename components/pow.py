"""Prisoner-of-war mortality: the article's summary matrix, every estimate per pair, pair ranges and counts.

Pure functions: DataFrame in, DataFrame or plotly Figure out. The page views/pow.py draws them.
A "pair" is a captor and a captive group, written "captor:captives" (e.g. "soviet_union:germans").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go

from components.format import DASH, fmt_range, fmt_rate
from components.theme import BASE_SIZE, RATE_SCALE, escape, finish, party_colour
from components.theme import wrap as _wrap

# The 'Percent killed' summary table of 'Allied war crimes during World War II' (section 'Comparative
# death rates of POWs'): its rows (captors) in printed order with their printed headings. Columns come
# from captive_groups.summary_table_column, in this printed order.
SUMMARY_ROWS = {
    "soviet_union": "Soviet Union",
    "united_kingdom": "United Kingdom",
    "united_states": "United States",
    "france": "France",
    "east_european": "East European",
    "germany": "Germany",
    "japan": "Japan",
}
SUMMARY_COLUMNS = (
    "Soviet Union",
    "United States and United Kingdom",
    "China",
    "Western Allies",
    "Germany",
    "Japan",
)
# The table prints '–' where captor and captives fought on the same side, and leaves a cell blank where
# they were enemies but it has no figure. The data holds no side for captive groups (wanted: a `side`
# column in captive_groups.csv), so the side of each printed column is written here once.
COLUMN_SIDE = {
    "Soviet Union": "allied",
    "United States and United Kingdom": "allied",
    "China": "allied",
    "Western Allies": "allied",
    "Germany": "axis",
    "Japan": "axis",
}
SAME_SIDE_MARK = DASH
SUMMARY_SECTION = "Comparative death rates of POWs > Summary table"

DEFAULT_PAIR = "soviet_union:germans"
DEFAULT_PAIRS = (
    "soviet_union:germans",
    "united_states:germans",
    "united_kingdom:germans",
    "france:germans",
    "germany:soviets",
    "japan:western_allies",
)
MAX_PAIRS = 12  # pairs read from a URL; more would not fit on one chart anyway

SOURCE_SHORT = {  # short names for chart labels; the source line names the full titles
    "allied_wwii": "Allied war crimes",
    "soviet_pow": "Soviet atrocities against POWs",
    "soviet_wc_wp": "Soviet war crimes (WP)",
    "soviet_wc_mw": "Soviet war crimes (MW)",
}

RATE_COLOUR_MAX = 60.0  # % at the dark end of the matrix colour scale (raised if a cell exceeds it)
LIGHT_TEXT, DARK_TEXT = "#FFFFFF", "#1A1A1A"
WORD_TEXT, EMPTY_LINE = "#333333", "#B0B0B0"
LUMINANCE_SWITCH = 0.45  # cell colours darker than this get white text
ROW_PX, PAIR_ROW_PX, COUNT_ROW_PX = 62, 54, 64  # figure height per row
LABEL_CHARS, SCOPE_CHARS = 34, 34  # label lengths on the y axes (full text in hover and tables)
COMPUTED_OFFSET = 0.22  # the computed rate sits just below the stated one on the same row
CAPTURED_COLOUR, DIED_COLOUR = "#C4C4C4", "#3B3B3B"  # greys: counts are not a party, and print well
LEGEND_GREY = (
    "#555555"  # legend keys of the pair-against-pair chart: the symbol matters, not the captor colour
)

# pow_mortality.scope_type: what population a figure covers. Pair ranges use only 'whole' rows.
WHOLE = "whole"
SCOPE_TYPES = ("whole", "period", "subgroup", "episode")
SCOPE_TYPE_TEXT = {
    "whole": "whole: all these prisoners, over the war or the whole captivity",
    "period": "period: all these prisoners, but only part of the time",
    "subgroup": "subgroup: only some of these prisoners",
    "episode": "episode: one incident",
}
ROW_LABEL_SHIFT = 20  # px above a pair's row centre: clear of its ticks and of the row above
NARROWER_LEGEND = "Narrower scope: period, subgroup or episode (hollow tick, not in the bar)"
WHOLE_LEGEND = "Whole captivity or war (bar and solid tick)"


# ---------------------------------------------------------------- pairs and labels


def pair_id(captor: str, captives: str) -> str:
    """Return the id of a pair: 'captor:captives'."""
    return f"{captor}:{captives}"


def pair_label(pid: str, parties: Mapping[str, str], groups: Mapping[str, str]) -> str:
    """Return 'Germans held by Soviet Union' for 'soviet_union:germans'."""
    captor, _, captives = pid.partition(":")
    return f"{groups.get(captives, captives)} held by {parties.get(captor, captor)}"


def pair_options(pw: pd.DataFrame, parties: Mapping[str, str], groups: Mapping[str, str]) -> dict[str, str]:
    """Return {pair id: label} for every pair in the data: summary-table captors first, then by label."""
    order = {p: i for i, p in enumerate(SUMMARY_ROWS)}
    pairs = pw[["captor", "captives"]].drop_duplicates()
    pairs = pairs.assign(
        o=pairs["captor"].map(order).fillna(len(order)),
        lab=[pair_label(pair_id(a, b), parties, groups) for a, b in zip(pairs["captor"], pairs["captives"])],
    )
    pairs = pairs.sort_values(["o", "captor", "lab"])
    return {pair_id(a, b): lab for a, b, lab in zip(pairs["captor"], pairs["captives"], pairs["lab"])}


def parse_pair(raw, valid: Iterable[str], default: str) -> tuple[str, str | None]:
    """Return the pair a URL value asks for (or the default) and a notice when it was ignored."""
    valid = list(valid)
    fallback = default if default in valid else (valid[0] if valid else "")
    if raw is None or str(raw).strip() == "":
        return fallback, None
    text = str(raw[0] if isinstance(raw, (list, tuple)) and raw else raw).strip()
    if text in valid:
        return text, None
    return fallback, f"Ignored 'pair={_short(text)}': not a captor:captives pair in the data."


def parse_pairs(raw, valid: Iterable[str], default: Sequence[str]) -> tuple[list[str], str | None]:
    """Return the pairs a URL value 'a:b,c:d' asks for (or the defaults) and a notice about ignored ones."""
    valid = list(valid)
    defaults = [p for p in default if p in valid] or valid[:1]
    if raw is None or str(raw).strip() == "":
        return defaults, None
    text = str(raw[0] if isinstance(raw, (list, tuple)) and raw else raw)
    asked = list(dict.fromkeys(v.strip() for v in text.split(",") if v.strip()))[:MAX_PAIRS]
    kept = [p for p in asked if p in valid]
    bad = [p for p in asked if p not in valid]
    notice = f"Ignored unknown pair(s) in 'pairs': {', '.join(_short(b) for b in bad[:3])}." if bad else None
    return (kept or defaults), notice


def pairs_to_query(pairs: Sequence[str]) -> str:
    """Return the URL value of a list of pairs."""
    return ",".join(pairs)


def _short(text: str, n: int = 30) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return text if len(text) <= n else text[: n - 1] + "…"


def _cut(text, n: int) -> str:
    text = "" if _na(text) else str(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _na(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _num(v) -> float | None:
    return None if _na(v) else float(v)


def source_short(source_id: str) -> str:
    """Return a short name of a source article for chart labels."""
    return SOURCE_SHORT.get(source_id, source_id)


# ---------------------------------------------------------------- rates


def computed_rate(died_low, died_high, captured_low, captured_high) -> tuple[float | None, float | None]:
    """Return the rate died/captured in percent as (low, high); a range when either count is a range.

    The low end divides the fewest deaths by the most prisoners, the high end the most deaths by the
    fewest prisoners; an open bound (e.g. 'over 2,000' captured) leaves that end open (None).
    """
    dl, dh, cl, ch = _num(died_low), _num(died_high), _num(captured_low), _num(captured_high)
    if (dl is None and dh is None) or (cl is None and ch is None):
        return None, None
    low = 100 * dl / ch if dl is not None and ch else None
    high = 100 * dh / cl if dh is not None and cl else None
    return (None if low is None else min(low, 100.0)), (None if high is None else min(high, 100.0))


def with_rates(pw: pd.DataFrame) -> pd.DataFrame:
    """Return the POW rows with pair id, the computed rate (calc_low/high) and the span of all rates (span_low/high)."""
    out = pw.copy()
    out["pair"] = [pair_id(a, b) for a, b in zip(out["captor"], out["captives"])]
    calc = [
        computed_rate(*r)
        for r in zip(out["died_low"], out["died_high"], out["captured_low"], out["captured_high"])
    ]
    out["calc_low"] = pd.array([c[0] for c in calc], dtype="Float64")
    out["calc_high"] = pd.array([c[1] for c in calc], dtype="Float64")
    ends = out[["rate_low", "rate_high", "calc_low", "calc_high"]].astype("Float64")
    out["span_low"] = ends.min(axis=1, skipna=True)
    out["span_high"] = ends.max(axis=1, skipna=True)
    out["has_rate"] = out["span_low"].notna()
    if "scope_type" not in out.columns:  # data from before the column existed: every row counted as before
        out["scope_type"] = WHOLE
    return out


def scope_type_text(value) -> str:
    """Return a scope type explained in a few words ('episode: one incident'); unknown values as given."""
    if _na(value) or str(value).strip() == "":
        return "not recorded"
    return SCOPE_TYPE_TEXT.get(str(value), str(value))


def is_whole(pwr: pd.DataFrame) -> pd.Series:
    """Return True for rows that cover the whole captive group over the whole war or captivity."""
    if "scope_type" not in pwr.columns:
        return pd.Series(True, index=pwr.index)
    return pwr["scope_type"].fillna("").astype(str).eq(WHOLE)


def rate_text(low, high, qualifier=None) -> str:
    """Return a stated or computed rate as text ('14.7–35.8%', 'over 30%', 'up to 30%'), '' when none."""
    lo, hi = _num(low), _num(high)
    if lo is None and hi is None:
        return ""
    if lo is not None and hi is None and _na(qualifier):
        return f"at least {fmt_rate(lo, lo)}"
    if hi is not None and lo is None and _na(qualifier):
        return f"up to {fmt_rate(hi, hi)}"
    return fmt_rate(lo, hi, None if _na(qualifier) else qualifier)


def _mid(low, high) -> float | None:
    lo, hi = _num(low), _num(high)
    if lo is None and hi is None:
        return None
    return (lo + hi) / 2 if lo is not None and hi is not None else (lo if lo is not None else hi)


# ---------------------------------------------------------------- the summary matrix


def _printed(text: str) -> str:
    """Return a cell as the dashboard labels it: numeric ranges with a tight en dash ('14.70–35.80')."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    if re.fullmatch(r"[\d.]+\s*[–-]\s*[\d.]+", text):
        return re.sub(r"\s*[–-]\s*", DASH, text)
    return text


def summary_matrix(pw: pd.DataFrame, groups: pd.DataFrame, parties: pd.DataFrame) -> pd.DataFrame:
    """Return one row per cell of the summary table: printed text, label, kind, colour value and notes.

    kind is 'figure' (a rate: value is the midpoint of low and high), 'word' (text, no rate),
    'same_side' (the article prints '–') or 'blank' (the article prints nothing). value is NaN for
    every kind but 'figure': an empty cell is never zero.
    """
    side_of = dict(zip(parties["party_id"], parties["side"]))
    label_of = dict(zip(parties["party_id"], parties["label"]))
    cols = groups.dropna(subset=["summary_table_column"])
    col_of = dict(zip(cols["captive_group_id"], cols["summary_table_column"]))
    headings = [c for c in SUMMARY_COLUMNS if c in set(col_of.values())]
    headings += sorted(set(col_of.values()) - set(headings))
    cells = pw[pw["summary_table"].fillna(False).astype(bool)]
    rows = [p for p in SUMMARY_ROWS] + sorted(set(cells["captor"]) - set(SUMMARY_ROWS))
    out = []
    for captor in rows:
        for heading in headings:
            gids = [g for g, h in col_of.items() if h == heading]
            hit = cells[(cells["captor"] == captor) & cells["captives"].isin(gids)]
            row_label = SUMMARY_ROWS.get(captor, label_of.get(captor, captor))
            base = {
                "captor": captor,
                "row": row_label,
                "column": heading,
                "captives": gids[0] if gids else "",
            }
            if not hit.empty:
                r = hit.iloc[0]
                printed = "" if _na(r["summary_table_cell"]) else str(r["summary_table_cell"])
                low, high = _num(r["rate_low"]), _num(r["rate_high"])
                kind = "figure" if low is not None or high is not None else "word"
                out.append(
                    {
                        **base,
                        "cell_text": printed,
                        "label": _printed(printed) if printed else str(r["value_text"]),
                        "kind": kind,
                        "low": low,
                        "high": high,
                        "value": _mid(low, high) if kind == "figure" else None,
                        "pow_id": r["pow_id"],
                        "note": "" if _na(r["note"]) else str(r["note"]),
                        "source_id": r["source_id"],
                    }
                )
                continue
            same = COLUMN_SIDE.get(heading) is not None and COLUMN_SIDE.get(heading) == side_of.get(captor)
            out.append(
                {
                    **base,
                    "cell_text": SAME_SIDE_MARK if same else "",
                    "label": SAME_SIDE_MARK if same else "",
                    "kind": "same_side" if same else "blank",
                    "low": None,
                    "high": None,
                    "value": None,
                    "pow_id": "",
                    "note": "",
                    "source_id": "",
                }
            )
    df = pd.DataFrame(
        out,
        columns=[
            "captor",
            "row",
            "column",
            "captives",
            "cell_text",
            "label",
            "kind",
            "low",
            "high",
            "value",
            "pow_id",
            "note",
            "source_id",
        ],
    )
    for c in ("low", "high", "value"):
        df[c] = pd.to_numeric(df[c]).astype("float64")
    return df


def matrix_table(cells: pd.DataFrame) -> pd.DataFrame:
    """Return the summary matrix as a table of printed labels (rows: captors, columns: captives)."""
    t = cells.pivot(index="row", columns="column", values="label")
    return t.loc[list(dict.fromkeys(cells["row"])), list(dict.fromkeys(cells["column"]))].rename_axis(
        index="Held by", columns="Captives (origin)"
    )


def _luminance(colour: str) -> float:
    r, g, b = pcolors.unlabel_rgb(pcolors.convert_colors_to_same_type(colour, "rgb")[0][0])

    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def text_colour(value: float, zmax: float, scale: str = RATE_SCALE) -> str:
    """Return white or near-black text, whichever reads on the cell colour of `value`."""
    colour = pcolors.sample_colorscale(scale, [min(max(value / zmax, 0.0), 1.0)])[0]
    return LIGHT_TEXT if _luminance(colour) < LUMINANCE_SWITCH else DARK_TEXT


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
            "figure": f"{escape(r.label)} % killed"
            + (f" (colour: midpoint {r.value:.2f})" if r.low != r.high else ""),
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
            colorbar=dict(
                title=dict(text="% killed", side="top"), ticksuffix="%", thickness=14, len=0.8, y=0.45
            ),
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
            long = len(r.label) > 6  # a range: smaller type so it fits the cell
            font = dict(color=text_colour(r.value, zmax), size=BASE_SIZE - 2 if long else BASE_SIZE + 1)
            text = (
                "<b>"
                + "<br>".join(escape(p) for p in r.label.replace(DASH, DASH + "\n").split("\n"))
                + "</b>"
            )
        elif r.kind == "word":
            font, text = dict(color=WORD_TEXT, size=BASE_SIZE - 4), f"<i>{_wrap(r.label, 12)}</i>"
        else:
            font, text = dict(color="#777777", size=BASE_SIZE + 2), escape(r.label)
        fig.add_annotation(
            x=j,
            y=i,
            xref="x",
            yref="y",
            text=text,
            showarrow=False,
            font=font,
            name=f"cell:{r.captor}:{r.column}",
        )
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
    fig.update_layout(plot_bgcolor="#FFFFFF", margin=dict(t=175, l=150, r=40, b=95))
    return finish(fig, title=title, subtitle=subtitle, source=source, height=260 + ROW_PX * len(rows))


# ---------------------------------------------------------------- every estimate for a pair


def estimate_label(r) -> str:
    """Return a two-line y-axis label: who gives the figure, then the source article and the scope (shortened)."""
    who = _cut(r["attribution"], LABEL_CHARS)
    return (
        f"<b>{escape(who)}</b><br><span style='font-size:{BASE_SIZE - 4}px;color:#555'>"
        f"{escape(source_short(r['source_id']))}: {escape(_cut(r['scope'], SCOPE_CHARS))}</span>"
    )


def pair_estimates(pwr: pd.DataFrame, pid: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (rows with a stated or computed rate, sorted by rate; rows with no rate) for one pair."""
    rows = pwr[pwr["pair"] == pid].copy()
    rows["mid"] = [_mid(a, b) for a, b in zip(rows["span_low"], rows["span_high"])]
    with_rate = rows[rows["has_rate"]].sort_values(["mid", "pow_id"], ascending=[False, True])
    return with_rate.reset_index(drop=True), rows[~rows["has_rate"]].reset_index(drop=True)


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


def estimates_figure(
    rows: pd.DataFrame, *, title: str, source: str, colour: str, n_without: int = 0
) -> go.Figure:
    """Return every estimate of one pair as intervals on a percent axis: stated rate and rate computed from counts."""
    fig = go.Figure()
    n = len(rows)
    traces = {"stated": ([], [], [], [], []), "computed": ([], [], [], [], [])}  # x, y, symbol, hover, text
    lines = {"stated": ([], []), "computed": ([], [])}
    labels = []
    for i, r in rows.iterrows():
        labels.append(estimate_label(r))
        common = (
            f"<b>{escape(r['attribution'])}</b> ({escape(source_short(r['source_id']))}, {escape(r['section'])})"
            f"<br>{_wrap(r['scope'], 70)}<br>Scope type: {escape(scope_type_text(r.get('scope_type')))}"
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
                x.append(xv), yy.append(y), s.append(sym)
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
    fig.update_xaxes(
        title=dict(text="Prisoners who died (%)"),
        range=[0, 108],
        ticksuffix="%",
        tickvals=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
        showgrid=True,
        gridcolor="#E5E5E5",
        zeroline=False,
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(n)),
        ticktext=labels,
        autorange="reversed",
        range=[n - 0.5, -0.6],
        showgrid=False,
        zeroline=False,
    )
    fig.update_layout(
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", xanchor="left"),
        margin=dict(t=150, l=60, r=30, b=110),
        hoverlabel=dict(align="left"),
    )
    sub = f"{n} estimate{'s' if n != 1 else ''} from every article; ▸ ◂ mark an open end ('over', 'up to')"
    if n_without:
        sub += f"; {n_without} more give counts without a denominator (see table)"
    return finish(fig, title=title, subtitle=sub, source=source, height=250 + PAIR_ROW_PX * max(n, 2))


# ---------------------------------------------------------------- pair against pair


def pair_ranges(pwr: pd.DataFrame, pairs: Sequence[str], labels: Mapping[str, str]) -> pd.DataFrame:
    """Return one row per chosen pair: min and max over the stated and computed rates of its 'whole' rows.

    Rows of narrower scope (a period, a subgroup, one episode) do not widen the range: a rate for one
    beach or one camp is not a rate for all prisoners. They are counted in `narrower`; `estimates`
    counts every row with a rate (whole and narrower), `whole` the rows the range spans. `range` says
    so in words when a pair has only narrower rows.
    """
    out = []
    for pid in pairs:
        rows = pwr[(pwr["pair"] == pid) & pwr["has_rate"]]
        whole = rows[is_whole(rows)]
        n_narrow = int(len(rows) - len(whole))
        lo = whole["span_low"].min() if not whole.empty else None
        hi = whole["span_high"].max() if not whole.empty else None
        if not whole.empty:
            text = rate_text(lo, hi, "range")
        elif n_narrow:
            text = (
                f"no whole-scope rate; only {n_narrow} narrower estimate{'s' if n_narrow != 1 else ''} "
                "(period, subgroup or episode)"
            )
        else:
            text = "no rate"
        out.append(
            {
                "pair": pid,
                "label": labels.get(pid, pid),
                "captor": pid.partition(":")[0],
                "min_rate": _num(lo),
                "max_rate": _num(hi),
                "estimates": len(rows),
                "whole": len(whole),
                "narrower": n_narrow,
                "range": text,
            }
        )
    df = pd.DataFrame(
        out,
        columns=[
            "pair",
            "label",
            "captor",
            "min_rate",
            "max_rate",
            "estimates",
            "whole",
            "narrower",
            "range",
        ],
    )
    for c in ("min_rate", "max_rate"):
        df[c] = pd.to_numeric(df[c]).astype("float64")
    return df


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
                f"({escape(source_short(e['source_id']))})<br>{escape(_cut(e['scope'], 80))}"
                f"<br>Scope type: {escape(scope_type_text(st))} ({where})"
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
            fig.add_annotation(
                x=0,
                xref="paper",
                y=i,
                yref="y",
                text="no rate in the data",
                showarrow=False,
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
                    marker=dict(color=colour, opacity=0.35, line=dict(color=colour, width=1.5)),
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
        fig.add_annotation(
            x=at,
            y=i,
            xref="x",
            yref="y",
            text=text,
            showarrow=False,
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
    fig.update_xaxes(
        title=dict(text="Prisoners who died (%)" + (", logarithmic axis" if log else "")),
        showgrid=True,
        gridcolor="#E5E5E5",
        zeroline=False,
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(n)),
        ticktext=[escape(x) for x in ranges["label"]],
        autorange="reversed",
        range=[n - 0.5, -0.5],
        showgrid=False,
        zeroline=False,
    )
    fig.update_layout(
        margin=dict(t=120, l=60, r=40, b=110),
        bargap=0.4,
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", xanchor="left"),
    )
    return finish(
        fig,
        title=title,
        subtitle="Bar: lowest to highest rate among estimates for all these prisoners over "
        "the whole war or captivity (stated or computed from counts). Solid tick: one such estimate; hollow "
        "tick: an estimate for a period, a subgroup or one episode, not in the bar. Colour: captor.",
        source=source,
        height=240 + PAIR_ROW_PX * max(n, 2),
    )


# ---------------------------------------------------------------- counts


def counts_rows(pwr: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Return the rows that give both a number captured and a number who died, labelled and sorted by pair."""
    has = lambda p: pwr[f"{p}_low"].notna() | pwr[f"{p}_high"].notna()  # noqa: E731
    rows = pwr[has("captured") & has("died")].copy()
    rows["pair_label"] = rows["pair"].map(lambda p: labels.get(p, p))
    rows["captured_text"] = [
        fmt_range(a, b, q, t)
        for a, b, q, t in zip(
            rows["captured_low"], rows["captured_high"], rows["captured_qualifier"], rows["value_text"]
        )
    ]
    rows["died_text"] = [
        fmt_range(a, b, q, t)
        for a, b, q, t in zip(rows["died_low"], rows["died_high"], rows["died_qualifier"], rows["value_text"])
    ]
    rows["computed_rate"] = [rate_text(a, b) for a, b in zip(rows["calc_low"], rows["calc_high"])]
    return rows.sort_values(["pair_label", "captured_low", "pow_id"]).reset_index(drop=True)


def _bar(low, high) -> tuple[float, float]:
    """Return (bar length, extra to the upper bound) so a range shows as a bar plus a whisker."""
    lo, hi = _num(low), _num(high)
    base = lo if lo is not None else hi
    return base, (hi - base if hi is not None and lo is not None and hi > lo else 0.0)


def counts_figure(
    rows: pd.DataFrame,
    *,
    source: str,
    mode: str = "grouped",
    log: bool = False,
    title: str = "Prisoners captured and prisoners who died, where a source gives both",
) -> go.Figure:
    """Return captured and died as horizontal bars per estimate (grouped or overlaid; linear or log axis)."""
    fig = go.Figure()
    ys = list(range(len(rows)))
    ticks = [
        f"<b>{escape(_cut(p, 40))}</b> · {escape(_cut(a, 34))}<br><span style='font-size:{BASE_SIZE - 3}px;color:#555'>"
        f"{escape(_cut(s, SCOPE_CHARS))} ({escape(source_short(src))})</span>"
        for p, a, s, src in zip(rows["pair_label"], rows["attribution"], rows["scope"], rows["source_id"])
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
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
        margin=dict(t=140, l=60, r=90, b=110),
    )
    fig.update_xaxes(
        title=dict(text="People" + (" (logarithmic axis)" if log else "")),
        type="log" if log else "linear",
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
        height=240 + COUNT_ROW_PX * max(len(rows), 2),
    )


# ---------------------------------------------------------------- tables and notes


def years_text(start, end) -> str:
    """Return '1941–1945', '1945', '1941–' (start only) or '' for the years a figure covers."""
    a, b = (None if _na(start) else int(start)), (None if _na(end) else int(end))
    if a is None and b is None:
        return ""
    if a is not None and b is not None:
        return str(a) if a == b else f"{a}{DASH}{b}"
    return f"{a}{DASH}" if a is not None else f"{DASH}{b}"


def display_table(pwr: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Return every POW row readable: pair, scope, counts and rates as ranges, wording, who, where."""
    years = [years_text(a, b) for a, b in zip(pwr["year_start"], pwr["year_end"])]
    return pd.DataFrame(
        {
            "pair": pwr["pair"].map(lambda p: labels.get(p, p)),
            "scope": pwr["scope"],
            "scope_type": pwr["scope_type"] if "scope_type" in pwr.columns else WHOLE,
            "years": years,
            "captured": [
                fmt_range(a, b, q, t) if not (_na(a) and _na(b)) else ""
                for a, b, q, t in zip(
                    pwr["captured_low"], pwr["captured_high"], pwr["captured_qualifier"], pwr["value_text"]
                )
            ],
            "died": [
                fmt_range(a, b, q, t) if not (_na(a) and _na(b)) else ""
                for a, b, q, t in zip(
                    pwr["died_low"], pwr["died_high"], pwr["died_qualifier"], pwr["value_text"]
                )
            ],
            "rate_stated": [
                rate_text(a, b, q)
                for a, b, q in zip(pwr["rate_low"], pwr["rate_high"], pwr["rate_qualifier"])
            ],
            "rate_computed": [rate_text(a, b) for a, b in zip(pwr["calc_low"], pwr["calc_high"])],
            "value_text": pwr["value_text"],
            "attribution": pwr["attribution"],
            "source": pwr["source_id"].map(source_short),
            "section": pwr["section"],
            "summary_table_cell": pwr["summary_table_cell"].fillna(""),
            "note": pwr["note"].fillna(""),
            "pow_id": pwr["pow_id"],
        }
    ).reset_index(drop=True)


def pow_csv(pwr: pd.DataFrame) -> bytes:
    """Return every POW row as CSV, with the computed rate (died ÷ captured) added."""
    out = pwr.drop(columns=["span_low", "span_high", "has_rate", "mid"], errors="ignore").rename(
        columns={"calc_low": "computed_rate_low", "calc_high": "computed_rate_high"}
    )
    return out.to_csv(index=False).encode("utf-8")


# Why estimates differ: (heading, explanation in the project's words, pow_ids of examples in the data).
WHY_NOTES = (
    (
        "Who is in the denominator",
        "A rate divides deaths by a number of prisoners, and sources count prisoners differently: those captured, "
        "those registered in camps, or those who reached the camps at all. The same deaths over a larger count "
        "give a lower rate.",
        ("soviet-sources-germans-wp", "nkvd-germans-mw", "soviet-sources-germans-001", "hebert-germans-001"),
    ),
    (
        "Missing counted as dead, or not",
        "Soldiers listed as missing may have died in captivity without a record. Estimates that count them as "
        "prisoner deaths run far higher than counts of registered deaths.",
        ("overmans-germans-wp", "german-estimates-one-million-001", "soviet-sources-germans-wp"),
    ),
    (
        "Which period is covered",
        "Some figures cover the whole captivity, others only 1939–41, one winter, or the time after Germany's or "
        "Japan's surrender, when many captives were no longer classed as prisoners of war.",
        (
            "polish-enlisted-35-40-001",
            "winter-1941-42-wp",
            "after-surrender-germans-allies",
            "japanese-low-001",
            "japanese-high-001",
        ),
    ),
    (
        "One camp, or officers only, versus everyone",
        "A rate for one camp or for officers singled out for execution is not a rate for all prisoners of that "
        "nationality.",
        ("yukhonovo-camp-001", "polish-officers-97-001", "polish-enlisted-35-40-001"),
    ),
    (
        "Archives and records",
        "Counts attributed to Soviet sources and the NKVD rest on Soviet registration records, which outside "
        "historians could test only after Soviet archives began to open around 1991 (general historiography, not "
        "dated in the articles). One article notes, after Mark Edele, that the Russian Ministry of Defence's "
        "central archive was still closed to this research in the mid-2010s.",
        ("soviet-sources-germans-mw", "nkvd-germans-mw", "edele-germans-001"),
    ),
    (
        "What counts as a death caused by the captor",
        "Some totals include prisoners killed by their own side, for example when unmarked transport ships were "
        "sunk, or deaths that are presumed rather than recorded.",
        ("list-japan-western-allies", "japan-western-allies-friendly-fire", "omaha-beach-germans"),
    ),
)


def why_examples(pwr: pd.DataFrame, ids: Sequence[str], labels: Mapping[str, str]) -> list[str]:
    """Return one plain-text line per example row present in the data: pair, who, figures, scope, source."""
    out = []
    by_id = pwr.set_index("pow_id")
    for pid in ids:
        if pid not in by_id.index:
            continue
        r = by_id.loc[pid]
        figs = []
        if not (_na(r["captured_low"]) and _na(r["captured_high"])):
            figs.append(
                "captured "
                + fmt_range(r["captured_low"], r["captured_high"], r["captured_qualifier"], r["value_text"])
            )
        if not (_na(r["died_low"]) and _na(r["died_high"])):
            figs.append(
                "died " + fmt_range(r["died_low"], r["died_high"], r["died_qualifier"], r["value_text"])
            )
        stated = rate_text(r["rate_low"], r["rate_high"], r["rate_qualifier"])
        if stated:
            figs.append(f"rate {stated}")
        calc = rate_text(r["calc_low"], r["calc_high"])
        if calc:
            figs.append(f"computed {calc}")
        out.append(
            f"{labels.get(r['pair'], r['pair'])}, {r['attribution']} ({source_short(r['source_id'])}): "
            f"{'; '.join(figs) or r['value_text']}. Scope: {r['scope']}."
        )
    return out
