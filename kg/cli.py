"""The ``kg`` command, assembled from the command modules of :mod:`kg.commands`.

Every command that reads the graph takes ``--workspace`` (default ``./kg-workspace`` or
``$KG_WORKSPACE``) and ``--lang zh|en`` (default Chinese, or ``$KG_LANG``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kg.commands import build, neo4j, questions, rdf, scale, views
from kg.commands.common import JsonOpt, LangOpt, as_prose, console, err
from kg.commands.common import fail as _fail
from kg.i18n import language, t

app = typer.Typer(
    help=(
        "policy-kg: a knowledge graph of Chinese government policy documents.\n\n"
        "Start with `kg build seeds` (reads the sample documents into ./kg-workspace), then ask "
        "`kg lineage 沈政发〔2021〕14号` or `kg implementers 国发〔2019〕4号`."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

#: the command modules, in the order of the command list
MODULES = (build, questions, neo4j, rdf, views, scale)

for _module in MODULES[:1]:
    app.registered_commands += _module.commands.registered_commands


# --- extraction and evaluation -------------------------------------------------------


@app.command("eval")
def eval_cmd(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold JSON files (FORMAT.md).")],
    docs_dir: Annotated[Path, typer.Argument(help="Folder holding the documents the gold files name in 'source'.")],
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    per_document: Annotated[bool, typer.Option("--per-document", help="Also print each document's F1 per field.")] = False,
) -> None:
    """Score the extraction against gold annotations: per-field precision, recall and F1,
    micro-averaged over the documents."""
    from kg.evaluate import score, score_document
    from kg.pipeline import Failure, extract_file

    lang = language(lang)
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        _fail(f"no gold files (*.json) in {gold_dir}")
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for g in gold_files:
        try:
            gold = json.loads(g.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            err.print(f"[red]✗[/] {g}: not a gold file ({exc})", highlight=False)
            continue
        if not isinstance(gold, dict) or "source" not in gold:
            continue
        doc = docs_dir / gold["source"]
        res = extract_file(str(doc))
        if isinstance(res, Failure):
            err.print(f"[red]✗[/] {res}", highlight=False)
            pred: dict[str, Any] = {"policy": {}}
        else:
            pred = res.to_gold(provenance=False)
        pairs.append((gold, pred))
        if per_document:
            scores = score_document(gold, pred)
            err.print(gold["source"] + "  " + "  ".join(f"{k}={v.f1:.2f}" for k, v in scores.items()), highlight=False)
    totals = score(pairs)
    if as_json:
        print(json.dumps({f: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": c.precision, "recall": c.recall, "f1": c.f1}
                          for f, c in totals.items()}, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{t('evaluation', lang)} · {len(pairs)} {t('docs_scored', lang)}")
    for key in ("field",):
        table.add_column(t(key, lang))
    for col in ("TP", "FP", "FN"):
        table.add_column(col, justify="right")
    for key in ("precision", "recall", "f1"):
        table.add_column(t(key, lang), justify="right")
    for f, c in totals.items():
        table.add_row(f, str(c.tp), str(c.fp), str(c.fn), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}")
    Console(width=max(console.width, 100)).print(table)


for _module in MODULES[1:]:
    app.registered_commands += _module.commands.registered_commands
    app.registered_groups += _module.commands.registered_groups
as_prose(app)
