"""The resolved graph as RDF (pyoxigraph quads), in the vocabulary of ``ontology/policy.ttl``.

Policies are ELI legal resources; organisations are W3C ORG organisations; each citation
and responsibility is also a resource of its own that keeps where the fact came from
(source file, character span, sentence) for PROV-style provenance.

IRIs are stable and readable: a policy's IRI is its normalised 发文字号, percent-encoded
(``…/id/policy/%E5%9B%BD%E5%8F%91%E3%80%942019%E3%80%954%E5%8F%B7``); without one, a hash.

>>> policy_iri("国发〔2019〕4号").value.endswith("%E5%8F%B7")
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from urllib.parse import quote

import networkx as nx
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad

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

PREFIXES = {"pkg": PKG, "id": ID, "eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dct": DCT, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}

RELATION_PROPERTY = {"implements": "implements", "cites": "cites", "plans": "plans"}
ROLE_PROPERTY = {"LEADS": "leads", "SUPPORTS": "supports", "RESPONSIBLE_FOR": "isResponsibleFor"}


def n(ns: str, local: str) -> NamedNode:
    return NamedNode(ns + local)


def _enc(s: str) -> str:
    return quote(s, safe="")


def policy_iri(key: str) -> NamedNode:
    return NamedNode(ID + "policy/" + _enc(key))


def _node_iri(node: str) -> NamedNode:
    kind, _, key = node.partition(":")
    return NamedNode(ID + kind + "/" + "/".join(_enc(part) for part in key.split("/")))


def org_iri(name: str) -> NamedNode:
    return NamedNode(ID + "organization/" + _enc(name))


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
        return Literal(repr(value), datatype=n(XSD, "decimal")) if value != int(value) else Literal(str(int(value)), datatype=n(XSD, "integer"))
    return Literal(str(value))


def _zh(value: str) -> Literal:
    return Literal(value, language="zh")


def graph_quads(g: nx.MultiDiGraph, graph: NamedNode | DefaultGraph | None = None) -> Iterator[Quad]:
    """Quads of the whole resolved graph."""
    gr = graph or DefaultGraph()
    a = n(RDF, "type")

    def q(s: NamedNode | BlankNode, p: NamedNode, o: NamedNode | BlankNode | Literal) -> Quad:
        return Quad(s, p, o, gr)

    for node, d in g.nodes(data=True):
        t = d.get("type")
        s = _node_iri(node)
        if t == "Policy":
            yield q(s, a, n(PKG, "Policy"))
            yield q(s, a, n(ELI, "LegalResource"))
            yield q(s, n(PKG, "isStub"), _lit(bool(d.get("stub"))))
            if d.get("number"):
                yield q(s, n(ELI, "id_local"), Literal(d["number"]))
            if d.get("title"):
                yield q(s, n(ELI, "title"), _zh(d["title"]))
                yield q(s, n(RDFS, "label"), _zh(d["title"]))
            for alt in d.get("alt_titles") or []:
                yield q(s, n(DCT, "alternative"), _zh(alt))
            if d.get("date"):
                yield q(s, n(ELI, "date_document"), Literal(d["date"], datatype=n(XSD, "date")))
            for i, issuer in enumerate(d.get("issuers") or []):
                o = org_iri(issuer)
                yield q(s, n(ELI, "passed_by"), o)
                yield q(o, a, n(ORG, "Organization"))
                yield q(o, n(RDFS, "label"), _zh(issuer))
                if i == 0:
                    yield q(s, n(PKG, "leadIssuer"), o)
            if d.get("level"):
                yield q(s, n(PKG, "level"), level_iri(d["level"]))
            if d.get("region"):
                r = region_iri(d["region"])
                yield q(s, n(PKG, "region"), r)
                yield q(r, a, n(PKG, "Region"))
                yield q(r, n(RDFS, "label"), _zh(d["region"]))
            if d.get("source"):
                yield q(s, n(PKG, "sourceFile"), Literal(d["source"]))
                yield q(s, n(PKG, "sha256"), Literal(d["sha256"]))
        elif t == "Measure":
            yield q(s, a, n(PKG, "Measure"))
            yield q(s, a, n(ELI, "LegalResourceSubdivision"))
            yield q(s, n(PKG, "number"), Literal(str(d.get("number") or "")))
            yield q(s, n(PKG, "path"), Literal(str(d.get("key") or "")))
            if d.get("text"):
                yield q(s, n(PKG, "text"), _zh(d["text"]))
            if d.get("heading"):
                yield q(s, n(RDFS, "label"), _zh(d["heading"]))
            if d.get("deadline"):
                yield q(s, n(PKG, "deadline"), Literal(str(d["deadline"])))
            yield q(s, n(ELI, "is_part_of"), _node_iri(d["policy"]))
            yield from _span(q, s, d)
        elif t == "Department":
            yield q(s, a, n(PKG, "Department"))
            yield q(s, a, n(ORG, "Organization"))
            yield q(s, n(RDFS, "label"), _zh(d["name"]))
            yield q(s, n(PKG, "kind"), Literal(d.get("kind") or "government"))
            for alias in d.get("aliases") or []:
                yield q(s, n(SKOS, "altLabel"), _zh(alias))
        elif t == "Institution":
            yield q(s, a, n(PKG, "Institution"))
            yield q(s, a, n(ORG, "Organization"))
            yield q(s, n(RDFS, "label"), _zh(d["name"]))
            for alias in d.get("aliases") or []:
                yield q(s, n(SKOS, "altLabel"), _zh(alias))
        elif t == "Target":
            yield q(s, a, n(PKG, "Target"))
            yield q(s, n(PKG, "indicator"), _zh(str(d.get("indicator") or "")))
            yield q(s, n(PKG, "value"), _lit(d["value"]))
            if d.get("unit"):
                yield q(s, n(PKG, "unit"), Literal(d["unit"]))
            yield q(s, n(PKG, "comparator"), Literal(d.get("comparator") or "="))
            if d.get("deadline"):
                yield q(s, n(PKG, "deadline"), Literal(str(d["deadline"])))
            if d.get("scope"):
                yield q(s, n(PKG, "scope"), Literal(d["scope"]))
            yield q(s, n(PKG, "ofPolicy"), _node_iri(d["policy"]))
            yield from _span(q, s, d)
    for u, v, k, d in g.edges(keys=True, data=True):
        su, sv = _node_iri(u), _node_iri(v)
        t = d.get("type")
        if t == "CITATION":
            rel = RELATION_PROPERTY[d["relation"]]
            yield q(su, n(PKG, rel), sv)
            c = NamedNode(su.value + "/citation/" + hashlib.sha1(f"{v}|{rel}|{d.get('start')}".encode()).hexdigest()[:12])
            yield q(c, a, n(PKG, "Citation"))
            yield q(c, n(PKG, "citing"), su)
            yield q(c, n(PKG, "cited"), sv)
            yield q(c, n(PKG, "relation"), Literal(d["relation"]))
            if d.get("sentence"):
                yield q(c, n(PKG, "sentence"), _zh(d["sentence"]))
            yield from _span(q, c, d)
        elif t == "HAS_MEASURE":
            yield q(su, n(PKG, "hasMeasure"), sv)
        elif t in ROLE_PROPERTY:
            yield q(su, n(PKG, ROLE_PROPERTY[t]), sv)
            r = NamedNode(sv.value + "/responsibility/" + hashlib.sha1(f"{u}|{t}".encode()).hexdigest()[:12])
            yield q(r, a, n(PKG, "Responsibility"))
            yield q(r, n(PKG, "agent"), su)
            yield q(r, n(PKG, "measure"), sv)
            yield q(r, n(PKG, "role"), Literal(d.get("role") or ""))
            if d.get("deadline"):
                yield q(r, n(PKG, "deadline"), Literal(str(d["deadline"])))
            yield from _span(q, r, d)
        elif t == "MENTIONS":
            yield q(su, n(PKG, "mentionsInstitution"), sv)
        elif t == "SETS_TARGET":
            yield q(su, n(PKG, "setsTarget"), sv)


def _span(q, s: NamedNode, d: dict) -> Iterator[Quad]:  # type: ignore[no-untyped-def]
    if d.get("source") is not None and d.get("start") is not None:
        yield q(s, n(PKG, "sourceFile"), Literal(d["source"]))
        yield q(s, n(PKG, "start"), _lit(int(d["start"])))
        yield q(s, n(PKG, "end"), _lit(int(d["end"])))
