"""The shared sidebar: one widget per filter specification, kept in session state and in the URL."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components import filters as flt
from components import urlstate
from components.data import Dataset

READY = "_filters_ready"


def widget_key(s: flt.Spec) -> str:
    return f"flt_{s.attr}"


def _to_widget(s: flt.Spec, value: Any) -> Any:
    return list(value) if s.kind == "choices" else value


def _from_widget(s: flt.Spec, value: Any) -> Any:
    if s.kind == "range":
        return (int(value[0]), int(value[1]))
    if s.kind == "choices":
        return tuple(value or ())
    if s.kind == "minimum":
        return int(value or 0)
    return str(value or "")[: flt.MAX_SEARCH]


def put(f: flt.Filters) -> None:
    """Write a Filters value into the widgets' session state."""
    for s in flt.SPECS:
        st.session_state[widget_key(s)] = _to_widget(s, getattr(f, s.attr))


def read() -> flt.Filters:
    """Return the Filters value the widgets hold."""
    ss = st.session_state
    return flt.Filters(**{s.attr: _from_widget(s, ss.get(widget_key(s), s.default)) for s in flt.SPECS})


def current() -> flt.Filters:
    """Return the filters the frame set for this run (defaults when a page runs on its own)."""
    return st.session_state.get("filters", flt.Filters())


def _reset() -> None:
    put(flt.Filters())


def _draw(sb, s: flt.Spec, ds: Dataset) -> None:
    key = widget_key(s)
    if s.kind == "range":
        sb.slider(s.label, flt.YEAR_MIN, flt.YEAR_MAX, key=key, help=s.help or None)
    elif s.kind == "choices":
        labels = s.options(ds) if s.options else {}
        sb.multiselect(
            s.label,
            list(labels),
            key=key,
            placeholder=s.placeholder or None,
            format_func=lambda v, lab=labels: lab.get(v, v),
            help=s.help or None,
        )
    elif s.kind == "minimum":
        sb.number_input(
            s.label, min_value=0, max_value=flt.MAX_DEATHS, step=100, key=key, help=s.help or None
        )
    else:
        sb.text_input(s.label, key=key, max_chars=flt.MAX_SEARCH, help=s.help or None)


def filters(ds: Dataset) -> flt.Filters:
    """Draw the shared filters in the sidebar, keep them in the URL, and return them."""
    if not st.session_state.get(READY):
        f, notices = flt.from_query(st.query_params.to_dict(), flt.vocabulary(ds))
        put(f)
        for n in notices:
            urlstate.note(n)
        st.session_state[READY] = True
    sb = st.sidebar
    sb.header("Filters")
    for s in flt.SPECS:
        _draw(sb, s, ds)
    sb.button("Reset filters", on_click=_reset, width="stretch")
    f = read()
    urlstate.sync_filters(f)
    return f
