"""Write data/source_sections.csv: every section path of every source article.

Section paths join headings outermost first with ' > '. Text before the first
heading is the section '(lead)'. Run once per new seed copy:
    python scripts/extract_sections.py ../shared/seeds
"""

import csv
import re
import sys
from pathlib import Path

# Load inputs.
SEEDS = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources.csv"
OUT = SOURCES.with_name("source_sections.csv")
WIKI_HEADING = re.compile(r"^(={2,6})\s*(.*?)\s*=+\s*$")
FANDOM_HEADING = re.compile(r"^(.+?)\[\]\s*$")
# Military Wiki headings carry no level; these are the subsections of the copy (003).
FANDOM_PARENTS = {
    "Estonia": "World War II",
    "Mass deportations": "World War II > Estonia",
    "Destruction battalions": "World War II > Estonia",
    "Rapes": "World War II > Estonia",
    "Lithuania": "World War II",
    "Poland": "World War II",
    "1939–1941": "World War II > Poland",
    "1944–1945": "World War II > Poland",
    "Finland": "World War II",
    "Soviet Union": "World War II",
    "Retreat by Soviet forces in 1941": "World War II > Soviet Union",
    "1943–1945": "World War II > Soviet Union",
    "Germany": "World War II",
    "Murders of civilians": "World War II > Germany",
    "Mass rapes": "World War II > Germany",
    "Prisoners of war": "World War II > Germany",
    "Consequences": "World War II > Germany",
    "Hungary": "World War II",
    "Yugoslavia": "World War II",
    "Czechoslovakia (1945)": "World War II",
    "China": "World War II",
    "Treatment of prisoners of war": "World War II",
    "Hungarian Revolution (1956)": "After World War II",
    "Czechoslovakia (1968)": "After World War II",
    "Afghanistan (1979–1989)": "After World War II",
}


def wiki_sections(text: str) -> list[str]:
    """Return the section paths of a MediaWiki-style plain-text article."""
    stack: list[str] = []
    paths = ["(lead)"]
    for line in text.splitlines():
        m = WIKI_HEADING.match(line)
        if not m or line.startswith("= "):
            continue
        level = len(m.group(1)) - 1
        stack = [*stack[: level - 1], m.group(2)]
        paths.append(" > ".join(stack))
    return paths


def fandom_sections(text: str) -> list[str]:
    """Return the section paths of the Military Wiki copy."""
    paths = ["(lead)"]
    for line in text.splitlines():
        m = FANDOM_HEADING.match(line)
        if m:
            name = m.group(1).strip()
            parent = FANDOM_PARENTS.get(name)
            paths.append(f"{parent} > {name}" if parent else name)
    return paths


# Process data.
rows = []
with SOURCES.open(encoding="utf-8") as fh:
    for src in csv.DictReader(fh):
        text = (SEEDS / src["file"]).read_text(encoding="utf-8")
        paths = fandom_sections(text) if "fandom" in src["url"] else wiki_sections(text)
        seen = set()
        for p in paths:
            if p not in seen:
                seen.add(p)
                rows.append({"source_id": src["source_id"], "section": p})

# Save outputs.
with OUT.open("w", newline="", encoding="utf-8") as fh:
    w = csv.DictWriter(fh, fieldnames=["source_id", "section"])
    w.writeheader()
    w.writerows(rows)
print(f"wrote {len(rows)} sections to {OUT}")
