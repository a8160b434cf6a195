"""The alignment's meaning signal (kg.align.meaning, ``kg build --meaning``): restatements in
other words, on the package's word vectors and on real documents — the 献血法 and the
浙江 regulation implementing it (../shared/realcorpus/laws), scored against the pairs
annotated by hand (../shared/alignment)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.align import Settings, align
from kg.align.core import WITH_MEANING
from kg.align.graph import KeptPairs, method
from kg.align.meaning import relative, similarity, vectors, words
from kg.cli import app
from kg.pipeline import workspace_graph
from kg.schema import EdgeKind
from kg.workspace import Workspace
from tests.conftest import ROOT, require
from tests.test_align import _doc

SHARED = (ROOT / ".." / "shared").resolve()
ALIGNMENT = SHARED / "alignment"
LAW = SHARED / "realcorpus" / "laws" / "docs" / "lrb_18300b93d3b1.txt"  # 中华人民共和国献血法
LOCAL = SHARED / "realcorpus" / "laws" / "docs" / "lrb_5ab1f40b6257.txt"  # 浙江省实施《中华人民共和国献血法》办法
LOCAL_TITLE = "浙江省实施《中华人民共和国献血法》办法"
RED_CROSS_LAW = SHARED / "realcorpus" / "laws" / "docs" / "lrb_48215acfec58.txt"  # 中华人民共和国红十字会法
RED_CROSS = SHARED / "realcorpus" / "laws" / "docs" / "lrb_211c0c16a4d8.txt"  # 河南省实施《中华人民共和国红十字会法》办法
RED_CROSS_TITLE = "河南省实施《中华人民共和国红十字会法》办法"


PARENT = _doc([
    ("二", "地方各级人民政府领导本行政区域内的档案工作，将档案事业纳入国民经济和社会发展规划。"),
    ("三", "档案馆应当定期向社会开放档案，开放期限一般为三十年。"),
    ("四", "禁止买卖国家所有的档案。"),
    ("五", "国家鼓励单位和个人向档案馆捐赠具有保存价值的档案，档案馆对捐赠者给予奖励。"),
    ("六", "档案馆应当配备防火、防盗、防潮、防虫的设施设备，保障档案安全。"),
    ("七", "违反本法规定，损毁、丢失国家所有的档案的，由档案主管部门给予警告，并处罚款。"),
])
LOCAL_DOC = _doc([
    ("二", "县级以上人民政府应当加强对档案工作的领导，把档案事业列入本地区发展计划。"),
    ("三", "综合档案馆开放档案的期限一般为三十年，经济、科学类档案可以少于三十年向社会开放。"),
    ("四", "任何单位和个人不得买卖国家所有的档案，不得擅自出境。"),
    ("五", "乡镇人民政府应当明确档案工作人员，做好本乡镇档案工作。"),
    ("六", "档案保管场所应当符合国家规定的安全标准，设置温湿度监测装置。"),
    ("七", "机关、团体、企业事业单位应当建立档案工作责任制，定期向档案馆移交档案。"),
])


def test_words_are_cut_as_the_build_cuts_them_and_the_table_holds_the_field_s_words() -> None:
    v = vectors()
    assert len(v.index) > 20000 and v.matrix.shape == (len(v.index), 100)
    assert abs(float((v.matrix[v.index["领导"]] ** 2).sum()) - 1.0) < 1e-3  # unit rows
    assert {"档案", "人民政府", "主管部门", "领导"} <= set(v.index)
    # the documents on the annotated pairs' themes are not read: their words are rare elsewhere
    assert "献血" not in v.index and "职业教育" not in v.index
    assert words("加强对献血工作的领导") == ["加强", "对", "献血", "工作", "的", "领导"]
    # a word the whole corpus writes weighs less than a rare one
    assert v.rarity[v.index["应当"]] < v.rarity[v.index["档案"]]


def test_a_restatement_in_other_words_stands_out_of_its_row_and_column() -> None:
    from kg.align.core import document

    ld, pd = document(LOCAL_DOC), document(PARENT)
    z = relative(similarity(ld.meaning, pd.meaning, vectors()))
    numbers = ([u.measure.number for u in ld.units], [u.measure.number for u in pd.units])
    lead = (numbers[0].index("二"), numbers[1].index("二"))  # 加强对档案工作的领导 ↔ 领导本行政区域内的档案工作
    assert z[lead] == z[lead[0]].max() == z[:, lead[1]].max()
    lexical = {(p.local_number, p.parent_number) for p in align(LOCAL_DOC, PARENT)}
    meant = {(p.local_number, p.parent_number) for p in align(LOCAL_DOC, PARENT, Settings(meaning=1.0))}
    assert lexical < meant and ("二", "二") in meant - lexical
    assert ("五", "五") not in meant  # 乡镇…档案工作人员 is no 捐赠 however alike the theme


def test_the_signal_adds_pairs_without_taking_any_away_and_points_into_the_text() -> None:
    lexical = align(LOCAL_DOC, PARENT)
    meant = align(LOCAL_DOC, PARENT, Settings(meaning=1.0))
    assert [(p.local, p.parent) for p in lexical] == [(p.local, p.parent) for p in meant if (p.local, p.parent) in {(q.local, q.parent) for q in lexical}]
    local, parent = {m.key: m for m in LOCAL_DOC}, {m.key: m for m in PARENT}
    for p in meant:
        for passage, m in ((p.local_passage, local[p.local]), (p.parent_passage, parent[p.parent])):
            assert m.text[passage.span.start - m.span.start: passage.span.end - m.span.start] == passage.text


def test_pairs_of_other_settings_are_kept_apart(tmp_path: Path) -> None:
    default, meaning = KeptPairs(tmp_path), KeptPairs(tmp_path, WITH_MEANING)
    assert default.folder != meaning.folder and KeptPairs(tmp_path, Settings()).folder == default.folder
    assert meaning.settings == WITH_MEANING and default.settings is None


def _pairs(ws: Path, title: str = RED_CROSS_TITLE) -> set[tuple[str, str]]:
    out = CliRunner().invoke(app, ["adoption", title, "--json", "-w", str(ws)])
    assert out.exit_code == 0, out.output
    return {(p["local_measure"], p["parent_measure"]) for p in json.loads(out.output)["pairs"]}


def test_a_workspace_built_with_meaning_takes_up_restatements_until_told_otherwise(tmp_path: Path) -> None:
    require(RED_CROSS_LAW.is_file() and RED_CROSS.is_file(), f"the real law corpus ({LAW.parent})")
    ws = tmp_path / "ws"
    run = CliRunner().invoke
    assert run(app, ["build", str(RED_CROSS_LAW), str(RED_CROSS), "-w", str(ws), "--json"]).exit_code == 0
    lexical = _pairs(ws)
    assert run(app, ["build", "-w", str(ws), "--meaning", "--json"]).exit_code == 0
    meant = _pairs(ws)
    # a pair the wording alone does not keep, annotated firm in ../shared/alignment (the red
    # cross's education of the young with the schools ↔ the law's list of its duties, 普及…卫生
    #健康知识; the model with the signal weighs the wording otherwise, WITH_MEANING, so some of
    # the wording's pairs go)
    assert ("十", "十一") in meant - lexical
    assert run(app, ["build", "-w", str(ws), "--json"]).exit_code == 0  # kept by the workspace
    assert _pairs(ws) == meant
    g = workspace_graph(Workspace(ws))  # the graphs made later (views, Neo4j) read the same pairs, and say how
    takes_up = [d for _, _, d in g.edges(data=True) if d.get("type") == EdgeKind.TAKES_UP.value]
    assert {tuple(d["number_pair"]) for d in takes_up} == meant and {d["method"] for d in takes_up} == {method(WITH_MEANING)}
    takeups = next((ws / "extractions").glob("*/takeups"))
    assert len([p for p in takeups.iterdir() if p.is_dir()]) == 2  # each setting's pairs filed apart
    assert run(app, ["build", "-w", str(ws), "--no-meaning", "--json"]).exit_code == 0
    assert _pairs(ws) == lexical and not (ws / "alignment.json").exists()


def test_the_signal_lifts_the_annotated_pairs_left_out_at_the_same_precision() -> None:
    require((ALIGNMENT / "zhejiang_blood_donation.json").is_file() and LAW.is_file(), f"the annotated alignments ({ALIGNMENT})")

    def figures(*extra: str) -> dict:
        out = CliRunner().invoke(app, ["eval", "--alignment", str(ALIGNMENT), "--json", *extra])
        assert out.exit_code == 0, out.output
        return json.loads(out.output)

    lexical, meant = figures(), figures("--meaning")
    assert "meaning" not in lexical["settings"] and meant["settings"]["meaning"] == WITH_MEANING.meaning
    loo_l, loo_m = lexical["leave_one_out"]["pairs"], meant["leave_one_out"]["pairs"]
    assert loo_m["f1"] > loo_l["f1"] + 0.03 and loo_m["precision"] >= loo_l["precision"] - 0.01
    assert loo_m["recall"] > loo_l["recall"]


def test_the_meaning_model_without_its_floor_is_refused_with_what_to_set() -> None:
    from dataclasses import replace

    with pytest.raises(ValueError, match="Settings.meaning"):
        align(LOCAL_DOC, PARENT, replace(WITH_MEANING, meaning=None))
