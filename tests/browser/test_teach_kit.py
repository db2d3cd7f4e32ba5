"""The lesson-deck button delivers a .pptx that python-pptx opens, drawn by kaleido on the server."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_deck_button_delivers_a_valid_pptx(web):
    web.open("/sources?years=1939-1945&perp=united_kingdom")  # the lightest page; the deck is the same on all
    # A deck is slow to draw, so it is made on request: "Prepare" first, then the file's own button.
    prepare = web.page.get_by_role("button", name="Prepare: Lesson deck of this view (PowerPoint)")
    expect(prepare).to_be_enabled(timeout=90_000)
    web.wait_idle()
    prepare.click()
    # Drawing eight figures takes seconds, and much longer on a busy CI machine.
    button = web.page.get_by_role("button", name="Lesson deck of this view (PowerPoint)", exact=True)
    expect(button).to_be_visible(timeout=300_000)
    with web.page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "lesson-deck_1939-1945_united-kingdom.pptx"
    from pptx import Presentation

    prs = Presentation(str(download.path()))
    slides = list(prs.slides)
    assert slides[0].shapes.title.text.startswith("Lesson deck")
    assert slides[-1].shapes.title.text == "Sources, licences and how to cite"
    assert len(slides) >= 7
    for s in slides[1:-1]:
        (pic,) = [p for p in s.shapes if p.shape_type == 13]  # one picture
        assert pic.image.blob[:8] == b"\x89PNG\r\n\x1a\n" and pic.image.size[0] >= 2000
        assert pic._element.nvPicPr.cNvPr.get("descr")
        assert (
            "United Kingdom" in s.notes_slide.notes_text_frame.text
            or "prisoner" in s.notes_slide.notes_text_frame.text
        )
    web.assert_no_errors()
