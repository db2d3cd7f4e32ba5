"""Download buttons that deliver their file on the first click, also while many readers use the server.

Why not Streamlit's deferred downloads (a callable as `data`)? Measured with Streamlit 1.67 (#20):

- A click on a deferred button asks the server for the file over the websocket and, by default, also
  reruns the script. The rerun's start empties the session's outgoing queue, and when the answer
  carrying the file's URL is still waiting in that queue it is dropped: the button spins until the
  browser gives up after three minutes (1 click in 20–30 fresh page loads here).
- Without the rerun (`on_click="ignore"`) the answer arrives, but the file it names belongs to no
  session, so the cleanup that ends every script run of any session deletes it after two runs:
  with ten other readers busy, 8 of 20 downloads failed before the browser could fetch them.

So a file is prepared with the page, kept per filter state (`ui.memo`), and handed to the button as
bytes: Streamlit then stores it under the session's current run and the browser fetches it by URL
with no round trip. `on_click="ignore"`: a download never reruns the page. A file too large to prepare
on every run (more than DIRECT_MAX_ROWS rows, only with data far larger than the real package) or slow
to make (`lazy`: a slide deck, a PDF) is built when the reader asks for it, then offered the same way.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import ui
from components.tables import MAX_TABLE_ROWS

DIRECT_MAX_ROWS = MAX_TABLE_ROWS  # the tables show this many rows; larger files are built on request


def prepared(
    file_name: str, build: Callable[[], bytes | str], *, memo_key: tuple, rows: int = 0
) -> bytes | str:
    """Return the file a button offers for these arguments: built once per memo_key while it is small enough
    to prepare with the page (the same bytes for its own button and inside a zip), else built now."""
    if rows <= DIRECT_MAX_ROWS:
        return ui.memo(("download", file_name, *memo_key), build)
    return build()


def download_button(
    label: str,
    build: Callable[[], bytes | str],
    file_name: str,
    mime: str,
    *,
    memo_key: tuple,
    rows: int = 0,
    lazy: bool = False,
    where=None,
    width: str = "content",
    help: str | None = None,
    key: str | None = None,
) -> None:
    """Offer build()'s file for download under `label`; memo_key names everything the file depends on.

    lazy: the file is slow to make (a slide deck, a PDF with pictures), so it is made when asked for.
    """
    slot = (where or st).empty()  # the file's button takes the place of the "Prepare" button
    key = key or f"dl_{file_name}"
    data: bytes | str | None
    if rows <= DIRECT_MAX_ROWS and not lazy:
        data = prepared(file_name, build, memo_key=memo_key, rows=rows)
    else:
        held = st.session_state.get(f"_{key}_bytes")
        data = held[1] if held and held[0] == memo_key else None
        if data is None:
            what = f"Prepare: {label}" + (f" ({rows:,} rows)" if rows > DIRECT_MAX_ROWS else "")
            if not slot.button(what, key=f"{key}_prepare", width=width, help=help):
                return
            with st.spinner("Preparing the file…"):
                data = build()
            st.session_state[f"_{key}_bytes"] = (memo_key, data)
    slot.download_button(label, data, file_name, mime, key=key, on_click="ignore", width=width, help=help)
