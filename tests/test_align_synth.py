"""The alignment scored against the provenance kg synth writes: each task measure of a
synthetic plan is restated, specified or reworded from its parents' measures, or local."""

from __future__ import annotations

from pathlib import Path

from kg.align.score import Counts
from kg.pipeline import run_build
from kg.queries import StoreRows
from kg.synth import read_truth, write_corpus
from kg.workspace import Workspace


def synth_counts(tmp: Path, n: int, seed: int) -> tuple[Counts, dict[str, Counts]]:
    """Take-up pairs of the built store against the synthetic ground truth (by policy
    number and measure path), overall and by how the measure was derived."""
    out = tmp / "synth"
    write_corpus(out, n, seed=seed)
    ws = Workspace(tmp / "ws")
    run_build([str(out)], ws)
    truth = list(read_truth(out))
    gold: dict[tuple[str, str, str, str], str] = {}
    for t in truth:
        for u in t["take_ups"]:
            if u["how"] != "local":
                gold[(t["policy"]["doc_number"], u["measure"], u["parent"], u["parent_measure"])] = u["how"]
    tasks = {(t["policy"]["doc_number"], u["measure"]) for t in truth for u in t["take_ups"]}
    rows = StoreRows(ws.open_store()).rows("adoption", {})
    # the truth knows the task measures (a task-table row restating a task is not in it)
    pred = {(r["number"], r["localPath"], r["parentNumber"], r["parentPath"]) for r in rows
            if (r["number"], r["localPath"]) in tasks and (r["parentNumber"], r["parentPath"]) in tasks}
    total = Counts(len(pred & gold.keys()), len(pred - gold.keys()), len(gold.keys() - pred))
    by_how: dict[str, Counts] = {}
    for key, how in gold.items():
        c = by_how.setdefault(how, Counts())
        c.tp += key in pred
        c.fn += key not in pred
    return total, by_how


def test_alignment_finds_the_derived_measures_of_synthetic_plans(tmp_path: Path) -> None:
    # 40 plans: enough for two plans that specify different tasks with the same sentence of
    # procedure (工作台账, 年度重点工作), which is no take-up
    total, by_how = synth_counts(tmp_path, 40, seed=3)
    assert total.tp >= 200
    assert total.precision >= 0.99, total
    assert total.recall >= 0.95, (total, by_how)
