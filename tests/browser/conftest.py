"""Browser fixtures: one real `streamlit run` server per session and a Playwright page on Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
RUN_DONE = '[data-testid="stStatusWidget"]'


def map_colours(png: bytes) -> dict:
    """Return how many pixels of a map screenshot (scaled to 300x240) are land, sea and incident markers.

    Land is any of the basemap's tones, sea its sea colour, a marker any saturated colour (a
    perpetrator's). Shared by the map test and the benchmark's "map drawn" time.
    """
    import io

    from PIL import Image

    sys.path.insert(0, str(ROOT))
    from components.maps import LAND_TONES, SEA

    def near(px, ref, tol=6):
        return all(abs(a - b) <= tol for a, b in zip(px, ref))

    img = Image.open(io.BytesIO(png)).convert("RGB").resize((300, 240))
    counts = {"land": 0, "sea": 0, "marker": 0}
    for px in img.getdata():
        if any(near(px, tone) for tone in LAND_TONES):
            counts["land"] += 1
        elif near(px, SEA):
            counts["sea"] += 1
        elif max(px) - min(px) > 80:  # saturated: a perpetrator colour
            counts["marker"] += 1
    return counts


def map_drawn(counts: dict) -> bool:
    """Return whether a map screenshot shows the basemap (land and sea) and the incidents."""
    return counts["land"] > 5000 and counts["sea"] > 2000 and counts["marker"] > 300


def run_slide_kit(out: Path, query: str, *extra: str, timeout: int = 300) -> None:
    """Run scripts/slide_kit.py into `out` for the filters in `query`; fail with its stderr if it fails."""
    cmd = [
        sys.executable,
        str(ROOT / "scripts" / "slide_kit.py"),
        "--out",
        str(out),
        "--filters",
        query,
        *extra,
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    assert run.returncode == 0, run.stderr[-2000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    if os.environ.get("CI") == "true":
        return  # the fixture fails loudly instead
    print(
        "\n*** Chromium not found at /usr/bin/chromium: browser tests SKIPPED. "
        "Install it with: apt-get update && apt-get install -y chromium ***\n"
    )
    skip = pytest.mark.skip(reason="Chromium not installed (apt-get install -y chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def start_server(
    env: dict | None = None, args: tuple[str, ...] = (), base_path: str = "", app: str = "app.py"
) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run app.py` (or another app file) on a free port and return the process and its base URL.

    base_path serves the app below a path (server.baseUrlPath), as behind a reverse proxy.
    """
    port = _free_port()
    if base_path:
        args = (*args, "--server.baseUrlPath", base_path.strip("/"))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            app,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            *args,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}" + (f"/{base_path.strip('/')}" if base_path else "")
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise RuntimeError("streamlit did not start")


@pytest.fixture(scope="session")
def server():
    proc, url = start_server()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture()
def make_server():
    """Return a function that starts another server (own env or arguments), stopped after the test."""
    procs = []

    def start(env: dict | None = None, args: tuple[str, ...] = (), base_path: str = "") -> str:
        proc, url = start_server(env, args, base_path)
        procs.append(proc)
        return url

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture()
def map_check():
    """Return a function: PNG screenshot of a map -> (whether basemap and incidents are drawn, pixel counts)."""

    def check(png: bytes) -> tuple[bool, dict]:
        counts = map_colours(png)
        return map_drawn(counts), counts

    return check


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is required under CI=true but {CHROMIUM} is missing (apt-get install -y chromium)"
        )
    from playwright.sync_api import sync_playwright

    home = tempfile.mkdtemp()  # Chromium writes into ~/.config and ~/.cache
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, env={**os.environ, "HOME": home})
        yield b
        b.close()


class Page:
    """A browser page that records every request leaving 127.0.0.1."""

    def __init__(self, browser, base: str, width: int = 1280, height: int = 900):
        self.ctx = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.ctx.new_page()
        self.base = base
        self.external: list[str] = []
        self.page.on("request", self._record)

    def _record(self, req) -> None:
        host = urlparse(req.url).hostname
        if req.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            return
        self.external.append(req.url)

    def open(self, path: str = "/") -> Page:
        """Open a path and wait until the script run has finished."""
        self.page.goto(self.base + path)
        self.page.wait_for_selector('[data-testid="stApp"]', timeout=30_000)
        self.wait_idle()
        return self

    def wait_idle(self) -> None:
        self.page.wait_for_timeout(300)
        self.page.wait_for_selector(RUN_DONE, state="detached", timeout=60_000)

    def shot(self, name: str, locator=None) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        (locator or self.page.get_by_test_id("stMain")).screenshot(path=str(path))
        return path

    def assert_no_errors(self) -> None:
        from playwright.sync_api import expect

        expect(self.page.locator('[data-testid="stException"]')).to_have_count(0)
        errors = self.page.locator('[data-testid="stAlertContentError"]')
        assert errors.count() == 0, errors.all_inner_texts()
        assert not self.external, f"requests left 127.0.0.1: {self.external[:5]}"


@pytest.fixture()
def web(browser, server):
    pg = Page(browser, server)
    yield pg
    pg.ctx.close()


@pytest.fixture()
def make_page(browser):
    """Return a function: (base URL, width, height) -> Page, its context closed after the test."""
    pages: list[Page] = []

    def make(base: str, width: int = 1280, height: int = 900) -> Page:
        pages.append(Page(browser, base, width, height))
        return pages[-1]

    yield make
    for pg in pages:
        pg.ctx.close()
