"""Tables of tasks: HTML/docx tables from ingest and tables laid out in plain text.

A *grid* is a header plus rows of cells with their offsets in the clean text. Text tables
come in four layouts, all read here:

* one row a line, cells separated by tabs, by ``|`` or by runs of spaces;
* one cell a line: after a header of one cell a line (序号 / 工作任务 / 牵头部门 …) the cells
  follow in order; a row starts at its 序号. Cells may be marked by a leading tab (a line
  without the tab continues the cell before it: ``市发展\\n改革委``) or by a trailing ``|``.

:func:`task_rows` reads what a grid says about each task: its number (the 序号 cell),
heading, text, the departments by role (牵头 / 责任 / 配合 / 指导) and the deadline.

>>> text = "序号\\t工作任务\\t牵头部门\\t配合部门\\t完成时限\\n1\\t建设园区\\t市教育局\\t市财政局\\t2025年\\n"
>>> [(r.number, r.heading, r.lead, r.support, r.deadline) for g in find_text_tables(text) for r in task_rows(g)]
[('1', '建设园区', ['市教育局'], ['市财政局'], '2025年')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain, repeat
from typing import NamedTuple

from kg.extract.layout import without_white
from kg.extract.regexes import ends_like_organisation
from kg.models import Span, Table, TableCell

# --- records ------------------------------------------------------------------------


@dataclass
class Cell:
    text: str
    start: int
    end: int


@dataclass
class Grid:
    header: list[Cell]
    rows: list[list[Cell]]
    start: int
    end: int
    layout: str  # html | tab | pipe | spaces | lines

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass
class TaskRow:
    number: str | None  # as written, without punctuation
    cells: list[Cell]
    start: int
    end: int
    heading: str = ""
    text: str = ""
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    guide: list[str] = field(default_factory=list)
    deadline: str | None = None
    category: bool = False  # a row that names a group of tasks (一、知识产权保护方面)
    group: str = ""  # the text of the columns left of the 序号 (类别 spanning several rows)
    #: the cells each department list came from (role -> cell)
    sources: dict[str, Cell] = field(default_factory=dict)


# --- headers and numbers --------------------------------------------------------------

SERIAL = re.compile(
    r"^(?:\d{1,3}|[一二三四五六七八九十百]{1,4}|[（(]\d{1,3}[)）]|[（(][一二三四五六七八九十百]{1,4}[)）])[.、．]?$"
)

#: (role, pattern) of a column header, tried in this order
COLUMN_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((role, re.compile(pattern)) for role, pattern in (
    ("number", r"^(?:序号|编号|序|号)$"),
    ("lead", r"牵头"),
    ("support", r"配合|协办|参与|协同|协助"),
    ("guide", r"指导(?:部门|单位)"),
    ("responsible", r"责任(?:部门|单位|主体|领导)?|负责(?:部门|单位)|主责|承办|实施主体|落实(?:部门|单位)|主办"),
    ("deadline", r"时限|完成时间|时间节点|时间安排|进度|期限|完成日期"),
    ("task", r"任务|举措|措施|事项|项目|工作|内容|政策|指标|目标|要求|名称"),
))
_HEADER_WORD = re.compile(r"序号|编号|牵头|责任|配合|协办|指导部门|完成时限|时限|工作任务|重点任务|主要内容|具体内容|任务|举措|措施|政策内容|推广范围|备注")


def norm_header(s: str) -> str:
    return without_white(s)


@lru_cache(maxsize=1 << 10)
def column_role(header: str) -> str | None:
    """The role of a header cell (kept: tables repeat a few headers).

    >>> [column_role(h) for h in ["序 号", "牵头单位", "责任部门", "配合单位", "指导部门", "完成时限", "主要内容"]]
    ['number', 'lead', 'responsible', 'support', 'guide', 'deadline', 'task']
    """
    h = norm_header(header)
    for role, rx in COLUMN_ROLES:
        if rx.search(h):
            return role
    return None


def is_serial(s: str) -> bool:
    return bool(SERIAL.match(without_white(s)))


def serial_number(s: str) -> str:
    """The number as written without punctuation: ``1.`` -> ``1``, ``（十四）`` -> ``十四``."""
    return _SERIAL_MARKS.sub("", s)


#: what a serial number is written with besides its digits (:func:`serial_number`)
_SERIAL_MARKS = re.compile(r"[（()）.、．\s]")


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def number_value(s: str) -> int | None:
    """``"12"`` -> 12, ``"十四"`` -> 14, ``"二十一"`` -> 21."""
    s = serial_number(s)
    if s.isdigit():
        return int(s)
    if not s or any(ch not in "零〇一二两三四五六七八九十百" for ch in s):
        return None
    total, cur = 0, 0
    for ch in s:
        if ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = _CN_DIGITS[ch]
    return total + cur


def is_header(cells: list[str]) -> bool:
    """A header row: at least two cells, a 序号 or a department column, words of headers.

    >>> is_header(["序号", "工作任务", "责任部门", "完成时限"]), is_header(["1", "建设园区"])
    (True, False)
    """
    cells = [norm_header(c) for c in cells if norm_header(c)]
    if len(cells) < 2 or any(len(c) > 14 for c in cells):
        return False
    roles = [column_role(c) for c in cells]
    if "number" not in roles and not ({"lead", "responsible", "support", "guide"} & set(roles)):
        return False
    return sum(1 for c in cells if _HEADER_WORD.search(c)) >= 2


# --- HTML tables -------------------------------------------------------------------


def from_table(table: Table) -> Grid | None:
    """The grid of an ingested table whose header is one of its first rows."""
    rows = [list(r) for r in table.rows]
    for i, row in enumerate(rows[:4]):
        texts = [c.text for c in row]
        if is_header(texts):
            header = [Cell(c.text, *(c.span.start, c.span.end) if c.span else (0, 0)) for c in row]
            # a second header row under a spanning one (责任单位 over 牵头单位 | 配合单位)
            while i + 1 < len(rows) and len(rows[i + 1]) == len(header) and is_header([c.text for c in rows[i + 1]]) and not any(
                is_serial(c.text) for c in rows[i + 1]
            ):
                i += 1
                header = [
                    Cell(low.text, *(low.span.start, low.span.end) if low.span else (0, 0)) if norm_header(low.text) and low.text != up.text else up
                    for up, low in zip(header, rows[i])
                ]
            body = [[Cell(c.text, *(c.span.start, c.span.end) if c.span else (0, 0)) for c in r] for r in rows[i + 1 :]]
            start = table.span.start if table.span else (header[0].start if header else 0)
            end = table.span.end if table.span else start
            return Grid(header, body, start, end, "html")
    return None


# --- text tables ---------------------------------------------------------------------


class _Line(NamedTuple):
    """A line of the text and its span (a tuple: one is made for every line)."""

    text: str
    start: int
    end: int


class _Lines:
    r"""The lines of a text as :class:`_Line` s, each made when it is read (a text has many
    lines, its tables few).

    >>> ls = _Lines("甲\n\n乙丙")
    >>> len(ls), ls[2], ls.starts
    (3, _Line(text='乙丙', start=3, end=5), [0, 2, 3])
    """

    __slots__ = ("raws", "starts")

    def __init__(self, text: str) -> None:
        self.raws = text.split("\n")
        self.starts = list(accumulate((len(r) + 1 for r in self.raws[:-1]), initial=0))

    def __len__(self) -> int:
        return len(self.raws)

    def __getitem__(self, i: int) -> _Line:
        raw, start = self.raws[i], self.starts[i]
        return _Line(raw, start, start + len(raw))


_SPACE_RUN = re.compile(r"[ \u3000\xa0]{2,}")
#: the one character that separates the cells of a row in each layout (else a run of spaces)
_SEPARATORS = {"tab": "\t", "pipe": "|"}
_RULE = re.compile(r"^[-:=—─━+ ]*$")
#: the box characters that part cells, read as ``|`` (one character each: offsets stay)
_AS_BAR = str.maketrans("│┃", "||")
_CELL_BLANKS = " \u3000\xa0\t\r"  # stripped around a cell's text


def _cells(line: _Line, layout: str) -> list[Cell]:
    """Every cell of a line cut by the separators of ``layout`` (the empty ones too, in
    their columns), each stripped, with its offsets in the text."""
    t = line.text
    sep = _SEPARATORS.get(layout)
    if sep is not None:  # (one character: the text is split, each separator one long)
        pieces = (t.translate(_AS_BAR) if layout == "pipe" else t).split(sep)
        seps: Iterator[int] = repeat(1)
    else:
        pieces = _SPACE_RUN.split(t)
        seps = (m.end() - m.start() for m in _SPACE_RUN.finditer(t))
    cells = []
    pos = line.start
    for piece, gap in zip(pieces, chain(seps, (0,))):
        rest = piece.lstrip(_CELL_BLANKS)
        stripped = rest.rstrip(_CELL_BLANKS)
        s = pos + len(piece) - len(rest)
        cells.append(Cell(stripped, s, s + len(stripped)))
        pos += len(piece) + gap
    return cells


def _split_row(line: _Line, layout: str) -> list[Cell]:
    """Cells of a row-per-line table line.

    >>> [(c.text, c.start, c.end) for c in _split_row(_Line("| 甲 |乙\t|", 10, 18), "pipe")]
    [('甲', 12, 13), ('乙', 15, 16)]
    >>> [(c.text, c.start) for c in _split_row(_Line("甲  乙 丙\u3000\u3000丁", 0, 10), "spaces")]
    [('甲', 0), ('乙 丙', 3), ('丁', 8)]
    """
    t = line.text.translate(_AS_BAR) if layout == "pipe" else line.text
    cells = _cells(line, layout)
    if layout == "pipe":
        # | a | b |: the empty cells outside the outer bars are not cells
        if cells and not cells[0].text and t.lstrip().startswith("|"):
            cells = cells[1:]
        if cells and not cells[-1].text and t.rstrip().endswith("|"):
            cells = cells[:-1]
    elif layout == "tab":
        if cells and not cells[0].text and t.startswith("\t"):
            cells = cells[1:]
    return cells


#: what a line that opens a table holds: what :func:`_row_layout` looks for (a tab, a bar, two
#: spaces in a row), or the 号 of 序号/编号 (written to start with one class of characters,
#: which the engine looks for fast); the rest of its line goes with the match, so that a line
#: gives one match however many hints it holds
_TABLE_HINT = re.compile(r"[\t|号 \u3000\xa0](?:(?<=[\t|号])|[ \u3000\xa0])[^\n]*")


def _row_layout(line: str) -> str | None:
    core = line.strip(" \u3000\xa0\r")
    if "\t" in core.strip("\t"):
        return "tab"
    bars = core.translate(_AS_BAR) if "│" in core or "┃" in core else core
    if bars.count("|") >= 1 and len([c for c in bars.split("|") if c.strip()]) >= 2:
        return "pipe"
    if _SPACE_RUN.search(core.strip(" \u3000\xa0\t")):
        return "spaces"
    return None


#: a row that names a group of tasks: 一、…
_CATEGORY_ROW = re.compile(r"^[一二三四五六七八九十]+、")


def _merge(a: Cell, b: Cell) -> Cell:
    return Cell(a.text + b.text, a.start, b.end)


def laid_tables(text: str, skip: list[Span] | tuple[Span, ...] = ()) -> list[Table]:
    r"""The tables a text lays out one row a line, outside ``skip`` (the tables ingest read,
    rendered so): runs of two lines or more whose cells tabs part (a text that a table was
    copied into) or bars (│ a table drawn with box characters, | one in plain text), each
    line a row, as ingest gives its tables; a box's rules (┌──┬──┐, ├──┼──┤) are no rows.

    >>> t = "表1 主要指标\n指标\t2020年\t2025年\n在校生（万人）\t5.2\t6\n说明：略"
    >>> [[c.text for c in row] for tb in laid_tables(t) for row in tb.rows], laid_tables(t)[0].rows[1][2].span
    ([['指标', '2020年', '2025年'], ['在校生（万人）', '5.2', '6']], Span(start=35, end=36))
    >>> t = "目标表\n┌────┬────┐\n│指标  │2025年│\n├────┼────┤\n│充电桩（个）│35000 │\n└────┴────┘\n"
    >>> [[c.text for c in row] for tb in laid_tables(t) for row in tb.rows]
    [['指标', '2025年'], ['充电桩（个）', '35000']]
    """
    out: list[Table] = []
    if "\t" not in text and not any(b in text for b in _BARS):
        return out
    rows: list[tuple[TableCell, ...]] = []
    start = 0

    def close(end: int) -> None:
        if len(rows) >= 2 and not any(s.start < end and start < s.end for s in skip):
            out.append(Table(tuple(rows), Span(start, end)))
        rows.clear()

    lines = _Lines(text)
    for i in range(len(lines)):
        line = lines[i]
        layout = "tab" if "\t" in line.text else "pipe" if _row_layout(line.text) == "pipe" else None
        if layout and line.text.strip():
            if not rows:
                start = line.start
            rows.append(tuple(TableCell(c.text, Span(c.start, c.end)) for c in _split_row(line, layout)))
        elif rows and _BOX_RULE.match(line.text):
            continue  # (a rule of a box between its rows)
        elif rows:
            close(line.start)
    if rows:
        close(len(text))
    return out


#: the bars that part a row's cells: ASCII, and those of tables drawn with box characters
_BARS = "|│┃"
#: a rule of a table drawn with box characters, or with ASCII (+----+----+)
_BOX_RULE = re.compile(r"^[ \t\u3000]*[┌┬┐├┼┤└┴┘─━┏┳┓┣╋┫┗┻┛═╔╦╗╠╬╣╚╩╝+\-=|: ]+[ \t\u3000]*$")


def find_text_tables(text: str, skip: list[Span] | tuple[Span, ...] = ()) -> list[Grid]:
    """Tables laid out in plain text (outside the ``skip`` spans, e.g. rendered HTML tables).

    >>> t = "序号 |\\n工作任务 |\\n责任部门 |\\n1 |\\n建设园区。 |\\n市教育局 市财政局 |\\n附件3"
    >>> g = find_text_tables(t)[0]
    >>> g.layout, [c.text for c in g.header], [[c.text for c in r] for r in g.rows]
    ('pipe', ['序号', '工作任务', '责任部门'], [['1', '建设园区。', '市教育局 市财政局']])
    """
    # the lines that can open a table: a row laid out with tabs, bars or runs of spaces
    # (_row_layout), or a 序号/编号 header; the others are passed over. A line is read from
    # its hint; the text's lines are made only for a table's header (most texts have none).
    lines: _Lines | None = None
    grids: list[Grid] = []
    resume = 0  # where the first line not read by a table starts

    def skipped(ln: _Line) -> bool:
        return any(s.start <= ln.start < s.end or s.start < ln.end <= s.end for s in skip)

    for m in _TABLE_HINT.finditer(text):  # (one match a line: its hint to the line's end)
        start = text.rfind("\n", 0, m.start()) + 1
        if start < resume:
            continue
        line = text[start : m.end()]
        if not _HEADER_WORD.search(norm_header(line)):
            continue  # (a header, or a 序号 line, holds a word of headers: the cells are in the line)
        ln = _Line(line, start, m.end())
        core = ln.text.strip(" \u3000\xa0\t\r|")
        if not core or skipped(ln) or len(core) > 200:
            continue
        layout = _row_layout(ln.text)
        grid = None
        if layout:
            cells = _split_row(ln, layout)
            if layout == "spaces" and len(alt := _cells_at_spaces(ln)) > len(cells) and all(column_role(c.text) for c in alt):
                cells = alt  # 序号　重点任务　　　牵头单位: one space parts two of its headers
            if is_header([c.text for c in cells]):
                lines = _Lines(text) if lines is None else lines
                grid, nxt = _read_row_table(lines, bisect_right(lines.starts, start) - 1, cells, layout)
        if grid is None and "号" in core and norm_header(core) in ("序号", "编号"):
            lines = _Lines(text) if lines is None else lines
            grid, nxt = _read_cell_table(lines, bisect_right(lines.starts, start) - 1)
        if grid is None and layout is None and (cells := _cells_at_spaces(ln)) and is_header([c.text for c in cells]):
            lines = _Lines(text) if lines is None else lines
            grid, nxt = _read_wrapped_table(lines, bisect_right(lines.starts, start) - 1, cells)
        if grid is not None:
            grids.append(grid)
            resume = lines.starts[nxt] if nxt < len(lines) else len(text) + 1  # type: ignore[union-attr]
    return grids


def _read_row_table(lines: _Lines, i: int, header: list[Cell], layout: str) -> tuple[Grid | None, int]:
    ncol = len(header)
    rows: list[list[Cell]] = []
    j = i + 1
    has_number = column_role(header[0].text) == "number"
    end = lines[i].end
    while j < len(lines):
        ln = lines[j]
        if not ln.text.strip():
            j += 1
            continue
        cells = _split_row(ln, layout) if _row_layout(ln.text) == layout or layout == "tab" and "\t" in ln.text else None
        if cells is None:
            single = ln.text.strip(" \u3000\xa0\t\r|")
            s0 = ln.start + ln.text.find(single)
            one = Cell(single, s0, s0 + len(single))
            if rows and len(rows[-1]) < ncol and len(single) <= 30:
                rows[-1][-1] = _merge(rows[-1][-1], one)  # a cell broken over lines
                end = ln.end
                j += 1
                continue
            if _CATEGORY_ROW.match(single) and len(single) <= 40:
                rows.append([one] * ncol)  # a category row
                end = ln.end
                j += 1
                continue
            break
        if cells and all(_RULE.match(c.text) for c in cells):
            j += 1  # | --- | --- | (a markdown rule)
            continue
        first = cells[0].text if cells else ""
        if layout == "spaces" and len(cells) < ncol and is_serial(first) and (alt := _cells_by_columns(ln, header, lines[i].start)):
            cells = alt  # 1　　开展…评测诊断　工业和信息化部　　市场监管总局: one space parts two of its cells, or a cell is empty
        if has_number and not is_serial(first) and rows and len(rows[-1]) < ncol:
            prev = rows[-1]
            prev[-1] = _merge(prev[-1], cells[0])
            prev.extend(cells[1:])
        elif has_number and not is_serial(first) and len(set(c.text for c in cells)) > 1 and len(cells) < ncol - 1:
            break
        else:
            rows.append(cells)
        end = ln.end
        j += 1
    if not rows:
        return None, i + 1
    return Grid(header, rows, lines[i].start + len(lines[i].text) - len(lines[i].text.lstrip()), end, layout), j


def _cells_by_columns(line: _Line, header: list[Cell], header_start: int) -> list[Cell] | None:
    """A row of a table laid out with spaces, its pieces (parted by any run of spaces) put
    in the columns whose headers start at or just before them, the columns it leaves empty
    as empty cells; None when two pieces fall in one column or none in the last (the row
    goes on on the next line).

    >>> h = [Cell("序号", 0, 2), Cell("任务", 3, 5), Cell("牵头单位", 10, 14), Cell("参与单位", 16, 20), Cell("时限", 22, 24)]
    >>> [c.text for c in _cells_by_columns(_Line("6\u3000\u3000强化保障\u3000\u3000工业和信息化部\u3000\u3000\u3000\u3000\u3000持续推进", 30, 54), h, 0)]
    ['6', '强化保障', '工业和信息化部', '', '持续推进']
    """
    pieces = _cells_at_spaces(line)
    if not pieces:
        return None
    starts = [c.start - header_start for c in header]
    out: list[Cell | None] = [None] * len(header)
    for p in pieces:
        col = bisect_right(starts, p.start - line.start + 2) - 1
        if col < 0 or out[col] is not None:
            return None
        out[col] = p
    if out[-1] is None:
        return None  # (a row that stops short of the last column goes on on the next line)
    at = line.start
    cells = []
    for c in out:
        cells.append(c if c is not None else Cell("", at, at))
        at = cells[-1].end
    return cells


def _cell_stream(lines: _Lines, i: int) -> tuple[list[tuple[Cell, bool]], str, int]:
    """Cells of a one-cell-a-line table from line ``i`` (its 序号 header cell), each with
    whether a blank line came before it; also the marker layout and the line after the end."""
    first = lines[i].text
    if first.rstrip().endswith("|"):
        marker = "pipe"
    elif first.startswith("\t"):
        marker = "tab"
    else:
        marker = "lines"
    out: list[tuple[Cell, bool]] = []
    blank = False
    j = i
    pending: Cell | None = None
    pending_lines = 0
    while j < len(lines):
        ln = lines[j]
        raw = ln.text
        if not raw.strip():
            if marker == "pipe" and pending is not None:
                break
            blank = True
            j += 1
            continue
        core = raw.strip(" \u3000\xa0\t\r")
        if marker == "pipe":
            closes = core.endswith("|")
            txt = core[:-1].rstrip() if closes else core
            s0 = ln.start + raw.find(core[:1]) if core else ln.start
            c = Cell(txt, s0, s0 + len(txt))
            pending = _merge(pending, c) if pending else c
            pending_lines += 1
            if closes:
                out.append((pending, blank))
                pending, pending_lines, blank = None, 0, False
            elif pending_lines >= 4:
                pending = None
                j -= pending_lines - 1
                break
            j += 1
            continue
        if marker == "tab":
            s0 = ln.start + raw.find(core[:1])
            c = Cell(core, s0, s0 + len(core))
            if raw.startswith("\t"):
                out.append((c, blank))
                blank = False
            elif out and not blank and len(core) <= 20:
                prev, b = out[-1]
                out[-1] = (_merge(prev, c), b)  # 市发展\n改革委: one cell
            else:
                break
            j += 1
            continue
        s0 = ln.start + raw.find(core[:1])
        out.append((Cell(core, s0, s0 + len(core)), blank))
        blank = False
        j += 1
    return out, marker, j


def _read_cell_table(lines: _Lines, i: int) -> tuple[Grid | None, int]:
    stream, marker, stop = _cell_stream(lines, i)
    # the header: cells up to the first serial
    k = 0
    while k < len(stream) and k < 12 and not is_serial(stream[k][0].text):
        k += 1
    header = [c for c, _ in stream[:k]]
    if k < 2 or k >= len(stream) or not is_header([c.text for c in header]):
        return None, i + 1
    ncol = len(header)
    rows: list[list[Cell]] = []
    cur: list[Cell] = []
    expected: int | None = None
    end_pos = header[-1].end
    consumed = k
    for idx in range(k, len(stream)):
        cell, blank = stream[idx]
        starts = is_serial(cell.text) and (
            not cur or blank or len(cur) >= ncol - 1
        ) and (expected is None or number_value(cell.text) in (expected, None) or blank)
        if starts:
            if cur:
                rows.append(cur)
            cur = [cell]
            v = number_value(cell.text)
            expected = v + 1 if v is not None else None
        elif not cur:
            break
        elif len(cur) >= ncol:
            if marker == "tab" and not blank:
                cur[-1] = _merge(cur[-1], cell)  # a cell split over two marked lines
            else:
                break
        else:
            cur.append(cell)
        end_pos = cell.end
        consumed = idx + 1
    if cur:
        rows.append(cur)
    if not rows:
        return None, i + 1
    # the line after the last consumed cell
    j = i
    while j < len(lines) and lines[j].start < end_pos:
        j += 1
    if consumed < len(stream):
        stop = j
    return Grid(header, rows, header[0].start, end_pos, marker if marker != "lines" else "lines"), max(stop if consumed == len(stream) else j, i + 1)


# --- a table copied from a page layout, its cells wrapped over lines ----------------------
# 序号 重点任务 牵头单位 责任单位 完成时限 / 1 / 编制项目初步设计，完成评 / 审 / 县农业农村局 /
# 县财政局、县发展改革委、 / 县水利局 / 2023年3月 / 底前 / 2 / …: a header of one line, then each
# row from the line that is its serial alone, its cells in the order of the columns, each
# broken over lines as narrow as its column.

_ONE_SPACE = re.compile(r"[ \u3000\xa0]+")
#: what a row's deadline cell says: a date, a time of year, a period, a standing task (2023年
#: 3月底前, 贯穿全年, 长期坚持, 每月通报): a few words of time
_DEADLINE_CELL = re.compile(r"^(?=[^、，,。；;]{1,12}$)(?![^、，,。；;]*[局委府办处室心司组（(])[^、，,。；;]*(?:\d月|年|季度|每月|每周|持续|长期|定期|常态)")
#: a page's number a layout copied between the rows (— 4 —, -4-)
_PAGE_NUMBER = re.compile(r"^[—\-－]+ ?\d{1,3} ?[—\-－]+$")
#: how the next body of a list of names opens (a region, a collective, a national body)
_NAME_OPENS = re.compile(r"^(?:[省市县区乡镇各]|项目区|国网|国家|中国|中共)")


def _cells_at_spaces(line: _Line) -> list[Cell]:
    """A line's cells cut at every run of spaces (a header whose cells one space parts)."""
    out: list[Cell] = []
    pos = 0
    for piece in _ONE_SPACE.split(line.text):
        k = line.text.find(piece, pos) if piece else pos
        if piece:
            out.append(Cell(piece, line.start + k, line.start + k + len(piece)))
            pos = k + len(piece)
    return out if len(out) >= 3 else []


def _read_wrapped_table(lines: _Lines, i: int, header: list[Cell]) -> tuple[Grid | None, int]:
    """The table whose header is line ``i`` and whose rows each open with their serial alone
    on a line, the cells after it wrapped over lines (:func:`_wrapped_cells`); it ends at a
    heading, an indented paragraph or a line wider than a cell."""
    roles = [column_role(c.text) for c in header]
    if roles[0] != "number" or not ({"lead", "responsible", "support"} & set(roles)):
        return None, i + 1
    rows: list[list[Cell]] = []
    serial: _Line | None = None
    body: list[_Line] = []
    expected, j, end = 1, i + 1, lines[i].end
    while j < len(lines):
        ln = lines[j]
        core = ln.text.strip(_CELL_BLANKS)
        if not core or (serial is not None and _PAGE_NUMBER.match(core)):
            j += 1
            continue
        if is_serial(core) and number_value(core) == expected:
            if serial is not None:
                rows.append(_wrapped_cells(serial, body, roles))
            serial, body, expected = ln, [], expected + 1
        elif serial is None or len(core) > 24 or ln.text[:1] in "\u3000\t" or ln.text.startswith("  ") or _CATEGORY_ROW.match(core):
            break
        else:
            body.append(ln)
        end = ln.end
        j += 1
    if serial is not None:
        rows.append(_wrapped_cells(serial, body, roles))
    rows = [r for r in rows if r]
    if not rows:
        return None, i + 1
    return Grid(header, rows, header[0].start, end, "wrapped"), j


def _joined(lines: list[_Line]) -> Cell | None:
    """One cell of the text of ``lines`` joined (stripped, no line breaks) and their span."""
    if not lines:
        return None
    parts = [ln.text.strip(_CELL_BLANKS) for ln in lines]
    first = lines[0].start + lines[0].text.find(parts[0][:1])
    return Cell("".join(parts), first, lines[-1].start + len(lines[-1].text.rstrip(_CELL_BLANKS)))


def _wrapped_cells(serial: _Line, body: list[_Line], roles: list[str | None]) -> list[Cell]:
    """A wrapped row's cells in the header's order (none when its lines do not read as
    one): the deadline from the end, the departments before it (lines that read as a list of
    names, :func:`_name_lines`), the task the lines before them; with a lead's column and
    another's, the lead's cell ends at the first line that closes a name without a 、."""
    texts = [ln.text.strip(_CELL_BLANKS) for ln in body]
    n = len(body)
    deadline_at = n
    if roles[-1] == "deadline":
        for k in range(n - 1, max(n - 4, 0) - 1, -1):
            if _DEADLINE_CELL.match("".join(texts[k:])):
                deadline_at = k
    dep_roles = [r for r in roles if r in ("lead", "responsible", "support", "guide")]
    dep_at = next((k for k in range(1, deadline_at) if _opens_a_name(texts[k]) and _name_lines(texts[k:deadline_at]) is not None), None)
    if dep_at is None:
        return []
    breaks = _name_lines(texts[dep_at:deadline_at]) or []
    cells: dict[str | None, Cell | None] = {
        "number": Cell(serial.text.strip(_CELL_BLANKS), *_stripped_span(serial)),
        "task": _joined(body[:dep_at]),
        "deadline": _joined(body[deadline_at:]),
    }
    if len(dep_roles) >= 2 and breaks:
        cut = dep_at + breaks[0]
        cells[dep_roles[0]], cells[dep_roles[1]] = _joined(body[dep_at:cut]), _joined(body[cut:deadline_at])
    elif dep_roles:
        cells[dep_roles[0]] = _joined(body[dep_at:deadline_at])
    return [cells.get(r) or Cell("", serial.end, serial.end) for r in roles]


def _opens_a_name(text: str) -> bool:
    """A line that can open a cell of names: it opens like one (县…, 项目区…, 国家…) or holds a
    whole one before its first 、 (工业和信息化部), not the end of a task's last word (复)."""
    first = text.split("、", 1)[0]
    return bool(_NAME_OPENS.match(text)) or (len(first) >= 3 and ends_like_organisation(first))


def _stripped_span(line: _Line) -> tuple[int, int]:
    core = line.text.strip(_CELL_BLANKS)
    k = line.start + line.text.find(core[:1])
    return k, k + len(core)


def _name_lines(texts: list[str]) -> list[int] | None:
    """Where the lines ``texts`` read as names of bodies (each ends like one, a 、 or a line's
    end between them), the lines after which a name closes without a 、 (a cell's end);
    ``None`` when they are no such list.

    >>> _name_lines(["县农业农村局", "县财政局、县发展改", "革委、县水利局"]), _name_lines(["项目区各乡", "镇人民政府", "县农业农村局"])
    ([1], [2])
    >>> _name_lines(["开展项目区土地权属调查和", "群众意见征询，做好公示"]) is None
    True
    """
    if not texts or any(not t for t in texts):
        return None
    names: list[str] = []
    breaks: list[int] = []
    cur = ""
    for k, t in enumerate(texts):
        pieces = t.split("、")
        cur += pieces[0]
        for piece in pieces[1:]:
            names.append(cur)
            cur = piece
        nxt = texts[k + 1] if k + 1 < len(texts) else ""
        if cur and ends_like_organisation(cur) and len(cur) >= 3 and (not nxt or _NAME_OPENS.match(nxt)):
            names.append(cur)
            cur = ""
            if nxt:
                breaks.append(k + 1)
    if cur:
        names.append(cur)
    if not names or any(not ends_like_organisation(x) or len(x) > 30 or "，" in x or "。" in x for x in names):
        return None
    return breaks


# --- reading tasks ---------------------------------------------------------------------


#: the roles of columns that name departments (a list of the row each)
_DEPARTMENT_ROLES = ("lead", "responsible", "support", "guide")


def task_rows(grid: Grid) -> list[TaskRow]:
    """The rows of a task table with their number, departments by role and deadline."""
    roles = [column_role(h.text) for h in grid.header]
    task_cols = [i for i, r in enumerate(roles) if r == "task"]
    ni = roles.index("number") if "number" in roles else -1
    # (the columns whose cells a row reads besides its number and tasks, in order)
    read = [(i, r) for i, r in enumerate(roles) if r in _DEPARTMENT_ROLES or r == "deadline"]
    out: list[TaskRow] = []
    ordinal = 0
    for cells in grid.rows:
        if not cells:
            continue
        texts = [c.text for c in cells]
        start = min(c.start for c in cells)
        end = max(c.end for c in cells)
        if len(set(texts)) == 1 and len(cells) > 1 or (len(cells) == 1 and not is_serial(texts[0])):
            out.append(TaskRow(None, cells, start, end, heading=texts[0], text=texts[0], category=True))
            continue
        number = None
        if ni >= 0:
            if ni < len(cells) and is_serial(texts[ni]):
                number = serial_number(texts[ni])
            else:
                continue  # a row without a serial in a numbered table continues nothing we can name
        else:
            ordinal += 1
            number = str(ordinal)
        row = TaskRow(number, cells, start, end)
        if ni > 0:
            row.group = " ".join(t for t in texts[:ni] if t)
        task_texts = [texts[i] for i in task_cols if i < len(cells) and texts[i]]
        row.heading = task_texts[0] if task_texts else ""
        row.text = ""
        for t in task_texts:
            row.text += t if not row.text or row.text[-1] in "。；;：:！？" else "：" + t
        for i, role in read:
            if i >= len(cells) or not texts[i].strip():
                continue
            if role == "deadline":
                if row.deadline is None:
                    row.deadline = without_white(texts[i])
            else:
                getattr(row, role).append(texts[i])
                row.sources.setdefault(role, cells[i])
        out.append(row)
    return out
