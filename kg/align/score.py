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
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from kg.align.core import REFERENCE_SCORE, Document, Settings, comparable, document, meaning_standing, measure_labels, passage, referenced
from kg.evaluate import Counts
from kg.models import Measure

#: the settings tried when choosing: thresholds 0.01–0.40 by 0.01, ratios 0.20–1.00 by 0.05
GRID: tuple[Settings, ...] = tuple(Settings(t / 100, r / 20, model=None) for t in range(1, 41) for r in range(4, 21))
#: and with the meaning signal (:mod:`kg.align.meaning`), besides those: thresholds
#: 0.06–0.20 by 0.02, ratios 0.2, 0.3 and 0.5, a pair added from 1.2 to 3.0 deviations out by 0.1
MEANING_GRID: tuple[Settings, ...] = tuple(Settings(t / 100, r / 10, meaning=z / 10, model=None)
                                           for t in range(6, 21, 2) for r in (2, 3, 5) for z in range(12, 31))


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
    """Measure key -> the label an annotation names it by, as ``kg adoption`` labels it
    (:func:`kg.align.core.measure_labels` of the measures compared: the number of the first
    that carries it, the full path of the later ones).

    >>> from kg.models import Span
    >>> def m(key, number, text, kind="measure"): return Measure(key, number, text, Span(0, len(text)), None, kind)
    >>> annotated([m("附件1/1", "1", "建设产教融合实训基地十个以上。", "row"), m("三/1", "1", "1.建设产教融合实训基地。"),
    ...            m("四/1", "1", "1.开展职业技能等级证书试点。"), m("五", "五", "五、组织实施")])
    {'三/1': '1', '四/1': '四/1', '附件1/1': '附件1/1'}
    """
    return measure_labels((m.key, m.number, m.key, m.kind) for m in measures if comparable(m.kind, m.text))


@dataclass(frozen=True)
class Table:
    """Every scored pair of one annotated file, by number, for trying settings quickly;
    with the best sentence pair of each and the measures' texts, for listing the pairs."""

    gold: Gold
    rows: tuple[tuple[str, str, float, float], ...]  # local number, parent number, score, best
    passages: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    texts: tuple[dict[str, str], dict[str, str]] = field(default_factory=lambda: ({}, {}))
    #: the pairs a local measure states by naming the parent's article (:func:`kg.align.core.referenced`),
    #: whatever the settings
    named: frozenset[tuple[str, str]] = frozenset()
    #: (z-score, local number, parent number) of the pairs whose meaning score stands out
    #: of its row and column by 1.0 or more (:func:`kg.align.core.meaning_standing`), when asked
    standing: tuple[tuple[float, str, str], ...] = ()
    #: the figures of each row (:func:`kg.align.learn.features`), what a model weighs
    figures: Any = None
    #: whether each row passes the meaning floor (:attr:`kg.align.core.Scored.by_meaning`)
    by_meaning: Any = None

    def passing(self, cfg: Settings) -> list[int]:
        """The rows that pass ``cfg``'s gate (:func:`kg.align.core.gate`)."""
        from kg.align.core import gate

        if not self.rows:
            return []
        s, best = zip(*((r[2], r[3]) for r in self.rows))
        return gate(s, best, self.by_meaning, cfg).nonzero()[0].tolist()

    def predicted(self, cfg: Settings) -> set[tuple[str, str]]:
        """The pairs ``cfg`` keeps, as a build does (:func:`kg.align.core.decide`), and the
        articles the local measures name."""
        from kg.align.core import decide

        out = set(self.named)
        if self.rows:
            local, parent, s, best = zip(*self.rows)
            out.update(self.rows[n][:2] for n in decide(local, parent, s, best, self.by_meaning, self.figures, cfg).tolist())
        if cfg.meaning is not None and (cfg.model is None or not cfg.model.meaning):  # (the rule's additions)
            from kg.align.meaning import added

            out.update(added(out, self.standing, cfg))
        return out

    def counts(self, cfg: Settings) -> Counts:
        return count(self.gold, self.predicted(cfg))

    def unnamed(self) -> list[tuple[str, str]]:
        """The labels of the file's firm pairs that name no measure the alignment compares
        (a pair never found, however good the alignment): (side, label), "local" or
        "parent". An annotation names measures as ``kg adoption`` labels them, and a label
        may come to name another measure, or none, when the extraction reads the document
        differently (a heading it had missed).

        >>> g = Gold("f", "l.txt", "p.txt", frozenset({("1", "五"), ("2", "九")}), frozenset(), ("1", "2"))
        >>> Table(g, (), texts=({"1": "甲", "2": "乙"}, {"五": "丙"})).unnamed()
        [('parent', '九')]
        """
        local, parent = self.texts
        return sorted({("local", a) for a, _ in self.gold.firm if a not in local}
                      | {("parent", b) for _, b in self.gold.firm if b not in parent})


def table(gold: Gold, local: Sequence[Measure], parent: Sequence[Measure], title: str = "", meaning: bool = False) -> Table:
    """The scored pairs of ``gold``'s two documents, named by annotated numbers (``title``:
    the parent's, for the articles the local measures name; ``meaning``: with the pairs'
    meaning scores, :attr:`Table.standing`)."""
    from kg.align.core import WITH_MEANING, scored

    ld, pd = document(local), document(parent)
    lnum, pnum = annotated(local), annotated(parent)
    rows, passages, kept = [], {}, []
    # every pair (threshold and ratio 0), with the figures of the model of the settings in use
    c = scored(ld, pd, replace(WITH_MEANING if meaning else Settings(), threshold=0.0, ratio=0.0))
    for n, (x, y, score, best, li, k) in enumerate(zip(c.i.tolist(), c.j.tolist(), c.s.tolist(), c.best.tolist(), c.li.tolist(), c.k.tolist())):
        a, b = ld.units[x], pd.units[y]
        if a.measure.key in lnum and b.measure.key in pnum:
            key = (lnum[a.measure.key], pnum[b.measure.key])
            rows.append((*key, score, best))
            kept.append(n)
            if li >= 0:
                passages[key] = (passage(a, li).text, passage(b, k).text)
    texts = ({lnum[m.key]: m.text for m in local if m.key in lnum}, {pnum[m.key]: m.text for m in parent if m.key in pnum})
    named = set()
    for a, b, x, y in referenced(ld, pd, title):
        ka, kb = ld.units[a].measure.key, pd.units[b].measure.key
        if ka in lnum and kb in pnum:
            named.add((lnum[ka], pnum[kb]))
            passages.setdefault((lnum[ka], pnum[kb]), (passage(ld.units[a], x).text, passage(pd.units[b], y).text))
    return Table(gold, tuple(rows), passages, texts, frozenset(named), _standing(ld, pd, lnum, pnum) if meaning else (),
                 c.figures[kept], c.by_meaning[kept])


def _standing(ld: Document, pd: Document, lnum: dict[str, str], pnum: dict[str, str]) -> tuple[tuple[float, str, str], ...]:
    """:attr:`Table.standing` of two documents (every unit of both counts in the z-scores)."""
    import numpy as np

    z = meaning_standing(ld, pd)
    out = []
    for a, b in np.argwhere(z >= 1.0).tolist():
        ka, kb = ld.units[a].measure.key, pd.units[b].measure.key
        if ka in lnum and kb in pnum:
            out.append((float(z[a, b]), lnum[ka], pnum[kb]))
    return tuple(out)


@dataclass(frozen=True)
class Verdict:
    """One pair of an annotated file as the alignment judged it: ``TP`` (found, firm),
    ``FP`` (found, not annotated) or ``FN`` (firm, not found); its score (``None``: the two
    measures share no indexed bigram) and the passages compared (the measures' texts when
    none was)."""

    file: str
    kind: str
    local: str
    parent: str
    score: float | None
    best: float | None  # the local measure's best score
    local_text: str
    parent_text: str


def verdicts(t: Table, cfg: Settings) -> list[Verdict]:
    """The true, false and missed pairs of ``t`` with ``cfg``, missed first, in number order.

    >>> g = Gold("a", "l", "p", frozenset({("1", "一"), ("2", "二")}), frozenset(), ("1", "2"))
    >>> t = Table(g, (("1", "一", 0.3, 0.3), ("1", "三", 0.2, 0.3)))
    >>> [(v.kind, v.local, v.parent, v.score) for v in verdicts(t, Settings(0.1, 0.5, model=None))]
    [('FN', '2', '二', None), ('FP', '1', '三', 0.2), ('TP', '1', '一', 0.3)]
    """
    scored = {(a, b): (s, best) for a, b, s, best in t.rows}
    pred = {p for p in t.predicted(cfg) if p[0] in t.gold.local_measures and p not in t.gold.optional}
    kinds = [("FN", t.gold.firm - pred), ("FP", pred - t.gold.firm), ("TP", pred & t.gold.firm)]
    out = []
    for kind, pairs in kinds:
        for a, b in sorted(pairs):
            s, best = scored.get((a, b), (None, None))
            if (a, b) in t.named:
                s = REFERENCE_SCORE
            lt, pt = t.passages.get((a, b), (t.texts[0].get(a, ""), t.texts[1].get(b, "")))
            out.append(Verdict(t.gold.name, kind, a, b, s, best, lt, pt))
    return out


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
    >>> choose([t], [Settings(x / 10, 1.0, model=None) for x in range(1, 6)])
    Settings(threshold=0.2, ratio=1.0, most=3, meaning=None, model=None)
    """
    figures = [(round(c.f1, 6), round(c.precision, 6)) for c in (total(tables, cfg) for cfg in grid)]
    top = max(figures)
    ties = [cfg for cfg, f in zip(grid, figures) if f == top]
    return ties[(len(ties) - 1) // 2]


#: the cuts tried when a model is fitted: probabilities 0.10–0.90 by 0.025
CUTS = tuple(n / 40 for n in range(4, 37))


def learn(tables: Sequence[Table], gate: Settings) -> Settings:
    """``gate`` with a model (:func:`kg.align.learn.fit`) learned from ``tables``: the rows
    that pass the gate's threshold and ratio, labelled by the annotations (firm: 1; optional
    pairs and local measures the files do not list left out), and the cut of :data:`CUTS`
    with the best F1 on them (:func:`choose`); ``gate`` itself when they hold no take-up and
    no other pair to learn from."""
    import numpy as np

    from kg.align.learn import fit

    xs, ys = [], []
    for t in tables:
        listed = set(t.gold.local_measures)
        for n in t.passing(gate):
            a, b = t.rows[n][:2]
            if a in listed and (a, b) not in t.gold.optional:
                xs.append(t.figures[n])
                ys.append(1 if (a, b) in t.gold.firm else 0)
    if len(set(ys)) < 2:
        return gate
    m = fit(np.array(xs), np.array(ys))
    return choose(tables, [replace(gate, model=replace(m, cut=c)) for c in CUTS])


def leave_one_out(tables: Sequence[Table], grid: Sequence[Settings] = GRID) -> tuple[Counts, list[tuple[str, Settings, Counts]]]:
    """Each file scored with the settings chosen on the others (with a model in ``grid``'s
    settings, the model learned on the others, :func:`learn`); the micro total and the
    per-file (name, settings, counts)."""
    per = []
    c = Counts()
    for i, t in enumerate(tables):
        others = [x for j, x in enumerate(tables) if j != i]
        cfg = learn(others, grid[0]) if grid[0].model is not None else choose(others, grid)
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
    verdicts: list[Verdict] = field(default_factory=list)  # every pair, with the settings in use

    def to_json(self, per_pair: bool = False) -> dict[str, object]:
        def s(cfg: Settings) -> dict[str, float]:
            return ({"threshold": cfg.threshold, "ratio": cfg.ratio} | ({} if cfg.meaning is None else {"meaning": cfg.meaning})
                    | ({} if cfg.model is None else {"cut": cfg.model.cut}))

        pairs = {"verdicts": [asdict(v) for v in self.verdicts]} if per_pair else {}
        return pairs | {
            "settings": s(self.settings), "pairs": self.in_sample.figures(),
            "per_file": {n: c.figures() for n, c in self.per_file},
            "best_in_sample": {"settings": s(self.chosen), "pairs": self.chosen_counts.figures()},
            "leave_one_out": {"pairs": self.loo.figures(),
                              "files": {n: {"settings": s(cfg), "pairs": c.figures()} for n, cfg, c in self.loo_files}},
        }


def report(tables: Sequence[Table], settings: Settings | None = None) -> Report:
    """The figures of ``tables`` with ``settings`` (default :class:`Settings`), and with the
    settings chosen on them: from :data:`GRID`, and :data:`MEANING_GRID` as well when
    ``settings`` use the meaning signal."""
    cfg = settings or Settings()
    if cfg.model is not None:
        grid: Sequence[Settings] = (cfg,)
        chosen = learn(tables, cfg)
    else:
        grid = GRID if cfg.meaning is None else GRID + MEANING_GRID
        chosen = choose(tables, grid)
    loo, per = leave_one_out(tables, grid)
    return Report(cfg, total(tables, cfg), chosen, total(tables, chosen), loo, per,
                  [(t.gold.name, t.counts(cfg)) for t in tables], [v for t in tables for v in verdicts(t, cfg)])


def tables_of(golds: Path | Sequence[Gold], measures_of: Callable[[str], Sequence[Measure]], meaning: bool = False,
              title_of: Callable[[str, str], str] | None = None) -> list[Table]:
    """The :class:`Table` of each annotated file of ``golds`` (or of a folder);
    ``measures_of(path)`` gives the measures extracted from a document, ``title_of(local,
    parent)`` the parent's title for the articles the local document names
    (:func:`kg.align.core.numbered_as_cited`); ``meaning``: with the meaning scores."""
    files = read_gold(golds) if isinstance(golds, Path) else golds
    return [table(g, measures_of(g.local), measures_of(g.parent), title_of(g.local, g.parent) if title_of else "", meaning)
            for g in files]


def evaluate(golds: Path | Sequence[Gold], measures_of: Callable[[str], Sequence[Measure]], settings: Settings | None = None,
             title_of: Callable[[str, str], str] | None = None) -> Report:
    """Score the alignment with ``settings`` on the annotated files ``golds`` (or those of a
    folder; the rest as :func:`tables_of`)."""
    meaning = settings is not None and settings.meaning is not None
    return report(tables_of(golds, measures_of, meaning, title_of), settings)
