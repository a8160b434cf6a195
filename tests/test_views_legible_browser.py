"""The published site read at the default zoom, in headless Chromium at 1400×900: every
label drawn is at least 12 px on screen (measured from the network's own font size and
zoom), the views of dots keep labels apart (the others show on hover), the index keeps
层级 and dates on one line, and the uptake pages open clean. A screenshot of each page kind
goes to build/screenshots/ for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SHOTS

from kg.views import find_policy, slug
from tests.browser import wait_still, watch

pytestmark = pytest.mark.browser
VIEWPORT = {"width": 1400, "height": 900}
MIN_PX = 12

#: per view: the smallest on-screen size of a drawn label, and the drawn labels' boxes
MEASURE = """(name) => {
  const v = kgViews[name], s = v.network.getScale(), body = v.network.body;
  const out = {min: Infinity, drawn: 0, hidden: 0, boxes: []};
  for (const id of v.network.body.nodeIndices) {
    const n = body.nodes[id], label = (n.options.label || "").trim();
    if (!label || v.nodes.get(id).labelHidden) { out.hidden += 1; continue; }
    out.drawn += 1;
    out.min = Math.min(out.min, n.options.font.size * s);
  }
  return out;
}"""


def opened(browser: Any, path: Path, shot: str, views: bool = True) -> Any:
    page = browser.new_page(viewport=VIEWPORT)
    log = watch(page)
    page.goto(path.resolve().as_uri())
    if views:
        wait_still(page, 60000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / shot))
    assert log.console_errors == [] and log.outside_requests == [], (log.console_errors, log.outside_requests)
    return page


def test_labels_are_legible_at_the_default_zoom(browser: Any, published_site: Any) -> None:
    g, out = published_site
    node = find_policy(g, "沈政发〔2021〕14号")
    for path, shot, names in ((out / "departments.html", "departments.png", ["departments"]),
                              (out / "corpus.html", "corpus.png", ["corpus"]),
                              (out / "policies" / f"{slug(node)}.html", "policy.png", ["lineage", "policy"])):
        page = opened(browser, path, shot)
        for name in names:
            m = page.evaluate(MEASURE, name)
            assert m["drawn"] > 0, (name, m)
            assert m["min"] >= MIN_PX - 0.01, f"{name}: a label is {m['min']:.1f} px on screen"
        page.close()


def test_dense_department_labels_do_not_overlap(browser: Any, published_site: Any) -> None:
    _, out = published_site
    page = opened(browser, out / "departments.html", "departments-labels.png")
    boxes = page.evaluate("""() => {
      const v = kgViews.departments, ctx = v.network.canvas.frame.canvas.getContext("2d");
      const out = [];
      for (const id of v.network.body.nodeIndices) {
        const n = v.network.body.nodes[id];
        if (!(n.options.label || "").trim() || v.nodes.get(id).labelHidden || !n.labelModule.size) continue;
        const s = n.labelModule.size, tl = v.network.canvasToDOM({x: s.left, y: s.top});
        const br = v.network.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
        if (br.x < 0 || br.y < 0) continue;
        out.push([tl.x, tl.y, br.x, br.y]);
      }
      return out;
    }""")
    assert boxes
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[0] < b[2] - 2 and b[0] < a[2] - 2 and a[1] < b[3] - 2 and b[1] < a[3] - 2]
    assert not overlaps, overlaps[:3]
    page.close()


def test_index_columns_fit_their_content(browser: Any, published_site: Any) -> None:
    _, out = published_site
    page = opened(browser, out / "index.html", "index.png", views=False)
    lines = page.evaluate("""() => Array.from(document.querySelectorAll("#kg-policies tbody tr")).slice(0, 40).map(tr => {
      const cells = tr.querySelectorAll("td");
      const one = td => { if (!td.lastChild) return true; const r = document.createRange(); r.selectNodeContents(td.lastChild); return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size <= 1; };
      return [one(cells[3]), one(cells[5])];
    })""")
    assert lines and all(level and date for level, date in lines)
    widths = page.evaluate("Array.from(document.querySelectorAll('#kg-policies thead th')).map(th => th.getBoundingClientRect().width)")
    assert widths[0] < 0.2 * sum(widths) and widths[1] == max(widths)  # the title gets the room, not the number
    page.close()


def test_uptake_pages_open_clean(browser: Any, published_site: Any) -> None:
    _, out = published_site
    page = opened(browser, out / "uptake.html", "uptake-index.png", views=False)
    first = page.locator("table.kg-policies tbody tr a").first.get_attribute("href")
    page.close()
    page = opened(browser, out / first, "uptake.png", views=False)
    assert page.locator("g.kg-tile").count() == 34
    size = page.evaluate("Math.min(...Array.from(document.querySelectorAll('svg text')).map(t => t.getBoundingClientRect().height))")
    assert size >= MIN_PX - 1
    page.close()
