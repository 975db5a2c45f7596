"""Cut a document's normalised text into reports.

A file holds one report or a compilation.  Compilations announce their parts with
ordinal headings (第一篇：…, …方案篇三, 范文一, 【篇二】); essay sites wrap them in
advertising (a 精选N篇 preamble, a preview line, 推荐阅读 at the end) that is not a report.
Some reports start with no heading inside another; we find those from structure:
top-level numbering restarting at 一、 on a basic-facts heading, or a sign-off (school
name, date) followed by a new body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.structure import SENTENCE_END, Line, looks_like_heading, numbering, split_lines

_ORD = r"[一二三四五六七八九十百零〇\d]{1,4}"
REPORT_HEADING = [
    re.compile(rf"^[【\[]?(?:第{_ORD}篇|范文{_ORD}|例文{_ORD}|篇{_ORD})[】\]]?(?:[：:、.．\s]|$)"),
    re.compile(rf"^.{{2,40}}?[【\[]?篇{_ORD}[】\]]?$"),
    re.compile(rf"^.{{2,40}}?[（(]?(?:范文|例文){_ORD}[)）]?$"),
]
# Words of essay-site wrapping, never of a report.
AD_WORDS = re.compile(
    r"小编|仅供参考|欢迎(?:大家)?阅读|精选\s*\d*\s*篇|汇总\s*\d+\s*篇|\d+\s*篇[)）]|相关推荐|推荐阅读|"
    r"更多(?:相关|精彩|范文)|本文(?:来源|由)|版权(?:归|所有)|免责声明|点击(?:下载|查看)|下载(?:全文|文档)|"
    r"希望(?:对你|对大家|能帮)|以上(?:就)?是.{0,20}(?:整理|分享|范文)"
)
OPENING_WORDS = re.compile(r"我校|本校|我们|学校|我镇|我县|我乡")
DATE_LINE = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*[年.．/-]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:月|[.．/-]|$)"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?)?\s*$"
)
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]{1,3}(?:部分|章|节)")
TITLE_WORDS = re.compile(r"报告|汇报|材料|方案|总结|自查|自评|情况|均衡发展")
ORG_SUFFIX = re.compile(r"(?:小学|中学|学校|学区|中心校|教育局|教办|教育组|完小|初中|学校党支部)$")


@dataclass
class ReportCut:
    title: str | None
    start: int  # offset of the report's first character (heading included)
    end: int
    body_start: int  # where the report's own text begins, after heading and title lines


def is_report_heading(line: Line) -> bool:
    t = line.text
    if not t or len(t) > 50 or t.endswith(("...", "…")):
        return False
    return any(rx.match(t) for rx in REPORT_HEADING)


def is_ad(line: Line) -> bool:
    return bool(line.text) and bool(AD_WORDS.search(line.text))


def is_signoff_line(line: Line) -> bool:
    """A date or an organisation name alone on a short line (落款)."""
    t = line.text.strip(" \t")
    if not t or len(t) > 36:
        return False
    return bool(DATE_LINE.search(t)) or bool(ORG_SUFFIX.search(t) and not numbering(t))


def body_start(lines: list[Line], first: int) -> int:
    """Index of the first body line: skip heading and short title lines."""
    for i in range(first, len(lines)):
        ln = lines[i]
        if ln.blank:
            continue
        t = ln.text
        if numbering(t) or t[-1] in SENTENCE_END + "：:":
            return i
        if len(t) > 25 and not (len(t) <= 50 and TITLE_WORDS.search(t) and not re.search(r"[，,。；]", t)):
            return i
    return first


def _heading_kind_words() -> dict[str, tuple[str, ...]]:
    from ontology import section_kinds

    return {k: c.hidden_labels for k, c in section_kinds().items()}


def _is_basic_heading(text: str) -> bool:
    words = _heading_kind_words().get("basic", ())
    return any(w in text for w in words)


def _restart_points(lines: list[Line], lo: int, hi: int) -> list[int]:
    """Line indexes in [lo, hi) where a report without a heading begins."""
    points: list[int] = []
    top_seen = 0  # highest top-level number seen in the current report
    signed_at: int | None = None
    for i in range(lo, hi):
        ln = lines[i]
        if ln.blank:
            continue
        num = numbering(ln.text)
        if PART_HEADING.match(ln.text):
            top_seen = 0  # 第二部分: numbering inside each part starts again at 一、
            continue
        if num and num[0] == 1 and looks_like_heading(ln):
            n = num[1]
            if n == 1 and top_seen >= 2 and _is_basic_heading(ln.text):
                points.append(_walk_back_opening(lines, lo, i))
                top_seen = 1
                signed_at = None
                continue
            top_seen = max(top_seen, n)
        if signed_at is not None and not is_signoff_line(ln) and not is_ad(ln):
            rest = sum(len(x.text) for x in lines[i:hi])
            if rest >= 300 and any(numbering(x.text) for x in lines[i:hi] if x.text):
                points.append(i)
                top_seen = 0
            signed_at = None
        if is_signoff_line(ln) and DATE_LINE.search(ln.text) and top_seen >= 2:
            signed_at = i
    return points


def _walk_back_opening(lines: list[Line], lo: int, i: int) -> int:
    """Unnumbered paragraphs just before a restart belong to the new report when they read
    like an opening — not when they continue a list item that ended with a colon."""
    j = i - 1
    block: list[int] = []
    while j > lo:
        ln = lines[j]
        if ln.blank:
            j -= 1
            continue
        if numbering(ln.text) or is_signoff_line(ln):
            break
        block.append(j)
        j -= 1
    if not block:
        return i
    prev = lines[j] if j > lo else None
    if prev is not None and prev.text.endswith(("：", ":")):
        return i
    text = "".join(lines[k].text for k in block)
    if not OPENING_WORDS.search(text):
        return i
    return block[-1]


def cut_reports(text: str) -> list[ReportCut]:
    lines = split_lines(text)
    heads = [i for i, ln in enumerate(lines) if is_report_heading(ln)]
    if heads:
        starts = heads
        preamble_end = heads[0]
        # a preamble with its own report structure is a report without a heading
        pre = lines[:preamble_end]
        if sum(1 for ln in pre if (n := numbering(ln.text)) and n[0] == 1) >= 2 and not any(is_ad(ln) for ln in pre):
            starts = [_first_text(lines, 0)] + heads
    else:
        starts = [_first_text(lines, 0)]
    starts = [s for s in starts if s is not None]
    bounds = starts + [len(lines)]
    chunks: list[tuple[int, int, bool]] = []  # (first line, end line, has heading)
    for a, b in zip(bounds, bounds[1:], strict=False):
        points = _restart_points(lines, a, b)
        edges = [a, *points, b]
        for k, (x, y) in enumerate(zip(edges, edges[1:], strict=False)):
            chunks.append((x, y, k == 0 and a in heads))
    if chunks:
        x, y, h = chunks[-1]
        chunks[-1] = (x, _trim_trailing_ads(lines, x, y), h)
    cuts: list[ReportCut] = []
    for x, y, has_heading in chunks:
        last = y - 1
        while last >= x and lines[last].blank:
            last -= 1
        if last < x:
            continue
        first_body = body_start(lines, x + 1 if has_heading else x)
        title = lines[x].text if has_heading else _title_line(lines, x, first_body)
        cuts.append(ReportCut(title, lines[x].start, lines[last].end, _skip_subtitle(text, lines[first_body])))
    return cuts


def _skip_subtitle(text: str, line: Line) -> int:
    """A "——某某学校工作汇报  正文…" line carries a subtitle glued to the body."""
    if line.text.startswith(("——", "--")):
        m = re.search(r"\s{2,}|\t", line.text[:60])
        if m:
            return line.start + m.end()
    return line.start


def _first_text(lines: list[Line], i: int) -> int | None:
    while i < len(lines):
        if not lines[i].blank and not is_ad(lines[i]):
            return i
        i += 1
    return None


def _title_line(lines: list[Line], x: int, first_body: int) -> str | None:
    for ln in lines[x:first_body]:
        if ln.text and re.search(r"报告|汇报|材料|方案|总结|自查|自评|情况", ln.text):
            return ln.text
    return None


def _trim_trailing_ads(lines: list[Line], x: int, y: int) -> int:
    """End of the last report before essay-site text such as 推荐阅读 or 小编整理: the tail
    made only of ad lines and short link titles, starting with an ad line."""
    cut = y
    for i in range(y - 1, x, -1):
        ln = lines[i]
        if ln.blank:
            continue
        if is_ad(ln):
            cut = i
        elif len(ln.text) < 40 and not ln.text.endswith(tuple(SENTENCE_END)) and not is_signoff_line(ln):
            continue
        else:
            break
    return cut
