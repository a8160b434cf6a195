"""What analysts read: Chinese by default, English on request (``--lang en`` or ``KG_LANG=en``).

>>> t("policies", "zh"), t("policies", "en")
('政策', 'policies')
>>> t("role_lead", "zh"), t("national", "en")
('牵头', 'national')
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.schema import messages

DATA = Path(__file__).parent / "data"


def _tables() -> dict[str, dict[str, tuple[str, str]]]:
    """The rows of ``data/messages.tsv`` by table: key -> (Chinese, English), as written."""
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    lines = [line for line in (DATA / "messages.tsv").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    for line in lines[1:]:
        table, key, zh, en = line.split("\t")
        tables.setdefault(table, {})[key] = (zh, en)
    return tables


TABLES = _tables()
#: every command's and view's messages: the schema's labels, then table ``kg``
MESSAGES: dict[str, tuple[str, str]] = {**messages(), **TABLES["kg"]}


def language(explicit: str | None = None) -> str:
    lang = (explicit or os.environ.get("KG_LANG") or "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def t(key: str, lang: str | None = None, table: str | None = None) -> str:
    """``key`` in ``lang``: from ``table`` of ``data/messages.tsv`` if it is there, else the shared ones.

    >>> t("lag", "en", "uptake"), t("lag", "en", "uptake_page"), t("region", "zh", "uptake")
    ('lag (days)', 'lag', '地区')
    """
    zh, en = TABLES.get(table or "", {}).get(key) or MESSAGES.get(key, (key, key))
    return en if language(lang) == "en" else zh
