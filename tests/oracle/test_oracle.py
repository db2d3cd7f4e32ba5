"""The oracle against the rendered pages: what AppTest shows must equal what SQL over the CSVs says.

For each filter state the app runs once (Overview, then Compare and Timeline in the same session);
metric values, table cells and figure trace values are read from what Streamlit would send to a
browser and compared with tests/oracle/oracle.py, which never imports the project's code.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oracle as orc

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
STATES = {
    "default": {},
    "years": {"years": "1939-1945"},
    "perpetrator": {"perp": "united_states"},
    "crime_type": {"crime": "deportation"},
    "search_one": {"q": "treuenbrietzen"},
    "min_deaths_exact": {"min_deaths": "22000"},
    "combined": {"years": "1944-1945", "perp": "soviet_union"},
}


@pytest.fixture(scope="module")
def con():
    return orc.connect()


def values(v) -> list:
    """Return a plotly array from figure JSON (plain list or base64 typed array)."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v)


def figure(at, title_start: str) -> dict:
    specs = [json.loads(f.proto.spec) for f in at.get("plotly_chart")]
    hits = [s for s in specs if s["layout"]["meta"]["title"].startswith(title_start)]
    assert len(hits) == 1, [s["layout"]["meta"]["title"] for s in specs]
    return hits[0]


def table(at, *columns: str):
    hits = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(hits) == 1, [list(d.value.columns) for d in at.dataframe]
    return hits[0]


@pytest.fixture(scope="module", params=list(STATES), ids=list(STATES))
def pages(request):
    """Run the Overview, Compare and Timeline pages under one filter state given in the URL."""
    from streamlit.testing.v1 import AppTest

    shown = {"state": STATES[request.param]}
    for page in ("overview", "compare", "timeline"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for k, v in STATES[request.param].items():
            at.query_params[k] = v
        at.run()
        if page != "overview":
            at.switch_page(f"views/{page}.py").run()
        assert not at.exception
        shown[page] = at
    return shown


def test_the_states_test_what_they_say(con):
    assert len(orc.kept(con, STATES["search_one"])) == 1
    assert any(r["mx"] == 22000 for r in orc.kept(con, STATES["min_deaths_exact"]))
    assert len(orc.kept(con, STATES["perpetrator"])) < len(orc.kept(con, {}))


def test_overview_counts_and_headline_ranges(con, pages):
    at, state = pages["overview"], pages["state"]
    kept = orc.kept(con, state)
    total = con.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]
    assert any(f"**{len(kept):,} of {total:,} incidents** match" in m.value for m in at.markdown)
    assert next(m.value for m in at.metric) == f"{total:,}"
    top = table(at, "name", "deaths", "n_death_estimates")
    expected = sorted((r for r in kept if r["mx"] is not None), key=lambda r: -r["mx"])[:8]
    assert sorted(top["deaths"]) == sorted(orc.figure(r["lo"], r["hi"], r["q"]) for r in expected)
    by_name = {r["name"]: orc.figure(r["lo"], r["hi"], r["q"]) for r in expected}
    assert dict(zip(top["name"], top["deaths"])) == by_name
    spec = figure(at, "Incidents in the data, by perpetrator and period")
    shown = {}
    for t in spec["data"]:
        for y, x in zip(values(t["y"]), values(t["x"])):
            if x:
                shown[(y, t["name"])] = shown.get((y, t["name"]), 0) + int(x)
    assert shown == orc.counts_by_period(con, state)


def test_compare_sums_per_perpetrator(con, pages):
    at, state = pages["compare"], pages["state"]
    want = orc.sums_by_perpetrator(con, state)
    t = table(at, "label", "incidents", "with_figure", "without_figure", "deaths")
    got = {r.label: (r.incidents, r.with_figure, r.without_figure, r.deaths) for r in t.itertuples()}
    assert got == {
        k: (d["incidents"], d["with_figure"], d["without_figure"], d["text"]) for k, d in want.items()
    }
    spec = figure(at, "Deaths by perpetrator")
    bars = {
        t["name"]: values(t["x"]) for t in spec["data"] if t.get("meta") != "ranges"
    }  # not the labels' axis
    assert bars == {k: [d["lo"], d["hi"]] for k, d in want.items() if d["with_figure"]}


def test_compare_disagreement_list(con, pages):
    at, state = pages["compare"], pages["state"]
    want = orc.disagreements(con, state)
    n = len(orc.kept(con, state))
    assert any(f"**{len(want):,}** of the {n:,} filtered incidents" in m.value for m in at.markdown)
    if want:
        t = table(at, "name", "ratio", "lowest", "highest")
        assert {r.name: (r.lowest, r.highest) for r in t.itertuples()} == want
        assert t["ratio"].tolist() == pytest.approx([want[x][1] / want[x][0] for x in t["name"]])


def test_compare_and_timeline_say_how_many_have_only_a_share(con, pages):
    k = orc.share_only(con, pages["state"])
    for page in ("compare", "timeline"):
        text = " ".join(c.value for c in pages[page].caption)
        said = re.search(r"([\d,]+) of the incidents without a death figure ha(?:s|ve) only a share", text)
        assert (int(said.group(1).replace(",", "")) if said else 0) == k, page


def test_timeline_yearly_deaths(con, pages):
    at, state = pages["timeline"], pages["state"]
    want = orc.yearly_deaths(con, state)
    spec = figure(at, "Deaths per year, low to high")
    got: dict = {}
    for t in spec["data"]:
        meta = t.get("meta") or {}
        if not isinstance(meta, dict) or "bound" not in meta:
            continue
        for x, y in zip(values(t["x"]), values(t["y"])):
            key = (meta["party"], int(str(x)[:4]))
            got.setdefault(key, [0.0, 0.0])[0 if meta["bound"] == "low" else 1] = y
    years_drawn = {k for k, (lo, hi) in got.items() if lo or hi}
    assert years_drawn == {k for k, (lo, hi) in want.items() if lo or hi}
    for k in years_drawn:
        assert got[k] == pytest.approx(list(want[k]), rel=1e-9), k


def test_pow_matrix_is_the_article_table_and_rates_are_computed_from_counts(con):
    if not SEEDS.exists():
        pytest.skip(f"source articles not found at {SEEDS}")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at = at.switch_page("views/pow.py").run()
    assert not at.exception
    spec = figure(at, "Percent of prisoners of war killed")
    heat = next(t for t in spec["data"] if t["type"] == "heatmap")
    article = orc.article_summary_table(SEEDS)
    shown = {}
    for z_row, hover_row in zip(heat["z"], heat["text"]):
        for z, hover in zip(z_row, hover_row):
            row, col = re.match(r"<b>(.*?)</b> holding <b>(.*?)</b>", hover).groups()
            m = re.search(r"<br>(.*?) ?% killed|printed as '(.*?)'|printed '(–)'", hover)
            label = next((g for g in m.groups() if g), "") if m else ""
            shown[(row.replace("&amp;", "&"), col.replace("&amp;", "&"))] = (label.replace("&amp;", "&"), z)
    assert set(shown) == set(article)
    for cell, printed in article.items():
        label, z = shown[cell]
        assert label == printed, cell
        nums = (
            [float(x) for x in re.findall(r"\d+(?:\.\d+)?", printed)] if re.match(r"[\d.]", printed) else []
        )
        assert (z is None) if not nums else z == pytest.approx(sum(nums) / len(nums)), cell
    t = table(at, "pair_label", "attribution", "computed_rate")
    assert sorted(zip(t["attribution"], t["computed_rate"])) == orc.pow_rates(con)
