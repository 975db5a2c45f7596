"""`junheng compliance [--json] [--data DIR]`: verdicts of schools and counties (shared/contracts/compliance.md)."""

from __future__ import annotations

import json

from junheng.config import add_data_argument, open_read_only

VERDICT_ZH = {"meets": "达标", "fails": "未达标", "not_comparable": "不可比"}


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="按契约输出 JSON / the compliance contract as JSON")
    add_data_argument(parser)


def run(args) -> int:
    corpus = open_read_only(args.data)
    if corpus is None:
        return 1
    with corpus:
        data = corpus.compliance()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    for s in data["schools"]:
        print(f"{s['school'] or '（未具名）'}（{s['county'] or '?'}，{s['level'] or '?'}）")
        for a in s["assessments"]:
            print(f"  {VERDICT_ZH[a['verdict']]:4} {a['indicator']} {a['value']}{a['unit'] or ''} {a['op']} "
                  f"{a['threshold']}  《{a['standard']}》  “{a['quote']}”")
    for c in data["counties"]:
        print(f"{c['county']} {c['level']}（{c['n_schools']} 所学校）")
        for name, v in c["indicators"].items():
            rep = f"，报告值 {v['reported_cv']}" if v.get("reported_cv") is not None else ""
            print(f"  差异系数 {name}: {v['cv']}{rep}")
        for r in c["rules"]:
            print(f"  {r['standard']}: {VERDICT_ZH[r['verdict']]}（上限 {r['limit']}）{r.get('reason', '')}")
    return 0
