"""Page breaks in a plain text copied from a printed document: the page numbers of its
feet (GB/T 9704: — 3 —) and the running header every page repeats (沂南县人民政府办公室文件),
which a copy leaves between the two halves of a sentence or of a name broken by the page.

The text is read as it was printed: those lines go, and the lines around them meet. Only a
text with two page numbers or more is read so (one number alone on a line may be anything).

>>> t = "（牵头单位：县财政局；责任单位：\\n\\n— 9 —\\n\\n某县人民政府办公室文件\\n县农业农村局）\\n（二）…\\n\\n— 10 —\\n\\n某县人民政府办公室文件\\n三、保障"
>>> print(without_page_breaks(t))
（牵头单位：县财政局；责任单位：
县农业农村局）
（二）…
三、保障
"""

from __future__ import annotations

import re
from collections import Counter

from kg.ingest.pdf import PAGE_NUMBER

#: the longest line read as a running header (a body's name and 文件, a document's short title)
_HEADER_CHARS = 40


def without_page_breaks(text: str) -> str:
    """``text`` without its page numbers and running headers (see the module); as it is when
    it holds fewer than two page numbers."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    pages = [i for i, line in enumerate(lines) if _is_page_number(line)]
    if len(pages) < 2:
        return text
    drop = set(pages)
    near: Counter[str] = Counter()
    neighbours: list[list[int]] = []
    for i in pages:
        around = [j for j in (_next_filled(lines, i, -1), _next_filled(lines, i, 1)) if j is not None]
        neighbours.append(around)
        near.update({lines[j].strip() for j in around})
    for around in neighbours:
        for j in around:
            s = lines[j].strip()
            if near[s] >= 2 and len(s) <= _HEADER_CHARS and not _is_page_number(lines[j]):
                drop.add(j)  # (the same line at two page breaks or more: the page's header)
    # the blank lines between what goes and the text around it go too
    for i in sorted(drop):
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j].strip():
                drop.add(j)
                j += step
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def _is_page_number(line: str) -> bool:
    m = PAGE_NUMBER.match(line)
    return bool(m) and m.group("bare") is None and "/" not in line  # (a bare number or 3/12 may be anything in a text)


def _next_filled(lines: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].strip():
            return j
        j += step
    return None


__all__ = ["without_page_breaks"]
