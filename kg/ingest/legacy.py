"""Legacy Word ``.doc`` and WPS ``.wps`` files.

Government sites serve many files named ``.doc`` that are something else: a Word 2007
``.docx`` (a zip), a web page or plain text saved under that name. Those are read for what
they are. A real binary document (an OLE compound file) needs a converter: LibreOffice
(``soffice``/``libreoffice``, both formats), or for ``.doc`` ``antiword`` or ``catdoc``;
without one the file is reported with what to install.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from kg.ingest.decode import decode_bytes
from kg.ingest.errors import IngestError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
TIMEOUT = 120


def _no_converter(path: Path) -> IngestError:
    kind = "WPS" if path.suffix.lower() == ".wps" else "Word 97-2003"
    tools = "LibreOffice (apt-get install libreoffice-writer)" + (", antiword or catdoc" if path.suffix.lower() == ".doc" else "")
    return IngestError(str(path), f"a {kind} {path.suffix.lower()} file needs a converter and none is installed: install {tools}, or save the file as .docx")


def converters(suffix: str) -> list[list[str]]:
    """Commands that can turn a file of ``suffix`` into text, installed ones only, best first."""
    out: list[list[str]] = []
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        out.append([office])
    if suffix == ".doc":
        for tool, args in (("antiword", ["-m", "UTF-8.txt", "-w", "0"]), ("catdoc", ["-d", "utf-8", "-w"])):
            exe = shutil.which(tool)
            if exe:
                out.append([exe, *args])
    return out


def legacy_to_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise IngestError(str(path), "the file is empty")
    if data.startswith(ZIP_MAGIC):
        from kg.ingest.docx import docx_to_text

        text, _tables = docx_to_text(data, str(path))  # a .docx saved as .doc
        return text
    if data.lstrip().startswith(b"{\\rtf"):
        return _rtf_to_text(data, path)
    if not data.startswith(OLE_MAGIC):
        return _saved_as_text(data, path)
    tools = converters(path.suffix.lower())
    if not tools:
        raise _no_converter(path)
    errors = []
    for cmd in tools:
        try:
            return _convert(cmd, path)
        except IngestError as exc:
            errors.append(exc.reason)
    raise IngestError(str(path), "; ".join(errors))


def _convert(cmd: list[str], path: Path) -> str:
    name = Path(cmd[0]).name
    if name in ("soffice", "libreoffice"):
        with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as profile:
            try:
                subprocess.run(
                    [cmd[0], f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "txt:Text (encoded):UTF8",
                     "--outdir", out, str(path)],
                    check=True, capture_output=True, timeout=TIMEOUT,
                )
            except (subprocess.SubprocessError, OSError) as exc:
                raise IngestError(str(path), f"LibreOffice could not convert it ({exc})") from exc
            converted = Path(out) / (path.stem + ".txt")
            if not converted.exists():
                raise IngestError(str(path), "LibreOffice produced no text (a damaged or protected file?)")
            return _text(converted.read_bytes(), path)
    try:
        done = subprocess.run([*cmd, str(path)], check=True, capture_output=True, timeout=TIMEOUT)
    except (subprocess.SubprocessError, OSError) as exc:
        raise IngestError(str(path), f"{name} could not convert it ({exc})") from exc
    return _text(done.stdout, path)


def _text(data: bytes, path: Path) -> str:
    text = decode_bytes(data, str(path))[0].replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if not text.strip():
        raise IngestError(str(path), "the document holds no text")
    return text


def _saved_as_text(data: bytes, path: Path) -> str:
    """A web page or plain text saved with a .doc/.wps name, without control characters
    (as :func:`kg.ingest.read_document` reads a page: lxml refuses text that holds them)."""
    from kg.ingest import strip_controls

    text = strip_controls(decode_bytes(data, str(path))[0])[0]
    if re.search(r"<(?:html|body|p|div|table)[\s>]", text[:20000], re.I):
        from kg.ingest.html import html_to_text

        return html_to_text(text, str(path)).text
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").strip("\n")


_RTF_HEX = re.compile(r"\\'([0-9a-fA-F]{2})")


def _rtf_to_text(data: bytes, path: Path) -> str:
    """The text of an RTF file (Word's 'save as .doc' of some sites): paragraphs, \\uN
    characters and \\'hh bytes (GBK in Chinese RTF); groups of fonts, styles, pictures and
    other destinations are dropped."""
    raw = data.decode("latin-1")
    out: list[str] = []
    pending = bytearray()
    depth = 0
    skip_at: int | None = None
    uc = 1  # characters of fallback that follow a \uN (\ucN)
    fallback = 0
    i = 0

    def flush() -> None:
        if pending:
            out.append(bytes(pending).decode("gb18030", errors="replace"))
            pending.clear()

    while i < len(raw):
        ch = raw[i]
        if ch == "{":
            depth += 1
            if skip_at is None and re.match(r"\{\\(?:\*|fonttbl|colortbl|stylesheet|info|pict|header|footer|themedata|listtable|rsidtbl)", raw[i:i + 14]):
                skip_at = depth
            i += 1
            continue
        if ch == "}":
            if skip_at == depth:
                skip_at = None
            depth -= 1
            i += 1
            continue
        if skip_at is not None:
            i += 1
            continue
        if ch == "\\":
            m = _RTF_HEX.match(raw, i)
            if m:
                if fallback:
                    fallback -= 1
                else:
                    pending.append(int(m.group(1), 16))
                i = m.end()
                continue
            flush()
            m = re.match(r"\\u(-?\d+) ?", raw[i:])
            if m:
                out.append(chr(int(m.group(1)) % 65536))
                fallback = uc
                i += m.end()
                continue
            m = re.match(r"\\([a-z]+)(-?\d+)? ?|\\(.)", raw[i:])
            if m is None:
                i += 1
                continue
            word = m.group(1)
            if word == "uc" and m.group(2):
                uc = int(m.group(2))
            if word in ("par", "line", "row"):
                out.append("\n")
            elif word in ("tab", "cell"):
                out.append("\t")
            elif m.group(3) in ("\\", "{", "}"):
                out.append(m.group(3))
            i += m.end()
            continue
        if ch not in "\r\n":
            flush()
            if fallback:
                fallback -= 1
            else:
                out.append(ch)
        i += 1
    flush()
    text = re.sub(r"[ \t]+\n", "\n", "".join(out)).strip()
    if not text:
        raise IngestError(str(path), "the RTF file holds no text")
    return text
