"""Validity clauses (kg.extract.validity) on made-up sentences in the style of official documents."""

from kg.extract.validity import add_period, find_repeals, find_validity
from kg.models import Extraction, PolicyInfo, Validity


def test_effective_from_own_date_and_period():
    v = find_validity("第三十条 本办法自印发之日起施行，有效期5年。", own_date="2022-09-06")
    assert (v.effective, v.expires) == ("2022-09-06", "2027-09-05")
    assert "effective" in v.spans and "expires" in v.spans


def test_no_own_date_means_no_start_and_no_end():
    v = find_validity("本措施自发布之日起施行，有效期3年。")
    assert (v.effective, v.expires) == (None, None)


def test_explicit_date_and_until():
    v = find_validity("本规定自2023年9月8日起施行，有效期至2026年9月7日。")
    assert (v.effective, v.expires) == ("2023-09-08", "2026-09-07")


def test_issued_plan_clause_wins_over_notice():
    text = "各区人民政府：\n现将《甲市乙办法》印发给你们，请遵照执行。本通知自印发之日起施行。\n甲市乙办法\n第十条 本办法自2021年7月1日起施行。"
    assert find_validity(text, own_date="2021-06-01").effective == "2021-07-01"


def test_reported_clause_is_not_own():
    assert find_validity("日前，省政府印发《丙条例实施办法》，自2020年3月1日起施行。").effective is None


def test_article_clause_is_not_document():
    assert find_validity("第八条自2020年3月1日起施行。").effective is None


def test_law_heading_line():
    assert find_validity("丁条例\n2018年5月2日 某会议通过\n2018年10月1日 施行\n\n第一条 为了……").effective == "2018-10-01"


def test_law_heading_line_with_the_next_event_run_on():
    """The history's 施行 line and the amendment after it printed as one line (青岛's regulations)."""
    text = ("戊条例\n2014年12月31日 某市人民代表大会常务委员会第二十三次会议通过\n"
            "2015年5月1日 施行根据2018年9月7日某市人民代表大会常务委员会第十一次会议《关于修改〈戊条例〉等十九件地方性法规的决定》修正\n\n"
            "第一条 为了……\n")
    assert find_validity(text).effective == "2015-05-01"


def test_weak_execution_date_only_with_period():
    assert find_validity("二、新标准自2025年6月1日起执行。").effective is None
    v = find_validity("二、新标准自2025年6月1日起执行。\n本通知有效期1年。")
    assert (v.effective, v.expires) == ("2025-06-01", "2026-05-31")


def test_unrelated_validity_periods_ignored():
    v = find_validity("证书有效期三年。本办法自2020年1月1日起施行。")
    assert (v.effective, v.expires) == ("2020-01-01", None)


def test_repeal_list_and_exclusions():
    text = ("本办法自2021年1月1日起施行。2005年3月1日市政府发布的《甲市丙规定》和《甲市丁办法》（甲府〔2008〕3号）同时废止。"
            "《戊通知》中关于补助标准的规定不再执行。据悉，《己办法》已被废止。")
    got = [(c.doc_number, c.title) for c in find_repeals(text)]
    assert got == [(None, "甲市丙规定"), ("甲府〔2008〕3号", "甲市丁办法")]


def test_stop_execution_from_own_date_sets_effective():
    v = find_validity("自本通知印发之日起，《庚通知》（甲办发〔2016〕8号）停止执行。", own_date="2018-12-06")
    assert v.effective == "2018-12-06" and [c.doc_number for c in v.repeals] == ["甲办发〔2016〕8号"]


def test_own_earlier_version_is_not_a_repeal():
    text = "第五十条 本条例自2022年1月1日起施行。2001年通过的《甲省辛条例》同时废止。"
    assert find_repeals(text, own_titles=("甲省辛条例",)) == []


def test_replaces():
    assert [c.title for c in find_repeals("本办法代替《甲市壬办法》（甲府〔2010〕2号）。")] == ["甲市壬办法"]
    assert find_repeals("不得以征求意见代替合法性审核。") == []


def test_add_period_leap_day():
    assert add_period("2020-02-29", 1, "年") == "2021-02-27"
    assert add_period("2021-01-01", 18, "个月") == "2022-06-30"


def test_gold_round_trip():
    e = Extraction(source="a.txt", sha256="", policy=PolicyInfo(title="甲"),
                   validity=find_validity("本办法自2021年5月1日起施行，有效期5年。原《甲办法》同时失效。"))
    g = e.to_gold()
    assert g["validity"]["effective"] == "2021-05-01" and g["validity"]["repeals"][0]["title"] == "甲办法"
    back = Extraction.from_gold(g).validity
    assert isinstance(back, Validity) and back.expires == "2026-04-30" and back.repeals[0].span.end > 0
    assert e.to_gold(provenance=False)["validity"] == {"effective": "2021-05-01", "expires": "2026-04-30",
                                                      "repeals": [{"doc_number": None, "title": "甲办法"}]}


def test_a_start_that_waits_days_after_publication_and_a_trial_period():
    """自公布之日起30日后施行 starts 30 days after the document's own date; 自…起试行 is a start
    like 施行, and 试行期一年 a period of validity like 有效期一年."""
    v = find_validity("第三十条 本规定自公布之日起30日后施行，有效期5年。", own_date="2023-06-12")
    assert (v.effective, v.expires) == ("2023-07-12", "2028-07-11")
    assert find_validity("本办法自印发之日起三十日后施行。", own_date="2023-06-12").effective == "2023-07-12"
    v = find_validity("第十五条 本办法自2023年7月1日起试行，试行期两年。")
    assert (v.effective, v.expires) == ("2023-07-01", "2025-06-30")
    v = find_validity("第十五条 本规定自印发之日起执行，试行期一年，期满后根据实施情况修订。", own_date="2021-03-09")
    assert (v.effective, v.expires) == ("2021-03-09", "2022-03-08")
    assert find_validity("第五条 事故发生之日起三十日后仍未结案的，报上级处理。本办法自印发之日起施行。", own_date="2023-06-12").effective == "2023-06-12"


def test_a_decision_that_repeals_names_its_documents_after_the_verb():
    """A decision of repeal writes the verb first (一、废止《…》; 决定废止《…》) or announces a
    list (对以下3件规章予以废止：) whose numbered lines name the documents; a repeal reported
    (已废止《…》), a verb inside a clause (建议废止《…》) and a part of a document (不再执行《…》中关于…)
    are none."""
    text = ("甲市人民代表大会常务委员会关于废止部分地方性法规的决定\n\n甲市人民代表大会常务委员会决定：\n\n"
            "一、废止《甲市乙条例》（1992年9月19日甲市人民代表大会常务委员会通过）\n\n"
            "二、废止《甲市丙条例》和《甲市丁条例》\n\n本决定自公布之日起施行。")
    assert [c.title for c in find_repeals(text)] == ["甲市乙条例", "甲市丙条例", "甲市丁条例"]
    text = ("市人民政府决定：\n一、对以下3件规章予以废止：\n（一）《甲市戊办法》（甲市人民政府令第126号）；\n"
            "（二）《甲市己办法》（甲市人民政府令第201号）；\n（三）《甲市庚办法》。\n"
            "二、对《甲市辛办法》作如下修改：\n将第十二条中的“市园林局”修改为“市城市管理局”。")
    assert [(c.doc_number, c.title) for c in find_repeals(text)] == [
        ("甲市人民政府令第126号", "甲市戊办法"), ("甲市人民政府令第201号", "甲市己办法"), (None, "甲市庚办法")]
    assert find_repeals("国务院已废止《甲条例》。代表们建议废止《乙条例》。") == []
    assert find_repeals("自本通知印发之日起，不再执行《甲通知》中关于补贴标准的规定。") == []


def test_a_decision_lists_the_documents_it_repeals_under_a_title_of_their_own() -> None:
    """A decision that repeals documents lists them in an attachment titled as the list
    (国务院决定废止的行政法规; 市人民政府决定废止的规章目录), each item with the date and number
    it was issued by: each is a repeal, its number read with its title; a list titled
    otherwise is none."""
    from kg.extract import extract
    from kg.models import SourceText

    text = ("国务院关于修改和废止部分行政法规的决定\n\n中华人民共和国国务院令\n第752号\n\n"
            "《国务院关于修改和废止部分行政法规的决定》已经2022年3月1日国务院第166次常务会议通过，现予公布，自2022年5月1日起施行。\n\n"
            "总理　李克强\n2022年3月29日\n\n国务院关于修改和废止部分行政法规的决定\n\n"
            "为贯彻实施新修订的《中华人民共和国行政处罚法》，国务院对涉及的行政法规进行了清理。国务院决定：\n"
            "一、对2部行政法规予以废止。\n本决定自2022年5月1日起施行。\n\n附件：国务院决定废止的行政法规\n\n附件\n\n"
            "国务院决定废止的行政法规\n\n一、《中华人民共和国营业税暂行条例实施细则》（1993年12月25日财法字〔1993〕40号）\n"
            "二、《城市房屋拆迁管理条例》（2001年6月13日中华人民共和国国务院令第305号公布）\n")
    e = extract(SourceText("决定.txt", text, "text", "0"))
    repealed = {(c.title, c.doc_number) for c in e.validity.repeals}
    assert repealed == {("中华人民共和国营业税暂行条例实施细则", "财法字〔1993〕40号"), ("城市房屋拆迁管理条例", "国务院令第305号")}
    assert {(c.title, c.doc_number) for c in e.citations if c.title != "中华人民共和国行政处罚法"} == repealed
    listed = "附件\n\n国务院决定修改的行政法规\n\n一、《甲条例》（2001年6月13日国务院令第305号公布）\n"
    assert find_repeals(listed) == []


def test_a_list_announced_after_the_verb_is_repealed() -> None:
    """废止下列规章： announces its list after the verb, as 对以下3件规章予以废止： does before
    it: each item is a repeal, with the number it was issued by."""
    text = ("为维护法制统一，市人民政府决定：\n一、对《甲市乙办法》作如下修改：\n（一）将第五条中的“市城市管理行政主管部门”修改为“市城市管理部门”。\n"
            "二、废止下列规章：\n（一）《甲市丙办法》（2005年3月16日甲市人民政府令第214号公布）；\n（二）《甲市丁办法》（2010年11月8日甲市人民政府令第262号公布）。\n"
            "本决定自公布之日起施行。")
    assert [(c.title, c.doc_number) for c in find_repeals(text)] == [("甲市丙办法", "甲市人民政府令第214号"), ("甲市丁办法", "甲市人民政府令第262号")]


def test_the_day_of_promulgation_is_that_of_the_history():
    """本条例自公布之日起施行 in a regulation promulgated in 2001 and amended by a decision in
    2006: it took effect on the day its history says it was promulgated (发布 is written for
    公布), not on the day of the amendment the document is dated by; with no such line in the
    history, the document's own date; 印发之日 is the document's own date."""
    from kg.extract import extract
    from kg.models import SourceText

    def effective(text: str) -> str | None:
        return extract(SourceText("t.txt", text, "text", "0")).validity.effective

    law = ("某某管理条例\n2001年8月3日 中华人民共和国国务院令第314号公布\n"
           "2006年7月4日 《国务院关于修改〈某某管理条例〉的决定》第一次修订\n\n"
           "第一条 为了加强管理，制定本条例。\n第二条 本条例自公布之日起施行。\n")
    assert effective(law) == "2001-08-03"
    assert effective(law.replace("国务院令第314号公布", "财政部令第6号发布").replace("公布之日", "发布之日")) == "2001-08-03"
    assert effective(law.replace("2001年8月3日 中华人民共和国国务院令第314号公布\n", "")) == "2006-07-04"


def test_adopted_on_the_day_of_the_first_adoption_when_amendments_were_adopted_as_acts():
    """本规则自通过之日起施行 in rules amended by 修正案 (…会议通过的《…修正案》第三次修正: an
    amendment, its act adopted, no 通过 of the rules): the day the rules were adopted."""
    from kg.extract import extract
    from kg.models import SourceText

    text = ("某市人民代表大会常务委员会议事规则\n1988年5月14日 某市第九届人民代表大会常务委员会第二次会议通过\n"
            "2007年3月30日 某市第十二届人民代表大会常务委员会第三十五次会议通过的《某市人民代表大会常务委员会议事规则修正案》第三次修正\n\n"
            "第一条 为了规范议事活动，制定本规则。\n第二条 本规则自通过之日起施行。\n")
    e = extract(SourceText("t.txt", text, "text", "0"))
    assert (e.policy.date, e.validity.effective) == ("2007-03-30", "1988-05-14")


def test_the_day_the_history_says_the_text_took_effect():
    """本条例自公布之日起施行 in a regulation whose history prints no 公布 but a 施行 line (2001年7月9日
    施行) and a later amendment: the day of that line."""
    from kg.extract import extract
    from kg.models import SourceText

    text = ("某县某条例\n2001年4月12日 县第五届人民代表大会第五次会议通过\n2001年6月29日 浙江省第九届人民代表大会常务委员会第二十七次会议批准\n"
            "2001年7月9日 施行\n2021年5月28日 浙江省第十三届人民代表大会常务委员会第二十九次会议关于批准《某县人民代表大会关于修改〈某县某条例〉的决定》修正\n\n"
            "第一条 为了加强管理，制定本条例。\n第二条 本条例自公布之日起施行。\n")
    assert extract(SourceText("t.txt", text, "text", "0")).validity.effective == "2001-07-09"


def test_a_repealed_title_broken_over_a_blank_line_is_repealed() -> None:
    text = "第四十二条 本条例自2019年5月1日起施行。《浙江\n\n省测绘管理条例》同时废止。"
    assert [c.title for c in find_repeals(text)] == ["浙江省测绘管理条例"]


def test_a_repeal_list_of_titles_without_marks_and_a_count_under_its_title() -> None:
    text = (
        "一、对22件规范性文件予以废止（附件1）。\n附件1\n县政府决定废止的规范性文件目录\n（共3件）\n"
        "1. 长兴县人民政府关于印发长兴县城市房屋拆迁管理实施细则的通知（长政发〔2008〕41号）\n"
        "2. 长兴县人民政府关于印发长兴县小微企业三年成长计划（2015—2017年）的通知（长政发〔2015〕47号）\n"
        "3. 长兴县人民政府关于加快发展养老服务业的实施意见（长政发〔2014〕52号）\n"
    )
    assert [c.doc_number for c in find_repeals(text)] == ["长政发〔2008〕41号", "长政发〔2015〕47号", "长政发〔2014〕52号"]
