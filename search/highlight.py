"""Highlighted fragments: `<mark>`…`</mark>` around matched words, everything else HTML-escaped.

Passages are short, so the displayed passage is re-tokenised with the index analyzer (exact
character offsets, the same tokens the index holds) instead of reading offsets back from the
postings; a long passage is first cut to a window around its matches.
"""

from __future__ import annotations

from html import escape

from search.analysis import MODIFIER, JiebaTokenizer, fold

FRAGMENT_CHARS = 120
JOINERS = set("-_./·")  # "Wi-Fi": one mark, not two


def match_ranges(analyzer: JiebaTokenizer, text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Merged [start, end) character ranges of tokens of `text` that are in `terms`."""
    folded = fold(text)
    if not any(t.lstrip(MODIFIER) in folded for t in terms):  # nothing to mark: skip jieba
        return []
    ranges = sorted((s, e) for t, s, e in analyzer.spans(text) if t in terms)
    merged: list[list[int]] = []
    for s, e in ranges:
        if merged and (s <= merged[-1][1] or (s - merged[-1][1] == 1 and text[s - 1] in JOINERS)):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def mark(text: str, ranges: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for s, e in ranges:
        out.append(escape(text[last:s], quote=False))
        out.append("<mark>" + escape(text[s:e], quote=False) + "</mark>")
        last = e
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def fragment(analyzer: JiebaTokenizer, text: str, terms: set[str]) -> tuple[str, int, int]:
    """(highlighted html, start, end): the window of `text` shown, offsets relative to `text`.

    Words are found in the whole passage, so a word cut by the window is not marked as the
    shorter word left inside it."""
    ranges = match_ranges(analyzer, text, terms)
    start, end = 0, len(text)
    if len(text) > FRAGMENT_CHARS:
        if ranges:
            # the window that holds the most matched characters
            best = max(
                ranges,
                key=lambda r: sum(min(e, r[0] + FRAGMENT_CHARS) - s for s, e in ranges if r[0] <= s < r[0] + FRAGMENT_CHARS),
            )
            start = max(0, min(best[0] - 20, len(text) - FRAGMENT_CHARS))
        end = min(len(text), start + FRAGMENT_CHARS)
        ranges = [(s - start, e - start) for s, e in ranges if start <= s and e <= end]
    html = mark(text[start:end], ranges)
    return ("…" if start else "") + html + ("…" if end < len(text) else ""), start, end
