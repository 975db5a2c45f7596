"""Turn an auditor's question into concept groups and problem categories.

The question is segmented with the index's own analyzer.  Each content word becomes a
*concept group*: alternatives that each count as "this word is present" — the word itself,
its synonyms (ontology labels + query-side variants), and the combination of its parts
("音乐教师" -> 音乐 + 教师, 音乐 + 老师).  An alternative is a tuple of index terms that must
all occur in the passage.  A word with synonyms of its own (太小, 不够) stays one group even
when the index lacks it, so a question's evaluative half never outweighs its subject.  Groups
of qualifiers (不足, 太小, 陈旧: search/vocabulary.py) are marked as such.  A question that
reads like a problem category — its labels (班额过大), each word of a label in its own words
(班里…人数…超标 says 班级人数太多), or the cues the extractor files problem statements by
(search/categories.py) — also names that category, which ranking turns into a boost.

A broader kind of room, building, subject or equipment (专用教室, 楼房, 艺术, 家具:
ontology/rooms.ttl, subjects.ttl, equipment.ttl) stays one group and carries its narrower kinds
(实验室, 综合楼, 音乐, 课桌椅), which ranking counts as related phrases.  A collective
(jh:collective: 课桌椅, 音体美, 理化生) names each of its members, so it is a full alternative
of a member (椅子 -> 课桌椅), and all its members at once say it (理化生 -> 物理 + 化学 + 生物).

Grammar (一, 直, 我, and words the reports never use: 要么, 干脆) is no subject, and words of
one synonym group said twice (冻得直哆嗦) make one group.  The one school level a question
names (初中, 村小) is kept for ranking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kg.levels import judged_as
from search.analysis import JiebaTokenizer, fold
from search.categories import QuestionCategoriser, QuestionWord
from search.figures import MEASURES, Figure, approximate_figures
from search.vocabulary import Vocabulary

# Question words and particles: they say nothing about the passage.
QUERY_STOPWORDS = frozenset(
    "的 地 得 了 着 和 与 及 或 等 是 在 吗 呢 吧 啊 哪些 哪个 哪里 什么 怎么 如何 是否 有无 有没有 请 查 查找 找 列出 "
    "显示 所有 一些 情况 方面 学校 存在 问题 用 有 上 做 让 被 把 给 对 又 都 很 也 "
    # how a question is framed, not what it asks: 报告中提到危房的学校 asks for 危房
    "报告 自查报告 中 里 其中 提到 提及 谈到 说 说到 写 写到 反映 指出 表示 称 涉及 关于 相关 出现 "
    "哪 哪几 几所 多少所 所 这 那 些 个 过 么 呀 一下 看看 了解 统计 筛选 搜索 搜 一个 "
    # adverbs and modal verbs of a complaint: 吃饭要排队, 一下雨就停课, 老是坏
    "要 就 还 还是 才 再 总 总是 老是 经常 常常 一直 已经 根本 简直 实在 真 太过 "
    # "the amount of": 课时量 asks for 课时, 工作量 for the work
    "量 "
    # how many, not what: 部分学科, 有些老师
    "部分 一部分 有些 有的 某些 个别 "
    # who speaks and who "someone" is: 我真怕孩子被人推倒
    "我 我们 你 你们 他 他们 她 她们 大家 咱们 人家 "
    # when: 放学时, 下雨的时候
    "时 时候".split()
)
# a one-character question word without synonyms is widened to the index words holding it
# (煤 -> 燃煤, 吵 -> 吵闹), unless jieba tags it as grammar: an adverb, preposition, pronoun,
# numeral, particle, conjunction, measure, direction word or suffix (直, 被, 我, 一, 着, 和, 个,
# 里, 们).  A longer word the reports never use is dropped when so tagged (要么, 干脆, 上面).
GRAMMAR_TAGS = ("d", "p", "r", "m", "u", "c", "q", "f", "y", "e", "o", "k")
MEASURE_CHARS = frozenset(c for c in MEASURES if len(c) == 1)
MAX_GROUPS = 10
BOTH_LEVELS = ("中小学",)  # names primary and junior schools together, not 小学
# words that measure their noun phrase rather than head it (计算机教室数量: about rooms)
MEASURE_WORDS = frozenset("数量 数 人数 个数 台数 总数 面积 总面积 比例 规模 比 率 情况 标准 水平 程度 质量".split())
FIGURE_TOPIC = 0.3  # weight of a cue-read category in a question that names a figure
LABEL_SAID = 0.5  # a question saying every word of a category label, in this share of its weight, asks for it
RELATED_STRENGTH = 0.6  # a phrase of the same problem category counts for this much of the word


@dataclass
class ConceptGroup:
    word: str
    alternatives: list[tuple[str, ...]]  # the word, its synonyms, its parts: full strength
    related: list[tuple[str, ...]] = field(default_factory=list)  # same-category phrases: weaker
    narrower: list[tuple[str, ...]] = field(default_factory=list)  # its narrower kinds (ranking adds the telling ones to related)
    weight: float = 1.0
    qualifier: bool = False  # says "lacking / too small / old", not what
    single_char: bool = False  # one Han character with no synonyms: ranking widens it (煤 -> 燃煤)
    loose_chars: str = ""  # an unknown word whose characters ranking widens the same way, weaker
    loose: list[tuple[str, ...]] = field(default_factory=list)  # those widened words (ranking fills it)
    compound: str = ""  # the dictionary word this group was cut from (计算机 of 计算机教室)
    figure: tuple[float, float] | None = None  # an approximate figure: values it admits (ranking fills them)

    @property
    def terms(self) -> set[str]:
        return {t for alt in (*self.alternatives, *self.related, *self.narrower, *self.loose) for t in alt}


@dataclass
class ParsedQuery:
    text: str
    groups: list[ConceptGroup]
    categories: dict[str, float] = field(default_factory=dict)  # category id -> strength 0..1
    # noun phrases of the question as (head group, modifier groups): 物理化学老师 -> 老师 with
    # 物理, 化学.  A passage holding a modifier without the head is about something else.
    phrases: list[tuple[ConceptGroup, list[ConceptGroup]]] = field(default_factory=list)
    # the one school level the question names (初中物理老师缺人 -> junior), if it names one
    level: str | None = None

    @property
    def looks_up_figure(self) -> bool:
        """A question naming an exact figure in digits ("班额45人") looks that figure up."""
        return any(g.word[:1].isdigit() and g.figure is None for g in self.groups)


class QueryParser:
    """Builds ParsedQuery objects for one analyzer + vocabulary (cache it)."""

    def __init__(self, analyzer: JiebaTokenizer, vocabulary: Vocabulary):
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.synonyms: dict[str, set[str]] = {}
        for group in vocabulary.synonym_groups:
            keys = [self._norm(w) for w in group]
            for k in keys:
                self.synonyms.setdefault(k, set()).update(x for x in keys if x != k)
        # labels of one problem category are related phrases of each other
        self.related: dict[str, set[str]] = {}
        for labels in vocabulary.categories.values():
            keys = [self._norm(w) for w in labels]
            for k in keys:
                self.related.setdefault(k, set()).update(x for x in keys if x != k)
        # every label of a category, as the set of index terms it contains (+ their synonyms)
        self.category_terms: dict[str, list[set[str]]] = {}
        for cid, labels in vocabulary.categories.items():
            sets = []
            for label in labels:
                terms = {w.text for w in analyzer.words_of(label)}
                for t in list(terms):
                    terms |= self.synonyms.get(t, set())
                terms.add(self._norm(label))
                sets.append(terms)
            self.category_terms[cid] = sets
        self.qualifiers = {self._norm(w) for w in vocabulary.qualifiers}
        # every label of two or more words, one naming a subject, as its words (+ their
        # synonyms): a question saying each of them says the label (班里…人数…超标 -> 班级人数太多)
        self.category_words: dict[str, list[list[set[str]]]] = {}
        for cid, labels in vocabulary.categories.items():
            for label in labels:
                words = self._label_words(label)
                if len(words) > 1 and any(w not in self.qualifiers for w in words):
                    sets = [{w, *self.synonyms.get(w, ())} for w in words]
                    self.category_words.setdefault(cid, []).append(sets)
        # a room or subject -> its narrower kinds, as index terms: 专用教室 is answered by a
        # statement about the laboratory, 艺术 by one about music (weaker, as related phrases)
        self.narrower: dict[str, list[tuple[str, ...]]] = {
            self._norm(label): list(dict.fromkeys(self._as_terms(n) for n in narrower))
            for label, narrower in vocabulary.kinds.items()
        }
        # a kind -> the collectives naming it, as index terms: 课桌椅破旧 says the chairs are old
        self.collectives: dict[str, list[tuple[str, ...]]] = {
            self._norm(label): list(dict.fromkeys(self._as_terms(c) for c in names))
            for label, names in vocabulary.collectives.items()
        }
        # a collective -> all its members at once, as index terms (理化生 -> 物理 化学 生物)
        self.members: dict[str, tuple[str, ...]] = {
            self._norm(label): tuple(t for m in members for t in self._as_terms(m))
            for label, members in vocabulary.members.items()
        }
        self._pos = None  # jieba's part-of-speech tagger over the same dictionary (lazy)
        self.categoriser = QuestionCategoriser(
            tuple(g for g in vocabulary.synonym_groups if set(g) <= vocabulary.qualifiers)
        )
        # a category's cue words as index terms: a problem passage naming them speaks of it
        self.cue_terms = {
            cid: list(dict.fromkeys(self._as_terms(w) for w in words)) for cid, words in self.categoriser.cue_words.items()
        }

    def _norm(self, text: str) -> str:
        return "".join(w.text for w in self.analyzer.words_of(text) if not w.sub) or text.lower()

    def _main_words(self, text: str) -> list[str]:
        return [w.text for w in self.analyzer.words_of(text) if not w.sub]

    def _label_words(self, label: str) -> list[str]:
        """A label cut into its words, single characters run together (班额过大 -> 班额 过大)."""
        words: list[str] = []
        for part in self.analyzer.split_word(label):
            if len(part) == 1 and words and len(words[-1]) == 1:
                words[-1] += part
            else:
                words.append(part)
        return [self._norm(w) for w in words]

    def _as_terms(self, phrase: str) -> tuple[str, ...]:
        """A synonym as index terms: one term if the analyzer keeps it whole."""
        words = self._main_words(phrase)
        return tuple(words) if words else (phrase.lower(),)

    def _alternatives(self, word: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
        """(full-strength, related) alternatives for `word` as a whole."""
        strong = [(word,), self._as_terms(word), *(self._as_terms(s) for s in sorted(self.synonyms.get(word, ())))]
        if word in self.narrower:  # 专用的音乐教室 says 专用教室 too
            splits = (self.analyzer.split_word(w) for w in (word, *self.synonyms.get(word, ())))
            strong += [tuple(parts) for parts in splits if len(parts) > 1 and all(len(p) > 1 for p in parts)]
        for same in (word, *sorted(self.synonyms.get(word, ()))):
            strong += self.collectives.get(same, [])
            strong += [self.members[same]] if same in self.members else []
        strong = list(dict.fromkeys(strong))
        related = [self._as_terms(p) for p in sorted(self.related.get(word, ()))]
        return strong, [r for r in dict.fromkeys(related) if r not in strong]

    def _parts(self, word: str, doc_frequency: Callable[[str], int]) -> list[str]:
        """Where a phrase-like word splits into groups of its own ("缺少音乐教师" -> 缺少 音乐 教师)."""
        if len(word) < 4 and (doc_frequency(word) > 0 or word in self.synonyms) or word in self.narrower:
            return [word]  # (a kind of room or subject is one thing: 专用教室 is no 教室)
        parts = self.analyzer.split_word(word)
        if all(len(p) == 1 for p in parts) and doc_frequency(word) == 0:
            # jieba's HMM glued an unknown word to its neighbour (没绘本, 太冷): the reports'
            # own words, as the lexicon knows them, are the dictionary for a second try
            known = self._split_known(word, doc_frequency)
            if known:
                return [q for p in known for q in self._parts(p, doc_frequency)]
        if all(len(p) == 1 for p in parts):
            return [word]  # an unknown word of loose characters stays one group (see parse)
        if word in self.synonyms and any(len(p) == 1 for p in parts):
            return [word]  # 忙不过来 is one complaint with synonyms, not 忙 + 不过 + 来
        if len(parts) > 1 and (all(len(p) >= 2 for p in parts) or doc_frequency(word) == 0):
            return [q for p in parts for q in self._parts(p, doc_frequency)]
        return [word]

    def _join_unknown(self, words: list[str], doc_frequency: Callable[[str], int]) -> list[str]:
        """Neighbouring words that neither the dictionary nor the reports know (jieba's HMM
        cut 没绘本读 as 没 绘 本读) joined again, for `_parts` to cut with the reports' words."""

        def unknown(w: str) -> bool:
            return (
                "\u4e00" <= w[0] <= "\u9fff"
                and w not in self.synonyms
                and w not in self.related
                and not self.analyzer.in_dictionary(w)
                and doc_frequency(w) == 0
            )

        out: list[str] = []
        glued = False  # the last word of `out` is unknown
        for w in words:
            if out and glued and unknown(w):
                out[-1] += w
            else:
                out.append(w)
                glued = unknown(w)
        return out

    def _join_labels(self, words: list[str]) -> list[str]:
        """Neighbours that together form a known label joined ("音乐" + "老师" -> 音乐老师)."""
        out: list[str] = []
        i = 0
        while i < len(words):
            for size in (3, 2):
                joined = "".join(words[i : i + size])
                if i + size <= len(words) and (joined in self.synonyms or joined in self.related or joined in self.narrower):
                    out.append(joined)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return out

    def _split_known(self, word: str, doc_frequency: Callable[[str], int]) -> list[str]:
        """`word` cut into the fewest pieces that cover most of it with words of two or more
        characters the index holds; single characters keep only when they are synonyms (没,
        冷).  Empty when nothing of it is known."""
        n = len(word)
        best: list[tuple[int, int, list[str]] | None] = [(0, 0, [])] + [None] * n  # (covered, -pieces, cut)
        for end in range(1, n + 1):
            for start in range(end):
                prev = best[start]
                if prev is None:
                    continue
                piece = word[start:end]
                if len(piece) == 1:
                    cand = (prev[0], prev[1] - 1, [*prev[2], piece])
                elif piece != word and doc_frequency(piece) > 0:
                    cand = (prev[0] + len(piece), prev[1] - 1, [*prev[2], piece])
                else:
                    continue
                if best[end] is None or cand[:2] > best[end][:2]:  # type: ignore[index]
                    best[end] = cand
        pieces = best[n][2] if best[n] else []  # type: ignore[index]
        return [p for p in pieces if len(p) > 1 or p in self.synonyms or p in self.qualifiers]

    def _figure_group(self, figure: Figure) -> ConceptGroup:
        """五十多 as the number terms of 50..59 (ranking adds those the index holds)."""
        alternatives = [self._as_terms(figure.text)]
        if figure.low == figure.high:  # 二十 is also written 20
            value = figure.low
            alternatives.append((str(int(value)) if value == int(value) else str(value),))
        return ConceptGroup(figure.text, list(dict.fromkeys(alternatives)), figure=(figure.low, figure.high))

    def parse(self, text: str, doc_frequency: Callable[[str], int] = lambda t: 1) -> ParsedQuery:
        figures = approximate_figures(fold(text))

        def in_figure(w) -> bool:
            return any(w.start < f.end and f.start < w.end for f in figures)

        main = [w for w in self.analyzer.words_of(text) if not w.sub]
        tokens = self._pos_tokens(text)
        tags = dict(tokens)  # word -> part-of-speech flag
        # labels first (人挤人 before its 人 goes as a stop word), then once more after
        # unknown words were joined again
        labelled = self._join_labels([w.text for w in main if not in_figure(w)])
        words = [w for w in labelled if w not in QUERY_STOPWORDS]
        if not words and not figures:  # a question made only of stop words: search them anyway
            words = [w.text for w in main]
        merged = self._join_labels(self._join_unknown(words, doc_frequency))
        groups: dict[str, ConceptGroup] = {}
        for word in dict.fromkeys(merged):
            parts = self._parts(word, doc_frequency)
            whole_strong, whole_related = self._alternatives(word)
            # a word of the dictionary cut into parts is one thing named by all of them
            # (计算机教室 is no 教室): category labels must hold all its parts (categories_for)
            compound = word if len(parts) > 1 and (doc_frequency(word) > 0 or self.analyzer.in_dictionary(word)) else ""
            for part in parts:
                if part in QUERY_STOPWORDS and len(parts) > 1:
                    continue
                g = groups.get(part)
                if g is None:
                    strong, related = self._alternatives(part) if parts != [word] else (whole_strong, whole_related)
                    g = groups[part] = ConceptGroup(part, strong, related, qualifier=part in self.qualifiers)
                    g.narrower = [a for a in self.narrower.get(part, []) if a not in strong]
                    g.compound = compound if not g.qualifier else ""
                    # only a character asked as a word of its own: the characters of an
                    # unknown word (年纪 -> 年 纪) would widen to unrelated words (世纪)
                    g.single_char = len(parts) == 1 and len(part) == 1 and not g.qualifier and part not in self.synonyms
                    if g.single_char and part in MEASURE_CHARS:
                        g.single_char = False  # 45人, 被人推倒: a unit or "someone", not a subject
                    elif g.single_char and tags.get(part, "n").startswith(GRAMMAR_TAGS):
                        del groups[part]
                        continue
                    if len(part) > 1 and not g.qualifier and doc_frequency(part) == 0 and part not in self.synonyms:
                        if tags.get(part, "n").startswith(GRAMMAR_TAGS):
                            del groups[part]  # 要么, 干脆, 上面: grammar the reports never use
                            continue
                        # a word the reports never use (烧煤, 去处): its characters, together,
                        # or one by one inside the reports' words (ranking widens them)
                        g.alternatives.append(tuple(part))
                        g.loose_chars = part
                if parts != [word]:
                    # the whole phrase (or a synonym of it) answers each of its parts
                    g.alternatives.extend(a for a in whole_strong if a not in g.alternatives)
                    if not g.qualifier:  # 老 of 电脑老旧 is no 计算机数量少, a label beside it
                        g.related.extend(a for a in whole_related if a not in g.related and a not in g.alternatives)
        figure_groups = [self._figure_group(f) for f in figures][:MAX_GROUPS]
        kept = self._one_per_concept(list(groups.values()))[: MAX_GROUPS - len(figure_groups)] + figure_groups
        return ParsedQuery(text, kept, phrases=self._phrases(tokens, kept), level=self._level(text))

    def _level(self, text: str) -> str | None:
        """The school level a question names, when it names exactly one (小学部, 村小 -> primary).
        A nine-year school is both levels, and 中小学 names both."""
        for both in BOTH_LEVELS:
            text = text.replace(both, "")
        asked = {judged for label, lid in self.vocabulary.levels.items() if label in text for judged in judged_as(lid)}
        return asked.pop() if len(asked) == 1 else None

    @staticmethod
    def _one_per_concept(groups: list[ConceptGroup]) -> list[ConceptGroup]:
        """Words of one synonym group said twice count once: 冻得直哆嗦 says "cold" once, and
        the question's other words must not weigh half as much for it."""
        kept: list[ConceptGroup] = []
        for g in groups:
            same = next(
                (
                    k
                    for k in kept
                    if k.qualifier == g.qualifier
                    and ((g.word,) in k.alternatives or (k.word,) in g.alternatives)
                    and not (g.compound and g.compound == k.compound)  # 学生 + 宿舍 of 学生宿舍: two things
                ),
                None,
            )
            if same is None:
                kept.append(g)
            else:
                same.alternatives.extend(a for a in g.alternatives if a not in same.alternatives)
                same.related.extend(a for a in g.related if a not in same.related and a not in same.alternatives)
                same.narrower.extend(a for a in g.narrower if a not in same.narrower)
        return kept

    def _pos_tokens(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech flag) pairs of jieba's tagger over the index's dictionary."""
        if self._pos is None:
            import jieba.posseg

            self._pos = jieba.posseg.POSTokenizer(self.analyzer.jieba)
        return [(t.word.lower(), t.flag) for t in self._pos.cut(text)]

    def _phrases(self, tokens: list[tuple[str, str]], groups: list[ConceptGroup]) -> list[tuple[ConceptGroup, list[ConceptGroup]]]:
        """Noun phrases of the question (jieba's part-of-speech tags): runs of nouns, 的 between
        them allowed; the last noun that is not a measure (数量, 面积) is the head.  Chinese noun
        phrases are head-final."""
        by_word = {g.word: g for g in groups if not g.qualifier}
        runs: list[list[list[ConceptGroup]]] = [[]]
        for word, flag in tokens:
            nounish = flag[:1] == "n" or flag == "b" or (flag == "x" and "\u4e00" <= word[:1] <= "\u9fff")
            if flag == "uj" and runs[-1]:
                continue  # 专门的老师: 的 links a modifier to its head
            if not nounish:
                runs.append([])
                continue
            found = [by_word[word]] if word in by_word else sorted(
                (g for g in by_word.values() if g.word in word and g.word != word), key=lambda g: word.find(g.word)
            )
            if found and word not in MEASURE_WORDS:
                runs[-1].append(found)
        out = []
        for run in runs:
            members = [g for token_groups in run for g in token_groups]
            if len(members) < 2:
                continue
            head = members[-1]
            modifiers = list({id(g): g for g in members[:-1] if g is not head}.values())
            if modifiers:
                out.append((head, modifiers))
        return out

    def categories_for(self, parsed: ParsedQuery, threshold: float = 0.75) -> dict[str, float]:
        """Problem categories the question asks about, 0..1.

        Either the category's labels cover (idf-weighted) most of the question, or the
        extractor's cues for it are found in the question (search/categories.py), or, when
        neither names a category, the question says each word of one of its labels in at least
        LABEL_SAID of its weight (班里…人数…超标 -> 班级人数太多)."""
        total = sum(g.weight for g in parsed.groups)
        if not total:
            return {}
        variants = {g.word: tuple("".join(alt) for alt in g.alternatives[1:]) for g in parsed.groups}
        words = []
        for w in self.analyzer.words_of(parsed.text):
            if w.sub or w.text in QUERY_STOPWORDS:
                continue
            words.append(QuestionWord(w.start, w.end, w.text in self.qualifiers, variants.get(w.text, ())))
            for g in parsed.groups:
                # a group cut out of this word (太冷 -> 冷): its synonyms speak for its characters only
                at = w.text.find(g.word) if g.word != w.text else -1
                own = tuple("".join(alt) for alt in self._alternatives(g.word)[0][1:]) if at >= 0 else ()
                if own:
                    s = w.start + at
                    words.append(QuestionWord(s, s + len(g.word), g.qualifier, own, part=True))
        found = self.categoriser.strengths(parsed.text, words)
        if parsed.looks_up_figure:  # the topic only helps
            found = {c: round(v * FIGURE_TOPIC, 3) for c, v in found.items()}
        nothing_else = not found  # (checked before label coverage adds to it)
        for cid, label_sets in self.category_terms.items():
            best = 0.0
            for terms in label_sets:
                held = [g for g in parsed.groups if any(set(alt) <= terms for alt in g.alternatives)]
                held_ids = {id(g) for g in held}
                partial = {g.compound for g in parsed.groups if g.compound and id(g) not in held_ids}
                held = [g for g in held if g.compound not in partial]
                if all(g.qualifier for g in held):
                    continue  # 陈旧 alone is in 图书陈旧 and 校舍陈旧 alike: it names no category
                best = max(best, sum(g.weight for g in held) / total)
            for words in self.category_words.get(cid, ()) if nothing_else else ():
                held = self._says_label(parsed, words)
                if held is not None:
                    share = sum(g.weight for g in held) / total
                    if share >= LABEL_SAID:
                        best = max(best, threshold, share)
            if best >= threshold:
                found[cid] = max(best, found.get(cid, 0.0))
        return found

    @staticmethod
    def _says_label(parsed: ParsedQuery, label_words: list[set[str]]) -> list[ConceptGroup] | None:
        """The groups of the question saying the words of a category label, if it says each."""
        held: dict[int, ConceptGroup] = {}
        for words in label_words:
            saying = [g for g in parsed.groups if any(set(alt) <= words for alt in g.alternatives)]
            if not saying:
                return None
            held.update((id(g), g) for g in saying)
        return list(held.values())
