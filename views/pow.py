"""POW mortality: the captor × captives matrix of the summary table, every estimate for a pair, pair against pair."""

import streamlit as st

from components import figures, ui
from components import pow_data as pwd
from components import pow_figures as pwf
from components import pow_tables as pwt
from components.safe import md
from components.theme import party_colour


def pow_page() -> None:
    ds = ui.dataset_or_stop()
    # The POW table ignores the filters, so everything built from it is memoised once per choice.
    rows = ui.memo(("pow_rows",), lambda: pwd.with_rates(ds.pow))
    st.title("Prisoners of war: how many died in captivity")
    st.caption(
        "Every prisoner-of-war mortality figure in the four articles, Axis captors beside the Allied ones. "
        "This page shows all POW figures: the sidebar's incident filters do not apply here."
    )
    st.markdown(f"**{len(rows):,} estimates** for **{rows['pair'].nunique()} captor–captive pairs**.")
    parties, groups = ds.labels("parties", "party_id"), ds.labels("captive_groups", "captive_group_id")
    labels = ui.memo(("pow_labels",), lambda: pwd.pair_options(rows, parties, groups))

    st.subheader("The summary table: percent killed, by captor and captives")
    cells = ui.memo(("pow_cells",), lambda: pwd.summary_matrix(rows, ds["captive_groups"], ds["parties"]))
    src_table = figures.source_line(["allied_wwii"])
    ui.chart(ui.memo(("pow_matrix",), lambda: pwf.matrix_figure(cells, source=src_table)), "pow_matrix")
    st.caption(
        "As printed in 'Allied war crimes during World War II' (section 'Comparative death rates of POWs'): "
        "ranges and words exactly as the table gives them; '–' where the table prints a dash; an empty cell "
        "where it gives no figure (never 0). Colour shows the percentage (a range by its midpoint)."
    )
    with st.expander("Table of the matrix"):
        st.dataframe(pwt.matrix_table(cells), width="stretch")

    st.subheader("Every estimate for one pair")
    pair, notice = pwd.parse_pair(st.query_params.get("pair"), labels, pwd.DEFAULT_PAIR)
    if notice:
        st.caption("ℹ️ " + md(notice))
    options = list(labels)
    pair = st.selectbox(
        "Captor and captives", options, index=options.index(pair), format_func=labels.get, key="pow_pair"
    )
    if pair != pwd.DEFAULT_PAIR:
        st.query_params["pair"] = pair
    else:
        st.query_params.pop("pair", None)
    with_rate, without = ui.memo(("pow_pair_estimates", pair), lambda: pwd.pair_estimates(rows, pair))
    src_pair = ui.memo(
        ("pow_pair_source", pair), lambda: figures.source_line(rows.loc[rows["pair"] == pair, "source_id"])
    )
    if with_rate.empty:
        st.info("No source gives a rate or both counts for this pair; its figures are in the table below.")
    else:
        ui.chart(
            ui.memo(
                ("pow_pair", pair),
                lambda: pwf.estimates_figure(
                    with_rate,
                    title=f"{labels[pair]}: every estimate of the death rate",
                    source=src_pair,
                    colour=party_colour(pair.partition(":")[0]),
                    n_without=len(without),
                ),
            ),
            "pow_pair_chart",
        )
        st.caption(
            "Filled markers: the rate a source states. Hollow markers: the rate computed here from the numbers "
            "captured and died that the same source gives. Arrows mark open ends ('over', 'up to')."
        )
    st.dataframe(
        ui.memo(("pow_pair_table", pair), lambda: pwt.display_table(rows[rows["pair"] == pair], labels)),
        hide_index=True,
        width="stretch",
    )

    st.subheader("Pair against pair")
    chosen, notice = pwd.parse_pairs(st.query_params.get("pairs"), labels, pwd.DEFAULT_PAIRS)
    if notice:
        st.caption("ℹ️ " + md(notice))
    c1, c2 = st.columns([5, 1])
    chosen = c1.multiselect(
        "Pairs to compare",
        options,
        default=[p for p in chosen if p in labels],
        format_func=labels.get,
        key="pow_pairs",
        max_selections=pwd.MAX_PAIRS,
    )
    log = c2.toggle("Log scale", key="pow_log")
    if list(chosen) != list(pwd.DEFAULT_PAIRS):
        st.query_params["pairs"] = pwd.pairs_to_query(chosen)
    else:
        st.query_params.pop("pairs", None)
    if chosen:
        ranges = ui.memo(("pow_ranges", tuple(chosen)), lambda: pwd.pair_ranges(rows, chosen, labels))
        ui.chart(
            ui.memo(
                ("pow_pairs", tuple(chosen), log),
                lambda: pwf.pairs_figure(
                    rows,
                    ranges,
                    source=figures.source_line(rows.loc[rows["pair"].isin(chosen), "source_id"]),
                    log=log,
                ),
            ),
            "pow_pairs_chart",
        )
        st.caption(
            "Each bar runs from the lowest to the highest rate among the estimates that cover all prisoners of "
            "the pair (stated or computed from counts); solid ticks are those estimates. Hollow ticks cover less: "
            "part of the time, some of the prisoners, or one episode, and stay outside the bar."
        )
        with st.expander("Table of this chart"):
            st.dataframe(
                ranges[["label", "range", "estimates"]],
                hide_index=True,
                width="stretch",
                column_config={"label": "Pair", "range": "Lowest to highest rate", "estimates": "Estimates"},
            )

    st.subheader("Captured and died, where a source gives both")
    counts = ui.memo(("pow_counts_rows",), lambda: pwd.counts_rows(rows, labels))
    if not counts.empty:
        c1, c2 = st.columns([3, 1])
        mode = c1.radio("Bars", ["grouped", "overlaid"], horizontal=True, key="pow_counts_mode")
        clog = c2.toggle("Log scale", value=True, key="pow_counts_log")
        ui.chart(
            ui.memo(
                ("pow_counts", mode, clog),
                lambda: pwf.counts_figure(
                    counts, source=figures.source_line(counts["source_id"]), mode=mode, log=clog
                ),
            ),
            "pow_counts",
        )
        with st.expander("Table of this chart"):
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

    st.subheader("Why the estimates differ")
    for heading, text, ids in pwt.WHY_NOTES:
        st.markdown(f"**{heading}.** {text}")
        for line in ui.memo(("pow_why", heading), lambda ids=ids: pwt.why_examples(rows, ids, labels)):
            st.markdown(f"- {md(line)}")
    st.markdown(
        "Comparing captors is no argument that their crimes were morally equivalent; the table is read in "
        "proportion, with the Axis captors beside the Allied ones."
    )

    st.subheader("All POW mortality figures")
    st.dataframe(
        ui.memo(("pow_table",), lambda: pwt.display_table(rows, labels)), hide_index=True, width="stretch"
    )
    st.download_button(
        "Download all POW figures (CSV)", lambda: pwt.pow_csv(rows), "pow_mortality.csv", "text/csv"
    )


pow_page()
