"""The parts of one question word are different things (学生 + 宿舍 of 学生宿舍), 理科 is
broader than the primary subject 科学, and a qualifier cut out of a category label (老 of
电脑老旧) takes none of the label's neighbours (计算机数量少).

The reports are written for these tests (fictional schools); each problem statement carries
the category the extraction would give it.
"""

from __future__ import annotations

import pytest

from tests.test_search_paraphrase import index_of, report, schools


def corpus():
    return [
        report("yuquan.txt", "玉泉初级中学", "初中", [
            ("学生宿舍的木板床使用十多年，床板开裂。", "furniture"),
        ]),
        report("xiaohe.txt", "小河小学", "小学", [
            ("部分课桌椅是十几年前的旧桌椅，与学生身高不匹配。", "furniture"),
        ]),
        report("baiyun.txt", "白云小学", "小学", [
            ("教师不足，一位教师要教语文、道德与法治、科学三门课。", "teacher_shortage"),
        ]),
        report("qingshan.txt", "青山初级中学", "初中", [
            ("物理、化学教师不足，各只有一人，一人请假就无人代课。", "teacher_shortage"),
        ]),
        report("lanxi.txt", "兰溪小学", "小学", [
            ("学生用计算机数量少，三个学生挤一台电脑。", "computer_shortage"),
        ]),
        report("dongshan.txt", "东山小学", "小学", [
            ("学生用电脑是2013年配发的，已严重老化，经常死机。", "computer_shortage"),
        ]),
    ]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    idx = index_of(tmp_path_factory.mktemp("compounds") / "index", corpus())
    yield idx
    idx.close()


def test_the_parts_of_one_word_stay_two_groups(index):
    result = index.search("学生宿舍家具破旧")
    words = [g["word"] for g in result["interpretation"]["groups"]]
    assert "学生" in words and "宿舍" in words  # 宿舍 (a synonym of 学生宿舍) does not answer 学生
    hits = {h["school"]: h["score"] for h in result["hits"]}
    assert schools(result)[0] == "玉泉初级中学"
    assert hits.get("小河小学", 0) < hits["玉泉初级中学"]  # old desks, but not in a dormitory


def test_science_subjects_are_broader_than_primary_science(index):
    result = index.search("理科老师配备不够")
    science = next(g for g in result["interpretation"]["groups"] if g["word"] == "理科")
    assert "科学" not in science["alternatives"] and "科学" in science["related"]
    hits = {h["school"]: h["score"] for h in result["hits"]}
    # physics and chemistry teachers answer as well as a teacher who also teaches 科学
    assert hits["青山初级中学"] >= hits["白云小学"] - 1e-9


def test_a_qualifier_of_a_label_takes_none_of_its_neighbours(index):
    result = index.search("学生电脑老旧")
    assert schools(result)[0] == "东山小学"
    old = next(g for g in result["interpretation"]["groups"] if g["word"] == "老")
    assert "计算机数量少" not in old["related"]  # a label of the category, about numbers, not age
