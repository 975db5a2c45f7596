"""`junheng remove FILE [--data DIR]`: drop one ingested file from the corpus."""

from __future__ import annotations

import sys

from junheng.config import add_data_argument


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="已导入的文件（路径或文件名） / ingested file (path or name)")
    add_data_argument(parser)


def run(args) -> int:
    from junheng.corpus import Corpus

    status = 0
    with Corpus(args.data) as corpus:
        for f in args.files:
            if corpus.remove(f):
                print(f"已移除 / removed: {f}", file=sys.stderr)
            else:
                print(f"语料中没有此文件 / not in the corpus: {f}", file=sys.stderr)
                status = 1
    return status
