"""Browser tests of the app shell pages: they render, show no error and fetch nothing from outside."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_overview_renders_chart(web):
    web.open("/")
    expect(web.page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible(timeout=20_000)
    expect(web.page.get_by_text("match the filters")).to_be_visible()
    web.assert_no_errors()
    web.shot("overview")


def test_incidents_table_and_detail(web):
    web.open("/incidents")
    table = web.page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible(timeout=20_000)
    web.assert_no_errors()
    web.shot("incidents")


def test_filters_survive_in_url_and_page_switch(web):
    web.open("/?years=1939-1945")
    web.page.get_by_test_id("stSidebarNavLink").filter(has_text="Incidents").click()
    web.wait_idle()
    assert "years=1939-1945" in web.page.url
    web.assert_no_errors()


def test_sources_page(web):
    web.open("/sources")
    expect(web.page.get_by_text("Data dictionary")).to_be_visible(timeout=20_000)
    web.assert_no_errors()
    web.shot("sources")


def test_deep_link_runs_the_shared_frame(web):
    """A shared link straight to a page keeps the sidebar filters and the navigation."""
    web.open("/map?years=1939-1945&perp=soviet_union")
    sidebar = web.page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Filters")).to_be_visible(timeout=20_000)
    expect(sidebar.get_by_test_id("stSidebarNavLink").filter(has_text="Timeline")).to_be_visible()
    expect(web.page.get_by_text("Soviet Union").first).to_be_visible()
    assert "years=1939-1945" in web.page.url
    web.assert_no_errors()


def test_presentation_mode_hides_the_chrome(web):
    web.page.set_viewport_size({"width": 1280, "height": 720})
    web.open("/?present=1&slide=pow-matrix")
    expect(web.page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible(timeout=30_000)
    expect(web.page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(web.page.get_by_test_id("stHeader")).to_be_hidden()
    web.assert_no_errors()
    web.shot("presentation", web.page.get_by_test_id("stMain"))
    web.page.get_by_role("button", name=re.compile(r"^Back to ")).click()
    web.wait_idle()
    expect(web.page.get_by_test_id("stSidebar")).to_be_visible()
    assert "present=" not in web.page.url


def test_print_view_keeps_charts_whole(web, tmp_path):
    web.open("/compare")
    expect(web.page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible(timeout=30_000)
    web.page.emulate_media(media="print")
    expect(web.page.get_by_test_id("stSidebar")).to_be_hidden()
    breaks = web.page.locator('[data-testid="stPlotlyChart"]').first.evaluate(
        "e => getComputedStyle(e).breakInside"
    )
    assert breaks == "avoid"
    pdf = web.page.pdf(path=str(tmp_path / "compare.pdf"), format="A4", print_background=True)
    assert pdf[:4] == b"%PDF"


def test_downloads_deliver_the_filtered_rows(web, tmp_path):
    web.open("/incidents?perp=united_kingdom")
    expect(web.page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=20_000)
    button = web.page.get_by_role("button", name="Download these incidents (CSV)")
    expect(button).to_be_enabled(timeout=20_000)
    web.wait_idle()  # a click during a rerun can land on a button that is about to be replaced
    # The CSV is built on the server when clicked; on a busy CI machine that can take a while.
    with web.page.expect_download(timeout=90_000) as info:
        button.click()
    path = tmp_path / "incidents.csv"
    info.value.save_as(path)
    import pandas as pd

    df = pd.read_csv(path)
    assert len(df) > 5 and set(df["perpetrator"]) == {"united_kingdom"}
    assert {"deaths_text", "sources_text", "summary"} <= set(df.columns)
    web.assert_no_errors()
