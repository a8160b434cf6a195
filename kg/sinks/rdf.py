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
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import networkx as nx
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse

PKG = "https://w3id.org/policy-kg/ontology#"
ID = "https://w3id.org/policy-kg/id/"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES = {"pkg": PKG, "id": ID, "eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dct": DCT, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}

#: the ontology and the shapes, beside the package (like ``queries/``)
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "policy.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
ONTOLOGY_IRI = "https://w3id.org/policy-kg/ontology"
#: the named graph that ``kg push`` replaces and ``kg export --format trig`` writes
KG_GRAPH = "https://w3id.org/policy-kg/graph"

RELATION_PROPERTY = {"implements": "implements", "cites": "cites", "plans": "plans"}
#: the established property each citation property specialises (stated as well)
RELATION_SUPER = {"implements": ELI + "applies", "cites": ELI + "cites", "plans": DCT + "references"}
ROLE_PROPERTY = {"LEADS": "leads", "SUPPORTS": "supports", "RESPONSIBLE_FOR": "isResponsibleFor"}
LEVEL_NAMES = ("national", "province", "city", "county")

_DATE_TYPES = ((re.compile(r"^\d{4}-\d{2}-\d{2}$"), "date"), (re.compile(r"^\d{4}-\d{2}$"), "gYearMonth"), (re.compile(r"^\d{4}$"), "gYear"))


def n(ns: str, local: str) -> NamedNode:
    return NamedNode(ns + local)


def _enc(s: str) -> str:
    return quote(s, safe="")


def policy_iri(key: str) -> NamedNode:
    return NamedNode(ID + "policy/" + _enc(key))


def node_iri(node: str) -> NamedNode:
    """IRI of a node of the resolved graph (``policy:KEY``, ``measure:PKEY/PATH`` …): the
    kind, then each ``/``-separated part of the key percent-encoded."""
    kind, _, key = node.partition(":")
    return NamedNode(ID + kind + "/" + "/".join(_enc(part) for part in key.split("/")))


_node_iri = node_iri  # the earlier private name


def org_iri(name: str) -> NamedNode:
    """An issuing body (ELI ``passed_by``)."""
    return NamedNode(ID + "organization/" + _enc(name))


def department_iri(name: str) -> NamedNode:
    """A department by its canonical name, which carries its region (沈阳市教育局)."""
    return node_iri(f"department:{name}")


def region_iri(name: str) -> NamedNode:
    return NamedNode(ID + "region/" + _enc(name))


def level_iri(level: str) -> NamedNode:
    return NamedNode(PKG + "level-" + level)


def _lit(value: object) -> Literal:
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=n(XSD, "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=n(XSD, "integer"))
    if isinstance(value, float):
        if not math.isfinite(value):
            return Literal(str(value))
        if value == int(value):
            return Literal(str(int(value)), datatype=n(XSD, "integer"))
        return Literal(format(Decimal(repr(value)), "f"), datatype=n(XSD, "decimal"))
    return Literal(str(value))


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
    subjects = {PKG + "LevelScheme", *(PKG + "level-" + lv for lv in LEVEL_NAMES)}
    out = []
    with ONTOLOGY_FILE.open("rb") as fh:
        for t in parse(fh, format=RdfFormat.TURTLE):
            if isinstance(t.subject, NamedNode) and t.subject.value in subjects:
                out.append((t.subject, t.predicate, t.object))
    return tuple(out)


def _region_info(name: str) -> tuple[str | None, str | None, str | None]:
    """(level, adcode, enclosing region) of a region name; only what is unambiguous."""
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
        if r is not None and r.name == name:
            return r.level, r.adcode, r.parent
    return None, None, None


@lru_cache(maxsize=4096)
def _region_of_org(name: str) -> str | None:
    from kg.reference import find_region

    r = find_region(name)
    return r.name if r is not None else None


Emit = Callable[[NamedNode | BlankNode, NamedNode, NamedNode | BlankNode | Literal], Quad]


def graph_quads(g: nx.MultiDiGraph, graph: NamedNode | DefaultGraph | None = None) -> Iterator[Quad]:
    """Quads of the whole resolved graph (each quad once, in a stable order)."""
    gr = graph or DefaultGraph()
    a = n(RDF, "type")
    label, pref, alt = n(RDFS, "label"), n(SKOS, "prefLabel"), n(SKOS, "altLabel")
    described: set[str] = set()

    def q(s: NamedNode | BlankNode, p: NamedNode, o: NamedNode | BlankNode | Literal) -> Quad:
        return Quad(s, p, o, gr)

    def region(name: str) -> Iterator[Quad]:
        r = region_iri(name)
        if r.value in described:
            return
        described.add(r.value)
        yield q(r, a, n(PKG, "Region"))
        yield q(r, a, n(DCT, "Location"))
        yield q(r, label, _zh(name))
        level, adcode, parent = _region_info(name)
        if level:
            yield q(r, n(PKG, "level"), level_iri(level))
        if adcode:
            yield q(r, n(PKG, "adcode"), Literal(adcode))
        if parent and parent != name:
            yield q(r, n(PKG, "withinRegion"), region_iri(parent))
            yield from region(parent)

    def organisation(o: NamedNode, name: str, classes: tuple[str, ...], aliases: list[str] | None = None,
                     kind: str | None = None) -> Iterator[Quad]:
        if o.value in described:
            return
        described.add(o.value)
        for c in classes:
            yield q(o, a, NamedNode(c))
        yield q(o, a, n(ORG, "Organization"))
        yield q(o, label, _zh(name))
        yield q(o, pref, _zh(name))
        if kind:
            yield q(o, n(PKG, "kind"), Literal(kind))
        for alias in aliases or []:
            if alias != name:
                yield q(o, alt, _zh(alias))
        reg = _region_of_org(name)
        if reg:
            yield q(o, n(PKG, "region"), region_iri(reg))
            yield from region(reg)

    for s, p, o in level_scheme_triples():
        yield q(s, p, o)

    for node, d in g.nodes(data=True):
        t = d.get("type")
        s = node_iri(node)
        if t == "Policy":
            yield q(s, a, n(PKG, "Policy"))
            yield q(s, a, n(ELI, "LegalResource"))
            yield q(s, n(PKG, "isStub"), _lit(bool(d.get("stub"))))
            if d.get("number"):
                yield q(s, n(ELI, "id_local"), Literal(d["number"]))
            if d.get("title"):
                yield q(s, n(ELI, "title"), _zh(d["title"]))
                yield q(s, label, _zh(d["title"]))
            for alt_title in d.get("alt_titles") or []:
                if alt_title != d.get("title"):
                    yield q(s, n(DCT, "alternative"), _zh(alt_title))
            if d.get("date"):
                yield q(s, n(ELI, "date_document"), _date(str(d["date"])))
            for i, issuer in enumerate(d.get("issuers") or []):
                if not issuer:
                    continue
                o = org_iri(issuer)
                yield q(s, n(ELI, "passed_by"), o)
                if i == 0:
                    yield q(s, n(PKG, "leadIssuer"), o)
                yield from organisation(o, issuer, ())
            if d.get("level") in LEVEL_NAMES:
                yield q(s, n(PKG, "level"), level_iri(d["level"]))
            if d.get("region"):
                yield q(s, n(PKG, "region"), region_iri(d["region"]))
                yield from region(d["region"])
            if d.get("source"):
                yield q(s, n(PKG, "sourceFile"), Literal(d["source"]))
                if d.get("sha256"):
                    yield q(s, n(PKG, "sha256"), Literal(d["sha256"]))
        elif t == "Measure":
            yield q(s, a, n(PKG, "Measure"))
            yield q(s, a, n(ELI, "LegalResourceSubdivision"))
            yield q(s, n(PKG, "number"), Literal(str(d.get("number") or "")))
            yield q(s, n(PKG, "path"), Literal(str(d.get("key") or "")))
            if d.get("text"):
                yield q(s, n(PKG, "text"), _zh(d["text"]))
            if d.get("heading"):
                yield q(s, label, _zh(d["heading"]))
            if d.get("kind"):
                yield q(s, n(PKG, "kind"), Literal(d["kind"]))
            if d.get("deadline"):
                yield q(s, n(PKG, "deadline"), Literal(str(d["deadline"])))
            if d.get("policy"):
                yield q(s, n(ELI, "is_part_of"), node_iri(d["policy"]))
            yield from _span(q, s, d)
        elif t == "Department":
            yield from organisation(s, d["name"], (PKG + "Department",), d.get("aliases"), d.get("kind") or "government")
        elif t == "Institution":
            yield from organisation(s, d["name"], (PKG + "Institution",), d.get("aliases"), d.get("kind"))
        elif t == "Target":
            yield q(s, a, n(PKG, "Target"))
            yield q(s, a, n(PROV, "Entity"))
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
                yield q(s, n(PKG, "ofPolicy"), node_iri(d["policy"]))
                yield q(s, n(PROV, "wasDerivedFrom"), node_iri(d["policy"]))
            yield from _span(q, s, d)
    for u, v, k, d in g.edges(keys=True, data=True):
        su, sv = node_iri(u), node_iri(v)
        t = d.get("type")
        if t == "CITATION":
            rel = RELATION_PROPERTY[d["relation"]]
            yield q(su, n(PKG, rel), sv)
            yield q(su, NamedNode(RELATION_SUPER[d["relation"]]), sv)
            c = NamedNode(su.value + "/citation/" + hashlib.sha1(f"{v}|{rel}|{d.get('start')}".encode()).hexdigest()[:12])
            yield q(c, a, n(PKG, "Citation"))
            yield q(c, a, n(PROV, "Entity"))
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
            yield from _span(q, c, d)
        elif t == "HAS_MEASURE":
            yield q(su, n(PKG, "hasMeasure"), sv)
            yield q(su, n(ELI, "has_part"), sv)
        elif t in ROLE_PROPERTY:
            yield q(su, n(PKG, ROLE_PROPERTY[t]), sv)
            r = NamedNode(sv.value + "/responsibility/" + hashlib.sha1(f"{u}|{t}".encode()).hexdigest()[:12])
            yield q(r, a, n(PKG, "Responsibility"))
            yield q(r, a, n(PROV, "Entity"))
            yield q(r, n(PKG, "agent"), su)
            yield q(r, n(PKG, "measure"), sv)
            yield q(r, n(PKG, "role"), Literal(d.get("role") or {"LEADS": "lead", "SUPPORTS": "support"}.get(t, "responsible")))
            policy = d.get("policy") or g.nodes[v].get("policy")
            if policy:
                yield q(r, n(PROV, "wasDerivedFrom"), node_iri(policy))
            if d.get("deadline"):
                yield q(r, n(PKG, "deadline"), Literal(str(d["deadline"])))
            yield from _span(q, r, d)
        elif t == "MENTIONS":
            yield q(su, n(PKG, "mentionsInstitution"), sv)
        elif t == "SETS_TARGET":
            yield q(su, n(PKG, "setsTarget"), sv)


def _span(q: Emit, s: NamedNode, d: dict) -> Iterator[Quad]:  # type: ignore[type-arg]
    if d.get("source") is not None and d.get("start") is not None:
        yield q(s, n(PKG, "sourceFile"), Literal(d["source"]))
        yield q(s, n(PKG, "start"), _lit(int(d["start"])))
        yield q(s, n(PKG, "end"), _lit(int(d["end"])))
