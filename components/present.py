"""Presentation mode (print styles: components.printing): a slide show of the main figures, one per screen, driven by a clicker.

Each slide is one catalogue figure (components.slides) with its title, filters and source inside,
filling the screen under a row of controls. The keys a presentation clicker sends move through the
slides: → ↓ Page Down and Space forward, ← ↑ Page Up back, Home and End to the first and last,
Esc back to the page the show was started from (`?present=1&slide=map&from=map` in the URL). The
first slide has no "previous" and the last no "next": the show never wraps around silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from components import catalogue, css, maps, params, sidebar, slides, theme, ui, urlstate
from components import filters as flt
from components.safe import md

CONTROLS_PX = 100  # the row of controls above a slide, with the page's top padding
CAPTION_PX = 110  # the caption under it (two lines of projector type) and the gaps
MIN_STAGE_PX = 360  # below this the slide scrolls rather than squeezing its figure
# Which slide a page starts the show on (others start on the first).
START = {"map": "map", "timeline": "timeline", "compare": "compare-deaths", "pow": "pow-matrix"}
HOME = "overview"  # the `from` name of the default page (its url path is empty)


@dataclass(frozen=True)
class Move:
    """A navigation button: its key, label, the key that presses it and where it goes (+1, -1, 'first', 'last')."""

    key: str
    label: str
    shortcut: str
    step: int | str
    shown: bool = True


MOVES = (
    Move("present_prev", "◀ Previous", "Left", -1),
    Move("present_next", "Next ▶", "Right", +1),
    Move("present_pgup", "Previous (Page Up)", "PageUp", -1, shown=False),
    Move("present_up", "Previous (Up)", "Up", -1, shown=False),
    Move("present_pgdn", "Next (Page Down)", "PageDown", +1, shown=False),
    Move("present_down", "Next (Down)", "Down", +1, shown=False),
    Move("present_space", "Next (Space)", "Space", +1, shown=False),
    Move("present_home", "First slide", "Home", "first", shown=False),
    Move("present_end", "Last slide", "End", "last", shown=False),
)
HIDDEN = ", ".join(f".st-key-{m.key}" for m in MOVES if not m.shown)
# Static CSS and script written here, never built from data.
PRESENT_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer {{display: none !important;}}
[data-testid="stMainBlockContainer"] {{max-width: 100% !important; padding: 0.75rem 2rem 0.5rem !important;}}
[data-testid="stMain"] p, [data-testid="stMain"] li {{font-size: 1.35rem !important; line-height: 1.45;}}
{HIDDEN} {{display: none !important;}}
.st-key-present_controls button p {{font-size: 1.15rem !important;}}
.st-key-slide_description {{position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap;}}
</style>
"""


def requested() -> bool:
    """Return True when the URL asks for presentation mode (?present=1)."""
    on, notice = params.yes_no(urlstate.get("present"), "present")
    urlstate.note(notice)
    return on


def pages() -> dict[str, tuple[str, str]]:
    """Return {name used in `from`: (page file, page title)}, the default page as 'overview'."""
    return {(url or HOME): (path, title) for path, title, _, _, url, _ in ui.PAGES}


def start_slide(page: str) -> str:
    """Return the key of the slide a show started from `page` opens on."""
    keys = [s.key for s in slides.SLIDES]
    key = START.get(page, keys[0])
    return key if key in keys else keys[0]


FIRST_YEAR, LAST_YEAR = 1900, 2000  # a map year in the URL outside these is a typo, not a view
BORDERS = {"today": False, "time": True}  # URL value of `borders` -> borders of the time


def page_map_view(page: str) -> slides.MapView:
    """Return the Map page's year and borders when `page` is the Map page (its last run), else the default."""
    mv = st.session_state.get(slides.MAP_VIEW)
    return mv if page == "map" and isinstance(mv, slides.MapView) else slides.MapView()


def map_query(page: str) -> dict[str, str]:
    """Return the URL parameters that carry the Map page's year and borders into the show (from that page only)."""
    mv = page_map_view(page)
    if mv.year is None:
        return {}
    return {"year": str(mv.year), "borders": "time" if mv.historical else "today"}


def map_view() -> slides.MapView:
    """Return the map slide's year and borders as the URL gives them (every year on today's borders by default)."""
    year = urlstate.whole_number("year", FIRST_YEAR, LAST_YEAR)
    borders = urlstate.one_of("borders", BORDERS, "today")
    return slides.MapView(year, BORDERS[borders])


def toggle(page: str | None = None) -> None:
    """Draw the sidebar button that starts the show on this page's slide and remembers the page to come back to."""
    name = page or HOME

    def _on():
        st.query_params.update({"present": "1", "slide": start_slide(name), "from": name} | map_query(name))

    st.sidebar.button(
        "Presentation mode",
        key="present_toggle",
        on_click=_on,
        width="stretch",
        help="One chart per screen in large type, without the sidebar; a presentation clicker or the arrow "
        "keys move through the slides, Esc comes back. Add ?present=1 to a link to open in it.",
    )


def target(i: int, step: int | str, n: int) -> int:
    """Return the slide index a move leads to from slide i of n (clamped: never wraps around)."""
    if step == "first":
        return 0
    if step == "last":
        return n - 1
    return min(max(i + int(step), 0), n - 1)


def leave() -> None:
    """End the show: drop its URL parameters."""
    urlstate.drop("present", "slide", "from", "year", "borders")


def _controls(i: int, n: int, keys: list[str], title: str) -> bool:
    """Draw Previous, Next, the slide counter and the way back; return True when the way back was pressed."""

    def go(k: int) -> None:
        st.query_params["slide"] = keys[k]

    with st.container(key="present_controls", horizontal=True, vertical_alignment="center"):
        for m in MOVES:
            k = target(i, m.step, n)
            st.button(
                m.label,
                key=m.key,
                on_click=go,
                args=(k,),
                disabled=k == i,
                shortcut=m.shortcut,
                help=None if m.shown else m.label,
            )
        st.markdown(f"**Slide {i + 1} of {n}**", width="stretch", text_alignment="center")
        return st.button(
            f"Back to {title}",
            key="present_back",
            shortcut="Escape",
            help="Leave the show (Esc)",
        )


VIEWPORT_JS = """
export default function(component) {
  const { setStateValue } = component;
  let last = null;
  const send = () => {
    const v = {w: window.innerWidth, h: window.innerHeight};
    if (last && last.w === v.w && last.h === v.h) return;
    last = v;
    setStateValue("size", v);
  };
  // Sent again shortly after mounting: a value set while the page is still starting up can be lost.
  send();
  setTimeout(() => { last = null; send(); }, 800);
  setTimeout(() => { last = null; send(); }, 2500);
  let timer;
  const onResize = () => { clearTimeout(timer); timer = setTimeout(send, 300); };
  window.addEventListener("resize", onResize);
  return () => window.removeEventListener("resize", onResize);
}
"""
DEFAULT_VIEWPORT = {"w": 1280, "h": 720}  # until the browser has said (and in AppTest)
_viewport = st.components.v2.component("present_viewport", js=VIEWPORT_JS)


def viewport() -> dict:
    """Return the browser window's size {w, h} in CSS pixels (a rerun follows when it changes)."""
    size = getattr(_viewport(key="present_viewport", on_size_change=lambda: None), "size", None)
    ok = isinstance(size, dict) and all(isinstance(size.get(k), (int, float)) for k in ("w", "h"))
    if not ok or not isinstance(size, dict):
        return dict(DEFAULT_VIEWPORT)
    return {"w": int(size["w"]), "h": int(size["h"])}


def stage_height(screen_h: int) -> int:
    """Return the slide figure's height on a screen this tall: all of it but the controls and the caption."""
    return max(MIN_STAGE_PX, int(screen_h) - CONTROLS_PX - CAPTION_PX)


def fit_to_screen(fig: go.Figure, height: int) -> go.Figure:
    """Give the figure the stage's height, keeping what the builder placed from the top where it was.

    A builder places a horizontal legend at a share of the figure's height, under the subtitle; at
    another height that share would move it into the plot or onto the subtitle, so it is moved to the
    same distance from the top in pixels.
    """
    built = fig.layout.height or 450
    leg = fig.layout.legend
    if leg.yref == "container" and leg.y is not None and 0 < leg.y < 1:
        fig.update_layout(legend_y=1 - (1 - leg.y) * built / height)
    fig.update_layout(width=None, autosize=True)
    return theme.fit(fig, height)  # rows that need more room than the stage has get smaller labels


def _chart(fig: go.Figure, key: str) -> None:
    """Draw the slide's figure and its description: read out by screen readers, not shown on the projector."""
    from components.alt_text import describe
    from components.theme import chart_config

    st.plotly_chart(fig, theme=None, width="stretch", config=chart_config(fig.layout.meta["title"]), key=key)
    with st.container(key="slide_description"):
        st.caption("Chart description: " + md(describe(fig)))


def show(ds) -> slides.MapView:
    """Draw presentation mode: one slide filling the screen, its caption, the controls and the way back.

    Returns the map slide's year and borders, read from the URL (the lesson deck draws the same)."""
    st.html(PRESENT_CSS)
    keys = [s.key for s in slides.SLIDES]
    st.html(
        css.hidden_heading("Presentation mode")
    )  # the page's h1 for screen readers; the slide titles itself
    current, notice = params.one_of(urlstate.get("slide"), keys, keys[0], "slide")
    if notice:
        st.caption("ℹ️ Ignored an unknown slide in the link; showing the first one.")
    known = pages()
    origin = urlstate.one_of("from", known, HOME)
    i = keys.index(current)
    path, title = known[origin]
    if _controls(i, len(keys), keys, title):
        leave()
        # A page switch made by the server drops every widget's state, the sidebar's filters too:
        # the next run takes them from the URL again, which carries them.
        st.session_state.pop(sidebar.READY, None)
        st.switch_page(path, query_params=flt.to_query(sidebar.current()))
    s = slides.SLIDES[i]
    mv = map_view()
    fig = s.build(ds, sidebar.current(), mv)
    height = stage_height(viewport()["h"])
    with st.container(key="slide_stage"):
        if fig is None:
            ui.no_match()
        else:
            _chart(fit_to_screen(slides.for_projector(fig), height), f"slide_{s.key}")
    st.markdown(md(s.caption) + ("" if s.uses_filters else " *(Not affected by the incident filters.)*"))
    if s.follows_map and mv.historical and fig is not None:
        year = mv.year or int(catalogue.View(ds, sidebar.current()).inc["year_start"].max())
        st.caption(md(maps.borders_caption(year, True)))
    return mv
