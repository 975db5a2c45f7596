"""Request size limits as plain ASGI middleware: 414 for an over-long URL or query string, 413 for a
body larger than allowed (by Content-Length, or counted while it streams in)."""

from __future__ import annotations

from html import escape

MAX_QUERY_BYTES = 8 * 1024  # query string (a SPARQL GET query fits well inside)
MAX_PATH_BYTES = 2 * 1024
MAX_BODY_BYTES = 256 * 1024  # form posts and SPARQL POST bodies


class TooLarge(Exception):
    pass


def _page(status: int, title: str, detail: str) -> bytes:
    return (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{status} {escape(title)}</title>'
            f'<link rel="stylesheet" href="/static/app.css"><main class="page error"><h1>{status} {escape(title)}</h1>'
            f'<p>{escape(detail)}</p><p><a href="/">返回首页</a></p></main></html>').encode()


class SizeLimits:
    def __init__(self, app, max_query: int = MAX_QUERY_BYTES, max_path: int = MAX_PATH_BYTES,
                 max_body: int = MAX_BODY_BYTES):
        self.app = app
        self.max_query = max_query
        self.max_path = max_path
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if len(scope.get("query_string", b"")) > self.max_query or len(scope.get("raw_path") or b"") > self.max_path:
            return await self._refuse(send, 414, "网址过长", "请求的网址或查询串超过长度限制，请缩短查询或改用 POST。")
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                return await self._refuse(send, 400, "请求无效", "Content-Length 无效。")
            if too_big:
                return await self._refuse(send, 413, "请求内容过大", f"请求体超过 {self.max_body // 1024} KB 限制。")
        seen = 0
        started = False

        async def counted_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLarge
            return message

        async def tracked_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except TooLarge:
            if not started:
                await self._refuse(send, 413, "请求内容过大", f"请求体超过 {self.max_body // 1024} KB 限制。")

    @staticmethod
    async def _refuse(send, status: int, title: str, detail: str) -> None:
        body = _page(status, title, detail)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """No inline scripts, no framing, no sniffing: report text is untrusted."""

    CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.CSP.encode()))
                headers += [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                            (b"referrer-policy", b"same-origin")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
