"""Figures a question states approximately, as ranges of numbers the reports may write.

People ask in words and round numbers ("一个班五十多个学生", "每周二十节左右的课"); reports
write exact figures ("最大班额58人", "每周课时达到20节").  An approximate figure of the
question becomes the range of values it admits, and ranking matches the number terms of the
index inside that range.  A comparison admits what it compares with ("不少于18节" -> 18..54,
the threshold a statement quotes included).  A bare figure in digits ("班额45人") stays a
literal look-up: it is usually the threshold a statement quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.numbers import CN_DIGITS, NUMBER_PATTERN, parse_number

# before the number: about / nearly / more than / less than
_NEAR_BEFORE = ("大约", "约", "将近", "接近", "近", "差不多")
_ABOVE_BEFORE = ("超过", "超出", "多于", "高于", "大于", "不少于", "不低于", "至少", "起码", "超")
_BELOW_BEFORE = ("不到", "不足", "少于", "低于", "小于", "不超过")
# after the number (before its measure word or noun): 五十多个, 二十来节, 二十节左右
_MORE_AFTER = ("多", "余", "几", "来")
_NEAR_AFTER = ("左右", "上下")
_ABOVE_AFTER = ("以上", "开外", "更多", "还多")
_BELOW_AFTER = ("以下", "以内")
# a measure word may stand between the number and 左右 / 以上 (二十节左右, 50人以上)
MEASURES = ("平方米", *"个名位人节间台册本所米元次年岁班张套")

_FIGURE = re.compile(
    rf"(?P<before>{'|'.join(_NEAR_BEFORE + _ABOVE_BEFORE + _BELOW_BEFORE)})?"
    rf"(?P<number>{NUMBER_PATTERN})"
    rf"(?P<more>{'|'.join(_MORE_AFTER)})?"
    rf"(?:(?:{'|'.join(MEASURES)})?(?:课|的课)?(?:甚至|或者|或|及|乃至)?(?P<after>{'|'.join(_NEAR_AFTER + _ABOVE_AFTER + _BELOW_AFTER)}))?"
)
NEAR = 0.15  # "about N" admits N +- 15 %
OPEN_FACTOR = 3  # "more than N" looks up to 3N, "less than N" down to N/3: not every number


@dataclass(frozen=True)
class Figure:
    """An approximate figure of a question: where it is written and the values it admits."""

    start: int
    end: int  # the number and its approximation words, not its measure word
    text: str
    low: float
    high: float  # inclusive bounds


def _place(value: float) -> float:
    """The place value of the last non-zero digit of an integer (五十 -> 10, 一百 -> 100)."""
    n = int(value)
    if n <= 0 or n != value:
        return 1.0
    place = 1
    while n % 10 == 0:
        n //= 10
        place *= 10
    return float(place)


def approximate_figures(text: str) -> list[Figure]:
    """Figures of `text` a question states approximately, or in Chinese numerals (>= 10).

    "五十多个学生" -> 50..59, "二十节左右" -> 17..23, "超过五十人" -> 50..150; "45人" -> none.
    """
    found = []
    for m in _FIGURE.finditer(text):
        number = m.group("number")
        value = parse_number(number)
        if value is None:
            continue
        before, more, after = m.group("before"), m.group("more"), m.group("after")
        in_words = not number[0].isdigit()
        approximate = bool(more or after or (before and before in _NEAR_BEFORE))
        compared = before in _ABOVE_BEFORE + _BELOW_BEFORE if before else False
        if in_words and value < 10 and not (more or after or compared):
            continue  # 一个班, 近五年, 三间: counting words, not figures asked about (八年以上 is one)
        if not (approximate or in_words or compared):
            continue  # a figure in digits is looked up literally (班额45人)
        if more:
            low, high = value, value + _place(value) - 1e-9
        elif (after and after in _NEAR_AFTER) or (before and before in _NEAR_BEFORE):
            low, high = value * (1 - NEAR), value * (1 + NEAR)
        elif (after and after in _ABOVE_AFTER) or (before and before in _ABOVE_BEFORE):
            low, high = value, value * OPEN_FACTOR
        elif (after and after in _BELOW_AFTER) or (before and before in _BELOW_BEFORE):
            low, high = value / OPEN_FACTOR, value
        else:
            low = high = value
        start = m.start()
        end = m.end("more") if more else m.end("number")
        if after:
            end = m.end()
        found.append(Figure(start, end, text[start:end], low, high))
    return found


def number_value(term: str) -> float | None:
    """The value of an index term that is a number ("58", "50.7", "二十"), else None."""
    if not term or not (term[0].isdigit() or term[0] in CN_DIGITS or term[0] == "十"):
        return None  # most terms: no need to try parsing
    return parse_number(term)
