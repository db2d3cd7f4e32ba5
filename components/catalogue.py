"""One function per main figure, used by its page, by presentation mode, by the slide kit and the deck.

Each takes a `View` (the dataset, the filters, the incidents they keep and the labels) and the page's
own options, and returns a plotly figure, or None when there is nothing to draw. A figure fixed here
is fixed everywhere it appears.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from components import compare as cmp
from components import figures, maps, tables
from components import how_sure as sure
from components import map_picture as mapfig
from components import pow_data as pwd
from components import pow_figures as pwf
from components import pow_pairs as pwp
from components import timeline as tl
from components import yearly as yr
from components.data import Dataset
from components.derive import death_metrics
from components.filters import Filters, apply_filters, describe
from components.labels import filter_labels, revision_labels, source_cites, source_short
from components.theme import party_colour

KEEP_FILTERED = 64  # filter states whose incidents are kept per process (the most recently used)
KEEP_ROWS = 2_000  # only selections up to this many rows are kept: at 1000x the data one can be 100s of MB
_FILTERED: OrderedDict[tuple, tuple[Dataset, pd.DataFrame]] = OrderedDict()
_FILTERED_LOCK = threading.Lock()


def filtered(ds: Dataset, f: Filters) -> pd.DataFrame:
    """Return the incidents the filters keep, the same frame for the same state while it is kept.

    Every run of a filtered page starts from them: taking the rows (45 columns) was about 5 % of the
    server's time under load. Read-only, like everything a View holds.
    """
    key = (id(ds), f)
    with _FILTERED_LOCK:
        held = _FILTERED.get(key)
        if held is not None and held[0] is ds:
            _FILTERED.move_to_end(key)
            return held[1]
    out = apply_filters(ds.incidents, f)
    if out is not ds.incidents and len(out) <= KEEP_ROWS:
        with _FILTERED_LOCK:
            _FILTERED[key] = (ds, out)
            while len(_FILTERED) > KEEP_FILTERED:
                _FILTERED.popitem(last=False)
    return out


@dataclass(frozen=True)
class View:
    """What every figure of a filtered page is built from."""

    ds: Dataset
    filters: Filters

    @cached_property
    def inc(self) -> pd.DataFrame:
        return filtered(self.ds, self.filters)

    @cached_property
    def _tables(self) -> dict[tuple, pd.DataFrame]:
        return {}

    def table(self, key: tuple, build) -> pd.DataFrame:
        """Return build(), made once per View: a table that a page and several of its figures draw from."""
        if key not in self._tables:
            self._tables[key] = build()
        return self._tables[key]

    @cached_property
    def labels(self) -> dict[str, dict[str, str]]:
        return filter_labels(self.ds)

    @cached_property
    def subtitle(self) -> str:
        return describe(self.filters, self.labels)

    @cached_property
    def source(self) -> str:
        return self.source_of(self.inc["source_ids"])

    def source_of(self, source_ids) -> str:
        """Return the source line naming the articles of these rows."""
        return figures.source_line(source_ids, source_cites(self.ds))

    @cached_property
    def periods(self) -> pd.DataFrame:
        return self.ds["periods"].sort_values("start")

    def timeline_labels(self) -> dict[str, dict[str, str]]:
        return {
            "perpetrators": self.labels["perpetrators"],
            "regions": self.ds.labels("regions", "region"),
            "sources": source_short(self.ds),  # one short name per article; the titles of two coincide
        }


# ---------------------------------------------------------------- overview


def overview_counts(v: View) -> go.Figure | None:
    if v.inc.empty:
        return None
    return figures.counts_by_perpetrator_period(v.inc, v.ds, subtitle=v.subtitle)


# ---------------------------------------------------------------- map


def map_picture(v: View, up_to: int | None = None, borders: int | None = None) -> go.Figure | None:
    """The map as a picture (camera export, slides): the incidents that began up to `up_to` (all when None),
    on today's countries or (borders: the year shown) on the historical borders the map draws."""
    inc = v.inc if up_to is None else v.inc[v.inc["year_start"] <= up_to]
    if inc.empty:
        return None
    when = "" if up_to is None else f"; incidents that began up to {up_to}"
    drawn, left_out = tables.largest(inc, maps.MAX_POINTS)  # as on the page: the largest, said so
    shown = (
        f"{len(inc):,} on the map" if not left_out else f"the {len(drawn):,} largest of {len(inc):,} drawn"
    )
    return mapfig.map_figure(
        drawn,
        v.labels["perpetrators"],
        v.labels["countries"],
        subtitle=f"{v.subtitle}{when}: {shown}",
        source=v.source_of(drawn["source_ids"]),
        borders=borders,
    )


def map_at(v: View, year: int | None = None, historical: bool = False) -> go.Figure | None:
    """The map picture as the Map page shows it: the incidents that began up to `year` (every one when
    None or the last year), on the borders of that year when `historical`, else on today's."""
    if v.inc.empty:
        return None
    last = int(v.inc["year_start"].max())
    year = last if year is None else year
    return map_picture(v, None if year >= last else year, year if historical else None)


# ---------------------------------------------------------------- timeline


def timeline_bars(v: View, group: str = tl.DEFAULT_GROUP, zoom: str | None = None) -> go.Figure | None:
    if v.inc.empty:
        return None
    x_range = _x_range(v, zoom)
    bars, _ = tables.largest(v.inc, tl.MAX_BARS)
    frame = tl.timeline_frame(bars, group, v.timeline_labels(), x_range)
    return tl.timeline_figure(
        frame,
        v.periods,
        v.labels["perpetrators"],
        group=group,
        subtitle=v.subtitle,
        source=v.source,
        x_range=x_range,
    )


def _x_range(v: View, zoom: str | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The years the timeline charts show: the filter's years, narrowed to the zoomed period."""
    return tl.view_range(v.filters.year_min, v.filters.year_max, v.periods, zoom)


def yearly(v: View) -> pd.DataFrame:
    return v.table(("yearly",), lambda: yr.yearly_table(v.inc, v.filters.year_min, v.filters.year_max))


def _yearly(draw, v: View, zoom: str | None, **options) -> go.Figure | None:
    if v.inc.empty:
        return None
    return draw(
        yearly(v),
        v.periods,
        v.labels["perpetrators"],
        subtitle=v.subtitle,
        source=v.source,
        x_range=_x_range(v, zoom),
        **options,
    )


def yearly_counts(v: View, zoom: str | None = None) -> go.Figure | None:
    return _yearly(yr.yearly_counts_figure, v, zoom)


def yearly_deaths(v: View, zoom: str | None = None, log: bool = False) -> go.Figure | None:
    return _yearly(yr.yearly_deaths_figure, v, zoom, log=log)


# ---------------------------------------------------------------- compare


def dimension_labels(v: View, dim: str) -> dict[str, str]:
    if dim == "period":
        return v.ds.labels("periods", "period")
    attr = {"perpetrator": "perpetrators", "crime_type": "crime_types", "victims": "victim_categories"}[dim]
    return v.labels[attr]


def compare_table(v: View, dim: str) -> pd.DataFrame:
    """Return the table of the Compare page's two charts, in the order the charts draw it (top first)."""

    def build() -> pd.DataFrame:
        table = cmp.dimension_table(v.inc, dim, dimension_labels(v, dim))
        if dim == "period":
            order = cmp.category_order(dimension_labels(v, dim), dim, table["category"])
            table = table.set_index("category").loc[order].reset_index()
        return table

    return v.table(("compare", dim), build)


def compare_counts(v: View, dim: str = cmp.DEFAULT_DIMENSION) -> go.Figure | None:
    if v.inc.empty:
        return None
    order = compare_table(v, dim)["category"].tolist()[::-1]
    return cmp.counts_figure(
        v.inc,
        dim,
        dimension_labels(v, dim),
        v.labels["perpetrators"],
        subtitle=v.subtitle,
        source=v.source,
        order=order,
    )


def compare_deaths(v: View, dim: str = cmp.DEFAULT_DIMENSION, log: bool = True) -> go.Figure | None:
    if v.inc.empty:
        return None
    return cmp.deaths_range_figure(compare_table(v, dim), dim, subtitle=v.subtitle, source=v.source, log=log)


def crime_matrix_table(v: View) -> pd.DataFrame:
    return v.table(
        ("crime_matrix",), lambda: cmp.crime_matrix(v.inc, v.labels["perpetrators"], v.labels["crime_types"])
    )


def crime_matrix(v: View) -> go.Figure | None:
    if v.inc.empty:
        return None
    return cmp.matrix_figure(crime_matrix_table(v), subtitle=v.subtitle, source=v.source)


def _per_incident(v: View, name: str, build) -> pd.DataFrame:
    """Return the rows of the filtered incidents from a table built once per dataset over all incidents.

    For tables whose rows each depend on one incident alone, in an order that keeps under a subset
    (how_sure.disagreements, how_sure.revision_differences): a new filter state costs a lookup, not a build.
    """
    full = v.ds.memo(name, build)
    if v.inc is v.ds.incidents:
        return full
    return full[full["incident_id"].isin(v.inc["incident_id"])].reset_index(drop=True)


def disagreements(v: View) -> pd.DataFrame:
    return _per_incident(
        v, "disagreements", lambda ds: sure.disagreements(ds.estimates, ds.incidents, death_metrics(ds))
    )


def how_sure(v: View, n: int = sure.MAX_DISAGREEMENTS) -> go.Figure | None:
    dis = disagreements(v)
    if dis.empty:
        return None
    rows = sure.estimate_rows(v.ds.estimates, dis.head(n), death_metrics(v.ds))
    return sure.uncertainty_figure(rows, subtitle=v.subtitle, source=v.source_of(rows["source_id"]))


def revision_table(v: View) -> pd.DataFrame:
    return _per_incident(
        v, "revisions", lambda ds: sure.revision_differences(ds.estimates, ds.incidents, death_metrics(ds))
    )


def revisions(v: View) -> go.Figure | None:
    rev = revision_table(v)
    return (
        None if rev.empty else sure.revision_figure(rev, subtitle=v.subtitle, revisions=revision_labels(v.ds))
    )


# ---------------------------------------------------------------- prisoners of war (no incident filters)


def pow_rows(ds: Dataset) -> pd.DataFrame:
    return ds.memo("pow_rows", lambda d: pwd.with_rates(d.pow))


def pow_pair_labels(ds: Dataset) -> dict[str, str]:
    return ds.memo(
        "pow_pair_labels",
        lambda d: pwd.pair_options(
            pow_rows(d), d.labels("parties", "party_id"), d.labels("captive_groups", "captive_group_id")
        ),
    )


def pow_cells(ds: Dataset) -> pd.DataFrame:
    return ds.memo("pow_cells", lambda d: pwd.summary_matrix(pow_rows(d), d["captive_groups"], d["parties"]))


def pow_matrix(v: View) -> go.Figure:
    return pwf.matrix_figure(pow_cells(v.ds), source=v.source_of(["allied_wwii"]))


def pow_pair(v: View, pair: str = pwd.DEFAULT_PAIR) -> go.Figure | None:
    rows, labels = pow_rows(v.ds), pow_pair_labels(v.ds)
    with_rate, without = pwd.pair_estimates(rows, pair)
    if with_rate.empty:
        return None
    return pwf.estimates_figure(
        with_rate,
        title=labels[pair],
        source=v.source_of(rows.loc[rows["pair"] == pair, "source_id"]),
        colour=party_colour(pair.partition(":")[0]),
        n_without=len(without),
    )


def pow_ranges(v: View, pairs: Sequence[str]) -> pd.DataFrame:
    return pwd.pair_ranges(pow_rows(v.ds), list(pairs), pow_pair_labels(v.ds))


def pow_pairs(v: View, pairs: Sequence[str] = pwd.DEFAULT_PAIRS, log: bool = False) -> go.Figure | None:
    rows = pow_rows(v.ds)
    pairs = [p for p in pairs if p in pow_pair_labels(v.ds)]
    if not pairs:
        return None
    return pwp.pairs_figure(
        rows,
        pow_ranges(v, pairs),
        source=v.source_of(rows.loc[rows["pair"].isin(pairs), "source_id"]),
        log=log,
    )


def pow_count_rows(ds: Dataset) -> pd.DataFrame:
    return ds.memo("pow_count_rows", lambda d: pwd.counts_rows(pow_rows(d), pow_pair_labels(d)))


def pow_counts(v: View, mode: str = "grouped", log: bool = True) -> go.Figure | None:
    counts = pow_count_rows(v.ds)
    if counts.empty:
        return None
    return pwp.counts_figure(counts, source=v.source_of(counts["source_id"]), mode=mode, log=log)
