"""The enactment history at the head of a law or regulation, read as dated events.

Laws and regulations print under their title when each version was adopted, approved,
amended and promulgated, one event per line or all in one parenthesis:

>>> text = "某市养犬管理条例\\n2015年3月2日 某市第十届人民代表大会常务委员会第五次会议通过\\n2015年5月8日 某省第十二届人民代表大会常务委员会第九次会议批准\\n\\n第一条 为了……"
>>> [(e.kind, e.date, e.body) for e in find_enactment(text)]
[('通过', '2015-03-02', '某市人民代表大会常务委员会'), ('批准', '2015-05-08', '某省人民代表大会常务委员会')]
>>> h = Enactment.of(find_enactment(text))
>>> h.date, h.first_date, h.bodies
('2015-05-08', '2015-03-02', ['某市人民代表大会常务委员会'])
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract import regexes as rx
from kg.extract.dates import find_dates
from kg.extract.layout import open_brackets, without_white
from kg.models import Span

#: kinds of events; 发布 and 颁布 are written for 公布
KINDS = ("通过", "批准", "修订", "修正", "公布", "施行")
#: the words a history writes for 公布
PUBLISHED_WORDS = ("发布", "颁布", "印发")
_KIND_WORD = re.compile("|".join((*KINDS, *PUBLISHED_WORDS)))
#: events that make a version (the adopting body of the latest one is the issuer)
ADOPTIONS = ("通过", "修订", "修正")
_SCAN_CHARS = 3000


@dataclass(frozen=True)
class EnactmentEvent:
    """One dated step: ``kind`` (one of :data:`KINDS`), ISO ``date``, the body as a
    canonical name (``None`` when the line names none) and the clause's span."""

    kind: str
    date: str
    body: str | None
    span: Span
    #: every body the clause names (joint orders: 海关总署、公安部令)
    bodies: tuple[str, ...] = ()


@dataclass
class Enactment:
    """What the history says about the version the text is."""

    events: list[EnactmentEvent] = field(default_factory=list)
    date: str | None = None
    first_date: str | None = None
    bodies: list[str] = field(default_factory=list)
    span: Span | None = None

    @classmethod
    def of(cls, events: list[EnactmentEvent], place: str | None = None) -> "Enactment":
        """Summarise ``events``; with ``place`` (the place the title names), a version adopted
        by that place's own body is preferred to the approval of a higher one, even where
        the approval is written 通过."""
        dated = [e for e in events if e.kind != "施行"]
        if not dated:
            return cls(events=events)
        latest = max(dated, key=lambda e: e.date)
        first = min(dated, key=lambda e: e.date)
        adopted = [e for e in dated if e.kind in ADOPTIONS and e.bodies]
        own = [e for e in adopted if place and e.bodies[0].startswith(place)]
        adopted = own or adopted
        made = adopted or [e for e in dated if e.kind == "公布" and e.bodies] or [e for e in dated if e.bodies]
        bodies = _joint_bodies(made, max(made, key=lambda e: e.date)) if made else []
        return cls(events=events, date=latest.date, first_date=first.date, bodies=bodies,
                   span=Span(events[0].span.start, events[-1].span.end))


def _dated(line: str) -> bool:
    """A line that begins with a date (or 根据 and a date), or a parenthesis holding one."""
    return bool(rx.ENACTMENT_LINE.match(line)) or (line.startswith(("（", "(")) and bool(find_dates(line[:80])))


def _joint_bodies(made: list[EnactmentEvent], latest: EnactmentEvent) -> list[str]:
    """Bodies of the latest version; a text adopted by two bodies at their own sessions
    (最高人民法院审判委员会…、最高人民检察院检察委员会…通过) names both, in the order written.

    >>> ev = lambda d, b: EnactmentEvent("通过", d, b, Span(0, 0), (b,))
    >>> a, b = ev("2024-11-04", "最高人民法院审判委员会"), ev("2024-06-27", "最高人民检察院检察委员会")
    >>> _joint_bodies([a, b], a)
    ['最高人民法院审判委员会', '最高人民检察院检察委员会']
    >>> _joint_bodies([ev("1990-04-04", "全国人民代表大会"), ev("2018-03-11", "全国人民代表大会常务委员会")], ev("2018-03-11", "全国人民代表大会常务委员会"))
    ['全国人民代表大会常务委员会']
    """
    if latest.kind != "通过":
        return list(latest.bodies)
    i = made.index(latest)
    lo, hi = i, i
    day = dt.date.fromisoformat(latest.date)

    def near(e: EnactmentEvent) -> bool:
        return e.kind == "通过" and abs(dt.date.fromisoformat(e.date) - day).days <= 366

    while lo > 0 and near(made[lo - 1]):
        lo -= 1
    while hi + 1 < len(made) and near(made[hi + 1]):
        hi += 1
    names = [b for e in made[lo : hi + 1] for b in e.bodies]
    return list(dict.fromkeys(names)) if len(set(names)) == len(names) else list(latest.bodies)


def _continues(line: str) -> bool:
    """A line that ends an event begun on the line above (第九次会议通过), not a remark
    under a signature (（此件公开发布）) nor the start of the body."""
    return (
        0 < len(line) <= _CONTINUED_CHARS and not line.startswith(("（", "(")) and "。" not in line
        and not rx.SECTION_HEADING.match(line) and bool(_KIND_WORD.search(line))
        and (len(line) <= 40 or bool(_ENDS_WITH_KIND.search(line)))
    )


#: the longest line that ends an event begun above: a session and the title of an amending
#: decision (第十二届…第三十一次会议《关于修改〈…〉的决定》修正) when it ends with the event's word
_CONTINUED_CHARS = 120
_ENDS_WITH_KIND = re.compile(r"(?:通过|批准|修订|修正|公布|发布|颁布|施行)[）)]?$")


def _opening_line(text: str) -> int | None:
    r"""Where the first line that can open a history or a section heading begins (by its
    first character, :data:`rx.LINE_OPENING`), or ``None``: the lines before it are neither.

    >>> t = "某某条例\n（2001年5月8日通过）"
    >>> _opening_line(t), _opening_line("（2001年）"), _opening_line("某某办法\n为了……")
    (5, 0, None)
    """
    if rx.FIRST_LINE_OPENING.match(text, 0, _SCAN_CHARS):
        return 0
    m = rx.LINE_OPENING.search(text, 0, _SCAN_CHARS)
    return m.start() + 1 if m else None


def _line_at(text: str, pos: int, stop: int) -> tuple[str, int]:
    """The line that starts at ``pos`` (cut at ``stop``) and where it ends."""
    end = text.find("\n", pos, stop)
    end = stop if end < 0 else end
    return text[pos:end], end


def _next_filled(text: str, pos: int, stop: int) -> str:
    """The first line from ``pos`` on that is not empty, stripped ('' when there is none)."""
    while pos <= stop:
        line, end = _line_at(text, pos, stop)
        if line.strip():
            return line.strip()
        pos = end + 1
    return ""


def _history_lines(text: str, begin: int = 0) -> list[tuple[int, int]]:
    """Spans of the lines of the head that make up the history: a run of lines that begin
    with a date (or 根据 and a date) and state an event, on that line or the next, or a
    parenthesis that holds them. Reading starts at the line at ``begin``
    (:func:`_opening_line`), and until the history begins it goes from one line that can
    open it or a section heading to the next: a line between would only be seen."""
    stop = min(len(text), _SCAN_CHARS)
    out: list[tuple[int, int]] = []
    depth = 0
    seen = bool(text[:begin].strip())  # a non-empty line came before
    pos = begin
    while pos <= stop:
        line, end = _line_at(text, pos, stop)
        after = end + 1
        s = line.strip()
        if not s:
            if out and depth <= 0:
                break
        else:
            # under a title (never the text's first line), and never a sentence (2017年9月29日，…发布了…。)
            titled, seen = seen, True
            dated = titled and "。" not in s and _dated(s) and bool(
                _KIND_WORD.search(s) or _continues(nxt := _next_filled(text, after, stop)) or (_dated(nxt) and _KIND_WORD.search(nxt))
            )
            if depth > 0 or dated or (out and _continues(s)):
                out.append((pos, end))
                depth += open_brackets(s)
            elif out or rx.SECTION_HEADING.match(s):
                break
            else:
                opening = rx.LINE_OPENING.search(text, end, stop)
                if opening is None:
                    break
                after = opening.start() + 1
        pos = after
    return out


def _kind(clause: str) -> str | None:
    """The event a clause states (words inside 《》 do not count; 公布施行 is 公布).

    >>> _kind("《关于修改部分地方性法规的决定》第一次修正"), _kind("全国人民代表大会公告公布施行"), _kind(" 施行")
    ('修正', '公布', '施行')
    >>> _kind("某省人民代表大会常务委员会会议通过批准的《某市关于修改〈某条例〉的决定》修正")
    '批准'
    >>> _kind("某市人民代表大会常务委员会第三十五次会议通过的《某规则修正案》第三次修正")
    '修正'

    """
    bare = _QUOTED.sub("", clause) if "《" in clause else clause
    words = ["公布" if w in PUBLISHED_WORDS else w for w in _KIND_WORD.findall(bare)]
    if not words and "会议" in bare:
        return "通过"  # 最高人民法院审判委员会第1734次会议 (the adopting session, its verb on another line)
    if "批准" in words:
        return "批准"  # 通过批准的《…决定》修正: the approval of another body's amendment
    if "《" in clause and (amended := next((w for w in words if w in ("修正", "修订")), None)):
        return amended  # 会议通过的《…修正案》第三次修正: an amendment, its act adopted
    return next((w for w in words if w != "施行"), None) or (words[0] if words else None)


_QUOTED = re.compile(r"《[^》]*》")
_VIA = re.compile(r"^[经由]")
_COMMITTEE_CUT = re.compile(r"常务委员$")
_CONGRESS_CUT = re.compile(r"人民代表会")
_SHORT_COMMITTEE = re.compile(r"人大常委会$")
_SHORT_CONGRESS = re.compile(r"人大$")
_NOT_IN_BODY = re.compile(r"[《》。；]")
#: the committee that adopts a judicial interpretation for its court or procuratorate
_COURT_COMMITTEE = re.compile(r"(?<=法院)审判委员会$|(?<=检察院)检察委员会$")
_DECISION_BODY = re.compile(r"《([^》]*?)关于")
_LIST_MARK = re.compile(r"[、，,]")


@lru_cache(maxsize=1 << 12)
def canonical_body(name: str) -> str | None:
    """A body's name as the history writes it, without session numbers and expanded.

    >>> canonical_body("某县八届人大")
    '某县人民代表大会'
    >>> canonical_body("第十二届全国人民代表大会常务委员会")
    '全国人民代表大会常务委员会'
    >>> canonical_body("中华人民共和国国务院")
    '国务院'
    >>> canonical_body("经某市第十四届人民代表大会常务委员")
    '某市人民代表大会常务委员会'
    >>> canonical_body("决定") is None
    True
    >>> canonical_body("最高人民法院审判委员会"), canonical_body("最高人民检察院第十三届检察委员会")
    ('最高人民法院', '最高人民检察院')
    """
    s = without_white(name).strip("，,、：:（(")
    s = rx.SESSION_ORDINAL.sub("", _VIA.sub("", s))
    s = _CONGRESS_CUT.sub("人民代表大会", _COMMITTEE_CUT.sub("常务委员会", s))
    s = _SHORT_COMMITTEE.sub("人民代表大会常务委员会", s)
    s = _SHORT_CONGRESS.sub("人民代表大会", s)
    s = _COURT_COMMITTEE.sub("", s)  # (a court's committee adopts for the court, as 国务院常务会议 for 国务院)
    rest = s[len("中华人民共和国"):] if s.startswith("中华人民共和国") else s
    if rest and rx.ENACTING_BODY_END.search(rest):
        s = rest
    if not (2 <= len(s) <= 40) or not rx.ENACTING_BODY_END.search(s) or _NOT_IN_BODY.search(s):
        return None
    return s


def _bodies(clause: str) -> tuple[str, ...]:
    """The bodies a clause names: before its session, its order or notice number, or the
    event word; from the title of a 决定 that a clause cites alone."""
    c = clause.strip(" \t\u3000\xa0，,、：:（(根据")
    if c.startswith("《"):
        m = _DECISION_BODY.match(c)
        head = m.group(1) if m else ""
    else:
        cut = rx.BODY_STOP.search(c)
        head = c[: cut.start()] if cut else ""
    names = [canonical_body(p) for p in _LIST_MARK.split(head) if p] if head else []
    return tuple(n for n in names if n)


def find_enactment(text: str) -> list[EnactmentEvent]:
    """The dated events of the history at the head of ``text`` (empty when there is none)."""
    events: list[EnactmentEvent] = []
    begin = _opening_line(text)
    if begin is None:
        return events  # (no line of the head can open a history)
    text = rx.halfwidth_digits(text[:_SCAN_CHARS])  # (the history is read in the head only)
    for start, end in _merge(_history_lines(text, begin)):
        block = text[start:end]
        dates = find_dates(block)
        for i, (iso, ds, de) in enumerate(dates):
            stop = dates[i + 1][1] if i + 1 < len(dates) else len(block)
            clause = block[de:stop]
            kind = _kind(clause)
            if kind is None:
                continue
            bodies = _bodies(clause)
            events.append(EnactmentEvent(kind, iso, bodies[0] if bodies else None, Span(start + ds, start + stop), bodies))
    return events


def _merge(lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(lines[0][0], lines[-1][1])] if lines else []


def enactment(text: str) -> Enactment:
    """The history of ``text`` summarised (see :class:`Enactment`)."""
    return Enactment.of(find_enactment(text))


__all__ = ["Enactment", "EnactmentEvent", "KINDS", "canonical_body", "enactment", "find_enactment"]
