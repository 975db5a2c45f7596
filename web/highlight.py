"""Report text cut into segments at every claim boundary, for highlighting without raw HTML.

Report text is untrusted.  Pages never mark it up as a string: the template loops over these
segments and Jinja2 escapes each one, so a report containing ``<script>`` shows it as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    claims: list[int] = field(default_factory=list)  # indices into the page's claim list
    kinds: list[str] = field(default_factory=list)  # css kinds of those claims (fact, problem …)
    start: int = 0  # offset in the report text
    focus: bool = False  # inside the passage a search hit pointed at

    @property
    def kind(self) -> str:
        """The kind shown when claims overlap: the most specific one wins."""
        for k in ("blank", "inconsistency", "duplicate", "cvdiff", "fact", "problem", "measure"):
            if k in self.kinds:
                return k
        return self.kinds[0] if self.kinds else ""


def segments(text: str, spans: list[tuple[int, int, int, str]],
             focus: tuple[int, int] | None = None) -> list[Segment]:
    """Cut `text` at every span boundary.

    spans: (start, end, claim index, kind) with offsets relative to `text`; spans outside the text
    are clipped, empty ones dropped.  `focus` marks one more range (a search passage).
    """
    n = len(text)
    clean = []
    for s, e, i, k in spans:
        s, e = max(0, min(s, n)), max(0, min(e, n))
        if e > s:
            clean.append((s, e, i, k))
    cuts = {0, n}
    for s, e, _, _ in clean:
        cuts.update((s, e))
    if focus:
        fs, fe = max(0, min(focus[0], n)), max(0, min(focus[1], n))
        cuts.update((fs, fe))
        focus = (fs, fe) if fe > fs else None
    points = sorted(cuts)
    starts: dict[int, list[tuple[int, int, str]]] = {}
    for s, e, i, k in clean:
        starts.setdefault(s, []).append((e, i, k))
    active: list[tuple[int, int, str]] = []
    out: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        active = [x for x in active if x[0] > a] + starts.get(a, [])
        seg = Segment(text=text[a:b], start=a,
                      claims=sorted({i for _, i, _ in active}),
                      kinds=[k for _, _, k in active],
                      focus=bool(focus and focus[0] <= a < focus[1]))
        if out and not seg.claims and not out[-1].claims and seg.focus == out[-1].focus:
            out[-1].text += seg.text  # merge plain runs
        else:
            out.append(seg)
    return out


_MARK = re.compile(r"(<mark>.*?</mark>)", re.S)


def marked_pieces(fragment: str) -> list[tuple[str, bool]]:
    """Search passages come as escaped text with `<mark>` tags; return (plain text, is_match) pieces
    so the template escapes them itself (no `|safe` on document text)."""
    pieces = []
    for part in _MARK.split(fragment or ""):
        if not part:
            continue
        if part.startswith("<mark>") and part.endswith("</mark>"):
            pieces.append((html.unescape(part[6:-7]), True))
        else:
            pieces.append((html.unescape(part), False))
    return pieces


def strip_marks(fragment: str) -> str:
    return "".join(t for t, _ in marked_pieces(fragment))
