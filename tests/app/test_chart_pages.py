"""AppTest of the Timeline, Compare and POW pages: default, zero-match filters, URL parameters (valid and junk)."""

import json

import pytest

PAGES = {"views/timeline.py": 3, "views/compare.py": 5, "views/pow.py": 4}


@pytest.mark.parametrize("page, charts", PAGES.items())
def test_page_renders_its_charts_with_sources(app, page, charts):
    at = app(page=page)
    assert not at.exception
    figs = at.get("plotly_chart")
    assert len(figs) == charts
    for f in figs:
        spec = json.loads(f.proto.spec)
        assert spec["layout"]["meta"]["source"] and spec["layout"]["meta"]["title"]
        assert any(a.get("name") == "source" for a in spec["layout"].get("annotations", []))


@pytest.mark.parametrize("page", ["views/timeline.py", "views/compare.py"])
def test_zero_match_says_so(app, page):
    at = app(query={"q": "zzzz-nothing-matches"}, page=page)
    assert not at.exception
    assert any("No incidents match" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_pow_page_ignores_incident_filters(app):
    at = app(query={"q": "zzzz-nothing-matches"}, page="views/pow.py")
    assert not at.exception and len(at.get("plotly_chart")) == 4


@pytest.mark.parametrize(
    "page, query",
    [
        ("views/timeline.py", {"group": "theatre", "log": "1", "years": "1939-1945"}),
        ("views/timeline.py", {"group": "<b>", "log": "sideways"}),
        ("views/compare.py", {"view": "crime_type", "log": "1"}),
        ("views/compare.py", {"view": "../../etc", "log": "2"}),
        ("views/pow.py", {"pair": "germany:soviets", "pairs": "soviet_union:germans,japan:western_allies"}),
        ("views/pow.py", {"pair": "narnia:elves", "pairs": "x" * 500}),
    ],
)
def test_url_parameters_valid_and_junk(app, page, query):
    at = app(query=query, page=page)
    assert not at.exception
    assert at.get("plotly_chart")


def test_pow_pair_from_url_is_selected(app):
    at = app(query={"pair": "germany:soviets"}, page="views/pow.py")
    assert at.selectbox(key="pow_pair").value == "germany:soviets"
