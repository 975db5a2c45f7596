"""Near-duplicate reports (抄袭/套用) across a whole corpus, not only within a file.

Shingles are 5-character runs of the report text with figures, spacing, punctuation and
template masks removed, so a copy with another school's name and other numbers still
matches.  They are kept as sorted 32-bit hashes (a numpy array, not a set of strings), so
10,000 reports fit in memory and containment is one `intersect1d`.  MinHash LSH
(datasketch) proposes candidates in sub-linear time; the exact containment of shingle
sets confirms them, which also catches a truncated copy.  A corpus of many copies of one
text makes every candidate list long, so only the MAX_CONFIRM candidates whose MinHash
agrees most are confirmed.  The earlier report is the original; a copy of a copy points at
the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from ingest.records import ReportRef

NUM_PERM = 128
LSH_THRESHOLD = 0.3  # candidate recall; confirmation is exact
CONTAINMENT = 0.8  # share of the shorter report's shingles found in the other
MIN_SHINGLES = 60  # too short to call a copy
MAX_CONFIRM = 24  # candidates checked exactly, the most similar by MinHash first
_MIX = np.uint64(0x9E3779B97F4A7C15)
_STRIP = re.compile(r"[\s\d０-９.,，。、；;：:！!？?（）()“”‘’\"'《》〈〉【】\[\]\-—_＿*＊xX×%％·…]+")


def shingles(text: str, k: int = 5) -> np.ndarray:
    """Sorted unique 32-bit hashes of the k-character runs of `text` (a polynomial rolling hash,
    deterministic across processes, vectorised)."""
    t = _STRIP.sub("", text)
    n = len(t) - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint32)
    c = np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        h = h * np.uint64(1_000_003) + c[j: j + n]
    h = (h ^ (h >> np.uint64(29))) * _MIX
    h ^= h >> np.uint64(32)
    return np.unique((h & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def _identity(x: int) -> int:
    return x


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller shingle set found in the other."""
    small = min(len(a), len(b))
    return np.intersect1d(a, b, assume_unique=True).size / small if small else 0.0


@dataclass
class DuplicateFinder:
    """Feed reports in corpus order; `add` returns the original a report copies, if any.

    Reports are kept under string keys (`source#ordinal` for `add`, any stable id such as a
    report IRI for `insert`/`query`), so the same finder serves one file and a whole corpus."""

    lsh: MinHashLSH = field(default_factory=lambda: MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM))
    sets: dict[str, np.ndarray] = field(default_factory=dict)
    sigs: dict[str, np.ndarray] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)
    root: dict[str, str] = field(default_factory=dict)
    refs: dict[str, ReportRef] = field(default_factory=dict)
    _counter: int = 0

    @staticmethod
    def key(ref: ReportRef) -> str:
        return f"{ref.source}#{ref.ordinal}"

    @staticmethod
    def signature(sh: np.ndarray) -> MinHash:
        """The MinHash of a shingle set (computed once, for both query and insert)."""
        mh = MinHash(num_perm=NUM_PERM, hashfunc=_identity)
        if len(sh):
            mh.update_batch(sh.tolist())
        return mh

    def query(self, text: str, _sh: np.ndarray | None = None, _mh: MinHash | None = None) -> list[tuple[str, float]]:
        """Stored reports that `text` copies or is copied from: (key, containment), best first.

        With more than MAX_CONFIRM candidates only the closest by MinHash are confirmed, so
        the list is the best copies, not necessarily all of them."""
        sh = shingles(text) if _sh is None else _sh
        if len(sh) < MIN_SHINGLES:
            return []
        mh = self.signature(sh) if _mh is None else _mh
        cands = list(self.lsh.query(mh))
        if len(cands) > MAX_CONFIRM:
            agree = np.count_nonzero(np.stack([self.sigs[c] for c in cands]) == mh.hashvalues, axis=1)
            cands = sorted(zip(cands, agree.tolist(), strict=True), key=lambda ca: (-ca[1], self.order[ca[0]]))
            cands = [c for c, _ in cands[:MAX_CONFIRM]]
        hits = []
        for cand in cands:
            score = containment(sh, self.sets[cand])
            if score >= CONTAINMENT:
                hits.append((cand, score))
        return sorted(hits, key=lambda h: (-h[1], self.order[h[0]]))

    def insert(self, key: str, text: str, _sh: np.ndarray | None = None, _mh: MinHash | None = None) -> None:
        if key in self.sets:
            self.remove_key(key)
        sh = shingles(text) if _sh is None else _sh
        if len(sh) >= MIN_SHINGLES:
            mh = self.signature(sh) if _mh is None else _mh
            self.lsh.insert(key, mh)
            self.sigs[key] = mh.hashvalues
        self.sets[key] = sh
        self.order[key] = self._counter
        self._counter += 1

    def add(self, ref: ReportRef, text: str) -> ReportRef | None:
        key = self.key(ref)
        if key in self.sets:
            self.remove(ref)
        sh = shingles(text)
        mh = self.signature(sh)
        original = None
        roots = [self.root.get(k, k) for k, _ in self.query(text, sh, mh)]
        if roots:
            best = min(roots, key=lambda k: self.order[k])
            original = self.refs[best]
            self.root[key] = best
        self.insert(key, text, sh, mh)
        self.refs[key] = ref
        return original

    def remove_key(self, key: str) -> None:
        if key in self.sets:
            if key in self.lsh:
                self.lsh.remove(key)
            del self.sets[key]
            self.sigs.pop(key, None)
            self.root.pop(key, None)
            self.refs.pop(key, None)
            self.order.pop(key, None)

    def remove(self, ref: ReportRef) -> None:
        self.remove_key(self.key(ref))


def mark_duplicates(reports_by_source: list[tuple[str, list]], finder: DuplicateFinder | None = None) -> None:
    """Set `duplicate_of` on every report that copies an earlier one (records updated in place)."""
    finder = finder or DuplicateFinder()
    for source, reports in reports_by_source:
        for r in reports:
            r.duplicate_of = finder.add(ReportRef(source, r.ordinal), r.text)
