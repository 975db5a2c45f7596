"""A small page cache: the corpus is read-only while it is served, so a rendered page stays
right until the data directory changes.

Auditors reopen the same searches and records all day; a cached page costs a dictionary
lookup instead of a graph query, a search and a template.  Entries are keyed by method,
path, query string and the Accept header (content negotiation), and the whole cache is
dropped when the corpus manifest changes (a new ingest).  SPARQL, exports and original
files are never cached.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

UNCACHED_PREFIXES = ("/sparql", "/export", "/original", "/static", "/docs", "/openapi.json")
MAX_BODY = 2 * 1024 * 1024


class PageCache:
    """ASGI middleware with an LRU of complete responses."""

    def __init__(self, app, *, version: Callable[[], str], max_entries: int = 2048):
        self.app = app
        self.version = version
        self.max_entries = max_entries
        self.entries: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self.lock = threading.Lock()
        self.current = None
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(UNCACHED_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        key = (scope["path"], scope.get("query_string", b""), headers.get(b"accept", b""))
        version = self.version()
        with self.lock:
            if version != self.current:
                self.entries.clear()
                self.current = version
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
                self.hits += 1
        if hit is not None:
            status, resp_headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": resp_headers})
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        captured: dict = {"body": bytearray(), "ok": True}

        async def capture(message):
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = list(message.get("headers") or [])
            elif message["type"] == "http.response.body":
                captured["body"].extend(message.get("body", b""))
                if len(captured["body"]) > MAX_BODY:
                    captured["ok"] = False
            await send(message)

        await self.app(scope, receive, capture)
        if captured.get("status") == 200 and captured["ok"]:
            with self.lock:
                if version == self.current:
                    self.entries[key] = (200, captured["headers"], bytes(captured["body"]))
                    while len(self.entries) > self.max_entries:
                        self.entries.popitem(last=False)


def manifest_version(data_dir: str | os.PathLike) -> Callable[[], str]:
    """The corpus version: the manifest's mtime and size, looked at no more than once a second."""
    path = Path(data_dir) / "manifest.json"
    state = {"at": 0.0, "value": ""}

    def version() -> str:
        now = time.monotonic()
        if now - state["at"] > 1.0:
            try:
                st = path.stat()
                state["value"] = f"{st.st_mtime_ns}:{st.st_size}"
            except OSError:
                state["value"] = ""
            state["at"] = now
        return state["value"]

    return version
