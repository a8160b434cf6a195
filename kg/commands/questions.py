"""``kg`` commands: questions about departments, the measures they carry, who they work
with, and the targets policies set.

=========================  ===================================================================
``kg departments``         departments ranked by measures led, supported and responsible for,
                           with the number of policies (``--centrality``: network measures)
``kg department NAME``     one department's measures across all policies: role, policy, deadline
``kg partners NAME``       who shares measures with a department, how many, in which policies
                           (``--communities``: groups of departments that work together)
``kg targets``             quantitative targets, by deadline year and policy
=========================  ===================================================================

Each answers from a named query (``queries/departments.rq``, ``department_measures.rq``,
``partners.rq``, ``targets.rq``) run on the embedded store with bound parameters; the
functions below count and group the rows, and the network measures come from
:mod:`kg.network` (networkx). The functions take a store and return plain records, so they
can be used without the command line.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import networkx as nx
import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.cli import (DEFAULT_WORKSPACE, JsonOpt, LangOpt, Neo4jDatabaseOpt, Neo4jOpt, Neo4jPasswordOpt, Neo4jUriOpt,
                    Neo4jUserOpt, WorkspaceOpt, _fail, _open_store, _pick_policy, app, console)
from kg.commands.neo4j import store_for
from kg.i18n import language
from kg.i18n import t as _shared_t
from kg.network import centrality, co_responsibility_graph, communities, community_of
from kg.queries import load_query, run_query

ROLE_ORDER = {"lead": 0, "support": 1, "responsible": 2}


def tr(key: str, lang: str | None = None) -> str:
    """A heading or message in ``lang`` (kg.i18n).

    >>> tr("dept_led", "zh"), tr("dept_led", "en"), tr("region", "zh")
    ('牵头', 'led', '地区')
    """
    return _shared_t(key, lang)


def role_label(role: str | None, lang: str | None = None) -> str:
    return tr(f"role_{role}", lang) if role in ROLE_ORDER else (role or "-")


def _str(value: Any) -> str | None:
    """Query values as text; the empty string of an unbound optional is ``None``."""
    if value is None or value == "":
        return None
    return str(value)


# --- departments ---------------------------------------------------------------------


@dataclass
class DepartmentRank:
    iri: str
    name: str
    kind: str | None
    led: int = 0
    supported: int = 0
    responsible: int = 0
    measures: int = 0
    policies: int = 0
    #: filled by :func:`add_centrality`
    degree: int | None = None
    degree_centrality: float | None = None
    betweenness: float | None = None

    def to_dict(self, with_centrality: bool = False) -> dict[str, Any]:
        d = asdict(self)
        if not with_centrality:
            for k in ("degree", "degree_centrality", "betweenness"):
                d.pop(k)
        return d


def responsibility_rows(store: ox.Store, policy: str | None = None, region: str | None = None,
                        role: str | None = None) -> list[dict[str, Any]]:
    """Rows of ``queries/departments.rq``: one per (department, measure, role), filtered by
    a policy IRI, a region name and a role when given."""
    params: dict[str, Any] = {"region": region, "role": role}
    if policy:
        params["policy"] = ox.NamedNode(policy)
    return run_query(store, load_query("departments"), params)


def rank_departments(rows: list[dict[str, Any]]) -> list[DepartmentRank]:
    """Departments with the number of distinct measures they lead, support and are
    responsible for, and of policies, ranked by measures led, then supported, then
    responsible, then policies (then by name).

    >>> rows = [dict(department="d:a", name="A", kind=None, role="lead", measure="m1", policy="p1"),
    ...         dict(department="d:b", name="B", kind=None, role="support", measure="m1", policy="p1"),
    ...         dict(department="d:b", name="B", kind=None, role="lead", measure="m2", policy="p2"),
    ...         dict(department="d:a", name="A", kind=None, role="lead", measure="m3", policy="p2")]
    >>> [(d.name, d.led, d.supported, d.measures, d.policies) for d in rank_departments(rows)]
    [('A', 2, 0, 2, 2), ('B', 1, 1, 2, 2)]
    """
    by_role: dict[str, dict[str, set[str]]] = {}
    measures: dict[str, set[str]] = {}
    policies: dict[str, set[str]] = {}
    info: dict[str, tuple[str, str | None]] = {}
    for r in rows:
        d = r["department"]
        info.setdefault(d, (r["name"], _str(r.get("kind"))))
        by_role.setdefault(d, {}).setdefault(r["role"], set()).add(r["measure"])
        measures.setdefault(d, set()).add(r["measure"])
        policies.setdefault(d, set()).add(r["policy"])
    out = []
    for d, (name, kind) in info.items():
        roles = by_role[d]
        out.append(DepartmentRank(
            iri=d, name=name, kind=kind,
            led=len(roles.get("lead", ())), supported=len(roles.get("support", ())),
            responsible=len(roles.get("responsible", ())),
            measures=len(measures[d]), policies=len(policies[d]),
        ))
    out.sort(key=lambda x: (-x.led, -x.supported, -x.responsible, -x.policies, x.name))
    return out


def department_network(rows: list[dict[str, Any]]) -> nx.Graph:
    """The co-responsibility network of the departments in ``rows`` (of departments.rq or
    department_measures.rq): nodes are department names, edge weight the number of measures
    two departments share; edges also list the shared measures and their policies."""
    return co_responsibility_graph(
        ((r.get("label") or r["name"], r["measure"]) for r in rows),
        policy_of={r["measure"]: r["policy"] for r in rows},
    )


def add_centrality(ranked: list[DepartmentRank], g: nx.Graph) -> None:
    """Fill degree, degree centrality and betweenness from the network ``g``."""
    values = centrality(g)
    for d in ranked:
        c = values.get(d.name)
        if c is not None:
            d.degree, d.degree_centrality, d.betweenness = c["degree"], c["degree_centrality"], c["betweenness"]


# --- one department ------------------------------------------------------------------


class DepartmentNotFound(LookupError):
    def __init__(self, name: str, suggestions: list[str], empty: bool = False) -> None:
        super().__init__(name)
        self.name, self.suggestions, self.empty = name, suggestions, empty


class DepartmentAmbiguous(LookupError):
    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__(name)
        self.name, self.candidates = name, candidates


@dataclass
class DepartmentRef:
    iri: str
    name: str
    #: the alias the department was asked for by, when not its canonical name
    alias: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "iri": self.iri, "asked_as": self.alias}


@dataclass
class DepartmentMeasure:
    role: str
    deadline: str | None
    measure: str
    number: str | None
    heading: str | None
    text: str | None
    policy: str
    policy_number: str | None
    policy_title: str | None
    start: int | None = None

    @property
    def task(self) -> str:
        if self.heading:
            return self.heading
        text = (self.text or "").strip()
        return text if len(text) <= 40 else text[:39] + "…"

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "deadline": self.deadline,
            "measure": {"number": self.number, "heading": self.heading, "text": self.text, "iri": self.measure},
            "policy": {"number": self.policy_number, "title": self.policy_title, "iri": self.policy},
        }


def _name_probes(name: str) -> list[str]:
    """The name as given and with the other width of brackets (（市） / (市))."""
    name = name.strip()
    full = name.translate(str.maketrans("()", "（）"))
    half = name.translate(str.maketrans("（）", "()"))
    return list(dict.fromkeys([name, full, half]))


def department_rows(store: ox.Store, name: str) -> tuple[DepartmentRef, list[dict[str, Any]]]:
    """The department named ``name`` (canonical name, else an alias) and its rows of
    ``queries/department_measures.rq``.

    Raises :class:`DepartmentNotFound` (with close names) or :class:`DepartmentAmbiguous`
    (an alias that several departments share)."""
    query = load_query("department_measures")
    rows: list[dict[str, Any]] = []
    for probe in _name_probes(name):
        rows = run_query(store, query, {"name": probe})
        if rows:
            break
    if not rows:
        raise DepartmentNotFound(name.strip(), *suggest_departments(store, name.strip()))
    canonical = [r for r in rows if r["match"] == "name"]
    if canonical:
        rows = canonical
    found = sorted({(r["label"], r["department"]) for r in rows})
    if len(found) > 1:
        raise DepartmentAmbiguous(name.strip(), [label for label, _ in found])
    label, iri = found[0]
    return DepartmentRef(iri, label, None if canonical else rows[0]["name"]), rows


def suggest_departments(store: ox.Store, name: str, n: int = 5) -> tuple[list[str], bool]:
    """Canonical names of departments whose name or an alias is close to ``name``
    (difflib), and whether the workspace has no departments at all."""
    rows = run_query(store, load_query("department_measures"))
    canonical_of: dict[str, set[str]] = {}
    for r in rows:
        canonical_of.setdefault(r["name"], set()).add(r["label"])
    close = difflib.get_close_matches(name, sorted(canonical_of), n=n, cutoff=0.5)
    # a part of a name (教育局 in 沈阳市教育局) is close too
    close += sorted(x for x in canonical_of if name and name in x and x not in close)
    out: list[str] = []
    for c in close:
        for label in sorted(canonical_of[c]):
            if label not in out:
                out.append(label)
    return out[:n], not rows


def department_measures(store: ox.Store, name: str) -> tuple[DepartmentRef, list[DepartmentMeasure]]:
    """A department's measures across all policies, each with its role, the policy and the
    deadline; in policy order, then in document order."""
    ref, rows = department_rows(store, name)
    seen: dict[tuple[str, str], DepartmentMeasure] = {}
    for r in rows:
        key = (r["measure"], r["role"])
        if key in seen:
            continue
        seen[key] = DepartmentMeasure(
            role=r["role"], deadline=_str(r.get("deadline")), measure=r["measure"], number=_str(r.get("number")),
            heading=_str(r.get("heading")), text=_str(r.get("text")), policy=r["policy"],
            policy_number=_str(r.get("policyNumber")), policy_title=_str(r.get("policyTitle")),
            start=r.get("start") if isinstance(r.get("start"), int) else None,
        )
    out = sorted(seen.values(), key=lambda m: (m.policy_number is None, m.policy_number or "", m.policy_title or "", m.policy,
                                                m.start if m.start is not None else 1 << 62, m.number or "",
                                                ROLE_ORDER.get(m.role, 9)))
    return ref, out


# --- partners ------------------------------------------------------------------------


@dataclass
class PolicyBrief:
    iri: str
    number: str | None
    title: str | None

    @property
    def label(self) -> str:
        return self.number or self.title or self.iri


@dataclass
class Partner:
    name: str
    iri: str
    shared: int
    measures: list[str]
    policies: list[PolicyBrief]
    #: the partner's roles on the shared measures: role -> number of measures
    roles: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "iri": self.iri, "shared": self.shared, "measures": self.measures,
            "policies": [{"number": p.number, "title": p.title, "iri": p.iri} for p in self.policies],
            "roles": self.roles,
        }


def partner_rows(store: ox.Store, department: str | None = None) -> list[dict[str, Any]]:
    """Rows of ``queries/partners.rq`` around a department IRI (every pair when ``None``)."""
    params = {"department": ox.NamedNode(department)} if department else {}
    return run_query(store, load_query("partners"), params)


def partners(store: ox.Store, department: DepartmentRef) -> list[Partner]:
    """Departments that share measures with ``department``: how many measures, in which
    policies, with which roles; most shared first."""
    measures: dict[str, set[str]] = {}
    roles: dict[str, dict[str, set[str]]] = {}
    policies: dict[str, dict[str, PolicyBrief]] = {}
    names: dict[str, str] = {}
    for r in partner_rows(store, department.iri):
        p = r["partner"]
        names[p] = r["partnerName"]
        measures.setdefault(p, set()).add(r["measure"])
        roles.setdefault(p, {}).setdefault(r["partnerRole"], set()).add(r["measure"])
        policies.setdefault(p, {}).setdefault(
            r["policy"], PolicyBrief(r["policy"], _str(r.get("policyNumber")), _str(r.get("policyTitle"))))
    out = [
        Partner(
            name=names[p], iri=p, shared=len(ms), measures=sorted(ms),
            policies=sorted(policies[p].values(), key=lambda b: (b.number is None, b.number or "", b.title or "", b.iri)),
            roles={role: len(roles[p][role]) for role in sorted(roles[p], key=lambda x: ROLE_ORDER.get(x, 9))},
        )
        for p, ms in measures.items()
    ]
    out.sort(key=lambda x: (-x.shared, x.name))
    return out


# --- targets -------------------------------------------------------------------------


@dataclass
class TargetRow:
    indicator: str
    value: Any
    unit: str | None
    comparator: str | None
    deadline: str | None
    scope: str | None
    measure: str | None
    policy: PolicyBrief

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator, "value": self.value, "unit": self.unit, "comparator": self.comparator,
            "deadline": self.deadline, "scope": self.scope, "measure": self.measure,
            "policy": {"number": self.policy.number, "title": self.policy.title, "iri": self.policy.iri},
        }


def targets(store: ox.Store, deadline: str | None = None, policy: str | None = None) -> list[TargetRow]:
    """Targets of ``queries/targets.rq``, due in the year ``deadline`` and of the policy IRI
    ``policy`` when given; by year (those without one last), then policy, then document order."""
    params: dict[str, Any] = {"deadline": deadline}
    if policy:
        params["policy"] = ox.NamedNode(policy)
    seen: set[str] = set()
    out = []
    for r in run_query(store, load_query("targets"), params):
        if r["target"] in seen:
            continue
        seen.add(r["target"])
        out.append(TargetRow(
            indicator=r["indicator"], value=r["value"], unit=_str(r.get("unit")), comparator=_str(r.get("comparator")),
            deadline=_str(r.get("deadline")), scope=_str(r.get("scope")), measure=_str(r.get("measureNumber")),
            policy=PolicyBrief(r["policy"], _str(r.get("policyNumber")), _str(r.get("policyTitle"))),
        ))
    # targets without a year last; otherwise the query's order (year, policy, document order)
    out.sort(key=lambda x: (x.deadline is None, x.deadline or ""))
    return out


def format_target_value(comparator: str | None, value: Any, unit: str | None, lang: str | None = None) -> str:
    """A target's value as analysts write it.

    >>> format_target_value(">=", 50, "%"), format_target_value("~", 50, "个", "zh"), format_target_value("range", "5-6", "所")
    ('≥50%', '约50个', '5-6所')
    """
    prefix = {">=": "≥", "<=": "≤", "~": tr("about", lang)}.get(comparator or "=", "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{prefix}{value}{unit or ''}"


# --- commands ------------------------------------------------------------------------


class RoleChoice(str, Enum):
    lead = "lead"
    support = "support"
    responsible = "responsible"


PolicyOpt = Annotated[Optional[str], typer.Option("--policy", "-p", help="Only this policy: 发文字号 (any bracket form) or title.")]


def _fail_department(exc: LookupError, lang: str) -> None:
    if isinstance(exc, DepartmentAmbiguous):
        _fail(f"{tr('ambiguous_department', lang)}: {exc.name}\n" + "\n".join(f"  {c}" for c in exc.candidates))
    assert isinstance(exc, DepartmentNotFound)
    message = f"{tr('unknown_department', lang)}: {exc.name}"
    if exc.suggestions:
        message += f"\n{tr('did_you_mean', lang)}: " + "、".join(exc.suggestions)
    elif exc.empty:
        message += f"\n{tr('no_departments_in_workspace', lang)}"
    _fail(message)


def _find_department(store: ox.Store, name: str, lang: str) -> tuple[DepartmentRef, list[DepartmentMeasure]]:
    try:
        return department_measures(store, name)
    except (DepartmentNotFound, DepartmentAmbiguous) as exc:
        _fail_department(exc, lang)
        raise  # unreachable: _fail exits


def _dump(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _print(renderable: Any) -> None:
    """Print a table; when the output is not a terminal (a pipe, a file) it is not limited
    to 80 columns, so Chinese headings are never cut."""
    (console if console.is_terminal else Console(width=max(console.width, 160))).print(renderable)


@app.command("departments")
def departments_cmd(
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    policy: PolicyOpt = None,
    region: Annotated[Optional[str], typer.Option("--region", "-r", help="Only policies of this region, e.g. 沈阳市.")] = None,
    role: Annotated[Optional[RoleChoice], typer.Option("--role", help="Only this role: lead (牵头), support (配合) or responsible (负责).")] = None,
    with_centrality: Annotated[bool, typer.Option("--centrality", help="Add degree and betweenness centrality in the co-responsibility network.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show only the first N departments (0: all).")] = 0,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    neo4j: Neo4jOpt = False,
    neo4j_uri: Neo4jUriOpt = None,
    neo4j_user: Neo4jUserOpt = None,
    neo4j_password: Neo4jPasswordOpt = None,
    database: Neo4jDatabaseOpt = None,
) -> None:
    """Departments ranked by the measures they lead, support and are responsible for, with
    the number of policies (named query queries/departments.rq). --centrality adds their
    place in the co-responsibility network: departments linked by the measures they share."""
    lang = language(lang)
    store = store_for(workspace, neo4j, neo4j_uri, neo4j_user, neo4j_password, database)
    ref = _pick_policy(store, policy, lang) if policy else None
    rows = responsibility_rows(store, ref.iri if ref else None, region.strip() if region else None, role.value if role else None)
    ranked = rank_departments(rows)
    if with_centrality:
        add_centrality(ranked, department_network(rows))
    if limit > 0:
        ranked = ranked[:limit]
    if as_json:
        _dump({
            "filters": {"policy": {"number": ref.number, "title": ref.title, "iri": ref.iri} if ref else None,
                        "region": region, "role": role.value if role else None},
            "departments": [d.to_dict(with_centrality) for d in ranked],
        })
        return
    if not ranked:
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
    for i, d in enumerate(ranked, 1):
        cells = [str(i), escape(d.name), str(d.led), str(d.supported), str(d.responsible), str(d.measures), str(d.policies)]
        if with_centrality:
            cells += [str(d.degree or 0), f"{d.degree_centrality or 0:.3f}", f"{d.betweenness or 0:.3f}"]
        table.add_row(*cells)
    _print(table)


@app.command("department")
def department_cmd(
    name: Annotated[str, typer.Argument(help="The department's full name (沈阳市教育局) or a name the documents use for it (市教育局).")],
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    neo4j: Neo4jOpt = False,
    neo4j_uri: Neo4jUriOpt = None,
    neo4j_user: Neo4jUserOpt = None,
    neo4j_password: Neo4jPasswordOpt = None,
    database: Neo4jDatabaseOpt = None,
) -> None:
    """A department's measures across all policies, with its role (lead, support,
    responsible), the policy and the deadline (named query queries/department_measures.rq)."""
    lang = language(lang)
    store = store_for(workspace, neo4j, neo4j_uri, neo4j_user, neo4j_password, database)
    ref, found = _find_department(store, name, lang)
    if as_json:
        _dump({"department": ref.to_dict(), "measures": [m.to_dict() for m in found]})
        return
    title = f"{tr('dept_measures_of', lang)}: {escape(ref.name)}"
    if ref.alias:
        title += f" ({tr('dept_alias_of', lang)}: {escape(ref.alias)})"
    table = Table(title=title)
    table.add_column(tr("policy", lang), overflow="fold")
    table.add_column(tr("measure_number", lang), justify="right")
    table.add_column(tr("measure_task", lang), overflow="fold")
    table.add_column(tr("dept_role", lang))
    table.add_column(tr("deadline", lang))
    for m in found:
        table.add_row(escape(m.policy_number or m.policy_title or "-"), escape(m.number or "-"), escape(m.task or "-"),
                      role_label(m.role, lang), escape(m.deadline or "-"))
    _print(table)


@app.command("partners")
def partners_cmd(
    name: Annotated[str, typer.Argument(help="The department's full name or a name the documents use for it.")],
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    with_communities: Annotated[bool, typer.Option("--communities", help="Also the groups of departments that work together (Louvain communities, fixed seed).")] = False,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    neo4j: Neo4jOpt = False,
    neo4j_uri: Neo4jUriOpt = None,
    neo4j_user: Neo4jUserOpt = None,
    neo4j_password: Neo4jPasswordOpt = None,
    database: Neo4jDatabaseOpt = None,
) -> None:
    """The co-responsibility network around a department: which departments share measures
    with it, on how many measures and in which policies (named query queries/partners.rq)."""
    lang = language(lang)
    store = store_for(workspace, neo4j, neo4j_uri, neo4j_user, neo4j_password, database)
    ref, _ = _find_department(store, name, lang)
    found = partners(store, ref)
    groups: list[list[str]] = []
    own: int | None = None
    if with_communities:
        groups = communities(department_network(responsibility_rows(store)))
        own = community_of(groups, ref.name)
    if as_json:
        data: dict[str, Any] = {"department": ref.to_dict(), "partners": [p.to_dict() for p in found]}
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
    for p in found:
        roles = " · ".join(f"{role_label(r, lang)} {n}" for r, n in p.roles.items())
        table.add_row(escape(p.name), str(p.shared), roles, escape("、".join(b.label for b in p.policies)))
    if found:
        _print(table)
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
        _print(ct)


@app.command("targets")
def targets_cmd(
    workspace: WorkspaceOpt = Path(DEFAULT_WORKSPACE),
    deadline: Annotated[Optional[str], typer.Option("--deadline", "-d", help="Only targets due in this year, e.g. 2025.")] = None,
    policy: PolicyOpt = None,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    neo4j: Neo4jOpt = False,
    neo4j_uri: Neo4jUriOpt = None,
    neo4j_user: Neo4jUserOpt = None,
    neo4j_password: Neo4jPasswordOpt = None,
    database: Neo4jDatabaseOpt = None,
) -> None:
    """Quantitative targets of the policies: indicator, value and the year they are due
    (named query queries/targets.rq)."""
    import re

    lang = language(lang)
    year = None
    if deadline is not None:
        m = re.fullmatch(r"\s*(\d{4})\s*年?\s*", deadline)
        if not m:
            _fail(f"{tr('bad_year', lang)}: {deadline}")
            return
        year = m.group(1)
    store = store_for(workspace, neo4j, neo4j_uri, neo4j_user, neo4j_password, database)
    ref = _pick_policy(store, policy, lang) if policy else None
    found = targets(store, year, ref.iri if ref else None)
    if as_json:
        _dump({"filters": {"deadline": year, "policy": {"number": ref.number, "title": ref.title, "iri": ref.iri} if ref else None},
               "targets": [x.to_dict() for x in found]})
        return
    if not found:
        console.print(tr("no_targets", lang))
        return
    scope = " · ".join(escape(x) for x in [year or "", (ref.number or ref.title or "") if ref else ""] if x)
    table = Table(title=tr("targets_title", lang) + (f" · {scope}" if scope else ""))
    table.add_column(tr("target_deadline", lang))
    table.add_column(tr("target_indicator", lang), overflow="fold")
    table.add_column(tr("target_value", lang), justify="right")
    table.add_column(tr("policy", lang), overflow="fold")
    table.add_column(tr("measure_number", lang), justify="right")
    for x in found:
        table.add_row(x.deadline or "-", escape(x.indicator), escape(format_target_value(x.comparator, x.value, x.unit, lang)),
                      escape(x.policy.label), escape(x.measure or "-"))
    _print(table)
