"""`junheng eval GOLD`: run the extractor over the gold's files and print the figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ingest.errors import IngestError


def add_arguments(p) -> None:
    p.add_argument("gold", help="金标准 JSON（如 ../shared/gold/seeds-gold.json）/ gold annotations")
    p.add_argument("--corpus", help="金标准所标注文件所在目录（默认按金标准位置推断）/ folder of the annotated files")
    p.add_argument("--json", action="store_true", help="输出完整 JSON / print the full figures as JSON")
    p.add_argument("--out", help="把每个文件的抽取结果写入该目录 / also write each file's extraction here")


def _corpus_dir(gold: Path, given: str | None) -> Path:
    if given:
        return Path(given)
    for cand in (gold.parent.parent / "corpus" / "seeds", gold.parent.parent / "corpus", gold.parent):
        if cand.is_dir():
            return cand
    return gold.parent


def run(args) -> int:
    from ingest.duplicates import DuplicateFinder, mark_duplicates
    from ingest.evaluate import load_gold, score, summary_line
    from ingest.pipeline import read_document

    gold_path = Path(args.gold)
    docs = load_gold(gold_path)
    corpus = _corpus_dir(gold_path, args.corpus)
    outputs = {}
    finder = DuplicateFinder()
    for d in docs:
        path = corpus / d["file"]
        try:
            doc = read_document(path)
        except IngestError as exc:
            print(f"错误 / error: {exc.path}: {exc.reason}", file=sys.stderr)
            continue
        mark_duplicates([(doc.source, doc.reports)], finder)
        outputs[d["file"]] = doc.to_contract()
        if args.out:
            Path(args.out).mkdir(parents=True, exist_ok=True)
            (Path(args.out) / f"{d['file']}.json").write_text(
                json.dumps(outputs[d["file"]], ensure_ascii=False), encoding="utf-8")
    result = score(docs, outputs)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(summary_line(result))
    return 0
