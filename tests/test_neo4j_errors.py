"""Bad conditions for the Neo4j commands: one clear line and a non-zero exit, never a traceback
or a half-written graph; and data that looks like Cypher is only ever data.

Unreachable servers are closed ports on 127.0.0.1 only. Wrong passwords are tried twice in
all (Neo4j locks a user out for a few seconds after three failed logins).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline import workspace_graph
from kg.sinks import neo4j as sink
from kg.workspace import Workspace

pytestmark = pytest.mark.neo4j
runner = CliRunner()
KG = Path(sys.executable).parent / "kg"
EVIL = "'}) DETACH DELETE n //"


def wipe(driver) -> None:  # type: ignore[no-untyped-def]
    labels = " OR ".join(f"n:{label}" for label in sorted(sink.LABELS.values()))
    while driver.execute_query(f"MATCH (n) WHERE {labels} WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n").records[0]["n"]:
        pass


def scalar(driver, text: str, **params):  # type: ignore[no-untyped-def]
    return driver.execute_query(text, params).records[0][0]


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_kg(env: dict[str, str], *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """The real command in its own process: its exit code, stdout and stderr."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return subprocess.run([str(KG), *args], env={**base, "COLUMNS": "200", **env}, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and "Traceback" not in proc.stderr + proc.stdout
    return lines[0]


@pytest.fixture(scope="module")
def driver(neo4j_env: dict[str, str]):  # type: ignore[no-untyped-def]
    d = sink.connect(sink.settings_from(neo4j_env["NEO4J_URI"], neo4j_env["NEO4J_USER"], neo4j_env["NEO4J_PASSWORD"]))
    yield d
    d.close()


# --- connection ---------------------------------------------------------------------


def test_wrong_password_is_one_line_and_never_shows_a_password(neo4j_env: dict[str, str], built_workspace: Path) -> None:
    wrong = "not-the-password-" + "x7Qz"
    env = dict(neo4j_env, NEO4J_PASSWORD=wrong)
    load = run_kg(env, "load-neo4j", "-w", str(built_workspace))
    line = one_line_error(load)
    assert "refused the login" in line and "NEO4J_PASSWORD" in line and "--neo4j-password" in line
    ask = run_kg(env, "lineage", "沈政发〔2021〕14号", "--neo4j")
    assert "refused the login" in one_line_error(ask)
    for proc in (load, ask):
        assert wrong not in proc.stdout + proc.stderr and neo4j_env["NEO4J_PASSWORD"] not in proc.stdout + proc.stderr


def test_a_good_load_never_prints_the_password(neo4j_env: dict[str, str], built_workspace: Path) -> None:
    proc = run_kg(dict(neo4j_env), "load-neo4j", "-w", str(built_workspace))
    assert proc.returncode == 0, proc.stderr
    assert neo4j_env["NEO4J_PASSWORD"] not in proc.stdout + proc.stderr
    assert "Policy" in proc.stdout and neo4j_env["NEO4J_URI"] in proc.stdout
    helped = run_kg(dict(neo4j_env), "load-neo4j", "--help")
    assert neo4j_env["NEO4J_PASSWORD"] not in helped.stdout and "NEO4J_PASSWORD" in helped.stdout


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_server_down_is_one_line(neo4j_env: dict[str, str], built_workspace: Path, scheme: str) -> None:
    env = dict(neo4j_env, NEO4J_URI=f"{scheme}://127.0.0.1:{closed_port()}")
    started = time.monotonic()
    for args in (("load-neo4j", "-w", str(built_workspace)), ("implementers", "国发〔2019〕4号", "--neo4j"),
                 ("cypher", "RETURN 1 AS one")):
        line = one_line_error(run_kg(env, *args))
        assert "cannot reach Neo4j" in line and "127.0.0.1" in line and "NEO4J_URI" in line
    assert time.monotonic() - started < 60  # fails at once: no retrying for half a minute


def test_missing_settings_say_which(neo4j_env: dict[str, str]) -> None:
    env = {k: v for k, v in neo4j_env.items() if k != "NEO4J_URI"}
    line = one_line_error(run_kg(env, "departments", "--neo4j"))
    assert "NEO4J_URI" in line and "--neo4j-uri" in line and "NEO4J_USER" not in line


def test_unknown_database_is_one_line(neo4j_env: dict[str, str]) -> None:
    line = one_line_error(run_kg(dict(neo4j_env, NEO4J_DATABASE="nosuchdb"), "targets", "--neo4j"))
    assert "nosuchdb" in line and "--database" in line


def test_a_failure_in_the_middle_of_a_question_is_one_line(neo4j_env: dict[str, str], built_workspace: Path,
                                                            driver, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from neo4j.exceptions import ServiceUnavailable

    sink.load_graph(driver, workspace_graph(Workspace(built_workspace)))
    real = sink.run_cypher
    calls = []

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) > 1:  # the server goes away after the policy was found
            raise ServiceUnavailable("Failed to read from defunct connection (connection reset)")
        return real(*args, **kwargs)

    monkeypatch.setattr(sink, "run_cypher", flaky)
    result = runner.invoke(app, ["lineage", "沈政发〔2021〕14号", "--neo4j"], env=neo4j_env)
    assert result.exit_code == 2 and len(calls) == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach Neo4j" in lines[0], result.output


# --- a transaction that fails half-way ----------------------------------------------


def _failing_at(index: int):  # type: ignore[no-untyped-def]
    """A batch hook that makes the server fail inside batch ``index``'s transaction, after its
    writes (a division by zero in Cypher)."""
    def hook(tx, i: int, batch) -> None:  # type: ignore[no-untyped-def]
        if i == index:
            tx.run("UNWIND [1, 0] AS x RETURN 1 / x AS y").consume()
    return hook


def test_a_failed_batch_rolls_back_and_a_rerun_completes(neo4j_env: dict[str, str], built_workspace: Path,
                                                         driver, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    g = workspace_graph(Workspace(built_workspace))
    plan = sink.plan_graph(g)
    batches = sink.plan_batches(plan, 300)
    doc_batches = [i for i, b in enumerate(batches, 1) if b.documents]
    fail_at = doc_batches[1]
    failed_docs = batches[fail_at - 1].documents
    earlier_docs = batches[doc_batches[0] - 1].documents
    wipe(driver)

    real = sink._run_batch

    def run_batch(tx, batch, load, hook, index, *rest):  # type: ignore[no-untyped-def]
        return real(tx, batch, load, _failing_at(fail_at), index, *rest)

    monkeypatch.setattr(sink, "_run_batch", run_batch)
    result = runner.invoke(app, ["load-neo4j", "-w", str(built_workspace), "--batch-size", "300"], env=neo4j_env)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert f"batch {fail_at} of {len(batches)}" in lines[0] and "rolled back" in lines[0]
    assert "run `kg load-neo4j` again" in lines[0] and "/ by zero" in lines[0]
    # nothing of the failed batch was written; what came before it was
    owned = "MATCH (n) WHERE (n:Measure OR n:Target) AND n.doc IN $docs RETURN count(n)"
    assert scalar(driver, owned, docs=failed_docs) == 0
    assert scalar(driver, "MATCH ()-[r]->() WHERE r.doc IN $docs RETURN count(r)", docs=failed_docs) == 0
    expected_earlier = sum(1 for n in plan.nodes.values() if n.owner in earlier_docs and n.label in ("Measure", "Target"))
    assert scalar(driver, owned, docs=earlier_docs) == expected_earlier > 0

    monkeypatch.setattr(sink, "_run_batch", real)
    result = runner.invoke(app, ["load-neo4j", "-w", str(built_workspace), "--batch-size", "300", "--json"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    assert sink.graph_counts(driver) == (plan.node_counts(), plan.rel_counts())


def test_a_failed_reload_keeps_the_old_version_of_its_documents(built_workspace: Path, driver) -> None:  # type: ignore[no-untyped-def]
    g = workspace_graph(Workspace(built_workspace))
    plan = sink.plan_graph(g)
    sink.load_plan(driver, plan)
    # a new version of the graph in which one document lost all its measures…
    victim = max(plan.documents, key=lambda d: sum(1 for n in plan.nodes.values() if n.owner == d and n.label == "Measure"))
    old = scalar(driver, "MATCH (m:Measure {doc: $d}) RETURN count(m)", d=victim)
    h = g.copy()
    h.remove_nodes_from([n for n, d in g.nodes(data=True) if d["type"] in ("Measure", "Target") and d.get("policy") == victim])
    new_plan = sink.plan_graph(h)
    index = next(i for i, b in enumerate(sink.plan_batches(new_plan, 1000), 1) if victim in b.documents)
    # …whose load fails in that document's transaction: the old version stays whole
    with pytest.raises(sink.BatchFailed) as info:
        sink.load_plan(driver, new_plan, batch_size=1000, on_batch=_failing_at(index))
    assert info.value.index == index and "rolled back" in str(info.value)
    assert scalar(driver, "MATCH (m:Measure {doc: $d}) RETURN count(m)", d=victim) == old > 0
    assert scalar(driver, "MATCH (m:Measure {doc: $d}) WHERE NOT (m)-[:PART_OF]->() RETURN count(m)", d=victim) == 0
    # and a load that succeeds replaces it
    sink.load_plan(driver, new_plan)
    assert scalar(driver, "MATCH (m:Measure {doc: $d}) RETURN count(m)", d=victim) == 0
    assert sink.graph_counts(driver) == (new_plan.node_counts(), new_plan.rel_counts())


# --- data that looks like Cypher --------------------------------------------------


def test_a_title_that_reads_like_cypher_is_stored_as_text(neo4j_env: dict[str, str], built_workspace: Path, driver) -> None:  # type: ignore[no-untyped-def]
    g = workspace_graph(Workspace(built_workspace)).copy()
    key = "policy:沈政发〔2021〕14号"
    g.nodes[key]["title"] = EVIL
    g.nodes[key]["alt_titles"] = [EVIL + " MATCH (m) DETACH DELETE m"]
    measure = next(n for n, d in g.nodes(data=True) if d["type"] == "Measure" and d.get("policy") == key)
    g.nodes[measure]["heading"] = "`}]->(x) DELETE x //"
    g.nodes[measure]["text"] = "$load\\' \" ) RETURN 1 //"
    g.add_node("department:教育局'}) DETACH DELETE n //", type="Department", name="教育局'}) DETACH DELETE n //", kind="government",
               aliases=["`Policy`"])
    g.add_edge("department:教育局'}) DETACH DELETE n //", measure, key="LEADS", type="LEADS", role="lead", source="x.txt",
               start=0, end=1, deadline=None, policy=key)
    plan = sink.plan_graph(g)
    wipe(driver)
    sink.load_plan(driver, plan)
    assert sink.graph_counts(driver) == (plan.node_counts(), plan.rel_counts())
    stored = driver.execute_query("MATCH (p:Policy {id: $k}) RETURN p.title AS t, p.alt_titles AS a", k=key).records[0]
    assert stored["t"] == EVIL and stored["a"] == [EVIL + " MATCH (m) DETACH DELETE m"]
    assert scalar(driver, "MATCH (d:Department {name: $n}) RETURN count(d)", n="教育局'}) DETACH DELETE n //") == 1
    assert scalar(driver, "MATCH (m:Measure {id: $m}) RETURN m.text", m=measure) == "$load\\' \" ) RETURN 1 //"

    # asked for by that title, as a parameter: found, and nothing is deleted
    ask = runner.invoke(app, ["lineage", EVIL, "--neo4j", "--json"], env=neo4j_env)
    assert ask.exit_code == 0, ask.output
    assert json.loads(ask.output)["title"] == EVIL
    ask = runner.invoke(app, ["cypher", "MATCH (p:Policy {title: $t}) RETURN p.number AS number", "--param", f"t={EVIL}",
                              "--json"], env=neo4j_env)
    assert ask.exit_code == 0 and json.loads(ask.output) == [{"number": "沈政发〔2021〕14号"}]
    ask = runner.invoke(app, ["department", "教育局'}) DETACH DELETE n //", "--neo4j", "--json"], env=neo4j_env)
    assert ask.exit_code == 0 and json.loads(ask.output)["department"]["name"] == "教育局'}) DETACH DELETE n //"
    assert sink.graph_counts(driver) == (plan.node_counts(), plan.rel_counts())
    # loading it again is as harmless
    again = sink.load_plan(driver, plan)
    assert (again.removed_nodes, again.removed_relationships) == (0, 0)
    assert sink.graph_counts(driver) == (plan.node_counts(), plan.rel_counts())
