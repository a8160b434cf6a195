"""The divisions of the country a region lies in, from the gazetteer of :mod:`kg.reference`
(the cpca adcode table): every province, every prefecture-level city, and the province and
city of a region name (``kg uptake`` groups implementing documents by them).

Kept apart from :mod:`kg.reference` so that grouping answers does not change what the
extractor depends on.
"""

from __future__ import annotations

from functools import lru_cache

from kg.reference import _MUNICIPALITIES, _SUFFIX_LEVEL, Region, find_region, gazetteer




#: the endings of the names of divisions
_DIVISION_SUFFIXES = tuple(suffix for suffix, _ in _SUFFIX_LEVEL)


@lru_cache(maxsize=1)
def _by_adcode() -> dict[str, Region]:
    return {r.adcode: r for rs in gazetteer().values() for r in rs if r.adcode}


def provinces() -> list[Region]:
    """Every province-level division of the gazetteer, by adcode.

    >>> [p.name for p in provinces()][:3]
    ['北京市', '天津市', '河北省']
    """
    out = [r for r in _by_adcode().values() if r.level == "province" and r.name.endswith(_DIVISION_SUFFIXES)]
    return sorted(out, key=lambda r: r.adcode or "")


def cities() -> list[Region]:
    """Every prefecture-level division, with the four municipalities counted as their own
    city; by adcode.

    >>> [c.name for c in cities()][:3]
    ['北京市', '天津市', '石家庄市']
    """
    out = [r for r in _by_adcode().values() if r.level == "city" or (r.level == "province" and (r.adcode or "")[:2] in _MUNICIPALITIES)]
    out = [r for r in out if r.name.endswith(_DIVISION_SUFFIXES)]
    return sorted(out, key=lambda r: r.adcode or "")


def enclosing(name: str | None) -> tuple[Region | None, Region | None]:
    """The province and the city (prefecture, or a municipality itself) a region lies in,
    when the name says so unambiguously (a chain like 广州市天河区 settles a shared county
    name); ``None`` for what it does not say.

    >>> [r and r.name for r in enclosing("广州市天河区")], [r and r.name for r in enclosing("天河区")]
    (['广东省', '广州市'], ['广东省', '广州市'])
    >>> [r and r.name for r in enclosing("广东省")], [r and r.name for r in enclosing("上海市")]
    (['广东省', None], ['上海市', '上海市'])
    >>> enclosing("朝阳区"), enclosing(None)
    ((None, None), (None, None))
    """
    if not name:
        return None, None
    found = gazetteer().get(name)
    if not found:
        r = find_region(name)
        found = [r] if r is not None and r.adcode else []
    codes = {r.adcode for r in found if r.adcode}
    if len({c[:2] for c in codes}) != 1:
        return None, None
    by_code = _by_adcode()
    code = next(iter(codes))
    province = by_code.get(code[:2] + "0000")
    if code[:2] in _MUNICIPALITIES:
        return province, province
    prefectures = {c[:4] for c in codes if c[2:] != "0000"}
    city = by_code.get(prefectures.pop() + "00") if len(prefectures) == 1 else None
    return province, city if city is not None and city.level == "city" else None


@lru_cache(maxsize=None)
def full_name(name: str | None) -> str | None:
    """A region's name with the city it lies in, so that one region has one name (天河区 and
    广州市天河区 are one group); a name the gazetteer does not place is kept as it is.

    >>> full_name("天河区"), full_name("广州市天河区"), full_name("广州市"), full_name("朝阳区"), full_name("北京市海淀区")
    ('广州市天河区', '广州市天河区', '广州市', '朝阳区', '北京市海淀区')
    >>> full_name("海淀区"), full_name(None)
    ('北京市海淀区', None)
    """
    if not name:
        return name
    province, city = enclosing(name)
    region = find_region(name)
    if region is None or region.level != "county" or not name.endswith(region.name):
        return name
    parent = city or province
    return name if parent is None or name.startswith(parent.name) else parent.name + region.name
