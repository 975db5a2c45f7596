"""Cutting documents into reports and sections, on compilations written for these tests."""

from ingest.pipeline import build_document
from ingest.sections import find_sections, heading_kind
from ingest.segment import cut_reports

COMPILATION = """义务教育均衡发展自查报告精选3篇
自查报告是对一段时间工作的回顾，下面是小编整理的范文，仅供参考，欢迎大家阅读。

范文一
溪口镇中心小学义务教育均衡发展自查报告
按照县教育局的统一部署，我校对照评估标准逐项开展了自查，现将情况报告如下：
一、学校基本情况
溪口镇中心小学始建于1962年，现有教学班12个，在校学生468人，专任教师31人。
二、自查情况
学校严格执行课程计划，开齐开足国家课程。
三、存在问题
1、音乐、美术专职教师不足，部分课程由其他学科教师兼任。
2、运动场地狭小，没有标准环形跑道。
四、整改措施
1、积极争取上级支持，补充音乐美术教师。
2、多方筹措资金，扩建运动场。
一、基本情况
石门乡九年一贯制学校位于乡政府驻地，现有学生735人，其中初中部290人。
二、存在的困难
学校取暖仍靠煤炉，冬季存在安全隐患。
三、下一步工作
进一步改善寄宿条件，争取实现集中供暖。

范文二
新城区实验中学均衡发展工作汇报
近年来，我校坚持内涵发展，办学水平稳步提升。
一、学校概况
学校现有教学班30个，在校学生1526人。
二、薄弱环节
（一）班额偏大，个别班级人数超过55人。
（二）图书更新较慢，适合学生阅读的新书偏少。
三、努力方向
1、严格控制招生规模，逐步消除大班额。
新城区实验中学
2023年11月6日
相关推荐
更多精彩范文请点击下载
"""


def test_compilation_reports_and_headless_start():
    cuts = cut_reports(COMPILATION)
    titles = [c.title for c in cuts]
    assert titles == ["范文一", None, "范文二"]
    # the advertising preamble and tail are not part of any report
    assert "小编" not in COMPILATION[cuts[0].start: cuts[-1].end]
    assert "相关推荐" not in COMPILATION[cuts[-1].start: cuts[-1].end]
    # the second report starts at the restarted numbering, not inside the first one
    assert COMPILATION[cuts[1].start:].startswith("一、基本情况\n石门乡")
    assert "石门乡" not in COMPILATION[cuts[0].start: cuts[0].end]
    # the body begins after the heading and the title line
    assert COMPILATION[cuts[0].body_start:].startswith("按照县教育局")


def test_sections_of_each_report():
    doc = build_document(COMPILATION, source="c.txt")
    kinds = [[s.kind for s in r.sections] for r in doc.reports]
    assert kinds[0] == ["title", "body", "basic", "body", "problems", "measures"]
    assert kinds[1] == ["basic", "problems", "measures"]
    assert kinds[2][-1] == "signoff" and "problems" in kinds[2] and "measures" in kinds[2]
    for r in doc.reports:
        for s in r.sections:
            assert r.span[0] <= s.span[0] < s.span[1] <= r.span[1]


def test_statements_dates_and_schools():
    doc = build_document(COMPILATION, source="c.txt")
    first, second, third = doc.reports
    assert [p.category for p in first.problems] == ["specialist_teacher_shortage", "sports_ground"]
    assert len(first.measures) == 2
    assert second.problems[0].category == "heating"
    assert second.school.name == "石门乡九年一贯制学校" and second.school.level == "九年一贯制"
    assert [p.category for p in third.problems] == ["class_size", "book_shortage"]
    assert third.date == "2023-11-06"
    assert first.school.name == "溪口镇中心小学" and first.school.level == "小学"
    for r in doc.reports:
        for item in [*r.problems, *r.measures, *r.blanks]:
            assert doc.text[item.span[0]: item.span[1]] == item.text


def test_single_report_without_headings_is_one_report():
    text = "红旗小学自评报告\n我校现有学生320人，教师21人。\n学校将继续改善办学条件。\n"
    cuts = cut_reports(text)
    assert len(cuts) == 1 and cuts[0].title == "红旗小学自评报告"


def test_signoff_followed_by_new_report():
    text = (
        "一、基本情况\n东风小学现有学生210人。\n二、自查情况\n各项指标均已达标。\n三、存在问题\n1、缺少美术教师。\n"
        "东风小学\n2022年5月10日\n"
        "柳林中学位于柳林镇，是一所农村初级中学，现有学生560人，教职工48人，学校占地面积32000平方米。\n"
        "一、学校概况\n学校现有教学班12个。\n二、存在问题\n1、实验仪器陈旧。\n"
    )
    cuts = cut_reports(text)
    assert len(cuts) == 2
    assert text[cuts[1].start:].startswith("柳林中学位于")


def test_heading_kinds():
    assert heading_kind("四、存在的问题和今后的努力方向") == "problems"
    assert heading_kind("（三）解决大班额问题") is None
    assert heading_kind("五、下一步工作打算") == "measures"
    assert heading_kind("一、学校简介") == "basic"
    assert heading_kind("二、主要做法") == "body"


def test_problem_list_split_by_page_break_stays_one_section():
    text = ("一、基本情况\n学校现有学生300人。\n二、存在问题\n1、教室不足，部分班级借用功能室上课。\n"
            "2、图书陈旧，更新缓慢。\n3、校舍老化，屋顶漏雨。\n三、整改措施\n1、争取资金新建教学楼。\n")
    page_break = text.index("2、图书")
    doc = build_document(text, source="p.txt", page_breaks=[page_break])
    r = doc.reports[0]
    probs = [s for s in r.sections if s.kind == "problems"]
    assert len(probs) == 1 and probs[0].span[0] < page_break < probs[0].span[1]
    assert [p.category for p in r.problems] == ["classroom_shortage", "book_shortage", "building_ageing_safety"]
    assert find_sections(doc.text, cut_reports(text)[0])[-1].kind == "measures"


def test_inline_enumerations_are_split_into_items():
    text = ("一、学校概况\n学校现有学生410人。\n二、存在的不足\n经过自查，我校还存在以下不足：一是音乐专职教师缺乏；"
            "二是运动场没有硬化，雨天无法使用；三是计算机设备老化，部分无法开机。\n三、下一步打算\n"
            "首先，争取资金硬化操场；其次，积极申请补充音乐教师。\n")
    r = build_document(text, source="e.txt").reports[0]
    assert [p.category for p in r.problems] == ["specialist_teacher_shortage", "sports_ground", "computer_shortage"]
    assert r.problems[0].text == "音乐专职教师缺乏；"
    assert [m.text[:4] for m in r.measures] == ["争取资金", "积极申请"]


def test_parts_restart_numbering_without_starting_a_new_report():
    text = ("第一部分 学校基本情况\n一、学校概况\n学校现有学生500人。\n二、师资情况\n专任教师36人。\n"
            "第二部分 自查情况\n一、基本情况核查\n各项数据已核实。\n二、存在问题\n1、图书陈旧。\n")
    assert len(cut_reports(text)) == 1
