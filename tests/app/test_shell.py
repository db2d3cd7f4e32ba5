"""AppTest of the frame and the shell pages: default, zero-match filters, URL parameters."""

from pathlib import Path

import pytest

SHELL_PAGES = ["views/overview.py", "views/incidents.py", "views/sources.py"]


@pytest.mark.parametrize("page", SHELL_PAGES)
def test_page_runs_with_default_filters(app, page):
    at = app(page=page)
    assert not at.exception
    assert any("match the filters" in m.value for m in at.markdown)


@pytest.mark.parametrize("page", ["views/overview.py", "views/incidents.py"])
def test_zero_rows_says_no_incidents_match(app, page):
    at = app(query={"q": "zzzz-no-such-incident"}, page=page)
    assert not at.exception
    assert any("No incidents match" in i.value for i in at.info)
    assert any("**0 of" in m.value for m in at.markdown)


def test_url_parameters_set_the_filters(app):
    at = app(query={"years": "1939-1945", "perp": "soviet_union"})
    assert not at.exception
    assert at.slider(key="flt_years").value == (1939, 1945)
    assert at.multiselect(key="flt_perpetrators").value == ["soviet_union"]
    assert at.query_params["years"] == "1939-1945"


def test_junk_url_parameters_give_a_notice_not_an_error(app):
    at = app(query={"years": "banana", "perp": "<b>x</b>", "min_deaths": "-1", "utm": "x"})
    assert not at.exception
    assert len(at.warning) == 1 and "Ignored" in at.warning[0].value
    assert at.slider(key="flt_years").value == (1917, 1991)


def test_filters_apply_after_page_switch(app, ds):
    at = app(query={"years": "1941-1944"}, page="views/incidents.py")
    assert not at.exception
    kept = ((ds.incidents["year_end"] >= 1941) & (ds.incidents["year_start"] <= 1944)).sum()
    assert any(f"**{kept} of {len(ds.incidents)} incidents**" in m.value for m in at.markdown)
    assert at.query_params["years"] == "1941-1944"


@pytest.fixture()
def sidebar():
    """AppTest of the shared sidebar alone, so widget interactions can rerun it."""
    from streamlit.testing.v1 import AppTest

    def make(query=None):
        at = AppTest.from_file(str(Path(__file__).with_name("sidebar_app.py")), default_timeout=60)
        for k, v in (query or {}).items():
            at.query_params[k] = v
        return at.run()

    return make


def test_reset_button_restores_defaults_and_clears_url(sidebar):
    at = sidebar({"years": "1941-1944", "perp": "soviet_union"})
    assert at.slider(key="flt_years").value == (1941, 1944)
    at.button[0].click().run()  # Reset filters
    assert at.slider(key="flt_years").value == (1917, 1991)
    assert at.multiselect(key="flt_perpetrators").value == []
    assert "years" not in at.query_params and "perp" not in at.query_params


def test_changing_a_widget_updates_the_url(sidebar):
    at = sidebar()
    at.slider(key="flt_years").set_value((1939, 1945)).run()
    at.multiselect(key="flt_crime_types").select("looting").run()
    at.number_input(key="flt_min_deaths").set_value(1000).run()
    assert at.query_params["years"] == "1939-1945"
    assert at.query_params["crime"] == "looting"
    assert at.query_params["min_deaths"] == "1000"
    assert "min_deaths=1000" in at.text[0].value and "years=(1939, 1945)" in at.text[0].value


def test_incident_detail_opens_from_url(app, ds):
    first = ds.incidents["incident_id"].iloc[0]
    at = app(query={"incident": first}, page="views/incidents.py")
    assert not at.exception
    assert any("estimates, side by side" in m.value for m in at.markdown)
