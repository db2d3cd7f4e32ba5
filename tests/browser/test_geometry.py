"""What "fits" means for a figure: measured in Chromium, no two texts overlap and none leaves its figure.

For every plotly figure on every page, at 1280x720 and 1920x1080, in light and dark, under several
filter states, on every presentation slide, and in the slide kit's static export: the boxes of the
`svg text` elements inside each `.js-plotly-plot` (titles, subtitles, legend entries, ticks,
annotations, bar and cell labels; not the hover layer or the toolbar, not hidden or empty texts)
never overlap (beyond TOLERANCE_PX) and never leave the figure's own box.

Pages are visited by the sidebar's navigation in one tab per theme, size and filter state, so the
whole module costs a few minutes. Every failure names its page, state, figure title and both texts;
a JSON of all measurements is written to artifacts/geometry.json.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from contextlib import closing
from itertools import combinations
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components import slides
from components.ui import PAGES
from tests.browser.conftest import RUN_DONE, SHOTS, Page, run_slide_kit, start_server

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
TOLERANCE_PX = 1.0
SIZES = [(1280, 720), (1920, 1080)]
TALL = 4320  # viewport height for pages: figures below the fold are laid out too (the width is what counts)
THEMES = ["light", "dark"]
STATES = {  # filter state -> URL query
    "default": "",
    "years": "years=1939-1945",
    "perp": "perp=united_states",
    "search": "q=katyn",  # keeps one incident
}
PAGE_PATHS = {Path(p).stem: url for p, _t, _i, _s, url, _b in PAGES}  # page name -> URL path
# Pages whose figures must be there in every state (so a broken page cannot pass by drawing nothing).
MIN_FIGURES = {"overview": 1, "timeline": 3, "compare": 3, "pow": 4}
EXPORT_STATES = {"default": "", "years": "years=1939-1945"}


def _screenshots_module():
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


THEME_ARGS = _screenshots_module().THEME_ARGS

# Cases that fail today (issue #16); each is removed as its figures are fixed. Strict: a case that
# starts passing fails the run until its mark is removed.
KNOWN_FAILING: dict[str, str] = {}

# Text geometry of every plotly figure under `root`: its title, chart key, box and text boxes.
MEASURE_JS = """
(root) => {
  const hidden = (el, stop) => {
    for (let e = el; e && e !== stop; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) return true;
    }
    return false;
  };
  const plots = root.matches && root.matches('svg') ? [root] : [...root.querySelectorAll('.js-plotly-plot')];
  return plots.map(plot => {
    const b = plot.getBoundingClientRect();
    const t = plot.querySelector('.gtitle');
    const title = t ? [...t.childNodes].map(n => n.textContent).join(' ').trim() : '';
    const host = plot.closest('[class*="st-key-"]');
    const key = host ? ([...host.classList].find(c => c.startsWith('st-key-')) || '').slice(7) : '';
    const legends = [...plot.querySelectorAll('g.legend')].map(g => {
      const bg = g.querySelector('rect.bg');
      const r = (bg || g).getBoundingClientRect();
      const bar = g.querySelector('rect.scrollbar');
      const scrolls = !!bar && bar.getBoundingClientRect().height > 0;
      return {g, box: {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}, scrolls};
    });
    const texts = [];
    for (const el of plot.querySelectorAll('text')) {
      if (el.closest('.hoverlayer, .modebar, .modebar-container')) continue;
      const s = [...el.childNodes].map(n => n.textContent).join(' ').replace(/\\s+/g, ' ').trim();
      if (!s || hidden(el, plot.parentElement)) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) continue;
      const legend = legends.findIndex(l => l.g.contains(el));
      texts.push({text: s, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, legend});
    }
    const box = {x0: b.left, y0: b.top, x1: b.right, y1: b.bottom};
    return {title, key, box, texts, legends: legends.map(l => ({box: l.box, scrolls: l.scrolls}))};
  });
}
"""


def _short(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _outside(t: dict, b: dict) -> float:
    """Return by how many px the box t reaches out of the box b (0 or less: inside)."""
    return max(b["x0"] - t["x0"], t["x1"] - b["x1"], b["y0"] - t["y0"], t["y1"] - b["y1"])


def figure_problems(fig: dict, tol: float = TOLERANCE_PX) -> list[str]:
    """Return a sentence for every text that leaves the figure and every pair of texts that overlap."""
    b, texts, out = fig["box"], fig["texts"], []
    legends = fig.get("legends", [])
    for leg in legends:
        if leg["scrolls"]:
            out.append("a legend is cut off and scrolls")
    for t in texts:
        over = _outside(t, b)
        if over > tol:
            out.append(f"'{_short(t['text'])}' leaves the figure by {over:.0f}px")
        elif t.get("legend", -1) >= 0 and _outside(t, legends[t["legend"]]["box"]) > tol:
            out.append(f"'{_short(t['text'])}' is cut off by its legend's edge")
    for a, c in combinations(texts, 2):
        w = min(a["x1"], c["x1"]) - max(a["x0"], c["x0"])
        h = min(a["y1"], c["y1"]) - max(a["y0"], c["y0"])
        if w > tol and h > tol:
            out.append(f"'{_short(a['text'])}' overlaps '{_short(c['text'])}' ({w:.0f}x{h:.0f}px)")
    return out


def report(where: str, figures: list[dict]) -> list[str]:
    """Return one line per problem, naming where, the figure's title and key."""
    lines = []
    for f in figures:
        for p in figure_problems(f):
            lines.append(f"[{where}] {f['title'] or '(no title)'} ({f['key'] or 'figure'}): {p}")
    return lines


RESULTS: list[dict] = []  # every measured figure with its case and problems, saved at the end


def _record(case: str, figures: list[dict]) -> None:
    for f in figures:
        RESULTS.append(
            {"case": case, "key": f["key"], "title": f["title"], "problems": figure_problems(f), **f}
        )


@pytest.fixture(scope="module", autouse=True)
def _save_results():
    yield
    SHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SHOTS.parent / "geometry.json").write_text(json.dumps(RESULTS, indent=1), encoding="utf-8")


@pytest.fixture(scope="module")
def servers(server):
    """The session's server (light, from config.toml) and a second one in the dark theme."""
    proc, dark = start_server(args=THEME_ARGS["dark"])
    yield {"light": server, "dark": dark}
    proc.terminate()
    try:
        proc.wait(timeout=30)  # a busy machine can take a while to stop a server
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


def settle(page, figures: int = 0) -> None:
    """Wait until the script run is over, no stale element is left and every figure has stopped changing.

    figures: how many figures must be drawn at least (the run may end before plotly has drawn them).
    """
    page.wait_for_timeout(300)
    page.wait_for_selector(RUN_DONE, state="detached", timeout=60_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=60_000)
    page.wait_for_function(
        """n => {
          const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
          return charts.length >= n && charts.every(c => c.querySelector('.js-plotly-plot .main-svg'));
        }""",
        arg=figures,
        timeout=60_000,
    )
    sig, same = None, 0
    for _ in range(80):
        now = page.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => "
            "{const r = p.getBoundingClientRect(); return [r.width, r.height, p.querySelectorAll('text').length]})"
        )
        same = same + 1 if now == sig else 0
        sig = now
        if same >= 2:
            return
        page.wait_for_timeout(250)


class ReusedTab:
    """One browser tab at a time, kept while consecutive cases share its key."""

    def __init__(self, browser, servers):
        self.browser, self.servers = browser, servers
        self.key: tuple | None = None
        self.web: Page | None = None

    def close(self) -> None:
        if self.web:
            self.web.ctx.close()
        self.web, self.key = None, None


class Tabs(ReusedTab):
    """One browser tab per (theme, size, state), reused while consecutive cases share it."""

    def tab(self, theme: str, w: int, h: int, state: str, page: str) -> Page:
        key = (theme, w, h, state)
        if key != self.key:
            self.close()
            self.web = Page(self.browser, self.servers[theme], width=w, height=h)
            query = STATES[state]
            path = f"/{PAGE_PATHS[page]}" + (f"?{query}" if query else "")
            try:
                self.web.open(path)
            except PlaywrightTimeout:  # a first load on a very busy machine: once more
                self.web.open(path)
            self.key = key
        else:
            link = self.web.page.locator(f'[data-testid="stSidebarNavLink"][href$="/{PAGE_PATHS[page]}"]')
            link.first.click()
            self.web.page.wait_for_url(
                f"**/{PAGE_PATHS[page]}?**" if STATES[state] else f"**/{PAGE_PATHS[page]}"
            )
        settle(self.web.page, MIN_FIGURES.get(page, 0))
        return self.web


@pytest.fixture(scope="module")
def tabs(browser, servers):
    with closing(Tabs(browser, servers)) as t:
        yield t


def _case_id(theme: str, size: tuple[int, int], state: str, page: str) -> str:
    return f"{page}-{state}-{size[0]}x{size[1]}-{theme}"


def _params(cases):
    out = []
    for case_id, values in cases:
        marks = (
            [pytest.mark.xfail(strict=True, reason=KNOWN_FAILING[case_id])]
            if case_id in KNOWN_FAILING
            else []
        )
        out.append(pytest.param(*values, id=case_id, marks=marks))
    return out


PAGE_CASES = _params(
    (_case_id(theme, size, state, page), (theme, size, state, page))
    for theme in THEMES
    for size in SIZES
    for state in STATES
    for page in PAGE_PATHS
)


@pytest.mark.parametrize("theme, size, state, page", PAGE_CASES)
def test_page_figures_fit(tabs, theme, size, state, page):
    web = tabs.tab(theme, size[0], TALL, state, page)
    web.assert_no_errors()
    figures = web.page.evaluate(MEASURE_JS, web.page.locator('[data-testid="stMain"]').element_handle())
    where = f"{page} | {STATES[state] or 'default'} | {size[0]}x{size[1]} {theme}"
    _record(_case_id(theme, size, state, page), figures)
    assert len(figures) >= MIN_FIGURES.get(page, 0), f"[{where}] only {len(figures)} figures drawn"
    problems = report(where, figures)
    assert not problems, "\n".join(problems)


# Slides as a link opens them: the key, and for the map also its year and the borders of the time (#19).
SLIDE_LINKS = {s.key: s.key for s in slides.SLIDES} | {"map-1941-of-the-time": "map&year=1941&borders=time"}
SLIDE_CASES = _params(
    (f"slide-{name}-{w}x{h}-{theme}", (theme, (w, h), link))
    for theme in THEMES
    for (w, h) in SIZES
    for name, link in SLIDE_LINKS.items()
)


class SlideTab(ReusedTab):
    """One tab per (theme, size) for the slides, each opened by its own link."""

    def open(self, theme: str, w: int, h: int, key: str) -> Page:
        if (theme, w, h) != self.key:
            self.close()
            self.web = Page(self.browser, self.servers[theme], width=w, height=h)
            self.key = (theme, w, h)
        self.web.open(f"/?present=1&slide={key}")
        settle(self.web.page, 1)
        return self.web


@pytest.fixture(scope="module")
def slide_tab(browser, servers):
    with closing(SlideTab(browser, servers)) as t:
        yield t


@pytest.mark.parametrize("theme, size, key", SLIDE_CASES)
def test_slide_fits(slide_tab, theme, size, key):
    """A slide is one screen: measured at the real viewport, not a tall one."""
    web = slide_tab.open(theme, *size, key)
    web.assert_no_errors()
    figures = web.page.evaluate(MEASURE_JS, web.page.locator('[data-testid="stMain"]').element_handle())
    where = f"slide {key} | {size[0]}x{size[1]} {theme}"
    _record(f"slide-{key}-{size[0]}x{size[1]}-{theme}", figures)
    assert len(figures) == 1, f"[{where}] {len(figures)} figures on the slide"
    problems = report(where, figures)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """Run the slide kit once per export state; return {state: folder of PNG and SVG files}."""
    out = {}
    for state, query in EXPORT_STATES.items():
        folder = tmp_path_factory.mktemp(f"slides-{state}")
        run_slide_kit(folder, query)
        out[state] = folder
    return out


EXPORT_CASES = _params(
    (f"export-{s.key}-{state}", (state, s.key)) for state in EXPORT_STATES for s in slides.SLIDES
)


@pytest.mark.parametrize("state, key", EXPORT_CASES)
def test_exported_figure_fits(browser, exports, state, key):
    """The slide kit's SVG (the same picture as its PNG) keeps title and source inside, nothing overlapping."""
    svg = exports[state] / f"{key}.svg"
    assert svg.exists(), f"the slide kit wrote no {key} figure for {EXPORT_STATES[state] or 'default'}"
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.set_content(f"<html><body style='margin:0'>{svg.read_text(encoding='utf-8')}</body></html>")
        [fig] = page.evaluate(MEASURE_JS, page.locator("svg").first.element_handle())
    finally:
        ctx.close()
    where = f"export {key} | {EXPORT_STATES[state] or 'default'}"
    _record(f"export-{key}-{state}", [fig])
    texts = [t["text"] for t in fig["texts"]]
    assert fig["title"] and fig["title"].split(" ")[0] in " ".join(texts), (
        f"[{where}] no title in the picture"
    )
    assert any(t.startswith("Source:") for t in texts), f"[{where}] no source line in the picture"
    problems = report(where, [fig])
    assert not problems, "\n".join(problems)


PRINT_PAGES = {  # page -> a caption that must print on the same sheet as the figure above it
    "timeline": ("Each incident from start to end", "Shaded bands mark the periods"),
    "compare": ("Incidents by crime type and perpetrator", "Each cell counts incidents"),
    "pow": ("Percent of prisoners of war killed", "As printed in"),
}
CONTROL_LABELS = (
    "Log scale",
    "Compare by",
    "Group bars by",
    "Zoom to a period",
    "Incidents shown",
    "Download",
)


def _pdf_pages(pdf: Path) -> list[dict]:
    """Return each page of a PDF as its size and words with their boxes (poppler's pdftotext -bbox)."""
    import re

    out = pdf.with_suffix(".html")
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(out)], check=True)
    pages = []
    for w, h, body in re.findall(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out.read_text(), re.S
    ):
        words = [
            (float(a), float(b), float(c), float(d), t)
            for a, b, c, d, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body
            )
        ]
        pages.append({"w": float(w), "h": float(h), "words": words, "text": " ".join(x[4] for x in words)})
    return pages


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("page", list(PRINT_PAGES))
def test_print_fits_the_paper(browser, server, tmp_path, page, paper):
    """Printed (portrait), every chart fits the paper whole: its source line, which ends at the chart's right
    edge, is all there; no control prints; a figure and its caption share a sheet."""
    import shutil

    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is needed: apt-get install -y poppler-utils")
    web = Page(browser, server, 1280, 900)
    try:
        web.open(f"/{PAGE_PATHS[page]}")
        settle(web.page, MIN_FIGURES[page])
        n = web.page.locator(".js-plotly-plot").count()
        web.page.emulate_media(media="print")
        web.page.wait_for_timeout(500)
        pdf = tmp_path / f"{page}-{paper}.pdf"
        web.page.pdf(path=str(pdf), format=paper, print_background=True)
    finally:
        web.ctx.close()
    sheets = _pdf_pages(pdf)
    text = " ".join(s["text"] for s in sheets)
    for s in sheets:
        for x0, _y0, x1, _y1, word in s["words"]:
            assert x0 >= 0 and x1 <= s["w"] + 0.5, f"'{word}' runs off the {paper} sheet"
    # Every source line ends with the licence at the chart's right edge: a chart cut at the right loses it.
    assert text.count("Source:") >= n and text.count("BY-SA") >= n, (
        f"{n} charts, but their source lines are cut"
    )
    for label in CONTROL_LABELS:
        assert label not in text, f"the control '{label}' prints"
    title, caption = PRINT_PAGES[page]
    sheet = next(i for i, s in enumerate(sheets) if title in s["text"])
    assert caption in sheets[sheet]["text"], (
        f"'{title}' and its caption '{caption}' print on different sheets"
    )


def test_slide_kit_index_gives_every_picture_its_text_alternative(exports):
    """The slide kit's index.md describes each picture as its page does (alt_text), not by its title alone."""
    import re

    for state, folder in exports.items():
        text = (folder / "index.md").read_text(encoding="utf-8")
        pictures = re.findall(r"!\[([^\]]*)\]\(([\w-]+)\.png\)", text)
        assert {key for _alt, key in pictures} == {p.stem for p in folder.glob("*.png")}, state
        for alt, key in pictures:
            title = re.search(rf"## (.+)\n\n!\[[^\]]*\]\({key}\.png\)", text).group(1)
            assert len(alt) > len(title) + 40 and alt != title, f"{state} {key}: alt text is only '{alt}'"
