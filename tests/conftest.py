"""Shared fixtures: the real dataset, a copy of the data folder, an AppTest factory."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
# Fingerprints of validated packages go to a folder of this test session, not the user's cache;
# servers and AppTest runs started by the tests inherit it.
os.environ["WARCRIMES_CACHE_DIR"] = tempfile.mkdtemp(prefix="warcrimes-cache-")


@pytest.fixture(scope="session")
def ds():
    """The real data package, loaded and validated."""
    from components.data import load_dataset

    return load_dataset(DATA)


@pytest.fixture(scope="session")
def labels(ds):
    """The filters' label maps ({filter attribute: {value: label}}) of the real data package."""
    from components.labels import filter_labels

    return filter_labels(ds)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ to corrupt or change."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst, ignore=shutil.ignore_patterns("curation", "*.md"))
    return dst


@pytest.fixture()
def app():
    """Return a factory: app(query={...}) -> AppTest of app.py after its first run."""
    from streamlit.testing.v1 import AppTest

    def make(query: dict | None = None, page: str | None = None):
        """Open the app as a link does: straight on `page` (default: Overview) with the query."""
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for k, v in (query or {}).items():
            at.query_params[k] = v
        if page:
            at.switch_page(page)
        at.run()
        return at

    return make
