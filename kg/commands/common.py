"""What the ``kg`` commands share: the common options, the store a question runs on
(:class:`StoreOptions`: the workspace, or Neo4j with ``--neo4j``), failing with one line,
picking a policy, headings in the reader's language, and help text as prose. Imports no
command module, so every command module imports on its own.
"""

from __future__ import annotations

import inspect
import logging
import re
import weakref
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer
from rich.console import Console
from rich.markup import escape

from kg.questions import Page, Paged, PolicyAmbiguous, PolicyNotFound, PolicyRef, Rows, current_version
from kg.i18n import t as _shared_t
from kg.workspace import DEFAULT_WORKSPACE, Workspace, WorkspaceError

console = Console()
err = Console(stderr=True)

WorkspaceOpt = Annotated[
    Path,
    typer.Option("--workspace", "-w", envvar="KG_WORKSPACE", help="Workspace folder holding the graph (created by `kg build`)."),
]
LangOpt = Annotated[Optional[str], typer.Option("--lang", envvar="KG_LANG", help="Language of headings and labels: zh (default) or en.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table or tree.")]
PolicyArg = Annotated[str, typer.Argument(help="发文字号 (any bracket form) or title of the policy.")]
PolicyOpt = Annotated[Optional[str], typer.Option("--policy", "-p", help="Only this policy: 发文字号 (any bracket form) or title.")]
#: rows a list command shows in the terminal unless --limit says otherwise
DEFAULT_PAGE = 50
LimitOpt = Annotated[Optional[int], typer.Option("--limit", "-n", min=0, help=f"Show at most N rows (default: {DEFAULT_PAGE} in the terminal, every row with --json; 0: every row).", rich_help_panel="Pages")]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="Skip the first N rows (the next page: --offset 50).", rich_help_panel="Pages")]


class RoleChoice(str, Enum):
    """A department's role in a measure: 牵头, 配合, 负责."""

    lead = "lead"
    support = "support"
    responsible = "responsible"


# Neo4j (kg load-neo4j writes the graph there; --neo4j answers from it). Connection settings come
# from these options or the environment, never from code; the password is never printed.
Neo4jOpt = Annotated[bool, typer.Option("--neo4j", help="Answer from the Neo4j server that `kg load-neo4j` wrote to (queries/*.cypher) instead of the workspace's store.", rich_help_panel="Neo4j")]
Neo4jUriOpt = Annotated[Optional[str], typer.Option("--neo4j-uri", envvar="NEO4J_URI", help="Neo4j server: bolt://HOST:PORT, or neo4j://HOST:PORT (routing).", rich_help_panel="Neo4j")]
Neo4jUserOpt = Annotated[Optional[str], typer.Option("--neo4j-user", envvar="NEO4J_USER", help="Neo4j user name.", rich_help_panel="Neo4j")]
Neo4jPasswordOpt = Annotated[Optional[str], typer.Option("--neo4j-password", envvar="NEO4J_PASSWORD", show_default=False, help="Neo4j password (prefer the environment variable: other users can see a command line).", rich_help_panel="Neo4j")]
Neo4jDatabaseOpt = Annotated[Optional[str], typer.Option("--database", envvar="NEO4J_DATABASE", help="Neo4j database (default: the server's default database).", rich_help_panel="Neo4j")]

def tr(key: str, lang: str | None = None) -> str:
    """A heading or message in ``lang``: the commands' own, else kg.i18n's.

    >>> tr("loaded", "zh"), tr("loaded", "en"), tr("dept_led", "en"), tr("region", "zh")
    ('已写入 Neo4j', 'Loaded into Neo4j', 'led', '地区')
    """
    return _shared_t(key, lang, "cli")


def fail(message: str, code: int = 2) -> None:
    """``error: message`` on standard error as one plain line (not wrapped to the terminal's
    width; brackets in the message are printed, not read as markup), then exit with ``code``."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def open_store(workspace: Path):  # type: ignore[no-untyped-def]
    """The workspace's embedded store; a missing or unreadable workspace ends the command."""
    try:
        return Workspace(workspace).open_store()
    except WorkspaceError as exc:
        fail(str(exc))


def wide() -> Console:
    """The console for wide tables: the terminal's width, or 160 columns when the output
    goes to a file or a pipe (rich would fold every cell at 80)."""
    return console if console.is_terminal else Console(width=max(console.width, 160))


# --- the store a question runs on ----------------------------------------------------------


@dataclass(frozen=True)
class StoreOptions:
    """Where a question's answers come from: the workspace's store, or with ``neo4j`` the
    Neo4j server these settings name (unset ones come from the environment)."""

    workspace: Path = Path(DEFAULT_WORKSPACE)
    neo4j: bool = False
    uri: Optional[str] = None
    user: Optional[str] = None
    password: Optional[str] = None
    database: Optional[str] = None

    def source(self) -> Rows:
        """The :class:`kg.questions.Rows` to ask."""
        from kg.queries import Neo4jRows, StoreRows

        if self.neo4j:
            return Neo4jRows(open_neo4j_store(self.uri, self.user, self.password, self.database))
        return StoreRows(open_store(self.workspace))


def _quiet_driver() -> None:
    """The driver logs retries and server notifications as warnings; the commands report
    failures themselves, in one line."""
    log = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())
    log.propagate = False


def connect_neo4j(uri: str | None, user: str | None, password: str | None, database: str | None):  # type: ignore[no-untyped-def]
    """(settings, driver) of the Neo4j server these settings (or the environment) name; a bad
    setting ends the command with one line."""
    from kg.sinks.neo4j import Neo4jSinkError, connect, settings_from

    _quiet_driver()
    try:
        settings = settings_from(uri, user, password, database)
        return settings, connect(settings)
    except Neo4jSinkError as exc:
        fail(str(exc))
        raise  # unreachable: fail exits


class _CommandStore:
    """A :class:`kg.sinks.neo4j.Neo4jStore` whose driver errors end the command with one line."""

    def __init__(self, store: Any, settings: Any) -> None:
        self.store, self.settings = store, settings
        # the driver closes when the command is done with the store (or at exit)
        self._finalizer = weakref.finalize(self, store.close)

    def _guarded(self, call: Callable[[], Any]) -> Any:
        from neo4j.exceptions import DriverError, Neo4jError

        from kg.sinks.neo4j import StaleGraph, explain

        try:
            return call()
        except StaleGraph as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise SystemExit(2) from None
        except (Neo4jError, DriverError, OSError) as exc:
            # SystemExit, not typer.Exit: the command ends here whoever asked
            err.print(f"[bold red]error:[/] {escape(explain(exc, self.settings, doing='the query on Neo4j failed'))}",
                      highlight=False, soft_wrap=True)
            raise SystemExit(2) from None

    def rows(self, name: str, params: Any = None, page: Any = None) -> list[dict[str, Any]]:
        return self._guarded(lambda: self.store.rows(name, params, page))  # type: ignore[no-any-return]

    def close(self) -> None:
        self._finalizer()


def open_neo4j_store(uri: str | None, user: str | None, password: str | None, database: str | None = None) -> Any:
    """A store that answers the named queries from Neo4j (see :class:`kg.sinks.neo4j.Neo4jStore`),
    closed once the command no longer holds it; a server that cannot be reached or refuses the
    login ends the command with one line."""
    from kg.sinks.neo4j import Neo4jStore

    settings, driver = connect_neo4j(uri, user, password, database)
    return _CommandStore(Neo4jStore(driver, settings.database), settings)


#: the options a StoreOptions parameter stands for: (name, annotation, default)
_STORE_PARAMETERS: list[tuple[str, Any, Any]] = [
    ("workspace", WorkspaceOpt, Path(DEFAULT_WORKSPACE)), ("neo4j", Neo4jOpt, False), ("neo4j_uri", Neo4jUriOpt, None),
    ("neo4j_user", Neo4jUserOpt, None), ("neo4j_password", Neo4jPasswordOpt, None), ("database", Neo4jDatabaseOpt, None),
]


def with_store_options(fn: Callable[..., Any] | None = None, *, flag: bool = True,
                       workspace: bool = True) -> Any:
    """A command taking ``store: StoreOptions`` gets ``--workspace``, ``--neo4j`` and the Neo4j
    settings in its place (after its own options), given to it as one :class:`StoreOptions`;
    ``flag=False`` leaves out ``--neo4j`` (commands that always talk to Neo4j),
    ``workspace=False`` leaves out ``--workspace``."""
    if fn is None:
        return lambda f: with_store_options(f, flag=flag, workspace=workspace)
    sig = inspect.signature(fn, eval_str=True)
    own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in sig.parameters.values() if p.name != "store"]
    wanted = [(n, a, d) for n, a, d in _STORE_PARAMETERS if (flag or n != "neo4j") and (workspace or n != "workspace")]
    added = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=a, default=d) for n, a, d in wanted]
    params = own + added

    def command(**kw: Any) -> Any:
        store = StoreOptions(kw.pop("workspace", Path(DEFAULT_WORKSPACE)), kw.pop("neo4j", not flag),
                             kw.pop("neo4j_uri"), kw.pop("neo4j_user"), kw.pop("neo4j_password"), kw.pop("database"))
        return fn(store=store, **kw)

    command.__name__, command.__qualname__, command.__doc__, command.__module__ = fn.__name__, fn.__qualname__, fn.__doc__, fn.__module__
    command.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    return command


# --- long answers in pages ----------------------------------------------------------------


def page_from(limit: int | None, offset: int, as_json: bool) -> Page:
    """The page the options ask for: ``--limit`` rows (0: all) after ``--offset``; without
    ``--limit``, :data:`DEFAULT_PAGE` rows in the terminal and every row as JSON.

    >>> page_from(None, 0, False), page_from(None, 0, True), page_from(0, 10, False), page_from(5, 0, True)
    (Page(limit=50, offset=0), Page(limit=None, offset=0), Page(limit=None, offset=10), Page(limit=5, offset=0))
    """
    if limit is None:
        return Page(None if as_json else DEFAULT_PAGE, offset)
    return Page(limit or None, offset)


def page_json(paged: Paged[Any]) -> dict[str, Any]:
    """Where a page sits in the whole answer, for ``--json``.

    >>> page_json(Paged(["a"], 3, Page(1, 1)))
    {'total': 3, 'offset': 1, 'limit': 1}
    """
    return {"total": paged.total, "offset": paged.page.offset, "limit": paged.page.limit}


def page_note(paged: Paged[Any], lang: str | None = None) -> str | None:
    """The line under a table that shows a part of the answer: which rows of how many, and
    how to ask for the next page (``None`` when the table shows every row).

    >>> page_note(Paged(list(range(50)), 120, Page(50, 0)), "en")
    'rows 1–50 of 120 · next page: --offset 50'
    >>> page_note(Paged([1, 2], 2, Page(50, 0)), "en") is None
    True
    """
    shown = len(paged.rows)
    if paged.page.offset == 0 and shown >= paged.total:
        return None
    if not shown:
        return tr("page_empty", lang).format(total=paged.total)
    first, last = paged.page.offset + 1, paged.page.offset + shown
    note = tr("page_rows", lang).format(first=first, last=last, total=paged.total)
    if last < paged.total:
        note += " · " + tr("page_next", lang).format(next=last)
    return note


# --- finding a policy ------------------------------------------------------------------


def pick_policy(source: Rows, query: str, lang: str) -> PolicyRef:
    """The policy ``query`` names (:func:`kg.questions.find_policy`; the title of a law held
    in several versions names its newest, :func:`kg.questions.current_version`); none or
    several end the command, the several listed."""
    try:
        return current_version(source, query)
    except PolicyNotFound:
        fail(f"{tr('not_found', lang)}: {escape(query)}")
    except PolicyAmbiguous as exc:
        lines = "\n".join(f"  {escape(p.number or '-')}  {escape(p.title or '')}" for p in exc.candidates[:10])
        fail(f"{tr('ambiguous', lang)}:\n{lines}")
    raise AssertionError("unreachable: fail exits")


# --- help as prose -------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.:;])\s|(?<=[。：；])")


def prose(doc: str | None) -> str:
    """A docstring as prose: paragraphs kept, the line breaks inside one joined.

    >>> prose('''Read documents and
    ...     store the graph.
    ...
    ...     Files already built are not read again.''')
    'Read documents and store the graph.\\n\\nFiles already built are not read again.'
    """
    paragraphs = inspect.cleandoc(doc or "").split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs).strip()


def summary(doc: str | None) -> str:
    """The first sentence of a docstring (up to a full stop, colon or semicolon), for the
    command list.

    >>> summary('''The directive chain of a policy: which directives it
    ...     implements. More.''')
    'The directive chain of a policy'
    """
    text = prose(doc).split("\n\n")[0]
    first = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    return first.rstrip(".:;").rstrip()


def as_prose(app: typer.Typer) -> typer.Typer:
    """Help of every command of ``app`` (and of its groups) from its docstring as prose, with
    the first sentence as its line in the command list."""
    for info in app.registered_commands:
        doc = info.help or (info.callback.__doc__ if info.callback else None)
        info.help = prose(doc)
        info.short_help = info.short_help or summary(doc)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            doc = group.help or group.typer_instance.info.help
            if isinstance(doc, str):
                group.help = prose(doc)
                group.short_help = group.short_help or summary(doc)
            as_prose(group.typer_instance)
    return app
