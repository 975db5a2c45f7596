"""A read-only SPARQL 1.1 Protocol query endpoint over the corpus.

Written here rather than taken from rdflib-endpoint (inspected: it serves YASGUI from a CDN and
has no time or row limit).  The rules:

- only queries: the text must parse as a SPARQL *query* (rdflib's parser); an update, or an
  ``update=`` parameter, is refused with 400 and never reaches the store;
- a time limit: the query runs on a small worker pool and the request gives up after
  `timeout` seconds (503).  Python cannot kill the worker, so the pool is bounded: at most
  `workers` runaway queries can hold CPU, and nothing they do can write;
- a row limit: SELECT results are cut at `max_rows` (the ``X-Junheng-Truncated`` header says so),
  CONSTRUCT/DESCRIBE graphs at `max_rows` triples.
"""

from __future__ import annotations

import concurrent.futures as futures
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


class Endpoint:
    def __init__(self, corpus, *, timeout: float = 10.0, max_rows: int = 10000, workers: int = 2):
        self.corpus = corpus
        self.timeout = timeout
        self.max_rows = max_rows
        self.pool = futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sparql")

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    def answer(self, text: str, accept: str = "", fmt: str | None = None) -> Answer:
        check_query(text)
        future = self.pool.submit(self._run, text, accept, fmt)
        try:
            return future.result(timeout=self.timeout)
        except futures.TimeoutError:
            future.cancel()
            raise SparqlError(503, f"查询超时（{self.timeout:g} 秒）/ query timed out") from None

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
                    cut = Result("SELECT")
                    cut.vars = result.vars
                    cut.bindings = [dict(zip(result.vars, r, strict=False)) for r in rows]
                    result = cut
                return Answer(result.serialize(format=name), SELECT_TYPES[name], truncated)
            name = choose(accept, fmt, ACCEPT_GRAPH, "ttl")
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
