"""The analyst questions, each written once: lineage, implementers, finding a policy, the
department ranking, one department, its partners, targets.

Every question asks its named query (``queries/NAME.rq`` / ``NAME.cypher``) through
:class:`Rows`, one method ``rows(query_name, params) -> list[dict]``, and counts, groups and
orders the rows in Python; counts that grow with the corpus are counted in the store
(GROUP BY, or the departments' tallies the build keeps), and long answers come in pages
(:class:`Page`, cut in the store where the source takes a page). The embedded store, Neo4j and a remote SPARQL endpoint each give
that method (:class:`kg.queries.StoreRows`, :class:`kg.sinks.neo4j.Neo4jStore`,
:class:`kg.queries.EndpointRows`), so the command line, the views and the benchmarks get the
same answers whatever holds the graph. An IRI parameter is an :class:`Iri` (a ``str``): a
SPARQL source binds it as an IRI, Neo4j as the text its nodes carry.

A fake source shows the interface:

>>> class Fake:
...     def rows(self, query_name, params=None):
...         return [dict(child="p:a", parent="p:top", childNumber="辽政发〔2021〕2号", childLevel="province")]
>>> [i.policy.number for i in implementers(Fake(), PolicyRef("p:top", "国发〔2019〕4号", None))]
['辽政发〔2021〕2号']
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Generic, Protocol, TypeVar

import networkx as nx

from kg.extract.docnumber import normalise_doc_number
from kg.network import BetweennessMethod, centrality, co_responsibility_graph
from kg.schema import ROLES, level_rank

ROLE_ORDER = {r.value: i for i, r in enumerate(ROLES)}
N = TypeVar("N", bound=Hashable)


class Iri(str):
    """A parameter value that is an IRI (a SPARQL source binds it as ``<…>``)."""


class Zh(str):
    """A parameter value that is Chinese text as the graph labels it (a SPARQL source binds
    it as ``"…"@zh``, so a label is found by index; Neo4j as the text)."""


@dataclass(frozen=True)
class Page:
    """One page of a long answer: at most ``limit`` rows (``None``: all) after ``offset``.

    >>> Page(2, 1).of(["a", "b", "c", "d"]), Page().of(["a"])
    (['b', 'c'], ['a'])
    """

    limit: int | None = None
    offset: int = 0

    def of(self, items: list[T]) -> list[T]:
        """This page of a list already in memory."""
        end = None if self.limit is None else self.offset + self.limit
        return items[self.offset:end]


T = TypeVar("T")


@dataclass
class Paged(Generic[T]):
    """A page of an answer and how many rows the whole answer has."""

    rows: list[T]
    total: int
    page: Page = field(default_factory=Page)


class Rows(Protocol):
    """What holds the graph: runs the named query ``query_name`` with ``params`` bound
    (``None`` values are left unbound) and gives its rows as dicts of plain values. A source
    whose ``pages`` is true also takes ``page=`` (:class:`Page`, cut in the store after the
    query's ORDER BY); for the others a page is sliced from every row."""

    def rows(self, query_name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...


def _page_of(source: Rows, query_name: str, params: Mapping[str, Any], page: Page) -> list[dict[str, Any]]:
    """One page of a named query's rows: cut in the store when the source takes a page.

    >>> class Fake:
    ...     def rows(self, query_name, params=None):
    ...         return [{"n": i} for i in range(5)]
    >>> _page_of(Fake(), "q", {}, Page(2, 2))
    [{'n': 2}, {'n': 3}]
    """
    if not getattr(source, "pages", False):
        return page.of(source.rows(query_name, params))
    return source.rows(query_name, params, page=page)  # type: ignore[call-arg]


def region_chain(name: str) -> list[str]:
    """The region a name (of a region or a body: 沈阳市和平区教育局) begins with and every
    region enclosing it, as the graph names them (the gazetteer's hierarchy: county ⊂ city ⊂
    province).

    >>> region_chain("沈阳市和平区教育局")
    ['沈阳市和平区', '和平区', '沈阳市', '辽宁省']
    >>> region_chain("国务院")
    []
    """
    from kg.reference import find_region, region_by_name
    from kg.sinks.rdf import region_key

    r = find_region(str(name))
    if r is None:
        return []
    chain = list(dict.fromkeys([region_key(r), r.name]))
    parent, seen = r.parent, set(chain)
    while parent and parent not in seen:
        chain.append(parent)
        seen.add(parent)
        up = region_by_name(parent)
        parent = up.parent if up is not None and up.name == parent else None
    return chain


def in_region(name: str | None, region: str) -> bool:
    """Whether a region, or a department by its canonical name, is ``region`` or inside it,
    by the region hierarchy (:func:`region_chain`): 辽宁省 holds 沈阳市 and its districts.
    A name the gazetteer does not know is inside a region it begins with.

    >>> in_region("广州市天河区", "广州市"), in_region("广州市民政局", "广州市"), in_region("沈阳市教育局", "广州市")
    (True, True, False)
    >>> in_region("沈阳市教育局", "辽宁省"), in_region("沈阳市和平区教育局", "辽宁省"), in_region("天津市和平区教育局", "辽宁省")
    (True, True, False)
    >>> in_region(None, "广州市"), in_region("广州市", " 广州市 ")
    (False, True)
    """
    region = region.strip()
    if not name or not region:
        return False
    return region in region_chain(str(name)) or str(name).startswith(region)


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


def _implementers_of(policy: PolicyRef, rows: Iterable[Mapping[str, Any]]) -> list[Implementer]:
    """The implementers the implements edges ``rows`` reach from ``policy``, each with its
    shortest path; nearest first, then from the top level down, then by number and title."""
    info: dict[str, PolicyRef] = {policy.iri: policy}
    dates: dict[str, str | None] = {}
    down: dict[str, list[str]] = {}
    for r in rows:
        info.setdefault(r["child"], PolicyRef(r["child"], _str(r.get("childNumber")), _str(r.get("childTitle")),
                                              _str(r.get("childLevel")), _str(r.get("childRegion"))))
        dates[r["child"]] = _str(r.get("childDate"))
        down.setdefault(r["parent"], []).append(r["child"])
    paths = reach(policy.iri, lambda n: down.get(n, []))
    out = [Implementer(info[i], dates.get(i), [info[x] for x in p]) for i, p in paths.items() if i != policy.iri]
    out.sort(key=lambda x: (len(x.path), level_rank(x.policy.level), x.policy.number or "", x.policy.title or ""))
    return out


def implementers(source: Rows, policy: PolicyRef) -> list[Implementer]:
    """Every policy that implements ``policy``, directly or through intermediates, with the
    shortest path; nearest first, then from the top level down."""
    return _implementers_of(policy, source.rows("implementers", {"policy": Iri(policy.iri)}))


def implementers_page(source: Rows, policy: PolicyRef, page: Page | None = None, count: bool = True) -> Paged[Implementer]:
    """One page of :func:`implementers` and their number (``queries/implementers_count.rq``).
    Nearest come first, so a page within the direct implementers is read from them alone
    (``implementers_direct.rq``), one within two steps from those (``implementers_near.rq``),
    and only a page further down walks the whole tree. Without ``count`` the total is the
    number of implementers read (a lower bound when the page came from the nearest).

    >>> class Fake:
    ...     def rows(self, query_name, params=None):
    ...         if query_name == "implementers_count":
    ...             return [{"total": 3}]
    ...         edges = [("p:a", "p:top"), ("p:b", "p:top"), ("p:c", "p:a")]
    ...         depth = {"implementers_direct": 1, "implementers_near": 2}.get(query_name, 9)
    ...         return [dict(child=c, parent=p, childLevel="city") for c, p in edges if depth > 1 or p == "p:top"]
    >>> got = implementers_page(Fake(), PolicyRef("p:top", None, None), Page(1, 1))
    >>> [i.policy.iri for i in got.rows], got.total
    (['p:b'], 3)
    """
    page = page or Page()
    params = {"policy": Iri(policy.iri)}
    total = int(source.rows("implementers_count", params)[0]["total"]) if count else None
    want = None if page.limit is None else page.offset + page.limit
    for name, depth in (("implementers_direct", 1), ("implementers_near", 2)):
        if want is None:
            break
        found = [i for i in _implementers_of(policy, source.rows(name, params)) if len(i.path) <= depth + 1]
        if len(found) >= want or len(found) == total:
            return Paged(page.of(found), len(found) if total is None else total, page)
    every = implementers(source, policy)
    return Paged(page.of(every), len(every), page)


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


def add_centrality(ranked: list[DepartmentRank], g: nx.Graph, method: BetweennessMethod | None = None) -> None:
    """Fill degree, degree centrality and betweenness from the network ``g`` (betweenness
    exact or sampled as ``method`` says; by default :func:`kg.network.betweenness_method`)."""
    values = centrality(g, method)
    for d in ranked:
        c = values.get(d.name)
        if c is not None:
            d.degree, d.degree_centrality, d.betweenness = c["degree"], c["degree_centrality"], c["betweenness"]


def _rank(r: Mapping[str, Any]) -> DepartmentRank:
    """A row of ``queries/department_ranking.rq`` (and of its variants) as a ranking row."""
    return DepartmentRank(iri=r["department"], name=r["name"], kind=_str(r.get("kind")), led=int(r["led"]),
                          supported=int(r["supported"]), responsible=int(r["responsible"]),
                          measures=int(r["measures"]), policies=int(r["policies"]))


def department_ranking(source: Rows, policy: str | None = None, region: str | None = None, role: str | None = None,
                       page: Page | None = None) -> Paged[DepartmentRank]:
    """The department ranking (as :func:`rank_departments` ranks), one page of it and the
    number of departments, counted in the store: without a policy or a role each
    department's tally and rank, kept on its node by the build (``queries/department_ranking.rq``
    reads a range of ranks; for a region ``department_ranking_region.rq`` follows the region
    hierarchy down from the region and sorts by rank); with a policy or a role grouped in the
    store (``department_counts.rq``), a region then keeping the departments the region's
    ranking holds."""
    region = region.strip() if region and region.strip() else None
    page = page or Page()
    if policy is None and role is None:
        if region:
            rows = _page_of(source, "department_ranking_region", {"region": Zh(region)}, page)
            total = len(rows) if page.limit is None and not page.offset else \
                int(source.rows("department_count_region", {"region": Zh(region)})[0]["total"])
            return Paged([_rank(r) for r in rows], total, page)
        upto = None if page.limit is None else page.offset + page.limit
        rows = source.rows("department_ranking", {"after": page.offset, "upto": upto})
        total = len(rows) if upto is None and not page.offset else int(source.rows("department_count", {})[0]["total"])
        return Paged([_rank(r) for r in rows], total, page)
    rows = source.rows("department_counts", {"policy": Iri(policy) if policy else None, "role": role})
    if region:
        inside = {r["department"] for r in source.rows("department_ranking_region", {"region": Zh(region)})}
        rows = [r for r in rows if r["department"] in inside]
    return Paged([_rank(r) for r in page.of(rows)], len(rows), page)


def departments(source: Rows, policy: str | None = None, region: str | None = None, role: str | None = None,
                with_centrality: bool = False) -> list[DepartmentRank]:
    """The whole department ranking (:func:`department_ranking`), with each department's
    place in the co-responsibility network when asked (that network is built from every
    responsibility that passes the filters: ``queries/departments.rq``)."""
    ranked = department_ranking(source, policy, region, role).rows
    if with_centrality:
        add_centrality(ranked, department_network(responsibility_rows(source, policy, region, role)))
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


def _measure_list(value: Any) -> list[str]:
    """The shared measures of a partner_counts row: a list (Neo4j) or space-separated IRIs.

    >>> _measure_list("m:2 m:1"), _measure_list(["m:1"]), _measure_list(None)
    (['m:2', 'm:1'], ['m:1'], [])
    """
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).split() if value else []


def partners(source: Rows, department: DepartmentRef) -> list[Partner]:
    """Departments that share measures with ``department``, counted in the store
    (``queries/partner_counts.rq``: one row per partner, role and policy): how many
    measures, in which policies, with which roles; most shared first."""
    measures: dict[str, set[str]] = {}
    roles: dict[str, dict[str, set[str]]] = {}
    policies: dict[str, dict[str, PolicyRef]] = {}
    names: dict[str, str] = {}
    for r in source.rows("partner_counts", {"department": Iri(department.iri)}):
        p = r["partner"]
        names[p] = r["partnerName"]
        shared = _measure_list(r.get("measures"))
        measures.setdefault(p, set()).update(shared)
        roles.setdefault(p, {}).setdefault(r["partnerRole"], set()).update(shared)
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


@dataclass
class TargetYear:
    """How many targets fall due in a year (``None``: without a year), in how many policies."""

    deadline: str | None
    targets: int
    policies: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def targets_by_year(source: Rows) -> list[TargetYear]:
    """The number of targets due in each year and of their policies, counted in the store
    (``queries/targets_by_year.rq``); years in order, targets without one last.

    >>> class Fake:
    ...     def rows(self, query_name, params=None):
    ...         return [dict(deadline="", targets=2, policies=1), dict(deadline="2025", targets=5, policies=3)]
    >>> [(y.deadline, y.targets) for y in targets_by_year(Fake())]
    [('2025', 5), (None, 2)]
    """
    out = [TargetYear(_str(r.get("deadline")), int(r["targets"]), int(r["policies"])) for r in source.rows("targets_by_year", {})]
    out.sort(key=lambda y: (y.deadline is None, y.deadline or ""))
    return out

