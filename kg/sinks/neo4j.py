"""The resolved graph in Neo4j: a batched, idempotent loader, the named queries' Cypher twins,
and a store that answers the named SPARQL queries from Neo4j.

**Model.** Labels and relationship types mirror ``ontology/policy.ttl``; they come from the
schema (:mod:`kg.schema`, as :data:`LABELS` and :data:`REL_TYPES`), never from data, so a title such as
``'}) DETACH DELETE n //`` is a string property and nothing else. Every node has ``id`` (the
resolved graph's node id, ``policy:KEY`` …) and ``iri`` (its IRI in the RDF, so answers are
the same on both stores).

=======================  ====================================================================
node label               from
=======================  ====================================================================
``Policy``               pkg:Policy (number, title, alt_titles, issuers, date, level, region,
                         stub, source, sha256)
``Measure``              pkg:Measure (number, path, text, heading, kind, deadline, span)
``Department``           pkg:Department (name, kind, aliases)
``Institution``          pkg:Institution (name, kind, aliases)
``Target``               pkg:Target (indicator, value, unit, comparator, deadline, scope, span)
``Region``               pkg:Region (name, level, adcode)
``Organization``         an issuing body, org:Organization (name)
``Level``                pkg:Level, the concepts of pkg:LevelScheme (notation, rank, labels)
=======================  ====================================================================

=======================================  ======================================================
relationship                             from
=======================================  ======================================================
``IMPLEMENTS`` / ``CITES`` / ``PLANS``   pkg:implements / cites / plans, with the pkg:Citation's
                                         provenance: relation, sentence, source, start, end,
                                         cited_number, cited_title
``HAS_MEASURE``                          pkg:hasMeasure (policy or measure → measure)
``PART_OF``                              eli:is_part_of (measure → its policy)
``LEADS`` / ``SUPPORTS`` /               pkg:leads / supports / isResponsibleFor, with the
``RESPONSIBLE_FOR``                      pkg:Responsibility: role, deadline, source, start, end
``SETS_TARGET``, ``OF_POLICY``           pkg:setsTarget, pkg:ofPolicy
``MENTIONS``                             pkg:mentionsInstitution (with source and span)
``TAKES_UP``                             pkg:takesUp (local measure → parent measure), with the
                                         pkg:TakeUp: score, method, local/parent text, start, end
``ISSUED_BY``                            eli:passed_by (``lead`` true for pkg:leadIssuer)
``IN_REGION``, ``WITHIN_REGION``         pkg:region, pkg:withinRegion
``AT_LEVEL``                             pkg:level
=======================================  ======================================================

**Loading** (:func:`load_graph`): uniqueness constraints and indexes first; then every write
is an ``UNWIND $rows AS row MERGE …`` statement in a managed transaction
(``session.execute_write``, retried on transient errors): shared nodes (policies, departments,
regions …) in batches; then each document's measures, targets and relationships, a few whole
documents per transaction, followed in that same transaction by the removal of what the
document owned before and owns no more; then the shared relationships; last, whatever this load
did not write (documents taken out of the workspace, stubs no longer cited, departments no
longer named) is removed. Every node and relationship the loader writes carries ``load`` (the
id of the load that last wrote it), and each document's measures and targets, citations,
responsibilities and mentions ``doc`` (its policy's id; measures and targets also its ``sha256``), so
loading twice leaves the same counts and a changed document leaves no orphans. A failed
transaction rolls back whole; running the load again completes it.

>>> plan = plan_graph(__import__("kg.graph.resolve", fromlist=["x"]).build_graph([]))
>>> sorted(plan.node_counts())
['Level']
"""

from __future__ import annotations

import json
import math
import queue
import re
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.schema import CORRECTION, SCHEMA_VERSION, RELATIONS, RESPONSIBILITY_EDGES, EdgeKind, NodeKind, is_level
from kg.sinks.rdf import PKG, SKOS, level_scheme_triples, node_iri, org_iri, region_info, region_iri, region_of_org

#: node labels: node type of the resolved graph (or kind of derived node) -> label
LABELS: dict[str, str] = {k.value: k.neo4j for k in NodeKind if k.neo4j}
#: relationship types: edge type of the resolved graph (citations by relation) -> type
#: the properties of a TAKES_UP relationship (kg.align.graph.take_up_attrs)
TAKE_UP_PROPS = ("score", "method", "local_text", "local_start", "local_end", "parent_text", "parent_start", "parent_end")
REL_TYPES: dict[str, str] = {k.value: k.neo4j for k in (*RELATIONS, *EdgeKind) if k.neo4j}
_LABEL_SET = frozenset(LABELS.values())
_TYPE_SET = frozenset(REL_TYPES.values())
#: rows per UNWIND statement; a document batch's transaction holds at least this many
DEFAULT_BATCH_SIZE = 2000

#: the Cypher twins of queries/*.rq live beside them
QUERIES_DIR = Path(__file__).resolve().parent.parent.parent / "queries"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Neo4jSinkError(Exception):
    """A failure stated in one line: what went wrong and what to do."""


# --- connection ----------------------------------------------------------------------


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the server is. The password is never shown (``repr`` leaves it out)."""

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None = None

    @property
    def safe_uri(self) -> str:
        """The URI without any user:password@ part."""
        return re.sub(r"//[^/@]*@", "//", self.uri)


def settings_from(uri: str | None, user: str | None, password: str | None, database: str | None = None) -> Neo4jSettings:
    """Settings from options (the command line fills them from NEO4J_URI, NEO4J_USER and
    NEO4J_PASSWORD); a missing one is an error that says how to give it."""
    missing = [f"{opt} (or {env})" for value, opt, env in (
        (uri, "--neo4j-uri", "NEO4J_URI"), (user, "--neo4j-user", "NEO4J_USER"),
        (password, "--neo4j-password", "NEO4J_PASSWORD")) if not value]
    if missing:
        raise Neo4jSinkError("no Neo4j server given: set " + ", ".join(missing)
                             + " — e.g. `tools/neo4j/start.sh` then `set -a; . tools/neo4j/run/neo4j.env; set +a`")
    assert uri and user and password is not None
    return Neo4jSettings(uri.strip(), user, password, database or None)


def explain(exc: BaseException, settings: Neo4jSettings | None = None, doing: str = "") -> str:
    """One line for a driver error: the problem, then what to do. Never holds the password."""
    from neo4j import exceptions as nx4

    where = f" at {settings.safe_uri}" if settings else ""
    lead = f"{doing}: " if doing else ""
    if isinstance(exc, nx4.AuthError):
        user = f" for user '{settings.user}'" if settings else ""
        line = (f"{lead}Neo4j{where} refused the login{user} (wrong user name or password): "
                "check --neo4j-user/--neo4j-password or NEO4J_USER/NEO4J_PASSWORD")
    elif isinstance(exc, nx4.ServiceUnavailable | nx4.SessionExpired) or isinstance(exc, OSError):
        reason = _first_line(str(exc))
        m = re.search(r"reason (\[[^\]]*\][^)]*)", str(exc))
        if m:
            reason = m.group(1)
        line = (f"{lead}cannot reach Neo4j{where} ({reason}): is the server running? "
                "Start one with tools/neo4j/start.sh or check --neo4j-uri / NEO4J_URI")
    elif isinstance(exc, nx4.ConfigurationError) or (isinstance(exc, ValueError) and "URI" in str(exc)):
        line = f"{lead}{_first_line(str(exc))}: give a URI like bolt://127.0.0.1:7687 or neo4j://host:7687"
    elif isinstance(exc, nx4.Neo4jError):
        code = exc.code or "Neo4jError"
        message = _first_line(exc.message or str(exc))
        if code.endswith("DatabaseNotFound"):
            line = f"{lead}{message}: check --database (NEO4J_DATABASE); Neo4j Community has only 'neo4j'"
        elif code.startswith("Neo.ClientError.Statement"):
            line = f"{lead}Neo4j rejected the statement ({code.rsplit('.', 1)[-1]}): {message}"
        elif code.endswith("Forbidden") or ".Security." in code:
            line = f"{lead}Neo4j{where} did not allow this ({code}): {message}"
        else:
            line = f"{lead}Neo4j{where} failed ({code}): {message}"
    elif isinstance(exc, Neo4jSinkError):
        line = f"{lead}{exc}"
    else:
        line = f"{lead}{type(exc).__name__}: {_first_line(str(exc))}"
    if settings and len(settings.password) >= 4:
        line = line.replace(settings.password, "***")
    return line


def _first_line(text: str) -> str:
    text = text.strip()
    return text.splitlines()[0] if text else "no details"


def connect(settings: Neo4jSettings, *, connection_timeout: float = 10.0, retry_seconds: float = 15.0):  # type: ignore[no-untyped-def]
    """A driver that has logged in (``verify_connectivity``), so a wrong password or a server
    that is down fails here, at once, with :class:`Neo4jSinkError`. ``neo4j://`` URIs (routing)
    work as well as ``bolt://``."""
    import neo4j

    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri, auth=(settings.user, settings.password),
            connection_timeout=connection_timeout, max_transaction_retry_time=retry_seconds,
            notifications_min_severity="OFF",
        )
    except Exception as exc:  # ConfigurationError, ValueError for a malformed URI
        raise Neo4jSinkError(explain(exc, settings)) from None
    try:
        driver.verify_connectivity()  # logs in; fails at once (no retries) when down or refused
        if settings.database:
            driver.execute_query("RETURN 1", database_=settings.database)
    except Exception as exc:
        driver.close()
        raise Neo4jSinkError(explain(exc, settings)) from None
    return driver


# --- the graph as rows ---------------------------------------------------------------


@dataclass
class NodeRow:
    label: str
    id: str
    props: dict[str, Any]
    #: the id of the document's policy the node belongs to; None for shared nodes
    owner: str | None = None


@dataclass
class RelRow:
    type: str
    start_label: str
    start: str
    end_label: str
    end: str
    props: dict[str, Any]
    owner: str | None = None


@dataclass
class GraphPlan:
    """The resolved graph as the rows the loader writes: shared nodes and relationships, and
    each document's own (keyed by the id of its policy node)."""

    nodes: dict[str, NodeRow] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], RelRow] = field(default_factory=dict)
    #: ids of the documents' policy nodes, in the graph's order
    documents: list[str] = field(default_factory=list)

    def add_node(self, label: str, nid: str, props: dict[str, Any], owner: str | None = None) -> None:
        assert label in _LABEL_SET, label
        clean = {k: v for k, v in props.items() if v is not None}
        clean["id"] = nid
        self.nodes[nid] = NodeRow(label, nid, clean, owner)

    def add_rel(self, rtype: str, start: str, end: str, props: dict[str, Any] | None = None, owner: str | None = None) -> None:
        assert rtype in _TYPE_SET, rtype
        a, b = self.nodes.get(start), self.nodes.get(end)
        if a is None or b is None:
            return
        clean = {k: v for k, v in (props or {}).items() if v is not None}
        if owner is not None and "source" in clean:  # facts with provenance name their document too
            clean["doc"] = owner
        self.rels[(start, rtype, end)] = RelRow(rtype, a.label, start, b.label, end, clean, owner)

    def node_counts(self) -> dict[str, int]:
        return dict(Counter(n.label for n in self.nodes.values()))

    def rel_counts(self) -> dict[str, int]:
        return dict(Counter(r.type for r in self.rels.values()))

    @property
    def size(self) -> int:
        return len(self.nodes) + len(self.rels)


def _value(value: Any) -> Any:
    """A value as the RDF stores it (kg.sinks.rdf._lit): integral floats are integers,
    non-finite floats text; what Neo4j cannot hold becomes text."""
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return int(value) if value == int(value) else value
    return None if value is None else str(value)


def _text(value: Any) -> str | None:
    """An optional text property: absent when empty (the RDF states no triple then)."""
    return str(value) if value else None


def _strings(values: Iterable[Any] | None, drop: str | None = None) -> list[str] | None:
    out: list[str] = []
    for v in values or []:
        if v and str(v) != drop and str(v) not in out:
            out.append(str(v))
    return out or None


def _span(props: dict[str, Any], d: Mapping[str, Any]) -> dict[str, Any]:
    if d.get("source") is not None and d.get("start") is not None:
        props.update(source=str(d["source"]), start=int(d["start"]), end=int(d["end"]))
    return props


def level_concepts() -> dict[str, dict[str, Any]]:
    """The concepts of pkg:LevelScheme as ontology/policy.ttl states them."""
    out: dict[str, dict[str, Any]] = {}
    for s, p, o in level_scheme_triples():
        if not s.value.startswith(PKG + "level-"):
            continue
        name = s.value[len(PKG + "level-"):]
        d = out.setdefault(name, {"name": name, "iri": s.value})
        if p.value == SKOS + "notation":
            d["notation"] = o.value
        elif p.value == PKG + "rank":
            d["rank"] = int(o.value)
        elif p.value == SKOS + "prefLabel" and getattr(o, "language", None) in ("zh", "en"):
            d[f"label_{o.language}"] = o.value
    return out


class _Planner:
    """Turns the nodes and edges of a resolved graph into the rows of a :class:`GraphPlan`."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.plan = GraphPlan()

    def region(self, name: str) -> str:
        """The id of a region's node, added (with its level and enclosing regions) if new."""
        plan = self.plan
        rid = NodeKind.REGION.node(name)
        if rid in plan.nodes:
            return rid
        level, adcode, parent = region_info(name)
        plan.add_node(NodeKind.REGION.neo4j or "", rid, {"iri": region_iri(name).value, "name": name, "level": level, "adcode": adcode})
        if is_level(level):
            plan.add_rel(EdgeKind.AT_LEVEL.neo4j or "", rid, NodeKind.LEVEL.node(level or ""))
        if parent and parent != name:
            plan.add_rel(EdgeKind.WITHIN_REGION.neo4j or "", rid, self.region(parent))
        return rid

    def org_region(self, nid: str, name: str) -> None:
        reg = region_of_org(name)
        if reg:
            self.plan.add_rel(EdgeKind.IN_REGION.neo4j or "", nid, self.region(reg))

    # --- nodes ----------------------------------------------------------------------
    def node(self, node: str, d: Mapping[str, Any]) -> None:
        t = d.get("type")
        iri = node_iri(node).value
        if t == NodeKind.POLICY:
            self.policy(node, iri, d)
        elif t == NodeKind.MEASURE:
            owner = d.get("policy")
            self.plan.add_node(LABELS[t], node, _span({
                "iri": iri, "number": str(d.get("number") or ""), "path": str(d.get("key") or ""),
                "text": _text(d.get("text")), "heading": _text(d.get("heading")), "kind": _text(d.get("kind")),
                "deadline": _text(d.get("deadline")), "doc": owner, "sha256": _doc_sha(self.g, owner),
            }, d), owner)
        elif t in (NodeKind.DEPARTMENT, NodeKind.INSTITUTION):
            name = str(d["name"])
            kind = d.get("kind") or ("government" if t == NodeKind.DEPARTMENT else None)
            props = {"iri": iri, "name": name, "kind": _text(kind), "aliases": _strings(d.get("aliases"), drop=name)}
            props.update({k: int(v) for k, v in (d.get("tally") or {}).items()})  # the department's tally
            self.plan.add_node(LABELS[t], node, props)
        elif t == NodeKind.WORK:
            self.plan.add_node(LABELS[t], node, {"iri": iri, "title": _text(d.get("title")), "versions": int(d.get("versions") or 0)})
        elif t == NodeKind.TARGET:
            owner = d.get("policy")
            self.plan.add_node(LABELS[t], node, _span({
                "iri": iri, "indicator": str(d.get("indicator") or ""), "value": _value(d.get("value")),
                "unit": _text(d.get("unit")), "comparator": d.get("comparator") or "=",
                "deadline": _text(d.get("deadline")), "scope": _text(d.get("scope")), "doc": owner,
                "sha256": _doc_sha(self.g, owner),
            }, d), owner)

    def policy(self, node: str, iri: str, d: Mapping[str, Any]) -> None:
        owner = None if d.get("stub") else node
        title = _text(d.get("title"))
        self.plan.add_node(LABELS[NodeKind.POLICY], node, {
            "iri": iri, "key": node.split(":", 1)[1], "number": _text(d.get("number")), "title": title,
            "alt_titles": _strings(d.get("alt_titles"), drop=title), "issuers": _strings(d.get("issuers")),
            "date": _text(d.get("date")), "first_date": _text(d.get("first_date")), "level": d.get("level") if is_level(d.get("level")) else None,
            "region": _text(d.get("region")), "stub": bool(d.get("stub")),
            "effective": _text(d.get("effective")), "expires": _text(d.get("expires")),
            "amended_by": node_iri(d["amended_by"]).value if d.get("amended_by") else None,
            "amended_from": _text(d.get("amended_from")),
            "source": _text(d.get("source")), "sha256": _text(d.get("sha256")) if d.get("source") else None,
            "doc": owner,
        }, owner)
        if owner:
            self.plan.documents.append(node)

    def derived(self, row: NodeRow) -> None:
        """What a node's attributes say about issuers, levels, regions and its policy."""
        plan = self.plan
        if row.label == NodeKind.POLICY.neo4j:
            self.issuers(row)
            if row.props.get("level"):
                plan.add_rel(EdgeKind.AT_LEVEL.neo4j or "", row.id, NodeKind.LEVEL.node(row.props["level"]), None, row.owner)
            if row.props.get("region"):
                plan.add_rel(EdgeKind.IN_REGION.neo4j or "", row.id, self.region(row.props["region"]), None, row.owner)
        elif row.label in (NodeKind.DEPARTMENT.neo4j, NodeKind.INSTITUTION.neo4j):
            self.org_region(row.id, row.props["name"])
        elif row.label == NodeKind.MEASURE.neo4j and row.owner:
            plan.add_rel(EdgeKind.PART_OF.neo4j or "", row.id, row.owner, None, row.owner)
        elif row.label == NodeKind.TARGET.neo4j and row.owner:
            plan.add_rel(EdgeKind.OF_POLICY.neo4j or "", row.id, row.owner, None, row.owner)

    def issuers(self, row: NodeRow) -> None:
        issued_by = EdgeKind.ISSUED_BY.neo4j or ""
        for i, issuer in enumerate(self.g.nodes[row.id].get("issuers") or []):
            if not issuer:
                continue
            oid = NodeKind.ORGANIZATION.node(issuer)
            if oid not in self.plan.nodes:
                self.plan.add_node(NodeKind.ORGANIZATION.neo4j or "", oid, {"iri": org_iri(issuer).value, "name": str(issuer)})
                self.org_region(oid, str(issuer))
            if (row.id, issued_by, oid) not in self.plan.rels:
                self.plan.add_rel(issued_by, row.id, oid, {"lead": i == 0, "position": i}, row.owner)

    # --- edges ----------------------------------------------------------------------
    def edge(self, u: str, v: str, d: Mapping[str, Any]) -> None:
        g, plan, t = self.g, self.plan, d.get("type")
        if t == EdgeKind.CITATION:
            rtype = REL_TYPES.get(d.get("relation") or "")
            if rtype is None:
                return
            plan.add_rel(rtype, u, v, {
                "relation": d["relation"], "sentence": _text(d.get("sentence")),
                "cited_number": _text(d.get("cited_number")), "cited_title": _text(d.get("cited_title")),
                **_span({}, d),
            }, _owner_of(g, u))
        elif t in (EdgeKind.HAS_MEASURE, EdgeKind.SETS_TARGET):
            plan.add_rel(REL_TYPES[t], u, v, None, _owner_of(g, u) or _owner_of(g, v))
        elif t in RESPONSIBILITY_EDGES:
            kind = EdgeKind(t)
            owner = d.get("policy") or g.nodes[v].get("policy")
            role = d.get("role") or (kind.role.value if kind.role else None)
            plan.add_rel(REL_TYPES[t], u, v, _span({"role": role, "deadline": _text(d.get("deadline"))}, d), owner)
        elif t == EdgeKind.MENTIONS:
            plan.add_rel(REL_TYPES[t], u, v, _span({}, d), _owner_of(g, u))
        elif t == EdgeKind.HAS_VERSION:
            plan.add_rel(REL_TYPES[t], u, v, {"date": _text(d.get("date")), "rank": int(d.get("rank") or 0)}, _owner_of(g, v))
        elif t == EdgeKind.REPEALS:
            plan.add_rel(REL_TYPES[t], u, v, _span({"since": _text(d.get("since")), "cited_number": _text(d.get("cited_number")),
                                                    "cited_title": _text(d.get("cited_title"))}, d), _owner_of(g, u))
        elif t == EdgeKind.TAKES_UP:  # shared: the parent's measures may load after the local's
            plan.add_rel(REL_TYPES[t], u, v, {k: _value(d.get(k)) for k in TAKE_UP_PROPS})


def plan_graph(g: nx.MultiDiGraph) -> GraphPlan:
    """The rows of the resolved graph, with the same facts the RDF states (kg.sinks.rdf)."""
    p = _Planner(g)
    for name, d in level_concepts().items():
        p.plan.add_node(NodeKind.LEVEL.neo4j or "", NodeKind.LEVEL.node(name), d)
    for node, d in g.nodes(data=True):
        p.node(node, d)
    for row in list(p.plan.nodes.values()):
        p.derived(row)
    for u, v, d in g.edges(data=True):
        p.edge(u, v, d)
    mark_corrections(p.plan, g)
    return p.plan


def correction_props(marks: list[dict[str, str]]) -> dict[str, list[str]]:
    """The Neo4j properties of a fact analysts corrected: ids, analysts and reasons.

    >>> correction_props([{"id": "c1", "who": "王", "why": "原文如此", "op": "set-policy", "when": ""}])
    {'correction_ids': ['c1'], 'corrected_by': ['王'], 'correction_reasons': ['原文如此']}
    """
    return {CORRECTION.neo4j_ids: [m["id"] for m in marks], CORRECTION.neo4j_who: [m["who"] for m in marks],
            CORRECTION.neo4j_why: [m["why"] for m in marks]}


def mark_corrections(plan: GraphPlan, g: nx.MultiDiGraph) -> None:
    """Give the rows of corrected nodes and relationships the properties of their corrections."""
    for node, d in g.nodes(data=True):
        if d.get("corrections") and node in plan.nodes:
            plan.nodes[node].props.update(correction_props(d["corrections"]))
    for u, v, d in g.edges(data=True):
        if not d.get("corrections"):
            continue
        rtype = REL_TYPES.get(d.get("relation") or "") if d.get("type") == EdgeKind.CITATION else REL_TYPES.get(d.get("type") or "")
        row = plan.rels.get((u, rtype or "", v))
        if row is not None:
            row.props.update(correction_props(d["corrections"]))


def _doc_sha(g: nx.MultiDiGraph, policy: str | None) -> str | None:
    return g.nodes[policy].get("sha256") if policy and policy in g else None


def _owner_of(g: nx.MultiDiGraph, node: str) -> str | None:
    d = g.nodes[node]
    if d.get("type") == "Policy":
        return None if d.get("stub") else node
    return d.get("policy")


# --- schema --------------------------------------------------------------------------


def schema_statements() -> list[str]:
    """A uniqueness constraint on the id of every label (what MERGE and MATCH look up), and
    indexes on what the named queries and the removal of stale parts look things up by. Few
    indexes: each one costs on every write."""
    out = []
    for label in LABELS.values():
        out.append(f"CREATE CONSTRAINT kg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
    # Region(name): a region's ranking starts from the region named; Department(rank): the
    # ranking reads a range of ranks
    for label, prop in (("Policy", "iri"), ("Policy", "number"), ("Policy", "title"), ("Department", "iri"),
                        ("Department", "name"), ("Department", "rank"), ("Region", "name"), ("Measure", "doc"),
                        ("Target", "doc")):
        out.append(f"CREATE INDEX kg_{label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
    return out


def ensure_schema(driver, database: str | None = None) -> None:  # type: ignore[no-untyped-def]
    for statement in schema_statements():
        driver.execute_query(statement, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


# --- loading -------------------------------------------------------------------------


#: The loader's statements are planned once and keep their plan while the graph grows
#: (``replan=skip``): every lookup is an index seek (``id`` is unique, ``doc`` indexed, with hints
#: where a plan could do otherwise), so a plan made on an empty database stays right, and the
#: server does not plan each statement again and again as the counts change during a load.
_PLAN_ONCE = "CYPHER replan=skip "


def _node_statement(label: str) -> str:
    assert label in _LABEL_SET, label
    if label == "Policy":  # also which policies an earlier load wrote: only their documents can hold stale parts
        return (f"{_PLAN_ONCE}UNWIND $rows AS row MERGE (n:Policy {{id: row.id}}) WITH n, row, n.load AS before "
                "SET n = row.props, n.load = $load "
                "RETURN count(n) AS written, collect(CASE WHEN before IS NOT NULL AND before <> $load THEN n.id END) AS known")
    return (f"{_PLAN_ONCE}UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
            "SET n = row.props, n.load = $load RETURN count(n) AS written")


def _rel_statement(rtype: str, start_label: str, end_label: str) -> str:
    assert rtype in _TYPE_SET and start_label in _LABEL_SET and end_label in _LABEL_SET
    return (f"{_PLAN_ONCE}UNWIND $rows AS row MATCH (a:{start_label} {{id: row.a}}) MATCH (b:{end_label} {{id: row.b}}) "
            f"MERGE (a)-[r:{rtype}]->(b) SET r = row.props, r.load = $load RETURN count(r) AS written")


def _created(statement: str) -> str:
    """The twin of a node or relationship statement that creates instead of merging, for
    the rows of documents no earlier load wrote: nothing of such a document can be in the
    database (its measures and targets are named after its policy, and every relationship
    it owns touches its policy, one of its measures or targets), and a load writes each
    row a document owns once, so looking for the row first is wasted work — on a node
    with many relationships (a level, a national directive) the most of it.

    >>> _created(_node_statement("Measure"))
    'CYPHER replan=skip UNWIND $rows AS row CREATE (n:Measure) SET n = row.props, n.load = $load RETURN count(n) AS written'
    >>> "CREATE (a)-[r:LEADS]->(b)" in _created(_rel_statement("LEADS", "Department", "Measure"))
    True
    """
    out = re.sub(r"MERGE \(n:(\w+) \{id: row\.id\}\)", r"CREATE (n:\1)", statement)
    return out.replace("MERGE (a)-[r:", "CREATE (a)-[r:")


#: run in a document batch's transaction after its writes: what those documents owned before
#: and this load did not write again
_STALE_OF_DOCUMENTS = [
    f"{_PLAN_ONCE}MATCH (n:Measure) USING INDEX n:Measure(doc) WHERE n.doc IN $docs AND n.load <> $load DETACH DELETE n",
    f"{_PLAN_ONCE}MATCH (n:Target) USING INDEX n:Target(doc) WHERE n.doc IN $docs AND n.load <> $load DETACH DELETE n",
    f"{_PLAN_ONCE}MATCH (p:Policy)-[r]->() USING INDEX p:Policy(id) WHERE p.id IN $docs AND r.load <> $load DELETE r",
    f"{_PLAN_ONCE}MATCH (m:Measure)-[r]-() USING INDEX m:Measure(doc) WHERE m.doc IN $docs AND r.load <> $load DELETE r",
    f"{_PLAN_ONCE}MATCH (t:Target)-[r]-() USING INDEX t:Target(doc) WHERE t.doc IN $docs AND r.load <> $load DELETE r",
]


@dataclass
class Statement:
    text: str
    rows: list[dict[str, Any]]
    expect: int
    #: the document that owns each row (a statement of a document batch): the rows of
    #: documents no earlier load wrote are created (:func:`_created`), the others merged
    owners: list[str] | None = None

    def parts(self, known: set[str] | None) -> list[tuple[str, list[dict[str, Any]]]]:
        """(text, rows) to run: the rows of documents in ``known`` (every one when
        ``known`` is None) merged, the others created."""
        if self.owners is None or known is None:
            return [(self.text, self.rows)]
        merged = [row for row, owner in zip(self.rows, self.owners) if owner in known]
        created = [row for row, owner in zip(self.rows, self.owners) if owner not in known]
        return [(text, rows) for text, rows in ((self.text, merged), (_created(self.text), created)) if rows]


@dataclass
class Batch:
    """One transaction: statements, and the documents whose stale parts it removes."""

    kind: str  # nodes | documents | relationships
    statements: list[Statement]
    documents: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(s.rows) for s in self.statements)

    def describe(self) -> str:
        if self.documents:
            names = ", ".join(d.split(":", 1)[1] for d in self.documents[:3])
            more = f" and {len(self.documents) - 3} more" if len(self.documents) > 3 else ""
            return f"{len(self.documents)} document(s): {names}{more}"
        return f"{self.size} {self.kind}"


def _chunks(rows: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _grouped(items: Iterable[Any], key: Callable[[Any], Any]) -> dict[Any, list[Any]]:
    """``items`` by ``key``, each group in the items' order, groups in order of first appearance."""
    out: dict[Any, list[Any]] = defaultdict(list)
    for item in items:
        out[key(item)].append(item)
    return out


def _by_label(n: NodeRow) -> str:
    return n.label


def _by_type(r: RelRow) -> tuple[str, str, str]:
    return (r.type, r.start_label, r.end_label)


def _node_row(n: NodeRow) -> dict[str, Any]:
    return {"id": n.id, "props": n.props}


def _rel_row(r: RelRow) -> dict[str, Any]:
    return {"a": r.start, "b": r.end, "props": r.props}


def _statements(nodes: list[NodeRow], rels: list[RelRow], size: int) -> list[Statement]:
    """The statements of a document batch, each row's owner beside it."""
    out = []
    for label, group in sorted(_grouped(nodes, _by_label).items()):
        for chunk in _chunks(group, size):
            out.append(Statement(_node_statement(label), [_node_row(n) for n in chunk], len(chunk), [n.owner or "" for n in chunk]))
    for key, group in sorted(_grouped(rels, _by_type).items()):
        for chunk in _chunks(group, size):
            out.append(Statement(_rel_statement(*key), [_rel_row(r) for r in chunk], len(chunk), [r.owner or "" for r in chunk]))
    return out


def plan_batches(plan: GraphPlan, batch_size: int = DEFAULT_BATCH_SIZE) -> list[Batch]:
    """The transactions of a load, in order: shared nodes (policies first: documents cite
    each other), then documents a few at a time (at least ``batch_size`` rows a transaction,
    whole documents only), then shared relationships."""
    if batch_size < 1:
        raise ValueError("the batch size must be at least 1")
    shared_nodes = [n for n in plan.nodes.values() if n.owner is None or n.label == "Policy"]
    shared_nodes.sort(key=lambda n: n.label != "Policy")
    batches: list[Batch] = []
    for label, group in _grouped(shared_nodes, _by_label).items():
        for chunk in _chunks(group, batch_size):
            batches.append(Batch("nodes", [Statement(_node_statement(label), [_node_row(n) for n in chunk], len(chunk))]))
    own_nodes: dict[str, list[NodeRow]] = defaultdict(list)
    for n in plan.nodes.values():
        if n.owner is not None and n.label != "Policy":
            own_nodes[n.owner].append(n)
    own_rels: dict[str, list[RelRow]] = defaultdict(list)
    shared_rels: list[RelRow] = []
    for r in plan.rels.values():
        (own_rels[r.owner] if r.owner is not None else shared_rels).append(r)
    group: list[str] = []
    pending = 0
    docs = list(dict.fromkeys([*plan.documents, *own_nodes, *own_rels]))

    def flush() -> None:
        nonlocal group, pending
        if group:
            nodes = [n for d in group for n in own_nodes.get(d, [])]
            rels = [r for d in group for r in own_rels.get(d, [])]
            batches.append(Batch("documents", _statements(nodes, rels, batch_size), list(group)))
        group, pending = [], 0

    for doc in docs:
        group.append(doc)
        pending += len(own_nodes.get(doc, [])) + len(own_rels.get(doc, [])) + 1
        if pending >= batch_size:
            flush()
    flush()
    for key, group in _grouped(shared_rels, _by_type).items():
        for chunk in _chunks(group, batch_size):
            batches.append(Batch("relationships", [Statement(_rel_statement(*key), [_rel_row(r) for r in chunk], len(chunk))]))
    return batches


@dataclass
class LoadReport:
    nodes: dict[str, int]
    relationships: dict[str, int]
    batches: int
    seconds: float
    removed_nodes: int = 0
    removed_relationships: int = 0
    load_id: str = ""

    @property
    def written(self) -> int:
        return sum(self.nodes.values()) + sum(self.relationships.values())

    @property
    def rate(self) -> float:
        return self.written / self.seconds if self.seconds > 0 else float("inf")

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "relationships": self.relationships, "batches": self.batches,
                "seconds": round(self.seconds, 3), "per_second": round(self.rate, 1),
                "removed_nodes": self.removed_nodes, "removed_relationships": self.removed_relationships,
                "load": self.load_id}


class BatchFailed(Neo4jSinkError):
    """A transaction of the load failed and was rolled back."""

    def __init__(self, message: str, index: int, total: int, batch: Batch) -> None:
        super().__init__(message)
        self.index, self.total, self.batch = index, total, batch


def _run_batch(tx, batch: Batch, load: str, hook: Callable[[Any, int, Batch], None] | None, index: int,  # type: ignore[no-untyped-def]
               known: set[str] | None = None) -> set[str]:
    """One transaction: the batch's statements, then (for documents an earlier load wrote,
    all of them when ``known`` is None) the removal of their stale parts. Returns the ids of
    policies that were in the database before."""
    found: set[str] = set()
    for st in batch.statements:
        written = 0
        for text, rows in st.parts(known):
            record = tx.run(text, rows=rows, load=load).single()
            written += record["written"] if record else 0
            if record is not None and "known" in record.keys():
                found.update(record["known"])
        if written != st.expect:
            raise Neo4jSinkError(f"wrote {written} of {st.expect} rows (a relationship's end node is missing)")
    docs = [d for d in batch.documents if known is None or d in known]
    if docs:
        for text in _STALE_OF_DOCUMENTS:
            tx.run(text, docs=docs, load=load).consume()
    if hook is not None:
        hook(tx, index, batch)
    return found


@contextmanager
def prefetched(items: Iterable[Any], make: Callable[[Any], Any], depth: int = 2) -> Iterator[Iterator[Any]]:
    """``make(item)`` for each of ``items``, made by a thread up to ``depth`` ahead of the
    reader: the loader plans in Python while the server writes (the reader waits on the
    network, without the interpreter's lock). An error in the thread is raised in the
    reader; leaving the block stops the thread.

    >>> with prefetched(range(5), lambda x: x * x) as squares:
    ...     list(squares)
    [0, 1, 4, 9, 16]
    """
    ready: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(kind: str, value: Any) -> bool:
        while not stop.is_set():
            try:
                ready.put((kind, value), timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put("item", make(item)):
                    break
            else:
                put("end", None)
        except BaseException as exc:  # noqa: BLE001 - handed to the reader
            put("error", exc)
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    def read() -> Iterator[Any]:
        while True:
            kind, value = ready.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value

    thread = threading.Thread(target=produce, name="kg-neo4j-plans", daemon=True)
    thread.start()
    try:
        yield read()
    finally:
        stop.set()
        thread.join()


def _holds_graph(driver, database: str | None) -> bool:  # type: ignore[no-untyped-def]
    """Whether the database holds a node of any of the loader's labels."""
    query = " UNION ALL ".join(f"MATCH (n:{label}) RETURN 1 AS found LIMIT 1" for label in sorted(_LABEL_SET))
    return bool(driver.execute_query(query, database_=database).records)


def _sweep(driver, database: str | None, load: str, batch_size: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Remove what the load did not write: relationships, then nodes, of the loader's own
    labels and types (``load`` set and not this one), a batch per transaction."""
    removed_rels = removed_nodes = 0

    def run(tx, text: str) -> int:  # type: ignore[no-untyped-def]
        rec = tx.run(text, load=load, limit=batch_size).single()
        return rec["n"] if rec else 0

    with driver.session(database=database) as session:
        for rtype in sorted(_TYPE_SET):
            text = (f"{_PLAN_ONCE}MATCH ()-[r:{rtype}]->() WHERE r.load IS NOT NULL AND r.load <> $load "
                    "WITH r LIMIT $limit DELETE r RETURN count(*) AS n")
            while (n := session.execute_write(run, text)) > 0:
                removed_rels += n
        for label in sorted(_LABEL_SET):
            text = (f"{_PLAN_ONCE}MATCH (x:{label}) WHERE x.load IS NOT NULL AND x.load <> $load "
                    "WITH x LIMIT $limit DETACH DELETE x RETURN count(*) AS n")
            while (n := session.execute_write(run, text)) > 0:
                removed_nodes += n
    return removed_nodes, removed_rels


def load_plan(driver, plan: GraphPlan, *, database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,  # type: ignore[no-untyped-def]
              progress: Callable[[int, int], None] | None = None,
              on_batch: Callable[[Any, int, Batch], None] | None = None) -> LoadReport:
    """Write ``plan`` so the database holds exactly it (see the module's head).

    ``on_batch(tx, index, batch)`` runs inside each transaction after its writes (tests use it
    to make one fail). A failed transaction raises :class:`BatchFailed` after rolling back; what
    earlier transactions wrote stays, and a new load completes it."""
    return load_plans(driver, [plan], database=database, batch_size=batch_size, progress=progress, on_batch=on_batch,
                      total_rows=plan.size)


def load_plans(driver, plans: Iterable[GraphPlan], *, database: str | None = None,  # type: ignore[no-untyped-def]
               batch_size: int = DEFAULT_BATCH_SIZE, progress: Callable[[int, int], None] | None = None,
               on_batch: Callable[[Any, int, Batch], None] | None = None, total_rows: int = 0) -> LoadReport:
    """Write the plans one after the other as one load (:func:`load_plan`): the database then
    holds exactly what they hold together; a row in several plans is written by each (the
    last one's properties stay). A thread makes the next plans and their batches while the
    server writes the current one (:func:`prefetched`), so a few plans are in memory at a
    time, never all."""
    from neo4j.exceptions import Neo4jError

    start = time.perf_counter()
    load = uuid.uuid4().hex
    ensure_schema(driver, database)
    done_rows = batches_run = 0
    nodes: dict[str, int] = {}
    rels: dict[str, int] = {}
    known: set[str] = set()  # documents' policies already in the database: only these can have stale parts
    fresh = not _holds_graph(driver, database)  # then nothing can be stale: no sweep at the end
    with driver.session(database=database) as session, prefetched(plans, lambda plan: (plan, plan_batches(plan, batch_size))) as ready:
        for plan, batches in ready:
            for i, batch in enumerate(batches, batches_run + 1):
                try:
                    known |= session.execute_write(_run_batch, batch, load, on_batch, i, known)
                except (Neo4jError, Neo4jSinkError) as exc:
                    detail = explain(exc)
                    raise BatchFailed(f"batch {i} of {batches_run + len(batches)} ({batch.describe()}) failed and was rolled back — {detail}",
                                      i, batches_run + len(batches), batch) from exc
                done_rows += batch.size
                if progress is not None:
                    progress(done_rows, max(total_rows, done_rows))
            batches_run += len(batches)
            for counts, more in ((nodes, plan.node_counts()), (rels, plan.rel_counts())):
                for k, v in more.items():
                    counts[k] = counts.get(k, 0) + v
    removed_nodes, removed_rels = (0, 0) if fresh else _sweep(driver, database, load, batch_size)
    record_version(driver, database)
    return LoadReport(nodes, rels, batches_run, time.perf_counter() - start, removed_nodes, removed_rels, load)


def _run_files(path: str | Path) -> tuple[Path, Path, Path]:
    """Where :func:`write_run` keeps a run's rows, its documents' policies and its take-ups."""
    p = Path(path)
    return p, p.with_suffix(".docs" + p.suffix), p.with_suffix(".takeups" + p.suffix)


def write_run(path: str | Path, h: nx.MultiDiGraph, is_document: Callable[[str], bool]) -> None:
    """Plan one run of documents (a graph of :func:`kg.pipeline.workspace_runs`: their pieces
    and take-up edges, the nodes they share with other runs bare) where the run is made, and
    pickle what the load writes of it (:func:`_run_plans`): the documents' policy nodes, the
    run's rows, its take-up relationships. A bare node is a stub (a policy no document
    holds), a department or an institution — described by the shared graph, whose plan the
    load writes first, so their rows here are left out by the load (:class:`_SharedOnce`)
    — or another run's policy, measure or target (named, not written: that run writes it)."""
    import pickle

    others = set()
    for n, d in h.nodes(data=True):
        if d.get("type"):
            continue
        kind = _KIND_OF_PREFIX.get(n.partition(":")[0], NodeKind.POLICY)
        d["type"] = kind.value
        if kind == NodeKind.POLICY and not is_document(n):
            d["stub"] = True
        elif kind in (NodeKind.DEPARTMENT, NodeKind.INSTITUTION):
            d["name"] = n.partition(":")[2]
        else:
            others.add(n)
    docs = nx.MultiDiGraph()
    docs.add_nodes_from((n, d) for n, d in h.nodes(data=True) if d.get("type") == NodeKind.POLICY and d.get("source"))
    policies = plan_graph(docs)
    policies.rels = {}  # the run's rows hold the policies' relationships
    plan = plan_graph(h)
    for n in others | set(plan.documents):  # the documents' policies: written with the policies of every run
        plan.nodes.pop(n, None)
    take_ups = [r for r in plan.rels.values() if r.type == EdgeKind.TAKES_UP.neo4j]
    plan.rels = {k: r for k, r in plan.rels.items() if r.type != EdgeKind.TAKES_UP.neo4j and r.owner not in others}
    for target, value in zip(_run_files(path), (plan, policies, take_ups)):
        with open(target, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _run_plans(shared: nx.MultiDiGraph, runs: list[str]) -> Iterable[GraphPlan]:
    """The plans of a graph resolved in runs (:func:`kg.pipeline.workspace_runs`, each run
    planned by :func:`write_run`): the shared nodes; every document's policy node (citations
    between runs find them); each run's rows; the take-up relationships last (a parent
    measure may be in a later run). A shared row (a node or relationship no document owns:
    a stub, a department, a region, an issuer, a level) is in the first plan that holds it —
    the shared graph's — and left out of the later ones (:class:`_SharedOnce`)."""
    import pickle

    def read(path: Path) -> Any:
        with open(path, "rb") as fh:
            return pickle.load(fh)  # noqa: S301 - written by this load's own workers

    once = _SharedOnce()
    yield once(plan_graph(shared))
    for which in (1, 0):
        for path in runs:
            yield once(read(_run_files(path)[which]))
    for path in runs:
        yield GraphPlan(rels={(r.start, r.type, r.end): r for r in read(_run_files(path)[2])})


class _SharedOnce:
    """Leaves out of a plan the shared rows (no document owns them: stubs, departments,
    regions, issuers, levels and the relationships between them) that an
    earlier plan of the same load holds: plans made from the same shared graph describe a
    shared node or relationship the same way each time, so writing it again changes nothing.

    >>> once = _SharedOnce()
    >>> a = GraphPlan(); a.add_node("Region", "region:甲", {"name": "甲"}); a.add_node("Measure", "measure:p/1", {}, "policy:p")
    >>> sorted(once(a).nodes)
    ['measure:p/1', 'region:甲']
    >>> b = GraphPlan(); b.add_node("Region", "region:甲", {"name": "甲"}); b.add_node("Region", "region:乙", {"name": "乙"})
    >>> sorted(once(b).nodes)
    ['region:乙']
    """

    def __init__(self) -> None:
        self.nodes: set[str] = set()
        self.rels: set[tuple[str, str, str]] = set()

    def __call__(self, plan: GraphPlan) -> GraphPlan:
        plan.nodes = {k: n for k, n in plan.nodes.items() if not self._seen(self.nodes, k, n.owner is None)}
        plan.rels = {k: r for k, r in plan.rels.items() if not self._seen(self.rels, k, r.owner is None)}
        return plan

    @staticmethod
    def _seen(seen: set[Any], key: Any, shared: bool) -> bool:
        if not shared:
            return False
        if key in seen:
            return True
        seen.add(key)
        return False


#: the kind of a node of the resolved graph by the prefix of its id (``measure:…``)
_KIND_OF_PREFIX = {k.value.lower(): k for k in NodeKind}


def load_runs(driver, shared: nx.MultiDiGraph, runs: list[str], **kwargs: Any) -> LoadReport:  # type: ignore[no-untyped-def]
    """Write a graph resolved in runs (:func:`kg.pipeline.workspace_runs`) as one load, a
    run at a time (:func:`load_plans`), so memory holds one run's rows, not the graph's."""
    return load_plans(driver, _run_plans(shared, runs), **kwargs)


def load_graph(driver, g: nx.MultiDiGraph, **kwargs: Any) -> LoadReport:  # type: ignore[no-untyped-def]
    """Write the resolved graph ``g``; see :func:`load_plan`."""
    return load_plan(driver, plan_graph(g), **kwargs)


def graph_counts(driver, database: str | None = None) -> tuple[dict[str, int], dict[str, int]]:  # type: ignore[no-untyped-def]
    """Nodes per label and relationships per type of the loader's labels and types."""
    nodes, rels = {}, {}
    for label in sorted(_LABEL_SET):
        recs, _, _ = driver.execute_query(f"MATCH (n:{label}) RETURN count(n) AS n", database_=database)
        if recs[0]["n"]:
            nodes[label] = recs[0]["n"]
    for rtype in sorted(_TYPE_SET):
        recs, _, _ = driver.execute_query(f"MATCH ()-[r:{rtype}]->() RETURN count(r) AS n", database_=database)
        if recs[0]["n"]:
            rels[rtype] = recs[0]["n"]
    return nodes, rels


# --- Cypher --------------------------------------------------------------------------


def cypher_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.cypher"))


def load_cypher(name_or_path: str) -> tuple[str, str | None]:
    """(text, name) of a named Cypher query (``lineage``), a file (``queries/lineage.cypher``)
    or, for anything else, the text itself (name ``None``)."""
    arg = name_or_path
    if arg.endswith(".cypher") and "\n" not in arg:
        p = Path(arg)
        if p.is_file():
            return p.read_text(encoding="utf-8"), p.stem
        named = QUERIES_DIR / p.name
        if named.is_file():
            return named.read_text(encoding="utf-8"), named.stem
        raise Neo4jSinkError(f"{arg}: no such query file (named queries: {', '.join(cypher_names())})")
    if _VARIABLE.match(arg) and (QUERIES_DIR / f"{arg}.cypher").is_file():
        return (QUERIES_DIR / f"{arg}.cypher").read_text(encoding="utf-8"), arg
    return arg, None


def cypher_parameters(text: str) -> list[str]:
    """The ``$names`` a query uses (outside comments and strings)."""
    body = _strip_comments_and_strings(text)
    return list(dict.fromkeys(_PARAM.findall(body)))


def _strip_comments_and_strings(text: str) -> str:
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c in "'\"`":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            out.append(" ")
        else:
            out.append(c)
            i += 1
    return "".join(out)


#: the types of values that come out of a Cypher result as they are
_AS_IS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A value of a Cypher result as JSON-friendly Python: nodes and relationships as their
    properties (with labels or type), paths as lists, temporal values as ISO text.

    >>> plain(["a", 1, None, (2.5, True)])
    ['a', 1, None, [2.5, True]]
    """
    if type(value) in _AS_IS:
        return value
    from neo4j.graph import Node, Path as GPath, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, GPath):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


def run_cypher(driver, text: str, params: Mapping[str, Any] | None = None, *, database: str | None = None,  # type: ignore[no-untyped-def]
               write: bool = False, fill: bool = True) -> tuple[list[str], list[dict[str, Any]]]:
    """Run one Cypher query with bound parameters in a managed read (or write) transaction:
    (column names, rows). With ``fill``, parameters the query names but ``params`` does not
    give are bound to null (the named queries treat null as "not given")."""
    bound = dict(params or {})
    if fill:
        for name in cypher_parameters(text):
            bound.setdefault(name, None)

    def work(tx) -> tuple[list[str], list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
        result = tx.run(text, bound)
        keys = list(result.keys())
        return keys, [dict(zip(keys, map(plain, rec.values()))) for rec in result]

    with driver.session(database=database) as session:
        return session.execute_write(work) if write else session.execute_read(work)


# --- the named SPARQL queries, answered from Neo4j -----------------------------------


def _named_rq() -> dict[str, str]:
    return {p.read_text(encoding="utf-8"): p.stem for p in sorted(QUERIES_DIR.glob("*.rq"))}


def paged_cypher(text: str, page: Any) -> str:
    r"""A named query with one page of its rows: ``SKIP``/``LIMIT`` on the line ``//page``
    when the query has one (after a ``WITH … ORDER BY``, so the page is cut before the rest
    is read), else at its end.

    >>> from kg.questions import Page
    >>> paged_cypher("MATCH (n) RETURN n ORDER BY n.id", Page(50, 0))
    'MATCH (n) RETURN n ORDER BY n.id\nSKIP 0 LIMIT 50'
    >>> paged_cypher("MATCH (n) WITH n ORDER BY n.id\n//page\nRETURN n", Page(5, 10))
    'MATCH (n) WITH n ORDER BY n.id\nSKIP 10 LIMIT 5\nRETURN n'
    """
    if page is None or (page.limit is None and not page.offset):
        return text
    tail = f"SKIP {int(page.offset)}" + (f" LIMIT {int(page.limit)}" if page.limit is not None else "")
    lines = text.splitlines()
    marked = [i for i, line in enumerate(lines) if line.strip() == "//page"]
    if marked:
        lines[marked[0]] = tail
        return "\n".join(lines)
    return text.rstrip() + "\n" + tail


class Neo4jStore:
    """Stands in for the embedded pyoxigraph store where a named query runs
    (``kg.queries.run_query(store, load_query(NAME), params)``): ``query`` recognises the text
    of ``queries/NAME.rq``, runs its twin ``queries/NAME.cypher`` on Neo4j with the same
    parameters (IRIs as text) and returns the rows as pyoxigraph query solutions. So
    ``kg lineage --neo4j`` and the others use the same Python code on the rows as the SPARQL
    path, and print the same answers."""

    def __init__(self, driver, database: str | None = None) -> None:  # type: ignore[no-untyped-def]
        self.driver = driver
        self.database = database

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def checked(self) -> None:
        """Once per store: the database holds a graph of this kg's schema version."""
        if not getattr(self, "_version_checked", False):
            check_version(self.driver, self.database)
            self._version_checked = True

    def rows(self, name: str, params: Mapping[str, Any] | None = None, page: Any = None) -> list[dict[str, Any]]:
        """The rows of the named Cypher query; with ``page`` (:class:`kg.questions.Page`) one
        page of them (``SKIP``/``LIMIT`` after the query's ORDER BY)."""
        self.checked()
        text, _ = load_cypher(f"{name}.cypher")
        return run_cypher(self.driver, paged_cypher(text, page), params, database=self.database)[1]

    def query(self, text: str, substitutions: Mapping[Any, Any] | None = None, **_: Any):  # type: ignore[no-untyped-def]
        from kg.queries import QueryError, py_value

        name = _named_rq().get(text)
        if name is None or not (QUERIES_DIR / f"{name}.cypher").is_file():
            raise QueryError("only the named queries (queries/NAME.rq with a twin NAME.cypher) can run on Neo4j"
                             + (f"; {name}.cypher is missing" if name else ""))
        params = {getattr(k, "value", str(k)): py_value(v) for k, v in (substitutions or {}).items()}
        self.checked()
        keys, rows = run_cypher(self.driver, load_cypher(f"{name}.cypher")[0], params, database=self.database)
        return as_solutions(keys, rows)


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _binding(value: Any) -> dict[str, str]:
    """A value as a term of the SPARQL 1.1 JSON results format (as the embedded store types it)."""
    if isinstance(value, bool):
        return {"type": "literal", "value": "true" if value else "false", "datatype": _XSD + "boolean"}
    if isinstance(value, int):
        return {"type": "literal", "value": str(value), "datatype": _XSD + "integer"}
    if isinstance(value, float):
        return {"type": "literal", "value": repr(value), "datatype": _XSD + "double"}
    return {"type": "literal", "value": value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}


def as_solutions(keys: list[str], rows: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
    """Rows as pyoxigraph ``QuerySolutions`` with the same variables, in the same order: written
    as SPARQL 1.1 JSON results (``json.dumps`` escapes every value) and read back by pyoxigraph's
    parser; no query text is ever made from a value."""
    import pyoxigraph as ox

    for k in keys:
        if not _VARIABLE.match(k):
            raise ValueError(f"column '{k}' is not a plain name (alias it: RETURN … AS name)")
    doc = {"head": {"vars": keys},
           "results": {"bindings": [{k: _binding(r[k]) for k in keys if r.get(k) is not None} for r in rows]}}
    return ox.parse_query_results(json.dumps(doc, ensure_ascii=False), format=ox.QueryResultsFormat.JSON)


# --- the version of the graph's shape ----------------------------------------------------

#: the one node that records the schema version of the graph the loader wrote (its label is
#: none of the graph's, so the sweep of stale parts never takes it)
VERSION_LABEL = "KgGraph"


class StaleGraph(Neo4jSinkError):
    """The database holds a graph written by another version of kg."""


def record_version(driver, database: str | None = None) -> None:  # type: ignore[no-untyped-def]
    run_cypher(driver, f"MERGE (m:{VERSION_LABEL} {{id: 'policy-kg'}}) SET m.schema_version = $v",
               {"v": SCHEMA_VERSION}, database=database, write=True)


def stored_version(driver, database: str | None = None) -> int | None:  # type: ignore[no-untyped-def]
    """The schema version of the graph in the database: 1 for a graph loaded before
    versions were recorded, None for a database without a graph."""
    _, rows = run_cypher(driver, f"OPTIONAL MATCH (m:{VERSION_LABEL} {{id: 'policy-kg'}}) "
                         "RETURN m.schema_version AS v, EXISTS { MATCH (:Policy) } AS graph", database=database)
    row = rows[0] if rows else {"v": None, "graph": False}
    if row.get("v") is not None:
        return int(row["v"])
    return 1 if row.get("graph") else None


def check_version(driver, database: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Raise :class:`StaleGraph`, saying what to run, when the database's graph was written
    by another version of kg."""
    found = stored_version(driver, database)
    if found is None or found == SCHEMA_VERSION:
        return
    if found < SCHEMA_VERSION:
        raise StaleGraph(f"the graph in Neo4j was loaded by an older kg (schema version {found}; this kg reads "
                         f"{SCHEMA_VERSION}): run `kg load-neo4j` to replace it")
    raise StaleGraph(f"the graph in Neo4j was loaded by a newer kg (schema version {found}; this kg reads "
                     f"{SCHEMA_VERSION}): upgrade kg to read it")
