"""What readers see in place of codes: labels of perpetrators, crime types, victims, countries, sources.

Pure (no Streamlit): pages, scripts and the slide kit take labels from here, computed once per dataset.
"""

from __future__ import annotations

from typing import Any

VICTIM_LABELS = {"prisoners_of_war": "Prisoners of war", "civilians": "Civilians", "mixed": "Mixed"}


def country_names(ds: Any) -> dict[str, str]:
    """Return {ISO code: country name} for the countries in the data (computed once per dataset)."""

    def build(ds: Any) -> dict[str, str]:
        import pycountry

        out = {}
        for code in sorted(ds.incidents["country_code"].dropna().unique()):
            c = pycountry.countries.get(alpha_2=str(code))
            out[str(code)] = getattr(c, "common_name", None) or (c.name if c else str(code))
        return out

    return ds.memo("country_names", build)


def victim_labels(ds: Any) -> dict[str, str]:
    """Return {victim category: label}, from the data package's field description when it has one."""

    def build(ds: Any) -> dict[str, str]:
        inc = next(r for r in ds.descriptor["resources"] if r["name"] == "incidents")
        fld = next(f for f in inc["schema"]["fields"] if f["name"] == "victim_category")
        cats = fld.get("categories")
        if cats and isinstance(cats[0], dict):
            return {c["value"]: c.get("label", c["value"]) for c in cats}
        allowed = fld.get("constraints", {}).get("enum") or list(VICTIM_LABELS)
        return {v: VICTIM_LABELS.get(v, v.replace("_", " ").capitalize()) for v in allowed}

    return ds.memo("victim_labels", build)


def filter_labels(ds: Any) -> dict[str, dict[str, str]]:
    """Return the label maps of the choice filters ({filter attribute: {value: label}}), in widget order."""

    def build(ds: Any) -> dict[str, dict[str, str]]:
        parties = ds.labels("parties", "party_id")
        perps = sorted(ds.incidents["perpetrator"].dropna().unique())
        return {
            "perpetrators": {p: parties.get(p, p) for p in perps},
            "crime_types": ds.labels("crime_types", "crime_type"),
            "victim_categories": victim_labels(ds),
            "countries": country_names(ds),
            "states": state_names(ds),
        }

    return ds.memo("filter_labels", build)


def state_names(ds: Any) -> dict[str, str]:
    """Return {state key: name} of the states at the time of the incidents (incident_states), by name."""
    inc = ds.incidents[["state_key", "state_at_time"]].dropna().drop_duplicates("state_key")
    return dict(sorted(zip(inc["state_key"], inc["state_at_time"]), key=lambda kv: str(kv[1]).casefold()))


def source_titles(ds: Any) -> dict[str, str]:
    """Return {source id: article title}."""
    return ds.memo("source_titles", lambda d: d.labels("sources", "source_id", "title"))
