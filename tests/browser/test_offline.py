"""Offline guarantee: visiting every page (and hostile URLs) sends no request beyond 127.0.0.1."""

import pytest
from playwright.sync_api import expect

from components.ui import PAGES

pytestmark = pytest.mark.browser


def test_every_page_stays_on_localhost(web):
    for _path, title, _icon, _section, url_path, _blurb in PAGES:
        web.open(f"/{url_path}")
        expect(web.page.get_by_test_id("stMain")).to_be_visible()
        web.page.wait_for_timeout(1500)  # let charts, maps and fonts ask for whatever they would fetch
        assert not web.external, f"{title}: {web.external[:5]}"
    web.assert_no_errors()


def test_hostile_url_shows_a_notice_and_no_error(web):
    web.open("/incidents?years=%FF%FE&perp=%3Cscript%3Ealert(1)%3C/script%3E&min_deaths=-9&zzz=1")
    dialogs = []
    web.page.on("dialog", lambda d: dialogs.append(d.message))
    expect(web.page.get_by_text("Ignored", exact=False).first).to_be_visible(timeout=20_000)
    expect(web.page.get_by_test_id("stDataFrame").first).to_be_visible()
    web.assert_no_errors()
    assert not dialogs
