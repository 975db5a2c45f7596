"""The web app through FastAPI's TestClient, over a real corpus (demo corpus + an XSS report)."""

from __future__ import annotations

import csv
import io
import json
import re
from html import escape
from urllib.parse import parse_qs, quote, urlparse

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from web_support import XSS_MARKERS, XSS_SCHOOL, build_corpus

from web.app import create_app

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    application = create_app(build_corpus(tmp_path_factory.getbasetemp()))
    yield application
    application.state.corpus.close()


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def data(app):
    return app.state.data


def report_of_source(data, source: str) -> str:
    rows = data.rows("documents")
    doc = next(r["doc"] for r in rows if r["source"] == source)
    return next(r["report"] for r in data.rows("report_places")
                if data.rows("report", report=r["report"])[0]["doc"] == doc)


def school_named(data, name: str) -> str:
    return next(s["school"] for s in data.schools() if s.get("name") == name)


# ---------------------------------------------------------------- pages
def test_every_page_type_renders_in_chinese_with_nav_and_local_assets(client, data):
    report = report_of_source(data, "guzhang_moron_jiunian.docx")
    school = data.rows("report", report=report)[0]["school"]
    county = data.counties()[0]["county"]
    std = data.standards()
    pages = ["/", "/?q=音乐教师", "/schools", "/indicators", "/problems", "/counties", "/standards", "/flags",
             "/sparql", "/docs", data.urls.href(report), data.urls.href(school), data.urls.href(county),
             data.urls.href(data.iri("indicator/books_per_student")), data.urls.href(data.iri("problem/book_shortage")),
             data.urls.href(std[0]["standard"]),
             f"/standards/compare?a={quote(std[0]['standard'])}&b={quote(std[1]['standard'])}",
             data.urls.href(report + "/fact/1")]
    for path in pages:
        r = client.get(path, headers=HTML)
        assert r.status_code == 200, (path, r.text[:300])
        html = r.text
        assert '<html lang="zh-CN">' in html
        for nav in ("搜索", "学校", "指标", "问题类别", "县域", "标准", "待核查", "SPARQL", "API"):
            assert f">{nav}</a>" in html, (path, nav)
        # every asset is ours: no CDN, no external font
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
            assert src.startswith("/"), (path, src)
        assert "Traceback" not in html


def test_static_assets_are_vendored_and_reference_nothing_external(client):
    for path in ("/static/app.css", "/static/app.js", "/static/charts.js", "/static/sparql.js", "/static/docs.js",
                 "/static/vendor/echarts/echarts.min.js", "/static/vendor/yasqe/yasqe.min.js",
                 "/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui.css"):
        assert client.get(path).status_code == 200, path
    css = client.get("/static/app.css").text
    assert "@import" not in css and "url(http" not in css and "fonts.googleapis" not in css


def test_report_page_highlights_every_claim_at_its_span(client, data):
    report = report_of_source(data, "jingxuan_3pian.txt")
    view = data.report(report)
    html = client.get(data.urls.href(report), headers=HTML).text
    text = view["text"]
    assert view["claims"], "the demo report has claims"
    kinds = {c["kind"] for c in view["claims"]}
    assert {"fact", "problem"} <= kinds
    for c in view["claims"]:
        assert f'id="{c["anchor"]}"' in html
        for s, e, quote_ in c["spans"]:
            if 0 <= s < e <= len(text):
                assert text[s:e] == quote_  # the span is exactly the quote
    # the segments rebuild the text exactly, and each highlighted mark names its claims
    assert "".join(seg.text for seg in view["segments"]) == text
    assert html.count('<mark class="hl') == sum(1 for seg in view["segments"] if seg.claims)
    assert re.search(r'<mark class="hl k-fact[^"]*" data-c="\d+', html)


def test_report_links_to_its_original_file_and_originals_are_safe(client, data):
    report = report_of_source(data, "lingyun_sicheng_xiaoxue.html")
    html = client.get(data.urls.href(report), headers=HTML).text
    link = re.search(r'href="(/original/[0-9a-f]{64}\.html)"', html)
    assert link, "report links to its original"
    r = client.get(link.group(1))
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]  # an HTML original is never rendered on our origin
    assert "sandbox" in r.headers["content-security-policy"]
    for bad in ("/original/..%2Fmanifest.json", "/original/%2e%2e%2fmanifest.json", "/original/manifest.json",
                "/original/%2e%2e", "/original/" + "0" * 64 + ".txt", "/static/..%2f..%2fpyproject.toml",
                "/id/..%2F..%2Fmanifest.json", "/id/../../etc/passwd", "/resource?iri=file:///etc/passwd"):
        r = client.get(bad, headers=HTML)
        assert r.status_code in (400, 404), (bad, r.status_code)
        assert "manifest" not in r.text or "<html" in r.text
        assert "root:" not in r.text


def test_school_page_shows_place_reports_verdicts_problems_and_similar_schools(client, data):
    school = school_named(data, "凤翔区虢王镇槐原小学")
    view = data.school(school)
    assert view["countyName"] == "凤翔区" and view["levelLabel"] == "小学"
    assert view["reports"] and view["facts"] and view["problems"]
    judged = [f for f in view["facts"] if f["verdicts"]]
    assert judged, "the school has figures judged against a standard"
    html = client.get(data.urls.href(school), headers=HTML).text
    v = judged[0]["verdicts"][0]
    assert f'{v["symbol"]} {v["standard"]} {v["op"]}{v["threshold"]}' in html
    assert "存在相同问题的其他学校" in html
    assert view["similar"], "other schools name the same kinds of problem"
    assert data.urls.href(view["similar"][0]["other"]) in html


def test_indicator_page_has_thresholds_chart_data_and_evidence_links(client, data):
    iri = data.iri("indicator/books_per_student")
    html = client.get(data.urls.href(iri), headers=HTML).text
    view = data.indicator(iri)
    assert view["requirements"] and view["facts"]
    assert 'id="chart-data"' in html and "/static/vendor/echarts/echarts.min.js" in html
    payload = json.loads(re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S).group(1))
    assert len(payload["points"]) == len(view["facts"]) and payload["lines"]
    f = view["facts"][0]
    assert data.urls.href(f["report"], f["anchor"]) in html


def test_indicator_figures_are_paged_and_a_large_chart_is_a_labelled_sample(client, data, monkeypatch):
    """An indicator of a large corpus has thousands of figures: the table pages through all of
    them in value order, the chart shows an evenly spaced sample and says so."""
    import web.data as web_data
    import web.linked as linked

    iri = data.iri("indicator/students")
    facts = data.indicator(iri)["facts"]
    assert len(facts) >= 7
    monkeypatch.setattr(linked, "FIGURES_PER_PAGE", 3)
    monkeypatch.setattr(web_data, "CHART_POINTS", 4)
    data._cache.pop(f"indicator {iri}", None)  # the chart is built with the smaller sample size
    href = data.urls.href(iri)
    pages = -(-len(facts) // 3)
    seen = []
    for n in range(1, pages + 1):
        html = client.get(href, params={"page": n}, headers=HTML).text
        rows = re.findall(r'<a class="quote" href="[^"]*">(.*?)</a>', html, re.S)
        assert len(rows) == (3 if n < pages else len(facts) - 3 * (pages - 1))
        seen += rows
        assert f"第 {n}/{pages} 页" in html
        assert ("下一页" in html) == (n < pages) and ("上一页" in html) == (n > 1)
    assert seen == [escape(f["quote"]) for f in facts]  # every figure once, in value order
    payload = json.loads(re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S).group(1))
    assert len(payload["points"]) == 4 and payload["sampled"]
    assert payload["points"][0]["value"] == facts[0]["value"] and payload["points"][-1]["value"] == facts[-1]["value"]
    assert "等距抽取的 4 个值" in html
    assert client.get(href, params={"page": "99999"}, headers=HTML).status_code == 200  # clamped to the last page
    assert client.get(href, params={"page": "-1"}, headers=HTML).status_code == 200
    data._cache.pop(f"indicator {iri}", None)


def test_category_county_standard_and_compare_pages(client, data):
    cat = data.category(data.iri("problem/specialist_teacher_shortage"))
    assert cat["problems"] and cat["by_county"] and cat["schools"]
    county = next(c for c in data.counties() if c["name"] == "凤翔区")
    cv = data.county(county["county"])
    assert cv["schools"] and cv["cvs"] and cv["results"]
    html = client.get(data.urls.href(county["county"]), headers=HTML).text
    assert "差异系数" in html and cv["results"][0]["standardNumber"] in html
    stds = data.standards()
    national = next(s for s in stds if s.get("number") == "教督〔2017〕6号" and s["region"] == "全国")
    provincial = next(s for s in stds if s["region"] != "全国")
    cmp = data.compare(national["standard"], provincial["standard"])
    assert cmp and any(r.get("a") and r.get("b") for r in cmp["rows"])
    r = client.get("/standards/compare", params={"a": national["standard"], "b": provincial["standard"]}, headers=HTML)
    assert r.status_code == 200 and national["number"] in r.text


def test_flags_worklist_lists_blanks_inconsistencies_and_duplicates(client, data):
    kinds = data.flag_counts()
    assert kinds["blank"] and kinds["inconsistency"] and kinds["duplicate"]
    html = client.get("/flags?kind=duplicate", headers=HTML).text
    assert "重复报告" in html and "相似度" in html
    assert client.get("/flags?kind=nonsense", headers=HTML).status_code == 400


def test_flags_worklist_pages_below_the_table(client, data, monkeypatch):
    from web import app as web_app

    monkeypatch.setattr(web_app, "FLAGS_PER_PAGE", 2)
    assert data.flag_counts()["blank"] > 2
    # pages are cached per URL: ask for ones no other test asks for
    html = client.get("/flags", params={"kind": "blank", "page": 1}, headers=HTML).text
    assert re.search(r"<title>[^<]*</title>", html)  # the title is text, the pager sits in the page
    assert 'aria-label="分页"' in html and "page=2" in html
    second = client.get("/flags", params={"kind": "blank", "page": 2}, headers=HTML).text
    assert 'class="on">2<' in second and "page=1" in second


# ---------------------------------------------------------------- XSS
def test_report_text_with_markup_renders_as_text_everywhere(client, data):
    school = school_named(data, XSS_SCHOOL)
    report = data.rows("reports_of_school", school=school)[0]["report"]
    pages = [data.urls.href(report), data.urls.href(school), "/?q=音乐教师", "/flags", "/schools",
             data.urls.href(data.iri("problem/specialist_teacher_shortage"))]
    for path in pages:
        html = client.get(path, headers=HTML).text
        assert "<script>alert(" not in html and "<script>document.title" not in html, path
        assert "<img src=x" not in html and "<svg onload" not in html, path
    html = client.get(data.urls.href(report), headers=HTML).text
    for marker in XSS_MARKERS:
        assert marker.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;") in html
    assert "script-src 'self'" in client.get(data.urls.href(report)).headers["content-security-policy"]


# ---------------------------------------------------------------- search
def test_search_page_groups_hits_with_facets_kept_in_the_url(client):
    html = client.get("/", params={"q": "音乐教师"}, headers=HTML).text
    assert "<mark>音乐</mark>" in html or "<mark>音乐教师</mark>" in html
    links = re.findall(r'href="(/\?[^"]*province=[^"]*)"', html)
    assert links, "province facet links"
    qs = parse_qs(urlparse(links[0].replace("&amp;", "&")).query)
    assert qs["q"] == ["音乐教师"] and qs["province"]
    province = qs["province"][0]
    narrowed = client.get("/", params={"q": "音乐教师", "province": province, "level": "小学"}, headers=HTML).text
    facet_links = [x.replace("&amp;", "&") for x in re.findall(r'href="(/\?[^"]*)"', narrowed)]
    for link in facet_links:
        q = parse_qs(urlparse(link).query)
        if "county" in q:
            assert q.get("province") == [province] and q.get("level") == ["小学"]  # other filters kept
    assert '/api/search?' in narrowed and '/api/search.csv?' in narrowed


def test_search_api_is_the_search_contract_and_csv_matches(client):
    r = client.get("/api/search", params={"q": "缺少音乐教师", "limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert {"query", "total", "hits", "facets"} <= set(body)
    assert body["hits"] and {"source", "ordinal", "report", "school", "county", "score", "passages"} <= set(body["hits"][0])
    assert all(h["report"].startswith("http://localhost:8000/id/report/") for h in body["hits"])
    rows = list(csv.DictReader(io.StringIO(client.get("/api/search.csv", params={"q": "缺少音乐教师", "limit": 5}).text.lstrip("\ufeff"))))
    assert rows and {r["report"] for r in rows} == {h["report"] for h in body["hits"]}
    assert "<mark>" not in rows[0]["text"]


def test_no_results_page_suggests_what_to_try(client):
    html = client.get("/", params={"q": "火星 宇航员", "province": "陕西省"}, headers=HTML).text
    assert "没有找到" in html
    assert "去掉筛选条件" in html and "火星" in html
    assert "问题类别" in html


# ---------------------------------------------------------------- linked data
def test_node_iri_answers_html_turtle_and_jsonld_with_inbound_links(client, data):
    school = school_named(data, "凤翔区虢王镇槐原小学")
    path = data.urls.href(school)
    assert "text/html" in client.get(path, headers=HTML).headers["content-type"]
    ttl = client.get(path, headers={"accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=ttl.text, format="turtle")
    node = URIRef(school)
    assert (node, None, None) in g
    assert (None, None, node) in g  # inbound: reports and facts point at the school
    jl = client.get(path, headers={"accept": "application/ld+json"})
    assert jl.headers["content-type"].startswith("application/ld+json")
    g2 = Graph().parse(data=jl.text, format="json-ld")
    assert len(g2) == len(g)
    assert client.get(path + "?format=ttl").headers["content-type"].startswith("text/turtle")
    assert client.get(path, headers={"accept": "text/turtle;q=0.5, application/ld+json"}).headers["content-type"].startswith("application/ld+json")
    assert client.get(path, headers={"accept": "image/png"}).status_code == 406
    assert client.get(data.urls.href(data.iri("school/nothing-here")), headers=HTML).status_code == 404


def test_iri_paths_map_through_the_corpus_base_whatever_the_host(client, data):
    report = report_of_source(data, "suichang_jinzhu_xiaoxue.txt")
    path = data.urls.href(report)
    r = client.get(path, headers={**HTML, "host": "intranet.example:9000"})
    assert r.status_code == 200
    ttl = client.get(path + "?format=ttl", headers={"host": "intranet.example:9000"}).text
    assert f"<{report}>" in ttl or report.rsplit("/", 1)[-1] in ttl


# ---------------------------------------------------------------- exports and API
def test_exports_of_lists_and_graph(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/export/schools.csv").text.lstrip("\ufeff"))))
    assert rows and {"name", "countyName", "school"} <= set(rows[0])
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(client.get("/export/flags.xlsx").content))
    assert wb.active.max_row > 1
    g = Graph().parse(data=client.get("/export/graph.ttl").text, format="turtle")
    assert len(g) > 1000
    assert client.get("/export/graph.nq").status_code == 200
    assert client.get("/export/facts.csv").status_code == 200
    assert client.get("/export/nothing.csv").status_code == 404
    assert client.get("/export/schools.exe").status_code == 400
    assert client.get("/api/lists/indicators").json()
    assert client.get("/api/compliance").json()["schools"]


def test_openapi_docs_are_served_offline(client):
    html = client.get("/docs", headers=HTML).text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    spec = client.get("/openapi.json").json()
    assert "/api/search" in spec["paths"] and "/sparql" in spec["paths"]


# ---------------------------------------------------------------- safety
def test_errors_are_chinese_pages_not_tracebacks(client):
    r = client.get("/no/such/page", headers=HTML)
    assert r.status_code == 404 and "页面不存在" in r.text and "Traceback" not in r.text
    r = client.get("/?page=abc", headers=HTML)
    assert r.status_code == 400 and "请求无效" in r.text
    r = client.get("/api/search?limit=100000")
    assert r.status_code == 400 and r.json()["error"] == "请求无效"


def test_request_size_limits(client):
    assert client.get("/?q=" + "均" * 5000, headers=HTML).status_code == 414
    r = client.post("/sparql", content=b"x" * (300 * 1024), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413


# ---------------------------------------------------------------- SPARQL protocol (in-process)
def quad_count(app) -> int:
    return len(app.state.corpus.ds)


def test_sparql_refuses_updates_and_leaves_the_graph_unchanged(client, app):
    before = quad_count(app)
    update = 'INSERT DATA { <urn:x> <urn:y> "z" }'
    for r in (client.get("/sparql", params={"query": update}),
              client.post("/sparql", data={"query": update}),
              client.post("/sparql", data={"update": update}),
              client.post("/sparql", content=update.encode(), headers={"content-type": "application/sparql-update"}),
              client.post("/sparql", content=update.encode(), headers={"content-type": "application/sparql-query"}),
              client.get("/sparql", params={"query": "DROP ALL"})):
        assert r.status_code == 400, r.text
    assert quad_count(app) == before
    assert client.get("/sparql", params={"query": "ASK { <urn:x> ?p ?o }"}).json()["boolean"] is False


def test_sparql_result_formats_by_accept(client):
    q = "SELECT ?s ?name WHERE { ?s a jh:School ; schema:name ?name } ORDER BY ?name LIMIT 3"
    j = client.get("/sparql", params={"query": q}, headers={"accept": "application/sparql-results+json"})
    assert j.headers["content-type"].startswith("application/sparql-results+json")
    assert len(j.json()["results"]["bindings"]) == 3
    x = client.post("/sparql", data={"query": q}, headers={"accept": "application/sparql-results+xml"})
    assert x.headers["content-type"].startswith("application/sparql-results+xml") and "<sparql" in x.text
    c = client.post("/sparql", content=q.encode("utf-8"),
                    headers={"content-type": "application/sparql-query", "accept": "text/csv"})
    assert c.text.splitlines()[0].strip() == "s,name" and len(c.text.strip().splitlines()) == 4
    t = client.get("/sparql", params={"query": q}, headers={"accept": "text/tab-separated-values"})
    assert t.text.splitlines()[0].strip() == "?s\t?name"
    ttl = client.get("/sparql", params={"query": "CONSTRUCT { ?s a jh:School } WHERE { ?s a jh:School }"},
                     headers={"accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle") and len(Graph().parse(data=ttl.text, format="turtle")) > 5
    bad = client.get("/sparql", params={"query": "SELEC nonsense"})
    assert bad.status_code == 400
    page = client.get("/sparql", headers=HTML)
    assert page.status_code == 200 and "web_flags" in page.text and "schools" in page.text


def test_sparql_row_and_time_limits(tmp_path_factory):
    corpus_dir = build_corpus(tmp_path_factory.getbasetemp())
    from junheng.corpus import Corpus

    with Corpus(corpus_dir, read_only=True) as corpus:
        limited = TestClient(create_app(corpus=corpus, sparql_max_rows=5, sparql_timeout=0.01),
                             raise_server_exceptions=False)
        r = limited.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a jh:Fact }"})
        assert r.status_code == 200 and r.headers["x-junheng-truncated"] == "true"
        assert len(r.json()["results"]["bindings"]) == 5
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?g jh:statement ?h }"  # finishes, but not in 10 ms
        r = limited.get("/sparql", params={"query": slow})
        assert r.status_code == 503 and "超时" in r.text


def test_page_cache_serves_repeats_and_forgets_on_a_new_ingest(app, client, data):
    cache = next(m for m in _middlewares(app) if type(m).__name__ == "PageCache")
    before = cache.hits
    first = client.get("/", params={"q": "图书陈旧"})
    again = client.get("/", params={"q": "图书陈旧"})
    assert first.status_code == again.status_code == 200 and first.text == again.text
    assert cache.hits == before + 1
    # content negotiation is part of the key: Turtle is not served from the HTML entry
    iri_path = urlparse(school_named(data, "青石镇中心小学")).path
    html = client.get(iri_path, headers=HTML)
    turtle = client.get(iri_path, headers={"accept": "text/turtle"})
    assert "text/html" in html.headers["content-type"] and "turtle" in turtle.headers["content-type"]
    # a changed manifest (a new ingest) empties the cache
    cache.current = "an older corpus"
    hits = cache.hits
    client.get("/", params={"q": "图书陈旧"})
    assert cache.hits == hits
    # SPARQL answers are never cached
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    assert cache.hits == hits


def _middlewares(app):
    stack = app.middleware_stack or app.build_middleware_stack()
    app.middleware_stack = stack
    node = stack
    while node is not None:
        yield node
        node = getattr(node, "app", None)
