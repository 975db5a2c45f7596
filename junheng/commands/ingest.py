"""`junheng ingest PATH... [--standard FILE] [--data DIR]`: build or update the corpus."""

from __future__ import annotations

import json
import sys

from junheng.config import add_data_argument


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="文件或文件夹（递归） / files or folders (recursive)")
    parser.add_argument("--standard", action="append", default=[], metavar="FILE",
                        help="标准文件（可重复） / a standards document to add (repeatable)")
    add_data_argument(parser)
    parser.add_argument("--base", default=None, help="IRI 基址 / IRI base (default http://localhost:8000/id/)")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出摘要 / print the summary as JSON")
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条 / no progress bar")


def run(args) -> int:
    from junheng.corpus import Corpus

    if not args.paths and not args.standard:
        print("请给出要导入的文件或 --standard / nothing to ingest", file=sys.stderr)
        return 2
    with Corpus(args.data, base=args.base) as corpus:
        summary = corpus.ingest(args.paths, standards=args.standard, progress=False if args.no_progress else None)
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(summary.text(), file=sys.stderr)
    return 1 if summary.failed and not summary.ok and not summary.skipped and not summary.standards else 0
