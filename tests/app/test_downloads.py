"""Downloads: offered at once at the data's real size; above DIRECT_MAX_ROWS rows built on request first.

Whether the file arrives in a browser, right after load and under load, is tests/browser/test_downloads.py.
"""

import csv

from components import downloads
from tests.conftest import DATA


def _labels(at, kind: str) -> list[str]:
    return [e.proto.label for e in at.get(kind)]


def _rows(name: str) -> int:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def test_every_download_is_offered_at_once_at_the_real_size(app):
    want = {
        "views/incidents.py": [
            "Download these incidents (CSV)",
            "Download their estimates with sources (CSV)",
        ],
        "views/pow.py": ["Download all POW figures (CSV)"],
        "views/sources.py": ["Download the whole data package (zip)"],
    }
    for page, labels in want.items():
        at = app(page=page)
        assert not at.exception
        assert _labels(at, "download_button") == labels, page
        assert not [b for b in at.button if b.label.startswith("Prepare")], page


def test_a_large_file_is_built_when_asked_for_and_then_offered(app, monkeypatch):
    monkeypatch.setattr(downloads, "DIRECT_MAX_ROWS", 25)
    at = app(page="views/incidents.py")
    prepare = [b for b in at.button if b.label.startswith("Prepare")]
    assert [b.label for b in prepare] == [
        f"Prepare: Download these incidents (CSV) ({_rows('incidents.csv'):,} rows)",
        f"Prepare: Download their estimates with sources (CSV) ({_rows('estimates.csv'):,} rows)",
    ]
    assert _labels(at, "download_button") == []
    prepare[0].click().run()
    assert not at.exception
    assert _labels(at, "download_button") == ["Download these incidents (CSV)"]
    assert [b.label for b in at.button if b.label.startswith("Prepare")] == [prepare[1].label]
