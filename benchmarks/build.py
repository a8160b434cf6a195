"""End-to-end ``kg build`` at scale, store load rate, peak memory and query latency.

    .venv/bin/python benchmarks/build.py                          # 1k and 10k documents
    .venv/bin/python benchmarks/build.py --sizes 1000 10000 100000 --work /var/tmp/kg-bench
    .venv/bin/python benchmarks/build.py --sizes 1000 --queries-only   # reuse built workspaces

For each size N a synthetic corpus of N documents (:mod:`kg.synth`, seed ``--seed``) is
written once under ``--work`` and built from scratch into a fresh workspace by
``kg.pipeline.run_build`` in a child process (the way ``kg build`` runs it). Measured, each
beside a baseline of the same run:

* **build** — wall seconds, the extraction phase and the phases of the streaming
  resolution (index, pieces, store load, shared nodes, the compaction's wait, flush + swap); baseline:
  the same build with one process (``-j 1``, at the smallest size only);
* **peak memory** — the largest resident set of the parent and of any worker
  (``resource.getrusage``); baseline: the earlier in-memory resolution (every extraction
  loaded, ``build_graph`` over all of them, the whole quad list, one ``bulk_extend``) on the
  same workspace, where it fits (sizes up to ``--baseline-max``);
* **store load rate** — quads per second of the streaming load (while the workers make the
  quads); baselines: pyoxigraph's own ``bulk_load`` of the finished store's N-Quads dump into
  an empty store, alone, and rdflib's in-memory ``Graph`` parsing the same triples (sizes up
  to ``--rdflib-max``);
* **query latency** — median of ``--repeat`` runs after one warm-up, through
  :mod:`kg.questions` on the named queries: ``find_policy`` (by number), ``lineage`` of a
  county plan, ``implementers`` of the national directive, a provincial and a city plan,
  the department ranking (``queries/departments.rq`` + ``rank_departments``) of the whole
  graph and of one region; baselines: the same questions on the seed workspace (31
  documents) built in the same run, and lineage and implementers as the same named queries
  on rdflib's in-memory graph (sizes up to ``--rdflib-max``).

The Neo4j load rate (batched loader against per-row MERGE) and the latencies there are
``benchmarks/neo4j_load.py --workspace WS --copies 1`` on a workspace built here.

Sizes that do not finish inside ``--budget-minutes`` are stopped; the table then gives
figures extrapolated from the largest two sizes that finished (a power law through them), marked ``~``.
The goals (lineage and implementers under 50 ms at 100k documents, bounded memory,
near-linear extraction on 2 cores) are checked at the end, with the distance when missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable

BUILD = textwrap.dedent("""
    import json, resource, sys, time
    from kg.pipeline import run_build
    from kg.workspace import Workspace
    docs, ws, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    t = time.perf_counter()
    r = run_build([docs], Workspace(ws), jobs=jobs)
    wall = time.perf_counter() - t
    resolve = sum(r.timings.values())
    print(json.dumps({"wall": wall, "extract": wall - resolve, "timings": r.timings, "cpu": r.cpu, "read": r.read, "failed": len(r.failed),
                      "documents": r.documents, "stubs": r.stubs, "quads": r.quads, "measures": r.measures,
                      "chain": [c["level"] for c in r.longest_chain],
                      "rss_parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
""")

IN_MEMORY = textwrap.dedent("""
    import json, resource, shutil, sys, time
    import pyoxigraph
    from kg.graph.resolve import build_graph
    from kg.sinks.rdf import graph_quads
    from kg.workspace import Workspace
    ws, out = Workspace(sys.argv[1]), sys.argv[2]
    t = time.perf_counter()
    extractions = ws.extractions()
    g = build_graph(extractions)
    quads = list(graph_quads(g))
    store = pyoxigraph.Store(out)
    store.bulk_extend(quads)
    store.flush()
    print(json.dumps({"wall": time.perf_counter() - t, "quads": len(quads),
                      "rss_parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")

RAW_LOAD = textwrap.dedent("""
    import json, sys, time
    import pyoxigraph
    from kg.workspace import Workspace
    src = Workspace(sys.argv[1]).open_store()
    dump = sys.argv[2] + ".nq"
    src.dump(output=dump, format=pyoxigraph.RdfFormat.N_QUADS)
    del src
    store = pyoxigraph.Store(sys.argv[2])
    t = time.perf_counter()
    store.bulk_load(path=dump, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
    store.flush()
    seconds = time.perf_counter() - t
    print(json.dumps({"seconds": seconds, "quads": len(store)}))
""")


def generator_fingerprint() -> str:
    """A hash of what writes the synthetic corpus (kg/synth.py and the data tables it reads),
    so a corpus written by an earlier generator is written again."""
    import hashlib

    h = hashlib.sha256()
    for f in [ROOT / "kg" / "synth.py", ROOT / "kg" / "reference.py", *sorted((ROOT / "kg" / "data").iterdir())]:
        if f.is_file():
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:16]


def ensure_corpus(corpus: Path, n: int, seed: int, reuse_any: bool = False) -> dict[str, Any]:
    """The corpus of ``n`` documents (seed ``seed``) at ``corpus``: reused when this generator
    wrote it (``generator.json``; with ``reuse_any``, whichever wrote it: its workspace was
    built from it), else written anew. Returns its size in MB and the seconds writing took."""
    from kg.synth import write_corpus

    stamp = corpus / "generator.json"  # not a document kg build reads
    if (corpus / "truth.jsonl").exists() and (reuse_any or (stamp.exists() and json.loads(stamp.read_text()) == generator_fingerprint())):
        return {"mb": sum(f.stat().st_size for f in corpus.rglob("*") if f.suffix in (".txt", ".html")) / 2**20}
    t = time.perf_counter()
    shutil.rmtree(corpus, ignore_errors=True)
    rep = write_corpus(corpus, n, seed)
    stamp.write_text(json.dumps(generator_fingerprint()) + "\n")
    return {"synth_s": time.perf_counter() - t, "mb": rep.bytes / 2**20}


def run_child(code: str, *args: str, timeout: float | None = None) -> dict[str, Any] | None:
    """Run ``code`` in a fresh interpreter; its last line of output is JSON. None on timeout."""
    try:
        done = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# rdflib's in-memory graph, the baseline of the embedded store: the finished store's triples
# loaded into it, then the same named queries, parameters as rdflib's initBindings
RDFLIB = textwrap.dedent("""
    import json, resource, statistics, sys, time
    import pyoxigraph, rdflib
    from rdflib.plugins.sparql import prepareQuery
    from kg.queries import load_query
    from kg.workspace import Workspace
    ws, dump, county, national = sys.argv[1:5]
    src = Workspace(ws).open_store()
    src.dump(output=dump, format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    iri = {n: next(src.quads_for_pattern(None, pyoxigraph.NamedNode("http://data.europa.eu/eli/ontology#id_local"), pyoxigraph.Literal(n))).subject.value
           for n in (county, national)}
    del src
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    g = rdflib.Graph()
    g.parse(dump, format="nt")
    load = time.perf_counter() - t
    out = {"load_s": load, "triples": len(g), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before}
    for name, number in (("lineage", county), ("implementers", national)):
        q = prepareQuery(load_query(name))
        times = []
        for _ in range(3):
            t = time.perf_counter()
            rows = list(g.query(q, initBindings={"policy": rdflib.URIRef(iri[number])}))
            times.append(time.perf_counter() - t)
        out[name] = {"ms": statistics.median(times) * 1000, "rows": len(rows)}
    print(json.dumps(out))
""")


def pick_numbers(truth: list[dict[str, Any]]) -> dict[str, str]:
    """The policies the questions are asked of: a county plan with two parents, the national
    directive, the province and the city with the most direct implementers."""
    from collections import Counter

    by_level: dict[str, list[dict[str, Any]]] = {}
    for t in truth:
        by_level.setdefault(t["policy"]["level"], []).append(t)
    counties = by_level.get("county", [])
    county = next((t for t in counties[len(counties) // 2:] if len(t["parents"]) == 2), counties[0])
    children = Counter(p for c in truth for p in c["parents"])  # counted once: asking per policy is quadratic
    province = max(by_level["province"], key=lambda t: children[t["policy"]["doc_number"]])
    city = max(by_level.get("city", by_level["province"]), key=lambda t: children[t["policy"]["doc_number"]])
    return {"county": county["policy"]["doc_number"], "national": by_level["national"][0]["policy"]["doc_number"],
            "province": province["policy"]["doc_number"], "city": city["policy"]["doc_number"], "region": county["policy"]["region"]}


def median_ms(f: Any, repeat: int) -> tuple[float, Any]:
    """Median milliseconds of ``repeat`` runs after a warm-up run (which gives the answer); a
    question whose warm-up took over 10 s is timed by that one run."""
    t = time.perf_counter()
    result = f()
    first = time.perf_counter() - t
    if first > 10:
        return first * 1000, result
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, result


def province_of(region: str) -> str:
    """The province a region lies in (the last of its chain), for the regional ranking."""
    from kg.questions import region_chain

    chain = region_chain(region)
    return chain[-1] if chain else region


#: questions left out of a run (``--skip``)
SKIP: set[str] = set()


def ask_questions(source: Any, numbers: dict[str, str], province: str, repeat: int) -> dict[str, dict[str, Any]]:
    """Latency (ms) and answer size of the questions as the commands ask them (:mod:`kg.questions`)
    on one source: the embedded store, or Neo4j."""
    from kg.questions import (DepartmentRef, Page, adoption, department_ranking, implementers, implementers_page, lineage, partners,
                              policy_candidates, status, targets_by_year, uptake)

    refs = {}
    out: dict[str, dict[str, Any]] = {}
    for level, number in numbers.items():
        ms, found = median_ms(lambda number=number: [p for p, _ in policy_candidates(source, number) if p.number == number], repeat)
        refs[level] = found[0]
        if level == "county":
            out["find_policy (number)"] = {"ms": ms, "rows": len(found)}
    ms, tree = median_ms(lambda: lineage(source, refs["county"]), repeat)
    out["lineage (county plan)"] = {"ms": ms, "rows": len(tree.iris()) - 1}
    ms, page = median_ms(lambda: implementers_page(source, refs["national"], Page(50)), repeat)
    out["implementers, first page (national)"] = {"ms": ms, "rows": len(page.rows), "total": page.total}
    ms, page = median_ms(lambda: implementers_page(source, refs["national"], Page(50), count=False), repeat)
    out["implementers, first page, no total (national)"] = {"ms": ms, "rows": len(page.rows)}
    for level in ("national", "province", "city"):
        ms, found = median_ms(lambda level=level: implementers(source, refs[level]), max(1, repeat // 3))
        out[f"implementers, all ({level})"] = {"ms": ms, "rows": len(found)}
    ms, ranked = median_ms(lambda: department_ranking(source, page=Page(50)), repeat)
    out["department ranking (all), first page"] = {"ms": ms, "rows": len(ranked.rows), "total": ranked.total}
    ms, every = median_ms(lambda: department_ranking(source), max(1, repeat // 3))
    out["department ranking (all), every row"] = {"ms": ms, "rows": len(every.rows)}
    ms, ranked = median_ms(lambda: department_ranking(source, region=province, page=Page(50)), repeat)
    out["department ranking (province), first page"] = {"ms": ms, "rows": len(ranked.rows), "total": ranked.total,
                                                          "region": province}
    ms, ranked = median_ms(lambda: department_ranking(source, role="lead", page=Page(50)), repeat)
    out["department ranking (role lead), first page"] = {"ms": ms, "rows": len(ranked.rows), "total": ranked.total}
    ms, ranked = median_ms(lambda: department_ranking(source, region=province, role="lead", page=Page(50)), repeat)
    out["department ranking (province, role lead), first page"] = {"ms": ms, "rows": len(ranked.rows), "total": ranked.total}
    ms, ranked = median_ms(lambda: department_ranking(source, page=Page(50), include_groups=True), repeat)
    out["department ranking (all, collective names in), first page"] = {"ms": ms, "rows": len(ranked.rows), "total": ranked.total}
    top = every.rows[0] if every.rows else None
    if top is not None:
        ms, found = median_ms(lambda: partners(source, DepartmentRef(top.iri, top.name)), repeat)
        out["partners (top department)"] = {"ms": ms, "rows": len(found), "department": top.name}
    ms, years = median_ms(lambda: targets_by_year(source), repeat)
    out["targets by year"] = {"ms": ms, "rows": len(years)}
    ms, page = median_ms(lambda: implementers_page(source, refs["national"], Page(50), in_force=True), max(1, repeat // 3))
    out["implementers --in-force, first page (national)"] = {"ms": ms, "rows": len(page.rows), "total": page.total}
    ms, rep = median_ms(lambda: status(source, refs["county"]), repeat)
    out["status (county plan)"] = {"ms": ms, "rows": 1}
    if "adoption" not in SKIP:
        ms, adopted = median_ms(lambda: adoption(source, refs["county"]), repeat)
        out["adoption (county plan)"] = {"ms": ms, "rows": len(adopted.pairs)}
    for by in ("province", "city", "level"):
        ms, up = median_ms(lambda by=by: uptake(source, refs["national"], by), max(1, repeat // 3))
        out[f"uptake by {by} (national)"] = {"ms": ms, "rows": len(up.divisions),
                                             "documents": sum(len(d.documents) for d in up.divisions) + len(up.unplaced)}
    return out


def uptake_truth(truth: list[dict[str, Any]], number: str, by: str) -> dict[str, int]:
    """How many documents implement the directive ``number`` in the generator's ground truth,
    directly or through intermediates, per province, city or level (what ``kg uptake --by``
    must find)."""
    from collections import Counter

    from kg.questions import PolicyRef, division_of

    children: dict[str, list[dict[str, Any]]] = {}
    for t in truth:
        for parent in t["parents"]:
            children.setdefault(parent, []).append(t)
    seen: dict[str, str] = {}
    todo = [number]
    while todo:
        for t in children.get(todo.pop(), []):
            n = t["policy"]["doc_number"]
            if n not in seen:
                p = t["policy"]
                seen[n] = division_of(PolicyRef(n, n, p["title"], p["level"], p["region"]), by) or ""
                todo.append(n)
    return dict(Counter(seen.values()))


def uptake_agrees(source: Any, truth: list[dict[str, Any]], number: str) -> dict[str, bool]:
    """Whether ``uptake`` of the directive ``number`` finds, per province, city and level,
    the documents the generator's ground truth says implement it."""
    from kg.questions import find_policy, uptake

    ref = find_policy(source, number)
    out = {}
    for by in ("province", "city", "level"):
        up = uptake(source, ref, by)
        found = {d.name: len(d.documents) for d in up.divisions}
        if up.unplaced:
            found[""] = len(up.unplaced)
        out[by] = found == uptake_truth(truth, number, by)
    return out


def question_numbers(truth: list[dict[str, Any]] | None) -> tuple[dict[str, str], str]:
    """The policies asked about and the province of the regional ranking."""
    if truth is not None:
        numbers = pick_numbers(truth)
        return numbers, province_of(numbers.pop("region"))
    # the seeds
    return {"county": "沈政发〔2021〕14号", "national": "国发〔2019〕4号", "province": "辽政发〔2021〕2号", "city": "锡教发〔2020〕86号"}, "辽宁省"


def query_latencies(ws_dir: Path, truth: list[dict[str, Any]] | None, repeat: int) -> dict[str, dict[str, Any]]:
    """The questions on one workspace's embedded store."""
    from kg.queries import StoreRows
    from kg.workspace import Workspace

    numbers, province = question_numbers(truth)
    source = StoreRows(Workspace(ws_dir).open_store())
    out = ask_questions(source, numbers, province, repeat)
    if truth is not None:
        out["uptake by province (national)"]["agrees_with_truth"] = uptake_agrees(source, truth, numbers["national"])
    return out


def neo4j_latencies(env: dict[str, str], ws_dir: Path, truth: list[dict[str, Any]] | None, repeat: int) -> dict[str, Any]:
    """Load one workspace's graph into Neo4j run by run (:func:`kg.pipeline.workspace_runs`
    resolves it in workers, :func:`kg.sinks.neo4j.load_runs` writes one run's rows at a time,
    batched, with the loader's indexes), then the same questions on it."""
    from kg.pipeline import workspace_runs
    from kg.queries import Neo4jRows
    from kg.sinks import neo4j as sink
    from kg.workspace import Workspace

    settings = sink.settings_from(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"], os.environ.get("NEO4J_DATABASE"))
    driver = sink.connect(settings, retry_seconds=60)
    try:
        labels = " OR ".join(f"n:{label}" for label in sorted(sink.LABELS.values()))
        while driver.execute_query(f"MATCH (n) WHERE {labels} WITH n LIMIT 2000 DETACH DELETE n RETURN count(*) AS n",
                                   database_=settings.database)[0][0]["n"]:
            pass
        t = time.perf_counter()
        runs = Path(tempfile.mkdtemp(prefix="kg-runs-", dir=ws_dir))
        try:
            shared, paths = workspace_runs(Workspace(ws_dir), runs)
            planned = time.perf_counter() - t
            report = sink.load_runs(driver, shared, paths, database=settings.database)
        finally:
            shutil.rmtree(runs, ignore_errors=True)
        out: dict[str, Any] = {"plan_s": planned, "load_s": report.seconds, "rows": report.written}
        numbers, province = question_numbers(truth)
        out["queries"] = ask_questions(Neo4jRows(sink.Neo4jStore(driver, settings.database)), numbers, province, repeat)
        return out
    finally:
        driver.close()


def start_neo4j() -> dict[str, str] | None:
    """The Neo4j server of the environment, else a throw-away one (tools/neo4j); None without."""
    keys = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")
    if all(os.environ.get(k) for k in keys):
        return {k: os.environ[k] for k in keys}
    from tests import neo4j_server

    if not neo4j_server.available():
        return None
    os.environ.setdefault("NEO4J_JAVA_OPTS", "")
    env = neo4j_server.start()
    env["started"] = "1"
    return env


def fmt_s(x: float | None, approx: bool = False) -> str:
    if x is None:
        return "-"
    return ("~" if approx else "") + (f"{x:.1f}" if x < 100 else f"{x:.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--jobs", type=int, default=0, help="processes (default: every core)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and workspaces (default: a temporary one, removed)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    ap.add_argument("--budget-minutes", type=float, default=120, help="stop a size's build after this long")
    ap.add_argument("--baseline-max", type=int, default=10000, help="largest size for the in-memory baseline")
    ap.add_argument("--rdflib-max", type=int, default=1000, help="largest size for the rdflib baseline (its memory grows ~1 GB per million triples)")
    ap.add_argument("--queries-only", action="store_true",
                    help="reuse the workspaces under --work; only time the queries (the build figures come from --json, if it exists)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here (after every step)")
    ap.add_argument("--neo4j", action="store_true", help="also load each size into Neo4j and ask the questions there "
                    "(NEO4J_URI/USER/PASSWORD, else a throw-away server from tools/neo4j)")
    ap.add_argument("--no-baselines", action="store_true",
                    help="skip the baselines (one process, in-memory resolution, bulk_load alone, rdflib): the figures only")
    ap.add_argument("--neo4j-max", type=int, default=100000, help="largest size loaded into Neo4j")
    ap.add_argument("--skip", nargs="*", default=[], choices=["adoption"], help="questions to leave out (adoption: the clause-level take-ups of a plan)")
    args = ap.parse_args()
    SKIP.update(args.skip)

    from kg.pipeline import default_jobs
    from kg.synth import read_truth

    jobs = args.jobs or default_jobs()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"jobs": jobs, "cores": os.cpu_count(), "load_before": os.getloadavg()[0], "sizes": {}}
    started = time.perf_counter()

    # the baseline of the queries: the seeds
    seeds_ws = work / "ws-seeds"
    if not args.queries_only or not seeds_ws.exists():
        shutil.rmtree(seeds_ws, ignore_errors=True)
        run_child(BUILD, str(ROOT / "seeds"), str(seeds_ws), str(jobs))
    results["seeds_queries"] = query_latencies(seeds_ws, None, args.repeat)

    neo: dict[str, str] | None = None
    earlier: dict[str, Any] = {}
    if args.queries_only and args.json and args.json.exists():  # keep the build figures of the run that built them
        earlier = {int(k): v for k, v in json.loads(args.json.read_text(encoding="utf-8")).get("sizes", {}).items()}
    for n in sorted(args.sizes):
        r: dict[str, Any] = {k: v for k, v in earlier.get(n, {}).items() if k not in ("queries", "rdflib")}
        results["sizes"][n] = r
        corpus = work / f"corpus-{n}-{args.seed}"
        r.update(ensure_corpus(corpus, n, args.seed, reuse_any=args.queries_only))
        ws = work / f"ws-{n}-{args.seed}"
        if not args.queries_only:
            shutil.rmtree(ws, ignore_errors=True)
            print(f"[{time.perf_counter() - started:6.0f} s] building {n} documents …", file=sys.stderr, flush=True)
            build = run_child(BUILD, str(corpus), str(ws), str(jobs), timeout=args.budget_minutes * 60)
            if build is None:
                r["timeout"] = True
                print(f"  {n}: not finished in {args.budget_minutes} min", file=sys.stderr)
                continue
            r["build"] = build
            if n == min(args.sizes) and jobs > 1 and not args.no_baselines:
                one = work / f"ws-{n}-{args.seed}-j1"
                shutil.rmtree(one, ignore_errors=True)
                r["build_j1"] = run_child(BUILD, str(corpus), str(one), "1", timeout=args.budget_minutes * 60)
                shutil.rmtree(one, ignore_errors=True)
            if n <= args.baseline_max and not args.no_baselines:
                print(f"[{time.perf_counter() - started:6.0f} s] in-memory baseline {n} …", file=sys.stderr, flush=True)
                out = work / f"inmem-{n}"
                shutil.rmtree(out, ignore_errors=True)
                r["in_memory"] = run_child(IN_MEMORY, str(ws), str(out), timeout=args.budget_minutes * 60)
                shutil.rmtree(out, ignore_errors=True)
            if not args.no_baselines:
                raw = work / f"raw-{n}"
                shutil.rmtree(raw, ignore_errors=True)
                r["raw_load"] = run_child(RAW_LOAD, str(ws), str(raw), timeout=args.budget_minutes * 60)
                shutil.rmtree(raw, ignore_errors=True)
                Path(str(raw) + ".nq").unlink(missing_ok=True)
        if not (ws / "store").exists():
            continue
        print(f"[{time.perf_counter() - started:6.0f} s] queries on {n} …", file=sys.stderr, flush=True)
        truth = list(read_truth(corpus))
        r["queries"] = query_latencies(ws, truth, args.repeat)
        if n <= args.rdflib_max and not args.no_baselines:
            print(f"[{time.perf_counter() - started:6.0f} s] rdflib baseline {n} …", file=sys.stderr, flush=True)
            numbers = pick_numbers(truth)
            dump = work / f"rdflib-{n}.nt"
            r["rdflib"] = run_child(RDFLIB, str(ws), str(dump), numbers["county"], numbers["national"], timeout=args.budget_minutes * 60)
            dump.unlink(missing_ok=True)
        r["store_mb"] = sum(f.stat().st_size for f in (ws / "store").resolve().rglob("*") if f.is_file()) / 2**20
        save(args.json, results)
        if args.neo4j and n <= args.neo4j_max:
            if neo is None:
                neo = start_neo4j() or {}
            if neo:
                print(f"[{time.perf_counter() - started:6.0f} s] Neo4j: loading {n} …", file=sys.stderr, flush=True)
                try:
                    r["neo4j"] = neo4j_latencies(neo, ws, truth, args.repeat)
                except Exception as exc:  # a failure on Neo4j keeps the figures of the embedded store
                    r["neo4j_error"] = f"{type(exc).__name__}: {exc}"
                    print(f"  Neo4j failed: {r['neo4j_error']}", file=sys.stderr, flush=True)
                save(args.json, results)
    results["load_after"] = os.getloadavg()[0]
    if neo and neo.get("started"):
        from tests import neo4j_server

        neo4j_server.stop(neo)
    save(args.json, results)
    report(results)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


#: (question, goal in ms at 100,000 documents, the figure before this work at 100,000)
GOALS = (
    ("department ranking (all), first page", 1000, "283 s"),
    ("department ranking (province), first page", 300, "not finished in 25 min"),
    ("partners (top department)", 300, "not measured"),
    ("implementers, first page (national)", 50, "737 ms (every implementer)"),
    ("lineage (county plan)", 10, "1 ms"),
)


def save(path: Path | None, results: dict[str, Any]) -> None:
    """Write the figures so far (a run stopped half way still leaves them)."""
    if path:
        path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def _extrapolate(sizes: dict[int, dict[str, Any]], target: int, get: Any) -> float | None:
    """A figure at ``target`` documents from the two largest sizes that have it: a power law
    through them (a straight line on log-log axes), never below the largest measured value."""
    import math

    done = sorted(n for n, r in sizes.items() if get(r) is not None)
    if not done:
        return None
    if len(done) == 1:
        return get(sizes[done[0]]) * target / done[0]
    a, b = done[-2], done[-1]
    ya, yb = max(get(sizes[a]), 1e-9), max(get(sizes[b]), 1e-9)
    slope = math.log(yb / ya) / math.log(b / a)
    return max(yb, yb * (target / b) ** max(slope, 0.0))


def report(res: dict[str, Any]) -> None:
    sizes: dict[int, dict[str, Any]] = {int(k): v for k, v in res["sizes"].items()}
    order = sorted(sizes)
    print(f"\nkg build at scale · {res['cores']} cores, {res['jobs']} processes · load average {res['load_before']:.1f} before, "
          f"{res['load_after']:.1f} after (other work on the machine slows every figure)\n")

    def get_build(key: str) -> Any:
        return lambda r: (r.get("build") or {}).get(key)

    # build time and phases
    print("Build (seconds; ~ = extrapolated from the two largest sizes that finished)")
    cols = ["documents", "MB", "wall", "extract", "docs/s", "index", "pieces", "load", "shared", "compact", "store", "quads", "store MB"]
    print(" ".join(f"{c:>10}" for c in cols))
    for n in order:
        r = sizes[n]
        b = r.get("build")
        if b is None:
            w = _extrapolate(sizes, n, get_build("wall"))
            q = _extrapolate(sizes, n, get_build("quads"))
            print(f"{n:>10} {r.get('mb', 0):>10.0f} {fmt_s(w, True):>10} {'-':>10} {'-':>10} {'':>10} {'':>10} {'':>10} {'':>10} {'':>10} {'':>10} "
                  f"{('~%d' % q) if q else '-':>10}   (not finished in the budget)")
            continue
        t = b["timings"]
        print(f"{n:>10} {r['mb']:>10.1f} {fmt_s(b['wall']):>10} {fmt_s(b['extract']):>10} {b['read'] / max(b['extract'], 1e-9):>10.1f} "
              + " ".join(f"{fmt_s(t.get(k, 0)):>10}" for k in ("index", "pieces", "load", "shared", "compact", "store"))
              + f" {b['quads']:>10} {r.get('store_mb', 0):>10.0f}")
    print("CPU seconds per phase, parent + its workers (the phases run one after the other on "
          f"{res['cores']} cores: a phase's wall is at least its CPU over the cores)")
    phases = ("extract", "index", "pass2", "shared", "store")
    print(f"{'documents':>10} " + " ".join(f"{p:>16}" for p in phases) + f" {'total':>10}")
    for n in order:
        cpu = (sizes[n].get("build") or {}).get("cpu")
        if cpu:
            cells = [f"{cpu.get(p, 0):.0f} + {cpu.get(p + ' workers', 0):.0f}" for p in phases]
            print(f"{n:>10} " + " ".join(f"{c:>16}" for c in cells) + f" {sum(cpu.values()):>10.0f}")
    small = sizes[order[0]]
    if small.get("build_j1"):
        j1, jn = small["build_j1"], small["build"]
        print(f"baseline, {order[0]} documents with 1 process: wall {j1['wall']:.1f} s, extraction {j1['extract']:.1f} s "
              f"→ {res['jobs']} processes: {j1['wall'] / jn['wall']:.2f}x the build, {j1['extract'] / jn['extract']:.2f}x the extraction")

    print("\nPeak memory (MB, resident)")
    print(f"{'documents':>10} {'parent':>10} {'worker':>10} {'in-memory baseline':>20} {'streaming / baseline':>22}")
    for n in order:
        r = sizes[n]
        b = r.get("build")
        if b is None:
            p = _extrapolate(sizes, n, get_build("rss_parent_mb"))
            print(f"{n:>10} {fmt_s(p, True):>10} {'-':>10} {'-':>20}")
            continue
        base = r.get("in_memory")
        basestr = f"{base['rss_parent_mb']:.0f} ({base['wall']:.0f} s)" if base else "not run"
        ratio = f"{b['rss_parent_mb'] / base['rss_parent_mb']:.2f}" if base else "-"
        print(f"{n:>10} {b['rss_parent_mb']:>10.0f} {b['rss_worker_mb']:>10.0f} {basestr:>20} {ratio:>22}")

    print("\nStore load (quads per second)")
    print(f"{'documents':>10} {'quads':>10} {'streaming':>12} {'bulk_load alone (baseline)':>28}")
    for n in order:
        r = sizes[n]
        b = r.get("build")
        if b is None:
            continue
        load = b["timings"].get("load") or 0
        raw = r.get("raw_load")
        print(f"{n:>10} {b['quads']:>10} {b['quads'] / load if load else 0:>12.0f} {raw['quads'] / raw['seconds'] if raw else 0:>28.0f}")

    print(f"{'':>10} baseline, rdflib's in-memory graph (the store's triples, parsed):")
    for n in order:
        rb = sizes[n].get("rdflib")
        if rb:
            print(f"{n:>10} {rb['triples']:>10} {rb['triples'] / rb['load_s']:>12.0f}   rdflib Graph.parse, {rb['load_s']:.1f} s, +{rb['rss_mb']:.0f} MB")

    print("\nQuery latency (ms, median; answers in brackets) — baseline: the seed workspace (31 documents),")
    print("and rdflib's in-memory graph where it was loaded (below the table); Neo4j after the embedded store")
    names = list(res["seeds_queries"])
    for store_name, get in (("embedded store", lambda r: r.get("queries") or {}),
                            ("Neo4j", lambda r: (r.get("neo4j") or {}).get("queries") or {})):
        if store_name == "Neo4j" and not any(get(sizes[n]) for n in order):
            continue
        print(f"\n{store_name}")
        print(f"{'question':<42} {'seeds':>14} " + " ".join(f"{n:>16}" for n in order) + f" {'ratio':>8}")
        for q in names:
            s = res["seeds_queries"][q]
            line = f"{q:<42} {s['ms']:>8.1f} ({s['rows']:>3}) "
            got = [get(sizes[n]).get(q) for n in order]
            for qq in got:
                line += f" {qq['ms']:>9.1f} ({qq['rows']:>4})" if qq else f" {'-':>16}"
            done = [g for g in got if g]
            if len(done) >= 2:
                line += f" {done[-1]['ms'] / max(done[0]['ms'], 1e-9):>7.1f}x"
            print(line)
    for n in order:
        nj = sizes[n].get("neo4j")
        if nj:
            print(f"  Neo4j, {n} documents: planned in {nj['plan_s']:.0f} s, loaded {nj['rows']:,} rows in {nj['load_s']:.0f} s")

    for n in order:
        rb = sizes[n].get("rdflib")
        q = sizes[n].get("queries") or {}
        if rb:
            for name, key in (("lineage", "lineage (county plan)"), ("implementers", "implementers, all (national)")):
                if key in q:
                    print(f"  rdflib, {n} documents, {key:<26} {rb[name]['ms']:>9.1f} ms ({rb[name]['rows']} rows) "
                          f"vs embedded {q[key]['ms']:.1f} ms: {rb[name]['ms'] / max(q[key]['ms'], 1e-9):.0f}x")

    # goals
    print("\nGoals (at 100,000 documents; before: the figures of the issue, measured before the tallies, the region")
    print("hierarchy and the pages; ratio: 100k against 1k in this run)")
    big = max(order)
    target = 100000
    for q, goal, before in GOALS:
        for store_name, get in (("embedded", lambda r: r.get("queries") or {}),
                                ("Neo4j", lambda r: (r.get("neo4j") or {}).get("queries") or {})):
            now = get(sizes.get(target, {})).get(q)
            small_q = get(sizes.get(min(order), {})).get(q)
            if not now:
                continue
            verdict = "met" if now["ms"] < goal else f"missed ({now['ms'] / goal:.1f}x the goal)"
            ratio = f", {now['ms'] / max(small_q['ms'], 1e-9):.1f}x the {min(order)}-document figure" if small_q else ""
            print(f"  {q:<42} {store_name:<9} < {goal:g} ms: {now['ms']:.1f} ms — {verdict} (before: {before}{ratio})")
    rss = [(n, sizes[n]["build"]["rss_parent_mb"]) for n in order if sizes[n].get("build")]
    if len(rss) >= 2:
        (n0, m0), (n1, m1) = rss[0], rss[-1]
        print(f"  bounded memory: parent peak {m0:.0f} MB at {n0} → {m1:.0f} MB at {n1} documents "
              f"({m1 / m0:.2f}x for {n1 / n0:.0f}x the documents; {(m1 - m0) / (n1 - n0) * 1024:.1f} KB per extra document)")
    if small.get("build_j1"):
        j1, jn = small["build_j1"], small["build"]
        print(f"  extraction on {res['jobs']} processes: {j1['extract'] / jn['extract']:.2f}x one process "
              f"(near-linear would be ~{res['jobs'] * 0.9:.1f}x; see benchmarks/extraction.py for steady-state throughput)")
    if big < target and target not in sizes:
        print(f"  100k documents not run here; figures marked ~ are extrapolated from {', '.join(map(str, order[-2:]))}")


if __name__ == "__main__":
    main()
