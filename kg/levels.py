"""School levels: the Chinese names records use, their SKOS ids, and which thresholds apply.

Decisions (documented here because compliance and the county CV depend on them):
- 九年一贯制 is judged against the 小学 *and* the 初中 thresholds (a nine-year school's figures
  cover both sections; the 1:1.1 pupil-weight split seen in one local document is unconfirmed),
  unless a standard sets a threshold for 九年一贯制 itself (2017 school size), which then wins.
  In the county CV a nine-year school counts in both the primary and the junior group.
- 完全中学 is judged as 初中 (its compulsory section).
"""

from __future__ import annotations

LEVEL_IDS = {"小学": "primary", "初中": "junior", "九年一贯制": "nine_year", "完全中学": "complete_secondary"}
LEVEL_NAMES = {v: k for k, v in LEVEL_IDS.items()}
REQUIREMENT_LEVEL_IDS = {**LEVEL_IDS, "县域": "county", "全部": "any", "any": "any", "county": "county"}


def level_id(name: str | None) -> str | None:
    if not name:
        return None
    return LEVEL_IDS.get(name) or (name if name in LEVEL_NAMES else None)


def judged_as(school_level: str | None) -> tuple[str, ...]:
    """Requirement levels a school of this level is judged against, in order of preference groups."""
    return {
        "primary": ("primary",),
        "junior": ("junior",),
        "nine_year": ("primary", "junior"),
        "complete_secondary": ("junior",),
    }.get(school_level or "", ())


def cv_groups(school_level: str | None) -> tuple[str, ...]:
    """County-CV groups (小学 / 初中) a school contributes to."""
    return judged_as(school_level)
