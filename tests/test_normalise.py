"""normalise() on real files: character rules, page numbers, re-joined lines, the offset map."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from ingest.normalise import ARTEFACTS, LIST_MARKER, NormalisedText, normalise, source_span
from ingest.sources import SourceText, read_source

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = FIXTURES / "formats"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
ALL_FIXTURES = sorted(p.name for p in FORMATS.iterdir() if p.suffix in (".txt", ".docx", ".pdf", ".html"))


def norm(name: str) -> tuple[SourceText, NormalisedText]:
    src = read_source(FORMATS / name)
    return src, normalise(src)


def norm_text(tmp_path: Path, text: str, name: str = "t.txt") -> tuple[SourceText, NormalisedText]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    src = read_source(path)
    return src, normalise(src)


# --- characters ---------------------------------------------------------------------------


def test_fullwidth_digits_and_symbols_become_ascii() -> None:
    _, nt = norm("utf8.txt")
    assert "始建于1956年" in nt.text
    assert "合格率100%" in nt.text
    assert "生均图书达到35.5册" in nt.text
    assert not re.search("[０-９％．]", nt.text)


def test_chinese_punctuation_is_kept() -> None:
    _, nt = norm("utf8.txt")
    assert "（一）办学条件" in nt.text
    assert "现有教学班12个，在校学生320名" in nt.text
    for ascii_form in ",;:()!?":
        assert ascii_form not in nt.text


def test_kept_forms_ellipsis_and_circled_numbers(tmp_path: Path) -> None:
    _, nt = norm_text(tmp_path, "问题如下：①3个班额超标……②图书不足！（见附表）？\n")
    assert nt.text == "问题如下：①3个班额超标……②图书不足！（见附表）？"


def test_pdf_artefacts_repaired() -> None:
    _, nt = norm("utf8.txt")
    assert "设置到位" in nt.text and "臵" not in nt.text
    assert "学校对照“义务教育学校办学标准”，" in nt.text
    assert "‚" not in nt.text and "‛" not in nt.text


def test_low_double_quote_opens(tmp_path: Path) -> None:
    _, nt = norm_text(tmp_path, "开展„书香校园”活动。\n")
    assert nt.text == "开展“书香校园”活动。"


def test_nfkc_expansion_maps_every_char_to_its_source(tmp_path: Path) -> None:
    src, nt = norm_text(tmp_path, "教学楼3000㎡。\n")
    assert nt.text == "教学楼3000m2。"
    i = nt.text.index("m2")
    assert nt.to_source[i] == nt.to_source[i + 1] == src.text.index("㎡")
    assert source_span(nt, i, i + 2) == (src.text.index("㎡"), src.text.index("㎡") + 1)


def test_invisible_characters_dropped(tmp_path: Path) -> None:
    _, nt = norm_text(tmp_path, "学生\u200b320\u00ad名\n")
    assert nt.text == "学生320名"


# --- spaces and blank lines ---------------------------------------------------------------


def test_space_runs_collapse_and_ends_are_stripped(tmp_path: Path) -> None:
    _, nt = norm_text(tmp_path, "  学校  概况\t\t说明　　一   \n\n\n\n学生 320 名\n\n")
    assert nt.text == "学校 概况 说明 一\n\n学生 320 名"


def test_table_cell_tabs_are_kept() -> None:
    _, nt = norm("report.docx")
    lines = nt.text.split("\n")
    assert "学生数\t320\t人" in lines
    assert "\t音乐教室\t1" in lines


# --- page numbers -------------------------------------------------------------------------


def test_decorated_page_numbers_dropped_lone_figure_kept(tmp_path: Path) -> None:
    text = (
        "\n".join(
            [
                "一、学校概况",
                "学校现有学生。",
                "- 3 -",
                "学校现有教师。",
                "—4—",
                "第 5 页 共 10 页",
                "第6页",
                "6/10",
                "学校现有班级。",
                "127",
                "学校现有图书。",
            ]
        )
        + "\n"
    )
    _, nt = norm_text(tmp_path, text)
    assert nt.text.split("\n") == [
        "一、学校概况",
        "学校现有学生。",
        "学校现有教师。",
        "学校现有班级。",
        "127",
        "学校现有图书。",
    ]


def test_bare_page_number_sequence_dropped(tmp_path: Path) -> None:
    text = "学校现有学生。\n1\n学校现有教师。\n2\n学校现有班级。\n"
    _, nt = norm_text(tmp_path, text)
    assert nt.text == "学校现有学生。\n学校现有教师。\n学校现有班级。"


def test_txt_page_number_line_dropped() -> None:
    _, nt = norm("utf8.txt")
    assert "- 2 -" not in nt.text
    assert "生均图书达到35.5册。\n（二）教师队伍" in nt.text


def test_pdf_page_numbers_dropped_and_list_reads_across_pages() -> None:
    src, nt = norm("report.pdf")
    assert "- 1 -" not in nt.text and "第 2 页" not in nt.text
    lines = nt.text.split("\n")
    start = lines.index("二、存在问题")
    items = lines[start + 1 : start + 5]
    assert [item[:2] for item in items] == ["1、", "2、", "3、", "4、"]
    assert all(item.endswith("。") for item in items)
    assert items[2].endswith("不能满足学生开展体育活动的需要，也给学校组织大型集体活动带来安全隐患。")
    assert lines[start + 5] == "三、整改措施"
    # the page break falls inside item 3, at the first character page 2 has in the source
    (brk,) = nt.page_breaks
    item3 = nt.text.index(items[2])
    assert item3 < brk < item3 + len(items[2])
    assert nt.to_source[brk] == src.page_starts[0]


def test_pdf_wrapped_lines_joined() -> None:
    _, nt = norm("report.pdf")
    assert (
        "学校占地面积8600平方米，生均图书35册，各类功能教室均按标准设置到位，能够满足教育教学的基本需要。"
        in nt.text
    )
    assert nt.text.startswith("青石镇中心小学均衡发展自评报告\n一、学校基本情况\n")


# --- re-joining ---------------------------------------------------------------------------


def test_broken_line_rejoined_headings_kept() -> None:
    _, nt = norm("utf8.txt")
    assert "用于改善学校的教学设施和生活设施，学生宿舍" in nt.text
    lines = nt.text.split("\n")
    for own_line in (
        "青石镇中心小学义务教育均衡发展自评报告",
        "一、学校基本情况",
        "二、主要工作",
        "（一）办学条件",
        "三、存在问题",
        "四、今后措施",
        "青石镇中心小学",
        "2024年6月10日",
    ):
        assert own_line in lines


def test_wrapped_txt_with_form_feed_joins_across_the_page() -> None:
    src, nt = norm("wrapped_pages.txt")
    lines = nt.text.split("\n")
    assert lines[0] == "三、存在问题"
    assert [line[:2] for line in lines[1:]] == ["1、", "2、", "3、", "4、"]
    assert "现有运动场没有标准的环形跑道和直跑道" in nt.text
    assert "- 1 -" not in nt.text and "- 2 -" not in nt.text
    assert nt.to_source[nt.page_breaks[0]] == src.page_starts[0]


def test_blank_separated_break_joined_but_not_before_list_item() -> None:
    _, nt = norm("blank_separated.txt")
    assert "努力改善办学条件，占地面积8600平方米" in nt.text
    assert "各种资料齐全\n\n2、教师队伍建设。" in nt.text
    assert nt.text.startswith("青石镇中心小学自查报告\n\n一、学校概况\n\n")


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("学校近三年投入资金用于改善教学设施，并对学生宿舍和食堂进行了改\n造，办学条件明显改善。\n", True),
        ("学校多方筹措资金，\n改善办学条件。\n", True),  # ends with a comma
        ("三、存在问题\n学校功能教室不足。\n", False),  # heading
        ("（二）加强德育教育，构建学生素质评价体系\n学校坚持开展主题教育活动。\n", False),  # numbered heading
        (
            "学校近三年投入资金用于改善教学设施，并对学生宿舍和食堂进行了改造\n2、学校图书不足。\n",
            False,
        ),  # list
        ("学校近三年投入资金用于改善教学设施，并对学生宿舍和食堂进行了改造\n第二篇：工作汇报\n", False),
        ("青石镇中心小学 2024年6月10日\n青石镇中心小学工作汇报\n", False),  # sign-off date
        ("青石镇中心小学全体教职工 2024.6\n二〇二四年学校工作计划，已报县教育局\n", False),
        ("学校现有图书一万二千册，按在校学生计算生均图书达到12.5\n册，达到省定标准。\n", True),  # not a date
        ("学校近三年投入资金用于改善教学设施，并对学生宿舍和食堂进行了改造\n工作汇报材料\n", False),  # title
        ("学校近三年投入资金用于改善教学设施，并对学生宿舍和食堂进行了改造。\n学校图书充足。\n", False),
    ],
)
def test_rejoin_rules(tmp_path: Path, text: str, joined: bool) -> None:
    _, nt = norm_text(tmp_path, text)
    assert ("\n" not in nt.text) == joined, nt.text


def test_docx_and_html_headings_never_joined() -> None:
    for name in ("report.docx", "report.html"):
        src, nt = norm(name)
        for start, end, level in nt.headings:
            assert nt.text[end : end + 1] in ("", "\n")
            assert start == 0 or nt.text[start - 1] == "\n"
            assert level is not None


def test_docx_headings_in_normalised_offsets() -> None:
    _, nt = norm("report.docx")
    assert [(nt.text[s:e], level) for s, e, level in nt.headings] == [
        ("青石镇中心小学均衡发展自评报告", 0),
        ("一、学校基本情况", 1),
        ("（一）师资情况", 2),
    ]


# --- the offset map -----------------------------------------------------------------------


def _char_maps_back(normalised: str, source: str) -> bool:
    if normalised == source:
        return True
    if ARTEFACTS.get(source) == normalised:
        return True
    if normalised in " \t\n" and (source.isspace() or source == "\n"):
        return True
    return normalised in unicodedata.normalize("NFKC", source)


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_offset_map_over_whole_fixture(name: str) -> None:
    src, nt = norm(name)
    check_offset_map(src, nt)


def check_offset_map(src: SourceText, nt: NormalisedText) -> None:
    ts = nt.to_source
    assert len(ts) == len(nt.text) + 1
    assert ts[-1] == len(src.text)
    assert all(a <= b for a, b in zip(ts, ts[1:], strict=False))  # monotonic: spans stay spans
    for i, ch in enumerate(nt.text):
        assert _char_maps_back(ch, src.text[ts[i]]), (i, ch, src.text[ts[i]])


def test_source_span_round_trip() -> None:
    src, nt = norm("utf8.txt")
    quote = "在校学生320名"
    start = nt.text.index(quote)
    s, e = source_span(nt, start, start + len(quote))
    assert src.text[s:e] == "在校学生３２０名"
    joined = "教学设施和生活设施"
    start = nt.text.index(joined)
    s, e = source_span(nt, start, start + len(joined))
    assert src.text[s:e] == "教学设施和\n生活设施"
    assert source_span(nt, 0, 0) == (nt.to_source[0], nt.to_source[0])


def test_no_text_lost_except_dropped_rules() -> None:
    """Everything but whitespace and page-number lines survives, in order."""
    src, nt = norm("utf8.txt")
    expected = "".join(
        unicodedata.normalize("NFKC", c) if c not in "，。、；：？！（）" else c
        for c in src.text.replace("- 2 -", "")
    )
    expected = expected.translate(str.maketrans({"臵": "置", "‚": "“", "‛": "”"}))
    assert re.sub(r"\s", "", nt.text) == re.sub(r"\s", "", expected)


# --- seeds (read-only, skipped without ../shared) -----------------------------------------

seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds not present")


@pytest.mark.seeds
@seeds
def test_seeds_normalise_without_losing_content() -> None:
    from ingest.normalise import _map_chars  # the character rules alone, no line rules

    for path in sorted(SEEDS.glob("*.txt")):
        src = read_source(path)
        nt = normalise(src)
        check_offset_map(src, nt)
        mapped = "".join(_map_chars(src.text)[0])
        assert re.sub(r"\s", "", nt.text) == re.sub(r"\s", "", mapped), path.name


@pytest.mark.seeds
@seeds
def test_seeds_headings_stay_and_mid_sentence_breaks_join() -> None:
    from ingest.normalise import _map_chars

    heading = re.compile(r"^[一二三四五六七八九十]、\S{2,14}$")
    for path in sorted(SEEDS.glob("*.txt")):
        src = read_source(path)
        nt = normalise(src)
        out_lines = set(nt.text.split("\n"))
        src_lines = [line.strip() for line in src.text.split("\n")]
        headings = [line for line in src_lines if heading.match(line)]
        assert headings
        assert all(h in out_lines for h in headings), path.name
        # a long prose line cut after a Han character, continued by a line starting with a Han
        # character that is not a list item, must be joined
        nonblank = [line for line in src_lines if line]
        breaks = [
            (a, b)
            for a, b in zip(nonblank, nonblank[1:], strict=False)
            if len(a) >= 40
            and "\u4e00" <= a[-1] <= "\u9fff"
            and "，" in a
            and "\u4e00" <= b[0] <= "\u9fff"
            and not LIST_MARKER.match(b)
            and any(c in "，。" for c in b)
        ]
        assert breaks, path.name
        for a, b in breaks:
            assert "".join(_map_chars(a[-6:] + b[:4])[0]) in nt.text, path.name
