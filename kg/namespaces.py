"""RDF namespaces used by the graph: ours (jh:) and the standard vocabularies we reuse."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ontology import NS

JH = Namespace(NS)
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace] = {
    "jh": JH,
    "oa": OA,
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "schema": SCHEMA,
    "skos": Namespace(str(SKOS)),
    "rdfs": Namespace(str(RDFS)),
    "rdf": Namespace(str(RDF)),
    "xsd": Namespace(str(XSD)),
    "owl": Namespace(str(OWL)),
}


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, to prepend to queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def bind_all(graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


__all__ = ["JH", "OA", "SCHEMA", "SH", "PROV", "DCTERMS", "RDF", "RDFS", "SKOS", "XSD", "OWL", "PREFIXES"]
