"""Document: one reading of a source (segments, headings, articles, sentences, tables)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.document import build_document, match_heading, split_sentences
from kg.models import SourceText, Span, Table, TableCell


def doc(text: str, tables: tuple[Table, ...] = ()):
    return build_document(SourceText("t.txt", text, "text", "0", tables=tables))


def test_headings_with_numbers_and_spans():
    text = "第一章 总则\n第一条 为了…。\n（一）甲；\n\u2003\u2003第二条 乙。\n2.1.3 数据治理\n①其一\n"
    d = doc(text)
    assert [(h.type, h.number) for h in d.headings] == [
        ("chapter", "一"), ("article", "一"), ("pcn", "一"), ("article", "二"), ("dec", "2.1.3"), ("circ", "①"),
    ]
    for h in d.headings:
        assert text[h.start : h.segment.end] == h.segment.text
    assert d.has_articles


def test_a_plan_is_not_a_document_of_articles():
    d = doc("一、任务\n（一）建设。依照第五条执行。\n")
    assert not d.has_articles and [h.type for h in d.headings] == ["cn", "pcn"]


def test_numbers_that_are_not_headings():
    assert match_heading("2021年") is None and match_heading("1.5亿元投入") is None
    assert match_heading("3.建设园区")[:2] == ("ar", "3")


def test_sentences_keep_their_offsets():
    text = "甲负责。 乙配合；\n丙"
    ss = split_sentences(text)
    assert [s.text for s in ss] == ["甲负责。", "乙配合；", "丙"]
    assert all(text[s.start : s.end] == s.text for s in ss)


def test_tables_are_found_once_and_block_headings():
    text = "一、任务\n序号\t工作任务\t牵头部门\n1\t建设园区\t市教育局\n2\t完善制度\t市财政局\n\n二、保障措施。各地要加强组织领导，完善工作机制，强化经费保障，确保各项任务按期完成并取得实效。\n"
    d = doc(text)
    assert len(d.grids) == 1 and [r.number for r in d.task_rows[0][1]] == ["1", "2"]
    assert [h.number for h in d.headings] == ["一", "二"]  # the rows are not headings
    assert d.inside_table(text.index("建设园区"))


def test_ingested_tables_are_read():
    cells = lambda *xs: tuple(TableCell(x) for x in xs)  # noqa: E731
    table = Table((cells("序号", "工作任务", "责任单位"), cells("1", "建设园区", "市教育局")), Span(0, 10))
    d = doc("一、任务\n" + " " * 20, (table,))
    assert len(d.grids) == 1 and d.task_rows[0][1][0].responsible == ["市教育局"]


def _heading_one_type_at_a_time(text: str):
    """What trying each heading pattern in turn gives (the first that matches wins)."""
    from kg.extract.document import HEADINGS, HEAD_START

    if not text or text[0] not in HEAD_START:
        return None
    for kind, rx in HEADINGS:
        m = rx.match(text)
        if m:
            return kind, m.group("n"), (m.groupdict().get("u") or ""), m.end()
    return None


@given(st.text(alphabet="第章条节部分编一二三四十百零〇（()）1234567890.．、①⑳ 年万%x任务", max_size=12))
@settings(max_examples=3000, deadline=None)
def test_one_heading_pattern_matches_as_each_in_turn(text):
    assert match_heading(text) == _heading_one_type_at_a_time(text)


@given(st.text(alphabet="第章条节部分编一二三四十百零〇（()）1234567890１２.．、①⑳ 年万%x任务", max_size=12))
@settings(max_examples=3000, deadline=None)
def test_a_heading_opens_with_a_character_of_its_type(text):
    """The first characters of each type (which choose the patterns match_heading tries)
    are all those of HEAD_START its pattern can open with (a marker opens with no other)."""
    from kg.extract.document import _OPENS_WITH, HEAD_START, HEADINGS

    for kind, rx in HEADINGS:
        if text[:1] in HEAD_START and rx.match(text):
            assert text[0] in _OPENS_WITH[kind], (kind, text)


def test_heading_types_in_the_order_they_are_tried():
    # 第一节 is a chapter-like unit before anything else; 一、 before 1、; 12.3 a decimal, 12、 a number
    cases = {"第一节 总则": ("chapter", "一", "节", 3), "第十二条 附则": ("article", "十二", "", 4),
             "一、总体要求": ("cn", "一", "", 2), "（三）保障": ("pcn", "三", "", 3), "2.1 数据治理": ("dec", "2.1", "", 4),
             "12、推进": ("ar", "12", "", 3), "（4）完善": ("par", "4", "", 3), "5）落实": ("ar2", "5", "", 2), "③其他": ("circ", "③", "", 1)}
    for text, expected in cases.items():
        assert match_heading(text) == expected == _heading_one_type_at_a_time(text)


@given(st.text(alphabet="甲乙负责配合牵头落实。；！\n 　\t，", max_size=60))
@settings(max_examples=2000, deadline=None)
def test_the_sentences_holding_words_are_those_of_every_sentence_that_holds_them(text: str) -> None:
    """Searching the words after each sentence found gives the sentences a filter of every
    sentence gives (a match never runs past the end of its sentence)."""
    import re

    doc = build_document(SourceText("a.txt", text, "text", "0"))
    for words in (re.compile("负责|配合|牵头"), re.compile("落实|负责落实|甲乙")):
        assert doc.sentences_holding(words) == [s for s in doc.sentences if words.search(s.text)]


@given(st.text(alphabet="甲乙负责配合牵头落实。；！\n 　\t，", max_size=60), st.integers(0, 2**60), st.integers(0, 70))
@settings(max_examples=1000, deadline=None)
def test_the_sentences_holding_words_of_a_masked_text_are_cut_from_the_text(text: str, mask: int, start: int) -> None:
    """Words looked for in a text of the same length with some characters masked (never a
    sentence ender nor white space), from ``start`` on: the sentences of the text that hold a
    match of the masked text at or after ``start``."""
    import re

    doc = build_document(SourceText("a.txt", text, "text", "0"))
    searched = "".join("\0" if mask >> i & 1 and ch not in "。；！\n 　\t" else ch for i, ch in enumerate(text))
    words = re.compile("负责|配合|牵头")
    expected = [s for s in doc.sentences if words.search(searched, max(s.start, start), s.end)]
    assert doc.sentences_holding(words, searched, start) == expected


def test_bounds_read_near_a_place_are_those_of_the_whole_table():
    """near_ender_bounds (the marks around a place) gives what ender_bounds (the table of
    every mark of the text) gives, near the text's ends, past them, and far from any mark."""
    import random

    from kg.extract.layout import ender_bounds, near_ender_bounds

    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(rnd.choice("。，；甲乙\n!") for _ in range(rnd.randint(0, 60)))
        start = rnd.randint(0, len(text) + 5)
        end = rnd.randint(start, len(text) + 10)
        for enders in ("。", "。！？!?；;\n", "，,；;。！？!?\n"):
            for reach in (1, 4, 256):
                assert near_ender_bounds(text, start, end, enders, reach) == ender_bounds(text, start, end, enders)


def test_the_sentence_around_a_place_is_bounded_as_by_the_whole_table():
    """The sentence around a place found from the marks near it (what sentences_holding
    reads) gives what the table of every mark gives, for sentences shorter and longer than
    its reach."""
    import random

    from kg.extract.layout import SENTENCE_ENDERS, ender_bounds, near_ender_bounds

    rnd = random.Random(11)
    for _ in range(3000):
        text = "".join(rnd.choice("。，；甲乙\n!？ ") for _ in range(rnd.randint(1, 60)))
        pos = rnd.randrange(len(text))
        for reach in (1, 3, 256):
            assert near_ender_bounds(text, pos, pos, SENTENCE_ENDERS, reach) == ender_bounds(text, pos, pos, SENTENCE_ENDERS)


def test_sentences_holding_is_the_sentences_with_the_words():
    """The sentences found from the words' matches are those split_sentences cuts that hold a
    match, with white space of every kind around them, enders in a row, a match at the very
    start or end, and a last sentence without an ender."""
    import re

    from kg.models import SourceText

    hint = re.compile("负责|配合")
    texts = [
        "负责全面工作。",
        "　\u3000甲负责；；乙配合！\n\n丙\t负责",
        "一、总则\n（一）市教育局负责，市财政局配合。其他。\n\u200b 丁负责 \n",
        "；；\n负责",
        "无关。\n甲乙丙",
    ]
    for text in texts:
        d = build_document(SourceText("a.txt", text, "text", "0"))
        assert d.sentences_holding(hint) == [s for s in d.sentences if hint.search(s.text)]


def test_book_title_spans_with_and_without_nesting():
    """Pairs on one line without marks inside are found by one search; nested, unclosed and
    stray marks, and pairs broken by a line, by the walk over the marks: both give what
    reading the marks one by one gives."""
    from kg.extract.layout import book_title_spans

    def one_by_one(text: str) -> list[tuple[int, int]]:
        out, depth, start = [], 0, 0
        for i, ch in enumerate(text):
            if ch == "\n":
                depth = 0
            elif ch == "《":
                start = i if depth == 0 else start
                depth += 1
            elif ch == "》" and depth:
                depth -= 1
                if depth == 0:
                    out.append((start, i + 1))
        return out

    for text in ["据《甲法》和《乙条例》制定", "《甲《乙》丙》", "《甲\n乙》《丙》", "》《甲》", "《甲》》", "《《甲》", "无", "《》"]:
        assert book_title_spans(text) == one_by_one(text), text
