"""Merge curators' fragment files (data/curation/h*_<table>.csv) into data/<table>.csv.

Used during curation only: fragments are ignored by git, the merged tables are the record.
Duplicate ids across fragments stop the merge with a message naming them.
"""

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
KEYS = {
    "incidents": ["incident_id"],
    "estimates": ["estimate_id"],
    "incident_sources": ["incident_id", "source_id", "section"],
    "pow_mortality": ["pow_id"],
}
SORT = {
    "incidents": ["date_start", "incident_id"],
    "estimates": ["incident_id"],
    "incident_sources": ["incident_id", "source_id"],
    "pow_mortality": ["captor", "captives", "pow_id"],
}

bad = False
for table, key in KEYS.items():
    header = pd.read_csv(ROOT / "data" / f"{table}.csv", nrows=0).columns.tolist()
    frags = sorted((ROOT / "data" / "curation").glob(f"h*_{table}.csv"))
    if not frags:
        continue
    df = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in frags], ignore_index=True)
    dup = df[df.duplicated(key, keep=False)]
    if len(dup):
        print(f"{table}: duplicate keys {dup[key].drop_duplicates().values.tolist()[:10]}")
        bad = True
        df = df.drop_duplicates(key)
    if table == "estimates":  # keep the running number order within an incident
        df["_n"] = df["estimate_id"].str.extract(r"-(\d+)$")[0].astype(int)
        df = df.sort_values(["incident_id", "_n"]).drop(columns="_n")
    else:
        df = df.sort_values(SORT[table])
    df[header].to_csv(ROOT / "data" / f"{table}.csv", index=False)
    print(f"{table}: {len(df)} rows from {len(frags)} fragments")
sys.exit(1 if bad else 0)
