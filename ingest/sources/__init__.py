"""Read a file of any supported type into raw text plus where each piece came from.

Interface (stable, used by ingest.normalise and ingest.pipeline):

    read_source(path, max_bytes=DEFAULT_MAX_BYTES) -> SourceText
        raises ingest.errors.IngestError subclasses, never anything else.

The type is decided by the extension AND the first bytes: a .docx must be a zip holding
word/document.xml, a .pdf must start with %PDF; legacy Office files, images and archives are
refused with a hint instead of being read as garbage.  Size is checked with stat() before
the file is read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.errors import (
    CorruptFile,
    EmptyFile,
    FileMissing,
    FileTooLarge,
    IngestError,
    UnsupportedType,
)
from ingest.sources.base import DEFAULT_MAX_BYTES, Block, SourceText

__all__ = ["DEFAULT_MAX_BYTES", "Block", "SourceText", "read_source", "FORMAT_BY_EXTENSION"]

FORMAT_BY_EXTENSION = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

# Known but unsupported: the reason tells the user what to do.
UNSUPPORTED_EXTENSIONS = {
    ".doc": "旧版 Word .doc 格式不支持，请用 Word/WPS 另存为 .docx",
    ".wps": "WPS 文字格式不支持，请另存为 .docx",
    ".rtf": "RTF 格式不支持，请另存为 .docx",
    ".odt": "ODT 格式不支持，请另存为 .docx",
    ".xls": "Excel 表格不支持，请导出为 .txt 或把表格放进 .docx",
    ".xlsx": "Excel 表格不支持，请导出为 .txt 或把表格放进 .docx",
    ".et": "WPS 表格不支持",
    ".ppt": "演示文稿不支持",
    ".pptx": "演示文稿不支持",
    ".dps": "演示文稿不支持",
}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"}
ARCHIVE_EXTENSIONS = {".zip", ".rar", ".7z", ".gz", ".tar", ".tgz", ".bz2", ".xz"}

MAGIC = (
    (b"%PDF-", "PDF 文件"),
    (b"PK\x03\x04", "zip 压缩包（或 docx/xlsx 等 Office 文件）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（.doc/.xls）"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"BM", None),  # too short to trust on its own; ignored
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)


def sniff(data: bytes) -> str | None:
    """What the first bytes say the file is (a Chinese description), or None for 'maybe text'."""
    for magic, what in MAGIC:
        if what and data.startswith(magic):
            return what
    return None


def read_source(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read one file into a SourceText.  Every failure is an IngestError naming the file."""
    name = str(path)
    p = Path(path)
    try:
        stat = p.stat()
    except FileNotFoundError:
        raise FileMissing(name, "文件不存在") from None
    except OSError as exc:
        raise FileMissing(name, f"无法访问文件（{exc.strerror or exc}）") from None
    if p.is_dir():
        raise UnsupportedType(name, "这是一个目录，不是文件")
    fmt = _format_from_extension(p, name)
    if stat.st_size == 0:
        raise EmptyFile(name, "文件为空（0 字节）")
    if stat.st_size > max_bytes:
        raise FileTooLarge(
            name, f"文件过大：{stat.st_size / 1048576:.1f} MB，超过上限 {max_bytes / 1048576:.1f} MB"
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FileMissing(name, f"无法读取文件（{exc.strerror or exc}）") from None
    if len(data) > max_bytes:  # grew between stat and read
        raise FileTooLarge(name, f"文件过大：超过上限 {max_bytes} 字节")
    fmt = _check_magic(fmt, data, p, name)
    try:
        source = _READERS[fmt](data, name)
    except IngestError:
        raise
    except Exception as exc:  # a reader bug or a library surprise must still name the file
        raise CorruptFile(name, f"读取失败（{type(exc).__name__}: {exc}）") from None
    source.sha256 = hashlib.sha256(data).hexdigest()
    return source


def _format_from_extension(p: Path, name: str) -> str | None:
    ext = p.suffix.lower()
    if ext in FORMAT_BY_EXTENSION:
        return FORMAT_BY_EXTENSION[ext]
    if ext in UNSUPPORTED_EXTENSIONS:
        raise UnsupportedType(name, UNSUPPORTED_EXTENSIONS[ext])
    if ext in IMAGE_EXTENSIONS:
        raise UnsupportedType(name, f"图片文件（{ext}）不支持，需要先做文字识别")
    if ext in ARCHIVE_EXTENSIONS:
        raise UnsupportedType(name, f"压缩包（{ext}）不支持，请先解压")
    if ext:
        raise UnsupportedType(name, f"不支持的文件类型 {ext}（支持 .txt .docx .pdf .html）")
    return None  # no extension: decide from the content


def _check_magic(fmt: str | None, data: bytes, p: Path, name: str) -> str:
    what = sniff(data)
    if fmt == "pdf":
        if b"%PDF-" not in data[:1024]:  # the spec allows junk before the header
            raise CorruptFile(name, "扩展名是 .pdf，但文件不以 %PDF 开头，不是有效的 PDF")
        return fmt
    if fmt == "docx":
        if not data.startswith(b"PK\x03\x04"):
            hint = f"（内容看起来是{what}）" if what else ""
            raise CorruptFile(name, f"扩展名是 .docx，但文件不是 zip 格式，不是有效的 Word 文档{hint}")
        return fmt
    if fmt in ("txt", "html"):
        if what:
            raise UnsupportedType(name, f"扩展名是 {p.suffix}，但文件内容是{what}")
        return fmt
    # no extension
    if what == "PDF 文件":
        return "pdf"
    if what and data.startswith(b"PK\x03\x04"):
        return "docx"  # read_docx rejects zips without word/document.xml
    if what:
        raise UnsupportedType(name, f"文件没有扩展名，内容是{what}，不支持")
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "txt"


# Readers are imported on first use: pdfplumber and python-docx are slow to import and a batch
# of txt files should not pay for them.
def _reader_txt(data: bytes, name: str) -> SourceText:
    from ingest.sources.txt import read_txt

    return read_txt(data, name)


def _reader_docx(data: bytes, name: str) -> SourceText:
    from ingest.sources.docx import read_docx

    return read_docx(data, name)


def _reader_pdf(data: bytes, name: str) -> SourceText:
    from ingest.sources.pdf import read_pdf

    return read_pdf(data, name)


def _reader_html(data: bytes, name: str) -> SourceText:
    from ingest.sources.html import read_html

    return read_html(data, name)


_READERS = {"txt": _reader_txt, "docx": _reader_docx, "pdf": _reader_pdf, "html": _reader_html}
