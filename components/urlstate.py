"""The URL as shared state: the filters the frame mirrors into it, and each page's own parameters.

A page declares the keys it owns (`page_keys("view", "log")`) and reads them with the pure parsers in
components.params. At the end of every run the frame drops what no filter and no page claimed, with a
notice (`finish`), so a stray or mistyped parameter is ignored with a word and never breaks a page.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components import filters as flt
from components import params
from components.safe import md

CLAIMED = "_url_claimed"
NOTICES = "_url_notices"


def begin() -> None:
    """Start a run: no page has claimed a key yet."""
    st.session_state[CLAIMED] = set()


def page_keys(*keys: str) -> None:
    """Claim URL keys for the page that runs now (they are kept, never reported as unknown)."""
    st.session_state.setdefault(CLAIMED, set()).update(keys)


def get(key: str) -> object:
    """Return a claimed page parameter's raw value (None when absent)."""
    page_keys(key)
    return st.query_params.get(key)


def one_of(key: str, allowed, default: str) -> str:
    """Return the page parameter `key` if it is one of `allowed`, else `default` with a notice."""
    value, notice = params.one_of(get(key), list(allowed), default, key)
    note(notice)
    return value


def yes_no(key: str, default: bool = False) -> bool:
    """Return the page parameter `key` read as yes or no, else `default` with a notice."""
    value, notice = params.yes_no(get(key), key, default)
    note(notice)
    return value


def list_of(key: str, allowed, default: Sequence[str], most: int) -> list[str]:
    """Return the page parameter `key` as a list of values among `allowed` (unknown ones dropped with a notice)."""
    value, notice = params.list_of(get(key), allowed, default, key, most)
    note(notice)
    return value


def whole_number(key: str, lo: int, hi: int) -> int | None:
    """Return the page parameter `key` as a whole number from lo to hi, else None (with a notice if unreadable)."""
    value, notice = params.whole_number(get(key), key, lo, hi)
    note(notice)
    return value


def put(key: str, value: str, default: str) -> None:
    """Keep a page parameter in the URL, absent when it is the default."""
    page_keys(key)
    if value == default:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def drop(*keys: str) -> None:
    """Remove page parameters from the URL."""
    for key in keys:
        st.query_params.pop(key, None)


def note(notice: str | None) -> None:
    """Queue a notice about the URL for the reader (shown once, at the top of the page)."""
    if notice:
        st.session_state.setdefault(NOTICES, []).append(notice)


def sync_filters(f: flt.Filters) -> None:
    """Mirror the filters into the URL; every other parameter is left to its page."""
    wanted = flt.to_query(f)
    for key in flt.filter_keys():
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def finish(box) -> None:
    """End a run: drop URL keys nobody claimed and show the queued notices in `box` (an st.empty())."""
    claimed = st.session_state.get(CLAIMED, set()) | set(flt.filter_keys())
    for key in [k for k in st.query_params if k not in claimed]:
        note(f"Ignored unknown URL parameter '{params.short(key)}'")
        del st.query_params[key]
    notices = st.session_state.pop(NOTICES, None)
    if notices:
        box.warning("  \n".join(md(n) for n in notices), icon="ℹ️")
