"""HTML via lxml.html: visible body text, one Block per rendered line.

Dropped: head, script, style, nav, noscript, template, svg and anything marked hidden.  Block
elements end a line; a table row is one line with cells joined by "\\t", unless its cells hold
block content (a layout table wrapping the whole page), then each cell is read as blocks.
Whitespace is collapsed as a browser would (outside <pre>); U+3000 and NBSP are left for
the normaliser.  Bytes are decoded via BOM, the meta charset, UTF-8, then detection.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from ingest.errors import CorruptFile, NoText
from ingest.sources.base import SourceText, TextBuilder
from ingest.sources.encoding import decode_text

DROP_TAGS = {
    "head",
    "script",
    "style",
    "nav",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "select",
    "button",
    "title",
    "meta",
    "link",
}
BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "main",
    "blockquote",
    "address",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "legend",
    "center",
    "hr",
    "body",
    "html",
    "td",
    "th",
    "details",
    "summary",
}
HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
CELL_TAGS = {"td", "th"}
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
SEGMENT_BREAK = "\x00"  # whitespace run holding a newline, resolved when the line is complete
# A source line break between two CJK characters renders as nothing (CSS Text 3), not a space.
CJK_SEGMENT_BREAK = re.compile(
    "(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])\x00(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])"
)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def read_html(data: bytes, path: str) -> SourceText:
    match = META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii") if match else None
    raw, encoding = decode_text(data, path, declared=declared)
    raw = raw.replace(SEGMENT_BREAK, "")
    if not raw.strip():
        raise NoText(path, "HTML 文件没有内容")
    try:
        root = lxml.html.document_fromstring(XML_DECL.sub("", raw))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise CorruptFile(path, f"无法解析 HTML（{exc}）") from None
    _drop_invisible(root)
    body = root.find("body")
    walker = _Walker()
    walker.walk(body if body is not None else root)
    walker.flush()
    text = walker.builder.text
    if not text.strip():
        raise NoText(path, "HTML 页面中没有可见文字")
    return SourceText(path, "html", encoding, text, walker.builder.blocks, [])


def _tag(el) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None  # comments/PIs have callable tags


def _drop_invisible(root) -> None:
    doomed = []
    for el in root.iter():
        tag = _tag(el)
        if tag is None:
            if el is not root:
                doomed.append(el)
        elif tag in DROP_TAGS or el.get("hidden") is not None or HIDDEN_STYLE.search(el.get("style") or ""):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the element's tail text, which is visible


class _Walker:
    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.buffer: list[str] = []
        self.index = 0

    def flush(self, kind: str = "p", level: int | None = None) -> None:
        text = CJK_SEGMENT_BREAK.sub("", "".join(self.buffer)).replace(SEGMENT_BREAK, " ")
        text = re.sub(r" {2,}", " ", text).strip(" ")
        self.buffer = []
        if text.strip():
            self.builder.add(text, kind, self.index, level=level)
            self.index += 1

    def inline(self, text: str | None) -> None:
        if text:
            self.buffer.append(HTML_SPACE.sub(_space_or_break, text))

    def walk(self, el) -> None:
        tag = _tag(el)
        if tag == "br":
            self.flush()
        elif tag in HEADING_TAGS:
            self.flush()
            self.buffer.append(flat_text(el))
            self.flush("heading", HEADING_TAGS[tag])
        elif tag == "tr" and not _is_layout_row(el):
            self.flush()
            cells = [flat_text(c) for c in el if _tag(c) in CELL_TAGS]
            if any(cells):
                self.builder.add("\t".join(cells), "table_row", self.index)
                self.index += 1
        elif tag == "pre":
            self.flush()
            for line in "".join(el.itertext()).split("\n"):
                self.buffer.append(line.replace("\r", ""))
                self.flush()
        else:
            block = tag in BLOCK_TAGS or tag == "tr"
            if block:
                self.flush()
            self.inline(el.text)
            for child in el:
                self.walk(child)
                self.inline(child.tail)
            if block:
                self.flush()
            return
        # non-container branches: the caller handles `tail`


def _space_or_break(match: re.Match) -> str:
    return SEGMENT_BREAK if "\n" in match.group() else " "


def _is_layout_row(tr) -> bool:
    """A row whose cells hold tables, headings or several paragraphs is page layout, not data.

    (Word-exported HTML wraps every data cell in one <p>, so a single block is allowed.)
    """
    for cell in tr:
        if _tag(cell) not in CELL_TAGS:
            continue
        blocks = 0
        for el in cell.iterdescendants():
            tag = _tag(el)
            if tag in ("table", "tr") or tag in HEADING_TAGS:
                return True
            if tag in BLOCK_TAGS or tag == "br":
                blocks += 1
        if blocks >= 3:
            return True
    return False


def flat_text(el) -> str:
    """All text under `el` on one line, whitespace collapsed (a cell, a heading)."""
    parts: list[str] = []

    def visit(node) -> None:
        tag = _tag(node)
        if tag in ("br",) or tag in BLOCK_TAGS:
            parts.append(" ")
        if node.text and tag is not None:
            parts.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return HTML_SPACE.sub(" ", "".join(parts)).strip()
