"""A printable worksheet (A4 PDF, one or two pages) for one incident or one POW captor–captive pair (pure).

The sheet's content is built first as plain data (`Sheet`), from the same tables the pages show; then
`pdf(sheet, picture)` lays it out with fpdf2: the facts, a picture (a map inset for an incident, the
pair's estimates for a POW pair, drawn by kaleido), the figures side by side with who gives them,
the sources, three questions on reading contested figures, and how to cite.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from components import cite
from components import pow_data as pwd
from components.data import Dataset
from components.format import fmt_range

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
)
FONT_FILES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
)
LATIN1 = str.maketrans(
    {"–": "-", "—": "-", "≈": "~", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "×": "x", "÷": "/"}
)
INCIDENT_QUESTIONS = (
    "The figures above were given by different people, at different times and with different records. "
    "Who gives the lowest figure and who the highest, and what could each of them have counted?",
    "Some figures are worded 'at least', 'about' or 'up to'. What does each of these words say about what the "
    "source knew, and how would you quote the figure without dropping the word?",
    "Do all the figures count the same people, place and period? If one counts only part of the victims or a "
    "shorter time, how does that change what you can compare?",
)
POW_QUESTIONS = (
    "A death rate divides deaths by a number of prisoners. Which number does each estimate divide by: "
    "prisoners captured, registered in camps, or those who reached the camps? How does that change the rate?",
    "Some estimates cover the whole captivity, others one period, one camp or one group. Which of the rates "
    "above can be compared with each other, and which cannot?",
    "A comparison of death rates across captors shows proportions; it says nothing on its own about intent "
    "or responsibility. What else would you need to know before drawing a conclusion from it?",
)


@dataclass(frozen=True)
class Sheet:
    """Everything a worksheet prints, as text."""

    title: str
    facts: list[tuple[str, str]]
    summary: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    sources: list[str]
    questions: tuple[str, ...]
    picture_caption: str
    citation: str = ""
    notes: list[str] = field(default_factory=list)


def _has(v) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and str(v) not in ("", "<NA>", "nan")


def _attributions(ds: Dataset, source_ids: Sequence[str]) -> list[str]:
    src = ds["sources"][ds["sources"]["source_id"].isin(list(source_ids))]
    return [cite.attribution(e) for e in cite.source_entries(src, cite.package_created(ds.descriptor))]


def incident_sheet(ds: Dataset, incident_id: str, labels: dict, citation: str = "") -> Sheet:
    """Return the worksheet of one incident: facts, every estimate with who gives it, sources, questions."""
    r = ds.incidents.set_index("incident_id").loc[incident_id]
    est = ds.estimates[ds.estimates["incident_id"] == incident_id]
    metric = ds.labels("metrics", "metric")
    where = (
        r["place"]
        if r["at_sea"]
        else f"{r['place']} ({labels['countries'].get(r['country_code'], r['country_code'])})"
    )
    force = f" ({r['perpetrator_force']})" if _has(r["perpetrator_force"]) else ""
    facts = [
        ("When", str(r["dates_text"])),
        ("Where", f"{where}; located to: {r['location_precision_label']}"),
        ("Perpetrator", f"{labels['perpetrators'].get(r['perpetrator'], r['perpetrator'])}{force}"),
        ("Victims", str(r["victim_group"])),
        ("Deaths (all figures)", str(r["deaths_text"])),
    ]
    rows = [
        (
            fmt_range(e.low, e.high, e.qualifier, e.value_text),
            metric.get(e.metric, e.metric) + (" (part)" if e.counts_part else ""),
            f"“{e.value_text}”",
            str(e.attribution),
            f"{e.source_short}: {e.section}",
        )
        for e in est.itertuples()
    ]
    sections = ds["incident_sources"][ds["incident_sources"]["incident_id"] == incident_id]
    return Sheet(
        title=str(r["name"]),
        facts=facts,
        summary=str(r["summary"]),
        columns=("Figure", "Counts", "As worded in the article", "According to", "Article: section"),
        rows=rows,
        sources=_attributions(ds, sections["source_id"].unique()),
        questions=INCIDENT_QUESTIONS,
        picture_caption=f"Where: {where}. Country outlines: Natural Earth (public domain).",
        citation=citation,
        notes=[f"{n}" for n in est["note"] if _has(n)],
    )


def pow_sheet(ds: Dataset, pair: str, names: dict, citation: str = "") -> Sheet:
    """Return the worksheet of one POW captor–captive pair: every estimate with its scope and who gives it."""
    rows_all = pwd.with_rates(ds.pow)
    p = rows_all[rows_all["pair"] == pair]
    ranges = pwd.pair_ranges(rows_all, [pair], names).iloc[0]
    rows = []
    for e in p.itertuples():
        counts = "; ".join(
            x
            for x in (
                f"captured {fmt_range(e.captured_low, e.captured_high, e.captured_qualifier)}"
                if _has(e.captured_low) or _has(e.captured_high)
                else "",
                f"died {fmt_range(e.died_low, e.died_high, e.died_qualifier)}"
                if _has(e.died_low) or _has(e.died_high)
                else "",
            )
            if x
        )
        stated = pwd.rate_text(e.rate_low, e.rate_high, e.rate_qualifier)
        computed = pwd.rate_text(e.calc_low, e.calc_high)
        rate = stated or (f"{computed} (computed from the counts)" if computed else "no rate")
        rows.append(
            (
                rate,
                counts or "–",
                f"{e.scope} [{e.scope_type_label}]",
                str(e.attribution),
                f"{e.source_short}: {e.section}",
            )
        )
    return Sheet(
        title=f"Prisoners of war: {names.get(pair, pair)}",
        facts=[
            ("Estimates", f"{len(p)} in the four articles"),
            ("Range of rates", f"{ranges['range']} (estimates covering all prisoners of the pair)"),
        ],
        summary="Every estimate the articles give of how many of these prisoners died in captivity, with its scope "
        "and who gives it. Rates 'computed from the counts' divide the deaths by the prisoners the same source gives.",
        columns=("Death rate", "Counts", "Scope", "According to", "Article: section"),
        rows=rows,
        sources=_attributions(ds, p["source_id"].unique()),
        questions=POW_QUESTIONS,
        picture_caption="",
        citation=citation,
    )


# ---------------------------------------------------------------- layout (fpdf2)


def _fonts() -> tuple[str, str] | None:
    for d in FONT_DIRS:
        for regular, bold in FONT_FILES:
            if (Path(d) / regular).exists() and (Path(d) / bold).exists():
                return str(Path(d) / regular), str(Path(d) / bold)
    return None


def pdf(sheet: Sheet, picture: bytes | None, made: date, version: str) -> bytes:
    """Return the worksheet as an A4 PDF: facts and picture, figures table, sources, questions, citation."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    doc = FPDF(format="A4")
    doc.set_margins(14, 12, 14)
    doc.set_auto_page_break(True, 14)
    fonts = _fonts()
    if fonts:
        doc.add_font("sheet", "", fonts[0])
        doc.add_font("sheet", "B", fonts[1])
        family, fix = "sheet", (lambda t: str(t))
    else:  # no Unicode font on this machine: the PDF core font, with dashes and signs in plain Latin
        family, fix = (
            "helvetica",
            (lambda t: str(t).translate(LATIN1).encode("latin-1", "replace").decode("latin-1")),
        )
    doc.set_title(fix(f"Worksheet: {sheet.title}"))
    doc.set_author(cite.AUTHOR)
    doc.set_lang("en")
    doc.add_page()
    w = doc.epw

    def para(text, size=9.5, style="", h=4.6, width=0):
        doc.set_font(family, style, size)
        doc.multi_cell(width or w, h, fix(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def heading(text):
        doc.ln(2.5)
        para(text, 12, "B", 6)

    doc.set_font(family, "", 8)
    doc.set_text_color(90, 90, 90)
    doc.cell(w, 4, fix(f"Worksheet · {cite.TITLE}"), new_x="LMARGIN", new_y="NEXT")
    doc.set_text_color(0, 0, 0)
    para(sheet.title, 16, "B", 7.5)
    top = doc.get_y()
    pic_w = 78 if picture else 0
    text_w = w - pic_w - (5 if picture else 0)
    doc.set_font(family, "", 9.5)
    with doc.table(
        width=text_w,
        text_align="LEFT",
        col_widths=(28, text_w - 28),
        align="LEFT",
        borders_layout="NONE",
        first_row_as_headings=False,
        line_height=4.6,
        padding=(0.4, 1, 0.4, 0),
    ) as facts:
        for label, value in sheet.facts:
            row = facts.row()
            row.cell(fix(label), style=FontFace(emphasis="BOLD"))
            row.cell(fix(value))
    doc.ln(1.5)
    doc.set_font(family, "", 9.5)
    doc.multi_cell(text_w, 4.6, fix(sheet.summary), align="L", new_x="LMARGIN", new_y="NEXT")
    below_text = doc.get_y()
    if picture:
        from PIL import Image

        px_w, px_h = Image.open(io.BytesIO(picture)).size
        pic_h = pic_w * px_h / px_w
        doc.image(io.BytesIO(picture), x=doc.l_margin + text_w + 5, y=top, w=pic_w, h=pic_h)
        doc.set_xy(doc.l_margin + text_w + 5, top + pic_h + 0.5)
        doc.set_font(family, "", 7)
        doc.set_text_color(90, 90, 90)
        doc.multi_cell(pic_w, 3.2, fix(sheet.picture_caption), align="L", new_x="LMARGIN", new_y="NEXT")
        doc.set_text_color(0, 0, 0)
        doc.set_y(max(below_text, doc.get_y()))
    heading("The figures side by side")
    doc.set_font(family, "", 7.5)
    with doc.table(
        col_widths=(15, 17, 26, 18, 32),  # the article and section need the most room
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 238, 242)),
        line_height=3.3,
        text_align="LEFT",
        padding=0.8,
    ) as table:
        table.row([fix(c) for c in sheet.columns])
        for r in sheet.rows:
            table.row([fix(c) for c in r])
    for n in sheet.notes[:4]:
        para(f"Note: {n}", 8, h=3.8)
    heading("Three questions on reading contested figures")
    for i, q in enumerate(sheet.questions, 1):
        para(f"{i}. {q}", 10, h=5)
        doc.ln(7)  # room to write
    heading("Sources")
    for s in sheet.sources:
        para(s, 8, h=3.8)
    para(cite.data_licence(), 8, h=3.8)
    if sheet.citation:
        para(f"How to cite this worksheet's view: {sheet.citation}", 8, h=3.8)
    para(
        f"Made {made.day} {made:%B %Y} with the dashboard, version {version}. Content note: the subject is mass "
        "violence; the texts are neutral and non-graphic.",
        7.5,
        h=3.6,
    )
    return bytes(doc.output())


# ---------------------------------------------------------------- the map inset

COUNTRIES = Path(__file__).resolve().parents[1] / "static" / "countries-50m.geojson"
HALF_LAT = 7.0  # degrees of latitude either side of the incident
LAND, SEA, BORDER = "#E4E2DC", "#F4F8FB", "#A6A6A6"


def _rings(geom: dict):
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    for poly in polys:
        yield poly[0]


def map_figure(lat: float, lon: float, place: str, precision: str, colour: str):
    """Return a small static map: the bundled countries around (lat, lon) and the incident's place.

    Drawn as plain x/y shapes (longitude, latitude), so nothing is fetched: plotly's geo charts load
    their outlines from a CDN.
    """
    import json
    import math

    import plotly.graph_objects as go

    half_lon = HALF_LAT * 4 / 3 / max(math.cos(math.radians(lat)), 0.2)
    x0, x1, y0, y1 = lon - half_lon, lon + half_lon, lat - HALF_LAT, lat + HALF_LAT
    xs: list = []
    ys: list = []
    for feat in json.loads(COUNTRIES.read_text(encoding="utf-8"))["features"]:
        for ring in _rings(feat["geometry"]):
            rx, ry = [p[0] for p in ring], [p[1] for p in ring]
            if max(rx) < x0 or min(rx) > x1 or max(ry) < y0 or min(ry) > y1:
                continue
            xs += [*rx, None]
            ys += [*ry, None]
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=LAND,
            line=dict(color=BORDER, width=0.6),
            hoverinfo="skip",
        )
    )
    rough = precision in ("region", "country")
    fig.add_trace(
        go.Scatter(
            x=[lon],
            y=[lat],
            mode="markers",
            marker=dict(
                size=34 if rough else 14,
                color="rgba(0,0,0,0)" if rough else colour,
                line=dict(color=colour, width=3),
            ),
        )
    )
    fig.update_layout(
        width=640,
        height=480,
        margin=dict(l=4, r=4, t=4, b=4),
        showlegend=False,
        plot_bgcolor=SEA,
        paper_bgcolor="white",
        xaxis=dict(range=[x0, x1], visible=False),
        yaxis=dict(
            range=[y0, y1],
            visible=False,
            scaleanchor="x",
            scaleratio=1 / max(math.cos(math.radians(lat)), 0.2),
        ),
        annotations=[
            dict(
                text="ring: place known only to a region or country" if rough else place,
                x=0.01,
                y=0.01,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=14, color="#333333"),
                bgcolor="rgba(255,255,255,0.8)",
            )
        ],
    )
    return fig


def incident_pdf(ds: Dataset, incident_id: str, labels: dict, citation: str, render=None) -> bytes:
    """Return the worksheet PDF of an incident; render(fig, w, h) -> PNG draws its map (None: no map)."""
    from components.theme import party_colour

    r = ds.incidents.set_index("incident_id").loc[incident_id]
    picture = None
    if render is not None and _has(r["lat"]) and _has(r["lon"]):
        fig = map_figure(
            float(r["lat"]),
            float(r["lon"]),
            str(r["place"]),
            str(r["location_precision"]),
            party_colour(r["perpetrator"]),
        )
        picture = render(fig, 640, 480)
    return pdf(incident_sheet(ds, incident_id, labels, citation), picture, date.today(), cite.version())


def pow_pdf(ds: Dataset, pair: str, names: dict, citation: str) -> bytes:
    """Return the worksheet PDF of a POW captor–captive pair (its table says more than a chart would fit)."""
    return pdf(pow_sheet(ds, pair, names, citation), None, date.today(), cite.version())
