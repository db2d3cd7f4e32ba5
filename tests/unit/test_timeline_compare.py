"""Timeline and Compare builders, tested on their data and layout: ranges kept, colours, empty input."""

import pandas as pd

from components import compare as cmp
from components import how_sure, yearly
from components import timeline as tl
from components.theme import PARTY_COLOURS


def inc_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "incident_id": ["a", "b", "c"],
            "name": ["A", "<i>B</i>", "C"],
            "perpetrator": ["soviet_union", "united_states", "soviet_union"],
            "region": ["germany_austria", "italy", "poland"],
            "crime_types": ["mass_killing", "killing_of_prisoners;looting", "deportation"],
            "victim_category": ["civilians", "prisoners_of_war", "civilians"],
            "period": ["world_war_ii", "world_war_ii", "world_war_ii"],
            "date_start": pd.to_datetime(["1945-04-21", "1943-07-14", "1940-01-01"]),
            "date_end": pd.to_datetime(["1945-04-21", "1943-07-14", "1941-12-31"]),
            "date_precision": ["day", "day", "year"],
            "date_precision_label": [
                "known to the day",
                "known to the day",
                "known to the year",
            ],  # the loader's
            "year_start": [1945, 1943, 1940],
            "year_end": [1945, 1943, 1941],
            "deaths_low": pd.array([30, None, 1000], dtype="Float64"),
            "deaths_high": pd.array([166, 76, None], dtype="Float64"),
            "deaths_max": pd.array([166, 76, 1000], dtype="Float64"),
            "deaths_qualifier": pd.array([None, "up_to", "at_least"], dtype="string"),
            "source_ids": ["soviet_wc_wp", "allied_wwii", "soviet_pow"],
        }
    )


LABELS = {
    "perpetrators": {"soviet_union": "Soviet Union", "united_states": "United States"},
    "regions": {"germany_austria": "Germany and Austria", "italy": "Italy", "poland": "Poland"},
    "sources": {},
}


def test_timeline_bars_run_start_to_end_coloured_by_perpetrator(ds):
    periods = ds["periods"].sort_values("start")
    frame = tl.timeline_frame(inc_frame(), "perpetrator", LABELS, tl.full_range())
    assert set(frame["group"]) == {"soviet_union", "united_states"}
    c = frame.set_index("incident_id").loc["c"]
    assert c["start"] == pd.Timestamp("1940-01-01") and c["end"] == pd.Timestamp(
        "1942-01-01"
    )  # inclusive end
    a = frame.set_index("incident_id").loc["a"]
    assert a["end_shown"] > a["end"]  # a single day is widened to stay visible
    fig = tl.timeline_figure(
        frame,
        periods,
        LABELS["perpetrators"],
        group="perpetrator",
        subtitle="s",
        source="src",
        x_range=tl.full_range(),
    )
    bars = [t for t in fig.data if t.type == "bar" and t.meta and "party" in t.meta]
    assert {t.marker.color for t in bars} == {PARTY_COLOURS["soviet_union"], PARTY_COLOURS["united_states"]}
    imprecise = [t for t in bars if not t.meta["exact"]]
    assert imprecise and all(t.marker.pattern.shape == tl.IMPRECISE_PATTERN for t in imprecise)
    assert "&lt;i&gt;B&lt;/i&gt;" in " ".join(frame["hover"])  # data text is escaped in hover labels
    assert fig.layout.meta["source"] == "src" and len([s for s in fig.layout.shapes if s.type == "rect"]) >= 5


def test_timeline_groups_by_theatre():
    frame = tl.timeline_frame(inc_frame(), "theatre", LABELS, tl.full_range())
    assert set(frame["group_label"]) == {"Germany and Austria", "Italy", "Poland"}


def test_yearly_deaths_keep_low_and_high_and_spread_over_years():
    t = yearly.yearly_table(inc_frame()).set_index(["year", "perpetrator"])
    assert (
        t.loc[(1945, "soviet_union"), "deaths_low"] == 30
        and t.loc[(1945, "soviet_union"), "deaths_high"] == 166
    )
    # c lasts 1940-1941 with only a low of 1000: half of it in each year, its high left open
    assert t.loc[(1940, "soviet_union"), "deaths_low"] == 500 and bool(
        t.loc[(1940, "soviet_union"), "open_high"]
    )
    assert t.loc[(1941, "soviet_union"), "incidents"] == 1


def test_dimension_table_sums_ranges_and_counts_each_crime_type():
    t = cmp.dimension_table(inc_frame(), "crime_type", {}).set_index("category")
    assert (
        t.loc["looting", "incidents"] == 1 == t.loc["killing_of_prisoners", "incidents"]
    )  # b counts under both
    assert len(t) == 4
    p = cmp.dimension_table(inc_frame(), "perpetrator", LABELS["perpetrators"]).set_index("category")
    assert p.loc["soviet_union", "deaths_low"] == 1030  # 30 + 1000
    assert bool(p.loc["soviet_union", "open_high"])  # 'at least 1000' leaves the sum open
    fig = cmp.deaths_range_figure(p.reset_index(), "perpetrator", subtitle="s", source="src", log=True)
    assert fig.layout.xaxis.type == "log" and fig.layout.meta["title"]


def test_crime_matrix_counts_perpetrator_by_type():
    m = cmp.crime_matrix(inc_frame(), LABELS["perpetrators"], {"looting": "Looting"})
    assert m.to_numpy().sum() == 4  # b counts under both of its types
    fig = cmp.matrix_figure(m, subtitle="s", source="src")
    assert fig.data[0].type == "heatmap"


def test_how_sure_uses_totals_and_sorts_by_disagreement(ds):
    metrics = ds["metrics"].loc[ds["metrics"]["is_death"].astype(bool), "metric"]
    d = how_sure.disagreements(ds.estimates, ds.incidents, metrics)
    assert "grishchino-massacre" not in set(
        d["incident_id"]
    )  # its category figures are parts, not disagreement
    assert d["ratio"].is_monotonic_decreasing
    assert "treuenbrietzen-massacre" in set(d["incident_id"])


def test_revision_differences_compare_the_two_revisions(ds):
    metrics = ds["metrics"].loc[ds["metrics"]["is_death"].astype(bool), "metric"]
    t = how_sure.revision_differences(ds.estimates, ds.incidents, metrics)
    assert len(t) >= 3
    fig = how_sure.revision_figure(
        t,
        subtitle="s",
        revisions={how_sure.CURRENT: "Wikipedia (recent)", how_sure.OLDER: "Military Wiki (older)"},
    )
    assert fig.layout.meta["source"]


def test_empty_input():
    empty = inc_frame().iloc[0:0]
    assert tl.timeline_frame(empty, "perpetrator", LABELS).empty
    assert yearly.yearly_table(empty).empty
    assert cmp.dimension_table(empty, "perpetrator", {}).empty
