"""Numerals as Chinese reports write them: Arabic, full-width, Chinese, mixed (0.45万), dates.

Reports mix `1236`, `１２３６`, `一千二百三十六`, `两千`, `0.45万` and digit-by-digit years
(`二〇一九`); every later stage wants a float, so the conversion lives in one place.
"""

from __future__ import annotations

import re
import unicodedata

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_DIGITS = "零〇○一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"

# Arabic: 1236 / 1,236 / 27666.68 / full-width ０-９ and ．, optionally scaled by 万/亿/千.
_ARABIC = r"[0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?"
_CHINESE = rf"[{CN_DIGITS}十][{CN_NUMERAL_CHARS}]*(?:点[{CN_DIGITS}]+)?"
NUMBER_PATTERN: str = (
    rf"百分之(?:{_ARABIC}|{_CHINESE}|百)"
    rf"|(?:{_ARABIC})(?:[万亿](?![{CN_DIGITS}]))?"
    rf"|{_CHINESE}"
)
NUMBER_RE = re.compile(NUMBER_PATTERN)


def _to_ascii(s: str) -> str:
    return unicodedata.normalize("NFKC", s).replace(",", "").strip()


def _chinese_integer(s: str) -> int | None:
    """一千二百三十六 -> 1236; 两千五 -> 2500 (colloquial trailing digit); 二〇一九 -> 2019."""
    if not s or not (s[0] in _DIGITS or s[0] == "十"):
        return None
    if not any(c in s for c in "十百千万亿"):
        if all(c in _DIGITS for c in s):  # digit by digit: 二〇一九
            return int("".join(str(_DIGITS[c]) for c in s))
        return None
    total = 0  # completed 亿/万 sections
    section = 0  # within the current section (< 10000)
    digit: int | None = None
    last_unit = 1
    for c in s:
        if c in _DIGITS:
            digit = _DIGITS[c]
        elif c in _SMALL_UNITS:
            unit = _SMALL_UNITS[c]
            section += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
        elif c in _BIG_UNITS:
            unit = _BIG_UNITS[c]
            section += digit or 0
            digit = None
            total = (total + section) * unit if total and unit > 10_000 else total + section * unit
            section = 0
            last_unit = unit
        else:
            return None
    if digit is not None:
        # 两千五 = 2500, 三万五 = 35000: a bare trailing digit scales with the unit before it
        # (but 一百零五 = 105: a zero in between keeps the digit a unit).
        if last_unit >= 10 and not s[:-1].endswith(("零", "〇")):
            section += digit * last_unit // 10
        else:
            section += digit
    return total + section


def parse_number(s: str) -> float | None:
    """A numeral as written -> float, or None when it is not one.

    "1236", "１２３６", "一千二百三十六", "两千", "十五", "0.45万" (4500), "1.2万", "二〇一九",
    "百分之五十" (50), "三点五" (3.5).
    """
    if s is None:
        return None
    t = _to_ascii(s)
    if not t:
        return None
    if t.startswith("百分之"):
        rest = t[3:]
        return 100.0 if rest == "百" else parse_number(rest)
    scale = 1
    if len(t) > 1 and t[-1] in "万亿千" and re.fullmatch(r"[0-9.]+", t[:-1]):
        scale = {"万": 10_000, "亿": 100_000_000, "千": 1000}[t[-1]]
        t = t[:-1]
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", t):
        return float(t) * scale
    if "点" in t:
        whole, _, frac = t.partition("点")
        w = _chinese_integer(whole) if whole else 0
        if w is None or not frac or not all(c in _DIGITS for c in frac):
            return None
        return float(f"{w}.{''.join(str(_DIGITS[c]) for c in frac)}")
    value = _chinese_integer(t)
    return None if value is None else float(value)


_YEAR = rf"(?P<y>[0-9０-９]{{4}}|[{CN_DIGITS}]{{4}})"
_MONTH = r"(?P<m>[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?P<d>[0-9０-９]{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_DATE_CN = re.compile(rf"{_YEAR}\s*年(?:\s*{_MONTH}\s*月(?:\s*{_DAY}\s*[日号])?)?")
_DATE_NUM = re.compile(r"(?P<y>(?:19|20)[0-9]{2})[.\-/](?P<m>[0-9]{1,2})(?:[.\-/](?P<d>[0-9]{1,2}))?(?![0-9])")


def parse_chinese_date(s: str) -> str | None:
    """The first date in `s` as ISO, as precise as written.

    "二〇一九年九月" -> "2019-09", "2024年6月10日" -> "2024-06-10", "2024.12" -> "2024-12".
    """
    if not s:
        return None
    t = unicodedata.normalize("NFKC", s)
    m = _DATE_CN.search(t) or _DATE_NUM.search(t)
    if not m:
        return None
    year = parse_number(m.group("y"))
    if year is None or not 1900 <= year <= 2100:
        return None
    out = f"{int(year):04d}"
    if m.group("m"):
        month = parse_number(m.group("m"))
        if month is None or not 1 <= month <= 12:
            return out
        out += f"-{int(month):02d}"
        if m.group("d"):
            day = parse_number(m.group("d"))
            if day is not None and 1 <= day <= 31:
                out += f"-{int(day):02d}"
    return out
