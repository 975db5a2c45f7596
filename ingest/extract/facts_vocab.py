"""Indicator cue index built from the vocabulary (ontology/indicators.ttl).

Every cue phrase the extractor knows comes from skos:hiddenLabel / prefLabel / altLabel;
this module only arranges them for matching (longest first) and answers which units a
concept accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ingest.extract.facts_rules import UNIT_FAMILY
from ontology import Concept, indicators


@dataclass(frozen=True)
class Cue:
    label: str
    concept: Concept

    @property
    def person(self) -> bool:
        return self.concept.unit == "人"


@dataclass(frozen=True)
class Vocabulary:
    cues: tuple[Cue, ...]  # longest label first
    per_student: dict[str, Concept]  # notation of a total -> its per-student concept
    by_id: dict[str, Concept]

    def fact_id(self, concept: Concept) -> str:
        """Contract ids stay as they are; every other concept is an `other:` figure."""
        return concept.id if is_contract(concept) else f"other:{concept.id}"


def is_contract(concept: Concept) -> bool:
    return "true" in concept.extra.get("contract", [])


def is_ratio(concept: Concept) -> bool:
    return "true" in concept.extra.get("ratio", [])


def accepts(concept: Concept, unit: str | None, ratio: bool) -> bool:
    """Whether a figure with this (canonical) unit can be a value of the concept."""
    if is_ratio(concept):
        return ratio
    if ratio:
        return False
    if unit is None:
        return concept.unit == "%"
    family = UNIT_FAMILY.get(concept.unit or "", {concept.unit})
    return unit in family


@lru_cache(maxsize=2)
def vocabulary() -> Vocabulary:
    concepts = indicators()
    seen: dict[str, Cue] = {}
    for c in concepts.values():
        for label in (*c.hidden_labels, c.pref_label, *c.alt_labels):
            # a label claimed by a contract concept wins over an `other` one
            if label and (label not in seen or (is_contract(c) and not is_contract(seen[label].concept))):
                seen[label] = Cue(label, c)
    cues = tuple(sorted(seen.values(), key=lambda cue: -len(cue.label)))
    per_student = {}
    for c in concepts.values():
        for iri in c.extra.get("perStudentOf", []):
            per_student[iri.rstrip("/").rsplit("/", 1)[-1]] = c
    return Vocabulary(cues=cues, per_student=per_student, by_id=dict(concepts))
