"""Unfilled template slots (模板空白): a blank is a blank, never a zero.

Three shapes, all structural:
- a mask where a number belongs: `20__年`, `学生总数__人`, `***学年`, `20xx人`, `xx00册`, `十*五`;
  a mask before an ordinary word (`__镇`, `x小学`, `**的**副校长`) hides a name — that is
  anonymisation, not a blank;
- a quantity word followed at once by its unit with the number missing:
  `占地面积平方米`, `现有学生人`, `，个教学班`;
- a numbered item that announces content (ends with a colon) and is followed straight away
  by the next item: `59.特殊教育：`.
"""

from __future__ import annotations

import re

from ingest.records import Blank
from ingest.structure import numbering, split_lines

MASK = r"(?:_{1,}|＿{1,}|\*{1,}|＊{1,}|[xX]{1,3}|×{1,3}|○{2,}|口{2,})"
UNIT = r"(?:学年|年度|年|月|日|人次|人|名|个|册|本|台|套|平方米|平米|㎡|m²|米|万元|元|件|间|所|班|号|岁|%|〕|\])"
NUMERAL_CONTEXT = r"(?:\d|[一二三四五六七八九十百千万〇零])"
MASKED_NUMBER = re.compile(
    rf"(?:(?<=\d)|(?<=[〔\[(（]))?{MASK}(?={UNIT}|\d)"  # __年 / **人 / xx00
    rf"|(?<=\d){MASK}"  # 20__ / 20xx
    rf"|(?<=[一二三四五六七八九十]){MASK}(?=[一二三四五六七八九十])"  # 十*五
)
QUANTITY = r"(?:面积|总数|学生|幼儿|教师|老师|职工|人员|班级|图书|藏书|计算机|电脑|价值|经费|仪器|设备|骨干教师|人口)"
MISSING_NUMBER = re.compile(
    rf"{QUANTITY}(?:为|有|共|约|达)?(?:平方米|平米|㎡|万元|元|人(?![数均次员口们文才民事家物格手性工生])|名(?![单称誉额])|册|台|件|间)"
    r"(?![）)])"
)
MISSING_COUNT = re.compile(r"(?<=[，、；,;:：])\s*(?:个|名|间|台|册)(?:教学班|班|教师|学生|教室)")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _context(text: str, s: int, e: int, a: int, b: int) -> tuple[int, int]:
    """Widen a mask to a readable minimal context: a few Han/digit characters either side."""
    ls = s
    while ls > a and s - ls < 3 and re.match(r"[\u4e00-\u9fa5\d〔\[]", text[ls - 1]):
        ls -= 1
    re_ = e
    while re_ < b and re_ - e < 2 and re.match(rf"[\u4e00-\u9fa5\d〕\]%{MASK[3:5]}]", text[re_]):
        re_ += 1
    return ls, re_


def find_blanks(text: str, start: int, end: int) -> list[Blank]:
    spans: list[tuple[int, int]] = []
    for m in MASKED_NUMBER.finditer(text, start, end):
        s, e = m.start(), m.end()
        token = text[s:e]
        if token[0] in "xX×" and (LATIN_WORD.match(text, max(start, s - 1)) or LATIN_WORD.match(text, s)):
            if not re.fullmatch(r"[xX]{1,3}", token) or re.match(r"[A-Za-z]", text[e: e + 1] or " "):
                continue
        spans.append(_context(text, s, e, start, end))
    for rx in (MISSING_NUMBER, MISSING_COUNT):
        for m in rx.finditer(text, start, end):
            s, e = m.start(), m.end()
            if s > start and re.match(r"[\d.]", text[s - 1]):
                continue
            ctx = _context(text, s, e, start, end) if rx is MISSING_COUNT else (max(start, s - 2), e)
            # keep the quantity word itself; extend back over a Han prefix such as 现有/全校
            spans.append((ctx[0] if rx is MISSING_NUMBER and re.match(r"[\u4e00-\u9fa5]{2}", text[ctx[0]:s]) else s, e))
    spans.extend(_empty_items(text, start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1] + 3 and "\n" not in text[merged[-1][1]: s]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return [Blank(text[s:e], (s, e)) for s, e in merged]


def _empty_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    lines = [ln for ln in split_lines(text, start, end) if not ln.blank]
    out = []
    for ln, nxt in zip(lines, lines[1:], strict=False):
        num = numbering(ln.text)
        if not num or not ln.text.endswith(("：", ":")) or len(ln.text) > 30:
            continue
        nnum = numbering(nxt.text)
        if nnum and nnum[0] <= num[0]:
            out.append((ln.start, ln.end))
    return out
