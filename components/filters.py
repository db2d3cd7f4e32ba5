"""The one filter model: a frozen dataclass, a pure apply function and a URL round trip.

Every page applies the same `apply_filters`; the sidebar draws the widgets for it
(components.sidebar) and the URL mirrors it (`to_query` / `from_query`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace

import pandas as pd

YEAR_MIN, YEAR_MAX = 1917, 1991
MAX_SEARCH = 100  # characters kept from a search box or URL
MAX_DEATHS = 100_000_000
# URL keys the filter model owns, and keys that pages own (not filters, never a notice).
FILTER_KEYS = ("years", "perp", "crime", "victims", "country", "min_deaths", "q")
PAGE_KEYS = ("incident", "present", "slide", "pair", "pairs", "group", "view", "log")
SEARCH_COLUMNS = ("name", "other_names", "place")


@dataclass(frozen=True)
class Filters:
    """What the user has chosen; empty tuples mean 'all'."""

    year_min: int = YEAR_MIN
    year_max: int = YEAR_MAX
    perpetrators: tuple[str, ...] = ()
    crime_types: tuple[str, ...] = ()
    victim_categories: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    min_deaths: int = 0
    search: str = ""

    def is_default(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class Vocabulary:
    """Allowed values of each choice filter, taken from the data."""

    perpetrators: tuple[str, ...]
    crime_types: tuple[str, ...]
    victim_categories: tuple[str, ...]
    countries: tuple[str, ...]


def vocabulary(incidents: pd.DataFrame, crime_types: Iterable[str]) -> Vocabulary:
    """Return the allowed filter values for a set of incidents."""
    return Vocabulary(
        perpetrators=tuple(sorted(incidents["perpetrator"].dropna().unique())),
        crime_types=tuple(crime_types),
        victim_categories=("prisoners_of_war", "civilians", "mixed"),
        countries=tuple(sorted(incidents["country_code"].dropna().unique())),
    )


def apply_filters(incidents: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Return the incidents the filters keep (vectorised; overlapping years count)."""
    keep = (incidents["year_end"] >= f.year_min) & (incidents["year_start"] <= f.year_max)
    if f.perpetrators:
        keep &= incidents["perpetrator"].isin(f.perpetrators)
    if f.crime_types:
        pattern = r"(?:^|;)(?:" + "|".join(map(re.escape, f.crime_types)) + r")(?:;|$)"
        keep &= incidents["crime_types"].str.contains(pattern, regex=True).fillna(False)
    if f.victim_categories:
        keep &= incidents["victim_category"].isin(f.victim_categories)
    if f.countries:
        keep &= incidents["country_code"].isin(f.countries).fillna(False)
    if f.min_deaths > 0:
        keep &= (incidents["deaths_max"] >= f.min_deaths).fillna(False)
    if f.search.strip():
        needle = f.search.strip().lower()
        first, *rest = (incidents[c].astype("string").fillna("") for c in SEARCH_COLUMNS)
        keep &= first.str.cat(rest, sep=" ").str.lower().str.contains(needle, regex=False).fillna(False)
    keep = keep.astype(bool)
    # Keeping everything returns the table itself: a copy of every column on each rerun costs
    # hundreds of MB at 1000x. Pages never change the frame they are given.
    return incidents if keep.all() else incidents[keep]


def to_query(f: Filters) -> dict[str, str]:
    """Return the URL parameters that reproduce `f` (only what differs from the default)."""
    q: dict[str, str] = {}
    if (f.year_min, f.year_max) != (YEAR_MIN, YEAR_MAX):
        q["years"] = f"{f.year_min}-{f.year_max}"
    for key, values in (
        ("perp", f.perpetrators),
        ("crime", f.crime_types),
        ("victims", f.victim_categories),
        ("country", f.countries),
    ):
        if values:
            q[key] = ",".join(values)
    if f.min_deaths:
        q["min_deaths"] = str(f.min_deaths)
    if f.search:
        q["q"] = f.search
    return q


def _first(value) -> str:
    """Return the first value of a query parameter that may be repeated."""
    if isinstance(value, (list, tuple)):
        return str(value[0]) if value else ""
    return str(value)


def _choices(key: str, raw: str, allowed: tuple[str, ...], notices: list[str]) -> tuple[str, ...]:
    picked = tuple(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))
    bad = [v for v in picked if v not in allowed]
    if bad:
        notices.append(f"Ignored unknown value(s) for '{key}': {', '.join(_short(b) for b in bad[:3])}")
    return tuple(v for v in picked if v in allowed)


def _short(text: str, n: int = 30) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= n else text[: n - 1] + "…"


def from_query(params: Mapping[str, object], vocab: Vocabulary) -> tuple[Filters, list[str]]:
    """Return the filters a URL asks for and notices about anything ignored; never raises."""
    notices: list[str] = []
    f = Filters()
    for key in params:
        if key not in FILTER_KEYS and key not in PAGE_KEYS:
            notices.append(f"Ignored unknown URL parameter '{_short(str(key))}'")
    raw = {k: _first(params[k]) for k in FILTER_KEYS if k in params}
    if "years" in raw:
        m = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", raw["years"])
        lo, hi = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        if m and YEAR_MIN <= lo <= hi <= YEAR_MAX:
            f = replace(f, year_min=lo, year_max=hi)
        else:
            notices.append(
                f"Ignored 'years={_short(raw['years'])}': expected e.g. 1939-1945 within {YEAR_MIN}-{YEAR_MAX}"
            )
    for key, attr, allowed in (
        ("perp", "perpetrators", vocab.perpetrators),
        ("crime", "crime_types", vocab.crime_types),
        ("victims", "victim_categories", vocab.victim_categories),
        ("country", "countries", vocab.countries),
    ):
        if key in raw:
            f = replace(f, **{attr: _choices(key, raw[key], allowed, notices)})
    if "min_deaths" in raw:
        v = raw["min_deaths"].strip()
        if (
            re.fullmatch(r"[0-9]{1,12}", v) and int(v) <= MAX_DEATHS
        ):  # ASCII digits only: '²'.isdigit() is True
            f = replace(f, min_deaths=int(v))
        else:
            notices.append(
                f"Ignored 'min_deaths={_short(v)}': expected a whole number from 0 to {MAX_DEATHS:,}"
            )
    if "q" in raw:
        text = "".join(ch for ch in raw["q"] if ch.isprintable())[:MAX_SEARCH]
        f = replace(f, search=text)
    return f, notices


def describe(f: Filters, labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Return a one-line description of the filters in force, for figure subtitles."""
    labels = labels or {}
    parts = [f"{f.year_min}{chr(0x2013)}{f.year_max}"]
    for attr, name in (
        ("perpetrators", "perpetrator"),
        ("crime_types", "crime type"),
        ("victim_categories", "victims"),
        ("countries", "country"),
    ):
        values = getattr(f, attr)
        if values:
            lab = labels.get(attr, {})
            shown = [lab.get(v, v) for v in values[:3]] + (["…"] if len(values) > 3 else [])
            parts.append(f"{name}: {', '.join(shown)}")
    if f.min_deaths:
        parts.append(f"at least {f.min_deaths:,} deaths")
    if f.search:
        parts.append(f"search '{_short(f.search, 20)}'")
    return (
        "Filters: " + "; ".join(parts)
        if len(parts) > 1 or (f.year_min, f.year_max) != (YEAR_MIN, YEAR_MAX)
        else "All incidents, 1917–1991"
    )


FILTER_FIELDS = tuple(fl.name for fl in fields(Filters))
