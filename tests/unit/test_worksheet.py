"""Worksheets: every figure of the incident or pair with who gives it, sources, three questions; one or two A4 pages."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pandas as pd
from PIL import Image

from components import pow_data as pwd
from components import worksheet

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def pages(pdf: bytes) -> int:
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def a_png(fig, w, h) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), "white").save(buf, "PNG")
    return buf.getvalue()


def test_incident_sheet_lists_every_figure_with_who_gives_it(ds, labels):
    est = pd.read_csv(DATA / "estimates.csv", dtype=str, keep_default_na=False)
    mine = est[est["incident_id"] == "treuenbrietzen-massacre"]
    sheet = worksheet.incident_sheet(ds, "treuenbrietzen-massacre", labels)
    assert len(sheet.rows) == len(mine) >= 4
    for (_, e), row in zip(mine.iterrows(), sheet.rows):
        assert row[3] == e["attribution"] and e["value_text"] in row[2] and e["section"] in row[4]
    assert (sheet.rows[0][0], next(r[0] for r in sheet.rows if "88" in r[0])) == ("30–166", "at least 88")
    assert len(sheet.questions) == 3 and all(q.endswith("?") for q in sheet.questions)
    assert any("Wikipedia contributors" in s for s in sheet.sources)
    assert dict(sheet.facts)["Deaths (all figures)"] == "30–1,000"


def test_pow_sheet_lists_every_estimate_of_the_pair(ds):
    pw = pd.read_csv(DATA / "pow_mortality.csv", dtype=str, keep_default_na=False)
    mine = pw[(pw["captor"] == "soviet_union") & (pw["captives"] == "germans")]
    rows = pwd.with_rates(ds.pow)
    names = pwd.pair_options(
        rows, ds.labels("parties", "party_id"), ds.labels("captive_groups", "captive_group_id")
    )
    sheet = worksheet.pow_sheet(ds, "soviet_union:germans", names)
    assert [r[3] for r in sheet.rows] == mine["attribution"].tolist()
    assert "Rüdiger Overmans" in {r[3] for r in sheet.rows}
    assert sum("computed from the counts" in r[0] for r in sheet.rows) >= 3
    assert len(sheet.questions) == 3


def test_worksheets_fit_one_or_two_pages(ds, labels):
    est = pd.read_csv(DATA / "estimates.csv")
    longest = est["incident_id"].value_counts().index[0]  # the incident with the most figures
    for iid in (longest, "treuenbrietzen-massacre"):
        pdf = worksheet.incident_pdf(ds, iid, labels, "Dashboard project curators. (2026).", a_png)
        assert 1 <= pages(pdf) <= 2, iid
    rows = pwd.with_rates(ds.pow)
    names = pwd.pair_options(
        rows, ds.labels("parties", "party_id"), ds.labels("captive_groups", "captive_group_id")
    )
    biggest = rows["pair"].value_counts().index[0]
    assert 1 <= pages(worksheet.pow_pdf(ds, biggest, names, "")) <= 2


def test_map_inset_draws_countries_around_the_place(ds):
    r = ds.incidents.set_index("incident_id").loc["augustow-chase-1945"]
    fig = worksheet.map_figure(
        float(r["lat"]), float(r["lon"]), r["place"], r["location_precision"], "#D55E00"
    )
    land, mark = fig.data
    xs = [x for x in land.x if x is not None]
    assert len(xs) > 500  # Poland and its neighbours
    lo, hi = fig.layout.xaxis.range
    assert lo < mark.x[0] < hi and fig.layout.yaxis.range[0] < mark.y[0] < fig.layout.yaxis.range[1]
    assert mark.marker.size > 20  # a ring: the place is known only to its region
    assert worksheet.COUNTRIES.exists()
    assert date.today().year >= 2024
