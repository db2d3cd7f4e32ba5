"""components.table_check (the column-at-a-time checks of large packages) answers as frictionless does.

frictionless is the reference: each case corrupts one cell of a copy of the real package (or adds or
removes a row), and both must report the same file and row, and the same field, or both accept it.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
from pathlib import Path

import pytest

from components.data import DataError, read_descriptor
from components.table_check import validate_tables

DATA = Path(__file__).resolve().parents[2] / "data"
NASTY = [
    "",
    "x",
    "-1",
    "1.5",
    "1e3",
    " 7",
    "+3",
    "007",
    "2020-02-30",
    "1945-05-08",
    "TRUE",
    "yes",
    "١٢",
    "NaN",
]


def frictionless_first(folder: Path) -> tuple[str, int | None, str | None] | None:
    """The first problem frictionless reports for the package in `folder` (its row-by-row pass)."""
    from frictionless import Package

    from components.data import _field_of

    desc = read_descriptor(folder)
    paths = {r["name"]: r["path"] for r in desc["resources"]}
    report = Package(desc, basepath=str(folder)).validate()
    for task in report.tasks:
        for err in task.errors:
            field = getattr(err, "field_name", None) or _field_of(err)
            return paths.get(task.name, task.name), getattr(err, "row_number", None), field or None
    return None


def columnar_first(folder: Path) -> tuple[str, int | None, str | None] | None:
    try:
        validate_tables(folder, read_descriptor(folder))
    except DataError as e:
        return e.file, e.row, e.field
    return None


def rows_of(folder: Path, table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((folder / f"{table}.csv").read_text(encoding="utf-8"))))


def write_rows(folder: Path, table: str, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (folder / f"{table}.csv").write_text(buf.getvalue(), encoding="utf-8")


def _cases() -> list[tuple[str, int, str, str]]:
    """(table, row index, field, value): one corrupted cell each, drawn once with a fixed seed."""
    rng = random.Random(20261202)
    desc = read_descriptor(DATA)
    out = []
    for res in desc["resources"]:
        name = res["name"]
        rows = rows_of(DATA, name)
        fields = [f["name"] for f in res["schema"]["fields"]]
        for _ in range(3):
            r = rng.randrange(1, len(rows))
            f = rng.choice(fields)
            v = rng.choice([*NASTY, rows[rng.randrange(1, len(rows))][fields.index(f)]])
            out.append((name, r, f, v))
    return out


def test_the_real_package_passes():
    assert frictionless_first(DATA) is None
    assert columnar_first(DATA) is None


@pytest.mark.parametrize("table, r, field, value", _cases())
def test_one_corrupted_cell_is_found_where_frictionless_finds_it(tmp_path, table, r, field, value):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("curation", "*.md", "basemap*"))
    rows = rows_of(folder, table)
    rows[r][rows[0].index(field)] = value
    write_rows(folder, table, rows)
    assert columnar_first(folder) == frictionless_first(folder)


ROW_EDITS = {
    "duplicate row": lambda rows: [*rows, rows[1]],
    "short row": lambda rows: [*rows[:2], rows[2][: len(rows[2]) // 2], *rows[3:]],
    "long row": lambda rows: [*rows[:2], [*rows[2], "extra"], *rows[3:]],
    "blank row": lambda rows: [*rows[:2], [""] * len(rows[0]), *rows[2:]],
    "an earlier bad cell wins over a later duplicate": lambda rows: [
        rows[0],
        [rows[1][0], "", *rows[1][2:]],
        *rows[2:],
        rows[3],
    ],
}


@pytest.mark.parametrize("table", ["incidents", "estimates", "source_sections"])
@pytest.mark.parametrize("edit", ROW_EDITS)
def test_row_problems_are_found_where_frictionless_finds_them(tmp_path, table, edit):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("curation", "*.md", "basemap*"))
    write_rows(folder, table, ROW_EDITS[edit](rows_of(folder, table)))
    found = columnar_first(folder)
    assert found is not None
    assert found == frictionless_first(folder)
