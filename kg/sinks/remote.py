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
>>> print(substitute('SELECT ?n WHERE { { SELECT ?n WHERE { ?p ?q ?n } } }', {"n": Literal("x")}))
SELECT ?n WHERE { { SELECT ("x" AS ?n) WHERE { ?p ?q "x" } } }
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import httpx
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


@lru_cache(maxsize=512)
def _tokens(query: str) -> tuple[_Tok, ...]:
    """The keywords, variables, braces and parentheses of ``query``, outside comments,
    strings, IRIs and prefixed names (kept per query text: a question asks the same named
    query many times, with different values bound)."""
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
    return tuple(out)


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
    depth = 0  # braces
    projected: list[tuple[_Tok, int]] = []  # a bound variable in a SELECT list, and the depth of that SELECT
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
            depth += 1 if tok.kind == "{" else -1
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
            projected.append((tok, depth))
        elif modifier is not None and len(parens) == modifier:
            edits.append((tok.start, tok.end, f"({term})"))
        else:
            edits.append((tok.start, tok.end, term))
    # a variable a subquery projects is bound there: the enclosing SELECTs keep it as it is
    # (projecting it again with AS would bind it twice, which SPARQL forbids)
    deepest = {t.text: max(d for u, d in projected if u.text == t.text) for t, _ in projected}
    edits.extend((t.start, t.end, f"({terms[t.text]} AS ?{t.text})") for t, d in projected if d == deepest[t.text])
    for start, end, text in sorted(edits, reverse=True):
        query = query[:start] + text + query[end:]
    return query


# --- HTTP ------------------------------------------------------------------------------

#: the overall deadline of a push (the whole transfer, every request of it), in seconds
DEFAULT_TIMEOUT = 600.0
#: redirects a write may follow: re-sent with the same method and body, on the same host only
_KEEP_METHOD = {307, 308}


@dataclass(frozen=True)
class Answer:
    """A server's answer to one request."""

    status: int
    reason: str
    body: bytes
    location: str | None = None

    def error(self, what: str) -> RemoteError:
        text = self.body.decode("utf-8", "replace").strip()
        return RemoteError(f"{what}: HTTP {self.status} {self.reason}" + (f": {text[:500]}" if text else ""))


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(parts.scheme)


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Endpoint:
    """A SPARQL server. ``url`` is its query endpoint; the Graph Store and Update
    endpoints default to Oxigraph's and Fuseki's neighbours of it (``…/store``,
    ``…/data``; ``…/update``) unless given. ``auth`` is ``USER:PASSWORD`` for HTTP basic
    authentication (default ``$KG_SPARQL_AUTH``), sent only to the hosts of these URLs.

    ``timeout`` bounds everything done through this endpoint from its first request (a
    push: every request and the check of what the server holds), however slowly the server
    answers. Requests go through one kept :mod:`httpx` client that follows no redirect; a
    write redirected with 307/308 to the same host is sent once more there, with the same
    method and body, and any other redirect is an error."""

    url: str
    store_url: str | None = None
    update_url: str | None = None
    auth: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RemoteError(f"'{self.url}' is not an http(s) URL of a SPARQL endpoint")
        if self.auth is None:
            self.auth = os.environ.get("KG_SPARQL_AUTH") or None
        self._deadline: float | None = None
        self._clients: dict[bool, httpx.Client] = {}

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

    def _trusted(self, url: str) -> bool:
        """Whether ``url`` is on a host the user named (the only ones that get credentials)."""
        return _origin(url) in {_origin(u) for u in (self.url, self.store_url, self.update_url) if u}

    def _client(self, url: str) -> httpx.Client:
        """The kept client; loopback servers are reached directly, whatever proxy the
        environment names."""
        local = _is_loopback(url)
        if local not in self._clients:
            self._clients[local] = httpx.Client(follow_redirects=False, trust_env=not local)
        return self._clients[local]

    @contextmanager
    def deadline(self) -> Iterator[None]:
        """Every request made inside shares one deadline, ``timeout`` seconds from now
        (outside, each request has ``timeout`` seconds of its own)."""
        if self._deadline is not None:
            yield
            return
        self._deadline = time.monotonic() + self.timeout
        try:
            yield
        finally:
            self._deadline = None

    def request(self, url: str, *, method: str = "GET", data: bytes | None = None, headers: dict[str, str] | None = None) -> Answer:
        """The server's answer (any status); raises :class:`RemoteError` when it cannot be
        reached, redirects where a write may not follow, or the deadline passes."""
        answer = self._send(url, method, data, headers or {})
        if 300 <= answer.status < 400 and answer.location:
            target = urllib.parse.urljoin(url, answer.location)
            if answer.status in _KEEP_METHOD and _origin(target) == _origin(url):
                answer = self._send(target, method, data, headers or {})
            if 300 <= answer.status < 400:
                raise RemoteError(
                    f"{url} answered HTTP {answer.status} {answer.reason}, a redirect to {answer.location}: nothing was sent "
                    "there (a write follows only a 307/308 redirect on the same host); give the server's own endpoint URL"
                )
        return answer

    def _send(self, url: str, method: str, data: bytes | None, headers: dict[str, str]) -> Answer:
        """One request, bounded by the deadline: the transfer runs in a thread that this
        one stops waiting for when the time is up (a server may trickle bytes for ever)."""
        until = self._deadline if self._deadline is not None else time.monotonic() + self.timeout
        left = until - time.monotonic()
        if left <= 0:
            raise self._late(url)
        box: dict[str, Any] = {}
        worker = threading.Thread(target=self._transfer, args=(url, method, data, headers, until, box), daemon=True)
        worker.start()
        worker.join(left)
        if worker.is_alive():
            raise self._late(url)
        if "error" in box:
            raise box["error"]
        return box["answer"]  # type: ignore[no-any-return]

    def _transfer(self, url: str, method: str, data: bytes | None, headers: dict[str, str], until: float, box: dict[str, Any]) -> None:
        sent = dict(headers)
        if self.auth and self._trusted(url):
            sent["Authorization"] = "Basic " + base64.b64encode(self.auth.encode("utf-8")).decode("ascii")
        try:
            with self._client(url).stream(method, url, content=data, headers=sent, timeout=httpx.Timeout(max(0.001, until - time.monotonic()))) as resp:
                chunks: list[bytes] = []
                for chunk in resp.iter_bytes():
                    chunks.append(chunk)
                    if time.monotonic() > until:
                        raise self._late(url)
                box["answer"] = Answer(resp.status_code, resp.reason_phrase, b"".join(chunks), resp.headers.get("location"))
        except httpx.TimeoutException:
            box["error"] = self._late(url)
        except (httpx.HTTPError, OSError) as exc:
            box["error"] = RemoteError(f"cannot reach {url}: {exc}")
        except RemoteError as exc:
            box["error"] = exc

    def _late(self, url: str) -> RemoteError:
        return RemoteError(f"{url} did not finish within {self.timeout:g} s, the deadline of the whole transfer (raise it with --timeout)")

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()


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
    answer = endpoint.request(url, method="POST", data=query.encode("utf-8"), headers=headers)
    if answer.status >= 300:
        raise answer.error(f"the query failed at {endpoint.url}")
    body = answer.body
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
    """Replace ``graph`` on ``endpoint`` with ``data`` (N-Triples) in one request, then ask
    the server how many triples the graph holds: a push that the server answered with
    success but did not store is an error. ``method``: ``auto`` (Graph Store, else
    Update), ``graph-store`` or ``update``."""
    try:
        g = NamedNode(graph)
    except ValueError as exc:
        raise RemoteError(f"'{graph}' is not an IRI: {exc}") from exc
    if method not in ("auto", "graph-store", "update"):
        raise RemoteError(f"unknown push method '{method}' (auto, graph-store, update)")
    triples = len({line for line in data.splitlines() if line.strip()})
    with endpoint.deadline():
        report = _send_graph(endpoint, data, g, method)
        report.triples = triples
        try:
            held = count_triples(endpoint, g.value)
        except RemoteError as exc:
            raise RemoteError(f"{report.url} took the graph, but what it holds cannot be checked: {exc}") from exc
    if held != triples:
        raise RemoteError(f"{report.url} answered that it took the graph, but the server holds {held} triples in "
                          f"{g.value}, not the {triples} sent: the push did not take")
    return report


def _send_graph(endpoint: Endpoint, data: bytes, g: NamedNode, method: str) -> PushReport:
    """Send the graph by the first way the server takes (see the module's head)."""
    tried: list[str] = []
    if method in ("auto", "graph-store"):
        for url in endpoint.store_candidates():
            answer = endpoint.request(_with_params(url, [("graph", g.value)]), method="PUT", data=data,
                                      headers={"Content-Type": "application/n-triples"})
            if answer.status < 300:
                return PushReport("graph-store", url, g.value, 0)
            if answer.status in _NO_GSP and method == "auto":
                tried.append(f"{url}: HTTP {answer.status}")
                continue
            raise answer.error(f"the Graph Store at {url} refused the graph")
        if method == "graph-store":
            raise RemoteError(f"no Graph Store endpoint for {endpoint.url} (give --store-url)")
    update = (
        f"DROP SILENT GRAPH {term_text(g)} ;\n"
        f"INSERT DATA {{ GRAPH {term_text(g)} {{\n"
    ).encode("utf-8") + data + b"\n} }\n"
    candidates = endpoint.update_candidates()
    for url in candidates:
        answer = endpoint.request(url, method="POST", data=update, headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        if answer.status < 300:
            return PushReport("update", url, g.value, 0)
        if answer.status in _NO_GSP and url != candidates[-1]:
            tried.append(f"{url}: HTTP {answer.status}")
            continue
        raise answer.error(f"the update at {url} failed (give the server's endpoints with --store-url / --update-url)")
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
