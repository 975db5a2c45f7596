"""The jieba analyzer: numbers kept, real positions, exact offsets, domain words whole, no leaks."""

from __future__ import annotations

import pickle

import jieba

from search.analysis import MODIFIER, make_analyzer
from search.highlight import fragment, match_ranges

WORDS = ("功能室", "班班通", "生均", "班额", "大班额", "运动场地")


def tokens(text, words=WORDS):
    a = make_analyzer(words)
    return [(t.text, t.pos, t.startchar, t.endchar) for t in a(text, positions=True, chars=True)]


def test_digits_and_latin_survive_with_exact_offsets():
    text = "本校平均班额45人，Wi-Fi覆盖率100%，建有3D打印教室。"
    toks = tokens(text)
    texts = [t[0] for t in toks]
    assert "45" in texts and "100" in texts and "3d" in texts and "wi" in texts and "fi" in texts
    for word, _pos, start, end in toks:
        assert text[start:end].lower() == word.lstrip(MODIFIER)


def test_positions_count_words_not_characters():
    toks = [t for t in tokens("班额45人") if not t[0].startswith(MODIFIER)]
    assert [(t[0], t[1]) for t in toks] == [("班额", 0), ("45", 1), ("人", 2)]


def test_no_stemming_and_lowercase():
    texts = [t[0] for t in tokens("Teachers use PowerPoint")]
    assert "teachers" in texts and "powerpoint" in texts


def test_domain_words_stay_whole_and_inner_words_share_the_position():
    toks = tokens("生均图书不足，功能室缺少，班班通未全覆盖")
    main = [t[0] for t in toks if t[1] is not None]
    assert "生均" in main and "功能室" in main and "班班通" in main
    inner = {t[0]: t[1] for t in tokens("运动场地狭小")}
    assert inner["运动场地"] == inner["场地"] == 0
    assert inner["狭小"] == 1


def test_modifier_inside_a_word_is_marked():
    texts = {t[0] for t in tokens("图书室面积小", words=("图书室",))}
    assert "图书室" in texts and MODIFIER + "图书" in texts and "图书" not in texts


def test_fullwidth_digits_are_read_as_digits():
    texts = [t[0] for t in tokens("学生１２０名")]
    assert "120" in texts


def test_private_dictionary_does_not_leak_into_global_jieba():
    private = make_analyzer(("某某测试专用词汇",)).jieba
    assert private.FREQ.get("某某测试专用词汇", 0) > 0
    assert jieba.dt.FREQ.get("某某测试专用词汇", 0) == 0


def test_analyzer_pickles_small_and_equal():
    a = make_analyzer(WORDS)
    data = pickle.dumps(a)
    assert len(data) < 2000
    assert pickle.loads(data) == a


def test_highlight_marks_exact_characters_in_mixed_text():
    a = make_analyzer(WORDS)
    text = "班额45人，Wi-Fi覆盖，3D打印<试点>"
    ranges = match_ranges(a, text, {"45", "wi", "fi", "3d"})
    assert [text[s:e] for s, e in ranges] == ["45", "Wi-Fi", "3D"]
    html, start, end = fragment(a, text, {"45", "3d", "打印"})
    assert html == "班额<mark>45</mark>人，Wi-Fi覆盖，<mark>3D打印</mark>&lt;试点&gt;"
    assert (start, end) == (0, len(text))


def test_long_passage_is_cut_around_the_match():
    a = make_analyzer(WORDS)
    text = "学校办学条件逐年改善。" * 20 + "但是大班额问题依然突出。" + "教师队伍稳定。" * 10
    html, start, end = fragment(a, text, {"大班额"})
    assert "<mark>大班额</mark>" in html
    assert html.startswith("…") and end - start <= 120


def test_memoised_term_sets_equal_the_token_stream():
    """`terms()` caches per jieba block; it must give exactly the terms the token stream gives."""
    from pathlib import Path

    from ingest.pipeline import read_document

    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    texts = [read_document(p).text for p in sorted(corpus.glob("*.txt"))[:6]]
    texts += ["ＡＢＣ班班通覆盖率100％，生均图书32.5册；Ⅱ类校舍3栋、WiFi全覆盖。",
              "学校  现有\t学生 560 人\r\n教师45名（其中音乐教师1名）"]
    analyzer = make_analyzer(["班班通", "音乐教师"])
    for text in texts:
        for line in text.splitlines():
            expected = {w.text for w in analyzer.words_of(line)}
            assert analyzer.terms(line) == expected
            assert analyzer.terms(line) == expected  # second time from the cache


def test_a_count_label_keeps_its_shape_but_gives_up_its_count_character_to_quantity():
    # 专任教师数 is an indicator label (a word); in 专任教师数量 the 数 belongs to 数量
    words = WORDS + ("专任教师", "专任教师数", "计算机教室", "计算机教室数")
    analyzer = make_analyzer(words)
    main = lambda text: [w.text for w in analyzer.words_of(text) if not w.sub]  # noqa: E731
    assert main("专任教师数12人") == ["专任教师数", "12", "人"]
    assert main("专任教师数量不足")[:2] == ["专任教师", "数量"]
    assert main("计算机教室数量少")[:2] == ["计算机教室", "数量"]


def test_a_query_word_is_cut_head_final():
    # 老房 and 房子 are both words: 老房子 is old (老) houses (房子), not 老房 + a stray 子
    tokenizer = make_analyzer(("老房", "房子", "音乐教师"))
    assert tokenizer.split_word("老房子") == ["老", "房子"]
    assert tokenizer.split_word("计算机教室") == ["计算机", "教室"]  # the left cut when it ends in a word
