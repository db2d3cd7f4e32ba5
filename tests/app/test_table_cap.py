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
