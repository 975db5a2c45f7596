"""Line-level structure of a normalised text: lines with offsets, list numbering, headings.

Reports are cut and sections found from *structure* (numbering, line shape, sign-offs),
so these primitives are shared by `segment` and `sections` and the extractors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "一二三四五六七八九十"
_CN_VALUE = {c: i + 1 for i, c in enumerate(CN_DIGITS)}

# Numbering styles, outermost first.  Level 1 = 一、  2 = （一）  3 = 1、/1.  4 = （1）  5 = ①
NUMBERING = [
    (1, re.compile(rf"^(第)?([{CN_DIGITS}]{{1,3}})(?:[、.．]|部分)\s*")),
    (2, re.compile(rf"^[（(]([{CN_DIGITS}]{{1,3}})[)）][、.．]?\s*")),
    (3, re.compile(r"^(?:-\s*)?(\d{1,3})(?:[、．]|\.(?!\d)|[:：](?!\d))\s*")),
    (4, re.compile(r"^[（(](\d{1,2})[)）][、.．]?\s*")),
    (5, re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
    (6, re.compile(r"^([-•·●■◆▪※])\s+(?=\S)")),  # bullets: each is an item, unnumbered
]
SENTENCE_END = "。！？!?；;…"
OPENING_PUNCT = "“‘《（("


@dataclass
class Line:
    start: int  # offset of the first non-space character
    end: int  # offset just past the last non-space character
    text: str  # the stripped line

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Lines of text[start:end] with absolute offsets; surrounding spaces trimmed."""
    end = len(text) if end is None else end
    out: list[Line] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        raw = text[pos:stop]
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        s = pos + lead
        out.append(Line(s, s + len(stripped), stripped))
        if nl < 0:
            break
        pos = nl + 1
    return out


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20; Arabic digits pass through."""
    if s.isdigit():
        return int(s)
    if s in _CN_VALUE:
        return _CN_VALUE[s]
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_VALUE.get(tens, 1) if tens else 1
        o = _CN_VALUE.get(ones, 0) if ones else 0
        return t * 10 + o
    return None


def numbering(text: str) -> tuple[int, int, int] | None:
    """(level, number, length of the marker) of a numbered line, else None."""
    for level, rx in NUMBERING:
        m = rx.match(text)
        if not m:
            continue
        token = m.group(m.lastindex or 1)
        if level == 6:
            n = 1
        elif level == 5:
            n = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(token) + 1
        else:
            n = cn_to_int(token)
        if n is None:
            continue
        # "1.5万" or "2024年" are numbers, not list markers
        if level == 3 and re.match(r"^\d+[.．]\d", text):
            continue
        return level, n, m.end()
    return None


def strip_numbering(text: str) -> tuple[str, int]:
    """The text without its list marker, and how many characters were removed."""
    num = numbering(text)
    if not num:
        return text, 0
    return text[num[2]:], num[2]


def looks_like_heading(line: Line, max_len: int = 40) -> bool:
    """A short line that names a part rather than saying something."""
    return heading_part(line, max_len) == line.text


def heading_part(line: Line, max_len: int = 40) -> str | None:
    """The heading a line carries: the whole line when it is short and says nothing
    (`二、自查情况`, `四、存在的问题和今后的努力方向。存在问题：`), or for a top-level numbered
    line the short lead before its first stop (`一、基本情况。学校占地…` → `一、基本情况`)."""
    t = line.text
    if not t:
        return None
    body, marker = strip_numbering(t)
    core = body.rstrip("：:。.")
    if core and len(t) <= max_len and not any(p in core for p in "，,；;！？") and (
        "。" not in core or t.endswith(("：", ":"))
    ):
        return t
    num = numbering(t)
    if num and num[0] == 1:
        m = re.search(r"[：:。]", body)
        if m and 2 <= m.start() <= 20 and not any(p in body[: m.start()] for p in "，,；"):
            return t[: marker + m.start()]
    return None
