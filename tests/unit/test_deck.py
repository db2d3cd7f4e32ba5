"""The lesson deck opened with python-pptx: slides in order, one described picture per figure, notes with the numbers.

Figures are drawn by a plain PNG maker here (the browser test draws them with kaleido); the expected
numbers are computed from the CSV files, not by the notes code.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from components import cite, deck, slides
from components.data import load_dataset
from components.filters import Filters
from components.labels import filter_labels

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
F = Filters(year_min=1939, year_max=1945, perpetrators=("soviet_union", "united_states"))


def fake_png(fig, width, height) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width // 8, height // 8), "white").save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def built():
    ds = load_dataset()
    labels = filter_labels(ds)
    view = cite.View(
        "Compare", "Filters: 1939–1945", "http://x/compare?years=1939-1945", date(2026, 12, 1), "1.2.3"
    )
    prs = Presentation(io.BytesIO(deck.build(ds, F, labels, view=view, render=fake_png)))
    return prs, [s for s in prs.slides]


def title_of(slide) -> str:
    return slide.shapes.title.text


def notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text


def by_title(sl, start: str):
    return next(s for s in sl if title_of(s).startswith(start))


def fmt(n: float) -> str:
    return f"{round(n):,}"


def test_slides_in_order_and_16_9(built):
    prs, sl = built
    assert prs.slide_width * 9 == prs.slide_height * 16
    assert len(sl) == 1 + len(slides.SLIDES) + 1  # every main figure has data for these filters
    assert title_of(sl[0]).startswith("Lesson deck")
    assert title_of(sl[-1]) == "Sources, licences and how to cite"
    expected = [
        "Incidents in the data",
        "Where the incidents happened",
        "Each incident from start to end",
        "Deaths per year",
        "Deaths by perpetrator",
        "Incidents by crime type",
        "How sure are we",
        "Percent of prisoners of war killed",
        "Prisoner-of-war death rates",
    ]
    for slide, start in zip(sl[1:-1], expected, strict=True):
        assert title_of(slide).startswith(start), title_of(slide)


def test_one_described_picture_per_figure_slide(built):
    prs, sl = built
    for slide in sl[1:-1]:
        pics = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pics) == 1
        descr = pics[0]._element.nvPicPr.cNvPr.get("descr")
        assert descr and len(descr) > 20
        assert pics[0].left >= 0 and pics[0].left + pics[0].width <= prs.slide_width
        assert pics[0].top >= 0 and pics[0].top + pics[0].height <= prs.slide_height
    for slide in (sl[0], sl[-1]):
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_title_slide_states_filters_content_note_date_and_version(built):
    text = " ".join(s.text_frame.text for s in built[1][0].shapes if s.has_text_frame)
    for words in ("1939–1945", "Soviet Union, United States", "Content note", "1 December 2026"):
        assert words in text
    assert f"version {cite.version()}" in text


def test_notes_hold_pow_ranges_with_attributions(built):
    pw = pd.read_csv(DATA / "pow_mortality.csv")
    rows = pw[
        (pw["captor"] == "soviet_union") & (pw["captives"] == "germans") & (pw["scope_type"] == "whole")
    ]
    rates = pd.concat(
        [
            rows["rate_low"],
            rows["rate_high"],
            100 * rows["died_low"] / rows["captured_high"],
            100 * rows["died_high"] / rows["captured_low"],
        ]
    ).dropna()
    lo, hi = (f"{x:.2f}".rstrip("0").rstrip(".") for x in (rates.min(), rates.max()))
    notes = notes_of(by_title(built[1], "Prisoner-of-war death rates"))
    assert f"Germans held by Soviet Union: {lo}–{hi}%" in notes
    with_rate = (
        rows["rate_low"].notna()
        | rows["rate_high"].notna()
        | (rows["died_low"].notna() & rows["captured_low"].notna())
    )
    assert with_rate.sum() >= 5
    for who in rows.loc[with_rate, "attribution"]:
        assert who in notes
    assert "How to read it:" in notes


def test_notes_hold_every_disagreeing_figure_with_who_gives_it(built):
    est = pd.read_csv(DATA / "estimates.csv")
    deaths = set(pd.read_csv(DATA / "metrics.csv").query("is_death")["metric"])
    tb = est[
        (est["incident_id"] == "treuenbrietzen-massacre") & est["metric"].isin(deaths) & ~est["counts_part"]
    ]
    notes = notes_of(by_title(built[1], "How sure are we"))
    assert len(tb) >= 3
    for _, e in tb.iterrows():
        assert f"({e['attribution']}," in notes
    assert "30–166 (official estimate" in notes and "at least 88 (the article" in notes


def test_notes_hold_the_summed_death_ranges(built):
    inc = pd.read_csv(DATA / "incidents.csv", parse_dates=["date_start", "date_end"])
    inc = inc[(inc["date_end"].dt.year >= 1939) & (inc["date_start"].dt.year <= 1945)]
    est = pd.read_csv(DATA / "estimates.csv")
    deaths = set(pd.read_csv(DATA / "metrics.csv").query("is_death")["metric"])
    notes = notes_of(by_title(built[1], "Deaths by perpetrator"))
    for perp, label in (("soviet_union", "Soviet Union"), ("united_states", "United States")):
        total_lo = total_hi = 0.0
        for iid in inc.loc[inc["perpetrator"] == perp, "incident_id"]:
            e = est[(est["incident_id"] == iid) & est["metric"].isin(deaths)]
            totals, parts = e[~e["counts_part"]], e[e["counts_part"]]
            if not totals.empty:
                lo, hi = totals["low"].min(), totals["high"].max()
                if pd.notna(hi) and pd.notna(lo) and hi < lo:
                    hi = float("nan")
            elif not parts.empty:
                lo, hi = parts[["low", "high"]].max().max(), float("nan")
            else:
                continue
            total_lo += 0 if pd.isna(lo) else lo
            total_hi += hi if pd.notna(hi) else (0 if pd.isna(lo) else lo)
        assert f"{label}: {fmt(total_lo)}–{fmt(total_hi)}" in notes, (label, total_lo, total_hi)


def test_sources_slide_attributes_every_article(built):
    text = " ".join(s.text_frame.text for s in built[1][-1].shapes if s.has_text_frame)
    src = pd.read_csv(DATA / "sources.csv")
    for _, s in src.iterrows():
        assert s["title"] in text and s["url"] in text and s["licence_url"] in text
    assert "Wikipedia contributors" in text and "Military Wiki contributors" in text
    assert "changes made" in text and "How to cite this view" in text and "1.2.3" in text


def test_map_notes_count_incidents_by_how_precisely_they_are_placed(built):
    inc = pd.read_csv(DATA / "incidents.csv", parse_dates=["date_start", "date_end"])
    inc = inc[(inc["date_end"].dt.year >= 1939) & (inc["date_start"].dt.year <= 1945)]
    inc = inc[inc["perpetrator"].isin(["soviet_union", "united_states"])]
    counted = inc["location_precision"].value_counts()
    placed = counted.get("exact", 0) + counted.get("town", 0)
    rough = counted.get("region", 0) + counted.get("country", 0)
    (slide,) = [
        s for s in built[1] if "map" in notes_of(s).split("\n")[0].lower() or "Where" in notes_of(s)[:6]
    ]
    notes = notes_of(slide)
    assert (
        f"{len(inc)} incidents on the map: {placed} placed at a town or an exact site, "
        f"{rough} known only to a region or country, {counted.get('sea', 0)} at sea." in notes
    ), notes


def test_deck_map_follows_the_map_page_s_year_and_borders():
    """A deck made on the Map page at 1941 with borders of the time: its map slide, title and notes say so."""
    ds = load_dataset()
    labels = filter_labels(ds)
    view = cite.View("Map", "Filters: 1939–1945", "http://x/map", date(2026, 12, 1), "1.2.3")
    drawn = []

    def keep(fig, width, height):
        drawn.append(fig)
        return fake_png(fig, width, height)

    prs = Presentation(
        io.BytesIO(
            deck.build(
                ds,
                F,
                labels,
                view=view,
                keys=["map"],
                render=keep,
                map_view=slides.MapView(1941, True),
            )
        )
    )
    (fig,) = drawn
    assert fig.layout.meta["title"] == "Where the incidents happened, on the borders of 1938"
    inc = pd.read_csv(DATA / "incidents.csv", parse_dates=["date_start", "date_end"])
    inc = inc[(inc["date_end"].dt.year >= 1939) & (inc["date_start"].dt.year <= 1941)]
    inc = inc[inc["perpetrator"].isin(["soviet_union", "united_states"])]
    assert fig.layout.meta["subtitle"].endswith(f"incidents that began up to 1941: {len(inc)} on the map")
    notes = notes_of(by_title(list(prs.slides), "Where the incidents happened"))
    assert f"{len(inc)} incidents that began up to 1941 on the map: " in notes, notes
    assert "borders of 1938" in notes, notes
