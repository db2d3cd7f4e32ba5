"""Incidents: the filterable table, a detail view of one incident, and CSV downloads."""

import streamlit as st

from components import params, tables, teach_ui, ui, urlstate

PICK, ROW_SEEN = "incidents_pick", "_incidents_row_seen"


def incidents_page() -> None:
    start = ui.filtered_page(
        "Incidents",
        "Every incident the four articles give a number, place or date for. "
        "Select a row, or choose an incident by name below the table, to see all of its estimates side by side.",
    )
    if start is None:
        return
    ds, inc = start.ds, start.inc
    shown, table = ui.capped_rows(
        inc,
        "by date",
        by="date_start",
        download="the CSV download below the table",
        memo_key=("incidents", start.filters),
        then=lambda rows: (rows, tables.incident_table(rows, ds)),
    )
    event = st.dataframe(
        table,
        key="incidents_table",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        height=420,
        # Key columns first, sized so that name, dates, deaths, perpetrator and place show at 1280 px.
        column_order=[
            "name",
            "dates",
            "deaths",
            "perpetrator",
            "place",
            "country",
            "state",
            "deaths_max",
            "shares",
            "crime_types",
            "force",
            "victims",
            "sources",
        ],
        column_config={
            "name": st.column_config.TextColumn("Incident", width=220),
            "dates": st.column_config.TextColumn("When", width=110),
            "perpetrator": st.column_config.TextColumn("Perpetrator", width=120),
            "force": "Force or unit",
            "place": st.column_config.TextColumn("Place", width=150),
            "country": "Country",
            "state": st.column_config.TextColumn(
                "State at the time",
                help="The state that held the place when the incident began, on the historical borders "
                "of that time (approximate; see the Map page).",
            ),
            "deaths": st.column_config.TextColumn(
                "Deaths (all figures)",
                width=160,
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
    chosen, in_url = choose_incident(event, table, shown, inc)
    teach_ui.incident_downloads(ds, start.filters, inc)
    if chosen:
        st.divider()
        ui.incident_detail(ds, chosen)
        teach_ui.incident_worksheet(ds, chosen)
    else:
        if in_url:
            st.caption("The incident in the link is not among the filtered incidents.")
        st.caption(
            "Select a row in the table, or choose an incident by name, to see its estimates, summary and sources."
        )


def choose_incident(event, table, shown, inc) -> tuple[str, str | None]:
    """Draw the searchable incident choice beside the table (the keyboard's way in); return (chosen id, link's id).

    It offers the incidents the table lists (`shown`, at most tables.MAX_TABLE_ROWS of the filtered
    `inc`) and the link's incident when the filters keep it: a choice among 200,000 names would send
    them all to the browser on every run. A row newly selected in the table sets the choice; the
    link's ?incident= sets it on arrival.
    """
    in_url = params.first(urlstate.get("incident")) or None
    names = dict(zip(shown["incident_id"], shown["name"]))
    if in_url and in_url not in names and len(shown) < len(inc):
        linked = inc[inc["incident_id"] == in_url]
        names.update(zip(linked["incident_id"], linked["name"]))
    selected = event.selection.rows if event and event.selection else []
    row = str(table.iloc[selected[0]]["incident_id"]) if selected else None
    if row and row != st.session_state.get(ROW_SEEN):
        st.session_state[PICK] = row
    st.session_state[ROW_SEEN] = row
    if PICK not in st.session_state and in_url in names:
        st.session_state[PICK] = in_url
    if st.session_state.get(PICK) not in names:
        st.session_state[PICK] = ""
    chosen = st.selectbox(
        "Choose an incident (type to search)",
        ["", *sorted(names, key=lambda i: str(names[i]).lower())],
        key=PICK,
        format_func=lambda i: "—" if not i else str(names.get(i, i)),
    )
    if chosen or in_url in names:  # a link to an incident the filters leave out stays in the URL
        urlstate.put("incident", chosen, "")
    return chosen, (in_url if in_url and in_url not in names else None)


incidents_page()
