"""Labels, sentences and tooltips of the views.

Every text that comes from a document (titles, department names, sentences) reaches the page
only as data: labels are drawn on the canvas as text, tooltips are built in the browser with
``textContent`` (kg/views/static/kg-views.js) and the HTML around the graphs is rendered by
Jinja2 with autoescaping. Nothing here produces HTML.

>>> wrap("沈阳市推进职业教育实用高效发展实施方案", 8, 2)
'沈阳市推进职业教\\n育实用高效发展…'
>>> wrap("辽宁省职业技能提升行动实施方案(2019—2021年)", 13)
'辽宁省职业技能提升行动实施\\n方案(2019—2021年)'
>>> shorten("一二三四五", 3)
'一二…'
>>> sentence_at("第一句。到2025年,建成10所学校;第三句。", 9, 11)
'到2025年,建成10所学校;'
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from typing import Any

import networkx as nx

_WIDE = ("W", "F")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def char_width(c: str) -> float:
    """Width of a character in ems (CJK 1, Latin about 0.6)."""
    return 1.0 if unicodedata.east_asian_width(c) in _WIDE else 0.6


def text_width(s: str, size: float) -> float:
    """Approximate width in pixels of the longest line of ``s`` at font size ``size``."""
    return max((sum(char_width(c) for c in line) for line in s.split("\n")), default=0.0) * size


def clean(s: Any) -> str:
    """A document text on one line: white space collapsed (labels and tooltips)."""
    if s is None:
        return ""
    return " ".join(str(s).split())


def shorten(s: str, n: int) -> str:
    s = clean(s)
    return s if len(s) <= n else s[: max(n - 1, 1)] + "…"


def wrap(s: str, width: float, lines: int = 3) -> str:
    """Break ``s`` into lines of at most ``width`` ems (a CJK character is one em, a Latin
    character or digit about 0.6; CJK text has no spaces for the canvas to break at), at
    most ``lines`` lines, an ellipsis when cut."""
    s = clean(s)
    if not s:
        return ""
    out: list[str] = []
    line, w = "", 0.0
    for i, c in enumerate(s):
        cw = char_width(c)
        if line and w + cw > width:
            out.append(line)
            line, w = "", 0.0
            if len(out) == lines:
                out[-1] = out[-1][:-1] + "…"
                return "\n".join(out)
        line += c
        w += cw
    out.append(line)
    return "\n".join(out)


def sentence_at(text: str, start: int, end: int, limit: int = 240) -> str:
    """The sentence of ``text`` that holds ``[start, end)`` (offsets into ``text``)."""
    if not text:
        return ""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    if m and m.group() == "\n":
        right -= 1
    return shorten(text[left:right], limit)


class SentenceIndex:
    """The source sentence of a fact, from the measure texts of its policy.

    Facts (responsibilities, targets, institutions) keep the character span they came from;
    measures keep their text and span. The sentence of a fact is cut from the smallest
    measure whose span holds it; failing that, the text of the measure the fact is about.
    """

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self._by_policy: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for _, d in g.nodes(data=True):
            if d.get("type") == "Measure" and d.get("text") and d.get("policy") is not None:
                s, e = d.get("start"), d.get("end")
                if isinstance(s, int) and isinstance(e, int) and e - s == len(d["text"]):
                    self._by_policy[d["policy"]].append((s, e, d["text"]))
        for spans in self._by_policy.values():
            spans.sort()
        self._starts = {p: [s for s, _, _ in spans] for p, spans in self._by_policy.items()}

    def sentence(self, policy: str | None, start: Any, end: Any, fallback: str = "") -> str:
        if policy is not None and isinstance(start, int) and isinstance(end, int):
            spans = self._by_policy.get(policy, [])
            i = bisect.bisect_right(self._starts.get(policy, []), start)
            best: tuple[int, int, str] | None = None
            for s, e, text in reversed(spans[:i]):
                if s <= start and end <= e and (best is None or e - s < best[1] - best[0]):
                    best = (s, e, text)
                if best is not None and s < best[0] - 20000:
                    break
            if best is not None:
                return sentence_at(best[2], start - best[0], end - best[0])
        return shorten(fallback, 240)


def tip(head: str | None = None, rows: list[tuple[str, Any]] | None = None, quotes: list[str] | None = None,
        quote_label: str | None = None, note: str | None = None) -> dict[str, Any]:
    """A tooltip as data: the browser builds it with ``textContent``."""
    out: dict[str, Any] = {}
    if head:
        out["head"] = clean(head)
    r = [[clean(k), clean(v)] for k, v in (rows or []) if v not in (None, "", [])]
    if r:
        out["rows"] = r
    q = [clean(x) for x in (quotes or []) if x]
    if q:
        out["quotes"] = q
        if quote_label:
            out["quoteLabel"] = quote_label
    if note:
        out["note"] = clean(note)
    return out
