"""The main figures as a catalogue of slides: used by presentation mode and by the slide kit.

Each slide draws one figure of components.catalogue, the same function its page calls, so a
slide, a page chart and an exported PNG are the same picture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go

from components import catalogue
from components.data import Dataset
from components.filters import Filters

PRESENT_FONT = 20  # base font size in presentation mode (projector)
PRESENT_TITLE = 30
SURE_ON_A_SLIDE = 3  # incidents in the 'how sure' slide: their estimates fit one screen in projector type


MAP_VIEW = "_map_view_shown"  # session key: the Map page keeps its MapView here on every run


@dataclass(frozen=True)
class MapView:
    """How the Map page shows its map: the year of its slider (None: every year) and which borders."""

    year: int | None = None
    historical: bool = False


ALL_YEARS_TODAY = MapView()  # the default: every incident on today's borders


@dataclass(frozen=True)
class Slide:
    """One main figure: a key for URLs and files, a caption, and its catalogue function (default options).

    A slide with `follows_map` draws the map as the Map page shows it: its year and its borders.
    """

    key: str
    caption: str
    figure: Callable[..., go.Figure | None]
    uses_filters: bool = True
    follows_map: bool = False

    def build(self, ds: Dataset, f: Filters, map_view: MapView = ALL_YEARS_TODAY) -> go.Figure | None:
        """Return the slide's figure for the dataset under the filters (None when nothing matches)."""
        v = catalogue.View(ds, f)
        return self.figure(v, map_view.year, map_view.historical) if self.follows_map else self.figure(v)


SLIDES = (
    Slide(
        "overview",
        "How many incidents the four articles describe, by perpetrator and period. Counts measure the "
        "articles' coverage, not the scale of the crimes.",
        catalogue.overview_counts,
    ),
    Slide(
        "map",
        "Where each incident happened: colour and symbol show the perpetrator, marker area the highest death "
        "figure; open symbols mark places known only to a region or country, or at sea.",
        catalogue.map_at,
        follows_map=True,
    ),
    Slide(
        "timeline",
        "Every incident from its start to its end date. Hatched bars have dates known only to the month, "
        "year or approximately.",
        catalogue.timeline_bars,
    ),
    Slide(
        "yearly-deaths",
        "Deaths per year as a band from the sum of low figures to the sum of high figures; an "
        "incident's figures are spread evenly over its years.",
        lambda v: catalogue.yearly_deaths(v, log=False),
    ),
    Slide(
        "compare-deaths",
        "Deaths by perpetrator: the range from the sum of low figures to the sum of high figures "
        "(log scale). An arrow marks an open upper end.",
        lambda v: catalogue.compare_deaths(v, log=True),
    ),
    Slide(
        "crime-matrix",
        "Incidents by perpetrator and crime type; an incident counts under each of its types.",
        catalogue.crime_matrix,
    ),
    Slide(
        "how-sure",
        "How sure are we: the incidents whose death figures disagree most, each figure with who gives it "
        "(the Compare page lists them all).",
        lambda v: catalogue.how_sure(v, n=SURE_ON_A_SLIDE),
    ),
    Slide(
        "pow-matrix",
        "Percent of prisoners of war killed, as printed in the summary table of the article 'Allied war "
        "crimes during World War II', Axis captors included.",
        catalogue.pow_matrix,
        uses_filters=False,
    ),
    Slide(
        "pow-pairs",
        "Prisoner-of-war death rates, pair against pair: each bar spans every estimate for the pair.",
        catalogue.pow_pairs,
        uses_filters=False,
    ),
)


def slide(key: str) -> Slide:
    """Return the slide with this key (the first one when the key is unknown)."""
    return next((s for s in SLIDES if s.key == key), SLIDES[0])


def for_projector(fig: go.Figure) -> go.Figure:
    """Return the figure with type enlarged for a projector (presentation mode)."""
    fig.update_layout(font_size=PRESENT_FONT, title_font_size=PRESENT_TITLE)
    return fig
