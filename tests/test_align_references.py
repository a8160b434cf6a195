"""A local measure that names an article of its parent by number takes that article up
(依照《测绘法》第五条的规定处罚), when the parent's text is the one the local document names."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.align.core import Reference, align, cited_names, document, numbered_as_cited, referenced, references, short_titles, unit
from kg.models import Measure, Span

LAW = """中华人民共和国测绘法
（2017年4月27日第十二届全国人民代表大会常务委员会第二十七次会议修订）

第一条 为了加强测绘管理，促进测绘事业发展，保障测绘事业为经济建设、国防建设、社会发展和生态保护服务，制定本法。
第二条 在中华人民共和国领域和中华人民共和国管辖的其他海域从事测绘活动，应当遵守本法。
第三条 县级以上人民政府测绘地理信息主管部门负责本行政区域测绘工作的统一监督管理。
第四条 地理信息生产、保管、利用单位应当对属于国家秘密的地理信息的获取、持有、提供、利用情况进行登记并长期保存，实行可追溯管理。
第五条 测绘单位不汇交测绘成果资料的，责令限期汇交；逾期不汇交的，处重测所需费用一倍以上二倍以下的罚款，并处暂扣测绘资质证书。
第六条 国家鼓励测绘科学技术的创新和进步，加强测绘人才队伍建设。
第七条 本法自2017年7月1日起施行。
"""

LOCAL = """浙江省测绘管理条例
（2020年9月24日浙江省第十三届人民代表大会常务委员会第二十四次会议通过）

第一条 根据《中华人民共和国测绘法》（以下简称《测绘法》）和有关法律、行政法规，结合本省实际，制定本条例。
第二条 在本省行政区域内从事测绘活动，应当遵守本条例。
第三条 省测绘地理信息主管部门负责全省测绘工作的统一监督管理，设区的市、县（市、区）测绘地理信息主管部门负责本行政区域测绘工作的统一监督管理。
第四条 测绘项目完成后，测绘单位应当在三个月内向测绘地理信息主管部门汇交资料目录。未按时汇交的，依照《测绘法》第五条的规定处罚。
第五条 鼓励高等学校开设海洋测绘专业，培养专门人才。
第六条 本条例自2021年1月1日起施行。
"""


def _articles(text: str) -> list[Measure]:
    out, at = [], 0
    for line in text.splitlines(keepends=True):
        if line.startswith("第"):
            number = line[1 : line.index("条")]
            out.append(Measure(f"第{number}条", number, line.rstrip("\n"), Span(at, at + len(line.rstrip("\n")))))
        at += len(line)
    return out


def test_the_articles_a_sentence_names_after_a_title_in_lists_and_ranges() -> None:
    t = ("第十八条 地方铁路客货运输按照《铁路法》第十一条、第十二条和第四十八条的规定执行。"
         "在线路两侧施工的，依照《铁路法》第四十五条至第四十七条的规定办理。违反本条例第九条规定的，责令改正。")
    assert references([unit(Measure("第十八条", "十八", t, Span(0, len(t))))]) == [
        Reference(0, 0, "铁路法", (11, 12, 48)), Reference(0, 1, "铁路法", (45, 46, 47))]  # 本条例第九条 names none
    basis = "第一条 根据《中华人民共和国海商法》第一百一十七条的规定，制定本规定。"
    assert references([unit(Measure("第一条", "一", basis, Span(0, len(basis))))]) == []  # a basis clause is boilerplate


def test_a_short_title_the_local_document_defines_names_the_parent() -> None:
    defined = short_titles(_articles(LOCAL))
    assert defined == {"测绘法": "中华人民共和国测绘法"}
    assert cited_names("中华人民共和国测绘法", defined) == {"测绘法"}  # (as the resolution compares titles)
    t = "第一条 根据《中华人民共和国城市规划条例》（以下简称《条例》），制定本细则。"
    assert "条例" in cited_names("中华人民共和国城市规划条例", short_titles([Measure("第一条", "一", t, Span(0, len(t)))]))
    assert "条例" not in cited_names("中华人民共和国测绘法", short_titles([Measure("第一条", "一", t, Span(0, len(t)))]))


def test_a_local_article_naming_the_parents_article_takes_it_up() -> None:
    local, law = _articles(LOCAL), _articles(LAW)
    plain = {(p.local_number, p.parent_number) for p in align(local, law)}
    assert ("四", "五") not in plain  # the words alone do not pair them
    pairs = align(local, law, title="中华人民共和国测绘法")
    named = [p for p in pairs if (p.local_number, p.parent_number) == ("四", "五")]
    assert len(named) == 1 and named[0].score == 1.0
    p = named[0]
    assert p.local_passage.text == "未按时汇交的，依照《测绘法》第五条的规定处罚。"
    assert LOCAL[p.local_passage.span.start : p.local_passage.span.end] == p.local_passage.text
    assert LAW[p.parent_passage.span.start : p.parent_passage.span.end] == p.parent_passage.text
    assert {(q.local_number, q.parent_number) for q in pairs} - {("四", "五")} == plain  # the rest unchanged
    assert align(local, law, title="中华人民共和国土地管理法") == align(local, law)  # another law's 第五条: none


def test_an_article_that_shares_no_wording_with_the_local_measure_is_not_taken_up() -> None:
    """A local regulation amended after its law was revised may still name the law's old
    numbers: the article it names now says something else."""
    law = _articles(LAW)
    t = "第九条 违反本条例规定的，依照《测绘法》第六条的规定处罚。"  # 第六条 encourages research: renumbered
    local = [*_articles(LOCAL)[:3], Measure("第九条", "九", t, Span(0, len(t)))]
    ld = document(local)
    assert [r.articles for r in ld.references] == [(6,)]  # named
    assert referenced(ld, document(law), "中华人民共和国测绘法") == []  # and not taken up


def test_the_articles_of_a_text_newer_than_the_local_document_are_not_the_ones_it_names() -> None:
    assert numbered_as_cited("中华人民共和国测绘法", "2017-04-27", "2020-09-24") == "中华人民共和国测绘法"
    assert numbered_as_cited("中华人民共和国测绘法", "2017-04-27", "2010-09-24") == ""
    assert numbered_as_cited("中华人民共和国测绘法", None, "2020-09-24") == ""


@pytest.mark.parametrize("local_date, expected", [("2020年9月24日", 1), ("2010年9月24日", 0)])
def test_a_build_takes_up_the_articles_a_local_regulation_names(tmp_path: Path, local_date: str, expected: int) -> None:
    from kg.pipeline import run_build
    from kg.queries import StoreRows
    from kg.workspace import Workspace

    (tmp_path / "law.txt").write_text(LAW, encoding="utf-8")
    (tmp_path / "local.txt").write_text(LOCAL.replace("2020年9月24日", local_date), encoding="utf-8")
    ws = Workspace(tmp_path / "ws")
    run_build([str(tmp_path / "law.txt"), str(tmp_path / "local.txt")], ws)
    rows = StoreRows(ws.open_store()).rows("adoption", {})
    named = [r for r in rows if str(r["localMeasure"]).endswith("%AC%AC%E5%9B%9B%E6%9D%A1")  # 第四条
             and str(r["parentMeasure"]).endswith("%AC%AC%E4%BA%94%E6%9D%A1")]  # 第五条
    assert len(named) == expected
    assert all(float(r["score"]) == 1.0 for r in named)
    assert len(rows) >= 2  # the pairs by wording, whatever the dates


def test_every_path_of_the_graph_takes_up_the_articles_named() -> None:
    """The in-memory graph's edges (the Neo4j loader's workers give the documents as functions
    that read their measures, and the parent's title as a function asked only when a local
    measure names an article) hold the pair the build's store holds."""
    from kg.align.graph import take_up_edges

    local, law = _articles(LOCAL), _articles(LAW)
    asked: list[int] = []

    def title() -> str:
        asked.append(1)
        return "中华人民共和国测绘法"

    edges = take_up_edges("policy:条例", lambda: local, "policy:测绘法", lambda: law, title=title)
    assert ("measure:条例/第四条", "measure:测绘法/第五条") in [(a, b) for a, b, _ in edges] and asked == [1]
    plain = [l for l in local if "《测绘法》第" not in l.text]
    take_up_edges("policy:条例", lambda: plain, "policy:测绘法", lambda: law, title=title)
    assert asked == [1]  # (no article named: the title is not asked)
