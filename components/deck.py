"""The lesson deck: the current view as a 16:9 PowerPoint file a teacher can teach from (pure).

A title slide (what the deck shows, the filters, the content note, the date and the version), one
slide per main figure (the figure as a high-resolution PNG with its title, filters and source inside,
its description as the picture's alt text, speaker notes with the key numbers and who gives them),
and a closing slide with the sources, their licences and how to cite. Figures come from the slide
catalogue (components.slides), drawn by kaleido with the system Chromium.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from components import alt_text, cite, lesson_notes, slides
from components.data import Dataset
from components.filters import Filters, describe

SLIDE_W, SLIDE_H = Emu(12_192_000), Emu(6_858_000)  # 13.333 x 7.5 inches: 16:9, as PowerPoint sizes it
MARGIN = Inches(0.3)
RENDER_W, RENDER_H = 1280, 720  # CSS pixels of a figure's picture (width; height when the figure sets none)
PNG_SCALE = 2  # 2560 pixels wide: sharp on a projector and in print
CONTENT_NOTE = (
    "Content note: these slides describe mass violence, including killings and sexual violence, in "
    "neutral and non-graphic terms."
)
PURPOSE = (
    "War-crime incidents by the Soviet Union and the Western and other Allied forces (1917–1991) and "
    "prisoner-of-war mortality by captor, Axis captors included, as four encyclopedia articles give them. "
    "Every figure is a range with who gives it. Comparing captors is no argument of moral equivalence."
)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
GREY, DARK = RGBColor(0x55, 0x55, 0x55), RGBColor(0x1F, 0x23, 0x28)
_LOCK = threading.Lock()  # one kaleido server per process: decks are drawn one at a time

Render = Callable[[go.Figure, int, int], bytes]


def can_render() -> bool:
    """Return whether kaleido finds a browser to draw figures with (Chromium on PATH or $BROWSER_PATH)."""
    return bool(os.environ.get("BROWSER_PATH")) or any(shutil.which(b) for b in BROWSERS)


def png(fig: go.Figure, width: int, height: int) -> bytes:
    """Return the figure as a PNG at print scale (through kaleido's server when one is running)."""
    with warnings.catch_warnings():  # plotly passes kaleido options that a running server ignores
        warnings.simplefilter("ignore", UserWarning)
        return fig.to_image(format="png", width=width, height=height, scale=PNG_SCALE)


@contextmanager
def image_server() -> Iterator[None]:
    """Run one kaleido server (no MathJax from a CDN) for the images of one deck, then stop it."""
    import kaleido

    with _LOCK:
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        try:
            yield
        finally:
            kaleido.stop_sync_server(silence_warnings=True)


def describe_figure(fig: go.Figure) -> str:
    """Return the figure's text alternative (the same as on its page: components.alt_text)."""
    return alt_text.describe(fig)


def _text(slide, left, top, width, height, lines: Sequence[str], size: int, colour=DARK, bold_first=False):
    """Add a text box with one paragraph per line; return it."""
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = p.add_run()
        run.text = line
        run.font.size, run.font.color.rgb = Pt(size), colour
        run.font.bold = bold_first and i == 0
        p.space_after = Pt(size * 0.45)
    return box


def _title(slide, text: str, *, visible: bool = True, size: int = 34) -> None:
    """Set the slide's title (read by screen readers and the outline); an invisible one sits above the slide."""
    t = slide.shapes.title
    t.text = text
    t.left, t.width, t.height = MARGIN, SLIDE_W - 2 * MARGIN, Inches(1.0)
    t.top = Inches(0.35) if visible else -Inches(1.2)
    for p in t.text_frame.paragraphs:
        for r in p.runs:
            r.font.size, r.font.color.rgb, r.font.bold = Pt(size), DARK, True


def title_slide(prs, f_text: str, n: int, accessed: date) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    _title(s, f"Lesson deck: {cite.TITLE}")
    lines = [
        PURPOSE,
        f"{n} figures. {f_text}.",
        CONTENT_NOTE,
        f"Made {accessed.day} {accessed:%B %Y} with the dashboard, version {cite.version()}. Speaker notes on each slide "
        "give the key numbers with who gives them.",
    ]
    _text(s, MARGIN, Inches(1.7), SLIDE_W - 2 * MARGIN, Inches(5.2), lines, 20)
    s.notes_slide.notes_text_frame.text = (
        "Before you start: the subject is mass violence. The figures are contested; every number in these "
        "slides is a range from the lowest to the highest figure the articles give, with who gives it."
    )


def figure_slide(prs, fig: go.Figure, picture: bytes, height_px: int, notes: str) -> None:
    """Add one slide: the figure's picture fitted into 16:9, its description as alt text, notes."""
    s = prs.slides.add_slide(prs.slide_layouts[5])
    meta = fig.layout.meta or {}
    _title(s, str(meta.get("title", "Figure")), visible=False)
    box_w, box_h = SLIDE_W - 2 * MARGIN, SLIDE_H - 2 * MARGIN
    scale = min(box_w / RENDER_W, box_h / height_px)
    w, h = Emu(int(RENDER_W * scale)), Emu(int(height_px * scale))
    pic = s.shapes.add_picture(io.BytesIO(picture), (SLIDE_W - w) // 2, (SLIDE_H - h) // 2, w, h)
    c_nv_pr = pic._element.nvPicPr.cNvPr
    c_nv_pr.set("descr", describe_figure(fig))
    c_nv_pr.set("title", str(meta.get("title", "")))
    s.notes_slide.notes_text_frame.text = notes


def sources_slide(prs, sources: Sequence[dict], view: cite.View) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[5])
    _title(s, "Sources, licences and how to cite", size=30)
    lines = ["Sources (CC BY-SA attribution):"]
    lines += [cite.attribution(e) for e in sources]
    lines += [cite.data_licence(), "How to cite this view:", cite.view_apa(view)]
    box = _text(s, MARGIN, Inches(1.35), SLIDE_W - 2 * MARGIN, Inches(5.9), lines, 13)
    paragraphs = box.text_frame.paragraphs
    for p in (paragraphs[0], paragraphs[len(sources) + 2]):
        p.runs[0].font.bold = True
    s.notes_slide.notes_text_frame.text = (
        "Sharing or changing these slides: keep this slide. The articles are licensed CC BY-SA, so material "
        "derived from them is shared under the same licence, naming the articles and their authors."
    )


def build(
    ds: Dataset,
    f: Filters,
    labels: dict,
    *,
    view: cite.View,
    keys: Sequence[str] | None = None,
    render: Render = png,
    map_view: slides.MapView = slides.ALL_YEARS_TODAY,
) -> bytes:
    """Return the lesson deck (.pptx bytes) of the chosen figures (default: every main figure), its map
    as `map_view` gives it (default: every year on today's borders)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    chosen = [s for s in slides.SLIDES if keys is None or s.key in keys]
    drawn = [(s, s.build(ds, f, map_view)) for s in chosen]
    built = [(s, fig) for s, fig in drawn if fig is not None]
    title_slide(prs, describe(f, labels), len(built), view.accessed)
    for s, fig in built:
        # The figure's own height: finish() placed its legend for it, so changing it would move the legend.
        height = int(fig.layout.height or RENDER_H)
        note = lesson_notes.notes(s.key, ds, f, labels, s.caption, map_view.year, map_view.historical)
        if not s.uses_filters:
            note += (
                "\n\nThis figure shows all prisoner-of-war figures: the incident filters do not apply to it."
            )
        figure_slide(prs, fig, render(fig, RENDER_W, height), height, note)
    sources_slide(prs, cite.source_entries(ds["sources"], cite.package_created(ds.descriptor)), view)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def file_name(f: Filters, labels: dict) -> str:
    """Return the deck's file name with its filters ('lesson-deck_1939-1945_soviet-union.pptx')."""
    from components.tables import file_name as named

    return named("lesson-deck", f, labels, "pptx")
