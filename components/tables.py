"""Readable tables and the downloads built from the typed DataFrames (pure functions).

Downloads open right everywhere: CSV as UTF-8 with a byte-order mark, file names that say what was
filtered, and a zip whose README states the filters, the source, the licence and how to cite.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from components import cite
from components.data import Dataset
from components.filters import SPECS, Filters
from components.format import fmt_range, state_labels
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
    countries = country_names(ds)
    return (
        pd.DataFrame(
            {
                "incident_id": inc["incident_id"],
                "name": inc["name"],
                "dates": inc["dates_text"],
                "year": inc["year_start"],
                "perpetrator": inc["perpetrator"].map(ds.labels("parties", "party_id")),
                "force": inc["perpetrator_force"],
                "place": inc["place"],
                "country": inc["country_code"].map(countries).fillna("at sea"),
                "state": state_labels(inc),
                "deaths": inc["deaths_text"],
                "deaths_max": inc["deaths_max"],
                "shares": inc.get("share_text", pd.NA),
                "crime_types": inc["crime_types"].map(
                    lambda s: ", ".join(crime.get(c, c) for c in str(s).split(";"))
                ),
                "victims": inc["victim_group"],
                "sources": inc["source_names"],
            }
        )
        .reset_index(drop=True)
        .pipe(readable)
    )


MISSING = {"None", "none", "nan", "NaN", "<NA>", "NaT"}


def readable(df: pd.DataFrame) -> pd.DataFrame:
    """Return df with every missing text cell empty: a reader never sees 'None', 'nan' or '<NA>'."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            col = out[c].astype(object)
            out[c] = col.where(col.notna() & ~col.astype(str).isin(MISSING), "")
    return out


ESTIMATE_COLUMNS = {  # column -> header, in the order a reader needs them
    "metric": "Metric",
    "figure": "Figure",
    "attribution": "According to",
    "source_title": "Source article",
    "section": "Section",
    "value_text": "As worded in the source",
    "victims": "Counts",
    "qualifier": "Qualifier",
    "note": "Note",
}


def estimate_table(est: pd.DataFrame, metric_labels: Mapping[str, str]) -> pd.DataFrame:
    """Return an incident's estimates side by side, headed in words: figure, who gives it, where, as worded."""
    out = est.assign(
        figure=[
            fmt_range(a, b, q, t)
            for a, b, q, t in zip(est["low"], est["high"], est["qualifier"], est["value_text"])
        ],
        metric=est["metric"].map(metric_labels).fillna(est["metric"]),
        qualifier=est["qualifier_label"] if "qualifier_label" in est else est["qualifier"],
    )
    cols = [c for c in ESTIMATE_COLUMNS if c in out.columns]
    return readable(out[cols].rename(columns=ESTIMATE_COLUMNS)).reset_index(drop=True)


CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark: Excel on Windows then reads it as UTF-8, not ANSI
RATE_DECIMALS = 2  # computed rates as the pages show them (format.fmt_rate)
MAX_SLUG = 90  # characters of a file name's filter part


def csv_bytes(df: pd.DataFrame) -> bytes:
    """Return a table as CSV that opens right in Excel on Windows, in LibreOffice and in any CSV reader."""
    return df.to_csv(index=False).encode(CSV_ENCODING)


def incidents_frame(inc: pd.DataFrame) -> pd.DataFrame:
    """Return the incidents as exported: dates as ISO text, every other column as loaded (derived ones included)."""
    out = inc.drop(columns=["n_death_estimates"], errors="ignore").copy()
    for c in ("date_start", "date_end"):
        out[c] = out[c].dt.strftime("%Y-%m-%d")
    return out


def incidents_csv(inc: pd.DataFrame, ds: Dataset | None = None) -> bytes:
    """Return the incidents as CSV with their readable death range and full citations."""
    return csv_bytes(incidents_frame(inc))


def estimates_csv(est: pd.DataFrame) -> bytes:
    """Return estimates as CSV (with the source article title)."""
    return csv_bytes(est)


def pow_frame(pwr: pd.DataFrame) -> pd.DataFrame:
    """Return every POW row as exported, the computed rate (died ÷ captured) rounded as the page shows it."""
    out = pwr.drop(columns=["span_low", "span_high", "has_rate", "mid"], errors="ignore").rename(
        columns={"calc_low": "computed_rate_low", "calc_high": "computed_rate_high"}
    )
    for c in ("computed_rate_low", "computed_rate_high"):
        if c in out:
            out[c] = out[c].astype("Float64").round(RATE_DECIMALS)
    return out


def _slug(text: str) -> str:
    return re.sub(
        r"[^a-z0-9]+",
        "-",
        unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower(),
    ).strip("-")


def filter_slug(f: Filters, labels: Mapping[str, Mapping[str, str]]) -> str:
    """Return the filters as a file-name part: '1939-1945_soviet-union', '1917-1991_civilians_min-1000-deaths'."""
    parts = []
    for s in SPECS:  # one declaration per filter: a new filter names its files too
        v = getattr(f, s.attr)
        if s.kind == "range":
            parts.append(f"{v[0]}-{v[1]}")
        elif s.kind == "choices" and len(v) > 3:
            parts.append(f"{len(v)}-{_slug(s.attr)}")
        elif s.kind == "choices" and v:
            lab = labels.get(s.attr, {})
            parts.append("+".join(_slug(lab.get(x, x)) for x in v))
        elif s.kind == "minimum" and v:
            parts.append(f"min-{v}-{_slug(s.attr.removeprefix('min_'))}")
        elif s.kind == "search" and str(v).strip():
            parts.append("search-" + (_slug(v)[:30] or "text"))
    return "_".join(p for p in parts if p)[:MAX_SLUG].rstrip("-_+")


def file_name(kind: str, f: Filters | None, labels: Mapping[str, Mapping[str, str]], ext: str = "csv") -> str:
    """Return a download's file name that says what it holds: 'incidents_1939-1945_soviet-union.csv'."""
    return f"{kind}_{filter_slug(f, labels)}.{ext}" if f is not None else f"{kind}.{ext}"


def readme(
    *,
    title: str,
    files: Mapping[str, str],
    filters: str,
    rows: str,
    source: str,
    view_url: str,
    accessed: date,
    attributions: Sequence[str],
    citation: str,
) -> str:
    """Return the README of a download: what it holds, the filters, source, licence, how to cite and to open it."""
    lines = [
        title,
        "=" * len(title),
        "",
        f"Downloaded {accessed.isoformat()} from {cite.TITLE}, version {cite.version()}.",
        f"View: {view_url}" if view_url else "",
        "",
        f"Filters in force: {filters}",
        f"Rows: {rows}",
        "",
        "Files:",
        *(f"- {name}: {what}" for name, what in files.items()),
        "",
        f"Source: {source}",
        "",
        "Licence and attribution:",
        cite.data_licence(),
        *(f"- {a}" for a in attributions),
        "",
        "How to cite:",
        citation,
        "",
        "Opening the files: the CSV files are UTF-8 with a byte-order mark, so Excel (Windows and Mac), "
        "LibreOffice and Google Sheets show accented names, en dashes and symbols as they are. Ranges are "
        "text ('30–166', 'at least 88'); the low and high columns hold the numbers.",
    ]
    return "\n".join(lines) + "\n"


def bundle(files: Mapping[str, bytes | str], readme_text: str) -> bytes:
    """Return a zip of the files and README.txt (UTF-8 with a byte-order mark, so Notepad shows it right)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", readme_text.encode(CSV_ENCODING))
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()
