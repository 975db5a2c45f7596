"""`junheng` command line.  Each subcommand lives in `junheng/commands/<name>.py`
with `add_arguments(parser)` and `run(args) -> int`; they are imported lazily so
`junheng --help` stays fast."""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS: dict[str, str] = {
    "extract": "从文件抽取报告、章节、数据与问题（JSON 抽取契约） / extract one file",
    "eval": "按金标准评估抽取质量 / score extraction against a gold file",
    "ingest": "导入报告与标准文件，建立语料库 / ingest files and standards into the corpus",
    "remove": "从语料库移除文件 / remove an ingested file",
    "sparql": "对语料库执行 SPARQL 查询 / run SPARQL over the corpus",
    "export": "导出图谱或数据表 / export the graph (ttl, nq, jsonld) or the facts table (csv, xlsx)",
    "compliance": "学校达标与县域差异系数评估 / school compliance and county CV verdicts",
    "search": "按语义检索报告（高亮、分面） / search reports by meaning, with highlights and facets",
    "reindex": "从图谱重建检索索引 / rebuild the search index from the graph",
    "serve": "启动只读网页与接口（检索、记录页、SPARQL、API） / serve the read-only web app",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="junheng",
        description="均衡：义务教育均衡发展报告的知识图谱与中文检索 / junheng knowledge graph and search",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f"junheng.commands.{name}")
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 0
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        print("已中断 / interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `junheng … | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
