"""POW builders: the matrix reproduces the article's summary table; intervals keep low and high; computed rates."""

import math

import pandas as pd
import pytest

from components import pow_data as pwd
from components import pow_figures as pwf
from components import pow_pairs as pairs
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
BLANK = {
    ("Soviet Union", "Japan"),
    ("United Kingdom", "Japan"),
    ("France", "Japan"),
    ("East European", "Japan"),
    ("Germany", "China"),
    ("Germany", "Western Allies"),
    ("Japan", "Soviet Union"),
}


@pytest.fixture(scope="module")
def rows(ds):
    return pwd.with_rates(ds.pow)


@pytest.fixture(scope="module")
def cells(ds, rows):
    return pwd.summary_matrix(rows, ds["captive_groups"], ds["parties"]).set_index(["row", "column"])


def test_matrix_has_the_article_rows_and_columns_in_order(cells):
    assert list(dict.fromkeys(cells.index.get_level_values(0))) == list(pwd.SUMMARY_ROWS.values())
    assert list(dict.fromkeys(cells.index.get_level_values(1))) == list(pwd.SUMMARY_COLUMNS)


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
    assert (dashes["label"] == pwd.SAME_SIDE_MARK).all()


def test_matrix_figure_colours_only_figures(cells, ds, rows):
    fig = pwf.matrix_figure(pwd.summary_matrix(rows, ds["captive_groups"], ds["parties"]), source="S")
    z = [v for row in fig.data[0].z for v in row if v is not None]
    assert len(z) == sum(1 for v in PRINTED.values() if v[0].isdigit())
    assert 0 not in z  # nothing printed as a figure is zero; empty is None
    assert fig.layout.meta["source"] == "S" and fig.layout.meta["title"]
    mid = (14.7 + 35.8) / 2
    assert any(math.isclose(v, mid) for v in z)  # a range is coloured by its midpoint


@pytest.mark.parametrize(
    "died, captured, expected",
    [
        ((474967, 474967), (2652672, 2652672), (17.905, 17.905)),
        ((200000, 300000), (560000, 900000), (22.22, 53.57)),
        ((None, None), (100, 100), (None, None)),
    ],
)
def test_computed_rate_is_a_range_when_counts_are(died, captured, expected):
    lo, hi = pwd.computed_rate(*died, *captured)
    for got, want in ((lo, expected[0]), (hi, expected[1])):
        assert (got is None and want is None) or got == pytest.approx(want, abs=0.01)


def test_pair_estimates_keep_low_and_high(rows):
    with_rate, _ = pwd.pair_estimates(rows, "soviet_union:germans")
    summary = with_rate[with_rate["pow_id"] == "summary-soviet-union-germans"].iloc[0]
    assert (summary["rate_low"], summary["rate_high"]) == (14.7, 35.8)
    fig = pwf.estimates_figure(with_rate, title="T", source="S", colour=PARTY_COLOURS["soviet_union"])
    xs = [x for t in fig.data if t.mode == "lines" for x in t.x if x is not None]
    assert 14.7 in xs and 35.8 in xs


def test_pair_ranges_and_chart_cover_every_estimate(rows):
    labels = {
        "soviet_union:germans": "Germans held by the Soviet Union",
        "germany:soviets": "Soviets held by Germany",
    }
    r = pwd.pair_ranges(rows, list(labels), labels).set_index("pair")
    assert r.loc["germany:soviets", "min_rate"] <= 57.5 <= r.loc["germany:soviets", "max_rate"]
    assert (
        r.loc["soviet_union:germans", "min_rate"] <= 14.7
        and r.loc["soviet_union:germans", "max_rate"] >= 35.8
    )
    fig = pairs.pairs_figure(rows, r.reset_index(), source="S")
    assert fig.layout.meta["source"] == "S"


def test_counts_rows_have_both_counts(rows):
    c = pwd.counts_rows(rows, {})
    assert len(c) >= 5
    assert (c["captured_low"].notna() | c["captured_high"].notna()).all()
    assert (c["died_low"].notna() | c["died_high"].notna()).all()


def test_empty_input_gives_empty_outputs(ds):
    empty = pwd.with_rates(ds.pow.iloc[0:0])
    assert pwd.pair_ranges(empty, ["soviet_union:germans"], {}).iloc[0]["estimates"] == 0
    assert pwd.counts_rows(empty, {}).empty


# ---------------------------------------------------------------- scope types: the pair ranges span whole-scope rows only


def _scope_enum(ds):
    res = next(r for r in ds.descriptor["resources"] if r["name"] == "pow_mortality")
    field = next(f for f in res["schema"]["fields"] if f["name"] == "scope_type")
    return field["constraints"]["enum"]


def test_scope_types_are_from_the_enum(ds):
    assert pwd.WHOLE in _scope_enum(ds)
    assert ds.pow["scope_type"].notna().all()
    assert set(ds.pow["scope_type"]) <= set(_scope_enum(ds))
    assert ds.pow["scope_type_text"].notna().all()  # every row's scope type explained, from the package


def test_every_summary_table_row_is_whole(ds):
    table = ds.pow[ds.pow["summary_table"].fillna(False).astype(bool)]
    assert len(table) >= 10
    assert (table["scope_type"] == pwd.WHOLE).all(), table.loc[
        table["scope_type"] != pwd.WHOLE, "pow_id"
    ].tolist()


@pytest.mark.parametrize(
    "pow_id, scope_type",
    [
        ("omaha-beach-germans", "episode"),
        ("norway-mine-clearing-germans", "episode"),
        ("katyn-officers-001-lead", "episode"),
        ("winter-1941-42-wp", "period"),
        ("after-surrender-germans-allies", "period"),
        ("polish-officers-97-001", "subgroup"),
        ("yukhonovo-camp-001", "subgroup"),
        ("order-270-executions-001", "subgroup"),
        ("soviet-sources-germans-wp", "whole"),
        ("overmans-germans-wp", "whole"),
        ("edele-germans-001", "whole"),
    ],
)
def test_scope_type_of_landmark_rows(ds, pow_id, scope_type):
    assert ds.pow.set_index("pow_id").loc[pow_id, "scope_type"] == scope_type


def test_us_holding_germans_bar_no_longer_reaches_omaha_beach(rows):
    omaha = rows.set_index("pow_id").loc["omaha-beach-germans"]
    assert omaha["calc_low"] > 40  # 64 of 130: about 49%, one episode
    r = pwd.pair_ranges(rows, ["united_states:germans"], {}).iloc[0]
    assert r["max_rate"] < 1 < omaha["calc_low"]  # the bar is the 0.15% of the list and table
    assert (r["whole"], r["narrower"], r["estimates"]) == (2, 1, 3)
    fig = pairs.pairs_figure(rows, pwd.pair_ranges(rows, ["united_states:germans"], {}), source="S")
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 1 and bars[0].base[0] + bars[0].x[0] < omaha["calc_low"]
    solid = [x for t in fig.data if t.type == "scatter" and t.name == "whole scope" for x in t.x]
    hollow = [t for t in fig.data if t.type == "scatter" and t.name == "narrower scope"]
    assert omaha["calc_low"] not in solid
    assert len(hollow) == 1 and any(math.isclose(x, omaha["calc_low"]) for x in hollow[0].x)
    assert "episode" in hollow[0].hovertext[0] and "not in the bar" in hollow[0].hovertext[0]
    assert hollow[0].marker.symbol.endswith("-open")


def test_narrower_scope_has_a_legend_entry(rows):
    fig = pairs.pairs_figure(rows, pwd.pair_ranges(rows, ["united_states:germans"], {}), source="S")
    names = [t.name for t in fig.data if t.showlegend is not False]
    assert pwf.NARROWER_LEGEND in names and "period, subgroup or episode" in pwf.NARROWER_LEGEND


def test_pair_without_whole_rows_shows_only_hollow_ticks(rows):
    pid = "soviet_union:baltic"
    assert not pwd.is_whole(rows[(rows["pair"] == pid) & rows["has_rate"]]).any()
    r = pwd.pair_ranges(rows, [pid], {}).iloc[0]
    assert pd.isna(r["min_rate"]) and pd.isna(r["max_rate"]) and r["whole"] == 0 and r["narrower"] >= 1
    assert "no whole-scope rate" in r["range"]
    fig = pairs.pairs_figure(rows, pwd.pair_ranges(rows, [pid], {}), source="S")
    assert not [t for t in fig.data if t.type == "bar"]
    assert not [t for t in fig.data if t.name == "whole scope"]
    assert [t for t in fig.data if t.name == "narrower scope"]
    assert any("no whole-scope rate" in (a.text or "") for a in fig.layout.annotations)


def test_every_whole_rate_is_inside_its_pair_bar(rows):
    pairs = sorted(set(rows["pair"]))
    ranges = pwd.pair_ranges(rows, pairs, {}).set_index("pair")
    whole = rows[rows["has_rate"] & pwd.is_whole(rows)]
    for _, e in whole.iterrows():
        r = ranges.loc[e["pair"]]
        assert r["min_rate"] - 1e-9 <= e["span_low"] and e["span_high"] <= r["max_rate"] + 1e-9, e["pow_id"]


def test_estimates_chart_hover_gives_scope_type_and_no_zeroline(rows):
    with_rate, _ = pwd.pair_estimates(rows, "united_states:germans")
    fig = pwf.estimates_figure(with_rate, title="T", source="S", colour="#333333")
    hovers = [h for t in fig.data if t.mode == "markers+text" for h in t.hovertext]
    assert hovers and all("Scope type: " in h for h in hovers)
    assert any("Scope type: episode" in h for h in hovers)
    assert fig.layout.yaxis.zeroline is False
