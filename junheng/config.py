"""Where the corpus lives and which IRI base it uses (CLI flags > environment > defaults)."""

from __future__ import annotations

import os
from pathlib import Path

from ontology import DEFAULT_BASE

DATA_ENV = "JUNHENG_DATA"
BASE_ENV = "JUNHENG_BASE"
DEFAULT_DATA_DIR = "junheng-data"

SUPPORTED_EXTENSIONS = (".txt", ".text", ".docx", ".pdf", ".html", ".htm")


def data_dir(given: str | os.PathLike | None = None) -> Path:
    """--data DIR, else $JUNHENG_DATA, else ./junheng-data."""
    return Path(given or os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR).expanduser().resolve()


def base_iri(given: str | None = None) -> str | None:
    """--base, else $JUNHENG_BASE; None lets the corpus keep the base it was created with."""
    return given or os.environ.get(BASE_ENV) or None


def add_data_argument(parser) -> None:
    parser.add_argument("--data", metavar="DIR", default=None,
                        help=f"语料目录 / corpus data directory (默认 ${DATA_ENV} 或 ./{DEFAULT_DATA_DIR})")


def open_read_only(data: str | None):
    """The corpus at --data for a read-only command, or None after saying on stderr why not."""
    import sys

    from junheng.corpus import Corpus

    try:
        return Corpus(data, read_only=True)
    except FileNotFoundError as exc:
        print(str(exc), file=sys.stderr)
        return None


__all__ = ["DEFAULT_BASE", "data_dir", "base_iri", "add_data_argument", "open_read_only", "SUPPORTED_EXTENSIONS"]
