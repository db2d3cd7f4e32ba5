"""Memoised figures follow the filters: a filter changed within one session changes every figure on the page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def figures(at) -> dict[str, str]:
    out = {}
    for f in at.get("plotly_chart"):
        spec = json.loads(f.proto.spec)
        out[spec["layout"]["meta"]["title"]] = (
            json.dumps(spec["data"], sort_keys=True) + spec["layout"]["meta"]["subtitle"]
        )
    return out


@pytest.mark.parametrize("page", ["views/overview.py", "views/timeline.py", "views/compare.py"])
def test_changing_a_filter_changes_every_figure(page):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if page != "views/overview.py":
        at.switch_page(page).run()
    before = figures(at)
    assert before and not at.exception
    at.sidebar.slider(key="flt_years").set_value((1939, 1945)).run()
    after = figures(at)
    assert not at.exception and set(after) == set(before)
    for title, spec in before.items():
        assert after[title] != spec, f"'{title}' did not change when the years changed"
