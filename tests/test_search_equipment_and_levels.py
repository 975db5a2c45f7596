"""Kinds of equipment and furniture (ontology/equipment.ttl), the school level a question names,
and grammar words the reports never use.

The reports are written for these tests (fictional schools); each problem statement carries
the category the extraction would give it.
"""

from __future__ import annotations

import pytest

import ontology
from tests.test_search_paraphrase import index_of, report, schools


def corpus():
    return [
        report("qingshi.txt", "青石小学", "小学", [
            ("课桌椅使用多年，桌面开裂、椅子松动，高度与学生身高不匹配。", "furniture"),
        ]),
        report("hongqi.txt", "红旗初级中学", "初中", [
            ("学生宿舍的铁架床锈蚀严重，部分床板断裂。", "furniture"),
        ]),
        report("fenglin.txt", "枫林小学", "小学", [
            ("多媒体设备使用超过八年，投影仪亮度不足，后排学生看不清。", "equipment_shortage"),
        ]),
        report("songgang.txt", "松岗初级中学", "初中", [
            ("学生用计算机不足，信息技术课三人共用一台。", "computer_shortage"),
        ]),
        report("baisha.txt", "白沙小学", "小学", [
            ("图书室藏书陈旧，适合学生阅读的新书少。", "book_shortage"),
        ]),
        report("jinshan.txt", "金山初级中学", "初中", [
            ("九年级个别班级学生数达到56人，超过每班50人的标准。", "class_size"),
        ]),
        report("yinhe.txt", "银河小学", "小学", [
            ("五年级两个班学生数达到56人，超过每班45人的标准。", "class_size"),
        ]),
        report("changling.txt", "长岭九年一贯制学校", "九年一贯制", [
            ("七年级两个班学生数达到56人，超过标准班额。", "class_size"),
        ]),
        report("liuxi.txt", "柳溪小学", "小学", [
            ("没有风雨操场，雨天体育课只能在走廊进行。", "sports_ground"),
            ("教学楼西侧围墙年久失修，部分墙体倾斜。", "building_ageing_safety"),
        ]),
        report("donggang.txt", "东岗小学", "小学", [
            ("体育教师只有1名，部分班级的体育课由班主任兼上。", "specialist_teacher_shortage"),
        ]),
    ]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    idx = index_of(tmp_path_factory.mktemp("equipment") / "index", corpus())
    yield idx
    idx.close()


def test_the_vocabulary_reads_kinds_of_equipment_downwards():
    kinds = ontology.kinds()
    assert {"课桌椅", "椅子", "课桌", "床铺"} <= set(kinds["家具"])  # 家具 > 课桌椅 > 椅子, transitively
    assert {"计算机", "多媒体设备"} <= set(kinds["电子设备"])
    assert "计算机" in kinds["教学设备"] and "床铺" not in kinds["教学设备"]
    assert "家具" not in kinds.get("课桌椅", ()) and "家具" not in kinds.get("椅子", ())
    assert "体育" in kinds["艺体"]  # 艺体 is arts and PE; 艺术 alone is not PE
    assert "体育" not in kinds["艺术"]


def test_furniture_finds_desks_chairs_and_beds(index):
    result = index.search("学生家具老旧")
    assert set(schools(result)[:2]) == {"青石小学", "红旗初级中学"}  # neither says 家具


def test_electronic_equipment_finds_computers_and_projectors(index):
    result = index.search("电子设备不够用")
    assert set(schools(result)[:2]) == {"枫林小学", "松岗初级中学"}
    assert "白沙小学" not in schools(result)[:2]


def test_a_narrower_piece_of_furniture_does_not_find_its_sibling(index):
    result = index.search("椅子坏了")
    assert schools(result)[0] == "青石小学"
    beds = [h for h in result["hits"] if h["school"] == "红旗初级中学"]
    assert not beds or beds[0]["score"] < result["hits"][0]["score"] * 0.8  # a bed is no chair


def test_arts_and_pe_teachers_include_the_pe_teacher(index):
    assert schools(index.search("艺体教师缺"))[0] == "东岗小学"


def test_a_question_naming_a_level_prefers_schools_of_that_level(index):
    # the three statements say the same; a nine-year school is junior and primary alike
    junior = schools(index.search("初中班额超过50人"))
    assert set(junior[:2]) == {"金山初级中学", "长岭九年一贯制学校"}
    assert junior.index("银河小学") == 2  # ranked lower, not dropped
    primary = schools(index.search("小学班额超过45人"))
    assert set(primary[:2]) == {"银河小学", "长岭九年一贯制学校"}
    assert primary.index("金山初级中学") == 2


def test_which_level_a_question_names(index):
    level = lambda q: index.parser.parse(q).level  # noqa: E731
    assert level("初中部物理老师缺人") == "junior"
    assert level("村小没有英语老师") == "primary"
    assert level("九年一贯制学校班额大") is None  # both levels
    assert level("中小学班额大") is None  # 中小学 names both, though it holds 小学
    assert level("班额大") is None


def test_grammar_words_the_reports_never_use_are_not_subjects(index):
    question = "一下雨孩子们的体育课就上不成，要么挤在楼道里要么干脆取消"
    view = index.view()
    parsed = index.parser.parse(question, doc_frequency=lambda t: view.doc_frequency("text", t))
    words = [g.word for g in parsed.groups]
    assert not {"们", "要么", "干脆"} & set(words)  # a suffix, a conjunction, an adverb
    assert "楼道" in words  # a noun the reports never use still asks for something (走廊)
    assert schools(index.search(question))[0] == "柳溪小学"
