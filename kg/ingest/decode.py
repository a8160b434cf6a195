"""Bytes to text: detect the encoding from the bytes themselves.

UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised directly; everything else
goes to charset-normalizer, which tells GB18030/GBK, Big5 and friends apart from their
byte patterns.

>>> decode_bytes("沈政发〔2021〕14号".encode("gb18030"), "a.txt")[0]
'沈政发〔2021〕14号'
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from kg.ingest.errors import IngestError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Chinese encodings charset-normalizer may name; GB18030 is a superset of GBK and GB2312,
# so decoding with it never loses a character the narrower guess would have read.
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030"}


def _plausible(text: str) -> float:
    """Share of characters that ordinary Chinese or English text is made of."""
    sample = text[:8000]
    if not sample:
        return 0.0
    ok = sum(
        1 for ch in sample
        if ch in "\t\n\r" or 0x20 <= ord(ch) < 0x7F or 0x3000 <= ord(ch) <= 0x9FFF or 0xFF00 <= ord(ch) <= 0xFFEF
        or 0x2000 <= ord(ch) <= 0x206F or 0xA0 <= ord(ch) <= 0xFF
    )
    return ok / len(sample)


def _looks_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes, and one byte order decodes to plausible text."""
    if b"\x00" not in data[:65536] or len(data) % 2:
        return None
    best, best_score = None, 0.0
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            score = _plausible(data[:16000].decode(enc))
        except UnicodeDecodeError:
            continue
        if score > best_score:
            best, best_score = enc, score
    return best if best_score > 0.95 else None


def decode_bytes(data: bytes, path: str, c0: bool | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`IngestError` naming ``path`` (``c0``:
    :func:`holds_c0` of ``data`` when the caller has it)."""
    if not data or data.isspace():  # (what ``not data.strip()`` tells, without a copy of the file)
        raise IngestError(path, "the file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise IngestError(path, f"starts with a {enc} byte-order mark but is not valid {enc}: {exc.reason}") from exc
    if c0 is None:
        c0 = holds_c0(data)
    # (NUL is a byte of C0_BYTES: bytes without one are no UTF-16 and hold no NUL)
    utf16 = _looks_utf16_without_bom(data) if c0 else None
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if c0:  # (else the text holds none of _CONTROL_CHARS)
            _check_text(text, path)
        return text, "utf-8"
    if c0 and b"\x00" in data[:65536]:
        raise IngestError(path, "binary content (NUL bytes), not a text document")
    # (UTF-8 and GB18030 write the characters _check_text counts as the bytes of C0_BYTES
    # alone: bytes without one decode to a text without them)
    mixed = _mixed_utf8_gb18030(data)
    if mixed is not None:
        if c0:
            _check_text(mixed, path)
        return mixed, MIXED
    gb = _clearly_gb18030(data)
    if gb is not None:
        if c0:
            _check_text(gb, path)
        return gb, "gb18030"
    return _detected(data, path)


#: what a Chinese document's non-ASCII characters are: Han characters, CJK and full-width
#: punctuation, general punctuation (“”—…)
_NOT_CHINESE = re.compile(r"[^\x00-\x7f\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027]")
#: at least this many non-ASCII characters in the sample, so that "all Chinese" means something
_CLEAR_MIN_CHARS = 200


def _clearly_gb18030(data: bytes) -> str | None:
    """``data`` decoded as GB18030 when it is strictly valid GB18030 and the non-ASCII
    characters of its first 8,000 are all Chinese (:data:`_NOT_CHINESE`) and at least
    :data:`_CLEAR_MIN_CHARS`, else None. Such bytes are what charset-normalizer reads as
    GB18030 or a narrower GB encoding (widened to GB18030): checked on every non-UTF-8 file
    of the shared corpora and of the synthetic corpus (``benchmarks/decoding_check.py``).

    >>> _clearly_gb18030(("第一条 为了规范管理，制定本办法。" * 20).encode("gbk"))[:6]
    '第一条 为了'
    >>> _clearly_gb18030("第一条".encode("gbk")) is None  # too short to tell
    True
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    sample = text[:8000]
    if len(sample) - len(sample.encode("ascii", "ignore")) < _CLEAR_MIN_CHARS or _NOT_CHINESE.search(sample):
        return None
    return text


def _detected(data: bytes, path: str) -> tuple[str, str]:
    """``data`` decoded in the encoding charset-normalizer detects (GB encodings widened to
    GB18030; GB18030 when it gives clearly more Chinese than the guess)."""
    best = from_bytes(data).best()
    if best is None:
        raise IngestError(path, "cannot tell the text encoding; the file looks binary or corrupt")
    enc = _WIDEN.get(best.encoding.lower(), best.encoding)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        text = str(best)
    if enc != "gb18030":
        # a short GBK text is often guessed Korean or Japanese: Chinese documents read as
        # Chinese when GB18030 gives clearly more Chinese characters
        try:
            gb = data.decode("gb18030")
        except UnicodeDecodeError:
            gb = None
        if gb is not None and _han_share(gb) > _han_share(text) + 0.2:
            text, enc = gb, "gb18030"
    _check_text(text, path)
    return text, enc


def _han_share(text: str) -> float:
    """Share of Chinese characters among the non-ASCII characters of a sample."""
    sample = [ch for ch in text[:8000] if ord(ch) > 0x7F]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if 0x4E00 <= ord(ch) <= 0x9FFF or 0x3000 <= ord(ch) <= 0x303F) / len(sample)


#: the encoding reported for a file whose lines are partly UTF-8, partly GB18030
MIXED = "utf-8+gb18030"


def _mixed_utf8_gb18030(data: bytes) -> str | None:
    r"""A file pasted together from UTF-8 and GBK/GB18030 parts, decoded line by line (each
    line as UTF-8 if it is valid UTF-8, else as GB18030); None when the lines are not such a
    mixture (no non-ASCII line is UTF-8, or a line is neither).

    >>> _mixed_utf8_gb18030("国发〔2019〕4号\n".encode("utf-8") + "沈政发〔2021〕14号".encode("gbk"))
    '国发〔2019〕4号\n沈政发〔2021〕14号'
    """
    if not holds_utf8_line(data):
        return None  # no line is UTF-8 beyond ASCII: not a mixture (nothing decoded twice)
    lines = data.split(b"\n")
    utf8 = other = 0
    out: list[str] = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            if not utf8 and other > 1000:
                return None  # a long GBK file, not a mixture
            try:
                out.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                return None
            other += 1
    return "\n".join(out) if utf8 and other else None


#: a line of valid UTF-8 (what the codec decodes: no overlong form, no surrogate, nothing
#: past U+10FFFF) holding a character beyond ASCII, from where it starts to its end
_UTF8_LINE = (
    rb"[\x00-\x09\x0b-\x7f]*+(?:(?:[\xc2-\xdf]|\xe0[\xa0-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]|\xed[\x80-\x9f]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]|[\xf1-\xf3][\x80-\xbf]{2}|\xf4[\x80-\x8f][\x80-\xbf])[\x80-\xbf][\x00-\x09\x0b-\x7f]*+)++$"
)
#: such a line first in a file, and after a line break (a pattern that starts with a byte is
#: tried only where that byte is, where one that starts with ``^`` is tried at every byte)
_FIRST_UTF8_LINE = re.compile(rb"(?m)\A" + _UTF8_LINE)
_NEXT_UTF8_LINE = re.compile(rb"(?m)\n" + _UTF8_LINE)


def holds_utf8_line(data: bytes) -> bool:
    r"""Whether a line of ``data`` is valid UTF-8 holding a character beyond ASCII, found by
    two searches instead of decoding each line in turn.

    >>> holds_utf8_line("沈政发".encode("gbk") + "\n国发".encode()), holds_utf8_line("沈政发\n".encode("gbk") + b"abc")
    (True, False)
    """
    return _FIRST_UTF8_LINE.match(data) is not None or _NEXT_UTF8_LINE.search(data) is not None


def _is_utf8(line: bytes) -> bool:
    """Whether ``line`` is valid UTF-8."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


#: control characters that no text holds (every one below U+0020 but \t \n \v \f \r)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
#: the bytes of the C0 control characters but tab and line breaks, and of DEL (what
#: :func:`kg.ingest.strip_controls` removes below U+0080): in UTF-8 and GB18030 each is that
#: one byte, and no byte of a longer character
C0_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def holds_c0(data: bytes) -> bool:
    r"""Whether ``data`` holds a byte of :data:`C0_BYTES` (one ``memchr`` for each: some
    bytes an instruction, where a pattern or ``bytes.translate`` spends several a byte).

    >>> holds_c0("第一条\t总则\r\n".encode()), holds_c0("第一条\x1b".encode()), holds_c0(b"\x7f")
    (False, True, True)
    """
    return any(map(data.__contains__, C0_BYTES))  # (no Python frame for each byte)


def _check_text(text: str, path: str) -> None:
    r"""Reject decodings that are mostly control characters (a binary file that happens to decode).

    >>> _check_text("第一条\t总则\n", "a.txt")
    >>> _check_text("\x01\x02第一条", "a.txt")
    Traceback (most recent call last):
    kg.ingest.errors.IngestError: a.txt: binary content (control characters), not a text document
    """
    sample = text[:20000]
    controls = len(_CONTROL_CHARS.findall(sample))
    if sample and controls / len(sample) > 0.05:
        raise IngestError(path, "binary content (control characters), not a text document")
