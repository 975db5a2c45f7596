"""Compliance: school facts against requirements, and county CVs against CV rules.

Everything here is *derived* from what the store holds (facts, schools, standards), so the result
is one graph (``graph/derived``) recomputed after each ingest or removal and replaced in one
transaction.  Decisions:
- a requirement applies to a school when its indicator matches the fact's (kg.indicator_map),
  its level is one the school is judged as (kg.levels.judged_as; a 九年一贯制-specific threshold wins
  over the 小学/初中 pair), and its standard is national or names the school's province;
- units: a fact whose unit is of another kind than the requirement's (册 vs 平方米) is
  ``not_comparable``; 万元/万册 are scaled; a fact without a unit is compared as stated;
- a school judged under several standards gets one assessment per standard, side by side.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from kg import queries
from kg.build import decimal_literal, zh
from kg.cv import plain_cv, weighted_cv
from kg.indicator_map import ENROLMENT, canonical, school_value
from kg.iris import Iris
from kg.levels import LEVEL_NAMES, cv_groups, judged_as
from kg.namespaces import JH, PROV, RDF, RDFS, bind_all

UNITS: dict[str, tuple[str, float]] = {}
for _kind, _scale, _names in [
    ("area", 1, "平方米 ㎡ m2 m² 平米 平方 平方米每生"),
    ("money", 1, "元"), ("money", 10000, "万元"),
    ("volume", 1, "册 本"), ("volume", 10000, "万册"),
    ("person", 1, "人 名 位"),
    ("room", 1, "间 个 室 口"),
    ("device", 1, "台 套"),
    ("percent", 1, "% ％"),
]:
    for _n in _names.split():
        UNITS[_n] = (_kind, float(_scale))

CV_DIFFERENCE = 0.005  # printed vs recomputed CV differing by more than this is flagged
CV_FACT = re.compile(r"^cv[:_](.+)$")


def unit_kind(unit: str | None) -> tuple[str, float] | None:
    if not unit:
        return None
    head = unit.split("/", 1)[0].strip()
    return UNITS.get(head) or UNITS.get(unit.strip())


def compare_units(fact_unit: str | None, req_unit: str | None) -> tuple[bool, float, str | None]:
    """(comparable, scale to apply to the fact value, reason when not comparable)."""
    if not fact_unit or not req_unit:
        return True, 1.0, None
    fk, rk = unit_kind(fact_unit), unit_kind(req_unit)
    if fk and rk:
        if fk[0] != rk[0]:
            return False, 1.0, f"单位不可比：{fact_unit} 与 {req_unit}"
        return True, fk[1] / rk[1], None
    if fact_unit.split("/", 1)[0] == req_unit.split("/", 1)[0]:
        return True, 1.0, None
    return False, 1.0, f"单位不可比：{fact_unit} 与 {req_unit}"


def cv_indicator(name: str, known: dict[str, str]) -> str:
    """The CV indicator a printed `cv_<id>` fact is about (ids are often written without unit suffix)."""
    name = canonical(name)
    if name == "student_teacher_ratio":  # 师生比差异系数: the 2012 indicator, computed as teachers per student
        return "teachers_per_student"
    for cand in (name, f"{name}_m2", f"{name}_yuan", canonical(f"{name}_m2"), canonical(f"{name}_yuan")):
        if cand in known:
            return cand
    return name


def judge(value: float, op: str, threshold: float) -> bool:
    if op == ">=":
        return value >= threshold
    if op == "<=":
        return value <= threshold
    if op == ">":
        return value > threshold
    if op == "<":
        return value < threshold
    return abs(value - threshold) < 1e-9


def _norm_region(name: str | None) -> str:
    return re.sub(r"(省|市|自治区|壮族|回族|维吾尔)+$", "", (name or "").strip())


def region_applies(region: str | None, province: str | None) -> bool:
    if not region:
        return True
    if not province:
        return False
    a, b = _norm_region(region), _norm_region(province)
    return bool(a) and (a.startswith(b) or b.startswith(a))


@dataclass
class SchoolData:
    iri: str
    name: str | None
    level: str | None
    county: str | None
    county_name: str | None
    province: str | None
    values: dict[str, tuple[float, str, str]] = field(default_factory=dict)  # indicator -> (value, date, fact)


class Deriver:
    def __init__(self, ds, iris: Iris):
        self.ds, self.iris = ds, iris
        self.g = Graph()
        bind_all(self.g)
        self._doc_text: dict[str, str] = {}

    def indicator_id(self, iri: str) -> str:
        path = self.iris.path_of(iri) or iri
        from urllib.parse import unquote

        return unquote(path.split("/", 1)[1]) if "/" in path else path

    def facts(self) -> list[dict]:
        """Facts joined in Python with evidence, school and place (one big SPARQL join is slow in Oxigraph)."""
        evidence = {r["claim"]: r for r in queries.rows(self.ds, "claim_evidence")}
        schools = {r["school"]: r for r in queries.rows(self.ds, "school_info")}
        places = {r["report"]: r for r in queries.rows(self.ds, "report_places")}
        out = []
        for f in queries.rows(self.ds, "fact_rows"):
            ev = evidence.get(f["fact"])
            if ev is None:
                continue
            out.append({**f, **{k: ev[k] for k in ("quote", "start", "end", "doc")},
                        **{k: v for k, v in schools.get(f["school"], {}).items() if k != "school"},
                        **{k: v for k, v in places.get(f["report"], {}).items() if k != "report"}})
        return out

    def run(self) -> Graph:
        facts = self.facts()
        reqs = queries.rows(self.ds, "requirements")
        self.assess(facts, reqs)
        self.county_cv(facts, queries.rows(self.ds, "cv_rules"))
        return self.g

    # ---------------------------------------------------------------- school assessments
    def assess(self, facts: list[dict], reqs: list[dict]) -> None:
        by_indicator: dict[str, list[dict]] = defaultdict(list)
        for r in reqs:
            if r.get("county"):
                continue
            by_indicator[canonical(self.indicator_id(r["indicator"]))].append(r)
        a = self.g.add
        for f in facts:
            ind = canonical(self.indicator_id(f["indicator"]))
            candidates = [r for r in by_indicator.get(ind, []) if region_applies(r.get("region"), f.get("provinceName"))]
            if not candidates:
                continue
            levels = judged_as(f.get("level"))
            chosen: list[tuple[dict, str]] = []
            by_std: dict[str, list[dict]] = defaultdict(list)
            for r in candidates:
                by_std[r["standard"]].append(r)
            for rs in by_std.values():
                own = [r for r in rs if r.get("level") == f.get("level") and f.get("level")]
                if own:
                    chosen += [(r, r["level"]) for r in own]
                    continue
                chosen += [(r, r["level"]) for r in rs if r.get("level") in levels]
                chosen += [(r, "any") for r in rs if self._any(r)]
            for r, judged in chosen:
                ok, scale, reason = compare_units(f.get("unit"), r.get("unit"))
                if ok:
                    verdict = JH.meets if judge(float(f["value"]) * scale, r["op"], float(r["threshold"])) else JH.fails
                else:
                    verdict = JH.not_comparable
                ai = self.iris.assessment(f["fact"], r["requirement"])
                a((ai, RDF.type, JH.Assessment))
                a((ai, JH.fact, URIRef(f["fact"])))
                a((ai, JH.requirementUsed, URIRef(r["requirement"])))
                a((ai, JH.standard, URIRef(r["standard"])))
                a((ai, JH.verdict, verdict))
                a((ai, PROV.wasDerivedFrom, URIRef(f["fact"])))
                if judged in LEVEL_NAMES:
                    a((ai, JH.judgedLevel, self.iris.level(judged)))
                if reason:
                    a((ai, JH.reason, zh(reason)))

    @staticmethod
    def _any(r: dict) -> bool:
        return not r.get("county") and r.get("level") is None

    # ---------------------------------------------------------------- county CV
    def schools(self, facts: list[dict]) -> dict[str, SchoolData]:
        out: dict[str, SchoolData] = {}
        for f in facts:
            s = out.get(f["school"])
            if s is None:
                s = out[f["school"]] = SchoolData(f["school"], f.get("schoolName"), f.get("level"), f.get("county"),
                                                  f.get("countyName"), f.get("provinceName"))
            ind = canonical(self.indicator_id(f["indicator"]))
            date = str(f.get("date") or "")
            old = s.values.get(ind)
            if old is None or date > old[1]:
                s.values[ind] = (float(f["value"]), date, f["fact"])
        return out

    def doc_text(self, doc: str) -> str:
        if doc not in self._doc_text:
            rows = self.ds.query(f"SELECT ?t WHERE {{ <{doc}> <{JH.text}> ?t }}")
            self._doc_text[doc] = next((str(r[0]) for r in rows), "")
        return self._doc_text[doc]

    def reported_cvs(self, facts: list[dict], labels: dict[str, str]) -> dict[tuple, tuple[float, str]]:
        """{(county, level, indicator): (printed CV, fact)} from county reports."""
        by_label = {v: k for k, v in labels.items()}
        out = {}
        for f in facts:
            if f.get("scope") != "county" or not f.get("county"):
                continue
            raw = self.indicator_id(f["indicator"]).removeprefix("other:")
            m = CV_FACT.match(raw)
            ind = cv_indicator(m.group(1), labels) if m else None
            if ind is None and raw.startswith("other:") and "差异系数" in raw:
                ind = next((i for lab, i in by_label.items() if lab in raw), None)
            if ind is None:
                continue
            start = int(f["start"])
            context = self.doc_text(f["doc"])[max(0, start - 200):start] + f["quote"]
            pos = {lv: context.rfind(name) for lv, name in (("primary", "小学"), ("junior", "初中"))}
            level = max(pos, key=pos.get) if max(pos.values()) >= 0 else None
            if level:
                out[(f["county"], level, ind)] = (float(f["value"]), f["fact"])
        return out

    def county_cv(self, facts: list[dict], rules: list[dict]) -> None:
        if not rules:
            return
        labels: dict[str, str] = {}
        rule_info: dict[str, dict] = {}
        for r in rules:
            ind = canonical(self.indicator_id(r["indicator"]))
            labels.setdefault(ind, r["label"])
            info = rule_info.setdefault(r["rule"], {**r, "indicators": []})
            info["indicators"].append(ind)
        # a county report's own totals (全区在校学生…) are about the county, not one of its schools
        schools = self.schools([f for f in facts
                                if not CV_FACT.match(self.indicator_id(f["indicator"]).removeprefix("other:"))
                                and not (f.get("scope") == "county" and not f.get("schoolName"))])
        groups: dict[tuple[str, str], list[SchoolData]] = defaultdict(list)
        for s in schools.values():
            if s.county:
                for lv in cv_groups(s.level):
                    groups[(s.county, lv)].append(s)
        reported = self.reported_cvs(facts, labels)
        a = self.g.add
        computed: dict[tuple[str, str], dict[str, float]] = {}
        for (county, level), members in groups.items():
            cvs: dict[str, float] = {}
            for ind, label in labels.items():
                xs, ps = [], []
                for s in members:
                    got = school_value(ind, {k: v[0] for k, v in s.values.items()})
                    p = s.values.get(ENROLMENT)
                    if got is not None and p and p[0] > 0:
                        xs.append(got[0])
                        ps.append(p[0])
                res = weighted_cv(xs, ps)
                rep = reported.get((county, level, ind))
                if res is None and rep is None:
                    continue
                node = self.iris.county_cv(URIRef(county), level, ind)
                a((node, RDF.type, JH.CountyIndicatorCV))
                a((node, JH.county, URIRef(county)))
                a((node, JH.level, self.iris.level(level)))
                a((node, JH.indicator, self.iris.indicator(ind)))
                a((node, RDFS.label, zh(label)))
                a((node, JH.schoolCount, Literal(len(xs))))
                a((node, JH.method, Literal("enrolment-weighted")))
                if res is not None:
                    cvs[ind] = res[0]
                    a((node, JH.cv, decimal_literal(round(res[0], 4))))
                    a((node, JH.mean, decimal_literal(round(res[1], 4))))
                    unweighted = plain_cv(xs)
                    if unweighted is not None:
                        a((node, JH.note, Literal(f"unweighted cv {unweighted:.4f}")))
                if rep is not None:
                    a((node, JH.reportedCv, decimal_literal(rep[0])))
                    a((node, PROV.wasDerivedFrom, URIRef(rep[1])))
                    if res is not None and abs(rep[0] - res[0]) > CV_DIFFERENCE:
                        fl = URIRef(f"{node}/flag")
                        a((fl, RDF.type, JH.Flag))
                        a((fl, RDF.type, JH.CvDifferenceFlag))
                        a((fl, JH.what, zh(f"报告所列差异系数 {rep[0]:g} 与在校生加权重算 {res[0]:.4f} 不符（{label}）")))
                        a((fl, JH.reportedCv, decimal_literal(rep[0])))
                        a((fl, JH.cv, decimal_literal(round(res[0], 4))))
                        a((fl, PROV.wasDerivedFrom, URIRef(rep[1])))
                        a((node, JH.hasFlag, fl))
            computed[(county, level)] = cvs
        provinces = {s.county: s.province for s in schools.values() if s.county}
        for (county, level), cvs in computed.items():
            if not cvs:
                continue
            n = len(groups[(county, level)])
            for rule in rule_info.values():
                if rule["level"] != level or not region_applies(rule.get("region"), provinces.get(county)):
                    continue
                self.rule_result(URIRef(county), level, rule, cvs, n)

    def rule_result(self, county: URIRef, level: str, rule: dict, cvs: dict[str, float], n: int) -> None:
        a = self.g.add
        inds = rule["indicators"]
        have = [i for i in inds if i in cvs]
        limit = float(rule["limit"])
        node = self.iris.county_result(county, level, rule["standardId"])
        a((node, RDF.type, JH.CountyCvResult))
        a((node, JH.county, county))
        a((node, JH.level, self.iris.level(level)))
        a((node, JH.ruleUsed, URIRef(rule["rule"])))
        a((node, JH.standard, URIRef(rule["standard"])))
        a((node, JH.schoolCount, Literal(n)))
        reason = None
        if rule["scope"] == "composite":
            composite = sum(cvs[i] for i in have) / len(have) if have else None
            if composite is not None:
                a((node, JH.compositeCv, decimal_literal(round(composite, 4))))
            if composite is not None and len(have) == len(inds):
                verdict = JH.meets if composite <= limit else JH.fails
            else:
                verdict = JH.not_comparable
                reason = f"仅 {len(have)}/{len(inds)} 项指标可计算差异系数"
        else:
            failing = [i for i in have if cvs[i] > limit]
            for i in failing:
                a((node, JH.failingIndicator, self.iris.indicator(i)))
            if failing:
                verdict = JH.fails
            elif len(have) == len(inds):
                verdict = JH.meets
            else:
                verdict = JH.not_comparable
                reason = f"仅 {len(have)}/{len(inds)} 项指标可计算差异系数"
        a((node, JH.verdict, verdict))
        if reason:
            a((node, JH.reason, zh(reason)))


def derived_graph(ds, iris: Iris) -> Graph:
    """Assessments, county CVs and CV-rule verdicts for everything in the store."""
    return Deriver(ds, iris).run()


def _num(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def compliance_json(ds, iris: Iris) -> dict:
    """The compliance contract (shared/contracts/compliance.md) from the graph's derived results."""
    facts = {f["fact"]: f for f in Deriver(ds, iris).facts()}
    reqs = {r["requirement"]: r for r in queries.rows(ds, "requirements")}
    schools: dict[str, dict] = {}
    rows = []
    for a in queries.rows(ds, "assessment_rows"):
        f, r = facts.get(a["fact"]), reqs.get(a["requirement"])
        if f is not None and r is not None:
            rows.append((f, r, a))
    rows.sort(key=lambda x: (x[0].get("schoolCountyName") or "", x[0].get("schoolName") or "", x[0]["school"],
                             x[0]["indicator"], x[1]["standardId"], x[0]["fact"]))
    for f, r, a in rows:
        s = schools.get(f["school"])
        if s is None:
            s = schools[f["school"]] = {
                "school": f.get("schoolName"), "iri": f["school"],
                "county": f.get("schoolCountyName") or f.get("countyName"),
                "level": LEVEL_NAMES.get(f.get("level") or ""), "assessments": []}
        item = {
            "indicator": _indicator_key(iris, f["indicator"]), "value": _num(f["value"]), "unit": f.get("unit"),
            "standard": r.get("number") or r.get("title"), "op": r["op"],
            "threshold": _num(r["threshold"]), "verdict": a["verdict"], "quote": f["quote"],
            "report": f["report"], "span": [int(f["start"]), int(f["end"])],
        }
        if a.get("judged") and a.get("judged") != f.get("level"):
            item["judged_as"] = LEVEL_NAMES.get(a["judged"], a["judged"])
        if a.get("reason"):
            item["reason"] = a["reason"]
        if r.get("unconfirmed"):
            item["unconfirmed"] = True
        s["assessments"].append(item)
    counties: dict[tuple[str, str], dict] = {}
    labels: dict[str, str] = {}
    for r in queries.rows(ds, "county_cvs"):
        key = (r["county"], r["level"])
        if r.get("label"):
            labels[r["indicator"]] = r["label"]
        c = counties.setdefault(key, {"county": r.get("countyName"), "iri": r["county"],
                                      "level": LEVEL_NAMES.get(r["level"], r["level"]),
                                      "n_schools": 0, "indicators": {}, "rules": []})
        entry = {"cv": r.get("cv"), "method": r["method"], "n_schools": int(r["n"])}
        if r.get("reportedCv") is not None:
            entry["reported_cv"] = r["reportedCv"]
        c["indicators"][r.get("label") or _indicator_key(iris, r["indicator"])] = entry
    rules: dict[tuple, dict] = {}
    for r in queries.rows(ds, "county_results"):
        key = (r["county"], r["level"])
        c = counties.setdefault(key, {"county": r.get("countyName"), "iri": r["county"],
                                      "level": LEVEL_NAMES.get(r["level"], r["level"]),
                                      "n_schools": 0, "indicators": {}, "rules": []})
        c["n_schools"] = max(c["n_schools"], int(r["n"]))
        rk = (key, r["result"])
        rule = rules.get(rk)
        if rule is None:
            rule = rules[rk] = {"standard": r.get("standardNumber") or r["standardId"], "limit": r["limit"],
                                "verdict": r["verdict"]}
            if r["scope"] == "composite":
                rule["composite_cv"] = r.get("compositeCv")
            else:
                rule["failing_indicators"] = []
            if r.get("reason"):
                rule["reason"] = r["reason"]
            c["rules"].append(rule)
        if r.get("failing"):
            rule["failing_indicators"].append(labels.get(r["failing"]) or _indicator_key(iris, r["failing"]))
    for c in counties.values():
        if not c["n_schools"]:
            c["n_schools"] = max((e["n_schools"] for e in c["indicators"].values()), default=0)
    return {"schools": list(schools.values()), "counties": list(counties.values())}


def _indicator_key(iris: Iris, iri: str) -> str:
    from urllib.parse import unquote

    path = iris.path_of(iri) or iri
    return unquote(path.split("/", 1)[1]) if path.startswith("indicator/") else path
