"""A read-only SPARQL 1.1 Protocol query endpoint over the corpus.

Written here rather than taken from rdflib-endpoint (inspected: it serves YASGUI from a CDN and
has no time or row limit).  The rules:

- only queries: the text must parse as a SPARQL *query* (rdflib's parser); an update, or an
  ``update=`` parameter, is refused with 400 and never reaches the store;
- a time limit: the query runs in a daemon thread and the request gives up after `timeout`
  seconds (503).  Python cannot kill the thread, so a semaphore bounds them: at most `workers`
  queries (runaway or not) run at once, and nothing they do can write;
- a row limit: SELECT results are cut at `max_rows` (the ``X-Junheng-Truncated`` header says so),
  CONSTRUCT/DESCRIBE graphs at `max_rows` triples.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from rdflib import Graph
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.query import Result

SELECT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}
ACCEPT_SELECT = [
    ("application/sparql-results+json", "json"), ("application/json", "json"),
    ("application/sparql-results+xml", "xml"), ("application/xml", "xml"), ("text/xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
]
ACCEPT_GRAPH = [
    ("text/turtle", "ttl"), ("application/x-turtle", "ttl"), ("application/n-triples", "nt"), ("text/plain", "nt"),
    ("application/ld+json", "jsonld"), ("application/json", "jsonld"), ("application/rdf+xml", "xml"),
]


class SparqlError(Exception):
    """A request the endpoint refuses; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Answer:
    body: bytes
    media_type: str
    truncated: bool = False


def check_query(text: str) -> None:
    """Raise SparqlError(400) unless `text` is one SPARQL query (not an update, not garbage)."""
    if not text or not text.strip():
        raise SparqlError(400, "缺少查询 / missing query")
    try:
        parseQuery(text)
        return
    except Exception as query_error:  # noqa: BLE001 — rdflib raises pyparsing errors of several types
        try:
            parseUpdate(text)
        except Exception:  # noqa: BLE001
            raise SparqlError(400, f"查询语法错误 / query syntax error: {query_error}") from None
        raise SparqlError(400, "本端点只读，拒绝更新操作 / read-only endpoint: updates are refused") from None


def choose(accept: str, fmt: str | None, table: list[tuple[str, str]], default: str) -> str:
    """Pick an output format from ?format= or the Accept header (first listed type we serve)."""
    if fmt:
        return fmt
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        for known, name in table:
            if media == known:
                return name
    return default


def tsv(variables, rows) -> bytes:
    """SPARQL 1.1 TSV results (rdflib has no serializer for it): terms in N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if t is None else t.n3() for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


class Endpoint:
    def __init__(self, corpus, *, timeout: float = 10.0, max_rows: int = 10000, workers: int = 2):
        self.corpus = corpus
        self.timeout = timeout
        self.max_rows = max_rows
        self.slots = threading.BoundedSemaphore(workers)

    def answer(self, text: str, accept: str = "", fmt: str | None = None) -> Answer:
        check_query(text)
        if not self.slots.acquire(timeout=self.timeout):
            raise SparqlError(503, "查询繁忙，请稍后再试 / too many queries running")
        box: dict[str, object] = {}
        done = threading.Event()

        def work() -> None:
            try:
                box["answer"] = self._run(text, accept, fmt)
            except BaseException as e:  # noqa: BLE001 — handed to the request thread
                box["error"] = e
            finally:
                self.slots.release()  # a runaway query keeps its slot until it ends
                done.set()

        threading.Thread(target=work, name="sparql-query", daemon=True).start()
        if not done.wait(self.timeout):
            raise SparqlError(503, f"查询超时（{self.timeout:g} 秒）/ query timed out")
        if "error" in box:
            raise box["error"]  # type: ignore[misc]
        return box["answer"]  # type: ignore[return-value]

    def _run(self, text: str, accept: str, fmt: str | None) -> Answer:
        try:
            result: Result = self.corpus.sparql(text)
            if result.type in ("SELECT", "ASK"):
                name = choose(accept, fmt, ACCEPT_SELECT, "json")
                if name not in SELECT_TYPES:
                    raise SparqlError(406, f"不支持的结果格式 / unsupported result format: {name}")
                truncated = False
                if result.type == "SELECT":
                    rows = []
                    for row in result:
                        if len(rows) >= self.max_rows:
                            truncated = True
                            break
                        rows.append(row)
                    # a half-read oxrdflib result is a generator in a reference cycle; close it here,
                    # or the GC drops the pyoxigraph iterator on another thread (pyoxigraph refuses)
                    pending = getattr(result, "_genbindings", None)
                    if pending is not None and hasattr(pending, "close"):
                        pending.close()
                    if name == "tsv":
                        return Answer(tsv(result.vars, rows), SELECT_TYPES[name], truncated)
                    cut = Result("SELECT")
                    cut.vars = result.vars
                    cut.bindings = [dict(zip(result.vars, r, strict=False)) for r in rows]
                    result = cut
                return Answer(result.serialize(format=name), SELECT_TYPES[name], truncated)
            name = choose(accept, {"json": "jsonld"}.get(fmt or "", fmt), ACCEPT_GRAPH, "ttl")
            if name not in GRAPH_TYPES:
                raise SparqlError(406, f"不支持的结果格式 / unsupported result format: {name}")
            g = Graph()
            for prefix, ns in self.corpus.ds.namespaces():
                g.bind(prefix, ns)
            truncated = False
            for i, t in enumerate(result):
                if i >= self.max_rows:
                    truncated = True
                    break
                g.add(t)
            rdf_format = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}[name]
            return Answer(g.serialize(format=rdf_format, encoding="utf-8"), GRAPH_TYPES[name], truncated)
        except SparqlError:
            raise
        except Exception as e:  # noqa: BLE001 — evaluation errors are the client's query
            raise SparqlError(400, f"查询执行失败 / query failed: {type(e).__name__}: {e}") from None
