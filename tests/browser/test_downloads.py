"""Every download button delivers its whole file on every click, also right after the page loads and
while other readers keep the server busy (#20: a click about 0.5 s after load used to spin forever).

Each page with downloads is opened 20 times in a fresh tab; each of its buttons is clicked once per
load, at a random 0.3–2 s after the buttons appear. Meanwhile three websocket readers switch pages and
filters (scripts/load_test.py), so script runs of other sessions end all the time, as in a class.
A file counts when the browser saves it and it holds exactly what the data package holds, read
independently from data/ (every incident, estimate and POW row; the zip byte-identical to the files).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import csv
import io
import os
import random
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

LOADS = 20
BUTTON = '[data-testid="stDownloadButton"] button'
# page url path -> file names of its download buttons, in page order
PAGES = {
    "incidents": ["incidents_filtered.csv", "estimates_filtered.csv"],
    "pow": ["pow_mortality.csv"],
    "sources": ["war-crimes-data-package.zip"],
}


def _ids(name: str, column: str) -> list[str]:
    with open(ROOT / "data" / name, encoding="utf-8", newline="") as fh:
        return sorted(row[column] for row in csv.DictReader(fh))


def _csv_ids(data: bytes, column: str) -> list[str]:
    return sorted(row[column] for row in csv.DictReader(io.StringIO(data.decode("utf-8"))))


def complete(file_name: str, data: bytes) -> str | None:
    """Return None when a downloaded file holds the whole package's content, else what is wrong."""
    expected = {
        "incidents_filtered.csv": ("incidents.csv", "incident_id"),
        "estimates_filtered.csv": ("estimates.csv", "estimate_id"),
        "pow_mortality.csv": ("pow_mortality.csv", "pow_id"),
    }
    if file_name in expected:
        source, column = expected[file_name]
        got, want = _csv_ids(data, column), _ids(source, column)
        return None if got == want else f"{file_name}: {len(got)} rows, the data holds {len(want)}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {n: z.read(n) for n in z.namelist()}
    wanted = {
        f"data/{p.name}": p.read_bytes()
        for p in (ROOT / "data").iterdir()
        if p.is_file() and p.suffix in (".csv", ".json", ".md")
    }
    return None if files == wanted else f"zip holds {sorted(files)}, expected {sorted(wanted)}"


class BusyReaders:
    """Websocket readers switching pages and filters in a thread of their own until stopped."""

    def __init__(self, base: str, n: int = 3):
        sys.path.insert(0, str(ROOT / "scripts"))
        import load_test

        from components.ui import PAGES as ALL

        self.errors: list[str] = []
        paths = [p[4] for p in ALL]

        async def main() -> None:
            self.loop = asyncio.get_running_loop()
            until = time.perf_counter() + 3600
            self.task = asyncio.gather(
                *(
                    load_test.ws_session(base, paths, until, 1.0, [], self.errors, random.Random(k))
                    for k in range(n)
                )
            )
            self.started.set()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

        self.started = threading.Event()
        self.thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
        self.thread.start()
        self.started.wait(30)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.task.cancel)
        self.thread.join(30)


async def _tab(browser, base: str, path: str, names: list[str], rng: random.Random) -> list[str]:
    """Open one page LOADS times; click each download once per load; return what failed."""
    failures = []
    ctx = await browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    for load in range(LOADS):
        buttons = page.locator(BUTTON)
        try:
            await page.goto(f"{base}/{path}")
            await buttons.nth(len(names) - 1).wait_for(state="visible", timeout=120_000)
        except Exception as exc:  # counted, not raised: the other tabs go on
            failures.append(f"/{path} load {load + 1}: the buttons did not appear ({type(exc).__name__})")
            continue
        assert await buttons.count() == len(names), f"/{path} shows {await buttons.count()} download buttons"
        shown = time.perf_counter()
        for i, delay in sorted(enumerate(rng.uniform(0.3, 2.0) for _ in names), key=lambda x: x[1]):
            await asyncio.sleep(max(0.0, shown + delay - time.perf_counter()))
            what = f"/{path} load {load + 1}, {names[i]} clicked {delay:.2f} s after load"
            try:
                async with page.expect_download(timeout=20_000) as info:
                    await buttons.nth(i).click()
                dl = await info.value
                if await dl.failure():
                    failures.append(f"{what}: {await dl.failure()}")
                    continue
                problem = complete(names[i], Path(await dl.path()).read_bytes())
                if problem:
                    failures.append(f"{what}: {problem}")
            except Exception as exc:  # a download that never comes is the bug this test is about
                failures.append(f"{what}: {type(exc).__name__}")
    await ctx.close()
    return failures


async def _all(base: str) -> list[str]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM, headless=True, env={**os.environ, "HOME": tempfile.mkdtemp()}
        )
        rng = random.Random(20)
        results = await asyncio.gather(
            *(_tab(browser, base, path, names, random.Random(rng.random())) for path, names in PAGES.items())
        )
        await browser.close()
    return [f for r in results for f in r]


@pytest.mark.browser
@pytest.mark.timeout(1200)  # 2-3 min on an idle 2-core machine; far longer when it is shared
def test_every_download_completes_when_clicked_soon_after_load_under_load(server):
    readers = BusyReaders(server, 3)
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:  # Playwright's sync API may own this loop
            failures = pool.submit(asyncio.run, _all(server)).result()
    finally:
        readers.stop()
    clicks = LOADS * sum(len(n) for n in PAGES.values())
    assert not failures, f"{len(failures)} of {clicks} downloads failed: {failures[:5]}"
    assert not readers.errors, readers.errors[:5]
