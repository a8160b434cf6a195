"""Measure a meaning signal for measure alignment: word vectors learned from the corpora.

    .venv/bin/pip install gensim     # not a dependency of policy-kg: this probe only
    .venv/bin/python tools/meaning_probe.py ../shared/alignment

Trains word2vec (gensim, skip-gram, 100 dimensions, window 5) on the jieba words of every
paragraph of ``../shared/realcorpus`` (documents whose head names the annotated pairs'
themes — 献血, 红十字, 职业教育 — left out, so that the vectors have not read them), then
scores each pair of measures of the annotated files as BERTScore scores two sentences with
static vectors: each word of one measure matched to its most similar word of the other,
weighed by its rarity in the corpus times its rarity among the two documents' measures
(the pair's theme weighs little), the harmonic mean of both directions. A pair's meaning
score is taken relative to its row and its column (a z-score over the local measure's
scores, and over the parent measure's; the lesser of the two): two documents on one
theme are alike throughout. A pair the lexical alignment does not keep is added when its
meaning score is at least ``z`` and its lexical score at least ``lo`` (a local measure
taking up three at most). Prints the figures of the alignment alone and with the signal,
on all files and leave-one-out (the lexical threshold and ratio chosen with the signal's
settings on two files, scored on the third). README → Measure alignment has the results.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.align.core import Settings, document, numbered_as_cited  # noqa: E402
from kg.align.score import Counts, Table, annotated, count, read_gold, table  # noqa: E402
from kg.pipeline import run_build  # noqa: E402
from kg.workspace import Workspace  # noqa: E402

HAN = re.compile(r"[\u4e00-\u9fff]+")
THEMES = ("献血", "红十字", "职业教育")


def paragraphs(corpus: Path) -> list[list[str]]:
    import jieba

    out = []
    for path in sorted(corpus.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(t in text[:300] for t in THEMES):
            continue
        for line in text.splitlines():
            words = [w for w in jieba.lcut(line) if HAN.fullmatch(w)]
            if len(words) >= 5:
                out.append(words)
    return out


def meaning(t: Table, local: list, parent: list, vectors, idf: dict[str, float]) -> dict[tuple[str, str], float]:
    """The meaning score of every pair of annotated measures of ``t``, z-scored by row and column."""
    import jieba

    ld, pd = document(local), document(parent)
    lnum, pnum = annotated(local), annotated(parent)
    units = [(lnum[u.measure.key], 0, u) for u in ld.units if u.measure.key in lnum]
    units += [(pnum[u.measure.key], 1, u) for u in pd.units if u.measure.key in pnum]
    words = {(n, side): [w for _, s in u.sentences for w in jieba.lcut(s) if HAN.fullmatch(w) and w in vectors.key_to_index]
             for n, side, u in units}
    df = Counter(w for ws in words.values() for w in set(ws))
    n_max = math.log(max(idf.values()) + 1)

    def side(ws: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        if not ws:
            return None
        m = np.stack([vectors[w] for w in ws])
        m /= np.linalg.norm(m, axis=1, keepdims=True)
        wt = np.array([idf.get(w, n_max) * math.log((len(words) + 1) / (1 + df[w])) for w in ws])
        return m, wt

    sides = {k: side(ws) for k, ws in words.items()}
    raw = {}
    for (a, sa), x in sides.items():
        for (b, sb), y in sides.items():
            if sa == 0 and sb == 1:
                if x is None or y is None:
                    raw[(a, b)] = 0.0
                    continue
                s = x[0] @ y[0].T
                p = (s.max(axis=1) * x[1]).sum() / max(x[1].sum(), 1e-9)
                r = (s.max(axis=0) * y[1]).sum() / max(y[1].sum(), 1e-9)
                raw[(a, b)] = 2 * p * r / (p + r) if p + r > 0 else 0.0
    z = {}
    for axis in (0, 1):
        by: dict[str, list[float]] = {}
        for k, v in raw.items():
            by.setdefault(k[axis], []).append(v)
        stats = {k: (float(np.mean(v)), float(np.std(v)) + 1e-6) for k, v in by.items()}
        for k, v in raw.items():
            m, sd = stats[k[axis]]
            z[k] = min(z.get(k, math.inf), (v - m) / sd)
    return z


def predicted(t: Table, z: dict, cfg: Settings, lo: float | None, zt: float | None) -> set[tuple[str, str]]:
    out = t.predicted(cfg)
    if lo is None:
        return out
    lexical = {(a, b): s for a, b, s, _ in t.rows}
    taken = Counter(a for a, _ in out)
    for v, (a, b) in sorted(((v, k) for k, v in z.items() if v >= zt and lexical.get(k, 0.0) >= lo and k not in out), reverse=True):
        if taken[a] < 3:
            out.add((a, b))
            taken[a] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("alignment", type=Path, help="a folder of annotated alignments (../shared/alignment)")
    ap.add_argument("--corpus", type=Path, default=Path("../shared/realcorpus"), help="the text to learn the vectors from")
    ap.add_argument("--workers", type=int, default=2, help="gensim's threads (1: the same vectors every run)")
    a = ap.parse_args(argv)
    from gensim.models import Word2Vec

    paras = paragraphs(a.corpus)
    vectors = Word2Vec(paras, vector_size=100, window=5, min_count=5, sg=1, workers=a.workers, epochs=5, seed=1).wv
    df = Counter(w for p in paras for w in set(p))
    idf = {w: math.log(len(paras) / (1 + c)) for w, c in df.items()}
    print(f"vectors: {len(vectors)} words from {len(paras)} paragraphs")
    golds = read_gold(a.alignment)
    with TemporaryDirectory() as tmp:
        ws = Workspace(tmp)
        run_build(sorted({p for g in golds for p in (g.local, g.parent)}), ws)
        sha = {k: v["sha256"] for k, v in ws.sources().items()}
        files = []
        for g in golds:
            lx, px = ws.load_extraction(sha[g.local]), ws.load_extraction(sha[g.parent])
            t = table(g, lx.measures, px.measures, numbered_as_cited(px.policy.title or "", px.policy.date, lx.policy.date))
            files.append((t, meaning(t, lx.measures, px.measures, vectors, idf)))
    bases = [Settings(th, ra) for th in (0.08, 0.10, 0.12, 0.14, 0.16) for ra in (0.2, 0.3, 0.5)]
    grid = [(b, None, None) for b in bases] + [(b, lo, zt / 10) for b in bases for lo in (0.0, 0.02, 0.04) for zt in range(12, 31)]

    def total(fs: list, c: tuple) -> Counts:
        out = Counts()
        for t, z in fs:
            out += count(t.gold, predicted(t, z, *c))
        return out

    def show(name: str, c: Counts) -> None:
        print(f"{name}: precision {c.precision:.3f} recall {c.recall:.3f} F1 {c.f1:.3f}")

    show("lexical, settings in use", total(files, (Settings(), None, None)))
    for label, g in (("lexical", grid[:len(bases)]), ("with meaning", grid)):
        loo = Counts()
        for i in range(len(files)):
            rest = files[:i] + files[i + 1:]
            figures = [(round(total(rest, c).f1, 6), round(total(rest, c).precision, 6)) for c in g]
            ties = [c for c, f in zip(g, figures) if f == max(figures)]
            loo += total([files[i]], ties[(len(ties) - 1) // 2])
        best = max(g, key=lambda c: (round(total(files, c).f1, 6), total(files, c).precision))
        show(f"{label}, best on all files {best}", total(files, best))
        show(f"{label}, leave-one-out", loo)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
