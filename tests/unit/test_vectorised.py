"""The vectorised helpers give exactly what the row-by-row versions gave, at any size."""

import pandas as pd

from components.data import join_per
from components.format import fmt_dates, fmt_each, fmt_range
from components.tables import capped


def test_fmt_each_matches_the_formatter_row_by_row_including_missing_values():
    low = pd.array([30, None, 1000, 30, None, 88], dtype="Float64")
    high = pd.array([166, 250000, 1000, 166, None, None], dtype="Float64")
    qual = pd.array([None, "up_to", "about", None, None, "at_least"], dtype="string")
    got = list(fmt_each(fmt_range, pd.Series(low), pd.Series(high), pd.Series(qual)))
    assert got == [fmt_range(a, b, q) for a, b, q in zip(low, high, qual)]
    assert got == ["30–166", "up to 250,000", "about 1,000", "30–166", "no figure", "at least 88"]


def test_fmt_each_ignores_the_index_and_keeps_row_order():
    s = pd.Series(pd.to_datetime(["1945-04-21", "1918-03-01", "1945-04-21"]), index=[10, 3, 7])
    e = pd.Series(pd.to_datetime(["1945-04-23", "1918-03-31", "1945-04-21"]), index=[10, 3, 7])
    p = pd.Series(["day", "month", "day"], index=[10, 3, 7])
    assert list(fmt_each(fmt_dates, s, e, p)) == ["21–23 Apr 1945", "Mar 1918", "21 Apr 1945"]


def test_join_per_joins_in_row_order_per_key():
    df = pd.DataFrame({"k": ["b", "a", "b", "c", "b", "a"], "v": ["1", "2", "3", "4", "5", "6"]})
    out = join_per(df, "k", "v")
    assert out.to_dict() == {"a": "2; 6", "b": "1; 3; 5", "c": "4"}


def test_capped_by_a_column_sorts_only_what_it_keeps_missing_last():
    df = pd.DataFrame({"d": [3.0, None, 1.0, 2.0, 5.0]}, index=[9, 8, 7, 6, 5])
    shown, left = capped(df, 3, by="d")
    assert shown["d"].tolist() == [1.0, 2.0, 3.0] and left == 2
    shown, left = capped(df, 3, by="d", ascending=False)
    assert shown["d"].tolist() == [5.0, 3.0, 2.0] and list(shown.index) == [5, 9, 6]
    shown, left = capped(df, 10, by="d")
    assert len(shown) == 5 and pd.isna(shown["d"].iloc[-1]) and left == 0
