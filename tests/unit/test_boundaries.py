"""Boundary cases of the numbers the pages print, each with an expectation computed by hand.

Every expected value below is written out as a literal (worked from the small tables in this
file), never computed by the function under test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from components import compare as cmp
from components import how_sure, yearly

DEATHS = {"killed", "died", "executed"}


def estimates(rows: list[tuple]) -> pd.DataFrame:
    """Return an estimates table from (incident, metric, low, high, qualifier, counts_part) tuples."""
    df = pd.DataFrame(rows, columns=["incident_id", "metric", "low", "high", "qualifier", "counts_part"])
    n = df.groupby("incident_id").cumcount() + 1
    return df.assign(
        estimate_id=df["incident_id"] + "-" + n.astype(str),
        low=pd.array(df["low"], dtype="Int64"),
        high=pd.array(df["high"], dtype="Int64"),
        counts_part=df["counts_part"].astype("boolean"),
        value_text=df["qualifier"],
        attribution="someone",
        source_id="soviet_wc_wp",
        source_short="Soviet war crimes (Wikipedia)",  # sources.csv short_title, joined by the loader
    )


def incidents(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"incident_id": ids, "name": [i.title() for i in ids], "perpetrator": "soviet_union"})


# --- How sure are we: every incident whose total death figures differ -------------------------


HOW_SURE = [
    # 'over 20,000' against 'nearly 22,000' (Katyn): an open high end is a different figure
    ("katyn", "killed", 20000, None, "over", False),
    ("katyn", "killed", 22000, 22000, "nearly", False),
    # two articles give the same figure: no disagreement
    ("same", "died", 500, 500, "about", False),
    ("same", "died", 500, 500, "exact", False),
    # the same 'up to' twice: no disagreement
    ("upto_same", "died", None, 100, "up_to", False),
    ("upto_same", "died", None, 100, "up_to", False),
    # 'up to 100' against 'up to 120'
    ("upto_diff", "died", None, 100, "up_to", False),
    ("upto_diff", "died", None, 120, "up_to", False),
    # 'up to 125,000' against 'at least 125,000': the same number, opposite open ends
    ("berlin", "died", None, 125000, "up_to", False),
    ("berlin", "died", 125000, None, "at_least", False),
    # a total and a part differ by design, not because the sources disagree
    ("part", "killed", 1000, 1000, "exact", False),
    ("part", "killed", 120, 120, "exact", True),
    # a figure that is not a death (deported) never counts
    ("notdeath", "killed", 50, 50, "exact", False),
    ("notdeath", "deported", 9000, 9000, "exact", False),
]


def test_how_sure_lists_every_incident_whose_totals_differ_open_bounds_included():
    est = estimates(HOW_SURE)
    ids = ["katyn", "same", "upto_same", "upto_diff", "berlin", "part", "notdeath"]
    d = how_sure.disagreements(est, incidents(ids), DEATHS).set_index("incident_id")
    assert set(d.index) == {"katyn", "upto_diff", "berlin"}
    assert d.loc["katyn", "lowest"] == 20000 and d.loc["katyn", "highest"] == 22000
    assert d.loc["katyn", "ratio"] == pytest.approx(1.1)
    assert d.loc["upto_diff", "ratio"] == pytest.approx(1.2)
    assert d.loc["berlin", "ratio"] == pytest.approx(1.0)
    assert list(d.index) == ["upto_diff", "katyn", "berlin"]  # largest disagreement first
    assert d.loc["katyn", "figures"] == (
        "over 20,000 (someone, Soviet war crimes (Wikipedia)); nearly 22,000 (someone, Soviet war crimes (Wikipedia))"
    )


def test_how_sure_only_counts_the_filtered_incidents():
    est = estimates(HOW_SURE)
    d = how_sure.disagreements(est, incidents(["same", "berlin"]), DEATHS)
    assert d["incident_id"].tolist() == ["berlin"]


# --- Deaths by crime type: the figure says what a bar measures ---------------------------------


def crime_incidents() -> pd.DataFrame:
    """Two incidents: one of two crime types with 1,000 deaths, one of a single type with 10."""
    return pd.DataFrame(
        {
            "incident_id": ["a", "b"],
            "name": ["A", "B"],
            "perpetrator": ["soviet_union", "soviet_union"],
            "crime_types": ["mass_killing;sexual_violence", "sexual_violence"],
            "deaths_low": pd.array([1000, 10], dtype="Float64"),
            "deaths_high": pd.array([1000, 10], dtype="Float64"),
            "source_ids": ["soviet_wc_wp", "soviet_wc_wp"],
        }
    )


def test_deaths_by_crime_type_count_an_incident_under_each_type_and_say_so():
    t = cmp.dimension_table(crime_incidents(), "crime_type", {}).set_index("category")
    assert t.loc["sexual_violence", "deaths_low"] == 1010 and t.loc["mass_killing", "deaths_low"] == 1000
    fig = cmp.deaths_range_figure(t.reset_index(), "crime_type", subtitle="All incidents", source="src")
    meta = fig.layout.meta
    assert "not deaths caused by it" in meta["title"]
    assert "counts in full under each" in meta["subtitle"] and "do not add them up" in meta["subtitle"]
    assert meta["subtitle"].startswith("All incidents.")  # the filters in force stay first
    assert fig.layout.xaxis.title.text.startswith("Deaths in incidents of a type")
    per = cmp.deaths_range_figure(t.reset_index(), "perpetrator", subtitle="All incidents", source="src")
    assert per.layout.meta["subtitle"] == "All incidents" and "caused" not in per.layout.meta["title"]


# --- Headline deaths range of an incident: totals and parts ----------------------------------

HEADLINE = [
    # two totals: smallest low to largest high
    ("two_totals", "killed", 30, 166, "range", False),
    ("two_totals", "killed", 88, None, "at_least", False),
    # one total keeps its wording
    ("one_total", "died", 22000, 22000, "nearly", False),
    # a total and a larger part: the part never widens the headline, but sets the highest figure
    ("total_part", "killed", 100, 100, "exact", False),
    ("total_part", "killed", 400, 400, "exact", True),
    # only parts: 'at least' the largest part
    ("parts_only", "killed", 15, 15, "exact", True),
    ("parts_only", "died", 406, 406, "exact", True),
    # a lower bound above every stated upper bound leaves the high open
    ("open", "died", None, 500, "up_to", False),
    ("open", "died", 1000, None, "over", False),
]


def test_headline_deaths_from_totals_and_parts():
    from components.data import headline_deaths

    h = headline_deaths(estimates(HEADLINE))
    expected = {  # low, high, highest figure named, number of death figures, qualifier
        "two_totals": (30, 166, 166, 2, None),
        "one_total": (22000, 22000, 22000, 1, "nearly"),
        "total_part": (100, 100, 400, 2, "exact"),
        "parts_only": (406, None, 406, 2, "at_least"),
        "open": (1000, None, 1000, 2, None),
    }
    assert set(h.index) == set(expected)
    for iid, (lo, hi, mx, n, q) in expected.items():
        r = h.loc[iid]
        assert r["deaths_low"] == lo, iid
        assert pd.isna(r["deaths_high"]) if hi is None else r["deaths_high"] == hi, iid
        assert r["deaths_max"] == mx and r["n_death_estimates"] == n, iid
        assert pd.isna(r["deaths_qualifier"]) if q is None else r["deaths_qualifier"] == q, iid


@pytest.mark.parametrize(
    "low, high, qualifier, expected",
    [
        (30, 166, None, "30–166"),  # several totals: a plain range
        (22000, 22000, "nearly", "nearly 22,000"),
        (100, 100, "exact", "100"),
        (406, None, "at_least", "at least 406"),
        (1000, None, None, "at least 1,000"),  # an open high end without a qualifier
        (None, 500, None, "up to 500"),
        (None, 300, "under", "fewer than 300"),
        (1000, None, "over", "over 1,000"),
        (5000, 5000, "about", "about 5,000"),
    ],
)
def test_every_headline_qualifier_is_worded(low, high, qualifier, expected):
    from components.format import fmt_range

    assert fmt_range(low, high, qualifier) == expected


# --- Sums over incidents: open bounds -----------------------------------------------------


def sum_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "incident_id": ["range", "at_least", "up_to", "none"],
            "name": ["R", "A", "U", "N"],
            "perpetrator": ["soviet_union"] * 4,
            "crime_types": ["mass_killing"] * 4,
            "deaths_low": pd.array([30, 1000, None, None], dtype="Float64"),
            "deaths_high": pd.array([166, None, 250, None], dtype="Float64"),
            "source_ids": ["soviet_wc_wp"] * 4,
        }
    )


def test_open_bounds_in_sums():
    b = cmp.summable_bounds(sum_frame()).set_index(sum_frame()["incident_id"])
    # 'at least 1,000' adds 1,000 to both sums (the high end is then a floor); 'up to 250' adds 0 to the low
    assert b["sum_low"].tolist() == [30, 1000, 0, 0]
    assert b["sum_high"].tolist() == [166, 1000, 250, 0]
    assert b["open_high"].tolist() == [False, True, False, False]
    assert b["has_figure"].tolist() == [True, True, True, False]
    t = cmp.dimension_table(sum_frame(), "perpetrator", {"soviet_union": "Soviet Union"}).iloc[0]
    assert (t["deaths_low"], t["deaths_high"]) == (1030, 1416)  # 30+1000+0, 166+1000+250
    assert (t["incidents"], t["with_figure"], t["without_figure"]) == (4, 3, 1)
    assert t["deaths"] == "1,030–1,416 (high end at least)"


def test_a_sum_of_floors_only_reads_at_least():
    only = sum_frame().iloc[[1]]
    t = cmp.dimension_table(only, "perpetrator", {}).iloc[0]
    assert t["deaths"] == "at least 1,000"


def test_yearly_deaths_spread_over_years_with_open_bounds():

    inc = sum_frame().assign(year_start=[1940, 1940, 1941, 1941], year_end=[1941, 1940, 1941, 1941])
    t = yearly.yearly_table(inc, 1917, 1991).set_index("year")
    # 'range' 1940-41 adds 15-83 to each year; 'at least 1,000' (1940) adds 1,000 to both; 'up to 250' (1941)
    assert (t.loc[1940, "deaths_low"], t.loc[1940, "deaths_high"]) == (1015, 1083)
    assert (t.loc[1941, "deaths_low"], t.loc[1941, "deaths_high"]) == (15, 333)
    assert bool(t.loc[1940, "open_high"]) and not bool(t.loc[1941, "open_high"])
    assert t.loc[1941, "incidents"] == 3 and t.loc[1941, "with_figure"] == 2
    overlapping = inc[inc["year_end"] >= 1941]  # what the year filter passes on for 1941-1945
    clipped = yearly.yearly_table(overlapping, 1941, 1945).set_index("year")
    assert list(clipped.index) == [1941] and clipped.loc[1941, "deaths_low"] == 15


# --- Filters at their edges ---------------------------------------------------------------


def filter_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "incident_id": ["ends_1939", "starts_1945", "before", "after", "exact_22000", "below", "none"],
            "name": list("ABCDEFG"),
            "other_names": [None] * 7,
            "place": ["x"] * 7,
            "year_start": [1930, 1945, 1930, 1946, 1940, 1940, 1940],
            "year_end": [1939, 1950, 1938, 1950, 1940, 1940, 1940],
            "perpetrator": ["soviet_union"] * 7,
            "crime_types": ["mass_killing"] * 7,
            "victim_category": ["civilians"] * 7,
            "country_code": pd.array(["PL"] * 7, dtype="string"),
            "deaths_max": pd.array([1, 1, 1, 1, 22000, 21999, None], dtype="Float64"),
        }
    )


def test_year_overlap_keeps_incidents_touching_either_end():
    from components.filters import Filters, apply_filters

    kept = apply_filters(filter_frame(), Filters(year_min=1939, year_max=1945))["incident_id"].tolist()
    assert kept == ["ends_1939", "starts_1945", "exact_22000", "below", "none"]


def test_minimum_deaths_keeps_an_incident_whose_highest_figure_equals_it():
    from components.filters import Filters, apply_filters

    assert apply_filters(filter_frame(), Filters(min_deaths=22000))["incident_id"].tolist() == ["exact_22000"]
    assert apply_filters(filter_frame(), Filters(min_deaths=22001)).empty


# --- Periods: an incident starting on a period's first day belongs to that period ----------


def test_period_starts_on_its_first_day():
    from components.data import derive

    periods = pd.DataFrame(
        {
            "period": ["interwar", "world_war_ii", "postwar_occupation"],
            "label": ["Interwar", "World War II", "Post-war occupation"],
            "start": pd.to_datetime(["1922-10-26", "1939-09-01", "1945-09-03"]),
            "end": pd.to_datetime(["1939-08-31", "1945-09-02", "1949-12-31"]),
        }
    )
    days = ["1939-08-31", "1939-09-01", "1945-09-02", "1945-09-03", "1922-10-26", "1920-01-01"]
    ids = [f"i{k}" for k in range(len(days))]
    tables = {
        "incidents": pd.DataFrame(
            {
                "incident_id": ids,
                "date_start": pd.to_datetime(days),
                "date_end": pd.to_datetime(days),
                "date_precision": "day",
            }
        ),
        "estimates": estimates([]),
        "metrics": pd.DataFrame({"metric": ["killed"], "is_death": [True]}),
        "periods": periods,
        "incident_sources": pd.DataFrame({"incident_id": ids, "source_id": "s", "section": "x"}),
        "sources": pd.DataFrame({"source_id": ["s"], "title": ["T"]}),
    }
    derive(tables)
    assert tables["incidents"]["period"].tolist() == [
        "interwar",
        "world_war_ii",
        "world_war_ii",
        "postwar_occupation",
        "interwar",
        "before_1917",
    ]


# --- POW rates computed from count ranges ----------------------------------------------------


@pytest.mark.parametrize(
    "died, captured, expected",
    [
        ((474967, 474967), (2652672, 2652672), (17.905229, 17.905229)),  # Soviet sources, German POWs
        ((100, 200), (1000, 2000), (5.0, 20.0)),  # fewest deaths / most prisoners to most / fewest
        ((None, 250000), (500000, 600000), (None, 50.0)),  # 'up to' deaths: the low end stays open
        ((600, 600), (2000, None), (None, 30.0)),  # 'over 2,000' captured: the low end stays open
        ((90, 90), (None, None), (None, None)),  # no denominator: no rate
        ((3000, 3000), (2000, 2000), (100.0, 100.0)),  # never above 100%
    ],
)
def test_pow_rate_from_counts(died, captured, expected):
    from components.pow_data import computed_rate

    lo, hi = computed_rate(died[0], died[1], captured[0], captured[1])
    for got, want in ((lo, expected[0]), (hi, expected[1])):
        assert got is None if want is None else got == pytest.approx(want, abs=1e-6)
