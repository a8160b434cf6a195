"""Whether a scored pair is a take-up, from six figures of the pair weighed together.

The lexical score of a pair (:func:`kg.align.core.scores`) alone cannot tell a take-up from
a pair that shares a phrase: the hand-annotated files show that what separates them is how
the pair stands among the others — against the local measure's best pair, against the best
pair of the parent measure (a parent article that another local article restates word for
word is seldom also taken up, in passing, by a third), and where it lies against the
order the two documents follow (a local regulation takes up its law's articles mostly in
the law's order), and how its sentences stand among the sentence pairs (a local article that
restates two parent articles, a sentence each). :func:`features` computes the six,
:class:`Model` weighs them
(logistic regression), :func:`fit` learns the weights from annotated pairs
(``tools/fit_alignment.py`` writes ``kg/data/alignment_model.json``; ``kg eval
--alignment`` refits them without each file in turn, for the figure on pairs never seen).
With the meaning signal (``kg build --meaning``), a model of its own weighs three figures
more (:func:`meaning_figures`, ``kg/data/alignment_model_meaning.json``).

>>> import numpy as np
>>> from kg.align.sparse import SentencePairs
>>> i, j, s = np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]), np.array([0.5, 0.1, 0.4, 0.35])
>>> one = np.zeros(4, dtype=np.int64)  # (each measure one sentence)
>>> features(i, j, s, 3, 3, SentencePairs(i, j, s, one, one)).round(2).tolist()
[[-0.69, 1.0, 1.0, 0.0, 1.0, 1.0], [-2.29, 0.2, 0.25, 3.54, 0.0, 0.25], [-0.91, 1.0, 1.0, 0.0, 1.0, 1.0], [-1.05, 1.0, 1.0, 0.0, 1.0, 1.0]]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kg.align.sparse import starts

if TYPE_CHECKING:
    from kg.align.sparse import SentencePairs

MODEL_JSON = Path(__file__).resolve().parent.parent / "data" / "alignment_model.json"
#: the model with the meaning signal (``kg build --meaning``)
MEANING_JSON = Path(__file__).resolve().parent.parent / "data" / "alignment_model_meaning.json"

#: the figures of a pair, in the order of :func:`features`' columns
FEATURES = ("log_score", "of_local_best", "of_parent_best", "log_off_order", "local_sentences_best", "of_parent_sentence_best")
#: and with the meaning signal, :func:`meaning_figures`' columns after them
MEANING_FEATURES = FEATURES + ("meaning_z", "meaning_rank_local", "meaning_rank_parent")
#: a meaning rank counts up to this (a pair further down its row or column is as far as this)
RANKS = 5
#: a pair, or a sentence pair, counts in the figures that set it against the others
#: (:func:`off_order`, :func:`sentence_figures`) when it scores this much (the alignment's
#: default threshold: a build leaves the sentence pairs under it out first)
FLOOR = 0.03
#: a local sentence is one of those that take up the parent measure it scores best against
#: when that score is this much (:func:`sentence_figures`), and they count up to SENTENCES
SENTENCE_BEST, SENTENCES = 0.1, 3


def features(i: Any, j: Any, s: Any, n_local: int, n_parent: int, sentences: SentencePairs) -> Any:
    """The figures (:data:`FEATURES`) of the scored pairs (local unit ``i``, parent unit
    ``j``, score ``s``) of two documents of ``n_local`` and ``n_parent`` units, whose
    sentence pairs are ``sentences`` (:func:`kg.align.sparse.sentence_pairs`): the
    logarithm of the score, the score over the local measure's best and over the parent
    measure's best, how far the pair lies off the documents' order (:func:`off_order`, as
    the logarithm of 100 times it, plus 1), and the two figures of its sentences
    (:func:`sentence_figures`). Every pair of the two documents that may pass must be among
    them (the bests are theirs)."""
    i, j, s = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64), np.asarray(s, dtype=np.float64)
    row, col = np.zeros(n_local), np.zeros(n_parent)
    np.maximum.at(row, i, s)
    np.maximum.at(col, j, s)
    with np.errstate(divide="ignore", invalid="ignore"):
        of_row = np.where(row[i] > 0, s / row[i], 0.0)
        of_col = np.where(col[j] > 0, s / col[j], 0.0)
    return np.column_stack([np.log(s + 1e-3), of_row, of_col, np.log(100 * off_order(i, j, s, n_local, n_parent) + 1),
                            sentence_figures(sentences, i, j, n_parent)])


def sentence_figures(sentences: SentencePairs, i: Any, j: Any, n_parent: int) -> Any:
    """Two figures of each pair (local unit ``i``, parent unit ``j``) from the two
    documents' ``sentences`` (:func:`kg.align.sparse.sentence_pairs`, those scoring
    :data:`FLOOR` or more): how many sentences of the local measure score best
    against the parent measure (:data:`SENTENCE_BEST` at least; up to :data:`SENTENCES`), and
    the most, over the parent measure's sentences, of the pair's score against the sentence's
    best. A local article that restates two parent articles one sentence each is the best of
    its sentences for both, where its measure's best pair is only one of them; a parent
    sentence a local measure restates best is taken up there, however much the rest of the
    two measures differ.

    >>> from kg.align.sparse import SentencePairs
    >>> # local 0: sentence 0 restates parent 0, sentence 1 parent 1; local 1 shares a phrase with parent 1
    >>> p = SentencePairs(np.array([0, 0, 0, 1]), np.array([0, 1, 0, 1]), np.array([0.6, 0.2, 0.05, 0.1]),
    ...                   np.array([0, 1, 1, 0]), np.array([0, 0, 0, 0]))
    >>> sentence_figures(p, np.array([0, 0, 1]), np.array([0, 1, 1]), 2).tolist()
    [[1.0, 1.0], [1.0, 1.0], [1.0, 0.5]]
    """
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    out = np.zeros((len(i), 2))
    p = sentences if sentences.s.min(initial=FLOOR) >= FLOOR else sentences.where(sentences.s >= FLOOR)
    if not len(p.s) or not len(i):
        return out
    # each sentence pair's row of (i, j), -1 when the pair is not asked for
    want = i * n_parent + j
    sorter = np.argsort(want, kind="stable")
    key = p.i.astype(np.int64) * n_parent + p.j
    x = np.minimum(np.searchsorted(want, key, sorter=sorter), len(want) - 1)
    row = np.where(want[sorter[x]] == key, sorter[x], -1)
    # each local sentence's best score; the measure pairs a local sentence scores best
    # against (SENTENCE_BEST at least) count it once each
    local = p.i.astype(np.int64) * (int(p.li.max()) + 1) + p.li
    best = np.zeros(int(local.max()) + 1)
    np.maximum.at(best, local, p.s)
    top = np.flatnonzero((p.s >= best[local]) & (p.s >= SENTENCE_BEST) & (row >= 0))
    taken = np.unique(row[top] * (len(best)) + local[top]) // len(best)  # (a sentence once a pair)
    out[:, 0] = np.minimum(np.bincount(taken, minlength=len(i)), SENTENCES)
    # each parent sentence's best score, and each pair's most of a parent sentence's best
    parent = p.j.astype(np.int64) * (int(p.k.max()) + 1) + p.k
    pbest = np.zeros(int(parent.max()) + 1)
    np.maximum.at(pbest, parent, p.s)
    asked = row >= 0
    np.maximum.at(out[:, 1], row[asked], p.s[asked] / pbest[parent[asked]])
    return out


def off_order(i: Any, j: Any, s: Any, n_local: int, n_parent: int) -> Any:
    """How far each pair lies off the order of the two documents, as a share of the
    parent's units: the parent unit expected for local unit ``i`` is the isotonic regression
    (non-decreasing, :func:`isotonic`) of each local unit's best parent unit on its position, weighted
    by that best score (pairs scoring :data:`FLOOR` or more), interpolated between the local
    units that have one; in proportion when none has.

    >>> off_order(np.array([0, 1, 2, 1]), np.array([0, 1, 2, 5]), np.array([0.5, 0.1, 0.5, 0.1]), 3, 10).tolist()
    [0.0, 0.0, 0.0, 0.4]
    >>> # local 1's best (parent 9, a weaker pair) breaks the order the others follow: it lies furthest off
    >>> off_order(np.array([0, 1, 2, 3]), np.array([0, 9, 2, 3]), np.array([0.5, 0.2, 0.5, 0.5]), 4, 10).round(3).tolist()
    [0.0, 0.542, 0.158, 0.058]
    """
    i, j, s = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64), np.asarray(s, dtype=np.float64)
    counted = s >= FLOOR
    if not counted.any():
        return np.abs(j / max(n_parent, 1) - i / max(n_local, 1))
    a, b, w = i[counted], j[counted], s[counted]
    order = np.lexsort((b, -w, a))
    first = order[starts(a[order])]  # each local unit's best (ties: the first parent unit)
    rows, best, weight = a[first], b[first], w[first]
    expected = np.interp(i, rows, isotonic(best.tolist(), weight.tolist()))
    return np.abs(j - expected) / max(n_parent, 1)


def isotonic(y: Sequence[float], w: Sequence[float]) -> list[float]:
    """The non-decreasing sequence nearest ``y`` in least squares weighted by ``w`` (pool
    adjacent violators; ``scipy.optimize.isotonic_regression`` computes the same, but its
    import costs a build's every worker a third of a second, and its call more than the loop
    on the few dozen local measures of an edge).

    >>> isotonic([0.0, 9.0, 2.0, 3.0], [0.5, 0.2, 0.5, 0.5])
    [0.0, 3.5833333333333335, 3.5833333333333335, 3.5833333333333335]
    >>> isotonic([1.0, 2.0, 2.0], [1.0, 1.0, 1.0])
    [1.0, 2.0, 2.0]
    """
    means: list[float] = []
    weights: list[float] = []
    sizes: list[int] = []
    for v, x in zip(y, w):
        means.append(v)
        weights.append(x)
        sizes.append(1)
        while len(means) > 1 and means[-2] > means[-1]:
            m, x2, n = means.pop(), weights.pop(), sizes.pop()
            total = weights[-1] + x2
            means[-1] = (means[-1] * weights[-1] + m * x2) / total if total > 0 else (means[-1] + m) / 2
            weights[-1] = total
            sizes[-1] += n
    out: list[float] = []
    for m, n in zip(means, sizes):
        out.extend([m] * n)
    return out


def meaning_figures(sim: Any, z: Any, i: Any, j: Any) -> Any:
    """The meaning signal's figures of the pairs (``i``, ``j``) (the last three of
    :data:`MEANING_FEATURES`): how far the pair's meaning score ``sim`` stands out of its
    row and column (``z``, :func:`kg.align.meaning.relative`; under 0, or across a duty and a
    liability clause (-inf), as 0), and its rank in its local measure's row and in its parent
    measure's column (0: the most alike; at most :data:`RANKS`).

    >>> sim = np.array([[0.9, 0.5], [0.2, 0.8]]); z = np.array([[1.5, -0.5], [-np.inf, 1.0]])
    >>> meaning_figures(sim, z, np.array([0, 0, 1]), np.array([0, 1, 0])).tolist()
    [[1.5, 0.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]
    """
    by_row = (-sim).argsort(axis=1, kind="stable").argsort(axis=1, kind="stable")
    by_column = (-sim).argsort(axis=0, kind="stable").argsort(axis=0, kind="stable")
    zz = np.where(np.isfinite(z[i, j]), np.maximum(z[i, j], 0.0), 0.0)
    return np.column_stack([zz, np.minimum(by_row[i, j], RANKS), np.minimum(by_column[i, j], RANKS)]).astype(np.float64)


@dataclass(frozen=True)
class Model:
    """A logistic regression over ``features`` (:data:`FEATURES`, or
    :data:`MEANING_FEATURES` with the meaning signal; standardised by ``mean`` and
    ``scale``): a pair is taken up when its probability is at least ``cut``."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    cut: float
    features: tuple[str, ...] = FEATURES

    @property
    def meaning(self) -> bool:
        """Whether it weighs the meaning signal's figures too."""
        return self.features == MEANING_FEATURES

    def probability(self, x: Any) -> Any:
        """The probability of each row of ``x`` (:func:`features`) being a take-up."""
        z = (np.asarray(x, dtype=np.float64) - np.array(self.mean)) / np.array(self.scale)
        return 1.0 / (1.0 + np.exp(-(z @ np.array(self.weights) + self.intercept)))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "weights": list(self.weights), "intercept": self.intercept, "cut": self.cut}


#: the L2 penalty of :func:`fit` (on standardised figures)
PENALTY = 1.0


def fit(x: Any, y: Any, cut: float = 0.5, penalty: float = PENALTY) -> Model:
    """The logistic regression of labels ``y`` (1: an annotated take-up) on figures ``x``
    (the columns of :data:`FEATURES` or of :data:`MEANING_FEATURES`), L2-penalised (scipy's
    L-BFGS; deterministic).

    >>> x = np.array([[0.0], [1.0], [2.0], [3.0]]); m = fit(x, np.array([0, 0, 1, 1]))
    >>> (m.probability(x) > 0.5).tolist()
    [False, False, True, True]
    """
    from scipy.optimize import minimize

    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    names = next((f for f in (FEATURES, MEANING_FEATURES) if len(f) == x.shape[1]), tuple(f"x{n}" for n in range(x.shape[1])))
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])

    def loss(w: Any) -> tuple[float, Any]:
        t = z @ w
        p = 1.0 / (1.0 + np.exp(-t))
        reg = np.r_[w[:-1], 0.0]
        return float((np.logaddexp(0.0, t) - y * t).sum() + penalty * (reg ** 2).sum() / 2), z.T @ (p - y) + penalty * reg

    w = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
    return Model(tuple(map(float, mean)), tuple(map(float, scale)), tuple(map(float, w[:-1])), float(w[-1]), cut, names)


def read(path: Path) -> Model:
    d = json.loads(path.read_text(encoding="utf-8"))
    names = tuple(d["features"])
    if names not in (FEATURES, MEANING_FEATURES):
        raise ValueError(f"{path}: the model weighs {d['features']}, the alignment computes {list(FEATURES)} "
                         f"(with the meaning signal {list(MEANING_FEATURES)})")
    return Model(tuple(d["mean"]), tuple(d["scale"]), tuple(d["weights"]), float(d["intercept"]), float(d["cut"]), names)


@lru_cache(maxsize=2)
def model(meaning: bool = False) -> Model:
    """The model the alignment uses (``kg/data/alignment_model.json``; with the meaning
    signal, ``kg/data/alignment_model_meaning.json``)."""
    return read(MEANING_JSON if meaning else MODEL_JSON)


def write(m: Model, path: Path = MODEL_JSON, about: Sequence[str] = ()) -> None:
    path.write_text(json.dumps(m.to_json() | ({"fitted_on": list(about)} if about else {}), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
