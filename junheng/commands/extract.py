"""`junheng extract FILE --format json`: one document through the whole ingest stage."""

from __future__ import annotations

import json
import sys

from ingest.errors import IngestError


def add_arguments(p) -> None:
    p.add_argument("file", help="报告文件（txt/docx/pdf/html）/ report file")
    p.add_argument("--format", choices=["json", "text"], default="text", help="输出格式 / output format")
    p.add_argument("--brief", action="store_true", help="不输出报告全文 / omit report texts")
    p.add_argument("--max-mb", type=float, default=20.0, help="文件大小上限（MB）/ size limit")


def run(args) -> int:
    from ingest.duplicates import mark_duplicates
    from ingest.pipeline import read_document

    try:
        doc = read_document(args.file, max_bytes=int(args.max_mb * 1024 * 1024))
    except IngestError as exc:
        print(f"错误 / error: {exc.path}: {exc.reason}", file=sys.stderr)
        return 2
    mark_duplicates([(doc.source, doc.reports)])
    if args.format == "json":
        json.dump(doc.to_contract(brief=args.brief), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(f"{doc.source}  格式 {doc.format}  编码 {doc.encoding or '-'}  报告 {len(doc.reports)} 篇")
    for r in doc.reports:
        place = "".join(x for x in (r.place.province, r.place.city, r.place.county, r.place.town) if x)
        print(f"\n[{r.ordinal}] {r.title or '（无标题）'}")
        print(f"    学校 {r.school.name or ('（已匿名）' if r.school.anonymised else '未知')}  学段 {r.school.level or '未知'}"
              f"  地点 {place or '未知'}  日期 {r.date or '未知'}")
        print("    章节 " + " / ".join(f"{s.kind}:{s.heading or ''}" for s in r.sections))
        print(f"    数据 {len(r.facts)} 条  问题 {len(r.problems)}  措施 {len(r.measures)}  空白 {len(r.blanks)}"
              f"  不一致 {len(r.inconsistencies)}" + (f"  疑似抄袭 第{r.duplicate_of.ordinal}篇" if r.duplicate_of else ""))
        for f in r.facts[:12]:
            print(f"      {f.indicator:<32} {f.value:g} {f.unit or ''}  「{f.quote}」")
        if len(r.facts) > 12:
            print(f"      … 另有 {len(r.facts) - 12} 条")
        for p in r.problems:
            print(f"      问题[{p.category}] {p.text}")
    return 0
