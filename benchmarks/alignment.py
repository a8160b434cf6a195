"""The cost of the take-up edges in a build: aligning every implements edge of a workspace.

    .venv/bin/python benchmarks/alignment.py /var/tmp/kg-align/laws            # vs the code of main
    .venv/bin/python benchmarks/alignment.py WS --baseline HEAD~3 --json
    .venv/bin/python benchmarks/alignment.py WS --baseline none               # this code only

The workspace must have been built (``kg build``): its store gives the implements edges
the build aligns (``pkg:implements`` between two documents with a content hash, and to a
work held in several versions, with its newest: :func:`edges`), its cached extractions
the measures. The edges are aligned as the build's pass 2 aligns them
(:func:`kg.pipeline._take_up_quads`): grouped by local document, documents in content-hash
order, in one process (the build spreads them over its workers), quads written, the pairs
kept in an empty folder (the workspace's kept pairs would be read back, not aligned). The
code of ``--baseline`` (a git ref: ``kg/align/core.py``, ``sparse.py``, ``graph.py`` and
``learn.py`` with its models as they were, and the patterns of ``kg/extract/regexes.py``;
the other data tables and the RDF writer of this tree) is timed in the same run, before
this code, with the same loading of measures (a cache of 256 documents, as the build's).
Each side runs in a fresh process (``--rounds N``: N times each, the order alternating, the
median kept): in one process the side timed second ran ~20 % faster than the same code
timed first. Figures
are CPU seconds of that process (``time.process_time``) and wall seconds, with the load
average beside them: the machine is shared, quote the ratio.

    .venv/bin/python benchmarks/alignment.py WS --adoption 20

``--adoption N`` times instead the question ``kg adoption`` asks (:func:`kg.questions.find_policy`
then :func:`kg.questions.adoption`, from the workspace's store, in this process) for N local
documents with take-ups spread over the corpus: each asked once cold and then three times,
the median and the slowest of the warm answers in milliseconds (wall), and the median CPU
milliseconds of this process (the store answers in this process: less noisy on a shared machine).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import types
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.models import Measure  # noqa: E402
from kg.workspace import Workspace  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

EDGES = """
PREFIX pkg: <https://w3id.org/policy-kg/ontology#>
SELECT DISTINCT ?child ?parent ?cs ?ps WHERE {
  ?child pkg:implements ?parent . ?child pkg:sha256 ?cs . ?parent pkg:sha256 ?ps .
  FILTER(?child != ?parent)
}"""
#: implements edges to a work (a law held in several versions), with each of its versions:
#: the build aligns such an edge with the newest (:func:`kg.graph.resolve.work_attrs`)
WORK_EDGES = """
PREFIX pkg: <https://w3id.org/policy-kg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT DISTINCT ?child ?cs ?work ?version ?ps ?date WHERE {
  ?child pkg:implements ?work . ?child pkg:sha256 ?cs . ?work eli:is_realized_by ?version .
  ?version pkg:sha256 ?ps . OPTIONAL { ?version eli:date_document ?date }
}"""


def node(iri: str) -> str:
    """A policy node id (``policy:…``) for an IRI of the store."""
    return "policy:" + iri.rsplit("/", 1)[-1]


def edges(ws: Workspace) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(policy node -> content hash, implements edges between documents) of ``ws``'s store:
    the edges the build aligns, those to a work with the work's newest version (by date,
    then node, as :func:`kg.graph.resolve.work_attrs` picks it)."""
    store = ws.open_store()
    documents: dict[str, str] = {}
    out = []
    for r in store.query(EDGES):
        c, p = node(r["child"].value), node(r["parent"].value)
        documents[c], documents[p] = r["cs"].value, r["ps"].value
        out.append((c, p))
    newest: dict[tuple[str, str], tuple[str, str, str]] = {}  # (child, work) -> (date, version, its hash)
    for r in store.query(WORK_EDGES):
        c, v = node(r["child"].value), node(r["version"].value)
        documents[c] = r["cs"].value
        date = r["date"].value if r["date"] is not None else ""
        newest[(c, r["work"].value)] = max(newest.get((c, r["work"].value), ("", "", "")), (date, v, r["ps"].value))
    for (c, _work), (_date, v, sha) in newest.items():
        documents[v] = sha
        if c != v:
            out.append((c, v))
    return documents, sorted(set(out))


def baseline_module(ref: str) -> types.ModuleType:
    """``kg.align.graph`` of git ``ref`` (with its own ``kg.align.core``), as a module apart."""
    def show(path: str) -> str | None:
        out = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout if out.returncode == 0 else None

    ours = {f"from kg.align.{m} import": f"from _baseline_align_{m} import" for m in ("core", "sparse", "learn")}
    ours["from kg.extract.regexes import"] = "from _baseline_extract_regexes import"  # the patterns it was written with

    def load(name: str, path: str) -> types.ModuleType:
        src = show(path)
        assert src is not None, f"{ref}:{path}"
        for a, b in ours.items():
            src = src.replace(a, b)
        spec = importlib.util.spec_from_loader(name, loader=None)
        assert spec is not None
        mod = importlib.util.module_from_spec(spec)
        mod.__file__ = str(ROOT / path)  # its data tables: this tree's kg/data (but the models, below)
        sys.modules[name] = mod
        exec(compile(src, f"{ref}:{path}", "exec"), mod.__dict__)
        return mod

    load("_baseline_extract_regexes", "kg/extract/regexes.py")
    load("_baseline_align_sparse", "kg/align/sparse.py")
    if show("kg/align/learn.py") is not None:  # the learned models of the ref, read by its own code
        learn = load("_baseline_align_learn", "kg/align/learn.py")
        models = Path(tempfile.mkdtemp(prefix="kg-baseline-models-"))
        for attr in ("MODEL_JSON", "MEANING_JSON"):
            if hasattr(learn, attr):
                path = getattr(learn, attr)
                text = show(f"kg/data/{path.name}")
                if text is not None:
                    (models / path.name).write_text(text, encoding="utf-8")
                    setattr(learn, attr, models / path.name)
    load("_baseline_align_core", "kg/align/core.py")
    return load("_baseline_align_graph", "kg/align/graph.py")


def stale_extractions(root: str, documents: dict[str, str], by_local: dict[str, list[tuple[str, str]]]) -> int:
    """How many documents of the edges in ``by_local`` have no kept extraction in the
    workspace at ``root`` (its extractions were made by another extractor)."""
    from kg.workspace import extraction_path

    wanted = {p for edges_ in by_local.values() for edge in edges_ for p in edge if p in documents}
    return sum(not extraction_path(root, documents[p]).exists() for p in wanted)


def run_baseline(graph: types.ModuleType, root: str, documents: dict[str, str], by_local: dict[str, list[tuple[str, str]]],
                 kept: Path) -> int:
    """The quads of every edge with the baseline code, loading, keeping directives and
    keeping the pairs (in the empty folder ``kept``) as the build of that code did."""
    from kg.models import Span
    from kg.sinks.rdf import text_lines
    from kg.workspace import load_extraction_data

    @lru_cache(maxsize=256)
    def load(sha: str) -> list[Measure]:
        data = load_extraction_data(root, sha)
        return [Measure(m["key"], m["number"], m["text"], Span(*m["span"]), m.get("parent"), m.get("kind") or "measure", m.get("heading") or "")
                for m in data.get("measures", [])]

    import inspect

    # quads as N-Quads text, as the build writes them, when the baseline's code can
    text = {"text": True} if "text" in inspect.signature(graph.take_up_quads).parameters else {}
    n = 0
    for local in sorted(by_local, key=lambda p: documents[p]):
        pairs = graph.implements_pairs(by_local[local], lambda x: x in documents)
        quads = graph.take_up_quads(pairs, lambda p: load(documents[p]), key_of=lambda p: ("baseline", documents[p]),
                                    kept=graph.KeptPairs(kept), sha_of=documents.__getitem__, **text)
        n += sum(map(text_lines, quads)) if text else len(list(quads))  # (as text, a string holds an edge's lines)
    return n


def run_current(root: str, documents: dict[str, str], by_local: dict[str, list[tuple[str, str]]], kept: Path) -> int:
    """The quads of every edge as this tree's build makes them, the pairs kept in the empty
    folder ``kept`` (not the workspace's: a build that finds them there aligns nothing)."""
    import kg.pipeline as pipeline
    from kg.align.graph import KeptPairs
    from kg.sinks.rdf import text_lines

    pipeline.kept_pairs = lambda _root: KeptPairs(kept)  # type: ignore[assignment]
    n = 0
    for local in sorted(by_local, key=lambda p: documents[p]):
        n += sum(map(text_lines, pipeline._take_up_quads(root, documents, by_local[local])))  # a string holds an edge's lines
    return n


def timed(fn: Callable[[], int]) -> dict[str, Any]:
    load = os.getloadavg()[0]
    cpu, wall = time.process_time(), time.perf_counter()
    quads = fn()
    return {"cpu_s": round(time.process_time() - cpu, 2), "wall_s": round(time.perf_counter() - wall, 2),
            "quads": quads, "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}


LOCALS = """
PREFIX pkg: <https://w3id.org/policy-kg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT DISTINCT ?policy ?number WHERE { ?t pkg:localMeasure ?m . ?m eli:is_part_of ?policy .
  ?policy eli:id_local ?number } ORDER BY ?policy"""


def adoption_latency(ws: Workspace, n: int) -> dict[str, Any]:
    """Milliseconds to answer ``kg adoption NUMBER`` for ``n`` local documents."""
    import statistics

    from kg.queries import StoreRows
    from kg.questions import adoption, find_policy

    store = ws.open_store()
    locals_ = [(r["policy"].value, r["number"].value) for r in store.query(LOCALS)]
    step = max(1, len(locals_) // max(n, 1))
    picked = locals_[::step][:n]
    source = StoreRows(store)
    cold, warm, cpu, pairs = [], [], [], 0
    for _, number in picked:
        for k in range(4):
            t, c = time.perf_counter(), time.process_time()
            found = adoption(source, find_policy(source, number))
            (cold if k == 0 else warm).append((time.perf_counter() - t) * 1000)
            if k:
                cpu.append((time.process_time() - c) * 1000)
        pairs += len(found.pairs)
    ms = lambda xs: round(statistics.median(xs), 1) if xs else None  # noqa: E731
    return {"documents_with_take_ups": len(locals_), "asked": len(picked), "pairs": pairs,
            "cold_median_ms": ms(cold), "warm_median_ms": ms(warm), "warm_max_ms": round(max(warm), 1) if warm else None,
            "warm_cpu_median_ms": ms(cpu),
            "load": round(os.getloadavg()[0], 2)}


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--baseline", default="main", help="git ref of the code to compare with ('none': skip)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N local documents")
    ap.add_argument("--adoption", type=int, default=0, metavar="N", help="time kg adoption for N local documents instead")
    ap.add_argument("--rounds", type=int, default=1, help="time each side N times (fresh processes, order alternating); the median is kept")
    ap.add_argument("--side", choices=("baseline", "current"), help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    ws = Workspace(args.workspace)
    if args.adoption:
        print(json.dumps({"workspace": str(ws.root), **adoption_latency(ws, args.adoption)}, ensure_ascii=False, indent=None if not args.json else 2))
        return
    root = str(ws.root)
    documents, pairs = edges(ws)
    by_local: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for u, v in pairs:
        by_local[u].append((u, v))
    if args.limit:
        keep = sorted(by_local, key=lambda p: documents[p])[: args.limit]
        by_local = defaultdict(list, {k: by_local[k] for k in keep})
    stale = stale_extractions(root, documents, by_local)
    if stale:
        sys.exit(f"{root}: {stale} of the documents in its store have no kept extraction under this "
                 f"code's extractor (the workspace was built by other code): run `kg build` on it again")
    out: dict[str, Any] = {"workspace": root, "documents": len(documents), "local_documents": len(by_local),
                           "edges": sum(map(len, by_local.values()))}
    if args.side:  # one side, in this process (started by the run below)
        with tempfile.TemporaryDirectory(prefix="kg-align-bench-") as tmp:
            if args.side == "baseline":
                graph = baseline_module(args.baseline)
                print(json.dumps(timed(lambda: run_baseline(graph, root, documents, by_local, Path(tmp) / "baseline"))))
            else:
                print(json.dumps(timed(lambda: run_current(root, documents, by_local, Path(tmp) / "current"))))
        return
    # each side in a fresh process, the two alternating: a side run second in one process
    # finds the caches and the allocator warm (the same code timed twice: 0.79 the second time)
    sides = ["current"] if args.baseline == "none" else ["baseline", "current"]
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in sides}
    for r in range(args.rounds):
        for side in sides if r % 2 == 0 else sides[::-1]:
            cmd = [sys.executable, __file__, str(args.workspace), "--side", side, "--baseline", args.baseline, "--limit", str(args.limit)]
            runs[side].append(json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()[-1]))
    for side, rs in runs.items():
        med = sorted(rs, key=lambda x: x["cpu_s"])[len(rs) // 2]
        out[side] = ({"ref": args.baseline} if side == "baseline" else {}) | med | {"cpu_s_runs": [x["cpu_s"] for x in rs]}
    if "baseline" in out and out["current"]["cpu_s"]:
        out["cpu_ratio"] = round(out["current"]["cpu_s"] / out["baseline"]["cpu_s"], 3)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    print(f"{out['edges']} implements edges between documents, {out['local_documents']} local documents ({root})")
    for k in ("baseline", "current"):
        if k in out:
            r = out[k]
            print(f"  {k:9s} {r['cpu_s']:8.2f} s CPU  {r['wall_s']:8.2f} s wall  {r['quads']} quads  load {r['load_before']}→{r['load_after']}")
    if "cpu_ratio" in out:
        print(f"  current / baseline (CPU): {out['cpu_ratio']}")


if __name__ == "__main__":
    main()
