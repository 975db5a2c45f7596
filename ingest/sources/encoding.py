"""Decode the bytes of a text file (txt, html) without guessing blindly.

Order: byte-order mark, then strict UTF-8 (or UTF-8 with rare damage, read with U+FFFD in
the broken places), then the charset the file declares (html), then charset-normalizer restricted to the codecs
Chinese reports really come in (GB family, Big5, UTF-16 without BOM).  Whatever a detector
proposes must still decode strictly and look like text (almost no control characters, mostly
Han / ASCII / CJK punctuation); otherwise the file is reported as undecodable rather than
turned into mojibake.
"""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

from ingest.errors import UndecodableText

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# charset-normalizer's names -> the codec we decode with and report.  GB2312 and GBK are
# subsets of GB18030, so a GB-family verdict is always decoded (and reported) as gb18030.
DETECTOR_CANDIDATES = ["gb18030", "gbk", "gb2312", "big5", "utf_16_le", "utf_16_be"]
DETECTED_TO_CODEC = {
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "cp936": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5",
    "cp950": "big5",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
}

ALLOWED_CONTROLS = "\t\n\r\f"


def looks_like_text(text: str) -> bool:
    """True when decoded text is plausibly human text, not binary decoded by a lenient codec."""
    if not text:
        return True
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS)
    if controls > max(2, len(text) // 200):
        return False
    good = 0
    for ch in text:
        cp = ord(ch)
        if (
            ch.isascii()
            or 0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
            or 0x3000 <= cp <= 0x303F  # CJK punctuation
            or 0xFF00 <= cp <= 0xFFEF  # full-width forms
            or 0x2000 <= cp <= 0x206F  # general punctuation
            or 0x2460 <= cp <= 0x24FF  # circled numbers
            or 0x00A0 <= cp <= 0x00FF
            or unicodedata.category(ch) in ("Zs", "Nd")
        ):
            good += 1
    return good >= 0.9 * len(text)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name).  `declared` is a charset named by the file itself (html meta).

    Raises UndecodableText when no sensible codec gives plausible text.
    """
    for bom, name in BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], name.removesuffix("-sig"))
            if text is None:
                raise UndecodableText(path, f"文件以 {name} 字节顺序标记开头，但内容无法按该编码解码")
            return text, name
    text = _strict(data, "utf-8")
    if text is not None and looks_like_text(text):
        return text, "utf-8"
    text = _damaged_utf8(data)
    if text is not None:
        return text, "utf-8"
    if declared:
        codec = DETECTED_TO_CODEC.get(declared.lower().replace("-", "_"), declared.lower())
        text = _strict(data, codec)
        if text is not None and looks_like_text(text):
            return text, normal_name(codec)
    if b"\x00" in data and not _utf16_shaped(data):
        raise UndecodableText(path, "文件含有二进制数据（NUL 字节），不是文本文件")
    best = charset_normalizer.from_bytes(data, cp_isolation=DETECTOR_CANDIDATES).best()
    if best is not None:
        codec = DETECTED_TO_CODEC.get(best.encoding, best.encoding)
        text = _strict(data, codec)
        if text is not None and looks_like_text(text):
            return text, normal_name(codec)
    raise UndecodableText(path, "无法识别文本编码（不是 UTF-8、GB18030、Big5 或 UTF-16），或文件不是文本")


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a file cut mid-character, one bad copy) is still UTF-8.

    Read it with U+FFFD in the damaged places rather than let a lenient GB decoder turn the
    whole file into mojibake.  Only when the damage is rare and the rest is real multi-byte
    UTF-8.
    """
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - damaged
    if 0 < damaged <= max(1, len(data) // 5000) and multibyte >= 20 * damaged and looks_like_text(text):
        return text
    return None


def _utf16_shaped(data: bytes) -> bool:
    """UTF-16 without BOM: even length, and its ASCII characters leave NULs in one byte column."""
    if len(data) % 2:
        return False
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    return (even_nuls == 0) != (odd_nuls == 0) or (even_nuls + odd_nuls) == 0


def normal_name(codec: str) -> str:
    """Python codec name -> the lower-case hyphenated name we report ("utf-16-le", "gb18030")."""
    name = codecs.lookup(codec).name  # e.g. "utf-16-le", "gb18030", "big5"
    return name.replace("_", "-")
