"""Structure: headings, measures and task tables (HTML and the text layouts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.document import build_document
from kg.extract.structure import measure_at, measures
from kg.extract.tables import find_text_tables, from_table, task_rows
from kg.ingest import read_document
from kg.models import SourceText, Span, Table, TableCell

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def structure(text: str, tables: tuple[Table, ...] = ()):
    src = SourceText("t.txt", text, "text", "0", tables=tables)
    return measures(build_document(src))


def seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    src = read_document(str(path))
    return src, measures(build_document(src))


# --- headings ---------------------------------------------------------------------------


def test_hierarchy_keys_parents_kinds_headings():
    text = (
        "一、总体要求\n（一）指导思想。坚持…。\n二、重点任务\n（一）实施工程。\n1.建设园区。建设一批园区。\n"
        "（1）做好规划。\n（2）落实用地。\n2.完善制度。\n（二）保障经费。\n"
    )
    ms = {m.key: m for m in structure(text)}
    assert list(ms) == [
        "一", "一/（一）", "二", "二/（一）", "二/（一）/1", "二/（一）/1/（1）", "二/（一）/1/（2）", "二/（一）/2", "二/（二）",
    ]
    assert ms["二/（一）/1"].parent == "二/（一）" and ms["二/（一）/1"].number == "1"
    assert ms["二/（一）/1"].kind == "section" and ms["二/（一）/2"].kind == "measure"
    assert ms["二/（一）/1/（2）"].number == "2" and ms["二/（二）"].number == "二"
    assert ms["二/（一）/1"].heading == "建设园区"
    assert ms["一/（一）"].text == "（一）指导思想。坚持…。"
    # a paragraph belongs to the innermost item it stands in
    pos = text.index("落实用地")
    assert measure_at(list(ms.values()), pos).key == "二/（一）/1/（2）"


def test_a_table_of_contents_names_no_measure():
    """A plan printed with its 目录 (leaders and page numbers, as a PDF or Word copy keeps
    them) has each heading once, read in the text; its first heading keeps its body."""
    text = (
        "“十四五”某某发展规划\n目 录\n一、总体要求..........................1\n（一）指导思想……………………1\n"
        "\n（二）主要目标 ······················ 2\n二、重点任务....................3\n"
        "一、总体要求\n（一）指导思想\n坚持创新驱动。\n（二）主要目标\n到2025年，建成10个示范工厂。\n"
        "二、重点任务\n（一）建设示范工厂。支持企业建设一批示范工厂。\n"
    )
    ms = structure(text)
    assert [m.key for m in ms] == ["一", "一/（一）", "一/（二）", "二", "二/（一）"]
    assert ms[2].text == "（二）主要目标\n到2025年，建成10个示范工厂。"
    # a law's 目录 lists its chapters without page numbers: up to where the text starts again
    law = "目　　录\n第一章　总　　则\n第二章　管　　理\n\n第一章　总　　则\n第一条 为了规范管理，制定本条例。\n第二章　管　　理\n第二条 县级以上人民政府负责管理。\n"
    assert [m.key for m in structure(law)] == ["第一章", "第一章/第一条", "第二章", "第二章/第二条"]
    # one line with a leader and a page number is no table of contents
    assert [m.key for m in structure("一、总体要求\n见附表..........1\n二、重点任务\n（一）建设工厂。")] == ["一", "二", "二/（一）"]


def test_paragraphs_on_one_line_separated_by_spaces():
    text = "XX县实施方案   一、构建格局   (一)统筹规划。做好规划。(县教育局负责)   (二)促进融合。做好融合。   二、发挥作用   (三)拓宽途径。"
    ms = structure(text)
    assert [(m.key, m.number) for m in ms] == [
        ("一", "一"), ("一/（一）", "一"), ("一/（二）", "二"), ("二", "二"), ("二/（三）", "三"),
    ]
    assert ms[1].text.endswith("(县教育局负责)")


def test_a_heading_run_into_the_line_before_it():
    """A copy from PDF runs a heading into the line before it, one space after the sentence
    that ends there (…优化技术。 （二）深化推广应用…): the heading opens its measure, and an
    article of a law (…的号角。 第十八条…) its article; items listed inside a sentence
    (…措施； （二）…) and a mark inside one (…。（二）… without a space) do not."""
    text = ("一、重点任务\n（一）加快系统创新。发展建模技术；优化技术。 （二）深化推广应用。建设智能工厂。\n"
            "二、保障措施\n（一）强化统筹协调。加强部门协同。 1.5万家企业上云。\n")
    ms = structure(text)
    assert [m.key for m in ms] == ["一", "一/（一）", "一/（二）", "二", "二/（一）"]
    assert ms[1].text == "（一）加快系统创新。发展建模技术；优化技术。"
    law = "第一章 总则\n第十七条 政府应当扶持继续教育。 第十八条 继续教育实行登记制度：（一）登记； （二）考核。\n"
    assert [m.key for m in structure(law)] == ["第一章", "第一章/第十七条", "第一章/第十八条"]
    assert [m.key for m in structure("一、重点任务\n（一）加快系统创新。（二）不是标题。\n")] == ["一", "一/（一）"]


def test_a_box_holds_its_items_and_the_measures_go_on_after_it():
    """A plan's box (专栏) sits after the measure it illustrates, its items numbered from 1:
    they are the box's, the measure keeps its text, and the next measure (2. after the box's
    8.) is the first's sibling, not a ninth item; a box whose items are no numbered headings
    is none (where it ends is not written): its text stays the measure's."""
    text = ("三、重点任务\n（一）构建科技创新体系。\n1.建立基础理论体系。聚焦重大科学前沿问题。\n专栏1　基础理论\n"
            "1.大数据智能理论。研究数据驱动的方法。\n2.跨媒体感知计算理论。研究感知获取。\n"
            "2.建立关键共性技术体系。研发关键技术。\n（二）培育智能经济。发展新兴产业。\n专栏2　前瞻技术\n01 智能制造\n突破关键技术。\n"
            "推进中小企业数字化转型。\n（三）建设智能社会。\n")
    ms = structure(text)
    assert [(m.key, m.kind) for m in ms] == [
        ("三", "section"), ("三/（一）", "section"), ("三/（一）/1", "measure"), ("三/（一）/1/专栏1", "section"),
        ("三/（一）/1/专栏1/1", "measure"), ("三/（一）/1/专栏1/2", "measure"), ("三/（一）/2", "measure"),
        ("三/（二）", "measure"), ("三/（三）", "measure"),
    ]
    assert ms[2].text == "1.建立基础理论体系。聚焦重大科学前沿问题。"
    assert ms[3].heading == "基础理论" and ms[3].number == "专栏1"
    assert ms[7].text.endswith("推进中小企业数字化转型。") and "专栏2" in ms[7].text


def test_chapters_and_articles():
    text = "第一章 总则\n第一条 为了规范…，制定本办法。\n第二条 本办法适用于…。\n第二章 管理\n第三条 市民政部门负责…：\n（一）建设；\n（二）管理。\n"
    ms = {m.key: m for m in structure(text)}
    assert list(ms) == ["第一章", "第一章/第一条", "第一章/第二条", "第二章", "第二章/第三条"]
    # chapters are sections, articles are the measures; items belong to their article
    assert ms["第一章"].kind == "section" and ms["第二章/第三条"].kind == "measure"
    assert ms["第二章/第三条"].number == "三" and ms["第二章/第三条"].text.endswith("（二）管理。")
    pos = text.index("管理。")
    assert measure_at(list(ms.values()), pos).key == "第二章/第三条"



def test_a_chapter_after_the_first_articles_closes_the_article_before_it():
    """A law whose articles start before its first chapter heading (no 第一章 总则: 118 of
    the law corpus's 2,172 laws with chapters): the article before a chapter stays a measure,
    and the chapter is not inside it."""
    text = "第一条 为了保障志愿者权益，制定本条例。\n\n第二条 本条例适用于本省。\n\n第二章  志愿者\n\n第三条 志愿者享有下列权利：\n\n（一）自愿加入；\n\n第三章  活动\n\n第四条 组织开展活动。\n"
    ms = {m.key: m for m in structure(text)}
    assert list(ms) == ["第一条", "第二条", "第二章", "第二章/第三条", "第三章", "第三章/第四条"]
    assert [m.number for m in ms.values() if m.kind == "measure"] == ["一", "二", "三", "四"]
    assert ms["第二条"].parent is None and ms["第三章"].parent is None
    assert ms["第二章/第三条"].text.endswith("（一）自愿加入；")

def test_a_section_opens_inside_its_chapter_and_a_chapter_inside_its_book():
    """第X节 is a division of its 章, 第X章 of its 编: each opens inside the one above it and
    closes those of its rank and below (the keys of a 节 repeat in every chapter otherwise)."""
    text = ("第一编 总则\n第一章 基本规定\n第一条 为了规范民事关系，制定本法。\n第二章 自然人\n第一节 民事能力\n第二条 自然人享有民事权利。\n"
            "第二节 监护\n第三条 父母是未成年子女的监护人。\n第二编 物权\n第三章 通则\n第一节 一般规定\n第四条 物权受法律保护。\n")
    ms = {m.key: m for m in structure(text)}
    assert [k for k, m in ms.items() if m.kind == "measure"] == [
        "第一编/第一章/第一条", "第一编/第二章/第一节/第二条", "第一编/第二章/第二节/第三条", "第二编/第三章/第一节/第四条"]
    assert ms["第一编/第二章/第二节"].parent == "第一编/第二章" and ms["第二编"].parent is None
    assert not any("~" in k for k in ms)  # (no 节 key repeated)


def test_every_article_of_a_long_law_is_a_measure():
    """Article numbers of five characters and more (第一百六十一条) and in the thousands
    (第一千二百五十九条) open their article, as 第十条 does."""
    numbers = ["一百一十", "一百一十一", "一百六十一", "二百三十四", "九百九十九", "一千零四十", "一千二百五十九"]
    text = "".join(f"第{n}条 有关部门负责第{n}条规定的事项。\n" for n in numbers)
    assert [m.number for m in structure(text)] == numbers


def test_a_heading_that_opens_with_a_year():
    """一、 followed by a digit is a heading all the same (三、2024年度资助研究方向); 一.5 is not."""
    text = "一、总体要求\n加强统筹。\n二、2024年度重点任务\n推进建设。\n三、2025年工作安排\n开展评估。\n"
    assert [m.key for m in structure(text)] == ["一", "二", "三"]
    # 4.2021年启动…: a year right after an item's mark (no decimal 4.2021)
    text = "一、任务\n（一）养老\n3.加快平台建设。\n4.2021年启动智慧健康养老试点。\n5.推广应用。\n"
    assert [m.number for m in structure(text)][-3:] == ["3", "4", "5"]


def test_articles_without_chapters_and_numbered_items_in_a_plan():
    text = "第一条 为了…，制定本条例。\n第二条 县级以上人民政府负责：\n（一）规划；\n1.编制。\n第三条 附则。\n"
    ms = structure(text)
    assert [(m.key, m.kind) for m in ms] == [("第一条", "measure"), ("第二条", "measure"), ("第三条", "measure")]
    plan = structure("一、任务\n（一）建设。\n1.编制。做好。\n2.1 数据治理。\n")
    assert [m.number for m in plan] == ["一", "一", "1", "2.1"]


def test_keys_are_unique_and_end_matter_is_cut():
    text = "一、甲\n1.任务。\n二、乙\n1.任务。\n1.又一个。\n\n沈阳市人民政府\n2021年11月3日\n"
    ms = structure(text)
    keys = [m.key for m in ms]
    assert len(keys) == len(set(keys))
    assert ms[-1].text == "1.又一个。"


# --- text tables ------------------------------------------------------------------------


def test_tab_table_one_row_a_line():
    text = "附件\n序号\t工作任务\t牵头部门\t责任部门\t完成时限\n1\t建设园区\t市教育局\t市财政局、发展改革委\t2025年\n2\t培训\t市人社局\t市教育局\t长期坚持\n"
    (g,) = find_text_tables(text)
    rows = task_rows(g)
    assert [(r.number, r.heading, r.lead, r.responsible, r.deadline) for r in rows] == [
        ("1", "建设园区", ["市教育局"], ["市财政局、发展改革委"], "2025年"),
        ("2", "培训", ["市人社局"], ["市教育局"], "长期坚持"),
    ]
    ms = {m.key: m for m in structure(text)}
    assert ms["附件/1"].kind == "row" and ms["附件/1"].deadline == "2025年" and ms["附件/1"].parent == "附件"


def test_pipe_table_one_cell_a_line():
    text = "附件2\n任务清单\n序号 |\n工作任务 |\n责任部门 |\n完成时限 |\n1 |\n建设园区。 |\n市教育局 各县(区)政府 |\n2021年4月 |\n2 |\n培训。 |\n市人社局 |\n长期坚持 |\n"
    (g,) = find_text_tables(text)
    assert g.layout == "pipe"
    rows = task_rows(g)
    assert [(r.number, r.responsible, r.deadline) for r in rows] == [
        ("1", ["市教育局 各县(区)政府"], "2021年4月"), ("2", ["市人社局"], "长期坚持"),
    ]
    cell = rows[0].sources["responsible"]
    assert text[cell.start : cell.end] == "市教育局 各县(区)政府"
    ms = {m.key: m for m in structure(text)}
    assert ms["附件2/2"].number == "2"


def test_pipe_table_one_row_a_line_with_rule():
    text = "| 序号 | 工作任务 | 责任单位 | 完成时限 |\n| --- | --- | --- | --- |\n| 1 | 建设园区 | 县教育局、县财政局 | 2022年 |\n| 2 | 培训 | 县人社局 | 2023年 |\n"
    (g,) = find_text_tables(text)
    assert [(r.number, r.responsible) for r in task_rows(g)] == [("1", ["县教育局、县财政局"]), ("2", ["县人社局"])]


def test_tab_marked_cells_one_a_line_with_broken_cell():
    text = (
        "工作清单\n\t序号\n\t工作任务\n\t完成时限\n\t牵头部门\n\t责任部门\n\n"
        "\t1\n\t推进联动\n\t2023年\n\t市发展\n改革委\n\t市人力资源社会保障局、财政局\n\n"
        "\t2\n\t加强领导\n\t2021年\n\t市委\n教科工委\n\t市教育局，市总工会、团市委\n"
    )
    (g,) = find_text_tables(text)
    rows = task_rows(g)
    assert [(r.number, r.lead, r.deadline) for r in rows] == [("1", ["市发展改革委"], "2023年"), ("2", ["市委教科工委"], "2021年")]
    lead = rows[0].sources["lead"]
    assert text[lead.start : lead.end] == "市发展\n改革委"


def test_plain_cells_one_a_line_and_table_end():
    text = "序号\n工作任务\n牵头单位\n责任单位\n1\n建设园区。\n县教育局\n县财政局、县发改局\n2\n培训工作\n县人社局\n县教育局\n本方案自印发之日起施行。"
    (g,) = find_text_tables(text)
    rows = task_rows(g)
    assert [(r.number, r.lead, r.responsible) for r in rows] == [
        ("1", ["县教育局"], ["县财政局、县发改局"]), ("2", ["县人社局"], ["县教育局"]),
    ]
    assert "施行" not in text[g.start : g.end]


def test_spaces_table_with_cell_broken_over_lines():
    text = "序号  重点任务  牵头单位  配合单位  完成时限\n1  建设园区  市发展改革委  市教育局、市财政局  2023年底\n2  加强师资  市教育局  市人力资源社会保障局、\n财政局  2024年\n"
    (g,) = find_text_tables(text)
    rows = task_rows(g)
    assert rows[1].support == ["市人力资源社会保障局、财政局"] and rows[1].deadline == "2024年"


def test_html_table_with_category_rows():
    text = "序号\t改革举措\t指导部门\n一、知识产权方面\t一、知识产权方面\t一、知识产权方面\n1\t三合一审判\t最高人民法院、国家知识产权局\n"

    def cell(s: str) -> TableCell:
        i = text.index(s)
        return TableCell(s, Span(i, i + len(s)))

    cat = cell("一、知识产权方面")
    table = Table(
        rows=(
            (cell("序号"), cell("改革举措"), cell("指导部门")),
            (cat, cat, cat),
            (cell("1"), cell("三合一审判"), cell("最高人民法院、国家知识产权局")),
        ),
        span=Span(0, len(text)),
    )
    g = from_table(table)
    rows = task_rows(g)
    assert rows[0].category and rows[1].guide == ["最高人民法院、国家知识产权局"]
    ms = {m.key: m for m in structure(text, (table,))}
    assert ms["一"].kind == "section" and ms["一/1"].kind == "row" and ms["一/1"].parent == "一"
    assert "一/1" in ms and len(ms) == 2  # the rendered table text is not read again as headings


# --- the seeds --------------------------------------------------------------------------


def test_seed_task_table_rows():
    _, ms = seed("004")
    rows = [m for m in ms if m.kind == "row"]
    assert [m.number for m in rows] == [str(i) for i in range(1, 30)]
    assert rows[8].deadline == "每年" and rows[0].heading == "研制新一轮资源整合方案"


def test_seed_attachment_table_and_body_measures():
    _, ms = seed("001")
    by_key = {m.key: m for m in ms}
    assert [by_key[f"附件2/{i}"].number for i in range(1, 21)] == [str(i) for i in range(1, 21)]
    assert by_key["附件2/8"].deadline == "长期坚持"
    assert by_key["附件2"].kind == "section" and by_key["附件2"].heading == "庆阳市工作任务清单"
    assert by_key["三/（一）/1"].heading == "加强职业院校党的建设"
    assert len(by_key) == len(ms)


def test_seed_spaced_paragraphs():
    _, ms = seed("003")
    pcn = [m.number for m in ms if m.parent and "/" not in m.key.split("/", 1)[1]]
    assert pcn[:3] == ["一", "二", "三"] and pcn[-1] == "二十八" and len(pcn) == 28


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_measure_spans_match_text(prefix):
    src, ms = seed(prefix)
    for m in ms:
        if m.kind != "row":
            assert src.text[m.span.start : m.span.end] == m.text
        assert 0 <= m.span.start <= m.span.end <= len(src.text)


def test_html_table_with_two_header_rows():
    text = "序号\t工作任务\t责任单位\t责任单位\n序号\t工作任务\t牵头单位\t配合单位\n1\t建设园区\t市教育局\t市财政局\n"

    def cell(s: str, nth: int = 0) -> TableCell:
        i = -1
        for _ in range(nth + 1):
            i = text.index(s, i + 1)
        return TableCell(s, Span(i, i + len(s)))

    table = Table(
        rows=(
            (cell("序号"), cell("工作任务"), cell("责任单位"), cell("责任单位", 1)),
            (cell("序号", 1), cell("工作任务", 1), cell("牵头单位"), cell("配合单位")),
            (cell("1"), cell("建设园区"), cell("市教育局"), cell("市财政局")),
        ),
        span=Span(0, len(text)),
    )
    (row,) = task_rows(from_table(table))
    assert (row.number, row.lead, row.support) == ("1", ["市教育局"], ["市财政局"])


def test_assignment_lines_give_the_deadline():
    text = "一、重点任务\n1.建设园区。做好规划。\n牵头单位：市发展改革委；责任单位：市教育局\n完成时限：2022年底\n2.完善设置。\n"
    ms = {m.key: m for m in structure(text)}
    assert ms["一/1"].deadline == "2022年底" and ms["一/1"].text.endswith("完成时限：2022年底")
    assert ms["一/2"].deadline is None


@given(st.text(alphabet="0123456789１２（()）此件年月日抄送报印发附 　.．、一二十第章条①", max_size=14))
@settings(max_examples=3000, deadline=None)
def test_no_heading_opens_end_matter(text: str) -> None:
    """measures tries END_MATTER only on segments that open no heading: a heading's marker
    opens no end matter (a year, （此件, 抄送, 抄报, 印发, 附件)."""
    from kg.extract.document import match_heading
    from kg.extract.regexes import END_MATTER

    assert not (match_heading(text) and END_MATTER.match(text))


def test_numbers_whose_mark_the_copy_lost() -> None:
    """1\\ue010突破…: a private-use glyph after a number stands for the mark a copy lost (1.);
    1突破… 2强化… 3建设…: paragraphs that open with bare numbers 1, 2, 3… are numbered headings;
    a paragraph that happens to open with a number (3年内…, 10个…) is none."""
    from kg.models import SourceText

    def numbers(text: str) -> list[str]:
        return [m.number for m in measures(build_document(SourceText("t.txt", text, "text", "0"))) if m.kind == "measure"]

    assert numbers("二、主要任务\n（一）实施攻关行动\n1\ue010突破关键技术。\n2\ue010强化底层硬件。\n") == ["1", "2"]
    assert numbers("二、主要任务\n1突破关键技术。\n2强化底层硬件。\n3建设创新平台。\n") == ["1", "2", "3"]
    assert numbers("二、主要任务\n3年内建成10个平台。\n10个项目开工建设。\n") == ["二"]


def test_a_table_copied_from_a_page_layout_with_its_cells_wrapped_over_lines() -> None:
    text = (
        "三、任务分工\n具体任务分工如下：\n"
        "序号 重点任务 牵头单位 责任单位 完成时限\n"
        "1\n编制2023年度高标准农田建设\n项目初步设计，完成评审和批\n复\n县农业农村局\n县财政局、县发展改革委、\n"
        "县自然资源局、县水利局、\n项目区各乡镇人民政府\n2023年3月\n底前\n"
        "2\n开展项目区土地权属调查和\n群众意见征询，做好公示\n项目区各乡\n镇人民政府\n县农业农村局、县自然资\n源局\n2023年3月\n底前\n"
        "— 4 —\n"
        "3\n开展项目建设进展情况督导\n县委县政府\n督查局\n县农业农村局\n每月通报\n"
        "　　四、保障措施\n　　（一）加强组织领导。\n"
    )
    grids = find_text_tables(text)
    assert [g.layout for g in grids] == ["wrapped"]
    rows = [(r.number, r.heading, r.lead, r.responsible, r.deadline) for r in task_rows(grids[0])]
    assert rows == [
        ("1", "编制2023年度高标准农田建设项目初步设计，完成评审和批复", ["县农业农村局"],
         ["县财政局、县发展改革委、县自然资源局、县水利局、项目区各乡镇人民政府"], "2023年3月底前"),
        ("2", "开展项目区土地权属调查和群众意见征询，做好公示", ["项目区各乡镇人民政府"], ["县农业农村局、县自然资源局"], "2023年3月底前"),
        ("3", "开展项目建设进展情况督导", ["县委县政府督查局"], ["县农业农村局"], "每月通报"),
    ]
    assert text[grids[0].end :].startswith("\n　　四、保障措施")


def test_a_table_laid_out_with_ideographic_spaces_keeps_its_columns() -> None:
    """A task table copied from a Word file: one ideographic space parts two headers or two
    cells where the text is long, and a row leaves a column empty; each cell still falls
    in its column, found by where the header's cells start."""
    s = "\u3000"
    text = (
        f"附件\n\n重点任务分工表\n\n序号{s}重点任务{s * 8}牵头单位{s * 4}参与单位{s * 4}完成时限\n"
        f"1{s * 2}开展数字化水平评测诊断{s}工业和信息化部{s * 2}市场监管总局{s * 3}持续推进\n"
        f"2{s * 2}强化网络和数据安全保障{s}工业和信息化部{s * 16}持续推进\n"
        f"\n抄送：各省、自治区、直辖市人民政府。\n"
    )
    (g,) = find_text_tables(text)
    assert [c.text for c in g.header] == ["序号", "重点任务", "牵头单位", "参与单位", "完成时限"]
    assert [[c.text for c in r] for r in g.rows] == [
        ["1", "开展数字化水平评测诊断", "工业和信息化部", "市场监管总局", "持续推进"],
        ["2", "强化网络和数据安全保障", "工业和信息化部", "", "持续推进"],
    ]


def test_no_measure_runs_into_the_signature():
    """A notice's list of attachments ends with its signature (the issuers' names above the
    date): the last item is its title, not the issuers (广州's allocation notice)."""
    from kg.extract import extract

    text = ("各区住房保障部门：\n现将有关事项通知如下。\n一、分配对象\n二、分配流程\n附件：\n1.房源简介\n"
            "2.资料清单\n工业和信息化部办公厅\n国家发展改革委办公厅\n2025年3月19日")
    e = extract(SourceText("t.txt", text, "text", "0"))
    assert e.policy.issuers and e.measures[-1].text == "2.资料清单"
    assert all("办公厅" not in m.text for m in e.measures)
