"""View 4 — the anatomy of one policy: its sections and measures as an outline (one row
each, indented by depth), the departments that lead, support or are responsible for them
(edges by role), the targets it sets and the institutions it names."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.schema import ROLES
from kg.views.common import ROLE_OF_EDGE, add_policy, corrected_rows, marked, policy_label, policy_tip
from kg.views.config import ViewConfig, load_config
from kg.views.model import Builder, View
from kg.views.text import SentenceIndex, clean, shorten, text_width, tip

ROLE_ORDER = tuple(r.value for r in ROLES)
COMPARATORS = {"=": "", ">=": "≥", "<=": "≤", "~": "≈", "range": ""}


def measure_label(d: dict[str, Any], chars: int) -> str:
    key = clean(d.get("key") or d.get("number") or "")
    last = key.split("/")[-1] if key else ""
    body = clean(d.get("heading")) or clean(d.get("text"))
    if last and body.startswith(last):
        body = body[len(last):].lstrip("、.．. ")
    return shorten(f"{last} {body}".strip(), chars) or "?"


def _spread(items: list[tuple[float, str]], gap: float) -> dict[str, float]:
    """Ys for items wanting the given ys, in order, at least ``gap`` apart."""
    out: dict[str, float] = {}
    last = None
    for want, n in sorted(items):
        y = want if last is None else max(want, last + gap)
        out[n] = y
        last = y
    if items:  # centre the column again on the wanted ys
        shift = (sum(w for w, _ in items) - sum(out.values())) / len(items)
        out = {n: y + shift for n, y in out.items()}
    return out


@dataclass
class _Page:
    """What the parts of an anatomy view share while they are drawn."""

    g: nx.MultiDiGraph
    policy: str
    b: Builder
    vc: dict[str, Any]
    sentences: SentenceIndex
    #: y of each measure in the outline, and the right edge of the outline
    ys: dict[str, float] = field(default_factory=dict)
    right: float = 0.0
    policy_width: float = 0.0

    @property
    def cfg(self) -> ViewConfig:
        return self.b.cfg

    @property
    def lang(self) -> str:
        return self.b.lang

    def quote(self, sentence: str) -> dict[str, Any]:
        return {"quotes": [sentence], "quote_label": self.cfg.text("source_sentence", self.lang)}


def outline_of(g: nx.MultiDiGraph, policy: str) -> tuple[list[tuple[str, int]], int]:
    """The policy's sections and measures in document order, depth first, each with its
    depth (1: top), and how many there are."""
    children: dict[str, list[str]] = defaultdict(list)
    for _, v, d in g.out_edges(policy, data=True):
        if d.get("type") == "HAS_MEASURE":
            children[policy].append(v)
    stack = list(children[policy])
    seen = set(stack)
    while stack:
        m = stack.pop()
        for _, v, d in g.out_edges(m, data=True):
            if d.get("type") == "HAS_MEASURE" and v not in seen:
                seen.add(v)
                children[m].append(v)
                stack.append(v)

    def start_of(n: str) -> tuple[int, str]:
        s = g.nodes[n].get("start")
        return (s if isinstance(s, int) else 10**9, n)

    outline: list[tuple[str, int]] = []

    def walk(n: str, depth: int) -> None:
        for c in sorted(children.get(n, []), key=start_of):
            outline.append((c, depth))
            walk(c, depth + 1)

    walk(policy, 1)
    return outline, len(seen)


def _draw_outline(page: _Page, outline: list[tuple[str, int]]) -> None:
    """The policy, then one row per section or measure, indented by depth."""
    g, b, vc, cfg, lang, policy = page.g, page.b, page.vc, page.cfg, page.lang, page.policy
    pd = g.nodes[policy]
    size = cfg.nodes["measure"].get("font_size", 13)
    plabel = policy_label(pd, 16, 3)
    page.policy_width = text_width(plabel, 15) + 24
    add_policy(b, policy, pd, label=plabel, x=-page.policy_width / 2, y=0.0, fixed=True, font={"size": 15})
    b.emphasise(policy)
    for i, (m, depth) in enumerate(outline):
        d = g.nodes[m]
        label = measure_label(d, vc["label_chars"])
        w = text_width(label, size) + 16
        x = depth * vc["indent"] + w / 2
        page.ys[m] = y = (i + 1) * vc["row_height"]
        page.right = max(page.right, x + w / 2)
        style = "section" if d.get("kind") == "section" else "measure"
        rows: list[tuple[str, Any]] = [(cfg.text("measure", lang), d.get("key")), (cfg.text("deadline", lang), d.get("deadline"))]
        b.node(m, label, style, x=round(x, 1), y=y, fixed=True, margin=5,
               tip=tip(head=d.get("heading") or shorten(d.get("text") or "", 40), rows=rows, **page.quote(d.get("text") or "")))
    for m, _ in outline:
        for u, v, d in g.in_edges(m, data=True):
            if d.get("type") == "HAS_MEASURE":
                b.edge(u if u in page.ys or u == policy else policy, v, "has_measure")


def _draw_departments(page: _Page) -> float:
    """Departments right of the outline, each at the mean height of its measures, with an
    edge per role; the x where the targets go."""
    g, b, cfg, lang = page.g, page.b, page.cfg, page.lang
    dept_edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for m in page.ys:
        for u, _, d in g.in_edges(m, data=True):
            role = ROLE_OF_EDGE.get(d.get("type"))  # type: ignore[arg-type]
            if role:
                dept_edges.append((u, m, d.get("role") or role.value, d))
    dept_ys: dict[str, list[float]] = defaultdict(list)
    dept_roles: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for u, m, role, _ in dept_edges:
        dept_ys[u].append(page.ys[m])
        dept_roles[u][role] += 1
    dept_x = page.right + 260
    widest = max((text_width(clean(g.nodes[n].get("name") or n), 13) + 16 for n in dept_ys), default=0.0)
    for n, y in _spread([(sum(v) / len(v), n) for n, v in dept_ys.items()], gap=36).items():
        d = g.nodes[n]
        name = clean(d.get("name") or n.split(":", 1)[1])
        rows = [(cfg.label(cfg.edges[r], lang), dept_roles[n][r]) for r in ROLE_ORDER if dept_roles[n].get(r)]
        rows.append((cfg.text("aliases", lang), "、".join(clean(a) for a in (d.get("aliases") or [])[:8])))
        rows.extend(corrected_rows(d, lang))
        b.node(n, marked(name, d), "department", x=round(dept_x + (text_width(name, 13) + 16) / 2, 1), y=round(y, 1), fixed=True,
               margin=5, font={"size": 13}, tip=tip(head=name, rows=rows))
    for u, m, role, d in sorted(dept_edges, key=lambda e: (ROLE_ORDER.index(e[2]) if e[2] in ROLE_ORDER else 9, e[0], e[1])):
        md = g.nodes[m]
        sent = page.sentences.sentence(d.get("policy") or page.policy, d.get("start"), d.get("end"), fallback=md.get("text") or "")
        name = clean(g.nodes[u].get("name") or u)
        b.edge(u, m, role if role in cfg.edges else "responsible",
               tip=tip(head=f"{name} → {measure_label(md, 30)}",
                       rows=[(cfg.text("role", lang), cfg.label(cfg.edges.get(role, cfg.edges["responsible"]), lang)),
                             (cfg.text("deadline", lang), d.get("deadline")), *corrected_rows(d, lang)], **page.quote(sent)),
               smooth={"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.5})
    return dept_x + widest + 200


def _draw_targets(page: _Page, target_x: float) -> list[tuple[str, str]]:
    """Targets of the policy and its measures right of the departments, at their measure's
    height; the (owner, target) pairs drawn."""
    g, b, cfg, lang, policy = page.g, page.b, page.cfg, page.lang, page.policy
    targets = [(owner, v) for owner in [policy, *page.ys] for _, v, d in g.out_edges(owner, data=True)
               if d.get("type") == "SETS_TARGET"]
    tys = _spread([(page.ys.get(o, 0.0), t) for o, t in targets], gap=54)
    for owner, tnode in targets:
        d = g.nodes[tnode]
        comparator = COMPARATORS.get(d.get("comparator") or "=", d.get("comparator") or "")
        value = f"{comparator}{clean(d.get('value'))}{clean(d.get('unit'))}"
        label = shorten(f"{clean(d.get('indicator'))} {value}", 18)
        sent = page.sentences.sentence(policy, d.get("start"), d.get("end"))
        b.node(tnode, label, "target", x=round(target_x, 1), y=round(tys[tnode], 1), fixed=True,
               tip=tip(head=d.get("indicator"), rows=[(cfg.text("indicator", lang), d.get("indicator")),
                                                      (cfg.text("value", lang), value),
                                                      (cfg.text("deadline", lang), d.get("deadline"))], **page.quote(sent)))
        b.edge(owner, tnode, "sets_target")
    return targets


def _draw_institutions(page: _Page, rows_shown: int) -> int:
    """Institutions the policy names, left of it; how many mentions there are."""
    g, b, cfg, lang, policy = page.g, page.b, page.cfg, page.lang, page.policy
    insts = [(v, d) for _, v, d in g.out_edges(policy, data=True) if d.get("type") == "MENTIONS"]
    first: dict[str, dict[str, Any]] = {}
    for v, d in insts:
        first.setdefault(v, d)
    for i, (v, d) in enumerate(sorted(first.items(), key=lambda kv: (kv[1].get("start") or 0, kv[0]))):
        nd = g.nodes[v]
        name = clean(nd.get("name") or v.split(":", 1)[1])
        y = (i - (len(first) - 1) / 2) * 66 + page.vc["row_height"] * min(rows_shown, 12) / 2
        sent = page.sentences.sentence(policy, d.get("start"), d.get("end"))
        b.node(v, name, "institution", x=round(-page.policy_width - 200 - text_width(name, 14) / 2, 1), y=round(y, 1),
               fixed=True, tip=tip(head=name, rows=[(cfg.text("kind", lang), nd.get("kind"))], **page.quote(sent)))
        b.edge(policy, v, "mentions", tip=tip(head=name, **page.quote(sent)))
    return len(insts)


def anatomy_view(g: nx.MultiDiGraph, policy: str, *, lang: str = "zh", cfg: ViewConfig | None = None,
                 sentences: SentenceIndex | None = None) -> View:
    """The anatomy of ``policy``: its outline, the departments of its measures, its targets
    and the institutions it names."""
    cfg = cfg or load_config()
    vc = cfg.view("policy")
    pd = g.nodes[policy]
    page = _Page(g, policy, Builder(cfg, lang), vc, sentences or SentenceIndex(g))
    view = View(name="policy", lang=lang, heading=cfg.label(vc["heading"], lang),
                subtitle=" ".join(x for x in [clean(pd.get("number")), clean(pd.get("title"))] if x),
                intro=cfg.label(vc["intro"], lang), options=cfg.options("fixed"), empty=cfg.text("no_measures", lang))
    view.options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.4}
    outline, total = outline_of(g, policy)
    if len(outline) > vc["max_nodes"]:
        outline = outline[: vc["max_nodes"]]
        view.notes.append(cfg.text("more", lang, n=total - vc["max_nodes"]))
    _draw_outline(page, outline)
    targets = _draw_targets(page, _draw_departments(page))
    mentions = _draw_institutions(page, len(outline))
    view.nodes, view.edges = page.b.nodes, page.b.edges
    view.legend = page.b.legend(vc["legend"])
    if not outline and not mentions and not targets:
        view.nodes = []
        view.edges = []
    return view


__all__ = ["anatomy_view", "policy_tip"]
