"""``kg`` commands: the graph as RDF — validate, export, SPARQL, push to a SPARQL server.

=====================================  ==============================================================
``kg validate``                        check the workspace's graph against ``ontology/shapes.ttl``
                                       (SHACL); each violation with its node and rule
``kg export --format F [--out FILE]``  turtle, ntriples, jsonld (context ``ontology/context.jsonld``),
                                       trig; graphml and gexf for Gephi and Cytoscape
``kg sparql QUERY [--param k=v]``      a named query (``lineage``, ``queries/lineage.rq``) or the text
                                       of one, parameters bound; table, csv or json;
                                       ``--endpoint URL`` runs it on a SPARQL server instead
``kg queries``                         the named queries with what they answer and their parameters
``kg push --sparql-endpoint URL``      replace a named graph on any SPARQL 1.1 server with the
                                       workspace's graph (Graph Store PUT, or SPARQL Update)
=====================================  ==============================================================
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from kg.commands.common import (
    JsonOpt,
    LangOpt,
    WorkspaceOpt,
    console,
    err,
    fail,
    open_store,
    tr,
    wide,
)
from kg.i18n import language
from kg.pipeline import workspace_graph
from kg.sinks.rdf import KG_GRAPH
from kg.workspace import DEFAULT_WORKSPACE, Workspace, WorkspaceError

commands = typer.Typer()


class OutFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(str, Enum):
    turtle = "turtle"
    ntriples = "ntriples"
    jsonld = "jsonld"
    trig = "trig"
    graphml = "graphml"
    gexf = "gexf"


class PushMethod(str, Enum):
    auto = "auto"
    graph_store = "graph-store"
    update = "update"


class _Unclosed:
    """Standard output as a context manager that flushes but does not close it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __enter__(self) -> Any:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        self.stream.flush()


def _binary_out(out: Path | None):  # type: ignore[no-untyped-def]
    from kg.sinks.export import atomic_output

    if out is None:
        return _Unclosed(getattr(sys.stdout, "buffer", None) or sys.stdout)
    return atomic_output(out)  # the file appears only when complete


def _cell(value: Any, *, full: bool, width: int = 60) -> str:
    from kg.sinks.export import short

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = short(value) if isinstance(value, str) and value.startswith(("http://", "https://")) else str(value)
    if not full and len(text) > width:
        text = text[: width - 1] + "…"
    return text


# --- validate ------------------------------------------------------------------------


@commands.command("validate")
def validate_cmd(
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Validate an RDF file (turtle, ntriples, jsonld, trig by suffix) instead of the workspace.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many violations (0: all).")] = 50,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the graph against the SHACL shapes.

    ontology/shapes.ttl says what a well-formed
    policy, measure, responsibility, target and citation look like. Each violation is shown
    with its node and its rule (the shape); the exit code is 1 when any is found."""
    from kg.sinks.export import (
        ExportError,
        short,
        store_quads,
        to_rdflib,
        validate_graph,
    )

    lang = language(lang)
    if file is not None:
        import rdflib

        if not file.exists():
            fail(f"{file}: no such file")
        fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig", ".nq": "nquads"}.get(file.suffix.lower(), "turtle")
        try:
            if fmt in ("trig", "nquads"):
                ds = rdflib.Dataset()
                ds.parse(file, format=fmt)
                data = rdflib.Graph()
                for s, p, o, _g in ds.quads((None, None, None, None)):
                    data.add((s, p, o))
            else:
                data = rdflib.Graph().parse(file, format=fmt)
        except Exception as exc:  # rdflib raises many kinds of parse errors
            fail(f"{file}: cannot read it as {fmt}: {exc}")
            return
    else:
        data = to_rdflib(store_quads(open_store(workspace)))
    try:
        report = validate_graph(data)
    except ExportError as exc:
        fail(str(exc))
        return
    if as_json:
        print(json.dumps({"conforms": report.conforms, "triples": report.triples,
                          "violations": [v.to_dict(lang) for v in report.violations]}, ensure_ascii=False, indent=2))
    elif report.conforms:
        console.print(f"[green]✓[/] {tr('conforms', lang)} ({report.triples} {tr('triples', lang)})")
    else:
        shown = report.violations if limit <= 0 else report.violations[:limit]
        table = Table(title=f"✗ {len(report.violations)} {tr('violations', lang)} ({report.triples} {tr('triples', lang)})")
        for key in ("focus", "rule", "property", "value", "message"):
            table.add_column(tr(key, lang), overflow="fold")
        for v in shown:
            table.add_row(escape(short(v.focus)), escape(short(v.rule)), escape(short(v.path)), escape(_cell(v.value, full=False)),
                          escape(v.message(lang)))
        wide().print(table)
        if len(shown) < len(report.violations):
            console.print(f"… {len(report.violations) - len(shown)} more (--limit 0)")
    if not report.conforms:
        raise typer.Exit(1)


# --- export --------------------------------------------------------------------------


@commands.command("export")
def export_cmd(
    fmt: Annotated[Optional[ExportFormat], typer.Option("--format", "-f", help="turtle, ntriples, jsonld, trig (RDF), or graphml, gexf (networks for Gephi / Cytoscape). Default: from --out's suffix, else turtle.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write (default: standard output).")] = None,
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    with_ontology: Annotated[bool, typer.Option("--with-ontology", help="Include ontology/policy.ttl (RDF formats; in TriG as its own graph).")] = False,
    graph: Annotated[str, typer.Option("--graph", help="Name of the data's graph in TriG.")] = KG_GRAPH,
    lang: LangOpt = None,
) -> None:
    """Export the workspace's graph: RDF in the terms of ontology/policy.ttl (JSON-LD
    compacted with ontology/context.jsonld), or GraphML / GEXF with node types and labels as
    attributes."""
    from kg.sinks.export import (
        NETWORK_FORMATS,
        SUFFIX,
        ExportError,
        write_network,
        write_rdf,
    )

    lang = language(lang)
    if fmt is None:
        by_suffix = {v: k for k, v in SUFFIX.items()}
        name = by_suffix.get(out.suffix.lower(), "turtle") if out is not None else "turtle"
    else:
        name = fmt.value
    try:
        if name in NETWORK_FORMATS:
            ws = Workspace(workspace)
            if not ws.exists():
                fail(f"no graph in {workspace} yet: run `kg build PATHS --workspace {workspace}` first")
            g = workspace_graph(ws)
            with _binary_out(out) as fh:
                nodes, edges = write_network(g, name, fh)
            summary = f"{nodes} {tr('nodes_edges', lang).format(edges)}"
        else:
            store = open_store(workspace)
            with _binary_out(out) as fh:
                count = write_rdf(store, name, fh, with_ontology=with_ontology, graph=graph)
            summary = f"{count} {tr('triples', lang)}"
    except (ExportError, WorkspaceError, ValueError) as exc:
        fail(str(exc))
        return
    if out is not None:
        err.print(f"{tr('exported', lang)} {summary} → {out} ({name})", highlight=False)


# --- sparql --------------------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def resolve_query(arg: str) -> tuple[str, str | None]:
    """(query text, name) of a named query (``lineage``), a query file
    (``queries/lineage.rq``) or the text of a query (name ``None``)."""
    from kg.queries import QueryError, load_query, queries_dir

    p = Path(arg)
    if arg.endswith(".rq") and "\n" not in arg:
        if p.exists():
            return p.read_text(encoding="utf-8"), p.stem
        named = queries_dir() / p.name
        if named.exists():
            return named.read_text(encoding="utf-8"), named.stem
        raise QueryError(f"{arg}: no such query file")
    if _NAME.match(arg):
        return load_query(arg), arg
    return arg, None


def parse_params(raw: list[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs; ``<…>`` values are IRIs, the rest strings. A ``number`` is
    normalised like every 发文字号 (any bracket form)."""
    from kg.extract.docnumber import normalise_doc_number
    from kg.queries import QueryError, parse_param

    params: dict[str, Any] = {}
    for item in raw:
        name, value = parse_param(item)
        if name in params:
            raise QueryError(f"parameter '{name}' is given twice")
        if name == "number" and value:
            value = normalise_doc_number(value) or value
        params[name] = value
    return params


def _check_terms(params: dict[str, Any]) -> None:
    from kg.queries import QueryError, to_term

    for name, value in params.items():
        try:
            to_term(value)
        except ValueError as exc:
            raise QueryError(f"parameter '{name}': {value} is not a valid IRI ({exc})") from exc


def print_rows(rows: list[dict[str, Any]], fmt: str, *, title: str = "", lang: str = "zh", full: bool = False,
               hide: tuple[str, ...] = ()) -> None:
    """Rows as a table, CSV or JSON. ``hide``: columns left out of the table (the bound
    parameters, which only repeat the values given); a column without a value in any row is
    left out of the table too (CSV and JSON keep every column)."""
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        if columns:
            w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else ("true" if r[c] is True else "false" if r[c] is False else r[c]) for c in columns])
        sys.stdout.write(buf.getvalue())
        sys.stdout.flush()
        return
    if not rows:
        console.print(tr("no_rows", lang))
        return
    shown = [c for c in columns if c not in hide and any(r.get(c) is not None for r in rows)] or columns
    table = Table(title=title or None, caption=f"{len(rows)} {tr('rows', lang)}")
    for c in shown:
        table.add_column(escape(c), overflow="fold")
    for r in rows:
        table.add_row(*(escape(_cell(r.get(c), full=full)) for c in shown))
    wide().print(table)



@commands.command("sparql")
def sparql_cmd(
    query: Annotated[str, typer.Argument(help="A named query (lineage, policies_by_region …; see `kg queries`), a .rq file, or the text of a SPARQL query.")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE, bound to ?NAME (never pasted into the query); <…> makes an IRI. Repeatable.")] = None,
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="table (default), csv or json.")] = OutFormat.table,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", "-e", help="Run on this SPARQL endpoint (e.g. http://localhost:7878/query) instead of the workspace's store.")] = None,
    graph: Annotated[str, typer.Option("--graph", help="With --endpoint: the graph to query as the default graph ('' for the server's own default).")] = KG_GRAPH,
    full: Annotated[bool, typer.Option("--full", help="Do not shorten long cells in the table.")] = False,
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run a SPARQL query with bound parameters.

    For example `kg sparql lineage --param number=国发〔2019〕4号` or `kg sparql 'SELECT …'`.
    A named query's parameters are in its header (`kg queries`); on the embedded store a
    parameter must be a variable the query selects."""
    from kg.queries import QueryError, query_header, run_query

    lang = language(lang)
    out_fmt = "json" if as_json else fmt.value
    try:
        text, name = resolve_query(query)
        params = parse_params(param or [])
        _check_terms(params)
    except QueryError as exc:
        fail(str(exc))
        return
    try:
        if endpoint:
            from kg.sinks.remote import Endpoint, RemoteError, check_remote_version, remote_query

            try:
                if name:  # a named query reads the shape kg writes: not from a graph an older kg pushed
                    check_remote_version(Endpoint(endpoint), graph or None)
                rows = remote_query(Endpoint(endpoint), text, params, graph=graph or None)
            except RemoteError as exc:
                fail(str(exc))
                return
        else:
            rows = run_query(open_store(workspace), text, params)
    except QueryError as exc:
        fail(str(exc))
        return
    title = ""
    if name:
        head = query_header(text).splitlines()
        title = head[0].split(":", 1)[0] if head else name
    print_rows(rows, out_fmt, title=escape(title), lang=lang, full=full, hide=tuple(params))


# --- queries -------------------------------------------------------------------------


def named_queries() -> list[dict[str, Any]]:
    """Every named query: name, header text, summary line and parameter names."""
    from kg.queries import queries_dir, query_header

    out = []
    for f in sorted(queries_dir().glob("*.rq")):
        header = query_header(f.read_text(encoding="utf-8"))
        lines = header.splitlines()
        intro: list[str] = []
        for line in lines:
            if line.lower().startswith("parameters"):
                break
            intro.append(line)
        summary = " ".join(intro)
        if " — " in summary:
            summary = summary.split(" — ", 1)[1]
        params: list[str] = []
        in_params = False
        for line in lines:
            low = line.lower()
            if low.startswith(("parameters are", "returns", "binds")):
                in_params = False
            elif low.startswith("parameters"):
                in_params = True
            elif in_params:
                for m in re.finditer(r"(?:^|\(or\s+)\?([A-Za-z_]\w*)", line):
                    if m.group(1) not in params:
                        params.append(m.group(1))
        out.append({"name": f.stem, "summary": summary, "parameters": params, "header": header, "file": str(f)})
    return out


@commands.command("queries")
def queries_cmd(
    name: Annotated[Optional[str], typer.Argument(help="Show the whole header of this query.")] = None,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The named queries (queries/*.rq): what each answers and its parameters. Run one with
    `kg sparql NAME --param KEY=VALUE`."""
    lang = language(lang)
    found = named_queries()
    if name:
        found = [q for q in found if q["name"] == name.removesuffix(".rq")]
        if not found:
            fail(f"no query '{name}' (named queries: {', '.join(q['name'] for q in named_queries())})")
        if not as_json:
            console.print(escape(found[0]["header"]), highlight=False)
            return
    if as_json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return
    table = Table(title=tr("named_queries", lang))
    table.add_column(tr("query", lang), no_wrap=True)
    table.add_column(tr("description", lang), overflow="fold")
    table.add_column(tr("parameters", lang))
    for q in found:
        table.add_row(q["name"], escape(q["summary"]), ", ".join(q["parameters"]) or "-")
    console.print(table)


# --- push ----------------------------------------------------------------------------


@commands.command("push")
def push_cmd(
    sparql_endpoint: Annotated[str, typer.Option("--sparql-endpoint", "-e", help="The server's SPARQL query endpoint, e.g. http://localhost:7878/query (Oxigraph) or http://host:3030/ds/sparql (Fuseki).")],
    graph: Annotated[str, typer.Option("--graph", help="The named graph to replace.")] = KG_GRAPH,
    method: Annotated[PushMethod, typer.Option("--method", help="auto (Graph Store PUT, else SPARQL Update), graph-store or update.")] = PushMethod.auto,
    store_url: Annotated[Optional[str], typer.Option("--store-url", help="The Graph Store endpoint, when it is not …/store or …/data beside the query endpoint.")] = None,
    update_url: Annotated[Optional[str], typer.Option("--update-url", help="The SPARQL Update endpoint, when it is not …/update beside the query endpoint.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds the whole push may take (every request and the check of what the server holds).")] = 600.0,
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Load the workspace's graph into a SPARQL 1.1 server.

    Replaces one named graph in a single request (all or nothing), then asks the server how
    many triples the graph holds: success is reported only when that is the number sent.
    Redirects are not followed (except a 307/308 on the same host); credentials go only to
    the hosts named. HTTP basic authentication: set KG_SPARQL_AUTH=USER:PASSWORD.
    Query it afterwards with `kg sparql NAME --endpoint URL`."""
    from kg.sinks.remote import Endpoint, RemoteError, graph_ntriples, push

    lang = language(lang)
    store = open_store(workspace)
    try:
        ep = Endpoint(sparql_endpoint, store_url=store_url, update_url=update_url, timeout=timeout)
        report = push(ep, graph_ntriples(store), graph=graph, method=method.value)
    except RemoteError as exc:
        fail(str(exc))
        return
    held = report.triples  # push() confirmed that the server holds them
    if as_json:
        print(json.dumps({"method": report.method, "url": report.url, "graph": report.graph, "triples": report.triples,
                          "server_triples": held}, ensure_ascii=False, indent=2))
        return
    console.print(f"{tr('pushed', lang)} {report.triples} {tr('triples', lang)} → {escape(report.url)} "
                  f"({tr('graph', lang)} {escape(report.graph)}, {tr('via', lang)} {report.method})", highlight=False)
    console.print(f"{tr('server_holds', lang)} {held} {tr('triples', lang)}", highlight=False)
