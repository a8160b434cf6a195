"""View 3 — the corpus citation map: every policy and its citations, in rows by level
(national on top) and, within a row, in groups by region. Above ``max_nodes`` policies the
map shows one node per group (level × region) and the citations between groups."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from kg.divisions import full_name
from kg.views.common import UrlFor, add_policy, citation_edges, citation_tip, level_of, policies, policy_name
from kg.views.config import ViewConfig, load_config
from kg.views.layout import grouped_bands
from kg.views.model import Builder, View
from kg.views.text import clean, shorten, tip, wrap

UNKNOWN = "\u0000"


def corpus_label(d: dict[str, Any], chars: int = 11) -> str:
    number = clean(d.get("number"))
    if number:
        title = shorten(d.get("title") or "", chars)
        return f"{number}\n{title}" if title else number
    return wrap(d.get("title") or "?", chars, 2)


def _groups(g: nx.MultiDiGraph, cfg: ViewConfig) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {lv: defaultdict(list) for lv in cfg.level_order}
    for n, d in policies(g):
        out[level_of(d, cfg)][clean(full_name(d.get("region"))) or UNKNOWN].append(n)  # one group per region
    return out


def corpus_view(g: nx.MultiDiGraph, *, lang: str = "zh", cfg: ViewConfig | None = None, url_for: UrlFor | None = None,
                max_nodes: int | None = -1) -> View:
    cfg = cfg or load_config()
    vc = cfg.view("corpus")
    limit = vc.get("max_nodes") if max_nodes == -1 else max_nodes
    b = Builder(cfg, lang)
    groups = _groups(g, cfg)
    n_policies = sum(len(x) for r in groups.values() for x in r.values())
    view = View(name="corpus", lang=lang, heading=cfg.label(vc["heading"], lang), intro=cfg.label(vc["intro"], lang),
                options=cfg.options("fixed"))
    unknown = cfg.text("unknown_region", lang)
    nationwide = cfg.text("nationwide", lang)
    levels = [lv for lv in cfg.level_order if groups[lv] or lv != "unknown"]

    def ordered(regions: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
        return sorted(regions.items(), key=lambda kv: (kv[0] == UNKNOWN, -len(kv[1]), kv[0]))

    if limit is not None and n_policies > limit:
        return _aggregated(g, b, view, groups, levels, n_policies, limit, ordered)
    bands = []
    for lv in levels:
        gs = []
        for region, nodes in ordered(groups[lv]):
            nodes = sorted(nodes, key=lambda n: (bool(g.nodes[n].get("stub")), policy_name(g.nodes[n]), n))
            gs.append((region if region != UNKNOWN else (nationwide if lv == "national" else unknown), nodes))
        bands.append((cfg.level_label(lv, lang), cfg.level_color(lv), gs))
    pos, out_bands, captions = grouped_bands(bands, node_width=vc["node_width"], node_height=vc["node_height"],
                                             columns=vc["group_columns"], band_width=vc["band_width"])
    for lv in levels:
        for _, nodes in ordered(groups[lv]):
            for n in nodes:
                x, y = pos[n]
                add_policy(b, n, g.nodes[n], label=corpus_label(g.nodes[n]), url_for=url_for, x=round(x, 1), y=round(y, 1),
                           fixed=True, widthConstraint={"maximum": vc["node_width"] - 16}, font={"size": 13}, margin=6)
    for u, v, d in sorted(citation_edges(g), key=lambda e: (e[0], e[1], e[2].get("relation", ""))):
        rel = d.get("relation", "cites")
        b.edge(u, v, rel if rel in cfg.edges else "cites", tip=citation_tip(g, u, v, d, cfg, lang))
    if len(b.nodes) > vc.get("straight_edges_above", 1000):  # curves cost drawing time on large maps
        view.options["edges"]["smooth"] = False
        for e in b.edges:
            e.pop("smooth", None)
    view.nodes, view.edges = b.nodes, b.edges
    view.bands, view.captions = out_bands, captions
    view.legend = b.legend(vc["legend"])
    view.legend_groups = [b.level_legend(levels)]
    return view


def _aggregated(g, b, view, groups, levels, n_policies, limit, ordered):  # type: ignore[no-untyped-def]
    cfg, lang = b.cfg, b.lang
    vc = cfg.view("corpus")
    view.aggregated = True
    view.notes.append(cfg.text("aggregated_corpus", lang, n=n_policies, max=limit))
    unknown = cfg.text("unknown_region", lang)
    group_of: dict[str, str] = {}
    bands = []
    for lv in levels:
        ids = []
        for region, nodes in ordered(groups[lv]):
            gid = f"group:{lv}/{region}"
            ids.append(gid)
            for n in nodes:
                group_of[n] = gid
        bands.append((cfg.level_label(lv, lang), cfg.level_color(lv), [("", ids)]))
    pos, out_bands, _ = grouped_bands(bands, node_width=vc["node_width"], node_height=vc["node_height"] * 1.4,
                                      columns=12, band_width=vc["band_width"], caption_height=10)
    for lv in levels:
        for region, nodes in ordered(groups[lv]):
            gid = f"group:{lv}/{region}"
            docs = sum(1 for n in nodes if not g.nodes[n].get("stub"))
            name = unknown if region == UNKNOWN else region
            x, y = pos[gid]
            b.node(gid, f"{name}\n{cfg.level_label(lv, lang)} · {len(nodes)}", "group", color=cfg.level_color(lv),
                   font={"color": "#ffffff"}, x=round(x, 1), y=round(y, 1), fixed=True,
                   tip=tip(head=f"{name} · {cfg.level_label(lv, lang)}",
                           rows=[(cfg.text("count", lang), len(nodes)), (cfg.text("stub", lang), len(nodes) - docs)],
                           quotes=[policy_name(g.nodes[n]) for n in sorted(nodes)[:5]]))
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for u, v, d in citation_edges(g):
        gu, gv = group_of.get(u), group_of.get(v)
        if gu and gv and gu != gv:
            counts[(gu, gv)][d.get("relation", "cites")] += 1
    for (gu, gv), c in sorted(counts.items()):
        total = sum(c.values())
        b.edge(gu, gv, "aggregate", value=total,
               tip=tip(rows=[(cfg.label(cfg.edges[r], lang), c[r]) for r in ("implements", "cites", "plans") if c[r]]))
    view.options["edges"]["scaling"] = {"min": 1, "max": 12}
    view.nodes, view.edges = b.nodes, b.edges
    view.bands = out_bands
    view.legend = b.legend(["group", "aggregate"])
    view.legend_groups = [b.level_legend(levels)]
    return view
