"""``kg`` commands: reading documents into the workspace and taking them out again, and
extracting documents to JSON.

==============================  ==============================================================
``kg build PATHS``              read documents, extract, resolve across documents, store the
                                graph in the workspace (unchanged files are not read again)
``kg remove PATHS``             take documents out of the workspace
``kg extract FILES --out DIR``  one JSON per document in the gold format (FORMAT.md)
==============================  ==============================================================
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.markup import escape
from rich.table import Table

from kg.commands.common import JsonOpt, LangOpt, WorkspaceOpt, console, err, fail, tr
from kg.i18n import language
from kg.workspace import DEFAULT_WORKSPACE, Workspace, WorkspaceError

commands = typer.Typer()


@commands.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders of policy documents (.txt in any encoding, .html, .docx, .pdf); none: the documents the workspace holds (this upgrades a workspace written by an older kg).")] = None,
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for extraction (default: the number of cores).")] = 0,
    max_mb: Annotated[int, typer.Option("--max-mb", help="Skip files larger than this many MB.")] = 64,
    prune: Annotated[bool, typer.Option("--prune", help="Remove documents from the workspace that are not among PATHS.")] = False,
    meaning: Annotated[Optional[bool], typer.Option("--meaning/--no-meaning", show_default=False,
        help="Take-ups (kg adoption, kg uptake) also from measures alike in meaning, not only in wording: word vectors learned from "
             "the corpora find restatements in other words (higher recall, lower precision on the annotated pairs left out), "
             "at several times the take-ups' time. Kept by the workspace until --no-meaning; default: as the workspace has it (off).")] = None,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Read documents into the workspace's graph.

    Extracts policies and citations, resolves them across documents and stores the graph in
    the workspace. Files already built and unchanged are not read again;
    a file that cannot be read is reported and the rest goes on (exit code 1).
    The workspace's corrections (`kg corrections`) are applied again; one that no longer
    finds its fact is reported. Without PATHS, the documents the workspace holds are built
    again from their cached extractions (the upgrade of a workspace an older kg wrote)."""
    from kg.pipeline import run_build

    lang = language(lang)
    paths = paths or held_documents(workspace)
    missing = [(p, why) for p in paths if (why := _unusable(p))]
    for p, why in missing:
        err.print(f"[red]✗[/] {escape(str(p))}: {why}", highlight=False, soft_wrap=True)
    ws = Workspace(workspace)
    ws.on_wait = lambda message: err.print(f"[yellow]…[/] {escape(message)}", highlight=False, soft_wrap=True)
    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.fields[name]}"), console=err, transient=True, disable=as_json or not err.is_terminal,
    ) as bar:
        task = bar.add_task(tr("processing", lang), total=None, name="")

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, name=name)

        try:
            report = run_build([str(p) for p in paths if not _unusable(p)], ws, jobs=jobs or None, max_bytes=max_mb * 2**20, prune=prune, progress=progress,
                               meaning=meaning)
        except WorkspaceError as exc:
            fail(str(exc))
            return
    for f in report.failed:  # one line each, never wrapped: a path is found with grep
        err.print(f"[red]✗[/] {escape(f.path)}: {escape(f.reason)}", highlight=False, soft_wrap=True)
    for w in report.warnings:
        err.print(f"[yellow]![/] {escape(w)}", highlight=False, soft_wrap=True)
    for st in report.corrections:  # a correction that no longer finds its fact is said, never dropped
        if not st.applies:
            err.print(f"[yellow]![/] correction {st.correction.id} ({st.correction.describe()}) no longer applies: {st.reason}", highlight=False, markup=False)
    if as_json:
        print(json.dumps({
            "read": report.read, "reused": report.reused, "failed": [{"path": f.path, "reason": f.reason} for f in report.failed],
            "documents": report.documents, "policies": report.policies, "stubs": report.stubs,
            "citations": dict(report.citations), "measures": report.measures, "departments": report.departments,
            "institutions": report.institutions, "targets": report.targets, "longest_chain": report.longest_chain,
            "corrections": [{"id": st.correction.id, "applies": st.applies, "status": st.reason} for st in report.corrections],
            "workspace": str(workspace),
        }, ensure_ascii=False, indent=2))
    else:
        table = Table(title=f"{tr('summary', lang)} · {workspace}")
        table.add_column(tr("item", lang))
        table.add_column(tr("count", lang), justify="right")
        table.add_row(tr("documents_read", lang), str(report.read))
        table.add_row(tr("reused", lang), str(report.reused))
        table.add_row(tr("failed", lang), str(len(report.failed) + len(missing)))
        table.add_row(tr("policies", lang), str(report.policies))
        table.add_row("  " + tr("documents", lang), str(report.documents))
        table.add_row("  " + tr("stubs", lang), str(report.stubs))
        for rel in ("implements", "cites", "plans"):
            table.add_row(f"{tr('citations', lang)} · {tr(rel, lang)}", str(report.citations.get(rel, 0)))
        for key in ("measures", "departments", "institutions", "targets"):
            table.add_row(tr(key, lang), str(getattr(report, key)))
        chain = " → ".join(c.get("number") or c.get("title") or "?" for c in report.longest_chain)
        table.add_row(tr("longest_chain", lang), chain or "-")
        console.print(table)
    if report.failed or missing:
        raise typer.Exit(1)


def held_documents(workspace: Path) -> list[Path]:
    """The documents a workspace holds that are still where they were read (``kg build``
    without PATHS: cached extractions are reused, a changed file is read again)."""
    ws = Workspace(workspace)
    if not ws.exists():
        fail(f"no workspace at {workspace}: give the documents to read, `kg build PATHS --workspace {workspace}`")
    try:
        held = [Path(p) for p in sorted(ws.sources())]
    except WorkspaceError as exc:
        fail(str(exc))
        return []
    return [p for p in held if p.exists()]


def _unusable(p: Path) -> str | None:
    """Why a path named on the command line cannot be built at all (None when it can be tried)."""
    try:
        os.stat(p)
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    return None


@commands.command()
def remove(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or file names of documents built into the workspace.")],
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    lang: LangOpt = None,
) -> None:
    """Take documents out of the workspace. Their facts go with them; policies they cited
    stay as stubs only while another document still cites them."""
    from kg.pipeline import run_remove

    lang = language(lang)
    ws = Workspace(workspace)
    if not ws.exists():
        fail(f"no workspace at {workspace}: run `kg build PATHS --workspace {workspace}` first")
    removed, report = run_remove(paths, ws)
    for key in removed:
        console.print(f"− {key}", highlight=False)
    if not removed:
        fail("none of these documents is in the workspace: " + ", ".join(paths))
    console.print(f"{tr('documents', lang)}: {report.documents} · {tr('policies', lang)}: {report.policies} · {tr('stubs', lang)}: {report.stubs}")


@commands.command("extract")
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="Documents (or folders) to extract.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for one JSON per document, named after the source file's stem.")] = Path("extracted"),
    provenance: Annotated[bool, typer.Option("--provenance/--no-provenance", help="Keep spans, sentences and alternative titles.")] = True,
) -> None:
    """Extract documents to JSON in the gold format (FORMAT.md).

    One file per document, in the gold format of ../shared/gold/FORMAT.md (the project's
    copy: seeds/gold/FORMAT.md, the same file), plus spans."""
    from kg.ingest import iter_document_paths
    from kg.pipeline import Failure, extract_file

    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    paths = iter_document_paths([str(f) for f in files])
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(tr("processing"), total=len(paths))
        for p in paths:
            res = extract_file(str(p))
            bar.advance(task)
            if isinstance(res, Failure):
                err.print(f"[red]✗[/] {res}", highlight=False)
                failed += 1
                continue
            (out / f"{p.stem}.json").write_text(json.dumps(res.to_gold(provenance=provenance), ensure_ascii=False, indent=2), encoding="utf-8")
    err.print(f"{len(paths) - failed} → {out}", highlight=False)
    if failed:
        raise typer.Exit(1)
