"""``kg`` commands: a synthetic corpus for scale.

=================================  =============================================================
``kg synth OUT --documents N``     write N synthetic policy documents (cascades of a national
                                   directive, provincial, city and county plans; :mod:`kg.synth`)
                                   under OUT, with their ground truth in ``OUT/truth.jsonl``
=================================  =============================================================

``kg build OUT`` then reads them like any other documents (``truth.jsonl`` and ``gold/`` are
not documents); ``kg eval OUT/gold OUT`` scores the extraction when ``--gold`` wrote one gold
file per document.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.commands.common import JsonOpt, console, err, fail

commands = typer.Typer()


@commands.command("synth")
def synth_cmd(
    out: Annotated[Path, typer.Argument(help="Folder to write the documents to (created; files in folders of 1,000).")],
    documents: Annotated[int, typer.Option("--documents", "-n", help="How many documents (any number; a full cascade is 3,165).")] = 1000,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Seed: the same seed and number give the same files, byte for byte.")] = 0,
    gold: Annotated[bool, typer.Option("--gold", help="Also write one gold file per document to OUT/gold/ (for `kg eval OUT/gold OUT`).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Write a synthetic corpus for scale tests: realistic cascades of policy documents —
    a national directive, provincial implementations, city and county plans — citing their
    parents by 《title》(发文字号), with numbered measures, responsibility parentheticals and
    task tables, targets, and web-page chrome (HTML pages and text files, UTF-8 and GBK).
    The ground truth of every document goes to OUT/truth.jsonl."""
    from kg.synth import write_corpus

    if documents < 1:
        fail("--documents must be at least 1")
    if out.exists() and not out.is_dir():
        fail(f"{out} is a file, not a folder")
    if out.exists() and (out / "truth.jsonl").exists():
        err.print(f"[yellow]![/] {out} already holds a synthetic corpus: it is written again", highlight=False)
    started = time.perf_counter()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                  transient=True, disable=as_json or not err.is_terminal) as bar:
        task = bar.add_task("synth", total=documents)
        report = write_corpus(out, documents, seed, gold=gold, progress=lambda done, total: bar.update(task, completed=done))
    seconds = time.perf_counter() - started
    summary = {
        "documents": report.documents, "bytes": report.bytes, "levels": report.levels, "forms": report.forms,
        "seed": seed, "out": str(out), "truth": str(out / "truth.jsonl"), "seconds": round(seconds, 2),
    }
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    levels = " · ".join(f"{k} {v}" for k, v in report.levels.items())
    forms = " · ".join(f"{k} {v}" for k, v in report.forms.items())
    console.print(f"{report.documents} documents ({report.bytes / 2**20:.1f} MB) → {out} in {seconds:.1f} s", highlight=False)
    console.print(f"  levels: {levels}", highlight=False)
    console.print(f"  forms:  {forms}", highlight=False)
    console.print(f"  ground truth: {out / 'truth.jsonl'}", highlight=False)
