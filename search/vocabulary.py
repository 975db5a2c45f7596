"""The words search knows: domain terms, synonym groups and problem-category phrases.

One vocabulary serves the graph and search: synonyms and category phrases come from the
SKOS labels in `ontology/` (prefLabel + altLabel = interchangeable user terms, hiddenLabel =
phrases reports use for a problem category).  Two small files beside this module add what
is not a concept: `domain_words.txt` (report vocabulary jieba should keep whole) and
`extra_synonyms.txt` (everyday query-side variants such as 老师/教师, 没有/缺少).  A line of
that file starting with "~" is a group of *qualifiers* (不足, 太小, 陈旧 …): words that say a
thing is lacking or bad, not which thing.  Every problem statement says that much, so search
weighs them far below the words that name the subject.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).parent
log = logging.getLogger(__name__)


def _read_list(path: Path) -> list[str]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@dataclass(frozen=True)
class Vocabulary:
    """Domain words, synonym groups and category phrases (category id -> labels).

    `synonym_groups` are true synonyms (indicator and level labels, query-side variants).  The
    labels of one problem category are *related phrases*, not synonyms (音乐老师 and 体育老师
    both name specialist_teacher_shortage): search uses them to recognise the category and as
    weaker alternatives, never as equals.
    """

    words: tuple[str, ...] = ()
    synonym_groups: tuple[tuple[str, ...], ...] = ()
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    qualifiers: frozenset[str] = frozenset()
    # a room, subject or equipment label -> the labels of its narrower kinds (专用教室 -> 实验室 …)
    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    # a kind's label -> the collectives that name it too (椅子 -> 课桌椅, 音乐 -> 音体美)
    collectives: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    # a collective's label -> its members (理化生 -> 物理 化学 生物): naming all says it
    members: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    # a school level's label -> its id (小学, 村小 -> primary; 初中, 初级中学 -> junior)
    levels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @classmethod
    def load(cls) -> Vocabulary:
        """The ontology's labels plus the two word lists beside this module."""
        words = _read_list(HERE / "domain_words.txt")
        groups, qualifiers = [], set()
        for line in _read_list(HERE / "extra_synonyms.txt"):
            group = line.lstrip("~").split()
            groups.append(tuple(group))
            if line.startswith("~"):
                qualifiers.update(group)
        categories: dict[str, tuple[str, ...]] = {}
        kinds: dict[str, tuple[str, ...]] = {}
        collectives: dict[str, tuple[str, ...]] = {}
        members: dict[str, tuple[str, ...]] = {}
        levels: dict[str, str] = {}
        try:
            import ontology

            category_labels = {
                label for c in ontology.problem_categories().values() for label in (*c.labels, *c.hidden_labels)
            }
            for group in ontology.synonym_groups():
                if not set(group) <= category_labels:
                    groups.append(tuple(group))
            schemes = (ontology.indicators(), ontology.problem_categories(), ontology.school_levels())
            for concept in [c for scheme in schemes for c in scheme.values()] + ontology.kind_concepts():
                words.extend((*concept.labels, *concept.hidden_labels))
            for cid, concept in ontology.problem_categories().items():
                categories[cid] = tuple(dict.fromkeys((*concept.labels, *concept.hidden_labels)))
            kinds = ontology.kinds()
            collectives = ontology.collectives()
            members = ontology.collective_members()
            levels = {label: c.id for c in ontology.school_levels().values() for label in c.labels}
        except Exception as exc:  # a broken vocabulary file must not take search down
            log.warning("ontology vocabulary not loaded: %s", exc)
        return cls(
            words=tuple(sorted({w for w in words if 1 < len(w) <= 12})),
            synonym_groups=tuple(g for g in groups if len(g) > 1),
            categories=categories,
            qualifiers=frozenset(qualifiers),
            kinds=kinds,
            collectives=collectives,
            members=members,
            levels=levels,
        )

    def without_labels(self, labels: set[str]) -> Vocabulary:
        """A copy that forgets some labels (to measure on questions the vocabulary quotes)."""
        return replace(
            self,
            words=tuple(w for w in self.words if w not in labels),
            synonym_groups=tuple(g2 for g in self.synonym_groups if len(g2 := tuple(w for w in g if w not in labels)) > 1),
            categories={c: tuple(w for w in ls if w not in labels) for c, ls in self.categories.items()},
        )

    def with_extra(
        self,
        words: tuple[str, ...] = (),
        synonym_groups: tuple[tuple[str, ...], ...] = (),
        categories: dict[str, tuple[str, ...]] | None = None,
    ) -> Vocabulary:
        """A copy with more words / groups / category phrases (tests, dev harness)."""
        cats = dict(self.categories)
        for cid, labels in (categories or {}).items():
            cats[cid] = tuple(dict.fromkeys((*cats.get(cid, ()), *labels)))
        extra_words = {w for g in synonym_groups for w in g} | {w for ls in cats.values() for w in ls}
        return replace(
            self,
            words=tuple(sorted(set(self.words) | set(words) | {w for w in extra_words if 1 < len(w) <= 12})),
            synonym_groups=(*self.synonym_groups, *synonym_groups),
            categories=cats,
        )
