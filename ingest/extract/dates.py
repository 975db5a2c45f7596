"""The date a report was written: from its sign-off (落款), else its title lines.

Dates in the body are events, not the report's date, so they are never used.
"""

from __future__ import annotations

from ingest.extract.numbers import parse_chinese_date
from ingest.records import Section
from ingest.segment import DATE_LINE, ReportCut
from ingest.structure import split_lines


def find_report_date(text: str, sections: list[Section], cut: ReportCut) -> str | None:
    for kind in ("signoff", "title"):
        for sec in sections:
            if sec.kind != kind:
                continue
            for ln in reversed(split_lines(text, *sec.span)):
                if ln.text and DATE_LINE.search(ln.text):
                    date = parse_chinese_date(DATE_LINE.search(ln.text).group(0))
                    if date:
                        return date
    # a sign-off followed by stray title lines of the next part: look at the report's last lines
    tail = [ln for ln in split_lines(text, cut.start, cut.end) if ln.text][-5:]
    for ln in reversed(tail):
        m = DATE_LINE.search(ln.text)
        if m and len(ln.text) <= 36:
            return parse_chinese_date(m.group(0))
    return None
