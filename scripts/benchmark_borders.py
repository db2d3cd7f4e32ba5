"""The map's first draw with the borders of the time against today's borders (#19).

    python scripts/benchmark_borders.py [runs]

Two browser tabs on one server, one with "Borders of the time" chosen (the choice outlives a visit to
another page), the other with today's borders. Each timed visit is scripts/benchmark.py's: from the
Sources page after a reader's pause, a click on Map, until a screenshot of the canvas shows land, sea
and incidents. The two tabs take turns, so both see the same load on the machine. Prints the medians;
`make bench` (scripts/benchmark.py) runs it too and keeps the result in bench/results.json.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests" / "browser")]

from benchmark import ARRIVED_JS, FIRST_CHART, READING_PAUSE_MS  # noqa: E402
from conftest import CHROMIUM, map_colours, map_drawn, start_server  # noqa: E402

IDLE = '[data-testid="stStatusWidget"]'
CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'


def open_tab(browser, base: str, historical: bool):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(base + "/map")
    page.wait_for_selector(CANVAS, timeout=60_000)
    page.wait_for_selector(IDLE, state="detached", timeout=60_000)
    if historical:
        page.get_by_test_id("stMain").get_by_text("Borders of the time").first.click()
        page.get_by_text("Borders of 1960", exact=True).wait_for(timeout=30_000)
    page.wait_for_timeout(3000)
    return page


def go(page, title: str) -> None:
    old = page.locator('[data-testid="stMain"] h1').first.text_content() or ""
    page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
    page.wait_for_function(ARRIVED_JS, arg=[FIRST_CHART, old], timeout=60_000, polling=20)


def timed_visit(page) -> float:
    go(page, "Sources & method")
    page.wait_for_selector(IDLE, state="detached", timeout=60_000)
    page.wait_for_timeout(READING_PAUSE_MS)
    t = time.perf_counter()
    go(page, "Map")
    while not map_drawn(map_colours(page.locator(CANVAS).first.screenshot())):
        if time.perf_counter() - t > 60:
            raise RuntimeError("the map was not drawn within 60 s")
    return time.perf_counter() - t


def measure(runs: int = 7) -> dict:
    """Return the medians and slowest of `runs` timed first draws per borders mode, and their ratio."""
    from playwright.sync_api import sync_playwright

    proc, base = start_server()
    times: dict[str, list[float]] = {"today": [], "historical": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, env={**os.environ, "HOME": tempfile.mkdtemp()}
            )
            tabs = {mode: open_tab(browser, base, mode == "historical") for mode in times}
            for k in range(runs + 1):  # the first round warms both tabs
                for mode in ("today", "historical") if k % 2 else ("historical", "today"):
                    t = timed_visit(tabs[mode])
                    shown = tabs[mode].get_by_text("Borders of 1960", exact=True).count() > 0
                    assert shown == (mode == "historical"), f"{mode} tab drew the wrong borders"
                    if k:
                        times[mode].append(t)
            browser.close()
    finally:
        proc.terminate()
    out: dict = {"runs": runs}
    for mode, ts in times.items():
        out[mode] = round(statistics.median(ts), 3)
        out[f"{mode} (slowest)"] = round(max(ts), 3)
    out["historical / today"] = round(out["historical"] / out["today"], 3)
    return out


def summary(r: dict) -> str:
    """Return one sentence of the result, for the benchmark's table."""
    return (
        f"Map's first draw, borders of the time against today's (median of {r['runs']}, two tabs taking "
        f"turns): {r['historical']:.2f} s against {r['today']:.2f} s, ratio {r['historical / today']:.2f} "
        "(target ≤ 1.20)"
    )


if __name__ == "__main__":
    print(summary(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 7)))
