"""POW mortality: the captor × captives matrix of the summary table, every estimate for a pair, pair against pair."""

import streamlit as st

from components import catalogue, params, teach_ui, ui, urlstate
from components import pow_data as pwd
from components import pow_tables as pwt
from components.filters import Filters
from components.safe import md


def pow_page() -> None:
    ds = ui.dataset_or_stop()
    # The POW table ignores the incident filters: its figures are built for the default view.
    v = catalogue.View(ds, Filters())
    rows = catalogue.pow_rows(ds)
    urlstate.page_keys("pair", "pairs")
    st.title("Prisoners of war: how many died in captivity")
    st.caption(
        "Every prisoner-of-war mortality figure in the four articles, Axis captors beside the Allied ones. "
        "This page shows all POW figures: the sidebar's incident filters do not apply here."
    )
    st.markdown(f"**{len(rows):,} estimates** for **{rows['pair'].nunique()} captor–captive pairs**.")
    labels = catalogue.pow_pair_labels(ds)

    st.header("The summary table: percent killed, by captor and captives")
    cells = catalogue.pow_cells(ds)
    matrix_fig = ui.figure(
        catalogue.pow_matrix,
        v,
        key="pow_matrix",
        caption="As printed in 'Allied war crimes during World War II' (section 'Comparative death rates of "
        "POWs'): ranges and words exactly as the table gives them; '–' where the table prints a dash; an empty "
        "cell where it gives no figure (never 0). Colour shows the percentage (a range by its midpoint).",
    )
    with st.expander(ui.table_of(matrix_fig)):
        st.dataframe(pwt.matrix_table(cells), width="stretch")

    st.header("Every estimate for one pair")
    pair = urlstate.one_of("pair", labels, pwd.DEFAULT_PAIR)
    options = list(labels)
    pair = (
        st.selectbox(
            "Captor and captives",
            options,
            index=options.index(pair),
            format_func=lambda p: labels.get(p, p),
            key="pow_pair",
        )
        or pwd.DEFAULT_PAIR
    )
    urlstate.put("pair", pair, pwd.DEFAULT_PAIR)
    pair_caption = (
        "Filled markers: the rate a source states. Hollow markers: the rate computed here from the numbers "
        "captured and died that the same source gives. Arrows mark open ends ('over', 'up to')."
    )
    if ui.figure(catalogue.pow_pair, v, pair, key="pow_pair_chart", caption=pair_caption) is None:
        st.info("No source gives a rate or both counts for this pair; its figures are in the table below.")
    st.dataframe(
        ui.memo(("pow_pair_table", pair), lambda: pwt.display_table(rows[rows["pair"] == pair], labels)),
        hide_index=True,
        width="stretch",
        column_order=pwt.TABLE_ORDER,
        column_config=pwt.TABLE_COLUMNS,
    )
    teach_ui.pow_worksheet(ds, pair, labels)

    st.header("Pair against pair")
    chosen = urlstate.list_of("pairs", labels, pwd.DEFAULT_PAIRS, pwd.MAX_PAIRS)
    c1, c2 = st.columns([5, 1])
    chosen = c1.multiselect(
        "Pairs to compare",
        options,
        default=[p for p in chosen if p in labels],
        format_func=lambda p: labels.get(p, p),
        key="pow_pairs",
        max_selections=pwd.MAX_PAIRS,
    )
    log = c2.toggle("Log scale", key="pow_log")
    urlstate.put("pairs", params.join(chosen), params.join(pwd.DEFAULT_PAIRS))
    if chosen:
        ranges = ui.memo(("pow_ranges", tuple(chosen)), lambda: catalogue.pow_ranges(v, chosen))
        pairs_fig = ui.figure(catalogue.pow_pairs, v, tuple(chosen), log, key="pow_pairs_chart")
        st.caption(
            "Each bar runs from the lowest to the highest rate among the estimates that cover all prisoners of "
            "the pair (stated or computed from counts); solid ticks are those estimates. Hollow ticks cover less: "
            "part of the time, some of the prisoners, or one episode, and stay outside the bar."
        )
        with st.expander(ui.table_of(pairs_fig)):
            st.dataframe(
                ranges[["label", "range", "estimates"]],
                hide_index=True,
                width="stretch",
                column_config={"label": "Pair", "range": "Lowest to highest rate", "estimates": "Estimates"},
            )

    st.header("Captured and died, where a source gives both")
    counts = catalogue.pow_count_rows(ds)
    if not counts.empty:
        c1, c2 = st.columns([3, 1])
        mode = c1.radio("Bars", ["grouped", "overlaid"], horizontal=True, key="pow_counts_mode")
        clog = c2.toggle("Log scale", value=True, key="pow_counts_log")
        counts_fig = ui.figure(catalogue.pow_counts, v, mode, clog, key="pow_counts")
        with st.expander(ui.table_of(counts_fig)):
            st.dataframe(
                counts[["pair_label", "attribution", "scope", "captured_text", "died_text", "computed_rate"]],
                hide_index=True,
                width="stretch",
                column_config={
                    "pair_label": "Pair",
                    "attribution": "According to",
                    "scope": "Scope",
                    "captured_text": "Captured",
                    "died_text": "Died",
                    "computed_rate": "Died ÷ captured",
                },
            )

    st.header("Why the estimates differ")
    for heading, text, ids in pwt.WHY_NOTES:
        st.markdown(f"**{heading}.** {text}")
        for line in ui.memo(("pow_why", heading), lambda ids=ids: pwt.why_examples(rows, ids, labels)):
            st.markdown(f"- {md(line)}")
    st.markdown(
        "Comparing captors is no argument that their crimes were morally equivalent; the table is read in "
        "proportion, with the Axis captors beside the Allied ones."
    )

    st.header("All POW mortality figures")
    st.dataframe(
        ui.memo(("pow_table",), lambda: pwt.display_table(rows, labels)),
        hide_index=True,
        width="stretch",
        column_order=pwt.TABLE_ORDER,
        column_config=pwt.TABLE_COLUMNS,
    )
    teach_ui.pow_downloads(ds, rows)


pow_page()
