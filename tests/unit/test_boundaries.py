"""Boundary cases of the numbers the pages print, each with an expectation computed by hand.

Every expected value below is written out as a literal (worked from the small tables in this
file), never computed by the function under test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from components import compare as cmp

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
    d = cmp.disagreements(est, incidents(ids), DEATHS).set_index("incident_id")
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
    d = cmp.disagreements(est, incidents(["same", "berlin"]), DEATHS)
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
