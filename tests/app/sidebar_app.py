"""A frame-only app for AppTest: the shared sidebar without st.navigation (whose reruns AppTest skips)."""

import streamlit as st

from components import ui

ds = ui.dataset_or_stop()
f = ui.sidebar_filters(ds)
ui.show_notices()
st.text(repr(f))
