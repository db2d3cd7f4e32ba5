"""Screenshot gallery: every page at 1280x720 and 1920x1080, light and dark, and every presentation slide
(light, both sizes, as slides/<key>-<size>.png), into docs/screenshots/.

    python scripts/screenshots.py [--out docs/screenshots] [--pages overview map]

Starts one server per theme (dark via --theme.base dark), waits for each page's charts and
maps to draw, and saves what a visitor sees in the window. Used to refresh the README.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from components.theme import DARK_SERVER_ARGS  # noqa: E402

SIZES = [(1280, 720), (1920, 1080)]
THEMES = ["light", "dark"]
DRAWN = (
    '[data-testid="stPlotlyChart"] .main-svg, [data-testid="stDeckGlJsonChart"] canvas, '
    '[data-testid="stDataFrame"]'
)
# config.toml sets light colours, so the dark run overrides them too.
THEME_ARGS = {
    "light": ("--theme.base", "light"),
    "dark": DARK_SERVER_ARGS,
}
SETTLE_MS = 2500  # maps and charts finish their transitions


def _settle(page, name: str, map_colours, map_drawn) -> None:
    """Wait for a page's first chart, map or table, the end of its run, and a map's countries."""
    page.wait_for_selector(DRAWN, state="visible", timeout=60_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    page.wait_for_timeout(SETTLE_MS)
    deck = page.locator('[data-testid="stDeckGlJsonChart"] canvas')
    for _ in range(60):  # the map's countries arrive after its canvas
        if not deck.count() or map_drawn(map_colours(deck.first.screenshot())):
            return
        page.wait_for_timeout(500)
    raise RuntimeError(f"{name}: the map was not drawn within 30 s")


def capture(out: Path, only: list[str] | None, themes: list[str] | None = None) -> list[Path]:
    """Capture the gallery and return the files written."""

    from conftest import CHROMIUM, map_colours, map_drawn, start_server
    from playwright.sync_api import sync_playwright

    from components.slides import SLIDES
    from components.ui import PAGES

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for theme in themes or THEMES:
        proc, base = start_server(args=THEME_ARGS[theme])
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, env={**os.environ, "HOME": tempfile.mkdtemp()}
                )
                for path, _title, _icon, _section, url_path, _ in PAGES:
                    name = Path(path).stem
                    if only and name not in only:
                        continue
                    for w, h in SIZES:
                        page = browser.new_page(viewport={"width": w, "height": h})
                        page.goto(f"{base}/{url_path}")
                        _settle(page, name, map_colours, map_drawn)
                        file = out / f"{name}-{w}x{h}-{theme}.png"
                        page.screenshot(path=str(file))
                        written.append(file)
                        page.close()
                if theme == "light" and (not only or "slides" in only):
                    (out / "slides").mkdir(exist_ok=True)
                    for s in SLIDES:
                        for w, h in SIZES:
                            page = browser.new_page(viewport={"width": w, "height": h})
                            page.goto(f"{base}/?present=1&slide={s.key}")
                            _settle(page, s.key, map_colours, map_drawn)
                            file = out / "slides" / f"{s.key}-{w}x{h}.png"
                            page.screenshot(path=str(file))
                            written.append(file)
                            page.close()
                browser.close()
        finally:
            proc.terminate()
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--pages", nargs="*")
    ap.add_argument("--themes", nargs="*", choices=THEMES)
    args = ap.parse_args()
    for f in capture(Path(args.out), args.pages, args.themes):
        print(f.relative_to(ROOT) if f.is_relative_to(ROOT) else f)


if __name__ == "__main__":
    main()
