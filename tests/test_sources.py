"""read_source on real files: fixtures built by tests/fixtures/make_format_fixtures.py."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import pytest

from ingest.errors import (
    CorruptFile,
    EmptyFile,
    FileMissing,
    FileTooLarge,
    IngestError,
    NoText,
    UndecodableText,
    UnsupportedType,
)
from ingest.sources import DEFAULT_MAX_BYTES, SourceText, read_source

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = FIXTURES / "formats"
BAD = FIXTURES / "bad"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


def read(name: str) -> SourceText:
    return read_source(FORMATS / name)


def lines_of(src: SourceText) -> list[str]:
    return src.text.split("\n")


# --- txt encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("utf8.txt", "utf-8"),
        ("utf8_bom.txt", "utf-8-sig"),
        ("gb18030.txt", "gb18030"),
        ("gbk.txt", "gb18030"),  # GB family is always reported (and decoded) as gb18030
        ("big5.txt", "big5"),
        ("utf16le_bom.txt", "utf-16-le"),
        ("utf16be_bom.txt", "utf-16-be"),
        ("utf16le_nobom.txt", "utf-16-le"),
        ("crlf.txt", "utf-8"),
    ],
)
def test_txt_encoding_detected(name: str, encoding: str) -> None:
    src = read(name)
    assert src.format == "txt"
    assert src.encoding == encoding
    assert "\ufeff" not in src.text


@pytest.mark.parametrize("name", ["utf8_bom.txt", "utf16le_bom.txt", "utf16be_bom.txt", "utf16le_nobom.txt"])
def test_same_text_whatever_the_encoding(name: str) -> None:
    assert read(name).text == "青石镇中心小学简介\n学校位于青石镇东街，现有学生３２０名，教师２８人。\n"


def test_gb18030_four_byte_character_survives() -> None:
    assert "𠮷祥路" in read("gb18030.txt").text


def test_big5_decodes_traditional_text() -> None:
    assert "青石鎮中心小學" in read("big5.txt").text


def test_crlf_and_lone_cr_become_newlines() -> None:
    src = read("crlf.txt")
    assert "\r" not in src.text
    assert lines_of(src)[:3] == ["第一行", "第二行", "第三行"]


def test_txt_blocks_are_numbered_nonblank_lines() -> None:
    src = read("blank_separated.txt")
    raw_lines = src.text.split("\n")
    assert [b.index for b in src.blocks] == [i + 1 for i, line in enumerate(raw_lines) if line.strip()]
    for block in src.blocks:
        assert block.kind == "line"
        assert src.text[block.start : block.end] == raw_lines[block.index - 1]


def test_form_feed_starts_a_page_in_txt() -> None:
    src = read("wrapped_pages.txt")
    assert len(src.page_starts) == 1
    assert "\f" not in src.text
    assert {b.page for b in src.blocks} == {1, 2}
    first_on_page_2 = next(b for b in src.blocks if b.page == 2)
    assert first_on_page_2.start >= src.page_starts[0]


def test_sha256_is_of_the_file_bytes() -> None:
    path = FORMATS / "gbk.txt"
    assert read_source(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


# --- docx ---------------------------------------------------------------------------------


def test_docx_keeps_body_order_paragraph_table_paragraph() -> None:
    src = read("report.docx")
    assert src.format == "docx" and src.encoding is None
    lines = lines_of(src)
    intro = next(i for i, line in enumerate(lines) if "主要办学指标见下表" in line)
    row = lines.index("学生数\t320\t人")
    after = lines.index("以上指标均达到省定标准。")
    assert intro < row < after
    assert lines[intro + 1] == "指标\t数值\t备注"


def test_docx_block_kinds_and_heading_levels() -> None:
    src = read("report.docx")
    by_text = {src.text[b.start : b.end]: b for b in src.blocks}
    assert by_text["青石镇中心小学均衡发展自评报告"].kind == "heading"
    assert by_text["青石镇中心小学均衡发展自评报告"].level == 0  # Title
    assert (by_text["一、学校基本情况"].kind, by_text["一、学校基本情况"].level) == ("heading", 1)
    assert (by_text["（一）师资情况"].kind, by_text["（一）师资情况"].level) == (
        "heading",
        2,
    )  # style "标题 2"
    assert by_text["学生数\t320\t人"].kind == "table_row"
    assert by_text["以上指标均达到省定标准。"].kind == "p"
    assert [b.index for b in src.blocks] == sorted(b.index for b in src.blocks)


def test_docx_merged_cells_are_read_once() -> None:
    src = read("report.docx")
    lines = lines_of(src)
    assert "生均图书\t35册（达标）" in lines  # horizontal merge: not "35册（达标）\t35册（达标）"
    assert src.text.count("35册（达标）") == 1
    assert "功能教室\t6\t间" in lines
    assert "\t音乐教室\t1" in lines  # vertical merge continuation: empty, not a repeated 功能教室
    assert src.text.count("功能教室") == 1


# --- pdf ----------------------------------------------------------------------------------


def test_pdf_lines_pages_and_page_starts() -> None:
    src = read("report.pdf")
    assert src.format == "pdf" and src.encoding is None
    assert len(src.page_starts) == 1
    start = src.page_starts[0]
    assert src.text[start - 1] == "\n"
    assert {b.page for b in src.blocks} == {1, 2}
    assert all(b.kind == "line" for b in src.blocks)
    page2 = [b for b in src.blocks if b.page == 2]
    assert page2[0].start == start and page2[0].index == 1
    assert all(b.start >= start for b in page2)
    assert src.text.startswith("青石镇中心小学均衡发展自评报告\n")
    assert "- 1 -" in src.text and "第 2 页 共 2 页" in src.text  # raw text keeps page furniture


# --- html ---------------------------------------------------------------------------------


def test_html_visible_text_only() -> None:
    src = read("report.html")
    assert src.format == "html" and src.encoding == "utf-8"
    for hidden in ("网站标题", "脚本内容", "导航链接", "注释", "隐藏内容", "也不应出现", "font-family"):
        assert hidden not in src.text


def test_html_blocks_rows_and_headings() -> None:
    src = read("report.html")
    lines = lines_of(src)
    assert lines[0] == "青石镇中心小学均衡发展自评报告"
    assert "学生数\t320" in lines
    assert "生均图书\t35册" in lines  # cells wrapped in <p> still make one row
    assert (
        "学校现有学生３２０名，教职工２８人。" in lines
    )  # a source line break between Han chars is no space
    assert "学校占地面积８６００平方米。" in lines  # <br> ends a line
    assert "音乐教室不足。" in lines and "运动场地偏小。" in lines
    headings = [(src.text[b.start : b.end], b.level) for b in src.blocks if b.kind == "heading"]
    assert headings == [("青石镇中心小学均衡发展自评报告", 1), ("主要指标", 2)]


def test_html_meta_charset_gb2312_reads_as_gb18030() -> None:
    src = read("report_gb2312.html")
    assert src.encoding == "gb18030"
    assert lines_of(src) == ["青石镇中心小学现有学生３２０名。", "教职工２８人。"]


# --- bad inputs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "error", "reason_part"),
    [
        ("empty.txt", EmptyFile, "空"),
        ("whitespace.txt", EmptyFile, "空白"),
        ("binary.txt", UndecodableText, "文本"),
        ("notzip.docx", CorruptFile, "zip"),
        ("nodocxml.docx", CorruptFile, "word/document.xml"),
        ("truncated.pdf", CorruptFile, "PDF"),
        ("notpdf.pdf", CorruptFile, "%PDF"),
        ("encrypted.pdf", CorruptFile, "加密"),
        ("scanned.pdf", NoText, "扫描"),
        ("legacy.doc", UnsupportedType, ".docx"),
        ("pdf_named.txt", UnsupportedType, "PDF"),
    ],
)
def test_bad_input_gives_typed_error_naming_the_file(name: str, error: type, reason_part: str) -> None:
    path = BAD / name
    with pytest.raises(error) as info:
        read_source(path)
    exc = info.value
    assert name in str(exc)
    assert reason_part in exc.reason
    assert any("\u4e00" <= c <= "\u9fff" for c in exc.reason)  # Chinese reason
    assert exc.to_dict() == {"file": str(path), "kind": error.kind, "reason": exc.reason}


def test_missing_file() -> None:
    with pytest.raises(FileMissing) as info:
        read_source(FORMATS / "不存在的文件.txt")
    assert "不存在的文件.txt" in str(info.value) and info.value.kind == "missing"


def test_size_limit_small_max_bytes() -> None:
    with pytest.raises(FileTooLarge) as info:
        read_source(FORMATS / "utf8.txt", max_bytes=100)
    assert "utf8.txt" in str(info.value)


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # sparse: takes no disk, and would be undecodable if it were read
        f.truncate(DEFAULT_MAX_BYTES + 1)
    with pytest.raises(FileTooLarge):
        read_source(big)


@pytest.mark.parametrize("name", ["scan.png", "photo.JPG", "table.xls", "slides.pptx", "data.csv", "a.zip"])
def test_unsupported_extensions(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    with pytest.raises(UnsupportedType) as info:
        read_source(path)
    assert name in str(info.value)


def test_binary_without_nul_bytes_is_undecodable(tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))
    with pytest.raises(UndecodableText):
        read_source(path)


def test_utf8_cut_mid_character_stays_utf8(tmp_path: Path) -> None:
    data = (FORMATS / "utf8.txt").read_bytes()
    path = tmp_path / "cut.txt"
    path.write_bytes(data[: data.index("存在问题".encode()) + 1])  # ends inside 存
    src = read_source(path)
    assert src.encoding == "utf-8"
    assert src.text.endswith("三、\ufffd")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError):
        read_source(tmp_path)


def test_no_extension_is_sniffed(tmp_path: Path) -> None:
    pdf = tmp_path / "report"
    shutil.copy(FORMATS / "report.pdf", pdf)
    assert read_source(pdf).format == "pdf"
    txt = tmp_path / "notes"
    txt.write_text("青石镇中心小学\n", encoding="utf-8")
    assert read_source(txt).format == "txt"


def test_uppercase_extension(tmp_path: Path) -> None:
    path = tmp_path / "REPORT.DOCX"
    shutil.copy(FORMATS / "report.docx", path)
    assert read_source(path).format == "docx"


# --- seeds (read-only, skipped without ../shared) -----------------------------------------


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds not present")
def test_seed_files_read_as_utf8() -> None:
    files = sorted(SEEDS.glob("*.txt"))
    assert files
    for path in files:
        src = read_source(path)
        assert src.encoding == "utf-8"
        assert src.text == path.read_text(encoding="utf-8").replace("\r\n", "\n")
