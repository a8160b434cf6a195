"""The alignment's meaning signal: word vectors learned from the corpora.

A local document often restates its parent's measure in other words (加强对献血工作的领导 ↔
领导本行政区域内的献血工作), where the two share no distinctive bigram. Word vectors learned from
the laws and policy texts themselves (``kg/data/word_vectors.npz``, made by
``tools/word_vectors.py``) score such a pair as BERTScore scores two sentences with static
vectors: each word of one measure is matched with its most similar word of the other, weighed
by its rarity in the corpus times its rarity among the two documents' measures (the pair's
shared theme weighs little), and the two directions' means are combined harmonically
(:func:`similarity`). Two documents on one theme are alike throughout, so a pair counts by how
far it stands out of its row and its column (:func:`relative`: the mean of the two
z-scores), and only among the two most alike of both (:func:`standing`). :func:`kg.align.core.align_rows` adds a pair the lexical score does not keep when
that z-score reaches :attr:`kg.align.core.Settings.meaning`.

>>> import numpy as np
>>> v = Vectors.of(["领导", "献血", "工作", "宣传", "广泛", "加强"], np.array(
...     [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0.3, 1], [0.5, 0, 0, 0.5]], dtype=np.float32), np.ones(6))
>>> local = Words([[v.ids(["加强", "献血", "工作", "领导"])], [v.ids(["加强", "献血", "宣传"])]])
>>> parent = Words([[v.ids(["领导", "献血", "工作"])], [v.ids(["广泛", "宣传", "献血"])]])
>>> s = similarity(local, parent, v)
>>> [int(s[0].argmax()), int(s[1].argmax())]
[0, 1]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from kg.align.core import DATA

if TYPE_CHECKING:
    from kg.align.core import Settings, _Unit

L = TypeVar("L", bound=Hashable)
P = TypeVar("P", bound=Hashable)

#: the word vectors: words, int8 unit vectors × 127, corpus rarity (``tools/word_vectors.py``)
TABLE = DATA / "word_vectors.npz"

_HAN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from kg.extract.segmenter import tokenizer

    return tokenizer()


def words(text: str) -> list[str]:
    """The Chinese words of ``text`` as the build's tokenizer cuts them (jieba's dictionary
    and its HMM for unknown runs), other tokens left out.

    >>> words("各级人民政府应当加强献血宣传，2024年起实施。")
    ['各级', '人民政府', '应当', '加强', '献血', '宣传', '年', '起', '实施']
    """
    return [w for w in _tokenizer().lcut(text) if _HAN.fullmatch(w)]


@dataclass(frozen=True)
class Vectors:
    """Unit word vectors (rows of ``matrix``) and each word's rarity in the corpus."""

    index: dict[str, int]
    matrix: np.ndarray  # float32, one unit row a word
    rarity: np.ndarray  # float32

    @classmethod
    def of(cls, words: Sequence[str], matrix: np.ndarray, rarity: np.ndarray) -> Vectors:
        m = np.asarray(matrix, dtype=np.float32)
        m = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)
        return cls({w: i for i, w in enumerate(words)}, m, np.asarray(rarity, dtype=np.float32))

    def ids(self, ws: Iterable[str]) -> np.ndarray:
        """The rows of the words of ``ws`` the table holds, in order (repeats kept)."""
        index = self.index
        return np.array([index[w] for w in ws if w in index], dtype=np.int64)


@lru_cache(maxsize=1)
def vectors(path: Path = TABLE) -> Vectors:
    """The table of ``path`` (default: the package's), read once."""
    with np.load(path, allow_pickle=False) as z:
        return Vectors.of([str(w) for w in z["words"]], z["vectors"].astype(np.float32), z["rarity"])


@dataclass
class Words:
    """A document's compared units as the meaning signal reads them: for each unit, for each
    of its compared sentences, the table's rows of its words (repeats kept)."""

    sentences: list[list[np.ndarray]]

    @cached_property
    def units(self) -> list[np.ndarray]:
        """Each unit's words, its sentences one after another."""
        return [np.concatenate(x) if x else np.zeros(0, dtype=np.int64) for x in self.sentences]

    @cached_property
    def distinct(self) -> np.ndarray:
        """The distinct words of the document, sorted."""
        held = [u for u in self.units if len(u)]
        return np.unique(np.concatenate(held)) if held else np.zeros(0, dtype=np.int64)

    @cached_property
    def counts(self) -> Any:
        """Unit × distinct word: how many times the unit writes it (a sparse matrix)."""
        from scipy.sparse import csr_matrix

        rows = np.repeat(np.arange(len(self.units)), [len(u) for u in self.units])
        cols = np.searchsorted(self.distinct, np.concatenate(self.units)) if len(rows) else np.zeros(0, dtype=np.int64)
        return csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(self.units), len(self.distinct)))

    @cached_property
    def members(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(the units holding words, the positions in :attr:`distinct` of each one's distinct
        words one unit after another, where each unit's start): what a maximum over each
        unit's words reduces at."""
        c = self.counts
        full = np.flatnonzero(np.diff(c.indptr))
        return full, c.indices.astype(np.int64), c.indptr[full].astype(np.int64)

    @cached_property
    def held(self) -> np.ndarray:
        """For each distinct word, the number of units holding it."""
        return np.bincount(self.counts.indices, minlength=len(self.distinct))


def read(units: Iterable[_Unit], v: Vectors | None = None) -> Words:
    """The :class:`Words` of ``units`` (``v``: the package's table by default): each unit's
    sentences cut in one call of the tokenizer (words never cross a line break)."""
    v = v or vectors()
    out = []
    for u in units:
        cut: list[list[str]] = [[]]
        for w in _tokenizer().lcut("\n".join(s for _, s in u.sentences)):
            if w == "\n":
                cut.append([])
            elif _HAN.fullmatch(w):
                cut[-1].append(w)
        out.append([v.ids(ws) for ws in cut] if u.sentences else [])
    return Words(out)


def weights(local: Words, parent: Words, v: Vectors) -> np.ndarray:
    """Each word's weight in the pair of documents (by table row): its rarity in the corpus
    times log((n + 1) / (1 + df)) over the ``n`` units of both documents (``df``: the units
    holding it), so that the theme both documents share throughout weighs little."""
    df = np.zeros(len(v.rarity), dtype=np.float32)
    np.add.at(df, local.distinct, local.held)
    np.add.at(df, parent.distinct, parent.held)
    n = len(local.units) + len(parent.units)
    return (v.rarity * np.log((n + 1) / (1 + df))).astype(np.float32)


def _directional(a: Words, b: Words, sim: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """For each unit of ``a`` and of ``b``: the weighted mean over the words of the ``a``
    unit of their best similarity to a word of the ``b`` unit (``sim``: rows the distinct
    words of ``a``, columns those of ``b``; ``weight`` by table row)."""
    out = np.zeros((len(a.units), len(b.units)), dtype=np.float32)
    full, cols, starts = b.members
    if not len(full) or not sim.shape[0]:
        return out
    best = np.maximum.reduceat(sim[:, cols], starts, axis=1)  # distinct word of a × unit of b holding words
    weighted = a.counts.multiply(weight[a.distinct][None, :]).tocsr()
    total = np.asarray(weighted.sum(axis=1)).ravel()
    out[:, full] = (weighted @ best) / np.maximum(total, 1e-9)[:, None]
    return out


def similarity(local: Words, parent: Words, v: Vectors, weight: np.ndarray | None = None) -> np.ndarray:
    """The meaning score of every (local unit, parent unit): the harmonic mean of the
    weighted mean best match of the local words in the parent unit and of the parent words
    in the local unit, words weighed by :func:`weights`."""
    if not len(local.distinct) or not len(parent.distinct):
        return np.zeros((len(local.units), len(parent.units)), dtype=np.float32)
    weight = weights(local, parent, v) if weight is None else weight
    sim = v.matrix[local.distinct] @ v.matrix[parent.distinct].T
    p = _directional(local, parent, sim, weight)
    r = _directional(parent, local, np.ascontiguousarray(sim.T), weight).T
    return _harmonic(p, r).astype(np.float32)


def _harmonic(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    """The harmonic mean of the two directions' scores, 0 where both are."""
    total = p + r
    return np.where(total > 0, 2 * p * r / np.where(total > 0, total, 1), 0)


def sentence_pair(local: list[np.ndarray], parent: list[np.ndarray], weight: np.ndarray, v: Vectors) -> tuple[int, int]:
    """The (local sentence, parent sentence) of two units alike in meaning the most, scored
    as :func:`similarity` scores units (``weight``: the pair of documents' :func:`weights`).

    >>> v = Vectors.of(["甲", "乙", "丙"], np.eye(3), np.ones(3))
    >>> sentence_pair([v.ids(["甲"]), v.ids(["乙", "丙"])], [v.ids(["丙"]), v.ids(["乙"]), v.ids([])], np.ones(3), v)
    (1, 0)
    """
    fa = [x for x, ids in enumerate(local) if len(ids)]
    fb = [y for y, ids in enumerate(parent) if len(ids)]
    if not fa or not fb:
        return 0, 0
    ta, tb = np.concatenate([local[x] for x in fa]), np.concatenate([parent[y] for y in fb])
    sa, sb = np.cumsum([0] + [len(local[x]) for x in fa[:-1]]), np.cumsum([0] + [len(parent[y]) for y in fb[:-1]])
    sim = v.matrix[ta] @ v.matrix[tb].T  # word × word
    wa, wb = weight[ta], weight[tb]
    p = np.add.reduceat(np.maximum.reduceat(sim, sb, axis=1) * wa[:, None], sa, axis=0) / np.maximum(np.add.reduceat(wa, sa), 1e-9)[:, None]
    r = np.add.reduceat(np.maximum.reduceat(sim, sa, axis=0) * wb[None, :], sb, axis=1) / np.maximum(np.add.reduceat(wb, sb), 1e-9)[None, :]
    f = _harmonic(p, r)
    x, y = np.unravel_index(int(f.argmax()), f.shape)
    return fa[int(x)], fb[int(y)]


def added(kept: Iterable[tuple[L, P]], standing: Iterable[tuple[float, L, P]], cfg: Settings) -> list[tuple[L, P]]:
    """The pairs the meaning signal adds to those ``kept`` (local, parent): of the pairs
    ``standing`` out (z-score, local, parent), those at :attr:`Settings.meaning` or more,
    the most standing first, while their local measure takes up fewer than
    :attr:`Settings.most`.

    >>> from kg.align.core import Settings
    >>> added([("1", "一")], [(2.5, "1", "二"), (1.5, "2", "三"), (3.0, "2", "一"), (2.2, "1", "一")], Settings(meaning=2.0, most=2))
    [('2', '一'), ('1', '二')]
    """
    assert cfg.meaning is not None
    have = set(kept)
    taken = Counter(a for a, _ in have)
    out = []
    for _, a, b in sorted((t for t in standing if t[0] >= cfg.meaning and (t[1], t[2]) not in have), key=lambda t: -t[0]):
        if cfg.most is None or taken[a] < cfg.most:
            out.append((a, b))
            taken[a] += 1
    return out


def relative(s: np.ndarray) -> np.ndarray:
    """How far each score of ``s`` stands out: the mean of its z-scores in its row and in
    its column (a row or column of equal scores: 0).

    >>> relative(np.array([[0.9, 0.1], [0.1, 0.1]])).round(2).tolist()
    [[1.0, -0.5], [-0.5, 0.0]]
    """
    if not s.size:
        return s
    row = (s - s.mean(axis=1, keepdims=True)) / (s.std(axis=1, keepdims=True) + 1e-6)
    col = (s - s.mean(axis=0, keepdims=True)) / (s.std(axis=0, keepdims=True) + 1e-6)
    return (row + col) / 2


#: a pair the signal adds is among the two most alike of its local measure's row and of its
#: parent measure's column (README → Measure alignment: on the law corpus, a parent of
#: hundreds of articles puts some pair of each row far out of it by chance)
MUTUAL = 2


def standing(s: np.ndarray, mutual: int = MUTUAL) -> np.ndarray:
    """:func:`relative` of the meaning scores ``s`` where a pair is among the ``mutual``
    highest of its row and of its column, -inf elsewhere.

    >>> standing(np.array([[0.9, 0.5, 0.1], [0.8, 0.7, 0.1], [0.1, 0.2, 0.3]]), 1).round(2).tolist()
    [[1.03, -inf, -inf], [-inf, -inf, -inf], [-inf, -inf, 1.32]]
    """
    z = relative(s)
    if not s.size:
        return z
    by_row = (-s).argsort(axis=1, kind="stable").argsort(axis=1, kind="stable")
    by_column = (-s).argsort(axis=0, kind="stable").argsort(axis=0, kind="stable")
    return np.where((by_row < mutual) & (by_column < mutual), z, -np.inf)
