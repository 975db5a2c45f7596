"""Named SPARQL queries (kg/queries/*.rq), shared by the CLI, the web pages and the tests.

Queries are written without PREFIX lines; `prepare` adds the project prologue
(jh, oa, prov, dcterms, schema, skos, rdfs, rdf, xsd, owl) unless the text declares jh itself.
Parameters are bound as initial bindings (``?school``, ``?report`` …).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef

from kg.namespaces import sparql_prologue

QUERY_DIR = Path(__file__).parent / "queries"


def names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


@lru_cache(maxsize=64)
def load(name: str) -> str:
    path = QUERY_DIR / f"{name}.rq"
    if not path.exists():
        raise KeyError(f"没有名为 {name} 的查询 / no named query {name!r}")
    return path.read_text(encoding="utf-8")


def prepare(text: str) -> str:
    if re.search(r"(?im)^\s*PREFIX\s+jh:", text):
        return text
    return sparql_prologue() + text


def bindings(params: dict[str, object] | None) -> dict[str, object]:
    out = {}
    for k, v in (params or {}).items():
        if v is None:
            continue
        if isinstance(v, URIRef | Literal):
            out[k] = v
        elif isinstance(v, str) and v.startswith(("http://", "https://")):
            out[k] = URIRef(v)
        else:
            out[k] = Literal(v)
    return out


def run(ds, name: str, **params):
    """Run a named query over the union of all graphs; returns an rdflib Result."""
    return ds.query(prepare(load(name)), initBindings=bindings(params))


def rows(ds, name: str, **params) -> list[dict[str, object]]:
    """A named query's solutions as plain dicts (Python values; IRIs as str; unbound keys absent)."""
    return [to_python_row(r) for r in run(ds, name, **params).bindings]


def to_python_row(binding) -> dict[str, object]:
    out = {}
    for var, val in binding.items():
        if val is None:
            continue
        if isinstance(val, Literal):
            py = val.toPython()
            out[str(var)] = float(py) if isinstance(py, Decimal) else py
        else:
            out[str(var)] = str(val)
    return out
