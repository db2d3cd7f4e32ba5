"""The main figures as a catalogue of slides: used by presentation mode and by the slide kit.

Each slide builds one figure from the dataset and the filters with the same builders the
pages use, so a slide, a page chart and an exported PNG are the same picture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components import compare as cmp
from components import figures, map_picture
from components import pow_data as pwd
from components import pow_figures as pwf
from components import timeline as tl
from components.data import Dataset
from components.filters import Filters, apply_filters, describe

PRESENT_FONT = 20  # base font size in presentation mode (projector)
PRESENT_TITLE = 30


@dataclass(frozen=True)
class Slide:
    """One main figure: a key for URLs and files, a caption, and how to build it."""

    key: str
    caption: str
    build: Callable[[Dataset, Filters, dict], go.Figure | None]
    uses_filters: bool = True


def _context(ds: Dataset, f: Filters, labels: dict) -> tuple[pd.DataFrame, str, str]:
    inc = apply_filters(ds.incidents, f)
    return inc, describe(f, labels), figures.source_line(inc["source_ids"])


def _deaths(ds: Dataset) -> set[str]:
    return set(ds["metrics"].loc[ds["metrics"]["is_death"].astype(bool), "metric"])


def _overview(ds, f, labels):
    inc, sub, _ = _context(ds, f, labels)
    return None if inc.empty else figures.counts_by_perpetrator_period(inc, ds, subtitle=sub)


def _map(ds, f, labels):
    inc, sub, src = _context(ds, f, labels)
    if inc.empty:
        return None
    return map_picture.map_figure(
        inc,
        labels["perpetrators"],
        labels.get("countries"),
        subtitle=f"{sub}; {len(inc):,} incidents",
        source=src,
    )


def _timeline(ds, f, labels):
    inc, sub, src = _context(ds, f, labels)
    if inc.empty:
        return None
    periods = ds["periods"].sort_values("start")
    lab = {
        "perpetrators": labels["perpetrators"],
        "regions": ds.labels("regions", "region"),
        "sources": ds.labels("sources", "source_id", "title"),
    }
    frame = tl.timeline_frame(inc, tl.DEFAULT_GROUP, lab, tl.full_range())
    return tl.timeline_figure(
        frame, periods, labels["perpetrators"], group=tl.DEFAULT_GROUP, subtitle=sub, source=src
    )


def _yearly_deaths(ds, f, labels):
    inc, sub, src = _context(ds, f, labels)
    if inc.empty:
        return None
    yearly = tl.yearly_table(inc, f.year_min, f.year_max)
    return tl.yearly_deaths_figure(
        yearly,
        ds["periods"].sort_values("start"),
        labels["perpetrators"],
        subtitle=sub,
        source=src,
        x_range=tl.full_range(),
        log=False,
    )


def _compare_deaths(ds, f, labels):
    inc, sub, src = _context(ds, f, labels)
    if inc.empty:
        return None
    table = cmp.dimension_table(inc, "perpetrator", labels["perpetrators"])
    return cmp.deaths_range_figure(table, "perpetrator", subtitle=sub, source=src, log=True)


def _crime_matrix(ds, f, labels):
    inc, sub, src = _context(ds, f, labels)
    if inc.empty:
        return None
    return cmp.matrix_figure(
        cmp.crime_matrix(inc, labels["perpetrators"], labels["crime_types"]), subtitle=sub, source=src
    )


def _how_sure(ds, f, labels):
    inc, sub, _ = _context(ds, f, labels)
    dis = cmp.disagreements(ds.estimates, inc, _deaths(ds))
    if dis.empty:
        return None
    rows = cmp.estimate_rows(ds.estimates, dis.head(cmp.MAX_DISAGREEMENTS), _deaths(ds))
    return cmp.uncertainty_figure(rows, subtitle=sub, source=figures.source_line(rows["source_id"]))


def _pow_matrix(ds, f, labels):
    rows = pwd.with_rates(ds.pow)
    return pwf.matrix_figure(
        pwd.summary_matrix(rows, ds["captive_groups"], ds["parties"]),
        source=figures.source_line(["allied_wwii"]),
    )


def _pow_pairs(ds, f, labels):
    rows = pwd.with_rates(ds.pow)
    names = pwd.pair_options(
        rows, ds.labels("parties", "party_id"), ds.labels("captive_groups", "captive_group_id")
    )
    pairs = [p for p in pwd.DEFAULT_PAIRS if p in names]
    ranges = pwd.pair_ranges(rows, pairs, names)
    return pwf.pairs_figure(
        rows, ranges, source=figures.source_line(rows.loc[rows["pair"].isin(pairs), "source_id"])
    )


SLIDES = (
    Slide(
        "overview",
        "How many incidents the four articles describe, by perpetrator and period. Counts measure the "
        "articles' coverage, not the scale of the crimes.",
        _overview,
    ),
    Slide(
        "map",
        "Where each incident happened: colour and symbol show the perpetrator, marker area the highest death "
        "figure; open symbols mark places known only to a region or country, or at sea.",
        _map,
    ),
    Slide(
        "timeline",
        "Every incident from its start to its end date. Hatched bars have dates known only to the month, "
        "year or approximately.",
        _timeline,
    ),
    Slide(
        "yearly-deaths",
        "Deaths per year as a band from the sum of low figures to the sum of high figures; an "
        "incident's figures are spread evenly over its years.",
        _yearly_deaths,
    ),
    Slide(
        "compare-deaths",
        "Deaths by perpetrator: the range from the sum of low figures to the sum of high figures "
        "(log scale). An arrow marks an open upper end.",
        _compare_deaths,
    ),
    Slide(
        "crime-matrix",
        "Incidents by perpetrator and crime type; an incident counts under each of its types.",
        _crime_matrix,
    ),
    Slide(
        "how-sure",
        "How sure are we: incidents whose death figures disagree, each figure with who gives it.",
        _how_sure,
    ),
    Slide(
        "pow-matrix",
        "Percent of prisoners of war killed, as printed in the summary table of the article 'Allied war "
        "crimes during World War II', Axis captors included.",
        _pow_matrix,
        uses_filters=False,
    ),
    Slide(
        "pow-pairs",
        "Prisoner-of-war death rates, pair against pair: each bar spans every estimate for the pair.",
        _pow_pairs,
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
