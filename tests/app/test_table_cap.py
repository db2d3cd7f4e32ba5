"""Tables of incidents send at most tables.MAX_TABLE_ROWS rows to the browser and say when they leave some out."""

import pandas as pd
import pytest

from components import tables


def test_capped_keeps_the_order_and_counts_what_it_leaves_out():
    df = pd.DataFrame({"x": range(10)})
    shown, left_out = tables.capped(df, 4)
    assert shown["x"].tolist() == [0, 1, 2, 3] and left_out == 6
    whole, none_left = tables.capped(df, 10)
    assert whole is df and none_left == 0


@pytest.mark.parametrize(
    "page, expander",
    [
        ("views/incidents.py", None),
        ("views/timeline.py", "Table of this chart"),
        ("views/map.py", "Table of the mapped incidents"),
    ],
)
def test_pages_cap_their_incident_tables_with_a_notice(app, monkeypatch, ds, page, expander):
    monkeypatch.setattr(tables, "MAX_TABLE_ROWS", 25)
    at = app(page=page)
    assert not at.exception
    notes = [c.value for c in at.caption if "This table lists the first 25 of" in c.value]
    assert len(notes) == 1 and f"of {len(ds.incidents):,} rows" in notes[0]
    where = "the CSV download below the table" if page == "views/incidents.py" else "on the Incidents page"
    assert where in notes[0]
    frames = [d for d in at.dataframe if len(d.value) == 25]
    assert frames, "no table was cut to 25 rows"
    assert not [d for d in at.dataframe if len(d.value) == len(ds.incidents)], (
        "a table still holds every incident"
    )


def test_incidents_table_is_whole_below_the_cap(app, ds):
    at = app(page="views/incidents.py")
    assert not at.exception and len(at.dataframe[0].value) == len(ds.incidents)
    assert not [c for c in at.caption if "This table lists the first" in c.value]


def test_the_incident_choice_offers_what_the_table_lists_and_the_linked_incident(app, monkeypatch, ds):
    """Past the cap the choice would send every name on every run; it offers the listed rows, and a link's
    incident that the filters keep but the table leaves out still opens."""
    monkeypatch.setattr(tables, "MAX_TABLE_ROWS", 25)
    by_date = ds.incidents.sort_values("date_start", kind="stable", na_position="last")
    listed, left_out = by_date["name"].iloc[:25], by_date.iloc[25:]
    at = app(page="views/incidents.py")
    choice = at.selectbox(key="incidents_pick")
    assert sorted(choice.options[1:]) == sorted(listed.astype(str))
    late = left_out.iloc[-1]
    at = app(page="views/incidents.py", query={"incident": late["incident_id"]})
    assert not at.exception
    assert str(late["name"]) in at.selectbox(key="incidents_pick").options
    assert [h for h in at.header if h.value == str(late["name"])], "the linked incident was not opened"
