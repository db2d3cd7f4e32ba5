"""The package's Table Schema checks made a column at a time, for packages too large for a row-by-row pass.

frictionless validates a table row by row in Python: at 1000× the data that took 70–100 s. This
module makes the same checks on whole columns read by Arrow: the header, the cell count of every row,
each field's type and constraints, unique fields, primary and foreign keys. Each distinct value of a
column is read by frictionless's own cell reader for that field, so types and constraints mean exactly
what they mean to frictionless; only the bookkeeping is columnar. It reports the problem frictionless
would report first (the lowest row; within a row, cells in field order, then unique fields, the primary
key and the foreign keys), as a DataError naming file, row and field. The descriptor itself is still
validated by frictionless (components.data.validate_package); tests/unit/test_table_check.py holds the
two to the same answers on corrupted copies of the real package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from components.data import DataError


@dataclass(order=True, frozen=True)
class _Found:
    row: int  # frictionless's row number: the header is row 1
    rank: int  # order within a row, as frictionless finds them: see _order
    field: str | None
    message: str


def _order(schema) -> dict[tuple, int]:
    """Return the rank of each check within a row, in the order frictionless makes them: a row's cells are
    read when first needed, so each unique field's cell and then its uniqueness come first, then the
    primary key's cells and the key, then each foreign key's cells and the key, then the other cells."""
    steps: list[tuple] = []

    def cell(name: str) -> None:
        if ("cell", name) not in steps:
            steps.append(("cell", name))

    for f in schema.fields:
        if f.constraints.get("unique"):
            cell(f.name)
            steps.append(("unique", f.name))
    if schema.primary_key:
        for name in schema.primary_key:
            cell(name)
        steps.append(("pk",))
    for k, fk in enumerate(schema.foreign_keys):
        for name in fk["fields"]:
            cell(name)
        steps.append(("fk", k))
    for f in schema.fields:
        cell(f.name)
    steps += [("extra",), ("missing",)]
    return {step: rank for rank, step in enumerate(steps)}


def validate_tables(folder: Path, descriptor: dict) -> None:
    """Raise DataError for the first problem in the package's tables, resource by resource."""
    from frictionless import Schema

    keys: dict[tuple[str, tuple[str, ...]], set[tuple]] = {}
    resources = {r["name"]: r for r in descriptor["resources"]}
    for res in descriptor["resources"]:
        schema = Schema.from_descriptor(res["schema"])
        table, numbers, bad_rows = _read(folder / res["path"], res["path"], schema)
        typed, found = _cells(table, numbers, schema)
        found += bad_rows
        found += _blank_rows(table, numbers)
        found += _unique(typed, numbers, schema)
        found += _primary_key(typed, numbers, schema)
        for k, fk in enumerate(res["schema"].get("foreignKeys", [])):
            rank = _order(schema)[("fk", k)]
            found += _foreign_key(typed, numbers, fk, rank, folder, resources, keys)
        if found:
            first = min(found)
            raise DataError(res["path"], first.message, row=first.row, field=first.field)


def _read(path: Path, name: str, schema) -> tuple[pa.Table, np.ndarray, list[_Found]]:
    """Read a CSV as text columns; return it, each row's number, and the rows with the wrong cell count."""
    from pyarrow import csv

    names = schema.field_names
    with path.open("rb") as f:
        header: list[str] = next(csv_rows(f), [])
    if header != names:
        missing = [n for n in names if n not in header]
        extra = [h for h in header if h not in names]
        what = (
            f"the header lacks {', '.join(missing)}"
            if missing
            else f"the header has unknown columns {', '.join(extra)}"
            if extra
            else "the header's columns are not in the schema's order"
        )
        named = missing or extra
        raise DataError(name, what, row=1, field=named[0] if named else None)
    bad: list[_Found] = []

    def invalid(row) -> str:
        bad.append(_odd_row(row.number, row.text, schema))
        return "skip"

    table = csv.read_csv(
        path,
        read_options=csv.ReadOptions(use_threads=False, column_names=names, skip_rows=1),
        parse_options=csv.ParseOptions(invalid_row_handler=invalid, ignore_empty_lines=False),
        convert_options=csv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    # Row numbers as frictionless counts them (pyarrow's too): the header is row 1; a skipped row
    # keeps its number.
    skipped = np.array(sorted(b.row for b in bad), dtype=np.int64)
    numbers = np.arange(2, 2 + table.num_rows + len(skipped), dtype=np.int64)
    numbers = numbers[~np.isin(numbers, skipped)]
    return table, numbers, bad


def _odd_row(number: int, text: str, schema) -> _Found:
    """Check a row with too few or too many cells as frictionless does: its cells in field order (a
    missing cell reads as None), then the extra cells, then the missing ones; all empty is a blank row."""
    import csv

    cells = next(csv.reader([text]), [])
    order, found, blank = _order(schema), [], 0
    for i, field in enumerate(schema.fields):
        source = cells[i] if i < len(cells) else None
        value, notes = field.create_cell_reader()(source)
        blank += value is None and not (notes and "type" in notes)
        if notes:
            found.append(
                _Found(number, order[("cell", field.name)], field.name, _cell_message(source, notes))
            )
    n = len(schema.fields)
    if blank == n:
        return _Found(number, -1, None, "the row is blank")
    if found:
        return min(found)
    message = f"the row has {len(cells)} cells, the header {n}"
    if len(cells) > n:
        return _Found(number, order[("extra",)], None, message)
    return _Found(number, order[("missing",)], schema.fields[len(cells)].name, message)


def csv_rows(f):
    """Yield the rows of a binary CSV file as lists of text (the header, here)."""
    import csv
    import io

    yield from csv.reader(io.TextIOWrapper(f, encoding="utf-8", newline=""))


def _cells(table: pa.Table, numbers: np.ndarray, schema) -> tuple[dict[str, list], list[_Found]]:
    """Read every column's distinct values with frictionless's cell reader; return typed columns and errors."""
    typed: dict[str, list] = {}
    found: list[_Found] = []
    order = _order(schema)
    for field in schema.fields:
        rank = order[("cell", field.name)]
        col = table.column(field.name).combine_chunks()
        if _plain_text(field, schema):  # text: the same checks as frictionless's reader, without its overhead
            typed[field.name], bad = _text_cells(col, field)
            if bad is not None:
                at, value, note = bad
                found.append(_Found(int(numbers[at]), rank, field.name, _cell_message(value, note)))
            continue
        encoded = pc.dictionary_encode(col)
        values = encoded.dictionary.to_pylist()
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        read = field.create_cell_reader()
        out = [read(v) for v in values]
        typed_values = [v for v, _ in out]
        typed[field.name] = [typed_values[c] for c in codes] if _needs_typed(field, schema) else []
        bad_codes = [i for i, (_, notes) in enumerate(out) if notes]
        if bad_codes:
            at = int(np.flatnonzero(np.isin(codes, bad_codes))[0])
            notes = out[codes[at]][1]
            found.append(_Found(int(numbers[at]), rank, field.name, _cell_message(values[codes[at]], notes)))
    return typed, found


def _blank_rows(table: pa.Table, numbers: np.ndarray) -> list[_Found]:
    """Return the first row whose cells are all empty (frictionless reports it as a blank row, before its cells)."""
    if table.num_rows == 0 or table.num_columns == 0:
        return []
    blank = np.ones(table.num_rows, dtype=bool)
    for col in table.columns:
        blank &= pc.equal(col, "").to_numpy(zero_copy_only=False)
    at = np.flatnonzero(blank)
    return [_Found(int(numbers[at[0]]), -1, None, "the row is blank")] if len(at) else []


def _plain_text(field, schema) -> bool:
    """True for a text field with no format, '' its one missing value, checked by required/pattern/enum."""
    missing = field.missing_values if field.has_defined("missing_values") else schema.missing_values
    checks = set(field.constraints) - {"required", "unique", "pattern", "enum"}
    default = field.format in (None, "default")
    return field.type == "string" and default and not checks and list(missing) == [""]


def _text_cells(col: pa.Array, field) -> tuple[list, tuple[int, str, dict] | None]:
    """Return a text column's values ('' as None) and its first bad cell (row index, value, note) if any."""
    c = field.constraints
    values = col.to_pylist()
    pattern = re.compile(f"^{c['pattern']}$") if "pattern" in c else None  # as frictionless compiles it
    enum = set(c["enum"]) if "enum" in c else None
    bad = None
    if c.get("required") or pattern or enum is not None:
        uniq = pc.unique(col).to_pylist()
        wrong = {
            v: _text_note(v, c, pattern, enum)
            for v in uniq
            if (v == "" and c.get("required"))
            or (v != "" and pattern is not None and not pattern.match(v))
            or (v != "" and enum is not None and v not in enum)
        }
        if wrong:
            at = int(np.flatnonzero(pc.is_in(col, pa.array(list(wrong))).to_numpy(zero_copy_only=False))[0])
            bad = (at, values[at], wrong[values[at]])
    return [v or None for v in values], bad


def _text_note(v: str, c: dict, pattern, enum) -> dict[str, str]:
    if v == "":
        return {"required": 'constraint "required" is "True"'}
    if pattern is not None and not pattern.match(v):
        return {"pattern": f'constraint "pattern" is "{c["pattern"]}"'}
    return {"enum": f'constraint "enum" is "{c["enum"]}"'}


def _needs_typed(field, schema) -> bool:
    """Keep a column's typed values only where a key or unique check needs them."""
    in_fk = any(field.name in fk["fields"] for fk in schema.foreign_keys)
    return bool(field.constraints.get("unique")) or field.name in schema.primary_key or in_fk


def _cell_message(value: Any, notes: dict[str, str]) -> str:
    if "type" in notes:
        return f'cell "{value}" is not of {notes["type"]}'
    return f'cell "{value}" breaks {"; ".join(notes.values())}'


def _key(typed: dict[str, list], fields: list[str]) -> tuple[pd.Series, np.ndarray]:
    """Return each row's key as one text (fields joined; None kept apart from '') and where all cells are None."""
    parts = [pd.Series(typed[f], dtype=object) for f in fields]
    none = np.logical_and.reduce([p.isna().to_numpy() for p in parts])
    texts = [_as_text(p) for p in parts]
    key = texts[0]
    for t in texts[1:]:
        key = key + "\x1f" + t
    return key, none


def _as_text(p: pd.Series) -> pd.Series:
    """Return a column's typed values as distinct texts: text as it is, other types tagged, None apart."""
    if pd.api.types.infer_dtype(p, skipna=True) in ("string", "empty"):
        return p.fillna("\x00")
    return p.map(_cell_text)


def _cell_text(v) -> str:
    return "\x00" if v is None else f"\x01{type(v).__name__}:{v}"


def _first(mask: np.ndarray) -> int | None:
    at = np.flatnonzero(mask)
    return int(at[0]) if len(at) else None


def _unique(typed: dict[str, list], numbers: np.ndarray, schema) -> list[_Found]:
    found = []
    for field in schema.fields:
        if not field.constraints.get("unique"):
            continue
        key, none = _key(typed, [field.name])
        at = _first(key.duplicated().to_numpy() & ~none)
        if at is not None:
            earlier = int(numbers[_first((key == key.iloc[at]).to_numpy())])
            found.append(
                _Found(
                    int(numbers[at]),
                    _order(schema)[("unique", field.name)],
                    field.name,
                    f"the same as in the row at position {earlier}",
                )
            )
    return found


def _primary_key(typed: dict[str, list], numbers: np.ndarray, schema) -> list[_Found]:
    pk = list(schema.primary_key)
    if not pk:
        return []
    rank = _order(schema)[("pk",)]
    key, none = _key(typed, pk)
    empty, dup = _first(none), _first(key.duplicated().to_numpy() & ~none)
    if empty is not None and (dup is None or empty < dup):
        return [_Found(int(numbers[empty]), rank, None, 'cells composing the primary key are all "None"')]
    if dup is not None:
        earlier = int(numbers[_first((key == key.iloc[dup]).to_numpy())])
        where = f"the same as in the row at position {earlier}"
        return [_Found(int(numbers[dup]), rank, None, f"primary key ({', '.join(pk)}) {where}")]
    return []


def _foreign_key(
    typed: dict[str, list],
    numbers: np.ndarray,
    fk: dict,
    rank: int,
    folder: Path,
    resources: dict,
    keys: dict,
) -> list[_Found]:
    fields = [fk["fields"]] if isinstance(fk["fields"], str) else list(fk["fields"])
    ref = fk["reference"]
    ref_fields = tuple([ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"])
    lookup = _lookup(ref["resource"], ref_fields, folder, resources, keys)
    key, none = _key(typed, fields)
    at = _first(~key.isin(lookup).to_numpy() & ~none)
    if at is None:
        return []
    values = ", ".join(str(typed[f][at]) for f in fields)
    message = f'values "{values}" not found in the lookup table "{ref["resource"]}"'
    return [_Found(int(numbers[at]), rank, ", ".join(fields), message)]


def _lookup(name: str, fields: tuple[str, ...], folder: Path, resources: dict, keys: dict) -> set[str]:
    """Return the keys of a referenced table, as _key writes them (rows whose key cells are all empty left out)."""
    from frictionless import Schema

    if (name, fields) not in keys:
        res = resources[name]
        schema = Schema.from_descriptor(res["schema"])
        table, _, _ = _read(folder / res["path"], res["path"], schema)
        cols = {}
        for f in fields:
            read = schema.get_field(f).create_cell_reader()
            cache: dict = {}
            cols[f] = [
                cache[v] if v in cache else cache.setdefault(v, read(v)[0])
                for v in table.column(f).to_pylist()
            ]
        key, none = _key(cols, list(fields))
        keys[(name, fields)] = set(key[~none])
    return keys[(name, fields)]
