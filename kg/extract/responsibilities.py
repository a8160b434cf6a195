"""Responsibilities: which department leads, supports or is responsible for each measure.

The sources, in order (:func:`responsibilities`, a function of the
:class:`~kg.extract.document.Document`):

* task tables (:mod:`kg.extract.tables`): 牵头部门/牵头单位 -> lead; 责任部门/责任单位 ->
  responsible when the table has no lead column, support when it has one; 配合部门 ->
  support; 指导部门 -> responsible; 完成时限 -> the deadline of the row;
* parentheticals that close a measure: （县教育局、县发改局按照职责分工负责） -> responsible
  each; （县教育局牵头负责） / （县教育局会同有关部门负责） -> lead; （生态环境部牵头，
  国家发展改革委参与） -> lead + support; （负责部门：商务部、海关总署；适用范围：…） ->
  responsible. A document that says 列第一位者为牵头单位 (or the like) makes the first body of
  a list the lead and the others support;
* assignment lines under a measure: 牵头单位：市教育局；责任单位：市财政局;
* sentences that name a lead: 成立由教育部门牵头、相关部门参与的工作专班;
* duties written as sentences, in articles of laws and in the prose of plans, read by one
  grammar (:func:`sentence_duties`) over the role words of ``kg/data/role_words.tsv``:
  a subject (a list of bodies, at the start of a clause or after 由) and a role word in
  its predicate (X负责…, X主管…, X是…的主管部门, X会同Y…, X协助…, X对…实施监督管理);
* a default stated once for the rest of a list (以下均需…落实，不再列出).

One row per (measure number, department, role). Names are resolved by
:mod:`kg.extract.departments` in the scope of the policy (its level and region; for a text
without its header, the region it speaks from); in a law, bodies named by function stay
functional.

>>> parse_assignment("县教育局、县发改局按照职责分工负责")
[('responsible', '县教育局、县发改局')]
>>> parse_assignment("生态环境部牵头，国家发展改革委、财政部参与")
[('lead', '生态环境部'), ('support', '国家发展改革委、财政部')]
>>> parse_assignment("县教育局会同有关部门负责")
[('lead', '县教育局')]
>>> parse_assignment("负责部门：商务部、海关总署；适用范围：所有自贸试验区")
[('responsible', '商务部、海关总署')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from kg.extract.departments import (  # (_region_prefix: the one reading of a region prefix)
    _region_prefix,  # noqa: PLC2701
    BARE_DIVISION,
    SELF_REFERENCE,
    DATA,
    LEVEL_UNIT,
    Department,
    Scope,
    clean_item,
    collective_lent,
    distributed,
    has_explicit_scope,
    is_class_body,
    issuing_body,
    is_generic,
    place_of_generic,
    read_table,
    resolve,
    resolve_list,
    speaking_scope,
    split_names,
)
from kg.extract.document import Document, match_heading
from kg.extract.layout import WHITE, soft_wrap_at, without_white
from kg.extract import regexes as rx
from kg.extract.regexes import ASSIGNMENT_KEY, ASSIGNMENT_LINE, BODY_END, FUNCTIONAL_END, ends_like_organisation
from kg.extract.structure import assignment_fields, measure_finder
from kg.reference import is_national_body
from kg.extract.tables import TaskRow
from kg.models import Measure, PolicyInfo, Responsibility, Span

#: a document that makes the first body of each list the lead
LEAD_FIRST = re.compile(
    r"(?:列|排|排名|排序|位列|名列)(?:在)?(?:第一|首|最前|前面)(?:位|个|名)?(?:的|者)?(?:部门|单位)?(?:为|是)牵头(?:部门|单位)?"
    r"|第一(?:个|位|名)?(?:的)?(?:部门|单位|者)?(?:为|是)牵头(?:部门|单位)?"
    r"|首(?:个|位)(?:的)?(?:部门|单位)?(?:为|是)牵头(?:部门|单位)?"
)

#: where LEAD_FIRST can match: every branch ends with 为牵头 or 是牵头, its 为/是 at most 9
#: characters after its start (:func:`kg.extract.regexes.finditer_near` tries it there, not
#: at every character, nor before every 牵头 of a text that assigns its measures)
LEAD_FIRST_ANCHOR = (re.compile("[为是]牵头"), 9)

#: patterns of this module's functions, compiled once
_LEADING_RESP = re.compile(r"^(?:负责|，|,)+")
_DIRECT_BODIES = re.compile(r"[省市县区]直(?:各|有关|相关)?(?:部门|单位)?")
#: the words that open a note of where an assignment applies (适用范围：自贸试验区)
_SCOPE_WORDS = r"适用(?:范围|于)"
_SCOPE_NOTE = re.compile(rf"[，,；;]?{_SCOPE_WORDS}")
_LED_BY = re.compile(r"由(?P<x>[^，,。；;、由（）()“”]{2,20}?)牵头")
_CELL_ROLE = re.compile(r"牵头|配合|参与|会同|负责")
_BY_WHOM = re.compile(r"(?<!自)由(?![于此衷])")
_PLACE_BEFORE_CLASS = re.compile(r"本?[省市县区]|.{2,6}[省市县区]")
_COMMA_BY = re.compile(r"[，,]由")
_COMMA_KEPT = re.compile(r"([，,])")

_KV_ROLE = {
    "牵头": "lead", "负责": "responsible", "责任": "responsible", "主责": "responsible", "配合": "support", "参与": "support",
    "参加": "support", "协办": "support", "协同": "support", "指导": "responsible",
}


def _named(support: str) -> str | None:
    """A support list, or None when it names nobody (有关部门, 省直有关部门, 各地)."""
    sup = _LEADING_RESP.sub("", support)
    if not sup or is_generic(sup) or _DIRECT_BODIES.fullmatch(sup):
        return None
    return sup


def _support_clauses(support: str) -> list[str]:
    """The lists of the clauses after a lead, each without its own words (国家发展改革委等按职责
    分工负责，各省级人民政府 -> 国家发展改革委, 各省级人民政府; a clause that names nobody, 各地,
    is left out), or none when the supports are one clause.

    >>> _support_clauses("国家发展改革委、农业农村部等按职责分工负责，各省级人民政府"), _support_clauses("市财政局、市人社局")
    (['国家发展改革委、农业农村部', '各省级人民政府'], [])
    >>> _support_clauses("财政部配合，各地")
    ['财政部']
    """
    parts = re.split(r"[，,；;]", support)
    if len(parts) < 2:
        return []
    lists = [rx.SUPPORT_CLAUSE.match(p) for p in parts]
    if not all(lists):
        return []
    return [n for m in lists if (n := _named(m.group("list")))]  # type: ignore[union-attr]


def _clause(content: str) -> str:
    """The clause that assigns departments: the first sentence of ``content`` without its
    white space (the notes after it are not read).

    >>> _clause("。市教育局 负责。列第一位者为牵头单位"), _clause("。"), _clause("教育部、财政部负责，列第一位者为牵头单位")
    ('市教育局负责', '', '教育部、财政部负责')
    >>> _clause("国家发展改革委、财政部等按职责分工负责，2024年底前完成"), _clause("商务部负责；适用范围：自贸试验区")
    ('国家发展改革委、财政部等按职责分工负责', '商务部负责')
    """
    for part in without_white(content).split("。"):
        if part:
            note = LEAD_FIRST.search(part) if "牵头" in part else None
            if note:  # (…负责，列第一位者为牵头单位: the note after the assignment)
                cut = max(part.rfind(c, 0, note.start()) for c in "，,；;")
                part = part[:cut] if cut > 0 else part
            return _NOTE_AFTER.sub("", part)
    return ""


#: a note after an assignment that says when or where, not who (…按职责分工负责，2024年底前完成;
#: …，持续推进; …；适用范围：自贸试验区)
_NOTE_AFTER = re.compile(rf"[，,；;](?:(?:19|20)\d\d年[^，,；;]{{0,12}}|(?:持续|长期|逐步)(?:推进|坚持|实施)|{_SCOPE_WORDS}[^。]*)$")


def parse_assignment(content: str) -> list[tuple[str, str]] | None:
    """The roles a parenthetical (or a table cell) assigns: ``[(role, list text), …]``;
    None when it does not read as an assignment. Bare lists are not parsed here.

    >>> parse_assignment("县教育局、县人社局、县工信商务局会同有关部门按照职责分工分别负责")
    [('lead', '县教育局、县人社局、县工信商务局')]
    >>> parse_assignment("人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同")
    [('responsible', '人力资源社会保障部、财政部')]
    >>> parse_assignment("教育部会同财政部负责")
    [('lead', '教育部'), ('support', '财政部')]
    >>> parse_assignment("牵头单位：市教育局；配合单位：市财政局、市人社局")
    [('lead', '市教育局'), ('support', '市财政局、市人社局')]
    >>> parse_assignment("牵头单位：省卫生健康委，参加单位：省大数据局、省医保局")
    [('lead', '省卫生健康委'), ('support', '省大数据局、省医保局')]
    >>> parse_assignment("教育部、财政部负责，各省级人民政府按职责分工落实")
    [('responsible', '教育部、财政部'), ('responsible', '各省级人民政府')]
    >>> parse_assignment("责任单位：市交通运输局（牵头）、市财政局")  # (the mark is read with the list: marked_groups)
    [('responsible', '市交通运输局（牵头）、市财政局')]
    >>> parse_assignment("试行") is None, parse_assignment("以下简称“联席会议”") is None
    (True, True)
    """
    parsed = _parsed_assignment(content)
    return None if parsed is None else list(parsed)


@lru_cache(maxsize=1 << 14)
def _parsed_assignment(content: str) -> tuple[tuple[str, str], ...] | None:
    """:func:`parse_assignment`, kept for the parentheticals met again (the same
    （X牵头，Y配合） recurs across documents; callers get a list of their own)."""
    clause = _clause(content)
    if "牵头" in clause and _LEAD_MARK.search(clause):  # 市教育局（牵头）: a mark inside a list (:func:`marked_groups`), no clause of its own
        parsed = _parsed_assignment(_LEAD_MARK.sub(lambda m: m.group().replace("牵头", _MARKED), clause))
        return None if parsed is None else tuple((role, lst.replace(_MARKED, "牵头")) for role, lst in parsed)
    if not clause or len(clause) > 200 or not rx.ASSIGNMENT_WORD.search(clause):
        return None
    # key: value pairs (牵头单位：…，参加单位：…；负责部门：…；适用范围：…)
    kv: list[tuple[str, str]] = []
    for key, val, _, _ in assignment_fields(clause):
        role = _KV_ROLE.get(key[:2])
        val = _SCOPE_NOTE.split(val)[0].strip("，,；; ")
        if role and val:
            kv.append((role, val))
    if kv:
        roles = {r for r, _ in kv}
        if "lead" in roles:
            kv = [("support" if r == "responsible" else r, v) for r, v in kv]
        return tuple(kv)
    m = rx.LEAD_ONLY.match(clause)
    if m and "牵头" not in m.group("lead"):
        return (("lead", m.group("lead")),)
    m = rx.LEAD_SUPPORT.match(clause)
    if not m or m.group("support") == "负责":
        m = rx.TOGETHER.match(clause)
    if m:
        parts = _support_clauses(m.group("support"))
        if parts:
            return (("lead", m.group("lead")),) + tuple(("support", sup) for sup in parts)
        sup = _named(m.group("support"))
        return (("lead", m.group("lead")),) + ((("support", sup),) if sup else ())
    m = rx.RESP_SUPPORT.match(clause)
    if m:
        # X负责，Y配合: X is responsible (FORMAT's lead is named by 牵头 or 会同), Y supports it
        return (("responsible", m.group("lead")), ("support", m.group("support")))
    m = rx.RESP_BOTH.match(clause)
    if m:
        return (("responsible", m.group("first")), ("responsible", m.group("then")))
    m = rx.RESPONSIBLE.match(clause)
    if m:
        return (("responsible", m.group("list")),)
    return None


#: a parenthetical, possibly with short brackets inside (各区、县（市）政府); one without
#: brackets inside is read by its first branch, a run of one class of characters (the
#: second, one character or bracket at a time, finds the same there, more slowly), and
#: neither gives back what it has read (none of its characters can close it)
_PAREN_REST = r"(?P<c>[^（）()]{2,300}+(?=[）)])|(?:[^（）()]|[（(][^（）()]{1,10}[）)]){2,300}+)[）)]"
_PAREN = re.compile(r"[（(]" + _PAREN_REST)
#: :data:`_PAREN` for a text without ASCII brackets: it opens with one character, which the
#: engine looks for by a quick loop (a class is tested by a call at every character)
_WIDE_PAREN = re.compile("（" + _PAREN_REST)


@lru_cache(maxsize=4)
def _parens(text: str) -> tuple[re.Match[str], ...]:
    """The parentheticals of ``text`` (found once per text: the assignments they hold and
    the masking of the sentences both read them).

    >>> [m.group("c") for m in _parens("甲（乙丙）丁(戊己)")], [m.group("c") for m in _parens("甲（乙丙）丁（各区、县（市）政府负责）")]
    (['乙丙', '戊己'], ['乙丙', '各区、县（市）政府负责'])
    """
    return tuple((_PAREN if "(" in text else _WIDE_PAREN).finditer(text))


_WHITE_SPACE = re.compile(r"\s")


class _Collector:
    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: set[tuple[str, str, str]] = set()
        self.out: list[Responsibility] = []

    def add(self, measure: Measure, dep: Department, role: str, span: Span, deadline: str | None = None) -> None:
        self.add_all(measure, role, (dep,), span, deadline)

    def add_all(self, measure: Measure, role: str, deps: Sequence[Department], span: Span, deadline: str | None = None) -> None:
        """A row for each of ``deps`` in ``role``: :meth:`add_groups` of one group."""
        self.add_groups(measure, ((role, deps),), span, deadline)

    def add_groups(self, measure: Measure, groups: Sequence[tuple[str, Sequence[Department]]], span: Span, deadline: str | None = None) -> None:
        """A row for each department of ``groups`` in the role of its group (one per
        measure, department and role), each at its name as written inside ``span`` (line
        breaks allowed), else at ``span`` (whether ``span`` holds white space is looked up
        once for all of them)."""
        seen = self.seen
        out = self.out
        text = self.text
        number, key, due = measure.number, measure.key, deadline if deadline is not None else measure.deadline
        start, end = span.start, span.end
        spread: bool | None = None
        for role, deps in groups:
            for dep in deps:
                name = dep.name
                k = (number, name, role)  # numbers that restart in each section: one row
                if k in seen:
                    continue
                seen.add(k)
                here = span
                written = dep.written
                if written:
                    if spread is None:
                        spread = _WHITE_SPACE.search(text, start, end) is not None
                    if not spread:  # the name is written as it is
                        at = text.find(written, start, end)
                        if at >= 0:
                            here = Span(at, at + len(written))
                    elif found := _find_spread(text, written, start, end):
                        here = Span(*found)
                # (the fields in their order: measure, department, role, span, aliases, kind, measure_key, deadline)
                out.append(Responsibility(number, name, role, here, list(dep.aliases), dep.kind, key, due))


_NON_WHITE = re.compile(r"\S")


def _find_spread(text: str, written: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``written`` first occurs in ``text[start:end]`` with white space allowed
    between its characters (a name broken over lines): the search of
    ``\\s*``.join(its characters) without a pattern made for each name.

    >>> t = "（市教\\n 育局、市财政局）"
    >>> _find_spread(t, "市教育局", 0, len(t)), _find_spread(t, "财政局", 0, len(t)), _find_spread(t, "教育部", 0, len(t))
    ((1, 7), (9, 12), None)
    """
    if _WHITE_SPACE.search(written):
        m = re.search(r"\s*".join(map(re.escape, written)), text[start:end])
        return (start + m.start(), start + m.end()) if m else None
    seg = text[start:end]
    k = without_white(seg).find(written)
    if k < 0:
        return None
    at = [m.start() for m in _NON_WHITE.finditer(seg)]
    return start + at[k], start + at[k + len(written) - 1] + 1


def _first_named(list_text: str) -> bool:
    """Whether a written list starts with a named body (not 各有关部门和单位)."""
    items = split_names(list_text)
    return bool(items) and not is_generic(items[0])


def _lead_first(groups: list[tuple[str, list[Department]]], raw: list[str]) -> list[tuple[str, list[Department]]]:
    """列第一位者为牵头单位: a single list of responsible bodies becomes lead + support."""
    if len(groups) == 1 and groups[0][0] == "responsible" and raw and _first_named(raw[0]):
        deps = groups[0][1]
        return [("lead", deps[:1]), ("support", deps[1:])]
    return groups


def _assign(col: _Collector, measure: Measure, groups: list[tuple[str, list[Department]]], span: Span, lead_first: bool, raw: list[str], deadline: str | None = None) -> None:
    if lead_first:
        groups = _lead_first(groups, raw)
    with_parents([d for _, deps in groups for d in deps])
    col.add_groups(measure, groups, span, deadline)


_NOT_A_LIST = re.compile(r"^(?:以下简称|下称|简称|含|包括|不含|即|如|例如|注|详见|见|参见|试行|暂行)")
#: (设区的市 is a level; 各省、自治区、直辖市的知识产权局: the body of every place of a collective;
#: 所在区人民政府: the place's, as plain_form reads it; 市委机要保密局: 机要 is no 要)
_SENTENCE_WORD = re.compile(r"由|(?<!设区)(?<!自治区)(?<!直辖市)的|对|(?<!所)在|将|把|如|以下|简称|其中|应当|可以|(?<!机)要")


def _plausible(dep: Department) -> bool:
    """A resolved name that reads as a body, not a clause."""
    return dep.kind != "other" and _reads_as_name(dep.name)


@lru_cache(maxsize=1 << 14)
def _reads_as_name(name: str) -> bool:
    """No word of a clause in ``name`` (a name met again is not searched again; a relative
    name, 负责…的部门, is taken out first where the name writes 负责)."""
    return not _SENTENCE_WORD.search(_RELATIVE_NAME.sub("", name) if "负责" in name else name)


def _strong(dep: Department, written: str) -> bool:
    """A bare list item that certainly names a body."""
    return dep.kind in ("government", "party", "people", "collective", "enterprise") and (
        dep.name != written or bool(BODY_END.search(written))
    )


def responsibilities(doc: Document, policy: PolicyInfo, measures: list[Measure]) -> list[Responsibility]:
    """The responsibilities of ``doc``: task tables, parentheticals, assignment lines and
    sentences, one row per (measure, department, role)."""
    scope = document_scope(doc.text, policy, doc.has_articles)
    lead_first = _leads_first(doc.text)
    col = _Collector(doc.text)
    bounds = _bounds(measures)
    at = _finder(measures, bounds)
    _from_tables(col, doc, measures, scope, lead_first)
    _from_parentheses(col, doc.text, bounds, at, scope, lead_first)
    _from_dash_lists(col, doc.text, bounds, at, scope, lead_first)
    _from_assignment_lines(col, doc.text, at, scope, lead_first)
    _from_lead_phrases(col, doc.text, at, scope)
    _from_sentences(col, doc, bounds, at, scope)
    _from_defaults(col, doc.text, measures, at, scope)
    return col.out


def _leads_first(text: str) -> bool:
    """Whether ``text`` makes the first body of each list the lead (:data:`LEAD_FIRST`),
    looked for only in a text that writes 为牵头 or 是牵头 (what its anchor matches: two
    searches for a word, fast, where a pattern would stop at every 为 and 是 of the text).

    >>> _leads_first("（人力资源社会保障部、财政部负责。列第一位者为牵头单位）"), _leads_first("由市教育局牵头，是牵头单位")
    (True, False)
    >>> _leads_first("各任务所列首位单位对该项任务负总责，其他单位按职责分工积极配合")
    True
    """
    if "首位" in text and _FIRST_ANSWERS.search(text):
        return True  # 各任务所列首位单位对该项任务负总责，其他单位…配合
    return ("为牵头" in text or "是牵头" in text) and next(rx.finditer_near(LEAD_FIRST, text, LEAD_FIRST_ANCHOR), None) is not None


#: the first body of each list answers for its task: 所列首位单位对该项任务负总责 (its lead)
_FIRST_ANSWERS = re.compile(r"首位(?:的)?(?:部门|单位)(?:对[^。；;，,]{0,12})?负总责")


_Finder = Callable[[int], "Measure | None"]
_START, _END = attrgetter("span.start"), attrgetter("span.end")


def _finder(measures: list[Measure], bounds: tuple[int, int]) -> _Finder:
    """:func:`kg.extract.structure.measure_finder` of a document's measures, made when a
    position is first asked (a document whose sources name nobody asks none), once for
    every source; a position before the first measure or after the last (``bounds``, of
    :func:`_bounds`) is in none.

    >>> ms = [Measure("一", "一", "", Span(5, 20), None, "section")]
    >>> at = _finder(ms, _bounds(ms))
    >>> [getattr(at(p), "key", None) for p in (4, 5, 20, 21)]
    [None, '一', None, None]
    """
    found: list[_Finder] = []
    first, last = bounds

    def at(pos: int) -> Measure | None:
        if pos < first or pos > last:
            return None
        if not found:
            found.append(measure_finder(measures))
        return found[0](pos)

    return at


def _bounds(measures: list[Measure]) -> tuple[int, int]:
    """The first start and the last end of ``measures``: a position outside is in none
    ((0, -1) when there is none)."""
    return (min(map(_START, measures)), max(map(_END, measures))) if measures else (0, -1)


#: a default stated once for what follows: 以下均需试点城市政府落实，不再列出 (its body may
#: hold short brackets: 以下任务均需各市、县（市、区）人民政府落实)
_DEFAULT = re.compile(
    r"以下(?:各项|任务|措施|工作)?(?:均|都|皆)?(?:需|须|由|要)?(?P<x>(?:[^，,。；;（）()]|[（(][^，,。；;（）()]{1,6}[）)]){2,40}?)"
    r"(?:负责)?(?:落实|负责|实施)[，,]?\s*(?:不再|不另|不一一)(?:一一)?(?:列出|列举|标注)"
)


def _from_defaults(col: _Collector, text: str, measures: list[Measure], at: _Finder, scope: Scope) -> None:
    """The body named by a default is responsible for every later measure of the list."""
    for dm in _DEFAULT.finditer(text):
        names = subject_list(dm.group("x"))
        deps = _resolve_names(tuple(names), scope) if names else []
        here = at(dm.start())
        if not deps or here is None:
            continue
        owner = here.key if here.kind == "section" else here.parent
        later = [m for m in measures if m.span.start > dm.start() and m.kind in ("measure", "row") and _under(m, owner)]
        for m in later:
            for dep in deps:
                col.add(m, dep, "responsible", Span(dm.start("x"), dm.end("x")))


def _under(m: Measure, owner: str | None) -> bool:
    """Whether ``m`` lies under the measure keyed ``owner`` (anywhere when None)."""
    return owner is None or (m.key + "/").startswith(owner + "/") and m.key != owner


def document_scope(text: str, policy: PolicyInfo, functional: bool = False) -> Scope:
    """The level and region names are read in: the policy's, or for a text without its
    header the region it speaks from (:func:`kg.extract.departments.speaking_scope`)."""
    if policy.level or policy.region:
        return Scope(policy.level, policy.region, functional, issuing_body(policy.issuers))
    scope = speaking_scope(text)
    return Scope(scope.level, scope.region, functional)


def _from_tables(col: _Collector, doc: Document, measures: list[Measure], scope: Scope, lead_first: bool) -> None:
    if not doc.task_rows:
        return
    rows_by_start = {m.span.start: m for m in measures if m.kind == "row"}
    for _, rows in doc.task_rows:
        for row in rows:
            m = rows_by_start.get(row.start) if not row.category and row.number is not None else None
            if m is not None:
                _table_row(col, m, row, scope, lead_first)


def _from_parentheses(col: _Collector, text: str, bounds: tuple[int, int], at: _Finder, scope: Scope, lead_first: bool) -> None:
    """The assignments of the parentheticals inside a measure (``bounds``: of :func:`_bounds`)."""
    first, last = bounds
    for pm in _parens(text):
        if pm.start() < first:
            continue  # (before the first measure: in none)
        if pm.start() > last:
            break  # (after the last, as are the parentheticals after it)
        groups, raw = _paren_groups(pm.group("c"), scope, text, pm.end())
        if not groups:
            continue  # (no assignment, as in most parentheticals: its measure is not looked for)
        m = at(pm.start())
        if m is not None:  # (else outside every measure: the assignment is not read)
            _assign(col, m, groups, Span(pm.start(), pm.end()), lead_first, raw)


def _from_assignment_lines(col: _Collector, text: str, at: _Finder, scope: Scope, lead_first: bool) -> None:
    """牵头单位：市教育局；责任单位：市财政局 on a line under a measure, or after a sentence
    of the measure's line."""
    # the fields of one assignment: those of the lines under a measure together (牵头单位：甲 on
    # one line, 责任单位：乙 on the next), those written after a sentence each by its sentence
    by_assignment: dict[tuple[str, int], tuple[Measure, list[tuple[str, str, Span]]]] = {}
    if not _holds_assignment_key(text):
        return  # (a line has a key: one search of the keys instead of a try at every line)
    for lm in ASSIGNMENT_LINE.finditer(text):
        line_start = lm.start("key")  # the fields are read from the first key of the sentence to the line's end
        inline = lm.start() > 0 and text[lm.start()] != "\n"
        opening = max(text.rfind("\n", 0, line_start), text.rfind("。", 0, line_start) if inline else -1) + 1
        first = ASSIGNMENT_KEY.search(text, opening, line_start)
        if first and at(first.start()) is at(line_start):
            line_start = first.start()  # （十）牵头单位：甲；配合单位：乙 (the first key after the measure's number)
        line_end = text.find("\n", lm.end())
        line_end = len(text) if line_end < 0 else line_end
        line_end = _wrapped_line_end(text, line_start, line_end)
        if inline:  # keys after a sentence: that assignment's sentence only
            stop = text.find("。", lm.end(), line_end)
            line_end = line_end if stop < 0 else stop
        line = text[line_start:line_end]
        m = at(line_start)
        if m is None or m.kind == "row":
            continue
        if (inline or text[line_start - 1 : line_start] in "（(") and _in_wrapped_parenthetical(text, line_start):
            continue  # (a parenthetical a layout wrapped, （牵头单位：甲\n乙；责任单位：…）: read whole as one)
        if "\n" in line:  # (a line a layout wrapped, 责任\n单位: its fields read as one line, spans in the text)
            keep = [i for i, ch in enumerate(line) if ch != "\n"]
            fields = [(k, v, Span(line_start + keep[a], line_start + keep[b - 1] + 1))
                      for k, v, a, b in assignment_fields("".join(line[i] for i in keep)) if b > a]
        else:
            fields = [(k, v, Span(line_start + a, line_start + b)) for k, v, a, b in assignment_fields(line)]
        entry = by_assignment.setdefault((m.key, line_start if inline else -1), (m, []))
        entry[1].extend(f for f in fields if f not in entry[1])
    for m, fields in by_assignment.values():
        has_lead = any(k.startswith("牵头") for k, _, _ in fields)
        for key, value, span in fields:
            role = _KV_ROLE.get(key[:2])
            if role is None:
                continue
            if role == "responsible" and has_lead and not key.startswith("指导"):
                role = "support"
            value = _without_convention_notes(value) if "（" in value or "(" in value else value
            groups = [(r, ds) for r, deps in marked_groups(role, value, scope) if (ds := [d for d in deps if _plausible(d)])]
            if lead_first and not has_lead:
                groups = _lead_first(groups, [value])
            for r, ds in groups:
                col.add_all(m, r, ds, span)


def _in_wrapped_parenthetical(text: str, at: int) -> bool:
    """Whether the key at ``at`` stands in a parenthetical a layout's line breaks cut, which
    the parentheticals' reading takes whole (its text without white space): one opened
    before it and closed after it, 300 characters at most, no bracket inside.

    >>> t = "做好整改。（牵头单位：临沂市生态环境局\\n沂南县分局；责任单位：县财政局）"
    >>> _in_wrapped_parenthetical(t, t.index("牵头")), _in_wrapped_parenthetical("（牵头单位：甲；责任单位：乙）", 1)
    (True, False)
    """
    opened = max(text.rfind("（", max(0, at - 300), at), text.rfind("(", max(0, at - 300), at))
    if opened < 0:
        return False
    close = min((k for k in (text.find("）", at, opened + 302), text.find(")", at, opened + 302)) if k >= 0), default=-1)
    if close < 0:
        return False
    inside = text[opened + 1 : close]
    return "\n" in inside and not any(b in inside for b in "（()）")


def _wrapped_line_end(text: str, start: int, end: int) -> int:
    r"""The end of an assignment line a page's layout wrapped (责任单位：甲、乙、\n丙，各县市区人民政府
    （以下均需…，\n不再列出）): it goes on while it ends with 、 or within an open bracket, up to
    three lines more.

    >>> t = "责任单位：市民政局、\n市残联，各县人民政府（以下均需，\n不再列出）\n2. 建立制度。"
    >>> t[:_wrapped_line_end(t, 0, t.index("\n"))]
    '责任单位：市民政局、\n市残联，各县人民政府（以下均需，\n不再列出）'
    """
    for _ in range(3):
        line = text[start:end].rstrip(" \t\u3000")
        opened = line.count("（") + line.count("(") > line.count("）") + line.count(")")
        # (or a name the line's end broke: a full line, then no mark, 市委老\n干部局)
        broken = soft_wrap_at(text, end)
        if end >= len(text) or not (line.endswith("、") or opened or broken):
            break
        nxt = text.find("\n", end + 1)
        nxt = len(text) if nxt < 0 else nxt
        if match_heading(text[end + 1 : nxt].strip()) or ASSIGNMENT_KEY.search(text, end + 1, nxt):
            break
        end = nxt
    return end


def _holds_assignment_key(text: str) -> bool:
    """Whether ``text`` holds a key of an assignment line (:data:`ASSIGNMENT_KEY`, a key then
    a colon), looked for before each colon only, from the start of the key's line (a key
    holds no line break) or from the colon before: a colon is found faster than the keys'
    first characters, and the text between the colons and their lines is not read.

    >>> _holds_assignment_key("一、任务\\n联系人：张三\\n（一）建设。牵头单位 ：市教育局"), _holds_assignment_key("附件：牵头单位名单")
    (True, False)
    """
    search = ASSIGNMENT_KEY.search
    after = 0  # (no key ends at a colon before it)
    for colon in rx.positions(text, "：:"):
        key_end = colon
        while key_end > after and text[key_end - 1].isspace():
            key_end -= 1  # (white space may stand between a key and its colon)
        if search(text, max(after, text.rfind("\n", 0, key_end) + 1), colon + 1):
            return True
        after = colon + 1
    return False


def _from_lead_phrases(col: _Collector, text: str, at: _Finder, scope: Scope) -> None:
    """成立由教育部门牵头、相关部门参与的工作专班: the body that leads."""
    for sm in _LED_BY.finditer(text):
        x = sm.group("x")
        if _PERSON.search(x):
            continue  # 由政府分管负责同志牵头: a person, whatever the region (not resolved)
        m = at(sm.start())
        if m is None:
            continue
        dep = resolve(x, scope)
        if dep is not None and _lead_subject(x, dep):
            col.add(m, dep, "lead", Span(sm.start("x"), sm.end("x")))


def _from_sentences(col: _Collector, doc: Document, bounds: tuple[int, int], at: _Finder, scope: Scope) -> None:
    """Duties written as sentences (:func:`sentence_duties`), in the measure they stand in
    (``bounds``: of :func:`_bounds`)."""
    first, last = bounds
    if first > last:
        return  # (no measure: no sentence's duties are read)
    text = doc.text
    masked, short = _mask_parentheses(text, first)  # (read from the first measure on)
    kept = tuple(short.items())  # (the sentences' key to their kept duties, made once)
    lists = {**(list_short_names(text) if "称" in text else {}), **(group_short_names(text) if "领导小组" in text else {})}
    # (the sentences whose text outside parentheticals holds a role word, found by one
    # search of the masked text from the first measure on, cut from the text)
    before: tuple[int, tuple[str, ...]] | None = None  # (where the last sentence with duties ends, its first subject)
    for sent in doc.sentences_holding(_role_word_re(), masked, first):
        if sent.start < first:
            continue  # (before the first measure: in none)
        if sent.start > last:
            break  # (after the last, as are the sentences after it)
        if doc.inside_table(sent.start):
            continue  # (a sentence of a table: no duty)
        head = match_heading(sent.text)
        off = sent.start + (head[3] if head else 0)
        body = masked[off : sent.end].lstrip(WHITE)
        off = sent.end - len(body)
        continued = text[sent.start - 1 : sent.start] == "\n" and _continues_a_line(text, sent.start)
        if before and before[0] == sent.start and text[sent.start - 1 : sent.start] in "；;" and _DUTY_GOES_ON.match(body):
            # X负责…；会同Y…: a clause after a semicolon that opens with its verb is the same subject's
            lent = "、".join(before[1])
            duties = [Duty(d.role, d.names, max(0, d.start - len(lent)), max(0, d.end - len(lent)))
                      for d in _duties_of(lent + body, short, False, kept)]
        else:
            duties = _duties_of(body, short, continued, kept)  # (only read here: not copied)
        before = (sent.end, duties[0].names) if duties and duties[0].role in ("responsible", "lead") else None
        if not duties:
            continue
        m = at(sent.start)  # (asked only of a sentence with duties)
        if m is None:
            continue  # (outside every measure: its duties are not read)
        found = [(duty, _resolve_names(_listed_names(duty.names, lists), scope)) for duty in duties]
        with_parents([d for _, deps in found for d in deps])
        for duty, deps in found:
            col.add_all(m, duty.role, deps, Span(off + duty.start, off + duty.end))


#: a body named right before a parenthetical, which the parenthetical then narrows (我部（教师工作司）)
_NAMED_BEFORE = re.compile(r"(?:[我本][部委局厅署办院]|部|厅|委|局)$")
#: how a clause that goes on with the subject before its semicolon opens: its verb
_DUTY_GOES_ON = re.compile(r"(?:并|同时|还|应当|要)?(?:会同|牵头|负责|统筹)")
#: a list of bodies given one short name (会同国家卫生健康委、国家中医药局、国家疾控局（以下简称行业主管
#: 部门）; 省发展改革委、省财政厅（以下统称省级主管部门）): the clause before it, and the name
_SHORT_NAMED = re.compile(r"[（(][ \t]*(?:以下简称|以下统称|以下称|下称|统称|简称)[“\"]?(?P<n>[^”\"（）()，,]{2,20})[”\"]?[）)]")
#: the clause before a short name, read backwards from it from a clause mark on (a subject's
#: own short name is :data:`_SHORT_NAME`'s, which reads no 统称: a name a list shares)
_CLAUSE_BEFORE = re.compile(r"[^，,。；;：:\n（）()]{4,120}$")
_CLAUSE_MARKS = "，,。；;：:\n"


_JOINED_BY = re.compile(r"会同|联合|协调|(?<!自)由(?![于此])")
_NOT_PLAIN_LIST = re.compile(r"的|或|所在地|设立|指定")


def list_short_names(text: str) -> dict[str, tuple[str, ...]]:
    """The short names the text gives to a list of two named bodies or more: each stands for
    the bodies of its list wherever it is a subject.

    >>> list_short_names("国家发展改革委会同国家卫生健康委、国家中医药局（以下简称行业主管部门）确定范围。")
    {'行业主管部门': ('国家卫生健康委', '国家中医药局')}
    >>> list_short_names("市人民政府确定的部门（以下简称主管部门）负责。林业、渔业行政主管部门（以下统称野生动物主管部门）")
    {}
    """
    out: dict[str, tuple[str, ...]] = {}
    for m in _SHORT_NAMED.finditer(text):  # (a name's marks first: the clauses before them only are read)
        short = m.group("n")
        before = _CLAUSE_BEFORE.search(text, max(0, m.start() - 121), m.start())
        if before is None or before.start() and text[before.start() - 1] not in _CLAUSE_MARKS:
            continue  # (a clause longer than a list is none)
        if "、" not in before.group() and "和" not in before.group():
            continue
        written = _JOINED_BY.split(before.group())[-1]  # (after X会同: the list joined)
        head = match_heading(written)
        written = written[head[3] :] if head else written
        if _NOT_PLAIN_LIST.search(written):
            continue  # (X设立的Y、Z; X所在地的Y; Y或者指定的机构: bodies described, not named)
        names = subject_list(written) if "、" in written or "和" in written else None
        if (names and len(names) > 1 and ends_like_organisation(short) and short not in out
                and all(BODY_END.search(n) and not FUNCTIONAL_END.search(n) for n in names)):
            out[short] = tuple(names)  # (named bodies: a law's classes of functions keep their own short name)
    return out


#: a leading group the text names in full where it sets it up or relies on it (…为成员的高标准农田建设
#: 工作领导小组; 依托省制造强省建设领导小组)
_NAMED_GROUP = re.compile(r"(?:的|成立|设立|组建|建立|依托|调整|充实)(?P<g>[^，,。；;：:、\s（）()“”的]{2,30}?领导小组)(?!办公室|成员|组长)")


def group_short_names(text: str) -> dict[str, tuple[str, ...]]:
    """领导小组 and 领导小组办公室 written bare stand for the one leading group the text names in
    full (none when it names two or more).

    >>> group_short_names("成立以分管副县长为组长的高标准农田建设工作领导小组，领导小组办公室设在县农业农村局。")
    {'领导小组': ('高标准农田建设工作领导小组',), '领导小组办公室': ('高标准农田建设工作领导小组办公室',)}
    """
    named = {m.group("g") for m in _NAMED_GROUP.finditer(text)} - {"领导小组"}
    if len(named) != 1:
        return {}
    (group,) = named
    return {"领导小组": (group,), "领导小组办公室": (group + "办公室",)}


#: an office named by what it serves alone (办公室, 领导小组办公室, 其办事机构): which body's, the
#: text says elsewhere (:func:`group_short_names`), else no body is named
_BARE_OFFICE = re.compile(r"^其?(?:领导小组|联席会议|委员会)?(?:办公室|办事机构|日常办事机构)$")


def _listed_names(names: tuple[str, ...], lists: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """``names`` with a short name of a list (:func:`list_short_names`, :func:`group_short_names`)
    replaced by its bodies, and without the offices that name no body (:data:`_BARE_OFFICE`)."""
    if lists and any(n in lists for n in names):
        names = tuple(x for n in names for x in lists.get(n, (n,)))
    if any(n.endswith(("室", "构")) and _BARE_OFFICE.match(n) for n in names):
        names = tuple(n for n in names if not _BARE_OFFICE.match(n))
    return names


#: an internal division written with its parent (交通运输部运输服务司) or alone (科技司)
_DIVISION = re.compile(r"^(?P<parent>.{2,20}?(?:部|委员会|委|总局|局|厅|署|办公室))(?P<div>[^部委局厅署、]{2,10}(?:司|处|科|室))$")
#: the last character of a name :data:`_DIVISION` matches: its unit, or a line break
_DIVISION_ENDS = "司处科室\n"


def with_parents(deps: list[Department]) -> None:
    """Internal divisions named alone take the parent another division of the same
    assignment is written with: 交通运输部运输服务司牵头，科技司配合 -> 交通运输部科技司.

    >>> ds = [Department("交通运输部运输服务司"), Department("科技司")]
    >>> with_parents(ds); [(d.name, d.aliases) for d in ds]
    [('交通运输部运输服务司', []), ('交通运输部科技司', ['科技司'])]
    """
    # (a division's name ends with its unit, or before a line break the pattern's $ passes
    # over: the pattern is tried on those names only)
    parent = None
    for d in deps:
        if d.name[-1:] in _DIVISION_ENDS and (m := _DIVISION.match(d.name)):
            parent = m.group("parent")
            break
    if parent is None:
        return
    for d in deps:
        if BARE_DIVISION.match(d.name):
            d.aliases = [d.name, *(a for a in d.aliases if a != d.name)]
            d.name = parent + d.name


def _continues_a_line(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` goes on from a long line broken without
    punctuation (中国信息通信研\\n究院…): its first characters are not a subject.

    >>> t = "请中国信息通信研究院和有关单位共同做好这项工作，中国信息通信研\\n究院要牵头负责。"
    >>> _continues_a_line(t, t.rindex("究院")), _continues_a_line("一、总体要求\\n市教育局负责。", 7)
    (True, False)
    """
    if start == 0 or text[start - 1] != "\n":
        return False
    prev = text[text.rfind("\n", 0, start - 1) + 1 : start - 1].strip(WHITE)
    return len(prev) >= 20 and prev[-1] not in "。！？；;：:，,、）)》”\"" and match_heading(prev) is None


def _resolve_names(names: tuple[str, ...], scope: Scope) -> list[Department]:
    out: list[Department] = []
    for raw, prefix in distributed(tuple(names), scope.level):
        dep = resolve(raw, scope, written_prefix=prefix)
        if dep is not None and _plausible(dep):
            out.append(dep)
    return out


#: a person named by post at the end of a subject: 政府负责人, 分管负责同志
_PERSON = re.compile(r"(?:负责人|领导|同志|主任|局长|市长|县长|书记|主要负责同志)$")


def _lead_subject(written: str, dep: Department) -> bool:
    """由X牵头: X is a department (教育部门, 市教育局), not a person (政府负责人)."""
    if _PERSON.search(written):
        return False
    return dep.kind in ("government", "party", "people") and dep.name != written or bool(BODY_END.search(written))


#: a parenthetical without brackets inside
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")


def _without_convention_notes(value: str) -> str:
    """``value`` without the notes of the document's convention in brackets after a list
    (市科技局（排名第一的为牵头单位，下同）): no part of the last name; the convention itself is
    read from the whole text (:data:`LEAD_FIRST`, the pattern :func:`_clause` cuts such a note by).

    >>> _without_convention_notes("市工信局、市科技局（排名第一的为牵头单位，下同）"), _without_convention_notes("市教育局（牵头）")
    ('市工信局、市科技局', '市教育局（牵头）')
    >>> _without_convention_notes("市残联，各县市区人民政府（以下均需各县市区人民政府落实，不再列出）")
    '市残联，各县市区人民政府'

    """
    return _BRACKETED.sub(lambda m: "" if "下同" in m.group() or ("牵头" in m.group() and LEAD_FIRST.search(m.group()))
                          or ("以下" in m.group() and _DEFAULT.search(m.group())) else m.group(), value)

#: a body of a list marked as the lead: 市交通运输局（牵头）、市财政局
_LEAD_MARK = re.compile(r"[（(]\s*牵头(?:单位|部门)?\s*[)）]")
#: what stands for 牵头 in a mark while the clause around it is parsed (characters of the
#: private use area, apart from those the department resolver marks regions with: no text writes them)
_MARKED = "\uf8f0\uf8f1"


def marked_groups(role: str, lst: str, scope: Scope) -> list[tuple[str, list[Department]]]:
    """The departments of the list ``lst`` that a text assigns ``role`` (:func:`resolve_list`),
    by role: a body the list marks as the lead (责任单位：市交通运输局（牵头）、市财政局) leads,
    and the others of a list of responsible or supporting bodies support it.

    >>> [(r, [d.name for d in ds]) for r, ds in marked_groups("responsible", "市交通运输局（牵头）、市财政局", Scope("city", "洛阳市"))]
    [('lead', ['洛阳市交通运输局']), ('support', ['洛阳市财政局'])]
    >>> [(r, [d.name for d in ds]) for r, ds in marked_groups("responsible", "省财政厅、发展改革委（牵头）", Scope("province", "河南省"))]
    [('lead', ['河南省发展和改革委员会']), ('support', ['河南省财政厅'])]

    A list that says in a clause of its own which body leads (责任单位：市科技局牵头，市教育局、
    市工信局配合) is read as that clause:

    >>> [(r, [d.name for d in ds]) for r, ds in marked_groups("responsible", "市科技局牵头，市教育局、市工信局", Scope("city", "无锡市"))]
    [('lead', ['无锡市科学技术局']), ('support', ['无锡市教育局', '无锡市工业和信息化局'])]
    """
    marks = list(_LEAD_MARK.finditer(lst)) if "牵头" in lst else []
    if not marks and role in ("responsible", "support") and ("牵头" in lst or "会同" in lst):
        clause = _parsed_assignment(lst)
        if clause and any(r == "lead" for r, _ in clause):
            return [(r, deps) for r, part in clause if (deps := resolve_list(part, scope))]
    if not marks:
        deps = resolve_list(lst, scope)
        return [(role, deps)] if deps else []
    cleaned = _LEAD_MARK.sub("", lst)
    deps = resolve_list(cleaned, scope)
    if role not in ("responsible", "support"):
        return [(role, deps)] if deps else []
    leads: set[str] = set()
    removed = 0
    for mark in marks:  # the body before a mark: the last of the list up to it (its prefix distributed)
        before = resolve_list(cleaned[: mark.start() - removed], scope)
        removed += mark.end() - mark.start()
        if before:
            leads.add(before[-1].name)
    lead = [d for d in deps if d.name in leads]
    rest = [d for d in deps if d.name not in leads]
    return [g for g in (("lead", lead), ("support", rest)) if g[1]]


#: what a bare list of bodies never holds, and what follows its closing bracket
_CLAUSE_BREAK = re.compile(r"[。：:；;]")
_LIST_CLOSES = re.compile(r"^(?:\s|[。；;]|$)")


def _paren_groups(content: str, scope: Scope, text: str, end: int) -> tuple[list[tuple[str, list[Department]]], list[str]]:
    """The departments a parenthetical assigns, by role, and the list texts they came from."""
    parsed = _parsed_assignment(content)  # (only read: not copied)
    groups: list[tuple[str, list[Department]]] = []
    raw: list[str] = []
    none: tuple[list[tuple[str, list[Department]]], list[str]] = ([], [])
    if parsed:
        for role, lst in parsed:
            for r, deps in marked_groups(role, lst, scope):
                if role == "support":
                    deps = [d for d in deps if _plausible(d)]
                elif not all(map(_plausible, deps)):
                    return none  # （技工院校内由人力资源社会保障行政部门负责） is a sentence
                if deps:
                    groups.append((r, deps))
                    raw.append(lst)
        return groups, raw
    # a bare list of bodies closing a measure: （人民银行XX县支行、县财政局、各商业保险公司）
    after = text[end : end + 3]
    if after and not _LIST_CLOSES.match(after):
        return none
    start = end - len(content) - 2  # (the parenthetical's opening mark)
    if start > 0 and _NAMED_BEFORE.search(text, max(0, start - 6), start):
        return none  # 报我部（教师工作司）: which part of the body just named, not an assignment
    return _bare_list(content, scope)


def _bare_list(content: str, scope: Scope) -> tuple[list[tuple[str, list[Department]]], list[str]]:
    """The bodies of a list that names bodies only (each with its scope written, each a
    body of government), responsible; none for anything else."""
    none: tuple[list[tuple[str, list[Department]]], list[str]] = ([], [])
    clause, items = _list_items_of(content)
    if not items or not all(has_explicit_scope(it, scope) for it in items):
        return none
    groups = marked_groups("responsible", clause, scope)
    deps = [d for _, ds in groups for d in ds]
    if len(deps) != len(items) or not all(_strong(d, d.written) for d in deps):
        return none
    if not any(d.kind in ("government", "party", "people") for d in deps):
        return none
    return groups, [clause]


def _from_dash_lists(col: _Collector, text: str, bounds: tuple[int, int], at: _Finder, scope: Scope, lead_first: bool) -> None:
    """A measure's line that closes with its bodies after a dash, and its deadline after them
    (…闭环处置。——区委政法委、区城运中心，2024年6月底前): they are assigned as a bare list."""
    first, last = bounds
    if "——" not in text[first : last + 1]:
        return
    for dm in _DASH_LIST.finditer(text, first):
        if dm.start() > last:
            break
        deadline = dm.group("d")
        if deadline and not _DEADLINE_WORDS.search(deadline):
            continue  # (…——X，Y: no deadline after the list, no list)
        groups, raw = _bare_list(dm.group("c"), scope)
        m = at(dm.start()) if groups else None
        if m is not None:
            _assign(col, m, groups, Span(dm.start("c"), dm.end("c")), lead_first, raw)


#: a list of bodies after a dash at a line's end, and a deadline after it
_DASH_LIST = re.compile(r"[。；;]\s*——(?P<c>[^—\n。；;：:，,]{2,80})(?:[，,]\s*(?P<d>[^，,。；;\n]{2,24}))?[。；;]?[ \t\u3000]*$", re.M)
#: what a deadline says: a year, a month, a time of the year, a standing task
_DEADLINE_WORDS = re.compile(r"年|月|季度|底前|持续|长期|常态|全年")


@lru_cache(maxsize=1 << 14)
def _list_items_of(content: str) -> tuple[str, tuple[str, ...]]:
    """A parenthetical without white space, and its items when it can be a bare list of
    bodies (none when it is long, holds a clause break or opens with 含, 详见…)."""
    clause = without_white(content)
    if len(clause) > 120 or _CLAUSE_BREAK.search(clause) or _NOT_A_LIST.match(clause):
        return clause, ()
    return clause, tuple(split_names(clause))


def _table_row(col: _Collector, m: Measure, row: TaskRow, scope: Scope, lead_first: bool) -> None:
    has_lead = bool(row.lead) or "lead" in row.sources
    groups: list[tuple[str, list[Department]]] = []

    def cell_groups(texts: list[str], default: str) -> list[tuple[str, list[Department]]]:
        out: list[tuple[str, list[Department]]] = []
        for t in texts:
            parsed = parse_assignment(t) if _CELL_ROLE.search(t) else None
            for role, lst in parsed or [(default, t)]:
                out.extend(marked_groups(role, lst, scope))
        return out

    groups += cell_groups(row.lead, "lead")
    resp_role = "support" if has_lead else "responsible"
    resp = cell_groups(row.responsible, resp_role)
    if not has_lead and lead_first:
        resp = _lead_first(resp, row.responsible)
    groups += resp
    groups += cell_groups(row.support, "support")
    groups += cell_groups(row.guide, "responsible")
    span_of = {role: Span(c.start, c.end) for role, c in row.sources.items()}
    for role, deps in groups:
        src = {"lead": "lead", "support": "support" if "support" in span_of else "responsible"}.get(role, "responsible")
        span = span_of.get(src) or span_of.get("guide") or Span(row.start, row.end)
        col.add_all(m, role, deps, span, row.deadline)


# --- duties written in sentences (articles of laws, closing paragraphs of plans) ----------

ROLE_WORDS_TSV = DATA / "role_words.tsv"


@dataclass(frozen=True)
class RoleWord:
    word: str
    role: str  # lead | support | responsible | with | helps
    place: str  # start | anywhere | frame


@lru_cache(maxsize=1)
def role_words() -> tuple[RoleWord, ...]:
    """The rows of ``kg/data/role_words.tsv``."""
    return tuple(RoleWord(r["word"], r["role"], r["place"]) for r in read_table(ROLE_WORDS_TSV))


#: a role word used as a noun or an attribute: 在X的指导下, 主管部门, 负责人
_NOT_VERB = {"指导": r"(?:(?<=[，,、并和及的当要责人员织将])|^)指导(?![下意思性价目原作站员]|中心)", "负责": r"(?<![主要直接])负责(?!人|同志|的|制(?![定订作止]))", "主管": r"主管(?!部门|机关|机构|单位|人员|领导|的)"}


def _word_re(w: RoleWord) -> str:
    if w.place == "frame":
        return ".{1,40}?".join(map(re.escape, w.word.split("…"))) + "(?![的人同])"
    return _NOT_VERB.get(w.word, re.escape(w.word))


_PLACES = ("start", "frame", "anywhere")


@lru_cache(maxsize=1)
def _role_patterns() -> dict[str, tuple[re.Pattern[str], tuple[RoleWord, ...]]]:
    """For each place of ``role_words.tsv``, its words longest first and the pattern of
    their alternation (group ``w<i>``: the i-th word), made together on first use."""
    out = {}
    for place in _PLACES:
        words = tuple(sorted((w for w in role_words() if w.place == place), key=lambda w: -len(w.word)))
        out[place] = (re.compile("|".join(f"(?P<w{i}>{_word_re(w)})" for i, w in enumerate(words))), words)
    return out


def _role_re(place: str) -> re.Pattern[str]:
    return _role_patterns()[place][0]


@lru_cache(maxsize=1)
def _role_word_re() -> re.Pattern[str]:
    """What every match of a role word's pattern holds (the word; the longest stretch a
    frame writes): a sentence without one has no duty. The words as a tree of their
    prefixes (:func:`kg.extract.regexes.word_alternation`: the matches of their alternation
    longest first, the text read one character at a time where a word can start).

    >>> [m.group() for m in _role_word_re().finditer("市政府负总责，乙是本市的主管部门，丙对其实施监督管理")]
    ['负总责', '主管部门', '实施监督管理']
    """
    words = {max(w.word.split("…"), key=len) for w in role_words()}
    return re.compile(rx.word_alternation(words | {a + v for a in _AUTHORITY_WORDS for v in "是为"}))  # (and 管理机关是X)


def _role_of(m: re.Match[str], place: str) -> str:
    return _role_patterns()[place][1][int(m.lastgroup[1:])].role


def subject_list(text: str) -> list[str] | None:
    """The bodies a written subject names, or None when it is not a list of bodies.

    A 等部门 ending lends 部门 to the items written without it; a bare level before 和
    borrows the body of the item after it.

    >>> subject_list("财政、自然资源和规划、住房和城乡建设等部门")
    ['财政部门', '自然资源和规划部门', '住房和城乡建设部门']
    >>> subject_list("水利、交通等行政主管部门")
    ['水利行政主管部门', '交通行政主管部门']
    >>> subject_list("市和区、县教育行政部门"), subject_list("市、县（区）人民政府文物行政部门")
    (['市教育行政部门', '区、县教育行政部门'], ['市、县（区）人民政府文物行政部门'])
    >>> subject_list("市场监管总局等和各省级人民政府"), subject_list("任何单位和个人")
    (['市场监管总局', '各省级人民政府'], None)
    """
    names = _subject_list(text)
    return None if names is None else list(names)


@lru_cache(maxsize=1 << 14)
def _subject_list(text: str) -> tuple[str, ...] | None:
    """:func:`subject_list`, kept for the subjects met again (a pure function of the text)."""
    s = without_white(text)
    if "由" in s and _BY_WHOM.search(s) or not s:
        return None  # 由X负责 is read from the clause after 由
    if "所在地的" in s:
        s = _PLACE_OF_LIST.sub("", s)  # 海塘所在地的设区的市、县（市、区）X: the list is the place's
    items: list[str] = []
    parts = _split_and(s)
    if len(parts) > 1 and all(_REGULATED_PARTY.search(x) for x in split_names(parts[-1])):
        parts = parts[:-1]  # 民政、公安等行政机关和原工作单位、学校等: the public bodies (a regulated party's duty is no row)
    elif len(parts) == 1 and _REGULATED_PARTY.search(parts[0]) and all(_REGULATED_PARTY.search(x) for x in split_names(parts[0])):
        return None  # 环境影响评价机构应当…并对结论负责: a regulated party alone
    for k, part in enumerate(parts):
        got = split_names(part)
        inner = rx.ETC_DEPARTMENTS.search(got[-1]) if got and k + 1 < len(parts) and "等" in got[-1] else None
        if inner and inner.group("tail"):  # 民政、公安等行政机关和学校: the tail of the list before 和
            head = inner.group("tail")
            got = [x + head if not ends_like_organisation(x) else x for x in [*got[:-1], got[-1][: inner.start()]]]
        items.extend(got)
    if not items:
        return None
    tail = ""
    m = rx.ETC_DEPARTMENTS.search(items[-1])
    if m:
        tail = m.group("tail") or ""
        items[-1] = items[-1][: m.start()]
    items = collective_lent(_lend_bodies([clean_item(x) for x in items]))
    items = [x for k, x in enumerate(items) if not place_of_generic(x, items[k + 1 :])]  # 江苏省、浙江省有关部门
    shared = None
    if not tail and items and (shared := _SHARED_SUFFIX.search(items[-1])):
        # 人力资源社会保障、财政部门; 林业草原、渔业主管部门: the suffix the last item writes for all
        # (审计、监察和有关主管部门: unnamed bodies lend no function, the bare items are 部门)
        tail = shared.group() if not is_generic(items[-1]) else "部门"
        shared = shared if not is_generic(items[-1]) else None
    bare = [bool(tail and x and not ends_like_organisation(x)) for x in items]
    items = [_with_tail(x, tail) if b else x for x, b in zip(items, bare)]
    if shared and any(bare[:-1]) and not _GOVERNMENT_HEAD.match(items[-1]):
        bare[-1] = True  # (the last item, written with the suffix, is as bare as the others: 国务院财政、物价部门)
    if len(items) > 1 and (head := _CLASS_HEAD.match(items[0])) and head.end() < len(items[0]):
        # 国务院电信、公安等有关部门: the class the first names lends itself too (国务院公安部门)
        items = [items[0]] + [head.group() + x if b else x for x, b in zip(items[1:], bare[1:])]
    items = [items[i - 1] + x[1:] if x.startswith("其") and not x.startswith(("其他", "其它")) and i else x
             for i, x in enumerate(items)]  # X及其Y (X和其他有关部门: no body of X)
    if not all(_is_name(x) for x in items) or len(items) > 1 and _THEIR_DEPARTMENTS.search(items[-1]):
        return None  # (国务院和地方各级人民政府的有关部门: the departments of both, no body named)
    if any((m := _INNER_CLASS.search(x)) and not _PLACE_BEFORE_CLASS.fullmatch(x[: m.start()])
           and not (m.group().endswith("各级") and _BEFORE_LOCAL_LEVELS.fullmatch(x[: m.start()])) for x in items):
        return None
    return tuple(x for x in items if not is_generic(x))


def _with_tail(item: str, tail: str) -> str:
    """A bare item of a list with the suffix the list shares, the words they overlap on
    written once (水行政、环境保护行政主管部门: 水行政主管部门).

    >>> _with_tail("水行政", "行政主管部门"), _with_tail("城市管理", "管理部门"), _with_tail("财政", "部门")
    ('水行政主管部门', '城市管理部门', '财政部门')
    """
    for k in range(min(len(item), len(tail) - 2), 1, -1):
        if item.endswith(tail[:k]):
            return item + tail[k:]
    return item + tail


#: the suffix of functions a list's last item writes for the bare items before it
_SHARED_SUFFIX = re.compile(r"(?:(?:行政)?主管|行政|(?:行政)?管理)?部门$")
#: the class of governments a list's first item names before its function (国务院公安、…部门;
#: 县级以上人民政府发展改革、教育等部门; 地方电信、公安等部门): lent to the bare items after it
_CLASS_HEAD = re.compile(r"^(?:国务院|地方|(?:县级以上|设区的市级以上|省级|市、县级)(?:地方)?(?:各级)?人民政府)")


#: 负责 right after a subject and its comma (国务院兽医行政管理部门，负责制定…), the words of a
#: law that say how first (X，依法负责…; 国务院外交、公安等其他有关部门，在各自职责范围内负责…)
_DUTY_AFTER_COMMA = re.compile(r"(?:应当|应|依法|在各自的?职责范围内|在职责范围内)*(?:具体|统一|分别|共同)?" + _NOT_VERB["负责"])
#: what a subject's predicate cannot open with after a body's name (市教育局的…, 市教育局和…, 局长)
_NOT_AFTER_NAME = re.compile(r"[的和及与、等（(之长]|或|以及|所属|下属|直属|系统|工作人员|负责人|组织")
#: the longest clause a body's name is looked for at the head of (:func:`_name_head`)
_HEAD_CLAUSE = 40


def _name_head(sentence: str, st: int, stop: int) -> int | None:
    """Where the body's name that opens the clause ``sentence[st:stop]`` ends, when the
    clause opens with one and goes on with a verb that :data:`~kg.extract.regexes.SUBJECT_END`
    does not list (惠明茶产业主管部门推广…技术，…，指导科学生产经营): the longest head that ends
    like a body, reads as a list of bodies and holds no verb; ``None`` when there is none, or the clause is
    longer than :data:`_HEAD_CLAUSE`.

    >>> s = "惠明茶产业主管部门推广先进技术，指导科学生产经营。"
    >>> s[:_name_head(s, 0, s.index("，"))]
    '惠明茶产业主管部门'
    >>> _name_head("市教育局局长推广先进经验，", 0, 12) is None
    True
    """
    if stop - st > _HEAD_CLAUSE:
        return None
    for k in range(stop - 1, st + 1, -1):
        head = sentence[st:k]
        if _VERB_IN_HEAD.search(head):
            continue  # (科技部充分发挥…推进办: a clause that ends like a body)
        if ends_like_organisation(head) and not _NOT_AFTER_NAME.match(sentence, k) and not ends_like_organisation(sentence[st : k + 1]) \
                and (_FUNCTION_NAME.search(head) or _GOVERNMENT_HEAD.match(head) or is_national_body(head)) and _is_name_list(head):
            return k
    return None


#: the adverbs that open a predicate (充分发挥, 进一步加强)
_PREDICATE_ADVERBS = r"充分|进一步|积极|全面|加快|大力|切实"
#: the verbs and adverbs of a clause, which no body's name holds (:func:`_name_head`)
_VERB_IN_HEAD = re.compile(rf"发挥|推进|加强|开展|落实|抓好|{_PREDICATE_ADVERBS}")
#: an adverb a body's name at a clause's head is followed by (科技部充分发挥…, X将重点抓好…)
_ADVERB_AFTER_HEAD = re.compile(rf"将|{_PREDICATE_ADVERBS}|认真|着力|深入|不断|持续|继续")
#: how the name of a body of government opens: a region's level or the state (a name that ends
#: like a body and opens otherwise — 申请办理农民专业合作社, 国务委员受总理委 — is read only when
#: it names a function, 惠明茶产业主管部门, or a national body, 工业和信息化部)
_GOVERNMENT_HEAD = re.compile(r"[省市县区乡镇州旗]|国务院|国家|中央|中共|各|地方|设区的市")
_FUNCTION_NAME = re.compile(r"(?:主管|行政|管理)(?:部门|机关)$")


def _is_name_list(text: str) -> bool:
    """``text`` names bodies, as written (no clause: 国家建立…机制, 学校…)."""
    return bool(subject_list(text)) and not _NOT_A_SUBJECT.match(text) and not _CREATED.match(text)


#: the basis a subject's predicate opens with after its comma (X，根据上级的规划，制定…，并组织实施)
_BASIS_AFTER_COMMA = re.compile(r"(?:应当|应|须|必须|要)?(?:根据|按照|依照|依据)")
#: a frame after a subject and its comma: 对… or 是… (是指…: the subject is a term defined)
_FRAME_AFTER_COMMA = re.compile(r"对|是(?!指)")
#: the place a list of bodies is of, written before it (海塘所在地的)
_PLACE_OF_LIST = re.compile(r"^[^、，,的]{0,10}?所在地的")
#: parties a law regulates, listed beside public bodies (原工作单位、农村集体经济组织、学校)
#: a regulated party, whose duty is no row (FORMAT.md); certified agencies too (环境影响评价机构,
#: 医疗机构, 金融机构), where a body of government is a 管理机构
_REGULATED_PARTY = re.compile(
    r"(?:学校|企业|经济组织|工作单位|用人单位|个人|公民|家庭|监护人|(?:医疗(?:保健)?|金融|中介|培训|评价|鉴定|评估|认证|检验检测)机构)等?$"
)
#: the unnamed departments of the bodies before (X和Y的有关部门)
_THEIR_DEPARTMENTS = re.compile(r"的(?:有关|相关|其他有关)(?:部门|单位|机构)$")
#: a body named by what it is charged with: 负责…工作的部门
_RELATIVE_NAME = re.compile(r"负责[^，,。；;：:的]{2,30}的(?:部门|机构|机关)")
#: a class word inside an item: what comes before it is a clause (煤矿拒不执行县级以上…)
_INNER_CLASS = re.compile(r"(?<=.)(?:县级以上|设区的市级以上|省级以上|地方各级|(?<!地方)各级)")
#: what (地方)各级 (a class word of itself) may follow in a name: a level or an area (沿海, 长江流域)
_BEFORE_LOCAL_LEVELS = re.compile(r"(?:县|县级|设区的市级|省级)以上|沿海|.{2,6}(?:流域|高原|沿海|地区)")
#: a name does not hold a functional body inside it (财政部门监督科技行政部门 is a clause)
_INNER_BODY = re.compile(r"部门(?=.)|(?<!公安)机关(?=.)|机构(?!编制|办公室)(?=.)|[（(](?![^（）()]*[）)])")  # 公安机关交通管理部门 is one name
#: the levels of two units a class writes as one (重庆's 区县（自治县）, 乡镇)
_TWO_UNIT_LEVEL = r"(?:区县|县区|乡镇)(?:[（(][^（）()]{1,8}[）)])?"
_BARE_LEVEL = re.compile(rf"(?:地市级|[省市县区乡]级|{_TWO_UNIT_LEVEL}|{LEVEL_UNIT})")
_LEVEL_HEAD = re.compile(rf"(?:[省市县]级市|地市级|[省市县区乡]级|{_TWO_UNIT_LEVEL}|{LEVEL_UNIT})(?:、{LEVEL_UNIT})*")


#: the other kind of body a name may end with (…部门或者机构)
_ALTERNATIVE_TAIL = re.compile(r"(?<=部门|机构|机关|单位)或者?(?:机构|部门|单位|机关)$")


def _is_name(x: str) -> bool:
    """An item that can name a body: ends like one, holds no body inside, not a bare
    two-character word (厂所) unless a known short name (海关, 法院)."""
    if "或" in x:
        x = _ALTERNATIVE_TAIL.sub("", x)  # 地震工作管理部门或者机构: one body, written with its other kind
    if not x or _INNER_BODY.search(_RELATIVE_NAME.sub("", x) if "负责" in x else x):  # (a relative name writes 负责)
        return False
    if x[:1] in "我本" and SELF_REFERENCE.match(x):
        return True  # 我部: the issuing department, when the document has one
    if is_generic(x):
        return True
    return ends_like_organisation(x) and (len(x) >= 3 or bool(FUNCTIONAL_END.fullmatch(x)) or x.endswith("院"))


def _lend_bodies(items: list[str]) -> list[str]:
    """A bare level before the next item borrows its body: 省级、地市级医疗保障行政部门 ->
    省级医疗保障行政部门, 地市级医疗保障行政部门.

    >>> _lend_bodies(["省级", "地市级医疗保障行政部门"])
    ['省级医疗保障行政部门', '地市级医疗保障行政部门']

    After a place or 设区的市 the next item's body is what follows its head too (省和设区的市人民政府
    生态环境主管部门; 市、县（市）、上街区城市公共交通主管部门):

    >>> _lend_bodies(["省", "设区的市人民政府生态环境主管部门"])[0], _lend_bodies(["县（市）", "上街区城市公共交通主管部门"])[0]
    ('省生态环境主管部门', '县（市）城市公共交通主管部门')
    >>> _lend_bodies(["余杭区", "萧山区林业主管部门"])
    ['余杭区林业主管部门', '萧山区林业主管部门']
    >>> _lend_bodies(["余杭区", "各县（市）交通运输主管部门"])[0], _lend_bodies(["省", "地级以上市人民政府生态环境主管部门"])[0]
    ('余杭区交通运输主管部门', '省生态环境主管部门')
    >>> _lend_bodies(["市", "各县级市排水行政主管部门"])[0]
    '市排水行政主管部门'
    """
    out = list(items)
    for i in range(len(out) - 2, -1, -1):
        if _BARE_LEVELS.fullmatch(out[i]) or out[i][-1:] in _PLACE_UNITS and _region_prefix(out[i]) == out[i]:  # (a level, or a place: 余杭区、萧山区林业主管部门)
            nxt = out[i + 1]
            head = _LEVEL_HEAD.match(nxt) or _CITY_LEVEL_HEAD.match(nxt)
            end = head.end() if head else len(_region_prefix(nxt))
            if 0 < end < len(nxt) and ends_like_organisation(nxt[end:]):
                out[i] += nxt[end:]
    return out


#: the last character of a place's name (the items that may be a place alone are looked up)
_PLACE_UNITS = frozenset("省市县区州旗盟")
#: bare levels, one or a list of them (市、县（市）)
_BARE_LEVELS = re.compile(rf"{_BARE_LEVEL.pattern}(?:、{_BARE_LEVEL.pattern})*")
#: a level of government that heads a name: 设区的市, 设区的市人民政府, 县级人民政府, 地级以上市, 各县（市）
_CITY_LEVEL_HEAD = re.compile(
    rf"(?:设区的市|地级以上市|[省市县区乡镇]级?)(?:级)?人民政府|设区的市级?|地级以上市|各(?:县级市|{LEVEL_UNIT})(?:、(?:县级市|{LEVEL_UNIT}))*(?:人民政府)?"
)


#: what no name goes on with after 和: the unnamed bodies that end a list (审计、监察和有关主管部门)
_UNNAMED_AFTER = re.compile(r"(?:其他|其它)?(?:有关|相关)")


def _split_and(part: str) -> list[str]:
    """``市和区、县教育行政部门`` -> ``市教育行政部门``, ``区、县教育行政部门``; a 和 inside a name
    (住房和城乡建设部门) is kept, one before unnamed bodies (和有关部门) is not.

    >>> _split_and("住房和城乡建设部门"), _split_and("民政部门和财政部门"), _split_and("审计、监察和有关主管部门")
    (['住房和城乡建设部门'], ['民政部门', '财政部门'], ['审计、监察', '有关主管部门'])
    """
    out: list[str] = []
    start = 0
    for m in rx.LIST_JOIN.finditer(part):
        left = part[start : m.start()]
        if ends_like_organisation(left) or left.endswith("等") or _BARE_LEVEL.fullmatch(left) or _UNNAMED_AFTER.match(part, m.end()):
            out.append(left)
            start = m.end()
    out.append(part[start:])
    for i in range(len(out) - 1):
        if _BARE_LEVEL.fullmatch(out[i]):
            head = _LEVEL_HEAD.match(out[i + 1])
            out[i] += out[i + 1][head.end() :] if head else ""
    return [x for x in out if x]


@dataclass(frozen=True)
class Duty:
    """A role given in a sentence to the bodies ``names``, written at ``[start, end)``."""

    role: str
    names: tuple[str, ...]
    start: int
    end: int


def sentence_duties(sentence: str) -> list[Duty]:
    """The duties a sentence assigns: subjects (at the start, after ， or 由) followed by a
    role word of ``role_words.tsv``. 应当 alone, and 指导 as a noun, assign nothing.

    >>> [(d.role, d.names) for d in sentence_duties("市民政部门应当会同财政、住房和城乡建设等部门对用房进行监督检查。")]
    [('lead', ('市民政部门',)), ('support', ('财政部门', '住房和城乡建设部门'))]
    >>> [(d.role, d.names) for d in sentence_duties("县级以上人民政府卫生健康主管部门负责本行政区域内的监督管理工作。")]
    [('responsible', ('县级以上人民政府卫生健康主管部门',))]
    >>> sentence_duties("乡镇人民政府在县人民政府文物行政部门的指导下做好保护工作。"), sentence_duties("用人单位应当依法缴纳。")
    ([], [])
    >>> [(d.role, d.names) for d in sentence_duties("村（居）民委员会协助乡镇人民政府做好服务工作")]
    [('support', ('村（居）民委员会',))]
    """
    masked, short = _mask_parentheses(sentence)
    return _duties(masked, short)


def _duties(sentence: str, short: dict[str, str], continued: bool = False) -> list[Duty]:
    """:func:`sentence_duties` of a sentence whose parentheticals are masked; a sentence
    ``continued`` from a broken line has no subject at its start. A sentence met again
    with the same short names (a duty stated in the same words in many documents) is not
    read again.

    >>> d = _duties("市教育局负责，市财政局配合。", {})
    >>> d == _read_duties("市教育局负责，市财政局配合。", {}) and d is not _duties("市教育局负责，市财政局配合。", {})
    True
    """
    return list(_duties_of(sentence, short, continued))


def _duties_of(sentence: str, short: dict[str, str], continued: bool = False,
               kept: tuple[tuple[str, str], ...] | None = None) -> Sequence[Duty]:
    """:func:`_duties`, kept ones as they are kept (for a caller that only reads them);
    ``kept``: ``short`` as the key of the kept duties, when the caller made it already."""
    if len(sentence) > _KEPT_CHARS:
        return _read_duties(sentence, short, continued)  # (a long run without a stop: not kept)
    return _known_duties(sentence, tuple(short.items()) if kept is None else kept, continued)


#: the longest sentence whose duties are kept (what the cache holds stays small)
_KEPT_CHARS = 400


@lru_cache(maxsize=1 << 14)
def _known_duties(sentence: str, short: tuple[tuple[str, str], ...], continued: bool) -> tuple[Duty, ...]:
    """:func:`_read_duties`, kept (its duties are frozen: callers get a new list)."""
    return tuple(_read_duties(sentence, dict(short), continued))


def _read_duties(sentence: str, short: dict[str, str], continued: bool = False) -> list[Duty]:
    """What :func:`_duties` reads."""
    if ("是" in sentence or "为" in sentence) and (named := _AUTHORITY_IS.match(sentence)) and not continued:
        names = _subject_names(named.group("x"), short, [])
        if names:  # 广告的管理机关是国家工商行政管理机关和地方各级工商行政管理机关: the bodies named
            return [Duty("responsible", tuple(names), named.start("x"), named.end("x"))]
    subjects: list[tuple[int, int, list[str]]] = []
    resumed: dict[int, tuple[int, int]] = {}  # a subject that goes on after a pivot's clause: where it was written
    for st in rx.clause_starts(sentence):
        if continued and st == 0:
            continue
        read: tuple[int, list[str] | None] | None = None  # (end, names) of the subject read to choose its end
        sm = rx.SUBJECT_END.search(sentence, st)
        if sm and sm.group() == "参加" and not _TAKES_PART.match(sentence, sm.start()):
            sm = rx.SUBJECT_END.search(sentence, sm.end())  # 参加培训: taking part in an activity, not in a task
        rel = _RELATIVE_NAME.match(sentence, sm.start()) if sm else None
        if rel:  # 县级以上地方人民政府负责煤矿安全监督管理的部门: a name
            sm = rx.SUBJECT_END.search(sentence, rel.end())
        end = sm.start() if sm else st
        when = _WHEN.search(sentence, st, end) if sm and sm.group(0) in "，," else None
        if when:  # X接到报告后，应当…: the subject before its time clause
            end = when.start()
        elif sm and sm.start() > st and (read := (end, _subject_names(sentence[st:end], short, subjects)))[1] is None \
                and (head := _name_head(sentence, st, sm.start())) and (sm.group(0) in "，," or _ADVERB_AFTER_HEAD.match(sentence, head)):
            end = head  # X推广…，组织…，指导…: a body, then a verb no list of subject ends holds (X将重点抓好…落实，指导…; X充分发挥…，会同…)
        elif sm and sm.group(0) in "，,：:" and sm.start() > st and (
                _DUTY_AFTER_COMMA.match(sentence, sm.end())
                or _FRAME_AFTER_COMMA.match(sentence, sm.end()) and _role_re("frame").match(sentence, sm.end())
                or _BASIS_AFTER_COMMA.match(sentence, sm.end())):
            pass  # X，负责… / X，对…实施统一监督管理 / X，是…主管机关 / X，根据…，…组织实施: a subject set off by a comma before its duty
        elif sm is None or sm.start() == st or sm.group(0) in "，,：:" or (subjects and st < subjects[-1][1]):
            continue  # no predicate, or an addressee / a topic (X，…)
        names = read[1] if read and read[0] == end else _subject_names(sentence[st:end], short, subjects) if end > st else None
        if names is None and end > st and _TAKES_PART.match(sentence, end) and (tail := _PARTIES_TAIL.search(sentence, st, end)):
            names = _subject_names(sentence[st : tail.start()], short, subjects)  # X、Y等部门和单位参加: X and Y
        if names:
            subjects.append((st, end, names))
        elif end > st and sentence[st:end].rstrip().endswith(_GENERIC_ENDS) and (generic := _generic_subject(_subject_key(sentence[st:end]))):
            subjects.append((st, end, []))  # 有关部门负责…: a subject that names no body ends the one before
            if generic == "pivot" and subjects[-2:-1] and subjects[-2][2]:
                # X…，协调有关部门组织…，指导…: 有关部门 acts in its clause only, X goes on after it
                after = _CLAUSE_END.search(sentence, end)
                if after:
                    resumed[len(subjects)] = subjects[-2][:2]
                    subjects.append((after.end(), after.end(), subjects[-2][2]))
    out: list[Duty] = []
    led = False  # a body of the sentence leads by 牵头
    for k, (st, en, names) in enumerate(subjects):
        stop = subjects[k + 1][0] if k + 1 < len(subjects) else len(sentence)
        a, b = resumed.get(k, (st, en))  # (a resumed subject's span is where it was written)
        pred = sentence[en:stop]
        duties = _predicate_duties(pred, tuple(names), a, b)
        if led and _BARE_DUTY.match(pred):
            # X牵头，Y按职责分工负责 / 各乡镇具体负责: the same task's other bodies support the lead
            duties = [Duty("support", d.names, d.start, d.end) if d.role == "responsible" else d for d in duties]
        elif led and not duties and names and _TAKES_PART.match(pred):
            # 联席会议由X牵头，Y、Z等部门和单位参加: after a lead, 参加 is a support's word (alone,
            # it takes part in an activity: 参加培训)
            duties = [Duty("support", tuple(names), a, b)]
        led = led or (any(d.role == "lead" for d in duties) and "牵头" in pred)
        # 有关部门会同Y…: no lead is named, Y supports all the same
        out.extend(duties if names else [d for d in duties if d.names])
    return out


#: the names of the authority over a matter (广告的管理机关是X, 本条例的主管部门为X)
_AUTHORITY_WORDS = ("管理机关", "主管机关", "主管部门", "主管单位", "监督管理部门", "管理部门")
#: a sentence that names the authority over its matter: X is responsible
_AUTHORITY_IS = re.compile(
    rf"^[^，,。；;]{{1,40}}?的(?:行政)?(?:{'|'.join(_AUTHORITY_WORDS)})(?:是|为)(?P<x>[^，,。；;]{{2,80}}?)[。；;]?$")
#: a predicate that takes part in the task of the clause before and says nothing else
_TAKES_PART = re.compile(r"(?:参加|参与)\s*(?:[，,；;。]|$)")
#: the words that close a list of bodies that take part: 等部门和单位, 等单位
_PARTIES_TAIL = re.compile(r"等(?:有关|相关)?(?:部门和单位|单位和部门|部门|单位)$")
#: a predicate that is its role word alone, the task being the one of the clause before:
#: 按职责分工负责, 具体负责, 抓好落实 (then the clause ends)
_BARE_DUTY = re.compile(rf"^(?:等)?\s*(?:{rx.BY_DUTY}|具体|分别|共同|各自|积极|认真)*\s*(?:负责落实|负责|落实|抓好落实|配合)\s*(?:[，,；;。]|$)")


def _generic_subject(key: str) -> str | None:
    """Whether a clause's subject names no body and nothing else: ``"subject"`` (有关部门,
    各相关职能部门, 国务院有关部门), ``"pivot"`` when a verb of the clause before hands it its
    action (指定有关部门负责…, 协调有关部门组织…); None for a list that names a body too
    (生态环境、水利等有关部门; 市人民政府及其相关部门) and for the agent of a predicate (由有关部门负责,
    read with the clause it belongs to).

    >>> _generic_subject("各有关部门"), _generic_subject("协调有关部门"), _generic_subject("县级人民政府生态环境、水利等有关部门")
    ('subject', 'pivot', None)
    >>> _generic_subject("由市人民政府及其相关部门") is None
    True
    """
    if key[:1] in "由请" or any(j in key for j in ("、", *_JOINS)) or not is_generic(key):
        return None
    return "pivot" if _PIVOT.match(key) else "subject"


#: how every name of no body ends (:func:`kg.extract.departments.is_generic`: 有关部门, 各地区,
#: 相关单位, 有关业务司局): a subject that ends otherwise is not asked
_GENERIC_ENDS = ("部门", "单位", "机关", "机构", "司局", "处室", "科室", "地方", "地区", "方面", "各地", "各级")
#: a verb whose object does the next action (协调有关部门组织…, 指定有关部门负责…)
_PIVOT = re.compile(r"(?:协调|指定|组织|督促|责成|要求|委托|会同|商请|动员|引导|支持|鼓励|确定)")
#: where a clause ends
_CLAUSE_END = re.compile(r"[，,；;]")


def _subject_names(raw: str, short: dict[str, str], before: list[tuple[int, int, list[str]]]) -> list[str] | None:
    """The names a clause's subject gives; 其X is X of the subject before it."""
    if raw.lstrip(" \u3000")[:1] in "（(【[" or _NOT_A_SUBJECT.match(raw) or raw.endswith(_JOINS):
        return None  # an unclosed parenthetical, a clause that starts with a verb, a list that goes on (X以及协助…的Y)
    key = _subject_key(raw) if raw.endswith(_MASK) else ""
    if key in short:
        return [short[key]]
    raw = raw.replace(_MASK, "")
    if "设在" in raw and (housed := _HOUSED_IN.match(raw)):
        raw = housed.group("x")  # 领导小组办公室设在县农业农村局，负责…: the office does it
    if "设" in raw or "立" in raw or "组建" in raw:
        created = _CREATED.match(raw)
        if created:  # 国务院设立国家禁毒委员会，负责…: the body set up is the subject
            y = created.group("y")  # (its own office is named with it: X下设办公室 -> X办公室)
            if y.endswith(("机制", "制度", "体系", "平台")):
                return None  # 国家建立…工作协调机制，负责…: an arrangement, no body
            x = created.group("x")  # (a class's bodies set one up each: 县级以上人民政府设立X -> 县级以上人民政府X)
            raw = x + y if y in _OWN_OFFICE or is_class_body(x) else y
    if raw.startswith("其") and before and len(before[-1][2]) == 1:
        raw = before[-1][2][0] + raw[1:]  # 市人民政府……，其文物保护委员会负责
    under = _UNDER.match(raw) if any(w in raw for w in _UNDER_WORDS) else None
    if under and (y := subject_list(under.group("y"))):
        return y  # (before the whole is read as a list: 委员会委托有关省、自治区…的部门 is none)
    return subject_list(raw)


#: the words that join the items of a list: a subject that ends with one goes on past the word read as its end
_JOINS = ("以及", "和", "及", "与", "或者", "或")
#: a body set up by the one named before it (X设立Y, X下设Y, X成立的Y)
_CREATED = re.compile(r"^(?P<x>.{1,40}?)(?:设立|成立|组建|建立|下设|设置)(?:了|的)?(?P<y>.{2,30})$")
#: a body housed in another (X设在Y): the subject is X
_HOUSED_IN = re.compile(r"^(?P<x>.{2,30}?)设在(?P<y>.{2,30})$")
_OWN_OFFICE = ("办公室", "办事机构", "工作机构", "秘书处", "日常办事机构")
#: a time clause after a subject: 接到报告后, 发现违法行为时
_WHEN = re.compile(r"(?:接到|收到|发现|得知|遇到)[^，,。；;]{1,20}(?:后|时)$")
#: 由财政部门监督科技行政部门负责, 委员会委托Y协助…: the body under supervision, or entrusted, does the work
_UNDER_WORDS = ("监督", "指导", "督促", "委托")
_UNDER = re.compile(rf"^.{{2,30}}?(?:部门|机关|机构|政府|委员会)(?:{'|'.join(_UNDER_WORDS)})(?P<y>.{{2,40}})$")


_MASK = "\x00"
#: what a bracket inside a name holds: levels (市、区), (自治县), an alternative (室)
_NAME_PART = re.compile(r"(?:县级市|自治县|自治区|自治州|自治旗|街道|特区|[省市县区乡镇旗州盟室局委厅])(?:、(?:县级市|自治县|自治区|街道|特区|[省市县区乡镇旗州盟室局委厅]))*")


#: a clause that opens with an action (推行中等职业学校…) or names a regulated party, not a body
_NOT_A_SUBJECT = re.compile(
    r"^\s*(?:并|同时|另外|而|且|但|或者|或)|^\s*(?:全面|积极|大力|进一步|切实|着力|深入|统筹|充分|还|也)?(?:可|可以)?(?:委托|推行|推进|满足|指定|确定|设立|下设|成立|破除|制约|处理|优化|营造|打造|构建|培育|促进|提高|增强|统筹|坚持|落实|推动|强化|加强|加快|支持|鼓励|引导|完善|建立|健全|深化|提升|实施|开展|组织|发挥|确保|督促|指导|吸纳|邀请|动员|"
    r"不得|拒绝|阻挠|阻碍|妨碍|干涉|配合|"  # (不得拒绝、阻挠X依法…实施监督检查; 配合X实施…: X is the verb's object)
    r"依托|围绕|通过|利用|结合|按照|根据|依据|对|为|在|将|把|经|除|凡|以|使|让)"
    r"|.*(?:学校|学院|大学|幼儿园|医院|企业|公司|经营者|单位)$|.*作为|.*(?:实行|坚持)"  # (X作为Y: what X is, not who X is; …实行/坚持…: a principle)
)


def _subject_key(raw: str) -> str:
    """A subject as written before a masked parenthetical, without a heading marker."""
    raw = raw.replace(_MASK, "").strip(" \u3000")
    head = match_heading(raw)
    return raw[head[3] :].strip(" \u3000") if head else raw
_SHORT_NAME = re.compile(r"^[（(](?:以下简称|下称|简称)[“\"]?(?P<n>[^”\"（）()]{2,20})[”\"]?[）)]$")


def _mask_parentheses(sentence: str, start: int = 0) -> tuple[str, dict[str, str]]:
    """The sentence with its parentheticals masked (they are read as assignments
    elsewhere), and the subjects given a short name: ``X（以下简称Y）`` -> Y. Those that
    close before ``start`` are not masked (for a caller that reads the text from there on;
    their short names are read).

    >>> m, short = _mask_parentheses("市政府确定的部门（以下简称主管部门）负责。")
    >>> m.count(_MASK), list(short.values())
    (10, ['主管部门'])
    >>> m, short = _mask_parentheses("甲（以下简称乙局）。丙（丁戊）。", 9)
    >>> m.replace(_MASK, "#"), list(short.values())
    ('甲（以下简称乙局）。丙####。', ['乙局'])
    """
    short: dict[str, str] = {}
    pieces: list[str] = []
    last = 0
    name_part = _NAME_PART.fullmatch
    for pm in _parens(sentence):
        ps, pe = pm.span()  # (the content, between the brackets, read in place: not cut out)
        masked = pe > start
        if masked and name_part(sentence, ps + 1, pe - 1):
            continue  # 县（市、区）人民政府: a part of the name (and it holds no 称)
        sm = _SHORT_NAME.match(pm.group(0)) if sentence.find("称", ps + 1, pe - 1) >= 0 else None  # (简称, 下称)
        if sm and ends_like_organisation(sm.group("n")):
            at = max(sentence.rfind(ch, 0, ps) for ch in "，,：:；;。\n") + 1
            short[_subject_key(sentence[at:ps])] = sm.group("n")
        if masked:
            pieces.append(sentence[last:ps])
            pieces.append(_MASK * (pe - ps))
            last = pe
    pieces.append(sentence[last:])
    return "".join(pieces), short


#: a completed action: 印发了, 已经, 曾
_DONE = re.compile(rx.COMPLETED.pattern + r"|^(?:已经|已|曾经|曾)")


def _predicate_duties(pred: str, names: tuple[str, ...], st: int, en: int) -> list[Duty]:
    """The role of the subject ``names`` in its predicate: a start word at the head of
    one of its clauses (X应当根据…，会同Y…), else a frame or a word met anywhere."""
    if "由" in pred:  # (the patterns tried only on a predicate that holds their words)
        pred = _COMMA_BY.split(pred, maxsplit=1)[0]
    if ("了" in pred or pred.startswith(("已", "曾"))) and _DONE.search(pred):
        return []  # 会同…先后印发了《…》: what was done is history, not an assignment
    pos = 0
    clauses = _COMMA_KEPT.split(pred)
    for k, clause in enumerate(clauses):
        rest = clause[rx.ADVERBS.match(clause).end() :]
        m = _role_re("start").match(rest)
        if m and (k == 0 or _role_of(m, "start") in ("lead", "with")):  # later clauses: 会同, 牵头
            duties = _start_duties(m, rest, names, st, en, en + pos + len(clause) - len(rest))
            if _role_of(m, "start") == "lead":  # X为牵头单位，会同Y…: Y supports
                duties += _with_later(clauses[k + 1 :], names, st, en, en + pos + len(clause))
            if k and _holds_duty("".join(clauses[:k])):
                duties.insert(0, Duty("responsible", names, st, en))  # X负责…，会同Y…: X's own task, then the one it leads
            return duties
        if _role_re("frame").match(rest):  # X对…实施监督管理，并会同Y查处…: X leads that task too
            return [Duty("responsible", names, st, en), *_with_later(clauses[k + 1 :], names, st, en, en + pos + len(clause), lead=True)]
        pos += len(clause)
    for m in _role_re("anywhere").finditer(pred):
        if not _noun_use(pred, m):
            return [Duty("responsible", names, st, en)]
    return []


def _holds_duty(pred: str) -> bool:
    """A role word met anywhere in ``pred`` that is an act of its subject (负责…; not 负责人, nor
    加强对…的指导: a noun after 的)."""
    return any(not _noun_use(pred, m) and pred[m.start() - 1 : m.start()] != "的" for m in _role_re("anywhere").finditer(pred))


def _with_later(clauses: list[str], names: tuple[str, ...], st: int, en: int, off: int, lead: bool = False) -> list[Duty]:
    """The bodies a later clause of a lead's predicate joins with 会同 (市商务局作为牵头部门，
    会同市市场监管局组织实施): they support; ``off``: where ``clauses`` start in the sentence.
    With ``lead``, the subject's lead of that clause too (a subject responsible by a frame
    that goes on to join others: :func:`_predicate_duties`)."""
    for clause in clauses:
        rest = clause[rx.ADVERBS.match(clause).end() :]
        m = _role_re("start").match(rest)
        if m and _role_of(m, "start") == "with":
            return _start_duties(m, rest, names, st, en, off + len(clause) - len(rest))[0 if lead else 1 :]
        off += len(clause)
    return []


def _start_duties(m: re.Match[str], rest: str, names: tuple[str, ...], st: int, en: int, off: int) -> list[Duty]:
    role = _role_of(m, "start")
    if role == "helps":
        return [Duty("support", names, st, en)]
    if role != "with":
        return [Duty(role, names, st, en)]
    out = [Duty("lead", names, st, en)]
    obj = _object(rest[m.end() :])
    if obj:
        out.append(Duty("support", tuple(obj[1]), off + m.end(), off + m.end() + obj[0]))
    return out


#: 接受X的指导, 在X的指导下; 规范指导…机制 (an attribute of a mechanism; 指导Y建立…机制 is
#: the subject's act: a verb between 指导 and the mechanism makes it one)
_RECEIVES = re.compile(r"接受[^，,。]{0,30}的$|在[^，,。]{0,30}的$")
_ATTRIBUTE = re.compile(r"^(?:(?!建立|健全|完善|制定|形成|构建|落实|开展|做好)[^，,。；;]){0,30}?(?:等)?(?:机制|制度|体系|平台|工作机制)")
#: 政府负责、部门协同…的工作机制, 企业负责的…体制: a principle the role word is a piece of (a
#: list of such pieces, then 的 and the arrangement they make), not the subject's act
_PRINCIPLE = re.compile(r"^(?:[^，,。；;]{0,4}、[^，,。；;]{0,40}?|的)[^，,。；;]{0,12}?(?:机制|体制|制度|体系|格局|原则|责任制)")
#: 负责…的人员: the people who do it, not the subject
_WHO_DOES = re.compile(r"^[^，,。；;]{0,20}的(?:工作)?(?:人员|同志|人)")


def _noun_use(pred: str, m: re.Match[str]) -> bool:
    """Whether the role word at ``m`` is no act of the subject's (加强对…的指导 is one; 负责
    建立…制度 is one, 规范指导…机制 and 市负总责、区抓落实的工作机制 are not)."""
    after = pred[m.end() :]
    return bool(_RECEIVES.search(pred[: m.start()]) or _WHO_DOES.match(after) or m.group() == "组织实施" and _PLAN_OF.match(after)
                or _PRINCIPLE.match(after) or m.group().endswith("指导") and _ATTRIBUTE.match(after))


#: 组织实施办法, 组织实施方案: the title of a plan the role word begins, not an act
_PLAN_OF = re.compile(r"(?:办法|方案|细则|计划)(?![的，,。；;])")


def _object(text: str) -> tuple[int, list[str]] | None:
    """The bodies named right after 会同/联合: the longest stretch that reads as a list."""
    end = rx.OBJECT_END.search(text)
    cand = text[: end.start() if end else min(len(text), 60)][:60]
    for n in range(len(cand), 1, -1):
        if cand[n : n + 1] == "门":
            continue  # 有关部|门: not a name cut inside a word
        names = subject_list(cand[:n])
        if names is not None:
            return (n, names) if names else None
    return None
