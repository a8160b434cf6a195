"""Named institutions: schools, colleges, universities, bases, centres, alliances.

A proper name is a *type word* (学院, 大学, 职专, 学校, 基地 ... from
``kg/data/institution_words.tsv``) preceded by a place name (沈阳职业技术学院, XX县民族职业高级中学)
or by a distinctive word (合水职专, 现代制造服务学校等5所学校). Generic mentions (职业院校,
高水平高职院校, 庆阳市中等职业学校, 2所高水平技师学院) are not names: everything before a weak
type word such as 学校 is one of the ``generic`` words, or the mention is a count (N所…) or a
title to be won (成为…标杆学校).

Forms of one institution are merged:

* region-scoped names: 市艺术幼儿师范学校 in a 沈阳市 document is 沈阳市艺术幼儿师范学校 (the form
  written stays an alias);
* abbreviations, only when both forms occur in the document: 西峰职专 / 西峰职业中专,
  庆阳电大 / 庆阳广播电视大学, and whatever the text defines with (以下简称X).

>>> from kg.extract.document import build_document
>>> from kg.models import PolicyInfo, SourceText
>>> text = "支持庆阳职业技术学院发展。将西峰职专、庆阳电大并入园区。西峰职业中专、庆阳广播电视大学开展试点。"
>>> found = institutions(build_document(SourceText("a.txt", text, "text", "0")), PolicyInfo(level="city", region="庆阳市"))
>>> [(i.name, i.aliases) for i in found]
[('庆阳职业技术学院', []), ('西峰职专', ['西峰职业中专']), ('庆阳电大', ['庆阳广播电视大学'])]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from kg.extract.document import Document
from kg.extract.regexes import ETC_COUNT, NAME_LEVEL_CHARS, NAME_SCOPE_CHAR, word_alternation
from kg.models import Institution, PolicyInfo, Span

#: patterns of this module's functions, compiled once
_PLACEHOLDER_PLACE = re.compile(r"[XxＸｘ×某]{1,4}[省市县区州]")
_COUNT_END = re.compile(r"\d\s*(?:所|个|家)?\s*(?:左右)?\s*$")
_COUNTER_START = re.compile(r"^[所个家名]")

DATA = Path(__file__).resolve().parent.parent / "data"
WORDS = DATA / "institution_words.tsv"

LEVEL_CHARS = NAME_LEVEL_CHARS
PLACEHOLDER = re.compile(r"^(?:[XxＸｘ×某*＊○〇]{1,4})$")
_PUNCT = set("，,。；;：:、！？!?（）()“”\"'‘’《》〈〉【】[]{}—-－…·/|\\ \t\u3000\xa0")
_STOP_POS = ("p", "c", "u", "d", "m", "q", "r", "x", "w", "y", "e", "o", "f")
#: (以下简称“X”) / （简称X）
_SHORT_FORM = re.compile(r"^[（(]\s*(?:以下)?(?:简称|下称)[“\"‘]?(?P<short>[^（()）“”\"‘’，,。；]{2,16})[”\"’]?\s*[)）]")
_COUNT_BEFORE = re.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)\s*(?:[—\-－～~至到]\s*\d+)?\s*(?:所|个|家|批|类)?\s*(?:左右|以上)?\s*$")
_COUNT_AFTER = re.compile(r"^\s*" + ETC_COUNT.pattern)
#: the most tokens a name's left window holds before its type word
_MAX_TOKENS = 8
#: the tokens after a type word that a school of a university is looked for in (陇东学院岐黄医学院)
_CHAIN_TOKENS = 3
#: what ends a phrase (a run of text a name is read in): punctuation and white space
_PHRASE_BREAK = re.compile(r"[，,。；;：:、！？!?（）()“”\"《》〈〉【】\[\]\s]")
_WHITE_RUN = re.compile(r"\s*")
#: a stretch up to the last phrase break in it
_LAST_PHRASE_BREAK = re.compile(f"(?s:.*){_PHRASE_BREAK.pattern}")
_GOV_BODY = re.compile(r"(?:局|厅|委|委员会|政府|办公室|部门)$")
#: 大学本科, 大学学历: a level of education, not an institution (实验室行业: a trade); 北京城市副中心管理委员会: the
#: place a body of government is named after; 国家大学科技园, 洛阳大学城: a park or a quarter
#: of institutions, not one
_NOT_A_NAME_AFTER = re.compile(r"^(?:本科|专科|学历|文化|毕业|以上|及以上|院士|管理委员会|管委会|管理局|党工委|工作委员会|指挥部|领导小组|科技园|城(?!市)|行业|领域"
                               r"|(?:建设|评价|认定|评估)(?:指标|标准|指南|规范|办法))")  # (…园区建设指标: the title of what a class is judged by)


@dataclass(frozen=True)
class Lexicon:
    strong: dict[str, str]
    weak: dict[str, str]
    abbr: dict[str, tuple[str, ...]]
    generic: frozenset[str]
    stop: frozenset[str]
    notplace: frozenset[str]
    title: frozenset[str]
    #: the generic words that rate a class (示范性, 一流): also in ``generic``
    grade: frozenset[str] = frozenset()
    #: the verbs that make what they create (建设人工智能学院): a kind, when no place names it
    create: frozenset[str] = frozenset()
    #: what ends a name that is no institution: a body of government (政务服务中心), a role a
    #: city plays (上海国际金融中心, 北京城市副中心), a class of schools (青岛市中小学)
    body: tuple[str, ...] = ()

    @cached_property
    def types(self) -> dict[str, str]:
        """Every type word, weak and strong, with its kind (made once; read only)."""
        return {**self.weak, **self.strong}

    @cached_property
    def type_ends(self) -> tuple[str, ...]:
        """The type words, for ``str.endswith``."""
        return tuple(self.types)

    @cached_property
    def type_last_chars(self) -> frozenset[str]:
        """The last character of every type word: a word ending with another ends with no
        type word (one look-up, where ``str.endswith`` tries every type word)."""
        return frozenset(w[-1] for w in self.types)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    strong: dict[str, str] = {}
    weak: dict[str, str] = {}
    abbr: dict[str, list[str]] = {}
    sets: dict[str, set[str]] = {"generic": set(), "stop": set(), "notplace": set(), "title": set(), "grade": set(), "create": set(), "body": set()}
    with WORDS.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#") or line.startswith("word\t"):
                continue
            parts = line.split("\t")
            word, role = parts[0], parts[1]
            value = parts[2] if len(parts) > 2 else ""
            if role == "strong":
                strong[word] = value
            elif role == "weak":
                weak[word] = value
            elif role == "abbr":
                abbr.setdefault(word, []).append(value)
            elif role in sets:
                sets[role].add(word)
    return Lexicon(
        strong,
        weak,
        {k: tuple(v) for k, v in abbr.items()},
        frozenset(sets["generic"] | sets["grade"]),
        frozenset(sets["stop"]),
        frozenset(sets["notplace"]),
        frozenset(sets["title"]),
        frozenset(sets["grade"]),
        frozenset(sets["create"]),
        tuple(sets["body"]),
    )


@lru_cache(maxsize=1)
def _type_re() -> re.Pattern[str]:
    return re.compile(word_alternation(lexicon().types))


@lru_cache(maxsize=1)
def _strong_re() -> re.Pattern[str]:
    return re.compile(word_alternation(lexicon().strong))


@lru_cache(maxsize=1)
def _type_start_re() -> re.Pattern[str]:
    """Every place where a type word starts, overlapping ones too (中学院: 中学 and 学院)."""
    return re.compile(f"(?=(?:{word_alternation(lexicon().types)}))")


@lru_cache(maxsize=1)
def _tokenizer():
    """A private jieba POS tokenizer that knows the type words (made on first use)."""
    from kg.extract.segmenter import pos_tokenizer

    lex = lexicon()
    words = [(w, 200000, "ntype") for w in lex.types]
    words += [(full, 200000, "ntype" if full in lex.types else "n") for full in {f for fs in lex.abbr.values() for f in fs}]
    return pos_tokenizer(words)


# --- recognising one name ------------------------------------------------------------


@dataclass
class Mention:
    written: str
    start: int
    end: int
    type_word: str
    place: str = ""  # the place the name starts with ("" when none)
    scoped: bool = False  # starts with a bare level character (市装备制造学校)
    name: str = ""  # the name after region scoping


@dataclass
class _Group:
    name: str
    span: Span
    kind: str
    forms: list[str] = field(default_factory=list)


def type_of(name: str) -> str | None:
    """The longest type word ``name`` ends with."""
    types = lexicon().types
    for n in range(min(len(name), 10), 1, -1):
        if name[-n:] in types:
            return name[-n:]
    return None


def _is_generic(words: list[str]) -> bool:
    """True when every word of a modifier is a generic word (or the modifier is empty)."""
    lex = lexicon()
    for w in words:
        w = w.strip()
        if not w:
            continue
        if w in lex.generic:
            continue
        # a word jieba did not split: generic when it is a run of generic words
        if _splits_generic(w):
            continue
        return False
    return True


def _splits_generic(w: str) -> bool:
    lex = lexicon()
    n = len(w)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + 1, n + 1):
            if w[i:j] in lex.generic or w[i:j] in lex.types:
                ok[j] = True
    return ok[n]


_REGION_SUFFIX = re.compile(r"(?:自治县|自治州|自治区|自治旗|特别行政区|地区|新区|林区|矿区|省|市|县|区|旗|盟)$")


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Names of administrative regions (the gazetteer of :mod:`kg.reference`) and their
    stems without the level word (沈阳市 -> 沈阳; 宁县 stays: a stem needs two characters)."""
    from kg.reference import gazetteer

    out: set[str] = set()
    for name in gazetteer():
        out.add(name)
        stem = _REGION_SUFFIX.sub("", name)
        if len(stem) >= 2 and stem != name:
            out.add(stem)
    return frozenset(out - lexicon().notplace)


def _is_place(word: str, flag: str = "", extra: frozenset[str] = frozenset()) -> bool:
    """A region name (or its stem), a placeholder region (XX, XX县) or the document's region."""
    if word in lexicon().notplace:
        return False
    if PLACEHOLDER.match(word) or _PLACEHOLDER_PLACE.fullmatch(word):
        return True
    return word in place_names() or word in extra


Token = tuple[str, str, int, int]  # word, part of speech, start, end in the line


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _phrase_breaks(line: str) -> list[int]:
    """Where the phrase breaks of ``line`` stand (:data:`_PHRASE_BREAK`), in order."""
    return [m.start() for m in _PHRASE_BREAK.finditer(line)]


def _line_tokens(line: str, typed: list[int], breaks: list[int] | None = None) -> list[Token]:
    """The tokens a name of the line can be read from: each phrase (a run between
    punctuation) that holds a type word, segmented with parts of speech (:func:`_read_cut`),
    after the punctuation mark before it as one token tagged ``x``.

    A type word holds no punctuation: the phrases that hold one are those where a match
    of the type words over the whole line starts (``typed``, in order). A name is read
    inside its phrase and stops at the mark on either side (a hard boundary), so the other
    phrases, which hold no type word, are left out: the names are those read over every
    phrase of the line.

    ``breaks``: where the line's phrase breaks stand (:func:`_phrase_breaks`), when the
    caller has them.

    >>> [t[:2] for t in _line_tokens("一、推进工作，支持庆阳职业技术学院发展。", [11])]
    [('，', 'x'), ('支持', 'v'), ('庆阳', 'ns'), ('职业技术学院', 'ntype'), ('发展', 'vn')]
    """
    if breaks is None:
        breaks = _phrase_breaks(line)
    toks: list[Token] = []
    end = -1
    for at in typed:
        if at < end:
            continue  # (a phrase read already)
        i = bisect_right(breaks, at)
        start = breaks[i - 1] + 1 if i else 0
        end = breaks[i] if i < len(breaks) else len(line)
        if start:
            toks.append((line[start - 1], "x", start - 1, start))
        phrase = line[start:end]
        if not _HAN.search(phrase):
            toks.append((phrase, "x", start, end))
            continue
        pos = start
        for word, flag in _read_cut(phrase):
            toks.append((word, flag, pos, pos + len(word)))
            pos += len(word)
    return toks


def _phrases_with_names(line: str, typed: list[int], extra: frozenset[str], breaks: list[int] | None = None) -> list[int]:
    """The type words of ``typed`` whose phrase (the run between punctuation that holds
    them) can hold a name: the first of each such phrase.

    A name is read inside its phrase (see :func:`_line_tokens`) and :func:`_acceptable`
    takes one only when its type word is strong, when a place or a scope stands before
    its type word (a word of the gazetteer or of ``extra``, a placeholder, a word opening
    with a level character) or when 等N所 follows it. A phrase with none of these in its
    characters holds no name whatever its words are, and is not segmented.

    >>> line = "建设实训基地，支持市艺术学校，联盟学校等3所学校，产业园区，XX县实训基地，庆阳职专"
    >>> typed = [m.start() for m in _type_re().finditer(line)]
    >>> [line[at:at + 2] for at in _phrases_with_names(line, typed, frozenset())]
    ['学校', '联盟', '基地', '职专']
    """
    if breaks is None:
        breaks = _phrase_breaks(line)
    out: list[int] = []
    n = len(typed)
    j = 0
    while j < n:
        at = typed[j]
        i = bisect_right(breaks, at)
        start = breaks[i - 1] + 1 if i else 0
        end = breaks[i] if i < len(breaks) else len(line)
        j += 1
        while j < n and typed[j] < end:
            j += 1  # (the other type words of the phrase)
        if _may_hold_name(line, start, end, typed[j - 1], extra):
            out.append(at)
    return out


def _may_hold_name(line: str, start: int, end: int, last_typed: int, extra: frozenset[str], line_end: int | None = None) -> bool:
    """Whether the phrase ``line[start:end]``, whose last type word found by
    :func:`_type_re` starts at ``last_typed``, has what a name needs (a test on its
    characters: see :func:`_phrases_with_names`). ``line_end``: where the line ends when
    ``line`` is a whole text (what follows is not read: the same test as on the line alone).
    """
    if _strong_re().search(line, start, end):
        return True
    # 等N所 right after a name: in the phrase, or after the white space that ends it (its 等
    # stands at most there: the text after is not searched)
    if line_end is None:
        line_end = len(line)
    stop = _WHITE_RUN.match(line, end, line_end).end()
    at = line.find("等", start, stop + 1)
    while at >= 0:
        if ETC_COUNT.match(line, at, line_end):
            return True
        at = line.find("等", at + 1, stop + 1)
    # a place or a scope stands before the type token, which starts at a type word at the
    # latest: the last type word found, or one overlapping it (中学院: 中学, then 学院)
    last = last_typed
    for m in _type_start_re().finditer(line, last_typed + 1, end):
        last = m.start()
    if last <= start:
        return False
    if NAME_SCOPE_CHAR.search(line, start, last):
        return True
    head = line[start:last]
    return any(p in head for p in extra) or _holds_place(head)


@lru_cache(maxsize=1)
def _place_index() -> tuple[frozenset[str], tuple[int, ...]]:
    """The first two characters of every place name, and the lengths of the names."""
    names = place_names()
    return frozenset(n[:2] for n in names), tuple(sorted({len(n) for n in names}))


def _holds_place(text: str) -> bool:
    """Whether a name of :func:`place_names` occurs in ``text``.

    >>> _holds_place("支持庆阳建设"), _holds_place("支持建设")
    (True, False)
    """
    names = place_names()
    starts, lengths = _place_index()
    n = len(text)
    for i in range(n - 1):
        if text[i : i + 2] in starts:
            for k in lengths:
                if i + k > n:
                    break
                if text[i : i + k] in names:
                    return True
    return False


@lru_cache(maxsize=1 << 14)
def _read_cut(phrase: str) -> tuple[tuple[str, str], ...]:
    """The tokens of ``phrase`` as :func:`_mentions_in_line` reads them: the words and parts
    of speech of the tagger (:meth:`~kg.extract.segmenter.POSTokenizer.pairs`), except that a
    run of single characters the tagger's HMM would cut
    (:meth:`~kg.extract.segmenter.POSTokenizer.pieces`) that no name's reading reaches stays
    one token tagged ``x``, not tagged (a phrase met again is not cut again).

    A run holds a type token only if it holds a type word (its words are parts of it): the
    runs that do are cut first, and every other token that can be a type token is then a
    word of the phrase. A run is read when it stands less than :data:`_CHAIN_TOKENS`
    tokens after such a token (the school of a university looked for after it), or less
    than ``_MAX_TOKENS + 1`` before it (its left window, the token before the window and
    the token before a placeholder) with no token between them that stops the window
    whatever its neighbours (:func:`_hard_word`); a run cut counts as at least one token.
    The other runs are read by no name: the mentions are those of the tagger's words
    (the words read are the same, at the same distance from the type token; a name's
    reading stops at the punctuation around its phrase, so a phrase's runs are read from its
    own type tokens only).

    >>> phrase = "我部再次组织了以华中科技大学刘广润院士为组长的更大范围的专家组"
    >>> [w for w, _ in _read_cut(phrase)]
    ['我部', '再次', '组织', '了以', '华中科技大学', '刘广润', '院士', '为', '组长', '的更大', '范围', '的', '专家组']
    >>> [w for w, _ in _tokenizer().pairs(phrase)][:2], [w for w, _ in _tokenizer().pairs(phrase)][10:13]
    (['我', '部'], ['的', '更', '大'])
    """
    tok = _tokenizer()
    pieces = tok.pieces(phrase)
    if all(flag is not None for _, flag in pieces):
        return tuple(pieces)  # type: ignore[arg-type]
    type_re = _type_re()
    items: list[tuple[str, str | None]] = []
    for word, flag in pieces:
        if flag is None and type_re.search(word):
            items.extend(tok.run_pairs(word))
        else:
            items.append((word, flag))
    type_ends = lexicon().type_ends
    typed = [k for k, (word, flag) in enumerate(items) if flag is not None and word.endswith(type_ends)]
    out: list[tuple[str, str]] = []
    for r, (word, flag) in enumerate(items):
        if flag is not None:
            out.append((word, flag))
        elif any(_reaches(items, t, r) for t in typed):
            out.extend(tok.run_pairs(word))
        else:
            out.append((word, "x"))
    return tuple(out)


def _reaches(items: list[tuple[str, str | None]], t: int, r: int) -> bool:
    """Whether the reading of a type token at ``items[t]`` can reach the run at ``items[r]``
    (see :func:`_read_cut`)."""
    if t < r:
        return r - t - 1 < _CHAIN_TOKENS
    if t - r - 1 > _MAX_TOKENS:
        return False
    return not any(flag is not None and _hard_word(word, flag) for word, flag in items[r + 1 : t])


def _hard_word(word: str, flag: str) -> bool | None:
    """Whether a token stops a name's left window (a boundary no name crosses); ``None``
    for a placeholder (XX), which stops it only after ``+`` (1+X)."""
    lex = lexicon()
    if word in lex.stop or word in lex.title or not _PUNCT.isdisjoint(word) or word.isspace():
        return True
    if PLACEHOLDER.match(word):  # XX县 is a place; 1+X is not
        return None
    if flag == "m" and _ORDINAL.fullmatch(word):
        return False  # 洛阳市第一职业高级中学, 第十九中学: a school numbered in its place
    return flag == "eng" or flag == "m" or (flag.startswith(_STOP_POS) and flag != "f")


#: the directions that name a part of the country (南方科技大学, 华南理工大学, 西北工业大学): a name's
#: words, not the soft boundary a word of place (前, 后, 内, 东侧) is
_REGION_DIRECTIONS = frozenset({"南方", "北方", "华南", "华北", "华东", "华中", "华西", "西南", "西北", "东北", "中南", "东南"})
#: the type words of a part of a university or an academy named with it (its school, institute, laboratory)
_INNER_TYPES = frozenset({"学院", "医学院", "分院", "研究院", "研究所", "实验室"})
#: the academies, whose institutes are named with a place of their own (中国科学院武汉岩土力学研究所)
_ACADEMIES = ("科学院", "工程院", "中科院")
#: those that need a place before them (the university or academy is theirs)
_WEAK_INNER = frozenset({"研究院", "研究所", "实验室"})
#: an ordinal word (第一, 第十九): part of a name numbered in its place
_ORDINAL = re.compile(r"第[一二三四五六七八九十百零〇]{1,4}")


def _unplaced_name(left: list[Token]) -> tuple[list[Token], bool]:
    """A name with no place before its type word starts after the last soft boundary and the
    leading verbs; it is scoped (市…学校: the document's region) when it opens with a level
    character."""
    soft = [m for m, t in enumerate(left) if t[1] == "f" and t[0] not in _REGION_DIRECTIONS]
    if soft:
        left = left[soft[-1] + 1 :]
    lead = 0
    while lead < len(left) and left[lead][1].startswith("v"):
        lead += 1
    left = left[lead:]
    scoped = False
    if left and left[0][0][0] in LEVEL_CHARS:
        w0 = left[0][0]
        scoped = len(w0) == 1 or w0[1] not in "级属直域内辖委"
    return left, scoped


def _mentions_in_line(
    line: str, offset: int, typed: list[int], extra: frozenset[str] = frozenset(), region_char: str = "", checked: bool = False
) -> list[Mention]:
    """The mentions of one line, where the type words start at ``typed`` (in the line);
    ``checked``: the phrases of ``typed`` are those that can hold a name already
    (:func:`_typed_lines`), not tested again."""
    breaks = _phrase_breaks(line)  # (read once for the phrases and their tokens)
    if not checked:
        typed = _phrases_with_names(line, typed, extra, breaks)
    if not typed:
        return []
    lex = lexicon()
    toks = _line_tokens(line, typed, breaks)
    type_ends = lex.type_ends
    type_last = lex.type_last_chars

    def hard(k: int) -> bool:
        stops = _hard_word(toks[k][0], toks[k][1])
        if stops is None:
            return k > 0 and toks[k - 1][0] in ("+", "＋")
        return stops

    out: list[Mention] = []
    i = 0
    n = len(toks)
    while i < n:
        w = toks[i][0]
        tw = type_of(w) if w[-1:] in type_last and w.endswith(type_ends) else None
        if tw is None:
            i += 1
            continue
        # a school or an institute of a university or an academy: 陇东学院岐黄医学院,
        # 北京理工大学前沿技术研究院, 中国科学院海洋研究所
        end_i = i
        if tw in ("学院", "大学", *_ACADEMIES) and i + 2 < n:
            for j in range(i + 1, min(n, i + 1 + _CHAIN_TOKENS + (2 if tw in _ACADEMIES else 0))):
                if hard(j) or toks[j][1].startswith("v"):
                    break
                if type_of(toks[j][0]) in _INNER_TYPES or toks[j][0].endswith(("附属中学", "附属小学", "附属医院")):
                    end_i = j if j > i + 1 else i
                    break
        # left window up to a hard boundary
        k = i - 1
        while k >= 0 and i - k <= _MAX_TOKENS and not hard(k):
            k -= 1
        start_i = k + 1
        before_tok = toks[k][0] if k >= 0 else ""
        left = toks[start_i:i]
        place_at = next((m for m, t in enumerate(left) if _is_place(t[0], t[1], extra)), None)
        scoped = False
        if place_at is not None:
            left = left[place_at:]
        else:
            left, scoped = _unplaced_name(left)
        window = left + toks[i : end_i + 1]
        i_type, i = i, end_i + 1
        ms, me = window[0][2], window[-1][3]
        written = line[ms:me]
        m = Mention(written, offset + ms, offset + me, type_of(written) or tw)
        if place_at is not None:
            q = 0
            while q < len(left) and _is_place(left[q][0], left[q][1], extra):
                q += 1
            m.place = "".join(t[0] for t in left[:q])
        if end_i > i_type and type_of(toks[end_i][0]) in _WEAK_INNER:
            m.place = line[ms : toks[i_type][3]]  # (中国科学院海洋研究所: the academy places its institute)
        m.scoped = scoped
        if _acceptable(m, line, ms, me, before_tok, window, region_char):
            out.append(m)
    return out


#: the words before a term a text defines (本办法所称X是指…): a class, not one institution
_DEFINED_BEFORE = ("所称", "所指")


def _acceptable(m: Mention, line: str, ms: int, me: int, before_tok: str, window, region_char: str = "") -> bool:
    """Whether a candidate reads as a proper name (see the module docstring)."""
    lex = lexicon()
    strong = m.type_word in lex.strong
    body = m.written[: len(m.written) - len(m.type_word)]
    if m.place:
        body = body[len(m.place) :]
    elif m.scoped:
        body = body[1:]
    # a chain keeps the inner name in the body (陇东学院岐黄医学院)
    words = [t[0] for t in window]
    mod_words: list[str] = []
    acc = 0
    head = len(m.place) if m.place else (1 if m.scoped else 0)
    for w in words:
        if acc >= head and acc + len(w) <= len(m.written) - len(m.type_word):
            mod_words.append(w)
        acc += len(w)
    if not mod_words and body:
        mod_words = [body]
    generic = _is_generic(mod_words)
    left12, right12 = line[max(0, ms - 12) : ms], line[me : me + 12]
    if left12.endswith(_DEFINED_BEFORE):
        return False  # 本办法所称山东省省级数字经济园区（以下简称省级园区）是指…: a class the text defines
    if (m.place or m.scoped) and _SHORT_FORM.match(line[me : me + 30]):
        generic = False  # a name the text abbreviates is one institution
    elif any(w in lex.grade for w in mod_words):
        return False  # 国家示范性人工智能学院, 省一流网络安全学院: a designation a class of institutions earns
    # a body of government (区住建园林局通知双创基地) or a verb in a name without a place
    if any(_GOV_BODY.search(w) for w in mod_words):
        return False
    if not (m.place or m.scoped) and any(t[1].startswith("v") and t[0] not in lex.generic for t in window[:-1]) and not _COUNT_AFTER.match(right12):
        return False
    if _NOT_A_NAME_AFTER.match(right12):
        return False
    counted = _COUNT_BEFORE.search(left12) is not None  # (searched once for the two tests)
    if counted and not (m.place or m.scoped) and not _COUNT_AFTER.match(right12):
        return False
    if counted and _COUNT_END.search(left12):
        return False
    if before_tok in lex.title and not strong:
        return False
    if m.written.endswith(lex.body):
        return False  # 县政务服务中心: a body of government, which leads tasks; 国际金融中心: a city's role; 中小学
    if before_tok in lex.create and not (m.place or m.scoped) and lex.types.get(m.type_word) != "university":
        # 支持江南大学建设人工智能学院: what the sentence creates, not one institution (a
        # university is one whatever its name: 筹建空天信息大学)
        return False
    if m.scoped and before_tok in ("各", "全", "所有", "每个", "每所", "本"):
        return False  # 各县职教中心: every county's, not one
    if _COUNTER_START.match(m.written):
        return False
    if m.place or m.scoped:
        if m.scoped and generic and not (strong and not body and region_char and m.written[0] == region_char):
            return False
        return strong or not generic
    # no place: a distinctive word before a strong type, or an example of a class (X等5所)
    if generic or len(body) < 2:
        return False
    return strong or bool(_COUNT_AFTER.match(right12))


# --- the document ---------------------------------------------------------------------


def _scope_name(m: Mention, region: str | None, level: str | None) -> str:
    """市艺术幼儿师范学校 in a 沈阳市 document -> 沈阳市艺术幼儿师范学校."""
    w = m.written
    if m.scoped and region and region.endswith(w[0]):
        return region + w[1:]
    if not m.place and not m.scoped and region and level in ("city", "county") and m.type_word in lexicon().weak:
        return region + w
    return w


@lru_cache(maxsize=1 << 12)
def _abbr_key(name: str) -> str:
    """A key shared by the abbreviated and the full form: 西峰区职业中等专业学校 / 西峰职业中专 / 西峰职专
    (kept per name: the names of a document recur in its forms).

    >>> _abbr_key("西峰区职业中等专业学校") == _abbr_key("西峰区职专")
    True
    """
    s = name
    for full, short in _abbr_replacements():
        if full in s:
            s = s.replace(full, short)
    return s


@lru_cache(maxsize=1)
def _abbr_replacements() -> tuple[tuple[str, str], ...]:
    """The full forms of the abbreviations and their short form, in the order they are
    replaced: the abbreviations whose longest full form is longest first, each one's full
    forms longest first."""
    lex = lexicon()
    return tuple(
        (full, short)
        for short, fulls in sorted(lex.abbr.items(), key=lambda kv: -max(len(f) for f in kv[1]))
        for full in sorted(fulls, key=len, reverse=True)
    )


#: a place and its level character at the start of a name (西峰区…)
_PLACE_LEVEL = re.compile(rf"^([\u4e00-\u9fff]{{2,6}}?)[{LEVEL_CHARS}](?!级)")


def _place_variants(name: str) -> set[str]:
    """The name with and without the level character of its place (西峰区 -> 西峰)."""
    out = {name}
    m = _PLACE_LEVEL.match(name)
    if m and len(name) - m.end() >= 2:
        out.add(m.group(1) + name[m.end() :])
    return out


def _kind(type_word: str) -> str:
    return lexicon().types.get(type_word, "school")


def find_mentions(text: str, region: str | None = None) -> list[Mention]:
    """Mentions of named institutions in ``text``, in order."""
    extra: set[str] = set()
    if region:
        extra.add(region)
        stem = _REGION_SUFFIX.sub("", region)
        if len(stem) >= 2:
            extra.add(stem)
    region_char = region[-1] if region and region[-1] in LEVEL_CHARS else ""
    places = frozenset(extra)
    out: list[Mention] = []
    typed = _typed_lines(text, places)
    for line_start, starts in typed.items():
        line_end = text.find("\n", line_start)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        out.extend(_line_mentions(line, line_start, starts, places, region_char, checked=True))
    return out


def _typed_lines(text: str, extra: frozenset[str]) -> dict[int, list[int]]:
    """The lines where a type word starts in a phrase that can hold a name (see
    :func:`_phrases_with_names`): the offset of each line and the type words' starts in it
    (a type word holds no line break, nor a phrase: the matches over the text are those over
    each line, and the phrase of a match lies in its line, which alone is read by the test:
    the phrases found are those :func:`_phrases_with_names` keeps in each line).

    >>> text = "一、建设实训基地\\n支持庆阳职业技术学院发展，坚持以人民为中心。"
    >>> _typed_lines(text, frozenset())
    {9: [4]}
    """
    typed: dict[int, list[int]] = {}
    ats: list[int] = []
    line_start = start = line_end = 0
    end = -1
    for m in _type_re().finditer(text):
        at = m.start()
        if at < end:
            ats.append(at)  # (a type word of the same phrase)
            continue
        if ats and _may_hold_name(text, start, end, ats[-1], extra, line_end):
            typed.setdefault(line_start, []).extend(a - line_start for a in ats)
        if at >= line_end:  # (a new line)
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            if line_end < 0:
                line_end = len(text)
        before = _LAST_PHRASE_BREAK.match(text, line_start, at)
        start = before.end() if before else line_start
        after = _PHRASE_BREAK.search(text, at)
        end = after.start() if after else len(text)
        ats = [at]
    if ats and _may_hold_name(text, start, end, ats[-1], extra, line_end):
        typed.setdefault(line_start, []).extend(a - line_start for a in ats)
    return typed


#: the longest line whose mentions are kept for when it is met again
_KEPT_CHARS = 500


def _line_mentions(
    line: str, offset: int, typed: list[int], extra: frozenset[str], region_char: str, checked: bool = False
) -> list[Mention]:
    """:func:`_mentions_in_line`; a line met again (in the same words, with the same
    places) is not read again: its kept mentions are copied at ``offset``.

    >>> a = _line_mentions("支持庆阳职业技术学院发展", 10, [4], frozenset(), "")
    >>> b = _line_mentions("支持庆阳职业技术学院发展", 30, [4], frozenset(), "")
    >>> [(m.written, m.start, m.end) for m in a + b]
    [('庆阳职业技术学院', 12, 20), ('庆阳职业技术学院', 32, 40)]
    """
    if len(line) > _KEPT_CHARS:
        return _mentions_in_line(line, offset, typed, extra, region_char, checked)
    # the places and the region's character matter only where the line writes them (a place
    # is a word of the line, the character is compared with a name's first): the lines of
    # every region that do not name it are read once
    extra = frozenset(p for p in extra if p in line) if extra else extra
    region_char = region_char if region_char and region_char in line else ""
    return [
        Mention(m.written, m.start + offset, m.end + offset, m.type_word, m.place, m.scoped, m.name)
        for m in _kept_mentions(line, tuple(typed), extra, region_char, checked)
    ]


@lru_cache(maxsize=1 << 13)
def _kept_mentions(line: str, typed: tuple[int, ...], extra: frozenset[str], region_char: str, checked: bool) -> tuple[Mention, ...]:
    """The mentions of a line at offset 0, kept (never handed out: callers get copies)."""
    return tuple(_mentions_in_line(line, 0, list(typed), extra, region_char, checked))


def _renames(text: str, a: Mention, b: Mention) -> bool:
    """Whether ``b`` is written in brackets right after ``a`` (the other name of one body:
    济南市技师学院（济南市高级技工学校）, 齐鲁工业大学（山东省科学院）).

    >>> t = "济南市技师学院（济南市高级技工学校）"
    >>> _renames(t, Mention("济南市技师学院", 0, 7, "学院"), Mention("济南市高级技工学校", 8, 17, "学校"))
    True
    """
    return text[a.end : a.end + 1] in ("（", "(") and b.start == a.end + 1 and text[b.end : b.end + 1] in ("）", ")")


def institutions(doc: Document, policy: PolicyInfo) -> list[Institution]:
    """The named institutions of ``doc``, each with the other forms the text uses."""
    text = doc.source.text
    region = policy.region
    level = policy.level
    mentions = find_mentions(text, region)
    groups: list[_Group] = []
    by_form: dict[str, _Group] = {}
    by_key: dict[str, _Group] = {}

    def add(form: str, g: _Group) -> None:
        if form not in g.forms and form != g.name:
            g.forms.append(form)
        by_form.setdefault(form, g)
        for v in _place_variants(form):
            by_key.setdefault(_abbr_key(v), g)

    before: Mention | None = None  # the mention before, when it is the one a bracket right after it renames
    for m in mentions:
        m.name = _scope_name(m, region, level)
        if before is not None and _renames(text, before, m):
            add(m.name, by_form[before.name])  # 济南市技师学院（济南市高级技工学校）: one body, two names
            add(m.written, by_form[before.name])
            before = None
            continue
        before = m
        g = by_form.get(m.name) or by_form.get(m.written)
        if g is None:
            for v in _place_variants(m.name):
                g = by_key.get(_abbr_key(v))
                if g is not None:
                    break
        if g is None:
            g = _Group(m.name, Span(m.start, m.end), _kind(m.type_word))
            groups.append(g)
        add(m.name, g)
        add(m.written, g)
        # (以下简称X)
        sm = _SHORT_FORM.match(text[m.end : m.end + 30])
        if sm:
            add(sm.group("short").strip(), g)

    # short forms defined in the text are mentions too: keep the aliases only
    return [
        Institution(name=g.name, span=g.span, aliases=[f for f in g.forms if f != g.name], kind=g.kind) for g in groups
    ]
