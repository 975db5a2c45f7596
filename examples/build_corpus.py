"""Build the junheng demo corpus from the hand-written sources in examples/src/.

Run with the project interpreter:  .venv/bin/python examples/build_corpus.py

What it does, deterministically (fixed zip timestamps, reportlab invariant mode, files are only
rewritten when their bytes change):

1. renders every source into its corpus format (txt in several encodings / line endings, docx,
   pdf, html, one essay-site compilation) under examples/corpus/;
2. compiles the hand annotations in examples/annotations/*.ann into examples/gold/demo-gold.json;
3. checks that every gold string (title, starts_with, quotes, problems, measures, blanks) is an
   exact substring of its own report's text after full-width digits are normalised (NFKC on digits),
   and that the binary formats really carry that text (docx/html re-read, pdf via pdfplumber).

Sources use a tiny markup only where the target format has structure (docx/pdf/html):
``# title``, ``## heading 1``, ``### heading 2``, ``|a|b|c`` table rows, ``- item`` list items.
Plain-text sources are written out as they are.
"""

from __future__ import annotations

import html
import io
import json
import re
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
ANN = HERE / "annotations"
CORPUS = HERE / "corpus"
GOLD = HERE / "gold"

FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


@dataclass
class Target:
    """One corpus file: its name, format and how its text is stored."""

    name: str
    kind: str  # txt | docx | pdf | html | compilation
    source: str  # stem of the source in src/ (or of the frame for a compilation)
    encoding: str = "utf-8"  # txt only: utf-8 | utf-8-sig | gb18030
    newline: str = "\n"  # txt only
    standard: bool = False  # a standards document (no report gold)


TARGETS = [
    Target("fengxiang_county_xiaoxue.docx", "docx", "fengxiang_county_xiaoxue"),
    Target("fengxiang_guowang_huaiyuan.txt", "txt", "fengxiang_guowang_huaiyuan", "utf-8-sig"),
    Target("fengxiang_biaojiao_xiling.txt", "txt", "fengxiang_biaojiao_xiling", "utf-8", "\r\n"),
    Target("fengxiang_hengshui_qincun.txt", "txt", "fengxiang_hengshui_qincun", "utf-8-sig", "\r\n"),
    Target("guzhang_moron_jiunian.docx", "docx", "guzhang_moron_jiunian"),
    Target("guzhang_gaofeng_xiaoxue.txt", "txt", "guzhang_gaofeng_xiaoxue"),
    Target("suichang_yunfeng_chuzhong.pdf", "pdf", "suichang_yunfeng_chuzhong"),
    Target("suichang_jinzhu_xiaoxue.txt", "txt", "suichang_jinzhu_xiaoxue"),
    Target("lingyun_sicheng_xiaoxue.html", "html", "lingyun_sicheng_xiaoxue"),
    Target("jingxuan_3pian.txt", "compilation", "jingxuan_3pian_frame"),
    Target("yishui_huangshanpu_chuzhong.txt", "txt", "yishui_huangshanpu_chuzhong", "gb18030", "\r\n"),
    Target("huili_lixi_wanquanzhongxue.txt", "txt", "huili_lixi_wanquanzhongxue", "gb18030"),
    Target("fuping_longquanguan_jiunian.txt", "txt", "fuping_longquanguan_jiunian"),
    Target("template_blanks_xiaoxue.txt", "txt", "template_blanks_xiaoxue"),
    Target("standards_national_quality_2017.txt", "txt", "standards_national_quality_2017", standard=True),
    Target("standards_shaanxi_basic.txt", "txt", "standards_shaanxi_basic", "utf-8-sig", standard=True),
]

# ---------------------------------------------------------------- text helpers

def normalise_digits(text: str) -> str:
    """NFKC restricted to decimal digits: full-width １２３ become 123, punctuation and ① stay as written."""
    return "".join(unicodedata.normalize("NFKC", c) if unicodedata.category(c) == "Nd" else c for c in text)


def read_source(stem: str) -> str:
    return (SRC / f"{stem}.txt").read_text(encoding="utf-8")


@dataclass
class Block:
    kind: str  # title | h1 | h2 | p | table | li
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def parse_markup(source: str) -> list[Block]:
    blocks: list[Block] = []
    for line in source.splitlines():
        if not line.strip():
            continue
        if line.startswith("### "):
            blocks.append(Block("h2", line[4:]))
        elif line.startswith("## "):
            blocks.append(Block("h1", line[3:]))
        elif line.startswith("# "):
            blocks.append(Block("title", line[2:]))
        elif line.startswith("|"):
            cells = line[1:].split("|")
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block("table", rows=[cells]))
        elif line.startswith("- "):
            blocks.append(Block("li", line[2:]))
        else:
            blocks.append(Block("p", line))
    return blocks


def blocks_to_text(blocks: list[Block]) -> str:
    """The reading order a text extractor should recover: one line per block, table cells by tab."""
    lines: list[str] = []
    for b in blocks:
        if b.kind == "table":
            lines.extend("\t".join(r) for r in b.rows)
        else:
            lines.append(b.text)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- writers


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def freeze_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and sorted-as-written order so rebuilds are byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def build_txt(text: str, t: Target) -> bytes:
    body = text.replace("\r\n", "\n")
    if t.newline != "\n":
        body = body.replace("\n", t.newline)
    return body.encode(t.encoding)


def build_docx(blocks: list[Block]) -> bytes:
    import datetime

    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for b in blocks:
        if b.kind == "title":
            doc.add_paragraph(b.text, style="Title")
        elif b.kind == "h1":
            doc.add_heading(b.text, level=1)
        elif b.kind == "h2":
            doc.add_heading(b.text, level=2)
        elif b.kind == "li":
            doc.add_paragraph(b.text, style="List Number")
        elif b.kind == "table":
            ncol = max(len(r) for r in b.rows)
            table = doc.add_table(rows=len(b.rows), cols=ncol)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, row in enumerate(b.rows):
                for j, cell in enumerate(row):
                    para = table.cell(i, j).paragraphs[0]
                    run = para.add_run(cell)
                    run.bold = i == 0
        else:
            doc.add_paragraph(b.text)
    fixed = datetime.datetime(2024, 1, 1, 0, 0, 0)
    cp = doc.core_properties
    cp.author = "junheng demo"
    cp.last_modified_by = "junheng demo"
    cp.created = fixed
    cp.modified = fixed
    cp.revision = 1
    cp.title = next((b.text for b in blocks if b.kind == "title"), "")
    buf = io.BytesIO()
    doc.save(buf)
    return freeze_zip(buf.getvalue())


def build_pdf(blocks: list[Block]) -> bytes:
    from reportlab import rl_config

    rl_config.invariant = 1  # fixed creation date and document id
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=19, firstLineIndent=24, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=26, alignment=TA_CENTER, firstLineIndent=0,
                           spaceAfter=10)
    h1 = ParagraphStyle("h1", parent=body, fontSize=13, leading=24, firstLineIndent=0, spaceBefore=6)
    sign = ParagraphStyle("sign", parent=body, firstLineIndent=0, alignment=2)

    def footer(canvas, doc_):
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"第 {doc_.page} 页")
        canvas.restoreState()

    story = []
    n = len(blocks)
    for i, b in enumerate(blocks):
        text = html.escape(b.text)
        if b.kind == "title":
            story.append(Paragraph(text, title))
        elif b.kind in ("h1", "h2"):
            story.append(Paragraph(text, h1))
        elif i >= n - 2:  # sign-off: school name and date, right-aligned
            story.append(Spacer(1, 6))
            story.append(Paragraph(text, sign))
        else:
            story.append(Paragraph(text, body))
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(buf, pagesize=A4, leftMargin=28 * mm, rightMargin=28 * mm, topMargin=25 * mm,
                            bottomMargin=25 * mm, title=blocks[0].text, author="junheng demo",
                            creator="junheng examples/build_corpus.py")
    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "SimSun", serif; max-width: 52em; margin: 2em auto; line-height: 1.8; }}
h1 {{ text-align: center; font-size: 1.5em; }}
table {{ border-collapse: collapse; margin: 1em auto; }}
td, th {{ border: 1px solid #666; padding: 0.3em 0.8em; }}
.sign {{ text-align: right; }}
.banner::after {{ content: "在校学生9999人"; }}
</style>
<script>
  // 页面统计与广告位（不是报告正文）
  var pageStat = {{ site: "教育信息网", notice: "生均图书99册，最大班额99人" }};
  window.addEventListener("load", function () {{ console.log(pageStat.notice); }});
</script>
</head>
<body>
{body}
</body>
</html>
"""


def build_html(blocks: list[Block]) -> bytes:
    parts: list[str] = []
    n = len(blocks)
    in_list = False
    for i, b in enumerate(blocks):
        if b.kind != "li" and in_list:
            parts.append("</ol>")
            in_list = False
        esc = html.escape(b.text, quote=False)
        if b.kind == "title":
            parts.append(f"<h1>{esc}</h1>")
        elif b.kind == "h1":
            parts.append(f"<h2>{esc}</h2>")
        elif b.kind == "h2":
            parts.append(f"<h3>{esc}</h3>")
        elif b.kind == "li":
            if not in_list:
                parts.append("<ol>")
                in_list = True
            parts.append(f"  <li>{esc}</li>")
        elif b.kind == "table":
            rows = []
            for r, row in enumerate(b.rows):
                tag = "th" if r == 0 else "td"
                rows.append("  <tr>" + "".join(f"<{tag}>{html.escape(c, quote=False)}</{tag}>" for c in row) + "</tr>")
            parts.append("<table>\n" + "\n".join(rows) + "\n</table>")
        elif i >= n - 2:
            parts.append(f'<p class="sign">{esc}</p>')
        else:
            parts.append(f"<p>{esc}</p>")
    if in_list:
        parts.append("</ol>")
    title = html.escape(blocks[0].text, quote=False)
    return HTML_TEMPLATE.format(title=title, body="\n".join(parts)).encode("utf-8")


# ---------------------------------------------------------------- compilation

HEADING_RE = re.compile(r"^(范文[一二三四五六七八九十]+|篇[一二三四五六七八九十]+|第[一二三四五六七八九十]+篇)")
AD_MARKER = "【温馨提示】"


def build_compilation(frame: str) -> tuple[str, list[tuple[int, int]]]:
    """Fill {{stem}} placeholders; return the text and each report's [start, end) region."""
    text = ""
    starts: list[int] = []
    pos = 0
    for m in re.finditer(r"\{\{(\w+)\}\}", frame):
        text += frame[pos:m.start()]
        body_start = len(text)
        # a report owns the heading line right above it, if there is one
        before = text.rstrip("\n")
        last_line_start = before.rfind("\n") + 1
        last_line = before[last_line_start:]
        starts.append(last_line_start if HEADING_RE.match(last_line) else body_start)
        text += read_source(m.group(1)).rstrip("\n")
        pos = m.end()
    text += frame[pos:]
    ends = starts[1:] + [text.index(AD_MARKER)]
    return text, list(zip(starts, ends, strict=True))


# ---------------------------------------------------------------- annotations


def parse_value(s: str) -> int | float:
    return float(s) if "." in s else int(s)


def parse_annotations(path: Path) -> tuple[str, list[dict]]:
    file_name = ""
    reports: list[dict] = []
    cur: dict | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line:
            continue
        if line.startswith("@file "):
            file_name = line[6:].strip()
        elif line == "@report":
            cur = {"meta": {}, "facts": [], "problems": [], "measures": [], "blanks": [], "inconsistencies": []}
            reports.append(cur)
        elif cur is None:
            raise ValueError(f"{path.name}: content before @report: {line}")
        elif line.startswith("F"):
            m = re.match(r"^F(?:\[(.*?)\])? (.*)$", line)
            if not m:
                raise ValueError(f"{path.name}: bad fact line {line}")
            school, rest = m.groups()
            ind, val, unit, quote = (x.strip() for x in rest.split("|", 3))
            fact = {"indicator": ind, "value": parse_value(val), "unit": unit or None, "quote": quote}
            if school is not None:
                fact["school"] = school or None
            cur["facts"].append(fact)
        elif line.startswith("P "):
            cat, text = line[2:].split("|", 1)
            cur["problems"].append({"text": text.strip(), "category": cat.strip()})
        elif line.startswith("M "):
            cur["measures"].append(line[2:].strip())
        elif line.startswith("B "):
            cur["blanks"].append(line[2:].replace("\\n", "\n"))
        elif line.startswith("I "):
            what, *quotes = (x.strip() for x in line[2:].split("|"))
            cur["inconsistencies"].append({"what": what, "quotes": quotes})
        else:
            key, _, value = line.partition(":")
            cur["meta"][key.strip()] = value.strip()
    return file_name, reports


PROBLEM_CATEGORIES = {
    "teacher_shortage", "specialist_teacher_shortage", "facility_shortage", "classroom_shortage", "class_size",
    "sports_ground", "equipment_shortage", "computer_shortage", "book_shortage", "building_ageing_safety",
    "funding", "heating", "furniture", "principal_training", "campus_environment", "offcampus_base", "other",
}
INDICATORS = {
    "students", "teachers", "full_time_teachers", "classes", "site_area_m2", "building_area_m2", "green_area_m2",
    "books", "books_per_student", "site_area_per_student_m2", "building_area_per_student_m2", "computers_student",
    "computers_teacher", "computers_per_100_students", "max_class_size", "avg_class_size", "student_teacher_ratio",
    "founded_year", "boarding_students", "sports_ground_m2", "track_m", "equipment_value_per_student_yuan",
    "teaching_area_per_student_m2",
}
LEVELS = {"小学", "初中", "九年一贯制", "完全中学"}


def gold_report(rid: str, ann: dict, text: str, region: tuple[int, int]) -> dict:
    meta = ann["meta"]
    start, end = region
    own = text[start:end]
    marker = meta["starts"].replace("\\n", "\n")
    at = own.find(marker)
    if at < 0:
        raise AssertionError(f"{rid}: starts marker {marker!r} not in report")
    place = [p.strip() or None for p in meta["place"].split("|")]
    place += [None] * (4 - len(place))
    report = {
        "id": rid,
        "title": meta.get("title") or None,
        "starts_with": own[at:at + 20],
        "school_name": meta.get("school") or None,
        "school_name_anonymised": meta.get("anonymised") == "yes",
        "school_level": meta.get("level") or None,
        "province": place[0],
        "city": place[1],
        "county": place[2],
        "town": place[3],
        "report_date": meta.get("date") or None,
        "duplicate_of": meta.get("dup") or None,
    }
    if meta.get("scope"):
        report["scope"] = meta["scope"]
    report.update({k: ann[k] for k in ("facts", "problems", "measures", "blanks", "inconsistencies")})
    return report


def check_report(report: dict, own: str) -> list[str]:
    """Every gold string must be an exact substring of the report's own (digit-normalised) text."""
    errors: list[str] = []
    rid = report["id"]

    own_nfkc = unicodedata.normalize("NFKC", own)

    def need(s: str | None, what: str) -> None:
        if s and s not in own:
            errors.append(f"{rid}: {what} not found: {s!r}")
        elif s and unicodedata.normalize("NFKC", s) not in own_nfkc:  # also holds under full NFKC
            errors.append(f"{rid}: {what} not found after full NFKC: {s!r}")

    need(report["title"], "title")
    for f in report["facts"]:
        need(f["quote"], f"quote of {f['indicator']}")
        ind = f["indicator"]
        if ind not in INDICATORS and not ind.startswith("other:"):
            errors.append(f"{rid}: unknown indicator {ind}")
    for p in report["problems"]:
        need(p["text"], "problem")
        if p["category"] not in PROBLEM_CATEGORIES:
            errors.append(f"{rid}: unknown category {p['category']}")
    for m in report["measures"]:
        need(m, "measure")
    for b in report["blanks"]:
        need(b, "blank")
    for inc in report["inconsistencies"]:
        for q in inc["quotes"]:
            need(q, "inconsistency quote")
    if report["school_level"] and report["school_level"] not in LEVELS:
        errors.append(f"{rid}: bad level {report['school_level']}")
    return errors


# ---------------------------------------------------------------- re-reading the binary formats


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def reread(path: Path) -> str:
    """Text of a generated binary file, read back with the libraries the pipeline uses."""
    if path.suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        out: list[str] = []
        for el in doc.element.body.iterchildren():
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "p":
                out.append("".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")))
            elif tag == "tbl":
                for tr in el.iter():
                    if tr.tag.endswith("}tr"):
                        cells = []
                        for tc in tr.iter():
                            if tc.tag.endswith("}tc"):
                                cells.append("".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t")))
                        out.append("\t".join(cells))
        return "\n".join(out)
    if path.suffix == ".html":
        p = _VisibleText()
        p.feed(path.read_text(encoding="utf-8"))
        return "".join(p.parts)
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    raise ValueError(path)


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def check_pdf_layout(path: Path) -> list[str]:
    """The PDF must have 2+ pages, page numbers, and a problems list that runs over a page break."""
    import pdfplumber

    errors = []
    with pdfplumber.open(str(path)) as pdf:
        pages = [squash(p.extract_text() or "") for p in pdf.pages]
    if len(pages) < 2:
        errors.append(f"{path.name}: only {len(pages)} page(s)")
    for i, page in enumerate(pages, 1):
        if f"第{i}页" not in page:
            errors.append(f"{path.name}: no page number on page {i}")
    first = next((i for i, p in enumerate(pages) if "1.对照生均体育运动场馆面积" in p), None)
    last = next((i for i, p in enumerate(pages) if "8.食堂就餐区面积不足" in p), None)
    if first is None or last is None or first == last:
        errors.append(f"{path.name}: problems list does not cross a page break (item 1 p{first}, item 8 p{last})")
    return errors


# ---------------------------------------------------------------- main


def main() -> int:
    CORPUS.mkdir(exist_ok=True)
    GOLD.mkdir(exist_ok=True)
    texts: dict[str, str] = {}  # corpus file -> the text a reader should recover
    regions: dict[str, list[tuple[int, int]]] = {}
    changed = []
    for t in TARGETS:
        if t.kind == "txt":
            text = read_source(t.source)
            data = build_txt(text, t)
        elif t.kind == "compilation":
            text, regs = build_compilation(read_source(t.source))
            regions[t.name] = regs
            data = build_txt(text, t)
        else:
            blocks = parse_markup(read_source(t.source))
            text = blocks_to_text(blocks)
            data = {"docx": build_docx, "pdf": build_pdf, "html": build_html}[t.kind](blocks)
        texts[t.name] = normalise_digits(text)
        regions.setdefault(t.name, [(0, len(text))])
        if write_if_changed(CORPUS / t.name, data):
            changed.append(t.name)

    # gold
    annotations = {}
    for path in sorted(ANN.glob("*.ann")):
        name, reps = parse_annotations(path)
        annotations[name] = reps
    errors: list[str] = []
    documents = []
    n_reports = 0
    for t in TARGETS:
        if t.standard:
            continue
        anns = annotations.get(t.name)
        if anns is None:
            errors.append(f"{t.name}: no annotation")
            continue
        regs = regions[t.name]
        if len(regs) != len(anns):
            errors.append(f"{t.name}: {len(anns)} annotated reports but {len(regs)} regions")
            continue
        stem = Path(t.name).stem
        reports = []
        for i, (ann, reg) in enumerate(zip(anns, regs, strict=True), 1):
            rep = gold_report(f"{stem}-{i}", ann, texts[t.name], reg)
            errors += check_report(rep, texts[t.name][reg[0]:reg[1]])
            reports.append(rep)
            n_reports += 1
        documents.append({"file": t.name, "reports": reports})
    ids = {r["id"] for d in documents for r in d["reports"]}
    for d in documents:
        for r in d["reports"]:
            if r["duplicate_of"] and r["duplicate_of"] not in ids:
                errors.append(f"{r['id']}: duplicate_of {r['duplicate_of']} unknown")

    # binary formats really carry the text
    for t in TARGETS:
        if t.kind not in ("docx", "pdf", "html"):
            continue
        got = squash(normalise_digits(reread(CORPUS / t.name)))
        for d in documents:
            if d["file"] != t.name:
                continue
            for r in d["reports"]:
                strings = [f["quote"] for f in r["facts"]] + [p["text"] for p in r["problems"]] + r["measures"]
                for s in strings:
                    if squash(s) not in got:
                        errors.append(f"{t.name}: re-read text lacks {s!r}")
        if t.kind == "html" and "9999" in got:
            errors.append(f"{t.name}: script/style text leaked into visible text")
        if t.kind == "pdf":
            errors += check_pdf_layout(CORPUS / t.name)

    # queries refer to known reports
    qpath = GOLD / "demo-queries.json"
    if qpath.exists():
        single = {Path(d["file"]).stem for d in documents if len(d["reports"]) == 1}
        for q in json.loads(qpath.read_text(encoding="utf-8"))["queries"]:
            for rid in q["relevant"]:
                if rid not in ids and rid not in single:
                    errors.append(f"query {q['q']!r}: unknown report {rid}")

    gold = {"documents": documents}
    gold_bytes = (json.dumps(gold, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if write_if_changed(GOLD / "demo-gold.json", gold_bytes):
        changed.append("gold/demo-gold.json")

    n_facts = sum(len(r["facts"]) for d in documents for r in d["reports"])
    print(f"corpus: {len(TARGETS)} files ({len(changed)} rewritten: {', '.join(changed) or '-'})")
    print(f"gold: {n_reports} reports, {n_facts} facts")
    if errors:
        print(f"{len(errors)} check(s) failed:", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("all gold strings found in their reports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
