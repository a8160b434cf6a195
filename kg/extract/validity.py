"""When a document takes effect, when it expires and what it repeals (FORMAT.md "Validity").

Read from the text's own clauses, never from a site's 实施日期/失效日期 fields:

* ``effective``: 自2021年5月1日起施行 (本办法自…起执行 too); 自印发之日起施行 (and 发布, 公布 …) is the document's own
  date; when a notice issues a plan or 办法, the issued document's clause wins over the
  notice's; a clause that reports another document taking effect (市政府印发《…》，自…起施行)
  is not this document's. A 自…起执行 date without 本X is the start only of a document that
  states a validity period and has no 施行 clause.
* ``expires``: 有效期至2025年12月31日; 有效期5年 counts from ``effective`` (N years less one
  day); unknown when the start is unknown.
* ``repeals``: the documents named before 同时废止, 停止执行, 不再执行, 原…同时失效 … (or after
  代替; after a verb that opens its clause, as a decision of repeal writes it: 一、废止《…》;
  in the numbered lines of a list the sentence announces: 对以下3件规章予以废止：), written like
  citations; not a repeal the text reports (已被废止), not a partial suspension
  (《…》中关于…的规定不再执行), not the document's own earlier version.

Words: ``kg/data/validity_words.tsv``; patterns: ``kg.extract.regexes``.

>>> v = find_validity("第二十条 本办法自印发之日起施行，有效期5年。《甲市乙办法》（甲府规〔2018〕3号）同时废止。", own_date="2021-05-01")
>>> v.effective, v.expires, [(c.doc_number, c.title) for c in v.repeals]
('2021-05-01', '2026-04-30', [('甲府规〔2018〕3号', '甲市乙办法')])
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from pathlib import Path

from kg.extract.dates import cn_small_number, parse_date
from kg.extract.enactment import KINDS, PUBLISHED_WORDS
from kg.extract.layout import sentence_bounds
from kg.extract.regexes import ANY_DATE, CJK, CN_ORDINAL, DAYS_AFTER, MEASURE_MARKER, OWN_DAY, PARTIAL, REPORTED_ACT, VALIDITY_PERIOD, VALIDITY_UNTIL, halfwidth_digits, matches_before, positions
from kg.models import Citation, PolicyInfo, SourceText, Span, Validity

WORDS = Path(__file__).resolve().parent.parent / "data" / "validity_words.tsv"


@lru_cache(maxsize=1)
def words() -> dict[str, tuple[str, ...]]:
    """Role -> words (longest first) of ``kg/data/validity_words.tsv``."""
    roles: dict[str, list[str]] = {}
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            w, _, role = line.partition("\t")
            roles.setdefault(role.strip(), []).append(w.strip())
    return {r: tuple(sorted(set(ws), key=len, reverse=True)) for r, ws in roles.items()}


def _alt(role: str) -> str:
    return "|".join(map(re.escape, words().get(role, ())))


#: the words a clause of :data:`_CLAUSE` opens with
_CLAUSE_OPENERS = ("自", "从", "于")
#: the words a match of :data:`VALIDITY_UNTIL` opens with
_UNTIL_OPENERS = ("有效期", "至")


def _matches_at(rx: re.Pattern[str], text: str, marks: tuple[str, ...], reach: int = 0) -> Iterator[re.Match[str]]:
    """The matches of ``rx.finditer(text)``, when every match of ``rx`` starts at most
    ``reach`` characters before one of ``marks`` (0: it opens with one): ``rx`` is tried
    only there (the marks are found by ``str.find``, far faster than the engine's scan for
    a pattern's first characters, and they are rare).

    >>> [m.group() for m in _matches_at(re.compile("(?:自|于)[甲乙]+"), "于甲自乙乙于丙", ("自", "于"))]
    ['于甲', '自乙乙']
    >>> [m.group() for m in _matches_at(re.compile("同时废止|废止|代替"), "甲同时废止，代替乙", ("废", "替"), 2)]
    ['同时废止', '代替']
    """
    return matches_before(rx, text, positions(text, marks), reach)


#: 自<date or own day>起 … <verb>, a few characters allowed between 起 and the verb
_CLAUSE = re.compile(
    rf"(?:{'|'.join(_CLAUSE_OPENERS)})[ \t]*(?:(?P<date>{ANY_DATE})|{OWN_DAY})[ \t]*(?:起|开始)?"
    rf"(?P<mid>[^。；;，,、《》]{{0,10}}?)(?P<verb>{_alt('apply')}|{_alt('weak_apply')})(?![{CJK}]{{0,1}}(?:办法|方案|细则|意见))")


def _header_body() -> str:
    """A law's heading line ``2018年10月1日 施行`` from its start (the next event of the
    history may run on: 2015年5月1日 施行根据2018年9月7日…修正)."""
    return rf"[ \t\u3000（(]*(?P<date>{ANY_DATE})[ \t\u3000]*(?:起)?(?:{_alt('apply')})[ \t\u3000）)]*(?:$|(?=根据[ \t\u3000]*(?:19|20)\d\d))"


#: a heading line (:func:`_header_body`) at the start of the text
_HEADER = re.compile(_header_body(), re.M)
#: a heading line after a line break (the break is matched too: a pattern that opens with a
#: character is searched for fast, one that opens with ``^`` is tried everywhere)
_HEADER_AFTER_BREAK = re.compile("\n" + _header_body(), re.M)


def _header_lines(head: str) -> list[re.Match[str]]:
    r"""The heading lines of ``head`` in order, as ``^``\ :func:`_header_body` with
    ``re.M`` finds them (a match never ends right after a line break).

    >>> [m["date"] for m in _header_lines("2018年10月1日 施行\n甲\n（2019年1月1日起施行）\n")]
    ['2018年10月1日', '2019年1月1日']
    >>> [m["date"] for m in _header_lines("甲\n2015年5月1日 施行根据2018年9月7日乙决定修正\n")]
    ['2015年5月1日']
    """
    first = _HEADER.match(head)
    out = [first] if first else []
    out.extend(_HEADER_AFTER_BREAK.finditer(head, first.end() if first else 0))
    return out


#: a word of repeal or replacement
_REPEAL = re.compile(f"{_alt('repeal')}|{_alt('replace')}")


#: characters that mark the words of repeal and replacement (a word holding none of them is
#: marked by its first character, in :func:`_repeal_marks`)
_REPEAL_MARKS = "废停失替再"


def _repeal_marks() -> tuple[tuple[str, ...], int]:
    """Characters one of which every word of :data:`_REPEAL` holds, and how far into a
    word the first of them stands at most (a match starts that far before a mark).

    >>> marks, reach = _repeal_marks()
    >>> all(any(c in w[: reach + 1] for c in marks) for w in words()["repeal"] + words()["replace"])
    True
    """
    ws = words().get("repeal", ()) + words().get("replace", ())
    marks = tuple(dict.fromkeys([*_REPEAL_MARKS, *(w[0] for w in ws if not any(c in w for c in _REPEAL_MARKS))]))
    return marks, max((min(w.index(c) for c in marks if c in w) for w in ws), default=0)


#: :func:`_repeal_marks`, read once
_REPEAL_MARKS_REACH = _repeal_marks()


def _may_repeal(text: str) -> bool:
    """Whether ``text`` can hold a word of :data:`_REPEAL` (one of its marks is there)."""
    return any(map(text.__contains__, _REPEAL_MARKS_REACH[0]))


#: 自发布之日起 in a sentence that repeals: the day this document takes effect
_OWN_DAY_REPEAL = re.compile(rf"自[ \t]*{OWN_DAY}[ \t]*起(?=[^。；;]*(?:{_alt('repeal')}))")


#: 第五条自…起施行: a clause about one article, not the document
_ARTICLE_BEFORE = re.compile(rf"第[{CN_ORDINAL}\d]+条(?:的规定|规定)?[ \t]*$")


@dataclass(frozen=True)
class Clause:
    """A candidate effective clause: its date (``None`` when not determined), rank and span."""

    date: str | None
    rank: int  # 3 the issued document's, 2 the issuing notice's, 1 a start read from 自…起执行
    span: Span


def add_period(start: str, n: int, unit: str) -> str:
    """The last day of a period of ``n`` years (or months) that starts on ``start``.

    >>> add_period("2021-05-01", 5, "年"), add_period("2024-02-29", 1, "年"), add_period("2023-01-31", 1, "个月")
    ('2026-04-30', '2025-02-27', '2023-02-27')
    """
    d = dt.date.fromisoformat(start)
    months = d.month - 1 + (n * 12 if unit == "年" else n)
    y, m = d.year + months // 12, months % 12 + 1
    day = d.day
    while True:
        try:
            end = dt.date(y, m, day)
            break
        except ValueError:
            day -= 1
    return (end - dt.timedelta(days=1)).isoformat()


def _number(s: str) -> int:
    """A count as written.

    >>> _number("5"), _number("两"), _number("十")
    (5, 2, 10)
    """
    return int(s) if s.isdigit() else cn_small_number(s.replace("两", "二"))


def _subject(before: str) -> str | None:
    """What follows the last 本 of the sentence before a clause (本通知…, 本办法…).

    >>> _subject("第九条 本办法"), _subject("甲")
    ('办法', None)
    """
    i = before.rfind("本")
    return before[i + 1 :].strip() or None if i >= 0 else None


def _reported(sentence_before: str) -> bool:
    """The clause reports another document taking effect: a 《…》 before it in the sentence
    without this text issuing it (现予公布, 现印发); 本《办法》 and a bracketed former name
    (本法（原称《…》）) are the document itself.

    >>> _reported("市政府印发《甲政策》，"), _reported("现将《甲办法》印发给你们，"), _reported("本法（原称《甲条例》）")
    (True, False, False)
    >>> _reported("第二十八条 本细则为《甲政策》（甲字〔2023〕13号）的配套文件，")
    False
    """
    if "《" not in sentence_before:
        return False  # (what is cut below holds no 《 outside it)
    sentence_before = _OWN_QUOTES.sub("", _SAYS_WHAT_IT_IS.sub("", sentence_before, count=1))
    return "《" in sentence_before and not _ISSUES_NOW.search(sentence_before)


#: the opening of a sentence about the document itself: (第N条) 本X
_OPENING = rf"(?:第[{CN_ORDINAL}\d]+条\s*)?本[{CJK}]{{1,8}}"
#: the document says what it is of another: 本细则为《…》的配套文件, 本办法是《…》的实施细则
_SAYS_WHAT_IT_IS = re.compile(rf"^\s*{_OPENING}(?:为|是)《[^》]*》")
#: a bracketed remark or 本《…》: the document itself, not another one
_OWN_QUOTES = re.compile(r"[（(][^（）()]*[)）]|本《[^》]*》")
#: this text issues what it names: 现予公布, 现将…印发
_ISSUES_NOW = re.compile(r"现(?:予以?|将|正式)?[^。；;]{0,40}?(?:印发|发布|公布|颁布)")
#: the start of a sentence that a statement of validity about the document itself follows:
#: 本通知, 第十条 本办法的
_OWN_OPENING = re.compile(rf"\s*{_OPENING}(?:的)?")


def effective_clauses(text: str, own_date: str | None, event_dates: Mapping[str, str] | None = None) -> list[Clause]:
    """Every clause that says from when something applies, ranked. A day named by its event
    (自公布之日起施行) is the document's own date, or, in a law whose enactment history
    prints that event (``event_dates``: 公布, 通过, 批准 -> the date of the latest one), that
    event's date: 本条例自公布之日起施行 in a regulation promulgated in 2001 and amended since
    by a decision takes effect in 2001.

    >>> [c.date for c in effective_clauses("第三十九条 本条例自公布之日起施行。", "2006-07-04", {"公布": "2001-08-03"})]
    ['2001-08-03']

    >>> [(c.date, c.rank) for c in effective_clauses("本通知自印发之日起施行。\\n甲办法\\n第九条 本办法自2021年5月1日起施行。", "2021-03-02")]
    [('2021-03-02', 2), ('2021-05-01', 3)]
    >>> effective_clauses("市政府印发《甲政策》，自2020年6月17日起施行。", None)
    []
    >>> [c.date for c in effective_clauses("本规定自公布之日起30日后施行。", "2023-06-12")]
    ['2023-07-12']
    """
    out: list[Clause] = []
    ws = words()
    for m in _matches_at(_CLAUSE, text, _CLAUSE_OPENERS):
        s, _ = sentence_bounds(text, m.start(), m.end())
        before = text[s : m.start()]
        # (a clause about one article names it with 条)
        if _reported(before) or ("条" in before and _ARTICLE_BEFORE.search(before)):
            continue
        date = parse_date(m["date"]) if m["date"] else _event_date(m["event"], own_date, event_dates) if m["event"] in ws["own_date"] else None
        wait = DAYS_AFTER.fullmatch(m["mid"]) if date and m["mid"] else None
        if wait:  # 自公布之日起30日后施行: the day it counts from, and as many days after it
            date = (dt.date.fromisoformat(date) + dt.timedelta(days=_number(wait["n"]))).isoformat()
        subject = m["subject"] or _subject(before)
        if m["verb"] in ws.get("weak_apply", ()) and subject is None:
            out.append(Clause(date, 1, Span(m.start(), m.end())))
            continue
        notice = subject is not None and subject.startswith(ws["notice"])
        out.append(Clause(date, 2 if notice else 3, Span(m.start(), m.end())))
    for m in _header_lines(text[:2000]):
        out.append(Clause(parse_date(m["date"]), 3, Span(m.start("date"), m.end())))
    out.sort(key=lambda c: c.span.start)
    return out


def _event_date(event: str, own_date: str | None, event_dates: Mapping[str, str] | None) -> str | None:
    """The day an event word of a 施行 clause names: that event's in the history (its kinds and
    the words for 公布, :mod:`kg.extract.enactment`; 印发之日 is the document's own date, its
    成文日期, FORMAT.md), else the day the history says the text took effect (2001年7月9日 施行),
    else the document's own date."""
    dates = event_dates or {}
    kind = None if event == "印发" else "公布" if event in PUBLISHED_WORDS else event if event in KINDS else None
    return (dates.get(kind) if kind else None) or dates.get("施行") or own_date


def _stated_periods(text: str, clauses: list[Clause]) -> list[tuple[re.Match[str], bool]]:
    """Statements of validity that belong to the document: in the sentence of an effective
    clause, or opened by 本X (本通知有效期1年). ``(match, is_period)``."""
    starts = {sentence_bounds(text, c.span.start, c.span.end)[0] for c in clauses}
    out: list[tuple[re.Match[str], bool]] = []
    # (a period follows 有效期 or 试行期, an end date 有效期 or 至: a text without them is not searched)
    period = "有效期" in text or "试行期" in text
    searched = ((VALIDITY_PERIOD, True),) if period else ()
    if period or "至" in text:
        searched += ((VALIDITY_UNTIL, False),)
    for rx, is_period in searched:
        for m in rx.finditer(text) if rx is VALIDITY_PERIOD else _matches_at(rx, text, _UNTIL_OPENERS):
            s, _ = sentence_bounds(text, m.start(), m.end())
            own = s in starts or _OWN_OPENING.fullmatch(text, s, m.start())
            if own and (is_period or "有效期" in m.group(0) or s in starts):
                out.append((m, is_period))
    out.sort(key=lambda t: t[0].start())
    return out


def _pick(clauses: list[Clause], has_period: bool) -> Clause | None:
    best = max((c.rank for c in clauses if c.rank > 1 or has_period), default=None)
    chosen = [c for c in clauses if c.rank == best]
    return chosen[-1] if chosen else None


def find_validity(text: str, *, own_date: str | None = None, own_number: str | None = None,
                  own_titles: tuple[str, ...] = (), event_dates: Mapping[str, str] | None = None) -> Validity:
    """The validity of the document ``text`` whose own date is ``own_date`` (``event_dates``:
    the dates of its enactment history's events, :func:`effective_clauses`).

    >>> v = find_validity("本通知有效期1年。\\n二、执行时间\\n新标准自2025年6月1日起执行。")
    >>> v.effective, v.expires
    ('2025-06-01', '2026-05-31')
    >>> find_validity("本政策自发布之日起施行，有效期3年。").expires is None
    True
    >>> find_validity("本办法自2020年1月1日起施行，有效期至2022年12月31日。").expires
    '2022-12-31'
    """
    text = halfwidth_digits(text)
    clauses = effective_clauses(text, own_date, event_dates)
    periods = _stated_periods(text, clauses)
    chosen = _pick(clauses, bool(periods))
    v = Validity()
    if chosen is not None and chosen.date:
        v.effective, v.spans["effective"] = chosen.date, chosen.span
    for m, is_period in periods:
        if is_period:
            if v.effective:
                v.expires = add_period(v.effective, _number(m["n"]), m["unit"])
        else:
            v.expires = parse_date(m["date"])
        if v.expires:
            v.spans["expires"] = Span(m.start(), m.end())
            break
    repeals = _may_repeal(text)
    if v.effective is None and own_date and repeals:
        m = _OWN_DAY_REPEAL.search(text)
        if m and m["event"] in words()["own_date"]:
            v.effective, v.spans["effective"] = own_date, Span(m.start(), m.end())
    v.repeals = find_repeals(text, own_number=own_number, own_titles=own_titles) if repeals else []
    return v


#: a joiner of two citations of one list, then at most a description of the next one
_JOINED_GAP = re.compile(r"[ \t]*(?:[、，,]|和|及|与|以及)[ \t]*(?:和|及|以及)?[^。；;《》\n]{0,80}")
#: a mark that ends a sentence or a title between a citation and a verb of repeal
_GAP_BREAK = re.compile(r"[。；;《》]")


def _joined(gap: str) -> bool:
    """Two citations of one list: a joiner, then at most a description of the next one.

    >>> _joined("、"), _joined("和1993年9月23日甲市人民政府第15号令发布的"), _joined("。乙")
    (True, True, False)
    """
    return _JOINED_GAP.fullmatch(gap) is not None or gap.strip() == ""


def find_repeals(text: str, *, own_number: str | None = None, own_titles: tuple[str, ...] = ()) -> list[Citation]:
    """The documents this text repeals or replaces, each a citation with its span.

    >>> [c.title for c in find_repeals("原《甲办法》、《乙规定》同时废止。《丙通知》中关于补贴的规定不再执行。《丁办法》已于2019年废止。")]
    ['甲办法', '乙规定']
    >>> [c.doc_number for c in find_repeals("本办法代替《甲市乙办法》（甲府〔2010〕2号）。")]
    ['甲府〔2010〕2号']
    >>> [c.title for c in find_repeals("本条例自2019年5月1日起施行。《浙江\\n\\n省测绘管理条例》同时废止。")]
    ['浙江省测绘管理条例']
    """
    from kg.extract.citations import join_wrapped_titles

    text = join_wrapped_titles(text)  # (a title broken over lines is one sentence; spans stay valid)
    out: list[Citation] = []
    seen: set[tuple[str | None, str]] = set()
    own: set[str] | None = None  # the keys of the own titles, made when the text repeals anything
    for vm in _matches_at(_REPEAL, text, *_REPEAL_MARKS_REACH):
        from kg.extract.citations import _key, find_citations

        if own is None:
            own = {_key(t) for t in own_titles if t}
        s, e = sentence_bounds(text, vm.start(), vm.end())
        cits = find_citations(text[s:e], own_number=own_number, own_titles=own_titles)
        for c in cits:
            c.span = Span(c.span.start + s, c.span.end + s)
        if vm.group(0) in words()["replace"]:
            chosen = [c for c in cits if c.span.start >= vm.end() and text[vm.end() : c.span.start].strip() == ""][:1]
        elif _ANNOUNCED_LIST.search(text, s, e) and _LIST_FOLLOWS.match(text, vm.end(), e):
            chosen = _listed(text, e, own_number, own_titles)
        elif (title := _list_title(text, vm)) is not None:
            chosen = _listed(text, title, own_number, own_titles)
        else:
            chosen = _before(text, cits, vm) or _after(text, cits, vm)
        for c in chosen:
            key = (c.doc_number, _key(c.title))
            if key in seen or (c.title and _key(c.title) in own and not c.doc_number):
                continue
            seen.add(key)
            c.relation = "cites"
            out.append(c)
    return out


#: what a verb of repeal that names its documents after it opens: a line or a clause, a
#: list's number, 决定： (一、废止《…》; 市人民政府决定：废止《…》; 自本决定施行之日起，废止《…》)
_OPENS_CLAUSE = re.compile(
    rf"(?:^|[\n。；;：:，,]|{MEASURE_MARKER.pattern[1:]})[ \t\u3000]*(?:决定|现|并|同时|一并)?[ \t\u3000]*$")
#: a sentence that announces the documents it repeals as a list: 对以下3件规章予以废止：,
#: 决定废止下列规章：
_ANNOUNCED_LIST = re.compile(r"以下|下列|如下")
#: what follows the verb of such a sentence up to its colon: nothing (对以下3件规章予以废止：)
#: or the words that announce the list (废止下列规章：)
_LIST_FOLLOWS = re.compile(rf"[ \t的]*(?:(?:{_ANNOUNCED_LIST.pattern})[^\s。；;：:，,《》]{{0,12}})?[：:]")
#: the title of a list of the documents a text repeals, a line of its own (an attachment's:
#: 国务院决定废止的行政法规, 市人民政府决定废止的规章目录, 予以废止的规范性文件清单)
_LIST_TITLE = re.compile(r"^[ \t\u3000]*[^\s。；;，,：:《》]{0,30}$")
_LIST_TITLE_AFTER = re.compile(r"^的[^\s。；;，,：:《》]{0,20}(?:法规|规章|文件|条例|办法|规定|决定|通知|意见)(?:目录|清单|名单)?[ \t\u3000]*$")


def _list_title(text: str, vm: re.Match[str]) -> int | None:
    """Where the line of the verb ``vm`` ends when the line is the title of a list of the
    documents the text repeals (国务院决定废止的行政法规); else None.

    >>> t = "附件2\\n\\n国务院决定废止的行政法规\\n\\n一、《甲条例》（1993年12月25日财法字〔1993〕40号）\\n二、《乙条例》\\n"
    >>> [(c.title, c.doc_number) for c in find_repeals(t)]
    [('甲条例', '财法字〔1993〕40号'), ('乙条例', None)]
    >>> find_repeals("一、废止的文件应当及时公布\\n二、《甲条例》\\n")
    []
    """
    start = text.rfind("\n", 0, vm.start()) + 1
    end = text.find("\n", vm.end())
    end = len(text) if end < 0 else end
    if _LIST_TITLE.match(text[start : vm.start()]) and _LIST_TITLE_AFTER.match(text[vm.end() : end]):
        return end
    return None


def _after(text: str, cits: list[Citation], vm: re.Match[str]) -> list[Citation]:
    """The run of citations right after the verb ``vm`` when the verb opens its clause
    (一、废止《甲条例》；决定废止《甲办法》和《乙办法》), not a part of a document
    (不再执行《甲通知》中关于…的规定).

    >>> [c.title for c in find_repeals("一、废止《甲条例》（1992年9月19日通过）\\n二、废止《乙条例》")]
    ['甲条例', '乙条例']
    >>> [c.title for c in find_repeals("市人民政府决定：废止《甲办法》、《乙办法》。")], find_repeals("国务院已废止《甲条例》。")
    (['甲办法', '乙办法'], [])
    >>> find_repeals("自本通知印发之日起，不再执行《甲通知》中关于补贴标准的规定。")
    []
    """
    after = sorted((c for c in cits if c.span.start >= vm.end()), key=lambda c: c.span.start)
    if not after or text[vm.end() : after[0].span.start].strip(" \t\u3000") != "":
        return []
    if not _OPENS_CLAUSE.search(text, max(0, vm.start() - 24), vm.start()):
        return []
    run = [after[0]]
    for c in after[1:]:
        if not _joined(text[run[-1].span.end : c.span.start]) or REPORTED_ACT.search(text[run[-1].span.end : c.span.start]):
            break
        run.append(c)
    if PARTIAL.search(text[run[-1].span.end : run[-1].span.end + 40]):
        return []
    return run


def _listed(text: str, end: int, own_number: str | None, own_titles: tuple[str, ...]) -> list[Citation]:
    """The documents of the list a sentence ending at ``end`` announces (对以下3件规章予以废止：),
    the first citation of each of its numbered lines, up to the first line that is no item
    or names no document.

    >>> t = "一、对以下2件规章予以废止：\\n（一）《甲市乙办法》（甲市人民政府令第12号）；\\n（二）《甲市丙办法》。\\n二、对《甲市丁办法》作如下修改："
    >>> [(c.doc_number, c.title) for c in find_repeals(t)]
    [('甲市人民政府令第12号', '甲市乙办法'), (None, '甲市丙办法')]
    >>> t = "二、废止下列规章：\\n（一）《甲市乙办法》（2005年3月16日甲市人民政府令第214号公布）；\\n（二）《甲市丙办法》。"
    >>> [(c.doc_number, c.title) for c in find_repeals(t)]
    [('甲市人民政府令第214号', '甲市乙办法'), (None, '甲市丙办法')]
    >>> t = "县政府决定废止的规范性文件目录\\n（共2件）\\n1. 长兴县人民政府关于加强管理的通知（长政发〔2011〕36号）\\n2. 长兴县人民政府关于养老服务的实施意见（长政发〔2014〕52号）\\n"
    >>> [(c.doc_number, c.title) for c in find_repeals(t)]
    [('长政发〔2011〕36号', '长兴县人民政府关于加强管理的通知'), ('长政发〔2014〕52号', '长兴县人民政府关于养老服务的实施意见')]
    >>> t = "省政府决定宣布失效的文件目录\\n（2件）\\n\\n一、省政府文件（1件）\\n\\n1．甲省人民政府关于做好就业工作的通知（甲府发〔2009〕3号）\\n\\n二、省政府办公厅文件（1件）\\n\\n1．甲省人民政府办公厅关于加强管理的意见（甲府办发〔2010〕5号）\\n"
    >>> [c.doc_number for c in find_repeals(t)]
    ['甲府发〔2009〕3号', '甲府办发〔2010〕5号']
    """
    from kg.extract.citations import find_citations

    out: list[Citation] = []
    at = text.find("\n", end - 1)
    at = len(text) if at < 0 else at + 1
    while at < len(text):
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        line = text[at:line_end]
        if line.strip() and not (not out and _COUNT_LINE.match(line)) and not _PART_LINE.match(line):
            # (（共22件） under the list's title; 一、省政府文件（24件）: a part of the list)
            head = MEASURE_MARKER.match(line)
            cits = find_citations(line, own_number=own_number, own_titles=own_titles) if head else []
            item = line[head.end() :].strip() if head else ""
            if cits and item[:1] == "《":
                c = min(cits, key=lambda c: c.span.start)
            elif cits and (bare := _BARE_ITEM.match(item)) and any(x.doc_number for x in cits):
                # 1. 长兴县人民政府关于…的通知（长政发〔2008〕41号）: a title without its marks, then its number
                c = next(x for x in cits if x.doc_number)
                c.title = bare.group("title")
            else:
                break
            c.span = Span(c.span.start + at, c.span.end + at)
            out.append(c)
        at = line_end + 1
    return out


#: the count a list's title gives under it: （共22件）
_COUNT_LINE = re.compile(r"^[ \t\u3000]*[（(]共?\s*\d+\s*[件个部项条][)）][ \t\u3000]*$")
#: the heading of a part of such a list, with its count: 一、省政府文件（24件）
_PART_LINE = re.compile(rf"^[ \t\u3000]*{MEASURE_MARKER.pattern.lstrip('^')}[^《》（）()\d]{{2,20}}[（(]共?\s*\d+\s*[件个部项条][)）][ \t\u3000]*$")
#: a listed document written without its title marks: its title, then its 发文字号 in brackets
_BARE_ITEM = re.compile(r"^(?P<title>(?:[^（()《》，,。；;]|[（(][^（()）]{1,20}[)）]){6,100}?(?:通知|意见|办法|规定|细则|决定|方案|规划|批复|函|通告|公告|规则|制度|纲要|条例))"
                        r"[（(][^（()）]{4,40}[)）][；;。]?$")


def _before(text: str, cits: list[Citation], vm: re.Match[str]) -> list[Citation]:
    """The run of citations right before the verb ``vm``: joined by 、/和, then a short gap
    that neither reports someone else's act nor narrows the document to a part."""
    before = sorted((c for c in cits if c.span.end <= vm.start()), key=lambda c: c.span.start)
    if not before:
        return []
    gap = text[before[-1].span.end : vm.start()]
    if len(gap) > 16 or _GAP_BREAK.search(gap) or REPORTED_ACT.search(gap) or PARTIAL.search(gap):
        return []
    run = [before[-1]]
    for c in reversed(before[:-1]):
        if not _joined(text[c.span.end : run[0].span.start]):
            break
        run.insert(0, c)
    return run


def validity(source: SourceText, policy: PolicyInfo) -> Validity:
    """When the document applies, when it ends and what it repeals (:func:`find_validity`)."""
    return find_validity(source.text, own_date=policy.date, own_number=policy.doc_number,
                         own_titles=tuple(t for t in [policy.title, *policy.alt_titles] if t), event_dates=history_dates(policy.enactment))


def history_dates(events: Iterable[Any]) -> dict[str, str]:
    """Kind of event (公布, 通过, 批准 …) -> the date of the latest one, of the events of an
    enactment history (:class:`kg.extract.enactment.EnactmentEvent`).

    >>> from kg.extract.enactment import find_enactment
    >>> history_dates(find_enactment("某条例\\n2001年8月3日 国务院令第314号公布\\n2006年7月4日 《国务院关于修改〈某条例〉的决定》修订\\n\\n第一条 为了……"))
    {'公布': '2001-08-03', '修订': '2006-07-04'}
    """
    out: dict[str, str] = {}
    for e in events:
        if e.kind not in out or e.date > out[e.kind]:
            out[e.kind] = e.date
    return out
