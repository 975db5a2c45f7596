#!/usr/bin/env python3
"""Search benchmark: index N synthetic ~25 KB reports, then time 50 highlighted queries.

    .venv/bin/python bench/bench_search.py                # 10,000 reports (long: run in background)
    .venv/bin/python bench/bench_search.py --reports 300  # quick check

Reports are resampled from the paragraphs of the demo corpus (examples/corpus, read with the
real ingest pipeline), by section kind, with varied school names, places and figures.  The
same reports are indexed twice in one run:

1. junheng's SearchIndex (passages, jieba analyzer with the domain dictionary), `--procs` writers;
2. the reference: whoosh's multiprocess writer (procs=2, multisegment=True) with jieba's stock
   ChineseAnalyzer, one whoosh document per whole report (stored text).

Printed: reports/s, MB/s, index size, open cost, query p50/p95 (cold and warm pass, with
highlighted fragments) and peak RSS of this process and of its child processes.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.devtools import ReportSpec, build_document  # noqa: E402

QUERIES = [
    "学生电脑不够", "计算机老化", "多媒体设备不足", "班班通没有全覆盖", "缺少专职音乐教师", "美术老师不够",
    "体育教师缺乏", "英语教师不足", "心理辅导室", "心理健康教育", "班额过大", "大班额", "教室不够用",
    "学位紧张", "宿舍拥挤", "操场面积小", "没有环形跑道", "塑胶跑道", "体育器材不足", "实验仪器陈旧",
    "实验室不够", "功能室不全", "图书陈旧", "生均图书不达标", "阅览室太小", "冬季取暖", "烧煤取暖",
    "锅炉老化", "校舍老化", "危房", "安全隐患", "围墙破损", "厕所简陋", "饮水设施", "教室照明不足",
    "课桌椅破旧", "经费不足", "公用经费紧张", "教师培训经费", "校长任职资格培训", "教师年龄偏大",
    "骨干教师流失", "代课教师", "留守儿童关爱", "控辍保学", "校外活动基地", "社会实践基地",
    "校园绿化", "食堂", "寄宿生生活补助",
]
WARMUP = ["学校基本情况", "整改措施", "均衡发展"]

SCHOOL_HEAD = list("东西南北中新红青白金石柳杨李王张刘陈林河山湖桥")
SCHOOL_TAIL = ["家营", "家湾", "坪", "岭", "沟", "庄", "铺", "集", "岗", "坝", "溪", "塘"]
SCHOOL_KIND = [("小学", "小学"), ("中心小学", "小学"), ("初级中学", "初中"), ("九年一贯制学校", "九年一贯制")]
PLACES = [
    ("湖北省", ["黄梅县", "丹江口市", "英山县"]), ("陕西省", ["武功县", "凤翔区", "富平县"]),
    ("安徽省", ["怀宁县", "岳西县"]), ("湖南省", ["古丈县", "泸溪县"]), ("浙江省", ["遂昌县", "龙泉市"]),
    ("四川省", ["会理市", "盐源县"]), ("山东省", ["沂水县", "莒县"]), ("广西壮族自治区", ["凌云县"]),
]
KINDS = ("basic", "body", "problems", "measures")
TARGET_CHARS = 8300  # ≈ 25 KB of UTF-8


def paragraph_pool() -> tuple[dict[str, list], list[str]]:
    """Paragraphs of the demo corpus by section kind, problems with their category."""
    from ingest.pipeline import read_document

    pool: dict[str, list] = {k: [] for k in KINDS}
    names = []
    for path in sorted((ROOT / "examples" / "corpus").iterdir()):
        if path.name.startswith("standards"):
            continue
        try:
            doc = read_document(path)
        except Exception:
            continue
        for r in doc.reports:
            if r.school.name:
                names.append(r.school.name)
            problem_at = {p.span: p.category for p in r.problems}
            for sec in r.sections:
                kind = sec.kind if sec.kind in KINDS else "body"
                for line in doc.text[sec.span[0] : sec.span[1]].splitlines():
                    line = line.strip()
                    if len(line) < 8 or line == (sec.heading or "").strip():
                        continue
                    cat = next((c for (s, e), c in problem_at.items() if doc.text[s:e] in line), None)
                    pool[kind].append((line, cat) if kind == "problems" and cat else line)
    return pool, sorted(set(names), key=len, reverse=True)


def synthetic_documents(n: int, seed: int = 7):
    """n Documents, one ~25 KB report each (deterministic for a seed)."""
    pool, names = paragraph_pool()
    rng = random.Random(seed)
    number = re.compile(r"\d+")
    name_pattern = re.compile("|".join(map(re.escape, names))) if names else None
    headings = {"basic": "一、基本情况", "body": "二、主要工作", "problems": "三、存在问题", "measures": "四、整改措施"}
    share = {"basic": 0.2, "body": 0.55, "problems": 0.1, "measures": 0.15}
    for i in range(n):
        kind_name, level = rng.choice(SCHOOL_KIND)
        school = rng.choice(SCHOOL_HEAD) + rng.choice(SCHOOL_TAIL) + kind_name
        province, counties = rng.choice(PLACES)
        county = rng.choice(counties)

        def vary(text: str, school: str = school) -> str:
            text = name_pattern.sub(school, text) if name_pattern else text
            return number.sub(lambda m: str(rng.randint(1, 9 * 10 ** (len(m.group()) - 1) + 9)), text)

        sections = []
        for kind in KINDS:
            paras, size = [], 0
            while size < TARGET_CHARS * share[kind] and pool[kind]:
                p = rng.choice(pool[kind])
                p = (vary(p[0]), p[1]) if isinstance(p, tuple) else vary(p)
                paras.append(p)
                size += len(p[0] if isinstance(p, tuple) else p)
            sections.append((kind, headings[kind], paras))
        spec = ReportSpec(
            school=school, province=province, county=county, level=level,
            date=f"{rng.randint(2015, 2024)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            title=f"{school}义务教育均衡发展自查报告", sections=sections,
        )
        yield build_document(f"synthetic_{i:05d}.txt", [spec], path=f"/bench/synthetic_{i:05d}.txt")


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def time_queries(where: Path) -> dict:
    """Open an index and time the 50 queries twice (cold, then warm term cache)."""
    from search.index import SearchIndex

    idx = SearchIndex(where)
    t0 = time.perf_counter()
    idx.search(WARMUP[0])
    open_ms = (time.perf_counter() - t0) * 1000
    for q in WARMUP[1:]:
        idx.search(q)
    passes, totals = [], []
    for _ in range(2):
        times = []
        for q in QUERIES:
            t0 = time.perf_counter()
            result = idx.search(q, limit=10)
            times.append((time.perf_counter() - t0) * 1000)
            totals.append(result["total"])
        passes.append(times)
    idx.close()
    return {"open_ms": open_ms, "cold": passes[0], "warm": passes[1], "median_total": statistics.median(totals)}


def print_queries(j: dict, n: int) -> None:
    print(f"  first query after open (reads the report table): {j['open_ms']:.0f} ms")
    print(f"  50 queries with highlighting, cold pass: p50 {pct(j['cold'], .5):.1f} ms, p95 {pct(j['cold'], .95):.1f} ms, max {max(j['cold']):.1f} ms")
    print(f"  same queries, warm pass:                 p50 {pct(j['warm'], .5):.1f} ms, p95 {pct(j['warm'], .95):.1f} ms, max {max(j['warm']):.1f} ms")
    print(f"  median matching reports per query: {j['median_total']:.0f} of {n}")


def bench_junheng(docs: list, where: Path, procs: int) -> dict:
    from search.index import SearchIndex

    idx = SearchIndex(where)
    text_bytes = 0

    def items():
        nonlocal text_bytes
        for doc in docs:
            text_bytes += len(doc.text.encode("utf-8"))
            yield doc, [f"urn:bench:{doc.source}"]

    t0 = time.perf_counter()
    passages = idx.rebuild(items(), procs=procs)
    seconds = time.perf_counter() - t0
    idx.close()
    return {"seconds": seconds, "passages": passages, "bytes": text_bytes, "size_mb": dir_mb(where), **time_queries(where)}


def bench_stock(docs: list, where: Path, procs: int) -> dict:
    from jieba.analyse import ChineseAnalyzer
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    schema = Schema(path=ID(stored=True, unique=True), school=ID(stored=True), text=TEXT(analyzer=ChineseAnalyzer(), stored=True))
    where.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(where, schema)
    t0 = time.perf_counter()
    writer = ix.writer(procs=procs, multisegment=True, limitmb=512) if procs > 1 else ix.writer(limitmb=512)
    for doc in docs:
        writer.add_document(path=doc.path, school=doc.reports[0].school.name, text=doc.text)
    writer.commit()
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "size_mb": dir_mb(where)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--procs", type=int, default=2, help="writer processes for junheng's index")
    ap.add_argument("--skip-stock", action="store_true", help="skip the stock-analyzer reference run")
    ap.add_argument("--keep", metavar="DIR", help="build the indexes in DIR and keep them")
    ap.add_argument("--queries-only", metavar="DIR", help="only time the queries on DIR/junheng (from --keep)")
    args = ap.parse_args()
    if args.queries_only:
        j = time_queries(Path(args.queries_only) / "junheng")
        print(f"junheng SearchIndex at {args.queries_only}:")
        print_queries(j, args.reports)
        own, children = peak_rss_mb()
        print(f"  peak RSS: {own:.0f} MB")
        return 0

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        t0 = time.perf_counter()
        docs = list(synthetic_documents(args.reports))  # generated up front: only indexing is timed
        gen_s = (time.perf_counter() - t0) / len(docs)
        avg_kb = statistics.mean(len(d.text.encode("utf-8")) for d in docs) / 1000
        print(f"corpus: {args.reports} synthetic reports, ~{avg_kb:.1f} KB each (generated up front, {gen_s * 1000:.1f} ms/report, not timed)")

        j = bench_junheng(docs, base / "junheng", args.procs)
        mb = j["bytes"] / 1e6
        print(f"junheng SearchIndex (procs={args.procs}): {args.reports / j['seconds']:.1f} reports/s, "
              f"{mb / j['seconds']:.2f} MB/s, {j['passages']} passages, index {j['size_mb']:.0f} MB")
        print_queries(j, args.reports)
        own, children = peak_rss_mb()
        print(f"  peak RSS so far: this process {own:.0f} MB, largest child {children:.0f} MB")

        if not args.skip_stock:
            s = bench_stock(docs, base / "stock", 2)
            print(f"stock ChineseAnalyzer, whoosh procs=2 multisegment: {args.reports / s['seconds']:.1f} reports/s, "
                  f"{mb / s['seconds']:.2f} MB/s, index {s['size_mb']:.0f} MB")
            own, children = peak_rss_mb()
            print(f"peak RSS: this process {own:.0f} MB, largest child {children:.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
