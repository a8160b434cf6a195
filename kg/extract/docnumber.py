"""The one normaliser of 发文字号 (GB/T 9704-2012 §7.2.5: 机关代字〔年份〕序号号).

>>> normalise_doc_number("穗人社规字〔 2019 〕 6 号")
'穗人社规字〔2019〕6号'
>>> normalise_doc_number("国发[2019]4號")
'国发〔2019〕4号'
>>> normalise_doc_number("辽政发（2021）第02号")
'辽政发〔2021〕2号'
>>> normalise_doc_number("广州市人民政府令 第179号")
'广州市人民政府令第179号'
>>> normalise_doc_number("X政办发〔2018〕X号")
'X政办发〔2018〕X号'
>>> normalise_doc_number("not a number") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.regexes import DECREE_NUMBER, DOC_NUMBER, NOT_IN_AGENCY, PLACEHOLDER_CHARS
from kg.models import Span


@dataclass(frozen=True)
class DocNumber:
    """A 发文字号 found in text: normalised form, its parts and where it stands."""

    number: str
    agency: str
    year: str | None
    seq: str
    span: Span
    placeholder: bool
    decree: bool = False


def _trim_agency(raw: str, known: frozenset[str] | None = None, limit: int = 8) -> str:
    """Cut words that precede the 机关代字 in running text (根据国发 -> 国发)."""
    if known:
        for i in range(len(raw)):
            if raw[i:] in known:
                return raw[i:]
    cut = 0
    for i, ch in enumerate(raw):
        if ch in NOT_IN_AGENCY:
            cut = i + 1
    agency = raw[cut:]
    return agency[-limit:] if len(agency) > limit else agency


def is_placeholder(number: str) -> bool:
    """True for numbers with placeholders (X政办发〔2018〕X号): they never identify a document."""
    return any(ch in PLACEHOLDER_CHARS for ch in number)


def _clean_seq(seq: str) -> str:
    return seq if not seq.isdigit() else str(int(seq))


_STANDS_ALONE = re.compile(r"(?:^|[\n（(【\[〔《])[ \t\u3000\xa0]*$")


def _whole_code(text: str, start: int, raw: str) -> bool:
    """A short run with nothing before it on its line (or in its bracket) is the whole
    机关代字, even when it ends with a known code: 寿宁政发〔2016〕23号 is not 宁政发's."""
    return len(raw) <= 5 and not any(ch in NOT_IN_AGENCY for ch in raw) and bool(_STANDS_ALONE.search(text[max(0, start - 8) : start]))


def find_doc_numbers(text: str, known_agencies: frozenset[str] | None = None) -> list[DocNumber]:
    r"""Every 发文字号 in ``text``, in order, normalised, with spans.

    >>> [d.number for d in find_doc_numbers("寿宁政发〔2016〕23号\n根据宁政发〔2016〕2号", frozenset({"宁政发"}))]
    ['寿宁政发〔2016〕23号', '宁政发〔2016〕2号']
    """
    out: list[DocNumber] = []
    for m in DOC_NUMBER.finditer(text):
        raw = m.group("agency")
        agency = raw if _whole_code(text, m.start("agency"), raw) else _trim_agency(raw, known_agencies)
        if not agency:
            continue
        start = m.start("agency") + (len(raw) - len(agency))
        number = f"{agency}〔{m.group('year')}〕{_clean_seq(m.group('seq'))}号"
        number = _widen_placeholders(number)
        out.append(DocNumber(number, agency, m.group("year"), _clean_seq(m.group("seq")), Span(start, m.end()), is_placeholder(number)))
    taken = [d.span for d in out]
    for m in DECREE_NUMBER.finditer(text):
        if any(s.start <= m.start() < s.end for s in taken):
            continue
        raw = m.group("agency")
        tail = "公告" if raw.endswith("公告") else "令"
        agency = _trim_agency(raw[: -len(tail)], known_agencies, limit=28) + tail
        start = m.start("agency") + (len(raw) - len(agency))
        number = f"{agency}第{_clean_seq(m.group('seq'))}号"
        out.append(DocNumber(number, agency, None, _clean_seq(m.group("seq")), Span(start, m.end()), is_placeholder(number), decree=True))
    out.sort(key=lambda d: d.span.start)
    return out


def _widen_placeholders(number: str) -> str:
    return re.sub("[xＸｘ×]", "X", number)


def normalise_doc_number(raw: str, known_agencies: frozenset[str] | None = None) -> str | None:
    """The normal form of one number written any way, or ``None`` if it is not one."""
    found = find_doc_numbers(raw.strip(), known_agencies)
    return found[0].number if found else None
