"""Approximate figures of a question (search/figures.py): the values each admits."""

from __future__ import annotations

import pytest

from search.figures import approximate_figures, number_value


@pytest.mark.parametrize(
    ("question", "text", "low", "high"),
    [
        ("一个班塞了五十多个学生", "五十多", 50, 59.99),
        ("每周二十节左右的课", "二十节左右", 17, 23),
        ("十几个班超过标准", "十几", 10, 19.99),
        ("班里有50多人", "50多", 50, 59.99),
        ("约20%的学生", "约20", 17, 23),
        ("超过五十人的班", "超过五十", 50, 150),
        ("面积不足五十平方米", "不足五十", 16.66, 50),
        ("图书一百多册", "一百多", 100, 199.99),
        ("使用了二十年", "二十", 20, 20),
        # a comparison in digits admits what it compares with (the threshold itself included)
        ("每周不少于18节课", "不少于18", 18, 54),
        ("生均不足5.8平方米", "不足5.8", 1.93, 5.8),
        # a counting word below ten with an approximation is a figure too
        ("电脑用了八年以上", "八年以上", 8, 24),
        ("一周上18节课甚至更多", "18节课甚至更多", 18, 54),
        ("至少18节", "至少18", 18, 54),
    ],
)
def test_an_approximate_figure_admits_a_range(question, text, low, high):
    (figure,) = approximate_figures(question)
    assert figure.text == text
    assert question[figure.start : figure.end] == text
    assert figure.low == pytest.approx(low, abs=0.01) and figure.high == pytest.approx(high, abs=0.01)


@pytest.mark.parametrize("question", ["班额45人", "生均5.8平方米", "一个班", "近五年", "三间教室", "一下雨就停课"])
def test_exact_digits_and_counting_words_are_no_ranges(question):
    # a bare figure in digits is the threshold a statement quotes: looked up literally
    assert approximate_figures(question) == []


def test_number_terms_of_the_index_have_values():
    assert number_value("58") == 58 and number_value("50.7") == 50.7 and number_value("二十") == 20
    assert number_value("学生") is None and number_value("3d") is None and number_value("二十年") is None
