"""School, place, blanks, statements, checks and duplicates on text written for these tests."""

from ingest.duplicates import DuplicateFinder
from ingest.extract.blanks import find_blanks
from ingest.extract.place import find_place
from ingest.extract.school import find_school
from ingest.extract.statements import categorise
from ingest.pipeline import build_document
from ingest.records import ReportRef


def blanks(text: str) -> list[str]:
    return [b.text for b in find_blanks(text, 0, len(text))]


def test_masked_numbers_are_blanks_but_masked_names_are_not():
    text = "我校始建于__年，20__年被评为先进，现有学生总数___人。**中学的**副校长来校交流，x小学。"
    found = blanks(text)
    assert any(b.startswith("__年") for b in found) and any("20__年" in b for b in found) and "___人" in found
    assert not any("副校长" in b or "小学" in b for b in found)


def test_missing_numbers_and_empty_items():
    text = "学校占地面积平方米，建筑面积平方米。现有学生人，个教学班。学生人数逐年增加。\n7.特殊教育：\n8.教师编制：现有教师20人。\n"
    found = blanks(text)
    assert found[:2] == ["占地面积平方米", "建筑面积平方米"]
    assert "学生人" in found and "个教学班" in found
    assert "7.特殊教育：" in found
    assert not any("人数" in b for b in found)  # 学生人数 is a word, not a blank
    assert not any(b.startswith("8.") for b in found)


def test_latin_x_is_not_a_mask():
    assert blanks("教师用Excel统计了box数据，共30人。") == []


def test_school_name_level_and_anonymisation():
    s = find_school("青石镇中心小学始建于1958年，是一所农村完全小学。", "青石镇中心小学自评报告")
    assert s.name == "青石镇中心小学" and s.level == "小学" and not s.anonymised
    anon = find_school("__镇中心小学现有学生200人，是一所完全小学。", "")
    assert anon.name is None and anon.anonymised
    nine = find_school("和平九年一贯制学校由原和平小学和和平初级中学合并而成。", "和平九年一贯制学校工作汇报")
    assert nine.name == "和平九年一贯制学校" and nine.level == "九年一贯制"
    generic = find_school("作为一所农村小学，我们努力办好人民满意的教育。", "")
    assert generic.name is None


def test_place_resolves_county_and_ignores_places_visited():
    p = find_place("我校位于遂昌县金竹镇，组织教师到杭州、宁波、温州等地学习。", "金竹镇中心小学")
    assert (p.province, p.city, p.county, p.adcode) == ("浙江省", "丽水市", "遂昌县", "331123")
    assert p.town == "金竹镇"
    # renamed divisions resolve to today's name (凤翔县 became 凤翔区 in 2021)
    assert find_place("凤翔县教育局组织了评估。").county == "凤翔区"
    # a county mentioned only as a partner school's district is not ours
    partner = find_place("我校与西陵区得胜街小学结为友好学校，宜昌市教育局给予支持。", "某某小学")
    assert partner.county is None and partner.city == "宜昌市"
    assert find_place("我们的学校很美。").province is None


def test_categories_follow_the_subject_of_the_sentence():
    assert categorise("教师车棚太小，挤占了学生活动场地。") == "facility_shortage"
    assert categorise("缺少专职心理健康教师。") == "specialist_teacher_shortage"
    assert categorise("冬季仍用火炉取暖，存在安全隐患。") == "heating"
    assert categorise("学生用机不足，最大班额时两人一机。") == "computer_shortage"
    assert categorise("学校办学特色还不够鲜明。") == "other"


REPORT = """东岭小学义务教育均衡发展自查报告
一、学校基本情况
东岭小学创建于1970年，现有教学班6个，在校学生240人，教职工20人，其中专任教师22人。
学校占地面积9600平方米，生均占地面积50平方米；藏书4800册，生均图书20册。另据统计，学校藏书6000册。
教师继续教育参与率达到93.3%。
二、存在问题
1、操场未硬化，雨天无法上体育课。
2、建议增加音乐教师编制。
东岭小学
二〇二三年十二月
"""


def test_inconsistencies_are_found_with_their_quotes():
    doc = build_document(REPORT, source="d.txt")
    r = doc.reports[0]
    whats = " | ".join(i.what for i in r.inconsistencies)
    assert "生均占地面积" in whats  # 9600 / 240 = 40, not 50
    assert "专任教师数超过教职工总数" in whats
    assert "图书总数出现不同数值" in whats
    assert "无法由 20 名教师得到" in whats
    for inc in r.inconsistencies:
        for q, (s, e) in zip(inc.quotes, inc.spans, strict=True):
            assert doc.text[s:e] == q
    assert r.date == "2023-12"
    assert any(m.text.startswith("建议增加音乐教师") for m in r.measures)


def test_duplicates_point_at_the_earliest_copy():
    base = ("我校始终坚持以人为本，全面推进素质教育，努力改善办学条件。学校现有教学班十二个，"
            "开齐开足国家课程，严格控制学生课业负担，建立了留守儿童关爱档案，定期开展家访活动。") * 3
    finder = DuplicateFinder()
    assert finder.add(ReportRef("a.txt", 1), base) is None
    copy = base.replace("十二个", "八个")
    assert finder.add(ReportRef("b.txt", 1), copy) == ReportRef("a.txt", 1)
    truncated = base[: len(base) // 2]
    assert finder.add(ReportRef("c.txt", 2), truncated) == ReportRef("a.txt", 1)
    other = "学校地处山区，交通不便，学生多为留守儿童，寄宿条件有限，冬季取暖困难，饮水设施需要改造。" * 3
    assert finder.add(ReportRef("d.txt", 1), other) is None


def test_duplicates_among_many_copies_still_point_at_the_first():
    """A corpus of many near-identical copies keeps candidate lists long; the original must still win."""
    base = ("学校占地面积较大，校舍布局合理，功能室齐全，教师队伍结构合理，开齐开足国家课程。"
            "学校重视德育工作，建立了家校联系制度，定期召开家长会，关爱留守儿童和随迁子女。") * 4
    finder = DuplicateFinder()
    assert finder.add(ReportRef("orig.txt", 1), base) is None
    for i in range(60):
        copy = base.replace("定期召开家长会", f"每学期召开家长会{i}次")
        assert finder.add(ReportRef(f"copy{i}.txt", 1), copy) == ReportRef("orig.txt", 1)
    truncated = base[: len(base) // 3]
    assert finder.add(ReportRef("short.txt", 1), truncated) == ReportRef("orig.txt", 1)
    hits = finder.query(base)
    assert hits and all(score >= 0.8 for _, score in hits)
    other = "学校地处城郊，生源以进城务工人员子女为主，班额偏大，运动场地狭小，教师编制不足。" * 4
    assert finder.add(ReportRef("other.txt", 1), other) is None


def test_shingles_ignore_figures_and_punctuation():
    from ingest.duplicates import containment, shingles

    a = shingles("学校现有学生560人，教师45名，图书12000册。")
    b = shingles("学校现有学生1200人；教师80名；图书8000册")
    assert len(a) > 0 and containment(a, b) == 1.0
    assert containment(a, shingles("运动场地不足，缺少音乐和美术教师。")) == 0.0


def test_figures_in_measures_are_plans_not_facts():
    text = ("一、基本情况\n学校现有学生560人，学生宿舍一栋。\n二、存在问题\n1、宿舍床位紧张。\n"
            "三、整改措施\n1、争取资金新建学生宿舍楼一栋，增加床位200张。\n")
    r = build_document(text, source="m.txt").reports[0]
    assert any(f.indicator == "students" and f.value == 560 for f in r.facts)
    assert not any(r.measures[0].span[0] <= f.span[0] < r.measures[0].span[1] for f in r.facts)
