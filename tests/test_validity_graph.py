"""Validity in the graph: repeal edges (to stubs too), works with dated versions, status as
of a day, and the kg status / expiring / lineage --in-force / implementers --in-force commands
on a small made-up corpus whose answers are known."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.resolve import build_graph
from kg.graph.status import in_force_span
from kg.models import Citation, Extraction, PolicyInfo, Span, Validity
from kg.queries import StoreRows
from kg.questions import find_policy, implementers, lineage, standing
from kg.schema import EdgeKind, Status
from kg.sinks.rdf import graph_quads
from kg.workspace import Workspace
from tests.synthetic import stored_workspace

runner = CliRunner()


def _cite(number: str | None, title: str | None, relation: str = "implements") -> Citation:
    return Citation(number, title, relation, Span(10, 20))


def _doc(name: str, number: str | None, title: str, date: str, *, cites: list[Citation] = (), effective: str | None = None,
         expires: str | None = None, repeals: list[Citation] = ()) -> Extraction:  # type: ignore[assignment]
    return Extraction(name, (name * 64)[:64], PolicyInfo(doc_number=number, title=title, date=date, level="city", region="甲市"),
                      citations=list(cites), validity=Validity(effective, expires, list(repeals)))


def corpus() -> list[Extraction]:
    """甲府〔2018〕1号 (directive) implemented by 甲府办〔2019〕2号, which 甲府办〔2021〕3号
    repeals, which 甲府办〔2023〕4号 repeals; 甲府办〔2023〕4号 also repeals a document not held;
    a regulation in two versions; a plan with a period of validity."""
    return [
        _doc("a.txt", "甲府〔2018〕1号", "甲市关于推进乙工作的意见", "2018-03-01", effective="2018-03-01"),
        _doc("b.txt", "甲府办〔2019〕2号", "甲市乙工作实施方案", "2019-05-01", cites=[_cite("甲府〔2018〕1号", "甲市关于推进乙工作的意见")]),
        _doc("c.txt", "甲府办〔2021〕3号", "甲市乙工作实施办法", "2021-02-01", effective="2021-03-01",
             cites=[_cite("甲府〔2018〕1号", "甲市关于推进乙工作的意见")], repeals=[_cite("甲府办〔2019〕2号", "甲市乙工作实施方案", "cites")]),
        _doc("d.txt", "甲府办〔2023〕4号", "甲市乙工作管理办法", "2023-01-10", effective="2023-02-01", expires="2028-01-31",
             cites=[_cite("甲府〔2018〕1号", "甲市关于推进乙工作的意见")],
             repeals=[_cite("甲府办〔2021〕3号", "甲市乙工作实施办法", "cites"), _cite("甲办〔2010〕9号", "甲市丙规定", "cites")]),
        _doc("e1.txt", None, "甲市丁条例", "2010-06-01", effective="2010-10-01"),
        _doc("e2.txt", None, "甲市丁条例", "2020-06-01", effective="2020-10-01"),
        _doc("f.txt", "甲府办〔2024〕5号", "甲市戊工作方案", "2024-01-01", effective="2024-01-01", expires="2025-12-31",
             cites=[_cite(None, "甲市丁条例"), _cite("甲府〔2018〕1号", "甲市关于推进乙工作的意见")]),
    ]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stored_workspace(tmp_path_factory.mktemp("validity"), corpus())


def kg(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_repeal_edges_reach_documents_and_stubs() -> None:
    g = build_graph(corpus())
    repeals = {(u, v) for u, v, d in g.edges(data=True) if d.get("type") == EdgeKind.REPEALS}
    assert ("policy:甲府办〔2021〕3号", "policy:甲府办〔2019〕2号") in repeals
    assert ("policy:甲府办〔2023〕4号", "policy:甲办〔2010〕9号") in repeals
    assert g.nodes["policy:甲办〔2010〕9号"]["stub"] is True


def test_versions_of_a_work_and_citations_to_the_work() -> None:
    g = build_graph(corpus())
    works = [n for n, d in g.nodes(data=True) if d.get("type") == "Work"]
    assert len(works) == 1
    versions = sorted((d["rank"], v) for _, v, d in g.out_edges(works[0], data=True) if d.get("type") == EdgeKind.HAS_VERSION)
    old, new = versions[0][1], versions[1][1]
    assert g.nodes[old]["amended_by"] == new and g.nodes[new].get("amended_by") is None
    assert g.nodes[works[0]]["latest"] == new
    cited = "policy:甲府办〔2024〕5号"
    assert g.has_edge(cited, works[0]) and not g.has_edge(cited, new) and not g.has_edge(cited, old)


def test_rdf_uses_eli_terms() -> None:
    text = "\n".join(str(q) for q in graph_quads(build_graph(corpus())))
    for term in ("date_applicability", "date_no_longer_in_force", "eli/ontology#repeals", "amended_by", "is_realized_by"):
        assert term in text


def test_standing_rules() -> None:
    assert standing("2024-06-01", "2024-01-01", "2025-12-31").status is Status.IN_FORCE
    assert standing("2026-01-01", "2024-01-01", "2025-12-31").status is Status.EXPIRED
    assert standing("2023-12-31", "2024-01-01").status is Status.NOT_YET
    s = standing("2022-01-01", repealers=[("p:c", "2021-03-01")])
    assert (s.status, s.since, s.by) == (Status.REPEALED, "2021-03-01", "p:c")


_DAYS = st.dates(dt.date(2018, 1, 1), dt.date(2026, 12, 31)).map(dt.date.isoformat)


@settings(max_examples=300, deadline=None)
@given(day=_DAYS, effective=st.none() | _DAYS, expires=st.none() | _DAYS,
       repealers=st.lists(st.tuples(st.sampled_from(["p:b", "p:c"]), st.none() | _DAYS), max_size=2),
       newer=st.none() | st.tuples(st.just("p:v2"), st.none() | _DAYS))
def test_the_span_in_force_is_the_standing_rule(day: str, effective: str | None, expires: str | None,
                                                repealers: list[tuple[str, str | None]], newer: tuple[str, str | None] | None) -> None:
    """What the build keeps per directive (the days each implementer is in force) says in
    force on exactly the days the standing rule does."""
    span = in_force_span(effective, expires, repealers, newer)
    inside = span is not None and span[0] <= day and (span[1] is None or day < span[1])
    assert inside == standing(day, effective, expires, repealers, newer).in_force


def test_status_command_chain_and_labels(ws: Path) -> None:
    code, out = kg("status", "甲府办〔2019〕2号", "-w", str(ws), "--as-of", "2024-01-01", "--json")
    assert code == 0, out
    d = json.loads(out)
    assert (d["status"], d["label"], d["since"]) == ("repealed", "已废止", "2021-03-01")
    assert [p["number"] for p in d["chain"]] == ["甲府办〔2019〕2号", "甲府办〔2021〕3号", "甲府办〔2023〕4号"]
    code, out = kg("status", "甲府办〔2019〕2号", "-w", str(ws), "--as-of", "2020-01-01", "--json", "--lang", "en")
    assert json.loads(out)["label"] == "in force"
    code, out = kg("status", "甲府办〔2023〕4号", "-w", str(ws), "--as-of", "2024-01-01")
    assert code == 0 and "现行有效" in out and "甲办〔2010〕9号" in out
    code, out = kg("status", "甲府办〔2024〕5号", "-w", str(ws), "--as-of", "2026-01-01", "--json")
    assert json.loads(out)["status"] == "expired"


def test_amended_version(ws: Path) -> None:
    src = StoreRows(Workspace(ws).open_store())
    rows = src.rows("status", {})
    olds = [r for r in rows if r.get("newer")]
    assert len(olds) == 1 and olds[0]["newerDate"] == "2020-06-01"


def test_expiring(ws: Path) -> None:
    code, out = kg("expiring", "--before", "2026-01-01", "-w", str(ws), "--json")
    assert code == 0 and [e["number"] for e in json.loads(out)["policies"]] == ["甲府办〔2024〕5号"]
    code, out = kg("expiring", "--before", "2030-01-01", "-w", str(ws), "--json")
    found = json.loads(out)
    assert [e["number"] for e in found["policies"]] == ["甲府办〔2024〕5号", "甲府办〔2023〕4号"] and found["total"] == 2
    code, out = kg("expiring", "--before", "2030-01-01", "-w", str(ws), "--json", "--limit", "1", "--offset", "1")
    found = json.loads(out)
    assert [e["number"] for e in found["policies"]] == ["甲府办〔2023〕4号"] and (found["total"], found["limit"]) == (2, 1)
    code, out = kg("expiring", "--before", "2030-01-01", "-w", str(ws), "--limit", "1", "--lang", "en")
    assert code == 0 and "rows 1–1 of 2" in out and "--offset 1" in out


def test_implementers_and_lineage_in_force(ws: Path) -> None:
    src = StoreRows(Workspace(ws).open_store())
    directive = find_policy(src, "甲府〔2018〕1号")
    found = {i.policy.number: i.standing.status.value for i in implementers(src, directive, "2024-01-01")}
    assert found["甲府办〔2019〕2号"] == "repealed" and found["甲府办〔2023〕4号"] == "in_force"
    kept = {i.policy.number for i in implementers(src, directive, "2024-01-01", in_force=True)}
    assert "甲府办〔2019〕2号" not in kept and "甲府办〔2021〕3号" not in kept and "甲府办〔2023〕4号" in kept
    code, out = kg("implementers", "甲府〔2018〕1号", "-w", str(ws), "--as-of", "2024-01-01")
    assert code == 0 and "已废止" in out
    code, out = kg("implementers", "甲府〔2018〕1号", "-w", str(ws), "--as-of", "2024-01-01", "--in-force", "--json")
    assert "甲府办〔2019〕2号" not in out
    plan = find_policy(src, "甲府办〔2019〕2号")
    assert lineage(src, plan, "2024-01-01").children[0].standing.in_force
    assert lineage(src, plan, "2017-01-01", in_force=True).children == []


def test_published_site_shows_status_and_chain(tmp_path: Path) -> None:
    from kg.views.site import publish

    publish(build_graph(corpus()), tmp_path / "site", as_of="2024-01-01")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "kg-status-repealed" in index and "现行有效" in index and "已被修改" in index
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site" / "policies").glob("*.html")]
    assert any("替代链: 甲府办〔2019〕2号 → 甲府办〔2021〕3号 → 甲府办〔2023〕4号" in p for p in pages)


def test_streamed_build_knows_versions_of_a_law(tmp_path: Path) -> None:
    from kg.pipeline import run_build
    from kg.questions import current_version, status

    docs = tmp_path / "docs"
    docs.mkdir()
    body = "第一条 为了规范甲市乙事务，制定本条例。\n第二条 本条例适用于本市行政区域。\n第三条 本条例自{}起施行。\n"
    (docs / "v1.txt").write_text("甲市乙事务条例\n2010年6月1日甲市第十届人民代表大会常务委员会第五次会议通过\n\n" + body.format("2010年10月1日"), encoding="utf-8")
    (docs / "v2.txt").write_text("甲市乙事务条例\n2010年6月1日甲市第十届人民代表大会常务委员会第五次会议通过\n"
                                 "2020年6月1日甲市第十五届人民代表大会常务委员会第九次会议修订\n\n" + body.format("2020年10月1日"), encoding="utf-8")
    (docs / "c.txt").write_text("甲市某区人民政府关于印发甲市某区乙事务实施方案的通知\n甲区府〔2021〕5号\n\n各街道办事处，区政府各部门：\n"
                                "    为贯彻落实《甲市乙事务条例》，结合本区实际，制定本方案。现印发给你们，请认真贯彻执行。\n\n"
                                "一、加强乙事务管理。区民政局负责。\n二、完善乙事务服务。\n\n甲市某区人民政府\n2021年3月1日\n", encoding="utf-8")
    ws = tmp_path / "ws"
    report = run_build([str(docs)], Workspace(ws), jobs=1)
    assert not report.failed and report.documents == 3
    src = StoreRows(Workspace(ws).open_store())
    newest = current_version(src, "甲市乙事务条例")
    rep = status(src, newest, "2024-01-01")
    assert (rep.effective, rep.standing.status) == ("2020-10-01", Status.IN_FORCE)
    older = [r for r in src.rows("status", {}) if r.get("newer")]
    assert len(older) == 1 and older[0]["effective"] == "2010-10-01" and older[0]["newer"] == newest.iri
    # the plan cites the regulation by title: it implements the work, so both versions reach it
    from kg.questions import PolicyRef, implementers

    for version in (newest, PolicyRef(older[0]["node"], None, None)):
        assert [i.policy.number for i in implementers(src, version, "2024-01-01")] == ["甲区府〔2021〕5号"]
