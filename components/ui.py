"""Streamlit helpers shared by the pages: cached data, sidebar filters, headers, detail view.

The only module besides views/ and app.py that calls st.*; the logic it draws on
lives in the pure modules (filters, format, figures, maps).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import filters as flt
from components.data import DataError, Dataset, load_dataset
from components.format import fmt_count, fmt_dates, fmt_range
from components.safe import md

STATE_READY = "_filters_ready"
NOTICES = "_url_notices"
# Session-state keys of the sidebar widgets, one per filter field.
W = {
    name: f"flt_{name}"
    for name in (
        "years",
        "perpetrators",
        "crime_types",
        "victim_categories",
        "countries",
        "min_deaths",
        "search",
    )
}
# Every page once: (file, title, icon, section, url path, what it offers). app.py builds the navigation from it.
PAGES = [
    ("views/overview.py", "Overview", "🏠", "", "", "what the data holds and how to read it"),
    (
        "views/incidents.py",
        "Incidents",
        "📋",
        "Explore",
        "incidents",
        "filter, read and download every incident with all its estimates",
    ),
    (
        "views/map.py",
        "Map",
        "🗺️",
        "Explore",
        "map",
        "where each incident happened, sized by deaths, with an offline basemap",
    ),
    (
        "views/timeline.py",
        "Timeline",
        "📅",
        "Explore",
        "timeline",
        "incidents over time with the periods shaded, and deaths per year as ranges",
    ),
    (
        "views/compare.py",
        "Compare",
        "📊",
        "Explore",
        "compare",
        "counts and death ranges by perpetrator, crime type, victims and period; how sure the figures are",
    ),
    (
        "views/pow.py",
        "POW mortality",
        "⚖️",
        "Prisoners of war",
        "pow",
        "the captor × captives matrix, every estimate for a pair, pair against pair",
    ),
    (
        "views/sources.py",
        "Sources & method",
        "📖",
        "About",
        "sources",
        "the four articles, licences, curation method and data dictionary",
    ),
]
VICTIM_LABELS = {"prisoners_of_war": "Prisoners of war", "civilians": "Civilians", "mixed": "Mixed"}


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


@st.cache_resource
def vocabulary(_ds: Dataset) -> flt.Vocabulary:
    """Return the allowed filter values of the dataset (computed once)."""
    return flt.vocabulary(_ds.incidents, _ds["crime_types"]["crime_type"].tolist())


def labels(ds: Dataset) -> dict[str, dict[str, str]]:
    """Return the label maps used by widgets and subtitles."""
    return {
        "perpetrators": ds.labels("parties", "party_id"),
        "crime_types": ds.labels("crime_types", "crime_type"),
        "victim_categories": VICTIM_LABELS,
        "countries": country_names(ds),
    }


def country_names(ds: Dataset) -> dict[str, str]:
    """Return {ISO code: country name} for the countries in the data."""
    import pycountry

    out = {}
    for code in ds.incidents["country_code"].dropna().unique():
        c = pycountry.countries.get(alpha_2=str(code))
        out[str(code)] = getattr(c, "common_name", None) or (c.name if c else str(code))
    return out


def _put(f: flt.Filters) -> None:
    """Write a Filters value into the widgets' session state."""
    st.session_state[W["years"]] = (f.year_min, f.year_max)
    for name in ("perpetrators", "crime_types", "victim_categories", "countries"):
        st.session_state[W[name]] = list(getattr(f, name))
    st.session_state[W["min_deaths"]] = f.min_deaths
    st.session_state[W["search"]] = f.search


def _read() -> flt.Filters:
    """Return the Filters value the widgets hold."""
    ss = st.session_state
    y0, y1 = ss[W["years"]]
    return flt.Filters(
        year_min=int(y0),
        year_max=int(y1),
        perpetrators=tuple(ss[W["perpetrators"]]),
        crime_types=tuple(ss[W["crime_types"]]),
        victim_categories=tuple(ss[W["victim_categories"]]),
        countries=tuple(ss[W["countries"]]),
        min_deaths=int(ss[W["min_deaths"]] or 0),
        search=str(ss[W["search"]] or "")[: flt.MAX_SEARCH],
    )


def current_filters() -> flt.Filters:
    """Return the filters app.py set for this run (defaults when a page runs on its own)."""
    return st.session_state.get("filters", flt.Filters())


def _reset() -> None:
    _put(flt.Filters())


def sidebar_filters(ds: Dataset) -> flt.Filters:
    """Draw the shared filters in the sidebar, keep them in the URL, and return them."""
    vocab, lab = vocabulary(ds), labels(ds)
    if not st.session_state.get(STATE_READY):
        f, notices = flt.from_query(st.query_params.to_dict(), vocab)
        _put(f)
        st.session_state[NOTICES] = notices
        st.session_state[STATE_READY] = True
    sb = st.sidebar
    sb.header("Filters")
    sb.slider("Years", flt.YEAR_MIN, flt.YEAR_MAX, key=W["years"], help="Incidents overlapping these years.")
    sb.multiselect(
        "Perpetrator",
        vocab.perpetrators,
        key=W["perpetrators"],
        placeholder="All perpetrators",
        format_func=lambda v: lab["perpetrators"].get(v, v),
    )
    sb.multiselect(
        "Crime type",
        vocab.crime_types,
        key=W["crime_types"],
        placeholder="All crime types",
        format_func=lambda v: lab["crime_types"].get(v, v),
    )
    sb.multiselect(
        "Victims",
        vocab.victim_categories,
        key=W["victim_categories"],
        placeholder="All victims",
        format_func=lambda v: VICTIM_LABELS.get(v, v),
    )
    sb.multiselect(
        "Modern country",
        vocab.countries,
        key=W["countries"],
        placeholder="All countries",
        format_func=lambda v: lab["countries"].get(v, v),
    )
    sb.number_input(
        "Minimum deaths",
        min_value=0,
        max_value=flt.MAX_DEATHS,
        step=100,
        key=W["min_deaths"],
        help="Keeps an incident when its highest death figure reaches this number.",
    )
    sb.text_input("Search names and places", key=W["search"], max_chars=flt.MAX_SEARCH)
    sb.button("Reset filters", on_click=_reset, width="stretch")
    f = _read()
    sync_url(f)
    return f


def sync_url(f: flt.Filters) -> None:
    """Mirror the filters into the URL, keeping the page's own parameters."""
    keep = {k: st.query_params[k] for k in flt.PAGE_KEYS if k in st.query_params}
    wanted = {**flt.to_query(f), **keep}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def show_notices() -> None:
    """Show, once, the notices about URL parameters that were ignored."""
    notices = st.session_state.pop(NOTICES, None)
    if notices:
        st.warning("  \n".join(md(n) for n in notices), icon="ℹ️")


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
):
    """Return at most tables.MAX_TABLE_ROWS rows of df (ordered by column `by`), saying so when some are left out."""
    from components.tables import capped

    shown, left_out = capped(df, by=by, ascending=ascending)
    if left_out:
        st.caption(
            f"ℹ️ This table lists the first {len(shown):,} of {len(df):,} rows ({order}), so that the page "
            f"stays quick. Narrow the filters to list the others; {download} holds every filtered incident."
        )
    return shown


def filtered_page(title: str, intro: str) -> tuple[Dataset, flt.Filters, pd.DataFrame] | None:
    """Start a page over the filtered incidents: load the data, apply the sidebar's filters, draw the header.

    Return (dataset, filters, kept incidents); None when nothing matches, after saying so.
    """
    ds = dataset_or_stop()
    f = current_filters()
    inc = flt.apply_filters(ds.incidents, f)
    page_header(title, intro, len(inc), len(ds.incidents))
    if inc.empty:
        no_match()
        return None
    return ds, f, inc


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
    lab = labels(ds)
    st.header(md(r["name"]))
    if r["other_names"] is not None and str(r["other_names"]) not in ("", "<NA>"):
        st.caption("Also known as: " + md(r["other_names"]))
    c1, c2, c3 = st.columns(3)
    c1.markdown(f"**When**  \n{md(fmt_dates(r['date_start'], r['date_end'], r['date_precision']))}")
    c2.markdown(
        f"**Where**  \n{md(r['place'])}"
        + ("" if r["at_sea"] else f" ({md(lab['countries'].get(r['country_code'], r['country_code']))})")
        + f"  \nlocated to: {md(r['location_precision'])}"
    )
    c3.markdown(
        f"**Perpetrator**  \n{md(lab['perpetrators'].get(r['perpetrator'], r['perpetrator']))}"
        + (f" — {md(r['perpetrator_force'])}" if _has(r["perpetrator_force"]) else "")
    )
    st.markdown(
        f"**Deaths (all figures):** {md(fmt_range(r['deaths_low'], r['deaths_high'], r['deaths_qualifier']))}"
    )
    st.markdown(md(r["summary"]))
    if _has(r["date_note"]):
        st.caption("Dates: " + md(r["date_note"]))
    acc = md(r["accountability"]) if _has(r["accountability"]) else "The sources say nothing about it."
    st.markdown(f"**Accountability** ({md(str(r['accountability_status']).replace('_', ' '))}): {acc}")
    est = ds.estimates[ds.estimates["incident_id"] == incident_id]
    table = est.assign(
        figure=[
            fmt_range(a, b, q, t)
            for a, b, q, t in zip(est["low"], est["high"], est["qualifier"], est["value_text"])
        ],
        metric=est["metric"].map(ds.labels("metrics", "metric")).fillna(est["metric"]),
    )[
        [
            "metric",
            "figure",
            "qualifier",
            "value_text",
            "victims",
            "attribution",
            "source_title",
            "section",
            "note",
        ]
    ]
    st.markdown(f"**All {len(table)} estimates, side by side**")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "metric": "Metric",
            "figure": "Figure",
            "qualifier": "Qualifier",
            "value_text": "As worded in the source",
            "victims": "Counts",
            "attribution": "According to",
            "source_title": "Source article",
            "section": "Section",
            "note": "Note",
        },
    )
    src = ds["incident_sources"][ds["incident_sources"]["incident_id"] == incident_id]
    st.caption(
        "Described in: "
        + "; ".join(
            md(f"{t} — {s}")
            for t, s in zip(src["source_id"].map(ds.labels("sources", "source_id", "title")), src["section"])
        )
    )


@st.cache_resource(max_entries=256, show_spinner=False)
def _memo(key: tuple, _build):
    return _build()


def memo(key: tuple, build):
    """Return build(), computed once per key (figures and tables are read-only once built).

    The key must hold everything the result depends on: a name, the filters and page options.
    The dataset is loaded once per process, so its identity is part of every key.
    """
    return _memo((id(dataset()), *tuple(key)), build)


def chart(fig, key: str) -> str:
    """Draw a plotly figure with the project's template, its print-quality camera button and a key.

    Under it goes its description, written from the figure's data (the chart's text alternative).
    Return the chart's title, for the label of its table (table_of).
    """
    from components.alt_text import describe
    from components.theme import chart_config

    title = fig.layout.meta["title"]
    st.plotly_chart(fig, theme=None, width="stretch", config=chart_config(title), key=key)
    st.caption("Chart description: " + md(describe(fig)))
    return title


def table_of(*titles: str) -> str:
    """Return the label of a chart's table alternative, naming the chart(s) it belongs to."""
    names = " and ".join(f"'{t}'" for t in titles)
    return md(f"Table of the chart{'s' if len(titles) > 1 else ''} {names}")


def url_choice(key: str, value: str, default: str) -> None:
    """Keep a page-local choice in the URL (absent when it is the default)."""
    if value == default:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def page_title(path: str) -> str:
    """Return the navigation title of a page file."""
    return next(t for p, t, *_ in PAGES if p == path)


def page_links(exclude: str) -> None:
    """Link to every other page with one line on what it offers."""
    for path, title, icon, _, _, blurb in PAGES:
        if path != exclude:
            st.page_link(path, label=f"{title}: {blurb}", icon=icon)


def _has(v) -> bool:
    return v is not None and str(v) not in ("", "<NA>", "nan")
