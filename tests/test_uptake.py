"""kg uptake: where and how fast a directive was taken up, on a small made-up graph whose
answers are known (a national law first adopted long before its latest revision, provincial
and city regulations implementing it directly and through an intermediate, one with no
date), and the grouping of regions into provinces and cities."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.models import Citation, Extraction, PolicyInfo, Span
from kg.queries import StoreRows
from kg.questions import PolicyRef, find_policy, uptake
from kg.workspace import Workspace
from tests.synthetic import stored_workspace

runner = CliRunner()
LAW = "中华人民共和国示范管理法"


def _doc(name: str, title: str, level: str, region: str | None, date: str | None, first: str | None = None,
         implements: str | None = None) -> Extraction:
    cites = [Citation(None, implements, "implements", Span(0, 5), sentence=f"根据《{implements}》,结合本省实际,制定本办法。")] if implements else []
    return Extraction(name, (name * 64)[:64], PolicyInfo(title=title, level=level, region=region, date=date, first_date=first),
                      citations=cites)


def extractions() -> list[Extraction]:
    return [
        # first adopted 1998-01-01, revised 2020: the lag counts from 1998
        _doc("law.txt", LAW, "national", None, "2020-06-01", "1998-01-01"),
        # adopted 1998-03-02 (60 days), revised 2021: counts from 1998
        _doc("gd.txt", "广东省示范管理条例", "province", "广东省", "2021-01-01", "1998-03-02", LAW),
        _doc("gz.txt", "广州市示范管理办法", "city", "广州市", "1999-01-01", None, "广东省示范管理条例"),
        _doc("th.txt", "广州市天河区示范管理实施细则", "county", "广州市天河区", "2000-01-01", None, "广州市示范管理办法"),
        _doc("sh.txt", "上海市示范管理条例", "province", "上海市", None, None, LAW),
        _doc("js.txt", "苏州市示范管理规定", "city", "苏州市", "2001", None, LAW),
    ]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(stored_workspace(tmp_path_factory.mktemp("uptake") / "kg-workspace", extractions()))


def answer(ws: str, by: str):  # type: ignore[no-untyped-def]
    source = StoreRows(Workspace(ws).open_store())
    return uptake(source, find_policy(source, LAW), by)


def test_lag_runs_from_first_adoption_to_first_adoption(ws: str) -> None:
    a = answer(ws, "province")
    assert a.adopted == "1998-01-01"
    docs = {u.policy.title: u for d in a.divisions for u in d.documents}
    assert docs["广东省示范管理条例"].lag == 60
    assert docs["广州市示范管理办法"].lag == 365
    assert docs["广州市天河区示范管理实施细则"].lag == 730


def test_unknown_and_partial_dates_are_unknown_lags(ws: str) -> None:
    docs = {u.policy.title: u for d in answer(ws, "province").divisions for u in d.documents}
    assert docs["上海市示范管理条例"].lag is None and docs["上海市示范管理条例"].adopted is None
    assert docs["苏州市示范管理规定"].lag is None and docs["苏州市示范管理规定"].adopted == "2001"


def test_by_province_through_intermediates_with_provinces_none_in_the_corpus(ws: str) -> None:
    a = answer(ws, "province")
    assert [d.name for d in a.divisions] == ["广东省", "江苏省", "上海市"]  # by first adoption, unknown last
    gd = a.divisions[0]
    assert [len(u.path) for u in gd.documents] == [2, 3, 4]
    assert "广东省" not in a.none_in_corpus and "北京市" in a.none_in_corpus and "西藏自治区" in a.none_in_corpus
    assert len(a.none_in_corpus) + len(a.divisions) == len({*a.none_in_corpus, *(d.name for d in a.divisions)})


def test_by_city_and_by_level(ws: str) -> None:
    by_city = {d.name: [u.policy.title for u in d.documents] for d in answer(ws, "city").divisions}
    assert by_city["广州市"] == ["广州市示范管理办法", "广州市天河区示范管理实施细则"]
    assert by_city["上海市"] == ["上海市示范管理条例"] and "苏州市" in by_city
    by_level = answer(ws, "level")
    assert [d.name for d in by_level.divisions] == ["province", "city", "county"]
    assert by_level.none_in_corpus == ["national"]
    lag = by_level.lag_by_level["province"]
    assert (lag.documents, lag.known, lag.median) == (2, 1, 60.0)


def test_the_command_speaks_chinese_says_in_this_corpus_and_gives_json(ws: str) -> None:
    out = runner.invoke(app, ["uptake", LAW, "-w", ws])
    assert out.exit_code == 0, out.output
    assert "本语料中没有落实文件的省份" in out.output and "未知" in out.output and "滞后" in out.output
    en = runner.invoke(app, ["uptake", LAW, "--by", "city", "--lang", "en", "-w", ws])
    assert "in this corpus" in en.output and "lag (days)" in en.output
    data = json.loads(runner.invoke(app, ["uptake", LAW, "--json", "-w", ws]).output)
    first = data["divisions"][0]
    assert first["division"] == "广东省" and first["first_lag_days"] == 60
    assert all(d["status"] in ("in_force", "repealed", "expired", "amended", "not_yet_in_force") for x in data["divisions"] for d in x["documents"])
    assert data["directive"]["first_date"] == "1998-01-01" and "北京市" in data["none_in_corpus"]


def test_by_measure_needs_measure_uptake(ws: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.questions

    monkeypatch.delattr(kg.questions, "measure_uptake", raising=False)
    out = runner.invoke(app, ["uptake", LAW, "--by", "measure", "-w", ws])
    assert out.exit_code == 2 and "measure_uptake" in out.output
    monkeypatch.setattr(kg.questions, "measure_uptake", lambda source, ref: {"directive": ref.title}, raising=False)
    out = runner.invoke(app, ["uptake", LAW, "--by", "measure", "-w", ws])
    assert out.exit_code == 0 and LAW in out.output


def test_a_region_lies_in_one_province_and_city() -> None:
    from kg.questions import division_of

    ref = lambda region, level="county": PolicyRef("p", None, "t", level, region)  # noqa: E731
    assert division_of(ref("广州市天河区"), "province") == "广东省"
    assert division_of(ref("天河区"), "city") == division_of(ref("广州市天河区"), "city") == "广州市"
    assert division_of(ref("朝阳区"), "province") is None  # two 朝阳区: not guessed
    assert division_of(ref("北京市", "province"), "city") == "北京市"


def test_long_answers_come_in_pages(ws: str) -> None:
    """--limit/--offset page the documents in the terminal and the divisions with --json,
    with the whole answer's number."""
    every = json.loads(runner.invoke(app, ["uptake", LAW, "--json", "-w", ws]).output)
    assert every["total"] == len(every["divisions"]) >= 2 and every["limit"] is None
    one = json.loads(runner.invoke(app, ["uptake", LAW, "--json", "--limit", "1", "--offset", "1", "-w", ws]).output)
    assert one["total"] == every["total"] and one["divisions"] == every["divisions"][1:2]
    out = runner.invoke(app, ["uptake", LAW, "--limit", "1", "--lang", "en", "-w", ws])
    assert out.exit_code == 0, out.output
    documents = sum(len(d["documents"]) for d in every["divisions"])
    assert f"rows 1–1 of {documents}" in out.output


def test_each_document_is_read_once_however_many_paths_reach_it(ws: str) -> None:
    """uptake.rq gives implements edges, then each implementing document's facts once (not
    once per path), then the directive's dates."""
    from kg.questions import Iri

    source = StoreRows(Workspace(ws).open_store())
    law = find_policy(source, LAW)
    rows = source.rows("uptake", {"policy": Iri(law.iri)})
    facts = [r["child"] for r in rows if r["child"] and not r["parent"]]
    edges = [(r["child"], r["parent"]) for r in rows if r["parent"]]
    assert facts and len(facts) == len(set(facts)) == len({c for c, _ in edges})
    assert all(r["childNumber"] is None and r["childTitle"] is None for r in rows if r["parent"])
    assert [r["policyDate"] for r in rows if not r["child"]] == ["1998-01-01"] or \
        [r["policyFirstDate"] for r in rows if not r["child"]] == ["1998-01-01"]
