"""Normalise a SourceText into the one text every span of a document points into.

Every output character keeps the offset of the source character it came from
(`NormalisedText.to_source`), so a quote can always be traced back to the file.

Rules, in order:

1. Characters.  NFKC one character at a time (full-width digits, letters, ％ ． ／ －, U+3000
   become ASCII; an expansion such as ㎡ -> "m2" maps every output char to the one source char),
   EXCEPT these are kept as written:
   - Chinese punctuation ，。、；：？！（）.  NFKC would turn them into ASCII , ; : ? ! ( ) and
     the texts (and every downstream rule: list markers （一）, sentence ends, quotes shown
     to users) are written with the Chinese forms; ASCII forms that are in the source stay
     ASCII.  We do not convert ASCII to Chinese either: the text says what the file says.
   - … (NFKC would make "..."), and circled numbers ①..⑳ (NFKC would make "1".."20", which
     glued to a following figure would invent a number: "①3个" -> "13个").
   PDF-conversion artefacts are repaired: 臵 -> 置; the pair ‚ (U+201A) … ‛ (U+201B) ->
   “ … ”; „ -> “.  Invisible format characters (zero-width space, soft hyphen, BOM, bidi
   marks) and control characters other than \\n and \\t are dropped.
2. Spaces.  Inside a line, runs of spaces/tabs become one space; leading and trailing
   spaces are stripped (indentation is layout; it is only remembered as a hint that a new
   paragraph starts).  In table rows the "\\t" between cells is kept.
3. Page numbers.  A line that is only a page number is dropped: "3", "- 3 -", "—3—", "第3页",
   "第 3 页 共 10 页", "3/10".  At the first/last line of a page (pdf, txt with form feeds)
   any of these; elsewhere only the decorated forms, and bare numbers only when the file has
   at least two of them in increasing order (so a lone figure on its own line survives).
4. Blank lines.  At most one blank line in a row; none at the start or end.
5. Broken lines.  A line break inside a sentence is removed (a page break too, so a list that
   runs over a page reads as one list).  Conservative: a wrongly joined heading costs more
   than a break left in.  Line a is joined to the next line b only when
   - both are body lines (not a heading-styled block, not a table row), a does not end with
     sentence-final or list punctuation 。！？；：…” (or ASCII !?;:), a does not end with a
     date, b does not start with a list marker (一、 （二） 1、 2. 3) ① 第X篇 …), b is not
     indented, and one of:
   A. a is "long": at least 0.8 x the document's typical long-line width (pdf, and txt that
      is hard-wrapped at a fixed width), or
   B. a ends with ， 、 or "," and b starts with text, or
   C. b clearly continues: it starts with a Han character or a digit, b is not a short
      unpunctuated title-like line, and a is not heading-like (heading-like: shorter than 20
      characters with no sentence end inside, or shorter than 40 with no punctuation at all,
      or starting with a list marker, shorter than 40 and no sentence end inside).
   In files whose paragraphs are separated by blank lines, a break may span that blank line
   (when a contains punctuation, i.e. is prose); a blank line at a page break never counts.
   Two Latin words are joined with a space (mapped to the removed newline).
"""

from __future__ import annotations

import array
import itertools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ingest.sources import SourceText

KEEP_AS_WRITTEN = frozenset("，。、；：？！（）…‥") | frozenset(chr(c) for c in range(0x2460, 0x2474))
ARTEFACTS = {"臵": "置", "‚": "“", "‛": "”", "„": "“"}

FINAL_PUNCT = frozenset("。！？；：…”!?;:」』")
COMMA_LIKE = frozenset("，、,")
SENTENCE_STOPS = frozenset("。；！？!?;")
ANY_PUNCT = frozenset("，。、；：！？,;:!?")

CN_NUM = "一二三四五六七八九十百零〇"
LIST_MARKER = re.compile(
    rf"""^(?:
        [（(]\s*[{CN_NUM}\d]{{1,4}}\s*[)）]               # （一） (1)
      | [{CN_NUM}]{{1,3}}\s*[、.．]                        # 一、 二.
      | \d{{1,3}}\s*(?:[、.．)）]|[-—](?=\D))(?!\d)        # 1、 2. 3) 3-教师 (not 3.5, 3-6年级)
      | [\u2460-\u2473\u2474-\u2487\u2488-\u249b\u3220-\u3229]   # ① ⑴ ⒈ ㈠
      | 第\s*[{CN_NUM}\d]{{1,4}}\s*[篇章节条部分项]           # 第一篇
      | [A-Za-z]\s*[、.．)）](?=\D)                          # A、 b)
      | [•·●○■□◆◇▪➢►*]                                    # bullets
    )""",
    re.VERBOSE,
)
# A line ending in a complete date (sign-off: 2024年6月10日, 2024年6月, 2024.6.10, 二〇二四年六月) is
# never glued to the next line.  "2024年" alone or "12.5" are not dates: a break there is mid-sentence.
DATE_END = re.compile(
    rf"(?:\d{{4}}|[{CN_NUM}]{{4}})\s*年\s*[\d{CN_NUM}]{{1,2}}\s*月(?:\s*[\d{CN_NUM}]{{1,3}}\s*日)?$"
    r"|\d{4}\s*[.\-/]\s*\d{1,2}(?:\s*[.\-/]\s*\d{1,2})?$"
)
DATE_ONLY = re.compile(
    rf"^[\d{CN_NUM}]{{2,4}}\s*年\s*[\d{CN_NUM}]{{1,2}}\s*月(?:\s*[\d{CN_NUM}]{{1,3}}\s*日)?$"
)

NUM = rf"[\d{CN_NUM}]{{1,4}}"
BARE_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
DECORATED_PAGE_NUMBER = re.compile(
    rf"""^(?:
        [-—–~·•\s]*\d{{1,4}}[-—–~·•\s]*                         # - 3 -   —3—   ·3·
      | 第\s*{NUM}\s*页(?:\s*[,，/]?\s*共\s*{NUM}\s*页)?             # 第3页  第 3 页 共 10 页
      | 共\s*{NUM}\s*页\s*[,，]?\s*第\s*{NUM}\s*页                   # 共10页 第3页
      | [-—–\s]*(?:page|p\.)\s*\d{{1,4}}(?:\s*(?:of|/)\s*\d{{1,4}})?[-—–\s]*   # Page 3 of 10
      | (?P<num>\d{{1,4}})\s*/\s*(?P<den>\d{{1,4}})                     # 3/10
    )$""",
    re.VERBOSE | re.IGNORECASE,
)

NON_BODY_KINDS = ("heading", "table_row")


@dataclass
class NormalisedText:
    text: str
    to_source: array.array  # len(text)+1: source offset of each char; last = len(source text)
    page_breaks: list[int] = field(default_factory=list)  # offsets where pages 2, 3, ... start
    headings: list[tuple[int, int, int | None]] = field(default_factory=list)  # heading-styled blocks


def source_span(nt: NormalisedText, start: int, end: int) -> tuple[int, int]:
    """Map a normalised [start, end) to the source span covering the same characters."""
    n = len(nt.text)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    if end == start:
        return nt.to_source[start], nt.to_source[start]
    return nt.to_source[start], nt.to_source[end - 1] + 1


# --- lines -------------------------------------------------------------------------------


@dataclass
class _Line:
    chars: list[str]
    srcs: list[int]
    src_start: int  # source offset where the line starts
    newline: int | None  # source offset of the "\n" that ends it
    kind: str = "line"
    page: int | None = None
    indented: bool = False
    continuation: bool = False  # joined onto the line before it

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _char_rule(ch: str) -> str:
    """What one source character becomes ("" = dropped)."""
    if ch in KEEP_AS_WRITTEN or ch == "\n" or ch == "\t":
        return ch
    if ch in ARTEFACTS:
        return ARTEFACTS[ch]
    if unicodedata.category(ch) in ("Cc", "Cf"):
        return ""
    return unicodedata.normalize("NFKC", ch)


def _map_chars(source: str) -> tuple[list[str], list[int]]:
    chars: list[str] = []
    srcs: list[int] = []
    cache: dict[str, str] = {}
    for i, ch in enumerate(source):
        out = cache.get(ch)
        if out is None:
            out = cache[ch] = _char_rule(ch)
        if len(out) == 1:
            chars.append(out)
            srcs.append(i)
        else:
            for c in out:
                chars.append(c)
                srcs.append(i)
    return chars, srcs


def _split_lines(src: SourceText, chars: list[str], srcs: list[int]) -> list[_Line]:
    block_starts = [b.start for b in src.blocks]
    lines: list[_Line] = []
    cur_c: list[str] = []
    cur_s: list[int] = []
    line_start = 0

    def finish(newline: int | None) -> None:
        kind = "line"
        k = bisect_right(block_starts, line_start) - 1
        if k >= 0 and src.blocks[k].start <= line_start <= src.blocks[k].end:
            kind = src.blocks[k].kind
        page = bisect_right(src.page_starts, line_start) + 1 if src.page_starts else None
        lines.append(_Line(cur_c, cur_s, line_start, newline, kind, page))

    for c, s in zip(chars, srcs, strict=True):
        if c == "\n":
            finish(s)
            cur_c, cur_s = [], []
            line_start = s + 1
        else:
            cur_c.append(c)
            cur_s.append(s)
    finish(None)
    return lines


def _clean_spaces(line: _Line) -> None:
    """Collapse space runs, strip the ends; keep the tabs between table cells."""
    keep_tabs = line.kind == "table_row"
    out_c: list[str] = []
    out_s: list[int] = []
    line.indented = bool(line.chars) and line.chars[0] in " \t"
    pending: int | None = None  # source offset of the first char of a pending space run
    for c, s in zip(line.chars, line.srcs, strict=True):
        if c == "\t" and keep_tabs:
            pending = None  # spaces around a cell separator are dropped
            out_c.append(c)
            out_s.append(s)
        elif c in " \t":
            if pending is None:
                pending = s
        else:
            if pending is not None and out_c and out_c[-1] != "\t":
                out_c.append(" ")
                out_s.append(pending)
            pending = None
            out_c.append(c)
            out_s.append(s)
    line.chars, line.srcs = out_c, out_s


# --- page numbers ------------------------------------------------------------------------


def _page_number_kind(text: str) -> str | None:
    """'bare' for "3", 'decorated' for "- 3 -", "第3页", "3/10" …, None otherwise."""
    if BARE_PAGE_NUMBER.match(text):
        return "bare"
    m = DECORATED_PAGE_NUMBER.match(text)
    if not m:
        return None
    if m.group("num") is not None and int(m.group("num")) > int(m.group("den")):
        return None  # 12/5 is more likely a date or a ratio than page 12 of 5
    return "decorated"


def _drop_page_numbers(lines: list[_Line], paged: bool) -> list[_Line]:
    candidates = [
        i for i, ln in enumerate(lines) if ln.kind not in NON_BODY_KINDS and _page_number_kind(ln.text)
    ]
    if not candidates:
        return lines
    edges: set[int] = set()
    if paged:
        by_page: dict[int | None, list[int]] = {}
        for i, ln in enumerate(lines):
            if ln.chars:
                by_page.setdefault(ln.page, []).append(i)
        for idxs in by_page.values():
            edges.update((idxs[0], idxs[-1]))
    bare = [i for i in candidates if _page_number_kind(lines[i].text) == "bare" and i not in edges]
    bare_values = [int(lines[i].text) for i in bare]
    bare_is_sequence = len(bare) >= 2 and all(0 < b - a <= 3 for a, b in itertools.pairwise(bare_values))
    drop = set()
    for i in candidates:
        kind = _page_number_kind(lines[i].text)
        if i in edges or kind == "decorated" or bare_is_sequence:
            drop.add(i)
    return [ln for i, ln in enumerate(lines) if i not in drop]


def _collapse_blank_lines(lines: list[_Line]) -> list[_Line]:
    out: list[_Line] = []
    for ln in lines:
        if not ln.chars and (not out or not out[-1].chars):
            continue
        out.append(ln)
    while out and not out[-1].chars:
        out.pop()
    return out


# --- re-joining broken lines -------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def heading_like(text: str) -> bool:
    """Short title/heading-shaped line that must not be glued to what follows."""
    n = len(text)
    stop_inside = any(c in SENTENCE_STOPS for c in text[:-1])
    if n < 20 and not stop_inside:
        return True
    if n < 40 and not any(c in ANY_PUNCT for c in text):
        return True
    return bool(LIST_MARKER.match(text)) and n < 40 and not stop_inside


@dataclass
class _Layout:
    wrap_width: int | None  # typical long-line width when the file is hard-wrapped (rule A)
    blank_separated: bool  # paragraphs separated by blank lines: a break may span one


def _layout(src: SourceText, lines: list[_Line]) -> _Layout:
    body = [ln for ln in lines if ln.chars and ln.kind not in NON_BODY_KINDS]
    following_blank = 0
    for a, b in itertools.pairwise(lines):
        if a.chars and not b.chars:
            following_blank += 1
    blank_separated = src.format == "txt" and len(body) >= 2 and following_blank >= 0.5 * (len(body) - 1)
    wrap_width = None
    if src.format in ("pdf", "txt") and len(body) >= 3:
        widths = sorted(_width(ln.text) for ln in body)
        typical = widths[int(0.9 * (len(widths) - 1))]
        long_share = sum(1 for w in widths if w >= 0.8 * typical) / len(widths)
        if src.format == "pdf" and typical >= 20:
            wrap_width = typical
        elif src.format == "txt" and 40 <= typical <= 200 and long_share >= 0.5:
            wrap_width = typical
    return _Layout(wrap_width, blank_separated)


def _should_join(a: _Line, b: _Line, gap: bool, layout: _Layout) -> bool:
    if a.kind in NON_BODY_KINDS or b.kind in NON_BODY_KINDS or not a.chars or not b.chars:
        return False
    if gap and a.page is not None and a.page != b.page:
        gap = False  # the blank line is page furniture (around a dropped page number), not a paragraph break
    if gap and not (layout.blank_separated and any(c in ANY_PUNCT for c in a.text)):
        return False  # across a blank line only in blank-separated files, and only from prose
    at, bt = a.text, b.text
    if (
        at[-1] in FINAL_PUNCT
        or b.indented
        or LIST_MARKER.match(bt)
        or DATE_END.search(at)
        or DATE_ONLY.match(bt)
    ):
        return False
    if layout.wrap_width and not gap and _width(at) >= 0.8 * layout.wrap_width:
        return True  # A: a full-width line of a wrapped page
    first = bt[0]
    if at[-1] in COMMA_LIKE:
        return _is_han(first) or first.isalnum() or first in "“‘《（(「『"  # B
    if not (_is_han(first) or first.isdigit()):
        return False
    if len(bt) < 20 and not any(c in ANY_PUNCT for c in bt):
        return False  # b looks like a title of its own
    return a.continuation or not heading_like(at)  # C


def _rejoin(lines: list[_Line], layout: _Layout) -> list[_Line]:
    out: list[_Line] = []
    last_physical: _Line | None = None
    gap_line: _Line | None = None
    for ln in lines:
        if not ln.chars:
            gap_line = ln
            continue
        if last_physical is not None and _should_join(last_physical, ln, gap_line is not None, layout):
            target = out[-1]
            if (
                last_physical.chars[-1].isascii()
                and last_physical.chars[-1].isalpha()
                and ln.chars[0].isascii()
                and ln.chars[0].isalpha()
            ):
                target.chars.append(" ")
                target.srcs.append(last_physical.newline if last_physical.newline is not None else ln.srcs[0])
            target.chars.extend(ln.chars)
            target.srcs.extend(ln.srcs)
            target.newline = ln.newline
            ln.continuation = True
        else:
            if gap_line is not None:
                out.append(gap_line)
            out.append(_Line(list(ln.chars), list(ln.srcs), ln.src_start, ln.newline, ln.kind, ln.page))
        gap_line = None
        last_physical = ln
    return out


# --- entry point -------------------------------------------------------------------------


def normalise(src: SourceText) -> NormalisedText:
    chars, srcs = _map_chars(src.text)
    lines = _split_lines(src, chars, srcs)
    for ln in lines:
        _clean_spaces(ln)
    lines = _drop_page_numbers(lines, paged=bool(src.page_starts))
    lines = _collapse_blank_lines(lines)
    lines = _rejoin(lines, _layout(src, lines))

    out_c: list[str] = []
    to_source = array.array("q")
    for i, ln in enumerate(lines):
        if i:
            prev = lines[i - 1]
            out_c.append("\n")
            to_source.append(prev.newline if prev.newline is not None else ln.src_start)
        out_c.extend(ln.chars)
        to_source.extend(ln.srcs)
    text = "".join(out_c)
    to_source.append(len(src.text))
    n = len(text)

    page_breaks = [bisect_left(to_source, ps, 0, n) for ps in src.page_starts]
    headings: list[tuple[int, int, int | None]] = []
    for block in src.blocks:
        if block.kind == "heading":
            s = bisect_left(to_source, block.start, 0, n)
            e = bisect_left(to_source, block.end, 0, n)
            while e > s and text[e - 1] in " \n":
                e -= 1
            if e > s:
                headings.append((s, e, block.level))
    return NormalisedText(text, to_source, page_breaks, headings)
