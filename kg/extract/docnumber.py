"""The one normaliser of 发文字号 (GB/T 9704-2012 §7.2.5: 机关代字〔年份〕序号号).

>>> normalise_doc_number("穗人社规字〔 2019 〕 6 号")
'穗人社规字〔2019〕6号'
>>> normalise_doc_number("国发[2019]4號")
'国发〔2019〕4号'
>>> normalise_doc_number("辽政发（2021）第02号")
'辽政发〔2021〕2号'
>>> normalise_doc_number("广州市人民政府令 第179号")
'广州市人民政府令第179号'
>>> normalise_doc_number("中华人民共和国国务院令第699号")
'国务院令第699号'
>>> normalise_doc_number("国令第707号")
'国务院令第707号'
>>> normalise_doc_number("海关总署、公安部第4号令")
'海关总署、公安部令第4号'
>>> normalise_doc_number("X政办发〔2018〕X号")
'X政办发〔2018〕X号'
>>> normalise_doc_number("not a number") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple

from kg.extract.regexes import (
    AGENCY,
    CLOSE_YEAR,
    DECREE_NUMBER,
    DECREE_NUMBER_ANCHOR,
    DECREE_NUMBER_FIRST,
    DECREE_NUMBER_FIRST_ANCHOR,
    DECREE_NUMBER_YEAR,
    DECREE_NUMBER_YEAR_ANCHOR,
    DOC_NUMBER,
    DOC_NUMBER_ANCHOR,
    ENACTING_BODY_END,
    NOT_IN_AGENCY,
    OPEN_YEAR,
    PLACEHOLDER_CHARS,
    SHORT_DECREE,
    SHORT_DECREE_ANCHOR,
    finditer_near,
    matches_before,
    positions,
)
from kg.models import Span
from kg.reference import decode_agency, find_region, is_national_body


class DocNumber(NamedTuple):
    """A 发文字号 found in text: normalised form, its parts and where it stands (a tuple:
    made for every number of every text)."""

    number: str
    agency: str
    year: str | None
    seq: str
    span: Span
    placeholder: bool
    decree: bool = False


@lru_cache(maxsize=1 << 12)
def _trim_agency(raw: str, known: frozenset[str] | None = None, limit: int = 8) -> str:
    """Cut words that precede the 机关代字 in running text (根据国发 -> 国发); kept per run of
    characters and list of codes (the same runs come back in every document)."""
    if known:
        for i in range(len(raw)):
            if raw[i:] in known:
                return raw[i:]
    cut = 0
    for i, ch in enumerate(raw):
        if ch in NOT_IN_AGENCY and not _in_agency_word(raw, i):
            cut = i + 1
    agency = raw[cut:]
    return agency[-limit:] if len(agency) > limit else agency


_PLACEHOLDER = re.compile(f"[{re.escape(PLACEHOLDER_CHARS)}]")


def is_placeholder(number: str) -> bool:
    """True for numbers with placeholders (X政办发〔2018〕X号): they never identify a document.

    >>> is_placeholder("X政办发〔2018〕X号"), is_placeholder("国发〔2019〕4号")
    (True, False)
    """
    return _PLACEHOLDER.search(number) is not None


def _clean_seq(seq: str) -> str:
    return seq if not seq.isdigit() else str(int(seq))


#: what a run that stands alone has right before it, after blanks: a line break or an opening bracket
_ALONE_AFTER = "\n（(【[〔《"


def _stands_alone(before: str) -> bool:
    r"""``before`` (the characters before a run) ends with blanks only, or with a line
    break or an opening bracket and blanks: nothing else stands before the run.

    >>> [_stands_alone(b) for b in ("", " \u3000", "\n ", "（", "根据", "甲\n", "据 ")]
    [True, True, True, True, False, True, False]
    """
    rest = before.rstrip(" \t\u3000\xa0")
    return not rest or rest[-1] in _ALONE_AFTER


def _whole_code(text: str, start: int, raw: str) -> bool:
    """A short run with nothing before it on its line (or in its bracket) is the whole
    机关代字, even when it ends with a known code: 寿宁政发〔2016〕23号 is not 宁政发's."""
    return len(raw) <= 5 and not any(ch in NOT_IN_AGENCY and not _in_agency_word(raw, i) for i, ch in enumerate(raw)) \
        and _stands_alone(text[max(0, start - 8) : start])


def _in_agency_word(raw: str, i: int) -> bool:
    """``raw[i]`` is a character that ends a clause before a code (经, 以 …) but here stands in a
    word a code writes: 财经 (青财经委发: the 财经委员会's).

    >>> _in_agency_word("青财经委发", 2), _in_agency_word("经国发", 0)
    (True, False)
    """
    return raw[i] == "经" and i > 0 and raw[i - 1] == "财"


def find_doc_numbers(text: str, known_agencies: frozenset[str] | None = None) -> list[DocNumber]:
    r"""Every 发文字号 in ``text``, in order, normalised, with spans.

    >>> [d.number for d in find_doc_numbers("寿宁政发〔2016〕23号\n根据宁政发〔2016〕2号", frozenset({"宁政发"}))]
    ['寿宁政发〔2016〕23号', '宁政发〔2016〕2号']
    >>> [d.number for d in find_doc_numbers("2019年1月5日京政发〔2019〕3号")]
    ['京政发〔2019〕3号']
    """
    if "号" not in text and "號" not in text:
        return []  # (every number ends with 号 or 號: a character is found fast)
    if len(text) <= _KEPT_CHARS:
        return list(_kept_doc_numbers(text, known_agencies))
    return _doc_numbers(text, known_agencies)


#: the longest text (a line of a head, a header field) whose numbers are kept for when it is met again
_KEPT_CHARS = 200


@lru_cache(maxsize=1 << 14)
def _kept_doc_numbers(text: str, known_agencies: frozenset[str] | None) -> tuple[DocNumber, ...]:
    """:func:`_doc_numbers` of a short text, kept (the numbers are frozen: callers get a new list)."""
    return tuple(_doc_numbers(text, known_agencies))


#: the 机关代字 that ends where a search ends (:func:`_doc_number_matches`)
_AGENCY_TO_END = re.compile(f"{AGENCY}\\Z")
_BLANKS = frozenset(" \t\u3000\xa0")  # the characters of SPACE


#: the last character before a place that a number cannot hold between its year's bracket
#: and its 号 (a blank, a line's end, a bracket, a digit, a placeholder, 第), matched from a place before it
_LAST_OUTSIDE = re.compile(rf"(?s:.*)[^ \t\u3000\xa0\n{OPEN_YEAR}{CLOSE_YEAR}{re.escape(PLACEHOLDER_CHARS)}第\d]")
#: how far before a 号 :data:`_LAST_OUTSIDE` is looked for at first
_TAIL_REACH = 64


def _anchor_starts(text: str) -> Iterator[int]:
    r"""Where :data:`DOC_NUMBER_ANCHOR` matches in ``text``, in order, as its ``finditer``
    finds them: the anchor and what its look-ahead reads up to the number's 号 hold only
    blanks, line ends, brackets, digits, placeholders and 第, so each anchor stands in the run of those
    before a 号 or 號, and only those runs are searched (a text holds a few 号).

    >>> t = "据国发〔2019〕4号，（共3项）和京政发 〔2020〕 1号"
    >>> list(_anchor_starts(t)) == [a.start() for a in DOC_NUMBER_ANCHOR[0].finditer(t)]
    True
    """
    anchor = DOC_NUMBER_ANCHOR[0]
    for h in positions(text, "号號"):
        lo = h
        last = None
        while last is None and lo > 0:  # (a run longer than the reach is read further back)
            lo = max(0, lo - _TAIL_REACH)
            last = _LAST_OUTSIDE.match(text, lo, h)
        for a in anchor.finditer(text, last.end() if last else 0, h + 1):
            yield a.start()


def _doc_number_matches(text: str) -> Iterator[re.Match[str]]:
    r"""The matches of :data:`DOC_NUMBER` in ``text`` (as ``finditer`` finds them), found
    from the anchors of :data:`DOC_NUMBER_ANCHOR` (a year's bracket, or a blank before
    it): the 机关代字 of a match ends right before the blanks and the bracket of its anchor
    (a match with another bracket is found at that bracket's anchor, earlier), so the first
    place it can start is found by one search that ends there, and the pattern is tried
    there only (not at each of the places before the anchor).

    >>> [m.group() for m in _doc_number_matches("根据国发〔2019〕4号和京政发 　〔2020〕 1号，〔2021〕2号")]
    ['根据国发〔2019〕4号', '和京政发 　〔2020〕 1号']
    """
    before = DOC_NUMBER_ANCHOR[1]
    pos = 0
    for at in _anchor_starts(text):
        first = max(pos, at - before)
        if first > at:
            continue
        end = at  # (where the blanks before the bracket begin)
        while end > first and text[end - 1] in _BLANKS:
            end -= 1
        agency = _AGENCY_TO_END.search(text, first, end) if end > first else None
        m = DOC_NUMBER.match(text, agency.start()) if agency else None
        if m is None:  # (not expected: every place is tried, as finditer_near does)
            m = next(matches_before(DOC_NUMBER, text, (at,), at - first), None)
        if m is not None:
            yield m
            pos = m.end()
        pos = max(pos, at + 1)


#: the longest text :func:`_doc_numbers` searches with :data:`DOC_NUMBER` alone
_SEARCHED_WHOLE = 24


def _doc_numbers(text: str, known_agencies: frozenset[str] | None) -> list[DocNumber]:
    """What :func:`find_doc_numbers` finds."""
    out: list[DocNumber] = []
    # (a short text, a number on its own line or in a header field, is searched at once: the
    # anchors cost more than a few tries of the pattern)
    for m in DOC_NUMBER.finditer(text) if len(text) <= _SEARCHED_WHOLE else _doc_number_matches(text):
        lead = _date_lead(text, m)
        raw = m.group("agency")[lead:]
        agency = raw if _whole_code(text, m.start("agency") + lead, raw) else _trim_agency(raw, known_agencies)
        if not agency:
            continue
        start = m.start("agency") + lead + (len(raw) - len(agency))
        year, seq = m.group("year", "seq")
        seq = _clean_seq(seq)
        number = f"{agency}〔{year}〕{seq}号"
        placeholder = is_placeholder(number)  # (widening keeps placeholders placeholders)
        if placeholder:
            number = _widen_placeholders(number)  # (only a placeholder can be narrow)
        out.append(DocNumber(number, agency, year, seq, Span(start, m.end()), placeholder))
    decrees = _decrees(text, [d.span for d in out], known_agencies)
    if decrees:  # (the numbers above are found in text order, one after another)
        out.extend(decrees)
        out.sort(key=lambda d: d.span.start)
    return out


# Characters that end the words before a decree's issuer (the issuer's own name may hold
# 和, 关, 经 or 、: 人力资源和社会保障部, 海关总署, 国务院、中央军事委员会).
_NOT_IN_DECREE_ISSUER = set("据照按依由为在对将印转的是见，,。；;：:《》〈〉“”\"'（）() ")
_STATE = "中华人民共和国"


def _issuer_cut(raw: str) -> int:
    """Where the issuer begins: after the last character no name holds, or after a 和 that
    joins a body to the words before it (行政法规和国务院 -> 国务院; not 住房和城乡建设部)."""
    cut = max((i + 1 for i, ch in enumerate(raw) if ch in _NOT_IN_DECREE_ISSUER), default=0)
    for i in range(len(raw) - 1, cut - 1, -1):
        if raw[i] in "和及与" and (is_national_body(raw[i + 1 :]) or find_region(raw[i + 1 :])):
            return i + 1
    return cut


def decree_issuer(raw: str, known: frozenset[str] | None = None) -> str:
    """The issuer of an order as its number names it, without preceding words and without
    the state's name before a national body.

    >>> decree_issuer("根据中华人民共和国国务院、中华人民共和国中央军事委员会")
    '国务院、中央军事委员会'
    >>> decree_issuer("依照人力资源和社会保障部"), decree_issuer("海关总署"), decree_issuer("法律、行政法规和国务院")
    ('人力资源和社会保障部', '海关总署', '国务院')
    """
    parts = [p[len(_STATE):] if p.startswith(_STATE) and len(p) > len(_STATE) + 1 else p for p in raw[_issuer_cut(raw):].split("、")]
    # a list before the issuer is not part of it (法律、国务院令 -> 国务院令)
    while len(parts) > 1 and not ENACTING_BODY_END.search(parts[0]):
        parts = parts[1:]
    issuer = "、".join(p for p in parts if p)
    if known and issuer not in known:
        for i in range(len(issuer)):
            if issuer[i:] in known:
                return issuer[i:]
    return issuer[-28:]


def _date_lead(text: str, m: re.Match[str]) -> int:
    """1 when the match starts with the last character of a date written right before the
    issuer (2019年12月30日广州市人民政府令…), else 0."""
    start = m.start("agency")
    return 1 if text[start : start + 1] in ("日", "月", "年") and text[start - 1 : start].isdigit() else 0


def _decrees(text: str, taken: list[Span], known: frozenset[str] | None) -> list[DocNumber]:
    """Orders and notices numbered 第N号: 国务院令第699号, 海关总署第4号令, 国令第707号."""
    out: list[DocNumber] = []
    # each pattern's anchor holds a word the text must hold (令, 公告, 号令): a text without
    # it is not scanned for the anchor
    order = "令" in text
    if not order and "公告" not in text:
        return out  # (号令 holds 令)

    def add(agency: str, seq: str, start: int, end: int) -> None:
        if agency and not any(s.start <= start < s.end or start <= s.start < end for s in taken + [d.span for d in out]):
            number = f"{agency}第{_clean_seq(seq)}号"
            out.append(DocNumber(number, agency, None, _clean_seq(seq), Span(start, end), is_placeholder(number), decree=True))

    for m in finditer_near(DECREE_NUMBER_YEAR, text, DECREE_NUMBER_YEAR_ANCHOR):
        lead = _date_lead(text, m)
        raw = m.group("agency")[lead:]
        tail = "公告" if raw.endswith("公告") else "令"
        words = raw[: -len(tail)].split()
        issuer = decree_issuer(words[-1], known) if words else ""
        if issuer:
            # the bodies of a joint notice, written apart: 财政部 税务总局公告2023年第7号
            joint = [w.removeprefix(_STATE) for w in words[:-1]]
            while joint and not is_national_body(joint[0]):
                joint = joint[1:]
            if joint and all(map(is_national_body, joint)) and issuer == words[-1].removeprefix(_STATE):
                issuer = " ".join([*joint, issuer])
            number = f"{issuer}{tail}{m.group('year')}年第{_clean_seq(m.group('seq'))}号"
            start = m.end("agency") - len(tail) - len(issuer) if " " in issuer else m.start("agency") + lead + _issuer_cut(raw[: -len(tail)])
            out.append(DocNumber(number, issuer + tail, m.group("year"), _clean_seq(m.group("seq")), Span(start, m.end()), False, decree=True))
    for m in finditer_near(DECREE_NUMBER, text, DECREE_NUMBER_ANCHOR) if order or "公告" in text else ():
        lead = _date_lead(text, m)
        raw = m.group("agency")[lead:]
        tail = "公告" if raw.endswith("公告") else "令"
        issuer = decree_issuer(raw[: -len(tail)], known)
        add(issuer + tail if issuer else "", m.group("seq"), m.start("agency") + lead + _issuer_cut(raw), m.end())
    for m in finditer_near(DECREE_NUMBER_FIRST, text, DECREE_NUMBER_FIRST_ANCHOR) if "号令" in text else ():
        issuer = decree_issuer(m.group("agency"), known)
        add(issuer + "令" if issuer else "", m.group("seq"), m.start("agency") + _issuer_cut(m.group("agency")), m.end())
    for m in finditer_near(SHORT_DECREE, text, SHORT_DECREE_ANCHOR) if order else ():
        agency = decode_agency(m.group("code"))
        if agency and agency.issuer:
            add(agency.issuer + "令", m.group("seq"), m.start(), m.end())
    return out


_NARROW_PLACEHOLDER = re.compile("[xＸｘ×]")


def _widen_placeholders(number: str) -> str:
    return _NARROW_PLACEHOLDER.sub("X", number)


def normalise_doc_number(raw: str, known_agencies: frozenset[str] | None = None) -> str | None:
    """The normal form of one number written any way, or ``None`` if it is not one."""
    found = find_doc_numbers(raw.strip(), known_agencies)
    return found[0].number if found else None
