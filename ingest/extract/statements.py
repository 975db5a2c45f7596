"""Problem statements (存在问题) and improvement measures (整改措施) of a report.

Where they come from, by structure:
- a problems / measures section: each numbered item is one statement; without numbering,
  each sentence that carries a problem (or measure) cue.  Intro paragraphs before the first
  item and 总之-style closings are not statements.  An item that ends in a colon is a label
  whose following lines are the items.  In a problems section a trailing paragraph that
  announces action (我校将…) and a 建议… clause are measures.
- an inline list in any section: `存在的问题是：…` up to a closing (以上问题…) or the paragraph end.
- a report whose headings were lost: its trailing numbered lists, when nearly every item
  reads as a problem (resp. opens with an action verb).
Cue words live in ontology/sections.ttl (jh:cue), categories in ontology/problems.ttl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.records import Measure, Problem, Section
from ingest.structure import numbering, split_lines

SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*")
CLOSING = re.compile(r"^(?:总之|综上|总而言之|以上(?:问题|不足|困难)|这些问题|对此|针对(?:以上|上述|这些)|不足之处，敬请)")
INLINE_OPEN = re.compile(
    r"(?:存在(?:的)?(?:主要)?(?:问题|不足|困难)(?:主要)?(?:有|是|为)?|(?:问题|不足之处|困难|差距)(?:主要)?(?:有|是|在于|表现在)"
    r"|(?:薄弱环节|短板)(?:主要)?(?:有|是)?)[：:]"
)
FUTURE = re.compile(r"进一步|继续|将|今后|争取|力争|逐步|尽快|计划|拟|下一步")
SUGGEST = re.compile(r"(?:建议|恳请|请求|希望上级)[^。；;！？]*")


@dataclass
class Item:
    start: int
    end: int
    numbered: bool
    label: bool  # ends with a colon: its following lines are the items


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from ontology import section_kinds

    kinds = section_kinds()
    return tuple(kinds["problems"].extra.get("cue", ())), tuple(kinds["measures"].extra.get("cue", ()))


def has_problem_cue(text: str) -> bool:
    return any(c in text for c in _cues()[0])


def opens_with_measure(text: str) -> bool:
    head = re.sub(r"^[^\u4e00-\u9fa5]*", "", text)[:8]
    return any(head.startswith(c) or c in head[:6] for c in _cues()[1])


def _items(text: str, start: int, end: int, skip_first_line: bool) -> list[Item]:
    """Items of a section: numbered lines with their continuation lines; unnumbered
    paragraphs stand alone."""
    items: list[Item] = []
    lines = [ln for ln in split_lines(text, start, end) if not ln.blank]
    if skip_first_line and lines:
        lines = lines[1:]
    for ln in lines:
        num = numbering(ln.text)
        if num:
            s = ln.start + num[2]
            while s < ln.end and text[s] in " \t-":
                s += 1
            items.append(Item(s, ln.end, True, ln.text.endswith(("：", ":"))))
        elif items and items[-1].numbered and not items[-1].label and not _ends_sentence(text, items[-1].end):
            items[-1].end = ln.end  # a numbered item continued on the next line
        else:
            items.append(Item(ln.start, ln.end, False, False))
    out: list[Item] = []
    for it in items:
        out.extend(_inline_enumeration(text, it))
    return out


INLINE_MARK = re.compile(
    r"(?:^|(?<=[。；;，,：:]))\s*(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，,、]|首先[，,]?|其次[，,]?|"
    r"再次[，,]?|最后[，,]?|[（(]\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩])"
)


def _inline_enumeration(text: str, it: Item) -> list[Item]:
    """`一是…；二是…；三是…` (or （1）… ①…) inside one paragraph: one item per marker; a lead-in
    that ends with a colon is dropped."""
    body = text[it.start: it.end]
    marks = [(it.start + m.start(), it.start + m.end()) for m in INLINE_MARK.finditer(body)]
    if len(marks) < 2:
        return [it]
    out: list[Item] = []
    lead = (it.start, marks[0][0])
    if lead[1] - lead[0] >= 6 and not text[lead[0]: lead[1]].rstrip().endswith(("：", ":")):
        out.append(Item(lead[0], lead[1], it.numbered, False))
    for k, (_, m_end) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else it.end
        out.append(Item(m_end, end, True, False))
    return out


def _ends_sentence(text: str, end: int) -> bool:
    return end > 0 and text[end - 1] in "。！？!?；;：:"


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for m in SENTENCE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s] in " \t\n，,":
            s += 1
        while e > s and text[e - 1] in " \t\n":
            e -= 1
        if e - s >= 4:
            out.append((s, e))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\n-—·•、,，":
        s += 1
    while e > s and text[e - 1] in " \t\n":
        e -= 1
    return s, e


@lru_cache(maxsize=1)
def _category_patterns() -> tuple[tuple[str, str | None, tuple[tuple[re.Pattern[str], int], ...]], ...]:
    """(category, broader, ((pattern, weight), …)) compiled once from ontology/problems.ttl."""
    from ontology import problem_categories

    out = []
    for cid, concept in problem_categories().items():
        pats = []
        for cue in sorted({*concept.extra.get("cue", ()), *concept.labels, *concept.hidden_labels}):
            pattern = "(?<!最)" + re.escape(cue).replace("…", ".{0,8}?")  # 最大班额 names a figure
            pats.append((re.compile(pattern), len(cue.replace("…", "")) + (1 if "…" in cue else 0)))
        out.append((cid, concept.broader, tuple(pats)))
    return tuple(out)


def categorise(statement: str) -> str:
    """The problem category whose cues explain the statement best.

    A statement is mostly about what it names first, so a cue's weight (its length) halves
    every 8 characters into the sentence.  A narrower category that matches at all beats
    its broader one (音乐教师不足 is a specialist shortage, not just a teacher shortage)."""
    scores: dict[str, float] = {}
    broader: dict[str, str | None] = {}
    for cid, parent, pats in _category_patterns():
        score = 0.0
        for rx, weight in pats:
            m = rx.search(statement)
            if m:
                score += weight * 0.5 ** (m.start() / 8)
        scores[cid] = score
        broader[cid] = parent
    for cid, parent in broader.items():
        if parent and scores[cid] > 0:
            scores[cid] += scores.get(parent, 0.0)
    best = max(scores, key=lambda c: scores[c], default="other")
    return best if scores.get(best, 0) > 0 else "other"


def extract_statements(text: str, sections: list[Section]) -> tuple[list[Problem], list[Measure]]:
    problems: list[Problem] = []
    measures: list[Measure] = []
    kinds = {s.kind for s in sections}

    def add_problem(s: int, e: int) -> None:
        s, e = _trim(text, s, e)
        if e - s >= 4 and not any(p.span == (s, e) for p in problems):
            problems.append(Problem(text[s:e], categorise(text[s:e]), (s, e)))

    def add_measure(s: int, e: int) -> None:
        s, e = _trim(text, s, e)
        if e - s >= 4 and not any(m.span == (s, e) for m in measures):
            measures.append(Measure(text[s:e], (s, e)))

    for sec in sections:
        a, b = sec.span
        if sec.kind in ("problems", "measures"):
            items = _items(text, a, b, skip_first_line=sec.heading is not None)
            _from_section(text, sec.kind, items, add_problem, add_measure)
        if sec.kind in ("body", "basic", "measures", "problems"):
            for s, e in _inline_lists(text, a, b):
                add_problem(s, e)
    if "problems" not in kinds or "measures" not in kinds:
        _headless_lists(text, sections, kinds, add_problem, add_measure)
    problems.sort(key=lambda p: p.span)
    measures.sort(key=lambda m: m.span)
    return problems, measures


def _from_section(text, kind, items: list[Item], add_problem, add_measure) -> None:
    numbered = [it for it in items if it.numbered]
    add = add_problem if kind == "problems" else add_measure
    if numbered:
        first, last = items.index(numbered[0]), items.index(numbered[-1])
        for k, it in enumerate(items):
            body = text[it.start: it.end]
            if it.label:
                continue
            if k < first:
                continue  # intro
            if k > last:
                if kind == "problems" and not CLOSING.match(body):
                    _trailing_measures(text, it, add_measure)
                if not it.numbered and k > last and items[last].label:
                    add(it.start, it.end)
                continue
            if kind == "problems":
                for s, e in _split_semicolons(text, it.start, it.end):
                    add_problem(s, e)
                for m in SUGGEST.finditer(text, it.start, it.end):
                    add_measure(m.start(), m.end())
            else:
                if not CLOSING.match(body):
                    add_measure(it.start, it.end)
        return
    for it in items:
        if kind == "measures":
            # every paragraph of a measures section is a measure, except lead-ins and closings
            para = text[it.start: it.end]
            if not CLOSING.match(para) and not para.rstrip().endswith(("：", ":")):
                add_measure(it.start, it.end)
            continue
        for s, e in _sentences(text, it.start, it.end):
            sent = text[s:e]
            if CLOSING.match(sent) or sent.endswith(("：", ":")):
                continue
            if has_problem_cue(sent):
                add_problem(s, e)


def _split_semicolons(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """`饮水靠烧开水；厕所为旱厕` names two problems: split at ；when both parts say one."""
    cuts = [m.end() for m in re.finditer(r"[；;]", text[s:e]) if s + m.end() < e - 1]
    if not cuts:
        return [(s, e)]
    bounds = [s, *(s + c for c in cuts), e]
    parts = list(zip(bounds, bounds[1:], strict=False))
    if all(y - x >= 8 and has_problem_cue(text[x:y]) for x, y in parts):
        return parts
    return [(s, e)]


def _trailing_measures(text: str, it: Item, add_measure) -> None:
    for s, e in _sentences(text, it.start, it.end):
        sent = text[s:e]
        m = re.search(r"(?:我校|我们|学校)(?:将|要|会)", sent)
        if m:
            add_measure(s + m.start(), e)


def _inline_lists(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    for m in INLINE_OPEN.finditer(text, a, b):
        para_end = text.find("\n", m.end(), b)
        para_end = b if para_end < 0 else para_end
        if para_end - m.end() < 6:
            continue  # a heading-like line; its items are handled as a section
        for s, e in _sentences(text, m.end(), para_end):
            sent = text[s:e]
            if CLOSING.match(sent):
                break
            out.extend(_split_parallel(text, s, e))
    return out


def _split_parallel(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """`A尚未配备，B尚未调试。` names two problems; `A合理，但B不足` names one."""
    parts = []
    pos = s
    for m in re.finditer(r"[，,]", text[s:e]):
        parts.append((pos, s + m.start()))
        pos = s + m.end()
    parts.append((pos, e))
    if len(parts) < 2:
        return [(s, e)]
    if all(has_problem_cue(text[x:y]) and y - x >= 6 for x, y in parts) and not any(
        re.match(r"(?:但|而|并|且|因此|导致|所以|从而|使|造成)", text[x:y]) for x, y in parts[1:]
    ):
        return parts
    return [(s, e)]


def _headless_lists(text, sections, kinds, add_problem, add_measure) -> None:
    """Trailing numbered lists of a report whose problems/measures headings are missing."""
    last_problems = max((s.span[1] for s in sections if s.kind == "problems"), default=-1)
    body = [s for s in sections if s.kind in ("body", "basic") and s.span[0] >= last_problems]
    if not body:
        return
    a, b = body[-1].span
    items = _items(text, a, b, skip_first_line=body[-1].heading is not None)
    blocks: list[list[Item]] = []
    prev_num = None
    for it in items:
        if not it.numbered:
            prev_num = None
            if blocks and blocks[-1] and not blocks[-1][-1].numbered:
                continue
            continue
        n = numbering(text[text.rfind("\n", 0, it.start) + 1: it.end].lstrip(" -\t"))
        n = n[1] if n else None
        if prev_num is None or n is None or n <= prev_num:
            blocks.append([])
        blocks[-1].append(it)
        prev_num = n
    tail = blocks[-2:]
    found_problems = "problems" in kinds
    for block in tail:
        texts = [text[it.start: it.end] for it in block if not it.label]
        if not texts:
            continue
        share_problem = sum(has_problem_cue(t) and not opens_with_measure(t) for t in texts) / len(texts)
        share_measure = sum(opens_with_measure(t) for t in texts) / len(texts)
        if "problems" not in kinds and share_problem >= 0.6 and block is not tail[-1] or (
            "problems" not in kinds and share_problem >= 0.8
        ):
            for it in block:
                if not it.label:
                    add_problem(it.start, it.end)
            found_problems = True
        elif "measures" not in kinds and share_measure >= 0.6 and (
            found_problems or sum(bool(FUTURE.search(t)) for t in texts) >= 0.5 * len(texts)
        ):
            for it in block:
                if not it.label:
                    add_measure(it.start, it.end)
