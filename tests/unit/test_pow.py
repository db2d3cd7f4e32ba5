"""POW builders: the matrix reproduces the article's summary table; intervals keep low and high; computed rates."""
import math

import pandas as pd
import pytest

from components import pow as pw
from components.theme import PARTY_COLOURS

# The 'Percent killed' summary table as printed in 'Allied war crimes during World War II'
# (captor row, captives column) -> printed cell; '–' cells and blank cells are listed separately.
PRINTED = {
    ("Soviet Union", "Germany"): "14.70–35.80",
    ("United Kingdom", "Germany"): "0.03",
    ("United States", "Germany"): "0.15",
    ("United States", "Japan"): "varying",
    ("France", "Germany"): "2.58",
    ("East European", "Germany"): "32.90",
    ("Germany", "Soviet Union"): "57.50",
    ("Germany", "United States and United Kingdom"): "4.00",
    ("Japan", "United States and United Kingdom"): "included in Western Allies (27)",
    ("Japan", "China"): "not documented",
    ("Japan", "Western Allies"): "27.00",
}
BLANK = {("Soviet Union", "Japan"), ("United Kingdom", "Japan"), ("France", "Japan"), ("East European", "Japan"),
         ("Germany", "China"), ("Germany", "Western Allies"), ("Japan", "Soviet Union")}


@pytest.fixture(scope="module")
def rows(ds):
    return pw.with_rates(ds.pow)


@pytest.fixture(scope="module")
def cells(ds, rows):
    return pw.summary_matrix(rows, ds["captive_groups"], ds["parties"]).set_index(["row", "column"])


def test_matrix_has_the_article_rows_and_columns_in_order(cells):
    assert list(dict.fromkeys(cells.index.get_level_values(0))) == list(pw.SUMMARY_ROWS.values())
    assert list(dict.fromkeys(cells.index.get_level_values(1))) == list(pw.SUMMARY_COLUMNS)


@pytest.mark.parametrize("cell, printed", PRINTED.items())
def test_matrix_cells_equal_the_printed_table(cells, cell, printed):
    assert cells.loc[cell, "label"] == printed


@pytest.mark.parametrize("cell", sorted(BLANK))
def test_blank_cells_stay_empty_never_zero(cells, cell):
    c = cells.loc[cell]
    assert c["label"] in ("", None) or c["kind"] == "blank"
    assert pd.isna(c["value"])


def test_dash_cells_are_marked_not_coloured(cells):
    dashes = cells[cells["kind"] == "same_side"]
    assert len(dashes) >= 20 and dashes["value"].isna().all()
    assert (dashes["label"] == pw.SAME_SIDE_MARK).all()


def test_matrix_figure_colours_only_figures(cells, ds, rows):
    fig = pw.matrix_figure(pw.summary_matrix(rows, ds["captive_groups"], ds["parties"]), source="S")
    z = [v for row in fig.data[0].z for v in row if v is not None]
    assert len(z) == sum(1 for v in PRINTED.values() if v[0].isdigit())
    assert 0 not in z  # nothing printed as a figure is zero; empty is None
    assert fig.layout.meta["source"] == "S" and fig.layout.meta["title"]
    mid = (14.7 + 35.8) / 2
    assert any(math.isclose(v, mid) for v in z)  # a range is coloured by its midpoint


@pytest.mark.parametrize("died, captured, expected", [
    ((474967, 474967), (2652672, 2652672), (17.905, 17.905)),
    ((200000, 300000), (560000, 900000), (22.22, 53.57)),
    ((None, None), (100, 100), (None, None)),
])
def test_computed_rate_is_a_range_when_counts_are(died, captured, expected):
    lo, hi = pw.computed_rate(*died, *captured)
    for got, want in ((lo, expected[0]), (hi, expected[1])):
        assert (got is None and want is None) or got == pytest.approx(want, abs=0.01)


def test_pair_estimates_keep_low_and_high(rows):
    with_rate, _ = pw.pair_estimates(rows, "soviet_union:germans")
    summary = with_rate[with_rate["pow_id"] == "summary-soviet-union-germans"].iloc[0]
    assert (summary["rate_low"], summary["rate_high"]) == (14.7, 35.8)
    fig = pw.estimates_figure(with_rate, title="T", source="S", colour=PARTY_COLOURS["soviet_union"])
    xs = [x for t in fig.data if t.mode == "lines" for x in t.x if x is not None]
    assert 14.7 in xs and 35.8 in xs


def test_pair_ranges_and_chart_cover_every_estimate(rows):
    labels = {"soviet_union:germans": "Germans held by the Soviet Union", "germany:soviets": "Soviets held by Germany"}
    r = pw.pair_ranges(rows, list(labels), labels).set_index("pair")
    assert r.loc["germany:soviets", "min_rate"] <= 57.5 <= r.loc["germany:soviets", "max_rate"]
    assert r.loc["soviet_union:germans", "min_rate"] <= 14.7 and r.loc["soviet_union:germans", "max_rate"] >= 35.8
    fig = pw.pairs_figure(rows, r.reset_index(), source="S")
    assert fig.layout.meta["source"] == "S"


def test_counts_rows_have_both_counts(rows):
    c = pw.counts_rows(rows, {})
    assert len(c) >= 5
    assert (c["captured_low"].notna() | c["captured_high"].notna()).all()
    assert (c["died_low"].notna() | c["died_high"].notna()).all()


@pytest.mark.parametrize("raw, pair, noticed", [
    (None, pw.DEFAULT_PAIR, False),
    ("germany:soviets", "germany:soviets", False),
    ("narnia:elves", pw.DEFAULT_PAIR, True),
    ("<script>", pw.DEFAULT_PAIR, True),
])
def test_parse_pair(rows, raw, pair, noticed):
    valid = set(rows["pair"])
    got, notice = pw.parse_pair(raw, valid, pw.DEFAULT_PAIR)
    assert got == pair and bool(notice) == noticed


def test_empty_input_gives_empty_outputs(ds):
    empty = pw.with_rates(ds.pow.iloc[0:0])
    assert pw.pair_ranges(empty, ["soviet_union:germans"], {}).iloc[0]["estimates"] == 0
    assert pw.counts_rows(empty, {}).empty
