"""Speaker notes for the lesson deck: each figure's key numbers as ranges, with qualifiers and who gives them.

One function per main figure (keyed like components.slides.SLIDES), built from the same tables the
figures draw, and one sentence on how to read the figure. Pure: dataset and filters in, lines out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from components import compare as cmp
from components import how_sure, yearly
from components import pow_data as pwd
from components.data import Dataset
from components.filters import Filters, apply_filters
from components.format import fmt_range
from components.maps import SOLID_PRECISION, borders_year

TOP = 5  # rows of a ranking the notes name
HOW_TO_READ = {
    "overview": "Counts say how many incidents the four articles describe. They measure the articles' coverage, "
    "not the number of crimes or of victims.",
    "map": "A marker stands for an incident, not for a number of victims; its area follows the highest figure "
    "the articles give. Open markers are placed at the middle of a region or country, not at the site.",
    "timeline": "Each bar runs from an incident's first to its last date; a long bar is a long campaign, not a large "
    "one. Hatched bars have dates known only to the month, the year or approximately.",
    "yearly-deaths": "The band runs from the sum of the lowest to the sum of the highest figures. A wide band means "
    "the sources disagree; the band is no estimate of the true number.",
    "compare-deaths": "Each bar spans the sum of low figures to the sum of high figures for a perpetrator. The log "
    "scale makes small and large totals readable side by side; equal steps are tenfold steps.",
    "crime-matrix": "Each cell counts incidents; an incident with several crime types counts in each. The counts "
    "follow what the articles cover.",
    "how-sure": "Every figure is shown with who gives it. Where figures differ tenfold or more, quote the range and "
    "its sources, never one number alone.",
    "pow-matrix": "The cells are printed exactly as the article's summary table gives them. A dash means captor and "
    "captives fought on the same side; an empty cell means the table gives no figure, not zero.",
    "pow-pairs": "Each bar runs from the lowest to the highest estimate covering all prisoners of the pair. "
    "Differences come from denominators, periods and archives; read the pair's estimates before comparing.",
}


def _deaths(ds: Dataset) -> set[str]:
    return set(ds["metrics"].loc[ds["metrics"]["is_death"].astype(bool), "metric"])


def _who(ds: Dataset, incident_id: str) -> str:
    """Return an incident's total death figures with who gives each ('about 5,000 (the article, Soviet war crimes (Wikipedia))')."""
    e = how_sure.death_estimates(ds.estimates, _deaths(ds))
    e = e[e["incident_id"] == incident_id]
    return "; ".join(
        f"{fmt_range(r.low, r.high, r.qualifier, r.value_text)} ({r.attribution}, {r.source_short})"
        for r in e.itertuples()
    )


def _n(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _overview(ds: Dataset, f: Filters, labels: Mapping) -> list[str]:
    inc = apply_filters(ds.incidents, f)
    per = ds.labels("periods", "period")
    out = [f"{len(inc):,} incidents in the data for these filters, as described in the four articles."]
    counts = inc.groupby("perpetrator").size().sort_values(ascending=False).head(TOP)
    for p, n in counts.items():
        by = inc[inc["perpetrator"] == p].groupby("period").size()
        split = ", ".join(f"{per.get(k, k)} {v}" for k, v in by.items())
        out.append(f"{labels['perpetrators'].get(p, p)}: {_n(n, 'incident')} ({split}).")
    return out


def _largest(ds: Dataset, f: Filters, labels: Mapping) -> list[str]:
    inc = apply_filters(ds.incidents, f)
    top = inc.dropna(subset=["deaths_max"]).sort_values("deaths_max", ascending=False).head(3)
    return [
        f"{r.name} ({labels['perpetrators'].get(r.perpetrator, r.perpetrator)}, {r.dates_text}): deaths "
        f"{r.deaths_text} across the figures: {_who(ds, r.incident_id) or 'partial figures only'}."
        for r in top.itertuples()
    ]


def _map(
    ds: Dataset, f: Filters, labels: Mapping, year: int | None = None, historical: bool = False
) -> list[str]:
    inc = apply_filters(ds.incidents, f)
    if year is not None and len(inc) and year < int(inc["year_start"].max()):
        inc = inc[inc["year_start"] <= year]
        lead = f"{len(inc):,} incidents that began up to {year} on the map"
    else:
        lead = f"{len(inc):,} incidents on the map"
    placed = inc["location_precision"].isin(SOLID_PRECISION)
    sea = inc["location_precision"] == "sea"
    out = [
        f"{lead}: {int(placed.sum()):,} placed at a town or an exact site, "
        f"{int((~placed & ~sea).sum()):,} known only to a region or country, {int(sea.sum()):,} at sea."
    ]
    if historical and len(inc):
        drawn = borders_year(year if year is not None else int(inc["year_start"].max()))
        out.append(
            f"The map draws the borders of {drawn} (historical-basemaps): approximate, and many were "
            "disputed at the time."
        )
    where = inc.loc[~sea, "country_code"].map(lambda c: labels["countries"].get(c, c))
    top = where.value_counts().head(TOP)
    if len(top):
        out.append(
            "Most incidents, by present-day country: "
            + "; ".join(f"{c} {_n(int(n), 'incident')}" for c, n in top.items())
            + "."
        )
    return [*out, "The incidents with the highest figures:", *_largest(ds, f, labels)]


def _timeline(ds: Dataset, f: Filters, labels: Mapping) -> list[str]:
    inc = apply_filters(ds.incidents, f)
    rough = int((inc["date_precision"] != "day").sum())
    out = [
        f"{len(inc):,} incidents from {int(inc['year_start'].min())} to {int(inc['year_end'].max())}; "
        f"{rough} of them have dates known only to the month, the year or approximately."
    ]
    return [*out, "The incidents with the highest figures:", *_largest(ds, f, labels)]


def _yearly(ds: Dataset, f: Filters, labels: Mapping) -> list[str]:
    inc = apply_filters(ds.incidents, f)
    t = yearly.yearly_table(inc, f.year_min, f.year_max).groupby("year")[["deaths_low", "deaths_high"]].sum()
    t = t[t["deaths_high"] > 0].sort_values("deaths_high", ascending=False).head(3)
    out = ["Years with the highest sums (an incident's figures spread evenly over its years):"]
    out += [f"{y}: {fmt_range(r.deaths_low, r.deaths_high)} deaths." for y, r in t.iterrows()]
    return [*out, "Behind the largest sums:", *_largest(ds, f, labels)]


def _compare(ds: Dataset, f: Filters, labels: Mapping) -> list[str]:
    inc = apply_filters(ds.incidents, f)
    t = cmp.dimension_table(inc, "perpetrator", labels["perpetrators"])
    t = t[t["with_figure"] > 0].sort_values("deaths_high", ascending=False).head(TOP)
    out = ["Deaths by perpetrator, sum of low to sum of high figures:"]
    out += [
        f"{r.label}: {r.deaths} from {_n(r.with_figure, 'incident')} with a figure ({r.without_figure} without one)."
        for r in t.itertuples()
    ]
    return [*out, "The figures behind the largest totals:", *_largest(ds, f, labels)]


def _matrix(ds: Dataset, f: Filters, labels: Mapping) -> list[str]:
    inc = apply_filters(ds.incidents, f)
    m = cmp.crime_matrix(inc, labels["perpetrators"], labels["crime_types"])
    cells = m.stack().sort_values(ascending=False).head(TOP)
    return ["The largest cells:"] + [f"{p}, {c.lower()}: {n} incidents." for (c, p), n in cells.items() if n]


def _how_sure(ds: Dataset, f: Filters, labels: Mapping) -> list[str]:
    inc = apply_filters(ds.incidents, f)
    dis = how_sure.disagreements(ds.estimates, inc, _deaths(ds)).head(TOP)
    out = [
        f"Incidents whose death figures disagree most (of {len(how_sure.disagreements(ds.estimates, inc, _deaths(ds)))}):"
    ]
    out += [
        f"{r.name}: the highest figure is {r.ratio:,.{0 if r.ratio >= 10 else 1}f} times the lowest. "
        f"Figures: {_who(ds, r.incident_id)}."
        for r in dis.itertuples()
    ]
    return out


def _pow_matrix(ds: Dataset, f: Filters, labels: Mapping) -> list[str]:
    rows = pwd.with_rates(ds.pow)
    cells = pwd.summary_matrix(rows, ds["captive_groups"], ds["parties"])
    cells = cells[cells["kind"].isin(["figure", "word"])]
    out = [
        "Percent of prisoners killed, as printed in the summary table of 'Allied war crimes during World War II':"
    ]
    return out + [
        f"{r.row} as captor, captives from {r.column}: {r.label}{'%' if r.kind == 'figure' else ''}."
        for r in cells.itertuples()
    ]


def _rate_of(e) -> str:
    """Return one POW estimate's rate with who gives it; a rate computed from its counts says so."""
    stated = pwd.rate_text(e.rate_low, e.rate_high, e.rate_qualifier)
    if stated:
        return f"{stated} ({e.attribution}, {e.source_short})"
    return (
        f"{pwd.rate_text(e.calc_low, e.calc_high)} ({e.attribution}, computed here from the counts it gives)"
    )


def _pow_pairs(ds: Dataset, f: Filters, labels: Mapping) -> list[str]:
    rows = pwd.with_rates(ds.pow)
    names = pwd.pair_options(
        rows, ds.labels("parties", "party_id"), ds.labels("captive_groups", "captive_group_id")
    )
    pairs = [p for p in pwd.DEFAULT_PAIRS if p in names]
    out = ["Death rates, lowest to highest estimate covering all prisoners of the pair:"]
    for r in pwd.pair_ranges(rows, pairs, names).itertuples():
        whole = rows[(rows["pair"] == r.pair) & rows["has_rate"] & pwd.is_whole(rows)]
        who = "; ".join(_rate_of(e) for e in whole.itertuples())
        out.append(f"{r.label}: {r.range}. Estimates: {who or 'none covering all prisoners'}.")
    return out


NOTES: dict[str, Callable[[Dataset, Filters, Mapping], list[str]]] = {
    "overview": _overview,
    "map": _map,
    "timeline": _timeline,
    "yearly-deaths": _yearly,
    "compare-deaths": _compare,
    "crime-matrix": _matrix,
    "how-sure": _how_sure,
    "pow-matrix": _pow_matrix,
    "pow-pairs": _pow_pairs,
}


def notes(
    key: str,
    ds: Dataset,
    f: Filters,
    labels: Mapping,
    caption: str = "",
    map_year: int | None = None,
    historical: bool = False,
) -> str:
    """Return the speaker notes of one figure: what it shows, its key numbers, and how to read them.

    map_year, historical: the map slide's year and borders (see components.slides.MapView)."""
    if key == "map":
        body = _map(ds, f, labels, map_year, historical)
    else:
        body = NOTES[key](ds, f, labels) if key in NOTES else []
    head = [caption] if caption else []
    read = HOW_TO_READ.get(key, "")
    return "\n".join(
        [*head, "", "Key numbers:", *body, "", f"How to read it: {read}" if read else ""]
    ).strip()
