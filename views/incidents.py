"""Incidents: the filterable table, a detail view of one incident, and CSV downloads."""

import streamlit as st

from components import params, tables, ui, urlstate


def incidents_page() -> None:
    start = ui.filtered_page(
        "Incidents",
        "Every incident the four articles give a number, place or date for. "
        "Select a row to see all of its estimates side by side.",
    )
    if start is None:
        return
    ds, inc = start.ds, start.inc
    table = tables.incident_table(
        ui.capped_rows(inc, "by date", by="date_start", download="the CSV download below the table"), ds
    )
    event = st.dataframe(
        table,
        key="incidents_table",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        height=420,
        column_order=[
            "name",
            "dates",
            "perpetrator",
            "force",
            "place",
            "country",
            "deaths",
            "deaths_max",
            "crime_types",
            "victims",
            "sources",
        ],
        column_config={
            "name": st.column_config.TextColumn("Incident", width="medium"),
            "dates": "When",
            "perpetrator": "Perpetrator",
            "force": "Force or unit",
            "place": "Place",
            "country": "Country",
            "deaths": st.column_config.TextColumn(
                "Deaths (all figures)",
                help="Range from the lowest to the highest death figure any source gives.",
            ),
            "deaths_max": st.column_config.NumberColumn(
                "Highest figure", format="localized", help="Sort by this column to rank incidents."
            ),
            "crime_types": "Crime types",
            "victims": "Victims",
            "sources": "Sources",
        },
    )
    c1, c2 = st.columns(2)
    # Callables: the CSV is built only when someone clicks, not on every rerun.
    c1.download_button(
        "Download these incidents (CSV)",
        lambda: tables.incidents_csv(inc, ds),
        "incidents_filtered.csv",
        "text/csv",
        width="stretch",
    )
    est = ds.estimates[ds.estimates["incident_id"].isin(inc["incident_id"])]
    c2.download_button(
        "Download their estimates with sources (CSV)",
        lambda: tables.estimates_csv(est),
        "estimates_filtered.csv",
        "text/csv",
        width="stretch",
    )
    selected = event.selection.rows if event and event.selection else []
    in_url = params.first(urlstate.get("incident")) or None
    chosen = table.iloc[selected[0]]["incident_id"] if selected else in_url
    if chosen and chosen in set(inc["incident_id"]):
        urlstate.put("incident", chosen, "")
        st.divider()
        ui.incident_detail(ds, chosen)
    else:
        if chosen:
            st.caption("The incident in the link is not among the filtered incidents.")
        st.caption("Select a row in the table to see its estimates, summary and sources.")


incidents_page()
