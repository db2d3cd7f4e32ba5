"""A frame-only app for AppTest: the shared sidebar without st.navigation (whose reruns AppTest skips)."""

import streamlit as st

from components import sidebar, ui, urlstate

urlstate.begin()
ds = ui.dataset_or_stop()
f = sidebar.filters(ds)
box = st.empty()
st.text(repr(f))
urlstate.finish(box)
