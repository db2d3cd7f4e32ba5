"""An independent oracle: the numbers the pages should print, computed in SQL (DuckDB) over the raw CSVs.

Nothing here imports the project's code. The rules are the ones data/README.md states:
a headline runs from the smallest lower bound of an incident's total death figures to the largest
upper bound (open when a lower bound exceeds every upper one; 'at least' the largest part when there
are only parts); sums add lows and highs, an 'up to' adding 0 to the low, an 'at least' adding its
number to both ends; a year filter keeps incidents overlapping the years; deaths per year spread an
incident's figures evenly over the calendar years it spans.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DEATHS = "(SELECT metric FROM metrics WHERE is_death = 'true')"


def connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for t in ("incidents", "estimates", "metrics", "parties", "periods", "pow_mortality", "shares"):
        con.execute(
            f"CREATE VIEW {t} AS SELECT * FROM read_csv('{DATA / (t + '.csv')}', all_varchar=true, header=true)"
        )
    con.execute(
        f"""
        CREATE TABLE totals AS  -- death figures that count an incident's victims as a whole
        SELECT incident_id, TRY_CAST(low AS DOUBLE) lo, TRY_CAST(high AS DOUBLE) hi FROM estimates
        WHERE metric IN {DEATHS} AND counts_part = 'false' AND (low IS NOT NULL OR high IS NOT NULL);
        CREATE TABLE heads AS
        WITH t AS (SELECT incident_id, MIN(lo) lo, MAX(hi) hi, COUNT(*) n,
                          ANY_VALUE(q) FILTER (WHERE TRUE) q FROM (
                     SELECT e.incident_id, TRY_CAST(e.low AS DOUBLE) lo, TRY_CAST(e.high AS DOUBLE) hi,
                            e.qualifier q
                     FROM estimates e WHERE e.metric IN {DEATHS} AND e.counts_part = 'false'
                       AND (e.low IS NOT NULL OR e.high IS NOT NULL)) GROUP BY incident_id),
             p AS (SELECT incident_id, MAX(GREATEST(COALESCE(TRY_CAST(low AS DOUBLE), 0),
                                                    COALESCE(TRY_CAST(high AS DOUBLE), 0))) lo
                   FROM estimates WHERE metric IN {DEATHS} AND counts_part = 'true'
                     AND (low IS NOT NULL OR high IS NOT NULL) GROUP BY incident_id),
             m AS (SELECT incident_id, MAX(GREATEST(COALESCE(TRY_CAST(low AS DOUBLE), 0),
                                                    COALESCE(TRY_CAST(high AS DOUBLE), 0))) mx
                   FROM estimates WHERE metric IN {DEATHS} GROUP BY incident_id)
        SELECT i.incident_id,
               COALESCE(t.lo, CASE WHEN t.incident_id IS NULL THEN p.lo END) lo,
               CASE WHEN t.hi < t.lo THEN NULL ELSE t.hi END hi,
               CASE WHEN t.incident_id IS NULL AND p.lo IS NOT NULL THEN 'at_least'
                    WHEN t.n = 1 THEN t.q END q,
               m.mx
        FROM incidents i LEFT JOIN t USING (incident_id) LEFT JOIN p USING (incident_id)
                         LEFT JOIN m USING (incident_id);
        """
    )
    return con


def where(state: dict) -> str:
    """Return the SQL condition of a filter state given as URL parameters."""
    c = ["TRUE"]
    if "years" in state:
        y0, y1 = map(int, state["years"].split("-"))
        c.append(f"year(CAST(date_end AS DATE)) >= {y0} AND year(CAST(date_start AS DATE)) <= {y1}")
    if "perp" in state:
        c.append("perpetrator IN (" + ",".join(f"'{p}'" for p in state["perp"].split(",")) + ")")
    if "crime" in state:
        c.append(
            "("
            + " OR ".join(
                f"list_contains(string_split(crime_types, ';'), '{t}')" for t in state["crime"].split(",")
            )
            + ")"
        )
    if "min_deaths" in state:
        c.append(f"mx >= {int(state['min_deaths'])}")
    if "q" in state:
        needle = state["q"].lower().replace("'", "''")
        c.append(
            "strpos(lower(COALESCE(name,'') || ' ' || COALESCE(other_names,'') || ' ' || COALESCE(place,'')),"
            f" '{needle}') > 0"
        )
    return " AND ".join(c)


def kept(con, state: dict) -> list[dict]:
    """Return the incidents a filter state keeps, with their headline bounds."""
    sql = f"""SELECT i.incident_id, i.name, i.perpetrator, i.date_start, i.date_end, i.crime_types,
                     year(CAST(date_start AS DATE)) y0, year(CAST(date_end AS DATE)) y1, h.lo, h.hi, h.q, h.mx
              FROM incidents i JOIN heads h USING (incident_id) WHERE {where(state)}"""
    cols = [d[0] for d in con.execute(sql).description]
    return [dict(zip(cols, r)) for r in con.execute(sql).fetchall()]


# --- wording --------------------------------------------------------------------------------

WORDS = {"about": "about", "nearly": "nearly", "at_least": "at least", "over": "over", "up_to": "up to"}
WORDS["under"] = "fewer than"


def n(x: float) -> str:
    return f"{round(x):,}"


def figure(lo, hi, q=None) -> str:
    """A figure as data/README.md words it."""
    if lo is None and hi is None:
        return "no figure"
    if q in ("about", "nearly") and lo is not None:
        return f"{WORDS[q]} {n(lo)}"
    if q in ("at_least", "over") and lo is not None and hi is None:
        return f"{WORDS[q]} {n(lo)}"
    if q in ("up_to", "under") and hi is not None and lo is None:
        return f"{WORDS[q]} {n(hi)}"
    if lo is not None and hi is not None:
        return n(lo) if lo == hi else f"{n(lo)}–{n(hi)}"
    return f"at least {n(lo)}" if lo is not None else f"up to {n(hi)}"


def percent(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


# --- what the pages print ---------------------------------------------------------------------


def labels(con, table: str, key: str) -> dict[str, str]:
    return dict(con.execute(f"SELECT {key}, label FROM {table}").fetchall())


def sums_by_perpetrator(con, state: dict) -> dict[str, dict]:
    """Per perpetrator label: incidents, with/without a figure, summed low and high, open high, text."""
    party = labels(con, "parties", "party_id")
    out: dict[str, dict] = {}
    for r in kept(con, state):
        d = out.setdefault(
            party[r["perpetrator"]], dict(incidents=0, with_figure=0, lo=0.0, hi=0.0, open=False)
        )
        d["incidents"] += 1
        if r["lo"] is None and r["hi"] is None:
            continue
        d["with_figure"] += 1
        d["lo"] += r["lo"] or 0.0
        d["hi"] += r["hi"] if r["hi"] is not None else r["lo"]
        d["open"] |= r["hi"] is None
    for d in out.values():
        d["without_figure"] = d["incidents"] - d["with_figure"]
        if not d["with_figure"]:
            d["text"] = "no figure"
        elif d["open"] and d["lo"] == d["hi"]:
            d["text"] = f"at least {n(d['lo'])}"
        else:
            d["text"] = figure(d["lo"], d["hi"]) + (" (high end at least)" if d["open"] else "")
    return out


def yearly_deaths(con, state: dict) -> dict[tuple[str, int], tuple[float, float]]:
    """Per (perpetrator id, year): the low and high deaths of the incidents under way, spread over their years."""
    y0, y1 = map(int, state.get("years", "1917-1991").split("-"))
    out: dict = {}
    for r in kept(con, state):
        if r["lo"] is None and r["hi"] is None:
            continue
        years = r["y1"] - r["y0"] + 1
        lo, hi = (r["lo"] or 0.0) / years, (r["hi"] if r["hi"] is not None else r["lo"]) / years
        for y in range(max(r["y0"], y0), min(r["y1"], y1) + 1):
            a, b = out.get((r["perpetrator"], y), (0.0, 0.0))
            out[(r["perpetrator"], y)] = (a + lo, b + hi)
    return out


def counts_by_period(con, state: dict) -> dict[tuple[str, str], int]:
    """Per (perpetrator label, period label): incidents starting in the period (a period includes its first day)."""
    party, periods = (
        labels(con, "parties", "party_id"),
        con.execute("SELECT start, label FROM periods").fetchall(),
    )
    out: dict = {}
    for r in kept(con, state):
        p = max((s, lab) for s, lab in periods if s <= r["date_start"])[1]
        out[(party[r["perpetrator"]], p)] = out.get((party[r["perpetrator"]], p), 0) + 1
    return out


def disagreements(con, state: dict) -> dict[str, tuple[float, float]]:
    """Per incident name whose total death figures differ (open bounds included): (lowest, highest)."""
    ids = {r["incident_id"]: r["name"] for r in kept(con, state)}
    rows = con.execute("SELECT incident_id, lo, hi FROM totals").fetchall()
    figs: dict = {}
    for iid, lo, hi in rows:
        if iid in ids:
            figs.setdefault(iid, set()).add((lo, hi))
    out = {}
    for iid, pairs in figs.items():
        if len(pairs) > 1:
            vals = [v for p in pairs for v in p if v is not None]
            out[ids[iid]] = (min(v for v in vals if v > 0), max(vals))
    return out


def share_only(con, state: dict) -> int:
    """Incidents kept with no death figure but a share."""
    with_share = {r[0] for r in con.execute("SELECT DISTINCT incident_id FROM shares").fetchall()}
    return sum(
        1 for r in kept(con, state) if r["lo"] is None and r["hi"] is None and r["incident_id"] in with_share
    )


def pow_rates(con) -> list[tuple[str, str]]:
    """Per row giving both captured and died: (attribution, died ÷ captured as text), sorted."""
    out = []
    for attr, cl, ch, dl, dh in con.execute(
        """SELECT attribution, TRY_CAST(captured_low AS DOUBLE), TRY_CAST(captured_high AS DOUBLE),
                  TRY_CAST(died_low AS DOUBLE), TRY_CAST(died_high AS DOUBLE) FROM pow_mortality
           WHERE (captured_low IS NOT NULL OR captured_high IS NOT NULL)
             AND (died_low IS NOT NULL OR died_high IS NOT NULL)"""
    ).fetchall():
        lo = min(100 * dl / ch, 100.0) if dl is not None and ch else None  # fewest deaths / most prisoners
        hi = min(100 * dh / cl, 100.0) if dh is not None and cl else None  # most deaths / fewest prisoners
        if lo is not None and hi is not None:
            text = f"{percent(lo)}%" if lo == hi else f"{percent(lo)}–{percent(hi)}%"
        elif lo is not None:
            text = f"at least {percent(lo)}%"
        elif hi is not None:
            text = f"up to {percent(hi)}%"
        else:
            text = ""
        out.append((attr, text))
    return sorted(out)


def article_summary_table(seeds: Path) -> dict[tuple[str, str], str]:
    """The 'Percent killed' summary table as the article prints it: (row, column) -> cell text."""
    text = (seeds / "000_a8399f0e2ca2c72b.txt").read_text(encoding="utf-8")
    block = text.split("===Summary table===", 1)[1].split("==Moral equivalence", 1)[0]
    lines = [ln for ln in block.splitlines() if ln.startswith("|")]
    cells = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]
    columns = [c for c in cells[1] if c]
    out = {}
    for row in cells[2:]:
        if row[0] == "Held by":
            row = row[1:]
        values = (row[1:] + [""] * len(columns))[: len(columns)]
        for col, v in zip(columns, values):
            out[(row[0], col)] = re.sub(r"\s*–\s*", "–", v)
    return out
