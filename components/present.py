"""Presentation mode and print styles: Streamlit chrome hidden, large type, one slide per view."""

from __future__ import annotations

import streamlit as st

from components import params, sidebar, slides, ui, urlstate
from components.safe import md

SLIDE_HEIGHT = 560
# Static CSS written here, never built from data.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer {display: none !important;}
[data-testid="stMainBlockContainer"] {max-width: 100% !important; padding: 1rem 2.5rem !important;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 1.35rem !important; line-height: 1.5;}
</style>
"""
PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], .stDownloadButton, footer {display: none !important;}
  [data-testid="stMainBlockContainer"] {max-width: 100% !important; padding: 0 !important;}
  [data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], [data-testid="stImage"] {break-inside: avoid; page-break-inside: avoid;}
  [data-testid="stExpander"] {break-inside: avoid;}
  [data-testid="stAppViewContainer"], [data-testid="stMain"] {overflow: visible !important; height: auto !important;}
}
</style>
"""


def requested() -> bool:
    """Return True when the URL asks for presentation mode (?present=1)."""
    on, notice = params.yes_no(urlstate.get("present"), "present")
    urlstate.note(notice)
    return on


def toggle() -> None:
    """Draw the sidebar switch that turns presentation mode on (it lives in the URL, so links open in it)."""

    def _on():
        st.query_params["present"] = "1"

    st.sidebar.button(
        "Presentation mode",
        on_click=_on,
        width="stretch",
        help="One chart per view in large type, without the sidebar. Add ?present=1 to a link to open in it.",
    )


def leave() -> None:
    st.query_params.pop("present", None)
    st.query_params.pop("slide", None)


def show(ds) -> None:
    """Draw presentation mode: one slide with its caption, previous/next, and a way back."""
    st.html(PRESENT_CSS)
    keys = [s.key for s in slides.SLIDES]
    current, notice = params.one_of(urlstate.get("slide"), keys, keys[0], "slide")
    if notice:
        st.caption("ℹ️ Ignored an unknown slide in the link; showing the first one.")
    i = keys.index(current)
    nav = st.columns([1.3, 1.1, 5, 2])

    def go(k: int):
        st.query_params["slide"] = keys[k % len(keys)]

    nav[0].button("◀ Previous", on_click=go, args=(i - 1,), width="stretch")
    nav[1].button("Next ▶", on_click=go, args=(i + 1,), width="stretch")
    nav[2].markdown(f"**Slide {i + 1} of {len(keys)}**")
    nav[3].button("Leave presentation", on_click=leave, width="stretch", type="primary")
    s = slides.SLIDES[i]
    fig = s.build(ds, sidebar.current())
    if fig is None:
        ui.no_match()
    else:
        fig = slides.for_projector(fig)
        fig.update_layout(
            height=SLIDE_HEIGHT
        )  # one screen: the chart and its caption fit a 1280x720 projector
        ui.chart(fig, f"slide_{s.key}")
    st.markdown(md(s.caption) + ("" if s.uses_filters else " *(Not affected by the incident filters.)*"))
