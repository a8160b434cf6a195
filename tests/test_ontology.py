"""The ontology (ontology/policy.ttl), the RDF mapping that uses it (kg/sinks/rdf.py) and
the SHACL shapes (ontology/shapes.ttl) that say what well-formed data looks like."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.sinks.export import short, store_quads, to_rdflib, validate_graph
from kg.sinks.rdf import ID, ONTOLOGY_FILE, SHAPES_FILE, department_iri, graph_quads, policy_iri
from kg.workspace import Workspace

PKG = Namespace("https://w3id.org/policy-kg/ontology#")
PKGSH = Namespace("https://w3id.org/policy-kg/shapes#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
OWL = Namespace("http://www.w3.org/2002/07/owl#")

runner = CliRunner()


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def data(built_workspace: Path) -> rdflib.Graph:
    """The seeds + corpus graph as stored in the workspace."""
    return to_rdflib(store_quads(Workspace(built_workspace).open_store()))


def _declared(ontology: rdflib.Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for k in kinds for s in ontology.subjects(RDF.type, k) if isinstance(s, URIRef)}


def _langs(g: rdflib.Graph, s: URIRef, p: URIRef) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language}


# --- the ontology ----------------------------------------------------------------------


def test_every_class_and_property_has_chinese_and_english_labels_and_definitions(ontology: rdflib.Graph) -> None:
    terms = _declared(ontology)
    assert len(terms) > 60
    for term in terms:
        assert {"zh", "en"} <= _langs(ontology, term, RDFS.label), f"{term} lacks a zh/en rdfs:label"
        assert {"zh", "en"} <= _langs(ontology, term, SKOS.definition), f"{term} lacks a zh/en skos:definition"


def test_the_issue_s_classes_and_properties_are_there(ontology: rdflib.Graph) -> None:
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    for c in ("Policy", "Measure", "Department", "Institution", "Target", "Region", "Level"):
        assert PKG[c] in classes
    properties = _declared(ontology) - classes
    for p in (ELI.id_local, ELI.title, ELI.date_document, ELI.passed_by, PKG.implements, PKG.cites, PKG.plans,
              PKG.hasMeasure, PKG.leads, PKG.supports, PKG.isResponsibleFor, PKG.setsTarget, PKG.deadline,
              PKG.value, PKG.unit, PKG.comparator):
        assert p in properties, p


def test_established_vocabularies_are_reused(ontology: rdflib.Graph) -> None:
    sub_property = lambda p: set(ontology.objects(p, RDFS.subPropertyOf))  # noqa: E731
    sub_class = lambda c: set(ontology.objects(c, RDFS.subClassOf))  # noqa: E731
    assert ELI.applies in sub_property(PKG.implements)  # eli:implements is deprecated for eli:applies
    assert ELI.cites in sub_property(PKG.cites)
    assert ELI.passed_by in sub_property(PKG.leadIssuer)
    assert ELI.has_part in sub_property(PKG.hasMeasure)
    assert ELI.LegalResource in sub_class(PKG.Policy)
    assert ELI.LegalResourceSubdivision in sub_class(PKG.Measure)
    assert ORG.Organization in sub_class(PKG.Department) and ORG.Organization in sub_class(PKG.Institution)
    assert PROV.Entity in sub_class(PKG.Citation) and PROV.Entity in sub_class(PKG.Responsibility)
    assert SKOS.Concept in sub_class(PKG.Level)


def test_levels_are_a_skos_scheme_with_chinese_and_english_labels(ontology: rdflib.Graph) -> None:
    scheme = PKG.LevelScheme
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    concepts = set(ontology.objects(scheme, SKOS.hasTopConcept))
    assert concepts == {PKG["level-national"], PKG["level-province"], PKG["level-city"], PKG["level-county"]}
    labels = {}
    for c in concepts:
        assert (c, SKOS.inScheme, scheme) in ontology
        assert _langs(ontology, c, SKOS.prefLabel) == {"zh", "en"}
        labels[str(ontology.value(c, SKOS.notation))] = str(next(o for o in ontology.objects(c, SKOS.prefLabel) if o.language == "zh"))
    assert labels == {"national": "国家级", "province": "省级", "city": "市级", "county": "县级"}


# --- the data --------------------------------------------------------------------------


def test_the_data_uses_only_terms_the_ontology_declares(ontology: rdflib.Graph, data: rdflib.Graph) -> None:
    declared = _declared(ontology)
    predicates = set(data.predicates()) - {RDF.type}
    classes = set(data.objects(None, RDF.type))
    assert predicates - declared == set()
    assert classes - declared == set()
    # and every kind of node the resolved graph holds is there
    for c in (PKG.Policy, PKG.Measure, PKG.Department, PKG.Region, PKG.Level):
        assert next(data.subjects(RDF.type, c), None) is not None, c
    # citations and responsibilities are there by the properties whose domain they are
    assert next(data.subjects(PKG.citing, None), None) is not None
    assert next(data.subjects(PKG.agent, None), None) is not None


def test_policy_iris_are_the_percent_encoded_number_and_departments_their_name(data: rdflib.Graph) -> None:
    p = URIRef(ID + "policy/" + quote("国发〔2019〕4号", safe=""))
    assert policy_iri("国发〔2019〕4号").value == str(p)
    assert (p, ELI.id_local, Literal("国发〔2019〕4号")) in data
    assert set(data.objects(p, RDF.type)) == {PKG.Policy}  # an eli:LegalResource by its class
    # a document without a number is keyed by a content hash
    unnumbered = [s for s in data.subjects(RDF.type, PKG.Policy) if str(s).startswith(ID + "policy/doc-")]
    assert unnumbered and all(len(str(s).rsplit("doc-", 1)[1]) == 16 for s in unnumbered)
    d = URIRef(department_iri("沈阳市教育局").value)
    assert set(data.objects(d, RDF.type)) == {PKG.Department}  # an org:Organization by its class
    assert (d, PKG.region, URIRef(ID + "region/" + quote("沈阳市", safe=""))) in data


def test_levels_and_regions_exist_in_the_data(data: rdflib.Graph) -> None:
    shenyang = URIRef(ID + "region/" + quote("沈阳市", safe=""))
    liaoning = URIRef(ID + "region/" + quote("辽宁省", safe=""))
    assert (shenyang, PKG.withinRegion, liaoning) in data
    assert (shenyang, PKG.level, PKG["level-city"]) in data
    assert (shenyang, PKG.adcode, Literal("210100")) in data
    assert (PKG["level-city"], SKOS.prefLabel, Literal("市级", lang="zh")) in data
    assert (PKG["level-city"], SKOS.inScheme, PKG.LevelScheme) in data


def test_each_citation_keeps_its_source_span_and_policy(data: rdflib.Graph) -> None:
    citing = policy_iri("沈政发〔2021〕14号").value
    cited = policy_iri("辽政发〔2021〕2号").value
    found = [c for c in data.subjects(PKG.citing, URIRef(citing)) if (c, PKG.cited, URIRef(cited)) in data]
    assert len(found) == 1
    c = found[0]
    # a pkg:Citation by the domain of pkg:citing, a prov:Entity by its class, its policy the
    # citing one: none of them repeated on each citation
    assert (c, RDF.type, PKG.Citation) not in data
    assert (c, RDF.type, PROV.Entity) not in data and (c, PROV.wasDerivedFrom, None) not in data
    assert (c, PKG.relation, Literal("implements")) in data
    assert (URIRef(citing), PKG.implements, URIRef(cited)) in data
    assert (URIRef(citing), ELI.applies, URIRef(cited)) not in data  # the ontology's: pkg:implements ⊑ eli:applies
    start, end = int(data.value(c, PKG.start)), int(data.value(c, PKG.end))
    assert 0 <= start < end
    # the span is in the citing policy's file, written once, on the policy
    assert data.value(c, PKG.sourceFile) is None
    assert str(data.value(URIRef(citing), PKG.sourceFile)) == "000_0ec524e545a91cdc.txt"
    assert "辽政发〔2021〕2号" in str(data.value(c, PKG.sentence))


def test_responsibilities_trace_to_their_policy_and_span(data: rdflib.Graph) -> None:
    resp = list(data.subjects(PKG.agent, None))
    assert resp
    # a pkg:Responsibility by the domain of pkg:agent: the class is not written on each one
    assert next(data.subjects(RDF.type, PKG.Responsibility), None) is None
    for r in resp[:50]:
        measure = data.value(r, PKG.measure)
        policy = data.value(measure, ELI.is_part_of)
        assert data.value(policy, PKG.sourceFile) is not None  # the file its span is in
        assert data.value(r, PKG.start) is not None and data.value(r, PKG.sourceFile) is None


def test_what_the_ontology_states_is_written_once_and_follows_from_it() -> None:
    """Super-classes, super-properties, inverses and a take-up's pkg:takesUp link are not in
    the data; OWL 2 RL inference over the data and the ontology gives each of them back."""
    import owlrl

    from kg.schema import EdgeKind, NodeKind

    g = nx.MultiDiGraph()
    g.add_node("policy:甲", type=NodeKind.POLICY.value, number="甲", title="甲方案")
    g.add_node("policy:乙", type=NodeKind.POLICY.value, number="乙", title="乙意见")
    g.add_node("work:丙", type=NodeKind.WORK.value, title="丙条例")
    g.add_node("department:沈阳市教育局", type=NodeKind.DEPARTMENT.value, name="沈阳市教育局", kind="government")
    for m, pol in (("measure:甲/一", "policy:甲"), ("measure:乙/一", "policy:乙")):
        g.add_node(m, type=NodeKind.MEASURE.value, number="一", key="一", text="加强管理。", policy=pol)
        g.add_edge(pol, m, type=EdgeKind.HAS_MEASURE.value)
    g.add_edge("policy:甲", "policy:乙", type=EdgeKind.CITATION.value, relation="implements")
    g.add_edge("policy:甲", "policy:乙", type=EdgeKind.REPEALS.value)
    g.add_edge("work:丙", "policy:乙", type=EdgeKind.HAS_VERSION.value)
    g.add_edge("measure:甲/一", "measure:乙/一", type=EdgeKind.TAKES_UP.value, score=0.8)
    data = to_rdflib(graph_quads(g))
    i = {k: URIRef(ID + k) for k in ("policy/甲", "policy/乙", "work/丙", "measure/甲/一", "measure/乙/一")}
    i = {k: URIRef(str(v).replace(k, "/".join(quote(x, safe="") for x in k.split("/")))) for k, v in i.items()}
    dept = URIRef(department_iri("沈阳市教育局").value)
    entailed = [(i["policy/甲"], RDF.type, ELI.LegalResource), (i["measure/甲/一"], RDF.type, ELI.LegalResourceSubdivision),
                (dept, RDF.type, ORG.Organization), (i["policy/甲"], ELI.has_part, i["measure/甲/一"]),
                (i["policy/甲"], ELI.applies, i["policy/乙"]), (i["policy/乙"], ELI.repealed_by, i["policy/甲"]),
                (i["policy/乙"], ELI.realizes, i["work/丙"]), (i["measure/甲/一"], PKG.takesUp, i["measure/乙/一"]),
                (i["measure/甲/一"], PROV.wasDerivedFrom, i["measure/乙/一"]),
                (dept, RDFS.label, Literal("沈阳市教育局", lang="zh"))]
    assert [t for t in entailed if t in data] == []
    assert (i["policy/甲"], PKG.implements, i["policy/乙"]) in data and (dept, RDF.type, PKG.Department) in data
    assert (dept, SKOS.prefLabel, Literal("沈阳市教育局", lang="zh")) in data
    closure = data + rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    assert [t for t in entailed if t not in closure] == []


def test_target_values_and_missing_fields_map_cleanly() -> None:
    g = nx.MultiDiGraph()
    g.add_node("policy:X", type="Policy", number="X", title="t", stub=False, source="x.txt", sha256="a" * 64)
    for i, value in enumerate([75, 0.9, 1e-07, "60-70", None]):
        g.add_node(f"target:X/{i}", type="Target", indicator="比例", value=value, unit="%", comparator=">=",
                   deadline="2025年", source="x.txt", start=1, end=2, policy="policy:X")
        g.add_edge("policy:X", f"target:X/{i}", key="SETS_TARGET", type="SETS_TARGET")
    data = to_rdflib(graph_quads(g))
    values = {str(s).rsplit("/", 1)[1]: o for s, o in data.subject_objects(PKG.value)}
    assert values["0"] == Literal("75", datatype=rdflib.XSD.integer)
    assert values["1"] == Literal("0.9", datatype=rdflib.XSD.decimal)
    assert values["2"] == Literal("0.0000001", datatype=rdflib.XSD.decimal)
    assert values["3"] == Literal("60-70")
    assert "4" not in values  # no value: nothing is made up, and the shapes report it


# --- the shapes ------------------------------------------------------------------------


def test_the_seeds_and_corpus_graph_conforms(built_workspace: Path) -> None:
    result = runner.invoke(app, ["validate", "-w", str(built_workspace), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["conforms"] is True and report["violations"] == [] and report["triples"] > 5000


def _small_graph(built_workspace: Path) -> nx.MultiDiGraph:
    """The graph of two seed documents (fast to validate)."""
    from kg.graph.resolve import build_graph

    docs = [e for e in Workspace(built_workspace).extractions() if e.source.startswith(("000_", "001_"))]
    return build_graph(docs)


def _broken(built_workspace: Path) -> tuple[rdflib.Graph, dict[str, URIRef]]:
    g = _small_graph(built_workspace)
    g.add_node("target:沈政发〔2021〕14号/99", type="Target", indicator="覆盖率", value=None, unit="%", comparator=">=",
               deadline="2025年", source="000_0ec524e545a91cdc.txt", start=10, end=20, policy="policy:沈政发〔2021〕14号")
    g.add_edge("policy:沈政发〔2021〕14号", "target:沈政发〔2021〕14号/99", key="SETS_TARGET", type="SETS_TARGET")
    data = to_rdflib(graph_quads(g))
    policy = URIRef(policy_iri("庆政发〔2021〕13号").value)
    data.remove((policy, PKG.isStub, None))
    responsibility = next(data.subjects(PKG.role, Literal("lead")))
    data.set((responsibility, PKG.role, Literal("support")))
    return data, {"policy": policy, "target": URIRef(ID + "target/" + quote("沈政发〔2021〕14号", safe="") + "/99"),
                  "responsibility": responsibility}


def test_a_broken_graph_is_reported_with_the_node_and_the_rule(built_workspace: Path) -> None:
    data, nodes = _broken(built_workspace)
    before = set(data)
    report = validate_graph(data)
    assert set(data) == before  # the class hierarchy added for the check is gone again
    assert not report.conforms
    found = {(v.focus, v.rule) for v in report.violations}
    assert (str(nodes["policy"]), str(PKGSH["Policy-isStub"])) in found
    assert (str(nodes["target"]), str(PKGSH["Target-value"])) in found
    assert (str(nodes["responsibility"]), str(PKGSH["Responsibility-link"])) in found
    assert len(report.violations) == 3, [(short(v.focus), short(v.rule)) for v in report.violations]
    by_rule = {v.rule: v for v in report.violations}
    assert by_rule[str(PKGSH["Target-value"])].path == str(PKG.value)
    assert "目标值" in by_rule[str(PKGSH["Target-value"])].message("zh")
    assert "value" in by_rule[str(PKGSH["Target-value"])].message("en")


def test_kg_validate_names_the_node_and_the_rule(built_workspace: Path, tmp_path: Path) -> None:
    data, nodes = _broken(built_workspace)
    f = tmp_path / "broken.ttl"
    data.serialize(f, format="turtle")
    result = runner.invoke(app, ["validate", "--file", str(f)])
    assert result.exit_code == 1
    out = " ".join(result.stdout.split())
    assert "pkgsh:Policy-isStub" in out and "pkgsh:Target-value" in out
    assert "庆政发〔2021〕13号" in out  # the node, readable
    result = runner.invoke(app, ["validate", "--file", str(f), "--json", "--lang", "en"])
    report = json.loads(result.stdout)
    assert {(v["focus"], v["rule"].rsplit("#", 1)[1]) for v in report["violations"]} >= {
        (str(nodes["policy"]), "Policy-isStub"), (str(nodes["target"]), "Target-value")}
    assert all(v["message"] for v in report["violations"])


def test_shapes_cover_policy_measure_responsibility_and_target() -> None:
    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    SH = Namespace("http://www.w3.org/ns/shacl#")
    targets = set(shapes.objects(None, SH.targetClass))
    assert {PKG.Policy, PKG.Measure, PKG.Target} <= targets
    # responsibilities and citations are not typed in the data: their shapes target the
    # subjects of the properties whose domain they are
    assert {PKG.agent, PKG.citing} <= set(shapes.objects(None, SH.targetSubjectsOf))
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        assert _langs(shapes, shape, SH.message) == {"zh", "en"}, shape


def test_every_term_of_the_schema_is_the_ontologys_and_states_what_it_specialises(ontology: rdflib.Graph) -> None:
    from kg.schema import LEVELS, TERMS, EdgeKind, NodeKind, Relation

    pkg_terms = {k: k.iri for k in TERMS if k.iri and k.iri.startswith(str(PKG))}
    assert {NodeKind.POLICY, Relation.IMPLEMENTS, EdgeKind.LEADS, *LEVELS} <= set(pkg_terms)
    declared = _declared(ontology) | set(ontology.subjects(RDF.type, SKOS.Concept))
    for kind, iri in pkg_terms.items():
        assert URIRef(iri) in declared, f"{kind!r}: {iri} is not in ontology/policy.ttl"
        if kind.super_iri:
            sup = RDFS.subClassOf if isinstance(kind, NodeKind) or kind is EdgeKind.CITATION else RDFS.subPropertyOf
            assert (URIRef(iri), sup, URIRef(kind.super_iri)) in ontology, f"{iri} does not specialise {kind.super_iri}"
    for level in LEVELS:
        assert (URIRef(level.iri), SKOS.notation, Literal(level.value)) in ontology
        assert int(ontology.value(URIRef(level.iri), PKG.rank)) == level.rank
