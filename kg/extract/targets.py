"""Quantitative targets: 到2022年建设15所市级优质中职学校, 职普比不低于4:6, 覆盖率达到100%.

A target is a number with a unit (``kg/data/target_words.tsv``: 所, 个, 万人, 亿元, %...) in a
clause that sets a goal. Each gets

* ``value``: a number; a range (1—2个, 5－6所) as the string ``"1-2"``; a ratio (4:6) as ``"4:6"``;
* ``unit``: the measure word with its 万/亿 (10万人 -> ``"万人"``); ``None`` for a ratio;
* ``comparator``: ``>=`` (以上, 不低于, 不少于, 超过), ``<=`` (以内, 不超过, 以下), ``~`` (左右, 约),
  ``range`` or ``=``;
* ``deadline``: the year it is due, from the task table's 完成时限 of its row, else from a
  到2022年 / 2025年前 before it in its sentence (a sentence that opens with 到2020年， sets the
  deadline of its whole paragraph; 2021—2025年， opening a sentence gives 2025), else from the plan
  period in the document's title (攀登计划(2021—2025) -> 2025). A recurring goal (每年…)
  has no deadline.

Not targets: dates, years, ages, durations, article and document numbers, numbers inside
《》 titles, counts of an enumeration (西峰职专、环县职专3所), rules of a ratio (按照1个专业对接一个
产业链要求) and numbers of clauses that grant or describe (可申请最高不超过15万元, 已建成).

A goal stated twice (in the body and again in a task table) is kept once: mentions with the
same value and unit, compatible deadlines and similar indicators are merged, keeping the
mention that has a deadline.

>>> parse_quantity("不低于4:6")
Quantity(value='4:6', unit=None, comparator='>=')
>>> parse_quantity("1—2个")
Quantity(value='1-2', unit='个', comparator='range')
>>> parse_deadline("2021年4月"), parse_deadline("长期坚持")
('2021', None)
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.extract.layout import book_title_spans, sentence_bounds
from kg.models import Extraction, SourceText, Span, Target

DATA = Path(__file__).resolve().parent.parent / "data"
WORDS = DATA / "target_words.tsv"


# --- the word lists ---------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    units: tuple[str, ...]
    magnitudes: tuple[str, ...]
    notunits: tuple[str, ...]
    ge_before: tuple[str, ...]
    ge_after: tuple[str, ...]
    le_before: tuple[str, ...]
    le_after: tuple[str, ...]
    approx_before: tuple[str, ...]
    approx_after: tuple[str, ...]
    periodic: tuple[str, ...]
    nongoal: tuple[str, ...]
    status: tuple[str, ...]
    verbs: tuple[str, ...]


@lru_cache(maxsize=1)
def words() -> Words:
    roles: dict[str, list[str]] = {}
    with WORDS.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#") or line == "word\trole":
                continue
            w, _, role = line.partition("\t")
            roles.setdefault(role.strip(), []).append(w)

    def by_len(ws: list[str]) -> tuple[str, ...]:
        return tuple(sorted(set(ws), key=len, reverse=True))

    def split(role: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        ws = roles.get(role, [])
        return by_len([w for w in ws if not w.startswith("+")]), by_len([w[1:] for w in ws if w.startswith("+")])

    ge_b, ge_a = split("ge")
    le_b, le_a = split("le")
    ap_b, ap_a = split("approx")
    return Words(
        by_len(roles.get("unit", [])),
        by_len(roles.get("magnitude", [])),
        by_len(roles.get("notunit", [])),
        ge_b, ge_a, le_b, le_a, ap_b, ap_a,
        by_len(roles.get("periodic", [])),
        by_len(roles.get("nongoal", [])),
        by_len(roles.get("status", [])),
        by_len(roles.get("verb", [])),
    )


def _alt(ws: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, ws)) if ws else r"(?!x)x"


@lru_cache(maxsize=1)
def _quantity_re() -> re.Pattern[str]:
    w = words()
    mag = _alt(w.magnitudes)
    unit = _alt(w.units)
    notunit = _alt(w.notunits)
    return re.compile(
        r"(?<![\d.．A-Za-z])"
        r"(?:(?P<r1>\d{1,3})[ \xa0]?[:：][ \xa0]?(?P<r2>\d{1,3})(?![\d:：])"
        r"|(?P<a>\d+(?:\.\d+)?)(?:(?P<amag>[万亿%％])?[ \xa0]?(?P<sep>[—–\-－～~至到])[ \xa0]?(?P<b>\d+(?:\.\d+)?))?"
        r"[ \xa0]?(?P<more>[余多])?[ \xa0]?"
        rf"(?:(?P<pct>[%％])|(?P<bad>{notunit})|(?P<unit>(?:{mag})?(?:{unit})|(?:{mag})(?=[人名元])))"
        r")"
    )


# --- small parsers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    value: float | int | str
    unit: str | None
    comparator: str


def _number(s: str) -> float | int:
    f = float(s)
    return int(f) if f.is_integer() else f


def _comparator_before(left: str) -> str | None:
    """The comparator word at the end of ``left`` (the text before a number); the longest
    word wins (不少于 before 少于)."""
    w = words()
    s = re.sub(r"[\s“”\"]+$", "", left)
    best: tuple[int, str] | None = None
    for comp, ws in ((">=", w.ge_before), ("<=", w.le_before), ("~", w.approx_before)):
        for word in ws:
            if s.endswith(word) and (best is None or len(word) > best[0]):
                best = (len(word), comp)
    return best[1] if best else None


def _comparator_after(right: str) -> tuple[str | None, int]:
    w = words()
    s = right.lstrip()
    lead = len(right) - len(s)
    for comp, ws in ((">=", w.ge_after), ("<=", w.le_after), ("~", w.approx_after)):
        for word in ws:
            if s.startswith(word):
                return comp, lead + len(word)
    return None, 0


def _far_comparator(clause_left: str) -> str | None:
    """不低于公用经费的5%: a comparator word earlier in the clause, with no number between."""
    w = words()
    best: tuple[int, int, str] | None = None  # (end, length, comparator)
    for comp, ws in ((">=", w.ge_before), ("<=", w.le_before)):
        for word in ws:
            i = clause_left.rfind(word)
            if i < 0:
                continue
            cand = (i + len(word), len(word), comp)
            if best is None or cand[:2] > best[:2]:
                best = cand
    if best is None:
        return None
    between = clause_left[best[0] - best[1] :]
    if re.search(r"\d", between) or len(between) > 16:
        return None
    return best[2]


def parse_quantity(s: str) -> Quantity | None:
    """The first quantity in a short string, with its comparator.

    >>> parse_quantity("50%以上"), parse_quantity("10万人左右")
    (Quantity(value=50, unit='%', comparator='>='), Quantity(value=10, unit='万人', comparator='~'))
    >>> parse_quantity("1亿元"), parse_quantity("不少于16学时"), parse_quantity("3～5年")
    (Quantity(value=1, unit='亿元', comparator='='), Quantity(value=16, unit='学时', comparator='>='), Quantity(value='3-5', unit='年', comparator='range'))
    """
    for m in _quantity_re().finditer(s):
        q = _quantity(m, s)
        if q is not None:
            if q.comparator == "=":
                far = _far_comparator(s[: m.start()])
                if far:
                    return Quantity(q.value, q.unit, far)
            return q
        if m.group("bad") and m.group("a"):
            # a duration as a quantity (3～5年): parsed, though never a target
            value = _value(m)
            return Quantity(value, m.group("bad"), "range" if m.group("b") else _comparator_before(s[: m.start()]) or "=")
    return None


def _value(m: re.Match[str]) -> float | int | str:
    if m.group("r1"):
        return f"{int(m.group('r1'))}:{int(m.group('r2'))}"
    if m.group("b"):
        return f"{_number(m.group('a')):g}-{_number(m.group('b')):g}"
    return _number(m.group("a"))


def _quantity(m: re.Match[str], text: str) -> Quantity | None:
    if m.group("bad"):
        return None
    value = _value(m)
    if m.group("r1"):
        unit = None
    elif m.group("pct"):
        unit = "%"
    else:
        unit = m.group("unit")
    if m.group("b"):
        comp = "range"
    else:
        after, _ = _comparator_after(text[m.end() : m.end() + 12])
        comp = after or _comparator_before(text[max(0, m.start() - 12) : m.start()])
        if comp is None and m.group("more"):
            comp = ">="
        comp = comp or "="
    return Quantity(value, unit, comp)


_YEAR = re.compile(r"((?:19|20)\d\d)")
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*(?:年)?\s*[—–\-－~～至到]\s*((?:19|20)\d\d)")
_FIVE_YEAR = {"十一五": "2010", "十二五": "2015", "十三五": "2020", "十四五": "2025", "十五五": "2030", "十六五": "2035"}


def parse_deadline(s: str | None) -> str | None:
    """The year a deadline cell or phrase gives (2021年4月 -> 2021; 2021—2025年 -> 2025)."""
    if not s:
        return None
    s = re.sub(r"\s+", "", s)
    m = _PERIOD.search(s)
    if m:
        return m.group(2)
    m = _YEAR.search(s)
    if m:
        return m.group(1)
    for k, v in _FIVE_YEAR.items():
        if k in s:
            return v
    return None


def plan_period_end(title: str | None) -> str | None:
    """The last year of the plan period named in a title: 攀登计划(2021—2025) -> 2025."""
    if not title:
        return None
    m = _PERIOD.search(title)
    if m and int(m.group(2)) > int(m.group(1)):
        return m.group(2)
    for k, v in _FIVE_YEAR.items():
        if k in title:
            return v
    return None


# --- deadlines in running text --------------------------------------------------------------

#: 到2022年 / 至2025年 / 2025年前 / 2025年底 / 2021—2025年，
_CUE = re.compile(
    r"(?:(?:到|至|于|在)\s*(?P<y1>(?:19|20)\d\d)\s*年(?:底|末|前|年底)?(?!\s*\d{1,2}\s*月\s*\d)"
    r"|(?P<y2>(?:19|20)\d\d)\s*年\s*(?:底前|年底前|前|底|末)"
    r"|(?P<y3>(?:19|20)\d\d)\s*年\s*(?=初步|基本|全面|实现|建成|完成|力争|争取)"
    r"|(?:到|至)?[“\"]?(?P<fy>十[一二三四五六]五)[”\"]?(?:末|期末|时期|期间)"
    r"|(?P<p1>(?:19|20)\d\d)\s*年?\s*[—–\-－~～至到]\s*(?P<p2>(?:19|20)\d\d)\s*年?\s*(?=[，,：:]))"
)
_OPENERS = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*)?(?:[^，,。]{0,12}目标[。：:，,]?)?\s*(?:力争|争取|预计|计划|确保|——)?\s*$")
_SENT_END = "。！？!?\n"


@dataclass
class _Cue:
    year: str
    start: int
    until: int  # the cue holds for numbers in [start, until)


def _cues(text: str) -> list[_Cue]:
    out: list[_Cue] = []
    for m in _CUE.finditer(text):
        year = m.group("y1") or m.group("y2") or m.group("y3") or m.group("p2") or _FIVE_YEAR.get(m.group("fy") or "")
        if not year:
            continue
        # the sentence around the cue
        s = m.start()
        while s > 0 and text[s - 1] not in _SENT_END:
            s -= 1
        e = m.end()
        while e < len(text) and text[e] not in _SENT_END:
            e += 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        opening = bool(_OPENERS.match(text[s : m.start()])) and bool(re.match(r"\s*[，,：:]", text[m.end() :]))
        if (m.group("p2") or m.group("y3")) and not _OPENERS.match(text[s : m.start()]):
            continue  # a period inside a sentence ((2019—2021年)) is no deadline
        before = text[max(s, m.start() - 4) : m.start()]
        if re.search(r"截至|截止|自|从", before):
            continue
        out.append(_Cue(year, m.end(), line_end if opening else e))
    return out


def _deadline_at(cues: list[_Cue], starts: list[int], pos: int) -> str | None:
    """The year of the nearest cue before ``pos`` whose scope covers it (cues in text order)."""
    i = bisect.bisect_right(starts, pos) - 1
    # a cue's scope ends at its sentence or paragraph: look back a few cues only
    for c in cues[max(0, i - 8) : i + 1][::-1]:
        if c.start <= pos < c.until:
            return c.year
    return None


# --- tables ---------------------------------------------------------------------------------


def _row_deadlines(source: SourceText) -> list[tuple[int, int, str | None, str]]:
    """``(start, end, deadline, raw)`` of task-table rows that have a deadline column."""
    try:
        from kg.extract.tables import find_text_tables, from_table, task_rows
    except ImportError:  # pragma: no cover
        return []
    grids = []
    for t in source.tables:
        g = from_table(t)
        if g is not None:
            grids.append(g)
    spans = [t.span for t in source.tables if t.span is not None]
    grids.extend(find_text_tables(source.text, skip=spans))
    out = []
    for g in grids:
        for row in task_rows(g):
            if row.deadline is not None:
                out.append((row.start, row.end, parse_deadline(row.deadline), row.deadline))
    return out


# --- indicators -----------------------------------------------------------------------------

_CLAUSE_END = "，,；;。！？!?\n"
_LEAD = re.compile(
    r"^(?:(?:力争|争取|确保|全面|重点|积极|逐步|进一步|累计|原则上|每年|每学期|按照|按|共|再|使|让|推动|支持|实现|完成|其中|全市|全省|全县|全区|并|和|及|与|、)\s*)+"
)
_VERB_TAIL = re.compile(
    r"(?:要|应|须|需|将|均|总体|分别|总计|合计|累计)?(?:达到|达|提高到|提高至|提升到|提升至|增加到|增长到|增至|降至|降到|稳定在|保持在|控制在|为|占|应占|超过|不低于|不少于|不高于|不超过)$"
)


_COMPARATOR_TAIL = re.compile(r"(?:不低于|不少于|不小于|至少|不超过|不高于|不多于|不大于|不低|低于|少于|高于|多于|约)\s*$")


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    return sentence_bounds(text, start, end, _CLAUSE_END, keep_ender=False)


def _real_quantities(s: str) -> list[re.Match[str]]:
    return [m for m in _quantity_re().finditer(s) if not m.group("bad")]


_SHARE = re.compile(r"^(?P<a>.+?)(?:应占|占)(?P<b>[^占]+?)的?(?:比例|比重)?$")


def _indicator(text: str, qstart: int, qend: int, unit: str | None, clause: tuple[int, int]) -> str:
    """The noun phrase the number counts: what follows it (15所<市级优质中职学校>), or the
    subject before a verb or comparator (<数字化资源覆盖率>达到100%)."""
    cs, ce = clause
    left = text[cs:qstart]
    right = text[qend:ce]
    # the noun phrase after the quantity, up to the next quantity
    nxt = _real_quantities(right)
    after = right[: nxt[0].start()] if nxt else right
    after = re.sub(r"^(?:的|以上的|左右的)", "", after)
    after = re.sub(r"[、和及与,，;；]+$", "", after).strip()
    if "的" in after:
        after = after[after.rfind("的") + 1 :]
    # the subject before the verb, after any earlier quantity of the clause
    prev = _real_quantities(left)
    if prev:
        left = left[prev[-1].end() :]
        _, extra = _comparator_after(left)
        left = re.sub(r"^[、，,和及与或]+", "", left[extra:])
    vm = _VERB_TAIL.search(left) or _COMPARATOR_TAIL.search(left)
    if unit in ("%", None) or (unit or "").endswith("元") or vm or not after:
        subj = left[: vm.start()] if vm else left
        subj = _CUE.sub("", subj)
        subj = re.sub(r"^[^\u4e00-\u9fff“\"]+", "", subj)
        subj = _LEAD.sub("", subj).strip(" ，,")
        subj = re.sub(r"(?:按照?|以)$", "", subj)
        sm = _SHARE.match(subj)
        if sm:
            subj = f"{sm.group('a')}占{sm.group('b')}比例"
        if subj and not subj.endswith("的"):
            return subj[-40:]
    if after:
        return after[:40]
    return left.strip()[-40:]


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9+]", "", s)
    return {s[i : i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def similar(a: str, b: str) -> bool:
    """Two indicators that name the same thing (one contains the other, or they share most
    character bigrams)."""
    ca = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9+]", "", a)
    cb = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9+]", "", b)
    if not ca or not cb:
        return False
    if len(min(ca, cb, key=len)) >= 2 and (ca in cb or cb in ca):
        return True
    x, y = _bigrams(ca), _bigrams(cb)
    return 2 * len(x & y) / (len(x) + len(y)) >= 0.5


# --- the document ---------------------------------------------------------------------------



_ENUM_COUNT = re.compile(r"(?:职专|职业中专|学校|学院|大学|校)\s*$")
_PAST = re.compile(r"(?:19|20)\d\d\s*年[^，,。；;\d]{0,8}的\s*$")
_RULE_FRAME = re.compile(r"按照?|按")


def _sentence_bounds(text: str, pos: int, enders: str = "。！？!?；;\n") -> tuple[int, int]:
    s = pos
    while s > 0 and text[s - 1] not in enders:
        s -= 1
    e = pos
    while e < len(text) and text[e] not in enders:
        e += 1
    return s, e


def _after_place(left: str) -> bool:
    """The number follows a place name (西安11个城市)."""
    tail = re.sub(r"\s+$", "", left)[-6:]
    if not tail or not re.search(r"[\u4e00-\u9fff]$", tail) or "、" not in left:
        return False
    from kg.extract.institutions import _tokenizer

    toks = _tokenizer().lcut(tail)
    return bool(toks) and toks[-1].flag == "ns"


def _has_word(s: str, ws: tuple[str, ...]) -> str | None:
    for w in ws:
        if w in s:
            return w
    return None


def find_targets(source: SourceText, result: Extraction | None = None) -> list[Target]:
    """All targets of ``source`` in text order, before merging restatements."""
    text = source.text
    w = words()
    titles = [result.policy.title, *result.policy.alt_titles] if result else []
    default = next((p for p in (plan_period_end(t) for t in titles) if p), None)
    cues = _cues(text)
    cue_starts = [c.start for c in cues]
    rows = sorted(_row_deadlines(source))
    row_starts = [r[0] for r in rows]
    books = book_title_spans(text)
    book_starts = [b[0] for b in books]
    measures = sorted(
        (m for m in (result.measures if result else []) if m.span is not None),
        key=lambda m: (m.span.start, -m.span.end),
    )
    measure_starts = [m.span.start for m in measures]
    out: list[Target] = []
    for m in _quantity_re().finditer(text):
        if m.group("bad"):
            continue
        qs, qe = m.start(), m.end()
        before2 = text[max(0, qs - 3) : qs]
        if re.search(r"(?:第|[×xX*/÷]|[（(]?含|[（(]?共|共有|总计|合计|等)\s*$", before2):
            continue  # an ordinal, a formula, 含10人, 共23项, A、B等8个
        if re.match(r"\d{1,2}\.\d", m.group(0)) and (qs == 0 or text[qs - 1] in " \t\u3000\n：:；;。"):
            continue  # 1.3人户家庭 is item 1
        bi = bisect.bisect_right(book_starts, qs) - 1
        if bi >= 0 and qs < books[bi][1]:
            continue  # inside a 《》 title
        if m.group("r1") and "比" not in text[max(0, qs - 12) : qs]:
            continue  # 11:32 is a time; a ratio is a 职普比
        q = _quantity(m, text)
        if q is None:
            continue
        # what follows the unit (左右, 以上) belongs to the mention
        _, extra = _comparator_after(text[qe : qe + 12])
        end = qe + extra
        cs, ce = _clause_bounds(text, qs, end)
        ss, se = _sentence_bounds(text, qs)
        clause_left = text[cs:qs]
        if _has_word(text[ss:se], w.nongoal):
            continue  # a clause of a rule that grants (可申请最高不超过15万元的贷款)
        if _has_word(text[cs:ce], w.status):
            continue  # what is, not what is to be (已建成, 现有, 补贴标准)
        if _PAST.search(clause_left):
            continue
        tail = re.sub(r"[（(][^（()）]*[)）]", "", text[end:ce])
        if re.fullmatch(r"\s*(?:的|时)\s*", tail) or re.match(r"\s*的基础上", tail):
            continue  # a condition (入围生产企业在3家及以上的，) or a baseline
        if _after_place(clause_left):
            continue  # 北京、广州、西安11个城市: a count of what the clause names
        if _ENUM_COUNT.search(text[max(0, qs - 4) : qs]) and "、" in clause_left:
            continue  # 西峰职专、环县职专、镇原职专3所: the count of the names listed
        # a rule, not a goal: 按照1个专业(群)对接一个产业链要求
        if _RULE_FRAME.search(clause_left) and re.search(r"要求|标准|原则|模式|办法", text[end:ce]) and _far_comparator(clause_left) is None:
            continue
        comp = q.comparator
        if comp == "=":
            far = _far_comparator(clause_left)
            if far:
                comp = far
        # scope and deadline
        scope = None
        sent_left = text[ss:qs]
        per = _has_word(clause_left, w.periodic) or _has_word(sent_left[-20:], ("每年",))
        pm = re.search(r"每\s*\d+\s*年", clause_left)
        if pm:
            per = pm.group(0)
        if per:
            scope = per
        deadline = _deadline_at(cues, cue_starts, qs)
        if deadline is None:
            ri = bisect.bisect_right(row_starts, qs) - 1
            if ri >= 0 and qs < rows[ri][1]:
                deadline = rows[ri][2]
            else:
                deadline = default
        if scope:
            deadline = None
        indicator = _indicator(text, qs, end, q.unit, (cs, ce))
        # the innermost measure that holds it: the nearest start before it that covers it
        key = None
        mi = bisect.bisect_right(measure_starts, qs) - 1
        while mi >= 0:
            if qs < measures[mi].span.end:
                key = measures[mi].key
                break
            mi -= 1
        out.append(
            Target(
                indicator=indicator,
                value=q.value,
                unit=q.unit,
                comparator=comp,
                deadline=deadline,
                span=Span(qs, end),
                scope=scope,
                measure_key=key,
            )
        )
    return out


def dedupe(targets: list[Target], sentences: list[int] | None = None) -> list[Target]:
    """Merge restatements of one goal: same value and unit, similar indicators, deadlines that
    agree or are missing on one side (the mention with the deadline is kept). Two mentions in
    one sentence (``sentences`` gives each mention's sentence start) are two goals
    (分别达到65%和55%)."""
    sent = sentences or [None] * len(targets)
    kept: list[int] = []
    buckets: dict[tuple[str, str | None], list[int]] = {}  # (value, unit) -> positions in kept
    for i, t in enumerate(targets):
        bucket = buckets.setdefault((str(t.value), t.unit), [])
        for pos in bucket:
            k = kept[pos]
            o = targets[k]
            if sent[k] is not None and sent[k] == sent[i]:
                continue
            if o.deadline and t.deadline and o.deadline != t.deadline:
                continue
            if not similar(o.indicator, t.indicator):
                continue
            if t.deadline and not o.deadline:
                kept[pos] = i
            break
        else:
            bucket.append(len(kept))
            kept.append(i)
    return [targets[i] for i in sorted(kept, key=lambda i: targets[i].span.start)]


def extract_targets(source: SourceText, result: Extraction) -> None:
    """Fill ``result.targets`` from ``source``."""
    found = find_targets(source, result)
    text = source.text
    sentences = [_sentence_bounds(text, t.span.start)[0] for t in found]
    result.targets = dedupe(found, sentences)
