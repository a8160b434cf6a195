"""Targets: quantity, comparator, unit and deadline parsing, dedupe, and the score on the seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.evaluate import score
from kg.extract import extract
from kg.extract.document import build_document
from kg.extract.targets import (
    _quantity_matches,
    _quantity_re,
    dedupe,
    parse_deadline,
    parse_quantity,
    plan_period_end,
    similar,
    targets,
)
from kg.extract.regexes import DIGIT
from kg.extract.structure import measures
from kg.ingest import read_document
from kg.models import PolicyInfo, SourceText, Span, Target

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run(text: str, title: str | None = None, level: str = "city", region: str | None = "沈阳市") -> list[Target]:
    src = SourceText("t.txt", text, "text", "0")
    return targets(build_document(src), PolicyInfo(title=title, level=level, region=region))


def triples(targets: list[Target]) -> list[tuple]:
    return [(t.value, t.unit, t.comparator, t.deadline) for t in targets]


# --- small strings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, unit, comparator",
    [
        ("50%以上", 50, "%", ">="),
        ("不低于4:6", "4:6", None, ">="),
        ("职普比不低于4：6", "4:6", None, ">="),
        ("不少于16学时", 16, "学时", ">="),
        ("超过10亿千瓦", 10, "亿千瓦", ">="),
        ("20个以上", 20, "个", ">="),
        ("不超过15万元", 15, "万元", "<="),
        ("控制在60平方米以内", 60, "平方米", "<="),
        ("3%以下", 3, "%", "<="),
        ("不高于3%", 3, "%", "<="),
        ("50个左右", 50, "个", "~"),
        ("10万人左右", 10, "万人", "~"),
        ("约20个", 20, "个", "~"),
        ("1—2个", "1-2", "个", "range"),
        ("5－6所", "5-6", "所", "range"),
        ("3～5年", "3-5", "年", "range"),
        ("60%—70%", "60-70", "%", "range"),
        ("1亿元", 1, "亿元", "="),
        ("12000元", 12000, "元", "="),
        ("1.2亿千瓦", 1.2, "亿千瓦", "="),
        ("20万人次", 20, "万人次", "="),
        ("不少于本单位执法人员总数的5%", 5, "%", ">="),
    ],
)
def test_parse_quantity(text: str, value, unit, comparator) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.unit, q.comparator) == (value, unit, comparator)


@pytest.mark.parametrize("text", ["2021年", "第14条", "18周岁", "3个月", "5个工作日", "1.0版"])
def test_not_a_goal_quantity(text: str) -> None:
    assert run(f"建设{text}。") == []


@pytest.mark.parametrize(
    "cell, year",
    [("2022年", "2022"), ("2021年4月", "2021"), ("2021—2025年", "2025"), ("长期坚持", None), ("每年", None), ("", None)],
)
def test_parse_deadline(cell: str, year: str | None) -> None:
    assert parse_deadline(cell) == year


def test_plan_period_from_title() -> None:
    assert plan_period_end("关于实施无锡市职业教育质量提升攀登计划(2021—2025)加快建设国家职业教育高地城市的意见") == "2025"
    assert plan_period_end("XX省“十四五”职业教育发展规划") == "2025"
    assert plan_period_end("沈阳市推进职业教育实用高效发展实施方案") is None


# --- deadlines in text ---------------------------------------------------------------------


def test_deadline_carries_to_every_goal_of_the_sentence() -> None:
    ts = run("到2022年,重点建设1所国家级高水平高职院校、15所市级优质中职学校和50个左右高水平特色专业(群),新增人才10万人左右。")
    assert triples(ts) == [(1, "所", "=", "2022"), (15, "所", "=", "2022"), (50, "个", "~", "2022"), (10, "万人", "~", "2022")]


def test_opening_deadline_holds_for_the_paragraph_only() -> None:
    text = "到2020年，能力持续提升。全国农机总动力超过10亿千瓦。\n建设5个实训基地。"
    assert triples(run(text)) == [(10, "亿千瓦", ">=", "2020"), (5, "个", "=", None)]


def test_deadline_inside_a_sentence_stays_there() -> None:
    text = "推动全市公办中等职业学校到2022年全部达到国家设置标准。力争10所左右中职学校进入省重点建设行列。"
    assert triples(run(text)) == [(10, "所", "~", None)]


def test_recurring_goal_has_no_deadline() -> None:
    ts = run("到2022年,每年培养1万名左右能工巧匠,完成职业技能培训20万人次左右。")
    assert triples(ts) == [(1, "万名", "~", None), (20, "万人次", "~", "2022")]
    assert ts[0].scope == "每年"


def test_plan_period_is_the_default_deadline() -> None:
    ts = run("市财政安排专项经费1亿元支持攀登计划。", title="攀登计划(2021—2025)")
    assert triples(ts) == [(1, "亿元", "=", "2025")]


def test_period_opening_a_sentence() -> None:
    assert triples(run("2021—2025年,全市培育8所左右示范学校。")) == [(8, "所", "~", "2025")]


def test_task_table_deadline() -> None:
    text = (
        "序号\t工作任务\t责任部门\t完成时限\n"
        "1\t建设5个左右市级专业教学资源库，建设30门精品在线课程。\t市教育局\t2023年\n"
        "2\t原则上每年按企业职工总数的2%接纳学生实习。\t市工信局\t长期坚持\n"
    )
    assert triples(run(text)) == [(5, "个", "~", "2023"), (30, "门", "=", "2023"), (2, "%", "=", None)]


# --- what is not a target ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "对不裁员的参保企业，可返还其上年度实际缴纳失业保险费的50%。",
        "符合条件的人员自主创业的，可申请最高不超过15万元的创业担保贷款。",
        "将2016年实施的24项督查激励措施调整完善。",
        "按照1个专业(群)对接一个产业链要求开展建设。",
        "指导西峰职专、环县职专、镇原职专3所国、省示范校开展建设。",
        "全面落实《辽宁省职业技能提升行动实施方案(2019—2021年)》。",
        "截至目前，全市已建成实训基地12个。",
        "入围生产企业在3家及以上的，采取招标方式。",
        "计算方法：门诊收入/医疗收入×100%。",
        "支持2所国示范学校、1所省示范学校新增家政、养老等专业。",
        "子女教育专项附加扣除标准为每月1000元。",
        "对符合条件的困难人员，按每人每月1309元发放生活补贴。",
        "本市现有中职学校25所，在校生3.2万人。",
        "自试点以来，全市共办理审批事项2980件，占比达到73.8%。",
        "据有关机构预计，到2025年，全球出货量将达到64亿部以上。",
        "对年销售收入不超过2000万元的企业，按照不超过投资额10%的比例给予补助。",
        "见习期满留用率达到60%以上的单位，可认定为示范基地。",
        "系统总体架构如图1所示。",
        "项目下设课题数不超过5个，参加单位总数不超过10家。",
        "1995年全国共发生5级以上地震48次，大大高于年均19次的水平。",
    ],
)
def test_not_targets(text: str) -> None:
    assert run(text) == []


def test_a_number_that_says_where_a_rate_is_measured_is_no_target() -> None:
    """A quantity that modifies the noun the next quantity measures (attributive: 3米<远场…
    成功率>, 500米<步行范围内…覆盖率>) or states the basis of the number before its
    parenthesis is no goal; a count a goal verb governs stays."""
    assert triples(run("到2025年，3米远场语音唤醒成功率超过95%。")) == [(95, "%", ">=", "2025")]
    assert triples(run("到2025年，500米步行范围内公交站点覆盖率达到90%。")) == [(90, "%", "=", "2025")]
    assert "位" not in [t.unit for t in run("到2025年，单芯片算力达到256TOPS（8位整型）。")]
    assert [t.value for t in run("到2025年，培育100家企业营业收入超过1亿元。")][:1] == [100]
    assert [t.value for t in run("到2025年，建成15所学校，就业率达到95%。")] == [15, 95]
    assert triples(run("力争到2027年，1亿元以上规上企业研发机构覆盖率达到70%。")) == [(70, "%", "=", "2027")]
    assert [t.value for t in run("到2022年，力争100家企业达到3级以上标准。")] == [100]  # a count is never of a rate


def test_the_grade_of_a_standard_is_no_target() -> None:
    assert triples(run("到2022年，力争100家企业达到3级以上标准。")) == [(100, "家", "=", "2022")]


# --- laws and regulations ----------------------------------------------------------------------

_REGULATION = (
    "第一条 为了保护海岸线，制定本条例。\n"
    "第二条 本条例适用于本市行政区域。\n"
    "第三条 自然岸线保有率不得低于百分之四十五。\n"
    "第四条 市本级科学技术经费应占本年度财政预算支出的百分之一点二以上。\n"
    "第五条 农贸市场自产自销区域的摊位数应当占总摊位数的百分之十以上。\n"
    "第六条 违反本条例的，处以违法所得百分之十以上百分之三十以下的罚款。\n"
    "第七条 每个乡镇应当建设2所养老机构。\n"
)


def test_a_regulation_keeps_required_levels_only() -> None:
    """Required levels of a rate or of spending are targets without a deadline; a design
    standard, a fine and a count a rule requires are not."""
    assert triples(run(_REGULATION)) == [(45, "%", ">=", None), (1.2, "%", ">=", None)]


def test_a_regulation_s_design_standards_are_no_targets() -> None:
    """Rates a law requires of a project or a site, or lists as standards, are standards."""
    text = (
        "第一条 为了规范城市绿化，制定本条例。\n第二条 本条例适用于本市。\n"
        "第三条 城市建成区绿化覆盖率不低于百分之四十。\n"
        "第四条 新建居住区绿地率不低于百分之三十；红线宽度大于五十米的道路，绿地率不低于百分之二十五。\n"
        "第五条 农村绿化应当达到下列标准：\n（一）宜林山地绿化率在百分之九十五以上；\n"
    )
    assert triples(run(text)) == [(40, "%", ">=", None)]


@pytest.mark.parametrize(
    "text, value, comparator",
    [
        ("到2000年，科学事业费占财政预算支出的比例应达到百分之二至百分之三。", "2-3", "range"),
        ("科学技术普及经费应占本年度财政预算支出的万分之二以上。", 0.02, ">="),
        ("农业发展基金每年应安排百分之三十用于科技成果推广。", 30, "="),
    ],
)
def test_percentages_in_chinese_numerals(text: str, value, comparator) -> None:
    ts = run(text)
    assert [(t.value, t.unit, t.comparator) for t in ts] == [(value, "%", comparator)]


# --- where a deadline comes from ---------------------------------------------------------------


def test_the_deadline_of_a_goal_section() -> None:
    text = (
        "（三）主要目标\n到2023年，行业能力显著增强。\n"
        "——支撑体系基本完善。制修订30项以上行业标准，建立10个公共服务平台。\n"
        "（四）主要任务\n建设5个实训基地。"
    )
    assert triples(run(text)) == [(30, "项", ">=", "2023"), (10, "个", "=", "2023"), (5, "个", "=", None)]


def test_a_colon_hands_the_deadline_to_the_next_paragraph() -> None:
    text = "我局建议“九五”期间防震减灾工作的目标是：\n使大中城市基本具备抗御6级左右地震的能力。"
    assert triples(run(text)) == [(6, "级", "~", "2000")]


def test_a_plan_for_one_year_gives_its_year() -> None:
    assert triples(run("全年新建5G基站2万个。", title="数字山东2021行动方案")) == [(2, "万个", "=", "2021")]


def test_a_month_deadline_gives_its_year() -> None:
    assert triples(run("2021年6月底前，完成10个示范点建设。")) == [(10, "个", "=", "2021")]


def test_a_level_without_a_unit() -> None:
    text = "到2025年，大型数据中心电能利用效率降到1.3以下。"
    assert triples(run(text)) == [(1.3, None, "<=", "2025")]


def test_a_list_of_goals_separated_by_commas() -> None:
    text = "再培育100个以上示范企业，50个以上示范园区，建设5个公共服务平台。"
    assert triples(run(text)) == [(100, "个", ">=", None), (50, "个", ">=", None), (5, "个", "=", None)]


def test_a_paragraph_wrapped_by_the_page_is_one_paragraph() -> None:
    text = "截止到目前我矿已实现了全面的自动化改造工作，减少一线作业人员\n112人。"
    assert run(text) == []


def test_two_goals_of_one_sentence_are_kept_apart() -> None:
    text = "到2025年，花生种植、收获机械化率分别达到65%和55%，油菜种植、收获机械化率分别达到50%和65%，设施农业机械化率总体达到50%左右。"
    assert [(t.value, t.comparator) for t in run(text)] == [(65, "="), (55, "="), (50, "="), (65, "="), (50, "~")]


# --- dedupe ----------------------------------------------------------------------------------


def _t(indicator: str, value, unit, deadline, start: int) -> Target:
    return Target(indicator, value, unit, "=", deadline, Span(start, start + 2))


def test_dedupe_keeps_the_mention_with_the_deadline() -> None:
    body = _t("市级专业教学资源库", 5, "个", None, 10)
    table = _t("市级专业教学资源库", 5, "个", "2023", 100)
    assert dedupe([body, table]) == [table]


def test_dedupe_keeps_different_indicators_and_deadlines() -> None:
    a = _t("市级技术技能传承创新“大师工作室”", 5, "个", "2023", 10)
    b = _t("“能工巧匠”工作室", 5, "个", "2023", 50)
    c = _t("市级技术技能传承创新“大师工作室”", 5, "个", "2025", 90)
    d = _t("市级技术技能传承创新“大师工作室”", 6, "个", None, 120)
    assert dedupe([a, b, c, d]) == [a, b, c, d]


def test_similar_indicators() -> None:
    assert similar("“双师型”教师比例", "“双师型”教师占专任教师比例")
    assert similar("高水平共享型产教融合集成平台", "产教融合集成平台")
    assert not similar("无锡市中小学职业体验示范中心", "高水平共享型产教融合集成平台")


def test_goal_stated_in_body_and_task_table_is_one_target() -> None:
    text = (
        "力争建成10个左右中职省级优质专业(群)。\n"
        "序号\t工作任务\t责任部门\t完成时限\n"
        "1\t支持建设3所省级中职“双优”学校，10个中职省级优质专业(群)。\t市教育局\t2023年\n"
    )
    assert sorted(triples(run(text)), key=str) == sorted([(3, "所", "=", "2023"), (10, "个", "=", "2023")], key=str)


# --- the seeds -------------------------------------------------------------------------------


def test_seed_targets_score() -> None:
    pairs = []
    for g in sorted((SEEDS / "gold").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        pred = extract(read_document(SEEDS / gold["source"])).to_gold(provenance=False)
        pairs.append((gold, pred))
    counts = score(pairs)
    assert counts["targets"].f1 >= 0.95, counts["targets"]
    assert counts["institutions"].f1 >= 0.85, counts["institutions"]
    for f in ("doc_number", "title", "citations"):
        assert counts[f].f1 == 1.0, (f, counts[f])


def test_targets_have_spans_into_the_text() -> None:
    src = read_document(SEEDS / "000_0ec524e545a91cdc.txt")
    e = extract(src)
    assert e.targets
    for t in e.targets:
        piece = t.span.slice(src.text)
        assert str(t.value).split("-")[0].split(":")[0] in piece.replace("－", "-").replace("—", "-"), (t, piece)


def test_corpus_targets_score() -> None:
    """The annotated corpus pages (national documents) score the same way: goals of a
    发展目标 paragraph, and no targets in documents that set none."""
    pairs = []
    for g in sorted((SEEDS / "corpus" / "gold").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        if "targets" not in gold:
            continue
        pred = extract(read_document(SEEDS / "corpus" / g.name.replace(".json", ".txt"))).to_gold(provenance=False)
        pairs.append((gold, pred))
    if not pairs:
        pytest.skip("no corpus gold with targets")
    counts = score(pairs)
    assert counts["targets"].f1 >= 0.80, counts["targets"]


def test_a_level_reached_is_a_goal_only_in_a_plan() -> None:
    """达到 reports a level as often as it sets one: a goal in a plan that names its period,
    or after a goal of the same sentence; a state in a report."""
    report = "2022年，全省大数据产业规模达1.57万亿元，互联网普及率达到75.6%。"
    assert run(report) == []
    plan = run("全省大数据产业规模达到1.6万亿元。", title="某某省数字经济发展规划（2021—2025年）")
    assert triples(plan) == [(1.6, "万亿元", "=", "2025")]
    ts = run("支持40个左右专业参与贯通培养，年招生规模达到4500人。")
    assert triples(ts) == [(40, "个", "~", None), (4500, "人", "=", None)]


def test_a_past_period_in_a_dated_plan_is_history() -> None:
    src = SourceText("t.txt", "“十三五”期间，全省新增就业岗位10万个。到2025年，新增就业岗位15万个。", "text", "0")
    found = targets(build_document(src), PolicyInfo(title=None, date="2021-06-01", level="province", region="某某省"))
    assert triples(found) == [(15, "万个", "=", "2025")]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(alphabet="到至于在12093五十一八九四“\"”年底前末期时间月 　，：—～。", max_size=40))
@settings(max_examples=3000, deadline=None)
def test_deadline_cues_are_tried_only_where_one_can_start(text: str) -> None:
    """The cues found at their possible starts are those of a search at every character."""
    from kg.extract.regexes import finditer_near
    from kg.extract.targets import _CUE, _CUE_START

    assert [m.span() for m in finditer_near(_CUE, text, _CUE_START)] == [m.span() for m in _CUE.finditer(text)]


@given(st.text(alphabet="到至于在1209五十一六八九“\"”年底前末期时间月中旬初步基本实现力争取 ，：:—～-", max_size=40))
@settings(max_examples=3000, deadline=None)
def test_deadline_cues_of_every_branch_are_tried_where_they_start(text: str) -> None:
    """The places tried need what each branch of a cue needs after its first character:
    none of them passes over a cue that a search at every character finds."""
    from kg.extract.regexes import finditer_near
    from kg.extract.targets import _CUE, _CUE_START

    assert [m.span() for m in finditer_near(_CUE, text, _CUE_START)] == [m.span() for m in _CUE.finditer(text)]


@given(st.text(alphabet="0123.—～至到-年个月工作日所万%余 、", max_size=30))
@settings(max_examples=3000, deadline=None)
def test_quantities_are_found_as_a_search_at_every_character_finds_them(text: str) -> None:
    """Ranges that end in a word that is no unit (2017—2019年) are passed over: what is a
    quantity is found all the same."""
    every = [(m.span(), m.groupdict()) for m in _quantity_re().finditer(text) if not m.group("bad")]
    assert [(m.span(), m.groupdict()) for m in _quantity_matches(text) if not m.group("bad")] == every


@pytest.mark.parametrize("text", ["到 2025年底，", "“十四五”期间", "至十五末", "2021—2025年，", "在2023年前完成", "八五时期"])
def test_deadline_cues_of_every_form_are_found(text: str) -> None:
    from kg.extract.regexes import finditer_near
    from kg.extract.targets import _CUE, _CUE_START

    assert [m.span() for m in finditer_near(_CUE, text, _CUE_START)] == [m.span() for m in _CUE.finditer(text)] != []


@pytest.mark.parametrize(
    "text",
    [
        "到2025年，全市建成15所示范学校，职普比4:6，2021—2025年新增3.5万人，其中2021年3月1日前完成10%。",
        "（国发〔2021〕4号）规定每年不少于16学时、3个月内、60周岁以上、第3条、5G基站200个、1.3人户。",
        "A12个 x3所 12.5万亿元 3 : 5 1—2个 7余家 100％ 2020年度 1 5个 末尾数字2024",
        "（2021—2025年）3～5个月、1至3年、2—3个工作日、.5—6年、5—6.5年、7-8 年、9—10万个、11—12个",
    ],
)
def test_quantities_tried_at_fewer_runs_are_the_same(text: str) -> None:
    """The runs of digits passed over hold no quantity with a unit: every other match of the
    quantity pattern is found as ``finditer`` over the whole text finds it."""
    rx = _quantity_re()
    every = [(m.span(), m.groupdict()) for m in rx.finditer(text) if not m.group("bad")]
    tried = [(m.span(), m.groupdict()) for m in _quantity_matches(text) if not m.group("bad")]
    assert tried == every and every


@given(st.text(alphabet="建设立成新增达到的提高率，、1", max_size=30))
@settings(max_examples=2000, deadline=None)
def test_the_last_goal_word_is_found_by_one_backward_search(text: str) -> None:
    """The end of the last word of a list found in a text read backwards is the greatest end
    of any of them (words that overlap included)."""
    from kg.extract.targets import _last_word_end

    words = ("建设", "设立", "建成", "新增", "达到", "提高", "提高率")
    ends = [text.rfind(w) + len(w) for w in words if w in text]
    assert _last_word_end(text, words) == (max(ends) if ends else None)


@given(
    st.lists(
        st.sampled_from(["（三）主要目标。", "一、发展目标", "1.2 指标", "（一）指导思想。坚持目标导向", "目标是：", "主要指标",
                         "到2025年，建成10所。", "二、任务", "（四）保障", "坚持问题导向、目标导向。", "3.目标：建成5个", "主要目标：全市规模突破2500亿元，同比增长15%以上", "  "]),
        max_size=8,
    )
)
@settings(max_examples=500, deadline=None)
def test_goal_sections_read_a_line_as_a_heading_only_where_it_can_name_goals(lines: list[str]) -> None:
    """Lines whose first goal word comes after a mark are not read as headings: the
    sections are those that reading every line finds."""
    from kg.extract.targets import _HEAD_END, _heading, goal_sections

    text = "\n".join(lines)

    def every_line() -> list[tuple[int, int]]:
        out, done = [], 0
        for m in re.finditer("目标|指标", text):
            if m.start() < done:
                continue
            start = text.rfind("\n", 0, m.start()) + 1
            done = text.find("\n", m.start()) + 1 or len(text)
            line = text[start:done]
            level, said = _heading(line)
            head = _HEAD_END.split(said, maxsplit=1)[0]
            if ("目标" in head or head.endswith("指标")) and len(head) <= 16 and (level is not None or len(line.strip()) <= 16):
                rank = 9 if level is None else level
                end, k = len(text), done
                while k < len(text):
                    after = text.find("\n", k) + 1 or len(text)
                    if (lv := _heading(text[k:after])[0]) is not None and lv <= rank:
                        end = k
                        break
                    k = after
                out.append((start, end))
            elif re.search(r"目标(?:是|为|如下)?[：:]\s*$", line) and done < len(text):
                out.append((done, text.find("\n", done) + 1 or len(text)))
            if re.match(r"[ \t\u3000]*[^，,。；;：:\n]{0,10}目标(?:任务)?[：:]", line) and all(a != start for a, _ in out):
                out.append((start, done))  # (a heading run in)
        return sorted(set(out))

    assert goal_sections(text) == every_line()


def test_the_sentence_of_a_target_in_a_wrapped_text_starts_at_the_line_break() -> None:
    """A wrapped line is read as one clause, but two mentions on either side of the break
    stand in two sentences of the document's text when restatements are merged."""
    from kg.extract.targets import _find_targets, _sentence_bounds

    text = "（一）主要目标。到2025年，全市新建标准化示范学校和实训基地共计不少于\n30所，到2025年，全市新建标准化示范学校和实训基地共计不少于30所。"
    doc = build_document(SourceText("a.txt", text, "text", "0"))
    found, starts = _find_targets(doc, None, None)
    assert found and starts == [_sentence_bounds(text, t.span.start)[0] for t in found]


def test_goal_sections_and_deadlines_up_to_a_place_are_those_of_the_whole_text() -> None:
    """Read up to the last number only, the goal sections and the deadlines that can hold
    for a number up to it are those read over the whole text."""
    from kg.extract.targets import _cues, goal_sections

    text = ("一、总体要求\n（一）主要目标。到2025年，建成10个基地。到2030年，建成20个中心。\n"
            "（二）重点任务。2027年底前完成5项改革。\n二、保障措施\n主要目标如下：\n到2035年，全面建成。")
    whole = goal_sections(text)
    cues = _cues(text, whole)
    assert len(whole) == 2 and len(cues) == 4
    for last in range(len(text) + 1):
        sections = goal_sections(text, last)
        assert [s for s in sections if s[0] <= last] == [s for s in whole if s[0] <= last]
        assert [c for c in _cues(text, sections, last) if c.start <= last] == [c for c in cues if c.start <= last]


def test_digit_is_what_backslash_d_matches():
    """:data:`kg.extract.regexes.DIGIT`'s class holds every decimal digit (its blocks are
    listed: a digit added elsewhere by a later Unicode would be missed), and lets through none else."""
    digit, d = re.compile(DIGIT), re.compile(r"\d")
    chars = map(chr, range(0x110000))
    assert [c for c in chars if digit.fullmatch(c)] == [chr(c) for c in range(0x110000) if d.fullmatch(chr(c))]



def test_a_rate_over_the_period_keeps_its_deadline_and_a_breakthrough_is_a_floor() -> None:
    """年均增长7%左右 by 2025 is due in 2025 (a rate over the period, not a recurring goal like
    每年…); 突破3000家 is at least 3000 (FORMAT: ≥). A rate over years already past, in a
    report, is still no goal."""
    got = run("到2025年，全市地区生产总值年均增长7%左右，高新技术企业数量突破3000家。")
    assert [(t.value, t.unit, t.comparator, t.deadline) for t in got] == [(7, "%", "~", "2025"), (3000, "家", ">=", "2025")]
    assert 16.1 not in [t.value for t in run("全国软件业务收入从2012年2.5万亿元增长到2021年9.6万亿元，年均增速达16.1%。")]
    assert [t.deadline for t in run("每年新增就业岗位1000个以上。")] == [None]


def test_a_sentence_of_what_was_done_sets_no_goal() -> None:
    """构建了…，发布国家标准285项: a completed action (了) reports the past, as 已 or 截至 do; 为了
    and 了解 are no such mark."""
    assert run("支撑体系逐步完善，构建了国际先行的标准体系，发布国家标准285项。", title="某某发展规划（2021—2025年）") == []
    assert [t.value for t in run("为了提升能力，到2025年发布国家标准300项。")] == [300]


def test_an_indicator_leaves_out_the_number_of_its_measure_and_the_point_it_counts() -> None:
    """（一）粮食播种面积… and 一是粮食播种面积…: the measure's number and the counted point
    (一是, 二是) that open the clause are no part of what the goal measures."""
    text = ("一、重点任务\n（一）粮食播种面积稳定在17.7亿亩以上。\n（二）加强生猪生产。一是生猪出栏达到500万头，"
            "二是集装箱吞吐量达到300万标准箱。\n第十条 全市森林覆盖率应当达到百分之三十八以上。\n")
    got = {(t.indicator, t.value, t.unit, t.comparator) for t in run(text, "某市2023年农业农村工作要点")}
    assert {("粮食播种面积", 17.7, "亿亩", ">="), ("生猪出栏", 500, "万头", "="), ("集装箱吞吐量", 300, "万标准箱", "=")} <= got
    assert not any(i.startswith(("一", "（", "第十条")) for i, *_ in got)


@pytest.mark.parametrize("text, value, unit", [("确保全国粮食产量保持在1.3万亿斤以上。", 1.3, "万亿斤"), ("新增造林100万株。", 100, "万株"),
                                               ("蔬菜产量达到50万公斤。", 50, "万公斤")])
def test_measure_words_of_farming_and_ports(text: str, value: float, unit: str) -> None:
    assert [(t.value, t.unit) for t in run("一、重点任务\n（一）" + text + "\n", "某市2023年农业农村工作要点")] == [(value, unit)]


@pytest.mark.parametrize("text, expected", [
    ("算力规模达到200PFlops。", [(200, "PFlops")]), ("算力总规模达到12EFLOPS。", [(12, "EFLOPS")]),
    ("城市家庭宽带接入能力达到100mbps。", [(100, "mbps")]),
    ("推出能效比超过1TFLOPS/W的云端芯片。", []),  # a rate: its unit is no TFLOPS
])
def test_a_latin_unit_in_any_case_kept_as_written(text: str, expected: list[tuple[float, str]]) -> None:
    """Units written in Latin letters read in any case (PFlops, PFLOPS), as written, and
    whole (TFLOPS/W is a rate, not TFLOPS)."""
    assert [(t.value, t.unit) for t in run("一、重点任务\n（一）" + text + "\n", "某市2024年数字经济工作要点")] == expected


def test_a_bound_set_in_a_plan_for_a_year_is_a_goal() -> None:
    """不少于 (FORMAT: a goal's word) in a document for one year or a period: 全年组织网络招聘会
    不少于100场 is that year's goal, though no verb of a goal governs it; in a document without
    a period the same clause is no goal (a standard or a threshold may read so)."""
    text = "一、大力开拓就业渠道\n1.全年组织网络招聘会不少于100场。\n2.各高校年内走访用人单位不少于100家。\n"
    got = [(t.value, t.unit, t.comparator, t.deadline) for t in run(text, "教育部办公厅关于做好2024年普通高校毕业生就业创业工作的通知", "national", None)]
    assert got == [(100, "场", ">=", "2024"), (100, "家", ">=", "2024")]
    assert run(text, "教育部办公厅关于做好普通高校毕业生就业创业工作的通知", "national", None) == []


def test_a_loan_balance_is_what_a_goal_measures_not_a_loan_granted() -> None:
    """贷款 marks a sentence that grants a loan (可申请…贷款): its numbers are no goals; but
    贷款余额, 贷款增速 are what a financial goal measures."""
    got = run("一、重点任务\n（一）到2025年，民营企业贷款余额年均增长12%以上。\n（二）符合条件的可申请最高不超过15万元的创业担保贷款。\n",
              "浙江省人民政府关于进一步促进民营经济高质量发展的实施意见", "province", "浙江省")
    assert [(t.value, t.unit, t.comparator, t.deadline) for t in got] == [(12, "%", ">=", "2025")]


def test_a_goal_in_a_tables_cell_is_measured_by_that_cell_alone() -> None:
    """A task table reaches the text as rows of tab-separated cells: the indicator of a goal
    in its 具体措施 cell is read in that cell, not from the cells before it."""
    text = ("序号\t重点任务\t具体措施\t责任单位\t完成时限\n"
            "1\t提升政务服务效能\t县市场监管局（牵头）、县税务局\t政务服务事项网上可办率达到95%以上\t2023年12月底前\n")
    assert [(t.indicator, t.value, t.comparator) for t in run(text, "宁县2023年优化营商环境重点任务清单", "county", "宁县")] == [
        ("政务服务事项网上可办率", 95, ">=")]


def test_an_indicator_leaves_out_the_word_of_duty_before_its_comparator() -> None:
    """A law writes its goals as duties (绿地率应当达到, 资本充足率不得低于, 必须保持在): the
    word of duty is no part of what is measured, and 所占比例 names its share once."""
    text = ("第六条 到2025年，城市建成区绿地率应当达到百分之三十八以上。\n第七条 资本充足率不得低于8%。\n"
            "第八条 森林覆盖率必须保持在40%以上。\n第九条 用于一线职工的职工教育经费所占比例应当不低于60%。\n")
    assert [t.indicator for t in run(text, "某市城市绿化条例")] == ["城市建成区绿地率", "资本充足率", "森林覆盖率", "用于一线职工的职工教育经费所占比例"]


def test_numbers_of_a_section_that_reviews_are_no_goals() -> None:
    """一、2022年工作回顾, 一、现状与形势, 一、基本情况: what was done and what is, not goals, even in
    a plan for a year or a period; the goals of a later section stay, and a task named 夯实发展基础
    is no review."""
    text = ("一、2022年工作回顾\n过去一年，全市地区生产总值增长3.5%，达到5675亿元；新增城镇就业6.5万人。\n"
            "二、2023年主要目标\n地区生产总值增长6.5%左右，城镇新增就业6万人以上。\n"
            "三、重点任务\n（一）夯实发展基础\n建成10个产业园区。\n")
    got = [(t.value, t.unit) for t in run(text, "2023年洛阳市人民政府工作报告")]
    assert got == [(6.5, "%"), (6, "万人"), (10, "个")]


def test_a_section_that_reports_what_was_achieved_is_a_review() -> None:
    """一、2022年数字中国建设取得显著成效: a heading that reports what was achieved reviews; a task
    that aims at progress (（二）推动产教融合取得新进展) does not."""
    text = ("一、2022年数字中国建设取得显著成效\n千兆用户突破9000万户，新建数据中心规模超130万标准机架。\n"
            "二、重点任务\n（二）推动产教融合取得新进展\n到2025年建成20个产教融合实训基地。\n")
    assert [(t.value, t.unit) for t in run(text, "数字中国发展报告（2022年）")] == [(20, "个")]


def test_a_plans_table_of_indicators_gives_its_goals_due_the_latest_year() -> None:
    """专栏 主要指标 | 单位 | 2020年 | 2025年 | 属性: each row's value in the latest year's column
    is a goal due that year (the unit from its column, 以上/≥ a comparator, 〔…〕 a sum over the
    period); the earlier year is a baseline, and a table of one year is a table of what is."""
    from kg.ingest import read_document

    html = ("<html><body><p>洛阳市“十四五”职业教育发展规划</p><p>一、发展目标</p>"
            "<table><tr><td>指标</td><td>单位</td><td>2020年</td><td>2025年</td><td>属性</td></tr>"
            "<tr><td colspan='5'>一、办学规模</td></tr>"
            "<tr><td>中等职业学校在校生</td><td>万人</td><td>5.2</td><td>6</td><td>预期性</td></tr>"
            "<tr><td>“双师型”教师占专业课教师比例（%）</td><td></td><td>45</td><td>≥60</td><td>约束性</td></tr>"
            "<tr><td>新增省级以上高水平专业群</td><td>个</td><td>—</td><td>〔20〕</td><td>预期性</td></tr>"
            "<tr><td>毕业生就业率</td><td>%</td><td>95</td><td>稳步提高</td><td>预期性</td></tr></table>"
            "<p>附：2022年全市职业学校基本情况</p><table><tr><td>指标名称</td><td>单位</td><td>2022年</td></tr>"
            "<tr><td>职业学校</td><td>所</td><td>30</td></tr></table></body></html>")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.html"
        path.write_text(html, encoding="utf-8")
        got = extract(read_document(str(path))).targets
    assert [(t.indicator, t.value, t.unit, t.comparator, t.deadline) for t in got] == [
        ("中等职业学校在校生", 6, "万人", "=", "2025"), ("“双师型”教师占专业课教师比例", 60, "%", ">=", "2025"),
        ("新增省级以上高水平专业群", 20, "个", "=", "2025")]


@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_a_table_of_indicators_beside_goals_in_the_text_laid_out_or_ingested(suffix: str) -> None:
    """A plan with a goal in its text and a table of indicators: the document had failed to
    extract (a table's span read as a pair), and a table laid out in a text (cells separated by
    tabs, as a converted table is) had given no goal."""
    from kg.ingest import read_document

    rows = [("指标", "单位", "2020年", "2025年", "属性"), ("学前教育毛入园率", "%", "90", "95", "预期性"),
            ("城镇调查失业率（%）", "", "5.2", "<5.5", "预期性")]
    head, goal = "某市“十四五”教育发展规划", "到2025年，新建幼儿园20所。"
    if suffix == ".html":
        table = "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"
        doc = f"<html><body><p>{head}</p><p>一、发展目标</p><p>{goal}</p>{table}</body></html>"
    else:
        doc = f"{head}\n\n一、发展目标\n{goal}\n" + "".join("\t".join(r) + "\n" for r in rows) + "二、重点任务\n"
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"plan{suffix}"
        path.write_text(doc, encoding="utf-8")
        got = extract(read_document(str(path))).targets
    assert sorted((t.value, t.unit, t.comparator, t.deadline) for t in got) == [
        (5.5, "%", "<=", "2025"), (20, "所", "=", "2025"), (95, "%", "=", "2025")]


def test_a_rows_deadline_is_its_own_not_an_earlier_rows() -> None:
    """A task table laid out as text: each row's 完成时限 is the deadline of its goal; the
    时限 of the row before (2023年12月底) is no deadline of the next one."""
    text = ("重点任务分工表\n\n序号\t重点任务\t牵头单位\t责任单位\t完成时限\n"
            "1\t建设智慧养老服务平台\t市民政局\t市大数据局、市财政局\t2023年12月底\n"
            "2\t培育养老服务龙头企业10家\t市发展改革委\t市民政局、市市场监管局\t2024年底\n")
    assert triples(run(text, "洛阳市智慧养老行动方案", region="洛阳市")) == [(10, "家", "=", "2024")]


def test_a_number_that_is_its_standards_own_is_no_goal() -> None:
    """按每百户不少于20平方米的标准配建: the number is a standard of how to build, however it is
    bounded; a goal beside it stays."""
    text = ("（1）新建住宅小区按每百户不少于20平方米的标准配建养老服务设施。\n"
            "（2）到2025年，街道综合养老服务中心覆盖率达到100%。\n")
    assert triples(run(text, "济南市促进养老服务高质量发展若干措施", region="济南市")) == [(100, "%", "=", "2025")]


def test_a_measures_own_completion_date_is_the_deadline_of_its_goals() -> None:
    """（牵头单位：…；完成时限：2024年12月底前） after a measure's goal is its deadline, as a task
    table's 完成时限 column is a row's; a year the measure's sentence states itself stays."""
    text = ("一、重点任务\n"
            "（一）提升政务服务水平。推动政务服务事项全程网办率达到90%以上。（牵头单位：市政务服务中心；完成时限：2024年12月底前）\n"
            "（二）建设城市运行管理平台。到2026年建成市级平台1个。（责任单位：市住建局；完成时限：2025年6月底前）\n"
            "（三）推进数据共享。新增共享数据目录200个。\n")
    e = extract(SourceText("t.txt", "庆阳市推进数字政府建设实施方案\n\n" + text, "text", "0"))
    assert triples(e.targets) == [
        (90, "%", ">=", "2024"), (1, "个", "=", "2026"), (200, "个", "=", None)]


def test_a_time_a_goal_cuts_is_a_target_and_a_time_limit_is_none() -> None:
    """办税时间压缩至80小时以内, 企业开办时间压缩至1个工作日: a plan's goal of shortening a
    process (营商环境) is a target in its unit of time; a law's time limit (自受理之日起20个工作日内作出
    决定) and a plan's period (用3年时间) are none."""
    text = ("一、重点任务\n（一）压缩办税时间。到2024年，办税时间压缩至80小时以内。\n"
            "（二）企业开办时间压缩至1个工作日。\n（三）行政机关应当自受理申请之日起20个工作日内作出决定，用3年时间完成改革。\n")
    assert triples(run(text, "某县优化营商环境实施方案", "county", "某县")) == [(80, "小时", "<=", "2024"), (1, "个工作日", "=", None)]


def test_a_paragraph_that_looks_back_on_the_past_year_is_a_review() -> None:
    """过去一年，…增长6.2%…; 五年来，…: a report's review written as a paragraph, not under a
    回顾 heading, is history: its numbers are no goals, the year's goals after it stay."""
    text = ("各位代表：\n过去一年，全县地区生产总值增长6.2%，达到86亿元；新增城镇就业2100人。\n"
            "五年来，累计新建农村公路600公里。\n"
            "今年全县经济社会发展的主要预期目标是：地区生产总值增长6.5%左右，城镇新增就业2000人以上。\n")
    assert [(t.value, t.unit) for t in run(text, "2024年宁县人民政府工作报告", "county", "宁县")] == [(6.5, "%"), (2000, "人")]


def test_a_number_a_rule_sets_generally_is_no_goal() -> None:
    """一般在3所左右, 一般为6个月, 一般不少于3人: what a rule sets as a norm (an eligibility limit, a
    term), in its clause only: the goal before it in the sentence stays."""
    assert run("一、申报要求\n（一）每个项目联合申报的核心单位（高校）一般在3所左右，参与单位数量不限。\n") == []
    got = run("一、主要目标\n（一）到2025年，建成示范学校10所，每所学校一般不少于3个专业。\n")
    assert triples(got) == [(10, "所", "=", "2025")]


def test_a_scale_of_money_and_a_sum_that_qualifies_what_is_counted() -> None:
    """产业规模达到7000亿级: a sum of that scale, at least (亿元, >=), not a unit 亿级; 培育5个以上
    收入过200亿元的软件产业集群: the clusters are counted, the sum qualifies them (过 of a sum, as
    超过)."""
    assert triples(run("一、主要目标\n（一）到2025年，数字产业化产业规模达到7000亿级。\n")) == [(7000, "亿元", ">=", "2025")]
    assert triples(run("一、主要目标\n（一）到2023年，培育5个以上收入过200亿元的软件产业集群。\n")) == [(5, "个", ">=", "2023")]


def test_a_magnitude_written_without_a_digit() -> None:
    """达到万家以上, 迈向万亿级, 突破千亿元: a goal of 1 万家, 1 万亿元, 1000 亿元, at least (FORMAT
    keeps 万 and 亿 in the unit); 千家万户 and 万众创新 are no quantities."""
    got = run("一、主要目标\n（一）到2025年，科技型企业达到万家以上，数字经济规模迈向万亿级，软件业务收入突破千亿元。\n"
              "（二）到2025年，惠及千家万户，形成万众创新的局面。\n")
    assert triples(got) == [(1, "万家", ">=", "2025"), (1, "万亿元", ">=", "2025"), (1000, "亿元", ">=", "2025")]


def test_items_of_a_list_a_verb_heads_each_with_its_noun_before_its_number() -> None:
    """新培育高新技术企业3000家以上、重点企业100家以上: two goals (the second an item of the list the
    verb heads), and the first counts 高新技术企业, not the noun after the joiner."""
    got = run("一、重点任务\n（一）3年内新培育高新技术企业3000家以上、重点企业100家以上。\n")
    assert triples(got) == [(3000, "家", ">=", None), (100, "家", ">=", None)]
    assert "重点" not in got[0].indicator


def test_a_deadline_that_opens_a_clause_holds_for_its_paragraph() -> None:
    """坚持…，到2025年，…。建设50个特色园区…: a deadline that opens a clause after the guiding
    words holds for the goals of the rest of its paragraph, as one that opens a sentence does."""
    got = run("一、总体要求\n坚持创新引领，到2025年，加快突破一批关键技术。新培育高新技术企业超过1000家，建设50个左右特色园区。\n"
              "二、重点任务\n（一）建设10个平台。\n")
    assert [t.deadline for t in got if t.value in (1000, 50)] == ["2025", "2025"]


def test_the_documents_own_year_is_the_deadline_of_年底前_年内_and_全年() -> None:
    # a plan for one year: 全年 is that year, whatever the row's 完成时限 (持续推进) says
    text = (
        "一、重点任务\n5.培育软件产业。全年引进软件企业30家以上。\n牵头单位：市工业和信息化局\n完成时限：持续推进\n"
        "6.推进上云。年内新增上云企业2000家，每年年底前报送进展。\n"
    )
    assert triples(run(text, "洛阳市2023年数字经济发展工作要点")) == [(30, "家", ">=", "2023"), (2000, "家", "=", "2023")]
    # a plan of a period written in a year: its date's year
    src = SourceText("t.txt", "一、重点任务\n1.年底前，网上可办率不低于90%。\n", "text", "0")
    got = targets(build_document(src), PolicyInfo(title="某某行动计划（2019—2022年）", date="2019-03-15", level="province", region="山东省"))
    assert triples(got) == [(90, "%", ">=", "2019")]
    # a law's 一年内 is a period of its own
    law = "第一条 为了规范，制定本条例。\n第二条 火烧迹地一年内绿化率不低于95%。\n第三条 本条例自2018年1月1日起施行。\n"
    assert all(t.deadline is None for t in targets(build_document(SourceText("t.txt", law, "text", "0")), PolicyInfo(date="2018-01-01")))


def test_a_phase_that_opens_a_paragraph_with_its_year_sets_the_deadline_of_the_paragraph() -> None:
    text = (
        "一、总体要求\n第一阶段到2025年，系统形成标准体系。制修订100项以上相关标准。\n"
        "第二阶段，到2030年，全面形成标准体系。制修订140项以上相关标准。\n"
    )
    assert triples(run(text)) == [(100, "项", ">=", "2025"), (140, "项", ">=", "2030")]


def test_a_paragraph_of_aims_alone_hands_its_year_to_the_goals_up_to_the_next_heading() -> None:
    # (a text without its 主要目标 heading: 到2027年，… opens the aims, the goals follow it)
    text = (
        "一、总体要求\n坚持创新驱动。\n到2027年，轻工骨干企业基本实现数字化改造全覆盖，转型取得显著成效。\n"
        "数字化普及率显著提升。重点行业打造150个以上典型场景。\n数字化服务能力明显增强。打造100个左右解决方案。\n"
        "二、主要任务\n（一）推进改造。建设5G基站1万个。\n"
    )
    assert triples(run(text)) == [(150, "个", ">=", "2027"), (100, "个", "~", "2027"), (1, "万个", "=", None)]
    # a paragraph with goals of its own keeps its year to itself
    text = "一、总体要求\n到2027年，建成10个基地。\n打造100个左右解决方案。\n"
    assert triples(run(text)) == [(10, "个", "=", "2027"), (100, "个", "~", None)]


def test_a_comparator_broken_by_a_line_end_is_read_whole() -> None:
    text = "一、主要目标\n到2025年，持续推进试点示范建设，拓展试点示范类型。在现有试点示范的基础上，面向不\n少于 10 个应用场景，再培育 100 个以上示范企业。\n"
    assert triples(run(text))[0] == (10, "个", ">=", "2025")


def test_a_paragraph_that_opens_with_its_goals_heading_run_in_is_a_goal_section() -> None:
    text = "　　主要目标：全市数字经济规模突破2500亿元，同比增长15%以上，占地区生产总值比重提高2个百分点。\n一、重点任务\n"
    got = run(text, "洛阳市2023年数字经济发展工作要点", "city", "洛阳市")
    assert triples(got) == [(2500, "亿元", ">=", "2023"), (15, "%", ">=", "2023"), (2, "个百分点", "=", "2023")]
    assert got[0].indicator == "全市数字经济规模突破"


def test_the_share_of_units_that_are_to_reach_a_state_is_a_goal() -> None:
    text = "（二）主要目标。到2023年，80%以上的乡镇卫生院和社区卫生服务中心达到国家基本标准。\n二、任务\n推动5万亩以上的灌区实现在线计量。\n"
    assert triples(run(text)) == [(80, "%", ">=", "2023")]


def test_a_goal_each_of_two_sibling_measures_states_is_each_ones() -> None:
    text = (
        "一、总体要求\n（二）主要目标。到2027年，打造标杆场景20个以上。\n"
        "三、重点区域\n（七）中国算谷。每年举办场景对接活动不少于2场。\n（八）虚拟现实之都。每年举办场景对接活动不少于2场。\n"
        "四、重点任务\n（九）推广场景。打造标杆场景20个以上。\n"
    )
    doc = build_document(SourceText("t.txt", text, "text", "0"))
    got = targets(doc, PolicyInfo(level="province", region="山东省"), measures(doc))
    assert triples(got) == [(20, "个", ">=", "2027"), (2, "场", ">=", None), (2, "场", ">=", None)]


def test_每年_opening_a_sentence_recurs_over_all_its_clauses() -> None:
    text = "一、重点任务\n（一）推广场景。实施场景示范应用。每年举办场景对接活动不少于3场、提供场景服务不少于100次，促进不少于10项新技术新产品首用首试。\n"
    got = run(text, "某某行动计划（2024—2027年）")
    assert triples(got) == [(3, "场", ">=", None), (100, "次", ">=", None), (10, "项", ">=", None)]
    assert {t.scope for t in got} == {"每年"}


def test_a_year_that_opens_a_line_a_layout_wrapped_into_the_paragraph_before_still_opens_its_clause() -> None:
    # (a line before it ended without a mark: unwrapping made the break a space)
    text = (
        "一、总体要求\n以习近平新时代中国特色社会主义思想为指导，推动电力装备制造业高质量发展\n"
        "到2027年，电力装备制造业数字化转型取得明显成效。一是数字化水平明显提升，关键工序数控化率超过75%。二是标杆引领作用持续增强，"
        "建成15个左右国家级智能工厂。\n"
        "二、发展现状\n我国已实现“市市通千兆、县县通5G、村村通宽带”。截\n至2022年底，5G基站数量达231.2万个，较2021年新增88.7\n万个。\n"
    )
    assert triples(run(text)) == [(75, "%", ">=", "2027"), (15, "个", "~", "2027")]


def test_an_annual_rate_keeps_the_deadline_of_its_period() -> None:
    text = "一、总体要求\n坚持创新驱动，到2025年，建设50个左右特色园区，大模型产业年度收入增幅不低于25%。\n"
    assert triples(run(text)) == [(50, "个", "~", "2025"), (25, "%", ">=", "2025")]


def test_a_text_without_its_head_is_dated_by_its_printing_line() -> None:
    text = (
        "一、打造数字政府\n1.推动政务服务数字化转型。年底前，省级依申请政务服务事项网上可办率不低于90%。\n"
        "抄送：省委各部门。\n  山东省人民政府办公厅2019年3月15日印发\n"
    )
    assert triples(run(text, None, "province", "山东省")) == [(90, "%", ">=", "2019")]


def test_a_year_that_starts_an_action_is_its_deadline_for_its_sentence() -> None:
    text = (
        "（二）工作目标\n2016年启动50个以上智能制造试点示范项目，2017年总结经验和推广应用同步推进。"
        "三年计划培育150家以上智能制造试点示范企业。\n"
    )
    assert triples(run(text)) == [(50, "个", ">=", "2016"), (150, "家", ">=", None)]


def test_a_step_of_a_timeline_that_sets_a_goal_gives_it_its_year() -> None:
    text = (
        "一、主要任务\n（一）职业教育。2020年，支持职业院校建设人工智能专业；2021年，成立产教融合联盟；"
        "2022年，全市职业院校人工智能领域技术技能人才培养总规模达到5000人以上。\n"
        "二、工作回顾\n2022年，全市建成实训基地12个。\n"
    )
    assert [(t.value, t.deadline) for t in run(text)] == [(5000, "2022")]


def test_the_goals_a_year_lists_a_dash_each_take_its_year() -> None:
    text = (
        "一、总体要求\n以习近平新时代中国特色社会主义思想为指导，到2026年，人工智能产业规模大幅提升，主要目标如下：\n"
        "——创新能力。打造2—3个国家级开放创新平台、5个以上公共服务平台。\n——集群发展。打造10个左右特色园区。\n"
        "二、重点任务\n（一）建设基地。建设5个基地。\n"
    )
    assert triples(run(text)) == [("2-3", "个", "range", "2026"), (5, "个", ">=", "2026"), (10, "个", "~", "2026"), (5, "个", "=", None)]


def test_values_a_list_of_years_pairs_in_order_take_each_its_year() -> None:
    text = (
        "一、发展目标\n全省信息技术产业营收年均增长10%以上，2024年、2025年分别突破2.2万亿元、2.4万亿元。"
        "到2027年，全省软件业务收入2022年、2025年分别达到1000亿元和1500亿元。\n"
    )
    got = run(text, level="province", region="山东省")
    assert [(t.value, t.unit, t.deadline) for t in got][1:] == [(2.2, "万亿元", "2024"), (2.4, "万亿元", "2025"),
                                                                (1000, "亿元", "2022"), (1500, "亿元", "2025")]
    assert all("分别" not in t.indicator and "2025年" not in t.indicator for t in got)


def test_a_box_drawn_table_of_yearly_goals_gives_a_goal_for_each_year_from_the_documents() -> None:
    """An action plan's table drawn with box characters (指标 │ 2023年 │ 2024年 │ 2025年), issued in
    2023: each year from the document's own on is a goal's (a plan's table of 2020年 │ 2025年
    issued in 2021 keeps 2020 as its baseline)."""
    text = (
        "一、主要目标\n到2025年，全市充电基础设施体系基本建成。\n年度目标表\n"
        "┌──────────┬──────┬──────┬──────┐\n"
        "│指标          │2023年│2024年│2025年│\n"
        "├──────────┼──────┼──────┼──────┤\n"
        "│充电桩累计数（个）│18000 │26000 │35000 │\n"
        "│公共快充桩占比（%）│40    │45    │≥50   │\n"
        "└──────────┴──────┴──────┴──────┘\n"
        "二、重点任务\n"
    )
    src = SourceText("t.txt", text, "text", "0")
    got = targets(build_document(src), PolicyInfo(title="某市行动计划", level="city", region="宜昌市", date="2023-08-28"))
    assert sorted((t.value, t.unit, t.comparator, t.deadline) for t in got) == [
        (40, "%", "=", "2023"), (45, "%", "=", "2024"), (50, "%", ">=", "2025"),
        (18000, "个", "=", "2023"), (26000, "个", "=", "2024"), (35000, "个", "=", "2025")]
