"""Shared pieces of the web tests: one corpus built per session from the demo corpus plus an XSS
report ingested for real, and a real uvicorn server on 127.0.0.1 in a thread."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "corpus"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# A school report whose text carries markup an attacker could plant in a submitted file.
XSS_SCHOOL = "青石镇中心小学"
XSS_REPORT = """青石镇中心小学<script>alert('xss-title')</script>自查报告

一、基本情况
青石镇中心小学位于遂昌县青石镇，现有6个教学班，在校学生210人，教职工18人。学校占地面积9000平方米，藏书8400册。<img src=x onerror=alert('xss-img')>

二、自查情况
学校按照标准开齐开足课程，校舍安全，食堂卫生。

三、存在问题
1. 学校缺少音乐专职教师<script>document.title='pwned'</script>，音乐课由班主任兼任。
2. 运动场地面积偏小"><svg onload=alert('xss-svg')>，不能满足体育课需要。

四、整改措施
1. 申请县教育局补充音乐教师一名。
"""
XSS_MARKERS = ("<script>alert('xss-title')</script>", "<img src=x onerror=alert('xss-img')>")

_built: dict[str, Path] = {}


def standards_files() -> list[Path]:
    return sorted(DEMO.glob("standards_*.txt"))


def build_corpus(base_temp: Path) -> Path:
    """The demo corpus + the XSS report, ingested once per test session."""
    key = str(base_temp)
    if key in _built:
        return _built[key]
    from junheng.corpus import Corpus

    data = base_temp / "web-corpus"
    inputs = base_temp / "web-inputs"
    if data.exists():
        shutil.rmtree(data)
    inputs.mkdir(parents=True, exist_ok=True)
    (inputs / "xss_qingshi_xiaoxue.txt").write_text(XSS_REPORT, encoding="utf-8")
    with Corpus(data) as c:
        summary = c.ingest([DEMO, inputs], standards=standards_files(), progress=False)
        assert not summary.failed, summary.failed
    _built[key] = data
    return data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(app):
    """uvicorn serving `app` on 127.0.0.1:<free port> in a daemon thread; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def artifacts_dir(base_temp: Path) -> Path:
    d = ROOT / "tmp" / "artifacts"
    d.mkdir(parents=True, exist_ok=True)
    return d
