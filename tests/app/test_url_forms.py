"""Every URL form that worked before the filter table still restores the same view (a table of them)."""

from __future__ import annotations

import pytest

# (page, query, what the reader sees: (widget kind, label or key, expected value))
FORMS = [
    ("views/overview.py", {"years": "1939-1945"}, ("slider", "Years", (1939, 1945))),
    (
        "views/overview.py",
        {"perp": "soviet_union,united_states"},
        ("ms", "Perpetrator", ["soviet_union", "united_states"]),
    ),
    ("views/overview.py", {"crime": "mass_killing"}, ("ms", "Crime type", ["mass_killing"])),
    ("views/overview.py", {"victims": "prisoners_of_war"}, ("ms", "Victims", ["prisoners_of_war"])),
    ("views/overview.py", {"country": "PL"}, ("ms", "Modern country", ["PL"])),
    ("views/overview.py", {"min_deaths": "1000"}, ("number", "Minimum deaths", 1000)),
    ("views/overview.py", {"q": "katyn"}, ("text", "Search names and places", "katyn")),
    ("views/compare.py", {"view": "crime_type"}, ("radio", "compare_view", "crime_type")),
    ("views/compare.py", {"log": "1"}, ("toggle", "compare_log", True)),
    ("views/timeline.py", {"group": "theatre"}, ("radio", "timeline_group", "theatre")),
    ("views/timeline.py", {"log": "1"}, ("toggle", "timeline_log", True)),
    ("views/pow.py", {"pair": "germany:soviets"}, ("select", "pow_pair", "germany:soviets")),
    (
        "views/pow.py",
        {"pairs": "soviet_union:germans,japan:western_allies"},
        ("ms_key", "pow_pairs", ["soviet_union:germans", "japan:western_allies"]),
    ),
    ("views/incidents.py", {"incident": "katyn-massacre"}, ("header", None, "Katyn massacre")),
    ("views/overview.py", {"present": "1"}, ("markdown", None, "Slide 1 of")),
    ("views/overview.py", {"present": "1", "slide": "pow-matrix"}, ("markdown", None, "Slide 8 of")),
]


def _sidebar(at, kind, label):
    widgets = {
        "slider": at.sidebar.slider,
        "ms": at.sidebar.multiselect,
        "number": at.sidebar.number_input,
        "text": at.sidebar.text_input,
    }[kind]
    return next(w for w in widgets if w.label == label).value


@pytest.mark.parametrize("page, query, seen", FORMS, ids=lambda x: str(x) if isinstance(x, dict) else None)
def test_url_form_restores_the_view(app, ds, page, query, seen):
    kind, where, expected = seen
    if kind == "header":
        assert expected in set(ds.incidents["name"]), "the table's example must exist in the data"
    at = app(query=query, page=page)
    assert not at.exception, at.exception
    if kind in ("slider", "ms", "number", "text"):
        got = _sidebar(at, kind, where)
        assert (tuple(got) if kind == "slider" else got) == expected
    elif kind == "radio":
        assert at.radio(key=where).value == expected
    elif kind == "toggle":
        assert at.toggle(key=where).value is expected
    elif kind == "select":
        assert at.selectbox(key=where).value == expected
    elif kind == "ms_key":
        assert at.multiselect(key=where).value == expected
    elif kind == "header":
        assert any(expected in h.value for h in at.header)
    else:
        assert any(expected in m.value for m in at.markdown)
    for key, value in query.items():  # the link stays as it was: nothing the page owns is dropped
        assert at.query_params.get(key) in (value, [value]), (key, dict(at.query_params))
    assert not at.warning, [w.value for w in at.warning]


def test_unknown_parameter_is_dropped_with_a_notice(app):
    at = app(query={"utm_source": "mail", "view": "crime_type"}, page="views/compare.py")
    assert "utm_source" not in at.query_params and at.query_params.get("view") in (
        "crime_type",
        ["crime_type"],
    )
    assert len(at.warning) == 1 and "utm" in at.warning[0].value and "Ignored" in at.warning[0].value
