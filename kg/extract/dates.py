"""Dates as written in official documents, to ISO form.

>>> parse_date("2021年11月3日")
'2021-11-03'
>>> parse_date("二〇二一年三月二日")
'2021-03-02'
>>> parse_date("2026年 4月 20 日")
'2026-04-20'
>>> parse_date("2024-03-14")
'2024-03-14'
"""

from __future__ import annotations

import datetime as dt
import re

from kg.extract.regexes import CN_DATE, CN_NUMERAL_DATE, ISO_DATE, halfwidth_digits

#: what an ISO date (:data:`ISO_DATE`) separates its parts with
_ISO_SEPARATOR = re.compile(r"[-/.]")
_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


#: the full-width digits (the class of :data:`kg.extract.regexes.FULLWIDTH_DIGIT`)
_FULLWIDTH = "０１２３４５６７８９"


def halfwidth(text: str) -> str:
    """:func:`~kg.extract.regexes.halfwidth_digits` of ``text``, asked first by one ``in``
    test per full-width digit (a character is found in a long text several times faster
    than a class of characters is searched for).

    >>> halfwidth("２０２５年6月"), halfwidth("无")
    ('2025年6月', '无')
    """
    return halfwidth_digits(text) if any(map(text.__contains__, _FULLWIDTH)) else text


def cn_small_number(s: str) -> int:
    """一 .. 九十九 (and 〇-digit strings like 二〇二一) to int.

    >>> cn_small_number("十四"), cn_small_number("二十"), cn_small_number("二十三"), cn_small_number("二〇二一")
    (14, 20, 23, 2021)
    """
    if "十" not in s:
        n = 0
        for ch in s:
            n = n * 10 + _DIGITS[ch]
        return n
    tens, _, ones = s.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(s: str) -> str | None:
    """The first date in ``s`` as ``yyyy-mm-dd``, or ``None``."""
    found = find_dates(s)
    return found[0][0] if found else None


def find_dates(s: str) -> list[tuple[str, int, int]]:
    """All dates in ``s``: ``(iso, start, end)`` in order (a pattern runs where its one
    mark is in ``s``: 年 for dates written in words, a separator for ISO dates)."""
    out: list[tuple[str, int, int]] = []
    year = "年" in s
    patterns = ((CN_DATE,) if year else ()) + ((ISO_DATE,) if _ISO_SEPARATOR.search(s) else ())
    for rx in patterns:
        for m in rx.finditer(s):
            iso = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
            if iso:
                out.append((iso, m.start(), m.end()))
    for m in CN_NUMERAL_DATE.finditer(s) if year else ():
        try:
            iso = _iso(cn_small_number(m["y"]), cn_small_number(m["m"]), cn_small_number(m["d"]))
        except KeyError:
            iso = None
        if iso:
            out.append((iso, m.start(), m.end()))
    out.sort(key=lambda t: t[1])
    return out


DATE_LINE = re.compile(r"^\s*(?:[(（]?\s*)?(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}\s*年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)\s*(?:[)）])?\s*$")
