"""One way to format numbers, ranges, rates and dates."""

import pandas as pd
import pytest

from components.format import fmt_count, fmt_dates, fmt_range, fmt_rate


@pytest.mark.parametrize(
    "low, high, q, text, expected",
    [
        (30, 166, "range", None, "30–166"),
        (88, None, "at_least", None, "at least 88"),
        (1000, None, "over", None, "over 1,000"),
        (None, 250000, "up_to", None, "up to 250,000"),
        (None, 300, "under", None, "fewer than 300"),
        (1000, 1000, "about", None, "about 1,000"),
        (22000, 22000, "nearly", None, "nearly 22,000"),
        (9, 9, "exact", None, "9"),
        (10000, None, "order_of_magnitude", "tens of thousands", "tens of thousands"),
        (30, 1000, None, None, "30–1,000"),  # a headline range without a qualifier
        (88, None, None, None, "at least 88"),
        (None, 250000, None, None, "up to 250,000"),
        (None, None, None, None, "no figure"),
        (pd.NA, pd.NA, pd.NA, None, "no figure"),
        (1400000, 1400000, "exact", None, "1,400,000"),
    ],
)
def test_fmt_range(low, high, q, text, expected):
    assert fmt_range(low, high, q, text) == expected


@pytest.mark.parametrize(
    "low, high, q, expected",
    [
        (14.7, 35.8, "range", "14.7–35.8%"),
        (0.03, 0.03, "exact", "0.03%"),
        (33.3, 33.3, "about", "about 33.3%"),
        (50, None, "over", "over 50%"),
        (None, None, None, ""),
    ],
)
def test_fmt_rate(low, high, q, expected):
    assert fmt_rate(low, high, q) == expected


@pytest.mark.parametrize(
    "start, end, precision, expected",
    [
        ("1945-04-21", "1945-04-21", "day", "21 Apr 1945"),
        ("1945-04-21", "1945-04-25", "day", "21–25 Apr 1945"),
        ("1945-04-21", "1945-05-01", "day", "21 Apr 1945 – 1 May 1945"),
        ("1918-03-01", "1918-03-31", "month", "Mar 1918"),
        ("1940-04-01", "1940-05-31", "month", "Apr–May 1940"),
        ("1918-01-01", "1920-12-31", "year", "1918–1920"),
        ("1934-01-01", "1934-12-31", "year", "1934"),
        ("1945-04-21", "1945-05-01", "approximate", "c. Apr–May 1945"),
    ],
)
def test_fmt_dates(start, end, precision, expected):
    assert fmt_dates(start, end, precision) == expected


def test_fmt_count():
    assert fmt_count(42, 180) == "42 of 180 incidents"
