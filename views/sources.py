"""Sources & method: the articles and licences, the curation method, caveats and the data dictionary."""

import streamlit as st

from components import downloads, teach_ui, ui
from components.package import data_dictionary, package_zip


def sources_page() -> None:
    ds = ui.dataset_or_stop()
    inc = ds.incidents
    ui.page_header(
        "Sources & method",
        "Where every figure comes from, how it was curated, and what each column means.",
        len(inc),
        len(inc),
    )
    st.header("Sources")
    src = ds["sources"]
    st.dataframe(
        src[["title", "short_title", "publisher", "url", "licence", "retrieved", "revision_note"]],
        hide_index=True,
        width="stretch",
        column_config={
            "title": "Article",
            "publisher": "Publisher",
            "url": st.column_config.LinkColumn("Address"),
            "short_title": "In charts",
            "licence": "Licence",
            "retrieved": st.column_config.DateColumn(
                "Read by",
                format="D MMM YYYY",
                help="The copies carry no date; this is the day they had been read by.",
            ),
            "revision_note": "What the copy shows of its revision",
        },
    )
    st.markdown(
        "The tables are derived from these CC BY-SA articles and are licensed **CC BY-SA 4.0** with attribution to "
        "them. The dashboard's code is licensed MIT. Summaries are written in the project's own words."
    )
    st.header("How the data was curated")
    st.markdown(
        "- Each article was read in full. Every incident the text gives a number, a place or a date for became one row; "
        "every number attached to it became its own estimate row with the metric, the lower and upper bound, the "
        "qualifier, the number phrase as worded in the article, who gives it and the article section.\n"
        "- Qualifiers map to bounds in one way everywhere: *at least / over N* → lower bound only; *up to / fewer than N* "
        "→ upper bound only; *about / nearly N* → both bounds N; *between X and Y* → X and Y; phrases such as "
        "*tens of thousands* keep their wording and the smallest number they imply.\n"
        "- Where articles disagree (the two revisions of 'Soviet war crimes' differ in several places), each figure is "
        "kept with its source; nothing was averaged or chosen.\n"
        "- Coordinates are where the event happened, with a precision (exact site, town, region or country); events at "
        "sea are placed at sea. Modern countries are ISO codes checked against an offline reverse geocoder.\n"
        "- Automatic checks: the package validates against its schema (types, constraints, keys); every figure's wording "
        "occurs verbatim in the cited article; every section exists in that article; no summary repeats ten words of a source."
    )
    st.header("Caveats")
    st.markdown(
        "- The data holds what four encyclopedia articles say, not the whole historical record. Absence from the data "
        "is not absence from history, and the articles cover some perpetrators far more than others.\n"
        "- Counts of incidents are counts of what the articles describe; they measure coverage, not the scale of crimes.\n"
        "- Headline ranges span every death figure given for an incident, including partial counts and figures the "
        "article itself rejects; read the estimates and their notes before quoting a number.\n"
        "- Comparing Allied crimes with Axis crimes is no argument that they were morally equivalent; the articles "
        "themselves warn against that reading."
    )
    st.header("Data dictionary")
    st.caption("Generated from data/datapackage.json.")
    dd = data_dictionary(ds.descriptor)
    table = st.selectbox("Table", dd["table"].unique().tolist(), key="dd_table")
    st.dataframe(dd[dd["table"] == table].drop(columns="table"), hide_index=True, width="stretch")
    teach_ui.cite_package(ds)
    st.header("Downloads")
    downloads.download_button(
        "Download the whole data package (zip)",
        package_zip,
        "war-crimes-data-package.zip",
        "application/zip",
        memo_key=(),
        rows=sum(len(t) for t in ds.tables.values()),  # a large package is zipped when asked for
    )


sources_page()
