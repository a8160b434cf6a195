"""The take-up pages of the published site: a comparison page per implements edge and a
take-up matrix per directive, answered by kg.questions through the graph in memory
(kg.views.rows.GraphRows) the same as `kg adoption` answers from the store; every text of a
document escaped."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline import workspace_graph
from kg.questions import adoption, measure_uptake
from kg.views import publish, slug
from kg.views.adoption import implements_edges, pair_name, ref_of
from kg.views.rows import GraphRows
from kg.workspace import Workspace
from tests.test_adoption import LAW, LOCAL_A, LOCAL_B

runner = CliRunner()
#: a measure whose text would break out of the page if it were not escaped
HOSTILE = "第三条 任何单位和个人不得买卖国家所有的档案，<script>alert(\"x\")</script>不得擅自携带出境'&'。"
#: the same in a measure of the directive (its rows of the matrix, with their tooltips)
HOSTILE_LAW = "第二条 县级以上人民政府应当将档案事业<img src=x onerror=\"alert('y')\">纳入国民经济和社会发展规划。"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("adoption")
    docs = root / "docs"
    docs.mkdir()
    local_a = re.sub(r"第三条 [^\n]*", HOSTILE, LOCAL_A)
    law = re.sub(r"第二条 [^\n]*", HOSTILE_LAW, LAW)
    for name, text in (("law.txt", law), ("a.txt", local_a), ("b.txt", LOCAL_B)):
        (docs / name).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["build", str(docs), "--workspace", str(root / "ws")])
    assert result.exit_code == 0, result.output
    g = workspace_graph(Workspace(root / "ws"))
    publish(g, root / "site")
    return g, root / "ws", root / "site"


def _node(g, title: str) -> str:  # type: ignore[no-untyped-def]
    return next(n for n, d in g.nodes(data=True) if d.get("type") == "Policy" and d.get("title") == title)


def test_the_graph_answers_adoption_as_the_store_does(site) -> None:  # type: ignore[no-untyped-def]
    g, ws, _ = site
    local = _node(g, "甲省实施《中华人民共和国档案管理法》办法")
    result = runner.invoke(app, ["adoption", "甲省实施《中华人民共和国档案管理法》办法", "--workspace", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    stored = json.loads(result.stdout)
    mine = adoption(GraphRows(g), ref_of(g, local)).to_dict()
    key = lambda p: (p["local_measure"], p["parent_measure"], round(p["score"], 6), p["local_text"], p["parent_text"])  # noqa: E731
    assert sorted(map(key, mine["pairs"])) == sorted(map(key, stored["pairs"])) and mine["pairs"]
    assert [m["parent_measure"] for m in mine["not_taken_up"]] == [m["parent_measure"] for m in stored["not_taken_up"]]


def test_measure_uptake_from_the_graph_counts_each_implementer(site) -> None:  # type: ignore[no-untyped-def]
    g, _, _ = site
    law = _node(g, "中华人民共和国档案管理法")
    answer = measure_uptake(GraphRows(g), ref_of(g, law))
    assert len(answer.implementers) == 2
    counts = {m.measure.label: m.count for m in answer.measures}
    assert counts["三"] >= 1 and counts["五"] >= 1 and "六" not in counts  # the date of effect is not a measure to take up


def test_a_comparison_page_per_implements_edge_linked_both_ways(site) -> None:  # type: ignore[no-untyped-def]
    g, _, out = site
    names = {n: slug(n) for n, d in g.nodes(data=True) if d.get("type") == "Policy"}
    edges = implements_edges(g, GraphRows(g))
    assert len(edges) == 2
    local, parent = next(e for e in edges if g.nodes[e[0]]["title"].startswith("甲"))
    page = (out / "pairs" / pair_name(local, parent, names)).read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([lp]\d+)"', page))
    links = re.findall(r'href="#([lp]\d+)"', page)
    assert links and set(links) <= ids
    assert any(x.startswith("l") for x in links) and any(x.startswith("p") for x in links)  # both ways
    assert '<mark class="kg-shared">买卖国家所有的档案</mark>' in page
    assert '<span class="kg-addition">第四条</span><span>第五条</span>' in page  # a local addition; the date of effect
    assert '<span class="kg-missing">第二条</span>' in page  # not taken up
    matrix = (out / "adoption" / f"{names[parent]}.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"#]+)(?:#([lp]\d+))?"', matrix):
        target = (out / "adoption" / href[0]).resolve()
        assert target.exists(), href
        if href[1]:
            assert f'id="{href[1]}"' in target.read_text(encoding="utf-8")
    assert matrix.count("●") >= 3
    policy_page = (out / "policies" / f"{names[local]}.html").read_text(encoding="utf-8")
    assert f'../pairs/{pair_name(local, parent, names)}' in policy_page
    assert 'href="adoption.html"' in (out / "index.html").read_text(encoding="utf-8")


def test_document_text_is_escaped_on_every_take_up_page(site) -> None:  # type: ignore[no-untyped-def]
    _, _, out = site
    pages = [*(out / "pairs").glob("*.html"), *(out / "adoption").glob("*.html"), out / "adoption.html"]
    seen = 0
    for p in pages:
        html = p.read_text(encoding="utf-8")
        assert "<script>alert" not in html and 'alert("x")' not in html and "<img" not in html, p
        seen += "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
        seen += "&lt;img src=x onerror=&#34;alert(&#39;y&#39;)&#34;&gt;" in html
        assert len(re.findall(r"<script\b", html)) == 0, p  # no script at all on these pages
    assert seen >= 2  # the local measure on its comparison page, the directive's on its matrix
