"""Compare: counts and death ranges across perpetrators, crime types, victims and periods, and how sure the figures are."""

import streamlit as st

from components import catalogue, how_sure, shares, ui, urlstate
from components import compare as cmp
from components.derive import without_death_figure
from components.labels import revision_labels


def compare_page() -> None:
    v = ui.filtered_page(
        "Compare",
        "Incident counts and death ranges side by side across perpetrators, crime types, "
        "victims and periods, and where the sources disagree.",
    )
    if v is None:
        return
    inc = v.inc
    view = urlstate.one_of("view", cmp.DIMENSIONS, cmp.DEFAULT_DIMENSION)
    log = urlstate.yes_no("log")
    c1, c2 = st.columns([4, 1])
    dims = list(cmp.DIMENSIONS)
    view = c1.radio(
        "Compare by",
        dims,
        index=dims.index(view),
        horizontal=True,
        key="compare_view",
        format_func=lambda d: cmp.DIMENSIONS[d][0],
    )
    log = c2.toggle("Log scale", value=log, key="compare_log", help="Deaths on a logarithmic axis.")
    urlstate.put("view", view, cmp.DEFAULT_DIMENSION)
    urlstate.put("log", "1" if log else "0", "0")

    table = ui.memo(("compare_table", v.filters, view), lambda: catalogue.compare_table(v, view))
    counts_fig = ui.figure(catalogue.compare_counts, v, view, key="compare_counts")
    if view == "crime_type":
        st.caption(
            "An incident with several crime types counts once under each of them, so the bars add up to more "
            "than the number of incidents."
        )
    deaths_fig = ui.figure(
        catalogue.compare_deaths,
        v,
        view,
        log,
        key="compare_deaths",
        caption=f"{cmp.SUM_RULE} {without_death_figure(inc):,} of the filtered incidents have no death figure."
        + shares.caption(inc)
        + (" On the log scale a low of 0 is drawn at 1." if log else ""),
    )
    with st.expander(ui.table_of(counts_fig, deaths_fig)):
        st.dataframe(
            table.drop(columns=["category", "deaths_low", "deaths_high", "open_high"]),
            hide_index=True,
            width="stretch",
            column_config={
                "label": cmp.DIMENSIONS[view][0],
                "incidents": "Incidents",
                "with_figure": "With a death figure",
                "without_figure": "Without",
                "deaths": "Deaths in incidents of this type (overlapping: do not add up)"
                if view == "crime_type"
                else "Deaths (sum of lows – sum of highs)",
            },
        )

    st.header("Perpetrators and crime types")
    matrix_fig = ui.figure(
        catalogue.crime_matrix,
        v,
        key="compare_matrix",
        caption="Each cell counts incidents; an incident with several crime types counts in each of its rows.",
    )
    with st.expander(ui.table_of(matrix_fig)):
        m = ui.memo(("compare_matrix_table", v.filters), lambda: catalogue.crime_matrix_table(v))
        st.dataframe(m.rename_axis("Crime type").reset_index(), hide_index=True, width="stretch")

    st.header("How sure are we?")
    dis = ui.memo(("disagreements", v.filters), lambda: catalogue.disagreements(v))
    st.markdown(
        f"**{len(dis):,}** of the {len(inc):,} filtered incidents have death figures that disagree. "
        + how_sure.DISAGREEMENT_RULE
    )
    if dis.empty:
        st.info("No filtered incident has disagreeing death figures.", icon="🔎")
    else:
        most = min(len(dis), how_sure.MOST_DISAGREEMENTS)
        n = (
            st.slider(
                "Incidents shown",
                1,
                most,
                min(how_sure.MAX_DISAGREEMENTS, most),
                key="compare_n_sure",
                help=f"Up to {how_sure.MOST_DISAGREEMENTS} in the chart; the table below lists them all.",
            )
            if most > 1
            else 1
        )
        sure_fig = ui.figure(
            catalogue.how_sure,
            v,
            n,
            key="compare_sure",
            caption="Each row under an incident is one estimate: a dot for a single figure, a line for a range, "
            "▶ for 'at least', ◀ for 'up to'. The number after the name is the ratio of the highest to the "
            f"lowest figure. The axis turns logarithmic when figures span a factor of {how_sure.LOG_SPAN} or more.",
        )
        with st.expander(ui.table_of(sure_fig) + " (all disagreeing incidents)"):
            st.dataframe(
                ui.capped_rows(dis, "largest disagreement first")[
                    ["name", "ratio", "lowest", "highest", "n_estimates", "figures"]
                ],
                hide_index=True,
                width="stretch",
                column_config={
                    "name": "Incident",
                    "ratio": st.column_config.NumberColumn("Highest ÷ lowest", format="%.1f"),
                    "lowest": st.column_config.NumberColumn("Lowest figure", format="localized"),
                    "highest": st.column_config.NumberColumn("Highest figure", format="localized"),
                    "n_estimates": "Figures",
                    "figures": "Every figure (according to, source)",
                },
            )

    st.markdown(
        "**Two revisions of one article.** 'Soviet war crimes' is held twice: a recent Wikipedia revision "
        "and an older copy on Military Wiki. Incidents where both give death figures and they differ:"
    )
    rev = ui.memo(("revisions", v.filters), lambda: catalogue.revision_table(v))
    if rev.empty:
        st.info("No filtered incident has differing death figures in the two revisions.", icon="🔎")
    else:
        ui.figure(catalogue.revisions, v, key="compare_revisions")
        st.dataframe(
            ui.capped_rows(rev, "by date")[["name", "current", "older"]],
            hide_index=True,
            width="stretch",
            column_config={
                "name": "Incident",
                "current": revision_labels(v.ds)[how_sure.CURRENT],
                "older": revision_labels(v.ds)[how_sure.OLDER],
            },
        )


compare_page()
