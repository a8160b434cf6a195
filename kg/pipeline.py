"""The main job: files -> extractions -> resolved graph -> store.

``run_build`` reads every document in worker processes (all cores by default); each worker
saves its extraction in the workspace keyed by the content hash and hands back only a few
words (an unchanged file is not read again). The graph is then resolved over the whole
workspace and the store replaced in one swap. A file that cannot be read is reported and
skipped; everything else goes on.

Memory stays bounded by the size of the corpus *index*, not of the corpus: resolution runs
in two streaming passes over the cached extractions (:func:`stream_graph_quads`) —

1. an index of what each document is (number, titles) and which numbers citations give for
   titles, exactly as :func:`kg.graph.resolve.index_corpus` builds it;
2. document by document, its citations resolved against the index, its node, citations,
   measures, departments, institutions and targets as a small graph turned into quads
   (:func:`kg.sinks.rdf.graph_quads`) that go straight into the new store.

What crosses documents is kept as small records: stubs (policies only cited) with the
attributes the first citation gave them, the first kind seen for a department, the
institutions already described, and the implements edges for the longest chain. The quads
are the same set as ``graph_quads(build_graph(extractions))`` (tested).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import networkx as nx

from kg.extract import extract
from kg.extract.docnumber import is_placeholder
from kg.graph.resolve import (
    CorpusIndex,
    Resolver,
    _policy_attrs,
    add_details,
    citation_attrs,
    dag_longest_chain,
    document_key,
    policy_node,
    resolve_citation,
    stub_attrs,
    title_key,
)
from kg.ingest import MAX_BYTES, IngestError, iter_document_paths, read_document
from kg.models import Extraction, SourceText
from kg.workspace import Workspace, extraction_path, save_extraction


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
    #: seconds per phase of the graph's resolution (index, pieces, load, shared, store: flush + optimize + swap)
    timings: dict[str, float] = field(default_factory=dict)


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


def _extract_worker(args: tuple[int, str, int, str]) -> _Done:
    """Extract one file and save its extraction in the workspace at ``root``."""
    index, path, max_bytes, root = args
    res = extract_file(path, max_bytes)
    if isinstance(res, Failure):
        return _Done(index, failure=res)
    try:
        save_extraction(root, res)
    except OSError as exc:
        return _Done(index, failure=Failure(path, f"cannot save its extraction in the workspace: {exc.strerror or exc}"))
    return _Done(index, res.sha256, tuple(res.warnings))


def default_jobs() -> int:
    """Every core the process may run on (at most 8)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _map_extract(args: list[tuple[int, str, int, str]], jobs: int) -> Iterator[_Done]:
    """Results as they come (any order); one process when ``jobs`` is 1 or there is one file."""
    if jobs <= 1 or len(args) <= 1:
        yield from map(_extract_worker, args)
        return
    chunk = max(1, min(8, len(args) // (jobs * 8)))
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ctx.Pool(processes=min(jobs, len(args))) as pool:
        yield from pool.imap_unordered(_extract_worker, args, chunksize=chunk)


def run_build(
    paths: list[str],
    workspace: Workspace,
    *,
    jobs: int | None = None,
    max_bytes: int = MAX_BYTES,
    prune: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildReport:
    with workspace.lock():
        return _run_build(paths, workspace, jobs=jobs, max_bytes=max_bytes, prune=prune, progress=progress)


def _run_build(
    paths: list[str],
    workspace: Workspace,
    *,
    jobs: int | None,
    max_bytes: int,
    prune: bool,
    progress: Callable[[int, int, str], None] | None,
) -> BuildReport:
    report = BuildReport()
    files = iter_document_paths(paths)
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
        key = str(f.resolve())
        try:
            sha = file_sha256(f) if f.is_file() else None
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
    for res in _map_extract(args, jobs or default_jobs()):
        f = todo[res.index]
        if res.failure is not None:
            report.failed.append(res.failure)
            reasons[res.index] = res.failure.reason
            # a file that read before and fails now keeps its earlier facts: nothing stored is lost
        else:
            sources[str(f.resolve())] = {"sha256": res.sha256, "name": f.name}
            report.read += 1
            report.warnings.extend(f"{f}: {w}" for w in res.warnings if "SQL INSERT" not in w)
        tick(f.name)
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
    resolve_and_store(workspace, report, jobs=jobs)
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


def resolve_and_store(workspace: Workspace, report: BuildReport, resolvers: list[Resolver] | None = None, *, jobs: int | None = None) -> None:
    """Resolve the workspace's extractions into the graph and replace the store with it,
    streaming (see :func:`load_graph`); fills the graph figures of ``report``."""
    summary = GraphSummary()
    clock = time.perf_counter()
    report.quads = workspace.write_store_with(lambda store: load_graph(workspace, store, summary, resolvers, jobs=jobs))
    summary.timings["store"] = time.perf_counter() - clock - sum(summary.timings.values())
    summary.fill(report)
    report.timings = dict(summary.timings)


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
    names: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    #: what the pieces gave, and seconds per phase (index, pieces, load, shared), for benchmarks
    quads_emitted: int = 0
    timings: Counter[str] = field(default_factory=Counter)

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


Names = tuple[str | None, str | None, str | None]
#: what pass 1 keeps of a document: sha, key, source, number, titles, (title, number) pairs its citations give
_Head = tuple[str, str, str, "str | None", list[str], list[tuple[str, str]], Names]


def _read_head(root: str, sha: str) -> _Head:
    """The few fields of a cached extraction that the index needs (no dataclasses built)."""
    data = json.loads(extraction_path(root, sha).read_text(encoding="utf-8"))
    p = data["policy"]
    number = p.get("doc_number")
    key = number if number and not is_placeholder(number) else "doc-" + sha[:16]
    titles = [t for t in [p.get("title"), *(p.get("alt_titles") or [])] if t]
    pairs = [(c["title"], c["doc_number"]) for c in data.get("citations", []) if c.get("title") and c.get("doc_number") and not is_placeholder(c["doc_number"])]
    return sha, key, data["source"], number, titles, pairs, (number, p.get("title"), p.get("level"))


def _head_worker(args: tuple[str, list[str]]) -> list[_Head]:
    root, shas = args
    return [_read_head(root, sha) for sha in shas]


def build_index(heads: Iterable[_Head]) -> tuple[CorpusIndex, dict[str, str], dict[str, Names]]:
    """The corpus index exactly as :func:`kg.graph.resolve.index_corpus` builds it, the
    source of the document that owns each document key (the first: a reprint of a policy
    adds nothing), and number, title, level of each document's policy — from the heads of
    the documents in graph order."""
    idx = CorpusIndex()
    owner: dict[str, str] = {}
    names: dict[str, Names] = {}
    for _sha, key, source, number, titles, pairs, name in heads:
        if number and not is_placeholder(number):
            idx.by_number.setdefault(number, key)
        for t in titles:
            idx.by_title.setdefault(title_key(t), key)
        for title, cited in pairs:
            idx.number_for_title.setdefault(title_key(title), cited)
        if key not in owner:
            owner[key] = source
            names[policy_node(key)] = name
    return idx, owner, names


@dataclass
class Piece:
    """One document's part of the graph, and what it says about nodes other documents share."""

    graph: nx.MultiDiGraph
    #: (stub node, its attributes from this citation, cited title, cited number), in order
    stubs: list[tuple[str, dict[str, Any], str | None, str | None]] = field(default_factory=list)
    #: (name, kind, aliases) of each department and institution named
    departments: list[tuple[str, str, list[str]]] = field(default_factory=list)
    institutions: list[tuple[str, str, list[str]]] = field(default_factory=list)
    measures: int = 0
    targets: int = 0
    citations: Counter[str] = field(default_factory=Counter)
    implements: list[tuple[str, str]] = field(default_factory=list)


def document_piece(e: Extraction, idx: CorpusIndex, owner: dict[str, str], resolvers: list[Resolver] | None = None) -> Piece | None:
    """The part of the resolved graph that ``e`` alone describes: its policy node, its
    citations (the policies it cites as bare nodes), measures, responsibilities, targets and
    mentions (departments and institutions as bare nodes, described once for the whole
    graph by :func:`shared_graph`). None for a second file of a policy already held."""
    key = document_key(e)
    if owner.get(key) != e.source:
        return None
    src = policy_node(key)
    h = nx.MultiDiGraph()
    h.add_node(src, **_policy_attrs(e))
    piece = Piece(h)
    for c in e.citations:
        k = resolve_citation(c, idx, resolvers)
        if k is None:
            continue
        dst = policy_node(k)
        if dst == src:
            continue
        if k not in owner:
            piece.stubs.append((dst, stub_attrs(c, k), c.title, c.doc_number))
        if dst not in h:
            h.add_node(dst)
        h.add_edge(src, dst, key=c.relation, **citation_attrs(c, e.source))
    add_details(h, src, e)
    for _node, d in h.nodes(data=True):
        t = d.get("type")
        if t == "Department":
            piece.departments.append((d["name"], d.get("kind") or "government", list(d.get("aliases") or [])))
            d.clear()
        elif t == "Institution":
            piece.institutions.append((d["name"], d.get("kind") or "school", list(d.get("aliases") or [])))
            d.clear()
        elif t == "Measure":
            piece.measures += 1
        elif t == "Target":
            piece.targets += 1
    for u, v, d in h.edges(data=True):
        if d.get("type") == "CITATION":
            piece.citations[d["relation"]] += 1
            if d["relation"] == "implements":
                piece.implements.append((u, v))
    return piece


class SharedNodes:
    """Stubs, departments and institutions, merged across documents in graph order exactly
    as :func:`kg.graph.resolve.build_graph` merges them: a stub keeps what the first citation
    said and takes a missing title or number from later ones; a department keeps the first
    kind and gathers every alias; an institution is described by the first document."""

    def __init__(self) -> None:
        self.stubs: dict[str, dict[str, Any]] = {}
        self.departments: dict[str, tuple[str, list[str]]] = {}
        self.institutions: dict[str, tuple[str, list[str]]] = {}

    def add(self, piece: Piece, summary: GraphSummary) -> None:
        for node, attrs, title, number in piece.stubs:
            have = self.stubs.get(node)
            if have is None:
                self.stubs[node] = attrs
                summary.chain.add_node(node)
                continue
            if not have.get("title") and title:
                have["title"] = title
            if not have.get("number") and number and not is_placeholder(number):
                have["number"] = number
        for name, kind, aliases in piece.departments:
            if name not in self.departments:
                self.departments[name] = (kind, [])
            known = self.departments[name][1]
            known.extend(a for a in aliases if a not in known)
        for name, kind, aliases in piece.institutions:
            self.institutions.setdefault(name, (kind, aliases))
        summary.measures += piece.measures
        summary.targets += piece.targets
        summary.citations.update(piece.citations)
        for u, v in piece.implements:
            summary.chain.add_edge(u, v)

    def graph(self, summary: GraphSummary) -> nx.MultiDiGraph:
        """The shared nodes as one last piece."""
        g = nx.MultiDiGraph()
        for node, attrs in self.stubs.items():
            g.add_node(node, **attrs)
            summary.names[node] = (attrs.get("number"), attrs.get("title"), attrs.get("level"))
        for name, (kind, aliases) in self.departments.items():
            g.add_node(f"department:{name}", type="Department", name=name, kind=kind, aliases=aliases)
        for name, (kind, aliases) in self.institutions.items():
            g.add_node(f"institution:{name}", type="Institution", name=name, kind=kind, aliases=list(aliases))
        summary.stubs = len(self.stubs)
        summary.departments = len(self.departments)
        summary.institutions = len(self.institutions)
        return g


def document_graphs(workspace: Workspace, summary: GraphSummary | None = None, resolvers: list[Resolver] | None = None) -> Iterator[nx.MultiDiGraph]:
    """The resolved graph in pieces, in one process: one small graph per document, then one
    of the nodes documents share. The union of the pieces' quads is the quads of
    ``build_graph(workspace.extractions())`` (tested)."""
    s = summary if summary is not None else GraphSummary()
    shas = workspace.extraction_shas()
    root = str(workspace.root)
    idx, owner, names = build_index(_read_head(root, sha) for sha in shas)
    _start_summary(s, owner, names)
    shared = SharedNodes()
    for e in workspace.iter_extractions(shas):
        piece = document_piece(e, idx, owner, resolvers)
        if piece is not None:
            shared.add(piece, s)
            yield piece.graph
    yield shared.graph(s)


def _start_summary(s: GraphSummary, owner: dict[str, str], names: dict[str, Names]) -> None:
    s.names = names
    s.documents = len(owner)
    for node in names:
        s.chain.add_node(node)


def stream_graph_quads(workspace: Workspace, summary: GraphSummary | None = None, resolvers: list[Resolver] | None = None) -> Iterator[Any]:
    """Quads of the resolved graph of the workspace, piece by piece, in one process (a quad
    shared by two pieces — a region, the level scheme — comes once per piece)."""
    from kg.sinks.rdf import graph_quads

    for piece in document_graphs(workspace, summary, resolvers):
        yield from graph_quads(piece)


# --- in parallel ------------------------------------------------------------------------

#: set in the parent before the workers of pass 2 fork: (root, index, owner, resolvers, parts folder)
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


def _part_worker(args: tuple[int, list[str]]) -> _Part:
    import pyoxigraph

    from kg.sinks.rdf import graph_quads

    number, shas = args
    root, idx, owner, resolvers, parts = (_PASS2[k] for k in ("root", "idx", "owner", "resolvers", "parts"))
    ws_root = Path(root)
    quads: list[Any] = []
    pieces: list[Piece] = []
    for sha in shas:
        e = Extraction.from_gold(json.loads(extraction_path(ws_root, sha).read_text(encoding="utf-8")))
        piece = document_piece(e, idx, owner, resolvers)
        if piece is None:
            continue
        quads.extend(graph_quads(piece.graph))
        piece.graph = nx.MultiDiGraph()  # the parent needs the records, not the graph
        pieces.append(piece)
    path = None
    quads = list(dict.fromkeys(quads))  # the level scheme, regions and issuers come once per piece
    if quads:
        path = str(Path(parts) / f"{number:07d}.nq")
        pyoxigraph.serialize(quads, output=path, format=pyoxigraph.RdfFormat.N_QUADS)
    return _Part(path, len(quads), pieces)


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _warm_up() -> None:
    """Load what every worker of pass 2 needs once, before they fork (the gazetteer's
    region pattern, the level scheme)."""
    from kg.reference import find_region
    from kg.sinks.rdf import level_scheme_triples

    find_region("北京市")
    level_scheme_triples()


def load_graph(
    workspace: Workspace, store: Any, summary: GraphSummary | None = None, resolvers: list[Resolver] | None = None, *, jobs: int | None = None
) -> None:
    """Resolve the workspace's graph into ``store``, in parallel and streaming.

    Pass 1 reads the heads of the cached extractions (workers) and builds the index in the
    parent. Pass 2 forks workers that share the index; each turns a run of documents into
    pieces, writes their quads as an N-Quads file and hands back the small records; the
    parent merges the records in graph order and bulk-loads each file as it comes. The last
    piece — stubs, departments, institutions — is loaded at the end.
    """
    import pyoxigraph

    from kg.sinks.rdf import graph_quads

    s = summary if summary is not None else GraphSummary()
    jobs = jobs or default_jobs()
    root = str(workspace.root)
    clock = time.perf_counter()
    shas = workspace.extraction_shas()
    tasks = _chunks(shas, TASK_DOCS)
    parallel = jobs > 1 and len(tasks) > 1
    ctx = multiprocessing.get_context("fork") if parallel and "fork" in multiprocessing.get_all_start_methods() else None
    parallel = ctx is not None
    if parallel:
        with ctx.Pool(processes=jobs) as pool:  # type: ignore[union-attr]
            heads = (h for part in pool.imap(_head_worker, [(root, t) for t in tasks]) for h in part)
            idx, owner, names = build_index(heads)
    else:
        idx, owner, names = build_index(_read_head(root, sha) for sha in shas)
    _start_summary(s, owner, names)
    s.timings["index"] += time.perf_counter() - clock
    clock = time.perf_counter()
    shared = SharedNodes()
    parts = Path(root) / "store.parts"
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    _PASS2.update(root=root, idx=idx, owner=owner, resolvers=resolvers, parts=str(parts))
    try:
        numbered = list(enumerate(tasks))
        if parallel:
            _warm_up()
            pool = ctx.Pool(processes=jobs)  # type: ignore[union-attr]
            results: Iterator[_Part] = pool.imap(_part_worker, numbered)
        else:
            pool = None
            results = map(_part_worker, numbered)
        try:
            for part in results:
                for piece in part.pieces:
                    shared.add(piece, s)
                s.quads_emitted += part.quads
                if part.path:
                    loading = time.perf_counter()
                    store.bulk_load(path=part.path, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)  # terms pyoxigraph made
                    s.timings["load"] += time.perf_counter() - loading
                    os.unlink(part.path)
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
    finally:
        _PASS2.clear()
        shutil.rmtree(parts, ignore_errors=True)
    s.timings["pieces"] += time.perf_counter() - clock - s.timings["load"]
    clock = time.perf_counter()
    last = list(graph_quads(shared.graph(s)))
    s.quads_emitted += len(last)
    store.bulk_extend(last)
    s.timings["shared"] += time.perf_counter() - clock
