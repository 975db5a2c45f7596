"""A whoosh analyzer on jieba, built for Chinese report text and for highlighting.

Why not jieba's stock `ChineseAnalyzer`: it drops single non-Han tokens (digits vanish, so
"班额45人" loses 45), runs an English Porter stemmer over everything, and reports character
offsets as positions.  This tokenizer

- keeps numbers ("45", "18.5", "100%" -> "100") and latin runs ("3D", "Wi", "Fi"), lowercased;
- gives real positions (one per word) and exact character offsets into the given text;
- keeps domain terms whole (生均, 功能室, 班班通 … plus every ontology label) and also emits the
  dictionary words inside a long word at the same position (like jieba's search mode, but with
  consistent positions), so "运动场地狭小" is found by 运动场, 场地 and 狭小;
- marks a modifier inside a word as such: Chinese compounds are head-final, so in 图书室 the
  word 图书 only modifies the head 室 (a room, not books).  A dictionary word that is the word
  minus its last character is indexed as "~图书" (MODIFIER + word), which search counts as a
  weaker match; suffixes (教师 in 专任教师) and longer pieces count in full;
- uses a private `jieba.Tokenizer` so our dictionary never leaks into the global one.

The tokenizer pickles as its word list only (whoosh stores the schema with the index), so an
index always re-creates the exact analyzer it was built with; jieba itself loads lazily from
its on-disk model cache on first use.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from whoosh.analysis import Token, Tokenizer

# Full-width ASCII (ＡＢＣ１２３) and the ideographic space map one-to-one onto ASCII, so offsets
# stay valid.  (ingest already applies NFKC; this covers raw queries and hand-built records.)
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20

# Pieces kept inside a jieba token: a decimal number, or a run of letters/digits/Han.
_PIECE = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")
# jieba's own block pattern (jieba.re_han_default): jieba cuts each such block on its own, so
# the terms of a block do not depend on its neighbours and can be memoised per block.
_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
BLOCK_CACHE_SIZE = 200_000

COUNT_SUFFIX = "数"  # of indicator labels: 学生数, 教师数 …
MODIFIER = "~"  # prefix of a term that only modifies the head of its word (see above)

_lock = threading.Lock()
_jieba_cache: dict[tuple[str, ...], object] = {}


def fold(text: str) -> str:
    """Full-width forms to ASCII and lower case: how the analyzer sees letters and digits."""
    return text.translate(_FULLWIDTH).lower()


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def private_jieba(words: tuple[str, ...]):
    """A jieba.Tokenizer with `words` added, shared by analyzers with the same word list."""
    with _lock:
        tk = _jieba_cache.get(words)
        if tk is None:
            import jieba

            logging.getLogger("jieba").setLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            tk.initialize()  # reads jieba's marshalled model cache (~0.5 s), not the text dict
            for w in words:
                # suggest_freq only just beats the split in isolation; domain words must also
                # survive their neighbours, so give them a clear margin.  Not a count label
                # (专任教师数, 计算机教室数): its 数 belongs to the next character as often
                # (专任教师数量 is 专任教师 + 数量), so it only has to win on its own.
                count_label = w.endswith(COUNT_SUFFIX) and tk.FREQ.get(w[: -len(COUNT_SUFFIX)], 0) > 0
                wanted = tk.suggest_freq(w, False) if count_label else max(20 * tk.suggest_freq(w, False), 300)
                if tk.FREQ.get(w, 0) < wanted:
                    tk.add_word(w, freq=wanted)
            _jieba_cache[words] = tk
        return tk


@dataclass(frozen=True)
class Word:
    """One analysed token: `sub` marks a dictionary word found inside a longer word."""

    text: str
    start: int
    end: int
    pos: int
    sub: bool = False


class JiebaTokenizer(Tokenizer):
    """whoosh tokenizer over a private jieba instance (see module docstring)."""

    def __init__(self, words: Iterable[str] = ()):
        self.words = tuple(sorted({w.strip() for w in words if w and w.strip()}))
        self._inner_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}
        self._block_cache: dict[str, frozenset[str]] = {}
        self._span_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}

    # whoosh pickles the schema (and so this object) into the index: keep it small.
    def __getstate__(self):
        return {"words": self.words}

    def __setstate__(self, state):
        self.words = tuple(state.get("words", ()))
        self._inner_cache = {}
        self._block_cache = {}
        self._span_cache = {}

    def __eq__(self, other):
        return isinstance(other, JiebaTokenizer) and other.words == self.words

    def __hash__(self):
        return hash(self.words)

    @property
    def jieba(self):
        return private_jieba(self.words)

    def in_dictionary(self, word: str) -> bool:
        return self.jieba.FREQ.get(word, 0) > 0

    def split_word(self, word: str) -> list[str]:
        """Greedy longest dictionary words covering `word`, excluding `word` itself.

        Used on the query side: "音乐教师" -> ["音乐", "教师"]; a word with no inner words
        comes back as its single characters.  When the greedy cut leaves its last character
        alone and a cut from the right keeps a word there, the right one wins: Chinese
        compounds are head-final, so 老房子 is 老 + 房子, not 老房 + 子.
        """
        out = self._cut(word)
        if len(out) > 1 and len(out[-1]) == 1:
            right = self._cut(word, from_right=True)
            if len(right[-1]) > 1:
                return right
        return out

    def _cut(self, word: str, from_right: bool = False) -> list[str]:
        """Longest dictionary words first (never `word` itself), from the left or the right;
        a character no word covers stands alone."""
        freq = self.jieba.FREQ
        n = len(word)
        pieces: list[str] = []
        start, end = 0, n
        while start < end:
            if from_right:
                i = next((i for i in range(1 if end == n else 0, end - 1) if freq.get(word[i:end], 0) > 0), end - 1)
                pieces.append(word[i:end])
                end = i
            else:
                j = next((j for j in range(n - 1 if start == 0 else n, start + 1, -1) if freq.get(word[start:j], 0) > 0), start + 1)
                pieces.append(word[start:j])
                start = j
        return pieces[::-1] if from_right else pieces

    def _inner(self, piece: str) -> tuple[tuple[str, int, int], ...]:
        """Terms inside a Han word beyond the word itself, as (term, start, end) in the word.

        Memoised per word: report text repeats a small vocabulary, and this loop over every
        substring is otherwise the analyzer's main cost after jieba itself.
        """
        inner = self._inner_cache.get(piece)
        if inner is not None:
            return inner
        freq = self.jieba.FREQ
        n = len(piece)
        out = []
        for size in range(n - 1, 1, -1):
            for i in range(0, n - size + 1):
                sub = piece[i : i + size]
                if freq.get(sub, 0) > 0:
                    out.append((MODIFIER + sub if (i == 0 and size == n - 1) else sub, i, i + size))
        if freq.get(piece, 0) <= 0:
            # a word jieba's HMM invented: keep its characters findable too
            out.extend((ch, i, i + 1) for i, ch in enumerate(piece))
        inner = tuple(out)
        if len(self._inner_cache) > 500_000:
            self._inner_cache.clear()
        self._inner_cache[piece] = inner
        return inner

    def _pieces(self, text: str) -> Iterator[tuple[str, int, int]]:
        """jieba's words of `text` as kept pieces (numbers, letter runs, Han words) with offsets."""
        for w, s, e in self.jieba.tokenize(text.translate(_FULLWIDTH)):
            if len(w) == 1 or w.isalnum():
                if w.isalnum():
                    yield w, s, e
            else:
                for m in _PIECE.finditer(w):
                    yield m.group(), s + m.start(), s + m.end()

    def words_of(self, text: str, start_pos: int = 0, start_char: int = 0) -> Iterator[Word]:
        """All tokens of `text` with positions and absolute character offsets."""
        pos = start_pos
        for piece, ps, pe in self._pieces(text):
            yield Word(piece.lower(), ps + start_char, pe + start_char, pos)
            if len(piece) >= 2 and _is_han(piece[0]):
                base = ps + start_char
                for term, s, e in self._inner(piece):
                    yield Word(term, base + s, base + e, pos, True)
            pos += 1

    def terms(self, text: str) -> set[str]:
        """The distinct index terms of `text`: what a passage's postings need, nothing more.

        Memoised per jieba block (a clause between punctuation): reports repeat boilerplate
        clauses, and jieba's segmentation is the analyzer's main cost.  Exact, not approximate:
        the terms of a block are the same wherever it occurs."""
        out: set[str] = set()
        cache = self._block_cache
        for i, part in enumerate(_BLOCK.split(text.translate(_FULLWIDTH))):
            if not part:
                continue
            if i % 2:
                block_terms = cache.get(part)
                if block_terms is None:
                    block_terms = frozenset(self._block_terms(part))
                    _remember(cache, part, block_terms)
                out |= block_terms
            else:  # between blocks jieba yields single characters; keep the letters and digits
                out.update(ch.lower() for ch in part if ch.isalnum())
        return out

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """(term, start, end) of every token of `text`, as `words_of` gives them, for highlighting.

        Memoised per jieba block like `terms`: the passages shown for a question repeat the
        same boilerplate clauses, and segmenting them again was most of a result page's cost."""
        out: list[tuple[str, int, int]] = []
        cache = self._span_cache
        at = 0
        for i, part in enumerate(_BLOCK.split(text.translate(_FULLWIDTH))):
            if i % 2 and part:
                block_spans = cache.get(part)
                if block_spans is None:
                    block_spans = tuple(self._block_spans(part))
                    _remember(cache, part, block_spans)
                out.extend((t, at + s, at + e) for t, s, e in block_spans)
            elif part:
                out.extend((ch.lower(), at + j, at + j + 1) for j, ch in enumerate(part) if ch.isalnum())
            at += len(part)
        return out

    def _block_spans(self, block: str) -> Iterator[tuple[str, int, int]]:
        for piece, ps, pe in self._pieces(block):
            yield piece.lower(), ps, pe
            if len(piece) >= 2 and _is_han(piece[0]):
                for term, s, e in self._inner(piece):
                    yield term, ps + s, ps + e

    def _block_terms(self, block: str) -> set[str]:
        out: set[str] = set()
        for piece, _, _ in self._pieces(block):
            out.add(piece.lower())
            if len(piece) >= 2 and _is_han(piece[0]):
                out.update(t for t, _, _ in self._inner(piece))
        return out

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        for w in self.words_of(value, start_pos, start_char):
            t.text = w.text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = w.text
            if positions:
                t.pos = w.pos
            if chars:
                t.startchar = w.start
                t.endchar = w.end
            yield t


def _remember(cache: dict, key: str, value) -> None:
    if len(cache) >= BLOCK_CACHE_SIZE:  # forget the older half
        for old in list(islice(cache, BLOCK_CACHE_SIZE // 2)):
            del cache[old]
    cache[key] = value


def make_analyzer(words: Iterable[str] = ()) -> JiebaTokenizer:
    """The analyzer for passage text.  Lowercasing happens inside; there is no stemmer."""
    return JiebaTokenizer(words)
