"""PDF with a text layer to text (pypdf). A scanned PDF without text is an error.

Fonts embedded by browsers and office suites often map common characters to the
*radical* code points (Kangxi Radicals U+2F00–U+2FD5 and CJK Radicals Supplement
U+2E80–U+2EF3): 人民 comes out of the text layer as ⼈⺠, 方案 as ⽅案. They are read back
as the ideographs they stand for, so that a PDF says what its printed page says.

>>> normalise_radicals("沈阳市⼈⺠政府关于印发…实施⽅案的通知")
'沈阳市人民政府关于印发…实施方案的通知'
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from kg.ingest.errors import IngestError

#: radicals of the supplement that NFKC leaves alone, as the characters they print as
_SUPPLEMENT = {
    "⺁": "厂", "⺠": "民", "⻄": "西", "⻅": "见", "⻆": "角", "⻉": "贝", "⻊": "足", "⻋": "车", "⻑": "長", "⻓": "长",
    "⻔": "门", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻢": "马", "⻣": "骨",
    "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻬": "齐", "⻮": "齿", "⻰": "龙",
}


def _radical_table() -> dict[int, str]:
    table = {ord(k): v for k, v in _SUPPLEMENT.items()}
    for cp in [*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6)]:
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch and len(folded) == 1 and 0x3400 <= ord(folded) <= 0x9FFF:
            table.setdefault(cp, folded)
    return table


_RADICALS = _radical_table()


def normalise_radicals(text: str) -> str:
    """Radical code points read back as the ideographs they print as."""
    return text.translate(_RADICALS)


#: a page's number as official documents print it at its foot (GB/T 9704: — 3 —), or as a
#: page of a site or an office suite does (-3-, 第3页, 第3页 共12页, 3/12)
PAGE_NUMBER = re.compile(r"^\s*(?:[—–－-]\s*\d{1,4}\s*[—–－-]|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|(?P<bare>\d{1,4}))\s*$")


def without_page_number(lines: list[str], number: int) -> list[str]:
    """A page's lines without the page number printed at its foot or head (the first or the
    last line that holds words): a number in dashes or of 第N页 / N/M form whatever it is, a bare
    number only when it is the page's own (a task table's 序号 on a line of its own is no
    page number). A sentence that runs on to the next page then reads on.

    >>> without_page_number(["（一）加强组织领导。市教育局牵", "— 3 —"], 3), without_page_number(["7", "建设园区"], 2)
    (['（一）加强组织领导。市教育局牵'], ['7', '建设园区'])
    >>> without_page_number(["2", "头，市财政局配合。"], 2)
    ['头，市财政局配合。']
    """
    words = [i for i, line in enumerate(lines) if line.strip()]
    drop = set()
    for i in {words[0], words[-1]} if words else ():
        m = PAGE_NUMBER.match(lines[i])
        if m and (m.group("bare") is None or int(m.group("bare")) == number):
            drop.add(i)
    return [line for i, line in enumerate(lines) if i not in drop] if drop else lines


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _pypdf_messages() -> Iterator[list[str]]:
    """What pypdf logs while reading (``EOF marker not found`` …), kept instead of printed:
    the reader's messages become the file's reason, never lines on standard error."""
    log = logging.getLogger("pypdf")
    handler, propagate = _Collect(), log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        yield handler.messages
    finally:
        log.removeHandler(handler)
        log.propagate = propagate


def pdf_to_text(data: bytes, path: str) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as exc:
        raise IngestError(path, "reading PDF needs the 'pypdf' package: pip install pypdf") from exc
    with _pypdf_messages() as messages:
        try:
            return _read_pdf(PdfReader, data, path)
        except IngestError as exc:
            if messages:
                raise IngestError(path, f"{exc.reason} ({'; '.join(dict.fromkeys(messages))})") from exc
            raise


def _read_pdf(PdfReader: type, data: bytes, path: str) -> str:  # noqa: N803 - the class, imported lazily
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many PDFs are "encrypted" with an empty password
            except Exception:  # an encryption pypdf cannot undo
                opened = 0
            if not opened:
                raise IngestError(path, "the PDF is encrypted with a password; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many types on broken files
        raise IngestError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(line.rstrip() for k, page in enumerate(pages) for line in without_page_number(page.splitlines(), k + 1))
    if not text.strip():
        raise IngestError(path, "the PDF has no text layer (a scan?); run OCR first")
    return normalise_radicals(text)
