"""Stable IRIs under a configurable base.

Scheme (all relative to the base, default ``http://localhost:8000/id/``):

- ``document/<h16>``            h16 = sha256(absolute path)[:16]; also the name of the document's graph
- ``report/<h12>-<n>``          h12 = sha256("<absolute path>\n<file sha256>")[:12] (this version of this
  file: a byte-identical copy elsewhere gets its own reports, an edited file new ones), n = ordinal
- ``report/<sha12>-<n>/fact/<i>`` (also ``problem/<i>``, ``measure/<i>``, ``flag/<i>``, ``section/<i>``);
  the evidence annotation of a claim is ``<claim>/evidence``
- ``school/<h8>-<name>``        h8 = sha1("name|county")[:8], name percent-encoded (UTF-8).
  Same name + same county = same IRI, whatever file it came from.  Pinyin is not available, so
  the hash keeps the slug unique and short while the encoded name keeps it readable once decoded.
- ``county/<adcode>`` when a 6-digit county code is known, else ``county/<h8>-<name>`` (h8 over
  province|city|county); ``province/<adcode>`` likewise
- ``indicator/<id>``, ``problem/<id>``, ``level/<id>``: SKOS concepts from ontology/*.ttl
- ``standard/<id>``, ``standard/<id>/requirement/<indicator>-<level>[-k]``, ``standard/<id>/cv/<level>``
- ``assessment/<h16>`` over (fact, requirement); ``countycv/<county>/<level>/<indicator>``;
  ``countyresult/<county>/<level>/<standard>``
- ``graph/derived``, ``graph/vocab``, ``graph/standard/<id>``: graphs that are not documents
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import URIRef

from ontology import DEFAULT_BASE


def short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def encode(text: str) -> str:
    """URL-safe form of a (Chinese) name: percent-encoded UTF-8, nothing left unescaped but [A-Za-z0-9_.~-]."""
    return quote(text.strip(), safe="")


def named_slug(key: str, name: str) -> str:
    return f"{short_hash(key)}-{encode(name)}"


def county_code(adcode: str | None) -> str | None:
    """The 6-digit county code inside a GB/T 2260 code, if it names a county (not a city or province)."""
    if adcode and len(adcode) >= 6 and adcode[:6].isdigit() and adcode[4:6] != "00":
        return adcode[:6]
    return None


class Iris:
    """IRI builder; one instance per corpus base."""

    def __init__(self, base: str = DEFAULT_BASE):
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def __call__(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def path_of(self, iri: str) -> str | None:
        return iri[len(self.base):] if iri.startswith(self.base) else None

    # documents and their parts
    def document(self, path: str) -> URIRef:
        return self(f"document/{hashlib.sha256(path.encode('utf-8')).hexdigest()[:16]}")

    @staticmethod
    def doc_key(path: str, doc_sha: str) -> str:
        return hashlib.sha256(f"{path}\n{doc_sha}".encode()).hexdigest()[:12]

    def report(self, doc_key: str, ordinal: int) -> URIRef:
        """Report IRI; `doc_key` from Iris.doc_key(path, sha256)."""
        return self(f"report/{doc_key}-{ordinal}")

    def part(self, report: URIRef, kind: str, i: int) -> URIRef:
        return URIRef(f"{report}/{kind}/{i}")

    def fact(self, report: URIRef, i: int) -> URIRef:
        return self.part(report, "fact", i)

    @staticmethod
    def evidence(claim: URIRef, k: int = 0) -> URIRef:
        return URIRef(f"{claim}/evidence" + (f"-{k}" if k else ""))

    # the world
    def school(self, name: str, county: str | None) -> URIRef:
        key = f"{name}|{county or ''}"
        return self(f"school/{named_slug(key, name)}")

    def anonymous_school(self, report: URIRef) -> URIRef:
        return URIRef(f"{report}/school")

    def county(self, county: str, adcode: str | None = None, province: str | None = None,
               city: str | None = None) -> URIRef:
        code = county_code(adcode)
        if code:
            return self(f"county/{code}")
        key = f"{province or ''}|{city or ''}|{county}"
        return self(f"county/{named_slug(key, county)}")

    def province(self, province: str, adcode: str | None = None) -> URIRef:
        if adcode and len(adcode) >= 2 and adcode[:2].isdigit():
            return self(f"province/{adcode[:2]}0000")
        return self(f"province/{named_slug(province, province)}")

    # vocabulary and standards
    def indicator(self, indicator_id: str) -> URIRef:
        return self(f"indicator/{encode(indicator_id)}")

    def problem_category(self, category: str) -> URIRef:
        return self(f"problem/{encode(category)}")

    def level(self, level_id: str) -> URIRef:
        return self(f"level/{level_id}")

    def standard(self, standard_id: str) -> URIRef:
        return self(f"standard/{encode(standard_id)}")

    def requirement(self, standard_id: str, indicator_id: str, level_id: str, k: int = 0) -> URIRef:
        tail = f"-{k}" if k else ""
        return self(f"standard/{encode(standard_id)}/requirement/{encode(indicator_id)}-{level_id}{tail}")

    def assessment(self, fact: str, requirement: str) -> URIRef:
        return self(f"assessment/{hashlib.sha256(f'{fact} {requirement}'.encode()).hexdigest()[:16]}")

    def county_cv(self, county: URIRef, level_id: str, indicator_id: str) -> URIRef:
        return self(f"countycv/{str(county).rsplit('/', 1)[-1]}/{level_id}/{encode(indicator_id)}")

    def county_result(self, county: URIRef, level_id: str, standard_id: str) -> URIRef:
        return self(f"countyresult/{str(county).rsplit('/', 1)[-1]}/{level_id}/{encode(standard_id)}")

    def graph(self, name: str) -> URIRef:
        return self(f"graph/{name}")
