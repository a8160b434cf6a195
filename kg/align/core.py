"""Measure alignment: which measures of a parent document each local measure takes up.

A local plan rewords more than it copies, so measures are compared by the character bigrams
they share, each weighed by its rarity twice: across the corpus of Chinese laws and policy
texts (``kg/data/common_bigrams.tsv``: 应当, 人民政府, 建立健全 weigh little) and within the
pair of documents (the theme both documents share throughout — 献血, 职业教育 — weighs
little too). Sentences that are boilerplate (effective dates, purpose and basis clauses) are
left out before comparing (effective dates, purpose and basis clauses, the formulas of
legal liability). The score of a pair is the best cosine (squared weights) between a sentence
of the local measure and one of the parent measure, damped when what they share weighs
little: a local article that restates one duty
of a parent article's list scores as high as one that restates the whole; a local measure takes up the parent measures whose score passes a threshold
and is close to its best one (:class:`Settings`, chosen by leave-one-out over annotated
pairs, see :mod:`kg.align.score`).

Candidates come from an inverted index of bigrams over the parent's sentences: only parent
sentences that share a bigram with a local sentence are scored, so the cost follows the
postings, not the product of the two documents' sizes. Each document is prepared once
(:func:`document`; a build keeps the directives many documents implement, see
:mod:`kg.align.graph`), and the scores are taken as sparse matrix products
(:mod:`kg.align.sparse`; the loop of :func:`scores` defines them and the tests hold both to the same pairs).

>>> from kg.models import Measure, Span
>>> def m(n, t): return Measure(f"第{n}条", n, f"第{n}条 {t}", Span(0, len(t) + 5), None, "measure")
>>> parent = [m("一", "为了保障献血者健康，制定本法。"), m("二", "血站应当为献血者免费进行健康检查。"),
...           m("三", "各级人民政府应当广泛宣传献血的意义。"), m("四", "本法自1998年10月1日起施行。")]
>>> local = [m("一", "根据《献血法》，结合本省实际，制定本办法。"), m("二", "血站采血前应当对献血者免费进行健康检查和血液初筛。"),
...          m("三", "报纸、广播、电视应当刊播献血公益广告。"), m("四", "本办法自2014年1月1日起施行。")]
>>> [(p.local_number, p.parent_number) for p in align(local, parent)]
[('二', '二')]
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from kg.extract.layout import unwrapped
from kg.extract.regexes import (
    ARTICLE_CITED,
    LIABILITY,
    ARTICLE_HEAD,
    ARTICLE_REFERENCE,
    BOILERPLATE_HOLDS,
    BOILERPLATE_OPENS,
    BOILERPLATE_WORDS,
    DEFINED_SHORT_TITLE,
    MEASURE_MARKER,
    PRINCIPLES_HEADING,
    SENTENCE,
    SOFT_WRAP,
    TEXT_RUN,
)
from kg.models import Measure, Span

DATA = Path(__file__).resolve().parent.parent / "data"
K = TypeVar("K")
COMMON_TSV = DATA / "common_bigrams.tsv"

#: measures that are compared (sections are headings of others; fields are form labels)
ALIGNED_KINDS = ("measure", "row")


@dataclass(frozen=True)
class Passage:
    """A sentence of a measure, with its span in the document's text."""

    measure: str  # the measure's key
    text: str
    span: Span


@dataclass(frozen=True)
class Pair:
    """A local measure that takes up a parent measure."""

    local: str  # key of the local measure
    parent: str  # key of the parent measure
    local_number: str
    parent_number: str
    score: float
    local_passage: Passage
    parent_passage: Passage


def _learned(meaning: bool = False) -> Any:
    from kg.align.learn import model

    return model(meaning)


@dataclass(frozen=True)
class Settings:
    """A local measure takes up a parent measure when the pair's score is at least
    ``threshold`` and at least ``ratio`` times the local measure's best score, when the
    ``model`` (:class:`kg.align.learn.Model`: the pair's score weighed with how it stands
    against the local and the parent measure's best pairs and against the two documents'
    order) finds it a take-up, and when it is one of the local measure's ``most`` likeliest.
    The defaults: the model learned from the fifteen files annotated by hand
    (``tools/fit_alignment.py``, ``kg/data/alignment_model.json``), the threshold and ratio
    low enough to leave it every annotated take-up it finds (README → Measure alignment).
    Without a model (``model=None``), the threshold and the ratio decide alone."""

    threshold: float = 0.03
    ratio: float = 0.3
    #: the most parent measures a local measure takes up, its likeliest (None: no bound):
    #: the hand-annotated files pair no measure with more than three, and the scores there
    #: are the same with the bound as without it
    most: int | None = 3
    #: with a number, the meaning signal is used (:mod:`kg.align.meaning`): with a model of
    #: it (:attr:`kg.align.learn.Model.meaning`), a pair whose meaning score stands that many
    #: deviations out of its row and its column is a candidate the model weighs, whatever its
    #: wording; with another model or none, a pair the wording does not keep is taken up
    #: when it stands that far out (a local measure still taking up ``most`` at most). None:
    #: the wording alone
    meaning: float | None = None
    #: the :class:`kg.align.learn.Model` that weighs each candidate (default: the one learned
    #: from the annotated files, ``kg/data/alignment_model.json``); None: the threshold and
    #: ratio decide alone
    model: Any = field(default_factory=_learned)


#: the settings with the meaning signal (``kg build --meaning``): a pair is a candidate when its
#: wording passes the threshold and ratio or its meaning stands a deviation out of its row and
#: column, and the model of the meaning signal (``kg/data/alignment_model_meaning.json``,
#: learned from the fifteen annotated files) weighs the figures of both (README → Measure alignment)
WITH_MEANING = Settings(meaning=1.0, model=_learned(meaning=True))


@dataclass
class _Unit:
    """A measure as compared: its sentences (offset in its text, sentence; boilerplate left
    out) and, when asked, their bigrams."""

    measure: Measure
    sentences: list[tuple[int, str]] = field(default_factory=list)

    @cached_property
    def sentence_grams(self) -> list[frozenset[str]]:
        return [grams(s) for _, s in self.sentences]

    @cached_property
    def grams(self) -> frozenset[str]:
        return frozenset().union(*self.sentence_grams) if self.sentences else frozenset()


def grams(text: str) -> frozenset[str]:
    """The character bigrams of the Chinese runs of ``text`` (and its Latin/digit words).

    >>> sorted(grams("建立1+X证书制度"))
    ['1+X', '书制', '制度', '建立', '证书']
    """
    out: set[str] = set()
    for run in TEXT_RUN.findall(text):
        if run.isascii():
            out.add(run)
        else:
            out.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(out)


def sentences(m: Measure) -> list[tuple[int, str]]:
    r"""The sentences of ``m``'s text (offset in the text, sentence) after its number,
    without boilerplate. A sentence runs on across a line break that a page's layout made
    (:func:`kg.extract.layout.soft_wrap_at`: a text copied from PDF, its lines full and cut
    mid-sentence), which it keeps as the text has it.

    >>> from kg.models import Span
    >>> m = Measure("第九条", "九", "第九条 血站应当免费检查。本办法自2014年1月1日起施行。", Span(0, 30))
    >>> sentences(m)
    [(4, '血站应当免费检查。')]
    >>> sentences(Measure("一", "一", "一、指导思想 以深化改革为动力，加快建设职业教育体系。", Span(0, 28)))
    []
    >>> t = "（二）深化推广应用。鼓励各地方、行业开展多场景、多层级应用示范，培育推广智能化\n设计、网络协同制造等新模式。\n加快创新成果转移转化。"
    >>> [s for _, s in sentences(Measure("二", "二", t, Span(0, len(t))))]
    ['深化推广应用。', '鼓励各地方、行业开展多场景、多层级应用示范，培育推广智能化\n设计、网络协同制造等新模式。', '加快创新成果转移转化。']
    """
    text = m.text
    head = MEASURE_MARKER.match(text)
    start = head.end() if head else 0
    if PRINCIPLES_HEADING.match(text, start) or (m.heading and PRINCIPLES_HEADING.match(m.heading)):
        return []  # general principles (指导思想, 基本原则): no task to take up
    # a sentence is a piece of the text: without a boilerplate word or a stock phrase in the
    # text, no sentence of it is boilerplate or stock, and only its own content is tested
    boiler = BOILERPLATE_WORDS.search(text, start) is not None
    stock = _stock().search(text, start) is not None
    # the layout's line breaks made spaces (the same length: offsets hold in both); a quick
    # test first: most texts have none
    read, wraps = unwrapped(text) if "\n" in text and SOFT_WRAP.search(text, start) else (text, None)
    out = []
    for hit in SENTENCE.finditer(read, start):
        g = hit.group()
        s = g.strip()
        if len(s) < 4 or (boiler and boilerplate(s)) or stock_only(s, maybe=stock):
            continue
        at = hit.start() + len(g) - len(g.lstrip())
        out.append((at, text[at : at + len(s)] if wraps else s))
    return out


#: the white space a passage (:func:`sentences`) never ends with: every character Python's
#: ``str.strip`` takes (``str.isspace``) but the line feed, which no sentence holds
PASSAGE_SPACE = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def sentence_end(text: str, start: int) -> int:
    """The end of the sentence of ``text`` that starts at ``start``: to its first 。；！？ (or
    the line's end), white space at its end left out. A take-up's passage is such a sentence
    of its measure, so the store writes only where it starts (``queries/adoption.rq`` finds
    its end by the same rule), unless it runs on across a line break a page's layout made
    (:func:`runs_on`), whose end it writes.

    >>> t = "第九条 血站应当免费检查。本办法自2014年1月1日起施行。"
    >>> t[4:sentence_end(t, 4)], t[4:sentence_end("第九条 血站应当免费检查\u3000", 4)]
    ('血站应当免费检查。', '血站应当免费检查')
    """
    hit = SENTENCE.match(text, start)
    return start + len(hit.group().rstrip(PASSAGE_SPACE)) if hit else start


def runs_on(passage: str) -> bool:
    r"""Whether a passage of the alignment (a sentence of :func:`sentences`) runs on across a
    line break of its measure's text, which a page's layout made: the sentence that starts
    where it does, as :func:`sentence_end` cuts it, ends at that break, so a store writes the
    passage's end with it.

    >>> runs_on("培育推广智能化\n设计等新模式。"), runs_on("血站应当免费检查。")
    (True, False)
    """
    return "\n" in passage


def boilerplate(sentence: str) -> bool:
    """Whether ``sentence`` never makes a pair: boilerplate by what it opens with
    (:data:`kg.extract.regexes.BOILERPLATE_OPENS`) or what it holds anywhere
    (:data:`~kg.extract.regexes.BOILERPLATE_HOLDS`).

    >>> boilerplate("本条例自公布之日起施行。"), boilerplate("对直接负责的主管人员和其他直接责任人员依法给予处分。")
    (True, True)
    >>> boilerplate("根据献血者的要求，血站应当出具证明。")
    False
    """
    return BOILERPLATE_OPENS.match(sentence) is not None or BOILERPLATE_HOLDS.search(sentence) is not None


def unit(m: Measure) -> _Unit:
    return _Unit(m, sentences(m))


STOCK_TSV = DATA / "stock_phrases.tsv"
#: what a sentence must keep, stock phrases taken out, to say something
MIN_CONTENT = 6


@lru_cache(maxsize=1)
def _stock() -> re.Pattern[str]:
    from kg.extract.departments import read_table

    phrases = sorted((r["phrase"] for r in read_table(STOCK_TSV)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases)))


def stock_only(sentence: str, maybe: bool = True) -> bool:
    """Whether ``sentence`` is little else than stock phrases (``kg/data/stock_phrases.tsv``);
    ``maybe=False``: it is known to hold none (a piece of a text without one), so only its
    own content counts.

    >>> stock_only("强化部门协同，形成工作合力，推动政策措施落地见效。"), stock_only("强化部门协同，建设10个产教融合实训基地。")
    (True, False)
    """
    return _CONTENT.match(_stock().sub("", sentence) if maybe else sentence) is None


#: a text that holds :data:`MIN_CONTENT` Chinese characters at least
_CONTENT = re.compile(r"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){%d}" % MIN_CONTENT)


@lru_cache(maxsize=1)
def common_bigrams() -> tuple[int, dict[str, int]]:
    """(units counted, bigram -> units holding it) of ``kg/data/common_bigrams.tsv``."""
    from kg.extract.departments import read_table

    rows = read_table(COMMON_TSV)
    counts = {r["gram"]: int(r["units"]) for r in rows}
    return counts.pop("@units"), counts


@lru_cache(maxsize=1 << 18)
def corpus_weight(g: str) -> float:
    """Rarity of ``g`` across laws and policy texts: log(units / units holding it);
    bigrams not in the table are rarer than any in it.

    >>> corpus_weight("应当") < corpus_weight("建立") < corpus_weight("血站")
    True
    """
    n, counts = common_bigrams()
    return math.log(n / counts.get(g, n * 0.002))


def weights(units: Sequence[_Unit]) -> dict[str, float]:
    """Weight of every bigram of ``units``: its rarity in the corpus times its rarity among
    the measures of the pair (log((N+1)/(df+0.5)))."""
    df: Counter[str] = Counter()
    for u in units:
        df.update(u.grams)
    n = len(units)
    return {g: math.log((n + 1) / (c + 0.5)) * corpus_weight(g) for g, c in df.items()}


class _Hit(NamedTuple):
    """The best sentence pair of a (local, parent) measure pair (a tuple: a pair of long
    laws has thousands)."""

    score: float
    local_sentence: int
    parent_sentence: int


#: bigrams as common as this in the corpus (应当, 规定, 人民, and 监督, 支持 too: in more than
#: ~3% of its articles) are left out of the index and of the shared rarity: their
#: posting lists are long, and a sentence pair that shares only such words shares a duty's
#: wording, not the duty (at ~8% the law corpus had 7 % more pairs, most just over the
#: threshold and of another duty, and the annotated pairs the same in sample)
INDEXED_WEIGHT = 3.5
#: the shared rarity (sum of the squared corpus weights of the shared bigrams) at which a
#: sentence pair's cosine counts half: two sentences that share only common words — a generic
#: sentence copied into many measures — score low even when they are identical (chosen with
#: the settings)
SHARED_WEIGHT = 100.0


@dataclass
class Document:
    """One document's measures as the alignment compares them, prepared once whatever the
    number of edges it is an end of: its units and their sentence × bigram matrix
    (:class:`kg.align.sparse.Matrix`, bigrams as integer codes, what a build compares);
    the number of units holding each bigram, each sentence's bigrams in one order and the
    index of its sentences by their rare bigrams as strings, made when first asked (what
    the loop of :func:`scores` compares).

    >>> from kg.models import Span
    >>> d = document([Measure("1", "1", "（一）建设产教融合实训基地。", Span(0, 14))])
    >>> len(d.units), d.df["实训"], d.postings["实训"], int(d.matrix.indptr[-1])
    (1, 1, [(0, 0)], 9)
    """

    units: list[_Unit]
    _matrix: Any = None
    _postings: dict[str, list[tuple[int, int]]] | None = None
    #: the articles of other documents its compared sentences name by number
    #: (:func:`references`) and the short titles it defines for documents it cites
    #: (《中华人民共和国X条例》（以下简称《条例》）: short -> title)
    references: list[Reference] = field(default_factory=list)
    short_titles: dict[str, str] = field(default_factory=dict)

    @cached_property
    def articles(self) -> dict[int, int]:
        """The number of each article (a unit whose measure starts 第N条) -> its unit."""
        from kg.extract.tables import number_value

        out: dict[int, int] = {}
        for x, u in enumerate(self.units):
            head = ARTICLE_HEAD.match(u.measure.text)
            n = number_value(head.group().strip()[1:-1]) if head else None
            if n is not None:
                out.setdefault(n, x)
        return out

    @cached_property
    def df(self) -> Counter[str]:
        """Bigram -> the number of units holding it."""
        df: Counter[str] = Counter()
        for u in self.units:
            df.update(u.grams)
        return df

    @cached_property
    def ordered(self) -> list[list[tuple[str, ...]]]:
        """Unit -> sentence -> its bigrams, sorted."""
        return [[tuple(sorted(gs)) for gs in u.sentence_grams] for u in self.units]

    @property
    def postings(self) -> dict[str, list[tuple[int, int]]]:
        """Rare bigram (corpus weight >= :data:`INDEXED_WEIGHT`) -> (unit, sentence) holding it."""
        if self._postings is None:
            out: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for j, sents in enumerate(self.ordered):
                for k, gs in enumerate(sents):
                    for g in gs:
                        if corpus_weight(g) >= INDEXED_WEIGHT:
                            out[g].append((j, k))
            self._postings = dict(out)
        return self._postings

    @property
    def matrix(self) -> Any:
        """The document as a sentence × bigram matrix (:func:`kg.align.sparse.prepare`)."""
        if self._matrix is None:
            from kg.align.sparse import prepare

            self._matrix = prepare(self.units)[1]
        return self._matrix

    @cached_property
    def liability(self) -> Any:
        """Unit -> whether it is a clause of legal liability (:func:`liability`), as an array."""
        import numpy as np

        return np.array([liability(u.measure) for u in self.units], dtype=bool)

    @cached_property
    def meaning(self) -> Any:
        """Its units' words as the meaning signal reads them (:func:`kg.align.meaning.read`),
        made when first asked."""
        from kg.align.meaning import read

        return read(self.units)

    @cached_property
    def rarity(self) -> dict[str, float]:
        """Squared corpus weight of each indexed bigram (what a shared bigram adds to the
        shared rarity of a sentence pair)."""
        return {g: corpus_weight(g) ** 2 for g in self.postings}


#: the bigrams a compared unit holds at least
MIN_GRAMS = 3


def liability(m: Measure) -> bool:
    """Whether ``m`` is a clause of legal liability: its first sentence names a breach and
    its sanction (:data:`kg.extract.regexes.LIABILITY`). A liability clause takes up only
    the parent's liability clauses, and a duty only duties: the annotated files pair a local
    penalty with the parent's penalty for the same breach, not with the duty it sanctions
    (and a penalty the parent does not set is optional), so a pair across the two kinds is
    no take-up however much wording they share (未对客户身份进行查验 ↔ 应当对客户身份进行查验).

    >>> from kg.models import Span
    >>> def m(t): return Measure("第九条", "九", t, Span(0, len(t)))
    >>> liability(m("第九条 加油站违反本办法第二十条规定的，由公安机关给予警告，并责令改正。"))
    True
    >>> liability(m("第九条 加油站应当对购买散装汽油的人员进行身份查验；违反前款规定的，由公安机关责令改正。"))
    False
    """
    text = m.text
    head = MEASURE_MARKER.match(text)
    first = SENTENCE.match(text, head.end() if head else 0)
    return bool(first and LIABILITY.search(first.group()))


def document(measures: Iterable[Measure]) -> Document:
    """The :class:`Document` of ``measures`` (the units :func:`aligned` keeps), its matrix
    made with the bigrams counted as integer codes (:func:`kg.align.sparse.prepare`)."""
    from kg.align.sparse import prepare

    measures = list(measures)
    units = _distinct(measures)
    keep, m = prepare(units, MIN_GRAMS)
    kept = [units[i] for i in keep]
    return Document(kept, m, references=references(kept), short_titles=short_titles(measures))


class _Weights(dict[str, float]):
    """The squared weights of a pair of documents (:func:`weights` squared), each computed
    when first asked: only the bigrams of the sentences scored are."""

    def __init__(self, a: Document, b: Document) -> None:
        super().__init__()
        self.a, self.b, self.n = a.df, b.df, len(a.units) + len(b.units)

    def __missing__(self, g: str) -> float:
        v = self[g] = (math.log((self.n + 1) / (self.a.get(g, 0) + self.b.get(g, 0) + 0.5)) * corpus_weight(g)) ** 2
        return v


def _norm2(gs: tuple[str, ...], w2: _Weights) -> float:
    return math.sqrt(sum(map(w2.__getitem__, gs)))  # gs sorted: the same float in every process


def scores(local: Sequence[_Unit] | Document, parent: Sequence[_Unit] | Document, w: dict[str, float] | None = None) -> dict[tuple[int, int], _Hit]:
    """For every (local, parent) measure index pair with sentences that share a bigram, the
    best score over their sentence pairs: cosine (squared weights) times D / (D +
    :data:`SHARED_WEIGHT`), D the shared rarity in the corpus. Parent sentences are found
    through the parent's inverted index of rare bigrams (:attr:`Document.postings`): the
    cost follows the postings, and only the sentences found are weighed."""
    ld = local if isinstance(local, Document) else _as_document(local)
    pd = parent if isinstance(parent, Document) else _as_document(parent)
    w2 = _Weights(ld, pd)
    postings, rarity = pd.postings, pd.rarity
    pnorm: dict[tuple[int, int], float] = {}
    out: dict[tuple[int, int], tuple[float, int, int]] = {}
    for i, sents in enumerate(ld.ordered):
        for li, gs in enumerate(sents):
            dots: dict[tuple[int, int], float] = defaultdict(float)
            shared: dict[tuple[int, int], float] = defaultdict(float)
            for g in gs:  # sorted: a set's order changes with the process's hash seed
                hits = postings.get(g)
                if hits:
                    wg, rare = w2[g], rarity[g]
                    for jk in hits:
                        dots[jk] += wg
                        shared[jk] += rare
            if not dots:
                continue
            lnorm = _norm2(gs, w2)
            for (j, k), d in dots.items():
                pn = pnorm.get((j, k))
                if pn is None:
                    pn = pnorm[(j, k)] = _norm2(pd.ordered[j][k], w2)
                damp = shared[(j, k)] / (shared[(j, k)] + SHARED_WEIGHT)
                s = d / (lnorm * pn) * damp if lnorm and pn else 0.0
                cur = out.get((i, j))
                if cur is None or s > cur[0] or (s == cur[0] and (li, k) < (cur[1], cur[2])):
                    out[(i, j)] = (s, li, k)
    return {ij: _Hit(*hit) for ij, hit in out.items()}


def _as_document(units: Sequence[_Unit]) -> Document:
    return Document(list(units))


def passage(u: _Unit, k: int) -> Passage:
    """Sentence ``k`` of ``u`` with its span in the document."""
    off, s = u.sentences[k]
    start = u.measure.span.start + off
    return Passage(u.measure.key, s, Span(start, start + len(s)))


class Reference(NamedTuple):
    """Articles of another document that a compared sentence names by number: 依照《水土保持法》第三十六条的规定…"""

    unit: int  # the unit of the sentence
    sentence: int
    title: str  # the document as the sentence names it
    articles: tuple[int, ...]


#: the most articles a range names (第十条至第二十条): a longer one names a part, not a duty
MOST_IN_RANGE = 10


def references(units: Sequence[_Unit]) -> list[Reference]:
    """The article references (:data:`~kg.extract.regexes.ARTICLE_REFERENCE`) of the
    compared sentences of ``units``: boilerplate (the basis clause 根据《…》第N条，制定本办法,
    a liability formula) names none.

    >>> from kg.models import Span
    >>> t = "第三十条 依照《水土保持法》第三十六条的规定处以罚款的，罚款幅度为1000元以上、1万元以下。按照《铁路法》第十一条至第十三条执行。"
    >>> references([unit(Measure("第三十条", "三十", t, Span(0, len(t))))])
    [Reference(unit=0, sentence=0, title='水土保持法', articles=(36,)), Reference(unit=0, sentence=1, title='铁路法', articles=(11, 12, 13))]
    """
    from kg.extract.tables import number_value

    out = []
    for x, u in enumerate(units):
        for k, (_, s) in enumerate(u.sentences):
            if "》第" not in s and "》的第" not in s:
                continue
            for hit in ARTICLE_REFERENCE.finditer(s):
                numbers: list[int] = []
                for a in ARTICLE_CITED.finditer(hit.group("articles")):
                    n = number_value(a.group("number"))
                    if n is None:
                        continue
                    if a.group("range") and numbers and 0 < n - numbers[-1] <= MOST_IN_RANGE:
                        numbers.extend(range(numbers[-1] + 1, n))
                    numbers.append(n)
                if numbers:
                    out.append(Reference(x, k, hit.group("title").strip(), tuple(dict.fromkeys(numbers))))
    return out


def short_titles(measures: Iterable[Measure]) -> dict[str, str]:
    """Short title -> the title it stands for, as the texts of ``measures`` define them.

    >>> from kg.models import Span
    >>> t = "第一条 根据《中华人民共和国城市规划条例》（以下简称《条例》），制定本办法。"
    >>> short_titles([Measure("第一条", "一", t, Span(0, len(t)))])
    {'条例': '中华人民共和国城市规划条例'}
    """
    return {hit.group("short").strip(): hit.group("title").strip()
            for m in measures if "称" in m.text for hit in DEFINED_SHORT_TITLE.finditer(m.text)}


def cited_names(title: str, defined: dict[str, str] | None = None) -> frozenset[str]:
    """The names a local document may cite a document titled ``title`` by, as the
    resolution compares titles (:func:`kg.graph.resolve.short_title`: without 中华人民共和国,
    book-title marks and white space): its title and the short titles the local document
    defines for it (``defined``: :attr:`Document.short_titles`).

    >>> sorted(cited_names("中华人民共和国城市规划条例", {"条例": "中华人民共和国城市规划条例", "办法": "某办法"}))
    ['城市规划条例', '条例']
    """
    from kg.graph.resolve import short_title

    key = short_title(title)[0]
    if not key:
        return frozenset()
    return frozenset({key} | {short_title(short)[0] for short, full in (defined or {}).items() if short_title(full)[0] == key})


def numbered_as_cited(title: str, parent_date: str | None, local_date: str | None) -> str:
    """``title`` when the articles a local document (dated ``local_date``) names by number
    are those of the parent's text dated ``parent_date``: the text is no newer than the local
    document; else "" (a law revised since renumbers its articles: 第二百条 of the 民事诉讼法
    of 2012 is 第二百零七条 of its text of 2021). Dates as ISO strings; without both, "".

    >>> numbered_as_cited("中华人民共和国土地管理法", "2019-08-26", "2021-07-02"), numbered_as_cited("中华人民共和国测绘法", "2017-04-27", "2010-05-01")
    ('中华人民共和国土地管理法', '')
    """
    return title if parent_date and local_date and parent_date <= local_date else ""


#: the score of a pair that the local measure states by naming the parent's article: the
#: text says so, whatever the words the two share
REFERENCE_SCORE = 1.0


#: the least score (:func:`scores`) of a referenced pair's two measures: an article renumbered
#: since the local document was written shares nothing with what it names (on the 3,415 laws,
#: local regulations amended after their law still naming its old numbers scored 0.000-0.002;
#: the articles meant, 0.004 and above)
REFERENCE_FLOOR = 0.003


def referenced(ld: Document, pd: Document, title: str) -> list[tuple[int, int, int, int]]:
    """(local unit, parent unit, local sentence, parent sentence) of each article of the
    parent document (titled ``title``: give it only when the local document names the
    articles of this text of the parent, :func:`numbered_as_cited`) that a compared sentence
    of a local measure names by number, in local order: 依照《水土保持法》第三十六条的规定…
    takes up 第三十六条 of 中华人民共和国水土保持法. Only articles the parent's alignment
    compares (a liability formula is none), whose measure shares some wording with the local
    one (:data:`REFERENCE_FLOOR`); the parent's sentence is the one closest to the local
    measure's."""
    if not ld.references or not title:
        return []
    from kg.graph.resolve import short_title

    names = cited_names(title, ld.short_titles)
    named: dict[tuple[int, int], int] = {}
    for r in ld.references:
        if short_title(r.title)[0] in names:
            for n in r.articles:
                j = pd.articles.get(n)
                if j is not None:
                    named.setdefault((r.unit, j), r.sentence)
    if not named:
        return []
    i, j, s, _, _, k = _passing(ld, pd, None)
    scored = {(a, b): (score, y) for a, b, score, y in zip(i.tolist(), j.tolist(), s.tolist(), k.tolist())}
    out = []
    for (a, b), x in sorted(named.items()):
        score, y = scored.get((a, b), (0.0, 0))
        if score >= REFERENCE_FLOOR:
            out.append((a, b, x, y))
    return out


def _distinct(measures: Iterable[Measure]) -> list[_Unit]:
    """The units of the measures of kinds :data:`ALIGNED_KINDS`, without the sentences the
    document writes in two measures or more (see :func:`aligned`)."""
    units = [unit(m) for m in measures if m.kind in ALIGNED_KINDS]
    seen = Counter(s for u in units if u.measure.kind != "row" for s in {s for _, s in u.sentences})
    for u in units:
        if u.measure.kind != "row" and any(seen[s] > 1 for _, s in u.sentences):
            u.sentences = [x for x in u.sentences if seen[x[1]] == 1]
    return units


def aligned(measures: Iterable[Measure]) -> list[_Unit]:
    """The units of one document's measures that are compared (kinds :data:`ALIGNED_KINDS`,
    some words left after boilerplate). A sentence that the document writes in two measures
    or more (a stock phrase: 强化部门协同，形成工作合力…) is boilerplate too; task-table rows,
    which repeat their measures by design, do not count.

    >>> from kg.models import Span
    >>> ms = [Measure(f"{n}", f"{n}", f"（{n}）{t}各地要提高认识，狠抓落实。", Span(0, 30)) for n, t in (("一", "建设实训基地。"), ("二", "改善办学条件。"))]
    >>> [[s for _, s in u.sentences] for u in aligned(ms)]
    [['建设实训基地。'], ['改善办学条件。']]
    """
    return [u for u in _distinct(measures) if len(u.grams) >= MIN_GRAMS]


class Candidate(NamedTuple):
    """A (local, parent) pair that shares a bigram, with its score and the local measure's
    best score."""

    local: int
    parent: int
    score: float
    best: float
    local_sentence: int = 0
    parent_sentence: int = 0


def candidates(lu: Sequence[_Unit] | Document, pu: Sequence[_Unit] | Document, w: dict[str, float] | None = None,
               settings: Settings | None = None) -> list[Candidate]:
    """Every scored pair (with ``settings``, only those that pass), in local order then by
    falling score (``w`` is not used: the weights are the pair's, :func:`weights`). The
    scores are :func:`scores`' taken as sparse matrix products (:mod:`kg.align.sparse`;
    the tests hold the two to the same pairs)."""
    ld = lu if isinstance(lu, Document) else _as_document(lu)
    pd = pu if isinstance(pu, Document) else _as_document(pu)
    return _matrix_candidates(ld, pd, settings)


def _matrix_candidates(ld: Document, pd: Document, settings: Settings | None) -> list[Candidate]:
    """:func:`candidates` from :func:`_passing`, a record per pair kept."""
    i, j, s, best, li, k = _passing(ld, pd, settings)
    return list(map(Candidate._make, zip(i.tolist(), j.tolist(), s.tolist(), best.tolist(), li.tolist(), k.tolist())))


class Scored(NamedTuple):
    """Arrays of the candidate pairs of two documents (:func:`scored`), one row a pair."""

    i: Any  # local unit
    j: Any  # parent unit
    s: Any  # score (0.0: a pair the meaning signal alone proposes)
    best: Any  # the local measure's best score
    li: Any  # local sentence (-1: not chosen yet, a pair of the meaning signal alone)
    k: Any  # parent sentence
    figures: Any  # what the settings' model weighs (:mod:`kg.align.learn`), None without one
    by_meaning: Any  # whether the pair passes the meaning floor (with a model of the meaning signal)


def scored(ld: Document, pd: Document, settings: Settings | None) -> Scored:
    """The candidate pairs of two documents: the best sentence pair of each measure pair
    (:func:`kg.align.sparse.sentence_pairs`, :func:`kg.align.sparse.best_of`) but across a
    duty and a liability clause (:func:`liability`); with a model of the
    meaning signal (:attr:`kg.align.learn.Model.meaning`), also each pair whose meaning
    stands ``settings.meaning`` deviations out of its row and column
    (:func:`kg.align.meaning.relative`), and every lexical pair, however low (the model
    weighs them); with a model, the figures it weighs."""
    import numpy as np

    from kg.align.learn import FLOOR
    from kg.align.sparse import best_of, sentence_pairs

    model = None if settings is None else settings.model
    meaning = model is not None and model.meaning
    # a pair under the threshold never passes, and a local measure whose best is under it
    # has no pair that does: with settings, those are left out before the best is taken
    # (the sentence pairs the model's figures count, FLOOR, are kept till then)
    floor = None if settings is None or meaning else settings.threshold
    kept = floor if floor is None or model is None else min(floor, FLOOR)
    sentences = sentence_pairs(ld, pd, kept)
    # a duty takes up duties, a liability clause liability clauses (:func:`liability`)
    sentences = sentences.where(ld.liability[sentences.i] == pd.liability[sentences.j])
    i, j, s, li, k = best_of(sentences)
    if kept is not None and floor is not None and floor > kept:  # (a threshold above FLOOR)
        i, j, s, li, k = (x[s >= floor] for x in (i, j, s, li, k))
    if meaning:
        assert settings is not None
        if settings.meaning is None:
            raise ValueError("a model of the meaning signal needs Settings.meaning, the z from which a pair is a candidate by meaning")
        from kg.align.meaning import relative, similarity, vectors

        sim = similarity(ld.meaning, pd.meaning, vectors())
        z = relative(sim)
        z[ld.liability[:, None] != pd.liability[None, :]] = -np.inf
        lexical = np.zeros(z.shape, dtype=bool)
        lexical[i, j] = True
        a, b = np.nonzero((z >= settings.meaning) & ~lexical)
        none = np.full(len(a), -1, dtype=np.int64)
        i, j, s, li, k = np.r_[i, a], np.r_[j, b], np.r_[s, np.zeros(len(a))], np.r_[li, none], np.r_[k, none]
    best = np.zeros(len(ld.units))
    np.maximum.at(best, i, s)
    x, by_meaning = None, np.zeros(len(i), dtype=bool)
    if model is not None:
        from kg.align.learn import features, meaning_figures

        x = features(i, j, s, len(ld.units), len(pd.units), sentences)
        if meaning:
            x = np.hstack([x, meaning_figures(sim, z, i, j)])
            by_meaning = z[i, j] >= settings.meaning  # type: ignore[union-attr]
    return Scored(i, j, s, best[i] if len(i) else s, li, k, x, by_meaning)


def gate(s: Any, best: Any, by_meaning: Any, cfg: Settings) -> Any:
    """Whether each pair (score ``s``, its local measure's best score ``best``) passes
    ``cfg``'s threshold and its ratio to the best — or, with a model of the meaning signal,
    the meaning floor (``by_meaning``, :attr:`Scored.by_meaning`; None: none does).

    >>> import numpy as np
    >>> gate(np.array([0.5, 0.1, 0.02]), np.array([0.5, 0.5, 0.02]), None, Settings(0.03, 0.3, model=None)).tolist()
    [True, False, False]
    """
    import numpy as np

    s, best = np.asarray(s, dtype=np.float64), np.asarray(best, dtype=np.float64)
    out = (s >= cfg.threshold) & (s >= cfg.ratio * best)
    if cfg.model is not None and cfg.model.meaning and by_meaning is not None:
        out |= np.asarray(by_meaning, dtype=bool)
    return out


def decide(local: Any, parent: Any, s: Any, best: Any, by_meaning: Any, figures: Any, cfg: Settings) -> Any:
    """The indices of the pairs ``cfg`` keeps, in no set order: past the gate (:func:`gate`),
    at or above the cut of ``cfg.model`` (their ``figures`` weighed), and a local measure's
    ``cfg.most`` likeliest (by the model's probability, or by score without a model; ties in
    ``parent``'s order). ``local`` and ``parent`` name each pair's measures (unit indices, or
    annotated numbers): what the build keeps (:func:`_passing`) and what ``kg eval --alignment``
    scores (:meth:`kg.align.score.Table.predicted`) are this one choice.

    >>> import numpy as np
    >>> s = np.array([0.5, 0.4, 0.3, 0.2])
    >>> decide(np.array([0, 0, 0, 1]), np.array([0, 1, 2, 0]), s, np.array([0.5, 0.5, 0.5, 0.2]), None, None,
    ...        Settings(0.03, 0.3, most=2, model=None)).tolist()
    [0, 1, 3]
    """
    import numpy as np

    from kg.align.sparse import starts

    s = np.asarray(s, dtype=np.float64)
    keep = gate(s, best, by_meaning, cfg)
    likely = -s
    if cfg.model is not None and len(s):
        p = cfg.model.probability(figures)
        keep &= p >= cfg.model.cut
        likely = -p
    idx = np.flatnonzero(keep)
    if cfg.most is None or not len(idx):
        return idx
    local, parent = np.asarray(local), np.asarray(parent)
    idx = idx[np.lexsort((parent[idx], likely[idx], local[idx]))]  # (a local measure's pairs, likeliest first)
    first = starts(local[idx])
    rank = np.arange(len(idx)) - np.maximum.accumulate(np.where(first, np.arange(len(idx)), 0))
    return idx[rank < cfg.most]


def _passing(ld: Document, pd: Document, settings: Settings | None) -> tuple[Any, Any, Any, Any, Any, Any]:
    """Arrays (local, parent, score, the local measure's best, local sentence, parent
    sentence) of the pairs of :func:`scored` that ``settings`` keep (:func:`decide`; every
    pair without settings), in :func:`candidates`' order (local, then falling score)."""
    import numpy as np

    c = scored(ld, pd, settings)
    arrays = (c.i, c.j, c.s, c.best, c.li, c.k)
    if settings is not None and len(c.i):
        kept = decide(c.i, c.j, c.s, c.best, c.by_meaning, c.figures, settings)
        arrays = tuple(x[kept] for x in arrays)
    i, j, s = arrays[:3]
    order = np.lexsort((j, -s, i))
    return tuple(x[order] for x in arrays)  # type: ignore[return-value]


def measure_labels(measures: Iterable[tuple[K, str, str, str | None]]) -> dict[K, str]:
    """Measure -> the label the take-up questions and their evaluation name it by
    (``kg adoption``, ``kg eval --alignment``): its number as FORMAT.md writes it ("7",
    "十四", "五" for 第五条) for the first measure that carries it (measures before
    task-table rows, in document order), its full path for the later ones, whose numbering
    restarts. ``measures``: (id, number, path, kind) in document order.

    >>> measure_labels([("r", "1", "附件1/1", "row"), ("a", "1", "一/1", "measure"), ("b", "1", "二/1", "measure"),
    ...                 ("c", "五", "第五条", "measure")])
    {'a': '1', 'b': '二/1', 'c': '五', 'r': '附件1/1'}
    """
    out: dict[K, str] = {}
    used: set[str] = set()
    for key, number, path, kind in sorted(measures, key=lambda m: m[3] == "row"):
        out[key] = number if number not in used else path
        used.add(number)
    return out


@lru_cache(maxsize=65536)
def comparable(kind: str | None, text: str | None) -> bool:
    """Whether a measure of ``kind`` with ``text`` is compared at all (what the alignment
    can pair): not a section, some words left once boilerplate is out.

    >>> comparable("measure", "第九条 本条例自2020年1月1日起施行。"), comparable("measure", "第二条 血站应当免费检查献血者。")
    (False, True)
    >>> comparable("measure", "（三）（市教育局牵头，市财政局配合）"), comparable("measure", "（五）强化部门协同，形成工作合力，推动政策措施落地见效。")
    (False, False)
    """
    if (kind or "measure") not in ALIGNED_KINDS:
        return False
    t = text or ""
    if not BOILERPLATE_WORDS.search(t) and not _stock().search(t) and not PRINCIPLES_HEADING.search(t) and len(grams(t)) >= 8:
        return True  # long enough and nothing boilerplate, stock phrases or principles could strip
    m = Measure("", "", text or "", Span(0, len(text or "")), None, kind or "measure")
    return bool(aligned([m]))


def align(local: Sequence[Measure] | Document, parent: Sequence[Measure] | Document, settings: Settings | None = None,
          title: str = "") -> list[Pair]:
    """The pairs (local measure, parent measure it takes up), in local then score order;
    either document may be given prepared (:func:`document`), as a build does for a
    directive many documents implement. With the parent's ``title``, a local measure also
    takes up each article of the parent it names by number (:func:`referenced`, scored
    :data:`REFERENCE_SCORE`).

    >>> from kg.models import Span
    >>> def m(n, t): return Measure(f"第{n}条", n, f"第{n}条 {t}", Span(0, len(t) + 5), None, "measure")
    >>> parent = [m("三十五", "县级以上人民政府应当加强水土保持工作的宣传教育。"),
    ...           m("三十六", "在禁止开垦的陡坡地开垦种植农作物的，由县级以上地方人民政府水行政主管部门责令停止违法行为，采取补救措施，可以处以罚款。")]
    >>> local = [m("三十", "开垦陡坡地的，依照《水土保持法》第三十六条的规定处以罚款，罚款幅度为每平方米1元以上2元以下。")]
    >>> align(local, parent), [(p.local_number, p.parent_number, p.score) for p in align(local, parent, title="中华人民共和国水土保持法")]
    ([], [('三十', '三十六', 1.0)])
    """
    return [pair_of(r) for r in align_rows(local, parent, settings, title)]


def align_rows(local: Sequence[Measure] | Document, parent: Sequence[Measure] | Document, settings: Settings | None = None,
               title: str = "") -> list[list[Any]]:
    """The pairs of :func:`align` as rows (:func:`pair_row`), made from the candidates'
    arrays without a record per pair (a build writes the rows' lines and keeps the rows)."""
    cfg = settings or Settings()
    ld = local if isinstance(local, Document) else document(local)
    pd = parent if isinstance(parent, Document) else document(parent)
    i, j, s, _, li, k = _passing(ld, pd, cfg)
    found = [(a, b, round(score, 4), x, y) for a, b, score, x, y in zip(i.tolist(), j.tolist(), s.tolist(), li.tolist(), k.tolist())]
    if any(x < 0 for *_, x, _ in found):  # pairs the meaning signal alone proposed: its sentence pair
        from kg.align.meaning import sentence_pair, vectors, weights

        v = vectors()
        lm, pm = ld.meaning, pd.meaning
        weight = weights(lm, pm, v)
        found = [(a, b, score, *sentence_pair(lm.sentences[a], pm.sentences[b], weight, v)) if x < 0 else (a, b, score, x, y)
                 for a, b, score, x, y in found]
    named = referenced(ld, pd, title)
    if named:
        have = {(a, b) for a, b, *_ in found}
        found += [(a, b, REFERENCE_SCORE, x, y) for a, b, x, y in named if (a, b) not in have]
    added = cfg.meaning is not None and (cfg.model is None or not cfg.model.meaning)  # (the rule's additions)
    if added:
        found += _by_meaning(ld, pd, cfg, found)
    if named or added:
        found.sort(key=lambda f: (f[0], -f[2], f[1]))
    out: list[list[Any]] = []
    lu, pu = ld.units, pd.units
    for a, b, score, x, y in found:
        ma, mb = lu[a].measure, pu[b].measure
        oa, ta = lu[a].sentences[x]
        ob, tb = pu[b].sentences[y]
        sa, sb = ma.span.start + oa, mb.span.start + ob
        out.append([ma.key, mb.key, ma.number, mb.number, score, ta, sa, sa + len(ta), tb, sb, sb + len(tb)])
    return out


def _by_meaning(ld: Document, pd: Document, cfg: Settings, found: list[tuple[int, int, float, int, int]]) -> list[tuple[int, int, float, int, int]]:
    """The pairs :func:`kg.align.meaning.added` takes up besides ``found``, each with its
    lexical score (0.0: the two measures share no indexed bigram) and the sentence pair
    alike in meaning the most."""
    import numpy as np

    from kg.align.meaning import added, sentence_pair, vectors, weights
    from kg.align.sparse import best_pairs

    assert cfg.meaning is not None
    v = vectors()
    lm, pm = ld.meaning, pd.meaning
    weight = weights(lm, pm, v)
    z = meaning_standing(ld, pd, weight)
    more = added([(a, b) for a, b, *_ in found], [(float(z[a, b]), a, b) for a, b in np.argwhere(z >= cfg.meaning).tolist()], cfg)
    if not more:
        return []
    i, j, s, _, _ = best_pairs(ld, pd)
    lexical = dict(zip(zip(i.tolist(), j.tolist()), s.tolist()))
    return [(a, b, round(lexical.get((a, b), 0.0), 4), *sentence_pair(lm.sentences[a], pm.sentences[b], weight, v)) for a, b in more]


def meaning_standing(ld: Document, pd: Document, weight: Any = None) -> Any:
    """How far each (local unit, parent unit) stands out by meaning
    (:func:`kg.align.meaning.standing` of :func:`kg.align.meaning.similarity`, ``weight``:
    the pair's :func:`kg.align.meaning.weights` when made already), -inf across a duty and a
    liability clause (:func:`liability`)."""
    import numpy as np

    from kg.align.meaning import similarity, standing, vectors

    z = standing(similarity(ld.meaning, pd.meaning, vectors(), weight))
    z[ld.liability[:, None] != pd.liability[None, :]] = -np.inf
    return z


def pair_row(p: Pair) -> list[Any]:
    """``p`` as a row of JSON: keys, numbers, score, then each passage's text, start and end
    (a passage's measure is its side's measure).

    >>> p = Pair("第一条", "第三条", "一", "三", 0.5, Passage("第一条", "甲", Span(0, 1)), Passage("第三条", "乙", Span(2, 3)))
    >>> pair_row(p), pair_of(pair_row(p)) == p
    (['第一条', '第三条', '一', '三', 0.5, '甲', 0, 1, '乙', 2, 3], True)
    """
    a, b = p.local_passage, p.parent_passage
    return [p.local, p.parent, p.local_number, p.parent_number, p.score, a.text, a.span.start, a.span.end, b.text, b.span.start, b.span.end]


def pair_of(r: list[Any]) -> Pair:
    """The :class:`Pair` of a row of :func:`pair_row`."""
    local, parent, ln, pn, score, lt, ls, le, pt, ps, pe = r
    return Pair(local, parent, ln, pn, score, Passage(local, lt, Span(ls, le)), Passage(parent, pt, Span(ps, pe)))
