"""`junheng extract` and `junheng eval` as a user runs them: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CONTRACT_REPORT_KEYS = {"ordinal", "title", "span", "starts_with", "text", "school", "place", "date",
                        "duplicate_of", "scope", "facts", "problems", "measures", "blanks", "inconsistencies",
                        "sections"}


def junheng(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "junheng.cli", *args], capture_output=True, text=True, timeout=120)


def test_extract_json_follows_the_contract(demo_corpus):
    out = junheng("extract", str(demo_corpus / "guzhang_moron_jiunian.docx"), "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["format"] == "docx" and doc["encoding"] is None
    (report,) = doc["reports"]
    assert CONTRACT_REPORT_KEYS <= set(report)
    assert report["school"]["level"] == "九年一贯制"
    assert report["place"]["county"] == "古丈县" and report["place"]["adcode"] == "433126"
    # figures from the Word table come with their exact quote
    assert any(f["indicator"] == "books" and f["quote"] in report["text"] for f in report["facts"])


def test_extract_reads_gb18030_and_says_so(demo_corpus):
    out = junheng("extract", str(demo_corpus / "huili_lixi_wanquanzhongxue.txt"), "--format", "json", "--brief")
    doc = json.loads(out.stdout)
    assert doc["encoding"] == "gb18030"
    assert "text" not in doc["reports"][0]
    assert doc["reports"][0]["school"]["level"] == "完全中学"


def test_extract_text_view_is_readable(demo_corpus):
    out = junheng("extract", str(demo_corpus / "jingxuan_3pian.txt"))
    assert out.returncode == 0
    assert "报告 4 篇" in out.stdout and "问题[" in out.stdout


def test_extract_bad_file_is_a_clear_error_not_a_traceback(tmp_path: Path):
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"this is not a zip archive")
    out = junheng("extract", str(bad))
    assert out.returncode == 2
    assert "坏文件.docx" in out.stderr and "Traceback" not in out.stderr
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = junheng("extract", str(empty))
    assert out.returncode == 2 and "empty.txt" in out.stderr


@pytest.mark.seeds
def test_eval_prints_the_figures(shared_dir):
    out = junheng("eval", str(shared_dir / "gold" / "seeds-gold.json"), "--json")
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["reports"]["f1"] == 1.0 and not figures["missing_outputs"]
