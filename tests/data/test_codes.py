"""The meaning of every code is declared once, in the data package, and the dashboard reads it from there.

Coded fields carry Table Schema `categories` that match their `enum`; the source articles' short names,
publishers and the date each copy was read are columns of sources.csv; each metric's unit is in
metrics.csv; the package's version is the changelog's. Expectations are read from the JSON and CSV
files directly, never from the functions under test.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
CODE_DIRS = ("components", "views", "app.py", "scripts")


def descriptor() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def rows(table: str) -> list[dict]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def coded() -> list[tuple[str, dict]]:
    """Return (resource, field) for every text field with a closed set of values that is not a table's own key."""
    out = []
    for res in descriptor()["resources"]:
        key = res["schema"].get("primaryKey") or []
        for f in res["schema"]["fields"]:
            if f["type"] == "string" and "enum" in f.get("constraints", {}) and f["name"] not in key:
                out.append((res["name"], f))
    return out


def python_sources() -> list[Path]:
    files = []
    for d in CODE_DIRS:
        p = ROOT / d
        files += [p] if p.is_file() else sorted(p.rglob("*.py"))
    return files


CODED = coded()


def test_the_package_has_coded_fields():
    names = {f"{r}.{f['name']}" for r, f in CODED}
    for expected in (
        "estimates.qualifier",
        "pow_mortality.rate_qualifier",
        "pow_mortality.scope_type",
        "incidents.date_precision",
        "incidents.location_precision",
        "incidents.accountability_status",
        "incidents.victim_category",
        "metrics.unit",
    ):
        assert expected in names


@pytest.mark.parametrize("resource, field", CODED, ids=[f"{r}.{f['name']}" for r, f in CODED])
def test_every_coded_field_has_a_label_for_each_allowed_value(resource, field):
    cats = field.get("categories")
    assert cats, f"{resource}.{field['name']} has no categories"
    values = [c["value"] for c in cats]
    assert values == field["constraints"]["enum"], "categories and enum must list the same codes, in order"
    labels = [c.get("label", "") for c in cats]
    assert all(label.strip() for label in labels), "every category needs a label"
    assert len(set(labels)) == len(labels), f"two codes share a label: {labels}"
    for c in cats:
        assert "_" not in c["label"], f"{c['value']}: the label {c['label']!r} reads like a code"
        assert c.get("description", "x").strip(), f"{c['value']}: empty description"


def test_frictionless_keeps_the_categories_and_still_validates_by_enum():
    """frictionless 5.21 knows no `categories`: it passes them through untouched; `enum` is what it checks."""
    from frictionless import Package

    out = Package(descriptor(), basepath=str(DATA)).to_descriptor(validate=True)
    kept = {
        (r["name"], f["name"]): f.get("categories")
        for r in out["resources"]
        for f in r["schema"]["fields"]
        if "categories" in f
    }
    assert {(r, f["name"]): f["categories"] for r, f in CODED} == kept


def test_qualifier_fields_share_one_list_and_fmt_range_prints_its_labels():
    """fmt_range keeps its own words (QUALIFIER_WORDS: the loader formats with no dataset); they must be the labels."""
    from components.format import QUALIFIER_WORDS, fmt_range

    lists = {f"{r}.{f['name']}": f["categories"] for r, f in CODED if f["name"].endswith("qualifier")}
    assert len(lists) >= 4 and all(c == lists["estimates.qualifier"] for c in lists.values())
    label = {c["value"]: c["label"] for c in lists["estimates.qualifier"]}
    assert {q: label[q] for q in QUALIFIER_WORDS} == QUALIFIER_WORDS
    assert fmt_range(88, None, "at_least") == f"{label['at_least']} 88"
    assert fmt_range(None, 300, "under") == f"{label['under']} 300"
    assert fmt_range(1000, 1000, "about") == f"{label['about']} 1,000"


def test_no_python_module_restates_what_a_code_means():
    """A dictionary entry '"code": "label"' for a category may appear only in format.QUALIFIER_WORDS."""
    entries = {
        f'"{c["value"]}": "{c["label"]}"'
        for _, f in CODED
        for c in f["categories"]
        if c["value"] != c["label"]
    }
    found = []
    for path in python_sources():
        text = path.read_text(encoding="utf-8")
        if path.name == "format.py":
            text = re.sub(r"QUALIFIER_WORDS = \{.*?\n\}", "", text, flags=re.S)
        found += [f"{path.relative_to(ROOT)}: {e}" for e in entries if e in text]
    assert not found, "\n".join(found)


# --- units -----------------------------------------------------------------------------------------


def test_every_metric_states_its_unit_and_the_estimates_take_it_from_the_metric():
    pkg = {r["name"]: r for r in descriptor()["resources"]}
    unit = next(f for f in pkg["metrics"]["schema"]["fields"] if f["name"] == "unit")
    allowed = {c["value"] for c in unit["categories"]}
    metrics = {m["metric"]: m["unit"] for m in rows("metrics")}
    assert all(u in allowed for u in metrics.values()), metrics
    assert metrics["cases"] == "cases" and metrics["killed"] == "people"  # by hand: what each counts
    for name in ("low", "high"):
        f = next(f for f in pkg["estimates"]["schema"]["fields"] if f["name"] == name)
        assert f.get("unit") != "people", "estimates of cases are not people"
        assert "metrics.unit" in f["description"]


# --- sources ---------------------------------------------------------------------------------------


def test_sources_say_when_each_copy_was_read_and_what_it_shows_of_its_revision():
    fields = {
        f["name"]: f
        for r in descriptor()["resources"]
        if r["name"] == "sources"
        for f in r["schema"]["fields"]
    }
    for name in ("retrieved", "short_title", "publisher_short", "cited_as", "revision", "revision_note"):
        assert name in fields and fields[name]["description"], name
    assert fields["retrieved"]["type"] == "date"
    for s in rows("sources"):
        read = date.fromisoformat(s["retrieved"])
        assert date(2026, 11, 1) <= read <= date.today(), s["source_id"]
        assert s["short_title"] and s["publisher_short"] and s["cited_as"], s["source_id"]
        assert s["source_id"] not in s["revision_note"]  # a reader sees the note
    shorts = [s["short_title"] for s in rows("sources")]
    assert len(set(shorts)) == len(shorts)


def test_source_short_names_and_citations_come_from_sources_csv(ds):
    from components import labels
    from components.figures import source_line

    by_csv = {s["source_id"]: s for s in rows("sources")}
    assert labels.source_short(ds) == {i: s["short_title"] for i, s in by_csv.items()}
    assert set(ds.estimates["source_short"].astype(str)) <= {s["short_title"] for s in by_csv.values()}
    line = source_line(["soviet_wc_wp", "soviet_wc_mw"], labels.source_cites(ds))
    assert line.startswith(
        f"{by_csv['soviet_wc_wp']['publisher_short']}, {by_csv['soviet_wc_wp']['cited_as']}; "
        f"{by_csv['soviet_wc_mw']['publisher_short']}, {by_csv['soviet_wc_mw']['cited_as']}."
    )


def test_no_python_module_restates_a_source_short_name():
    names = set()
    for s in rows("sources"):
        names |= {f'"{s["short_title"]}"', f'"{s["cited_as"]}"'}
    found = [
        f"{p.relative_to(ROOT)}: {n}" for p in python_sources() for n in names if n in p.read_text("utf-8")
    ]
    assert not found, "\n".join(found)


# --- version ---------------------------------------------------------------------------------------


def test_package_version_is_the_changelogs_latest():
    heading = re.search(r"^## (\d+\.\d+\.\d+)", (ROOT / "CHANGELOG.md").read_text("utf-8"), re.M)
    assert heading and descriptor()["version"] == heading.group(1)


def test_timeline_hover_and_map_tooltip_give_precision_and_sources_in_words(ds):
    from components import catalogue, maps
    from components import timeline as tl
    from components.filters import Filters

    pkg = {r["name"]: r for r in descriptor()["resources"]}
    field = {f["name"]: f for f in pkg["incidents"]["schema"]["fields"]}
    dated = {c["value"]: c["label"] for c in field["date_precision"]["categories"]}
    located = {c["value"]: c["label"] for c in field["location_precision"]["categories"]}
    inc = ds.incidents
    frame = tl.timeline_frame(
        inc, "perpetrator", catalogue.View(ds, Filters()).timeline_labels(), tl.full_range()
    )
    precision = dict(zip(inc["incident_id"], inc["date_precision"].astype(str)))
    for iid, hover in zip(frame["incident_id"], frame["hover"]):
        assert f"({dated[precision[iid]]})" in hover, hover
    points = maps.points_frame(inc, {}, {})
    assert list(points["t_precision"]) == [located[p] for p in inc["location_precision"].astype(str)]
    short = {s["source_id"]: s["short_title"] for s in rows("sources")}
    first = str(inc["source_ids"].iloc[0]).split("; ")
    assert points["t_source"].iloc[0] == "; ".join(short[s] for s in first)
