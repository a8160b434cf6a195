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
from functools import lru_cache
from typing import Any, Generic, Protocol, TypeVar

import networkx as nx

from kg.extract.docnumber import normalise_doc_number
from kg.graph.status import Standing, standing, today
from kg.network import BetweennessMethod, centrality, co_responsibility_graph
from kg.schema import ROLES, Level, level_rank

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

    @classmethod
    def of(cls, items: list[T], page: Page) -> Paged[T]:
        """Page ``page`` of a list already in memory, with the list's length as the total.

        >>> Paged.of(["a", "b", "c"], Page(1, 1))
        Paged(rows=['b'], total=3, page=Page(limit=1, offset=1))
        """
        return cls(page.of(items), len(items), page)


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


def is_work(iri: str) -> bool:
    """Whether a node of the answers is a work (a law held in several versions, through
    which the walks pass to its versions) rather than a policy.

    >>> is_work("https://w3id.org/policy-kg/id/work/0a1b"), is_work("work:0a1b"), is_work("p:a")
    (True, True, False)
    """
    return iri.startswith(_work_prefixes())


@lru_cache(maxsize=1)
def _work_prefixes() -> tuple[str, str]:
    from kg.schema import NodeKind
    from kg.sinks.rdf import node_iri

    return node_iri(NodeKind.WORK.node("")).value, NodeKind.WORK.node("")


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


# --- validity: in force or not --------------------------------------------------------


def standing_from_rows(rows: Iterable[Mapping[str, Any]], prefix: str, as_of: str) -> Standing:
    """The standing of the policy the rows describe with columns ``<prefix>Effective``,
    ``…Expires``, ``…Repealer``, ``…RepealedSince``, ``…Newer``, ``…AmendedSince`` (without a
    prefix: ``effective``, ``expires`` …, the columns of ``queries/standing.rq``).

    >>> standing_from_rows([{"effective": "2020-01-01", "repealer": "p:b", "repealedSince": "2023-01-01"}], "", "2024-01-01").by
    'p:b'
    """
    rows = list(rows)
    first = rows[0] if rows else {}
    col = lambda r, k: _str(r.get(prefix + k if prefix else k[0].lower() + k[1:]))  # noqa: E731
    repealers = {(col(r, "Repealer"), col(r, "RepealedSince")) for r in rows if col(r, "Repealer")}
    newer = next(((col(r, "Newer"), col(r, "AmendedSince")) for r in rows if col(r, "Newer")), None)
    return standing(as_of, col(first, "Effective"), col(first, "Expires"), [(b, s) for b, s in repealers if b], newer)  # type: ignore[misc]


@dataclass
class StatusReport:
    """``kg status``: a policy's dates and standing, what it repealed, and the chain of
    replacements from it (itself, what repealed it, what repealed that …)."""

    policy: PolicyRef
    date: str | None
    effective: str | None
    expires: str | None
    standing: Standing
    repealed: list[PolicyRef] = field(default_factory=list)
    chain: list[PolicyRef] = field(default_factory=list)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {**self.policy.brief(), "date": self.date, "effective": self.effective, "expires": self.expires,
                **self.standing.to_dict(lang), "repealed": [p.brief() for p in self.repealed],
                "chain": [p.brief() for p in self.chain]}


def _status_rows(source: Rows, iri: str) -> dict[str, list[dict[str, Any]]]:
    """Rows of ``queries/status.rq`` for the policy ``iri``, by policy of its chain."""
    by_node: dict[str, list[dict[str, Any]]] = {}
    for r in source.rows("status", {"policy": Iri(iri)}):
        by_node.setdefault(r["node"], []).append(r)
    return by_node


def standing_of(source: Rows, iri: str, as_of: str | None = None) -> Standing:
    """The standing of one policy on ``as_of`` (default today): ``queries/standing.rq``, a
    few lookups by index whatever the size of the corpus."""
    return standing_from_rows(source.rows("standing", {"policy": Iri(iri)}), "", as_of or today())


class Standings:
    """The standing of policies on one day, each asked once (:func:`standing_of`) and kept;
    ``known`` are standings already read (from the validity columns of a query)."""

    def __init__(self, source: Rows, as_of: str | None = None, known: Mapping[str, Standing] | None = None) -> None:
        self.source, self.as_of, self.known = source, as_of or today(), dict(known or {})

    def __call__(self, iri: str) -> Standing:
        if iri not in self.known:
            self.known[iri] = standing_of(self.source, iri, self.as_of)
        return self.known[iri]


def _standing(by_node: dict[str, list[dict[str, Any]]], node: str, as_of: str) -> Standing:
    def since(n: str) -> str | None:
        rs = by_node.get(n) or [{}]
        return _str(rs[0].get("effective")) or _str(rs[0].get("date"))

    rs = by_node.get(node, [])
    repealers = {(r["repealer"], since(r["repealer"]) if r["repealer"] in by_node else None) for r in rs if _str(r.get("repealer"))}
    newer = next(((r["newer"], _str(r.get("newerDate"))) for r in rs if _str(r.get("newer"))), None)
    first = rs[0] if rs else {}
    return standing(as_of, _str(first.get("effective")), _str(first.get("expires")), repealers, newer)


def status(source: Rows, policy: PolicyRef, as_of: str | None = None) -> StatusReport:
    """The standing of ``policy`` on ``as_of`` (default today) with its chain of replacements."""
    as_of = as_of or today()
    by_node = _status_rows(source, policy.iri)
    refs = {n: PolicyRef(n, _str(rs[0].get("number")), _str(rs[0].get("title")), stub=bool(rs[0].get("stub")))
            for n, rs in by_node.items()}

    def since(node: str) -> str | None:
        rs = by_node.get(node) or [{}]
        return _str(rs[0].get("effective")) or _str(rs[0].get("date"))

    chain, node, seen = [], policy.iri, set()
    while node in refs and node not in seen:
        seen.add(node)
        chain.append(refs[node])
        later = sorted({r["repealer"] for r in by_node[node] if _str(r.get("repealer"))}, key=lambda n: (since(n) or "", n))
        node = later[0] if later else None  # type: ignore[assignment]
    first = (by_node.get(policy.iri) or [{}])[0]
    repealed = [PolicyRef(r["old"], _str(r.get("number")), _str(r.get("title")), stub=bool(r.get("stub")))
                for r in source.rows("repealed", {"policy": Iri(policy.iri)})]
    return StatusReport(policy, _str(first.get("date")), _str(first.get("effective")), _str(first.get("expires")),
                        _standing(by_node, policy.iri, as_of), sorted(repealed, key=lambda p: (p.number or "", p.title or "")), chain)


def current_version(source: Rows, text: str, as_of: str | None = None) -> PolicyRef:
    """The policy ``text`` names, as :func:`find_policy`; when it names several versions of
    one work (one title, several dated texts), the one that stands on ``as_of``: the oldest
    that no newer version amends by then (without a day, the newest).

    >>> class Fake:
    ...     def rows(self, query_name, params=None):
    ...         if query_name == "standing":
    ...             return [{"newer": "p:v2", "amendedSince": "2020-06-01"}] if params["policy"] == "p:v1" else [{}]
    ...         return [{"policy": v, "title": "甲法", "exact": 1} for v in ("p:v1", "p:v2")]
    >>> current_version(Fake(), "甲法").iri, current_version(Fake(), "甲法", "2019-01-01").iri
    ('p:v2', 'p:v1')
    """
    try:
        return find_policy(source, text)
    except PolicyAmbiguous as exc:
        if len({c.title for c in exc.candidates}) != 1 or any(c.number for c in exc.candidates):
            raise
        amended: dict[str, str | None] = {}  # version -> the day a newer one amends it ("" unknown)
        for c in exc.candidates:
            for r in source.rows("standing", {"policy": Iri(c.iri)}):
                if _str(r.get("newer")):
                    amended[c.iri] = _str(r.get("amendedSince")) or ""
        day = as_of or "9999"
        standing = [c for c in exc.candidates if c.iri not in amended or (amended[c.iri] or "") > day]
        standing.sort(key=lambda c: (c.iri not in amended, amended.get(c.iri) or ""))
        if not standing or (len(standing) > 1 and standing[1].iri not in amended and standing[0].iri not in amended):
            raise
        return standing[0]


@dataclass
class Expiring:
    policy: PolicyRef
    effective: str | None
    expires: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.policy.brief(), "effective": self.effective, "expires": self.expires}


def expiring(source: Rows, before: str, after: str | None = None) -> list[Expiring]:
    """Policies whose validity ends before ``before`` (and on or after ``after``), soonest first."""
    out = [Expiring(PolicyRef(r["policy"], _str(r.get("number")), _str(r.get("title"))), _str(r.get("effective")), str(r["expires"]))
           for r in source.rows("expiring") if str(r["expires"]) < before and (after is None or str(r["expires"]) >= after)]
    out.sort(key=lambda x: (x.expires, x.policy.number or "", x.policy.title or ""))
    return out


# --- lineage and implementers ----------------------------------------------------------


@dataclass
class TreeNode:
    policy: PolicyRef
    sentence: str | None = None
    children: list[TreeNode] = field(default_factory=list)
    standing: Standing | None = None

    def to_dict(self) -> dict[str, Any]:
        p = self.policy
        return {"number": p.number, "title": p.title, "level": p.level, "region": p.region, "stub": p.stub,
                "iri": p.iri, "sentence": self.sentence, "status": self.standing.status.value if self.standing else None,
                "since": self.standing.since if self.standing else None,
                "children": [c.to_dict() for c in self.children]}

    def iris(self) -> set[str]:
        """The policies of the tree."""
        return {self.policy.iri}.union(*(c.iris() for c in self.children))


def lineage(source: Rows, policy: PolicyRef, as_of: str | None = None, in_force: bool = False) -> TreeNode:
    """The directives ``policy`` implements, up to national level, as a tree; each directive
    with its standing on ``as_of`` (default today). A law held in several versions is
    implemented as a work: each of its versions is a directive with its own dates.
    ``in_force`` leaves out every branch in which nothing is in force; a directive not in
    force stays (marked) only where one in force lies above it, reached through it. A
    lineage's rows say what each directive's standing is computed from."""
    info: dict[str, PolicyRef] = {}
    edges: dict[str, list[tuple[str, str | None]]] = {}
    rows = source.rows("lineage", {"policy": Iri(policy.iri)})
    known = rows and "parentEffective" in rows[0]  # the rows say what the standings are computed from
    stand = Standings(source, as_of, _standings(rows, "parent", as_of) if known else None)
    for r in rows:
        info.setdefault(r["parent"], PolicyRef(r["parent"], _str(r.get("parentNumber")), _str(r.get("parentTitle")),
                                               _str(r.get("parentLevel")), None, bool(r.get("parentStub"))))
        lst = edges.setdefault(r["child"], [])
        if all(p != r["parent"] for p, _ in lst):
            lst.append((r["parent"], r.get("sentence")))

    def grow(iri: str, ref: PolicyRef, sentence: str | None, seen: frozenset[str]) -> TreeNode:
        node = TreeNode(ref, sentence, standing=stand(iri) if iri != policy.iri else None)
        for parent, sent in sorted(edges.get(iri, []), key=lambda p: (info[p[0]].level or "z", info[p[0]].number or "", p[0])):
            if parent not in seen:
                node.children.append(grow(parent, info[parent], sent, seen | {parent}))
        return node

    tree = grow(policy.iri, policy, None, frozenset({policy.iri}))
    if in_force:
        keep_in_force(tree)
    return tree


def keep_in_force(node: TreeNode) -> bool:
    """Prune ``node``'s tree to the branches that hold a policy in force: a policy not in
    force stays only when one in force lies beyond it. Whether anything of ``node`` stays.

    >>> from kg.schema import Status
    >>> top = TreeNode(PolicyRef("p:n", None, "国"), standing=Standing(Status.IN_FORCE))
    >>> gone = TreeNode(PolicyRef("p:x", None, "废"), standing=Standing(Status.REPEALED))
    >>> mid = TreeNode(PolicyRef("p:m", None, "省"), standing=Standing(Status.REPEALED), children=[top])
    >>> root = TreeNode(PolicyRef("p:c", None, "县"), children=[mid, gone])
    >>> keep_in_force(root), [c.policy.iri for c in root.children], root.children[0].children[0].policy.iri
    (True, ['p:m'], 'p:n')
    """
    node.children = [c for c in node.children if keep_in_force(c)]
    return bool(node.children) or node.standing is None or node.standing.in_force


@dataclass
class Implementer:
    policy: PolicyRef
    date: str | None
    path: list[PolicyRef]  # from the implementer up to the directive
    standing: Standing | None = None
    #: the standing of each policy of the path between the two ends that is not in force
    #: (the implementer is reached through it)
    through: dict[str, Standing] = field(default_factory=dict)

    @property
    def direct(self) -> bool:
        return len(self.path) == 2

    def to_dict(self) -> dict[str, Any]:
        p = self.policy
        step = lambda x: {"number": x.number, "title": x.title, "level": x.level,  # noqa: E731
                          **({"status": self.through[x.iri].status.value} if x.iri in self.through else {})}
        return {"number": p.number, "title": p.title, "level": p.level, "region": p.region, "date": self.date,
                "status": self.standing.status.value if self.standing else None, "direct": self.direct,
                "path": [step(x) for x in self.path]}

    def mark(self, stand: Callable[[str], Standing]) -> Implementer:
        """Give it its standing and the standings of the policies of its path not in force."""
        self.standing = stand(self.policy.iri)
        self.through = {x.iri: s for x in self.path[1:-1] if not (s := stand(x.iri)).in_force}
        return self


def _standings(rows: list[dict[str, Any]], prefix: str, as_of: str | None) -> dict[str, Standing]:
    """The standing of each policy of column ``prefix`` of the rows, on ``as_of`` (default today)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        grouped.setdefault(r[prefix], []).append(r)
    day = as_of or today()
    return {k: standing_from_rows(rs, prefix, day) for k, rs in grouped.items()}


@dataclass
class _Tree:
    """The walk down from a directive as the rows of ``uptake.rq`` (or of the implementers
    queries) give it: each document's reference and dates, the edges down, the rows that
    describe the documents (what their standing is computed from), the directive's dates."""

    info: dict[str, PolicyRef]
    dates: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    down: dict[str, list[str]] = field(default_factory=dict)
    described: list[Mapping[str, Any]] = field(default_factory=list)
    own: tuple[str | None, str | None] = (None, None)

    def ref(self, iri: str) -> PolicyRef:
        return self.info.get(iri) or PolicyRef(iri, None, None)


_CHILD_FACTS = ("childNumber", "childTitle", "childLevel", "childRegion", "childDate", "childFirstDate")


def _tree(policy: PolicyRef, rows: Iterable[Mapping[str, Any]]) -> _Tree:
    """The rows of a walk down from ``policy``: edges (with ``parent``), the facts of each
    document (``child`` without ``parent``, once however many paths reach it) and the
    directive's dates (no ``child``); a row may carry an edge and its child's facts together."""
    t = _Tree({policy.iri: policy})
    for r in rows:
        if r.get("policyDate") or r.get("policyFirstDate"):
            t.own = (_str(r.get("policyDate")), _str(r.get("policyFirstDate")))
        child = r.get("child")
        if not child:
            continue
        if r.get("parent"):
            t.down.setdefault(r["parent"], []).append(child)
        if not r.get("parent") or any(r.get(k) is not None for k in _CHILD_FACTS):
            t.described.append(r)
            if child not in t.info:
                t.info[child] = PolicyRef(child, _str(r.get("childNumber")), _str(r.get("childTitle")),
                                          _str(r.get("childLevel")), _str(r.get("childRegion")))
                t.dates[child] = (_str(r.get("childDate")), _str(r.get("childFirstDate")))
    return t


def _implementers_of(policy: PolicyRef, t: _Tree) -> list[Implementer]:
    """The implementers a walk down from ``policy`` (:func:`_tree`) reaches, each with its
    shortest path; nearest first, then from the top level down, then by number and title."""
    paths = reach(policy.iri, lambda n: t.down.get(n, []))
    out = [Implementer(t.ref(i), t.dates.get(i, (None, None))[0], [t.ref(x) for x in p if not is_work(x)]) for i, p in paths.items()
           if i != policy.iri and not is_work(i)]  # a work is stepped through
    out.sort(key=lambda x: (len(x.path), level_rank(x.policy.level), x.policy.number or "", x.policy.title or ""))
    return out


def implementers(source: Rows, policy: PolicyRef, as_of: str | None = None, in_force: bool = False) -> list[Implementer]:
    """Every policy that implements ``policy``, directly or through intermediates (whatever
    their standing), with the shortest path; nearest first, then from the top level down.
    Each with its standing on ``as_of`` (default today) and the standing of the policies of
    its path not in force; ``in_force`` leaves out every implementer not in force (one in
    force below a repealed intermediate stays, its path marking the intermediate). Every
    row carries a standing, so they are read with the walk (the validity columns of
    ``queries/uptake.rq``); a page reads its own (:func:`implementers_page`)."""
    t = _tree(policy, source.rows("uptake", {"policy": Iri(policy.iri)}))
    stand = Standings(source, as_of, _standings(t.described, "child", as_of))
    found = [i.mark(stand) for i in _implementers_of(policy, t)]
    return [i for i in found if i.standing is not None and i.standing.in_force] if in_force else found


def implementers_page(source: Rows, policy: PolicyRef, page: Page | None = None, count: bool = True,
                      as_of: str | None = None, in_force: bool = False) -> Paged[Implementer]:
    """One page of :func:`implementers` and their number (``queries/implementers_count.rq``;
    with ``in_force``, ``implementers_count_in_force.rq``). Nearest come first, so a page
    within the direct implementers is read from them alone (``implementers_direct.rq``), one
    within two steps from those (``implementers_near.rq``), and only a page further down
    walks the whole tree (``implementers.rq``). Without ``count`` the total is the number of
    implementers read (a lower bound when the page came from the nearest). A source that
    pages reads only the first direct implementers the page needs (the query sorts them as
    they are listed). The direct implementers come with what their standing on ``as_of`` is computed from; those further
    down, and the policies of their paths, are asked theirs (:func:`standing_of`) only when
    on the page; with ``in_force`` those not in force are left out as they are met, until
    the page is full.

    >>> class Fake:
    ...     def rows(self, query_name, params=None):
    ...         if query_name in ("implementers_count", "implementers_count_in_force"):
    ...             return [{"total": 3 if query_name == "implementers_count" else 2}]
    ...         if query_name == "standing":
    ...             return [{"repealer": "p:x"}] if params["policy"] == "p:a" else []
    ...         edges = [("p:a", "p:top"), ("p:b", "p:top"), ("p:c", "p:a")]
    ...         depth = {"implementers_direct": 1, "implementers_near": 2}.get(query_name, 9)
    ...         return [dict(child=c, parent=p, childLevel="city") for c, p in edges if depth > 1 or p == "p:top"]
    >>> got = implementers_page(Fake(), PolicyRef("p:top", None, None), Page(1, 1))
    >>> [i.policy.iri for i in got.rows], got.total
    (['p:b'], 3)
    >>> got = implementers_page(Fake(), PolicyRef("p:top", None, None), Page(2), in_force=True)
    >>> [(i.policy.iri, sorted(i.through)) for i in got.rows], got.total
    ([('p:b', []), ('p:c', ['p:a'])], 2)
    """
    page = page or Page()
    if page.limit is None:  # every row from the offset on: read with their standings
        every = implementers(source, policy, as_of, in_force)
        return Paged.of(every, page)
    params = {"policy": Iri(policy.iri)}
    stand = Standings(source, as_of)
    total: int | None = None
    if count:
        name, extra = ("implementers_count_in_force", {"asOf": stand.as_of}) if in_force else ("implementers_count", {})
        total = int(source.rows(name, {**params, **extra})[0]["total"])
    want = page.offset + page.limit
    for name, depth in (("implementers_direct", 1), ("implementers_near", 2), ("implementers", None)):
        # the direct implementers come sorted as they are listed: a source that pages (the
        # stores) reads the first ``want`` of them; with ``in_force`` some may be left out
        cut = Page(want) if depth == 1 and not in_force and getattr(source, "pages", False) else None
        rows = source.rows(name, params, cut) if cut else source.rows(name, params)
        t = _tree(policy, rows)
        if rows and "childEffective" in rows[0]:  # the rows say what the standings are computed from
            stand.known.update(_standings(t.described, "child", stand.as_of))
        found = [i for i in _implementers_of(policy, t) if depth is None or len(i.path) <= depth + 1]
        kept = _first_kept(found, stand, want, in_force)
        if depth is None or len(kept) >= want or len(kept) == total:
            rows = [i.mark(stand) for i in page.of(kept)]
            return Paged(rows, total if total is not None else len(kept), page)
    raise AssertionError("the last query reads every implementer")  # pragma: no cover


def _first_kept(found: list[Implementer], stand: Standings, want: int, in_force: bool) -> list[Implementer]:
    """The implementers of ``found`` in order, up to ``want`` of them; with ``in_force``,
    those in force only (their standing asked one by one until there are ``want``)."""
    if not in_force:
        return found
    kept = []
    for i in found:
        if len(kept) >= want:
            break
        if stand(i.policy.iri).in_force:
            kept.append(i)
    return kept


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


def _rank(r: Mapping[str, Any], role: str | None = None) -> DepartmentRank:
    """A row of ``queries/department_ranking.rq`` (and of its variants) as a ranking row;
    with ``role``, counting the measures of that role only (as ``department_counts`` groups)."""
    d = DepartmentRank(iri=r["department"], name=r["name"], kind=_str(r.get("kind")), led=int(r["led"]),
                       supported=int(r["supported"]), responsible=int(r["responsible"]),
                       measures=int(r["measures"]), policies=int(r["policies"]))
    if role is not None:
        count, policies = ROLE_TALLIES[role]
        only = int(r[count])
        d.led, d.supported, d.responsible = (only if role == x else 0 for x in ("lead", "support", "responsible"))
        d.measures, d.policies = only, int(r[policies])
    return d


#: a role -> the columns of its tally in department_ranking_by (measures, policies) and the
#: ranking the build keeps for it (``pkg:rankLead`` …)
ROLE_TALLIES = {"lead": ("led", "policiesLed"), "support": ("supported", "policiesSupported"),
                "responsible": ("responsible", "policiesResponsible")}
#: kinds of department the rankings leave out unless asked (kg.pipeline.GROUP_KINDS): names
#: of a kind of body in every region (各区人民政府) or of a class of bodies (县级以上人民政府)
GROUP_KINDS = frozenset({"collective", "class"})
_PKG = "https://w3id.org/policy-kg/ontology#"


def ranking_property(role: str | None = None, include_groups: bool = False) -> str:
    """The IRI of the ranking the build keeps for ``role`` (``None``: the whole ranking),
    with collective and class names counted in or not.

    >>> ranking_property().rsplit("#")[1], ranking_property("lead", True).rsplit("#")[1]
    ('rankPosition', 'rankLeadAll')
    """
    name = {None: "rankPosition", "lead": "rankLead", "support": "rankSupport", "responsible": "rankResponsible"}[role]
    return _PKG + name + ("All" if include_groups else "")


def department_ranking(source: Rows, policy: str | None = None, region: str | None = None, role: str | None = None,
                       page: Page | None = None, include_groups: bool = False) -> Paged[DepartmentRank]:
    """The department ranking (as :func:`rank_departments` ranks), one page of it and the
    number of departments, read from the rankings the build keeps with each department's
    tally (:func:`kg.pipeline.ranking_positions`): a range of places
    (``queries/department_ranking.rq``; by role or with every kind ``department_ranking_by.rq``);
    for a region the hierarchy followed down from the region, sorted by place
    (``department_ranking_region.rq``, ``department_ranking_region_by.rq``; their lengths
    ``department_count*.rq``). Collective and
    class names (各区人民政府, 县级以上人民政府: :data:`GROUP_KINDS`) are left out unless
    ``include_groups``. With a policy the measures of that policy are grouped in the store
    (``department_counts.rq``), a region then keeping the departments its ranking holds."""
    region = region.strip() if region and region.strip() else None
    page = page or Page()
    if policy is not None:
        return _policy_ranking(source, policy, region, role, page, include_groups)
    if role is None and not include_groups:
        if region:
            rows = _page_of(source, "department_ranking_region", {"region": Zh(region)}, page)
            total = len(rows) if page.limit is None and not page.offset else \
                int(source.rows("department_count_region", {"region": Zh(region)})[0]["total"])
            return Paged([_rank(r) for r in rows], total, page)
        upto = None if page.limit is None else page.offset + page.limit
        rows = source.rows("department_ranking", {"after": page.offset, "upto": upto})
        total = len(rows) if upto is None and not page.offset else int(source.rows("department_count", {})[0]["total"])
        return Paged([_rank(r) for r in rows], total, page)
    by = Iri(ranking_property(role, include_groups))
    if region:
        params: dict[str, Any] = {"rankBy": by, "region": Zh(region)}
        rows = _page_of(source, "department_ranking_region_by", params, page)
        count = "department_count_region_by"
    else:
        upto = None if page.limit is None else page.offset + page.limit
        params = {"rankBy": by}
        rows = source.rows("department_ranking_by", {**params, "after": page.offset, "upto": upto})
        count = "department_count_by"
    total = len(rows) if page.limit is None and not page.offset else int(source.rows(count, params)[0]["total"])
    return Paged([_rank(r, role) for r in rows], total, page)


def _policy_ranking(source: Rows, policy: str, region: str | None, role: str | None, page: Page,
                    include_groups: bool) -> Paged[DepartmentRank]:
    """The ranking of one policy's departments, grouped in the store (``department_counts.rq``)."""
    rows = source.rows("department_counts", {"policy": Iri(policy), "role": role})
    if not include_groups:
        rows = [r for r in rows if _str(r.get("kind")) not in GROUP_KINDS]
    if region:
        by = {"rankBy": Iri(ranking_property(None, True)), "region": Zh(region)}
        inside = {r["department"] for r in source.rows("department_ranking_region_by", by)}
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


# --- uptake: how fast and where a directive was taken up -------------------------------

#: what ``uptake`` groups by (``measure`` is :func:`measure_uptake`, clause by clause)
UPTAKE_BY = ("province", "city", "level")


def adoption_date(first_date: str | None, date: str | None) -> str | None:
    """The date a document was first adopted: its first adoption date when its enactment
    history gives one, else its date.

    >>> adoption_date("1997-12-29", "2023-06-01"), adoption_date(None, "2020-03-01"), adoption_date(None, None)
    ('1997-12-29', '2020-03-01', None)
    """
    return first_date or date


def lag_days(start: str | None, end: str | None) -> int | None:
    """Days from ``start`` to ``end`` (ISO dates); ``None`` when either is unknown or only a
    year or month is known (never guessed).

    >>> lag_days("1997-12-29", "1998-10-01"), lag_days("2019", "2020-01-01"), lag_days(None, "2020-01-01")
    (276, None, None)
    """
    from datetime import date

    try:
        return (date.fromisoformat(str(end)) - date.fromisoformat(str(start))).days if start and end else None
    except ValueError:
        return None


@dataclass
class LagSummary:
    """The lags of a group of documents: how many, how many with a known lag, and the
    median and spread (quartiles, range) of those known."""

    documents: int
    known: int
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    min: int | None = None
    max: int | None = None

    @classmethod
    def of(cls, lags: list[int | None]) -> LagSummary:
        """
        >>> LagSummary.of([10, None, 30, 20, 100])
        LagSummary(documents=5, known=4, median=25.0, q1=12.5, q3=82.5, min=10, max=100)
        >>> LagSummary.of([None])
        LagSummary(documents=1, known=0, median=None, q1=None, q3=None, min=None, max=None)
        """
        import statistics

        known = sorted(x for x in lags if x is not None)
        if not known:
            return cls(len(lags), 0)
        q1, _, q3 = statistics.quantiles(known, n=4) if len(known) > 1 else (known[0],) * 3
        return cls(len(lags), len(known), float(statistics.median(known)), float(q1), float(q3), known[0], known[-1])


@dataclass
class Uptaker:
    """One implementing document of a directive: its adoption date, the lag in days from the
    directive's (``None``: unknown), the path up to the directive and whether it is in force
    on the day asked (``status``, a :class:`~kg.schema.Status` value, from :func:`standing`;
    ``None`` when the source gives no validity)."""

    policy: PolicyRef
    date: str | None
    first_date: str | None
    lag: int | None
    path: list[PolicyRef]
    status: str | None = None

    @property
    def adopted(self) -> str | None:
        return adoption_date(self.first_date, self.date)

    def to_dict(self) -> dict[str, Any]:
        p = self.policy
        return {"number": p.number, "title": p.title, "level": p.level, "region": p.region, "date": self.date,
                "first_date": self.first_date, "adopted": self.adopted, "lag_days": self.lag, "direct": len(self.path) == 2,
                "status": self.status, "path": [{"number": x.number, "title": x.title, "level": x.level} for x in self.path]}


@dataclass
class Division:
    """A province, city or level with the directive's implementing documents in it."""

    name: str
    documents: list[Uptaker]

    @property
    def first(self) -> Uptaker | None:
        """The earliest adopted of its documents (those with unknown dates last)."""
        return min(self.documents, key=lambda d: (d.adopted is None, d.adopted or ""), default=None)

    def to_dict(self) -> dict[str, Any]:
        first = self.first
        return {"division": self.name, "first_adopted": first.adopted if first else None,
                "first_lag_days": first.lag if first else None, "documents": [d.to_dict() for d in self.documents]}


@dataclass
class Uptake:
    """Where and how fast a directive was taken up in the corpus: implementing documents by
    division, the divisions with none **in this corpus** (absence from a corpus is not
    absence from the country), the documents whose division is not known, and the lag by
    level."""

    directive: PolicyRef
    date: str | None
    first_date: str | None
    by: str
    divisions: list[Division]
    none_in_corpus: list[str]
    unplaced: list[Uptaker]
    lag_by_level: dict[str, LagSummary]

    @property
    def adopted(self) -> str | None:
        return adoption_date(self.first_date, self.date)

    def to_dict(self) -> dict[str, Any]:
        d = self.directive
        return {"directive": {"number": d.number, "title": d.title, "level": d.level, "date": self.date,
                              "first_date": self.first_date, "adopted": self.adopted},
                "by": self.by, "divisions": [x.to_dict() for x in self.divisions],
                "none_in_corpus": self.none_in_corpus, "unplaced": [u.to_dict() for u in self.unplaced],
                "lag_by_level": {k: asdict(v) for k, v in self.lag_by_level.items()}}


def uptake_documents(source: Rows, policy: PolicyRef, as_of: str | None = None) -> tuple[str | None, str | None, list[Uptaker]]:
    """The directive's date and first adoption date, and every implementing document
    (``queries/uptake.rq``), directly or through intermediates, with the shortest path, its
    lag and its standing on ``as_of`` (default today); in order of adoption (unknown dates
    last). The query's rows are implements edges (with ``parent``), the facts of each
    implementing document (``child`` without ``parent``: each document once, however many
    paths reach it, with what its standing is computed from) and the directive's dates; a row
    may also carry an edge and its child's facts together.

    >>> class Fake:
    ...     def rows(self, query_name, params=None):
    ...         return [dict(policy="d", policyDate="2019-01-01"), dict(child="c", parent="d"),
    ...                 dict(child="c", childNumber="c号", childDate="2019-03-01", childLevel="province")]
    >>> date, _, docs = uptake_documents(Fake(), PolicyRef("d", "d号", "指令"))
    >>> date, [(u.policy.number, u.lag, [p.iri for p in u.path]) for u in docs]
    ('2019-01-01', [('c号', 59, ['c', 'd'])])
    """
    t = _tree(policy, source.rows("uptake", {"policy": Iri(policy.iri)}))
    stand = _standings([r for r in t.described if "childEffective" in r], "child", as_of)  # a source without validity says nothing
    start = adoption_date(t.own[1], t.own[0])
    out = []
    for iri, path in reach(policy.iri, lambda n: t.down.get(n, [])).items():
        if iri != policy.iri and not is_work(iri):  # a work is stepped through
            refs = [t.ref(x) for x in path if not is_work(x)]
            date, first = t.dates.get(iri, (None, None))
            status = stand[iri].status.value if iri in stand else None
            out.append(Uptaker(refs[0], date, first, lag_days(start, adoption_date(first, date)), refs, status))
    out.sort(key=lambda u: (u.adopted is None, u.adopted or "", level_rank(u.policy.level), u.policy.number or "", u.policy.title or ""))
    return t.own[0], t.own[1], out


def division_of(doc: PolicyRef, by: str) -> str | None:
    """The province, city or level a document belongs to (``None``: not known; a national
    document has no province or city).

    >>> division_of(PolicyRef("p", None, "x", "county", "广州市天河区"), "city")
    '广州市'
    >>> division_of(PolicyRef("p", None, "x", "county", "天河区"), "province"), division_of(PolicyRef("p", None, "x", "national"), "level")
    ('广东省', 'national')
    """
    from kg.divisions import enclosing

    if by == "level":
        return doc.level
    if doc.level == "national":
        return None
    province, city = enclosing(doc.region)
    region = province if by == "province" else city
    if region is None and by == "city" and province is not None and doc.level == "province":
        return province.name  # a provincial document stands for every city of its province: listed under it
    return region.name if region else None


def uptake(source: Rows, policy: PolicyRef, by: str = "province", as_of: str | None = None) -> Uptake:
    """How a directive was taken up, by ``province``, ``city`` or ``level``
    (:data:`UPTAKE_BY`): each division with its implementing documents, their lag and their
    standing on ``as_of`` (default today), divisions first taken up first; the divisions of
    the gazetteer with none in this corpus; the median and spread of the lag by level."""
    from kg.divisions import cities, provinces

    if by not in UPTAKE_BY:
        raise ValueError(f"uptake by {by!r}: one of {', '.join(UPTAKE_BY)}")
    date, first_date, docs = uptake_documents(source, policy, as_of)
    groups: dict[str, list[Uptaker]] = {}
    unplaced = []
    for d in docs:
        name = division_of(d.policy, by)
        if name is None:
            unplaced.append(d)
        else:
            groups.setdefault(name, []).append(d)
    divisions = [Division(k, v) for k, v in groups.items()]
    divisions.sort(key=lambda x: (x.first is None or x.first.adopted is None, (x.first and x.first.adopted) or "", x.name))
    every = [lv.value for lv in Level] if by == "level" else [r.name for r in (provinces() if by == "province" else cities())]
    none = [name for name in every if name not in groups]
    levels: dict[str, list[int | None]] = {}
    for d in docs:
        levels.setdefault(d.policy.level or "unknown", []).append(d.lag)
    lag_by_level = {k: LagSummary.of(levels[k]) for k in sorted(levels, key=level_rank)}
    return Uptake(policy, date, first_date, by, divisions, none, unplaced, lag_by_level)


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


def policy_measures(source: Rows, policy: PolicyRef) -> list[MeasureRef]:
    """The measures of ``policy`` the alignment compares (:func:`kg.align.core.comparable`),
    in document order, labelled by :func:`kg.align.core.measure_labels`."""
    from kg.align.core import comparable, measure_labels

    rows = [r for r in source.rows("measures_of_policy", {"policy": Iri(policy.iri)}) if comparable(r.get("kind"), r.get("text"))]
    labels = measure_labels((r["measure"], str(r["measureNumber"]), str(r["path"]), r.get("kind")) for r in rows)
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
