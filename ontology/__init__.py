"""The vocabulary: one source of truth, read by ingest, kg and search alike.

The Turtle files beside this module define SKOS concept schemes (indicators, problem
categories, school levels).  Concept IRIs are written *relative* (`<indicator/students>`)
and resolved against the corpus base IRI, so they live under the same `/id/` space as
everything else.  This module turns them into plain Python objects, so `ingest` and
`search` never touch RDF.

Label conventions (SKOS):
- skos:notation   the stable id used in the contracts (`books_per_student`)
- skos:prefLabel  the Chinese name shown to users (`生均图书`)
- skos:altLabel   synonyms a user may type; search expands them (`音乐老师` ≈ `音乐教师`)
- skos:hiddenLabel surface phrases that signal the concept in report text (extraction cues)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
# concept schemes by the first segment of their concepts' paths (<room/music>)
SCHEMES = ("indicator", "problem", "level", "section", "room", "subject", "equipment")
NS = "https://w3id.org/junheng/ns#"
DEFAULT_BASE = "http://localhost:8000/id/"
# schemes whose skos:broader search reads as hyponymy (专用教室 > 实验室, 艺术 > 音乐, 家具 > 课桌椅)
KIND_SCHEMES = ("room", "subject", "equipment")
VOCAB_FILES = ("indicators.ttl", "problems.ttl", "levels.ttl", "sections.ttl", "rooms.ttl", "subjects.ttl", "equipment.ttl")


@dataclass(frozen=True)
class Concept:
    id: str  # skos:notation
    path: str  # IRI relative to the base, e.g. "indicator/students"
    scheme: str  # "indicator" | "problem" | "level"
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    definition: str | None = None
    unit: str | None = None  # jh:unit for indicators
    broader: str | None = None  # notation of the (first) broader concept, if any
    broaders: tuple[str, ...] = ()  # notations of every broader concept (SKOS allows several)
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label a user or a report may use for this concept."""
        return (self.pref_label, *self.alt_labels)

    @property
    def collective(self) -> bool:
        """jh:collective: a mention of it mentions each of its narrower concepts (课桌椅)."""
        return "true" in self.extra.get("collective", ())


def ttl_files() -> list[Path]:
    """All Turtle files of the vocabulary and T-box (standards are separate)."""
    return sorted(HERE.glob("*.ttl"))


@lru_cache(maxsize=4)
def _concepts(base: str = DEFAULT_BASE) -> dict[str, dict[str, Concept]]:
    from rdflib import RDF, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import SKOS

    jh = Namespace(NS)
    graph = Graph()
    for name in VOCAB_FILES:
        path = HERE / name
        if path.exists():
            graph.parse(path, format="turtle", publicID=base)

    def zh(values) -> list[str]:
        out = []
        for v in values:
            if isinstance(v, Literal) and (v.language in (None, "zh", "zh-cn", "zh-CN")):
                out.append(str(v))
        return out

    schemes: dict[str, dict[str, Concept]] = {s: {} for s in SCHEMES}
    for s in set(graph.subjects(RDF.type, SKOS.Concept)):
        if not isinstance(s, URIRef) or not str(s).startswith(base):
            continue
        path = str(s)[len(base):]
        scheme = path.split("/", 1)[0]
        if scheme not in schemes:
            continue
        notation = graph.value(s, SKOS.notation)
        pref = zh(graph.objects(s, SKOS.prefLabel))
        broaders = sorted(str(graph.value(b, SKOS.notation)) for b in graph.objects(s, SKOS.broader))
        unit = graph.value(s, jh.unit)
        extra = {}
        for p, o in graph.predicate_objects(s):
            if str(p).startswith(NS) and p != jh.unit:
                extra.setdefault(str(p)[len(NS):], []).append(str(o))
        c = Concept(
            id=str(notation) if notation is not None else path.split("/", 1)[1],
            path=path,
            scheme=scheme,
            pref_label=pref[0] if pref else path,
            alt_labels=tuple(sorted(zh(graph.objects(s, SKOS.altLabel)))),
            hidden_labels=tuple(sorted(zh(graph.objects(s, SKOS.hiddenLabel)))),
            definition=next(iter(zh(graph.objects(s, SKOS.definition))), None),
            unit=str(unit) if unit is not None else None,
            broader=broaders[0] if broaders else None,
            broaders=tuple(broaders),
            extra=extra,
        )
        schemes[scheme][c.id] = c
    return schemes


def indicators(base: str = DEFAULT_BASE) -> dict[str, Concept]:
    """Indicators (指标) by contract id."""
    return _concepts(base)["indicator"]


def problem_categories(base: str = DEFAULT_BASE) -> dict[str, Concept]:
    """Problem categories (问题类别) by contract id."""
    return _concepts(base)["problem"]


def school_levels(base: str = DEFAULT_BASE) -> dict[str, Concept]:
    """School levels (学段) by id."""
    return _concepts(base)["level"]


def section_kinds(base: str = DEFAULT_BASE) -> dict[str, Concept]:
    """Report section kinds (基本情况 / 自查情况 / 存在问题 / 整改措施 …) with heading cues."""
    return _concepts(base)["section"]


def kind_concepts(base: str = DEFAULT_BASE) -> list[Concept]:
    """Every concept of KIND_SCHEMES: rooms, subjects, equipment and furniture."""
    return [c for name in KIND_SCHEMES for c in _concepts(base)[name].values()]


def _narrower(scheme: dict[str, Concept]) -> dict[str, list[str]]:
    """Notation -> the notations of its direct narrower concepts, sorted."""
    out: dict[str, list[str]] = {}
    for c in sorted(scheme.values(), key=lambda c: c.id):
        for b in c.broaders:
            out.setdefault(b, []).append(c.id)
    return out


def kinds(base: str = DEFAULT_BASE) -> dict[str, tuple[str, ...]]:
    """Every label of a concept of KIND_SCHEMES that has narrower ones -> the labels of all its
    narrower concepts, transitively: 专用教室 -> 实验室, 物理实验室, 音乐教室 …"""
    out: dict[str, tuple[str, ...]] = {}
    for scheme in (_concepts(base)[name] for name in KIND_SCHEMES):
        narrower = _narrower(scheme)
        for cid, c in scheme.items():
            below: set[str] = set()
            todo = [cid]
            while todo:
                for n in narrower.get(todo.pop(), ()):
                    if n not in below:
                        below.add(n)
                        todo.append(n)
            labels = [label for n in sorted(below) for label in scheme[n].labels]
            if labels:
                for label in c.labels:
                    out[label] = tuple(dict.fromkeys(labels))
    return out


def collectives(base: str = DEFAULT_BASE) -> dict[str, tuple[str, ...]]:
    """Every label of a kind -> the labels of the collectives above it (jh:collective): a
    statement about 课桌椅 or 音体美教师 names chairs and music teachers as well."""
    out: dict[str, tuple[str, ...]] = {}
    for scheme in (_concepts(base)[name] for name in KIND_SCHEMES):
        for c in scheme.values():
            above: list[str] = []
            todo = list(c.broaders)
            while todo:
                b = scheme.get(todo.pop())
                if b is not None and b.collective and b.id not in above:
                    above.append(b.id)
                    todo.extend(b.broaders)
            labels = tuple(dict.fromkeys(label for b in sorted(above) for label in scheme[b].labels))
            for label in c.labels if labels else ():
                out[label] = labels
    return out


def collective_members(base: str = DEFAULT_BASE) -> dict[str, tuple[str, ...]]:
    """Every label of a collective -> the prefLabels of its narrower concepts: a passage naming
    all of them (物理、化学、生物教师) names the collective (理化生教师)."""
    out: dict[str, tuple[str, ...]] = {}
    for scheme in (_concepts(base)[name] for name in KIND_SCHEMES):
        narrower = _narrower(scheme)
        for c in scheme.values():
            members = tuple(sorted(scheme[n].pref_label for n in narrower.get(c.id, ())))
            for label in c.labels if c.collective and len(members) > 1 else ():
                out[label] = members
    return out


def synonym_groups(base: str = DEFAULT_BASE) -> list[tuple[str, ...]]:
    """Groups of interchangeable user terms (prefLabel + altLabels) for query expansion."""
    groups = []
    for scheme in _concepts(base).values():
        for c in scheme.values():
            if c.alt_labels:
                groups.append(c.labels)
    return groups
