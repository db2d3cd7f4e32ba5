"""Shares: percentages of a stated group ('around half died', '46%'), kept apart from counts (pure functions).

A share is never added to deaths or to any other count: it has its own table (shares.csv), its
metrics have the unit 'percent', and it is shown as a share, with the group it is a share of.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from components.format import fmt_rate

HEADING = "Shares: percent of a stated group, never added to deaths"
RULE = "A share is a percentage of a stated group as the article gives it; it is never added to a count."
WORDS = {"under": "less than"}  # 'fewer than 30%' reads wrongly for a percentage


def share_figure(low, high, qualifier) -> str:
    """Return a share as readers expect it: '46%', 'about 50%', 'at least 19.82%', 'less than 30%'."""
    text = fmt_rate(low, high, qualifier)
    for q, word in WORDS.items():
        if qualifier == q:
            text = text.replace("fewer than", word, 1)
    return text


def share_texts(shares: pd.DataFrame, metric_labels: Mapping[str, str]) -> pd.Series:
    """Return per incident id its shares as one text, each metric named once and repeated figures once.

    'Share who died: at least 33.3% of Polish prisoners of war …; 97% of Polish officers …'
    """
    if shares.empty:
        return pd.Series(dtype="string")
    figures = [
        f"{share_figure(lo, hi, q)} of {g}"
        for lo, hi, q, g in zip(shares["low"], shares["high"], shares["qualifier"], shares["group"])
    ]
    df = pd.DataFrame({"incident_id": shares["incident_id"], "metric": shares["metric"], "figure": figures})
    df = df.drop_duplicates()  # two revisions giving the same share say it once
    per_metric = df.groupby(["incident_id", "metric"], sort=False)["figure"].agg("; ".join).reset_index()
    per_metric["text"] = [
        f"{metric_labels.get(m, m)}: {t}" for m, t in zip(per_metric["metric"], per_metric["figure"])
    ]
    return per_metric.groupby("incident_id", sort=False)["text"].agg("; ".join).astype("string")


def incident_table(
    shares: pd.DataFrame, incident_id: str, metric_labels: Mapping[str, str], titles: Mapping[str, str]
) -> pd.DataFrame:
    """Return the shares of one incident as a readable table (empty when it has none)."""
    s = shares[shares["incident_id"] == incident_id]
    return pd.DataFrame(
        {
            "Metric": s["metric"].map(lambda m: metric_labels.get(m, m)),
            "Share": [share_figure(a, b, q) for a, b, q in zip(s["low"], s["high"], s["qualifier"])],
            "Of": s["group"],
            "As worded in the source": s["value_text"],
            "Part only": s["counts_part"].map(lambda v: "yes" if v is True else ""),
            "According to": s["attribution"],
            "Source article": s["source_id"].map(lambda i: titles.get(i, i)),
            "Section": s["section"],
            "Note": s["note"],
        }
    ).reset_index(drop=True)


def share_only(inc: pd.DataFrame) -> int:
    """Return how many incidents have a share but no death figure."""
    if "share_text" not in inc:
        return 0
    no_figure = inc["deaths_low"].isna() & inc["deaths_high"].isna()
    return int((no_figure & inc["share_text"].notna()).sum())


def caption(inc: pd.DataFrame) -> str:
    """Return a sentence for the pages that speak of deaths: how many incidents have only a share."""
    n = share_only(inc)
    if not n:
        return ""
    them = "it gives" if n == 1 else "they give"
    return (
        f" {n:,} of the incidents without a death figure {'has' if n == 1 else 'have'} only a share, not a "
        f"count: {them} a percentage of a stated group (on the Incidents page), which is never added here."
    )
