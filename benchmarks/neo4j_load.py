"""Load rate of the batched Neo4j loader against one MERGE per row, and query latencies.

    .venv/bin/python benchmarks/neo4j_load.py                  # seeds × 6: ~10k nodes, ~23k relationships
    .venv/bin/python benchmarks/neo4j_load.py --copies 2 --per-row-limit 3000   # a quick run

The graph is the seeds' (a workspace built from seeds/, or ``--workspace DIR``) replicated
``--copies`` times with renamed keys (``沈政发〔2021〕14号#3``, ``沈阳市教育局#3`` …: every copy has its
own policies, measures, departments and targets; regions and levels are shared), so both loaders
write the same rows (:func:`kg.sinks.neo4j.plan_graph`):

* ``batched`` — :func:`kg.sinks.neo4j.load_plan`, what ``kg load-neo4j`` runs: uniqueness
  constraints, ``UNWIND $rows AS row MERGE …`` statements of ``--batch-size`` rows, a few whole
  documents per managed transaction, stale parts removed;
* ``per-row`` — the classic way: one auto-committed ``MERGE`` statement per node and per
  relationship (labelled, with the same constraints in place, so only the batching differs).
  ``--per-row-limit N`` times only the first N rows and extrapolates (said so in the output).

Both are warmed up first (one batched load of the graph, 2,000 per-row MERGEs: the server plans
each statement once and compiles its hot paths), then timed on the whole graph in the same run; the speed-up printed is the ratio of the
two rates. Then the latencies of the questions on Neo4j — the named Cypher query alone, and the
question as ``kg lineage --neo4j`` … runs it (the twin's rows through the same Python as the
SPARQL path) — beside the embedded store (pyoxigraph, in memory): lineage, implementers and the
department ranking; median and 95th percentile of ``--runs`` runs.

The server: NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (its database is overwritten: the loader's
labels are deleted), else a throw-away one started from tools/neo4j (tests/neo4j_server.py) with
the full JIT (``NEO4J_JAVA_OPTS`` unset; the tests' server runs C1 only, to start quicker) and
stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from kg.graph.resolve import implements_graph, longest_chain  # noqa: E402
from kg.sinks import neo4j as sink  # noqa: E402


def replicate(g: nx.MultiDiGraph, copies: int) -> nx.MultiDiGraph:
    """``copies`` disjoint copies of ``g``: policy keys, numbers, titles, department and
    institution names get ``#i``; measures and targets follow their policy."""
    out = nx.MultiDiGraph()
    for i in range(copies):
        tag = f"#{i}"

        def rename(node: str) -> str:
            kind, _, key = node.partition(":")
            if kind in ("policy", "department", "institution"):
                return f"{kind}:{key}{tag}"
            pol = g.nodes[node].get("policy")
            if kind in ("measure", "target") and pol:
                pkey = pol.split(":", 1)[1]
                return f"{kind}:{pkey}{tag}{key[len(pkey):]}"
            return f"{kind}:{key}{tag}"

        for node, d in g.nodes(data=True):
            a = dict(d)
            for k in ("number", "title", "name"):
                if a.get(k):
                    a[k] = f"{a[k]}{tag}"
            if a.get("aliases"):
                a["aliases"] = [f"{x}{tag}" for x in a["aliases"]]
            if a.get("policy"):
                a["policy"] = rename(a["policy"])
            if a.get("source"):
                a["source"] = f"{a['source']}{tag}"
            out.add_node(rename(node), **a)
        for u, v, k, d in g.edges(keys=True, data=True):
            a = dict(d)
            if a.get("policy"):
                a["policy"] = rename(a["policy"])
            out.add_edge(rename(u), rename(v), key=k, **a)
    return out


def wipe(driver: Any, database: str | None) -> None:
    """Delete the loader's nodes (and so their relationships), in batches."""
    labels = " OR ".join(f"n:{label}" for label in sorted(sink.LABELS.values()))
    while True:
        recs, _, _ = driver.execute_query(
            f"MATCH (n) WHERE {labels} WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n", database_=database)
        if not recs[0]["n"]:
            return


def load_per_row(driver: Any, plan: sink.GraphPlan, database: str | None, limit: int | None) -> tuple[int, float]:
    """One auto-commit MERGE per node, then per relationship; (rows written, seconds)."""
    rows: list[tuple[str, dict[str, Any]]] = []
    for n in plan.nodes.values():
        rows.append((f"MERGE (n:{n.label} {{id: $id}}) SET n = $props, n.load = $load", {"id": n.id, "props": n.props}))
    for r in plan.rels.values():
        rows.append((f"MATCH (a:{r.start_label} {{id: $a}}) MATCH (b:{r.end_label} {{id: $b}}) "
                     f"MERGE (a)-[x:{r.type}]->(b) SET x = $props, x.load = $load",
                     {"a": r.start, "b": r.end, "props": r.props}))
    if limit:
        rows = rows[:limit]
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for text, params in rows:
            session.run(text, params, load="per-row").consume()
    return len(rows), time.perf_counter() - start


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    """(median, 95th percentile) in milliseconds, after two warm-up runs."""
    for _ in range(2):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def build_seeds() -> Path:
    from kg.pipeline import run_build
    from kg.workspace import Workspace

    ws = Path(tempfile.mkdtemp(prefix="kg-bench-")) / "ws"
    report = run_build([str(ROOT / "seeds")], Workspace(ws), jobs=2)
    if report.failed:
        raise SystemExit(f"building the seeds failed: {report.failed}")
    return ws


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workspace", type=Path, help="a built workspace (default: build seeds/ into a temporary one)")
    ap.add_argument("--copies", type=int, default=6, help="copies of the graph (default 6: ~10k nodes, ~23k relationships)")
    ap.add_argument("--batch-size", type=int, default=sink.DEFAULT_BATCH_SIZE)
    ap.add_argument("--per-row-limit", type=int, default=0, help="time only this many per-row MERGEs and extrapolate (0: all)")
    ap.add_argument("--repeat", type=int, default=3, help="batched loads to take the median of (default 3)")
    ap.add_argument("--runs", type=int, default=20, help="runs per query latency")
    args = ap.parse_args()

    from kg.workspace import Workspace

    started = None
    keys = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")
    if all(os.environ.get(k) for k in keys):
        env = {k: os.environ[k] for k in keys}
    else:
        from tests import neo4j_server

        if not neo4j_server.available():
            raise SystemExit("no Neo4j: set NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD, or install Java 17+ and Maven")
        os.environ.setdefault("NEO4J_JAVA_OPTS", "")  # full JIT (the tests' server runs C1 only)
        print("starting a throw-away Neo4j (tools/neo4j, full JIT) …", flush=True)
        started = env = neo4j_server.start()
    try:
        settings = sink.settings_from(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"], os.environ.get("NEO4J_DATABASE"))
        driver = sink.connect(settings, retry_seconds=60)
        db = settings.database
        ws = args.workspace or build_seeds()
        base = Workspace(ws).graph()
        if not any(d.get("type") == "Policy" for _, d in base.nodes(data=True)):
            raise SystemExit(f"{ws} holds no graph (built by another version of the extractor?): run `kg build seeds -w {ws}`")
        g = replicate(base, args.copies)
        plan = sink.plan_graph(g)
        n_nodes, n_rels = len(plan.nodes), len(plan.rels)
        print(f"graph: {args.workspace or 'the seeds'} × {args.copies} = {n_nodes:,} nodes, {n_rels:,} relationships ({plan.size:,} rows)")
        print(f"server: {driver.get_server_info().agent} at {settings.safe_uri}")

        # warm-up: the server plans each statement once and its JIT compiles the hot paths, so
        # what is timed is steady work: one batched load of the whole graph, 2,000 per-row MERGEs
        wipe(driver, db)
        sink.load_plan(driver, plan, database=db, batch_size=args.batch_size)
        wipe(driver, db)
        load_per_row(driver, plan, db, 2000)
        wipe(driver, db)
        print("warm-up done (one batched load of the graph and 2,000 per-row MERGEs, then wiped)")

        reports = []
        for _ in range(args.repeat):
            wipe(driver, db)
            reports.append(sink.load_plan(driver, plan, database=db, batch_size=args.batch_size))
        report = sorted(reports, key=lambda r: r.seconds)[len(reports) // 2]
        print(f"batched UNWIND: {report.written:,} rows in {report.seconds:,.2f} s = {report.rate:,.0f} rows/s "
              f"(median of {len(reports)} loads into an empty database: {', '.join(f'{r.seconds:.2f}' for r in reports)} s; "
              f"{report.batches} transactions, ≤{args.batch_size} rows a statement; schema and removal of stale parts included)")
        wipe(driver, db)
        sink.ensure_schema(driver, db)
        rows, secs = load_per_row(driver, plan, db, args.per_row_limit or None)
        per_row_rate = rows / secs
        note = f" (first {rows:,} rows, extrapolated: {plan.size / per_row_rate:,.1f} s for all)" if rows < plan.size else ""
        print(f"per-row MERGE : {rows:,} rows in {secs:,.2f} s = {per_row_rate:,.0f} rows/s{note}")

        again = sink.load_plan(driver, plan, database=db, batch_size=args.batch_size)
        nodes, rels = sink.graph_counts(driver, db)
        same = (nodes, rels) == (plan.node_counts(), plan.rel_counts())
        print(f"batched reload: {again.seconds:,.2f} s, counts {'unchanged' if same else 'CHANGED'} "
              f"({sum(nodes.values()):,} nodes, {sum(rels.values()):,} relationships)")
        ratio = report.rate / per_row_rate
        verdict = "met" if ratio >= 20 else f"missed by {20 - ratio:.1f}× ({ratio / 20:.0%} of it)"
        print(f"speed-up      : {ratio:,.1f}× (batched rows/s ÷ per-row rows/s, both measured in this run); goal ≥ 20×: {verdict}")

        query_latencies(driver, db, base, g, args.runs)
        wipe(driver, db)
        driver.close()
    finally:
        if started is not None:
            neo4j_server.stop(started)


def query_latencies(driver: Any, db: str | None, base: nx.MultiDiGraph, g: nx.MultiDiGraph, runs: int) -> None:
    """Print the latencies of the questions on Neo4j (the Cypher twin alone, and the question
    through kg.questions) beside the embedded store holding the same graph ``g``."""
    import pyoxigraph

    from kg.queries import Neo4jRows, StoreRows
    from kg.questions import departments, implementers, lineage
    from kg.sinks.rdf import graph_quads

    embedded = pyoxigraph.Store()
    embedded.bulk_extend(list(graph_quads(g)))
    store, neo = StoreRows(embedded), Neo4jRows(sink.Neo4jStore(driver, db))
    chain = longest_chain(base)
    h = implements_graph(base)
    top = max(h.nodes, key=lambda n: len(nx.ancestors(h, n)))
    leaf_ref, root_ref = _ref(g, chain[0] + "#0"), _ref(g, top + "#0")
    print(f"queries, ms (median / p95 of {runs} runs): lineage of {leaf_ref.number or leaf_ref.title}, "
          f"implementers of {root_ref.number or root_ref.title}, department ranking (all departments)")
    print(f"  {'':20s} {'Neo4j: Cypher':>16s} {'Neo4j: question':>16s} {'embedded':>16s}")
    questions = (
        ("lineage", "lineage", {"policy": leaf_ref.iri}, lambda s: lineage(s, leaf_ref)),
        ("implementers", "implementers", {"policy": root_ref.iri}, lambda s: implementers(s, root_ref)),
        ("department ranking", "departments", {}, lambda s: departments(s)),
    )
    for label, name, params, fn in questions:
        text = sink.load_cypher(f"{name}.cypher")[0]
        c_med, c_p95 = timed(lambda: sink.run_cypher(driver, text, params, database=db), runs)
        n_med, n_p95 = timed(lambda: fn(neo), runs)
        e_med, e_p95 = timed(lambda: fn(store), runs)
        print(f"  {label:20s} {c_med:7.1f} / {c_p95:6.1f} {n_med:7.1f} / {n_p95:6.1f} {e_med:7.1f} / {e_p95:6.1f}")
    print("  (Cypher: the named query alone; question: what `kg … --neo4j` runs, the twin's rows through the\n"
          "   same Python as the SPARQL path; embedded: the same question on pyoxigraph in memory)")


def _ref(g: nx.MultiDiGraph, node: str) -> Any:
    from kg.questions import PolicyRef
    from kg.sinks.rdf import node_iri

    d = g.nodes[node]
    return PolicyRef(node_iri(node).value, d.get("number"), d.get("title"), d.get("level"), d.get("region"), bool(d.get("stub")))


if __name__ == "__main__":
    main()
