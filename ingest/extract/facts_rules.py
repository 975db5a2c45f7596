"""Structure words of the fact extractor: units, qualifiers, linkers, discourse markers.

These are *not* indicator cues (those live in ontology/indicators.ttl as skos:hiddenLabel);
they are the grammar around a figure: which measure words follow a number, which words
sit between a cue and its number (为/达到/现有), which qualifiers hedge it (约/余/以上),
and which markers say a sentence is about county policy or a quoted norm rather than the
school.
"""

from __future__ import annotations

import re

# surface unit -> canonical unit.  Order matters in the regex (longest first).
UNIT_CANON: dict[str, str] = {
    "平方米": "平方米", "平米": "平方米", "平方": "平方米", "㎡": "平方米", "m²": "平方米",
    "m2": "平方米", "M2": "平方米",
    "亿元": "亿元", "万元": "万元", "千元": "千元", "元": "元",
    "亩": "亩", "公顷": "公顷",
    "公里": "公里", "千米": "公里", "km": "公里",
    "米": "米", "m": "米",
    "人": "人", "名": "人", "位": "人",
    "个": "个", "间": "间", "所": "所", "栋": "栋", "幢": "栋", "座": "座", "层": "层",
    "张": "张", "件": "件", "支": "支", "种": "种", "套": "套", "台": "台", "块": "块",
    "处": "处", "室": "室", "项": "项", "辆": "辆", "架": "架", "把": "把", "盏": "盏",
    "册": "册", "本": "册",
    "%": "%", "％": "%", "‰": "‰",
    "岁": "岁", "周年": "周年", "年": "年",
    "瓦": "瓦", "w": "瓦", "W": "瓦", "千瓦": "千瓦",
}
# units that make a figure an event count, a frequency or a date: never a fact
SKIP_UNITS = ("人次", "年级", "学年", "年度", "课时", "学时", "小时", "分钟", "等奖", "名次", "个月",
              "次", "节", "天", "周", "级", "届", "期", "批", "轮", "月", "日", "号", "篇", "条",
              "门", "倍", "分", "秒", "点", "遍", "场", "户", "项次")
MEASURE_UNITS = {"人", "个", "间", "所", "栋", "座", "层", "张", "件", "支", "种", "套", "台", "块",
                 "处", "室", "项", "辆", "架", "把", "盏", "册"}
# canonical units accepted for a concept's jh:unit
UNIT_FAMILY: dict[str, set[str]] = {
    "人": {"人"},
    "个": {"个"},
    "间": {"间", "个", "室"},
    "平方米": {"平方米"},
    "册": {"册"},
    "台": {"台", "套"},
    "米": {"米"},
    "元": {"元", "万元", "千元", "亿元"},
    "%": {"%"},
    "年": {"年"},
}

PRE_QUALIFIERS = ("大约", "接近", "将近", "未超过", "不超过", "不少于", "不低于", "低于", "不足",
                  "超过", "高于", "逾", "约", "近")
POST_QUALIFIERS = ("以上", "以下", "以内", "左右", "上下", "余", "多", "多余")
UPPER_BOUND = ("未超过", "不超过", "以下", "以内", "低于", "不足")

# words between a cue and its number ("学生现有127名", "面积达到835平方米", "比例为1:11")
LINKERS = ("已达到", "达到了", "已经达到", "现已达", "已达", "达到", "达", "为", "是", "有", "共有",
           "共计", "共", "计", "合计", "总计", "现有", "拥有", "约为", "均为", "均达", "均", "都",
           "已", "现为", "现", "目前", "甚至", "控制在", "保持在", "增至", "增加到", "提高到", "总数",
           "仅有", "仅", "只有", "在", "：", ":", " ", "\t", "\u3000", "设", "设有", "设置", "设臵",
           "建有", "配备", "配备了", "配有", "配置", "配臵", "装有", "新建", "新增", "添置", "购置",
           "建成", "开设", "开设了", "设置了", "设臵了", "建有了", "新建了", "拥有了", "存有",
           "各", "累计", "的") + PRE_QUALIFIERS
LINKERS = tuple(sorted(set(LINKERS), key=len, reverse=True))
# subject words that carry no cue ("学校现有…", "其中…")
GENERIC_SUBJECTS = ("现有", "共有", "已有", "设有", "建有", "配有", "配备", "拥有", "学校", "我校", "本校", "全校", "该校", "目前", "现在", "其中", "另外", "同时",
                    "此外", "另", "还", "并", "已", "现", "共", "本期", "本学期", "本学年", "今年",
                    "我们", "本学区", "设置", "设臵", "新建", "建成", "开设", "配置", "配臵", "安装", "和", "及",
                    "与", "以及")
# a short person cue (教师, 学生) only counts when nothing qualifies it from the left
# ("一级教师", "男教师" are sub-counts): the character before it must be one of these.
PERSON_NOUN_END = set("师生工员童")  # cues naming people (教师, 学生, 教职工 …) end so
PERSON_CUE_PREV = set("初底末有中共校期为是现计全在及和与、，,。；;：: \t（(含另")

# prose boundaries
CLAUSE_BREAK = "，,；;。！？!?\n（）()【】"
SENTENCE_BREAK = "。！？!?\n"
RIGHT_STOP = "，,；;。！？!?\n：:（）()【】、和及与并且或"

# a sentence about county/province policy (县级财政, 国家规定的比例) is not about the school
POLICY_SCOPE = re.compile(r"全县|县级政府|县级财政|县级预算|县级人民政府|中央|国家规定的|[省市]规定的|"
                          r"教育费附加|财政支出|地方教育附加|土地出让|彩票公益金|县政府|区政府规定")
# a norm: a standard's figure the school is measured against
NORM_AFTER = re.compile(r"^[^，,；;。！？!?\n]{0,8}?(的)?(省定|国定|国家规定|国家标准|规定|标准|要求|计算(?!机)|为宜|上限|下限)")
NORM_CONTEXT = re.compile(r"(按照|依据|根据|对照|参照|按)[^，,；;。]{0,20}(标准|规定|要求|文件)")
NORM_RATIO = re.compile(r"(按|按照|依照)[^，,；;。]{0,20}(编制比例|编制标准|比例)$")
# "图书生均应24册": the figure a norm asks for
NORM_RIGHT_BEFORE = re.compile(r"(应|应当|应该|须|必须|不应|不得)(达到|达|为|是|不低于|不少于|不超过|超过|低于)?$")
NORM_COMPARATOR = re.compile(r"(不超过|不低于|不少于|不得|应|须|必须|至少|最多|以内)[^，,；;。]{0,4}$")
# numbers that are list numbering, not figures: "1、" "(2)" "3." at an item start
ITEM_NUMBER_NEXT = "、.．)）"
QUOTE_PAIRS = {"“": "”", "”": "”", "‘": "’", "‚": "‛", "„": "‟", "「": "」", "『": "』", "《": "》", "〈": "〉"}
# Chinese 一 introducing a description ("是一所…", "的一个…") is an article, not a count
ONE_ARTICLE_PREV = set("是的这那每第同唯任逐单一之如")

# a distance that draws a zone ("周边200米内无…", "门口30米以内") is a rule, not a measurement
DISTANCE_ZONE = re.compile(r"^(半径|以内|之内|内|范围|无|没有|不得)")
# a shortfall ("尚缺8台", "共缺4000册"): kept, but never as the stock itself
SHORTFALL_END = re.compile(r"(缺|缺少|尚缺|还缺|仍缺|差|还差|尚差|不足)$")
# awards and rankings: not facts about the school's provision
AWARD_RIGHT = re.compile(r"^([一二三四五六七八九十0-9]+等奖|奖项|第[一二三四五六七八九十0-9]+名)")
AWARD_LEFT = re.compile(r"(获|获得|荣获|夺得|评为)$")
# a frequency ("每学期开展3个…"); "每生每学年17册" is a per-student rate and stays
FREQUENCY = re.compile(r"(?<![生人])每(个)?(学期|学年|年|周|月|天|日)")
# list markers at the start of a clause: "1、" "（2）" "3." "一、"
ITEM_MARKER = re.compile(r"\s*(?:[\(（]?[0-9一二三四五六七八九十]{1,3}[\)）、.．]|[\(（][0-9一二三四五六七八九十]{1,3}[\)）])\s*")
