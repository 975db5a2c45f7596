"""Numeric facts (观测值): every figure a report states about its school.

A figure is a number (any numeral style) with its unit and hedges; its indicator comes from
the cue phrase right before it ("在校学生127名"), or, after a measure word, the noun right
after it ("6个教学班").  Cue phrases come from the vocabulary (ontology/indicators.ttl);
this module holds only the structure: where a cue may sit, what separates it from the
number, and which figures are not facts about the school (quoted norms, county policy,
frequencies, dates, list numbering).  Figures nobody named in the vocabulary are kept as
`other:<cue>` so nothing the report states is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract import facts_rules as R
from ingest.extract.facts_table import extract_table_facts, table_line_spans
from ingest.extract.facts_vocab import Cue, Vocabulary, accepts, is_ratio, vocabulary
from ingest.extract.numbers import CN_NUMERAL_CHARS, NUMBER_PATTERN, parse_number
from ingest.records import Fact, Span

__all__ = ["extract_facts", "extract_table_facts", "find_mentions", "Mention"]

_UNIT_ALT = "|".join(re.escape(u) for u in sorted({*R.UNIT_CANON, *R.SKIP_UNITS}, key=len, reverse=True))
_POSTQ = "|".join(sorted(R.POST_QUALIFIERS, key=len, reverse=True))
_MENTION_RE = re.compile(
    rf"(?<![0-9A-Za-z_＿*＊.．])(?P<num>{NUMBER_PATTERN})"
    rf"(?:\s*(?P<sep>[:：∶])\s*(?P<num2>[0-9]+(?:\.[0-9]+)?|[{CN_NUMERAL_CHARS}]+))?"
    rf"(?![0-9_＿*＊xX])"
    rf"(?:\s?(?P<q1>{_POSTQ}))?(?:\s?(?P<unit>{_UNIT_ALT})(?![A-Za-z]))?"
    rf"(?P<q2>{_POSTQ})?"
)
# a masked figure ("20xx人", "_平方米"): no value, but it anchors a following "生均"
_MASKED_RE = re.compile(
    rf"(?<![0-9A-Za-z])[0-9]*[_＿xX*＊]+[0-9_＿xX*＊]*\s?(?P<unit>{_UNIT_ALT})")


@dataclass
class Mention:
    start: int  # absolute span of number .. unit .. trailing qualifier
    end: int
    num_start: int
    value: float | None  # None: masked
    unit: str | None  # canonical unit
    ratio: bool = False
    qualifier: str | None = None
    skip_unit: bool = False


def find_mentions(text: str, start: int, end: int) -> list[Mention]:
    """Every numeric (or masked) figure in text[start:end], in order."""
    out: list[Mention] = []
    for m in _MENTION_RE.finditer(text, start, end):
        raw = m.group("num")
        unit_raw = m.group("unit")
        is_cn = raw[0] in CN_NUMERAL_CHARS and not raw.startswith("百分之")
        if is_cn and not unit_raw and not m.group("sep"):
            continue  # a bare Chinese numeral is a word (一流, 三结合), not a figure
        skip_unit = unit_raw in R.SKIP_UNITS if unit_raw else False
        unit = None if skip_unit or not unit_raw else R.UNIT_CANON.get(unit_raw, unit_raw)
        value = parse_number(raw)
        if value is None:
            continue
        if unit == "元" and raw[-1] in "万亿":  # 6.8万元 stays 6.8 万元 (money convention)
            value = parse_number(raw[:-1])
            unit = raw[-1] + "元"
        qualifier = m.group("q1") or m.group("q2")
        if raw.startswith("百分之"):
            unit = "%"
        ratio = False
        if m.group("sep"):
            second = parse_number(m.group("num2"))
            if second is None or min(value, second) <= 0:
                continue
            value, ratio = max(value, second) / min(value, second), True
            unit = None
        out.append(Mention(m.start(), m.end(), m.start("num"), value, unit, ratio, qualifier, skip_unit))
    for m in _MASKED_RE.finditer(text, start, end):
        if not any(x.start <= m.start() < x.end for x in out):
            unit_raw = m.group("unit")
            if unit_raw in R.SKIP_UNITS:
                continue
            out.append(Mention(m.start(), m.end(), m.start(), None, R.UNIT_CANON.get(unit_raw, unit_raw)))
    out.sort(key=lambda x: x.start)
    return out


# --- spans not to read -----------------------------------------------------------------

def _quoted_spans(text: str, start: int, end: int) -> list[Span]:
    """Quoted passages and titles: a figure inside “…” or 《…》 belongs to someone else."""
    spans = []
    i = start
    while i < end:
        close = R.QUOTE_PAIRS.get(text[i])
        if close:
            j = text.find(close, i + 1, min(end, i + 80))
            nl = text.find("\n", i + 1, j if j > 0 else i + 1)
            if j > 0 and nl < 0:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(a <= pos < b for a, b in spans)


# --- context --------------------------------------------------------------------------

def _last_break(text: str, lo: int, hi: int, breaks: str) -> int:
    """Start of the stretch after the last break character in text[lo:hi]."""
    for i in range(hi - 1, lo - 1, -1):
        if text[i] in breaks:
            return i + 1
    return lo


def _strip_linkers(tail: str) -> tuple[str, str | None]:
    """Drop linking words at the end of a cue; return (cue, hedge found among them)."""
    hedge = None
    changed = True
    while changed and tail:
        changed = False
        for w in R.LINKERS:
            if tail.endswith(w) and not (w[0] == "均" and tail[-len(w) - 1:-len(w)] in ("生", "人", "班")):
                if w in R.PRE_QUALIFIERS and hedge is None:
                    hedge = w
                tail = tail[: -len(w)]
                changed = True
                break
    return tail, hedge


def _strip_subjects(tail: str) -> str:
    changed = True
    while changed and tail:
        changed = False
        for w in R.GENERIC_SUBJECTS:
            if tail.startswith(w):
                tail = tail[len(w):]
                changed = True
                break
        if tail and tail[0] in "、，,；;：: \t":
            tail, changed = tail[1:], True
    return tail


def _cues_by_last_char(vocab: Vocabulary) -> dict[str, tuple[Cue, ...]]:
    """Cues grouped by their last character, longest first: a phrase only needs the cues
    that can end it (the hot path of the reader)."""
    cached = _BY_LAST.get(id(vocab))
    if cached is None:
        groups: dict[str, list[Cue]] = {}
        for cue in vocab.cues:
            groups.setdefault(cue.label[-1], []).append(cue)
        cached = {k: tuple(v) for k, v in groups.items()}
        _BY_LAST[id(vocab)] = cached
    return cached


_BY_LAST: dict[int, dict[str, tuple[Cue, ...]]] = {}


def _cue_at_end(vocab: Vocabulary, tail: str, mention: Mention) -> Cue | None:
    if not tail:
        return None
    for cue in _cues_by_last_char(vocab).get(tail[-1], ()):
        if tail.endswith(cue.label) and accepts(cue.concept, mention.unit, mention.ratio):
            if cue.person and any(ch in R.PERSON_NOUN_END for ch in cue.label):
                before = tail[: -len(cue.label)]
                if before and before[-1] not in R.PERSON_CUE_PREV:
                    return None  # 一级教师, 男教师: a sub-count, not the total
            return cue
    return None


WHOLE_POPULATION = ("全部", "全体", "共计", "共", "都", "均", "人人")


def _cue_at_start(vocab: Vocabulary, phrase: str, mention: Mention) -> Cue | None:
    """The noun after a measure word: the whole phrase, or a noun followed by a word that
    says the count covers everyone ("583名学生全部参加…", "105位专任教师共计讲课…")."""
    for cue in vocab.cues:
        if not phrase.startswith(cue.label) or not accepts(cue.concept, mention.unit, mention.ratio):
            continue
        rest = phrase[len(cue.label):]
        if len(rest) <= 1 or rest.startswith(WHOLE_POPULATION):
            return cue
    return None


def _cue_inside(vocab: Vocabulary, phrase: str, mention: Mention) -> Cue | None:
    for cue in vocab.cues:
        if cue.label in phrase and accepts(cue.concept, mention.unit, mention.ratio):
            return cue
    return None


_NAME_JUNK = re.compile(r"[\s，,。；;：:、“”‘’\"'()（）《》\[\]【】]+")


def _other_name(phrase: str) -> str:
    name = _NAME_JUNK.sub("", phrase)[:16]
    return f"other:{name}" if name else "other:unlabelled"


@dataclass
class _Resolved:
    indicator: str
    quote_start: int
    quote_end: int
    unit: str | None
    base: str | None = None  # indicator id a following bare "生均" divides
    cued: bool = False  # named by a vocabulary cue (or a clear structure), not just nearby words


class _Reader:
    """Reads the figures of one report."""

    def __init__(self, text: str, start: int, end: int, skip: list[Span]):
        self.text = text
        self.start = start
        self.end = end
        self.vocab = vocabulary()
        self.skip = list(skip) + _quoted_spans(text, start, end)
        self._consumed_to = -1  # end of the noun the last figure took from its right

    def run(self) -> list[Fact]:
        text = self.text
        tables = table_line_spans(text, self.start, self.end)
        facts: list[Fact] = list(extract_table_facts(text, self.start, self.end, skip=self.skip))
        mentions = [m for m in find_mentions(text, self.start, self.end)
                    if not _inside(m.num_start, self.skip) and not _inside(m.num_start, tables)
                    and self._is_figure(m)]
        prev_in_sentence: list[tuple[Mention, _Resolved | None]] = []
        sentence_start = -1
        prev_end = self.start
        for k, m in enumerate(mentions):
            next_start = mentions[k + 1].num_start if k + 1 < len(mentions) else self.end
            s_start = _last_break(text, self.start, m.num_start, R.SENTENCE_BREAK)
            if s_start != sentence_start:
                sentence_start, prev_in_sentence = s_start, []
            resolved = self._resolve(m, max(prev_end, s_start), prev_in_sentence, next_start)
            prev_end = m.end
            prev_in_sentence.append((m, resolved if not isinstance(resolved, list) else None))
            if isinstance(resolved, _Resolved):
                prev_end = max(prev_end, resolved.quote_end)
            if not resolved or m.value is None:
                continue
            for r in resolved if isinstance(resolved, list) else [resolved]:
                facts.append(Fact(
                    indicator=r.indicator, value=round(m.value, 4), unit=r.unit,
                    quote=text[r.quote_start:r.quote_end], span=(r.quote_start, r.quote_end),
                    qualifier=m.qualifier))
        return _dedupe(facts, text)

    # -- one mention ---------------------------------------------------------------------

    def _is_figure(self, m: Mention) -> bool:
        """Structural filters: list numbering, ranges, ordinals, event units, articles."""
        text = self.text
        if m.skip_unit:
            return False
        before = text[max(self.start, m.num_start - 2):m.num_start]
        nxt = text[m.end:m.end + 1]
        if m.unit is None and not m.ratio and nxt and nxt in R.ITEM_NUMBER_NEXT:
            return False
        if before[-1:] in ("每", "第", "+", "＋") or re.search(r"[0-9一二三四五六七八九十][-—－~～至到]$", before):
            return False
        if m.value == 1 and text[m.num_start] == "一" and before[-1:] in R.ONE_ARTICLE_PREV:
            return False
        return True

    def _sentence_is_policy(self, pos: int) -> bool:
        s = _last_break(self.text, self.start, pos, R.SENTENCE_BREAK)
        e = pos
        while e < self.end and self.text[e] not in R.SENTENCE_BREAK:
            e += 1
        return bool(R.POLICY_SCOPE.search(self.text, s, e))

    def _resolve(self, m: Mention, left_limit: int, prev: list, next_start: int):
        text = self.text
        if self._sentence_is_policy(m.num_start):
            return None
        full_start = _last_break(text, left_limit, m.num_start, R.CLAUSE_BREAK)
        clause_start = max(full_start, m.num_start - 18)
        marker = R.ITEM_MARKER.match(text, clause_start, m.num_start)
        if marker and marker.end() < m.num_start:
            clause_start = marker.end()
        raw_left = text[clause_start:m.num_start]
        # "班额：最小班额26人": a heading before a colon is not the cue, unless nothing follows it
        colon = max(raw_left.rfind("："), raw_left.rfind(":"))
        if colon >= 0 and _strip_linkers(raw_left[colon + 1:])[0].strip():
            clause_start += colon + 1
            raw_left = raw_left[colon + 1:]
        clause_end = m.end
        while clause_end < self.end and text[clause_end] not in R.CLAUSE_BREAK and clause_end - m.end < 30:
            clause_end += 1
        right_all = text[m.end:clause_end]
        if self._is_norm(m, raw_left, right_all):
            return None
        if R.AWARD_LEFT.search(raw_left) or R.AWARD_RIGHT.match(right_all):
            return None
        if m.unit in R.MEASURE_UNITS and R.FREQUENCY.search(raw_left):
            return None
        if not raw_left.strip() and self._consumed_to >= m.num_start and not self._right_phrase(m, next_start):
            return None  # "450平方米操场一个": the noun already went with the figure before
        if m.unit == "米" and (m.qualifier in ("以内",) or R.DISTANCE_ZONE.match(right_all)):
            return None

        # -- years --
        if m.unit == "年":
            return self._year(m, raw_left)

        right = self._right_phrase(m, next_start)
        right_end = m.end + len(right)
        right_closed = right_end >= self.end or text[right_end] in R.RIGHT_STOP

        # the cue: what is left of the number after linking words
        tail, hedge = _strip_linkers(raw_left)
        if hedge and not m.qualifier:
            m.qualifier = hedge
        if m.unit is None and not m.ratio:
            # a unitless figure is only a rate ("辍学率为0")
            if not tail.endswith("率"):
                return None
            m.unit = "%"

        # enumerations: "入学率、巩固率均为100%", "微机室、多功能教室各一间"
        full_tail = _strip_linkers(text[full_start:m.num_start])[0]
        items = [p for p in full_tail.split("、") if p]
        if len(items) >= 2 and len(full_tail) <= 60 and (
                m.unit == "%" and items[-1].endswith("率") or re.search(r"(各|均|都)$", raw_left.rstrip())):
            return self._enumeration(m, full_tail, full_start)

        seg_start = tail.rfind("、") + 1
        resolved = self._classify(m, raw_left[seg_start:], clause_start + seg_start, right, right_closed, prev,
                                  clause_start)
        if resolved is not None and text[m.num_start] in CN_NUMERAL_CHARS and not resolved.cued \
                and m.unit in R.MEASURE_UNITS \
                and not (not right or not _strip_subjects(tail) and right_closed and "的" not in right):
            return None  # a Chinese numeral in running prose ("推向一个高潮") is a word, not a count
        if resolved is not None:
            resolved.quote_start = min(resolved.quote_start, m.num_start)
            resolved.quote_end = max(resolved.quote_end, m.end)
            self._consumed_to = resolved.quote_end if resolved.quote_end > m.end else -1
        return resolved

    def _right_phrase(self, m: Mention, next_start: int) -> str:
        """The words right after a figure, up to a break or the next figure."""
        text, right_end = self.text, m.end
        limit = min(self.end, next_start, m.end + 12)
        while right_end < limit and text[right_end] not in R.RIGHT_STOP and not text[right_end].isdigit():
            right_end += 1
        return text[m.end:right_end]

    def _is_norm(self, m: Mention, left: str, right: str) -> bool:
        if R.NORM_AFTER.search(right) or R.NORM_RIGHT_BEFORE.search(left):
            return True
        if m.ratio and R.NORM_RATIO.search(left):
            return True
        return bool(R.NORM_CONTEXT.search(left) and R.NORM_COMPARATOR.search(left))

    def _year(self, m: Mention, raw_left: str):
        v = m.value
        if v is not None and 1900 <= v <= 2100 and float(v).is_integer():
            # a year is a fact only as the founding year
            window_start = max(_last_break(self.text, self.start, m.num_start, "，,；;。！？!?\n"),
                               m.num_start - 16)
            window = self.text[window_start:m.num_start]
            for cue in self.vocab.cues:
                if cue.concept.id == "founded_year" and cue.label in window:
                    q = window_start + window.rfind(cue.label)
                    return _Resolved("founded_year", q, m.end, "年", cued=True)
            return None
        if re.search(r"(已达|已有|长达|历经|已经)$", raw_left):
            tail = _strip_subjects(_strip_linkers(raw_left)[0])
            q = m.num_start - len(raw_left) + raw_left.find(tail) if tail else m.num_start
            return _Resolved(_other_name(tail + "年数"), q, m.end, "年", cued=True)
        return None

    def _enumeration(self, m: Mention, tail: str, clause_start: int) -> list[_Resolved]:
        out = []
        quote_start = clause_start + len(tail) - len(_strip_subjects(tail))
        for item in tail.split("、"):
            item = _strip_subjects(_strip_linkers(item)[0])
            if not item or (m.unit == "%" and not item.endswith("率")):
                continue
            cue = _cue_at_end(self.vocab, item, m)
            ind = self.vocab.fact_id(cue.concept) if cue else _other_name(item)
            out.append(_Resolved(ind, quote_start, m.end, m.unit, cued=True))
        return out

    def _classify(self, m: Mention, cue_text: str, cue_offset: int, right: str, right_closed: bool,
                  prev: list, clause_start: int):
        vocab = self.vocab
        unit = "x:1" if m.ratio else m.unit
        # candidate cue strings, least stripped first: "每百名学生拥有" must survive "有"
        raw = cue_text
        stripped, _ = _strip_linkers(raw)
        subject_less = _strip_subjects(stripped)

        def left(cue: Cue, phrase: str) -> _Resolved:
            q = cue_offset + raw.rfind(cue.label) if cue.label in raw else cue_offset
            ind = vocab.fact_id(cue.concept)
            if is_ratio(cue.concept):
                return _Resolved(ind, q, m.end, cue.concept.unit, cue.concept.id, cued=True)
            if cue.concept.id == "avg_class_size" and m.qualifier in R.UPPER_BOUND:
                ind = "max_class_size"  # "班额均不超过45人" bounds every class
            return _Resolved(ind, q, m.end, unit, cue.concept.id, cued=True)

        # 1. a cue right before the number
        for phrase in dict.fromkeys((raw.rstrip(), stripped, subject_less)):
            if phrase:
                cue = _cue_at_end(vocab, phrase, m)
                if cue:
                    if R.SHORTFALL_END.search(stripped):
                        break
                    return left(cue, phrase)
        if R.SHORTFALL_END.search(stripped):
            q = cue_offset + len(raw) - len(raw.lstrip()) + (len(stripped) - len(subject_less))
            q_end = m.end + (len(right) if m.unit in R.MEASURE_UNITS else 0)
            return _Resolved(_other_name(subject_less + right), q, q_end, unit, None, cued=True)
        # "…图书阅览室等13个专用教室": the list before 等 is not the cue
        if stripped.endswith("等"):
            subject_less = ""
            cue_offset = cue_offset + len(stripped) - 1
        # 2. a noun right after a measure word ("6个教学班", "60米直跑道", "450平方米操场")
        if right and (not subject_less or m.unit in ("米", "平方米")):
            rc = _cue_at_start(vocab, right, m) or (
                _cue_inside(vocab, right, m) if m.unit in ("米", "平方米") and len(right) <= 8 else None)
            if rc:
                return _Resolved(vocab.fact_id(rc.concept), cue_offset + len(raw) - len(raw.lstrip()),
                                 m.end + len(right), unit, rc.concept.id, cued=True)
        # 3. "生均" / "X生均": per student of the figure just stated
        for word in ("生均", "人均"):
            if subject_less.endswith(word):
                base_text = subject_less[: -len(word)]
                q = cue_offset + raw.find(subject_less) if subject_less in raw else cue_offset
                return self._per_student(m, base_text, q, prev, unit)
        # 4. books are the only thing counted in 册
        if m.unit == "册":
            cue = _cue_inside(vocab, subject_less, m)
            if cue:
                return left(cue, subject_less)
        # 5. anything else: keep it under the words that introduce it ("…拼成的2张实验桌")
        if "的" in subject_less and (right or subject_less.rfind("的") < len(subject_less) - 1):
            after = subject_less[subject_less.rfind("的") + 1:]
            if after or right:
                subject_less = after
        q_start = cue_offset + (raw.rfind(subject_less) if subject_less else len(raw))
        q_end = m.end
        with_right = bool(right) and (m.unit in R.MEASURE_UNITS or m.unit == "%" or not subject_less)
        if with_right:
            q_end = m.end + len(right)
        if subject_less:
            name = subject_less + (right if with_right and len(subject_less) <= 4 else "")
            return _Resolved(_other_name(name), q_start, q_end, unit, None, cued=False)
        if right:
            return _Resolved(_other_name(right), q_start, q_end, unit, None, cued=False)
        # no words at all ("…工程，大约160余万元"): name it after the clause before
        before = self.text[max(self.start, clause_start - 9):max(self.start, clause_start - 1)]
        return _Resolved(_other_name(before), cue_offset + len(raw) - len(raw.lstrip()), m.end, unit, None,
                         cued=False)

    def _per_student(self, m: Mention, base_text: str, quote_start: int, prev: list, unit):
        vocab = self.vocab
        base_text = _strip_subjects(_strip_linkers(base_text)[0])
        if base_text:
            cue = next((c for c in vocab.cues if base_text.endswith(c.label)), None)
            per = vocab.per_student.get(cue.concept.id) if cue else None
            if per is not None and accepts(per, m.unit, m.ratio):
                return _Resolved(vocab.fact_id(per), quote_start, m.end, unit, per.id, cued=True)
            return _Resolved(_other_name(base_text + "生均"), quote_start, m.end, unit, None, cued=True)
        for pm, presolved in reversed(prev):
            if _unit_family(pm.unit) != _unit_family(m.unit) and m.unit != "册":
                continue
            if presolved is None:
                break
            per = vocab.per_student.get(presolved.base or "")
            if per is not None and accepts(per, m.unit, m.ratio):
                return _Resolved(vocab.fact_id(per), quote_start, m.end, unit, per.id, cued=True)
            if presolved.indicator.startswith("other:"):
                return _Resolved(presolved.indicator + "生均", quote_start, m.end, unit, None, cued=True)
            break
        for per in vocab.per_student.values():  # 生均…册 can only be books
            if m.unit == "册" and accepts(per, m.unit, m.ratio):
                return _Resolved(vocab.fact_id(per), quote_start, m.end, unit, per.id, cued=True)
        return _Resolved(_other_name("生均"), quote_start, m.end, unit, None, cued=True)


def _unit_family(unit: str | None) -> str | None:
    """万元 and 元 measure the same thing; so do 平方米 and its spellings."""
    return {"万元": "元", "平米": "平方米", "㎡": "平方米", "m2": "平方米"}.get(unit or "", unit)


def _is_contract_id(cue: Cue) -> bool:
    return "true" in cue.concept.extra.get("contract", [])


def _dedupe(facts: list[Fact], text: str) -> list[Fact]:
    """Each distinct (indicator, value) once per report; the tightest quote is kept.

    A short `other:` name ("合格率", "使用面积") says little on its own, so for those the words
    just before the quote are part of the identity: 音乐…优秀率30% and 美术…优秀率30% stay two.
    """
    best: dict[tuple, Fact] = {}
    for f in sorted(facts, key=lambda f: f.span):
        key: tuple = (f.indicator, round(f.value, 4), f.school)
        if f.indicator.startswith("other:") and len(f.indicator) <= len("other:") + 4:
            key += (text[max(0, f.span[0] - 8):f.span[0]],)
        kept = best.get(key)
        if kept is None or len(f.quote) < len(kept.quote):
            best[key] = f
    return sorted(best.values(), key=lambda f: f.span)


def extract_facts(text: str, start: int, end: int, *, skip: list[tuple[int, int]] | tuple = ()) -> list[Fact]:
    """The figures one report states about its school.

    `text` is the document's normalised text and [start, end) one report; spans in the
    result are absolute (text[f.span[0]:f.span[1]] == f.quote).  `skip` lists spans not to
    read (quoted standards, an embedded report handled elsewhere).
    """
    start, end = max(0, start), min(len(text), end)
    if start >= end:
        return []
    facts = _Reader(text, start, end, list(skip)).run()
    printed = reported_cvs(text, start, end)
    taken = {f.span for f in printed}
    # a figure read as the indicator itself from "…面积差异系数为0.11" is the CV, not the area
    facts = [f for f in facts if not any(a <= f.span[0] < b for a, b in taken)]
    return facts + printed


_CV = re.compile(r"差异系数(?:分别)?(?:为|是|达到|仅为|只有|：|:)?\s*(0?\.\d+|\d\.\d+)")


def reported_cvs(text: str, start: int, end: int) -> list[Fact]:
    """差异系数 a county report prints for an indicator ("生均图书差异系数为0.06"), kept as
    `other:cv_<indicator>` so the graph can set them beside the enrolment-weighted ones."""
    vocab = vocabulary()
    out: list[Fact] = []
    for m in _CV.finditer(text, start, end):
        head = text[max(start, m.start() - 24): m.start()]
        cue = next((c for c in vocab.cues if head.endswith(c.label)), None)
        if cue is None:
            continue
        q0 = m.start() - len(cue.label)
        out.append(Fact(indicator=f"other:cv_{cue.concept.id}", value=float(m.group(1)), unit=None,
                        quote=text[q0: m.end()], span=(q0, m.end())))
    return out
