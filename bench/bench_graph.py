"""Graph benchmark: ingest >= 1,000 reports into a fresh corpus and print triples/s, reports/s,
store size on disk and peak RSS.

    .venv/bin/python bench/bench_graph.py [--reports 1000] [--keep DIR]

The corpus is the demo corpus (examples/corpus) replicated with changed school names and file
names until it holds the requested number of reports.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from junheng.corpus import Corpus  # noqa: E402

TEXT_TYPES = (".txt",)


def replicate(src: Path, out: Path, n_reports: int) -> int:
    """Copy the demo txt reports with a copy number worked into school and town names."""
    from ingest.pipeline import read_document
    from ingest.standards import read_if_standard

    originals = []
    for f in sorted(src.iterdir()):
        if f.suffix in TEXT_TYPES and read_if_standard(f) is None:
            doc = read_document(f)
            originals.append((f, doc.text, [r.school.name for r in doc.reports if r.school.name], len(doc.reports)))
    total, k = 0, 0
    while total < n_reports:
        for f, text, names, n in originals:
            t = text
            for name in names:
                t = t.replace(name, f"{name[:-2]}{k}分{name[-2:]}")
            (out / f"{f.stem}-{k:04d}.txt").write_text(t, encoding="utf-8")
            total += n
            if total >= n_reports:
                break
        k += 1
    return total


class Timer:
    """Accumulates time spent in the graph stage (building graphs in memory + writing them)."""

    def __init__(self):
        self.seconds = 0.0
        self.triples = 0

    def wrap(self, fn, count=False):
        def inner(*a, **kw):
            t = time.perf_counter()
            out = fn(*a, **kw)
            self.seconds += time.perf_counter() - t
            if count:
                self.triples += len(out)
            return out
        return inner


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--keep", default=None, help="keep the corpus in this directory")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="junheng-bench-"))
    src = work / "in"
    src.mkdir()
    expected = replicate(ROOT / "examples" / "corpus", src, args.reports)
    data = Path(args.keep) if args.keep else work / "data"
    import junheng.corpus as corpus_module
    import kg.build

    graph_timer = Timer()
    kg.build.document_graph = graph_timer.wrap(kg.build.document_graph, count=True)
    corpus_module.replace_graph = graph_timer.wrap(corpus_module.replace_graph)
    t0 = time.perf_counter()
    with Corpus(data) as c:
        summary = c.ingest([src], progress=False)
        t1 = time.perf_counter()
        n_quads = len(c.ds)
        t2 = time.perf_counter()
        comp = c.compliance()
        t3 = time.perf_counter()
        rows = c.rows("schools")
        t4 = time.perf_counter()
    elapsed = t1 - t0
    print(f"files ok {len(summary.ok)}, failed {len(summary.failed)}, reports {summary.reports} (expected ~{expected})")
    print(f"ingest wall time            {elapsed:8.1f} s  (read + extract + graph + index + derived)")
    print(f"ingest reports/s            {summary.reports / elapsed:8.1f}")
    print(f"document triples written    {summary.triples:8d}   triples/s {summary.triples / elapsed:10.0f}")
    print(f"graph stage (build+write)   {graph_timer.seconds:8.1f} s   triples/s {graph_timer.triples / max(graph_timer.seconds, 1e-9):10.0f}"
          "  (incl. derived-graph rebuilds)")
    print(f"quads in store (all graphs) {n_quads:8d}   (count took {t2 - t1:.2f} s)")
    print(f"store size on disk          {dir_size(data / 'store') / 1e6:8.1f} MB "
          f"({dir_size(data / 'store') / max(n_quads, 1):.0f} B/quad); index {dir_size(data / 'index') / 1e6:.1f} MB")
    print(f"compliance JSON             {t3 - t2:8.2f} s  ({len(comp['schools'])} schools, {len(comp['counties'])} county levels)")
    print(f"named query 'schools'       {t4 - t3:8.2f} s  ({len(rows)} rows)")
    import pyoxigraph

    before = dir_size(data / "store")
    t5 = time.perf_counter()
    store = pyoxigraph.Store(str(data / "store"))
    store.optimize()
    store.flush()
    del store
    print(f"store after optimize()      {dir_size(data / 'store') / 1e6:8.1f} MB "
          f"({dir_size(data / 'store') / max(n_quads, 1):.0f} B/quad; was {before / 1e6:.0f} MB with its write-ahead log; "
          f"optimize took {time.perf_counter() - t5:.1f} s)")
    print(f"peak RSS                    {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MB")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
