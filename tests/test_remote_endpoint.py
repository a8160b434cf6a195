"""kg push and kg sparql --endpoint against a real SPARQL 1.1 server: an Oxigraph server
that the fixture starts on a free port of 127.0.0.1 and stops afterwards."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.queries import load_query, run_query
from kg.sinks.rdf import KG_GRAPH, department_iri, policy_iri
from kg.sinks.remote import Endpoint, RemoteError, count_triples, graph_ntriples, push, remote_query
from kg.workspace import Workspace
from tests.conftest import require

pytestmark = pytest.mark.endpoint
runner = CliRunner()
EVIL = '"} ; DROP ALL ; #'


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    return shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a fresh Oxigraph server (the `oxigraph` package's binary)."""
    binary = _oxigraph_binary()
    require(binary is not None, "the oxigraph server binary (pip install oxigraph)")
    assert binary is not None
    location = tmp_path_factory.mktemp("oxigraph")
    port = _free_port()
    log = (location.parent / "oxigraph.log").open("wb")
    proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the oxigraph server exited with {proc.returncode}: {(location.parent / 'oxigraph.log').read_text(errors='replace')}")
            try:
                opener.open(base + "/", timeout=1).close()
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail("the oxigraph server did not answer within 30 s")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def pushed(server: str, built_workspace: Path) -> Endpoint:
    """The workspace pushed with `kg push`; the endpoint to query."""
    result = runner.invoke(app, ["push", "--sparql-endpoint", server + "/query", "-w", str(built_workspace), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["method"] == "graph-store" and report["url"] == server + "/store"
    assert report["graph"] == KG_GRAPH
    assert report["triples"] == report["server_triples"] == len(Workspace(built_workspace).open_store())
    return Endpoint(server + "/query")


def _same(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    key = lambda r: json.dumps(r, sort_keys=True, default=str, ensure_ascii=False)  # noqa: E731
    return sorted(map(key, a)) == sorted(map(key, b))


QUESTIONS: list[tuple[str, dict[str, Any]]] = [
    ("lineage", {"number": "沈政发〔2021〕14号"}),
    ("lineage", {"number": "锡教发〔2020〕86号"}),
    ("implementers", {"number": "国发〔2019〕4号"}),
    ("find_policy", {"text": "职业教育"}),
    ("policies_by_region", {"region": "辽宁省"}),
    ("policies_by_region", {"level": "市级"}),
    ("measures_of_policy", {"number": "沈政发〔2021〕14号"}),
    ("stub_directives", {}),
    ("stub_directives", {"relation": "implements"}),
    ("departments", {"region": "沈阳市"}),
    ("department_measures", {"name": "市教育局"}),
    ("partners", {"department": department_iri("沈阳市教育局")}),
    ("targets", {}),
]


@pytest.mark.parametrize("name,params", QUESTIONS, ids=[f"{n}-{'-'.join(p) or 'none'}" for n, p in QUESTIONS])
def test_named_queries_answer_on_the_server_as_in_the_workspace(name: str, params: dict[str, Any], pushed: Endpoint, built_workspace: Path) -> None:
    local = run_query(Workspace(built_workspace).open_store(), load_query(name), params)
    remote = remote_query(pushed, load_query(name), params)
    assert _same(local, remote)
    if name in ("lineage", "implementers", "measures_of_policy", "departments"):
        assert remote, name


def test_kg_sparql_on_the_endpoint(pushed: Endpoint, built_workspace: Path) -> None:
    args = ["sparql", "lineage", "--param", "number=沈政发[2021]14号", "--format", "json"]
    remote = runner.invoke(app, [*args, "--endpoint", pushed.url])
    local = runner.invoke(app, [*args, "-w", str(built_workspace)])
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert [r["parentNumber"] for r in json.loads(remote.stdout)] == ["辽政发〔2021〕2号"]
    table = runner.invoke(app, ["sparql", "policies_by_region", "-p", "region=辽宁省", "--endpoint", pushed.url])
    assert table.exit_code == 0 and "沈政发〔2021〕14号" in table.stdout


def test_ask_construct_and_errors_on_the_endpoint(pushed: Endpoint) -> None:
    number = "国发〔2019〕4号"
    ask = "ASK { ?p <http://data.europa.eu/eli/ontology#id_local> ?n }"
    assert remote_query(pushed, ask, {"n": number}) == [{"result": True}]
    assert remote_query(pushed, ask, {"n": "nothing"}) == [{"result": False}]
    rows = remote_query(pushed, "CONSTRUCT { ?p a ?t } WHERE { ?p <http://data.europa.eu/eli/ontology#id_local> ?n ; a ?t }", {"n": number})
    assert {r["subject"] for r in rows} == {policy_iri(number).value}
    with pytest.raises(RemoteError, match="HTTP 400"):
        remote_query(pushed, "SELECT ?x WHERE {")
    result = runner.invoke(app, ["sparql", "SELECT ?x WHERE {", "--endpoint", pushed.url])
    assert result.exit_code == 2 and "400" in result.output


def test_a_parameter_that_tries_to_escape_is_a_literal_on_the_server_too(pushed: Endpoint) -> None:
    before = count_triples(pushed)
    assert remote_query(pushed, load_query("find_policy"), {"text": EVIL}) == []
    assert remote_query(pushed, "SELECT ?t WHERE { }", {"t": EVIL}) == [{"t": EVIL}]
    result = runner.invoke(app, ["sparql", "find_policy", "-p", f"text={EVIL}", "--endpoint", pushed.url, "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert count_triples(pushed) == before > 0


def test_push_replaces_the_graph_all_or_nothing(server: str, pushed: Endpoint, built_workspace: Path) -> None:
    total = count_triples(pushed)
    data = graph_ntriples(Workspace(built_workspace).open_store())
    # a push the server refuses (broken data) leaves the graph as it was
    with pytest.raises(RemoteError, match="refused"):
        push(pushed, data + b'<http://example.org/broken> <http://example.org/p> "no end .\n')
    assert count_triples(pushed) == total
    # a smaller graph replaces the whole graph (pushes replace, they do not add)
    lines = data.splitlines(keepends=True)[:100]
    assert push(pushed, b"".join(lines)).method == "graph-store"
    assert count_triples(pushed) == 100
    push(pushed, data)
    assert count_triples(pushed) == total


def test_sparql_update_when_there_is_no_graph_store(server: str, built_workspace: Path) -> None:
    data = graph_ntriples(Workspace(built_workspace).open_store())
    graph = "https://example.org/policy-kg/update-test"
    # no Graph Store at this address (404): the push falls back to one SPARQL Update request
    ep = Endpoint(server + "/query", store_url=server + "/no-graph-store-here")
    report = push(ep, data, graph=graph)
    assert report.method == "update" and report.url == server + "/update"
    assert count_triples(ep, graph) == len(Workspace(built_workspace).open_store())
    rows = remote_query(ep, load_query("lineage"), {"number": "沈政发〔2021〕14号"}, graph=graph)
    assert [r["parentNumber"] for r in rows] == ["辽政发〔2021〕2号"]
    # an update push replaces the graph too (the DROP and the INSERT are one request)
    push(ep, b"".join(data.splitlines(keepends=True)[:10]), graph=graph, method="update")
    assert count_triples(ep, graph) == 10
    result = runner.invoke(app, ["push", "-e", server + "/query", "--graph", graph, "--method", "update", "-w", str(built_workspace)])
    assert result.exit_code == 0 and "update" in result.stdout
    assert count_triples(ep, graph) == len(Workspace(built_workspace).open_store())


def test_unreachable_server_is_a_clear_error(built_workspace: Path) -> None:
    port = _free_port()  # nothing listens there
    result = runner.invoke(app, ["push", "-e", f"http://127.0.0.1:{port}/query", "-w", str(built_workspace)])
    assert result.exit_code == 2 and "cannot reach" in result.output
    result = runner.invoke(app, ["sparql", "lineage", "-e", f"http://127.0.0.1:{port}/query"])
    assert result.exit_code == 2 and "cannot reach" in result.output
    result = runner.invoke(app, ["push", "-e", "ftp://example.org/sparql", "-w", str(built_workspace)])
    assert result.exit_code == 2 and "http" in result.output


def test_a_pushed_graph_carries_the_schema_version_and_an_older_one_says_to_push_again(server: str, built_workspace: Path) -> None:
    from kg.schema import SCHEMA_VERSION
    from kg.sinks.remote import remote_version

    graph = "https://example.org/policy-kg/version-test"
    data = graph_ntriples(Workspace(built_workspace).open_store())
    ep = Endpoint(server + "/query")
    push(ep, data, graph=graph)
    assert remote_version(ep, graph) == SCHEMA_VERSION
    older = b"".join(line for line in data.splitlines(keepends=True) if b"schemaVersion" not in line)
    push(ep, older, graph=graph)
    assert remote_version(ep, graph) == 1
    result = runner.invoke(app, ["sparql", "lineage", "-p", "number=沈政发〔2021〕14号", "--endpoint", server + "/query", "--graph", graph])
    assert result.exit_code == 2 and "older kg" in result.output and "kg push" in result.output
    result = runner.invoke(app, ["push", "--sparql-endpoint", server + "/query", "--graph", graph, "-w", str(built_workspace)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["sparql", "lineage", "-p", "number=沈政发〔2021〕14号", "--endpoint", server + "/query", "--graph", graph])
    assert result.exit_code == 0 and "辽政发〔2021〕2号" in result.output
