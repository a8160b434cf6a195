"""Department names: splitting lists, distributing prefixes, canonical names.

Pure functions over short strings. The expansions of abbreviated body names live in
``kg/data/department_aliases.tsv`` (columns ``alias``, ``canonical``, ``level``, ``kind``):

* ``level = national``: a central body; ``canonical`` is its full official name
  (发展改革委 -> 国家发展和改革委员会 in a State Council document);
* ``level = local``: a body of any sub-national government written *without* its region
  prefix (人社局 -> 人力资源和社会保障局); the resolver adds the region;
* ``level = province | city | county``: a local form that only exists at that level.

Bodies named by their function (民政部门, 市水行政主管部门, 公安机关) are not expanded: they
stay functional, with the region prefix when the text writes one.

A canonical name is the region prefix plus the body's full name: 市教育局 in a plan of
沈阳市 is 沈阳市教育局; 县发改局 in a plan of XX县 is XX县发展和改革局; 西峰区政府 in a plan
of 庆阳市 is 庆阳市西峰区人民政府.

>>> scope = Scope("city", "沈阳市")
>>> [d.name for d in resolve_list("市人力资源社会保障局、发展改革委、财政局、国资委", scope)]
['沈阳市人力资源和社会保障局', '沈阳市发展和改革委员会', '沈阳市财政局', '沈阳市国有资产监督管理委员会']
>>> resolve("团市委", scope).name, resolve("团市委", scope).kind
('共青团沈阳市委员会', 'people')
>>> resolve("县发改局", Scope("county", "XX县")).name
'XX县发展和改革局'
>>> resolve("发展改革委", Scope("national", None)).name
'国家发展和改革委员会'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.extract.regexes import ALTERNATIVE_TAIL, BODY_END, FUNCTIONAL_END, ORGANISATION_END, ends_like_organisation
from kg.extract.regexes import ENTERPRISE_NAME, ETC_TAIL, GENERIC_BODY, INSTITUTION_NAME, PARTY_BODY, PEOPLES_BODY, word_alternation
from kg.extract.layout import open_brackets, without_white
from kg.reference import Region, gazetteer, longest_name_at, names_by_head, region_by_name, region_label, region_name_at, short_place_names

#: patterns of this module's functions, compiled once
_HUI_HANG_END = re.compile(r"(?:会|行)$")
_LEVEL_COMMITTEE = re.compile(r"[省市县区州旗]委(?!员)")
#: the central bank as documents name it before a branch (中国人民银行, 人民银行, 人行)
_CENTRAL_BANK = r"(?:(?:中国)?人民银行|人行)"
#: what the central bank's branches end with (营管部: 营业管理部 as lists shorten it)
_BANK_UNIT = r"(?:支行|分行|营业管理部|营管部)"
_BRANCH_OR_LEAGUE = re.compile(rf"{_CENTRAL_BANK}.+{_BANK_UNIT}|团[省市县区州旗]委")
_LOCAL_BODY_END = re.compile(r"(?:局|委员会|委|办公室|办|厅)$")

DATA = Path(__file__).resolve().parent.parent / "data"
ALIASES_TSV = DATA / "department_aliases.tsv"
USERDICT = DATA / "department_userdict.txt"

#: ``collective`` names a kind of body in every region (各区人民政府), ``class`` a kind of body
#: across levels (县级以上地方人民政府): rankings of departments can leave both out
KINDS = ("government", "party", "people", "collective", "class", "enterprise", "institution", "other")

# --- the alias table --------------------------------------------------------------


@dataclass(frozen=True)
class AliasRow:
    alias: str
    canonical: str
    level: str
    kind: str


@lru_cache(maxsize=1)
def alias_rows() -> tuple[AliasRow, ...]:
    if not ALIASES_TSV.exists():
        return ()
    with ALIASES_TSV.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        return tuple(
            AliasRow(r["alias"].strip(), r["canonical"].strip(), (r.get("level") or "local").strip(), (r.get("kind") or "government").strip())
            for r in reader
            if r.get("alias") and r.get("canonical")
        )


@lru_cache(maxsize=1)
def alias_table() -> dict[tuple[str, str], AliasRow]:
    """``(alias, level) -> row`` (the first row wins)."""
    out: dict[tuple[str, str], AliasRow] = {}
    for r in alias_rows():
        out.setdefault((r.alias, r.level), r)
    return out


def lookup(body: str, level: str | None) -> AliasRow | None:
    """The table row for ``body`` in a document of ``level``.

    >>> lookup("人社局", "city").canonical
    '人力资源和社会保障局'
    >>> lookup("发展和改革局", "county").canonical, lookup("教育局", "national") is None
    ('发展和改革局', True)
    """
    table = alias_table()
    if level == "national":
        return table.get((body, "national"))
    if level:
        hit = table.get((body, level))
        if hit:
            return hit
    return table.get((body, "local"))


# --- scope ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Where a document speaks from: its level and region (``PolicyInfo.level/region``)."""

    level: str | None
    region: str | None = None
    #: a law or regulation: bodies named by function (民政部门) are not expanded
    functional: bool = False
    #: the one department that issues the document: its internal divisions named alone
    #: (医政处负责) are its own (FORMAT: a division is named with its parent)
    body: str | None = None

    @property
    def chain(self) -> str | None:
        """The region written as a canonical prefix (a county keeps its city: 庆阳市西峰区)."""
        return region_chain(self.region) if self.region else None

    def for_char(self, ch: str) -> str | None:
        """The region meant by a one-character prefix (市教育局, 县发改局, 省教育厅) or None."""
        return _region_for_char(self.level, self.region, ch)


@lru_cache(maxsize=1 << 14)
def _region_for_char(level: str | None, region: str | None, ch: str) -> str | None:
    """:meth:`Scope.for_char` of a scope of ``level`` and ``region`` (kept per region name:
    the gazetteer does not change)."""
    if not region or level in (None, "national"):
        return None
    if ch == "市":
        if level in ("city", "province") and region.endswith("市"):  # a city, or 北京市 / 上海市
            return region_chain(region)
        if level == "county":
            reg = _region_of(region)
            parent = reg.parent if reg else None
            if parent and parent.endswith("市"):
                return parent
            if region.endswith("市"):  # county-level city
                return region_chain(region)
        return None
    if ch in "县区旗":
        if level == "county":
            return region_chain(region)
        return None
    if ch == "州":
        return region_chain(region) if level == "city" and region.endswith("州") else None
    if ch == "省":
        if level == "province":
            return region
        return _province_of(region)
    return None


@lru_cache(maxsize=1 << 12)
def _region_of(name: str) -> Region | None:
    """:func:`kg.reference.region_by_name`, kept per name (a region is frozen)."""
    return region_by_name(name)


def _province_of(region: str) -> str | None:
    reg = _region_of(region)
    seen = 0
    while reg is not None and reg.level != "province" and reg.parent and seen < 3:
        reg = _region_of(reg.parent)
        seen += 1
    return reg.name if reg is not None and reg.level == "province" else None


@lru_cache(maxsize=1 << 12)
def region_chain(name: str) -> str:
    """``name`` as the graph names the region (:func:`kg.reference.region_label`): a
    district with its city, a county by itself.

    >>> region_chain("西峰区"), region_chain("沈阳市"), region_chain("XX县"), region_chain("霞浦县")
    ('庆阳市西峰区', '沈阳市', 'XX县', '霞浦县')
    """
    regions = gazetteer().get(name)
    if not regions:
        return name  # (a name the gazetteer does not hold: no region found for it is named so)
    reg = region_by_name(name)
    return region_label(reg) if reg is not None and reg.name == name else name


#: a placeholder region (XX县, 某市)
_PLACEHOLDER_REGION = re.compile(r"[XxＸ×某]{1,3}(?:自治县|县|区|市|旗|州)")


@lru_cache(maxsize=8192)
def _region_prefix(s: str) -> str:
    """The region names ``s`` starts with, one after another ("" when none): at each place
    the longest name of the gazetteer, else a placeholder region (what a match of
    ``(?:(?:names longest first)|[XxＸ×某]{1,3}(?:自治县|县|区|市|旗|州))+`` holds, the names
    looked up by :func:`kg.reference.region_name_at` instead of tried in turn; the same names
    recur: remembered per name).

    >>> _region_prefix("庆阳市西峰区人民政府"), _region_prefix("XX县财政局"), _region_prefix("市教育局")
    ('庆阳市西峰区', 'XX县', '')
    """
    at, n = 0, len(s)
    while at < n:
        name = region_name_at(s, at)
        if name is not None:
            at += len(name)
            continue
        m = _PLACEHOLDER_REGION.match(s, at)
        if m is None:
            break
        at = m.end()
    return s[:at]


#: words by which a text speaks of its own province or city (全省, 我市, 市政府)
_OWN_PROVINCE = re.compile(r"我省|全省|本省|省委|省政府|省人民政府")
_OWN_CITY = re.compile(r"我市|全市|本市|市委|市政府|市人民政府")


@lru_cache(maxsize=1)
def _named_region_re() -> re.Pattern[str]:
    return re.compile(word_alternation(n for n, regs in gazetteer().items() if any(r.level in ("province", "city") for r in regs)))


def speaking_scope(text: str) -> Scope:
    """Where a text copied without its header speaks from: the level whose own words
    (我省/全省, 我市/全市) it uses more, and the region of that level it names most.

    >>> speaking_scope("济南市要加快发展。我市将支持。全市推进。山东省").region
    '济南市'
    >>> speaking_scope("各省、自治区人民政府要加强领导。").region is None
    True
    """
    province, city = len(_OWN_PROVINCE.findall(text)), len(_OWN_CITY.findall(text))
    if not province and not city:
        return Scope(None, None)
    level = "city" if city > province else "province"
    counts: dict[str, int] = {}
    within: dict[str, int] = {}  # the provinces of the cities named, for a text that speaks from a province
    for m in _named_region_re().finditer(text):
        reg = region_by_name(m.group(0))
        if reg is not None and reg.level == level:
            counts[reg.name] = counts.get(reg.name, 0) + 1
        elif reg is not None and level == "province" and reg.level == "city" and reg.parent:
            within[reg.parent] = within.get(reg.parent, 0) + 1
    if not counts and len(within) == 1 and sum(within.values()) > 1:
        counts = within  # 全省… 济南市, 青岛市: 山东省
    if not counts:  # a region of that level named only by its short name, and more than once (济南高新区, 济南实验室)
        for m in _short_region_re().finditer(text):
            reg = short_place_names()[m.group(0)]
            if reg.level == level:
                counts[reg.name] = counts.get(reg.name, 0) + 1
        counts = {k: n for k, n in counts.items() if n > 1}
    if not counts:
        return Scope(None, None)
    return Scope(level, max(counts, key=lambda k: counts[k]))


@lru_cache(maxsize=1)
def _short_region_re() -> re.Pattern[str]:
    return re.compile(word_alternation(short_place_names()))


# --- splitting ----------------------------------------------------------------------

_SEPARATORS = "、，,；;/／"
_OPEN, _CLOSE = "（([【〔", "）)]】〕"
#: a character a list may be split at (a text without one is one item)
_SPLIT_AT = re.compile(f"[{re.escape(_SEPARATORS)}]|\\s")
_UNIT = "省区县市州盟旗乡镇"
#: the units of more than one character a collective name may list (省、设区的市、县人民政府;
#: 省辖市, the cities a province governs as 河南 and 江苏 write them; levels: 省级、地市级医疗保障部门)
_UNIT_WORDS = ("自治区", "直辖市", "设区的市级", "设区的市", "设区市", "省辖市", "街道", "地市级", "地级", "省级", "市级", "县级", "乡级")
_REGION_UNIT = rf"(?:[{_UNIT}]|{'|'.join(_UNIT_WORDS)})(?:[（(〔][^）)〕]*[）)〕])?"
#: the head of a collective name written with 、 inside: 各区、 / 各省、自治区、 / 沿海设区的市、
_COLLECTIVE_HEAD = re.compile(rf"(?:各|沿海|有关|相关)?{_REGION_UNIT}(?:、{_REGION_UNIT})*")
#: the characters a collective head ends with (a unit, 自治区, 直辖市, 街道, a bracket): a
#: piece ending with another is not one, and the pattern is not tried on it
_COLLECTIVE_HEAD_ENDS = frozenset(_UNIT + "区市道级）)〕")
_GOV_SUFFIX = BODY_END


def split_names(text: str) -> list[str]:
    """Split a written list of bodies into items.

    Separators are 、，；/ and white space; brackets and collective names such as
    各区、县（市）政府 or 各省、自治区、直辖市人民政府 are not split.

    >>> split_names("市委编办，市教育局、财政局、人力资源社会保障局")
    ['市委编办', '市教育局', '财政局', '人力资源社会保障局']
    >>> split_names("市人力资源社会保障局、财政局，市总工会、团市委，各区、县（市）政府")
    ['市人力资源社会保障局', '财政局', '市总工会', '团市委', '各区、县（市）政府']
    >>> split_names("市教育局 各县(区)政府 庆阳职业技术学院")
    ['市教育局', '各县(区)政府', '庆阳职业技术学院']
    >>> split_names("各省、自治区、直辖市人民政府，国务院各部委")
    ['各省、自治区、直辖市人民政府', '国务院各部委']
    >>> split_names("县委和县政府"), split_names("各县区党委和政府"), split_names("应急部、交通运输部等相关部门及各地区")
    (['县委', '县政府'], ['各县区党委', '政府'], ['应急部', '交通运输部等相关部门', '各地区'])
    """
    if not _SPLIT_AT.search(text):
        items = [text] if text else []
    elif not _BRACKET_OR_SPACE.search(text):
        items = _split_plain(text)
    else:
        items = _split_walk(text)
    if "和" in text or "及" in text:  # 县委和县政府, 各县区党委和政府: a party committee and a government
        items = [part for it in items for part in _party_and_government(it)]
    return items


#: a body and the unnamed ones joined after it (交通运输部及各地区, X等相关部门和各地): the second
#: part, a few characters, is tried as a name of no body
_AND_UNNAMED = re.compile(r"(.{2,40}?)(?:以及|及|和)(各[^、，,；;和及]{1,6}|(?:其他)?(?:有关|相关)[^、，,；;和及]{1,6})")


def _party_and_government(item: str) -> tuple[str, ...]:
    """``item`` cut where 和 joins two bodies: a party committee and a government, or two
    bodies each named with its prefix (市委组织部和市人社局; not 住房和城乡建设局, whose part
    after 和 names no place)."""
    m = _PARTY_AND_GOVERNMENT.fullmatch(item)
    if m:
        return m.group("party"), m.group("government")
    m = _TWO_BODIES.fullmatch(item)
    if m and ends_like_organisation(m.group(1)) and ends_like_organisation(m.group(2)):
        return m.group(1), m.group(2)
    m = _AND_UNNAMED.fullmatch(item)
    if m and is_generic(m.group(2)):
        return m.group(1), m.group(2)  # (交通运输部及各地区: the body; the regions name none)
    return (item,)


#: two bodies joined by 和, the second written with its prefix (市委组织部和市人社局)
_TWO_BODIES = re.compile(r"(.{3,20}?)(?:和|及)([省市县区州旗].{2,20})")


#: a party committee and the government of the same places, joined by 和 (县委和县政府, 各县区党委和
#: 政府): two bodies, not one name (the government's prefix lent or its own)
_PARTY_AND_GOVERNMENT = re.compile(r"(?P<party>.{0,12}?(?:党委|党工委|[省市县区州旗]委))(?:和|及)(?P<government>[省市县区州旗]?(?:人民政府|政府))")


#: what makes a list need the walk of :func:`_split_walk` (a bracket, white space)
_BRACKET_OR_SPACE = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]|\\s")
_SEPARATOR = re.compile(f"[{re.escape(_SEPARATORS)}]")


def _split_plain(text: str) -> list[str]:
    """:func:`split_names` of a list without brackets and white space: cut at each
    separator (found by one search, not character by character), a collective head (各区、)
    kept with what follows.

    >>> _split_plain("各区、县、市教育局、财政局；市总工会"), _split_plain("各省、自治区、直辖市人民政府，国务院各部委")
    (['各区、县、市教育局', '财政局', '市总工会'], ['各省、自治区、直辖市人民政府', '国务院各部委'])
    """
    items: list[str] = []
    start = 0  # (where the item being read starts)
    for m in _SEPARATOR.finditer(text):
        i = m.start()
        piece = text[start:i]
        if text[i] == "、" and piece[-1:] in _COLLECTIVE_HEAD_ENDS and _COLLECTIVE_HEAD.fullmatch(piece):
            nxt = text[i + 1 : i + 5]
            if nxt[:1] in _UNIT or nxt.startswith(_UNIT_WORDS):
                continue  # 各区、县（市）政府: one collective name
        if piece:
            items.append(piece)
        start = i + 1
    if start < len(text):
        items.append(text[start:])
    return items


def _split_walk(text: str) -> list[str]:
    """:func:`split_names` read character by character (brackets, white space)."""
    items: list[tuple[str, bool]] = []  # (item, separated from the next by white space only)
    cur: list[str] = []
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and (ch in _SEPARATORS or ch.isspace()):
            piece = "".join(cur)
            nxt = text[i + 1 : i + 5]
            if ch == "、" and _COLLECTIVE_HEAD.fullmatch(piece) and (nxt[:1] in _UNIT or nxt.startswith(_UNIT_WORDS)):
                cur.append(ch)  # 各区、县（市）政府: one collective name
                i += 1
                continue
            if piece.strip():
                items.append((piece.strip(), ch.isspace()))
            elif items and not ch.isspace():
                items[-1] = (items[-1][0], False)
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    if "".join(cur).strip():
        items.append(("".join(cur).strip(), False))
    return _merge_spaced(items)


def _merge_spaced(items: list[tuple[str, bool]]) -> list[str]:
    """Undo splits at white space inside a name (无 锡 市 教 育 局, 市人力资源 社会保障局):
    a piece that does not end like a body is joined to the piece after it."""
    out: list[str] = []
    buf = ""
    for k, (it, by_space) in enumerate(items):
        buf += it
        last = k == len(items) - 1
        if by_space and not last and not _ends_like_name(buf):
            continue
        out.append(buf)
        buf = ""
    if buf:
        out.append(buf)
    return out


def _ends_like_name(s: str) -> bool:
    return bool(ORGANISATION_END.search(s) or INSTITUTION_NAME.search(s) or ENTERPRISE_NAME.search(s) or _HUI_HANG_END.search(s))


# --- resolution ---------------------------------------------------------------------


@dataclass
class Department:
    name: str  # canonical
    kind: str = "government"
    aliases: list[str] = field(default_factory=list)
    written: str = ""


_LEAD_WORD = re.compile(r"^(?:由|请|和|及|与)(?=.{3})")
_BODY_END_INSIDE = re.compile(r"(?:局|委|办|厅|部|署|政府|工会|联合会)(?=.)")


@lru_cache(maxsize=1 << 14)
def clean_item(item: str) -> str:
    """An item without white space, quotes and a trailing 等/等有关部门 (kept per item: the
    same item is cleaned when a list is split, when its prefixes are distributed and when it
    is resolved).

    >>> clean_item("人力资源社会保障部等有关部门和单位"), clean_item(" 市教育局。")
    ('人力资源社会保障部', '市教育局')
    """
    s = without_white(item)
    s = s.strip("。.，,、；;：:“”\"'")
    s = s.lstrip("（(")
    while s[-1:] in "）)" and open_brackets(s) < 0:
        s = s[:-1]
    if s[:1] in "由请和及与":  # (what _LEAD_WORD opens with: the pattern is tried on those only)
        s = _LEAD_WORD.sub("", s)
    if "等" in s and not GENERIC_BODY.match(s):  # (ETC_TAIL opens with 等)
        s = ETC_TAIL.sub("", s)
    if "的" in s:
        s = _OF_GOVERNMENT.sub("", s)  # 县级以上人民政府的科学技术行政主管部门: the government's department
    return s


#: 的 between a government and its department named by function (县级以上人民政府的X主管部门)
_OF_GOVERNMENT = re.compile(r"(?<=人民政府)的(?!有关|相关|其他|其它)(?=[^的、，,]{2,16}(?:部门|机构|机关)$)")


@lru_cache(maxsize=1 << 14)
def is_generic(item: str) -> bool:
    """Unnamed bodies (有关部门, 各地, 各有关部门和单位) name nobody (kept per item, asked of
    the same items by several readers).

    >>> is_generic("各有关部门和单位"), is_generic("省政府有关部门"), is_generic("国务院其他有关部门"), is_generic("其有关部门")
    (True, True, True, True)
    >>> is_generic("各省级人民政府"), is_generic("市场监督管理部门"), is_generic("各科室"), is_generic("医政处")
    (False, False, True, False)
    >>> is_generic("相关职能部门"), is_generic("有关业务司局"), is_generic("教育部相关司局"), is_generic("有关行业主管部门")
    (True, True, True, True)
    >>> is_generic("县级以上人民政府指定的部门"), is_generic("几个部门"), is_generic("县级以上人民政府设立的土地储备机构")
    (True, True, False)
    >>> is_generic("省“十强产业”协调推进机制牵头部门")
    True
    """
    s = without_white(item)
    unnamed = ("其" in s or "有关" in s or "相关" in s or "相应" in s) and _UNNAMED_TAIL.search(s)  # (its words: tried on an item that holds one)
    chosen = ("的" in s or "个" in s or "若干" in s) and _CHOSEN_BODY.search(s)
    role = "牵头" in s and _BY_ROLE.search(s)
    return bool(GENERIC_BODY.match(s) or unnamed or chosen or role) or s in ("", "各", "等", "有关", "相关", "其他", "各级", "各有关")


#: the bodies of a role in an arrangement, unnamed: X协调推进机制牵头部门 (whichever leads in it;
#: not 处置非法集资牵头部门, the name a law gives a function)
_BY_ROLE = re.compile(r"机制牵头(?:部门|单位)$")
#: a body another chooses, or a number of bodies, unnamed: 县级以上人民政府或者其指定的部门,
#: 其委托的机构, 国务院的一个部门或者几个部门
_CHOSEN_BODY = re.compile(r"(?:(?:指定|委托|授权|确定)的|(?:^|的)(?:一个|几个|某个|多个|若干个?|两个))(?:部门|单位|机关|机构)$")


#: 国务院有关部门, 县级以上地方人民政府其他有关部门, 其有关部门, 相应的主管部门: the departments of a body, unnamed
_UNNAMED_TAIL = re.compile(
    r"(?:^其|其他|其它|有关|相关|相应的?)(?:有关|相关)?(?:业务|职能|责任|行业)?(?:行政)?(?:管理|主管)?(?:部门|单位|机关|机构|司局|处室|科室)(?:和单位|和部门)?$")


def _kind_of(name: str, default: str = "government") -> str:
    """The kind of a body (KINDS) from its name.

    >>> _kind_of("试点城市人民政府"), _kind_of("各区人民政府"), _kind_of("市总工会"), _kind_of("市教育局")
    ('collective', 'collective', 'people', 'government')
    """
    name = ALTERNATIVE_TAIL.sub("", name)
    if _COLLECTIVE.match(name) and not name.startswith("各") and ends_like_organisation(name):
        return "collective"
    if name.startswith("各"):
        if ENTERPRISE_NAME.search(name):
            return "enterprise"
        if INSTITUTION_NAME.search(name):
            return "institution"
        return "collective"
    if name.startswith("共青团") or PEOPLES_BODY.search(name):
        return "people"
    if PARTY_BODY.search(name) or _LEVEL_COMMITTEE.search(name):
        return "party"
    if ENTERPRISE_NAME.search(name):
        return "enterprise"
    if INSTITUTION_NAME.search(name):
        return "institution"
    if _GOV_SUFFIX.search(name) or FUNCTIONAL_END.search(name):
        return default
    return "other"


def _expand_gov(body: str) -> str:
    """政府 -> 人民政府 (区政府 -> 区人民政府; 人民政府 stays)."""
    if body.endswith("政府") and not body.endswith("人民政府"):
        return body[:-2] + "人民政府"
    return body


def _known_body(body: str, level: str | None) -> AliasRow | None:
    if level == "national":
        return lookup(body, "local")
    return lookup(body, level)


def _looks_like_body(body: str) -> bool:
    return bool(body) and len(body) >= 2 and ends_like_organisation(body) and not INSTITUTION_NAME.search(body)


def _copy(dep: Department) -> Department:
    return Department(dep.name, dep.kind, list(dep.aliases), dep.written)


@lru_cache(maxsize=1 << 14)
def _resolved(item: str, scope: Scope, written_prefix: str | None) -> Department | None:
    """:func:`resolve`, kept for the items met again (callers get copies: they may change them)."""
    return _resolve(item, scope, written_prefix)


def resolve(item: str, scope: Scope, *, written_prefix: str | None = None) -> Department | None:
    """The canonical department for one written item (None for a generic one).

    ``written_prefix`` is a prefix distributed from an earlier item of the same list
    (市人力资源社会保障局、发展改革委 -> 发展改革委 is read as 市发展改革委).

    >>> s = Scope("city", "庆阳市")
    >>> resolve("西峰区政府", s).name, resolve("各县(区)政府", s).name, resolve("各县(区)政府", s).kind
    ('庆阳市西峰区人民政府', '庆阳市各县(区)人民政府', 'collective')
    >>> resolve("市委编办", s).name, resolve("市委组织部", s).kind
    ('庆阳市委机构编制委员会办公室', 'party')
    >>> resolve("庆阳职业技术学院", s).name
    '庆阳职业技术学院'
    >>> resolve("人民银行XX县支行", Scope("county", "XX县")).name, resolve("人行杭州中心支行", Scope("province", "浙江省")).name
    ('中国人民银行XX县支行', '中国人民银行杭州中心支行')
    >>> resolve("人民银行山东省分行营管部", s).name
    '中国人民银行山东省分行营业管理部'
    >>> resolve("各商业保险公司", Scope("county", "XX县")).kind
    'enterprise'
    >>> resolve("人力资源社会保障部", Scope("national", None)).name
    '人力资源和社会保障部'
    """
    if item[:1] in "我本" and SELF_REFERENCE.match(item.strip()):
        # 我部将会同…: the department that issues the document (none when it has not one)
        return self_reference(item.strip(), scope.body) if scope.body else None
    if scope.body and not written_prefix and (own := _own_division(clean_item(item), scope)):
        return own
    dep = _resolved(item, scope, written_prefix)
    return None if dep is None else _copy(dep)


#: how the name of a body of the state opens, which no division's does
_STATE_BODY = ("国务院", "国家", "中央", "全国")


def _own_division(item: str, scope: Scope) -> Department | None:
    """An internal division named alone (规划处, 督导办, 办公室, 机关党委) in a document one
    department issues: that department's (FORMAT: a division is named with its parent);
    None for any other body.

    >>> [_own_division(x, Scope("province", "江西省", False, "江西省教育厅")).name for x in ("基教处", "办公室", "机关党委")]
    ['江西省教育厅基教处', '江西省教育厅办公室', '江西省教育厅机关党委']
    >>> _own_division("高等教育司", Scope("national", None, False, "教育部办公厅")).name
    '教育部高等教育司'
    """
    if scope.body and not scope.functional and BARE_DIVISION.match(item) and not item.startswith(_STATE_BODY) \
            and (item[-1] != "办" or not (lookup(item, scope.level) or lookup(item, "national"))):  # (网信办: a body of its own)
        # (a 司 is its ministry's, also in a document of the ministry's general office: 教育部办公厅 -> 教育部高等教育司)
        parent = scope.body[: -len("办公厅")] if item.endswith("司") and scope.body.endswith("部办公厅") else scope.body
        return Department(parent + item, "party" if item.startswith("机关") else "government", [item], item)
    return None


#: a department's name for itself in its own document: 我部, 我委, 我厅, 本局 (the unit its name ends with)
SELF_REFERENCE = re.compile(r"^[我本](部|委|局|厅|署|办|院)$")
_SELF_UNITS = {"部": ("部",), "委": ("委员会", "委"), "局": ("局",), "厅": ("厅",), "署": ("署",), "办": ("办公室", "办"), "院": ("院",)}


def self_reference(item: str, body: str) -> Department | None:
    """The issuing department ``body`` when ``item`` is its name for itself (我部 in a document
    of 交通运输部; 我委 of a 委员会), else None.

    >>> self_reference("我部", "交通运输部").name, self_reference("我部", "交通运输部").aliases, self_reference("我厅", "交通运输部")
    ('交通运输部', ['我部'], None)
    """
    m = SELF_REFERENCE.match(item)
    if m is None or not body.endswith(_SELF_UNITS[m.group(1)]):
        return None
    return Department(body, "government", [item], item)


#: an internal division named alone (医政处, 职成科, 规划信息处): no body, level or place in it
BARE_DIVISION = re.compile(r"^(?:[^部委局厅署省市县区、]{2,10}(?:司|处|科)|[^部委局厅署省市县区、]{1,8}办|办公室|机关(?:党委|纪委))$")
#: a department (not a government, nor a party's committee) whose divisions a document may name alone
_DEPARTMENT_END = re.compile(r"(?<!人民政府)(?:局|委员会|委|厅|部|署|办公室)$")


def issuing_body(issuers: list[str]) -> str | None:
    """The one department a document is issued by, whose divisions it may name alone.

    >>> issuing_body(["广州市卫生健康委员会"]), issuing_body(["广州市人民政府"]), issuing_body(["教育部", "财政部"])
    ('广州市卫生健康委员会', None, None)
    >>> issuing_body(["上海市人民代表大会常务委员会"]) is None  # (a legislature: its laws name no division of its own)
    True
    """
    if len(issuers) != 1 or "人民政府" in issuers[0] or "代表大会" in issuers[0] or not _DEPARTMENT_END.search(issuers[0]):
        return None
    return issuers[0]


@lru_cache(maxsize=1 << 14)
def _written_forms(item: str, level: str | None, written_prefix: str | None) -> tuple[str, str] | None:
    """An item as written (cleaned) and with the prefix it inherits, None for a generic
    one: the half of :func:`resolve` that does not depend on the document's region, kept
    for every region of a level.

    >>> _written_forms("发展改革委等", "city", "市"), _written_forms("有关部门", "city", None)
    (('发展改革委', '市发展改革委'), None)
    """
    written = clean_item(item)
    if not written or is_generic(written):
        return None
    full = written_prefix + written if written_prefix and not _has_own_prefix(written, Scope(level)) else written
    return written, full


def _resolve(item: str, scope: Scope, written_prefix: str | None) -> Department | None:
    """:func:`resolve` in ``scope``: read once per level and shape of region
    (:func:`_template`), the region's names then written in (:func:`_made`).

    >>> a, b = _resolve("市教育局", Scope("city", "沈阳市"), None), _resolve("市教育局", Scope("city", "大连市"), None)
    >>> (a.name, a.aliases), (b.name, b.aliases)
    (('沈阳市教育局', ['市教育局']), ('大连市教育局', ['市教育局']))
    """
    forms = _written_forms(item, scope.level, written_prefix)
    if forms is None:
        return None
    template = _template(forms, scope.level, scope.functional, _facts(scope, forms[1]))
    if template is _IN_REGION:
        found = _resolve_in(forms, scope)
        return None if found is None else _with_aliases(found[0], forms, found[1])
    return None if template is None else _made(template, forms, scope)


def _read_in_region(forms: tuple[str, str]) -> bool:
    """An item read with the region's own name (自治县X: the region's 自治县), not once for
    every region (:func:`_template`)."""
    return "自治" in forms[1] or bool(_MARKED.search(forms[1]))


def _with_aliases(dep: Department, forms: tuple[str, str], plain: str) -> Department:
    """``dep`` with the forms it was written in as aliases (not its own name)."""
    aliases: list[str] = []
    for a in (forms[0], forms[1], plain):
        if a and a != dep.name and a not in aliases:
            aliases.append(a)
    dep.aliases = aliases
    dep.written = forms[0]
    return dep


def _made(template: _Template, forms: tuple[str, str], scope: Scope) -> Department:
    """A new department of ``scope`` from a :func:`_template`: ``scope``'s names in place of
    the marks, and the forms it was written in as aliases (as :func:`_with_aliases`).

    >>> template = _template(("市教育局", "市教育局"), "city", False, _facts(Scope("city", "沈阳市"), "市教育局"))
    >>> dep = _made(template, ("市教育局", "市教育局"), Scope("city", "大连市"))
    >>> dep.name, dep.aliases, dep.written
    ('大连市教育局', ['市教育局'], '市教育局')
    """
    dep, _, marks, written_in = template
    name = dep.name
    for mark, ch in marks:
        name = name.replace(mark, (scope.chain if ch is None else _region_for_char(scope.level, scope.region, ch)) or "")
    kind = _kind_of(name) if dep.kind == _KIND_LATER else dep.kind
    return Department(name, kind, [a for a in written_in if a != name], forms[0])


def _resolve_in(forms: tuple[str, str], scope: Scope | _Symbolic) -> tuple[Department, str] | None:
    """The department of an item's written forms (:func:`_written_forms`) in ``scope``, and
    the plain form it was read from; aliases are added by the caller."""
    plain = plain_form(forms[1], scope)
    if is_generic(plain) or (plain[:1] in "省市县区州旗" and is_generic(plain[1:])):
        return None  # 本市其他有关行政管理部门
    if scope.functional and FUNCTIONAL_END.search(plain):
        dep = _class_body(plain) or _functional(plain, scope)
    else:
        dep = _class_body(plain) or _resolve_full(plain, scope)
        if dep is not None and dep.kind == "other" and _known_function(plain, scope.level):
            dep = _functional(plain, scope)  # 公安机关, 应急管理部门 in a plan: no bureau of the table, a body named by function
    return None if dep is None else (dep, plain)


def _known_function(plain: str, level: str | None) -> bool:
    """A name of a body by its function whose function is a department's of the alias table
    (公安机关: 公安局; 应急管理部门: 应急管理局; 市场监管部门: 市场监管局), not a clause that ends
    with 部门 (形成省市县联动部门, 多部门).

    >>> [_known_function(x, "city") for x in ("公安机关", "应急管理部门", "市场监管部门", "形成省市县联动部门", "多部门")]
    [True, True, True, False, False]
    """
    m = FUNCTIONAL_END.search(plain)
    stem = plain[: m.start()] if m else ""
    stems = (stem, stem[1:]) if stem[:1] in "省市县区" else (stem,)  # (市公安机关; 市场监管部门)
    return any(len(x) >= 2 and any(lookup(x + unit, level) or lookup(x + unit, None) for unit in ("局", "厅", "委", "委员会"))
               for x in stems)


# --- one reading for every region of a level -------------------------------------------
# What the resolver reads of a document's region: whether it has a name (Scope.chain) and
# which one-character prefixes name a region of it (Scope.for_char); the names themselves
# are only written into the result (and the kind of a body named with its region is read
# from that name). So an item is read once with marks in place of those names for every
# region of the same shape, and the marks are replaced by each region's names.

_PREFIX_CHARS = "省市县区州旗"
_CHAIN_MARK = "\ue000"
_CHAR_MARKS = {ch: chr(0xE001 + i) for i, ch in enumerate(_PREFIX_CHARS)}
_MARKED = re.compile("[\ue000-\ue00f]")
#: the kind of a name that holds a mark: read from the name once the marks are replaced
_KIND_LATER = "\ue00f"


def _facts(scope: Scope, text: str) -> tuple[bool, tuple[bool | None, ...]]:
    """The shape of ``scope``'s region as ``text`` can ask for it: a name for it, and for
    each prefix character that ``text`` writes whether it names a region (None for the
    others: a name is only read with the prefixes written in it)."""
    return _shape(scope.level, scope.region, _prefix_chars(text))


@lru_cache(maxsize=1 << 14)
def _prefix_chars(text: str) -> str:
    """The prefix characters a name or a list writes, in the order of :data:`_PREFIX_CHARS`."""
    return "".join(ch for ch in _PREFIX_CHARS if ch in text)


@lru_cache(maxsize=1 << 14)
def _shape(level: str | None, region: str | None, chars: str) -> tuple[bool, tuple[bool | None, ...]]:
    """:func:`_facts` of a scope of ``level`` and ``region`` for a text writing ``chars``."""
    return bool(region), tuple(None if ch not in chars else _region_for_char(level, region, ch) is not None for ch in _PREFIX_CHARS)


class _Unasked(Exception):
    """A template asked for what its shape does not say (read in the region instead)."""


#: what :func:`_template` gives for an item to be read in the region itself
_IN_REGION = ("", "", (), ())


class _Symbolic:
    """A scope of a given level and shape whose names are marks (see :func:`_facts`)."""

    __slots__ = ("level", "functional", "chain", "_chars")
    region = "\ue00e"  # (read only where any name gives the same result: _canonical_region)

    def __init__(self, level: str | None, functional: bool, facts: tuple[bool, tuple[bool | None, ...]]) -> None:
        self.level, self.functional = level, functional
        self.chain = _CHAIN_MARK if facts[0] else None
        self._chars = facts[1]

    def for_char(self, ch: str) -> str | None:
        i = _PREFIX_CHARS.find(ch) if len(ch) == 1 else -1
        if i < 0:
            return None
        if self._chars[i] is None:
            raise _Unasked(ch)
        return _CHAR_MARKS[ch] if self._chars[i] else None


#: a template: the department with marks, the plain form it was read from, and the marks its
#: name holds with the prefix character each stands for (None: the region's chain), and the
#: forms it was written in, each once (its aliases but its own name)
_Template = tuple[Department, str, tuple[tuple[str, "str | None"], ...], tuple[str, ...]]


@lru_cache(maxsize=1 << 14)
def _template(forms: tuple[str, str], level: str | None, functional: bool, facts: tuple[bool, tuple[bool | None, ...]]) -> _Template | None:
    """:func:`_resolve_in` for every region of ``level`` and shape ``facts``, the region's
    names as marks (never handed out: :func:`_made` makes the department); None when
    it names no body, :data:`_IN_REGION` when it must be read in the region itself."""
    if _read_in_region(forms):
        return _IN_REGION
    try:
        found = _resolve_in(forms, _Symbolic(level, functional, facts))
    except _Unasked:
        return _IN_REGION
    if found is None:
        return None
    dep, plain = found
    marks = tuple((mark, ch) for mark, ch in ((_CHAIN_MARK, None), *((m, c) for c, m in _CHAR_MARKS.items())) if mark in dep.name)
    written_in: list[str] = []
    for a in (forms[0], forms[1], plain):
        if a and a not in written_in:
            written_in.append(a)
    return dep, plain, marks, tuple(written_in)


def _kind_of_name(name: str) -> str:
    """:func:`_kind_of` of a name, later for a name that holds a region's mark."""
    return _KIND_LATER if _MARKED.search(name) else _kind_of(name)


#: a class of bodies across levels, or a level without a region (FORMAT.md): kept as written
LEVEL_UNIT = rf"(?:自治区|直辖市|自治州|自治县|计划单列市|[{_UNIT}])(?:[（(][^（）()]{{1,8}}[）)])?"
CLASSES_TSV = DATA / "body_classes.tsv"


def read_table(path: Path) -> list[dict[str, str]]:
    """The rows of a TSV table of ``kg/data`` whose header comment lines start with #."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=1)
def body_classes() -> tuple[tuple[str, str, str], ...]:
    """``(word, kind, place)`` rows of ``kg/data/body_classes.tsv``."""
    return tuple((r["word"], r["kind"], r["place"]) for r in read_table(CLASSES_TSV))


def _words_re(kind: str) -> re.Pattern[str]:
    rows = [(w, p) for w, k, p in body_classes() if k == kind]
    alts = [re.escape(w) + ("$" if p == "whole" else "") for w, p in sorted(rows, key=lambda r: -len(r[0]))]
    return re.compile("^(?:" + "|".join(alts) + ")" if alts else r"(?!x)x")


#: a level a class lists with others (市、县（区）; 省、设区的市, 省辖市, levels without a region)
_LISTED_LEVEL = rf"(?:{LEVEL_UNIT}|设区的市|省辖市)级?"
_CLASS = re.compile(
    _words_re("class").pattern
    + rf"|^{_LISTED_LEVEL}(?:[、和]{_LISTED_LEVEL})+(?=[^、和])|^[{_UNIT}][（(][^（）()]{{1,8}}[）)]"
)
#: a kind of body in every place of a set: 各区人民政府, 试点城市人民政府, 试点地区政府办公厅
_COLLECTIVE = re.compile(r"^各|" + _words_re("collective").pattern)
_PLACE_OF = re.compile(rf"^(?:[^、，,]{{0,8}}?所在地?(?=[{_UNIT}])|[^、，,的]{{0,10}}?所在地的|当地(?=.{{2}}))")
_SELF_PREFIX = re.compile(r"^本(?=[省市县区州旗])")
_GOV_OF_STREET = re.compile(r"^.{1,12}?人民政府(?=街道办事处$)")
_GOV_BEFORE_FUNCTION = re.compile(r"(?<=[省市县区州旗])人民政府(?=.{2,}(?:部门|机构|机关)$)")


#: 相关/有关 before a level: 相关县（市、区）人民政府
_RELATED_PREFIX = re.compile(rf"^(?:相关|有关)(?=[{_UNIT}])")


def plain_form(name: str, scope: Scope) -> str:
    """A written name in the form the resolver reads: 本市X -> 市X, 自治县X -> the county's X,
    X所在地Y -> Y, 市人民政府水行政主管部门 -> 市水行政主管部门.

    >>> s = Scope("county", "景宁畲族自治县")
    >>> plain_form("自治县城市管理主管部门", s), plain_form("本市劳动和社会保障部门", s)
    ('景宁畲族自治县城市管理主管部门', '市劳动和社会保障部门')
    >>> plain_form("矿山所在地区县（自治县）人民政府", s), plain_form("市人民政府水行政主管部门", s)
    ('区县（自治县）人民政府', '市水行政主管部门')
    """
    # (each pattern is tried only on a name that holds the words it needs: most hold none)
    s = _SELF_PREFIX.sub("", name) if name.startswith("本") else name
    if s.startswith(("相关", "有关")):
        s = _RELATED_PREFIX.sub("", s)  # 相关县（市、区）人民政府
    if "所在" in s or s.startswith("当地"):
        s = _PLACE_OF.sub("", s)
    region = scope.region or ""
    for unit in ("自治县", "自治州", "自治旗"):
        if s.startswith(unit) and region.endswith(unit) and len(s) > len(unit) + 1:
            s = region + s[len(unit):]
    if "人民政府街道办事处" in s:
        s = _GOV_OF_STREET.sub("", s)
    if "人民政府" not in s or _CLASS.match(s) or not FUNCTIONAL_END.search(s):
        return s  # 市、县（市）、区人民政府财政部门 is kept as written
    return _GOV_BEFORE_FUNCTION.sub("", s)


def _functional(s: str, scope: Scope) -> Department:
    """A body named by its function in a law: the region of a one-character prefix is
    written out (市民政部门 -> 绍兴市民政部门), nothing is expanded.

    >>> _functional("市水行政主管部门", Scope("city", "济南市", functional=True)).name
    '济南市水行政主管部门'
    """
    region = scope.for_char(s[0]) if len(s) > 3 and s[0] in "省市县区州旗" and not s.startswith(_NOT_A_PREFIX) else None
    return Department(region + s[1:] if region else s, _kind_of(s))


def _class_body(s: str) -> Department | None:
    """县级以上地方人民政府, 市、县（区）人民政府文物行政部门, 乡镇人民政府: as written.

    >>> [_class_body(x).name for x in ("县级以上人民政府卫生健康主管部门", "市、县（区）人民政府", "街道办事处")]
    ['县级以上人民政府卫生健康主管部门', '市、县（区）人民政府', '街道办事处']
    >>> _class_body("乡村振兴局") is None, _class_body("市教育局") is None
    (True, True)
    """
    if not _CLASS.match(s) or not ORGANISATION_END.search(s):
        return None
    return Department(s, "class")


def is_class_body(name: str) -> bool:
    """Whether ``name`` names a class of bodies across levels, kept as written (:func:`_class_body`).

    >>> is_class_body("县级以上人民政府"), is_class_body("市人民政府")
    (True, False)
    """
    return _class_body(name) is not None


def _has_own_prefix(s: str, scope: Scope) -> bool:
    if s.startswith(("各", "中共", "中国", "共青团", "团", "国家", "国务院", "中央", "全国", "人民银行", "人行")):
        return True
    if _region_prefix(s):
        return True
    if s[:1] in "省市县区州旗" and _strip_char_prefix(s, scope) is not None:
        return True
    return _national_office(s) is not None  # (金融监管总局山东监管局: its place is in its name)


def has_explicit_scope(item: str, scope: Scope) -> bool:
    """Whether an item names a body without help from the context: a region prefix
    (县财政局, 沈阳市教育局), a known body (财政部), a collective (各商业保险公司) or a bank
    branch (人民银行XX县支行).

    >>> s = Scope("county", "XX县")
    >>> [has_explicit_scope(x, s) for x in ["县工信商务局", "人民银行XX县支行", "各商业保险公司", "下简称南方人才市场管委办"]]
    [True, True, True, False]
    """
    it = clean_item(item)
    if not it or is_generic(it):
        return False
    if it.startswith("各") or _BRANCH_OR_LEAGUE.fullmatch(it) or scope.body and BARE_DIVISION.match(it):
        return True  # (…; a division of the one department that issues the document: 基教处)
    if lookup(it, scope.level) or lookup(it, "national"):
        return True
    rest = _strip_char_prefix(it, scope)
    if rest is not None:
        return True
    region = _region_prefix(it)
    return bool(region) and len(region) < len(it) and (_looks_like_body(it[len(region):]) or it[len(region):].startswith("委"))


#: words that start with a level character without naming a region: 市场监管部门, 区域…
_NOT_A_PREFIX = ("市场", "市容", "县域", "区域", "省级", "市级", "县级", "区级")


def _strip_char_prefix(s: str, scope: Scope) -> str | None:
    """The body after a one-character region prefix, or None when there is none (it reads
    the level only: kept per level)."""
    return _char_prefix_rest(s, scope.level)


@lru_cache(maxsize=1 << 14)
def _char_prefix_rest(s: str, level: str | None) -> str | None:
    """:func:`_strip_char_prefix` in a document of ``level``.

    >>> _char_prefix_rest("市教育局", "city"), _char_prefix_rest("市场监管局", "city")
    ('教育局', None)
    """
    if len(s) < 2 or s[0] not in "省市县区州旗" or len(s) == 2 and s[1] != "委" or s.startswith(_NOT_A_PREFIX):
        return None
    rest = s[1:]
    level = level if level != "national" else None
    if (_known_body(s, level) or lookup(s, "national")) and not _known_body(rest, level):
        return None  # 市场监管局 / 市场监管总局 is a body, not 市 + 场监管局
    if _known_body(rest, level) or rest.startswith("委") or _looks_like_body(rest) or rest.startswith(("政府", "人民政府")):
        return rest
    return None


_LEAGUE_COMMITTEE = re.compile(r"团([省市县区州旗])委")
#: the governments of every region of some levels: 各区、县（市）人民政府
_EVERY_REGION_GOVERNMENT = re.compile(rf"^各(?:[{_UNIT}（）()、]|自治区|直辖市|街道)+(?:人民政府|办事处|街道办事处|管委会|党委|党工委)$")
_BANK_BRANCH = re.compile(rf"{_CENTRAL_BANK}(.+{_BANK_UNIT})")


#: the office a national body keeps in a province or a city, named with the place (its own
#: name, no prefix of the document's region)
_OFFICE_UNIT = re.compile(r"(?:省|市|自治区)?(?:监管局|监管分局|监管办公室|调查总队|调查队|税务局|管理部|分局)$")


def _national_office(s: str) -> Department | None:
    """A national body's office named with its place (金融监管总局山东监管局 -> 国家金融监督管理总局
    山东监管局), else ``None``.

    >>> _national_office("金融监管总局山东监管局").name, _national_office("国家统计局青岛调查队").name
    ('国家金融监督管理总局山东监管局', '国家统计局青岛调查队')
    >>> _national_office("山东省统计局") is None, _national_office("市场监管局") is None
    (True, True)
    """
    unit = _OFFICE_UNIT.search(s) if len(s) > 6 else None
    if unit is None:
        return None
    places = short_place_names()
    for k in range(2, unit.start() - 1):
        place = next((p for p in (s[k : k + 3], s[k : k + 2]) if p in places), None)
        if place is None:
            continue
        row = lookup(s[:k], "national")
        if row is not None and row.level == "national":
            return Department(row.canonical + s[k:], "government")
    return None


def _resolve_full(s: str, scope: Scope) -> Department | None:
    level = scope.level
    # 团市委 / 团县委: the Communist Youth League committee of the region
    m = _LEAGUE_COMMITTEE.fullmatch(s) if s.startswith("团") else None
    if m:
        region = scope.for_char(m.group(1))
        if region:
            return Department(f"共青团{region}委员会", "people")
        return Department(s, "people")
    # the central bank's branches
    m = _BANK_BRANCH.fullmatch(s) if "人民银行" in s or s.startswith("人行") else None
    if m:
        branch = m.group(1)[:-3] + "营业管理部" if m.group(1).endswith("营管部") else m.group(1)
        return Department("中国人民银行" + branch, "government")
    # a national body's office in a place: 金融监管总局山东监管局, 国家统计局青岛调查队
    office = _national_office(s)
    if office is not None:
        return office
    # collective bodies: 各县(区)政府, 各区、县（市）人民政府, 各商业保险公司
    if s.startswith("各"):
        body = _expand_gov(s)
        kind = _kind_of(body)
        if kind == "collective" and _EVERY_REGION_GOVERNMENT.match(body):
            if level in ("city", "county", "province") and scope.chain and not body.startswith("各省"):
                return Department(scope.chain + body, "collective")
        return Department(body, kind)
    # an explicit region: 沈阳市教育局, 西峰区政府, XX县财政局
    region_text = _region_prefix(s)
    if region_text and len(region_text) < len(s):
        rest = s[len(region_text):]
        region = _canonical_region(region_text, scope)
        if rest.startswith("委") or _looks_like_body(rest) or _known_body(rest, level if level != "national" else None):
            body = _canonical_body(rest, _region_level(region_text) or level)
            name = region + body
            return Department(name, _kind_from_row(rest, name, level))
        return Department(s, _kind_of(s, "other"))
    # a one-character prefix: 市教育局, 县发改局, 省教育厅, 市委编办
    rest = _strip_char_prefix(s, scope)
    if rest is not None:
        region = scope.for_char(s[0])
        body = _canonical_body(rest, level)
        if region is None:
            return Department(s[0] + body, _kind_from_row(rest, s[0] + body, level))
        name = region + body
        return Department(name, _kind_from_row(rest, name, level))
    if level == "national" or not scope.chain:
        row = lookup(s, "national")
        if row:
            return Department(row.canonical, row.kind)
        return Department(_expand_gov(s), _kind_of(s, "government" if _looks_like_body(s) else "other"))
    if s.startswith(("国家", "国务院", "中央", "全国", "中国", "中共中央", "最高人民")):
        row = lookup(s, "national")
        return Department(row.canonical if row else s, row.kind if row else _kind_of(s))
    local = lookup(s, level)
    if local is not None:
        return Department(scope.chain + local.canonical, local.kind)
    national = lookup(s, "national")
    if national is not None and s.endswith(("部", "署", "总局")):
        return Department(national.canonical, national.kind)
    if INSTITUTION_NAME.search(s) or ENTERPRISE_NAME.search(s):
        return Department(s, _kind_of(s))
    if _starts_with_region_stem(s) and _looks_like_body(s):
        return Department(s, _kind_of(s))  # 济南高新区管委会: named with its own place
    if s.startswith("委") or (_looks_like_body(s) and _LOCAL_BODY_END.search(s)):
        name = scope.chain + _expand_gov(s)
        return Department(name, _kind_of_name(name))
    return Department(s, _kind_of(s, "other"))


def _region_level(region_text: str) -> str | None:
    reg = region_by_name(region_text)
    return reg.level if reg else None


def _canonical_region(region_text: str, scope: Scope) -> str:
    """沈阳市 -> 沈阳市; 西峰区 -> 庆阳市西峰区; 庆阳市西峰区 -> 庆阳市西峰区."""
    reg = region_by_name(region_text)
    if reg is None:
        return region_text
    if reg.level == "county" and reg.parent and not region_text.startswith(reg.parent):
        # the county as a part of the document's city when the document is that city's
        if scope.region and scope.region == reg.parent:
            return scope.region + region_text
        return reg.parent + region_text
    return region_text


#: a body and one of its internal divisions: 卫健委 + 医政处
_WITH_DIVISION = re.compile(r"^(?P<parent>.{2,16}?(?:委员会|委|局|厅|办|部))(?P<div>[^委局厅办部、]{2,8}(?:处|科|室|司))$")


@lru_cache(maxsize=1 << 14)
def _canonical_body(body: str, level: str | None) -> str:
    """The body's full name at ``level``; a division keeps its parent's full name.

    >>> _canonical_body("卫健委医政处", "city"), _canonical_body("人社局", "city")
    ('卫生健康委员会医政处', '人力资源和社会保障局')
    """
    lv = level if level != "national" else None
    row = lookup(body, lv)
    if row is not None and row.level != "national":
        return row.canonical
    m = _WITH_DIVISION.match(body)
    if m and (row := lookup(m.group("parent"), lv)) is not None and row.level != "national":
        return row.canonical + m.group("div")
    return _expand_gov(body)


def _kind_from_row(body: str, name: str, level: str | None) -> str:
    row = lookup(body, level if level != "national" else None)
    if row is not None:
        return row.kind
    return _kind_of_name(name)


def distribute(items: list[str], scope: Scope) -> list[tuple[str, str | None]]:
    """Pair each item with the prefix it inherits from the items before it.

    >>> distribute(["市人力资源社会保障局", "发展改革委", "财政局"], Scope("city", "沈阳市"))
    [('市人力资源社会保障局', None), ('发展改革委', '市'), ('财政局', '市')]
    >>> distribute(["县总工会", "县人社局"], Scope("county", "XX县"))
    [('县总工会', None), ('县人社局', None)]
    """
    out: list[tuple[str, str | None]] = []
    prefix: str | None = None
    for raw in items:
        it = clean_item(raw)
        cls = _CLASS.match(it)  # (matched once for both tests)
        lent = _class_prefix(it, cls) if cls else None
        if cls and not lent:
            out.append((raw, None))  # 镇人民政府, 县级市人民政府: a class takes no prefix
            continue
        own = lent or _own_prefix(it, scope) or _STATE_COUNCIL_FUNCTION.match(it) and "国务院" or _collective_prefix(it)
        if own is not None:
            prefix = own
            out.append((raw, None))
            continue
        if (it.startswith("各") or _BRANCH_OR_LEAGUE.fullmatch(it) or INSTITUTION_NAME.search(it) or ENTERPRISE_NAME.search(it) or not _looks_like_body(it) and not lookup(it, scope.level)
                or _starts_with_region_stem(it) or prefix and prefix.endswith("人民政府") and "政府" in it  # (…人民政府X和直辖市人民政府Y: Y's own)
                or prefix == "国务院" and not _BARE_FUNCTION.match(it)):  # (国务院X主管部门、海关: 海关 is its own)
            out.append((raw, None))
            continue
        out.append((raw, prefix))
    return out


@lru_cache(maxsize=1)
def _region_stems() -> dict[str, tuple[str, ...]]:
    """The names of the gazetteer's provinces and cities without their unit, two characters
    or more (济南, 山东), by their first two (:func:`kg.reference.names_by_head`)."""
    stems = set()
    for name, regs in gazetteer().items():
        if any(r.level in ("province", "city") for r in regs):
            stem = _REGION_UNIT_END.sub("", name)
            if len(stem) >= 2:
                stems.add(stem)
    return names_by_head(stems)


_REGION_UNIT_END = re.compile(r"(?:省|市|自治区|自治州|地区|盟)$")


def _starts_with_region_stem(s: str) -> bool:
    """Whether ``s`` opens with a province or city named without its unit (济南高新区,
    山东新旧动能转换…): a stem of :func:`_region_stems` looked up, not tried in turn.

    >>> _starts_with_region_stem("济南高新区管委会"), _starts_with_region_stem("财政局")
    (True, False)
    """
    return longest_name_at(_region_stems(), s, 0) is not None


def _class_prefix(s: str, m: re.Match[str] | None) -> str | None:
    """What a class name lends to the items after it (``m``: the match of :data:`_CLASS`
    at its start): 市、县（市）、区人民政府科学技术行政部门 -> 市、县（市）、区人民政府.

    >>> s = "市、县（市）、区人民政府科学技术行政部门"
    >>> _class_prefix(s, _CLASS.match(s)), _class_prefix("市教育局", _CLASS.match("市教育局"))
    ('市、县（市）、区人民政府', None)
    """
    if not m or not FUNCTIONAL_END.search(s):
        return None
    return s[: s.rindex("人民政府") + 4] if "人民政府" in s else m.group(0)


#: a functional body of the State Council (国务院农业农村主管部门, 国务院卫生行政部门): it lends
#: 国务院 to the functional names after it (国务院农业农村、自然资源等主管部门)
_STATE_COUNCIL_FUNCTION = re.compile(r"^国务院(?!办公厅|各|有关|相关)[^、，,]{2,12}?(?:主管部门|行政部门|管理部门)$")
#: a functional name of no place or level (自然资源主管部门), which may take the 国务院 lent to it
_BARE_FUNCTION = re.compile(r"^(?![^、，,]*(?:政府|[省市县区]级|流域|地方))[^、，,]{2,12}?(?:主管部门|行政部门|管理部门|部门)$")


#: the regions a collective names before its party committee or government (各乡镇党委、政府:
#: 各乡镇 lent to 政府)
_COLLECTIVE_PREFIX = re.compile(r"^各(?:乡镇|乡（镇）|乡\(镇\)|镇|乡|街道|县（市、区）|县\(市、区\)|县（区）|县\(区\)|县区|区县|县|区)(?=党委|党工委|人民政府|政府)")


def _collective_prefix(s: str) -> str | None:
    """The regions a collective of party committees or governments names, which a bare
    政府 or 党委 after it in a list takes (各乡镇党委、政府 -> 各乡镇党委, 各乡镇政府).

    >>> _collective_prefix("各乡镇党委"), _collective_prefix("各有关部门")
    ('各乡镇', None)
    """
    m = _COLLECTIVE_PREFIX.match(s)
    return m.group() if m else None


#: the bare party committee or government a collective's regions are lent to
_BARE_COMMITTEE = ("党委", "党工委", "人民政府", "政府")


def collective_lent(items: Sequence[str]) -> list[str]:
    """``items`` with the regions of a collective lent to a bare 政府 or 党委 after it, as
    :func:`distribute` lends them (the names a sentence's subject gives).

    >>> collective_lent(["各乡镇党委", "政府", "县财政局"])
    ['各乡镇党委', '各乡镇政府', '县财政局']
    """
    out: list[str] = []
    lent: str | None = None
    for it in items:
        if lent and it in _BARE_COMMITTEE:
            it = lent + it
        lent = _collective_prefix(it) or (lent if it.startswith(lent or "\0") else None)
        out.append(it)
    return out


def _own_prefix(s: str, scope: Scope) -> str | None:
    """The region prefix an item is written with (沈阳市, 市, 县), if any."""
    if s.startswith(("各", "团", "中国", "共青团", "国家", "国务院", "中央", "全国")):
        return None
    region = _region_prefix(s)
    if region and len(region) < len(s):
        return region
    if _strip_char_prefix(s, scope) is not None:
        return s[0]
    return None


def resolve_list(text: str, scope: Scope) -> list[Department]:
    """Split, distribute and resolve a written list; generic items are dropped, the
    order is kept and a body named twice is kept twice (a table may name its lead among
    the supports).

    >>> [d.name for d in resolve_list("县总工会，县人社局、县发改局", Scope("county", "XX县"))]
    ['XX县总工会', 'XX县人力资源和社会保障局', 'XX县发展和改革局']
    >>> [d.name for d in resolve_list("人力资源社会保障部等有关部门和单位", Scope("national", None))]
    ['人力资源和社会保障部']
    """
    out: list[Department] = []
    for raw, prefix, forms, template in _list_template(text, scope.level, scope.functional, _facts(scope, text)):
        if scope.body and (own := _own_division(clean_item(raw), scope)):
            out.append(own)  # (基教处 after 省教育考试院: the issuing department's division, lent no prefix)
            continue
        if template is not _IN_REGION:
            made = _made(template, forms, scope)
            out.append((_own_division(made.written, scope) if made.kind == "other" else None) or made)
            continue
        dep = resolve(raw, scope, written_prefix=prefix)  # (an item read in the region)
        if dep is not None:
            out.append(dep)
    return out


#: an item of a list, the prefix it inherits, its written forms and its template (or :data:`_IN_REGION`)
_ListEntry = tuple[str, "str | None", tuple[str, str], _Template]


@lru_cache(maxsize=1 << 14)
def _list_template(text: str, level: str | None, functional: bool, facts: tuple[bool, tuple[bool | None, ...]]) -> tuple[_ListEntry, ...]:
    """The items of a list that name a body, each with its :func:`_template` for every
    region of ``level`` and shape ``facts`` (:data:`_IN_REGION` for an item read in the region itself):
    the list read once for all those regions."""
    out: list[_ListEntry] = []
    for raw, prefix in _list_items(text, level):
        forms = _written_forms(raw, level, prefix)
        if forms is None:
            continue
        template = _template(forms, level, functional, facts)
        if template is not None:
            out.append((raw, prefix, forms, template))
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _list_items(text: str, level: str | None) -> tuple[tuple[str, str | None], ...]:
    """The items of a written list, each with the prefix it inherits (split, cleaned,
    run-together names cut, prefixes distributed): the half of :func:`resolve_list` that
    reads the level only, kept for every region of a level.

    >>> _list_items("市教育局、财政局等有关部门", "city")
    (('市教育局', None), ('财政局', '市'))
    >>> _list_items("江苏省、浙江省有关部门", "city")  # (both provinces' unnamed departments)
    ()
    """
    scope = Scope(level)
    items: list[str] = []
    pieces = [clean_item(p) for p in split_names(text)]
    for k, piece in enumerate(pieces):
        if piece and not is_generic(piece) and not place_of_generic(piece, pieces[k + 1 :]):
            items.extend(split_run_together(piece, scope))
    return distributed(tuple(items), level)


def place_of_generic(piece: str, rest: list[str]) -> bool:
    """A bare region before the places of a list that ends with their unnamed departments
    (江苏省、浙江省有关部门): its name is that of those departments, no body's."""
    return bool(rest) and is_generic(rest[-1]) and _region_prefix(piece) == piece and all(_region_prefix(r) == r for r in rest[:-1])


@lru_cache(maxsize=1 << 14)
def distributed(items: tuple[str, ...], level: str | None) -> tuple[tuple[str, str | None], ...]:
    """:func:`distribute` in a document of ``level`` (it reads the level only), kept for
    the lists met again in any region.

    >>> distributed(("市人社局", "财政局"), "city")
    (('市人社局', None), ('财政局', '市'))
    """
    return tuple(distribute(list(items), Scope(level)))


# --- run-together names (jieba) ----------------------------------------------------

@lru_cache(maxsize=1)
def _tokenizer():
    """A private jieba tokenizer with the department dictionary (made on first use)."""
    from kg.extract.segmenter import tokenizer

    tok = tokenizer()
    if USERDICT.exists():
        tok.load_userdict(str(USERDICT))
    return tok


def _unit_cost(s: str, scope: Scope) -> float:
    """How good ``s`` is as one department name (lower is better; inf: not a name)."""
    if not s:
        return float("inf")
    level = scope.level if scope.level != "national" else None
    if lookup(s, scope.level) or lookup(s, "national"):
        return 1.0
    rest = _strip_char_prefix(s, scope)
    if rest is not None and (_known_body(rest, level) or rest.startswith("委")):
        return 1.0
    region = _region_prefix(s)
    if region and len(region) < len(s) and (_known_body(s[len(region):], level) or _looks_like_body(s[len(region):])):
        return 1.5
    if s.startswith("各") and _GOV_SUFFIX.search(s):
        return 1.5
    if _looks_like_body(s) or INSTITUTION_NAME.search(s) or ENTERPRISE_NAME.search(s):
        return 3.0
    return float("inf")


def split_run_together(piece: str, scope: Scope) -> list[str]:
    """Split names written without separators (市教育局市财政局), using jieba with the
    department dictionary for the candidate cut points. A piece that reads as one name is
    returned as it is.

    >>> split_run_together("市教育局市财政局", Scope("city", "沈阳市"))
    ['市教育局', '市财政局']
    >>> split_run_together("市人民政府外事办公室", Scope("city", "沈阳市"))
    ['市人民政府外事办公室']
    >>> split_run_together("市教育局市财政局市人社局", Scope("city", "沈阳市"))
    ['市教育局', '市财政局', '市人社局']
    """
    s = without_white(piece)
    if len(s) < 6 or len(s) > 60:
        return [piece]
    # only worth it when a body ending occurs inside the piece (the cheaper test first)
    if not _BODY_END_INSIDE.search(s):
        return [piece]
    whole = _unit_cost(s, scope)  # (as one name: read once, for this test and the last)
    if whole <= 1.5:
        return [piece]
    tokens = _tokenizer().lcut(s, HMM=False)
    cuts = [0]
    for t in tokens:
        cuts.append(cuts[-1] + len(t))
    n = len(cuts)
    best: list[float] = [float("inf")] * n
    back = [0] * n
    best[0] = 0.0
    for j in range(1, n):
        for i in range(max(0, j - 8), j):
            if best[i] == float("inf"):
                continue
            c = _unit_cost(s[cuts[i] : cuts[j]], scope)
            if best[i] + c < best[j] or (best[i] + c == best[j] and c <= 1.5):  # (a tie: the known name)
                best[j] = best[i] + c
                back[j] = i
    if best[-1] == float("inf"):
        return [piece]
    parts: list[str] = []
    known = True  # every part a known body's name (each part's cost read off the best costs)
    j = n - 1
    while j > 0:
        i = back[j]
        parts.append(s[cuts[i] : cuts[j]])
        known = known and best[j] - best[i] <= 1.5
        j = i
    # a split costs what its names do; one that is only names of known bodies wins over a whole
    # that only looks like a body, however many names it runs together (市教育局市财政局市人社局)
    if best[-1] >= whole and not (whole >= 3.0 and known):
        return [piece]
    return parts[::-1]


def userdict_lines() -> list[str]:
    """The lines of ``department_userdict.txt`` as generated from the alias table."""
    words: dict[str, str] = {}
    for r in alias_rows():
        for w in (r.alias, r.canonical):
            if len(w) >= 2 and " " not in w:
                words.setdefault(w, "nt")
    for ch in "省市县区":
        words.setdefault(f"{ch}委", "nt")
        words.setdefault(f"团{ch}委", "nt")
    for w in ("人民政府", "各县", "各区", "支行", "分行", "中心支行"):
        words.setdefault(w, "nt")
    return [f"{w} 100000 {tag}" for w, tag in sorted(words.items())]


def write_userdict(path: Path = USERDICT) -> None:
    """Regenerate the jieba user dictionary (UTF-8 without BOM, LF line ends)."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(userdict_lines()) + "\n")
