"""The web app on a real uvicorn server: SPARQL with SPARQLWrapper as a real client, and end-to-end
flows in headless Chromium (Playwright) with screenshots of every page type."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from web_support import CHROMIUM, CHROMIUM_ARGS, XSS_SCHOOL, artifacts_dir, build_corpus, running_server

from web.app import create_app


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    app = create_app(build_corpus(tmp_path_factory.getbasetemp()))
    with running_server(app) as url:
        yield url, app
    app.state.corpus.close()


# ---------------------------------------------------------------- SPARQL protocol, real client
def test_sparqlwrapper_select_ask_construct_over_get_and_post(live):
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

    url, _ = live
    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery("""PREFIX jh: <https://w3id.org/junheng/ns#> PREFIX schema: <https://schema.org/>
                   SELECT ?school ?name WHERE { ?school a jh:School ; schema:name ?name } ORDER BY ?name""")
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    names = {r["name"]["value"] for r in rows}
    assert "凤翔区虢王镇槐原小学" in names and XSS_SCHOOL in names
    sw.setMethod(POST)
    assert len(sw.query().convert()["results"]["bindings"]) == len(rows)
    sw.setReturnFormat(XML)
    assert len(sw.query().convert().getElementsByTagName("result")) == len(rows)
    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode("utf-8").splitlines()[0].strip() == "school,name"
    ask = SPARQLWrapper(url + "/sparql")
    ask.setQuery("ASK { ?r a <https://w3id.org/junheng/ns#Report> }")
    ask.setReturnFormat(JSON)
    assert ask.query().convert()["boolean"] is True
    cons = SPARQLWrapper(url + "/sparql")
    cons.setQuery("CONSTRUCT { ?s a <https://w3id.org/junheng/ns#County> } WHERE { ?s a <https://w3id.org/junheng/ns#County> }")
    cons.setReturnFormat(TURTLE)
    g = cons.query().convert()
    assert len(g) >= 7


def test_sparqlwrapper_update_is_refused_and_changes_nothing(live):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    url, app = live
    before = len(app.state.corpus.ds)
    sw = SPARQLWrapper(url + "/sparql")
    sw.setMethod(POST)
    sw.setQuery('PREFIX ex: <urn:ex:> INSERT DATA { ex:a ex:b "c" }')
    with pytest.raises(QueryBadFormed):
        sw.query()
    sw.setQuery("CLEAR ALL")
    with pytest.raises(QueryBadFormed):
        sw.query()
    assert len(app.state.corpus.ds) == before
    check = SPARQLWrapper(url + "/sparql")
    check.setQuery("ASK { <urn:ex:a> ?p ?o }")
    check.setReturnFormat(JSON)
    assert check.query().convert()["boolean"] is False


# ---------------------------------------------------------------- browser
browser_only = [pytest.mark.browser,
                pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) is not installed")]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live):
    url, _ = live
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    outside: list[str] = []
    dialogs: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith((url, "data:", "blob:")) else None)
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.outside, pg.dialogs, pg.errors, pg.base = outside, dialogs, errors, url
    yield pg
    assert not outside, f"requests left the server: {outside}"
    assert not dialogs, f"a script ran: {dialogs}"
    assert not errors, f"page errors: {errors}"
    context.close()


def shot(page, name: str, tmp_path_factory, full: bool = True) -> None:
    page.screenshot(path=str(artifacts_dir(tmp_path_factory.getbasetemp()) / f"{name}.png"), full_page=full)


@pytest.mark.browser
def test_search_facet_report_claim_evidence(page, tmp_path_factory):
    base = page.base
    page.goto(base + "/")
    shot(page, "01-home", tmp_path_factory)
    page.fill("input[name=q]", "缺少音乐教师")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hitgroup")
    assert page.locator(".hitgroup mark").count() > 0
    shot(page, "02-search", tmp_path_factory)
    total_before = page.locator(".hitgroup").count()
    # facet: a province, kept in the URL with the query
    page.locator(".facet a", has_text="陕西省").first.click()
    page.wait_for_url(re.compile(r"province="))
    assert "q=" in page.url
    assert page.locator(".active-filters .chip").count() == 1
    assert page.locator(".hitgroup").count() <= total_before
    shot(page, "03-search-facet", tmp_path_factory)
    # open the report of the first hit
    page.locator(".hit .hitmeta a").first.click()
    page.wait_for_selector("#doc")
    shot(page, "04-report", tmp_path_factory, full=False)
    # click a problem claim: its evidence is selected and scrolled into view
    claim = page.locator("li.claim.k-problem").first
    claim.click()
    i = claim.get_attribute("data-i")
    evidence = page.locator(f'#doc mark.hl.sel[data-c~="{i}"]').first
    evidence.wait_for()
    assert evidence.is_visible()
    box, view = evidence.bounding_box(), page.viewport_size
    assert box and 0 <= box["y"] <= view["height"]
    assert page.url.endswith("#" + claim.get_attribute("id"))
    # click a span: its claim is selected in the list
    fact_mark = page.locator("#doc mark.hl.k-fact").first
    fact_mark.scroll_into_view_if_needed()
    fact_mark.click()
    ids = fact_mark.get_attribute("data-c").split()
    selected = page.locator("li.claim.sel")
    assert selected.count() == 1 and selected.get_attribute("data-i") in ids
    shot(page, "05-report-claim", tmp_path_factory, full=False)


@pytest.mark.browser
def test_xss_report_renders_as_text_and_runs_nothing(page, live, tmp_path_factory):
    _, app = live
    data = app.state.data
    school = next(s["school"] for s in data.schools() if s.get("name") == XSS_SCHOOL)
    report = data.rows("reports_of_school", school=school)[0]["report"]
    page.goto(page.base + data.urls.href(report))
    text = page.locator("#doc").inner_text()
    assert "<script>alert('xss-title')</script>" in text
    assert "<img src=x onerror=alert('xss-img')>" in text
    assert page.locator("#doc script, #doc img, #doc svg").count() == 0
    assert page.title() != "pwned"
    shot(page, "06-xss-report", tmp_path_factory, full=False)
    page.goto(page.base + data.urls.href(school))
    assert page.locator("main script, main img").count() == 0
    page.goto(page.base + "/?q=" + quote("音乐教师"))
    assert page.title() != "pwned"


@pytest.mark.browser
def test_record_pages_and_charts(page, live, tmp_path_factory):
    _, app = live
    data = app.state.data
    base = page.base
    school = next(s["school"] for s in data.schools() if s.get("name") == "凤翔区虢王镇槐原小学")
    page.goto(base + data.urls.href(school))
    assert page.locator("table.data .verdict").count() > 0
    shot(page, "07-school", tmp_path_factory)
    page.goto(base + data.urls.href(data.iri("indicator/books_per_student")))
    page.wait_for_selector("#chart svg")
    assert page.locator("#chart svg rect, #chart svg path").count() > 3
    shot(page, "08-indicator", tmp_path_factory)
    page.goto(base + data.urls.href(data.iri("problem/specialist_teacher_shortage")))
    page.wait_for_selector("#chart-county svg")
    shot(page, "09-category", tmp_path_factory)
    county = next(c["county"] for c in data.counties() if c["name"] == "凤翔区")
    page.goto(base + data.urls.href(county))
    assert page.locator("text=差异系数判定").count() == 1
    shot(page, "10-county", tmp_path_factory)
    stds = data.standards()
    national = next(s for s in stds if s.get("number") == "教督〔2017〕6号")
    page.goto(base + data.urls.href(national["standard"]))
    shot(page, "11-standard", tmp_path_factory)
    page.locator("form.inline button").click()
    page.wait_for_url(re.compile(r"/standards/compare"))
    shot(page, "12-compare", tmp_path_factory)
    page.goto(base + "/flags")
    assert page.locator("table.data tbody tr").count() > 5
    shot(page, "13-flags", tmp_path_factory)
    page.goto(base + "/schools")
    shot(page, "14-schools", tmp_path_factory)
    page.goto(base + data.urls.href(data.rows("report_places")[0]["report"] + "/fact/1"))
    shot(page, "15-node", tmp_path_factory)
    page.goto(base + "/no-such-page")
    assert "页面不存在" in page.inner_text("h1")
    shot(page, "16-404", tmp_path_factory)


@pytest.mark.browser
def test_sparql_page_runs_a_query_and_docs_load_offline(page, tmp_path_factory):
    page.goto(page.base + "/sparql")
    page.wait_for_selector(".CodeMirror")  # the vendored editor took over the textarea
    page.locator("[data-example=counties]").click()
    page.locator("#sparql-form button[type=submit]").click()
    page.wait_for_selector("#results table")
    assert page.locator("#results tbody tr").count() >= 7
    shot(page, "17-sparql", tmp_path_factory)
    page.goto(page.base + "/docs")
    page.wait_for_selector("#swagger .info .title")
    assert "junheng" in page.inner_text("#swagger .info .title")
    shot(page, "18-docs", tmp_path_factory, full=False)


@pytest.mark.browser
def test_laptop_and_narrow_widths(browser, live, tmp_path_factory):
    url, app = live
    data = app.state.data
    report = data.rows("report_places")[0]["report"]
    for name, size in (("laptop", {"width": 1366, "height": 768}), ("narrow", {"width": 800, "height": 1000})):
        ctx = browser.new_context(viewport=size, locale="zh-CN")
        pg = ctx.new_page()
        pg.goto(url + "/?q=" + quote("生均图书"))
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"] + 1, f"horizontal scroll at {name}"
        shot(pg, f"19-search-{name}", tmp_path_factory, full=False)
        pg.goto(url + data.urls.href(report))
        assert pg.evaluate("document.documentElement.scrollWidth") <= size["width"] + 1
        shot(pg, f"20-report-{name}", tmp_path_factory, full=False)
        ctx.close()
