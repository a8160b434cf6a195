"""Views (kg/views, visualizations/views.toml): the graphs each view builds, the pages they
render, the static site and the commands. The browser tests are in test_views_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.graph.resolve import build_graph
from kg.models import (
    Citation,
    Extraction,
    Institution,
    Measure,
    PolicyInfo,
    Responsibility,
    Span,
    Target,
)
from kg.pipeline import workspace_graph
from kg.views import (
    PolicyLookupError,
    anatomy_view,
    corpus_view,
    department_view,
    find_policy,
    lineage_view,
    load_config,
    publish,
    render_views,
    slug,
    write_view,
)
from kg.views.render import safe_json
from kg.views.text import SentenceIndex, sentence_at, wrap
from tests.synthetic import PROBE, PROBE_EFFECT, probe_workspace, synthetic_graph

CFG = load_config()

# --- a small corpus, built through the real resolution ---------------------------------------

CITY_TEXT = (
    "沈阳市推进职业教育实用高效发展实施方案\n"
    "为贯彻落实《教育部辽宁省人民政府关于整省推进职业教育的意见》(辽政发〔2021〕2号),落实《中华人民共和国职业教育法》,制定本方案。\n"
    "一、重点任务\n"
    "(一)建设高水平学校。到2022年,重点建设1所国家级高水平高职院校。支持沈阳职业技术学院建设。(牵头单位:市教育局;配合单位:市财政局)\n"
    "(二)保障经费投入。定期发布《沈阳市急需紧缺人才需求目录》。(牵头单位:市财政局;责任单位:市人力资源社会保障局)\n"
)


def _span(text: str, part: str, after: int = 0) -> Span:
    i = text.index(part, after)
    return Span(i, i + len(part))


def _line(text: str, start: str) -> tuple[str, Span]:
    i = text.index(start)
    j = text.index("\n", i)
    return text[i:j], Span(i, j)


def small_corpus() -> nx.MultiDiGraph:
    t = CITY_TEXT
    sec, sec_span = _line(t, "一、重点任务")
    m1, m1_span = _line(t, "(一)建设")
    m2, m2_span = _line(t, "(二)保障")
    sentence = t[t.index("为贯彻"): t.index("\n", t.index("为贯彻"))]
    city = Extraction(
        "city.txt", "c" * 64,
        PolicyInfo(doc_number="沈政发〔2021〕14号", title="沈阳市推进职业教育实用高效发展实施方案", issuers=["沈阳市人民政府"],
                   date="2021-11-03", level="city", region="沈阳市"),
        citations=[
            Citation("辽政发〔2021〕2号", "教育部辽宁省人民政府关于整省推进职业教育的意见", "implements", _span(t, "辽政发〔2021〕2号"), sentence),
            Citation(None, "中华人民共和国职业教育法", "cites", _span(t, "中华人民共和国职业教育法"), sentence),
            Citation(None, "沈阳市急需紧缺人才需求目录", "plans", _span(t, "沈阳市急需紧缺人才需求目录"), "定期发布《沈阳市急需紧缺人才需求目录》。"),
        ],
        measures=[
            Measure("一", "一", sec, sec_span, kind="section", heading="重点任务"),
            Measure("一/（一）", "一", m1, m1_span, parent="一", heading="建设高水平学校"),
            Measure("一/（二）", "二", m2, m2_span, parent="一", heading="保障经费投入"),
        ],
        responsibilities=[
            Responsibility("一", "沈阳市教育局", "lead", _span(t, "市教育局"), measure_key="一/（一）"),
            Responsibility("一", "沈阳市财政局", "support", _span(t, "市财政局"), measure_key="一/（一）"),
            Responsibility("二", "沈阳市财政局", "lead", _span(t, "市财政局", t.index("(二)")), measure_key="一/（二）"),
            Responsibility("二", "沈阳市人力资源和社会保障局", "responsible", _span(t, "市人力资源社会保障局"), measure_key="一/（二）"),
        ],
        institutions=[Institution("沈阳职业技术学院", _span(t, "沈阳职业技术学院"))],
        targets=[Target("国家级高水平高职院校", 1, "所", ">=", "2022", _span(t, "重点建设1所国家级高水平高职院校"), measure_key="一/（一）")],
    )
    province = Extraction(
        "province.txt", "p" * 64,
        PolicyInfo(doc_number="辽政发〔2021〕2号", title="教育部辽宁省人民政府关于整省推进职业教育的意见", issuers=["辽宁省人民政府"],
                   date="2021-02-01", level="province", region="辽宁省"),
        citations=[Citation("国发〔2019〕4号", "国家职业教育改革实施方案", "implements", Span(0, 10), "为贯彻落实《国家职业教育改革实施方案》(国发〔2019〕4号)……")],
    )
    national = Extraction(
        "national.txt", "n" * 64,
        PolicyInfo(doc_number="国发〔2019〕4号", title="国家职业教育改革实施方案", issuers=["国务院"], date="2019-01-24", level="national"),
    )
    county = Extraction(
        "county.txt", "k" * 64,
        PolicyInfo(doc_number="浑南政发〔2022〕3号", title="浑南区职业教育实施方案", issuers=["沈阳市浑南区人民政府"], date="2022-03-01",
                   level="county", region="浑南区"),
        citations=[Citation("沈政发〔2021〕14号", "沈阳市推进职业教育实用高效发展实施方案", "implements", Span(0, 10), "根据《沈阳市推进职业教育实用高效发展实施方案》……")],
    )
    return build_graph([city, province, national, county])


CITY = "policy:沈政发〔2021〕14号"
PROVINCE = "policy:辽政发〔2021〕2号"
NATIONAL = "policy:国发〔2019〕4号"
COUNTY = "policy:浑南政发〔2022〕3号"


def _node(view, node_id):  # type: ignore[no-untyped-def]
    return next(n for n in view.nodes if n["id"] == node_id)


def _color(n: dict) -> tuple[str, str]:  # type: ignore[type-arg]
    c = n["color"]
    return (c, c) if isinstance(c, str) else (c["background"], c["border"])


# --- definitions and helpers ----------------------------------------------------------------


def test_every_style_has_chinese_and_english_labels() -> None:
    for section in ("nodes", "edges", "kinds"):
        for key, style in CFG.raw[section].items():
            assert CFG.label(style, "zh") and CFG.label(style, "en"), (section, key)
            assert CFG.label(style, "zh") != CFG.label(style, "en") or key == "f1", (section, key)
    for level in CFG.level_order:
        assert CFG.level_label(level, "zh") and CFG.level_label(level, "en")
    for key, entry in CFG.raw["text"].items():
        assert entry.get("zh") and entry.get("en"), key
    for name in ("lineage", "departments", "corpus", "policy"):
        assert CFG.label(CFG.view(name)["heading"], "en")


def test_labels_wrap_and_sentences() -> None:
    assert wrap("辽宁省职业技能提升行动实施方案(2019—2021年)", 13).split("\n")[1] == "方案(2019—2021年)"
    assert wrap("一" * 100, 10, 2).endswith("…")
    text = "第一句。到2025年,建成10所学校;第三句。"
    assert sentence_at(text, text.index("10所"), text.index("10所") + 3) == "到2025年,建成10所学校;"


def test_page_names_are_safe_on_any_file_system() -> None:
    keys = ["policy:沈政发〔2021〕14号", "policy:沈政发[2021]14号", "policy:doc-605ad5709483e39d", "policy:title-9a395f4ec12648d9",
            "policy:广州市人民政府令第179号", "policy:" + PROBE, "policy:a/b\\c:d*e?f\"g<h>i|j"]
    names = [slug(k) for k in keys]
    assert len(set(n.lower() for n in names)) == len(names)
    for n in names:
        assert re.fullmatch(r"[a-z0-9-]{1,60}", n), n


def test_find_policy_by_number_in_any_bracket_form_and_by_title() -> None:
    g = small_corpus()
    assert find_policy(g, "沈政发[2021]14号") == CITY
    assert find_policy(g, "沈政发（2021）14号") == CITY
    assert find_policy(g, "国家职业教育改革实施方案") == NATIONAL
    assert find_policy(g, "浑南区职业教育") == COUNTY
    with pytest.raises(PolicyLookupError):
        find_policy(g, "没有这个政策")
    with pytest.raises(PolicyLookupError) as exc:
        find_policy(g, "职业教育")
    assert len(exc.value.candidates) >= 3


# --- 1. lineage -----------------------------------------------------------------------------


def test_lineage_rows_by_level_relations_and_stubs() -> None:
    g = small_corpus()
    v = lineage_view(g, CITY)
    ids = {n["id"] for n in v.nodes}
    law = next(n for n, d in g.nodes(data=True) if d.get("title") == "中华人民共和国职业教育法")
    catalogue = next(n for n, d in g.nodes(data=True) if d.get("title") == "沈阳市急需紧缺人才需求目录")
    assert {CITY, PROVINCE, NATIONAL, COUNTY, law, catalogue} == ids
    y = {n["id"]: n["y"] for n in v.nodes}
    assert y[NATIONAL] < y[PROVINCE] < y[CITY] < y[COUNTY]
    assert y[law] == y[NATIONAL]  # a national law, from its title
    # stubs are hollow with a dashed border; documents are filled
    stub = _node(v, law)
    doc = _node(v, PROVINCE)
    assert stub["shapeProperties"]["borderDashes"] and _color(stub)[0] == "#ffffff"
    assert "shapeProperties" not in doc and _color(doc)[0] == CFG.level_color("province")
    assert _node(v, CITY)["borderWidth"] == CFG.nodes["focus"]["border_width"]
    # edges styled by relation, with the source sentence in the tooltip
    by_kind = {e["kind"]: e for e in v.edges}
    assert set(by_kind) == {"implements", "cites", "plans"}
    assert by_kind["implements"]["dashes"] is False and by_kind["cites"]["dashes"] and by_kind["plans"]["dashes"]
    assert len({json.dumps(by_kind[k]["color"]) for k in by_kind}) == 3
    up = next(e for e in v.edges if e["from"] == CITY and e["to"] == PROVINCE)
    assert up["kind"] == "implements" and "制定本方案" in up["tip"]["quotes"][0]
    # bands: every level, national on top
    assert [b["label"] for b in v.bands][:4] == ["国家", "省级", "市级", "县级"]
    # headings and legend in English on request
    en = lineage_view(g, CITY, lang="en")
    assert en.heading == "Lineage" and any(i.label == "implements" for i in en.legend)


def test_lineage_in_the_built_corpus(built_workspace: Path) -> None:
    from kg.workspace import Workspace

    g = workspace_graph(Workspace(built_workspace))
    node = find_policy(g, "庆政发〔2021〕13号")
    v = lineage_view(g, node)
    by_number = {n.get("tip", {}).get("rows", [[None, None]])[0][1]: n for n in v.nodes}
    assert "国发〔2019〕4号" in by_number
    assert by_number["国发〔2019〕4号"]["y"] < _node(v, node)["y"]
    assert all(e["from"] in {n["id"] for n in v.nodes} and e["to"] in {n["id"] for n in v.nodes} for e in v.edges)


def test_lineage_of_a_big_family_is_trimmed() -> None:
    g = synthetic_graph(departments=10, policies=400)
    top = max((n for n, d in g.nodes(data=True) if d.get("type") == "Policy"), key=lambda n: g.in_degree(n))
    v = lineage_view(g, top, max_nodes=5)
    assert v.notes and len(v.nodes) < g.in_degree(top) + 10


# --- 2. departments -------------------------------------------------------------------------


def test_department_network_sizes_weights_filters() -> None:
    g = small_corpus()
    v = department_view(g)
    nodes = {n["id"]: n for n in v.nodes}
    assert set(nodes) == {"department:沈阳市教育局", "department:沈阳市财政局", "department:沈阳市人力资源和社会保障局"}
    assert nodes["department:沈阳市财政局"]["value"] == 1 and nodes["department:沈阳市教育局"]["value"] == 1
    assert nodes["department:沈阳市人力资源和社会保障局"]["value"] == 0
    weights = {(e["from"], e["to"]): e["value"] for e in v.edges}
    assert weights == {("department:沈阳市教育局", "department:沈阳市财政局"): 1,
                       ("department:沈阳市人力资源和社会保障局", "department:沈阳市财政局"): 1}
    assert all(e["tip"]["quotes"] for e in v.edges)  # the measure the two share
    assert any("牵头单位" in q for n in v.nodes for q in n["tip"]["quotes"])  # the sentence naming the department
    assert v.physics and v.options["layout"]["improvedLayout"] is False
    assert v.options["physics"]["stabilization"]["iterations"] <= 400
    # filters
    assert {n["id"] for n in department_view(g, roles=("lead",)).nodes} == {"department:沈阳市教育局", "department:沈阳市财政局"}
    assert department_view(g, roles=("lead",)).edges == []
    assert department_view(g, min_weight=2).edges == []
    assert len(department_view(g, region="沈阳市").nodes) == 3
    # a region holds the departments of the regions inside it (kg.questions.in_region)
    assert len(department_view(g, region="辽宁省").nodes) == 3
    assert department_view(g, region="广州市").nodes == []
    assert department_view(g, policy=PROVINCE).nodes == []
    # colours: by region all one colour, by type of body from the kinds table
    assert len({_color(n)[0] for n in v.nodes}) == 1
    by_kind = department_view(g, color_by="kind")
    assert {_color(n)[0] for n in by_kind.nodes} == {CFG.kinds["government"]["color"]}


def test_department_network_aggregates_above_the_threshold() -> None:
    g = synthetic_graph(departments=300, policies=40)
    full = department_view(g, max_nodes=None)
    assert len(full.nodes) > 250 and not full.aggregated
    agg = department_view(g, max_nodes=100)
    assert agg.aggregated and agg.notes
    assert len(agg.nodes) <= 20 and all(n["id"].startswith("region:") for n in agg.nodes)
    assert sum(n["value"] for n in agg.nodes) == sum(n["value"] for n in full.nodes)  # measures led, summed
    filtered = department_view(g, region="沈阳市", max_nodes=100)
    assert not filtered.aggregated and 0 < len(filtered.nodes) <= 100


def test_department_network_of_the_built_corpus(built_workspace: Path) -> None:
    from kg.workspace import Workspace

    g = workspace_graph(Workspace(built_workspace))
    depts = {u for u, _, d in g.edges(data=True) if d.get("type") in ("LEADS", "SUPPORTS", "RESPONSIBLE_FOR")}
    v = department_view(g)
    assert len(v.nodes) == len(depts)  # may be 0 until responsibilities are extracted
    html = render_views([v], heading=v.heading)
    assert "kg-data" in html


# --- 3. corpus map --------------------------------------------------------------------------


def test_corpus_map_has_every_policy_and_citation_in_its_level_band() -> None:
    g = small_corpus()
    v = corpus_view(g)
    policies = [n for n, d in g.nodes(data=True) if d.get("type") == "Policy"]
    citations = [1 for _, _, d in g.edges(data=True) if d.get("type") == "CITATION"]
    assert len(v.nodes) == len(policies) and len(v.edges) == len(citations)
    bands = {b["label"]: b for b in v.bands}
    for n in v.nodes:
        band = bands[CFG.level_label(n["level_name"], "zh")]
        assert band["y0"] <= n["y"] <= band["y1"], n["id"]
    assert any(c["text"] == "沈阳市" for c in v.captions)
    agg = corpus_view(synthetic_graph(departments=5, policies=300), max_nodes=100)
    assert agg.aggregated and len(agg.nodes) < 100 and agg.notes


def test_corpus_map_of_the_built_corpus(built_workspace: Path) -> None:
    from kg.workspace import Workspace

    g = workspace_graph(Workspace(built_workspace))
    v = corpus_view(g)
    assert len(v.nodes) == sum(1 for _, d in g.nodes(data=True) if d.get("type") == "Policy")
    assert len(v.edges) == sum(1 for _, _, d in g.edges(data=True) if d.get("type") == "CITATION")
    assert not v.physics  # a fixed layout: still the moment it is drawn


# --- 4. anatomy -----------------------------------------------------------------------------


def test_anatomy_sections_measures_departments_targets_institutions() -> None:
    g = small_corpus()
    v = anatomy_view(g, CITY)
    ids = {n["id"] for n in v.nodes}
    assert {CITY, "measure:沈政发〔2021〕14号/一", "measure:沈政发〔2021〕14号/一/（一）", "measure:沈政发〔2021〕14号/一/（二）",
            "department:沈阳市教育局", "department:沈阳市财政局", "department:沈阳市人力资源和社会保障局",
            "target:沈政发〔2021〕14号/0", "institution:沈阳职业技术学院"} == ids
    y = {n["id"]: n["y"] for n in v.nodes}
    assert y["measure:沈政发〔2021〕14号/一"] < y["measure:沈政发〔2021〕14号/一/（一）"] < y["measure:沈政发〔2021〕14号/一/（二）"]
    roles = sorted(e["kind"] for e in v.edges if e["kind"] in ("lead", "support", "responsible"))
    assert roles == ["lead", "lead", "responsible", "support"]
    styles = {e["kind"]: json.dumps([e["color"], e["dashes"]]) for e in v.edges}
    assert len({styles["lead"], styles["support"], styles["responsible"]}) == 3
    lead = next(e for e in v.edges if e["kind"] == "lead" and e["from"] == "department:沈阳市教育局")
    assert "牵头单位:市教育局" in lead["tip"]["quotes"][0]
    target = _node(v, "target:沈政发〔2021〕14号/0")
    assert "到2022年" in target["tip"]["quotes"][0] or "重点建设1所" in target["tip"]["quotes"][0]
    assert "支持沈阳职业技术学院建设" in _node(v, "institution:沈阳职业技术学院")["tip"]["quotes"][0]
    assert {i.label for i in v.legend} >= {"章节", "任务措施", "部门", "量化目标", "机构", "牵头", "配合", "负责"}
    stub = anatomy_view(g, next(n for n, d in g.nodes(data=True) if d.get("stub")))
    assert stub.nodes == [] and stub.empty


def test_sentence_index_cuts_the_sentence_of_a_fact() -> None:
    g = small_corpus()
    idx = SentenceIndex(g)
    sp = _span(CITY_TEXT, "沈阳职业技术学院")
    assert idx.sentence(CITY, sp.start, sp.end) == "支持沈阳职业技术学院建设。"


# --- pages ----------------------------------------------------------------------------------

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", re.I)


def _probe_graph() -> nx.MultiDiGraph:
    g = small_corpus()
    g.nodes[CITY]["title"] = PROBE
    g.nodes[CITY]["issuers"] = [PROBE_EFFECT]
    nx.relabel_nodes(g, {"department:沈阳市教育局": "department:" + PROBE}, copy=False)
    g.nodes["department:" + PROBE]["name"] = PROBE
    return g


def test_pages_load_nothing_from_outside_and_escape_document_text(tmp_path: Path) -> None:
    g = _probe_graph()
    for view in (lineage_view(g, CITY), department_view(g), corpus_view(g), anatomy_view(g, CITY)):
        out = tmp_path / f"{view.name}.html"
        write_view(view, out)
        html = out.read_text(encoding="utf-8")
        assert not EXTERNAL.search(html), EXTERNAL.search(html)
        assert not re.search(r"cdnjs|jsdelivr|unpkg|bootstrap", html, re.I)
        assert "<img" not in html
        if view.name in ("lineage", "policy"):  # the title is in the heading: escaped, shown as text
            assert "&lt;img src=x onerror=alert(1)&gt;" in html
        csp = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)
        assert "script-src 'self' 'sha256-" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        payload = json.loads(re.search(r'<script type="application/json" class="kg-data">(.*?)</script>', html, re.S).group(1))
        assert PROBE in json.dumps(payload, ensure_ascii=False), view.name
    kg_js = (Path(__file__).resolve().parent.parent / "kg/views/static/kg-views.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", kg_js, flags=re.S)
    assert "innerHTML" not in code and "insertAdjacentHTML" not in code and "document.write" not in code


def test_safe_json_cannot_close_the_script_element() -> None:
    s = str(safe_json({"t": "</script><script>alert(1)</script>", "a": "'&"}))
    assert "<" not in s and ">" not in s and "&" not in s and "'" not in s
    assert json.loads(s) == {"t": "</script><script>alert(1)</script>", "a": "'&"}
    assert "沈阳" in str(safe_json("沈阳"))  # UTF-8, not \\u escapes


def test_publish_writes_a_linked_static_site(tmp_path: Path) -> None:
    g = small_corpus()
    report = publish(g, tmp_path / "site")
    site = tmp_path / "site"
    assert (site / "index.html").exists() and (site / "departments.html").exists() and (site / "corpus.html").exists()
    pages = sorted((site / "policies").glob("*.html"))
    assert len(pages) == report.policies == sum(1 for _, d in g.nodes(data=True) if d.get("type") == "Policy")
    for lib in ("vis-network.min.js", "vis-network.min.css", "kg-views.js", "kg-views.css"):
        assert (site / "lib" / lib).stat().st_size > 1000
    for page in [site / "index.html", site / "departments.html", site / "corpus.html", *pages]:
        html = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(html), page
        for href in re.findall(r'(?:href|src)="([^"]+)"', html):
            assert not urlparse(href).scheme and not href.startswith("/"), (page, href)
            assert (page.parent / unquote(href)).resolve().exists(), (page, href)
        for m in re.finditer(r'"url":"([^"]+)"', html):
            assert (page.parent / m.group(1)).exists(), (page, m.group(1))
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") == report.policies + 1 and "沈政发〔2021〕14号" in index
    city_page = (site / "policies" / f"{slug(CITY)}.html").read_text(encoding="utf-8")
    assert city_page.count('class="kg-data"') == 2  # lineage and anatomy


# --- commands -------------------------------------------------------------------------------


def test_view_and_publish_commands(built_workspace: Path, tmp_path: Path) -> None:
    from kg.cli import app

    runner = CliRunner()
    w = ["-w", str(built_workspace)]
    for args, out in ((["view", "lineage", "沈政发[2021]14号"], "l.html"), (["view", "departments", "--min-weight", "2"], "d.html"),
                      (["view", "corpus"], "c.html"), (["view", "policy", "沈政发〔2021〕14号"], "p.html")):
        r = runner.invoke(app, [*args, *w, "--out", str(tmp_path / out)])
        assert r.exit_code == 0, r.output
        html = (tmp_path / out).read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in html and not EXTERNAL.search(html)
    r = runner.invoke(app, ["view", "lineage", "沈政发〔2021〕14号", *w, "--out", str(tmp_path / "en.html"), "--lang", "en"])
    assert r.exit_code == 0 and "<h1>Lineage</h1>" in (tmp_path / "en.html").read_text(encoding="utf-8")
    r = runner.invoke(app, ["view", "departments", *w, "--out", str(tmp_path / "k.html"), "--color-by", "kind", "--role", "lead",
                            "--region", "沈阳市", "--policy", "沈政发〔2021〕14号"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["view", "policy", "没有这个政策", *w, "--out", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and not (tmp_path / "x.html").exists()
    r = runner.invoke(app, ["view", "corpus", "-w", str(tmp_path / "nothing"), "--out", str(tmp_path / "y.html")])
    assert r.exit_code == 2
    r = runner.invoke(app, ["publish", str(tmp_path / "site"), *w, "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "All policies" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_probe_document_is_data_in_every_page(tmp_path: Path) -> None:
    ws, node = probe_workspace(tmp_path)
    g = workspace_graph(ws)
    assert g.nodes[node]["title"] == PROBE and "department:" + PROBE in g
    publish(g, tmp_path / "site", lang="zh")
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img" not in html, page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in index


@pytest.mark.parametrize("module", ["kg.views.config", "kg.views.text", "kg.views.layout", "kg.views.site", "tests.synthetic"])
def test_doctests(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
