"""The resolved graph as RDF (pyoxigraph quads), in exactly the terms of ``ontology/policy.ttl``.

Policies are ELI legal resources, measures ELI subdivisions, issuers, departments and
institutions W3C ORG organisations, levels SKOS concepts of ``pkg:LevelScheme``, regions
Dublin Core locations. Each citation, responsibility and target is a PROV entity
(``prov:wasDerivedFrom`` its policy) that keeps where the fact came from: source file and
character span (``pkg:sourceFile``, ``pkg:start``, ``pkg:end``), and for citations the
sentence. Where a ``pkg:`` property specialises an established one (``pkg:implements`` ⊑
``eli:applies``, ``pkg:cites`` ⊑ ``eli:cites``, ``pkg:plans`` ⊑ ``dct:references``,
``pkg:hasMeasure`` ⊑ ``eli:has_part``) or a class an established class, the established
term is stated too, so clients that know ELI or ORG but run no reasoner find it.

IRIs are stable and readable (see the head of ``ontology/policy.ttl``): a policy's IRI is
its normalised 发文字号, percent-encoded; without one, a content hash
(``policy/doc-…``) or, for a policy cited by title only, a hash of the title (``policy/title-…``).

>>> policy_iri("国发〔2019〕4号").value.endswith("%E5%8F%B7")
True
>>> department_iri("沈阳市教育局").value
'https://w3id.org/policy-kg/id/department/%E6%B2%88%E9%98%B3%E5%B8%82%E6%95%99%E8%82%B2%E5%B1%80'
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse

from kg.schema import (  # noqa: F401 - the namespaces are the schema's; other modules import them from here
    DCT,
    ELI,
    ID,
    LEVELS,
    ORG,
    OWL,
    PKG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    RESPONSIBILITY_EDGES,
    SKOS,
    XSD,
    CORRECTION,
    SCHEMA_VERSION,
    EdgeKind,
    Level,
    NodeKind,
    Relation,
    expand,
    is_level,
)

#: the ontology and the shapes, beside the package (like ``queries/``)
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "policy.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
ONTOLOGY_IRI = "https://w3id.org/policy-kg/ontology"
#: the named graph that ``kg push`` replaces and ``kg export --format trig`` writes
KG_GRAPH = "https://w3id.org/policy-kg/graph"

_DATE_TYPES = ((re.compile(r"^\d{4}-\d{2}-\d{2}$"), "date"), (re.compile(r"^\d{4}-\d{2}$"), "gYearMonth"), (re.compile(r"^\d{4}$"), "gYear"))


@lru_cache(maxsize=1 << 12)
def n(ns: str, local: str) -> NamedNode:
    """A term of a namespace (made once: a writer asks for the same few again and again)."""
    return NamedNode(ns + local)


@lru_cache(maxsize=None)
def expand_iri(curie: str) -> NamedNode:
    """A CURIE of the schema's prefixes as a term (``prov:Agent``)."""
    return NamedNode(expand(curie))


@lru_cache(maxsize=1 << 16)
def _enc(s: str) -> str:
    return quote(s, safe="")


def policy_iri(key: str) -> NamedNode:
    return NamedNode(ID + "policy/" + _enc(key))


@lru_cache(maxsize=1 << 16)
def node_iri(node: str) -> NamedNode:
    """IRI of a node of the resolved graph (``policy:KEY``, ``measure:PKEY/PATH`` …): the
    kind, then each ``/``-separated part of the key percent-encoded."""
    kind, _, key = node.partition(":")
    return NamedNode(ID + kind + "/" + "/".join(_enc(part) for part in key.split("/")))


def org_iri(name: str) -> NamedNode:
    """An issuing body (ELI ``passed_by``)."""
    return NamedNode(ID + "organization/" + _enc(name))


def department_iri(name: str) -> NamedNode:
    """A department by its canonical name, which carries its region (沈阳市教育局)."""
    return node_iri(NodeKind.DEPARTMENT.node(name))


def region_iri(name: str) -> NamedNode:
    return NamedNode(ID + "region/" + _enc(name))


def level_iri(level: str) -> NamedNode:
    return NamedNode(Level(level).iri or "")


def _lit(value: object) -> Literal:
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=n(XSD, "boolean"))
    number = _number(value)
    if number is not None:
        return Literal(number[0], datatype=n(XSD, number[1]))
    return Literal(str(value))


def _number(value: object) -> tuple[str, str] | None:
    """(lexical form, XSD datatype) of a finite number as :func:`_lit` writes it.

    >>> _number(3), _number(2.0), _number(0.1234), _number(float("nan")), _number("3")
    (('3', 'integer'), ('2', 'integer'), ('0.1234', 'decimal'), None, None)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), "integer"
    if isinstance(value, float) and math.isfinite(value):
        if value == int(value):
            return str(int(value)), "integer"
        return format(Decimal(repr(value)), "f"), "decimal"
    return None


def _nq_number(value: float) -> str:
    """A finite number as an N-Quads literal, as :func:`_lit` makes it."""
    lexical, datatype = _number(value)  # type: ignore[misc]
    return f'"{lexical}"^^<{XSD}{datatype}>'


def _zh(value: str) -> Literal:
    return Literal(value, language="zh")


def _date(value: str) -> Literal:
    for rx, dt in _DATE_TYPES:
        if rx.match(value):
            return Literal(value, datatype=n(XSD, dt))
    return Literal(value)


@lru_cache(maxsize=1)
def level_scheme_triples() -> tuple[tuple[NamedNode, NamedNode, NamedNode | Literal], ...]:
    """What ``ontology/policy.ttl`` says about the level scheme and its concepts, so the
    data carries the concepts it points to (labels in Chinese and English)."""
    subjects = {PKG + "LevelScheme", *(lv.iri for lv in LEVELS)}
    out = []
    with ONTOLOGY_FILE.open("rb") as fh:
        for t in parse(fh, format=RdfFormat.TURTLE):
            if isinstance(t.subject, NamedNode) and t.subject.value in subjects:
                out.append((t.subject, t.predicate, t.object))
    return tuple(out)


def region_key(region: Any) -> str:
    """The name a region (:class:`kg.reference.Region`) goes by in the graph: its own, or,
    when several regions of the gazetteer share it, with its enclosing region's name before
    it, so that 沈阳市和平区 and 天津市和平区 are two nodes, each within its own city.

    >>> from kg.reference import find_region
    >>> region_key(find_region("沈阳市和平区教育局")), region_key(find_region("沈阳市教育局"))
    ('沈阳市和平区', '沈阳市')
    """
    from kg.reference import gazetteer

    if region.parent and len(gazetteer().get(region.name) or []) > 1:
        return str(region.parent + region.name)
    return str(region.name)


def region_info(name: str) -> tuple[str | None, str | None, str | None]:
    """(level, adcode, enclosing region) of a region name (or of a :func:`region_key`); only
    what is unambiguous.

    >>> region_info("沈阳市和平区"), region_info("沈阳市")
    (('county', '210102', '沈阳市'), ('city', '210100', '辽宁省'))
    """
    from kg.reference import find_region, gazetteer

    candidates = gazetteer().get(name) or []
    if len(candidates) == 1:
        r = candidates[0]
        return r.level, r.adcode, r.parent
    levels = {r.level for r in candidates}
    if len(levels) == 1:
        return levels.pop(), None, None
    if not candidates:
        r = find_region(name)
        if r is not None and (r.name == name or region_key(r) == name):
            return r.level, r.adcode, r.parent
    return None, None, None


@lru_cache(maxsize=4096)
def region_of_org(name: str) -> str | None:
    """The region a body's name begins with, as the graph names it (:func:`region_key`).

    >>> region_of_org("沈阳市和平区教育局"), region_of_org("辽宁省教育厅"), region_of_org("国务院")
    ('沈阳市和平区', '辽宁省', None)
    """
    from kg.reference import find_region

    r = find_region(name)
    return region_key(r) if r is not None else None


Object = NamedNode | BlankNode | Literal

#: a department's tally (:func:`kg.pipeline.department_tallies`) as properties of its node
TALLY_PROPERTIES = {"led": "measuresLed", "supported": "measuresSupported", "responsible": "measuresResponsible",
                    "measures": "measureCount", "policies": "policyCount", "policies_led": "policiesLed",
                    "policies_supported": "policiesSupported", "policies_responsible": "policiesResponsible",
                    "rank": "rankPosition", "rank_all": "rankPositionAll", "rank_lead": "rankLead", "rank_lead_all": "rankLeadAll",
                    "rank_support": "rankSupport", "rank_support_all": "rankSupportAll",
                    "rank_responsible": "rankResponsible", "rank_responsible_all": "rankResponsibleAll"}


@lru_cache(maxsize=None)
def _type(kind: NodeKind | EdgeKind | Relation) -> NamedNode:
    """The RDF term of a kind of the schema (a class or a property)."""
    return NamedNode(kind.iri or "")


@lru_cache(maxsize=None)
def _super(kind: NodeKind | EdgeKind | Relation) -> NamedNode | None:
    """The established term the kind's RDF term specialises."""
    return NamedNode(kind.super_iri) if kind.super_iri else None


def _default_quad(s: NamedNode | BlankNode, p: NamedNode, o: Object) -> Quad:
    """A quad in the default graph."""
    return Quad(s, p, o)


def take_up_node(local: NamedNode, parent: NamedNode) -> NamedNode:
    """The pkg:TakeUp of the take-up of measure ``parent`` by measure ``local``: the local
    measure's IRI, ``/takesUp/`` and the first 12 hex digits of the SHA-1 of the parent
    measure's IRI (what ``IRI(CONCAT(STR(?l), "/takesUp/", SUBSTR(SHA1(STR(?p)), 1, 12)))``
    makes in SPARQL).

    >>> take_up_node(NamedNode("https://x/m/1"), NamedNode("https://x/m/2")).value
    'https://x/m/1/takesUp/bebbe5734a3f'
    """
    return NamedNode(local.value + "/takesUp/" + hashlib.sha1(parent.value.encode()).hexdigest()[:12])


def take_up_nquads(local: str, parent: str, score: float, local_span: tuple[int, int], parent_span: tuple[int, int]) -> list[str]:
    """The N-Quads lines (default graph) of the take-up of measure IRI ``parent`` by measure
    IRI ``local`` whose passages the measures' text and start in the store hold (a build's:
    :meth:`QuadWriter.take_up` with ``passages_in_measures``), written as text: the same
    quads without making a term of each (a law corpus has ~100,000 take-ups).

    >>> take_up_nquads("https://x/m/1", "https://x/m/2", 0.5, (0, 4), (10, 14))[4]
    '<https://x/m/1/takesUp/bebbe5734a3f> <https://w3id.org/policy-kg/ontology#score> "0.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\\n'
    """
    t = f"<{take_up_node(NamedNode(local), NamedNode(parent)).value}> <{PKG}"
    (ls, le), (ps, pe) = local_span, parent_span
    return [f"<{local}> <{_type(EdgeKind.TAKES_UP).value}> <{parent}> .\n", f"{t[:-len(PKG) - 1]}<{RDF}type> <{PKG}TakeUp> .\n",
            f"{t}localMeasure> <{local}> .\n", f"{t}parentMeasure> <{parent}> .\n", f"{t}score> {_nq_number(score)} .\n",
            f"{t}localStart> {_nq_number(ls)} .\n", f"{t}localEnd> {_nq_number(le)} .\n",
            f"{t}parentStart> {_nq_number(ps)} .\n", f"{t}parentEnd> {_nq_number(pe)} .\n"]


def method_nquad(method: str) -> str:
    """The N-Quads line that says ``method`` of the graph (:meth:`QuadWriter.take_up`)."""
    return str(Quad(NamedNode(KG_GRAPH), n(PKG, "method"), Literal(method))) + " .\n"


class QuadWriter:
    """Quads of the nodes and edges of a resolved graph in one graph name; each region and
    organisation is described once, whichever node names it first."""

    def __init__(self, g: nx.MultiDiGraph, graph: NamedNode | DefaultGraph | None = None) -> None:
        self.g = g
        self.gr = graph or DefaultGraph()
        self.described: set[str] = set()
        self.a, self.label = n(RDF, "type"), n(RDFS, "label")
        if isinstance(self.gr, DefaultGraph):
            self.q = _default_quad  # type: ignore[method-assign]  # pyoxigraph makes it in half the time without the graph

    def q(self, s: NamedNode | BlankNode, p: NamedNode, o: Object) -> Quad:
        return Quad(s, p, o, self.gr)

    def typed(self, s: NamedNode, kind: NodeKind | EdgeKind) -> Iterator[Quad]:
        """``s`` is of the kind's class and of the established class it specialises."""
        yield self.q(s, self.a, _type(kind))
        sup = _super(kind)
        if sup is not None:
            yield self.q(s, self.a, sup)

    def span(self, s: NamedNode, d: dict[str, Any]) -> Iterator[Quad]:
        if d.get("source") is not None and d.get("start") is not None:
            yield self.q(s, n(PKG, "sourceFile"), Literal(d["source"]))
            yield self.q(s, n(PKG, "start"), _lit(int(d["start"])))
            yield self.q(s, n(PKG, "end"), _lit(int(d["end"])))

    # --- shared descriptions ------------------------------------------------------------
    def region(self, name: str) -> Iterator[Quad]:
        r = region_iri(name)
        if r.value in self.described:
            return
        self.described.add(r.value)
        yield from self.typed(r, NodeKind.REGION)
        yield self.q(r, self.label, _zh(name))
        level, adcode, parent = region_info(name)
        if level:
            yield self.q(r, _type(EdgeKind.AT_LEVEL), level_iri(level))
        if adcode:
            yield self.q(r, n(PKG, "adcode"), Literal(adcode))
        if parent and parent != name:
            yield self.q(r, _type(EdgeKind.WITHIN_REGION), region_iri(parent))
            yield from self.region(parent)

    def organisation(self, o: NamedNode, name: str, kind: NodeKind | None = None, aliases: list[str] | None = None,
                     sort: str | None = None) -> Iterator[Quad]:
        """An issuing body, or a department or institution (``kind``) of sort ``sort``."""
        if o.value in self.described:
            return
        self.described.add(o.value)
        if kind is not None:
            yield self.q(o, self.a, _type(kind))
        yield self.q(o, self.a, _type(NodeKind.ORGANIZATION))
        yield self.q(o, self.label, _zh(name))
        yield self.q(o, n(SKOS, "prefLabel"), _zh(name))
        if sort:
            yield self.q(o, n(PKG, "kind"), Literal(sort))
        for alias in aliases or []:
            if alias != name:
                yield self.q(o, n(SKOS, "altLabel"), _zh(alias))
        reg = region_of_org(name)
        if reg:
            yield self.q(o, _type(EdgeKind.IN_REGION), region_iri(reg))
            yield from self.region(reg)

    # --- nodes --------------------------------------------------------------------------
    def node(self, node: str, d: dict[str, Any]) -> Iterator[Quad]:
        t, s = d.get("type"), node_iri(node)
        if t == NodeKind.POLICY:
            yield from self.policy(s, d)
        elif t == NodeKind.MEASURE:
            yield from self.measure(s, d)
        elif t == NodeKind.DEPARTMENT:
            yield from self.organisation(s, d["name"], NodeKind.DEPARTMENT, d.get("aliases"), d.get("kind") or "government")
            for key, count in (d.get("tally") or {}).items():
                yield self.q(s, n(PKG, TALLY_PROPERTIES[key]), _lit(int(count)))
        elif t == NodeKind.INSTITUTION:
            yield from self.organisation(s, d["name"], NodeKind.INSTITUTION, d.get("aliases"), d.get("kind"))
        elif t == NodeKind.TARGET:
            yield from self.target(s, d)
        elif t == NodeKind.WORK:
            yield from self.typed(s, NodeKind.WORK)
            if d.get("title"):
                yield self.q(s, n(ELI, "title"), _zh(d["title"]))
                yield self.q(s, self.label, _zh(d["title"]))
        yield from self.corrected(s, d)

    def policy(self, s: NamedNode, d: dict[str, Any]) -> Iterator[Quad]:
        q = self.q
        yield from self.typed(s, NodeKind.POLICY)
        yield q(s, n(PKG, "isStub"), _lit(bool(d.get("stub"))))
        if d.get("number"):
            yield q(s, n(ELI, "id_local"), Literal(d["number"]))
        if d.get("title"):
            yield q(s, n(ELI, "title"), _zh(d["title"]))
            yield q(s, self.label, _zh(d["title"]))
        for alt_title in d.get("alt_titles") or []:
            if alt_title != d.get("title"):
                yield q(s, n(DCT, "alternative"), _zh(alt_title))
        if d.get("date"):
            yield q(s, n(ELI, "date_document"), _date(str(d["date"])))
        if d.get("effective"):
            yield q(s, n(ELI, "date_applicability"), _date(str(d["effective"])))
        if d.get("expires"):
            yield q(s, n(ELI, "date_no_longer_in_force"), _date(str(d["expires"])))
        if d.get("amended_by"):
            yield q(s, n(ELI, "amended_by"), node_iri(d["amended_by"]))
        if d.get("first_date"):
            yield q(s, n(PKG, "firstDate"), _date(str(d["first_date"])))
        for i, issuer in enumerate(d.get("issuers") or []):
            if not issuer:
                continue
            o = org_iri(issuer)
            yield q(s, _type(EdgeKind.ISSUED_BY), o)
            if i == 0:
                yield q(s, n(PKG, "leadIssuer"), o)
            yield from self.organisation(o, issuer)
        if is_level(d.get("level")):
            yield q(s, _type(EdgeKind.AT_LEVEL), level_iri(d["level"]))
        if d.get("region"):
            yield q(s, _type(EdgeKind.IN_REGION), region_iri(d["region"]))
            yield from self.region(d["region"])
        if d.get("source"):
            yield q(s, n(PKG, "sourceFile"), Literal(d["source"]))
            if d.get("sha256"):
                yield q(s, n(PKG, "sha256"), Literal(d["sha256"]))

    def measure(self, s: NamedNode, d: dict[str, Any]) -> Iterator[Quad]:
        q = self.q
        yield from self.typed(s, NodeKind.MEASURE)
        yield q(s, n(PKG, "number"), Literal(str(d.get("number") or "")))
        yield q(s, n(PKG, "path"), Literal(str(d.get("key") or "")))
        if d.get("text"):
            yield q(s, n(PKG, "text"), _zh(d["text"]))
        if d.get("heading"):
            yield q(s, self.label, _zh(d["heading"]))
        if d.get("kind"):
            yield q(s, n(PKG, "kind"), Literal(d["kind"]))
        if d.get("deadline"):
            yield q(s, n(PKG, "deadline"), Literal(str(d["deadline"])))
        if d.get("policy"):
            yield q(s, _type(EdgeKind.PART_OF), node_iri(d["policy"]))
        yield from self.span(s, d)

    def target(self, s: NamedNode, d: dict[str, Any]) -> Iterator[Quad]:
        q = self.q
        yield from self.typed(s, NodeKind.TARGET)
        yield q(s, n(PKG, "indicator"), _zh(str(d.get("indicator") or "")))
        if d.get("value") is not None:
            yield q(s, n(PKG, "value"), _lit(d["value"]))
        if d.get("unit"):
            yield q(s, n(PKG, "unit"), Literal(d["unit"]))
        yield q(s, n(PKG, "comparator"), Literal(d.get("comparator") or "="))
        if d.get("deadline"):
            yield q(s, n(PKG, "deadline"), Literal(str(d["deadline"])))
        if d.get("scope"):
            yield q(s, n(PKG, "scope"), Literal(d["scope"]))
        if d.get("policy"):
            yield q(s, _type(EdgeKind.OF_POLICY), node_iri(d["policy"]))
            yield q(s, n(PROV, "wasDerivedFrom"), node_iri(d["policy"]))
        yield from self.span(s, d)

    def target_year(self, year: str, counts: dict[str, int]) -> Iterator[Quad]:
        """The targets due in ``year`` (``""``: without a deadline) and their policies, as
        the build keeps them (:func:`kg.pipeline.target_tallies`)."""
        s = NamedNode(ID + "targetYear/" + (_enc(year) if year else "-"))
        yield self.q(s, self.a, n(PKG, "TargetYear"))
        if year:
            yield self.q(s, n(PKG, "dueYear"), Literal(year))
        yield self.q(s, n(PKG, "targetCount"), _lit(int(counts["targets"])))
        yield self.q(s, n(PKG, "targetPolicies"), _lit(int(counts["policies"])))

    def in_force_counts(self, policy: str, changes: list[tuple[str, int]]) -> Iterator[Quad]:
        """How many of ``policy``'s implementers are in force from each day on, as the build
        keeps them (:func:`kg.graph.status.in_force_changes`): a step per day (``""``: from
        the start), grouped by month, each month with the number after its last step, so a
        day's number is read from its own month's steps or the latest month before it."""
        p = node_iri(policy)
        months: dict[str, list[tuple[str, int]]] = {}
        for day, total in changes:
            months.setdefault(day[:7], []).append((day, total))
        for month, steps in months.items():
            m = NamedNode(p.value + "/inForceMonth/" + (_enc(month) if month else "-"))
            yield self.q(p, n(PKG, "inForceMonth"), m)
            yield self.q(m, n(PKG, "month"), Literal(month))
            yield self.q(m, n(PKG, "implementersInForce"), _lit(int(steps[-1][1])))
            for day, total in steps:
                c = NamedNode(p.value + "/inForce/" + (_enc(day) if day else "-"))
                yield self.q(m, n(PKG, "step"), c)
                yield self.q(c, n(PKG, "fromDay"), Literal(day))
                yield self.q(c, n(PKG, "implementersInForce"), _lit(int(total)))

    # --- edges --------------------------------------------------------------------------
    def edge(self, u: str, v: str, d: dict[str, Any]) -> Iterator[Quad]:
        t = d.get("type")
        su, sv = node_iri(u), node_iri(v)
        if t == EdgeKind.CITATION:
            yield from self.citation(su, sv, v, d)
        elif t == EdgeKind.HAS_MEASURE:
            yield self.q(su, _type(EdgeKind.HAS_MEASURE), sv)
            yield self.q(su, _super(EdgeKind.HAS_MEASURE) or _type(EdgeKind.HAS_MEASURE), sv)
        elif t in RESPONSIBILITY_EDGES:
            yield from self.responsibility(su, sv, u, v, EdgeKind(t), d)
        elif t == EdgeKind.MENTIONS:
            yield self.q(su, _type(EdgeKind.MENTIONS), sv)
        elif t == EdgeKind.SETS_TARGET:
            yield self.q(su, _type(EdgeKind.SETS_TARGET), sv)
        elif t == EdgeKind.HAS_VERSION:
            yield self.q(su, _type(EdgeKind.HAS_VERSION), sv)
            yield self.q(sv, n(ELI, "realizes"), su)
        elif t == EdgeKind.REPEALS:
            yield self.q(su, _type(EdgeKind.REPEALS), sv)
            yield self.q(sv, n(ELI, "repealed_by"), su)
        elif t == EdgeKind.TAKES_UP:
            yield from self.take_up(su, sv, d, u, v)

    def citation(self, su: NamedNode, sv: NamedNode, v: str, d: dict[str, Any]) -> Iterator[Quad]:
        """The citation as a property (and its established super-property) and as a
        pkg:Citation that keeps where it was read."""
        q = self.q
        rel = Relation(d["relation"])
        yield q(su, _type(rel), sv)
        yield q(su, _super(rel) or _type(rel), sv)
        c = NamedNode(su.value + "/citation/" + hashlib.sha1(f"{v}|{rel.value}|{d.get('start')}".encode()).hexdigest()[:12])
        yield from self.typed(c, EdgeKind.CITATION)
        yield q(c, n(PKG, "citing"), su)
        yield q(c, n(PKG, "cited"), sv)
        yield q(c, n(PKG, "relation"), Literal(d["relation"]))
        yield q(c, n(PROV, "wasDerivedFrom"), su)
        if d.get("sentence"):
            yield q(c, n(PKG, "sentence"), _zh(d["sentence"]))
        if d.get("cited_number"):
            yield q(c, n(PKG, "citedNumber"), Literal(d["cited_number"]))
        if d.get("cited_title"):
            yield q(c, n(PKG, "citedTitle"), _zh(d["cited_title"]))
        yield from self.span(c, d)
        yield from self.corrected(c, d)

    def take_up(self, su: NamedNode, sv: NamedNode, d: dict[str, Any], u: str = "", v: str = "") -> Iterator[Quad]:
        """The take-up as a property and as a pkg:TakeUp (:func:`take_up_node`) with its
        score and the spans of the two aligned passages: 9 quads a pair. What the ontology
        implies is not written again for each pair (pkg:takesUp is a prov:wasDerivedFrom, a
        pkg:TakeUp a prov:Entity), the method, the same for every pair, is said once, of the
        graph, and a passage is written out (pkg:localPassage, pkg:parentPassage) only when
        the measure's text and start in the store do not hold it (queries/adoption.rq cuts it
        from there)."""
        q = self.q
        yield q(su, _type(EdgeKind.TAKES_UP), sv)
        t = take_up_node(su, sv)
        yield q(t, self.a, n(PKG, "TakeUp"))
        yield q(t, n(PKG, "localMeasure"), su)
        yield q(t, n(PKG, "parentMeasure"), sv)
        yield q(t, n(PKG, "score"), _lit(float(d.get("score") or 0.0)))
        for side, node in (("local", u), ("parent", v)):
            if d.get(f"{side}_text"):
                if not self._in_measure(node, d, side):
                    yield q(t, n(PKG, f"{side}Passage"), _zh(d[f"{side}_text"]))
                yield q(t, n(PKG, f"{side}Start"), _lit(int(d[f"{side}_start"])))
                yield q(t, n(PKG, f"{side}End"), _lit(int(d[f"{side}_end"])))
        method = str(d.get("method") or "")
        if method and "method " + method not in self.described:
            self.described.add("method " + method)
            yield q(NamedNode(KG_GRAPH), n(PKG, "method"), Literal(method))

    def _in_measure(self, node: str, d: dict[str, Any], side: str) -> bool:
        """Whether the ``side`` passage of take-up ``d`` is the text of measure ``node``
        between the passage's span, as the store holds it (text, source and start written):
        ``d['passages_in_measures']`` says so for take-ups whose measures are written from
        the same extractions elsewhere (a build's workers)."""
        if d.get("passages_in_measures"):
            return True
        m = self.g.nodes[node] if node in self.g else None
        if not m or m.get("source") is None or m.get("start") is None or not m.get("text"):
            return False
        a, b = int(d[f"{side}_start"]) - int(m["start"]), int(d[f"{side}_end"]) - int(m["start"])
        return a >= 0 and m["text"][a:b] == d[f"{side}_text"]

    def responsibility(self, su: NamedNode, sv: NamedNode, u: str, v: str, kind: EdgeKind, d: dict[str, Any]) -> Iterator[Quad]:
        """The role as a property and as a pkg:Responsibility with its provenance."""
        q = self.q
        yield q(su, _type(kind), sv)
        r = NamedNode(sv.value + "/responsibility/" + hashlib.sha1(f"{u}|{kind.value}".encode()).hexdigest()[:12])
        yield q(r, self.a, n(PKG, "Responsibility"))
        yield q(r, self.a, n(PROV, "Entity"))
        yield q(r, n(PKG, "agent"), su)
        yield q(r, n(PKG, "measure"), sv)
        yield q(r, n(PKG, "role"), Literal(d.get("role") or (kind.role.value if kind.role else "")))
        policy = d.get("policy") or self.g.nodes[v].get("policy")
        if policy:
            yield q(r, n(PROV, "wasDerivedFrom"), node_iri(policy))
        if d.get("deadline"):
            yield q(r, n(PKG, "deadline"), Literal(str(d["deadline"])))
        yield from self.span(r, d)
        yield from self.corrected(r, d)

    def corrected(self, s: NamedNode, d: dict[str, Any]) -> Iterator[Quad]:
        """The provenance of a fact analysts corrected (kg.corrections): attributed to each
        analyst, made by each correction (with its reason, operation and time)."""
        for mark in d.get("corrections") or ():
            who, act = n(ID, "analyst/" + _enc(mark["who"])), n(ID, "correction/" + _enc(mark["id"]))
            yield self.q(s, expand_iri(CORRECTION.attributed_to), who)
            yield self.q(s, expand_iri(CORRECTION.corrected_by), act)
            if act.value in self.described:
                continue
            self.described.add(act.value)
            yield self.q(act, self.a, expand_iri(CORRECTION.cls))
            yield self.q(act, self.a, expand_iri(CORRECTION.cls_super))
            yield self.q(act, expand_iri(CORRECTION.associated_with), who)
            yield self.q(act, expand_iri(CORRECTION.reason), _zh(mark["why"]))
            yield self.q(act, expand_iri(CORRECTION.operation), Literal(mark["op"]))
            if mark.get("when"):
                yield self.q(act, expand_iri(CORRECTION.time), Literal(mark["when"], datatype=n(XSD, "dateTime")))
            yield self.q(who, self.a, expand_iri(CORRECTION.agent))
            yield self.q(who, self.label, Literal(mark["who"]))

    # --- whole graphs -----------------------------------------------------------------
    def preamble(self) -> Iterator[Quad]:
        """What a graph's quads begin with: the level scheme and the schema version."""
        for s, p, o in level_scheme_triples():
            yield self.q(s, p, o)
        yield self.q(NamedNode(KG_GRAPH), expand_iri(CORRECTION.schema_version), _lit(SCHEMA_VERSION))

    def body(self, g: nx.MultiDiGraph) -> Iterator[Quad]:
        """The quads of the nodes, edges and kept counts of ``g``. One writer may take several
        graphs (the pieces of a run of documents): a region, issuer or correction is then
        described once for all of them."""
        self.g = g
        for node, d in g.nodes(data=True):
            yield from self.node(node, d)
        for u, v, d in g.edges(data=True):
            yield from self.edge(u, v, d)
        for year, counts in (g.graph.get("target_years") or {}).items():
            yield from self.target_year(year, counts)
        for policy, count in (g.graph.get("implementer_counts") or {}).items():
            yield self.q(node_iri(policy), n(PKG, "implementerCount"), _lit(int(count)))
        for policy, changes in (g.graph.get("in_force_changes") or {}).items():
            yield from self.in_force_counts(policy, changes)


def graph_quads(g: nx.MultiDiGraph, graph: NamedNode | DefaultGraph | None = None) -> Iterator[Quad]:
    """Quads of the whole resolved graph (each quad once, in a stable order)."""
    w = QuadWriter(g, graph)
    yield from w.preamble()
    yield from w.body(g)
