"""Exports: the whole dataset as Turtle / N-Quads / JSON-LD, or the facts table as CSV / XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import Dataset

from kg import queries
from kg.iris import Iris
from kg.namespaces import bind_all
from kg.store import oxigraph

FORMATS = ("ttl", "nq", "jsonld", "csv", "xlsx")
COLUMNS = [  # (key in the query row, header)
    ("schoolName", "学校 school"), ("countyName", "县 county"), ("level", "学段 level"),
    ("indicatorId", "指标 indicator"), ("indicatorLabel", "指标名称 indicator name"), ("value", "数值 value"),
    ("unit", "单位 unit"), ("qualifier", "限定 qualifier"), ("standardNumber", "标准 standard"), ("op", "比较 op"),
    ("threshold", "阈值 threshold"), ("verdict", "结论 verdict"), ("quote", "原文 quote"), ("start", "起 start"),
    ("end", "止 end"), ("report", "报告 report"), ("school", "学校IRI school IRI"), ("fact", "观测值IRI fact IRI"),
]


def table(ds, iris: Iris) -> list[dict]:
    from urllib.parse import unquote

    rows = queries.rows(ds, "export_facts")
    for r in rows:
        path = iris.path_of(r["indicator"]) or r["indicator"]
        r["indicatorId"] = unquote(path.split("/", 1)[-1])
    return rows


def _rdf(ds, fmt: str) -> bytes:
    import pyoxigraph as ox

    nq = oxigraph(ds).dump(format=ox.RdfFormat.N_QUADS)
    if fmt == "nq":
        return nq
    mem = Dataset()
    bind_all(mem)
    mem.parse(data=nq, format="nquads")
    if fmt == "ttl":
        from rdflib import Graph  # Turtle has no graphs: write the union

        g = Graph()
        bind_all(g)
        for s, p, o, _c in mem.quads((None, None, None, None)):
            g.add((s, p, o))
        return g.serialize(format="turtle").encode("utf-8")
    return mem.serialize(format="json-ld", indent=1).encode("utf-8")


def export(ds, iris: Iris, fmt: str, out: str | Path | None = None) -> bytes:
    """Serialise the corpus; writes to `out` when given, and returns the bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"未知格式 {fmt} / unknown format (one of {', '.join(FORMATS)})")
    if fmt in ("ttl", "nq", "jsonld"):
        data = _rdf(ds, fmt)
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([h for _, h in COLUMNS])
        for r in table(ds, iris):
            w.writerow(["" if r.get(k) is None else r.get(k) for k, _ in COLUMNS])
        data = ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM so Excel reads UTF-8 Chinese
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "观测值 facts"
        ws.append([h for _, h in COLUMNS])
        for r in table(ds, iris):
            ws.append([r.get(k) for k, _ in COLUMNS])
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    if out is not None:
        Path(out).write_bytes(data)
    return data
