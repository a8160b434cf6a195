from kg.extract.citations import find_citations, find_quotes


def by_title(text: str, **kw):  # type: ignore[no-untyped-def]
    return {c.title or c.doc_number: c for c in find_citations(text, **kw)}


def test_relations() -> None:
    text = (
        "为贯彻落实《国家职业教育改革实施方案》(国发〔2019〕4号)、《某省实施意见》,结合我市实际,制定本方案。\n"
        "一、重点任务\n1.全面落实《新时代学校思想政治理论课改革创新实施方案》,定期发布《某市急需紧缺人才需求目录》。"
        "研究制定《某市职业学校管理办法》。按照《中等职业学校设置标准》,改善办学条件。"
    )
    c = by_title(text)
    assert c["国家职业教育改革实施方案"].relation == "implements"
    assert c["国家职业教育改革实施方案"].doc_number == "国发〔2019〕4号"
    assert c["某省实施意见"].relation == "implements"
    assert c["新时代学校思想政治理论课改革创新实施方案"].relation == "cites"
    assert c["某市急需紧缺人才需求目录"].relation == "plans"
    assert c["某市职业学校管理办法"].relation == "plans"
    assert c["中等职业学校设置标准"].relation == "cites"
    for cit in c.values():
        assert text[cit.span.start : cit.span.end].startswith(("《", cit.doc_number or "《"))


def test_nested_quotes_keep_the_inner_title() -> None:
    text = "根据《广州市人力资源和社会保障局 广州市财政局关于印发〈广州市就业补助资金使用管理办法〉的通知》（穗人社规字〔2019〕1号），制定本办法。"
    (c,) = find_citations(text)
    assert c.title == "广州市人力资源和社会保障局 广州市财政局关于印发〈广州市就业补助资金使用管理办法〉的通知"
    assert c.doc_number == "穗人社规字〔2019〕1号"
    assert [q.title for q in find_quotes("《甲《乙》丙》")] == ["甲《乙》丙"]


def test_number_alone_is_a_citation_and_own_number_is_not() -> None:
    text = "沈政发〔2021〕14号\n根据国办发〔2017〕95号文件精神,制定本方案。"
    cits = find_citations(text, own_number="沈政发〔2021〕14号")
    assert [(c.doc_number, c.title, c.relation) for c in cits] == [("国办发〔2017〕95号", None, "implements")]


def test_same_document_twice_is_one_citation_with_the_strongest_relation() -> None:
    text = "根据《甲办法》（穗府办规〔2022〕13号），制定本办法。\n第二条 按照《甲办法》（穗府办规〔2022〕13号）执行。"
    cits = find_citations(text)
    assert len(cits) == 1 and cits[0].relation == "implements"


def test_placeholder_numbers_keep_two_documents_apart() -> None:
    text = "为贯彻落实《XX省实施意见》(X政办发〔2018〕X号)和《XX市实施意见》(X政办发〔2018〕X号)精神,特制定本方案。"
    cits = find_citations(text)
    assert [c.title for c in cits] == ["XX省实施意见", "XX市实施意见"]
    assert all(c.placeholder for c in cits)


def test_own_title_and_short_names_are_not_citations() -> None:
    text = "现将《某市办法》印发给你们。\n（以下简称《办法》）。《方案》实施后。"
    assert find_citations(text, own_titles=("某市办法",)) == []


def relations(text: str, **kw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {c.title or c.doc_number or "": c.relation for c in find_citations(text, **kw)}


def test_forms_certificates_press_and_works_are_not_documents() -> None:
    text = (
        "一、申请人应当填写《某市人才公寓申请表（个人）》，持《某省居住证》和《中华人民共和国残疾人证》办理，"
        "领取《营业执照》后报送《学员补贴花名册》。\n"
        "二、办法应当在《某市人民代表大会常务委员会公报》和《某某日报》上刊登。"
        "《甲》《乙》等一批主旋律网络电影热播，纪录片《丙》播出。学习《在全省工作会议上的讲话》。\n"
        "三、执行《城市居住区规划设计标准》和《市场准入负面清单》。园区通过在线申报提供《数字经济园区自评报告》。"
    )
    assert set(relations(text)) == {"城市居住区规划设计标准", "市场准入负面清单"}


def test_own_attachments_and_defined_short_forms_are_not_citations() -> None:
    text = (
        "根据《中华人民共和国森林法》《中华人民共和国森林法实施条例》（以下简称《森林法》《实施条例》），制定本办法。\n"
        "第九条 依照《森林法》和《实施条例》的规定处理。申报材料参考《某某典型场景指引》（附件2）编写。\n"
        "附件：1.《某某项目汇总模板》\n第十条 依照《水法》的规定处罚。"
    )
    assert relations(text) == {
        "中华人民共和国森林法": "implements",
        "中华人民共和国森林法实施条例": "implements",
        "水法": "cites",
    }


def test_titles_keep_their_inner_marks() -> None:
    text = "根据《某省实施〈中华人民共和国献血法〉办法》，制定本细则。"
    assert relations(text) == {"某省实施〈中华人民共和国献血法〉办法": "implements"}


def test_basis_clause_of_a_regulation_implements_and_other_mentions_cite() -> None:
    text = (
        "某市河道管理条例\n2020年5月1日某市人民代表大会常务委员会第九次会议通过\n"
        "2022年3月1日某市人民代表大会常务委员会第二次会议《关于修改〈某市河道管理条例〉等五件地方性法规的决定》修正\n"
        "第一章 总则\n第一条 为了加强河道管理，根据《中华人民共和国水法》，结合本市实际，制定本条例。\n"
        "第二条 为实施《中华人民共和国防洪法》，本市建立防洪制度。\n"
        "第三十条 违反本条例规定的，依照《中华人民共和国行政处罚法》的规定处罚。\n"
    )
    rel = relations(text)
    assert rel["中华人民共和国水法"] == "implements"
    assert rel["中华人民共和国行政处罚法"] == "cites"
    assert rel["关于修改〈某市河道管理条例〉等五件地方性法规的决定"] == "cites"
    purpose = relations("第一条 为了实施《中华人民共和国防洪法》，根据本市实际情况，制定本办法。")
    assert purpose == {"中华人民共和国防洪法": "implements"}


def test_forwarded_report_implements_when_the_notice_asks_for_it_and_its_own_basis_does_not() -> None:
    text = (
        "某省人民政府办公厅转发省某某厅关于加强某某工作意见报告的通知\n各市人民政府：\n"
        "省某某厅《关于加强某某工作意见的报告》已经省政府同意，现转发给你们，请认真贯彻执行。\n"
        "某省人民政府办公厅\n2020年1月5日\n"
        "关于加强某某工作\n意见的报告\n省人民政府：\n"
        "近年来，必须认真落实《某某发展规划》提出的任务，现将意见报告如下：\n"
        "一、抓紧完成或完善《某某应急预案》。\n"
    )
    own = ("关于加强某某工作意见的报告",)  # what a header reader may take for the title
    rel = relations(text, own_titles=own)
    assert rel == {"关于加强某某工作意见的报告": "implements", "某某发展规划": "cites", "某某应急预案": "plans"}


def test_a_directive_whose_requirement_the_preamble_states_is_implemented() -> None:
    text = (
        "各省、自治区、直辖市人民政府：\n做好某某工作十分重要。《某某改革决定》提出，要完善审核机制。"
        "某某印发的《某某建设纲要（2015—2020年）》要求落实审核制度。为推进审核工作，现提出以下意见。\n"
        "一、总体要求\n（一）按照《某某标准》开展工作。"
    )
    rel = relations(text)
    assert rel == {"某某改革决定": "implements", "某某建设纲要（2015—2020年）": "implements", "某某标准": "cites"}


def test_a_reported_release_is_not_planned() -> None:
    text = "一、背景\n3月9日，某部正式发布《某部关于支持某市建设试验区的函》，支持我市建设试验区。下一步将制定《某市试验区管理办法》。"
    rel = relations(text)
    assert rel == {"某部关于支持某市建设试验区的函": "cites", "某市试验区管理办法": "plans"}


def test_laws_named_without_book_title_marks() -> None:
    text = (
        "某某工作方案\n一、强化安全保障。严格落实网络安全法和有关要求，遵守宪法和法律。"
        "依照治安管理处罚法的规定处理。按照本办法执行。\n"
        "第二条 纳税人（以下简称个人所得税法）依照个人所得税法规定申报。"
    )
    assert relations(text) == {"网络安全法": "cites", "治安管理处罚法": "cites"}


def test_small_bracket_year_is_a_number() -> None:
    text = "按照《某某改革方案》（国发﹝2014﹞64号）的相关要求，将指南予以公布。"
    (c,) = find_citations(text)
    assert c.doc_number == "国发〔2014〕64号" and c.title == "某某改革方案"


def test_a_document_that_issues_itself_is_not_its_own_citation() -> None:
    text = (
        "根据《某某实施细则的通知》（青工信规〔2020〕3号）文件精神，市局研究制定了《某某项目申报指南》，现印发施行。\n"
        "现发布《某某标准体系建设指南（2018年）》。\n国务院令\n现公布修订后的《某某条例实施细则》，自2019年1月1日起施行。"
    )
    assert relations(text) == {"某某实施细则的通知": "implements"}


def test_guiding_section_names_the_basis() -> None:
    text = (
        "某某工作通知如下：\n一、总体要求\n（一）指导思想。\n深入贯彻实施《某某法》和《某某若干意见》，推动发展。\n"
        "（二）主要目标。落实《某某规划》提出的任务。\n二、重点任务\n（三）全面贯彻《某某条例》。"
    )
    assert relations(text) == {"某某法": "implements", "某某若干意见": "implements", "某某规划": "cites", "某某条例": "cites"}


def test_a_title_wrapped_over_two_lines_is_one_title() -> None:
    text = "为贯彻落实《数字中国建设整体布\n局规划》，制定本方案。\n一、推广应用《某某技术\n要求》。"
    cits = find_citations(text)
    assert [(c.title, c.relation) for c in cits] == [("数字中国建设整体布局规划", "implements"), ("某某技术要求", "cites")]
    assert all("\u200b" not in c.sentence for c in cits)


def test_a_title_broken_over_a_blank_line_is_one_title() -> None:
    # a layout that keeps paragraphs apart by blank lines breaks a title at a line's end
    text = "第一条 根据《中华人民共和国教育法》《中华人民共和国义\n\n务教育法》《中华人民共和国城乡规划法》等法律，制定本条例。"
    assert relations(text) == {"中华人民共和国教育法": "implements", "中华人民共和国义务教育法": "implements", "中华人民共和国城乡规划法": "implements"}


def test_forwarded_with_the_request_in_the_next_sentence() -> None:
    text = "各市人民政府：\n省某某委《关于某某工作的意见》已经省政府同意，现转发给你们。请结合实际认真贯彻执行。\n省某某厅《关于某事的报告》已经省政府同意，现转发给你们，供参考。"
    assert relations(text) == {"关于某某工作的意见": "implements", "关于某事的报告": "cites"}


def test_a_plan_line_that_opens_with_a_year_is_not_an_enactment_history() -> None:
    text = "2021年，为贯彻落实《某某纲要》，结合本市实际，制定本方案。\n2022年底前，制定《某某细则》。"
    assert relations(text) == {"某某纲要": "implements", "某某细则": "plans"}


def test_an_unmarked_law_may_carry_the_state_name() -> None:
    text = "第一条 为了某某，制定本办法。\n第十条 违反本办法规定的，依照中华人民共和国治安管理处罚法的规定处罚，遵守中华人民共和国宪法。"
    assert relations(text) == {"中华人民共和国治安管理处罚法": "cites"}


def test_numbers_in_the_enactment_history_are_the_document_itself() -> None:
    text = (
        "某县城市管理条例\n2015年3月26日 某县人民代表大会通过\n2015年6月8日 某县人民代表大会常务委员会公告第18号公布\n"
        "（1994年1月28日中华人民共和国国务院令第142号发布 根据2005年12月19日《国务院关于修改〈某条例〉的决定》第一次修订）\n"
        "第一章 总则\n第一条 根据《中华人民共和国某法》，制定本条例。\n第二条 依照国办发〔2017〕95号文件执行。"
    )
    rel = relations(text)
    assert rel == {"国务院关于修改〈某条例〉的决定": "cites", "中华人民共和国某法": "implements", "国办发〔2017〕95号": "cites"}


def test_the_object_of_an_issuing_verb_is_not_a_basis() -> None:
    text = "为落实某某试验区建设工作，市政府印发《某市试验区建设若干政策》，自2020年6月17日起施行。根据《某某工作指引》要求，我市编制了方案。"
    assert relations(text) == {"某市试验区建设若干政策": "cites", "某某工作指引": "implements"}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(alphabet="落实依照根据违反中华人民共和国网络安全法典和的、，。第规定 条例办", max_size=60))
@settings(max_examples=2000, deadline=None)
def test_laws_without_marks_are_searched_for_from_the_fa_that_ends_them(text: str) -> None:
    """Searching from the 法 each law ends with finds what a search of the whole text finds."""
    from kg.extract import regexes as rx
    from kg.extract.regexes import search_from_anchors

    every = [(m.span(), m.groups()) for m in rx.UNQUOTED_LAW.finditer(text)]
    assert [(m.span(), m.groups()) for m in search_from_anchors(rx.UNQUOTED_LAW, text, rx.UNQUOTED_LAW_ANCHOR)] == every


def test_a_law_named_without_marks_after_a_verb_is_cited() -> None:
    text = "各单位要严格落实网络安全法和数据安全法，依照中华人民共和国行政处罚法的规定处理。遵守宪法和法律。"
    assert [c.title for c in find_citations(text)] == ["网络安全法", "中华人民共和国行政处罚法"]


def test_a_section_heading_holds_its_word_or_no_reference_is_under_it() -> None:
    """A reference under a 编制依据 heading is the basis; without a heading word before it,
    none is looked for."""
    basis = "某市规划\n一、编制依据\n《甲条例》\n《乙纲要》\n二、发展目标\n落实《丙方案》。"
    rel = {c.title: c.relation for c in find_citations(basis)}
    assert rel["甲条例"] == rel["乙纲要"] == "implements" and rel["丙方案"] == "cites"
    assert {c.relation for c in find_citations("某市规划\n一、发展目标\n落实《甲条例》。\n二、任务\n落实《乙纲要》。")} == {"cites"}


def test_the_number_right_after_a_title_is_its_number() -> None:
    text = "根据国办发〔2016〕1号文件和《甲意见》（国发〔2019〕4号）、《乙方案》（京政发〔2020〕2号），制定本方案。"
    by = {c.title or c.doc_number: c.doc_number for c in find_citations(text)}
    assert by == {"国办发〔2016〕1号": "国办发〔2016〕1号", "甲意见": "国发〔2019〕4号", "乙方案": "京政发〔2020〕2号"}


@given(st.text(alphabet="甲乙：: \n\t。", max_size=40), st.integers(0, 40))
@settings(max_examples=2000, deadline=None)
def test_segments_that_end_with_a_colon_are_found_from_the_colons(text: str, after: int) -> None:
    from kg.extract.citations import _colon_ended
    from kg.extract.layout import segments

    segs = segments(text)
    every = [i for i, seg in enumerate(segs) if seg.end > after and seg.text[-1] in "：:"]
    assert _colon_ended(text, segs, after) == every


def test_a_title_learnt_from_a_later_mention_merges_the_mentions_after_it() -> None:
    """A number cited alone, then with its title, then the title alone: one citation."""
    text = "根据国发〔2019〕4号文件，制定本方案。\n二、任务\n落实《甲方案》（国发〔2019〕4号）。\n三、保障\n执行《甲方案》。"
    (c,) = find_citations(text)
    assert (c.doc_number, c.title, c.relation) == ("国发〔2019〕4号", "甲方案", "implements")


@given(st.text(alphabet="一二、（）()1.背景依据编制 \t\n甲。：", max_size=60), st.integers(0, 60))
@settings(max_examples=2000, deadline=None)
def test_the_last_heading_before_a_place_is_the_last_match_of_its_pattern(text: str, start: int) -> None:
    """The lines holding a heading's word, tried from the last back, give the last match a
    reading of every line before the place gives."""
    from kg.extract import regexes as rx
    from kg.extract.citations import _last_heading

    start = min(start, len(text))
    for heading in (rx.BASIS_HEADING, rx.BACKGROUND_HEADING):
        every = list(heading.finditer(text, 0, start))
        found = _last_heading(text, start, heading)
        assert (found.span() if found else None) == (every[-1].span() if every else None)


def test_a_plan_the_notice_issues_without_its_give() -> None:
    """我部制定了《…工作要点》，现印发你们 (给 left out): the plan the notice issues, no citation."""
    assert relations("水利部办公厅通知\n我部制定了《2022年推进智慧水利建设水资源管理工作要点》，现印发你们，请结合实际做好相关工作。\n") == {}


def test_a_plan_an_applicant_is_to_write() -> None:
    """申报城市应组织撰写《…建设方案》: a document the text calls for (撰写, 编写 as 编制)."""
    assert relations("一、申报要求\n（一）申报城市应组织撰写《国家新一代人工智能创新发展试验区建设方案》，报科技部。\n") == {
        "国家新一代人工智能创新发展试验区建设方案": "plans"}


def test_a_number_written_inside_the_title_marks_is_the_citations_number() -> None:
    cits = find_citations("为贯彻落实《新一代人工智能发展规划（国发〔2017〕35 号）》，制定本方案。转发《某某办法（试行）》。")
    assert [(c.title, c.doc_number, c.relation) for c in cits] == [
        ("新一代人工智能发展规划", "国发〔2017〕35号", "implements"), ("某某办法（试行）", None, "cites")]


def test_a_text_that_opens_with_a_section_of_tasks_has_no_preamble() -> None:
    text = "一、推动全方位智能化服务，促进智慧法院建设\n1.对标规划，查找差距。按照《甲改革纲要》的要求，全面推进建设。\n二、提升诉讼服务\n2.建设平台。\n"
    assert relations(text) == {"甲改革纲要": "cites"}
    text = "一、总体要求\n为贯彻落实《乙规划》，制定本方案。\n二、主要任务\n1.建设平台。\n"
    assert relations(text) == {"乙规划": "implements"}


def test_a_basis_clause_a_page_layout_wrapped_over_lines_names_every_basis() -> None:
    text = (
        "为积极应对人口老龄化，加快建设覆盖城乡的养老服务体系，根据《中共中央 国务院关于加\n"
        "强新时代老龄工作的意见》、《国务院办公厅关于推进养老服务发展的意见》（国办发〔2019〕\n"
        "5号）和《安徽省“十四五”老龄事业发展和养老服务体系规划》\n等文件精神，结合我市实际，制定本行动计划。\n"
        "一、总体要求\n"
    )
    assert relations(text) == {"中共中央 国务院关于加强新时代老龄工作的意见": "implements", "国务院办公厅关于推进养老服务发展的意见": "implements",
                               "安徽省“十四五”老龄事业发展和养老服务体系规划": "implements"}
