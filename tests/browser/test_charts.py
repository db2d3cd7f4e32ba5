"""Browser tests of the chart pages: every chart draws, no error box, nothing fetched, screenshots saved."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
CHART = '[data-testid="stPlotlyChart"] .main-svg'


@pytest.mark.parametrize(
    "path, name, charts",
    [
        ("/timeline", "timeline", 3),
        ("/compare", "compare", 5),
        ("/pow", "pow", 4),
        ("/timeline?group=theatre&perp=soviet_union&log=1", "timeline-theatre", 3),
        ("/compare?view=crime_type&log=1&years=1939-1945", "compare-crime-types", 5),
        ("/pow?pair=germany:soviets&pairs=soviet_union:germans,japan:western_allies", "pow-pairs", 4),
    ],
)
def test_chart_page_draws_its_charts(web, path, name, charts):
    web.page.set_viewport_size({"width": 1280, "height": 1000})
    web.open(path)
    expect(web.page.locator(CHART).first).to_be_visible(timeout=30_000)
    expect(web.page.locator('[data-testid="stPlotlyChart"]')).to_have_count(charts, timeout=30_000)
    web.assert_no_errors()
    first = web.page.locator('[data-testid="stPlotlyChart"]').first
    web.shot(name, first)
    # every figure carries its source line inside the picture
    assert "Source:" in first.inner_text()
