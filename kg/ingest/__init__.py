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

import codecs
import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path, PurePath

from kg.ingest.decode import MIXED, decode_bytes, holds_c0
from kg.ingest.errors import IngestError
from kg.ingest.html import html_to_text
from kg.ingest.pages import without_page_breaks
from kg.ingest.sqlrow import html_from_sql_insert
from kg.models import SourceText

__all__ = ["IngestError", "read_document", "SUPPORTED_SUFFIXES", "iter_document_paths", "MAX_BYTES", "strip_controls", "utf8_without_controls", "MAX_MARKUP_CHARS"]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf", ".doc", ".wps"})
MAX_BYTES = 64 * 1024 * 1024
#: the most markup of one HTML page that is parsed: a parsed page costs some thirty times its
#: size in memory, so a page over this is read up to here (its head: title, number, body
#: start) with a warning naming the limit, and a worker's memory stays bounded
MAX_MARKUP_CHARS = 8 * 1024 * 1024

#: control characters that no document means and XML cannot hold: C0 but tab, newline and
#: carriage return (read as a line break), DEL, C1, and the non-characters U+FFFE/U+FFFF
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))

_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|body|div|p|table|span|meta|head)[\s>/]", re.I)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("<") and bool(_HTML_SNIFF.search(head)) or len(_HTML_SNIFF.findall(text[:20000])) >= 5


def _plain_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return "\n".join(map(str.rstrip, text.split("\n"))).strip("\n")  # (no Python frame for each line)


def strip_controls(text: str) -> tuple[str, int]:
    r"""``text`` without control characters but tab and line breaks; (text, how many went).

    >>> strip_controls("国发\x00〔2019〕\x1b4号\t第一条\n")
    ('国发〔2019〕4号\t第一条\n', 2)
    """
    out, n = _CONTROLS.subn("", text)
    return out, n


def utf8_without_controls(data: bytes, c0: bool | None = None, text: str | None = None) -> bool:
    r"""Whether ``data`` (valid UTF-8) decodes to a text :func:`strip_controls` leaves as it is,
    told in one pass each (the pattern tests each character): no byte of
    :data:`~kg.ingest.decode.C0_BYTES`, no C1 character (``\xc2\x80``-``\xc2\x9f``), and no
    U+FFFE or U+FFFF in ``text``, ``data`` decoded (decoded here when not given: one character
    is found faster than three bytes, whose first starts every full-width mark).

    >>> utf8_without_controls("第一条\t总则\n\xa0".encode()), utf8_without_controls("第一条\x85".encode())
    (True, False)
    >>> utf8_without_controls("\x1b".encode()), utf8_without_controls("\uffff".encode()), utf8_without_controls(b"a", text="a\ufffe")
    (False, False, False)
    """
    if holds_c0(data) if c0 is None else c0:  # (``c0``: what holds_c0 said of ``data`` already)
        return False
    if b"\xc2" in data and _C1_UTF8.search(data):
        return False
    if text is None:
        text = data.decode("utf-8")
    return "\ufffe" not in text and "\uffff" not in text


_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def _controls_warning(n: int) -> str:
    return f"{n} control character{'s' if n > 1 else ''} (NUL and the like, which no document means) removed"


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is (None for a regular file, asked first).

    >>> _kind(os.stat(".").st_mode), _kind(os.stat(__file__).st_mode)
    ('a folder', None)
    """
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def _read_fd(fd: int, size: int) -> bytes:
    """Up to ``size`` bytes of ``fd``, fewer only at the end of the file (what a buffered
    file's ``read(size)`` gives, without making one for each document).

    >>> r, w = os.pipe(); _ = os.write(w, b"abc"); os.close(w)
    >>> _read_fd(r, 2), _read_fd(r, 5), _read_fd(r, 5); os.close(r)
    (b'ab', b'c', b'')
    """
    chunks: list[bytes] = []
    got = 0
    while got < size:
        chunk = os.read(fd, size - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def suffix_of(path: str) -> str:
    """``PurePath(path).suffix``, without making a path object for each document.

    >>> [suffix_of(p) for p in ("a/b.HTML", "c.tar.gz", ".txt", "d.", "e", "f.txt/", "g/..")]
    ['.HTML', '.gz', '', '', '', '.txt', '']
    """
    base = path.rsplit("/", 1)[-1]
    if base in ("", ".", ".."):
        return PurePath(path).suffix  # (a trailing slash or dot component: the path's own rules)
    i = base.rfind(".")
    return base[i:] if 0 < i < len(base) - 1 else ""


#: a file is opened to be read only, without blocking (a FIFO) and without becoming the
#: process's terminal (a device)
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)


def _over(max_bytes: int) -> str:
    """What a file too large is over (written only for such a file).

    >>> _over(MAX_BYTES)
    'over the 64 MB limit (raise it with --max-mb)'
    """
    return f"over the {max_bytes / 2**20:.0f} MB limit (raise it with --max-mb)"


def read_bytes(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; anything else (a FIFO, a
    device, a socket, a folder, a file that cannot be opened or grows past the limit while
    read) raises :class:`IngestError`. A FIFO is never waited on: the file is opened
    without blocking and checked before a byte is read."""
    name = str(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise IngestError(name, "no such file") from exc
        if exc.errno == errno.ENXIO:
            raise IngestError(name, "a socket or device that cannot be read as a file; skipped") from exc
        raise IngestError(name, f"cannot be read: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind == "a folder":
            raise IngestError(name, "is a folder, not a document")
        if kind is not None:
            raise IngestError(name, f"{kind}, not a regular file; skipped (only regular files are read)")
        if info.st_size > max_bytes:
            raise IngestError(name, f"the file is {info.st_size / 2**20:.1f} MB, {_over(max_bytes)}")
        try:
            # the size the file has, then whatever it grew by (a buffer of max_bytes for
            # every file costs more than reading a small one)
            data = _read_fd(fd, info.st_size + 1)
            if len(data) > info.st_size:
                data += _read_fd(fd, max_bytes + 1 - len(data))
        except OSError as exc:
            raise IngestError(name, f"cannot be read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise IngestError(name, f"the file grew while being read, {_over(max_bytes)}")
    return data


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read one file. Raises :class:`IngestError` (one line: file and reason)."""
    name = str(path)
    suffix = suffix_of(name).lower()
    data = read_bytes(name, max_bytes)
    sha = hashlib.sha256(data).hexdigest()
    if suffix == ".docx":
        from kg.ingest.docx import docx_to_text

        text, tables = docx_to_text(data, name)
        return SourceText(path=name, text=text, format="docx", sha256=sha, tables=tuple(tables))
    if suffix == ".pdf":
        from kg.ingest.pdf import pdf_to_text

        text, removed = strip_controls(pdf_to_text(data, name))
        return SourceText(path=name, text=text, format="pdf", sha256=sha, warnings=(_controls_warning(removed),) if removed else ())
    if suffix in (".doc", ".wps"):
        from kg.ingest.legacy import legacy_to_text

        return SourceText(path=name, text=legacy_to_text(Path(path)), format=suffix[1:], sha256=sha)
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(name, f"unsupported file type '{suffix or '(none)'}' (policy-kg reads .txt, .html, .docx and .pdf)")
    c0 = holds_c0(data)  # (asked once: decoding and the test for control characters both need it)
    text, encoding = decode_bytes(data, name, c0)
    warnings: list[str] = []
    if encoding == "utf-8" and utf8_without_controls(data, c0, text):
        removed = 0  # (most files: the text is not searched character by character)
    else:
        text, removed = strip_controls(text)
    if removed:
        warnings.append(_controls_warning(removed))
    if encoding == MIXED:
        warnings.append("mixed encodings: some lines are UTF-8, others GB18030/GBK; each line was decoded on its own")
    markup = html_from_sql_insert(text)
    if markup is not None:
        warnings.append("an SQL INSERT row; read the page from its html column")
        text = markup
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or _looks_like_html(text):
        # (the bytes of a UTF-8 file the text is, unchanged, whole and without a byte-order
        # mark, are parsed instead of the text)
        unchanged = encoding == "utf-8" and not removed and markup is None and len(text) <= MAX_MARKUP_CHARS and not data.startswith(codecs.BOM_UTF8)
        if len(text) > MAX_MARKUP_CHARS:
            cut = text.rfind(">", 0, MAX_MARKUP_CHARS) + 1 or MAX_MARKUP_CHARS
            warnings.append(f"the page is {len(text) / 2**20:.0f} M characters of markup; only the first {cut / 2**20:.0f} M "
                            f"were parsed (the limit of {MAX_MARKUP_CHARS / 2**20:.0f} M characters of markup per page keeps a worker's memory bounded)")
            text = text[:cut]
        result = html_to_text(text, name, data if unchanged else None)
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
    text = without_page_breaks(_plain_text(text))  # (a copy of a printed document: its pages' numbers and headers)
    if not text.strip():
        raise IngestError(name, "the file holds only white space")
    return SourceText(path=name, text=text, format="text", sha256=sha, encoding=encoding, warnings=tuple(warnings))


def iter_document_paths(paths: list[str] | list[Path], problems: Callable[[str, str], None] | None = None) -> list[Path]:
    """Files named, and the supported files in folders named (recursively, sorted).

    Gold annotations (``*.json``), manifests and other non-document files in a folder are
    skipped; a file named explicitly is always returned so that its error can be reported,
    and so is a FIFO, device or socket met in a folder (never opened: reading reports it).
    A folder that cannot be listed is told to ``problems(path, reason)`` and the walk goes on.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        found = _walk(p, problems) if _is_dir(p) else [p]
        for f in found:
            try:
                key = f.resolve()
            except OSError:
                key = f.absolute()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _is_dir(p: Path) -> bool:
    try:
        return stat.S_ISDIR(p.stat().st_mode)
    except OSError:
        return False


def _walk(root: Path, problems: Callable[[str, str], None] | None) -> list[Path]:
    """The documents under ``root`` (not in hidden folders), sorted."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        if problems is not None:
            problems(str(exc.filename or root), f"the folder cannot be read: {exc.strerror or exc}; its documents were skipped")

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for fname in files:
            f = Path(folder) / fname
            if fname.startswith("."):
                continue
            try:
                mode = f.lstat().st_mode
                if stat.S_ISLNK(mode):
                    mode = f.stat().st_mode
            except OSError:
                continue  # a dangling link
            if stat.S_ISREG(mode):
                if f.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(f)
            elif not stat.S_ISDIR(mode):
                found.append(f)  # a FIFO, device or socket: reported, never opened
    return sorted(found)
