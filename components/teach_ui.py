"""The teaching kit on every page: downloads that open right, "Cite this view", the lesson deck, worksheets.

Each function draws one thing in one line of a page (or of app.py); what it shows is built by the
pure modules components.tables, components.cite, components.deck and components.worksheet.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from components import cite, downloads, figures, sidebar, tables, ui
from components.data import Dataset
from components.filters import Filters, describe
from components.labels import filter_labels, source_cites
from components.slides import MapView


def view_url() -> str:
    """Return the permalink of this view: the page's address with its query parameters (filters included)."""
    base = getattr(st.context, "url", None) or ""
    return cite.permalink(str(base), st.query_params.to_dict())


def _view(ds: Dataset, page: str, f: Filters | None) -> cite.View:
    return cite.View(
        page=page,
        filters=describe(f, filter_labels(ds)) if f is not None else "all prisoner-of-war figures",
        url=view_url(),
        accessed=date.today(),
        version=cite.version(),
        year=ds.memo("package_year", lambda d: cite.package_year(d.descriptor)),
    )


def _sources(ds: Dataset) -> list[dict[str, str]]:
    """Return the articles as citation entries, made once per dataset (read-only)."""
    return ds.memo(
        "source_entries", lambda d: cite.source_entries(d["sources"], cite.package_created(d.descriptor))
    )


def _readme_zip(
    ds: Dataset, files: dict, about: dict, *, f: Filters | None, rows: str, source: str, page: str
) -> bytes:
    sources = _sources(ds)
    text = tables.readme(
        title=f"{page}: data downloaded from the dashboard",
        files=about,
        filters=describe(f, filter_labels(ds)) if f is not None else "none (all prisoner-of-war figures)",
        rows=rows,
        source=source,
        view_url=view_url(),
        accessed=date.today(),
        attributions=[cite.attribution(e) for e in sources],
        citation=cite.view_apa(_view(ds, page, f)),
    )
    return tables.bundle(files, text)


def _zip_button(
    ds: Dataset,
    label: str,
    files: Callable[[], dict[str, bytes | str]],
    about: dict[str, str],
    *,
    f: Filters | None,
    rows: str,
    source_ids: pd.Series,
    page: str,
    file_name: str,
    memo_key: tuple,
    where,
    help: str,
    n_rows: int = 0,
) -> None:
    """Offer files() with a README (the filters, sources, licence, link and citation) as one zip."""

    def build() -> bytes:
        source = figures.source_line(source_ids, source_cites(ds))
        return _readme_zip(ds, files(), about, f=f, rows=rows, source=source, page=page)

    # The README names the view's link and the day.
    downloads.download_button(
        label,
        build,
        file_name,
        "application/zip",
        memo_key=(*memo_key, view_url(), date.today()),
        rows=n_rows,
        where=where,
        width="stretch",
        help=help,
    )


def incident_downloads(ds: Dataset, f: Filters, inc: pd.DataFrame) -> None:
    """Draw the Incidents page's downloads: incidents and estimates as CSV, and both with a README (zip)."""
    labels = filter_labels(ds)
    est = ui.memo(  # once per filter state: at 1000x the data the selection alone took 2 s a run
        ("estimates_of", f),
        lambda: ds.estimates[ds.estimates["incident_id"].isin(inc["incident_id"])],
    )
    names = {k: tables.file_name(k, f, labels) for k in ("incidents", "estimates")}
    c1, c2, c3 = st.columns(3)
    csvs = (  # (file kind, button, rows, CSV builder, help, column)
        ("incidents", "Download these incidents (CSV)", inc, tables.incidents_csv, None, c1),
        (
            "estimates",
            "Download their estimates (CSV)",
            est,
            tables.estimates_csv,
            "Every figure of these incidents: qualifier, wording, who gives it, article and section.",
            c2,
        ),
    )
    # Prepared per filter state and offered as bytes: see components/downloads.py (#20).
    for kind, label, frame, build, help_text, where in csvs:
        downloads.download_button(
            label,
            partial(build, frame),
            names[kind],
            "text/csv",
            memo_key=(f,),
            rows=len(frame),
            where=where,
            width="stretch",
            help=help_text,
        )

    _zip_button(
        ds,
        "Both, with a README (zip)",
        lambda: {  # the bytes the two CSV buttons offer (built once per filter state)
            names["incidents"]: downloads.prepared(
                names["incidents"], partial(tables.incidents_csv, inc), memo_key=(f,), rows=len(inc)
            ),
            names["estimates"]: downloads.prepared(
                names["estimates"], partial(tables.estimates_csv, est), memo_key=(f,), rows=len(est)
            ),
        },
        {
            names[
                "incidents"
            ]: "one row per incident: dates, place, perpetrator, headline deaths range, summary, sources",
            names[
                "estimates"
            ]: "one row per figure: metric, low, high, qualifier, wording, who gives it, article and section",
        },
        f=f,
        rows=f"{len(inc):,} of {len(ds.incidents):,} incidents; {len(est):,} estimates",
        source_ids=inc["source_ids"],
        page="Incidents",
        file_name=tables.file_name("incidents", f, labels, "zip"),
        memo_key=(f,),
        n_rows=len(inc) + len(est),
        where=c3,
        help="The two CSV files and a README that states the filters, the sources, the licence and how to cite.",
    )


def pow_downloads(ds: Dataset, rows: pd.DataFrame) -> None:
    """Draw the POW page's downloads: every figure as CSV, and with a README (zip)."""
    c1, c2 = st.columns(2)
    downloads.download_button(
        "Download all POW figures (CSV)",
        lambda: tables.csv_bytes(tables.pow_frame(rows)),
        "pow_mortality.csv",
        "text/csv",
        memo_key=(),
        where=c1,
        width="stretch",
    )

    _zip_button(
        ds,
        "With a README (zip)",
        lambda: {"pow_mortality.csv": tables.csv_bytes(tables.pow_frame(rows))},
        {
            "pow_mortality.csv": "one row per estimate: captor, captives, scope, captured, died, stated and "
            "computed rate, who gives it, article and section"
        },
        f=None,
        rows=f"{len(rows):,} estimates for {rows['pair'].nunique()} captor–captive pairs",
        source_ids=rows["source_id"],
        page="POW mortality",
        file_name="pow_mortality.zip",
        memo_key=(),
        where=c2,
        help="The CSV file and a README that states the sources, the licence and how to cite.",
    )


PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def deck_button(ds: Dataset, page: str, map_view: MapView, key: str) -> None:
    """Draw the lesson-deck download: every main figure for the current filters, built when clicked."""
    from components import deck

    if not deck.can_render():
        st.caption(
            "The lesson deck needs Chromium on the server to draw its figures; it is not installed here."
        )
        return
    f, labels = sidebar.current(), filter_labels(ds)
    view = _view(ds, page, f)  # read now: the page's address is known only during the run

    def make() -> bytes:
        with deck.image_server():
            return deck.build(ds, f, labels, view=view, map_view=map_view)

    downloads.download_button(
        "Lesson deck of this view (PowerPoint)",
        make,
        deck.file_name(f, labels),
        PPTX,
        memo_key=(f, view.url, map_view),
        lazy=True,
        key=key,
        width="stretch",
        help="A 16:9 slide per main figure with these filters, alt text and speaker notes with the key numbers "
        "and who gives them, and a slide of sources, licences and how to cite. Takes about half a minute.",
    )


CITE_KEY = "cite_view_open"


@st.fragment
def cite_view(ds: Dataset, page: str) -> None:
    """Draw "Cite this view": the view in APA, Chicago and BibTeX, the articles, and .bib and .ris files.

    Its content is written only while it is open (the expander keeps its state), and opening it reruns
    only this fragment, not the page.
    """
    box = st.expander("Cite this view", key=CITE_KEY, on_change="rerun")
    if not box.open:  # written when opened: its code boxes and texts cost every page's first load (#20)
        return
    f, labels = sidebar.current(), filter_labels(ds)
    v = _view(ds, page, f)
    texts = cite.view_texts(v, _sources(ds))
    with box:
        st.caption(
            "The link in each citation opens this page with these filters. Copy a citation with the button "
            "in the corner of its box."
        )
        for label, k, lang in (
            ("APA", "apa", None),
            ("Chicago", "chicago", None),
            ("BibTeX", "bibtex", "latex"),
        ):
            st.markdown(f"**{label}**")
            st.code(texts[k], language=lang, wrap_lines=True)
        st.markdown("**The source articles** (APA, with the date the curators retrieved them)")
        st.code(texts["sources_apa"], language=None, wrap_lines=True)
        formats = (("bib", "application/x-bibtex"), ("ris", "application/x-research-info-systems"))
        for where, (ext, mime) in zip(st.columns(2), formats, strict=True):
            where.download_button(
                f"All citations (.{ext})",
                texts[f"{ext}_file"],
                tables.file_name("citations", f, labels, ext),
                mime,
                width="stretch",
                key=f"cite_{ext}",
                on_click="ignore",
            )


def footer(ds: Dataset, page: str, map_view: MapView, presenting: bool = False) -> None:
    """Draw the teaching kit under every page: the lesson deck (its map as `map_view`) and, outside
    presentation mode, the citation."""
    st.divider()
    c1, c2 = st.columns([1, 2])
    with c1:
        deck_button(ds, page, map_view, key="deck_present" if presenting else "deck")
    if not presenting:
        with c2:
            cite_view(ds, page)


def cite_package(ds: Dataset) -> None:
    """Draw the Sources page's "How to cite": the data package, a view, the articles, and sharing the data."""
    st.subheader("How to cite")
    st.markdown(
        "Cite the **data package** when you use the tables themselves (the zip below), with its version, so "
        "that readers get the same rows. Cite **a view** of the dashboard when you show a chart or a filtered "
        "table: every page has *Cite this view* at its foot, whose link reopens the page with its filters. "
        "Where you quote a figure, name who gives it (the *According to* column) and the article it comes "
        "from, as the source articles are where the figures are published."
    )
    sources_url = cite.permalink(str(getattr(st.context, "url", "") or ""), {})
    st.code(cite.package_apa(ds.descriptor, sources_url, date.today()), language=None, wrap_lines=True)
    st.markdown(
        "The tables are licensed CC BY-SA 4.0 because the articles are: if you share the data or material "
        "made from it, keep the same licence and name the articles and their authors, for example:"
    )
    st.code("\n".join(cite.attribution(e) for e in _sources(ds)), language=None, wrap_lines=True)


def incident_worksheet(ds: Dataset, incident_id: str) -> None:
    """Draw the download of a printable worksheet (PDF) for one incident, with a map inset."""
    from components import deck, worksheet

    labels, citation = filter_labels(ds), cite.view_apa(_view(ds, "Incidents", sidebar.current()))
    render = deck.png if deck.can_render() else None
    _worksheet_button(
        "this incident",
        lambda: worksheet.incident_pdf(ds, incident_id, labels, citation, render),
        f"worksheet_{incident_id}.pdf",
        (incident_id, citation),
        "incident",
        "A printable page: the facts, a map, every figure with who gives it",
    )


def pow_worksheet(ds: Dataset, pair: str, names: dict) -> None:
    """Draw the download of a printable worksheet (PDF) for one captor–captive pair."""
    from components import worksheet

    citation = cite.view_apa(_view(ds, "POW mortality", None))
    _worksheet_button(
        "this pair",
        lambda: worksheet.pow_pdf(ds, pair, names, citation),
        f"worksheet_pow_{pair.replace(':', '_')}.pdf",
        (pair, citation),
        "pow",
        "A printable handout: every estimate for the pair with its scope and who gives it",
    )


def _worksheet_button(
    what: str, build: Callable[[], bytes], file_name: str, memo_key: tuple, key: str, contents: str
) -> None:
    """Offer a worksheet PDF, made when asked for (it takes a second or two)."""
    downloads.download_button(
        f"Worksheet for {what} (PDF)",
        build,
        file_name,
        "application/pdf",
        memo_key=memo_key,
        lazy=True,
        key=f"worksheet_{key}",
        help=f"{contents}, the sources and three questions on reading contested figures.",
    )
