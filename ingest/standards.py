"""Standards document -> ingest.records.Standard (no RDF).

A provincial or local standard is usually written as enumerated items or a small table:

    二、生均图书：小学、初中分别达到30册、40册以上。
    三、每百名学生拥有计算机台数：小学不少于10台，初中不少于15台。
    指标            小学        初中
    生均教学仪器设备值  1800元     2200元

Each item gives thresholds of one indicator for one or more school levels.  Indicator names are
mapped to ids through the SKOS labels of ontology/indicators.ttl (longest label wins); a name the
vocabulary does not know is kept as ``other:<name>`` so nothing read is lost.  Every requirement
keeps the exact line it was read from (quote == text[start:end]).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import ontology
from ingest.errors import NoText
from ingest.records import Requirement, Standard

LEVEL_WORDS = ("九年一贯制", "小学", "初中")
# Terms whose meaning in a standard differs from their everyday use in reports.
STANDARD_TERMS = {"班额": "max_class_size", "每班学生数": "max_class_size", "学校规模": "students",
                  "学校规模上限": "students", "办学规模": "students", "师生比": "student_teacher_ratio",
                  "生师比": "student_teacher_ratio", "教职工与学生比": "student_teacher_ratio"}
# An unknown name is only taken as an indicator when it looks like one.
INDICATOR_CUES = re.compile(r"生均|每百名|班额|规模|比例|比$|率|面积|台数|册数")
MAX_INDICATORS = {"max_class_size", "avg_class_size", "students", "student_teacher_ratio"}

PROVINCES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽",
             "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南",
             "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆")
PROVINCE_RE = re.compile(r"(" + "|".join(PROVINCES) + r")(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)?")
NUMBER_RE = re.compile(r"[\u4e00-\u9fa5]{1,12}〔\d{4}〕\d+号")
DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
ISSUER_RE = re.compile(r"^[\u4e00-\u9fa5（）()、]{2,40}(厅|部|委员会|督导室|督导办公室|教育局|人民政府|办公室)$")

NUM = r"(?:\d+(?:\.\d+)?)"
UNIT = r"(?:平方米|㎡|m2|万元|元|万册|册|台|间|个|人|名|%|％)"
VALUE_RE = re.compile(rf"(?:1\s*[:：]\s*({NUM}))|({NUM})\s*({UNIT})?")
OP_WORDS = [
    (re.compile(r"不低于|不少于|达到|至少|不小于|≥|>=|以上"), ">="),
    (re.compile(r"不超过|不高于|不大于|不多于|控制在|≤|<=|以下|以内"), "<="),
]
ITEM_PREFIX = re.compile(r"^\s*(?:第[一二三四五六七八九十百零]{1,4}条|第?[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])\s*")


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        s = len(raw) - len(raw.lstrip())
        e = len(raw.rstrip())
        if e > s:
            out.append(_Line(pos + s, pos + e, raw[s:e]))
        pos += len(raw) + 1
    return out


def _label_index() -> list[tuple[str, str]]:
    pairs = [(label, cid) for cid, c in ontology.indicators().items() for label in c.labels]
    pairs += list(STANDARD_TERMS.items())
    return sorted(pairs, key=lambda p: -len(p[0]))


def indicator_for(name: str) -> str:
    """Indicator id for a name as a standard writes it; `other:<name>` when the vocabulary lacks it.

    Exact label first; else the longest label inside the name, preferring per-100 / per-student
    concepts when the name says 每百名 / 生均 (so 每百名学生拥有学生用计算机台数 is not the bare count)."""
    name = re.sub(r"\s+|[（(][^）)]*[）)]", "", name)
    if name in STANDARD_TERMS:
        return STANDARD_TERMS[name]
    index = _label_index()
    for label, cid in index:
        if label == name:
            return cid
    inside = [(label, cid) for label, cid in index if label in name]
    if "每百名" in name:
        inside = [p for p in inside if "per_100" in p[1]] or _per_100_guess(name, index) or inside
    elif "生均" in name:
        inside = [p for p in inside if "per_student" in p[1]] or inside
    if inside:
        return inside[0][1]
    return f"other:{name}"


def _per_100_guess(name: str, index: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """每百名学生拥有<thing>: the per-100 concept whose label shares the <thing>."""
    thing = name.split("拥有", 1)[-1]
    thing = re.sub(r"^学生用|数$|台数$", "", thing)
    return [p for p in index if "per_100" in p[1] and thing[:3] and thing[:3] in p[0]]


def _op(text: str, indicator: str) -> str:
    for rx, op in OP_WORDS:
        if rx.search(text):
            return op
    return "<=" if indicator in MAX_INDICATORS else ">="


def _values(text: str) -> list[tuple[float, str | None, bool]]:
    """(value, unit, is_ratio) for every number in a fragment, skipping item numbers and years."""
    out = []
    for m in VALUE_RE.finditer(text):
        if m.group(1):
            out.append((float(m.group(1)), None, True))
        else:
            out.append((float(m.group(2)), m.group(3), False))
    return out


def _levels(text: str) -> list[str]:
    found = []
    for m in re.finditer("|".join(LEVEL_WORDS), text):
        if m.group(0) not in found:
            found.append(m.group(0))
    return found


def _item_requirements(line: _Line, doc_text: str) -> list[Requirement]:
    """`名称：小学、初中分别达到25册、35册以上` or `名称：小学不少于10台，初中不少于15台`."""
    body = ITEM_PREFIX.sub("", line.text)
    m = re.match(r"([^：:，,。]{2,30})[：:](.+)$", body)
    if not m:
        return []
    name, rest = m.group(1), m.group(2)
    indicator = indicator_for(name)
    if indicator.startswith("other:") and not INDICATOR_CUES.search(name):
        return []
    quote = doc_text[line.start:line.end]
    reqs: list[Requirement] = []

    def req(level: str, value: float, unit: str | None, fragment: str, ratio: bool) -> Requirement:
        op = "<=" if ratio else _op(fragment, indicator)
        return Requirement(indicator=indicator, level=level, op=op, threshold=value, unit=unit, quote=quote,
                           span=(line.start, line.end))

    # 分别: levels listed once, values listed once in the same order
    if "分别" in rest:
        head, tail = rest.split("分别", 1)
        levels, values = _levels(head), _values(tail)
        if levels and len(values) >= len(levels):
            unit = next((u for _, u, _r in values if u), None)
            return [req(lv, v, u or unit, tail, r) for lv, (v, u, r) in zip(levels, values, strict=False)]
    # one clause per level
    for clause in re.split(r"[，,；;。]", rest):
        levels, values = _levels(clause), _values(clause)
        if values and levels:
            v, u, r = values[0]
            reqs += [req(lv, v, u, clause, r) for lv in levels]
        elif values and not levels and not reqs and not _levels(rest):
            v, u, r = values[0]
            reqs.append(req("县域" if "县" in name else "全部", v, u, clause, r))
    return reqs


def _table_requirements(lines: list[_Line], i: int, doc_text: str) -> tuple[list[Requirement], int]:
    """A header row naming levels (`指标 小学 初中`) followed by rows `名称 值 值`."""
    header = re.split(r"\s*\|\s*|\s+", lines[i].text.strip("| "))
    levels = [c for c in header if c in LEVEL_WORDS]
    if len(levels) < 1 or len(header) < 2:
        return [], i
    cols = {j: c for j, c in enumerate(header) if c in LEVEL_WORDS}
    unit_col = header.index("单位") if "单位" in header else None
    reqs: list[Requirement] = []
    j = i + 1
    while j < len(lines):
        cells = re.split(r"\s*\|\s*|\s+", lines[j].text.strip("| "))
        if len(cells) != len(header) or not _values(" ".join(cells[1:])):
            break
        indicator = indicator_for(cells[0])
        quote = doc_text[lines[j].start:lines[j].end]
        for k, level in cols.items():
            vals = _values(cells[k])
            if vals:
                v, u, r = vals[0]
                if u is None and unit_col is not None and re.fullmatch(UNIT, cells[unit_col]):
                    u = cells[unit_col]
                op = "<=" if r else _op(cells[k] + cells[0], indicator)
                reqs.append(Requirement(indicator=indicator, level=level, op=op, threshold=v, unit=u, quote=quote,
                                        span=(lines[j].start, lines[j].end)))
        j += 1
    return reqs, j


def _dedupe(reqs: list[Requirement]) -> list[Requirement]:
    """The same threshold stated as an item and again in a table is one requirement (the first)."""
    seen, out = set(), []
    for r in reqs:
        key = (r.indicator, r.level, r.op, r.threshold)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def parse_standard(text: str, *, source: str | None = None) -> Standard:
    """Parse the normalised text of a standards document."""
    lines = _lines(text)
    title = re.sub(r"^[《\s]+|[》\s]+$", "", lines[0].text) if lines else (source or "")
    head = "\n".join(ln.text for ln in lines[:8])
    number = NUMBER_RE.search(head)
    province = PROVINCE_RE.search(title) or PROVINCE_RE.search(number.group(0) if number else "")
    date = DATE_RE.search(text)
    issuer = next((ln.text for ln in lines[1:8] + lines[-4:] if ISSUER_RE.match(ln.text)), None)
    reqs: list[Requirement] = []
    i = 0
    while i < len(lines):
        table, nxt = _table_requirements(lines, i, text)
        if table:
            reqs += table
            i = nxt
            continue
        reqs += _item_requirements(lines[i], text)
        i += 1
    reqs = _dedupe(reqs)
    key = f"{title}|{number.group(0) if number else ''}"
    region = None
    if province:
        region = province.group(1) + (province.group(2) or ("市" if province.group(1) in ("北京", "天津", "上海", "重庆")
                                                            else "省"))
    return Standard(
        id=f"std-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}",
        title=title,
        number=number.group(0) if number else None,
        issuer=issuer,
        date=f"{int(date.group(1)):04d}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else None,
        region=region,
        source=source,
        requirements=reqs,
    )


def read_standard(path: str | Path) -> Standard:
    """Read a standards file (txt/docx/pdf/html).  Raises ingest.errors.IngestError subclasses."""
    from ingest.normalise import normalise
    from ingest.sources import read_source

    src = read_source(path)
    text = normalise(src).text
    if not text.strip():
        raise NoText(str(path), "文件中没有可读的文字 / no readable text")
    std = parse_standard(text, source=Path(path).name)
    if not std.requirements:
        raise NoText(str(path), "未读出任何达标要求 / no thresholds found in this standards document")
    return std


STANDARD_TITLE = re.compile(r"标准|办法|规程|细则|指标摘编|评估指标")
REPORT_TITLE = re.compile(r"报告|汇报|自评|自查|材料|总结")


def looks_like_standard(text: str) -> bool:
    """A standards document rather than a report: a standards-like title and several thresholds."""
    lines = _lines(text)
    if not lines:
        return False
    title = lines[0].text
    if not STANDARD_TITLE.search(title) or REPORT_TITLE.search(title):
        return False
    return len(parse_standard(text).requirements) >= 3


def read_if_standard(path: str | Path) -> Standard | None:
    """The Standard in `path` if it is a standards document, else None (then it is a report)."""
    from ingest.normalise import normalise
    from ingest.sources import read_source

    text = normalise(read_source(path)).text
    if not looks_like_standard(text):
        return None
    return parse_standard(text, source=Path(path).name)
