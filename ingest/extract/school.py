"""Which school wrote the report: its name as written, whether it is anonymised, its level.

A name is a run of Han characters ending in a school word (小学, 初级中学, 九年一贯制学校 …),
trimmed of the function words that precede it in running text.  Names that are only
generic words (农村小学, 完全小学, 标准化学校) are not names.  Placeholders (`__小学`,
`x小学`, `***学校`, `某小学`) mark an anonymised report: no name is given for it.
The title lines and sign-off speak for the school most reliably; then self-introductions
(`XX小学始建于…`, `我校（XX小学）`); then frequency.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.records import School

SCHOOL_WORD = r"(?:九年一贯制学校|九年制学校|十二年一贯制学校|完全中学|初级中学|高级中学|中心小学|完全小学|中心学校|实验学校|实验小学|实验中学|寄宿制学校|小学|中学|学校|完小|初中)"
NAME = re.compile(rf"[\u4e00-\u9fa5]{{1,14}}?{SCHOOL_WORD}")
PLACEHOLDER = re.compile(rf"(?:_{{1,}}|[xX×＊*]{{1,}}|某|○+|〇+)[\u4e00-\u9fa5]{{0,6}}?{SCHOOL_WORD}")
# Words that end a run of text before a name: `是一所…`, `我校…`, `在…`
LEAD_CUT = re.compile(
    r".*(?:[的是在了对把被给让使我该这那于即兼暨、年月日份由]|其中|为(?!民)|原名|更名为|更名|称为|位于|一所|两所|学校|由原|并入|合并|"
    r"根据|按照|依据|通过|经过|对照|参加|组织|来到|走进|作为|成为|创建|建设|打造|关于|加强|推进|以及)"
)
GENERIC_PARTS = set(
    "全日制 完全 农村 城区 城市 乡村 乡镇 寄宿制 标准化 九年一贯制 公办 民办 示范 特色 薄弱 中心 优质 现代化 规范化 "
    "省级 市级 县级 县直 城乡 山区 偏远 小规模 新 老 其他 相关 周边 兄弟 附近 联办 合格 达标 先进 文明 平安 "
    "绿色 数字 书香 和谐 品牌 名 好 初级 高级 普通 义务教育 六年制 五年制 全县 全镇 全乡 我镇 本镇 所有 有关 "
    "实验 寄宿 走读 村级 村 镇 乡 县 市 中小 中 小 大 整体 一般".split()
)
LEVEL_OF_WORD = [
    ("九年一贯制", "九年一贯制"), ("九年制", "九年一贯制"), ("十二年一贯制", "完全中学"), ("完全中学", "完全中学"),
    ("初级中学", "初中"), ("初中", "初中"), ("小学", "小学"), ("完小", "小学"), ("中学", "初中"),
]


def _clean(candidate: str) -> str | None:
    word = re.search(SCHOOL_WORD + "$", candidate)
    if not word:
        return None
    stem = candidate[: word.start()]
    m = LEAD_CUT.match(stem)
    if m:
        stem = stem[m.end():]
    name = stem + word.group(0)
    if len(stem) < 2:
        return None
    if _is_generic(stem):
        return None
    return name


def _is_generic(stem: str) -> bool:
    rest = stem
    changed = True
    while rest and changed:
        changed = False
        for part in sorted(GENERIC_PARTS, key=len, reverse=True):
            if rest.startswith(part):
                rest = rest[len(part):]
                changed = True
                break
    return not rest


def candidates(text: str) -> list[tuple[str, int]]:
    out = []
    for m in NAME.finditer(text):
        raw = m.group(0)
        # 甲小学和乙中学: a conjunction right after another school's name is not part of a name
        if raw[0] in "和与及" and re.search(SCHOOL_WORD + "$", text[max(0, m.start() - 8): m.start()]):
            raw = raw[1:]
        name = _clean(raw)
        if name:
            out.append((name, m.start() + m.group(0).rindex(name)))
    return out


def find_school(text: str, title_text: str = "", signoff_text: str = "") -> School:
    """`text` is the report; `title_text` and `signoff_text` are its title and sign-off parts."""
    anonymised = bool(PLACEHOLDER.search(title_text + signoff_text + text[:1500]))
    votes: Counter[str] = Counter()
    for src, weight in ((title_text, 6), (signoff_text, 6), (text[:600], 2), (text, 1)):
        for name, _ in candidates(src):
            votes[name] += weight
    intro = re.search(rf"([\u4e00-\u9fa5]{{2,14}}?{SCHOOL_WORD})(?:始建于|创建于|创办于|建于|位于|坐落|地处|是一所|现有|成立于)", text)
    if intro and (n := _clean(intro.group(1))):
        votes[n] += 5
    name = None
    if votes:
        # a longer name that ends with a shorter one speaks for the same school
        merged: Counter[str] = Counter()
        for n, v in votes.items():
            merged[n] += v
            for other in votes:
                if other != n and other.endswith(n) and len(n) >= 4:
                    merged[other] += v
        best, score = merged.most_common(1)[0]
        if score >= 3 or len(votes) == 1:
            name = best
    if anonymised and name and not (title_text and name in title_text):
        name = None
    return School(name=name, anonymised=anonymised and name is None, level=find_level(text, name))


def find_level(text: str, name: str | None) -> str | None:
    if name:
        for word, level in LEVEL_OF_WORD:
            if name.endswith(word) or (word in ("九年一贯制", "九年制") and word in name):
                if level == "初中" and word == "中学" and re.search(r"高中部|高一|高二|高三|完全中学", text):
                    return "完全中学"
                return level
    head = text[:3000]
    if re.search(r"九年一贯制|九年制学校", head):
        return "九年一贯制"
    primary = len(re.findall(r"小学|[一二三四五六]年级", head))
    junior = len(re.findall(r"初中|初级中学|[七八九]年级|初[一二三]", head))
    if primary or junior:
        if primary and junior and min(primary, junior) >= 3:
            return "九年一贯制"
        return "小学" if primary >= junior else "初中"
    return None
