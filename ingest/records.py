"""Plain records that every later stage consumes.

`ingest` produces these and nothing else: no RDF, no index.  Field names follow the
extraction contract (shared/contracts/extraction.md) so `to_contract()` is a straight
walk, and `kg`/`search` can rely on one shape.

Offsets: every `span` is a half-open [start, end) pair of character offsets into the
*document's* normalised text (`Document.text`).  A quote is always
`Document.text[start:end]`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]

SECTION_KINDS = ("title", "basic", "body", "problems", "measures", "signoff", "other")
SCHOOL_LEVELS = ("小学", "初中", "九年一贯制", "完全中学")


@dataclass
class Section:
    """A part of a report.  kind: title|basic|body|problems|measures|signoff|other."""

    kind: str
    heading: str | None
    span: Span


@dataclass
class School:
    name: str | None = None
    anonymised: bool = False
    level: str | None = None  # 小学 | 初中 | 九年一贯制 | 完全中学 | None


@dataclass
class Place:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    town: str | None = None
    adcode: str | None = None  # GB/T 2260 code of the most specific known division


@dataclass
class Fact:
    """One figure a report states about a school (观测值)."""

    indicator: str  # contract id, e.g. "students", "books_per_student", "other:<name>"
    value: float
    unit: str | None
    quote: str
    span: Span
    qualifier: str | None = None  # 约 / 余 / 以上 / 近 … kept out of the value
    school: str | None = None  # in a county report: which school the figure is about


@dataclass
class Problem:
    text: str
    category: str
    span: Span


@dataclass
class Measure:
    text: str
    span: Span


@dataclass
class Blank:
    """An unfilled template slot (20__年, 占地面积平方米 …)."""

    text: str
    span: Span


@dataclass
class Inconsistency:
    what: str
    quotes: list[str]
    spans: list[Span] = field(default_factory=list)


@dataclass
class ReportRef:
    source: str
    ordinal: int


@dataclass
class Report:
    ordinal: int
    title: str | None
    span: Span
    starts_with: str
    text: str
    sections: list[Section] = field(default_factory=list)
    school: School = field(default_factory=School)
    place: Place = field(default_factory=Place)
    date: str | None = None  # ISO date, or YYYY-MM / YYYY as precise as written
    duplicate_of: ReportRef | None = None
    scope: str = "school"  # "county" for a county report covering several schools
    facts: list[Fact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    blanks: list[Blank] = field(default_factory=list)
    inconsistencies: list[Inconsistency] = field(default_factory=list)


@dataclass
class Document:
    """One source file after reading, normalising and cutting."""

    source: str  # file name as given
    path: str  # absolute path at ingest time
    format: str  # txt | docx | pdf | html
    encoding: str | None  # detected text encoding; None for binary formats
    sha256: str  # of the file's bytes: identity of this version of the document
    text: str  # normalised text; every span points into it
    page_breaks: list[int] = field(default_factory=list)  # normalised offsets where a new page starts
    reports: list[Report] = field(default_factory=list)

    def to_contract(self, *, brief: bool = False) -> dict[str, Any]:
        """The JSON object of the extraction contract."""
        reports = []
        for r in self.reports:
            d = asdict(r)
            d["span"] = list(r.span)
            if brief:
                d.pop("text", None)
            reports.append(d)
        return {
            "source": self.source,
            "format": self.format,
            "encoding": self.encoding,
            "sha256": self.sha256,
            "page_breaks": self.page_breaks,
            "reports": reports,
        }


# --- standards -------------------------------------------------------------------------


@dataclass
class Requirement:
    """A threshold of one indicator for one school level (达标要求)."""

    indicator: str  # indicator id as in ontology/indicators.ttl
    level: str  # 小学 | 初中 | 九年一贯制 | 县域 …
    op: str  # ">=" | "<=" | "=="
    threshold: float
    unit: str | None
    quote: str | None = None  # where it was read, when read from a document
    span: Span | None = None
    unconfirmed: bool = False
    note: str | None = None


@dataclass
class Standard:
    id: str  # short stable id, e.g. "moe-2017-quality"
    title: str
    number: str | None  # 文号, e.g. 教督〔2017〕6号
    issuer: str | None = None
    date: str | None = None
    region: str | None = None  # None = national; else a province name
    source: str | None = None  # URL or file name
    requirements: list[Requirement] = field(default_factory=list)
