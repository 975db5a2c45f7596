"""Paraphrased questions: qualifiers, one-character words, categories read from the question's cues.

Reports are written for these tests; each problem statement carries the category the extraction
would give it, as in the real pipeline.
"""

from __future__ import annotations

import pytest

from search.devtools import ReportSpec, build_document
from search.index import SearchIndex


def report(source, school, level, problems, body=(), province="河北省", county="阜平县"):
    """A document of one report: an optional body section, then the problem statements, each
    with the category the extraction would give it."""
    sections = [("body", "一、自查情况", list(body))] if body else []
    sections.append(("problems", "二、存在问题", list(problems)))
    spec = ReportSpec(school=school, province=province, county=county, level=level, sections=sections)
    return build_document(source, [spec])


def index_of(where, documents):
    idx = SearchIndex(where)
    for doc in documents:
        idx.replace_document(doc, [f"urn:test:{doc.source}-{r.ordinal}" for r in doc.reports])
    return idx


def corpus():
    return [
        report("qiaotou.txt", "桥头小学", "小学", [
            ("冬季取暖仍用小煤炉，既不安全又不暖和。", "heating"),
            ("学生宿舍的铁架上下床使用多年，锈蚀严重。", "furniture"),
        ], body=["学校去年更换了破旧的课桌椅，教室面貌焕然一新。"]),
        report("liuzhuang.txt", "柳庄小学", "小学", [
            ("冬季取暖靠空调和电暖器，电费支出大。", "heating"),
            ("功能室面积偏小，科学实验室只有40平方米。", "facility_shortage"),
        ]),
        report("shiqiao.txt", "石桥初级中学", "初中", [("运动场地不足，只有一条直跑道。", "sports_ground")]),
    ]


@pytest.fixture
def index(tmp_path):
    idx = index_of(tmp_path / "index", corpus())
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


def place_corpus():
    """Statements written for the rules below, none quoting a question."""
    hunan = {"province": "湖南省", "county": "泸溪县"}
    return [
        report("hetang.txt", "荷塘小学", "小学", [
            ("理化生实验室合用一间，分组实验难以开齐。", "facility_shortage"),
            ("学校教学及辅助用房生均面积低于国家标准。", "classroom_shortage"),
        ], body=["学校组织学生到户外开展科学观察活动，效果良好。"], **hunan),
        report("songping.txt", "松坪中学", "初中", [
            ("体育馆尚未建设，雨天只能在走廊做操。", "sports_ground"),
            ("美术专职老师只有一名，其余班级由语文老师代课。", "specialist_teacher_shortage"),
        ], **hunan),
        report("baishi.txt", "白石小学", "小学", [("部分教师年龄偏大，信息化教学能力弱。", "teacher_shortage")],
               body=["学校场地平整，地方虽小但布局合理。"], **hunan),
    ]


@pytest.fixture
def place_index(tmp_path):
    idx = index_of(tmp_path / "places", place_corpus())
    yield idx
    idx.close()


@pytest.mark.parametrize(
    ("question", "category", "school"),
    [
        ("做实验的地方太少", "facility_shortage", "荷塘小学"),  # 实验 + place -> 实验室
        ("下雨时上体育课没有场所", "sports_ground", "松坪中学"),  # 体育(课) + place -> 体育馆
    ],
)
def test_the_place_for_an_activity_is_its_room(place_index, question, category, school):
    result = place_index.search(question)
    assert result["interpretation"]["categories"].get(category, 0) >= 0.5
    assert result["hits"][0]["school"] == school
    assert result["hits"][0]["passages"][0]["category"] == category


def test_no_place_word_no_room(place_index):
    # without a place word 实验 stays the experiment itself: no room category is read
    assert "facility_shortage" not in place_index.search("科学实验效果")["interpretation"]["categories"]


def test_a_cue_s_qualifier_stands_for_its_group(place_index):
    # the cue 用房…不足 also reads 用房紧缺 (紧缺 and 不足 are one qualifier group)
    result = place_index.search("辅助用房紧缺")
    assert result["interpretation"]["categories"].get("classroom_shortage", 0) >= 0.5
    assert result["hits"][0]["school"] == "荷塘小学"


def test_a_gap_cue_reads_one_word_as_its_synonym():
    # 专门的老师: no cue is in the text or in one synonym alone, but with 专门 read as its
    # synonym 专职 the cue 专职…老师 (specialist teachers) is
    from search.categories import QuestionCategoriser, QuestionWord

    categoriser = QuestionCategoriser()
    text = "专门的老师"
    words = [QuestionWord(0, 2, False, ("专职", "专任")), QuestionWord(3, 5, False, ("教师",))]
    assert categoriser.strengths(text, words).get("specialist_teacher_shortage", 0) >= 0.5
    without_synonyms = [QuestionWord(0, 2, False), QuestionWord(3, 5, False)]
    assert "specialist_teacher_shortage" not in categoriser.strengths(text, without_synonyms)


def test_how_a_question_is_framed_is_not_what_it_asks(place_index):
    framed = place_index.search("报告中提到体育馆没建的学校有哪些")
    plain = place_index.search("体育馆没建")
    assert [g["word"] for g in framed["interpretation"]["groups"]] == [g["word"] for g in plain["interpretation"]["groups"]]
    assert framed["hits"] == plain["hits"] and framed["hits"][0]["school"] == "松坪中学"


def compound_corpus():
    """Statements for the word-level rules below (rooms, glued words, parts of words)."""
    shanxi = {"province": "山西省", "county": "五台县"}
    return [
        report("yuquan.txt", "玉泉小学", "小学", [
            ("微机室只有一间，六个年级的信息课排不开。", "computer_shortage"),
            ("适合一二年级学生阅读的绘本数量很少。", "book_shortage"),
        ], body=["学校建有微机室一间，配备学生用计算机30台。"], **shanxi),
        report("dongshan.txt", "东山中学", "初中", [
            ("普通教室不足，两个班借用会议室上课。", "classroom_shortage"),
            ("冬季寒冷，宿舍没有取暖设施，学生夜间受冻。", "heating"),
        ], **shanxi),
        report("beipo.txt", "北坡小学", "小学", [
            ("寄宿生180人，只有两名生活老师，夜间管理力量薄弱。", "teacher_shortage"),
            ("宿舍楼建于1992年，墙体开裂。", "building_ageing_safety"),
        ], **shanxi),
        report("nanwan.txt", "南湾中学", "初中", [("生物、地理实验室合用一间，分组实验开不齐。", "facility_shortage")], **shanxi),
        report("xiguan.txt", "西关中学", "初中", [("地理教师缺编，课由班主任兼上。", "specialist_teacher_shortage")], **shanxi),
    ]


@pytest.fixture(scope="module")
def compound_index(tmp_path_factory):
    idx = index_of(tmp_path_factory.mktemp("compound") / "index", compound_corpus())
    yield idx
    idx.close()


def test_a_compound_word_is_its_own_thing_not_its_head(compound_index):
    # 计算机教室 ends in 教室, but a computer room is not a classroom: the classroom cue that
    # starts inside the word counts less, and the room's synonym 微机室 answers it whole
    result = compound_index.search("计算机教室太少")
    categories = result["interpretation"]["categories"]
    assert categories["computer_shortage"] > categories.get("classroom_shortage", 0)
    assert schools(result)[0] == "玉泉小学"
    assert result["hits"][0]["passages"][0]["category"] == "computer_shortage"
    # the head alone still asks for classrooms
    plain = compound_index.search("教室太少")
    assert plain["interpretation"]["categories"]["classroom_shortage"] == 1.0
    assert schools(plain)[0] == "东山中学"


def test_words_jieba_glued_together_are_cut_with_the_reports_words(compound_index):
    # jieba cuts 没绘本读 as 没 / 绘 / 本读: 绘本 only exists in the reports' own words
    result = compound_index.search("低年级孩子没绘本读")
    assert "绘本" in [g["word"] for g in result["interpretation"]["groups"]]
    top = result["hits"][0]
    assert top["school"] == "玉泉小学" and top["passages"][0]["category"] == "book_shortage"
    assert "<mark>绘本</mark>" in top["passages"][0]["text"]


def test_a_word_cut_from_a_longer_one_brings_its_synonyms_and_category(compound_index):
    # 太冷 is no word of the reports; its part 冷 is, with 寒冷 and 受冻 (heating cues)
    result = compound_index.search("宿舍晚上太冷")
    assert "冷" in [g["word"] for g in result["interpretation"]["groups"]]
    assert "heating" in result["interpretation"]["categories"]
    top = result["hits"][0]
    assert top["school"] == "东山中学" and top["passages"][0]["category"] == "heating"


def test_boarders_by_any_name(compound_index):
    result = compound_index.search("住校生没人管")
    top = result["hits"][0]
    assert top["school"] == "北坡小学"
    assert "<mark>寄宿生</mark>" in top["passages"][0]["text"]


def test_a_noun_phrase_asks_for_its_head(compound_index):
    # 生物地理老师: the lab statement names both subjects but no teacher; it ranks below the
    # statements about teachers (of one of the subjects, or too few of them)
    result = compound_index.search("生物地理老师太少")
    assert [(h.word, sorted(m.word for m in ms)) for h, ms in compound_index.parser.parse("生物地理老师太少").phrases] == [
        ("老师", ["地理", "生物"])
    ]
    ranked = schools(result)
    assert ranked[0] == "西关中学"
    assert ranked.index("南湾中学") > ranked.index("北坡小学")


# --- figures asked in words, complaints, questions nothing holds whole ---------------------


def figure_corpus():
    """Bodies name classes and pupils as real reports do everywhere, so those words are common."""
    gansu = {"province": "甘肃省", "county": "庄浪县"}
    return [
        report("shuiluo.txt", "水洛小学", "小学", [
            ("五年级两个班学生人数超过标准，最大班额达到53人。", "class_size"),
            ("语文、数学教师每周课时普遍在21节以上，没有余力开展教研。", "teacher_shortage"),
        ], body=["全校共有12个教学班，在校学生420人。"], **gansu),
        report("liangyi.txt", "良邑初级中学", "初中", [("平均班额57.5人，大班额问题突出。", "class_size")],
               body=["学校现有教学班18个，学生860人，班级管理规范。"], **gansu),
        report("nanhu.txt", "南湖小学", "小学", [
            ("部分班级学生近视率偏高，达到37%。", "other"),
            ("教师每周外出参加培训需往返三个小时，教师数量紧张。", "teacher_shortage"),
        ], body=["学校有6个教学班，学生210人。"], **gansu),
        report("yangchuan.txt", "阳川中学", "初中", [
            ("食堂面积不足，学生需分三批错时就餐，午休时间被压缩。", "campus_environment"),
            ("教师工作量大，寄宿生晚间管理由任课教师轮流值班。", "teacher_shortage"),
        ], body=["全校共有24个班级，学生1100人，其中寄宿生300人。"], **gansu),
    ]


@pytest.fixture(scope="module")
def figure_index(tmp_path_factory):
    idx = index_of(tmp_path_factory.mktemp("figures") / "index", figure_corpus())
    yield idx
    idx.close()


def test_a_figure_in_words_finds_the_figures_the_reports_write(figure_index):
    # 五十多个 admits 50..59: 53 and 57.5 answer it, 37 does not
    result = figure_index.search("一个班塞了五十多个学生")
    figure = next(g for g in result["interpretation"]["groups"] if g["word"] == "五十多")
    assert {"53", "57.5"} <= set(figure["alternatives"]) and "37" not in figure["alternatives"]
    ranked = schools(result)
    assert set(ranked[:2]) == {"水洛小学", "良邑初级中学"}
    assert "南湖小学" not in ranked[:2]
    assert "<mark>53</mark>" in result["hits"][ranked.index("水洛小学")]["passages"][0]["text"]


def test_about_a_figure_is_a_range_and_digits_stay_literal(figure_index):
    result = figure_index.search("老师每周要上二十节左右的课")
    assert schools(result)[0] == "水洛小学"
    assert "<mark>21" in result["hits"][0]["passages"][0]["text"]  # 21节 marked as one run
    # "53人" is a look-up of that figure, not of a range around it
    literal = figure_index.search("班额53人")
    assert all("57.5" not in g["alternatives"] for g in literal["interpretation"]["groups"])
    assert schools(literal)[0] == "水洛小学"


def test_a_comparison_in_digits_admits_the_figures_it_compares_with(figure_index):
    # 不少于20节 admits 21 (水洛); 南湖's statement names no lesson count at all
    result = figure_index.search("老师每周上课不少于20节")
    figure = next(g for g in result["interpretation"]["groups"] if g["word"] == "不少于20")
    assert "21" in figure["alternatives"] and "3" not in figure["alternatives"]
    assert schools(result)[0] == "水洛小学"
    assert "<mark>21" in result["hits"][0]["passages"][0]["text"]


def test_a_complaint_with_synonyms_is_one_group_not_its_characters(figure_index):
    # 忙不过来 would otherwise be 忙 + 不过 + 来, each answered by the same synonyms
    result = figure_index.search("老师忙不过来")
    assert [g["word"] for g in result["interpretation"]["groups"]] == ["老师", "忙不过来"]
    assert schools(result)[0] == "阳川中学"


def test_a_question_no_passage_holds_enough_of_still_finds_the_closest_statement(figure_index):
    # 分批 and 排队 are in no statement; 吃饭 -> 就餐 is: the closest statement, not nothing
    result = figure_index.search("吃饭要分批排队")
    assert schools(result) == ["阳川中学"]
    assert result["hits"][0]["passages"][0]["category"] == "campus_environment"
    assert figure_index.search("校车")["total"] == 0  # a word no report holds still finds nothing


def test_full_time_teachers_are_teachers_not_subject_specialists(figure_index):
    # 专任教师 is the official name of every full-time teacher: the question asks about load,
    # and 周 / 课时量 read as 每周 / 课时
    result = figure_index.search("专任教师周课时量超负荷")
    assert "specialist_teacher_shortage" not in result["interpretation"]["categories"]
    assert "量" not in [g["word"] for g in result["interpretation"]["groups"]]
    assert schools(result)[:2] == ["水洛小学", "阳川中学"]
