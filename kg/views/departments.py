"""View 2 — the department responsibility network.

Departments are nodes sized by the measures they lead; two departments are linked when
they share measures (the weight is the number of measures), coloured by region or by type
of body. Filters: region (the departments of a region and of the regions inside it,
:func:`kg.questions.in_region`), policy, role,
minimum weight. Above ``max_nodes`` departments the view shows regions instead (the sum of
their departments) and asks for a filter. Laid out by physics (forceAtlas2Based) with
bounded stabilisation, switched off once stable; departments start near their region.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.questions import in_region
from kg.reference import find_region, is_national_body
from kg.views.common import ROLE_OF_EDGE, corrected_rows, marked
from kg.views.config import ViewConfig, load_config
from kg.views.layout import pack_discs, sunflower
from kg.views.model import Builder, LegendItem, View
from kg.views.text import SentenceIndex, clean, shorten, tip

NATIONAL = "\u0000national"  # region key of national bodies (never a region name)


@dataclass(frozen=True)
class Assignment:
    department: str  # node id
    measure: str  # node id
    role: str
    policy: str | None
    start: int | None
    end: int | None


@dataclass
class DeptStats:
    node: str
    name: str
    kind: str
    aliases: list[str]
    region: str | None
    counts: Counter = field(default_factory=Counter)  # role -> distinct measures
    policies: set[str] = field(default_factory=set)
    examples: list[Assignment] = field(default_factory=list)


def assignments(g: nx.MultiDiGraph) -> list[Assignment]:
    out = []
    for u, v, d in g.edges(data=True):
        role = ROLE_OF_EDGE.get(d.get("type"))  # type: ignore[arg-type]
        if role is None:
            continue
        policy = d.get("policy") or g.nodes[v].get("policy")
        out.append(Assignment(u, v, d.get("role") or role.value, policy, d.get("start"), d.get("end")))
    return out


def department_region(name: str, policy_regions: Counter) -> str | None:
    """The region of a department: the region its name starts with (沈阳市教育局), national
    for national bodies (教育部), else the region of most of the policies it works in."""
    r = find_region(name)
    if r is not None:
        return r.name
    if is_national_body(name):
        return NATIONAL
    if policy_regions:
        return sorted(policy_regions.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return None


def collect(g: nx.MultiDiGraph, *, region: str | None = None, policy: str | None = None,
            roles: tuple[str, ...] | None = None) -> tuple[dict[str, DeptStats], list[Assignment]]:
    """Departments (with their counts) and the assignments that pass the filters."""
    alls = assignments(g)
    if policy is not None:
        alls = [a for a in alls if a.policy == policy]
    if roles:
        alls = [a for a in alls if a.role in roles]
    policy_regions: dict[str, Counter] = defaultdict(Counter)
    for a in alls:
        pr = g.nodes[a.policy].get("region") if a.policy in g else None
        if pr:
            policy_regions[a.department][pr] += 1
    stats: dict[str, DeptStats] = {}
    for dept in sorted({a.department for a in alls}):
        d = g.nodes[dept]
        name = d.get("name") or dept.split(":", 1)[1]
        stats[dept] = DeptStats(dept, name, d.get("kind") or "other", list(d.get("aliases") or []),
                                department_region(name, policy_regions[dept]))
    if region:
        stats = {k: s for k, s in stats.items() if in_region(s.name, region)}
        alls = [a for a in alls if a.department in stats]
    seen: set[tuple[str, str, str]] = set()
    for a in alls:
        s = stats[a.department]
        if (a.department, a.measure, a.role) not in seen:
            seen.add((a.department, a.measure, a.role))
            s.counts[a.role] += 1
        if a.policy:
            s.policies.add(a.policy)
        if len(s.examples) < 3 and (a.role == "lead" or len(s.examples) < 2):
            s.examples.append(a)
    return stats, alls


def shared_measures(alls: list[Assignment], key: Any = None) -> dict[tuple[str, str], list[str]]:
    """Pairs of departments (or of what ``key`` maps them to) and the measures they share."""
    by_measure: dict[str, set[str]] = defaultdict(set)
    for a in alls:
        by_measure[a.measure].add(key(a.department) if key else a.department)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for m in sorted(by_measure):
        ds = sorted(x for x in by_measure[m] if x is not None)
        for i in range(len(ds)):
            for j in range(i + 1, len(ds)):
                pairs[(ds[i], ds[j])].append(m)
    return pairs


def _ties_order(nodes: list[str], adjacency: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Departments in the order of a breadth-first walk along their strongest ties, from the
    busiest: placed on a spiral in this order, partners land near each other."""
    inside = set(nodes)
    degree = {n: sum(w for w, m in adjacency.get(n, []) if m in inside) for n in nodes}
    out: list[str] = []
    seen: set[str] = set()
    for root in sorted(nodes, key=lambda n: (-degree[n], n)):
        if root in seen:
            continue
        seen.add(root)
        queue = [root]
        while queue:
            n = queue.pop(0)
            out.append(n)
            for _, m in sorted(adjacency.get(n, []), key=lambda x: (-x[0], x[1])):
                if m in inside and m not in seen:
                    seen.add(m)
                    queue.append(m)
    return out


class _Colors:
    def __init__(self, cfg: ViewConfig, lang: str, by: str, stats: dict[str, DeptStats]) -> None:
        self.cfg, self.lang, self.by = cfg, lang, by
        pal = list(cfg.palette["regions"])
        sizes = Counter(s.region for s in stats.values() if s.region not in (None, NATIONAL))
        ranked = [r for r, _ in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))]
        self.region_color = {r: pal[min(i, len(pal) - 1)] for i, r in enumerate(ranked)}
        self.ranked = ranked
        self.palette = pal
        self.present_kinds = sorted({s.kind for s in stats.values()}, key=lambda k: list(cfg.kinds).index(k) if k in cfg.kinds else 99)

    def region_label(self, region: str | None) -> str:
        if region is None:
            return self.cfg.text("unknown_region", self.lang)
        if region == NATIONAL:
            return self.cfg.text("national_bodies", self.lang)
        return region

    def of_region(self, region: str | None) -> str:
        if region == NATIONAL:
            return self.cfg.palette["national_color"]
        if region is None:
            return self.cfg.level_color("unknown")
        return self.region_color.get(region, self.palette[-1])

    def of(self, s: DeptStats) -> str:
        if self.by == "kind":
            return self.cfg.kinds.get(s.kind, self.cfg.kinds["other"])["color"]
        return self.of_region(s.region)

    def legend(self, regions_present: list[str | None]) -> tuple[str, list[LegendItem]]:
        if self.by == "kind":
            items = [LegendItem("node", self.cfg.label(self.cfg.kinds.get(k, self.cfg.kinds["other"]), self.lang),
                                color=self.cfg.kinds.get(k, self.cfg.kinds["other"])["color"]) for k in self.present_kinds]
            return self.cfg.text("kinds", self.lang), items
        items = []
        named = [r for r in self.ranked if r in regions_present]
        for r in named[: len(self.palette) - 1]:
            items.append(LegendItem("node", r, color=self.of_region(r)))
        if len(named) >= len(self.palette):
            items.append(LegendItem("node", self.cfg.text("other_regions", self.lang), color=self.palette[-1]))
        if NATIONAL in regions_present:
            items.append(LegendItem("node", self.region_label(NATIONAL), color=self.of_region(NATIONAL)))
        if None in regions_present:
            items.append(LegendItem("node", self.region_label(None), color=self.of_region(None)))
        return self.cfg.text("regions", self.lang), items


def _filters(g: nx.MultiDiGraph, cfg: ViewConfig, lang: str, region: str | None, policy: str | None,
             roles: tuple[str, ...] | None, min_weight: int) -> list[str]:
    """The view's filters as the parts of its subtitle."""
    sub = []
    if region:
        sub.append(f"{cfg.text('filter_region', lang)}: {region}")
    if policy:
        pd = g.nodes[policy]
        sub.append(clean(pd.get("number") or pd.get("title")))
    if roles:
        sub.append(" / ".join(cfg.label(cfg.edges[r], lang) for r in roles))
    if min_weight > 1:
        sub.append(f"{cfg.text('min_weight', lang)} ≥ {min_weight}")
    return sub


def _start_positions(stats: dict[str, DeptStats], pairs: dict[tuple[str, str], list[str]],
                     spacing: float) -> dict[str, tuple[float, float]]:
    """Starting positions: a disc per region (the largest in the middle), the departments of
    a region on a sunflower spiral inside it, the busiest at its centre; physics then only
    relaxes what is already nearly in place, so few iterations are enough."""
    members: dict[str | None, list[DeptStats]] = defaultdict(list)
    for s in stats.values():
        members[s.region].append(s)
    regions = sorted(members, key=lambda r: (-len(members[r]), r is None, r or ""))
    centres = pack_discs([spacing * math.sqrt(len(members[r])) * 0.62 + spacing for r in regions], gap=spacing * 1.5)
    adjacency: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (a, c), ms in pairs.items():
        adjacency[a].append((len(ms), c))
        adjacency[c].append((len(ms), a))
    start: dict[str, tuple[float, float]] = {}
    for r, (cx, cy) in zip(regions, centres):
        ranked = _ties_order([s.node for s in members[r]], adjacency)
        for node, (dx, dy) in zip(ranked, sunflower(len(ranked), spacing)):
            start[node] = (cx + dx, cy + dy)
    return start


def department_view(g: nx.MultiDiGraph, *, lang: str = "zh", cfg: ViewConfig | None = None, region: str | None = None,
                    policy: str | None = None, roles: tuple[str, ...] | None = None, min_weight: int = 1,
                    color_by: str = "region", max_nodes: int | None = -1, sentences: SentenceIndex | None = None) -> View:
    cfg = cfg or load_config()
    vc = cfg.view("departments")
    limit = vc.get("max_nodes") if max_nodes == -1 else max_nodes
    stats, alls = collect(g, region=region, policy=policy, roles=roles)
    sentences = sentences or SentenceIndex(g)
    b = Builder(cfg, lang)
    colors = _Colors(cfg, lang, color_by, stats)
    heading = cfg.label(vc["heading"], lang)
    sub = _filters(g, cfg, lang, region, policy, roles, min_weight)
    options = cfg.options("force")
    options["nodes"] = {"scaling": {"min": vc["min_size"], "max": vc["max_size"],
                                    "label": {"enabled": True, "min": 14, "max": 30, "drawThreshold": 6, "maxVisible": 40}}}
    view = View(name="departments", lang=lang, heading=heading, subtitle=" · ".join(sub), intro=cfg.label(vc["intro"], lang),
                options=options, empty=cfg.text("no_departments", lang))
    if not stats:
        view.options = cfg.options("fixed")
        return view

    def measure_sentence(m: str) -> str:
        md = g.nodes[m]
        return shorten(md.get("text") or md.get("heading") or "", 160)

    regions_present = sorted({s.region for s in stats.values()}, key=lambda r: (r is None, r == NATIONAL, r or ""))
    if limit is not None and len(stats) > limit:
        return _by_region(g, b, view, stats, alls, colors, regions_present, limit, min_weight, measure_sentence)

    pairs = shared_measures(alls)
    start = _start_positions(stats, pairs, vc.get("spacing", 42))
    for s in sorted(stats.values(), key=lambda s: (-s.counts["lead"], s.name)):
        x, y = start[s.node]
        quotes = [sentences.sentence(a.policy, a.start, a.end, fallback=measure_sentence(a.measure)) for a in s.examples]
        rows: list[tuple[str, Any]] = [
            (cfg.text("kind", lang), cfg.label(cfg.kinds.get(s.kind, cfg.kinds["other"]), lang)),
            (cfg.text("filter_region", lang), colors.region_label(s.region)),
            (cfg.text("aliases", lang), "、".join(clean(a) for a in s.aliases[:8])),
            (cfg.text("measures_led", lang), s.counts["lead"]),
            (cfg.text("measures_supported", lang), s.counts["support"]),
            (cfg.text("measures_responsible", lang), s.counts["responsible"]),
            (cfg.text("policies", lang), len(s.policies)),
            *corrected_rows(g.nodes[s.node], lang),
        ]
        b.node(s.node, marked(clean(s.name), g.nodes[s.node]), "department_network", color=colors.of(s), value=s.counts["lead"], x=round(x, 1), y=round(y, 1),
               tip=tip(head=s.name, rows=rows, quotes=quotes, quote_label=cfg.text("source_sentence", lang)),
               region=colors.region_label(s.region), mass=1 + min(s.counts["lead"], 20) / 10)
    weights = []
    for (a, c), ms in sorted(pairs.items()):
        w = len(ms)
        if w < min_weight:
            continue
        weights.append(w)
        quotes = [measure_sentence(m) for m in ms[:3]]
        b.edge(a, c, "shared", value=w,
               tip=tip(rows=[(cfg.text("shared", lang), w),
                             (cfg.text("policies", lang), len({g.nodes[m].get("policy") for m in ms}))],
                       quotes=quotes, quote_label=cfg.text("source_sentence", lang),
                       note=cfg.text("more", lang, n=w - 3) if w > 3 else None))
    options["edges"]["scaling"] = {"min": 1, "max": 10}
    options["physics"]["stabilization"]["iterations"] = cfg.force_iterations(len(b.nodes))
    view.nodes, view.edges = b.nodes, b.edges
    view.legend = b.legend(vc["legend"])
    view.legend_groups = [colors.legend(regions_present)]
    view.controls = [
        {"type": "select", "field": "region", "target": "nodes", "label": cfg.text("filter_region", lang),
         "all": cfg.text("all", lang), "options": [colors.region_label(r) for r in regions_present]},
        {"type": "range", "field": "value", "target": "edges", "label": cfg.text("min_weight", lang),
         "min": 1, "max": max(weights or [1]), "value": max(1, min_weight)},
    ]
    return view


def _by_region(g, b, view, stats, alls, colors, regions_present, limit, min_weight, measure_sentence):  # type: ignore[no-untyped-def]
    """Too many departments: one node per region (sum of its departments)."""
    cfg, lang = b.cfg, b.lang
    view.aggregated = True
    view.notes.append(cfg.text("aggregated_departments", lang, n=len(stats), max=limit))
    key = {k: (s.region if s.region is not None else "\u0000unknown") for k, s in stats.items()}
    groups: dict[str, list[DeptStats]] = defaultdict(list)
    for k, s in stats.items():
        groups[key[k]].append(s)
    for r, members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        region = None if r == "\u0000unknown" else r
        led = sum(s.counts["lead"] for s in members)
        top = sorted(members, key=lambda s: (-s.counts["lead"], s.name))[:5]
        label = f"{colors.region_label(region)} ({len(members)})"
        b.node(f"region:{r}", label, "region", color=colors.of_region(region), value=led,
               region=colors.region_label(region),
               tip=tip(head=colors.region_label(region), rows=[(cfg.text("count", lang), len(members)),
                                                               (cfg.text("measures_led", lang), led)],
                       quotes=[f"{s.name}: {s.counts['lead']}" for s in top]))
    pairs = shared_measures(alls, key=lambda d: key.get(d))

    weights = []
    for (a, c), ms in sorted(pairs.items()):
        if len(ms) < min_weight:
            continue
        weights.append(len(ms))
        b.edge(f"region:{a}", f"region:{c}", "shared", value=len(ms),
               tip=tip(rows=[(cfg.text("shared", lang), len(ms))],
                       quotes=[measure_sentence(m) for m in ms[:3]], quote_label=cfg.text("source_sentence", lang)))
    view.options["physics"]["stabilization"]["iterations"] = cfg.force_iterations(len(b.nodes))
    view.options["edges"]["scaling"] = {"min": 1, "max": 12}
    view.nodes, view.edges = b.nodes, b.edges
    view.legend = b.legend(["region", "shared"])
    view.legend_groups = [colors.legend(regions_present)]
    view.controls = [{"type": "range", "field": "value", "target": "edges", "label": cfg.text("min_weight", lang),
                      "min": 1, "max": max(weights or [1]), "value": max(1, min_weight)}]
    return view
