"""The text writer (kg.sinks.rdf.TextTerms): the N-Quads lines a build's workers write parse
back to exactly the quads the object writer makes, whatever the literals hold."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph

from kg.pipeline import workspace_graph
from kg.sinks.rdf import QuadWriter, graph_quads
from kg.workspace import Workspace


def _text_quads(g: nx.MultiDiGraph) -> set[pyoxigraph.Quad]:
    w = QuadWriter(g, text=True)
    lines = [*w.preamble(), *w.body(g)]
    assert all(isinstance(line, str) and line.endswith(" .\n") for line in lines)
    return set(pyoxigraph.parse(input="".join(lines).encode(), format=pyoxigraph.RdfFormat.N_QUADS))


def _awkward_graph() -> nx.MultiDiGraph:
    """A small graph in the style of a notice, its literals with quotes, backslashes, line
    breaks, numbers of every kind and dates of every precision."""
    g = nx.MultiDiGraph()
    g.add_node("policy:沈政办发〔2022〕3号", type="Policy", number="沈政办发〔2022〕3号", title='关于印发"十四五"规划的通知',
               alt_titles=["规划\\附件"], date="2022-03", effective="2022", expires="2025-12-31", stub=False,
               issuers=["沈阳市人民政府办公室"], level="city", region="沈阳市", source="a \"b\".txt", sha256="c" * 64)
    g.add_node("policy:辽政发〔2021〕2号", type="Policy", number="辽政发〔2021〕2号", stub=True)
    g.add_node("measure:沈政办发〔2022〕3号/一", type="Measure", number="一", key="一", kind="measure",
               text="（一）加快建设\n产教融合实训基地。\r\n", heading="总体要求", deadline="2025年底前",
               policy="policy:沈政办发〔2022〕3号", source="a.txt", start=10, end=30)
    g.add_node("department:沈阳市教育局", type="Department", name="沈阳市教育局", aliases=["市教育局"], kind="government",
               tally={"led": 1, "measures": 1, "rank": 1})
    for i, value in enumerate([75, 0.9, 1e-07, 2.0, float("nan"), "60-70", True]):
        g.add_node(f"target:沈政办发〔2022〕3号/{i}", type="Target", indicator="覆盖率", value=value, unit="%", comparator=">=",
                   deadline="2025年", policy="policy:沈政办发〔2022〕3号", source="a.txt", start=1, end=2)
        g.add_edge("policy:沈政办发〔2022〕3号", f"target:沈政办发〔2022〕3号/{i}", type="SETS_TARGET")
    g.add_edge("policy:沈政办发〔2022〕3号", "measure:沈政办发〔2022〕3号/一", type="HAS_MEASURE")
    g.add_edge("department:沈阳市教育局", "measure:沈政办发〔2022〕3号/一", type="LEADS", role="lead", deadline="长期",
               source="a.txt", start=12, end=18,
               corrections=[{"who": "张 三", "id": "c1", "why": '改"牵头"', "op": "set", "when": "2026-01-02T03:04:05Z"}])
    g.add_edge("policy:沈政办发〔2022〕3号", "policy:辽政发〔2021〕2号", type="CITATION", relation="implements",
               sentence='根据《辽宁省"十四五"规划》\\', cited_number="辽政发〔2021〕2号", source="a.txt", start=3, end=9)
    g.graph["target_years"] = {"2025": {"targets": 7, "policies": 1}, "": {"targets": 0, "policies": 0}}
    g.graph["implementer_counts"] = {"policy:辽政发〔2021〕2号": 1}
    g.graph["in_force_changes"] = {"policy:辽政发〔2021〕2号": [("", 0), ("2022-01-01", 1)]}
    return g


def test_text_lines_parse_to_the_same_quads_as_the_objects() -> None:
    g = _awkward_graph()
    assert _text_quads(g) == set(graph_quads(g))


def test_text_lines_of_a_built_workspace_match_the_objects(built_workspace: Path) -> None:
    g = workspace_graph(Workspace(built_workspace))
    objects = set(graph_quads(g))
    assert len(objects) > 1000 and _text_quads(g) == objects


def test_facts_name_their_policy_file_once() -> None:
    """A fact's span is in its policy's file: pkg:sourceFile is written on the policy only."""
    lines = [q for q in graph_quads(_awkward_graph()) if q.predicate.value.endswith("#sourceFile")]
    assert [q.subject.value.rsplit("/", 1)[-1] for q in lines] == ["%E6%B2%88%E6%94%BF%E5%8A%9E%E5%8F%91%E3%80%942022%E3%80%953%E5%8F%B7"]
