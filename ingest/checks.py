"""Figures that do not add up (数据不一致) — the auditor's first question.

Each check is arithmetic on the report's own facts, with a 5 % tolerance (differences of
5 % or less are rounding, not errors):
- a per-student figure that is not total ÷ students;
- two different values for the same total in one report;
- parts that exceed their whole (专任教师 > 教职工, 男 + 女 ≠ 总数, 寄宿生 > 学生);
- a percentage of a small headcount that no whole number of people can give
  (94.1 % of 11 teachers);
- a founding year plus an age (建校N周年, 历经N个春秋) that contradicts the years written;
- class sizes that no split of the pupils into the stated classes can give;
- a per-capita figure (听课3136节，人均32节) that is not the total over any headcount stated;
- a facility listed as present (有卫生室1个) and elsewhere as missing (无卫生室).
Headcounts and other whole-number totals must agree exactly; approximate or bounded
figures (约, 余, 不足 …) are never compared as if exact.
"""

from __future__ import annotations

import re

from ingest.records import Fact, Inconsistency, Report

TOLERANCE = 0.05
PER_STUDENT = {  # per-student indicator → total indicator (× factor)
    "site_area_per_student_m2": ("site_area_m2", 1.0, "生均占地面积"),
    "building_area_per_student_m2": ("building_area_m2", 1.0, "生均建筑面积"),
    "books_per_student": ("books", 1.0, "生均图书"),
    "computers_per_100_students": ("computers_student", 100.0, "每百名学生计算机台数"),
    "other:green_area_per_student_m2": ("green_area_m2", 1.0, "生均绿化面积"),
}
# indicators whose several values in one report contradict each other
SINGLE_VALUED = {
    "students", "teachers", "full_time_teachers", "classes", "site_area_m2", "building_area_m2",
    "green_area_m2", "books", "books_per_student", "site_area_per_student_m2",
    "building_area_per_student_m2", "computers_student", "computers_teacher", "founded_year",
    "sports_ground_m2", "student_teacher_ratio", "computers_per_100_students",
}
LABEL = {
    "students": "学生数", "teachers": "教师数", "full_time_teachers": "专任教师数", "classes": "班级数",
    "site_area_m2": "占地面积", "building_area_m2": "建筑面积", "green_area_m2": "绿化面积", "books": "图书总数",
    "books_per_student": "生均图书", "site_area_per_student_m2": "生均占地面积",
    "building_area_per_student_m2": "生均建筑面积", "computers_student": "学生用计算机",
    "computers_teacher": "教师用计算机", "founded_year": "建校年份", "sports_ground_m2": "运动场面积",
    "student_teacher_ratio": "生师比", "computers_per_100_students": "每百名学生计算机台数",
}


COUNTS = {"students", "teachers", "full_time_teachers", "classes", "books", "computers_student",
          "computers_teacher", "boarding_students", "founded_year"}
BOUNDED = {"不足", "以下", "以内", "低于", "未超过", "不超过", "近", "将近", "接近", "超过", "高于", "逾"}
APPROXIMATE = BOUNDED | {"约", "大约", "余", "多", "多余", "左右", "上下", "以上", "不少于", "不低于"}


def _differs(a: float, b: float, exact: bool = False) -> bool:
    if exact:
        return abs(a - b) > 1e-9
    return abs(a - b) > TOLERANCE * max(abs(a), abs(b), 1e-9)


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def find_inconsistencies(text: str, report: Report) -> list[Inconsistency]:
    # county tables are checked per school by the graph; bounded figures are not totals
    facts = [f for f in report.facts if not f.school and (f.qualifier or "") not in BOUNDED]
    by_ind: dict[str, list[Fact]] = {}
    for f in facts:
        by_ind.setdefault(f.indicator, []).append(f)
    out: list[Inconsistency] = []

    def flag(what: str, fs: list[Fact]) -> None:
        quotes = [f.quote for f in fs]
        if not any(set(quotes) == set(i.quotes) for i in out):
            out.append(Inconsistency(what, quotes, [f.span for f in fs]))

    # two values for one total
    for ind, fs in by_ind.items():
        if ind not in SINGLE_VALUED:
            continue
        distinct: list[Fact] = []
        for f in fs:
            exact = ind in COUNTS and not f.qualifier
            if all(_differs(f.value, g.value, exact and not g.qualifier) for g in distinct):
                distinct.append(f)
        if len(distinct) >= 2:
            vals = " 与 ".join(_fmt(f.value) for f in distinct)
            flag(f"同一报告中{LABEL.get(ind, ind)}出现不同数值：{vals}", distinct)

    students = [st for st in by_ind.get("students", []) if st.value > 0]
    for per_ind, (total_ind, factor, label) in PER_STUDENT.items():
        for per in by_ind.get(per_ind, []):
            for total in by_ind.get(total_ind, []):
                # with two enrolment figures, either one may be the base: flag only if none fits
                expected = [(total.value * factor / st.value, st) for st in students]
                if expected and all(_differs(per.value, x) for x, _ in expected):
                    x, st = expected[0]
                    flag(f"{label}{_fmt(per.value)}与 总数/学生数 = {_fmt(total.value)}/{_fmt(st.value)} = "
                         f"{_fmt(x)} 不符", [total, st, per])

    # parts exceeding the whole
    for part, whole, label in (("full_time_teachers", "teachers", "专任教师数超过教职工总数"),
                               ("boarding_students", "students", "寄宿生数超过学生总数")):
        for p in by_ind.get(part, []):
            for w in by_ind.get(whole, []):
                if p.value > w.value * (1 + TOLERANCE):
                    flag(f"{label}：{_fmt(p.value)} > {_fmt(w.value)}", [p, w])
    _gender_split(text, report, by_ind, flag)
    _impossible_shares(by_ind, facts, flag)
    _founding_arithmetic(text, report, by_ind, flag)
    _class_sizes(report, by_ind, flag)
    _per_capita(text, report, by_ind, flag)
    _present_and_absent(text, report, flag)
    _printed_cvs(report, flag)
    return out


def _gender_split(text, report, by_ind, flag) -> None:
    male = [f for f in report.facts if re.search(r"男(?:教师|老师|教职工|职工)", f.quote) and not f.school]
    female = [f for f in report.facts if re.search(r"女(?:教师|老师|教职工|职工)", f.quote) and not f.school]
    wholes = by_ind.get("teachers", []) + by_ind.get("full_time_teachers", [])
    if not wholes:
        return
    for part in male[:1] + female[:1]:
        if all(part.value > w.value for w in wholes):
            flag(f"{'男' if part in male else '女'}教师 {_fmt(part.value)} 人，多于教师总数 "
                 + "、".join(_fmt(w.value) for w in wholes), [part, *wholes])
    if not male or not female:
        return
    total = male[0].value + female[0].value
    if all(_differs(total, w.value, exact=True) for w in wholes):
        flag(f"男女教师之和 {_fmt(total)} 与教师总数 " + "、".join(_fmt(w.value) for w in wholes) + " 均不符",
             [male[0], female[0], *wholes])


def _class_sizes(report, by_ind, flag) -> None:
    """n classes between the smallest and the largest size must hold the pupils stated."""
    small = [f for f in report.facts if f.indicator.endswith("min_class_size")]
    large = by_ind.get("max_class_size", [])
    classes, students = by_ind.get("classes", []), by_ind.get("students", [])
    if not (small and large and classes and students):
        return
    lo, hi, n, p = small[0].value, large[0].value, classes[0].value, students[0].value
    if n < 2 or n != int(n) or lo > hi:
        return
    least, most = lo * (n - 1) + hi, hi * (n - 1) + lo
    if not least <= p <= most:
        flag(f"{int(n)}个班、最小班额{_fmt(lo)}人、最大班额{_fmt(hi)}人，学生应在{_fmt(least)}–{_fmt(most)}人之间，"
             f"报告为{_fmt(p)}人", [small[0], large[0], classes[0], students[0]])


PER_CAPITA = re.compile(
    r"(\d+(?:\.\d+)?)\s*(节次|节|次|篇|册|本|小时|学时|元)[^。；\n]{0,12}?人均(?:达到|达|为|约)?\s*(\d+(?:\.\d+)?)\s*\2?")


def _per_capita(text, report, by_ind, flag) -> None:
    heads = by_ind.get("full_time_teachers", []) + by_ind.get("teachers", []) + by_ind.get("students", [])
    if not heads:
        return
    a, b = report.span
    for m in PER_CAPITA.finditer(text, a, b):
        total, each = float(m.group(1)), float(m.group(3))
        if each <= 0 or total <= each:
            continue
        # the headcount named in the same sentence is the one meant
        sent_start = max(text.rfind("。", a, m.start()), text.rfind("\n", a, m.start()), a)
        near = [h for h in heads if sent_start <= h.span[0] < m.start()]
        if all(_differs(total / h.value, each) for h in (near or heads) if h.value > 0):
            quote = Fact("other:per_capita", each, m.group(2), m.group(0), (m.start(), m.end()))
            nearest = min(heads, key=lambda h: abs(total / h.value - each) if h.value else 1e9)
            flag(f"人均{_fmt(each)}{m.group(2)}与 总数{_fmt(total)} ÷ {_fmt(nearest.value)}人 = "
                 f"{_fmt(total / nearest.value)} 不符", [quote, nearest])


FACILITY = r"[\u4e00-\u9fa5]{1,6}?(?:室|食堂|馆|教室|宿舍|跑道|操场|运动场|厕所|浴室|图书室|实验室)"
ABSENT = re.compile(rf"(?:没有|无|尚无|还没有|缺少|未)(?:设立|建立|建设|配备|建)?(?:单独的|专门的|独立的)?((?:{FACILITY})(?:[和、及与](?:{FACILITY}))*)")


def _present_and_absent(text, report, flag) -> None:
    a, b = report.span
    for m in ABSENT.finditer(text, a, b):
        for name in re.split(r"[和、及与]", m.group(1)):
            name = re.sub(r"^(?:学生|学校|专用|标准)", "", name) if len(name) > 3 else name
            if len(name) < 2:
                continue
            present = re.compile(rf"(?:有|设有|建有|设立了|建立了|配备了|配有)[^。；，无没]{{0,6}}?{re.escape(name)}"
                                 rf"|{re.escape(name)}\s*\d+\s*(?:间|个|座|处)")
            hit = present.search(text, a, b)
            if hit and not (m.start() <= hit.start() < m.end()):
                p = Fact("other:present", 1, None, text[hit.start(): hit.end()], (hit.start(), hit.end()))
                s0, e0 = m.start(), m.end()
                absent = Fact("other:absent", 0, None, text[s0:e0], (s0, e0))
                flag(f"{name}：一处写有，另一处写没有", [p, absent])
                break


def _impossible_shares(by_ind, facts, flag) -> None:
    """A percentage of N people must be k/N for some whole k."""
    teachers = by_ind.get("teachers", []) or by_ind.get("full_time_teachers", [])
    if not teachers:
        return
    n = teachers[0].value
    if not 2 <= n <= 60 or n != int(n):
        return
    for f in facts:
        if f.unit != "%" or not re.search(r"教师|老师|教职工", f.quote) or f.value in (0, 100):
            continue
        if re.search(r"率|比例|占", f.quote) is None:
            continue
        if min(abs(100 * k / n - f.value) for k in range(int(n) + 1)) > 0.6:
            flag(f"{_fmt(f.value)}% 无法由 {int(n)} 名教师得到（k/{int(n)} 取不到该比例）", [f, teachers[0]])


YEAR = re.compile(r"((?:19|20)\d{2})年")


def _founding_arithmetic(text, report, by_ind, flag) -> None:
    founded = by_ind.get("founded_year", [])
    if not founded:
        return
    f0 = founded[0]
    a, b = report.span
    body = text[a:b]
    for m in re.finditer(r"(?:建校|办学|校庆)(\d{1,3})周年", body):
        n = int(m.group(1))
        sentence_start = max(body.rfind("。", 0, m.start()), body.rfind("\n", 0, m.start())) + 1
        years = [int(y) for y in YEAR.findall(body[sentence_start: m.end() + 20])]
        for y in years:
            if y != f0.value + n and abs(y - (f0.value + n)) > 1:
                s = a + sentence_start
                quote = body[sentence_start: m.end()].strip()
                qs = text.find(quote, s)
                event = Fact("other:anniversary", float(n), "年", quote, (qs, qs + len(quote)))
                flag(f"建校{int(f0.value)}年 + {n}周年 = {int(f0.value) + n}，与所写的 {y} 年不符", [f0, event])
                break
    for m in re.finditer(r"(?:历经|走过|已有|经历了)(\d{1,3}|[一二三四五六七八九十]{1,4})(?:个春秋|年的?(?:历史|风雨))", body):
        from ingest.extract.numbers import parse_number

        n = parse_number(m.group(1))
        if not n:
            continue
        implied = f0.value + n
        later = [int(y) for y in YEAR.findall(body) if int(y) > implied + 2]
        if later:
            qs = a + m.start()
            age = Fact("other:age_years", float(n), "年", text[qs: a + m.end()], (qs, a + m.end()))
            flag(f"建校{int(f0.value)}年、历经{int(n)}年即{int(implied)}年，但报告写到了{max(later)}年", [f0, age])


def weighted_cv(values, weights) -> tuple[float, float] | None:
    """(cv, mean) by the official enrolment-weighted formula: X̄ = ΣPᵢXᵢ/ΣPᵢ,
    S = √Σ(Pᵢ/P)(Xᵢ−X̄)², CV = S/X̄ (教督〔2012〕3号); None when undefined."""
    pairs = [(x, p) for x, p in zip(values, weights, strict=True) if p and p > 0]
    total = sum(p for _, p in pairs)
    if len(pairs) < 2 or total <= 0:
        return None
    mean = sum(p * x for x, p in pairs) / total
    if mean == 0:
        return None
    var = sum((p / total) * (x - mean) ** 2 for x, p in pairs)
    return var ** 0.5 / mean, mean


def _printed_cvs(report, flag) -> None:
    """A county report's own 差异系数 (often a plain average) against the weighted one."""
    rows: dict[str, dict[str, Fact]] = {}
    for f in report.facts:
        if f.school:
            rows.setdefault(f.school, {}).setdefault(f.indicator, f)
    if len(rows) < 2:
        return
    for f in report.facts:
        if not f.indicator.startswith("other:cv_"):
            continue
        name = f.indicator[len("other:cv_"):]
        ind = name if any(name in r for r in rows.values()) else f"other:{name}"
        have = [r for r in rows.values() if "students" in r and ind in r]
        got = weighted_cv([r[ind].value for r in have], [r["students"].value for r in have])
        if got is not None and abs(got[0] - f.value) > max(0.02, 0.1 * got[0]):
            flag(f"报告所列差异系数 {f.value:g} 与按在校生数加权计算的 {got[0]:.2f} 不符（{len(have)} 所学校）", [f])
