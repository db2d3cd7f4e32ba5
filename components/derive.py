"""Derived quantities that several pages print: the death metrics and the incidents without a death figure.

The headline range of each incident is derived once by the loader (components.data.derive); what is
computed from the filtered incidents lives here so that Timeline, Compare and the slides agree.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def death_metrics(ds: Any) -> frozenset[str]:
    """Return the metrics that count deaths (metrics.is_death), once per dataset."""
    return ds.memo(
        "death_metrics",
        lambda d: frozenset(d["metrics"].loc[d["metrics"]["is_death"].astype(bool), "metric"]),
    )


def without_death_figure(inc: pd.DataFrame) -> int:
    """Return how many incidents have no death figure at all (neither a low nor a high end)."""
    return int((inc["deaths_low"].isna() & inc["deaths_high"].isna()).sum())
