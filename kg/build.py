"""records -> RDF: all triples of one source document, to be stored as its named graph.

The graph is built in memory and handed to the store in one piece (see kg.store), so a
document's triples are replaced all at once.  Every claim (fact, problem, measure, flag) gets a
W3C Web Annotation whose target selects the document text both by position and by quote.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

import ontology
from ingest.records import Document, Report, Span
from kg.iris import Iris
from kg.levels import level_id
from kg.namespaces import DCTERMS, JH, OA, PROV, RDF, SCHEMA, XSD, bind_all

CONTEXT_CHARS = 32  # oa:prefix / oa:suffix length

# Resolves a ReportRef (source file name, ordinal) that points outside this document to a report IRI.
RefResolver = Callable[[str, int], URIRef | None]


def decimal_literal(value: float) -> Literal:
    d = Decimal(repr(float(value)))
    return Literal(d, datatype=XSD.decimal)


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


class _Builder:
    def __init__(self, doc: Document, iris: Iris, resolve: RefResolver | None):
        self.doc, self.iris, self.resolve = doc, iris, resolve
        self.doc_iri = iris.document(doc.path)
        self.triples: list[tuple] = []
        self.entities: set[tuple] = set()  # descriptions of shared nodes (schools, counties, provinces)

    def add(self, s, p, o) -> None:
        if o is not None:
            self.triples.append((s, p, o))

    def add_entity(self, s, p, o) -> None:
        if o is not None:
            self.entities.add((s, p, o))

    def evidence(self, claim: URIRef, span: Span, k: int = 0) -> URIRef | None:
        start, end = int(span[0]), int(span[1])
        text = self.doc.text
        if not (0 <= start <= end <= len(text)):
            return None
        anno = Iris.evidence(claim, k)
        target, pos, quote = URIRef(f"{anno}/target"), URIRef(f"{anno}/position"), URIRef(f"{anno}/quote")
        a = self.add
        a(claim, JH.evidence, anno)
        a(anno, RDF.type, OA.Annotation)
        a(anno, OA.motivatedBy, OA.describing)
        a(anno, OA.hasBody, claim)
        a(anno, OA.hasTarget, target)
        a(target, RDF.type, OA.SpecificResource)
        a(target, OA.hasSource, self.doc_iri)
        a(target, OA.hasSelector, pos)
        a(target, OA.hasSelector, quote)
        a(pos, RDF.type, OA.TextPositionSelector)
        a(pos, OA.start, Literal(start))
        a(pos, OA.end, Literal(end))
        a(quote, RDF.type, OA.TextQuoteSelector)
        a(quote, OA.exact, Literal(text[start:end]))
        a(quote, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS):start]))
        a(quote, OA.suffix, Literal(text[end:end + CONTEXT_CHARS]))
        return anno

    def document(self, activity: URIRef) -> None:
        d, a, doc = self.doc_iri, self.add, self.doc
        a(d, RDF.type, JH.Document)
        a(d, JH.sourceName, Literal(doc.source))
        a(d, DCTERMS.title, Literal(doc.source))
        a(d, JH.path, Literal(doc.path))
        a(d, JH.sha256, Literal(doc.sha256))
        a(d, JH["format"], Literal(doc.format))
        if doc.encoding:
            a(d, JH.encoding, Literal(doc.encoding))
        a(d, JH.text, Literal(doc.text))
        for b in doc.page_breaks:
            a(d, JH.pageBreak, Literal(int(b)))
        a(activity, RDF.type, JH.IngestActivity)
        a(activity, PROV.used, d)
        a(activity, PROV.endedAtTime, Literal(datetime.now(UTC).replace(microsecond=0), datatype=XSD.dateTime))

    def place(self, report: Report) -> URIRef | None:
        p, a = report.place, self.add_entity
        province = None
        if p.province:
            province = self.iris.province(p.province, p.adcode)
            a(province, RDF.type, JH.Province)
            a(province, SCHEMA.name, zh(p.province))
        if not p.county:
            return province
        county = self.iris.county(p.county, p.adcode, p.province, p.city)
        a(county, RDF.type, JH.County)
        a(county, SCHEMA.name, zh(p.county))
        if p.city:
            a(county, JH.city, zh(p.city))
        if p.adcode and county.endswith(p.adcode[:6]):
            a(county, JH.adcode, Literal(p.adcode[:6]))
        a(county, SCHEMA.containedInPlace, province)
        return county

    def school(self, name: str | None, report_iri: URIRef, report: Report, place: URIRef | None,
               level: str | None = None, anonymised: bool = False) -> URIRef:
        if name and not anonymised:
            iri = self.iris.school(identity_name(name, report.place), report.place.county)
            a = self.add_entity
        else:
            iri = self.iris.anonymous_school(report_iri)
            a = self.add
        a(iri, RDF.type, JH.School)
        if name:
            a(iri, SCHEMA.name, zh(name))
        a(iri, JH.anonymised, Literal(bool(anonymised)))
        lid = level_id(level)
        if lid:
            a(iri, JH.level, self.iris.level(lid))
        a(iri, SCHEMA.containedInPlace, place)
        return iri

    def report(self, r: Report, activity: URIRef) -> URIRef:
        iris, a, doc = self.iris, self.add, self.doc
        ri = iris.report(Iris.doc_key(doc.path, doc.sha256), r.ordinal)
        a(ri, RDF.type, JH.Report)
        a(ri, JH.sourceDocument, self.doc_iri)
        a(self.doc_iri, DCTERMS.hasPart, ri)
        a(ri, PROV.wasGeneratedBy, activity)
        a(ri, JH.ordinal, Literal(r.ordinal))
        if r.title:
            a(ri, DCTERMS.title, Literal(r.title))
        a(ri, JH.start, Literal(int(r.span[0])))
        a(ri, JH.end, Literal(int(r.span[1])))
        a(ri, JH.startsWith, Literal(r.starts_with))
        a(ri, JH.scope, Literal(r.scope))
        if r.date:
            a(ri, DCTERMS.date, Literal(r.date))
        place = self.place(r)
        a(ri, JH.place, place)
        school = self.school(r.school.name, ri, r, place, r.school.level, r.school.anonymised)
        a(ri, JH.school, school)
        for i, s in enumerate(r.sections, 1):
            si = iris.part(ri, "section", i)
            a(ri, JH.section, si)
            a(si, RDF.type, JH.Section)
            a(si, JH.sectionKind, Literal(s.kind))
            if s.heading:
                a(si, JH.heading, Literal(s.heading))
            a(si, JH.start, Literal(int(s.span[0])))
            a(si, JH.end, Literal(int(s.span[1])))
        others: dict[str, URIRef] = {}
        for i, f in enumerate(r.facts, 1):
            fi = iris.fact(ri, i)
            a(ri, JH.hasFact, fi)
            a(fi, RDF.type, JH.Fact)
            a(fi, PROV.wasDerivedFrom, ri)
            a(fi, JH.indicator, indicator_iri(iris, f.indicator))
            a(fi, JH.value, decimal_literal(f.value))
            if f.unit:
                a(fi, JH.unit, Literal(f.unit))
            if f.qualifier:
                a(fi, JH.qualifier, Literal(f.qualifier))
            if f.school and f.school != r.school.name:
                if f.school not in others:
                    # a row of a county table: a school of the report's county and level
                    others[f.school] = self.school(f.school, ri, r, place, r.school.level)
                a(fi, JH.aboutSchool, others[f.school])
            else:
                a(fi, JH.aboutSchool, school)
            self.evidence(fi, f.span)
        for i, p in enumerate(r.problems, 1):
            pi = iris.part(ri, "problem", i)
            a(ri, JH.hasProblem, pi)
            a(pi, RDF.type, JH.Problem)
            a(pi, PROV.wasDerivedFrom, ri)
            a(pi, JH.statement, Literal(p.text))
            a(pi, JH.category, iris.problem_category(p.category))
            self.evidence(pi, p.span)
        for i, m in enumerate(r.measures, 1):
            mi = iris.part(ri, "measure", i)
            a(ri, JH.hasMeasure, mi)
            a(mi, RDF.type, JH.Measure)
            a(mi, PROV.wasDerivedFrom, ri)
            a(mi, JH.statement, Literal(m.text))
            self.evidence(mi, m.span)
        n = 0
        for b in r.blanks:
            n += 1
            fl = self.flag(ri, n, JH.BlankFlag)
            a(fl, JH.statement, Literal(b.text))
            self.evidence(fl, b.span)
        for inc in r.inconsistencies:
            n += 1
            fl = self.flag(ri, n, JH.InconsistencyFlag)
            a(fl, JH.what, Literal(inc.what))
            for q in inc.quotes:
                a(fl, JH.quote, Literal(q))
            spans = list(inc.spans) or [s for s in (self.locate(q, r.span) for q in inc.quotes) if s]
            for k, sp in enumerate(spans):
                self.evidence(fl, sp, k)
        if r.duplicate_of is not None:
            ref = r.duplicate_of
            other = None
            if ref.source == doc.source:
                other = iris.report(Iris.doc_key(doc.path, doc.sha256), ref.ordinal)
            elif self.resolve is not None:
                other = self.resolve(ref.source, ref.ordinal)
            if other is not None:
                n += 1
                fl = self.flag(ri, n, JH.DuplicateFlag)
                a(fl, JH.duplicateOf, other)
                a(ri, JH.duplicateOf, other)
        return ri

    def flag(self, report: URIRef, n: int, cls: URIRef) -> URIRef:
        fl = self.iris.part(report, "flag", n)
        self.add(report, JH.hasFlag, fl)
        self.add(fl, RDF.type, JH.Flag)
        self.add(fl, RDF.type, cls)
        self.add(fl, PROV.wasDerivedFrom, report)
        return fl

    def locate(self, quote: str, within: Span) -> Span | None:
        if not quote:
            return None
        i = self.doc.text.find(quote, within[0], within[1])
        return (i, i + len(quote)) if i >= 0 else None


def indicator_iri(iris: Iris, indicator_id: str) -> URIRef:
    """`other:<id>` of a concept the vocabulary defines points at that concept; other ids as written."""
    key = indicator_id[len("other:"):] if indicator_id.startswith("other:") else indicator_id
    if key in known_indicators():
        return iris.indicator(key)
    return iris.indicator(indicator_id)


@lru_cache(maxsize=1)
def known_indicators() -> frozenset[str]:
    try:
        return frozenset(ontology.indicators())
    except Exception:  # an unreadable vocabulary must not stop ingest
        return frozenset()


def document_triples(doc: Document, iris: Iris, resolve: RefResolver | None = None, *,
                     inline_entities: bool = True) -> list[tuple]:
    """All triples of one source document (its named graph), distinct, as a plain list.

    Schools, counties and provinces are shared by many documents.  If every document graph held
    their descriptions, the store's union graph would repeat each triple once per document and
    joins over them would multiply.  With ``inline_entities=False`` (what the corpus stores) those
    triples are kept out of the graph and carried as one N-Triples literal (jh:entityData on the
    document), from which the corpus rebuilds a single deduplicated ``graph/entities``.  With
    ``inline_entities=True`` the graph is self-contained (tests, SHACL on one document).

    The corpus writes this list straight to the store: an in-memory rdflib Graph in between
    (three indexes per triple) cost as much as the store write itself."""
    b = _Builder(doc, iris, resolve)
    activity = URIRef(f"{b.doc_iri}/ingest")
    b.document(activity)
    for r in doc.reports:
        b.report(r, activity)
    if inline_entities:
        b.triples += sorted(b.entities)
    else:
        from kg.store import triples_body

        b.add(b.doc_iri, JH.entityData, Literal(triples_body(sorted(b.entities))))
    return list(dict.fromkeys(b.triples))


def document_graph(doc: Document, iris: Iris, resolve: RefResolver | None = None, *,
                   inline_entities: bool = True) -> Graph:
    """document_triples() as an rdflib Graph (tests, SHACL, export of one document)."""
    g = Graph()
    bind_all(g)
    g.addN((s, p, o, g) for s, p, o in document_triples(doc, iris, resolve, inline_entities=inline_entities))
    return g


def entity_graph(ntriples: list[str]) -> Graph:
    """The deduplicated shared-entity descriptions from documents' jh:entityData literals."""
    g = Graph()
    bind_all(g)
    for data in ntriples:
        if data.strip():
            g.parse(data=data, format="nt")
    return g


def report_iris(doc: Document, iris: Iris) -> list[str]:
    return [str(iris.report(Iris.doc_key(doc.path, doc.sha256), r.ordinal)) for r in doc.reports]


def identity_name(name: str, place) -> str:
    """The name that identifies a school within its county: 凤翔区虢王镇槐原小学 and 虢王镇槐原小学
    are one school, so leading province/city/county names are not part of its identity."""
    for part in (place.province, place.city, place.county):
        for form in filter(None, {part, (part or "")[:-1] if part and len(part) > 2 else None}):
            if name.startswith(form) and len(name) - len(form) >= 4:
                name = name[len(form):]
    return name
