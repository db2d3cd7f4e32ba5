"""Prisoner-of-war mortality tables, CSV and the notes on why estimates differ (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from components.format import DASH, fmt_range, fmt_rate
from components.pow_data import (
    WHOLE,
    _na,
    rate_text,
)
from components.tables import readable

# The POW tables at 1280 px: who, the rates and who gives them first, at widths that show them whole.
TABLE_ORDER = [
    "Pair",
    "Rate as stated",
    "Rate computed (died ÷ captured)",
    "According to",
    "Scope",
    "Years",
    "Captured",
    "Died",
    "Source",
    "Section",
    "As worded in the source",
    "In the summary table",
    "Note",
    "Scope type",
]
TABLE_COLUMNS: dict[str, Any] = {  # st.column_config entries by column name
    "Pair": {"width": 210},
    "Rate as stated": {"width": 110},
    "Rate computed (died ÷ captured)": {"width": 120},
    "According to": {"width": 220},
    "Scope": {"width": 260},
}


def matrix_table(cells: pd.DataFrame) -> pd.DataFrame:
    """Return the summary matrix as a table of its cells as the article words them ('57.5%', '14.7–35.8%')."""
    shown = cells.assign(
        label=[
            fmt_rate(lo, hi) if k == "figure" else lab
            for lo, hi, k, lab in zip(cells["low"], cells["high"], cells["kind"], cells["label"])
        ]
    )
    t = shown.pivot(index="row", columns="column", values="label")
    return t.loc[list(dict.fromkeys(cells["row"])), list(dict.fromkeys(cells["column"]))].rename_axis(
        index="Held by", columns="Captives (origin)"
    )


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
    return (
        pd.DataFrame(
            {
                "Pair": pwr["pair"].map(lambda p: labels.get(p, p)),
                "Scope": pwr["scope"],
                "Scope type": pwr["scope_type_label"] if "scope_type_label" in pwr.columns else WHOLE,
                "Years": years,
                "Captured": [
                    fmt_range(a, b, q, t) if not (_na(a) and _na(b)) else ""
                    for a, b, q, t in zip(
                        pwr["captured_low"],
                        pwr["captured_high"],
                        pwr["captured_qualifier"],
                        pwr["value_text"],
                    )
                ],
                "Died": [
                    fmt_range(a, b, q, t) if not (_na(a) and _na(b)) else ""
                    for a, b, q, t in zip(
                        pwr["died_low"], pwr["died_high"], pwr["died_qualifier"], pwr["value_text"]
                    )
                ],
                "Rate as stated": [
                    rate_text(a, b, q)
                    for a, b, q in zip(pwr["rate_low"], pwr["rate_high"], pwr["rate_qualifier"])
                ],
                "Rate computed (died ÷ captured)": [
                    rate_text(a, b) for a, b in zip(pwr["calc_low"], pwr["calc_high"])
                ],
                "As worded in the source": pwr["value_text"],
                "According to": pwr["attribution"],
                "Source": pwr["source_short"],
                "Section": pwr["section"],
                "In the summary table": pwr["summary_table_cell"].fillna(""),
                "Note": pwr["note"].fillna(""),
            }
        )
        .reset_index(drop=True)
        .pipe(readable)
    )


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
            f"{labels.get(r['pair'], r['pair'])}, {r['attribution']} ({r['source_short']}): "
            f"{'; '.join(figs) or r['value_text']}. Scope: {r['scope']}."
        )
    return out
