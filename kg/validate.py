"""SHACL validation of a built graph against ontology/shapes.ttl (pyshacl)."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from kg.vocab import shapes_graph, vocab_graph


@lru_cache(maxsize=4)
def _vocab(base: str) -> Graph:
    from kg.iris import Iris

    return vocab_graph(Iris(base))


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return shapes_graph()


def validate(data: Graph, iris=None, *, with_vocab: bool = True) -> tuple[bool, str]:
    """(conforms, report text).  The vocabulary (T-box, SKOS) is added as ontology graph so
    sh:class checks see subclass relations."""
    from pyshacl import validate as shacl

    ont = _vocab(iris.base) if (with_vocab and iris is not None) else None
    conforms, _graph, text = shacl(data, shacl_graph=_shapes(), ont_graph=ont, inference="none",
                                   advanced=True, allow_warnings=True)
    return bool(conforms), str(text)
