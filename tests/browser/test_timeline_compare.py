"""Browser tests of the Timeline and Compare pages: charts render, no error, nothing fetched from outside, screenshots.

Each page is checked against the real data and against a synthetic package of the same schema with
many incidents (the real data is still being curated), so screenshots show the charts at full size.
"""
from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, Page, start_server

pytestmark = pytest.mark.browser
CHART = '[data-testid="stPlotlyChart"]'
N_SYNTHETIC = 90
PRECISIONS = ["day", "day", "month", "year", "approximate"]
QUALIFIERS = ["exact", "about", "range", "at_least", "up_to"]


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _append(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=header).writerows(rows)


def _figure(rng: random.Random, q: str, base: int) -> tuple[str, str]:
    if q in ("exact", "about"):
        return str(base), str(base)
    if q == "range":
        return str(base), str(base * rng.choice([2, 3, 10]))
    if q == "at_least":
        return str(base), ""
    return "", str(base)


def make_synthetic_package(dst: Path, n: int = N_SYNTHETIC, seed: int = 7) -> Path:
    """Copy data/ to dst and append n schema-valid synthetic incidents with several estimates each."""
    shutil.copytree(ROOT / "data", dst, ignore=shutil.ignore_patterns("curation", "*.md"))
    rng = random.Random(seed)
    parties = [r["party_id"] for r in _rows(dst / "parties.csv") if r["side"] == "allied"]
    regions = [r["region"] for r in _rows(dst / "regions.csv") if r["region"] != "at_sea"]
    crimes = [r["crime_type"] for r in _rows(dst / "crime_types.csv")]
    sections: dict[str, str] = {}
    for r in _rows(dst / "source_sections.csv"):
        sections.setdefault(r["source_id"], r["section"])
    incidents, estimates, links = [], [], []
    for i in range(n):
        year = rng.choice([1918, 1920, 1921, 1932, 1937, 1939, 1940, 1941, 1943, 1944, 1944, 1945, 1945, 1945,
                           1945, 1946, 1947, 1948, 1950, 1953, 1956, 1968, 1980, 1985])
        start = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        end_year = year + rng.choice([0, 0, 0, 0, 1, 2, 5])
        end = start if rng.random() < 0.3 else f"{min(end_year, 1991)}-12-{rng.randint(1, 28):02d}"
        if end < start:
            end = start
        perp = "soviet_union" if rng.random() < 0.5 else rng.choice(parties)
        iid = f"synthetic-incident-{i}"
        incidents.append({
            "incident_id": iid, "name": f"Synthetic incident {i} at a long place name", "date_start": start,
            "date_end": end, "date_precision": rng.choice(PRECISIONS), "perpetrator": perp,
            "crime_types": ";".join(rng.sample(crimes, rng.randint(1, 3))), "victim_group": "synthetic",
            "victim_category": rng.choice(["civilians", "prisoners_of_war", "mixed"]), "place": f"Place {i}",
            "country_code": "DE", "at_sea": "false", "lat": "52.0", "lon": "13.0", "location_precision": "town",
            "region": rng.choice(regions), "accountability_status": "not_stated", "summary": "Synthetic test row."})
        srcs = rng.sample(["soviet_wc_wp", "soviet_wc_mw", "allied_wwii", "soviet_pow"], rng.randint(1, 3))
        if rng.random() < 0.3:
            srcs = ["soviet_wc_wp", "soviet_wc_mw"]
        base = rng.choice([10, 50, 200, 1000, 5000, 30000, 200000])
        for k, src in enumerate(srcs, start=1):
            q = rng.choice(QUALIFIERS)
            lo, hi = _figure(rng, q, int(base * rng.choice([1, 1, 2, 5])))
            estimates.append({"estimate_id": f"{iid}-{k}", "incident_id": iid, "metric": rng.choice(["killed", "died"]),
                              "low": lo, "high": hi, "qualifier": q, "value_text": "synthetic",
                              "attribution": rng.choice(["the article", "Soviet sources", "a historian", "official estimate"]),
                              "source_id": src, "section": sections[src]})
            links.append({"incident_id": iid, "source_id": src, "section": sections[src]})
    _append(dst / "incidents.csv", incidents)
    _append(dst / "estimates.csv", estimates)
    _append(dst / "incident_sources.csv", list({(r["incident_id"], r["source_id"]): r for r in links}.values()))
    return dst


@pytest.fixture(scope="module")
def synthetic_server(tmp_path_factory):
    data = make_synthetic_package(tmp_path_factory.mktemp("synthetic") / "data")
    proc, url = start_server(env={"WARCRIMES_DATA_DIR": str(data)})
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture()
def web_synthetic(browser, synthetic_server):
    pg = Page(browser, synthetic_server, width=1280, height=900)
    yield pg
    pg.ctx.close()


def _charts(web: Page, n: int) -> None:
    expect(web.page.locator(f"{CHART} .main-svg").first).to_be_visible(timeout=30_000)
    expect(web.page.locator(CHART)).to_have_count(n, timeout=30_000)


def test_timeline_real_data(web):
    web.open("/timeline")
    _charts(web, 3)
    expect(web.page.get_by_text("Shaded bands")).to_be_visible()
    web.assert_no_errors()
    web.shot("timeline", web.page.locator(CHART).first)


def test_compare_real_data(web):
    web.open("/compare")
    _charts(web, 5)
    expect(web.page.get_by_text("How sure are we?").first).to_be_visible()
    web.assert_no_errors()
    web.shot("compare_counts", web.page.locator(CHART).first)


def test_timeline_synthetic_and_junk_url(web_synthetic):
    web = web_synthetic
    web.open("/timeline?group=theatre")
    _charts(web, 3)
    web.assert_no_errors()
    charts = web.page.locator(CHART)
    web.shot("timeline_synthetic_theatre", charts.nth(0))
    web.shot("timeline_synthetic_deaths", charts.nth(2))
    web.open("/timeline?group=junk&log=maybe")
    _charts(web, 3)
    expect(web.page.get_by_text("Ignored 'group=junk'")).to_be_visible()
    web.assert_no_errors()
    web.shot("timeline_synthetic_perpetrator", web.page.locator(CHART).first)
    web.shot("timeline_synthetic_counts", web.page.locator(CHART).nth(1))


def test_compare_synthetic(web_synthetic):
    web = web_synthetic
    web.open("/compare?view=crime_type&log=1")
    _charts(web, 5)
    web.assert_no_errors()
    charts = web.page.locator(CHART)
    for i, name in enumerate(["counts", "deaths", "matrix", "uncertainty", "revisions"]):
        web.shot(f"compare_synthetic_{name}", charts.nth(i))
    web.page.get_by_text("Period", exact=True).first.click()
    web.wait_idle()
    assert "view=period" in web.page.url
    web.assert_no_errors()
    web.shot("compare_synthetic_period_deaths", web.page.locator(CHART).nth(1))
