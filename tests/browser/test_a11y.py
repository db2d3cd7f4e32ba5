"""WCAG 2.1 A and AA in Chromium: axe-core on every page and state, titles, headings and visible focus.

axe-core (bundled by axe-playwright-python) runs the wcag2a, wcag2aa, wcag21a and wcag21aa rules on
every page with its expanders open, on an incident's detail view and in presentation mode, in the
light theme and in the dark one. The viewport is tall so that every element is laid out on screen:
axe cannot judge the contrast of text scrolled out of Streamlit's inner container. What axe cannot
see is measured here too: one <title> per page, headings without skipped levels, and a focus ring
that changes the pixels around each control by at least 3:1.
"""

from __future__ import annotations

import io
import itertools

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from components.theme import DARK_SERVER_ARGS

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DRAWN = """n => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(e => e.querySelector('.main-svg'))
  .length + document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas').length >= n"""
INCIDENT = "katyn-massacre"
# (state, path, what must be drawn before axe runs: plotly charts or map canvases)
STATES = [
    ("overview", "/", 1),
    ("incidents", "/incidents", 0),
    ("incident-detail", f"/incidents?incident={INCIDENT}", 0),
    ("map", "/map", 1),
    ("timeline", "/timeline", 3),
    ("compare", "/compare", 5),
    ("pow", "/pow", 4),
    ("sources", "/sources", 0),
    ("presentation", "/?present=1", 1),
]
PAGE_TITLES = {"/": "Overview", "/incidents": "Incidents", "/map": "Map", "/timeline": "Timeline"}
PAGE_TITLES |= {"/compare": "Compare", "/pow": "POW mortality", "/sources": "Sources & method"}
DARK = DARK_SERVER_ARGS  # config.toml sets light colours: the dark server overrides them
OPEN_EXPANDERS = """() => {
  const closed = [...document.querySelectorAll('[data-testid="stExpander"] details:not([open]) > summary')];
  closed.forEach(s => s.click());
  return closed.length;
}"""
_axe = Axe()


def settle(web, path: str, drawn: int) -> None:
    """Open a state, wait for its charts, open every expander and let what they hold render."""
    web.open(path)
    web.page.wait_for_selector('[data-testid="stMain"] h1', state="attached", timeout=120_000)
    if drawn:
        web.page.wait_for_function(DRAWN, arg=drawn, timeout=120_000, polling=250)
    for _ in range(6):  # an expander drawn late (after a chart, or after a rerun) is opened on the next round
        if not web.page.evaluate(OPEN_EXPANDERS):
            break
        web.page.wait_for_timeout(1500)
        web.wait_idle()
    assert web.page.evaluate(OPEN_EXPANDERS) == 0, f"{path}: expanders that would not open"
    web.assert_no_errors()


# The app's accessibility stylesheet is an element of the page that a rerun redraws: axe runs once it is there.
CSS_IN_PLACE = """() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('stCaptionContainer'))"""


def violations(web) -> list[dict]:
    """Return axe's WCAG 2.1 A/AA violations of the page as it is now (with the app's stylesheet in place)."""
    web.page.wait_for_function(CSS_IN_PLACE, timeout=30_000, polling=100)
    result = _axe.run(web.page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return result.response["violations"]


def summary(found: list[dict]) -> str:
    lines = []
    for v in found:
        for n in v["nodes"][:4]:
            lines.append(f"{v['id']} ({v['impact']}): {n['html'][:110]} -- {n['failureSummary'][:160]}")
    return "\n".join(lines)


def node_count(found: list[dict]) -> int:
    return sum(len(v["nodes"]) for v in found)


@pytest.fixture()
def tall(make_page, server):
    return make_page(server, width=1280, height=5000)


@pytest.mark.parametrize("state, path, drawn", STATES, ids=[s[0] for s in STATES])
def test_axe_finds_no_wcag_violation(tall, state, path, drawn):
    settle(tall, path, drawn)
    found = violations(tall)
    assert not found, f"{state}: {node_count(found)} violation nodes\n{summary(found)}"


def test_axe_finds_no_wcag_violation_in_the_dark_theme(make_page, make_server):
    pg = make_page(make_server(args=DARK), width=1280, height=5000)
    per_state = {}
    for state, path, drawn in STATES:
        settle(pg, path, drawn)
        bg = pg.page.evaluate("getComputedStyle(document.querySelector('.stApp')).backgroundColor")
        assert bg == "rgb(14, 17, 23)", bg
        per_state[state] = violations(pg)
    bad = {s: v for s, v in per_state.items() if v}
    assert not bad, "\n".join(f"{s}: {node_count(v)} nodes\n{summary(v)}" for s, v in bad.items())


def test_every_page_has_its_own_title(web):
    titles = {}
    for path, name in PAGE_TITLES.items():
        web.open(path)
        web.page.wait_for_function(f"document.title.startsWith({name!r})", timeout=30_000)
        titles[path] = web.page.title()
    assert len(set(titles.values())) == len(PAGE_TITLES), titles
    assert all("war crimes" in t for t in titles.values()), titles


def heading_levels(web) -> list[tuple[int, str]]:
    return web.page.evaluate(
        """() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
            .filter(h => h.offsetParent !== null && h.innerText.trim())
            .map(h => [Number(h.tagName[1]), h.innerText.trim().slice(0, 50)])"""
    )


@pytest.mark.parametrize("state, path, drawn", STATES, ids=[s[0] for s in STATES])
def test_headings_skip_no_level(tall, state, path, drawn):
    settle(tall, path, drawn)
    levels = heading_levels(tall)
    main_h1 = tall.page.locator('[data-testid="stMain"] h1').count()
    assert main_h1 == 1, f"{state}: {main_h1} h1 headings in the main area"
    jumps = [(a, b) for a, b in itertools.pairwise(levels) if b[0] > a[0] + 1]
    assert not jumps, f"{state}: heading levels skip: {jumps}"


def luminance(px) -> float:
    lin = [(c / 255 / 12.92) if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in px[:3]]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ring_pixels(before: bytes, after: bytes) -> int:
    """Count the pixels that focusing changed by at least 3:1 (what a reader sees as the focus indicator)."""
    a = Image.open(io.BytesIO(before)).convert("RGB")
    b = Image.open(io.BytesIO(after)).convert("RGB")
    return sum(contrast(p, q) >= 3.0 for p, q in zip(a.getdata(), b.getdata()))


def focus_walk(web, stops: int) -> list[tuple[str, int, int]]:
    """Tab through the first controls; return (control, pixels changed >= 3:1, the box's perimeter)."""
    out = []
    web.page.locator("body").focus()
    for _ in range(stops):
        web.page.keyboard.press("Tab")
        box = web.page.evaluate(
            """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
                 // a visually hidden input shows its focus on what a reader sees: its label or slider thumb
                 const hidden = e.parentElement && e.parentElement.getBoundingClientRect().width <= 1;
                 const label = hidden ? e.parentElement.parentElement
                   : (r.width <= 2 || r.height <= 2) ? (e.closest('label') || e) : e;
                 const l = label.getBoundingClientRect();
                 const x = l.x, y = l.y;
                 return {x, y, w: l.width, h: l.height,
                         name: (e.getAttribute('aria-label') || e.innerText || e.tagName).trim().slice(0, 40),
                         visible: l.width > 0 && l.height > 0}; }"""
        )
        if not box["visible"] or box["w"] > 1000 or box["h"] > 600:
            continue  # a container that takes focus for scrolling, or a hidden input without a label
        clip = {"x": max(box["x"] - 10, 0), "y": max(box["y"] - 10, 0), "width": box["w"] + 20}
        clip["height"] = box["h"] + 20
        focused = web.page.screenshot(clip=clip, animations="disabled", caret="hide")
        web.page.evaluate("document.activeElement.blur()")
        web.page.wait_for_timeout(150)
        plain = web.page.screenshot(clip=clip, animations="disabled", caret="hide")
        out.append((box["name"], ring_pixels(plain, focused), int(2 * (box["w"] + box["h"]))))
        # Chromium goes on from the blurred control: Tab then Shift+Tab puts focus back on it
        web.page.keyboard.press("Tab")
        web.page.keyboard.press("Shift+Tab")
    return out


@pytest.mark.parametrize("path, stops", [("/", 24), ("/map", 30)])
def test_every_control_shows_a_focus_ring_of_3_to_1(web, path, stops):
    web.page.set_viewport_size({"width": 1280, "height": 3000})
    settle(web, path, 1)
    walk = focus_walk(web, stops)
    assert len(walk) >= stops // 2, walk
    faint = [(name, changed, perimeter) for name, changed, perimeter in walk if changed < 0.8 * perimeter]
    assert not faint, f"controls whose focus changes fewer pixels by 3:1 than most of a 1-px ring: {faint}"
