"""Embedded store (pyoxigraph) against rdflib's in-memory store, on the same data.

The seeds + corpus graph (built into a temporary workspace, or read from --workspace) is
replicated until it holds at least --triples triples: copy i puts every resource under
``…/id/cI/…`` (the vocabulary and the level concepts stay shared), and links its copy of each
national directive to the previous copy's, so implements chains run through the copies.
Both stores then load the same N-Triples bytes and answer the same queries; each figure is
the median of --repeat runs (after one untimed query each, which builds rdflib's SPARQL
parser) and the ratio is pyoxigraph's time over rdflib's in this run.

    .venv/bin/python benchmarks/rdf_store.py                  # ~100k triples
    .venv/bin/python benchmarks/rdf_store.py --triples 500000 --repeat 5

Queries: ``closure`` counts every pkg:implements+ pair (a lineage-style property path over
the whole graph); ``lineage`` and ``implementers`` are the named queries of queries/ with
the policy bound (pyoxigraph substitutions; rdflib initBindings).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from kg.queries import load_query  # noqa: E402
from kg.sinks.rdf import ID, PKG, graph_quads, policy_iri  # noqa: E402

CLOSURE = "PREFIX pkg: <%s> SELECT (COUNT(*) AS ?n) WHERE { ?a pkg:implements+ ?b }" % PKG
LEAF = "锡教发〔2020〕86号"  # a city plan: its lineage runs up through every copy
DIRECTIVE = "国发〔2019〕4号"  # the national directive: its implementers, in every copy


def build_graph(workspace: Path | None):  # type: ignore[no-untyped-def]
    from kg.pipeline import run_build, workspace_graph
    from kg.workspace import Workspace

    if workspace is not None:
        return workspace_graph(Workspace(workspace))
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp) / "ws")
        report = run_build([str(ROOT / "seeds")], ws, jobs=2)
        if report.failed:
            raise SystemExit(f"build failed: {report.failed}")
        return workspace_graph(ws)


def replicate(base: list[ox.Quad], triples: int) -> tuple[bytes, int]:
    """N-Triples of ``base`` copied until at least ``triples`` triples; (data, copies)."""
    one = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in base), format=ox.RdfFormat.N_TRIPLES)
    lines = one.splitlines(keepends=True)
    copies = max(1, -(-triples // len(lines)))
    national = [q.subject.value for q in base
                if q.predicate.value == PKG + "level" and q.object.value == PKG + "level-national"]
    out = []
    for i in range(copies):
        prefix = f"{ID}c{i}/".encode()
        out.append(one.replace(ID.encode(), prefix))
        if i:
            for iri in national:
                here, before = iri.replace(ID, f"{ID}c{i}/"), iri.replace(ID, f"{ID}c{i - 1}/")
                out.append(f"<{here}> <{PKG}implements> <{before}> .\n".encode())
    return b"".join(out), copies


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=100_000, help="at least this many triples (default 100000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is shown (default 3)")
    ap.add_argument("--workspace", type=Path, help="a built workspace to take the graph from (default: build seeds/)")
    args = ap.parse_args()

    g = build_graph(args.workspace)
    base = list(graph_quads(g))
    data, copies = replicate(base, args.triples)
    n_triples = data.count(b"\n")
    print(f"data: seeds + corpus ({len(base)} triples) × {copies} copies + links = {n_triples} N-Triples lines "
          f"({len(data) / 2**20:.1f} MiB); median of {args.repeat} runs")
    print(f"lineage of {LEAF} in the last copy; implementers of {DIRECTIVE} in copy 0\n")

    rows: list[tuple[str, float, float, str]] = []

    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10_000))

        def load_ox() -> ox.Store:
            store = ox.Store(str(Path(tmp) / f"store{next(counter)}"))
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
            store.flush()
            return store

        def load_rdflib() -> rdflib.Graph:
            return rdflib.Graph().parse(data=data, format="nt")

        t_ox, store = timed(load_ox, args.repeat)
        t_rl, graph = timed(load_rdflib, args.repeat)
        rows.append(("load (N-Triples → store)", t_ox, t_rl, f"{len(store)} / {len(graph)} triples"))

        # one untimed query each: rdflib builds its SPARQL parser on first use
        bool(store.query("ASK { ?s ?p ?o }"))
        list(graph.query("ASK { ?s ?p ?o }"))

        leaf = policy_iri(LEAF).value.replace(ID, f"{ID}c{copies - 1}/")
        directive = policy_iri(DIRECTIVE).value.replace(ID, f"{ID}c0/")
        queries = [
            ("closure: implements+ pairs", CLOSURE, {}),
            ("lineage of a city plan (last copy)", load_query("lineage"), {"policy": leaf}),
            ("implementers of a directive (copy 0)", load_query("implementers"), {"policy": directive}),
        ]
        for label, text, params in queries:
            subs = {ox.Variable(k): ox.NamedNode(v) for k, v in params.items()}
            init = {k: rdflib.URIRef(v) for k, v in params.items()}
            t_ox, r_ox = timed(lambda s=store: list(s.query(text, substitutions=subs)), args.repeat)
            t_rl, r_rl = timed(lambda: list(graph.query(text, initBindings=init)), args.repeat)
            if text is CLOSURE:
                note = f"{r_ox[0]['n'].value} / {r_rl[0][0]} pairs"
            else:
                note = f"{len(r_ox)} / {len(r_rl)} rows"
            rows.append((label, t_ox, t_rl, note))
        del store

    w = max(len(r[0]) for r in rows)
    print(f"{'operation':<{w}}  {'pyoxigraph':>11}  {'rdflib':>10}  {'ratio':>7}  {'speed-up':>8}  results (oxigraph / rdflib)")
    for label, t_ox, t_rl, note in rows:
        print(f"{label:<{w}}  {t_ox * 1000:>9.1f}ms  {t_rl * 1000:>8.1f}ms  {t_ox / t_rl:>7.3f}  {t_rl / t_ox:>7.1f}×  {note}")
    print("\nratio: pyoxigraph time / rdflib time in this run (below 1: the embedded store is faster).")


if __name__ == "__main__":
    main()
