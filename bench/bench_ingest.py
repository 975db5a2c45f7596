"""Throughput of the ingest stage, printed as figures (never asserted in tests).

Replicates the demo corpus (examples/corpus, all formats) into a temporary folder until it
holds at least --reports reports, then times two passes over every copy:
  1. read + normalise + cut into reports and sections   → files/s, MB/s
  2. the full extraction (facts, problems, checks …)     → reports/s, MB/s
and prints the peak RSS of the process.

    .venv/bin/python bench/bench_ingest.py --reports 1000
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000, help="at least this many reports")
    ap.add_argument("--corpus", default=str(ROOT / "examples" / "corpus"))
    args = ap.parse_args()

    from ingest.normalise import normalise
    from ingest.pipeline import build_document
    from ingest.sections import find_sections
    from ingest.segment import cut_reports
    from ingest.sources import read_source

    src_files = [p for p in sorted(Path(args.corpus).iterdir()) if p.is_file() and not p.name.startswith("standards")]
    per_round = sum(len(cut_reports(normalise(read_source(p)).text)) for p in src_files)
    rounds = -(-args.reports // per_round)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for k in range(rounds):
            for p in src_files:
                dst = Path(tmp) / f"{k:04d}_{p.name}"
                shutil.copyfile(p, dst)
                files.append(dst)
        total_bytes = sum(f.stat().st_size for f in files)
        mb = total_bytes / 1e6

        t0 = time.perf_counter()
        texts = []
        n_reports = 0
        for f in files:
            src = read_source(f)
            norm = normalise(src)
            cuts = cut_reports(norm.text)
            for c in cuts:
                find_sections(norm.text, c)
            n_reports += len(cuts)
            texts.append((f.name, src, norm))
        t_read = time.perf_counter() - t0

        t0 = time.perf_counter()
        n_facts = 0
        for name, src, norm in texts:
            doc = build_document(norm.text, source=name, fmt=src.format, encoding=src.encoding, sha256=src.sha256)
            n_facts += sum(len(r.facts) for r in doc.reports)
        t_extract = time.perf_counter() - t0

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(files)} files ({len(src_files)} demo files × {rounds}), {n_reports} reports, {mb:.1f} MB")
    print(f"read + normalise + segment: {len(files) / t_read:.1f} files/s, {mb / t_read:.2f} MB/s, "
          f"{n_reports / t_read:.1f} reports/s ({t_read:.1f} s)")
    print(f"full extraction:            {n_reports / t_extract:.1f} reports/s, {mb / t_extract:.2f} MB/s, "
          f"{n_facts} facts ({t_extract:.1f} s)")
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
