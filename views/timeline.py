"""Timeline: every incident from its start to its end date, the periods shaded, and yearly aggregates with ranges."""

import streamlit as st

from components import catalogue, shares, tables, ui, urlstate
from components import timeline as tl
from components import yearly as yr
from components.compare import SUM_RULE
from components.derive import without_death_figure

ALL = "all"


def timeline_page() -> None:
    start = ui.filtered_page(
        "Timeline",
        "Every incident as a bar from its start to its end date, with the periods of "
        "Soviet and Allied history shaded, and the yearly number of incidents and deaths as ranges.",
    )
    if start is None:
        return
    v, inc = start, start.inc
    group = urlstate.one_of("group", tl.GROUPS, tl.DEFAULT_GROUP)
    log = urlstate.yes_no("log")
    period_labels = dict(zip(v.periods["period"], v.periods["label"]))
    c1, c2, c3 = st.columns([2, 4, 1.3])
    group = c1.radio(
        "Group bars by",
        list(tl.GROUPS),
        index=list(tl.GROUPS).index(group),
        horizontal=True,
        format_func=tl.GROUPS.get,
        key="timeline_group",
    )
    zoom = (
        c2.pills(
            "Zoom to a period",
            [ALL, *period_labels],
            default=ALL,
            key="timeline_zoom",
            format_func=lambda p: "1917–1991" if p == ALL else period_labels[p],
        )
        or ALL
    )
    log = c3.toggle("Log scale", value=log, key="timeline_log", help="Deaths per year on a logarithmic axis.")
    urlstate.put("group", group, tl.DEFAULT_GROUP)
    urlstate.put("log", "1" if log else "0", "0")
    zoom_to = None if zoom == ALL else zoom

    bars, left_out = tables.largest(inc, tl.MAX_BARS)
    if left_out:
        st.info(
            f"The chart draws the {len(bars):,} incidents with the highest death figures; {left_out:,} more are in "
            "the yearly charts. Narrow the filters to draw them all.",
            icon="ℹ️",
        )
    bars_fig = ui.figure(
        catalogue.timeline_bars,
        v,
        group,
        zoom_to,
        key="timeline_bars",
        caption="Shaded bands mark the periods. Solid bars have exact days; hatched bars have dates known only "
        "to the month or year, or approximately. Very short incidents (single days) are widened to stay "
        "visible; hover for their exact dates. Drag on the chart to zoom, double-click to reset.",
    )
    with st.expander(ui.table_of(bars_fig)):
        st.dataframe(
            ui.capped_rows(
                inc,
                "by date",
                by="date_start",
                memo_key=("timeline", v.filters),
                then=lambda rows: tl.timeline_table(rows, v.timeline_labels()),
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "name": "Incident",
                "dates": "When",
                "precision": "Date precision",
                "perpetrator": "Perpetrator",
                "theatre": "Theatre",
                "deaths": "Deaths (all figures)",
                "sources": "Sources",
            },
        )

    st.header("Year by year")
    yearly = ui.memo(("yearly", v.filters), lambda: catalogue.yearly(v))
    counts_fig = ui.figure(catalogue.yearly_counts, v, zoom_to, key="timeline_counts")
    deaths_fig = ui.figure(catalogue.yearly_deaths, v, zoom_to, log, key="timeline_deaths")
    no_fig = without_death_figure(inc)
    st.caption(
        "An incident counts as under way in every calendar year it spans. Its deaths are spread evenly over "
        "those years: one lasting three years adds a third of its low and a third of its high figure to each. "
        f"{SUM_RULE} Here {no_fig:,} of {len(inc):,} incidents have no death figure.{shares.caption(inc)}"
        + (" On the log scale a low of 0 is drawn at 1." if log else "")
    )
    with st.expander(ui.table_of(counts_fig, deaths_fig)):
        st.dataframe(
            ui.memo(
                ("yearly_display", v.filters), lambda: yr.yearly_display(yearly, v.labels["perpetrators"])
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "year": st.column_config.NumberColumn("Year", format="%d"),
                "perpetrator": "Perpetrator",
                "incidents": "Incidents under way",
                "deaths": "Deaths (low–high, spread over years)",
            },
        )


timeline_page()
