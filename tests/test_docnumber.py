import pytest

from kg.extract.docnumber import find_doc_numbers, is_placeholder, normalise_doc_number


@pytest.mark.parametrize(
    "raw",
    ["辽政发〔2021〕2号", "辽政发[2021]2号", "辽政发［2021］2号", "辽政发【2021】2号", "辽政发(2021)2号",
     "辽政发（2021）2号", "辽政发 〔 2021 〕 2 号", "辽政发〔2021〕2號", "辽政发〔2021〕第2号", "辽政发〔2021〕02号"],
)
def test_every_bracket_form_normalises_to_gbt9704(raw: str) -> None:
    assert normalise_doc_number(raw) == "辽政发〔2021〕2号"


def test_spaces_inside_number_from_a_real_page() -> None:
    assert normalise_doc_number("穗人社规字〔 2019 〕 6 号") == "穗人社规字〔2019〕6号"


def test_decree_numbers() -> None:
    assert normalise_doc_number("广州市人民政府令第179号") == "广州市人民政府令第179号"
    assert normalise_doc_number("广州市人民政府令 第 179 号") == "广州市人民政府令第179号"


def test_placeholders_are_kept_and_flagged() -> None:
    n = normalise_doc_number("X政办发〔2018〕X号")
    assert n == "X政办发〔2018〕X号"
    assert is_placeholder(n)
    assert not is_placeholder("国发〔2019〕4号")


def test_state_council_and_its_office_stay_apart() -> None:
    assert normalise_doc_number("国发〔2019〕4号") != normalise_doc_number("国办发〔2019〕4号")


def test_words_before_the_code_are_cut_and_spans_slice_back() -> None:
    text = "根据国发〔2019〕4号和《甲》(苏政发〔2018〕68号)"
    found = find_doc_numbers(text)
    assert [d.number for d in found] == ["国发〔2019〕4号", "苏政发〔2018〕68号"]
    assert text[found[0].span.start : found[0].span.end] == "国发〔2019〕4号"


def test_not_a_number() -> None:
    assert normalise_doc_number("2021年11月3日") is None


def test_orders_are_named_without_the_state() -> None:
    from kg.extract.docnumber import normalise_doc_number

    assert normalise_doc_number("中华人民共和国国务院令第699号") == "国务院令第699号"
    assert normalise_doc_number("中华人民共和国国务院、中华人民共和国中央军事委员会令第5号") == "国务院、中央军事委员会令第5号"
    assert normalise_doc_number("人力资源和社会保障部令第12号") == "人力资源和社会保障部令第12号"
    assert normalise_doc_number("海关总署令第3号") == "海关总署令第3号"
    assert normalise_doc_number("国令第707号") == "国务院令第707号"


def test_order_numbers_after_a_date_and_within_a_year() -> None:
    from kg.extract.docnumber import normalise_doc_number

    assert normalise_doc_number("2019年12月30日某某市人民政府令第168号公布") == "某某市人民政府令第168号"
    assert normalise_doc_number("中华人民共和国交通运输部令2021年第3号") == "交通运输部令2021年第3号"
    assert normalise_doc_number("2019年1月5日京政发〔2019〕3号") == "京政发〔2019〕3号"


def test_number_patterns_tried_near_their_anchors_find_what_a_full_scan_finds():
    """finditer_near gives the matches of finditer for every number pattern, spaces and
    brackets included (made-up lines of official documents)."""
    import kg.extract.regexes as rx

    text = (
        "根据国务院令第699号、海关总署第4号令、国令第707号和交通运输部令2021年第3号，"
        "按照京政发 〔2020〕 1号、X政办发〔2018〕X号，本局公告 （第12号）\n令第3号公告第4号"
    )
    for pattern, anchor in (
        (rx.DOC_NUMBER, rx.DOC_NUMBER_ANCHOR),
        (rx.DECREE_NUMBER, rx.DECREE_NUMBER_ANCHOR),
        (rx.DECREE_NUMBER_FIRST, rx.DECREE_NUMBER_FIRST_ANCHOR),
        (rx.SHORT_DECREE, rx.SHORT_DECREE_ANCHOR),
        (rx.DECREE_NUMBER_YEAR, rx.DECREE_NUMBER_YEAR_ANCHOR),
    ):
        full = [m.span() for m in pattern.finditer(text)]
        assert full and [m.span() for m in rx.finditer_near(pattern, text, anchor)] == full


def test_a_short_line_met_again_gives_the_same_numbers_as_a_long_text():
    # a line of a head is kept once read; a long text is read each time: the same numbers
    line = "沈政发〔2021〕14号、辽政办发〔2020〕3号"
    first = find_doc_numbers(line)
    again = find_doc_numbers(line)
    assert first == again and first is not again
    again.clear()  # a caller may change what it got
    assert find_doc_numbers(line) == first
    long_text = "为贯彻落实国家有关部署，" * 30 + line
    offset = len(long_text) - len(line)
    assert [(d.number, d.span.start - offset) for d in find_doc_numbers(long_text)] == [(d.number, d.span.start) for d in first]


def test_orders_and_notices_are_found_with_only_the_word_their_number_needs():
    # a text is scanned for an order's number only when it holds 令 (or 公告, or 号令):
    # each kind is still found in a text that holds only its own word
    assert [d.number for d in find_doc_numbers("依据本部公告第12号的规定办理。")] == ["本部公告第12号"]
    assert [d.number for d in find_doc_numbers("依照海关总署第4号令执行。")] == ["海关总署令第4号"]
    assert [d.number for d in find_doc_numbers("根据交通运输部令2021年第3号，")] == ["交通运输部令2021年第3号"]
    assert [d.number for d in find_doc_numbers("根据国务院令第699号，")] == ["国务院令第699号"]
    assert find_doc_numbers("本条例第4号文件所列事项。") == []


def test_notices_numbered_within_their_year_and_joint_notices():
    """国家税务总局公告2016年第11号 is numbered within its year as a ministry's order is
    (交通运输部令2021年第3号); a joint notice names its bodies apart (财政部 税务总局公告2023年第7号):
    the number had been lost, or cut to its last body, so its title and number read as two
    documents."""
    assert [d.number for d in find_doc_numbers("按照国家税务总局公告2016年第11号执行。")] == ["国家税务总局公告2016年第11号"]
    text = "按照《财政部 税务总局关于进一步完善研发费用税前加计扣除政策的公告》（财政部 税务总局公告2023年第7号）要求，"
    found = find_doc_numbers(text)
    assert [(d.number, text[d.span.start : d.span.end]) for d in found] == [("财政部 税务总局公告2023年第7号", "财政部 税务总局公告2023年第7号")]
    assert [d.number for d in find_doc_numbers("（财政部 税务总局 海关总署公告2019年第39号）")] == ["财政部 税务总局 海关总署公告2019年第39号"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


_PIECES = ["根据", "国发", "京政办发", "X", "某", "〔", "〕", "[", "]", "（", "）", "【", " ", "\t", "\u3000", "\n", "2019", "20", "1", "号", "號", "第", "，"]


_BLANK = st.sampled_from(["", "", " ", "\u3000", " \t"])
#: a number, its parts written any way (or a part left out)
_NUMBER = st.tuples(
    st.sampled_from(["", "国发", "根据京政办发", "X", "某某市人民政府办公厅文件"]), _BLANK, st.sampled_from(["〔", "[", "（", "【", ""]), _BLANK,
    st.sampled_from(["2019", "XX", "201"]), _BLANK, st.sampled_from(["〕", "]", "）", "】"]), _BLANK, st.sampled_from(["", "第"]),
    st.sampled_from(["1", "12", "X"]), _BLANK, st.sampled_from(["号", "號", ""]),
).map("".join)


@given(st.lists(st.one_of(st.sampled_from(_PIECES), _NUMBER), max_size=12).map("".join))
@settings(max_examples=3000, deadline=None)
def test_numbers_found_from_their_anchors_are_those_of_the_whole_text(text: str) -> None:
    """Trying the pattern once where the 机关代字 before each anchor starts finds the matches a
    search at every character finds."""
    import kg.extract.regexes as rx
    from kg.extract.docnumber import _doc_number_matches

    assert [m.span() for m in _doc_number_matches(text)] == [m.span() for m in rx.DOC_NUMBER.finditer(text)]


@given(st.text(alphabet="国发政〔〕[]（）() 　\t\xa01290２X某○第号號令年，、\n", max_size=40))
@settings(max_examples=3000, deadline=None)
def test_the_anchors_of_a_number_are_found_before_its_mark(text: str) -> None:
    """The anchors read in the runs before each 号 are every anchor of the text."""
    from kg.extract.docnumber import _anchor_starts
    from kg.extract.regexes import DOC_NUMBER_ANCHOR

    assert list(_anchor_starts(text)) == [a.start() for a in DOC_NUMBER_ANCHOR[0].finditer(text)]


def test_a_number_broken_across_lines_after_its_year() -> None:
    """A text laid out in lines of a fixed width (a PDF's) breaks a 发文字号 where a line ends:
    after its year's bracket, or before its 号. The number is read whole, its span over the
    break; a year's bracket that ends a line before other words is no number."""
    text = "为贯彻落实《四川省人民政府关于加快发展现代职业教育的实施意见》（川府发〔2021〕\n20号），现提出以下意见。\n根据国发〔2019〕4\n号文件精神。"
    got = [(d.number, text[d.span.start : d.span.end]) for d in find_doc_numbers(text)]
    assert got == [("川府发〔2021〕20号", "川府发〔2021〕\n20号"), ("国发〔2019〕4号", "国发〔2019〕4\n号")]
    assert find_doc_numbers("（2019年）\n2、到2020年建成10号线") == []


def test_a_code_that_writes_cai_jing() -> None:
    """青财经委发〔2023〕3号 (the 财经委员会's code): 经 in 财经 ends no clause before the code, so
    the number is whole and stays with its title."""
    from kg.extract.docnumber import find_doc_numbers

    assert [d.number for d in find_doc_numbers("根据《关于加快数字经济高质量发展的实施方案》（青财经委发〔2023〕3号）制定")] == ["青财经委发〔2023〕3号"]
    assert [d.number for d in find_doc_numbers("经国发〔2019〕4号批准")] == ["国发〔2019〕4号"]


def test_the_day_of_a_date_before_an_order_is_no_part_of_its_body() -> None:
    text = "1993年9月23日北京市人民政府第14号令发布的《某规定》和2011年9月20日济宁市人民政府令第41号公布的《某办法》"
    assert [d.number for d in find_doc_numbers(text)] == ["北京市人民政府令第14号", "济宁市人民政府令第41号"]
