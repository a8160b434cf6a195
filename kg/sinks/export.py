"""What goes out of a workspace: RDF serialisations, network files, and SHACL validation.

RDF (``turtle``, ``ntriples``, ``trig``, ``jsonld``) is written from the embedded store, so
an export is exactly what the queries see. Turtle, N-Triples and TriG come from pyoxigraph
(fast at any size); JSON-LD from rdflib, compacted with ``ontology/context.jsonld``, whose
context is written inline so the file loads back without fetching anything. TriG puts the
data in the named graph :data:`~kg.sinks.rdf.KG_GRAPH` (and the ontology, when asked for,
in its own graph).

Network files (``graphml``, ``gexf``) are written from the resolved networkx graph for
Gephi and Cytoscape users: each node carries its ``type`` and a readable ``label``, each
edge its ``kind`` (CITATION, HAS_MEASURE, LEADS …) and a ``label`` (the relation or role);
list attributes are joined with ``"; "`` (GraphML has no lists) and empty values are left
out. Character spans are ``span_start`` / ``span_end``: GEXF reserves ``start`` / ``end``
for time intervals and an edge's ``type`` for its direction.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pyoxigraph as ox

from kg.schema import NodeKind
from kg.sinks.rdf import CONTEXT_FILE, KG_GRAPH, ONTOLOGY_FILE, ONTOLOGY_IRI, PREFIXES, SHAPES_FILE

RDF_FORMATS = ("turtle", "ntriples", "jsonld", "trig")
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = RDF_FORMATS + NETWORK_FORMATS
SUFFIX = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "trig": ".trig", "graphml": ".graphml", "gexf": ".gexf"}
_OX_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG}
#: prefixes of Turtle and TriG output; not ``id:``, whose local parts (policy/%E5…) would
#: need a backslash before every / and %
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}


class ExportError(Exception):
    pass


# --- RDF -------------------------------------------------------------------------------


def ontology_quads(graph: ox.NamedNode | ox.DefaultGraph | None = None) -> list[ox.Quad]:
    g = graph or ox.DefaultGraph()
    with ONTOLOGY_FILE.open("rb") as fh:
        return [ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(fh, format=ox.RdfFormat.TURTLE)]


def store_quads(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> Iterable[ox.Quad]:
    """The default graph of ``store``, as quads of ``graph``."""
    g = graph or ox.DefaultGraph()
    for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        yield ox.Quad(q.subject, q.predicate, q.object, g)


def to_rdflib(quads: Iterable[ox.Quad]) -> Any:
    """An rdflib Graph of the triples of ``quads`` (the graph names are dropped)."""
    import rdflib

    g = rdflib.Graph()
    data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    g.parse(data=data or b"", format="nt")
    return g


@lru_cache(maxsize=1)
def json_ld_context() -> dict[str, Any]:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def write_rdf(store: ox.Store, fmt: str, out: IO[bytes], *, with_ontology: bool = False, graph: str = KG_GRAPH) -> int:
    """Serialise the store's graph to ``out``; returns the number of triples written."""
    if fmt not in RDF_FORMATS:
        raise ExportError(f"unknown RDF format '{fmt}' ({', '.join(RDF_FORMATS)})")
    if fmt == "trig":
        quads = list(store_quads(store, ox.NamedNode(graph)))
        if with_ontology:
            quads += ontology_quads(ox.NamedNode(ONTOLOGY_IRI))
        ox.serialize(quads, out, format=ox.RdfFormat.TRIG, prefixes=TURTLE_PREFIXES)
        return len(quads)
    quads = list(store_quads(store))
    if with_ontology:
        quads += ontology_quads()
    if fmt == "jsonld":
        g = to_rdflib(quads)
        text = g.serialize(format="json-ld", context=json_ld_context(), auto_compact=True)
        out.write(text.encode("utf-8"))
        return len(g)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads} if with_ontology else [
        ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    ox.serialize(triples, out, format=_OX_FORMAT[fmt], prefixes=TURTLE_PREFIXES if fmt == "turtle" else None)
    return len(triples)


def read_rdf(data: bytes, fmt: str, *, graph: str = KG_GRAPH) -> Any:
    """Load an export back (rdflib Graph); for TriG, the graph named ``graph``."""
    import rdflib

    if fmt == "trig":
        ds = rdflib.Dataset()
        ds.parse(data=data, format="trig")
        return ds.graph(rdflib.URIRef(graph))
    g = rdflib.Graph()
    g.parse(data=data, format={"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}[fmt])
    return g


# --- networks (GraphML / GEXF) -----------------------------------------------------------


def _label(d: dict[str, Any]) -> str:
    t = d.get("type")
    if t == NodeKind.POLICY:
        return str(d.get("number") or d.get("title") or "")
    if t == NodeKind.MEASURE:
        head = d.get("heading") or (d.get("text") or "")[:30]
        return f"{d.get('key') or d.get('number') or ''} {head}".strip()
    if t == NodeKind.TARGET:
        parts = [d.get("indicator"), d.get("comparator"), d.get("value"), d.get("unit")]
        return " ".join(str(p) for p in parts if p not in (None, ""))
    return str(d.get("name") or d.get("title") or "")


def _xml_text(text: str) -> str:
    r"""``text`` without the control characters XML cannot hold (ingest removes them from
    documents; a workspace built before that may still carry some).

    >>> _xml_text("国发\x00〔2019〕4号")
    '国发〔2019〕4号'
    """
    from kg.ingest import strip_controls

    return strip_controls(text)[0]


def _plain(value: Any) -> Any:
    """A value GraphML/GEXF can hold, or None to leave the attribute out."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set)):
        items = [_xml_text(str(v)) for v in value if v not in (None, "")]
        return "; ".join(items) if items else None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, dict):
        return _xml_text(json.dumps(value, ensure_ascii=False))
    return _xml_text(str(value))


#: attributes whose values mix types across nodes (a target's value is a number or text)
_AS_TEXT = {"value"}
#: names GEXF reserves (time intervals; an edge's direction), renamed in both formats
_RENAME = {"start": "span_start", "end": "span_end"}
_EDGE_RENAME = {**_RENAME, "type": "kind", "id": "edge_id", "weight": "weight_"}


def network_for_export(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` that GraphML and GEXF can hold: scalar attributes only, a ``label``
    on every node, unique edge ids."""
    h = nx.MultiDiGraph()
    for node, d in g.nodes(data=True):
        attrs = {_RENAME.get(k, k): _plain(v) for k, v in d.items() if k != "label"}
        attrs = {k: (str(v) if k in _AS_TEXT else v) for k, v in attrs.items() if v is not None}
        attrs["label"] = _xml_text(_label(d) or node)
        attrs.setdefault("type", "")
        h.add_node(_xml_text(node), **attrs)
    for i, (u, v, k, d) in enumerate(g.edges(keys=True, data=True)):
        attrs = {_EDGE_RENAME.get(a, a): _plain(x) for a, x in d.items() if a != "label"}
        attrs = {a: (str(x) if a in _AS_TEXT else x) for a, x in attrs.items() if x is not None}
        attrs["label"] = _xml_text(str(d.get("relation") or d.get("role") or d.get("type") or k))
        h.add_edge(_xml_text(u), _xml_text(v), key=f"e{i}", **attrs)
    return h


def write_network(g: nx.MultiDiGraph, fmt: str, out: IO[bytes]) -> tuple[int, int]:
    """Write ``g`` as GraphML or GEXF; returns (nodes, edges)."""
    h = network_for_export(g)
    if fmt == "graphml":
        nx.write_graphml(h, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    elif fmt == "gexf":
        nx.write_gexf(h, out, encoding="utf-8", prettyprint=True)
    else:
        raise ExportError(f"unknown network format '{fmt}' ({', '.join(NETWORK_FORMATS)})")
    return h.number_of_nodes(), h.number_of_edges()


# --- SHACL validation --------------------------------------------------------------------

SH = "http://www.w3.org/ns/shacl#"


@dataclass
class Violation:
    focus: str
    rule: str  # the shape's IRI
    component: str  # e.g. MinCountConstraintComponent
    severity: str
    path: str | None = None
    value: str | None = None
    messages: dict[str, str] = field(default_factory=dict)  # lang -> message

    def message(self, lang: str) -> str:
        return self.messages.get(lang) or self.messages.get("en") or next(iter(self.messages.values()), "")

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"focus": self.focus, "rule": self.rule, "component": self.component, "severity": self.severity,
                "path": self.path, "value": self.value, "message": self.message(lang)}


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    triples: int


def class_hierarchy() -> list[tuple[Any, Any, Any]]:
    """The ``rdfs:subClassOf`` statements of ``ontology/policy.ttl`` as rdflib triples."""
    import rdflib

    onto = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    return sorted(onto.triples((None, rdflib.RDFS.subClassOf, None)))


def validate_graph(data: Any) -> ValidationReport:
    """Check an rdflib graph against ``ontology/shapes.ttl`` (pyshacl, SHACL-AF targets on)."""
    try:
        import pyshacl
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ExportError("validation needs pyshacl (pip install pyshacl)") from exc
    import rdflib

    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    triples = len(data)
    # the data states each resource's pkg: class only; SHACL finds a class's instances through
    # rdf:type/rdfs:subClassOf* of the data graph, so the ontology's class hierarchy goes with it
    # for the check, and leaves again after it: the caller's graph is as it was given
    added = [axiom for axiom in class_hierarchy() if axiom not in data]
    for axiom in added:
        data.add(axiom)
    try:
        conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=True)
    finally:
        for axiom in added:
            data.remove(axiom)
    SHN = rdflib.Namespace(SH)
    out: list[Violation] = []
    for r in results.subjects(rdflib.RDF.type, SHN.ValidationResult):
        def one(p: Any) -> str | None:
            v = results.value(r, p)
            return None if v is None else str(v)

        shape = results.value(r, SHN.sourceShape)
        # the shape's own messages, one per language (pyshacl keeps one for SPARQL constraints)
        messages: dict[str, str] = {}
        holders = [shape, *shapes.objects(shape, SHN.sparql)] if shape is not None else []
        for holder in holders:
            for m in shapes.objects(holder, SHN.message):
                messages.setdefault(getattr(m, "language", None) or "", str(m))
        for m in results.objects(r, SHN.resultMessage):
            messages.setdefault(getattr(m, "language", None) or "", str(m))
        out.append(Violation(
            focus=one(SHN.focusNode) or "",
            rule=str(shape) if shape is not None else "",
            component=(one(SHN.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
            severity=(one(SHN.resultSeverity) or "").rsplit("#", 1)[-1],
            path=one(SHN.resultPath),
            value=one(SHN.value),
            messages=messages,
        ))
    out.sort(key=lambda v: (v.rule, v.focus, v.value or ""))
    return ValidationReport(bool(conforms), out, triples)


def validate_store(store: ox.Store) -> ValidationReport:
    return validate_graph(to_rdflib(store_quads(store)))


def short(iri: str | None) -> str:
    """``iri`` with a known prefix and readable (percent-decoded) local part."""
    from urllib.parse import unquote

    if iri is None:
        return ""
    for p, ns in (("pkgsh", "https://w3id.org/policy-kg/shapes#"), *PREFIXES.items()):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{p}:{unquote(iri[len(ns):])}"
    return iri


def atomic_output(path: Path) -> AbstractContextManager[IO[bytes]]:
    """A file to write an export through: it appears at ``path`` only when complete (a
    failed or interrupted export leaves what was there and no partial file)."""
    from kg.workspace import atomic_output as atomic

    return atomic(path, prefix=f".{path.name}.")


def dump_bytes(store: ox.Store, fmt: str, **kw: Any) -> bytes:
    buf = io.BytesIO()
    write_rdf(store, fmt, buf, **kw)
    return buf.getvalue()
