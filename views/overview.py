"""Overview: what the dashboard holds, headline figures with ranges, how to read them."""

import streamlit as st

from components import catalogue, figures, sidebar, ui


def overview() -> None:
    ds = ui.dataset_or_stop()
    v = catalogue.View(ds, sidebar.current())
    inc = v.inc
    ui.page_header(
        "War crimes by the Soviet Union and the Allies, 1917–1991",
        "Incidents, estimates and prisoner-of-war mortality curated from four encyclopedia articles, "
        "every figure with its range, who gives it and where it is written.",
        len(inc),
        len(ds.incidents),
    )
    st.info(
        "**Content note.** This dashboard is about mass violence: killings, deportations, sexual violence and "
        "deaths of prisoners. Summaries are factual and non-graphic.",
        icon="⚠️",
    )
    c = st.columns(4)
    c[0].metric("Incidents", f"{len(ds.incidents):,}")
    c[1].metric("Estimates (figures)", f"{len(ds.estimates):,}")
    c[2].metric("POW mortality rows", f"{len(ds.pow):,}")
    c[3].metric("Perpetrators", f"{ds.incidents['perpetrator'].nunique()}")

    st.header("What the data holds")
    if inc.empty:
        ui.no_match()
    else:
        fig = ui.figure(catalogue.overview_counts, v, key="overview_counts")
        with st.expander(ui.table_of(fig)):
            st.dataframe(figures.counts_table(inc, ds), hide_index=True, width="stretch")

    st.header("Largest incidents by their highest figure")
    top = inc.dropna(subset=["deaths_max"]).nlargest(8, "deaths_max")
    st.dataframe(
        top.assign(
            deaths=top["deaths_text"],
            perpetrator=top["perpetrator"].map(v.labels["perpetrators"]),
        )[["name", "perpetrator", "year_start", "deaths", "n_death_estimates", "source_ids"]],
        hide_index=True,
        width="stretch",
        column_config={
            "name": "Incident",
            "perpetrator": "Perpetrator",
            "year_start": st.column_config.NumberColumn("Year", format="%d"),
            "deaths": "Deaths (range of all figures)",
            "n_death_estimates": "Death figures",
            "source_ids": "Sources",
        },
    )

    st.header("How to read the figures")
    st.markdown(
        "- Every figure is shown **as a range with its qualifier**: *30–166* means the source gives a range; "
        "*at least 88* has no upper bound; *up to 250,000* has no lower bound; *about 1,000* is an approximate value.\n"
        "- When sources disagree, **every figure is kept** with who gives it. An incident's headline range runs from "
        "the lowest to the highest death figure any source gives, so a wide range means the sources disagree.\n"
        "- Two of the sources are revisions of the same article (Wikipedia's current one and an older copy on "
        "Military Wiki); where they differ, both figures are shown.\n"
        "- Places are where the events happened; hollow or faint map symbols are located only to a town, region or country."
    )

    st.header("Comparing Allied and Axis crimes")
    st.markdown(
        "The source articles set the crimes of the Allies in context: the Western Allies' crimes were far smaller in "
        "scale than those of the Axis powers, and historians warn that studying Allied crimes must not become an "
        "argument that the two sides were morally equivalent. Such arguments have long been used by Holocaust "
        "deniers and by nationalists on both sides. This dashboard puts the Axis captors beside the Allied ones in the "
        "prisoner-of-war comparison so that figures are read in proportion, not to balance one crime against another."
    )

    st.header("Pages")
    ui.page_links(exclude="views/overview.py")


overview()
