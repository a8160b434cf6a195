"""Any SPARQL 1.1 server: push the workspace's graph to it, and run queries on it.

**Push** replaces one named graph (default :data:`kg.sinks.rdf.KG_GRAPH`) in a single
request, so a push is all or nothing and pushing twice leaves one copy:

1. SPARQL 1.1 Graph Store HTTP Protocol: ``PUT STORE?graph=IRI`` with the graph as
   N-Triples (Oxigraph ``/store``, Fuseki ``/DATASET/data``…);
2. where the server has no Graph Store endpoint (404, 405, 501), SPARQL 1.1 Update:
   ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }`` as one request, which the
   Update specification asks servers to run atomically.

**Queries** go over the SPARQL 1.1 Protocol (POST ``application/sparql-query``), with the
pushed graph as the default graph (``default-graph-uri``) so the named queries of
``queries/`` run unchanged.

**Parameters** are bound, never spliced from user text. A remote server cannot take
pyoxigraph's substitutions, so :func:`substitute` performs the same substitution (SEP-0007)
on the query before it is sent: a SPARQL-aware tokenizer finds the variable's occurrences
(never inside strings, IRIs, comments or prefixed names) and each becomes the term, written
by pyoxigraph's N-Triples serialiser from a :class:`pyoxigraph.NamedNode` or
:class:`pyoxigraph.Literal` (which validate IRIs and language tags). N-Triples escaping
(``\\"``, ``\\\\``, ``\\n``…) is valid SPARQL, so whatever characters a value holds it stays
one term: ``"} ; DROP ALL ; #`` is a string and nothing else.

Why not an inline ``VALUES`` block, the usual trick? Appended after the WHERE clause it is
joined after evaluation, so a ``FILTER`` never sees the value and a row that leaves the
variable unbound (an ``OPTIONAL``) still matches; put first in the group it conflicts with
``BIND(… AS ?param)``, which the named queries use for optional parameters and which a
standard server then rejects. Substitution gives the embedded store's answers; the tests
compare both, query by query.

>>> print(substitute('SELECT ?s ?t WHERE { ?s ?p ?t }', {"t": Literal('"} ; DROP ALL ; #')}))
SELECT ?s ("\\"} ; DROP ALL ; #" AS ?t) WHERE { ?s ?p "\\"} ; DROP ALL ; #" }
>>> print(substitute('SELECT ?r WHERE { ?x ?p ?l BIND(STR(?l) AS ?r) }', {"r": Literal("沈阳市")}))
SELECT ("沈阳市" AS ?r) WHERE { ?x ?p ?l FILTER(sameTerm((STR(?l) ), "沈阳市")) }
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    parse,
    parse_query_results,
)

from kg.sinks.rdf import KG_GRAPH

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_VARNAME = re.compile(r"[A-Za-z0-9_\u00B7\u00C0-\uFFFF]+")
_PN_LOCAL = re.compile(r"(?:[\w\-.%]|\\.)*")
#: Graph Store responses that mean "no Graph Store here": try the next way
_NO_GSP = {404, 405, 501}
#: keywords that end a GROUP BY / ORDER BY list
_END_MODIFIER = {"LIMIT", "OFFSET", "HAVING", "VALUES", "GROUP", "ORDER"}


class RemoteError(Exception):
    pass


# --- binding ---------------------------------------------------------------------------


def term_text(term: NamedNode | Literal) -> str:
    """An RDF term in N-Triples syntax (which SPARQL reads as the same term)."""
    if not isinstance(term, (NamedNode, Literal)):
        raise TypeError(f"only IRIs and literals can be bound, not {type(term).__name__}")
    return str(term)


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    kind: str  # "kw" (upper-cased), "var" (name without ?/$), "{", "}", "(", ")"
    text: str


def _skip_string(query: str, i: int) -> int:
    """The index after the string literal starting at ``i``."""
    triple = query[i : i + 3]
    quote = triple if triple in ("'" * 3, '"' * 3) else query[i]
    j = i + len(quote)
    while j < len(query) and not query.startswith(quote, j):
        j += 2 if query[j] == "\\" else 1
    return j + len(quote)


def _tokens(query: str) -> list[_Tok]:
    """The keywords, variables, braces and parentheses of ``query``, outside comments,
    strings, IRIs and prefixed names."""
    out: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "'\"":
            i = _skip_string(query, i)
        elif c == "<":
            m = _IRIREF.match(query, i)
            i = m.end() if m else i + 1
        elif c == "\\":
            i += 2
        elif c in "{}()":
            out.append(_Tok(i, i + 1, c, c))
            i += 1
        elif c in "?$":
            m = _VARNAME.match(query, i + 1)
            if m:
                out.append(_Tok(i, m.end(), "var", m.group(0)))
                i = m.end()
            else:
                i += 1
        elif c == ":":  # the local part of a prefixed name with the empty prefix
            m = _PN_LOCAL.match(query, i + 1)
            i = m.end() if m else i + 1
        elif c.isalpha() or c == "_":
            m = _WORD.match(query, i)
            assert m is not None
            j = m.end()
            if j < n and query[j] == ":":  # a prefixed name, not a keyword
                m = _PN_LOCAL.match(query, j + 1)
                i = m.end() if m else j + 1
                continue
            out.append(_Tok(i, j, "kw", m.group(0).upper()))
            i = j
        else:
            i += 1
    return out


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the form of a query (None if none is found).

    >>> query_form('PREFIX x: <http://e/SELECT> ASK { ?s x:p "SELECT" }')
    'ASK'
    """
    return next((t.text for t in _tokens(query) if t.kind == "kw" and t.text in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")), None)


def query_variables(query: str) -> set[str]:
    r"""Names of the variables ``query`` uses (not those only named in comments or strings).

    >>> sorted(query_variables('# ?not\nSELECT ?s WHERE { ?s ?p "?no" }'))
    ['p', 's']
    """
    return {tok.text for tok in _tokens(query) if tok.kind == "var"}


def substitute(query: str, bindings: Mapping[str, NamedNode | Literal]) -> str:
    """``query`` with each variable of ``bindings`` replaced by its term, as the embedded
    store's substitutions do it (SEP-0007): the term stands wherever the variable stood; a
    projected variable becomes ``(TERM AS ?v)`` so its column stays; ``BIND(e AS ?v)``
    becomes ``FILTER(sameTerm((e), TERM))``; ``BOUND(?v)`` is false; in a ``GROUP BY`` or
    ``ORDER BY`` list the term is bracketed. Only RDF terms are accepted, each written by
    pyoxigraph's N-Triples serialiser."""
    if not bindings:
        return query
    for name in bindings:
        if not _VAR.match(name):
            raise RemoteError(f"'{name}' is not a variable name")
    terms = {name: term_text(term) for name, term in bindings.items()}
    toks = _tokens(query)
    edits: list[tuple[int, int, str]] = []
    parens: list[tuple[int, str | None]] = []  # (token index of "(", the keyword right before it)
    projection: int | None = None  # paren depth at which a SELECT clause started
    modifier: int | None = None  # paren depth at which a GROUP BY / ORDER BY list started
    in_values = False
    for i, tok in enumerate(toks):
        prev = toks[i - 1] if i else None
        if tok.kind == "(":
            parens.append((i, prev.text if prev is not None and prev.kind == "kw" else None))
            continue
        if tok.kind == ")":
            if parens:
                parens.pop()
            continue
        if tok.kind in "{}":
            projection = modifier = None
            if tok.kind == "{":
                in_values = False
            continue
        if tok.kind == "kw":
            if tok.text == "SELECT":
                projection = len(parens)
            elif tok.text in ("WHERE", "FROM") and projection == len(parens):
                projection = None
            elif tok.text == "BY":
                modifier = len(parens)
            elif tok.text in _END_MODIFIER:
                modifier = None
            in_values = tok.text == "VALUES" or (in_values and tok.text not in ("WHERE",))
            continue
        if tok.text not in terms:
            continue
        if in_values:
            raise RemoteError(f"?{tok.text} gets its values from the query's VALUES and cannot be a parameter")
        term = terms[tok.text]
        opener = parens[-1][1] if parens else None
        if prev is not None and prev.kind == "kw" and prev.text == "AS":
            if opener == "BIND":  # BIND(e AS ?v)  ->  FILTER(sameTerm((e), TERM))
                open_at = parens[-1][0]
                edits.append((toks[open_at - 1].start, toks[open_at].end, "FILTER(sameTerm(("))
                edits.append((prev.start, tok.end, f"), {term})"))
            continue  # (e AS ?v) in a projection or a GROUP BY keeps its variable
        if opener == "BOUND" and i + 1 < len(toks) and toks[i + 1].kind == ")":
            edits.append((toks[parens[-1][0] - 1].start, toks[i + 1].end, "false"))
            continue
        if projection is not None and len(parens) == projection:
            edits.append((tok.start, tok.end, f"({term} AS ?{tok.text})"))
        elif modifier is not None and len(parens) == modifier:
            edits.append((tok.start, tok.end, f"({term})"))
        else:
            edits.append((tok.start, tok.end, term))
    for start, end, text in sorted(edits, reverse=True):
        query = query[:start] + text + query[end:]
    return query


# --- HTTP ------------------------------------------------------------------------------


@dataclass
class Endpoint:
    """A SPARQL server. ``url`` is its query endpoint; the Graph Store and Update
    endpoints default to Oxigraph's and Fuseki's neighbours of it (``…/store``,
    ``…/data``; ``…/update``) unless given. ``auth`` is ``USER:PASSWORD`` for HTTP basic
    authentication (default ``$KG_SPARQL_AUTH``)."""

    url: str
    store_url: str | None = None
    update_url: str | None = None
    auth: str | None = None
    timeout: float = 120.0

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RemoteError(f"'{self.url}' is not an http(s) URL of a SPARQL endpoint")
        if self.auth is None:
            self.auth = os.environ.get("KG_SPARQL_AUTH") or None

    def _sibling(self, name: str) -> str | None:
        parts = urllib.parse.urlsplit(self.url)
        head, _, last = parts.path.rstrip("/").rpartition("/")
        if last not in ("query", "sparql"):
            return None
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{head}/{name}", "", ""))

    def store_candidates(self) -> list[str]:
        if self.store_url:
            return [self.store_url]
        return [u for u in (self._sibling("store"), self._sibling("data")) if u]

    def update_candidates(self) -> list[str]:
        if self.update_url:
            return [self.update_url]
        return [u for u in (self._sibling("update"), self.url) if u]

    def request(self, url: str, *, method: str = "GET", data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """(status, body); HTTP errors raise :class:`urllib.error.HTTPError`."""
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        if self.auth:
            req.add_header("Authorization", "Basic " + base64.b64encode(self.auth.encode("utf-8")).decode("ascii"))
        with _opener(url).open(req, timeout=self.timeout) as resp:
            return resp.status, resp.read()


def _opener(url: str) -> urllib.request.OpenerDirector:
    """Loopback servers are reached directly, whatever proxy the environment names."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        local = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    return urllib.request.build_opener(urllib.request.ProxyHandler({})) if local else urllib.request.build_opener()


def _http_error(exc: urllib.error.HTTPError, what: str) -> RemoteError:
    try:
        body = exc.read().decode("utf-8", "replace").strip()
    except Exception:  # pragma: no cover - best effort
        body = ""
    return RemoteError(f"{what}: HTTP {exc.code} {exc.reason}" + (f": {body[:500]}" if body else ""))


def _with_params(url: str, params: list[tuple[str, str]]) -> str:
    if not params:
        return url
    return url + ("&" if "?" in url else "?") + urllib.parse.urlencode(params)


# --- queries ---------------------------------------------------------------------------


def _py(term: Any) -> Any:
    from kg.queries import py_value

    return py_value(term)


def remote_query(endpoint: Endpoint, text: str, params: Mapping[str, Any] | None = None, *, graph: str | None = KG_GRAPH) -> list[dict[str, Any]]:
    """Run a query on ``endpoint`` with ``params`` bound (same rows as
    :func:`kg.queries.run_query`). ``graph`` is the dataset's default graph; ``None``
    leaves the server's own default."""
    from kg.queries import to_term

    bindings = {k: to_term(v) for k, v in (params or {}).items() if v is not None}
    try:
        query = substitute(text, bindings)
    except (TypeError, ValueError) as exc:
        raise RemoteError(str(exc)) from exc
    url = _with_params(endpoint.url, [("default-graph-uri", graph)] if graph else [])
    headers = {
        "Content-Type": "application/sparql-query; charset=utf-8",
        "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
    }
    try:
        _, body = endpoint.request(url, method="POST", data=query.encode("utf-8"), headers=headers)
    except urllib.error.HTTPError as exc:
        raise _http_error(exc, f"the query failed at {endpoint.url}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise RemoteError(f"cannot reach {endpoint.url}: {getattr(exc, 'reason', exc)}") from exc
    stripped = body.lstrip()
    if stripped.startswith(b"{"):
        result = parse_query_results(body, QueryResultsFormat.JSON)
        if isinstance(result, QueryBoolean):
            return [{"result": bool(result)}]
        assert isinstance(result, QuerySolutions)
        names = [v.value for v in result.variables]
        return [{name: _py(sol[name]) for name in names} for sol in result]
    triples = parse(body, format=RdfFormat.N_TRIPLES)
    return [{"subject": _py(t.subject), "predicate": _py(t.predicate), "object": _py(t.object)} for t in triples]


def count_triples(endpoint: Endpoint, graph: str = KG_GRAPH) -> int:
    rows = remote_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph=graph)
    return int(rows[0]["n"]) if rows else 0


# --- push ------------------------------------------------------------------------------


@dataclass
class PushReport:
    method: str  # "graph-store" | "update"
    url: str
    graph: str
    triples: int


def graph_ntriples(store: Store) -> bytes:
    """The default graph of ``store`` as N-Triples."""
    return store.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())


def push(endpoint: Endpoint, data: bytes, *, graph: str = KG_GRAPH, method: str = "auto") -> PushReport:
    """Replace ``graph`` on ``endpoint`` with ``data`` (N-Triples) in one request.
    ``method``: ``auto`` (Graph Store, else Update), ``graph-store`` or ``update``."""
    try:
        g = NamedNode(graph)
    except ValueError as exc:
        raise RemoteError(f"'{graph}' is not an IRI: {exc}") from exc
    if method not in ("auto", "graph-store", "update"):
        raise RemoteError(f"unknown push method '{method}' (auto, graph-store, update)")
    triples = data.count(b"\n")
    tried: list[str] = []
    if method in ("auto", "graph-store"):
        for url in endpoint.store_candidates():
            target = _with_params(url, [("graph", g.value)])
            try:
                endpoint.request(target, method="PUT", data=data, headers={"Content-Type": "application/n-triples"})
                return PushReport("graph-store", url, g.value, triples)
            except urllib.error.HTTPError as exc:
                if exc.code in _NO_GSP and method == "auto":
                    tried.append(f"{url}: HTTP {exc.code}")
                    continue
                raise _http_error(exc, f"the Graph Store at {url} refused the graph") from exc
            except (urllib.error.URLError, OSError) as exc:
                raise RemoteError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from exc
        if method == "graph-store":
            raise RemoteError(f"no Graph Store endpoint for {endpoint.url} (give --store-url)")
    update = (
        f"DROP SILENT GRAPH {term_text(g)} ;\n"
        f"INSERT DATA {{ GRAPH {term_text(g)} {{\n"
    ).encode("utf-8") + data + b"\n} }\n"
    for url in endpoint.update_candidates():
        try:
            endpoint.request(url, method="POST", data=update, headers={"Content-Type": "application/sparql-update; charset=utf-8"})
            return PushReport("update", url, g.value, triples)
        except urllib.error.HTTPError as exc:
            if exc.code in _NO_GSP and url != endpoint.update_candidates()[-1]:
                tried.append(f"{url}: HTTP {exc.code}")
                continue
            raise _http_error(exc, f"the update at {url} failed (give the server's endpoints with --store-url / --update-url)") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise RemoteError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from exc
    raise RemoteError("the server took neither a Graph Store PUT nor a SPARQL Update (" + "; ".join(tried) + ")")


# --- the version of the graph's shape ----------------------------------------------------


def remote_version(endpoint: Endpoint, graph: str | None = KG_GRAPH) -> int | None:
    """The schema version a pushed graph carries (``<KG_GRAPH> pkg:schemaVersion N``, which
    every graph kg writes states): 1 for a graph of policies pushed before versions were
    recorded, None for a graph without policies."""
    from kg.schema import CORRECTION, PKG, expand

    rows = remote_query(endpoint, f"SELECT ?v WHERE {{ <{KG_GRAPH}> <{expand(CORRECTION.schema_version)}> ?v }}", graph=graph)
    versions = [int(r["v"]) for r in rows if r.get("v") is not None]
    if versions:
        return max(versions)
    policies = remote_query(endpoint, f"ASK {{ ?p a <{PKG}Policy> }}", graph=graph)
    return 1 if policies and policies[0].get("result") else None


def check_remote_version(endpoint: Endpoint, graph: str | None = KG_GRAPH) -> None:
    """Raise :class:`RemoteError`, saying what to run, when the graph on the server was
    pushed by another version of kg."""
    from kg.schema import SCHEMA_VERSION

    found = remote_version(endpoint, graph)
    if found is None or found == SCHEMA_VERSION:
        return
    where = f"the graph {graph or '(default)'} on {endpoint.url}"
    if found < SCHEMA_VERSION:
        raise RemoteError(f"{where} was pushed by an older kg (schema version {found}; this kg reads {SCHEMA_VERSION}): "
                          "run `kg push` to replace it")
    raise RemoteError(f"{where} was pushed by a newer kg (schema version {found}; this kg reads {SCHEMA_VERSION}): upgrade kg to read it")
