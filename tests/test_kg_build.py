"""records -> RDF: IRIs, the document graph, SHACL shapes and the evidence check."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal
from test_kg_fixture import SCHOOLS, compilation_document, make_document

from ingest.records import Place
from kg import queries
from kg.build import document_graph, identity_name
from kg.cv import plain_cv, weighted_cv
from kg.iris import Iris
from kg.namespaces import JH, OA, RDF
from kg.validate import validate

IRIS = Iris("http://localhost:8000/id/")


def test_school_iri_is_stable_url_safe_and_keyed_by_name_and_county():
    a = IRIS.school("武功县城关小学", "武功县")
    assert a == IRIS.school("武功县城关小学", "武功县")
    assert a != IRIS.school("武功县城关小学", "白水县")
    assert re.fullmatch(r"http://localhost:8000/id/school/[0-9a-f]{8}-[A-Za-z0-9%._~-]+", a)
    assert IRIS.county("武功县", "610431") == IRIS("county/610431")
    assert IRIS.county("武功县", "610400") != IRIS("county/610400")  # a city code is not a county code


def test_same_school_in_two_files_is_one_node():
    g1 = document_graph(make_document(0), IRIS)
    g2 = document_graph(compilation_document(), IRIS)
    schools1 = set(g1.subjects(RDF.type, JH.School))
    schools2 = set(g2.subjects(RDF.type, JH.School))
    # one node, whether or not a report writes the county before the school's name
    assert schools1 & schools2 == {IRIS.school(identity_name(SCHOOLS[0][0], Place(county="武功县")), "武功县")}


def test_every_claim_has_evidence_equal_to_the_text_slice():
    doc = compilation_document()
    g = document_graph(doc, IRIS)
    n_claims = sum(len(r.facts) + len(r.problems) + len(r.measures) for r in doc.reports)
    found = 0
    for anno in g.subjects(RDF.type, OA.Annotation):
        target = g.value(anno, OA.hasTarget)
        sels = list(g.objects(target, OA.hasSelector))
        pos = next(s for s in sels if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in sels if (s, RDF.type, OA.TextQuoteSelector) in g)
        start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
        assert str(g.value(quote, OA.exact)) == doc.text[start:end]
        found += 1
    assert found >= n_claims
    assert list(g.query(queries.prepare(queries.load("evidence_mismatches")))) == []
    assert list(g.query(queries.prepare(queries.load("claims_without_evidence")))) == []


def test_shacl_conforms_on_built_graph():
    g = document_graph(compilation_document(), IRIS)
    conforms, text = validate(g, IRIS)
    assert conforms, text


def test_shacl_catches_a_quote_that_is_not_the_slice():
    g = document_graph(make_document(1), IRIS)
    sel = next(g.subjects(RDF.type, OA.TextQuoteSelector))
    g.set((sel, OA.exact, Literal("生均图书99册")))
    conforms, text = validate(g, IRIS)
    assert not conforms
    assert "证据原文与源文件文本切片不一致" in text


def test_shacl_catches_a_fact_without_indicator():
    g = document_graph(make_document(2), IRIS)
    fact = next(g.subjects(RDF.type, JH.Fact))
    g.remove((fact, JH.indicator, None))
    conforms, text = validate(g, IRIS)
    assert not conforms and "indicator" in text


def test_weighted_cv_matches_the_published_worked_example():
    # 教督〔2012〕3号 explanatory notes: 5 primary schools, books per student -> CV 0.52, county mean 6.33
    students = [45, 37, 89, 76, 55]
    books = [279, 137, 935, 160, 402]
    cv, mean = weighted_cv([b / p for b, p in zip(books, students, strict=True)], students)
    assert mean == pytest.approx(sum(books) / sum(students))
    assert round(mean, 2) == 6.33
    assert round(cv, 2) == 0.52
    assert plain_cv([1.0, 1.0]) == 0.0
    assert weighted_cv([5.0], [100]) is None
