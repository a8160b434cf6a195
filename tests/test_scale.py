"""What keeps the questions interactive on large corpora: the departments' tallies the build
keeps (summed per document), the extraction handed to another executor, paging."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import require

from kg.pipeline import department_tallies, run_build, sum_tallies, workspace_graph
from kg.workspace import Workspace

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _copy_seeds(tmp_path: Path, n: int = 4) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in sorted(p for p in SEEDS.iterdir() if p.suffix in (".txt", ".html"))[:n]:
        shutil.copy(f, docs / f.name)
    return docs


def test_a_documents_tally_is_its_contribution() -> None:
    """Summing the tallies of the documents' pieces gives the tallies of the whole graph."""
    import networkx as nx

    whole, parts = nx.MultiDiGraph(), []
    for doc, rows in (("p1", [("教育局", "LEADS", "1"), ("财政局", "SUPPORTS", "1"), ("教育局", "LEADS", "2")]),
                      ("p2", [("教育局", "SUPPORTS", "1"), ("教育局", "RESPONSIBLE_FOR", "1")])):
        piece = nx.MultiDiGraph()
        for g in (whole, piece):
            for dept, kind, m in rows:
                g.add_node(f"measure:{doc}/{m}", policy=f"policy:{doc}")
                g.add_edge(f"department:{dept}", f"measure:{doc}/{m}", type=kind)
        parts.append(department_tallies(piece))
    summed: dict = {}
    for t in parts:
        sum_tallies(summed, t)
    assert summed == department_tallies(whole)
    assert dict(summed["教育局"]) == {"led": 2, "supported": 1, "responsible": 1, "measures": 3, "policies": 2,
                                     "policies_led": 1, "policies_supported": 1, "policies_responsible": 1}


def test_the_extraction_runs_on_another_executor(tmp_path: Path) -> None:
    """A build whose extraction runs through a mapper (here in this process, in reverse
    order) gives the same store as the build's own pool, the tallies included."""
    docs = _copy_seeds(tmp_path)
    calls: list[int] = []

    def mapper(worker, args):  # type: ignore[no-untyped-def]
        calls.append(len(args))
        for a in reversed(args):
            yield worker(a)

    own, other = Workspace(tmp_path / "own"), Workspace(tmp_path / "other")
    run_build([str(docs)], own, jobs=2)
    report = run_build([str(docs)], other, mapper=mapper)
    assert calls == [4] and report.read == 4 and not report.failed
    assert set(own.open_store()) == set(other.open_store())
    tallied = {n: d["tally"] for n, d in workspace_graph(other).nodes(data=True) if d.get("tally")}
    assert tallied and all(t["measures"] >= max(t["led"], t["supported"], t["responsible"]) for t in tallied.values())


def test_the_extraction_runs_on_a_local_dask_cluster(tmp_path: Path) -> None:
    import importlib.util
    import sys

    require(importlib.util.find_spec("dask") is not None, "dask[distributed] (a test extra)")

    sys.path.insert(0, str(SEEDS.parent / "benchmarks"))
    from dask.distributed import Client, LocalCluster
    from dask_build import dask_mapper

    docs = _copy_seeds(tmp_path, 3)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        report = run_build([str(docs)], Workspace(tmp_path / "ws"), mapper=dask_mapper(client, batch=2))
    assert report.read == 3 and not report.failed and report.documents == 3


def test_the_graph_in_runs_plans_what_the_whole_graph_plans(built_workspace: Path, tmp_path: Path) -> None:
    """The Neo4j loader fed run by run (kg.pipeline.workspace_runs, never the whole graph in
    memory) writes the rows the whole graph's plan holds: the same nodes with the same
    properties and the same relationships, whatever the size of a run."""
    from kg.pipeline import workspace_runs
    from kg.sinks.neo4j import _run_plans, plan_graph

    ws = Workspace(built_workspace)
    whole = plan_graph(workspace_graph(ws))
    for size in (1, 7):
        shared, runs = workspace_runs(ws, tmp_path / f"runs-{size}", jobs=2, size=size)
        assert len(runs) == -(-len(ws.extraction_shas()) // size)
        nodes: dict = {}
        rels: dict = {}
        for plan in _run_plans(shared, runs):
            nodes.update({n: (r.label, r.props) for n, r in plan.nodes.items()})
            rels.update({k: r.props for k, r in plan.rels.items()})
        assert nodes == {n: (r.label, r.props) for n, r in whole.nodes.items()}
        assert rels == {k: r.props for k, r in whole.rels.items()}


def test_the_store_is_the_same_however_the_parts_are_grouped_for_loading(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Pass 2 bulk-loads the workers' parts a few at a time (kg.pipeline.LOAD_QUADS), the
    shared nodes' lines a run at a time (kg.pipeline.SHARED_RUN): one load per part and a
    few lines per run, or all in one load, leaves the same store; the report gives the CPU
    seconds of every phase, the parent's and its workers'."""
    import kg.pipeline as pipeline

    import pyoxigraph as ox

    docs = _copy_seeds(tmp_path, 5)
    shutil.copy(SEEDS / "corpus" / "001.txt", docs / "国发2019-4.txt")  # the directive the first seed implements: take-ups
    stores = []
    monkeypatch.setattr(pipeline, "TASK_DOCS", 1)  # a part per document
    for size, jobs in ((1, 2), (10**9, 2), (10**9, 1)):
        monkeypatch.setattr(pipeline, "LOAD_QUADS", size)
        monkeypatch.setattr(pipeline, "SHARED_RUN", min(size * 7, 10**9))
        # the take-ups' files loaded as soon as one waits, or when the workers are done
        monkeypatch.setattr(pipeline, "TAKE_UP_LOAD", size)
        monkeypatch.setattr(pipeline, "TAKE_UP_WAIT", size)
        ws = Workspace(tmp_path / f"ws-{size}-{jobs}")
        report = run_build([str(docs)], ws, jobs=jobs)
        stores.append(set(ws.open_store()))
        assert report.quads == len(stores[-1]) and not list((ws.root / "store.parts").glob("*"))
        for phase in ("extract", "index", "pass2", "shared", "store"):
            assert report.cpu[phase] >= 0 and report.cpu[f"{phase} workers"] >= 0
        if jobs > 1:
            assert report.cpu["extract workers"] > 0 and report.cpu["pass2 workers"] > 0
    assert stores[0] == stores[1] == stores[2]
    assert any(q.predicate == ox.NamedNode("https://w3id.org/policy-kg/ontology#localMeasure") for q in stores[0])


def test_the_take_ups_load_once_the_runs_are_done(tmp_path: Path) -> None:
    """Pass 2's take-up files wait for the last run (or for TAKE_UP_WAIT quads), load in a
    thread of their own and are removed; a load that fails is raised by finish(); a pass 2
    that stops loads nothing more."""
    import pyoxigraph as ox

    from kg.pipeline import _Part, _TakeUpLoads

    def part(n: int, quads: int = 1) -> _Part:
        path = tmp_path / f"{n}.takeups.nq"
        path.write_text("".join(f"<urn:t{n}> <urn:p> \"{k}\" .\n" for k in range(quads)), encoding="utf-8")
        return _Part(None, 0, [], take_up_path=str(path), take_up_quads=quads)

    store = ox.Store()
    loads = _TakeUpLoads(store, 3)
    loads.done(part(0, 2))
    loads.done(_Part(None, 0, []))  # a run without take-ups
    assert len(store) == 0  # one run still working
    loads.done(part(1))
    loads.finish()
    assert len(store) == 3 and not list(tmp_path.glob("*.nq"))

    broken = _TakeUpLoads(ox.Store(), 1)
    bad = part(2)
    Path(bad.take_up_path or "").write_text("<urn:a> not n-quads\n", encoding="utf-8")
    broken.done(bad)
    with pytest.raises(Exception):
        broken.finish()

    stopped = _TakeUpLoads(store, 2)
    stopped.done(part(3))
    stopped.stop()
    assert len(store) == 3 and list(tmp_path.glob("3.takeups.nq"))


def test_pass_one_reads_only_the_heads_the_build_did_not_make(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The extraction's workers hand back each document's head as pass 1 would read it from
    the saved extraction, so pass 1 reads none of them; a build that reuses every extraction
    reads them all and leaves the same store."""
    import kg.pipeline as pipeline

    docs = _copy_seeds(tmp_path, 5)
    ws = Workspace(tmp_path / "ws")
    read: list[str] = []
    worker = pipeline._head_worker

    def counting(args):  # type: ignore[no-untyped-def]
        read.extend(args[1])
        return worker(args)

    monkeypatch.setattr(pipeline, "_head_worker", counting)
    made = [pipeline._extract_worker((i, str(f), pipeline.MAX_BYTES, str(ws.root))) for i, f in enumerate(sorted(docs.iterdir()))]
    assert all(d.head is not None and [d.head] == worker((str(ws.root), [d.sha256])) for d in made)
    run_build([str(docs)], ws, jobs=1)  # every extraction reused: pass 1 reads them all
    assert sorted(read) == sorted(d.sha256 for d in made)
    first = set(ws.open_store())
    read.clear()
    again = Workspace(tmp_path / "again")
    run_build([str(docs)], again, jobs=1)  # every extraction made by this build: pass 1 reads none
    assert read == [] and set(again.open_store()) == first


def test_a_store_that_could_not_be_compacted_is_kept_and_reported(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The store compacts in a thread of its own while the shared nodes are written: when
    the compaction fails, the build still publishes the store with every quad and its report
    says what happened (the error is not lost with the thread)."""
    docs = _copy_seeds(tmp_path, 2)
    whole = Workspace(tmp_path / "whole")
    run_build([str(docs)], whole, jobs=1)

    class Uncompactable:
        """A store whose compaction fails; everything else is the real store's."""

        def __init__(self, store):  # type: ignore[no-untyped-def]
            self._store = store

        def optimize(self) -> None:
            raise OSError("no space left on device")

        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return getattr(self._store, name)

    write = Workspace.write_store_with
    monkeypatch.setattr(Workspace, "write_store_with",
                        lambda self, fill, optimize=True: write(self, lambda store: fill(Uncompactable(store)), optimize=optimize))
    ws = Workspace(tmp_path / "ws")
    report = run_build([str(docs)], ws, jobs=1)
    assert [w for w in report.warnings if "compaction failed" in w and "no space left on device" in w]
    assert set(ws.open_store()) == set(whole.open_store())


def test_a_failed_run_of_pass_two_fails_the_build_and_keeps_the_store(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A run of pass 2 that fails (in a worker) fails the build with its error, without
    waiting for the take-ups' loads forever; the workspace's store is the one built before,
    and the parts folder is gone."""
    import kg.pipeline as pipeline

    docs = _copy_seeds(tmp_path, 3)
    shutil.copy(SEEDS / "corpus" / "001.txt", docs / "国发2019-4.txt")
    ws = Workspace(tmp_path / "ws")
    run_build([str(docs)], ws, jobs=2)
    before = set(ws.open_store())
    (docs / "new.txt").write_text((SEEDS / "corpus" / "003.txt").read_text(encoding="utf-8"), encoding="utf-8")
    _FAILING["part"] = pipeline._part_worker
    monkeypatch.setattr(pipeline, "TASK_DOCS", 1)
    monkeypatch.setattr(pipeline, "_part_worker", _failing_part)  # forked workers inherit it
    with pytest.raises(RuntimeError, match="a run failed"):
        run_build([str(docs)], ws, jobs=2)
    assert set(ws.open_store()) == before and not (ws.root / "store.parts").exists()


#: the run function of pass 2 that :func:`_failing_part` calls for the runs that do not fail
_FAILING: dict[str, object] = {}


def _failing_part(args):  # type: ignore[no-untyped-def]
    """Pass 2's run function, failing for the second run (a module's function: the pool
    sends it to the workers by name)."""
    if args[0] == 1:
        raise RuntimeError("a run failed")
    return _FAILING["part"](args)  # type: ignore[operator]
