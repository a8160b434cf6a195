"""Analysts' corrections: written as lines, applied again by every build, the same in the
in-memory and the streaming resolution, reported when their fact is gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import corrections as cx
from kg.cli import app
from kg.graph.resolve import build_graph
from kg.models import Citation, Extraction, PolicyInfo, Responsibility, Span
from kg.pipeline import BuildReport, resolve_and_store, run_build, workspace_graph
from kg.sinks.rdf import graph_quads
from kg.workspace import Workspace

CITY = """无锡市人民政府文件
锡政发〔2020〕86号
无锡市人民政府关于印发无锡市职业教育提质培优实施方案的通知
为贯彻落实《国家职业教育改革实施方案》（国发〔2019〕4号）和《江苏省职业教育条例》，现将《无锡市职业教育提质培优实施方案》印发给你们，请认真组织实施。
一、主要任务
（一）加强师资队伍建设。建设一批双师型教师培养基地。（牵头单位：无锡市教育局；配合单位：无锡市财政局）
（二）深化产教融合。推动企业参与办学。（责任单位：无锡市发展和改革委员会、无锡市人力资源和社会保障局）
无锡市人民政府
2020年10月22日
"""
COUNTY = """江阴市人民政府文件
澄政发〔2021〕3号
江阴市人民政府关于印发江阴市职业教育实施方案的通知
为贯彻落实《无锡市人民政府关于印发无锡市职业教育提质培优实施方案的通知》（锡政发〔2020〕86号），结合我市实际，制定本方案。
一、重点任务
（一）培育技能人才。（牵头单位：江阴市教育局；配合单位：江阴市财政局）
江阴市人民政府
2021年1月5日
"""


def docs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "city.txt").write_text(CITY, encoding="utf-8")
    (folder / "county.txt").write_text(COUNTY, encoding="utf-8")
    return folder


def line(op: str, doc: str, target: str, value: str) -> cx.Correction:
    return cx.make(op, doc, target, value, "王分析", "原文如此", when="2026-01-01T00:00:00Z")


def extraction() -> Extraction:
    return Extraction(
        "city.txt", "c" * 64, PolicyInfo(doc_number="锡政发〔2020〕86号", title="甲方案", level="city"),
        [Citation("国发〔2019〕4号", "国家职业教育改革实施方案", "implements", Span(10, 20))],
        responsibilities=[Responsibility("一", "无锡市教育局", "lead", Span(30, 40), measure_key="一/（一）"),
                          Responsibility("一", "无锡市财政局", "support", Span(41, 50), aliases=["市财政"], measure_key="一/（一）")],
    )


def test_a_line_reads_back_and_bad_lines_say_why() -> None:
    c = line("set-policy", "锡政发〔2020〕86号", "发文字号", "锡政发〔2020〕87号")
    assert c.target == "doc_number"
    assert cx.parse(cx.HEADER + "\n" + cx.format_line(c) + "\n") == [c]
    with pytest.raises(cx.CorrectionError, match="line 2"):
        cx.parse(cx.HEADER + "\n" + cx.format_line(c).replace("set-policy", "rewrite") + "\n")
    with pytest.raises(cx.CorrectionError, match="who made it and why"):
        cx.make("set-policy", "a.txt", "title", "乙", "", "")
    with pytest.raises(cx.CorrectionError, match="date"):
        cx.make("set-policy", "a.txt", "date", "2020年", "王", "x")


def test_apply_is_pure_and_marks_what_it_made() -> None:
    e = extraction()
    book = cx.Book([line("set-policy", "city.txt", "title", "乙方案"),
                    line("set-responsibility", "锡政发〔2020〕86号", "一|无锡市教育局|lead", "||support"),
                    line("retarget-citation", "锡政发〔2020〕86号", "国发〔2019〕4号", "国发〔2019〕5号")])
    out = book.apply(e)
    assert (e.policy.title, out.policy.title) == ("甲方案", "乙方案")
    assert e.responsibilities[0].role == "lead" and out.responsibilities[0].role == "support"
    assert out.citations[0].doc_number == "国发〔2019〕5号" and out.citations[0].title is None
    assert all(o.applied for o in out.outcomes)
    g = build_graph([e], corrections=book)
    policy = g.nodes["policy:锡政发〔2020〕86号"]
    assert policy["title"] == "乙方案" and policy["corrections"][0]["who"] == "王分析"
    cited = [d for _u, v, d in g.edges(data=True) if d["type"] == "CITATION"]
    assert [d.get("corrections") and d["corrections"][0]["why"] for d in cited] == ["原文如此"]
    assert "policy:国发〔2019〕5号" in g and "policy:国发〔2019〕4号" not in g
    roles = {(u, d["role"]): d.get("corrections") for u, _v, d in g.edges(data=True) if d.get("role")}
    assert roles[("department:无锡市教育局", "support")] and roles[("department:无锡市财政局", "support")] is None


def test_merge_split_remove_add() -> None:
    e = extraction()
    book = cx.Book([line("merge-departments", "*", "无锡市财政局", "无锡市财政局（市国资委）"),
                    line("split-alias", "*", "无锡市财政局（市国资委）", "市财政"),
                    line("remove-responsibility", "city.txt", "一|无锡市教育局|", ""),
                    line("remove-citation", "city.txt", "国家职业教育改革实施方案", ""),
                    line("add-citation", "city.txt", "", "cites|苏政发〔2018〕68号|")])
    g = build_graph([e], corrections=book)
    dept = g.nodes["department:无锡市财政局（市国资委）"]
    assert dept["aliases"] == ["无锡市财政局"] and [m["op"] for m in dept["corrections"]] == ["merge-departments", "split-alias"]
    assert "department:无锡市教育局" not in g and "department:无锡市财政局" not in g
    cited = [(v, d.get("corrections") is not None) for _u, v, d in g.edges(data=True) if d["type"] == "CITATION"]
    assert cited == [("policy:苏政发〔2018〕68号", True)]


def test_a_correction_whose_fact_is_gone_is_reported_with_its_reason() -> None:
    book = cx.Book([line("remove-responsibility", "city.txt", "九|无锡市审计局|", ""),
                    line("set-policy", "沪府发〔2020〕1号", "title", "丙"),
                    line("merge-departments", "*", "无锡市统计局", "无锡市财政局")])
    statuses = book.check([extraction()])
    assert [s.applies for s in statuses] == [False, False, False]
    assert "no responsibility 九|无锡市审计局|" in statuses[0].reason
    assert statuses[1].reason == "no document 沪府发〔2020〕1号 in the workspace"
    assert statuses[2].reason == "no document names 无锡市统计局"


def test_streaming_and_in_memory_builds_agree_and_report(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    run_build([str(docs(tmp_path / "docs"))], ws, jobs=1)
    for c in (line("set-policy", "澄政发〔2021〕3号", "level", "county"),
              line("merge-departments", "*", "无锡市江阴市财政局", "江阴市财政局"),
              line("retarget-citation", "city.txt", "江苏省职业教育条例", "江苏省职业教育条例（2019年修订）"),
              line("remove-citation", "county.txt", "国发〔2099〕9号", "")):
        cx.append(ws.root, c)
    report = BuildReport()
    resolve_and_store(ws, report, jobs=2)
    assert [s.applies for s in report.corrections] == [True, True, True, False]
    store = ws.open_store()
    assert set(store) == set(graph_quads(workspace_graph(ws)))
    rows = list(store.query("PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX pkg: <https://w3id.org/policy-kg/ontology#> "
                            "SELECT ?s ?why WHERE { ?s prov:wasAttributedTo ?who ; pkg:correctedBy ?c . "
                            "?c pkg:reason ?why ; prov:wasAssociatedWith ?who . ?who a prov:Agent }"))
    assert len(rows) >= 3 and {r["why"].value for r in rows} == {"原文如此"}


def test_commands_write_lines_and_list_them(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run_build([str(docs(tmp_path / "docs"))], Workspace(ws), jobs=1)
    runner = CliRunner(env={"KG_ANALYST": "李审核"})
    res = runner.invoke(app, ["correct", "responsibility", "city.txt", "--measure", "一", "--department", "无锡市教育局",
                              "--to-role", "support", "--why", "原文为配合", "-w", str(ws)])
    assert res.exit_code == 0, res.output
    assert "✓" in res.output
    res = runner.invoke(app, ["correct", "citation", "city.txt", "国发〔2099〕9号", "--remove", "--why", "x", "-w", str(ws)])
    assert res.exit_code == 1 and "no citation of 国发〔2099〕9号" in res.output
    res = runner.invoke(app, ["correct", "policy", "city.txt", "date", "--why", "x", "-w", str(ws), "--", "2020-13"])
    assert res.exit_code == 2
    text = (ws / "corrections.tsv").read_text(encoding="utf-8").splitlines()
    assert text[0] == cx.HEADER and len(text) == 3 and "李审核" in text[1]
    res = runner.invoke(app, ["corrections", "-w", str(ws), "--json"])
    assert res.exit_code == 0
    assert '"applies": false' in res.output and '"applies": true' in res.output


def test_neo4j_rows_and_rdf_terms_of_a_corrected_fact() -> None:
    import rdflib

    from kg.sinks.neo4j import plan_graph
    from kg.sinks.rdf import ONTOLOGY_FILE
    from tests.test_ontology import _declared

    book = cx.Book([line("set-policy", "city.txt", "title", "乙方案"),
                    line("set-responsibility", "city.txt", "一|无锡市教育局|lead", "||support")])
    g = build_graph([extraction()], corrections=book)
    plan = plan_graph(g)
    assert plan.nodes["policy:锡政发〔2020〕86号"].props["corrected_by"] == ["王分析"]
    rel = plan.rels[("department:无锡市教育局", "SUPPORTS", "measure:锡政发〔2020〕86号/一")]
    assert rel.props["correction_reasons"] == ["原文如此"]
    data = rdflib.Graph()
    for q in graph_quads(g):
        data.add(tuple(rdflib.URIRef(t.value) if type(t).__name__ == "NamedNode" else rdflib.Literal(t.value) for t in (q.subject, q.predicate, q.object)))
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE)
    declared = _declared(ontology)
    assert set(data.predicates()) - declared - {rdflib.RDF.type} == set()
    assert set(data.objects(None, rdflib.RDF.type)) - declared == set()


def test_views_mark_corrected_facts_and_escape_the_reason(tmp_path: Path) -> None:
    import json
    import re

    from kg.views import anatomy_view, write_view

    why = '</script><img src=x onerror=alert(1)>'
    book = cx.Book([cx.make("set-policy", "city.txt", "title", "乙方案", "王分析", why, when="2026-01-01T00:00:00Z"),
                    cx.make("set-responsibility", "city.txt", "一|无锡市教育局|lead", "||support", "王分析", "原文为配合")])
    g = build_graph([extraction()], corrections=book)
    v = anatomy_view(g, "policy:锡政发〔2020〕86号")
    policy = next(n for n in v.nodes if n["id"] == "policy:锡政发〔2020〕86号")
    assert policy["label"].startswith("✎") and any(r[0].startswith("✎") and why in r[1] for r in policy["tip"]["rows"])
    support = next(e for e in v.edges if e["kind"] == "support")
    assert any("原文为配合" in r[1] for r in support["tip"]["rows"])
    out = tmp_path / "policy.html"
    write_view(v, out)
    html = out.read_text(encoding="utf-8")
    assert "<img" not in html
    payload = re.search(r'<script type="application/json" class="kg-data">(.*?)</script>', html, re.S).group(1)
    assert why in json.dumps(json.loads(payload), ensure_ascii=False)


def test_eval_scores_the_extraction_before_corrections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from kg.evaluate import evaluate_set
    from kg.pipeline import extract_file

    folder = docs(tmp_path / "docs")
    gold = tmp_path / "gold"
    gold.mkdir()
    data = extract_file(str(folder / "city.txt")).to_gold(provenance=False)  # type: ignore[union-attr]
    (gold / "city.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = evaluate_set(gold, folder, lambda _: None)
    # a workspace with corrections, where kg would look for one
    ws = tmp_path / "kg-workspace"
    run_build([str(folder)], Workspace(ws), jobs=1)
    cx.append(ws, line("set-policy", "city.txt", "title", "另一个标题"))
    cx.append(ws, line("remove-responsibility", "city.txt", "一||", ""))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_WORKSPACE", str(ws))
    calls: list[str] = []
    monkeypatch.setattr(cx.Book, "apply", lambda self, e: calls.append(e.source) or e)
    after = evaluate_set(gold, folder, lambda _: None)
    assert calls == [] and repr(after) == repr(before)
    res = CliRunner().invoke(app, ["eval", str(gold), str(folder), "--json"])
    assert res.exit_code == 0 and calls == []


def test_a_correction_survives_100_rebuilds_and_a_new_extractor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import kg.workspace as kw

    folder = docs(tmp_path / "docs")
    ws = Workspace(tmp_path / "ws")
    run_build([str(folder)], ws, jobs=1)
    for c in (line("set-policy", "澄政发〔2021〕3号", "title", "江阴市职业教育实施方案"),
              line("set-responsibility", "city.txt", "一|无锡市教育局|lead", "||support"),
              line("merge-departments", "*", "无锡市江阴市财政局", "江阴市财政局"),
              line("add-citation", "county.txt", "", "implements|国发〔2019〕4号|")):
        cx.append(ws.root, c)
    ask = ("PREFIX pkg: <https://w3id.org/policy-kg/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
           "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?fact pkg:correctedBy ?c }")

    def check(report: BuildReport) -> None:
        assert [s.applies for s in report.corrections] == [True] * 4
        assert int(next(iter(ws.open_store().query(ask)))["n"].value) == 4
        g = workspace_graph(ws)
        assert g.nodes["policy:澄政发〔2021〕3号"]["title"] == "江阴市职业教育实施方案"
        assert "department:无锡市江阴市财政局" not in g
        assert g.has_edge("policy:澄政发〔2021〕3号", "policy:国发〔2019〕4号")

    clock = time.perf_counter()
    for i in range(100):
        report = run_build([str(folder)], ws, jobs=1)
        assert (report.read, report.reused) == (0, 2)  # unchanged documents are not read again
        if i % 25 == 0:
            check(report)
    check(report)
    assert time.perf_counter() - clock < 300  # about half a second a rebuild, the store swap most of it
    # a new extractor: the documents are read again, the corrections apply to what it reads
    monkeypatch.setattr(kw, "extractor_fingerprint", lambda: "0" * 16)
    report = run_build([str(folder)], ws, jobs=1)
    assert report.read == 2 and (ws.root / "extractions" / ("0" * 16)).is_dir()
    check(report)


def test_an_alias_split_off_in_one_document_becomes_its_own_department() -> None:
    e = extraction()
    book = cx.Book([line("split-alias", "city.txt", "无锡市财政局", "市财政")])
    g = build_graph([e], corrections=book)
    assert "department:市财政" in g and "department:无锡市财政局" not in g
    assert [(u, d["corrections"][0]["op"]) for u, _v, d in g.edges(data=True) if d.get("role") == "support"] == [("department:市财政", "split-alias")]


def test_kg_build_says_which_corrections_no_longer_apply(tmp_path: Path) -> None:
    folder = docs(tmp_path / "docs")
    ws = tmp_path / "ws"
    run_build([str(folder)], Workspace(ws), jobs=1)
    gone = line("retarget-citation", "county.txt", "国发〔2099〕9号", "国发〔2019〕4号")
    cx.append(ws, gone)
    res = CliRunner().invoke(app, ["build", str(folder), "-w", str(ws), "-j", "1"])
    assert res.exit_code == 0
    assert f"correction {gone.id}" in res.output and "no longer applies: no citation of 国发〔2099〕9号 in county.txt" in res.output


def test_the_department_network_marks_a_corrected_department() -> None:
    from kg.views import department_view

    book = cx.Book([cx.make("merge-departments", "*", "无锡市财政局", "无锡市财政局（市国资委）", "王分析", "同一机构<b>")])
    g = build_graph([extraction()], corrections=book)
    nodes = {n["id"]: n for n in department_view(g).nodes}
    corrected = nodes["department:无锡市财政局（市国资委）"]
    assert corrected["label"].startswith("✎") and any("同一机构<b>" in str(r[1]) for r in corrected["tip"]["rows"])
    assert not nodes["department:无锡市教育局"]["label"].startswith("✎")
