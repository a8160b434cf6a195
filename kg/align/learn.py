"""Whether a scored pair is a take-up, from four figures of the pair weighed together.

The lexical score of a pair (:func:`kg.align.core.scores`) alone cannot tell a take-up from
a pair that shares a phrase: the hand-annotated files show that what separates them is how
the pair stands among the others — against the local measure's best pair, against the best
pair of the parent measure (a parent article that another local article restates word for
word is seldom also taken up, in passing, by a third), and where it lies against the
order the two documents follow (a local regulation takes up its law's articles mostly in
the law's order). :func:`features` computes the four, :class:`Model` weighs them
(logistic regression), :func:`fit` learns the weights from annotated pairs
(``tools/fit_alignment.py`` writes ``kg/data/alignment_model.json``; ``kg eval
--alignment`` refits them without each file in turn, for the figure on pairs never seen).
With the meaning signal (``kg build --meaning``), a model of its own weighs three figures
more (:func:`meaning_figures`, ``kg/data/alignment_model_meaning.json``).

>>> import numpy as np
>>> i, j, s = np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]), np.array([0.5, 0.1, 0.4, 0.35])
>>> features(i, j, s, 3, 3).round(2).tolist()
[[-0.69, 1.0, 1.0, 0.0], [-2.29, 0.2, 0.25, 0.33], [-0.91, 1.0, 1.0, 0.0], [-1.05, 1.0, 1.0, 0.0]]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_JSON = Path(__file__).resolve().parent.parent / "data" / "alignment_model.json"
#: the model with the meaning signal (``kg build --meaning``)
MEANING_JSON = Path(__file__).resolve().parent.parent / "data" / "alignment_model_meaning.json"

#: the figures of a pair, in the order of :func:`features`' columns
FEATURES = ("log_score", "of_local_best", "of_parent_best", "off_order")
#: and with the meaning signal, :func:`meaning_figures`' columns after them
MEANING_FEATURES = FEATURES + ("meaning_z", "meaning_rank_local", "meaning_rank_parent")
#: a meaning rank counts up to this (a pair further down its row or column is as far as this)
RANKS = 5
#: a pair that scores this much and is its local measure's and its parent measure's best
#: is an anchor of the two documents' order (:func:`off_order`)
ANCHOR = 0.3


def features(i: Any, j: Any, s: Any, n_local: int, n_parent: int) -> Any:
    """The figures (:data:`FEATURES`) of the scored pairs (local unit ``i``, parent unit
    ``j``, score ``s``) of two documents of ``n_local`` and ``n_parent`` units: the
    logarithm of the score, the score over the local measure's best and over the parent
    measure's best, and how far the pair lies off the documents' order (:func:`off_order`).
    Every pair of the two documents that may pass must be among them (the bests are theirs)."""
    i, j, s = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64), np.asarray(s, dtype=np.float64)
    row, col = np.zeros(n_local), np.zeros(n_parent)
    np.maximum.at(row, i, s)
    np.maximum.at(col, j, s)
    with np.errstate(divide="ignore", invalid="ignore"):
        of_row = np.where(row[i] > 0, s / row[i], 0.0)
        of_col = np.where(col[j] > 0, s / col[j], 0.0)
    return np.column_stack([np.log(s + 1e-3), of_row, of_col, off_order(i, j, s, n_local, n_parent)])


def anchors(i: Any, j: Any, s: Any) -> tuple[Any, Any]:
    """The pairs that fix the two documents' order: each scores :data:`ANCHOR` at least and
    is the best of its local measure and of its parent measure (ties: the first); arrays
    (local, parent) in local order.

    >>> a, b = anchors(np.array([0, 0, 1, 2]), np.array([0, 1, 0, 2]), np.array([0.5, 0.4, 0.6, 0.2]))
    >>> a.tolist(), b.tolist()
    ([1], [0])
    """
    if not len(i):
        return i, j
    by_row = np.lexsort((j, -s, i))
    first = np.r_[True, i[by_row][1:] != i[by_row][:-1]]
    row_best = by_row[first]
    by_col = np.lexsort((i, -s, j))
    first = np.r_[True, j[by_col][1:] != j[by_col][:-1]]
    col_best = np.zeros(len(i), dtype=bool)
    col_best[by_col[first]] = True
    keep = row_best[col_best[row_best] & (s[row_best] >= ANCHOR)]
    return i[keep], j[keep]


def off_order(i: Any, j: Any, s: Any, n_local: int, n_parent: int) -> Any:
    """How far each pair lies off the order of the two documents, as a share of the
    parent's units: the parent unit expected for local unit ``i`` is interpolated between
    the anchors (:func:`anchors`) before and after it, or counted on from the nearest one
    (one unit for one), or in proportion when there is no anchor.

    >>> off_order(np.array([0, 1, 2, 1]), np.array([0, 1, 2, 5]), np.array([0.5, 0.1, 0.5, 0.1]), 3, 10).tolist()
    [0.0, 0.0, 0.0, 0.4]
    """
    a, b = anchors(i, j, s)
    if not len(a):
        return np.abs(j / max(n_parent, 1) - i / max(n_local, 1))
    at = np.searchsorted(a, i, side="left")  # the first anchor at or after i
    after = np.minimum(at, len(a) - 1)
    exact = a[after] == i
    before = np.maximum(np.where(exact, after, at - 1), 0)
    has_before, has_after = (at > 0) | exact, at < len(a)
    span = np.maximum(a[after] - a[before], 1)
    between = b[before] + (b[after] - b[before]) * (i - a[before]) / span
    expected = np.where(exact, b[after],
                        np.where(has_before & has_after, between,
                                 np.where(has_before, b[before] + (i - a[before]), b[after] - (a[after] - i))))
    return np.abs(j - expected) / max(n_parent, 1)


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
