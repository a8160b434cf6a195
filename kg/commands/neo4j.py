"""``kg`` commands: the graph in Neo4j.

===========================================  ==========================================================
``kg load-neo4j [-w DIR]``                   write the workspace's graph to a Neo4j server: constraints
                                             and indexes, then batched ``UNWIND … MERGE`` transactions;
                                             loading again replaces what changed and leaves no orphans
``kg cypher QUERY [--param k=v]``            a Cypher query, or a named one (``queries/NAME.cypher``),
                                             with bound parameters; a table or ``--json``
``--neo4j`` on lineage, implementers,        answer from Neo4j with the Cypher twins of the named
departments, department, partners, targets   queries: the same output as from the workspace's store
===========================================  ==========================================================

The server comes from ``--neo4j-uri`` / ``--neo4j-user`` / ``--neo4j-password`` / ``--database`` or
``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``; ``tools/neo4j/start.sh``
starts a throw-away one. The password is never printed. A failure is one line saying what went
wrong and what to do, with exit code 2.
"""

from __future__ import annotations

import json
import re
import shutil
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.commands.common import (
    JsonOpt,
    LangOpt,
    StoreOptions,
    connect_neo4j,
    console,
    err,
    fail,
    tr,
    wide,
    with_store_options,
)
from kg.i18n import language
from kg.pipeline import workspace_graph, workspace_runs
from kg.workspace import Workspace, WorkspaceError

commands = typer.Typer()

# --- load-neo4j ----------------------------------------------------------------------


@commands.command("load-neo4j")
@with_store_options(flag=False)
def load_neo4j_cmd(
    store: StoreOptions,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per UNWIND statement; a transaction holds whole documents, about this many rows.")] = 2000,
    run_size: Annotated[int, typer.Option("--runs", min=0, help="Resolve and load the graph this many documents at a time, in worker processes (for large workspaces: memory holds one run's rows, not the whole graph; 0: the whole graph at once).")] = 0,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write the workspace's graph to Neo4j: uniqueness constraints and indexes first, then
    nodes and relationships in batched UNWIND … MERGE transactions (labels Policy, Measure,
    Department, Institution, Target, Region …; relationships IMPLEMENTS, CITES, PLANS,
    HAS_MEASURE, LEADS, SUPPORTS, RESPONSIBLE_FOR …, with source file and span). The database
    then holds exactly the workspace's graph: loading twice changes nothing, a changed
    document's measures and responsibilities are replaced, what is gone is removed. A failed
    transaction is rolled back; run the command again to complete the load."""
    from neo4j.exceptions import DriverError, Neo4jError

    import tempfile
    from pathlib import Path

    from kg.sinks.neo4j import (
        BatchFailed,
        Neo4jSinkError,
        explain,
        graph_counts,
        load_plan,
        load_runs,
        plan_graph,
    )

    lang = language(lang)
    workspace = store.workspace
    ws = Workspace(workspace)
    if not ws.exists():
        fail(f"no workspace at {workspace}: run `kg build PATHS --workspace {workspace}` first")
    runs = Path(tempfile.mkdtemp(prefix=".neo4j-runs-", dir=ws.root)) if run_size else None
    try:
        if runs is not None:  # resolved run by run in worker processes: one run's rows in memory, not the whole graph
            shared, paths = workspace_runs(ws, runs, size=run_size)
        else:
            plan = plan_graph(workspace_graph(ws))
    except WorkspaceError as exc:
        if runs is not None:
            shutil.rmtree(runs, ignore_errors=True)
        fail(str(exc))
        return
    settings, driver = connect_neo4j(store.uri, store.user, store.password, store.database)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=err, transient=True, disable=as_json or not err.is_terminal) as bar:
            task = bar.add_task(tr("loading", lang), total=None if runs is not None else plan.size)
            tick = lambda done, total: bar.update(task, completed=done, total=None if runs is not None else total)  # noqa: E731
            if runs is not None:
                report = load_runs(driver, shared, paths, database=settings.database, batch_size=batch_size, progress=tick)
                report.nodes, report.relationships = graph_counts(driver, settings.database)  # each row once
            else:
                report = load_plan(driver, plan, database=settings.database, batch_size=batch_size, progress=tick)
    except BatchFailed as exc:
        fail(f"{exc}. Nothing of that batch was written; fix the cause and run `kg load-neo4j` again "
             "(loading is idempotent: it completes the load)")
        return
    except (Neo4jError, DriverError, OSError, Neo4jSinkError) as exc:
        fail(explain(exc, settings, doing="loading into Neo4j failed")
             + " — run `kg load-neo4j` again once it is fixed (loading is idempotent)")
        return
    finally:
        driver.close()
        if runs is not None:
            shutil.rmtree(runs, ignore_errors=True)
    if as_json:
        print(json.dumps({"uri": settings.safe_uri, "database": settings.database, **report.to_dict()}, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{tr('loaded', lang)} · {escape(settings.safe_uri)}" + (f" · {escape(settings.database)}" if settings.database else ""))
    table.add_column(tr("kind", lang))
    table.add_column(tr("name", lang))
    table.add_column(tr("count", lang), justify="right")
    for label, n in report.nodes.items():
        table.add_row(tr("node", lang), label, str(n))
    for rtype, n in report.relationships.items():
        table.add_row(tr("relationship", lang), rtype, str(n))
    table.add_row(tr("total", lang), "", str(report.written))
    table.add_row(tr("batches", lang), "", str(report.batches))
    table.add_row(tr("removed", lang), "", f"{report.removed_nodes} / {report.removed_relationships}")
    table.add_row(tr("seconds", lang), "", f"{report.seconds:.2f}")
    table.add_row(tr("rate", lang), "", f"{report.rate:,.0f}")
    console.print(table)


# --- cypher --------------------------------------------------------------------------

_TYPED_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?::(str|int|float|bool|json))?=(.*)$", re.S)


def parse_cypher_params(raw: list[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs: text (``<…>`` around an IRI is dropped, a ``number`` is normalised
    like every 发文字号); ``NAME:int=5``, ``NAME:float=0.5``, ``NAME:bool=true`` and
    ``NAME:json=[…]`` give other types. Values are bound as parameters, never put into the query.

    >>> parse_cypher_params(["number=国发[2019]4号", "n:int=3", "p=<https://x/y>", "ok:bool=yes"])
    {'number': '国发〔2019〕4号', 'n': 3, 'p': 'https://x/y', 'ok': True}
    """
    from kg.extract.docnumber import normalise_doc_number
    from kg.sinks.neo4j import Neo4jSinkError

    params: dict[str, Any] = {}
    for item in raw:
        m = _TYPED_PARAM.match(item)
        if not m:
            raise Neo4jSinkError(f"parameter '{item}' is not NAME=VALUE (or NAME:int=…, :float, :bool, :json)")
        name, kind, value = m.group(1), m.group(2) or "str", m.group(3)
        if name in params:
            raise Neo4jSinkError(f"parameter '{name}' is given twice")
        try:
            if kind == "int":
                params[name] = int(value)
            elif kind == "float":
                params[name] = float(value)
            elif kind == "bool":
                if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError("not true or false")
                params[name] = value.lower() in ("true", "1", "yes")
            elif kind == "json":
                params[name] = json.loads(value)
            else:
                if value.startswith("<") and value.endswith(">") and " " not in value:
                    value = value[1:-1]
                if name == "number" and value:
                    value = normalise_doc_number(value) or value
                params[name] = value
        except ValueError as exc:
            raise Neo4jSinkError(f"parameter '{name}': '{value}' is not a {kind} ({exc})") from None
    return params


def _cell(value: Any, full: bool, width: int = 60) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if not full and len(text) > width:
        text = text[: width - 1] + "…"
    return text


@commands.command("cypher")
@with_store_options(flag=False, workspace=False)
def cypher_cmd(
    query: Annotated[str, typer.Argument(help="Cypher text, or a named query: queries/NAME.cypher or NAME (lineage, departments …).")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE bound to $NAME (never pasted into the query); NAME:int=…, :float, :bool, :json for other types. Repeatable.")] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow the query to write (it runs in a read transaction otherwise).")] = False,
    full: Annotated[bool, typer.Option("--full", help="Do not shorten long cells in the table.")] = False,
    store: StoreOptions = StoreOptions(),
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run Cypher on Neo4j with bound parameters.

    For example `kg cypher queries/lineage.cypher --param number=沈政发〔2021〕14号` or
    `kg cypher 'MATCH (p:Policy {number: $n}) RETURN p.title AS title' --param n=国发〔2019〕4号`.
    A named query's parameters are in its header; those not given are null (not given)."""
    from neo4j.exceptions import DriverError, Neo4jError

    from kg.sinks.neo4j import (
        Neo4jSinkError,
        cypher_parameters,
        explain,
        load_cypher,
        run_cypher,
    )

    lang = language(lang)
    try:
        text, name = load_cypher(query)
        params = parse_cypher_params(param or [])
    except Neo4jSinkError as exc:
        fail(str(exc))
        return
    used = cypher_parameters(text)
    unused = [p for p in params if p not in used]
    if unused:
        fail(f"parameter(s) {', '.join(unused)} not used by the query"
             + (f" (it takes {', '.join('$' + u for u in used)})" if used else " (it takes none)"))
    settings, driver = connect_neo4j(store.uri, store.user, store.password, store.database)
    try:
        keys, rows = run_cypher(driver, text, params, database=settings.database, write=write, fill=name is not None)
    except (Neo4jError, DriverError, OSError) as exc:
        line = explain(exc, settings, doing="the Cypher query failed")
        code = getattr(exc, "code", "") or ""
        if code.endswith("AccessMode") or "read access mode" in line.lower():
            line += " (add --write to let the query write)"
        elif code.endswith("ParameterMissing"):
            line += " (give it with --param NAME=VALUE)"
        fail(line)
        return
    finally:
        driver.close()
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        console.print(tr("no_rows", lang))
        return
    table = Table(title=escape(name) if name else None, caption=f"{len(rows)} {tr('rows', lang)}")
    for k in keys:
        table.add_column(escape(k), overflow="fold")
    for r in rows:
        table.add_row(*(escape(_cell(r.get(k), full)) for k in keys))
    wide().print(table)
