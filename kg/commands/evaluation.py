"""``kg eval``: the extraction scored against gold annotations (``../shared/gold/FORMAT.md``),
set by set and by kind of document; the scoring itself is :mod:`kg.evaluate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kg.commands.common import JsonOpt, LangOpt, console, err, fail
from kg.i18n import language, t

commands = typer.Typer()



@commands.command("eval")
def eval_cmd(
    sets: Annotated[list[Path] | None, typer.Argument(
        metavar="GOLD_DIR DOCS_DIR", show_default=False,
        help="Pairs: a folder of gold JSON files (rules: ../shared/gold/FORMAT.md; the project's copy seeds/gold/FORMAT.md is the same file) "
             "and the folder holding the documents their 'source' names. Several pairs score several sets.")] = None,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    per_document: Annotated[bool, typer.Option("--per-document", help="Also print each document's kind and F1 per field (with --alignment: every pair found or missed, with its score and passages).")] = False,
    alignment: Annotated[list[Path] | None, typer.Option("--alignment", metavar="DIR",
        help="Score the measure alignment on the annotated pairs of DIR (../shared/alignment/README.md) instead; "
             "give it again for more folders, scored as one set (kg eval --alignment ../shared/alignment --alignment seeds/alignment).")] = None,
    meaning: Annotated[bool, typer.Option("--meaning", help="With --alignment: score the alignment with its meaning signal (kg build --meaning), "
                                          "its model refitted without each file in turn for the leave-one-out figure.")] = False,
) -> None:
    """Score the extraction against gold annotations, set by set.

    As FORMAT.md "Scoring" says:
    per-field precision, recall and F1 micro-averaged over the documents, and F1 by kind of
    document (plan or notice, law or regulation, web page with a header table, text without
    its header: read from the document, not its name). --json prints every figure: one set's
    object (field figures at the top level, with "kinds" and "per_document"), or
    {"sets": [...]} for several.

    Example: kg eval ../shared/gold ../shared/seeds ../shared/gold2 ../shared/gold2/docs"""
    from rich.markup import escape

    from kg.evaluate import KINDS, evaluate_set

    if alignment:
        from kg.commands.alignment import alignment_eval

        return alignment_eval(alignment, as_json, per_document, lang, meaning)
    sets = sets or []
    lang = language(lang)
    if not sets or len(sets) % 2:
        fail("give pairs: GOLD_DIR DOCS_DIR [GOLD_DIR DOCS_DIR]...")
    def warn(msg: str) -> None:
        err.print(f"[red]✗[/] {escape(msg)}", highlight=False)

    results = []
    for gold_dir, docs_dir in zip(sets[::2], sets[1::2]):
        res = evaluate_set(gold_dir, docs_dir, warn)
        if not res.documents:
            fail(f"no gold files (*.json) in {gold_dir}")
        results.append(res)
    if as_json:
        data = [r.to_json() for r in results]
        print(json.dumps(data[0] if len(data) == 1 else {"sets": data}, ensure_ascii=False, indent=2))
        return
    out = Console(width=max(console.width, 140))
    for res in results:
        kinds = res.by_kind()
        table = Table(title=f"{t('evaluation', lang)} · {escape(res.gold_dir)} · {len(res.documents)} {t('docs_scored', lang)}")
        table.add_column(t("field", lang))
        for col in ("TP", "FP", "FN"):
            table.add_column(col, justify="right")
        for key in ("precision", "recall", "f1"):
            table.add_column(t(key, lang), justify="right")
        for kind, (n, _) in kinds.items():
            table.add_column(f"F1 {kind} ({n})", justify="right")
        for f, c in res.totals().items():
            by_kind = [f"{counts[f].f1:.3f}" if f in counts and counts[f].tp + counts[f].fp + counts[f].fn else "-"
                       for _, counts in kinds.values()]
            table.add_row(f, str(c.tp), str(c.fp), str(c.fn), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", *by_kind)
        out.print(table)
        out.print("  " + "; ".join(f"{k}: {KINDS[k]}" for k in kinds), highlight=False)
        if per_document:
            for d in res.documents:
                out.print(f"  {escape(d.source)} \\[{d.kind}]  " + "  ".join(f"{k}={v.f1:.2f}" for k, v in d.counts.items() if v.tp + v.fp + v.fn), highlight=False)
