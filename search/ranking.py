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

from search.highlight import fragment
from search.index import FILTER_FIELDS, PASSAGE_FACETS, REPORT_FACETS

if TYPE_CHECKING:
    from search.index import SearchIndex, View

FULL_MATCH = 0.6  # coverage needed by any passage
PROBLEM_MATCH = 0.3  # coverage needed by a problem statement
PROBLEM_BONUS = 0.35
CATEGORY_BONUS = 0.4
EXTRA_PASSAGE_BONUS = 0.03  # per further matching passage of the same report, up to 4
PASSAGES_PER_HIT = 3


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


def _filter_set(view: View, filters: dict[str, str] | None) -> frozenset[int] | None:
    allowed = None
    for key, value in (filters or {}).items():
        if key not in FILTER_FIELDS or value in (None, ""):
            continue
        docs = view.docs(key, str(value))
        allowed = docs if allowed is None else allowed & docs
    return allowed


def run_search(idx: SearchIndex, query: str, *, filters=None, limit: int = 10, offset: int = 0) -> dict:
    view = idx.view()
    parser = idx.parser
    parsed = parser.parse(query, doc_frequency=lambda t: len(view.docs("text", t)))
    empty = {"query": query, "total": 0, "hits": [], "facets": {}}
    if view.passages == 0 or not parsed.groups:
        return empty

    n_docs = view.passages
    group_sets: list[set[int]] = []
    for g in parsed.groups:
        found: set[int] = set()
        for alt in g.alternatives:
            sets = sorted((view.docs("text", t) for t in alt), key=len)
            if not sets or not sets[0]:
                continue
            found |= sets[0].intersection(*sets[1:]) if len(sets) > 1 else sets[0]
        group_sets.append(found)
        g.weight = math.log(1 + n_docs / (1 + len(found))) if found else 0.0
    live = [(g, s) for g, s in zip(parsed.groups, group_sets, strict=True) if s]
    if not live:
        return empty
    total_weight = sum(g.weight for g, _ in live)
    sets = [s for _, s in live]
    weights = [g.weight / total_weight for g, _ in live]
    parsed.groups = [g for g, _ in live]
    categories = parser.categories_for(parsed)

    problems = view.docs("section", "problems") | view.docs("problem", "1")
    cat_sets = {c: view.docs("category", c) for c in categories}
    candidates = _at_least(sets, weights, FULL_MATCH)
    candidates |= _at_least([s & problems for s in sets], weights, PROBLEM_MATCH)
    if cat_sets:
        in_category = frozenset().union(*cat_sets.values())
        for s in sets:
            candidates |= s & in_category
    allowed = _filter_set(view, filters)
    if allowed is not None:
        candidates &= allowed

    report_of = view.report_of
    per_report: dict[int, list[tuple[float, int]]] = {}
    weighted = list(zip(sets, weights, strict=True))
    cat_items = [(cat_sets[c], strength) for c, strength in categories.items()]
    for d in candidates:
        r = report_of[d]
        if r < 0:
            continue
        score = sum(w for s, w in weighted if d in s)
        if d in problems:
            score += PROBLEM_BONUS
        if cat_items:
            score += CATEGORY_BONUS * max((strength for s, strength in cat_items if d in s), default=0.0)
        per_report.setdefault(r, []).append((score, d))

    ranked = []
    for r, scored in per_report.items():
        scored.sort(key=lambda x: (-x[0], x[1]))
        best = scored[0][0]
        ranked.append((best + EXTRA_PASSAGE_BONUS * min(4, len(scored) - 1), r, scored))
    reports = view.reports
    ranked.sort(key=lambda x: (-x[0], reports[x[1]]["source"] or "", reports[x[1]]["ordinal"] or 0))

    facets = _facets(view, candidates, per_report)
    all_terms = {t for g in parsed.groups for alt in g.alternatives for t in alt}
    hits = []
    for score, r, scored in ranked[offset : offset + limit]:
        meta = reports[r]
        passages = []
        for _, d in sorted(scored[:PASSAGES_PER_HIT], key=lambda x: (-x[0], x[1])):
            stored = view.reader.stored_fields(d)
            text = stored.get("text", "")
            present = {t for t in all_terms if d in view.docs("text", t)}
            html, s, e = fragment(idx.analyzer, text, present)
            cats = [c for c in (stored.get("category") or "").split(",") if c]
            passages.append(
                {
                    "text": html,
                    "section": stored.get("section", "other"),
                    "category": cats[0] if cats else None,
                    "categories": cats,
                    "span": [stored["start"] + s, stored["start"] + e],
                }
            )
        hits.append(
            {
                "source": meta["source"],
                "ordinal": meta["ordinal"],
                "report": meta["report"] or None,
                "school": meta["school"] or None,
                "province": meta["province"] or None,
                "county": meta["county"] or None,
                "level": meta["level"] or None,
                "year": meta["year"] or None,
                "score": round(score, 4),
                "passages": passages,
            }
        )
    return {
        "query": query,
        "total": len(ranked),
        "hits": hits,
        "facets": facets,
        "interpretation": {
            "groups": [{"word": g.word, "alternatives": [" ".join(a) for a in g.alternatives]} for g in parsed.groups],
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
