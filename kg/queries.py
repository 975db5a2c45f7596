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


def marked(name: str, marker: str) -> bool:
    """Whether the header comments of a named query say `# <marker>` (e.g. ``# view``)."""
    return re.search(rf"(?m)^#\s*{marker}\b", load(name).split("SELECT", 1)[0]) is not None


@lru_cache(maxsize=1)
def views() -> frozenset[str]:
    """Named queries marked ``# view``: parameterless corpus-wide lists that the facade
    materialises after each ingest, so a page never waits for them."""
    return frozenset(n for n in names() if marked(n, "view"))


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
    """A named query's solutions as plain dicts (Python values; IRIs as str; unbound keys absent).

    Over an Oxigraph store the query goes to pyoxigraph directly: building rdflib terms for
    every value and converting them back cost more than the query itself on large results."""
    store = _oxigraph_store(ds)
    if store is None:
        return [to_python_row(r) for r in run(ds, name, **params).bindings]
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    text, bound = prepare(load(name)), {ox.Variable(k): to_ox(v) for k, v in bindings(params).items()}
    if bound and marked(name, "params: values"):
        # Oxigraph plans a query before it applies substitutions, so a selective parameter
        # can come last in the join order; as a leading VALUES block the planner starts there
        values = " ".join(f"VALUES {var} {{ {term} }}" for var, term in bound.items())
        text, bound = re.sub(r"WHERE\s*\{", lambda m: m.group(0) + "\n  " + values + "\n", text, count=1), {}
    result = store.query(text, use_default_graph_as_union=True, substitutions=bound)
    names = [v.value for v in result.variables]
    out = []
    for solution in result:
        row = {}
        for var, term in zip(names, solution, strict=True):
            if term is not None:
                row[var] = _ox_python(term)
        out.append(row)
    return out


def _oxigraph_store(ds):
    """The pyoxigraph store under a union-graph Dataset, or None (another rdflib store)."""
    from kg.store import oxigraph

    if type(getattr(ds, "store", None)).__module__.startswith("oxrdflib") and getattr(ds, "default_union", False):
        return oxigraph(ds)
    return None


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                                     "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong")}
_FLOAT_TYPES = {_XSD + t for t in ("decimal", "double", "float")}
_STRING_TYPES = {_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def _ox_python(term) -> object:
    """The value `to_python_row` gives for a pyoxigraph term, without the rdflib detour."""
    import pyoxigraph as ox

    if not isinstance(term, ox.Literal):
        return term.value
    dt = term.datatype.value
    try:
        if dt in _STRING_TYPES:
            return term.value
        if dt in _INTEGER_TYPES:
            return int(term.value)
        if dt in _FLOAT_TYPES:
            return float(term.value)
    except ValueError:
        pass
    py = Literal(term.value, datatype=URIRef(dt)).toPython()
    return float(py) if isinstance(py, Decimal) else py


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
