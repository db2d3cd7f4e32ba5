"""The load test's report: each dashboard run as a multiple of the floor app's p95 in the same round."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import load_test


def _run(name: str, app: str, k: int, p95: float) -> dict:
    kinds = {kind: {"p95_s": p95} for kind in ("open", "page", "filter")}
    return {
        "name": name, "app": app, "round": k, "interactions": 1, "errors": 0, "median_s": 1.0,
        "p95_s": p95, "by_kind": kinds, "server_rss_mb_before": 1.0, "server_rss_mb_peak": 2.0,
    }  # fmt: skip


def test_each_round_is_read_against_its_own_floor():
    floor = load_test.FLOOR
    results = [
        _run("dashboard, 1 replica (round 1)", "app.py", 1, 4.0),
        _run("floor app, 1 replica (round 1)", floor, 1, 2.0),  # 4 / 2 = 2.0x
        _run("floor app, 1 replica (round 2)", floor, 2, 5.0),
        _run("dashboard, 1 replica (round 2)", "app.py", 2, 5.0),  # 5 / 5 = 1.0x
    ]
    rows = load_test.table(results).splitlines()
    assert "| 2.0× |" in rows[2] and "| 1.0× |" in rows[5]
    assert rows[-1].endswith("dashboard, 1 replica 1.5× (2 rounds)")


def test_rounds_take_turns():
    order = [(app, k) for _n, app, _r, k in load_test.runs_wanted([1], True, 2)]
    assert order == [("app.py", 1), (load_test.FLOOR, 1), (load_test.FLOOR, 2), ("app.py", 2)]
