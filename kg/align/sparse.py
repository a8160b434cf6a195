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
    each (``uids`` sorted, ``udf``, ``ucw`` their corpus weights). Made once per document,
    with what every pair it is an end of needs: the row (``rows``) and the place in
    ``uids`` (``pos``) of each entry, and the entries of indexed bigrams as a binary
    bigram × sentence matrix (``postings``, the inverted index of the parent side)."""

    indptr: Any
    ids: Any
    unit: Any
    sentence: Any
    uids: Any
    udf: Any
    ucw: Any
    rows: Any = None
    pos: Any = None
    indexed: Any = None  # entries of indexed bigrams (corpus weight >= INDEXED_WEIGHT)
    postings: Any = None


def matrix(d: Document) -> Matrix:
    """The :class:`Matrix` of a prepared document."""
    from kg.align.core import INDEXED_WEIGHT

    known = _IDS.get
    here = {g: (i if (i := known(g)) is not None else gram_id(g)) for g in d.df}  # every bigram of its sentences
    number = here.__getitem__
    ids: list[int] = []
    lengths: list[int] = []
    unit: list[int] = []
    sent: list[int] = []
    for j, sents in enumerate(d.ordered):
        for gs in sents:
            ids.extend(map(number, gs))
            lengths.append(len(gs))
        unit.extend([j] * len(sents))
        sent.extend(range(len(sents)))
    numbers = np.fromiter(here.values(), dtype=np.int64, count=len(here))
    order = np.argsort(numbers)
    uids = numbers[order]
    udf = np.fromiter(d.df.values(), dtype=np.float64, count=len(d.df))[order]  # d.df and here: one order
    ucw = np.fromiter(map(_CORPUS.__getitem__, here.values()), dtype=np.float64, count=len(here))[order]
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    m = Matrix(indptr, np.array(ids, dtype=np.int64), np.array(unit, dtype=np.int64), np.array(sent, dtype=np.int64), uids, udf, ucw)
    m.rows = np.repeat(np.arange(len(m.unit)), np.diff(m.indptr))
    m.pos = np.searchsorted(uids, m.ids)
    m.indexed = m.ucw[m.pos] >= INDEXED_WEIGHT
    ones = np.ones(int(m.indexed.sum()), dtype=np.complex128)  # complex: see best_pairs
    m.postings = sparse.csr_matrix((ones, (m.pos[m.indexed], m.rows[m.indexed])), shape=(len(uids), len(m.unit)))
    return m


def _pair_weights(a: Matrix, b: Matrix, n: int) -> tuple[Any, Any, Any]:
    """(place in ``b.uids`` of each bigram of ``a``, -1 when ``b`` lacks it; squared weights
    of ``a``'s bigrams; of ``b``'s) for the pair: rarity in the corpus times rarity among
    the ``n`` measures of the pair (:func:`kg.align.core.weights`), squared."""
    at = np.searchsorted(b.uids, a.uids)
    at[at == len(b.uids)] = 0
    shared = b.uids[at] == a.uids if len(b.uids) else np.zeros(len(a.uids), dtype=bool)
    at[~shared] = -1
    dfa, dfb = a.udf.copy(), b.udf.copy()
    dfa[shared] += b.udf[at[shared]]
    dfb[at[shared]] += a.udf[shared]
    return at, (np.log((n + 1) / (dfa + 0.5)) * a.ucw) ** 2, (np.log((n + 1) / (dfb + 0.5)) * b.ucw) ** 2


def _norms(m: Matrix, w2: Any) -> Any:
    """The norm of each row of ``m`` with the squared weights ``w2`` of its bigrams."""
    return np.sqrt(np.bincount(m.rows, weights=w2[m.pos], minlength=len(m.unit)))


def best_pairs(ld: Document, pd: Document, floor: float | None = None) -> tuple[Any, Any, Any, Any, Any]:
    """Arrays (local measure, parent measure, score, local sentence, parent sentence), one
    row per measure pair whose sentences share an indexed bigram: its best sentence pair
    (with ``floor``, only the pairs that score at least that).

    The dot products and the shared rarity come from one product of the local sentences'
    indexed bigrams, shared with the parent, by the parent's postings (made once per
    document): each entry weighs ``w2 + 1j * cw**2``, so the real part of a sentence pair's
    sum is its dot product and the imaginary part its shared rarity."""
    from kg.align.core import SHARED_WEIGHT

    a, b = ld.matrix, pd.matrix
    at, w2a, w2b = _pair_weights(a, b, len(ld.units) + len(pd.units))
    lnorm, pnorm = _norms(a, w2a), _norms(b, w2b)
    cols = at[a.pos]
    keep = a.indexed & (cols >= 0)
    if not keep.any():
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), empty, empty
    pos = a.pos[keep]
    data = w2a[pos] + 1j * a.ucw[pos] ** 2
    indptr = np.zeros(len(a.unit) + 1, dtype=np.int64)
    np.cumsum(np.bincount(a.rows[keep], minlength=len(a.unit)), out=indptr[1:])
    local = sparse.csr_matrix((data, cols[keep], indptr), shape=(len(a.unit), len(b.uids)))
    hits = (local @ b.postings).tocoo()
    r, c, d, rare = hits.row, hits.col, hits.data.real, hits.data.imag
    denom = lnorm[r] * pnorm[c]
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(denom > 0, d / denom * (rare / (rare + SHARED_WEIGHT)), 0.0)
    if floor is not None:
        r, c, s = r[s >= floor], c[s >= floor], s[s >= floor]
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
