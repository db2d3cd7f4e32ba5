"""Figure layout that adapts (issue #16): ranges from the filters, legends that keep their encodings apart,
lanes that fit the space, labels a reader can read. Geometry itself is measured in tests/browser/test_geometry.py."""

import pandas as pd

from components import catalogue
from components import timeline as tl
from components.filters import Filters
from components.theme import TITLE_WRAP, legend_label

PERIODS = pd.DataFrame(
    {
        "period": ["interwar", "world_war_ii", "postwar_occupation"],
        "label": ["Interwar", "World War II", "Post-war occupation"],
        "start": pd.to_datetime(["1922-10-26", "1939-09-01", "1945-09-03"]),
        "end": pd.to_datetime(["1939-08-31", "1945-09-02", "1949-12-31"]),
    }
)


def test_view_range_is_the_filter_years_narrowed_to_the_zoom_in_whole_years():
    assert tl.view_range(1939, 1945, PERIODS) == (pd.Timestamp("1939-01-01"), pd.Timestamp("1946-01-01"))
    # World War II runs 1 Sep 1939 to 2 Sep 1945: the zoom shows the whole of 1939 and 1945
    assert tl.view_range(1917, 1991, PERIODS, "world_war_ii") == (
        pd.Timestamp("1939-01-01"),
        pd.Timestamp("1946-01-01"),
    )
    # the filter narrows the zoom further
    assert tl.view_range(1941, 1943, PERIODS, "world_war_ii") == (
        pd.Timestamp("1941-01-01"),
        pd.Timestamp("1944-01-01"),
    )
    # a period outside the filter's years shows the period itself
    assert tl.view_range(1917, 1920, PERIODS, "postwar_occupation")[0] == pd.Timestamp("1945-01-01")


def test_subtitle_says_what_the_chart_shows():
    r = (pd.Timestamp("1939-01-01"), pd.Timestamp("1946-01-01"))
    assert tl.range_text(r) == "1939–1945"
    assert (
        tl.shown_subtitle("All incidents, 1917–1991", r)
        == "All incidents, 1917–1991; the chart shows 1939–1945"
    )
    assert tl.shown_subtitle("Filters: 1939–1945", r) == "Filters: 1939–1945"


def test_lanes_get_thinner_to_fit_and_a_group_is_never_lower_than_its_label():
    px, heights = tl.lane_layout([40, 10, 1], [19, 19, 38], target_px=300)
    assert tl.MIN_LANE_PX <= px < tl.LANE_PX
    total = sum(h * px for h in heights) + tl.GROUP_GAP_PX * 2
    assert total <= 300 + 1
    assert heights[2] * px >= 38  # the one-lane group with a two-line label is as high as its label
    # few lanes: full thickness, no shrinking
    assert tl.lane_layout([2, 1], [19, 19], target_px=300)[0] == tl.LANE_PX


def test_many_small_groups_are_pooled_under_one_label(ds):
    v = catalogue.View(ds, Filters())
    labels = v.timeline_labels()
    frame = tl.timeline_frame(v.inc, "perpetrator", labels, tl.full_range())
    counts = v.inc["perpetrator"].value_counts()
    small = counts[counts < tl.SMALL_GROUP]
    assert len(small) >= 2  # the real data has several perpetrators with one or two incidents
    pooled = frame[frame["perpetrator"].isin(small.index)]
    assert set(pooled["group_label"]) == {f"{len(small)} other perpetrators"}
    # each bar keeps its own perpetrator (colour, hover)
    assert set(pooled["perpetrator"]) == set(small.index)


def test_timeline_legends_keep_colour_and_date_precision_apart(ds):
    fig = catalogue.timeline_bars(catalogue.View(ds, Filters()))
    perpetrators = [t for t in fig.data if (t.legend or "legend") == "legend" and t.showlegend is not False]
    precision = [t for t in fig.data if t.legend == "legend2"]
    assert {t.name for t in precision} == {"Exact day", "Month, year or approximate"}
    # the perpetrator key is all solid swatches; hatching appears only in the dates key
    assert perpetrators and all(not t.marker.pattern.shape for t in perpetrators)
    assert {t.marker.pattern.shape or "" for t in precision} == {"", tl.IMPRECISE_PATTERN}
    assert fig.layout.legend.title.text == "Perpetrator" and fig.layout.legend2.title.text == "Dates"


def test_years_filter_sets_every_timeline_chart_to_those_years(ds):
    v = catalogue.View(ds, Filters(year_min=1939, year_max=1945))
    for fig in (catalogue.timeline_bars(v), catalogue.yearly_counts(v), catalogue.yearly_deaths(v)):
        assert [pd.Timestamp(x) for x in fig.layout.xaxis.range] == [
            pd.Timestamp("1939-01-01"),
            pd.Timestamp("1946-01-01"),
        ]


def test_titles_are_one_line_that_fits(ds):
    v = catalogue.View(ds, Filters())
    for build in (
        catalogue.overview_counts,
        catalogue.timeline_bars,
        catalogue.yearly_counts,
        catalogue.yearly_deaths,
        catalogue.compare_counts,
        catalogue.compare_deaths,
        lambda v: catalogue.compare_deaths(v, "crime_type"),
        catalogue.crime_matrix,
        catalogue.how_sure,
        catalogue.revisions,
        catalogue.pow_matrix,
        catalogue.pow_pair,
        catalogue.pow_pairs,
        catalogue.pow_counts,
    ):
        fig = build(v)
        assert "<br>" not in fig.layout.title.text and len(fig.layout.meta["title"]) <= TITLE_WRAP
        assert fig.layout.title.automargin is True and fig.layout.title.yref == "container"


def test_pow_matrix_cells_read_like_the_article(ds):
    fig = catalogue.pow_matrix(catalogue.View(ds, Filters()))
    cells = {
        a.name: a.text.replace("<b>", "").replace("</b>", "").replace("<br>", "")
        for a in fig.layout.annotations
    }
    # the article's summary table ('Percent killed'): Germany holding Soviet POWs 57.50, the Soviet Union
    # holding Germans 14.70 –35.80, printed as there with the heading's %
    assert cells["cell:germany:Soviet Union"] == "57.50%"
    assert cells["cell:soviet_union:Germany"] == "14.70–35.80%"
    figures = [t for k, t in cells.items() if k.startswith("cell:") and t[:1].isdigit()]
    assert len(figures) == 8 and all(t.endswith("%") and "None" not in t for t in figures)


def test_long_legend_names_wrap():
    assert legend_label("British Commonwealth Occupation Force") == "British Commonwealth<br>Occupation Force"
    assert legend_label("A <b>") == "A &lt;b&gt;"
