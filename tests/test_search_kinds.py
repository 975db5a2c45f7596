"""Kinds of rooms and subjects (ontology/rooms.ttl, subjects.ttl) and how questions are read
around them: a broader word finds its narrower kinds, grammar words are not subjects, a gap
cue does not join words across another subject, one concept said twice counts once.

The reports are written for these tests (fictional schools); each problem statement carries
the category the extraction would give it.
"""

from __future__ import annotations

import pytest

import ontology
from search.categories import QuestionWord
from tests.test_search_paraphrase import index_of, report, schools


def kinds_corpus():
    return [
        report("yangliu.txt", "杨柳小学", "小学", [
            ("科学实验室只有一间，五六年级的分组实验要轮流排。", "facility_shortage"),
        ]),
        report("shuangmiao.txt", "双庙小学", "小学", [
            ("学校没有专用的美术教室，美术课只能在普通教室上。", "facility_shortage"),
        ]),
        report("hekou.txt", "河口初级中学", "初中", [
            ("教室已全部使用，没有富余教室，学生人数逐年增加。", "classroom_shortage"),
            ("部分学科作业总量偏多，学生课业负担较重。", "other"),
        ]),
        report("nanwan.txt", "南湾初级中学", "初中", [
            ("缺少专职英语教师，英语课由语文教师兼上。", "specialist_teacher_shortage"),
        ]),
        report("beiling.txt", "北岭小学", "小学", [
            ("缺少专职音乐教师，音乐课由班主任兼上。", "specialist_teacher_shortage"),
        ]),
        report("taoyuan.txt", "桃园初级中学", "初中", [
            ("综合楼建于1997年，外墙瓷砖松动脱落，存在坠落隐患。", "building_ageing_safety"),
        ]),
        report("baishu.txt", "柏树小学", "小学", [
            ("学校没有专用的活动教室，社团活动只能在走廊进行。", "facility_shortage"),
        ]),
        report("dongpo.txt", "东坡初级中学", "初中", [
            ("老教学楼的楼梯间狭窄，上下学高峰时段拥挤，存在踩踏隐患。", "building_ageing_safety"),
            ("学生用计算机不足，上课时两个学生挤一台电脑。", "computer_shortage"),
        ]),
        report("xishan.txt", "西山九年一贯制学校", "九年一贯制", [
            ("冬季取暖靠小煤炉，宿舍夜间室温偏低，学生受冻。", "heating"),
            ("学生宿舍不足，部分学生在校外租住。", "facility_shortage"),
        ]),
    ]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    idx = index_of(tmp_path_factory.mktemp("kinds") / "index", kinds_corpus())
    yield idx
    idx.close()


def test_the_vocabulary_reads_narrower_kinds_transitively_and_only_downwards():
    kinds = ontology.kinds()
    assert {"实验室", "物理实验室", "音乐教室", "计算机教室"} <= set(kinds["专用教室"])
    assert "物理实验室" in kinds["功能室"]  # 功能室 > 专用教室 > 实验室 > 物理实验室
    assert "音乐教室" not in kinds["实验室"]
    assert "专用教室" not in kinds.get("实验室", ())  # nothing reads upwards
    assert {"音乐", "美术"} <= set(kinds["艺术"]) and "英语" not in kinds["艺术"]


def test_a_broader_room_finds_the_statements_about_its_kinds(index):
    result = index.search("专用教室不够")
    # 科学实验室 shares no word with 专用教室; 专用的美术教室 and 专用的活动教室 say it in two words
    assert set(schools(result)[:3]) == {"杨柳小学", "双庙小学", "柏树小学"}
    assert "河口初级中学" not in schools(result)[:4]  # ordinary classrooms are another problem


def test_a_narrower_room_does_not_find_its_siblings(index):
    result = index.search("实验室不够")
    assert schools(result)[0] == "杨柳小学"
    art = next(h for h in result["hits"] if h["school"] == "双庙小学")  # an art room is no laboratory:
    assert art["score"] < result["hits"][0]["score"] * 0.8  # only the category speaks for it
    assert "<mark>美术教室</mark>" not in art["passages"][0]["text"]


def test_a_broader_subject_finds_teachers_of_its_subjects(index):
    result = index.search("艺术老师缺")
    score = {h["school"]: h["score"] for h in result["hits"]}
    assert schools(result)[0] == "北岭小学"  # music is an art
    assert score["北岭小学"] > score["南湾初级中学"]  # English is not


def test_grammar_words_are_not_subjects(index):
    # 一 (numeral) and 我 (pronoun) would otherwise widen to 一台 and friends
    parsed = index.parser.parse("一放学楼梯口就挤成一团，我真怕孩子被推倒")
    assert not {"一", "我", "被"} & {g.word for g in parsed.groups}
    assert schools(index.search("一放学楼梯口就挤成一团，我真怕孩子被推倒"))[0] == "东坡初级中学"
    assert index.search("一放学楼梯口就挤成一团")["hits"][0]["passages"][0]["category"] == "building_ageing_safety"


def test_how_many_is_not_what(index):
    # 部分学科 asks nothing about subjects' homework when the question is about rooms
    result = index.search("部分学科缺少专用教室")
    assert "部分" not in {g["word"] for g in result["interpretation"]["groups"]}
    assert schools(result)[0] != "河口初级中学"


def test_one_concept_said_twice_counts_once(index):
    groups = index.search("教室冷，学生冻得哆嗦")["interpretation"]["groups"]
    assert [g["word"] for g in groups if "冷" in g["alternatives"]] == ["冷"]  # not 冷, 冻 and 哆嗦


def test_a_gap_cue_does_not_join_words_across_another_subject(index):
    # 宿舍…不足 would read 宿舍里一点热乎气都没有 as "dormitories lacking"; 没有 is said of 热乎气
    categoriser = index.parser.categoriser  # with the qualifier groups (没有 reads as 不足)
    text = "宿舍里一点热乎气都没有"
    words = [QuestionWord(0, 2, False), QuestionWord(3, 5, False), QuestionWord(5, 8, False), QuestionWord(9, 11, True)]
    across = categoriser.strengths(text, words).get("facility_shortage", 0.0)
    near = categoriser.strengths("宿舍没有", [QuestionWord(0, 2, False), QuestionWord(2, 4, True)]).get("facility_shortage", 0.0)
    assert near > 0.9 and across < near
    result = index.search("冬天宿舍里冻得直哆嗦，一点热乎气都没有")
    assert result["hits"][0]["passages"][0]["category"] == "heating"


def test_a_building_question_finds_the_kinds_of_building(index):
    # 楼房 is the broader word of 综合楼; 风险 reads as 隐患
    result = index.search("哪些学校的楼房有安全风险")
    assert set(schools(result)[:2]) == {"桃园初级中学", "东坡初级中学"}  # 综合楼, 老教学楼
    taoyuan = result["hits"][schools(result).index("桃园初级中学")]
    assert "<mark>综合楼</mark>" in taoyuan["passages"][0]["text"]


def test_narrower_kinds_are_read_rarest_first_within_a_budget(index, monkeypatch):
    from search import ranking

    view = index.view()
    parsed = index.parser.parse("专用教室", doc_frequency=lambda t: view.doc_frequency("text", t))
    (group,) = parsed.groups
    held = [alt for alt in group.narrower if all(view.doc_frequency("text", t) for t in alt)]
    assert {("科学实验室",), ("美术教室",)} <= set(held)
    assert set(ranking._telling_kinds(view, group)) == set(held)  # a small corpus reads them all, none absent
    monkeypatch.setattr(ranking, "NARROWER_MIN_BUDGET", 1)
    monkeypatch.setattr(ranking, "NARROWER_BUDGET", 0.0)
    (kept,) = ranking._telling_kinds(view, group)  # each costs a posting list: one fits
    assert kept in held
