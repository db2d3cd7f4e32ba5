"""The data package as documentation and as a download: data dictionary and zip."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from components.data import data_dir


def data_dictionary(descriptor: dict) -> pd.DataFrame:
    """Return one row per field of every resource: table, field, type, unit, required, allowed values, description."""
    rows = []
    for res in descriptor["resources"]:
        for f in res["schema"]["fields"]:
            c = f.get("constraints", {})
            labels = {x["value"]: x.get("label", x["value"]) for x in f.get("categories", [])}
            allowed = (
                ", ".join(
                    f"{v} ({labels[v]})" if labels.get(v, v) != v else str(v) for v in map(str, c["enum"])
                )
                if "enum" in c
                else (
                    f"pattern {c['pattern']}"
                    if "pattern" in c and len(c["pattern"]) < 60
                    else ("see crime_types table" if "pattern" in c else "")
                )
            )
            if "minimum" in c or "maximum" in c:
                allowed = (
                    allowed + " " if allowed else ""
                ) + f"{c.get('minimum', '')}–{c.get('maximum', '')}"
            rows.append(
                {
                    "table": res["name"],
                    "field": f["name"],
                    "type": f["type"],
                    "unit": f.get("unit", ""),
                    "required": bool(c.get("required")),
                    "allowed": allowed,
                    "description": f.get("description", ""),
                }
            )
    return pd.DataFrame(rows)


def package_zip(folder=None) -> bytes:
    """Return a zip of datapackage.json, every CSV and the data README."""
    folder = folder or data_dir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(folder.iterdir()):
            if p.is_file() and p.suffix in (".json", ".csv", ".md"):
                z.write(p, f"data/{p.name}")
    return buf.getvalue()
