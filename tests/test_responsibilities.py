"""Responsibilities: parentheticals, tables, lead sentences, and the score on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluate import score
from kg.extract import extract
from kg.extract.document import build_document
from kg.extract.responsibilities import LEAD_FIRST, parse_assignment, responsibilities
from kg.extract.structure import measures
from kg.ingest import read_document
from kg.models import Extraction, PolicyInfo, SourceText

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = SEEDS / "corpus"


def run(text: str, level: str | None, region: str | None, issuers: list[str] | None = None):
    src = SourceText("t.txt", text, "text", "0")
    r = Extraction("t.txt", "0", PolicyInfo(level=level, region=region, issuers=issuers or []))
    doc = build_document(src)
    r.measures = measures(doc)
    r.responsibilities = responsibilities(doc, r.policy, r.measures)
    return [(x.measure, x.department, x.role) for x in r.responsibilities], r


# --- the parenthetical parser ---------------------------------------------------------


@pytest.mark.parametrize(
    "content, expected",
    [
        ("县教育局、县发改局按照职责分工负责", [("responsible", "县教育局、县发改局")]),
        ("县教育局牵头负责", [("lead", "县教育局")]),
        ("县教育局、县农科局牵头负责", [("lead", "县教育局、县农科局")]),
        ("县教育局会同有关部门负责", [("lead", "县教育局")]),
        ("县教育局、县工信商务局、县人社局会同有关部门按照职责分工分别负责", [("lead", "县教育局、县工信商务局、县人社局")]),
        ("生态环境部牵头，国家发展改革委、财政部参与", [("lead", "生态环境部"), ("support", "国家发展改革委、财政部")]),
        ("生态环境部牵头，有关部门参与", [("lead", "生态环境部")]),
        ("省教育厅牵头，省直有关部门配合", [("lead", "省教育厅")]),
        ("省发展改革委牵头，省教育厅、省财政厅等按职责分工负责", [("lead", "省发展改革委"), ("support", "省教育厅、省财政厅")]),
        ("市教育局、各区、县（市）政府负责", [("responsible", "市教育局、各区、县（市）政府")]),
        ("教育部会同财政部负责", [("lead", "教育部"), ("support", "财政部")]),
        ("教育部负责，财政部配合", [("responsible", "教育部"), ("support", "财政部")]),  # (no 牵头, no 会同: no lead named)
        # (the lead departments of a mechanism: a noun, not the word of a lead's role)
        ("省发展改革委、省科技厅、省“十强产业”协调推进机制牵头部门负责",
         [("responsible", "省发展改革委、省科技厅、省“十强产业”协调推进机制牵头部门")]),
        ("省大数据局、省公安厅分工负责，各市政府配合", [("responsible", "省大数据局、省公安厅"), ("support", "各市政府")]),
        ("国家发展改革委、国家能源局等按职责分工负责，省级人民政府负责落实",
         [("responsible", "国家发展改革委、国家能源局"), ("responsible", "省级人民政府")]),
        ("海关总署、财政部、税务总局负责", [("responsible", "海关总署、财政部、税务总局")]),
        ("工业和信息化部、发展改革委、科技部等负责", [("responsible", "工业和信息化部、发展改革委、科技部")]),
        ("负责部门：商务部、海关总署；适用范围：所有自贸试验区", [("responsible", "商务部、海关总署")]),
        ("负责部门：发展改革委、粮食和储备局，适用范围：浙江自贸试验区", [("responsible", "发展改革委、粮食和储备局")]),
        ("牵头单位：市教育局；配合单位：市财政局", [("lead", "市教育局"), ("support", "市财政局")]),
        ("人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同", [("responsible", "人力资源社会保障部、财政部")]),
    ],
)
def test_parse_assignment(content, expected):
    assert parse_assignment(content) == expected


@pytest.mark.parametrize("content", ["试行", "2021—2025年", "以下简称“联席会议”", "含技工院校", "共5项", "市"])
def test_parse_assignment_rejects_other_parentheticals(content):
    assert parse_assignment(content) is None


def test_lead_first_statement():
    assert LEAD_FIRST.search("（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）")
    assert LEAD_FIRST.search("注：排在第一位的部门为牵头部门。")
    assert LEAD_FIRST.search("各项任务中第一个为牵头单位")
    assert LEAD_FIRST.search("排在首位的为牵头单位")
    assert not LEAD_FIRST.search("由教育部门牵头、相关部门参与")


# --- in documents ------------------------------------------------------------------------


def test_parenthetical_closes_the_innermost_measure():
    text = (
        "XX县实施方案\n一、构建格局\n（一）统筹规划。做好规划。（县教育局、县发改局按照职责分工负责）\n"
        "（二）促进融合。做好融合。（县教育局会同有关部门负责）\n（三）金融支持。（人民银行XX县支行、县财政局、各商业保险公司）\n"
        "（四）修订办法（试行）。（以下简称办法）\n"
    )
    got, r = run(text, "county", "XX县")
    assert got == [
        ("一", "XX县教育局", "responsible"), ("一", "XX县发展和改革局", "responsible"),
        ("二", "XX县教育局", "lead"),
        ("三", "中国人民银行XX县支行", "responsible"), ("三", "XX县财政局", "responsible"), ("三", "各商业保险公司", "responsible"),
    ]
    first = r.responsibilities[0]
    assert first.measure_key == "一/（一）" and first.aliases == ["县教育局"] and first.kind == "government"
    assert text[first.span.start : first.span.end] == "县教育局"
    second = r.responsibilities[1]
    assert text[second.span.start : second.span.end] == "县发改局" and second.span.start > first.span.end
    assert r.responsibilities[-1].kind == "enterprise"


def test_lead_first_document():
    text = (
        "一、支持企业\n（一）稳岗。返还失业保险费。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）\n"
        "（二）担保。（财政部、工业和信息化部、人民银行负责）\n（三）落实。（各有关部门和单位，各省级人民政府按职责分工负责）\n"
    )
    got, _ = run(text, "national", None)
    assert got == [
        ("一", "人力资源和社会保障部", "lead"), ("一", "财政部", "support"),
        ("二", "财政部", "lead"), ("二", "工业和信息化部", "support"), ("二", "中国人民银行", "support"),
        ("三", "各省级人民政府", "responsible"),
    ]


def test_sentence_naming_a_lead():
    text = "三、保障措施\n30.成立由教育部门牵头、相关部门参与的工作专班。\n31.建立由政府负责人牵头的工作机制。\n"
    got, _ = run(text, "city", "沈阳市")
    assert got == [("30", "沈阳市教育局", "lead")]


def test_table_roles_and_deadlines():
    lead_table = "序号\t工作任务\t完成时限\t牵头部门\t责任部门\n1\t建设园区\t2025年\t市教育局\t市人力资源社会保障局、发展改革委\n"
    got, r = run(lead_table, "city", "沈阳市")
    assert got == [
        ("1", "沈阳市教育局", "lead"), ("1", "沈阳市人力资源和社会保障局", "support"), ("1", "沈阳市发展和改革委员会", "support"),
    ]
    assert {x.deadline for x in r.responsibilities} == {"2025年"} and r.responsibilities[0].measure_key == "1"

    resp_table = "序号 |\n工作任务 |\n责任部门 |\n完成时限 |\n1 |\n建设园区。 |\n市发展改革委 市委编办 西峰区政府 |\n2025年 |\n"
    got, r = run(resp_table, "city", "庆阳市")
    assert got == [
        ("1", "庆阳市发展和改革委员会", "responsible"), ("1", "庆阳市委机构编制委员会办公室", "responsible"),
        ("1", "庆阳市西峰区人民政府", "responsible"),
    ]
    assert r.responsibilities[1].kind == "party"

    other = "序号\t改革举措\t配合单位\t指导部门\n1\t审判改革\t县财政局\t县教育局\n"
    got, _ = run(other, "county", "XX县")
    assert got == [("1", "XX县财政局", "support"), ("1", "XX县教育局", "responsible")]


# --- end to end ----------------------------------------------------------------------------


def _score(gold_dir: Path, doc_dir: Path):
    pairs = []
    for g in sorted(gold_dir.glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        if "responsibilities" not in gold:
            continue
        pred = extract(read_document(str(doc_dir / gold["source"]))).to_gold(provenance=False)
        pairs.append((gold, pred))
    return score(pairs), len(pairs)


def test_seed_responsibilities_f1():
    counts, n = _score(SEEDS / "gold", SEEDS)
    assert n == 5
    assert counts["responsibilities+role"].f1 >= 0.90, counts["responsibilities+role"]
    assert counts["responsibilities"].f1 >= 0.90, counts["responsibilities"]


def test_corpus_responsibilities_f1():
    gold_dir = CORPUS / "gold"
    if not gold_dir.is_dir() or not any(gold_dir.glob("*.json")):
        pytest.skip("no corpus gold")
    counts, n = _score(gold_dir, CORPUS)
    if n == 0:
        pytest.skip("no corpus gold with responsibilities")
    assert counts["responsibilities+role"].precision >= 0.90, counts["responsibilities+role"]
    assert counts["responsibilities+role"].f1 >= 0.85, counts["responsibilities+role"]


def test_assignment_lines_under_a_measure():
    text = (
        "一、重点任务\n1.建设园区。做好规划。\n牵头单位：市发展改革委；责任单位：市教育局、财政局\n完成时限：2022年底\n"
        "2.完善设置。\n责任单位：市教育局、市人社局\n"
    )
    got, r = run(text, "city", "沈阳市")
    assert got == [
        ("1", "沈阳市发展和改革委员会", "lead"), ("1", "沈阳市教育局", "support"), ("1", "沈阳市财政局", "support"),
        ("2", "沈阳市教育局", "responsible"), ("2", "沈阳市人力资源和社会保障局", "responsible"),
    ]
    assert r.responsibilities[0].deadline == "2022年底" and r.responsibilities[-1].deadline is None


def test_parenthetical_with_brackets_inside():
    text = "1.建设园区。做好规划。（市教育局，各区、县（市）政府）\n2.完善设置。（市教育局牵头，各区、县（市）政府负责）\n"
    got, _ = run(text, "city", "沈阳市")
    assert got == [
        ("1", "沈阳市教育局", "responsible"), ("1", "沈阳市各区、县（市）人民政府", "responsible"),
        ("2", "沈阳市教育局", "lead"), ("2", "沈阳市各区、县（市）人民政府", "support"),
    ]


# --- duties written in articles and sentences --------------------------------------------


def law(text: str, level: str | None = "city", region: str | None = "XX市"):
    src = SourceText("t.txt", text, "text", "0")
    e = extract(src) if level is None else None
    if e is not None:
        return [(x.measure, x.department, x.role) for x in e.responsibilities]
    got, _ = run(text, level, region)
    return got


def test_articles_are_measures_and_functional_names_stay_functional():
    text = (
        "第一条 为了加强管理，制定本条例。\n"
        "第二条 市人民政府水行政主管部门负责本市的节约用水工作。\n"
        "县级以上人民政府卫生健康主管部门按照职责分工负责有关工作。乡镇人民政府、街道办事处协助做好相关工作。\n"
        "第三条 民政部门应当会同财政、住房和城乡建设等部门对服务设施进行监督检查。\n"
        "第四条 用人单位应当依法缴纳保险费。\n"
    )
    got = law(text)
    assert ("二", "XX市水行政主管部门", "responsible") in got
    assert ("二", "县级以上人民政府卫生健康主管部门", "responsible") in got
    assert ("二", "乡镇人民政府", "support") in got and ("二", "街道办事处", "support") in got
    assert ("三", "民政部门", "lead") in got
    assert ("三", "财政部门", "support") in got and ("三", "住房和城乡建设部门", "support") in got
    assert not any(m == "四" for m, _, _ in got)  # 应当 alone assigns nothing


def test_items_inside_an_article_belong_to_it():
    text = "第一条 为了…，制定本办法。\n第二条 市、县（区）人民政府文物行政部门负责下列工作：\n（一）普查；\n（二）保护。\n"
    assert law(text) == [("二", "市、县（区）人民政府文物行政部门", "responsible")]


def test_nouns_and_mentions_assign_nothing():
    text = (
        "第一条 为了…，制定本条例。\n"
        "第二条 乡镇人民政府在县人民政府文物行政部门的指导下做好保护工作。\n"
        "第三条 街道办事处应当确定一名负责养老服务工作的人员。\n"
        "第四条 有关部门和各地区负责做好宣传工作。\n"
    )
    assert law(text) == []


def test_subjects_by_short_name_possessive_and_distributed_suffix():
    text = (
        "第一条 为了…，制定本条例。\n"
        "第二条 市人民政府确定的部门（以下简称城市管理部门）负责城市管理工作。\n"
        "第三条 市和区、县教育行政部门负责组织学校开展安全工作。\n"
        "第四条 市人民政府应当加强领导，其文物保护委员会负责协调重大事项。\n"
    )
    got = law(text)
    assert ("二", "城市管理部门", "responsible") in got
    assert ("三", "XX市教育行政部门", "responsible") in got and ("三", "区、县教育行政部门", "responsible") in got
    assert ("四", "XX市人民政府文物保护委员会", "responsible") in got


def test_closing_paragraph_and_etc_and_collectives():
    text = (
        "一、主要任务\n（一）建设平台。做好工作。\n（二）完善机制。做好工作。\n"
        "国家发展改革委等和各省级人民政府负责组织实施。\n"
    )
    got, r = run(text, "national", None)
    assert ("二", "国家发展和改革委员会", "responsible") in got and ("二", "各省级人民政府", "responsible") in got
    kinds = {x.department: x.kind for x in r.responsibilities}
    assert kinds["各省级人民政府"] == "collective"


def test_a_default_for_the_rest_of_a_list():
    text = "一、试点任务\n以下均需试点城市人民政府落实，不再列出。\n（一）建设平台。\n（二）完善机制。\n二、保障\n（一）加强领导。\n"
    got, r = run(text, None, None)
    assert got == [("一", "试点城市人民政府", "responsible"), ("二", "试点城市人民政府", "responsible")]
    assert r.responsibilities[0].kind == "collective"


def test_bodies_that_take_part_after_a_lead_support_it():
    """联席会议由X牵头，Y、Z等部门和单位参加 (the formula of every 联席会议 a 批复 sets up): after
    a lead, 参加 is a support's word, as 参与 is; alone (参加培训) it takes part in an activity."""
    text = ("一、同意建立部际联席会议制度。\n"
            "二、联席会议由国家发展改革委牵头，工业和信息化部、财政部、商务部等部门和单位参加。\n"
            "三、财政部参加有关培训。\n")
    got, _ = run(text, "national", None)
    assert sorted(got) == sorted([("二", "国家发展和改革委员会", "lead"), ("二", "工业和信息化部", "support"),
                                  ("二", "财政部", "support"), ("二", "商务部", "support")])


def test_a_body_that_bears_overall_responsibility_is_responsible():
    """X对…负总责 (role_words.tsv: 负总责, responsible) had been passed over: the sentences were
    read only when they held one of a second, shorter list of role words."""
    text = "第五条 市人民政府对城市饮用水水源保护工作负总责。\n第六条 市生态环境主管部门负责监督管理。\n"
    got, _ = run(text, "city", "开封市")
    assert ("五", "开封市人民政府", "responsible") in got


def test_a_body_set_off_by_a_colon_the_body_responsible_and_a_lists_adverb():
    """市教育局：负责… (a division of duties by colons), X是…的责任主体 (the body responsible:
    a frame as 是…主管部门), and 各县区政府具体落实 after a lead (具体 no part of the name)."""
    text = ("一、职责分工\n（一）市教育局：负责全市职业教育统筹规划。\n（二）各县区政府是本辖区职业教育工作的责任主体。\n"
            "（三）建设实训基地。（市教育局牵头，各县区政府具体落实）\n")
    got, _ = run(text, "city", "兰州市")
    assert sorted(got) == sorted([("一", "兰州市教育局", "responsible"), ("二", "兰州市各县区人民政府", "responsible"),
                                  ("三", "兰州市教育局", "lead"), ("三", "兰州市各县区人民政府", "support")])


def test_a_collective_lends_its_regions_to_a_bare_government_after_it():
    """各乡镇党委、政府具体负责: the towns' party committees and their governments, each of
    the county (a bare 政府 had read as the county's own, or the sentence as no list)."""
    text = "一、重点任务\n（一）改善人居环境。各乡镇党委、政府具体负责。\n（二）建设平台。（各乡镇党委、政府负责）\n"
    got, _ = run(text, "county", "靖远县")
    assert sorted(got) == sorted([(m, d, "responsible") for m in ("一", "二") for d in ("靖远县各乡镇党委", "靖远县各乡镇人民政府")])


def test_a_departments_own_plan_assigns_its_divisions():
    """A department's own plan names its divisions (牵头处室：规划处；配合处室：财务处、人事处): the
    keys of its assignments (处室 as 单位), each division its own (甘肃省教育厅规划处), in a
    parenthetical's list as in a sentence; after a lead, 负责落实 supports."""
    text = ("一、重点任务\n（一）推进教育强省建设。（牵头处室：规划处；配合处室：财务处、人事处）\n"
            "（二）发展职业教育。职成处牵头，各市州教育局负责落实。\n")
    got, _ = run(text, "province", "甘肃省", issuers=["甘肃省教育厅"])
    assert sorted(got) == sorted([("一", "甘肃省教育厅规划处", "lead"), ("一", "甘肃省教育厅财务处", "support"),
                                  ("一", "甘肃省教育厅人事处", "support"), ("二", "甘肃省教育厅职成处", "lead"),
                                  ("二", "各市州教育局", "support")])


def test_a_party_committee_and_a_government_joined_by_and_are_two_bodies():
    """责任单位：各县区党委和政府 names the counties' party committees and their governments, two
    bodies (had been one name, 各县区党委和人民政府)."""
    text = "一、稳定粮食生产。（牵头单位：市农业农村局；责任单位：各县区党委和政府）\n二、巩固成果。（县委和县政府负责）\n"
    got, _ = run(text, "city", "庆阳市")
    assert ("一", "庆阳市各县区党委", "support") in got and ("一", "庆阳市各县区人民政府", "support") in got
    assert not any("和" in d for _, d, _ in got if "党委" in d or "政府" in d)


def test_a_note_of_when_or_where_after_an_assignment():
    """（国家发展改革委、财政部等按职责分工负责，2024年底前完成）, （…负责；适用范围：自贸试验区）:
    the note says when or where, the assignment before it who (it had given no row)."""
    text = ("一、重点任务\n（一）建设平台。（国家发展改革委、财政部等按职责分工负责，2024年底前完成）\n"
            "（二）扩大开放。（商务部、海关总署按职责分工负责；适用范围：自贸试验区）\n")
    got, _ = run(text, "national", None)
    assert sorted(got) == sorted([("一", "国家发展和改革委员会", "responsible"), ("一", "财政部", "responsible"),
                                  ("二", "商务部", "responsible"), ("二", "海关总署", "responsible")])


def test_a_default_that_names_its_bodies_with_brackets():
    """以下任务均需各市、县（市、区）人民政府落实，不再列出 in the heading of a section: the
    bodies of every measure of that section, not of the next (the brackets had ended the name)."""
    text = ("一、持续优化发展环境（以下任务均需各市、县（市、区）人民政府落实，不再列出）\n"
            "（一）破除市场准入壁垒。（省发展改革委负责）\n（二）强化公平竞争审查。（省市场监管局牵头，省司法厅配合）\n"
            "二、加大要素支持\n（三）加强用地保障。（省自然资源厅负责）\n")
    got, _ = run(text, "province", "浙江省")
    every = "浙江省各市、县（市、区）人民政府"
    assert ("一", every, "responsible") in got and ("二", every, "responsible") in got
    assert not any(m == "三" and d == every for m, d, _ in got)


def test_form_fields_are_not_measures_and_divisions_keep_their_parent():
    text = (
        "一、城市交通研究\n（一）试点单位。\nXX大学。\n（二）试点指导单位。\n交通运输部运输服务司牵头，科技司配合。\n"
        "二、货运研究\n（一）试点单位。\nXX大学。\n（二）试点指导单位。\n交通运输部综合规划司牵头，科技司配合。\n"
    )
    got, _ = run(text, "national", None)
    assert ("一", "交通运输部运输服务司", "lead") in got and ("二", "交通运输部综合规划司", "lead") in got
    assert ("一", "交通运输部科技司", "support") in got  # a division is named with its parent
    assert all(m in ("一", "二") for m, _, _ in got)


def test_header_less_text_speaks_from_the_region_it_names():
    text = "为推动我市发展，济南市制定本政策。\n1．支持研发。（责任单位：市科技局、济南高新区管委会）\n全市各部门要抓好落实。\n"
    got, _ = run(text, None, None)
    assert got == [("1", "济南市科学技术局", "responsible"), ("1", "济南高新区管委会", "responsible")]


def test_supervised_body_and_time_clause_after_a_subject():
    text = (
        "第一条 为了…，制定本条例。\n"
        "第二条 有偿使用的经费，由财政部门监督科技行政部门负责回收。\n"
        "第三条 县教育行政部门接到报告后，应当及时报告，并派人指导事故处理。\n"
        "第四条 工业和信息化部会同民政部等有关部门先后印发了《甲规划》。\n"
    )
    got = law(text)
    assert ("二", "科技行政部门", "responsible") in got and not any(d == "财政部门" for _, d, _ in got)
    assert ("三", "县教育行政部门", "responsible") in got
    assert not any(m == "四" for m, _, _ in got)  # what was done is history


def test_assignment_word_holds_every_role_key():
    """parse_assignment skips a clause without an ASSIGNMENT_WORD: every role key it reads
    and every role word closing its patterns must be one."""
    from kg.extract import regexes as rx
    from kg.extract.responsibilities import _KV_ROLE, parse_assignment

    for key in _KV_ROLE:
        assert rx.ASSIGNMENT_WORD.fullmatch(key), key
    for closing in ("落实", "承担", "实施", "协助", "配合", "参与"):
        assert rx.ASSIGNMENT_WORD.fullmatch(closing), closing
    assert parse_assignment("市教育局、市财政局按照职责分工分别承担") == [("responsible", "市教育局、市财政局")]
    assert parse_assignment("2021—2025年") is None


def test_a_duty_stated_again_is_read_the_same_and_a_long_sentence_too():
    from kg.extract.responsibilities import _duties, _read_duties

    s = "市教育局负责，市财政局、市人力资源社会保障局配合"
    first = _duties(s, {})
    again = _duties(s, {})
    assert first == again == _read_duties(s, {}) and first is not again
    assert [(d.role, d.names) for d in first] == [("responsible", ("市教育局",)), ("support", ("市财政局", "市人力资源社会保障局"))]
    long = "，".join(["市教育局负责学校建设"] * 60)  # a run without a stop: read, not kept
    assert _duties(long, {}) == _read_duties(long, {})


def test_lead_first_found_near_its_anchor_as_everywhere():
    from kg.extract import regexes as rx
    from kg.extract.responsibilities import LEAD_FIRST_ANCHOR

    text = ("（市教育局牵头，市财政局配合）注：排名在第一位的单位为牵头单位。各项任务中第一个为牵头单位；"
            "由教育部门牵头。排在首位的为牵头单位，列最前面的部门是牵头部门。名列前面的者为牵头")
    found = [m.span() for m in rx.finditer_near(LEAD_FIRST, text, LEAD_FIRST_ANCHOR)]
    assert found == [m.span() for m in LEAD_FIRST.finditer(text)] and len(found) >= 3


def test_every_role_word_holds_what_the_sentence_gate_looks_for():
    """A sentence is read only when its text outside parentheticals holds a piece of a
    role word: each role word's pattern, wherever it matches, holds one."""
    import re

    from kg.extract.responsibilities import _role_re, _role_word_re, role_words

    for w in role_words():
        sample = "市教育局" + w.word.replace("…", "本市的学校") + "工作"
        m = _role_re(w.place).search(sample) or re.search(re.escape(w.word.split("…")[0]), sample)
        assert m is not None, w.word
        assert _role_word_re().search(sample, m.start(), m.end()), w.word


def test_a_role_word_only_inside_a_parenthetical_gives_no_duty_of_the_sentence():
    text = "一、任务\n（一）建设实训基地。（市教育局负责）\n（二）办好学校，市财政局负总责。\n（三）完善制度（市人社局牵头）。市民政局负责养老服务。"
    src = SourceText("a.txt", text, "text", "0")
    doc = build_document(src)
    policy = PolicyInfo(level="city", region="沈阳市")
    found = [(r.measure, r.department, r.role, r.span.start) for r in responsibilities(doc, policy, measures(doc))]
    assert found == [
        ("一", "沈阳市教育局", "responsible", text.index("市教育局")),  # (the parenthetical's, once)
        ("三", "沈阳市人力资源和社会保障局", "lead", text.index("市人社局")),
        ("二", "沈阳市财政局", "responsible", text.index("市财政局")),  # (负总责: role_words.tsv's, as any role word)
        ("三", "沈阳市民政局", "responsible", text.index("市民政局")),
    ]


def test_the_competent_authority_of_an_older_law():
    """主管机关, the older laws' word for 主管部门: X是…的主管机关 makes X responsible; a
    主管机关 only named (向有关主管机关报告) assigns nothing."""
    text = (
        "第一条 为了加强管理，制定本条例。\n"
        "第二条 县级以上人民政府公安机关是本行政区域内查禁赌博的主管机关。\n"
        "第三条 发现赌博活动的单位，应当向有关主管机关报告。\n"
    )
    got = law(text)
    assert ("二", "县级以上人民政府公安机关", "responsible") in got
    assert not any(m == "三" for m, _, _ in got)


def test_assignment_keys_after_a_sentence_of_the_measure_line():
    """牵头单位：… written on the measure's own line after its task (or in 【】, or right
    after the measure's number) assigns it as a line of its own does; a sentence after
    the value is no part of it."""
    text = (
        "一、重点任务\n"
        "（一）完善政策体系。加快制定配套政策。牵头单位：市教育局；配合单位：市财政局、市人力资源社会保障局。\n"
        "（二）强化督查。加强日常督查。【牵头单位：市政府督查室；责任单位：各区、县（市）政府】\n"
        "（三）推进试点。开展试点工作。责任单位：市商务局。完成时限：2022年底前。各部门要抓好落实。\n"
        "（四）牵头单位：市卫生健康委；配合单位：市民政局\n"
    )
    got, r = run(text, "city", "沈阳市")
    assert sorted(got) == sorted([
        ("一", "沈阳市教育局", "lead"), ("一", "沈阳市财政局", "support"), ("一", "沈阳市人力资源和社会保障局", "support"),
        ("二", "沈阳市人民政府督查室", "lead"), ("二", "沈阳市各区、县（市）人民政府", "support"),
        ("三", "沈阳市商务局", "responsible"),
        ("四", "沈阳市卫生健康委员会", "lead"), ("四", "沈阳市民政局", "support"),
    ])
    assert {x.deadline for x in r.responsibilities if x.measure == "三"} == {"2022年底前"}


def test_duties_by_division_of_duties_lead_units_and_unified_supervision():
    """X按职责分工负责/落实 (no 要 between), X为牵头单位 / X作为牵头部门，会同Y (Y supports),
    地方各级人民政府 (a class across levels), 对…实施统一监督管理 (also after a comma); a term
    defined (本条例所称X，是指…) and the departments of two bodies (X和Y的有关部门) assign nothing."""
    from kg.extract.responsibilities import sentence_duties

    def duties(s: str) -> list[tuple[str, tuple[str, ...]]]:
        return [(d.role, d.names) for d in sentence_duties(s)]

    assert duties("市文旅局、市教育局按职责分工负责宣传工作。") == [("responsible", ("市文旅局", "市教育局"))]
    assert duties("市委宣传部、市教育局按职责分工落实。") == [("responsible", ("市委宣传部", "市教育局"))]
    assert duties("市发展改革委为牵头单位，市财政局配合。") == [("lead", ("市发展改革委",)), ("support", ("市财政局",))]
    assert duties("市商务局作为牵头部门，会同市市场监管局组织实施。") == [("lead", ("市商务局",)), ("support", ("市市场监管局",))]
    assert duties("地方各级人民政府对本行政区域的环境质量负责。") == [("responsible", ("地方各级人民政府",))]
    assert duties("县级以上地方各级人民政府民政部门负责本行政区域的工作。") == [("responsible", ("县级以上地方各级人民政府民政部门",))]
    assert duties("国务院生态环境主管部门对全国环境保护工作实施统一监督管理。") == [("responsible", ("国务院生态环境主管部门",))]
    assert duties("县级以上地方人民政府环境保护主管部门，对本行政区域环境保护工作实施统一监督管理。") == [
        ("responsible", ("县级以上地方人民政府环境保护主管部门",))]
    assert duties("县以上气象主管机构负责本行政区域内的气象工作。") == [("responsible", ("县以上气象主管机构",))]  # (主管 of a name)
    # levels listed with 设区的市 or after 沿海 are one class, as 市、县（区）X is
    assert duties("设区的市、县（市）人民政府民政部门应当会同自然资源等部门编制规划。") == [
        ("lead", ("设区的市、县（市）人民政府民政部门",)), ("support", ("自然资源部门",))]
    assert duties("沿海设区的市、县（市、区）生态环境主管部门应当会同有关部门拟定规划。") == [("lead", ("沿海设区的市、县（市、区）生态环境主管部门",))]
    assert duties("国有资产监督管理机构负责指导国有企业建立现代企业制度。") == [("responsible", ("国有资产监督管理机构",))]
    # a principle the role word is a piece of: 政府负责、部门协同…的机制
    assert duties("本市乡村振兴促进工作坚持党委统一领导，健全市负总责、区和乡镇抓落实的工作机制。") == []
    assert duties("国务院和地方各级人民政府根据分级管理、分工负责的原则，领导和管理教育工作。") == []
    assert duties("各级人民政府应当建立健全城乡规划管理体系，实行行政首长负责制。") == []  # (负责制: a system)
    assert duties("重大林业有害生物灾害防治实行地方人民政府负责制。") == []
    assert duties("市教育局负责制定实施方案。") == [("responsible", ("市教育局",))]
    # a subject set off by a comma before 负责; a body set up by another is the one that does it
    assert duties("国务院兽医行政管理部门，负责制定药物饲料添加剂品种目录。") == [("responsible", ("国务院兽医行政管理部门",))]
    assert duties("国务院设立国家禁毒委员会，负责组织、协调全国禁毒工作。") == [("responsible", ("国家禁毒委员会",))]
    # ... and the words of a law that say how before it (依法, 在各自职责范围内)
    assert duties("国务院外交、公安、水利等其他有关部门，在各自职责范围内负责相关的地名管理工作。") == [
        ("responsible", ("国务院外交部门", "国务院公安部门", "国务院水利部门"))]
    assert duties("县级以上人民政府民政部门，依法负责地名管理工作。") == [("responsible", ("县级以上人民政府民政部门",))]
    # 可以会同: a body that may join others leads them when it does (as every annotator reads it)
    assert duties("各级盐业行政主管部门可以会同公安、交通、铁路等部门进行检查。") == [
        ("lead", ("各级盐业行政主管部门",)), ("support", ("公安部门", "交通部门", "铁路部门"))]
    assert duties("县级以上人民政府可以设立专项资金。") == []
    # the class the first item names lends itself to the bare items after it
    assert duties("地方电信、公安、市场监管等有关部门依据各自职责负责本行政区域的监督管理工作。") == [
        ("responsible", ("地方电信部门", "地方公安部门", "地方市场监管部门"))]
    # levels written with 级 (设区的市级、县级X) are a class kept as written
    assert duties("设区的市级（以下简称市级）、县级市场监督管理部门负责本行政区域内的监督检查工作。") == [
        ("responsible", ("设区的市级、县级市场监督管理部门",))]
    # 指导中…: guiding the bodies of a place (指导中国老年学学会, 指导中小学校), not a 指导中心
    assert duties("全国老龄办、中国老龄协会将指导中国老年学和老年医学学会等单位继续深入开展公益行动。") == [
        ("responsible", ("全国老龄办", "中国老龄协会"))]
    assert duties("县人民政府设立指导中心。") == []
    # 机构编制 is a name's word, not the verb 编制 that ends the bodies joined; 特区 is a level
    assert duties("各县（市、区、特区）教育行政部门会同同级机构编制、人力资源社会保障部门负责核定编制。") == [
        ("lead", ("各县（市、区、特区）教育行政部门",)), ("support", ("同级机构编制部门", "人力资源社会保障部门"))]
    # 对…实行监督: the wording of a supervisor's duty, as 对…进行监督
    assert duties("人民检察院依法对监狱执行刑罚的活动实行监督。") == [("responsible", ("人民检察院",))]
    # a sentence that names the authority over its matter: the bodies named are responsible
    assert duties("广告的管理机关是国家工商行政管理机关和地方各级工商行政管理机关。") == [
        ("responsible", ("国家工商行政管理机关", "地方各级工商行政管理机关"))]
    assert duties("本条例的主管部门是县级以上人民政府林业行政主管部门。") == [("responsible", ("县级以上人民政府林业行政主管部门",))]
    # …或者委托Y: the body entrusted is the object of the verb, no subject of its own
    assert duties("城镇绿化由城镇建设行政主管部门负责，也可委托林业行政主管部门负责实施。") == [("responsible", ("城镇建设行政主管部门",))]
    # the object of a verb that brings it in (吸纳X参与) is no subject
    assert duties("国家局加强工作的统筹协调，吸纳省级药品监管部门参与标准制修订。") == []
    # levels of two units (区县, 乡镇) before the body they share
    assert duties("市人民政府统一领导本市消防工作，区县（自治县）、乡镇人民政府负责本行政区域内的消防工作。") == [
        ("responsible", ("区县（自治县）人民政府", "乡镇人民政府"))]
    assert duties("县（市、区）和乡镇人民政府应当按照规划，组织实施公路绿化。") == [("responsible", ("县（市、区）人民政府", "乡镇人民政府"))]
    assert duties("区选举委员会下设办公室，负责日常工作。") == [("responsible", ("区选举委员会办公室",))]
    assert duties("血站作为公益性医疗卫生机构，负责采血。") == []
    assert duties("国家建立境外非政府组织监督管理工作协调机制，负责研究重大问题。") == []  # (an arrangement, no body)
    assert duties("国务院农业农村、自然资源等主管部门在各自职责范围内对土壤污染防治工作实施监督管理。") == [
        ("responsible", ("国务院农业农村主管部门", "国务院自然资源主管部门"))]
    # …and 国务院 distributes over the functional names of the list, not over a body of its own
    from kg.extract.departments import distributed
    assert distributed(("国务院农业农村主管部门", "自然资源主管部门", "海关"), "national") == (
        ("国务院农业农村主管部门", None), ("自然资源主管部门", "国务院"), ("海关", None))
    assert duties("本条例所称许可机关，是指交通运输主管部门。") == []
    assert duties("国务院和地方各级人民政府的有关部门应当积极参与普查工作。") == []
    assert duties("城市居民最低生活保障制度实行地方各级人民政府负责制。") == []
    assert duties("地方各级人民政府和政府有关部门以及协助查验证明的村民委员会应当保密。") == []


def test_a_division_named_alone_is_the_issuing_departments():
    """FORMAT: an internal division is named with its parent. In a document a department
    issues, 医政处 named alone is that department's (广州市卫生健康委员会医政处, alias 医政处); in
    a government's or a legislature's document it is not guessed."""
    text = "一、重点任务\n（一）加强医疗质量管理。由医政处负责。\n（二）推进智慧医院建设。由规划信息处牵头，医政处参与。\n"
    src = SourceText("a.txt", text, "text", "0")
    doc = build_document(src)
    own = PolicyInfo(level="city", region="广州市", issuers=["广州市卫生健康委员会"])
    found = {(r.measure, r.department, r.role, tuple(r.aliases)) for r in responsibilities(doc, own, measures(doc))}
    assert found == {
        ("一", "广州市卫生健康委员会医政处", "responsible", ("医政处",)),
        ("二", "广州市卫生健康委员会规划信息处", "lead", ("规划信息处",)),
        ("二", "广州市卫生健康委员会医政处", "support", ("医政处",)),
    }
    government = PolicyInfo(level="city", region="广州市", issuers=["广州市人民政府"])
    assert not any(r.department.endswith("医政处") for r in responsibilities(doc, government, measures(doc)))


def test_keys_after_a_sentence_are_one_assignment_each_not_the_rest_of_the_line():
    """On a line that holds several assignments (a text whose measures run on), the keys
    after a sentence assign that sentence only: a 责任单位 of its own is responsible, not a
    support of the 牵头单位 of another sentence."""
    text = ("一、重点任务。加快制定配套政策。牵头单位：市教育局；配合单位：市财政局。加大投入力度。"
            "牵头单位：市审计局；配合单位：市统计局。加强日常督查。责任单位：市政府督查室。\n")
    got, _ = run(text, "city", "沈阳市")
    assert ("一", "沈阳市人民政府督查室", "responsible") in got and ("一", "沈阳市人民政府督查室", "support") not in got
    assert ("一", "沈阳市教育局", "lead") in got and ("一", "沈阳市统计局", "support") in got


def test_a_body_marked_as_the_lead_in_a_list_leads_and_the_others_support():
    """责任单位：市交通运输局（牵头）、市财政局 marks its lead in the list: the marked body
    leads, the others support, whether the list is an assignment line, a parenthetical, a
    bare list closing a measure or a table's cell; the mark is no part of the name."""
    text = (
        "一、重点任务\n"
        "（一）加快公交车电动化。新增城市公交车全部使用新能源汽车。（责任单位：市交通运输局（牵头）、市财政局、城市管理局）\n"
        "（二）推广新能源出租车。加快更新出租车。\n责任单位：市商务局、市发展改革委（牵头单位）\n"
        "（三）建设充电设施。（市住房城乡建设局（牵头）、市自然资源和规划局）\n"
    )
    got, _ = run(text, "city", "洛阳市")
    assert sorted(got) == sorted([
        ("一", "洛阳市交通运输局", "lead"), ("一", "洛阳市财政局", "support"), ("一", "洛阳市城市管理局", "support"),
        ("二", "洛阳市发展和改革委员会", "lead"), ("二", "洛阳市商务局", "support"),
        ("三", "洛阳市住房和城乡建设局", "lead"), ("三", "洛阳市自然资源和规划局", "support"),
    ])
    table = ("序号\t工作任务\t责任单位\n1\t建设充电设施\t市住房城乡建设局（牵头）、市自然资源和规划局\n"
             "2\t推广新能源出租车\t市交通运输局\n")
    got, _ = run("附件\n重点任务分工表\n" + table, "city", "洛阳市")
    assert sorted(got) == sorted([("1", "洛阳市住房和城乡建设局", "lead"), ("1", "洛阳市自然资源和规划局", "support"),
                                  ("2", "洛阳市交通运输局", "responsible")])


def test_a_list_of_bodies_that_says_in_a_clause_which_leads():
    """责任单位：市科技局牵头，市教育局、市工信局(配合): the key names the units, its clause
    which of them leads; the lead had been lost (市科技局牵头 read as a name) and the others
    read as responsible, in a parenthetical and on a line of its own alike."""
    text = (
        "一、重点任务\n"
        "（一）培育创新主体。支持建设公共服务平台。（责任单位：市科技局牵头，市教育局、市工信局）\n"
        "（二）拓展应用场景。发布典型应用场景。\n责任单位：市工信局牵头，市数据局、各区人民政府配合；完成时限：2025年底\n"
    )
    got, _ = run(text, "city", "无锡市")
    assert sorted(got) == sorted([
        ("一", "无锡市科学技术局", "lead"), ("一", "无锡市教育局", "support"), ("一", "无锡市工业和信息化局", "support"),
        ("二", "无锡市工业和信息化局", "lead"), ("二", "无锡市数据局", "support"), ("二", "无锡市各区人民政府", "support"),
    ])


def test_bodies_that_grasp_the_carrying_out_are_responsible():
    """X按照职责分工抓好落实 (狠抓落实) is X落实 said with its verb of emphasis: X is
    responsible; a sentence that names no body (各地要抓好落实) gives no row."""
    text = ("一、重点任务\n（一）加快充电桩建设。各县（市、区）人民政府、市住房城乡建设局按照职责分工抓好落实。\n"
            "（二）加强配电网建设。市发展改革委要狠抓落实。\n（三）强化督导。各地要抓好落实。\n"
            "（四）强化政策保障。市财政局、市税务局要按照职责分工，抓好政策落实。\n")
    got, _ = run(text, "city", "洛阳市")
    assert sorted(got) == sorted([("一", "洛阳市各县（市、区）人民政府", "responsible"), ("一", "洛阳市住房和城乡建设局", "responsible"),
                                  ("二", "洛阳市发展和改革委员会", "responsible"), ("四", "洛阳市财政局", "responsible"),
                                  ("四", "洛阳市税务局", "responsible")])


def test_every_clause_after_a_lead_supports_it():
    """（国家能源局牵头，国家发展改革委、农业农村部等按职责分工负责，各省级人民政府落实）: each clause
    after the lead names supports with words of its own; the clauses were read as one list,
    and the bodies of the first clause but its first were lost."""
    text = ("一、重点任务\n（一）加快县域充电设施建设。（国家能源局牵头，国家发展改革委、农业农村部等按职责分工负责，各省级人民政府落实）\n"
            "（二）推进政务数据共享。（省政府办公厅牵头，省大数据局配合，各有关部门分工负责）\n")
    got, _ = run(text, "national", None)
    got_p, _ = run(text, "province", "山东省")
    assert ("二", "山东省人民政府办公厅", "lead") in got_p and ("二", "山东省大数据局", "support") in got_p
    assert sorted(g for g in got if g[0] == "一") == sorted([("一", "国家能源局", "lead"), ("一", "国家发展和改革委员会", "support"),
                                                             ("一", "农业农村部", "support"), ("一", "各省级人民政府", "support")])


def test_a_note_of_the_convention_after_an_assignment_line_is_no_part_of_its_last_name():
    """责任单位：市工信局、市发展改革委、市科技局（排名第一的为牵头单位，下同）: the note in brackets
    states the convention (the first leads) and names nobody: the last body is 市科技局."""
    text = ("一、重点任务\n1、推进产业数字化转型。每年培育10家省级智能工厂。责任单位：市工信局、市发展改革委、市科技局（排名第一的为牵头单位，下同）。\n"
            "2、加快建设数字基础设施。责任单位：市发展改革委、市通信发展办。\n")
    got, _ = run(text, "city", "洛阳市")
    assert sorted(got) == sorted([("1", "洛阳市工业和信息化局", "lead"), ("1", "洛阳市发展和改革委员会", "support"),
                                  ("1", "洛阳市科学技术局", "support"), ("2", "洛阳市发展和改革委员会", "lead"),
                                  ("2", "洛阳市通信发展办", "support")])


def test_a_subject_that_names_no_body_takes_its_clause_from_the_one_before():
    """有关部门负责… after a clause of another subject: the role word is the unnamed
    departments', not the earlier subject's (应当加强领导 assigns nothing); a pivot
    (协调有关部门组织…, 指定有关部门负责…) hands its clause alone, and the subject goes on after it;
    有关部门会同Y: no lead named, Y supports; a province's unnamed departments are no body;
    相关职能部门, 有关业务司局 and 有关行业主管部门 name nobody (FORMAT: 有关部门, 相关部门)."""
    text = ("第四条 市人民政府应当加强领导，各有关部门按照职责分工负责监督管理工作。\n"
            "第五条 县级人民政府应当建立渡口安全管理责任制，指定有关部门负责对渡运安全实施监督检查。\n"
            "第六条 消防救援机构应当加强消防宣传，协调有关部门组织本系统消防安全教育培训工作，督促、指导有关单位开展消防演练。\n"
            "第七条 具体补贴办法由有关部门会同市财政局制定。\n"
            "第八条 市商务局会同江苏省、浙江省有关部门建立人才互认机制。\n"
            "第九条 市市场监督管理局会同相关职能部门、有关行业主管部门负责监督检查。\n"
            "第十条 宗教事务部门依法对涉及国家利益和社会公共利益的宗教事务进行行政管理。\n")
    got = law("洛阳市公共事务管理条例\n\n" + text, level=None)
    assert sorted(got) == sorted([("六", "消防救援机构", "responsible"), ("七", "洛阳市财政局", "support"),
                                  ("八", "洛阳市商务局", "lead"), ("九", "洛阳市市场监督管理局", "lead"),
                                  ("十", "宗教事务部门", "responsible")])


def test_the_bodies_that_do_a_led_task_by_their_duties_support_the_lead():
    """省发展改革委牵头，省生态环境厅等按职责分工负责: a body after a lead in the same sentence whose
    predicate is the role word alone (按职责分工负责, 具体负责) does the led task: it supports, as in a
    parenthetical; one given a task of its own (负责资金保障) stays responsible. 省委组织部 is a
    body (组织 inside its name is no role word)."""
    text = ("一、重点任务\n（一）推进产业结构优化。省发展改革委、省工业和信息化厅牵头，省生态环境厅等按职责分工负责。\n"
            "（二）强化科技创新支撑。省科技厅牵头，省委组织部、省财政厅配合，各市人民政府具体负责。\n"
            "（三）加强人才培养。省教育厅牵头负责，省财政厅负责资金保障。\n")
    got, _ = run(text, "province", "山东省")
    assert sorted(got) == sorted([
        ("一", "山东省发展和改革委员会", "lead"), ("一", "山东省工业和信息化厅", "lead"), ("一", "山东省生态环境厅", "support"),
        ("二", "山东省科学技术厅", "lead"), ("二", "山东省委组织部", "support"), ("二", "山东省财政厅", "support"),
        ("二", "山东省各市人民政府", "support"), ("三", "山东省教育厅", "lead"), ("三", "山东省财政厅", "responsible")])


def test_a_body_named_by_a_function_of_the_alias_table_counts_in_a_plan_too():
    """公安机关负责…；应急管理部门负责…；市场监管部门负责… in a city's 通告: bodies named by their
    function, kept as written (FORMAT: functional names stay functional), though the table maps no
    bureau to these forms; a clause that ends with 部门 (形成省市县联动、多部门协同的工作格局) names none."""
    text = ("一、本市行政区域内全年全天禁止燃放烟花爆竹。\n"
            "二、公安机关负责燃放烟花爆竹的安全管理工作；应急管理部门负责烟花爆竹的安全生产监督管理工作；市场监管部门负责烟花爆竹质量的监督管理工作。\n"
            "三、各有关部门按照职责分工落实推进，形成省市县联动、多部门协同的工作格局。\n")
    got, _ = run(text, "city", "郑州市")
    assert sorted(got) == sorted([("二", "公安机关", "responsible"), ("二", "应急管理部门", "responsible"), ("二", "市场监管部门", "responsible")])


def test_a_department_that_will_lead_and_its_name_for_itself():
    """X将会同Y… (将 says when, not whom: X leads, Y supports); 我部将会同有关部门… in a document of
    交通运输部: 我部 is the department that issues it (the gold's alias); without one issuing
    department 我部 names nobody."""
    assert law("某市某某方案\n一、重点任务\n（一）完善制度。市教育局将会同市财政局制定实施细则。\n", level=None) == [
        ("一", "某市教育局", "lead"), ("一", "某市财政局", "support")]
    text = ("交通运输部关于开展智慧交通试点工作的通知\n各省、自治区、直辖市交通运输厅（局、委）：\n"
            "一、加强跟踪督导。我部将会同有关部门加强试点工作指导。\n\n交通运输部\n2023年6月1日\n")
    e = extract(SourceText("t.txt", text, "text", "0"))
    assert [(r.measure, r.department, r.role, r.aliases) for r in e.responsibilities] == [("一", "交通运输部", "lead", ["我部"])]
    e = extract(SourceText("t.txt", text.replace("交通运输部\n2023", "交通运输部　财政部\n2023"), "text", "0"))
    assert e.responsibilities == []


def test_classes_of_bodies_that_list_the_cities_a_province_governs():
    """省辖市 (the cities a province governs, as 河南 and 江苏 write them) is a level a class lists
    as 设区的市 is: 省辖市、县（市、区）测绘主管部门 is one class of bodies kept as written (FORMAT:
    classes across levels), not a 省辖市部门 and a 县（市、区） one."""
    text = ("河南省测绘管理条例\n第二条 省辖市、县（市、区）测绘主管部门负责本行政区域测绘工作的统一监督管理。\n"
            "第三条 省、省辖市、县（市、区）测绘主管部门应当编制测量标志年度维护计划，并组织实施。\n")
    assert law(text, "province", "河南省") == [("二", "省辖市、县（市、区）测绘主管部门", "responsible"),
                                             ("三", "省、省辖市、县（市、区）测绘主管部门", "responsible")]


def test_the_body_another_sets_up_is_the_subject():
    """X依法设立的Y，负责… / X根据实际需要设立的Y负责…: Y does the work (依法, 根据 and 需要 open the
    relative clause, not the predicate); 其指定的部门, 一个部门, 几个部门 name no body."""
    text = ("某省某条例\n第二条 县级以上人民政府价格主管部门依法设立的价格鉴证机构，负责价格鉴证工作。\n"
            "第三条 县级以上人民政府根据实际需要设立的森林防灭火指挥机构，负责组织、协调森林防灭火工作。\n"
            "第四条 县级以上人民政府或者其指定的部门负责登记工作。\n"
            "第五条 行政法规由国务院的一个部门或者几个部门具体负责起草工作。\n"
            "第六条 不设立人民武装部的单位，应当配备专职人民武装干部，或者确定一个部门负责办理民兵工作。\n")
    assert law(text, "province", "某省") == [("二", "价格鉴证机构", "responsible"), ("三", "森林防灭火指挥机构", "responsible"),
                                           ("四", "县级以上人民政府", "responsible")]


def test_lists_joined_by_or_and_ended_by_unnamed_bodies():
    """审计、监察和有关主管部门 names 审计部门 and 监察部门 (和 before 有关 joins a list, never a
    name; 其他有关部门 is no 其 of the body before it); A或者B负责 names both."""
    text = ("某市某条例\n第四条 审计、监察和有关主管部门按照各自的职权负责对罚没物管理的监督检查工作。\n"
            "第五条 财政、审计和其他有关部门负责资金使用的监督。\n"
            "第六条 垃圾分类的日常管理由街道办事处或者乡镇人民政府负责。\n")
    assert law(text) == [("四", "审计部门", "responsible"), ("四", "监察部门", "responsible"),
                         ("五", "财政部门", "responsible"), ("五", "审计部门", "responsible"),
                         ("六", "街道办事处", "responsible"), ("六", "乡镇人民政府", "responsible")]


def test_military_bodies_and_the_words_of_a_regulation_on_militia():
    """北京卫戍区, 省军区: bodies (a region's name ends them, not a place's); 组织和落实 after the
    subject's clause of basis assigns as 组织实施 does; X应当对…进行监督 as 对…进行监督管理."""
    text = ("北京市民兵预备役工作条例\n第四条 本市民兵、预备役工作在市人民政府的领导下，由北京卫戍区主管。\n"
            "第五条 区、县人民政府和区、县人民武装部依照上级的有关规定，组织和落实民兵应急分队。\n"
            "第六条 市旅游行政部门应当对组团社组织公民出国旅游的情况进行监督。\n")
    assert law(text, "province", "北京市") == [("四", "北京卫戍区", "responsible"), ("五", "区、县人民政府", "responsible"),
                                             ("五", "区、县人民武装部", "responsible"), ("六", "北京市旅游行政部门", "responsible")]


def test_guidance_to_set_up_a_mechanism_and_a_duty_after_a_first_verb():
    """X要指导Y建立…机制: X's act (指导 is an attribute only with no verb before the mechanism:
    建立规范指导…的工作机制); X加强…，指导Y…: the subject ends at 加强 and its predicate goes on;
    X对…进行监督管理，并会同Y查处…: X responsible, and the lead of what it does with Y."""
    text = ("一、加强管理\n（一）各省级医保部门要指导辖区内各级医保部门建立智能审核和监控工作管理机制。\n"
            "（二）教育部加强政策措施统筹协调，指导高校实施人才培养专项计划。\n"
            "（三）市教育局要建立规范指导学校办学的工作机制。\n"
            "（四）市场监管部门对执行情况进行监督管理，并会同公安机关查处走私行为。\n")
    assert law(text, "national", None) == [("一", "各省级医保部门", "responsible"), ("二", "教育部", "responsible"),
                                           ("四", "市场监管部门", "responsible"), ("四", "市场监管部门", "lead"),
                                           ("四", "公安机关", "support")]


def test_bodies_of_every_place_and_of_a_class_and_what_a_body_is_entrusted_with():
    """各省、自治区、直辖市的知识产权局 (的 after a collective's places); 县级以上人民政府设立X委员会或者
    确定相应机构，负责…: the class's committee (相应机构 names none, and 相应 ends no subject);
    委员会委托Y协助…: Y; 省级、地市级X and 所在区（县级市）人民政府: classes as written;
    本办法由X负责解释: X responsible (FORMAT lists 负责 without exception; the annotated
    sets leave it optional)."""
    text = ("某办法\n第二条 各省、自治区、直辖市的知识产权局应当协助、配合国家知识产权局开展执法工作。\n"
            "第三条 县级以上人民政府设立预防和制止家庭暴力委员会或者确定相应机构，负责组织、协调本地区的工作。\n"
            "第四条 行政执法委员会委托有关省、自治区、直辖市知识产权局协助调查收集证据。\n"
            "第五条 省级、地市级医疗保障行政部门负责推进两库同步更新。\n"
            "第六条 破损山体的修复治理由所在区（县级市）人民政府负责。\n"
            "第七条 本办法由国家知识产权局负责解释。\n")
    assert law(text, "national", None) == [
        ("二", "各省、自治区、直辖市的知识产权局", "support"), ("三", "县级以上人民政府预防和制止家庭暴力委员会", "responsible"),
        ("四", "省、自治区、直辖市知识产权局", "support"), ("五", "省级、地市级医疗保障行政部门", "responsible"),
        ("六", "区（县级市）人民政府", "responsible"), ("七", "国家知识产权局", "responsible")]


def test_a_body_named_at_the_head_of_a_clause_before_another_verb():
    """惠明茶产业主管部门推广…，组织…，指导…: the body the clause opens with (a function's name, or one
    that opens like a government's) though its verb ends no subject; X，根据…，…组织实施: the subject
    set off by its comma; 申请办理农民专业合作社登记 and 组织实施办法 assign nothing."""
    text = ("某县条例\n第八条 惠明茶产业主管部门推广先进、适用的生产技术，组织培训，指导科学生产经营。\n"
            "第九条 县人民武装部，根据上级的规划，制定本地区的计划，并组织实施。\n"
            "第十条 申请办理农民专业合作社登记，申请人应当对申请材料的真实性负责。\n"
            "第十一条 人力资源服务机构举办现场招聘会，应当制定组织实施办法。\n")
    assert law(text, "county", "某县") == [("八", "惠明茶产业主管部门", "responsible"), ("九", "某县人民武装部", "responsible")]


def test_names_that_hold_words_of_a_clause_and_help_given():
    """市委机要保密局 (机要 is no 要), 市贸促会 (贸易促进委员会), 工程指导协调小组 (指导 of a
    name), 地震工作管理部门或者机构 (one body, its other kind written with it); X应当予以配合协助:
    X supports."""
    text = ("一、重点任务\n（一）加强密码应用。（责任单位：市工业和信息化局、市委机要保密局）\n"
            "（二）深化交流合作。（责任单位：市贸促会、市财政局）\n"

            "（四）市和区地震工作管理部门或者机构负责防震减灾规划的组织编制。\n"
            "（五）乡镇人民政府、街道办事处应当组织开展预防工作，居民委员会、村民委员会应当予以配合协助。\n")
    assert law(text, "city", "青岛市") == [
        ("一", "青岛市工业和信息化局", "responsible"), ("一", "青岛市委机要保密局", "responsible"),
        ("二", "青岛市贸易促进委员会", "responsible"), ("二", "青岛市财政局", "responsible"),
        ("四", "青岛市地震工作管理部门或者机构", "responsible"), ("四", "区地震工作管理部门或者机构", "responsible"),
        ("五", "居民委员会", "support"), ("五", "村民委员会", "support")]
    national = ("第三条 专业技术人才知识更新工程指导协调小组（以下简称工程指导协调小组）负责制定政策。\n"
                "第七条 评价机构由工程指导协调小组负责遴选。\n")
    assert law(national, "national", None) == [("三", "工程指导协调小组", "responsible"),
                                               ("七", "工程指导协调小组", "responsible")]


def test_duties_after_the_basis_of_this_text_and_each_bearing_its_own():
    """X依照本规定对…实施监督管理 (the text's own basis, as 依法 is, before the frame); X依据职责负责;
    X应各负其责，落实… (each responsible); 会同Y或者会同Y商有关部门: Y once, 会同 no name;
    农业、卫生等监督管理部门: each X监督管理部门."""
    text = ("某规定\n第三条 工业和信息化部依照本规定对全国的应用软件分发服务实施监督管理。\n"
            "第四条 教育部负责统筹协调，地方教育行政部门依据职责负责所辖平台的监督管理工作。\n"
            "第五条 民政、教育、交通等部门应各负其责，落实防范措施。\n"
            "第六条 商务部应当会同国家原子能机构或者会同国家原子能机构商有关部门进行审查。\n"
            "第七条 农业、卫生、药品等监督管理部门应当依据各自职责对生产经营者进行监督检查。\n")
    assert law(text, "national", None) == [
        ("三", "工业和信息化部", "responsible"), ("四", "教育部", "responsible"), ("四", "地方教育行政部门", "responsible"),
        ("五", "民政部门", "responsible"), ("五", "教育部门", "responsible"), ("五", "交通部门", "responsible"),
        ("六", "商务部", "lead"), ("六", "国家原子能机构", "support"),
        ("七", "农业监督管理部门", "responsible"), ("七", "卫生监督管理部门", "responsible"), ("七", "药品监督管理部门", "responsible")]


def test_public_bodies_beside_the_parties_a_law_regulates():
    """民政、公安、教育等行政机关和原工作单位、农村集体经济组织、学校等应积极协助: the public bodies
    support (each X行政机关: the tail of the list before 和), the regulated parties make no row and
    集体经济组织 is no 组织 of a predicate; 部门和机构, a bare 机构, names none; 会同Y依照…处理:
    Y ends before 依照."""
    text = ("某市条例\n第十五条 民政、公安、教育等行政机关和原工作单位、农村集体经济组织、学校等应积极协助。\n"
            "第十六条 各级人民政府及其有关部门和机构应当指导农业生产经营者科学种植。\n"
            "第十七条 由农业农村主管部门会同生态环境部门依照下列规定处理：\n")
    assert law(text) == [("十五", "民政行政机关", "support"), ("十五", "公安行政机关", "support"), ("十五", "教育行政机关", "support"),
                         ("十六", "各级人民政府", "responsible"),
                         ("十七", "农业农村主管部门", "lead"), ("十七", "生态环境部门", "support")]


def test_items_numbered_by_shi_places_before_a_list_and_a_government_s_department():
    """七是X将重点抓好…落实，指导…: 七是 numbers an item, X (a national body) is the subject before
    将; 乡、镇人民政府…应当…，落实…，组织指导…: 组织指导 is an act; X所在地的Y and 县级以上人民政府的
    Y主管部门: Y, and the government's Y; 报考X主管的学校 (主管 of a noun) and 要主动落实 (an adverb)."""
    text = ("一、工作进展\n（一）七是工业和信息化部将重点抓好互联网应用适老化改造专项行动落实，指导首批网站按期完成改造。\n"
            "（二）乡、镇人民政府和街道办事处应当依法执行防控要求，落实属地责任，组织指导社区采取防控措施。\n"
            "（三）海塘所在地的设区的市、县（市、区）水行政主管部门应当会同国土资源等部门确定管理范围。\n"
            "（四）县级以上人民政府的科学技术行政主管部门负责技术市场管理工作。\n"
            "（五）归侨学生报考侨务主管部门主管的学校，给予适当照顾。各省、自治区、直辖市邮政管理局要主动落实监管职责。\n")
    assert law(text, "national", None) == [
        ("一", "工业和信息化部", "responsible"), ("二", "乡、镇人民政府", "responsible"), ("二", "街道办事处", "responsible"),
        ("三", "设区的市、县（市、区）水行政主管部门", "lead"), ("三", "国土资源部门", "support"),
        ("四", "县级以上人民政府科学技术行政主管部门", "responsible"), ("五", "各省、自治区、直辖市邮政管理局", "responsible")]


def test_the_bodies_of_every_place_named_by_function_and_a_future_guidance():
    """各地商务主管部门要…，会同…: the bodies of every place named by their function (各地 alone,
    各地各部门, name none); X、Y将指导…: 将 before the role word; 科技部充分发挥…的统筹作用，会同…:
    the national body before an adverb leads (its name holds no verb of the clause)."""
    text = ("一、组织实施\n（一）各地商务主管部门要加强对配送工作的指导，会同有关部门明确责任。\n"
            "（二）全国老龄办、中国老龄协会将指导各地开展智慧助老行动。\n"
            "（三）科技部充分发挥规划推进办公室的统筹作用，会同有关部门加强系统布局。各地各部门要加强协调。\n")
    assert law(text, "national", None) == [("一", "各地商务主管部门", "lead"), ("二", "全国老龄办", "responsible"),
                                           ("二", "中国老龄协会", "responsible"), ("三", "科学技术部", "lead")]


def test_a_short_name_given_to_a_list_of_bodies_stands_for_each() -> None:
    text = (
        "第一条 为了规范管理，制定本办法。\n"
        "第二条 国家发展改革委负责统筹管理，会同国家卫生健康委、国家中医药局（以下简称行业主管部门）确定支持范围。\n"
        "第三条 行业主管部门负责指导本行业项目规划布局。\n"
        "第四条 林业、渔业行政主管部门（以下统称野生动物主管部门）负责保护工作。\n"
    )
    got, _ = run(text, "national", None)
    assert [(m, d, r) for m, d, r in got if m == "三"] == [
        ("三", "国家卫生健康委员会", "responsible"), ("三", "国家中医药管理局", "responsible")]
    # a law's classes of functions keep the short name they are given (each the list's function word)
    assert [d for m, d, _ in got if m == "四"] == ["林业行政主管部门", "渔业行政主管部门"]


def test_a_body_joined_to_unnamed_ones_by_及_is_named() -> None:
    text = (
        "一、重点任务\n3．做好帮助。（应急部、公安部、国家卫生健康委等相关部门及各地区按职责分工负责）\n"
        "4．优化出行服务。（交通运输部及各地区按职责分工负责）\n"
    )
    got, _ = run(text, "national", None)
    assert got == [("3", "应急管理部", "responsible"), ("3", "公安部", "responsible"), ("3", "国家卫生健康委员会", "responsible"),
                   ("4", "交通运输部", "responsible")]


def test_the_lead_departments_of_a_mechanism_name_no_body() -> None:
    text = "一、重点任务\n（一）加强场景创新。支持企业开展示范。(省发展改革委、省科技厅、省“十强产业”协调推进机制牵头部门负责)\n"
    got, _ = run(text, "province", "山东省")
    assert got == [("一", "山东省发展和改革委员会", "responsible"), ("一", "山东省科学技术厅", "responsible")]


def test_an_office_housed_in_a_department_is_the_body_that_does_the_work() -> None:
    text = (
        "四、保障措施\n（一）加强组织领导。县政府成立由分管副县长任组长的高标准农田建设工作领导小组，"
        "领导小组办公室设在县农业农村局，负责统筹协调和督促检查。\n"
        "（二）强化协同。办公室设在县财政局，负责日常工作。\n"
    )
    got, _ = run(text, "county", "兰考县")
    assert got == [("一", "兰考县高标准农田建设工作领导小组办公室", "responsible")]  # (a bare 办公室 names no body)
    from kg.extract.responsibilities import sentence_duties

    assert [(d.role, d.names) for d in sentence_duties("县级以上人民政府森林防火指挥机构办公室设在同级林业行政主管部门，负责日常工作。")] == [
        ("responsible", ("县级以上人民政府森林防火指挥机构办公室",))]


def test_an_article_that_names_the_authority_over_its_matter_is_read() -> None:
    text = "第一条 为了加强广告管理，制定本条例。\n第二条 本条例适用于广告。\n第五条 广告的管理机关是国家工商行政管理机关和地方各级工商行政管理机关。\n"
    got, _ = run(text, "national", None)
    assert got == [("五", "国家工商行政管理机关", "responsible"), ("五", "地方各级工商行政管理机关", "responsible")]


def test_an_assignment_line_a_layout_wrapped_goes_on_to_its_end_and_its_default_holds() -> None:
    text = (
        "三、重点任务\n（一）健全基本养老服务体系\n1. 制定基本养老服务清单。\n"
        "责任单位：市民政局、市财政局、\n市残联，各县市区人民政府（以下均需各县市区人民政府落实，\n不再列出）\n"
        "2. 建立评估制度。\n责任单位：市商务局、市文化和旅游局、市教育局、市委老\n干部局\n"
    )
    got, _ = run(text, "city", "芜湖市")
    assert ("2", "芜湖市委老干部局", "responsible") in got  # (a name a full line's end broke)
    assert ("1", "芜湖市残疾人联合会", "responsible") in got
    assert [(m, d) for m, d, _ in got if "县市区" in d] == [("1", "芜湖市各县市区人民政府"), ("2", "芜湖市各县市区人民政府")]


def test_bodies_that_carry_out_inspections_are_responsible_and_those_they_inspect_name_none() -> None:
    """X对…实施监督检查 assigns an inspection as 对…实施监督管理 does (a list with a shared tail:
    each of its bodies); a clause that opens with 不得拒绝、阻挠 or 配合 names the body it
    obstructs or assists as its object, not as the subject of a duty."""
    text = (
        "某市机动车维修业管理条例\n第一条 为了加强管理，制定本条例。\n"
        "第三十一条 交通运输主管部门和市场监督管理、生态环境、公安等主管部门依法对机动车维修业经营活动实施监督检查。\n"
        "第三十二条 经营者和其他单位、个人，不得拒绝、阻挠交通运输主管部门依法对维修行为实施监督检查。\n"
        "第三十三条 经营者应当对维修质量负责，积极配合市场监督管理部门实施监督检查。\n"
    )
    rows, _ = run(text, "city", "宁波市")
    assert sorted(rows) == [("三十一", "交通运输主管部门", "responsible"), ("三十一", "公安主管部门", "responsible"),
                            ("三十一", "市场监督管理主管部门", "responsible"), ("三十一", "生态环境主管部门", "responsible")]


def test_a_central_bank_branch_named_by_its_short_unit_keeps_its_own_name_in_a_list() -> None:
    """人民银行山东省分行营管部 in a city's list of bodies: the bank's branch (营业管理部 as lists
    shorten it), named by itself, not given the city's prefix the list's first item lends."""
    text = ("一、重点任务\n1.加强金融服务。推动金融服务创新。（责任单位：市委金融办、人民银行山东省分行营管部、市民政局）\n")
    rows, _ = run(text, "city", "济南市")
    assert rows == [("1", "济南市委金融办", "responsible"), ("1", "中国人民银行山东省分行营业管理部", "responsible"),
                    ("1", "济南市民政局", "responsible")]


def test_certified_agencies_are_regulated_parties_and_a_list_keeps_its_public_bodies() -> None:
    """环境影响评价机构, 医疗机构, 金融机构 are regulated parties (FORMAT.md: their duties are no
    row); a list that ends with one keeps the public bodies before it; a 管理机构 is a body."""
    text = (
        "某条例\n第一条 为了加强管理，制定本条例。\n"
        "第五条 各级财政、审计、税务等行政部门和金融机构应当协同劳动保障行政部门做好失业保险工作。\n"
        "第六条 环境影响评价机构应当遵循客观、公正的原则，开展环境影响评价工作，并对环境影响评价结论负责。\n"
        "第七条 献血管理机构负责组织献血工作。\n"
        "第八条 医疗保健机构为产妇提供科学育儿、合理营养和母乳喂养的指导。\n"
    )
    rows, _ = run(text, "city", "济南市")
    assert rows == [("五", "各级财政行政部门", "support"), ("五", "各级审计行政部门", "support"),
                    ("五", "各级税务行政部门", "support"), ("七", "献血管理机构", "responsible")]


def test_a_list_shares_the_suffix_its_last_item_writes_and_levels_borrow_its_function() -> None:
    """国务院林业草原、渔业主管部门: each is a 主管部门 of 国务院 (the suffix is the last item's
    whole function word, not 部门 alone; the class heads every item); 省和设区的市人民政府生态环境
    主管部门 and 萧山区、余杭区交通运输主管部门: a bare level or place borrows the next item's
    function; 水行政、环境保护行政主管部门: the overlap is written once."""
    text = (
        "某条例\n第一条 为了加强管理，制定本条例。\n"
        "第七条 国务院林业草原、渔业主管部门分别主管全国陆生、水生野生动物保护工作。\n"
        "第八条 省和设区的市人民政府生态环境主管部门应当会同有关部门制定方案。\n"
        "第九条 萧山区、余杭区交通运输主管部门主管本辖区内的公共汽车客运管理工作。\n"
        "第十条 水行政、环境保护行政主管部门负责相关工作。\n"
    )
    rows, _ = run(text, "province", "浙江省")
    assert rows == [("七", "国务院林业草原主管部门", "responsible"), ("七", "国务院渔业主管部门", "responsible"),
                    ("八", "浙江省生态环境主管部门", "lead"), ("八", "设区的市人民政府生态环境主管部门", "lead"),
                    ("九", "萧山区交通运输主管部门", "responsible"), ("九", "余杭区交通运输主管部门", "responsible"),
                    ("十", "水行政主管部门", "responsible"), ("十", "环境保护行政主管部门", "responsible")]


def test_a_clause_after_a_semicolon_that_opens_with_its_verb_is_the_same_subjects() -> None:
    """X负责…；会同Y…: the clause after the semicolon goes on with X (X leads, Y supports);
    a clause that names its own subject after the semicolon does not."""
    text = (
        "某县实施细则\n第一条 为了加强管理，制定本细则。\n"
        "第七条 县发展和改革委员会负责将设施建设项目纳入规划；会同县城市管理局、县财政局研究制定收费政策。\n"
        "第八条 县教育局负责统筹；县财政局负责保障。\n"
    )
    rows, _ = run(text, "county", "光山县")
    assert rows == [("七", "光山县发展和改革委员会", "responsible"), ("七", "光山县发展和改革委员会", "lead"),
                    ("七", "光山县城市管理局", "support"), ("七", "光山县财政局", "support"),
                    ("八", "光山县教育局", "responsible"), ("八", "光山县财政局", "responsible")]


def test_a_departments_own_divisions_closing_its_items_are_named_with_it() -> None:
    """A department's 工作要点 closes each item with the divisions that carry it out, written
    alone (（职成处、督导办、办公室、机关党委）): each is the issuing department's, as FORMAT.md
    names a division with its parent — not the province's; a parenthetical that narrows the
    body just named (报我部（教师工作司）) assigns nothing."""
    text = (
        "江西省教育厅关于印发2024年全省教育工作要点的通知\n赣教发〔2024〕1号\n各设区市教育局：\n现将《2024年全省教育工作要点》印发给你们。\n"
        "江西省教育厅\n2024年2月22日\n2024年全省教育工作要点\n一、重点工作\n"
        "1. 推进职业教育。深化产教融合。（职成处、督导办、省教育考试院、办公室、机关党委）\n"
        "2. 做好总结。将年度工作进展及时报我部（教师工作司）。\n"
    )
    src = SourceText("t.txt", text, "text", "0")
    got = extract(src)
    assert [(r.measure, r.department) for r in got.responsibilities] == [
        ("1", "江西省教育厅职成处"), ("1", "江西省教育厅督导办"), ("1", "江西省教育考试院"),
        ("1", "江西省教育厅办公室"), ("1", "江西省教育厅机关党委")]


def test_a_body_responsible_for_one_task_that_leads_the_next_holds_both_roles() -> None:
    """X负责A，会同Y做B: X is responsible for A and leads B (Y supports): two assignments in one
    sentence, each role written; 会同有关部门负责 in one predicate stays a lead alone."""
    text = (
        "某条例\n第一条 为了加强管理，制定本条例。\n"
        "第二条 公安机关负责安全检查的监督管理，会同交通主管部门制定检查标准。\n"
        "第三条 市教育局会同有关部门负责组织实施。\n"
    )
    rows, _ = run(text, "city", "济南市")
    assert rows == [("二", "公安机关", "responsible"), ("二", "公安机关", "lead"), ("二", "交通主管部门", "support"),
                    ("三", "济南市教育局", "lead")]


def test_an_assignment_a_layout_wrapped_inside_its_parenthesis_is_read_whole() -> None:
    """（牵头单位：临沂市生态环境局\\n沂南县分局；责任单位：县住房城乡建设局、县农业\\n农村局）: a text
    copied from a PDF breaks names and keys at the lines' ends; the parenthetical is one
    assignment, not a lead 临沂市生态环境局 and a second assignment of its own."""
    text = ("一、重点任务\n1.推进污水治理。每年完成20个\n以上行政村生活污水治理任务。（牵头单位：临沂市生态环境局\n"
            "沂南县分局；责任单位：县住房城乡建设局、县农业\n农村局）\n"
            "2.推进改厕。对已改厕户逐村核查。（牵\n头单位：县农业农村局；责任单位：县卫生健康局）\n")
    rows, _ = run(text, "county", "沂南县")
    assert rows == [("1", "临沂市生态环境局沂南县分局", "lead"), ("1", "沂南县住房和城乡建设局", "support"),
                    ("1", "沂南县农业农村局", "support"), ("2", "沂南县农业农村局", "lead"), ("2", "沂南县卫生健康局", "support")]


def test_a_task_closed_by_its_bodies_after_a_dash_assigns_them() -> None:
    """…闭环处置。——区委政法委、区城运中心，2024年7月底前: the bodies after the dash (and their
    deadline) carry out the task; 各任务所列首位单位对该项任务负总责 makes the first the lead."""
    text = ("一、重点任务\n1. 推进网格对接。优化网格划分，网格事件闭环处置。——区委政法委、区民政局，2024年7月底前\n"
            "2. 推进适老改造。完成改造300户。——区民政局，2024年9月底前\n"
            "二、保障措施\n各任务所列首位单位对该项任务负总责，其他单位按职责分工积极配合。\n")
    rows, _ = run(text, "county", "南京市鼓楼区")
    assert ("1", "南京市鼓楼区委政法委", "lead") in rows and ("1", "南京市鼓楼区民政局", "support") in rows
    assert [r for r in rows if r[0] == "2"] == [("2", "南京市鼓楼区民政局", "lead")]
