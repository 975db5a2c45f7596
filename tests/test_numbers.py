"""Numerals as reports write them -> numbers; dates -> ISO."""

import re

import pytest

from ingest.extract.numbers import NUMBER_PATTERN, parse_chinese_date, parse_number


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1236", 1236),
        ("１２３６", 1236),  # full-width
        ("1,236", 1236),
        ("27666.68", 27666.68),
        ("１２．５", 12.5),
        ("一千二百三十六", 1236),
        ("两千", 2000),
        ("两千五", 2500),  # colloquial: the trailing digit scales with 千
        ("一百零五", 105),
        ("十五", 15),
        ("三十八", 38),
        ("十万", 100_000),
        ("三万五千", 35_000),
        ("一亿二千万", 120_000_000),
        ("0.45万", 4500),
        ("1.2万", 12_000),
        ("3亿", 300_000_000),
        ("二〇一九", 2019),  # year written digit by digit
        ("一九五六", 1956),
        ("三点五", 3.5),
        ("百分之五十", 50),
        ("百分之50", 50),
        ("百分之百", 100),
        ("零", 0),
    ],
)
def test_parse_number(written, value):
    assert parse_number(written) == pytest.approx(value)


@pytest.mark.parametrize("junk", ["", "  ", "学生", "万", "千百", "abc", "一点"])
def test_parse_number_rejects_words(junk):
    assert parse_number(junk) is None


def test_number_pattern_finds_every_style_and_skips_words():
    text = "藏书0.45万册，投入一百多万元，访万家，占比百分之50，１２３６人，共1,200人，二〇二三年"
    found = re.findall(NUMBER_PATTERN, text)
    assert found == ["0.45万", "一百", "百分之50", "１２３６", "1,200", "二〇二三"]


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("二〇一九年九月", "2019-09"),
        ("2024年6月10日", "2024-06-10"),
        ("2024年12月", "2024-12"),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("２０２２年３月５号", "2022-03-05"),
        ("青山小学 2021.7", "2021-07"),
        ("报告日期：2020-11-02", "2020-11-02"),
        ("2018年", "2018"),
    ],
)
def test_parse_chinese_date(written, iso):
    assert parse_chinese_date(written) == iso


@pytest.mark.parametrize("text", ["", "学校现有学生300人", "20__年", "第13个月"])
def test_parse_chinese_date_none(text):
    assert parse_chinese_date(text) is None
