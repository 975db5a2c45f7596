"""Cut reports into passages (paragraphs, list items, sentences of long paragraphs).

Passages are the unit of matching: all words of a question should meet in one passage, and
a short passage keeps highlighting cheap.  Each passage is tagged with its section kind and
with the problem categories of the problem spans it overlaps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.records import Document, Report

MAX_PASSAGE = 160  # characters; longer paragraphs are cut at sentence ends
SECTION_OF_KIND = {"title": "other", "signoff": "other"}
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』)）]*")
_LINE = re.compile(r"[^\n]+")


@dataclass
class Passage:
    text: str
    start: int  # document offsets [start, end)
    end: int
    section: str
    categories: tuple[str, ...]
    problem: bool  # overlaps a problem span of the extraction


def _pieces(line: str, offset: int) -> Iterator[tuple[int, int]]:
    """Sentence-sized pieces of one line, as absolute [start, end)."""
    if len(line) <= MAX_PASSAGE:
        yield offset, offset + len(line)
        return
    piece_start = 0
    for m in _SENTENCE_END.finditer(line):
        cut = m.end()
        if cut - piece_start >= MAX_PASSAGE // 3 or cut == len(line):
            yield offset + piece_start, offset + cut
            piece_start = cut
    start = piece_start
    while start < len(line):
        end = min(len(line), start + 2 * MAX_PASSAGE)
        yield offset + start, offset + end
        start = end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def report_passages(doc: Document, report: Report) -> list[Passage]:
    """Passages of one report, in document order, with spans into `doc.text`.

    Each problem statement stays a passage of its own; other short lines of one section
    (headings, list items) are joined up to MAX_PASSAGE characters, which keeps the passage
    count (and whoosh's per-document cost) down without blurring what a problem says.
    """
    r0, r1 = report.span
    text = doc.text
    sections = sorted(report.sections, key=lambda s: s.span[0])
    problems = sorted(report.problems, key=lambda p: p.span[0])
    out: list[Passage] = []
    for m in _LINE.finditer(text, r0, r1):
        for s, e in _pieces(m.group(), m.start()):
            s, e = _trim(text, s, e)
            if not any(ch.isalnum() for ch in text[s:e]):
                continue
            kind = "other"
            for sec in sections:
                if sec.span[0] <= s < sec.span[1]:
                    kind = SECTION_OF_KIND.get(sec.kind, sec.kind)
                    break
            overlapping = [p for p in problems if p.span[0] < e and s < p.span[1]]
            cats = tuple(dict.fromkeys(p.category for p in overlapping if p.category))
            last = out[-1] if out else None
            if (
                last is not None
                and not overlapping
                and not last.problem
                and last.section == kind
                and e - last.start <= MAX_PASSAGE
            ):
                last.end = e
                last.text = text[last.start : e]
                continue
            out.append(Passage(text[s:e], s, e, kind, cats, bool(overlapping)))
    return out
