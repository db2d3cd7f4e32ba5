"""Presentation mode opened by a URL parameter: one slide, large type, no chrome; leaving restores the view."""

import json

from components import slides


def test_link_opens_in_presentation_mode(app):
    at = app(query={"present": "1", "slide": "pow-matrix"})
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["layout"]["meta"]["title"].startswith("Percent of prisoners of war")
    assert spec["layout"]["font"]["size"] == slides.PRESENT_FONT
    assert [b.label for b in at.button][:3] == ["◀ Previous", "Next ▶", "Leave presentation"]
    assert any("Slide 8 of" in m.value for m in at.markdown)


def test_next_and_leave(app):
    at = app(query={"present": "1"})
    at.button[1].click().run()  # Next
    assert at.query_params["slide"] == slides.SLIDES[1].key
    at.button[2].click().run()  # Leave presentation
    assert "present" not in at.query_params and "slide" not in at.query_params


def test_unknown_slide_shows_the_first_with_a_notice(app):
    at = app(query={"present": "1", "slide": "<script>"})
    assert not at.exception
    assert any("unknown slide" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 1


def test_presentation_respects_filters_and_zero_match(app):
    at = app(query={"present": "true", "q": "zzzz-nothing"})
    assert not at.exception
    assert any("No incidents match" in i.value for i in at.info)
