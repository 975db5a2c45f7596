"""Which problem categories a question asks about, read with the extractor's own cues.

The extraction files every problem statement under a category of ontology/problems.ttl by
its cues (jh:cue, "…" = a gap of up to 8 characters) and labels.  Reading the question with
the same cues links a paraphrase to the statements it means even when they share no word
("课桌椅破旧" -> furniture -> "旧桌椅，高度不能调节").  Cues are matched on the question and,
more weakly, on the synonyms of its words ("钱" -> 经费 -> funding).  A cue that only
matches a qualifier of the question (陈旧 in "图书陈旧") says nothing about the subject and is
ignored, so "图书陈旧" means books, not ageing buildings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SYNONYM_MATCH = 0.7  # a cue found only in a synonym of a question word counts this much
INSIDE_WORD = 0.5  # a cue starting inside a question word counts this much
SUBJECT_FLOOR = 0.3  # strength of a category whose cues explain none of the subject words
GAP = "(.{0,8}?)"  # the "…" of a cue: up to 8 characters between its two words
# a gap cue whose gap holds another subject word of the question joins words that do not
# belong together: in 宿舍里一点热乎气都没有, 没有 is said of 热乎气, not of 宿舍
GAP_ACROSS_WORD = 0.3
# "the place for X": a question naming a place word asks for the room or ground of X, which
# reports name by a compound of X and a place suffix (做实验的地方 -> 实验室, 上体育课的场地 ->
# 体育场地, 体育馆).  Chinese compounds are head-final, so the compound is X + suffix.
PLACE_WORDS = ("地方", "场地", "场所", "地点", "空间", "房间", "屋子", "位置")
PLACE_SUFFIXES = ("室", "场", "馆", "场地", "场所", "教室", "用房")


@dataclass(frozen=True)
class CuePattern:
    category: str
    pattern: re.Pattern[str]
    weight: float  # characters the cue names (+1 for a gap cue: two words agreeing)
    gap: bool = False  # two words with up to 8 characters between them


def _cue_regex(cue: str, qualifier_groups: tuple[tuple[str, ...], ...]) -> str:
    """A cue as a regex; a qualifier ending it stands for its whole group ("用房…不足" also
    reads "用房紧缺"): qualifiers of one group say the same thing."""
    rx = re.escape(cue).replace("…", GAP)
    for group in qualifier_groups:
        for q in sorted(group, key=len, reverse=True):
            stem = cue[: -len(q)].rstrip("…")
            if cue.endswith(q) and len(stem) >= 2:
                gap = GAP if cue[: -len(q)].endswith("…") else ""
                words = "|".join(re.escape(w) for w in sorted(group, key=len, reverse=True))
                return re.escape(stem).replace("…", GAP) + gap + f"(?:{words})"
    return rx


def cue_patterns(
    qualifier_groups: tuple[tuple[str, ...], ...] = (),
) -> tuple[tuple[CuePattern, ...], dict[str, str | None], dict[str, tuple[str, ...]]]:
    """Compiled cues and labels of every problem category, each category's broader one, and
    its gap-free cues (words whose presence in a passage speaks of the category)."""
    import ontology

    pats, broader, words = [], {}, {}
    for cid, concept in ontology.problem_categories().items():
        broader[cid] = concept.broader
        cues = {*concept.extra.get("cue", ()), *concept.labels, *concept.hidden_labels}
        words[cid] = tuple(sorted(c for c in concept.extra.get("cue", ()) if "…" not in c and len(c) >= 2))
        for cue in sorted(cues):
            if len(cue.replace("…", "")) < 2:
                continue  # 灯, 册: too short to name a subject in a question
            rx = re.compile(_cue_regex(cue, qualifier_groups))
            pats.append(CuePattern(cid, rx, len(cue.replace("…", "")) + (1 if "…" in cue else 0), "…" in cue))
    return tuple(pats), broader, words


@dataclass(frozen=True)
class QuestionWord:
    start: int
    end: int
    qualifier: bool  # 不足, 太小 …: a cue inside it says nothing about the subject
    variants: tuple[str, ...] = ()  # its synonyms, as text
    part: bool = False  # a group cut out of a longer question word (冷 of 太冷)


def _place_compounds(text: str, words: list[QuestionWord]) -> list[tuple[str, set[int]]]:
    """(X + place suffix, the characters of X and of the place word) for each subject word X
    of a question that names a place word (see PLACE_WORDS), X's leading parts included."""
    place = next(((w.start, w.end) for w in words if text[w.start : w.end] in PLACE_WORDS), None)
    if place is None:
        return []
    out = []
    for w in words:
        if w.qualifier or (w.start, w.end) == place:
            continue
        for end in range(w.end, w.start + 1, -1):  # 体育课, 体育
            span = set(range(w.start, end)) | set(range(*place))
            out.extend((text[w.start : end] + suffix, span) for suffix in PLACE_SUFFIXES)
    return out


class QuestionCategoriser:
    def __init__(self, qualifier_groups: tuple[tuple[str, ...], ...] = ()) -> None:
        try:
            self.patterns, self.broader, self.cue_words = cue_patterns(qualifier_groups)
        except Exception:  # a broken vocabulary must not take search down
            self.patterns, self.broader, self.cue_words = (), {}, {}

    def _scores(self, text: str, words: list[QuestionWord]) -> tuple[dict[str, float], dict[str, set[int]]]:
        """Category -> summed cue weight, and the question characters its cues explain."""
        found: dict[str, float] = {}
        covered: dict[str, set[int]] = {}
        qualifier_spans = [(w.start, w.end) for w in words if w.qualifier]
        # Chinese compounds are head-final: a cue starting inside a word of the question
        # names that word's head only (教室 of 计算机教室), a broader thing than it asks
        inside = {i for w in words if not w.part for i in range(w.start + 1, w.end)}
        places = _place_compounds(text, words)
        hits: list[tuple[float, str, frozenset[int]]] = []
        subject_words = [(w.start, w.end) for w in words if not w.qualifier and not w.part]

        def across(m: re.Match) -> bool:
            """Does a gap of this match hold a whole subject word of the question?"""
            gaps = [m.span(i) for i in range(1, (m.re.groups or 0) + 1) if m.span(i)[0] < m.span(i)[1]]
            return any(a <= s and e <= b for a, b in gaps for s, e in subject_words)

        for p in self.patterns:
            best, chars = 0.0, set()
            for m in p.pattern.finditer(text):
                if not any(a <= m.start() and m.end() <= b for a, b in qualifier_spans):
                    weight = p.weight * (INSIDE_WORD if m.start() in inside else 1.0)
                    weight *= GAP_ACROSS_WORD if p.gap and across(m) else 1.0
                    if weight > best:
                        best, chars = weight, set(range(m.start(), m.end()))
                    if m.start() not in inside:
                        break
            if not best:
                for w in words:
                    for v in () if w.qualifier else w.variants:
                        m = p.pattern.search(v)
                        weight = p.weight * SYNONYM_MATCH * (INSIDE_WORD if m and m.start() > 0 else 1.0)
                        if m and weight > best:
                            best, chars = weight, set(range(w.start, w.end))
            if not best and p.gap:
                # one word read as its synonym, the other as written ("专门的老师" -> 专职…老师)
                for w in words:
                    for v in () if w.qualifier else w.variants:
                        m = p.pattern.search(text[: w.start] + v + text[w.end :])
                        if m and m.start() < w.start + len(v) and m.end() > w.start:
                            shift = len(v) - (w.end - w.start)
                            outside = range(m.start(), min(m.end(), w.start)), range(w.start + len(v), m.end())
                            chars = set(range(w.start, w.end)) | set(outside[0]) | {i - shift for i in outside[1]}
                            inner = w.start < m.start() < w.start + len(v)
                            best = p.weight * SYNONYM_MATCH * (INSIDE_WORD if inner else 1.0)
                            break
                    if best:
                        break
            if not best:
                for compound, span in places:
                    if p.pattern.fullmatch(compound):
                        best, chars = p.weight * SYNONYM_MATCH, span
                        break
            if best:
                hits.append((best, p.category, frozenset(chars)))
        # the same words of the question count once per category: its labels 教室不够,
        # 教室紧缺 and its cue 教室…不足 all read "教室太少", which is one piece of evidence
        for best, category, chars in sorted(hits, key=lambda h: (-h[0], h[1], sorted(h[2]))):
            seen = covered.setdefault(category, set())
            if chars and chars <= seen:
                continue
            found[category] = found.get(category, 0.0) + best
            seen.update(chars)
        for cid, parent in self.broader.items():
            if parent and found.get(cid):
                found[cid] += found.get(parent, 0.0)
                covered[cid] |= covered.get(parent, set())
        return found, covered

    def strengths(self, text: str, words: list[QuestionWord]) -> dict[str, float]:
        """Category -> 0..1.  Relative to the best-explained category, times how much of the
        question's subject its cues explain ("班额45人" asks for a figure more than a problem)."""
        found, covered = self._scores(text, words)
        if not found:
            return {}
        subject = {i for w in words if not w.qualifier for i in range(w.start, w.end)}
        top = max(found.values())
        out = {}
        for c, v in found.items():
            if v < 0.5 * top:
                continue
            explained = len(covered.get(c, set()) & subject) / len(subject) if subject else 1.0
            out[c] = round(v / top * min(1.0, SUBJECT_FLOOR + explained), 3)
        return out
