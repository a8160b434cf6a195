"""Word lists as patterns: the alternation of many words written as the tree of their prefixes.

A module without imports beyond :mod:`re`, so that the readers (:mod:`kg.ingest`) and the
extractors (:mod:`kg.extract.regexes`, which re-exports :func:`word_alternation`) share it.
"""

from __future__ import annotations

import re
from typing import Iterable


def word_alternation(words: Iterable[str], between: str = "") -> str:
    """A pattern that matches any of ``words`` as their alternation sorted longest first
    does: where several match at one place the longest is taken, and a backtrack goes to
    the shorter ones in that order. It is written as the tree of the words' prefixes
    (北京(?:市)?|南京市), so that the engine reads a place one character at a time
    instead of trying every word there (a list of thousands of place names).

    >>> p = re.compile(word_alternation(["北京", "北京市", "南京市"]))
    >>> [m.group() for m in p.finditer("北京市和南京市、北京")]
    ['北京市', '南京市', '北京']
    >>> re.fullmatch(f"(?:{word_alternation(['ab', 'abc'])})c", "abc") is not None, word_alternation([])
    (True, '(?!x)x')

    ``between``, a pattern, is matched between two characters of a word (white space a page
    may print inside a label), as in the alternation of the words with it between their
    characters:

    >>> p = re.compile(word_alternation(["文号", "发文字号"], between=" *"))
    >>> p.pattern, [m.group() for m in p.finditer("发 文字号 文  号")]
    ('(?:文 *号|发 *文 *字 *号)', ['发 文字号', '文  号'])
    """
    tree: dict[str, dict] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, dict], before: str) -> str:
        """What follows the prefix that leads to ``node``, ``before`` in front of its next character."""
        branches = [re.escape(ch) + pattern(child, between) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{before}{body})?" if "" in node else before + body

    if not tree:
        return r"(?!x)x"
    return pattern(tree, "") if "" not in tree else f"(?:{pattern(tree, '')})"
