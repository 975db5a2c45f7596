"""`junheng reindex [--data DIR]`: rebuild the search index from the graph store."""

from __future__ import annotations

import sys

from junheng.config import add_data_argument


def add_arguments(parser) -> None:
    add_data_argument(parser)


def run(args) -> int:
    from junheng.corpus import Corpus

    with Corpus(args.data) as corpus:
        n = corpus.reindex()
    print(f"已重建索引：{n} 个文件 / search index rebuilt from {n} documents", file=sys.stderr)
    return 0
