"""Curation rules beyond the Table Schema: each check returns a list of Problems.

The data tests and scripts/check_curation.py both call these, so curators and CI
apply exactly the same rules. Row numbers are spreadsheet-style (header = row 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
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
    return (
        v is None
        or (isinstance(v, float) and pd.isna(v))
        or v is pd.NA
        or (isinstance(v, str) and not v.strip())
    )


def _present(df: pd.DataFrame, col: str) -> pd.Series:
    """Return a boolean mask of the cells of `col` that hold a value (not empty, not blank)."""
    if col not in df:
        return pd.Series(False, index=df.index)
    s = df[col]
    mask = s.notna().to_numpy(dtype=bool, na_value=False)
    if s.dtype == object or pd.api.types.is_string_dtype(s):
        text = s.astype("string").str.strip()
        mask = mask & (text != "").to_numpy(dtype=bool, na_value=False)
    return pd.Series(mask, index=df.index)


def _number(df: pd.DataFrame, col: str) -> pd.Series:
    """Return `col` as floats (NaN where empty or not a number)."""
    if col not in df:
        return pd.Series(np.nan, index=df.index)
    s = df[col]
    if s.dtype == object or pd.api.types.is_string_dtype(s):
        s = s.astype("string").str.strip()
    return pd.Series(pd.to_numeric(s, errors="coerce"), index=df.index).astype(float)


def _collect(found: list[tuple[int, int, Problem]]) -> list[Problem]:
    """Return problems in row order (and in check order within a row)."""
    return [p for _i, _k, p in sorted(found, key=lambda t: (t[0], t[1]))]


def _flag(found: list, order: int, mask: pd.Series, make) -> None:
    """Add make(position) for every row where mask holds; positions are 0-based."""
    for i in np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False)):
        found.append((int(i), order, make(int(i))))


def _g(v: float) -> str:
    return "" if v != v else f"{v:g}"


def check_qualified_range(table: str, df: pd.DataFrame, low: str, high: str, qual: str) -> list[Problem]:
    """Check that low <= high and that the qualifier says which bounds are present."""
    found: list = []
    lo_p, hi_p, q_p = _present(df, low), _present(df, high), _present(df, qual)
    lo, hi = _number(df, low), _number(df, high)
    q = (
        df[qual].astype(object).where(q_p, None)
        if qual in df
        else pd.Series(None, index=df.index, dtype=object)
    )
    for col, present, value in ((low, lo_p, lo), (high, hi_p, hi)):
        _flag(
            found,
            0,
            present & value.isna(),
            lambda i, c=col: Problem(table, _row(i), c, f"'{df[c].iloc[i]}' is not a number"),
        )
    lo_p, hi_p = lo_p & lo.notna(), hi_p & hi.notna()
    none = ~lo_p & ~hi_p
    _flag(
        found,
        1,
        none & q_p,
        lambda i: Problem(
            table, _row(i), qual, f"qualifier '{q.iloc[i]}' given but {low} and {high} are empty"
        ),
    )
    _flag(
        found,
        1,
        ~none & ~q_p,
        lambda i: Problem(table, _row(i), qual, "a figure is given but its qualifier is empty"),
    )
    ok = ~none & q_p
    pair = lambda i: f"{_g(lo.iloc[i])}/{_g(hi.iloc[i])}"  # noqa: E731
    _flag(
        found,
        2,
        ok & lo_p & hi_p & (lo > hi),
        lambda i: Problem(table, _row(i), low, f"low {_g(lo.iloc[i])} is greater than high {_g(hi.iloc[i])}"),
    )
    rules = [
        (q.isin(BOTH_EQUAL), ~lo_p | ~hi_p | (lo != hi), "needs low == high"),
        (q.isin(LOW_ONLY), ~lo_p | hi_p, "needs a low and no high"),
        (q.isin(HIGH_ONLY), lo_p | ~hi_p, "needs a high and no low"),
        (q == "range", ~lo_p | ~hi_p | (lo >= hi), "needs low < high"),
        (q == "order_of_magnitude", ~lo_p, "needs a low"),
    ]
    for kind, broken, need in rules:
        _flag(
            found,
            3,
            ok & kind & broken.fillna(True),
            lambda i, need=need: Problem(
                table, _row(i), qual, f"qualifier '{q.iloc[i]}' {need}, got {pair(i)}"
            ),
        )
    return _collect(found)


def check_rates(df: pd.DataFrame) -> list[Problem]:
    """Check that stated rates agree with died/captured within tolerance, or a note explains."""
    n = {
        c: _number(df, c)
        for c in ("captured_low", "captured_high", "died_low", "died_high", "rate_low", "rate_high")
    }
    cap_lo = n["captured_low"].fillna(n["captured_high"])
    cap_hi = n["captured_high"].fillna(cap_lo)
    d_lo = n["died_low"].fillna(n["died_high"])
    d_hi = n["died_high"].fillna(d_lo)
    s_lo = n["rate_low"].fillna(n["rate_high"])
    s_hi = n["rate_high"].fillna(n["rate_low"])
    computed_lo, computed_hi = 100 * d_lo / cap_hi, 100 * d_hi / cap_lo
    checkable = cap_lo.notna() & d_lo.notna() & s_lo.notna()
    agrees = (s_lo <= computed_hi + RATE_TOLERANCE) & (s_hi >= computed_lo - RATE_TOLERANCE)
    found: list = []
    _flag(
        found,
        0,
        checkable & ~agrees & ~_present(df, "note"),
        lambda i: Problem(
            "pow_mortality",
            _row(i),
            "rate_low",
            f"stated rate {s_lo.iloc[i]:g}–{s_hi.iloc[i]:g}% differs from died/captured "
            f"{computed_lo.iloc[i]:.1f}–{computed_hi.iloc[i]:.1f}% and no note explains why",
        ),
    )
    return _collect(found)


def check_dates(df: pd.DataFrame) -> list[Problem]:
    """Check that incident dates parse and start <= end."""
    found: list = []
    parsed = {}
    for col in ("date_start", "date_end"):
        parsed[col] = pd.to_datetime(df[col], errors="coerce", format="ISO8601")
        _flag(
            found,
            0,
            _present(df, col) & parsed[col].isna(),
            lambda i, c=col: Problem("incidents", _row(i), c, f"date '{df[c].iloc[i]}' does not parse"),
        )
    s, e = parsed["date_start"], parsed["date_end"]
    _flag(
        found,
        1,
        s > e,
        lambda i: Problem(
            "incidents", _row(i), "date_end", f"end {e.iloc[i].date()} is before start {s.iloc[i].date()}"
        ),
    )
    return _collect(found)


def check_coordinates(df: pd.DataFrame, geocode) -> list[Problem]:
    """Check land coordinates against the stated modern country; `geocode` maps [(lat, lon)] to ISO codes."""
    out = []
    land = df[~df["at_sea"].astype(bool)]
    codes = geocode(list(zip(land["lat"].astype(float), land["lon"].astype(float)))) if len(land) else []
    for (i, r), code in zip(land.iterrows(), codes):
        if code != r["country_code"]:
            out.append(
                Problem(
                    "incidents",
                    _row(df.index.get_loc(i)),
                    "lat",
                    f"({r['lat']}, {r['lon']}) lies in {code}, not in {r['country_code']}",
                )
            )
    return out


def check_sea(df: pd.DataFrame) -> list[Problem]:
    """Check that incidents at sea have no country and precision 'sea', and land ones have a country."""
    at_sea = df["at_sea"].astype("boolean").fillna(False).astype(bool)
    has_country = _present(df, "country_code")
    is_sea = (df["location_precision"] == "sea").fillna(False).astype(bool)
    found: list = []
    _flag(
        found,
        0,
        at_sea & has_country,
        lambda i: Problem("incidents", _row(i), "country_code", "an incident at sea must have no country"),
    )
    _flag(
        found,
        1,
        at_sea != is_sea,
        lambda i: Problem(
            "incidents", _row(i), "location_precision", "at_sea and precision 'sea' must go together"
        ),
    )
    _flag(
        found,
        2,
        ~at_sea & ~has_country,
        lambda i: Problem("incidents", _row(i), "country_code", "an incident on land needs a country code"),
    )
    return _collect(found)


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
                out.append(
                    Problem(
                        table, _row(i), "value_text", f"'{part.strip()}' is not in source {r['source_id']}"
                    )
                )
    return out


def _shingles(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", _normalise(text))
    return {tuple(words[k : k + n]) for k in range(len(words) - n + 1)}


def check_summaries_not_copied(df: pd.DataFrame, texts: dict[str, str], n: int = COPY_WORDS) -> list[Problem]:
    """Check that no summary or accountability note shares n consecutive words with a source article."""
    source_shingles = set().union(*(_shingles(t, n) for t in texts.values())) if texts else set()
    out = []
    for i, r in enumerate(df.to_dict("records")):
        for field in ("summary", "accountability"):
            if not _missing(r.get(field)) and _shingles(str(r[field]), n) & source_shingles:
                out.append(
                    Problem(
                        "incidents", _row(i), field, f"shares {n} consecutive words with a source article"
                    )
                )
    return out


def check_duplicate_incidents(df: pd.DataFrame) -> list[Problem]:
    """Check that no two incidents share a name, or a perpetrator, start date and place."""
    key_name = df["name"].str.lower().str.strip()
    combo = (
        df["perpetrator"]
        .astype(str)
        .str.cat([df["date_start"].astype(str), df["place"].astype(str)], sep="|")
        .str.lower()
    )
    checks = (  # (key, field named in the message, message)
        (key_name, "name", "duplicate incident name '{}'"),
        (combo, "place", "same perpetrator, start date and place as another incident: '{}'"),
    )
    return [
        Problem("incidents", _row(df.index.get_loc(i)), field, message.format(df.at[i, "name"]))
        for key, field, message in checks
        for i in df.index[key.duplicated()]
    ]


def load_source_texts(seeds_dir: Path, sources: pd.DataFrame) -> dict[str, str]:
    """Return {source_id: article text} for the sources whose seed file exists."""
    out = {}
    for r in sources.to_dict("records"):
        p = Path(seeds_dir) / r["file"]
        if p.exists():
            out[r["source_id"]] = p.read_text(encoding="utf-8")
    return out


def check_metric_units(table: str, df: pd.DataFrame, metrics: pd.DataFrame, percent: bool) -> list[Problem]:
    """Check that counts (estimates) use count metrics and shares use metrics in percent, never mixed."""
    units = dict(zip(metrics["metric"], metrics["unit"]))
    found: list = []
    is_percent = df["metric"].map(units).eq("percent")
    wrong = ~is_percent if percent else is_percent
    need = "a metric in percent" if percent else "a count metric, not one in percent (those go in shares.csv)"
    _flag(
        found,
        0,
        wrong & df["metric"].isin(units.keys()),
        lambda i: Problem(table, _row(i), "metric", f"'{df['metric'].iloc[i]}' is not {need}"),
    )
    return _collect(found)


def check_no_internal_ids(table: str, df: pd.DataFrame, ids, fields) -> list[Problem]:
    """Check that texts shown to readers never name an internal source id (e.g. 'soviet_wc_wp')."""
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(ids))) + r")\b")
    found: list = []
    for k, field in enumerate(f for f in fields if f in df):
        text = df[field].astype("string").fillna("")
        _flag(
            found,
            k,
            text.str.contains(pattern).fillna(False),
            lambda i, c=field: Problem(
                table, _row(i), c, "names an internal source id; use the article title"
            ),
        )
    return _collect(found)
