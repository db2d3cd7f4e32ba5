"""Streamlit's floor for the load test: what any page with one plotly chart, one pydeck map and one table
costs, on tiny data, behind a bare `st.navigation` (no sidebar, no filters, no data package).

It serves the dashboard's own url paths (all the same page), so the load test's readers open and switch
pages exactly as on the dashboard; with no sidebar widgets, their filter moves become page switches.
`scripts/load_test.py` runs it under the same load in the same run and reports the dashboard's times
as a ratio to these.
"""

import sys
from pathlib import Path

import pandas as pd
import plotly.express as px
import pydeck as pdk
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from components.ui import PAGES  # only the url paths; no data is loaded

DATA = pd.DataFrame(
    {
        "year": [1939, 1940, 1941, 1942, 1943, 1944, 1945],
        "incidents": [3, 5, 8, 6, 7, 9, 12],
        "lon": [21.0, 24.1, 30.3, 37.6, 13.4, 16.4, 13.7],
        "lat": [52.2, 56.9, 59.9, 55.8, 52.5, 48.2, 51.0],
    }
)


def floor() -> None:
    st.title("Floor page")
    st.plotly_chart(px.bar(DATA, x="year", y="incidents"), key="floor_chart")
    st.pydeck_chart(
        pdk.Deck(
            layers=[pdk.Layer("ScatterplotLayer", DATA, get_position=["lon", "lat"], get_radius=60_000)],
            initial_view_state=pdk.ViewState(latitude=53, longitude=22, zoom=3),
            map_provider=None,
        )
    )
    st.dataframe(DATA, hide_index=True)


pages = [
    st.Page(floor, title=title, url_path=url_path or "overview", default=not url_path)
    for _file, title, _icon, _section, url_path, _blurb in PAGES
]
st.set_page_config(page_title="Floor", layout="wide")
st.navigation(pages).run()
