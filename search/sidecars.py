"""Files kept beside the whoosh index, one entry per segment: derived, rebuilt when missing.

whoosh segments never change once written (deletions are recorded apart), so anything
computed from a segment stays true for as long as the segment exists.  Writers compute
these right after a commit, so queries do not pay for them; a reader that finds an entry
missing falls back to whoosh itself.

- `WordList`: the short words of each segment's lexicon, for questions with a one-character
  word (煤 -> 燃煤).
- `LongPostings`: numpy copies of each segment's long posting lists.  whoosh decodes
  postings in Python at ~85 ns each, so the first question with 学生 or 教师 in a 10k-report
  index (400k passages each) spent 30 ms reading one list; the copy reads in about 1 ms.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path

import numpy as np
from whoosh.matching.wrappers import FilterMatcher

from search.analysis import MODIFIER

VERSION = 2  # of the files below (2: the word list of index layout 2, unchanged)


def leaf_ids(matcher) -> list[int]:
    """All ids of a posting list; reads whole blocks when the matcher is whoosh's own."""
    if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block") and not matcher._byteids:
        out: list[int] = []
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            out.extend(accumulate(matcher._data[0]))  # block ids are delta-coded from 0
            matcher._next_block()
        return out
    return list(matcher.all_ids())


def all_postings(leaf, field: str, text: str) -> np.ndarray:
    """Sorted ids of the segment's passages holding the term, deleted ones included (the
    caller drops those: deletions change without the segment)."""
    try:
        m = leaf.postings(field, text)
    except Exception:  # TermNotFound
        return np.zeros(0, dtype=np.int32)
    if isinstance(m, FilterMatcher) and m._exclude:
        m = m.child  # the reader's filter over deleted documents
    return np.array(leaf_ids(m), dtype=np.int32)


def _segment_id(leaf) -> str | None:
    segment = leaf.segment()  # None for the reader of an empty index
    return segment.segment_id() if segment is not None else None


def _save_array(path: Path, array: np.ndarray) -> None:
    with path.open("wb") as f:  # a file object: np.save would add ".npy" to a path
        np.save(f, array)


def _write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    os.replace(tmp, path)


class WordList:
    """The short words (2-4 characters) of the text lexicon, per segment, in one JSON file.

    Walking the whole lexicon of a 10k-report index took 1.7 s; with this file a view only
    reads lexicons of segments it has not seen (after a merge, the merged segment).  Terms of
    deleted passages may stay listed: ranking drops words whose document frequency is 0.
    """

    FILE = "short_words.json"

    def __init__(self, index_dir: Path):
        self.path = index_dir / self.FILE
        self._lock = threading.Lock()

    def _load(self) -> dict[str, list[str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data["segments"] if data.get("version") == VERSION else {}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def terms(self, reader) -> set[str]:
        """Short words of every segment `reader` covers, reading only unseen segments."""
        with self._lock:
            known = self._load()
            current: dict[str, list[str]] = {}
            for leaf, _offset in reader.leaf_readers():
                sid = _segment_id(leaf)
                if sid is None:
                    continue
                if sid not in known:
                    words = (x.decode("utf-8") if isinstance(x, bytes) else x for x in leaf.lexicon("text"))
                    known[sid] = sorted(t for t in words if 2 <= len(t) <= 4 and not t.startswith(MODIFIER))
                current[sid] = known[sid]
            if current.keys() != self._load().keys():
                data = json.dumps({"version": VERSION, "segments": current}, ensure_ascii=False)
                try:
                    _write_atomic(self.path, lambda p: p.write_text(data, encoding="utf-8"))
                except OSError:  # a read-only data directory: keep it in memory only
                    pass
            return {w for words in current.values() for w in words}

    def refresh(self, reader) -> None:
        self.terms(reader)


class LongPostings:
    """numpy copies of the longer posting lists of each segment: DIR/postings/<segment>.*

    Every term in at least MIN_PASSAGES passages of a segment is kept, as whichever is
    smaller: a bitmap with a bit per passage (the commonest terms) or its sorted ids
    (16-bit while the segment has fewer than 65,536 passages).
    """

    DIR = "postings"
    MIN_PASSAGES = 256

    def __init__(self, index_dir: Path):
        self.dir = index_dir / self.DIR
        self._lock = threading.Lock()
        self._open: dict[str, _Segment] = {}

    def build(self, leaf) -> None:
        """Write the long posting lists of one segment (every indexed field)."""
        size = leaf.doc_count_all()
        id_type = np.uint16 if size <= 1 << 16 else np.uint32
        terms: dict[str, list[int]] = {}
        bitmaps: list[np.ndarray] = []
        lists: list[np.ndarray] = []
        n_ids = 0
        for field in leaf.indexed_field_names():
            for raw, info in leaf.iter_field(field):
                if info.doc_frequency() < self.MIN_PASSAGES:
                    continue
                text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                ids = all_postings(leaf, field, text)
                key = f"{field}\x00{text}"
                if len(ids) * np.dtype(id_type).itemsize > (size + 7) // 8:
                    bits = np.zeros(size, dtype=bool)
                    bits[ids] = True
                    terms[key] = [len(bitmaps)]
                    bitmaps.append(np.packbits(bits))
                else:
                    terms[key] = [n_ids, n_ids + len(ids)]
                    lists.append(ids.astype(id_type))
                    n_ids += len(ids)
        sid = _segment_id(leaf)
        self.dir.mkdir(parents=True, exist_ok=True)
        if bitmaps:
            _write_atomic(self.dir / f"{sid}.bits.npy", lambda p: _save_array(p, np.stack(bitmaps)))
        if lists:
            _write_atomic(self.dir / f"{sid}.ids.npy", lambda p: _save_array(p, np.concatenate(lists)))
        meta = {"version": VERSION, "size": size, "bit_rows": len(bitmaps), "id_count": n_ids, "terms": terms}
        meta = json.dumps(meta, ensure_ascii=False)
        # the JSON comes last: a segment is described once all its files are complete
        _write_atomic(self.dir / f"{sid}.json", lambda p: p.write_text(meta, encoding="utf-8"))

    def refresh(self, reader) -> None:
        """Describe the segments `reader` covers that have no entry yet; drop entries of
        segments gone in a merge (a reader that still maps one keeps its open copy)."""
        with self._lock:
            live = set()
            for leaf, _offset in reader.leaf_readers():
                sid = _segment_id(leaf)
                if sid is None:
                    continue
                live.add(sid)
                if not (self.dir / f"{sid}.json").exists():
                    try:
                        self.build(leaf)
                    except OSError:  # a read-only data directory: whoosh answers instead
                        return
            if self.dir.exists():
                for path in self.dir.iterdir():
                    if path.name.split(".")[0] not in live:
                        path.unlink(missing_ok=True)

    def _segment(self, leaf) -> _Segment | None:
        sid = _segment_id(leaf)
        if sid is None:
            return None
        entry = self._open.get(sid)
        if entry is None:  # not looked at yet, or not written yet when last looked at
            try:
                meta = json.loads((self.dir / f"{sid}.json").read_text(encoding="utf-8"))
                if meta.get("version") != VERSION or meta["size"] != leaf.doc_count_all():
                    return None
                entry = _Segment(self.dir, sid, meta)
            except (OSError, ValueError, KeyError, TypeError):
                return None
            self._open[sid] = entry
        return entry

    def lookup(self, leaf, field: str, text: str) -> np.ndarray | None:
        """Sorted ids (deleted passages included) of a long posting list of the segment, or
        None when the term's list is short there or the segment has no entry."""
        entry = self._segment(leaf)
        return entry.ids(f"{field}\x00{text}") if entry is not None else None


class _Segment:
    """One segment's copies, memory-mapped; shapes checked against the description."""

    def __init__(self, where: Path, sid: str, meta: dict):
        self.size = meta["size"]
        self.terms = meta["terms"]
        self.bits = self.ids_ = None
        if meta["bit_rows"]:
            self.bits = np.load(where / f"{sid}.bits.npy", mmap_mode="r")
            if self.bits.shape != (meta["bit_rows"], (self.size + 7) // 8) or self.bits.dtype != np.uint8:
                raise ValueError(f"{where / sid}.bits.npy: unexpected shape")
        if meta["id_count"]:
            self.ids_ = np.load(where / f"{sid}.ids.npy", mmap_mode="r")
            if self.ids_.shape != (meta["id_count"],) or self.ids_.dtype.kind != "u":
                raise ValueError(f"{where / sid}.ids.npy: unexpected shape")

    def ids(self, key: str) -> np.ndarray | None:
        at = self.terms.get(key)
        if at is None:
            return None
        if len(at) == 1:
            return np.flatnonzero(np.unpackbits(self.bits[at[0]], count=self.size)).astype(np.int32)  # type: ignore[index]
        return self.ids_[at[0] : at[1]].astype(np.int32)  # type: ignore[index]
