"""Clause-level lineage: ``kg adoption`` (which parent measures a local document takes up)
and the scoring of the alignment behind ``kg eval --alignment``."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from typing import Annotated, Optional

from rich.markup import escape

from kg.commands.common import (JsonOpt, LangOpt, LimitOpt, OffsetOpt, PolicyArg, StoreOptions, console, err, fail, page_from, page_json, page_note,
                                pick_policy, tr, with_store_options)
from kg.questions import Paged
from kg.i18n import language

commands = typer.Typer()


def annotated_tables(folders: list[Path], meaning: bool = False) -> list:  # list[kg.align.score.Table]
    """Build the documents the annotated files of ``folders`` name into a scratch workspace
    and score every pair of each file (:func:`kg.align.score.tables_of`)."""
    from kg.align.core import numbered_as_cited
    from kg.align.score import read_gold, tables_of
    from kg.pipeline import run_build
    from kg.workspace import Workspace

    golds = [g for folder in folders for g in read_gold(folder)]
    if not golds:
        fail(f"no annotated alignments (*.json) in {', '.join(map(str, folders))}")
    paths = sorted({p for g in golds for p in (g.local, g.parent)})
    with tempfile.TemporaryDirectory(prefix="kg-align-") as tmp:
        ws = Workspace(tmp)
        run_build(paths, ws)
        sha = {k: v["sha256"] for k, v in ws.sources().items()}
        missing = [p for p in paths if p not in sha]
        if missing:
            fail("could not read: " + ", ".join(missing))
        def cited_title(local: str, parent: str) -> str:
            lp, pp = ws.load_extraction(sha[local]).policy, ws.load_extraction(sha[parent]).policy
            return numbered_as_cited(pp.title or "", pp.date, lp.date)

        return tables_of(golds, lambda p: ws.load_extraction(sha[p]).measures, meaning, title_of=cited_title)


def alignment_eval(folders: list[Path], as_json: bool, per_pair: bool = False, lang: str | None = None, meaning: bool = False) -> None:
    """Build the documents the annotated files of ``folders`` name into a scratch workspace,
    align each pair and print the scores (in sample, and leave-one-out across the files);
    with ``per_pair``, first every pair found or missed (:func:`kg.align.score.verdicts`);
    with ``meaning``, the alignment's settings with the meaning signal
    (:data:`kg.align.core.WITH_MEANING`)."""
    from kg.align.core import WITH_MEANING
    from kg.align.score import report

    tables = annotated_tables(folders, meaning)
    rep = report(tables, WITH_MEANING if meaning else None)
    unnamed = {t.gold.name: labels for t in tables if (labels := t.unnamed())}
    for name, labels in unnamed.items():  # (on standard error: the JSON on standard output stays whole)
        err.print(f"[yellow]![/] {escape(name)}: " + escape("、".join(f"{side} {label}" for side, label in labels))
                  + " named by a firm pair but by no measure compared: the pair counts as missed; the file names measures as "
                  "`kg adoption` labels them, which a change of the extraction can move (re-check its pairs)",
                  highlight=False, soft_wrap=True)
    if as_json:
        print(json.dumps(rep.to_json(per_pair) | ({"unnamed": {n: [list(x) for x in v] for n, v in unnamed.items()}} if unnamed else {}),
                         ensure_ascii=False, indent=2))
        return
    if per_pair:
        _print_verdicts(rep.verdicts, lang)
    table = Table(title=f"{tr('alignment_eval', lang)} · {' + '.join(map(str, folders))} · {len(tables)} {tr('document_pairs', lang)}")
    for col in ("", "settings", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(tr(col, lang) if col in ("settings", "precision", "recall") else col,
                         justify="left" if col in ("", "settings") else "right")

    def row(name: str, cfg: object, c: object) -> None:
        s = f"t={cfg.threshold:.2f} r={cfg.ratio:.2f}" if cfg is not None else ""  # type: ignore[attr-defined]
        if cfg is not None and cfg.model is not None:  # type: ignore[attr-defined]
            s += f" p={cfg.model.cut:.3f}"  # type: ignore[attr-defined]
        if cfg is not None and cfg.meaning is not None:  # type: ignore[attr-defined]
            s += f" z={cfg.meaning:.1f}"  # type: ignore[attr-defined]
        table.add_row(name, s, str(c.tp), str(c.fp), str(c.fn), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}")  # type: ignore[attr-defined]

    for name, c in rep.per_file:
        row(name, rep.settings, c)
    row(tr("all_in_use", lang), rep.settings, rep.in_sample)
    row(tr("all_best_in_sample", lang), rep.chosen, rep.chosen_counts)
    for name, cfg, c in rep.loo_files:
        row(f"{name} ({tr('left_out', lang)})", cfg, c)
    row(tr("all_leave_one_out", lang), None, rep.loo)
    Console(width=max(console.width, 120)).print(table)


def _print_verdicts(verdicts: list, lang: str | None = None) -> None:  # list[kg.align.score.Verdict]
    """Each pair of the annotated files: missed (FN), wrong (FP), then found (TP)."""
    out = Console(width=max(console.width, 160))
    table = Table(title=tr("alignment_verdicts", lang))
    for col in ("file", "", "local_measure", "parent_measure", "score", "best_score", "local_passage", "parent_passage"):
        table.add_column(tr(col, lang) if col else "", overflow="fold", justify="right" if col in ("score", "best_score") else "left")
    for v in verdicts:
        num = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
        table.add_row(v.file, v.kind, v.local, v.parent, num(v.score), num(v.best), escape(_short(v.local_text, 70)), escape(_short(v.parent_text, 70)))
    out.print(table)


ParentOpt = Annotated[Optional[str], typer.Option("--parent", help="Only the measures of this directive (发文字号 or title); default: every directive the document implements.")]


def _short(text: str | None, n: int = 60) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


@commands.command("adoption")
@with_store_options
def adoption_cmd(
    policy: PolicyArg, store: StoreOptions,
    parent: ParentOpt = None,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
) -> None:
    """The measures of its directives a local document takes up.

    For each measure of the document, the directive's measures it takes up (carries out,
    restates, specifies or adapts), with the alignment score and the two aligned passages;
    then the directive's measures it does not take up (named query queries/adoption.rq; with
    --neo4j, queries/adoption.cypher). --json: {"pairs": [{local_measure, parent_measure,
    score, local_text, parent_text, …}], "not_taken_up": [...]}; measure numbers as FORMAT.md
    writes them ("7", "十四", "五" for 第五条), the full path where numbers restart. The pairs
    come in pages (--limit, --offset; --json gives every pair unless --limit is given, with
    total, offset and limit); the measures not taken up are listed whole."""
    from kg.questions import adoption

    lang = language(lang)
    source = store.source()
    ref = pick_policy(source, policy, lang)
    directive = pick_policy(source, parent, lang) if parent else None
    found = adoption(source, ref, directive)
    page = page_from(limit, offset, as_json)
    shown = Paged.of(found.pairs, page)
    if as_json:
        print(json.dumps({**found.to_dict(), **page_json(shown), "pairs": [t.to_dict() for t in shown.rows]}, ensure_ascii=False, indent=2))
        return
    out = Console(width=max(console.width, 140))
    names = "、".join(escape(p.label) for p in found.parents) or "-"
    table = Table(title=f"{escape(ref.label)} → {names}", caption=page_note(shown, lang))
    for col in ("local_measure", "parent_measure", "score", "local_passage", "parent_passage"):
        table.add_column(tr(col, lang), overflow="fold", justify="right" if col == "score" else "left")
    for t in shown.rows:
        table.add_row(escape(t.local.label), escape(t.parent.label), f"{t.score:.2f}", escape(_short(t.local_text)), escape(_short(t.parent_text)))
    out.print(table)
    if not found.parents:
        out.print(tr("no_directive_implemented", lang))
    if found.not_taken_up:
        out.print(f"{tr('not_taken_up', lang)} ({len(found.not_taken_up)}):")
        for p, m in found.not_taken_up:
            out.print(f"  {escape(p.label)} {escape(m.label)}  {escape(_short(m.text, 80))}", highlight=False)
