"""The web's read model: page-shaped views over the facade (`Corpus.rows` / `Corpus.sparql`).

Everything here is read-only and built from named queries (kg/queries/*.rq, the web's own are
`web_*.rq`).  Corpus-wide lists (labels, schools, counties …) are cached and dropped whenever the
manifest changes on disk, so a server left running picks up a new `junheng ingest`.
"""

from __future__ import annotations

import os
import threading
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from rdflib import URIRef

from web.highlight import Segment, marked_pieces, segments
from web.urls import Urls

JH = "https://w3id.org/junheng/ns#"

# claim kinds: css class, Chinese name
KINDS: dict[str, tuple[str, str]] = {
    JH + "Fact": ("fact", "数据"),
    JH + "Problem": ("problem", "问题"),
    JH + "Measure": ("measure", "措施"),
    JH + "BlankFlag": ("blank", "未填空白"),
    JH + "InconsistencyFlag": ("inconsistency", "数据矛盾"),
    JH + "DuplicateFlag": ("duplicate", "重复报告"),
    JH + "CvDifferenceFlag": ("cvdiff", "差异系数不符"),
}
FLAG_KINDS = {v[0]: v[1] for k, v in KINDS.items() if k.endswith("Flag")}
VERDICTS = {"meets": ("✓", "达标"), "fails": ("✗", "未达标"), "not_comparable": ("–", "不可比")}
OPS = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}
SCOPES = {"composite": "综合差异系数", "each_indicator": "逐项差异系数"}
REGION_NATIONAL = "全国"


CHART_POINTS = 1500  # an indicator chart shows at most this many values (evenly spaced in value order)


def evenly_spaced(items: list, n: int) -> list:
    """At most `n` items spread evenly over `items`, first and last kept (a chart of 13k
    bars says no more than one of 1.5k, and costs a browser far more)."""
    if len(items) <= n:
        return items
    step = (len(items) - 1) / (n - 1)
    return [items[round(i * step)] for i in range(n)]


def fmt_num(v: Any) -> str:
    """12.0 -> "12", 0.16310 -> "0.1631": figures as people write them."""
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, int | float):
        if float(v).is_integer() and abs(v) < 1e15:
            return str(int(v))
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return str(v)


def short_title(title: str | None, n: int = 12) -> str:
    """A standard without a document number is named by its title, cut to fit a badge."""
    if not title:
        return ""
    return title if len(title) <= n else title[:n] + "…"


def anchor_of(claim: str, report: str) -> str:
    """`<report>/fact/3` -> "fact-3": the element id of a claim on its report page."""
    tail = claim[len(report):].strip("/") if claim.startswith(report) else claim.rsplit("/", 2)[-2:]
    if isinstance(tail, list):
        tail = "/".join(tail)
    return tail.replace("/", "-")


def threshold_lines(requirements: list[dict]) -> list[dict]:
    """One chart line per threshold value; standards and levels sharing it are named together."""
    by_value: dict[float, dict] = {}
    for r in requirements:
        line = by_value.setdefault(r["threshold"], {"value": r["threshold"], "op": r["op_text"], "levels": [], "standards": []})
        if r["level_label"] not in line["levels"]:
            line["levels"].append(r["level_label"])
        name = r.get("number") or short_title(r.get("title"))
        if name not in line["standards"]:
            line["standards"].append(name)
    return [{"value": v["value"], "name": f"{v['op']}{fmt_num(v['value'])}（{'、'.join(v['levels'])}）",
             "standards": "、".join(v["standards"])} for v in sorted(by_value.values(), key=lambda x: x["value"])]


class WebData:
    """Page views for one open Corpus."""

    def __init__(self, corpus):
        self.corpus = corpus
        self.urls = Urls(corpus.iris.base)
        self._cache: dict[str, Any] = {}
        self._stamp: float | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ cache
    def _fresh(self) -> None:
        try:
            stamp = os.stat(self.corpus.manifest_path).st_mtime
        except FileNotFoundError:
            stamp = 0.0
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self._cache = {}
                    self._stamp = stamp

    def _cached(self, key: str, build):
        self._fresh()
        if key not in self._cache:
            value = build()
            self._cache[key] = value
        return self._cache[key]

    def warm(self) -> None:
        """Fill what every first page needs (best effort: a failure here shows up on the page)."""
        try:
            self.labels()
            self.stats()
            self.categories()
            self.school_by_name()
            self.corpus.search("学校", limit=1)  # opens the index, loads jieba and the dictionary
        except Exception:  # noqa: BLE001 — warming is an optimisation, never an error
            pass

    def rows(self, name: str, **params) -> list[dict]:
        return self.corpus.rows(name, **{k: URIRef(v) if isinstance(v, str) and "://" in v else v
                                         for k, v in params.items()})

    def iri(self, path: str) -> str:
        return str(self.corpus.iris(path))

    # ------------------------------------------------------------------ labels
    def labels(self) -> dict[str, str]:
        def build():
            out: dict[str, str] = {}
            for r in self.rows("web_labels"):
                out.setdefault(r["term"], r["label"])
            return out
        return self._cached("labels", build)

    def label(self, iri: str | None) -> str:
        if not iri:
            return ""
        lab = self.labels().get(iri)
        if lab:
            return lab
        if self.urls.kind(iri) == "report" and iri.endswith("/school"):
            return "（未署名学校）"  # an anonymised report's school (xx小学)
        name = self.urls.local_name(iri)
        return name.split(":", 1)[1] if name.startswith("other:") else name

    def concepts(self, scheme: str) -> list[dict]:
        return self._cached(f"concepts:{scheme}", lambda: self.rows("web_concepts", scheme=self.iri(scheme)))

    def concept(self, scheme: str, iri: str) -> dict | None:
        return next((c for c in self.concepts(scheme) if c["concept"] == iri), None)

    def notation_label(self, scheme: str, notation: str) -> str:
        for c in self.concepts(scheme):
            if c["notation"] == notation:
                return c.get("label") or notation
        return notation

    # ------------------------------------------------------------------ corpus-wide lists
    def stats(self) -> dict:
        def build():
            m = self.corpus.manifest
            return {"files": len(m.get("files", {})),
                    "reports": sum(len(e.get("reports", [])) for e in m.get("files", {}).values()),
                    "schools": len(self.schools()), "counties": len(self.counties()),
                    "flags": len({f["flag"] for f in self._flag_rows()}),
                    "standards": len(self.standards())}
        return self._cached("stats", build)

    def schools(self) -> list[dict]:
        return self._cached("schools", lambda: self.rows("schools"))

    def school_by_name(self) -> dict[tuple[str, str], str]:
        def build():
            out: dict[tuple[str, str], str] = {}
            for s in self.schools():
                if s.get("name"):
                    out.setdefault((s["name"], s.get("countyName", "")), s["school"])
                    out.setdefault((s["name"], ""), s["school"])
            return out
        return self._cached("school_by_name", build)

    def counties(self) -> list[dict]:
        return self._cached("counties", lambda: self.rows("counties"))

    def documents_by_graph(self) -> dict[str, dict]:
        return self._cached("docs", lambda: {e["graph"]: e for e in self.corpus.manifest.get("files", {}).values()})

    def original_path(self, name: str) -> Path | None:
        """A file under DIR/originals/ named exactly like one the manifest lists (no other path)."""
        known = {e.get("original") for e in self.corpus.manifest.get("files", {}).values()}
        if not name or name not in known or "/" in name or "\\" in name or name.startswith("."):
            return None
        root = (self.corpus.dir / "originals").resolve()
        path = (root / name).resolve()
        if path.parent != root or not path.is_file():
            return None
        return path

    def indicators(self) -> dict:
        def build():
            counts = {r["indicator"]: r for r in self.rows("web_fact_counts")}
            vocab = []
            for c in self.concepts("scheme/indicators"):
                n = counts.get(c["concept"], {})
                vocab.append({**c, "facts": n.get("facts", 0), "schools": n.get("schools", 0)})
            known = {c["concept"] for c in vocab}
            other = sorted(({"concept": k, "label": self.label(k), **v} for k, v in counts.items() if k not in known),
                           key=lambda r: -r["facts"])
            return {"vocab": vocab, "other": other}
        return self._cached("indicators", build)

    def categories(self) -> list[dict]:
        def build():
            counts = {r["category"]: r for r in self.rows("web_problem_counts")}
            out = []
            for c in self.concepts("scheme/problems"):
                n = counts.get(c["concept"], {})
                out.append({**c, "problems": n.get("problems", 0), "schools": n.get("schools", 0)})
            return sorted(out, key=lambda r: -r["problems"])
        return self._cached("categories", build)

    def standards(self) -> list[dict]:
        def build():
            by: dict[str, dict] = {}
            for r in self.rows("standards"):
                s = by.setdefault(r["standard"], {k: r.get(k) for k in
                                                  ("standard", "standardId", "number", "title", "region", "source")})
                s.setdefault("requirements", set())
                if r.get("requirement"):
                    s["requirements"].add(r["requirement"])
            out = []
            for s in by.values():
                s["n_requirements"] = len(s.pop("requirements"))
                s["region"] = s.get("region") or REGION_NATIONAL
                out.append(s)
            return sorted(out, key=lambda s: (s["region"] != REGION_NATIONAL, s.get("number") or "", s["title"]))
        return self._cached("standards", build)

    # ------------------------------------------------------------------ search
    def search(self, q: str, filters: dict[str, str], limit: int, offset: int) -> dict:
        return self.corpus.search(q, filters=filters or None, limit=limit, offset=offset)

    def decorate_hits(self, result: dict) -> list[dict]:
        """Hits with links and passages as (text, is_match) pieces for the template."""
        names = self.school_by_name()
        out = []
        for h in result.get("hits", []):
            school_iri = names.get((h.get("school") or "", h.get("county") or "")) or names.get((h.get("school") or "", ""))
            passages = []
            for p in h.get("passages", []):
                span = p.get("span") or [None, None]
                passages.append({**p, "pieces": marked_pieces(p.get("text", "")),
                                 "section_label": self.notation_label("scheme/sections", p.get("section") or ""),
                                 "category_label": self.notation_label("scheme/problems", p["category"]) if p.get("category") else "",
                                 "at": span[0], "to": span[1]})
            out.append({**h, "school_iri": school_iri, "passages": passages})
        return out

    def facet_label(self, field: str, value: str) -> str:
        if field == "category":
            return self.notation_label("scheme/problems", value)
        if field == "section":
            return self.notation_label("scheme/sections", value)
        if field == "level":
            return self.notation_label("level/", value)
        return value

    # ------------------------------------------------------------------ report
    def report(self, iri: str, focus: tuple[int, int] | None = None) -> dict | None:
        meta = self.rows("report", report=iri)
        if not meta:
            return None
        m = dict(meta[0])
        start, text = int(m["start"]), m.get("text") or ""
        verdicts = defaultdict(list)
        for v in self.rows("web_report_verdicts", report=iri):
            verdicts[v["fact"]].append(self._verdict(v))
        claims: dict[str, dict] = {}
        for r in self.rows("web_report_claims", report=iri):
            c = claims.get(r["claim"])
            if c is None:
                css, kind_label = KINDS.get(r["type"], ("other", "其他"))
                c = claims[r["claim"]] = {
                    "iri": r["claim"], "anchor": anchor_of(r["claim"], iri), "kind": css, "kind_label": kind_label,
                    "indicator": r.get("indicator"), "indicator_label": self.label(r.get("indicator")),
                    "value": fmt_num(r.get("value")), "unit": r.get("unit", ""), "qualifier": r.get("qualifier", ""),
                    "category": r.get("category"), "category_label": self.label(r.get("category")),
                    "statement": r.get("statement", ""), "what": r.get("what", ""),
                    "duplicate_of": r.get("duplicateOf"), "similarity": r.get("similarity"),
                    "spans": [], "verdicts": verdicts.get(r["claim"], [])}
        for r in self.rows("web_report_evidence", report=iri):
            c = claims.get(r["claim"])
            if c is not None:
                span = (int(r["start"]) - start, int(r["end"]) - start, r.get("quote", ""))
                if span not in c["spans"]:
                    c["spans"].append(span)
        order = sorted(claims.values(), key=lambda c: (min((s[0] for s in c["spans"]), default=10**9), c["anchor"]))
        spans = []
        for i, c in enumerate(order):
            c["index"] = i
            c["spans"].sort()
            for s, e, _ in c["spans"]:
                spans.append((s, e, i, c["kind"]))
        rel_focus = (focus[0] - start, focus[1] - start) if focus else None
        segs: list[Segment] = segments(text, spans, rel_focus)
        doc_entry = self.documents_by_graph().get(m.get("doc", ""), {})
        counts = Counter(c["kind"] for c in order)
        school = self.school_view_header(m["school"]) if m.get("school") else None
        return {**m, "iri": iri, "claims": order, "segments": segs, "counts": counts,
                "original": doc_entry.get("original"), "format": doc_entry.get("format"),
                "school_info": school}

    def school_view_header(self, school: str) -> dict:
        place = self.rows("web_school_place", school=school)
        return place[0] if place else {}

    def _attach_verdicts(self, facts: dict[str, dict], rows: list[dict]) -> None:
        for r in rows:
            f = facts.get(r["fact"])
            if f is not None:
                v = self._verdict(r)
                if v not in f["verdicts"]:
                    f["verdicts"].append(v)

    @staticmethod
    def _verdict(v: dict) -> dict:
        sym, word = VERDICTS.get(v.get("verdict", ""), ("?", v.get("verdict", "")))
        return {"verdict": v.get("verdict"), "symbol": sym, "word": word,
                "standard": v.get("standardNumber") or short_title(v.get("standardTitle")) or v.get("standardId", ""),
                "standard_title": v.get("standardTitle", ""),
                "op": OPS.get(v.get("op", ""), v.get("op", "")), "threshold": fmt_num(v.get("threshold")),
                "reason": v.get("reason", "")}

    # ------------------------------------------------------------------ school
    def school(self, iri: str) -> dict | None:
        place = self.rows("web_school_place", school=iri)
        reports = self.rows("reports_of_school", school=iri)
        if not place and not reports:
            return None
        facts: dict[str, dict] = {}
        for r in self.rows("web_school_facts", school=iri):
            if r["fact"] not in facts:
                facts[r["fact"]] = {
                    "iri": r["fact"], "indicator": r["indicator"], "indicator_label": self.label(r["indicator"]),
                    "value": fmt_num(r.get("value")), "unit": r.get("unit", ""), "qualifier": r.get("qualifier", ""),
                    "quote": r.get("quote", ""), "report": r["report"],
                    "anchor": anchor_of(r["fact"], r["report"]), "verdicts": []}
        self._attach_verdicts(facts, self.rows("web_school_verdicts", school=iri))
        in_vocab = {c["concept"] for c in self.concepts("scheme/indicators")}
        fact_list = sorted(facts.values(), key=lambda f: (f["indicator"] not in in_vocab, not f["verdicts"],
                                                          f["indicator_label"]))
        problems = [{**p, "category_label": self.label(p.get("category")),
                     "anchor": anchor_of(p["problem"], p["report"])} for p in self.rows("web_school_problems", school=iri)]
        flags = {}
        for f in self.rows("web_school_flags", school=iri):
            css, lab = KINDS.get(f["kind"], ("other", "其他"))
            flags.setdefault(f["flag"], {**f, "kind": css, "kind_label": lab, "anchor": anchor_of(f["flag"], f["report"])})
        similar = []
        for s in self.rows("web_similar_schools", school=iri):
            cats = [c for c in (s.get("categories") or "").split() if c]
            similar.append({**s, "category_labels": [self.label(c) for c in cats]})
        p = place[0] if place else {}
        counts = Counter(v["verdict"] for f in fact_list for v in f["verdicts"])
        return {"iri": iri, **p, "name": p.get("name") or self.label(iri), "reports": reports, "facts": fact_list,
                "problems": problems, "flags": list(flags.values()), "similar": similar, "verdict_counts": counts}

    # ------------------------------------------------------------------ indicator
    def indicator(self, iri: str) -> dict | None:
        """An indicator's page data, kept per corpus state (only for indicators that exist)."""
        self._fresh()
        key = f"indicator {iri}"
        if key not in self._cache:
            view = self._indicator(iri)
            if view is None:
                return None
            self._cache[key] = view
        return self._cache[key]

    def _indicator(self, iri: str) -> dict | None:
        concept = self.concept("scheme/indicators", iri)
        values = self.rows("web_indicator_values", indicator=iri)
        reqs = [r for r in self.requirements() if r["indicator"] == iri]
        if concept is None and not values and not reqs:
            return None
        facts: dict[str, dict] = {}
        for r in values:
            if r["fact"] not in facts:
                facts[r["fact"]] = {
                    "iri": r["fact"], "school": r.get("school"), "school_name": r.get("schoolName") or self.label(r.get("school")),
                    "level": r.get("level", ""), "level_label": self.notation_label("level/", r.get("level", "")),
                    "value": r.get("value"), "value_text": fmt_num(r.get("value")), "unit": r.get("unit", ""),
                    "quote": r.get("quote", ""), "report": r["report"], "anchor": anchor_of(r["fact"], r["report"]),
                    "verdicts": []}
        self._attach_verdicts(facts, self.rows("web_indicator_verdicts", indicator=iri))
        fact_list = sorted(facts.values(), key=lambda f: (f["value"] is None, f["value"]))
        requirements = [{**r, "op_text": OPS.get(r["op"], r["op"]), "threshold_text": fmt_num(r["threshold"]),
                         "level_label": self.notation_label("level/", r.get("level", "")) if r.get("level") else "全部学段",
                         "region": r.get("region") or REGION_NATIONAL} for r in reqs]
        chart = {
            "label": (concept or {}).get("label") or self.label(iri),
            "unit": (concept or {}).get("unit") or next((f["unit"] for f in fact_list if f["unit"]), ""),
            "points": [{"name": f["school_name"], "value": f["value"], "level": f["level_label"],
                        "verdict": next((v["verdict"] for v in f["verdicts"] if v["verdict"] == "fails"),
                                        f["verdicts"][0]["verdict"] if f["verdicts"] else "")}
                       for f in evenly_spaced(fact_list, CHART_POINTS)],
            "sampled": len(fact_list) > CHART_POINTS,
            "lines": threshold_lines(requirements),
        }
        return {"iri": iri, "concept": concept, "label": chart["label"], "facts": fact_list,
                "requirements": requirements, "chart": chart}

    def requirements(self) -> list[dict]:
        return self._cached("requirements", lambda: self.rows("requirements"))

    # ------------------------------------------------------------------ problem category
    def category(self, iri: str) -> dict | None:
        concept = self.concept("scheme/problems", iri)
        rows = self.rows("web_category_problems", category=iri)
        if concept is None and not rows:
            return None
        by_problem: dict[str, dict] = {}
        for r in rows:
            by_problem.setdefault(r["problem"], {**r, "anchor": anchor_of(r["problem"], r["report"])})
        problems = list(by_problem.values())
        by_county = Counter(p.get("countyName") or "（未知县）" for p in problems)
        by_province = Counter(p.get("provinceName") or "（未知省）" for p in problems)
        schools = Counter((p.get("school"), p.get("schoolName") or self.label(p.get("school"))) for p in problems if p.get("school"))
        return {"iri": iri, "concept": concept, "label": (concept or {}).get("label") or self.label(iri),
                "problems": problems, "by_county": by_county.most_common(), "by_province": by_province.most_common(),
                "schools": [{"school": s, "name": n, "count": c} for (s, n), c in schools.most_common()],
                "broader_label": self.label((concept or {}).get("broader"))}

    # ------------------------------------------------------------------ county
    def county(self, iri: str) -> dict | None:
        info = next((c for c in self.counties() if c["county"] == iri), None)
        schools = self.rows("county_schools", county=iri)
        if info is None and not schools:
            return None
        cvs = [{**c, "indicator_label": c.get("label") or self.label(c["indicator"]),
                "level_label": self.notation_label("level/", c["level"]),
                "cv_text": fmt_num(round(c["cv"], 4)) if c.get("cv") is not None else "",
                "reported_text": fmt_num(c.get("reportedCv"))} for c in self.rows("county_cvs", county=iri)]
        results: dict[str, dict] = {}
        for r in self.rows("county_results", county=iri):
            x = results.setdefault(r["result"], {**r, "failing": [], "level_label": self.notation_label("level/", r["level"]),
                                                 "scope_label": SCOPES.get(r.get("scope", ""), r.get("scope", "")),
                                                 "verdict_symbol": VERDICTS.get(r["verdict"], ("?", ""))[0],
                                                 "verdict_word": VERDICTS.get(r["verdict"], ("", r["verdict"]))[1]})
            if r.get("failing") and self.label(r["failing"]) not in x["failing"]:
                x["failing"].append(self.label(r["failing"]))
        levels = sorted({c["level_label"] for c in cvs})
        table: dict[str, dict[str, dict]] = defaultdict(dict)
        for c in cvs:
            table[c["indicator_label"]][c["level_label"]] = c
        return {"iri": iri, "name": (info or {}).get("name") or self.label(iri), "province": (info or {}).get("province"),
                "adcode": (info or {}).get("adcode"),
                "schools": [{**s, "level_label": self.notation_label("level/", s.get("level", ""))} for s in schools],
                "cvs": cvs, "levels": levels, "cv_table": dict(table), "results": list(results.values())}

    # ------------------------------------------------------------------ standards
    def standard(self, iri: str) -> dict | None:
        info = next((s for s in self.standards() if s["standard"] == iri), None)
        if info is None:
            return None
        reqs = [{**r, "indicator_label": self.label(r["indicator"]), "op_text": OPS.get(r["op"], r["op"]),
                 "threshold_text": fmt_num(r["threshold"]),
                 "level_label": self.notation_label("level/", r["level"]) if r.get("level") else "县域"}
                for r in self.requirements() if r["standard"] == iri]
        rules: dict[str, dict] = {}
        for r in self.cv_rules():
            if r["standard"] != iri:
                continue
            x = rules.setdefault(r["rule"], {**r, "items": [], "level_label": self.notation_label("level/", r["level"]),
                                             "scope_label": SCOPES.get(r["scope"], r["scope"]),
                                             "limit_text": fmt_num(r["limit"])})
            x["items"].append(r["label"])
        return {**info, "iri": iri, "requirements": reqs, "cv_rules": list(rules.values())}

    def cv_rules(self) -> list[dict]:
        return self._cached("cv_rules", lambda: self.rows("cv_rules"))

    def compare(self, a: str, b: str) -> dict | None:
        sa, sb = self.standard(a), self.standard(b)
        if sa is None or sb is None:
            return None
        keys: dict[tuple[str, str], dict] = {}
        for side, s in (("a", sa), ("b", sb)):
            for r in s["requirements"]:
                k = (r["indicator_label"], r["level_label"])
                row = keys.setdefault(k, {"indicator": r["indicator"], "indicator_label": k[0], "level_label": k[1]})
                row.setdefault(side, []).append(r)
        rows = sorted(keys.values(), key=lambda r: (r["indicator_label"], r["level_label"]))
        for r in rows:
            both = r.get("a") and r.get("b")
            r["differs"] = bool(both and {(x["op"], x["threshold"]) for x in r["a"]} != {(x["op"], x["threshold"]) for x in r["b"]})
        return {"a": sa, "b": sb, "rows": rows}

    # ------------------------------------------------------------------ flags
    def _flag_rows(self) -> list[dict]:
        return self._cached("flag_rows", lambda: self.rows("web_flags"))

    def flags(self, kind: str | None = None) -> list[dict]:
        out: dict[str, dict] = {}
        for r in self._flag_rows():
            css, lab = KINDS.get(r["kind"], ("other", "其他"))
            if kind and css != kind:
                continue
            if r["flag"] not in out:
                out[r["flag"]] = {**r,
                                      "kind": css, "kind_label": lab, "quotes": [],
                                      "anchor": anchor_of(r["flag"], r["report"]) if r.get("report") else None,
                                      "school_name": r.get("schoolName") or (self.label(r["school"]) if r.get("school") else "")}
        for r in self._cached("flag_evidence", lambda: self.rows("web_flag_evidence")):
            f = out.get(r["flag"])
            if f is not None and r["quote"] not in f["quotes"]:
                f["quotes"].append(r["quote"])
        return list(out.values())

    def flag_counts(self) -> Counter:
        return Counter(f["kind"] for f in self.flags())

    # ------------------------------------------------------------------ linked data
    def describe(self, iri: str) -> dict:
        d = self.corpus.describe(iri)
        return {"iri": iri, "label": self.label(iri),
                "out": [{**t, "p_label": self.label(t["p"]), "o_label": self.label(t["o"]) if isinstance(t["o"], str) and "://" in t["o"] else None}
                        for t in d["out"]],
                "in": [{**t, "p_label": self.label(t["p"]), "s_label": self.label(t["s"])} for t in d["in"]]}

    def describe_graph(self, iri: str):
        """The node's triples, outgoing and incoming, as an rdflib Graph (for Turtle / JSON-LD)."""
        from rdflib import Graph

        from kg.namespaces import bind_all

        g = Graph()
        bind_all(g)
        node = URIRef(iri)
        for row in self.corpus.sparql("describe_out", s=node):
            g.add((node, row.p, row.o))
        for row in self.corpus.sparql("describe_in", o=node):
            g.add((row.s, row.p, node))
        return g
