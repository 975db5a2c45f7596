"""`junheng serve`: the read-only web app (search, record pages, linked data, SPARQL, API)."""

from __future__ import annotations

import json
import sys

from junheng.config import add_data_argument


def add_arguments(parser) -> None:
    add_data_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="监听地址 / host (默认 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="端口 / port (默认 8000)")
    parser.add_argument("--base", default=None, help="IRI 基址 / IRI base (默认沿用语料库的)")
    parser.add_argument("--sparql-timeout", type=float, default=10.0, metavar="SECONDS",
                        help="SPARQL 查询时限 / SPARQL time limit (默认 10 秒)")
    parser.add_argument("--sparql-max-rows", type=int, default=10000, metavar="N",
                        help="SPARQL 结果行数上限 / SPARQL row limit (默认 10000)")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="进程数，每个进程各自只读打开语料 / worker processes, each opens the corpus read-only")


def run(args) -> int:
    import os

    import uvicorn

    from web.app import create_app

    if args.workers > 1:  # uvicorn needs an import string to start processes; settings travel by environment
        os.environ["JUNHENG_SERVE_OPTIONS"] = json.dumps({"data": args.data, "base": args.base,
                                                          "sparql_timeout": args.sparql_timeout,
                                                          "sparql_max_rows": args.sparql_max_rows})
        print(f"均衡 junheng: http://{args.host}:{args.port}/  ({args.workers} 进程 / workers)", file=sys.stderr)
        uvicorn.run("web.app:app_from_environment", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level="warning", access_log=False)
        return 0
    try:
        app = create_app(args.data, base=args.base, sparql_timeout=args.sparql_timeout,
                         sparql_max_rows=args.sparql_max_rows, warm=True)
    except FileNotFoundError as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return 2
    print(f"均衡 junheng: http://{args.host}:{args.port}/  (Ctrl+C 退出 / to stop)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
