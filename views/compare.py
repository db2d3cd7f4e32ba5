"""Compare: counts and death ranges across perpetrators, crime types, victims and periods, and how sure the figures are."""

import streamlit as st

from components import compare as cmp
from components import figures, ui
from components.filters import describe
from components.safe import md


def compare_page() -> None:
    start = ui.filtered_page(
        "Compare",
        "Incident counts and death ranges side by side across perpetrators, crime types, "
        "victims and periods, and where the sources disagree.",
    )
    if start is None:
        return
    ds, f, inc = start
    view, notice = cmp.parse_choice(
        st.query_params.get("view"), list(cmp.DIMENSIONS), cmp.DEFAULT_DIMENSION, "view"
    )
    log, log_notice = cmp.parse_log(st.query_params.get("log"))
    for n in (notice, log_notice):
        if n:
            st.caption("ℹ️ " + md(n))
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
    ui.url_choice("view", view, cmp.DEFAULT_DIMENSION)
    ui.url_choice("log", "1" if log else "0", "0")

    lab = ui.labels(ds)
    dim_labels = {
        "perpetrator": lab["perpetrators"],
        "crime_type": lab["crime_types"],
        "victims": lab["victim_categories"],
        "period": ds.labels("periods", "period"),
    }[view]
    subtitle, source = describe(f, lab), figures.source_line(inc["source_ids"])
    table = cmp.dimension_table(inc, view, dim_labels)
    order = table["category"].tolist()[::-1]
    if view == "period":
        order = cmp.category_order(dim_labels, view, table["category"])[::-1]
        table = table.set_index("category").loc[order[::-1]].reset_index()
    counts_name = ui.chart(
        ui.memo(
            ("compare_counts", f, view),
            lambda: cmp.counts_figure(
                inc, view, dim_labels, lab["perpetrators"], subtitle=subtitle, order=order
            ),
        ),
        "compare_counts",
    )
    if view == "crime_type":
        st.caption(
            "An incident with several crime types counts once under each of them, so the bars add up to more "
            "than the number of incidents."
        )
    deaths_name = ui.chart(
        ui.memo(
            ("compare_deaths", f, view, log),
            lambda: cmp.deaths_range_figure(table, view, subtitle=subtitle, source=source, log=log),
        ),
        "compare_deaths",
    )
    st.caption(
        f"{cmp.SUM_RULE} {int(table['without_figure'].sum()) if view != 'crime_type' else int((inc['deaths_low'].isna() & inc['deaths_high'].isna()).sum()):,} "
        "of the filtered incidents have no death figure."
        + (" On the log scale a low of 0 is drawn at 1." if log else "")
    )
    with st.expander(ui.table_of(counts_name, deaths_name)):
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
    m = cmp.crime_matrix(inc, lab["perpetrators"], lab["crime_types"])
    matrix_name = ui.chart(
        ui.memo(("compare_matrix", f), lambda: cmp.matrix_figure(m, subtitle=subtitle, source=source)),
        "compare_matrix",
    )
    st.caption("Each cell counts incidents; an incident with several crime types counts in each of its rows.")
    with st.expander(ui.table_of(matrix_name)):
        st.dataframe(m.rename_axis("Crime type").reset_index(), hide_index=True, width="stretch")

    st.header("How sure are we?")
    deaths = set(ds["metrics"].loc[ds["metrics"]["is_death"].astype(bool), "metric"])
    dis = ui.memo(("disagreements", f), lambda: cmp.disagreements(ds.estimates, inc, deaths))
    st.markdown(
        f"**{len(dis):,}** of the {len(inc):,} filtered incidents have death figures that disagree. "
        + cmp.DISAGREEMENT_RULE
    )
    if dis.empty:
        st.info("No filtered incident has disagreeing death figures.", icon="🔎")
    else:
        most = min(len(dis), cmp.MOST_DISAGREEMENTS)
        n = (
            st.slider(
                "Incidents shown",
                1,
                most,
                min(cmp.MAX_DISAGREEMENTS, most),
                key="compare_n_sure",
                help=f"Up to {cmp.MOST_DISAGREEMENTS} in the chart; the table below lists them all.",
            )
            if most > 1
            else 1
        )
        rows = cmp.estimate_rows(ds.estimates, dis.head(n), deaths)
        est_src = figures.source_line(rows["source_id"])
        sure_name = ui.chart(
            ui.memo(
                ("compare_sure", f, n),
                lambda: cmp.uncertainty_figure(rows, subtitle=subtitle, source=est_src),
            ),
            "compare_sure",
        )
        st.caption(
            "Each row under an incident is one estimate: a dot for a single figure, a line for a range, "
            "▶ for 'at least', ◀ for 'up to'. The number after the name is the ratio of the highest to the "
            "lowest figure. The axis turns logarithmic when figures span a factor of "
            f"{cmp.LOG_SPAN} or more."
        )
        with st.expander(ui.table_of(sure_name) + " (all disagreeing incidents)"):
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
        "**Two revisions of one article.** 'Soviet war crimes' is held twice: the current Wikipedia revision "
        "and an older copy on Military Wiki. Incidents where both give death figures and they differ:"
    )
    rev = ui.memo(("revisions", f), lambda: cmp.revision_differences(ds.estimates, inc, deaths))
    if rev.empty:
        st.info("No filtered incident has differing death figures in the two revisions.", icon="🔎")
    else:
        ui.chart(
            ui.memo(("compare_revisions", f), lambda: cmp.revision_figure(rev, subtitle=subtitle)),
            "compare_revisions",
        )
        st.dataframe(
            ui.capped_rows(rev, "by date")[["name", "current", "older"]],
            hide_index=True,
            width="stretch",
            column_config={
                "name": "Incident",
                "current": cmp.REVISION_LABELS[cmp.CURRENT],
                "older": cmp.REVISION_LABELS[cmp.OLDER],
            },
        )


compare_page()
