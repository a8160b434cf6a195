"""Uptake pages of the published site: for a national directive, a timeline of the documents
implementing it (by date of first adoption, coloured by level) and a tile-grid map of
China's provinces coloured by how soon each first took it up.

Both are drawn here as SVG in the page (no script, no geographic data, no external
resource); every text goes through the templates' autoescaping. The answers are those of
:func:`kg.questions.uptake`, asked of the networkx graph through :class:`GraphRows`.

>>> tile_of("广西壮族自治区"), tile_of("北京市"), tile_of("火星")
((2, 6), (5, 1), None)
>>> lag_band(200), lag_band(4000), lag_band(None)
('y1', 'y10plus', 'unknown')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from kg.graph.resolve import as_policy
from kg.i18n import t
from kg.questions import PolicyRef, Uptake, Uptaker, uptake
from kg.schema import Relation
from kg.views.config import ViewConfig
from kg.views.text import clean

#: the provinces on a grid of columns (west to east) and rows (north to south), by the
#: first characters of their names
TILES: dict[str, tuple[int, int]] = {
    "黑龙江": (7, 0),
    "新疆": (0, 1), "内蒙古": (3, 1), "北京": (5, 1), "辽宁": (6, 1), "吉林": (7, 1),
    "青海": (1, 2), "甘肃": (2, 2), "宁夏": (3, 2), "山西": (4, 2), "河北": (5, 2), "天津": (6, 2),
    "西藏": (1, 3), "四川": (2, 3), "陕西": (3, 3), "河南": (4, 3), "山东": (5, 3),
    "重庆": (2, 4), "湖北": (3, 4), "安徽": (4, 4), "江苏": (5, 4), "上海": (6, 4),
    "云南": (1, 5), "贵州": (2, 5), "湖南": (3, 5), "江西": (4, 5), "浙江": (5, 5),
    "广西": (2, 6), "广东": (3, 6), "福建": (4, 6), "台湾": (5, 6),
    "海南": (2, 7), "澳门": (3, 7), "香港": (4, 7),
}

#: colour bands of the lag to a province's first uptake: (key, upper bound in days)
BANDS: tuple[tuple[str, int | None], ...] = (("y1", 366), ("y3", 3 * 366), ("y10", 10 * 366), ("y10plus", None))
BAND_COLORS = {"y1": "#08519c", "y3": "#3182bd", "y10": "#6baed6", "y10plus": "#c6dbef", "unknown": "#bcaad6",
               "none": "#f0f0f0"}

def msg(key: str, lang: str) -> str:
    """The uptake pages' words: table ``uptake_page`` of ``kg/data/messages.tsv``."""
    return t(key, lang, "uptake_page")


def tile_of(name: str) -> tuple[int, int] | None:
    """The grid cell of a province (by the start of its name)."""
    return next((cell for short, cell in TILES.items() if name.startswith(short)), None)


def lag_band(lag: int | None) -> str:
    """The colour band of a lag in days."""
    if lag is None:
        return "unknown"
    return next(key for key, bound in BANDS if bound is None or lag < bound)


# --- the question, asked of the networkx graph ------------------------------------------


class GraphRows:
    """The networkx graph as a :class:`kg.questions.Rows` for ``uptake`` (a node id stands
    for the IRI): one row per implements edge on the way down from the directive."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.down: dict[str, set[str]] = {}
        for u, v, d in g.edges(data=True):
            if d.get("type") == "CITATION" and d.get("relation") == Relation.IMPLEMENTS.value and u != v:
                self.down.setdefault(as_policy(g, v), set()).add(u)  # a law cited as a work: its newest version

    def rows(self, query_name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        if query_name != "uptake":
            raise KeyError(f"GraphRows answers uptake only, not {query_name}")
        top = str((params or {})["policy"])
        own = self.g.nodes[top]
        out, seen, todo = [], {top}, [top]
        while todo:
            parent = todo.pop()
            for child in sorted(self.down.get(parent, ())):
                d = self.g.nodes[child]
                out.append({"policy": top, "policyDate": own.get("date"), "policyFirstDate": own.get("first_date"),
                            "child": child, "parent": parent, "childNumber": d.get("number"), "childTitle": d.get("title"),
                            "childLevel": d.get("level"), "childRegion": d.get("region"), "childDate": d.get("date"),
                            "childFirstDate": d.get("first_date")})
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return out


def national_directives(g: nx.MultiDiGraph, rows: GraphRows) -> list[str]:
    """The national policies some document of the corpus implements."""
    return sorted(n for n in rows.down if g.nodes[n].get("type") == "Policy" and g.nodes[n].get("level") == "national")


def ref_of(g: nx.MultiDiGraph, node: str) -> PolicyRef:
    d = g.nodes[node]
    return PolicyRef(node, d.get("number"), d.get("title"), d.get("level"), d.get("region"), bool(d.get("stub")))


# --- what the page draws ------------------------------------------------------------------


@dataclass
class Dot:
    x: float
    y: float
    color: str
    label: str
    href: str | None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def timeline(answer: Uptake, cfg: ViewConfig, lang: str, url_for: Callable[[str], str | None],
             width: int = 1000, lane: int = 56) -> dict[str, Any]:
    """The timeline's SVG pieces: one lane per level, a dot per dated document at its first
    adoption, year ticks; the undated documents listed apart."""
    docs = [u for d in answer.divisions for u in d.documents] + answer.unplaced
    dated = [(u, _day(u.adopted)) for u in docs]
    days = [d for _, d in dated if d] + ([_day(answer.adopted)] if _day(answer.adopted) else [])
    present = {u.policy.level if u.policy.level in cfg.level_order else "unknown" for u in docs}
    levels = [lv for lv in cfg.level_order if lv in present]
    left, right = 90, 20
    out: dict[str, Any] = {"width": width, "height": lane * max(len(levels), 1) + 40, "lanes": [], "dots": [], "ticks": [],
                           "undated": [u for u, d in dated if d is None], "start": None}
    if not days:
        return out
    lo, hi = min(days).year, max(days).year + 1
    span = max((date(hi, 1, 1) - date(lo, 1, 1)).days, 1)

    def x(d: date) -> float:
        return round(left + (width - left - right) * (d - date(lo, 1, 1)).days / span, 1)

    step = max(1, (hi - lo) // 10)
    out["ticks"] = [(x(date(y, 1, 1)), str(y)) for y in range(lo, hi + 1, step)]
    for i, lv in enumerate(levels):
        out["lanes"].append((20 + i * lane + lane / 2, cfg.level_label(lv, lang), cfg.level_color(lv)))
    rows = {lv: 20 + i * lane + lane / 2 for i, lv in enumerate(levels)}
    start = _day(answer.adopted)
    if start:
        out["start"] = x(start)
    for n, (u, d) in enumerate(dated):
        if d is None:
            continue
        lv = u.policy.level if u.policy.level in rows else "unknown"
        jitter = ((n % 5) - 2) * 6  # documents of the same day do not hide each other
        lag = f" · {msg('lag', lang)} {u.lag} {msg('days', lang)}" if u.lag is not None else ""
        label = f"{clean(u.policy.number or u.policy.title)} · {u.adopted}{lag}"
        out["dots"].append(Dot(x(d), rows.get(lv, 0) + jitter, cfg.level_color(lv), label, url_for(u.policy.iri)))
    return out


def tile_map(answer: Uptake, lang: str, size: int = 64) -> dict[str, Any]:
    """The tile-grid map: a square per province, coloured by the lag of its first uptake."""
    from kg.divisions import provinces

    first = {d.name: d.first for d in answer.divisions}
    tiles = []
    for p in provinces():
        cell = tile_of(p.name)
        if cell is None:
            continue
        f = first.get(p.name)
        band = "none" if p.name not in first else lag_band(f.lag if f else None)
        short = next(s for s in TILES if p.name.startswith(s))
        detail = msg("none", lang) if band == "none" else (
            f"{f.adopted or msg('unknown', lang)} · {msg('lag', lang)} {f.lag if f and f.lag is not None else msg('unknown', lang)}"
            + (f" {msg('days', lang)}" if f and f.lag is not None else ""))
        tiles.append({"x": cell[0] * size, "y": cell[1] * size, "short": short, "name": p.name, "color": BAND_COLORS[band],
                      "dark": band in ("y1", "y3"), "title": f"{p.name}: {detail}"})
    legend = [(BAND_COLORS[k], msg(k, lang)) for k in ("y1", "y3", "y10", "y10plus", "unknown", "none")]
    return {"tiles": tiles, "size": size, "width": 8 * size, "height": 8 * size, "legend": legend}


def uptake_of(g: nx.MultiDiGraph, rows: GraphRows, node: str) -> Uptake:
    return uptake(rows, ref_of(g, node), "province")


def documents(answer: Uptake) -> list[Uptaker]:
    return [u for d in answer.divisions for u in d.documents] + answer.unplaced


# --- the pages ------------------------------------------------------------------------------


def _render(cfg: ViewConfig, lang: str, base: str, heading: str, subtitle: str, nav: list[tuple[str, str]], **ctx: Any) -> str:
    from kg.views.render import Assets, _with_csp, environment

    html = environment().get_template("uptake.html.j2").render(
        html_lang="zh-CN" if lang == "zh" else "en", page_title=f"{heading} · {cfg.text('site_title', lang)}", heading=heading,
        subtitle=subtitle, nav=nav, assets=Assets(False, base).values(), no_js=cfg.text("no_js", lang), **ctx)
    return _with_csp(html)


def uptake_page(answer: Uptake, cfg: ViewConfig, lang: str, names: Mapping[str, str], nav: list[tuple[str, str]]) -> str:
    """One directive's page (in ``uptake/``): timeline, tile map and the list of its
    implementing documents with the division and lag of each."""
    href = lambda n: f"../policies/{names[n]}.html" if n in names else None  # noqa: E731
    d = answer.directive
    heading = f"{msg('uptake_page', lang)} · {clean(d.number or d.title) or d.iri}"
    subtitle = f"{clean(d.title)} · {msg('adopted', lang)} {answer.adopted or msg('unknown', lang)}"
    rows = []
    for div in answer.divisions:
        for u in div.documents:
            rows.append({"division": div.name, "title": clean(u.policy.number or u.policy.title), "href": href(u.policy.iri),
                         "level": cfg.level_label(u.policy.level, lang), "level_color": cfg.level_color(u.policy.level),
                         "adopted": u.adopted or msg("unknown", lang),
                         "lag": f"{u.lag} {msg('days', lang)}" if u.lag is not None else msg("unknown", lang)})
    for u in answer.unplaced:
        rows.append({"division": "—", "title": clean(u.policy.number or u.policy.title), "href": href(u.policy.iri),
                     "level": cfg.level_label(u.policy.level, lang), "level_color": cfg.level_color(u.policy.level),
                     "adopted": u.adopted or msg("unknown", lang),
                     "lag": f"{u.lag} {msg('days', lang)}" if u.lag is not None else msg("unknown", lang)})
    none = "、".join(answer.none_in_corpus) if lang != "en" else ", ".join(answer.none_in_corpus)
    columns = [msg("province", lang), msg("implementers", lang), t("level", lang), msg("adopted", lang), msg("lag", lang)]
    return _render(cfg, lang, "../", heading, subtitle, nav, tl=timeline(answer, cfg, lang, href), tm=tile_map(answer, lang),
                   rows=rows, columns=columns, timeline_heading=msg("timeline", lang), map_heading=msg("map", lang),
                   list_heading=msg("implementers", lang), undated_heading=msg("undated", lang),
                   start_label=f"{clean(d.number or d.title)} · {answer.adopted or ''}",
                   none_note=f"{msg('none', lang)} ({len(answer.none_in_corpus)}): {none}")


def write_uptake_pages(g: nx.MultiDiGraph, out: Any, names: Mapping[str, str], cfg: ViewConfig, lang: str,
                       nav: Callable[[str], list[tuple[str, str]]], write: Callable[[Any, str], None]) -> int:
    """``uptake.html`` (the national directives the corpus takes up, with how many documents
    and provinces) and ``uptake/SLUG.html`` for each; the number of pages written."""
    rows = GraphRows(g)
    listed = []
    for node in national_directives(g, rows):
        answer = uptake_of(g, rows, node)
        write(out / "uptake" / f"{names[node]}.html", uptake_page(answer, cfg, lang, names, nav("../")))
        d = answer.directive
        listed.append({"href": f"uptake/{names[node]}.html", "number": clean(d.number), "title": clean(d.title),
                       "adopted": answer.adopted or msg("unknown", lang), "documents": len(documents(answer)),
                       "provinces": len(answer.divisions)})
    listed.sort(key=lambda r: (-r["documents"], r["title"]))
    columns = [t("number", lang), t("title", lang), msg("adopted", lang),
               msg("implementers", lang), msg("provinces", lang)]
    write(out / "uptake.html", _render(cfg, lang, "", msg("uptake_index", lang), "", nav(""), directives=listed, columns=columns))
    return len(listed) + 1
