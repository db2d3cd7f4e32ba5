"""No code reaches a reader: the incident detail, the incidents table and the POW page print labels.

The labels expected are read from data/datapackage.json and the CSVs directly; what the pages
render is read from AppTest (markdown, captions and every cell of every table).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
PKG = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def _csv(table: str) -> list[dict]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _labels(resource: str, field: str) -> dict[str, str]:
    res = next(r for r in PKG["resources"] if r["name"] == resource)
    fld = next(f for f in res["schema"]["fields"] if f["name"] == field)
    return {c["value"]: c["label"] for c in fld["categories"]}


SOURCE_IDS = {s["source_id"] for s in _csv("sources")}
# Every code whose label says more than its capitalised self ('civilians' is also curated text):
# none may stand alone in a table cell.
RAW = {
    v
    for r in PKG["resources"]
    for f in r["schema"]["fields"]
    for v, label in {c["value"]: c["label"] for c in f.get("categories", [])}.items()
    if v.lower() != label.lower()
} | SOURCE_IDS
RAW -= {c["label"] for r in PKG["resources"] for f in r["schema"]["fields"] for c in f.get("categories", [])}
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # at_least, not_stated, soviet_wc_wp, ...


def texts(at) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "subheader") for e in getattr(at, kind)]


def cells(at) -> list[tuple[str, str]]:
    out = []
    for df in (d.value for d in at.dataframe):
        for col in df.columns:
            out += [(str(col), str(v)) for v in df[col].dropna()]
    return out


def assert_no_codes(at, allowed_snake: set[str] = frozenset()):
    codes = {c for c in RAW if "_" in c} - allowed_snake
    leaked = [(m, w) for m in texts(at) for w in SNAKE.findall(m) if w in codes]
    assert not leaked, leaked[:5]
    raw_cells = [(c, v) for c, v in cells(at) if v in RAW]
    assert not raw_cells, raw_cells[:5]


# Incidents whose details print the codes a reader must not see: town/country/sea/exact places,
# 'no_prosecution'/'not_stated'/'convicted', and estimates 'at least', 'up to', 'order of magnitude'.
INCIDENTS = [
    "charyshskaya-stanitsa-rapes-1919",
    "treuenbrietzen-massacre",
    "soviet-war-crimes-afghanistan",
    "laconia-incident",
    "katyn-massacre",
]


@pytest.mark.parametrize("incident", INCIDENTS)
def test_incident_detail_prints_labels_not_codes(app, incident):
    row = next(r for r in _csv("incidents") if r["incident_id"] == incident)
    at = app(query={"incident": incident}, page="views/incidents.py")
    assert not at.exception, at.exception
    shown = "\n".join(texts(at))
    where = _labels("incidents", "location_precision")[row["location_precision"]]
    assert f"located to: {where}" in shown
    if where != row["location_precision"]:
        assert f"located to: {row['location_precision']}" not in shown.replace(f"located to: {where}", "")
    status = _labels("incidents", "accountability_status")[row["accountability_status"]]
    assert f"**Accountability** ({status})" in shown
    qualifier = _labels("estimates", "qualifier")
    expected = {qualifier[e["qualifier"]] for e in _csv("estimates") if e["incident_id"] == incident}
    table = next(d.value for d in at.dataframe if "Qualifier" in d.value.columns)
    assert set(table["Qualifier"].astype(str)) == expected
    assert_no_codes(at)


def test_incidents_table_names_sources_and_countries(app):
    at = app(query={"q": "katyn"}, page="views/incidents.py")
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "sources" in d.value.columns)
    short = {s["source_id"]: s["short_title"] for s in _csv("sources")}
    katyn = next(r for r in _csv("incident_sources") if r["incident_id"] == "katyn-massacre")
    assert short[katyn["source_id"]] in "; ".join(table["sources"].astype(str))
    countries = set(table["country"].astype(str))
    assert "RU" not in countries and all(len(c) > 2 for c in countries), countries  # Katyn: RU
    assert_no_codes(at)


def test_pow_page_prints_labels_not_codes(app):
    at = app(page="views/pow.py")
    assert not at.exception, at.exception
    scope = _labels("pow_mortality", "scope_type")
    short = {s["short_title"] for s in _csv("sources")}
    full = next(d.value for d in at.dataframe if "Scope type" in d.value.columns and len(d.value) > 50)
    assert set(full["Scope type"].astype(str)) <= set(scope.values())
    assert set(full["Source"].astype(str)) <= short
    # captor:captives pair ids and pow ids are keys, not codes with labels; the POW page may show
    # pow ids (they cite a row). Qualifier, scope and source codes must not appear.
    assert_no_codes(at)


def test_sources_page_says_when_each_copy_was_read(app):
    at = app(page="views/sources.py")
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "retrieved" in d.value.columns)
    by_csv = {s["title"]: s for s in _csv("sources")}
    for _, r in table.iterrows():
        s = by_csv[r["title"]]
        assert str(r["retrieved"])[:10] == s["retrieved"] and r["short_title"] == s["short_title"]
