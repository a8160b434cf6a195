"""``kg`` commands: analysts' corrections, kept in ``WORKSPACE/corrections.tsv`` (one line
per operation, naming who, when and why; see :mod:`kg.corrections`) and applied again by
every ``kg build``.

=====================================================  ===========================================
``kg correct policy DOC FIELD VALUE``                  set a policy's title, date, level, region or
                                                       发文字号 (``--remove`` takes it away)
``kg correct merge-departments A B``                   department A is B (A becomes an alias)
``kg correct split-alias DEPT ALIAS``                  ALIAS names another body, not DEPT
``kg correct responsibility DOC --measure M ...``      change (``--to-*``) or ``--remove`` one
``kg correct citation DOC CITED --to NEW``             retarget a citation (``--remove`` drops it)
``kg correct add-citation DOC --relation R ...``       a citation the text implies
``kg corrections``                                     every correction, and whether it still applies
=====================================================  ===========================================
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from kg.commands.common import JsonOpt, RoleChoice, WorkspaceOpt, console, fail, wide
from kg.corrections import Correction, CorrectionError, append, make, read, workspace_book
from kg.workspace import DEFAULT_WORKSPACE, Workspace, WorkspaceError

commands = typer.Typer()
correct = typer.Typer(
    help=("Correct a fact of the graph; the correction is a line of WORKSPACE/corrections.tsv (tab-separated: "
          "id, when, who, op, doc, target, value, why), kept apart from what the extractor reads and applied again by "
          "every `kg build`. Keep the file in version control: one line is one reviewed change. DOC is the document's "
          "发文字号 as extracted, its file name, or the first 8+ hex digits of its content hash. Operations (op): "
          "set-policy, unset-policy, merge-departments, split-alias, set-responsibility, remove-responsibility, "
          "retarget-citation, remove-citation, add-citation."),
    no_args_is_help=True,
)
commands.add_typer(correct, name="correct")

WhoOpt = Annotated[Optional[str], typer.Option("--who", envvar="KG_ANALYST", help="Who makes the correction (default $KG_ANALYST).")]
WhyOpt = Annotated[str, typer.Option("--why", help="Why: the reason, as a reviewer should read it.")]
NoRebuildOpt = Annotated[bool, typer.Option("--no-rebuild", help="Only write the line; the next `kg build` applies it.")]
DocArg = Annotated[str, typer.Argument(help="The document: 发文字号 as extracted, file name, or content hash (8+ hex digits).")]


def _write(workspace: Path, op: str, doc: str, target: str, value: str, who: str | None, why: str, no_rebuild: bool) -> None:
    """Validate and append one correction; resolve the graph again unless told not to."""
    if not who:
        fail("say who makes the correction: --who NAME or $KG_ANALYST")
    ws = Workspace(workspace)
    if not ws.exists():
        fail(f"no workspace at {workspace}: run `kg build PATHS --workspace {workspace}` first")
    try:
        c = make(op, doc, target, value, who or "", why)
        with ws.lock():
            read(ws.root)  # a damaged file is said before a line is added to it
            append(ws.root, c)
    except WorkspaceError as exc:
        fail(escape(str(exc)))
        return
    console.print(f"+ {c.id} {escape(c.describe())}", highlight=False)
    if no_rebuild:
        return
    from kg.pipeline import BuildReport, resolve_and_store

    report = BuildReport()
    with ws.lock():
        resolve_and_store(ws, report)
    status = next(s for s in report.corrections if s.correction.id == c.id)
    mark = "[green]✓[/]" if status.applies else "[red]✗[/]"
    console.print(f"{mark} {escape(status.reason)}", highlight=False)
    if not status.applies:
        raise typer.Exit(1)


@correct.command("policy")
def correct_policy(
    doc: DocArg,
    field_name: Annotated[str, typer.Argument(metavar="FIELD", help="title, date (yyyy-mm-dd), level (national|province|city|county), region, or 发文字号.")],
    value: Annotated[str, typer.Argument(help="The right value (leave out with --remove).")] = "",
    remove: Annotated[bool, typer.Option("--remove", help="The field has no value (the extractor read one that is not there).")] = False,
    why: WhyOpt = "", who: WhoOpt = None, workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), no_rebuild: NoRebuildOpt = False,
) -> None:
    """Set (or remove) a field of a policy: title, date, level, region, 发文字号."""
    _write(workspace, "unset-policy" if remove else "set-policy", doc, field_name, "" if remove else value, who, why, no_rebuild)


@correct.command("merge-departments")
def correct_merge(
    department: Annotated[str, typer.Argument(help="The department node merged away (its name becomes an alias).")],
    into: Annotated[str, typer.Argument(help="The department it is.")],
    doc: Annotated[str, typer.Option("--doc", help="Only in this document (default: every document).")] = "*",
    why: WhyOpt = "", who: WhoOpt = None, workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), no_rebuild: NoRebuildOpt = False,
) -> None:
    """Two department nodes are one body: DEPARTMENT's responsibilities go to INTO."""
    _write(workspace, "merge-departments", doc, department, into, who, why, no_rebuild)


@correct.command("split-alias")
def correct_split(
    department: Annotated[str, typer.Argument(help="The department that was given the alias.")],
    alias: Annotated[str, typer.Argument(help="The alias that names another body.")],
    doc: Annotated[str, typer.Option("--doc", help="Only in this document (default: every document).")] = "*",
    why: WhyOpt = "", who: WhoOpt = None, workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), no_rebuild: NoRebuildOpt = False,
) -> None:
    """An alias was wrongly taken for a department's other name: take it off.

    With --doc, the responsibilities of DEPARTMENT in that document (read under ALIAS) go to
    a department named ALIAS; without, the alias is taken off everywhere."""
    _write(workspace, "split-alias", doc, department, alias, who, why, no_rebuild)


@correct.command("responsibility")
def correct_responsibility(
    doc: DocArg,
    measure: Annotated[str, typer.Option("--measure", help="The measure's number or path, as extracted.")] = "",
    department: Annotated[str, typer.Option("--department", help="The department, as extracted.")] = "",
    role: Annotated[Optional[RoleChoice], typer.Option("--role", help="The role, as extracted.")] = None,
    to_measure: Annotated[str, typer.Option("--to-measure", help="The right measure.")] = "",
    to_department: Annotated[str, typer.Option("--to-department", help="The right department.")] = "",
    to_role: Annotated[Optional[RoleChoice], typer.Option("--to-role", help="The right role.")] = None,
    remove: Annotated[bool, typer.Option("--remove", help="The responsibility is not in the text.")] = False,
    why: WhyOpt = "", who: WhoOpt = None, workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), no_rebuild: NoRebuildOpt = False,
) -> None:
    """Change (--to-measure, --to-department, --to-role) or --remove a responsibility.

    Example: kg correct responsibility 盐政发〔2021〕5号 --measure 3 --department 射阳县教育局 --role lead --to-role support --why "…" """
    target = f"{measure}|{department}|{role.value if role else ''}"
    value = "" if remove else f"{to_measure}|{to_department}|{to_role.value if to_role else ''}"
    _write(workspace, "remove-responsibility" if remove else "set-responsibility", doc, target, value, who, why, no_rebuild)


@correct.command("citation")
def correct_citation(
    doc: DocArg,
    cited: Annotated[str, typer.Argument(help="The cited 发文字号 or title, as extracted.")],
    to: Annotated[str, typer.Option("--to", help="The policy it really cites: 发文字号 or title.")] = "",
    remove: Annotated[bool, typer.Option("--remove", help="There is no such citation in the text.")] = False,
    why: WhyOpt = "", who: WhoOpt = None, workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), no_rebuild: NoRebuildOpt = False,
) -> None:
    """Retarget a citation (--to) or --remove it."""
    _write(workspace, "remove-citation" if remove else "retarget-citation", doc, cited, "" if remove else to, who, why, no_rebuild)


@correct.command("add-citation")
def correct_add_citation(
    doc: DocArg,
    relation: Annotated[str, typer.Option("--relation", help="implements, cites or plans.")] = "implements",
    number: Annotated[str, typer.Option("--number", help="The cited 发文字号.")] = "",
    title: Annotated[str, typer.Option("--title", help="The cited title.")] = "",
    why: WhyOpt = "", who: WhoOpt = None, workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), no_rebuild: NoRebuildOpt = False,
) -> None:
    """A citation the text implies but does not spell out."""
    _write(workspace, "add-citation", doc, "", f"{relation}|{number}|{title}", who, why, no_rebuild)


@commands.command("corrections")
def list_corrections(workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE), as_json: JsonOpt = False) -> None:
    """Every correction, and whether it still applies.

    Lists WORKSPACE/corrections.tsv line by line with whether each correction still finds
    its fact in the documents as they are extracted now, and the reason when it does not
    (exit code 1 when one does not)."""
    ws = Workspace(workspace)
    try:
        book = workspace_book(ws.root)
        statuses = book.check(ws.iter_extractions())
    except (WorkspaceError, CorrectionError) as exc:
        fail(escape(str(exc)))
        return
    if as_json:
        print(json.dumps([{**_fields(s.correction), "applies": s.applies, "status": s.reason} for s in statuses], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"corrections · {escape(str(workspace))}")
    for col in ("id", "when", "who", "op", "doc", "target", "value", "why", "status"):
        table.add_column(col)
    for s in statuses:
        c = s.correction
        mark = "[green]✓[/] " if s.applies else "[red]✗[/] "
        table.add_row(*(escape(x) for x in (c.id, c.when, c.who, c.op, c.doc, c.target, c.value, c.why)), mark + escape(s.reason))
    wide().print(table)
    if any(not s.applies for s in statuses):
        raise typer.Exit(1)


def _fields(c: Correction) -> dict[str, str]:
    return {k: getattr(c, k) for k in ("id", "when", "who", "op", "doc", "target", "value", "why")}
