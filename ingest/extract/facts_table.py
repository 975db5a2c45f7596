"""Figures in tables: tab- or bar-separated rows, as text reports and docx readers give them.

Two layouts occur.  Row tables put the indicator in the first cell ("校舍建筑面积\t3600\t6.9",
header "项目\t数量\t生均"); column tables put indicators in the header and one entity per
row — in a county report, one school per row ("学校\t学生数\t教师数 …"), so the row's
school goes into Fact.school.  Columns headed 标准/要求 hold the norm and are not read.
"""

from __future__ import annotations

import re

from ingest.extract import facts_rules as R
from ingest.extract.facts_vocab import Vocabulary, accepts, vocabulary
from ingest.extract.numbers import NUMBER_PATTERN, parse_number
from ingest.records import Fact, Span

_CELL_SPLIT = re.compile(r"\t+|\s*[|｜]\s*")
_UNIT_IN_PARENS = re.compile(r"[（(]\s*([^（()）]{1,6}?)\s*[)）]")
_CELL_VALUE = re.compile(
    rf"^\s*(?P<q0>约|近|大约)?(?P<num>{NUMBER_PATTERN})(?:\s*[:：∶]\s*(?P<num2>[0-9.]+))?\s*"
    rf"(?P<q1>余|多|以上|左右)?\s*(?P<unit>[^\s0-9]{{0,4}}?)\s*(?P<q2>余|多|以上|左右)?\s*$")
_NORM_HEADER = re.compile(r"标准|要求|规定|达标线|国家|省定|指标值")
_PER_STUDENT_HEADER = re.compile(r"生均|人均")
_SCHOOL_HEADER = re.compile(r"学校|校名|单位|名称")
_TOTAL_ROW = re.compile(r"^(合计|总计|小计|全县|全区|全市|平均|均值|总数|差异系数|标准差|变异系数|县域)")
# a cell that names its own ratio: "生均4.3平方米", "每百名学生5.6台"
_CELL_PREFIX = re.compile(r"^(生均|人均|每百名学生(?:拥有)?|百名学生)")


def _is_table_line(line: str) -> bool:
    return "\t" in line.strip("\t ") or line.count("|") + line.count("｜") >= 2


def table_line_spans(text: str, start: int, end: int) -> list[Span]:
    """Spans of the lines that belong to tables (so prose reading skips them)."""
    spans = []
    pos = start
    for line in text[start:end].split("\n"):
        if _is_table_line(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _cells(text: str, a: int, b: int) -> list[tuple[str, int, int]]:
    """Cells of one line as (text, abs start, abs end), blanks kept as ''."""
    out = []
    pos = a
    line = text[a:b]
    for m in _CELL_SPLIT.finditer(line):
        out.append((line[pos - a:m.start()], pos, a + m.start()))
        pos = a + m.end()
    out.append((line[pos - a:], pos, b))
    # leading/trailing empty cells from "| a | b |"
    while out and not out[0][0].strip():
        out.pop(0)
    while out and not out[-1][0].strip():
        out.pop()
    return [(t.strip(), s + (len(t) - len(t.lstrip())), e - (len(t) - len(t.rstrip()))) for t, s, e in out]


def _label_of(vocab: Vocabulary, cell: str, unit: str | None):
    plain = _UNIT_IN_PARENS.sub("", cell).strip().rstrip("：:")
    for cue in vocab.cues:
        if plain.endswith(cue.label) and (unit is None or accepts(cue.concept, unit, False)):
            return cue.concept, plain
    return None, plain


def _unit_hint(cell: str) -> str | None:
    m = _UNIT_IN_PARENS.search(cell)
    if m:
        return R.UNIT_CANON.get(m.group(1), m.group(1))
    return None


def _value(cell: str):
    m = _CELL_VALUE.match(cell)
    if not m:
        return None
    v = parse_number(m.group("num"))
    if v is None:
        return None
    ratio = False
    if m.group("num2"):
        w = parse_number(m.group("num2"))
        if not w or not v:
            return None
        v, ratio = max(v, w) / min(v, w), True
    unit_raw = m.group("unit") or None
    unit = R.UNIT_CANON.get(unit_raw, unit_raw) if unit_raw else None
    if unit_raw and unit_raw in R.SKIP_UNITS:
        return None
    if unit == "元" and m.group("num")[-1] in "万亿":
        v, unit = parse_number(m.group("num")[:-1]), m.group("num")[-1] + "元"
    qual = m.group("q0") or m.group("q1") or m.group("q2")
    return v, unit, ratio, qual


def _tables(text: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for a, b in table_line_spans(text, start, end):
        if current and text[current[-1][1]:a].strip():
            groups.append(current)
            current = []
        current.append((a, b))
    if current:
        groups.append(current)
    return groups


def extract_table_facts(text: str, start: int, end: int, *, skip: list[Span] | tuple = ()) -> list[Fact]:
    """Facts from the tables inside text[start:end]; spans are absolute."""
    vocab = vocabulary()
    facts: list[Fact] = []
    for group in _tables(text, start, end):
        rows = [_cells(text, a, b) for a, b in group]
        rows = [r for r in rows if r]
        if not rows:
            continue
        header = rows[0] if not any(_value(c[0]) for c in rows[0][1:]) else None
        body = rows[1:] if header else rows
        headers = [c[0] for c in header] if header else []
        col_concepts = [_label_of(vocab, h, _unit_hint(h))[0] for h in headers]
        column_layout = header is not None and sum(1 for c in col_concepts[1:] if c) >= 1 \
            and not any(_label_of(vocab, r[0][0], None)[0] for r in body[:3])
        school_rows = bool(headers) and bool(_SCHOOL_HEADER.search(headers[0]))
        for row in body:
            if any(_inside(c[1], skip) for c in row):
                continue
            first, row_start = row[0][0], row[0][1]
            if _TOTAL_ROW.match(first):
                continue
            row_concept, row_plain = _label_of(vocab, first, None)
            row_unit = _unit_hint(first)
            prev_concept = None
            for j, (cell, _a, b) in enumerate(row[1:], start=1):
                prefix = _CELL_PREFIX.match(cell)
                got = _value(cell[prefix.end():] if prefix else cell)
                head = headers[j] if j < len(headers) else ""
                if got is None or (head and _NORM_HEADER.search(head)):
                    continue
                value, unit, ratio, qual = got
                unit = unit or _unit_hint(head) or (row_unit if not column_layout else None)
                if column_layout:
                    concept = col_concepts[j] if j < len(col_concepts) else None
                    name = _UNIT_IN_PARENS.sub("", head).strip()
                    if concept is None and _PER_STUDENT_HEADER.search(head) and prev_concept is not None:
                        concept = vocab.per_student.get(prev_concept.id)
                    school = first if school_rows else None
                else:
                    concept = row_concept
                    name = row_plain
                    if prefix and prefix.group(1).startswith(("每百", "百名")):
                        concept = vocab.by_id.get("computers_per_100_students") if unit == "台" else None
                        name = row_plain + "每百名学生"
                    elif concept is not None and (_PER_STUDENT_HEADER.search(head) or prefix):
                        concept = vocab.per_student.get(concept.id)
                        name = row_plain + "生均"
                    school = None
                if concept is not None and unit is not None and not accepts(concept, unit, ratio):
                    concept = None
                prev_concept = concept
                if concept is not None:
                    indicator = vocab.fact_id(concept)
                    unit = unit or concept.unit
                elif name:
                    indicator = "other:" + re.sub(r"\s+", "", name)[:16]
                else:
                    continue
                facts.append(Fact(indicator=indicator, value=round(value, 4), unit=unit,
                                  quote=text[row_start:b], span=(row_start, b), qualifier=qual,
                                  school=school))
    return facts


def _inside(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)
