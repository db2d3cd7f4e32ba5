"""Curation rules beyond the Table Schema: each check returns a list of Problems.

The data tests and scripts/check_curation.py both call these, so curators and CI
apply exactly the same rules. Row numbers are spreadsheet-style (header = row 1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# How qualifiers map to low/high (see data/README.md).
BOTH_EQUAL = {"exact", "about", "nearly"}
LOW_ONLY = {"at_least", "over"}
HIGH_ONLY = {"up_to", "under"}
RATE_TOLERANCE = 0.5  # percentage points between a stated rate and died/captured
COPY_WORDS = 10  # a summary may not share this many consecutive words with a source
VALUE_TEXT_SEPARATOR = " … "


@dataclass(frozen=True)
class Problem:
    """One rule violation, located by table, row and field."""

    table: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.table}.csv row {self.row}, field '{self.field}': {self.message}"


def _row(i: int) -> int:
    """Return the spreadsheet row number of DataFrame position i (header is row 1)."""
    return i + 2


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA or (isinstance(v, str) and not v.strip())


def check_qualified_range(table: str, df: pd.DataFrame, low: str, high: str, qual: str) -> list[Problem]:
    """Check that low <= high and that the qualifier says which bounds are present."""
    out = []
    for i, r in enumerate(df.to_dict("records")):
        lo, hi, q = r.get(low), r.get(high), r.get(qual)
        if _missing(lo) and _missing(hi):
            if not _missing(q):
                out.append(Problem(table, _row(i), qual, f"qualifier '{q}' given but {low} and {high} are empty"))
            continue
        if _missing(q):
            out.append(Problem(table, _row(i), qual, "a figure is given but its qualifier is empty"))
            continue
        if not _missing(lo) and not _missing(hi) and float(lo) > float(hi):
            out.append(Problem(table, _row(i), low, f"low {lo} is greater than high {hi}"))
        if q in BOTH_EQUAL and (_missing(lo) or _missing(hi) or float(lo) != float(hi)):
            out.append(Problem(table, _row(i), qual, f"qualifier '{q}' needs low == high, got {lo}/{hi}"))
        elif q in LOW_ONLY and (_missing(lo) or not _missing(hi)):
            out.append(Problem(table, _row(i), qual, f"qualifier '{q}' needs a low and no high, got {lo}/{hi}"))
        elif q in HIGH_ONLY and (not _missing(lo) or _missing(hi)):
            out.append(Problem(table, _row(i), qual, f"qualifier '{q}' needs a high and no low, got {lo}/{hi}"))
        elif q == "range" and (_missing(lo) or _missing(hi) or float(lo) >= float(hi)):
            out.append(Problem(table, _row(i), qual, f"qualifier 'range' needs low < high, got {lo}/{hi}"))
        elif q == "order_of_magnitude" and _missing(lo):
            out.append(Problem(table, _row(i), qual, "qualifier 'order_of_magnitude' needs a low"))
    return out


def check_rates(df: pd.DataFrame) -> list[Problem]:
    """Check that stated rates agree with died/captured within tolerance, or a note explains."""
    out = []
    for i, r in enumerate(df.to_dict("records")):
        cap_lo = r.get("captured_low") if not _missing(r.get("captured_low")) else r.get("captured_high")
        cap_hi = r.get("captured_high") if not _missing(r.get("captured_high")) else cap_lo
        d_lo = r.get("died_low") if not _missing(r.get("died_low")) else r.get("died_high")
        d_hi = r.get("died_high") if not _missing(r.get("died_high")) else d_lo
        if any(_missing(v) for v in (cap_lo, d_lo)) or _missing(r.get("rate_low")) and _missing(r.get("rate_high")):
            continue
        computed_lo = 100 * float(d_lo) / float(cap_hi)
        computed_hi = 100 * float(d_hi) / float(cap_lo)
        s_lo = float(r["rate_low"] if not _missing(r.get("rate_low")) else r["rate_high"])
        s_hi = float(r["rate_high"] if not _missing(r.get("rate_high")) else r["rate_low"])
        agrees = s_lo <= computed_hi + RATE_TOLERANCE and s_hi >= computed_lo - RATE_TOLERANCE
        if not agrees and _missing(r.get("note")):
            out.append(Problem("pow_mortality", _row(i), "rate_low",
                               f"stated rate {s_lo:g}–{s_hi:g}% differs from died/captured "
                               f"{computed_lo:.1f}–{computed_hi:.1f}% and no note explains why"))
    return out


def check_dates(df: pd.DataFrame) -> list[Problem]:
    """Check that incident dates parse and start <= end."""
    out = []
    for i, r in enumerate(df.to_dict("records")):
        try:
            s, e = pd.Timestamp(r["date_start"]), pd.Timestamp(r["date_end"])
        except (ValueError, TypeError) as exc:
            out.append(Problem("incidents", _row(i), "date_start", f"date does not parse: {exc}"))
            continue
        if s > e:
            out.append(Problem("incidents", _row(i), "date_end", f"end {e.date()} is before start {s.date()}"))
    return out


def check_coordinates(df: pd.DataFrame, geocode) -> list[Problem]:
    """Check land coordinates against the stated modern country; `geocode` maps [(lat, lon)] to ISO codes."""
    out = []
    land = df[~df["at_sea"].astype(bool)]
    codes = geocode(list(zip(land["lat"].astype(float), land["lon"].astype(float)))) if len(land) else []
    for (i, r), code in zip(land.iterrows(), codes):
        if code != r["country_code"]:
            out.append(Problem("incidents", _row(df.index.get_loc(i)), "lat",
                               f"({r['lat']}, {r['lon']}) lies in {code}, not in {r['country_code']}"))
    return out


def check_sea(df: pd.DataFrame) -> list[Problem]:
    """Check that incidents at sea have no country and precision 'sea', and land ones have a country."""
    out = []
    for i, r in enumerate(df.to_dict("records")):
        at_sea = bool(r["at_sea"])
        if at_sea and not _missing(r.get("country_code")):
            out.append(Problem("incidents", _row(i), "country_code", "an incident at sea must have no country"))
        if at_sea != (r["location_precision"] == "sea"):
            out.append(Problem("incidents", _row(i), "location_precision", "at_sea and precision 'sea' must go together"))
        if not at_sea and _missing(r.get("country_code")):
            out.append(Problem("incidents", _row(i), "country_code", "an incident on land needs a country code"))
    return out


def _normalise(text: str) -> str:
    """Lower-case text with unified dashes, quotes and whitespace, for verbatim comparison."""
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).lower()


def check_value_text(table: str, df: pd.DataFrame, texts: dict[str, str]) -> list[Problem]:
    """Check that every part of value_text appears verbatim in the cited source article."""
    out = []
    norm = {k: _normalise(v) for k, v in texts.items()}
    for i, r in enumerate(df.to_dict("records")):
        src = norm.get(r["source_id"])
        if src is None:
            continue
        for part in str(r["value_text"]).split(VALUE_TEXT_SEPARATOR):
            if _normalise(part.strip()) not in src:
                out.append(Problem(table, _row(i), "value_text", f"'{part.strip()}' is not in source {r['source_id']}"))
    return out


def _shingles(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", _normalise(text))
    return {tuple(words[k:k + n]) for k in range(len(words) - n + 1)}


def check_summaries_not_copied(df: pd.DataFrame, texts: dict[str, str], n: int = COPY_WORDS) -> list[Problem]:
    """Check that no summary or accountability note shares n consecutive words with a source article."""
    source_shingles = set().union(*(_shingles(t, n) for t in texts.values())) if texts else set()
    out = []
    for i, r in enumerate(df.to_dict("records")):
        for field in ("summary", "accountability"):
            if not _missing(r.get(field)) and _shingles(str(r[field]), n) & source_shingles:
                out.append(Problem("incidents", _row(i), field, f"shares {n} consecutive words with a source article"))
    return out


def check_duplicate_incidents(df: pd.DataFrame) -> list[Problem]:
    """Check that no two incidents share a name, or a perpetrator, start date and place."""
    out = []
    key_name = df["name"].str.lower().str.strip()
    for i in df.index[key_name.duplicated()]:
        out.append(Problem("incidents", _row(df.index.get_loc(i)), "name", f"duplicate incident name '{df.at[i, 'name']}'"))
    combo = df[["perpetrator", "date_start", "place"]].astype(str).agg("|".join, axis=1).str.lower()
    for i in df.index[combo.duplicated()]:
        out.append(Problem("incidents", _row(df.index.get_loc(i)), "place",
                           f"same perpetrator, start date and place as another incident: '{df.at[i, 'name']}'"))
    return out


def load_source_texts(seeds_dir: Path, sources: pd.DataFrame) -> dict[str, str]:
    """Return {source_id: article text} for the sources whose seed file exists."""
    out = {}
    for r in sources.to_dict("records"):
        p = Path(seeds_dir) / r["file"]
        if p.exists():
            out[r["source_id"]] = p.read_text(encoding="utf-8")
    return out
