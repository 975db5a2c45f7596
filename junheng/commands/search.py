"""`junheng search QUERY [--json] [--data DIR] [--limit N] [filters]`: find reports by meaning.

Prints the search contract (shared/contracts/search.md) with --json, else a table.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html import unescape

from junheng.config import add_data_argument, open_read_only

FILTERS = {
    "province": "省份 / province",
    "county": "县（区、市） / county",
    "level": "学段：小学、初中、九年一贯制、完全中学 / school level",
    "category": "问题类别 id，如 class_size / problem category",
    "section": "章节：basic、body、problems、measures、other / section kind",
    "year": "年份 / year of the report",
}


def add_arguments(parser) -> None:
    parser.add_argument("query", metavar="QUERY", help="检索问题，如「缺少音乐教师」 / the question")
    parser.add_argument("--json", action="store_true", help="输出 JSON（检索契约） / print the search contract as JSON")
    add_data_argument(parser)
    parser.add_argument("--limit", type=int, default=10, help="返回报告数（默认 10） / reports per page")
    parser.add_argument("--offset", type=int, default=0, help="跳过前 N 个报告 / skip the first N reports")
    for name, help_text in FILTERS.items():
        parser.add_argument(f"--{name}", default=None, help=f"筛选 / filter: {help_text}")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > width:
            return "".join(out) + "…"
        out.append(ch)
        used += w
    return "".join(out)


def _plain(html: str) -> str:
    return unescape(re.sub(r"</?mark>", lambda m: "】" if m.group().startswith("</") else "【", html))


def table(result: dict) -> str:
    lines = [f"「{result['query']}」 共 {result['total']} 份报告 / {result['total']} reports"]
    for n, hit in enumerate(result["hits"], 1):
        who = " ".join(x for x in (hit.get("school"), hit.get("county"), hit.get("province")) if x) or "（未署名）"
        lines.append(f"{n:>2}. {hit['score']:.2f}  {who}  [{hit['source']} #{hit['ordinal']}]")
        for p in hit["passages"]:
            label = p["section"] + (f"/{p['category']}" if p.get("category") else "")
            lines.append(f"      {label:<12} {_cut(_plain(p['text']), 96)}")
    for field, counts in result.get("facets", {}).items():
        if counts:
            lines.append(f"  {field}: " + "，".join(f"{k} {v}" for k, v in list(counts.items())[:8]))
    return "\n".join(lines)


def run(args) -> int:

    filters = {k: getattr(args, k) for k in FILTERS if getattr(args, k)}
    corpus = open_read_only(args.data)
    if corpus is None:
        return 2
    with corpus:
        result = corpus.search(args.query, filters=filters, limit=max(0, args.limit), offset=max(0, args.offset))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(table(result))
    return 0
