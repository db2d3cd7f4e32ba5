"""A broken data package raises one DataError naming file, row and field; the app shows it without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.data import DataError, load_dataset


def edit_csv(folder: Path, table: str, fn) -> None:
    p = folder / f"{table}.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    p.write_text("\n".join(fn(lines)) + "\n", encoding="utf-8")


def set_cell(folder: Path, table: str, row: int, field: str, value: str) -> None:
    """Set one cell (row 2 = first data row) through the csv module so quoting stays valid."""
    import csv
    import io

    p = folder / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
    rows[row - 1][rows[0].index(field)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")


def drop_column(folder: Path, table: str, field: str) -> None:
    import pandas as pd

    p = folder / f"{table}.csv"
    df = pd.read_csv(p, dtype=str, keep_default_na=False)
    df.drop(columns=[field]).to_csv(p, index=False)


CORRUPTIONS = {
    "missing column": (lambda d: drop_column(d, "estimates", "qualifier"), "estimates.csv", None, None),
    "wrong type": (lambda d: set_cell(d, "estimates", 2, "low", "many"), "estimates.csv", 2, "low"),
    "unknown perpetrator": (
        lambda d: set_cell(d, "incidents", 2, "perpetrator", "narnia"),
        "incidents.csv",
        2,
        "perpetrator",
    ),
    "low above high": (
        lambda d: (
            set_cell(d, "estimates", 2, "low", "500"),
            set_cell(d, "estimates", 2, "high", "100"),
            set_cell(d, "estimates", 2, "qualifier", "range"),
        ),
        "estimates.csv",
        2,
        "low",
    ),
    "rate 140": (
        lambda d: set_cell(d, "pow_mortality", 2, "rate_high", "140"),
        "pow_mortality.csv",
        2,
        "rate_high",
    ),
    "latitude 123": (lambda d: set_cell(d, "incidents", 2, "lat", "123"), "incidents.csv", 2, "lat"),
    "broken foreign key": (
        lambda d: set_cell(d, "estimates", 2, "incident_id", "no-such-incident"),
        "estimates.csv",
        2,
        "incident_id",
    ),
    "duplicate id": (
        lambda d: edit_csv(d, "incidents", lambda ls: [*ls, ls[1]]),
        "incidents.csv",
        None,
        "incident_id",
    ),
    "empty file": (lambda d: (d / "estimates.csv").write_text(""), "estimates.csv", None, None),
    "invalid utf-8": (
        lambda d: (d / "incidents.csv").write_bytes((d / "incidents.csv").read_bytes() + b"\xff\xfe\n"),
        "incidents.csv",
        None,
        None,
    ),
    "truncated row": (
        lambda d: edit_csv(d, "estimates", lambda ls: [*ls[:-1], ls[-1][: len(ls[-1]) // 3]]),
        "estimates.csv",
        None,
        None,
    ),
    "missing datapackage.json": (lambda d: (d / "datapackage.json").unlink(), "datapackage.json", None, None),
    "malformed datapackage.json": (
        lambda d: (d / "datapackage.json").write_text("{not json"),
        "datapackage.json",
        None,
        None,
    ),
    "bad date": (
        lambda d: set_cell(d, "incidents", 2, "date_start", "1945-13-45"),
        "incidents.csv",
        2,
        "date_start",
    ),
    "end before start": (
        lambda d: set_cell(d, "incidents", 2, "date_start", "1950-01-01"),
        "incidents.csv",
        2,
        "date_end",
    ),
}


@pytest.mark.parametrize("split", [False, True], ids=["frictionless", "by column"])
@pytest.mark.parametrize("name", CORRUPTIONS)
def test_corruption_raises_data_error_naming_file_row_field(name, split, data_copy, monkeypatch):
    import components.data as data

    # Large packages are checked by column (components.table_check); both ways must find the same problem.
    monkeypatch.setattr(data, "SPLIT_VALIDATION_BYTES", 0 if split else 10**12)
    corrupt, file, row, field = CORRUPTIONS[name]
    corrupt(data_copy)
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    err = info.value
    assert err.file == file, str(err)
    if row is not None:
        assert err.row == row, str(err)
    if field is not None:
        assert err.field == field, str(err)
    assert file in str(err)


def test_valid_copy_loads(data_copy):
    assert len(load_dataset(data_copy).incidents) > 0


@pytest.mark.parametrize("name", ["unknown perpetrator", "missing datapackage.json", "invalid utf-8"])
def test_app_shows_one_clear_error_without_traceback(name, data_copy, monkeypatch, app):
    from components import ui

    CORRUPTIONS[name][0](data_copy)
    monkeypatch.setenv("WARCRIMES_DATA_DIR", str(data_copy))
    ui.dataset.clear()
    try:
        at = app()
    finally:
        ui.dataset.clear()
    assert not at.exception
    assert len(at.error) == 1
    assert CORRUPTIONS[name][1] in at.error[0].value


def test_a_validated_package_is_not_validated_again_until_a_byte_changes(data_copy, monkeypatch, tmp_path):
    import components.data as data

    monkeypatch.setenv(data.CACHE_DIR_ENV, str(tmp_path / "cache"))
    load_dataset(data_copy)  # validated in full, fingerprint kept
    calls = []
    monkeypatch.setattr(data, "validate_package", lambda *a, **k: calls.append(a))
    load_dataset(data_copy)
    assert calls == []  # same bytes: frictionless is not run again
    set_cell(data_copy, "incidents", 2, "perpetrator", "narnia")
    monkeypatch.undo()
    monkeypatch.setenv(data.CACHE_DIR_ENV, str(tmp_path / "cache"))
    with pytest.raises(DataError) as info:  # one byte changed: validated again, and the problem found
        load_dataset(data_copy)
    assert info.value.file == "incidents.csv" and info.value.field == "perpetrator"


def test_an_unusable_cache_only_means_validating_every_time(data_copy, monkeypatch, tmp_path):
    import components.data as data

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(data.CACHE_DIR_ENV, str(blocker))  # a file where the folder should be
    assert len(load_dataset(data_copy).incidents) > 0
    assert data.validated_fingerprints() == set()


def test_a_large_package_s_tables_are_kept_for_the_same_bytes_and_code(data_copy, monkeypatch, tmp_path):
    """Above DERIVED_CACHE_BYTES a later start reads the tables it made; new bytes or new code derive again."""
    import pandas as pd

    import components.data as data
    from components import derived_cache

    cache = tmp_path / "cache"
    monkeypatch.setenv(data.CACHE_DIR_ENV, str(cache))
    monkeypatch.setattr(data, "DERIVED_CACHE_BYTES", 0)
    first = load_dataset(data_copy)
    (kept,) = cache.glob("derived-*.pickle")

    def derived_again(tables):
        raise AssertionError("derived again")

    real_derive = data.derive
    monkeypatch.setattr(data, "derive", derived_again)
    again = load_dataset(data_copy)  # same bytes, same code: read back, not derived
    assert list(first.tables) == list(again.tables)
    for name, df in first.tables.items():
        pd.testing.assert_frame_equal(df, again.tables[name])
    with monkeypatch.context() as m:  # another version of the loader's code
        m.setattr(derived_cache, "code_hash", lambda: "another version")
        with pytest.raises(AssertionError, match="derived again"):
            load_dataset(data_copy)
    kept.write_bytes(b"not a pickle")  # a damaged file only means deriving again
    with pytest.raises(AssertionError, match="derived again"):
        load_dataset(data_copy)
    monkeypatch.setattr(data, "derive", real_derive)
    set_cell(data_copy, "incidents", 2, "perpetrator", "narnia")  # new bytes: validated again
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert info.value.field == "perpetrator"


def test_a_small_package_is_derived_on_every_load(data_copy, monkeypatch, tmp_path):
    import components.data as data

    monkeypatch.setenv(data.CACHE_DIR_ENV, str(tmp_path / "cache"))
    load_dataset(data_copy)
    load_dataset(data_copy)
    assert not list((tmp_path / "cache").glob("derived-*"))
