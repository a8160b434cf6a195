"""The published views in a real browser: Playwright driving Debian's chromium
(tools/browser.sh installs it and fonts-noto-cjk; with CI=true a missing browser fails).

Each page is opened from file://; the tests read the vis DataSets (window.kgViews), watch
the console, every request and every dialog, and write screenshots to build/screenshots/
for a person to look at."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import SHOTS, require

from kg.pipeline import workspace_graph
from kg.views import (
    anatomy_view,
    corpus_view,
    department_view,
    find_policy,
    lineage_view,
    publish,
    slug,
    write_view,
)
from tests.browser import wait_still, watch
from tests.synthetic import PROBE, PROBE_EFFECT, probe_workspace, synthetic_graph

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def probe_site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("probe")
    ws, node = probe_workspace(root)
    g = workspace_graph(ws)
    publish(g, root / "site")
    return g, node, root / "site"


class Opened:
    def __init__(self, page: Any, log: Any, still_ms: float | None) -> None:
        self.page, self.log, self.still_ms = page, log, still_ms

    def counts(self, view: str) -> tuple[int, int]:
        return tuple(self.page.evaluate(f"[kgViews[{json.dumps(view)}].nodes.length, kgViews[{json.dumps(view)}].edges.length]"))

    def check_clean(self) -> None:
        assert self.log.console_errors == [], self.log.console_errors
        assert self.log.outside_requests == [], self.log.outside_requests
        assert all(u.startswith("file://") for u in self.log.requests), self.log.requests
        assert self.log.dialogs == [], self.log.dialogs


def open_page(browser: Any, path: Path, *, views: bool = True, timeout_ms: float = 60000, shot: str | None = None,
              full_page: bool = False) -> Opened:
    page = browser.new_page(viewport=VIEWPORT)
    log = watch(page)
    page.goto(path.resolve().as_uri())
    still = wait_still(page, timeout_ms) if views else None
    if shot:
        page.wait_for_timeout(200)
        page.screenshot(path=str(SHOTS / shot), full_page=full_page)
    return Opened(page, log, still)


def hover_node(page: Any, view: str, node_id: str) -> str:
    """Move the mouse onto a node; the tooltip's text."""
    box = page.evaluate(
        """([view, id]) => {
            const v = kgViews[view];
            v.network.body.container.scrollIntoView({block: "center"});
            const p = v.network.getPositions([id])[id];
            v.network.moveTo({position: p, scale: 1.2, animation: false});
            const dom = v.network.canvasToDOM(p);
            const r = v.network.body.container.getBoundingClientRect();
            return {x: r.left + dom.x, y: r.top + dom.y};
        }""",
        [view, node_id],
    )
    page.mouse.move(box["x"] - 30, box["y"] - 30)
    page.mouse.move(box["x"], box["y"], steps=4)
    page.wait_for_timeout(450)
    return page.evaluate("Array.from(document.querySelectorAll('.kg-tooltip')).map(t => t.style.display === 'block' ? t.textContent : '').join('')")


# --- the published site of the corpus -------------------------------------------------------


def test_site_pages_hold_the_graph_of_each_view(browser: Any, published_site: Any) -> None:
    g, site = published_site
    dv = department_view(g)
    o = open_page(browser, site / "departments.html", shot="departments.png")
    assert o.counts("departments") == (len(dv.nodes), len(dv.edges))
    o.check_clean()
    o.page.close()

    cv = corpus_view(g)
    o = open_page(browser, site / "corpus.html", shot="corpus.png")
    assert o.counts("corpus") == (len(cv.nodes), len(cv.edges)) and len(cv.nodes) > 100
    assert o.page.evaluate("nodes.length") == len(cv.nodes)
    o.check_clean()
    o.page.close()

    for number, shot in (("沈政发〔2021〕14号", "policy-shenyang.png"), ("庆政发〔2021〕13号", "policy-qingyang.png"),
                         ("国发〔2019〕4号", "policy-guofa-2019-4.png"), ("沈阳市职业教育改革工作清单", "policy-worklist.png")):
        node = find_policy(g, number)
        lv, av = lineage_view(g, node), anatomy_view(g, node)
        o = open_page(browser, site / "policies" / f"{slug(node)}.html", shot=shot, full_page=True)
        assert o.counts("lineage") == (len(lv.nodes), len(lv.edges))
        assert o.counts("policy") == (len(av.nodes), len(av.edges))
        assert number in o.page.inner_text("h1")
        o.check_clean()
        o.page.close()


def test_index_lists_every_policy_and_search_finds_one_by_its_number(browser: Any, published_site: Any) -> None:
    g, site = published_site
    n_policies = sum(1 for _, d in g.nodes(data=True) if d.get("type") == "Policy")
    o = open_page(browser, site / "index.html", views=False, shot="index.png")
    page = o.page
    assert page.locator("#kg-policies tbody tr").count() == n_policies
    for query in ("沈政发〔2021〕14号", "沈政发[2021]14号", " 沈政发（2021）14號 "):
        page.fill("#kg-search", query)
        visible = page.locator("#kg-policies tbody tr:visible")
        assert visible.count() == 1, query
        assert "沈阳市推进职业教育实用高效发展实施方案" in visible.inner_text()
        assert page.inner_text("#kg-shown") == "1"
    page.fill("#kg-search", "职业教育")
    assert 1 < page.locator("#kg-policies tbody tr:visible").count() < n_policies
    page.fill("#kg-search", "")
    assert page.locator("#kg-policies tbody tr:visible").count() == n_policies
    # the row links to the policy's page, which opens from file:// too
    page.fill("#kg-search", "国发〔2019〕4号")
    page.locator("#kg-policies tbody tr:visible a").first.click()
    page.wait_for_load_state("load")
    wait_still(page)
    assert "国发〔2019〕4号" in page.inner_text("h1") and page.url.startswith("file://")
    assert page.evaluate("kgViews.lineage.nodes.length") >= 2
    o.check_clean()
    page.close()


def test_chinese_labels_have_a_font(browser: Any, published_site: Any) -> None:
    _, site = published_site
    o = open_page(browser, site / "corpus.html")
    require(o.page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '政策溯源')"), "fonts-noto-cjk (run tools/browser.sh)")
    # the canvas draws with a face that has the glyphs: a CJK string is as wide as CJK glyphs are
    widths = o.page.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
                   c.font = '20px "Noto Sans CJK SC"'; const a = c.measureText('政策溯源').width;
                   c.font = '20px monospace'; const b = c.measureText('政策溯源').width; return [a, b]; }""")
    assert 70 <= widths[0] <= 90
    o.page.close()


def test_tooltips_show_the_source_sentence(browser: Any, published_site: Any) -> None:
    g, site = published_site
    node = find_policy(g, "沈政发〔2021〕14号")
    o = open_page(browser, site / "policies" / f"{slug(node)}.html")
    text = hover_node(o.page, "lineage", node)
    assert "沈政发〔2021〕14号" in text and "沈阳市人民政府" in text
    measure = next(n["id"] for n in anatomy_view(g, node).nodes if n["id"].startswith("measure:") and "/" in n["id"].split(":", 1)[1])
    text = hover_node(o.page, "policy", measure)
    assert g.nodes[measure]["text"][:20] in text.replace("\n", "")
    o.page.screenshot(path=str(SHOTS / "tooltip-measure.png"))
    o.check_clean()
    o.page.close()


# --- a document that tries to run script ------------------------------------------------------


def test_probe_document_runs_nothing_and_shows_its_text(browser: Any, probe_site: Any) -> None:
    g, node, site = probe_site
    pages = [(site / "index.html", False, "probe-index.png"), (site / "policies" / f"{slug(node)}.html", True, "probe-policy.png"),
             (site / "departments.html", True, "probe-departments.png"), (site / "corpus.html", True, "probe-corpus.png")]
    for path, views, shot in pages:
        o = open_page(browser, path, views=views, shot=shot, full_page=True)
        page = o.page
        page.wait_for_timeout(300)
        assert o.log.dialogs == [], (path, o.log.dialogs)
        assert page.evaluate("window.__kgxss === undefined"), path
        assert page.evaluate("document.querySelectorAll('img').length") == 0, path
        assert not [u for u in o.log.requests if u.rstrip("/").endswith("/x")], o.log.requests
        o.check_clean()
        if path.name == "index.html":
            assert PROBE in page.inner_text("#kg-policies")
            page.fill("#kg-search", "沈政发〔2022〕99号")
            assert PROBE in page.locator("#kg-policies tbody tr:visible").inner_text()
        elif path.parent.name == "policies":
            assert PROBE in page.inner_text("h1")
            text = hover_node(page, "lineage", node)
            assert PROBE in text
            text = hover_node(page, "policy", "department:" + PROBE)
            assert PROBE in text
            page.screenshot(path=str(SHOTS / "probe-tooltip.png"))
        elif path.name == "departments.html":
            labels = page.evaluate("kgViews.departments.nodes.get().map(n => n.label)")
            assert PROBE in labels and PROBE_EFFECT in labels
            assert PROBE_EFFECT in hover_node(page, "departments", "department:" + PROBE_EFFECT)
        assert page.evaluate("window.__kgxss === undefined") and o.log.dialogs == []
        page.close()


# --- filters, size, speed ---------------------------------------------------------------------


def test_department_filters_in_the_page(browser: Any, tmp_path: Path) -> None:
    g = synthetic_graph(departments=200, policies=30)
    v = department_view(g)
    write_view(v, tmp_path / "d.html")
    o = open_page(browser, tmp_path / "d.html")
    page = o.page
    total = page.evaluate("kgViews.departments.visible()")
    assert total == {"nodes": len(v.nodes), "edges": len(v.edges)}
    page.select_option("select[data-field=region]", "沈阳市")
    shown = page.evaluate("kgViews.departments.visible()")
    expected = department_view(g, region="沈阳市")
    assert shown["nodes"] == len(expected.nodes) and 0 < shown["nodes"] < total["nodes"]
    page.select_option("select[data-field=region]", "")
    page.fill("input[data-field=value]", "2")
    shown = page.evaluate("kgViews.departments.visible()")
    assert shown["edges"] == len(department_view(g, min_weight=2).edges) < total["edges"]
    o.check_clean()
    page.close()


def test_a_5000_node_view_becomes_still_within_seconds(browser: Any, tmp_path: Path) -> None:
    g = synthetic_graph(departments=5000, policies=1000)
    v = department_view(g, max_nodes=None)
    assert len(v.nodes) > 4500
    write_view(v, tmp_path / "big.html")
    t0 = time.perf_counter()
    o = open_page(browser, tmp_path / "big.html", timeout_ms=90000, shot="departments-5000.png")
    seconds = time.perf_counter() - t0
    page = o.page
    assert o.counts("departments") == (len(v.nodes), len(v.edges))
    first = page.evaluate("network.getPositions(nodes.getIds().slice(0, 100))")
    page.wait_for_timeout(600)
    second = page.evaluate("network.getPositions(nodes.getIds().slice(0, 100))")
    assert first == second  # physics is off: nothing moves
    assert page.evaluate("network.physics.options.enabled") is False
    print(f"5,000-node department network: still after {seconds:.1f} s")
    assert seconds < 60  # a few seconds on a desktop; generous for a busy CI machine
    o.check_clean()
    page.close()
    # with the default threshold the same departments are shown by region
    agg = department_view(g)
    write_view(agg, tmp_path / "agg.html")
    o = open_page(browser, tmp_path / "agg.html", timeout_ms=30000)
    assert agg.aggregated and o.counts("departments") == (len(agg.nodes), len(agg.edges))
    o.check_clean()
    o.page.close()


def test_english_page(browser: Any, tmp_path: Path) -> None:
    g = synthetic_graph(departments=20, policies=60)
    node = max((n for n, d in g.nodes(data=True) if d.get("type") == "Policy"), key=lambda n: g.degree(n))
    write_view(lineage_view(g, node, lang="en"), tmp_path / "en.html")
    o = open_page(browser, tmp_path / "en.html", shot="lineage-en.png")
    assert o.page.inner_text("h1") == "Lineage"
    legend = o.page.inner_text(".kg-legend")
    assert "implements" in legend and "national" in legend and "贯彻落实" not in legend
    assert o.page.evaluate("document.documentElement.lang") == "en"
    o.check_clean()
    o.page.close()
