"""One reading of a document: segments, numbered headings, articles, sentences and tables.

A :class:`Document` is built once per :class:`~kg.models.SourceText` by
:func:`build_document`; the extractors of measures and responsibilities are functions of
it. Every piece keeps its offsets in ``SourceText.text``.

* *segments* (:func:`kg.extract.layout.segments`): lines, or parts of a line between runs
  of spaces;
* *headings*: a segment that starts with a numbered marker (一、 （一） 1. （1） ① 第X章
  第X条, a decimal 2.1.3, a plan's box 专栏1), with its type, number as written and marker length;
* *grids*: the task tables of the source (HTML/docx tables and tables laid out in the
  text, :mod:`kg.extract.tables`), found once;
* *sentences*: the text cut at 。！？；and line breaks.

A document whose headings include at least two articles (第一条, 第二条) is read as a
document of articles: articles are its measures.

>>> from kg.models import SourceText
>>> d = build_document(SourceText("a.txt", "第一章 总则\\n第一条 为了…，制定本条例。\\n第二条 市民政部门负责本条例的实施。", "text", "0"))
>>> [(h.type, h.number) for h in d.headings], d.has_articles
([('chapter', '一'), ('article', '一'), ('article', '二')], True)
>>> [s.text for s in d.sentences][-1]
'第二条 市民政部门负责本条例的实施。'
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from kg.extract.layout import SENTENCE_ENDERS, WHITE, Segment, near_ender_bounds, segments
from kg.extract.regexes import CN_ORDINAL, CONTENTS_HEADING, CONTENTS_LEADERS, CONTENTS_LINE_END, LOST_MARK
from kg.extract.tables import Grid, TaskRow, find_text_tables, from_table, task_rows
from kg.models import SourceText

#: (type, pattern); group "n" is the number as written, "u" the unit of a chapter
HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第(?P<n>[{CN_ORDINAL}\d]{{1,4}})(?P<u>章|部分|编|节)")),
    ("article", re.compile(rf"^第(?P<n>[{CN_ORDINAL}\d]{{1,8}})条")),  # 第一百六十一条, 第一千二百五十九条
    ("cn", re.compile(rf"^(?P<n>[{CN_ORDINAL}]{{1,4}})(?:、|[．.](?!\d))")),  # 十二、2022年…; not 一.5
    ("pcn", re.compile(rf"^[（(](?P<n>[{CN_ORDINAL}]{{1,4}})[)）]")),
    ("dec", re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){1,3})(?![\d%％.])\s*(?![万亿千百元个倍年月日天家所人项吨米亩台套次只名户座条])(?=[\u3400-\u9fff])")),
    # (a private-use glyph: a mark the copy lost; 4.2021年启动…: a year after the mark, no decimal)
    ("ar", re.compile(rf"^(?P<n>\d{{1,3}})[.．、{LOST_MARK}](?:(?![\d%％])|(?=\d{{4}}\s*年))")),
    ("par", re.compile(r"^[（(](?P<n>\d{1,3})[)）]")),
    ("ar2", re.compile(r"^(?P<n>\d{1,3})[)）]")),
    ("circ", re.compile(r"^(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
    # a box of a plan (专栏1 基础理论, 任务专栏2 …, 专栏一：…): its items illustrate the measure it follows
    ("box", re.compile(rf"^(?:任务)?专栏\s*(?P<n>[{CN_ORDINAL}\d]{{1,3}})(?![\d%％年])[\s:：]*")),
)


#: what a heading's body does not start with: the spaces and marks after its marker
BODY_LEAD = " 　\t.．、"

#: the characters the marker of each type of :data:`HEADINGS` can start with
_DIGITS = "0123456789"
_OPENS_WITH = {
    "chapter": "第", "article": "第", "cn": CN_ORDINAL, "pcn": "（(", "dec": _DIGITS, "ar": _DIGITS, "par": "（(", "ar2": _DIGITS,
    "circ": "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳", "box": "专任",
}

#: the characters a heading marker can start with
HEAD_START = frozenset("".join(_OPENS_WITH.values()))


def _one_of(patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> re.Pattern[str]:
    """``patterns`` as one alternation tried in their order (the first that matches at the
    start wins, as trying each in turn does), each in a group named by its type, its own
    groups renamed ``<type>_<name>``."""
    parts = []
    for kind, rx in patterns:
        body = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{kind}_{m.group(1)}>", rx.pattern.removeprefix("^"))
        parts.append(f"(?P<{kind}>{body})")
    return re.compile("|".join(parts))


def _by_first_character() -> dict[str, re.Pattern[str]]:
    """For each character of :data:`HEAD_START`, the types of :data:`HEADINGS` whose marker
    can open with it as one pattern (:func:`_one_of`; one per set of types): the first type
    that matches is the one :data:`HEADINGS` tried in turn give, and the types that cannot
    match there are not tried."""
    by_kinds: dict[tuple[str, ...], re.Pattern[str]] = {}
    out: dict[str, re.Pattern[str]] = {}
    for ch in sorted(HEAD_START):
        kinds = tuple(kind for kind, _ in HEADINGS if ch in _OPENS_WITH[kind])
        if kinds not in by_kinds:
            by_kinds[kinds] = _one_of(tuple(h for h in HEADINGS if h[0] in kinds))
        out[ch] = by_kinds[kinds]
    return out


#: :data:`HEADINGS` in one pattern per first character: one match per segment instead of one per type
_HEADING_AT = _by_first_character()
#: the group of each type's number in the patterns of :data:`_HEADING_AT`
_NUMBER_GROUP = {kind: f"{kind}_n" for kind, _ in HEADINGS}


class Heading(NamedTuple):
    """A numbered heading at the start of ``segment`` (a tuple: made for every heading)."""

    type: str
    number: str
    unit: str
    marker_len: int
    segment: Segment

    @property
    def start(self) -> int:
        return self.segment.start

    @property
    def body(self) -> str:
        """The segment after its marker: ``（一）加强领导。`` -> ``加强领导。``."""
        return self.segment.text[self.marker_len :].lstrip(BODY_LEAD)


class Sentence(NamedTuple):
    """A sentence and its span in the text (a tuple: made for every sentence of a text)."""

    text: str
    start: int
    end: int


def match_heading(text: str) -> tuple[str, str, str, int] | None:
    """``(type, number, unit, marker_length)`` when ``text`` starts with a heading marker.

    >>> match_heading("（十四）加强领导")[:2], match_heading("2.1.3 数据治理")[:2], match_heading("2021年")
    (('pcn', '十四'), ('dec', '2.1.3'), None)
    """
    rx = _HEADING_AT.get(text[:1])
    if rx is None:
        return None  # (no marker opens with that character)
    m = rx.match(text)
    if m is None:
        return None
    kind = m.lastgroup
    return kind, m.group(_NUMBER_GROUP[kind]), (m.group("chapter_u") or "") if kind == "chapter" else "", m.end()


_STRIP = WHITE + "\n"
_E, _W = re.escape(SENTENCE_ENDERS), re.escape(_STRIP)
#: a sentence stripped of white space: up to and with its closing mark, or up to a line
#: break or the end of the text without the white space before it
_SENTENCE = re.compile(rf"(?:[^{_E}{_W}][^{_E}]*)?[{re.escape(SENTENCE_ENDERS.replace(chr(10), ''))}]|[^{_E}{_W}](?:[^{_E}]*[^{_E}{_W}])?")


#: a mark that ends a sentence within a line (:data:`kg.extract.layout.SENTENCE_ENDERS` but
#: the line break): a line holding one holds a sentence
SENTENCE_MARK = re.compile(f"[{re.escape(SENTENCE_ENDERS.replace(chr(10), ''))}]")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of ``text[start:end]``, cut after 。！？；and at line breaks, stripped.

    >>> [s.text for s in split_sentences("甲负责。乙；\\n 丙")]
    ['甲负责。', '乙；', '丙']
    >>> split_sentences("　甲 。\\n\\n ；乙 \\t")
    [Sentence(text='甲 。', start=1, end=4), Sentence(text='；', start=7, end=8), Sentence(text='乙', start=8, end=9)]
    """
    return [Sentence(m.group(), m.start(), m.end()) for m in _SENTENCE.finditer(text, start, len(text) if end is None else end)]


_T = TypeVar("_T")


class _once(Generic[_T]):
    """A property computed on first use and kept in the instance (functools.cached_property
    without its lock: a document is read by one thread, and a lock costs more than most
    of these properties).

    >>> class A:
    ...     calls = 0
    ...     @_once
    ...     def x(self) -> int:
    ...         A.calls += 1
    ...         return 7
    >>> a = A(); (a.x, a.x, A.calls)
    (7, 7, 1)
    """

    def __init__(self, fn: Callable[[Any], _T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> _T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.fn(obj)  # (found there next time: this is not called again)
        return value


@dataclass
class Document:
    """What every extractor reads of one source, computed once."""

    source: SourceText
    segments: list[Segment]
    grids: list[Grid]
    #: spans of tables (ingested and found in text) and of a table of contents
    #: (:func:`contents_spans`): no headings are read inside them
    blocked: list[tuple[int, int]]
    headings: list[Heading] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.source.text

    @_once
    def has_articles(self) -> bool:
        """A law or regulation: measures are its articles (第一条, 第二条…)."""
        return sum(1 for h in self.headings if h.type == "article") >= 2

    @_once
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text)

    def sentences_holding(self, words: re.Pattern[str], searched: str | None = None, start: int = 0) -> list[Sentence]:
        """The sentences of :attr:`sentences` where ``words`` matches, in order, found from
        the matches over the whole text (``words`` must match neither white space nor a
        sentence ender: a match then lies inside one sentence, and each sentence that
        holds one holds one of the text's). A gate for an extractor that reads only
        sentences with its words: the other sentences are not cut.

        ``searched``: a text of the same length in which ``words`` is looked for instead
        (the text with parts masked, which hold no sentence ender and no match); the
        sentences are still cut from :attr:`text`. ``start``: no match before it is looked
        for (a sentence that starts before it and holds a match after it is found).

        >>> d = build_document(SourceText("a.txt", "一、总则\\n 甲负责全面工作；乙配合。丙\\n丁负责。", "text", "0"))
        >>> hint = re.compile("负责|配合")
        >>> d.sentences_holding(hint) == [x for x in d.sentences if hint.search(x.text)]
        True
        >>> [x.text for x in d.sentences_holding(hint, "一、总则\\n 甲\\0\\0全面工作；乙配合。丙\\n丁负责。", 12)]
        ['乙配合。', '丁负责。']
        """
        text = self.text
        n = len(text)
        hay = text if searched is None else searched
        out: list[Sentence] = []
        m = words.search(hay, start)
        while m is not None:
            # (the marks around a few places are looked for near them: no table of every
            # mark of the text is made for the few sentences an extractor reads)
            s, e = near_ender_bounds(text, m.start(), m.start(), SENTENCE_ENDERS)
            if e < n and text[e] != "\n":
                e += 1  # the sentence keeps its closing mark
            piece = text[s:e].lstrip(_STRIP)
            lead = e - len(piece)
            piece = piece.rstrip(_STRIP)
            out.append(Sentence(piece, lead, lead + len(piece)))
            # the next match after the sentence (a match inside it ends inside it: those that
            # start there are passed over, not searched one by one)
            m = words.search(hay, lead + len(piece))
        return out

    @_once
    def task_rows(self) -> list[tuple[Grid, list[TaskRow]]]:
        """Each grid with its rows read as tasks (:func:`kg.extract.tables.task_rows`)."""
        return [(g, task_rows(g)) for g in self.grids]

    @_once
    def _table_cover(self) -> tuple[list[int], list[int]]:
        """The union of :attr:`blocked` as disjoint spans in order: their starts and ends."""
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted(self.blocked):
            if s >= e:
                continue  # an empty span holds no position
            if ends and s <= ends[-1]:
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        return starts, ends

    def inside_table(self, pos: int) -> bool:
        """Whether ``pos`` lies in one of the spans of :attr:`blocked` (a search in their union).

        >>> d = Document(SourceText("a.txt", "x" * 30, "text", "0"), [], [], [(2, 5), (4, 9), (9, 9), (20, 22)])
        >>> [p for p in range(30) if d.inside_table(p)]
        [2, 3, 4, 5, 6, 7, 8, 20, 21]
        """
        if not self.blocked:
            return False  # (most documents: no table)
        starts, ends = self._table_cover
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < ends[i]


def build_document(source: SourceText) -> Document:
    """Read ``source`` once: its segments, tables and numbered headings."""
    text = source.text
    grids: list[Grid] = [g for g in (from_table(t) for t in source.tables) if g is not None]
    table_spans = [t.span for t in source.tables if t.span is not None]
    grids.extend(find_text_tables(text, skip=table_spans))
    grids.sort(key=lambda g: g.start)
    blocked = sorted([(s.start, s.end) for s in table_spans] + [(g.start, g.end) for g in grids] + contents_spans(text))
    doc = Document(source, [], grids, blocked)
    segs = segments(text)
    doc.segments = segs = _outside(segs, *doc._table_cover) if blocked else segs
    doc.headings = _headings(segs)
    return doc


def contents_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the tables of contents of ``text``: two lines or more in a row (blank
    lines between them aside) that each end in a leader and a page number
    (:data:`kg.extract.regexes.CONTENTS_LINE_END`), and the lines under a 目录 of their own
    that are headings without a sentence (:func:`_listed_contents`). A document printed
    with its 目录 names every heading twice; the headings are read in the text, not in
    its contents.

    >>> t = "目 录\\n一、总体要求......1\\n（一）指导思想......1\\n\\n二、重点任务......3\\n一、总体要求\\n此后......2"
    >>> [t[s:e] for s, e in contents_spans(t)]
    ['一、总体要求......1\\n（一）指导思想......1\\n\\n二、重点任务......3']
    """
    out: list[tuple[int, int]] = []
    start = end = -1
    lines = 0
    leaders = any(x in text for x in CONTENTS_LEADERS)
    for hit in CONTENTS_LINE_END.finditer(text) if leaders else ():
        line = text.rfind("\n", 0, hit.start()) + 1
        if lines and not text[end:line].strip():
            end, lines = hit.end(), lines + 1
            continue
        if lines >= 2:
            out.append((start, end))
        start, end, lines = line, hit.end(), 1
    if lines >= 2:
        out.append((start, end))
    for hit in CONTENTS_HEADING.finditer(text):
        if text[text.rfind("\n", 0, hit.start()) + 1 : hit.start()].strip(_STRIP):
            continue  # (words before it on its line: no heading of its own)
        span = _listed_contents(text, hit.end())
        if span is not None and not any(s <= span[0] < e for s, e in out):
            out.append(span)
    return sorted(out)


#: the longest line a table of contents lists (a heading, its number and white space)
_CONTENTS_ENTRY = 60


def _listed_contents(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the entries of a table of contents whose 目录 ends at ``pos``: the lines
    after it (blank ones aside) that start with a heading marker or 附件 and hold no
    sentence, up to the first line that does not or that names the first entry again (the
    text starting); None when fewer than two.

    >>> t = "目　　录\\n第一章　总　　则\\n第二章　附　　则\\n\\n第一章 总则\\n第一条 为了规范管理，制定本法。"
    >>> s, e = _listed_contents(t, 4); t[s:e]
    '第一章　总　　则\\n第二章　附　　则'
    >>> _listed_contents("目录\\n一、这是一段正文，不是目录。\\n", 2) is None
    True
    """
    entries: list[tuple[int, int]] = []
    first = None
    at = pos
    n = len(text)
    while at < n:
        stop = text.find("\n", at + 1)
        stop = n if stop < 0 else stop
        raw = text[at:stop]
        line = raw.strip(_STRIP)
        if line:
            key = "".join(line.split())
            if (first is not None and key == first) or len(line) > _CONTENTS_ENTRY or SENTENCE_MARK.search(line) \
                    or (match_heading(line) is None and not line.startswith("附件")):
                break
            if first is None:
                first = key
            s = at + len(raw) - len(raw.lstrip(_STRIP))
            entries.append((s, s + len(line)))
        at = stop
    return (entries[0][0], entries[-1][1]) if len(entries) >= 2 else None


def _outside(segs: list[Segment], starts: list[int], ends: list[int]) -> list[Segment]:
    """The segments (in order) that start in none of the disjoint spans ``starts[k]..ends[k]``
    (in order): the segments between the spans, found by bisection, not one by one.

    >>> segs = [Segment("x", p, p + 1) for p in (0, 2, 4, 6, 8)]
    >>> [s.start for s in _outside(segs, [2, 7], [5, 8])]
    [0, 6, 8]
    """
    at = [s.start for s in segs]
    out: list[Segment] = []
    prev = 0
    for s, e in zip(starts, ends):
        i = bisect_left(at, s, prev)
        out += segs[prev:i]
        prev = bisect_left(at, e, i)
    out += segs[prev:]
    return out


def _headings(segs: list[Segment]) -> list[Heading]:
    """The segments that start with a heading marker, as :class:`Heading` s; and those that
    start with a bare number (1突破大模型关键核心技术。: a text whose marks after its numbers
    were lost), read as 1. is when they number a run of paragraphs 1, 2, 3… (:func:`_numbered_runs`)."""
    out: list[Heading] = []
    bare: list[Heading] = []
    for seg in segs:
        if seg.text[0] in HEAD_START:  # (told here first: most segments start no heading)
            hit = match_heading(seg.text)
            if hit is not None:
                out.append(Heading(*hit, seg))
            elif seg.text[0] in _DIGITS and (m := _BARE_NUMBER.match(seg.text)):
                bare.append(Heading("ar", m.group("n"), "", m.end(), seg))
    if bare and (runs := _numbered_runs(bare)):
        out = sorted(out + runs, key=lambda h: h.start)
    return out


#: a paragraph that opens with a number and no mark after it, then a word (not a unit, a
#: date's 年, a rank: 3年内…, 10个…, 5G… are none)
_BARE_NUMBER = re.compile(r"^(?P<n>\d{1,2})(?![\d.．、%％:：/])(?![万亿千百元个倍年月日天家所人项吨米亩台套次只名户座条号期届级周岁])(?=[\u4e00-\u9fff])")
#: the fewest paragraphs a run of bare numbers holds to be read as numbered headings
_FEWEST_IN_RUN = 3


def _numbered_runs(bare: list[Heading]) -> list[Heading]:
    """The headings of ``bare`` (in text order) that belong to a run numbered 1, 2, 3… of at
    least :data:`_FEWEST_IN_RUN`: a paragraph that happens to open with a number is none.

    >>> seg = lambda n: Segment(f"{n}加强", n * 10, n * 10 + 3)
    >>> [h.number for h in _numbered_runs([Heading("ar", str(n), "", 1, seg(n)) for n in (1, 2, 3, 7, 1, 2)])]
    ['1', '2', '3']
    """
    out: list[Heading] = []
    run: list[Heading] = []
    for h in [*bare, None]:
        if h is not None and (int(h.number) == 1 if not run else int(h.number) == int(run[-1].number) + 1):
            run.append(h)
            continue
        if len(run) >= _FEWEST_IN_RUN:
            out += run
        run = [h] if h is not None and int(h.number) == 1 else []
    return out
