"""Load test: concurrent browser sessions switching pages and filters against one server.

    python scripts/load_test.py --sessions 20 --seconds 60

Reports errors (must be zero), median and 95th-percentile time per interaction (navigation
until the script run finishes and the page's main element is visible), and the server's
resident memory before and after. Writes bench/load.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
QUERIES = ["", "years=1939-1945", "perp=soviet_union", "crime=deportation", "victims=prisoners_of_war",
           "min_deaths=1000", "q=massacre", "years=1917-1922", "perp=united_states,united_kingdom", "country=DE"]
MAIN = ('[data-testid="stPlotlyChart"] .main-svg, [data-testid="stDeckGlJsonChart"] canvas, '
        '[data-testid="stDataFrame"], [data-testid="stAlertContentInfo"]')


def rss_mb(pid: int) -> float:
    """Return the resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def session(browser, base: str, paths: list[str], until: float, times: list, errors: list, rng: random.Random):
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await ctx.new_page()
    while time.perf_counter() < until:
        path, query = rng.choice(paths), rng.choice(QUERIES)
        t = time.perf_counter()
        try:
            await page.goto(f"{base}/{path}{'?' + query if query else ''}", timeout=60_000)
            await page.wait_for_selector(MAIN, state="visible", timeout=60_000)
            await page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
            times.append(time.perf_counter() - t)
            if await page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count():
                errors.append(f"error box on /{path}?{query}")
        except Exception as exc:  # a timeout or a crash is an error of the run, recorded, not raised
            errors.append(f"/{path}?{query}: {type(exc).__name__}: {str(exc)[:120]}")
    await ctx.close()


async def run(n: int, seconds: float) -> dict:
    from conftest import CHROMIUM, start_server
    from playwright.async_api import async_playwright

    from components.ui import PAGES

    paths = [p[4] for p in PAGES]
    proc, base = start_server()
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              env={**os.environ, "HOME": tempfile.mkdtemp()})
            warm = await browser.new_page()
            for path in paths:  # load data and caches once before measuring
                await warm.goto(f"{base}/{path}")
                await warm.wait_for_selector(MAIN, state="visible", timeout=60_000)
            await warm.close()
            before = rss_mb(proc.pid)
            times, errors = [], []
            until = time.perf_counter() + seconds
            await asyncio.gather(*(session(browser, base, paths, until, times, errors, random.Random(k)) for k in range(n)))
            after = rss_mb(proc.pid)
            await browser.close()
    finally:
        proc.terminate()
    q = statistics.quantiles(times, n=20) if len(times) >= 2 else [float("nan")] * 19
    return {"sessions": n, "seconds": seconds, "interactions": len(times), "errors": len(errors),
            "error_samples": errors[:10], "median_s": statistics.median(times) if times else None,
            "p95_s": q[18], "server_rss_mb_before": before, "server_rss_mb_after": after}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--out", default=str(ROOT / "bench" / "load-20.json"))
    args = ap.parse_args()
    res = asyncio.run(run(args.sessions, args.seconds))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=2))
    print(json.dumps(res, indent=2))
    sys.exit(1 if res["errors"] else 0)


if __name__ == "__main__":
    main()
