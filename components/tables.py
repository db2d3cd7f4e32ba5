"""Readable tables and CSV exports built from the typed DataFrames (pure functions)."""

from __future__ import annotations

import pandas as pd

from components.data import Dataset
from components.labels import country_names


def largest(inc: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, int]:
    """Return at most `limit` incidents, those with the highest death figure first, and how many were left out.

    Used where drawing every incident would overload the browser (the map, the timeline bars).
    """
    if len(inc) <= limit:
        return inc, 0
    order = inc["deaths_max"].astype("float64").fillna(-1.0).sort_values(ascending=False, kind="stable")
    return inc.loc[order.index[:limit]], len(inc) - limit


MAX_TABLE_ROWS = 5_000  # rows one table sends to the browser; the CSV downloads always hold every row


def capped(
    df: pd.DataFrame, limit: int | None = None, by: str | None = None, ascending: bool = True
) -> tuple[pd.DataFrame, int]:
    """Return the first `limit` (default MAX_TABLE_ROWS) rows, ordered by column `by` if given, and how many were left out.

    Only the rows kept are copied: sorting a whole large frame to cut it would copy every row.
    """
    limit = MAX_TABLE_ROWS if limit is None else limit
    left_out = max(len(df) - limit, 0)
    if by is None:
        return (df.iloc[:limit] if left_out else df), left_out
    order = (
        df[by]
        .reset_index(drop=True)
        .sort_values(ascending=ascending, kind="stable", na_position="last")
        .index[:limit]
    )
    return df.iloc[order], left_out


def incident_table(inc: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Return one readable row per incident: dates at their precision, deaths as a range, labels."""
    crime = ds.labels("crime_types", "crime_type")
    return pd.DataFrame(
        {
            "incident_id": inc["incident_id"],
            "name": inc["name"],
            "dates": inc["dates_text"],
            "year": inc["year_start"],
            "perpetrator": inc["perpetrator"].map(ds.labels("parties", "party_id")),
            "force": inc["perpetrator_force"],
            "place": inc["place"],
            "country": inc["country_code"].map(country_names(ds)).fillna("at sea"),
            "deaths": inc["deaths_text"],
            "deaths_max": inc["deaths_max"],
            "crime_types": inc["crime_types"].map(
                lambda s: ", ".join(crime.get(c, c) for c in str(s).split(";"))
            ),
            "victims": inc["victim_group"],
            "sources": inc["source_names"],
        }
    ).reset_index(drop=True)


def incidents_csv(inc: pd.DataFrame, ds: Dataset) -> bytes:
    """Return the incidents as CSV with their readable death range and full citations."""
    out = inc.drop(columns=["n_death_estimates"], errors="ignore").copy()
    for c in ("date_start", "date_end"):
        out[c] = out[c].dt.strftime("%Y-%m-%d")
    return out.to_csv(index=False).encode("utf-8")


def estimates_csv(est: pd.DataFrame) -> bytes:
    """Return estimates as CSV (with the source article title)."""
    return est.to_csv(index=False).encode("utf-8")
