"""Matching, ranking, grouping by report, facets and highlighting for one question.

Design (measured on the seed questions, see bench/ and the final report of the search work):

- Every concept group g of the question (search/query.py) has the set G_g of passages holding
  one of its alternatives, and an idf weight w_g = ln(1 + N / (1 + |G_g|)).  A passage's
  coverage is the weighted share of the question's groups it holds: all words matter, rare
  ones more than 学生 or 不足.
- A passage *matches* when its coverage is >= 0.6 (AND-like, tolerant of one generic word
  missing), or >= 0.3 if it is a problem statement, or > 0 if it carries a problem category the
  question names (冬季取暖 -> heating).  This keeps paraphrases (OR-like recall) without letting
  passing mentions flood the result (they are neither problems nor fully covered).
- Score = coverage + PROBLEM_BONUS for problem statements + CATEGORY_BONUS x strength for a
  named category.  A report scores its best passage plus a small bonus per further matching
  passage.  Facets are counted over every matching report, after filters.

Paraphrases (auditors ask "which schools report this problem?" in their own words):

- Qualifier groups (不足, 太小, 陈旧 — search/vocabulary.py) keep QUALIFIER_WEIGHT of their idf:
  every problem statement says "lacking", so 操场太小 is about the ground, not about 小.
- A one-character question word (煤, 冷) also matches, as a related phrase, the index words
  holding it that problem statements use most (燃煤, 煤炉); the characters of a word the
  reports never use (烧煤) do so more weakly (LOOSE_STRENGTH) and never make a match alone.
- The question's categories come from the extractor's own cues (search/categories.py) as
  well as from label coverage.  From CATEGORY_ALONE on, every statement of the category is a
  candidate, and it earns CATEGORY_FLOOR of the bonus without sharing a word; a statement
  filed under another category that names the asked one's cue words earns CUE_SHARE of it.
- A noun phrase of the question (物理化学老师) asks for its head: a passage holding its
  modifiers but not the head (物理、化学实验室) keeps HEADLESS of its coverage.
- Outside the problems, coverage counts BODY_SHARE: a report's problem statement beats its
  passing mention ("更换了破旧的课桌椅").  A question naming a figure (班额45人) is a look-up,
  where this preference is relaxed.  An approximate figure (五十多个, search/figures.py) matches
  the index's numbers in its range and weighs FIGURE_WEIGHT times its idf.
- A question no passage holds enough of shows the problem statements holding the most of it,
  rather than nothing.
- A broader kind of room, building or subject (专用教室, 楼房, 艺术) also matches its narrower
  kinds (实验室, 综合楼, 音乐) as related phrases, the rarest first, until they hold
  NARROWER_BUDGET of the passages: each costs a posting list, and a common one tells least.
  A collective (课桌椅, 音体美) is the other way round: it names each of its members, so a
  question about chairs or music teachers matches it in full (search/query.py).
- A question naming one school level (初中班额) ranks schools judged as another level (kg/levels.py:
  a nine-year school is both) OTHER_LEVEL_PENALTY lower, without dropping them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from kg.levels import judged_as, level_id
from search import idsets
from search.analysis import MODIFIER
from search.highlight import fragment
from search.index import META_KEYS, PASSAGE_FACETS, PASSAGE_FILTERS, REPORT_FACETS, REPORT_FILTERS
from search.query import RELATED_STRENGTH

if TYPE_CHECKING:
    from search.index import SearchIndex, View

QUALIFIER_WEIGHT = 0.35  # share of its idf weight a qualifier group (不足, 太小) keeps
LOOSE_STRENGTH = 0.5  # a word holding a character of a question word the reports never use
CHAR_WORDS = 12  # a one-character question word also matches this many index words holding it
CHAR_WORD_SHARE = 0.03  # ... each in at most this share of the passages
FULL_MATCH = 0.6  # coverage needed by any passage
PROBLEM_MATCH = 0.3  # coverage needed by a problem statement
PROBLEM_BONUS = 0.35
CATEGORY_BONUS = 0.6
CATEGORY_FLOOR = 0.6  # share of the category bonus a statement gets without sharing a word
BODY_SHARE = 0.65  # coverage of a passage outside the problems counts this much
EXTRA_PASSAGE_BONUS = 0.03  # per further matching passage of the same report, up to 4
CUE_SHARE = 0.5  # a problem passage filed elsewhere that names the asked category's cues
CATEGORY_ALONE = 0.5  # category strength from which tagged passages match without shared words
HEADLESS = 0.7  # coverage kept by a passage holding a noun phrase's modifiers but not its head
NARROWER_BUDGET = 0.05  # narrower kinds are read until they hold this share of the passages
NARROWER_MIN_BUDGET = 200  # ... or this many passages, in a small corpus
FIGURE_WEIGHT = 1.5  # an approximate figure (五十多个) is the most specific thing a question says
OTHER_LEVEL_PENALTY = 0.3  # a question naming 初中 asks about junior schools, not primary ones
PASSAGES_PER_HIT = 3
SHOWN_SHARE = 0.6  # further passages are shown when they score this share of the best one


EPS = 1e-6


def _holding(view: View, alternatives: list[tuple[str, ...]], loose: bool) -> np.ndarray:
    """Sorted ids of passages holding every term of some alternative (loose: also as ~modifier)."""
    found = []
    for alt in alternatives:
        arrays = [view.ids_loose(t) if loose else view.ids("text", t) for t in alt]
        if arrays and all(len(a) for a in arrays):
            found.append(idsets.intersect(arrays, view.size))
    return idsets.union(found, view.size)


def _tables(view: View, parser) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-passage tables every question uses, built once per view (the first question after
    opening pays, or a warm-up): (states a problem the extraction found, in the problems
    section or states one, belongs to a report).  Facet tables and the passages of the
    qualifier groups (不足 and its synonyms: nearly every question has one) are built too."""
    view.prepare()
    for group in parser.vocabulary.synonym_groups:
        if set(group) <= parser.vocabulary.qualifiers:
            for g in parser.parse(group[0], doc_frequency=lambda t: view.doc_frequency("text", t)).groups:
                _group_passages_memo(view, g)
    stated = view.flag("problem", "1")
    in_problems = view.flag("section", "problems") | stated
    has_report = view.report_of >= 0
    for field in REPORT_FACETS:
        view.codes(field)
    for field in PASSAGE_FACETS:
        view.passage_bits(field)
    return stated, in_problems, has_report


def _group_passages_memo(view: View, g) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_group_passages`, once per view for a set of alternatives (不够 and 不足 share one)."""
    key = ("group", frozenset(g.alternatives), frozenset(g.related), frozenset(g.loose))
    return view.memo(key, lambda: _group_passages(view, g))


def _group_passages(view: View, g) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Passages holding a concept group: as its words or synonyms (strong), as modifiers or
    related phrases (weak), as words widened from unknown ones (loose); disjoint sets."""
    strong = _holding(view, g.alternatives, False)
    weak = idsets.union([_holding(view, g.alternatives, True), _holding(view, g.related, True)], view.size)
    weak = idsets.without(weak, [strong], view.size)
    loose = idsets.without(_holding(view, g.loose, True), [strong, weak], view.size)
    return strong, weak, loose


class _Universe:
    """The passages a question touches, as the slots of its per-passage arrays.

    Few touched passages: arrays aligned with their sorted ids (binary search to place a
    posting list).  Many (a question with 学生 or 教师): one slot per passage of the index,
    where placing is plain indexing and cheaper than searching."""

    DENSE_SHARE = 0.2  # from this share of the index on, use a slot per passage

    def __init__(self, view: View, touched: list[np.ndarray]):
        # the summed lengths bound the union from above: no need to merge when it is large
        self.dense = sum(len(a) for a in touched) >= self.DENSE_SHARE * view.size
        self.touched = idsets.EMPTY if self.dense else idsets.union(touched, view.size)
        self.view = view
        self.size = view.size if self.dense else len(self.touched)

    def at(self, ids: np.ndarray) -> np.ndarray:
        """Slots of `ids` (all of them touched)."""
        return ids if self.dense else np.searchsorted(self.touched, ids)

    def slots(self, ids: np.ndarray) -> np.ndarray:
        """Slots of those of `ids` that are touched."""
        return ids if self.dense else np.flatnonzero(idsets.member(self.touched, ids, self.view.size))

    def take(self, per_passage: np.ndarray) -> np.ndarray:
        """Per slot, the value of an array with a slot per passage."""
        return per_passage if self.dense else per_passage[self.touched]

    def ids(self, slots: np.ndarray) -> np.ndarray:
        return slots if self.dense else self.touched[slots]

    def marks(self, arrays) -> np.ndarray:
        """Per slot: is it in one of `arrays` (touched ids)."""
        m = np.zeros(self.size, dtype=bool)
        for ids in arrays:
            m[self.at(ids)] = True
        return m


def _words_with_char(view: View, ch: str, stated: np.ndarray) -> list[tuple[str, ...]]:
    """Index words holding a one-character question word (煤 -> 燃煤, 煤炉), the ones most
    used in problem statements first: a single character is rarely a word of its own in
    report text, but it is how people ask."""
    if not ("\u4e00" <= ch <= "\u9fff"):
        return []
    # document frequencies come from the lexicon, postings only for the few kept: a word in
    # more than CHAR_WORD_SHARE of the passages (学校 for 校) would say nothing anyway
    most = max(2, int(view.passages * CHAR_WORD_SHARE))
    dfs = [(view.doc_frequency("text", t), t) for t in view.words_with_char(ch)]
    shortlist = sorted(((-df, t) for df, t in dfs if 0 < df <= most))[: 2 * CHAR_WORDS]
    scored = []
    for _, term in shortlist:
        n = int(stated[view.ids("text", term)].sum())
        if n:
            scored.append((-n, term))
    return [(t,) for _, t in sorted(scored)[:CHAR_WORDS]]


def _telling_kinds(view: View, g) -> list[tuple[str, ...]]:
    """The narrower kinds of a group (实验室 of 专用教室) worth reading, rarest first: each
    costs a posting list, and a common one tells least, so reading stops once they hold
    NARROWER_BUDGET of the passages between them."""
    sized = sorted((max(view.doc_frequency("text", t) for t in alt), alt) for alt in g.narrower if alt not in g.related)
    budget = max(NARROWER_MIN_BUDGET, view.passages * NARROWER_BUDGET)
    kept, spent = [], 0
    for df, alt in sized:
        if not df:
            continue
        spent += df
        if spent > budget:
            break
        kept.append(alt)
    return kept


def _other_level(view: View, level: str) -> np.ndarray:
    """Per report: is it a school judged as another level than `level` (a 小学 for a question
    about 初中)?  A nine-year school is judged as both; a report of unknown level is kept."""
    _ = view.report_of
    out = np.zeros(len(view.reports), dtype=bool)
    for i, meta in enumerate(view.reports):
        judged = judged_as(level_id(meta.get("level")))
        out[i] = bool(judged) and level not in judged
    return out


def _filters(view: View, filters: dict[str, str] | None) -> np.ndarray | None:
    """Mask of passages the filters allow, or None when nothing narrows."""
    allowed = None
    for key, value in (filters or {}).items():
        if value in (None, ""):
            continue
        value = str(value)
        if key in PASSAGE_FILTERS:
            m = view.flag(key, value)
        elif key in REPORT_FILTERS:
            codes, labels = view.codes(key)
            ok = codes == (labels.index(value) if value in labels else -2)
            report_of = view.report_of
            m = (report_of >= 0) & ok[np.maximum(report_of, 0)]
        else:
            continue
        allowed = m if allowed is None else allowed & m
    return allowed


def run_search(idx: SearchIndex, query: str, *, filters=None, limit: int = 10, offset: int = 0) -> dict:
    view = idx.view()
    parser = idx.parser
    parsed = parser.parse(query, doc_frequency=lambda t: view.doc_frequency("text", t))  # lexicon only
    empty = {"query": query, "total": 0, "hits": [], "facets": {}}
    if view.passages == 0 or not parsed.groups:
        return empty
    stated, in_problems_all, has_report = view.memo(("ranking tables",), lambda: _tables(view, parser))

    most = max(2, int(view.passages * CHAR_WORD_SHARE))
    for g in parsed.groups:
        g.related.extend(_telling_kinds(view, g))
        if g.single_char:
            g.related.extend(_words_with_char(view, g.word, stated))
        for ch in g.loose_chars:
            g.loose.extend(w for w in _words_with_char(view, ch, stated) if w not in g.loose)
        if g.figure is not None:  # 五十多 -> the numbers 50..59 the reports write
            g.alternatives.extend(a for t in view.numbers_between(*g.figure) if (a := (t,)) not in g.alternatives)
    # Per-passage arrays cover the passages the question touches (see _Universe).
    live = []
    for g in parsed.groups:
        strong, weak, loose = _group_passages_memo(view, g)
        n = len(strong) + len(weak) + len(loose)
        if n:
            g.weight = math.log(1 + view.passages / (1 + n))
            g.weight *= QUALIFIER_WEIGHT if g.qualifier else FIGURE_WEIGHT if g.figure is not None else 1.0
            live.append((g, strong, weak, loose))
    if not live:
        return empty
    total_weight = sum(g.weight for g, *_ in live)
    parsed.groups = [g for g, *_ in live]
    categories = parser.categories_for(parsed)

    problem_ids = view.ids("section", "problems")
    by_category = []  # (value, tagged ids, ids of statements naming its cues or EMPTY)
    for c, value in categories.items():
        named = idsets.EMPTY
        if value >= CATEGORY_ALONE:
            # a statement filed under another category (or none) that names this one's cues
            # (cue words in more than CHAR_WORD_SHARE of the passages cost more than they tell)
            def naming(c: str = c) -> np.ndarray:
                cues = [a for a in parser.cue_terms.get(c, []) if all(view.doc_frequency("text", t) <= most for t in a)]
                named = _holding(view, cues, True)
                return named[stated[named] | idsets.member(named, problem_ids, view.size)]

            named = view.memo(("naming", c), naming)
        by_category.append((value, view.ids("category", c), named))

    universe = _Universe(
        view,
        [a for _, strong, weak, loose in live for a in (strong, weak, loose)]
        + [a for value, tagged, named in by_category if value >= CATEGORY_ALONE for a in (tagged, named)],
    )
    # per slot, the weighted share of the question's groups held: as the words or their
    # synonyms (exact), also counting widened words (present), related phrases counting
    # less (coverage).  The big sets (strong) are placed once; the rest are corrections.
    exact = np.zeros(universe.size, dtype=np.float32)
    weak_share = np.zeros(universe.size, dtype=np.float32) if any(len(x[2]) for x in live) else None
    loose_share = np.zeros(universe.size, dtype=np.float32) if any(len(x[3]) for x in live) else None
    for g, strong, weak, loose in live:
        w = np.float32(g.weight / total_weight)
        exact[universe.at(strong)] += w
        if len(weak):
            at = universe.at(weak)
            exact[at] += w
            weak_share[at] += w  # type: ignore[index]
        if len(loose):
            loose_share[universe.at(loose)] += w  # type: ignore[index]
    present, coverage = exact, exact
    if weak_share is not None:
        coverage = coverage - np.float32(1 - RELATED_STRENGTH) * weak_share
    if loose_share is not None:
        loose_share *= np.float32(LOOSE_STRENGTH)
        present = present + loose_share
        coverage = coverage + loose_share

    if parsed.phrases:
        # a passage naming a phrase's modifiers without its head speaks of another thing
        # (物理化学老师: a 物理、化学实验室 statement has the modifiers, not the teachers)
        held = {id(g): (strong, weak) for g, strong, weak, _ in live}
        for head, modifiers in parsed.phrases:
            modifiers = [m for m in modifiers if id(m) in held]
            if id(head) not in held or head.loose_chars or len(head.word) < 2 or not modifiers:
                continue  # a head the reports never use, or a suffix (课 of 劳动课), asks for nothing
            headless = universe.marks(a for m in modifiers for a in held[id(m)]) & ~universe.marks(held[id(head)])
            if headless.any():
                coverage = np.where(headless, coverage * np.float32(HEADLESS), coverage)
    stated_t = universe.take(stated)
    in_problems = universe.take(in_problems_all)
    candidates = present >= FULL_MATCH - EPS
    candidates |= in_problems & (present >= PROBLEM_MATCH - EPS)
    candidates &= exact > 0  # a loosely matched word alone does not make a match
    strength = np.zeros(universe.size, dtype=np.float32)
    for value, tagged, named in by_category:
        if len(named):
            at = universe.at(named)
            strength[at] = np.maximum(strength[at], np.float32(value * CUE_SHARE))
        at = universe.slots(tagged)
        strength[at] = np.maximum(strength[at], np.float32(value))
        if value >= CATEGORY_ALONE:
            # a question that *is* a category's label ("功能室不足") wants all its problem statements
            candidates[at] = True
    if categories:
        candidates |= (strength > 0) & (present > 0)
    if not candidates.any():
        # nothing holds enough of the question: rather than nothing, the problem statements
        # holding the most of it (吃饭要分批排队 -> "学生需分三批错时就餐")
        partial = in_problems & (exact > 0) & (present >= PROBLEM_MATCH / 2 - EPS)
        if partial.any():
            candidates = partial & (coverage >= coverage[partial].max() - EPS)
    report_of = view.report_of
    candidates &= universe.take(has_report)
    allowed = _filters(view, filters)
    if allowed is not None:
        candidates &= universe.take(allowed)

    sel = np.flatnonzero(candidates)
    cand = universe.ids(sel)
    cov = coverage[sel]
    in_problems, stated_c, strength = in_problems[sel], stated_t[sel], strength[sel]
    # a question naming a figure ("班额45人") looks the figure up, wherever it is stated
    body_share, problem_bonus = (1.0, PROBLEM_BONUS / 2) if parsed.looks_up_figure else (BODY_SHARE, PROBLEM_BONUS)
    cov_share = np.where(in_problems, np.float32(1.0), np.float32(body_share))
    score = cov * cov_share + problem_bonus * stated_c + (problem_bonus / 2) * (in_problems & ~stated_c)
    if categories:
        # the category says "this kind of problem"; the words say which one exactly
        score = score + CATEGORY_BONUS * strength * (CATEGORY_FLOOR + (1 - CATEGORY_FLOOR) * cov)
    reps = report_of[cand]
    n_reports = len(view.reports)
    best = np.full(n_reports, -1.0, dtype=np.float64)
    np.maximum.at(best, reps, score)
    count = np.bincount(reps, minlength=n_reports)
    matched = np.flatnonzero(count)
    report_score = best[matched] + EXTRA_PASSAGE_BONUS * np.minimum(4, count[matched] - 1)
    if parsed.level:
        report_score -= OTHER_LEVEL_PENALTY * view.memo(("other level", parsed.level), lambda: _other_level(view, parsed.level))[matched]
    order = np.lexsort((view.report_order[matched], -np.round(report_score, 6)))
    ranked = matched[order]
    ranked_scores = report_score[order]

    facets = _facets(view, cand, reps, matched)
    all_terms = {t for g in parsed.groups for t in g.terms}
    all_terms |= {MODIFIER + t for t in all_terms}
    hits = []
    for r, rscore in zip(ranked[offset : offset + limit].tolist(), ranked_scores[offset : offset + limit].tolist(), strict=True):
        meta = view.reports[r]
        mine = np.flatnonzero(reps == r)
        top = mine[np.lexsort((cand[mine], -score[mine]))][:PASSAGES_PER_HIT]
        top_score = float(score[top[0]])
        passages = []
        for i in top.tolist():
            if score[i] < SHOWN_SHARE * top_score - EPS:  # float noise must not hide a tie
                break
            d = int(cand[i])
            stored = view.reader.stored_fields(d)
            text = stored.get("text", "")
            html, s, e = fragment(idx.analyzer, text, all_terms)
            cats = [c for c in (stored.get("category") or "").split(",") if c]
            cats.sort(key=lambda c: -categories.get(c, 0.0))  # the category asked about first
            passages.append(
                {
                    "text": html,
                    "section": stored.get("section", "other"),
                    "category": cats[0] if cats else None,
                    "categories": cats,
                    "span": [stored["span"][0] + s, stored["span"][0] + e],
                }
            )
        hits.append({**{k: meta.get(k) for k in META_KEYS}, "score": round(rscore, 4), "passages": passages})
    return {
        "query": query,
        "total": int(len(matched)),
        "hits": hits,
        "facets": facets,
        "interpretation": {
            "groups": [
                {
                    "word": g.word,
                    "alternatives": [" ".join(a) for a in g.alternatives],
                    "related": [" ".join(a) for a in g.related],
                }
                for g in parsed.groups
            ],
            "categories": {c: round(v, 2) for c, v in categories.items()},
        },
    }


def _facets(view: View, cand: np.ndarray, reps: np.ndarray, matched: np.ndarray) -> dict[str, dict[str, int]]:
    """Counts of matching reports per value; passage facets count reports with such a passage."""
    facets: dict[str, dict[str, int]] = {}
    for field in REPORT_FACETS:
        codes, labels = view.codes(field)
        c = codes[matched]
        counts = np.bincount(c[c >= 0], minlength=len(labels))
        facets[field] = {labels[i]: int(counts[i]) for i in np.argsort(-counts, kind="stable") if counts[i]}
    n_reports = len(view.reports)
    for field in PASSAGE_FACETS:
        bits, labels = view.passage_bits(field)
        per_report = np.zeros(n_reports, dtype=np.int64)  # values of the report's matching passages
        np.bitwise_or.at(per_report, reps, bits[cand])
        counts = {}
        for i, label in enumerate(labels):
            n = int(np.count_nonzero(per_report & (np.int64(1) << i)))
            if n:
                counts[label] = n
        facets[field] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return facets
