"""HTML pages to clean text: drop the site chrome, keep the document body.

The body is found by the content containers that Chinese government sites use (gov.cn's
``#UCAP-CONTENT``, Guangzhou's ``#zoomcon`` / ``.info_cont`` …) and, failing those, by text
density. Inside it, scripts, navigation, share widgets and similar chrome are dropped; data
tables become one line per row with tab-separated cells (rowspan/colspan expanded) and are
also returned as :class:`~kg.models.Table` records; a paragraph the page holds twice (pages
that carry a visible and a collapsed copy of the body) is kept once.

Header fields printed by the site (索引号 / 发文机关 / 发文字号 / 成文日期 …) are returned as
metadata, read from the whole page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import lxml.etree
import lxml.html  # noqa: F401 (the examples of the docstrings parse with it)

from kg.alternation import word_alternation
from kg.ingest.errors import IngestError
from kg.models import Span, Table, TableCell

# Content containers of government sites, most specific first.
CONTENT_SELECTORS: tuple[str, ...] = (
    "#UCAP-CONTENT",
    ".pages_content",
    "#zoomcon",
    "#info_cont",
    ".info_cont",
    ".TRS_Editor",
    ".trs_editor",
    ".article-content",
    ".article_content",
    ".content_article",
    "#zoom",
    ".zoom",
    "#Zoom",
    ".bbnr",
    "#content",
    "article",
    "main",
)

# Header fields printed by government sites; keys as they are printed, without spaces.
METADATA_LABELS: frozenset[str] = frozenset(
    {
        "索引号", "信息索引号", "主题分类", "发文机关", "发布机关", "发布机构", "成文日期", "标题",
        "发文字号", "文号", "文件编号", "发布日期", "公开日期", "生成日期", "实施日期", "失效日期",
        "统一编号", "来源", "信息来源", "文件状态", "效力状况", "主题词",
    }
)

DROP_TAGS: frozenset[str] = frozenset(
    {
        "script", "style", "noscript", "iframe", "form", "select", "option", "button", "input",
        "textarea", "nav", "header", "footer", "head", "svg", "link", "meta", "template",
        "object", "embed", "map", "area", "canvas", "audio", "video", "title",
    }
)

_CHROME_WORDS = (
    "nav", "navbar", "menu", "footer", "foot", "header", "share", "bdshare", "breadcrumb",
    "crumb", "position", "location", "sidebar", "toolbar", "login", "search", "banner",
    "copyright", "related", "relate", "friendlink", "qrcode", "ewm", "print", "fontsize",
    "pager", "gotop", "backtop", "xgwj", "xglj", "xgxw", "xgjd", "wzdt", "dibu",
)
CHROME_ATTR = re.compile(r"(?:^|[\s_\-])(?:" + "|".join(_CHROME_WORDS) + r")(?:$|[\s_\-\d])", re.I)

BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "tfoot", "section",
        "article", "main", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
        "dl", "dt", "dd", "center", "hr", "ucapcontent", "td", "th", "caption", "figure",
    }
)

_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")
#: white space that is no Chinese character (of :data:`_CJK`, unlike the ideographic space)
_EDGE_WHITE = " \t\n\r\f\v\xa0"
_SOFT_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t\\r]*\\n\\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u2002\u2003\u2009\u200b]+")
_INLINE_WHITE = r" \t\r\f\v\xa0\u2002\u2003\u2009\u200b"
#: the runs of the white space of :data:`_SPACES` but line breaks that are not one space
#: already (a run that starts with a space goes on; a single space, the most met, is no match
#: to be replaced by itself: three times fewer matches on the seed pages)
_INLINE_SPACES = re.compile(f"[{_INLINE_WHITE}](?:(?<! )[{_INLINE_WHITE}]*|[{_INLINE_WHITE}]+)")


@dataclass
class HtmlResult:
    text: str
    metadata: dict[str, str] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


#: a run of characters that are not Chinese (what :func:`cjk_count` removes)
_NOT_CJK_RUN = re.compile(f"[^{_CJK}]+")


def string_value(el: lxml.etree._Element) -> str:
    """The string value of ``el`` (what XPath's ``string()`` and ``lxml.html``'s
    ``text_content()`` compute: its text and its descendants', without comments), made by
    libxml2's serialiser in a fraction of the time an XPath call takes.

    >>> string_value(lxml.etree.fromstring("<p>第一<!-- 注 -->条<b>总则</b>。</p>"))
    '第一条总则。'
    """
    return lxml.etree.tostring(el, method="text", encoding=str, with_tail=False)


def cjk_count(s: str) -> int:
    """The Chinese characters (and CJK punctuation) of ``s``.

    >>> cjk_count("第1条 abc，总则")
    5
    """
    return len(_NOT_CJK_RUN.sub("", s))


def text_content(el: lxml.etree._Element) -> str:
    """The text of ``el`` and everything inside it (of an element without children, its
    text: no XPath evaluated).

    >>> text_content(lxml.etree.fromstring("<p>第一条<b>总则</b>。</p>")), text_content(lxml.etree.fromstring("<p>第一条</p>"))
    ('第一条总则。', '第一条')
    """
    return string_value(el) if len(el) else el.text or ""


def drop_tree(node: lxml.etree._Element) -> None:
    """Remove ``node`` (an element, comment or processing instruction) with what it holds;
    its tail text stays in place, joined to the previous sibling or the parent.

    >>> p = lxml.etree.fromstring("<p>a<!-- x -->b<i>c</i><!-- y -->d</p>")
    >>> for c in [c for c in p if not isinstance(c.tag, str)]: drop_tree(c)
    >>> lxml.etree.tostring(p, encoding=str)
    '<p>ab<i>c</i>d</p>'
    """
    parent = node.getparent()
    if node.tail:
        previous = node.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + node.tail
        else:
            previous.tail = (previous.tail or "") + node.tail
    parent.remove(node)


def normalise_inline(s: str) -> str:
    """Join a source line break between two Chinese characters; fold other white space.

    >>> normalise_inline("就业见习\\n  基地管理办法 ")
    '就业见习基地管理办法'
    >>> normalise_inline("无 锡 市")
    '无 锡 市'
    >>> normalise_inline(" \\n市教育局\\n  "), normalise_inline("\\u3000\\n市\\n教育局")
    ('市教育局', '市教育局')
    """
    if "\n" in s.strip(_EDGE_WHITE):  # (a soft break is a line break between two Chinese characters: one in the white space
        s = _SOFT_BREAK.sub("", s)  # that starts or ends ``s`` is none; a table cell's text starts and ends with one)
    if not s.isprintable() or "  " in s:  # (else its only white space is single spaces)
        s = _SPACES.sub(" ", s)
    return s.strip().replace("\u3000", " ").strip()


#: nesting deeper than this is layout gone wrong (a page of policy text nests a few dozen
#: levels); past it the page's layout tags are set aside (:func:`flatten`) so that the text
#: is read whole, whatever the depth (the parser itself stops at 2,048 levels, and the
#: walk over the tree would exhaust Python's stack long before)
MAX_DEPTH = 200
#: the tags kept when a page is flattened: first its blocks and tables, then its paragraphs only
_KEEP = (
    frozenset({"html", "head", "body", "title", "meta", "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "tr", "td", "th"}),
    frozenset({"html", "head", "body", "title", "meta", "p", "br"}),
)
#: the characters of a page past which its tags are not counted before its depth is walked
#: (counting them in 10,000 characters costs about half of the walk of a small page, ~8 µs; a
#: longer page of fewer than MAX_DEPTH tags is rare, and its walk not dear)
_COUNTED = 10_000
_XML_DECLARATION = re.compile(r"\s*<\?xml[^>]*>")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>")


def tree_depth(root: lxml.etree._Element) -> int:
    """The deepest nesting of elements under ``root`` (one pass, no recursion).

    >>> tree_depth(lxml.html.fromstring("<div><p><b>x</b></p></div>"))
    3
    """
    depth = deepest = 0
    for event, _el in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


#: XPath of an element ``MAX_DEPTH`` levels below the root (what :func:`tree_depth`
#: counts: elements, not comments)
_TOO_DEEP = lxml.etree.XPath("boolean(" + "/".join(["*"] * MAX_DEPTH) + ")")
#: the same test at :data:`_SHALLOW` levels, asked first: a page nests fewer nearly always, and
#: its walk then stops there (each of the further steps costs libxml2 a little even on no
#: element: ~6 µs a page, a fifth of the walk of a saved gov.cn page)
_SHALLOW = 64
_DEEPER_THAN_SHALLOW = lxml.etree.XPath("boolean(" + "/".join(["*"] * _SHALLOW) + ")")


def deeper_than(root: lxml.etree._Element, depth: int = MAX_DEPTH) -> bool:
    """Whether ``tree_depth(root) > depth`` (walked by libxml2, one step per level).

    >>> deep = lxml.html.fromstring("<div>" * 300 + "x" + "</div>" * 300)
    >>> deeper_than(deep), deeper_than(lxml.html.fromstring("<div><p>x</p></div>"))
    (True, False)
    >>> pages = [lxml.etree.fromstring("<div>" * n + "x" + "</div>" * n) for n in (63, 64, 65, 66, 150, 200, 201, 202)]
    >>> [deeper_than(page) for page in pages] == [tree_depth(page) > MAX_DEPTH for page in pages] == [False] * 6 + [True] * 2
    True
    >>> deeper_than(lxml.html.fromstring("<div><p><b>x</b></p></div>"), 2), deeper_than(lxml.html.fromstring("<div><p><b>x</b></p></div>"), 3)
    (True, False)
    """
    if depth == MAX_DEPTH:
        return bool(_DEEPER_THAN_SHALLOW(root)) and bool(_TOO_DEEP(root))  # (no element _SHALLOW levels down: none MAX_DEPTH down)
    return bool(root.xpath("boolean(" + "/".join(["*"] * depth) + ")"))


def flatten(markup: str, keep: frozenset[str]) -> str:
    """``markup`` without the tags not in ``keep`` (their text stays).

    >>> flatten("<div><div><p>第一条</p></div></div>", frozenset({"p"}))
    '<p>第一条</p>'
    """
    return _TAG.sub(lambda m: m.group(0) if m.group(1).lower() in keep else "", markup)


#: libxml2's HTML parser (huge_tree: it otherwise drops everything nested deeper than 256
#: levels), made once: for text, and for the bytes of a UTF-8 file
_PARSER = lxml.etree.HTMLParser(recover=True, encoding=None, huge_tree=True)
_UTF8_PARSER = lxml.etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)


def _parse(markup: str | bytes, path: str) -> lxml.etree._Element:
    """The page parsed by libxml2's HTML parser into plain ``lxml.etree`` elements (the
    element classes of ``lxml.html`` cost a Python call for every element met); ``markup``
    as text, or as the UTF-8 bytes it was decoded from (the parser then converts nothing).
    Every tag is in lower case (the parser writes them so): the walks compare tags as they are.

    >>> page = "<p>第一条 总则</p>"
    >>> lxml.etree.tostring(_parse(page, "a.html"), encoding=str) == lxml.etree.tostring(_parse(page.encode(), "a.html"), encoding=str)
    True
    >>> [el.tag for el in _parse("<DIV><O:P>x</O:P><TaBle><TR><TD>y</TD></TR></TaBle></DIV>", "a.html").iter()]
    ['html', 'body', 'div', 'o:p', 'table', 'tr', 'td']
    """
    try:
        root = lxml.etree.fromstring(markup, _PARSER if isinstance(markup, str) else _UTF8_PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise IngestError(path, f"broken HTML that cannot be parsed ({exc})") from exc
    if root is None:
        raise IngestError(path, "broken HTML that cannot be parsed (Document is empty)")
    return root


def parse_html(markup: str, path: str, warnings: list[str] | None = None, utf8: bytes | None = None) -> lxml.etree._Element:
    """The parsed page; a page nested deeper than :data:`MAX_DEPTH` is parsed again with its
    layout tags set aside (told in ``warnings``). ``utf8``: the bytes ``markup`` was decoded
    from as UTF-8 without a change, parsed instead of the text (a tenth cheaper)."""
    if not markup or markup.isspace():
        raise IngestError(path, "the page is empty")
    declared = _XML_DECLARATION.match(markup)
    if declared:
        markup = markup[declared.end() :]
    root = _parse(utf8 if utf8 is not None and not declared else markup, path)
    # (a page of fewer tags than MAX_DEPTH nests no deeper: the parser adds html, head, body
    # and a paragraph at most; the count is cheaper than the walk of every level, but on a page
    # of more than _COUNTED characters, which holds more tags nearly always, it is not)
    many_tags = len(markup) > _COUNTED or markup.count("<") > MAX_DEPTH - 8
    depth = tree_depth(root) if many_tags and deeper_than(root, MAX_DEPTH) else 0
    for keep in _KEEP:
        if depth <= MAX_DEPTH:
            break
        root = _parse(flatten(markup, keep), path)
        if warnings is not None:
            warnings.append(f"the page nests its markup {depth:,} levels deep (over {MAX_DEPTH}); its layout tags were set aside to read the text")
        depth = tree_depth(root)
    if depth > MAX_DEPTH:
        raise IngestError(path, f"the page nests its paragraphs {depth:,} levels deep (over {MAX_DEPTH}), too deep to read")
    return root


_LABEL_SPACE = re.compile(r"[\s\u3000\xa0:：]")
#: the first characters of the labels: a cell whose text starts with none is no label
_LABEL_FIRST = frozenset(label[0] for label in METADATA_LABELS)
_LABEL_CHARS = max(map(len, METADATA_LABELS))
#: the characters :data:`_LABEL_SPACE` matches (Unicode's white space and the colons), for ``str.lstrip``
_LABEL_STRIP = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000:："
_FIELD_LINE = re.compile(r"^\s*([^\s:：]{1,4}(?:[\s\u3000\xa0]*[^\s:：]){0,4})[\s\u3000\xa0]*[:：][\s\u3000\xa0]*(.+?)\s*$", re.S)
#: the elements that may be a label cell (its text a label, the value after it)
_CELL_TAGS: frozenset[str] = frozenset({"td", "th", "dt", "span", "b", "strong", "label", "em"})
#: the elements that may hold a ``标签：值`` line: short (:data:`_FIELD_CHARS` characters at
#: most) and with a colon
_FIELD_TAGS: frozenset[str] = frozenset({"li", "p", "div", "span", "td"})
_FIELD_CHARS = 160


def unspaced(s: str) -> str:
    """``s`` without what :data:`_LABEL_SPACE` matches (white space and colons), by
    ``str.split``, whose white space is the pattern's ``\\s``, in one pass in C.

    >>> unspaced("\u3000发文 字号：\xa0")
    '发文字号'
    """
    s = "".join(s.split())
    return s.replace(":", "").replace("：", "") if ":" in s or "：" in s else s


def _label_of(el: lxml.etree._Element) -> str | None:
    """The text of ``el`` without white space and colons when it may be a label (at most as
    long as the longest label); None for a longer text, which is not read past that length.

    >>> _label_of(lxml.html.fromstring("<td>发文 字号：</td>"))
    '发文字号'
    >>> _label_of(lxml.html.fromstring("<td>第一条 为了规范管理</td>")) is None
    True
    """
    if not len(el):  # a cell without elements inside: its text alone
        label = unspaced(el.text or "")
        return label if len(label) <= _LABEL_CHARS else None
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        piece = unspaced(piece)
        size += len(piece)
        if size > _LABEL_CHARS:
            return None
        parts.append(piece)
    return "".join(parts)


def _cell_label(el: lxml.etree._Element, text: str | None) -> str | None:
    """The label the cell ``el`` is, from its ``text`` (None when that is longer than
    :data:`_FIELD_CHARS`), or None when it is none.

    >>> _cell_label(lxml.html.fromstring("<td>发文 字号：</td>"), "发文 字号："), _cell_label(lxml.html.fromstring("<td>附件</td>"), "附件")
    ('发文字号', None)
    """
    if text is None:
        label = _label_of(el)
    else:
        head = text.lstrip(_LABEL_STRIP)  # (the label starts where this does)
        label = unspaced(head) if head[:1] in _LABEL_FIRST else None
    return label if label in METADATA_LABELS else None


def _line_label(line: str) -> str | None:
    """The label a line with a colon starts with (its text before the first colon without white
    space, what :data:`_FIELD_LINE` reads as the label when it matches), None when that is no label.

    >>> _line_label(" 发文 字号 ：国发〔2021〕1号"), _line_label("联系电话：12345")
    ('发文字号', None)
    """
    wide, narrow = line.find("："), line.find(":")
    label = unspaced(line[: wide if narrow < 0 else narrow if wide < 0 else min(wide, narrow)])
    return label if label in METADATA_LABELS else None


@dataclass
class _FieldCandidates:
    """What :func:`read_metadata` reads, found in one walk of the page: the label cells and
    the ``标签：值`` lines, each in document order, and the page's first ``<title>``."""

    cells: list[tuple[lxml.etree._Element, str]] = field(default_factory=list)
    #: (label, line) of the lines whose label is a field
    lines: list[tuple[str, str]] = field(default_factory=list)
    title: lxml.etree._Element | None = None
    #: the text (string value) of the elements of many children, built to search it for a
    #: label: kept to be read again (:func:`find_content`) without building it twice
    strings: dict[lxml.etree._Element, str] = field(default_factory=dict)


#: a label written anywhere in a text, white space and colons between its characters: an
#: element whose text holds none holds no label cell (its text without white space and colons
#: a label) and no ``标签：值`` line (its text before the first colon such a label). Written as
#: the tree of the labels' prefixes (the same matches as their alternation: no label starts
#: another; the header walk's searches over the seeds 1.50 -> 1.34 ms)
_ANY_LABEL = re.compile(word_alternation(sorted(METADATA_LABELS), between=r"[\s\u3000\xa0:：]*"))
#: an element of this many children or more is walked for header fields only when a label
#: is written in its text (:data:`_ANY_LABEL`, searched in its string value, which libxml2
#: builds): lists of links, menus and footers are not walked element by element (from two
#: children, the string value costs less than the walk it spares, on the synthetic pages;
#: the same on the saved pages)
_GATE_CHILDREN = 2
#: the elements walked without that test: the body (a page's header fields are in it) and
#: the head (its text, mostly scripts and styles, is long to search; its children, few and
#: mostly without elements inside, are walked in less time)
_UNGATED = frozenset({"body", "head"})


#: the first ``<title>`` inside an element (libxml2 walks the page, and stops at the first: a
#: third of the time of an iterator of lxml's over a page that has none)
_FIRST_TITLE = lxml.etree.XPath("descendant::title[1]")


def _field_candidates(root: lxml.etree._Element) -> _FieldCandidates:
    """One walk of the page: the text of every element (its string value) built from its
    children's, kept while it is no longer than :data:`_FIELD_CHARS` (an element holding a
    longer one is longer too, and its text is not built); an element of many children whose
    text holds no label is not walked (:data:`_GATE_CHILDREN`).

    >>> page = lxml.html.fromstring("<div><td><b>文号：</b></td><p>电话：1</p><p>成文日期：<!-- x -->2021年</p></div>")
    >>> found = _field_candidates(page)
    >>> [(el.tag, label) for el, label in found.cells], found.lines
    ([('td', '文号'), ('b', '文号')], [('文号', '文号：电话：1成文日期：2021年'), ('文号', '文号：'), ('成文日期', '成文日期：2021年')])

    An element of many children whose text is short (:data:`_FIELD_CHARS` characters at most)
    and holds a label is read by ``read_small``: its elements met in one pass of libxml2's, each
    one's text serialised whole (cheaper than a walk of its children in Python).

    >>> found = _field_candidates(lxml.html.fromstring("<table><tr><td>发文字号：</td><td>国发〔2021〕1号</td></tr><tr><td>x</td><td>y</td></tr></table>"))
    >>> [(el.tag, label) for el, label in found.cells], found.lines
    ([('td', '发文字号')], [('发文字号', '发文字号：')])
    """
    found = _FieldCandidates()
    cells, lines, strings = found.cells, found.lines, found.strings

    def visit(el: lxml.etree._Element, tag: str) -> str | None:
        """The text of ``el``, or None when it is longer than :data:`_FIELD_CHARS`."""
        line, cell = len(lines), len(cells)  # (where its line and cell go: before those inside it)
        value: str | None = el.text or ""
        if len(el):  # (a paragraph without elements inside is its text)
            parts: list[str] | None = [value]
            size = len(value)  # (past _FIELD_CHARS the text is not built: its pieces are not read)
            for child in el:
                tag_ = child.tag
                if isinstance(tag_, str):
                    n = len(child)
                    if n >= _GATE_CHILDREN and tag_ not in _UNGATED:
                        text = strings[child] = string_value(child)  # (no field inside when no label is: not walked)
                        if len(text) > _FIELD_CHARS:
                            text = visit(child, tag_) if _ANY_LABEL.search(text) else None
                        elif _ANY_LABEL.search(text):
                            read_small(child)
                    elif n:
                        text = visit(child, tag_)
                    else:  # (no elements inside: its text, its line and its label read here)
                        text = child.text or ""
                        # (its label read from its whole text, long or not: what _label_of
                        # reads of an element without elements inside)
                        if tag_ in _CELL_TAGS and text.lstrip(_LABEL_STRIP)[:1] in _LABEL_FIRST:
                            label = _cell_label(child, text)
                            if label is not None:
                                cells.append((child, label))
                        if len(text) > _FIELD_CHARS:
                            text = None
                        elif tag_ in _FIELD_TAGS and (":" in text or "：" in text):
                            label = _line_label(text)
                            if label is not None:
                                lines.append((label, text))
                    if text is None:
                        parts = None
                        continue  # (its tail not read: the text of ``el`` is too long)
                    if parts is not None:
                        parts.append(text)
                        size += len(text)
                if parts is not None:
                    tail = child.tail
                    if tail:
                        parts.append(tail)
                        size += len(tail)
                    if size > _FIELD_CHARS:
                        parts = None
            value = "".join(parts) if parts is not None else None
        if value is not None and len(value) > _FIELD_CHARS:
            value = None
        if value is not None and tag in _FIELD_TAGS and (":" in value or "：" in value):
            label = _line_label(value)
            if label is not None:
                lines.insert(line, (label, value))
        if tag in _CELL_TAGS:
            label = _cell_label(el, value)
            if label is not None:
                cells.insert(cell, (el, label))  # (before the cells found inside it)
        return value

    def read_small(el: lxml.etree._Element) -> None:
        """The cells and lines of ``el`` and of the elements inside it, in document order,
        when its text is no longer than :data:`_FIELD_CHARS` (so is each one's: each read
        whole by libxml2, without a walk of its children)."""
        for x in el.iter():
            tag = x.tag
            if tag in _CELL_TAGS or tag in _FIELD_TAGS:
                text = string_value(x) if len(x) else x.text or ""
                if tag in _CELL_TAGS and text.lstrip(_LABEL_STRIP)[:1] in _LABEL_FIRST:
                    label = _cell_label(x, text)
                    if label is not None:
                        cells.append((x, label))
                if tag in _FIELD_TAGS and (":" in text or "：" in text):
                    label = _line_label(text)
                    if label is not None:
                        lines.append((label, text))

    found.title = next(iter(_FIRST_TITLE(root)), None)
    if isinstance(root.tag, str):
        visit(root, root.tag)
    visit = None  # (the walk referred to itself, a cycle that kept what it found, and so the whole page, until a
    # collection: the page is freed once it is read, no collection walks it, and its memory is taken again by the next)
    return found


def read_metadata(root: lxml.etree._Element, found: _FieldCandidates | None = None) -> dict[str, str]:
    """Header fields: label cells followed by value cells, or ``标签：值`` lines (``found``:
    what :func:`_field_candidates` finds on the page, when it was walked already).

    >>> read_metadata(lxml.html.fromstring("<table><tr><td>发文字号：</td><td>国发〔2021〕1号</td></tr></table><p>成文日期： 2021年3月1日</p>"))
    {'发文字号': '国发〔2021〕1号', '成文日期': '2021年3月1日'}
    """
    meta: dict[str, str] = {}

    def put(label: str, value: str) -> None:
        if label not in METADATA_LABELS or label in meta:
            return  # (not a field, or one read already: its value is not cleaned)
        value = normalise_inline(value)
        if value and len(value) < 300:
            meta[label] = value

    if found is None:
        found = _field_candidates(root)
    for cell, label in found.cells:
        if label in meta:
            continue  # (read already: its value is not read again)
        sib = _next_element(cell)
        if sib is not None:
            put(label, text_content(sib) or "")
        elif cell.tail and cell.tail.strip():
            put(label, cell.tail)
        else:
            parent = cell.getparent()
            if parent is not None and parent.tag not in ("tr", "tbody", "table"):
                nxt = _next_element(parent)
                if nxt is not None and parent.tag in ("td", "th"):
                    put(label, text_content(nxt) or "")
    for line in found.lines:
        if line[0] not in meta:
            m = _FIELD_LINE.match(line[1])
            if m:
                put(line[0], m.group(2))  # (the label is the text before the first colon)
    return meta


def _next_element(el: lxml.etree._Element) -> lxml.etree._Element | None:
    sib = el.getnext()
    while sib is not None and not isinstance(sib.tag, str):
        sib = sib.getnext()
    return sib


def _is_chrome(el: lxml.etree._Element) -> bool:
    """Whether the class or the id of ``el`` names site chrome (navigation, footer, share…).

    >>> _is_chrome(lxml.html.fromstring('<div class="nav-bar">x</div>')), _is_chrome(lxml.html.fromstring("<div>x</div>"))
    (True, False)
    """
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False  # (most elements have neither)
    return _names_chrome(f"{cls} {ident}" if cls and ident else cls or ident)


@lru_cache(maxsize=4096)
def _names_chrome(names: str) -> bool:
    """Whether the class and id ``names`` of an element name site chrome (a site's pages
    repeat their names: each is searched once).

    >>> _names_chrome("article-content footer"), _names_chrome("article-content")
    (True, False)
    """
    return CHROME_ATTR.search(names) is not None


@lru_cache(maxsize=1)
def _content_selectors() -> tuple[tuple[Callable[[lxml.etree._Element], list[lxml.etree._Element]], str, str], ...]:
    """:data:`CONTENT_SELECTORS` compiled once (what ``el.cssselect(sel)`` compiles on every
    call), each with what it needs on the page: ``("#", id)``, ``(".", class)`` or ``("", tag)``."""
    from lxml.cssselect import CSSSelector

    out = []
    for sel in CONTENT_SELECTORS:
        try:
            select = CSSSelector(sel, translator="html")
        except Exception:  # pragma: no cover - a selector lxml cannot compile
            continue
        out.append((select, sel[0], sel[1:]) if sel[0] in "#." else (select, "", sel))
    return tuple(out)


_CLASSES = lxml.etree.XPath("descendant-or-self::*/@class", smart_strings=False)


def find_content(root: lxml.etree._Element, strings: dict[lxml.etree._Element, str] | None = None) -> lxml.etree._Element:
    """The element that holds the document body: the first element a selector of
    :data:`CONTENT_SELECTORS` finds that holds Chinese text, else the densest (a selector
    whose class or tag the page does not hold is not run: each one walks the whole page; an
    id is looked up in libxml2's table of ids, which holds every id of the page with the
    first element that has it, or an ``<a>`` of that name before it). ``strings``: the text of
    elements of the page built already (:attr:`_FieldCandidates.strings`), not built again.

    >>> page = "<html><body><div id='zoom'>" + "第一条" * 40 + "</div><p>页脚</p></body></html>"
    >>> find_content(lxml.html.fromstring(page)).get("id")
    'zoom'
    >>> body = "第一条" * 40
    >>> page = f"<html><body><a name='zoom'>x</a><div id='zoom'>短</div><div id='zoom' class='b'>{body}</div></body></html>"
    >>> find_content(lxml.html.fromstring(page)).get("class")
    'b'
    """
    classes: str | None = None
    for select, kind, word in _content_selectors():
        if kind == "#":
            found = _ID(root, word=word)
            if not found:
                continue  # (no element has the id: the parser puts every id in its table)
            if found[0].get("id") == word and _holds_content(_text_of(found[0], strings)):
                return found[0]  # (the first element with the id: what the selector finds first)
            found = select(root)  # (a second element with the id, or an ``<a>`` of that name)
        elif kind == ".":
            classes = " ".join(_CLASSES(root)) if classes is None else classes
            if word not in classes:
                continue
            found = select(root)
        elif next(root.iter(word), None) is None:
            continue
        else:
            found = select(root)
        for el in found:
            if _holds_content(_text_of(el, strings)):
                return el
    return _densest(root)


def _text_of(el: lxml.etree._Element, strings: dict[lxml.etree._Element, str] | None) -> str:
    """The text of ``el``, taken from ``strings`` when built already.

    >>> p = lxml.etree.fromstring("<p>第一条<b>总则</b></p>")
    >>> _text_of(p, None), _text_of(p, {p: "已读"})
    ('第一条总则', '已读')
    """
    text = strings.get(el) if strings else None
    return text if text is not None else text_content(el) or ""


#: the element libxml2 keeps for an id (also for the ``name`` of an ``<a>``, and only the
#: first of two alike)
_ID = lxml.etree.XPath("id($word)")


#: the Chinese characters (:func:`cjk_count`) the element a content selector finds must hold
_CONTENT_CJK = 100
#: a text's start up to its :data:`_CONTENT_CJK`-th Chinese character (each run of other
#: characters taken whole: no backtracking)
_CONTENT_START = re.compile(f"(?:[^{_CJK}]*+[{_CJK}]){{{_CONTENT_CJK}}}")


def _holds_content(s: str) -> bool:
    """Whether ``s`` holds at least :data:`_CONTENT_CJK` Chinese characters, read up to the
    last of them (a body holds them in its head) without making a string.

    >>> _holds_content("第一条" * 40 + "x" * 5000), _holds_content("x" * 900 + "第一条" * 40), _holds_content("第一条"), _holds_content("第" * 99 + "x" * 900)
    (True, True, False, False)
    """
    return len(s) >= _CONTENT_CJK and _CONTENT_START.match(s) is not None


def _densest(root: lxml.etree._Element) -> lxml.etree._Element:
    """Readability-style fallback: the parent of the most paragraph text."""
    best, best_score = root, -1
    for el in root.iter("div", "td", "section", "article", "main", "body", "ucapcontent"):
        if _is_chrome(el):
            continue
        direct = (el.text or "") + "".join(
            (text_content(c) if isinstance(c.tag, str) and c.tag in ("p", "span", "font", "strong", "b", "br") else "")
            + (c.tail or "")
            for c in el
        )
        score = cjk_count(direct)
        if score > best_score:
            best, best_score = el, score
    body = root.find("body")
    if best_score < 50 and body is not None:
        return body
    return best


def _drops(child: lxml.etree._Element, tag: str) -> bool:
    """Whether :func:`_prune` removes the element ``child`` (of the lower-case ``tag``):
    chrome holding fewer than 400 Chinese characters, and the tags of :data:`DROP_TAGS`
    (asked by the walks only of an element of such a tag or with a class or an id: most
    elements have neither, and no call is made for them)."""
    return tag in DROP_TAGS or (_is_chrome(child) and cjk_count(text_content(child) or "") < 400)



#: the classes and ids of the elements inside an element
_NAMES = lxml.etree.XPath("descendant::*/@class | descendant::*/@id", smart_strings=False)


def _nothing_to_prune(el: lxml.etree._Element) -> bool:
    """Whether :func:`_prune` leaves ``el`` as it is: it holds no comment, processing
    instruction or element of :data:`DROP_TAGS`, and no class or id naming chrome (found by
    libxml2, without a Python step for each element).

    >>> [_nothing_to_prune(lxml.html.fromstring(f"<div><p class='MsoNormal'>x{t}</p></div>")) for t in ("", "<!-- c -->", "<script></script>", "<i class='share'></i>")]
    [True, False, False, False]
    """
    if next(el.iterdescendants(lxml.etree.Comment, lxml.etree.ProcessingInstruction, *DROP_TAGS), None) is not None:
        return False
    return not any(map(_names_chrome, _NAMES(el)))


def _prune(el: lxml.etree._Element) -> None:
    """Remove from inside ``el`` comments, processing instructions and what :func:`_drops`.
    A comment's tail stays in place; a removed element's tail goes after the last child of
    its parent at the time (the children of a parent are met in their order).

    >>> div = lxml.html.fromstring("<div>a<script>x</script>b<p>c</p>d<!-- y -->e<i>f</i>g</div>")
    >>> _prune(div); lxml.etree.tostring(div, encoding=str)
    '<div>a<p>c</p>de<i>f</i>gb</div>'
    """
    for child in list(el):
        tag = child.tag
        if not isinstance(tag, str):  # comments, processing instructions
            drop_tree(child)
            continue
        if (tag in DROP_TAGS or child.get("class") is not None or child.get("id") is not None) and _drops(child, tag):  # (see _drops)
            tail = child.tail
            el.remove(child)
            if tail:
                # keep the tail text in place
                prev = el[-1] if len(el) else None
                if prev is not None:
                    prev.tail = (prev.tail or "") + tail
                else:
                    el.text = (el.text or "") + tail
            continue
        if len(child):  # (an element without children or comments inside: nothing to remove)
            _prune(child)


# --- rendering -----------------------------------------------------------------------


#: a block of the body: its text, and its grid when it is a table (a plain tuple: one is made
#: for every line of the page)
_Block = tuple[str, "list[list[str]] | None"]


def _is_layout_table(table: lxml.etree._Element) -> bool:
    """Whether ``table`` lays the page out rather than holding data: a table inside it, a row
    at most, a cell a row at most, or a cell of over 1,500 Chinese characters (its tables,
    rows and cells found by libxml2's filter of tags, without an ElementPath search each).

    >>> [_is_layout_table(lxml.html.fromstring(t)) for t in ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
    ...     "<table><tr><td>a</td></tr><tr><td>c</td></tr></table>", "<table><tr><td><table><tr><td>a</td></tr></table></td></tr></table>")]
    [False, True, True]
    """
    if next(table.iterdescendants("table"), None) is not None:
        return True
    rows = list(table.iterdescendants("tr"))
    if len(rows) <= 1:
        return True
    if max(sum(1 for _ in r.iterchildren("td", "th")) for r in rows) <= 1:
        return True
    # (a cell of at most 1,500 characters holds at most as many Chinese ones: not counted; nor
    # is any cell of a table that holds no more text in all)
    if len(text_content(table) or "") <= 1500:
        return False
    return any(len(t) > 1500 and cjk_count(t) > 1500 for t in (text_content(td) or "" for td in table.iter("td", "th")))


def _table_grid(table: lxml.etree._Element) -> list[list[str]]:
    """Cells as a grid with rowspan/colspan expanded (the table's lines marked for its cells'
    text: it is read for nothing else after)."""
    _mark_lines(table)
    grid: list[list[str | None]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.iter("tr")):
        row: list[str | None] = []
        c = 0
        for cell in tr.iterchildren("td", "th"):
            while pending and (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            text = _inline_text(cell)
            rowspan, colspan = cell.get("rowspan"), cell.get("colspan")
            if rowspan is None and colspan is None:  # (most cells span one row and one column)
                row.append(text)
                c += 1
                continue
            try:
                rs = max(1, min(int(rowspan or 1), 500))
                cs = max(1, min(int(colspan or 1), 50))
            except ValueError:
                rs, cs = 1, 1
            for dc in range(cs):
                row.append(text)
                for dr in range(1, rs):
                    pending[(r + dr, c + dc)] = text
            c += cs
        while pending and (r, c) in pending:
            row.append(pending.pop((r, c)))
            c += 1
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [[(x or "") for x in r] + [""] * (width - len(r)) for r in grid if any(x for x in r)]


def _inline_text(el: lxml.etree._Element) -> str:
    """Text of a cell: paragraphs inside a cell are joined (a name broken over lines is one);
    its lines broken by :func:`_mark_lines` already.

    >>> td = lxml.html.fromstring("<table><tr><td>市<p>教育局</p><p>市财政局 </p></td></tr></table>").find(".//td"); _mark_lines(td)
    >>> _inline_text(td)
    '市教育局市财政局'
    """
    return normalise_inline(text_content(el))


def _mark_lines(el: lxml.etree._Element) -> None:
    """A line break put before the text of each paragraph, division, line break and list item
    inside ``el`` (so that the text libxml2 serialises of a cell breaks its lines there, as a
    walk of its elements in Python would; ``el`` is read for nothing else after).

    >>> td = lxml.html.fromstring("<table><tr><td><p>a</p><div><br>b</div></td></tr></table>").find(".//td"); _mark_lines(td)
    >>> string_value(td)
    '\\na\\n\\nb'
    """
    for line in el.iterdescendants("p", "div", "br", "li"):
        text = line.text
        line.text = "\n" + text if text else "\n"


def _render(el: lxml.etree._Element, prune: bool = False) -> list[_Block]:
    """The blocks of ``el``; with ``prune``, of ``el`` as :func:`_prune` leaves it, pruned in
    the same walk (only a data table is pruned in place, before it is read).

    >>> div = lxml.html.fromstring("<div>a<script>x</script>b<p>c</p>d<!-- y -->e<i>f</i>g</div>")
    >>> [b[0] for b in _render(div, prune=True)]
    ['a', 'c', 'defgb']
    """
    blocks: list[_Block] = []
    buf: list[str] = []

    def flush() -> None:
        """The lines of ``buf`` as blocks (a block element ends a line: its lines are read
        with the others, up to a table or the end)."""
        if buf:
            # normalise_inline of each line: its runs of white space folded, then its ideographic
            # spaces made spaces (a line stripped starts and ends with neither); only a line
            # that holds a run to fold (two spaces, or white space that is not printable but
            # the ideographic space) is read by the pattern
            for line in "".join(buf).split("\n"):
                if not line.isprintable() or "  " in line:
                    spaced = line.replace("\u3000", " ")
                    line = spaced if "  " not in line and spaced.isprintable() else _INLINE_SPACES.sub(" ", line).replace("\u3000", " ")
                line = line.strip()
                if line:
                    blocks.append((line, None))
            buf.clear()

    def walk(e: lxml.etree._Element, tag: str, prune: bool) -> None:
        # (each property of an element read once: lxml makes a new string on every read)
        if tag == "table":
            if prune:
                if not _nothing_to_prune(e):
                    _prune(e)
                prune = False
            if not _is_layout_table(e):
                flush()
                grid = _table_grid(e)
                if grid:
                    blocks.append(("\n".join("\t".join(r) for r in grid), grid))
                return
        block = tag in BLOCK_TAGS
        if block:
            buf.append("\n")  # (the end of a line: what came before is one block or more)
        if tag == "br":
            buf.append("\n")
        text = e.text
        if text:
            buf.append(text)
        moved: list[str] | None = None  # (the tails of removed children but the last: after it)
        dropped: str | None = None  # (the tail of the child just removed)
        for c in e:
            if dropped is not None:
                if moved is None:
                    moved = []
                moved.append(dropped)
                dropped = None
            tag_ = c.tag  # (in lower case: libxml2's HTML parser writes every tag so)
            if isinstance(tag_, str):
                if prune and (tag_ in DROP_TAGS or c.get("class") is not None or c.get("id") is not None) and _drops(c, tag_):  # (see _drops)
                    dropped = c.tail or ""
                    continue
                if len(c) or tag_ == "table":
                    walk(c, tag_, prune)
                else:  # (no element inside: its text, as a walk of it reads it)
                    text = c.text
                    if tag_ in BLOCK_TAGS:
                        buf.extend(("\n", "\n", text or "", "\n") if tag_ == "br" else ("\n", text or "", "\n"))
                    elif text:
                        buf.append(text)
            tail = c.tail
            if tail:
                buf.append(tail)
        if dropped is not None:
            buf.append(dropped)  # (a removed last child's tail stays in place)
        if moved:
            buf.extend(moved)
        if block:
            buf.append("\n")

    tag = el.tag
    walk(el, tag if isinstance(tag, str) else "", prune)
    flush()
    walk = None  # (no cycle of the walk and itself left for the collector: see _field_candidates)
    return blocks


def _dedupe(blocks: list[_Block]) -> tuple[list[_Block], int]:
    """Drop paragraphs and tables the page holds a second time."""
    seen: set[str] = set()
    out: list[_Block] = []
    dropped = 0
    for b in blocks:
        text, table = b
        if len(text) < 20 and table is None:
            out.append(b)  # (a short paragraph is never dropped: no key to compute)
            continue
        key = "".join(text.split())  # (without white space: str.split's is the pattern \s's)
        if len(key) >= 20 or table is not None:
            if key in seen:
                dropped += 1
                continue
            seen.add(key)
        out.append(b)
    return out, dropped


def html_to_text(markup: str, path: str, utf8: bytes | None = None) -> HtmlResult:
    """Clean text, metadata and tables of an HTML page (``utf8``: the bytes ``markup`` was
    decoded from as UTF-8 without a change, when the caller has them)."""
    warnings: list[str] = []
    root = parse_html(markup, path, warnings, utf8)
    found = _field_candidates(root)
    metadata = read_metadata(root, found)
    page_title = found.title
    title = text_content(page_title) if page_title is not None else ""
    if title.strip():
        metadata["页面标题"] = normalise_inline(title)
    content = find_content(root, found.strings)
    blocks, dropped = _dedupe(_render(content, prune=True))
    if dropped > 5:
        warnings.append(f"the page holds its body twice; kept one copy ({dropped} repeated paragraphs dropped)")
    parts: list[str] = []
    tables: list[Table] = []
    pos = 0
    for text, table in blocks:
        if parts:
            parts.append("\n")
            pos += 1
        if table is not None:
            rows = []
            start = pos
            for i, row in enumerate(table):
                if i:
                    pos += 1  # newline between rows
                cells = []
                for j, cell in enumerate(row):
                    if j:
                        pos += 1  # tab between cells
                    cells.append(TableCell(cell, Span(pos, pos + len(cell))))
                    pos += len(cell)
                rows.append(tuple(cells))
            tables.append(Table(tuple(rows), Span(start, pos)))
        else:
            pos += len(text)
        parts.append(text)
    text = "".join(parts)
    if not _CJK_CHAR.search(text):
        raise IngestError(path, "no Chinese text found in the page body (is it a policy document?)")
    return HtmlResult(text=text, metadata=metadata, tables=tables, warnings=warnings)
