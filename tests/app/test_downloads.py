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
            "Download their estimates (CSV)",
            "Both, with a README (zip)",
        ],
        "views/pow.py": ["Download all POW figures (CSV)", "With a README (zip)"],
        "views/sources.py": ["Download the whole data package (zip)"],
    }
    for page, labels in want.items():
        at = app(page=page)
        assert not at.exception
        assert [x for x in _labels(at, "download_button") if x in labels] == labels, page
        # Only slow files (the lesson deck, PDF worksheets) wait for a "Prepare" click.
        slow = {"Prepare: Lesson deck of this view (PowerPoint)", "Prepare: Worksheet for this pair (PDF)"}
        assert {b.label for b in at.button if b.label.startswith("Prepare")} <= slow, page


def test_a_large_file_is_built_when_asked_for_and_then_offered(app, monkeypatch):
    monkeypatch.setattr(downloads, "DIRECT_MAX_ROWS", 25)
    at = app(page="views/incidents.py")
    prepare = [b for b in at.button if b.label.startswith("Prepare")]
    n_inc, n_est = _rows("incidents.csv"), _rows("estimates.csv")
    assert [b.label for b in prepare][:3] == [
        f"Prepare: Download these incidents (CSV) ({n_inc:,} rows)",
        f"Prepare: Download their estimates (CSV) ({n_est:,} rows)",
        f"Prepare: Both, with a README (zip) ({n_inc + n_est:,} rows)",
    ]
    assert "Download these incidents (CSV)" not in _labels(at, "download_button")
    prepare[0].click().run()
    assert not at.exception
    assert "Download these incidents (CSV)" in _labels(at, "download_button")
    still = [b.label for b in at.button if b.label.startswith("Prepare")]
    assert prepare[0].label not in still and prepare[1].label in still


def test_a_large_package_is_zipped_when_asked_for(app, monkeypatch, ds):
    """At 1000x the data the zip takes seconds and tens of MB: the Sources page is not held up by it."""
    monkeypatch.setattr(downloads, "DIRECT_MAX_ROWS", 25)
    at = app(page="views/sources.py")
    rows = sum(_rows(f"{name}.csv") for name in ds.tables)
    want = f"Prepare: Download the whole data package (zip) ({rows:,} rows)"
    assert [b.label for b in at.button if "data package" in b.label] == [want]
    assert "Download the whole data package (zip)" not in _labels(at, "download_button")
    next(b for b in at.button if b.label == want).click().run()
    assert not at.exception and "Download the whole data package (zip)" in _labels(at, "download_button")


def test_a_small_file_is_built_once_per_key_and_shared_a_large_one_each_time(monkeypatch):
    """The zip of the Incidents page takes the bytes its CSV buttons offer (downloads.prepared): one build."""
    built = []

    def make() -> bytes:
        built.append(1)
        return b"a,b\n"

    key = ("test-prepared", len(built), id(make))
    assert downloads.prepared("t.csv", make, memo_key=key, rows=3) == b"a,b\n"
    assert downloads.prepared("t.csv", make, memo_key=key, rows=3) == b"a,b\n"
    assert len(built) == 1
    monkeypatch.setattr(downloads, "DIRECT_MAX_ROWS", 2)
    downloads.prepared("t.csv", make, memo_key=key, rows=3)
    downloads.prepared("t.csv", make, memo_key=key, rows=3)
    assert len(built) == 3  # too large to keep: built when asked for, never held by the process
