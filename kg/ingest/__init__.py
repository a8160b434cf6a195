"""Ingest: any supported file -> :class:`~kg.models.SourceText`.

``read_document(path)`` is the one entry point. Plain text in any common encoding, HTML
pages (also when saved with a ``.txt`` name, and the html column of an SQL ``INSERT`` row
as some crawls store them), Word ``.docx`` and PDF with a text layer are read; anything else
raises :class:`IngestError` with the file and the reason.

>>> from pathlib import Path; import tempfile
>>> p = Path(tempfile.mkdtemp()) / "a.txt"; _ = p.write_bytes("国发〔2019〕4号".encode("gbk"))
>>> read_document(p).text
'国发〔2019〕4号'
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kg.ingest.decode import MIXED, decode_bytes
from kg.ingest.errors import IngestError
from kg.ingest.html import html_to_text
from kg.ingest.sqlrow import html_from_sql_insert
from kg.models import SourceText

__all__ = ["IngestError", "read_document", "SUPPORTED_SUFFIXES", "iter_document_paths", "MAX_BYTES"]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf", ".doc", ".wps"})
MAX_BYTES = 64 * 1024 * 1024

_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|body|div|p|table|span|meta|head)[\s>/]", re.I)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("<") and bool(_HTML_SNIFF.search(head)) or len(_HTML_SNIFF.findall(text[:20000])) >= 5


def _plain_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read one file. Raises :class:`IngestError` (one line: file and reason)."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise IngestError(name, "no such file")
    if p.is_dir():
        raise IngestError(name, "is a folder, not a document")
    size = p.stat().st_size
    if size > max_bytes:
        raise IngestError(name, f"the file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit (raise it with --max-mb)")
    suffix = p.suffix.lower()
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(name, f"cannot be read: {exc.strerror or exc}") from exc
    sha = hashlib.sha256(data).hexdigest()
    if suffix == ".docx":
        from kg.ingest.docx import docx_to_text

        text, tables = docx_to_text(data, name)
        return SourceText(path=name, text=text, format="docx", sha256=sha, tables=tuple(tables))
    if suffix == ".pdf":
        from kg.ingest.pdf import pdf_to_text

        return SourceText(path=name, text=pdf_to_text(data, name), format="pdf", sha256=sha)
    if suffix in (".doc", ".wps"):
        from kg.ingest.legacy import legacy_to_text

        return SourceText(path=name, text=legacy_to_text(p), format=suffix[1:], sha256=sha)
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(name, f"unsupported file type '{suffix or '(none)'}' (policy-kg reads .txt, .html, .docx and .pdf)")
    text, encoding = decode_bytes(data, name)
    warnings: list[str] = []
    if encoding == MIXED:
        warnings.append("mixed encodings: some lines are UTF-8, others GB18030/GBK; each line was decoded on its own")
    markup = html_from_sql_insert(text)
    if markup is not None:
        warnings.append("an SQL INSERT row; read the page from its html column")
        text = markup
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or _looks_like_html(text):
        result = html_to_text(text, name)
        return SourceText(
            path=name,
            text=result.text,
            format="html",
            sha256=sha,
            encoding=encoding,
            metadata=result.metadata,
            tables=tuple(result.tables),
            warnings=tuple(warnings + result.warnings),
        )
    text = _plain_text(text)
    if not text.strip():
        raise IngestError(name, "the file holds only white space")
    return SourceText(path=name, text=text, format="text", sha256=sha, encoding=encoding, warnings=tuple(warnings))


def iter_document_paths(paths: list[str] | list[Path]) -> list[Path]:
    """Files named, and the supported files in folders named (recursively, sorted).

    Gold annotations (``*.json``), manifests and other non-document files in a folder are
    skipped; a file named explicitly is always returned so that its error can be reported.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            found = [p]
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out
