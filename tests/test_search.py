"""SearchIndex on real whoosh in tmp dirs, over Chinese reports written for these tests."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from search.devtools import ReportSpec, build_document
from search.index import SearchIndex

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED_QUERIES = SEEDS.parents[1] / "gold" / "seeds-queries.json"


def east_county_document():
    return build_document(
        "dongpo.txt",
        [
            ReportSpec(
                school="东坡小学", province="湖北省", county="黄梅县", level="小学", date="2023-05-10",
                title="东坡小学均衡发展自查报告",
                sections=[
                    ("basic", "一、基本情况", ["学校现有教学班12个，学生540人，平均班额45人。校园Wi-Fi覆盖，建有3D打印教室一间。"]),
                    ("body", "二、主要工作", ["我们坚持每天在操场开展大课间活动，教师和学生体质明显增强。"]),
                    ("problems", "三、存在问题", [
                        ("学校运动场地狭小，不能满足学生活动需要。", "sports_ground"),
                        ("部分班级班额偏大，最多的班有58人。", "class_size"),
                    ]),
                    ("measures", "四、整改措施", ["争取资金扩建运动场。"]),
                ],
            ),
            ReportSpec(
                school="西河初级中学", province="陕西省", county="武功县", level="初中", date="2022-06-01",
                sections=[
                    ("body", "一、自查情况", ["学校按课程计划开设音乐、美术课程，课时开足。"]),
                    ("problems", "二、存在的困难", [("学校缺少专职音乐教师，音乐课只能由班主任兼任。", "specialist_teacher_shortage")]),
                ],
            ),
        ],
    )


def west_county_document(extra_sentence: str = ""):
    return build_document(
        "beishan.txt",
        [
            ReportSpec(
                school="北山小学", province="陕西省", county="武功县", level="小学", date="2022-09-01",
                sections=[
                    ("body", "一、自查情况", ["前几年学校缺少音乐教师，今年已经通过招聘补齐。" + extra_sentence]),
                    ("problems", "二、存在问题", [("冬季取暖靠火炉，存在安全隐患。", "heating")]),
                ],
            )
        ],
    )


def iris(doc):
    return [f"urn:test:{doc.source}-{r.ordinal}" for r in doc.reports]


@pytest.fixture
def index(tmp_path):
    idx = SearchIndex(tmp_path / "index")
    for doc in (east_county_document(), west_county_document()):
        idx.replace_document(doc, iris(doc))
    yield idx
    idx.close()


def schools(result):
    return [h["school"] for h in result["hits"]]


def test_synonyms_find_a_paraphrased_problem(index):
    result = index.search("操场太小")
    top = result["hits"][0]
    assert top["school"] == "东坡小学"
    best = top["passages"][0]
    assert best["section"] == "problems" and best["category"] == "sports_ground"
    assert "<mark>" in best["text"] and "狭小" in best["text"]


def test_problem_statement_outranks_a_passing_mention(index):
    result = index.search("缺少音乐教师")
    names = schools(result)
    assert names.index("西河初级中学") < names.index("北山小学")
    assert result["hits"][0]["passages"][0]["section"] == "problems"


def test_highlight_marks_digits(index):
    hit = index.search("班额45人")["hits"][0]
    assert hit["school"] == "东坡小学"
    text = hit["passages"][0]["text"]
    assert re.findall(r"<mark>(.*?)</mark>", text) == ["人", "平均班额45人"]  # 540人 is a different number
    doc = east_county_document()
    start, end = hit["passages"][0]["span"]
    plain = text.replace("<mark>", "").replace("</mark>", "").strip("…")
    assert doc.text[start:end] == plain


def test_mixed_script_terms_are_found(index):
    for query, marked in (("Wi-Fi", "<mark>Wi-Fi</mark>"), ("3D打印", "<mark>3D打印</mark>")):
        hit = index.search(query)["hits"][0]
        assert hit["school"] == "东坡小学"
        assert marked in hit["passages"][0]["text"]


def test_contract_shape(index):
    result = index.search("安全隐患")
    assert set(result) >= {"query", "total", "hits", "facets"}
    hit = result["hits"][0]
    assert {"source", "ordinal", "report", "school", "county", "score", "passages"} <= set(hit)
    assert hit["report"] == "urn:test:beishan.txt-1"
    assert {"text", "section", "category", "span"} <= set(hit["passages"][0])
    json.dumps(result, ensure_ascii=False)


def test_facets_count_all_matching_reports_and_follow_filters(index):
    everything = index.search("教师", limit=100)
    hits = everything["hits"]
    assert everything["total"] == len(hits) == 3
    assert everything["facets"]["province"] == dict(Counter(h["province"] for h in hits))
    assert everything["facets"]["level"] == dict(Counter(h["level"] for h in hits))
    page = index.search("教师", limit=1)
    assert page["total"] == 3 and len(page["hits"]) == 1
    assert page["facets"] == everything["facets"]

    shaanxi = index.search("教师", filters={"province": "陕西省"}, limit=100)
    assert {h["province"] for h in shaanxi["hits"]} == {"陕西省"}
    assert shaanxi["facets"]["province"] == {"陕西省": shaanxi["total"]} and shaanxi["total"] == 2

    problems_only = index.search("音乐", filters={"section": "problems"})
    assert schools(problems_only) == ["西河初级中学"]
    assert all(p["section"] == "problems" for h in problems_only["hits"] for p in h["passages"])

    heating = index.search("安全隐患", filters={"category": "heating", "year": "2022"})
    assert schools(heating) == ["北山小学"]
    assert index.search("安全隐患", filters={"year": "2023"})["total"] == 0


def test_rebuild_and_reopen_give_identical_results(tmp_path, index):
    queries = ["操场太小", "缺少音乐教师", "班额过大", "冬季取暖", "Wi-Fi"]
    before = [index.search(q) for q in queries]
    docs = [east_county_document(), west_county_document()]
    index.rebuild((d, iris(d)) for d in docs)
    assert [index.search(q) for q in queries] == before
    reopened = SearchIndex(tmp_path / "index")
    assert [reopened.search(q) for q in queries] == before
    reopened.close()


@pytest.mark.parametrize("procs", [1, 2])
def test_rebuild_in_several_segments_gives_the_same_results(tmp_path, index, monkeypatch, procs):
    """A large rebuild writes one segment per chunk (and per writer process); search reads
    all of them as one index."""
    import search.index as search_index

    queries = ["操场太小", "缺少音乐教师", "班额过大", "冬季取暖", "Wi-Fi", "学生"]
    before = [index.search(q) for q in queries]
    docs = [east_county_document(), west_county_document()]
    monkeypatch.setattr(search_index, "CHUNK_PASSAGES", 1)  # a segment per document
    chunked = SearchIndex(tmp_path / f"chunked{procs}")
    assert chunked.rebuild(((d, iris(d)) for d in docs), procs=procs) > 0
    assert len(chunked.ix.reader().leaf_readers()) >= 2
    assert [chunked.search(q) for q in queries] == before
    chunked.close()


def test_short_word_list_beside_the_index_matches_the_lexicon(tmp_path):
    """One-character question words look up index words through a per-segment word list;
    it must hold exactly the lexicon's short words, also after more segments arrive."""
    from search.analysis import MODIFIER

    idx = SearchIndex(tmp_path / "words")
    batch = idx.batch()
    batch.replace_document(east_county_document(), iris(east_county_document()))
    batch.commit()
    assert (tmp_path / "words" / "short_words.json").exists()
    idx.replace_document(west_county_document(), iris(west_county_document()))  # a new segment, not yet listed
    view = idx.view()
    lexicon = {t for t in view.values("text") if 2 <= len(t) <= 4 and not t.startswith(MODIFIER)}
    assert idx.words.terms(view.reader) == lexicon
    assert "火炉" in view.words_with_char("炉")  # from the second document
    assert "运动场" in view.words_with_char("运")
    assert idx.search("炉")["total"] == 1
    idx.close()


def test_replace_and_remove_document(index):
    assert index.search("校车")["total"] == 0
    changed = west_county_document("学校开通了校车。")
    index.replace_document(changed, iris(changed))
    assert schools(index.search("校车")) == ["北山小学"]
    assert index.search("冬季取暖")["total"] == 1  # the document's other passages are not doubled
    assert len(index.search("冬季取暖")["hits"][0]["passages"]) == 1
    index.remove_document(changed.path)
    assert index.search("校车")["total"] == 0
    assert index.search("冬季取暖")["total"] == 0
    assert index.search("操场太小")["total"] == 1


def test_empty_index_and_empty_query(tmp_path):
    idx = SearchIndex(tmp_path / "empty")
    assert idx.search("班额")["total"] == 0
    idx.replace_document(east_county_document(), [])
    assert idx.search("，。")["hits"] == []
    assert idx.search("班额")["hits"][0]["report"] is None
    idx.close()


REPORT_TEXT = """南湖小学义务教育均衡发展自查报告

一、基本情况
南湖小学位于湖北省黄梅县南湖镇，现有教学班6个，在校学生210人，教师18人。

二、存在问题
1、学校运动场地狭小，没有环形跑道。
2、缺少专职美术教师。

三、整改措施
1、争取资金扩建操场。
"""


def test_cli_search_json_and_reindex(tmp_path, capsys):
    from junheng.cli import main

    src = tmp_path / "nanhu.txt"
    src.write_text(REPORT_TEXT, encoding="utf-8")
    data = tmp_path / "data"
    assert main(["ingest", str(src), "--data", str(data), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["search", "操场太小", "--json", "--data", str(data)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["total"] >= 1 and result["hits"][0]["source"] == "nanhu.txt"
    assert any("<mark>" in p["text"] for p in result["hits"][0]["passages"])
    assert main(["reindex", "--data", str(data)]) == 0
    capsys.readouterr()
    assert main(["search", "操场太小", "--json", "--data", str(data)]) == 0
    assert json.loads(capsys.readouterr().out) == result
    assert main(["search", "操场太小", "--data", str(data)]) == 0
    assert "nanhu.txt" in capsys.readouterr().out


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.exists(), reason="needs ../shared")
def test_seed_questions_rank_the_reports_that_state_the_problem(tmp_path):
    from junheng.corpus import Corpus
    from search.devtools import evaluate

    with Corpus(tmp_path / "data") as corpus:
        corpus.ingest([SEEDS], progress=False)
    result = evaluate(str(tmp_path / "data"), str(SEED_QUERIES), drop_quoted=True)
    assert result["mrr"] >= 0.95
    assert result["r-precision"] >= 0.90


@pytest.mark.parametrize("questions", ["demo-queries.json", "demo-queries-extra.json"])
def test_demo_questions_meet_the_targets(demo_data, questions):
    """Our own question sets over the demo corpus (the second written before any tuning, in
    everyday words unlike the reports'); labels equal to a question are dropped first, so a
    question is never answered by the vocabulary quoting it."""
    from search.devtools import evaluate

    result = evaluate(str(demo_data), str(EXAMPLES / "gold" / questions), drop_quoted=True)
    assert result["mrr"] >= 0.95, result
    assert result["r-precision"] >= 0.90, result


@pytest.mark.parametrize(
    ("questions", "mrr", "r_precision"),
    [
        # Each set was written blind and measured on arrival; its misses were studied after that
        # and the rules they pointed to generalised (figures in words, complaint vocabulary …).
        # arrived at MRR 1.00 / R-prec 0.845
        # (0.92 until head-final word cutting; one question's two true answers then swapped:
        # 生均教学仪器设备值 2380元 of a junior school is also below its standard)
        ("demo-queries-heldout.json", 0.95, 0.88),
        # arrived at 0.95 / 0.877
        ("demo-queries-heldout2.json", 0.97, 0.95),
        # arrived at 0.98 / 0.885; a crowded-class question that 不 of 照顾不过来 found by luck
        # was lost when grammar characters stopped being subjects
        ("demo-queries-heldout3.json", 0.94, 0.88),
        # arrived at 0.943 / 0.83
        ("demo-queries-heldout4.json", 0.96, 0.88),
        # arrived at 0.94 / 0.855 (before the room and subject kinds)
        ("demo-queries-heldout5.json", 0.95, 0.88),
        # arrived at 0.92 / 0.821
        ("demo-queries-heldout6.json", 0.95, 0.87),
        # arrived at 0.96 / 0.883 (after the kinds)
        ("demo-queries-heldout7.json", 0.95, 0.88),
        # arrived at 0.96 / 0.809
        ("demo-queries-heldout8.json", 0.97, 0.92),
        # arrived at 1.00 / 0.885 (after the comparisons and building kinds)
        ("demo-queries-heldout9.json", 0.97, 0.88),
        # arrived at 0.96 / 0.823
        ("demo-queries-heldout10.json", 0.97, 0.90),
        # arrived at 0.98 / 0.865 (the last stop's code: 1.00 / 0.871)
        ("demo-queries-heldout11.json", 0.97, 0.90),
        # arrived at 0.92 / 0.831 (the last stop's code: 0.90 / 0.811)
        ("demo-queries-heldout12.json", 0.95, 0.84),
        # arrived at 0.897 / 0.840 (this stop's first code, 9a5e6a4, scored all four on arrival)
        ("demo-queries-heldout13.json", 0.92, 0.86),
        # arrived at 0.96 / 0.835
        ("demo-queries-heldout14.json", 0.97, 0.87),
        # arrived at 1.00 / 0.857
        ("demo-queries-heldout15.json", 0.97, 0.91),
        # arrived at 1.00 / 0.945
        ("demo-queries-heldout16.json", 0.97, 0.95),
        # arrived at 0.96 / 0.953 with 94b3ae4 (one id corrected to jingxuan_3pian-4 afterwards;
        # with the misspelt id 0.933)
        ("demo-queries-heldout17.json", 0.96, 0.96),
        # arrived at 0.973 / 0.878 with 94b3ae4 (9a5e6a4: the same); studied with h17 after
        # that (collectives, a category label said word by word, 礼拜 = 周)
        ("demo-queries-heldout18.json", 0.96, 0.92),
        # arrived at 0.96 / 0.859 with 71b7cb9, unchanged by the round studied on h17-18;
        # studied after that (the parts of one word stay two groups, 理科 > 科学, 燃煤 = 煤炉)
        ("demo-queries-heldout19.json", 0.97, 0.89),
        # arrived at 1.00 / 0.882 with 71b7cb9, unchanged by that round
        ("demo-queries-heldout20.json", 0.97, 0.89),
        # arrived at 0.95 / 0.855 with 71b7cb9; 0.95 / 0.869 after that round
        ("demo-queries-heldout21.json", 0.96, 0.92),
        # arrived at 0.94 / 0.925 with 71b7cb9; 0.94 / 0.939 after that round
        ("demo-queries-heldout22.json", 0.95, 0.93),
        # written as one batch, scored on arrival with the code studied on h17-22 (these four
        # together: MRR 0.965, R-prec 0.909; 62bca38, a round earlier: 0.965 / 0.901); not studied
        ("demo-queries-heldout23.json", 0.91, 0.88),
        ("demo-queries-heldout24.json", 0.97, 0.92),
        ("demo-queries-heldout25.json", 0.97, 0.91),
        ("demo-queries-heldout26.json", 0.97, 0.88),
    ],
)
def test_held_out_questions_do_not_regress(demo_data, questions, mrr, r_precision):
    """Sets written by helpers who never saw the vocabulary or the ranking (examples/gold/):
    this guards the level each reached after its misses were studied, no higher."""
    from search.devtools import evaluate

    result = evaluate(str(demo_data), str(EXAMPLES / "gold" / questions), drop_quoted=True)
    assert result["mrr"] >= mrr, result
    assert result["r-precision"] >= r_precision, result


def test_a_question_naming_no_report_of_the_corpus_is_an_error(demo_data, tmp_path):
    """A misspelt id would count as a miss and pass silently into the figures."""
    from search.devtools import evaluate

    questions = tmp_path / "q.json"
    questions.write_text(
        json.dumps({"queries": [{"q": "饮水设备不足", "relevant": ["huili_luchang_xiaoxue"]}]}), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="huili_luchang_xiaoxue"):
        evaluate(str(demo_data), str(questions))
    questions.write_text(
        json.dumps({"queries": [{"q": "饮水设备不足", "relevant": ["jingxuan_3pian-4"]}]}), encoding="utf-8"
    )
    assert evaluate(str(demo_data), str(questions))["recall@10"] == 1.0


def test_index_of_an_older_layout_asks_for_reindex_and_rebuild_fixes_it(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    from search.index import INDEX_NAME, IndexVersionError

    (tmp_path / "old").mkdir()
    whoosh_index.create_in(tmp_path / "old", Schema(path=ID(stored=True), text=TEXT()), indexname=INDEX_NAME)
    idx = SearchIndex(tmp_path / "old")
    with pytest.raises(IndexVersionError, match="reindex"):
        idx.search("班额")
    # layout 1: the same fields, but passage text with positions and character offsets
    from search.analysis import make_analyzer
    from search.index import make_schema

    schema = make_schema(make_analyzer())
    schema.remove("text")
    schema.add("text", TEXT(analyzer=make_analyzer(), phrase=True, stored=True, chars=True))
    (tmp_path / "layout1").mkdir()
    whoosh_index.create_in(tmp_path / "layout1", schema, indexname=INDEX_NAME)
    with pytest.raises(IndexVersionError, match="reindex"):
        SearchIndex(tmp_path / "layout1").search("班额")
    doc = east_county_document()
    idx.rebuild([(doc, iris(doc))])
    assert idx.search("班额过大")["hits"][0]["school"] == "东坡小学"
    idx.close()


GRAPH_FACTS = """
SELECT ?report ?countyName ?provinceName ?date ?levelLabel ?category WHERE {
  ?report a jh:Report .
  OPTIONAL { ?report jh:place ?county . ?county a jh:County ; schema:name ?countyName .
             OPTIONAL { ?county schema:containedInPlace ?p . ?p a jh:Province ; schema:name ?provinceName } }
  OPTIONAL { ?report jh:place ?p2 . ?p2 a jh:Province ; schema:name ?provinceName }
  OPTIONAL { ?report dcterms:date ?date }
  OPTIONAL { ?report jh:school/jh:level ?l . ?l skos:prefLabel ?levelLabel FILTER(lang(?levelLabel) = "zh") }
  OPTIONAL { ?report jh:hasProblem/jh:category/skos:notation ?category }
}"""


def test_facets_and_filters_agree_with_the_graph(demo_data):
    """What search says of a report (place, level, year, problem categories) is what the
    graph says; facet counts are the graph's counts over the matching reports; a filter keeps
    exactly the matching reports the graph puts under the value, in the same order."""
    from junheng.corpus import Corpus

    with Corpus(demo_data, read_only=True) as corpus:
        graph: dict[str, dict] = {}
        for row in corpus.sparql(GRAPH_FACTS):
            facts = graph.setdefault(str(row.report), {"category": set()})
            year = str(row.date)[:4] if row.date is not None else None
            for key, value in (("county", row.countyName), ("province", row.provinceName), ("year", year), ("level", row.levelLabel)):
                if value is not None:
                    facts[key] = str(value)
            if row.category is not None:
                facts["category"].add(str(row.category))
        assert len(graph) >= 15
        checked = 0
        for question in ["操场太小", "教师不足", "冬季取暖", "电脑老化", "经费"]:
            result = corpus.search(question, limit=1000)
            hits = result["hits"]
            assert len(hits) == result["total"] > 0
            for field in ("county", "province", "year", "level"):
                for hit in hits:
                    assert hit.get(field) == graph[hit["report"]].get(field), (question, hit["source"], field)
                expected = Counter(graph[h["report"]][field] for h in hits if graph[h["report"]].get(field))
                assert result["facets"][field] == dict(expected), (question, field)
                for value in expected:
                    narrowed = corpus.search(question, filters={field: value}, limit=1000)["hits"]
                    assert [h["report"] for h in narrowed] == [
                        h["report"] for h in hits if graph[h["report"]].get(field) == value
                    ]
                    checked += 1
            for hit in hits:  # a problem passage's category is one the graph files the report's problems under
                for p in hit["passages"]:
                    if p["section"] == "problems" and p["categories"]:
                        assert set(p["categories"]) <= graph[hit["report"]]["category"], (question, hit["source"], p)
            for category in result["facets"].get("category", {}):
                for hit in corpus.search(question, filters={"category": category}, limit=1000)["hits"]:
                    assert category in graph[hit["report"]]["category"]
        assert checked > 20


def test_an_index_of_the_previous_layout_is_rebuilt_by_the_next_write(tmp_path):
    """Layout 2 kept count labels whole before 量 (专任教师数|量); an index it wrote must not be
    read with today's analyzer.  A read-only corpus asks for `junheng reindex`; a writing one
    rebuilds the index from the graph by itself."""
    from junheng.corpus import Corpus
    from search.index import IndexVersionError

    report = tmp_path / "inputs" / "nanhu.txt"
    report.parent.mkdir()
    report.write_text(REPORT_TEXT, encoding="utf-8")
    with Corpus(tmp_path / "data") as corpus:
        corpus.ingest([report], progress=False)
        expected = corpus.search("美术教师")
    assert expected["total"] == 1
    index_dir = tmp_path / "data" / "index"
    idx = SearchIndex(index_dir)
    schema = idx.ix.schema
    del schema["text"].format.layout  # what layout 2 pickled
    from whoosh.index import TOC

    toc = TOC.read(idx.ix.storage, idx.ix.indexname)
    toc.schema = schema
    toc.generation += 1  # a newer table of contents with the old-layout schema
    toc.write(idx.ix.storage, idx.ix.indexname)
    idx.close()
    with pytest.raises(IndexVersionError, match="reindex"):
        SearchIndex(index_dir).search("美术教师")
    with Corpus(tmp_path / "data", read_only=True) as corpus, pytest.raises(IndexVersionError):
        corpus.search("美术教师")
    with Corpus(tmp_path / "data") as corpus:
        assert corpus.search("美术教师") == expected
    assert SearchIndex(index_dir).search("美术教师") == expected
