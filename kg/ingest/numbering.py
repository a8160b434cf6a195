"""The numbers Word prints before its numbered paragraphs (w:numPr), which python-docx does
not give: a plan typed in Word numbers its headings and its task table's 序号 by the list's
definition (numbering.xml), not in the text, and without them its measures cannot be told
apart.

A paragraph's number is its list level's text (``w:lvlText``: ``%1、``, ``（%1）``, ``%1.%2``)
with each ``%n`` the count of level n in the list's format (``w:numFmt``: decimal,
chineseCounting 一二三, ideographTraditional 甲乙丙, decimalEnclosedCircle ①…), counted from
the level's ``w:start`` (or the list's ``w:startOverride``); a level counts on while its list
goes on and starts again after a number of a higher level. Lists that share a definition
(``w:abstractNum``) count together, as Word counts them. Bullets and levels of format
``none`` print no number.

>>> cn_counting(1), cn_counting(10), cn_counting(12), cn_counting(20), cn_counting(105)
('一', '十', '十二', '二十', '一百零五')
>>> formatted(3, "chineseCounting"), formatted(3, "decimalEnclosedCircle"), formatted(2, "ideographTraditional"), formatted(4, "lowerLetter")
('三', '③', '乙', 'd')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"


def cn_counting(n: int, digits: str = _DIGITS, units: tuple[str, str, str] = ("十", "百", "千")) -> str:
    """``n`` (1–9999) in Chinese counting numerals, as Word's chineseCounting prints it:
    十 for 10, 十二, 二十, 一百零五."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    zero = False
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += digits[0]
            out += ("" if (value == 10 and d == 1 and not out) else digits[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                       (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _full_width(n: int) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in str(n))


def _circled(n: int) -> str:
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)


def _legal(n: int) -> str:
    return cn_counting(n, _LEGAL, ("拾", "佰", "仟"))


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": _full_width,
    "decimalFullWidth2": _full_width,
    "decimalEnclosedCircle": _circled,
    "decimalEnclosedCircleChinese": _circled,
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})",
    "decimalEnclosedFullstop": lambda n: chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}.",
    "chineseCounting": cn_counting,
    "chineseCountingThousand": cn_counting,
    "taiwaneseCounting": cn_counting,
    "taiwaneseCountingThousand": cn_counting,
    "japaneseCounting": cn_counting,
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(c)] for c in str(n)),
    "chineseLegalSimplified": _legal,
    "ideographLegalTraditional": _legal,
    "ideographTraditional": lambda n: _STEMS[(n - 1) % 10],
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "ordinal": str,
    "cardinalText": str,
}


def formatted(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (an unknown format as a decimal)."""
    return _FORMATS.get(fmt, str)(n)


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """A document's lists (numbering.xml) and where each stands; :meth:`number` gives the
    next paragraph's number, in document order."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> level -> its definition
    lists: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    starts: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, level) -> startOverride
    counts: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId -> level -> last count
    restarted: set[str] = field(default_factory=set)  # the numIds whose overrides were applied

    @classmethod
    def of(cls, root: Any) -> Numbering:
        """The lists of a numbering part's XML element (lxml)."""
        out = cls()
        for a in root.iter(f"{_W}abstractNum"):
            aid = a.get(f"{_W}abstractNumId")
            for lvl in a.iter(f"{_W}lvl"):
                ilvl = _int(lvl.get(f"{_W}ilvl", "0"))
                if ilvl is None:
                    continue  # (a level without a number of its own is none Word prints)
                fmt = _val(lvl.find(f"{_W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{_W}lvlText")) or ""
                start = _val(lvl.find(f"{_W}start"))
                out.levels.setdefault(aid, {})[ilvl] = _Level(fmt, text, _int(start) or 1)
        for num in root.iter(f"{_W}num"):
            nid = num.get(f"{_W}numId")
            out.lists[nid] = _val(num.find(f"{_W}abstractNumId")) or ""
            for o in num.iter(f"{_W}lvlOverride"):
                start, ilvl = _int(_val(o.find(f"{_W}startOverride"))), _int(o.get(f"{_W}ilvl", "0"))
                if start is not None and ilvl is not None:
                    out.starts[(nid, ilvl)] = start
        return out

    def number(self, num_id: str, ilvl: int) -> str:
        """The number of the next paragraph of list ``num_id`` at level ``ilvl`` ("" for a
        bullet, a level without a number, or a list not defined)."""
        aid = self.lists.get(num_id)
        levels = self.levels.get(aid or "")
        if not levels or ilvl not in levels:
            return ""
        counts = self.counts.setdefault(aid, {})  # type: ignore[arg-type]
        if num_id not in self.restarted:
            self.restarted.add(num_id)
            for (nid, lvl), s in self.starts.items():
                if nid == num_id:
                    counts[lvl] = s - 1
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for k in range(ilvl, -1, -1):  # (%10 never: nine levels at most)
            if f"%{k + 1}" in text:
                at = levels.get(k, level)
                n = counts.get(k, at.start)
                text = text.replace(f"%{k + 1}", formatted(n, at.fmt))
        return text


def _val(el: Any) -> str | None:
    return None if el is None else el.get(f"{_W}val")


def _int(s: str | None) -> int | None:
    """A number attribute's value (None when it is none)."""
    return int(s) if s and s.strip().isdigit() else None


def paragraph_number(numbering: Numbering | None, paragraph: Any) -> str:
    """The number Word prints before ``paragraph`` (python-docx), from its own numPr or its
    style's ("" when none, or when the list's XML cannot be read: the text stays as written)."""
    if numbering is None:
        return ""
    from docx.exceptions import PythonDocxError

    try:
        return _paragraph_number(numbering, paragraph)
    except (PythonDocxError, ValueError, TypeError, KeyError, AttributeError):  # (an attribute's value that is no number)
        return ""


def _paragraph_number(numbering: Numbering, paragraph: Any) -> str:
    ppr = paragraph._p.pPr
    num = ppr.numPr if ppr is not None else None
    style = paragraph.style
    while num is None and style is not None:
        spr = style.element.pPr
        num = spr.numPr if spr is not None else None
        style = style.base_style
    if num is None or num.numId is None:
        return ""
    num_id = str(num.numId.val)
    if num_id == "0":
        return ""  # numbering switched off
    ilvl = num.ilvl.val if num.ilvl is not None else 0
    return numbering.number(num_id, int(ilvl))


def document_numbering(document: Any) -> Numbering | None:
    """The lists of a python-docx document, None when it defines none."""
    try:
        return Numbering.of(document.part.numbering_part.element)
    except (KeyError, NotImplementedError, AttributeError, ValueError):  # no numbering part, or one that is no list
        return None
