"""Patterns of Chinese official documents, in one place.

Every extractor imports its patterns from here so that a rule about what a 发文字号, a date
or a title looks like is written once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

from kg.alternation import word_alternation  # noqa: F401 (the extractors read it from here)

CJK = r"\u3400-\u9fff\uf900-\ufaff"

# Brackets seen around the year of a 发文字号 (GB/T 9704 wants 〔〕; pages use all of these).
OPEN_YEAR = r"〔\[［【（(｛{〖"
CLOSE_YEAR = r"〕\]］】）)｝}〗"
PLACEHOLDER_CHARS = "XxＸｘ×某*＊○〇"

_PH = re.escape(PLACEHOLDER_CHARS)
# 机关代字: Chinese characters (or placeholders) right before the bracketed year.
AGENCY = f"[{CJK}{_PH}]{{1,12}}"
SPACE = r"[ \t\u3000\xa0]*"

#: the private-use glyphs a copied text writes where a mark after a number was lost
#: (1\ue010突破…: 1.), as a character class's range: read as that mark where headings are
LOST_MARK = "\ue000-\uf8ff"

#: white space that may hold one line's end: a text laid out in lines of a fixed width
#: (a PDF's, a page's) breaks a 发文字号 after its year (川府发〔2021〕\n20号)
WRAP = rf"{SPACE}(?:\n{SPACE})?"

DOC_NUMBER = re.compile(
    rf"(?P<agency>{AGENCY}){SPACE}"
    rf"[{OPEN_YEAR}]{SPACE}(?P<year>(?:19|20)\d\d|[{_PH}]{{1,4}}){SPACE}[{CLOSE_YEAR}]{WRAP}"
    rf"第?{SPACE}(?P<seq>\d{{1,5}}|[{_PH}]{{1,4}}){WRAP}[号號]"
)

# Orders carry a 令号 instead: 广州市人民政府令第179号, 住房城乡建设部令第11号 (the 日 of a date
# before it is no part of the body: 1993年9月23日北京市人民政府第14号令).
DECREE_NUMBER = re.compile(
    rf"(?P<agency>(?!(?<=\d)日)[{CJK}][{CJK}、]{{1,40}}?(?:令|公告)){SPACE}[（(]?{SPACE}第{SPACE}(?P<seq>\d{{1,5}}|[{_PH}]{{1,4}}){SPACE}[号號][）)]?"
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


def ends_with_word(words: tuple[str, ...]) -> re.Pattern[str]:
    """A title that ends with one of ``words``, optionally followed by a bracketed qualifier."""
    return re.compile(r"(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")" r"(?:[（(][^（()）]{1,20}[)）])?$")


TITLE_END = ends_with_word(DOC_TYPE_WORDS)

# A release's headline that names who issued the text it carries:
# 中共中央办公厅 国务院办公厅印发《关于进一步完善医疗卫生服务体系的意见》
RELEASE_HEADLINE = re.compile(r"^[ \t\u3000]*(?P<bodies>[^《》，,。：:]{4,80}?)(?:联合)?印发(?:了)?《(?P<title>[^《》]+)》[ \t\u3000]*$")
# 关于印发《X》的通知 / 关于印发X的通知 -> X
ISSUING_NOTICE = re.compile(r"关于(?:印发|发布|公布|颁布|转发|重新发布|重新印发)[《〈]?(?P<title>.+?)[》〉]?的(?:通知|通告|公告)$")
# 现将《X》印发给你们 / 制定了《X》，现印发给你们 / 《X》已经市政府同意，现印发给你们
ISSUED_IN_BODY = re.compile(
    r"(?:现将|制定了|制订了|修订了|研究制定了)?《(?P<title>[^《》]{2,100})》(?:[^。《》]{0,30})?(?:印发|发布|公布|转发)给你们"
    r"|^[ \t\u3000]*《(?P<decree>[^《》]{2,100})》(?:已|业经)[^。《》]{0,80}通过，现予(?:公布|发布)",
    re.M,
)
#: where ISSUED_IN_BODY can match: at most 5 characters (研究制定了) before a 《 (finditer_near)
ISSUED_IN_BODY_ANCHOR = (re.compile("《"), 5)
# The signature of a decree is a person: 市 长：温国辉
OFFICIAL_SIGNATURE = re.compile(r"^(?:[省市区县州]\s*)?[长]\s*[:：]|^(?:省|市|区|县|州)\s*长\s*[:：]|^主\s*任\s*[:：]|^局\s*长\s*[:：]")

# The closing formula of a notice, a reply or a letter (特此通知。请认真贯彻执行。此复。现印发给你们，
# 请遵照执行。): the body ends there, and a date line right after it is the 成文日期 even when the
# signature above the date is no text (a seal printed as an image)
NOTICE_CLOSING = re.compile(
    r"(?:特此(?:通知|通告|公告|批复|函告|函复|报告|说明)|此复|请[^。！]{0,30}?(?:执行|落实|办理|实施|遵照执行)|印发给你们[^。！]{0,30})[。！]\s*$"
)

# Cues for the relation of a citation (FORMAT.md).
BASIS_CUE = re.compile(r"(?:贯彻|落实|根据|依据|按照|遵照|依照|参照|结合|执行)")
MAKING_CUE = re.compile(
    r"(?:特?制定本|制订本|制定了本|特?制定如下|现就[^。]{0,60}(?:提出|通知)如下|提出如下|提出以下|现提出|通知如下|"
    r"结合[^。]{0,20}实际|制定本(?:实施)?(?:方案|意见|办法|细则|规定|计划|措施|通知|清单)|现将[^。]{0,40}(?:印发|通知))"
)
PLAN_CUE = re.compile(r"(?:研究制定|制定出台|抓紧制定|制定|制订|出台|编制|定期发布|发布|研制|起草|拟定|修订完善|撰写|编写|(?:编制|研究|修订|起草)形成)\s*$")
# A draft of the document named before it (《…》初稿, 《…》征求意见稿): a document being made
DRAFT_AFTER = re.compile(r"^[ \t]*(?:初稿|草稿|讨论稿|征求意见稿|送审稿)")
PLAN_NEGATIVE = re.compile(r"(?:已|已经|曾|先后)(?:制定|出台|发布)\s*$")

SENTENCE_END = re.compile(r"[。！？!?；;\n]")

ADDRESSEE = re.compile(r"^[^。，,]{2,120}[：:]$")
PREAMBLE_START = re.compile(r"^(?:为|根据|按照|依据|经|现将|近年来|当前|为了|党的|随着)")

#: the characters of a number written in Chinese as headings and articles write it (第一千二百五十九条)
CN_ORDINAL = "一二三四五六七八九十百千零〇"

# Numbered headings (used to find where the preamble ends).
SECTION_HEADING = re.compile(rf"^\s*(?:[一二三四五六七八九十百]+、|第[{CN_ORDINAL}]+[章条节部分])")

# --- enactment histories of laws and regulations (kg/extract/enactment.py) ---------------
_CN_ORD = rf"[{CN_ORDINAL}\d]"
# A line of the history begins with a date, or 根据 and a date, or a parenthesis around them.
ENACTMENT_LINE = re.compile(r"^[（(]?\s*(?:根据\s*)?(?:(?:19|20)\d\d\s*年|[〇○零一二三四五六七八九]{4}\s*年)")
# 第十二届 / 八届: the term of a congress, left out of the body's name.
SESSION_ORDINAL = re.compile(rf"第?{_CN_ORD}+届")
# Where the body's name ends in a clause: its session (第20次室务会议, 2021年第20次室务会议), its
# order or notice number, the event.
BODY_STOP = re.compile(
    rf"(?:\d{{4}}\s*年\s*)?第?{_CN_ORD}+次[^，,。；;\d]{{0,6}}?会议|会议|令\s*(?:第|\d{{4}}\s*年)|第\s*{_CN_ORD}+\s*号令|公告|《|"
    r"通过|批准|修订|修正|公布|发布|颁布|施行|审议"
)
# A name that ends like a body that adopts or promulgates law (narrower than BODY_END below).
ENACTING_BODY_END = re.compile(r"(?:人民代表大会|委员会|人民政府|政府|国务院|法院|检察院|部|局|署|院|委|厅|办公室|银行|总局|总署|联合会)$")
# A decree whose number comes before 令: 海关总署第4号令
DECREE_NUMBER_FIRST = re.compile(rf"(?P<agency>(?!(?<=\d)日)[{CJK}、]{{2,40}}?){SPACE}第{SPACE}(?P<seq>\d{{1,5}}){SPACE}号令")
# A decree written with a one-character code (国令第707号, as gov.cn's header writes 国务院令)
SHORT_DECREE = re.compile(rf"(?<![{CJK}])(?P<code>[{CJK}]令){SPACE}第?{SPACE}(?P<seq>\d{{1,5}}){SPACE}号")
# A notice that forwards another body's document (国务院办公厅转发X关于Y的通知, 关于转发《X》的通知):
# its own title is the document's title.
FORWARDING_NOTICE = re.compile(r"转发[^。；]{2,}的通知$")
# Titles of laws, judicial interpretations and rules end with these words too (…法, …的解释).
LAW_TYPE_WORDS = ("法", "解释", "规则", "守则", "准则", "规程", "修正案", "安排", "条例", "规定", "办法", "细则", "决定", "决议", "章程")
LAW_TITLE_END = ends_with_word(LAW_TYPE_WORDS)
# A body named by its level alone (市人民代表大会常务委员会 in a 重庆市 regulation).
BARE_LEVEL_BODY = re.compile(r"^(?P<level>省|市|县|区|自治州|自治县|自治区)(?=人民|人大)")
# A body whose name begins with its place (莱芜市人民代表大会常务委员会), gazetteer or not.
PLACE_BODY = re.compile(r"^(?P<place>[^、，]{1,12}?(?:自治区|省|自治州|市|自治县|县|区|旗|盟|地区))(?:人民代表大会|人民政府|人大)")
# The place a title or a name begins with (莱芜市…条例 -> 莱芜市).
PLACE_AT_START = re.compile(r"^(?P<place>[^、，\s]{1,12}?(?:自治区|省|自治州|市|自治县|县|区|旗|盟|地区))")
# Kinds of legislation (法律, 行政法规, 规章, 司法解释): a title of one that names no place is national.
LEGISLATION_TITLE = ends_with_word(("法", "条例", "规定", "办法", "细则", "解释", "规则", "决定"))
ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十]{1,3}条", re.M)
# The signature of an order by the head of government or of a department, with or without a colon:
# 总理　李克强, 部长：某某, 省长 某某
SIGNATORY = re.compile(rf"^(?:国务院)?(?:总\s*理|副\s*总\s*理|主\s*席|[省市区县州]?\s*长|部\s*长|署\s*长|局\s*长|主\s*任|院\s*长)\s*[:：]?[\s\u3000]*[{CJK}·]{{2,5}}$")
# A ministry's order or notice numbered within its year: 交通运输部令2021年第3号,
# 国家税务总局公告2016年第11号, 财政部 税务总局公告2023年第7号
DECREE_NUMBER_YEAR = re.compile(
    rf"(?P<agency>[{CJK}][{CJK}、 ]{{1,40}}?(?:令|公告)){SPACE}(?P<year>(?:19|20)\d\d){SPACE}年{SPACE}第{SPACE}(?P<seq>\d{{1,5}}){SPACE}号"
)

# Where each number pattern can match: a match of the pattern starts at most the given number
# of characters before a match of its anchor (the end of the 机关代字, the 令 before the
# number...). :func:`finditer_near` tries the pattern only there.
_SEQ = rf"(?:\d{{1,5}}|[{_PH}]{{1,4}})"
_BLANK = r"[ \t\u3000\xa0]"  # a character of SPACE


def _at_blanks_before(head: str, rest: str) -> str:
    """A pattern that matches one character where ``SPACE head rest`` starts: a blank before
    ``head`` or ``head`` itself (one class of characters first, which the engine scans for
    fast; a pattern that starts with a lookahead is tried at every character)."""
    return rf"[ \t\u3000\xa0{head}](?:(?<=[{head}])(?={rest})|(?<={_BLANK})(?={SPACE}[{head}]{rest}))"


DOC_NUMBER_ANCHOR = (re.compile(_at_blanks_before(OPEN_YEAR, rf"{SPACE}(?:(?:19|20)\d\d|[{_PH}]{{1,4}}){SPACE}[{CLOSE_YEAR}]{WRAP}第?{SPACE}{_SEQ}{WRAP}[号號]")), 12)
DECREE_NUMBER_ANCHOR = (re.compile(rf"(?:令|公告)(?={SPACE}[（(]?{SPACE}第{SPACE}{_SEQ}{SPACE}[号號])"), 41)
DECREE_NUMBER_FIRST_ANCHOR = (re.compile(_at_blanks_before("第", rf"{SPACE}\d{{1,5}}{SPACE}号令")), 40)
SHORT_DECREE_ANCHOR = (re.compile(rf"令(?={SPACE}第?{SPACE}\d{{1,5}}{SPACE}号)"), 1)
DECREE_NUMBER_YEAR_ANCHOR = (re.compile(rf"(?:令|公告)(?={SPACE}(?:19|20)\d\d{SPACE}年{SPACE}第{SPACE}\d{{1,5}}{SPACE}号)"), 41)


#: one character that ``\d`` matches, as a pattern that opens with a class of listed
#: characters: the engine scans a text for such a class by a table, where ``\d`` costs a
#: look-up of each character's category (the scan of a text for its numbers opens with it:
#: 9.8 against 14.7 µs a synthetic document). The class holds the blocks that hold every
#: decimal digit (ASCII, U+0660 to U+1C59, U+A620 to U+ABF9, the fullwidth digits, all
#: beyond U+FFFF; tests/test_targets.py checks it); ``\d`` then tells a digit from the
#: other characters of those blocks.
DIGIT = r"[0-9\u0660-\u1c59\ua620-\uabf9\uff10-\uff19\U00010000-\U0010ffff](?<=\d)"


def finditer_near(rx: re.Pattern[str], text: str, anchor: tuple[re.Pattern[str], int]) -> Iterator[re.Match[str]]:
    """The matches of ``rx.finditer(text)``, when every match of ``rx`` starts at most
    ``anchor[1]`` characters before a match of ``anchor[0]``: ``rx`` is tried only at those
    starts, not at every character of the text (``rx`` must not match the empty string).

    >>> [m.group() for m in finditer_near(DOC_NUMBER, "根据国发〔2019〕4号和京政发 〔2020〕 1号", DOC_NUMBER_ANCHOR)]
    ['根据国发〔2019〕4号', '和京政发 〔2020〕 1号']
    >>> [m.group() for m in finditer_near(SHORT_DECREE, "（国令第707号）", SHORT_DECREE_ANCHOR)]
    ['国令第707号']
    """
    pattern, before = anchor
    return matches_before(rx, text, (a.start() for a in pattern.finditer(text)), before)


def positions(text: str, words: Iterable[str]) -> list[int]:
    """Where each of ``words`` starts in ``text``, in ascending order (found by ``str.find``:
    a word is looked for faster than a pattern's first characters, and words are rare).

    >>> positions("于甲自乙乙于丙", ("自", "于")), positions("甲", ("乙",))
    ([0, 2, 5], [])
    """
    out: list[int] = []
    for w in words:
        i = text.find(w)
        while i >= 0:
            out.append(i)
            i = text.find(w, i + 1)
    out.sort()
    return out


def matches_before(rx: re.Pattern[str], text: str, anchors: Iterable[int], before: int = 0) -> Iterator[re.Match[str]]:
    """The matches of ``rx.finditer(text)``, when every match of ``rx`` starts at most
    ``before`` characters before one of ``anchors`` (positions in ascending order; 0: a match
    starts at its anchor): ``rx`` is tried only there (``rx`` must not match the empty string).

    >>> [m.group() for m in matches_before(re.compile("同时废止|废止|代替"), "甲同时废止，代替乙", [3, 7], 2)]
    ['同时废止', '代替']
    """
    pos = 0
    if before == 0:  # one try per anchor
        for p in anchors:
            if p >= pos:
                m = rx.match(text, p)
                if m:
                    yield m
                    pos = m.end()
        return
    for a in anchors:
        p = max(pos, a - before)
        while p <= a:
            m = rx.match(text, p)
            if m:
                yield m
                pos = p = m.end()
            else:
                p += 1
        pos = max(pos, a + 1)


def search_from_anchors(pattern: re.Pattern[str], text: str, anchor: tuple[re.Pattern[str], int]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, when every match holds a match of
    ``anchor[0]`` that starts at most ``anchor[1]`` characters after it: each is searched
    for from the first anchor after the last match (less the reach), so that the text
    before an anchor is not read by ``pattern`` (``pattern`` must not look behind nor match
    the empty string).

    >>> law, anchor = re.compile("依照([^，。]{1,6}?法)"), (re.compile("法"), 7)
    >>> [m.group(1) for m in search_from_anchors(law, "依照甲法，依照乙丙法。方法", anchor)]
    ['甲法', '乙丙法']
    """
    rx_anchor, reach = anchor
    pos = 0
    for a in rx_anchor.finditer(text):
        if a.start() < pos:
            continue  # inside the last match
        m = pattern.search(text, max(pos, a.start() - reach))
        if m is None:
            return
        yield m
        pos = m.end()

# --- Citations (kg/extract/citations.py; FORMAT.md "Citations") ---------------------------
# A purpose clause naming what this document carries out: 为实施《…》, 为了贯彻实施《…》
PURPOSE_IMPLEMENT = re.compile(r"为了?[^，,。；;《》]{0,6}(?:实施|施行)[ \t]*$")
# A directive as the subject of a requirement, right after its 《…》: 《…》提出, 印发的《…》要求
DIRECTIVE_DEMANDS = re.compile(r"^[ \t]*(?:[（(][^（）()]{1,30}[)）])?(?:中|里)?[，,]?(?:明确|进一步|专门)?(?:提出|要求|强调|指出|部署|明确)")
# A notice that forwards a document and asks for it to be carried out (转发…，请认真贯彻执行)
FORWARDING = re.compile(r"转发")
CARRY_OUT = re.compile(r"(?:贯彻执行|遵照执行|认真执行|贯彻落实|认真落实|组织实施|抓好落实|参照执行|执行)")
# A document urged into being: 抓紧完成或完善《…》, 尽快修订《…》
PLAN_URGED = re.compile(r"(?:抓紧|尽快|加快|及时|适时)[^，,。；;《》]{0,6}(?:完成|完善|修订|修改|编制|制定|制订|出台)[ \t]*$")
# A release already made, reported: 3月9日，科技部正式发布《…》; 近日印发《…》
PLAN_DONE = re.compile(r"(?:已|已经|先后|正式|近日|日前|相继|陆续|曾|\d+月\d+日(?!前|之前|以前)|(?<![到至于在])(?:(?:19|20)\d\d|[〇○零一二三四五六七八九]{4})年(?![底前内中末]))[^，,。；;《》]{0,12}$")
# The amendment an enactment history records: 《关于修改…的决定》第二次修正
AMENDMENT_RECORD = re.compile(r"^[ \t]*(?:第[一二三四五六七八九十]+次)?(?:修正|修订|修改)")
# The document's own attachment: 《…》（附件2）, 《…》（见附件）; a line 附件：1.《…》
OWN_ATTACHMENT = re.compile(r"^\s*[（(]\s*(?:见|详见|参见)?\s*附件\s*[\d一二三四五六七八九十]*\s*[)）]")
ATTACHMENT_LINE = re.compile(r"^[ \t\u3000]*附件[ \t]*[\d一二三四五六七八九十]*[ \t]*(?:[:：.、]|$)")
# A short form the text defines: （以下简称《办法》）, （简称《条例》）, （以下简称个人所得税法）
SHORT_FORM_BEFORE = re.compile(r"(?:以下简称|以下称|下称|简称)[ \t]*[:：]?[ \t]*[“\"]?$")
_SHORT_FORM_AFTER = rf"[ \t]*[:：]?[ \t]*[“\"]?(?P<short>[{CJK}]{{2,20}})[”\"]?[)）]"
SHORT_FORM_PLAIN = re.compile(rf"(?:以下简称|以下称|下称|简称){_SHORT_FORM_AFTER}")
#: where a match of SHORT_FORM_PLAIN can start: at most 3 characters before the 称 its cue
#: ends with, which the rest of the pattern follows (:func:`finditer_near`)
SHORT_FORM_PLAIN_ANCHOR = (re.compile(f"称(?={_SHORT_FORM_AFTER})"), 3)
# A law named without book-title marks after a verb: 严格落实网络安全法和…, 依照行政处罚法的规定
UNQUOTED_LAW = re.compile(
    rf"(?:落实|贯彻|执行|实施|依照|依据|根据|按照|遵守|违反|适用)(?P<title>(?:中华人民共和国)?[{CJK}]{{1,14}}?(?:法典|法))"
    r"(?=和|及|与|、|，|,|。|；|;|的|第|规定|有关|等|要求|中)"
)
NOT_A_LAW = re.compile(
    r"(?:^[好了的新各本该此其有相上下前后该依]|^(?:执行|落实|实施|贯彻|遵守|适用)|[和及与的、]|(?:办法|方法|做法|立法|执法|司法|违法|合法|非法|依法|守法|普法|用法|算法|手法|想法|看法|说法|疗法|工法|技法|写法|兵法|章法|无法|设法|大法|国法|家法)$)"
)
# This document issuing itself: 现发布《…》; 制定了《…》，现印发施行; 现将《…》印发给你们
SELF_ISSUED_BEFORE = re.compile(r"现(?:将|予以?|正式)?(?:印发|发布|公布|颁布)(?:修订后的|修改后的)?[ \t]*$")
# (before, after) the 《…》 of 现将《…》印发给你们
SELF_ISSUED_AROUND = (
    re.compile(r"现将(?:修订后的|修改后的)?[ \t]*$"),
    re.compile(r"^(?:[（(][^（）()]{1,40}[)）])?[^。；;《》]{0,12}?(?:印发|发布|公布)(?:给你们|施行|实施)"),
)
SELF_ISSUED_AFTER = re.compile(r"^(?:[（(][^（）()]{1,40}[)）])?[^。；;《》]{0,60}?现(?:予以?|正式)?(?:印发|发布|公布|颁布)(?:施行|实施|执行|给?你们|给?你单位|如下|[，,。])")

# Quantities written in Chinese numerals as laws write them: 百分之四十五, 百分之一点二,
# 百分之二至百分之三, 万分之二, 千分之五.
CN_NUMERAL = "[零〇一二两三四五六七八九十百点]"
CN_FRACTION = re.compile(
    rf"(?P<base>[百千万])分之(?P<a>{CN_NUMERAL}+)"
    rf"(?:[至到—－\-～~](?:(?P=base)分之)?(?P<b>{CN_NUMERAL}+))?"
)
# A figure or table reference, not a quantity: 如图1所示, 见表2.
FIGURE_REF = re.compile(r"(?:如|见)?[图表]\s*$")
# The ″九五″ style five-year plans: 八五 .. 十六五 and the year each ends.
FIVE_YEAR_PLAN = re.compile(r"(?<![一二三四五六七八九十百\d])(?P<n>十[一二三四五六]|[八九十])五(?![年岁])")
# A rate per person, month or item (每人每月1309元): a standard, not a goal.
PER_UNIT_RATE = re.compile(r"每\s*(?:人|月|户|名|次|位|件|天|日|张|台|辆|平方米|亩|吨|个|套|学时|课时|小时)")
# The head of an article of a law or regulation: 第十二条.
ARTICLE_HEAD = re.compile(rf"^\s*第[{CN_ORDINAL}]+条", re.M)
# An article of a document named by its number, with its paragraph or item (第三十六条第二款,
# 第十五条第（六）项, 第36条)
_ARTICLE_CITED = rf"第[{CN_ORDINAL}\d]+条(?:第[{CN_ORDINAL}\d]+款)?(?:第[（(]?[{CN_ORDINAL}\d]+[)）]?项)?"
# The articles a reference to a document names right after its title (a pin cite):
# 《水土保持法》第三十六条, 《铁路法》第十一条、第十二条和第四十八条, 《…》第二十五条至第二十七条
ARTICLE_REFERENCE = re.compile(
    rf"《(?P<title>[^《》\n]{{2,60}})》(?:的)?(?P<articles>{_ARTICLE_CITED}(?:(?:、|，|,|和|及|以及|或者|或|至|到){_ARTICLE_CITED})*)"
)
# The number of each article of an ARTICLE_REFERENCE (and 至 between two: a range)
ARTICLE_CITED = re.compile(rf"(?P<range>至|到)?第(?P<number>[{CN_ORDINAL}\d]+)条")
# A short title a text defines for a document it cites: 《中华人民共和国X条例》（以下简称《条例》）
DEFINED_SHORT_TITLE = re.compile(
    r"《(?P<title>[^《》\n]{2,60})》[ \t]*[（(][ \t]*(?:以下简称|以下称|下称|简称)[ \t]*[:：]?[ \t]*《(?P<short>[^《》\n]{1,30})》"
)
# A line break inside a paragraph (text taken from a page layout): after a character that ends
# no sentence and before one that starts no heading, item or bullet.
SOFT_WRAP = re.compile(
    r"\n(?<=[^\s。！？；：:;!?）)\]】》”]\n)(?![\s（(一二三四五六七八九十—\-·•●■◆第附]|\d+\s*[.．、)）])"
)
# A forecast by someone else, not a goal: 据中国信息通信研究院预计, 据测算.
FORECAST = re.compile(r"据[^，,。；;]{0,30}?(?:预计|预测|测算|估计|统计)")
# A completed action (构建了, 印发了; not 为了, 除了, 了解): what the sentence says was done.
COMPLETED = re.compile(r"(?<![为除])了(?!解)")
# A comparison with a past year (从2012年的42.1%提高到, 比2012年提升, 相比2012年): a report.
PAST_BASELINE = re.compile(r"(?:从|比|相比|较|与)\s*(?:19|20)\d\d\s*年(?!\s*(?:起|开始|底前|前))")
# An article that lists standards or conditions (应当达到下列标准：, 应当具备下列条件：): its
# items are standards, not goals.
STANDARD_LIST = re.compile(r"(?:下列|以下|如下)[^，,。；;：:]{0,6}(?:标准|条件|规定|要求|指标)[^。；;]{0,10}[：:]")

# What the name of a body ends with (政府, 局, 委员会, 支行 …): one table for every extractor
# that asks whether a string "ends like an organisation". Longer words first.
BODY_SUFFIXES = (
    "街道办事处", "管理委员会", "中心支行", "领导小组", "人民政府", "办公厅", "办公室", "委员会", "联合会", "工商联",
    "管委会", "办事处", "指挥部", "研究室", "检察院", "研究会", "基金会", "总局", "政府", "工会", "总会", "妇联",
    "残联", "科协", "侨联", "团委", "法院", "支行", "分行", "银行", "公司", "集团", "协会", "商会", "小组", "中心",
    "总队", "支队", "大队", "监狱", "学院", "学校", "大学", "军区", "军分区", "警备区", "卫戍区",  # (military bodies, as laws on 兵役 and 民兵 name them)
    "局", "厅", "委", "办", "部", "署", "处", "科", "室",
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

# --- validity clauses (kg.extract.validity) --------------------------------------------------
#: any written date, without groups (2021年5月1日, 二〇二一年五月一日, 2021-05-01)
ANY_DATE = (rf"(?:(?:19|20)\d\d{SPACE}年{SPACE}\d{{1,2}}{SPACE}月{SPACE}\d{{1,2}}{SPACE}日"
            r"|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日"
            r"|(?<!\d)(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?!\d))")
#: the subject of a clause: 本办法, 本实施细则, 本通知 (captured without 本)
CLAUSE_SUBJECT = rf"本(?P<subject>[{CJK}]{{1,8}}?)"
#: a period of validity: 5年, 五年, 两年, 18个月 (a trial's too: 试行期一年)
VALIDITY_PERIOD = re.compile(r"(?:有效期(?:限)?|试行期(?:限)?)(?:为|是)?[ \t]*(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})[ \t]*(?P<unit>年|个月)")
#: a start that waits a number of days after the day it counts from: 自公布之日起30日后施行
DAYS_AFTER = re.compile(r"(?P<n>\d{1,3}|[一二三四五六七八九十百]{1,4})[ \t]*(?:日|天)(?:以?后)")
#: an end date of validity: 有效期至2025年12月31日, 有效期调整至…, 有效期截至…, 至…止
VALIDITY_UNTIL = re.compile(rf"(?:有效期(?:限)?(?:[^。；;，,]{{0,12}}?)(?:至|到|截至|截止(?:到|至)?)|至(?<![自从截]至))[ \t]*(?P<date>{ANY_DATE})(?:[ \t]*止)?")
#: the day of an event of the document itself: 本通知印发之日, 发布之日
OWN_DAY = rf"(?:{CLAUSE_SUBJECT})?(?:[{CJK}]{{0,6}}?)(?P<event>[{CJK}]{{2}})之日"
#: full-width digits to ASCII (same length: spans stay valid)
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
#: the full-width digits, each looked for by ``in`` (a character is found in a long text several
#: times faster than a class of characters is searched for)
FULLWIDTH_DIGIT_CHARS = "０１２３４５６７８９"


@lru_cache(maxsize=4)
def halfwidth_digits(text: str) -> str:
    """``text`` with its full-width digits in ASCII (``str.translate`` reads every character
    of a long text slowly, and most texts have no full-width digit: each is looked for first;
    kept per text: the history of a head and the validity read the same text).

    >>> halfwidth_digits("２０２５年6月"), halfwidth_digits("无")
    ('2025年6月', '无')
    """
    return text.translate(FULLWIDTH_DIGITS) if any(map(text.__contains__, FULLWIDTH_DIGIT_CHARS)) else text
#: a report of someone else's act: 已经废止, 被废止, 已于…停止执行
REPORTED_ACT = re.compile(r"(?:已经?|被|曾|先后|宣布|决定)[^。；;，,《》]{0,16}$")
#: a partial suspension of another document: 《…》中关于…的规定, 第X条, 暂时调整实施
PARTIAL = re.compile(rf"^[^。；;]{{0,4}}(?:中|的)?(?:关于|有关|第[{CN_ORDINAL}\d]+条|部分|相关条款|条款|规定)|暂时调整|暂停实施|暂时停止")

# --- the document's identity (kg/extract/identity.py) ------------------------------------
# A body that signs documents ends with one of these.
ORG_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|委员会|联合会|工会|总会|委|厅|局|部|院|署|办|中心|公司|银行|支行|学院|学校|大学|"
    r"团市委|团县委|团委|妇联|科协|残联|侨联|社|协会|研究室|管委会|街道办事处|办事处|法院|检察院|监狱|总队|支队|大队|中共中央|代表大会)$"
)
ORG_TOKEN = re.compile(rf"^[{CJK}（）()]{{2,40}}$")
SITE_SUFFIX = re.compile(r"\s*[-_|｜—]+\s*[^-_|｜—]{2,30}(?:网站|门户网站|网|政府|凯发|官网|平台)?\s*$")
LABEL_PREFIX = re.compile(r"^(?:内容概述|标\s*题|文件名称|名\s*称|题\s*目)\s*[:：]?\s*")
#: what a title never is: at its start, a list number, a closing mark with no opening one, a
#: sentence opening or page chrome (NOT_TITLE_START); anywhere, a sentence end or an unclosed
#: mark (NOT_TITLE_ANYWHERE, whose branches all open with a character the engine jumps to)
NOT_TITLE_START = re.compile(r"\d+[.．、]|[（(]?[一二三四五六七八九十]+[、）)]|[^《》]*》|[^“”]*”|(?:为|根据|按照|依据|各|现将|附件|来源|当前位置|您现在的位置|栏目|时间|发布|浏览|点击|索引号|主题分类|发文机关|成文日期|发文字号|发布日期|文件编号|信息索引号|生成日期|效力状况)")
NOT_TITLE_ANYWHERE = re.compile(r"。|；|;|！|？|《[^《》]*$|“[^“”]*$")


def not_title(text: str) -> bool:
    """Whether ``text`` cannot be a title (:data:`NOT_TITLE_START`, :data:`NOT_TITLE_ANYWHERE`).

    >>> not_title("关于印发某方案的通知"), not_title("（一）总体要求"), not_title("为了规范管理，制定本办法。"), not_title("某某《条例")
    (False, True, True, True)
    """
    return bool(NOT_TITLE_START.match(text) or NOT_TITLE_ANYWHERE.search(text))

# --- citations and their cues (kg/extract/citations.py) ----------------------------------
QUOTE_RUN_BEFORE = re.compile(r"(?:《[^《》]*(?:《[^《》]*》[^《》]*)*》[、，,和及与]?)*$")
QUOTE_RUN_AFTER = re.compile(r"^(?:[、，,和及与]?《[^《》]*(?:《[^《》]*》[^《》]*)*》)*")
#: what may stand between a title and its 发文字号: an opening bracket, and the date the
#: document was issued on as lists of repealed or amended documents write it
#: (《城市房屋拆迁管理条例》（2001年6月13日中华人民共和国国务院令第305号公布）)
NUMBER_AFTER = re.compile(r"^[ \t\u3000]*[（(〔]?[ \t\u3000]*(?:\d{4}[ \t\u3000]*年[ \t\u3000]*\d{1,2}[ \t\u3000]*月[ \t\u3000]*\d{1,2}[ \t\u3000]*日[ \t\u3000]*)?")
TITLE_OK = re.compile(rf"[{CJK}]")
GENERIC_TITLE = re.compile(r"^(?:本|该|此)?(?:" + "|".join(DOC_TYPE_WORDS) + r")$")
# Cues for the relation (FORMAT.md) and for the parts of a text that are not its own
NOT_BASIS = re.compile(r"(?:废止|停止执行|不再执行|同时失效|重新发布|重新印发|收悉)")
DEPLOYED = re.compile(r"(?:作出|做出|提出)了?(?:[^。，]{0,6})(?:部署|要求|规定|安排)")
ATTACHED = re.compile(r"^[ \t]*[（(](?:见)?附件")
# the number of a heading: 一、 3. （四）
HEADING_NUMBER = rf"(?:[一二三四五六七八九十]+[、.．]|\d+[、.．{LOST_MARK}]|[（(][一二三四五六七八九十\d]+[)）])"
BASIS_HEADING = re.compile(rf"(?m)^[ \t]*{HEADING_NUMBER}?[ \t]*[^。\n]{{0,8}}依据[ \t]*[:：]?[ \t]*$")
BACKGROUND_HEADING = re.compile(rf"(?m)^[ \t]*{HEADING_NUMBER}[^。\n]{{0,20}}(?:背景|依据)[ \t]*$")
GUIDING = re.compile(rf"^[ \t\u3000]*{HEADING_NUMBER}?[ \t]*(?:指导思想|总体思路|总体要求)")
# A section of general principles (指导思想, 基本原则 …): what any plan says of any task, never a
# task a local document takes up (the measure alignment leaves it out; used with .match).
PRINCIPLES_HEADING = re.compile(r"[ \t\u3000]*(?:指导思想|总体思路|基本原则|工作原则|主要原则)")
ISSUED_BY = re.compile(r"(?:印发|发布|出台|制定|制订|编制|公布|下发|颁布)了?[ \t]*$")
MAKING_NEXT = re.compile(r"^[ \t]*(?:结合|特制定|制定本|现制定|现提出|现就)")
HISTORY_LINE = re.compile(r"^[ \t（(]*(?:根据)?[ \t]*(?:(?:19|20)\d\d|[〇○零一二三四五六七八九]{4})[ \t]*年")
HISTORY_EVENT = re.compile(r"会议|令第|公告|通过|修正|修订")
ADDRESSEE_LINE = re.compile(r"^[^。；;：:]{2,80}(?:国务院|政府|委员会|党委|部|厅|局|办公室|办|院|单位|机关|机构|同志)[：:]$")
NOT_TITLE_LINE = re.compile(r"[。，,；;：:（）()]|[年月]\S{0,3}日$")
NUMBERED = re.compile(rf"^[ \t]*(?:{HEADING_NUMBER}|第[{CN_ORDINAL}]+[章条节])")

# --- sections, attachments and assignments (kg/extract/structure.py) ---------------------
ATTACHMENT = re.compile(r"^附\s*件\s*(?P<n>\d{0,2}|[一二三四五六七八九十]{1,3})\s*[:：]?\s*$")
ATTACHMENT_LIST = re.compile(r"^附\s*件\s*[:：]")
#: a line that assigns a measure: 牵头单位：市教育局；责任单位：市财政局；完成时限：2022年底, or
#: the same keys after a sentence of the line (…加快制定配套政策。牵头单位：市教育局)
#: what an assignment's key calls the bodies it names (a department's own plan: 牵头处室)
_ASSIGNED = r"(?:单位|部门|处室|科室)"
ASSIGNMENT_KEY = re.compile(
    rf"(?P<key>(?:牵头|责任|主责|负责|配合|参与|参加|协办|协同|指导){_ASSIGNED}|完成(?:时限|时间)|时间节点|时限要求)\s*[：:]"
)
ASSIGNMENT_LINE = re.compile(r"(?:^|\n|(?<=[。；;！!]))[ \u3000\t]*[（(【\[]?" + ASSIGNMENT_KEY.pattern)
END_MATTER = re.compile(r"^(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|[（(]此件|抄送|抄报|印发|附\s*件)")

# --- passages aligned across documents (kg/align/core.py) --------------------------------
TEXT_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9+]{2,}")
#: the number a measure starts with: 第五条 / （五） / 5. / 五、 (:data:`MEASURE_MARKER` at a text's start)
MARKER = rf"(?:第[{CN_ORDINAL}\d]+条|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、{LOST_MARK}]|[一二三四五六七八九十]+、)"
MEASURE_MARKER = re.compile(rf"^\s*{MARKER}\s*")
#: the end of a sentence a measure's number runs in after, one space on (…优化技术。 （二）深化推广应用…:
#: a copy from PDF ran the heading into the line before it; :mod:`kg.extract.layout` ends a segment there)
RUN_IN_AFTER = "[。！？!?]"
#: a clause of legal liability (法律责任): a breach, then who sanctions it and how
#: (违反本条例第十七条规定的，由公安机关责令改正; 有下列行为之一的，由…处…罚款; 未…的，依法给予处分;
#: 不依法记录…的，由民政部门予以警告; the sanction up to 60 characters on: 由有审批权的…部门按照《…法》第三十一条的规定处罚)
LIABILITY = re.compile(
    r"(?:违反|违法|非法|未|不(?:按|依|履行|执行|报|提供|配合|遵守|落实|采取|设置|建立)|擅自|拒不|拒绝|有下列(?:情形|行为)之一|滥用职权|玩忽职守|弄虚作假|骗取|以[^，。；]{1,20}名义)"
    r"[^。]{0,160}?的(?:组织|单位|个人|组织和个人)?，[^，。；]{0,60}?"
    r"(?:责令|处以?[^理置]|给予|没收|吊销|予以|追究|撤销|取消|暂扣|收回|通报|记入|查处|处罚|处分|批评教育)"
)
#: the end of a line of a table of contents: a leader (dots, ellipses, middle dots, rules)
#: and a page number (一、总体要求..........1; （一）指导思想…………3)
CONTENTS_LINE_END = re.compile(r"(?:[.．…⋯·・_][ \t\u3000]*){4,}\d{1,4}[ \t\u3000\r]*$", re.M)
#: the heading of a table of contents at the end of a line (目录, 目　　录; alone on its line
#: when only white space is before it: :func:`kg.extract.document.contents_spans`)
CONTENTS_HEADING = re.compile(r"目[ \t\u3000]*录[ \t\u3000\r]*$", re.M)
#: what a leader of a table of contents holds (a quick test before :data:`CONTENTS_LINE_END`)
CONTENTS_LEADERS = ("....", "．．．．", "……", "⋯⋯", "····", "・・・・", "____", ". . . .")
#: a sentence ends at 。；！？ or a line break
SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
#: sentences that never make a pair: effective dates, purpose, basis and scope clauses, the
#: formulas of legal liability, the parentheticals that assign a measure (（市教育局牵头）).
#: Two patterns: what a sentence opens with (:data:`BOILERPLATE_OPENS`, matched at its
#: start) and what it holds anywhere (:data:`BOILERPLATE_HOLDS`), tried apart
#: (:func:`kg.align.core.boilerplate`): the opening's alternatives are tried at one place,
#: not at every character of the sentence as one pattern of both tried them (the
#: sentences of the laws' measures: 3.3 times as fast)
BOILERPLATE_OPENS = re.compile(
    r"本(?:法|条例|办法|规定|细则|意见|方案)自"
    r"|(?:为了?|根据).{0,160}(?:制定本|制订本|结合本(?:省|市|自治区|地|县|区)实际)"
    r"|[（(][^（）()]*(?:牵头|配合|负责|参与)[^（）()]*[）)][。；]?$"
    # a penalty's escalation, after the breach its first clause names: 拒不改正的，处…; 情节严重的，…
    r"|(?:拒不改正|逾期不改正|逾期未改正|情节严重|情节较重|情节轻微|造成严重后果|造成严重影响)的，"
    # 法律另有规定的，依照其规定; a list's item that asks only to conform: （五）符合本市…相关规定
    r"|(?:法律|法律、行政法规|法律、法规|法律、法规、规章)另有规定的?，(?:依照|从)其规定[。；;]?$"
    r"|[（(][一二三四五六七八九十]{1,3}[）)]\s*符合[^，。；;]{0,30}(?:规定|要求|条件|标准)[。；;]?$"
    # the other formulas of liability, whole sentences: 造成损害的，依法承担赔偿责任;
    # 构成违反治安管理行为的，依法给予治安管理处罚
    r"|(?:给[^，。]{0,12})?造成[^，。]{0,12}(?:损害|损失)的?，(?:应当)?(?:依法)?(?:承担|负)[^，。]{0,6}责任[。；;]?$"
    r"|构成违反治安管理行为的?，[^。；;]{0,40}处罚[。；;：:]?$"
    # a list's catch-all item: （五）法律、行政法规规定的其他危害气象设施的行为
    r"|[（(][一二三四五六七八九十]{1,3}[）)]\s*(?:法律、?(?:行政)?法规[^，。；;]{0,12}规定的)?其他[^，。；;]{0,30}(?:行为|情形|事项)[。；;]?$"
)
BOILERPLATE_HOLDS = re.compile(
    r"自.{0,24}(?:起施行|起实施|起执行|起生效)"
    r"|适用本(?:法|条例|办法|规定|细则|意见|方案)。?$"
    r"|构成犯罪的?，?依法追究刑事责任|(?:对|由).{0,12}直接负责的主管人员和其他直接责任人员.{0,20}(?:处分|处理|罚款)"
)
#: words without which no sentence is boilerplate (a quick test before :func:`kg.align.core.boilerplate`):
#: each alternative's words, and the words that assign a measure in a parenthetical
BOILERPLATE_WORDS = re.compile(r"施行|起实施|起执行|生效|本(?:法|条例|办法|规定|细则|意见|方案)自|制定本|制订本|结合本|适用本|刑事责任|牵头|配合|负责|参与"
                               r"|责任|治安管理|其他|改正|情节|严重|另有规定|符合")

# --- kinds of bodies named in a list (kg/extract/departments.py) -------------------------
INSTITUTION_NAME = re.compile(r"(?:学院|大学|学校|职专|职业中专|中学|小学|幼儿园|医院|研究院|研究所|科学院|实验室|党校|图书馆|博物馆|技师学院|技工学校)$")
ENTERPRISE_NAME = re.compile(r"(?:公司|集团|企业|商业银行|保险机构|金融机构|农村信用社|合作社)$")
PEOPLES_BODY = re.compile(r"(?:工会|工商业联合会|工商联|妇女联合会|妇联|残疾人联合会|残联|科学技术协会|科协|红十字会|侨联|文联|团委)$|^共青团")
PARTY_BODY = re.compile(r"^(?:中共|中国共产党)|党委|党组|纪委|监委|组织部|宣传部|统战部|统一战线工作部|政法委|编办|机构编制委员会办公室|教科工委|教育工委|网信办|党校")
GENERIC_BODY = re.compile(
    r"^[省市县区]?直?(?:各|本|其他|其它|其余)?(?:有关|相关|其他|其它|各级|各类|成员)?(?:各)?(?:行政)?(?:管理)?(?:部门|单位|地方|地区|方面|科室|处室)(?:和单位|和部门|及单位)?$"
    r"|^(?:各|本|其他|其它|其余)?(?:有关|相关|其他|其它|各级|各类)?(?:机构|机关)$"  # (管理机构, 行政机关: names a text defines)
    r"|^各(?:地|地区|级|部门|单位|地各部门|地各有关部门|级各部门)$|^(?:各地|各级各部门|各地各部门|各地各有关部门)(?!.*(?:主管部门|行政部门|管理部门|主管机关)$)"
    r"|^(?:[省市县区]|国务院|本级)?(?:人民)?政府(?:各|有关|相关|其他|其它)+(?:部门|单位)$"
)
ETC_TAIL = re.compile(r"等(?:有关|相关|其他|其它)?(?:部门|单位|地区|方面)?(?:和单位|和部门)?$")

# --- responsibilities: roles and subjects (kg/extract/responsibilities.py) ---------------
#: 按照各自职责分工, 根据职责: how a duty is shared (in parentheticals and in sentences)
BY_DUTY = r"按照?(?:各自)?(?:的)?(?:职责|职能)(?:分工)?|(?:根据|依据)(?:各自)?职责|依职责"
DUTY = rf"(?:{BY_DUTY}|各司其职|分工)?(?:分别|具体|共同)?"
DUTY_TAIL = r"(?:等)?(?:(?<!政府)(?<!牵头)(?:有关|相关|其他)?(?:部门|单位)(?:和单位|和部门)?)?"  # 省政府有关部门 names nobody; X牵头部门 is a name
LEAD_SUPPORT = re.compile(
    rf"^(?P<lead>.+?)牵头(?!部门|单位)[，,、；;]?(?P<support>.+?){DUTY_TAIL}(?:参与|配合|协同|参加|协助|共同)?{DUTY}(?:负责|落实|实施)?$"
)
LEAD_ONLY = re.compile(rf"^(?P<lead>.+?){DUTY_TAIL}牵头(?:负责|落实|实施)?$")
#: one of the clauses after a lead (国家能源局牵头，国家发展改革委等按职责分工负责，各省级人民政府落实):
#: a list of bodies and the words of its part
SUPPORT_CLAUSE = re.compile(rf"^(?P<list>.+?){DUTY_TAIL}(?:参与|配合|协同|参加|协助|共同)?{DUTY}(?:负责|落实|实施)?$")
#: a word every assignment holds (the role words of :data:`ASSIGNMENT_KEY`, :data:`LEAD_SUPPORT`,
#: :data:`LEAD_ONLY`, :data:`TOGETHER`, :data:`RESPONSIBLE`, :data:`RESP_SUPPORT` and :data:`RESP_BOTH`): a clause
#: without one is not matched against them
ASSIGNMENT_WORD = re.compile(r"牵头|负责|责任|主责|配合|参与|参加|协办|协同|指导|落实|承担|实施|协助")
TOGETHER = re.compile(rf"^(?P<lead>.+?)(?:会同|联合|协调(?!推进机制|机制|小组|办公室))(?P<support>.+?){DUTY}(?:负责|落实|实施)$")
RESPONSIBLE = re.compile(rf"^(?P<list>.+?){DUTY_TAIL}{DUTY}(?:负责|落实|承担|实施)(?:落实)?$")
RESP_SUPPORT = re.compile(rf"^(?P<lead>.+?){DUTY}负责[，,；;](?P<support>.+?){DUTY_TAIL}(?:配合|参与|协助)$")
#: X负责，Y按职责分工落实: two lists of bodies, each responsible (X、Y等按职责分工负责，Z负责落实)
RESP_BOTH = re.compile(rf"^(?P<first>[^，,；;]+?){DUTY_TAIL}{DUTY}负责[，,；;](?P<then>[^，,；;]+?){DUTY_TAIL}{DUTY}(?:负责|落实|实施)(?:落实)?$")
#: a role word after 将 (X将会同Y…, X将牵头…): 将 says when, not whom
_WILL_ROLE = r"(?:继续|进一步|积极|适时)?(?:会同|牵头|负责|联合|配合|协同|指导|组织实施)"
#: 依法/按照/根据 that open the clause of a body set up (X依法设立的Y负责, X根据需要设立的Y): a part
#: of the subject, which names Y
_SETS_UP_NOT = r"(?![^，,；;。]{0,12}?(?:设立|成立|组建)的)"
#: where the subject of a clause ends: the first word of its predicate (every branch opens
#: with a character, its look-behind after it: 在(?<!所在) is 在 not after 所, and the
#: engine then jumps from one of those first characters to the next)
SUBJECT_END = re.compile(
    rf"应当|应(?<!相应)(?<!对应)(?![急用变])|需要{_SETS_UP_NOT}|要(?<!需要)(?<!机要)(?!素)|须|必须|可以|(?:依法|依照|依据|按照|根据){_SETS_UP_NOT}|按(?=(?:各自)?的?(?:职责|职能))|依(?=职责)|在(?<!所在)(?<!设在)|对|会同|联合|牵头|负责(?!人|制(?![定订作止]))|主管(?!部门|机关|机构)|指导(?!中心|站|协调小组|委员会|小组|组)|"
    r"组织(?<!社会组织)(?<!非政府组织)(?<!经济组织)(?<!群众组织)(?!部)|落实|协助|配合|参与|参加|协同|"
    r"是(?<!总是)|为(?<!作为)|作为(?=牵头)|统筹|共同|分别|具体|统一(?!战线)|负总责|加强|，|,|：|:"
    rf"|将(?={_WILL_ROLE})"
)
#: the document itself as the basis of a duty: 依照本规定 (工业和信息化部依照本规定对…实施监督管理)
BY_THIS = r"(?:依照|依据|按照|根据)本(?:规定|办法|条例|法|细则|决定|意见|方案)"
#: words between the subject and the role word: 应当, 依法, 按照各自职责 (and 抓好, 狠抓 of
#: 抓好落实: the role word 落实 said with its verb of emphasis)
ADVERBS = re.compile(
    rf"^(?:(?:应当|应(?!急)|需要|要|须|必须|予以|依法|{BY_DUTY}|{BY_THIS}|在各自(?:的)?职责范围内|分别|具体|共同|统一|切实|积极|主动|认真|还|也|并|将(?={_WILL_ROLE})|可以(?=会同|联合)|负责任"
    rf"|(?:抓好|狠抓)(?=落实))[，,]?)*"
)
#: where a clause may start with a subject: the sentence start, after ， or 由 (the marks
#: alone: :func:`clause_starts` adds the start, and every branch opens with a character)
CLAUSE_MARK = re.compile(r"[，,：:]|由(?<!自由)(?![于此衷])|(?:^|(?<=[。；;，,]))[一二三四五六七八九十]是")  # (一是…，二是…: an item's number)


def clause_starts(sentence: str) -> list[int]:
    """Where a clause of ``sentence`` may start with a subject: 0, and after each ，：
    or 由 (not 自由, 由于, 由此, 由衷).

    >>> clause_starts("市教育局负责，由市财政局配合，自由由于")
    [0, 7, 8, 15]
    >>> clause_starts("七是工业和信息化部负责。")
    [0, 2]
    """
    return [0, *[m.end() for m in CLAUSE_MARK.finditer(sentence)]]


OBJECT_END = re.compile(r"在|对|，|,|查处|惩处|制定|建立|(?<!机构)编制|做好|开展|组织|共同|研究|负责|按照|根据|依法|依照|依据|进行|实施|定期|加强|推进|做|落实|的")
LIST_JOIN = re.compile(r"(?:和|及|以及|与|或者(?!(?:部门|机构|机关|单位)(?:$|[、，,])|会同|由|经|报))")
ETC_DEPARTMENTS = re.compile(r"等(?:[^、，,等]{0,8}?(?:有关|相关|其他))?(?P<tail>(?:行政)?(?:监督)?(?:主管|管理)?(?:部门|机构|机关|单位))?$")

# --- citations and targets (kg/extract/citations.py, kg/extract/targets.py) -----------------
#: where a preamble ends: a numbered heading, the first chapter, an article after 第一条
PREAMBLE_END = re.compile(rf"(?m)^[ \t\u3000]*(?:[一二三四五六七八九十]+、|第一章|第(?!一条)[{CN_ORDINAL}]+条)")
#: a line numbered 一、 (a section of its own, not what a heading above it holds)
CN_NUMBERED_LINE = re.compile(r"(?m)^[ \t]*[一二三四五六七八九十]+[、.．]")
#: where a match of UNQUOTED_LAW can end: the 法 (of 法 or 法典) its look-ahead allows after it;
#: a match starts at most 23 characters before it (a verb, 中华人民共和国, 14 characters)
UNQUOTED_LAW_ANCHOR = (re.compile(r"法(?=典?(?:和|及|与|、|，|,|。|；|;|的|第|规定|有关|等|要求|中))"), 23)
#: the number of an article, which every ARTICLE_HEAD holds (第十二条)
ARTICLE_NUMBER = re.compile(rf"第[{CN_ORDINAL}]+条")

# --- identity and validity (kg/extract/identity.py, enactment.py, validity.py) -------------
#: the first character of a line (after white space) that can open an enactment history
#: (:data:`ENACTMENT_LINE`: a parenthesis, 根据, a year in digits or numerals) or a section
#: heading (:data:`SECTION_HEADING`); full-width digits too, for the text before
#: :func:`halfwidth_digits`. FIRST_LINE_OPENING matches at the text's start,
#: LINE_OPENING finds such a line after it (its match starts with the line break).
_OPENING = r"[^\S\n]*[（(根12１２〇○零一二三四五六七八九十百第]"
FIRST_LINE_OPENING = re.compile(_OPENING)
LINE_OPENING = re.compile(r"\n" + _OPENING)


# --- responsibilities and institutions (kg/extract/institutions.py) ----------------------
#: the characters a region-scoped name of an institution opens with (市艺术幼儿师范学校)
NAME_LEVEL_CHARS = "省市县区州旗盟"
#: a character that a place or scope before an institution's type word holds: a level
#: character (市艺术幼儿师范学校) or a placeholder (XX县职教中心)
NAME_SCOPE_CHAR = re.compile(f"[{NAME_LEVEL_CHARS}{_PH}]")
#: 等5所 / 等三个: a name before it is an example of a class (现代制造服务学校等5所学校)
ETC_COUNT = re.compile(r"等\s*(?:\d+|[一二两三四五六七八九十]+)\s*(?:所|个|家)")
