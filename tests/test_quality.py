"""Extraction quality, measured on gold annotations: the demo corpus (always) and the
real seed reports (when ../shared is present).  Every quote must be an exact slice."""

from __future__ import annotations

import pytest

from ingest.duplicates import DuplicateFinder, mark_duplicates
from ingest.evaluate import load_gold, score
from ingest.pipeline import read_document


def _run(gold_path, corpus_dir):
    docs = load_gold(gold_path)
    outputs, records = {}, []
    finder = DuplicateFinder()
    for d in docs:
        doc = read_document(corpus_dir / d["file"])
        mark_duplicates([(doc.source, doc.reports)], finder)
        outputs[d["file"]] = doc.to_contract()
        records.append(doc)
    return score(docs, outputs), records


def _assert_exact_slices(doc) -> None:
    text = doc.text
    for r in doc.reports:
        assert text[r.span[0]: r.span[1]] == r.text
        for s in r.sections:
            assert r.span[0] <= s.span[0] <= s.span[1] <= r.span[1]
        for item in [*r.facts, *r.problems, *r.measures, *r.blanks]:
            quote = getattr(item, "quote", None) or item.text
            assert text[item.span[0]: item.span[1]] == quote, (doc.source, quote)
            assert r.span[0] <= item.span[0] and item.span[1] <= r.span[1]
        for inc in r.inconsistencies:
            for q, (s, e) in zip(inc.quotes, inc.spans, strict=True):
                assert text[s:e] == q


@pytest.fixture(scope="module")
def demo(demo_corpus):
    return _run(demo_corpus.parent / "gold" / "demo-gold.json", demo_corpus)


def test_demo_corpus_quality(demo):
    r, _ = demo
    assert r["reports"]["f1"] == 1.0
    assert r["facts_core"]["f1"] >= 0.90
    assert r["facts"]["f1"] >= 0.80
    assert r["problems"]["f1"] >= 0.90 and r["problem_category"]["acc"] >= 0.85
    assert r["measures"]["f1"] >= 0.90
    assert r["blanks"]["f1"] >= 0.90
    assert r["school_name"]["acc"] >= 0.95 and r["county"]["acc"] >= 0.90
    assert r["duplicate"]["acc"] == 1.0


def test_demo_spans_are_exact_slices(demo):
    _, docs = demo
    for doc in docs:
        _assert_exact_slices(doc)


@pytest.mark.seeds
def test_seed_targets(shared_dir):
    r, docs = _run(shared_dir / "gold" / "seeds-gold.json", shared_dir / "corpus" / "seeds")
    assert r["reports"]["f1"] == 1.0
    assert r["facts_core"]["f1"] >= 0.95
    assert r["facts"]["f1"] >= 0.85
    assert r["problems"]["f1"] >= 0.90 and r["problem_category"]["acc"] >= 0.85
    assert r["measures"]["f1"] >= 0.90
    assert r["blanks"]["f1"] >= 0.90
    assert r["school_name"]["acc"] >= 0.95 and r["county"]["acc"] >= 0.95
    assert r["inconsistency"]["acc"] >= 0.85
    assert r["duplicate"]["acc"] == 1.0
    for doc in docs:
        _assert_exact_slices(doc)
