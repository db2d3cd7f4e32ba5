"""Load test: concurrent sessions switching pages and filters against one server.

    python scripts/load_test.py                          # 20 websocket clients for 60 s (make load)
    python scripts/load_test.py --sessions 40 --think 0  # heavier: no pause between interactions
    python scripts/load_test.py --browser --sessions 6   # real Chromium tabs instead

Websocket clients (scripts/ws_client.py) speak Streamlit's own protocol, so the server does
exactly the work it does for a browser (script runs, deltas, widget state) while the
client side costs almost nothing; 20 Chromium tabs on a 2-core machine measure Chromium,
not the server. Each client opens the app on a random page with a random shared URL,
then, until the time is up, either switches page or changes one filter in the sidebar,
pausing a random 0-2x `--think` seconds between interactions, as a reader does.

Reports errors (must be zero: an exception box, an error alert, a failed or unfinished run,
a lost connection), median and 95th-percentile seconds per interaction (from the request to
the end of the script run), per kind of interaction, and the server's resident memory
before, at its peak and after. Writes bench/load-<mode>-<sessions>.json; exits 1 on errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
QUERIES = [
    "",
    "years=1939-1945",
    "perp=soviet_union",
    "crime=deportation",
    "victims=prisoners_of_war",
    "min_deaths=1000",
    "q=massacre",
    "years=1917-1922",
    "perp=united_states,united_kingdom",
    "country=DE",
]
MAIN = (
    '[data-testid="stPlotlyChart"] .main-svg, [data-testid="stDeckGlJsonChart"] canvas, '
    '[data-testid="stDataFrame"], [data-testid="stAlertContentInfo"]'
)


FILTER_MOVES: dict[
    str, list | None
] = {  # sidebar label -> values a reader might pick (multiselects pick among their options)
    "Years": [(1917, 1991), (1939, 1945), (1917, 1922), (1945, 1956), (1941, 1950)],
    "Minimum deaths": [0, 100, 1000, 10000],
    "Search names and places": ["", "camp", "massacre", "Berlin", "prisoners"],
    "Perpetrator": None,
    "Crime type": None,
    "Victims": None,
    "Modern country": None,
}


def rss_mb(pid: int) -> float:
    """Return the resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def ws_session(
    base: str, paths: list[str], until: float, think: float, log: list, errors: list, rng: random.Random
) -> None:
    """One reader over the websocket: open a shared URL, then switch pages and change filters."""
    from ws_client import StreamlitClient

    client = None
    while time.perf_counter() < until:
        try:
            if client is None:
                t = time.perf_counter()
                client = await StreamlitClient.connect(base, query=rng.choice(QUERIES))
                await client.run(rng.choice(paths))
                kind, seconds = "open", time.perf_counter() - t  # connecting included, as a new tab does
            elif rng.random() < 0.5 or not client.widgets:
                kind, seconds = "page", await client.switch_page(rng.choice(paths))
            else:
                label = rng.choice([k for k in FILTER_MOVES if k in client.widgets])
                choices = FILTER_MOVES[label]
                if choices is None:
                    options = client.widgets[label].options
                    value = rng.sample(options, k=min(len(options), rng.choice([0, 1, 1, 2])))
                else:
                    value = rng.choice(choices)
                kind, seconds = "filter", await client.set_widget(label, value)
            log.append((kind, seconds))
        except Exception as exc:  # a refused or lost connection is an error of the run, recorded, not raised
            errors.append(f"{type(exc).__name__}: {str(exc)[:160]}")
            client = None
        if client is not None and client.errors:
            errors.extend(client.errors)
            client.errors.clear()
        await asyncio.sleep(rng.uniform(0, 2 * think))
    if client is not None:
        await client.close()


async def watch_memory(pids: list[int], stop: asyncio.Event, peak: list[float]) -> None:
    """Sample the servers' resident memory (summed) every half second, keeping the highest."""
    while not stop.is_set():
        peak[0] = max(peak[0], sum(map(rss_mb, pids)))
        await asyncio.sleep(0.5)


def quantiles(times: list[float]) -> dict:
    """Return count, median and 95th percentile of a list of seconds."""
    if not times:
        return {"count": 0, "median_s": None, "p95_s": None}
    q = statistics.quantiles(times, n=20) if len(times) >= 2 else [times[0]] * 19
    return {"count": len(times), "median_s": statistics.median(times), "p95_s": q[18]}


class Single:
    """One `streamlit run` process: the same interface as serve.Cluster (url, replica_urls, pids, stop)."""

    def __init__(self, app: str):
        from serve import start_streamlit, wait_ok

        self.proc, self.url = start_streamlit(app)
        wait_ok(f"{self.url}/_stcore/health", self.proc)
        self.replica_urls, self.pids = [self.url], [self.proc.pid]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_target(app: str, replicas: int):
    """Start the app as one process (replicas=1) or as replicas behind nginx (scripts/serve.py)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    if replicas == 1:
        return Single(app)
    from serve import Cluster

    return Cluster(replicas, app=app)


async def run_ws(n: int, seconds: float, think: float, app: str = "app.py", replicas: int = 1) -> dict:
    """Run n websocket readers for `seconds` against the app; return counts, times and memory."""
    from components.ui import PAGES

    paths = [p[4] for p in PAGES]
    target = start_target(app, replicas)
    try:
        from ws_client import StreamlitClient

        for url in target.replica_urls:  # load the data and the caches of every process before measuring
            warm = await StreamlitClient.connect(url)
            for path in paths:
                await warm.run(path)
            await warm.close()
        before, peak, stop = sum(map(rss_mb, target.pids)), [0.0], asyncio.Event()
        watcher = asyncio.create_task(watch_memory(target.pids, stop, peak))
        log: list[tuple[str, float]] = []
        errors: list[str] = []
        until = time.perf_counter() + seconds
        await asyncio.gather(
            *(ws_session(target.url, paths, until, think, log, errors, random.Random(k)) for k in range(n))
        )
        stop.set()
        await watcher
        after = sum(map(rss_mb, target.pids))
        alive = all(Path(f"/proc/{pid}").exists() for pid in target.pids)
    finally:
        target.stop()
    times = [t for _k, t in log]
    return {
        "mode": "websocket",
        "app": app,
        "replicas": replicas,
        "sessions": n,
        "seconds": seconds,
        "think_s": think,
        "interactions": len(log),
        "errors": len(errors) + (0 if alive else 1),
        "error_samples": errors[:10],
        **quantiles(times),
        "by_kind": {k: quantiles([t for kk, t in log if kk == k]) for k in ("open", "page", "filter")},
        "server_rss_mb_before": before,
        "server_rss_mb_peak": max(peak[0], after),
        "server_rss_mb_after": after,
    }


async def session(
    browser, base: str, paths: list[str], until: float, times: list, errors: list, rng: random.Random
):
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


async def run_browser(n: int, seconds: float) -> dict:
    from conftest import CHROMIUM, start_server
    from playwright.async_api import async_playwright

    from components.ui import PAGES

    paths = [p[4] for p in PAGES]
    proc, base = start_server()
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(
                executable_path=CHROMIUM, headless=True, env={**os.environ, "HOME": tempfile.mkdtemp()}
            )
            warm = await browser.new_page()
            for path in paths:  # load data and caches once before measuring
                await warm.goto(f"{base}/{path}")
                await warm.wait_for_selector(MAIN, state="visible", timeout=60_000)
            await warm.close()
            before = rss_mb(proc.pid)
            times: list[float] = []
            errors: list[str] = []
            until = time.perf_counter() + seconds
            await asyncio.gather(
                *(session(browser, base, paths, until, times, errors, random.Random(k)) for k in range(n))
            )
            after = rss_mb(proc.pid)
            await browser.close()
    finally:
        proc.terminate()
    return {
        "mode": "browser",
        "sessions": n,
        "seconds": seconds,
        "interactions": len(times),
        "errors": len(errors),
        "error_samples": errors[:10],
        **quantiles(times),
        "server_rss_mb_before": before,
        "server_rss_mb_after": after,
    }


FLOOR = "bench/floor_app.py"


def runs_wanted(replicas: list[int], floor: bool, rounds: int = 1) -> list[tuple[str, str, int, int]]:
    """Return (name, app, replicas, round) of every run: per round the dashboard per replica count and the
    floor app, in turns (even rounds start with the floor), so that a change in the machine's speed
    falls on both sides alike."""
    out = []
    for k in range(1, rounds + 1):
        runs = [(f"dashboard, {r} replica{'s' if r > 1 else ''}", "app.py", r) for r in replicas]
        runs += [("floor app, 1 replica", FLOOR, 1)] if floor else []
        if k % 2 == 0:
            runs.reverse()
        suffix = f" (round {k})" if rounds > 1 else ""
        out += [(name + suffix, app, n, k) for name, app, n in runs]
    return out


def _s(v) -> str:
    return "–" if v is None else f"{v:.2f}"


def table(results: list[dict]) -> str:
    """Return a Markdown table of the runs, each p95 also as a multiple of the floor app's in its round,
    and with several rounds, a line of the median ratio per configuration."""
    floors = {r.get("round", 1): r for r in results if r["app"] == FLOOR}
    rows = [
        "| run | interactions | errors | median s | p95 s | open p95 s | page p95 s | filter p95 s "
        "| p95 ÷ floor p95 | memory MB before → peak |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    ratios: dict[str, list[float]] = {}
    for r in results:
        k, floor = r["by_kind"], floors.get(r.get("round", 1))
        ratio = r["p95_s"] / floor["p95_s"] if floor and r["p95_s"] and floor["p95_s"] else None
        if ratio is not None and r["app"] != FLOOR:
            ratios.setdefault(r["name"].split(" (round")[0], []).append(ratio)
        rows.append(
            f"| {r['name']} | {r['interactions']} | {r['errors']} | {_s(r['median_s'])} | {_s(r['p95_s'])} "
            f"| {_s(k['open']['p95_s'])} | {_s(k['page']['p95_s'])} | {_s(k['filter']['p95_s'])} "
            f"| {'–' if ratio is None else f'{ratio:.1f}×'} "
            f"| {r['server_rss_mb_before']:.0f} → {r['server_rss_mb_peak']:.0f} |"
        )
    if len(floors) > 1:
        rows.append("")
        rows.append(
            "Median p95 ÷ floor p95 over the rounds: "
            + "; ".join(f"{name} {statistics.median(v):.1f}× ({len(v)} rounds)" for name, v in ratios.items())
        )
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument(
        "--think", type=float, default=1.0, help="mean pause between a client's interactions (websocket)"
    )
    ap.add_argument(
        "--replicas", default="1", help="comma-separated replica counts of the dashboard, e.g. 1,2 (nginx)"
    )
    ap.add_argument("--no-floor", action="store_true", help="skip the floor app's run")
    ap.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="repeat the runs, dashboard and floor in turns; report each ratio",
    )
    ap.add_argument("--browser", action="store_true", help="drive Chromium tabs instead of websocket clients")
    ap.add_argument("--out", help="JSON file (default bench/load-<mode>-<sessions>.json)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the servers on the way out
    if args.browser:
        res = asyncio.run(run_browser(args.sessions, args.seconds))
        out = Path(args.out or ROOT / "bench" / f"load-browser-{args.sessions}.json")
        out.write_text(json.dumps(res, indent=2))
        print(json.dumps(res, indent=2))
        sys.exit(1 if res["errors"] else 0)
    results = []
    wanted = runs_wanted([int(r) for r in args.replicas.split(",")], not args.no_floor, args.rounds)
    for name, app, replicas, k in wanted:
        print(f"{name}: {args.sessions} readers for {args.seconds:.0f} s …", file=sys.stderr, flush=True)
        results.append(
            {
                "name": name,
                "round": k,
                **asyncio.run(run_ws(args.sessions, args.seconds, args.think, app, replicas)),
            }
        )
    report = {
        "command": "python scripts/load_test.py " + " ".join(sys.argv[1:]),
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "runs": results,
        "table": table(results),
    }
    out = Path(args.out or ROOT / "bench" / f"load-websocket-{args.sessions}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(report["table"])
    sys.exit(1 if any(r["errors"] for r in results) else 0)


if __name__ == "__main__":
    main()
