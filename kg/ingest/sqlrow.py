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
            i += 1
            buf: list[str] = []
            while i < n:
                ch = s[i]
                if ch == "\\" and i + 1 < n:
                    buf.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(s[i + 1], s[i + 1]))
                    i += 2
                    continue
                if ch == "'":
                    if i + 1 < n and s[i + 1] == "'":
                        buf.append("'")
                        i += 2
                        continue
                    i += 1
                    break
                buf.append(ch)
                i += 1
            out.append("".join(buf))
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
