"""Streamlit helpers shared by the pages: the cached dataset, page headers, charts, the incident detail.

The sidebar is components.sidebar, the URL components.urlstate; the logic all of them draw on lives
in the pure modules (filters, labels, catalogue, format, figures, maps).
"""

from __future__ import annotations

import streamlit as st

from components import catalogue, params, sidebar
from components import filters as flt
from components.data import DataError, Dataset, load_dataset
from components.format import fmt_count, state_label
from components.labels import filter_labels, source_titles
from components.safe import md

# Every page once: (file, title, icon, section, url path, what it offers). app.py builds the navigation from it.
# Icons are Material Symbols, a font that ships with Streamlit: no emoji font is needed on the reader's machine.
PAGES = [
    ("views/overview.py", "Overview", ":material/home:", "", "", "what the data holds and how to read it"),
    (
        "views/incidents.py",
        "Incidents",
        ":material/table_view:",
        "Explore",
        "incidents",
        "filter, read and download every incident with all its estimates",
    ),
    (
        "views/map.py",
        "Map",
        ":material/map:",
        "Explore",
        "map",
        "where each incident happened, sized by deaths, with an offline basemap",
    ),
    (
        "views/timeline.py",
        "Timeline",
        ":material/timeline:",
        "Explore",
        "timeline",
        "incidents over time with the periods shaded, and deaths per year as ranges",
    ),
    (
        "views/compare.py",
        "Compare",
        ":material/bar_chart:",
        "Explore",
        "compare",
        "counts and death ranges by perpetrator, crime type, victims and period; how sure the figures are",
    ),
    (
        "views/pow.py",
        "POW mortality",
        ":material/balance:",
        "Prisoners of war",
        "pow",
        "the captor × captives matrix, every estimate for a pair, pair against pair",
    ),
    (
        "views/sources.py",
        "Sources & method",
        ":material/menu_book:",
        "About",
        "sources",
        "the four articles, licences, curation method and data dictionary",
    ),
]


@st.cache_resource(show_spinner="Loading and validating the data package…")
def dataset() -> Dataset:
    """Return the data package, read and validated once per process.

    cache_resource rather than cache_data: the tables are read-only, and copying
    them on every rerun would cost more than the pages' own work at scale.
    """
    return load_dataset()


def dataset_or_stop() -> Dataset:
    """Return the dataset, or show one clear error naming file, row and field and stop the page."""
    try:
        return dataset()
    except DataError as exc:
        st.error(f"The data package could not be loaded. {exc}", icon="⚠️")
        st.caption("Fix the file named above (or point WARCRIMES_DATA_DIR at a valid package) and reload.")
        st.stop()


def page_header(title: str, intro: str, kept: int, total: int) -> None:
    """Draw a page's title, its one-sentence intro and how many incidents the filters keep."""
    st.title(title)
    st.caption(intro)
    st.markdown(f"**{fmt_count(kept, total)}** match the filters.")


def capped_rows(
    df,
    order: str,
    by: str | None = None,
    ascending: bool = True,
    download: str = "the CSV download on the Incidents page",
    memo_key: tuple | None = None,
    then=None,
):
    """Return at most tables.MAX_TABLE_ROWS rows of df (ordered by column `by`), saying so when some are left out.

    then: a function of the rows kept (the table to show); its result is returned in their place.
    memo_key: what df depends on (the filters, ...): the rows, and what `then` makes of them, are then made
    once per key; they are at most the table limit, so keeping them costs little even with large data.
    """
    from components import tables

    def pick():
        shown, left_out = tables.capped(df, by=by, ascending=ascending)
        return (then(shown) if then else shown), left_out, len(shown)

    if memo_key is None:
        out, left_out, n_shown = pick()
    else:
        out, left_out, n_shown = memo(("capped", *memo_key, by, ascending, tables.MAX_TABLE_ROWS), pick)
    if left_out:
        st.caption(
            f"ℹ️ This table lists the first {n_shown:,} of {len(df):,} rows ({order}), so that the page "
            f"stays quick. Narrow the filters to list the others; {download} holds every filtered incident."
        )
    return out


def filtered_page(title: str, intro: str) -> catalogue.View | None:
    """Start a page over the filtered incidents: load the data, apply the sidebar's filters, draw the header.

    Return the page's View (dataset, filters, kept incidents, labels); None when nothing matches, after
    saying so.
    """
    ds = dataset_or_stop()
    v = catalogue.View(ds, sidebar.current())
    page_header(title, intro, len(v.inc), len(ds.incidents))
    if v.inc.empty:
        no_match()
        return None
    return v


def no_match() -> None:
    """Say that no incident matches, with a way out."""
    st.info(
        "No incidents match the current filters. Widen the years or clear a filter in the sidebar "
        "(or press **Reset filters**).",
        icon="🔎",
    )


def incident_detail(ds: Dataset, incident_id: str) -> None:
    """Draw one incident: summary, dates, place, accountability and all its estimates side by side."""
    inc = ds.incidents
    rows = inc[inc["incident_id"] == incident_id]
    if rows.empty:
        st.warning("That incident is not in the data.")
        return
    r = rows.iloc[0]
    lab = filter_labels(ds)
    st.header(md(r["name"]))
    if _has(r["other_names"]):
        st.caption("Also known as: " + md(r["other_names"]))
    c1, c2, c3 = st.columns(3)
    c1.markdown(f"**When**  \n{md(r['dates_text'])}")
    c2.markdown(
        f"**Where**  \n{md(r['place'])}"
        + ("" if r["at_sea"] else f" ({md(lab['countries'].get(r['country_code'], r['country_code']))})")
        + f"  \nlocated to: {md(r['location_precision_label'])}"
        + f"  \nstate at the time: {md(state_label(r['state_at_time'], r['borders_year'], r['at_sea'], r['near_state']))}"
    )
    c3.markdown(
        f"**Perpetrator**  \n{md(lab['perpetrators'].get(r['perpetrator'], r['perpetrator']))}"
        + (f" — {md(r['perpetrator_force'])}" if _has(r["perpetrator_force"]) else "")
    )
    st.markdown(f"**Deaths (all figures):** {md(r['deaths_text'])}")
    if "shares" in ds.tables and _has(r.get("share_text")):
        from components import shares

        st.markdown(f"**{shares.HEADING}:** {md(r['share_text'])}")
    st.markdown(md(r["summary"]))
    if _has(r["date_note"]):
        st.caption("Dates: " + md(r["date_note"]))
    acc = md(r["accountability"]) if _has(r["accountability"]) else "The sources say nothing about it."
    st.markdown(f"**Accountability** ({md(r['accountability_status_label'])}): {acc}")
    est = ds.estimates[ds.estimates["incident_id"] == incident_id]
    if est.empty:
        st.markdown("**No figure:** the sources give no estimate for this incident.")
    else:
        from components.tables import estimate_table

        st.markdown(f"**All {len(est)} estimates, side by side**")
        st.dataframe(
            estimate_table(est, ds.labels("metrics", "metric")),
            hide_index=True,
            width="stretch",
            column_config={"Figure": st.column_config.TextColumn(width="small")},
        )
    if "shares" in ds.tables and _has(r.get("share_text")):
        from components import shares

        st.markdown("**Its shares, side by side**")
        st.dataframe(
            shares.incident_table(
                ds["shares"],
                incident_id,
                ds.labels("metrics", "metric"),
                ds.labels("sources", "source_id", "title"),
            ),
            hide_index=True,
            width="stretch",
        )
    src = ds["incident_sources"][ds["incident_sources"]["incident_id"] == incident_id]
    st.caption(
        "Described in: "
        + "; ".join(md(f"{t} — {s}") for t, s in zip(src["source_id"].map(source_titles(ds)), src["section"]))
    )


@st.cache_resource(max_entries=256, show_spinner=False)
def _memo(key: tuple, _build):
    return _build()


def memo(key: tuple, build):
    """Return build(), computed once per key (figures and tables are read-only once built).

    The key must hold everything the result depends on: a name, the filters and page options.
    The dataset is loaded once per process, so its identity is part of every key.
    """
    plain = tuple(k.items() if isinstance(k, flt.Filters) else k for k in key)  # what st.cache hashes
    return _memo((id(dataset()), *plain), build)


def chart(fig, key: str, caption: str | None = None, description: str | None = None) -> str:
    """Draw a plotly figure with the project's template, its print-quality camera button and a key.

    Under it goes its description, written from the figure's data (the chart's text alternative), then
    the page's caption (code's own text, Markdown). The three share one container, which printing keeps
    on one sheet. `description`: the text alternative when the caller has it already (figure() keeps it
    with the figure). Return the chart's title, for the label of its table (table_of).
    """
    from components.alt_text import describe
    from components.theme import chart_config

    title = fig.layout.meta["title"]
    with st.container(key=f"figure-{key}"):
        st.plotly_chart(fig, theme=None, width="stretch", config=chart_config(title), key=key)
        st.caption("Chart description: " + md(description or describe(fig)))
        if caption:
            st.caption(caption)
    return title


def table_of(*charts) -> str:
    """Return the label of a chart's table alternative, naming the chart(s) it belongs to (figures or titles)."""
    titles = [c.layout.meta["title"] if hasattr(c, "layout") else str(c) for c in charts if c is not None]
    names = " and ".join(f"'{t}'" for t in titles)
    return md(f"Table of the chart{'s' if len(titles) > 1 else ''} {names}")


def figure(build, v: catalogue.View, *options, key: str, caption: str | None = None) -> object:
    """Draw a catalogue figure for the view and the page's options, memoised on exactly those, with the
    page's caption under its description.

    Return the figure (None when there is nothing to draw, and nothing is drawn).
    """
    from components.alt_text import describe

    what = (build.__module__, build.__qualname__, v.filters, *options)
    fig = memo(what, lambda: build(v, *options))
    if fig is not None:
        chart(fig, key, caption, memo(("description", *what), lambda: describe(fig)))
    return fig


def page_title(path: str) -> str:
    """Return the navigation title of a page file."""
    return next(t for p, t, *_ in PAGES if p == path)


def page_links(exclude: str) -> None:
    """Link to every other page with one line on what it offers."""
    for path, title, icon, _, _, blurb in PAGES:
        if path != exclude:
            st.page_link(path, label=f"{title}: {blurb}", icon=icon)


def _has(v) -> bool:
    return not params.is_missing(v)
