"""The filter table drives everything: a throwaway spec round-trips through URL, description and filtering."""

from __future__ import annotations

import pandas as pd
import pytest

from components import filters as flt


@pytest.fixture()
def throwaway(monkeypatch):
    """Add one filter spec ('at sea', a choice over the incidents' at_sea column) with no other edit."""
    spec = flt.Spec(
        "seas",
        "sea",
        "At sea",
        "choices",
        column="sea_state",
        noun="at sea",
        placeholder="On land and at sea",
        options=lambda ds: {"sea": "At sea", "land": "On land"},
    )
    monkeypatch.setattr(flt, "SPECS", [*flt.SPECS, spec])
    return spec


def test_a_new_spec_round_trips_through_the_url(throwaway):
    f = flt.Filters(seas=("sea",), years=(1939, 1945))
    q = flt.to_query(f)
    assert q == {"years": "1939-1945", "sea": "sea"}
    back, notices = flt.from_query(q, flt.Vocabulary(seas=("sea", "land")))
    assert back == f and notices == []
    junk, notices = flt.from_query({"sea": "moon"}, flt.Vocabulary(seas=("sea", "land")))
    assert junk == flt.Filters() and len(notices) == 1


def test_a_new_spec_is_described_and_applied(throwaway):
    f = flt.Filters(seas=("sea",))
    assert flt.describe(f, {"seas": {"sea": "At sea"}}) == "Filters: 1917–1991; at sea: At sea"
    inc = pd.DataFrame(
        {
            "year_start": [1941, 1942],
            "year_end": [1941, 1942],
            "sea_state": ["sea", "land"],
        }
    )
    assert flt.apply_filters(inc, f)["sea_state"].tolist() == ["sea"]
    assert "sea" in flt.filter_keys()


def test_a_new_spec_draws_its_widget(throwaway, ds):
    """The sidebar draws a widget per spec: run the frame-only app and find the new multiselect."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).parents[1] / "app" / "sidebar_app.py"), default_timeout=60)
    at.query_params["sea"] = "sea"
    at.run()
    assert not at.exception
    widget = next(m for m in at.sidebar.multiselect if m.label == "At sea")
    assert widget.value == ["sea"]
    assert "seas=('sea',)" in at.text[0].value


def test_unknown_filter_names_are_refused():
    with pytest.raises(TypeError):
        flt.Filters(perpetrator=("soviet_union",))  # the attribute is 'perpetrators'
