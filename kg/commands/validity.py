"""``kg`` commands about validity (:mod:`kg.questions`): in force or not.

=================================  =============================================================
``kg status POLICY [--as-of D]``   status (现行有效, 尚未施行, 已失效, 已废止, 已被修改), dates,
                                   what it repealed, what repealed it, the chain of replacements
``kg expiring --before D``         policies whose validity ends before a date, soonest first
=================================  =============================================================

Each asks the workspace's store, or with ``--neo4j`` the Neo4j server, through the named
queries ``queries/status.rq``, ``repealed.rq`` and ``expiring.rq`` (and their ``.cypher`` twins).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from kg.commands.common import (JsonOpt, LangOpt, LimitOpt, OffsetOpt, PolicyArg, StoreOptions, console, fail, page_from, page_json, page_note,
                                pick_policy, tr, with_store_options)
from kg.i18n import language
from kg.questions import Paged, PolicyAmbiguous, PolicyNotFound, PolicyRef, Standing, current_version, expiring, status, today
from kg.schema import Status

commands = typer.Typer()

AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", help="The day the status is computed for (YYYY-MM-DD; default today).")]

#: rich colour of each status (a badge)
STATUS_STYLE = {Status.IN_FORCE: "green", Status.NOT_YET: "blue", Status.EXPIRED: "yellow",
                Status.REPEALED: "red", Status.AMENDED: "magenta"}


def check_day(value: str | None, option: str = "--as-of") -> str:
    """An ISO day, or today when ``value`` is None; a bad one stops the command.

    >>> check_day("2024-01-31")
    '2024-01-31'
    """
    if value is None:
        return today()
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        fail(f"{option}: not a date (YYYY-MM-DD): {value}")
        raise


def badge(s: Standing | None, lang: str) -> str:
    """A coloured status label for a table or a tree ('' when unknown)."""
    if s is None:
        return ""
    return status_badge(s.status, lang, in_force=True)


def status_badge(status: Status | str | None, lang: str, *, in_force: bool = False) -> str:
    """The badge of a status (or of its value); '' when unknown, and for 现行有效 unless
    ``in_force`` (tables mark only what is not in force).

    >>> status_badge("repealed", "zh"), status_badge("in_force", "zh"), status_badge(None, "en")
    ('[red]【已废止】[/]', '', '')
    """
    if status is None or (Status(status) is Status.IN_FORCE and not in_force):
        return ""
    st = Status(status)
    return f"[{STATUS_STYLE[st]}]【{st.label(lang)}】[/]"


def _ref(p: PolicyRef) -> str:
    return escape(" ".join(x for x in (p.number, p.title) if x) or p.iri)


@commands.command("status")
@with_store_options
def status_cmd(policy: PolicyArg, store: StoreOptions, as_of: AsOfOpt = None, lang: LangOpt = None, as_json: JsonOpt = False) -> None:
    """Whether a policy is in force on a day.

    现行有效 (in force), 尚未施行 (not yet in force),
    已失效 (expired), 已废止 (repealed: by which document, from when), 已被修改 (amended: a newer
    version exists); its dates, the documents it repealed, and the chain of replacements
    (A replaced by B replaced by C). The title of a law held in several versions names the
    version that stands on --as-of (the newest by default). Named queries queries/status.rq,
    repealed.rq and standing.rq."""
    day = check_day(as_of)
    lang = language(lang)
    source = store.source()
    try:
        ref = current_version(source, policy, day)  # a work's title: its version standing that day
    except (PolicyAmbiguous, PolicyNotFound):
        ref = pick_policy(source, policy, lang)  # reports the candidates, or none
    rep = status(source, ref, day)
    if as_json:
        print(json.dumps({**rep.to_dict(lang), "as_of": day}, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{tr('status_title', lang)}: {_ref(ref)} · {tr('as_of', lang)} {day}", show_header=False)
    table.add_column(overflow="fold")
    table.add_column(overflow="fold")
    table.add_row(tr("status", lang), badge(rep.standing, lang) + (f" {tr('since', lang)} {rep.standing.since}" if rep.standing.since else ""))
    for key, value in (("date", rep.date), ("effective", rep.effective), ("expires", rep.expires)):
        table.add_row(tr(key, lang), value or "-")
    if rep.standing.status in (Status.REPEALED, Status.AMENDED) and rep.standing.by:
        key = "repealed_by" if rep.standing.status is Status.REPEALED else "amended_by"
        by = next((p for p in rep.chain if p.iri == rep.standing.by), PolicyRef(rep.standing.by, None, None))
        table.add_row(tr(key, lang), _ref(by))
    table.add_row(tr("repeals", lang), "\n".join(_ref(p) for p in rep.repealed) or "-")
    if len(rep.chain) > 1:
        table.add_row(tr("replacement_chain", lang), " → ".join(_ref(p) for p in rep.chain))
    console.print(table)


@commands.command("expiring")
@with_store_options
def expiring_cmd(
    store: StoreOptions,
    before: Annotated[str, typer.Option("--before", help="Policies whose validity ends before this day (YYYY-MM-DD).")],
    after: Annotated[Optional[str], typer.Option("--after", help="…and ends on or after this day (default: any).")] = None,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
) -> None:
    """Policies whose validity ends before a day.

    Their stated validity (有效期至…, 有效期N年), soonest first: the renewals to watch,
    in pages (--limit, --offset; --json gives every row unless --limit is given).
    Named query queries/expiring.rq."""
    end = check_day(before, "--before")
    start = check_day(after, "--after") if after else None
    lang = language(lang)
    every = expiring(store.source(), end, start)
    page = page_from(limit, offset, as_json)
    shown = Paged.of(every, page)
    if as_json:
        print(json.dumps({"before": end, "after": start, **page_json(shown), "policies": [e.to_dict() for e in shown.rows]},
                         ensure_ascii=False, indent=2))
        return
    if not every:
        console.print(tr("no_expiring", lang))
        return
    table = Table(title=f"{tr('expiring_before', lang)} {end}", caption=page_note(shown, lang))
    for key in ("number", "title", "effective", "expires"):
        table.add_column(tr(key, lang), overflow="fold")
    for e in shown.rows:
        table.add_row(escape(e.policy.number or "-"), escape(e.policy.title or ""), e.effective or "-", e.expires)
    console.print(table)
