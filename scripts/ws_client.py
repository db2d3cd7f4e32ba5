"""A headless Streamlit client: one browser session's websocket, without the browser.

It speaks the protocol the Streamlit frontend speaks on /_stcore/stream: it sends BackMsg
protobufs (rerun requests with the page, the URL query and the widget values) and reads
ForwardMsg protobufs until the script run finishes. It learns the pages from the
`navigation` message and the sidebar widgets (id, label, options) from the deltas, so it
can switch pages and change filters the way a reader does, and it counts what a reader
would see as a failure: an exception box, an error alert, a failed run or a lost connection.

    client = await StreamlitClient.connect("http://127.0.0.1:8501", query="years=1939-1945")
    seconds = await client.run()                 # the first page
    seconds = await client.switch_page("timeline")
    seconds = await client.set_widget("Perpetrator", ["Soviet Union"])
    client.errors                                # what went wrong, if anything
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.typing import Origin, Subprotocol

DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
WIDGET_TYPES = {
    "slider",
    "multiselect",
    "number_input",
    "text_input",
    "selectbox",
    "radio",
    "checkbox",
    "toggle",
}


@dataclass
class Widget:
    """A widget the script drew: its id, label, kind and (for choices) the options as shown."""

    id: str
    label: str
    kind: str
    options: list[str] = field(default_factory=list)


class StreamlitClient:
    """One session over Streamlit's websocket protocol."""

    def __init__(self, ws, query: str = "", timeout: float = 60.0):
        self.ws, self.query, self.timeout = ws, query, timeout
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}  # label -> widget, as drawn in the last run
        self.states: dict[str, WidgetState] = {}  # widget id -> the value this client has set
        self.errors: list[str] = []
        self.elements = 0  # elements drawn in the last run

    @classmethod
    async def connect(cls, base_url: str, query: str = "", timeout: float = 60.0) -> StreamlitClient:
        u = urlparse(base_url)
        ws = await websockets.connect(
            f"ws://{u.netloc}{u.path.rstrip('/')}/_stcore/stream",
            subprotocols=[Subprotocol("streamlit")],
            origin=Origin(f"{u.scheme}://{u.netloc}"),
            max_size=None,
            open_timeout=timeout,
        )
        return cls(ws, query, timeout)

    async def close(self) -> None:
        await self.ws.close()

    async def run(self, page: str | None = None) -> float:
        """Ask for a script run (of `page`, a url path, if given); return seconds until it finished."""
        msg = BackMsg()
        rs = msg.rerun_script
        rs.query_string = self.query
        if page is not None:
            rs.page_name = page
            rs.page_script_hash = self.pages.get(page, "")
        else:
            rs.page_script_hash = self.page_hash
        rs.widget_states.widgets.extend(self.states.values())
        t = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        try:
            await asyncio.wait_for(self._until_finished(), self.timeout)
        except TimeoutError:
            self.errors.append(f"no end of run within {self.timeout:.0f} s (page {page or self.page_hash})")
        except websockets.ConnectionClosed as exc:
            self.errors.append(f"connection closed: {exc}")
            raise
        return time.perf_counter() - t

    async def switch_page(self, url_path: str) -> float:
        """Go to another page, keeping the filters (as a click in the navigation does)."""
        return await self.run(url_path)

    async def set_widget(self, label: str, value) -> float:
        """Give the widget with this label a new value and rerun, as a reader's change does."""
        w = self.widgets[label]
        s = WidgetState(id=w.id)
        if w.kind == "slider":
            s.double_array_value.data.extend(float(v) for v in value)
        elif w.kind == "multiselect":
            s.string_array_value.data.extend(value)
        elif w.kind == "number_input":
            s.int_value = int(value)
        elif w.kind in ("checkbox", "toggle"):
            s.bool_value = bool(value)
        else:
            s.string_value = str(value)
        self.states[w.id] = s
        return await self.run()

    async def _until_finished(self) -> None:
        self.widgets, self.elements = {}, 0
        while True:
            msg = ForwardMsg.FromString(await self.ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element)
            elif (
                kind == "session_event"
                and msg.session_event.WhichOneof("type") == "script_compilation_exception"
            ):
                self.errors.append("the script did not compile")
            elif kind == "page_not_found":
                self.errors.append(f"page not found: {msg.page_not_found.page_name}")
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    self.errors.append("the script finished with a compile error")
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return

    def _element(self, el) -> None:
        self.elements += 1
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"exception: {el.exception.type}: {el.exception.message[:160]}")
        elif kind == "alert" and el.alert.format == Alert.ERROR:
            self.errors.append(f"error alert: {el.alert.body[:160]}")
        elif kind in WIDGET_TYPES:
            w = getattr(el, kind)
            self.widgets[w.label] = Widget(w.id, w.label, kind, list(getattr(w, "options", [])))
            if w.id not in self.states or w.set_value:
                self._remember(kind, w)

    def _remember(self, kind: str, w) -> None:
        """Hold the value a widget shows, as the frontend does, to send back with every rerun.

        The script set it (set_value) or it shows its default. Only the filter widgets' kinds are
        held; a page's own widgets fall back to their defaults, as on a fresh visit to the page.
        """
        s = WidgetState(id=w.id)
        if kind == "slider":
            s.double_array_value.data.extend(w.value if w.set_value else w.default)
        elif kind == "multiselect":
            s.string_array_value.data.extend(
                w.raw_values if w.set_value else [w.options[i] for i in w.default]
            )
        elif kind == "number_input" and w.data_type == w.INT:
            s.int_value = int(w.value if w.set_value else w.default)
        elif kind == "text_input":
            s.string_value = w.value if w.set_value else w.default
        else:
            return
        self.states[w.id] = s
