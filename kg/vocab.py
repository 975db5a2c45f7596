"""The vocabulary graph: the T-box and the SKOS schemes of ontology/*.ttl, resolved against the base."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.iris import Iris
from kg.namespaces import bind_all
from ontology import ttl_files

SHAPES_FILE = "shapes.ttl"


def vocab_files() -> list[Path]:
    """Every ontology Turtle file except the SHACL shapes (standards are loaded separately)."""
    return [p for p in ttl_files() if p.name != SHAPES_FILE]


def vocab_graph(iris: Iris) -> Graph:
    g = Graph()
    bind_all(g)
    for p in vocab_files():
        g.parse(p, format="turtle", publicID=iris.base)
    return g


def shapes_graph() -> Graph:
    from ontology import HERE

    g = Graph()
    g.parse(HERE / SHAPES_FILE, format="turtle")
    return g
