"""kg export: RDF that loads back into the same graph, and networks for Gephi / Cytoscape."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.sinks.export import read_rdf, to_rdflib
from kg.sinks.rdf import CONTEXT_FILE, KG_GRAPH, ONTOLOGY_IRI, graph_quads, policy_iri
from kg.pipeline import workspace_graph
from kg.workspace import Workspace

runner = CliRunner()


@pytest.fixture(scope="module")
def resolved(built_workspace: Path) -> nx.MultiDiGraph:
    return workspace_graph(Workspace(built_workspace))


@pytest.fixture(scope="module")
def reference(resolved: nx.MultiDiGraph) -> rdflib.Graph:
    """The mapping of the resolved graph, straight from kg.sinks.rdf (not from the store)."""
    return to_rdflib(graph_quads(resolved))


def _export(ws: Path, out: Path, *args: str) -> None:
    result = runner.invoke(app, ["export", "-w", str(ws), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 0


@pytest.fixture(scope="module")
def exported(built_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The workspace exported once in each RDF format (JSON-LD's format from the suffix)."""
    folder = tmp_path_factory.mktemp("export")
    out = {}
    for fmt, suffix in (("turtle", "ttl"), ("ntriples", "nt"), ("jsonld", "jsonld"), ("trig", "trig")):
        out[fmt] = folder / f"graph.{suffix}"
        _export(built_workspace, out[fmt], *(() if fmt == "jsonld" else ("--format", fmt)))
    return out


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "trig"])
def test_export_then_load_gives_an_isomorphic_graph(fmt: str, exported: dict[str, Path], reference: rdflib.Graph) -> None:
    loaded = read_rdf(exported[fmt].read_bytes(), fmt)
    assert len(loaded) == len(reference)
    assert isomorphic(loaded, reference)


def test_json_ld_is_compacted_with_the_context_of_the_ontology_folder(exported: dict[str, Path]) -> None:
    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert doc["@context"] == context  # inline: the file loads back without fetching anything
    policy = next(n for n in doc["@graph"] if n.get("@id") == policy_iri("沈政发〔2021〕14号").value)
    assert policy["documentNumber"] == "沈政发〔2021〕14号"
    assert policy["title"] == "沈阳市推进职业教育实用高效发展实施方案"
    assert policy["date"] == "2021-11-03"
    assert policy_iri("辽政发〔2021〕2号").value in json.dumps(policy["implements"])
    assert "Policy" in policy["@type"]


def test_export_goes_to_standard_output_and_can_carry_the_ontology(built_workspace: Path, reference: rdflib.Graph, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "-w", str(built_workspace), "--format", "ntriples"])
    assert result.exit_code == 0
    assert result.stdout_bytes.count(b"\n") == len(reference)
    out = tmp_path / "both.trig"
    _export(built_workspace, out, "--with-ontology")
    ds = rdflib.Dataset()
    ds.parse(out, format="trig")
    assert len(ds.graph(rdflib.URIRef(KG_GRAPH))) == len(reference)
    onto = ds.graph(rdflib.URIRef(ONTOLOGY_IRI))
    pkg = rdflib.Namespace("https://w3id.org/policy-kg/ontology#")
    assert (pkg.Policy, rdflib.RDF.type, rdflib.OWL.Class) in onto


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_formats_carry_types_and_labels(fmt: str, built_workspace: Path, resolved: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / f"graph.{fmt}"
    _export(built_workspace, out, "--format", fmt)
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert g.number_of_nodes() == resolved.number_of_nodes()
    assert g.number_of_edges() == resolved.number_of_edges()
    policy = g.nodes["policy:沈政发〔2021〕14号"]
    assert policy["type"] == "Policy"
    assert policy["label"] == "沈政发〔2021〕14号"
    assert policy["title"] == "沈阳市推进职业教育实用高效发展实施方案"
    # lists are joined (GraphML holds none); the other attributes are scalars
    assert policy["alt_titles"] == "; ".join(resolved.nodes["policy:沈政发〔2021〕14号"]["alt_titles"])
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert {"Policy", "Measure", "Department"} <= types
    assert all(d.get("label") for _, d in g.nodes(data=True))
    dept = next(d for _, d in g.nodes(data=True) if d["type"] == "Department" and d.get("aliases"))
    assert isinstance(dept["aliases"], str)
    relations = {d.get("relation") for *_, d in g.edges(data=True) if d.get("kind") == "CITATION"}
    assert relations >= {"implements", "cites"}
    measure = next(d for _, d in g.nodes(data=True) if d["type"] == "Measure")
    assert 0 <= int(measure["span_start"]) < int(measure["span_end"])  # GEXF keeps start/end for time


def test_export_needs_a_built_workspace(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "-w", str(tmp_path / "nothing"), "--format", "graphml"])
    assert result.exit_code == 2 and "kg build" in result.output
    result = runner.invoke(app, ["export", "-w", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "kg build" in result.output
