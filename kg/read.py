"""RDF -> records: documents back out of their named graphs (for `reindex` and the report view)."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef

import ontology
from ingest.records import (
    Blank,
    Document,
    Fact,
    Inconsistency,
    Measure,
    Place,
    Problem,
    Report,
    School,
    Section,
)
from kg.levels import LEVEL_NAMES
from kg.namespaces import DCTERMS, JH, OA, RDF, SCHEMA, SKOS, XSD
from kg.store import oxigraph


def named_graph(ds, name: str) -> Graph:
    """A copy of one named graph in memory."""
    import pyoxigraph as ox
    from oxrdflib._converter import from_ox

    g = Graph()
    quads = oxigraph(ds).quads_for_pattern(None, None, None, ox.NamedNode(name))
    g.addN((from_ox(q.subject), from_ox(q.predicate), _plain(from_ox(q.object)), g) for q in quads)
    return g


def _plain(term):
    """Oxigraph types simple literals as xsd:string; rdflib compares them unequal to plain ones."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _str(g: Graph, s, p) -> str | None:
    v = g.value(s, p)
    return None if v is None else str(v)


def _span(g: Graph, claim) -> tuple[int, int] | None:
    anno = g.value(claim, JH.evidence)
    if anno is None:
        return None
    target = g.value(anno, OA.hasTarget)
    for sel in g.objects(target, OA.hasSelector):
        if (sel, RDF.type, OA.TextPositionSelector) in g:
            return int(g.value(sel, OA.start)), int(g.value(sel, OA.end))
    return None


def _ordered(g: Graph, s, p) -> list:
    return sorted(g.objects(s, p), key=lambda o: int(str(o).rsplit("/", 1)[-1]))


def _indicator_id(iri: str) -> str:
    from urllib.parse import unquote

    key = unquote(iri.split("/indicator/", 1)[-1])
    concepts = ontology.indicators()
    c = concepts.get(key)
    if c is not None and not c.extra.get("contract"):
        return f"other:{key}"
    return key


def document_from_graph(g: Graph, doc: URIRef) -> tuple[Document, list[str]]:
    for data in list(g.objects(doc, JH.entityData)):
        if str(data).strip():
            g.parse(data=str(data), format="nt")
    text = _str(g, doc, JH.text) or ""
    d = Document(source=_str(g, doc, JH.sourceName) or "", path=_str(g, doc, JH.path) or "",
                 format=_str(g, doc, JH["format"]) or "txt", encoding=_str(g, doc, JH.encoding),
                 sha256=_str(g, doc, JH.sha256) or "", text=text,
                 page_breaks=sorted(int(b) for b in g.objects(doc, JH.pageBreak)))
    reports = sorted(g.subjects(JH.sourceDocument, doc), key=lambda r: int(g.value(r, JH.ordinal)))
    for ri in reports:
        start, end = int(g.value(ri, JH.start)), int(g.value(ri, JH.end))
        school_iri = g.value(ri, JH.school)
        level = g.value(school_iri, JH.level) if school_iri is not None else None
        place_iri = g.value(ri, JH.place)
        place = Place()
        if place_iri is not None:
            if (place_iri, RDF.type, JH.County) in g:
                place.county = _str(g, place_iri, SCHEMA.name)
                place.city = _str(g, place_iri, JH.city)
                place.adcode = _str(g, place_iri, JH.adcode)
                prov = g.value(place_iri, SCHEMA.containedInPlace)
                place.province = _str(g, prov, SCHEMA.name) if prov is not None else None
            else:
                place.province = _str(g, place_iri, SCHEMA.name)
        r = Report(ordinal=int(g.value(ri, JH.ordinal)), title=_str(g, ri, DCTERMS.title), span=(start, end),
                   starts_with=_str(g, ri, JH.startsWith) or "", text=text[start:end],
                   school=School(name=_str(g, school_iri, SCHEMA.name) if school_iri is not None else None,
                                 anonymised=bool(g.value(school_iri, JH.anonymised).toPython())
                                 if school_iri is not None and g.value(school_iri, JH.anonymised) is not None else False,
                                 level=LEVEL_NAMES.get(str(g.value(level, SKOS.notation)) if level is not None else "",
                                                       None) or _level_from_iri(level)),
                   place=place, date=_str(g, ri, DCTERMS.date), scope=_str(g, ri, JH.scope) or "school")
        for si in _ordered(g, ri, JH.section):
            r.sections.append(Section(kind=_str(g, si, JH.sectionKind) or "other", heading=_str(g, si, JH.heading),
                                      span=(int(g.value(si, JH.start)), int(g.value(si, JH.end)))))
        for fi in _ordered(g, ri, JH.hasFact):
            sp = _span(g, fi) or (0, 0)
            about = g.value(fi, JH.aboutSchool)
            other = _str(g, about, SCHEMA.name) if about is not None and about != school_iri else None
            value = float(g.value(fi, JH.value).toPython())
            r.facts.append(Fact(indicator=_indicator_id(str(g.value(fi, JH.indicator))), value=value,
                                unit=_str(g, fi, JH.unit), quote=text[sp[0]:sp[1]], span=sp,
                                qualifier=_str(g, fi, JH.qualifier), school=other))
        for pi in _ordered(g, ri, JH.hasProblem):
            cat = str(g.value(pi, JH.category)).rsplit("/", 1)[-1]
            r.problems.append(Problem(text=_str(g, pi, JH.statement) or "", category=cat, span=_span(g, pi) or (0, 0)))
        for mi in _ordered(g, ri, JH.hasMeasure):
            r.measures.append(Measure(text=_str(g, mi, JH.statement) or "", span=_span(g, mi) or (0, 0)))
        for fl in _ordered(g, ri, JH.hasFlag):
            if (fl, RDF.type, JH.BlankFlag) in g:
                r.blanks.append(Blank(text=_str(g, fl, JH.statement) or "", span=_span(g, fl) or (0, 0)))
            elif (fl, RDF.type, JH.InconsistencyFlag) in g:
                r.inconsistencies.append(Inconsistency(what=_str(g, fl, JH.what) or "",
                                                       quotes=sorted(str(q) for q in g.objects(fl, JH.quote))))
        d.reports.append(r)
    return d, [str(r) for r in reports]


def _level_from_iri(level) -> str | None:
    if level is None:
        return None
    return LEVEL_NAMES.get(str(level).rsplit("/", 1)[-1])


def load_documents(ds) -> Iterator[tuple[Document, list[str]]]:
    """Every stored document with its report IRIs, rebuilt from its named graph."""
    rows = ds.query(f"SELECT ?d WHERE {{ GRAPH ?d {{ ?d a <{JH.Document}> }} }} ORDER BY ?d")
    for (doc,) in rows:
        g = named_graph(ds, str(doc))
        yield document_from_graph(g, URIRef(doc))
