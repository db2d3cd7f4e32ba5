"""Curation decisions of 0.2.0 (#15), checked on the CSVs as written: each one cites its article and section."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "data"


def raw(table: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{table}.csv", dtype=str, keep_default_na=False)


def test_battle_of_berlin_deaths_are_context_not_soviet_killing():
    """'Soviet war crimes', World War II > Germany > Murders of civilians: both revisions give the Battle of
    Berlin figure only as what the German studies leave out ('up to' / 'at least' 125,000), naming no killer."""
    inc, est, met = raw("incidents"), raw("estimates"), raw("metrics").set_index("metric")
    assert not inc["name"].str.contains("Battle of Berlin").any()
    berlin = est[est["victims"].str.contains("Berlin")]
    assert set(berlin["value_text"]) == {"up to 125,000", "at least 125,000", "About 22,000"}
    assert set(berlin["metric"]) == {"context_deaths"} and met.loc["context_deaths", "is_death"] == "false"
    assert set(berlin["section"]) == {"World War II > Germany > Murders of civilians"}
