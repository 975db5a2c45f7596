"""`junheng sparql QUERY [--json] [--data DIR]`: run SPARQL over the corpus.

QUERY is SPARQL text, @file, or the name of a named query in kg/queries (`junheng sparql --list`).
The project prefixes (jh, oa, prov, dcterms, schema, skos, rdfs, rdf, xsd, owl) are predeclared.
"""

from __future__ import annotations

import sys
from pathlib import Path

from junheng.config import add_data_argument, open_read_only


def add_arguments(parser) -> None:
    parser.add_argument("query", nargs="?", help="SPARQL 文本、@文件 或命名查询 / SPARQL text, @file or a named query")
    parser.add_argument("--json", action="store_true", help="SPARQL JSON 结果 / SPARQL 1.1 JSON results")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="绑定变量，如 school=http://… / bind a variable")
    parser.add_argument("--list", action="store_true", help="列出命名查询 / list named queries")
    add_data_argument(parser)


def _text(query: str) -> str:
    if query.startswith("@"):
        return Path(query[1:]).read_text(encoding="utf-8")
    return query


def _cell(v) -> str:
    return "" if v is None else str(v)


def run(args) -> int:
    from kg import queries

    if args.list or not args.query:
        for name in queries.names():
            first = queries.load(name).splitlines()[0].lstrip("# ")
            print(f"{name:32} {first}")
        return 0

    params = dict(p.split("=", 1) for p in args.param)
    corpus = open_read_only(args.data)
    if corpus is None:
        return 1
    with corpus:
        try:
            result = corpus.sparql(_text(args.query), **params)
        except Exception as e:  # a bad query is a user error: say why, no traceback
            print(f"查询出错 / query error: {e}", file=sys.stderr)
            return 2
        if args.json:
            sys.stdout.write(result.serialize(format="json").decode("utf-8") + "\n")
            return 0
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            sys.stdout.write(result.graph.serialize(format="turtle"))
            return 0
        if result.type == "ASK":
            print("true" if result.askAnswer else "false")
            return 0
        names = [str(v) for v in result.vars]
        rows = [[_cell(b.get(v)) for v in result.vars] for b in result.bindings]
        widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
        print("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)))
        for r in rows:
            print("  ".join(c[:60].ljust(w) for c, w in zip(r, widths, strict=True)))
        print(f"({len(rows)} 行 / rows)", file=sys.stderr)
    return 0
