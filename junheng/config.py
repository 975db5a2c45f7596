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


__all__ = ["DEFAULT_BASE", "data_dir", "base_iri", "add_data_argument", "SUPPORTED_EXTENSIONS"]
