"""A law held in several versions is one work: citations resolve to the work, so lineage,
implementers and uptake reach every version and the implementers of every version; each
version keeps its dates and an older one is 已被修改 once a newer exists. And what
``--in-force`` leaves out: every policy not in force on the day, while one in force below a
repealed intermediate is still listed, reached through the intermediate, which is marked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.resolve import build_graph
from kg.models import Citation, Extraction, PolicyInfo, Span, Validity
from kg.queries import StoreRows
from kg.questions import Iri, Page, PolicyRef, current_version, find_policy, implementers, implementers_page, lineage, uptake
from kg.schema import EdgeKind, Status
from kg.workspace import Workspace
from tests.synthetic import stored_workspace

DAY = "2024-06-01"
LAW = "中华人民共和国丁事务法"


def _cite(number: str | None, title: str | None, relation: str = "implements") -> Citation:
    return Citation(number, title, relation, Span(10, 20), sentence=f"根据《{title}》，结合本地实际，制定本办法。")


def _doc(name: str, number: str | None, title: str, date: str, level: str, region: str | None, *, cites: list[Citation] = (),  # type: ignore[assignment]
         effective: str | None = None, repeals: list[Citation] = (), first: str | None = None) -> Extraction:  # type: ignore[assignment]
    return Extraction(name, (name * 64)[:64], PolicyInfo(doc_number=number, title=title, date=date, level=level, region=region,
                                                         first_date=first),
                      citations=list(cites), validity=Validity(effective, None, list(repeals)))


def corpus() -> list[Extraction]:
    """中华人民共和国丁事务法 adopted 2010, revised 2020 (the revision cites its own title); 乙市
    implements it by its full title (2012), 丙市 by its short one (《丁事务法》, 2022); 乙市's measures were replaced in 2021 by
    a new text that repeals them; 乙市某区 implements the 2012 measures and is still in force."""
    return [
        _doc("v1.txt", None, LAW, "2010-06-01", "national", None, effective="2010-10-01"),
        _doc("v2.txt", None, LAW, "2020-06-01", "national", None, effective="2020-10-01", first="2010-06-01", cites=[_cite(None, LAW, "cites")]),
        _doc("a.txt", "乙府〔2012〕3号", "乙市实施《中华人民共和国丁事务法》办法", "2012-03-01", "city", "乙市", effective="2012-03-01",
             cites=[_cite(None, LAW)]),
        _doc("a2.txt", "乙府〔2021〕7号", "乙市丁事务管理办法", "2021-01-10", "city", "乙市", effective="2021-02-01",
             cites=[_cite(None, LAW)], repeals=[_cite("乙府〔2012〕3号", "乙市实施《中华人民共和国丁事务法》办法", "cites")]),
        _doc("b.txt", "丙府〔2022〕1号", "丙市丁事务实施细则", "2022-05-01", "city", "丙市", effective="2022-05-01",
             cites=[_cite(None, "丁事务法")]),
        _doc("d.txt", "乙某区〔2013〕2号", "乙市某区丁事务工作方案", "2013-04-01", "county", "乙市某区", effective="2013-04-01",
             cites=[_cite("乙府〔2012〕3号", "乙市实施《中华人民共和国丁事务法》办法")]),
    ]


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> StoreRows:
    return StoreRows(Workspace(stored_workspace(tmp_path_factory.mktemp("versions"), corpus())).open_store())


def _versions(src: StoreRows) -> tuple[PolicyRef, PolicyRef]:
    """The older and the newest version of the law."""
    newest = current_version(src, LAW)
    older = next(r["node"] for r in src.rows("status", {}) if r.get("newer") == newest.iri)
    return PolicyRef(older, None, LAW), newest


def test_citations_resolve_to_the_work_and_a_revision_does_not_cite_itself() -> None:
    g = build_graph(corpus())
    (work,) = [n for n, d in g.nodes(data=True) if d.get("type") == "Work"]
    cites = {u for u, v, d in g.edges(data=True) if v == work and d.get("type") == EdgeKind.CITATION}
    assert cites == {"policy:乙府〔2012〕3号", "policy:乙府〔2021〕7号", "policy:丙府〔2022〕1号"}  # 《丁事务法》 too
    versions = {v for _, v, d in g.out_edges(work, data=True) if d.get("type") == EdgeKind.HAS_VERSION}
    assert not any(g.has_edge(v, work) for v in versions)
    assert all(d.get("type") != "Policy" or not d.get("stub") for n, d in g.nodes(data=True) if "丁事务法" in str(d.get("title")))


def test_implementers_of_every_version_reach_the_implementers_of_the_work(src: StoreRows) -> None:
    for version in _versions(src):
        found = {i.policy.number: i for i in implementers(src, version, DAY)}
        assert set(found) == {"乙府〔2012〕3号", "乙府〔2021〕7号", "丙府〔2022〕1号", "乙某区〔2013〕2号"}
        assert found["丙府〔2022〕1号"].direct and not found["乙某区〔2013〕2号"].direct
        assert found["乙府〔2012〕3号"].standing.status is Status.REPEALED
        assert int(src.rows("implementers_count", {"policy": Iri(version.iri)})[0]["total"]) == 4


def test_lineage_reaches_each_version_with_its_dates_the_older_amended(src: StoreRows) -> None:
    tree = lineage(src, find_policy(src, "丙府〔2022〕1号"), DAY)
    marks = sorted((c.policy.title, c.standing.status.value, c.standing.since) for c in tree.children)
    assert marks == [(LAW, "amended", "2020-06-01"), (LAW, "in_force", "2020-10-01")]
    kept = lineage(src, find_policy(src, "丙府〔2022〕1号"), DAY, in_force=True)
    assert [c.standing.status for c in kept.children] == [Status.IN_FORCE]
    before = lineage(src, find_policy(src, "丙府〔2022〕1号"), "2015-01-01")
    assert sorted(c.standing.status.value for c in before.children) == ["in_force", "not_yet_in_force"]


def test_in_force_keeps_a_document_below_a_repealed_intermediate_and_marks_it(src: StoreRows) -> None:
    law = current_version(src, LAW)
    kept = {i.policy.number: i for i in implementers(src, law, DAY, in_force=True)}
    assert "乙府〔2012〕3号" not in kept and "乙府〔2021〕7号" in kept
    below = kept["乙某区〔2013〕2号"]
    assert [p.number for p in below.path][:2] == ["乙某区〔2013〕2号", "乙府〔2012〕3号"]
    (mark,) = below.through.values()
    assert mark.status is Status.REPEALED and below.to_dict()["path"][1]["status"] == "repealed"
    # on a day before the repeal, nothing is left out
    assert len(implementers(src, law, "2015-01-01", in_force=True)) == 2  # 丙 and the 2021 text not yet in force


def test_a_page_in_force_reads_the_standing_of_its_rows_only_and_counts_in_the_store(src: StoreRows) -> None:
    law = current_version(src, LAW)
    every = implementers(src, law, DAY, in_force=True)
    asked: list[str] = []

    class Counting:
        pages = True

        def rows(self, name, params=None, page=None):  # type: ignore[no-untyped-def]
            asked.append(name)
            return src.rows(name, params, page)

    got = implementers_page(Counting(), law, Page(2), as_of=DAY, in_force=True)
    assert [i.policy.iri for i in got.rows] == [i.policy.iri for i in every[:2]] and got.total == len(every) == 3
    assert "uptake" not in asked and "implementers_count_in_force" in asked
    assert asked.count("standing") == 0  # the direct implementers come with their standings
    asked.clear()
    rest = implementers_page(Counting(), law, Page(5, 2), as_of=DAY, in_force=True)
    assert [i.policy.iri for i in rest.rows] == [i.policy.iri for i in every[2:]]
    assert [i.to_dict() for i in rest.rows] == [i.to_dict() for i in every[2:]]  # standings asked or read, the same
    assert 0 < asked.count("standing") <= 3  # further down: the page's rows and their paths only


@pytest.mark.parametrize("day", ["2005-01-01", "2010-10-01", "2012-03-01", "2015-01-01", "2021-02-01", DAY, "2040-01-01"])
def test_the_count_in_force_the_build_keeps_is_the_walks(src: StoreRows, day: str) -> None:
    """The number of implementers in force on a day, read from what the build keeps, is the
    number the walk down the tree finds in force: for the law (through its work), an older
    version, and a city plan repealed later."""
    for policy in (current_version(src, LAW), find_policy(src, "乙府〔2012〕3号")):
        total = src.rows("implementers_count_in_force", {"policy": Iri(policy.iri), "asOf": day})[0]["total"]
        assert total == len(implementers(src, policy, day, in_force=True)), (policy.title, day)


def test_uptake_marks_implementers_no_longer_in_force(src: StoreRows) -> None:
    answer = uptake(src, current_version(src, LAW), "city", DAY)
    docs = {d.policy.number: d for d in [*answer.unplaced, *(d for x in answer.divisions for d in x.documents)]}
    status = {k: d.status for k, d in docs.items()}
    assert docs["乙府〔2012〕3号"].lag == 639  # from the law's first adoption, not its revision
    assert status["乙府〔2012〕3号"] == "repealed" and status["丙府〔2022〕1号"] == "in_force"


def test_commands_mark_and_explain(tmp_path: Path) -> None:
    ws = str(stored_workspace(tmp_path / "ws", corpus()))
    run = CliRunner().invoke
    out = run(app, ["uptake", LAW, "--by", "level", "--as-of", DAY, "-w", ws])
    assert out.exit_code == 0, out.output
    assert "已废止" in out.output
    out = run(app, ["implementers", LAW, "--in-force", "--as-of", DAY, "--json", "-w", ws])
    data = json.loads(out.output)
    assert data["total"] == 3 and {"number": "乙府〔2012〕3号", "title": "乙市实施《中华人民共和国丁事务法》办法", "level": "city",
                                   "status": "repealed"} in data["implementers"][-1]["path"]
    helptext = run(app, ["implementers", "--help"]).output
    assert "--in-force" in helptext and "reached through the intermediate" in helptext


@pytest.mark.neo4j
def test_the_cypher_twins_go_through_works_alike(tmp_path: Path, neo4j_env: dict[str, str]) -> None:
    """On a graph with a law in two versions, every query of the walk down or up and of
    the standing gives on Neo4j the rows it gives on the embedded store."""
    from kg.queries import Neo4jRows
    from kg.sinks import neo4j as sink
    from tests.test_cypher_agreement import normalised, wipe

    src = StoreRows(Workspace(stored_workspace(tmp_path / "ws", corpus())).open_store())
    driver = sink.connect(sink.settings_from(neo4j_env["NEO4J_URI"], neo4j_env["NEO4J_USER"], neo4j_env["NEO4J_PASSWORD"]))
    try:
        wipe(driver)
        sink.load_graph(driver, build_graph(corpus()))
        neo = Neo4jRows(sink.Neo4jStore(driver))
        older, newest = _versions(src)
        plan, below = find_policy(src, "丙府〔2022〕1号"), find_policy(src, "乙某区〔2013〕2号")
        for name, params in [(q, {"policy": Iri(v.iri)}) for v in (older, newest)
                             for q in ("implementers", "implementers_direct", "implementers_near", "implementers_count", "uptake")] + [
                ("lineage", {"policy": Iri(plan.iri)}), ("lineage", {"policy": Iri(below.iri)}),
                ("standing", {"policy": Iri(older.iri)}), ("standing", {"policy": Iri(find_policy(src, "乙府〔2012〕3号").iri)}),
                ("implementers_count_in_force", {"policy": Iri(newest.iri), "asOf": DAY}),
                ("implementers_count_in_force", {"policy": Iri(older.iri), "asOf": "2015-01-01"})]:
            expected = src.rows(name, params)
            assert expected and normalised(neo.rows(name, params)) == normalised(expected), (name, params)
        assert [i.policy.iri for i in implementers(neo, newest, DAY, in_force=True)] == \
            [i.policy.iri for i in implementers(src, newest, DAY, in_force=True)]
    finally:
        driver.close()


def test_a_graph_with_a_work_conforms_to_the_shapes(tmp_path: Path) -> None:
    """Citations of a work (pkg:implements, pkg:cited to a pkg:Work) are what the shapes allow."""
    ws = str(stored_workspace(tmp_path / "ws", corpus()))
    result = CliRunner().invoke(app, ["validate", "-w", ws, "--json"])
    report = json.loads(result.stdout)
    rules = {v["rule"].rsplit("#", 1)[-1] for v in report["violations"]}
    assert rules <= {"Policy-sha256"}, rules  # the made-up documents' hashes are not hex; nothing else


def test_status_of_a_law_by_title_answers_for_the_version_standing_that_day(tmp_path: Path) -> None:
    ws = str(stored_workspace(tmp_path / "ws", corpus()))
    run = CliRunner().invoke
    then = json.loads(run(app, ["status", LAW, "--as-of", "2015-01-01", "--json", "-w", ws]).output)
    now = json.loads(run(app, ["status", LAW, "--as-of", DAY, "--json", "-w", ws]).output)
    assert (then["date"], then["status"], then["effective"]) == ("2010-06-01", "in_force", "2010-10-01")
    assert (now["date"], now["status"], now["effective"]) == ("2020-06-01", "in_force", "2020-10-01")
