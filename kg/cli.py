"""The ``kg`` command.

Every command that reads the graph takes ``--workspace`` (default ``./kg-workspace`` or
``$KG_WORKSPACE``) and ``--lang zh|en`` (default Chinese, or ``$KG_LANG``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.tree import Tree

from kg.i18n import language, t
from kg.workspace import DEFAULT_WORKSPACE, Workspace, WorkspaceError

app = typer.Typer(
    help=(
        "policy-kg: a knowledge graph of Chinese government policy documents.\n\n"
        "Start with `kg build seeds` (reads the sample documents into ./kg-workspace), then ask "
        "`kg lineage 沈政发〔2021〕14号` or `kg implementers 国发〔2019〕4号`."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console()
err = Console(stderr=True)

WorkspaceOpt = Annotated[
    Path,
    typer.Option("--workspace", "-w", envvar="KG_WORKSPACE", help="Workspace folder holding the graph (created by `kg build`)."),
]
LangOpt = Annotated[Optional[str], typer.Option("--lang", envvar="KG_LANG", help="Language of headings and labels: zh (default) or en.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table or tree.")]
# Neo4j (kg load-neo4j writes the graph there; --neo4j answers from it). Connection settings come
# from these options or the environment, never from code; the password is never printed.
Neo4jOpt = Annotated[bool, typer.Option("--neo4j", help="Answer from the Neo4j server that `kg load-neo4j` wrote to (queries/*.cypher) instead of the workspace's store.", rich_help_panel="Neo4j")]
Neo4jUriOpt = Annotated[Optional[str], typer.Option("--neo4j-uri", envvar="NEO4J_URI", help="Neo4j server: bolt://HOST:PORT, or neo4j://HOST:PORT (routing).", rich_help_panel="Neo4j")]
Neo4jUserOpt = Annotated[Optional[str], typer.Option("--neo4j-user", envvar="NEO4J_USER", help="Neo4j user name.", rich_help_panel="Neo4j")]
Neo4jPasswordOpt = Annotated[Optional[str], typer.Option("--neo4j-password", envvar="NEO4J_PASSWORD", show_default=False, help="Neo4j password (prefer the environment variable: other users can see a command line).", rich_help_panel="Neo4j")]
Neo4jDatabaseOpt = Annotated[Optional[str], typer.Option("--database", envvar="NEO4J_DATABASE", help="Neo4j database (default: the server's default database).", rich_help_panel="Neo4j")]


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _open_store(workspace: Path):  # type: ignore[no-untyped-def]
    try:
        return Workspace(workspace).open_store()
    except WorkspaceError as exc:
        _fail(str(exc))


def _level(level: str | None, lang: str) -> str:
    return t(level, lang) if level else "-"


# --- build ---------------------------------------------------------------------------


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of policy documents (.txt in any encoding, .html, .docx, .pdf).")],
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for extraction (default: the number of cores).")] = 0,
    max_mb: Annotated[int, typer.Option("--max-mb", help="Skip files larger than this many MB.")] = 64,
    prune: Annotated[bool, typer.Option("--prune", help="Remove documents from the workspace that are not among PATHS.")] = False,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Read documents, extract policies and citations, resolve them across documents and
    store the graph in the workspace. Files already built and unchanged are not read again;
    a file that cannot be read is reported and the rest goes on (exit code 1)."""
    from kg.pipeline import run_build

    lang = language(lang)
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        err.print(f"[red]✗[/] {p}: no such file or folder", highlight=False)
    ws = Workspace(workspace)
    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.fields[name]}"), console=err, transient=True, disable=as_json or not err.is_terminal,
    ) as bar:
        task = bar.add_task(t("processing", lang), total=None, name="")

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, name=name)

        try:
            report = run_build([str(p) for p in paths if p.exists()], ws, jobs=jobs or None, max_bytes=max_mb * 2**20, prune=prune, progress=progress)
        except WorkspaceError as exc:
            _fail(str(exc))
            return
    for f in report.failed:
        err.print(f"[red]✗[/] {f.path}: {f.reason}", highlight=False)
    for w in report.warnings:
        err.print(f"[yellow]![/] {w}", highlight=False)
    if as_json:
        print(json.dumps({
            "read": report.read, "reused": report.reused, "failed": [{"path": f.path, "reason": f.reason} for f in report.failed],
            "documents": report.documents, "policies": report.policies, "stubs": report.stubs,
            "citations": dict(report.citations), "measures": report.measures, "departments": report.departments,
            "institutions": report.institutions, "targets": report.targets, "longest_chain": report.longest_chain,
            "workspace": str(workspace),
        }, ensure_ascii=False, indent=2))
    else:
        table = Table(title=f"{t('summary', lang)} · {workspace}")
        table.add_column(t("item", lang))
        table.add_column(t("count", lang), justify="right")
        table.add_row(t("documents_read", lang), str(report.read))
        table.add_row(t("reused", lang), str(report.reused))
        table.add_row(t("failed", lang), str(len(report.failed) + len(missing)))
        table.add_row(t("policies", lang), str(report.policies))
        table.add_row("  " + t("documents", lang), str(report.documents))
        table.add_row("  " + t("stubs", lang), str(report.stubs))
        for rel in ("implements", "cites", "plans"):
            table.add_row(f"{t('citations', lang)} · {t(rel, lang)}", str(report.citations.get(rel, 0)))
        for key in ("measures", "departments", "institutions", "targets"):
            table.add_row(t(key, lang), str(getattr(report, key)))
        chain = " → ".join(c.get("number") or c.get("title") or "?" for c in report.longest_chain)
        table.add_row(t("longest_chain", lang), chain or "-")
        console.print(table)
    if report.failed or missing:
        raise typer.Exit(1)


@app.command()
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
        _fail(f"no workspace at {workspace}: run `kg build PATHS --workspace {workspace}` first")
    removed, report = run_remove(paths, ws)
    for key in removed:
        console.print(f"− {key}", highlight=False)
    if not removed:
        _fail("none of these documents is in the workspace: " + ", ".join(paths))
    console.print(f"{t('documents', lang)}: {report.documents} · {t('policies', lang)}: {report.policies} · {t('stubs', lang)}: {report.stubs}")


# --- questions -----------------------------------------------------------------------


def _pick_policy(store, query: str, lang: str):  # type: ignore[no-untyped-def]
    from kg.queries import find_policy

    found = find_policy(store, query)
    if not found:
        _fail(f"{t('not_found', lang)}: {query}")
    exact = [p for p in found if p.number == query or p.title == query]
    if len(found) > 1 and not exact:
        # prefer documents of the corpus over stubs; still ambiguous if several remain
        docs = [p for p in found if not p.stub]
        if len(docs) != 1:
            lines = "\n".join(f"  {p.number or '-'}  {p.title or ''}" for p in found[:10])
            _fail(f"{t('ambiguous', lang)}:\n{lines}")
        return docs[0]
    return (exact or found)[0]


def _label(p, lang: str) -> str:  # type: ignore[no-untyped-def]
    from rich.markup import escape

    number = f"[bold]{escape(p.number)}[/] " if p.number else ""
    stub = f" [dim]({t('stub', lang)})[/]" if p.stub else ""
    return f"{number}{escape(p.title or '')} [cyan]{_level(p.level, lang)}[/]{stub}"


@app.command()
def lineage(
    policy: Annotated[str, typer.Argument(help="发文字号 (any bracket form) or title of the policy.")],
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    neo4j: Neo4jOpt = False,
    neo4j_uri: Neo4jUriOpt = None,
    neo4j_user: Neo4jUserOpt = None,
    neo4j_password: Neo4jPasswordOpt = None,
    database: Neo4jDatabaseOpt = None,
) -> None:
    """The directive chain of a policy up to national level: which directives it implements,
    and through which intermediate documents (named query queries/lineage.rq; with --neo4j,
    queries/lineage.cypher on Neo4j)."""
    from kg.commands.neo4j import store_for
    from kg.queries import lineage as lineage_query

    lang = language(lang)
    store = store_for(workspace, neo4j, neo4j_uri, neo4j_user, neo4j_password, database)
    ref = _pick_policy(store, policy, lang)
    tree = lineage_query(store, ref)
    if as_json:
        print(json.dumps(tree.to_dict(), ensure_ascii=False, indent=2))
        return
    root = Tree(f"{t('lineage_of', lang)}: {_label(ref, lang)}")

    def grow(branch: Tree, node) -> None:  # type: ignore[no-untyped-def]
        for child in node.children:
            grow(branch.add("↑ " + _label(child.policy, lang)), child)

    grow(root, tree)
    if not tree.children:
        root.add(t("no_parents", lang))
    console.print(root)


@app.command()
def implementers(
    policy: Annotated[str, typer.Argument(help="发文字号 (any bracket form) or title of the directive.")],
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    neo4j: Neo4jOpt = False,
    neo4j_uri: Neo4jUriOpt = None,
    neo4j_user: Neo4jUserOpt = None,
    neo4j_password: Neo4jPasswordOpt = None,
    database: Neo4jDatabaseOpt = None,
) -> None:
    """Every policy in the workspace that implements a directive, directly or through
    intermediate documents, with the path (named query queries/implementers.rq; with --neo4j,
    queries/implementers.cypher on Neo4j)."""
    from rich.markup import escape

    from kg.commands.neo4j import store_for
    from kg.queries import implementers as implementers_query

    lang = language(lang)
    store = store_for(workspace, neo4j, neo4j_uri, neo4j_user, neo4j_password, database)
    ref = _pick_policy(store, policy, lang)
    found = implementers_query(store, ref)
    if as_json:
        print(json.dumps({"policy": {"number": ref.number, "title": ref.title, "level": ref.level},
                          "implementers": [i.to_dict() for i in found]}, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{t('implementers_of', lang)}: {escape(ref.number or '')} {escape(ref.title or '')}")
    for key in ("number", "title", "level", "region", "date", "path"):
        table.add_column(t(key, lang), overflow="fold")
    for i in found:
        path = " → ".join(escape(p.number or p.title or "?") for p in i.path)
        table.add_row(escape(i.policy.number or "-"), escape(i.policy.title or ""), _level(i.policy.level, lang),
                      escape(i.policy.region or "-"), i.date or "-", path)
    if not found:
        console.print(t("no_implementers", lang))
        return
    console.print(table)


# --- extraction and evaluation -------------------------------------------------------


@app.command("extract")
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="Documents (or folders) to extract.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for one JSON per document, named after the source file's stem.")] = Path("extracted"),
    provenance: Annotated[bool, typer.Option("--provenance/--no-provenance", help="Keep spans, sentences and alternative titles.")] = True,
) -> None:
    """Extract documents to JSON in the gold format of seeds/gold/FORMAT.md (plus spans)."""
    from kg.ingest import iter_document_paths
    from kg.pipeline import Failure, extract_file

    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    paths = iter_document_paths([str(f) for f in files])
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(t("processing"), total=len(paths))
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


@app.command("eval")
def eval_cmd(
    sets: Annotated[list[Path], typer.Argument(
        metavar="GOLD_DIR DOCS_DIR",
        help="Pairs: a folder of gold JSON files (rules: seeds/gold/FORMAT.md, the same as ../shared/gold/FORMAT.md) "
             "and the folder holding the documents their 'source' names. Several pairs score several sets.")],
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    per_document: Annotated[bool, typer.Option("--per-document", help="Also print each document's kind and F1 per field.")] = False,
) -> None:
    """Score the extraction against gold annotations, set by set, as FORMAT.md "Scoring" says:
    per-field precision, recall and F1 micro-averaged over the documents, and F1 by kind of
    document (plan or notice, law or regulation, web page with a header table, text without
    its header: read from the document, not its name). --json prints every figure: one set's
    object (field figures at the top level, with "kinds" and "per_document"), or
    {"sets": [...]} for several.

    Example: kg eval ../shared/gold ../shared/seeds ../shared/gold2 ../shared/gold2/docs"""
    from rich.markup import escape

    from kg.evaluate import KINDS, evaluate_set

    lang = language(lang)
    if len(sets) % 2:
        _fail("give pairs: GOLD_DIR DOCS_DIR [GOLD_DIR DOCS_DIR]...")
    def warn(msg: str) -> None:
        err.print(f"[red]✗[/] {escape(msg)}", highlight=False)

    results = []
    for gold_dir, docs_dir in zip(sets[::2], sets[1::2]):
        res = evaluate_set(gold_dir, docs_dir, warn)
        if not res.documents:
            _fail(f"no gold files (*.json) in {gold_dir}")
        results.append(res)
    if as_json:
        data = [r.to_json() for r in results]
        print(json.dumps(data[0] if len(data) == 1 else {"sets": data}, ensure_ascii=False, indent=2))
        return
    out = Console(width=max(console.width, 140))
    for res in results:
        kinds = res.by_kind()
        table = Table(title=f"{t('evaluation', lang)} · {escape(res.gold_dir)} · {len(res.documents)} {t('docs_scored', lang)}")
        table.add_column(t("field", lang))
        for col in ("TP", "FP", "FN"):
            table.add_column(col, justify="right")
        for key in ("precision", "recall", "f1"):
            table.add_column(t(key, lang), justify="right")
        for kind, (n, _) in kinds.items():
            table.add_column(f"F1 {kind} ({n})", justify="right")
        for f, c in res.totals().items():
            by_kind = [f"{counts[f].f1:.3f}" if f in counts and counts[f].tp + counts[f].fp + counts[f].fn else "-"
                       for _, counts in kinds.values()]
            table.add_row(f, str(c.tp), str(c.fp), str(c.fn), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", *by_kind)
        out.print(table)
        out.print("  " + "; ".join(f"{k}: {KINDS[k]}" for k in kinds), highlight=False)
        if per_document:
            for d in res.documents:
                out.print(f"  {escape(d.source)} \\[{d.kind}]  " + "  ".join(f"{k}={v.f1:.2f}" for k, v in d.counts.items() if v.tp + v.fp + v.fn), highlight=False)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())


# Commands of the other groups register themselves on `app` when imported.
from kg.commands import neo4j as _neo4j, questions as _questions, rdf as _rdf, scale as _scale, views as _views  # noqa: E402,F401
