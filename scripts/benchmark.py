"""Benchmark: page run times at 1x, 100x and 1000x the incidents, cold start, memory, time to first chart.

    python scripts/benchmark.py                 # everything, prints a table of medians, writes bench/results.json
    python scripts/benchmark.py --scales 1 100  # fewer sizes
    python scripts/benchmark.py --no-browser    # skip the Playwright measurement
    python scripts/benchmark.py --fresh-tab     # only: a new tab opening each page, to its first chart
    python scripts/benchmark.py --borders-only  # only: the map's first draw, historical against today's borders

Each scale runs in its own subprocess (so peak memory is per scale). Synthetic data is
generated from the real tables: every incident is copied `scale` times with new ids,
dates shifted within 1917-1991, coordinates jittered, and its estimates and sources copied
with it, so spreads of perpetrators, places, dates and ranges stay realistic.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WARM_RUNS = 5
COLD_RUNS = 3
BROWSER_RUNS = 5  # software-rendered WebGL (the map) is bimodal: 0.6 s or several seconds
SEED = 1917
TARGETS_MS = {1: 150, 100: 1000, 1000: 5000}  # warm page run, median
COLD_TARGET_S, FIRST_CHART_TARGET_S, MEMORY_TARGET_MB = 3.0, 2.0, 1024


def pages() -> list[str]:
    from components.ui import PAGES

    return [p for p, *_ in PAGES]


def synthesize(scale: int, out: Path) -> Path:
    """Write a data package with `scale` times the incidents into `out` and return it."""
    src = ROOT / "data"
    shutil.copytree(
        src, out, ignore=shutil.ignore_patterns("curation", "basemap", "*.md"), dirs_exist_ok=True
    )
    if scale == 1:
        return out
    rng = np.random.default_rng(SEED)

    def read(t):
        return pd.read_csv(src / f"{t}.csv", dtype=str, keep_default_na=False)

    inc, est, isrc = read("incidents"), read("estimates"), read("incident_sources")
    states = read("incident_states")
    copies_inc, copies_est, copies_src, copies_states = [], [], [], []
    for k in range(scale):
        suffix = "" if k == 0 else f"-s{k}"
        i = inc.copy()
        i["incident_id"] = i["incident_id"] + suffix
        i["name"] = i["name"] + ("" if k == 0 else f" (copy {k})")
        if k:
            shift = pd.to_timedelta(rng.integers(-400, 400, len(i)), unit="D")
            s = pd.to_datetime(i["date_start"]) + shift
            e = pd.to_datetime(i["date_end"]) + shift
            lo, hi = pd.Timestamp("1917-11-07"), pd.Timestamp("1991-12-26")
            s, e = s.clip(lo, hi), e.clip(lo, hi)
            i["date_start"], i["date_end"] = s.dt.strftime("%Y-%m-%d"), e.dt.strftime("%Y-%m-%d")
            i["lat"] = (
                (i["lat"].astype(float) + rng.normal(0, 0.3, len(i))).clip(-89, 89).round(4).astype(str)
            )
            i["lon"] = (
                (i["lon"].astype(float) + rng.normal(0, 0.3, len(i))).clip(-179, 179).round(4).astype(str)
            )
        e_ = est.copy()
        e_["estimate_id"] = e_["incident_id"] + suffix + "-" + e_["estimate_id"].str.extract(r"-(\d+)$")[0]
        e_["incident_id"] = e_["incident_id"] + suffix
        s_ = isrc.copy()
        s_["incident_id"] = s_["incident_id"] + suffix
        copies_inc.append(i)
        copies_est.append(e_)
        copies_src.append(s_)
        copies_states.append(states.assign(incident_id=states["incident_id"] + suffix))
    pd.concat(copies_inc).to_csv(out / "incidents.csv", index=False)
    pd.concat(copies_est).to_csv(out / "estimates.csv", index=False)
    pd.concat(copies_src).to_csv(out / "incident_sources.csv", index=False)
    pd.concat(copies_states).to_csv(out / "incident_states.csv", index=False)
    return out


def measure_scale(scale: int) -> dict:
    """Run in a subprocess: load data, time every page's warm runs with AppTest, report peak memory."""
    from streamlit.testing.v1 import AppTest

    t0 = time.perf_counter()
    from components.data import load_dataset, release_memory

    ds = load_dataset()
    load_s = time.perf_counter() - t0
    result: dict[str, Any] = {
        "scale": scale,
        "incidents": len(ds.incidents),
        "estimates": len(ds.estimates),
        "load_s": load_s,
        "pages": {},
    }
    del ds  # the app loads its own copy (once, cached); two copies would double the memory measured
    release_memory()
    for page in pages():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        at.switch_page(page).run()
        if at.exception:
            result["pages"][page] = {"error": str(at.exception[0].message)[:200]}
            continue
        times = []
        for _ in range(WARM_RUNS):
            t = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t) * 1000)
        result["pages"][page] = {"median_ms": statistics.median(times), "runs": len(times)}
    result["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def cold_start(cached: bool) -> float:
    """Return the median seconds for a fresh process to import, load, validate and run the default page.

    cached=False: the data has never been validated on this machine (an empty fingerprint cache),
    so frictionless runs in full. cached=True: the same data passed before, as on every later start.
    """
    code = (
        "import time; t=time.perf_counter(); from streamlit.testing.v1 import AppTest; "
        f"at=AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=120).run(); "
        "assert not at.exception; print(time.perf_counter()-t)"
    )
    cache = tempfile.mkdtemp()
    runs = []
    for k in range(COLD_RUNS + cached):
        env = {**os.environ, "WARCRIMES_CACHE_DIR": cache if cached else tempfile.mkdtemp()}
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True, env=env
        )
        if k or not cached:  # with a cache, the first start only fills it
            runs.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


# True once the page has replaced the previous one (its title differs from `old`) and one of its
# charts, maps or tables is on screen in an element of the current run: the previous page's elements
# stay in the DOM, marked stale, until the new run replaces them, and a table or chart there must not
# count for the new page.
ARRIVED_JS = """([selector, old]) => {
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  if (!h1 || h1.textContent === old) return false;
  return [...document.querySelectorAll(selector)].some((el) => {
    const box = el.closest('[data-testid="stElementContainer"]');
    return (!box || box.dataset.stale !== "true") && el.checkVisibility({visibilityProperty: true});
  });
}"""
# A reader's pause on the starting page before the timed click. Without it the previous visit's
# map is still being torn down (seconds of WebGL clean-up under software rendering) while the next
# one draws: about 0.3 s more on the map's median with a 0.3 s pause than with 1.5 s.
READING_PAUSE_MS = 1000
FIRST_CHART = (
    '[data-testid="stPlotlyChart"] .main-svg, [data-testid="stDeckGlJsonChart"] canvas, '
    '[data-testid="stDataFrame"]'
)


def first_chart() -> dict:
    """Return, per page, the median seconds from a click in the navigation to its first chart, map or table.

    The page counts as drawn when its own title and one of its charts, maps or tables are on screen
    (ARRIVED_JS). A map counts from the first screenshot of its canvas that shows land, sea and
    incidents, as the countries arrive after the canvas; a screenshot takes about 0.1 s, so the
    map's time errs on the long side.

    The server and the browser tab are warm (the app has been opened once), as for a reader moving
    between pages; each timed visit starts from the Sources page, or the Overview for Sources, after
    a reader's pause there (READING_PAUSE_MS).
    """
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from conftest import CHROMIUM, map_colours, map_drawn, start_server  # as the browser tests
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from components.ui import PAGES

    if not Path(CHROMIUM).exists():
        return {"skipped": "Chromium not installed"}
    proc, base = start_server()
    out = {}
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, env={**os.environ, "HOME": tempfile.mkdtemp()}
            )
            page = b.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base)
            page.wait_for_selector(FIRST_CHART, state="visible", timeout=60_000)
            nav = page.get_by_test_id("stSidebarNavLink")

            def h1() -> str:
                return page.locator('[data-testid="stMain"] h1').first.text_content() or ""

            def go(title: str) -> str:
                """Click a page's link, wait until it has arrived, and return its title."""
                url_path = next(u for _p, t, _i, _s, u, *_ in PAGES if t == title)
                if page.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] == url_path or (
                    not url_path and page.url.split("?")[0].rstrip("/") == base
                ):
                    return h1()  # already there: a click would not rerun it
                old = h1()
                nav.filter(has_text=title).first.click()
                try:
                    page.wait_for_function(ARRIVED_JS, arg=[FIRST_CHART, old], timeout=30_000, polling=20)
                except PlaywrightTimeout:
                    state = page.evaluate(
                        """(sel) => [...document.querySelectorAll(sel)].map((el) => [el.tagName,
                        el.closest('[data-testid="stElementContainer"]')?.dataset.stale, el.checkVisibility({visibilityProperty: true})])""",
                        FIRST_CHART,
                    )
                    raise RuntimeError(
                        f"{title} did not open within 30 s (from {old!r}, now {h1()!r}; {state})"
                    ) from None
                return h1()

            titles = [t for _p, t, *_ in PAGES]
            for path, title, *_ in PAGES:
                times, moved = [], 0
                # Come from a light page: leaving the map costs seconds of WebGL teardown under
                # software rendering (SwiftShader), which is not the time to draw the next page.
                other = titles[-1] if title != titles[-1] else titles[0]
                for k in range(BROWSER_RUNS + 1):  # the first visit warms the page's caches
                    for _ in range(3):
                        start_title = go(other)
                        page.wait_for_selector(
                            '[data-testid="stStatusWidget"]', state="detached", timeout=60_000
                        )
                        page.wait_for_timeout(READING_PAUSE_MS)
                        if h1() == start_title:
                            break
                        moved += 1  # the app left the starting page by itself: reported below
                    t = time.perf_counter()
                    go(title)
                    deck = page.locator('[data-testid="stDeckGlJsonChart"] canvas')
                    if (
                        deck.count()
                    ):  # a map counts once its countries and incidents are drawn, not at a blank canvas
                        while not map_drawn(map_colours(deck.first.screenshot())):
                            if time.perf_counter() - t > 60:
                                raise RuntimeError(f"{title}: the map was not drawn within 60 s")
                    if k:
                        times.append(time.perf_counter() - t)
                out[path] = statistics.median(times)
                out[path + " (slowest)"] = max(times)
                if moved:
                    print(
                        f"warning: {moved} time(s) the app left {other} by itself before {title} was clicked",
                        file=sys.stderr,
                    )
            b.close()
    finally:
        proc.terminate()
    return out


def fresh_tab() -> dict:
    """Return, per page, the median seconds from opening its link in a new tab to its first chart, map or table,
    beside the same for Streamlit's floor app (bench/floor_app.py) on the same url path.

    A new browser context per visit (no cache, no cookies), as a student opening a shared link; both
    servers are warm (every page opened once). Visits alternate between the dashboard and the floor, so
    that the machine's load falls on both alike and the ratio holds on any machine. The map counts once
    its canvas shows land, sea and incidents.
    """
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from conftest import CHROMIUM, map_colours, map_drawn, start_server
    from playwright.sync_api import sync_playwright

    from components.ui import PAGES

    if not Path(CHROMIUM).exists():
        return {"skipped": "Chromium not installed"}
    servers = {"dashboard": start_server(), "floor": start_server(app="bench/floor_app.py")}
    times: dict[str, dict[str, list[float]]] = {"dashboard": {}, "floor": {}}
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, env={**os.environ, "HOME": tempfile.mkdtemp()}
            )
            for k in range(BROWSER_RUNS + 1):  # the first round warms the servers' caches
                for path, _title, _icon, _section, url_path, _blurb in PAGES:
                    for app, (_proc, base) in servers.items():
                        ctx = b.new_context(viewport={"width": 1280, "height": 900})
                        page = ctx.new_page()
                        t = time.perf_counter()
                        page.goto(f"{base}/{url_path}")
                        page.wait_for_selector(FIRST_CHART, state="visible", timeout=60_000)
                        deck = page.locator('[data-testid="stDeckGlJsonChart"] canvas')
                        while (
                            app == "dashboard"
                            and deck.count()
                            and not map_drawn(map_colours(deck.first.screenshot()))
                        ):
                            if time.perf_counter() - t > 60:
                                raise RuntimeError(f"{path}: the map was not drawn within 60 s")
                        if k:
                            times[app].setdefault(path, []).append(time.perf_counter() - t)
                        ctx.close()
            b.close()
    finally:
        for proc, _base in servers.values():
            proc.terminate()
    return {
        p: {
            "median_s": statistics.median(v),
            "slowest_s": max(v),
            "floor_median_s": statistics.median(times["floor"][p]),
        }
        for p, v in times["dashboard"].items()
    }


def table(results: dict) -> str:
    """Return the results as a Markdown table of medians."""
    lines = [
        "| page | "
        + " | ".join(f"{r['scale']}× ({r['incidents']:,} incidents) ms" for r in results["scales"])
        + " |",
        "|---|" + "---:|" * len(results["scales"]),
    ]
    for page in pages():
        cells = []
        for r in results["scales"]:
            v = r["pages"].get(page, {})
            cells.append(f"{v['median_ms']:.0f}" if "median_ms" in v else v.get("error", "–"))
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines.append(
        "| first start's load + validation (s) | "
        + " | ".join(f"{r['load_s']:.1f}" for r in results["scales"])
        + " |"
    )
    lines.append(
        "| a later start's load (s) | "
        + " | ".join(f"{r['later_load_s']:.1f}" if "later_load_s" in r else "–" for r in results["scales"])
        + " |"
    )
    lines.append(
        "| peak memory (MB) | " + " | ".join(f"{r['peak_memory_mb']:.0f}" for r in results["scales"]) + " |"
    )
    lines.append("")
    lines.append(
        f"Cold start (import, load, check, first page; median of {COLD_RUNS}): {results['cold_start_s']:.2f} s "
        f"with the data's fingerprint cached, {results['first_start_s']:.2f} s the first time "
        "(frictionless validates in full)"
    )
    fc = results.get("first_chart_s", {})
    if fc and "skipped" not in fc:
        lines.append(
            "Time from a click in the navigation to the page's first chart, table or fully drawn map, warm server "
            f"and tab (median of {BROWSER_RUNS}; slowest in brackets): "
            + ", ".join(
                f"{Path(k).stem} {v:.2f} s ({fc[k + ' (slowest)']:.2f} s)"
                for k, v in fc.items()
                if "(slowest)" not in k
            )
        )
    ft = results.get("fresh_tab_s", {})
    if ft and "skipped" not in ft:
        lines.append(
            f"A new tab opening each page, to its first chart (median of {BROWSER_RUNS}; slowest in brackets; "
            "Streamlit's floor app on the same path, in the same run, after the slash): "
            + ", ".join(
                f"{Path(k).stem} {v['median_s']:.2f} s ({v['slowest_s']:.2f} s) / {v['floor_median_s']:.2f} s"
                for k, v in ft.items()
            )
        )
    if "map_borders_s" in results:
        from benchmark_borders import summary

        lines.append(summary(results["map_borders_s"]))
    return "\n".join(lines)


def map_borders() -> dict:
    """Return the map's first draw with historical against today's borders (scripts/benchmark_borders.py)."""
    from benchmark_borders import measure

    return measure(BROWSER_RUNS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", nargs="+", type=int, default=[1, 100, 1000])
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    ap.add_argument(
        "--browser-only", action="store_true", help="re-measure only the time to first chart, keep the rest"
    )
    ap.add_argument(
        "--fresh-tab", action="store_true", help="measure only a new tab's time to first chart, keep the rest"
    )
    ap.add_argument(
        "--borders-only",
        action="store_true",
        help="measure only the map's first draw with historical against today's borders, keep the rest",
    )
    ap.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # internal: run one scale in this process
    ap.add_argument(
        "--measure-load", action="store_true", help=argparse.SUPPRESS
    )  # internal: one later start
    args = ap.parse_args()
    if args.measure is not None:
        print(json.dumps(measure_scale(args.measure)))
        return
    if args.measure_load:
        t0 = time.perf_counter()
        from components.data import load_dataset

        load_dataset()
        print(json.dumps({"later_load_s": time.perf_counter() - t0}))
        return
    partial = {  # re-measure one thing, keep the rest of bench/results.json
        "fresh_tab": ("fresh_tab_s", fresh_tab),
        "borders_only": ("map_borders_s", map_borders),
        "browser_only": ("first_chart_s", first_chart),
    }
    for flag, (key, measure) in partial.items():
        if getattr(args, flag):
            results = json.loads(Path(args.out).read_text()) if Path(args.out).exists() else {}
            results[key] = measure()
            Path(args.out).write_text(json.dumps(results, indent=2))
            print(table(results) if "scales" in results else json.dumps(results[key], indent=2))
            return
    results = {"machine": f"{os.cpu_count()} CPUs", "warm_runs": WARM_RUNS, "scales": []}
    if args.no_browser and Path(args.out).exists():  # keep the browser's last measurements
        before = json.loads(Path(args.out).read_text())
        results |= {k: before[k] for k in ("first_chart_s", "map_borders_s", "fresh_tab_s") if k in before}
    for scale in args.scales:
        folder = synthesize(scale, Path(tempfile.mkdtemp()) / "data")
        # A fresh fingerprint cache: the load measured includes frictionless's full validation.
        env = {**os.environ, "WARCRIMES_DATA_DIR": str(folder), "WARCRIMES_CACHE_DIR": tempfile.mkdtemp()}
        out = subprocess.run(
            [sys.executable, __file__, "--measure", str(scale)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
        if out.returncode:
            raise SystemExit(out.stderr[-2000:])
        results["scales"].append(json.loads(out.stdout.strip().splitlines()[-1]))
        # A later start: a new process with the same data and cache (fingerprint and kept tables).
        later = subprocess.run(
            [sys.executable, __file__, "--measure-load"], capture_output=True, text=True, env=env, cwd=ROOT
        )
        if later.returncode:
            raise SystemExit(later.stderr[-2000:])
        results["scales"][-1].update(json.loads(later.stdout.strip().splitlines()[-1]))
        print(f"measured {scale}x", file=sys.stderr)
    results["cold_start_s"] = cold_start(cached=True)
    results["first_start_s"] = cold_start(cached=False)
    if not args.no_browser:
        results["first_chart_s"] = first_chart()
        results["map_borders_s"] = map_borders()
    results["targets"] = {
        "warm_ms": TARGETS_MS,
        "cold_start_s": COLD_TARGET_S,
        "first_chart_s": FIRST_CHART_TARGET_S,
        "memory_mb_at_1000x": MEMORY_TARGET_MB,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2))
    print(table(results))


if __name__ == "__main__":
    main()
