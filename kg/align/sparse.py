"""The scores of :func:`kg.align.core.scores` as sparse matrix products (scipy), for the
build: a pair of long laws has hundreds of sentences on each side and thousands of sentence
pairs that share a bigram, which a loop in Python scores one posting at a time.

Each document is turned once into a sentence × bigram matrix (bigrams numbered across the
process, :func:`gram_id`); a pair of documents weighs the bigrams of the two (rarity in the
corpus times rarity among the pair's measures, squared, as :func:`kg.align.core.weights`),
multiplies the local matrix by the parent's (indexed bigrams only, as the inverted index of
the loop) for the dot products and the shared rarity, and keeps, for every (local measure,
parent measure), the best sentence pair: the highest score, ties to the first sentences.
The scores equal the loop's up to the rounding of sums taken in another order.

>>> from kg.models import Measure, Span
>>> from kg.align.core import document, scores
>>> def m(n, t): return Measure(n, n, t, Span(0, len(t)))
>>> ld = document([m("1", "（一）血站应当为献血者免费进行健康检查。"), m("2", "（二）加强宣传。")])
>>> pd = document([m("一", "第一条 血站采血前应当对献血者免费进行健康检查和血液初筛。"), m("二", "第二条 国家实行无偿献血制度。")])
>>> a = {k: (round(h.score, 9), h.local_sentence, h.parent_sentence) for k, h in scores(ld, pd).items()}
>>> b = {k: (round(h.score, 9), h.local_sentence, h.parent_sentence) for k, h in matrix_scores(ld, pd).items()}
>>> a == b and (0, 0) in a
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from kg.align.core import Document, _Hit

#: bigram -> its number in this process; the corpus weight of each number
_IDS: dict[str, int] = {}
_CORPUS: list[float] = []


def gram_id(g: str) -> int:
    """The number of bigram ``g`` in this process (given the first time it is seen)."""
    i = _IDS.get(g)
    if i is None:
        from kg.align.core import corpus_weight

        i = _IDS[g] = len(_CORPUS)
        _CORPUS.append(corpus_weight(g))
    return i


@dataclass
class Matrix:
    """A document's sentences as rows of bigram numbers (CSR: ``indptr``, ``ids``), the
    measure and sentence of each row, and its bigrams with the number of units holding
    each (``uids`` sorted, ``udf``, ``ucw`` their corpus weights)."""

    indptr: Any
    ids: Any
    unit: Any
    sentence: Any
    uids: Any
    udf: Any
    ucw: Any


def matrix(d: Document) -> Matrix:
    """The :class:`Matrix` of a prepared document."""
    for g in d.df:  # every bigram of the document's sentences
        if g not in _IDS:
            gram_id(g)
    number = _IDS.__getitem__
    indptr, ids, unit, sent = [0], [], [], []
    for j, sents in enumerate(d.ordered):
        for k, gs in enumerate(sents):
            ids.extend(map(number, gs))
            indptr.append(len(ids))
            unit.append(j)
            sent.append(k)
    df = {_IDS[g]: c for g, c in d.df.items()}
    uids = np.array(sorted(df), dtype=np.int64)
    return Matrix(np.array(indptr, dtype=np.int64), np.array(ids, dtype=np.int64), np.array(unit, dtype=np.int64),
                  np.array(sent, dtype=np.int64), uids, np.array([df[int(i)] for i in uids], dtype=np.float64),
                  np.array([_CORPUS[int(i)] for i in uids], dtype=np.float64))


def _pair_weights(a: Matrix, b: Matrix, n: int) -> tuple[Any, Any, Any]:
    """(the pair's bigram numbers sorted, their squared weights, their corpus weights)."""
    union = np.union1d(a.uids, b.uids)
    df = np.zeros(len(union))
    cw = np.zeros(len(union))
    pa, pb = np.searchsorted(union, a.uids), np.searchsorted(union, b.uids)
    df[pa] += a.udf
    df[pb] += b.udf
    cw[pa] = a.ucw
    cw[pb] = b.ucw
    return union, (np.log((n + 1) / (df + 0.5)) * cw) ** 2, cw


def _rows(m: Matrix, union: Any, w2: Any, cw: Any, indexed_weight: float) -> tuple[Any, Any, Any]:
    """(norms of the rows, CSR of the indexed bigrams with squared weights, with squared
    corpus weights) of ``m`` in the pair's numbering."""
    pos = np.searchsorted(union, m.ids)
    rows = np.repeat(np.arange(len(m.unit)), np.diff(m.indptr))
    norms = np.sqrt(np.bincount(rows, weights=w2[pos], minlength=len(m.unit)))
    keep = cw[pos] >= indexed_weight
    shape = (len(m.unit), len(union))
    mw = sparse.csr_matrix((w2[pos][keep], (rows[keep], pos[keep])), shape=shape)
    mr = sparse.csr_matrix((cw[pos][keep] ** 2, (rows[keep], pos[keep])), shape=shape)
    return norms, mw, mr


def best_pairs(ld: Document, pd: Document) -> tuple[Any, Any, Any, Any, Any]:
    """Arrays (local measure, parent measure, score, local sentence, parent sentence), one
    row per measure pair whose sentences share an indexed bigram: its best sentence pair."""
    from kg.align.core import INDEXED_WEIGHT, SHARED_WEIGHT

    a, b = ld.matrix, pd.matrix
    union, w2, cw = _pair_weights(a, b, len(ld.units) + len(pd.units))
    lnorm, lw, _ = _rows(a, union, w2, cw, INDEXED_WEIGHT)
    pnorm, pw, pr = _rows(b, union, w2, cw, INDEXED_WEIGHT)
    ones = lw.copy()
    ones.data[:] = 1.0
    dots = (ones @ pw.T).tocoo()
    shared = (ones @ pr.T).tocoo()
    r, c = dots.row, dots.col
    order_d, order_s = np.lexsort((c, r)), np.lexsort((shared.col, shared.row))
    r, c, d, rare = r[order_d], c[order_d], dots.data[order_d], shared.data[order_s]
    denom = lnorm[r] * pnorm[c]
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(denom > 0, d / denom * (rare / (rare + SHARED_WEIGHT)), 0.0)
    i, j, li, k = a.unit[r], b.unit[c], a.sentence[r], b.sentence[c]
    order = np.lexsort((k, li, -s, j, i))
    i, j, s, li, k = i[order], j[order], s[order], li[order], k[order]
    first = np.ones(len(i), dtype=bool)
    first[1:] = (i[1:] != i[:-1]) | (j[1:] != j[:-1])
    return i[first], j[first], s[first], li[first], k[first]


def matrix_scores(ld: Document, pd: Document) -> dict[tuple[int, int], _Hit]:
    """:func:`kg.align.core.scores` by matrix products."""
    from kg.align.core import _Hit

    i, j, s, li, k = best_pairs(ld, pd)
    return {(int(x), int(y)): _Hit(float(v), int(p), int(q)) for x, y, v, p, q in zip(i, j, s, li, k)}
