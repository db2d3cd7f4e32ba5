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
sys.path.insert(0, str(ROOT / "scripts"))  # load_test, ws_client
# page url path -> the labels of its download buttons (slow files, offered after "Prepare", are not here)
PAGES = {
    "incidents": [
        "Download these incidents (CSV)",
        "Download their estimates (CSV)",
        "Both, with a README (zip)",
    ],
    "pow": ["Download all POW figures (CSV)", "With a README (zip)"],
    "sources": ["Download the whole data package (zip)"],
}


def _ids(text: str, column: str) -> list[str]:
    return sorted(row[column] for row in csv.DictReader(io.StringIO(text)))


def _csv_problem(name: str, text: str) -> str | None:
    """A table's CSV must hold every row of the data's table it comes from, each once.

    Rows are matched by id: POW rows by pow_id, estimates (one row per figure) by their incident's id,
    counted with repeats, incidents by incident_id.
    """
    header = next(csv.reader(io.StringIO(text)), [])
    source, column = (
        ("pow_mortality.csv", "pow_id")
        if "pow_id" in header
        else ("estimates.csv", "incident_id")
        if "metric" in header
        else ("incidents.csv", "incident_id")
    )
    if column not in header:
        return f"{name}: no {column} column in {header[:5]}"
    want = _ids((ROOT / "data" / source).read_text("utf-8-sig"), column)
    got = _ids(text, column)
    return None if got == want else f"{name}: {len(got)} rows, data/{source} holds {len(want)}"


def complete(label: str, data: bytes) -> str | None:
    """Return None when a downloaded file holds everything it should, else what is wrong."""
    if "(CSV)" in label:
        return _csv_problem(label, data.decode("utf-8-sig"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {n: z.read(n) for n in z.namelist()}
    if label == "Download the whole data package (zip)":
        wanted = {
            f"data/{p.name}": p.read_bytes()
            for p in (ROOT / "data").iterdir()
            if p.is_file() and p.suffix in (".csv", ".json", ".md")
        }
        return None if files == wanted else f"zip holds {sorted(files)}, expected {sorted(wanted)}"
    if not any(n.lower().startswith("readme") for n in files):
        return f"{label}: no README in {sorted(files)}"
    csvs = [n for n in files if n.endswith(".csv")]
    problems = [_csv_problem(n, files[n].decode("utf-8-sig")) for n in csvs]
    return next((p for p in problems if p), None) if csvs else f"{label}: no CSV in {sorted(files)}"


class BusyReaders:
    """Websocket readers switching pages and filters in a thread of their own until stopped."""

    def __init__(self, base: str, n: int = 3):
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
        buttons = [page.locator(BUTTON, has_text=name).first for name in names]
        try:
            await page.goto(f"{base}/{path}")
            for b in buttons:
                await b.wait_for(state="visible", timeout=120_000)
        except Exception as exc:  # counted, not raised: the other tabs go on
            failures.append(f"/{path} load {load + 1}: the buttons did not appear ({type(exc).__name__})")
            continue
        shown = time.perf_counter()
        for i, delay in sorted(enumerate(rng.uniform(0.3, 2.0) for _ in names), key=lambda x: x[1]):
            await asyncio.sleep(max(0.0, shown + delay - time.perf_counter()))
            what = f"/{path} load {load + 1}, {names[i]} clicked {delay:.2f} s after load"
            try:
                async with page.expect_download(timeout=60_000) as info:  # a stuck one waits 180 s
                    await buttons[i].click()
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
    from ws_client import StreamlitClient

    warm = await StreamlitClient.connect(base)  # the pages' first runs build their caches: not timed here
    for path in PAGES:
        await warm.run(path)
    await warm.close()

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
