"""The pieces that make search fast at 10k reports give exactly what the plain ways give.

Each speed-up has a slow, obvious twin: whoosh's own posting lists for the numpy copies,
Python sets for the id-set operations, one array slot per passage for the touched-only
arrays, `words_of` for the memoised spans.  These tests hold them equal on real text.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from ingest.pipeline import read_document
from search import idsets
from search.analysis import make_analyzer
from search.index import SearchIndex
from search.sidecars import LongPostings
from search.vocabulary import Vocabulary

QUESTIONS = [
    "操场太小", "缺少音乐教师", "班额过大", "冬季取暖", "学生电脑不够", "功能室不足", "煤", "烧煤取暖",
    "班额45人", "Wi-Fi", "图书陈旧", "教师年龄偏大", "安全隐患", "心理健康教育", "学位紧张",
]


def demo_documents(demo_corpus):
    docs = []
    for path in sorted(demo_corpus.iterdir()):
        if path.name.startswith("standards"):
            continue
        doc = read_document(path)
        docs.append((doc, [f"urn:test:{doc.source}-{r.ordinal}" for r in doc.reports]))
    return docs


@pytest.fixture(scope="module")
def demo_docs(demo_corpus):
    return demo_documents(demo_corpus)


def answers(idx: SearchIndex, filters=None) -> list[dict]:
    return [idx.search(q, filters=filters, limit=20) for q in QUESTIONS]


def test_id_set_operations_agree_with_python_sets():
    rng = random.Random(5)
    size = 5000
    for _ in range(200):
        arrays = []
        for _ in range(rng.randint(1, 4)):
            n = rng.choice([0, 1, 3, 40, 300, 2500, 4900])
            arrays.append(np.array(sorted(rng.sample(range(size), n)), dtype=np.int32))
        sets = [set(a.tolist()) for a in arrays]
        assert idsets.union(arrays, size).tolist() == sorted(set().union(*sets))
        assert idsets.intersect(arrays, size).tolist() == sorted(set.intersection(*sets))
        assert idsets.without(arrays[0], arrays[1:], size).tolist() == sorted(sets[0].difference(*sets[1:]))
        values = arrays[-1]
        assert idsets.member(values, arrays[0], size).tolist() == [v in sets[0] for v in values.tolist()]


@pytest.mark.parametrize("share", [0.0, 2.0])  # always one slot per passage / always touched-only
def test_touched_only_arrays_rank_as_full_arrays(tmp_path, demo_docs, monkeypatch, share):
    import search.ranking as ranking

    idx = SearchIndex(tmp_path / "index")
    idx.rebuild(demo_docs)
    natural = answers(idx) + answers(idx, {"section": "problems"}) + answers(idx, {"level": "小学"})
    assert sum(a["total"] for a in natural) > 50  # the questions do find things
    monkeypatch.setattr(ranking._Universe, "DENSE_SHARE", share)
    idx.close()
    reopened = SearchIndex(tmp_path / "index")
    forced = answers(reopened) + answers(reopened, {"section": "problems"}) + answers(reopened, {"level": "小学"})
    assert forced == natural
    reopened.close()


def test_long_posting_copies_give_whooshs_answers(tmp_path, demo_docs, monkeypatch):
    """Every term copied (bitmaps and id lists both occur), then answers compared with an
    index without copies; also after a replaced document leaves deleted passages behind."""
    plain = SearchIndex(tmp_path / "plain")
    monkeypatch.setattr(LongPostings, "MIN_PASSAGES", 10**9)  # nothing copied
    plain.rebuild(demo_docs)
    assert not list((tmp_path / "plain" / "postings").glob("*.npy"))

    monkeypatch.setattr(LongPostings, "MIN_PASSAGES", 1)  # everything copied
    copied = SearchIndex(tmp_path / "copied")
    copied.rebuild(demo_docs)
    kinds = {p.name.split(".")[1] for p in (tmp_path / "copied" / "postings").glob("*.npy")}
    assert kinds == {"bits", "ids"}
    assert answers(copied) == answers(plain)

    view = copied.view()
    for field, term in [("text", "学生"), ("text", "音乐"), ("section", "problems"), ("category", "heating")]:
        whoosh_ids = []
        for leaf, offset in view.reader.leaf_readers():
            if (field, term) in leaf:
                whoosh_ids.extend(d + offset for d in leaf.postings(field, term).all_ids())
        assert view.ids(field, term).tolist() == sorted(whoosh_ids) and whoosh_ids

    doc, doc_iris = demo_docs[0]
    for idx in (plain, copied):
        idx.replace_document(doc, doc_iris)  # the old passages become deletions of their segment
    assert answers(copied) == answers(plain)
    assert copied.view().reader.has_deletions()
    live = {leaf.segment().segment_id() for leaf, _ in copied.view().reader.leaf_readers()}
    described = {p.name.split(".")[0] for p in (tmp_path / "copied" / "postings").iterdir()}
    assert described == live  # entries of merged-away segments are gone
    plain.close()
    copied.close()


def test_an_index_without_copies_still_answers(tmp_path, demo_docs, monkeypatch):
    """A missing or unreadable copy falls back to whoosh: the copies are a speed-up only."""
    monkeypatch.setattr(LongPostings, "MIN_PASSAGES", 1)
    idx = SearchIndex(tmp_path / "index")
    idx.rebuild(demo_docs)
    before = answers(idx)
    idx.close()
    for path in (tmp_path / "index" / "postings").glob("*.npy"):
        path.write_bytes(b"not numpy")
    assert answers(SearchIndex(tmp_path / "index")) == before


def test_memoised_spans_are_the_token_stream(demo_docs):
    analyzer = make_analyzer(Vocabulary.load().words)
    texts = [doc.text for doc, _ in demo_docs]
    texts += [
        "班额45人，Ｗｉ-Ｆｉ覆盖率100%，3D打印室。\r\n  学生①数 12.5万人",
        "ABC  def ²³ 大班额；iPad教学、“班班通”全覆盖\t生均图书18.5册",
    ]
    lines = [line for t in texts for line in t.splitlines(keepends=True)] + texts
    for line in lines:
        expected = sorted((w.text, w.start, w.end) for w in analyzer.words_of(line))
        assert sorted(analyzer.spans(line)) == expected
        assert sorted(analyzer.spans(line)) == expected  # second time from the memo
