"""References to other documents: 《title》 with or without 发文字号, or a 发文字号 alone.

Each citation gets a relation (``seeds/gold/FORMAT.md``):

* ``implements`` — named as the basis of this document (为贯彻落实《…》…制定本方案;
  根据《…》…结合本市实际; a basis cue in the preamble);
* ``plans`` — a document this one calls for (制定《…》, 出台《…》, 定期发布《…》);
* ``cites`` — any other reference.

Not citations: the document itself (its own title, what it issues, 本办法), its attachments,
short forms it defines (以下简称《办法》), and what ``kg/data/non_documents.tsv`` names:
certificates, forms, books and newspapers, works, speeches, meetings. A report that the
text forwards or attaches is cited, but its own basis clauses are not this document's.
Laws are also found without book-title marks after a verb (落实网络安全法和…).

>>> from kg.models import Span
>>> text = "为贯彻落实《国家职业教育改革实施方案》（国发〔2019〕4号），结合我市实际，制定本方案。制定《某某办法》。"
>>> [(c.title, c.doc_number, c.relation) for c in find_citations(text)]
[('国家职业教育改革实施方案', '国发〔2019〕4号', 'implements'), ('某某办法', None, 'plans')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from kg.extract import regexes as rx
from kg.extract.docnumber import DocNumber, find_doc_numbers
from kg.extract.layout import Segment, book_title_spans, flat_titles, segments, sentence_bounds, unwrap
from kg.models import Citation, Span
from kg.reference import decode_agency, known_agency_codes

#: patterns of this module's functions, compiled once
_BASIS_BEFORE = re.compile(r"(?:根据|按照|依据|落实|贯彻)[^，,。]*$")
_DECREE_TAIL = re.compile(r"(?:令|公告)$")

RELATION_RANK = {"implements": 3, "plans": 2, "cites": 1}
NON_DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "non_documents.tsv"
# 〔〕 written as small brackets (﹝2014﹞): same length, so spans stay valid
_YEAR_BRACKETS = str.maketrans("﹝﹞", "〔〕")
# A title that a hard-wrapped text breaks over two lines (《数字\n中国建设整体布局规划》), or
# over a blank line between them (a page's end, paragraphs kept apart by blank lines: 《浙江\n\n
# 省测绘管理条例》): each character of the break becomes a zero-width mark (the same length),
# taken out of the title again
_WRAPPED_TITLE = re.compile(r"《[^《》\n]{1,60}\n(?:[ \t\u3000]*\n)?[^《》\n]{0,60}?》")
_BREAK = re.compile(r"\n(?:[ \t\u3000]*\n)?")
_JOIN = "\u200b"
_QUALIFIER = re.compile(r"[ \t]*[（(][^（()）]{1,20}[)）][ \t]*$")


@dataclass(frozen=True)
class _Context:
    preamble_end: int
    #: offsets where another body's document begins (forwarded or attached)
    embedded: tuple[int, ...] = ()
    #: the text with a page layout's line breaks made spaces (:func:`kg.extract.layout.unwrap`),
    #: what a reference's sentence is read in
    flat: str = ""

    def foreign(self, pos: int) -> bool:
        """``pos`` stands after the start of an embedded document (none in most texts)."""
        return bool(self.embedded) and min(self.embedded) <= pos


class _Quote(NamedTuple):
    title: str
    start: int  # of 《
    end: int  # after 》


def join_wrapped_titles(text: str) -> str:
    r"""``text`` with the line break inside a title that wraps over two lines replaced by a
    zero-width mark, so that offsets stay the same.

    >>> join_wrapped_titles("落实《数字\n中国规划》和\n《甲》").split("\n")
    ['落实《数字\u200b中国规划》和', '《甲》']
    >>> join_wrapped_titles("施行。《浙江\n\n省条例》同时废止。") == "施行。《浙江\u200b\u200b省条例》同时废止。"
    True
    """
    if flat_titles(text):
        return text  # (every 《 closes on its line: no title wraps)
    return _WRAPPED_TITLE.sub(lambda m: _BREAK.sub(lambda b: _JOIN * len(b.group(0)), m.group(0)), text)


def find_quotes(text: str) -> list[_Quote]:
    """Outermost 《…》 pairs; nested 《…〈…〉…》 and 《…《…》…》 stay inside the outer title.

    >>> [q.title for q in find_quotes("《关于印发〈广州市办法〉的通知》和《甲乙》")]
    ['关于印发〈广州市办法〉的通知', '甲乙']
    """
    return list(_quotes(text))


@lru_cache(maxsize=4)
def _quotes(text: str) -> tuple[_Quote, ...]:
    """The quotes of ``text`` (read once per text)."""
    out: list[_Quote] = []
    for start, end in book_title_spans(text):
        title = text[start + 1 : end - 1]
        if 2 <= len(title) <= 150 and "\n" not in title and rx.TITLE_OK.search(title):
            out.append(_Quote(title, start, end))
    return tuple(out)


@dataclass(frozen=True)
class Lexicon:
    """What a 《…》 can name that is not a document (``kg/data/non_documents.tsv``)."""

    end: dict[str, str]
    keep: frozenset[str]
    before: dict[str, str]
    after: dict[str, str]
    modifiers: tuple[str, ...]

    @cached_property
    def before_words(self) -> tuple[str, ...]:
        """The words of :attr:`before`, for one ``str.endswith``."""
        return tuple(self.before)

    @cached_property
    def after_words(self) -> tuple[str, ...]:
        """The words of :attr:`after`, for one ``str.startswith``."""
        return tuple(self.after)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    rows: dict[str, dict[str, str]] = {"end": {}, "keep": {}, "before": {}, "after": {}, "modifier": {}}
    for line in NON_DOCUMENTS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("word\t"):
            continue
        word, where, kind = line.split("\t")[:3]
        rows[where][word] = kind
    return Lexicon(rows["end"], frozenset(rows["keep"]), rows["before"], rows["after"], tuple(rows["modifier"]))


@lru_cache(maxsize=1)
def _endings() -> tuple[frozenset[str], int]:
    """The words a non-document's title ends with (or that keep it a document), and the
    length of the longest."""
    lex = lexicon()
    words = frozenset((*lex.end, *lex.keep))
    return words, max(map(len, words), default=0)


def _longest_ending(title: str) -> str | None:
    """The longest of :func:`_endings` that ``title`` ends with (``None`` when none)."""
    words, longest = _endings()
    for k in range(min(len(title), longest), 0, -1):
        if title[-k:] in words:
            return title[-k:]
    return "" if "" in words else None


def non_document(title: str, before: str = "", after: str = "") -> str | None:
    """The kind of thing a 《title》 names when it is not a document, else ``None``.

    ``before`` and ``after`` are the text around the 《…》 (a run of titles counts as one).

    >>> non_document("广东省居住证"), non_document("天河区人才公寓申请表（个人）"), non_document("人民日报")
    ('certificate', 'form', 'press')
    >>> non_document("在全国科技大会上的讲话"), non_document("人世间", after="《我们这十年》等一批网络电影")
    ('speech', 'work')
    >>> non_document("市场准入负面清单"), non_document("某省实施办法"), non_document("城市居住区规划设计标准")
    (None, None, None)
    >>> non_document("某省人民政府公报"), non_document("2020年某市国民经济和社会发展统计公报")
    ('press', None)
    """
    lex = lexicon()
    kind = _kind_by_ending(title)
    if kind is not None:
        return kind
    # (the run of titles before or after is empty when no title mark is there)
    run_before = before[: len(before) - len(rx.QUOTE_RUN_BEFORE.search(before).group(0))].rstrip() if "》" in before else before.rstrip()
    if run_before.endswith(lex.before_words):  # (one test for all the words, then which one)
        for word, kind in lex.before.items():
            if run_before.endswith(word):
                return kind
    rest = after[len(rx.QUOTE_RUN_AFTER.match(after).group(0)) :].lstrip() if "《" in after else after.lstrip()
    rest = rest[1:] if rest.startswith("等") else rest
    changed = rest.startswith(lex.modifiers)
    while changed:
        changed = False
        for m in lex.modifiers:
            if rest.startswith(m):
                rest, changed = rest[len(m) :].lstrip("、"), True
    if rest.startswith(lex.after_words):
        for word, kind in lex.after.items():
            if rest.startswith(word):
                return kind
    return None


@lru_cache(maxsize=1 << 12)
def _kind_by_ending(title: str) -> str | None:
    """The kind of non-document a title's ending names (its bracketed qualifiers taken off),
    or ``None`` when the ending tells nothing or keeps it a document (kept: titles recur).

    >>> _kind_by_ending("天河区人才公寓申请表（个人）"), _kind_by_ending("某省实施办法")
    ('form', None)
    """
    lex = lexicon()
    bare = title.strip()
    while _QUALIFIER.search(bare) and len(_QUALIFIER.sub("", bare)) >= 2:
        bare = _QUALIFIER.sub("", bare)
    longest = _longest_ending(bare)
    return lex.end[longest] if longest is not None and longest not in lex.keep else None


def own_attachment(text: str, start: int, end: int) -> bool:
    """A 《…》 marked as this document's attachment: 《…申请表》（附件2）, or listed on an
    附件 line (附件：1.《…》)."""
    after = text[end : end + 16]
    if "附件" in after and rx.OWN_ATTACHMENT.match(after):  # (both patterns hold 附件: tried where it is)
        return True
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    return "附件" in before and bool(rx.ATTACHMENT_LINE.match(before)) and "。" not in before


def defined_short_forms(text: str) -> set[str]:
    """Short forms the text defines for a document it names: （以下简称《办法》）, （简称
    《森林法》《森林法实施条例》）, （以下简称个人所得税法）. Their later mentions are that
    document, not another citation.

    >>> sorted(defined_short_forms("《某某条例》（以下简称《条例》）和《甲法》（简称甲法）"))
    ['条例', '甲法']
    """
    out: set[str] = set()
    if "称" not in text:
        return out  # (every cue holds 称: 以下简称, 下称, 简称)
    for start, end in book_title_spans(text):
        if text.find("称", max(0, start - 60), start) < 0:
            continue
        before = text[max(0, start - 60) : start]
        run = rx.QUOTE_RUN_BEFORE.search(before).group(0)
        if rx.SHORT_FORM_BEFORE.search(before[: len(before) - len(run)]):
            out.add(_key(text[start + 1 : end - 1]))
    for m in rx.finditer_near(rx.SHORT_FORM_PLAIN, text, rx.SHORT_FORM_PLAIN_ANCHOR):
        out.add(_key(m.group("short")))
    return out


def forwarded_titles(text: str) -> set[str]:
    """Titles that a 转发 sentence forwards: the forwarded document is cited, not the
    notice itself (FORMAT.md: the notice's own title is its title)."""
    out: set[str] = set()
    if not rx.FORWARDING.search(text):
        return out  # (blanking the titles of a sentence adds no cue: the cue must be in the text)
    for q in find_quotes(text):
        s, e = sentence_bounds(text, q.start, q.end)
        after = text[q.end : e]
        if rx.FORWARDING.search(after) and rx.FORWARDING.search(_unquoted(after)):
            out.add(_key(q.title))
    return out


def self_issued_titles(text: str) -> set[str]:
    """Titles the text issues as itself (现发布《…》; 制定了《…》，现印发施行; 现将《…》印发给
    你们): the document, not a citation, also when no header names it.

    >>> sorted(self_issued_titles("根据需要，现发布《甲指南》。市局制定了《乙办法》，现印发施行。现将《丙报告》转发给你们。现将《丁方案》印发给你们。"))
    ['丁方案', '乙办法', '甲指南']
    >>> self_issued_titles("根据《丁意见》要求，经研究，现印发给你们。《戊条例》已经2018年12月18日国务院第33次常务会议通过，现予公布。")
    {'戊条例'}
    """
    out: set[str] = set()
    if "现" not in text:
        return out  # (every cue holds 现: 现发布, 现将, 现印发)
    cue_before, cue_after = rx.SELF_ISSUED_AROUND
    for q in find_quotes(text):
        if text.find("现", max(0, q.start - 12), q.start) >= 0:
            before = text[max(0, q.start - 12) : q.start]
            if rx.SELF_ISSUED_BEFORE.search(before) or (cue_before.search(before) and cue_after.match(text[q.end : q.end + 60])):
                out.add(_key(q.title))
                continue
        if text.find("现", q.end, q.end + 100) >= 0 and rx.SELF_ISSUED_AFTER.match(text[q.end : q.end + 100]):
            if not rx.BASIS_CUE.search(text[max(0, q.start - 12) : q.start]):
                out.add(_key(q.title))  # not 根据《…》…，现印发给你们: that one is the basis
    return out


def embedded_documents(text: str, own_keys: set[str]) -> list[int]:
    r"""Where the text of another body's document begins inside this one: a forwarded
    report or an attached letter, seen as a title (one to three lines) followed by an
    addressee line (国务院：) once the body has begun. Its basis clauses are its own, not
    this document's.

    >>> t = "国务院办公厅关于某事的复函\n湖北省人民政府：\n你省请示收悉。\n附件\n关于某事的\n调研报告\n国务院：\n为落实…。"
    >>> [t[i:i + 5] for i in embedded_documents(t, set())]
    ['关于某事的']
    >>> t = "现将《甲通知》转发给你们。\n乙市人民政府办公室\n2024年5月11日\n甲省人民政府办公厅关于某事的通知\n甲政办〔2024〕6号\n各市人民政府：\n为贯彻《丙法》…。"
    >>> [t[i:i + 6] for i in embedded_documents(t, set())]
    ['甲省人民政府']
    """
    body = text.find("。")  # (the body has begun from the segment that holds the first 。)
    if body < 0:
        return []
    segs = segments(text)
    out: list[int] = []
    for i in _colon_ended(text, segs, body):
        seg = segs[i]
        if not rx.ADDRESSEE_LINE.match(seg.text):
            continue
        lines: list[Segment] = []
        for k, prev in enumerate(reversed(segs[max(0, i - 4) : i])):
            if k == 0 and "号" in prev.text and (d := rx.DOC_NUMBER.search(prev.text)) and d.group().strip() == prev.text.strip():
                continue  # (the forwarded document's 发文字号, between its title and its addressee)
            if rx.NOT_TITLE_LINE.search(prev.text) or rx.NUMBERED.match(prev.text) or rx.ATTACHMENT_LINE.match(prev.text):
                break
            lines.insert(0, prev)
        title = "".join(x.text for x in lines)
        if lines and rx.TITLE_END.search(title) and _key(title) not in own_keys:
            out.append(lines[0].start)
    return out


def _colon_ended(text: str, segs: list[Segment], after: int) -> list[int]:
    r"""The indexes of the segments that end with a colon (：or :) after offset ``after``, in
    order: found from the colons of the text (a few) instead of reading every segment.

    >>> t = "甲：\n乙丙\n丁：戊\n己:"
    >>> _colon_ended(t, segments(t), 0), _colon_ended(t, segments(t), 3)
    ([0, 3], [3])
    """
    ends = [seg.end for seg in segs] if segs else []
    found: list[int] = []
    for colon in "：:":
        at = text.find(colon, after)
        while at >= 0:
            i = bisect_left(ends, at + 1)
            if i < len(ends) and ends[i] == at + 1:
                found.append(i)  # (a segment ends right after the colon)
            at = text.find(colon, at + 1)
    return sorted(found)


def _unquoted_laws(text: str, skip: set[str], ctx: _Context) -> list[Citation]:
    """Laws named without book-title marks after a verb (严格落实网络安全法和…); a name of
    two characters (宪法, 刑法) is left out: 遵守宪法和法律 is a formula, not a reference."""
    quoted = book_title_spans(text)
    out: list[Citation] = []
    for m in rx.search_from_anchors(rx.UNQUOTED_LAW, text, rx.UNQUOTED_LAW_ANCHOR):
        title, start = m.group("title"), m.start("title")
        name = title.removeprefix("中华人民共和国")
        if rx.NOT_A_LAW.search(name) or len(name) < 3 or _key(title) in skip:
            continue
        if any(a <= start < b for a, b in quoted):
            continue
        out.append(_citation(text, title, None, Span(start, m.end("title")), ctx))
    return out


def _number_right_after(text: str, end: int, numbers: list[DocNumber], starts: list[int]) -> DocNumber | None:
    """A 发文字号 in brackets right after a title: 《…》（国发〔2019〕4号） (``starts``: where
    each of ``numbers``, in text order, starts)."""
    m = rx.NUMBER_AFTER.match(text[end : end + 40])
    offset = end + (m.end() if m else 0)
    i = bisect_left(starts, offset)  # the first number at or after the offset, if it is close
    return numbers[i] if i < len(starts) and starts[i] <= offset + 2 else None


def _number_right_before(text: str, start: int, numbers: list[DocNumber], starts: list[int]) -> DocNumber | None:
    """The order or number that published the title at ``start``, written before it
    (…人民政府令第41号公布的《…》, 国发〔2019〕4号印发的《…》).

    >>> t = "2011年9月20日甲市人民政府令第41号公布的《甲市管理办法》同时废止。"
    >>> [(c.title, c.doc_number) for c in find_citations(t)]
    [('甲市管理办法', '甲市人民政府令第41号')]
    """
    gap = _PUBLISHED_BY.search(text, max(0, start - 6), start)
    if gap is None:
        return None
    i = bisect_left(starts, gap.start()) - 1  # (the last number that starts before the gap)
    return numbers[i] if i >= 0 and numbers[i].span.end == gap.start() else None


#: the words between a number and the title it published: 公布的, 发布的, 印发的
_PUBLISHED_BY = re.compile(r"(?:公布|发布|印发|颁布)的$")
_TITLE_INSIDE = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》")
_NOT_KEY = re.compile(r"[\s《》〈〉<>“”\"'‘’\u200b]")


def _unquoted(s: str) -> str:
    """Text with the titles inside 《…》 blanked, so that words of a title are not cues."""
    return _TITLE_INSIDE.sub("《》", s) if "《" in s else s


def classify(
    text: str, start: int, end: int, preamble_end: int, *, foreign: bool = False, sentence: tuple[int, int] | None = None
) -> str:
    r"""Relation of the reference at ``[start, end)`` from the words around it.

    ``foreign``: the reference stands in another body's document that this one forwards or
    attaches; that document's basis is not this one's. ``sentence``: the bounds
    :func:`~kg.extract.layout.sentence_bounds` gives for the reference, when known.

    >>> t = "根据《甲法》，制定本条例。\n第二条 依照《乙法》的规定处罚。"
    >>> classify(t, 2, 6, 0), classify(t, 20, 24, 0)
    ('implements', 'cites')
    >>> t = "司里组织起草了《甲规范（试行）》初稿，并编制形成《乙报告》。"
    >>> classify(t, t.index("《甲"), t.index("初稿"), 0), classify(t, t.index("《乙"), len(t) - 1, 0)
    ('plans', 'plans')
    """
    s, e = sentence or sentence_bounds(text, start, end)
    if rx.DRAFT_AFTER.match(text[end : end + 8]):
        return "plans"  # 组织起草了《…（试行）》初稿: the document is being made
    if _planned(text, start, s):
        return "cites" if rx.ATTACHED.match(text[end : end + 12]) else "plans"
    if amendment_record(text, start, end):
        return "cites"
    if not foreign and _named_as_basis(text, start, end, preamble_end, (s, e)):
        return "implements"
    return "cites"


def _planned(text: str, start: int, s: int) -> bool:
    """制定《…》, 出台《…》, 抓紧完成或完善《…》: a document this one calls for (``s``: where
    the sentence that holds ``start`` starts)."""
    urged = text[max(0, start - 16) : start]
    if urged.rstrip()[-1:] not in _PLAN_VERB_LAST:
        return False  # (no verb of either pattern ends right before the reference)
    if rx.PLAN_URGED.search(urged):
        return True
    before = text[max(0, start - 12) : start]
    if not rx.PLAN_CUE.search(before) or rx.PLAN_NEGATIVE.search(before):
        return False
    if _BASIS_BEFORE.search(before):
        return False
    return not rx.PLAN_DONE.search(_unquoted(text[s:start]))


#: the last characters of the verbs that :data:`rx.PLAN_URGED` and :data:`rx.PLAN_CUE` end with
#: (完成, 完善, 修订, 修改, 编制, 制定, 出台; 研究制定, 定期发布, 起草, 拟定, 修订完善, 撰写 …), before white space
_PLAN_VERB_LAST = frozenset("成善订改制定台布草写")


def amendment_record(text: str, start: int, end: int) -> bool:
    """A mention in a law's enactment history (…《关于修改…的决定》第二次修正)."""
    after = text[end : end + 12]
    return ("修" in after and bool(rx.AMENDMENT_RECORD.match(after))) or history_line(text, start, end)  # (修正, 修订, 修改)


def history_line(text: str, start: int, end: int) -> bool:
    """``[start, end)`` stands on a line of an enactment history (2015年6月8日 …公告第18号公布)."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start : line_start + 1] not in _HISTORY_FIRST:
        return False  # (the line cannot open as HISTORY_LINE does)
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return bool(rx.HISTORY_LINE.match(line) and rx.HISTORY_EVENT.search(_unquoted(line)))


#: the characters a line :data:`kg.extract.regexes.HISTORY_LINE` matches can open with
_HISTORY_FIRST = " \t（(根12〇○零一二三四五六七八九"


def _named_as_basis(text: str, start: int, end: int, preamble_end: int, sentence: tuple[int, int]) -> bool:
    """FORMAT.md: implements = named as the basis in the preamble or the guiding section
    (``sentence``: the bounds of the sentence that holds the reference)."""
    s, e = sentence
    last_mark = _UP_TO_LAST_CLAUSE_MARK.match(text, s, start)  # (read back from start: one pass)
    near = _unquoted(text[last_mark.end() if last_mark else s : start])
    if (
        rx.BASIS_CUE.search(near)
        or rx.PURPOSE_IMPLEMENT.search(near)
        or (
            rx.BASIS_CUE.search(_unquoted(text[s:start]))
            and not rx.ISSUED_BY.search(near)  # 为落实…工作，市政府印发《…》: the object of 印发
            and not rx.NOT_BASIS.search(_unquoted(text[s:e]))
        )
    ):
        if start < preamble_end:
            return True
        sentence_text = _unquoted(text[s:e])
        making = rx.MAKING_CUE.search(sentence_text) or rx.MAKING_NEXT.match(text[e : e + 40])
        return bool(making or in_guiding_section(text, start) or _under_heading(text, start, rx.BACKGROUND_HEADING))
    sentence_text = _unquoted(text[s:e])
    if rx.NOT_BASIS.search(sentence_text):
        return False
    after = _unquoted(text[end:e])
    if rx.FORWARDING.search(after) and rx.CARRY_OUT.search(_unquoted(text[end : e + 30])):
        return True  # 《…》已经国务院同意，现转发给你们，请认真贯彻执行 (or in the next sentence)
    if start < preamble_end and (rx.DEPLOYED.search(sentence_text) or rx.DIRECTIVE_DEMANDS.match(text[end : end + 40])):
        if rx.MAKING_CUE.search(text[e : e + 400]):
            return True
    return _under_heading(text, start, rx.BASIS_HEADING)


#: the marks after which a clause starts (:func:`_named_as_basis`)
_CLAUSE_MARKS = "，,；;：:"
#: a text up to its last clause mark (the pattern runs to the end, then back to the mark)
_UP_TO_LAST_CLAUSE_MARK = re.compile(f"(?s:.*)[{_CLAUSE_MARKS}]")


def in_guiding_section(text: str, start: int) -> bool:
    r"""In the guiding section (指导思想, 总体要求), which FORMAT.md counts with the preamble:
    a paragraph opening with that heading, or an unnumbered paragraph right under it.

    >>> t = "一、总体要求\n（一）指导思想。深入贯彻落实《甲纲要》。\n（二）主要目标。落实《乙规划》。"
    >>> in_guiding_section(t, t.index("《甲")), in_guiding_section(t, t.index("《乙"))
    (True, False)
    """
    line_start = text.rfind("\n", 0, start) + 1
    if _guiding(text[line_start:start]):
        return True
    if rx.NUMBERED.match(text[line_start:start]):
        return False  # （一）… under 一、总体要求 is an item of its own
    prev = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1 : max(0, line_start - 1)]
    return _guiding(prev) and len(prev.strip()) <= 12


def _guiding(line: str) -> bool:
    """:data:`rx.GUIDING` matches ``line`` (tried when the line holds 指导思想 or 总体: most do not)."""
    return ("指导思想" in line or "总体" in line) and rx.GUIDING.match(line) is not None


def _under_heading(text: str, start: int, heading_re: re.Pattern[str]) -> bool:
    """The reference stands in a section whose heading is ``heading_re`` (…依据, …背景)."""
    heading = _last_heading(text, start, heading_re)
    if heading is None or "\n" not in text[heading.end() : start]:
        return False
    return not rx.CN_NUMBERED_LINE.search(text[heading.end() : start])


#: the words one of which every match of a heading pattern holds (:func:`_under_heading`)
_HEADING_WORDS = {rx.BASIS_HEADING: ("依据",), rx.BACKGROUND_HEADING: ("背景", "依据")}


def _last_heading(text: str, start: int, heading_re: re.Pattern[str]) -> re.Match[str] | None:
    r"""The last match of ``heading_re`` in ``text[:start]`` (a whole line, cut at ``start``,
    that holds one of its words): the lines holding a word are tried from the last one
    back, not every line of the text from the first.

    >>> t = "一、背景\n甲。\n二、依据\n乙《丙》"
    >>> _last_heading(t, len(t) - 3, rx.BACKGROUND_HEADING).group(), _last_heading(t, 4, rx.BASIS_HEADING)
    ('二、依据', None)
    """
    words = _HEADING_WORDS[heading_re]
    end = start
    while True:
        at = max(text.rfind(w, 0, end) for w in words)
        if at < 0:
            return None  # (no heading before: every one holds one of its words)
        line_start = text.rfind("\n", 0, at) + 1
        m = heading_re.match(text, line_start, start)
        if m is not None:
            return m
        end = line_start  # (the other words of that line are on the same line)


def preamble_end(text: str) -> int:
    r"""End of the preamble: the first numbered heading after the opening lines (in a
    document of articles, the first chapter or the first article after 第一条).

    >>> preamble_end("一、总则\n为了…\n二、任务"), preamble_end("为了…")
    (9, 3)

    A text that opens with a section of tasks (一、推动…建设\n1.按照《…》的要求…) has none: what
    its first section names is a task's, not the basis of the whole.

    >>> preamble_end("一、推动智慧法院建设\n1.按照《甲纲要》的要求推进。\n二、任务")
    0
    """
    first = _FIRST_SECTION.match(text)
    if first and not _GENERAL_SECTION.search(first.group("words")):
        return first.start("head")
    m = _PREAMBLE_END_LINE.search(text)
    return m.start() + 1 if m else min(len(text), 1500)


#: the heading of a first section a text opens with (一、…), and its words
_FIRST_SECTION = re.compile(r"\s*(?P<head>[一二三四五六七八九十]+、)(?P<words>[^\n]{0,40})\n")
#: what the first section of a text holds when it holds the basis of the whole: its general
#: part (总则, 总体要求, 指导思想, 背景, 目标 …)
_GENERAL_SECTION = re.compile(r"总则|总体|指导|要求|目标|原则|背景|意义|形势|思路|基本|目的|依据|适用|范围|概述|现状|基础|情况")


#: the line break before a line after the first that :data:`rx.PREAMBLE_END` matches (its
#: matches start at line starts: a search for the break scans for one character, where the
#: line-start pattern is tried at every character)
_PREAMBLE_END_LINE = re.compile("\n(?=" + rx.PREAMBLE_END.pattern.removeprefix("(?m)^") + ")")


def find_citations(
    text: str,
    *,
    own_number: str | None = None,
    own_titles: tuple[str, ...] = (),
    self_spans: tuple[Span, ...] = (),
) -> list[Citation]:
    """Every reference to another document in ``text``, one citation per document.

    Not citations (FORMAT.md): the document itself and its attachments, short forms the
    text defines, and what ``kg/data/non_documents.tsv`` names (forms, certificates,
    books, newspapers, works, speeches, meetings).

    >>> [(c.title, c.relation) for c in find_citations("根据《中华人民共和国甲法》（以下简称《甲法》），制定本条例。第九条 违反《甲法》的，填写《乙申请表》。")]
    [('中华人民共和国甲法', 'implements')]
    """
    if "﹝" in text or "﹞" in text:  # (translate reads every character: only when needed)
        text = text.translate(_YEAR_BRACKETS)
    text = join_wrapped_titles(text)  # spans stay valid
    numbers = find_doc_numbers(text, known_agency_codes())
    starts = [d.span.start for d in numbers]
    used: set[int] = set()
    forwarded = forwarded_titles(text)
    own_keys = ({_key(t) for t in own_titles if t} | self_issued_titles(text)) - forwarded
    shorts = defined_short_forms(text)
    # (the words around a reference are read across a page layout's line breaks: 根据《甲》、\n《乙》
    # 等文件精神，制定本计划 is one sentence; same length, so spans stay valid)
    flat = unwrap(text) if "\n" in text else text
    ctx = _Context(preamble_end(text), tuple(embedded_documents(text, own_keys)), flat)
    found: list[Citation] = []
    for q in find_quotes(text):
        title = q.title.replace(_JOIN, "").strip()
        d = _number_right_after(text, q.end, numbers, starts)
        if d is None and "的" in text[max(0, q.start - 3) : q.start]:
            d = _number_right_before(text, q.start, numbers, starts)
        if d is None and title.endswith(("）", ")")) and (inner := _number_closing_title(text, q, numbers, starts)):
            d, title = inner  # 《新一代人工智能发展规划（国发〔2017〕35号）》: the number written inside the marks
        if d is not None:
            used.add(d.span.start)
        if _not_a_citation(text, q, title, d, own_keys, shorts, own_number, self_spans):
            continue
        if d is None:
            span = Span(q.start, q.end)
        elif d.span.start < q.start:  # (the number that published it, before: 令第41号公布的《…》)
            span = Span(d.span.start, q.end)
        else:
            span = Span(q.start, d.span.end + (1 if text[d.span.end : d.span.end + 1] in (")", "）") else 0))
        found.append(_citation(text, title, d, span, ctx))
    for d in numbers:
        if d.span.start in used or d.number == own_number:
            continue
        if d.span.start < ctx.preamble_end and history_line(text, d.span.start, d.span.end):
            continue  # the order or notice that published this document (or its earlier version)
        if any(c.span.start <= d.span.start < c.span.end for c in found):
            continue
        found.append(_citation(text, None, d, d.span, ctx))
    found.extend(_unquoted_laws(text, own_keys | shorts, ctx))
    found.sort(key=lambda c: c.span.start)
    return merge_citations(found)


def _number_closing_title(text: str, q: _Quote, numbers: list[DocNumber], starts: list[int]) -> tuple[DocNumber, str] | None:
    """The 发文字号 a title closes with in brackets inside its marks (《X（国发〔2017〕35 号）》),
    and the title without it.

    >>> t = "落实《新一代人工智能发展规划（国发〔2017〕35 号）》。"
    >>> q = find_quotes(t)[0]
    >>> ns = find_doc_numbers(t, known_agency_codes())
    >>> d, title = _number_closing_title(t, q, ns, [n.span.start for n in ns])
    >>> d.number, title
    ('国发〔2017〕35号', '新一代人工智能发展规划')
    """
    i = bisect_left(starts, q.start)
    for d in numbers[i:]:
        if d.span.start >= q.end:
            break
        if text[d.span.start - 1 : d.span.start] in ("（", "(") and text[d.span.end : q.end - 1].strip() in ("）", ")"):
            title = text[q.start + 1 : d.span.start - 1].replace(_JOIN, "").strip()
            return (d, title) if title else None
    return None


def _not_a_citation(
    text: str, q: _Quote, title: str, d: DocNumber | None, own_keys: set[str], shorts: set[str],
    own_number: str | None, self_spans: tuple[Span, ...],
) -> bool:
    """The quote names this document, a part of it, a short form, or no document at all."""
    if d is not None and own_number and d.number == own_number:
        return True
    if d is not None:
        return False
    if rx.GENERIC_TITLE.match(title) or (key := _key(title)) in shorts or key in own_keys:
        return True  # 《方案》, 以下简称《意见》, the plan this notice issues
    if any(sp.start <= q.start < sp.end for sp in self_spans):
        return True
    if own_attachment(text, q.start, q.end):
        return True
    return non_document(title, text[max(0, q.start - 8) : q.start], text[q.end : q.end + 24]) is not None


def _citation(text: str, title: str | None, d: DocNumber | None, span: Span, ctx: _Context) -> Citation:
    flat = ctx.flat or text
    s, e = sentence_bounds(flat, span.start, span.end)
    c = Citation(
        doc_number=d.number if d else None,
        title=title,
        relation=classify(flat, span.start, span.end, ctx.preamble_end, foreign=ctx.foreign(span.start), sentence=(s, e)),
        span=span,
        sentence=text[s:e].replace(_JOIN, "").strip(),
        placeholder=bool(d and d.placeholder),
    )
    if d is not None:
        agency = decode_agency(d.agency if not d.decree else _DECREE_TAIL.sub("", d.agency))
        if agency is None and d.decree:
            agency = decode_agency(d.agency)
        if agency is not None:
            c.issuer, c.level, c.region = agency.issuer or None, agency.level or None, agency.region
    return c


def _key(title: str | None) -> str:
    return _title_key(title) if title else ""


@lru_cache(maxsize=1 << 14)
def _title_key(title: str) -> str:
    """A title without white space, marks and quotes (kept: a title is compared many times)."""
    return _NOT_KEY.sub("", title)


def merge_citations(citations: list[Citation]) -> list[Citation]:
    """One citation per cited document: same number (not a placeholder), or same title
    when the number is absent or a placeholder. The strongest relation wins
    (implements > plans > cites): FORMAT.md makes a document ``implements`` when this one
    names it as its basis, wherever else it is mentioned; mentions inside another body's
    forwarded or attached document are classified ``cites`` beforehand, so a reply that
    cites the request it answers stays ``cites``. A number or title known from one mention
    fills the other.
    """
    out: list[Citation] = []
    keys: list[str] = []  # (the title key of each of out, kept as its title is filled)
    for c in citations:
        match = None
        key = _key(c.title)
        for i, o in enumerate(out):
            same_number = c.doc_number and o.doc_number == c.doc_number and not c.placeholder
            same_title = c.title and keys[i] == key and (
                not c.doc_number or not o.doc_number or c.doc_number == o.doc_number
            )
            if same_number or same_title:
                match = o
                break
        if match is None:
            out.append(c)
            keys.append(key)
            continue
        if not match.title and c.title:
            keys[i] = key  # (the title it takes below)
        if RELATION_RANK[c.relation] > RELATION_RANK[match.relation]:
            match.relation = c.relation
        match.doc_number = match.doc_number or c.doc_number
        match.title = match.title or c.title
        match.issuer = match.issuer or c.issuer
        match.level = match.level or c.level
        match.region = match.region or c.region
    return out
