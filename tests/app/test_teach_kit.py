"""The teaching kit on the pages: the citation's permalink reopens the same view; every page has the kit."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import pytest
from streamlit.testing.v1 import AppTest

from components.filters import Filters
from components.teach_ui import CITE_KEY

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def offered(at: AppTest) -> list[str]:
    """Labels of the downloads on screen; a slow file (the deck) first shows "Prepare: <its label>"."""
    return [b.label for b in at.get("download_button")] + [
        b.label.removeprefix("Prepare: ") for b in at.button if b.label.startswith("Prepare: ")
    ]


def run(params: dict[str, str], page: str | None = None, cite_open: bool = True) -> AppTest:
    """Open the link, with "Cite this view" opened (it is written only while open)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    at.session_state[CITE_KEY] = cite_open
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def cited_url(at: AppTest) -> str:
    bib = next(c.value for c in at.code if c.value.lstrip().startswith("@misc"))
    lib = bibtexparser.parse_string(bib)
    assert not lib.failed_blocks and len(lib.entries) == 1
    return lib.entries[0]["url"]


STATES = [
    {"years": "1939-1945", "perp": "soviet_union,united_states"},
    {"victims": "civilians", "country": "PL", "min_deaths": "500", "q": "Augustów"},
    {"crime": "deportation", "years": "1944-1949"},
]


@pytest.mark.parametrize("params", STATES)
def test_the_permalink_reproduces_the_view(params):
    first = run(params)
    wanted = first.session_state["filters"]
    assert wanted != Filters()
    query = {k: v[0] for k, v in parse_qs(urlsplit(cited_url(first)).query).items()}
    assert query == params  # nothing lost, nothing added
    again = run(query)
    assert again.session_state["filters"] == wanted
    assert cited_url(again) == cited_url(first)


@pytest.mark.parametrize("page", ["views/incidents.py", "views/pow.py", "views/sources.py"])
def test_every_page_has_the_deck_and_the_citation(page):
    at = run({"years": "1939-1945"}, page)
    labels = offered(at)
    assert "Lesson deck of this view (PowerPoint)" in labels
    assert {"All citations (.bib)", "All citations (.ris)"} <= set(labels)
    assert any(e.label == "Cite this view" for e in at.expander)


def test_presentation_mode_has_the_deck():
    at = run({"present": "1"})
    labels = offered(at)
    assert labels == ["Lesson deck of this view (PowerPoint)"]


def test_the_citation_is_written_only_once_opened():
    closed = run({"years": "1939-1945"}, cite_open=False)
    assert any(e.label == "Cite this view" for e in closed.expander)
    assert not closed.code and "All citations (.bib)" not in offered(closed)
    closed.session_state[CITE_KEY] = True
    closed.run()
    assert not closed.exception
    assert cited_url(closed) and "All citations (.bib)" in offered(closed)
