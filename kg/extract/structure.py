"""Structure: the section hierarchy and the numbered measures of a document.

Headings are recognised at the start of a *segment* (a line, or a part of a line between
runs of spaces: :func:`kg.extract.layout.segments`): 一、 / （一） / 1. / （1） / 第X章 / 第X条,
and 附件 starts an attachment. The levels are not fixed: a marker type seen for the first
time below the current heading becomes its child, one seen before closes the headings
below it (so documents that start at （一） work as well as those that start at 一、).

Task tables (HTML tables of the source and tables laid out in text, :mod:`kg.extract.tables`)
give one measure per row (kind ``row``, number = the 序号 cell).

Keys are paths of the markers as written, unique in the document: ``三/（一）/3``,
``附件2/5``.

>>> from kg.models import Extraction, PolicyInfo, SourceText
>>> src = SourceText("a.txt", "一、总体要求\\n（一）加强领导。要加强。\\n1.建立机制。做好工作。\\n2.完善制度。\\n二、保障\\n（一）经费。", "text", "0")
>>> r = Extraction("a.txt", "0", PolicyInfo())
>>> extract_structure(src, r)
>>> [(m.key, m.number, m.kind, m.parent, m.heading) for m in r.measures]
[('一', '一', 'section', None, '总体要求'), ('一/（一）', '一', 'section', '一', '加强领导'), ('一/（一）/1', '1', 'measure', '一/（一）', '建立机制'), ('一/（一）/2', '2', 'measure', '一/（一）', '完善制度'), ('二', '二', 'section', None, '保障'), ('二/（一）', '一', 'measure', '二', '经费')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.extract.layout import segments
from kg.extract.tables import Grid, find_text_tables, from_table, task_rows
from kg.models import Extraction, Measure, SourceText, Span

CN_NUM = "一二三四五六七八九十百零〇"
_WS = re.compile(r"\s+")

#: (type, pattern); group "n" is the number as written
HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第(?P<n>[{CN_NUM}\d]{{1,4}})(?P<u>章|部分|编|节)")),
    ("article", re.compile(rf"^第(?P<n>[{CN_NUM}\d]{{1,4}})条")),
    ("cn", re.compile(rf"^(?P<n>[{CN_NUM}]{{1,4}})[、．.](?!\d)")),
    ("pcn", re.compile(rf"^[（(](?P<n>[{CN_NUM}]{{1,4}})[)）]")),
    ("ar", re.compile(r"^(?P<n>\d{1,3})[.．、](?![\d%％])")),
    ("par", re.compile(r"^[（(](?P<n>\d{1,3})[)）]")),
    ("ar2", re.compile(r"^(?P<n>\d{1,3})[)）]")),
    ("circ", re.compile(r"^(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
)
ATTACHMENT = re.compile(r"^附\s*件\s*(?P<n>\d{0,2}|[一二三四五六七八九十]{1,3})\s*[:：]?\s*$")
ATTACHMENT_LIST = re.compile(r"^附\s*件\s*[:：]")
#: a line that assigns a measure: 牵头单位：市教育局；责任单位：市财政局；完成时限：2022年底
ASSIGNMENT_KEY = re.compile(
    r"(?P<key>牵头(?:单位|部门)|责任(?:单位|部门)|主责(?:单位|部门)|负责(?:单位|部门)|配合(?:单位|部门)|参与(?:单位|部门)|协办(?:单位|部门)|"
    r"指导(?:单位|部门)|完成(?:时限|时间)|时间节点|时限要求)\s*[：:]"
)
ASSIGNMENT_LINE = re.compile(r"(?:^|\n)[ \u3000\t]*[（(【\[]?" + ASSIGNMENT_KEY.pattern)
END_MATTER = re.compile(r"^(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|[（(]此件|抄送|抄报|印发|附\s*件)")


@dataclass
class _Open:
    type: str
    label: str
    measure: Measure
    children: int = 0


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


def heading_of(body: str) -> str:
    """The short first sentence of a measure (its 'bold' heading), or "".

    >>> heading_of("加强职业院校党的建设。深入贯彻…"), heading_of("推进职普融通")
    ('加强职业院校党的建设', '推进职普融通')
    """
    m = re.match(r"^(.{2,40}?)[。；;！!：:]", body)
    if m:
        return m.group(1).strip()
    if len(body) <= 40 and not re.search(r"[。，,；;]", body):
        return body.strip()
    return ""


def match_heading(text: str) -> tuple[str, str, str, int] | None:
    """``(type, number, unit, marker_length)`` when ``text`` starts with a heading marker."""
    for kind, rx in HEADINGS:
        m = rx.match(text)
        if m:
            return kind, m.group("n"), (m.groupdict().get("u") or ""), m.end()
    return None


def extract_structure(source: SourceText, result: Extraction) -> None:
    """Fill ``result.measures`` with the sections, measures and task-table rows."""
    text = source.text
    grids: list[Grid] = []
    for t in source.tables:
        g = from_table(t)
        if g is not None:
            grids.append(g)
    table_spans = [t.span for t in source.tables if t.span is not None]
    grids.extend(find_text_tables(text, skip=table_spans))
    grids.sort(key=lambda g: g.start)
    blocked = sorted([(s.start, s.end) for s in table_spans] + [(g.start, g.end) for g in grids])
    result.measures = build_measures(text, grids, blocked)


def _inside(blocked: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in blocked)


def build_measures(text: str, grids: list[Grid], blocked: list[tuple[int, int]]) -> list[Measure]:
    measures: list[Measure] = []
    keys: set[str] = set()
    stack: list[_Open] = []
    attachment: Measure | None = None
    in_attachment_list = False
    # events: headings from segments, tables at their start
    segs = [s for s in segments(text) if not _inside(blocked, s.start)]
    grid_iter = iter(grids)
    next_grid = next(grid_iter, None)
    bodies: list[tuple[Measure, int]] = []  # measure, end bound of its own text

    def unique(key: str) -> str:
        if key not in keys:
            keys.add(key)
            return key
        i = 2
        while f"{key}~{i}" in keys:
            i += 1
        keys.add(f"{key}~{i}")
        return f"{key}~{i}"

    def base() -> str | None:
        return attachment.key if attachment else None

    def add_grid(g: Grid) -> None:
        parent = stack[-1].measure.key if stack else base()
        if attachment is None and stack:
            parent = stack[-1].measure.key
        category: Measure | None = None
        group = ""
        for row in task_rows(g):
            if row.group and row.group != group and not row.category:
                group = row.group
                num = re.match(rf"^([{CN_NUM}]+)[、．.]", group)
                number = num.group(1) if num else _WS.sub("", group)[:20]
                key = unique(f"{parent}/{number}" if parent else number)
                first = row.cells[0]
                category = Measure(key, number, group, Span(first.start, first.end), parent, "section", heading_of(group[num.end():] if num else group))
                measures.append(category)
            if row.category:
                num = re.match(rf"^([{CN_NUM}]+)[、．.]", row.heading)
                number = num.group(1) if num else row.heading[:12]
                key = unique(f"{parent}/{number}" if parent else number)
                category = Measure(key, number, row.text, Span(row.start, row.end), parent, "section", heading_of(row.heading[len(number) + 1 :] if num else row.heading))
                measures.append(category)
                continue
            owner = category.key if category else parent
            key = unique(f"{owner}/{row.number}" if owner else str(row.number))
            measures.append(
                Measure(key, str(row.number), row.text or " ".join(c.text for c in row.cells), Span(row.start, row.end), owner, "row", row.heading, row.deadline)
            )

    for seg in segs:
        while next_grid is not None and next_grid.start <= seg.start:
            add_grid(next_grid)
            next_grid = next(grid_iter, None)
        s = seg.text
        if ATTACHMENT.match(s):
            n = ATTACHMENT.match(s).group("n")
            attachment = Measure(unique(f"附件{n}"), n or "", s, Span(seg.start, seg.end), None, "section", "")
            measures.append(attachment)
            bodies.append((attachment, seg.end))
            stack = []
            in_attachment_list = False
            continue
        if ATTACHMENT_LIST.match(s):
            in_attachment_list = True
            bodies.append((Measure("", "", "", Span(seg.start, seg.start)), seg.start))
            continue
        hit = match_heading(s)
        if hit and in_attachment_list and len(s) <= 60 and "。" not in s:
            continue  # 2.庆阳市工作任务清单 in the list of attachments
        in_attachment_list = False
        if END_MATTER.match(s):
            bodies.append((Measure("", "", "", Span(seg.start, seg.start)), seg.start))
            continue
        if not hit:
            continue
        kind, number, unit, mlen = hit
        # close to the level of this marker type, or open a new level
        types = [o.type for o in stack]
        if kind in types:
            stack = stack[: types.index(kind)]
        parent = stack[-1].measure.key if stack else base()
        label = _label(kind, number, unit)
        key = unique(f"{parent}/{label}" if parent else label)
        body = s[mlen:].lstrip(" 　\t.．、")
        m = Measure(key, number, s, Span(seg.start, seg.end), parent, "measure", heading_of(body))
        if stack:
            stack[-1].children += 1
            stack[-1].measure.kind = "section"
        elif attachment is not None:
            attachment.kind = "section"
        measures.append(m)
        bodies.append((m, seg.start))
        stack.append(_Open(kind, label, m))
    while next_grid is not None:
        add_grid(next_grid)
        next_grid = next(grid_iter, None)

    _extend_bodies(text, bodies, blocked)
    for m in measures:
        if m.kind == "row" or not m.key:
            continue
        m.text = text[m.span.start : m.span.end]
        if m.parent is None and ATTACHMENT.match(m.text.split("\n", 1)[0].strip()) and not m.heading:
            lines = [ln.strip() for ln in m.text.split("\n")[1:] if ln.strip()]
            if lines and len(lines[0]) <= 40:
                m.heading = lines[0]  # 附件2 / 庆阳市工作任务清单
        if m.deadline is None:
            m.deadline = deadline_in(m.text)
    return measures


def assignment_fields(line: str) -> list[tuple[str, str, int, int]]:
    """``(key, value, start, end)`` of each 牵头单位：… / 完成时限：… field in ``line``.

    >>> [(k, v) for k, v, _, _ in assignment_fields("牵头单位：市教育局；责任单位：市财政局、市人社局  完成时限：2022年底")]
    [('牵头单位', '市教育局'), ('责任单位', '市财政局、市人社局'), ('完成时限', '2022年底')]
    """
    keys = list(ASSIGNMENT_KEY.finditer(line))
    out = []
    for i, k in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(line)
        raw = line[k.end() : end]
        value = raw.strip(" \u3000\t；;。，,）)】]")
        if value:
            start = k.end() + raw.find(value)
            out.append((k.group("key"), value, start, start + len(value)))
    return out


def deadline_in(body: str) -> str | None:
    """The 完成时限 written on an assignment line of a measure."""
    for line in body.split("\n"):
        if ASSIGNMENT_LINE.match("\n" + line):
            for key, value, _, _ in assignment_fields(line):
                if key.startswith(("完成", "时间", "时限")):
                    return re.sub(r"\s+", "", value)
    return None


def _extend_bodies(text: str, bodies: list[tuple[Measure, int]], blocked: list[tuple[int, int]]) -> None:
    """Each heading's own text runs to the next heading, table, end matter or the end."""
    bounds = sorted({b for _, b in bodies} | {s for s, _ in blocked} | {len(text)})
    for m, start in bodies:
        if not m.key:
            continue
        i = bisect.bisect_right(bounds, start)
        end = bounds[i] if i < len(bounds) else len(text)
        seg = _trim_tail(text[m.span.start : end].rstrip())
        m.span = Span(m.span.start, m.span.start + len(seg))


_CLOSING = "。！？!?；;）)”"
_TAIL_GAP = re.compile(r"(?:\n|[ \u3000\xa0]{2,}|\t)")


def _trim_tail(body: str) -> str:
    """Drop what follows the last sentence when it is not a sentence (signatures, site
    chrome such as 网站地图): ``…落到实处。\n\n无锡市教育局`` -> ``…落到实处。``."""
    last = max(body.rfind(ch) for ch in _CLOSING)
    if last < 0 or last == len(body) - 1:
        return body
    rest = body[last + 1 :]
    if not _TAIL_GAP.match(rest) or re.search(r"[。！？!?；;]", rest) or ASSIGNMENT_LINE.search(rest):
        return body
    return body[: last + 1]


def measure_at(measures: list[Measure], pos: int) -> Measure | None:
    """The innermost measure whose text contains ``pos`` (rows and leaves before sections)."""
    best: Measure | None = None
    for m in measures:
        if m.span.start <= pos < m.span.end or (m.span.start <= pos <= m.span.end and m.kind != "section"):
            if best is None or m.span.start >= best.span.start and (m.span.end - m.span.start) <= (best.span.end - best.span.start):
                best = m
    return best
