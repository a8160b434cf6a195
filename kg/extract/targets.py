"""Quantitative targets: 到2022年建设15所市级优质中职学校, 职普比不低于4:6, 覆盖率达到100%.

A target is a number with a unit (``kg/data/target_words.tsv``: 所, 个, 万人, 亿元, %...) in a
clause that sets a goal. Each gets

* ``value``: a number; a range (1—2个, 5－6所) as the string ``"1-2"``; a ratio (4:6) as ``"4:6"``;
* ``unit``: the measure word with its 万/亿 (10万人 -> ``"万人"``); ``None`` for a ratio;
* ``comparator``: ``>=`` (以上, 不低于, 不少于, 超过), ``<=`` (以内, 不超过, 以下), ``~`` (左右, 约),
  ``range`` or ``=``;
* ``deadline``: the year it is due, from a 到2022年 / 2025年前 before it in its sentence (a
  sentence that opens with 到2020年， sets the deadline of its whole paragraph, and one in the
  first paragraph of a 目标 section the deadline of the section; 2021—2025年， opening a sentence
  gives 2025; 到“十四五”末 2025, “九五”期间 2000) — only inside its row or measure when that
  gives a 完成时限 (a task table's column; an assignment line, （牵头单位：…；完成时限：2024年12月底前）),
  which is the deadline otherwise —, else from the plan period in the document's title (攀登计划(2021—2025) -> 2025; a plan
  for one year, 数字山东2021行动方案 -> 2021). A recurring goal (每年…) has no deadline.

A target is a goal, a quantity to be reached, kept or not exceeded. A number becomes one
only with a sign of a goal: a deadline in the text or a task table, a 目标 section, an aim
(力争, 确保), a goal verb that governs it (建成, 新增, 达到), an approximate amount (左右) or a
recurring minimum (每学期不少于16学时), or a required level of spending or of a rate
(经费应占…百分之一点二以上, 保有率不得低于百分之四十五; a target without a deadline). In a
law or regulation (a text of articles) only a deadline, an aim or a required level counts:
its other numbers are standards and thresholds.

Not targets: dates, years, ages, durations (but a time a goal cuts, 办理时间压缩至3个工作日以内),
article and document numbers, numbers inside
《》 titles, figure references (如图1所示), counts of an enumeration (西峰职专、环县职专3所),
rules of a ratio (按照1个专业对接一个产业链要求), history and forecasts (已建成, 自…以来,
据…预计), standards and payments (补贴, 扣除标准为每月1500元, 每人每月1309元, 罚款), the
recipients of support (支持2所学校新增专业) and conditions (对年销售收入不超过2000万元的企业,
留用率达到60%以上的单位). The words of each live in ``kg/data/target_words.tsv``.

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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from kg.extract.document import HEAD_START, Document
from kg.extract.layout import book_title_spans, near_ender_bounds, unwrapped, unwrapped_title_spans, without_white
from kg.extract.regexes import (
    ARTICLE_NUMBER,
    CN_FRACTION,
    DIGIT,
    FIGURE_REF,
    FIVE_YEAR_PLAN,
    FORECAST,
    MEASURE_MARKER,
    COMPLETED,
    PAST_BASELINE,
    PER_UNIT_RATE,
    STANDARD_LIST,
    finditer_near,
)
from kg.extract.structure import match_heading, measure_finder
from kg.extract.tables import laid_tables
from kg.models import Measure, PolicyInfo, Span, Table, TableCell, Target

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
    goal: tuple[str, ...] = ()
    aim: tuple[str, ...] = ()
    obligation: tuple[str, ...] = ()
    standard: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    history: tuple[str, ...] = ()
    design: tuple[str, ...] = ()
    state: tuple[str, ...] = ()
    average: tuple[str, ...] = ()
    shorten: tuple[str, ...] = ()
    durations: tuple[str, ...] = ()
    measured: tuple[str, ...] = ()


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
        *(by_len(roles.get(r, [])) for r in ("goal", "aim", "obligation", "standard", "recipient", "level", "history", "design", "state", "average",
                                              "shorten", "duration", "measured")),
    )


def _alt(ws: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, ws)) if ws else r"(?!x)x"


@lru_cache(maxsize=1)
def _quantity_re() -> re.Pattern[str]:
    w = words()
    mag = _alt(w.magnitudes)
    # a Latin unit in any case, kept as written (12EFLOPS, 200PFlops, 20Mbps), and whole: not
    # the first part of a longer word or of a rate (1TFLOPS/W)
    unit = "|".join(f"(?i:{re.escape(u)})(?![A-Za-z/])" if u.isascii() else re.escape(u) for u in w.units) or _alt(())
    notunit = _alt(w.notunits)
    return re.compile(
        r"(?<![\d.．A-Za-z])"
        r"(?:(?P<r1>\d{1,3})[ \xa0]?[:：][ \xa0]?(?P<r2>\d{1,3})(?![\d:：])"
        r"|(?P<a>\d+(?:\.\d+)?)(?:(?P<amag>[万亿%％])?[ \xa0]?(?P<sep>[—–\-－～~至到])[ \xa0]?(?P<b>\d+(?:\.\d+)?))?"
        r"[ \xa0]?(?P<more>[余多])?[ \xa0]?"
        rf"(?:(?P<pct>[%％])|(?P<bad>{notunit})|(?P<unit>(?:{mag})?(?:{unit})(?:[（(](?:{unit})[)）])?|(?:{mag})(?=[人名元])))"
        r")"
    )


#: patterns of the checks below, compiled once (each is asked for every number of a text)
_A_DIGIT = re.compile(r"\d")
_LEADING_OF = re.compile(r"^(?:的|以上的|左右的)")
_TRAILING_JOINERS = re.compile(r"[、和及与,，;；]+$")
_LEADING_JOINERS = re.compile(r"^[、，,和及与或]+")
_LEADING_NON_HAN = re.compile(r"^[^\u4e00-\u9fff“\"]+")
_TRAILING_BY = re.compile(r"(?:按照?|以)$")
#: a word of duty between a subject and its comparator (绿地率应当达到, 资本充足率不得低于)
_MODAL_TAIL = re.compile(r"(?:应当|应该|必须|不得|不应|须|需|要|应)$")
_ITEM_NUMBER = re.compile(r"\d{1,2}\.\d")
_BY_RATE = re.compile(r"\s*按照?")
_PAID_FOR = re.compile(r"\s*(?:用于|作为|给予|支付)")
_PARENTHESIS = re.compile(r"[（(][^（()）]*[)）]")
_CONDITION_TAIL = re.compile(r"\s*(?:的|时)\s*")
_BASELINE_TAIL = re.compile(r"\s*(?:的基础上|于|的部分)")
_GRADE_TAIL = re.compile(r"\s*(?:及?以[上下])?的?(?:标准|要求|条件)\s*")
_REACHING_END = re.compile(r"(?:达到|超过|满|不足|低于|高于|(?<=[入值额模])过)\s*$")  # (收入过200亿元的: 过 of a sum)
#: what stands between two quantities of a clause when the first modifies the rate the
#: second measures (5米<远场识别率超过>92%): a noun run that ends in a rate, no pause nor
#: joiner, then a comparator (a count is never of a rate: 100家<企业达到>3级 is a count)
_MEASURED_AT = re.compile(r"[^、，,。；;和及与或的\d\s（()）]{1,16}(?:率|比例|比重|占比)\s*(?:达到|超过|高于|不低于|不少于|低于|不高于|不超过)\s*")
#: a parenthesis opened right after a quantity, what it says of that quantity (128TFLOPS（16位浮点）,
#: 1TOPS/w（以16位浮点为基准）)
_SPEC_OPEN = re.compile(r"\d[^\d\u4e00-\u9fff（()），,。；;、]{0,12}[（(]\s*(?:以|按)?\s*$")
_CLASS_TAIL = re.compile(r"\s*的[^，,。；;的]{1,8}")
_APPLIES_TO = re.compile(r"\s*(?:对于|对|凡是?|针对)")
_QUALIFIES = re.compile(r"[^、，,和及与或]{0,12}的")
_RULE_WORDS = re.compile(r"要求|标准|原则|模式|办法")
#: a number's own standard right after it: 20平方米的标准, 不少于30%的要求
_OWN_STANDARD = re.compile(r"\s*(?:及?以[上下])?的?(?:标准|要求)")
_LIST_JOIN_END = re.compile(r"(?:、|和|及|与|以及)\s*$")
#: a list's joiner right after a quantity (3000家以上、…): the next item follows
_JOIN_AFTER_QUANTITY = re.compile(r"\s*(?:以上|左右|以内|以下)?\s*(?:、|和|及|与|以及)")
_ABOUT = re.compile(r"\s*左右")
_BOUND_END = re.compile(r"以[上内下]$")
_EVERY_N_YEARS = re.compile(r"每\s*\d+\s*年")
_RECORD_FROM = re.compile(r"截至|截止|自|从|截$")
_YEAR_END = re.compile(r"(?:19|20)\d\d\s*年?\s*$")
#: a year in a title, not the year of a revision (2019年修订)
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)(?!\s*年?\s*(?:修订|修正|版|第))")
_DOT = re.compile(r"[.．]")
#: what an indicator's name is compared without (all but Han characters, Latin letters, digits, +)
_NOT_NAMING = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9+]")


# --- small parsers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    value: float | int | str
    unit: str | None
    comparator: str

    def __init__(self, value: float | int | str, unit: str | None, comparator: str) -> None:
        """The fields set in the instance's dictionary (written out instead of the frozen
        dataclass's ``__init__``, as :class:`~kg.models.Span` does: a quantity is made for
        every number of a text).

        >>> Quantity(3, "所", "=") == Quantity(3, "所", "="), hash(Quantity(3, "所", "=")) == hash(Quantity(3, "所", "="))
        (True, True)
        """
        d = self.__dict__
        d["value"] = value
        d["unit"] = unit
        d["comparator"] = comparator


def _number(s: str) -> float | int:
    f = float(s)
    return int(f) if f.is_integer() else f


@lru_cache(maxsize=1)
def _comparators_before() -> tuple[dict[str, str], int, frozenset[str]]:
    """Each comparator word written before a number with its comparator (a word of two
    lists keeps the first: >=, <=, ~), the length of the longest, and the characters the
    words end with."""
    w = words()
    table: dict[str, str] = {}
    for comp, ws in ((">=", w.ge_before), ("<=", w.le_before), ("~", w.approx_before)):
        for word in ws:
            table.setdefault(word, comp)
    return table, max(map(len, table), default=0), frozenset(word[-1] for word in table if word)


_TRAILING_QUOTES = re.compile(r"[\s“”\"]+$")


def _comparator_before(left: str) -> str | None:
    """The comparator word at the end of ``left`` (the text before a number); the longest
    word wins (不少于 before 少于).

    >>> _comparator_before("每学期不少于 "), _comparator_before("少于"), _comparator_before("建成"), _comparator_before("面向不 少于 ")
    ('>=', '<=', None, '>=')
    """
    last = left[-1:]
    # (the quotes and spaces taken off the end only when it is one: most numbers follow a word)
    s = _TRAILING_QUOTES.sub("", left) if last.isspace() or last in ("“", "”", '"') else left
    table, longest, ends = _comparators_before()
    if " " in s[-longest - 2 :]:
        s = s[: -longest - 2] + s[-longest - 2 :].replace(" ", "")  # (不 少于: a word a line's end broke)
    if s[-1:] in ends:  # (a word ends with the last character: most numbers follow none)
        for k in range(min(longest, len(s)), 0, -1):  # the endings of s, longest first
            comp = table.get(s[-k:])
            if comp is not None:
                return comp
    return table.get("")


def _comparator_after(right: str) -> tuple[str | None, int]:
    w = words()
    s = right.lstrip()
    if not s.startswith(_comparators_after()):
        return None, 0  # (one test for all the words, then which one)
    lead = len(right) - len(s)
    for comp, ws in ((">=", w.ge_after), ("<=", w.le_after), ("~", w.approx_after)):
        for word in ws:
            if s.startswith(word):
                return comp, lead + len(word)
    return None, 0


@lru_cache(maxsize=1)
def _comparators_after() -> tuple[str, ...]:
    """Every comparator word written after a number (for one ``str.startswith``)."""
    w = words()
    return w.ge_after + w.le_after + w.approx_after


@lru_cache(maxsize=1)
def _far_comparator_re() -> re.Pattern[str] | None:
    """Any comparator word written before a number, or ``None`` when an empty word is one
    (which every text holds)."""
    w = words()
    ws = w.ge_before + w.le_before
    return None if "" in ws else re.compile(_alt(ws))


def _far_comparator(clause_left: str) -> str | None:
    """不低于公用经费的5%: a comparator word earlier in the clause, with no number between."""
    w = words()
    quick = _far_comparator_re()
    if quick is not None and not quick.search(clause_left):
        return None  # (one search for all the words, then where each is)
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
    if _A_DIGIT.search(between) or len(between) > 16:
        return None
    return best[2]


def parse_quantity(s: str) -> Quantity | None:
    """The first quantity in a short string, with its comparator.

    >>> parse_quantity("50%以上"), parse_quantity("10万人左右")
    (Quantity(value=50, unit='%', comparator='>='), Quantity(value=10, unit='万人', comparator='~'))
    >>> parse_quantity("1亿元"), parse_quantity("不少于16学时"), parse_quantity("3～5年")
    (Quantity(value=1, unit='亿元', comparator='='), Quantity(value=16, unit='学时', comparator='>='), Quantity(value='3-5', unit='年', comparator='range'))
    >>> parse_quantity("1.2万套（间）"), parse_quantity("3000套（间）以上")  # (a unit and its alternative in brackets)
    (Quantity(value=1.2, unit='万套（间）', comparator='='), Quantity(value=3000, unit='套（间）', comparator='>='))
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


#: no comparator word read yet (:func:`_quantity`)
_UNREAD = (None, -1)


def _quantity(m: re.Match[str], text: str, after_number: tuple[str | None, int] = _UNREAD) -> Quantity | None:
    """The quantity ``m`` reads (``after_number``: what :func:`_comparator_after` gives after
    it, when read already)."""
    if m.group("bad"):
        return None
    value = _value(m)
    if m.group("r1"):
        unit = None
    elif m.group("pct"):
        unit = "%"
    else:
        unit = m.group("unit")
    scale = unit is not None and _SCALE.fullmatch(unit)
    if scale:  # 7000亿级: a sum of that scale, at least
        unit = scale.group(1) + "元"
    if m.group("b"):
        comp = "range"
    else:
        after, _ = _comparator_after(text[m.end() : m.end() + 12]) if after_number is _UNREAD else after_number
        comp = after or (">=" if scale else _comparator_before(text[max(0, m.start() - 12) : m.start()]))
        if comp is None and m.group("more"):
            comp = ">="
        comp = comp or "="
    return Quantity(value, unit, comp)


#: a scale of money (7000亿级, 万亿级): its magnitude
_SCALE = re.compile(r"(万亿|千亿|百亿|亿|万)级")
_YEAR = re.compile(r"((?:19|20)\d\d)")
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*(?:年)?\s*[—–\-－~～至到]\s*((?:19|20)\d\d)")


def five_year_end(s: str) -> str | None:
    """The last year of the first five-year plan named in ``s`` (九五 -> 2000, 十四五 -> 2025).

    >>> five_year_end("“九五”期间"), five_year_end("到“十四五”末"), five_year_end("二十五个")
    ('2000', '2025', None)
    """
    m = FIVE_YEAR_PLAN.search(s)
    if not m:
        return None
    n = m.group("n")
    number = {"八": 8, "九": 9, "十": 10}.get(n) or 10 + "一二三四五六".index(n[1]) + 1
    return str(1955 + 5 * number)


@lru_cache(maxsize=1 << 10)
def parse_deadline(s: str | None) -> str | None:
    """The year a deadline cell or phrase gives (2021年4月 -> 2021; 2021—2025年 -> 2025); kept,
    as the cells of a task table repeat a few deadlines."""
    if not s:
        return None
    s = without_white(s)
    m = _PERIOD.search(s)
    if m:
        return m.group(2)
    m = _YEAR.search(s)
    if m:
        return m.group(1)
    return five_year_end(s)


def plan_period_end(title: str | None) -> str | None:
    """The last year of the plan period named in a title: 攀登计划(2021—2025) -> 2025; the
    year of a plan for one year (数字山东2021行动方案, 2021年工作要点) -> 2021; not the year
    of a revision (2019年修订).

    >>> plan_period_end("数字山东2021行动方案"), plan_period_end("某某条例（2019年修正）")
    ('2021', None)
    """
    if not title:
        return None
    m = _PERIOD.search(title)
    if m and int(m.group(2)) > int(m.group(1)):
        return m.group(2)
    years = list(_TITLE_YEAR.finditer(title))
    return years[0].group(1) if len(years) == 1 else five_year_end(title)


# --- deadlines in running text --------------------------------------------------------------

#: 到2022年 / 至2025年 / 2025年前 / 2025年底 / 2021—2025年，
_CUE = re.compile(
    r"(?:(?:到|至|于|在)\s*(?P<y1>(?:19|20)\d\d)\s*年(?:底|末|前|年底)?(?!\s*\d{1,2}\s*月\s*\d)"
    r"|(?P<y2>(?:19|20)\d\d)\s*年\s*(?:\d{1,2}\s*月\s*(?:底|末|中旬|上旬|下旬)?\s*前|\d{1,2}\s*月\s*底|底前|年底前|前|底|末)"
    r"|(?P<y3>(?:19|20)\d\d)\s*年\s*(?=初步|基本|全面|实现|建成|完成|力争|争取|启动(?!了))"
    r"|(?:到|至)?[“\"]?(?P<fy>(?:十[一二三四五六]|[八九十])五)[”\"]?(?:末|期末|时期|期间)"
    r"|(?P<p1>(?:19|20)\d\d)\s*年?\s*[—–\-－~～至到]\s*(?P<p2>(?:19|20)\d\d)\s*年?\s*(?=[，,：:])"
    r"|(?P<y4>(?:19|20)\d\d)\s*年(?=\s*[，,]))"
)
#: where a match of :data:`_CUE` can start: the first character of one of its branches with
#: what that branch needs after it (a year and 年 after 到; a year and a deadline's words or a
#: period after a year's first digit; a five-year plan and 末 or 期间), for
#: :func:`kg.extract.regexes.finditer_near` (the year of a date is not tried, nor every 1
#: and 2)
_FIVE_YEAR_END = r"五[”\"]?(?:末|期末|时期|期间)"
_AFTER_YEAR = (
    r"(?:\s*年\s*(?:\d{1,2}\s*月\s*(?:(?:底|末|中旬|上旬|下旬)?\s*前|底)|底|年底前|前|末|初步|基本|全面|实现|建成|完成|力争|争取|启动(?!了)|[，,])"
    r"|\s*年?\s*[—–\-－~～至到]\s*(?:19|20)\d\d\s*年?\s*[，,：:])"
)
_YEAR_AND_NIAN = r"\s*(?:19|20)\d\d\s*年"
_FIVE_YEAR_PLAN = rf"(?:十[一二三四五六]|[八九十]){_FIVE_YEAR_END}"
_CUE_START = (
    re.compile(
        # (one branch per first character, each opening with it: the engine scans for those
        # characters fast and tries at each only the branch of its character)
        rf"到(?={_YEAR_AND_NIAN}|[“\"]?{_FIVE_YEAR_PLAN})|至(?={_YEAR_AND_NIAN}|[“\"]?{_FIVE_YEAR_PLAN})"
        rf"|于(?={_YEAR_AND_NIAN})|在(?={_YEAR_AND_NIAN})|1(?=9\d\d{_AFTER_YEAR})|2(?=0\d\d{_AFTER_YEAR})"
        rf"|“(?={_FIVE_YEAR_PLAN})|\"(?={_FIVE_YEAR_PLAN})|十(?=[一二三四五六]?{_FIVE_YEAR_END})|八(?={_FIVE_YEAR_END})|九(?={_FIVE_YEAR_END})"
    ),
    0,
)
_OPENERS = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*)?(?:[^，,。]{0,12}目标[。：:，,]?)?\s*(?:第[一二三四五]阶段|近期|中期|远期)?[，,：:]?\s*(?:力争|争取|预计|计划|确保|——)?\s*$")
_SENT_END = "。！？!?\n"
_HEAD_END = re.compile(r"[。：:，,；;]")
_GOALS_FOLLOW = re.compile(r"目标(?:是|为|如下)?[：:]\s*$")
#: a dotted heading number: 1.2, 1.2.1
_DOTTED_NUMBER = re.compile(r"\d{1,2}((?:\s*[.．]\s*\d{1,2})+)(?![\d%％])\s*")


@dataclass
class _Cue:
    year: str
    start: int
    until: int  # the cue holds for numbers in [start, until)


def _line_end(text: str, pos: int) -> int:
    e = text.find("\n", pos)
    return len(text) if e < 0 else e


#: a cue that opens a clause (…部署，到2025年，): the text before it ends with a comma, or with a
#: line break a page's layout left without a mark, which :func:`kg.extract.layout.unwrap` made a space (…高质量发展
#: / 到2027年，…)
_CLAUSE_OPENING = re.compile(r"(?:[，,]|[^\s，,。；;：:] )\s*$")
#: after a year: 的 (a datum of that year), or a pause (到2025年，), matched where the year ends
_OF_AFTER = re.compile(r"年?\s*的")
_PAUSE_AFTER = re.compile(r"\s*[，,：:]")


def _cue_scope(text: str, m: re.Match[str], sections: Sequence[tuple[int, int]]) -> int | None:
    """Where the deadline of cue ``m`` stops holding, or ``None`` when it is no deadline.

    A cue of the first paragraph of a 目标 section holds for the section; one that opens a
    sentence for its paragraph; one inside a sentence for that sentence; a sentence that ends in a colon
    (目标是：) hands its cue on to the next paragraph."""
    s, e = _sentence_bounds(text, m.start(), _SENT_END)
    opens = bool(_OPENERS.match(text[s : m.start()]))
    if (m.group("p2") or m.group("y3")) and not opens:
        return None  # a period inside a sentence ((2019—2021年)) is no deadline
    if _RECORD_FROM.search(text[max(s, m.start() - 5) : m.start() + 1].replace(" ", "")) or _OF_AFTER.match(text, m.end()):
        return None  # 截至2022年6月 is a date of record; 增加到2021年的5481万公里 a past datum
    if _YEAR_END.search(text[max(s, m.start() - 6) : m.start()]):
        return None  # 2021年至2022年6月: a period of record
    section = next(((a, b) for a, b in sections if a <= m.start() < b), None)
    before = text[section[0] : text.rfind("\n", 0, m.start()) + 1] if section else ""
    if m.group("y3"):
        return e  # (2016年启动50个…，2017年…: a timeline's year holds for its sentence)
    if m.group("y4"):
        return _timeline_step(text, m)
    if section and sum(1 for ln in before.splitlines() if ln.strip()) <= 1:
        return section[1]  # the deadline the first paragraph of a 目标 section gives
    if (opens or _CLAUSE_OPENING.search(text, s, m.start())) and _PAUSE_AFTER.match(text, m.end()):
        end = _line_end(text, m.end())
        if opens and s == text.rfind("\n", 0, m.start()) + 1 and not _DIGIT_RUN.search(text, m.end(), end):
            return _next_heading(text, end)  # (到2027年，…取得显著成效。 a paragraph of aims alone: the goals follow it)
        while end < len(text) and _DASH_ITEM.match(text, end + 1):
            end = _line_end(text, end + 1)  # (到2027年，…：\n——…\n——…: the goals it lists, a dash each)
        return end  # (…精神，到2025年，…。建设50家…: the paragraph's goals follow)
    if e < len(text) and text[e - 1 : e] in ("：", ":"):
        return _line_end(text, e + 1)
    return e


#: the year the document is written in, as a deadline: 年底前, 年内, 全年, 今年 (not 每年年底前, 当年,
#: 上年, 2023年底前: a year of its own)
_OWN_YEAR = re.compile(r"(?<![\d０-９年每当同次上去明前一二两三四五六七八九十半数几多])(?:年底前|年内|全年|今年)")


def _own_year_cues(text: str, year: str, last: int | None) -> list[_Cue]:
    """Deadlines in the document's own year (``year``: of a plan for one year, else of its
    date), each for the sentence it stands in.

    >>> [(c.year, c.start) for c in _own_year_cues("年底前，网上可办率不低于90%。每年年底前报送。", "2019", None)]
    [('2019', 3)]
    """
    out: list[_Cue] = []
    for m in _OWN_YEAR.finditer(text):
        if last is not None and m.start() > last:
            break
        s, e = _sentence_bounds(text, m.start(), _SENT_END)
        if _RECORD_FROM.search(text[max(s, m.start() - 4) : m.start()]) or _SINCE.match(text, m.end()):
            continue  # (截至今年, 今年以来: a date of record)
        out.append(_Cue(year, m.end(), e))
    return out


_SINCE = re.compile(r"以来|来|[上前]半年|1[-—至]")


#: the date a document was printed on, the last line of its 版记 (山东省人民政府办公厅2019年3月15日印发)
_PRINTED_ON = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发\s*$")


def _printed_year(text: str) -> str | None:
    r"""The year of the 印发 line that ends a text whose head is lost (its only date).

    >>> _printed_year("年底前完成。\n抄送：省委各部门。\n  山东省人民政府办公厅2019年3月15日印发\n")
    '2019'
    """
    m = _PRINTED_ON.search(text.rstrip()[-60:])
    return m.group("y") if m else None


def _one_year(title: str | None) -> str | None:
    """The year of a plan for one year (洛阳市2023年数字经济发展工作要点), not of a period.

    >>> _one_year("洛阳市2023年数字经济发展工作要点"), _one_year("某某行动计划（2021—2023年）")
    ('2023', None)
    """
    if not title or _PERIOD.search(title):
        return None
    years = list(_TITLE_YEAR.finditer(title))
    return years[0].group(1) if len(years) == 1 else None


_DIGIT_RUN = re.compile(r"\d")
#: a line that is an item of a list of goals, opened by a dash (——, --, —)
_DASH_ITEM = re.compile(r"[ \t\u3000]*(?:——|--|－－|—(?!\s*\d))")


def _next_heading(text: str, pos: int) -> int:
    r"""Where the first heading line after ``pos`` starts (the end of the text without one).

    >>> t = "到2027年，取得成效。\n普及率达到90%。\n二、主要任务\n建设10个。"
    >>> t[_next_heading(t, 11):]
    '二、主要任务\n建设10个。'
    """
    nl = text.find("\n", pos)
    while nl >= 0:
        end = _line_end(text, nl + 1)
        if _heading(text[nl + 1 : end])[0] is not None:
            return nl + 1
        nl = end if end < len(text) else -1
    return len(text)


#: where a step of a timeline opens: its sentence or a clause after ；
_STEP_OPENS = re.compile(r"(?:^|[。；;！？\n])[ \t\u3000]*$")
#: the words of a goal a step of a timeline sets (2022年，…达到5000人以上): a report writes a year
#: and a pause before what was done (2022年，全市新增就业6.5万人), with none of them
_STEP_GOAL = re.compile(r"以上|不低于|不少于|不超过|以内|力争|确保|争取|左右")


def _timeline_step(text: str, m: re.Match[str]) -> int | None:
    """Where the year of a timeline's step (2020年，…；2021年，…；2022年，…达到5000人以上。)
    stops holding: the end of its clause when the year opens it and the clause sets a goal,
    else ``None`` (no deadline).

    >>> t = "2020年，建设专业；2022年，培养规模达到5000人以上。2022年，全市新增就业6.5万人。"
    >>> [(m.group("y4"), _timeline_step(t, m)) for m in _CUE.finditer(t)]
    [('2020', None), ('2022', 30), ('2022', None)]
    """
    if not _STEP_OPENS.search(text, max(0, m.start() - 4), m.start()):
        return None
    end = len(text)
    for ch in "。；;\n":
        k = text.find(ch, m.end())
        if 0 <= k < end:
            end = k
    return end if _STEP_GOAL.search(text, m.end(), end) else None


def _cues(text: str, sections: Sequence[tuple[int, int]] = (), last: int | None = None, own_year: str | None = None) -> list[_Cue]:
    """The deadlines the text states, in order; ``last``: none that starts after it is read
    (a cue holds from its end on: none of those holds for a number at or before it);
    ``own_year``: the year the document is written in, for 年底前, 年内, 全年."""
    out: list[_Cue] = []
    for m in finditer_near(_CUE, text, _CUE_START):
        if last is not None and m.start() > last:
            break  # (the text after it is not searched)
        year = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4") or m.group("p2") or five_year_end(m.group("fy") or "")
        until = _cue_scope(text, m, sections) if year else None
        if year and until is not None:
            out.append(_Cue(year, m.end(), until))
    if own_year and ("年" in text):
        out = sorted(out + _own_year_cues(text, own_year, last), key=lambda c: c.start)
    return out


_RANKS = {"chapter": 0, "article": 0, "cn": 1, "pcn": 2, "ar": 3, "par": 4, "ar2": 5, "circ": 6}


def _heading(line: str) -> tuple[int | None, str]:
    """The rank of a heading line (0 for 第一章, 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）;
    1 + its dots for 1.2.1) and what it says after its number; ``(None, line)`` for a
    paragraph.

    >>> _heading("（三）主要目标。"), _heading("1.2.1  近期目标"), _heading("到2023年，")
    ((2, '主要目标。'), (3, '近期目标'), (None, '到2023年，'))
    """
    stripped = line.strip()
    if not stripped or not (stripped[0] in HEAD_START or stripped[0].isdigit()):
        return None, stripped  # (no heading marker nor number starts it)
    dm = _DOTTED_NUMBER.match(stripped)
    if dm:
        return 1 + len(_DOT.findall(dm.group(1))), stripped[dm.end() :]
    h = match_heading(stripped)
    if h is None:
        return None, stripped
    return _RANKS.get(h[0]), stripped[h[3] :].strip()


def _lines(text: str) -> list[tuple[int, str]]:
    r"""``(offset, line)`` of every non-empty line of ``text``, with its line break.

    >>> _lines("甲\n\n乙")
    [(0, '甲\n'), (2, '\n'), (3, '乙')]
    """
    out: list[tuple[int, str]] = []
    pos = 0
    pieces = text.split("\n")
    for k, piece in enumerate(pieces):
        line = piece if k == len(pieces) - 1 else piece + "\n"
        if line:
            out.append((pos, line))
        pos += len(line)
    return out


def goal_sections(text: str, last: int | None = None) -> list[tuple[int, int]]:
    r"""``(start, end)`` of the sections that state goals: under a heading that names 目标 or
    指标 (（三）主要目标。) up to the next heading of its rank or above, and the paragraph
    after a sentence that ends 目标是： or 目标如下：.

    >>> t = "（三）主要目标。\n到2023年，能力增强。\n——建立10个平台。\n（四）主要任务\n建设5个基地。"
    >>> [t[a:b] for a, b in goal_sections(t)]
    ['（三）主要目标。\n到2023年，能力增强。\n——建立10个平台。\n']

    A paragraph that opens with its heading run in is one too:

    >>> t = "前言。\n主要目标：规模同比增长15%以上。\n一、任务\n建设5个基地。"
    >>> [t[a:b] for a, b in goal_sections(t)]
    ['主要目标：规模同比增长15%以上。\n']

    ``last``: no section that starts after it is read (it holds no place up to it).
    """
    if "目标" not in text and "指标" not in text:
        return []
    at = word_positions(text, _GOAL_WORDS)
    out = _headed_sections(text, at, _goal_heading_rank, last, _GOALS_FOLLOW)
    starts = {a for a, _ in out}
    for k in at:  # a paragraph that opens with its heading run in (主要目标：全市…；…), no heading line
        start = text.rfind("\n", 0, k) + 1
        if start not in starts and (last is None or start <= last) and _RUN_IN_GOALS.match(text, start, k + 5):
            starts.add(start)
            out.append((start, _next_line(text, k)))
    return sorted(set(out)) if len(out) > 1 else out


#: a paragraph's opening that names its goals, run in: 主要目标：, 工作目标：, 2023年目标任务：
_RUN_IN_GOALS = re.compile(r"[ \t\u3000]*[^，,。；;：:\n]{0,10}目标(?:任务)?[：:]")


def review_sections(text: str, last: int | None = None) -> list[tuple[int, int]]:
    r"""``(start, end)`` of the sections that review what was done or what is: under a
    heading that names a review or the state of things (一、2022年工作回顾, （一）发展基础,
    基本情况) up to the next heading of its rank or above. Their numbers are history and
    present state, no goal.

    >>> t = "一、2022年工作回顾\n全市新增就业6.5万人。\n二、2023年目标任务\n新增就业6万人。"
    >>> [t[a:b] for a, b in review_sections(t)]
    ['一、2022年工作回顾\n全市新增就业6.5万人。\n']

    A paragraph that opens with the time it looks back on (过去一年，…; 五年来，…) reviews too:

    >>> t = "过去一年，全县新增就业2100人。\n今年的主要目标是：新增就业2000人以上。"
    >>> [t[a:b] for a, b in review_sections(t)]
    ['过去一年，全县新增就业2100人。\n']
    """
    at = word_positions(text, _REVIEW_ANCHORS)  # (the pattern would be tried at every character)
    out = _headed_sections(text, at, _review_heading_rank, last) if at else []
    for k in word_positions(text, _LOOKING_BACK_ANCHORS):
        start = text.rfind("\n", 0, k) + 1
        if (last is None or start <= last) and _LOOKING_BACK.match(text, start, k + 8):
            out.append((start, _next_line(text, k)))
    return sorted(set(out)) if len(out) > 1 else out


#: the opening of a paragraph that looks back on a past period: 过去一年， 过去五年， 一年来，
_LOOKING_BACK = re.compile(r"[ \t\u3000]*(?:过去(?:的)?[一二三四五两十]年|[一二三四五两十]年来)[，,]")
#: a word every match of :data:`_LOOKING_BACK` holds
_LOOKING_BACK_ANCHORS = ("过去", "年来")


#: a word every match of :data:`_REVIEW_WORD` holds
_REVIEW_ANCHORS = ("回顾", "基础", "现状", "基本情况", "成效", "成绩", "成就", "进展")


def _headed_sections(text: str, at: list[int], rank_of: Callable[[str, int], int | None], last: int | None,
                     follow: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """The sections whose heading holds a word at one of ``at`` (in order): a line that
    ``rank_of`` reads as a heading (its rank), up to the next heading of its rank or above;
    with ``follow``, also the paragraph after a line it ends."""
    out: list[tuple[int, int]] = []
    ranks: dict[int, int | None] = {}  # the heading rank of the line at each offset (read once)

    def rank_at(start: int, end: int) -> int | None:
        if start not in ranks:
            ranks[start] = _heading(text[start:end])[0]
        return ranks[start]

    done = 0  # the end of the last line read: a line is read once, whatever it names
    for word_at in at:
        if word_at < done:
            continue
        start = text.rfind("\n", 0, word_at) + 1
        if last is not None and start > last:
            break  # (every section read from here on starts after it)
        done = _next_line(text, word_at)
        line = text[start:done]
        rank = rank_of(line, word_at - start)
        if rank is not None:
            end, k = len(text), done
            while k < len(text):
                after = _next_line(text, k)
                if (lv := rank_at(k, after)) is not None and lv <= rank:
                    end = k
                    break
                k = after
            out.append((start, end))
        elif follow is not None and follow.search(line) and done < len(text):
            out.append((done, _next_line(text, done)))
    return out


#: what a heading of a review or of the state of things says (工作回顾, 发展基础, 发展现状,
#: 基本情况, 主要成效, 取得的成绩)
_REVIEW_WORD = re.compile(r"(?:工作)?回顾|(?:发展|工作|现实)基础|现状|基本情况|(?:主要|工作|取得的)(?:成效|成绩|成就)|发展成就")
#: a heading that is only such a name: the period or place it reviews before it (2022年,
#: “十三五”时期, 我市), what it is set beside after it (和面临形势); not a task (夯实发展基础)
_REVIEW_HEAD = re.compile(rf"^[\d年“”\"十二三四五六时期间以来的近过去全我本市省县区（）()—\s]*(?:{_REVIEW_WORD.pattern})(?:[和与及、][^，,。；;]*)?$"
                          # what was achieved: 2022年数字中国建设取得显著成效, …工作成效显著 (not 取得新进展: an aim)
                          r"|^[^，,。；;]{0,24}?取得了?(?:显著|明显|积极|重要|重大|长足|突出)?的?(?:成效|成绩|进展|成就)$|^[^，,。；;]{0,24}?成效(?:显著|明显)$")


def _review_heading_rank(line: str, first: int) -> int | None:
    """The rank of a numbered heading whose words, up to its first mark, name a review or
    the state of things (:data:`_REVIEW_WORD`); ``None`` for another line.

    >>> _review_heading_rank("一、2022年工作回顾", 8), _review_heading_rank("（一）夯实发展基础", 5), _review_heading_rank("一、发展基础和面临形势", 2)
    (1, None, 1)
    >>> _review_heading_rank("一、2022年数字中国建设取得显著成效", 16), _review_heading_rank("（二）推动产教融合取得新进展", 12)
    (1, None)
    """
    read = _heading_words(line, first)
    if read is None:
        return None
    level, said, head = read
    return level if level is not None and len(head) <= 24 and len(said) <= len(head) + 1 and _REVIEW_HEAD.match(head) else None


def _heading_words(line: str, first: int) -> tuple[int | None, str, str] | None:
    """A line's heading rank (:func:`_heading`), what it says after its number, and that up to
    its first mark; None when a mark stands before ``first`` (where the word asked about
    stands): what the line says before that word ends there, and it is read as no heading.

    >>> _heading_words("（三）主要目标。", 5), _heading_words("（一）指导思想。坚持目标导向", 10)
    ((2, '主要目标。', '主要目标'), None)
    """
    if _HEAD_END.search(line, 0, first):
        return None
    level, said = _heading(line)
    return level, said, _HEAD_END.split(said, maxsplit=1)[0]


def _goal_heading_rank(line: str, first: int) -> int | None:
    """The rank of a heading (9 for a short line that is none) that names goals: what it
    says after its number, up to its first mark, holds 目标 or ends with 指标 (``first``: where
    the first of those words of the line stands); ``None`` for another line. A mark before
    that word ends what the line says before the word (a heading's number holds no such
    mark): the line is not read as a heading then.

    >>> _goal_heading_rank("（三）主要目标。", 5), _goal_heading_rank("（一）指导思想。坚持目标导向", 10)
    (2, None)
    """
    read = _heading_words(line, first)
    if read is None:
        return None
    level, _, head = read
    if ("目标" in head or head.endswith("指标")) and len(head) <= 16 and (level is not None or len(line.strip()) <= 16):
        return 9 if level is None else level
    return None


#: the words of a line that opens a goal section (:func:`goal_sections`)
_GOAL_WORDS = ("目标", "指标")


def word_positions(text: str, words: Sequence[str]) -> list[int]:
    """Where the ``words`` stand in ``text``, in order (each found by ``str.find``, several
    times faster than the engine's scan for any of them: the goal and review sections' words).

    >>> word_positions("主要目标和指标，目标", _GOAL_WORDS)
    [2, 5, 8]
    """
    found = []
    for w in words:
        i = text.find(w)
        while i >= 0:
            found.append(i)
            i = text.find(w, i + len(w))
    return sorted(found)


def _next_line(text: str, pos: int) -> int:
    """Where the line after the one holding ``pos`` starts (after its line break; the end of
    the text for the last line)."""
    e = text.find("\n", pos)
    return len(text) if e < 0 else e + 1


def _deadline_at(cues: list[_Cue], starts: list[int], pos: int, since: int = 0) -> str | None:
    """The year of the nearest cue before ``pos`` whose scope covers it (cues in text order),
    one that starts at ``since`` or later (a task table's row: a cue of an earlier row, such
    as its 完成时限 2023年12月底, is no cue of the next one)."""
    i = bisect.bisect_right(starts, pos) - 1
    # a cue's scope ends at its sentence or paragraph: look back a few cues only
    for c in cues[max(0, i - 8) : i + 1][::-1]:
        if c.start < since:
            break
        if c.start <= pos < c.until:
            return c.year
    return None


# --- tables ---------------------------------------------------------------------------------


def _row_deadlines(doc: Document, measures: list[Measure]) -> list[tuple[int, int, str | None, str]]:
    """``(start, end, deadline, raw)`` of task-table rows that have a deadline column, and of
    the measures whose assignment line gives one (（牵头单位：…；完成时限：2024年12月底前）)."""
    rows = {(row.start, row.end, parse_deadline(row.deadline), row.deadline)
            for _, rows in doc.task_rows for row in rows if row.deadline is not None}
    rows.update((m.span.start, m.span.end, parse_deadline(m.deadline), m.deadline) for m in measures if m.deadline and m.span is not None)
    return sorted(rows)


def _row_at(rows: list[tuple[int, int, str | None, str]], pos: int) -> tuple[int, int, str | None, str] | None:
    """The row or measure of ``rows`` (sorted) that holds ``pos``, the innermost."""
    i = bisect.bisect_right(rows, (pos, float("inf"))) - 1
    while i >= 0:
        if rows[i][0] <= pos < rows[i][1]:
            return rows[i]
        i -= 1
    return None


# --- indicators -----------------------------------------------------------------------------

_CLAUSE_END = "，,；;。！？!?\n\t"  # (a table's cell, tab-separated, is a clause of its own)
_LEAD = re.compile(
    r"^(?:(?:力争|争取|确保|全面|重点|积极|逐步|进一步|累计|原则上|每年|每学期|按照|按|共|再|使|让|推动|支持|实现|完成|其中|全市|全省|全县|全区|并|和|及|与|、"
    r"|[一二三四五六七八九十]{1,2}是)\s*)+"  # (一是, 二是: the points of a sentence counted)
)


@lru_cache(maxsize=1)
def _verb_tail() -> re.Pattern[str]:
    """The verb before a value at the end of what precedes it (覆盖率达到, 办理时间压缩至): the
    ``verb`` words of the table (and the upper bounds 不高于, 不超过), after a word of duty."""
    return re.compile(rf"(?:应当|必须|要|应|须|需|将|均|总体|分别|总计|合计|累计)?(?:{_alt(words().verbs + ('不高于', '不超过'))})$")



_REQUIRED = re.compile(r"(?:不|至少|最少|最多)[^，,。；;\d]{0,3}$")
_COMPARATOR_TAIL = re.compile(r"(?:不低于|不少于|不小于|至少|不超过|不高于|不多于|不大于|不低|低于|少于|高于|多于|约)\s*$")


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    return near_ender_bounds(text, start, end, _CLAUSE_END)


def _real_quantities(s: str) -> list[re.Match[str]]:
    """The quantities of ``s`` with a unit (the pattern's matches but those of its ``bad``
    branch), found where a quantity can start (:func:`_quantity_matches`)."""
    if not _A_DIGIT.search(s):
        return []  # (every quantity opens with a digit)
    return [m for m in _quantity_matches(s) if not m.group("bad")]


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
    after = _LEADING_OF.sub("", after)
    if _LEADING_JOINERS.match(after):
        after = ""  # 企业3000家以上、重点企业100家: the noun after the joiner is the next item's
    after = _TRAILING_JOINERS.sub("", after).strip()
    if "的" in after:
        after = after[after.rfind("的") + 1 :]
    # the subject before the verb, after any earlier quantity of the clause
    prev = _real_quantities(left)
    if prev:
        left = left[prev[-1].end() :]
        _, extra = _comparator_after(left)
        left = _LEADING_JOINERS.sub("", left[extra:])
    vm = _verb_tail().search(left) or _COMPARATOR_TAIL.search(left)
    if unit in ("%", None) or (unit or "").endswith("元") or vm or not after:
        subj = left[: vm.start()] if vm else left
        if "五" in subj or _A_DIGIT.search(subj):  # (every deadline holds a year or a five-year plan)
            subj = _CUE.sub("", subj)
        subj = _LEADING_NON_HAN.sub("", MEASURE_MARKER.sub("", subj, count=1))  # (（一）粮食播种面积…: the measure's number)
        subj = _LEAD.sub("", subj).strip(" ，,")
        if "目标" in subj:
            subj = subj[m.end() :] if (m := _RUN_IN_GOALS.match(subj)) else subj  # (主要目标：全市…: the heading run in)
        subj = _MODAL_TAIL.sub("", _TRAILING_BY.sub("", subj))
        sm = _SHARE.match(subj)
        if sm and sm.group("b") not in ("比例", "比重"):  # (所占比例: the share is named already)
            subj = f"{sm.group('a')}占{sm.group('b')}比例"
        if subj and not subj.endswith("的"):
            return subj[-40:]
    if after:
        return after[:40]
    return left.strip()[-40:]


def _bigrams(s: str) -> set[str]:
    s = _NOT_NAMING.sub("", s)
    return {s[i : i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def similar(a: str, b: str) -> bool:
    """Two indicators that name the same thing (one contains the other, or they share most
    character bigrams)."""
    ca = _NOT_NAMING.sub("", a)
    cb = _NOT_NAMING.sub("", b)
    if not ca or not cb:
        return False
    if len(min(ca, cb, key=len)) >= 2 and (ca in cb or cb in ca):
        return True
    x, y = _bigrams(ca), _bigrams(cb)
    return 2 * len(x & y) / (len(x) + len(y)) >= 0.5


# --- the document ---------------------------------------------------------------------------


_ENUM_COUNT = re.compile(r"(?:职专|职业中专|学校|学院|大学|校)\s*$")
_PAST = re.compile(r"(?:19|20)\d\d\s*年[^，,。；;\d]{0,8}的\s*$|[\u4e00-\u9fff]了\s*$")
#: the mark of a rule's frame (按, 按照): told by ``in``
_RULE_FRAME = "按"


@lru_cache(maxsize=1)
def _obligation_re() -> re.Pattern[str]:
    """应, 应当, 不得 as words of duty, not inside 相应, 适应, 供应, 应用."""
    return re.compile(rf"(?<![相适供反响对效])(?:{_alt(words().obligation)})(?![用急变对])")


#: an ordinal, a formula, 含10人, 共23项, A、B等8个 before a number (no count), or a figure
#: reference (如图1所示): one search for both
_NOT_A_COUNT_OR_FIGURE = re.compile(r"(?:第|[×xX*/÷]|[（(]?含|[（(]?共|共有|总计|合计|等)\s*$|" + FIGURE_REF.pattern)


def _sentence_bounds(text: str, pos: int, enders: str = "。！？!?；;\n") -> tuple[int, int]:
    return near_ender_bounds(text, pos, pos, enders)


#: a character of the CJK Unified Ideographs block (:func:`_after_place`)
_HAN = re.compile("[\u4e00-\u9fff]")


def _after_place(left: str) -> bool:
    """The number follows a place name (西安11个城市)."""
    if "、" not in left:
        return False
    tail = left.rstrip()[-6:]
    if not tail or not _HAN.match(tail[-1]):
        return False
    return _last_word_tag(tail) == "ns"


def _last_word_tag(s: str) -> str:
    """The part of speech of the last word jieba's tagger cuts ``s`` into (``s`` not empty),
    the last word's run alone tagged: jieba's best route through a block of Chinese is found
    from its end (the word that starts at a place depends only on what follows it), so from
    where the route starts a word, or a run of single characters (the run the HMM reads),
    the suffix is cut into the same words with the same tags.

    >>> [_last_word_tag(s) == _tokenizer().pairs(s)[-1][1] for s in ("、成都、西安", "机械化率达到", "经费拨款不低", "AB 5")]
    [True, True, True, True]
    """
    import jieba.posseg as pseg

    tok = _tokenizer()
    blocks = pseg.re_han_internal.findall(s)
    if not blocks or not s.endswith(blocks[-1]):  # (the last character is not of a block)
        return tok.pairs(s)[-1][1]
    block = blocks[-1]
    ends = tok.tokenizer.route_ends(block)
    n, x, start = len(block), 0, 0
    while x < n:
        y = ends[x]
        if y - x > 1:  # a word of the dictionary: the last one, or the run after it starts at its end
            start = x if y == n else y
        x = y
    return tok.pairs(block[start:])[-1][1]


def _tokenizer():
    """The part-of-speech tokenizer of :mod:`kg.extract.institutions` (read on first use)."""
    from kg.extract.institutions import _tokenizer as tokenizer

    return tokenizer()


@lru_cache(maxsize=32)
def _words_re(ws: tuple[str, ...]) -> re.Pattern[str] | None:
    """Any of ``ws`` (None when there is none)."""
    found = [w for w in ws if w]
    return re.compile("|".join(map(re.escape, found))) if found else None


def _any_word(s: str, ws: tuple[str, ...]) -> bool:
    """Whether ``s`` holds one of ``ws`` (what ``_has_word`` tells, in one search of ``s``).

    >>> _any_word("已建成示范学校", ("现有", "已建成")), _any_word("建成", ()), _any_word("建成", ("",))
    (True, False, False)
    """
    rx = _words_re(ws)
    return rx is not None and rx.search(s) is not None


def _has_word(s: str, ws: tuple[str, ...]) -> str | None:
    for w in ws:
        if w in s:
            return w
    return None


# --- mentions: every quantity of the text -------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A quantity in the text: ``text[start:end]`` (with a trailing 以上/左右) reads ``quantity``."""

    start: int
    end: int
    quantity: Quantity

    def __init__(self, start: int, end: int, quantity: Quantity) -> None:
        """The fields set in the instance's dictionary (as :class:`Quantity`'s)."""
        d = self.__dict__
        d["start"] = start
        d["end"] = end
        d["quantity"] = quantity


def cn_number(s: str) -> float | None:
    """A number in Chinese numerals as a law writes a percentage.

    >>> cn_number("四十五"), cn_number("一点二"), cn_number("一百"), cn_number("十"), cn_number("零点五")
    (45, 1.2, 100, 10, 0.5)
    """
    digits = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    whole, _, frac = s.partition("点")
    total, cur = 0, 0
    for ch in whole:
        if ch in digits:
            cur = digits[ch]
        elif ch in "十百":
            total += (cur or 1) * (10 if ch == "十" else 100)
            cur = 0
        else:
            return None
    total += cur
    if any(ch not in digits for ch in frac):
        return None
    return _number(f"{total}.{''.join(str(digits[c]) for c in frac) or 0}")


def _cn_fractions(text: str) -> list[Mention]:
    """百分之四十五 -> 45 %, 万分之二 -> 0.02 %, 百分之二至百分之三 -> "2-3" %."""
    out: list[Mention] = []
    if "分之" not in text:
        return out  # (every fraction holds 分之)
    scale = {"百": 1, "千": 0.1, "万": 0.01}
    for m in CN_FRACTION.finditer(text):
        a = cn_number(m.group("a"))
        b = cn_number(m.group("b")) if m.group("b") else None
        if a is None:
            continue
        k = scale[m.group("base")]
        va = _number(str(round(a * k, 6)))
        after, extra = _comparator_after(text[m.end() : m.end() + 12])
        if b is not None:
            q = Quantity(f"{va:g}-{_number(str(round(b * k, 6))):g}", "%", "range")
        else:
            q = Quantity(va, "%", after or _comparator_before(text[max(0, m.start() - 12) : m.start()]) or "=")
        out.append(Mention(m.start(), m.end() + extra, q))
    return out


@lru_cache(maxsize=1)
def _bare_re() -> re.Pattern[str]:
    """A number with no unit right after a verb that sets a level (PUE降到1.3以下)."""
    verbs = _alt(tuple(v for v in words().verbs if v not in ("为", "占", "达")))
    return re.compile(rf"(?:{verbs})\s*(?P<n>\d+(?:\.\d+)?)(?=\s*(?:以下|以上|以内|左右)?\s*[，,。；;\n])")


@lru_cache(maxsize=1)
def _quantity_start() -> re.Pattern[str]:
    """A run of digits where :func:`_quantity_re` is tried: one followed by a character that
    can go on a quantity with a unit (the first character of a unit or a magnitude, %, a
    colon, a range, 余, a space, a decimal point). After any other character the pattern reads
    there a number without a unit (its ``bad`` branch: 2021年, 3月, 4号), which ends before the
    next run of digits, or nothing: passing those runs over changes no other match. Every run
    when a word of the lists holds a digit."""
    w = words()
    listed = w.units + w.magnitudes + w.notunits
    if any(ch.isdigit() for word in listed for ch in word):
        return re.compile(r"\d+")
    goes_on = {word[0] for word in w.units + w.magnitudes + w.durations if word} | set(":：—–-－～~至到万亿%％余多 \xa0.．")
    goes_on |= {c.swapcase() for c in goes_on if c.isascii()}  # (a Latin unit in any case)
    # (the run's first digit, then the rest: a pattern that opens with a class of listed
    # characters is scanned for fast, one that opens with a repeat is tried at every character)
    return re.compile(rf"{DIGIT}(?<!\d\d)\d*+(?=[{re.escape(''.join(sorted(goes_on)))}]){_range_without_unit(w)}")


#: what separates the two ends of a range in :func:`_quantity_re`
_RANGE_SEP = "—–-－～~至到"


def _range_without_unit(w: Words) -> str:
    """A look-ahead that passes over a run of digits that starts a range whose second end a
    word that is no unit follows (2017—2019年, 3～5个月): the pattern reads there a number
    without a unit (its ``bad`` branch), and the second end, followed by that word, is no
    quantity either. Empty when a word that is no unit could open otherwise (with a digit, a
    magnitude, a separator, %, 余, a space or a point)."""
    could_go_on = set(_RANGE_SEP) | set("万亿%％余多 \xa0.．:：")
    if not w.notunits or any(not word or word[0].isdigit() or word[0] in could_go_on for word in w.notunits):
        return ""
    return rf"(?![{re.escape(_RANGE_SEP)}]\d+(?:{_alt(w.notunits)}))"


def _quantity_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of :func:`_quantity_re` in ``text`` as ``finditer`` finds them, tried at
    the first digit of the runs of :func:`_quantity_start` only (the pattern looks behind for
    a digit: it never starts inside a run), so without most numbers that have no unit: every
    quantity with a unit, and some matches of its ``bad`` branch (which are no quantity).

    >>> [m.group() for m in _quantity_matches("2021年3月建成15所学校，比例达到4:6")]
    ['15所', '4:6']
    """
    return finditer_near(_quantity_re(), text, (_quantity_start(), 0))


def _shortened(m: re.Match[str], text: str) -> bool:
    """A time (a duration word of the table) right after a verb that cuts it to a goal
    (压缩至3个工作日, 缩短到80小时): a quantity of a goal, where other times are none.

    >>> [_shortened(m, t) for t in ("企业开办时间压缩至1个工作日以内", "应当在15个工作日内作出决定") for m in _quantity_re().finditer(t)]
    [True, False]
    """
    w = words()
    return m.group("bad") in w.durations and text[max(0, m.start() - 4) : m.start()].rstrip(" \xa0").endswith(w.shorten)


def _arabic(text: str, books: list[tuple[int, int]]) -> list[Mention]:
    out = []
    starts = [b[0] for b in books]
    # a quantity starts with the first digit of a run (its pattern looks behind for none)
    for m in _quantity_matches(text):
        qs = m.start()
        bi = bisect.bisect_right(starts, qs) - 1
        if m.group("bad") and _shortened(m, text):
            after = _comparator_after(text[m.end() : m.end() + 12])
            value = _value(m)
            comparator = "range" if m.group("b") else after[0] or _comparator_before(text[max(0, qs - 12) : qs]) or "="
            out.append(Mention(qs, m.end() + after[1], Quantity(value, m.group("bad"), comparator)))
            continue  # 办理时间压缩至3个工作日以内: a time a goal cuts
        if m.group("bad") or (bi >= 0 and qs < books[bi][1]):
            continue  # a date, an age; inside a 《》 title
        if _NOT_A_COUNT_OR_FIGURE.search(text[max(0, qs - 3) : qs]):
            continue  # an ordinal, a formula, 含10人, 共23项, A、B等8个, 如图1所示
        if (qs == 0 or text[qs - 1] in " \t\u3000\n：:；;。") and _ITEM_NUMBER.match(m.group(0)):
            continue  # 1.3人户家庭 is item 1
        if m.group("r1") and "比" not in text[max(0, qs - 12) : qs]:
            continue  # 11:32 is a time; a ratio is a 职普比
        after = _comparator_after(text[m.end() : m.end() + 12])
        q = _quantity(m, text, after)
        if q is not None:
            out.append(Mention(qs, m.end() + after[1], q))
    for m in _bare_re().finditer(text):
        after, extra = _comparator_after(text[m.end() : m.end() + 6])
        out.append(Mention(m.start("n"), m.end() + extra, Quantity(_number(m.group("n")), None, after or "=")))
    return out


def mentions(text: str, books: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Every quantity of ``text`` that could be a goal, in text order (``books``: the spans
    of its 《…》 titles, :func:`~kg.extract.layout.book_title_spans`, when known)."""
    found = _arabic(text, book_title_spans(text) if books is None else books) + _cn_fractions(text) + _bare_magnitudes(text)
    return sorted(found, key=lambda x: x.start)


#: a magnitude written without a digit after a verb that sets a level: 达到万家以上, 迈向万亿级,
#: 突破千亿元 (its value and the magnitude the unit keeps: FORMAT keeps 万 and 亿 in the unit)
_BARE_MAGNITUDE = re.compile(r"(?:达到|迈向|突破|超过|迈上|跨越|跃升至|提升至|增长至)(?P<mag>万亿|千亿|百亿|万|亿)(?P<unit>级|家|个|人|户|元)(?:以上)?")
_MAGNITUDE_VALUE = {"万亿": (1, "万亿"), "千亿": (1000, "亿"), "百亿": (100, "亿"), "万": (1, "万"), "亿": (1, "亿")}


def _bare_magnitudes(text: str) -> list[Mention]:
    """达到万家以上 -> 1 万家 (>=), 迈向万亿级 -> 1 万亿元 (a scale: >=), 突破千亿元 -> 1000 亿元.

    >>> [(m.quantity.value, m.quantity.unit, m.quantity.comparator) for m in _bare_magnitudes("企业达到万家以上，规模迈向万亿级，收入突破千亿元。")]
    [(1, '万家', '>='), (1, '万亿元', '>='), (1000, '亿元', '>=')]
    """
    if "万" not in text and "亿" not in text:
        return []
    out: list[Mention] = []
    for m in _BARE_MAGNITUDE.finditer(text):
        value, mag = _MAGNITUDE_VALUE[m.group("mag")]
        unit = m.group("unit")
        out.append(Mention(m.start("mag"), m.end(), Quantity(value, mag + ("元" if unit in ("级", "元") else unit), ">=")))
    return out


# --- is it a goal? -----------------------------------------------------------------------------


@dataclass
class _Doc:
    """What every mention of one document is judged against."""

    text: str
    words: Words
    cues: list[_Cue]
    rows: list[tuple[int, int, str | None, str]]
    sections: list[tuple[int, int]]
    default: str | None
    measures: list[Measure]
    articles: list[int] = field(default_factory=list)  # where each 第N条 starts
    year: int | None = None  # the year of the document's date
    last: int | None = None  # where the last mention starts (no section after it is read)

    @property
    def statute(self) -> bool:
        """Made of articles (第一条…): a law or regulation."""
        return made_of_articles(self.articles)

    def __post_init__(self) -> None:
        self.cue_starts = [c.start for c in self.cues]

    def in_goal_section(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.sections)

    @cached_property
    def reviews(self) -> list[tuple[int, int]]:
        """The sections that review (:func:`review_sections`), read when a number first asks."""
        return review_sections(self.text, self.last)

    def in_review(self, pos: int) -> bool:
        """In a section that reviews what was done or what is, and in no goal section inside it."""
        return any(a <= pos < b for a, b in self.reviews) and not self.in_goal_section(pos)


def _rate_frame(text: str, clause: tuple[int, int]) -> tuple[int, int]:
    """The clause, and the next one when the clause is a rate (按照…的30%，给予补助) or
    says what the share pays for (提取不低于百分之三十，用于奖励)."""
    cs, ce = clause
    if ce < len(text) and text[ce] in "，," and (
        _BY_RATE.match(text[cs:ce]) or _PAID_FOR.match(text[ce + 1 : ce + 4])
    ):
        return cs, _clause_bounds(text, ce + 1, ce + 1)[1]
    return clause


#: what the units of a share are to reach or do, after the share (80%以上的乡镇卫生院达到…标准,
#: 85%以上的社区卫生服务站能够提供…)
_SHARE_REACHES = re.compile(r"^的[^，,。；;]{2,30}?(?:达到|实现|能够|具备|完成|建成|开展|提供)")


def _describes(doc: _Doc, mn: Mention, clause: tuple[int, int], sentence: tuple[int, int]) -> bool:
    """The number describes what is, grants, pays or conditions: not a goal."""
    text, w, (cs, ce), (ss, se) = doc.text, doc.words, clause, sentence
    left = text[cs : mn.start]
    fs, fe = _rate_frame(text, clause)
    if _nongoal_re(w.nongoal, w.measured).search(text, ss, se) or _any_word(text[fs:fe], w.standard):
        return True  # 可申请最高不超过15万元的贷款; 扣除标准为每月1500元; 按…的30%给予补助
    # (a match of _PAST ends with 的 or 了 and white space: searched for only then)
    if _any_word(text[cs:ce], w.status) or (left.rstrip()[-1:] in ("的", "了") and _PAST.search(left)):
        return True  # 已建成, 现有, 截至; 1995年…的; 遴选了80项
    if (mn.quantity.unit or "").endswith("元") and PER_UNIT_RATE.search(text[ss : mn.start]):
        return True  # 每人每月1309元
    tail = text[mn.end : ce]
    if "（" in tail or "(" in tail:  # (every parenthesis opens with one)
        tail = _PARENTHESIS.sub("", tail)
    if text[mn.end - 1] == "的":  # 60%以上的: the 的 read with 以上 belongs to what follows
        tail = "的" + tail
    if _CONDITION_TAIL.fullmatch(tail) or _BASELINE_TAIL.match(tail):
        return True  # a condition (入围生产企业在3家及以上的，), a baseline, a comparison (3倍于)
    if _GRADE_TAIL.fullmatch(tail) and not _any_word(left, w.level):
        return True  # 达到3级以上标准: the grade of a standard (a spending floor stays)
    if "的" in tail and _REACHING_END.search(left) and _CLASS_TAIL.fullmatch(tail):
        return True  # 留用率达到60%以上的单位: the class a rule names
    if text[ce - 1 : ce] == "的" and text[ce : ce + 1] in ("，", ","):
        return True  # 年销售收入首次达到2000万元、5000万元的，分别给予…: a condition
    if "的" in tail and _APPLIES_TO.match(left):
        return True  # 对年销售收入不超过2000万元的企业: who a rule applies to
    if text[mn.end - 1] == "的" and not (_goal_verb(left, w.goal + w.state) or _any_word(left, w.aim)) and not (
            mn.quantity.unit == "%" and _SHARE_REACHES.search(tail)):
        # 推动5万亩以上的灌区实现在线计量: the size of what the clause names (80%以上的乡镇卫生院达到…
        # 标准: the share of them that is to reach it, a goal)
        return True
    nxt = _real_quantities(text[mn.end : ce])
    if nxt and _QUALIFIES.match(text[mn.end : mn.end + nxt[0].start()]):
        return True  # 达到3级以上标准的企业100家: the first number qualifies the second's noun
    if nxt and _MEASURED_AT.fullmatch(text[mn.end : mn.end + nxt[0].start()]) and _is_rate(nxt[0].group()) and not _goal_verb(
            left.rsplit("、", 1)[-1], w.goal + w.state):
        # 5米远场识别率超过92%, 1亿元以上规上工业企业研发机构覆盖率达到70%: the first number says
        # where or of whom the second's rate is measured (a goal verb of an earlier item, before
        # its 、, governs none of it; an aim, 力争, governs the clause's goal, not its qualifier)
        return True
    if _SPEC_OPEN.search(left):
        return True  # 128TFLOPS（16位浮点）: the basis of the number before the parenthesis
    if "、" in left and _ENUM_COUNT.search(text[max(0, mn.start - 4) : mn.start]):
        return True  # 西峰职专、环县职专3所: a count of the schools listed (of places: :func:`_after_place`)
    if _counts_recipients(left, mn.quantity, w):
        return True
    # a rule, not a goal: 按照1个专业(群)对接一个产业链要求; 按每百户不少于20平方米的标准配建 (the
    # number is the standard's own, whatever its comparator)
    return bool(
        _RULE_FRAME in left and (m := _RULE_WORDS.search(text[mn.end : ce]))
        and (_far_comparator(left) is None or _OWN_STANDARD.match(text, mn.end, mn.end + m.end()))
    )


def _design_standard(doc: _Doc, mn: Mention, clause: tuple[int, int]) -> bool:
    """A law's rate that is a standard: an item of a list of standards or conditions
    (应当达到下列标准：（一）…绿化率在百分之九十五以上), or required of a project or a site
    (新建居住区绿地率不低于百分之三十; 道路，绿地率不低于百分之二十)."""
    text = doc.text
    i = bisect.bisect_right(doc.articles, mn.start) - 1
    if STANDARD_LIST.search(text, doc.articles[i] if i >= 0 else max(0, mn.start - 300), mn.start):
        return True
    before = _clause_bounds(text, clause[0] - 1, clause[0] - 1)[0] if clause[0] > 0 else clause[0]
    return bool(_any_word(text[before : mn.start], doc.words.design))


def _is_rate(s: str) -> bool:
    """Whether the quantity ``s`` is a percentage (92%, 百分之七十)."""
    q = parse_quantity(s)
    return q is not None and q.unit == "%"


def _goal_verb(left: str, verbs: tuple[str, ...]) -> bool:
    """A goal verb governs the number: close before it (建成20个, 新增人才10万人, 比例达到50%),
    or before the first of a list it ends (建设1所…、15所…); not a verb inside a noun that
    a 的 closes (新建基本建设项目的绿地面积…不低于).

    >>> _goal_verb("全市建成", words().goal), _goal_verb("新建基本建设项目的绿地面积不低于", words().goal)
    (True, False)
    """
    last = _last_word_end(left, verbs)
    if last is None:
        return False
    between = left[last:]
    if "的" not in between and len(between) <= 12:
        return True
    found = _real_quantities(between)
    if not found:
        return False
    if _LIST_JOIN_END.search(between):
        return True
    # 新培育高新技术企业3000家以上、重点企业100家以上: an item of the list the verb heads, its
    # noun before its number as the first's is
    tail = between[found[-1].end() :]
    joined = _JOIN_AFTER_QUANTITY.match(tail)
    return bool(joined) and "的" not in tail and len(tail) - joined.end() <= 12


@lru_cache(maxsize=8)
def _reversed_words_re(ws: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``ws`` written backwards, longest first."""
    return re.compile(_alt(tuple(sorted((w[::-1] for w in ws), key=len, reverse=True))))


def _last_word_end(s: str, ws: tuple[str, ...]) -> int | None:
    """Where the last of the words of ``ws`` that ``s`` holds ends (the greatest end of any
    of them), or ``None`` when it holds none: one search of ``s`` read backwards, whose first
    match is the end nearest the end of ``s``.

    >>> _last_word_end("建设立项", ("建设", "设立")), _last_word_end("建设", ("新增",))
    (3, None)
    """
    m = _reversed_words_re(ws).search(s[::-1])
    return None if m is None else len(s) - m.start()


@lru_cache(maxsize=4)
def _recipient_re(recipient: tuple[str, ...]) -> re.Pattern[str]:
    """A word of support ending ``left``, with the counts it lists after it."""
    return re.compile(rf"(?:{_alt(recipient)})((?:\d+[^\d、，,]{{0,15}}、)*)\s*$")


@lru_cache(maxsize=4)
def _nongoal_re(nongoal: tuple[str, ...], measured: tuple[str, ...]) -> re.Pattern[str]:
    """A word of a sentence that grants or conditions (可申请, 贷款), not followed by a word
    that makes it what a goal measures (贷款余额, 贷款增速: the table's role ``measured``).

    >>> w = words()
    >>> bool(_nongoal_re(w.nongoal, w.measured).search("可申请最高不超过15万元的创业担保贷款")), bool(_nongoal_re(w.nongoal, w.measured).search("民营企业贷款余额年均增长12%以上"))
    (True, False)
    """
    return re.compile(f"(?:{_alt(nongoal)})" + (f"(?!{_alt(measured)})" if measured else ""))


@lru_cache(maxsize=4)
def _aim_re(aim: tuple[str, ...]) -> re.Pattern[str]:
    """A word of aim (力争, 确保), not after 为."""
    return re.compile(rf"(?<!为)(?:{_alt(aim)})")


def _compile_word_patterns() -> None:
    """Compile the patterns of the word lists (``kg/data/target_words.tsv``, a small table)
    for the lists the checks of a number ask for: called when the module loads, so that they
    are compiled with the module's other patterns, not at the first number of a process that
    asks for each (a list new to a process costs 0.1-0.4 ms to compile)."""
    w = words()
    for ws in (w.nongoal, w.standard, w.status, w.level, w.aim, w.history, w.design, w.goal, w.goal + w.state):
        _words_re(ws)
    for ws in (w.goal, w.state, w.goal + w.state):
        _reversed_words_re(ws)
    _recipient_re(w.recipient)
    _aim_re(w.aim)
    _nongoal_re(w.nongoal, w.measured)
    for pattern in (_quantity_re, _quantity_start, _far_comparator_re, _bare_re, _obligation_re):
        pattern()


_compile_word_patterns()


def _counts_recipients(left: str, q: Quantity, w: Words) -> bool:
    """支持2所国示范学校、1所省示范学校新增专业: an exact count right after 支持 (or after
    other counts it lists) names who is supported; 遴选支持20个项目 still sets a goal."""
    if q.comparator != "=":
        return False
    m = _recipient_re(w.recipient).search(left)
    return bool(m) and not _any_word(left[: m.start()], w.goal)


def _sets_goal(
    doc: _Doc, mn: Mention, clause: tuple[int, int], sentence: tuple[int, int], deadline: str | None, scope: str | None,
    goal_before: bool = False,
) -> bool:
    """The number is a goal: a deadline in the text or a task table, a 目标 section, an aim of
    its sentence (力争), or a required level of spending or of a rate (经费应占…以上,
    保有率不得低于…); in a plan also a goal verb of its clause (建成, 新增; 达到 only in a
    plan that names its period or year, or after a goal of the same sentence), an approximate
    amount (40个左右) or a recurring minimum (每学期不少于16学时). A share that a rule
    requires of anything else (摊位数应当占…百分之十以上) is a standard, and a law's
    other numbers are standards and thresholds."""
    text, w, q = doc.text, doc.words, mn.quantity
    left = text[clause[0] : mn.start]
    sentence_left = text[sentence[0] : mn.start]
    if FORECAST.search(sentence_left):
        return False  # 据…预计，到2020年…将达到64亿部
    if deadline is not None and doc.year and int(deadline) < doc.year and not doc.statute:
        return False  # “十三五”期间新增10万人 in a plan of 2021: a report of the past period
    if deadline is not None or (doc.in_goal_section(mn.start) and not doc.statute):
        return True  # (a law's chapter 绿化指标 holds standards, not goals)
    if doc.in_review(mn.start):
        return False  # 一、2022年工作回顾 / （一）发展基础: what was done, what is
    if _any_word(sentence_left, w.history) or PAST_BASELINE.search(sentence_left) or "了" in sentence_left and COMPLETED.search(sentence_left):
        return False  # 自…以来，办件量为2980件，占比达到73.8%; 从2012年的42.1%提高到73%; 构建了…，发布国家标准285项
    aim = _aim_re(w.aim).search(sentence_left)
    share = q.unit in ("%", None)
    level = share and bool(_any_word(left, w.level)) and not (doc.statute and _design_standard(doc, mn, clause))
    if share and not aim and (duty := _obligation_re().search(left)):
        after = left[duty.end() :].lstrip()  # 应当占…: the share a rule requires is a standard
        return level or (not after.startswith("占") and bool(_any_word(after, w.goal + w.state)))
    if aim or (level and (q.comparator != "=" or _far_comparator(left) is not None)):  # (a required level)
        return True
    if doc.statute:
        return False
    if _goal_verb(left, w.goal) or _ABOUT.match(text[mn.end - 2 : mn.end]):
        return True
    if (doc.default or goal_before) and _goal_verb(left, w.state):
        return True  # 达到, 提高 in a plan for a period or a year, or after a goal of its sentence
    if doc.default and q.comparator in (">=", "<=") and _COMPARATOR_TAIL.search(left):
        return True  # 全年组织网络招聘会不少于100场 in a plan for a year: a bound set for its period
    if scope and (_REQUIRED.search(left) or _BOUND_END.search(text[mn.start : mn.end])):
        return True  # 每学期…不少于16学时
    return _RULE_FRAME in left and _any_word(text[mn.end : clause[1]], w.goal)  # 每年按职工总数的2%接纳学生实习


_RESPECTIVE = re.compile(
    r"(?P<years>(?:(?:19|20)\d\d\s*年(?:底|末)?\s*[、和及与]\s*)+(?:19|20)\d\d\s*年(?:底|末)?)"
    r"\s*(?:前|之前)?[^，,；;。！？\d]{0,20}?分别"
)


_YEARS_LIST = re.compile(r"(?:(?:19|20)\d\d)?\s*年(?:底|末)?\s*[、和及与]\s*(?:(?:19|20)\d\d\s*年(?:底|末)?\s*[、和及与]?\s*)+(?:前|之前)?")


def _respective_year(clause_left: str) -> str | None:
    """The year of a goal in a list of years and one of values that the text pairs in order
    (2024年、2025年分别突破2.2万亿元、2.4万亿元: the first value is the first year's), read from
    the clause up to the value.

    >>> _respective_year("营收2024年、2025年分别突破"), _respective_year("营收2024年、2025年分别突破2.2万亿元、")
    ('2024', '2025')
    >>> _respective_year("2024年、2025年分别突破2.2万亿元、2.4万亿元、") is None  # (more values than years)
    True
    """
    m = None
    for m in _RESPECTIVE.finditer(clause_left):
        pass
    if m is None:
        return None
    years = re.findall(r"(?:19|20)\d\d", m.group("years"))
    k = len(_real_quantities(clause_left[m.end() :]))
    return years[k] if k < len(years) else None


def _deadline(doc: _Doc, mn: Mention, clause_left: str, sent_left: str) -> tuple[str | None, str | None, bool]:
    """``(deadline, scope, stated)``: the year due (none for a recurring goal, 每年…; that of
    its period for a rate over it, 年均…), the
    recurring scope, and whether the text or a task table states the year."""
    w = doc.words
    scope = _has_word(clause_left, w.periodic) or _has_word(clause_left, w.average) or _has_word(sent_left[-20:], ("每年",)) \
        or ("每年" if sent_left.lstrip(" \t\u3000").startswith("每年") else None)  # (每年举办…、提供…，促进…: the sentence's clauses)
    pm = _EVERY_N_YEARS.search(clause_left)
    if pm:
        scope = pm.group(0)
    row = _row_at(doc.rows, mn.start) if doc.rows else None
    deadline = _deadline_at(doc.cues, doc.cue_starts, mn.start, row[0] if row else 0)
    stated = deadline is not None
    if deadline is None:
        stated = row is not None
        deadline = row[2] if row else doc.default
    return (None if scope and scope not in w.average else deadline), scope, stated


def _document(document: Document, policy: PolicyInfo | None, measures: list[Measure], text: str, last: int | None = None) -> _Doc:
    """What the mentions of ``text`` (the document's text unwrapped) are judged against
    (``last``: where the last of them starts; the goal sections and deadlines that start
    after it, which hold for none of them, are not read)."""
    sections = goal_sections(text, last)
    titles = [policy.title, *policy.alt_titles] if policy else []
    one_year = next((y for y in (_one_year(t) for t in titles) if y), None)
    articles = _article_starts(text)
    # (a law's 年内 is a period of its own: 一年内, 当年内; no year of the document's is read)
    own_year = None if made_of_articles(articles) else one_year or (policy.date[:4] if policy and policy.date else None) or _printed_year(text)
    return _Doc(
        text=text,
        words=words(),
        cues=_cues(text, sections, last, own_year),
        rows=_row_deadlines(document, measures),
        sections=sections,
        default=next((p for p in (plan_period_end(t) for t in titles) if p), None),
        measures=[m for m in measures if m.span is not None],
        articles=articles,
        year=int(policy.date[:4]) if policy and policy.date else None,
        last=last,
    )


def made_of_articles(articles: list[int]) -> bool:
    """A text whose articles start at ``articles`` (:func:`_article_starts`) is a law or
    regulation: three articles or more."""
    return len(articles) >= 3


def _article_starts(text: str) -> list[int]:
    r"""Where the articles of ``text`` start: the matches of
    :data:`~kg.extract.regexes.ARTICLE_HEAD` (第N条 after white space at the start of a
    line), found from the text's 第N条 (:data:`ARTICLE_NUMBER`, which the engine finds by
    its first character; ARTICLE_HEAD is tried at every character): each starts at the
    first line start of the white space before its 第N条.

    >>> from kg.extract.regexes import ARTICLE_HEAD
    >>> t = "第一条 甲\n\n  第二条 乙，依照第一条\n 　第三条"
    >>> _article_starts(t), [m.start() for m in ARTICLE_HEAD.finditer(t)]
    ([0, 6, 21], [0, 6, 21])
    """
    out: list[int] = []
    for m in ARTICLE_NUMBER.finditer(text):
        a = q = m.start()
        while q and text[q - 1].isspace():
            q -= 1  # (the white space before 第N条, from q)
        if q == 0:
            out.append(0)
        elif (br := text.find("\n", q, a)) >= 0:
            out.append(br + 1)  # (text[q - 1] is no space: no line of the white space starts at q)
    return out


def find_targets(document: Document, policy: PolicyInfo | None = None, measures: list[Measure] | None = None) -> list[Target]:
    """All targets of ``document`` in text order, before merging restatements."""
    return _find_targets(document, policy, measures)[0]


def _find_targets(document: Document, policy: PolicyInfo | None, measures: list[Measure] | None) -> tuple[list[Target], list[int]]:
    """:func:`find_targets`, and where the sentence of each target starts in the document's
    text (where it starts in the unwrapped text, or after a line break made a space)."""
    text, cuts = unwrapped(document.source.text)
    found = mentions(text, unwrapped_title_spans(text, document.source.text))
    if not found:
        return [], []  # (no quantity: the document is not read for what would judge one)
    doc = _document(document, policy, measures or [], text, found[-1].start)  # (found in text order)
    out: list[Target] = []
    starts: list[int] = []
    holder_at = measure_finder(doc.measures)  # (the measures' spans read once for every goal)
    last = -2  # the end of the clause of the last goal
    for mn in found:
        clause = _clause_bounds(text, mn.start, mn.end)
        sentence = _sentence_bounds(text, mn.start)
        if _describes(doc, mn, clause, sentence):
            continue
        clause_left = text[clause[0] : mn.start]
        deadline, scope, stated = _deadline(doc, mn, clause_left, text[sentence[0] : mn.start])
        respective = not scope and (year := _respective_year(clause_left))
        if respective:
            deadline, stated = year, True
        # 培育100个示范企业，50个示范园区: a clause that is only a number goes on with the last goal
        goes_on = last == clause[0] - 1 and text[last] in "，," and not clause_left.strip()
        goal_before = bool(out) and out[-1].span.start >= sentence[0]
        # (a rate over the period, 年均…, keeps its period's deadline but is a goal by its own words, as a recurring one)
        due = deadline if stated and scope not in doc.words.average else None
        if not goes_on and not _sets_goal(doc, mn, clause, sentence, due, scope, goal_before):
            continue
        if _after_place(clause_left):
            continue  # 北京、广州、西安11个城市: a count of the places listed (tagged last: for a goal only)
        last = clause[1]
        q = mn.quantity
        far = _far_comparator(clause_left) if q.comparator == "=" else None
        holder = holder_at(mn.start)
        indicator = _indicator(text, mn.start, mn.end, q.unit, clause)
        if respective:
            # (收入2022年、2025年分别达到…: the years are no part of what is counted; 营收年均增长10%以上，
            # 2024年、2025年分别突破2.2万亿元: what the values count is named before them)
            indicator = _YEARS_LIST.sub("", indicator).strip(" ，,")
            if not indicator or indicator.startswith("分别"):
                indicator = out[-1].indicator if goal_before else ""
        if not indicator.strip() and goal_before:
            indicator = out[-1].indicator  # 分别达到65%和55%: the second shares the first's
        i = bisect.bisect_left(cuts, mn.start)  # (the line breaks before the number)
        starts.append(max(sentence[0], cuts[i - 1] + 1) if i else sentence[0])
        out.append(
            Target(
                indicator=indicator,
                value=q.value,
                unit=q.unit,
                comparator=far or q.comparator,
                deadline=deadline,
                span=Span(mn.start, mn.end),
                scope=scope,
                measure_key=holder.key if holder else None,
            )
        )
    return out, starts


def _siblings(a: str | None, b: str | None) -> bool:
    """Two measures under the same numbered heading (三/（七）, 三/（八）): a goal that each states
    is each one's, where a goal section and a task restate one goal under different headings.

    >>> _siblings("三/（七）", "三/（八）"), _siblings("一/（二）", "二/（三）"), _siblings("一", "二")
    (True, False, False)
    """
    if not a or not b or a == b or "/" not in a or "/" not in b:
        return False
    return a.rsplit("/", 1)[0] == b.rsplit("/", 1)[0]


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
            if _siblings(o.measure_key, t.measure_key):
                continue  # (七)中国算谷…每年举办场景对接活动不少于2场, (八)…不少于2场: each measure's own
            if t.deadline and not o.deadline:
                kept[pos] = i
            break
        else:
            bucket.append(len(kept))
            kept.append(i)
    return [targets[i] for i in sorted(kept, key=lambda i: targets[i].span.start)]


def targets(document: Document, policy: PolicyInfo | None = None, measures: list[Measure] | None = None) -> list[Target]:
    """The targets of ``document``, a goal stated twice (body and task table) kept once."""
    found, starts = _find_targets(document, policy, measures)
    ingested = document.source.tables
    laid = laid_tables(document.source.text, [t.span for t in ingested if t.span is not None])
    tables = indicator_tables([*ingested, *laid], policy.date[:4] if policy and policy.date else None)
    if not tables:
        return dedupe(found, starts)
    kept = [i for i, t in enumerate(found) if not any(x.span.start <= t.span.start < x.span.end for x in tables)]
    holder_at = measure_finder([m for m in measures or [] if m.span is not None])
    read = [t for x in tables for t in x.targets(holder_at)]
    return dedupe([found[i] for i in kept] + read, [starts[i] for i in kept] + [t.span.start for t in read])


# --- tables of indicators ---------------------------------------------------------------------

#: a column of a year (2025年, 2025年目标, 2025年预期值), of the period's goal (目标值), of the
#: unit and of the indicator, in the header of a plan's table of indicators
_YEAR_COLUMN = re.compile(r"^((?:19|20)\d\d)年?(?:底|末)?(?:目标值?|预期值?|规划值?|预期目标|规划目标)?$")
_UNIT_COLUMN = re.compile(r"^(?:计量)?单位$")
_INDICATOR_COLUMN = re.compile(r"指标|名称|项目")
#: a cell's value: one number, the words of its comparator and unit around it (≥60, 60%以上),
#: in brackets for a sum over the period (〔5〕: 五年累计)
_TABLE_VALUE = re.compile(r"^[〔\[［(（]?\s*(?P<inner>[^\d〔〕\[\]［］()（）]{0,4}(?P<n>\d+(?:\.\d+)?)[^\d〔〕\[\]［］()（）]{0,8}?)\s*[〕\]］)）]?$")
#: a unit written in the indicator's cell: 中等职业学校在校生（万人）
_UNIT_IN_NAME = re.compile(r"[（(]([^（）()]{1,6})[)）]\s*$")


@dataclass(frozen=True)
class IndicatorTable:
    """A plan's table of indicators (指标 | 单位 | 2020年 | 2025年 | 属性): each row's value in
    a column of a goal's year is a goal due that year; the years before the document's are
    baselines (an action plan's table of yearly goals, 2023年 | 2024年 | 2025年, holds three)."""

    rows: tuple[tuple[TableCell, ...], ...]
    indicator: int  # the indicator's column
    unit: int | None  # the unit's column
    goals: tuple[tuple[int, str], ...]  # the columns of the goals and the year each is due
    span: Span

    def targets(self, holder_at: Callable[[int], Measure | None]) -> list[Target]:
        """The goals of the table's rows (a row without a number in the goal's column, a
        category's row, sets none)."""
        out: list[Target] = []
        for row in self.rows:
            for target, year in self.goals:
                if len(row) > max(self.indicator, target) and len({c.text for c in row}) > 1:  # (not a category spanning the row)
                    out.extend(self._goal(row, target, year, holder_at))
        return out

    def _goal(self, row: tuple[TableCell, ...], target: int, year: str, holder_at: Callable[[int], Measure | None]) -> list[Target]:
        """The goal of a row's cell in the column ``target`` (none without a number)."""
        cell = row[target]
        m = _TABLE_VALUE.match(cell.text.strip())
        name = _LEADING_NON_HAN.sub("", row[self.indicator].text.strip())
        if m is None or not name or cell.span is None:
            return []
        unit = row[self.unit].text.strip().strip("（）()") if self.unit is not None else ""
        named = _UNIT_IN_NAME.search(name)
        if named:
            name, unit = name[: named.start()].strip(), unit or named.group(1)
        # the cell read as a quantity (its own unit, else the column's written after its number),
        # comparators as a sentence writes them (≥60, 60%以上)
        inner, at, n = m["inner"], m.end("n") - m.start("inner"), _number(m["n"])
        q = parse_quantity(inner)
        if (q is None or not q.unit) and unit:
            q = parse_quantity(inner[:at] + unit + inner[at:])
        value, unit_of, comparator = (q.value, q.unit, q.comparator) if q is not None and q.value == n and q.unit else (n, unit or None, "=")
        if comparator == "=":  # (a number of no unit, or of a unit that counts no goal, 11.5年以上: its words read here)
            before = inner[: m.start("n") - m.start("inner")]
            comparator = _comparator_before(before) or _comparator_after(inner[at:])[0] or "="
        holder = holder_at(cell.span.start)
        return [Target(indicator=name, value=value, unit=unit_of, comparator=comparator, deadline=year,
                       span=cell.span, measure_key=holder.key if holder else None)]


def indicator_tables(tables: Sequence[Table], since: str | None = None) -> list[IndicatorTable]:
    """The tables of indicators among ``tables`` (ingested: HTML, .docx; or laid out in a
    text, :func:`kg.extract.tables.laid_tables`): a header row (one
    of the first three) with an indicator's column and two years' columns or more, or one
    year's column named a goal (2025年目标值); the columns of the document's year (``since``)
    and after hold goals, else the latest year's column.

    >>> from kg.models import TableCell as C
    >>> rows = ((C("指标"), C("单位"), C("2020年"), C("2025年"), C("属性")), (C("在校生"), C("万人"), C("5.2"), C("6", Span(20, 21)), C("预期性")))
    >>> [t.goals for t in indicator_tables([Table(rows, Span(0, 30))], "2021")]
    [((3, '2025'),)]
    >>> [(x.indicator, x.value, x.unit, x.deadline) for x in indicator_tables([Table(rows, Span(0, 30))])[0].targets(lambda _: None)]
    [('在校生', 6, '万人', '2025')]
    >>> rows = ((C("指标"), C("2023年"), C("2024年"), C("2025年")), (C("充电桩（个）"), C("18000", Span(9, 14)), C("26000", Span(15, 20)), C("35000", Span(21, 26))))
    >>> [(x.value, x.unit, x.deadline) for x in indicator_tables([Table(rows, Span(0, 30))], "2023")[0].targets(lambda _: None)]
    [(18000, '个', '2023'), (26000, '个', '2024'), (35000, '个', '2025')]
    """
    out: list[IndicatorTable] = []
    for table in tables:
        if table.span is None or len(table.rows) < 2:
            continue
        for h, header in enumerate(table.rows[:3]):
            names = [without_white(c.text) for c in header]
            years = [(i, m.group(1), m.group(0) != m.group(1) and not m.group(0).endswith("年")) for i, n in enumerate(names) if (m := _YEAR_COLUMN.match(n))]
            indicator = next((i for i, n in enumerate(names) if _INDICATOR_COLUMN.search(n)), None)
            if indicator is None or not years or (len({y for _, y, _ in years}) < 2 and not any(goal for *_, goal in years)):
                continue
            goals = tuple((i, y) for i, y, _ in years if since and y >= since) or (max(((i, y) for i, y, _ in years), key=lambda t: (t[1], t[0])),)
            unit = next((i for i, n in enumerate(names) if _UNIT_COLUMN.match(n)), None)
            out.append(IndicatorTable(table.rows[h + 1 :], indicator, unit, goals, table.span))
            break
    return out
