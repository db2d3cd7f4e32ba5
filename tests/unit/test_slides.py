"""Every main figure carries a title, a subtitle (the filters in force) and a source line inside the picture."""

import json

import pytest

from components import slides
from components.filters import Filters
from components.theme import chart_config

FILTERS = [Filters(), Filters(year_min=1939, year_max=1945, perpetrators=("soviet_union",))]


@pytest.fixture(scope="module")
def labels(ds):
    return {
        "perpetrators": ds.labels("parties", "party_id"),
        "crime_types": ds.labels("crime_types", "crime_type"),
        "victim_categories": {},
        "countries": {},
    }


@pytest.mark.parametrize("f", FILTERS)
@pytest.mark.parametrize("s", slides.SLIDES, ids=lambda s: s.key)
def test_every_slide_has_title_subtitle_and_source(ds, labels, s, f):
    fig = s.build(ds, f)
    assert fig is not None
    meta = fig.layout.meta
    assert meta["title"] and meta["source"] and fig.layout.title.text
    assert fig.layout.title.subtitle.text
    source = [a for a in fig.layout.annotations if a.name == "source"]
    assert len(source) == 1 and source[0].text.startswith("Source:") and "CC BY-SA" in source[0].text
    json.loads(fig.to_json())  # serialisable for the browser and kaleido
    if s.uses_filters and f != Filters():
        assert "1939–1945" in meta["subtitle"] and "Soviet Union" in meta["subtitle"]


def test_camera_button_exports_print_quality_with_a_name():
    cfg = chart_config("How sure are we? Incidents whose death figures disagree")
    assert cfg["toImageButtonOptions"]["scale"] >= 3
    assert cfg["toImageButtonOptions"]["filename"] == "how-sure-are-we-incidents-whose-death-figures-disagree"


def test_projector_enlarges_type(ds, labels):
    fig = slides.for_projector(slides.SLIDES[0].build(ds, Filters()))
    assert fig.layout.font.size == slides.PRESENT_FONT


def test_unknown_slide_key_falls_back_to_the_first():
    assert slides.slide("nope") is slides.SLIDES[0]
    assert slides.slide("pow-matrix").key == "pow-matrix"
