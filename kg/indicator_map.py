"""How a school's value for a standard's indicator is found among the facts a report states.

Standards and facts share the indicator ids of ontology/indicators.ttl.  `canonical` folds the
other spellings onto them (the vocabulary's ``jh:alias``, plus ``other:<id>`` for facts the
extraction contract has no id for).  `school_value` says how a per-student indicator is computed
from totals when a report gives only the totals (生均图书 = 图书 / 学生数, from ``jh:perStudentOf``) —
used for the county CV only, never stored as a fact (never invent a figure).
"""

from __future__ import annotations

from functools import lru_cache

import ontology

# spellings the vocabulary does not list as jh:alias
EXTRA_ALIASES: dict[str, str] = {
    "sports_area_per_student_m2": "sports_area_per_student",
    "computers_per_100": "computers_per_100_students",
}

# indicator -> list of (numerator id, denominator id, factor), tried after the vocabulary's perStudentOf
EXTRA_DERIVED: dict[str, list[tuple[str, str, float]]] = {
    "computers_per_100_students": [("computers_student", "students", 100.0)],
    "teachers_per_student": [("full_time_teachers", "students", 1.0), ("teachers", "students", 1.0)],
    "backbone_teachers_per_100": [("backbone_teachers", "students", 100.0)],
    "multimedia_classrooms_per_100": [("multimedia_classrooms", "students", 100.0)],
}

# 2012's 师生比 is teachers per student; reports state 1:N, stored as N (student_teacher_ratio)
RECIPROCAL: dict[str, str] = {"teachers_per_student": "student_teacher_ratio"}

ENROLMENT = "students"  # P_i in the weighted CV


@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, str], dict[str, list[tuple[str, str, float]]]]:
    aliases = dict(EXTRA_ALIASES)
    derived: dict[str, list[tuple[str, str, float]]] = {}
    try:
        concepts = ontology.indicators()
    except Exception:  # vocabulary unreadable: fall back to the tables above
        concepts = {}
    for cid, c in concepts.items():
        for alias in c.extra.get("alias", []):
            aliases.setdefault(alias, cid)
        for total in c.extra.get("perStudentOf", []):
            derived.setdefault(cid, []).append((total.rsplit("/", 1)[-1], ENROLMENT, 1.0))
    for k, v in EXTRA_DERIVED.items():
        derived.setdefault(k, []).extend(v)
    return aliases, derived


def canonical(indicator_id: str) -> str:
    if indicator_id.startswith("other:"):
        indicator_id = indicator_id[len("other:"):]
    return _vocab()[0].get(indicator_id, indicator_id)


def school_value(indicator_id: str, values: dict[str, float]) -> tuple[float, str] | None:
    """(value, how) of one indicator for one school from its {indicator: value}; None when unknown."""
    if indicator_id in values:
        return values[indicator_id], "reported"
    for num, den, factor in _vocab()[1].get(indicator_id, []):
        if values.get(num) is not None and values.get(den):
            return values[num] / values[den] * factor, f"{num}/{den}"
    rec = RECIPROCAL.get(indicator_id)
    if rec and values.get(rec):
        return 1.0 / values[rec], f"1/{rec}"
    return None
