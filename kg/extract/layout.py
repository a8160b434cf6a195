"""Lines and segments of clean text, with offsets.

Saved pages often put several paragraphs on one line separated by runs of spaces; a
*segment* is a line split at such runs, so that rules about "the line before the
preamble" hold for both layouts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import repeat
from typing import Callable, NamedTuple

from kg.extract.regexes import MARKER, RUN_IN_AFTER, SOFT_WRAP

#: white space of saved pages: ASCII, ideographic, no-break and the typographic spaces
WHITE = " \u3000\xa0\t\r\u2002\u2003\u2009\u200b\ufeff"
#: the spaces of :data:`WHITE` two of which make a gap between segments, and one of which does
#: after a sentence's end before a measure's number (:data:`kg.extract.regexes.RUN_IN_AFTER`)
SPACE = " \u3000\xa0\u2002\u2003"


class Segment(NamedTuple):
    """A segment and its span in the text (a tuple: made for every line of a text)."""

    text: str
    start: int
    end: int


def segments(text: str) -> list[Segment]:
    """Non-empty segments of ``text`` in order, stripped, with their offsets (read once
    per text: identity and the document both ask for them).

    >>> [s.text for s in segments("标题   为了…\\n\\n  第二行 \\n\u2003\u2003（一）总体思路")]
    ['标题', '为了…', '第二行', '（一）总体思路']
    """
    return list(_segments(text))


#: a segment: from a character that is not white space to the last such character before
#: the end of its line or a gap (two spaces or more, a tab, or one space between a
#: sentence's end and a measure's number: 。 （二）深化推广应用…, where a copy from PDF ran a
#: heading into the line before it); white space inside that is no gap (one space, a thin
#: space) goes on with it. One search of the text instead of a strip and a search per line.
_SEGMENT = re.compile(
    rf"[^\n{WHITE}]+(?:(?:[\r\u2009\u200b\ufeff]|[{SPACE}](?![{SPACE}])(?!(?<={RUN_IN_AFTER}.){MARKER}))+[^\n{WHITE}]+)*"
)


@lru_cache(maxsize=4)
def _segments(text: str) -> tuple[Segment, ...]:
    r"""The segments of ``text`` (cached): its lines cut at their gaps, white space stripped.

    >>> [(s.text, s.start) for s in _segments(" 甲 乙\t丙\u2009 丁\u3000\u3000戊 \n")]
    [('甲 乙', 1), ('丙\u2009 丁', 5), ('戊', 11)]
    """
    found = list(_SEGMENT.finditer(text))
    return tuple(map(tuple.__new__, repeat(Segment), zip(map(_GROUP, found), map(_START, found), map(_END, found))))


#: the text, start and end of a match, as functions (for :func:`map`)
_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end


def without_white(s: str) -> str:
    r"""``s`` without its white space: the characters ``\s`` matches, at which ``str.split``
    splits (one call in C, where a pattern's substitution costs twice as much).

    >>> without_white(" 序 \u3000号\n"), without_white("甲")
    ('序号', '甲')
    """
    return "".join(s.split())


def open_brackets(s: str) -> int:
    """How many round brackets (full- or half-width) ``s`` opens and leaves open; below 0
    when it closes more than it opens.

    >>> open_brackets("市发展改革委（牵头"), open_brackets("市教育局）"), open_brackets("县（市）")
    (1, -1, 0)
    """
    return s.count("（") + s.count("(") - s.count("）") - s.count(")")


SENTENCE_ENDERS = "。！？!?；;\n"


def sentence_bounds(text: str, start: int, end: int, enders: str = SENTENCE_ENDERS, *, keep_ender: bool = True) -> tuple[int, int]:
    """The sentence (between 。！？；or line breaks, or the given ``enders``) around
    ``[start, end)``; with ``keep_ender`` the closing mark belongs to the sentence.

    >>> t = "甲。乙丙，丁。"
    >>> sentence_bounds(t, 2, 3), sentence_bounds(t, 2, 3, "，。", keep_ender=False)
    ((2, 7), (2, 4))
    """
    # (the marks near the place are looked for there: a text is asked about a few places,
    # and a table of every mark of it costs more than those answers)
    s, e = near_ender_bounds(text, start, end, enders)
    if keep_ender and e < len(text):
        e += 1
    return s, e


def ender_bounds(text: str, start: int, end: int, enders: str) -> tuple[int, int]:
    """``(s, e)``: ``s`` after the last character of ``enders`` before ``start`` (0 when
    none), ``e`` at the first one at or after ``end`` (``len(text)`` when none).

    >>> ender_bounds("甲。乙丙，丁。", 3, 3, "。")
    (2, 6)
    """
    marks = _ender_positions(text, enders)
    i = bisect_left(marks, start)
    s = marks[i - 1] + 1 if i else 0
    j = bisect_left(marks, end)
    return s, marks[j] if j < len(marks) else max(end, len(text))


def near_ender_bounds(text: str, start: int, end: int, enders: str, reach: int = 256) -> tuple[int, int]:
    """:func:`ender_bounds`, found from the marks within ``reach`` characters of ``[start,
    end)`` (the table of every mark of the text is made only when none is there): for a
    text asked about a few places with its own ``enders``, where the table costs more than
    the answers.

    >>> t = "甲。乙丙，丁。" + "戊" * 600
    >>> [near_ender_bounds(t, p, p, "。", reach=4) == ender_bounds(t, p, p, "。") for p in (0, 3, 6, 300)]
    [True, True, True, True]
    """
    search, up_to_last = _near_finders(enders)
    lo = start - reach if start > reach else 0
    last = up_to_last(text, lo, start)  # (it ends right after the last mark before start)
    if last is None:
        if lo > 0:
            return ender_bounds(text, start, end, enders)
        s = 0
    else:
        s = last.end()
    hi = end + reach
    m = search(text, end, hi)
    if m is None:
        if hi < len(text):
            return ender_bounds(text, start, end, enders)
        return s, max(end, len(text))
    return s, m.start()


@lru_cache(maxsize=16)
def _near_finders(enders: str) -> tuple[Callable[..., re.Match[str] | None], Callable[..., re.Match[str] | None]]:
    """The search for a character of ``enders`` and the match of everything up to the last
    one (:func:`near_ender_bounds`: one lookup for both)."""
    return _ender_re(enders).search, _up_to_ender_re(enders).match


@lru_cache(maxsize=8)
def _ender_positions(text: str, enders: str) -> tuple[int, ...]:
    """Offsets of the characters of ``enders`` in ``text`` (found once per text)."""
    return tuple(map(re.Match.start, _ender_re(enders).finditer(text)))


@lru_cache(maxsize=16)
def _ender_re(enders: str) -> re.Pattern[str]:
    """A character of ``enders``."""
    return re.compile(f"[{re.escape(enders)}]")


@lru_cache(maxsize=16)
def _up_to_ender_re(enders: str) -> re.Pattern[str]:
    """Everything up to the last character of ``enders`` (matched from a place: the match
    ends right after the last mark of the stretch it is given)."""
    return re.compile(f"(?s:.*)[{re.escape(enders)}]")


_TITLE_MARKS = re.compile(r"[《》]")


def book_title_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the outermost 《…》 pairs; an unclosed mark ends at the line break
    (read once per text: citations and targets ask for them several times).

    >>> book_title_spans("据《甲〈乙〉》和《丙《丁》》")
    [(1, 7), (8, 14)]
    >>> book_title_spans("《甲\\n乙》《丙《丁\\n》戊《己》")
    [(12, 15)]
    """
    return list(_book_title_spans(text))


def unwrapped_title_spans(text: str, original: str) -> list[tuple[int, int]]:
    r""":func:`book_title_spans` of ``text``, which is ``original`` with line breaks made
    spaces (same length, same marks): those of ``original`` when every mark of it pairs with
    its neighbour on its line (the pairs stay so when line breaks go), else read from ``text``.

    >>> t = "《甲\n乙》和《丙》"
    >>> unwrapped_title_spans(t.replace("\n", " "), t), unwrapped_title_spans("《丙》 ", "《丙》\n")
    ([(0, 5), (6, 9)], [(0, 3)])
    """
    if flat_titles(original):  # (kept: citations read the original text's spans)
        return list(_book_title_spans(original))
    return book_title_spans(text)


def unwrap(text: str) -> str:
    r"""``text`` with the line breaks inside paragraphs (a page layout's wrapping) made spaces,
    so that a clause runs on across them; same length, so spans stay valid.

    >>> unwrap("截止到目前我矿已实现了全面的自动化改造工作，减少一线作业人员\n112人。\n二、任务")
    '截止到目前我矿已实现了全面的自动化改造工作，减少一线作业人员 112人。\n二、任务'
    """
    return unwrapped(text)[0]


#: the characters a line holds at least when a page's layout, not its writer, ended it
FULL_LINE = 25


def _full_line_before(text: str, at: int) -> bool:
    return at - (text.rfind("\n", 0, at) + 1) >= FULL_LINE


def soft_wrap_at(text: str, at: int) -> bool:
    r"""Whether the line break at ``at`` is a page layout's wrapping: a full line before it
    (:data:`FULL_LINE`) and no sentence's end or heading's start around it (:data:`SOFT_WRAP`).

    >>> t = "截止到目前我矿已实现了全面的自动化改造工作，减少一线作业人员\n112人。\n二、任务"
    >>> soft_wrap_at(t, t.index("\n")), soft_wrap_at(t, t.index("\n二"))
    (True, False)
    """
    return _full_line_before(text, at) and SOFT_WRAP.match(text, at) is not None


def unwrapped(text: str) -> tuple[str, list[int]]:
    """:func:`unwrap`'s text, and where it made line breaks spaces (:func:`soft_wrap_at`)."""
    cuts = [m.start() for m in SOFT_WRAP.finditer(text) if _full_line_before(text, m.start())]
    if not cuts:
        return text, cuts
    pieces: list[str] = []
    last = 0
    for c in cuts:
        pieces += [text[last:c], " "]
        last = c + 1
    pieces.append(text[last:])
    return "".join(pieces), cuts


@lru_cache(maxsize=4)
def flat_titles(text: str) -> bool:
    r"""Every 《 and 》 of ``text`` pairs with its neighbour on its line: no title is nested,
    unclosed or broken over lines (each span of :func:`book_title_spans`, which are kept per
    text, has two marks of its own; kept per text too).

    >>> flat_titles("《甲》和《乙》"), flat_titles("无"), flat_titles("《甲\n乙》"), flat_titles("《甲《乙》》")
    (True, True, False, False)
    """
    return 2 * len(_book_title_spans(text)) == text.count("《") + text.count("》")


#: a 《…》 with no mark and no line break inside
_FLAT_TITLE = re.compile(r"《[^《》\n]*》")


@lru_cache(maxsize=4)
def _book_title_spans(text: str) -> tuple[tuple[int, int], ...]:
    flat = list(_FLAT_TITLE.finditer(text))
    if 2 * len(flat) == text.count("《") + text.count("》"):
        # every mark closes or is closed by its neighbour on its line (most texts): the
        # outermost pairs are those, found by one search
        return tuple(map(re.Match.span, flat))
    out: list[tuple[int, int]] = []
    depth = 0
    start = last = 0
    for m in _TITLE_MARKS.finditer(text):
        i = m.start()
        if depth and text.find("\n", last, i) >= 0:
            depth = 0  # the marks still open end at the line break between
        last = i
        if m.group(0) == "《":
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return tuple(out)
