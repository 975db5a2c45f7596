"""URL building: IRIs to page paths and back, and query-string links that keep the other filters.

Every node of the graph is served at its own IRI path (``/id/…``); the path is mapped to the IRI
with the corpus base whatever host serves it, so a corpus built for ``http://localhost:8000/id/``
browses the same behind any proxy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import quote, unquote, urlencode

ID_PREFIX = "/id/"


class Urls:
    """IRI <-> path mapping for one corpus base."""

    def __init__(self, base: str):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def iri_of_path(self, raw_tail: str) -> str:
        """`raw_tail` is the still-percent-encoded path after /id/."""
        return self.base + raw_tail

    def href(self, iri: str | None, anchor: str | None = None) -> str:
        """Where a node is shown: its /id/ path for corpus IRIs, the generic viewer for others."""
        if not iri:
            return "#"
        if iri.startswith(self.base):
            tail = iri[len(self.base):]
            # keep the IRI's own escapes, escape only what a path cannot hold
            path = ID_PREFIX + quote(tail, safe="/%:@!$&'()*+,;=-._~")
        else:
            path = "/resource?" + urlencode({"iri": iri})
        return path + (f"#{anchor}" if anchor else "")

    def tail(self, iri: str) -> str | None:
        return iri[len(self.base):] if iri and iri.startswith(self.base) else None

    def kind(self, iri: str) -> str | None:
        """First path segment of a corpus IRI (report, school, indicator …)."""
        t = self.tail(iri)
        return t.split("/", 1)[0] if t else None

    def local_name(self, iri: str) -> str:
        """Readable last segment, unescaped (fallback label)."""
        last = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return unquote(last)


def with_params(path: str, params: Mapping[str, object] | Iterable[tuple[str, object]], **changes) -> str:
    """`path?…` with `params` updated by `changes`; a change to None or "" removes the key.

    Datasette-style: facet links and pagers keep every other filter in the URL.
    """
    items = list(params.items()) if isinstance(params, Mapping) else list(params)
    current: dict[str, str] = {}
    for k, v in items:
        if v is not None and v != "":
            current[k] = str(v)
    for k, v in changes.items():
        if v is None or v == "":
            current.pop(k, None)
        else:
            current[k] = str(v)
    qs = urlencode(current)
    return f"{path}?{qs}" if qs else path


def page_slice(items: list, page_no: int, per_page: int) -> tuple[list, int, int]:
    """(the items of page `page_no`, that page number kept within range, number of pages)."""
    pages = max(1, -(-len(items) // per_page))
    page_no = min(pages, max(1, page_no))
    return items[(page_no - 1) * per_page : page_no * per_page], page_no, pages
