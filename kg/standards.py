"""Standards as RDF: the national ones shipped as Turtle in ontology/standards/, and
provincial ones read from documents (ingest.standards.read_standard -> ingest.records.Standard)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ingest.records import Standard
from kg.build import decimal_literal, zh
from kg.iris import Iris
from kg.levels import REQUIREMENT_LEVEL_IDS
from kg.namespaces import DCTERMS, JH, RDF, bind_all
from ontology import HERE as ONTOLOGY_DIR

STANDARDS_DIR = ONTOLOGY_DIR / "standards"


def national_standard_files() -> list[Path]:
    return sorted(STANDARDS_DIR.glob("*.ttl"))


def parse_turtle(path: Path, iris: Iris) -> Graph:
    g = Graph()
    bind_all(g)
    g.parse(path, format="turtle", publicID=iris.base)
    return g


def national_graphs(iris: Iris) -> dict[str, Graph]:
    """{standard id: graph} for every Turtle file in ontology/standards/."""
    return {p.stem: parse_turtle(p, iris) for p in national_standard_files()}


def files_fingerprint(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def standard_graph(std: Standard, iris: Iris) -> Graph:
    """One standard record (e.g. a provincial standard read from a document) as RDF."""
    g = Graph()
    bind_all(g)
    s = iris.standard(std.id)
    g.add((s, RDF.type, JH.Standard))
    g.add((s, DCTERMS.identifier, Literal(std.id)))
    g.add((s, DCTERMS.title, zh(std.title)))
    if std.number:
        g.add((s, JH.number, Literal(std.number)))
    if std.issuer:
        g.add((s, DCTERMS.publisher, zh(std.issuer)))
    if std.date:
        g.add((s, DCTERMS.issued, Literal(std.date)))
    if std.region:
        g.add((s, JH.region, zh(std.region)))
    if std.source:
        src = URIRef(std.source) if std.source.startswith(("http://", "https://")) else Literal(std.source)
        g.add((s, DCTERMS.source, src))
    seen: dict[tuple[str, str], int] = {}
    for r in std.requirements:
        lid = REQUIREMENT_LEVEL_IDS.get(r.level, r.level)
        k = seen.get((r.indicator, lid), 0)
        seen[(r.indicator, lid)] = k + 1
        ri = iris.requirement(std.id, r.indicator, lid, k)
        g.add((s, JH.requirement, ri))
        g.add((ri, RDF.type, JH.Requirement))
        g.add((ri, JH.standard, s))
        g.add((ri, JH.indicator, iris.indicator(r.indicator)))
        if lid == "county":
            g.add((ri, JH.appliesToCounty, Literal(True)))
        elif lid != "any":
            g.add((ri, JH.level, iris.level(lid)))
        g.add((ri, JH.op, Literal(r.op)))
        g.add((ri, JH.threshold, decimal_literal(r.threshold)))
        if r.unit:
            g.add((ri, JH.unit, Literal(r.unit)))
        if r.quote:
            g.add((ri, JH.quote, Literal(r.quote)))
        if r.note:
            g.add((ri, JH.note, zh(r.note)))
        g.add((ri, JH.unconfirmed, Literal(bool(r.unconfirmed))))
    return g
