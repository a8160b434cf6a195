"""The uptake pages of the published site: a timeline and a tile-grid map of the provinces
per national directive, drawn as SVG in the page (no script, no external resource), every
text escaped."""

from __future__ import annotations

import re
from pathlib import Path

from kg.graph.resolve import build_graph
from kg.views import publish, slug
from kg.views.uptake import BAND_COLORS, TILES, GraphRows, national_directives
from tests.test_uptake import LAW, _doc, extractions

HOSTILE = "<script>alert(1)</script>示范管理办法"


def graph():  # type: ignore[no-untyped-def]
    return build_graph([*extractions(), _doc("x.txt", "浙江省" + HOSTILE, "province", "浙江省", "1999-05-01", None, LAW)])


def test_national_directives_with_uptake() -> None:
    g = graph()
    rows = GraphRows(g)
    (law,) = national_directives(g, rows)
    assert g.nodes[law]["title"] == LAW
    children = {r["childTitle"] for r in rows.rows("uptake", {"policy": law})}
    assert "广州市天河区示范管理实施细则" in children  # through two intermediates


def test_uptake_page_timeline_and_map(tmp_path: Path) -> None:
    g = graph()
    publish(g, tmp_path / "site")
    law = next(n for n, d in g.nodes(data=True) if d.get("title") == LAW)
    page = (tmp_path / "site" / "uptake" / f"{slug(law)}.html").read_text(encoding="utf-8")
    assert page.count('class="kg-tile"') == len(TILES) == 34
    tile = lambda name: re.search(rf'data-name="{name}"><title>[^<]*</title>\s*<rect [^>]*fill="([^"]+)"', page).group(1)  # noqa: E731
    assert tile("广东省") == BAND_COLORS["y1"] and tile("浙江省") == BAND_COLORS["y3"]
    assert tile("上海市") == tile("江苏省") == BAND_COLORS["unknown"] and tile("北京市") == BAND_COLORS["none"]
    assert page.count('class="kg-dot"') == 4  # the dated documents; 上海 and 苏州 (a year only) listed apart
    assert "上海市示范管理条例" in page and "本语料中没有" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    for href in re.findall(r'href="([^"]+)"', page):
        assert (tmp_path / "site" / "uptake" / href).resolve().exists(), href
    index = (tmp_path / "site" / "uptake.html").read_text(encoding="utf-8")
    assert f'uptake/{slug(law)}.html' in index and 'href="uptake.html"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_one_group_per_region_on_the_corpus_map() -> None:
    from kg.views.config import load_config
    from kg.views.corpus import _groups

    g = build_graph([_doc("a.txt", "天河区示范管理办法", "county", "天河区", "2001-01-01"),
                     _doc("b.txt", "广州市天河区示范管理规定", "county", "广州市天河区", "2002-01-01")])
    assert list(_groups(g, load_config())["county"]) == ["广州市天河区"]
