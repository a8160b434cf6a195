"""The GB18030 fast path of decoding gives what charset-normalizer's detection gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.decode import _clearly_gb18030, _detected, decode_bytes

NOTICE = (
    "各区、县（市）人民政府，市政府各部门：\n"
    "现将《关于加快发展现代职业教育的实施意见》印发给你们，请认真贯彻执行。\n"
    "一、总体要求\n（一）到2025年，全市职业院校在校生规模稳定在10万人以上。（市教育局牵头，市财政局配合）\n"
)


def test_a_long_gbk_notice_takes_the_fast_path_and_reads_as_detected() -> None:
    data = (NOTICE * 3).encode("gbk")
    fast = _clearly_gb18030(data)
    assert fast == NOTICE * 3
    assert _detected(data, "a.txt") == (fast, "gb18030")
    assert decode_bytes(data, "a.txt") == (fast, "gb18030")


def test_short_or_foreign_bytes_are_left_to_detection_or_read_as_detected() -> None:
    assert _clearly_gb18030("第一条 总则".encode("gbk")) is None  # too few characters to tell
    assert _clearly_gb18030(b"\xff\xfe\xfd" * 100) is None  # not GB18030 at all
    samples = [
        ("中華民國政府為國民之安全而努力，推動職業教育發展。" * 20, "big5"),
        ("日本国政府は国民の安全のために努力する。ひらがなとカタカナ。" * 20, "euc-jp"),
        ("日本国政府は国民の安全のために努力する。ひらがなとカタカナ。" * 20, "shift_jis"),
        ("대한민국 정부는 국민의 안전을 위하여 노력한다. " * 20, "euc-kr"),
    ]
    for text, encoding in samples:
        data = text.encode(encoding)
        fast = _clearly_gb18030(data)
        assert fast is None or _detected(data, "a.txt") == (fast, "gb18030"), encoding


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=6), st.sampled_from(["第一条".encode(), "第一条".encode("gbk"), b"\xed\xa0\x80", b"\xe0\x80\x80",
                                                                   b"\xf4\x90\x80\x80", b"\xc2\x85", b"\r", "\U0001f600".encode(), b"a"])), max_size=8),
       st.integers(min_value=1, max_value=4))
def test_utf8_line_pattern_finds_what_decoding_each_line_finds(pieces: list[bytes], lines: int) -> None:
    """A line of valid UTF-8 beyond ASCII is found by one pattern as decoding the lines one by
    one finds it (the test that a file may be a mixture of UTF-8 and GB18030 lines)."""
    from kg.ingest.decode import _is_utf8, holds_utf8_line

    data = b"\n".join(b"".join(pieces[i::lines]) for i in range(lines))
    assert holds_utf8_line(data) == any(not line.isascii() and _is_utf8(line) for line in data.split(b"\n"))
