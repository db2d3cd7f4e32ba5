"""The load test's websocket client drives a real server as a reader would, and sees what a reader sees.

No browser here: these run wherever the server runs. Timing is the load script's job, not a test's.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from ws_client import StreamlitClient  # noqa: E402

from components.ui import PAGES  # noqa: E402


def run(coro):
    """Run a coroutine in its own thread: Playwright's sync API may already own this thread's event loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _tour(base: str) -> StreamlitClient:
    client = await StreamlitClient.connect(base, query="years=1939-1945")
    await client.run()
    for _file, _title, _icon, _section, path, _blurb in PAGES:
        await client.switch_page(path)
        assert client.elements > 5, f"page /{path} drew almost nothing"
    await client.set_widget("Perpetrator", [client.widgets["Perpetrator"].options[0]])
    await client.set_widget("Years", [1917, 1922])
    await client.set_widget("Minimum deaths", 1000)
    await client.set_widget("Search names and places", "camp")
    await client.switch_page("timeline")  # filters survive a page switch, as in the browser
    await client.close()
    return client


def test_client_visits_every_page_and_changes_filters_without_errors(server):
    client = run(_tour(server))
    assert client.errors == []
    assert set(client.pages) >= {p[4] for p in PAGES}
    query = dict(kv.split("=", 1) for kv in client.query.split("&"))
    assert query["years"] == "1917-1922" and query["min_deaths"] == "1000" and query["q"] == "camp"
    assert "perp" in query  # the first perpetrator in the list, whichever it is


def test_client_reports_the_error_a_reader_would_see(make_server, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "incidents.csv").write_text("", encoding="utf-8")
    base = make_server(env={"WARCRIMES_DATA_DIR": str(data)})

    async def visit() -> StreamlitClient:
        client = await StreamlitClient.connect(base)
        await client.run()
        await client.close()
        return client

    errors = run(visit()).errors
    assert len(errors) == 1 and "incidents.csv" in errors[0] and "empty" in errors[0]


def test_load_script_runs_clients_and_reports_zero_errors():
    import load_test

    res = run(load_test.run_ws(3, 8, 0.2))
    assert res["errors"] == 0, res["error_samples"]
    assert res["by_kind"]["open"]["count"] == 3 and res["interactions"] > 3
    assert res["server_rss_mb_peak"] >= res["server_rss_mb_before"] > 0
