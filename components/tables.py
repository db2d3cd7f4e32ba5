"""Readable tables and CSV exports built from the typed DataFrames (pure functions)."""
from __future__ import annotations

import pandas as pd

from components.data import Dataset
from components.format import fmt_dates, fmt_range


def incident_table(inc: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Return one readable row per incident: dates at their precision, deaths as a range, labels."""
    crime = ds.labels("crime_types", "crime_type")
    return pd.DataFrame({
        "incident_id": inc["incident_id"],
        "name": inc["name"],
        "dates": [fmt_dates(s, e, p) for s, e, p in zip(inc["date_start"], inc["date_end"], inc["date_precision"])],
        "year": inc["year_start"],
        "perpetrator": inc["perpetrator"].map(ds.labels("parties", "party_id")),
        "force": inc["perpetrator_force"],
        "place": inc["place"],
        "country": inc["country_code"].fillna("at sea"),
        "deaths": [fmt_range(a, b, q) for a, b, q in zip(inc["deaths_low"], inc["deaths_high"], inc["deaths_qualifier"])],
        "deaths_max": inc["deaths_max"],
        "crime_types": inc["crime_types"].map(lambda s: ", ".join(crime.get(c, c) for c in str(s).split(";"))),
        "victims": inc["victim_group"],
        "sources": inc["source_ids"],
    }).reset_index(drop=True)


def incidents_csv(inc: pd.DataFrame, ds: Dataset) -> bytes:
    """Return the incidents as CSV with their readable death range and full citations."""
    out = inc.drop(columns=["n_death_estimates"], errors="ignore").copy()
    out.insert(out.columns.get_loc("deaths_low"), "deaths_text",
               [fmt_range(a, b, q) for a, b, q in zip(inc["deaths_low"], inc["deaths_high"], inc["deaths_qualifier"])])
    for c in ("date_start", "date_end"):
        out[c] = out[c].dt.strftime("%Y-%m-%d")
    return out.to_csv(index=False).encode("utf-8")


def estimates_csv(est: pd.DataFrame) -> bytes:
    """Return estimates as CSV (with the source article title)."""
    return est.to_csv(index=False).encode("utf-8")
