"""Pages stored as an SQL ``INSERT`` row (how some crawls dump gov.cn pages).

>>> html_from_sql_insert("INSERT INTO t (id, html) VALUES (1, '<p>it''s</p>');")
"<p>it's</p>"
>>> html_from_sql_insert("<p>not sql</p>") is None
True
"""

from __future__ import annotations

import re

_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+\S+\s*\(([^)]*)\)\s*VALUES\s*\(", re.I | re.S)
_PREFERRED = ("html", "content_html", "page", "content")


#: the body of a quoted SQL literal: characters but quote and backslash, a backslash and the
#: character it escapes, a doubled quote, and a backslash that ends the text
_BODY = re.compile(r"(?:[^'\\]+|\\.|'')*(?:\\\Z)?", re.S)
_ESCAPE = re.compile(r"\\(.)|''", re.S)
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _literal(s: str, i: int) -> tuple[str, int]:
    r"""The quoted literal of ``s`` whose body starts at ``i`` (just after its quote), and
    where what follows it starts (after its closing quote, or at the end of an open one).

    >>> _literal(r"'it''s a\n\'b\'', 2", 1)
    ("it's a\n'b'", 16)
    """
    body = _BODY.match(s, i)
    end = body.end()
    text = body.group()
    if "\\" in text or "''" in text:
        text = _ESCAPE.sub(lambda m: "'" if m.group(1) is None else _ESCAPED.get(m.group(1), m.group(1)), text)
    return text, end + 1 if s.startswith("'", end) else end


def _values(s: str, i: int) -> list[str | None]:
    """SQL literals from position ``i`` (just after ``VALUES (``) to the closing parenthesis."""
    out: list[str | None] = []
    n = len(s)
    while i < n:
        while i < n and s[i] in " \t\r\n,":
            i += 1
        if i >= n or s[i] == ")":
            break
        if s[i] == "'":
            value, i = _literal(s, i + 1)
            out.append(value)
        else:
            j = i
            while j < n and s[j] not in ",)":
                j += 1
            word = s[i:j].strip()
            out.append(None if word.lower() == "null" else word)
            i = j
    return out


def html_from_sql_insert(text: str) -> str | None:
    """The page HTML held by an ``INSERT INTO … VALUES (…)`` row, or ``None``."""
    m = _INSERT.match(text[:5000])
    if not m:
        return None
    columns = [c.strip().strip("`\"[]").lower() for c in m.group(1).split(",")]
    values = _values(text, m.end())
    row = dict(zip(columns, values))
    for name in _PREFERRED:
        v = row.get(name)
        if v and "<" in v and len(v) > 200:
            return v
    candidates = [v for v in values if v and "<" in v]
    return max(candidates, key=len) if candidates else None
