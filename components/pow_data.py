"""Prisoner-of-war mortality data: pairs, stated and computed rates, the article's summary matrix,
every estimate per pair, pair ranges and counts (pure functions, DataFrame in and out).

A "pair" is a captor and a captive group, written "captor:captives" (e.g. "soviet_union:germans").
The figures are in components.pow_figures and components.pow_pairs, the tables, CSV and notes in components.pow_tables.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from components.format import DASH, fmt_range, fmt_rate

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

# pow_mortality.scope_type: what population a figure covers (its meaning: the categories in
# datapackage.json). Pair ranges use only 'whole' rows.
WHOLE = "whole"


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


def _cut(text, n: int) -> str:
    text = "" if _na(text) else str(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _na(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _num(v) -> float | None:
    return None if _na(v) else float(v)


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


def scope_type_text(row) -> str:
    """Return a row's scope type explained in a few words ('episode: one incident', from the package)."""
    value = row.get("scope_type_text")
    return "not recorded" if _na(value) or str(value).strip() == "" else str(value)


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


def pair_estimates(pwr: pd.DataFrame, pid: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (rows with a stated or computed rate, sorted by rate; rows with no rate) for one pair."""
    rows = pwr[pwr["pair"] == pid].copy()
    rows["mid"] = [_mid(a, b) for a, b in zip(rows["span_low"], rows["span_high"])]
    with_rate = rows[rows["has_rate"]].sort_values(["mid", "pow_id"], ascending=[False, True])
    return with_rate.reset_index(drop=True), rows[~rows["has_rate"]].reset_index(drop=True)


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
