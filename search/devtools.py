"""Dev harness: build `Document` records from plain structured text, and index folders.

Used by the tests (hand-written Chinese text) and by bench/bench_search.py.  Also a small CLI
to index real files once `ingest.pipeline.read_document` exists and to score a query file:

    .venv/bin/python -m search.devtools index DIR FILE... [--procs 2]
    .venv/bin/python -m search.devtools query DIR "班额过大"
    .venv/bin/python -m search.devtools eval DATA QUERIES.json [--drop-quoted-labels]

`eval` rebuilds an index from a corpus data dir (the graph, as `junheng reindex` does) into a
temporary directory and scores a query file the way shared/tools/score_search.py does.
`--drop-quoted-labels` first removes every vocabulary label that equals a question of the
file, so questions the vocabulary quotes verbatim are measured as paraphrases.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ingest.records import Document, Place, Problem, Report, School, Section

Paragraph = str | tuple[str, str]  # plain text, or (problem text, category)


@dataclass
class ReportSpec:
    school: str | None = None
    province: str | None = None
    county: str | None = None
    level: str | None = None
    date: str | None = None
    title: str | None = None
    sections: list[tuple[str, str | None, list[Paragraph]]] = field(default_factory=list)


def build_document(source: str, reports: list[ReportSpec], path: str | None = None) -> Document:
    """A Document whose text is the reports one after another, with exact spans."""
    parts: list[str] = []
    length = 0

    def put(text: str) -> tuple[int, int]:
        nonlocal length
        start = length
        parts.append(text)
        length += len(text)
        return start, length

    out_reports = []
    for n, spec in enumerate(reports, 1):
        r_start = length
        if spec.title:
            put(spec.title + "\n")
        sections, problems = [], []
        for kind, heading, paragraphs in spec.sections:
            s_start = length
            if heading:
                put(heading + "\n")
            for para in paragraphs:
                if isinstance(para, tuple):
                    text, category = para
                    span = put(text)
                    problems.append(Problem(text=text, category=category, span=span))
                else:
                    put(para)
                put("\n")
            sections.append(Section(kind=kind, heading=heading, span=(s_start, length)))
        r_end = length
        put("\n")
        out_reports.append(
            Report(
                ordinal=n,
                title=spec.title,
                span=(r_start, r_end),
                starts_with="",
                text="",
                sections=sections,
                school=School(name=spec.school, level=spec.level),
                place=Place(province=spec.province, county=spec.county),
                date=spec.date,
                problems=problems,
            )
        )
    text = "".join(parts)
    for r in out_reports:
        r.text = text[r.span[0] : r.span[1]]
        r.starts_with = r.text[:30]
    return Document(
        source=source,
        path=path or f"/fixtures/{source}",
        format="txt",
        encoding="utf-8",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        reports=out_reports,
    )


def _read(paths: list[str]):
    from ingest.pipeline import read_document  # appears with the lead's pipeline

    for p in paths:
        doc = read_document(Path(p))
        yield doc, [f"urn:report:{doc.sha256[:16]}-{r.ordinal}" for r in doc.reports]


def _rid_matches(hit: dict, rid: str) -> bool:
    import os
    import re

    m = re.match(r"^(.*)-(\d+)$", rid)
    prefix, n = (m.group(1), int(m.group(2))) if m else (rid, 1)
    stem = os.path.splitext(os.path.basename(str(hit.get("source", ""))))[0]
    return stem.startswith(prefix) and int(hit.get("ordinal") or 0) == n


def _check_ids(queries: list[dict], items: list, queries_file: str) -> None:
    """A misspelt report id would silently count as a miss; name it instead."""
    import os

    known = [
        {"source": os.path.basename(doc.source or ""), "ordinal": r.ordinal}
        for doc, _ in items
        for r in doc.reports
    ]
    for q in queries:
        for rid in q.get("relevant", q.get("relevant_reports", [])):
            if not any(_rid_matches(h, rid) for h in known):
                raise ValueError(f"{queries_file}: question {q['q']!r} names {rid!r}, which is no report of the corpus")


def evaluate(data: str, queries_file: str, drop_quoted: bool = False, limit: int = 10) -> dict:
    """recall@10, MRR and R-precision of a query file over a corpus (see module docstring)."""
    import tempfile

    from junheng.corpus import Corpus
    from kg.read import load_documents
    from search.index import SearchIndex
    from search.vocabulary import Vocabulary

    spec = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    queries = spec["queries"] if isinstance(spec, dict) else spec
    vocab = Vocabulary.load()
    if drop_quoted:
        vocab = vocab.without_labels({q["q"] for q in queries})
    with Corpus(data, read_only=True) as corpus:
        items = list(load_documents(corpus.ds))
    _check_ids(queries, items, queries_file)
    rows, totals = [], {"recall@10": 0.0, "mrr": 0.0, "r-precision": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        idx = SearchIndex(Path(tmp), vocabulary=vocab)
        idx.rebuild(items)
        for q in queries:
            rel = q.get("relevant", q.get("relevant_reports", []))
            hits = idx.search(q["q"], limit=limit)["hits"]
            ranked = []
            for h in hits:
                key = next((r for r in rel if _rid_matches(h, r)), f"{h['source']}#{h['ordinal']}")
                if key not in ranked:
                    ranked.append(key)
            recall = len(set(rel) & set(ranked[:10])) / len(rel) if rel else 1.0
            rr = next((1 / (i + 1) for i, k in enumerate(ranked) if k in rel), 0.0)
            rprec = len(set(rel) & set(ranked[: len(rel)])) / len(rel) if rel else 1.0
            totals["recall@10"] += recall
            totals["mrr"] += rr
            totals["r-precision"] += rprec
            rows.append({"q": q["q"], "recall@10": round(recall, 2), "rr": round(rr, 2), "r-prec": round(rprec, 2), "top": ranked[:5]})
        idx.close()
    n = len(queries) or 1
    return {"queries": rows, **{k: round(v / n, 3) for k, v in totals.items()}}


def main(argv: list[str] | None = None) -> int:
    from search.index import SearchIndex

    ap = argparse.ArgumentParser(prog="search.devtools")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("index")
    a.add_argument("dir")
    a.add_argument("files", nargs="+")
    a.add_argument("--procs", type=int, default=1)
    q = sub.add_parser("query")
    q.add_argument("dir")
    q.add_argument("q")
    q.add_argument("--limit", type=int, default=10)
    e = sub.add_parser("eval")
    e.add_argument("data")
    e.add_argument("queries")
    e.add_argument("--drop-quoted-labels", action="store_true")
    args = ap.parse_args(argv)
    if args.cmd == "eval":
        result = evaluate(args.data, args.queries, args.drop_quoted_labels)
        for row in result["queries"]:
            print(row["q"], row["recall@10"], row["rr"], row["r-prec"], row["top"])
        print("recall@10", result["recall@10"], "mrr", result["mrr"], "r-precision", result["r-precision"])
        return 0
    idx = SearchIndex(Path(args.dir))
    if args.cmd == "index":
        n = idx.rebuild(_read(args.files), procs=args.procs)
        print(f"{n} passages indexed", file=sys.stderr)
    else:
        print(json.dumps(idx.search(args.q, limit=args.limit), ensure_ascii=False, indent=1))
    idx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
