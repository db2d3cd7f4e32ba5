"""The filter model: applying filters, and the URL round trip including junk parameters."""

from __future__ import annotations

import pandas as pd
import pytest

from components.filters import Filters, Vocabulary, apply_filters, describe, from_query, to_query

VOCAB = Vocabulary(
    perpetrators=("soviet_union", "united_states"),
    crime_types=("mass_killing", "looting", "deportation"),
    victim_categories=("prisoners_of_war", "civilians", "mixed"),
    countries=("DE", "PL"),
)


@pytest.fixture()
def inc() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "incident_id": ["a", "b", "c", "d"],
            "name": ["Alpha massacre", "Beta raid", "Gamma camp", "Delta sinking"],
            "other_names": [None, "Bravo", None, None],
            "place": ["Berlin", "Warsaw", "Kraków", "Aniva Gulf"],
            "year_start": [1945, 1939, 1940, 1945],
            "year_end": [1945, 1941, 1940, 1945],
            "perpetrator": ["soviet_union", "united_states", "soviet_union", "soviet_union"],
            "crime_types": ["mass_killing", "looting;mass_killing", "deportation", "mass_killing"],
            "victim_category": ["civilians", "mixed", "prisoners_of_war", "civilians"],
            "country_code": pd.array(["DE", "PL", "PL", None], dtype="string"),
            "deaths_max": pd.array([166, None, 1000, 2400], dtype="Float64"),
        }
    )


@pytest.mark.parametrize(
    "f, expected",
    [
        (Filters(), ["a", "b", "c", "d"]),
        (Filters(year_min=1941, year_max=1941), ["b"]),  # overlapping years count
        (Filters(perpetrators=("united_states",)), ["b"]),
        (Filters(crime_types=("mass_killing",)), ["a", "b", "d"]),
        (Filters(crime_types=("looting", "deportation")), ["b", "c"]),
        (Filters(victim_categories=("prisoners_of_war",)), ["c"]),
        (Filters(countries=("PL",)), ["b", "c"]),  # the sea incident has no country
        (Filters(min_deaths=1000), ["c", "d"]),  # highest figure reaches it; no figure never counts
        (Filters(search="bravo"), ["b"]),
        (Filters(search="KRAKÓW"), ["c"]),
        (Filters(search="(.*"), []),  # regex characters are plain text
        (Filters(year_min=1917, year_max=1920), []),
    ],
)
def test_apply_filters(inc, f, expected):
    assert apply_filters(inc, f)["incident_id"].tolist() == expected


def test_default_has_empty_url():
    assert to_query(Filters()) == {}


def test_url_round_trip():
    f = Filters(
        year_min=1939,
        year_max=1945,
        perpetrators=("soviet_union",),
        crime_types=("looting", "mass_killing"),
        victim_categories=("civilians",),
        countries=("DE", "PL"),
        min_deaths=500,
        search="Berlin camp",
    )
    back, notices = from_query(to_query(f), VOCAB)
    assert back == f and notices == []


@pytest.mark.parametrize(
    "params, expected, n_notices",
    [
        ({"years": "1945-1939"}, Filters(), 1),
        ({"years": "1800-2100"}, Filters(), 1),
        ({"years": "<script>"}, Filters(), 1),
        ({"perp": "soviet_union,narnia"}, Filters(perpetrators=("soviet_union",)), 1),
        (
            {"perp": ["united_states", "soviet_union"]},
            Filters(perpetrators=("united_states",)),
            0,
        ),  # repeated key: first
        ({"min_deaths": "-5"}, Filters(), 1),
        ({"min_deaths": "9" * 40}, Filters(), 1),
        ({"min_deaths": "1e3"}, Filters(), 1),
        ({"min_deaths": "²"}, Filters(), 1),  # found by hypothesis: a digit to str.isdigit, not to int()
        ({"min_deaths": "٣"}, Filters(), 1),
        ({"q": "x" * 5000}, Filters(search="x" * 100), 0),
        ({"q": "a\x00b\udcff"}, Filters(search="ab"), 0),
        ({"utm_source": "mail"}, Filters(), 0),  # no filter: left to the pages (components.urlstate)
        ({"incident": "katyn-massacre"}, Filters(), 0),  # a page's own key is no filter and no notice
    ],
)
def test_junk_parameters_fall_back_with_a_notice(params, expected, n_notices):
    f, notices = from_query(params, VOCAB)
    assert f == expected
    assert len(notices) == n_notices, notices


def test_describe_names_the_filters():
    assert describe(Filters()) == "All incidents, 1917–1991"
    text = describe(
        Filters(year_min=1939, year_max=1945, perpetrators=("soviet_union",)),
        {"perpetrators": {"soviet_union": "Soviet Union"}},
    )
    assert "1939–1945" in text and "Soviet Union" in text
