"""How to cite a view of the dashboard and the articles behind it (pure functions).

The view's citation names the dashboard, its version (from pyproject.toml, one place), the
access date and the permalink that reproduces the view (its URL with the filters); the source
articles are cited with the date the curators retrieved them. APA 7, Chicago (notes and
bibliography), BibTeX and RIS. Attribution lines follow the CC BY-SA terms: title, authors,
address, licence with its link, and the changes made.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
TITLE = "War crimes by the Soviet Union and the Allies, 1917–1991: a data dashboard"
AUTHOR = "Dashboard project curators"
CHANGES = (
    "changes made: figures extracted and curated into tables; summaries written in the project's own words"
)
DATA_LICENCE = ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/")
# Who wrote each publisher's articles, as the CC BY-SA attribution names them.
AUTHORS = {"wikipedia": "Wikipedia contributors", "military wiki": "Military Wiki contributors"}
RETRIEVED_COLUMNS = (
    "retrieved",
    "retrieved_on",
    "retrieved_at",
    "retrieval_date",
    "accessed",
    "accessed_on",
    "access_date",
)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@functools.cache
def version() -> str:
    """Return the dashboard's version, read from pyproject.toml (the one place it is kept), once per process."""
    try:
        return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unversioned"


def long_date(d: date) -> str:
    """Return 'December 1, 2026' (APA and Chicago style)."""
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def permalink(url: str, params: Mapping[str, object]) -> str:
    """Return the page's address with the given query parameters (commas kept readable), no fragment."""
    parts = urlsplit(url or "")
    flat = {k: (v[0] if isinstance(v, (list, tuple)) and v else v) for k, v in params.items()}
    query = urlencode({k: str(v) for k, v in flat.items() if str(v) != ""}, safe=",")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


@dataclass(frozen=True)
class View:
    """What a citation of the dashboard says: the page, the filters in words, the permalink, when."""

    page: str
    filters: str
    url: str
    accessed: date
    version: str
    year: str = "n.d."


def view_apa(v: View) -> str:
    return (
        f"{AUTHOR}. ({v.year}). {TITLE} (Version {v.version}) [Data dashboard, page “{v.page}”; "
        f"{v.filters}]. Retrieved {long_date(v.accessed)}, from {v.url}"
    )


def view_chicago(v: View) -> str:
    return (
        f"{AUTHOR}. {TITLE}. Version {v.version}. Data dashboard, page “{v.page}”; {v.filters}. "
        f"Accessed {long_date(v.accessed)}. {v.url}."
    )


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())[:24] or "source"


def view_entry(v: View) -> dict[str, str]:
    """Return the view as one bibliography entry (fields shared by BibTeX and RIS)."""
    return {
        "key": f"dashboard{_key(v.page)}{v.accessed:%Y%m%d}",
        "kind": "dashboard",
        "author": AUTHOR,
        "title": TITLE,
        "year": v.year,
        "version": v.version,
        "url": v.url,
        "accessed": v.accessed.isoformat(),
        "note": f"Data dashboard, page “{v.page}”; {v.filters}",
    }


def publisher_author(publisher: str) -> str:
    """Return the authors of an article by its publisher ('Wikipedia contributors')."""
    p = str(publisher).lower()
    return next((a for k, a in AUTHORS.items() if k in p), f"{publisher} contributors")


def site(publisher: str) -> str:
    """Return the website name without the edition in brackets ('Wikipedia (English)' -> 'Wikipedia')."""
    return re.sub(r"\s*\(.*?\)\s*", "", str(publisher)).strip() or str(publisher)


def retrieved(sources: pd.DataFrame, fallback: date | None) -> list[date | None]:
    """Return each source's retrieval date: its own column if the table has one, else the fallback."""
    col = next((c for c in RETRIEVED_COLUMNS if c in sources.columns), None)
    out: list[date | None] = []
    for v in sources[col] if col else [None] * len(sources):
        d = pd.to_datetime(v, errors="coerce") if v is not None and str(v) not in ("", "<NA>") else None
        out.append(d.date() if d is not None and not pd.isna(d) else fallback)
    return out


def source_entries(sources: pd.DataFrame, fallback: date | None) -> list[dict[str, str]]:
    """Return one bibliography entry per source article (title, authors, site, URL, licence, retrieved)."""
    out = []
    for (_, r), when in zip(sources.iterrows(), retrieved(sources, fallback)):
        out.append(
            {
                "key": _key(f"{site(r['publisher'])}{r['source_id']}"),
                "kind": "article",
                "author": publisher_author(r["publisher"]),
                "title": str(r["title"]),
                "site": site(r["publisher"]),
                "year": "n.d.",
                "url": str(r["url"]),
                "accessed": when.isoformat() if when else "",
                "licence": str(r["licence"]),
                "licence_url": str(r.get("licence_url", "") or ""),
                "note": "" if pd.isna(r.get("revision_note")) else str(r.get("revision_note")),
            }
        )
    return out


def _when(e: Mapping[str, str]) -> str:
    return long_date(date.fromisoformat(e["accessed"])) if e.get("accessed") else ""


def source_apa(e: Mapping[str, str]) -> str:
    when = _when(e)
    got = f"Retrieved {when}, from {e['url']}" if when else e["url"]
    return f"{e['title']}. ({e['year']}). In {e['site']}. {got}"


def source_chicago(e: Mapping[str, str]) -> str:
    when = f" Accessed {_when(e)}." if e.get("accessed") else ""
    return f"{e['author']}. “{e['title']}.” {e['site']}.{when} {e['url']}."


def attribution(e: Mapping[str, str]) -> str:
    """Return the CC BY-SA attribution of one article: title, authors, address, licence with link, changes."""
    lic = f"{e['licence']} ({e['licence_url']})" if e.get("licence_url") else e["licence"]
    return f"“{e['title']}” by {e['author']}, {e['site']}, {e['url']}, licensed {lic}; {CHANGES}."


def data_licence() -> str:
    """Return the licence statement of the curated tables."""
    name, url = DATA_LICENCE
    return (
        f"The tables are derived from the articles above and licensed {name} ({url}), with attribution to "
        "their authors. The dashboard's code is licensed MIT."
    )


# ---------------------------------------------------------------- BibTeX and RIS

_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_"}
_TEX.update({"$": r"\$", "^": r"\^{}", "~": r"\~{}"})


def tex(text: str) -> str:
    """Escape TeX's special characters in a field value (the URL field is left verbatim)."""
    return "".join(_TEX.get(ch, ch) for ch in str(text))


def bibtex(entries: Sequence[Mapping[str, str]]) -> str:
    """Return the entries as BibTeX @misc records (biblatex reads urldate and version)."""
    out = []
    for e in entries:
        fields = {
            "author": "{" + tex(e["author"]) + "}",  # a corporate author: one name, never split
            "title": "{" + tex(e["title"]) + "}",
            "year": tex(e["year"]) if e["year"] != "n.d." else "",
            "version": tex(e.get("version", "")),
            "howpublished": tex(e.get("site", "Data dashboard")),
            "url": e["url"].replace("{", "%7B").replace("}", "%7D"),
            "urldate": e.get("accessed", ""),
            "note": tex("; ".join(x for x in (e.get("note", ""), e.get("licence", "")) if x)),
        }
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        out.append(f"@misc{{{e['key']},\n{body}\n}}")
    return "\n\n".join(out) + "\n"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(str(value).split())}"


def ris(entries: Sequence[Mapping[str, str]]) -> str:
    """Return the entries as RIS records (TY ELEC: a web page or online resource)."""
    out = []
    for e in entries:
        lines = [_ris_line("TY", "ELEC"), _ris_line("AU", e["author"]), _ris_line("TI", e["title"])]
        if e.get("site"):
            lines.append(_ris_line("T2", e["site"]))
        if e["year"] != "n.d.":
            lines.append(_ris_line("PY", e["year"]))
        if e.get("version"):
            lines.append(_ris_line("ET", f"Version {e['version']}"))
        lines.append(_ris_line("UR", e["url"]))
        if e.get("accessed"):
            lines.append(_ris_line("Y2", e["accessed"].replace("-", "/")))
        for note in (e.get("note", ""), e.get("licence", "")):
            if note:
                lines.append(_ris_line("N1", note))
        lines.append("ER  - ")
        out.append("\r\n".join(lines))
    return "\r\n".join(out) + "\r\n"


def view_texts(v: View, sources: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """Return every form of the citation a reader can copy or download."""
    entries = [view_entry(v), *sources]
    return {
        "apa": view_apa(v),
        "chicago": view_chicago(v),
        "bibtex": bibtex([view_entry(v)]),
        "sources_apa": "\n".join(source_apa(e) for e in sources),
        "sources_chicago": "\n".join(source_chicago(e) for e in sources),
        "bib_file": bibtex(entries),
        "ris_file": ris(entries),
    }


def package_created(descriptor: Mapping) -> date | None:
    """Return the date the data package was created (its 'created' field), if it parses."""
    d = pd.to_datetime(str(descriptor.get("created", "")), errors="coerce")
    return None if pd.isna(d) else d.date()


def package_apa(descriptor: Mapping, url: str, accessed: date) -> str:
    """Return the APA citation of the data package itself (title, version, the page it is downloaded from)."""
    made = package_created(descriptor)
    return (
        f"{AUTHOR}. ({made.year if made else 'n.d.'}). {descriptor.get('title', TITLE)} "
        f"(Version {descriptor.get('version', 'n.d.')}) [Data set]. Retrieved {long_date(accessed)}, from {url}"
    )


def package_year(descriptor: Mapping) -> str:
    """Return the year the data package was made ('n.d.' when it does not say), for author-date citations."""
    made = package_created(descriptor)
    return str(made.year) if made else "n.d."
