"""Format numbers, ranges, rates, dates and citations the same way on every page and chart."""

from __future__ import annotations

import pandas as pd

DASH = "\u2013"  # en dash between the ends of a range
QUALIFIER_WORDS = {
    "about": "about",
    "nearly": "nearly",
    "at_least": "at least",
    "over": "over",
    "up_to": "up to",
    "under": "fewer than",
}
MONTH_FMT, DAY_FMT = "%b %Y", "%-d %b %Y"


def _na(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def fmt_int(n) -> str:
    """Return a whole number with thousands separators ('1,400,000')."""
    return f"{round(float(n)):,}"


def fmt_range(low, high, qualifier: str | None = None, value_text: str | None = None) -> str:
    """Return a figure as readers expect it: '30–166', 'at least 88', 'about 1,000', 'up to 250,000'.

    Without a qualifier (a headline range over several estimates) the shape of the
    bounds decides: both -> 'low–high', low only -> 'at least', high only -> 'up to'.
    """
    q = None if _na(qualifier) else str(qualifier)
    lo, hi = (None if _na(low) else float(low)), (None if _na(high) else float(high))
    if q == "order_of_magnitude" and value_text and not _na(value_text):
        return str(value_text)
    if lo is None and hi is None:
        return "no figure"
    if q in ("about", "nearly") and lo is not None:
        return f"{QUALIFIER_WORDS[q]} {fmt_int(lo)}"
    if q in ("at_least", "over") and lo is not None and hi is None:
        return f"{QUALIFIER_WORDS[q]} {fmt_int(lo)}"
    if q in ("up_to", "under") and hi is not None and lo is None:
        return f"{QUALIFIER_WORDS[q]} {fmt_int(hi)}"
    if lo is not None and hi is not None:
        return fmt_int(lo) if lo == hi else f"{fmt_int(lo)}{DASH}{fmt_int(hi)}"
    if lo is not None:
        return f"at least {fmt_int(lo)}"
    return f"up to {fmt_int(hi)}"


def fmt_rate(low, high, qualifier: str | None = None) -> str:
    """Return a percentage range: '14.7–35.8%', 'about 33.3%', '0.03%'; '' when there is none."""
    lo, hi = (None if _na(low) else float(low)), (None if _na(high) else float(high))
    if lo is None and hi is None:
        return ""

    def p(x: float) -> str:
        return f"{x:.2f}".rstrip("0").rstrip(".")

    q = None if _na(qualifier) else str(qualifier)
    word = QUALIFIER_WORDS.get(q or "", "")
    if lo is not None and hi is not None and lo != hi:
        return f"{word + ' ' if q in ('about', 'nearly') else ''}{p(lo)}{DASH}{p(hi)}%"
    value = lo if lo is not None else hi
    assert value is not None  # both missing returned '' above
    return f"{word + ' ' if word else ''}{p(value)}%"


def fmt_dates(start, end, precision: str) -> str:
    """Return a date span at its precision: '21 Apr 1945', 'Mar 1918', '1918–1920', 'c. Apr–May 1945'."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if precision == "year":
        return str(s.year) if s.year == e.year else f"{s.year}{DASH}{e.year}"
    if precision == "day":
        if s == e:
            return s.strftime(DAY_FMT)
        if s.year == e.year and s.month == e.month:
            return f"{s.day}{DASH}{e.strftime(DAY_FMT)}"
        return f"{s.strftime(DAY_FMT)} {DASH} {e.strftime(DAY_FMT)}"
    span = (
        s.strftime(MONTH_FMT)
        if (s.year, s.month) == (e.year, e.month)
        else (
            f"{s.strftime('%b')}{DASH}{e.strftime(MONTH_FMT)}"
            if s.year == e.year
            else f"{s.strftime(MONTH_FMT)} {DASH} {e.strftime(MONTH_FMT)}"
        )
    )
    return span if precision == "month" else f"c. {span}"


def fmt_each(fn, *columns) -> pd.arrays.StringArray:
    """Return fn(*values) for every row of the aligned columns, calling fn once per distinct row.

    The loader formats hundreds of thousands of ranges and dates this way: the same
    formatter as everywhere else, but only as often as there are different values.
    """
    frame = pd.DataFrame({f"c{k}": pd.Series(c).reset_index(drop=True) for k, c in enumerate(columns)})
    keys = list(frame.columns)
    distinct = frame.drop_duplicates()
    distinct = distinct.assign(_text=[fn(*row) for row in distinct.itertuples(index=False)])
    return pd.array(frame.merge(distinct, how="left", on=keys)["_text"], dtype="string")


def fmt_count(n: int, total: int, noun: str = "incidents") -> str:
    """Return '42 of 180 incidents' for page headers."""
    return f"{n:,} of {total:,} {noun}"


def state_label(state, year, at_sea=False, near=None) -> str:
    """Return the state at the time as a reader sees it: 'Poland (borders of 1938)', 'at sea', or that none is named.

    A place near a border, as the snapshot draws it, says so: 'Poland, near the border with Lithuania (borders of 1938)'.
    """
    if not _na(at_sea) and bool(at_sea):
        return "at sea"
    if _na(year):
        return "not known"
    if _na(state) or not str(state):
        return f"none named on the map of {int(year)}"
    beside = f", near the border with {near}" if not _na(near) and str(near) else ""
    return f"{state}{beside} (borders of {int(year)})"


def state_labels(inc: pd.DataFrame) -> list[str]:
    """Return state_label() for every incident of a frame."""
    cols = ("state_at_time", "borders_year", "at_sea", "near_state")
    return [state_label(*row) for row in zip(*(inc[c] for c in cols))]
