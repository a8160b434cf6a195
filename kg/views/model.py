"""A view: the nodes, edges and options of one vis-network graph, plus what the page shows
around it (heading, legend, level bands, captions, controls, notes).

Graphs are assembled with pyvis (:class:`pyvis.network.Network` ``add_node``/``add_edge``);
the page is rendered by our own template (:mod:`kg.views.render`), not pyvis's, which links
Bootstrap from a CDN and switches tooltips to ``innerHTML`` when a title contains "href".
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from pyvis.network import Network

from kg.views.config import ViewConfig


class _IdList(list):  # type: ignore[type-arg]
    """pyvis keeps node ids in a list and tests membership on every add_node/add_edge
    (quadratic on large graphs); this list answers ``in`` from a set."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[Any] = set()

    def append(self, x: Any) -> None:  # noqa: D401
        super().append(x)
        self._set.add(x)

    def __contains__(self, x: object) -> bool:
        return x in self._set


@dataclass
class LegendItem:
    kind: str  # "node" | "edge"
    label: str
    color: str = "#999999"
    border: str | None = None
    shape: str = "dot"
    dashes: Any = False
    width: float = 1.0
    hollow: bool = False
    arrow: bool = False


@dataclass
class View:
    name: str
    lang: str
    heading: str
    subtitle: str = ""
    intro: str = ""
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    legend: list[LegendItem] = field(default_factory=list)
    #: further legend groups: (title, items), e.g. the colours of levels or regions
    legend_groups: list[tuple[str, list[LegendItem]]] = field(default_factory=list)
    #: horizontal bands drawn behind the graph: {y0, y1, label, color}
    bands: list[dict[str, Any]] = field(default_factory=list)
    #: texts drawn on the canvas: {x, y, text}
    captions: list[dict[str, Any]] = field(default_factory=list)
    #: filters the page offers: {type: "select"|"range", field, target, label, options|min|max}
    controls: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    aggregated: bool = False
    #: what the view shows when it has no node
    empty: str = ""
    #: leave physics running after stabilisation (only to measure pyvis's defaults)
    keep_physics: bool = False

    @property
    def physics(self) -> bool:
        return bool(self.options.get("physics", {}).get("enabled", False))

    def data(self) -> dict[str, Any]:
        """What the page's script reads (JSON), compacted: a property every node (edge)
        shares moves into the options' node (edge) defaults, and tooltip sentences are
        stored once in ``strings`` and referred to by index."""
        options = copy.deepcopy(self.options)
        strings: list[str] = []
        index: dict[str, int] = {}

        def intern(s: str) -> int:
            i = index.get(s)
            if i is None:
                i = index[s] = len(strings)
                strings.append(s)
            return i

        def items(rows: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
            out = []
            for it in rows:
                it = dict(it)
                tip = it.get("tip")
                if tip and tip.get("quotes"):
                    it["tip"] = {**tip, "quotes": [intern(q) for q in tip["quotes"]]}
                out.append(it)
            if len(out) > 1:
                defaults = options.setdefault(kind, {})
                for key in (*_SHAREABLE, *_DROPPABLE):
                    first = out[0].get(key, _MISSING)
                    if first is _MISSING or not all(it.get(key, _MISSING) == first for it in out):
                        continue
                    if key in _SHAREABLE:
                        if key not in defaults:
                            defaults[key] = first
                        elif isinstance(defaults[key], dict) and isinstance(first, dict):
                            defaults[key] = {**defaults[key], **first}
                        else:
                            continue
                    for it in out:
                        del it[key]
            return out

        styles: list[dict[str, Any]] = []
        nodes, edges = items(self.nodes, "nodes"), items(self.edges, "edges")
        return {
            "name": self.name,
            "nodes": factor_styles(nodes, styles),
            "edges": factor_styles(edges, styles),
            "styles": styles,
            "strings": strings,
            "options": options,
            "bands": self.bands,
            "captions": self.captions,
            "controls": self.controls,
            "physics": self.physics,
            "keepPhysics": self.keep_physics,
            "laying_out": "",
        }


_MISSING = object()
#: informational properties dropped when every item has the same value
_DROPPABLE = ("kind",)
#: properties vis-network also takes as defaults for all nodes / edges
_SHAREABLE = ("shape", "color", "font", "borderWidth", "shapeProperties", "size", "margin", "widthConstraint", "fixed",
              "width", "dashes", "arrows", "smooth")


def factor_styles(items: list[dict[str, Any]], styles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items with their style (the :data:`_SHAREABLE` properties) moved to the table
    ``styles`` and named by index (``s``): nodes of a kind share one style, and a page
    carries each style once instead of once per node (kg-views.js puts them back).

    >>> styles = []
    >>> factor_styles([{"id": 1, "color": "#fff", "shape": "box"}, {"id": 2, "color": "#fff", "shape": "box"}, {"id": 3}], styles)
    [{'id': 1, 's': 0}, {'id': 2, 's': 0}, {'id': 3}]
    >>> styles
    [{'shape': 'box', 'color': '#fff'}]
    """
    index = {json.dumps(st, sort_keys=True): i for i, st in enumerate(styles)}
    out = []
    for it in items:
        style = {k: it[k] for k in _SHAREABLE if k in it}
        if not style:
            out.append(it)
            continue
        key = json.dumps(style, sort_keys=True)
        if key not in index:
            index[key] = len(styles)
            styles.append(style)
        rest = {k: v for k, v in it.items() if k not in style}
        rest["s"] = index[key]
        out.append(rest)
    return out


class Builder:
    """Nodes and edges styled from the view definitions, collected by a pyvis Network."""

    def __init__(self, cfg: ViewConfig, lang: str) -> None:
        self.cfg = cfg
        self.lang = lang
        self.net = Network(directed=True)
        self.net.node_ids = _IdList()
        self._edge_n = 0
        self.used_nodes: set[str] = set()
        self.used_edges: set[str] = set()

    # --- nodes -----------------------------------------------------------------------
    def font(self, style: dict[str, Any] | None = None, **over: Any) -> dict[str, Any]:
        f = {"face": self.cfg.font["face"], "color": self.cfg.font["color"], "size": self.cfg.font["size"]}
        if style:
            if "font_color" in style:
                f["color"] = style["font_color"]
            if "font_size" in style:
                f["size"] = style["font_size"]
        f.update(over)
        return f

    def has(self, node_id: str) -> bool:
        return node_id in self.net.node_ids

    def node(self, node_id: str, label: str, style: str, *, color: str | None = None, tip: dict[str, Any] | None = None,
             font: dict[str, Any] | None = None, **opts: Any) -> None:
        st = self.cfg.nodes[style]
        if st.get("background"):  # hollow styles (stubs): white inside, the colour on the border
            background = st["background"]
            border = color or st.get("border_color") or "#7f8c8d"
        else:
            background = color or st.get("color") or "#97c2fc"
            border = st.get("border_color") if not color else color
        self.used_nodes.add(style)
        col: Any = {
            "background": background, "border": border,
            "highlight": {"background": background, "border": "#111111"},
            "hover": {"background": background, "border": "#111111"},
        }
        shape = opts.pop("shape", st.get("shape", "dot"))
        if background == border:  # vis-network derives highlight and hover colours itself
            col = background
        extra: dict[str, Any] = {
            "color": col,
            "borderWidth": st.get("border_width", 1),
            "font": self.font(st, **(font or {})),
        }
        if st.get("border_dashes"):
            extra["shapeProperties"] = {"borderDashes": st["border_dashes"]}
        if "size" in st and "size" not in opts and "value" not in opts:
            extra["size"] = st["size"]
        if tip:
            extra["tip"] = tip
        extra.update(opts)
        self.net.add_node(node_id, label=label or " ", shape=shape, **extra)

    def emphasise(self, node_id: str, style: str = "focus") -> None:
        st = self.cfg.nodes[style]
        self.used_nodes.add(style)
        n = self.net.node_map[node_id]
        n["borderWidth"] = st.get("border_width", 3)
        col = n["color"]
        background = col if isinstance(col, str) else col["background"]
        n["color"] = {"background": background, "border": st.get("border_color", "#111111"),
                      "highlight": {"background": background, "border": "#111111"},
                      "hover": {"background": background, "border": "#111111"}}
        if "font_size" in st:
            n["font"] = {**n["font"], "size": st["font_size"]}

    # --- edges -----------------------------------------------------------------------
    def edge(self, src: str, dst: str, style: str, *, tip: dict[str, Any] | None = None, **opts: Any) -> None:
        st = self.cfg.edges[style]
        self.used_edges.add(style)
        self._edge_n += 1
        extra: dict[str, Any] = {
            "id": f"e{self._edge_n}",
            "color": {"color": st["color"], "highlight": "#111111", "hover": "#111111", "inherit": False},
            "width": st.get("width", 1),
            "dashes": st.get("dashes", False),
            "arrows": st.get("arrows", "to") or {"to": {"enabled": False}},
            "kind": style,
        }
        if "smooth" in st:
            extra["smooth"] = {"enabled": True, **st["smooth"]}
        if tip:
            extra["tip"] = tip
        extra.update(opts)
        self.net.add_edge(src, dst, **extra)

    # --- legend ----------------------------------------------------------------------
    def legend(self, keys: list[str], *, only_used: bool = True) -> list[LegendItem]:
        """Legend entries of the given styles (those the view uses, unless ``only_used`` is
        false; ``focus`` counts as used when any node is)."""
        out = []
        for key in keys:
            if only_used and key not in self.used_nodes and key not in self.used_edges and not (key == "focus" and self.used_nodes):
                continue
            if key in self.cfg.nodes:
                st = self.cfg.nodes[key]
                color = st.get("color") or self.cfg.level_color("city")
                if key == "focus":
                    out.append(LegendItem("node", self.cfg.label(st, self.lang), color="#ffffff", border=st.get("border_color", "#111"),
                                          shape="box", width=st.get("border_width", 3)))
                    continue
                out.append(LegendItem(
                    "node", self.cfg.label(st, self.lang), color=st.get("background") or color,
                    border=st.get("border_color") or (self.cfg.level_color("city") if st.get("background") else color),
                    shape=st.get("shape", "dot"), dashes=bool(st.get("border_dashes")), hollow=bool(st.get("background")),
                ))
            else:
                st = self.cfg.edges[key]
                out.append(LegendItem("edge", self.cfg.label(st, self.lang), color=st["color"], dashes=st.get("dashes", False),
                                      width=st.get("width", 1), arrow=bool(st.get("arrows"))))
        return out

    def level_legend(self, levels: list[str] | None = None) -> tuple[str, list[LegendItem]]:
        items = [LegendItem("node", self.cfg.level_label(lv, self.lang), color=self.cfg.level_color(lv), shape="box")
                 for lv in (levels or self.cfg.level_order)]
        return self.cfg.text("levels", self.lang), items

    # --- result ----------------------------------------------------------------------
    @property
    def nodes(self) -> list[dict[str, Any]]:
        return self.net.nodes

    @property
    def edges(self) -> list[dict[str, Any]]:
        return self.net.edges
