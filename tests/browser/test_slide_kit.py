"""The slide kit (kaleido with the system Chromium) writes valid PNG and SVG files and an index."""

import xml.etree.ElementTree as ET

import pytest

from tests.browser.conftest import run_slide_kit

pytestmark = pytest.mark.browser


def test_slide_kit_writes_png_svg_and_index(tmp_path):
    out = tmp_path / "slides"
    only = ("overview", "compare-deaths", "pow-matrix")
    run_slide_kit(out, "years=1939-1945&perp=united_kingdom,united_states", "--only", *only, timeout=240)
    for key in only:
        png = (out / f"{key}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
        svg = ET.parse(out / f"{key}.svg").getroot()
        assert svg.tag.endswith("svg")
        assert "Source:" in (out / f"{key}.svg").read_text(encoding="utf-8")
    # The lesson deck beside them: a title slide, the three figures in catalogue order, the sources.
    from pptx import Presentation

    prs = Presentation(out / "lesson-deck_1939-1945_united-kingdom+united-states.pptx")
    titles = [s.shapes.title.text for s in prs.slides]
    assert len(titles) == 5 and titles[0].startswith("Lesson deck") and titles[-1].startswith("Sources")
    assert titles[1].startswith("Incidents in the data") and titles[3].startswith("Percent of prisoners")
    for s in list(prs.slides)[1:-1]:
        (pic,) = [p for p in s.shapes if p.shape_type == 13]  # a picture
        assert pic.image.blob[:8] == b"\x89PNG\r\n\x1a\n" and pic.image.size[0] == 2560
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "United Kingdom" in index and "overview.png" in index and "Source:" in index and ".pptx" in index
