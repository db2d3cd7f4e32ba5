"""Check curated tables (the whole data/ folder, or fragments) against the schema and the rules.

    python scripts/check_curation.py                       # data/ as it is
    python scripts/check_curation.py data/curation/h1_     # fragments h1_incidents.csv, ...
Prints one line per problem and exits 1 when there is any.
"""

import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
from frictionless import Package

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from components import rules  # noqa: E402

MAIN_TABLES = ["incidents", "incident_sources", "estimates", "pow_mortality"]


def geocode(points):
    import reverse_geocoder as rg

    return [r["cc"] for r in rg.search(points, mode=1, verbose=False)]


def main(prefix: str | None) -> int:
    tmp = Path(tempfile.mkdtemp())
    for p in (ROOT / "data").glob("*"):
        if p.is_file():
            shutil.copy(p, tmp / p.name)
    if prefix:
        for t in MAIN_TABLES:
            frag = Path(f"{prefix}{t}.csv")
            if frag.exists():
                shutil.copy(frag, tmp / f"{t}.csv")
            else:  # keep only the header
                head = (tmp / f"{t}.csv").read_text(encoding="utf-8").splitlines()[0]
                (tmp / f"{t}.csv").write_text(head + "\n", encoding="utf-8")
    problems = []
    report = Package(str(tmp / "datapackage.json")).validate()
    for task in report.tasks:
        for err in task.errors:
            problems.append(
                f"{task.name}.csv row {getattr(err, 'row_number', '?')}, field "
                f"'{getattr(err, 'field_name', '?')}': {err.message}"
            )

    def read(t):
        return pd.read_csv(tmp / f"{t}.csv", dtype=str, keep_default_na=False).replace("", None)

    inc, est, pow_ = read("incidents"), read("estimates"), read("pow_mortality")
    for df in (inc,):
        df["at_sea"] = df["at_sea"].map(lambda v: str(v).lower() == "true")
    texts = rules.load_source_texts(
        Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared" / "seeds", read("sources")
    )
    found = []
    found += rules.check_qualified_range("estimates", est, "low", "high", "qualifier")
    for m in ("captured", "died", "rate"):
        found += rules.check_qualified_range("pow_mortality", pow_, f"{m}_low", f"{m}_high", f"{m}_qualifier")
    found += rules.check_rates(pow_)
    if len(inc):
        found += rules.check_dates(inc)
        found += rules.check_coordinates(inc, geocode)
        found += rules.check_sea(inc)
        found += rules.check_duplicate_incidents(inc)
        found += rules.check_summaries_not_copied(inc, texts)
    found += rules.check_value_text("estimates", est, texts)
    found += rules.check_value_text("pow_mortality", pow_, texts)
    problems += [str(p) for p in found]
    for p in problems:
        print(p)
    print(f"{len(inc)} incidents, {len(est)} estimates, {len(pow_)} POW rows; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "-" else None))
