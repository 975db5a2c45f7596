"""The facade: a corpus is a data directory with a graph store, a search index and a manifest.

Web pages and CLI commands use only this class.  Layout (docs/INTERFACES.md):

    DIR/store/          Oxigraph on disk, opened as rdflib Dataset(store="Oxigraph")
    DIR/index/          whoosh index (search/)
    DIR/originals/      a copy of each ingested file: <sha256><ext>
    DIR/manifest.json   base IRI, vocabulary/standards fingerprints, one entry per ingested file

All-or-nothing per document: the document's whole named graph is built in memory and replaced
in ONE store transaction; then the index is updated and the original copied; the manifest is
written last (temp file + os.replace).  A process killed at any point leaves the previous
manifest and, for every document, either its old or its new graph — never half of one.  A
document whose graph is newer than the manifest is simply re-ingested next time (its sha256
differs from the manifest's).  Derived results (assessments, county CVs) live in one graph
replaced in one transaction after each batch; the manifest records which corpus state they were
computed for, so a stale derived graph is recomputed on the next writable open.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ingest.duplicates import DuplicateFinder, shingles
from ingest.errors import IngestError
from junheng.config import SUPPORTED_EXTENSIONS, base_iri, data_dir
from kg import queries
from kg.iris import Iris
from kg.namespaces import JH, PROV, RDF
from kg.store import drop_graph, graph_names, open_dataset, oxigraph, replace_graph, replace_graphs
from ontology import DEFAULT_BASE

REBUILD_PROCS_FROM = 200  # documents from which a rebuild of the search index uses several processes

MANIFEST = "manifest.json"
PROGRESS_MIN_FILES = 20  # show a progress bar when stderr is a terminal or there are at least this many files


@dataclass
class IngestSummary:
    ok: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    standards: list[str] = field(default_factory=list)
    reports: int = 0
    triples: int = 0

    def to_dict(self) -> dict:
        return {"ok": self.ok, "skipped": [{"file": f, "why": w} for f, w in self.skipped],
                "failed": [{"file": f, "reason": r} for f, r in self.failed], "standards": self.standards,
                "reports": self.reports, "triples": self.triples}

    def text(self) -> str:
        lines = [f"成功 {len(self.ok)} 个文件（{self.reports} 篇报告），跳过 {len(self.skipped)} 个，失败 {len(self.failed)} 个"
                 f" / ok {len(self.ok)}, skipped {len(self.skipped)}, failed {len(self.failed)}"]
        lines += [f"  标准 / standard: {s}" for s in self.standards]
        lines += [f"  跳过 / skipped: {f} — {w}" for f, w in self.skipped]
        lines += [f"  失败 / failed: {f} — {r}" for f, r in self.failed]
        return "\n".join(lines)


def expand_paths(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest (folders recursively, supported types only) and paths that are missing."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_EXTENSIONS
                            and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            files.append(p)
        else:
            missing.append((str(p), "文件不存在 / file not found"))
    seen, out = set(), []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            out.append(r)
    return out, missing


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_json_atomic(path: Path, data: dict | list, indent: int | None = 1) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class Corpus:
    """A data directory: graph store + search index + manifest.  Use as a context manager.

    The manifest on disk is the commit record: a file listed there is complete in the graph
    and in the index.  `ingest` writes each file's graph in one transaction, gathers index
    writes, and commits index then manifest every COMMIT_FILES files (or COMMIT_SECONDS);
    a killed ingest leaves graphs and passages the manifest does not list, and the next
    writable open drops them (see _drop_uncommitted).
    """

    COMMIT_FILES = 200
    COMMIT_SECONDS = 60.0

    def __init__(self, data: str | os.PathLike | None = None, base: str | None = None, *, read_only: bool = False):
        self.dir = data_dir(data)
        self.read_only = read_only
        if not read_only:
            self.dir.mkdir(parents=True, exist_ok=True)
        self.manifest = self._load_manifest()
        chosen = base_iri(base) or self.manifest.get("base") or DEFAULT_BASE
        if self.manifest.get("files") and self.manifest.get("base") and chosen != self.manifest["base"]:
            raise ValueError(f"语料已用基址 {self.manifest['base']} 建立 / corpus was built with base {self.manifest['base']}")
        self.manifest["base"] = chosen
        self.iris = Iris(chosen)
        if read_only and not (self.dir / "store").exists():
            raise FileNotFoundError(f"{self.dir}: 没有语料 / no corpus here (run `junheng ingest` first)")
        self.ds = open_dataset(self.dir / "store", read_only=read_only)
        self._index = None
        self._index_warned = False
        self._dups: DuplicateFinder | None = None
        self._signatures: dict[str, tuple] = {}  # report IRI -> shingles and MinHash, query to insert
        self._last_triples = 0
        self._views: dict[tuple[str, str], list[dict]] = {}
        self._batch = None  # search.index.IndexBatch while ingest() runs
        self._batching = False
        self._batch_files = 0
        self._batch_started = 0.0
        if not read_only:
            self._ensure_vocabulary()
            dropped = self._drop_uncommitted()
            if dropped or self.manifest.get("derived_for") != self._state_key():
                self._recompute_derived()

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._batch is not None:
            self._commit_batch()
        if self._index is not None:
            try:
                self._index.close()
            except Exception:  # closing must not mask the caller's error
                pass
            self._index = None
        self.ds.close()
        gc.collect()  # query-result iterators in reference cycles keep the store (and its lock) alive

    @property
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    def _load_manifest(self) -> dict:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        data.setdefault("files", {})
        data.setdefault("standards", {})
        return data

    def _save_manifest(self) -> None:
        if self._batch is not None:
            self._commit_batch()  # the manifest must never list passages not yet committed
        else:
            write_json_atomic(self.manifest_path, self.manifest)

    def _commit_batch(self) -> None:
        """Commit the gathered index writes, then the manifest that lists their files."""
        batch, self._batch = self._batch, None
        if batch is not None:
            batch.commit()
        self._batch_files = 0
        write_json_atomic(self.manifest_path, self.manifest)

    def _drop_uncommitted(self) -> bool:
        """Drop document graphs and passages of files the manifest does not list (a killed
        ingest).  The next ingest of those files stores them again."""
        listed = {e["graph"] for e in self.manifest["files"].values()}
        prefix = str(self.iris("document/"))
        orphans = [g for g in graph_names(self.ds) if g.startswith(prefix) and g not in listed]
        if orphans:
            replace_graphs(self.ds, {}, drop=orphans)
        stray: list[str] = []
        if (self.dir / "index").exists():
            idx = self._search_index(rebuild_stale=False)  # an old index is rebuilt when first used
            if idx is not None:
                try:
                    stray = sorted(idx.document_paths() - set(self.manifest["files"]))
                except Exception:  # an index of an older layout: `junheng reindex` rebuilds it
                    stray = []
                if stray:
                    idx.remove_documents(stray)
        return bool(orphans or stray)

    def _state_key(self) -> str:
        state = sorted((p, e["sha256"]) for p, e in self.manifest["files"].items())
        state.append(sorted((k, v.get("sha256", "")) for k, v in self.manifest["standards"].items()))
        state.append(self.manifest.get("vocab"))
        return hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()

    # ------------------------------------------------------------------ vocabulary and standards
    def _ensure_vocabulary(self) -> None:
        """Load ontology/*.ttl and the national standards when missing or changed (one transaction)."""
        from kg.standards import files_fingerprint, national_graphs, national_standard_files
        from kg.vocab import vocab_files, vocab_graph

        files = vocab_files() + national_standard_files()
        fp = files_fingerprint(files) + "|" + self.iris.base
        if self.manifest.get("vocab") == fp:
            return
        graphs: dict[str, Graph] = {str(self.iris.graph("vocab")): vocab_graph(self.iris)}
        national = national_graphs(self.iris)
        old = [g for g in graph_names(self.ds) if g.startswith(str(self.iris.graph("standard/national-")))]
        for sid, g in national.items():
            graphs[str(self.iris.graph(f"standard/national-{sid}"))] = g
        replace_graphs(self.ds, graphs, drop=old)
        self.manifest["vocab"] = fp
        self._save_manifest()

    def add_standard(self, path: str | os.PathLike, std=None) -> tuple[str, bool]:
        """Read a standards document (ingest.standards) and store it as a Standard.
        Returns (standard id, changed); an unchanged file already stored is not read again."""
        from ingest.standards import read_standard
        from kg.standards import standard_graph

        self._writable()
        file, sha = str(Path(path).resolve()), file_sha256(Path(path))
        for sid, e in self.manifest["standards"].items():
            if e.get("file") == file and e.get("sha256") == sha:
                return sid, False
        std = std or read_standard(path)
        name = str(self.iris.graph(f"standard/doc-{std.id}"))
        stale = [e["graph"] for sid, e in self.manifest["standards"].items() if e.get("file") == file and sid != std.id]
        from kg.store import replace_graphs

        replace_graphs(self.ds, {name: standard_graph(std, self.iris)}, drop=stale)
        self.manifest["standards"] = {k: v for k, v in self.manifest["standards"].items() if v.get("file") != file}
        self.manifest["standards"][std.id] = {"file": file, "graph": name, "sha256": sha, "title": std.title,
                                              "number": std.number, "region": std.region,
                                              "requirements": len(std.requirements)}
        self._save_manifest()
        return std.id, True

    # ------------------------------------------------------------------ ingest / remove
    def ingest(self, paths: Iterable[str | os.PathLike] = (), standards: Iterable[str | os.PathLike] = (),
               progress: bool | None = None, max_bytes: int | None = None) -> IngestSummary:
        """Ingest files and folders (recursively).  Unchanged files are skipped; changed ones replace
        exactly their graph; one bad file never stops the batch."""
        self._writable()
        summary = IngestSummary()
        changed = False
        standard_files = set()
        for sp in standards:
            standard_files.add(Path(sp).resolve())
            try:
                sid, new = self.add_standard(sp)
                summary.standards.append(sid)
                changed |= new
            except IngestError as e:
                summary.failed.append((str(sp), e.reason))
        files, missing = expand_paths(paths)
        files = [f for f in files if f not in standard_files]
        summary.failed += missing
        bar = None
        if progress is None:
            progress = sys.stderr.isatty() or len(files) >= PROGRESS_MIN_FILES
        if progress and files:
            from tqdm import tqdm

            bar = tqdm(total=len(files), file=sys.stderr, unit="文件", desc="导入 / ingest", leave=False,
                       disable=not (sys.stderr.isatty() or len(files) >= PROGRESS_MIN_FILES))
        self._batching = True
        try:
            for f in files:
                try:
                    status = self._ingest_file(f, summary, max_bytes)
                    changed |= status == "ok"
                except IngestError as e:
                    summary.failed.append((str(f), e.reason))
                except Exception as e:  # noqa: BLE001 — one bad file never aborts a batch
                    summary.failed.append((str(f), f"内部错误 / internal error: {type(e).__name__}: {e}"))
                if bar is not None:
                    bar.update(1)
        finally:
            self._batching = False
            if self._batch is not None:
                self._commit_batch()
            if bar is not None:
                bar.close()
            if changed:
                self._recompute_derived()
                oxigraph(self.ds).flush()  # write memtables out so the write-ahead log can be trimmed
        return summary

    def _ingest_file(self, path: Path, summary: IngestSummary, max_bytes: int | None) -> str:
        from ingest.pipeline import read_document
        from ingest.standards import read_if_standard

        key = str(path)
        sha = file_sha256(path)
        entry = self.manifest["files"].get(key)
        if entry and entry.get("sha256") == sha and entry.get("base", self.iris.base) == self.iris.base:
            summary.skipped.append((key, "未改变 / unchanged"))
            return "skipped"
        if key not in self.manifest["files"] and any(e.get("file") == key for e in self.manifest["standards"].values()):
            sid, new = self.add_standard(path)
            if new:
                summary.standards.append(sid)
                return "ok"
            summary.skipped.append((key, "标准未改变 / standard unchanged"))
            return "skipped"
        std = read_if_standard(path) if key not in self.manifest["files"] else None
        if std is not None:  # a standards document found among the reports
            sid, _new = self.add_standard(path, std)
            summary.standards.append(sid)
            return "ok"
        doc = read_document(path, **({"max_bytes": max_bytes} if max_bytes else {}))
        self.store_document(doc)
        summary.ok.append(key)
        summary.reports += len(doc.reports)
        summary.triples += self._last_triples
        return "ok"

    def store_document(self, doc, original: Path | None = None) -> list[str]:
        """Put one extracted Document into the corpus (graph, index, original, manifest — in that order)."""
        from kg.build import document_triples, report_iris

        self._writable()
        key = doc.path
        old = self.manifest["files"].get(key)
        graph = document_triples(doc, self.iris, resolve=self._resolve_ref, inline_entities=False)
        riris = report_iris(doc, self.iris)
        self._link_duplicates(doc, riris, graph, exclude_doc=key)
        name = str(self.iris.document(key))
        replace_graph(self.ds, name, graph)  # the one transaction that makes the new version visible
        self._last_triples = len(graph)
        self._index_replace(doc, riris)
        src = original or Path(doc.path)
        ext = src.suffix.lower() or f".{doc.format}"
        copy = self.dir / "originals" / f"{doc.sha256}{ext}"
        if src.is_file() and not copy.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            tmp = copy.with_suffix(copy.suffix + ".part")
            shutil.copyfile(src, tmp)
            os.replace(tmp, copy)
        self.manifest["files"][key] = {
            "sha256": doc.sha256, "graph": name, "source": doc.source, "format": doc.format,
            "reports": riris, "original": copy.name if copy.exists() else None,
            "ingested_at": datetime.now(UTC).replace(microsecond=0).isoformat(), "base": self.iris.base}
        if self._batch is not None:
            self._batch_files += 1
            if self._batch_files >= self.COMMIT_FILES or time.monotonic() - self._batch_started >= self.COMMIT_SECONDS:
                self._commit_batch()
        else:
            self._save_manifest()
        if old and old.get("sha256") != doc.sha256 and self._dups is not None:
            for r in old.get("reports", []):
                self._dups.remove_key(r)
        if self._dups is not None:
            for r, ri in zip(doc.reports, riris, strict=True):
                sh, mh = self._signatures.pop(ri, (None, None))
                self._dups.insert(ri, doc.text[r.span[0]:r.span[1]], sh, mh)
        self._signatures.clear()
        return riris

    def remove(self, path: str | os.PathLike) -> bool:
        """Drop one ingested file: its graph, its passages, its manifest entry.  False if unknown."""
        self._writable()
        key = str(Path(path).expanduser().resolve())
        entry = self.manifest["files"].get(key)
        if entry is None:
            matches = [k for k, e in self.manifest["files"].items() if e.get("source") == str(path)]
            if len(matches) != 1:
                return False
            key, entry = matches[0], self.manifest["files"][matches[0]]
        if self._batch is not None:
            self._commit_batch()
        drop_graph(self.ds, entry["graph"])
        idx = self._search_index()
        if idx is not None:
            idx.remove_document(key)
        if self._dups is not None:
            for r in entry.get("reports", []):
                self._dups.remove_key(r)
        del self.manifest["files"][key]
        self._save_manifest()
        self._recompute_derived()
        return True

    def _writable(self) -> None:
        if self.read_only:
            raise PermissionError("语料以只读方式打开 / corpus opened read-only")

    def _recompute_derived(self) -> None:
        """Rebuild the shared-entities graph, then assessments and county CVs (each one transaction)."""
        from kg.build import entity_graph
        from kg.compliance import derived_graph

        rows = self.ds.query(f"SELECT ?d ?data WHERE {{ GRAPH ?d {{ ?d <{JH.entityData}> ?data }} }}")
        replace_graph(self.ds, str(self.iris.graph("entities")), entity_graph([str(r[1]) for r in rows]))
        g = derived_graph(self.ds, self.iris)
        replace_graph(self.ds, str(self.iris.graph("derived")), g)
        self.manifest["derived_for"] = self._state_key()
        self._save_manifest()
        self.refresh_views()

    # ------------------------------------------------------------------ materialised views
    def _views_dir(self) -> Path:
        return self.dir / "views" / (self.manifest.get("derived_for") or "none")[:16]

    def view(self, name: str) -> list[dict]:
        """Rows of a parameterless named query marked ``# view``, kept on disk per corpus state
        (`rows` answers from here, except while an ingest is under way).

        Corpus-wide lists (all flags, all schools …) take seconds at 10,000 reports; they change
        only when the corpus does, so the writer stores them and every reader loads them."""
        state = self.manifest.get("derived_for") or ""
        got = self._views.get((state, name))
        if got is not None:
            return got
        path = self._views_dir() / f"{name}.json"
        try:
            got = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            got = queries.rows(self.ds, name)
            self._store_view(path, got)
        self._views[(state, name)] = got
        return got

    def _store_view(self, path: Path, rows: list[dict]) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_json_atomic(path, rows, indent=None)
        except (OSError, TypeError, ValueError):  # read-only data dir, or a value JSON cannot hold
            pass

    def refresh_views(self) -> None:
        """Materialise every view for the current state and drop those of earlier states."""
        self._views.clear()
        current = self._views_dir()
        for name in sorted(queries.views()):
            self._store_view(current / f"{name}.json", queries.rows(self.ds, name))
        for old in (self.dir / "views").glob("*"):
            if old.is_dir() and old != current:
                shutil.rmtree(old, ignore_errors=True)

    # ------------------------------------------------------------------ duplicates across files
    def _resolve_ref(self, source: str, ordinal: int) -> URIRef | None:
        for e in self.manifest["files"].values():
            if e.get("source") == source and 0 < ordinal <= len(e.get("reports", [])):
                return URIRef(e["reports"][ordinal - 1])
        return None

    def _duplicates(self) -> DuplicateFinder:
        if self._dups is None:
            d = DuplicateFinder()
            rows = self.ds.query(queries.prepare(
                "SELECT ?r ?s ?e ?t WHERE { ?r a jh:Report ; jh:sourceDocument ?d ; jh:start ?s ; jh:end ?e . "
                "?d jh:text ?t }"))
            for r, s, e, t in rows:
                d.insert(str(r), str(t)[int(s):int(e)])
            self._dups = d
        return self._dups

    def _link_duplicates(self, doc, riris: list[str], graph: list[tuple], exclude_doc: str) -> None:
        """Flag reports of `doc` that nearly duplicate a report of *another* stored file."""
        mine = set(self.manifest["files"].get(exclude_doc, {}).get("reports", [])) | set(riris)
        finder = self._duplicates()
        for r, ri in zip(doc.reports, riris, strict=True):
            if r.duplicate_of is not None:
                continue
            text = doc.text[r.span[0]:r.span[1]]
            sh = shingles(text)
            mh = finder.signature(sh)
            self._signatures[ri] = (sh, mh)
            hits = [(k, s) for k, s in finder.query(text, sh, mh) if k not in mine]
            if not hits:
                continue
            other, sim = hits[0]
            report = URIRef(ri)
            n = len(r.blanks) + len(r.inconsistencies) + 1
            fl = self.iris.part(report, "flag", n)
            graph.append((report, JH.hasFlag, fl))
            graph.append((fl, RDF.type, JH.Flag))
            graph.append((fl, RDF.type, JH.DuplicateFlag))
            graph.append((fl, PROV.wasDerivedFrom, report))
            graph.append((fl, JH.duplicateOf, URIRef(other)))
            graph.append((fl, JH.similarity, Literal(round(sim, 3))))
            graph.append((report, JH.duplicateOf, URIRef(other)))

    # ------------------------------------------------------------------ search index
    def _search_index(self, rebuild_stale: bool = True):
        if self._index is None:
            try:
                from search.index import SearchIndex
            except ImportError:
                if not self._index_warned:
                    warnings.warn("search.index 尚不可用，跳过索引 / search index not available, skipping", stacklevel=2)
                    self._index_warned = True
                return None
            self._index = SearchIndex(self.dir / "index")
        if self._index.stale and rebuild_stale and not self.read_only:
            # written by an older version: the index is derived from the graph, rebuild it
            from kg.read import load_documents

            print(f"{self.dir / 'index'}: 检索索引版本较旧，正在由图谱重建 / rebuilding a search index "
                  "written by an older version", file=sys.stderr)
            self._rebuild_index(self._index, list(load_documents(self.ds)))
        return self._index

    def _index_replace(self, doc, riris: list[str]) -> None:
        idx = self._search_index()
        if idx is None:
            return
        if not self._batching:
            idx.replace_document(doc, riris)
            return
        if self._batch is not None and doc.path in self._batch.paths:
            self._commit_batch()  # a path replaced twice in one run: commit the first version
        if self._batch is None:
            self._batch = idx.batch()
            self._batch_started = time.monotonic()
        self._batch.replace_document(doc, riris)

    def reindex(self) -> int:
        """Rebuild the search index from the graph; returns the number of documents."""
        from kg.read import load_documents

        idx = self._search_index(rebuild_stale=False)  # rebuilt just below
        if idx is None:
            return 0
        items = list(load_documents(self.ds))
        self._rebuild_index(idx, items)
        return len(items)

    @staticmethod
    def _rebuild_index(idx, items: list) -> None:
        # several writer processes pay off from a few hundred documents on
        procs = min(4, os.cpu_count() or 1) if len(items) >= REBUILD_PROCS_FROM else 1
        idx.rebuild(items, procs=procs)

    def search(self, q: str, filters: dict[str, str] | None = None, limit: int = 10, offset: int = 0) -> dict:
        idx = self._search_index()
        if idx is None:
            return {"query": q, "total": 0, "hits": [], "facets": {}}
        return idx.search(q, filters=filters, limit=limit, offset=offset)

    # ------------------------------------------------------------------ queries and exports
    def sparql(self, query: str, **params):
        """Run SPARQL (text, or the name of a named query) over the union of all graphs."""
        text = queries.load(query) if query in queries.names() else query
        return self.ds.query(queries.prepare(text), initBindings=queries.bindings(params))

    def rows(self, name: str, **params) -> list[dict]:
        """A named query's rows; a parameterless view (see `view`) comes from its stored copy."""
        if not params and not self._batching and name in queries.views():
            return self.view(name)
        return queries.rows(self.ds, name, **params)

    def compliance(self) -> dict:
        from kg.compliance import compliance_json

        return compliance_json(self.ds, self.iris)

    def export(self, fmt: str, out=None):
        from kg.export import export

        return export(self.ds, self.iris, fmt, out)

    def validate(self) -> tuple[bool, str]:
        """SHACL-validate the corpus: each document graph (with the shared entities) on its own, then the
        standards and derived graphs together.  Per document keeps pyshacl's SPARQL checks linear."""
        from kg.validate import validate

        names = graph_names(self.ds)
        entities = self._named_graph(str(self.iris.graph("entities")))
        docs = [e["graph"] for e in self.manifest["files"].values() if e["graph"] in names]
        ok, texts = True, []
        for name in docs:
            conforms, text = validate(self._named_graph(name) + entities, self.iris)
            if not conforms:
                ok = False
                texts.append(f"{name}\n{text}")
        rest = Graph()
        for name in names:
            if name not in docs:
                rest += self._named_graph(name)
        conforms, text = validate(rest, self.iris)
        if not conforms:
            ok = False
            texts.append(text)
        return ok, "\n".join(texts) if texts else "Conforms: True"

    def _named_graph(self, name: str) -> Graph:
        from kg.read import named_graph

        return named_graph(self.ds, name)

    # ------------------------------------------------------------------ read-only views (web)
    def describe(self, iri: str) -> dict:
        """Triples about a resource: {"out": [{p, o, graph}], "in": [{s, p, graph}]}."""
        node = URIRef(iri)
        out = queries.rows(self.ds, "describe_out", s=node)
        inc = queries.rows(self.ds, "describe_in", o=node)
        return {"iri": iri, "out": out, "in": inc}

    def documents(self) -> list[dict]:
        return self.rows("documents")

    def schools(self) -> list[dict]:
        return self.rows("schools")

    def school(self, iri: str) -> dict:
        return {"iri": iri, "about": self.describe(iri)["out"], "facts": self.rows("school_facts", school=URIRef(iri)),
                "reports": self.rows("reports_of_school", school=URIRef(iri))}

    def report(self, iri: str) -> dict | None:
        meta = self.rows("report", report=URIRef(iri))
        if not meta:
            return None
        return {"iri": iri, **meta[0], "claims": self.rows("report_claims", report=URIRef(iri))}

    def indicator(self, indicator_id: str) -> dict:
        ind = self.iris.indicator(indicator_id)
        return {"id": indicator_id, "iri": str(ind), "values": self.rows("indicator_values", indicator=ind),
                "requirements": [r for r in self.rows("requirements") if r["indicator"] == str(ind)]}

    def counties(self) -> list[dict]:
        return self.rows("counties")

    def county(self, iri: str) -> dict:
        node = URIRef(iri)
        return {"iri": iri, "schools": self.rows("county_schools", county=node),
                "cvs": self.rows("county_cvs", county=node), "results": self.rows("county_results", county=node)}

    def standards(self) -> list[dict]:
        return self.rows("standards")

    def flags(self) -> list[dict]:
        return self.rows("flags")

    def problems(self) -> list[dict]:
        return self.rows("problems_with_evidence")
