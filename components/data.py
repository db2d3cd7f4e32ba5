"""Load the curated data package into typed DataFrames, validated once per process.

Field names, types and constraints come from data/datapackage.json. Validation is
done by the frictionless library (types, constraints, keys) and then by the
curation rules in components.rules; any failure raises DataError naming the file,
row and field. Derived columns (headline deaths range, period, decade) are added
here once, never on pages.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from components import labels, rules
from components.format import fmt_dates, fmt_each, fmt_range

REPO = Path(__file__).resolve().parents[1]
DATA_DIR_ENV = "WARCRIMES_DATA_DIR"  # point the app at another folder with the same schema
CACHE_DIR_ENV = "WARCRIMES_CACHE_DIR"  # where fingerprints of validated packages are kept
VALIDATED_FILE = "validated-packages.txt"
KEEP_FINGERPRINTS = 50
DEFAULT_DATA_DIR = REPO / "data"

# Table Schema type -> pandas dtype for the columns we hold in memory.
PANDAS_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}


class DataError(Exception):
    """A data file is missing or malformed; the message names the file, row and field."""

    def __init__(self, file: str, message: str, row: int | None = None, field: str | None = None):
        self.file, self.row, self.field, self.detail = file, row, field, message
        where = file + (f", row {row}" if row else "") + (f", field '{field}'" if field else "")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Dataset:
    """All tables of the data package as typed DataFrames, plus the package descriptor."""

    descriptor: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: str, build):
        """Return build(self), computed once per dataset (labels and vocabularies are read-only)."""
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def incidents(self) -> pd.DataFrame:
        return self.tables["incidents"]

    @property
    def estimates(self) -> pd.DataFrame:
        return self.tables["estimates"]

    @property
    def pow(self) -> pd.DataFrame:
        return self.tables["pow_mortality"]

    def labels(self, table: str, key: str, label: str = "label") -> dict[str, str]:
        """Return {id: label} for a code table."""
        df = self.tables[table]
        return dict(zip(df[key], df[label]))


def data_dir() -> Path:
    """Return the data folder: $WARCRIMES_DATA_DIR if set, else the bundled data/."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def read_descriptor(folder: Path) -> dict:
    """Return the parsed datapackage.json of a folder."""
    path = folder / "datapackage.json"
    if not path.exists():
        raise DataError("datapackage.json", f"not found in {folder}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError("datapackage.json", f"is not valid JSON: {exc}") from exc


SPLIT_VALIDATION_BYTES = 50_000_000  # above this, the tables are checked by column (components.table_check)
DERIVED_CACHE_BYTES = 50_000_000  # above this, the loaded tables are kept for the next start


def validate_package(folder: Path, descriptor: dict, split: bool | None = None) -> None:
    """Raise DataError for the first problem frictionless finds (types, constraints, keys).

    frictionless validates the descriptor. A small package's tables are validated by frictionless in
    one pass; a large one's (or with split=True) by components.table_check, which makes the same
    checks a column at a time (frictionless reads each distinct value) and reports the same first
    problem, in seconds where frictionless's row-by-row pass took minutes.
    """
    from frictionless import (
        FrictionlessException,
        Package,
    )  # imported here: it is slow and only needed once per process

    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    for _name, path in paths.items():
        p = folder / path
        if not p.exists():
            raise DataError(path, "file not found")
        check_text_file(p, path)
    try:
        Package(descriptor, basepath=str(folder)).to_descriptor(validate=True)
    except FrictionlessException as exc:
        raise DataError("datapackage.json", "; ".join(e.message for e in exc.to_errors())) from exc
    if split is None:
        split = sum((folder / p).stat().st_size for p in paths.values()) > SPLIT_VALIDATION_BYTES
    if split:  # row by row in Python took 70-100 s at 1000x the data: the same checks by column
        from components.table_check import validate_tables

        validate_tables(folder, descriptor)
        return
    for report in [Package(descriptor, basepath=str(folder)).validate()]:
        for task in report.tasks:
            path = paths.get(task.name, task.name)
            for err in task.errors:
                raise DataError(
                    path,
                    err.note or err.message,
                    row=getattr(err, "row_number", None),
                    field=getattr(err, "field_name", None) or _field_of(err),
                )
        for err in report.errors:
            raise DataError("datapackage.json", err.message)


def check_text_file(p: Path, name: str) -> None:
    """Raise DataError if a file is empty or not UTF-8 (naming the line), reading it line by line."""
    blank, offset = True, 0
    with p.open("rb") as f:
        for line_no, line in enumerate(f, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DataError(name, f"is not valid UTF-8 (byte {offset + exc.start})", row=line_no) from exc
            blank = blank and not line.strip()
            offset += len(line)
    if blank:
        raise DataError(name, "file is empty")


def _field_of(err) -> str | None:
    """Return the field names a row error refers to (e.g. a foreign key), if any."""
    fields = getattr(err, "field_names", None) or getattr(err, "foreign_key", {}) or None
    if isinstance(fields, dict):
        fields = fields.get("fields")
    if isinstance(fields, (list, tuple)):
        return ", ".join(fields)
    return fields


def read_table(folder: Path, resource: dict) -> pd.DataFrame:
    """Return one CSV as a DataFrame with dtypes taken from its schema."""
    import pyarrow as pa
    from pyarrow import csv

    names = [f["name"] for f in resource["schema"]["fields"]]
    try:  # every column as text: types come from the schema below, not from guessing; '' stays ''
        df = csv.read_csv(
            folder / resource["path"],
            parse_options=csv.ParseOptions(newlines_in_values=True),
            convert_options=csv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False
            ),
        )
        # One chunk per column: Arrow concatenates a many-chunked column on every take
        # (filter, sort, row selection), a full copy of the column each time.
        df = df.combine_chunks().to_pandas()
    except pa.ArrowInvalid as exc:
        raise DataError(resource["path"], f"cannot be read as CSV: {exc}") from exc
    for f in resource["schema"]["fields"]:
        col, kind = f["name"], f["type"]
        s = df[col].replace("", None)
        if kind == "date":
            df[col] = pd.to_datetime(s, format="%Y-%m-%d")
        elif kind == "boolean":
            df[col] = s.isin(TRUE_VALUES).astype("boolean").mask(s.isna())
        elif kind in ("integer", "number"):
            df[col] = pd.to_numeric(s).astype(PANDAS_DTYPES[kind])
        else:
            df[col] = s.astype("string")
    return df


def check_rules(tables: dict[str, pd.DataFrame]) -> None:
    """Raise DataError for the first curation-rule violation (ranges, rates, dates, places)."""
    problems = rules.check_qualified_range("estimates", tables["estimates"], "low", "high", "qualifier")
    pow_ = tables["pow_mortality"]
    for m in ("captured", "died", "rate"):
        problems += rules.check_qualified_range(
            "pow_mortality", pow_, f"{m}_low", f"{m}_high", f"{m}_qualifier"
        )
    problems += rules.check_rates(pow_)
    if "shares" in tables:
        problems += rules.check_qualified_range("shares", tables["shares"], "low", "high", "qualifier")
        problems += rules.check_metric_units("shares", tables["shares"], tables["metrics"], percent=True)
    problems += rules.check_metric_units("estimates", tables["estimates"], tables["metrics"], percent=False)
    problems += rules.check_dates(tables["incidents"])
    problems += rules.check_sea(tables["incidents"])  # the geocoder runs in the data tests, not at start-up
    if problems:
        p = problems[0]
        raise DataError(f"{p.table}.csv", p.message, row=p.row, field=p.field)


def derive(tables: dict[str, pd.DataFrame]) -> None:
    """Add derived columns: headline deaths range and its text, shares as text, dates text, period, years and decade, source labels."""
    inc, est = tables["incidents"], tables["estimates"]
    death_metrics = set(tables["metrics"].loc[tables["metrics"]["is_death"].astype(bool), "metric"])
    agg = headline_deaths(est[est["metric"].isin(death_metrics)])
    agg = agg.reindex(inc["incident_id"].to_numpy())  # aligned row by row; no copy of the whole frame
    for c in agg.columns:
        inc[c] = agg[c].to_numpy()
    inc["n_death_estimates"] = inc["n_death_estimates"].fillna(0).astype(int)
    for c in ("deaths_low", "deaths_high", "deaths_max"):
        inc[c] = inc[c].astype("Float64")
    inc["deaths_qualifier"] = inc["deaths_qualifier"].astype("string")
    inc["deaths_text"] = fmt_each(fmt_range, inc["deaths_low"], inc["deaths_high"], inc["deaths_qualifier"])
    inc["share_text"] = share_texts_of(tables).reindex(inc["incident_id"].to_numpy()).to_numpy()
    inc["share_text"] = inc["share_text"].astype("string")
    inc["dates_text"] = fmt_each(fmt_dates, inc["date_start"], inc["date_end"], inc["date_precision"])
    inc["year_start"] = inc["date_start"].dt.year
    inc["year_end"] = inc["date_end"].dt.year
    inc["decade"] = (inc["year_start"] // 10 * 10).astype(int)
    periods = tables["periods"].sort_values("start")
    idx = np.searchsorted(periods["start"].to_numpy(), inc["date_start"].to_numpy(), side="right") - 1
    labels = periods["period"].to_numpy()
    inc["period"] = pd.Series(np.where(idx >= 0, labels[idx.clip(0)], "before_1917"), index=inc.index).astype(
        "string"
    )
    src = tables["incident_sources"].merge(tables["sources"][["source_id", "title"]], on="source_id")
    inc["source_ids"] = (
        inc["incident_id"]
        .map(join_per(src.drop_duplicates(["incident_id", "source_id"]), "incident_id", "source_id"))
        .astype("string")
    )
    cites = src.assign(cite=src["title"] + " (" + src["section"] + ")")
    inc["sources_text"] = inc["incident_id"].map(join_per(cites, "incident_id", "cite")).astype("string")
    add_state_at_time(inc, tables.get("incident_states"))
    tables["incidents"] = inc
    est["source_title"] = (
        est["source_id"].map(tables["sources"].set_index("source_id")["title"]).astype("string")
    )


def share_texts_of(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Return per incident id its shares as text (none for a package without a shares table)."""
    from components.shares import share_texts

    if "shares" not in tables:
        return pd.Series(dtype="string")
    labels = dict(zip(tables["metrics"]["metric"], tables["metrics"]["label"]))
    return share_texts(tables["shares"], labels)


def add_state_at_time(inc: pd.DataFrame, states: pd.DataFrame | None) -> None:
    """Add `state_at_time`, `borders_year` and `near_state` (incident_states.csv; empty where a package has none).

    `state_key` is the state's name as a URL-safe value for the "State at the time" filter
    ('Korea (USSR)' -> 'korea-ussr'): names may hold commas, which separate a URL list's values.
    """
    cols = {"state_at_time": "string", "borders_year": "Int64", "near_state": "string"}
    if states is None:
        for c, dtype in cols.items():
            inc[c] = pd.Series(pd.NA, index=inc.index, dtype=dtype)
    else:
        aligned = states.set_index("incident_id").reindex(inc["incident_id"].to_numpy())
        for c, dtype in cols.items():
            inc[c] = pd.Series(aligned[c].to_numpy(), index=inc.index).astype(dtype)
    key = inc["state_at_time"].str.lower().str.replace(r"[^0-9a-z]+", "-", regex=True).str.strip("-")
    inc["state_key"] = key.where(key != "").astype("string")


def join_per(df: pd.DataFrame, key: str, col: str, sep: str = "; ") -> pd.Series:
    """Return, per value of `key`, the values of `col` joined by `sep` in row order (vectorised)."""
    ordered = df[[key, col]].assign(_k=df.groupby(key, sort=False).cumcount())
    wide = ordered.pivot(index=key, columns="_k", values=col)
    out = wide[0].astype(object)
    for k in wide.columns[1:]:
        nxt = wide[k]
        out = out.where(nxt.isna(), out + sep + nxt.astype(object))
    return out


def headline_deaths(deaths: pd.DataFrame) -> pd.DataFrame:
    """Return per incident the headline deaths range from its death estimates.

    Totals only (counts_part false): low = smallest lower bound, high = largest upper
    bound (open when a total gives only a lower bound above every upper bound).
    An incident with only partial figures gets 'at least' its largest part.
    deaths_max is the highest number any figure names, partial or not.
    """
    cols = ["deaths_low", "deaths_high", "deaths_max", "n_death_estimates", "deaths_qualifier"]
    if deaths.empty:
        return pd.DataFrame(columns=cols)
    part = deaths["counts_part"].fillna(False).astype(bool)
    totals, parts = deaths[~part].groupby("incident_id"), deaths[part].groupby("incident_id")
    out = pd.DataFrame({"deaths_low": totals["low"].min(), "deaths_high": totals["high"].max()})
    out["deaths_qualifier"] = (
        totals["qualifier"].first().where(totals.size() == 1)
    )  # one total keeps its wording
    only_parts = parts[["low", "high"]].max().max(axis=1).rename("deaths_low").to_frame()
    only_parts = only_parts[~only_parts.index.isin(out.index)]
    only_parts["deaths_high"], only_parts["deaths_qualifier"] = pd.NA, "at_least"
    out = pd.concat([out, only_parts])
    for c in ("deaths_low", "deaths_high"):
        out[c] = pd.to_numeric(out[c]).astype("Float64")
    g = deaths.groupby("incident_id")
    out["deaths_max"] = g[["low", "high"]].max().max(axis=1)
    out["n_death_estimates"] = g.size()
    # A total with only a lower bound above every stated upper bound leaves the high open.
    open_high = (out["deaths_high"] < out["deaths_low"]).fillna(False)
    out.loc[open_high, "deaths_high"] = pd.NA
    return out[cols]


def load_dataset(folder: Path | None = None) -> Dataset:
    """Read, validate and type every table of the package in `folder` (default: data_dir()).

    Frictionless runs once per version of the data: a package whose exact bytes (descriptor and
    every file) passed before is recognised by its fingerprint and not validated again. The
    curation rules run on every load, except that a large package's loaded tables are kept on disk
    (components.derived_cache) and read back when the same bytes meet the same loader code.
    """
    from components import derived_cache

    folder = Path(folder or data_dir())
    descriptor = read_descriptor(folder)
    stamp = fingerprint(folder, descriptor)
    known = stamp is not None and stamp in validated_fingerprints()
    if not known:
        validate_package(folder, descriptor)
        remember_validated(stamp)
    large = stamp is not None and _size(folder, descriptor) > DERIVED_CACHE_BYTES
    kept = derived_cache.read(_cache_file().parent, stamp) if known and large and stamp else None
    if kept is not None:
        return Dataset(descriptor=descriptor, tables=kept)
    tables = {r["name"]: read_table(folder, r) for r in descriptor["resources"]}
    check_rules(tables)
    derive(tables)
    labels.add_labels(tables, descriptor)
    release_memory()
    if large and stamp:
        derived_cache.write(_cache_file().parent, stamp, tables)
        release_memory()
    return Dataset(descriptor=descriptor, tables=tables)


def _size(folder: Path, descriptor: dict) -> int:
    return sum((folder / r["path"]).stat().st_size for r in descriptor["resources"])


def fingerprint(folder: Path, descriptor: dict) -> str | None:
    """Return a SHA-256 over the descriptor, every data file and the validator's version (None if a file is missing)."""
    import hashlib
    from importlib.metadata import version

    h = hashlib.sha256(json.dumps(descriptor, sort_keys=True).encode("utf-8"))
    h.update(version("frictionless").encode("utf-8"))
    for r in descriptor.get("resources", []):
        p = folder / str(r.get("path", ""))
        if not p.is_file():
            return None
        h.update(str(r.get("path")).encode("utf-8") + b"\0")
        with p.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")
    return h.hexdigest()


def _cache_file() -> Path:
    base = (
        os.environ.get(CACHE_DIR_ENV)
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "warcrimes-dashboard"
    )
    return Path(base) / VALIDATED_FILE


def validated_fingerprints() -> set[str]:
    """Return the fingerprints of packages that passed validation (none if the cache is unreadable)."""
    try:
        return set(_cache_file().read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError):
        return set()


def remember_validated(stamp: str | None) -> None:
    """Record a fingerprint that passed; a cache that cannot be written only means validating again next time."""
    if stamp is None:
        return
    path = _cache_file()
    try:
        old = [s for s in path.read_text(encoding="ascii").split() if s != stamp] if path.exists() else []
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("\n".join([*old[-(KEEP_FINGERPRINTS - 1) :], stamp]) + "\n", encoding="ascii")
        tmp.replace(path)
    except (OSError, UnicodeDecodeError):
        pass


def release_memory() -> None:
    """Hand the memory freed while loading (text copies, intermediate frames) back to the system.

    Loading makes and drops several copies of the big tables; without this, the allocators keep
    those pages and the server stays hundreds of MB larger than its data at 1000x.
    """
    import gc

    gc.collect()
    _hand_back()


def _hand_back() -> None:
    """Return the memory Arrow's pool and glibc's heap hold free to the system."""
    import contextlib
    import ctypes

    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc (macOS, musl): reused later instead
        ctypes.CDLL("libc.so.6").malloc_trim(0)


TRIM_ABOVE_MB = 512  # a server this large (far more data than the real package) hands freed memory back


def resident_mb() -> float:
    """Return this process's resident memory in MB (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


def trim_memory(above_mb: float = TRIM_ABOVE_MB) -> bool:
    """After a script run: when the process holds more than above_mb, hand memory that runs freed back to
    the system (Arrow's pool, glibc's heap; no garbage collection, which costs seconds at 1000x the data).

    Pages build and drop large frames at 1000x the data; the allocators keep those pages, so each page
    started hundreds of MB higher than its data needs and the next large build set the peak. At the real
    data's size the process stays far below the limit and nothing happens. Return whether it trimmed.
    """
    if resident_mb() <= above_mb:
        return False
    _hand_back()
    return True
