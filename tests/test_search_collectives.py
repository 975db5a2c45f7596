"""Collectives (jh:collective: 课桌椅, 音体美, 理化生), a question saying every word of a
category label, and everyday words for the week.

The reports are written for these tests (fictional schools); each problem statement carries
the category the extraction would give it.
"""

from __future__ import annotations

import pytest

import ontology
from tests.test_search_paraphrase import index_of, report, schools


def corpus():
    return [
        report("taoyuan.txt", "桃园小学", "小学", [
            ("低年级桌凳是十五年前配的，高矮不一，已不适合学生使用。", "furniture"),
        ]),
        report("xinghua.txt", "杏花小学", "小学", [
            ("学生宿舍双层床的床板断裂，存在安全隐患。", "furniture"),
        ]),
        report("hepu.txt", "河浦小学", "小学", [
            ("音体美教师严重不足，这几门课只能由语数教师兼任。", "specialist_teacher_shortage"),
        ]),
        report("shiling.txt", "石岭小学", "小学", [
            ("英语教师缺1名，三年级英语课无人承担。", "specialist_teacher_shortage"),
        ]),
        report("wanggang.txt", "望岗初级中学", "初中", [
            ("物理、化学、生物教师各只有一人，无人可以替换。", "specialist_teacher_shortage"),
        ]),
        report("beiyuan.txt", "北苑初级中学", "初中", [
            ("物理教师年龄偏大，近三年没有新教师补充。", "teacher_shortage"),
        ]),
        report("nanping.txt", "南坪初级中学", "初中", [
            ("七年级四个班平均每班学生58人，超过标准班额。", "class_size"),
        ]),
        report("xishan.txt", "西山初级中学", "初中", [
            ("学生食堂面积不足，就餐时十分拥挤，学生分三批就餐。", "facility_shortage"),
        ]),
        report("songlin.txt", "松林初级中学", "初中", [
            ("理化生教师各只有一人，无人可以替换。", "specialist_teacher_shortage"),
        ]),
        report("dongpo.txt", "东坡小学", "小学", [
            ("教师编制紧张，数学教师每周课时普遍在20节以上。", "teacher_shortage"),
        ]),
        report("qinglong.txt", "青龙小学", "小学", [
            ("教师培训经费不足，外出学习机会少。", "funding"),
        ]),
    ]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    idx = index_of(tmp_path_factory.mktemp("collectives") / "index", corpus())
    yield idx
    idx.close()


def test_the_vocabulary_knows_which_concepts_are_collectives():
    above = ontology.collectives()
    assert "课桌椅" in above["椅子"] and "音体美" in above["音乐"] and "理化生" in above["物理"]
    assert "家具" not in above["椅子"]  # furniture is a broader kind, no collective
    assert "科学" not in above.get("物理", ())  # nor is 科学 (primary science)
    assert ontology.collective_members()["理化生"] == ("化学", "物理", "生物")


def test_a_collective_names_each_of_its_members(index):
    # neither statement says 椅子 or 音乐
    assert schools(index.search("椅子太旧了"))[0] == "桃园小学"
    assert schools(index.search("缺音乐老师"))[0] == "河浦小学"


def test_a_member_is_no_collective_of_its_siblings(index):
    beds = [h for h in index.search("椅子太旧了")["hits"] if h["school"] == "杏花小学"]
    top = index.search("椅子太旧了")["hits"][0]["score"]
    assert not beds or beds[0]["score"] < top * 0.8  # a bed is no chair, 课桌椅 no bed
    assert "河浦小学" not in schools(index.search("缺英语老师"))[:1]  # 音体美 holds no English


def test_naming_every_member_says_the_collective(index):
    hits = {h["school"]: h["score"] for h in index.search("理化生老师各只有一名")["hits"]}
    # 物理、化学、生物 all named say 理化生 as fully as the word itself, and more than 物理 alone
    assert hits["望岗初级中学"] == pytest.approx(hits["松林初级中学"], rel=0.05)
    assert hits["北苑初级中学"] < hits["望岗初级中学"]


def test_a_question_saying_each_word_of_a_label_asks_for_its_category(index):
    question = "有没有学校班里学生挤得太多、一个班人数超标"
    result = index.search(question)
    assert "class_size" in result["interpretation"]["categories"]  # 班级人数太多, word by word
    assert schools(result)[0] == "南坪初级中学"


def test_a_week_is_a_week_however_it_is_said(index):
    assert schools(index.search("老师一个礼拜要上的课太多"))[0] == "东坡小学"
