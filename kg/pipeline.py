"""The main job: files -> extractions -> resolved graph -> store.

``run_build`` reads every document (in worker processes), keeps each extraction in the
workspace keyed by the content hash (an unchanged file is not read again), resolves the
graph over the whole workspace and replaces the store in one swap. A file that cannot be
read is reported and skipped; everything else goes on.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.extract import extract
from kg.graph.resolve import longest_chain
from kg.ingest import MAX_BYTES, IngestError, iter_document_paths, read_document
from kg.models import Extraction
from kg.workspace import Workspace


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


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def extract_file(path: str, max_bytes: int = MAX_BYTES) -> Extraction | Failure:
    """Read and extract one file; never raises for a bad file."""
    try:
        return extract(read_document(path, max_bytes=max_bytes))
    except IngestError as exc:
        return Failure(path, exc.reason)
    except RecursionError:
        return Failure(path, "the document is nested too deeply to read")
    except Exception as exc:  # a bug must not stop the batch; it is reported with the file
        return Failure(path, f"internal error while extracting ({type(exc).__name__}: {exc}); please report it")


def _extract_worker(args: tuple[str, int]) -> Extraction | Failure:
    return extract_file(*args)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def summarise(g: nx.MultiDiGraph, report: BuildReport) -> None:
    types = Counter(d.get("type") for _, d in g.nodes(data=True))
    report.policies = types["Policy"]
    report.stubs = sum(1 for _, d in g.nodes(data=True) if d.get("type") == "Policy" and d.get("stub"))
    report.documents = report.policies - report.stubs
    report.citations = Counter(d["relation"] for _, _, d in g.edges(data=True) if d.get("type") == "CITATION")
    report.measures = types["Measure"]
    report.departments = types["Department"]
    report.institutions = types["Institution"]
    report.targets = types["Target"]
    report.longest_chain = [{"number": g.nodes[n].get("number"), "title": g.nodes[n].get("title"), "level": g.nodes[n].get("level")} for n in longest_chain(g)]


def run_build(
    paths: list[str],
    workspace: Workspace,
    *,
    jobs: int | None = None,
    max_bytes: int = MAX_BYTES,
    prune: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildReport:
    report = BuildReport()
    files = iter_document_paths(paths)
    sources = workspace.sources()
    todo: list[Path] = []
    for f in files:
        key = str(f.resolve())
        try:
            sha = file_sha256(f) if f.is_file() else None
        except OSError as exc:
            report.failed.append(Failure(str(f), f"cannot be read: {exc.strerror or exc}"))
            continue
        if sha and workspace.has_extraction(sha):
            sources[key] = {"sha256": sha, "name": f.name}
            report.reused += 1
            if progress:
                progress(report.reused + report.read + len(report.failed), len(files), f.name)
            continue
        todo.append(f)
    jobs = jobs or default_jobs()
    args = [(str(f), max_bytes) for f in todo]
    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = pool.map(_extract_worker, args, chunksize=max(1, min(16, len(args) // (jobs * 4) or 1)))
            _collect(todo, results, workspace, sources, report, len(files), progress)
    else:
        _collect(todo, map(_extract_worker, args), workspace, sources, report, len(files), progress)
    if prune:
        wanted = {str(f.resolve()) for f in files}
        for key in list(sources):
            if key not in wanted:
                del sources[key]
    workspace.save_sources(sources)
    workspace.prune_extractions()
    g = workspace.graph()
    report.quads = workspace.write_store(g)
    summarise(g, report)
    return report


def run_remove(paths: list[str], workspace: Workspace) -> tuple[list[str], BuildReport]:
    """Take documents (files, or every document under a folder) out of the workspace; the
    graph is resolved again, so their facts go and stubs that others still cite stay."""
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
    g = workspace.graph()
    report.quads = workspace.write_store(g)
    summarise(g, report)
    return removed, report


def _collect(todo, results, workspace, sources, report, total, progress) -> None:  # type: ignore[no-untyped-def]
    for f, res in zip(todo, results):
        if isinstance(res, Failure):
            report.failed.append(res)
            # a file that read before and fails now keeps its earlier facts: nothing stored is lost
        else:
            workspace.save_extraction(res)
            sources[str(f.resolve())] = {"sha256": res.sha256, "name": f.name}
            report.read += 1
            report.warnings.extend(f"{f}: {w}" for w in res.warnings if "SQL INSERT" not in w)
        if progress:
            progress(report.reused + report.read + len(report.failed), total, f.name)
