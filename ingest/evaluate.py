"""Score extraction against hand annotations (gold) — the figures the project is judged by.

Gold shape: {"documents": [{"file", "reports": [...]}]} (shared/gold/README.md).  The
matching rules are the published ones, so `junheng eval` prints the same figures as the
evaluation script: reports match on the opening of their body; core facts on
(indicator, value ± 1 %); `other:` facts on value and overlapping quotes; statements on
text similarity (containment of at least half, or a similarity ratio of 0.6); blanks on
containment; school names on equality or a shared ending of 4+ characters.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

_DROP = dict.fromkeys(map(ord, "‚‛„‟“”‘’「」『』\"'`"), None)


def canon(s: Any) -> str:
    """Compare text regardless of width, quote style, spacing and case."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", str(s)).replace("臵", "置").translate(_DROP)
    return re.sub(r"\s+", "", s).lower()


def _similar(a: str | None, b: str | None) -> bool:
    x, y = canon(a), canon(b)
    if not x or not y:
        return False
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if short in long_ and 2 * len(short) >= len(long_):
        return True
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() >= 0.6


def _same_name(g: str | None, s: str | None) -> bool:
    x, y = canon(g), canon(s)
    if not x or not y:
        return False
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return x == y or (long_.endswith(short) and len(short) >= 4)


def is_core(f: dict) -> bool:
    return not str(f.get("indicator", "")).startswith("other:")


def same_fact(g: dict, s: dict) -> bool:
    if is_core(g) or is_core(s):
        if g.get("indicator") != s.get("indicator"):
            return False
    else:
        gq, sq = canon(g.get("quote")), canon(s.get("quote"))
        if not (gq and sq and (gq in sq or sq in gq or difflib.SequenceMatcher(None, gq, sq).ratio() >= 0.5)):
            return False
    try:
        gv, sv = float(g["value"]), float(s["value"])
    except (TypeError, ValueError, KeyError):
        return False
    return abs(gv - sv) <= max(0.01 * abs(gv), 1e-9)


def pair_up(gold: list, system: list, same: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    taken: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            if si not in taken and same(g, s):
                taken.add(si)
                pairs.append((gi, si))
                break
    return pairs


def _match_reports(gold: list[dict], system: list[dict]) -> list[tuple[int, int]]:
    pairs, taken = [], set()
    for gi, g in enumerate(gold):
        key = canon(g.get("starts_with"))[:10]
        for si, s in enumerate(system):
            if si in taken:
                continue
            opening = canon(s.get("starts_with"))
            if key and (key in opening[:60] or key in canon(s.get("text", ""))[:80]
                        or (opening[:10] and opening[:10] in canon(g.get("starts_with"))[:60])):
                pairs.append((gi, si))
                taken.add(si)
                break
    return pairs


def _prf(tp: int, n_sys: int, n_gold: int) -> dict:
    p = tp / n_sys if n_sys else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "sys": n_sys, "gold": n_gold}


def _texts(items: list) -> list[str | None]:
    return [i if isinstance(i, str) else i.get("text") for i in items or []]


def score(gold_docs: list[dict], outputs: dict[str, dict]) -> dict:
    """`outputs` maps a gold file name to the extraction contract object for it."""
    counts = {k: [0, 0, 0] for k in ("reports", "facts", "facts_core", "problems", "measures", "blanks")}
    attrs = {k: [0, 0] for k in ("school_name", "county", "province", "date", "level", "problem_category",
                                 "duplicate", "inconsistency")}
    missing = []

    def add(key: str, gold: list, system: list, same) -> list[tuple[int, int]]:
        pairs = pair_up(gold, system, same)
        counts[key][0] += len(pairs)
        counts[key][1] += len(system)
        counts[key][2] += len(gold)
        return pairs

    for doc in gold_docs:
        out = outputs.get(doc["file"])
        if out is None:
            missing.append(doc["file"])
        system = (out or {}).get("reports", [])
        gold = doc["reports"]
        pairs = _match_reports(gold, system)
        counts["reports"][0] += len(pairs)
        counts["reports"][1] += len(system)
        counts["reports"][2] += len(gold)
        matched = dict(pairs)
        for si, s in enumerate(system):  # unmatched reports' items are all false positives
            if si not in matched.values():
                for k in ("facts", "problems", "measures", "blanks"):
                    counts[k][1] += len(s.get(k) or [])
                counts["facts_core"][1] += sum(is_core(f) for f in s.get("facts") or [])
        for gi, g in enumerate(gold):
            s = system[matched[gi]] if gi in matched else {}
            add("facts", g.get("facts", []), s.get("facts") or [], same_fact)
            add("facts_core", [f for f in g.get("facts", []) if is_core(f)],
                [f for f in s.get("facts") or [] if is_core(f)], same_fact)
            gp, sp = g.get("problems", []), s.get("problems") or []
            for a, b in add("problems", gp, sp, lambda x, y: _similar(x.get("text"), y.get("text"))):
                attrs["problem_category"][1] += 1
                attrs["problem_category"][0] += gp[a].get("category") == sp[b].get("category")
            add("measures", _texts(g.get("measures")), _texts(s.get("measures")), _similar)
            add("blanks", _texts(g.get("blanks")), _texts(s.get("blanks")),
                lambda x, y: bool(canon(x)) and bool(canon(y)) and (canon(x) in canon(y) or canon(y) in canon(x)))
            school, place = s.get("school") or {}, s.get("place") or {}
            if g.get("school_name"):
                attrs["school_name"][1] += 1
                attrs["school_name"][0] += _same_name(g["school_name"], school.get("name"))
            for key in ("county", "province"):
                if g.get(key):
                    attrs[key][1] += 1
                    attrs[key][0] += canon(g[key]) == canon(place.get(key))
            if g.get("report_date"):
                attrs["date"][1] += 1
                attrs["date"][0] += g["report_date"] == s.get("date")
            if g.get("school_level"):
                attrs["level"][1] += 1
                attrs["level"][0] += g["school_level"] == school.get("level")
            if g.get("duplicate_of"):
                attrs["duplicate"][1] += 1
                attrs["duplicate"][0] += bool(s.get("duplicate_of"))
            for inc in g.get("inconsistencies", []):
                attrs["inconsistency"][1] += 1
                gq = [canon(q) for q in inc.get("quotes", [])]
                found = any(
                    any(q and x and (q in x or x in q) for q in gq for x in map(canon, si.get("quotes", [])))
                    for si in s.get("inconsistencies") or []
                )
                attrs["inconsistency"][0] += found
    result: dict[str, Any] = {k: _prf(*v) for k, v in counts.items()}
    result.update({k: {"acc": round(v[0] / v[1], 3) if v[1] else None, "n": v[1]} for k, v in attrs.items()})
    result["missing_outputs"] = missing
    return result


def load_gold(path: str | Path) -> list[dict]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["documents"] if "documents" in data else [data]


def summary_line(r: dict) -> str:
    f = lambda k: r[k]["f1"]  # noqa: E731
    a = lambda k: r[k]["acc"]  # noqa: E731
    return (f"reports F1 {f('reports'):.2f} | core facts F1 {f('facts_core'):.2f} | all facts F1 {f('facts'):.2f} | "
            f"problems F1 {f('problems'):.2f} (category acc {a('problem_category')}) | measures F1 {f('measures'):.2f} | "
            f"blanks F1 {f('blanks'):.2f} | school name acc {a('school_name')} | county acc {a('county')} | "
            f"inconsistencies found {a('inconsistency')} | duplicates found {a('duplicate')}")
