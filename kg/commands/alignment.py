"""Clause-level lineage: ``kg adoption`` (which parent measures a local document takes up)
and the scoring of the alignment behind ``kg eval --alignment``."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from kg.commands.common import console, fail

commands = typer.Typer()


def alignment_eval(folder: Path, as_json: bool) -> None:
    """Build the documents the annotated files of ``folder`` name into a scratch workspace,
    align each pair and print the scores (in sample, and leave-one-out across the files)."""
    from kg.align.score import evaluate, read_gold
    from kg.pipeline import run_build
    from kg.workspace import Workspace

    golds = read_gold(folder)
    if not golds:
        fail(f"no annotated alignments (*.json) in {folder}")
    paths = sorted({p for g in golds for p in (g.local, g.parent)})
    with tempfile.TemporaryDirectory(prefix="kg-align-") as tmp:
        ws = Workspace(tmp)
        run_build(paths, ws)
        sha = {k: v["sha256"] for k, v in ws.sources().items()}
        missing = [p for p in paths if p not in sha]
        if missing:
            fail("could not read: " + ", ".join(missing))
        rep = evaluate(folder, lambda p: ws.load_extraction(sha[p]).measures)
    if as_json:
        print(json.dumps(rep.to_json(), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"measure alignment · {folder} · {len(golds)} pairs of documents")
    for col in ("", "settings", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(col, justify="left" if col in ("", "settings") else "right")

    def row(name: str, cfg: object, c: object) -> None:
        s = f"t={cfg.threshold:.2f} r={cfg.ratio:.2f}" if cfg is not None else ""  # type: ignore[attr-defined]
        table.add_row(name, s, str(c.tp), str(c.fp), str(c.fn), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}")  # type: ignore[attr-defined]

    for name, c in rep.per_file:
        row(name, rep.settings, c)
    row("all (settings in use)", rep.settings, rep.in_sample)
    row("all (best in sample)", rep.chosen, rep.chosen_counts)
    for name, cfg, c in rep.loo_files:
        row(f"{name} (left out)", cfg, c)
    row("all (leave-one-out)", None, rep.loo)
    Console(width=max(console.width, 120)).print(table)
