"""Linked data: every node's IRI path (`/id/…`) answers HTML, Turtle, N-Triples or JSON-LD.

The format comes from `?format=` or the Accept header (q-values honoured).  The HTML view of a
report, school, indicator, problem category, county or standard is that record's page; any other
node gets the generic description (outgoing and incoming links).
"""

from __future__ import annotations

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response

from web.urls import page_slice

FIGURES_PER_PAGE = 200  # rows of an indicator's figures table (a 10k corpus has 13k of some)
FORMATS = {"html": "text/html", "ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}
ACCEPTS = {"text/html": "html", "application/xhtml+xml": "html", "text/turtle": "ttl", "application/x-turtle": "ttl",
           "application/n-triples": "nt", "application/ld+json": "jsonld", "application/json": "jsonld"}


def negotiate(accept: str, fmt: str | None) -> str | None:
    if fmt:
        return fmt if fmt in FORMATS else None
    prefs = []
    for i, part in enumerate((accept or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        prefs.append((-q, i, bits[0].lower()))
    for _, _, media in sorted(prefs):
        if media in ACCEPTS:
            return ACCEPTS[media]
        if media in ("*/*", "text/*"):
            return "html"
    return "html" if not prefs else None


def rdf_response(data, iri: str, fmt: str) -> Response:
    g = data.describe_graph(iri)
    if fmt == "ttl":
        body = g.serialize(format="turtle", encoding="utf-8")
    elif fmt == "nt":
        body = g.serialize(format="nt", encoding="utf-8")
    else:
        from kg.namespaces import PREFIXES

        body = g.serialize(format="json-ld", encoding="utf-8", context={p: str(ns) for p, ns in PREFIXES.items()},
                           auto_compact=True)
    return Response(body, media_type=FORMATS[fmt] + ("; charset=utf-8" if fmt != "jsonld" else ""),
                    headers={"vary": "Accept"})


def register(app: FastAPI, data, page, not_found) -> None:
    def alternates(path: str) -> list[tuple[str, str]]:
        sep = "&" if "?" in path else "?"
        return [(name, f"{path}{sep}format={name}") for name in ("ttl", "jsonld", "nt")]

    def serve(request: Request, iri: str, path: str, fmt_param: str | None):
        fmt = negotiate(request.headers.get("accept", ""), fmt_param)
        if fmt is None:
            return Response("可用格式 / available: text/html, text/turtle, application/n-triples, application/ld+json\n",
                            status_code=406, media_type="text/plain; charset=utf-8")
        if fmt != "html":
            if not data.corpus.describe(iri)["out"] and not data.corpus.describe(iri)["in"]:
                raise not_found("图谱中没有这个节点。")
            return rdf_response(data, iri, fmt)
        kind = data.urls.kind(iri)
        tail = data.urls.tail(iri) or ""
        parts = tail.split("/")
        alts = alternates(path)
        view = None
        if kind == "report" and len(parts) == 2:
            focus = None
            at, to = request.query_params.get("at"), request.query_params.get("to")
            if at and to and at.isdigit() and to.isdigit() and len(at) < 10 and len(to) < 10:
                focus = (int(at), int(to))
            view = data.report(iri, focus)
            if view:
                return page(request, "report.html", r=view, alts=alts, active="search",
                            crumbs=report_crumbs(view))
        elif kind == "school" and len(parts) == 2 or (kind == "report" and parts[-1] == "school"):
            view = data.school(iri)
            if view:
                crumbs = [("学校", "/schools")]
                if view.get("county"):
                    crumbs.append((view.get("countyName") or "县", data.urls.href(view["county"])))
                crumbs.append((view["name"], None))
                return page(request, "school.html", s=view, alts=alts, active="schools", crumbs=crumbs)
        elif kind == "indicator" and len(parts) == 2:
            view = data.indicator(iri)
            if view:
                raw = request.query_params.get("page", "1")
                wanted = int(raw) if raw.isdigit() and len(raw) < 7 else 1
                shown, page_no, pages = page_slice(view["facts"], wanted, FIGURES_PER_PAGE)
                return page(request, "indicator.html", i=view, shown=shown, page_no=page_no, pages=pages, per_page=FIGURES_PER_PAGE,
                            params=request.query_params, path=request.url.path, alts=alts, active="indicators",
                            crumbs=[("指标", "/indicators"), (view["label"], None)])
        elif kind == "problem" and len(parts) == 2:
            view = data.category(iri)
            if view:
                return page(request, "category.html", c=view, alts=alts, active="problems",
                            crumbs=[("问题类别", "/problems"), (view["label"], None)])
        elif kind == "county" and len(parts) == 2:
            view = data.county(iri)
            if view:
                return page(request, "county.html", c=view, alts=alts, active="counties",
                            crumbs=[("县域", "/counties"), (view["name"], None)])
        elif kind == "standard" and len(parts) == 2:
            view = data.standard(iri)
            if view:
                return page(request, "standard.html", s=view, alts=alts, active="standards",
                            standards=data.standards(),
                            crumbs=[("标准", "/standards"), (view.get("number") or view["title"], None)])
        d = data.describe(iri)
        if not d["out"] and not d["in"]:
            raise not_found("图谱中没有这个节点。")
        report = next((t["o"] for t in d["out"] if t["p"].endswith("wasDerivedFrom") and "/report/" in str(t["o"])), None)
        if kind == "report" and len(parts) >= 4:
            report = data.urls.base + "/".join(parts[:2])
        return page(request, "resource.html", d=d, alts=alts, report=report,
                    anchor=("-".join(parts[2:4]) if kind == "report" and len(parts) >= 4 else None),
                    crumbs=[("节点", None), (d["label"], None)])

    def report_crumbs(view: dict) -> list:
        crumbs = []
        if view.get("school"):
            crumbs += [("学校", "/schools"), (view.get("schoolName") or "学校", data.urls.href(view["school"]))]
        elif view.get("place"):
            crumbs += [("县域", "/counties"), (view.get("placeName") or "县", data.urls.href(view["place"]))]
        crumbs.append((view.get("title") or view.get("source") or "报告", None))
        return crumbs

    @app.get("/id/{tail:path}", include_in_schema=False)
    def node(request: Request, tail: str, format: str | None = Query(None, max_length=10)):  # noqa: A002
        raw = request.scope.get("raw_path") or request.url.path.encode()
        raw_tail = raw.decode("latin-1")[len("/id/"):]
        if not raw_tail or ".." in raw_tail.split("/") or any(c in raw_tail for c in "<>\"{}|\\^` "):
            raise not_found()
        iri = data.urls.iri_of_path(raw_tail)
        return serve(request, iri, request.url.path, format)

    @app.get("/resource", include_in_schema=False)
    def resource(request: Request, iri: str = Query(..., max_length=1000), format: str | None = Query(None, max_length=10)):  # noqa: A002
        if not iri.startswith(("http://", "https://", "urn:")) or any(c in iri for c in "<>\"{}|\\^` "):
            raise not_found()
        if iri.startswith(data.urls.base):
            from fastapi.responses import RedirectResponse

            return RedirectResponse(data.urls.href(iri), status_code=303)
        from urllib.parse import urlencode

        return serve(request, iri, "/resource?" + urlencode({"iri": iri}), format)
