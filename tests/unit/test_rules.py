"""The curation rules flag exactly the rows that break them, with row and field, on text and typed input."""

from __future__ import annotations

import pandas as pd
import pytest

from components import rules


def ranges(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["low", "high", "qualifier"])


def found(problems) -> list[tuple[int, str]]:
    return [(p.row, p.field) for p in problems]


GOOD = [
    (30, 166, "range"),
    (88, None, "at_least"),
    (1000, 1000, "about"),
    (None, 250000, "up_to"),
    (None, None, None),
    (5, 5, "exact"),
    (10, None, "order_of_magnitude"),
    (10, 20, "order_of_magnitude"),
]
BAD = [
    ((None, None, "about"), "qualifier 'about' given but low and high are empty"),
    ((5, 7, None), "a figure is given but its qualifier is empty"),
    ((900, 1000, "about"), "needs low == high"),
    ((88, 100, "at_least"), "needs a low and no high"),
    ((None, None, "range"), "given but low and high are empty"),
    ((50, None, "range"), "needs low < high"),
    ((7, 7, "range"), "needs low < high"),
    ((5, None, "up_to"), "needs a high and no low"),
    ((None, 5, "order_of_magnitude"), "needs a low"),
]


def test_good_rows_pass_as_numbers_and_as_text():
    df = ranges(GOOD)
    assert rules.check_qualified_range("estimates", df, "low", "high", "qualifier") == []
    text = df.astype(object).map(
        lambda v: None if v is None or v != v else str(int(v)) if isinstance(v, float) else str(v)
    )
    assert rules.check_qualified_range("estimates", text, "low", "high", "qualifier") == []
    typed = df.astype({"low": "Float64", "high": "Float64", "qualifier": "string"})
    assert rules.check_qualified_range("estimates", typed, "low", "high", "qualifier") == []


@pytest.mark.parametrize("row, message", BAD)
def test_each_bad_row_is_named_with_its_row_and_field(row, message):
    df = ranges([*GOOD[:3], row, *GOOD[3:]])
    problems = rules.check_qualified_range("estimates", df, "low", "high", "qualifier")
    assert found(problems) == [(5, "qualifier")]  # header is row 1, so the fourth record is row 5
    assert message in problems[0].message and str(problems[0]).startswith("estimates.csv row 5")


def test_low_above_high_names_the_low_field_and_rows_come_in_order():
    df = ranges([(166, 30, "range"), (1, 2, "range"), (None, None, "about"), (3, 2, "range")])
    problems = rules.check_qualified_range("estimates", df, "low", "high", "qualifier")
    assert found(problems) == [(2, "low"), (2, "qualifier"), (4, "qualifier"), (5, "low"), (5, "qualifier")]
    assert problems[0].message == "low 166 is greater than high 30"


def test_blank_text_counts_as_empty_and_text_that_is_not_a_number_is_named():
    df = pd.DataFrame({"low": ["  ", "abc"], "high": ["", "5"], "qualifier": [" ", "range"]})
    problems = rules.check_qualified_range("estimates", df, "low", "high", "qualifier")
    assert found(problems) == [(3, "low"), (3, "qualifier")]
    assert "'abc' is not a number" in problems[0].message


def pow_rows(**overrides) -> pd.DataFrame:
    base = {
        "captured_low": 100,
        "captured_high": None,
        "died_low": 30,
        "died_high": None,
        "rate_low": 30.0,
        "rate_high": None,
        "note": None,
    }
    return pd.DataFrame([base, {**base, **overrides}])


def test_rates_agree_with_counts_within_tolerance():
    assert rules.check_rates(pow_rows(rate_low=30.4)) == []
    assert rules.check_rates(pow_rows(captured_high=120, rate_low=25.0, rate_high=30.0)) == []


def test_rate_that_disagrees_is_flagged_unless_a_note_explains():
    problems = rules.check_rates(pow_rows(rate_low=45.0))
    assert (
        found(problems) == [(3, "rate_low")]
        and "45–45% differs from died/captured 30.0–30.0%" in problems[0].message
    )
    assert rules.check_rates(pow_rows(rate_low=45.0, note="the rate counts a different population")) == []


def test_rate_without_counts_is_not_checked():
    assert rules.check_rates(pow_rows(captured_low=None, rate_low=99.0)) == []


def test_dates_that_do_not_parse_or_run_backwards():
    df = pd.DataFrame(
        {
            "date_start": ["1945-04-21", "1945-13-01", "1945-05-02"],
            "date_end": ["1945-04-23", "1945-12-31", "1945-05-01"],
        }
    )
    problems = rules.check_dates(df)
    assert found(problems) == [(3, "date_start"), (4, "date_end")]
    assert "'1945-13-01' does not parse" in problems[0].message
    assert problems[1].message == "end 1945-05-01 is before start 1945-05-02"
    typed = df.iloc[[0, 2]].apply(pd.to_datetime)
    assert found(rules.check_dates(typed)) == [(3, "date_end")]


def test_sea_rows_need_no_country_and_land_rows_need_one():
    df = pd.DataFrame(
        {
            "at_sea": [True, True, False, False, True],
            "country_code": [None, "DE", "PL", None, None],
            "location_precision": ["sea", "sea", "site", "site", "city"],
        }
    )
    assert found(rules.check_sea(df)) == [(3, "country_code"), (5, "country_code"), (6, "location_precision")]


def test_duplicate_incidents_by_name_or_by_perpetrator_date_and_place():
    df = pd.DataFrame(
        {
            "name": ["A", "B", "a ", "C"],
            "perpetrator": ["x", "y", "z", "y"],
            "date_start": ["1945-01-01", "1945-02-01", "1946-01-01", "1945-02-01"],
            "place": ["P", "Q", "R", "q"],
        }
    )
    assert found(rules.check_duplicate_incidents(df)) == [(4, "name"), (5, "place")]
