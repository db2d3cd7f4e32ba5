"""Incidents: the filterable table, a detail view of one incident, and CSV downloads."""

import streamlit as st

from components import params, tables, teach_ui, ui, urlstate


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
            "shares",
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
            "shares": st.column_config.TextColumn(
                "Shares (percent of a stated group)",
                help="A share is a percentage of the group named; it is never added to the deaths.",
            ),
            "crime_types": "Crime types",
            "victims": "Victims",
            "sources": "Sources",
        },
    )
    teach_ui.incident_downloads(ds, start.filters, inc)
    selected = event.selection.rows if event and event.selection else []
    in_url = params.first(urlstate.get("incident")) or None
    chosen = table.iloc[selected[0]]["incident_id"] if selected else in_url
    if chosen and chosen in set(inc["incident_id"]):
        urlstate.put("incident", chosen, "")
        st.divider()
        ui.incident_detail(ds, chosen)
        teach_ui.incident_worksheet(ds, chosen)
    else:
        if chosen:
            st.caption("The incident in the link is not among the filtered incidents.")
        st.caption("Select a row in the table to see its estimates, summary and sources.")


incidents_page()
