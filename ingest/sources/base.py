"""The two records every reader returns; kept apart so the per-format modules can import them."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

BLOCK_KINDS = ("p", "heading", "table_row", "line")


@dataclass
class Block:
    """One paragraph / heading / table row / text line, in reading order.

    `index` is the element's position among the body's blocks (docx, html; 0-based) or the
    line number (txt: 1-based in the file; pdf: 1-based within its page).
    """

    start: int  # offsets into SourceText.text, [start, end)
    end: int
    kind: str  # "p" | "heading" | "table_row" | "line"
    index: int
    page: int | None = None  # 1-based page (pdf, or txt with form feeds)
    level: int | None = None  # heading level: docx "Heading N"/"标题 N" (Title = 0), html h1-h6


@dataclass
class SourceText:
    """Raw text of one file, before normalisation: blocks separated by "\\n"."""

    path: str
    format: str  # txt | docx | pdf | html
    encoding: str | None  # detected text encoding; None for docx/pdf
    text: str
    blocks: list[Block] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)  # offsets where page 2, 3, ... begin
    sha256: str = ""


class TextBuilder:
    """Appends blocks to one string, separated by "\\n", recording each block's span."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.page_starts: list[int] = []

    def add(
        self, text: str, kind: str, index: int, page: int | None = None, level: int | None = None
    ) -> None:
        if self._parts:
            self._parts.append("\n")
            self._length += 1
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        self.blocks.append(Block(start, self._length, kind, index, page, level))

    def start_page(self) -> None:
        """Mark that the next block begins a new page (call before page 2, 3, ...)."""
        self.page_starts.append(self._length + 1 if self._parts else 0)

    @property
    def text(self) -> str:
        return "".join(self._parts)
