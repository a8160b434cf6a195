"""Structure: the section hierarchy and the numbered measures of a document.

Headings are recognised at the start of a *segment* (a line, or a part of a line between
runs of spaces: :func:`kg.extract.layout.segments`): 一、 / （一） / 1. / （1） / 第X章 / 第X条,
and 附件 starts an attachment. The levels are not fixed: a marker type seen for the first
time below the current heading becomes its child, one seen before closes the headings
below it (so documents that start at （一） work as well as those that start at 一、).

A plan's box (专栏1 基础理论) is a child of the heading it follows, whose kind it leaves as it
is, and holds its items numbered from 1; the first heading that is not its next item closes
it (:meth:`_Builder._boxed`). A box whose items are no numbered headings is none.

Task tables (HTML tables of the source and tables laid out in text, :mod:`kg.extract.tables`)
give one measure per row (kind ``row``, number = the 序号 cell).

Keys are paths of the markers as written, unique in the document: ``三/（一）/3``,
``附件2/5``.

>>> from kg.extract.document import build_document
>>> from kg.models import SourceText
>>> src = SourceText("a.txt", "一、总体要求\\n（一）加强领导。要加强。\\n1.建立机制。做好工作。\\n2.完善制度。\\n二、保障\\n（一）经费。", "text", "0")
>>> [(m.key, m.number, m.kind, m.parent, m.heading) for m in measures(build_document(src))]
[('一', '一', 'section', None, '总体要求'), ('一/（一）', '一', 'section', '一', '加强领导'), ('一/（一）/1', '1', 'measure', '一/（一）', '建立机制'), ('一/（一）/2', '2', 'measure', '一/（一）', '完善制度'), ('二', '二', 'section', None, '保障'), ('二/（一）', '一', 'measure', '二', '经费')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from kg.extract.document import (
    BODY_LEAD,
    HEAD_START,
    HEADINGS,
    SENTENCE_MARK,
    Document,
    Heading,
    match_heading,
)
from kg.extract.layout import Segment, open_brackets, without_white
from kg.extract.regexes import (
    ASSIGNMENT_KEY,
    ASSIGNMENT_LINE,
    ATTACHMENT,
    ATTACHMENT_LIST,
    CN_ORDINAL,
    END_MATTER,
)
from kg.extract.tables import TaskRow, number_value
from kg.models import Measure, Span

__all__ = ["HEADINGS", "match_heading", "measure_at", "measures"]

#: the number of a row that names a group of tasks: 一、
_CATEGORY_NUMBER = re.compile(rf"^([{CN_ORDINAL}]+)[、．.]")


#: the divisions of a document above its articles (a heading of type "chapter", by its unit),
#: highest first: a 节 opens inside its 章, a 章 inside its 编 (第一部分 of a plan: a part)
_DIVISION_LEVEL = {"编": "part", "部分": "part", "章": "chapter", "节": "subchapter"}
_DIVISION_RANK = {"part": 0, "chapter": 1, "subchapter": 2}

#: the types of heading whose label is their number
_AS_WRITTEN = frozenset({"cn", "dec", "ar", "ar2", "circ"})


def _label(kind: str, number: str, unit: str = "") -> str:
    if kind == "pcn":
        return f"（{number}）"
    if kind == "par":
        return f"（{number}）"
    if kind == "chapter":
        return f"第{number}{unit}"
    if kind == "article":
        return f"第{number}条"
    return number


_SHORT_FIRST_SENTENCE = re.compile(r"^(.{2,40}?)[。；;！!：:]")
_CLAUSE_MARK = re.compile(r"[。，,；;]")


def heading_of(body: str) -> str:
    """The short first sentence of a measure (its 'bold' heading), or "".

    >>> heading_of("加强职业院校党的建设。深入贯彻…"), heading_of("推进职普融通")
    ('加强职业院校党的建设', '推进职普融通')
    """
    m = _SHORT_FIRST_SENTENCE.match(body)
    if m:
        return m.group(1).strip()
    return _short_body(body)


def _short_body(body: str) -> str:
    """A body short enough to be its own heading, without a clause mark, or ""."""
    return body.strip() if len(body) <= 40 and not _CLAUSE_MARK.search(body) else ""


#: :data:`_SHORT_FIRST_SENTENCE` after a heading's marker and the marks that follow it
#: (what :attr:`Heading.body` strips, taken whole: no backtracking into them)
_SHORT_FIRST_AFTER = re.compile(f"[{re.escape(BODY_LEAD)}]*+" + _SHORT_FIRST_SENTENCE.pattern.removeprefix("^"))


def _heading_of_head(head: Heading) -> str:
    """:func:`heading_of` the body of ``head``, read in its segment (the body is cut only
    when its first sentence is not short).

    >>> from kg.extract.document import build_document
    >>> from kg.models import SourceText
    >>> hs = build_document(SourceText("a.txt", "（一）、 加强领导。要加强。\\n2.完善制度\\n3.、。", "text", "0")).headings
    >>> [_heading_of_head(h) == heading_of(h.body) for h in hs], _heading_of_head(hs[0])
    ([True, True, True], '加强领导')
    """
    text = head.segment.text
    m = _SHORT_FIRST_AFTER.match(text, head.marker_len)
    if m:
        return m.group(1).strip()
    return _short_body(text[head.marker_len :].lstrip(BODY_LEAD))  # (heading_of's other case)


def measures(doc: Document, signature: Span | None = None) -> list[Measure]:
    """The sections, measures and task-table rows of ``doc``; ``signature``: where the
    signature block (its issuers' names above the date) is, which no measure's text runs
    into (an attachment list's last item followed by 广州市住房保障办公室 / 2025年3月19日).

    >>> from kg.extract.document import build_document
    >>> from kg.models import SourceText
    >>> src = SourceText("t.txt", "各单位：\\n一、做好分配工作。\\n二、签约\\n广州市住房保障办公室\\n2025年3月19日", "text", "0")
    >>> doc = build_document(src)
    >>> at = src.text.index("广州市")
    >>> measures(doc)[-1].text, measures(doc, Span(at, at + 10))[-1].text
    ('二、签约\\n广州市住房保障办公室', '二、签约')
    """
    b = _Builder(doc)
    heads = b.heads
    grids = iter(doc.task_rows)  # each grid with its rows, read once for every extractor
    next_grid = next(grids, None)
    grid_start = next_grid[0].start if next_grid is not None else -1
    # the segments add_segment does more with than end a list of attachments (which any
    # other segment between two of them does)
    first = _SEGMENT_FIRST
    prev = -2
    for i, seg in [(i, seg) for i, seg in enumerate(doc.segments) if seg[0][0] in first]:
        while grid_start >= 0 and grid_start <= seg.start:
            b.add_grid(next_grid[1])  # type: ignore[index]
            next_grid = next(grids, None)
            grid_start = next_grid[0].start if next_grid is not None else -1
        if i != prev + 1:
            b.in_attachment_list = False
        prev = i
        b.add_segment(seg, heads.get(seg.start))
    while next_grid is not None:  # (the tables after the last of those segments)
        b.add_grid(next_grid[1])
        next_grid = next(grids, None)
    b.close_box()
    _extend_bodies(doc.text, b.bodies, doc.blocked + ([(signature.start, signature.end)] if signature else []))
    for m in b.categories:
        if m.key:
            _finish(doc.text, m)
    _mark_fields(b.measures)
    return b.measures


def _mark_fields(ms: list[Measure]) -> None:
    """Headings that repeat, number and words, under several parents are the fields of a
    form (（一）试点单位 （二）试点内容 in every section), not measures: kind ``field``.

    >>> ms = [Measure("一", "一", "", Span(0, 1), None, "section"), Measure("二", "二", "", Span(9, 10), None, "section")]
    >>> for p in ("一", "二"):
    ...     ms += [Measure(f"{p}/（{n}）", n, "", Span(0, 1), p, "measure", h) for n, h in (("一", "试点单位"), ("二", "试点内容"))]
    >>> [m.kind for m in ms]
    ['section', 'section', 'measure', 'measure', 'measure', 'measure']
    >>> _mark_fields(ms); [m.kind for m in ms]
    ['section', 'section', 'field', 'field', 'field', 'field']
    """
    first_parent: dict[tuple[str, str], str] = {}
    repeated: set[tuple[str, str]] = set()  # the (number, heading) under two parents or more
    for m in ms:
        if m.kind == "measure" and m.parent and m.heading:
            sig = (m.number, m.heading)
            if first_parent.setdefault(sig, m.parent) != m.parent:
                repeated.add(sig)
    if not repeated:
        return  # (most documents: no form)
    per_parent: dict[str, int] = {}
    for m in ms:
        if m.kind == "measure" and m.parent and (m.number, m.heading) in repeated:
            per_parent[m.parent] = per_parent.get(m.parent, 0) + 1
    for m in ms:
        if m.kind == "measure" and per_parent.get(m.parent or "", 0) >= 2 and (m.number, m.heading) in repeated:
            m.kind = "field"


def _finish(text: str, m: Measure) -> None:
    m.text = text[m.span.start : m.span.end]
    _finish_text(m)


def _finish_text(m: Measure) -> None:
    """The heading of an attachment and the deadline of ``m`` read from its text."""
    if m.parent is None and not m.heading and m.text.lstrip()[:1] == "附" and ATTACHMENT.match(m.text.split("\n", 1)[0].strip()):
        lines = [ln.strip() for ln in m.text.split("\n")[1:] if ln.strip()]
        if lines and len(lines[0]) <= 40:
            m.heading = lines[0]  # 附件2 / 庆阳市工作任务清单
    if m.deadline is None:
        m.deadline = deadline_in(m.text)


_STOP = Measure("", "", "", Span(0, 0))
#: the span of a measure of a heading or an attachment until its body is read
_PENDING = Span(0, 0)
#: the characters a segment :data:`END_MATTER` matches opens with (a year, a bracket, 抄送,
#: 印发, 附件): the pattern is tried on those segments only
_END_MATTER_FIRST = frozenset("12（(抄印附")
#: the characters a segment that :meth:`_Builder.add_segment` does more with than end a list
#: of attachments opens with: a heading marker, 附 (an attachment) or end matter
_SEGMENT_FIRST = HEAD_START | _END_MATTER_FIRST


class _Builder:
    """The state of one pass over the segments: open headings, keys, bodies."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.heads = {h.segment.start: h for h in doc.headings}
        self.articles = doc.has_articles
        self.measures: list[Measure] = []
        self.keys: set[str] = set()
        #: the open headings: (type, measure)
        self.stack: list[tuple[str, Measure]] = []
        self.attachment: Measure | None = None
        self.in_attachment_list = False
        #: measure, start of its own text, start and end of its heading's segment (its span
        #: is made once, from its body, by _extend_bodies)
        self.bodies: list[tuple[Measure, int, int, int]] = []
        self.categories: list[Measure] = []  # the groups of tasks of tables (their text is read last)

    def unique(self, key: str) -> str:
        keys = self.keys
        out, i = key, 2
        while out in keys:
            out, i = f"{key}~{i}", i + 1
        keys.add(out)
        return out

    def owner(self) -> str | None:
        if self.stack:
            return self.stack[-1][1].key
        return self.attachment.key if self.attachment else None

    def stop(self, pos: int) -> None:
        self.bodies.append((_STOP, pos, pos, pos))

    def add_segment(self, seg: Segment, head: Heading | None) -> None:
        s = seg.text
        first = s[:1]
        if first == "附":  # (ATTACHMENT and ATTACHMENT_LIST open with 附: tried on those segments only)
            am = ATTACHMENT.match(s)
            if am:
                n = am.group("n")
                self.attachment = Measure(self.unique(f"附件{n}"), n or "", s, _PENDING, None, "section", "")
                self.close_box()
                self.measures.append(self.attachment)
                self.bodies.append((self.attachment, seg.end, seg.start, seg.end))
                self.stack, self.in_attachment_list = [], False
                return
            if ATTACHMENT_LIST.match(s):
                self.in_attachment_list = True
                return self.stop(seg.start)
        if head and self.in_attachment_list and len(s) <= 60 and "。" not in s:
            return  # 2.庆阳市工作任务清单 in the list of attachments
        self.in_attachment_list = False
        if head is None:
            if first in _END_MATTER_FIRST and END_MATTER.match(s):
                return self.stop(seg.start)  # (no heading's marker opens end matter: a year, （此件, 抄送, 印发, 附件)
            return
        if self.articles and self._inside_article(head):
            return
        self.open(head, seg)

    def _inside_article(self, head: Heading) -> bool:
        """In a document of articles, items numbered inside an article belong to it."""
        if not self.articles or head.type in ("chapter", "article"):
            return False
        return any(o[0] == "article" for o in self.stack)

    def open(self, head: Heading, seg: Segment) -> None:
        stack = self.stack
        kind, number, unit, _, _ = head
        level = _DIVISION_LEVEL.get(unit, "chapter") if kind == "chapter" else kind
        if (kind == "box" or self._box_at() is not None) and self._boxed(head, seg):
            return
        if stack:
            if level in _DIVISION_RANK:
                # a division (编, 章, 节) closes what is open from the first heading that is not
                # a division above it: the article before it (a law whose articles start before
                # its first chapter heading, no 第一章 总则), a division of its rank or below
                rank = _DIVISION_RANK[level]
                for i, o in enumerate(stack):
                    if _DIVISION_RANK.get(o[0], rank) >= rank:
                        del stack[i:]
                        break
            else:
                for i, o in enumerate(stack):
                    if o[0] == kind:  # (the first open heading of this type and those below it close)
                        del stack[i:]
                        break
                if kind == "article":  # an article closes what is open inside a chapter
                    stack[:] = [o for o in stack if o[0] in _DIVISION_RANK]
        self._place(head, seg, level)

    def _boxed(self, head: Heading, seg: Segment) -> bool:
        """A box (专栏) and its items; whether ``head`` was placed here. A box is a child of
        the heading it follows, which stays what it is (a measure keeps its text, the box no
        part of it), and it closes the box before it. Its items are the headings numbered
        from 1 (一) on, each the next of the one before, of the first item's type; a
        heading inside an item of a type not open outside the box nests in it; any other
        heading closes the box and is read as if it were not there (1.… 专栏1 1.… 8.… 2.…:
        the 2. is the measure after the first, not a ninth item)."""
        stack = self.stack
        kind, number = head.type, head.number
        at = self._box_at()
        items = stack[at + 1 :] if at is not None else []
        value = number_value(number)
        if at is not None and kind != "box" and (
                (not items and value == 1)
                or (items and items[0][0] == kind and value is not None and value == number_value(items[0][1].number) + 1)):  # type: ignore[operator]
            del stack[at + 1 :]
            self._place(head, seg, kind)
            return True
        if items and kind != "box" and not any(o[0] == kind for o in stack):
            return False  # (a list inside an item: the rule of every heading nests it there)
        self.close_box()
        if kind == "box":
            self._place(head, seg, kind, label=f"专栏{number}", owner_stays=True)
            return True
        return False

    def _box_at(self) -> int | None:
        """Where the open box (专栏) is on the stack, if one is open."""
        return next((i for i, o in enumerate(self.stack) if o[0] == "box"), None)

    def close_box(self) -> None:
        """Close the open box (专栏); one whose items were no numbered headings (01 关键核心技术,
        水泥行业：…) is no measure: where it ends is not written (the measure it follows goes
        on after it with no heading), so its text stays that measure's, as if it were not
        there."""
        stack = self.stack
        at = self._box_at()
        if at is None:
            return
        box = stack[at][1]
        if at + 1 == len(stack):
            self.measures.remove(box)
            self.bodies = [b for b in self.bodies if b[0] is not box]
            self.keys.discard(box.key)
        del stack[at:]

    def _place(self, head: Heading, seg: Segment, level: str, label: str | None = None, owner_stays: bool = False) -> None:
        """The measure of ``head`` (at ``seg``) under the innermost open heading, which becomes
        a section (but with ``owner_stays``: a box), opened on the stack as ``level``."""
        stack = self.stack
        kind, number, unit, _, _ = head
        owner = stack[-1][1] if stack else self.attachment
        label = label or (number if kind in _AS_WRITTEN else _label(kind, number, unit))
        if owner is not None:
            parent: str | None = owner.key
            key = f"{parent}/{label}" if parent else label
            if not owner_stays:
                owner.kind = "section"
        else:
            parent, key = None, label
        keys = self.keys
        if key in keys:
            key = self.unique(key)
        else:
            keys.add(key)
        text, start, end = seg
        m = Measure(key, label if kind == "box" else number, text, _PENDING, parent, "section" if kind == "chapter" else "measure",
                    _heading_of_head(head))
        self.measures.append(m)
        self.bodies.append((m, start, start, end))
        stack.append((level, m))

    def add_grid(self, rows: list[TaskRow]) -> None:
        """The rows of a task table (:func:`kg.extract.tables.task_rows` of its grid)."""
        parent = self.owner()
        category: Measure | None = None
        group = ""
        for row in rows:
            if row.group and row.group != group and not row.category:
                group = row.group
                category = self._category(parent, group, row.cells[0].start, row.cells[0].end, group, 20)
            if row.category:
                category = self._category(parent, row.heading, row.start, row.end, row.text)
                continue
            owner = category.key if category else parent
            key = self.unique(f"{owner}/{row.number}" if owner else str(row.number))
            text = row.text or " ".join(c.text for c in row.cells)
            self.measures.append(Measure(key, str(row.number), text, Span(row.start, row.end), owner, "row", row.heading, row.deadline))

    def _category(self, parent: str | None, label: str, start: int, end: int, text: str, width: int = 12) -> Measure:
        """A row (or a spanning column) that names a group of tasks: 一、知识产权保护方面."""
        num = _CATEGORY_NUMBER.match(label)
        number = num.group(1) if num else without_white(label)[:width]
        key = self.unique(f"{parent}/{number}" if parent else number)
        m = Measure(key, number, text, Span(start, end), parent, "section", heading_of(label[num.end():] if num else label))
        self.measures.append(m)
        self.categories.append(m)
        return m


def assignment_fields(line: str) -> list[tuple[str, str, int, int]]:
    """``(key, value, start, end)`` of each 牵头单位：… / 完成时限：… field in ``line``.

    >>> [(k, v) for k, v, _, _ in assignment_fields("牵头单位：市教育局；责任单位：市财政局、市人社局  完成时限：2022年底")]
    [('牵头单位', '市教育局'), ('责任单位', '市财政局、市人社局'), ('完成时限', '2022年底')]
    """
    keys = list(ASSIGNMENT_KEY.finditer(line))
    out = []
    for i, k in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(line)
        raw = line[k.end() : end].split("。", 1)[0]  # (a sentence after the value is no part of it)
        value = _balanced(raw.strip(" \u3000\t；;。，,）)】]"), raw)
        if value:
            start = k.end() + raw.find(value)
            out.append((k.group("key"), value, start, start + len(value)))
    return out


def _balanced(value: str, raw: str) -> str:
    """``value`` (``raw`` stripped of its closing marks) with the closing brackets that
    close its own opening ones given back: 市发展改革委（牵头） keeps its mark's bracket, the
    bracket of （责任单位：市教育局） is not the value's.

    >>> _balanced("市发展改革委（牵头", "市发展改革委（牵头）"), _balanced("市教育局", "市教育局）")
    ('市发展改革委（牵头）', '市教育局')
    """
    opened = open_brackets(value)
    if opened <= 0:
        return value
    tail = raw[raw.find(value) + len(value) :]
    kept = 0
    while kept < len(tail) and opened > 0 and tail[kept] in "）)":
        kept += 1
        opened -= 1
    return value + tail[:kept]


def deadline_in(body: str) -> str | None:
    """The 完成时限 written on an assignment line of a measure."""
    if "：" not in body and ":" not in body or not ASSIGNMENT_KEY.search(body):
        return None  # (every assignment line holds a key, which ends with a colon: one search of the body, not a try at every line)
    for line in body.split("\n"):
        if ASSIGNMENT_LINE.search("\n" + line):
            for key, value, _, _ in assignment_fields(line):
                if key.startswith(("完成", "时间", "时限")):
                    return without_white(value)
    return None


def _extend_bodies(text: str, bodies: list[tuple[Measure, int, int, int]], blocked: list[tuple[int, int]]) -> None:
    """Each heading's own text runs to the next heading, table, end matter or the end; the
    measure's span and text become that text, and its deadline is read from it."""
    n = len(text)
    bounds = sorted({b[1] for b in bodies}.union([s for s, _ in blocked], (n,)))
    last = len(bounds)
    find = bisect.bisect_right
    for m, start, a, e in bodies:
        if not m.key:
            continue
        i = find(bounds, start)
        body = text[a : bounds[i] if i < last else n].rstrip()
        if body[-1:] not in _CLOSING and len(body) > e - a:
            body = _trim_tail(body)  # (a body that is its heading's segment holds no gap: nothing to trim)
        m.span = Span(a, a + len(body))
        m.text = body
        if m.parent is None or "：" in body or ":" in body:
            _finish_text(m)  # (else no attachment heading, and no assignment key for a deadline)


_CLOSING = "。！？!?；;）)”"
_TAIL_GAP = re.compile(r"(?:\n|[ \u3000\xa0]{2,}|\t)")


def _trim_tail(body: str) -> str:
    """Drop what follows the last sentence when it is not a sentence (signatures, site
    chrome such as 网站地图): ``…落到实处。\n\n无锡市教育局`` -> ``…落到实处。``."""
    if body[-1:] in _CLOSING:
        return body  # (most bodies end with their last sentence: no search)
    last = max(map(body.rfind, _CLOSING))
    if last < 0 or last == len(body) - 1:
        return body
    rest = body[last + 1 :]
    if not _TAIL_GAP.match(rest) or SENTENCE_MARK.search(rest) or ASSIGNMENT_LINE.search(rest):
        return body
    return body[: last + 1]


def measure_at(measures: list[Measure], pos: int) -> Measure | None:
    """The innermost measure whose text contains ``pos`` (rows and leaves before sections);
    the field of a form stands for the measure it belongs to."""
    return measure_finder(measures)(pos)


def measure_finder(measures: list[Measure]) -> Callable[[int], Measure | None]:
    """:func:`measure_at` of ``measures`` for the many positions an extractor asks of one
    document: the spans are read once, when the first position is asked (the measures are
    not changed once made).

    >>> ms = [Measure("一", "一", "", Span(0, 20), None, "section"), Measure("一/1", "1", "", Span(5, 9), "一")]
    >>> at = measure_finder(ms)
    >>> [getattr(at(p), "key", None) for p in (4, 5, 9, 20)]
    ['一', '一/1', '一/1', None]
    """
    rows: list[tuple[int, int, bool, Measure]] = []  # (read at the first question: most finders are asked none)
    by_key: dict[str, Measure] = {}

    def at(pos: int) -> Measure | None:
        if not rows:
            rows.extend((m.span.start, m.span.end, m.kind == "section", m) for m in measures)
        best = _innermost(rows, pos)
        if best is not None and best.kind == "field":
            if not by_key:
                by_key.update((m.key, m) for m in measures)
            while best is not None and best.kind == "field":
                best = by_key.get(best.parent or "")
        return best

    return at


def _innermost(rows: list[tuple[int, int, bool, Measure]], pos: int) -> Measure | None:
    """The last of the measures holding ``pos`` that starts no earlier and is no longer than
    the one before it (a section holds its end position, the others also their end); ``rows``
    are ``(start, end, is a section, measure)``.

    >>> ms = [Measure("一", "一", "", Span(0, 20), None, "section"), Measure("一/1", "1", "", Span(5, 9), "一")]
    >>> rows = [(m.span.start, m.span.end, m.kind == "section", m) for m in ms]
    >>> [getattr(_innermost(rows, p), "key", None) for p in (4, 5, 9, 20)]
    ['一', '一/1', '一/1', None]
    """
    best: Measure | None = None
    best_start = best_len = 0
    for start, end, section, m in rows:
        if start <= pos and (pos < end or pos == end and not section):
            if best is None or start >= best_start and end - start <= best_len:
                best, best_start, best_len = m, start, end - start
    return best
