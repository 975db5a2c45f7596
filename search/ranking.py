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
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations
from typing import TYPE_CHECKING

from search.analysis import MODIFIER
from search.highlight import fragment
from search.index import META_KEYS, PASSAGE_FACETS, PASSAGE_FILTERS, REPORT_FACETS, REPORT_FILTERS
from search.query import RELATED_STRENGTH

if TYPE_CHECKING:
    from search.index import SearchIndex, View

FULL_MATCH = 0.6  # coverage needed by any passage
PROBLEM_MATCH = 0.3  # coverage needed by a problem statement
PROBLEM_BONUS = 0.35
CATEGORY_BONUS = 0.4
EXTRA_PASSAGE_BONUS = 0.03  # per further matching passage of the same report, up to 4
CATEGORY_ALONE = 0.9  # category strength from which tagged passages match without shared words
PASSAGES_PER_HIT = 3
SHOWN_SHARE = 0.6  # further passages are shown when they score this share of the best one


def _at_least(sets: list[frozenset[int] | set[int]], weights: list[float], threshold: float) -> set[int]:
    """Docs whose summed weight over `sets` reaches `threshold` (set algebra, C speed)."""
    n = len(sets)
    if not n or threshold > sum(weights) + 1e-9:
        return set()
    if n > 7:  # too many subsets: count instead
        score: Counter[int] = Counter()
        for s, w in zip(sets, weights, strict=True):
            for d in s:
                score[d] += w
        return {d for d, v in score.items() if v >= threshold - 1e-9}
    out: set[int] = set()
    order = sorted(range(n), key=lambda i: -weights[i])
    for size in range(1, n + 1):
        for combo in combinations(order, size):
            total = sum(weights[i] for i in combo)
            if total < threshold - 1e-9:
                continue
            # only minimal subsets: dropping the lightest member must fall below the threshold
            if total - min(weights[i] for i in combo) >= threshold - 1e-9:
                continue
            members = sorted((sets[i] for i in combo), key=len)
            found = set(members[0]).intersection(*members[1:]) if len(members) > 1 else set(members[0])
            out |= found
    return out


def _filter_sets(view: View, filters: dict[str, str] | None) -> tuple[frozenset[int] | None, set[int] | None]:
    """(allowed passages, allowed report numbers); None where nothing narrows."""
    passages = reports = None
    for key, value in (filters or {}).items():
        if value in (None, ""):
            continue
        value = str(value)
        if key in PASSAGE_FILTERS:
            docs = view.docs(key, value)
            passages = docs if passages is None else passages & docs
        elif key in REPORT_FILTERS:
            ok = {i for i, meta in enumerate(view.reports) if str(meta.get(key) or "") == value}
            reports = ok if reports is None else reports & ok
    return passages, reports


def run_search(idx: SearchIndex, query: str, *, filters=None, limit: int = 10, offset: int = 0) -> dict:
    view = idx.view()
    parser = idx.parser
    parsed = parser.parse(query, doc_frequency=lambda t: len(view.docs("text", t)))
    empty = {"query": query, "total": 0, "hits": [], "facets": {}}
    if view.passages == 0 or not parsed.groups:
        return empty

    n_docs = view.passages

    def holding(alternatives: list[tuple[str, ...]], loose: bool) -> set[int]:
        """Docs holding every term of some alternative (loose: also as a modifier, ~term)."""
        found: set[int] = set()
        for alt in alternatives:
            if loose:
                sets = sorted((view.docs("text", t) | view.docs("text", MODIFIER + t) for t in alt), key=len)
            else:
                sets = sorted((view.docs("text", t) for t in alt), key=len)
            if sets and sets[0]:
                found |= sets[0].intersection(*sets[1:]) if len(sets) > 1 else sets[0]
        return found

    live = []
    for g in parsed.groups:
        strong = holding(g.alternatives, False)
        weak = (holding(g.alternatives, True) | holding(g.related, True)) - strong
        if strong or weak:
            g.weight = math.log(1 + n_docs / (1 + len(strong) + len(weak)))
            live.append((g, strong, weak))
    if not live:
        return empty
    total_weight = sum(g.weight for g, _, _ in live)
    sets = [strong | weak for _, strong, weak in live]
    weights = [g.weight / total_weight for g, _, _ in live]
    parsed.groups = [g for g, _, _ in live]
    categories = parser.categories_for(parsed)

    stated = view.docs("problem", "1")  # overlaps a problem the extraction found
    problems = view.docs("section", "problems") | stated
    cat_sets = {c: view.docs("category", c) for c in categories}
    candidates = _at_least(sets, weights, FULL_MATCH)
    candidates |= _at_least([s & problems for s in sets], weights, PROBLEM_MATCH)
    if cat_sets:
        in_category = frozenset().union(*cat_sets.values())
        for s in sets:
            candidates |= s & in_category
        # a question that *is* a category's label ("功能室不足") wants all its problem statements
        for c, strength in categories.items():
            if strength >= CATEGORY_ALONE:
                candidates |= cat_sets[c]
    report_of = view.report_of
    allowed, allowed_reports = _filter_sets(view, filters)
    if allowed is not None:
        candidates &= allowed
    if allowed_reports is not None:
        candidates = {d for d in candidates if report_of[d] in allowed_reports}
    per_report: dict[int, list[tuple[float, int]]] = {}
    weighted = [(strong, weak, w) for (_, strong, weak), w in zip(live, weights, strict=True)]
    cat_items = [(cat_sets[c], strength) for c, strength in categories.items()]
    for d in candidates:
        r = report_of[d]
        if r < 0:
            continue
        coverage = 0.0
        for strong, weak, w in weighted:
            if d in strong:
                coverage += w
            elif d in weak:
                coverage += w * RELATED_STRENGTH
        score = coverage
        if d in stated:
            score += PROBLEM_BONUS
        elif d in problems:  # in the problems section, but no problem of its own (a heading, an intro)
            score += PROBLEM_BONUS / 2
        if cat_items:
            strength = max((strength for s, strength in cat_items if d in s), default=0.0)
            # the category says "this kind of problem"; the words say which one exactly
            score += CATEGORY_BONUS * strength * (0.5 + 0.5 * coverage)
        per_report.setdefault(r, []).append((score, d))

    ranked = []
    for r, scored in per_report.items():
        scored.sort(key=lambda x: (-x[0], x[1]))
        best = scored[0][0]
        ranked.append((best + EXTRA_PASSAGE_BONUS * min(4, len(scored) - 1), r, scored))
    reports = view.reports
    ranked.sort(key=lambda x: (-x[0], reports[x[1]]["source"] or "", reports[x[1]]["ordinal"] or 0))

    facets = _facets(view, candidates, per_report)
    all_terms = {t for g in parsed.groups for t in g.terms}
    all_terms |= {MODIFIER + t for t in all_terms}
    hits = []
    for score, r, scored in ranked[offset : offset + limit]:
        meta = reports[r]
        passages = []
        shown = [(s, d) for s, d in scored[:PASSAGES_PER_HIT] if s >= SHOWN_SHARE * scored[0][0]]
        for _, d in shown:
            stored = view.reader.stored_fields(d)
            text = stored.get("text", "")
            present = {t for t in all_terms if d in view.docs("text", t)}
            html, s, e = fragment(idx.analyzer, text, present)
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
        hits.append({**{k: meta.get(k) for k in META_KEYS}, "score": round(score, 4), "passages": passages})
    return {
        "query": query,
        "total": len(ranked),
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


def _facets(view: View, candidates: set[int], per_report: dict[int, list]) -> dict[str, dict[str, int]]:
    reports = view.reports
    facets: dict[str, dict[str, int]] = {}
    for field in REPORT_FACETS:
        counts = Counter(reports[r][field] for r in per_report if reports[r].get(field))
        facets[field] = dict(counts.most_common())
    report_of = view.report_of
    for field in PASSAGE_FACETS:
        counts = {}
        for value in view.values(field):
            docs = candidates & view.docs(field, value)
            if docs:
                counts[value] = len({report_of[d] for d in docs} - {-1})
        facets[field] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return facets
