"""Text from the data is inert everywhere: HTML, script and Markdown in a row are shown as text, never run."""

import csv
import io
import re

import pytest

from components.ui import PAGES

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)> **bold** [link](http://evil.invalid) ![i](http://evil.invalid/x.png) $x^2$"
RAW_HTML = re.compile(r"(?<!\\)<(?:script|img)", re.I)  # an escaped \\< is shown as text
LIVE_MARKDOWN = re.compile(r"(?<!\\)\]\((?:https?|javascript):")


def poison(folder, table, fields, row=2):
    p = folder / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
    for field in fields:
        rows[row - 1][rows[0].index(field)] = EVIL if field != "name" else "Evil " + EVIL
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")
    return rows[row - 1][0]


@pytest.fixture()
def evil_data(data_copy, monkeypatch):
    from components import ui

    incident = poison(
        data_copy,
        "incidents",
        [
            "name",
            "other_names",
            "place",
            "victim_group",
            "perpetrator_force",
            "accountability",
            "summary",
            "date_note",
        ],
    )
    est = list(csv.DictReader(io.StringIO((data_copy / "estimates.csv").read_text(encoding="utf-8"))))
    row = next(i for i, r in enumerate(est) if r["incident_id"] == incident) + 2
    poison(data_copy, "estimates", ["attribution", "victims", "note"], row=row)
    poison(data_copy, "pow_mortality", ["scope", "attribution", "note"])
    monkeypatch.setenv("WARCRIMES_DATA_DIR", str(data_copy))
    ui.dataset.clear()
    yield incident
    ui.dataset.clear()


def markdown_texts(at) -> list[str]:
    """Text Streamlit renders as Markdown (where links and images would be live)."""
    return [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]


def figure_texts(at) -> list[str]:
    """Figure and map JSON (where plotly and deck.gl would render HTML)."""
    return [f.proto.spec for f in at.get("plotly_chart")] + [
        d.proto.json for d in at.get("deck_gl_json_chart")
    ]


@pytest.mark.parametrize("page", [p for p, *_ in PAGES])
def test_every_page_shows_injected_text_inert(app, evil_data, page):
    at = app(query={"incident": evil_data, "pair": "soviet_union:germans"}, page=page)
    assert not at.exception
    for t in markdown_texts(at):
        assert not LIVE_MARKDOWN.search(t), t[:300]
    for t in markdown_texts(at) + figure_texts(at):
        assert not RAW_HTML.search(t), t[:300]


def test_detail_view_escapes_every_field(app, evil_data):
    at = app(query={"incident": evil_data}, page="views/incidents.py")
    shown = " ".join(m.value for m in at.markdown)
    # Markdown and HTML are both escaped, each once: every condition must hold, none may stand in for another.
    assert r"\*\*bold\*\*" in shown
    assert r"\[link\]" in shown
    assert "\\<script" in shown
    assert "&lt;script" not in shown


def test_map_tooltip_fields_are_escaped(app, evil_data):
    at = app(query={"q": "Evil"}, page="views/map.py")
    spec = at.get("deck_gl_json_chart")[0].proto.json
    assert "&lt;script&gt;" in spec and "<script" not in spec


def test_chart_hover_text_is_escaped(app, evil_data):
    at = app(query={"q": "Evil"}, page="views/timeline.py")
    spec = " ".join(f.proto.spec for f in at.get("plotly_chart"))
    assert "&lt;script&gt;" in spec and "<script" not in spec


def test_no_unsafe_html_on_data_in_the_code():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in (
        list((root / "views").glob("*.py")) + list((root / "components").glob("*.py")) + [root / "app.py"]
    ):
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path
