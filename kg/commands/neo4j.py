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
import logging
import re
import weakref
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli import (JsonOpt, LangOpt, Neo4jDatabaseOpt, Neo4jPasswordOpt, Neo4jUriOpt, Neo4jUserOpt, WorkspaceOpt,
                    _open_store, app, console, err)
from kg.i18n import language
from kg.workspace import DEFAULT_WORKSPACE, Workspace, WorkspaceError

#: headings and messages of these commands: (Chinese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "loaded": ("已写入 Neo4j", "Loaded into Neo4j"),
    "kind": ("类别", "kind"),
    "name": ("名称", "name"),
    "count": ("数量", "count"),
    "node": ("节点", "nodes"),
    "relationship": ("关系", "relationships"),
    "total": ("合计", "total"),
    "seconds": ("用时(秒)", "seconds"),
    "rate": ("每秒写入", "written per second"),
    "batches": ("事务批次", "transactions"),
    "removed": ("删除过时的节点 / 关系", "stale nodes / relationships removed"),
    "loading": ("写入 Neo4j", "Loading into Neo4j"),
    "no_rows": ("(无结果)", "(no results)"),
    "rows": ("行", "rows"),
}


def tr(key: str, lang: str | None = None) -> str:
    """A heading or message of these commands in ``lang``.

    >>> tr("loaded", "zh"), tr("loaded", "en")
    ('已写入 Neo4j', 'Loaded into Neo4j')
    """
    zh, en = MESSAGES.get(key, (key, key))
    return en if language(lang) == "en" else zh


def _die(message: str, code: int = 2) -> None:
    """One line on standard error (not wrapped to the terminal's width), then exit."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _quiet_driver() -> None:
    """The driver logs retries and server notifications as warnings; the commands report
    failures themselves, in one line."""
    log = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())
    log.propagate = False


def _connect(uri: str | None, user: str | None, password: str | None, database: str | None):  # type: ignore[no-untyped-def]
    from kg.sinks.neo4j import Neo4jSinkError, connect, settings_from

    _quiet_driver()
    try:
        settings = settings_from(uri, user, password, database)
        return settings, connect(settings)
    except Neo4jSinkError as exc:
        _die(str(exc))
        raise  # unreachable: _die exits


class _CommandStore:
    """A :class:`kg.sinks.neo4j.Neo4jStore` whose driver errors end the command with one line."""

    def __init__(self, store: Any, settings: Any) -> None:
        self.store, self.settings = store, settings
        # the driver closes when the command is done with the store (or at exit)
        self._finalizer = weakref.finalize(self, store.close)

    def query(self, text: str, substitutions: Any = None, **kw: Any) -> Any:
        from neo4j.exceptions import DriverError, Neo4jError

        from kg.sinks.neo4j import explain

        try:
            return self.store.query(text, substitutions, **kw)
        except (Neo4jError, DriverError, OSError) as exc:
            # SystemExit, not typer.Exit: kg.queries.run_query turns RuntimeErrors into QueryError
            err.print(f"[bold red]error:[/] {escape(explain(exc, self.settings, doing='the query on Neo4j failed'))}",
                      highlight=False, soft_wrap=True)
            raise SystemExit(2) from None

    def close(self) -> None:
        self._finalizer()


def open_neo4j_store(uri: str | None, user: str | None, password: str | None, database: str | None = None) -> Any:
    """A store that answers the named queries from Neo4j (see :class:`kg.sinks.neo4j.Neo4jStore`),
    closed once the command no longer holds it; a server that cannot be reached or refuses the
    login ends the command with one line."""
    from kg.sinks.neo4j import Neo4jStore

    settings, driver = _connect(uri, user, password, database)
    return _CommandStore(Neo4jStore(driver, settings.database), settings)


def store_for(workspace: Path, neo4j: bool, uri: str | None, user: str | None, password: str | None,
              database: str | None) -> Any:
    """The store a question runs on: the workspace's, or with ``--neo4j`` the Neo4j server."""
    if neo4j:
        return open_neo4j_store(uri, user, password, database)
    return _open_store(workspace)


# --- load-neo4j ----------------------------------------------------------------------


@app.command("load-neo4j")
def load_neo4j_cmd(
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    neo4j_uri: Neo4jUriOpt = None,
    neo4j_user: Neo4jUserOpt = None,
    neo4j_password: Neo4jPasswordOpt = None,
    database: Neo4jDatabaseOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per UNWIND statement; a transaction holds whole documents, about this many rows.")] = 2000,
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

    from kg.sinks.neo4j import BatchFailed, Neo4jSinkError, explain, load_plan, plan_graph

    lang = language(lang)
    ws = Workspace(workspace)
    if not ws.exists():
        _die(f"no workspace at {workspace}: run `kg build PATHS --workspace {workspace}` first")
    try:
        plan = plan_graph(ws.graph())
    except WorkspaceError as exc:
        _die(str(exc))
        return
    settings, driver = _connect(neo4j_uri, neo4j_user, neo4j_password, database)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=err, transient=True, disable=as_json or not err.is_terminal) as bar:
            task = bar.add_task(tr("loading", lang), total=plan.size)
            report = load_plan(driver, plan, database=settings.database, batch_size=batch_size,
                               progress=lambda done, total: bar.update(task, completed=done, total=total))
    except BatchFailed as exc:
        _die(f"{exc}. Nothing of that batch was written; fix the cause and run `kg load-neo4j` again "
             "(loading is idempotent: it completes the load)")
        return
    except (Neo4jError, DriverError, OSError, Neo4jSinkError) as exc:
        _die(explain(exc, settings, doing="loading into Neo4j failed")
             + " — run `kg load-neo4j` again once it is fixed (loading is idempotent)")
        return
    finally:
        driver.close()
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


@app.command("cypher")
def cypher_cmd(
    query: Annotated[str, typer.Argument(help="Cypher text, or a named query: queries/NAME.cypher or NAME (lineage, departments …).")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE bound to $NAME (never pasted into the query); NAME:int=…, :float, :bool, :json for other types. Repeatable.")] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow the query to write (it runs in a read transaction otherwise).")] = False,
    full: Annotated[bool, typer.Option("--full", help="Do not shorten long cells in the table.")] = False,
    neo4j_uri: Neo4jUriOpt = None,
    neo4j_user: Neo4jUserOpt = None,
    neo4j_password: Neo4jPasswordOpt = None,
    database: Neo4jDatabaseOpt = None,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run Cypher on Neo4j with bound parameters, e.g.
    `kg cypher queries/lineage.cypher --param number=沈政发〔2021〕14号` or
    `kg cypher 'MATCH (p:Policy {number: $n}) RETURN p.title AS title' --param n=国发〔2019〕4号`.
    A named query's parameters are in its header; those not given are null (not given)."""
    from neo4j.exceptions import DriverError, Neo4jError

    from kg.sinks.neo4j import Neo4jSinkError, cypher_parameters, explain, load_cypher, run_cypher

    lang = language(lang)
    try:
        text, name = load_cypher(query)
        params = parse_cypher_params(param or [])
    except Neo4jSinkError as exc:
        _die(str(exc))
        return
    used = cypher_parameters(text)
    unused = [p for p in params if p not in used]
    if unused:
        _die(f"parameter(s) {', '.join(unused)} not used by the query"
             + (f" (it takes {', '.join('$' + u for u in used)})" if used else " (it takes none)"))
    settings, driver = _connect(neo4j_uri, neo4j_user, neo4j_password, database)
    try:
        keys, rows = run_cypher(driver, text, params, database=settings.database, write=write, fill=name is not None)
    except (Neo4jError, DriverError, OSError) as exc:
        line = explain(exc, settings, doing="the Cypher query failed")
        code = getattr(exc, "code", "") or ""
        if code.endswith("AccessMode") or "read access mode" in line.lower():
            line += " (add --write to let the query write)"
        elif code.endswith("ParameterMissing"):
            line += " (give it with --param NAME=VALUE)"
        _die(line)
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
    (console if console.is_terminal else Console(width=max(console.width, 160))).print(table)
