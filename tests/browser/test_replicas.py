"""Two replicas behind nginx (`make serve REPLICAS=2`): every browser's session, websocket and download
stay on one replica. A download is stored in the process that ran the session, so a proxy without
affinity loses about half of them; eight fresh browsers (each with its own cookie, so each lands on a
replica of its own draw) all get their file.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
HAS_NGINX = bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists())


@pytest.fixture(scope="module")
def cluster():
    if not HAS_NGINX:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is required under CI=true (.ci/run installs it: apt-get install nginx)")
        pytest.skip("nginx not installed (apt-get install nginx)")
    import serve

    c = serve.Cluster(2)
    yield c
    c.stop()


@pytest.mark.browser
def test_each_browser_keeps_its_replica_and_gets_its_download(browser, cluster):
    with open(ROOT / "data" / "pow_mortality.csv", encoding="utf-8", newline="") as fh:
        want = sorted(r["pow_id"] for r in csv.DictReader(fh))
    for visit in range(8):
        ctx = browser.new_context(accept_downloads=True)
        page = ctx.new_page()
        page.goto(f"{cluster.url}/pow")
        button = page.locator(
            '[data-testid="stDownloadButton"] button', has_text="Download all POW figures (CSV)"
        ).first
        button.wait_for(state="visible", timeout=120_000)
        assert any(c["name"] == "st_replica" for c in ctx.cookies()), "nginx set no affinity cookie"
        with page.expect_download(timeout=30_000) as info:
            button.click()
        dl = info.value
        assert dl.failure() is None, f"visit {visit + 1}: {dl.failure()}"
        got = sorted(r["pow_id"] for r in csv.DictReader(io.StringIO(Path(dl.path()).read_text("utf-8-sig"))))
        assert got == want, f"visit {visit + 1}: {len(got)} rows"
        ctx.close()
