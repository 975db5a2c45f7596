"""Word .docx: paragraphs and table rows in body order.

We walk the children of <w:body> ourselves because `Document.paragraphs` and
`Document.tables` lose the order between text and tables, and a report's figures often sit in
a table between two paragraphs that talk about it.  A table row becomes one line with cells
joined by "\\t"; a merged cell is read once (python-docx's `row.cells` repeats it, which would
duplicate figures).  Headers, footers and text boxes are not read.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ingest.errors import CorruptFile, NoText
from ingest.sources.base import SourceText, TextBuilder

HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
TITLE_STYLES = {"title", "标题"}
W_P, W_TBL, W_SDT, W_SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
W_TR, W_TC, W_VAL = qn("w:tr"), qn("w:tc"), qn("w:val")


def read_docx(data: bytes, path: str) -> SourceText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptFile(path, f"docx 文件已损坏，无法作为 zip 打开（{exc}）") from None
    if "word/document.xml" not in names:
        raise CorruptFile(path, "docx 文件缺少 word/document.xml，不是有效的 Word 文档")
    try:
        document = docx.Document(io.BytesIO(data))
        builder = TextBuilder()
        _walk(document.element.body, document, builder, [0])
    except (CorruptFile, NoText):
        raise
    except Exception as exc:  # python-docx/lxml raise many types on damaged XML
        raise CorruptFile(path, f"无法解析 docx 内容（{type(exc).__name__}: {exc}）") from None
    if not builder.text.strip():
        raise NoText(path, "Word 文档中没有文字")
    return SourceText(path, "docx", None, builder.text, builder.blocks, [])


def _walk(container, document, builder: TextBuilder, counter: list[int]) -> None:
    for child in container.iterchildren():
        if child.tag == W_P:
            paragraph = Paragraph(child, document.part)
            text = paragraph.text
            if text.strip():
                level = heading_level(paragraph)
                kind = "p" if level is None else "heading"
                builder.add(text, kind, counter[0], level=level)
            counter[0] += 1
        elif child.tag == W_TBL:
            for row in child.iterchildren(W_TR):
                cells = [_cell_text(tc, document) for tc in row.iterchildren(W_TC)]
                if any(c.strip() for c in cells):
                    builder.add("\t".join(cells), "table_row", counter[0])
                counter[0] += 1
        elif child.tag == W_SDT:  # content control: its paragraphs are body content too
            for content in child.iterchildren(W_SDT_CONTENT):
                _walk(content, document, builder, counter)


def _cell_text(tc, document) -> str:
    """Text of one cell; "" for the continuation of a vertically merged cell."""
    tc_pr = tc.find(qn("w:tcPr"))
    if tc_pr is not None:
        v_merge = tc_pr.find(qn("w:vMerge"))
        if v_merge is not None and v_merge.get(W_VAL) != "restart":
            return ""
    parts = [Paragraph(p, document.part).text for p in tc.iter(W_P)]
    return " ".join(" ".join(p.split()) for p in parts if p.strip())


def heading_level(paragraph: Paragraph) -> int | None:
    """Level from the style name (Heading N / 标题 N; Title = 0) or an explicit outline level."""
    style = paragraph.style
    seen = 0
    while style is not None and seen < 10:  # follow based_on: custom styles derived from 标题 1
        name = (style.name or "").strip()
        match = HEADING_STYLE.match(name)
        if match:
            return int(match.group(1))
        if name.lower() in TITLE_STYLES:
            return 0
        style = style.base_style
        seen += 1
    outline = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    if outline is not None and (outline.get(W_VAL) or "").isdigit():
        value = int(outline.get(W_VAL))
        if value < 9:  # 9 = body text
            return value + 1
    return None
