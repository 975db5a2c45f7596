"""Plain text: decode, unify line ends, one Block per non-blank line.

A form feed (what pdftotext puts between pages) starts a new page: it becomes "\\n" in the
text and its position is recorded in `page_starts`, so page-edge rules work for such files too.
"""

from __future__ import annotations

from ingest.errors import EmptyFile
from ingest.sources.base import Block, SourceText
from ingest.sources.encoding import decode_text


def read_txt(data: bytes, path: str) -> SourceText:
    raw, encoding = decode_text(data, path)
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyFile(path, "文件只有空白字符，没有正文")
    page_starts: list[int] = []
    if "\f" in text:
        chars = list(text)
        for i, ch in enumerate(chars):
            if ch == "\f":
                chars[i] = "\n"
                if i + 1 < len(chars):
                    page_starts.append(i + 1)
        text = "".join(chars)
    blocks: list[Block] = []
    offset = 0
    page = 1
    for number, line in enumerate(text.split("\n"), start=1):
        while page - 1 < len(page_starts) and page_starts[page - 1] <= offset:
            page += 1
        if line.strip():
            blocks.append(Block(offset, offset + len(line), "line", number, page if page_starts else None))
        offset += len(line) + 1
    return SourceText(path, "txt", encoding, text, blocks, page_starts)
