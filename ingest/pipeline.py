"""File → Document record: read, normalise, cut into reports and sections, extract.

This is the one entry point later stages use.  Each step is a small module; this file
only wires them, so the order of the pipeline can be read here top to bottom.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ingest.errors import IngestError
from ingest.extract.blanks import find_blanks
from ingest.extract.dates import find_report_date
from ingest.extract.place import find_place
from ingest.extract.school import find_school
from ingest.extract.statements import extract_statements
from ingest.records import Document, Report, School
from ingest.sections import find_sections
from ingest.segment import cut_reports
from ingest.sources import DEFAULT_MAX_BYTES, read_source


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None) -> Document:
    """Read and fully extract one file.  Raises IngestError (typed, names the file)."""
    from ingest.normalise import normalise

    p = Path(path)
    src = read_source(p, max_bytes=max_bytes)
    norm = normalise(src)
    if not norm.text.strip():
        from ingest.errors import NoText

        raise NoText(str(p), "文件中没有可读的文字 / no readable text")
    return build_document(
        norm.text,
        source=source or p.name,
        path=str(p.resolve()),
        fmt=src.format,
        encoding=src.encoding,
        sha256=src.sha256,
        page_breaks=list(norm.page_breaks),
    )


def build_document(
    text: str,
    *,
    source: str,
    path: str = "",
    fmt: str = "txt",
    encoding: str | None = "utf-8",
    sha256: str = "",
    page_breaks: list[int] | None = None,
) -> Document:
    """Everything after reading: pure text in, records out (used by tests on plain strings)."""
    doc = Document(source=source, path=path, format=fmt, encoding=encoding, sha256=sha256, text=text,
                   page_breaks=page_breaks or [])
    for ordinal, cut in enumerate(cut_reports(text), 1):
        doc.reports.append(extract_report(text, cut, ordinal))
    return doc


def extract_report(text: str, cut, ordinal: int) -> Report:
    from ingest.checks import find_inconsistencies
    from ingest.extract.facts import extract_facts

    sections = find_sections(text, cut)
    part = lambda kind: "\n".join(text[s.span[0]: s.span[1]] for s in sections if s.kind == kind)  # noqa: E731
    title_text = "\n".join(filter(None, [cut.title or "", part("title")]))
    signoff = part("signoff")
    body = text[cut.start: cut.end]
    school = find_school(body, title_text, signoff)
    report = Report(
        ordinal=ordinal,
        title=cut.title,
        span=(cut.start, cut.end),
        starts_with=text[cut.body_start: cut.body_start + 30],
        text=body,
        sections=sections,
        school=school,
        place=find_place(body, school.name),
        date=find_report_date(text, sections, cut),
    )
    # figures in a measures section are plans (新建宿舍楼一栋), not facts about the school
    plans = [sec.span for sec in sections if sec.kind == "measures"]
    report.facts = extract_facts(text, cut.start, cut.end, skip=plans)
    report.problems, report.measures = extract_statements(text, sections)
    report.blanks = find_blanks(text, cut.start, cut.end)
    report.inconsistencies = find_inconsistencies(text, report)
    if sum(1 for f in report.facts if f.school) >= 4 or COUNTY_TITLE.search(title_text):
        # a county report speaks for several schools, not for one
        report.scope = "county"
        report.school = School(name=None, anonymised=False, level=school.level)
        report.place.town = None
    return report


COUNTY_TITLE = re.compile(r"(?:县域|全县|全区|全市|县级).{0,16}(?:均衡发展|自评|自查|督导)")


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and files under folders named (recursive, sorted, hidden files skipped)."""
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith("."):
                        yield Path(root) / f
        else:
            yield p


def read_documents(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error: Callable[[IngestError], None] | None = None,
) -> Iterator[Document]:
    """A batch: a bad file is reported through `on_error` and the rest go on."""
    for p in iter_paths(paths):
        try:
            yield read_document(p, max_bytes=max_bytes)
        except IngestError as exc:
            if on_error:
                on_error(exc)
        except Exception as exc:  # a reader bug must not abort a batch either
            err = IngestError(str(p), f"读取失败 / failed to read: {type(exc).__name__}: {exc}")
            if on_error:
                on_error(err)
