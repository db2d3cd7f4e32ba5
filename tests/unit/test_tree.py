"""The tree itself: no file that git tracks holds the markers of an unresolved merge."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / line for line in out.splitlines() if line]


def test_no_unresolved_merge_markers():
    found = []
    for p in tracked():
        if not p.is_file() or p.stat().st_size > 5_000_000:
            continue
        try:
            lines = p.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        found += [f"{p.relative_to(ROOT)}:{i}" for i, ln in enumerate(lines, 1) if ln.startswith(MARKERS)]
    assert not found, found
