"""Page-level URL parameters: first value, yes/no, one of a set, a list of choices (hand-written cases)."""

from __future__ import annotations

import pytest

from components import params


@pytest.mark.parametrize(
    "raw, expected",
    [(None, ""), ("a", "a"), (["b", "c"], "b"), ([], ""), (("x",), "x"), (3, "3")],
)
def test_first(raw, expected):
    assert params.first(raw) == expected


@pytest.mark.parametrize(
    "raw, expected, noticed",
    [
        (None, False, False),
        ("", False, False),
        ("1", True, False),
        ("yes", True, False),
        (" ON ", True, False),
        ("0", False, False),
        ("off", False, False),
        (["true", "0"], True, False),
        ("maybe", False, True),
        ("<b>", False, True),
    ],
)
def test_yes_no(raw, expected, noticed):
    value, notice = params.yes_no(raw, "log")
    assert value == expected and bool(notice) == noticed


@pytest.mark.parametrize(
    "raw, expected, noticed",
    [
        (None, "perpetrator", False),
        ("crime_type", "crime_type", False),
        (["period", "victims"], "period", False),
        ("narnia", "perpetrator", True),
        ("  ", "perpetrator", False),
    ],
)
def test_one_of(raw, expected, noticed):
    value, notice = params.one_of(
        raw, ["perpetrator", "crime_type", "period", "victims"], "perpetrator", "view"
    )
    assert value == expected and bool(notice) == noticed


@pytest.mark.parametrize(
    "raw, expected, noticed",
    [
        (None, ["a:b"], False),
        ("c:d,a:b", ["c:d", "a:b"], False),
        ("c:d,,c:d", ["c:d"], False),
        ("c:d,narnia", ["c:d"], True),
        ("narnia", ["a:b"], True),  # nothing usable: the default, with a notice
        ("a:b,c:d,e:f", ["a:b", "c:d"], True),  # at most two
    ],
)
def test_list_of(raw, expected, noticed):
    value, notice = params.list_of(raw, ["a:b", "c:d", "e:f"], ["a:b"], "pairs", most=2)
    assert value == expected and bool(notice) == noticed


@pytest.mark.parametrize(
    "value, missing",
    [
        (None, True),
        (float("nan"), True),
        ("", True),
        ("<NA>", True),
        ("None", True),
        ("x", False),
        (0, False),
    ],
)
def test_is_missing(value, missing):
    import pandas as pd

    assert params.is_missing(value) is missing
    assert params.is_missing(pd.NA) is True


def test_short_is_printable_and_bounded():
    assert params.short("a\x00b") == "a?b"
    assert params.short("x" * 50) == "x" * 29 + "…"


@pytest.mark.parametrize(
    "raw, expected, noticed",
    [
        (None, None, False),
        ("", None, False),
        ("1941", 1941, False),
        (["1938", "1950"], 1938, False),  # a repeated key: the first value
        ("1899", None, True),  # out of range
        ("19a1", None, True),
        ("-1941", None, True),
        ("١٩٤١", None, True),  # digits of another script are not a year here
        ("1e3", None, True),
    ],
)
def test_whole_number(raw, expected, noticed):
    value, notice = params.whole_number(raw, "year", 1900, 2000)
    assert value == expected and bool(notice) == noticed
