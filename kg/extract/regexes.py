"""Patterns of Chinese official documents, in one place.

Every extractor imports its patterns from here so that a rule about what a 发文字号, a date
or a title looks like is written once.
"""

from __future__ import annotations

import re

CJK = r"\u3400-\u9fff\uf900-\ufaff"

# Brackets seen around the year of a 发文字号 (GB/T 9704 wants 〔〕; pages use all of these).
OPEN_YEAR = r"〔\[［【（(｛{〖"
CLOSE_YEAR = r"〕\]］】）)｝}〗"
PLACEHOLDER_CHARS = "XxＸｘ×某*＊○〇"

_PH = re.escape(PLACEHOLDER_CHARS)
# 机关代字: Chinese characters (or placeholders) right before the bracketed year.
AGENCY = f"[{CJK}{_PH}]{{1,12}}"
SPACE = r"[ \t\u3000\xa0]*"

DOC_NUMBER = re.compile(
    rf"(?P<agency>{AGENCY}){SPACE}"
    rf"[{OPEN_YEAR}]{SPACE}(?P<year>(?:19|20)\d\d|[{_PH}]{{1,4}}){SPACE}[{CLOSE_YEAR}]{SPACE}"
    rf"第?{SPACE}(?P<seq>\d{{1,5}}|[{_PH}]{{1,4}}){SPACE}[号號]"
)

# Orders carry a 令号 instead: 广州市人民政府令第179号, 住房城乡建设部令第11号.
DECREE_NUMBER = re.compile(
    rf"(?P<agency>[{CJK}]{{2,30}}?(?:令|公告)){SPACE}[（(]?{SPACE}第{SPACE}(?P<seq>\d{{1,5}}|[{_PH}]{{1,4}}){SPACE}[号號][）)]?"
)

# Characters that never occur inside a 机关代字; a run of characters before the year is cut
# after the last of them (根据国发〔2019〕4号 -> 国发).
NOT_IN_AGENCY = set("据照见于和及与的是为对将由在经按依以如下关根印转精神等、，,。；;：:《》〈〉“”\"'（）() ")

ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
CN_DATE = re.compile(rf"(?P<y>(?:19|20)\d\d){SPACE}年{SPACE}(?P<m>\d{{1,2}}){SPACE}月{SPACE}(?P<d>\d{{1,2}}){SPACE}日")
CN_NUMERAL_DATE = re.compile(
    r"(?P<y>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日"
)

# A title of a document ends with one of these words (optionally followed by a bracketed
# qualifier such as （试行） or (2021—2025年)).
DOC_TYPE_WORDS = (
    "通知", "意见", "实施意见", "指导意见", "若干意见", "方案", "实施方案", "工作方案", "办法", "管理办法",
    "实施办法", "暂行办法", "决定", "规定", "细则", "计划", "规划", "纲要", "清单", "通告", "公告", "函",
    "复函", "批复", "报告", "条例", "措施", "若干措施", "指引", "标准", "目录", "要点", "制度", "章程",
    "指南", "决议", "命令", "令", "通报", "纪要", "举措", "政策", "大纲", "公约", "详解", "说明",
)
TITLE_END = re.compile(
    r"(?:" + "|".join(sorted(map(re.escape, DOC_TYPE_WORDS), key=len, reverse=True)) + r")"
    r"(?:[（(][^（()）]{1,20}[)）])?$"
)

# 关于印发《X》的通知 / 关于印发X的通知 -> X
ISSUING_NOTICE = re.compile(r"关于(?:印发|发布|公布|颁布|转发|重新发布|重新印发)[《〈“]?(?P<title>.+?)[》〉”]?的(?:通知|通告|公告)$")
# 现将《X》印发给你们 / 制定了《X》，现印发给你们 / 《X》已经市政府同意，现印发给你们
ISSUED_IN_BODY = re.compile(
    r"(?:现将|制定了|制订了|修订了|研究制定了)?《(?P<title>[^《》]{2,100})》(?:[^。《》]{0,30})?(?:印发|发布|公布|转发)给你们"
    r"|^《(?P<decree>[^《》]{2,100})》已经[^。《》]{0,80}通过，现予(?:公布|发布)",
    re.M,
)
# The signature of a decree is a person: 市 长：温国辉
OFFICIAL_SIGNATURE = re.compile(r"^(?:[省市区县州]\s*)?[长]\s*[:：]|^(?:省|市|区|县|州)\s*长\s*[:：]|^主\s*任\s*[:：]|^局\s*长\s*[:：]")

# Cues for the relation of a citation (FORMAT.md).
BASIS_CUE = re.compile(r"(?:贯彻|落实|根据|依据|按照|遵照|依照|参照|结合|执行)")
MAKING_CUE = re.compile(
    r"(?:特?制定本|制订本|制定了本|特?制定如下|现就[^。]{0,60}(?:提出|通知)如下|提出如下|提出以下|现提出|通知如下|"
    r"结合[^。]{0,20}实际|制定本(?:实施)?(?:方案|意见|办法|细则|规定|计划|措施|通知|清单)|现将[^。]{0,40}(?:印发|通知))"
)
PLAN_CUE = re.compile(r"(?:研究制定|制定出台|抓紧制定|制定|制订|出台|编制|定期发布|发布|研制|起草|拟定|修订完善)\s*$")
PLAN_NEGATIVE = re.compile(r"(?:已|已经|曾|先后)(?:制定|出台|发布)\s*$")

SENTENCE_END = re.compile(r"[。！？!?；;\n]")

ADDRESSEE = re.compile(r"^[^。，,]{2,120}[：:]$")
PREAMBLE_START = re.compile(r"^(?:为|根据|按照|依据|经|现将|近年来|当前|为了|党的|随着)")

# Numbered headings (used to find where the preamble ends).
SECTION_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十百]+、|第[一二三四五六七八九十百零〇]+[章条节部分])")

# What the name of a body ends with (政府, 局, 委员会, 支行 …): one table for every extractor
# that asks whether a string "ends like an organisation". Longer words first.
BODY_SUFFIXES = (
    "街道办事处", "管理委员会", "中心支行", "领导小组", "人民政府", "办公厅", "办公室", "委员会", "联合会", "工商联",
    "管委会", "办事处", "指挥部", "研究室", "检察院", "研究会", "基金会", "总局", "政府", "工会", "总会", "妇联",
    "残联", "科协", "侨联", "团委", "法院", "支行", "分行", "银行", "公司", "集团", "协会", "商会", "小组", "中心",
    "总队", "支队", "大队", "监狱", "学院", "学校", "大学", "局", "厅", "委", "办", "部", "署", "处", "科", "室",
    "司", "站", "所", "队", "院", "社",
)
#: bodies named by what they do, as laws name them (市人民政府水行政主管部门, 公安机关)
FUNCTIONAL_SUFFIXES = ("行政主管部门", "主管部门", "行政部门", "主管机关", "行政机关", "部门", "机构", "机关", "海关")


def _suffix_re(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")$")


BODY_END = _suffix_re(BODY_SUFFIXES)
FUNCTIONAL_END = _suffix_re(FUNCTIONAL_SUFFIXES)
ORGANISATION_END = _suffix_re(BODY_SUFFIXES + FUNCTIONAL_SUFFIXES)


def ends_like_organisation(s: str) -> bool:
    """Whether ``s`` ends like the name of a body (政府, 局, 委员会, 主管部门, 机构 …).

    A bracketed alternative at the end is read through (政府办公厅（室）).

    >>> [ends_like_organisation(x) for x in ("市教育局", "市人民政府水行政主管部门", "政府办公厅（室）", "教育事业")]
    [True, True, True, False]
    """
    return bool(ORGANISATION_END.search(ALTERNATIVE_TAIL.sub("", s)))


#: 办公厅（室）, 县（区）: a short bracketed alternative written after a name
ALTERNATIVE_TAIL = re.compile(r"[（(][^（）()]{1,6}[）)]$")
