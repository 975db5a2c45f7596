"""The junheng web app: search, record pages, linked data, SPARQL and a JSON API — read-only.

`create_app(data_dir)` opens the corpus read-only through the facade (junheng/corpus.py) and wires
the routes.  Pages are Jinja2 templates with autoescape; report text reaches them only as
escaped segments (web/highlight.py).  Every asset is served from web/static (no CDN).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from web import linked
from web.cache import PageCache, manifest_version
from web.data import FLAG_KINDS, WebData, fmt_num
from web.limits import SecurityHeaders, SizeLimits
from web.sparql import Endpoint, SparqlError
from web.urls import page_slice, with_params

HERE = Path(__file__).resolve().parent
log = logging.getLogger("junheng.web")

SEARCH_FILTERS = ("province", "county", "level", "category", "section", "year")
FACET_NAMES = {"province": "省份", "county": "县（市、区）", "level": "学段", "category": "问题类别",
               "section": "章节", "year": "年份"}
PAGE_SIZE = 10
FLAGS_PER_PAGE = 200
MAX_PAGE = 200
NAV = [("search", "/", "搜索"), ("schools", "/schools", "学校"), ("indicators", "/indicators", "指标"),
       ("problems", "/problems", "问题类别"), ("counties", "/counties", "县域"), ("standards", "/standards", "标准"),
       ("flags", "/flags", "待核查"), ("sparql", "/sparql", "SPARQL"), ("api", "/docs", "API")]
SUGGESTIONS = ["缺少音乐教师", "生均图书", "班额过大", "运动场地不足", "校舍老化", "计算机数量不足"]
STATUS_TEXT = {400: "请求无效", 403: "禁止访问", 404: "页面不存在", 405: "不支持的请求方法", 406: "无法提供该格式",
               413: "请求内容过大", 414: "网址过长", 500: "服务器内部错误", 503: "服务暂时不可用"}


def create_app(data_dir: str | Path | None = None, *, corpus=None, base: str | None = None,
               sparql_timeout: float = 10.0, sparql_max_rows: int = 10000, page_cache: bool = True,
               warm: bool = False) -> FastAPI:
    """The ASGI app over one corpus (opened read-only unless a Corpus is given).

    `warm` loads the corpus-wide lists, the search index and the analyzer in a background
    thread at start, so the first visitor does not wait for them (`junheng serve` sets it)."""
    if corpus is None:
        from junheng.corpus import Corpus

        corpus = Corpus(data_dir, base=base, read_only=True)
    data = WebData(corpus)
    if warm:
        threading.Thread(target=data.warm, name="junheng-warm", daemon=True).start()
    endpoint = Endpoint(corpus, timeout=sparql_timeout, max_rows=sparql_max_rows)

    app = FastAPI(title="均衡 junheng API", version="0.1.0",
                  description="义务教育均衡发展报告知识图谱与检索的只读接口 / read-only API over the junheng corpus",
                  docs_url=None, redoc_url=None)
    app.state.corpus = corpus
    app.state.data = data
    app.state.endpoint = endpoint
    app.add_middleware(SecurityHeaders)
    app.add_middleware(SizeLimits)
    if page_cache:
        app.add_middleware(PageCache, version=manifest_version(corpus.dir))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    env.globals.update(href=data.urls.href, with_params=with_params, fmt_num=fmt_num, label=data.label, nav=NAV,
                       flag_kinds=FLAG_KINDS)

    def page(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
        ctx.setdefault("active", "")
        ctx.setdefault("crumbs", [])
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    app.state.page = page

    # ------------------------------------------------------------------ errors (pages in Chinese)
    def wants_json(request: Request) -> bool:
        path = request.url.path
        return path.startswith(("/api", "/sparql", "/export")) and "text/html" not in request.headers.get("accept", "")

    def error(request: Request, status: int, detail: str = "") -> Response:
        title = STATUS_TEXT.get(status, "出错了")
        if wants_json(request):
            return JSONResponse({"error": title, "detail": detail, "status": status}, status_code=status)
        return page(request, "error.html", status=status, status_code=status, title=title, detail=detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else ""
        if exc.status_code == 404:
            detail = exc.detail if isinstance(exc.detail, str) and exc.detail not in ("Not Found",) else "没有找到这个页面或资源。"
        return error(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        fields = ", ".join(".".join(str(x) for x in e.get("loc", [])[1:]) for e in exc.errors())
        return error(request, 400, f"参数不正确：{fields}" if fields else "参数不正确。")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return error(request, 500, "处理请求时出错，已记录日志。")

    def not_found(what: str = "") -> StarletteHTTPException:
        return StarletteHTTPException(404, what or "没有找到这个页面或资源。")

    # ------------------------------------------------------------------ search
    def search_params(request: Request) -> tuple[str, dict[str, str]]:
        qp = request.query_params
        q = (qp.get("q") or "").strip()[:200]
        filters = {f: qp[f].strip()[:100] for f in SEARCH_FILTERS if qp.get(f, "").strip()}
        return q, filters

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, page_no: int = Query(1, alias="page", ge=1, le=MAX_PAGE)):
        q, filters = search_params(request)
        params = {"q": q, **filters}
        result, failure = None, ""
        if q or filters:
            try:
                result = data.search(q, filters, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
            except Exception as e:  # noqa: BLE001 — the page still renders, saying what went wrong
                log.exception("search failed")
                failure = f"{type(e).__name__}"
        groups: list[dict] = []
        facets: list[dict] = []
        pages = 0
        if result:
            by_school: dict[str, dict] = {}
            for h in data.decorate_hits(result):
                key = h.get("school") or h.get("report")
                g = by_school.setdefault(key, {"school": h.get("school"), "school_iri": h.get("school_iri"),
                                               "county": h.get("county"), "hits": []})
                g["hits"].append(h)
            groups = list(by_school.values())
            for f in SEARCH_FILTERS:
                values = (result.get("facets") or {}).get(f) or {}
                items = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
                chosen = filters.get(f)
                if chosen and chosen not in values:
                    items.insert(0, (chosen, 0))
                facets.append({"field": f, "name": FACET_NAMES[f], "chosen": chosen,
                               "items": [{"value": v, "count": c, "label": data.facet_label(f, v),
                                          "href": with_params("/", params, **{f: None if chosen == v else v, "page": None})}
                                         for v, c in items[:15]],
                               "more": max(0, len(items) - 15)})
            pages = min(MAX_PAGE, math.ceil(result.get("total", 0) / PAGE_SIZE))
        removals = [{"field": f, "name": FACET_NAMES[f], "label": data.facet_label(f, v),
                     "href": with_params("/", params, **{f: None, "page": None})} for f, v in filters.items()]
        hints = []
        if result is not None and not result.get("total"):
            words = [w for w in q.replace("，", " ").replace(",", " ").split() if w]
            if len(words) > 1:
                hints += [{"label": w, "href": with_params("/", params, q=w, page=None)} for w in words]
            elif len(q) > 4:
                hints += [{"label": q[:len(q) // 2], "href": with_params("/", params, q=q[:len(q) // 2], page=None)}]
        return page(request, "search.html", active="search", q=q, filters=filters, params=params, result=result,
                    groups=groups, facets=facets, removals=removals, hints=hints, page_no=page_no, pages=pages,
                    failure=failure, suggestions=SUGGESTIONS, stats=data.stats(), categories=data.categories()[:12],
                    json_href=with_params("/api/search", params, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE),
                    csv_href=with_params("/api/search.csv", params, limit=100))

    @app.get("/api/search", tags=["检索 search"], summary="检索报告（检索契约）/ search reports (search contract)")
    def api_search(request: Request, q: str = Query("", max_length=200), limit: int = Query(10, ge=1, le=100),
                   offset: int = Query(0, ge=0, le=10000), province: str | None = None, county: str | None = None,
                   level: str | None = None, category: str | None = None, section: str | None = None,
                   year: str | None = None) -> dict:
        _, filters = search_params(request)
        return data.search(q.strip(), filters, limit, offset)

    @app.get("/api/search.csv", tags=["检索 search"], summary="检索结果 CSV（每段一行）/ search hits as CSV")
    def api_search_csv(request: Request, q: str = Query("", max_length=200), limit: int = Query(100, ge=1, le=1000),
                       offset: int = Query(0, ge=0, le=10000)):
        _, filters = search_params(request)
        result = data.search(q.strip(), filters, limit, offset)
        from web.highlight import strip_marks

        rows = []
        for h in result.get("hits", []):
            for p in h.get("passages", []) or [{}]:
                span = p.get("span") or ["", ""]
                rows.append({"school": h.get("school", ""), "county": h.get("county", ""), "source": h.get("source", ""),
                             "ordinal": h.get("ordinal", ""), "report": h.get("report", ""), "score": h.get("score", ""),
                             "section": p.get("section", ""), "category": p.get("category", ""),
                             "start": span[0], "end": span[1], "text": strip_marks(p.get("text", ""))})
        cols = ["school", "county", "source", "ordinal", "report", "score", "section", "category", "start", "end", "text"]
        return table_response(rows, cols, "csv", "search")

    # ------------------------------------------------------------------ lists
    @app.get("/schools", response_class=HTMLResponse, include_in_schema=False)
    def schools_page(request: Request):
        qp = request.query_params
        county, level, name = qp.get("county", ""), qp.get("level", ""), (qp.get("name") or "").strip()
        rows = data.schools()
        shown = [s for s in rows if (not county or s.get("countyName") == county) and (not level or s.get("level") == level)
                 and (not name or name in (s.get("name") or ""))]
        params = {"county": county, "level": level, "name": name}
        levels = sorted({(s.get("level"), s.get("levelLabel")) for s in rows if s.get("level")})
        counties = sorted({s.get("countyName") for s in rows if s.get("countyName")})
        return page(request, "schools.html", active="schools", rows=shown, total=len(rows), params=params,
                    levels=levels, counties=counties, crumbs=[("学校", None)])

    @app.get("/indicators", response_class=HTMLResponse, include_in_schema=False)
    def indicators_page(request: Request):
        return page(request, "indicators.html", active="indicators", ind=data.indicators(), crumbs=[("指标", None)])

    @app.get("/problems", response_class=HTMLResponse, include_in_schema=False)
    def problems_page(request: Request):
        return page(request, "problems.html", active="problems", rows=data.categories(), crumbs=[("问题类别", None)])

    @app.get("/counties", response_class=HTMLResponse, include_in_schema=False)
    def counties_page(request: Request):
        return page(request, "counties.html", active="counties", rows=data.counties(), crumbs=[("县域", None)])

    @app.get("/standards", response_class=HTMLResponse, include_in_schema=False)
    def standards_page(request: Request):
        return page(request, "standards.html", active="standards", rows=data.standards(), crumbs=[("标准", None)])

    @app.get("/standards/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, a: str = Query(..., max_length=500), b: str = Query(..., max_length=500),
                     indicator: str = Query("", max_length=500)):
        cmp = data.compare(a, b)
        if cmp is None:
            raise not_found("没有找到要对比的标准。")
        rows = [r for r in cmp["rows"] if not indicator or r["indicator"] == indicator]
        return page(request, "compare.html", active="standards", cmp=cmp, rows=rows, indicator=indicator,
                    standards=data.standards(), crumbs=[("标准", "/standards"), ("对比", None)])

    @app.get("/flags", response_class=HTMLResponse, include_in_schema=False)
    def flags_page(request: Request, kind: str = Query("", max_length=30),
                   page_no: int = Query(1, alias="page", ge=1, le=10000)):
        if kind and kind not in FLAG_KINDS:
            raise StarletteHTTPException(400, "未知的标记类型。")
        rows = data.flags(kind or None)
        shown, page_no, pages = page_slice(rows, page_no, FLAGS_PER_PAGE)
        return page(request, "flags.html", active="flags", rows=shown, total=len(rows), kind=kind, page_no=page_no,
                    pages=pages, params={"kind": kind}, counts=data.flag_counts(), crumbs=[("待核查", None)])

    # ------------------------------------------------------------------ originals
    @app.get("/original/{name}", include_in_schema=False)
    def original(name: str):
        path = data.original_path(name)
        if path is None:
            raise not_found("没有这个原始文件。")
        inline = path.suffix.lower() in (".pdf", ".txt", ".text")
        media = {".pdf": "application/pdf", ".txt": "text/plain", ".text": "text/plain"}.get(path.suffix.lower(),
                                                                                              "application/octet-stream")
        resp = FileResponse(path, media_type=media, filename=path.name,
                            content_disposition_type="inline" if inline else "attachment")
        resp.headers["content-security-policy"] = "sandbox; default-src 'none'"
        return resp

    # ------------------------------------------------------------------ linked data and SPARQL
    linked.register(app, data, page, not_found)

    async def sparql(request: Request):
        qp = request.query_params
        query, fmt = qp.get("query"), qp.get("format")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-query":
                query = (await request.body()).decode("utf-8", errors="replace")
            elif ctype == "application/x-www-form-urlencoded":
                form = await request.form()
                if form.get("update") is not None:
                    return sparql_error(request, SparqlError(400, "本端点只读，拒绝更新操作 / read-only endpoint: updates are refused"))
                query = form.get("query") or query
                fmt = form.get("format") or fmt
            elif ctype == "application/sparql-update":
                return sparql_error(request, SparqlError(400, "本端点只读，拒绝更新操作 / read-only endpoint: updates are refused"))
            else:
                return sparql_error(request, SparqlError(415, "请用表单或 application/sparql-query 提交查询"))
        if qp.get("update") is not None:
            return sparql_error(request, SparqlError(400, "本端点只读，拒绝更新操作 / read-only endpoint: updates are refused"))
        accept = request.headers.get("accept", "")
        if query is None:
            if "text/html" in accept or not accept or accept.strip() == "*/*":
                return sparql_page(request)
            return sparql_error(request, SparqlError(400, "缺少 query 参数 / missing query"))
        fmt = FORMAT_ALIASES.get((fmt or "").lower().strip())  # unknown values (SPARQLWrapper's output=…) fall back to Accept
        import anyio

        try:
            answer = await anyio.to_thread.run_sync(endpoint.answer, str(query), accept, fmt)
        except SparqlError as e:
            return sparql_error(request, e)
        headers = {"x-junheng-truncated": "true"} if answer.truncated else {}
        headers["vary"] = "Accept"
        return Response(answer.body, media_type=answer.media_type, headers=headers)

    for method in ("GET", "POST"):
        app.add_api_route("/sparql", sparql, methods=[method], tags=["SPARQL"], operation_id=f"sparql_{method.lower()}",
                          summary=f"SPARQL 1.1 查询（{method}，只读）/ SPARQL 1.1 Protocol query ({method}, read-only)")

    def sparql_error(request: Request, e: SparqlError) -> Response:
        if "text/html" in request.headers.get("accept", ""):
            return page(request, "error.html", status=e.status, status_code=e.status,
                        title=STATUS_TEXT.get(e.status, "查询出错"), detail=e.message)
        return Response(e.message + "\n", status_code=e.status, media_type="text/plain; charset=utf-8")

    def sparql_page(request: Request) -> HTMLResponse:
        from kg import queries

        examples = []
        for name in queries.names():
            text = queries.load(name)
            first = text.splitlines()[0] if text else ""
            if "?" in first and "(?" in first and first.startswith("#") and "one" in first:
                pass
            needs = any(f"(?{v})" in first for v in ("school", "report", "county", "indicator", "category", "scheme", "s", "o"))
            examples.append({"name": name, "title": first.lstrip("# ").strip(), "text": text, "needs": needs})
        examples.sort(key=lambda e: (e["needs"], e["name"].startswith("web_"), e["name"]))
        from kg.namespaces import sparql_prologue

        return page(request, "sparql.html", active="sparql", examples=examples, prologue=sparql_prologue(),
                    timeout=endpoint.timeout, max_rows=endpoint.max_rows, crumbs=[("SPARQL", None)])

    # ------------------------------------------------------------------ JSON API and exports
    LISTS: dict[str, tuple[list[str], Any]] = {
        "schools": (["name", "levelLabel", "countyName", "reports", "school"], data.schools),
        "counties": (["name", "province", "adcode", "schools", "county"], data.counties),
        "indicators": (["notation", "label", "unit", "facts", "schools", "concept"], lambda: data.indicators()["vocab"]),
        "categories": (["notation", "label", "problems", "schools", "concept"], data.categories),
        "standards": (["number", "title", "region", "n_requirements", "standard"], data.standards),
        "flags": (["kind_label", "school_name", "source", "title", "what", "quotes", "report", "flag"], data.flags),
    }

    def list_rows(name: str) -> tuple[list[str], list[dict]]:
        if name not in LISTS:
            raise not_found("没有这个列表。")
        cols, fn = LISTS[name]
        return cols, fn()

    @app.get("/api/lists/{name}", tags=["列表 lists"],
             summary="列表（schools、counties、indicators、categories、standards、flags）/ a list as JSON")
    def api_list(name: str) -> list[dict]:
        _, rows = list_rows(name)
        return json.loads(json.dumps(rows, ensure_ascii=False, default=str))

    @app.get("/api/compliance", tags=["评估 compliance"], summary="达标评估（评估契约）/ compliance contract")
    def api_compliance() -> dict:
        return data.corpus.compliance()

    @app.get("/api/describe", tags=["图谱 graph"], summary="一个节点的出入边 / a node's triples")
    def api_describe(iri: str = Query(..., max_length=1000)) -> dict:
        d = data.describe(iri)
        if not d["out"] and not d["in"]:
            raise not_found()
        return json.loads(json.dumps(d, ensure_ascii=False, default=str))

    @app.get("/export/{name}.{fmt}", tags=["导出 export"],
             summary="导出列表（csv、xlsx、json）或图谱（graph.ttl、graph.nq、graph.jsonld）、数据表（facts.csv、facts.xlsx）")
    def export(name: str, fmt: str):
        if name == "graph":
            if fmt not in ("ttl", "nq", "jsonld"):
                raise StarletteHTTPException(400, "图谱只能导出为 ttl、nq 或 jsonld。")
            media = {"ttl": "text/turtle", "nq": "application/n-quads", "jsonld": "application/ld+json"}[fmt]
            body = data.corpus.export(fmt)
            return Response(body, media_type=media,
                            headers={"content-disposition": f'attachment; filename="junheng-graph.{fmt}"'})
        if name == "facts":
            if fmt not in ("csv", "xlsx"):
                raise StarletteHTTPException(400, "数据表只能导出为 csv 或 xlsx。")
            media = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
            return Response(data.corpus.export(fmt), media_type=media,
                            headers={"content-disposition": f'attachment; filename="junheng-facts.{fmt}"'})
        cols, rows = list_rows(name)
        if fmt not in ("csv", "xlsx", "json"):
            raise StarletteHTTPException(400, "列表只能导出为 csv、xlsx 或 json。")
        return table_response(rows, cols, fmt, name)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request):
        return page(request, "docs.html", active="api", crumbs=[("API", None)])

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return RedirectResponse("/static/favicon.svg")

    return app


def app_from_environment() -> FastAPI:
    """Factory for `junheng serve --workers N` (each worker process opens the corpus itself)."""
    import os

    opts = json.loads(os.environ.get("JUNHENG_SERVE_OPTIONS", "{}"))
    return create_app(opts.get("data"), base=opts.get("base"), sparql_timeout=opts.get("sparql_timeout", 10.0),
                      sparql_max_rows=opts.get("sparql_max_rows", 10000), warm=True)


FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "ttl": "ttl", "turtle": "ttl", "nt": "nt",
                  "ntriples": "nt", "n-triples": "nt", "jsonld": "jsonld", "json-ld": "jsonld"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell(v: Any) -> Any:
    if isinstance(v, list | tuple | set):
        return "；".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return "" if v is None else v


def table_response(rows: list[dict], cols: list[str], fmt: str, name: str) -> Response:
    disposition = {"content-disposition": f'attachment; filename="junheng-{name}.{fmt}"'}
    if fmt == "json":
        return JSONResponse(json.loads(json.dumps([{c: r.get(c) for c in cols} for r in rows], default=str)))
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        for r in rows:
            w.writerow([safe_cell(cell(r.get(c))) for c in cols])
        return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8", headers=disposition)
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = name[:31]
    ws.append(cols)
    for r in rows:
        ws.append([safe_cell(cell(r.get(c))) for c in cols])
    out = io.BytesIO()
    wb.save(out)
    return Response(out.getvalue(), media_type=XLSX, headers=disposition)


def safe_cell(v: Any) -> Any:
    """Spreadsheet formula injection: text starting with = + - @ is prefixed with a quote."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v
