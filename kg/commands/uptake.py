"""``kg uptake DIRECTIVE``: how fast and where a directive was taken up.

For each province, city or level (``--by``) its implementing documents, directly or through
intermediates, with the lag in days from the directive's first adoption to theirs; the
divisions with none in this corpus; the median and spread of the lag by level
(:func:`kg.questions.uptake`). ``--by measure`` asks :func:`kg.questions.measure_uptake`,
clause by clause.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from kg.commands.common import (JsonOpt, LangOpt, LimitOpt, OffsetOpt, PolicyArg, StoreOptions, fail, page_from, page_json,
                               page_note, pick_policy, wide, with_store_options)
from kg.commands.common import tr as _tr
from kg.commands.validity import AsOfOpt, check_day, status_badge
from kg.i18n import TABLES, language, t
from kg.questions import LagSummary, Page, Paged, Uptake, Uptaker, uptake

commands = typer.Typer()

def tr(key: str, lang: str | None = None) -> str:
    """This command's headings (table ``uptake`` of ``kg/data/messages.tsv``), else the commands' ones.

    >>> tr("lag", "zh"), tr("lag", "en"), tr("region", "zh")
    ('滞后(天)', 'lag (days)', '地区')
    """
    return t(key, lang, "uptake") if key in TABLES["uptake"] else _tr(key, lang)


class By(str, Enum):
    province = "province"
    city = "city"
    level = "level"
    measure = "measure"


ByOpt = Annotated[By, typer.Option("--by", help="Group by province, city or level; measure: clause by clause.")]


def days(value: int | float | None, lang: str) -> str:
    """A number of days, or 'unknown'.

    >>> days(276, "zh"), days(12.5, "en"), days(None, "zh")
    ('276', '12.5', '未知')
    """
    if value is None:
        return tr("unknown", lang)
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def level_name(level: str | None, lang: str) -> str:
    return tr(level, lang) if level and level != "unknown" else tr("unknown_level", lang)


def document_rows(answer: Uptake) -> list[tuple[str | None, Uptaker]]:
    """The rows of the documents table in order: (division, document) for each division's
    documents, then (None, document) for those whose division is not known."""
    rows: list[tuple[str | None, Uptaker]] = [(d.name, u) for d in answer.divisions for u in d.documents]
    return rows + [(None, u) for u in answer.unplaced]


def _document_table(answer: Uptake, lang: str, page: Page | None = None) -> Table:
    d = answer.directive
    title = (f"{tr('uptake_of', lang)}: {escape(d.number or '')} {escape(d.title or '')} "
             f"({tr('first_adopted', lang)} {answer.adopted or tr('unknown', lang)})")
    table = Table(title=title)
    for key in (f"division_{answer.by}", "number", "title", "level", "region", "adopted", "lag", "path"):
        table.add_column(tr(key, lang), overflow="fold")
    every = document_rows(answer)
    shown = Paged((page or Page()).of(every), len(every), page or Page())
    for division, u in shown.rows:
        name = tr("unknown", lang) if division is None else level_name(division, lang) if answer.by == "level" else division
        path = " → ".join(escape(p.number or p.title or "?") for p in u.path)
        title = " ".join(x for x in (escape(u.policy.title or ""), status_badge(u.status, lang)) if x)
        table.add_row(escape(name), escape(u.policy.number or "-"), title, level_name(u.policy.level, lang),
                      escape(u.policy.region or "-"), u.adopted or tr("unknown", lang), days(u.lag, lang), path)
    table.caption = page_note(shown, lang)
    return table


def _lag_table(lags: dict[str, LagSummary], lang: str) -> Table:
    table = Table(title=tr("lag_by_level", lang))
    for key in ("level", "documents_n", "known_n", "median", "quartiles", "range"):
        table.add_column(tr(key, lang))
    for level, s in lags.items():
        quartiles = f"{days(s.q1, lang)}–{days(s.q3, lang)}" if s.known else tr("unknown", lang)
        span = f"{days(s.min, lang)}–{days(s.max, lang)}" if s.known else tr("unknown", lang)
        table.add_row(level_name(level, lang), str(s.documents), str(s.known), days(s.median, lang), quartiles, span)
    return table


def print_uptake(answer: Uptake, lang: str, page: Page | None = None) -> None:
    """The answer as tables: documents by division (one page of them), the divisions with
    none in this corpus, the lag by level."""
    out = wide()
    if not answer.divisions and not answer.unplaced:
        out.print(tr("no_uptake", lang))
    else:
        out.print(_document_table(answer, lang, page))
    unit = tr(f"division_{answer.by}", lang)
    names = [level_name(n, lang) for n in answer.none_in_corpus] if answer.by == "level" else answer.none_in_corpus
    out.print(f"{tr('none_in_corpus', lang).format(unit)} ({len(names)}): " + ("、" if lang != "en" else ", ").join(map(escape, names)))
    if answer.lag_by_level:
        out.print(_lag_table(answer.lag_by_level, lang))


def _measure_uptake(source: Any, ref: Any, lang: str) -> Any:
    """:func:`kg.questions.measure_uptake` when the project has it; the command ends with a
    clear message when it does not."""
    import kg.questions

    fn = getattr(kg.questions, "measure_uptake", None)
    if fn is None:
        fail(tr("no_measure_uptake", lang))
    return fn(source, ref)


@commands.command("uptake")
@with_store_options
def uptake_cmd(
    directive: PolicyArg,
    store: StoreOptions,
    by: ByOpt = By.province,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """How fast and where a directive was taken up.

    For each province, city or level (--by) the documents implementing the directive, directly
    or through intermediates, with the lag in days from its first adoption to theirs (a law's
    first adoption date, not its latest revision's; unknown dates are said to be unknown); the
    divisions with none in this corpus; the median and spread of the lag by level (named query
    queries/uptake.rq; with --neo4j, queries/uptake.cypher on Neo4j). A document not in force
    on --as-of (default today) is marked (已废止, 已失效, 已被修改 …). The documents come in
    pages (--limit, --offset: documents in the terminal, divisions with --json)."""
    day = check_day(as_of)
    lang = language(lang)
    source = store.source()
    ref = pick_policy(source, directive, lang)
    if by == By.measure:
        answer = _measure_uptake(source, ref, lang)
        if as_json or not hasattr(answer, "__rich__"):
            print(json.dumps(answer.to_dict() if hasattr(answer, "to_dict") else answer, ensure_ascii=False, indent=2, default=str))
        else:
            wide().print(answer)
        return
    answer = uptake(source, ref, by.value, day)
    page = page_from(limit, offset, as_json)
    if as_json:
        data = answer.to_dict()
        data["divisions"] = page.of(data["divisions"])
        print(json.dumps({**data, **page_json(Paged(data["divisions"], len(answer.divisions), page))}, ensure_ascii=False, indent=2))
        return
    print_uptake(answer, lang, page)
