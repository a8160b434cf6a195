"""The scores of :func:`kg.align.core.scores` as sparse matrix products (scipy), for the
build: a pair of long laws has hundreds of sentences on each side and thousands of sentence
pairs that share a bigram, which a loop in Python scores one posting at a time.

Each document is turned once into a sentence × bigram matrix (bigrams as integer codes of
their two characters, :func:`sentence_codes`); a pair of documents weighs the bigrams of the two (rarity in the
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

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from kg.align.core import Document, _Hit, _Unit

#: a Chinese bigram is the code a * 65536 + b of its two characters (both in U+4E00–U+9FFF:
#: codes sort as the bigrams do); a Latin/digit word is WORD_BASE + its number in this process
CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF
WORD_BASE = 1 << 40
_WORDS: dict[str, int] = {}
_WORD_NAMES: list[str] = []  # the words of _WORDS by their number
#: the characters of the Latin/digit words of TEXT_RUN ([A-Za-z0-9+]{2,}), by code point
#: (128: any other)
_WORD_CHAR = np.zeros(129, dtype=bool)
_WORD_CHAR[[ord(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+"]] = True


@lru_cache(maxsize=1)
def _corpus_table() -> tuple[Any, Any, float]:
    """(codes of the Chinese bigrams of the corpus table, sorted; their corpus weights; the
    weight of a bigram not in the table), the weights those of :func:`kg.align.core.corpus_weight`."""
    from kg.align.core import common_bigrams, corpus_weight

    _, counts = common_bigrams()
    grams = sorted(g for g in counts if len(g) == 2 and all(CJK_FIRST <= ord(c) <= CJK_LAST for c in g))
    codes = np.array([ord(g[0]) * 65536 + ord(g[1]) for g in grams], dtype=np.int64)
    return codes, np.array([corpus_weight(g) for g in grams], dtype=np.float64), corpus_weight("\u3007\u3007")


def corpus_weights(codes: Any) -> Any:
    """The corpus weight of each bigram code (:func:`kg.align.core.corpus_weight`).

    >>> from kg.align.core import corpus_weight
    >>> [round(float(w), 9) == round(corpus_weight(g), 9) for w, g in zip(corpus_weights(np.array([ord("应") * 65536 + ord("当"), ord("血") * 65536 + ord("站")])), ("应当", "血站"))]
    [True, True]
    """
    from kg.align.core import corpus_weight

    table, weights, other = _corpus_table()
    at = np.searchsorted(table, codes)
    at[at == len(table)] = 0
    out = np.where(table[at] == codes, weights[at], other)
    words = codes >= WORD_BASE
    if words.any():
        out[words] = [corpus_weight(_WORD_NAMES[c - WORD_BASE]) for c in codes[words].tolist()]
    return out


def _unique(x: Any) -> Any:
    """``np.unique(x)`` by a sort (numpy's unique hashes first: slower on these arrays)."""
    x = np.sort(x)
    return x[starts(x)]


def _unique_inverse(x: Any) -> tuple[Any, Any]:
    """``np.unique(x, return_inverse=True)`` by one sort."""
    order = np.argsort(x)
    xs = x[order]
    first = starts(xs)
    inverse = np.empty(len(x), dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return xs[first], inverse


def sentence_codes(texts: Sequence[str]) -> tuple[Any, Any]:
    """(sentence, bigram code) of every distinct bigram of each of ``texts``, by sentence,
    then in the order of the bigrams as strings (Latin/digit words first): the bigrams of
    :func:`kg.align.core.grams`, counted on the code points as an array.

    >>> rows, codes = sentence_codes(["建立1+X证书", "证书"])
    >>> rows.tolist(), [c >= WORD_BASE for c in codes.tolist()]
    ([0, 0, 0, 1], [True, False, False, False])
    """
    joined = "\n".join(texts)
    if not joined:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    a = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    row_of = np.repeat(np.arange(len(texts), dtype=np.int64), [len(t) + 1 for t in texts])[: len(a)]
    cjk = (a >= CJK_FIRST) & (a <= CJK_LAST)
    at = np.flatnonzero(cjk[:-1] & cjk[1:])
    keys = [a[at] * 65536 + a[at + 1]]
    rows = [row_of[at]]
    words = _words(joined, a)
    if words:  # numbered by their order as strings in this text, below any Chinese bigram
        names = sorted({w for _, w in words})
        rank = {w: i for i, w in enumerate(names)}
        keys.append(np.array([rank[w] for _, w in words], dtype=np.int64))
        rows.append(row_of[np.array([x for x, _ in words], dtype=np.int64)])
    both = _unique((np.concatenate(rows) << 32) | np.concatenate(keys))
    r, k = both >> 32, both & 0xFFFFFFFF
    if words:
        small = k < len(names)
        k[small] = [WORD_BASE + _word_number(names[i]) for i in k[small].tolist()]
    return r, k


def _words(text: str, points: Any) -> list[tuple[int, str]]:
    """(start, word) of each Latin/digit word of ``text`` (a run of two characters of
    :data:`_WORD_CHAR` or more, as TEXT_RUN finds them), ``points`` its code points: the
    runs found on the array, not by a scan of the text's every character in the regular
    expression engine (most documents have none).

    >>> text = "第1条 建立1+X证书，2024年x, ab+c"
    >>> _words(text, np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64))
    [(6, '1+X'), (12, '2024'), (20, 'ab+c')]
    >>> import re
    >>> [(hit.start(), hit.group()) for hit in re.finditer(r"[A-Za-z0-9+]{2,}", text)]
    [(6, '1+X'), (12, '2024'), (20, 'ab+c')]
    """
    word = _WORD_CHAR[np.minimum(points, 128)]
    if not (word[:-1] & word[1:]).any():
        return []
    edges = np.diff(np.concatenate(([0], word.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    long = ends - starts >= 2
    return [(x, text[x:y]) for x, y in zip(starts[long].tolist(), ends[long].tolist())]


def _word_number(word: str) -> int:
    """The number of a Latin/digit word in this process (given the first time it is seen)."""
    n = _WORDS.get(word)
    if n is None:
        n = _WORDS[word] = len(_WORD_NAMES)
        _WORD_NAMES.append(word)
    return n


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
    post_ptr: Any = None  # the inverted index of the indexed bigrams (:func:`_postings`)
    post_rows: Any = None


def prepare(units: Sequence[_Unit], min_grams: int = 0) -> tuple[list[int], Matrix]:
    """(the units that hold ``min_grams`` distinct bigrams at least, the :class:`Matrix` of
    their sentences): the bigrams of every sentence counted at once as integer codes
    (:func:`sentence_codes`), the units holding each and their corpus weights looked up
    once per document.

    >>> from kg.models import Measure, Span
    >>> from kg.align.core import unit
    >>> us = [unit(Measure("1", "1", "（一）建设实训基地。加强实训。", Span(0, 16))), unit(Measure("2", "2", "（二）实训。", Span(0, 6)))]
    >>> keep, m = prepare(us, 3)
    >>> keep, m.indptr.tolist(), m.udf.tolist()
    ([0], [0, 5], [1.0, 1.0, 1.0, 1.0, 1.0])
    """
    from kg.align.core import INDEXED_WEIGHT

    texts = [s for u in units for _, s in u.sentences]
    counts = np.array([len(u.sentences) for u in units], dtype=np.int64)
    unit_of = np.repeat(np.arange(len(units), dtype=np.int64), counts)
    sent_of = np.arange(len(unit_of), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)  # each unit's sentences 0, 1, …
    rows, codes = sentence_codes(texts)
    uids, pos = _unique_inverse(codes)
    per_unit = _unique(unit_of[rows] * max(len(uids), 1) + pos)  # (unit, bigram) held
    held = np.bincount(per_unit // max(len(uids), 1), minlength=len(units))
    keep = np.flatnonzero(held >= min_grams)
    if len(keep) < len(units):  # units, sentences and bigrams renumbered in the same order: nothing sorted again
        kept_units = held >= min_grams
        kept_rows = kept_units[unit_of]
        renumber = np.cumsum(kept_rows) - 1
        entries = kept_rows[rows]
        rows, codes, pos = renumber[rows[entries]], codes[entries], pos[entries]
        unit_of, sent_of = (np.cumsum(kept_units) - 1)[unit_of[kept_rows]], sent_of[kept_rows]
        present = np.zeros(len(uids), dtype=bool)
        present[pos] = True
        rank = np.cumsum(present) - 1
        n_before = max(len(uids), 1)
        uids, pos = uids[present], rank[pos]
        pairs = per_unit[kept_units[per_unit // n_before]]
        per_unit = (np.cumsum(kept_units) - 1)[pairs // n_before] * max(len(uids), 1) + rank[pairs % n_before]
    udf = np.bincount(per_unit % max(len(uids), 1), minlength=len(uids)).astype(np.float64)
    indptr = np.zeros(len(unit_of) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(unit_of)), out=indptr[1:])
    m = Matrix(indptr, codes, unit_of, sent_of, uids, udf, corpus_weights(uids), rows, pos)
    m.indexed = m.ucw[m.pos] >= INDEXED_WEIGHT
    m.post_ptr, m.post_rows = _postings(m.pos[m.indexed], m.rows[m.indexed], len(uids))
    return keep.tolist(), m


def _postings(pos: Any, rows: Any, n_grams: int) -> tuple[Any, Any]:
    """The inverted index of the entries (``pos``, ``rows``), rows sorted (as a document's
    entries are): (``ptr``, ``rows``) where bigram ``g``'s sentences are
    ``rows[ptr[g]:ptr[g + 1]]``, in rising order (the rows of a binary bigram × sentence
    matrix in compressed form).

    >>> ptr, rows = _postings(np.array([1, 0, 1]), np.array([0, 1, 1]), 2)
    >>> ptr.tolist(), rows.tolist()
    ([0, 1, 3], [1, 0, 1])
    """
    # a stable sort of 16-bit numbers is a radix sort: ten times a stable sort of 64-bit ones
    order = np.argsort(pos.astype(np.uint16) if n_grams <= 1 << 16 else pos, kind="stable")
    ptr = np.zeros(n_grams + 1, dtype=np.int64)
    np.cumsum(np.bincount(pos, minlength=n_grams), out=ptr[1:])
    return ptr, rows[order]


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


def _sums(rows: Any, cols: Any, w: Any, rare: Any, ptr: Any, prow: Any, n_rows: int, n_prows: int) -> tuple[Any, Any, Any, Any]:
    """(local row, parent row, sum of ``w``, sum of ``rare``) of every pair of a local row
    and a parent row that share an entry's bigram: local entries (``rows``, ``cols`` their
    bigrams' places in the parent's index ``ptr``/``prow``, :func:`_postings`) joined to the
    parent's sentences holding each bigram. Each pair's sums are taken in the order of its
    local row's entries, one addition at a time from zero (``np.bincount`` adds in order):
    the order, and so the floats, of the product of a sparse local matrix by the postings.
    Every entry's ``rare`` is above 0 (an indexed bigram's squared corpus weight). The pairs
    come by local row; within a row, in no set order when taken as the product.

    >>> r, c, d, x = _sums(np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([1.0, 2.0, 4.0]), np.array([1.0, 1.0, 1.0]),
    ...                    np.array([0, 1, 3]), np.array([0, 0, 1]), 2, 2)
    >>> sorted(zip(r.tolist(), c.tolist(), d.tolist(), x.tolist()))
    [(0, 0, 3.0, 2.0), (0, 1, 2.0, 1.0), (1, 0, 4.0, 1.0), (1, 1, 4.0, 1.0)]
    """
    start = ptr[cols]
    n = ptr[cols + 1] - start
    total = int(n.sum())
    if total > SPARSE_PRODUCT:
        return _product(rows, cols, w, rare, ptr, prow, n_rows, n_prows, total)
    entry = np.repeat(np.arange(len(cols), dtype=np.int64), n)
    at = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(n) - n, n) + start[entry]
    key = rows[entry] * n_prows + prow[at]
    size = n_rows * n_prows
    if size <= 4 * total + 4096:  # the pairs summed in place (every entry's rarity is above 0: a pair's sum too)
        x = np.bincount(key, weights=rare[entry], minlength=size)
        found = np.flatnonzero(x)
        d, x = np.bincount(key, weights=w[entry], minlength=size)[found], x[found]
    else:  # too many pairs that share nothing: the pairs found numbered first
        found, inverse = _unique_inverse(key)
        d = np.bincount(inverse, weights=w[entry], minlength=len(found))
        x = np.bincount(inverse, weights=rare[entry], minlength=len(found))
    return found // n_prows, found % n_prows, d, x


#: sentence pairs found (postings joined) above which :func:`_sums` takes the sparse
#: matrix product instead: one pass in compiled code beats the join's several passes over
#: the long laws' hundreds of thousands of pairs and, called on the arrays (:func:`_matmat`),
#: those of short documents too (every edge of the law corpus: 1.90-1.98 CPU s with the
#: product above 20,000 pairs only, 1.78-1.83 above 5,000, 1.67-1.71 always; the same
#: floats). The join defines the sums (the tests hold the product to it, bit for bit).
SPARSE_PRODUCT = 0


def _product(rows: Any, cols: Any, w: Any, rare: Any, ptr: Any, prow: Any, n_rows: int, n_prows: int,
             joined: int | None = None) -> tuple[Any, Any, Any, Any]:
    """:func:`_sums` as the product of the local entries (a sparse matrix whose values are
    ``w + 1j * rare``) by the binary postings: the real part of a sum is its dot product,
    the imaginary part its shared rarity. The product is scipy's routine for two CSR
    matrices, called on the arrays as they are (:func:`_matmat`): a build takes a thousand
    of these products, and the matrices' objects around it cost as much as the products of
    the shorter ones. ``joined`` (the postings the local entries meet, :func:`_sums`) bounds
    the product's entries: a pair of sentences is at least one of them."""
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    cp, cj, cx = _matmat(n_rows, n_prows, indptr, cols.astype(np.int64, copy=False), w + 1j * rare, ptr.astype(np.int64, copy=False),
                         prow.astype(np.int64, copy=False), None if joined is None else min(joined, n_rows * n_prows))
    return np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(cp)), cj, cx.real, cx.imag


def _matmat(n_rows: int, n_cols: int, ap: Any, aj: Any, ax: Any, bp: Any, bj: Any, bound: int | None = None) -> tuple[Any, Any, Any]:
    """(indptr, indices, data) of the product of the CSR matrix (``ap``, ``aj``, ``ax``) by
    the binary CSR matrix (``bp``, ``bj``, ones), as ``scipy.sparse`` computes it (its
    ``csr_matmat``: the same entries in the same order, the same sums), without the
    matrix objects (int64 indices; their checks and conversions cost more than the
    product of short documents). With ``bound`` (at least the product's entries), the
    entries are not counted first (scipy's ``csr_matmat_maxnnz``: a pass as long as the
    product's own): the arrays are made that long, and only the entries written are touched.

    >>> from scipy import sparse
    >>> a = sparse.csr_matrix(np.array([[1 + 1j, 0, 2 + 1j], [0, 3 + 2j, 0]]))
    >>> b = sparse.csr_matrix(np.array([[1, 0], [1, 1], [0, 1]], dtype=np.complex128))
    >>> p, j, x = _matmat(2, 2, a.indptr.astype(np.int64), a.indices.astype(np.int64), a.data, b.indptr.astype(np.int64), b.indices.astype(np.int64))
    >>> c = a @ b
    >>> p.tolist() == c.indptr.tolist() and j.tolist() == c.indices.tolist() and x.tolist() == c.data.tolist()
    True
    >>> [y.tolist() for y in _matmat(2, 2, a.indptr.astype(np.int64), a.indices.astype(np.int64), a.data, b.indptr.astype(np.int64), b.indices.astype(np.int64), 4)] == [p.tolist(), j.tolist(), x.tolist()]
    True
    """
    _sparsetools = _routines()
    if _sparsetools is None:  # scipy without its routines under this name: through the matrices
        from scipy import sparse

        c = sparse.csr_matrix((ax, aj, ap), shape=(n_rows, len(bp) - 1)) @ sparse.csr_matrix(
            (np.ones(len(bj), dtype=ax.dtype), bj, bp), shape=(len(bp) - 1, n_cols))
        return c.indptr.astype(np.int64), c.indices.astype(np.int64), c.data
    bx = np.ones(len(bj), dtype=ax.dtype)
    nnz = _sparsetools.csr_matmat_maxnnz(n_rows, n_cols, ap, aj, bp, bj) if bound is None else bound
    cp, cj, cx = np.empty(n_rows + 1, dtype=np.int64), np.empty(nnz, dtype=np.int64), np.empty(nnz, dtype=ax.dtype)
    _sparsetools.csr_matmat(n_rows, n_cols, ap, aj, ax, bp, bj, bx, cp, cj, cx)
    n = int(cp[-1])  # sums of zero are left out (as scipy prunes them)
    return cp, cj[:n], cx[:n]


@lru_cache(maxsize=1)
def _routines() -> Any:
    """scipy's compiled routines of sparse matrices (``scipy.sparse._sparsetools``), looked up
    once, not by an import statement at every product (:func:`_matmat`), None when scipy
    holds them under another name."""
    try:
        from scipy.sparse import _sparsetools
    except ImportError:
        return None
    return _sparsetools


class SentencePairs(NamedTuple):
    """Arrays of the sentence pairs of two documents that share an indexed bigram, one row a
    pair (:func:`sentence_pairs`), in no particular order."""

    i: Any  # local measure (unit)
    j: Any  # parent measure (unit)
    s: Any  # score
    li: Any  # the local sentence, in its measure
    k: Any  # the parent sentence, in its measure

    def where(self, keep: Any) -> "SentencePairs":
        """The pairs where ``keep`` (a mask or indices) holds."""
        return SentencePairs(*(x[keep] for x in self))


def sentence_pairs(ld: Document, pd: Document, floor: float | None = None) -> SentencePairs:
    """Every sentence pair of two documents that shares an indexed bigram, with its score
    (with ``floor``, only those that score at least that).

    The dot products and the shared rarity are sums over the indexed bigrams a local
    sentence shares with a parent sentence, found through the parent's postings (made once
    per document, :func:`_sums`): each bigram adds its squared weight ``w2`` to the dot
    product and its squared corpus weight to the shared rarity."""
    from kg.align.core import SHARED_WEIGHT

    a, b = ld.matrix, pd.matrix
    at, w2a, w2b = _pair_weights(a, b, len(ld.units) + len(pd.units))
    lnorm, pnorm = _norms(a, w2a), _norms(b, w2b)
    cols = at[a.pos]
    keep = a.indexed & (cols >= 0)
    if not keep.any():
        empty = np.zeros(0, dtype=np.int64)
        return SentencePairs(empty, empty, np.zeros(0), empty, empty)
    pos = a.pos[keep]
    r, c, d, rare = _sums(a.rows[keep], cols[keep], w2a[pos], a.ucw[pos] ** 2, b.post_ptr, b.post_rows, len(a.unit), len(b.unit))
    denom = lnorm[r] * pnorm[c]
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(denom > 0, d / denom * (rare / (rare + SHARED_WEIGHT)), 0.0)
    if floor is not None:
        passing = s >= floor
        r, c, s = r[passing], c[passing], s[passing]
    return SentencePairs(a.unit[r], b.unit[c], s, a.sentence[r], b.sentence[c])


def best_of(p: SentencePairs) -> tuple[Any, Any, Any, Any, Any]:
    """Arrays (local measure, parent measure, score, local sentence, parent sentence), one
    row per measure pair of ``p``: its best sentence pair (ties: the first sentences), in
    local then parent order."""
    i, j, s, li, k = p
    order = np.lexsort((k, li, -s, j, i))
    i, j, s, li, k = i[order], j[order], s[order], li[order], k[order]
    first = starts(i, j)
    return i[first], j[first], s[first], li[first], k[first]


def starts(*columns: Any) -> Any:
    """Where a group of equal rows begins in ``columns`` sorted by them (a mask).

    >>> starts(np.array([0, 0, 1, 1]), np.array([2, 2, 2, 3])).tolist()
    [True, False, True, True]
    """
    first = np.zeros(len(columns[0]), dtype=bool)
    if len(first):
        first[0] = True
        for c in columns:
            first[1:] |= c[1:] != c[:-1]
    return first


def best_pairs(ld: Document, pd: Document, floor: float | None = None) -> tuple[Any, Any, Any, Any, Any]:
    """Arrays (local measure, parent measure, score, local sentence, parent sentence), one
    row per measure pair whose sentences share an indexed bigram: its best sentence pair
    (with ``floor``, only the pairs that score at least that): :func:`best_of`
    :func:`sentence_pairs`."""
    return best_of(sentence_pairs(ld, pd, floor))


def matrix_scores(ld: Document, pd: Document) -> dict[tuple[int, int], _Hit]:
    """:func:`kg.align.core.scores` by matrix products."""
    from kg.align.core import _Hit

    i, j, s, li, k = best_pairs(ld, pd)
    return {(int(x), int(y)): _Hit(float(v), int(p), int(q)) for x, y, v, p, q in zip(i, j, s, li, k)}
