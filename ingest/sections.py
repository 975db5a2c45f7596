"""Find the sections of one report: title, basic facts, self-check body, problems,
measures, sign-off.

Heading cues come from `ontology/sections.ttl`.  A top-level heading (一、…) opens a
section whose kind is read from its words (default: body).  A lower-level or stand-alone
heading (（三）存在问题, 今后改进措施：) opens a problems/measures section inside it; the next
sibling heading without such words returns to the parent's kind.  A problems list broken
by a page break stays one section because page breaks are not headings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.records import Section
from ingest.segment import DATE_LINE, ORG_SUFFIX, ReportCut
from ingest.structure import Line, heading_part, numbering, split_lines, strip_numbering

KIND_ORDER = ("problems", "measures", "basic", "body")


@lru_cache(maxsize=1)
def _cues() -> list[tuple[str, str]]:
    from ontology import section_kinds

    pairs = [(w, k) for k, c in section_kinds().items() if k in KIND_ORDER for w in c.hidden_labels]
    return sorted(pairs, key=lambda p: -len(p[0]))


ACTION_ON = re.compile(r"(?:解决|破解|化解|处理|治理|整治|防范)[^，。]{0,10}$")


def heading_kind(text: str) -> str | None:
    """Kind named by a heading's words: the earliest cue wins, longer cue on a tie.
    `解决大班额问题` names an action taken, not a problem."""
    body, _ = strip_numbering(text)
    best: tuple[int, int, str] | None = None
    for word, kind in _cues():
        pos = body.find(word)
        if pos >= 0 and kind == "problems" and ACTION_ON.search(body[:pos]):
            continue
        if pos >= 0:
            key = (pos, -len(word), kind)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def _is_standalone_heading(line: Line) -> bool:
    """An unnumbered short line such as `今后改进措施：` or `存在问题`."""
    t = line.text
    if numbering(t) or len(t) > 20 or (t[-1] in "。.；;" ):
        return False
    core = t.rstrip("：:")
    return bool(core) and heading_kind(core) in ("problems", "measures") and not any(p in core for p in "，,。")


def find_sections(text: str, cut: ReportCut) -> list[Section]:
    lines = [ln for ln in split_lines(text, cut.start, cut.end) if not ln.blank]
    sections: list[Section] = []
    if not lines:
        return sections
    if cut.body_start > cut.start:
        sections.append(Section("title", cut.title, (cut.start, _line_end_before(lines, cut.body_start))))
    # (start offset, kind, heading, level)
    opens: list[tuple[int, str, str | None, int]] = []
    top_kind = "body"
    sub_level: int | None = None
    for ln in lines:
        if ln.end <= cut.body_start:
            continue
        num = numbering(ln.text)
        level = num[0] if num else None
        start = max(ln.start, cut.body_start)
        head = heading_part(ln) if level == 1 else heading_part(ln, 30) if level else None
        if level == 1 and head:
            top_kind = heading_kind(head) or "body"
            sub_level = None
            opens.append((start, top_kind, head, 1))
        elif level and level >= 2 and head == ln.text and ln.text[-1] not in "。.；;":
            kind = heading_kind(ln.text)
            if kind in ("problems", "measures"):
                sub_level = level
                opens.append((start, kind, ln.text, level))
            elif sub_level is not None and level <= sub_level:
                sub_level = None
                opens.append((start, top_kind, None, 1))
        elif _is_standalone_heading(ln):
            kind = heading_kind(ln.text) or top_kind
            opens.append((start, kind, ln.text, 9))
        elif not opens:
            opens.append((start, "body", None, 0))
    signoff_start = _signoff_start(lines, cut)
    ends = [o[0] for o in opens[1:]] + [signoff_start]
    for (start, kind, heading, _), end in zip(opens, ends, strict=False):
        if end > start:
            # the section ends at its last non-blank character
            stop = end
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            if sections and sections[-1].kind == kind and sections[-1].heading is None and heading is None:
                sections[-1] = Section(kind, sections[-1].heading, (sections[-1].span[0], stop))
            else:
                sections.append(Section(kind, heading, (start, stop)))
    if signoff_start < cut.end:
        sections.append(Section("signoff", None, (signoff_start, cut.end)))
    return sections


def _line_end_before(lines: list[Line], offset: int) -> int:
    end = lines[0].end
    for ln in lines:
        if ln.start >= offset:
            break
        end = ln.end
    return min(end, offset)


def _signoff_start(lines: list[Line], cut: ReportCut) -> int:
    """Trailing short lines with a date and/or the school's name (落款)."""
    start = cut.end
    seen_date = False
    for ln in reversed(lines[-3:]):
        t = ln.text
        if ln.start < cut.body_start or len(t) > 36:
            break
        if DATE_LINE.search(t):
            seen_date = True
            start = ln.start
        elif ORG_SUFFIX.search(t) and not numbering(t):
            start = ln.start
        else:
            break
    return start if seen_date or start < cut.end else cut.end
