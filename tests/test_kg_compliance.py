"""Compliance: school assessments, provincial scope, nine-year schools, units, county CV."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from test_kg_fixture import SCHOOLS, make_document, school_report, school_report_text

from ingest.records import Document, Fact, Place, Report, School
from junheng.corpus import Corpus
from kg.cv import weighted_cv

FIXTURE_STANDARD = Path(__file__).parent / "fixtures" / "standards" / "provincial-basic-standard.txt"


def _doc(text: str, name: str, report: Report) -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    d = Document(source=name, path=f"/tmp/junheng-test/{name}", format="txt", encoding="utf-8", sha256=sha, text=text)
    d.reports.append(report)
    return d


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    c = Corpus(tmp_path_factory.mktemp("compliance") / "data")
    for i in range(len(SCHOOLS)):
        c.store_document(make_document(i))
    # a nine-year school
    text = school_report_text("武功县河口九年一贯制学校", 700, 5.0, 30.0, 2200.0, 9.0, "教师年龄老化。")
    c.store_document(_doc(text, "nine.txt", school_report(text, "武功县河口九年一贯制学校", "九年一贯制")))
    # a school in another province, and a fact with a unit of the wrong kind
    text = school_report_text("平安县东关小学", 500, 4.0, 26.0, 1900.0, 8.0, "经费紧张。")
    r = school_report(text, "平安县东关小学", "小学")
    r.place = Place(province="河南省", city="洛阳市", county="平安县")
    q = "生均图书26册"
    r.facts.append(Fact("books_per_student", 26.0, "平方米", q, (text.index(q), text.index(q) + len(q))))
    c.store_document(_doc(text, "henan.txt", r))
    c.ingest([], standards=[FIXTURE_STANDARD])
    yield c
    c.close()


def _school(data: dict, name: str) -> dict:
    return next(s for s in data["schools"] if s["school"] == name)


def test_assessments_meet_and_fail_against_national_thresholds(corpus):
    data = corpus.compliance()
    shiqiao = _school(data, "武功县石桥小学")
    verdicts = {(a["indicator"], a["standard"]): a["verdict"] for a in shiqiao["assessments"]}
    assert verdicts[("books_per_student", "教基〔2018〕5号")] == "fails"  # 22 < 25
    assert verdicts[("teaching_area_per_student_m2", "教督〔2017〕6号")] == "fails"  # 3.9 < 4.5
    assert verdicts[("students", "教督〔2017〕6号")] == "meets"  # 310 <= 2000
    chengguan = _school(data, "武功县城关小学")
    assert all(a["verdict"] == "meets" for a in chengguan["assessments"])
    a = next(a for a in shiqiao["assessments"] if a["indicator"] == "books_per_student")
    assert a["quote"] == "生均图书22册" and a["op"] == ">=" and a["threshold"] == 25
    assert set(a) >= {"indicator", "value", "unit", "standard", "op", "threshold", "verdict", "quote", "report", "span"}


def test_provincial_standard_applies_only_in_its_province_side_by_side(corpus):
    data = corpus.compliance()
    liuwan = _school(data, "武功县柳湾小学")  # 陕西: books 27.5 meets national 25, fails provincial 30
    books = {a["standard"]: a["verdict"] for a in liuwan["assessments"] if a["indicator"] == "books_per_student"}
    assert books == {"教基〔2018〕5号": "meets", "陕教〔2020〕12号": "fails"}
    henan = _school(data, "平安县东关小学")
    assert not any(a["standard"] == "陕教〔2020〕12号" for a in henan["assessments"])


def test_nine_year_school_is_judged_as_primary_and_junior(corpus):
    nine = _school(corpus.compliance(), "武功县河口九年一贯制学校")
    books = sorted((a.get("judged_as"), a["threshold"], a["verdict"]) for a in nine["assessments"]
                   if a["indicator"] == "books_per_student" and a["standard"] == "教基〔2018〕5号")
    assert books == [("初中", 35, "fails"), ("小学", 25, "meets")]
    size = [a for a in nine["assessments"] if a["indicator"] == "students" and a["standard"] == "教督〔2017〕6号"]
    assert [a["threshold"] for a in size] == [2500]  # the nine-year threshold wins over 2000/2000


def test_unit_mismatch_is_not_comparable(corpus):
    henan = _school(corpus.compliance(), "平安县东关小学")
    odd = [a for a in henan["assessments"] if a["unit"] == "平方米" and a["indicator"] == "books_per_student"]
    assert odd and all(a["verdict"] == "not_comparable" and "单位" in a["reason"] for a in odd)


def test_county_cv_uses_the_enrolment_weighted_formula(corpus):
    data = corpus.compliance()
    primary = next(c for c in data["counties"] if c["county"] == "武功县" and c["level"] == "小学")
    # the nine-year school counts in both groups
    rows = [s for s in SCHOOLS if s[1] == "小学"] + [("nine", "九年一贯制", 700, 5.0, 30.0, 2200.0, 9.0, "")]
    expected, _mean = weighted_cv([r[3] for r in rows], [r[2] for r in rows])
    got = primary["indicators"]["生均教学及辅助用房面积"]
    assert got["cv"] == pytest.approx(expected, abs=1e-4)
    assert got["method"] == "enrolment-weighted"
    assert primary["n_schools"] == 4
    rules = {r["standard"]: r for r in primary["rules"]}
    assert rules["教督〔2012〕3号"]["limit"] == 0.65 and "composite_cv" in rules["教督〔2012〕3号"]
    assert rules["教督〔2017〕6号"]["limit"] == 0.5 and "failing_indicators" in rules["教督〔2017〕6号"]
    # 4 of the 8 (2012) indicators have data: the composite cannot be judged
    assert rules["教督〔2012〕3号"]["verdict"] == "not_comparable"


def test_printed_county_cv_is_recorded_and_flagged(tmp_path):
    c = Corpus(tmp_path / "data")
    for i in (0, 1, 2):
        c.store_document(make_document(i))
    text = ("武功县义务教育均衡发展县级自评报告\n全县小学生均图书差异系数为0.05，各项指标差异系数均低于国家标准。\n"
            "武功县教育局\n2024年6月\n")
    q = "生均图书差异系数为0.05"
    s = text.index(q)
    r = Report(ordinal=1, title=None, span=(0, len(text)), starts_with=text[:30], text=text, scope="county",
               school=School(name=None), place=Place(province="陕西省", city="咸阳市", county="武功县"),
               facts=[Fact("other:cv_books_per_student", 0.05, None, q, (s + len("生均图书差异系数为"), s + len(q)))])
    r.facts[0].quote = text[r.facts[0].span[0]:r.facts[0].span[1]]
    c.store_document(_doc(text, "county.txt", r))
    c._recompute_derived()
    data = c.compliance()
    primary = next(x for x in data["counties"] if x["county"] == "武功县" and x["level"] == "小学")
    books = primary["indicators"]["生均图书册数"]
    assert books["reported_cv"] == 0.05 and books["cv"] != pytest.approx(0.05, abs=0.005)
    flags = [f for f in c.flags() if f["kind"].endswith("CvDifferenceFlag")]
    assert flags and "0.05" in flags[0]["what"]
    c.close()
