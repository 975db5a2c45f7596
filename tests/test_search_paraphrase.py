"""Paraphrased questions: qualifiers, one-character words, categories read from the question's cues.

Reports are written for these tests; each problem statement carries the category the extraction
would give it, as in the real pipeline.
"""

from __future__ import annotations

import pytest

from search.devtools import ReportSpec, build_document
from search.index import SearchIndex


def corpus():
    return [
        build_document(
            "qiaotou.txt",
            [
                ReportSpec(
                    school="桥头小学", province="河北省", county="阜平县", level="小学",
                    sections=[
                        ("body", "一、自查情况", ["学校去年更换了破旧的课桌椅，教室面貌焕然一新。"]),
                        ("problems", "二、存在问题", [
                            ("冬季取暖仍用小煤炉，既不安全又不暖和。", "heating"),
                            ("学生宿舍的铁架上下床使用多年，锈蚀严重。", "furniture"),
                        ]),
                    ],
                )
            ],
        ),
        build_document(
            "liuzhuang.txt",
            [
                ReportSpec(
                    school="柳庄小学", province="河北省", county="阜平县", level="小学",
                    sections=[
                        ("problems", "二、存在问题", [
                            ("冬季取暖靠空调和电暖器，电费支出大。", "heating"),
                            ("功能室面积偏小，科学实验室只有40平方米。", "facility_shortage"),
                        ]),
                    ],
                )
            ],
        ),
        build_document(
            "shiqiao.txt",
            [
                ReportSpec(
                    school="石桥初级中学", province="河北省", county="阜平县", level="初中",
                    sections=[
                        ("problems", "二、存在问题", [("运动场地不足，只有一条直跑道。", "sports_ground")]),
                    ],
                )
            ],
        ),
    ]


@pytest.fixture
def index(tmp_path):
    idx = SearchIndex(tmp_path / "index")
    for doc in corpus():
        idx.replace_document(doc, [f"urn:test:{doc.source}-{r.ordinal}" for r in doc.reports])
    yield idx
    idx.close()


def schools(result):
    return [h["school"] for h in result["hits"]]


def test_a_qualifier_does_not_outweigh_the_subject(index):
    # 偏小 answers 太小, but the question is about the sports ground
    result = index.search("操场太小")
    assert schools(result)[0] == "石桥初级中学"
    assert [g["word"] for g in result["interpretation"]["groups"]] == ["操场", "太小"]


def test_a_one_character_word_finds_the_compounds_that_hold_it(index):
    # 煤 is no word of the reports; 小煤炉 is
    assert schools(index.search("煤"))[0] == "桥头小学"
    heating = index.search("烧煤取暖")
    assert schools(heating)[:2] == ["桥头小学", "柳庄小学"]


def test_an_unknown_word_alone_matches_nothing(index):
    assert index.search("校车")["total"] == 0


def test_question_cues_rank_the_category_s_statements_above_body_mentions(index):
    # 课桌椅破旧 shares no word with the bed statement, but the extractor's furniture cues
    # read the question as furniture; the body passage only mentions replaced desks
    result = index.search("课桌椅破旧")
    assert result["interpretation"]["categories"].get("furniture", 0) >= 0.9
    top = result["hits"][0]
    assert top["school"] == "桥头小学"
    assert top["passages"][0]["section"] == "problems" and top["passages"][0]["category"] == "furniture"


def test_a_cue_inside_a_qualifier_names_no_category(index):
    # 陈旧 is a cue of ageing buildings, but here it only qualifies the books
    categories = index.search("图书陈旧")["interpretation"]["categories"]
    assert "building_ageing_safety" not in categories
