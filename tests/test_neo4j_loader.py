"""kg load-neo4j: the workspace's graph in a real Neo4j 5.26 (the ``neo4j_env`` fixture).

Labels and types mirror the ontology, properties keep provenance, loading twice leaves the
same counts, a changed or removed document leaves no orphans, and a neo4j:// routing URI works.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline import run_build, run_remove, workspace_graph
from kg.sinks.neo4j import (
    LABELS, REL_TYPES, GraphPlan, connect, graph_counts, load_graph, plan_batches, plan_graph, schema_statements,
    settings_from,
)
from kg.workspace import Workspace

runner = CliRunner()
pytestmark = pytest.mark.neo4j


def _settings(env: dict[str, str]):  # type: ignore[no-untyped-def]
    return settings_from(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"])


def wipe(driver) -> None:  # type: ignore[no-untyped-def]
    labels = " OR ".join(f"n:{label}" for label in sorted(LABELS.values()))
    while driver.execute_query(f"MATCH (n) WHERE {labels} WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n").records[0]["n"]:
        pass


def scalar(driver, text: str, **params):  # type: ignore[no-untyped-def]
    return driver.execute_query(text, params).records[0][0]


def kg(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def driver(neo4j_env: dict[str, str]):  # type: ignore[no-untyped-def]
    d = connect(_settings(neo4j_env))
    yield d
    d.close()


# --- the rows, without a server ---------------------------------------------------------


def test_plan_mirrors_the_graph_with_provenance(built_workspace: Path) -> None:
    g = workspace_graph(Workspace(built_workspace))
    plan = plan_graph(g)
    types = [d["type"] for _, d in g.nodes(data=True)]
    nodes = plan.node_counts()
    for t in ("Policy", "Measure", "Department", "Institution", "Target"):
        assert nodes.get(t, 0) == types.count(t), t
    assert set(nodes) <= set(LABELS.values()) and {"Region", "Level", "Organization"} <= set(nodes)
    rels = plan.rel_counts()
    assert set(rels) <= set(REL_TYPES.values())
    citations = [d for *_, d in g.edges(data=True) if d["type"] == "CITATION"]
    for relation in ("implements", "cites", "plans"):
        assert rels.get(relation.upper(), 0) == sum(d["relation"] == relation for d in citations)
    assert rels["PART_OF"] == nodes["Measure"] and rels["OF_POLICY"] == nodes["Target"]
    # provenance: every citation and responsibility keeps its file and span, every measure its document
    for r in plan.rels.values():
        if r.type in ("IMPLEMENTS", "CITES", "PLANS", "LEADS", "SUPPORTS", "RESPONSIBLE_FOR"):
            assert r.props["source"] and r.props["start"] <= r.props["end"] and r.props["doc"] == r.owner, r
    for n in plan.nodes.values():
        if n.label in ("Measure", "Target"):
            assert n.props["doc"] == n.owner and n.props["sha256"] == g.nodes[n.owner]["sha256"]
            assert isinstance(n.props["start"], int) and n.props["source"] == g.nodes[n.owner]["source"]
    shen = plan.nodes["policy:沈政发〔2021〕14号"].props
    assert shen["stub"] is False and shen["doc"] == "policy:沈政发〔2021〕14号" and shen["iri"].startswith("https://w3id.org/policy-kg/id/policy/")
    statements = schema_statements()
    assert all(any(f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in s for s in statements) for label in LABELS.values())


def test_batches_hold_whole_documents(built_workspace: Path) -> None:
    plan = plan_graph(workspace_graph(Workspace(built_workspace)))
    batches = plan_batches(plan, batch_size=50)
    seen: list[str] = []
    for b in batches:
        seen += b.documents
        assert all(len(st.rows) <= 50 for st in b.statements)
        ids = {row["id"] for st in b.statements for row in st.rows if "id" in row}
        pairs = {(row["a"], row["b"]) for st in b.statements for row in st.rows if "a" in row}
        for doc in b.documents:  # everything a document owns is in its one transaction
            assert {n.id for n in plan.nodes.values() if n.owner == doc and n.label != "Policy"} <= ids
            assert {(r.start, r.end) for r in plan.rels.values() if r.owner == doc} <= pairs
    assert sorted(seen) == sorted(set(seen)) == sorted(plan.documents)
    assert sum(b.size for b in batches) == plan.size
    # policies come first: documents cite each other
    assert batches[0].kind == "nodes" and "(n:Policy " in batches[0].statements[0].text


def test_rows_of_documents_no_earlier_load_wrote_are_created_the_others_merged() -> None:
    """A statement of a document batch runs as two: its rows of documents an earlier load
    wrote merged (they may be in the database), the others created."""
    from kg.sinks.neo4j import Statement, _node_statement

    st = Statement(_node_statement("Measure"), [{"id": "m1"}, {"id": "m2"}, {"id": "m3"}], 3, ["policy:甲", "policy:乙", "policy:甲"])
    (merge, merged), (create, created) = st.parts({"policy:甲"})
    assert "MERGE (n:Measure" in merge and merged == [{"id": "m1"}, {"id": "m3"}]
    assert "CREATE (n:Measure)" in create and "MERGE" not in create and created == [{"id": "m2"}]
    assert st.parts(None) == [(st.text, st.rows)]
    assert [t for t, _ in st.parts({"policy:甲", "policy:乙"})] == [st.text]


def test_plans_are_made_ahead_by_a_thread_that_stops_with_the_load() -> None:
    """The next plans are made while the server writes; an error making one reaches the
    load, and a load that stops early stops the thread."""
    import threading

    from kg.sinks.neo4j import prefetched

    def plans():  # type: ignore[no-untyped-def]
        yield 1
        raise ValueError("a run's file is damaged")

    with pytest.raises(ValueError, match="damaged"), prefetched(plans(), lambda x: x) as ready:
        assert next(ready) == 1
        next(ready)
    made: list[int] = []
    with prefetched(iter(range(1000)), made.append) as ready:
        next(ready)
    assert len(made) < 10 and not any(t.name == "kg-neo4j-plans" for t in threading.enumerate())


def test_labels_and_types_never_come_from_data() -> None:
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_node("policy:A", type="Policy", number="A", title="x", stub=False, source="a.txt", sha256="a" * 64)
    g.add_node("evil:1", type="Policy`) DETACH DELETE n //", name="x")
    g.add_node("policy:B", type="Policy", number="B", stub=True)
    g.add_edge("policy:A", "policy:B", key="x", type="CITATION", relation="implements`]->() DELETE r //", start=0, end=1, source="a.txt")
    g.add_edge("policy:A", "evil:1", key="y", type="MENTIONS`]-() //")
    plan: GraphPlan = plan_graph(g)
    assert {n.label for n in plan.nodes.values()} <= set(LABELS.values())
    assert "evil:1" not in plan.nodes and not plan.rels


# --- loading into Neo4j -----------------------------------------------------------------


def test_load_twice_leaves_the_same_counts(driver, neo4j_env: dict[str, str], built_workspace: Path) -> None:  # type: ignore[no-untyped-def]
    wipe(driver)
    plan = plan_graph(workspace_graph(Workspace(built_workspace)))
    code, out = kg(neo4j_env, "load-neo4j", "-w", str(built_workspace), "--json")
    assert code == 0, out
    first = json.loads(out)
    assert first["nodes"] == plan.node_counts() and first["relationships"] == plan.rel_counts()
    assert graph_counts(driver) == (plan.node_counts(), plan.rel_counts())
    assert neo4j_env["NEO4J_PASSWORD"] not in out
    code, out = kg(neo4j_env, "load-neo4j", "-w", str(built_workspace), "--json", "--batch-size", "200")
    assert code == 0, out
    second = json.loads(out)
    assert second["removed_nodes"] == second["removed_relationships"] == 0
    assert second["batches"] > first["batches"]
    assert graph_counts(driver) == (plan.node_counts(), plan.rel_counts())
    # constraints and indexes came first
    names = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records}
    assert {f"kg_{label.lower()}_id" for label in LABELS.values()} <= names
    # every node and relationship the loader wrote carries this load's id
    assert scalar(driver, "MATCH (n:Policy) WHERE n.load <> $load RETURN count(n)", load=second["load"]) == 0
    assert scalar(driver, "MATCH ()-[r:IMPLEMENTS]->() WHERE r.load <> $load RETURN count(r)", load=second["load"]) == 0


def test_properties_keep_provenance(driver, neo4j_env: dict[str, str], built_workspace: Path) -> None:  # type: ignore[no-untyped-def]
    load_graph(driver, workspace_graph(Workspace(built_workspace)))
    rec = driver.execute_query(
        "MATCH (a:Policy {number: $a})-[r:IMPLEMENTS]->(b:Policy {number: $b}) RETURN r, a.source AS src, a.sha256 AS sha",
        a="沈政发〔2021〕14号", b="辽政发〔2021〕2号").records
    assert len(rec) == 1
    r = rec[0]["r"]
    assert r["relation"] == "implements" and "辽政发〔2021〕2号" in r["sentence"]
    assert r["source"] == rec[0]["src"] and 0 <= r["start"] < r["end"] and r["doc"] == "policy:沈政发〔2021〕14号"
    from conftest import SEEDS

    source = next(SEEDS.rglob(rec[0]["src"])).read_text(encoding="utf-8")
    assert source[r["start"]:r["end"]].endswith("(辽政发〔2021〕2号)")
    m = driver.execute_query(
        "MATCH (d:Department)-[r:LEADS]->(m:Measure)-[:PART_OF]->(p:Policy) RETURN d.name AS d, r, m, p.sha256 AS sha LIMIT 1").records[0]
    assert m["r"]["role"] == "lead" and m["r"]["source"] == m["m"]["source"] and m["m"]["sha256"] == m["sha"]
    assert m["m"]["doc"] and isinstance(m["m"]["start"], int)


def _no_orphans(driver) -> None:  # type: ignore[no-untyped-def]
    checks = {
        "measure without its policy": "MATCH (m:Measure) WHERE NOT (m)-[:PART_OF]->(:Policy) RETURN count(m)",
        "measure no one has": "MATCH (m:Measure) WHERE NOT ()-[:HAS_MEASURE]->(m) RETURN count(m)",
        "target without its policy": "MATCH (t:Target) WHERE NOT (t)-[:OF_POLICY]->(:Policy) RETURN count(t)",
        "department without a measure": "MATCH (d:Department) WHERE NOT (d)-[:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(:Measure) RETURN count(d)",
        "institution no policy mentions": "MATCH (i:Institution) WHERE NOT (:Policy)-[:MENTIONS]->(i) RETURN count(i)",
        "stub no one cites": "MATCH (p:Policy {stub: true}) WHERE NOT ()-[:IMPLEMENTS|CITES|PLANS]->(p) RETURN count(p)",
        "issuer of nothing": "MATCH (o:Organization) WHERE NOT (:Policy)-[:ISSUED_BY]->(o) RETURN count(o)",
        "region of nothing": "MATCH (r:Region) WHERE NOT ()-[:IN_REGION|WITHIN_REGION]->(r) RETURN count(r)",
    }
    for what, text in checks.items():
        assert scalar(driver, text) == 0, what


def test_a_changed_document_is_replaced_without_orphans(driver, neo4j_env: dict[str, str], seed_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace(tmp_path / "ws")
    assert not run_build([str(seed_copy)], ws, jobs=2).failed
    wipe(driver)
    key = "policy:庆政发〔2021〕13号"
    load_graph(driver, workspace_graph(ws))
    old_measures = scalar(driver, "MATCH (m:Measure {doc: $k}) RETURN count(m)", k=key)
    old_duties = scalar(driver, "MATCH ()-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(:Measure {doc: $k}) RETURN count(r)", k=key)
    assert old_measures > 20 and old_duties > 20
    _no_orphans(driver)

    # the document loses the second half of its text: measures, duties, departments go
    doc = next(f for f in seed_copy.glob("*.txt") if "庆政发〔2021〕13号" in f.read_text(encoding="utf-8")[:600])
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    doc.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    assert not run_build([str(seed_copy)], ws, jobs=2).failed
    g = workspace_graph(ws)
    plan = plan_graph(g)
    after = load_graph(driver, g)
    assert graph_counts(driver) == (plan.node_counts(), plan.rel_counts())
    new_measures = scalar(driver, "MATCH (m:Measure {doc: $k}) RETURN count(m)", k=key)
    assert new_measures == sum(1 for _, d in g.nodes(data=True) if d["type"] == "Measure" and d.get("policy") == key)
    assert new_measures < old_measures
    assert scalar(driver, "MATCH ()-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(:Measure {doc: $k}) RETURN count(r)", k=key) < old_duties
    _no_orphans(driver)
    assert scalar(driver, "MATCH (n) WHERE (n:Measure OR n:Department OR n:Policy) AND n.load <> $l RETURN count(n)", l=after.load_id) == 0

    # a document taken out of the workspace: its measures go, its policy stays only as a cited stub
    removed, _ = run_remove([doc.name], ws)
    assert removed
    g = workspace_graph(ws)
    plan = plan_graph(g)
    load_graph(driver, g)
    assert graph_counts(driver) == (plan.node_counts(), plan.rel_counts())
    assert scalar(driver, "MATCH (m:Measure {doc: $k}) RETURN count(m)", k=key) == 0
    assert scalar(driver, "MATCH (p:Policy {id: $k}) WHERE p.stub = false RETURN count(p)", k=key) == 0
    _no_orphans(driver)
    # and loading once more changes nothing
    again = load_graph(driver, g)
    assert (again.removed_nodes, again.removed_relationships) == (0, 0)
    assert graph_counts(driver) == (plan.node_counts(), plan.rel_counts())


def test_a_routing_uri_works(driver, neo4j_env: dict[str, str], built_workspace: Path) -> None:  # type: ignore[no-untyped-def]
    uri = neo4j_env["NEO4J_URI"]
    if not uri.startswith("bolt://"):
        pytest.skip(f"the server's URI is not bolt:// ({uri.split(':')[0]})")
    routing = dict(neo4j_env, NEO4J_URI=re.sub(r"^bolt://", "neo4j://", uri))
    code, out = kg(routing, "load-neo4j", "-w", str(built_workspace), "--json")
    assert code == 0, out
    assert json.loads(out)["uri"].startswith("neo4j://127.0.0.1:") or json.loads(out)["uri"].startswith("neo4j://")
    embedded = kg(neo4j_env, "lineage", "沈政发〔2021〕14号", "-w", str(built_workspace), "--json")
    routed = kg(routing, "lineage", "沈政发〔2021〕14号", "--neo4j", "--json")
    assert routed == embedded and routed[0] == 0
    assert json.loads(routed[1])["children"][0]["number"] == "辽政发〔2021〕2号"


def test_cypher_command(driver, neo4j_env: dict[str, str], built_workspace: Path) -> None:  # type: ignore[no-untyped-def]
    load_graph(driver, workspace_graph(Workspace(built_workspace)))
    code, out = kg(neo4j_env, "cypher", "queries/lineage.cypher", "--param", "number=沈政发[2021]14号", "--json")
    assert code == 0, out
    rows = json.loads(out)
    assert [r["parentNumber"] for r in rows] == ["辽政发〔2021〕2号"]
    code, out = kg(neo4j_env, "cypher", "MATCH (p:Policy {number: $n}) RETURN p.title AS title, p.stub AS stub",
                   "--param", "n=国发〔2019〕4号", "--json")
    assert code == 0 and json.loads(out) == [{"title": "国家职业教育改革实施方案", "stub": False}]
    code, out = kg(neo4j_env, "cypher", "MATCH (p:Policy) WHERE p.level = $l RETURN count(p) AS n", "-p", "l=national")
    assert code == 0 and "n" in out
    code, out = kg(neo4j_env, "cypher", "departments", "--param", "region=沈阳市", "--param", "role=lead", "--json")
    assert code == 0 and {r["region"] for r in json.loads(out)} == {"沈阳市"}
    # reads by default: a write is refused unless --write
    before = scalar(driver, "MATCH (p:Policy) RETURN count(p)")
    code, out = kg(neo4j_env, "cypher", "MATCH (p:Policy) DETACH DELETE p")
    assert code == 2 and "--write" in out
    assert scalar(driver, "MATCH (p:Policy) RETURN count(p)") == before
    code, out = kg(neo4j_env, "cypher", "lineage", "--param", "nope=1")
    assert code == 2 and "not used by the query" in out



def test_the_database_carries_the_schema_version_and_an_older_graph_says_to_load_again(driver, neo4j_env: dict[str, str], built_workspace: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.schema import SCHEMA_VERSION
    from kg.sinks.neo4j import VERSION_LABEL, stored_version

    load_graph(driver, workspace_graph(Workspace(built_workspace)))
    assert stored_version(driver) == SCHEMA_VERSION
    code, out = kg(neo4j_env, "lineage", "沈政发〔2021〕14号", "--neo4j")
    assert code == 0, out
    driver.execute_query(f"MATCH (m:{VERSION_LABEL}) DELETE m")  # as a kg before versions left it
    assert stored_version(driver) == 1
    code, out = kg(neo4j_env, "lineage", "沈政发〔2021〕14号", "--neo4j")
    assert code == 2 and "older kg" in out and "kg load-neo4j" in out
    code, out = kg(neo4j_env, "load-neo4j", "-w", str(built_workspace), "--json")
    assert code == 0, out
    code, out = kg(neo4j_env, "lineage", "沈政发〔2021〕14号", "--neo4j")
    assert code == 0 and "辽政发〔2021〕2号" in out


def test_load_in_runs_leaves_the_same_graph(driver, neo4j_env: dict[str, str], built_workspace: Path) -> None:  # type: ignore[no-untyped-def]
    """--runs resolves and loads a few documents at a time (never the whole graph in memory)
    and leaves the graph the whole plan leaves; loading the whole graph again removes nothing."""
    wipe(driver)
    plan = plan_graph(workspace_graph(Workspace(built_workspace)))
    code, out = kg(neo4j_env, "load-neo4j", "-w", str(built_workspace), "--json", "--runs", "3")
    assert code == 0, out
    report = json.loads(out)
    assert report["nodes"] == plan.node_counts() and report["relationships"] == plan.rel_counts()
    assert graph_counts(driver) == (plan.node_counts(), plan.rel_counts())
    assert not any(p.name.startswith(".neo4j-runs-") for p in Path(built_workspace).iterdir())
    code, out = kg(neo4j_env, "load-neo4j", "-w", str(built_workspace), "--json")
    assert code == 0 and json.loads(out)["removed_nodes"] == json.loads(out)["removed_relationships"] == 0
