#!/usr/bin/env python3
"""Dev script: score the fact extractor on the seed reports against the hand annotations.

usage: .venv/bin/python tools/facts_eval.py [--shared DIR] [--whole-file] [--errors] [--file PREFIX]

Matching follows shared/tools/score_extraction.py: greedy, a core fact matches on
(indicator, value within 1%), an `other:*` fact on value plus quote overlap.  By default
each gold report is located in the text by its `starts_with` and read on its own span, as
the pipeline will; --whole-file reads each file as one span and pools the gold of all its
reports (duplicate reports then collapse into one).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.evaluate import is_core as _is_core  # noqa: E402
from ingest.evaluate import pair_up  # noqa: E402
from ingest.evaluate import same_fact as fact_eq  # noqa: E402
from ingest.extract.facts import extract_facts  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
_QUOTES = dict.fromkeys(map(ord, "‚‛„‟“”‘’「」『』\"'`"), None)
# keep Chinese punctuation as written; fold full-width letters/digits and compatibility forms
_KEEP = set("，。；：？！（）【】《》〈〉「」『』“”‘’、～％＋－…—·")


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", str(s or "")).replace("臵", "置").translate(_QUOTES)
    return re.sub(r"\s+", "", s).lower()


def normalise_text(raw: str) -> str:
    """Stand-in for ingest.normalise until it lands: NFKC except Chinese punctuation, 臵->置."""
    out = []
    for ch in raw.replace("\r\n", "\n").replace("\r", "\n"):
        out.append(ch if ch in _KEEP else unicodedata.normalize("NFKC", ch))
    return "".join(out).replace("臵", "置")


def read_text(path: Path) -> str:
    try:  # the real reader and normaliser, once they exist
        from ingest.normalise import normalise  # type: ignore
        from ingest.sources import read_source  # type: ignore
    except ImportError:
        return normalise_text(path.read_text(encoding="utf-8"))
    return normalise(read_source(path)).text


def greedy(gold: list[dict], sys_: list[dict]) -> list[tuple[int, int]]:
    return pair_up(gold, sys_, fact_eq)


def prf(tp: int, n_sys: int, n_gold: int) -> dict:
    p = tp / n_sys if n_sys else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "sys": n_sys, "gold": n_gold}


def _report_spans(text: str, reports: list[dict]) -> list[tuple[int, int]]:
    """Locate each gold report by its starts_with, in document order."""
    norm_text, index = [], []
    for i, ch in enumerate(text):  # map normalised (whitespace-free) positions back
        n = _norm(ch)
        for c in n:
            norm_text.append(c)
            index.append(i)
    flat = "".join(norm_text)
    starts, pos = [], 0
    for r in reports:
        key = _norm(r.get("starts_with"))[:15]
        k = flat.find(key, pos) if key else -1
        if k < 0:
            starts.append(None)
            continue
        starts.append(index[k])
        pos = k + len(key)
    found = sorted({s for s in starts if s is not None})
    spans = []
    for s in starts:
        if s is None:
            spans.append((0, 0))
            continue
        nxt = [x for x in found if x > s]
        spans.append((s, nxt[0] if nxt else len(text)))
    return spans


def evaluate(shared: Path = DEFAULT_SHARED, *, whole_file: bool = False, only: str | None = None) -> dict:
    """Score every seed file; returns per-file and overall figures plus misses / false positives."""
    gold_docs = json.loads((shared / "gold" / "seeds-gold.json").read_text(encoding="utf-8"))["documents"]
    seeds = shared / "corpus" / "seeds"
    totals = {"core": [0, 0, 0], "all": [0, 0, 0]}
    files, misses, false_pos = {}, [], []
    for doc in gold_docs:
        if only and not doc["file"].startswith(only):
            continue
        text = read_text(seeds / doc["file"])
        if whole_file:
            units = [(doc["file"], [f for r in doc["reports"] for f in r["facts"]], (0, len(text)))]
        else:
            spans = _report_spans(text, doc["reports"])
            units = [(r["id"], r["facts"], sp) for r, sp in zip(doc["reports"], spans, strict=True)]
        ftot = {"core": [0, 0, 0], "all": [0, 0, 0]}
        for unit_id, gold, (a, b) in units:
            sys_ = [{"indicator": f.indicator, "value": f.value, "quote": f.quote, "unit": f.unit}
                    for f in extract_facts(text, a, b)] if b > a else []
            for kind, g, s in (("all", gold, sys_),
                               ("core", [f for f in gold if _is_core(f)], [f for f in sys_ if _is_core(f)])):
                pairs = greedy(g, s)
                ftot[kind][0] += len(pairs)
                ftot[kind][1] += len(s)
                ftot[kind][2] += len(g)
                if kind == "all":
                    mg = {gi for gi, _ in pairs}
                    ms = {si for _, si in pairs}
                    misses += [(unit_id, f) for i, f in enumerate(g) if i not in mg]
                    false_pos += [(unit_id, f) for i, f in enumerate(s) if i not in ms]
        files[doc["file"]] = {k: prf(*v) for k, v in ftot.items()}
        for k in totals:
            for i in range(3):
                totals[k][i] += ftot[k][i]
    return {"files": files, "overall": {k: prf(*v) for k, v in totals.items()},
            "misses": misses, "false_positives": false_pos}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--whole-file", action="store_true", help="read each file as one span")
    ap.add_argument("--errors", action="store_true", help="list misses and false positives")
    ap.add_argument("--file", help="only files starting with this prefix")
    a = ap.parse_args(argv)
    if not (a.shared / "gold" / "seeds-gold.json").exists():
        print(f"没有找到评测数据 / no gold under {a.shared}", file=sys.stderr)
        return 2
    res = evaluate(a.shared, whole_file=a.whole_file, only=a.file)
    fmt = "{:<28} core P {p:.3f} R {r:.3f} F1 {f1:.3f} ({tp}/{sys}/{gold})"
    for name, r in res["files"].items():
        print(fmt.format(name, **r["core"]))
        print(fmt.replace("core", " all").format("", **r["all"]))
    print(fmt.format("OVERALL", **res["overall"]["core"]))
    print(fmt.replace("core", " all").format("", **res["overall"]["all"]))
    if a.errors:
        print("\n-- misses (gold not found)")
        for rid, f in res["misses"]:
            print(f"  {rid:7} {f['indicator']:<40} {f['value']:>10} {f['quote']}")
        print("\n-- false positives")
        for rid, f in res["false_positives"]:
            print(f"  {rid:7} {f['indicator']:<40} {f['value']:>10} {f['quote']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
