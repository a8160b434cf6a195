"""Institutions: proper names vs generic mentions, abbreviations, region scoping, the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluate import score
from kg.extract import extract
from kg.extract.document import build_document
from kg.extract.institutions import institutions, type_of
from kg.ingest import read_document
from kg.models import Institution, PolicyInfo, SourceText

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run(text: str, region: str | None = "沈阳市", level: str | None = "city") -> list[Institution]:
    src = SourceText("t.txt", text, "text", "0")
    return institutions(build_document(src), PolicyInfo(level=level, region=region))


def names(insts: list[Institution]) -> list[tuple[str, list[str]]]:
    return [(i.name, i.aliases) for i in insts]


# --- proper names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("积极争取辽宁联合职业技术学院中职办学点。", "辽宁联合职业技术学院"),
        ("支持沈阳职业技术学院举办职业本科教育。", "沈阳职业技术学院"),
        ("推动沈阳中德应用技术学院(跨企业实训中心)建设。", "沈阳中德应用技术学院"),
        ("加强与陇东学院岐黄医学院在护理等专业的交流。", "陇东学院岐黄医学院"),
        ("积极推进XX县民族职业高级中学搬迁工作。", "XX县民族职业高级中学"),
        ("构建以XX民生职业技术学校为补充的布局。", "XX民生职业技术学校"),
        ("支持杭州职业技术学院建设高水平专业群。", "杭州职业技术学院"),
        ("支持合水职专重点发展电子商务。", "合水职专"),
        ("充分发挥孔子学院的作用。", "孔子学院"),  # 充分发挥, 大力支持, 切实加强: one word to jieba
        ("大力支持鲁东大学建设。", "鲁东大学"),
        ("切实加强齐鲁工业大学建设。", "齐鲁工业大学"),
    ],
)
def test_proper_names(text: str, name: str) -> None:
    assert [i.name for i in run(text)] == [name]


def test_kinds() -> None:
    got = {i.name: i.kind for i in run("鼓励沈阳大学、沈阳医学院、西峰职专合作。")}
    assert got == {"沈阳大学": "university", "沈阳医学院": "college", "西峰职专": "school"}
    assert type_of("庆阳广播电视大学") == "广播电视大学"


@pytest.mark.parametrize(
    "text",
    [
        "支持高水平高职院校与企业合作，引导职业院校、中职学校、技工院校开展培训。",
        "支持2所高水平技师学院建设。",
        "遴选培育5所左右特色职业培训学校。",
        "省级职业教育专项资金支持庆阳市中等职业学校改善办学条件。",
        "争取2所左右职业院校成为辽宁省职业教育信息化标杆学校。",
        "加强县(区)级职教中心建设，创建13个区县级社区学院。",
        "支持引导企业深度参与职业学校教育教学改革。",
        "支持庆阳打造优质学校。",
        "加强与“‘一带一路’美丽乡村联盟”省市涉农类院校合作交流。",
        "申请人一般应具有大学本科及以上学历。",
        "认定20个无锡市中小学职业体验示范中心。",
        "发挥中心城市引领作用。",
        "支持建设世界一流大学和高水平研究型大学。",
        "推动部分本科高校向应用型大学转型。",
        "按照省有关规定进入化工园区。",  # 规定, 进入: verbs before what they act on
        "鼓励有条件的高校建立人工智能学院。",  # what the sentence creates, no place named
        "与林草业院校合作设立人工智能学院。",
        "企业开办业务由县政务服务中心统一受理。",  # a body of government, not an institution
        "项目进入市公共资源交易中心公开交易。",
        "加快建设上海国际金融中心和北京城市副中心。",  # roles a city plays
        "庆阳市中小学校应当开设劳动教育课程。",  # a class of schools
    ],
)
def test_generic_mentions_are_not_institutions(text: str) -> None:
    assert run(text, region="庆阳市") == []


# --- abbreviations and scoping --------------------------------------------------------------


def test_what_a_sentence_creates_is_named_by_its_place_or_as_a_university() -> None:
    """A name right after a verb that creates it (建设, 设立, 筹建) is a kind unless a place
    names it (建设无锡职业技术学院新校区) or it is a university (筹建空天信息大学: one, whatever
    its name)."""
    got = [i.name for i in run("支持江南大学建设人工智能学院。加快建设无锡职业技术学院新校区。筹建空天信息大学。", region="无锡市")]
    assert "人工智能学院" not in got and "无锡职业技术学院" in got and "空天信息大学" in got


def test_abbreviation_merged_only_when_both_forms_occur() -> None:
    text = "将西峰职专、庆阳广播电视大学并入园区。西峰职专、庆阳电大在园区内办学。西峰职业中专开展试点。"
    assert names(run(text, region="庆阳市")) == [("西峰职专", ["西峰职业中专"]), ("庆阳广播电视大学", ["庆阳电大"])]


def test_abbreviation_not_expanded_by_rule_alone() -> None:
    # the full name is nowhere in the text: keep the short form as written
    assert names(run("支持镇原职专实施宿舍楼建设。", region="庆阳市")) == [("镇原职专", [])]


def test_place_with_and_without_level_word() -> None:
    text = "西峰职专开展试点。支持西峰区职业中等专业学校建设。"
    assert names(run(text, region="庆阳市")) == [("西峰职专", ["西峰区职业中等专业学校"])]


def test_short_form_defined_in_text() -> None:
    text = "初核机构：广州市高校毕业生就业指导中心（以下简称市高指中心）。申请人向市高指中心提出申请。"
    got = run(text, region="广州市")
    assert len(got) == 1
    assert got[0].name == "广州市高校毕业生就业指导中心"
    assert "市高指中心" in got[0].aliases


def test_region_scoped_names() -> None:
    text = "通过市艺术幼儿师范学校升专，做强市装备制造学校等10所国家示范学校。"
    assert names(run(text)) == [
        ("沈阳市艺术幼儿师范学校", ["市艺术幼儿师范学校"]),
        ("沈阳市装备制造学校", ["市装备制造学校"]),
    ]
    # the same words in a county document stay as written when the level does not match
    assert [i.name for i in run("支持县民族职业高级中学整体搬迁。", region="XX县", level="county")] == ["XX县民族职业高级中学"]


def test_example_of_a_class_is_named() -> None:
    got = names(run("做好现代制造服务学校等5所学校两批次试点。"))
    assert got == [("沈阳市现代制造服务学校", ["现代制造服务学校"])]


def test_first_mention_span() -> None:
    text = "支持沈阳职业技术学院发展。沈阳职业技术学院要发挥作用。"
    (inst,) = run(text)
    assert inst.span.slice(text) == "沈阳职业技术学院"
    assert inst.span.start == text.index("沈阳职业技术学院")


# --- the seeds ------------------------------------------------------------------------------


def test_seed_institutions_score() -> None:
    pairs = []
    for g in sorted((SEEDS / "gold").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        pred = extract(read_document(SEEDS / gold["source"])).to_gold(provenance=False)
        pairs.append((gold, pred))
    counts = score(pairs)
    assert counts["institutions"].f1 >= 0.85, counts["institutions"]


def test_data_file_is_utf8_without_bom() -> None:
    raw = (ROOT / "kg" / "data" / "institution_words.tsv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    raw = (ROOT / "kg" / "data" / "target_words.tsv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw


def test_segmenter_viterbi_finds_jiebas_path():
    """The restricted Viterbi search gives jieba's own path, unknown characters included."""
    import jieba.posseg as pseg
    from jieba.posseg.viterbi import viterbi as jieba_viterbi

    from kg.extract.segmenter import viterbi

    for s in ("岐黄医学院附属中学", "鋆鍪县职教中心", "甲乙丙丁", "推进产教融合实训基地建设", "㐀㐁学校"):
        assert list(viterbi(s)) == jieba_viterbi(s, pseg.char_state_tab_P, pseg.start_P, pseg.trans_P, pseg.emit_P)[1]


def test_segmenter_viterbi_finds_jiebas_path_on_every_run_of_a_text():
    """The Viterbi step that stops early (where no state can reach the best sum) finds
    jieba's path on every run of one to five characters of a text, ties included."""
    import jieba.posseg as pseg
    from jieba.posseg.viterbi import viterbi as jieba_viterbi

    from kg.extract.segmenter import viterbi

    text = "经市高指中心受理，由区住建部门做大做强五区一中心，誉城苑产教融合，农机械化率均达到九成㐀"
    runs = {text[i : i + n] for n in range(1, 6) for i in range(len(text) - n + 1) if "，" not in text[i : i + n]}
    for s in sorted(runs):
        assert list(viterbi(s)) == jieba_viterbi(s, pseg.char_state_tab_P, pseg.start_P, pseg.trans_P, pseg.emit_P)[1], s


def test_segmenter_tokenizer_equals_a_fresh_jieba_tokenizer():
    """A copy of the main dictionary with added words cuts as a fresh jieba tokenizer does."""
    import jieba

    from kg.extract.segmenter import tokenizer

    fresh = jieba.Tokenizer()
    fresh.add_word("产教融合实训基地", 200000, "n")
    copy = tokenizer([("产教融合实训基地", 200000, "n")])
    s = "市教育局推进产教融合实训基地建设，县职教中心负责"
    assert copy.lcut(s) == fresh.lcut(s) and copy.total == fresh.total


def test_the_route_of_a_tokenizer_follows_words_added_and_removed_after_use() -> None:
    """The log probabilities kept by the segmenter's route are those of the dictionary as it
    is when the text is cut: a word added, or removed, after a first cut counts."""
    import jieba

    from kg.extract.segmenter import tokenizer

    ours = tokenizer()
    ref = jieba.Tokenizer()
    ref.initialize()

    def routes(sentence: str) -> tuple[dict, dict]:
        a: dict = {}
        b: dict = {}
        ours.calc(sentence, ours.get_DAG(sentence), a)
        jieba.Tokenizer.calc(ref, sentence, jieba.Tokenizer.get_DAG(ref, sentence), b)
        return a, b

    sentence = "县职教中心联合县总工会开展培训"
    mine, theirs = routes(sentence)
    assert mine == theirs
    for tok in (ours, ref):
        tok.add_word("职教中心", 300000)
    mine, theirs = routes(sentence)
    assert mine == theirs and "职教中心" in ours.lcut(sentence, HMM=False)
    for tok in (ours, ref):
        tok.del_word("县")  # a character met before: its frequency is now 0, the total the same
    mine, theirs = routes(sentence)
    assert mine == theirs


def test_the_route_in_one_walk_is_jiebas_route() -> None:
    """``route_ends`` takes the words of jieba's route (its graph and best route of each
    place), in sentences with words of the tokenizer's own, unknown characters, digits and
    letters, and after a word is added or removed."""
    import jieba

    from kg.extract.segmenter import tokenizer

    ours = tokenizer([("职业技术学院", 200000, "ntype"), ("职教中心", 200000, "ntype")])

    def jieba_ends(sentence: str) -> list[int]:
        route: dict = {}
        jieba.Tokenizer.calc(ours, sentence, jieba.Tokenizer.get_DAG(ours, sentence), route)
        return [route[i][1] + 1 for i in range(len(sentence))]

    sentences = ("支持庆阳职业技术学院发展", "县职教中心联合县总工会开展培训", "鋆鍪县职教中心", "建成3所AB学校", "中华人民共和国", "了", "")
    for s in sentences:
        assert ours.route_ends(s) == jieba_ends(s)
    ours.add_word("庆阳职业", 900000)
    ours.del_word("县")
    for s in sentences:
        assert ours.route_ends(s) == jieba_ends(s)


def test_a_line_met_again_gives_its_mentions_at_its_own_place():
    from kg.extract.institutions import find_mentions

    line = "支持庆阳职业技术学院和西峰区职业中等专业学校发展"
    text = f"一、任务\n{line}\n二、保障\n{line}"
    first, second = (m for m in find_mentions(text) if m.written == "庆阳职业技术学院")
    assert text[first.start : first.end] == text[second.start : second.end] == "庆阳职业技术学院"
    assert second.start - first.start == text.rindex(line) - text.index(line)
    first.name = "改过的名字"  # a caller may change what it got
    assert [m.name for m in find_mentions(text)] == [m.name for m in find_mentions(line + "\n" + line)]
    assert "改过的名字" not in [m.name for m in find_mentions(text)]


def _every_phrase_tokens(line: str, typed: list[int], breaks: list[int] | None = None) -> list[tuple[str, str, int, int]]:
    """Every phrase and mark of the line as tokens, those with a type word segmented (a
    reading of the whole line, to compare with the one that reads the typed phrases only)."""
    import re

    from kg.extract.institutions import _HAN, _tokenizer

    toks = []
    for pm in re.finditer(r"[^，,。；;：:、！？!?（）()“”\"《》〈〉【】\[\]\s]+|.", line, re.S):
        phrase, pos, end = pm.group(0), pm.start(), pm.end()
        if not any(pos <= t < end for t in typed) or not _HAN.search(phrase):
            toks.append((phrase, "x", pos, end))
            continue
        for word, flag in _tokenizer().pairs(phrase):
            toks.append((word, flag, pos, pos + len(word)))
            pos += len(word)
    return toks


@pytest.mark.parametrize(
    "line",
    [
        "支持庆阳职业技术学院发展，西峰职专、庆阳电大并入园区。",
        "陇东学院岐黄医学院牵头，XX县职教中心配合（以下简称“职教中心”）建设基地。",
        "市艺术幼儿师范学校（市教育局负责）与沈阳大学、现代制造服务学校等5所学校合作",
        "1+XX县技工学校  ，2所高水平技师学院；各县职教中心：甲乙学校 丙丁大学本科",
        "大学生创业园　和　[某某学院]  《某某大学章程》，合水职专",
    ],
)
def test_reading_the_typed_phrases_finds_the_names_of_the_whole_line(line: str, monkeypatch) -> None:
    """A name stops at the punctuation around its phrase: reading only the phrases that
    hold a type word finds the mentions that reading every phrase of the line finds."""
    import importlib

    inst = importlib.import_module("kg.extract.institutions")
    typed = [m.start() for m in inst._type_re().finditer(line)]
    for region, char in ((frozenset({"沈阳市", "沈阳"}), "市"), (frozenset(), "")):
        fast = inst._mentions_in_line(line, 7, typed, region, char)
        monkeypatch.setattr(inst, "_line_tokens", _every_phrase_tokens)
        whole = inst._mentions_in_line(line, 7, typed, region, char)
        monkeypatch.undo()
        assert fast == whole
        assert fast or "等5所" not in line and "职业技术学院" not in line  # (the lines name some)


@pytest.mark.parametrize(
    "line",
    [
        "建设实训基地，支持市艺术幼儿师范学校与沈阳大学合作，产业园区建设，坚持以人民为中心",
        "联盟学校等3所学校开展试点，现代制造服务学校 等5所学校，甲乙学校等学校",
        "XX县实训基地、某市职教中心和1+X证书试点学校，全县建成实训基地10个，办好学校",
        "推动庆阳现代农业示范基地建设，中学院校合作，区级综合养老服务中心，坚持以人民为中心",
        "遴选30所初中学校，在中职学校设立劳动教育基地，沈阳技工学校（以下简称技校）",
    ],
)
def test_phrases_without_a_place_scope_or_strong_type_word_hold_no_name(line: str, monkeypatch) -> None:
    """The test on characters that spares a phrase its segmentation drops only phrases
    where reading them finds no name."""
    import importlib

    inst = importlib.import_module("kg.extract.institutions")
    typed = [m.start() for m in inst._type_re().finditer(line)]
    for region, char in ((frozenset({"沈阳市", "沈阳"}), "市"), (frozenset(), "")):
        tested = inst._mentions_in_line(line, 0, typed, region, char)
        kept = inst._phrases_with_names(line, typed, region)
        monkeypatch.setattr(inst, "_may_hold_name", lambda *args: True)
        every = inst._mentions_in_line(line, 0, typed, region, char)
        phrases = inst._phrases_with_names(line, typed, region)
        monkeypatch.undo()
        assert tested == every
        assert len(kept) < len(phrases)  # (some phrases are not read)


def test_the_typed_lines_are_the_phrases_each_line_keeps() -> None:
    """The test on the whole text reads each phrase's line only: it finds in each line the
    phrases that :func:`_phrases_with_names` keeps there (so they are not tested again),
    also where 等N所 stands on the next line."""
    import importlib
    import random
    from bisect import bisect_right

    inst = importlib.import_module("kg.extract.institutions")
    pieces = ["支持", "庆阳", "职业技术学院", "学校", "等", "3所", "\n", "  ", "\n  ", "，", "实训基地", "沈阳", "市艺术",
              "中学", "学院", "大学", "各县", "职教中心", "等5所学校", "XX县", "（", "）", "发展", "1+X"]
    rnd = random.Random(5)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 14)))
        extra = frozenset({"沈阳市", "沈阳"}) if rnd.random() < 0.5 else frozenset()
        found = inst._typed_lines(text, extra)
        expected: dict[int, list[int]] = {}
        line_start = 0
        for line in text.split("\n"):
            typed = [m.start() for m in inst._type_re().finditer(line)]
            kept = inst._phrases_with_names(line, typed, frozenset(p for p in extra if p in line))
            if kept:
                expected[line_start] = kept
            line_start += len(line) + 1
        # (the phrases found, by the first type word of each)
        firsts = {}
        for s, ats in found.items():
            breaks = inst._phrase_breaks(text[s:].split("\n")[0])
            phrases = [bisect_right(breaks, at) for at in ats]
            firsts[s] = [at for k, at in enumerate(ats) if k == 0 or phrases[k] != phrases[k - 1]]
        assert firsts == expected, text


def test_a_name_rated_by_a_grade_is_a_designation_not_an_institution() -> None:
    """示范性, 一流, 高水平 rate a class: 国家示范性人工智能学院 and 省一流网络安全学院 are what
    institutions earn, not institutions; a named one next to them stays."""
    got = [n for n, _ in names(run("推进建设一批省一流网络安全学院和国家示范性人工智能学院，支持沈阳职业技术学院发展。"))]
    assert got == ["沈阳职业技术学院"]


def test_a_place_a_body_of_government_is_named_after_is_no_institution() -> None:
    """北京城市副中心管理委员会, 宋都古城文化产业园区管理委员会: bodies of government, not the 中心
    or 园区 they are named after."""
    assert names(run("北京城市副中心管理委员会、宋都古城文化产业园区管理委员会负责有关工作。", "北京市", "province")) == []


def test_schools_numbered_in_their_place_and_parks_of_universities() -> None:
    """洛阳市第一职业高级中学, 山东第一医科大学: a school numbered in its place is one name (the
    ordinal is part of it); 国家大学科技园 and 大学城 are a park and a quarter, no university;
    第一批, 第三方 name no school."""
    got = [n for n, _ in names(run("支持洛阳市第一职业高级中学、洛阳市第十九中学和山东第一医科大学建设。\n"
                                   "建设洛阳国家大学科技园和洛阳大学城。认定第一批市级示范职业学校，引入第三方评价机构。\n", "洛阳市"))]
    assert got == ["洛阳市第一职业高级中学", "洛阳市第十九中学", "山东第一医科大学"]


def test_a_second_name_in_brackets_is_the_same_institution() -> None:
    """济南市技师学院（济南市高级技工学校）, 齐鲁工业大学（山东省科学院）: one body with two names
    (一个机构两块牌子), the bracketed one an alias, not a second institution."""
    got = names(run("推动济南市技师学院（济南市高级技工学校）创建高水平学校，依托齐鲁工业大学（山东省科学院）建设实训基地，"
                    "支持山东大学（含威海校区）发展。\n", "济南市"))
    assert got == [("济南市技师学院", ["济南市高级技工学校"]), ("齐鲁工业大学", ["山东省科学院"]), ("山东大学", [])]


def test_a_class_a_text_defines_or_judges_is_no_institution() -> None:
    """本办法所称山东省省级数字经济园区（以下简称省级园区）是指…: a term the text defines, a class of
    parks; 山东省数字经济园区建设指标: the title of what the class is judged by."""
    text = ("第二条 本办法所称山东省省级数字经济园区（以下简称省级园区）是指聚焦数字产业化方向的园区。\n"
            "附件\n山东省数字经济园区建设指标（试行）\n")
    assert names(run(text, "山东省", "province")) == []


def test_a_direction_that_names_a_part_of_the_country_is_part_of_the_name() -> None:
    text = "开展与中国科学技术大学、南方科技大学、西北工业大学等机构的合作。在学校东侧新建实训基地。"
    found = institutions(build_document(SourceText("a.txt", text, "text", "0")), PolicyInfo())
    assert [i.name for i in found] == ["中国科学技术大学", "南方科技大学", "西北工业大学"]


def test_research_institutes_and_laboratories_are_institutions() -> None:
    # (FORMAT's "similar institutions": the blind annotators named them with the universities)
    text = (
        "依托山东未来网络研究院、上海人工智能实验室、中国科学院海洋研究所、北京理工大学前沿技术研究院、"
        "中科院武汉岩土力学研究所建设。建设10个省级重点实验室和一批国家重点实验室。搜科商城经为实验室行业垂直电商平台。"
    )
    found = institutions(build_document(SourceText("a.txt", text, "text", "0")), PolicyInfo())
    assert [i.name for i in found] == ["山东未来网络研究院", "上海人工智能实验室", "中国科学院海洋研究所", "北京理工大学前沿技术研究院",
                                       "中科院武汉岩土力学研究所"]
