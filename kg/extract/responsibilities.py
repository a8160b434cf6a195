"""Responsibilities: which department leads, supports or is responsible for each measure.

Three sources, in order:

* task tables (:mod:`kg.extract.tables`): 牵头部门/牵头单位 -> lead; 责任部门/责任单位 ->
  responsible when the table has no lead column, support when it has one; 配合部门 ->
  support; 指导部门 -> responsible; 完成时限 -> the deadline of the row;
* parentheticals that close a measure: （县教育局、县发改局按照职责分工负责） -> responsible
  each; （县教育局牵头负责） / （县教育局会同有关部门负责） -> lead; （生态环境部牵头，
  国家发展改革委参与） -> lead + support; （负责部门：商务部、海关总署；适用范围：…） ->
  responsible. A document that says 列第一位者为牵头单位 (or the like) makes the first body of
  a list the lead and the others support;
* sentences that name a lead: 成立由教育部门牵头、相关部门参与的工作专班.

Names are resolved by :mod:`kg.extract.departments` in the scope of the policy (its level
and region).

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

from kg.extract.departments import Department, Scope, has_explicit_scope, is_generic, resolve, resolve_list, split_names
from kg.extract.structure import ASSIGNMENT_LINE, assignment_fields, measure_at
from kg.extract.tables import Grid, TaskRow, find_text_tables, from_table, task_rows
from kg.models import Extraction, Measure, Responsibility, SourceText, Span

#: a document that makes the first body of each list the lead
LEAD_FIRST = re.compile(
    r"(?:列|排|排名|排序|位列|名列)(?:在)?(?:第一|首|最前|前面)(?:位|个|名)?(?:的|者)?(?:部门|单位)?(?:为|是)牵头(?:部门|单位)?"
    r"|第一(?:个|位|名)?(?:的)?(?:部门|单位|者)?(?:为|是)牵头(?:部门|单位)?"
    r"|首(?:个|位)(?:的)?(?:部门|单位)?(?:为|是)牵头(?:部门|单位)?"
)

_WS = re.compile(r"\s+")
_KV_KEY = re.compile(r"^(?P<key>牵头(?:部门|单位)|负责(?:部门|单位)|责任(?:部门|单位)|主责(?:部门|单位)|配合(?:部门|单位)|参与(?:部门|单位)|协办(?:部门|单位)|指导(?:部门|单位))[：:](?P<val>.+)$")
_KV_ROLE = {"牵头": "lead", "负责": "responsible", "责任": "responsible", "主责": "responsible", "配合": "support", "参与": "support", "协办": "support", "指导": "responsible"}
_DUTY = r"(?:按(?:照)?(?:各自)?(?:职责|职能)(?:分工)?|根据职责|依职责|各司其职)?(?:分别)?"
_TAIL = r"(?:等)?(?:(?:有关|相关|其他)?(?:部门|单位)(?:和单位|和部门)?)?"
_LEAD_SUPPORT = re.compile(
    rf"^(?P<lead>.+?)牵头[，,、；;]?(?P<support>.+?){_TAIL}(?:参与|配合|协同|参加|协助|共同)?{_DUTY}(?:负责|落实|实施)?$"
)
_LEAD_ONLY = re.compile(rf"^(?P<lead>.+?){_TAIL}牵头(?:负责|落实|实施)?$")
_TOGETHER = re.compile(rf"^(?P<lead>.+?)(?:会同|联合|协调)(?P<support>.+?){_DUTY}(?:负责|落实|实施)$")
_RESPONSIBLE = re.compile(rf"^(?P<list>.+?){_TAIL}{_DUTY}(?:负责|落实|承担|实施)(?:落实)?$")
_RESP_SUPPORT = re.compile(rf"^(?P<lead>.+?){_DUTY}负责[，,；;](?P<support>.+?){_TAIL}(?:配合|参与|协助)$")


def _named(support: str) -> str | None:
    """A support list, or None when it names nobody (有关部门, 省直有关部门, 各地)."""
    sup = re.sub(r"^(?:负责|，|,)+", "", support)
    if not sup or is_generic(sup) or re.fullmatch(r"[省市县区]直(?:各|有关|相关)?(?:部门|单位)?", sup):
        return None
    return sup


def _clause(content: str) -> tuple[str, list[str]]:
    """The clause that assigns departments and the notes after it."""
    c = _WS.sub("", content)
    parts = [p for p in re.split(r"[。]", c) if p]
    if not parts:
        return "", []
    return parts[0], parts[1:]


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
    >>> parse_assignment("试行") is None, parse_assignment("以下简称“联席会议”") is None
    (True, True)
    """
    clause, _ = _clause(content)
    if not clause or len(clause) > 200:
        return None
    # key: value pairs (负责部门：…；适用范围：…)
    pairs = [p for p in re.split(r"[；;]", clause) if p]
    kv: list[tuple[str, str]] = []
    for p in pairs:
        m = _KV_KEY.match(p)
        if m:
            val = re.split(r"[，,]适用范围|[，,]适用于", m.group("val"))[0]
            kv.append((_KV_ROLE[m.group("key")[:2]], val))
    if kv:
        roles = {r for r, _ in kv}
        if "lead" in roles:
            kv = [("support" if r == "responsible" else r, v) for r, v in kv]
        return kv
    m = _LEAD_ONLY.match(clause)
    if m and "牵头" not in m.group("lead"):
        return [("lead", m.group("lead"))]
    m = _LEAD_SUPPORT.match(clause)
    if m and m.group("support") not in ("负责",):
        out = [("lead", m.group("lead"))]
        sup = _named(m.group("support"))
        if sup:
            out.append(("support", sup))
        return out
    m = _TOGETHER.match(clause)
    if m:
        out = [("lead", m.group("lead"))]
        sup = _named(m.group("support"))
        if sup:
            out.append(("support", sup))
        return out
    m = _RESP_SUPPORT.match(clause)
    if m:
        return [("lead", m.group("lead")), ("support", m.group("support"))]
    m = _RESPONSIBLE.match(clause)
    if m:
        return [("responsible", m.group("list"))]
    return None


#: a parenthetical, possibly with short brackets inside (各区、县（市）政府)
_PAREN = re.compile(r"[（(](?P<c>(?:[^（）()]|[（(][^（）()]{1,10}[）)]){2,300})[）)]")


def _scope(result: Extraction) -> Scope:
    return Scope(result.policy.level, result.policy.region)


class _Collector:
    def __init__(self, result: Extraction, text: str) -> None:
        self.result = result
        self.text = text
        self.seen: set[tuple[str, str, str]] = set()
        self.out: list[Responsibility] = []

    def narrow(self, span: Span, written: str) -> Span:
        """The span of the name as written inside ``span`` (line breaks allowed), else ``span``."""
        if not written:
            return span
        rx = re.compile(r"\s*".join(map(re.escape, written)))
        m = rx.search(self.text, span.start, span.end)
        return Span(m.start(), m.end()) if m else span

    def add(self, measure: Measure, dep: Department, role: str, span: Span, deadline: str | None = None) -> None:
        key = (measure.key, dep.name, role)
        if key in self.seen:
            return
        self.seen.add(key)
        span = self.narrow(span, dep.written)
        self.out.append(
            Responsibility(
                measure=measure.number,
                department=dep.name,
                role=role,
                span=span,
                aliases=list(dep.aliases),
                kind=dep.kind,
                measure_key=measure.key,
                deadline=deadline if deadline is not None else measure.deadline,
            )
        )


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
    for role, deps in groups:
        for d in deps:
            col.add(measure, d, role, span, deadline)


_NOT_A_LIST = re.compile(r"^(?:以下简称|下称|简称|含|包括|不含|即|如|例如|注|详见|见|参见|试行|暂行)")
_SENTENCE_WORD = re.compile(r"由|的|对|在|将|把|如|以下|简称|其中|应当|可以|要")


def _plausible(dep: Department) -> bool:
    """A resolved name that reads as a body, not a clause."""
    return dep.kind != "other" and not _SENTENCE_WORD.search(dep.written or dep.name)


def _strong(dep: Department, written: str) -> bool:
    """A bare list item that certainly names a body."""
    return dep.kind in ("government", "party", "people", "collective", "enterprise") and (
        dep.name != written or bool(re.search(r"(?:局|委|办|厅|部|署|政府|支行|分行|工会|联合会|公司)$", written))
    )


def extract_responsibilities(source: SourceText, result: Extraction) -> None:
    """Fill ``result.responsibilities`` from tables, parentheticals and lead sentences."""
    text = source.text
    scope = _scope(result)
    lead_first = bool(LEAD_FIRST.search(text))
    measures = result.measures
    col = _Collector(result, text)
    rows_by_start = {m.span.start: m for m in measures if m.kind == "row"}

    # 1. tables
    grids: list[Grid] = [g for g in (from_table(t) for t in source.tables) if g is not None]
    table_spans = [t.span for t in source.tables if t.span is not None]
    grids.extend(find_text_tables(text, skip=table_spans))
    for g in grids:
        for row in task_rows(g):
            if row.category or row.number is None:
                continue
            m = rows_by_start.get(row.start)
            if m is None:
                continue
            _table_row(col, m, row, scope, lead_first)

    # 2. parentheticals
    for pm in _PAREN.finditer(text):
        content = pm.group("c")
        span = Span(pm.start(), pm.end())
        groups, raw = _paren_groups(content, scope, text, pm.end())
        if not groups:
            continue
        m = measure_at(measures, pm.start())
        if m is None:
            continue
        _assign(col, m, groups, span, lead_first, raw)

    # 2b. assignment lines under a measure: 牵头单位：市教育局；责任单位：市财政局
    by_measure: dict[str, tuple[Measure, list[tuple[str, str, Span]]]] = {}
    for lm in ASSIGNMENT_LINE.finditer(text):
        line_start = text.rfind("\n", 0, lm.end()) + 1
        line_end = text.find("\n", lm.end())
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        m = measure_at(measures, line_start)
        if m is None or m.kind == "row":
            continue
        fields = [(k, v, Span(line_start + a, line_start + b)) for k, v, a, b in assignment_fields(line)]
        entry = by_measure.setdefault(m.key, (m, []))
        entry[1].extend(f for f in fields if f not in entry[1])
    for m, fields in by_measure.values():
        has_lead = any(k.startswith("牵头") for k, _, _ in fields)
        for key, value, span in fields:
            role = _KV_ROLE.get(key[:2])
            if role is None:
                continue
            if role == "responsible" and has_lead and not key.startswith("指导"):
                role = "support"
            deps = [d for d in resolve_list(value, scope) if _plausible(d)]
            groups = [(role, deps)] if deps else []
            if lead_first and not has_lead:
                groups = _lead_first(groups, [value])
            for r, ds in groups:
                for d in ds:
                    col.add(m, d, r, span)

    # 3. sentences that name a lead
    for sm in re.finditer(r"由(?P<x>[^，,。；;、由（）()“”]{2,20}?)牵头", text):
        x = sm.group("x")
        dep = resolve(x, scope)
        if dep is None or not _lead_subject(x, dep):
            continue
        m = measure_at(measures, sm.start())
        if m is None:
            continue
        col.add(m, dep, "lead", Span(sm.start("x"), sm.end("x")))

    result.responsibilities = col.out


def _lead_subject(written: str, dep: Department) -> bool:
    """由X牵头: X is a department (教育部门, 市教育局), not a person (政府负责人)."""
    if re.search(r"(?:负责人|领导|同志|主任|局长|市长|县长|书记|主要负责同志)$", written):
        return False
    return dep.kind in ("government", "party", "people") and dep.name != written or bool(re.search(r"(?:局|委|办|厅|部|署)$", written))


def _paren_groups(content: str, scope: Scope, text: str, end: int) -> tuple[list[tuple[str, list[Department]]], list[str]]:
    """The departments a parenthetical assigns, by role, and the list texts they came from."""
    parsed = parse_assignment(content)
    groups: list[tuple[str, list[Department]]] = []
    raw: list[str] = []
    none: tuple[list[tuple[str, list[Department]]], list[str]] = ([], [])
    if parsed:
        for role, lst in parsed:
            deps = resolve_list(lst, scope)
            if role == "support":
                deps = [d for d in deps if _plausible(d)]
            elif any(not _plausible(d) for d in deps):
                return none  # （技工院校内由人力资源社会保障行政部门负责） is a sentence
            if deps:
                groups.append((role, deps))
                raw.append(lst)
        return groups, raw
    # a bare list of bodies closing a measure: （人民银行XX县支行、县财政局、各商业保险公司）
    clause = _WS.sub("", content)
    if len(clause) > 120 or re.search(r"[。：:；;]", clause):
        return none
    after = text[end : end + 3]
    if after and not re.match(r"^(?:\s|[。；;]|$)", after):
        return none
    if _NOT_A_LIST.match(clause):
        return none
    items = split_names(clause)
    if not items or not all(has_explicit_scope(it, scope) for it in items):
        return none
    deps = resolve_list(clause, scope)
    if len(deps) != len(items) or not all(_strong(d, d.written) for d in deps):
        return none
    if not any(d.kind in ("government", "party", "people") for d in deps):
        return none
    return [("responsible", deps)], [clause]


def _table_row(col: _Collector, m: Measure, row: TaskRow, scope: Scope, lead_first: bool) -> None:
    has_lead = bool(row.lead) or "lead" in row.sources
    groups: list[tuple[str, list[Department]]] = []

    def cell_groups(texts: list[str], default: str) -> list[tuple[str, list[Department]]]:
        out: list[tuple[str, list[Department]]] = []
        for t in texts:
            parsed = parse_assignment(t) if re.search(r"牵头|配合|参与|会同|负责", t) else None
            if parsed:
                for role, lst in parsed:
                    deps = resolve_list(lst, scope)
                    if deps:
                        out.append((role, deps))
            else:
                deps = resolve_list(t, scope)
                if deps:
                    out.append((default, deps))
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
        for d in deps:
            col.add(m, d, role, span, row.deadline)
