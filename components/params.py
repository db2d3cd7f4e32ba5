"""Reading URL parameters: one way to take a first value, a yes/no, one of a set or a list of choices.

Pure functions (no Streamlit): each returns the value and a notice for the reader when the URL asked
for something that cannot be honoured, so a nonsense parameter is ignored with a word, never an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

YES = frozenset({"1", "true", "yes", "on"})
NO = frozenset({"0", "false", "no", "off"})


def first(value: object) -> str:
    """Return the first value of a query parameter that may be repeated ('' when there is none)."""
    if isinstance(value, (list, tuple)):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def short(text: object, n: int = 30) -> str:
    """Return text safe to quote back to a reader: unprintable characters as '?', at most n characters."""
    s = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return s if len(s) <= n else s[: n - 1] + "…"


def is_missing(value: object) -> bool:
    """Return True for None, pandas' NA, NaN and empty or 'nan'/'<NA>'/'None' text."""
    if value is None:
        return True
    try:
        if value != value:  # NaN
            return True
    except (TypeError, ValueError):  # pd.NA refuses comparison in a boolean context
        return True
    return str(value).strip() in ("", "<NA>", "nan", "None")


def yes_no(raw: object, key: str, default: bool = False) -> tuple[bool, str | None]:
    """Return a yes/no parameter ('1', 'true', 'yes', 'on' and their opposites) and a notice if unreadable."""
    v = first(raw).strip().lower()
    if not v:
        return default, None
    if v in YES:
        return True, None
    if v in NO:
        return False, None
    return default, f"Ignored '{key}={short(v)}': expected 1 or 0"


def one_of(raw: object, allowed: Iterable[str], default: str, key: str) -> tuple[str, str | None]:
    """Return the parameter when it is one of `allowed`, else the default with a notice."""
    allowed = list(allowed)
    v = first(raw).strip()
    if not v:
        return default, None
    if v in allowed:
        return v, None
    return default, f"Ignored unknown value for '{key}': {short(v)}"


def whole_number(raw: object, key: str, lo: int, hi: int) -> tuple[int | None, str | None]:
    """Return a whole number from lo to hi (None when absent), and a notice when it is not one."""
    v = first(raw).strip()
    if not v:
        return None, None
    if v.isascii() and v.isdigit() and lo <= int(v) <= hi:
        return int(v), None
    return None, f"Ignored '{key}={short(v)}': expected a year from {lo} to {hi}"


def list_of(
    raw: object, allowed: Iterable[str], default: Sequence[str], key: str, most: int | None = None
) -> tuple[list[str], str | None]:
    """Return a comma-separated list of allowed values (unknown ones dropped with a notice, order kept)."""
    if raw is None or raw == [] or not first(raw).strip():
        return list(default), None
    allowed = set(allowed)
    picked = list(dict.fromkeys(v.strip() for v in first(raw).split(",") if v.strip()))
    bad = [v for v in picked if v not in allowed]
    good = [v for v in picked if v in allowed]
    good = good or list(default)  # nothing usable asked for: the default, with the notice below
    notice = None
    if bad:
        notice = f"Ignored unknown value(s) for '{key}': {', '.join(short(b) for b in bad[:3])}"
    if most is not None and len(good) > most:
        good = good[:most]
        notice = (notice + "; " if notice else "") + f"kept the first {most} values of '{key}'"
    return good, notice


def join(values: Iterable[str]) -> str:
    """Return a list parameter's URL form ('a,b')."""
    return ",".join(values)
