"""Timeline: every incident from its start to its end date, the periods shaded, and yearly aggregates with ranges."""

import streamlit as st

from components import figures, tables, ui
from components import timeline as tl
from components.compare import SUM_RULE, parse_choice, parse_log
from components.filters import describe
from components.safe import md

ALL = "all"


def timeline_page() -> None:
    start = ui.filtered_page(
        "Timeline",
        "Every incident as a bar from its start to its end date, with the periods of "
        "Soviet and Allied history shaded, and the yearly number of incidents and deaths as ranges.",
    )
    if start is None:
        return
    ds, f, inc = start
    group, notice = parse_choice(st.query_params.get("group"), list(tl.GROUPS), tl.DEFAULT_GROUP, "group")
    log, log_notice = parse_log(st.query_params.get("log"))
    for n in (notice, log_notice):
        if n:
            st.caption("ℹ️ " + md(n))
    periods = ds["periods"].sort_values("start")
    period_labels = dict(zip(periods["period"], periods["label"]))
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
    ui.url_choice("group", group, tl.DEFAULT_GROUP)
    ui.url_choice("log", "1" if log else "0", "0")

    x_range = tl.period_range(periods, None if zoom == ALL else zoom)
    lab = ui.labels(ds)
    labels = {
        "perpetrators": lab["perpetrators"],
        "regions": ds.labels("regions", "region"),
        "sources": ds.labels("sources", "source_id", "title"),
    }
    subtitle, source = describe(f, lab), figures.source_line(inc["source_ids"])
    bars, left_out = tables.largest(inc, tl.MAX_BARS)
    if left_out:
        st.info(
            f"The chart draws the {len(bars):,} incidents with the highest death figures; {left_out:,} more are in "
            "the yearly charts. Narrow the filters to draw them all.",
            icon="ℹ️",
        )
    bars_name = ui.chart(
        ui.memo(
            ("timeline", f, group, zoom),
            lambda: tl.timeline_figure(
                tl.timeline_frame(bars, group, labels, x_range),
                periods,
                lab["perpetrators"],
                group=group,
                subtitle=subtitle,
                source=source,
                x_range=x_range,
            ),
        ),
        "timeline_bars",
    )
    st.caption(
        "Shaded bands mark the periods. Solid bars have exact days; hatched, faded bars have dates known only "
        "to the month or year, or approximately. Very short incidents (single days) are widened to stay visible; "
        "hover for their exact dates. Drag on the chart to zoom, double-click to reset."
    )
    with st.expander(ui.table_of(bars_name)):
        st.dataframe(
            tl.timeline_table(ui.capped_rows(inc, "by date", by="date_start"), labels),
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
    yearly = ui.memo(("yearly", f), lambda: tl.yearly_table(inc, f.year_min, f.year_max))
    counts_name = ui.chart(
        ui.memo(
            ("timeline_counts", f, zoom),
            lambda: tl.yearly_counts_figure(
                yearly, periods, lab["perpetrators"], subtitle=subtitle, source=source, x_range=x_range
            ),
        ),
        "timeline_counts",
    )
    deaths_name = ui.chart(
        ui.memo(
            ("timeline_deaths", f, zoom, log),
            lambda: tl.yearly_deaths_figure(
                yearly,
                periods,
                lab["perpetrators"],
                subtitle=subtitle,
                source=source,
                x_range=x_range,
                log=log,
            ),
        ),
        "timeline_deaths",
    )
    no_fig = int((inc["deaths_low"].isna() & inc["deaths_high"].isna()).sum())
    st.caption(
        "An incident counts as under way in every calendar year it spans. Its deaths are spread evenly over "
        "those years: one lasting three years adds a third of its low and a third of its high figure to each. "
        f"{SUM_RULE} Here {no_fig:,} of {len(inc):,} incidents have no death figure."
        + (" On the log scale a low of 0 is drawn at 1." if log else "")
    )
    with st.expander(ui.table_of(counts_name, deaths_name)):
        st.dataframe(
            tl.yearly_display(yearly, lab["perpetrators"]),
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
