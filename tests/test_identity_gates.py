"""The shortcuts of identity, enactment and validity find what the patterns they stand for find.

Each shortcut (a character looked for before a pattern runs, a pattern tried only where its
words stand, a search started where a match can start) is checked against the plain use of
the pattern on made-up sentences in the style of official documents.
"""

import re
import re._parser

import pytest

from kg.extract import regexes as rx
from kg.extract.dates import find_dates
from kg.extract.regexes import halfwidth_digits as halfwidth
from kg.extract.enactment import _history_lines, _opening_line, find_enactment
from kg.extract.identity import (
    _TITLE_TAIL,
    _segments_holding,
    _without_label,
    _without_site,
    find_signature,
)
from kg.extract.layout import segments
from kg.extract.validity import (
    _CLAUSE,
    _CLAUSE_OPENERS,
    _REPEAL,
    _UNTIL_OPENERS,
    _header_body,
    _header_lines,
    _matches_at,
    _may_repeal,
    _repeal_marks,
    find_validity,
)

SENTENCES = [
    "本办法自2021年5月1日起施行，有效期至2025年12月31日。《甲市乙办法》同时废止。",
    "本通知自印发之日起实施，有效期5年。关于做好示范工作的通知（甲政发〔2018〕3号）停止执行。",
    "于2020年 6月 1日起执行的《丙规定》不再执行，本规定从二〇二一年三月二日起施行。",
    "自发布之日起施行。原《丁办法》予以废止；本办法代替《戊办法》。至2030年底前完成。",
    "第三十条 本条例自2019年1月1日起施行。2018年5月8日某省人民代表大会常务委员会通过的决定一并废止。",
    "于于自自从从 之日 自 本通知印发之日 起施行 有效期限为三年 截至2022年1月1日止",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_clauses_tried_at_their_opening_words_are_the_pattern_matches(text: str) -> None:
    def spans(ms):  # type: ignore[no-untyped-def]
        return [(m.start(), m.end(), m.groupdict()) for m in ms]

    assert spans(_matches_at(_CLAUSE, text, _CLAUSE_OPENERS)) == spans(_CLAUSE.finditer(text))
    assert spans(_matches_at(rx.VALIDITY_UNTIL, text, _UNTIL_OPENERS)) == spans(rx.VALIDITY_UNTIL.finditer(text))
    assert spans(_matches_at(_REPEAL, text, *_repeal_marks())) == spans(_REPEAL.finditer(text))
    assert _may_repeal(text) == bool(_REPEAL.search(text))


def test_the_patterns_open_with_the_words_they_are_tried_at() -> None:
    # (a change of VALIDITY_UNTIL's openings must change _UNTIL_OPENERS too)
    assert _CLAUSE.pattern.startswith("(?:" + "|".join(_CLAUSE_OPENERS) + ")")
    assert rx.VALIDITY_UNTIL.pattern.startswith("(?:有效期") and "|至(?<!" in rx.VALIDITY_UNTIL.pattern
    assert _UNTIL_OPENERS == ("有效期", "至")


def test_heading_lines_found_after_line_breaks_are_the_multiline_matches() -> None:
    head = "2018年10月1日 施行\n某某条例\n（2019年1月1日起施行）\n  2020年1月1日实施  \n本条例自2021年1月1日起施行。"
    plain = re.compile("^" + _header_body(), re.M)
    assert [(m.start("date"), m.end()) for m in _header_lines(head)] == [(m.start("date"), m.end()) for m in plain.finditer(head)]
    assert len(_header_lines(head)) == 3


def test_a_text_without_a_line_opening_a_history_has_none() -> None:
    text = "某某管理办法\n为了加强管理，制定本办法。\n各单位应当遵守本办法。"
    assert _opening_line(text) is None and find_enactment(text) == []
    law = "某某条例\n（2001年5月8日某省第九届人民代表大会常务委员会第三次会议通过）\n第一条 为了……"
    begin = _opening_line(law)
    assert begin == law.index("（") and _history_lines(law, begin) == _history_lines(law, 0)


def test_full_width_digits_are_made_half_width_only_where_they_stand() -> None:
    assert halfwidth("２０２１年５月１日") == "2021年5月1日"
    text = "无全角数字"
    assert halfwidth(text) is text


def test_dates_found_with_their_marks_asked_first() -> None:
    assert [d[0] for d in find_dates("2021年5月1日、2022-03-04和二〇二三年六月一日")] == ["2021-05-01", "2022-03-04", "2023-06-01"]
    assert find_dates("（此件公开发布）") == []


def test_a_title_end_is_never_longer_than_the_tail_searched() -> None:
    for pattern in (rx.TITLE_END, rx.LAW_TITLE_END):
        assert re._parser.parse(pattern.pattern).getwidth()[1] <= _TITLE_TAIL


@pytest.mark.parametrize("title", [
    "某市关于做好示范工作的通知_某市人民政府门户网站",
    "某市示范工作方案（2021—2025年）",
    "某市示范工作方案 - 某市人民政府",
    "某市示范工作方案 | 网站",
    "无横线的标题",
])
def test_site_suffix_cut_as_the_pattern_cuts_it(title: str) -> None:
    assert _without_site(title) == rx.SITE_SUFFIX.sub("", title)


@pytest.mark.parametrize("title", ["标题：某市示范工作方案", "标 题 某市示范工作方案", "某市示范工作方案"])
def test_label_cut_as_the_pattern_cuts_it(title: str) -> None:
    assert _without_label(title) == rx.LABEL_PREFIX.sub("", title)


def test_segments_holding_a_character_are_those_that_hold_it() -> None:
    text = "某市人民政府\n  2021年5月1日  某市财政局 2021年6月1日\n（此件公开发布）\n日"
    segs = segments(text)
    assert list(_segments_holding(text, segs, "日")) == [i for i, s in enumerate(segs) if "日" in s.text]


def test_signature_read_from_the_date_lines_only() -> None:
    text = "某市人民政府关于做好示范工作的通知\n各区人民政府：\n现将有关事项通知如下。\n某市人民政府\n2021年5月1日\n（此件公开发布）"
    names, date = find_signature(text, segments(text))
    assert [n.value for n in names] == ["某市人民政府"] and date is not None and date.value == "2021-05-01"


def test_validity_without_repeal_words_repeals_nothing() -> None:
    v = find_validity("本通知自印发之日起施行，有效期3年。", own_date="2021-05-01")
    assert (v.effective, v.expires, v.repeals) == ("2021-05-01", "2024-04-30", [])
