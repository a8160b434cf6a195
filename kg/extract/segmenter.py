"""jieba tokenizers of the extractors: one dictionary load, and a faster part-of-speech HMM.

* :func:`tokenizer` gives a private :class:`jieba.Tokenizer` with extra words (the
  department dictionary, the institution type words). Each one starts from a copy of one
  main dictionary read once per process, instead of reading the whole dictionary again:
  the words and frequencies are the same as those of ``jieba.Tokenizer()`` followed by
  ``add_word``, so the cuts are too.
* :class:`POSTokenizer` is ``jieba.posseg.POSTokenizer`` with the Viterbi search of unknown
  words restricted to the states that can precede each state (the others have probability
  zero, -inf, and never win): the same path as jieba's, several times faster.

>>> [(p.word, p.flag) for p in pos_tokenizer([("职业技术学院", 200000, "ntype")]).lcut("支持庆阳职业技术学院发展")]
[('支持', 'v'), ('庆阳', 'ns'), ('职业技术学院', 'ntype'), ('发展', 'vn')]
>>> from jieba.posseg.viterbi import viterbi as jieba_viterbi
>>> list(viterbi("岐黄")) == jieba_viterbi("岐黄", pseg.char_state_tab_P, pseg.start_P, pseg.trans_P, pseg.emit_P)[1]
True
"""

from __future__ import annotations

import logging
from math import inf, log
from functools import lru_cache
from operator import itemgetter
from typing import Any, Iterable

import jieba
import jieba.posseg as pseg
from jieba.posseg.viterbi import MIN_FLOAT

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _main() -> jieba.Tokenizer:
    """jieba's main dictionary, read once (from jieba's cache file when there is one)."""
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


class Tokenizer(jieba.Tokenizer):
    """``jieba.Tokenizer`` whose word graph is built with one dictionary look-up per
    fragment instead of two (the same graph)."""

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:
        self.check_initialized()
        get = self.FREQ.get
        dag: dict[int, list[int]] = {}
        n = len(sentence)
        for k in range(n):
            ends = []
            i = k
            freq = get(sentence[k])
            while freq is not None:
                if freq:
                    ends.append(i)
                i += 1
                if i >= n:
                    break
                freq = get(sentence[k : i + 1])
            dag[k] = ends or [k]
        return dag

    def _word_logs(self) -> dict[str, float]:
        """``log(frequency or 1) - log(total)`` of the words met, kept while the total
        stays and no word is added or removed (:meth:`add_word`)."""
        if getattr(self, "_logs_total", None) != self.total:
            self._logs: dict[str, float] = {}
            self._logs_total = self.total
        return self._logs

    def _char_logs(self) -> list[Any]:
        """For each character below :data:`_CHARS`, as :meth:`_char_log` gives it once met
        (:data:`_UNMET` before), kept while the total stays and no word is added or removed:
        a character is read by its code, not looked up in the dictionary of 500,000 words."""
        if getattr(self, "_chars_total", None) != self.total:
            self._chars: list[Any] = [_UNMET] * _CHARS
            self._chars_total = self.total
        return self._chars

    def _char_log(self, char: str, logtotal: float) -> Any:
        """The log probability of ``char`` as a word (``log(frequency) - logtotal``),
        :data:`_PREFIX` when it only starts words, ``None`` when no word starts with it."""
        freq = self.FREQ.get(char)
        if freq is None:
            return None
        return log(freq) - logtotal if freq else _PREFIX

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        """jieba's ``add_word`` (also behind ``del_word``, ``suggest_freq`` and
        ``load_userdict``); the kept log probabilities are dropped (the word's with the others)."""
        super().add_word(word, freq, tag)
        self._logs_total = self._chars_total = None

    def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:
        """jieba's best route over ``DAG`` (the same sums, the first best end kept as
        ``max`` does), with each word's log probability computed once per tokenizer."""
        n = len(sentence)
        route[n] = (0, 0)
        logtotal = log(self.total)
        get = self.FREQ.get
        logs = self._word_logs()
        for idx in range(n - 1, -1, -1):
            best: tuple[float, int] | None = None
            for x in DAG[idx]:
                word = sentence[idx : x + 1]
                lp = logs.get(word)
                if lp is None:
                    lp = logs[word] = log(get(word) or 1) - logtotal
                cand = (lp + route[x + 1][0], x)
                if best is None or cand > best:
                    best = cand
            route[idx] = best  # type: ignore[assignment]

    def route_ends(self, sentence: str) -> list[int]:
        """Where the word of jieba's best route that starts at each place ends (exclusive):
        :meth:`calc` over :meth:`get_DAG` in one walk from the end of ``sentence``, each
        place's words looked up as its graph would list them (the same candidates in the
        same order, the same sums, the first best kept: the same route), without the graph;
        a place's first character read from :meth:`_char_logs`, the log probability of a
        longer word computed where it is found (as :meth:`calc` computes it).

        >>> t = tokenizer()
        >>> s = "县职教中心联合县总工会开展培训"
        >>> route = {}
        >>> t.calc(s, t.get_DAG(s), route)
        >>> t.route_ends(s) == [route[i][1] + 1 for i in range(len(s))]
        True
        """
        self.check_initialized()
        n = len(sentence)
        scores = [0.0] * (n + 1)
        ends = [0] * n
        logtotal = log(self.total)
        unknown = log(1) - logtotal  # (a character that is no word: jieba's frequency 1)
        get = self.FREQ.get
        chars = self._char_logs()
        for idx in range(n - 1, -1, -1):
            char = sentence[idx]
            code = ord(char)
            lp = chars[code] if code < _CHARS else _UNMET
            if lp is _UNMET:
                lp = self._char_log(char, logtotal)
                if code < _CHARS:
                    chars[code] = lp
            if lp is None:  # (no word starts here: the graph holds the character alone)
                scores[idx] = unknown + scores[idx + 1]
                ends[idx] = idx + 1
                continue
            if lp is _PREFIX:
                best = -inf  # (every sum is finite: the first word is taken)
                end = 0
            else:
                best, end = lp + scores[idx + 1], idx + 1
            i = idx + 1
            while i < n:
                freq = get(sentence[idx : i + 1])
                if freq is None:
                    break
                if freq:  # (a word of the graph: it ends at i)
                    score = (log(freq) - logtotal) + scores[i + 1]
                    if score >= best:  # (calc's max of (score, end): at the same score, the later end)
                        best, end = score, i + 1
                i += 1
            if not end:  # (no word starts here: the graph holds the character alone)
                best, end = unknown + scores[idx + 1], idx + 1
            scores[idx] = best
            ends[idx] = end
        return ends


#: the characters :meth:`Tokenizer.route_ends` reads by their code: below U+9FD6, those of
#: the blocks jieba cuts by its dictionary (ASCII letters and digits, CJK up to U+9FD5)
_CHARS = 0x9FD6
#: a character not yet looked up (:meth:`Tokenizer._char_logs`)
_UNMET = object()
#: a character that only starts words (:meth:`Tokenizer._char_log`)
_PREFIX = object()


def tokenizer(words: Iterable[tuple[str, int, str]] = ()) -> jieba.Tokenizer:
    """A new tokenizer: the main dictionary plus ``(word, frequency, tag)`` added in order
    (as :meth:`jieba.Tokenizer.add_word` does).

    >>> t = tokenizer([("职教中心", 200000, "n")])
    >>> t.get_DAG("县职教中心") == jieba.Tokenizer.get_DAG(t, "县职教中心")
    True
    """
    main = _main()
    tok = Tokenizer(main.dictionary)
    tok.FREQ = dict(main.FREQ)
    tok.total = main.total
    tok.initialized = True
    for word, freq, tag in words:
        tok.add_word(word, freq, tag)
    return tok


@lru_cache(maxsize=1)
def _predecessors() -> dict[Any, dict[Any, float]]:
    """For each state of the part-of-speech HMM, the states that can precede it and the
    log probability of the transition."""
    out: dict[Any, dict[Any, float]] = {}
    for y0, nexts in pseg.trans_P.items():
        for y, p in nexts.items():
            out.setdefault(y, {})[y0] = p
    return out


@lru_cache(maxsize=1)
def _leading() -> frozenset[Any]:
    """The states of the part-of-speech HMM that lead to some state."""
    return frozenset(x for x, nexts in pseg.trans_P.items() if nexts)


@lru_cache(maxsize=1 << 16)
def viterbi(obs: str) -> tuple[Any, ...]:
    """The state path of ``obs`` that ``jieba.posseg.viterbi.viterbi`` finds (same sums in
    the same order, same ties: the larger state wins); a run of unknown characters met
    again (a place name) is not searched again."""
    trans_p = pseg.trans_P
    all_states = trans_p.keys()
    leading = _leading()
    v = _start(obs[0])  # (only read: each step makes a new one)
    mem_path: list[dict[Any, Any]] = [dict.fromkeys(v, "")]
    for t in range(1, len(obs)):
        prev = {x: score for x, score in v.items() if x in leading}  # (v holds the states of mem_path[t - 1])
        ch = obs[t]
        nv, path = _step(prev, _entries(ch))
        if not nv:  # no state of the character can follow: jieba falls back on every successor
            expect_next = {y for x in prev for y in trans_p[x]}
            nv, path = _step(prev, _entries_of(expect_next or all_states, ch))
        v = nv
        mem_path.append(path)
    state = max((v[y], y) for y in mem_path[-1])[1]
    route: list[Any] = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = mem_path[i][state]
    return tuple(route)


#: a state, the states that can precede it with the log probability of the transition, how
#: many they are, the largest of those transitions, and the state's log probability of
#: emitting a character
_Entry = tuple[Any, dict[Any, float], int, float, float]


@lru_cache(maxsize=1 << 13)
def _start(ch: str) -> dict[Any, float]:
    """The scores of the states of ``ch`` (every state when the model gives it none) as the
    first character of a run, made once per character (a run's first character is often
    the first of others: a place name met with other characters after it)."""
    start_p, emit_p = pseg.start_P, pseg.emit_P
    return {y: start_p[y] + emit_p[y].get(ch, MIN_FLOAT) for y in _states_of(ch)}


@lru_cache(maxsize=1 << 13)
def _entries(ch: str) -> tuple[_Entry, ...]:
    """:func:`_entries_of` the states the model gives ``ch`` (every state when it gives
    none), made once per character."""
    return _entries_of(_states_of(ch), ch)


def _states_of(ch: str) -> Iterable[Any]:
    """The states the model gives ``ch``, in its order (every state when it gives none)."""
    return pseg.char_state_tab_P.get(ch, pseg.trans_P.keys())


def _entries_of(candidates: Iterable[Any], ch: str) -> tuple[_Entry, ...]:
    """For each of ``candidates`` that some state leads to (jieba leaves the others out),
    in order: the state, its predecessors with their transitions, their number, and its
    emission of ``ch`` (``MIN_FLOAT`` when it has none)."""
    led = _led_states()
    out: list[_Entry] = []
    for y in candidates:
        known = led.get(y)
        if known is not None:
            into, n_into, top, emits = known
            out.append((y, into, n_into, top, emits.get(ch, MIN_FLOAT)))
    return tuple(out)


@lru_cache(maxsize=1)
def _led_states() -> dict[Any, tuple[dict[Any, float], int, float, dict[str, float]]]:
    """For each state of the part-of-speech HMM that some state leads to: its predecessors
    with their transitions (:func:`_predecessors`), their number, the largest transition,
    and its emissions (one look-up of the state for the four)."""
    return {y: (into, len(into), max(into.values()), pseg.emit_P[y]) for y, into in _predecessors().items() if into}


def _step(prev: dict[Any, float], entries: Iterable[_Entry]) -> tuple[dict[Any, float], dict[Any, Any]]:
    """The best score and predecessor of each state of ``entries`` (:func:`_entries_of`)
    that a state of ``prev`` can lead to: jieba's max over (score, state), restricted to
    finite transitions (the larger score, at the same score the larger state).

    A state with few predecessors walks them (a score and a transition are added the same
    either way round: float addition commutes); another walks the states of ``prev`` from
    the best score down and stops where even its largest transition cannot reach the best
    sum found (a sum of smaller terms is not larger once rounded: no state after that one
    can win, nor tie). The maximum of the same sums over the same states does not depend
    on the order.

    >>> _step({("B", "n"): -1.0}, _entries_of([("E", "n"), ("B", "n")], "学"))[1]
    {('E', 'n'): ('B', 'n')}
    """
    nv: dict[Any, float] = {}
    path: dict[Any, Any] = {}
    ranked = sorted(prev.items(), key=_second, reverse=True)
    for y, into, n_into, top, em in entries:
        best = -inf  # (every sum is finite: the first state found is taken)
        best_state = None
        if n_into <= _FEW:
            for y0, b in into.items():
                a = prev.get(y0)
                if a is not None:
                    score = a + b + em
                    if score > best or (score == best and y0 > best_state):
                        best, best_state = score, y0
        else:
            for y0, a in ranked:
                if a + top + em < best:
                    break
                b = into.get(y0)
                if b is not None:
                    score = a + b + em
                    if score > best or (score == best and y0 > best_state):
                        best, best_state = score, y0
        if best_state is not None:  # else no state of prev leads to y: jieba leaves y out
            nv[y] = best
            path[y] = best_state
    return nv, path


#: the most predecessors a state has for :func:`_step` to walk them rather than ``prev``
_FEW = 4
_second = itemgetter(1)


def _word_tags() -> dict[str, str]:
    """The part-of-speech tags of the main dictionary's words: those ``jieba.posseg`` read
    when it was imported (its default tokenizer's; nothing in this project adds words to
    jieba's default tokenizer), not read again."""
    return pseg.dt.word_tag_tab


class POSTokenizer(pseg.POSTokenizer):
    """``jieba.posseg.POSTokenizer`` with :func:`viterbi` for the unknown words (the tags
    of the dictionary's words copied, not read again)."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.word_tag_tab = dict(_word_tags())

    def _POSTokenizer__cut(self, sentence: str):  # overrides the private method of jieba's class
        pos_list = viterbi(sentence)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield pseg.pair(sentence[begin : i + 1], pos_list[i][1])
                nexti = i + 1
            elif pos == "S":
                yield pseg.pair(char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield pseg.pair(sentence[nexti:], pos_list[nexti][1])

    def pairs(self, sentence: str) -> list[tuple[str, str]]:
        """``[(p.word, p.flag) for p in self.lcut(sentence)]`` (with the HMM), made as a list
        of tuples without jieba's generators and ``pair`` objects: the same blocks, words
        and tags.

        >>> t = pos_tokenizer([("职业技术学院", 200000, "ntype")])
        >>> s = "支持庆阳职业技术学院发展，2025年 建成3所AB学校"
        >>> t.pairs(s) == [(p.word, p.flag) for p in t.lcut(s)]
        True
        """
        return self._pairs(sentence, True)  # type: ignore[return-value]

    def pieces(self, sentence: str) -> list[tuple[str, str | None]]:
        """:meth:`pairs` with each run of two or more single characters that the HMM would
        read (or that is a word of the dictionary, cut into its characters) left whole and
        tagged ``None``: in its place, :meth:`run_pairs` gives the words and tags of
        :meth:`pairs`. A caller that reads only some words tags only the runs it reads.

        >>> t = pos_tokenizer([("职业技术学院", 200000, "ntype")])
        >>> s = "经市高指中心同意，支持刘广润职业技术学院和AB 5所"
        >>> t.pieces(s)[:3]
        [('经市高指', None), ('中心', 'n'), ('同意', 'd')]
        >>> [p for w, f in t.pieces(s) for p in (t.run_pairs(w) if f is None else [(w, f)])] == t.pairs(s)
        True
        """
        return self._pairs(sentence, False)

    def run_pairs(self, run: str) -> list[tuple[str, str]]:
        """The words and tags :meth:`pairs` gives for a run that :meth:`pieces` left whole."""
        out: list[tuple[str, str]] = []
        self._buffer_pairs(run, out)
        return out

    def _pairs(self, sentence: str, hmm: bool) -> list[tuple[str, str | None]]:
        """:meth:`pairs` (``hmm``) or :meth:`pieces`."""
        self.makesure_userdict_loaded()
        out: list[tuple[str, str | None]] = []
        for blk in pseg.re_han_internal.split(sentence):
            if not blk:
                continue  # (an empty block yields nothing in jieba either)
            if pseg.re_han_internal.match(blk):
                self._dag_pairs(blk, out, hmm)
                continue
            for x in pseg.re_skip_internal.split(blk):
                if pseg.re_skip_internal.match(x):
                    out.append((x, "x"))
                    continue
                for xx in x:
                    if pseg.re_num.match(xx):
                        out.append((xx, "m"))
                    elif pseg.re_eng.match(x):
                        out.append((xx, "eng"))
                    else:
                        out.append((xx, "x"))
        return out

    def _dag_pairs(self, sentence: str, out: list[tuple[str, str | None]], hmm: bool = True) -> None:
        """jieba's ``__cut_DAG`` of one block of Chinese, letters and digits, appended to
        ``out`` (without ``hmm``, a run of two or more single characters whole, tagged ``None``)."""
        ends = self.tokenizer.route_ends(sentence)
        tags = self.word_tag_tab
        x, n, buf = 0, len(sentence), ""
        while x < n:
            y = ends[x]
            if y - x == 1:
                buf += sentence[x]
            else:
                if buf:
                    self._run(buf, out, hmm)
                    buf = ""
                word = sentence[x:y]
                out.append((word, tags.get(word, "x")))
            x = y
        if buf:
            self._run(buf, out, hmm)

    def _run(self, buf: str, out: list[tuple[str, str | None]], hmm: bool) -> None:
        """A run of single characters: its words (``hmm``, or one character), or the run whole."""
        if hmm or len(buf) == 1:
            self._buffer_pairs(buf, out)  # type: ignore[arg-type]
        else:
            out.append((buf, None))

    def _buffer_pairs(self, buf: str, out: list[tuple[str, str]]) -> None:
        """A run of single characters: one word, an unknown word read by the HMM, or characters."""
        tags = self.word_tag_tab
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif not self.tokenizer.FREQ.get(buf):
            out.extend((p.word, p.flag) for p in self._POSTokenizer__cut_detail(buf))
        else:
            out.extend((ch, tags.get(ch, "x")) for ch in buf)


def pos_tokenizer(words: Iterable[tuple[str, int, str]]) -> POSTokenizer:
    """A part-of-speech tokenizer over :func:`tokenizer` ``(words)``."""
    return POSTokenizer(tokenizer(words))
