"""The main job: files -> extractions -> resolved graph -> store.

``run_build`` reads every document in worker processes (all cores by default); each worker
saves its extraction in the workspace keyed by the content hash and hands back only a few
words (an unchanged file is not read again). The graph is then resolved over the whole
workspace and the store replaced in one swap. A file that cannot be read is reported and
skipped; everything else goes on.

Memory stays bounded by the size of the corpus *index*, not of the corpus: the resolution of
:mod:`kg.graph.resolve` — heads folded into an index, one piece per document, the shared
nodes merged — runs in two streaming passes over the cached extractions (:func:`load_graph`):

1. workers read the heads of the documents (:func:`~kg.graph.resolve.document_head`), the
   parent folds them into the index;
2. workers share the index and turn runs of documents into pieces
   (:func:`~kg.graph.resolve.document_piece`) and their quads, which go straight into the new
   store; the parent merges what the pieces say about shared nodes
   (:class:`~kg.graph.resolve.SharedMerge`) and loads those last.

:func:`workspace_graph` folds the same pieces in memory (``build_graph``) for the commands
that want a networkx graph; the two agree (tested).
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import shutil
import stat
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.corrections import Outcome, Status, workspace_book
from kg.extract import extract
from kg.graph.resolve import (
    CorpusIndex,
    DocumentHead,
    Names,
    Piece,
    Resolver,
    SharedMerge,
    build_graph,
    dag_longest_chain,
    document_head,
    document_piece,
    policy_node,
)
from kg.graph.status import StandingFacts, in_force_changes, standing_facts
from kg.ingest import MAX_BYTES, IngestError, iter_document_paths, read_document
from kg.models import Extraction, Measure, SourceText, Span
from kg.schema import EdgeKind, NodeKind, Relation, Role, edge_role
from kg.sinks.rdf import QuadWriter, graph_quads, text_lines
from kg.workspace import Workspace, extractions_folder, load_extraction_data, publish_extractions, save_extraction

if TYPE_CHECKING:
    from kg.align.graph import KeptPairs


@dataclass
class Failure:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class BuildReport:
    read: int = 0
    reused: int = 0
    failed: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: int = 0
    policies: int = 0
    stubs: int = 0
    citations: Counter[str] = field(default_factory=Counter)
    measures: int = 0
    departments: int = 0
    institutions: int = 0
    targets: int = 0
    longest_chain: list[dict[str, str | None]] = field(default_factory=list)
    quads: int = 0
    #: seconds per phase of the graph's resolution (index, pieces, load, shared; compact: the wait for the
    #: compaction that ran beside the shared nodes; store: flush + swap)
    timings: dict[str, float] = field(default_factory=dict)
    #: CPU seconds per phase (extract, index, pass2: pieces and load, shared, store), of this
    #: process (``PHASE``, its threads included) and of its worker processes (``PHASE workers``)
    cpu: dict[str, float] = field(default_factory=dict)
    #: whether each of the workspace's corrections still applies (kg.corrections)
    corrections: list[Status] = field(default_factory=list)


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds so far of this process (every thread) and of its children that have ended
    (a phase's pool is joined at its end, so the difference across a phase is its workers')."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time(), children.ru_utime + children.ru_stime


def add_cpu(into: dict[str, float], phase: str, since: tuple[float, float]) -> tuple[float, float]:
    """Add the CPU seconds since ``since`` to ``phase`` and ``phase workers``; returns now."""
    now = cpu_seconds()
    into[phase] = into.get(phase, 0.0) + now[0] - since[0]
    into[f"{phase} workers"] = into.get(f"{phase} workers", 0.0) + now[1] - since[1]
    return now


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


#: the longest clean text extracted whole. Policy documents run to tens of thousands of
#: characters; some extraction steps grow with the square of the number of numbered items,
#: so a page of many megabytes of text would take hours. Past this, the head is read (the
#: identity and the citations stand there) and the document carries a warning.
MAX_TEXT_CHARS = 250_000


def head_of(source: SourceText, limit: int = MAX_TEXT_CHARS) -> SourceText:
    """``source`` cut at the last line break before ``limit`` characters, with a warning."""
    if len(source.text) <= limit:
        return source
    cut = source.text.rfind("\n", 0, limit)
    cut = cut if cut > limit // 2 else limit
    tables = tuple(t for t in source.tables if t.span is None or t.span.end <= cut)
    warning = (f"the text is {len(source.text):,} characters, far longer than a policy document; only the first "
               f"{cut:,} were read (facts after that are missing)")
    return replace(source, text=source.text[:cut], tables=tables, warnings=(*source.warnings, warning))


def extract_file(path: str, max_bytes: int = MAX_BYTES) -> Extraction | Failure:
    """Read and extract one file; never raises for a bad file."""
    result = _extract_file(path, max_bytes)
    if not _TABLES_FROZEN and isinstance(result, Extraction):
        _freeze_tables()
    return result


#: whether this process has moved its tables out of the collected generations (:func:`_freeze_tables`)
_TABLES_FROZEN = False


def _freeze_tables() -> None:
    """Once per process, after the first document it extracts: what the process holds then — jieba's
    dictionary, the gazetteer, the department dictionary and the patterns, loaded while that
    document was read — is moved out of the garbage collector's generations (``gc.freeze``),
    so that the collections of every later document do not walk those tables again (a full
    collection over jieba's dictionary alone takes ~20 ms). Objects frozen are still freed
    when their last reference goes; only a cycle left over from that first document would
    stay.

    >>> import subprocess, sys, tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
    ...     _ = f.write("关于做好职业教育工作的通知\\n一、加强领导。")
    >>> code = ("import gc, sys; from kg.pipeline import extract_file; extract_file('a missing file'); "
    ...         "print(gc.get_freeze_count()); extract_file(sys.argv[1]); print(gc.get_freeze_count() > 0)")
    >>> subprocess.run([sys.executable, "-c", code, f.name], capture_output=True, text=True).stdout.split()
    ['0', 'True']
    >>> import os; os.remove(f.name)
    """
    global _TABLES_FROZEN
    _TABLES_FROZEN = True
    gc.freeze()


def _extract_file(path: str, max_bytes: int) -> Extraction | Failure:
    try:
        return extract(head_of(read_document(path, max_bytes=max_bytes)))
    except IngestError as exc:
        return Failure(path, exc.reason)
    except RecursionError:
        return Failure(path, "the document is nested too deeply to read")
    except MemoryError:
        return Failure(path, "the document is too large to read in the memory available")
    except Exception as exc:  # a bug must not stop the batch; it is reported with the file
        return Failure(path, f"internal error while extracting ({type(exc).__name__}: {exc}); please report it")


@dataclass
class _Done:
    """What a worker hands back for one file: small, whatever the document's size."""

    index: int
    sha256: str | None = None
    warnings: tuple[str, ...] = ()
    failure: Failure | None = None
    #: saved under its pending name, for the parent to publish (:func:`kg.workspace.publish_extractions`)
    pending: bool = False
    #: its head, as pass 1 would read it from the saved extraction (:func:`_head_of`), so
    #: pass 1 reads only the extractions a build did not make
    head: DocumentHead | None = None


#: set in this process (and so in the workers it forks) while it extracts: the workers then
#: leave each extraction pending and the parent makes them durable many at a time; a worker
#: of another executor (a :data:`Mapper`) saves each one durably itself
_LOCAL_EXTRACTION = {"pending": False}
#: extractions the parent publishes at once (a build stopped half way keeps what it published)
PUBLISH_EVERY = 1000


def _extract_worker(args: tuple[int, str, int, str]) -> _Done:
    """Extract one file and save its extraction in the workspace at ``root``."""
    index, path, max_bytes, root = args
    res = extract_file(path, max_bytes)
    if isinstance(res, Failure):
        return _Done(index, failure=res)
    pending = _LOCAL_EXTRACTION["pending"]
    try:
        data = save_extraction(root, res, durable=not pending)
    except OSError as exc:
        return _Done(index, failure=Failure(path, f"cannot save its extraction in the workspace: {exc.strerror or exc}"))
    # from what was saved, as pass 1 would read it back (the same head: tests/test_scale.py)
    return _Done(index, res.sha256, tuple(res.warnings), pending=pending, head=_head_of(root, data))


def default_jobs() -> int:
    """Every core the process may run on (at most 8)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


#: runs the extraction of every file somewhere else: given the worker and its argument per
#: file, yields the worker's results in any order (e.g. on a Dask cluster:
#: ``benchmarks/dask_build.py``); the workers save into the workspace, which they must reach
Mapper = Callable[[Callable[[tuple[int, str, int, str]], "_Done"], list[tuple[int, str, int, str]]], Iterator["_Done"]]


def _map_extract(args: list[tuple[int, str, int, str]], jobs: int, mapper: Mapper | None = None) -> Iterator[_Done]:
    """Results as they come (any order); one process when ``jobs`` is 1 or there is one file;
    ``mapper`` when given."""
    if mapper is not None:
        yield from mapper(_extract_worker, args)
        return
    local = jobs <= 1 or len(args) <= 1 or "fork" in multiprocessing.get_all_start_methods()
    _LOCAL_EXTRACTION["pending"] = local  # forked workers inherit it; spawned ones save durably
    try:
        if jobs <= 1 or len(args) <= 1:
            yield from map(_extract_worker, args)
            return
        chunk = max(1, min(8, len(args) // (jobs * 8)))
        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with forked_pool(ctx, min(jobs, len(args))) as pool:
            yield from pool.imap_unordered(_extract_worker, args, chunksize=chunk)
    finally:
        _LOCAL_EXTRACTION["pending"] = False


def run_build(
    paths: list[str],
    workspace: Workspace,
    *,
    jobs: int | None = None,
    max_bytes: int = MAX_BYTES,
    prune: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    mapper: Mapper | None = None,
    meaning: bool | None = None,
) -> BuildReport:
    """Read, extract, resolve and store (see the module's head); ``mapper`` runs the
    extraction elsewhere (:data:`Mapper`), the rest runs here; ``meaning``: whether the
    take-ups use the meaning signal from now on (:func:`set_take_up_meaning`; None: as the
    workspace has it)."""
    with workspace.lock():
        if meaning is not None:
            set_take_up_meaning(workspace.root, meaning)
        return _run_build(paths, workspace, jobs=jobs, max_bytes=max_bytes, prune=prune, progress=progress, mapper=mapper)


def _run_build(
    paths: list[str],
    workspace: Workspace,
    *,
    jobs: int | None,
    max_bytes: int,
    prune: bool,
    progress: Callable[[int, int, str], None] | None,
    mapper: Mapper | None = None,
) -> BuildReport:
    report = BuildReport()
    workspace_book(workspace.root)  # a damaged corrections file stops the build before anything is read
    files = iter_document_paths(paths, lambda path, reason: report.failed.append(Failure(path, reason)))
    sources = workspace.sources()
    todo: list[Path] = []
    todo_sha: dict[str, int] = {}  # content -> index in todo of the file that reads it
    twins: list[tuple[Path, str]] = []  # a content already being read under another name
    done = 0

    def tick(name: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(files), name)

    for f in files:
        try:
            key = str(f.resolve())
            sha = file_sha256(f) if stat.S_ISREG(f.stat().st_mode) else None  # others are reported by the reader
        except OSError as exc:
            report.failed.append(Failure(str(f), f"cannot be read: {exc.strerror or exc}"))
            tick(f.name)
            continue
        if sha and workspace.has_extraction(sha):
            sources[key] = {"sha256": sha, "name": f.name}
            report.reused += 1
            tick(f.name)
            continue
        if sha and sha in todo_sha:
            twins.append((f, sha))
            continue
        if sha:
            todo_sha[sha] = len(todo)
        todo.append(f)
    root = str(workspace.root)
    args = [(i, str(f), max_bytes, root) for i, f in enumerate(todo)]
    reasons: dict[int, str] = {}
    cpu = cpu_seconds()
    pending: list[str] = []  # extractions the workers left for this process to publish
    heads: dict[str, DocumentHead] = {}  # the heads of the extractions made here (pass 1 reads the others)
    try:
        for res in _map_extract(args, jobs or default_jobs(), mapper):
            f = todo[res.index]
            if res.failure is not None:
                report.failed.append(res.failure)
                reasons[res.index] = res.failure.reason
                # a file that read before and fails now keeps its earlier facts: nothing stored is lost
            else:
                sources[str(f.resolve())] = {"sha256": res.sha256, "name": f.name}
                report.read += 1
                report.warnings.extend(f"{f}: {w}" for w in res.warnings if "SQL INSERT" not in w)
                if res.pending and res.sha256:
                    pending.append(res.sha256)
                if res.head is not None and res.sha256:
                    heads[res.sha256] = res.head
            if len(pending) >= PUBLISH_EVERY:
                publish_extractions(root, pending)
                pending.clear()
            tick(f.name)
    finally:  # stopped or not, what was extracted is kept for the next build
        publish_extractions(root, pending)
    for f, sha in twins:
        if workspace.has_extraction(sha):
            sources[str(f.resolve())] = {"sha256": sha, "name": f.name}
            report.read += 1
        else:
            report.failed.append(Failure(str(f), reasons.get(todo_sha[sha], "could not be read")))
        tick(f.name)
    report.failed.sort(key=lambda x: x.path)
    report.warnings.sort()  # workers answer in any order
    if prune:
        wanted = {str(f.resolve()) for f in files}
        for key in list(sources):
            if key not in wanted:
                del sources[key]
    workspace.save_sources(sources)
    workspace.prune_extractions()
    add_cpu(report.cpu, "extract", cpu)
    resolve_and_store(workspace, report, jobs=jobs, heads=heads)
    return report


def run_remove(paths: list[str], workspace: Workspace) -> tuple[list[str], BuildReport]:
    """Take documents (files, or every document under a folder) out of the workspace; the
    graph is resolved again, so their facts go and stubs that others still cite stay."""
    with workspace.lock():
        return _run_remove(paths, workspace)


def _run_remove(paths: list[str], workspace: Workspace) -> tuple[list[str], BuildReport]:
    sources = workspace.sources()
    removed: list[str] = []
    for raw in paths:
        target = str(Path(raw).resolve())
        for key in list(sources):
            if key == target or key.startswith(target.rstrip("/") + "/") or Path(key).name == raw:
                removed.append(key)
                del sources[key]
    report = BuildReport()
    if removed:
        workspace.save_sources(sources)
        workspace.prune_extractions()
    resolve_and_store(workspace, report)
    return removed, report


def resolve_and_store(workspace: Workspace, report: BuildReport, resolvers: list[Resolver] | None = None, *, jobs: int | None = None,
                      heads: dict[str, DocumentHead] | None = None) -> None:
    """Resolve the workspace's extractions into the graph and replace the store with it,
    streaming (see :func:`load_graph`; ``heads``: those pass 1 need not read); fills the
    graph figures of ``report``."""
    summary = GraphSummary()
    clock = time.perf_counter()
    report.quads = workspace.write_store_with(lambda store: load_graph(workspace, store, summary, resolvers, jobs=jobs, compact=True, heads=heads),
                                              optimize=False)
    summary.timings["store"] = time.perf_counter() - clock - sum(summary.timings.values())
    add_cpu(summary.cpu, "store", summary.cpu_mark)
    summary.fill(report)
    report.timings = dict(summary.timings)
    report.cpu.update(summary.cpu)
    report.corrections = workspace_book(workspace.root).status(summary.outcomes)


# --- the graph of a workspace -------------------------------------------------------------


def workspace_graph(workspace: Workspace, resolvers: list[Resolver] | None = None) -> nx.MultiDiGraph:
    """The whole resolved graph of the workspace in memory (views, network exports, Neo4j),
    its departments with their tallies (:func:`department_tallies`)."""
    g = build_graph(workspace.iter_extractions(), resolvers, workspace_book(workspace.root), kept_pairs(workspace.root))
    add_kept_counts(g)
    return g


def kept_pairs(root: str | Path) -> KeptPairs:
    """Where a workspace keeps the take-ups of its implements edges: beside the extractions
    they are aligned from (a new extractor files both anew)."""
    from kg.align.core import WITH_MEANING
    from kg.align.graph import KeptPairs

    return KeptPairs(extractions_folder(root) / "takeups", WITH_MEANING if take_up_meaning(root) else None)


def take_up_meaning(root: str | Path) -> bool:
    """Whether the workspace's take-ups use the meaning signal (``kg build --meaning``,
    kept in ``alignment.json`` until ``--no-meaning``)."""
    try:
        return bool(json.loads((Path(root) / ALIGNMENT_FILE).read_text(encoding="utf-8")).get("meaning"))
    except (OSError, ValueError, AttributeError):
        return False


def set_take_up_meaning(root: str | Path, on: bool) -> None:
    """Keep whether the workspace's take-ups use the meaning signal (:func:`take_up_meaning`)."""
    from kg.workspace import _atomic_write

    path = Path(root) / ALIGNMENT_FILE
    if on:
        _atomic_write(path, json.dumps({"meaning": True}))
    elif path.exists():
        path.unlink()


#: a workspace's settings of the take-ups (:func:`take_up_meaning`)
ALIGNMENT_FILE = "alignment.json"


def store_graph(workspace: Workspace, g: nx.MultiDiGraph) -> int:
    """Replace the workspace's store with the quads of ``g``; returns the number of quads."""
    add_kept_counts(g)
    return workspace.write_store_quads(graph_quads(g))


# --- the departments' tallies -------------------------------------------------------------

#: what a department's tally counts: distinct measures it leads, supports, is responsible
#: for, all its measures, the policies they belong to, and the policies of each role's measures
TALLY_KEYS = ("led", "supported", "responsible", "measures", "policies", "policies_led", "policies_supported",
              "policies_responsible")
_ROLE_TALLY = {Role.LEAD: "led", Role.SUPPORT: "supported", Role.RESPONSIBLE: "responsible"}
#: the tally key of each responsibility edge's type (its kind or its value), looked up once per
#: edge: a build tallies every edge of every document
_EDGE_TALLY: dict[object, str] = {t: _ROLE_TALLY[role] for kind in EdgeKind if (role := edge_role(kind.value)) is not None
                                  for t in (kind, kind.value)}
#: the role of a role-filtered ranking -> its tally keys (measures, policies) and its rank key
ROLE_RANKS = {"lead": ("led", "policies_led", "rank_lead"), "support": ("supported", "policies_supported", "rank_support"),
              "responsible": ("responsible", "policies_responsible", "rank_responsible")}
#: kinds of department left out of the rankings by default: names of a kind of body in
#: every region (各区人民政府) or of a whole class of bodies (县级以上地方人民政府), not one body
GROUP_KINDS = frozenset({"collective", "class"})


def department_tallies(g: nx.MultiDiGraph) -> dict[str, Counter[str]]:
    """Per department (by canonical name) the counts of :data:`TALLY_KEYS` in ``g``: the
    whole graph, or one document's piece — its contribution. A measure belongs to one
    policy and a policy to one document, so the tallies of a graph are the sums of its
    documents' tallies: the build adds them up as the pieces stream past, and a changed
    document changes only its own contribution.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("measure:p/1", policy="policy:p"); g.add_node("measure:p/2", policy="policy:p")
    >>> for m, kind in (("1", "LEADS"), ("2", "SUPPORTS"), ("2", "LEADS")):
    ...     _ = g.add_edge("department:教育局", f"measure:p/{m}", type=kind)
    >>> dict(department_tallies(g)["教育局"])
    {'led': 2, 'measures': 2, 'policies': 1, 'policies_led': 1, 'policies_supported': 1, 'supported': 1}
    """
    seen: dict[str, dict[str, set[str]]] = {}
    nodes = g.nodes
    for u, v, kind in g.edges(data="type"):
        key = _EDGE_TALLY.get(kind)
        if key is None:
            continue
        sets = seen.setdefault(u.partition(":")[2], {})
        policy = str(nodes[v].get("policy") or v)
        sets.setdefault(key, set()).add(v)
        sets.setdefault("measures", set()).add(v)
        sets.setdefault("policies", set()).add(policy)
        sets.setdefault("policies_" + key, set()).add(policy)
    return {name: Counter({k: len(sets[k]) for k in sorted(sets)}) for name, sets in seen.items()}


def sum_tallies(into: dict[str, Counter[str]], more: dict[str, Counter[str]]) -> None:
    """Add the tallies ``more`` (a document's contribution) to ``into``."""
    for name, counts in more.items():
        into.setdefault(name, Counter()).update(counts)


def _ranks(tallies: dict[str, Counter[str]], having: str, keys: tuple[str, ...], names: list[str]) -> dict[str, int]:
    """Places (from 1) of those of ``names`` with a count in ``having``, sorted by ``keys``
    descending, then by name."""
    kept = [name for name in names if tallies[name].get(having, 0)]
    kept.sort(key=lambda name: (*(-tallies[name].get(k, 0) for k in keys), name))
    return {name: i for i, name in enumerate(kept, 1)}


def ranking_positions(tallies: dict[str, Counter[str]], kinds: dict[str, str]) -> dict[str, dict[str, int]]:
    """Per department its places in the kept rankings: ``rank`` in the whole ranking of
    departments that are one body (kinds of :data:`GROUP_KINDS` left out), ``rank_all``
    among every department, and per role (:data:`ROLE_RANKS`) ``rank_lead`` … and
    ``rank_lead_all`` … among those with a measure in that role. The whole ranking sorts by
    most measures led, then supported, then responsible, then policies, then name; a role's
    ranking by its measures, then the policies of those measures, then name.

    >>> t = {"甲": Counter(led=1, measures=1, policies=1, policies_led=1),
    ...      "各区人民政府": Counter(led=3, measures=3, policies=1, policies_led=1),
    ...      "乙": Counter(led=1, supported=1, measures=2, policies=1, policies_led=1, policies_supported=1)}
    >>> pos = ranking_positions(t, {"各区人民政府": "collective"})
    >>> pos["乙"]["rank"], pos["甲"]["rank"], pos["各区人民政府"].get("rank"), pos["各区人民政府"]["rank_all"]
    (1, 2, None, 1)
    >>> pos["乙"]["rank_support"], pos["甲"].get("rank_support"), pos["甲"]["rank_lead_all"]
    (1, None, 3)
    """
    every = sorted(tallies)
    bodies = [name for name in every if kinds.get(name) not in GROUP_KINDS]
    whole = ("led", "supported", "responsible", "policies")
    out: dict[str, dict[str, int]] = {name: {} for name in every}
    for suffix, names in (("", bodies), ("_all", every)):
        for name, place in _ranks(tallies, "measures", whole, names).items():
            out[name]["rank" + suffix] = place
        for count, policies, rank in ROLE_RANKS.values():
            for name, place in _ranks(tallies, count, (count, policies), names).items():
                out[name][rank + suffix] = place
    return out


def add_tallies(g: nx.MultiDiGraph, tallies: dict[str, Counter[str]]) -> None:
    """Put each department's tally on its node of ``g`` (attribute ``tally``: every key of
    :data:`TALLY_KEYS`, 0 when none) with its places in the kept rankings
    (:func:`ranking_positions`), so a page of a ranking is a range of places and a region's
    ranking sorts its departments by place.

    >>> g = nx.MultiDiGraph([("department:乙", "measure:p/1"), ("department:甲", "measure:p/1")])
    >>> add_tallies(g, {"甲": Counter(led=1, measures=1, policies=1), "乙": Counter(led=1, supported=1, measures=2, policies=1)})
    >>> g.nodes["department:乙"]["tally"]["rank"], g.nodes["department:甲"]["tally"]["rank"]
    (1, 2)
    """
    kinds = {name: str(g.nodes[NodeKind.DEPARTMENT.node(name)].get("kind") or "") for name in tallies
             if NodeKind.DEPARTMENT.node(name) in g}
    positions = ranking_positions(tallies, kinds)
    for name, counts in tallies.items():
        node = NodeKind.DEPARTMENT.node(name)
        if node in g:
            g.nodes[node]["tally"] = {**{k: int(counts.get(k, 0)) for k in TALLY_KEYS}, **positions[name]}


def target_tallies(g: nx.MultiDiGraph) -> dict[str, Counter[str]]:
    """Per deadline of the targets in ``g`` (``""``: none) how many targets fall due then
    (``targets``) and in how many policies (``policies``): like :func:`department_tallies`,
    a document's contribution, summed by the build (a policy is one document's).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("target:p/0", type="Target", deadline="2025", policy="policy:p")
    >>> g.add_node("target:p/1", type="Target", deadline="2025", policy="policy:p")
    >>> g.add_node("target:p/2", type="Target", policy="policy:p")
    >>> {k: dict(v) for k, v in target_tallies(g).items()}
    {'2025': {'targets': 2, 'policies': 1}, '': {'targets': 1, 'policies': 1}}
    """
    policies: dict[str, set[str]] = {}
    out: dict[str, Counter[str]] = {}
    for node, d in g.nodes(data=True):
        if d.get("type") == NodeKind.TARGET:
            year = str(d.get("deadline") or "")
            out.setdefault(year, Counter())["targets"] += 1
            policies.setdefault(year, set()).add(str(d.get("policy") or node))
    for year, counts in out.items():
        counts["policies"] = len(policies[year])
    return out


def add_target_tallies(g: nx.MultiDiGraph, tallies: dict[str, Counter[str]]) -> None:
    """Keep the targets due per deadline (:func:`target_tallies`) on ``g`` (graph attribute
    ``target_years``; :func:`kg.sinks.rdf.graph_quads` writes them as ``pkg:TargetYear``)."""
    g.graph["target_years"] = {year: {"targets": int(c["targets"]), "policies": int(c["policies"])}
                               for year, c in sorted(tallies.items())}


def implemented_above(edges: Iterable[tuple[str, str]], works: Callable[[str], bool] = lambda n: False) -> dict[str, set[str]]:
    """Each policy with the policies it implements, directly or through intermediate
    documents, from the edges (child, parent) of the whole graph: implements edges, and
    (work, version) of a law held in several versions, whose work is stepped through and
    not listed (``works``).

    >>> above = implemented_above([("county", "city"), ("city", "province"), ("city2", "province")])
    >>> sorted(above["county"]), sorted(above["province"])
    (['city', 'province'], [])
    >>> sorted(implemented_above([("a", "work:w"), ("work:w", "v1"), ("work:w", "v2")], lambda n: n.startswith("work:"))["a"])
    ['v1', 'v2']
    """
    h = nx.DiGraph(edges)
    return {node: {p for p in nx.descendants(h, node) if not works(p)} for node in h if not works(node)}


def implementer_counts(above: dict[str, set[str]]) -> dict[str, int]:
    """Per policy how many policies implement it, directly or through intermediate
    documents (``above``: :func:`implemented_above`): each policy adds one to every policy
    above it. Kept by the build (``pkg:implementerCount``), so the number of a directive's
    implementers is read, not counted down its whole tree.

    >>> sorted(implementer_counts(implemented_above([("county", "city"), ("city", "province"), ("county", "province")])).items())
    [('city', 1), ('province', 2)]
    """
    counts: Counter[str] = Counter()
    for parents in above.values():
        counts.update(parents)
    return dict(sorted(counts.items()))


def add_implementer_counts(g: nx.MultiDiGraph, edges: Iterable[tuple[str, str]], facts: StandingFacts) -> None:
    """Keep on ``g`` how many policies implement each policy (:func:`implementer_counts`,
    graph attribute ``implementer_counts``) and how many of them are in force from which
    day on (:func:`kg.graph.status.in_force_changes` over ``facts``, ``in_force_changes``);
    :func:`kg.sinks.rdf.graph_quads` writes them as ``pkg:implementerCount`` and
    ``pkg:InForceCount``."""
    above = implemented_above(edges, is_work_node)
    g.graph["implementer_counts"] = implementer_counts(above)
    g.graph["in_force_changes"] = in_force_changes(above, facts.span)


def _implements_edges(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """The (child, parent) edges :func:`implementer_counts` follows: implements, and a work's
    versions."""
    return [(u, v) for u, v, d in g.edges(data=True)
            if (d.get("type") == EdgeKind.CITATION and d.get("relation") == Relation.IMPLEMENTS) or d.get("type") == EdgeKind.HAS_VERSION]


def is_work_node(node: str) -> bool:
    return node.startswith(NodeKind.WORK.node(""))


def add_kept_counts(g: nx.MultiDiGraph) -> None:
    """What the build keeps beside the graph, counted over the whole graph ``g`` in memory
    (the streaming build sums the same document by document): the departments' tallies and
    places, the targets per year, the policies' implementer counts (all, and in force by day)."""
    add_tallies(g, department_tallies(g))
    add_target_tallies(g, target_tallies(g))
    add_implementer_counts(g, _implements_edges(g), standing_facts(g))


# --- streaming resolution ---------------------------------------------------------------


@dataclass
class GraphSummary:
    """Figures of the resolved graph gathered while it streams past."""

    documents: int = 0
    stubs: int = 0
    citations: Counter[str] = field(default_factory=Counter)
    measures: int = 0
    departments: int = 0
    institutions: int = 0
    targets: int = 0
    #: the implements graph over all policies (nodes in graph order), for the longest chain
    chain: nx.DiGraph = field(default_factory=nx.DiGraph)
    #: number, title, level of every policy (for naming the chain)
    names: dict[str, Names] = field(default_factory=dict)
    #: what the pieces gave, and seconds per phase (index, pieces, load, shared), for benchmarks
    quads_emitted: int = 0
    timings: Counter[str] = field(default_factory=Counter)
    #: CPU seconds per phase (:func:`add_cpu`) and the reading the current phase started from
    cpu: dict[str, float] = field(default_factory=dict)
    cpu_mark: tuple[float, float] = field(default_factory=cpu_seconds)
    #: what the corrections did, document by document
    outcomes: list[Outcome] = field(default_factory=list)
    #: (work, version) edges of the laws held in several versions
    versions: list[tuple[str, str]] = field(default_factory=list)
    #: what went wrong without stopping the resolution (a failed compaction of the store)
    warnings: list[str] = field(default_factory=list)
    #: what the policies' standings are computed from (their dates, repeals, newer versions)
    standing: StandingFacts = field(default_factory=StandingFacts)

    def start(self, idx: CorpusIndex) -> None:
        self.names = dict(idx.names)
        self.documents = len(idx.owner)
        self.chain.add_nodes_from(idx.names)

    def add(self, piece: Piece, new_stubs: list[str]) -> None:
        self.chain.add_nodes_from(new_stubs)
        self.measures += piece.measures
        self.targets += piece.targets
        self.citations.update(piece.citations)
        self.chain.add_edges_from(piece.implements)
        self.outcomes.extend(piece.outcomes)

    def finish(self, shared: SharedMerge) -> None:
        for node, attrs in shared.stubs.items():
            self.names[node] = (attrs.get("number"), attrs.get("title"), attrs.get("level"))
        self.stubs = len(shared.stubs)
        self.departments = len(shared.departments)
        self.institutions = len(shared.institutions)

    def longest_chain(self) -> list[str]:
        return dag_longest_chain(self.chain)

    def fill(self, report: BuildReport) -> None:
        report.documents = self.documents
        report.stubs = self.stubs
        report.policies = self.documents + self.stubs
        report.citations = Counter(self.citations)
        report.measures = self.measures
        report.departments = self.departments
        report.institutions = self.institutions
        report.targets = self.targets
        report.longest_chain = [
            {"number": self.names[n][0], "title": self.names[n][1], "level": self.names[n][2]} for n in self.longest_chain()
        ]
        report.warnings.extend(self.warnings)


#: what the index reads of an extraction (:func:`_head_of`)
HEAD_KEYS = ("source", "sha256", "policy", "citations")


def _load_extraction(root: str | Path, sha: str) -> Extraction:
    """A cached extraction, corrected by the workspace's corrections (kg.corrections); its
    measures as read are kept for the take-up of its implements edges (:func:`_load_measures`)."""
    data = load_extraction_data(root, sha)
    _READ[:] = [(str(root), sha), data.get("measures", [])]
    return workspace_book(root).apply(Extraction.from_gold(data))


#: ((root, content hash), measures as JSON data) of the extraction read last: the piece a
#: worker makes of it is followed by the take-up of its implements edges, which reads the
#: local document's measures from here rather than its file again
_READ: list[Any] = [None, None]


def _head_of(root: str | Path, data: dict[str, Any]) -> DocumentHead:
    """The head of an extraction read as JSON ``data``, corrected: its policy and citations
    alone (:data:`HEAD_KEYS`), without building its measures and other facts."""
    return document_head(workspace_book(root).apply(Extraction.from_gold({k: data[k] for k in HEAD_KEYS if k in data})))


def _head_worker(args: tuple[str, list[str]]) -> list[DocumentHead]:
    root, shas = args
    return [_head_of(root, load_extraction_data(root, sha)) for sha in shas]


# --- in parallel ------------------------------------------------------------------------

#: set in the parent before the workers of pass 2 fork: (root, index, resolvers, parts folder)
_PASS2: dict[str, Any] = {}
#: documents per task of the passes over the cached extractions
TASK_DOCS = 64


@dataclass
class _Part:
    """A worker's answer for a run of documents: the quads of their pieces in an N-Quads
    file, and the small records the parent merges."""

    path: str | None
    quads: int
    pieces: list[Piece]
    #: the departments' tallies of these documents (:func:`department_tallies`)
    tallies: dict[str, Counter[str]] = field(default_factory=dict)
    #: their targets per deadline (:func:`target_tallies`)
    years: dict[str, Counter[str]] = field(default_factory=dict)
    #: (work, version) of the laws among them held in several versions
    versions: list[tuple[str, str]] = field(default_factory=list)
    #: what their standings are computed from (:func:`kg.graph.status.standing_facts`)
    standing: StandingFacts = field(default_factory=StandingFacts)
    #: the take-ups of their implements edges as N-Quads, in a file of their own
    #: (:func:`_pieces` loads them once a core is free) and how many quads it holds
    take_up_path: str | None = None
    take_up_quads: int = 0


def _run_pieces(root: str, shas: list[str], idx: CorpusIndex, resolvers: list[Resolver] | None,
                tallies: dict[str, Counter[str]], years: dict[str, Counter[str]]) -> Iterator[Piece]:
    """The pieces of a run of documents (pass 2), their departments' tallies and targets per
    deadline added to ``tallies`` and ``years`` as they pass."""
    for sha in shas:
        piece = document_piece(_load_extraction(root, sha), idx, resolvers)
        if piece is not None:
            sum_tallies(tallies, department_tallies(piece.graph))
            sum_tallies(years, target_tallies(piece.graph))
            yield piece


def _freeze_kept() -> None:
    """At the start of a worker's run of documents (pass 2): what the worker still holds
    from its earlier runs — the prepared directives it keeps for the take-up
    (:func:`kg.align.graph.kept_document`, up to ~220 MB of small objects), the measures
    and caches it read — is moved out of the garbage collector's generations once the
    collector has freed the runs' cycles (``gc.collect``, then ``gc.freeze``), so the
    full collections of the runs that follow do not walk it again and again (law corpus,
    2 workers: their collections 1.6 -> 0.7 CPU seconds). A frozen object is still freed
    when its last reference goes (a directive dropped from the cache: they hold no cycle).
    Only in a worker process: a build without workers leaves its own objects alone."""
    if multiprocessing.parent_process() is None:
        return
    gc.collect()
    gc.freeze()


def _part_worker(args: tuple[int, list[str]]) -> _Part:
    _freeze_kept()
    number, shas = args
    root, idx, resolvers, parts = (_PASS2[k] for k in ("root", "idx", "resolvers", "parts"))
    # one writer for the run (the level scheme, regions and issuers come once), each quad a
    # line of N-Quads: the store's bulk load reads text, and pyoxigraph objects cost more to
    # make than the text (kg.sinks.rdf.TextTerms)
    writer = QuadWriter(nx.MultiDiGraph(), text=True)
    quads: list[str] = list(writer.preamble())
    pieces: list[Piece] = []
    tallies: dict[str, Counter[str]] = {}
    years: dict[str, Counter[str]] = {}
    versions: list[tuple[str, str]] = []
    facts = StandingFacts()
    kept = kept_pairs(root)  # one for the run
    take_ups: list[str] = []  # the take-ups' lines, a string per implements edge
    for piece in _run_pieces(root, shas, idx, resolvers, tallies, years):
        versions.extend((u, v) for u, v, d in piece.graph.edges(data=True) if d.get("type") == EdgeKind.HAS_VERSION)
        facts.add(standing_facts(piece.graph))
        quads.extend(writer.body(piece.graph))
        take_ups.extend(_take_up_quads(root, _PASS2["documents"], piece.implements, kept))
        piece.graph = nx.MultiDiGraph()  # the parent needs the records, not the graph
        pieces.append(piece)
    path = take_up_path = None
    if pieces:
        path = str(Path(parts) / f"{number:07d}.nq")
        with open(path, "w", encoding="utf-8") as out:
            out.writelines(quads)
    if take_ups:
        take_up_path = str(Path(parts) / f"{number:07d}{TAKE_UP_PART}")
        with open(take_up_path, "w", encoding="utf-8") as out:
            out.writelines(take_ups)
    return _Part(path, len(quads), pieces, tallies, years, versions, facts, take_up_path, sum(map(text_lines, take_ups)))


#: the ending of a run's file of take-up quads in the parts folder
TAKE_UP_PART = ".takeups.nq"


def _graph_worker(args: tuple[int, list[str]]) -> _Part:
    """Like :func:`_part_worker`, for Neo4j: the pieces of a run of documents folded into one
    graph with the take-up edges between documents, planned as the loader's rows and
    pickled into the parts folder (:func:`kg.sinks.neo4j.write_run`); the pieces' records
    and tallies go back to the parent."""
    from kg.align.graph import implements_pairs, take_up_edges
    from kg.graph.resolve import fold
    from kg.sinks.neo4j import write_run

    _freeze_kept()
    number, shas = args
    root, idx, resolvers, parts, documents = (_PASS2[k] for k in ("root", "idx", "resolvers", "parts", "documents"))
    h = nx.MultiDiGraph()
    pieces: list[Piece] = []
    tallies: dict[str, Counter[str]] = {}
    years: dict[str, Counter[str]] = {}
    kept = kept_pairs(root)
    for piece in _run_pieces(root, shas, idx, resolvers, tallies, years):
        fold(h, piece.graph)
        for u, v in implements_pairs(piece.implements, lambda n: n in documents):
            for a, b, attrs in take_up_edges(u, lambda u=u: _load_measures(root, documents[u]), v,  # type: ignore[misc]
                                             lambda v=v: _load_measures(root, documents[v]), kept=kept,
                                             shas=(documents[u], documents[v]), title=lambda u=u, v=v: _cited_title(idx, u, v)):
                h.add_edge(a, b, key=EdgeKind.TAKES_UP.value, **attrs)
        piece.graph = nx.MultiDiGraph()
        pieces.append(piece)
    path = str(Path(parts) / f"{number:07d}.pickle")
    write_run(path, h, documents.__contains__)
    return _Part(path, h.number_of_nodes(), pieces, tallies, years)


def workspace_runs(workspace: Workspace, folder: Path, *, jobs: int | None = None, size: int = 256,
                   resolvers: list[Resolver] | None = None) -> tuple[nx.MultiDiGraph, list[str]]:
    """The resolved graph of the workspace in runs of ``size`` documents, never whole in
    memory (the Neo4j loader streams it: :func:`kg.sinks.neo4j.load_runs`): workers plan
    each run's graph (its documents' pieces and take-up edges; shared nodes bare) as the
    loader's rows and pickle them into ``folder`` (:func:`kg.sinks.neo4j.write_run`), so
    the load spends its time writing, not planning. Returns the shared nodes
    described (stubs, departments with their tallies and places, institutions; the targets
    per year as ``target_years``) and the pickles in order."""
    jobs = jobs or default_jobs()
    root = str(workspace.root)
    workspace_book(root)
    tasks = _chunks(workspace.extraction_shas(), size)
    ctx = _fork_context(jobs, len(tasks))
    idx = _index(root, tasks, ctx, jobs)
    folder.mkdir(parents=True, exist_ok=True)
    _PASS2.update(root=root, idx=idx, resolvers=resolvers, parts=str(folder),
                  documents={policy_node(key): owner[1] for key, owner in idx.owner.items()})
    shared, tallies, years, paths = SharedMerge(), {}, {}, []  # type: ignore[var-annotated]
    pool = None
    try:
        if ctx is not None:
            _warm_up()
            pool = forked_pool(ctx, jobs)
        for part in (pool.imap(_graph_worker, list(enumerate(tasks))) if pool else map(_graph_worker, enumerate(tasks))):
            for piece in part.pieces:
                shared.add(piece)
            sum_tallies(tallies, part.tallies)
            sum_tallies(years, part.years)
            paths.append(str(part.path))
    finally:
        _PASS2.clear()
        if pool is not None:
            pool.terminate()
            pool.join()
    g = shared.graph()
    workspace_book(root).mark_shared(g)
    add_tallies(g, tallies)
    add_target_tallies(g, years)
    return g, paths


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _warm_up() -> None:
    """Load what every worker of pass 2 needs once, before they fork (the gazetteer's
    region pattern, the level scheme)."""
    from kg.reference import find_region
    from kg.sinks.rdf import level_scheme_triples

    find_region("北京市")
    level_scheme_triples()


def forked_pool(ctx: Any, processes: int) -> Any:
    """A pool of ``processes`` workers forked from this process, whose garbage collector
    leaves alone what they inherit: the parent's objects (the corpus index, the tables, the
    warmed-up patterns) are moved out of the collected generations while the workers fork
    (``gc.freeze``), so a worker's collections do not walk them, nor touch their pages and
    copy them. The parent collects them again afterwards.

    >>> import multiprocessing
    >>> with forked_pool(multiprocessing.get_context("fork"), 1) as pool:
    ...     pool.apply(gc.get_freeze_count) > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    gc.freeze()
    try:
        return ctx.Pool(processes=processes)
    finally:
        gc.unfreeze()


def _fork_context(jobs: int, tasks: int) -> Any:
    """A fork context when the passes run in parallel, else None."""
    if jobs > 1 and tasks > 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _index(root: str, tasks: list[list[str]], ctx: Any, jobs: int, heads: dict[str, DocumentHead] | None = None) -> CorpusIndex:
    """Pass 1: the heads of the documents, folded into the index in order: those of
    ``heads`` (made beside the extraction) as they are, the others read by workers."""
    known = heads or {}
    idx = CorpusIndex()
    missing = [[sha for sha in t if sha not in known] for t in tasks]
    args = [(root, m) for m in missing if m]
    pool = forked_pool(ctx, jobs) if ctx is not None and len(args) > 1 else None
    try:
        read = pool.imap(_head_worker, args) if pool is not None else map(_head_worker, args)
        for t, m in zip(tasks, missing):
            got = dict(zip(m, next(read))) if m else {}
            for sha in t:
                idx.add(known[sha] if sha in known else got[sha])
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return idx


def _pieces(tasks: list[list[str]], ctx: Any, jobs: int, store: Any, shared: SharedMerge, s: GraphSummary,
            tallies: dict[str, Counter[str]], years: dict[str, Counter[str]]) -> None:
    """Pass 2: the pieces of runs of documents (made by workers that share :data:`_PASS2`),
    their quads bulk-loaded into ``store`` as they come (a few runs' files per load:
    :data:`LOAD_QUADS`), their records merged in order. The take-ups' quads wait
    (:class:`_TakeUpLoads`): while the workers align, both cores are busy and this
    process's loads are pass 2's longest path; when they are done, a core is free and the
    take-ups load in a thread beside the last of the runs' loads."""
    numbered = list(enumerate(tasks))
    pool = None
    waiting: list[str] = []  # parts not loaded yet
    pending = 0

    def load() -> None:
        nonlocal pending
        loading = time.perf_counter()
        bulk_load_files(store, waiting)
        s.timings["load"] += time.perf_counter() - loading
        waiting.clear()
        pending = 0

    later = None
    try:
        if ctx is not None:
            _warm_up()
            pool = forked_pool(ctx, jobs)
            later = _TakeUpLoads(store, len(numbered))
            asked = deque(pool.apply_async(_part_worker, (t,), callback=later.done, error_callback=later.failed) for t in numbered)
            results: Iterator[_Part] = (asked.popleft().get() for _ in range(len(asked)))  # a run's records let go once merged
        else:
            results = map(_part_worker, numbered)
        for part in results:
            for piece in part.pieces:
                s.add(piece, shared.add(piece))
            s.quads_emitted += part.quads + part.take_up_quads
            sum_tallies(tallies, part.tallies)
            sum_tallies(years, part.years)
            s.versions.extend(part.versions)
            s.standing.add(part.standing)
            if part.path:
                waiting.append(part.path)
                pending += part.quads
            if part.take_up_path and later is None:  # (no workers: the take-ups load with their run)
                waiting.append(part.take_up_path)
                pending += part.take_up_quads
            # while the take-ups load beside them, the runs load in smaller runs: the two
            # loads together hold no more quads in memory than one load of LOAD_QUADS
            if pending >= (LOAD_QUADS - TAKE_UP_LOAD if later is not None and later.busy else LOAD_QUADS):
                load()
        load()
        if later is not None:
            later.finish()
    finally:
        if later is not None:
            later.stop()
        if pool is not None:
            pool.terminate()
            pool.join()


class _TakeUpLoads:
    """The take-ups' files of pass 2's runs (:attr:`_Part.take_up_path`), bulk-loaded by a
    thread of their own (the store's load releases the interpreter's lock) once every run
    is done — or earlier, whenever :data:`TAKE_UP_WAIT` quads wait, so the end of pass 2
    never holds more than that. Measured on the 3,415 laws (their take-up quads all wait;
    ``benchmarks/take_up_cost.py``, medians of three): the build's added wall time for the
    take-up +6.1 -> +5.5 s with 7 quads a pair, and +4.2 s (+22 %) with 5; on 20,000
    synthetic documents (take-ups load while the workers run too) 94-96 s against 102-107 s
    for the build before, the parent's peak 650 against 593-600 MB.

    The pool's callbacks (:meth:`done`, :meth:`failed`) note each run as it ends; the
    parent's loop calls :meth:`finish` after its own last load, and :meth:`stop` always
    (a failed pass 2 loads nothing more)."""

    def __init__(self, store: Any, runs: int) -> None:
        self.store, self.left = store, runs
        self.files: list[tuple[str, int]] = []  # (path, quads) of the files waiting
        self.error: BaseException | None = None
        self.cancelled = False
        self.busy = False  # loading
        self.ready = threading.Condition()
        self.thread = threading.Thread(target=self._load, name="take-ups", daemon=True)
        self.thread.start()

    def done(self, part: _Part) -> None:
        with self.ready:
            if part.take_up_path:
                self.files.append((part.take_up_path, part.take_up_quads))
            self.left -= 1
            self.ready.notify()

    def failed(self, _exc: BaseException) -> None:
        with self.ready:
            self.left -= 1
            self.ready.notify()

    def _load(self) -> None:
        while True:
            with self.ready:
                self.ready.wait_for(lambda: self.cancelled or self.left <= 0 or sum(q for _, q in self.files) >= TAKE_UP_WAIT)
                if self.cancelled or (not self.files and self.left <= 0):
                    return
                batch, self.files = self.files, []
                self.busy = True
            try:
                for run in _runs_of(batch, TAKE_UP_LOAD):
                    bulk_load_files(self.store, run)
            except BaseException as exc:  # noqa: BLE001 - raised again by finish()
                self.error = exc
                return
            finally:
                self.busy = False

    def finish(self) -> None:
        """Wait for the last loads; raise what they raised."""
        self.thread.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        with self.ready:
            self.cancelled = True
            self.ready.notify()
        self.thread.join()


def _runs_of(files: list[tuple[str, int]], size: int) -> list[list[str]]:
    """The paths of ``files`` ((path, quads), in order) in runs of about ``size`` quads.

    >>> _runs_of([("a", 5), ("b", 5), ("c", 5)], 10)
    [['a', 'b'], ['c']]
    """
    out: list[list[str]] = []
    n = size
    for path, quads in files:
        if n >= size:
            out.append([])
            n = 0
        out[-1].append(path)
        n += quads
    return out


#: quads per bulk load of the store while pass 2 runs: the workers' parts (~30,000-45,000
#: quads of 64 documents) are loaded several at a time, as one stream. Each load writes its
#: own sorted files into the store: fewer, larger ones cost less CPU (measured, 48 parts:
#: 13.8 s one by one, 12.7 s four at a time, 12.2 s eight; pass 2 of 10,000 documents, the
#: parent's CPU against 100,000 quads a load: 0.93-0.95 with 200,000, 0.89-0.90 with 300,000),
#: but the loader holds a load's quads in memory (~0.9 KB each; the parent's peak at 10,000
#: documents 315, 332, 455 MB with 100,000, 200,000, 300,000), which the parent's peak must
#: leave room for: at 100,000 documents 854-873 MB with 100,000 (loads of ~120,000 quads),
#: 896 MB with 200,000 (~210,000), 927 MB with 300,000 (~300,000)
LOAD_QUADS = 300_000
#: quads per bulk load of the take-ups (:class:`_TakeUpLoads`): half of :data:`LOAD_QUADS`, and
#: the runs' loads beside them the other half, as each load holds its quads in memory
TAKE_UP_LOAD = LOAD_QUADS // 2
#: the take-up quads that may wait for pass 2's workers to end (:class:`_TakeUpLoads`): ~7 CPU
#: seconds of loading at most left for the end
TAKE_UP_WAIT = 1_200_000


def bulk_load_files(store: Any, paths: list[str]) -> None:
    """Bulk-load the N-Quads files ``paths`` (written by :class:`kg.sinks.rdf.QuadWriter`:
    its IRIs are percent-encoded and its literals escaped, so the store need not check
    them again) into ``store`` as one file, and remove them. The store reads a file by its
    path faster than a Python stream of the same lines (measured: 200,000 quads a load,
    2.5 CPU s from a path or from bytes in memory, 3.0 s from a stream)."""
    import pyoxigraph

    if not paths:
        return
    path = paths[0]
    if len(paths) > 1:
        path = paths[0] + ".all"
        with open(path, "wb") as out:
            for part in paths:
                with open(part, "rb") as fh:
                    shutil.copyfileobj(fh, out, 1 << 20)
    try:
        store.bulk_load(path=path, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
    finally:
        for part in {*paths, path}:
            os.unlink(part)


def _take_up_quads(root: str, documents: dict[str, str], implements: list[tuple[str, str]], kept: KeptPairs | None = None) -> list[str]:
    """The quads of the take-up edges of a piece's implements edges between two documents
    (``documents``: policy node -> content hash), as lines of N-Quads (a string holds an
    edge's lines: :func:`kg.sinks.rdf.text_lines` counts them), measures read from
    the cached extractions (:func:`kg.align.graph.take_up_quads`), pairs kept in ``kept``
    (default: the workspace's, :func:`kept_pairs`)."""
    from kg.align.graph import implements_pairs, take_up_quads

    pairs = implements_pairs(implements, lambda n: n in documents)
    if not pairs:
        return []
    # the collector paused: the alignment's containers (measures, units, rows) hold no cycle,
    # and the collections their allocations set off walked the run's pieces, not garbage
    enabled = gc.isenabled()
    gc.disable()
    kept = kept if kept is not None else kept_pairs(root)
    try:
        # a directive is prepared once per worker (keyed by its content hash), not once per edge
        idx = _PASS2.get("idx")
        with _one_blas_thread(kept.settings is not None and kept.settings.meaning is not None):
            return list(take_up_quads(pairs, lambda p: _load_measures(root, documents[p]), key_of=lambda p: (root, documents[p]),
                                      kept=kept, sha_of=documents.__getitem__, text=True, title_of=lambda u, v: _cited_title(idx, u, v)))
    finally:
        if enabled:
            gc.enable()


def _one_blas_thread(limit: bool) -> Any:
    """With ``limit``, a context in which numpy's BLAS runs on one thread (threadpoolctl):
    the meaning signal's matrix products are many and small, and a worker per core whose
    BLAS starts a thread per core spends more time waiting on them than computing (the law
    corpus built with ``--meaning``: 169 s wall, 77 s on one thread)."""
    import contextlib

    if not limit:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _cited_title(idx: CorpusIndex | None, local: str, parent: str) -> str:
    """The title of the document of ``parent`` as pass 1 read it, when the document of
    ``local`` names the articles of its text (:func:`kg.align.core.numbered_as_cited`)."""
    from kg.align.core import numbered_as_cited

    if idx is None or parent not in idx.names:
        return ""
    return numbered_as_cited(idx.names[parent][1] or "", idx.dates.get(parent), idx.dates.get(local))


def _load_measures(root: str, sha: str) -> list[Measure]:
    """The measures of a cached extraction, nothing else decoded (:func:`kg.align.graph.measures_data`):
    those of the extraction read last as they were read, else from its file (:func:`_read_measures`)."""
    if _READ[0] == (root, sha):
        return _measures_of(_READ[1])
    return _read_measures(root, sha)


@lru_cache(maxsize=256)
def _read_measures(root: str, sha: str) -> list[Measure]:
    from kg.align.graph import measures_data
    from kg.workspace import extraction_path

    # decoded as bytes, not read as text: a text file's reader passes every character through
    # its decoder of line ends, and JSON reads a line end as any white space
    return _measures_of(measures_data(extraction_path(root, sha).read_bytes().decode("utf-8")))


def _measures_of(data: list[dict[str, Any]]) -> list[Measure]:
    return [Measure(m["key"], m["number"], m["text"], Span(*m["span"]), m.get("parent"), m.get("kind") or "measure", m.get("heading") or "")
            for m in data]


def _compact(store: Any, failed: list[Exception]) -> None:
    """Compact ``store`` (``optimize``), run in a thread of its own: an error is put in
    ``failed`` for the build to report, not lost with the thread (a store that could not be
    compacted holds every quad, only slower to ask)."""
    try:
        store.optimize()
    except Exception as exc:  # noqa: BLE001 - whatever the store raises is reported
        failed.append(exc)


#: quads per bulk load of the shared nodes: their lines are made and loaded a run at a time,
#: never all in memory (a department's tally and places are ~25 quads; at 100,000 documents
#: the departments alone are ~1 million)
SHARED_RUN = 50_000


def load_lines_in_runs(store: Any, lines: Iterator[str], folder: str | Path, size: int = SHARED_RUN) -> int:
    """Bulk-load the N-Quads ``lines`` (of :class:`kg.sinks.rdf.QuadWriter`'s text writer)
    into ``store`` ``size`` at a time, each run written to a file in ``folder`` and loaded
    from there (:func:`bulk_load_files`), so no run's text is held in memory; returns how
    many. Lines cost less to make than pyoxigraph quads, and the store reads them as fast."""
    n = 0
    while first := list(islice(lines, min(size, 4096))):
        fd, path = tempfile.mkstemp(suffix=".nq", dir=folder)
        try:
            with open(fd, "w", encoding="utf-8") as out:
                out.writelines(first)
                n += len(first)
                run = islice(lines, size - len(first))
                while batch := list(islice(run, 4096)):
                    out.writelines(batch)
                    n += len(batch)
        except BaseException:
            os.unlink(path)
            raise
        bulk_load_files(store, [path])
    return n


def load_graph(
    workspace: Workspace, store: Any, summary: GraphSummary | None = None, resolvers: list[Resolver] | None = None, *,
    jobs: int | None = None, compact: bool = False, heads: dict[str, DocumentHead] | None = None,
) -> None:
    """Resolve the workspace's graph into ``store``, in parallel and streaming.

    Pass 1 reads the heads of the cached extractions (workers; not those of ``heads``, made
    beside their extraction by the build, which are cleared once folded) and folds the
    index in the parent. Pass 2 forks workers that share the index; each turns a run of documents into
    pieces, writes their quads as an N-Quads file and hands back the small records; the
    parent merges the records in graph order and bulk-loads each file as it comes. The last
    piece — stubs, departments, institutions — is loaded at the end; with ``compact``, the
    store compacts what pass 2 loaded (``optimize``) meanwhile, in a thread of its own.
    """
    s = summary if summary is not None else GraphSummary()
    jobs = jobs or default_jobs()
    root = str(workspace.root)
    workspace_book(root)  # read (and checked) once, before the workers fork
    clock = time.perf_counter()
    s.cpu_mark = cpu_seconds()
    tasks = _chunks(workspace.extraction_shas(), TASK_DOCS)
    ctx = _fork_context(jobs, len(tasks))
    idx = _index(root, tasks, ctx, jobs, heads)
    if heads:
        heads.clear()  # folded into the index: pass 2 does not hold them beside it
    s.start(idx)
    s.timings["index"] += time.perf_counter() - clock
    s.cpu_mark = add_cpu(s.cpu, "index", s.cpu_mark)
    clock = time.perf_counter()
    shared = SharedMerge()
    parts = Path(root) / "store.parts"
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    _PASS2.update(root=root, idx=idx, resolvers=resolvers, parts=str(parts),
                  documents={policy_node(key): owner[1] for key, owner in idx.owner.items()})
    tallies: dict[str, Counter[str]] = {}
    years: dict[str, Counter[str]] = {}
    try:
        _pieces(tasks, ctx, jobs, store, shared, s, tallies, years)
    finally:
        _PASS2.clear()
        shutil.rmtree(parts, ignore_errors=True)
    s.timings["pieces"] += time.perf_counter() - clock - s.timings["load"]
    s.cpu_mark = add_cpu(s.cpu, "pass2", s.cpu_mark)
    clock = time.perf_counter()
    # the store compacts what pass 2 loaded (one core, the store's own thread) while this
    # thread merges the shared nodes (the other core); their quads, a small part, are
    # written while it runs and not compacted again
    failed: list[Exception] = []
    compacting = threading.Thread(target=_compact, args=(store, failed), name="compact") if compact else None
    try:
        if compacting is not None:
            compacting.start()
        s.finish(shared)
        shared_graph = shared.graph()
        workspace_book(root).mark_shared(shared_graph)
        add_tallies(shared_graph, tallies)
        add_target_tallies(shared_graph, years)
        add_implementer_counts(shared_graph, [*s.chain.edges, *s.versions], s.standing)
        s.quads_emitted += load_lines_in_runs(store, graph_quads(shared_graph, text=True), root)
        s.timings["shared"] += time.perf_counter() - clock
    finally:
        if compacting is not None:
            clock = time.perf_counter()
            compacting.join()
            s.timings["compact"] += time.perf_counter() - clock
            s.warnings.extend(f"store: its compaction failed ({exc}); it holds every quad, but its questions may "
                              "be slower until the next build compacts it" for exc in failed)
    s.cpu_mark = add_cpu(s.cpu, "shared", s.cpu_mark)
