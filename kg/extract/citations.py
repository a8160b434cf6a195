"""References to other documents: 《title》 with or without 发文字号, or a 发文字号 alone.

Each citation gets a relation (``seeds/gold/FORMAT.md``):

* ``implements`` — named as the basis of this document (为贯彻落实《…》…制定本方案;
  根据《…》…结合本市实际; a basis cue in the preamble);
* ``plans`` — a document this one calls for (制定《…》, 出台《…》, 定期发布《…》);
* ``cites`` — any other reference.

>>> from kg.models import Span
>>> text = "为贯彻落实《国家职业教育改革实施方案》（国发〔2019〕4号），结合我市实际，制定本方案。制定《某某办法》。"
>>> [(c.title, c.doc_number, c.relation) for c in find_citations(text)]
[('国家职业教育改革实施方案', '国发〔2019〕4号', 'implements'), ('某某办法', None, 'plans')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract import regexes as rx
from kg.extract.docnumber import DocNumber, find_doc_numbers
from kg.extract.layout import book_title_spans, sentence_bounds
from kg.models import Citation, Span
from kg.reference import decode_agency, known_agency_codes

RELATION_RANK = {"implements": 3, "plans": 2, "cites": 1}
_NUMBER_AFTER = re.compile(r"^[ \t\u3000]*[（(〔]?[ \t\u3000]*")
_TITLE_OK = re.compile(rf"[{rx.CJK}]")
_GENERIC_TITLE = re.compile(r"^(?:本|该|此)?(?:" + "|".join(rx.DOC_TYPE_WORDS) + r")$")


@dataclass(frozen=True)
class _Quote:
    title: str
    start: int  # of 《
    end: int  # after 》


def find_quotes(text: str) -> list[_Quote]:
    """Outermost 《…》 pairs; nested 《…〈…〉…》 and 《…《…》…》 stay inside the outer title.

    >>> [q.title for q in find_quotes("《关于印发〈广州市办法〉的通知》和《甲乙》")]
    ['关于印发〈广州市办法〉的通知', '甲乙']
    """
    out: list[_Quote] = []
    for start, end in book_title_spans(text):
        title = text[start + 1 : end - 1]
        if 2 <= len(title) <= 150 and "\n" not in title and _TITLE_OK.search(title):
            out.append(_Quote(title, start, end))
    return out


def _number_right_after(text: str, end: int, numbers: list[DocNumber]) -> DocNumber | None:
    """A 发文字号 in brackets right after a title: 《…》（国发〔2019〕4号）."""
    window = text[end : end + 40]
    m = _NUMBER_AFTER.match(window)
    offset = end + (m.end() if m else 0)
    for d in numbers:
        if d.span.start == offset or (offset <= d.span.start <= offset + 2):
            return d
        if d.span.start > offset + 2:
            break
    return None


_NOT_BASIS = re.compile(r"(?:废止|停止执行|不再执行|同时失效|重新发布|重新印发|收悉)")
_DEPLOYED = re.compile(r"(?:作出|做出|提出)了?(?:[^。，]{0,6})(?:部署|要求|规定|安排)")
_ATTACHED = re.compile(r"^[ \t]*[（(](?:见)?附件")
_BASIS_HEADING = re.compile(r"(?m)^[ \t]*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十]+[)）])?[ \t]*[^。\n]{0,8}依据[ \t]*[:：]?[ \t]*$")


def _unquoted(s: str) -> str:
    """Text with the titles inside 《…》 blanked, so that words of a title are not cues."""
    return re.sub(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》", "《》", s)


def classify(text: str, start: int, end: int, preamble_end: int) -> str:
    """Relation of the reference at ``[start, end)`` from the words around it."""
    before = text[max(0, start - 12) : start]
    if rx.PLAN_CUE.search(before) and not rx.PLAN_NEGATIVE.search(before) and not re.search(r"(?:根据|按照|依据|落实|贯彻)[^，,。]*$", before):
        return "cites" if _ATTACHED.match(text[end : end + 12]) else "plans"
    s, e = sentence_bounds(text, start, end)
    sentence = text[s:e]
    clause_start = max(text.rfind(ch, s, start) for ch in "，,；;：:") + 1 if any(text.rfind(ch, s, start) >= 0 for ch in "，,；;：:") else s
    near = _unquoted(text[max(s, clause_start) : start])
    lead = _unquoted(text[s:start])
    sentence = _unquoted(sentence)
    in_preamble = start < preamble_end
    if rx.BASIS_CUE.search(near) or (rx.BASIS_CUE.search(lead) and not _NOT_BASIS.search(sentence)):
        if in_preamble or rx.MAKING_CUE.search(sentence):
            return "implements"
        return "cites"
    if _NOT_BASIS.search(sentence):
        return "cites"
    if in_preamble and _DEPLOYED.search(sentence) and rx.MAKING_CUE.search(text[e : e + 400]):
        return "implements"
    heading = None
    for m in _BASIS_HEADING.finditer(text, 0, start):
        heading = m
    if heading is not None and "\n" in text[heading.end() : start] and not re.search(r"(?m)^[ \t]*[一二三四五六七八九十]+[、.．]", text[heading.end() : start]):
        return "implements"
    return "cites"


def preamble_end(text: str) -> int:
    """End of the preamble: the first numbered heading after the opening lines."""
    for m in re.finditer(r"(?m)^[ \t\u3000]*(?:[一二三四五六七八九十]+、|第一章|第二条)", text):
        if m.start() > 0:
            return m.start()
    return min(len(text), 1500)


def find_citations(
    text: str,
    *,
    own_number: str | None = None,
    own_titles: tuple[str, ...] = (),
    self_spans: tuple[Span, ...] = (),
) -> list[Citation]:
    """Every reference to another document in ``text``, one citation per document."""
    known = known_agency_codes()
    numbers = find_doc_numbers(text, known)
    used: set[int] = set()
    own_keys = {_key(t) for t in own_titles if t}
    pre = preamble_end(text)
    found: list[Citation] = []
    for q in find_quotes(text):
        title = q.title.strip()
        if _GENERIC_TITLE.match(title) or re.search(r"(?:简称|下称|以下称)\s*$", text[max(0, q.start - 6) : q.start]):
            continue  # 《方案》, 以下简称《意见》: the document's own short name
        d = _number_right_after(text, q.end, numbers)
        if d is not None:
            used.add(d.span.start)
        if _key(title) in own_keys and (d is None or d.number == own_number):
            continue
        if d is None and any(sp.start <= q.start < sp.end for sp in self_spans):
            continue
        if d is not None and own_number and d.number == own_number:
            continue
        span = Span(q.start, d.span.end + (1 if text[d.span.end : d.span.end + 1] in (")", "）") else 0)) if d else Span(q.start, q.end)
        found.append(_citation(text, title, d, span, pre))
    for d in numbers:
        if d.span.start in used or d.number == own_number:
            continue
        if any(c.span.start <= d.span.start < c.span.end for c in found):
            continue
        found.append(_citation(text, None, d, d.span, pre))
    return merge_citations(found)


def _citation(text: str, title: str | None, d: DocNumber | None, span: Span, pre: int) -> Citation:
    s, e = sentence_bounds(text, span.start, span.end)
    c = Citation(
        doc_number=d.number if d else None,
        title=title,
        relation=classify(text, span.start, span.end, pre),
        span=span,
        sentence=text[s:e].strip(),
        placeholder=bool(d and d.placeholder),
    )
    if d is not None:
        agency = decode_agency(d.agency if not d.decree else re.sub(r"(?:令|公告)$", "", d.agency))
        if agency is None and d.decree:
            agency = decode_agency(d.agency)
        if agency is not None:
            c.issuer, c.level, c.region = agency.issuer or None, agency.level or None, agency.region
    return c


def _key(title: str | None) -> str:
    return re.sub(r"[\s《》〈〉<>“”\"'‘’]", "", title or "")


def merge_citations(citations: list[Citation]) -> list[Citation]:
    """One citation per cited document: same number (not a placeholder), or same title
    when the number is absent or a placeholder. The strongest relation wins
    (implements > plans > cites); a number or title known from one mention fills the other.
    """
    out: list[Citation] = []
    for c in citations:
        match = None
        for o in out:
            same_number = c.doc_number and o.doc_number == c.doc_number and not c.placeholder
            same_title = c.title and _key(o.title) == _key(c.title) and (
                not c.doc_number or not o.doc_number or c.doc_number == o.doc_number
            )
            if same_number or same_title:
                match = o
                break
        if match is None:
            out.append(c)
            continue
        if RELATION_RANK[c.relation] > RELATION_RANK[match.relation]:
            match.relation = c.relation
        match.doc_number = match.doc_number or c.doc_number
        match.title = match.title or c.title
        match.issuer = match.issuer or c.issuer
        match.level = match.level or c.level
        match.region = match.region or c.region
    return out
