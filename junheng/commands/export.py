"""`junheng export --format ttl|nq|jsonld|csv|xlsx [--out FILE] [--data DIR]`."""

from __future__ import annotations

import sys

from junheng.config import add_data_argument, open_read_only


def add_arguments(parser) -> None:
    from kg.export import FORMATS

    parser.add_argument("--format", choices=FORMATS, default="ttl", help="导出格式 / format")
    parser.add_argument("--out", metavar="FILE", default=None, help="输出文件（默认标准输出） / output file")
    add_data_argument(parser)


def run(args) -> int:
    corpus = open_read_only(args.data)
    if corpus is None:
        return 1
    with corpus:
        data = corpus.export(args.format, args.out)
    if args.out is None:
        if args.format == "xlsx" and sys.stdout.isatty():
            print("XLSX 是二进制格式，请用 --out FILE / XLSX is binary: use --out FILE", file=sys.stderr)
            return 2
        sys.stdout.buffer.write(data)
    return 0
