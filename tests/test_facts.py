"""Fact extraction on reports about fictional schools (text written for these tests)."""

import importlib.util
from pathlib import Path

import pytest

from ingest.extract.facts import extract_facts

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def read(text: str, start: int = 0, end: int | None = None, **kw):
    facts = extract_facts(text, start, len(text) if end is None else end, **kw)
    for f in facts:  # the exact-slice property holds for every fact
        assert text[f.span[0]:f.span[1]] == f.quote
        assert f.span[0] < f.span[1]
    return facts


def pairs(facts) -> set[tuple[str, float]]:
    return {(f.indicator, f.value) for f in facts}


def by_indicator(facts) -> dict:
    return {f.indicator: f for f in facts}


def test_chinese_and_full_width_numerals():
    text = ("青石镇中心小学创办于一九五六年，现有教学班十二个，在校学生四百八十六人，教职工三十八人，"
            "其中专任教师三十五人。学校占地面积１２６００平方米，校舍建筑面积５４２０平方米。")
    got = pairs(read(text))
    assert {("founded_year", 1956), ("classes", 12), ("students", 486), ("teachers", 38),
            ("full_time_teachers", 35), ("site_area_m2", 12600), ("building_area_m2", 5420)} <= got


def test_wan_multiplier_and_money():
    text = "图书室藏书1.2万册，生均图书25.6册；教学仪器价值6.5万元，生均教学仪器设备值1850元。"
    facts = by_indicator(read(text))
    assert facts["books"].value == 12000 and facts["books"].unit == "册"
    assert facts["books_per_student"].value == 25.6
    assert facts["equipment_value_per_student_yuan"].value == 1850
    money = [f for f in read(text) if f.unit == "万元"]
    assert [f.value for f in money] == [6.5]  # 万元 stays the unit, not multiplied out


def test_ratios_both_ways():
    assert pairs(read("学校生师比为12.5:1。")) == {("student_teacher_ratio", 12.5)}
    assert pairs(read("全校师生比1∶17。")) == {("student_teacher_ratio", 17)}
    f = read("教师与学生的配备较合理，师生比为1：13.5。")[0]
    assert (f.indicator, f.value, f.unit) == ("student_teacher_ratio", 13.5, "学生/教师")
    other = read("学生计算机生机比为8:1。")
    assert len(other) == 1 and other[0].indicator.startswith("other:") and other[0].value == 8


def test_qualifiers_kept_out_of_the_value():
    text = "学校占地面积约8000平方米，在校学生近500人，教师40余人，绿化面积3000多平方米，图书2万册以上。"
    facts = by_indicator(read(text))
    assert (facts["site_area_m2"].value, facts["site_area_m2"].qualifier) == (8000, "约")
    assert (facts["students"].value, facts["students"].qualifier) == (500, "近")
    assert (facts["teachers"].value, facts["teachers"].qualifier) == (40, "余")
    assert (facts["green_area_m2"].value, facts["green_area_m2"].qualifier) == (3000, "多")
    assert (facts["books"].value, facts["books"].qualifier) == (20000, "以上")


def test_upper_bound_on_class_size_is_the_maximum():
    facts = by_indicator(read("我校各班班额均不超过40人，平均班额36.4人。"))
    assert facts["max_class_size"].value == 40
    assert facts["avg_class_size"].value == 36.4


def test_quoted_norm_is_not_a_fact():
    text = ("按照省定标准“小学班额不超过45人”的要求，我校严格控制班额。"
            "按照《办学条件标准》要求，生均图书应达到30册。根据人均25册计算，尚需补充图书。")
    assert read(text) == []


def test_county_policy_frequencies_dates_awards_are_not_facts():
    text = ("全县义务教育学校共有45所，县级财政安排资金1200万元。"
            "学校每周开展2次教研活动，2023年9月投入使用，在比赛中获得3个一等奖，位列第2名。")
    assert read(text) == []


def test_list_numbering_is_not_a_figure():
    text = "1、学校现有学生320人。\n2. 教学班8个。\n（3）教师24人。"
    assert pairs(read(text)) == {("students", 320), ("classes", 8), ("teachers", 24)}


def test_per_student_follows_the_total_before_it():
    text = ("校舍建筑面积6200平方米，生均9.3平方米；占地面积18000平方米，生均27平方米；"
            "藏书21000册，生均35册。")
    got = pairs(read(text))
    assert {("building_area_per_student_m2", 9.3), ("site_area_per_student_m2", 27),
            ("books_per_student", 35)} <= got


def test_sub_counts_of_teachers_are_not_the_total():
    text = "学校有教师56人，其中男教师20人、女教师36人，高级教师12人，本科学历41人。"
    facts = read(text)
    core = [f for f in facts if not f.indicator.startswith("other:")]
    assert pairs(core) == {("teachers", 56)}
    assert {f.value for f in facts if f.indicator.startswith("other:")} == {20, 36, 12, 41}


def test_noun_after_measure_word():
    text = "学校开设6个教学班，建有200米环形跑道和60米直跑道，另有多媒体教室18间。"
    got = pairs(read(text))
    assert ("classes", 6) in got and ("track_m", 200) in got
    assert ("other:straight_track_m", 60) in got and ("other:multimedia_classrooms", 18) in got


def test_each_distinct_figure_once():
    text = "学校现有学生600人。……综上，我校在校学生600人，教学班12个。"
    facts = read(text)
    assert [f.indicator for f in facts].count("students") == 1
    assert facts[0].quote == "学生600人"


def test_spans_are_absolute_and_skip_is_honoured():
    doc = "封面\n东坡小学自评报告\n学校现有学生410人，教师29人。\n附：标准原文：学校规模不超过2000人。"
    report_start = doc.index("东坡")
    norm_start = doc.index("附：")
    facts = read(doc, report_start, len(doc), skip=[(norm_start, len(doc))])
    assert pairs(facts) == {("students", 410), ("teachers", 29)}
    assert all(f.span[0] > report_start for f in facts)


def test_text_table_rows():
    text = ("二、办学条件\n项目\t数量\t生均\t国家标准\n"
            "校舍建筑面积（平方米）\t4800\t8.5\t7.5\n图书（册）\t15000\t26.4\t25\n"
            "学生用计算机（台）\t60\t\t\n")
    got = pairs(read(text))
    assert got == {("building_area_m2", 4800), ("building_area_per_student_m2", 8.5),
                   ("books", 15000), ("books_per_student", 26.4), ("computers_student", 60)}


def test_county_table_sets_the_school():
    text = ("表1 各校基本情况\n学校名称\t在校学生数\t教职工数\t生均图书（册）\n"
            "东关小学\t820\t46\t31.5\n西岭初级中学\t1310\t97\t42\n合计\t2130\t143\t\n")
    facts = read(text)
    got = {(f.school, f.indicator, f.value) for f in facts}
    assert got == {("东关小学", "students", 820), ("东关小学", "teachers", 46),
                   ("东关小学", "books_per_student", 31.5), ("西岭初级中学", "students", 1310),
                   ("西岭初级中学", "teachers", 97), ("西岭初级中学", "books_per_student", 42)}


def test_enumerated_rates_share_one_value():
    facts = read("近三年，适龄儿童入学率、巩固率均为100%，辍学率为0。")
    got = pairs(facts)
    assert ("other:enrollment_rate", 100) in got and ("other:retention_rate", 100) in got
    assert ("other:dropout_rate", 0) in got


@pytest.mark.parametrize(
    "paragraph",
    [
        "学校始建于1962年，2019年迁建，现占地面积２０５００平方米，建筑面积8830.5平方米，绿化用地6100平方米。",
        "全校有教学班三十个，学生一千三百零五人，住校生412人，平均班额43.5人，最大班额52人。",
        "现有计算机215台，其中教师用计算机70台、学生用计算机145台，每百名学生拥有计算机11.1台。",
        "学校配有音乐教室2间、美术教室1间，体育器材室面积60平方米，运动场面积约9800平方米，设300米环形跑道。",
        "教职工86人，专任教师81人，师生比1:16.1，专任教师学历合格率100%，本科以上学历占76.5%。",
        "项目\t数量\n占地面积\t36000平方米\n藏书\t4.2万册\n",
        "存在问题：教师用计算机尚缺12台，图书生均仅18册，距离标准差7册。",
    ],
)
def test_exact_slices_on_varied_paragraphs(paragraph):
    prefix = "（前文）" * 3
    text = prefix + paragraph + "（后文）"
    facts = read(text, len(prefix), len(prefix) + len(paragraph))
    assert facts, paragraph
    for f in facts:
        assert len(prefix) <= f.span[0] < f.span[1] <= len(prefix) + len(paragraph)


def test_shortfall_is_not_the_stock():
    facts = read("教师用计算机现有30台，尚缺12台。")
    assert ("computers_teacher", 30) in pairs(facts)
    assert ("computers_teacher", 12) not in pairs(facts)
    assert any(f.value == 12 and f.indicator.startswith("other:") for f in facts)


def _load_eval():
    spec = importlib.util.spec_from_file_location("facts_eval", ROOT / "tools" / "facts_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.seeds
@pytest.mark.skipif(not (SHARED / "gold" / "seeds-gold.json").exists(), reason="needs ../shared")
def test_seed_reports_reach_the_quality_targets():
    res = _load_eval().evaluate(SHARED)
    assert res["overall"]["core"]["f1"] >= 0.95, res["overall"]
    assert res["overall"]["all"]["f1"] >= 0.85, res["overall"]
