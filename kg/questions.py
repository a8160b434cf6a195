"""The analyst questions, each written once: lineage, implementers, finding a policy, the
department ranking, one department, its partners, targets.

Every question asks its named query (``queries/NAME.rq`` / ``NAME.cypher``) through
:class:`Rows`, one method ``rows(query_name, params) -> list[dict]``, and counts, groups and
orders the rows in Python. The embedded store, Neo4j and a remote SPARQL endpoint each give
that method (:class:`kg.queries.StoreRows`, :class:`kg.sinks.neo4j.Neo4jStore`,
:class:`kg.queries.EndpointRows`), so the command line, the views and the benchmarks get the
same answers whatever holds the graph. An IRI parameter is an :class:`Iri` (a ``str``): a
SPARQL source binds it as an IRI, Neo4j as the text its nodes carry.

A fake source shows the interface:

>>> class Fake:
...     def rows(self, query_name, params=None):
...         return [dict(department="d:a", name="广州市民政局", kind=None, role="lead", measure="m1", policy="p1"),
...                 dict(department="d:b", name="沈阳市教育局", kind=None, role="lead", measure="m2", policy="p2")]
>>> [d.name for d in departments(Fake(), region="广州市")]
['广州市民政局']
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, TypeVar

import networkx as nx

from kg.extract.docnumber import normalise_doc_number
from kg.network import centrality, co_responsibility_graph
from kg.schema import ROLES, level_rank

ROLE_ORDER = {r.value: i for i, r in enumerate(ROLES)}
N = TypeVar("N", bound=Hashable)


class Iri(str):
    """A parameter value that is an IRI (a SPARQL source binds it as ``<…>``)."""


class Rows(Protocol):
    """What holds the graph: runs the named query ``query_name`` with ``params`` bound
    (``None`` values are left unbound) and gives its rows as dicts of plain values."""

    def rows(self, query_name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...


def in_region(name: str | None, region: str) -> bool:
    """Whether a region, or a department by its canonical name, is ``region`` or inside it.
    Canonical names begin with the full name of their region (广州市天河区, 广州市民政局), so
    that is a prefix test; the one place to switch to a region hierarchy.

    >>> in_region("广州市天河区", "广州市"), in_region("广州市民政局", "广州市"), in_region("沈阳市教育局", "广州市")
    (True, True, False)
    >>> in_region(None, "广州市"), in_region("广州市", " 广州市 ")
    (False, True)
    """
    region = region.strip()
    return bool(name) and bool(region) and str(name).startswith(region)


def _str(value: Any) -> str | None:
    """Query values as text; the empty string of an unbound optional is ``None``.

    >>> _str(""), _str(None), _str(3)
    (None, None, '3')
    """
    if value is None or value == "":
        return None
    return str(value)


def reach(start: N, step: Callable[[N], Iterable[N]]) -> dict[N, list[N]]:
    """Everything reachable from ``start`` by ``step``, breadth first, each with the shortest
    path from it back to ``start`` (``step`` is asked in sorted order, so ties break the
    same way every time).

    >>> up = {"county": ["city"], "city": ["province", "national"], "province": ["national"]}
    >>> reach("county", lambda n: up.get(n, []))["national"]
    ['national', 'city', 'county']
    """
    paths: dict[N, list[N]] = {start: [start]}
    queue = deque([start])
    while queue:
        cur = queue.popleft()
        for nxt in sorted(step(cur)):  # type: ignore[type-var]
            if nxt not in paths:
                paths[nxt] = [nxt] + paths[cur]
                queue.append(nxt)
    return paths


# --- finding a policy ------------------------------------------------------------------


@dataclass
class PolicyRef:
    iri: str
    number: str | None
    title: str | None
    level: str | None = None
    region: str | None = None
    stub: bool = False

    @property
    def label(self) -> str:
        return self.number or self.title or self.iri

    def brief(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title, "iri": self.iri}


class PolicyNotFound(LookupError):
    def __init__(self, query: str) -> None:
        super().__init__(query)
        self.query = query


class PolicyAmbiguous(LookupError):
    def __init__(self, query: str, candidates: list[PolicyRef]) -> None:
        super().__init__(query)
        self.query, self.candidates = query, candidates


def choose_policy(query: str, found: list[tuple[PolicyRef, bool]]) -> PolicyRef:
    """The one tie rule: among the policies matching ``query`` (each with whether it matches
    exactly: number, title or alternative title), the exact matches if any, else all; of
    those the only one, else the only document of the corpus (not a stub); else
    :class:`PolicyAmbiguous` with the candidates, :class:`PolicyNotFound` when none.

    >>> a, b = PolicyRef("p:a", "沈政发〔2021〕14号", "方案"), PolicyRef("p:b", None, "方案", stub=True)
    >>> choose_policy("方案", [(a, True), (b, True)]).iri
    'p:a'
    >>> choose_policy("方", [(a, False), (PolicyRef("p:c", None, "方法"), False)])
    Traceback (most recent call last):
    kg.questions.PolicyAmbiguous: 方
    """
    if not found:
        raise PolicyNotFound(query)
    exact = [p for p, e in found if e]
    pool = exact or [p for p, _ in found]
    if len(pool) == 1:
        return pool[0]
    docs = [p for p in pool if not p.stub]
    if len(docs) == 1:
        return docs[0]
    raise PolicyAmbiguous(query, sorted(pool, key=lambda p: (p.stub, p.number is None, p.number or "", p.title or "", p.iri)))


def policy_candidates(source: Rows, text: str) -> list[tuple[PolicyRef, bool]]:
    """Policies matching a 发文字号 (any bracket form) or a title (or part of one), each with
    whether it matches exactly; a number is looked up first (one index lookup), titles only
    when no number matches."""
    text = text.strip()
    number = normalise_doc_number(text)
    rows = source.rows("policy_by_number", {"text": number}) if number else []
    if not rows:
        rows = source.rows("find_policy", {"text": number or text})
    out: dict[str, tuple[PolicyRef, bool]] = {}
    for r in rows:
        ref = PolicyRef(r["policy"], _str(r.get("number")), _str(r.get("title")), _str(r.get("level")),
                        _str(r.get("region")), bool(r.get("stub")))
        exact = bool(r.get("exact")) or text in (ref.number, ref.title)
        if r["policy"] not in out or exact:
            out[r["policy"]] = (ref, exact)
    return list(out.values())


def find_policy(source: Rows, text: str) -> PolicyRef:
    """The policy a number or title names (:func:`choose_policy` breaks ties)."""
    return choose_policy(text.strip(), policy_candidates(source, text))


# --- lineage and implementers ----------------------------------------------------------


@dataclass
class TreeNode:
    policy: PolicyRef
    sentence: str | None = None
    children: list[TreeNode] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        p = self.policy
        return {"number": p.number, "title": p.title, "level": p.level, "region": p.region, "stub": p.stub,
                "iri": p.iri, "sentence": self.sentence, "children": [c.to_dict() for c in self.children]}

    def iris(self) -> set[str]:
        """The policies of the tree."""
        return {self.policy.iri}.union(*(c.iris() for c in self.children))


def lineage(source: Rows, policy: PolicyRef) -> TreeNode:
    """The directives ``policy`` implements, up to national level, as a tree."""
    info: dict[str, PolicyRef] = {}
    edges: dict[str, list[tuple[str, str | None]]] = {}
    for r in source.rows("lineage", {"policy": Iri(policy.iri)}):
        info.setdefault(r["parent"], PolicyRef(r["parent"], _str(r.get("parentNumber")), _str(r.get("parentTitle")),
                                               _str(r.get("parentLevel")), None, bool(r.get("parentStub"))))
        lst = edges.setdefault(r["child"], [])
        if all(p != r["parent"] for p, _ in lst):
            lst.append((r["parent"], r.get("sentence")))

    def grow(iri: str, ref: PolicyRef, sentence: str | None, seen: frozenset[str]) -> TreeNode:
        node = TreeNode(ref, sentence)
        for parent, sent in sorted(edges.get(iri, []), key=lambda p: (info[p[0]].level or "z", info[p[0]].number or "")):
            if parent not in seen:
                node.children.append(grow(parent, info[parent], sent, seen | {parent}))
        return node

    return grow(policy.iri, policy, None, frozenset({policy.iri}))


@dataclass
class Implementer:
    policy: PolicyRef
    date: str | None
    path: list[PolicyRef]  # from the implementer up to the directive

    @property
    def direct(self) -> bool:
        return len(self.path) == 2

    def to_dict(self) -> dict[str, Any]:
        p = self.policy
        return {"number": p.number, "title": p.title, "level": p.level, "region": p.region, "date": self.date,
                "direct": self.direct, "path": [{"number": x.number, "title": x.title, "level": x.level} for x in self.path]}


def implementers(source: Rows, policy: PolicyRef) -> list[Implementer]:
    """Every policy that implements ``policy``, directly or through intermediates, with the
    shortest path; nearest first, then from the top level down."""
    info: dict[str, PolicyRef] = {policy.iri: policy}
    dates: dict[str, str | None] = {}
    down: dict[str, list[str]] = {}
    for r in source.rows("implementers", {"policy": Iri(policy.iri)}):
        info.setdefault(r["child"], PolicyRef(r["child"], _str(r.get("childNumber")), _str(r.get("childTitle")),
                                              _str(r.get("childLevel")), _str(r.get("childRegion"))))
        dates[r["child"]] = _str(r.get("childDate"))
        down.setdefault(r["parent"], []).append(r["child"])
    paths = reach(policy.iri, lambda n: down.get(n, []))
    out = [Implementer(info[i], dates.get(i), [info[x] for x in p]) for i, p in paths.items() if i != policy.iri]
    out.sort(key=lambda x: (len(x.path), level_rank(x.policy.level), x.policy.number or "", x.policy.title or ""))
    return out


# --- departments -----------------------------------------------------------------------


@dataclass
class DepartmentRank:
    iri: str
    name: str
    kind: str | None
    led: int = 0
    supported: int = 0
    responsible: int = 0
    measures: int = 0
    policies: int = 0
    #: filled by :func:`add_centrality`
    degree: int | None = None
    degree_centrality: float | None = None
    betweenness: float | None = None

    def to_dict(self, with_centrality: bool = False) -> dict[str, Any]:
        d = asdict(self)
        if not with_centrality:
            for k in ("degree", "degree_centrality", "betweenness"):
                d.pop(k)
        return d


def responsibility_rows(source: Rows, policy: str | None = None, region: str | None = None,
                        role: str | None = None) -> list[dict[str, Any]]:
    """Rows of ``queries/departments.rq``: one per (department, measure, role), of the policy
    IRI ``policy``, of the departments in ``region`` (:func:`in_region`) and with ``role``
    when given."""
    params = {"policy": Iri(policy) if policy else None, "role": role}
    rows = source.rows("departments", params)
    if region and region.strip():
        rows = [r for r in rows if in_region(r["name"], region)]
    return rows


def rank_departments(rows: list[dict[str, Any]]) -> list[DepartmentRank]:
    """Departments with the number of distinct measures they lead, support and are
    responsible for, and of policies, ranked by measures led, then supported, then
    responsible, then policies (then by name).

    >>> rows = [dict(department="d:a", name="A", kind=None, role="lead", measure="m1", policy="p1"),
    ...         dict(department="d:b", name="B", kind=None, role="support", measure="m1", policy="p1"),
    ...         dict(department="d:b", name="B", kind=None, role="lead", measure="m2", policy="p2"),
    ...         dict(department="d:a", name="A", kind=None, role="lead", measure="m3", policy="p2")]
    >>> [(d.name, d.led, d.supported, d.measures, d.policies) for d in rank_departments(rows)]
    [('A', 2, 0, 2, 2), ('B', 1, 1, 2, 2)]
    """
    by_role: dict[str, dict[str, set[str]]] = {}
    measures: dict[str, set[str]] = {}
    policies: dict[str, set[str]] = {}
    info: dict[str, tuple[str, str | None]] = {}
    for r in rows:
        d = r["department"]
        info.setdefault(d, (r["name"], _str(r.get("kind"))))
        by_role.setdefault(d, {}).setdefault(r["role"], set()).add(r["measure"])
        measures.setdefault(d, set()).add(r["measure"])
        policies.setdefault(d, set()).add(r["policy"])
    out = [DepartmentRank(iri=d, name=name, kind=kind, led=len(by_role[d].get("lead", ())),
                          supported=len(by_role[d].get("support", ())), responsible=len(by_role[d].get("responsible", ())),
                          measures=len(measures[d]), policies=len(policies[d]))
           for d, (name, kind) in info.items()]
    out.sort(key=lambda x: (-x.led, -x.supported, -x.responsible, -x.policies, x.name))
    return out


def department_network(rows: list[dict[str, Any]]) -> nx.Graph:
    """The co-responsibility network of the departments in ``rows`` (of departments.rq or
    department_measures.rq): nodes are department names, edge weight the number of measures
    two departments share; edges also list the shared measures and their policies."""
    return co_responsibility_graph(
        ((r.get("label") or r["name"], r["measure"]) for r in rows),
        policy_of={r["measure"]: r["policy"] for r in rows},
    )


def add_centrality(ranked: list[DepartmentRank], g: nx.Graph) -> None:
    """Fill degree, degree centrality and betweenness from the network ``g``."""
    values = centrality(g)
    for d in ranked:
        c = values.get(d.name)
        if c is not None:
            d.degree, d.degree_centrality, d.betweenness = c["degree"], c["degree_centrality"], c["betweenness"]


def departments(source: Rows, policy: str | None = None, region: str | None = None, role: str | None = None,
                with_centrality: bool = False) -> list[DepartmentRank]:
    """The department ranking (:func:`rank_departments`) of the responsibilities that pass
    the filters, with their place in the co-responsibility network when asked."""
    rows = responsibility_rows(source, policy, region, role)
    ranked = rank_departments(rows)
    if with_centrality:
        add_centrality(ranked, department_network(rows))
    return ranked


# --- one department --------------------------------------------------------------------


class DepartmentNotFound(LookupError):
    def __init__(self, name: str, suggestions: list[str], empty: bool = False) -> None:
        super().__init__(name)
        self.name, self.suggestions, self.empty = name, suggestions, empty


class DepartmentAmbiguous(LookupError):
    """A name several departments answer to: an alias they share, or the end of canonical
    names (``suffix``: at least one fits by the ending only)."""

    def __init__(self, name: str, candidates: list[str], suffix: bool = False) -> None:
        super().__init__(name)
        self.name, self.candidates, self.suffix = name, candidates, suffix


@dataclass
class DepartmentRef:
    iri: str
    name: str
    #: the name the department was asked for by, when not its canonical name
    alias: str | None = None
    #: whether that name is the end of its canonical name rather than an alias
    by_suffix: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "iri": self.iri, "asked_as": self.alias}


@dataclass
class DepartmentMeasure:
    role: str
    deadline: str | None
    measure: str
    number: str | None
    heading: str | None
    text: str | None
    policy: str
    policy_number: str | None
    policy_title: str | None
    start: int | None = None

    @property
    def task(self) -> str:
        if self.heading:
            return self.heading
        text = (self.text or "").strip()
        return text if len(text) <= 40 else text[:39] + "…"

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role, "deadline": self.deadline,
            "measure": {"number": self.number, "heading": self.heading, "text": self.text, "iri": self.measure},
            "policy": {"number": self.policy_number, "title": self.policy_title, "iri": self.policy},
        }


def _name_probes(name: str) -> list[str]:
    """The name as given and with the other width of brackets.

    >>> _name_probes("沈阳市(市)局")
    ['沈阳市(市)局', '沈阳市（市）局']
    """
    name = name.strip()
    full = name.translate(str.maketrans("()", "（）"))
    half = name.translate(str.maketrans("（）", "()"))
    return list(dict.fromkeys([name, full, half]))


def by_suffix(names: Iterable[str], name: str) -> list[str]:
    """The canonical names that end with ``name`` (射阳县教育局 → 盐城市射阳县教育局).

    >>> by_suffix(["盐城市射阳县教育局", "盐城市教育局", "射阳县教育局办公室"], "射阳县教育局")
    ['盐城市射阳县教育局']
    """
    return sorted(n for n in names if name and n.endswith(name))


def fitting_departments(names: list[dict[str, Any]], name: str) -> dict[str, tuple[str, bool]]:
    """The departments ``name`` fits, from the rows of ``queries/department_names.rq``: those
    that go by it (an alias) and those whose canonical name ends with it; IRI -> (canonical
    name, whether by the ending only).

    >>> rows = [dict(department="d:1", label="沈阳市教育局", name="市教育局", match="alias"),
    ...         dict(department="d:2", label="庆阳市教育局", name="庆阳市教育局", match="name")]
    >>> fitting_departments(rows, "市教育局")
    {'d:1': ('沈阳市教育局', False), 'd:2': ('庆阳市教育局', True)}
    """
    probes = _name_probes(name)
    out: dict[str, tuple[str, bool]] = {}
    for r in sorted(names, key=lambda r: r["match"] != "alias"):  # an alias counts before an ending
        if r["match"] == "alias" and r["name"] in probes:
            out[r["department"]] = (r["label"], False)
        elif any(by_suffix([r["label"]], probe) for probe in probes):
            out.setdefault(r["department"], (r["label"], True))
    return out


def department_rows(source: Rows, name: str) -> tuple[DepartmentRef, list[dict[str, Any]]]:
    """The department ``name`` names and its rows of ``queries/department_measures.rq``: the
    one with that canonical name, else the only one that goes by it (an alias) or whose
    canonical name ends with it. :class:`DepartmentAmbiguous` lists all when several fit;
    :class:`DepartmentNotFound` comes with close names."""
    name = name.strip()
    for probe in _name_probes(name):
        rows = source.rows("department_measures", {"name": probe})
        canonical = [r for r in rows if r["match"] == "name"]
        found = sorted({(r["label"], r["department"]) for r in canonical})
        if len(found) > 1:
            raise DepartmentAmbiguous(name, [label for label, _ in found])
        if found:
            return DepartmentRef(found[0][1], found[0][0]), canonical
    names = source.rows("department_names", {})
    fits = fitting_departments(names, name)
    if not fits:
        raise DepartmentNotFound(name, *suggest_departments(names, name))
    if len(fits) > 1:
        raise DepartmentAmbiguous(name, sorted(label for label, _ in fits.values()),
                                  suffix=any(ending for _, ending in fits.values()))
    iri, (label, ending) = next(iter(fits.items()))
    rows = source.rows("department_measures", {"department": Iri(iri)})
    keep = [r for r in rows if r["match"] == "name"] if ending else [r for r in rows if r["name"] in _name_probes(name)]
    return DepartmentRef(iri, label, keep[0]["name"] if keep and not ending else name, by_suffix=ending), keep


def suggest_departments(names: list[dict[str, Any]], name: str, n: int = 5) -> tuple[list[str], bool]:
    """Canonical names of departments whose name or an alias is close to ``name`` (difflib,
    or containing it), from the rows of ``queries/department_names.rq``; and whether there
    are no departments at all."""
    canonical_of: dict[str, set[str]] = {}
    for r in names:
        canonical_of.setdefault(r["name"], set()).add(r["label"])
    close = difflib.get_close_matches(name, sorted(canonical_of), n=n, cutoff=0.5)
    # a part of a name (教育局 in 沈阳市教育局) is close too
    close += sorted(x for x in canonical_of if name and name in x and x not in close)
    out: list[str] = []
    for c in close:
        for label in sorted(canonical_of[c]):
            if label not in out:
                out.append(label)
    return out[:n], not names


def department(source: Rows, name: str) -> tuple[DepartmentRef, list[DepartmentMeasure]]:
    """A department's measures across all policies, each with its role, the policy and the
    deadline; in policy order, then in document order."""
    ref, rows = department_rows(source, name)
    seen: dict[tuple[str, str], DepartmentMeasure] = {}
    for r in rows:
        key = (r["measure"], r["role"])
        if key not in seen:
            seen[key] = DepartmentMeasure(
                role=r["role"], deadline=_str(r.get("deadline")), measure=r["measure"], number=_str(r.get("number")),
                heading=_str(r.get("heading")), text=_str(r.get("text")), policy=r["policy"],
                policy_number=_str(r.get("policyNumber")), policy_title=_str(r.get("policyTitle")),
                start=r.get("start") if isinstance(r.get("start"), int) else None)
    out = sorted(seen.values(), key=lambda m: (m.policy_number is None, m.policy_number or "", m.policy_title or "", m.policy,
                                                m.start if m.start is not None else 1 << 62, m.number or "",
                                                ROLE_ORDER.get(m.role, 9)))
    return ref, out


# --- partners --------------------------------------------------------------------------


@dataclass
class Partner:
    name: str
    iri: str
    shared: int
    measures: list[str]
    policies: list[PolicyRef]
    #: the partner's roles on the shared measures: role -> number of measures
    roles: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "iri": self.iri, "shared": self.shared, "measures": self.measures,
                "policies": [p.brief() for p in self.policies], "roles": self.roles}


def partners(source: Rows, department: DepartmentRef) -> list[Partner]:
    """Departments that share measures with ``department`` (``queries/partners.rq``): how
    many measures, in which policies, with which roles; most shared first."""
    measures: dict[str, set[str]] = {}
    roles: dict[str, dict[str, set[str]]] = {}
    policies: dict[str, dict[str, PolicyRef]] = {}
    names: dict[str, str] = {}
    for r in source.rows("partners", {"department": Iri(department.iri)}):
        p = r["partner"]
        names[p] = r["partnerName"]
        measures.setdefault(p, set()).add(r["measure"])
        roles.setdefault(p, {}).setdefault(r["partnerRole"], set()).add(r["measure"])
        policies.setdefault(p, {}).setdefault(
            r["policy"], PolicyRef(r["policy"], _str(r.get("policyNumber")), _str(r.get("policyTitle"))))
    out = [
        Partner(name=names[p], iri=p, shared=len(ms), measures=sorted(ms),
                policies=sorted(policies[p].values(), key=lambda b: (b.number is None, b.number or "", b.title or "", b.iri)),
                roles={role: len(roles[p][role]) for role in sorted(roles[p], key=lambda x: ROLE_ORDER.get(x, 9))})
        for p, ms in measures.items()
    ]
    out.sort(key=lambda x: (-x.shared, x.name))
    return out


# --- targets ---------------------------------------------------------------------------


@dataclass
class TargetRow:
    indicator: str
    value: Any
    unit: str | None
    comparator: str | None
    deadline: str | None
    scope: str | None
    measure: str | None
    policy: PolicyRef

    def to_dict(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "value": self.value, "unit": self.unit, "comparator": self.comparator,
                "deadline": self.deadline, "scope": self.scope, "measure": self.measure, "policy": self.policy.brief()}


def targets(source: Rows, deadline: str | None = None, policy: str | None = None) -> list[TargetRow]:
    """Targets of ``queries/targets.rq``, due in the year ``deadline`` and of the policy IRI
    ``policy`` when given; by year (those without one last), then policy, then document order."""
    seen: set[str] = set()
    out = []
    for r in source.rows("targets", {"deadline": deadline, "policy": Iri(policy) if policy else None}):
        if r["target"] in seen:
            continue
        seen.add(r["target"])
        out.append(TargetRow(
            indicator=r["indicator"], value=r["value"], unit=_str(r.get("unit")), comparator=_str(r.get("comparator")),
            deadline=_str(r.get("deadline")), scope=_str(r.get("scope")), measure=_str(r.get("measureNumber")),
            policy=PolicyRef(r["policy"], _str(r.get("policyNumber")), _str(r.get("policyTitle"))),
        ))
    # targets without a year last; otherwise the query's order (year, policy, document order)
    out.sort(key=lambda x: (x.deadline is None, x.deadline or ""))
    return out


# --- clause-level lineage: which measures of a directive a local document takes up --------


@dataclass
class MeasureRef:
    """A measure as the take-up questions name it: ``label`` is its number as FORMAT.md
    writes it ("7", "十四", "五" for 第五条), or its full path where numbers restart."""

    iri: str
    path: str
    number: str
    label: str
    text: str | None = None
    start: int | None = None


def measure_labels(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Measure IRI -> label: its number for the first measure that carries it (measures
    before task-table rows, in document order), the full path for the later ones, whose
    numbering restarts (an attachment's rows).

    >>> measure_labels([{"measure": "r", "measureNumber": "1", "path": "附件1/1", "kind": "row"},
    ...                 {"measure": "a", "measureNumber": "1", "path": "一/1", "kind": "measure"},
    ...                 {"measure": "b", "measureNumber": "1", "path": "二/1", "kind": "measure"},
    ...                 {"measure": "c", "measureNumber": "五", "path": "第五条", "kind": "measure"}])
    {'a': '1', 'b': '二/1', 'c': '五', 'r': '附件1/1'}
    """
    rows = list(rows)
    out: dict[str, str] = {}
    used: set[str] = set()
    for r in sorted(rows, key=lambda r: r.get("kind") == "row"):
        number = str(r["measureNumber"])
        out[r["measure"]] = number if number not in used else str(r["path"])
        used.add(number)
    return out


def policy_measures(source: Rows, policy: PolicyRef) -> list[MeasureRef]:
    """The measures of ``policy`` the alignment compares (:func:`kg.align.core.comparable`),
    in document order, labelled by :func:`measure_labels`."""
    from kg.align.core import comparable

    rows = [r for r in source.rows("measures_of_policy", {"policy": Iri(policy.iri)}) if comparable(r.get("kind"), r.get("text"))]
    labels = measure_labels(rows)
    return [MeasureRef(r["measure"], str(r["path"]), str(r["measureNumber"]), labels[r["measure"]], _str(r.get("text")), r.get("start"))
            for r in rows]


@dataclass
class TakeUp:
    """A local measure that takes up a parent measure, with the score and both passages."""

    local: MeasureRef
    parent: MeasureRef
    parent_policy: PolicyRef
    score: float
    local_text: str
    parent_text: str
    local_span: tuple[int, int] | None = None
    parent_span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"local_measure": self.local.label, "parent_measure": self.parent.label, "score": self.score,
                "local_text": self.local_text, "parent_text": self.parent_text,
                "local_path": self.local.path, "parent_path": self.parent.path, "parent_policy": self.parent_policy.brief(),
                "local_span": list(self.local_span) if self.local_span else None,
                "parent_span": list(self.parent_span) if self.parent_span else None}


@dataclass
class Adoption:
    """What a local policy takes up of the directives it implements."""

    policy: PolicyRef
    parents: list[PolicyRef]
    pairs: list[TakeUp]
    #: (directive, its measure) that no measure of the policy takes up
    not_taken_up: list[tuple[PolicyRef, MeasureRef]]

    def to_dict(self) -> dict[str, Any]:
        return {"policy": self.policy.brief(), "parents": [p.brief() for p in self.parents],
                "pairs": [t.to_dict() for t in self.pairs],
                "not_taken_up": [{"parent_measure": m.label, "parent_path": m.path, "parent_policy": p.brief(), "text": m.text}
                                 for p, m in self.not_taken_up]}


def direct_parents(source: Rows, policy: PolicyRef) -> list[PolicyRef]:
    """The directives ``policy`` implements directly that are documents of the graph."""
    out: dict[str, PolicyRef] = {}
    for r in source.rows("lineage", {"policy": Iri(policy.iri)}):
        if r["child"] == policy.iri and not r.get("parentStub"):
            out.setdefault(r["parent"], PolicyRef(r["parent"], _str(r.get("parentNumber")), _str(r.get("parentTitle")),
                                                  _str(r.get("parentLevel")), None, False))
    return list(out.values())


def take_ups(source: Rows, policy: PolicyRef | None = None, parent: PolicyRef | None = None,
             parents: Mapping[str, PolicyRef] | None = None) -> list[tuple[dict[str, Any], PolicyRef]]:
    """The rows of the ``adoption`` query (of ``policy``, into ``parent``), each with the
    parent policy it names."""
    params = {"policy": Iri(policy.iri) if policy else None, "parent": Iri(parent.iri) if parent else None}
    known = dict(parents or {})
    out = []
    for r in source.rows("adoption", params):
        ref = known.setdefault(r["parent"], PolicyRef(r["parent"], _str(r.get("parentNumber")), None))
        out.append((r, ref))
    return out


def adoption(source: Rows, policy: PolicyRef, parent: PolicyRef | None = None) -> Adoption:
    """For each measure of ``policy``, the measures of the directives it implements (or of
    ``parent``) that it takes up, with scores and both passages; then the directives'
    measures it does not take up."""
    parents = [parent] if parent else direct_parents(source, policy)
    by_iri = {p.iri: p for p in parents}
    local = {m.iri: m for m in policy_measures(source, policy)}
    parent_measures = {p.iri: policy_measures(source, p) for p in parents}
    plabels = {m.iri: m for ms in parent_measures.values() for m in ms}
    pairs = []
    for r, ref in take_ups(source, policy, parent, by_iri):
        if r["parent"] not in by_iri:
            continue
        lm = local.get(r["localMeasure"]) or MeasureRef(r["localMeasure"], str(r["localPath"]), str(r["localNumber"]), str(r["localPath"]))
        pm = plabels.get(r["parentMeasure"]) or MeasureRef(r["parentMeasure"], str(r["parentPath"]), str(r["parentMeasureNumber"]), str(r["parentPath"]))
        span = lambda a, b: (int(r[a]), int(r[b])) if r.get(a) is not None and r.get(b) is not None else None  # noqa: E731
        pairs.append(TakeUp(lm, pm, ref, float(r["score"]), r.get("localText") or "", r.get("parentText") or "",
                            span("localStart", "localEnd"), span("parentStart", "parentEnd")))
    taken = {t.parent.iri for t in pairs}
    missing = [(p, m) for p in parents for m in parent_measures[p.iri] if m.iri not in taken]
    return Adoption(policy, parents, pairs, missing)


@dataclass
class MeasureTakeUp:
    """A measure of a directive and the implementers that take it up."""

    measure: MeasureRef
    implementers: list[PolicyRef]

    @property
    def count(self) -> int:
        return len(self.implementers)

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure.label, "path": self.measure.path, "text": self.measure.text, "count": self.count,
                "implementers": [p.brief() for p in self.implementers]}


@dataclass
class MeasureUptake:
    """For each measure of a directive, how many implementers take it up and which; the
    measures nobody took up; the implementers' measures that take up nothing (local additions)."""

    directive: PolicyRef
    implementers: list[PolicyRef]
    measures: list[MeasureTakeUp]
    not_taken_up: list[MeasureRef]
    local_additions: list[tuple[PolicyRef, MeasureRef]]

    def to_dict(self) -> dict[str, Any]:
        return {"directive": self.directive.brief(), "implementers": [p.brief() for p in self.implementers],
                "measures": [m.to_dict() for m in self.measures],
                "not_taken_up": [{"measure": m.label, "path": m.path, "text": m.text} for m in self.not_taken_up],
                "local_additions": [{"policy": p.brief(), "measure": m.label, "path": m.path, "text": m.text}
                                    for p, m in self.local_additions]}


def measure_uptake(source: Rows, directive: PolicyRef) -> MeasureUptake:
    """Take-up of ``directive`` measure by measure across its direct implementers."""
    direct = [i.policy for i in implementers(source, directive) if i.direct]
    by_iri = {p.iri: p for p in direct}
    measures = policy_measures(source, directive)
    takers: dict[str, dict[str, PolicyRef]] = {m.iri: {} for m in measures}
    for r, _ in take_ups(source, None, directive):
        if r["policy"] in by_iri and r["parentMeasure"] in takers:
            takers[r["parentMeasure"]].setdefault(r["policy"], by_iri[r["policy"]])
    rows = [MeasureTakeUp(m, list(takers[m.iri].values())) for m in measures]
    additions = []
    for p in direct:
        taking = {r["localMeasure"] for r, _ in take_ups(source, p)}
        additions += [(p, m) for m in policy_measures(source, p) if m.iri not in taking]
    return MeasureUptake(directive, direct, rows, [r.measure for r in rows if not r.implementers], additions)
