"""The resolved graph as RDF (pyoxigraph quads), in exactly the terms of ``ontology/policy.ttl``.

Policies are ELI legal resources, measures ELI subdivisions, issuers, departments and
institutions W3C ORG organisations, levels SKOS concepts of ``pkg:LevelScheme``, regions
Dublin Core locations: each resource is stated to be of its ``pkg:`` class only (one
``rdf:type``), the established class it specialises (``pkg:Measure`` ⊑
``eli:LegalResourceSubdivision``) being said once, in the ontology. Each measure, citation, responsibility and target keeps where the
fact came from: its character span (``pkg:start``, ``pkg:end``) in the file of its policy
(``pkg:sourceFile``, written once, on the policy), and for citations the sentence; citations,
responsibilities and targets are PROV entities by their classes (``pkg:Citation`` ⊑
``prov:Entity``; a citation's and a responsibility's class is itself implied, by the domain
of ``pkg:citing`` and of ``pkg:agent`` / ``pkg:measure``, and not written), their policy reached through ``pkg:citing``, ``pkg:measure`` /
``eli:is_part_of`` and ``pkg:ofPolicy`` (neither is repeated on each fact: millions of quads at
scale that no question reads). What the ontology states once is not written again for each
resource: the established super-class of a class, the established super-property of a
property (``pkg:implements`` ⊑ ``eli:applies``, ``pkg:cites`` ⊑ ``eli:cites``, ``pkg:plans``
⊑ ``dct:references``, ``pkg:hasMeasure`` ⊑ ``eli:has_part``), the inverse of a property
(``eli:realizes`` of ``eli:is_realized_by``, ``eli:repealed_by`` of ``eli:repeals``) and a
take-up's ``pkg:takesUp`` link (the chain of ``pkg:localMeasure`` inverted and
``pkg:parentMeasure`` of its ``pkg:TakeUp``): a client that needs them loads the ontology
beside the data and runs RDFS/OWL RL inference, or writes the specialised term in its query.

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
def node_value(node: str) -> str:
    """IRI of a node of the resolved graph (``policy:KEY``, ``measure:PKEY/PATH`` …), as a
    string: the kind, then each ``/``-separated part of the key percent-encoded.

    >>> node_value("measure:p/一")
    'https://w3id.org/policy-kg/id/measure/p/%E4%B8%80'
    """
    kind, _, key = node.partition(":")
    return ID + kind + "/" + "/".join(_enc(part) for part in key.split("/"))


@lru_cache(maxsize=1 << 16)
def node_iri(node: str) -> NamedNode:
    """IRI of a node of the resolved graph (:func:`node_value`)."""
    return NamedNode(node_value(node))


def org_iri(name: str) -> NamedNode:
    """An issuing body (ELI ``passed_by``)."""
    return NamedNode(_org_value(name))


def _org_value(name: str) -> str:
    return ID + "organization/" + _enc(name)


def department_iri(name: str) -> NamedNode:
    """A department by its canonical name, which carries its region (沈阳市教育局)."""
    return node_iri(NodeKind.DEPARTMENT.node(name))


def region_iri(name: str) -> NamedNode:
    return NamedNode(_region_value(name))


def _region_value(name: str) -> str:
    return ID + "region/" + _enc(name)


def level_iri(level: str) -> NamedNode:
    return NamedNode(_level_value(level))


def _level_value(level: str) -> str:
    return Level(level).iri or ""


def _lit_parts(value: object) -> tuple[str, str | None]:
    """The lexical form of a Python value as a literal and its datatype (None: a plain string).

    >>> _lit_parts(True), _lit_parts(3), _lit_parts(2.0), _lit_parts(0.25), _lit_parts("x")
    (('true', 'http://www.w3.org/2001/XMLSchema#boolean'), ('3', 'http://www.w3.org/2001/XMLSchema#integer'), \
('2', 'http://www.w3.org/2001/XMLSchema#integer'), ('0.25', 'http://www.w3.org/2001/XMLSchema#decimal'), ('x', None))
    """
    if isinstance(value, bool):
        return ("true" if value else "false"), XSD + "boolean"
    if isinstance(value, int):
        return str(value), XSD + "integer"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value), None
        if value == int(value):
            return str(int(value)), XSD + "integer"
        return format(Decimal(repr(value)), "f"), XSD + "decimal"
    return str(value), None


def _date_type(value: str) -> str | None:
    """The XSD datatype of a date, year-month or year (None: none of them)."""
    for rx, dt in _DATE_TYPES:
        if rx.match(value):
            return XSD + dt
    return None


def _lit(value: object) -> Literal:
    text, datatype = _lit_parts(value)
    return Literal(text, datatype=n(datatype, "")) if datatype else Literal(text)


def _zh(value: str) -> Literal:
    return Literal(value, language="zh")


def _date(value: str) -> Literal:
    datatype = _date_type(value)
    return Literal(value, datatype=n(datatype, "")) if datatype else Literal(value)


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


def _default_quad(s: NamedNode | BlankNode, p: NamedNode, o: Object) -> Quad:
    """A quad in the default graph."""
    return Quad(s, p, o)


class Terms:
    """How a :class:`QuadWriter` makes its terms and quads: pyoxigraph objects (this
    namespace), or N-Triples text (:class:`TextTerms`)."""

    iri = staticmethod(NamedNode)
    ns = staticmethod(n)
    node = staticmethod(node_iri)
    kind = staticmethod(_type)
    curie = staticmethod(expand_iri)
    lit = staticmethod(_lit)
    zh = staticmethod(_zh)
    date = staticmethod(_date)

    @staticmethod
    def plain(value: str) -> Literal:
        return Literal(value)

    @staticmethod
    def typed(value: str, datatype: str) -> Literal:
        return Literal(value, datatype=n(datatype, ""))

    @staticmethod
    def term(t: NamedNode | Literal) -> NamedNode | Literal:
        """A pyoxigraph term as this namespace writes it."""
        return t


class _Iri(str):
    """An IRI as N-Triples text (``<…>``) that gives its ``value`` as a NamedNode does."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return self[1:-1]


def _quoted(value: str) -> str:
    r"""``value`` as an N-Triples string: quotes, backslashes and line breaks escaped.

    >>> print(_quoted('他说"好"\n'))
    "他说\"好\"\n"
    """
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + value + '"'


def _text_iri(value: str) -> _Iri:
    return _Iri("<" + value + ">")


def _text_typed(value: str, datatype: str | None) -> str:
    return _quoted(value) + "^^<" + datatype + ">" if datatype else _quoted(value)


class TextTerms:
    """The terms as N-Triples text, each quad a line of N-Quads (default graph): what a
    build's workers write for the store's bulk load. Making pyoxigraph objects costs more
    than the writing itself (a ``Quad`` with a literal ~1.7 µs, its line ~0.2 µs); the text
    parses back to exactly the quads :class:`Terms` makes (``tests/test_rdf_text.py``)."""

    iri = staticmethod(_text_iri)
    ns = staticmethod(lru_cache(maxsize=1 << 12)(lambda ns, local: _text_iri(ns + local)))
    node = staticmethod(lru_cache(maxsize=1 << 16)(lambda node: _text_iri(node_value(node))))
    kind = staticmethod(lru_cache(maxsize=None)(lambda kind: _text_iri(kind.iri or "")))
    curie = staticmethod(lru_cache(maxsize=None)(lambda curie: _text_iri(expand(curie))))
    plain = staticmethod(_quoted)
    typed = staticmethod(_text_typed)

    @staticmethod
    def lit(value: object) -> str:
        if type(value) is int:  # the spans and counts of a build: millions, written directly
            return f'"{value}"^^<{XSD}integer>'
        return _text_typed(*_lit_parts(value))

    @staticmethod
    def zh(value: str) -> str:
        return _quoted(value) + "@zh"

    @staticmethod
    def date(value: str) -> str:
        return _text_typed(value, _date_type(value))

    @staticmethod
    def term(t: NamedNode | Literal) -> str:
        return str(t)


def _text_quad(s: str, p: str, o: str) -> str:
    """A quad of the default graph as a line of N-Quads."""
    return f"{s} {p} {o} .\n"


@lru_cache(maxsize=None)
def _take_up_terms() -> tuple[str, str, str, tuple[str, str], tuple[str, str]]:
    """The predicates of a take-up's lines (:meth:`QuadWriter.take_up_text`) as text:
    localMeasure, parentMeasure, score, (localStart, parentStart), (localEnd, parentEnd)."""
    t = TextTerms
    return (t.ns(PKG, "localMeasure"), t.ns(PKG, "parentMeasure"), t.ns(PKG, "score"),
            (t.ns(PKG, "localStart"), t.ns(PKG, "parentStart")), (t.ns(PKG, "localEnd"), t.ns(PKG, "parentEnd")))


@lru_cache(maxsize=1 << 16)
def _take_up_suffix(parent: str) -> str:
    """What a take-up's IRI adds to its local measure's: the hash of its parent measure's IRI
    (a parent measure is taken up by many local ones)."""
    return "/takesUp/" + hashlib.sha1(parent.encode()).hexdigest()[:12]


@lru_cache(maxsize=None)
def _take_up_pieces() -> tuple[str, ...]:
    """What :meth:`QuadWriter.take_up_text` writes between the terms of a take-up's lines:
    each predicate with the spaces around it (localMeasure, parentMeasure, score, localStart,
    parentStart, localEnd, parentEnd; those of the starts and ends with the integer's opening
    quote), a line's end, and an integer's end with its datatype."""
    lm, pm, sc, starts, ends = _take_up_terms()
    return (f" {lm} ", f" {pm} ", f" {sc} ", f' {starts[0]} "', f' {starts[1]} "', f' {ends[0]} "', f' {ends[1]} "',
            " .\n", f'"^^<{XSD}integer> .\n')


def measure_term(node: str) -> str:
    """A measure's IRI (of its node id) as an N-Quads term: what :meth:`QuadWriter.take_up_text` takes.

    >>> measure_term("measure:p/一")
    '<https://w3id.org/policy-kg/id/measure/p/%E4%B8%80>'
    """
    return "<" + node_value(node) + ">"


def text_lines(text: str) -> int:
    """The number of N-Quads lines (quads) of ``text``, each line ended by a line feed
    (:class:`TextTerms` escapes those of literals)."""
    return text.count("\n")


@lru_cache(maxsize=1 << 14)
def _text_number(value: float) -> str:
    """A score as :meth:`TextTerms.lit` writes it (scores have four decimals: few distinct)."""
    return TextTerms.lit(float(value or 0.0))


class _Terms(dict):  # type: ignore[type-arg]
    """The terms of one namespace as a writer makes them (``make(namespace, local)``), each
    made once per writer and then looked up: a writer asks for the same few millions of times."""

    def __init__(self, make: Any, namespace: str) -> None:
        super().__init__()
        self.make, self.namespace = make, namespace

    def __missing__(self, local: str) -> Any:
        term = self[local] = self.make(self.namespace, local)
        return term


class QuadWriter:
    """Quads of the nodes and edges of a resolved graph in one graph name; each region and
    organisation is described once, whichever node names it first. With ``text``, each
    quad is a line of N-Quads (:class:`TextTerms`) instead of a pyoxigraph ``Quad``."""

    def __init__(self, g: nx.MultiDiGraph, graph: NamedNode | DefaultGraph | None = None, *, text: bool = False) -> None:
        self.g = g
        self.gr = graph or DefaultGraph()
        self.t: Any = TextTerms if text else Terms
        self.described: set[str] = set()
        self.a, self.label = self.t.ns(RDF, "type"), self.t.ns(RDFS, "label")
        self.pkg = _Terms(self.t.ns, PKG)
        self.kinds = self.t.kind
        if text:
            if not isinstance(self.gr, DefaultGraph):
                raise ValueError("the text writer writes the default graph")
            self.q = _text_quad  # type: ignore[method-assign, assignment]
        elif isinstance(self.gr, DefaultGraph):
            self.q = _default_quad  # type: ignore[method-assign]  # pyoxigraph makes it in half the time without the graph

    def q(self, s: NamedNode | BlankNode, p: NamedNode, o: Object) -> Quad:
        return Quad(s, p, o, self.gr)

    def region_iri(self, name: str) -> Any:
        return self.t.iri(_region_value(name))

    def org_iri(self, name: str) -> Any:
        return self.t.iri(_org_value(name))

    def level_iri(self, level: str) -> Any:
        return self.t.iri(_level_value(level))

    def typed(self, s: NamedNode, kind: NodeKind | EdgeKind) -> tuple[Quad, ...]:
        """``s`` is of the kind's class (a tuple: the writer's methods yield from it without
        another generator). The established class the kind's class specialises
        (``rdfs:subClassOf`` in the ontology) is not written on each resource."""
        return (self.q(s, self.a, self.kinds(kind)),)

    def span(self, s: NamedNode, d: dict[str, Any]) -> tuple[Quad, ...]:
        """Where a fact was read: its character span in its policy's file (``pkg:sourceFile``
        of the policy, not repeated here)."""
        if d.get("source") is not None and d.get("start") is not None:
            return (self.q(s, self.pkg["start"], self.t.lit(int(d["start"]))), self.q(s, self.pkg["end"], self.t.lit(int(d["end"]))))
        return ()

    # --- shared descriptions ------------------------------------------------------------
    def region(self, name: str) -> Iterator[Quad]:
        r = self.region_iri(name)
        if r.value in self.described:
            return
        self.described.add(r.value)
        yield from self.typed(r, NodeKind.REGION)
        yield self.q(r, self.label, self.t.zh(name))
        level, adcode, parent = region_info(name)
        if level:
            yield self.q(r, self.kinds(EdgeKind.AT_LEVEL), self.level_iri(level))
        if adcode:
            yield self.q(r, self.pkg["adcode"], self.t.plain(adcode))
        if parent and parent != name:
            yield self.q(r, self.kinds(EdgeKind.WITHIN_REGION), self.region_iri(parent))
            yield from self.region(parent)

    def organisation(self, o: NamedNode, name: str, kind: NodeKind | None = None, aliases: list[str] | None = None,
                     sort: str | None = None) -> Iterator[Quad]:
        """An issuing body, or a department or institution (``kind``) of sort ``sort``."""
        if o.value in self.described:
            return
        self.described.add(o.value)
        # a department or institution is an org:Organization by its class (rdfs:subClassOf),
        # and its name an rdfs:label by skos:prefLabel (rdfs:subPropertyOf)
        yield self.q(o, self.a, self.kinds(kind if kind is not None else NodeKind.ORGANIZATION))
        yield self.q(o, self.t.ns(SKOS, "prefLabel"), self.t.zh(name))
        if sort:
            yield self.q(o, self.pkg["kind"], self.t.plain(sort))
        for alias in aliases or []:
            if alias != name:
                yield self.q(o, self.t.ns(SKOS, "altLabel"), self.t.zh(alias))
        reg = region_of_org(name)
        if reg:
            yield self.q(o, self.kinds(EdgeKind.IN_REGION), self.region_iri(reg))
            yield from self.region(reg)

    # --- nodes --------------------------------------------------------------------------
    def node(self, node: str, d: dict[str, Any]) -> Iterator[Quad]:
        t, s = d.get("type"), self.t.node(node)
        if t == NodeKind.POLICY:
            yield from self.policy(s, d)
        elif t == NodeKind.MEASURE:
            yield from self.measure(s, d)
        elif t == NodeKind.DEPARTMENT:
            yield from self.organisation(s, d["name"], NodeKind.DEPARTMENT, d.get("aliases"), d.get("kind") or "government")
            for key, count in (d.get("tally") or {}).items():
                yield self.q(s, self.t.ns(PKG, TALLY_PROPERTIES[key]), self.t.lit(int(count)))
        elif t == NodeKind.INSTITUTION:
            yield from self.organisation(s, d["name"], NodeKind.INSTITUTION, d.get("aliases"), d.get("kind"))
        elif t == NodeKind.TARGET:
            yield from self.target(s, d)
        elif t == NodeKind.WORK:
            yield from self.typed(s, NodeKind.WORK)
            if d.get("title"):
                yield self.q(s, self.t.ns(ELI, "title"), self.t.zh(d["title"]))
                yield self.q(s, self.label, self.t.zh(d["title"]))
        yield from self.corrected(s, d)

    def policy(self, s: NamedNode, d: dict[str, Any]) -> Iterator[Quad]:
        q = self.q
        yield from self.typed(s, NodeKind.POLICY)
        yield q(s, self.pkg["isStub"], self.t.lit(bool(d.get("stub"))))
        if d.get("number"):
            yield q(s, self.t.ns(ELI, "id_local"), self.t.plain(d["number"]))
        if d.get("title"):
            yield q(s, self.t.ns(ELI, "title"), self.t.zh(d["title"]))
            yield q(s, self.label, self.t.zh(d["title"]))
        for alt_title in d.get("alt_titles") or []:
            if alt_title != d.get("title"):
                yield q(s, self.t.ns(DCT, "alternative"), self.t.zh(alt_title))
        if d.get("date"):
            yield q(s, self.t.ns(ELI, "date_document"), self.t.date(str(d["date"])))
        if d.get("effective"):
            yield q(s, self.t.ns(ELI, "date_applicability"), self.t.date(str(d["effective"])))
        if d.get("expires"):
            yield q(s, self.t.ns(ELI, "date_no_longer_in_force"), self.t.date(str(d["expires"])))
        if d.get("amended_by"):
            yield q(s, self.t.ns(ELI, "amended_by"), self.t.node(d["amended_by"]))
        if d.get("first_date"):
            yield q(s, self.pkg["firstDate"], self.t.date(str(d["first_date"])))
        for i, issuer in enumerate(d.get("issuers") or []):
            if not issuer:
                continue
            o = self.org_iri(issuer)
            yield q(s, self.kinds(EdgeKind.ISSUED_BY), o)
            if i == 0:
                yield q(s, self.pkg["leadIssuer"], o)
            yield from self.organisation(o, issuer)
        if is_level(d.get("level")):
            yield q(s, self.kinds(EdgeKind.AT_LEVEL), self.level_iri(d["level"]))
        if d.get("region"):
            yield q(s, self.kinds(EdgeKind.IN_REGION), self.region_iri(d["region"]))
            yield from self.region(d["region"])
        if d.get("source"):
            yield q(s, self.pkg["sourceFile"], self.t.plain(d["source"]))
            if d.get("sha256"):
                yield q(s, self.t.ns(PKG, "sha256"), self.t.plain(d["sha256"]))

    def measure(self, s: NamedNode, d: dict[str, Any]) -> Iterator[Quad]:
        q = self.q
        yield from self.typed(s, NodeKind.MEASURE)
        yield q(s, self.pkg["number"], self.t.plain(str(d.get("number") or "")))
        yield q(s, self.pkg["path"], self.t.plain(str(d.get("key") or "")))
        if d.get("text"):
            yield q(s, self.pkg["text"], self.t.zh(d["text"]))
        if d.get("heading"):
            yield q(s, self.label, self.t.zh(d["heading"]))
        if d.get("kind"):
            yield q(s, self.pkg["kind"], self.t.plain(d["kind"]))
        if d.get("deadline"):
            yield q(s, self.pkg["deadline"], self.t.plain(str(d["deadline"])))
        if d.get("policy"):
            yield q(s, self.kinds(EdgeKind.PART_OF), self.t.node(d["policy"]))
        yield from self.span(s, d)

    def target(self, s: NamedNode, d: dict[str, Any]) -> Iterator[Quad]:
        q = self.q
        yield from self.typed(s, NodeKind.TARGET)
        yield q(s, self.pkg["indicator"], self.t.zh(str(d.get("indicator") or "")))
        if d.get("value") is not None:
            yield q(s, self.pkg["value"], self.t.lit(d["value"]))
        if d.get("unit"):
            yield q(s, self.pkg["unit"], self.t.plain(d["unit"]))
        yield q(s, self.pkg["comparator"], self.t.plain(d.get("comparator") or "="))
        if d.get("deadline"):
            yield q(s, self.pkg["deadline"], self.t.plain(str(d["deadline"])))
        if d.get("scope"):
            yield q(s, self.pkg["scope"], self.t.plain(d["scope"]))
        if d.get("policy"):
            yield q(s, self.kinds(EdgeKind.OF_POLICY), self.t.node(d["policy"]))
        yield from self.span(s, d)

    def target_year(self, year: str, counts: dict[str, int]) -> Iterator[Quad]:
        """The targets due in ``year`` (``""``: without a deadline) and their policies, as
        the build keeps them (:func:`kg.pipeline.target_tallies`)."""
        s = self.t.iri(ID + "targetYear/" + (_enc(year) if year else "-"))
        yield self.q(s, self.a, self.pkg["TargetYear"])
        if year:
            yield self.q(s, self.pkg["dueYear"], self.t.plain(year))
        yield self.q(s, self.pkg["targetCount"], self.t.lit(int(counts["targets"])))
        yield self.q(s, self.pkg["targetPolicies"], self.t.lit(int(counts["policies"])))

    def in_force_counts(self, policy: str, changes: list[tuple[str, int]]) -> Iterator[Quad]:
        """How many of ``policy``'s implementers are in force from each day on, as the build
        keeps them (:func:`kg.graph.status.in_force_changes`): a step per day (``""``: from
        the start), grouped by month, each month with the number after its last step, so a
        day's number is read from its own month's steps or the latest month before it."""
        p = self.t.node(policy)
        months: dict[str, list[tuple[str, int]]] = {}
        for day, total in changes:
            months.setdefault(day[:7], []).append((day, total))
        for month, steps in months.items():
            m = self.t.iri(p.value + "/inForceMonth/" + (_enc(month) if month else "-"))
            yield self.q(p, self.pkg["inForceMonth"], m)
            yield self.q(m, self.pkg["month"], self.t.plain(month))
            yield self.q(m, self.pkg["implementersInForce"], self.t.lit(int(steps[-1][1])))
            for day, total in steps:
                c = self.t.iri(p.value + "/inForce/" + (_enc(day) if day else "-"))
                yield self.q(m, self.pkg["step"], c)
                yield self.q(c, self.pkg["fromDay"], self.t.plain(day))
                yield self.q(c, self.pkg["implementersInForce"], self.t.lit(int(total)))

    # --- edges --------------------------------------------------------------------------
    def edge(self, u: str, v: str, d: dict[str, Any]) -> Iterator[Quad]:
        t = d.get("type")
        su, sv = self.t.node(u), self.t.node(v)
        if t == EdgeKind.CITATION:
            yield from self.citation(su, sv, v, d)
        elif t == EdgeKind.HAS_MEASURE:
            yield self.q(su, self.kinds(EdgeKind.HAS_MEASURE), sv)
        elif t in RESPONSIBILITY_EDGES:
            yield from self.responsibility(su, sv, u, v, EdgeKind(t), d)
        elif t == EdgeKind.MENTIONS:
            yield self.q(su, self.kinds(EdgeKind.MENTIONS), sv)
        elif t == EdgeKind.SETS_TARGET:
            yield self.q(su, self.kinds(EdgeKind.SETS_TARGET), sv)
        elif t == EdgeKind.HAS_VERSION:
            yield self.q(su, self.kinds(EdgeKind.HAS_VERSION), sv)  # its inverse eli:realizes: the ontology's
        elif t == EdgeKind.REPEALS:
            yield self.q(su, self.kinds(EdgeKind.REPEALS), sv)  # its inverse eli:repealed_by: the ontology's
        elif t == EdgeKind.TAKES_UP:
            yield from self.take_up(su, sv, d, u, v)

    def citation(self, su: NamedNode, sv: NamedNode, v: str, d: dict[str, Any]) -> Iterator[Quad]:
        """The citation as a property (its established super-property, eli:applies …, is the
        ontology's) and as a pkg:Citation that keeps where it was read (its class is not
        written on each citation: the domain of pkg:citing implies it)."""
        q = self.q
        rel = Relation(d["relation"])
        yield q(su, self.kinds(rel), sv)
        c = self.t.iri(su.value + "/citation/" + hashlib.sha1(f"{v}|{rel.value}|{d.get('start')}".encode()).hexdigest()[:12])
        yield q(c, self.pkg["citing"], su)
        yield q(c, self.pkg["cited"], sv)
        yield q(c, self.pkg["relation"], self.t.plain(d["relation"]))
        if d.get("sentence"):
            yield q(c, self.pkg["sentence"], self.t.zh(d["sentence"]))
        if d.get("cited_number"):
            yield q(c, self.pkg["citedNumber"], self.t.plain(d["cited_number"]))
        if d.get("cited_title"):
            yield q(c, self.pkg["citedTitle"], self.t.zh(d["cited_title"]))
        yield from self.span(c, d)
        yield from self.corrected(c, d)

    def take_up(self, su: NamedNode, sv: NamedNode, d: dict[str, Any], u: str = "", v: str = "") -> Iterator[Quad]:
        """The take-up as a pkg:TakeUp with its two measures, its score and the spans of the
        two aligned passages: 5 quads a pair, what queries/adoption.rq reads, found from the
        local measure (pkg:localMeasure, by the index of objects). What the ontology implies
        is not written again for each pair: the link ``local pkg:takesUp parent`` (the chain
        of pkg:localMeasure inverted and pkg:parentMeasure), its prov:wasDerivedFrom, the
        node's class (pkg:TakeUp, the domain of pkg:localMeasure, and so a prov:Entity); the
        method, the same for every pair, is said once, of the graph. A passage is written out
        (pkg:localPassage, pkg:parentPassage) only when the measure's text and start in the
        store do not hold it, and its end (pkg:localEnd, pkg:parentEnd) only when it is not
        the end of the sentence that starts at its start (:func:`kg.align.core.sentence_end`):
        the alignment's passages are such sentences, so a build writes neither, and
        queries/adoption.rq cuts each passage from its measure's text."""
        q = self.q
        t = self.t.iri(su.value + _take_up_suffix(sv.value))
        yield q(t, self.pkg["localMeasure"], su)
        yield q(t, self.pkg["parentMeasure"], sv)
        yield q(t, self.pkg["score"], self.t.lit(float(d.get("score") or 0.0)))
        for side, node in (("local", u), ("parent", v)):
            if d.get(f"{side}_text"):
                held = self._in_measure(node, d, side)
                if not held:
                    yield q(t, self.pkg[f"{side}Passage"], self.t.zh(d[f"{side}_text"]))
                yield q(t, self.pkg[f"{side}Start"], self.t.lit(int(d[f"{side}_start"])))
                if not (held and self._ends_sentence(node, d, side)):
                    yield q(t, self.pkg[f"{side}End"], self.t.lit(int(d[f"{side}_end"])))
        method = str(d.get("method") or "")
        if method and "method " + method not in self.described:
            self.described.add("method " + method)
            yield q(self.t.iri(KG_GRAPH), self.pkg["method"], self.t.plain(method))

    def take_up_text(self, local: str, parent: str, score: float, starts: tuple[int | None, int | None], method: str,
                     ends: tuple[int | None, int | None] = (None, None)) -> str:
        """The N-Quads lines of :meth:`take_up` (text writer) as one string, for a take-up
        whose passages are sentences of the measures' text (``passages_in_measures``: a
        build's workers), in the same order: ``local`` and ``parent`` are the two measures' IRIs as
        N-Quads terms (:func:`measure_term`, made once per measure by the caller) and the
        pair's lines are formatted at once, not term by term nor line by line (a build
        writes millions). ``starts``: where the local and the parent passage start, None
        when it has no text; ``ends``: where a passage that runs on across a line break ends
        (:func:`kg.align.core.runs_on`), None for one that ends with its sentence. Its lines:
        :func:`text_lines`.

        >>> w = QuadWriter(nx.MultiDiGraph(), text=True)
        >>> d = {"score": 0.5, "local_text": "甲", "local_start": 3, "local_end": 4, "parent_text": "乙", "parent_start": 7,
        ...      "parent_end": 8, "method": "m", "passages_in_measures": True}
        >>> fast = w.take_up_text(measure_term("measure:p/1"), measure_term("measure:q/2"), 0.5, (3, 7), "m")
        >>> fast == "".join(QuadWriter(nx.MultiDiGraph(), text=True).take_up(node_iri("measure:p/1"), node_iri("measure:q/2"), d))
        True
        >>> d2 = {**d, "local_text": ""}  # a passage without text: no span
        >>> QuadWriter(nx.MultiDiGraph(), text=True).take_up_text(measure_term("measure:p/1"), measure_term("measure:q/2"), 0.5, (None, 7), "m") == "".join(
        ...     QuadWriter(nx.MultiDiGraph(), text=True).take_up(node_iri("measure:p/1"), node_iri("measure:q/2"), d2))
        True
        >>> text_lines(fast), text_lines(w.take_up_text(measure_term("measure:p/1"), measure_term("measure:q/3"), 1.0, (3, None), "m"))
        (6, 4)
        >>> d3 = {**d, "parent_text": "乙" + chr(10) + "丙", "parent_end": 10}  # a passage across a line break: its end written
        >>> QuadWriter(nx.MultiDiGraph(), text=True).take_up_text(measure_term("measure:p/1"), measure_term("measure:q/2"), 0.5, (3, 7), "m", (None, 10)) == "".join(
        ...     QuadWriter(nx.MultiDiGraph(), text=True).take_up(node_iri("measure:p/1"), node_iri("measure:q/2"), d3))
        True
        """
        if self.t is not TextTerms:
            raise ValueError("take-up lines are written by the text writer")
        lm, pm, sc, ls, ps, le, pe, end, num_end = _take_up_pieces()
        t = local[:-1] + _take_up_suffix(parent[1:-1]) + ">"
        a, b = starts
        out = f"{t}{lm}{local}{end}{t}{pm}{parent}{end}{t}{sc}{_text_number(score)}{end}"
        if a is not None:
            out += f"{t}{ls}{int(a)}{num_end}"
            if ends[0] is not None:
                out += f"{t}{le}{int(ends[0])}{num_end}"
        if b is not None:
            out += f"{t}{ps}{int(b)}{num_end}"
            if ends[1] is not None:
                out += f"{t}{pe}{int(ends[1])}{num_end}"
        if method and "method " + method not in self.described:
            self.described.add("method " + method)
            out += f"<{KG_GRAPH}> {TextTerms.ns(PKG, 'method')} {_quoted(method)} .\n"
        return out

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

    def _ends_sentence(self, node: str, d: dict[str, Any], side: str) -> bool:
        """Whether the ``side`` passage of take-up ``d``, held by measure ``node``'s text,
        ends where the sentence that starts at its start does (``passages_in_measures``:
        the alignment's passages, sentences of their measures, that do unless they run on
        across a line break: :func:`kg.align.core.runs_on`)."""
        from kg.align.core import runs_on, sentence_end

        if d.get("passages_in_measures"):
            return not runs_on(str(d[f"{side}_text"]))

        m = self.g.nodes[node]
        a = int(d[f"{side}_start"]) - int(m["start"])
        return sentence_end(m["text"], a) == int(d[f"{side}_end"]) - int(m["start"])

    def responsibility(self, su: NamedNode, sv: NamedNode, u: str, v: str, kind: EdgeKind, d: dict[str, Any]) -> Iterator[Quad]:
        """The role as a property and as a pkg:Responsibility with its provenance (its span;
        its policy is its measure's; its class is not written on each one: the domain of
        pkg:agent and pkg:measure implies it)."""
        q = self.q
        yield q(su, self.kinds(kind), sv)
        r = self.t.iri(sv.value + "/responsibility/" + hashlib.sha1(f"{u}|{kind.value}".encode()).hexdigest()[:12])
        yield q(r, self.pkg["agent"], su)
        yield q(r, self.pkg["measure"], sv)
        yield q(r, self.pkg["role"], self.t.plain(d.get("role") or (kind.role.value if kind.role else "")))
        if d.get("deadline"):
            yield q(r, self.pkg["deadline"], self.t.plain(str(d["deadline"])))
        yield from self.span(r, d)
        yield from self.corrected(r, d)

    def corrected(self, s: NamedNode, d: dict[str, Any]) -> Iterator[Quad] | tuple[()]:
        """The provenance of a fact analysts corrected (kg.corrections): attributed to each
        analyst, made by each correction (with its reason, operation and time). Nothing
        (an empty tuple, no generator) for the many facts no correction touched."""
        marks = d.get("corrections")
        return self._corrections(s, marks) if marks else ()

    def _corrections(self, s: NamedNode, marks: list[dict[str, Any]]) -> Iterator[Quad]:
        for mark in marks:
            who, act = self.t.ns(ID, "analyst/" + _enc(mark["who"])), self.t.ns(ID, "correction/" + _enc(mark["id"]))
            yield self.q(s, self.t.curie(CORRECTION.attributed_to), who)
            yield self.q(s, self.t.curie(CORRECTION.corrected_by), act)
            if act.value in self.described:
                continue
            self.described.add(act.value)
            yield self.q(act, self.a, self.t.curie(CORRECTION.cls))
            yield self.q(act, self.a, self.t.curie(CORRECTION.cls_super))
            yield self.q(act, self.t.curie(CORRECTION.associated_with), who)
            yield self.q(act, self.t.curie(CORRECTION.reason), self.t.zh(mark["why"]))
            yield self.q(act, self.t.curie(CORRECTION.operation), self.t.plain(mark["op"]))
            if mark.get("when"):
                yield self.q(act, self.t.curie(CORRECTION.time), self.t.typed(mark["when"], XSD + "dateTime"))
            yield self.q(who, self.a, self.t.curie(CORRECTION.agent))
            yield self.q(who, self.label, self.t.plain(mark["who"]))

    # --- whole graphs -----------------------------------------------------------------
    def preamble(self) -> Iterator[Quad]:
        """What a graph's quads begin with: the level scheme and the schema version."""
        term = self.t.term
        for s, p, o in level_scheme_triples():
            yield self.q(term(s), term(p), term(o))
        yield self.q(self.t.iri(KG_GRAPH), self.t.curie(CORRECTION.schema_version), self.t.lit(SCHEMA_VERSION))

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
            yield self.q(self.t.node(policy), self.pkg["implementerCount"], self.t.lit(int(count)))
        for policy, changes in (g.graph.get("in_force_changes") or {}).items():
            yield from self.in_force_counts(policy, changes)


def graph_quads(g: nx.MultiDiGraph, graph: NamedNode | DefaultGraph | None = None, *, text: bool = False) -> Iterator[Quad]:
    """Quads of the whole resolved graph (each quad once, in a stable order); with ``text``,
    as lines of N-Quads of the default graph (:class:`TextTerms`)."""
    w = QuadWriter(g, graph, text=text)
    yield from w.preamble()
    yield from w.body(g)
