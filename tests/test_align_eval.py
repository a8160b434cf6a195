"""kg eval --alignment on the files annotated by hand: ../shared/alignment and ours
(seeds/alignment, annotated blind), scored as one set."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kg.align.core import WITH_MEANING, Settings
from kg.cli import app
from tests.conftest import ROOT, require

SHARED = (ROOT / ".." / "shared" / "alignment").resolve()
OURS = ROOT / "seeds" / "alignment"


def _eval(*args: str) -> dict:
    out = CliRunner().invoke(app, ["eval", "--json", *args])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_the_learned_model_scores_better_on_files_left_out_than_the_threshold_and_ratio_alone() -> None:
    """Leave-one-out over the eighteen files: the model refitted without each file against the
    threshold and ratio chosen without it (the alignment's rule before the model)."""
    require(SHARED.is_dir() and (ROOT / ".." / "shared" / "realcorpus" / "laws").is_dir(), f"the annotated alignments ({SHARED})")
    from kg.align.score import report
    from kg.commands.alignment import annotated_tables

    tables = annotated_tables([SHARED, OURS])
    learned, ruled = report(tables).loo, report(tables, Settings(0.09, 0.6, model=None)).loo
    assert learned.f1 > ruled.f1 + 0.02 and learned.precision > ruled.precision
    # and the figures of the pair's sentences add to the four of the measures' scores
    # (kg.align.learn.sentence_figures: a local article restating two parent articles, one a sentence)
    from dataclasses import replace

    from kg.align.learn import FEATURES
    from kg.align.score import leave_one_out

    measures_only = [replace(t, figures=t.figures[:, :FEATURES.index("local_sentences_best")]) for t in tables]
    without, _ = leave_one_out(measures_only, (Settings(),))
    assert learned.f1 > without.f1 + 0.02 and learned.precision > without.precision


def test_several_folders_are_scored_as_one_set_and_the_defaults_are_the_best_there() -> None:
    require(SHARED.is_dir() and (ROOT / ".." / "shared" / "realcorpus" / "laws").is_dir(), f"the annotated alignments ({SHARED})")
    both = _eval("--alignment", str(SHARED), "--alignment", str(OURS))
    assert set(both["per_file"]) == {p.stem for p in [*SHARED.glob("*.json"), *OURS.glob("*.json")]}
    assert len(both["per_file"]) == 18
    # the model in use is the one learned from these eighteen files (tools/fit_alignment.py):
    # refitted on them, it scores them the same
    assert both["settings"] == {"threshold": Settings().threshold, "ratio": Settings().ratio, "cut": Settings().model.cut}
    assert both["pairs"] == both["best_in_sample"]["pairs"]
    # each folder alone scores its own files the same way
    ours = _eval("--alignment", str(OURS))
    assert ours["per_file"] == {k: v for k, v in both["per_file"].items() if k in ours["per_file"]}
    meant = _eval("--alignment", str(SHARED), "--alignment", str(OURS), "--meaning")
    assert meant["settings"] == {"threshold": WITH_MEANING.threshold, "ratio": WITH_MEANING.ratio, "meaning": WITH_MEANING.meaning,
                                 "cut": WITH_MEANING.model.cut}
    assert meant["pairs"] == meant["best_in_sample"]["pairs"]  # (tools/fit_alignment.py --meaning)
    # on files left out, the meaning signal finds take-ups the wording does not (recall), at
    # no loss of F1 (its precision is lower than the lexical model's with the sentences' figures)
    loo, lexical = meant["leave_one_out"]["pairs"], both["leave_one_out"]["pairs"]
    assert loo["recall"] > lexical["recall"] + 0.03 and loo["f1"] >= lexical["f1"]


def test_the_evaluation_scores_the_pairs_the_build_keeps(tmp_path) -> None:
    """The evaluation weighs every pair (threshold 0) where a build leaves the pairs under
    the threshold out first: the figures that set a pair against the others (the order, the
    sentences' bests) count the same pairs in both, so the pairs ``Table.predicted`` scores
    are those ``align`` keeps — with the lexical model and with the meaning signal's."""
    require(SHARED.is_dir() and (ROOT / ".." / "shared" / "realcorpus" / "laws").is_dir(), f"the annotated alignments ({SHARED})")
    from kg.align.core import align, numbered_as_cited
    from kg.align.score import annotated, read_gold, table
    from kg.pipeline import run_build
    from kg.workspace import Workspace

    golds = [g for g in read_gold(SHARED) + read_gold(OURS) if g.name in ("henan_red_cross", "village", "prepaid")]
    assert len(golds) == 3
    ws = Workspace(str(tmp_path / "ws"))
    run_build(sorted({p for g in golds for p in (g.local, g.parent)}), ws)
    sha = {k: v["sha256"] for k, v in ws.sources().items()}
    for g in golds:
        local, parent = ws.load_extraction(sha[g.local]), ws.load_extraction(sha[g.parent])
        title = numbered_as_cited(parent.policy.title or "", parent.policy.date, local.policy.date)
        lnum, pnum = annotated(local.measures), annotated(parent.measures)
        for meaning, cfg in ((False, Settings()), (True, WITH_MEANING)):
            built = {(lnum[p.local], pnum[p.parent]) for p in align(local.measures, parent.measures, cfg, title)
                     if p.local in lnum and p.parent in pnum}
            scored = table(g, local.measures, parent.measures, title, meaning).predicted(cfg)
            assert built, g.name
            assert scored == built, (g.name, meaning, sorted(scored ^ built))


def test_the_evaluation_names_measures_as_kg_adoption_does(tmp_path) -> None:
    """A plan whose numbers restart in each part (无锡's 二、(一)… after 一、): kg eval
    --alignment reads an annotation by the labels kg adoption --json prints (the number of
    the first measure that carries it, the full path of the later ones), so a pair of a
    later （一） is scored, not dropped."""
    from kg.align.score import annotated
    from kg.pipeline import run_build
    from kg.workspace import Workspace

    local = ROOT / "seeds" / "002_84a26a079fc050bc.txt"
    parent = ROOT / "seeds" / "corpus" / "001.txt"
    ws = Workspace(str(tmp_path / "ws"))
    run_build([str(local), str(parent)], ws)
    sha = {Path(k).name: v["sha256"] for k, v in ws.sources().items()}
    labels = annotated(ws.load_extraction(sha[local.name]).measures)
    out = CliRunner().invoke(app, ["adoption", "锡教发〔2020〕86号", "--json", "-w", str(ws.root)])
    assert out.exit_code == 0, out.output
    shown = {p["local_measure"] for p in json.loads(out.output)["pairs"]}
    assert shown and shown <= set(labels.values()), (shown, labels)
    assert labels["二/（一）"] == "二/（一）" and labels["一"] == "一"  # （一）立德树人工程 after 一、总体目标
    assert "二/（一）" in shown


def test_a_firm_pair_that_names_no_measure_is_reported(tmp_path) -> None:
    """A label of a firm pair that names no measure compared (a typo, or a measure the
    extraction now reads differently) is said on standard error and in the JSON: the pair can
    only count as missed."""
    law = "中华人民共和国档案管理法\n\n第一条 为了加强档案管理，制定本法。\n第二条 档案馆应当定期向社会开放档案，开放期限一般为三十年。\n第三条 禁止买卖国家所有的档案。\n"
    local = ("甲省实施《中华人民共和国档案管理法》办法\n\n第一条 为了贯彻实施《中华人民共和国档案管理法》，制定本办法。\n"
             "第二条 综合档案馆开放档案的期限一般为三十年。\n第三条 任何单位和个人不得买卖国家所有的档案。\n")
    (tmp_path / "law.txt").write_text(law, encoding="utf-8")
    (tmp_path / "local.txt").write_text(local, encoding="utf-8")
    folder = tmp_path / "alignment"
    folder.mkdir()
    (folder / "archives.json").write_text(json.dumps({
        "local": "../local.txt", "parent": "../law.txt", "local_measures": ["二", "三"],
        "pairs": [{"local_measure": "二", "parent_measure": "二"}, {"local_measure": "三", "parent_measure": "三十"}],
    }, ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(app, ["eval", "--json", "--alignment", str(folder)])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["unnamed"] == {"archives": [["parent", "三十"]]}
    assert "archives" in out.stderr and "parent 三十" in out.stderr
