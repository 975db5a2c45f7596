"""Hand-built Document records (realistic Chinese text written for the tests) shared by the kg,
corpus and standards tests, until ingest.pipeline reads the demo corpus.  Spans are computed by
finding each quote in the text, so every quote is an exact slice."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.records import (
    Blank,
    Document,
    Fact,
    Inconsistency,
    Measure,
    Place,
    Problem,
    Report,
    School,
    Section,
)

PLACE = dict(province="陕西省", city="咸阳市", county="武功县")


def _span(text: str, quote: str, after: int = 0) -> tuple[int, int]:
    i = text.index(quote, after)
    return i, i + len(quote)


def school_report_text(name: str, students: int, teaching: float, books: float, equipment: float,
                       sports: float, problem: str, blank: bool = False) -> str:
    site = "学校占地面积____平方米，" if blank else "学校占地面积16000平方米，"
    return (
        f"{name}义务教育均衡发展自评报告\n"
        "一、学校基本情况\n"
        f"我校位于陕西省咸阳市武功县，现有教学班12个，在校学生{students}人，专任教师{max(8, students // 20)}人。"
        f"{site}生均教学及辅助用房面积{teaching:g}平方米，生均体育运动场馆面积{sports:g}平方米，"
        f"生均教学仪器设备值{equipment:g}元，生均图书{books:g}册。\n"
        "二、存在问题\n"
        f"1．{problem}\n"
        "三、整改措施\n"
        "1．积极向县教育局申请补充专任教师，逐步改善办学条件。\n"
        f"{name}\n2024年6月10日\n"
    )


def school_report(text: str, name: str, level: str, ordinal: int = 1, start: int = 0,
                  category: str = "specialist_teacher_shortage") -> Report:
    end = len(text)
    body = text[start:end]

    def sp(q: str) -> tuple[int, int]:
        return _span(text, q, start)

    def fact(indicator: str, quote: str, value: float, unit: str | None) -> Fact:
        return Fact(indicator=indicator, value=value, unit=unit, quote=quote, span=sp(quote))

    import re

    facts = []
    m = re.search(r"在校学生(\d+)人", body)
    facts.append(fact("students", m.group(0), float(m.group(1)), "人"))
    for ind, label, unit in [("teaching_area_per_student_m2", "生均教学及辅助用房面积", "平方米"),
                             ("sports_area_per_student", "生均体育运动场馆面积", "平方米"),
                             ("equipment_value_per_student_yuan", "生均教学仪器设备值", "元"),
                             ("books_per_student", "生均图书", "册")]:
        m = re.search(label + r"([\d.]+)" + unit, body)
        facts.append(fact(ind, m.group(0), float(m.group(1)), unit))
    problem_line = body.split("二、存在问题\n1．", 1)[1].split("\n", 1)[0]
    measure_line = body.split("三、整改措施\n1．", 1)[1].split("\n", 1)[0]
    blanks = [Blank(text="占地面积____平方米", span=sp("占地面积____平方米"))] if "____" in body else []
    basic = sp("一、学校基本情况")
    problems = sp("二、存在问题")
    measures = sp("三、整改措施")
    return Report(
        ordinal=ordinal, title=None, span=(start, end), starts_with=body[:30], text=body,
        sections=[Section("basic", "一、学校基本情况", (basic[0], problems[0])),
                  Section("problems", "二、存在问题", (problems[0], measures[0])),
                  Section("measures", "三、整改措施", (measures[0], end))],
        school=School(name=name, level=level), place=Place(**PLACE, adcode=None), date="2024-06-10",
        facts=facts,
        problems=[Problem(text=problem_line, category=category, span=sp(problem_line))],
        measures=[Measure(text=measure_line, span=sp(measure_line))],
        blanks=blanks,
    )


SCHOOLS = [
    # name, level, students, teaching area, books, equipment, sports, problem
    ("武功县城关小学", "小学", 820, 5.2, 32.0, 2300.0, 8.1, "音体美专业教师不足，部分学科由其他教师兼任。"),
    ("武功县石桥小学", "小学", 310, 3.9, 22.0, 1500.0, 4.0, "运动场地狭小，没有环形跑道。"),
    ("武功县柳湾小学", "小学", 150, 4.6, 27.5, 2100.0, 9.0, "图书陈旧，适合学生阅读的图书少。"),
    ("武功县第二初级中学", "初中", 960, 6.1, 36.0, 2600.0, 11.0, "音体美专业教师不足，美术课由语文教师兼任。"),
    ("武功县石桥初级中学", "初中", 420, 5.0, 30.0, 2000.0, 8.0, "实验室不足，仪器设备陈旧。"),
]

CATEGORIES = {0: "specialist_teacher_shortage", 1: "sports_ground", 2: "book_shortage",
              3: "specialist_teacher_shortage", 4: "equipment_shortage"}


def make_document(i: int, folder: Path | None = None, *, blank: bool = False, variant: str = "") -> Document:
    name, level, students, teaching, books, equipment, sports, problem = SCHOOLS[i]
    text = school_report_text(name, students, teaching, books, equipment, sports, problem + variant, blank=blank)
    path = (folder / f"school{i}.txt") if folder else Path(f"/tmp/junheng-test/school{i}.txt")
    if folder:
        path.write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Document(source=path.name, path=str(path.resolve()), format="txt", encoding="utf-8", sha256=sha, text=text)
    doc.reports.append(school_report(text, name, level, category=CATEGORIES[i]))
    if blank:
        pass
    return doc


def compilation_document(folder: Path | None = None) -> Document:
    """One file holding two reports (a compilation) plus an inconsistency flag."""
    a = school_report_text(*[SCHOOLS[0][0]], *SCHOOLS[0][2:7], SCHOOLS[0][7])
    b = school_report_text(SCHOOLS[3][0], *SCHOOLS[3][2:7], SCHOOLS[3][7], blank=True)
    text = "第一篇：小学均衡发展汇报\n" + a + "第二篇：初中均衡发展汇报\n" + b
    path = (folder / "compilation.txt") if folder else Path("/tmp/junheng-test/compilation.txt")
    if folder:
        path.write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Document(source=path.name, path=str(path.resolve()), format="txt", encoding="utf-8", sha256=sha, text=text)
    s1 = text.index(a)
    r1 = school_report(text[: s1 + len(a)], SCHOOLS[0][0], "小学", 1, s1)
    r1.title = "第一篇：小学均衡发展汇报"
    s2 = text.index(b, s1 + len(a))
    r2 = school_report(text, SCHOOLS[3][0], "初中", 2, s2, category="specialist_teacher_shortage")
    r2.title = "第二篇：初中均衡发展汇报"
    q1, q2 = "在校学生960人", "专任教师48人"
    r2.inconsistencies.append(Inconsistency(what="学生数与生均数据不符", quotes=[q1, q2],
                                            spans=[_span(text, q1, s2), _span(text, q2, s2)]))
    doc.reports += [r1, r2]
    return doc


def test_fixture_spans_are_exact_slices():
    for doc in [make_document(i) for i in range(len(SCHOOLS))] + [compilation_document()]:
        for r in doc.reports:
            assert doc.text[r.span[0]:r.span[1]] == r.text
            for f in r.facts:
                assert doc.text[f.span[0]:f.span[1]] == f.quote
            for p in r.problems:
                assert doc.text[p.span[0]:p.span[1]] == p.text
            for m in r.measures:
                assert doc.text[m.span[0]:m.span[1]] == m.text
