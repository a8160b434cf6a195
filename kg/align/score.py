"""Scoring measure alignments against hand annotations (``../shared/alignment/README.md``).

An annotated file names a local and a parent document (paths relative to its folder) and
the pairs (local measure, parent measure) by number as FORMAT.md writes them; pairs marked
``optional`` count neither way. Predicted pairs of the local measures the file lists are
matched exactly; precision, recall and F1 are micro-averaged over the files.

The settings (threshold, ratio) are chosen on annotated files: :func:`choose` picks the best
on some files, :func:`leave_one_out` scores each file with the settings chosen on the
others — the figure to expect on pairs never seen.

>>> g = Gold("a", "l.txt", "p.txt", frozenset({("1", "一"), ("2", "三")}), frozenset({("2", "二")}), ("1", "2", "3"))
>>> c = count(g, {("1", "一"), ("2", "二"), ("3", "四")})
>>> (c.tp, c.fp, c.fn)
(1, 1, 1)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.align.core import ALIGNED_KINDS, Settings, aligned, candidates, weights
from kg.evaluate import Counts
from kg.models import Measure

#: the settings tried when choosing: thresholds 0.01–0.40 by 0.01, ratios 0.20–1.00 by 0.05
GRID: tuple[Settings, ...] = tuple(Settings(t / 100, r / 20) for t in range(1, 41) for r in range(4, 21))


@dataclass(frozen=True)
class Gold:
    """One annotated file."""

    name: str
    local: str  # path of the local document
    parent: str
    firm: frozenset[tuple[str, str]]
    optional: frozenset[tuple[str, str]]
    local_measures: tuple[str, ...]


def read_gold(folder: Path) -> list[Gold]:
    """The annotated files (``*.json``) of ``folder``, paths made absolute."""
    out = []
    for f in sorted(folder.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        pairs = [(str(p["local_measure"]), str(p["parent_measure"]), bool(p.get("optional"))) for p in d["pairs"]]
        out.append(Gold(
            f.stem,
            str((folder / d["local"]).resolve()),
            str((folder / d["parent"]).resolve()),
            frozenset((a, b) for a, b, o in pairs if not o),
            frozenset((a, b) for a, b, o in pairs if o),
            tuple(str(x) for x in d.get("local_measures") or sorted({a for a, _, _ in pairs})),
        ))
    return out


def count(gold: Gold, predicted: Iterable[tuple[str, str]]) -> Counts:
    """TP/FP/FN of ``predicted`` (local number, parent number) against ``gold``."""
    listed = set(gold.local_measures)
    pred = {p for p in predicted if p[0] in listed and p not in gold.optional}
    return Counts(len(pred & gold.firm), len(pred - gold.firm), len(gold.firm - pred))


def annotated(measures: Sequence[Measure]) -> dict[str, str]:
    """Measure key -> number for the measure an annotation means by each number: the first
    measure (else the first task-table row) that carries it.

    >>> from kg.models import Span
    >>> ms = [Measure("附件1/1", "1", "", Span(0, 1), None, "row"), Measure("三/1", "1", "", Span(0, 1))]
    >>> annotated(ms)
    {'三/1': '1'}
    """
    out: dict[str, str] = {}
    for kind in ALIGNED_KINDS:
        for m in measures:
            if m.kind == kind and m.number not in out.values():
                out[m.key] = m.number
    return out


@dataclass(frozen=True)
class Table:
    """Every scored pair of one annotated file, by number, for trying settings quickly."""

    gold: Gold
    rows: tuple[tuple[str, str, float, float], ...]  # local number, parent number, score, best

    def predicted(self, cfg: Settings) -> set[tuple[str, str]]:
        return {(a, b) for a, b, s, best in self.rows if s >= cfg.threshold and s >= cfg.ratio * best}

    def counts(self, cfg: Settings) -> Counts:
        return count(self.gold, self.predicted(cfg))


def table(gold: Gold, local: Sequence[Measure], parent: Sequence[Measure]) -> Table:
    """The scored pairs of ``gold``'s two documents, named by annotated numbers."""
    lu, pu = aligned(local), aligned(parent)
    lnum, pnum = annotated(local), annotated(parent)
    rows = []
    for c in candidates(lu, pu, weights(lu + pu)):
        a, b = lu[c.local].measure.key, pu[c.parent].measure.key
        if a in lnum and b in pnum:
            rows.append((lnum[a], pnum[b], c.score, c.best))
    return Table(gold, tuple(rows))


def total(tables: Iterable[Table], cfg: Settings) -> Counts:
    c = Counts()
    for t in tables:
        c += t.counts(cfg)
    return c


def choose(tables: Sequence[Table], grid: Sequence[Settings] = GRID) -> Settings:
    """The settings of ``grid`` with the best micro F1 on ``tables``, then the best
    precision; of settings that tie, the middle one in grid order (away from the edges of
    the plateau, which fit the files most closely).

    >>> t = Table(Gold("a", "l", "p", frozenset({("1", "一")}), frozenset(), ("1",)), (("1", "一", 0.3, 0.3), ("1", "二", 0.1, 0.3)))
    >>> choose([t], [Settings(x / 10, 1.0) for x in range(1, 6)])
    Settings(threshold=0.2, ratio=1.0)
    """
    figures = [(round(c.f1, 6), round(c.precision, 6)) for c in (total(tables, cfg) for cfg in grid)]
    top = max(figures)
    ties = [cfg for cfg, f in zip(grid, figures) if f == top]
    return ties[(len(ties) - 1) // 2]


def leave_one_out(tables: Sequence[Table], grid: Sequence[Settings] = GRID) -> tuple[Counts, list[tuple[str, Settings, Counts]]]:
    """Each file scored with the settings chosen on the others; the micro total and the
    per-file (name, settings, counts)."""
    per = []
    c = Counts()
    for i, t in enumerate(tables):
        cfg = choose([x for j, x in enumerate(tables) if j != i], grid)
        got = t.counts(cfg)
        per.append((t.gold.name, cfg, got))
        c += got
    return c, per


@dataclass
class Report:
    """What ``kg eval --alignment`` prints."""

    settings: Settings  # the settings the alignment uses
    in_sample: Counts  # the files scored with those settings
    chosen: Settings  # the best settings on all files
    chosen_counts: Counts
    loo: Counts
    loo_files: list[tuple[str, Settings, Counts]]
    per_file: list[tuple[str, Counts]]

    def to_json(self) -> dict[str, object]:
        def s(cfg: Settings) -> dict[str, float]:
            return {"threshold": cfg.threshold, "ratio": cfg.ratio}

        return {
            "settings": s(self.settings), "pairs": self.in_sample.figures(),
            "per_file": {n: c.figures() for n, c in self.per_file},
            "best_in_sample": {"settings": s(self.chosen), "pairs": self.chosen_counts.figures()},
            "leave_one_out": {"pairs": self.loo.figures(),
                              "files": {n: {"settings": s(cfg), "pairs": c.figures()} for n, cfg, c in self.loo_files}},
        }


def report(tables: Sequence[Table], settings: Settings | None = None) -> Report:
    cfg = settings or Settings()
    chosen = choose(tables)
    loo, per = leave_one_out(tables)
    return Report(cfg, total(tables, cfg), chosen, total(tables, chosen), loo, per,
                  [(t.gold.name, t.counts(cfg)) for t in tables])


def evaluate(folder: Path, measures_of: Callable[[str], Sequence[Measure]], settings: Settings | None = None) -> Report:
    """Score the alignment on the annotated files of ``folder``; ``measures_of(path)`` gives
    the measures extracted from a document."""
    tables = [table(g, measures_of(g.local), measures_of(g.parent)) for g in read_gold(folder)]
    return report(tables, settings)
