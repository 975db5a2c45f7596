"""PDF via pdfplumber: one Block per text line, page by page, with `page_starts`.

Lines come in pdfplumber's reading order (top to bottom, left to right); layout is not
reconstructed beyond that.  Encrypted or unparsable files are CorruptFile; a file whose pages
give no text at all (a scan) is NoText, since OCR is out of scope.
"""

from __future__ import annotations

import io
import logging
import re

import pdfplumber

from ingest.errors import CorruptFile, NoText
from ingest.sources.base import SourceText, TextBuilder

CID_GLYPH = re.compile(r"\(cid:\d+\)")


def read_pdf(data: bytes, path: str) -> SourceText:
    builder = TextBuilder()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are noise on real files
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if number > 1:
                    builder.start_page()
                text = page.extract_text() or ""
                line_no = 0
                for line in text.split("\n"):
                    line_no += 1
                    if line.strip():
                        builder.add(line, "line", line_no, page=number)
    except Exception as exc:  # pdfminer raises its own hierarchy plus plain errors on damage
        if _is_encryption_error(exc):
            raise CorruptFile(path, "PDF 已加密，需要密码才能读取") from None
        detail = f"{type(exc).__name__}: {exc}".rstrip(": ")
        raise CorruptFile(path, f"PDF 文件已损坏或无法解析（{detail}）") from None
    text = builder.text
    readable = CID_GLYPH.sub("", text)
    if not readable.strip():
        if text.strip():
            raise NoText(path, "PDF 字体没有字符映射，提取不到可读文字")
        raise NoText(path, "PDF 中没有可提取的文字（可能是扫描件，需要先做文字识别）")
    page_starts = [min(p, len(text)) for p in builder.page_starts]
    return SourceText(path, "pdf", None, text, builder.blocks, page_starts)


def _is_encryption_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect / PDFEncryptionError: look inside."""
    seen = 0
    stack: list[BaseException] = [exc]
    while stack and seen < 10:
        e = stack.pop()
        seen += 1
        name = type(e).__name__
        if "Password" in name or "Encrypt" in name:
            return True
        stack.extend(a for a in e.args if isinstance(a, BaseException))
        stack.extend(x for x in (e.__cause__, e.__context__) if x is not None)
    return False
