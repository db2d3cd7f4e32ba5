"""The one filter model, declared once as a table of filter specifications.

Each `Spec` says, for one filter: its attribute on `Filters`, its URL key, the incidents column it
reads, its label, how it is described in subtitles and which widget draws it. Everything else is
driven by the table `SPECS`: the URL round trip (`to_query` / `from_query`), the description in
figure subtitles (`describe`), the filtering itself (`apply_filters`) and the sidebar widgets
(components.sidebar). Adding a filter is one entry in `SPECS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from components import params

YEAR_MIN, YEAR_MAX = 1917, 1991
MAX_SEARCH = 100  # characters kept from a search box or URL
MAX_DEATHS = 100_000_000
SEARCH_COLUMNS = ("name", "other_names", "place")
DASH = "\u2013"


@dataclass(frozen=True)
class Spec:
    """One filter: where it lives (attribute, URL key, column), how it reads, how it is drawn.

    kind: 'range' (two years), 'choices' (several values from a vocabulary), 'minimum' (a whole number
    a column must reach) or 'search' (text in some columns).
    options: dataset -> {value: label} of a 'choices' filter (its vocabulary and labels).
    multi: the column holds several values separated by ';' (crime types).
    """

    attr: str
    url: str
    label: str
    kind: str
    column: str = ""
    noun: str = ""  # how the description names it: "perpetrator: Soviet Union"
    placeholder: str = ""
    help: str = ""
    multi: bool = False
    options: Callable[[Any], dict[str, str]] | None = None

    @property
    def default(self) -> object:
        return {"range": (YEAR_MIN, YEAR_MAX), "choices": (), "minimum": 0, "search": ""}[self.kind]


def _labels(attr: str) -> Callable[[Any], dict[str, str]]:
    def options(ds: Any) -> dict[str, str]:
        from components.labels import filter_labels

        return filter_labels(ds)[attr]

    return options


SPECS: list[Spec] = [
    Spec("years", "years", "Years", "range", help="Incidents overlapping these years."),
    Spec(
        "perpetrators",
        "perp",
        "Perpetrator",
        "choices",
        column="perpetrator",
        noun="perpetrator",
        placeholder="All perpetrators",
        options=_labels("perpetrators"),
    ),
    Spec(
        "crime_types",
        "crime",
        "Crime type",
        "choices",
        column="crime_types",
        noun="crime type",
        placeholder="All crime types",
        multi=True,
        options=_labels("crime_types"),
    ),
    Spec(
        "victim_categories",
        "victims",
        "Victims",
        "choices",
        column="victim_category",
        noun="victims",
        placeholder="All victims",
        options=_labels("victim_categories"),
    ),
    Spec(
        "countries",
        "country",
        "Modern country",
        "choices",
        column="country_code",
        noun="country",
        placeholder="All countries",
        options=_labels("countries"),
    ),
    Spec(
        "states",
        "state",
        "State at the time",
        "choices",
        column="state_key",
        noun="state at the time",
        placeholder="All states",
        help="The state that held the place when the incident began, on the historical borders of the "
        "time (approximate; see the Map page).",
        options=_labels("states"),
    ),
    Spec(
        "min_deaths",
        "min_deaths",
        "Minimum deaths",
        "minimum",
        column="deaths_max",
        help="Keeps an incident when its highest death figure reaches this number.",
    ),
    Spec("search", "q", "Search names and places", "search"),
]


def spec(attr: str) -> Spec:
    """Return the specification of a filter attribute."""
    return next(s for s in SPECS if s.attr == attr)


def filter_keys() -> tuple[str, ...]:
    """Return the URL keys the filter model owns."""
    return tuple(s.url for s in SPECS)


class Filters:
    """What the user has chosen, one value per spec; empty choices mean 'all'. Immutable and hashable.

    Filters(perpetrators=("soviet_union",), years=(1939, 1945)); year_min= and year_max= are accepted too.
    """

    __slots__ = ("_values",)

    def __init__(self, **values: Any) -> None:
        if "year_min" in values or "year_max" in values:
            values["years"] = (
                int(values.pop("year_min", YEAR_MIN)),
                int(values.pop("year_max", YEAR_MAX)),
            )
        known = {s.attr: s for s in SPECS}
        unknown = set(values) - set(known)
        if unknown:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        v = {a: values.get(a, s.default) for a, s in known.items()}
        for a, s in known.items():
            if s.kind == "choices":
                v[a] = tuple(v[a])
            elif s.kind == "range":
                v[a] = (int(v[a][0]), int(v[a][1]))
        object.__setattr__(self, "_values", v)

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_values")[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Filters are immutable; use replace()")

    @property
    def year_min(self) -> int:
        return self._values["years"][0]

    @property
    def year_max(self) -> int:
        return self._values["years"][1]

    def values(self) -> dict[str, Any]:
        return dict(self._values)

    def replace(self, **changes: Any) -> Filters:
        return Filters(**{**self._values, **changes})

    def is_default(self) -> bool:
        return self == Filters()

    def items(self) -> tuple:
        """Return the values as a sorted tuple of (attribute, value): hashable plain data."""
        return tuple(sorted(self._values.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Filters) and self.items() == other.items()

    def __hash__(self) -> int:
        return hash(self.items())

    def __reduce__(self) -> tuple:  # pickling and Streamlit's cache hashing see the values only
        return (_from_items, (self.items(),))

    def __repr__(self) -> str:
        changed = {a: v for a, v in self._values.items() if v != spec(a).default}
        return "Filters(" + ", ".join(f"{a}={v!r}" for a, v in changed.items()) + ")"


def _from_items(items: tuple) -> Filters:
    return Filters(**dict(items))


class Vocabulary(dict):
    """Allowed values of each choice filter: {attribute: (value, ...)}. Vocabulary(perpetrators=(...), ...)."""

    def __init__(self, **choices: Iterable[str]) -> None:
        super().__init__({a: tuple(v) for a, v in choices.items()})

    def __getattr__(self, name: str) -> tuple[str, ...]:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def vocabulary(ds: Any) -> Vocabulary:
    """Return the allowed values of every choice filter, from the dataset's labels."""
    return Vocabulary(**{s.attr: tuple(s.options(ds)) for s in SPECS if s.kind == "choices" and s.options})


# ---------------------------------------------------------------- applying


def _keep(incidents: pd.DataFrame, s: Spec, value: Any) -> pd.Series | None:
    """Return the rows one filter keeps, or None when it keeps everything."""
    if value == s.default:
        return None
    if s.kind == "range":
        return (incidents["year_end"] >= value[0]) & (incidents["year_start"] <= value[1])
    if s.kind == "choices" and s.multi:
        pattern = r"(?:^|;)(?:" + "|".join(map(re.escape, value)) + r")(?:;|$)"
        return incidents[s.column].astype("string").str.contains(pattern, regex=True).fillna(False)
    if s.kind == "choices":
        return incidents[s.column].isin(value).fillna(False)
    if s.kind == "minimum":
        return (incidents[s.column] >= value).fillna(False)
    needle = str(value).strip().lower()
    if not needle:
        return None
    first, *rest = (incidents[c].astype("string").fillna("") for c in SEARCH_COLUMNS)
    return first.str.cat(rest, sep=" ").str.lower().str.contains(needle, regex=False).fillna(False)


def apply_filters(incidents: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Return the incidents the filters keep (vectorised; overlapping years count)."""
    keep = pd.Series(True, index=incidents.index)
    for s in SPECS:
        k = _keep(incidents, s, getattr(f, s.attr))
        if k is not None:
            keep &= k.astype(bool)
    # Keeping everything returns the table itself: a copy of every column on each rerun costs
    # hundreds of MB at 1000x. Pages never change the frame they are given.
    return incidents if keep.all() else incidents[keep]


# ---------------------------------------------------------------- the URL


def _to_url(s: Spec, value: Any) -> str:
    if s.kind == "range":
        return f"{value[0]}-{value[1]}"
    if s.kind == "choices":
        return params.join(value)
    return str(value)


def to_query(f: Filters) -> dict[str, str]:
    """Return the URL parameters that reproduce `f` (only what differs from the default)."""
    return {s.url: _to_url(s, getattr(f, s.attr)) for s in SPECS if getattr(f, s.attr) != s.default}


def _from_url(s: Spec, raw: str, allowed: tuple[str, ...]) -> tuple[Any, str | None]:
    """Return the value a URL asks for (the default when it cannot be honoured) and a notice."""
    if s.kind == "range":
        m = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", raw)
        if m and YEAR_MIN <= int(m.group(1)) <= int(m.group(2)) <= YEAR_MAX:
            return (int(m.group(1)), int(m.group(2))), None
        return s.default, (
            f"Ignored '{s.url}={params.short(raw)}': expected e.g. 1939-1945 within {YEAR_MIN}-{YEAR_MAX}"
        )
    if s.kind == "choices":
        values, notice = params.list_of(raw, allowed, (), s.url)
        return tuple(values), notice
    if s.kind == "minimum":
        v = raw.strip()
        if re.fullmatch(r"[0-9]{1,12}", v) and int(v) <= MAX_DEATHS:  # ASCII digits: '²'.isdigit() is True
            return int(v), None
        return 0, f"Ignored '{s.url}={params.short(v)}': expected a whole number from 0 to {MAX_DEATHS:,}"
    return "".join(ch for ch in raw if ch.isprintable())[:MAX_SEARCH], None


def from_query(
    query: Mapping[str, object], vocab: Mapping[str, tuple[str, ...]]
) -> tuple[Filters, list[str]]:
    """Return the filters a URL asks for and notices about values that were ignored; never raises.

    Keys that are no filter are left to the pages (components.urlstate says which ones nobody used).
    """
    notices: list[str] = []
    values: dict[str, Any] = {}
    for s in SPECS:
        if s.url in query:
            value, notice = _from_url(s, params.first(query[s.url]), tuple(vocab.get(s.attr, ())))
            values[s.attr] = value
            if notice:
                notices.append(notice)
    return Filters(**values), notices


# ---------------------------------------------------------------- describing


def _describe(s: Spec, value: Any, labels: Mapping[str, str]) -> str:
    if s.kind == "range":
        return f"{value[0]}{DASH}{value[1]}"
    if s.kind == "choices":
        shown = [labels.get(v, v) for v in value[:3]] + (["…"] if len(value) > 3 else [])
        return f"{s.noun}: {', '.join(shown)}"
    if s.kind == "minimum":
        return f"at least {value:,} deaths"
    return f"search '{params.short(value, 20)}'"


def describe(f: Filters, labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Return a one-line description of the filters in force, for figure subtitles."""
    labels = labels or {}
    if f.is_default():
        return f"All incidents, {YEAR_MIN}{DASH}{YEAR_MAX}"
    years = _describe(spec("years"), f.years, {})
    parts = [
        _describe(s, getattr(f, s.attr), labels.get(s.attr, {}))
        for s in SPECS
        if s.kind != "range" and getattr(f, s.attr) != s.default
    ]
    return "Filters: " + "; ".join([years, *parts])
