"""Dev harness: build `Document` records from plain structured text, and index folders.

Used by the tests (hand-written Chinese text) and by bench/bench_search.py.  Also a small CLI
to index real files once `ingest.pipeline.read_document` exists and to score a query file:

    .venv/bin/python -m search.devtools index DIR FILE... [--procs 2]
    .venv/bin/python -m search.devtools query DIR "班额过大"
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
    args = ap.parse_args(argv)
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
