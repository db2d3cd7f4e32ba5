"""Citations: BibTeX and RIS parse, name the view, its version and access date, and the articles with their authors."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import bibtexparser
import pandas as pd
import pytest

from components import cite

ROOT = Path(__file__).resolve().parents[2]
URL = "https://dash.example.org/compare?years=1939-1945&perp=soviet_union,united_states&q=Augustów%"
RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    """A strict RIS reader: every line is 'XX  - value', every record starts with TY and ends with ER."""
    records, current = [], None
    assert text.endswith("\r\n")
    for line in text.split("\r\n")[:-1]:
        m = RIS_LINE.match(line)
        assert m, f"not a RIS line: {line!r}"
        tag, value = m.groups()
        if tag == "TY":
            assert current is None
            current = {"TY": [value]}
        elif tag == "ER":
            assert current is not None and value == ""
            records.append(current)
            current = None
        else:
            assert current is not None
            current.setdefault(tag, []).append(value)
    assert current is None
    return records


@pytest.fixture(scope="module")
def sources():
    return pd.read_csv(ROOT / "data" / "sources.csv")


@pytest.fixture(scope="module")
def view():
    return cite.View(
        page="Compare",
        filters="Filters: 1939–1945; perpetrator: Soviet Union, United States",
        url=URL,
        accessed=date(2026, 12, 1),
        version="9.8.7",
        year="2026",
    )


def test_version_comes_from_pyproject():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{cite.version()}"' in text


def test_bibtex_parses_with_every_field(view, sources):
    entries = [cite.view_entry(view), *cite.source_entries(sources, date(2026, 11, 21))]
    lib = bibtexparser.parse_string(cite.bibtex(entries))
    assert not lib.failed_blocks
    assert len(lib.entries) == 1 + len(sources)
    dash = lib.entries[0]
    assert dash.entry_type == "misc"
    assert dash["url"] == URL
    assert dash["urldate"] == "2026-12-01" and dash["version"] == "9.8.7" and dash["year"] == "2026"
    assert "1917–1991" in dash["title"] and "Compare" in dash["note"] and r"\%" not in dash["url"]
    by_url = {e["url"]: e for e in lib.entries[1:]}
    for _, s in sources.iterrows():
        e = by_url[s["url"]]
        assert e["author"] in ("{Wikipedia contributors}", "{Military Wiki contributors}")
        assert (e["author"] == "{Military Wiki contributors}") == ("Military Wiki" in s["publisher"])
        assert e["urldate"] == "2026-11-21"
        assert s["licence"].split()[0] in e["note"]
    assert len({e.key for e in lib.entries}) == len(lib.entries)


def test_ris_parses_with_every_field(view, sources):
    records = parse_ris(cite.ris([cite.view_entry(view), *cite.source_entries(sources, date(2026, 11, 21))]))
    assert len(records) == 1 + len(sources)
    dash = records[0]
    assert dash["TY"] == ["ELEC"] and dash["UR"] == [URL] and dash["Y2"] == ["2026/12/01"]
    assert dash["ET"] == ["Version 9.8.7"] and dash["AU"] == [cite.AUTHOR]
    for rec, (_, s) in zip(records[1:], sources.iterrows()):
        assert rec["TI"] == [s["title"]] and rec["UR"] == [s["url"]]
        assert rec["AU"][0].endswith("contributors") and rec["Y2"] == ["2026/11/21"]


def test_apa_and_chicago_name_title_version_date_and_link(view):
    apa, chicago = cite.view_apa(view), cite.view_chicago(view)
    for text in (apa, chicago):
        assert cite.TITLE in text and "9.8.7" in text and URL in text and "December 1, 2026" in text
    assert apa.startswith(f"{cite.AUTHOR}. (2026).")


def test_a_retrieval_column_wins_over_the_fallback(sources):
    with_dates = sources.assign(retrieved=["2026-10-01", "", "2026-10-03", None])
    got = [e["accessed"] for e in cite.source_entries(with_dates, date(2026, 11, 21))]
    assert got == ["2026-10-01", "2026-11-21", "2026-10-03", "2026-11-21"]
    apa = cite.source_apa(cite.source_entries(with_dates, None)[1])
    assert "Retrieved" not in apa and apa.endswith(sources.loc[1, "url"])


def test_attribution_names_title_authors_link_licence_and_changes(sources):
    for e in cite.source_entries(sources, None):
        text = cite.attribution(e)
        assert e["title"] in text and e["url"] in text and e["licence_url"] in text
        assert "contributors" in text and "changes made" in text


def test_permalink_keeps_the_filters_readable():
    got = cite.permalink(
        "http://127.0.0.1:8501/compare", {"years": "1939-1945", "perp": "soviet_union,france"}
    )
    assert got == "http://127.0.0.1:8501/compare?years=1939-1945&perp=soviet_union,france"
