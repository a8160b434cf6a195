"""kg adoption and measure_uptake on a small made-up law and two provincial 实施办法."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
LAW = """中华人民共和国档案管理法

第一条 为了加强档案管理，发挥档案作用，制定本法。
第二条 县级以上人民政府应当将档案事业纳入国民经济和社会发展规划，保障档案馆建设经费。
第三条 档案馆应当定期向社会开放档案，开放期限一般为三十年。
第四条 禁止买卖国家所有的档案。
第五条 档案馆应当配备防火、防盗、防潮、防虫等设施，定期检查档案保管状况，并
确保档案安全。
第六条 本法自2021年1月1日起施行。
"""
LOCAL_A = """甲省实施《中华人民共和国档案管理法》办法

第一条 为了贯彻实施《中华人民共和国档案管理法》，结合本省实际，制定本办法。
第二条 综合档案馆开放档案的期限一般为三十年，经济、科学类档案可以少于三十年向社会开放。
第三条 任何单位和个人不得买卖国家所有的档案，不得擅自携带出境。
第四条 乡镇人民政府应当明确档案工作人员，做好本乡镇文书材料归档工作。
第五条 本办法自2022年5月1日起施行。
"""
LOCAL_B = """乙省实施《中华人民共和国档案管理法》办法

第一条 为了贯彻实施《中华人民共和国档案管理法》，结合本省实际，制定本办法。
第二条 各级档案馆应当配备防火、防盗、防潮、防虫设施，定期检查档案保管状况。
第三条 村民委员会应当建立村级档案室，收集保管村务档案。
第四条 本办法自2023年3月1日起施行。
"""


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    for name, text in (("law.txt", LAW), ("a.txt", LOCAL_A), ("b.txt", LOCAL_B)):
        (docs / name).write_text(text, encoding="utf-8")
    ws = tmp_path_factory.mktemp("ws") / "kg-workspace"
    result = runner.invoke(app, ["build", str(docs), "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    return ws


def test_adoption_json_names_measures_as_written(ws: Path) -> None:
    result = runner.invoke(app, ["adoption", "甲省实施《中华人民共和国档案管理法》办法", "--workspace", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    pairs = {(p["local_measure"], p["parent_measure"]) for p in data["pairs"]}
    assert {("二", "三"), ("三", "四")} <= pairs
    assert not any(local in ("一", "五") for local, _ in pairs)  # purpose and effective date
    for p in data["pairs"]:
        assert p["local_text"] and p["parent_text"] and 0 < p["score"] <= 1
    missing = {m["parent_measure"] for m in data["not_taken_up"]}
    assert "五" in missing and "三" not in missing and "六" not in missing


def test_a_passage_runs_on_across_a_line_break_of_the_layout(ws: Path) -> None:
    """The law's 第五条 is wrapped as a copy from PDF wraps it, mid-sentence: the passage the
    store gives back is the whole sentence, its end written with it (kg.align.core.runs_on)."""
    result = runner.invoke(app, ["adoption", "乙省实施《中华人民共和国档案管理法》办法", "--workspace", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    pairs = {(p["local_measure"], p["parent_measure"]): p for p in json.loads(result.stdout)["pairs"]}
    assert pairs[("二", "五")]["parent_text"] == "档案馆应当配备防火、防盗、防潮、防虫等设施，定期检查档案保管状况，并\n确保档案安全。"


def test_adoption_table_and_parent_option(ws: Path) -> None:
    result = runner.invoke(app, ["adoption", "乙省实施《中华人民共和国档案管理法》办法", "--parent", "中华人民共和国档案管理法",
                                 "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    assert "中华人民共和国档案管理法" in result.output and "上级措施" in result.output  # Chinese headings by default


def test_adoption_pages_its_pairs(ws: Path) -> None:
    every = json.loads(runner.invoke(app, ["adoption", "甲省实施《中华人民共和国档案管理法》办法", "--workspace", str(ws), "--json"]).stdout)
    assert every["total"] == len(every["pairs"]) >= 2 and every["limit"] is None
    result = runner.invoke(app, ["adoption", "甲省实施《中华人民共和国档案管理法》办法", "--workspace", str(ws), "--json", "--limit", "1", "--offset", "1"])
    page = json.loads(result.stdout)
    assert page["pairs"] == every["pairs"][1:2] and page["total"] == every["total"] and page["not_taken_up"] == every["not_taken_up"]
    result = runner.invoke(app, ["adoption", "甲省实施《中华人民共和国档案管理法》办法", "--workspace", str(ws), "--limit", "1", "--lang", "en"])
    assert result.exit_code == 0 and f"rows 1–1 of {every['total']}" in result.output and "parent measure" in result.output


def test_measure_uptake_counts_implementers_per_measure(ws: Path) -> None:
    from kg.questions import find_policy, measure_uptake
    from kg.queries import StoreRows
    from kg.workspace import Workspace

    source = StoreRows(Workspace(ws).open_store())
    up = measure_uptake(source, find_policy(source, "中华人民共和国档案管理法"))
    by = {m.measure.label: {p.title for p in m.implementers} for m in up.measures}
    assert len(up.implementers) == 2
    assert by["三"] == {"甲省实施《中华人民共和国档案管理法》办法"}
    assert by["五"] == {"乙省实施《中华人民共和国档案管理法》办法"}
    assert "二" in {m.label for m in up.not_taken_up}
    assert ("乙省实施《中华人民共和国档案管理法》办法", "三") in {(p.title, m.label) for p, m in up.local_additions}
    assert set(up.to_dict()) >= {"measures", "not_taken_up", "local_additions"}


def test_graphs_read_the_take_ups_the_build_kept(ws: Path, monkeypatch) -> None:
    """A build keeps the pairs of each implements edge; the workspace's graph (views, publish,
    Neo4j) reads them back instead of aligning again, and finds the same take-ups."""
    import kg.align.graph as ag
    from kg.pipeline import kept_pairs, workspace_graph
    from kg.schema import EdgeKind
    from kg.workspace import Workspace

    def take_ups(g):  # type: ignore[no-untyped-def]
        return sorted((u, v, d["score"]) for u, v, d in g.edges(data=True) if d.get("type") == EdgeKind.TAKES_UP)

    assert list(kept_pairs(ws).folder.glob("*.json"))
    from kg.graph.resolve import build_graph

    fresh = take_ups(build_graph(Workspace(ws).iter_extractions()))  # aligned now, nothing read back
    monkeypatch.setattr(ag, "align_rows", lambda *a, **k: (_ for _ in ()).throw(AssertionError("aligned again")))
    assert take_ups(workspace_graph(Workspace(ws))) == fresh and fresh
