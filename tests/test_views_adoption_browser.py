"""The take-up pages in headless Chromium at 1400×900: the comparison page shows the two
documents side by side and a take-up link brings the measure of the other side into view;
the matrix's cells open the comparison at the measure; text at a legible size; no console
error, no request outside file://; a document's markup shows as text. Screenshots of each
page kind go to build/screenshots/ (adoption-*.png)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SHOTS

from kg.pipeline import workspace_graph
from kg.views import find_policy, publish, slug
from kg.workspace import Workspace
from tests.browser import watch

pytestmark = pytest.mark.browser
VIEWPORT = {"width": 1400, "height": 900}
MIN_PX = 12

#: whether the element of a fragment is inside the visible part of its scrolling column
VISIBLE = """(id) => {
  const el = document.getElementById(id), box = el.closest('.kg-doc-body').getBoundingClientRect(), r = el.getBoundingClientRect();
  return r.top >= box.top - 1 && r.top < box.bottom && r.bottom > box.top;
}"""


def opened(browser: Any, path: Path, shot: str | None = None) -> tuple[Any, Any]:
    page = browser.new_page(viewport=VIEWPORT)
    log = watch(page)
    page.goto(path.resolve().as_uri())
    page.wait_for_timeout(100)
    if shot:
        page.screenshot(path=str(SHOTS / shot))
    return page, log


def clean(log: Any) -> None:
    assert log.console_errors == [] and log.outside_requests == [] and log.dialogs == [], (log.console_errors, log.outside_requests)


def smallest_text(page: Any, selector: str) -> float:
    return float(page.evaluate(f"Math.min(...Array.from(document.querySelectorAll({selector!r})).map(e => parseFloat(getComputedStyle(e).fontSize)))"))


def test_comparison_page_side_by_side_and_linked(browser: Any, published_site: Any) -> None:
    g, out = published_site
    local, parent = find_policy(g, "庆政发〔2021〕13号"), find_policy(g, "国发〔2019〕4号")
    page, log = opened(browser, out / "adoption" / f"{slug(parent)}.html", "adoption-matrix.png")
    clean(log)
    assert smallest_text(page, "table.kg-matrix th, table.kg-matrix td") >= MIN_PX
    cell = page.locator(f"td.kg-on a[href*='{slug(local)}_']").first
    href = cell.get_attribute("href")
    cell.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(href.split("/")[-1])
    fragment = href.split("#")[1]
    assert page.evaluate(VISIBLE, fragment), "the matrix cell opens the comparison at the measure"
    page.screenshot(path=str(SHOTS / "adoption-pair.png"))
    left, right = page.evaluate("Array.from(document.querySelectorAll('section.kg-doc')).map(s => s.getBoundingClientRect().toJSON())")
    assert left["x"] + left["width"] <= right["x"] and abs(left["y"] - right["y"]) < 2 and right["x"] + right["width"] <= 1400
    assert smallest_text(page, ".kg-m, .kg-mnum, .kg-mlinks a, .kg-gap span") >= MIN_PX
    link = page.locator("section.kg-doc-local .kg-mlinks a").last
    target = link.get_attribute("href")[1:]
    link.click()
    assert page.evaluate(VISIBLE, target), "a take-up link brings the parent measure into view"
    back = page.locator(f"#{target} .kg-mlinks a").first.get_attribute("href")[1:]
    assert back.startswith("l")
    page.locator(f"#{target} .kg-mlinks a").first.click()
    assert page.evaluate(VISIBLE, back)
    clean(log)
    page.close()
    page, log = opened(browser, out / "adoption.html", "adoption-index.png")
    clean(log)
    assert page.locator("table.kg-policies tbody tr").count() >= 1
    page.close()


def test_english_page_with_markup_in_a_measure(browser: Any, tmp_path: Path) -> None:
    from tests.test_views_adoption import HOSTILE, LAW, LOCAL_A, LOCAL_B, runner
    import re

    from kg.cli import app

    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in (("law.txt", LAW), ("a.txt", re.sub(r"第三条 [^\n]*", HOSTILE, LOCAL_A)), ("b.txt", LOCAL_B)):
        (docs / name).write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["build", str(docs), "--workspace", str(tmp_path / "ws")]).exit_code == 0
    g = workspace_graph(Workspace(tmp_path / "ws"))
    publish(g, tmp_path / "site", lang="en")
    pair = next(p for p in (tmp_path / "site" / "pairs").glob("*.html") if "script" in p.read_text(encoding="utf-8"))
    page, log = opened(browser, pair, "adoption-pair-en.png")
    clean(log)
    assert page.evaluate("document.querySelectorAll('section.kg-doc script, section.kg-doc img').length") == 0
    assert '<script>alert("x")</script>' in page.locator("section.kg-doc-local").inner_text()
    assert "implementing document" in page.locator("section.kg-doc-local h2").inner_text()
    page.close()
