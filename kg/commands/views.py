"""``kg`` commands: views.

=====================================  ===========================================================
``kg view lineage POLICY --out F``     the lineage of a policy, in rows by level
``kg view departments --out F``        the department network (``--region``, ``--policy``,
                                       ``--role``, ``--min-weight``, ``--color-by region|kind``)
``kg view corpus --out F``             every policy and its citations, by level and region
``kg view policy POLICY --out F``      the anatomy of a policy: sections, measures, departments…
``kg publish OUT_DIR``                 a static site: index with search, a page per policy, the
                                       department network, the corpus map, the uptake of each
                                       national directive, a take-up matrix per directive and
                                       a comparison page per implements edge
=====================================  ===========================================================

Each page is self-contained or beside its ``lib/`` folder: nothing is fetched from the
network, it opens from ``file://``. Views are built by :mod:`kg.views` from the workspace's
graph; their looks are data in ``visualizations/views.toml``.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import networkx as nx
import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from kg.commands.common import LangOpt, PolicyArg, RoleChoice, WorkspaceOpt, err, fail
from kg.i18n import language, t
from kg.pipeline import workspace_graph
from kg.workspace import DEFAULT_WORKSPACE, Workspace, WorkspaceError

commands = typer.Typer()

view_app = typer.Typer(
    help="Write one view of the graph as an HTML page that opens offline.\n\nThe page is self-contained: it opens from file://, with nothing fetched from the network.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
commands.add_typer(view_app, name="view")

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")]
MaxNodesOpt = Annotated[Optional[int], typer.Option("--max-nodes", help="Above this many nodes the view aggregates (default: visualizations/views.toml).")]


class ColorBy(str, Enum):
    region = "region"
    kind = "kind"


def _graph(workspace: Path) -> nx.MultiDiGraph:
    ws = Workspace(workspace)
    if not ws.exists():
        fail(f"no graph in {workspace} yet: run `kg build PATHS --workspace {workspace}` first")
    try:
        return workspace_graph(ws)
    except WorkspaceError as exc:
        fail(str(exc))
        raise  # unreachable


def _policy(g: nx.MultiDiGraph, query: str, lang: str) -> str:
    from kg.views import PolicyLookupError, find_policy

    try:
        return find_policy(g, query)
    except PolicyLookupError as exc:
        if exc.candidates:
            lines = "\n".join(f"  {escape(d.get('number') or '-')}  {escape(d.get('title') or '')}" for _, d in exc.candidates[:10])
            fail(f"{t('ambiguous', lang)}:\n{lines}")
        fail(f"{t('not_found', lang)}: {escape(query)}")
        raise  # unreachable


def _write(view, out: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.views import write_view

    if out.suffix.lower() not in (".html", ".htm"):
        fail(f"--out should name an .html file: {escape(str(out))}")
    try:
        write_view(view, out)
    except OSError as exc:
        fail(f"cannot write {escape(str(out))}: {escape(str(exc))}")
    for note in view.notes:
        err.print(f"[yellow]![/] {escape(note)}", highlight=False)
    err.print(f"{escape(str(out))}  ({len(view.nodes)} nodes, {len(view.edges)} edges)", highlight=False)


@view_app.command("lineage")
def view_lineage(
    policy: PolicyArg,
    out: OutOpt = Path("lineage.html"),
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), lang: LangOpt = None,
    max_nodes: MaxNodesOpt = None,
) -> None:
    """The lineage of a policy: the directives it implements up to national level (top) and
    the policies that implement it (below), in rows by level; edges by relation (implements,
    cites, plans); stubs (cited only) hollow with a dashed border."""
    from kg.views import lineage_view

    lang = language(lang)
    g = _graph(workspace)
    node = _policy(g, policy, lang)
    _write(lineage_view(g, node, lang=lang, **({"max_nodes": max_nodes} if max_nodes else {})), out)


@view_app.command("departments")
def view_departments(
    out: OutOpt = Path("departments.html"),
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), lang: LangOpt = None,
    region: Annotated[Optional[str], typer.Option("--region", help="Only departments of this region or a region inside it, e.g. 沈阳市.")] = None,
    policy: Annotated[Optional[str], typer.Option("--policy", help="Only the measures of this policy (number or title).")] = None,
    role: Annotated[Optional[list[RoleChoice]], typer.Option("--role", help="Only these roles (repeat the option for several).")] = None,
    min_weight: Annotated[int, typer.Option("--min-weight", min=1, help="Only links of at least this many shared measures.")] = 1,
    color_by: Annotated[ColorBy, typer.Option("--color-by", help="Colour departments by region or by type of body.")] = ColorBy.region,
    max_nodes: MaxNodesOpt = None,
) -> None:
    """The department network: departments sized by the measures they lead, linked by the
    measures they share (line width), coloured by region or type. Above a size threshold it
    shows regions instead; filter to see departments."""
    from kg.views import department_view

    lang = language(lang)
    g = _graph(workspace)
    pnode = _policy(g, policy, lang) if policy else None
    roles = tuple(r.value for r in role) if role else None
    extra = {"max_nodes": max_nodes} if max_nodes else {}
    _write(department_view(g, lang=lang, region=region, policy=pnode, roles=roles, min_weight=min_weight,
                           color_by=color_by.value, **extra), out)


@view_app.command("corpus")
def view_corpus(
    out: OutOpt = Path("corpus.html"),
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), lang: LangOpt = None,
    max_nodes: MaxNodesOpt = None,
) -> None:
    """The corpus citation map: every policy and its citations, in rows by level and groups
    by region (groups of policies above a size threshold)."""
    from kg.views import corpus_view

    lang = language(lang)
    g = _graph(workspace)
    _write(corpus_view(g, lang=lang, **({"max_nodes": max_nodes} if max_nodes else {})), out)


@view_app.command("policy")
def view_policy(
    policy: PolicyArg,
    out: OutOpt = Path("policy.html"),
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), lang: LangOpt = None,
) -> None:
    """The anatomy of a policy: sections → measures → departments (by role: lead, support,
    responsible), the targets it sets and the institutions it names."""
    from kg.views import anatomy_view

    lang = language(lang)
    g = _graph(workspace)
    node = _policy(g, policy, lang)
    _write(anatomy_view(g, node, lang=lang), out)


@commands.command("publish")
def publish_cmd(
    out_dir: Annotated[Path, typer.Argument(help="Folder for the site (created; pages of an earlier run are replaced, and those of documents no longer in the graph removed; other files are left alone).")],
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), lang: LangOpt = None,
) -> None:
    """Write a static site of the graph: an index of every policy with a search box, a page
    per policy with its lineage and anatomy, the department network and the corpus map, the
    uptake of each national directive (timeline, map of the provinces), per directive the
    take-up matrix of its measures × its implementers, and per implements edge the two
    documents side by side with their aligned measures. Links are relative: it opens from
    file:// and from any static host."""
    from kg.views import publish

    lang = language(lang)
    g = _graph(workspace)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as bar:
        task = bar.add_task(t("policies", lang), total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            report = publish(g, out_dir, lang=lang, progress=progress)
        except OSError as exc:
            fail(f"cannot write {escape(str(out_dir))}: {escape(str(exc))}")
            return
    err.print(f"{escape(str(report.out_dir / 'index.html'))}  ({report.pages} pages, {report.policies} {t('policies', lang)})", highlight=False)
