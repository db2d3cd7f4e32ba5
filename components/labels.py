"""What readers see in place of codes: labels of perpetrators, crime types, victims, countries, sources.

Pure (no Streamlit): pages, scripts and the slide kit take labels from here, computed once per dataset.
The meaning of every code is declared once, in data/datapackage.json: each coded field carries Table
Schema `categories` ({value, label, description}); the source articles' short names are columns of
sources.csv. Nothing here restates what a code means.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

EXPLAINED = {("pow_mortality", "scope_type")}  # fields whose label is shown with its description


def categories(descriptor: Mapping, resource: str, field: str) -> list[dict]:
    """Return the categories of a field ([{value, label, description}, ...]); [] when it declares none."""
    res = next((r for r in descriptor.get("resources", []) if r.get("name") == resource), None)
    fld = next((f for f in (res or {}).get("schema", {}).get("fields", []) if f.get("name") == field), None)
    cats = (fld or {}).get("categories") or []
    return [c if isinstance(c, dict) else {"value": c} for c in cats]


def coded_fields(descriptor: Mapping) -> list[tuple[str, str]]:
    """Return (resource, field) of every coded field: text with a closed set of values, not a table's own key."""
    out = []
    for res in descriptor.get("resources", []):
        key = res.get("schema", {}).get("primaryKey") or []
        for f in res.get("schema", {}).get("fields", []):
            if f.get("type") == "string" and "enum" in f.get("constraints", {}) and f["name"] not in key:
                out.append((res["name"], f["name"]))
    return out


def _labels_of(descriptor: Mapping, resource: str, field: str) -> dict[str, str]:
    cats = categories(descriptor, resource, field)
    if cats:
        return {str(c["value"]): str(c.get("label", c["value"])) for c in cats}
    # A package without categories (WARCRIMES_DATA_DIR): its allowed values, made readable.
    res: Mapping = next((r for r in descriptor.get("resources", []) if r.get("name") == resource), {})
    fld: Mapping = next((f for f in res.get("schema", {}).get("fields", []) if f.get("name") == field), {})
    return {str(v): str(v).replace("_", " ") for v in fld.get("constraints", {}).get("enum", [])}


def code_labels(ds: Any, resource: str, field: str) -> dict[str, str]:
    """Return {code: label} for a coded field, from the package's categories (computed once per dataset)."""
    return ds.memo(f"code_labels:{resource}.{field}", lambda d: _labels_of(d.descriptor, resource, field))


def code_texts(descriptor: Mapping, resource: str, field: str) -> dict[str, str]:
    """Return {code: 'label: description'} ('episode: one incident'); the label alone where none is given."""
    return {
        str(c["value"]): f"{c.get('label', c['value'])}: {c['description']}"
        if c.get("description")
        else str(c.get("label", c["value"]))
        for c in categories(descriptor, resource, field)
    }


def add_labels(tables: dict[str, pd.DataFrame], descriptor: Mapping) -> None:
    """Add the labels pure builders print next to the codes, once at load time.

    Every coded field gets `<field>_label` (and `<field>_text` where EXPLAINED); estimates and POW rows
    get `source_short`, incidents `source_names` (the short names of their sources, '; '-joined).
    Categorical, so that they cost next to nothing at 1000x the data.
    """
    for resource, field in coded_fields(descriptor):
        df = tables.get(resource)
        if df is None or field not in df.columns:
            continue
        df[f"{field}_label"] = df[field].map(_labels_of(descriptor, resource, field)).astype("category")
        if (resource, field) in EXPLAINED:
            df[f"{field}_text"] = df[field].map(code_texts(descriptor, resource, field)).astype("category")
    short = source_short_of(tables["sources"])
    for name in ("estimates", "pow_mortality"):
        if name in tables:
            tables[name]["source_short"] = tables[name]["source_id"].map(short).astype("category")
    inc = tables["incidents"]
    if "source_ids" in inc.columns:
        names = {
            v: "; ".join(short.get(s, s) for s in v.split("; ")) for v in inc["source_ids"].dropna().unique()
        }
        inc["source_names"] = inc["source_ids"].map(names).astype("category")


def source_short_of(sources: pd.DataFrame) -> dict[str, str]:
    """Return {source id: short title} from sources.csv (the title where a package has no short_title)."""
    col = "short_title" if "short_title" in sources.columns else "title"
    return dict(zip(sources["source_id"], sources[col].fillna(sources["title"])))


def source_short(ds: Any) -> dict[str, str]:
    """Return {source id: the one short name of the article used in chart labels}."""
    return ds.memo("source_short", lambda d: source_short_of(d["sources"]))


def source_cites(ds: Any) -> dict[str, tuple[str, str]]:
    """Return {source id: (publisher's short name, the article as a source line names it)}, in sources.csv order."""

    def build(d: Any) -> dict[str, tuple[str, str]]:
        s = d["sources"]
        pub = s["publisher_short"] if "publisher_short" in s.columns else s["publisher"]
        cited = s["cited_as"] if "cited_as" in s.columns else "'" + s["title"] + "'"
        return {i: (str(p), str(c)) for i, p, c in zip(s["source_id"], pub, cited)}

    return ds.memo("source_cites", build)


def revision_labels(ds: Any) -> dict[str, str]:
    """Return {source id: 'Wikipedia (recent revision)'} for the articles read in two revisions."""

    def build(d: Any) -> dict[str, str]:
        s = d["sources"]
        if "revision" not in s.columns:
            return {}
        s = s[s["revision"].notna() & (s["revision"].astype(str) != "")]
        return {i: f"{p} ({r})" for i, p, r in zip(s["source_id"], s["publisher_short"], s["revision"])}

    return ds.memo("revision_labels", build)


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
    """Return {victim category: label}, from the package's categories."""
    return code_labels(ds, "incidents", "victim_category")


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
