"""SearchIndex: the whoosh index of report passages, and search over it.

Storage is plain whoosh (one document per passage, facet fields as ID/KEYWORD terms, passage
text stored with positions and character offsets).  Matching and ranking do not go through
whoosh's scorer: each question becomes a few concept groups (see search/query.py) and the
work is set algebra over posting lists, which runs at C speed however many passages match —
so facets can always be counted over *all* matching reports.  See search/ranking.py.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, FieldType, Schema
from whoosh.formats import Existence

from ingest.records import Document, Report
from search import idsets
from search.analysis import MODIFIER, JiebaTokenizer, make_analyzer
from search.figures import number_value
from search.passages import report_passages
from search.sidecars import LongPostings, WordList, all_postings
from search.vocabulary import Vocabulary

REPORT_FACETS = ("province", "county", "level", "year")
PASSAGE_FACETS = ("section", "category")
REPORT_FILTERS = ("province", "county", "level", "year", "school", "source")
PASSAGE_FILTERS = ("section", "category")
FILTER_FIELDS = REPORT_FILTERS + PASSAGE_FILTERS
META_KEYS = ("source", "ordinal", "report", "school", "province", "county", "level", "year")
INDEX_NAME = "passages"
# whoosh's in-memory posting pool per writer process during rebuild.  whoosh counts ~180 bytes
# per posting, so a 60k-passage segment (~50 terms a passage) needs ~540 MB; past the limit the
# pool spills sorted runs and merges them back in Python (a third slower).  Writer processes
# take batches from one queue, so one may get more than its share: leave room.
BULK_LIMIT_MB = 768
CHUNK_PASSAGES = 60_000  # passages per writer process per segment: stays within that pool


LAYOUT = 3  # bumped whenever the stored layout changes; an older index must be rebuilt


class PassageTerms(Existence):
    """Postings that only say "this passage holds this term".

    Ranking is set algebra over passages (no term frequencies, positions or character
    offsets), and highlighting re-tokenises the short passage shown, so storing more would
    only slow indexing down.  The analyzer's `terms()` skips building a token stream.
    """

    def word_values(self, value, analyzer, **kwargs):
        terms = analyzer.terms(value) if hasattr(analyzer, "terms") else {t.text for t in analyzer(value)}
        fb = self.field_boost
        return ((w, 1, fb, b"") for w in terms)


def _remember_missing_columns() -> None:
    """whoosh asks a segment's per-document reader for the length of every posting's field; for
    a field without a length column (no scorable field here) it looks for the column file on
    disk each time, one `os.path.exists` per posting.  Remember the miss: a written segment's
    files never change."""
    from whoosh.codec import whoosh3

    original = whoosh3.W3PerDocReader._cached_reader
    if getattr(original, "remembers_missing", False):
        return

    def _cached_reader(self, fieldname, column):
        reader = original(self, fieldname, column)
        if reader is None:
            self._readers[fieldname] = None
        return reader

    _cached_reader.remembers_missing = True  # type: ignore[attr-defined]
    whoosh3.W3PerDocReader._cached_reader = _cached_reader


_remember_missing_columns()


def passage_text_field(analyzer: JiebaTokenizer) -> FieldType:
    fmt = PassageTerms()
    fmt.layout = LAYOUT  # pickled with the schema: says which layout wrote the index
    return FieldType(format=fmt, analyzer=analyzer, stored=True, scorable=False)


def make_schema(analyzer: JiebaTokenizer) -> Schema:
    """Passage documents.  Report facts are stored once, on the report's first passage (head),
    and filtered in memory; a passage only indexes what differs between passages."""
    return Schema(
        doc=ID(),  # document path: the key of replace/remove
        rno=COLUMN(NumericColumn("Q")),  # report number, per passage (not indexed)
        head=ID(),  # "1" on the first passage of each report
        report_meta=STORED(),  # on the head: source, ordinal, report IRI, school, place, level, year
        section=ID(stored=True),  # basic | body | problems | measures | other
        category=KEYWORD(stored=True, commas=True),  # problem categories of the passage
        problem=ID(),  # "1": overlaps a problem span of the extraction
        text=passage_text_field(analyzer),
        span=STORED(),  # [start, end) in the document's normalised text
    )


def layout_of(schema: Schema) -> int:
    """The layout an index on disk was written with (1: positions and offsets per passage;
    2: term sets, count labels like 专任教师数 kept whole before 量 too; 3: split before 数量)."""
    if set(schema.names()) != set(make_schema(make_analyzer()).names()):
        return 0
    fmt = schema["text"].format
    return getattr(fmt, "layout", 2) if isinstance(fmt, PassageTerms) else 1


def report_number(path: str, ordinal: int) -> int:
    digest = hashlib.blake2b(f"{path}\0{ordinal}".encode(), digest_size=7).digest()
    return int.from_bytes(digest, "big")


def report_meta(doc: Document, report: Report, iri: str | None, extra: dict | None = None) -> dict[str, Any]:
    """What a hit says about its report (stored once per report)."""
    year = (report.date or "")[:4]
    meta = {
        "source": doc.source,
        "ordinal": report.ordinal,
        "report": iri or None,
        "school": report.school.name,
        "province": report.place.province,
        "county": report.place.county,
        "level": report.school.level,
        "year": year if year.isdigit() else None,
    }
    for key, value in (extra or {}).items():
        if key in meta and value is not None:
            meta[key] = value
    return meta


def document_rows(doc: Document, report_iris: list[str], extra: dict | None = None) -> Iterable[dict[str, Any]]:
    """One whoosh document per passage of every report of `doc`."""
    for i, report in enumerate(doc.reports):
        iri = report_iris[i] if i < len(report_iris) else None
        rno = report_number(doc.path, report.ordinal)
        for n, p in enumerate(report_passages(doc, report)):
            row: dict[str, Any] = {"doc": doc.path, "rno": rno, "section": p.section, "text": p.text, "span": (p.start, p.end)}
            if p.categories:
                row["category"] = ",".join(p.categories)
            if p.problem:
                row["problem"] = "1"
            if n == 0:
                row["head"] = "1"
                row["report_meta"] = {**report_meta(doc, report, iri, extra), "rno": rno}
            yield row


# --- reading ------------------------------------------------------------------------------


class View:
    """One open searcher plus arrays derived from it.

    Posting lists are read once into sorted numpy arrays of docnums (cached), and the work
    of a query is vector arithmetic over arrays with one slot per passage, so it stays in C
    however many passages match.
    """

    TERM_CACHE_BYTES = 256 * 1024 * 1024  # posting arrays kept per open index

    def __init__(self, ix, words: WordList | None = None, long_postings: LongPostings | None = None):
        self.words = words
        self.long_postings = long_postings
        self.searcher = ix.searcher()
        self.reader = self.searcher.reader()
        self.passages = self.reader.doc_count()  # live passages
        self.size = self.reader.doc_count_all()  # docnum range (deleted ones included)
        self._terms: OrderedDict[tuple, Any] = OrderedDict()
        self._cached_bytes = 0
        self._lock = threading.RLock()
        self._report_of: np.ndarray | None = None
        self.reports: list[dict[str, Any]] = []
        self.report_order: np.ndarray = idsets.EMPTY  # position of each report in (source, ordinal) order
        self._codes: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._by_char: dict[str, list[str]] | None = None
        self._short_words: set[str] | None = None  # every text term of 2-4 characters (_lexicon_words)
        self._numbers: tuple[np.ndarray, list[str]] | None = None
        self._df: dict[tuple[str, str], int] = {}

    def ids(self, field: str, text: str) -> np.ndarray:
        """Sorted docnums of live passages holding `text` in `field` (cached)."""
        key = (field, text)
        with self._lock:
            hit = self._terms.get(key)
            if hit is not None:
                self._terms.move_to_end(key)
                return hit
        short = self._short_words
        if short is not None and field == "text" and 2 <= len(text) <= 4 and text not in short and text[0] != MODIFIER:
            return idsets.EMPTY  # a synonym no passage uses (艺体): no look into every segment
        parts = []
        for leaf, offset in self.reader.leaf_readers():
            arr = self.long_postings.lookup(leaf, field, text) if self.long_postings is not None else None
            if arr is None:
                if (field, text) not in leaf:
                    continue
                arr = all_postings(leaf, field, text)
            if len(arr) and leaf.has_deletions():
                arr = arr[~np.isin(arr, np.fromiter(leaf.deleted_docs_set, dtype=np.int32))]
            parts.append(arr + offset if offset else arr)
        # leaves hold ascending, disjoint docnum ranges: concatenating keeps the order
        result = np.concatenate(parts) if len(parts) > 1 else (parts[0] if parts else idsets.EMPTY)
        result.flags.writeable = False
        self._remember(key, result)
        return result

    def _remember(self, key: tuple, value: np.ndarray | tuple[np.ndarray, ...]) -> None:
        nbytes = sum(a.nbytes for a in value) if isinstance(value, tuple) else value.nbytes
        with self._lock:
            if key in self._terms:
                return
            self._terms[key] = value
            self._cached_bytes += nbytes
            while self._cached_bytes > self.TERM_CACHE_BYTES and len(self._terms) > 1:
                _, old = self._terms.popitem(last=False)
                self._cached_bytes -= sum(a.nbytes for a in old) if isinstance(old, tuple) else old.nbytes

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """`compute()` once per view for `key` (arrays, or a tuple of them), in the same
        byte-bounded cache as the posting lists: questions share words (不足, 教师) and
        categories, so their sets are reused across questions."""
        with self._lock:
            hit = self._terms.get(key)
            if hit is not None:
                self._terms.move_to_end(key)
                return hit
        value = compute()
        self._remember(key, value)
        return value

    def ids_loose(self, term: str) -> np.ndarray:
        """Passages holding `term` as a word or as the modifier of a longer word (~term)."""
        key = ("text~", term)
        with self._lock:
            hit = self._terms.get(key)
        if hit is None:
            extra = self.ids("text", MODIFIER + term)
            hit = idsets.union([self.ids("text", term), extra], self.size)
            self._remember(key, hit)
        return hit

    def prepare(self) -> None:
        """Build the tables every question may need, once per view: paid by the first
        question after opening (or a warm-up), not by the first with a one-character word."""
        _ = self.report_of
        self.words_with_char("")

    def doc_frequency(self, field: str, text: str) -> int:
        """Passages holding `text` (deleted ones included), from the lexicon alone (cached)."""
        key = (field, text)
        n = self._df.get(key)
        if n is None:
            n = self._df[key] = self.reader.doc_frequency(field, text)
        return n

    def _lexicon_words(self) -> set[str]:
        """Every text term of 2-4 characters (no ~modifier), read from the lexicon once per view:
        the source of words_with_char and numbers_between, and of ids' short cut for a synonym
        no passage uses."""
        if self._short_words is None:
            with self._lock:
                if self._short_words is None:
                    terms = self.words.terms(self.reader) if self.words is not None else self.values("text")
                    self._short_words = {t for t in terms if 2 <= len(t) <= 4 and not t.startswith(MODIFIER)}
        return self._short_words

    def words_with_char(self, ch: str) -> list[str]:
        """Words of 2-4 characters in the text lexicon that contain `ch` (index built once)."""
        if self._by_char is None:
            words = self._lexicon_words()
            with self._lock:
                if self._by_char is None:
                    by_char: dict[str, list[str]] = {}
                    for term in sorted(words):
                        for c in set(term):
                            by_char.setdefault(c, []).append(term)
                    self._by_char = by_char
        return self._by_char.get(ch, [])

    def numbers_between(self, low: float, high: float) -> list[str]:
        """Number terms of the text lexicon ("58", "50.7", "二十") whose value is in [low, high]."""
        if self._numbers is None:
            words = self._lexicon_words()
            with self._lock:
                if self._numbers is None:
                    pairs = sorted((v, t) for t in words if (v := number_value(t)) is not None)
                    self._numbers = (np.array([v for v, _ in pairs], dtype=np.float64), [t for _, t in pairs])
        values, terms = self._numbers
        lo, hi = np.searchsorted(values, low, "left"), np.searchsorted(values, high, "right")
        return terms[lo:hi]

    def flag(self, field: str, text: str) -> np.ndarray:
        """Read-only mask with a slot per passage: does it hold `text` in `field` (cached)."""
        key = ("flag:" + field, text)
        with self._lock:
            hit = self._terms.get(key)
        if hit is None:
            hit = self.mask(self.ids(field, text))
            hit.flags.writeable = False
            self._remember(key, hit)
        return hit

    def mask(self, ids: np.ndarray) -> np.ndarray:
        return idsets.mask(ids, self.size)

    def values(self, field: str) -> list[str]:
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in self.reader.lexicon(field)]

    @property
    def report_of(self) -> np.ndarray:
        """docnum -> index into self.reports (-1 for none)."""
        if self._report_of is None:
            with self._lock:
                if self._report_of is None:
                    self._build_reports()
        return self._report_of  # type: ignore[return-value]

    def _build_reports(self) -> None:
        index_of: dict[int, int] = {}
        reports = []
        for docnum in self.ids("head", "1").tolist():
            meta = self.reader.stored_fields(docnum)["report_meta"]
            index_of[meta["rno"]] = len(reports)
            reports.append(meta)
        self.reports = reports
        get = index_of.get
        self._report_of = np.fromiter((get(v, -1) for v in self.reader.column_reader("rno")), dtype=np.int32, count=self.size)
        order = sorted(range(len(reports)), key=lambda i: (reports[i]["source"] or "", reports[i]["ordinal"] or 0))
        self.report_order = np.empty(len(reports), dtype=np.int32)
        self.report_order[order] = np.arange(len(reports), dtype=np.int32)

    def codes(self, field: str) -> tuple[np.ndarray, list[str]]:
        """Per report, the index of its value of `field` in the returned labels (-1: none)."""
        if field not in self._codes:
            _ = self.report_of
            labels = sorted({str(m.get(field)) for m in self.reports if m.get(field)})
            where = {v: i for i, v in enumerate(labels)}
            arr = np.fromiter((where.get(str(m.get(field)), -1) for m in self.reports), dtype=np.int32, count=len(self.reports))
            self._codes[field] = (arr, labels)
        return self._codes[field]

    def passage_bits(self, field: str) -> tuple[np.ndarray, list[str]]:
        """Per passage, a bit set of its values of `field` (bit i = labels[i]); for facets."""
        if field not in self._codes:
            labels = self.values(field)[:63]
            bits = np.zeros(self.size, dtype=np.int64)
            for i, label in enumerate(labels):
                bits[self.ids(field, label)] |= np.int64(1) << i
            self._codes[field] = (bits, labels)
        return self._codes[field]

    def up_to_date(self) -> bool:
        return self.searcher.up_to_date()

    def close(self) -> None:
        self.searcher.close()


class IndexVersionError(RuntimeError):
    """The index on disk has another layout than this code writes; rebuild it."""


class IndexBatch:
    """Many documents replaced under one whoosh writer, visible together at `commit()`.

    One commit per file cost more than indexing the file (a segment written, then merged);
    a batch pays that once.  A path can be replaced only once per batch, because whoosh
    deletes only from what is already committed."""

    def __init__(self, index: SearchIndex):
        self.index = index
        self.writer = index.ix.writer(limitmb=256)
        self.paths: set[str] = set()

    def replace_document(self, doc: Document, report_iris: list[str], extra: dict | None = None) -> int:
        if doc.path in self.paths:
            raise ValueError(f"{doc.path}: already replaced in this batch")
        self.paths.add(doc.path)
        self.writer.delete_by_term("doc", doc.path)
        n = 0
        for row in document_rows(doc, report_iris, extra):
            self.writer.add_document(**row)
            n += 1
        return n

    def commit(self) -> None:
        self.writer.commit()
        self.index._changed()
        self.index.refresh_sidecars()

    def cancel(self) -> None:
        self.writer.cancel()


class SearchIndex:
    """Passages of every ingested report, searchable by meaning (see module docstring)."""

    def __init__(self, index_dir: Path | str, vocabulary: Vocabulary | None = None):
        self.dir = Path(index_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.ix = None
        self._stale = False
        self._vocabulary = vocabulary
        self._fixed_vocabulary = vocabulary is not None  # given by the caller: keep it on rebuild
        self._view: View | None = None
        self._parser = None
        self._analyzer: tuple[Any, JiebaTokenizer] | None = None
        self._lock = threading.Lock()
        self.words = WordList(self.dir)
        self.long_postings = LongPostings(self.dir)
        if whoosh_index.exists_in(self.dir, INDEX_NAME):
            self.ix = whoosh_index.open_dir(self.dir, indexname=INDEX_NAME)
            # an index of an older layout can only be rebuilt (rebuild() works, the rest refuses)
            self._stale = layout_of(self.ix.schema) != LAYOUT
        else:
            self.ix = self._create()

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            self._vocabulary = Vocabulary.load()
        return self._vocabulary

    @property
    def analyzer(self) -> JiebaTokenizer:
        # ix.schema unpickles the table of contents on every call, and with it a fresh
        # analyzer whose memos start empty: keep the one of the current index
        if self._analyzer is None or self._analyzer[0] is not self.ix:
            self._analyzer = (self.ix, self.ix.schema["text"].analyzer)
        return self._analyzer[1]

    def _create(self):
        return whoosh_index.create_in(self.dir, make_schema(make_analyzer(self.vocabulary.words)), indexname=INDEX_NAME)

    @property
    def stale(self) -> bool:
        """Written by an older layout: only `rebuild` works on it."""
        return self._stale

    def _check_layout(self) -> None:
        if self._stale:
            raise IndexVersionError(
                f"{self.dir}: 检索索引由旧版本建立，请运行 junheng reindex / "
                "the search index was built by an older version: run `junheng reindex`"
            )

    def _changed(self) -> None:
        with self._lock:
            if self._view is not None:
                self._view.close()
            self._view = None
            self._parser = None

    # --- writing ---------------------------------------------------------------------------

    def replace_document(self, doc: Document, report_iris: list[str], extra: dict | None = None) -> int:
        """Index `doc`'s reports, dropping what was indexed for the same path before."""
        self._check_layout()
        writer = self.ix.writer(limitmb=128)
        try:
            writer.delete_by_term("doc", doc.path)
            n = 0
            for row in document_rows(doc, report_iris, extra):
                writer.add_document(**row)
                n += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self._changed()
        self.refresh_sidecars()
        return n

    def remove_document(self, path: str) -> None:
        self.remove_documents([path])

    def remove_documents(self, paths: Iterable[str]) -> None:
        self._check_layout()
        writer = self.ix.writer()
        for path in paths:
            writer.delete_by_term("doc", path)
        writer.commit()
        self._changed()
        self.refresh_sidecars()

    def document_paths(self) -> set[str]:
        """Paths of the documents that have passages in the index."""
        with self.ix.reader() as reader:
            paths = {t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon("doc")}
            if reader.has_deletions():  # the lexicon keeps terms of deleted passages until a merge
                paths = {p for p in paths if reader.postings("doc", p).is_active()}
            return paths

    def batch(self) -> IndexBatch:
        """A writer for many documents, committed together (see IndexBatch)."""
        self._check_layout()
        return IndexBatch(self)

    def rebuild(self, items: Iterable[tuple[Document, list[str]]], *, procs: int = 1) -> int:
        """Drop everything and index `items` afresh (the vocabulary is re-read, too).

        Written as one segment per CHUNK_PASSAGES passages per writer process: whoosh sorts a
        segment's postings in memory up to `limitmb` and beyond that spills sorted runs to
        disk and merges them back one posting at a time in Python, which was half the cost
        of a large rebuild.  Queries read a handful of segments at no visible cost.
        """
        self._changed()
        if not self._fixed_vocabulary:
            self._vocabulary = None
        self.ix = self._create()  # a fresh, empty index (also replaces one of an older layout)
        self._stale = False
        if procs > 1:  # load jieba once here: the writer processes are forked from this one
            self.analyzer.jieba  # noqa: B018
        chunk = CHUNK_PASSAGES * max(1, procs)
        writer, in_writer, n = None, 0, 0
        try:
            for doc, iris in items:
                if writer is None:
                    writer = self._bulk_writer(procs)
                for row in document_rows(doc, iris):
                    writer.add_document(**row)
                    in_writer += 1
                    n += 1
                if in_writer >= chunk:  # whole documents per segment
                    writer.commit(merge=False)
                    writer, in_writer = None, 0
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise
        if writer is not None:
            writer.commit(merge=False)
        self._changed()
        self.refresh_sidecars()
        return n

    def refresh_sidecars(self) -> None:
        """Describe new segments right after a commit (writers pay for it, not queries)."""
        with self.ix.reader() as reader:
            self.words.refresh(reader)
            self.long_postings.refresh(reader)

    def _bulk_writer(self, procs: int):
        if procs > 1:
            return self.ix.writer(procs=procs, multisegment=True, limitmb=BULK_LIMIT_MB, batchsize=500)
        return self.ix.writer(limitmb=BULK_LIMIT_MB)

    # --- reading ---------------------------------------------------------------------------

    def view(self) -> View:
        with self._lock:
            if self._view is not None and not self._view.up_to_date():
                self._view.close()
                self._view = None
                self._parser = None
            if self._view is None:
                self._view = View(self.ix, self.words, self.long_postings)
            return self._view

    @property
    def parser(self):
        if self._parser is None:
            from search.query import QueryParser

            self._parser = QueryParser(self.analyzer, self.vocabulary)
        return self._parser

    def search(self, query: str, *, filters: dict[str, str] | None = None, limit: int = 10, offset: int = 0) -> dict:
        """The search contract (shared/contracts/search.md) for `query`."""
        from search.ranking import run_search

        self._check_layout()
        return run_search(self, query, filters=filters, limit=limit, offset=offset)

    def close(self) -> None:
        self._changed()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
