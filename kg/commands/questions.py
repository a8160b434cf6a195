"""``kg`` commands: the analyst questions (:mod:`kg.questions`) as tables, trees or JSON.

=========================  ===================================================================
``kg lineage POLICY``      the directives a policy implements, up to national level
``kg implementers POLICY`` every policy implementing a directive, with the path
``kg departments``         departments ranked by measures led, supported and responsible for,
                           with the number of policies (``--centrality``: network measures)
``kg department NAME``     one department's measures across all policies: role, policy, deadline
``kg partners NAME``       who shares measures with a department, how many, in which policies
                           (``--communities``: groups of departments that work together)
``kg targets``             quantitative targets, by deadline year and policy
=========================  ===================================================================

Each asks the workspace's store, or with ``--neo4j`` the Neo4j server (:class:`StoreOptions`),
through the functions of :mod:`kg.questions`; this module only prints what they answer.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from kg.commands.common import (JsonOpt, LangOpt, LimitOpt, OffsetOpt, PolicyArg, PolicyOpt, RoleChoice, StoreOptions, console, fail,
                                page_from, page_json, page_note, pick_policy, tr, wide, with_store_options)
from kg.commands.validity import AsOfOpt, badge, check_day
from kg.i18n import language
from kg.network import BetweennessMethod, EXACT_BETWEENNESS_MAX, betweenness_method, communities, community_of
from kg.questions import (DepartmentAmbiguous, DepartmentMeasure, DepartmentNotFound, DepartmentRef, Paged, PolicyRef, Rows,
                          add_centrality, department, department_network, department_ranking, implementers_page, lineage,
                          partners, responsibility_rows, targets, targets_by_year, ROLE_ORDER)

commands = typer.Typer()


def role_label(role: str | None, lang: str | None = None) -> str:
    """A role as analysts read it.

    >>> role_label("lead", "zh"), role_label("lead", "en"), role_label("boss")
    ('牵头', 'lead', 'boss')
    """
    return tr(f"role_{role}", lang) if role in ROLE_ORDER else (role or "-")


def format_target_value(comparator: str | None, value: Any, unit: str | None, lang: str | None = None) -> str:
    """A target's value as analysts write it.

    >>> format_target_value(">=", 50, "%"), format_target_value("~", 50, "个", "zh"), format_target_value("range", "5-6", "所")
    ('≥50%', '约50个', '5-6所')
    """
    prefix = {">=": "≥", "<=": "≤", "~": tr("about", lang)}.get(comparator or "=", "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{prefix}{value}{unit or ''}"


def _level(level: str | None, lang: str) -> str:
    return tr(level, lang) if level else "-"


def _label(p: PolicyRef, lang: str) -> str:
    number = f"[bold]{escape(p.number)}[/] " if p.number else ""
    stub = f" [dim]({tr('stub', lang)})[/]" if p.stub else ""
    return f"{number}{escape(p.title or '')} [cyan]{_level(p.level, lang)}[/]{stub}"


def _dump(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --- lineage and implementers ------------------------------------------------------------


def _about(store: StoreOptions, policy: str, lang: str | None) -> tuple[str, Rows, PolicyRef]:
    """The reader's language, the source to ask and the policy ``policy`` names."""
    lang = language(lang)
    source = store.source()
    return lang, source, pick_policy(source, policy, lang)


InForceOpt = Annotated[bool, typer.Option("--in-force", help=(
    "Leave out every policy not in force on --as-of (repealed, expired, amended, not yet in force). One in force that "
    "is reached only through one not in force is still listed, its path showing the other marked."))]


@commands.command("lineage")
@with_store_options
def lineage_cmd(
    policy: PolicyArg,
    store: StoreOptions,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    in_force: InForceOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """The directive chain of a policy up to national level: which directives it implements,
    and through which intermediate documents (named query queries/lineage.rq; with --neo4j,
    queries/lineage.cypher on Neo4j). A law held in several versions is implemented as a
    work: each version is shown with its standing. A directive not in force on --as-of
    (default today) is marked (已废止, 已失效, 已被修改 …); --in-force leaves out every
    branch in which nothing is in force: a directive not in force stays, marked, only where
    one in force lies above it, reached through it."""
    day = check_day(as_of)
    lang, source, ref = _about(store, policy, lang)
    tree = lineage(source, ref, day, in_force)
    if as_json:
        _dump(tree.to_dict())
        return
    root = Tree(f"{tr('lineage_of', lang)}: {_label(ref, lang)}")

    def grow(branch: Tree, node) -> None:  # type: ignore[no-untyped-def]
        for child in node.children:
            mark = "" if child.standing is None or child.standing.in_force else " " + badge(child.standing, lang)
            grow(branch.add("↑ " + _label(child.policy, lang) + mark), child)

    grow(root, tree)
    if not tree.children:
        root.add(tr("no_parents", lang))
    console.print(root)


@commands.command("implementers")
@with_store_options
def implementers_cmd(
    policy: PolicyArg,
    store: StoreOptions,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    in_force: InForceOpt = False,
    as_of: AsOfOpt = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
) -> None:
    """Every policy that implements a directive, with the path.

    Directly or through intermediate documents (named query queries/implementers.rq; with --neo4j,
    queries/implementers.cypher on Neo4j), nearest first, in pages (--limit, --offset) with
    their number; the implementers of a law reach those of every version of it. A policy
    not in force on --as-of (default today) is marked (已废止, 已失效, 已被修改 …); --in-force
    leaves those out, and counts the rest: a policy in force below a repealed intermediate is
    still listed, reached through the intermediate, which its path marks."""
    day = check_day(as_of)
    lang, source, ref = _about(store, policy, lang)
    found = implementers_page(source, ref, page_from(limit, offset, as_json), as_of=day, in_force=in_force)
    if as_json:
        _dump({"policy": {"number": ref.number, "title": ref.title, "level": ref.level}, **page_json(found),
               "implementers": [i.to_dict() for i in found.rows]})
        return
    if not found.total:
        console.print(tr("no_implementers", lang))
        return
    table = Table(title=f"{tr('implementers_of', lang)}: {escape(ref.number or '')} {escape(ref.title or '')}")
    for key in ("number", "title", "level", "region", "date", "status", "path"):
        table.add_column(tr(key, lang), overflow="fold")
    for i in found.rows:
        path = " → ".join(escape(p.number or p.title or "?") + (badge(i.through[p.iri], lang) if p.iri in i.through else "")
                          for p in i.path)
        table.add_row(escape(i.policy.number or "-"), escape(i.policy.title or ""), _level(i.policy.level, lang),
                      escape(i.policy.region or "-"), i.date or "-", badge(i.standing, lang) if i.standing and not i.standing.in_force else "", path)
    _print_page(table, found, lang, console)


def _print_page(table: Table, paged: Paged[Any], lang: str, out: Any = None) -> None:
    """A table of one page of an answer, with which rows of how many under it (on ``out``,
    by default the wide console)."""
    table.caption = page_note(paged, lang)
    (out or wide()).print(table)


# --- departments -------------------------------------------------------------------------


def _find_department(source: Rows, name: str, lang: str) -> tuple[DepartmentRef, list[DepartmentMeasure]]:
    """The department ``name`` names; not found or several end the command (all listed)."""
    try:
        return department(source, name)
    except DepartmentAmbiguous as exc:
        why = tr("suffix_of_several" if exc.suffix else "ambiguous_department", lang)
        fail(f"{why}: {escape(exc.name)}\n" + "\n".join(f"  {escape(c)}" for c in exc.candidates))
    except DepartmentNotFound as exc:
        message = f"{tr('unknown_department', lang)}: {escape(exc.name)}"
        if exc.suggestions:
            message += f"\n{tr('did_you_mean', lang)}: " + "、".join(escape(s) for s in exc.suggestions)
        elif exc.empty:
            message += f"\n{tr('no_departments_in_workspace', lang)}"
        fail(message)
    raise AssertionError("unreachable: fail exits")


@commands.command("departments")
@with_store_options
def departments_cmd(
    policy: PolicyOpt = None,
    region: Annotated[Optional[str], typer.Option("--region", "-r", help="Only departments of this region or a region inside it, e.g. 辽宁省 (with 沈阳市 and its districts).")] = None,
    role: Annotated[Optional[RoleChoice], typer.Option("--role", help="Only this role: lead (牵头), support (配合) or responsible (负责).")] = None,
    with_centrality: Annotated[bool, typer.Option("--centrality", help=f"Add degree and betweenness centrality in the co-responsibility network (betweenness sampled above {EXACT_BETWEENNESS_MAX} departments).")] = False,
    include_collective: Annotated[bool, typer.Option("--include-collective", help="Also rank collective and class names, which name many bodies at once (各区人民政府, 县级以上人民政府有关主管部门); left out by default.")] = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    store: StoreOptions = StoreOptions(),
) -> None:
    """Departments ranked by the measures they lead and support.

    Measures led, supported and responsible for, with the number of policies, counted in the
    store (named query queries/department_ranking.rq: the tallies and rankings the build keeps
    on each department, also by role). Collective and class names (各区人民政府,
    县级以上人民政府: a kind of body, not one body) are left out unless --include-collective.
    --region keeps the departments of a region and of every region inside it,
    following the region hierarchy. --centrality adds their place in the co-responsibility
    network: departments linked by the measures they share. Long rankings come in pages
    (--limit, --offset)."""
    lang = language(lang)
    source = store.source()
    ref = pick_policy(source, policy, lang) if policy else None
    page = page_from(limit, offset, as_json)
    ranked = department_ranking(source, ref.iri if ref else None, region, role.value if role else None, page, include_collective)
    method: BetweennessMethod | None = None
    if with_centrality:
        network = department_network(responsibility_rows(source, ref.iri if ref else None, region, role.value if role else None))
        method = betweenness_method(network)
        add_centrality(ranked.rows, network, method)
    if as_json:
        data: dict[str, Any] = {
            "filters": {"policy": {"number": ref.number, "title": ref.title, "iri": ref.iri} if ref else None,
                        "region": region, "role": role.value if role else None, "include_collective": include_collective},
            **page_json(ranked),
            "departments": [d.to_dict(with_centrality) for d in ranked.rows],
        }
        if method is not None:
            data["betweenness"] = {"exact": method.exact, "nodes": method.nodes, "k": method.k, "seed": method.seed}
        _dump(data)
        return
    if not ranked.total:
        console.print(tr("no_departments", lang))
        return
    scope = " · ".join(escape(x) for x in [(ref.number or ref.title or "") if ref else "", region or "",
                                            role_label(role.value, lang) if role else ""] if x)
    table = Table(title=tr("dept_ranking", lang) + (f" · {scope}" if scope else ""))
    table.add_column("#", justify="right")
    table.add_column(tr("dept_name", lang), overflow="fold")
    for key in ("dept_led", "dept_supported", "dept_responsible", "dept_measures_total", "dept_policies"):
        table.add_column(tr(key, lang), justify="right")
    if with_centrality:
        for key in ("dept_degree", "dept_degree_centrality", "dept_betweenness"):
            table.add_column(tr(key, lang), justify="right")
    for i, d in enumerate(ranked.rows, page.offset + 1):
        cells = [str(i), escape(d.name), str(d.led), str(d.supported), str(d.responsible), str(d.measures), str(d.policies)]
        if with_centrality:
            cells += [str(d.degree or 0), f"{d.degree_centrality or 0:.3f}", f"{d.betweenness or 0:.3f}"]
        table.add_row(*cells)
    _print_page(table, ranked, lang)
    if method is not None:
        console.print(_method_line(method, lang))


def _method_line(method: BetweennessMethod, lang: str) -> str:
    """How betweenness was computed, for the reader."""
    if method.exact:
        return tr("betweenness_exact", lang).format(nodes=method.nodes)
    return tr("betweenness_sampled", lang).format(nodes=method.nodes, k=method.k, seed=method.seed, exact=EXACT_BETWEENNESS_MAX)


@commands.command("department")
@with_store_options
def department_cmd(
    name: Annotated[str, typer.Argument(help="The department's full name (沈阳市教育局) or a name the documents use for it (市教育局).")],
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    store: StoreOptions = StoreOptions(),
) -> None:
    """One department's measures across all policies.

    Each with the department's role (lead, support, responsible), the policy and the deadline
    (named query queries/department_measures.rq). NAME is the canonical name, a name the
    documents use for it, or the end of exactly one canonical name (射阳县教育局 for
    盐城市射阳县教育局); a name several departments fit lists them all."""
    lang = language(lang)
    source = store.source()
    ref, every = _find_department(source, name, lang)
    page = page_from(limit, offset, as_json)
    shown = Paged.of(every, page)
    if as_json:
        _dump({"department": ref.to_dict(), **page_json(shown), "measures": [m.to_dict() for m in shown.rows]})
        return
    title = f"{tr('dept_measures_of', lang)}: {escape(ref.name)}"
    if ref.alias:
        title += f" ({tr('dept_suffix_of' if ref.by_suffix else 'dept_alias_of', lang)}: {escape(ref.alias)})"
    table = Table(title=title)
    table.add_column(tr("policy", lang), overflow="fold")
    table.add_column(tr("measure_number", lang), justify="right")
    table.add_column(tr("measure_task", lang), overflow="fold")
    table.add_column(tr("dept_role", lang))
    table.add_column(tr("deadline", lang))
    for m in shown.rows:
        table.add_row(escape(m.policy_number or m.policy_title or "-"), escape(m.number or "-"), escape(m.task or "-"),
                      role_label(m.role, lang), escape(m.deadline or "-"))
    _print_page(table, shown, lang)


@commands.command("partners")
@with_store_options
def partners_cmd(
    name: Annotated[str, typer.Argument(help="The department's full name or a name the documents use for it.")],
    with_communities: Annotated[bool, typer.Option("--communities", help="Also the groups of departments that work together (Louvain communities, fixed seed).")] = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    store: StoreOptions = StoreOptions(),
) -> None:
    """The co-responsibility network around a department: which departments share measures
    with it, on how many measures and in which policies, counted in the store (named query
    queries/partner_counts.rq); in pages (--limit, --offset)."""
    lang = language(lang)
    source = store.source()
    ref, _ = _find_department(source, name, lang)
    every = partners(source, ref)
    page = page_from(limit, offset, as_json)
    shown = Paged.of(every, page)
    groups: list[list[str]] = []
    own: int | None = None
    if with_communities:
        groups = communities(department_network(responsibility_rows(source)))
        own = community_of(groups, ref.name)
    if as_json:
        data: dict[str, Any] = {"department": ref.to_dict(), **page_json(shown), "partners": [p.to_dict() for p in shown.rows]}
        if with_communities:
            data["communities"] = [{"id": i, "size": len(g), "members": g, "contains_department": i == own}
                                   for i, g in enumerate(groups)]
            data["community"] = own
        _dump(data)
        return
    table = Table(title=f"{tr('partners_of', lang)}: {escape(ref.name)}")
    table.add_column(tr("partner", lang), overflow="fold")
    table.add_column(tr("partner_shared", lang), justify="right")
    table.add_column(tr("partner_roles", lang))
    table.add_column(tr("policy", lang), overflow="fold")
    for p in shown.rows:
        roles = " · ".join(f"{role_label(r, lang)} {n}" for r, n in p.roles.items())
        table.add_row(escape(p.name), str(p.shared), roles, escape("、".join(b.label for b in p.policies)))
    if every:
        _print_page(table, shown, lang)
    else:
        console.print(f"{table.title}\n{tr('no_partners', lang)}")
    if with_communities:
        ct = Table(title=tr("communities", lang))
        ct.add_column(tr("community", lang), justify="right")
        ct.add_column(tr("community_size", lang), justify="right")
        ct.add_column(tr("community_members", lang), overflow="fold")
        alone = 0
        for i, g in enumerate(groups):
            if len(g) == 1 and i != own:
                alone += 1  # departments that share no measure: counted, not listed
                continue
            mark = "★ " if i == own else ""
            members = "、".join(f"[bold]{escape(m)}[/]" if m == ref.name else escape(m) for m in g)
            ct.add_row(f"{mark}{i + 1}", str(len(g)), members)
        if alone:
            ct.caption = tr("alone", lang).format(n=alone)
        wide().print(ct)


@commands.command("targets")
@with_store_options
def targets_cmd(
    deadline: Annotated[Optional[str], typer.Option("--deadline", "-d", help="Only targets due in this year, e.g. 2025.")] = None,
    policy: PolicyOpt = None,
    by_year: Annotated[bool, typer.Option("--by-year", help="Only how many targets fall due in each year, and in how many policies (counted in the store).")] = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    store: StoreOptions = StoreOptions(),
) -> None:
    """Quantitative targets of the policies: indicator, value and the year they are due
    (named query queries/targets.rq), in pages (--limit, --offset); --by-year counts them
    per year (queries/targets_by_year.rq)."""
    lang = language(lang)
    year = None
    if deadline is not None:
        m = re.fullmatch(r"\s*(\d{4})\s*年?\s*", deadline)
        if not m:
            fail(f"{tr('bad_year', lang)}: {escape(deadline)}")
            return
        year = m.group(1)
    source = store.source()
    if by_year:
        _years(source, lang, as_json)
        return
    ref = pick_policy(source, policy, lang) if policy else None
    every = targets(source, year, ref.iri if ref else None)
    page = page_from(limit, offset, as_json)
    found = Paged.of(every, page)
    if as_json:
        _dump({"filters": {"deadline": year, "policy": {"number": ref.number, "title": ref.title, "iri": ref.iri} if ref else None},
               **page_json(found), "targets": [x.to_dict() for x in found.rows]})
        return
    if not every:
        console.print(tr("no_targets", lang))
        return
    scope = " · ".join(escape(x) for x in [year or "", (ref.number or ref.title or "") if ref else ""] if x)
    table = Table(title=tr("targets_title", lang) + (f" · {scope}" if scope else ""))
    table.add_column(tr("target_deadline", lang))
    table.add_column(tr("target_indicator", lang), overflow="fold")
    table.add_column(tr("target_value", lang), justify="right")
    table.add_column(tr("policy", lang), overflow="fold")
    table.add_column(tr("measure_number", lang), justify="right")
    for x in found.rows:
        table.add_row(x.deadline or "-", escape(x.indicator), escape(format_target_value(x.comparator, x.value, x.unit, lang)),
                      escape(x.policy.label), escape(x.measure or "-"))
    _print_page(table, found, lang)


def _years(source: Rows, lang: str, as_json: bool) -> None:
    """How many targets fall due in each year (``kg targets --by-year``)."""
    years = targets_by_year(source)
    if as_json:
        _dump({"years": [y.to_dict() for y in years]})
        return
    if not years:
        console.print(tr("no_targets", lang))
        return
    table = Table(title=tr("targets_title", lang))
    table.add_column(tr("target_deadline", lang))
    table.add_column(tr("targets_title", lang), justify="right")
    table.add_column(tr("dept_policies", lang), justify="right")
    for y in years:
        table.add_row(y.deadline or "-", str(y.targets), str(y.policies))
    wide().print(table)
