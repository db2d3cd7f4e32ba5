"""The loaded tables of a large package, kept on disk so that a later start need not derive them again.

At 1000x the data, reading the CSVs, the curation rules and the derived columns take about 11 s of a
start. A start that finds the same package (its fingerprint: descriptor, every data byte, the
validator's version) and the same loader code (a hash of components/*.py) reads the tables it made
last time instead, in about a second. Only packages above components.data.DERIVED_CACHE_BYTES are
kept (the real data loads in about a second anyway); only the latest one is kept, and any problem
reading or writing the file only means deriving again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pandas as pd

COMPONENTS = Path(__file__).resolve().parent
PREFIX = "derived-"


def code_hash() -> str:
    """Return a SHA-256 over the source of every module in components/ (the loader and what it calls)."""
    h = hashlib.sha256()
    for p in sorted(COMPONENTS.glob("*.py")):
        h.update(p.name.encode("utf-8") + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _path(folder: Path, stamp: str) -> Path:
    key = hashlib.sha256((stamp + code_hash() + pd.__version__).encode("ascii")).hexdigest()[:32]
    return folder / f"{PREFIX}{key}.pickle"


def read(folder: Path, stamp: str) -> dict[str, pd.DataFrame] | None:
    """Return the tables kept for this package and code, or None (none kept, or unreadable)."""
    try:
        with _path(folder, stamp).open("rb") as f:  # our own file, in the user's cache folder
            names = pickle.load(f)
            tables = {name: pickle.load(f) for name in names}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None
    return tables if all(isinstance(t, pd.DataFrame) for t in tables.values()) else None


def write(folder: Path, stamp: str, tables: dict[str, pd.DataFrame]) -> None:
    """Keep the tables for this package and code (replacing any other kept tables); errors are ignored."""
    path = _path(folder, stamp)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:  # a table at a time: one table's copy in memory, not all of them
            pickle.dump(list(tables), f, protocol=pickle.HIGHEST_PROTOCOL)
            for df in tables.values():
                pickle.dump(df, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in folder.glob(f"{PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
