"""Web latency under load: `junheng serve` in a subprocess, N concurrent clients on 127.0.0.1 for a
bounded time, alternating the search page and report pages; prints requests/s and p50/p95/p99.

    .venv/bin/python bench/bench_web.py --reports 10000 --seconds 20 --clients 20

The corpus is the demo corpus (+ ../shared seed reports when present) replicated as text files
until it holds --reports reports, ingested once into bench/out/web-<N>/ and reused afterwards
(--rebuild to start again).  Target: p95 <= 150 ms for search and record pages at 10,000 reports.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "corpus"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
QUERIES = ["缺少音乐教师", "生均图书", "班额过大", "运动场地不足", "校舍老化", "计算机数量不足", "专任教师",
           "寄宿", "功能室", "教师年龄结构"]
# first visits (nothing cached): other questions than the load's, and report pages it never asks for
FIRST_VISIT_QUERIES = ["美术老师不够", "体育器材不足", "实验仪器陈旧", "图书陈旧", "冬季取暖", "围墙破损", "厕所简陋",
                       "经费不足", "代课教师", "留守儿童", "心理辅导室", "塑胶跑道", "课桌椅破旧", "教室照明",
                       "宿舍拥挤", "班班通", "控辍保学", "校园绿化", "食堂", "危房"]


def sources() -> list[Path]:
    files = [p for p in sorted(DEMO.iterdir()) if p.is_file() and not p.name.startswith("standards_")]
    if SEEDS.is_dir():
        files += [p for p in sorted(SEEDS.rglob("*")) if p.is_file() and p.suffix.lower() in (".txt", ".docx", ".pdf", ".html", ".htm")]
    return files


def decode(raw: bytes) -> tuple[str, str]:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace"), "utf-8"


def build(out: Path, reports: int) -> Path:
    """Replicate the text sources (each copy made unique by one appended line) and ingest them."""
    from junheng.corpus import Corpus

    inputs, data = out / "inputs", out / "data"
    files = sources()
    texts = [(p, *decode(p.read_bytes())) for p in files if p.suffix.lower() in (".txt",)]
    with Corpus(data) as c:
        c.ingest([*files], standards=sorted(DEMO.glob("standards_*.txt")), progress=True)
        have = sum(len(e.get("reports", [])) for e in c.manifest["files"].values())
        per_copy = max(1, round(have / max(1, len(files))))
        inputs.mkdir(parents=True, exist_ok=True)
        i = 0
        batch: list[Path] = []
        while have + len(batch) * per_copy < reports:
            src, text, enc = texts[i % len(texts)]
            target = inputs / f"{src.stem}__copy{i:05d}.txt"
            target.write_bytes((text + f"\n（副本 {i}）\n").encode(enc if enc != "utf-8-sig" else "utf-8"))
            batch.append(target)
            i += 1
            if len(batch) >= 500:
                c.ingest(batch, progress=True)
                have = sum(len(e.get("reports", [])) for e in c.manifest["files"].values())
                batch = []
        if batch:
            c.ingest(batch, progress=True)
        have = sum(len(e.get("reports", [])) for e in c.manifest["files"].values())
    print(f"corpus: {have} reports in {data}", file=sys.stderr)
    return data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


async def drive(base: str, report_paths: list[str], seconds: float, clients: int) -> dict[str, list[float]]:
    import httpx

    timings: dict[str, list[float]] = {"search": [], "report": [], "errors": []}
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits, headers={"accept": "text/html"}) as client:
        async def worker(n: int) -> None:
            rnd = random.Random(n)
            k = 0
            while time.monotonic() < stop:
                kind = "search" if k % 2 == 0 else "report"
                k += 1
                if kind == "search":
                    path = "/?q=" + rnd.choice(QUERIES)
                else:
                    path = rnd.choice(report_paths)
                t = time.perf_counter()
                r = await client.get(path)
                dt = (time.perf_counter() - t) * 1000
                if r.status_code != 200:
                    timings["errors"].append(dt)
                else:
                    timings[kind].append(dt)

        await asyncio.gather(*(worker(n) for n in range(clients)))
    return timings


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=10000, help="corpus size in reports (default 10000)")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--data", type=Path, default=None, help="use this corpus instead of building one")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--workers", type=int, default=1, help="server processes (junheng serve --workers)")
    args = ap.parse_args()

    if args.data:
        data = args.data
    else:
        out = ROOT / "bench" / "out" / f"web-{args.reports}"
        if args.rebuild and out.exists():
            shutil.rmtree(out)
        t = time.monotonic()
        done = out / "data" / "manifest.json"
        have = sum(len(e.get("reports", [])) for e in json.loads(done.read_text(encoding="utf-8"))["files"].values()) \
            if done.exists() else 0
        data = out / "data" if have >= args.reports else build(out, args.reports)
        print(f"build/reuse: {time.monotonic() - t:.1f} s", file=sys.stderr)

    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    base_iri = manifest["base"]
    reports = [r for e in manifest["files"].values() for r in e.get("reports", [])]
    sample = ["/id/" + r[len(base_iri):] for r in random.Random(0).sample(reports, min(520, len(reports)))]
    paths, first_reports = sample[:500], sample[500:]

    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    server = subprocess.Popen([sys.executable, "-m", "junheng.cli", "serve", "--data", str(data), "--port", str(port),
                               "--workers", str(args.workers)],
                              cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/static/app.css", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                print("server did not start", file=sys.stderr)
                return 1
            time.sleep(0.3)
        # warm-up: first search loads the index, first pages fill the caches
        for q in QUERIES:
            httpx.get(base + "/?q=" + q, timeout=60)
        for p in paths[:20]:
            httpx.get(base + p, timeout=60)
        first: dict[str, list[float]] = {"search": [], "report": []}
        for kind, urls in (("search", ["/?q=" + q for q in FIRST_VISIT_QUERIES]), ("report", first_reports)):
            for url in urls:
                t = time.perf_counter()
                r = httpx.get(base + url, timeout=60)
                if r.status_code == 200:
                    first[kind].append((time.perf_counter() - t) * 1000)
        timings = asyncio.run(drive(base, paths, args.seconds, args.clients))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()

    total = sum(len(v) for v in timings.values())
    print(f"corpus {len(reports)} reports · {args.workers} server process(es) · {args.clients} clients · {args.seconds:g} s · "
          f"{total / args.seconds:.1f} requests/s · errors {len(timings['errors'])}")
    for kind in ("search", "report"):
        v = first[kind]
        if v:
            print(f"  first visit, one client, nothing cached: {kind:7s} n={len(v):3d}  p50 {percentile(v, 50):7.1f} ms  "
                  f"p95 {percentile(v, 95):7.1f} ms  max {max(v):7.1f} ms")
    print(f"  under load ({args.clients} clients; the page cache answers repeated pages):")
    for kind in ("search", "report"):
        v = timings[kind]
        if v:
            print(f"  {kind:7s} n={len(v):6d}  p50 {percentile(v, 50):7.1f} ms  p95 {percentile(v, 95):7.1f} ms  "
                  f"p99 {percentile(v, 99):7.1f} ms  mean {statistics.fmean(v):7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
