"""Check curated tables (the whole data/ folder, or fragments) against the schema and the rules.

    python scripts/check_curation.py                       # data/ as it is
    python scripts/check_curation.py data/curation/h1_     # fragments h1_incidents.csv, ...
    python scripts/check_curation.py - /path/to/seeds      # data/ with the articles in another folder
Prints one line per problem, then the checks that ran (and any that could not run), and exits 1
when there is a problem. The articles are looked for in the second argument, $SEEDS_DIR or
../shared/seeds; without them the checks that need them are skipped and named, and under CI=true
their absence is itself a problem.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
from frictionless import Package

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from components import rules  # noqa: E402

MAIN_TABLES = ["incidents", "incident_sources", "estimates", "shares", "pow_mortality"]
READER_TEXT = {  # fields shown to readers, which must never name an internal source id
    "incidents": [
        *("name", "other_names", "date_note", "perpetrator_force", "victim_group", "place"),
        *("accountability", "summary"),
    ],
    "estimates": ["victims", "attribution", "note"],
    "shares": ["group", "attribution", "note"],
    "pow_mortality": ["scope", "attribution", "note"],
}


def geocode(points):
    import reverse_geocoder as rg

    return [r["cc"] for r in rg.search(points, mode=1, verbose=False)]


def seeds_dir() -> Path:
    """Return the folder of the source articles: argument 2, $SEEDS_DIR or ../shared/seeds."""
    if len(sys.argv) > 2:
        return Path(sys.argv[2])
    return Path(os.environ.get("SEEDS_DIR") or ROOT.parent / "shared" / "seeds")


def copy_package(prefix: str | None) -> Path:
    """Return a temporary copy of data/, with the fragments of `prefix` in place of the main tables."""
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
    return tmp


def main(prefix: str | None) -> int:
    tmp = copy_package(prefix)
    problems, ran, skipped = [], [], []
    report = Package(str(tmp / "datapackage.json")).validate()
    for task in report.tasks:
        for err in task.errors:
            problems.append(
                f"{task.name}.csv row {getattr(err, 'row_number', '?')}, field "
                f"'{getattr(err, 'field_name', '?')}': {err.message}"
            )
    ran.append("schema: types, constraints, primary and foreign keys (frictionless)")

    def read(t):
        return pd.read_csv(tmp / f"{t}.csv", dtype=str, keep_default_na=False).replace("", None)

    inc, est, shares, pow_ = read("incidents"), read("estimates"), read("shares"), read("pow_mortality")
    inc["at_sea"] = inc["at_sea"].map(lambda v: str(v).lower() == "true")
    found = rules.check_qualified_range("estimates", est, "low", "high", "qualifier")
    found += rules.check_qualified_range("shares", shares, "low", "high", "qualifier")
    for m in ("captured", "died", "rate"):
        found += rules.check_qualified_range("pow_mortality", pow_, f"{m}_low", f"{m}_high", f"{m}_qualifier")
    ran.append("qualifiers agree with low and high (estimates, shares, POW counts and rates)")
    found += rules.check_rates(pow_)
    ran.append("POW rates agree with died/captured or a note says why")
    metrics = read("metrics")
    found += rules.check_metric_units("estimates", est, metrics, percent=False)
    found += rules.check_metric_units("shares", shares, metrics, percent=True)
    ran.append("counts use count metrics, shares use metrics in percent")
    ids = set(read("sources")["source_id"])
    for table, df in (("incidents", inc), ("estimates", est), ("shares", shares), ("pow_mortality", pow_)):
        found += rules.check_no_internal_ids(table, df, ids, READER_TEXT[table])
    ran.append("no text shown to readers names an internal source id")
    if len(inc):
        found += rules.check_dates(inc)
        found += rules.check_coordinates(inc, geocode)
        found += rules.check_sea(inc)
        found += rules.check_duplicate_incidents(inc)
        ran += ["dates parse, start <= end", "coordinates lie in the stated country (offline geocoder)"]
        ran += ["sea incidents have no country", "no duplicate incidents"]
    seeds = seeds_dir()
    texts = rules.load_source_texts(seeds, read("sources"))
    missing = sorted(ids - set(texts))
    if missing:
        skipped.append(
            f"figures worded as in the article, summaries not copied: no article for {', '.join(missing)} "
            f"in {seeds}"
        )
        if os.environ.get("CI", "").lower() == "true":
            problems.append(f"source articles missing from {seeds} (CI=true: the text checks must run)")
    if texts:
        if len(inc):
            found += rules.check_summaries_not_copied(inc, texts)
        for table, df in (("estimates", est), ("shares", shares), ("pow_mortality", pow_)):
            found += rules.check_value_text(table, df, texts)
        ran.append(
            f"value_text occurs verbatim in the cited article; no summary shares {rules.COPY_WORDS} "
            f"words with an article ({len(texts)} of {len(ids)} articles, from {seeds})"
        )
    problems += [str(p) for p in found]
    for p in problems:
        print(p)
    print("Checks run:\n" + "\n".join(f"  - {c}" for c in ran))
    if skipped:
        print("Checks skipped:\n" + "\n".join(f"  - {c}" for c in skipped))
    print(
        f"{len(inc)} incidents, {len(est)} estimates, {len(shares)} shares, {len(pow_)} POW rows; "
        f"{len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "-" else None))
