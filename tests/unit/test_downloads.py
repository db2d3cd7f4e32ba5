"""Downloads open right: Excel's reading of each CSV gives the original characters; names and READMEs say the filters."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from components import tables
from components.filters import Filters, apply_filters
from components.pow_data import with_rates

ROOT = Path(__file__).resolve().parents[2]
BOM = b"\xef\xbb\xbf"


def excel_reads(data: bytes) -> str:
    """Decode bytes the way Excel on Windows opens a .csv: UTF-8 only with a byte-order mark, else the ANSI page."""
    return data[3:].decode("utf-8") if data.startswith(BOM) else data.decode("cp1252", errors="replace")


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(excel_reads(data))))


def test_every_csv_reads_back_in_excel_with_its_characters(ds):
    incidents = tables.incidents_csv(ds.incidents)
    estimates = tables.estimates_csv(ds.estimates)
    pow_ = tables.csv_bytes(tables.pow_frame(with_rates(ds.pow)))
    for data in (incidents, estimates, pow_):
        assert data.startswith(BOM)
    inc_text, pow_text = excel_reads(incidents), excel_reads(pow_)
    assert "Augustów" in inc_text and "–" in inc_text
    assert "Rüdiger" in pow_text and "≈4%" in pow_text and "–" in pow_text
    # The texts equal the source files' cells, read independently from the CSVs.
    raw = pd.read_csv(ROOT / "data" / "pow_mortality.csv", dtype=str, keep_default_na=False)
    back = {r["pow_id"]: r for r in rows_of(pow_)}
    for _, r in raw.iterrows():
        assert back[r["pow_id"]]["attribution"] == r["attribution"]
        assert back[r["pow_id"]]["value_text"] == r["value_text"]
    names = {r["incident_id"]: r["name"] for r in rows_of(incidents)}
    src = pd.read_csv(ROOT / "data" / "incidents.csv", dtype=str)
    assert names == dict(zip(src["incident_id"], src["name"]))


def test_computed_rates_are_rounded_as_the_page_shows_them(ds):
    back = rows_of(tables.csv_bytes(tables.pow_frame(with_rates(ds.pow))))
    raw = pd.read_csv(ROOT / "data" / "pow_mortality.csv").set_index("pow_id")
    checked = 0
    for r in back:
        src = raw.loc[r["pow_id"]]
        if r["computed_rate_low"] and pd.notna(src["captured_high"]) and pd.notna(src["died_low"]):
            expected = round(min(100 * src["died_low"] / src["captured_high"], 100.0), 2)
            assert float(r["computed_rate_low"]) == pytest.approx(expected, abs=1e-9)
            assert len(r["computed_rate_low"].partition(".")[2]) <= 2
            checked += 1
    assert checked >= 5


STATES = [
    (
        Filters(year_min=1939, year_max=1945, perpetrators=("soviet_union",)),
        "incidents_1939-1945_soviet-union.csv",
        ["1939–1945", "perpetrator: Soviet Union"],
    ),
    (Filters(), "incidents_1917-1991.csv", ["All incidents, 1917–1991"]),
    (
        Filters(victim_categories=("mixed",), countries=("PL",), min_deaths=500, search="Augustów"),
        "incidents_1917-1991_mixed_poland_min-500-deaths_search-augustow.csv",
        ["victims: Mixed", "country: Poland", "at least 500 deaths", "search 'Augustów'"],
    ),
]


@pytest.mark.parametrize(("f", "name", "stated"), STATES)
def test_file_names_and_readme_state_the_filters(ds, labels, f, name, stated):
    from components.filters import describe

    assert tables.file_name("incidents", f, labels) == name
    inc = apply_filters(ds.incidents, f)
    text = tables.readme(
        title="Incidents",
        files={name: "incidents"},
        filters=describe(f, labels),
        rows=f"{len(inc)} incidents",
        source="Wikipedia, 'Soviet war crimes'.",
        view_url="http://127.0.0.1:8501/incidents?years=1939-1945",
        accessed=date(2026, 12, 1),
        attributions=["“Soviet war crimes” by Wikipedia contributors"],
        citation="Dashboard project curators. (2026).",
    )
    blob = tables.bundle({name: tables.incidents_csv(inc)}, text)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert sorted(z.namelist()) == sorted(["README.txt", name])
        shown = excel_reads(z.read("README.txt"))
        ids = {r["incident_id"] for r in rows_of(z.read(name))}
    filters_line = next(ln for ln in shown.splitlines() if ln.startswith("Filters in force:"))
    for words in stated:
        assert words in filters_line
    assert "CC BY-SA 4.0" in shown and "Wikipedia contributors" in shown and "Source:" in shown
    assert ids == set(inc["incident_id"]) and ids
