"""View 1 — the lineage of one policy: the directives it implements up to national level,
the policies that implement it below, its other citations, in rows by level (national on
top, county at the bottom), edges styled by relation, stubs hollow with a dashed border."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg.graph.resolve import as_policy
from kg.questions import reach
from kg.views.common import UrlFor, add_policy, citation_edges, citation_tip, level_of, policy_label, policy_name
from kg.views.config import ViewConfig, load_config
from kg.views.layout import rows_layout
from kg.views.model import Builder, View


def _closure(g: nx.MultiDiGraph, start: str, *, up: bool) -> set[str]:
    """Policies reached from ``start`` through implements edges, upwards (the directives)
    or downwards (the implementers): :func:`kg.questions.reach` on the graph's edges."""

    def step(n: str) -> list[str]:
        edges = g.out_edges(n, data=True) if up else g.in_edges(n, data=True)
        if not up and g.nodes[n].get("work"):  # a version: the implementers of its work too
            edges = [*edges, *g.in_edges(g.nodes[n]["work"], data=True)]
        return [as_policy(g, v) if up else u for u, v, d in edges if d.get("type") == "CITATION" and d.get("relation") == "implements"]

    return set(reach(start, step))


def lineage_nodes(g: nx.MultiDiGraph, focus: str, max_nodes: int | None = None) -> tuple[set[str], bool]:
    """The policies of the lineage of ``focus``: its directives (implements, transitively),
    its implementers (transitively), and the policies it cites or plans or that cite it
    directly. When that is more than ``max_nodes``, only the directives and the direct
    implementers (second value True)."""
    up = _closure(g, focus, up=True)
    down = _closure(g, focus, up=False)
    direct = {v for _, v, d in g.out_edges(focus, data=True) if d.get("type") == "CITATION"}
    direct |= {u for u, _, d in g.in_edges(focus, data=True) if d.get("type") == "CITATION"}
    keep = up | down | direct
    if max_nodes is not None and len(keep) > max_nodes:
        near = {u for u, _, d in g.in_edges(focus, data=True) if d.get("type") == "CITATION" and d.get("relation") == "implements"}
        return up | near, True
    return keep, False


def lineage_view(g: nx.MultiDiGraph, focus: str, *, lang: str = "zh", cfg: ViewConfig | None = None,
                 url_for: UrlFor | None = None, max_nodes: int | None = -1) -> View:
    cfg = cfg or load_config()
    vc = cfg.view("lineage")
    limit = vc.get("max_nodes") if max_nodes == -1 else max_nodes
    keep, trimmed = lineage_nodes(g, focus, limit)
    b = Builder(cfg, lang)
    levels = cfg.level_order
    rows: dict[str, list[str]] = defaultdict(list)
    for n in sorted(keep, key=lambda n: (policy_name(g.nodes[n]), n)):
        rows[level_of(g.nodes[n], cfg)].append(n)
    used = [lv for lv in levels if lv != "unknown" or rows.get("unknown")]
    neighbours: dict[str, list[str]] = defaultdict(list)
    edges = list(citation_edges(g, keep))
    for u, v, _ in edges:
        neighbours[u].append(v)
        neighbours[v].append(u)
    pos, bands = rows_layout([rows.get(lv, []) for lv in used], neighbours, row_height=vc["row_height"],
                             column_width=vc["column_width"], labels=[cfg.level_label(lv, lang) for lv in used],
                             colors=[cfg.level_color(lv) for lv in used])
    for n in [n for lv in used for n in rows.get(lv, [])]:
        d = g.nodes[n]
        x, y = pos[n]
        add_policy(b, n, d, label=policy_label(d, vc["label_chars"], vc["label_lines"]), url_for=url_for if n != focus else None,
                   x=x, y=y, fixed=True, widthConstraint={"maximum": vc["column_width"] - 30}, margin=8)
    b.emphasise(focus)
    for u, v, d in sorted(edges, key=lambda e: (e[0], e[1], e[2].get("relation", ""))):
        rel = d.get("relation", "cites")
        b.edge(u, v, rel if rel in cfg.edges else "cites", tip=citation_tip(g, u, v, d, cfg, lang))
    fd = g.nodes[focus]
    options = cfg.options("fixed")
    notes = [cfg.text("trimmed_lineage", lang, n=len(lineage_nodes(g, focus, None)[0]), max=limit)] if trimmed else []
    return View(
        name="lineage", lang=lang, heading=cfg.label(vc["heading"], lang),
        subtitle=" ".join(x for x in [fd.get("number") or "", fd.get("title") or ""] if x),
        intro=cfg.label(vc["intro"], lang), nodes=b.nodes, edges=b.edges, options=options,
        legend=b.legend(vc["legend"]), legend_groups=[b.level_legend(used)], bands=bands, notes=notes,
    )


