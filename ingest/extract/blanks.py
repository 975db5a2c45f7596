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

MASK = r"(?:_+|＿+|\*+|＊+|[xX]{1,3}|×{1,3}|○{2,}|口{2,})"
UNIT = r"(?:学年|年度|年|月|日|人次|人|名|个|册|本|台|套|平方米|平米|㎡|m²|米|万元|元|件|间|所|班|号|岁|%|〕|\])"
# a mask where a number belongs: digits around it, or a unit right after it
MASKED_NUMBER = re.compile(
    rf"\d*{MASK}\d*{UNIT}"  # __年, 20xx人, xx00册, xx5平方米
    rf"|\d+{MASK}\d*"  # 20__, 19xx
    rf"|[一二三四五六七八九十]{MASK}[一二三四五六七八九十]"  # 十*五
)
QUANTITY = r"(?:面积|总数|学生|幼儿|教师|老师|职工|人员|班级|图书|藏书|计算机|电脑|价值|经费|仪器|设备|人口|用房|场地|场馆|校舍)"
AFTER_UNIT = r"(?=[，。；、,;:：)）\s]|其中|$)"
MISSING_NUMBER = re.compile(rf"{QUANTITY}(?:为|有|共|约|达)?(?:平方米|平米|㎡|万元|元|人|名|册|台|件|间){AFTER_UNIT}")
MISSING_COUNT = re.compile(r"(?<=[，、；,;:：])\s*(?:个|名|间|台|册)(?:教学班|班|教师|学生|教室)")
EMPTY_ITEM = re.compile(
    r"(?:^|(?<=[。；;]))\s*((?:\d{1,3}|[一二三四五六七八九十]{1,3})[.、．](?:[^\n。；;：:]{2,24}[：:])?)\s*$"
)


def find_blanks(text: str, start: int, end: int) -> list[Blank]:
    spans: list[tuple[int, int, str]] = []
    for m in MASKED_NUMBER.finditer(text, start, end):
        s, e = m.start(), m.end()
        token = m.group(0)
        # an x inside a Latin word (Excel, box) is a letter, not a mask
        if re.search(r"[xX]", token) and (re.match(r"[A-Za-z]", text[s - 1: s] or " ")
                                          or re.match(r"[A-Za-z]", text[e: e + 1] or " ")):
            continue
        spans.append((s, e, "mask"))
    for rx in (MISSING_NUMBER, MISSING_COUNT):
        for m in rx.finditer(text, start, end):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            if s > start and re.match(r"[\d.]", text[s - 1]):
                continue
            if rx is MISSING_NUMBER and re.fullmatch(r"[\u4e00-\u9fa5]{2}", text[max(start, s - 2): s]) and not re.search(
                    r"[的是有为和与及了]", text[s - 2: s]):
                s -= 2  # 占地面积平方米: keep the qualifier of the quantity
            spans.append((s, e, "missing"))
    spans.extend((s, e, "item") for s, e in _empty_items(text, start, end))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, kind in spans:
        prev = merged[-1] if merged else None
        # 20__年，20__年: one slot repeated with only punctuation between
        if prev and kind == prev[2] == "mask" and s - prev[1] <= 2 and re.fullmatch(r"[，、,\s]*", text[prev[1]: s]):
            merged[-1] = (prev[0], max(e, prev[1]), kind)
        elif prev and s < prev[1]:
            merged[-1] = (prev[0], max(e, prev[1]), prev[2])
        else:
            merged.append((s, e, kind))
    return [Blank(text[s:e], (s, e)) for s, e, _ in merged]


def _empty_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A numbered label (`59.特殊教育：`), alone or closing a line, right before the next item."""
    lines = [ln for ln in split_lines(text, start, end) if not ln.blank]
    out = []
    for ln, nxt in zip(lines, lines[1:], strict=False):
        m = EMPTY_ITEM.search(ln.text)
        if not m:
            continue
        num = numbering(m.group(1))
        nnum = numbering(nxt.text)
        if num and nnum and nnum[0] <= num[0]:
            s = ln.start + m.start(1)
            out.append((s, s + len(m.group(1))))
    return out
