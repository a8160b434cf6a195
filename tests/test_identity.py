import pytest

from kg.extract.dates import parse_date
from kg.extract.identity import extract_policy, split_org_line
from kg.ingest import read_document
from kg.models import SourceText
from tests.conftest import CORPUS, SEEDS


def policy(text: str, metadata: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return extract_policy(SourceText(path="x.txt", text=text, format="text", sha256="0", metadata=metadata or {}))


NOTICE = """某某网站 首页 政策文件
甘肃省人民政府关于印发甘肃省推进某项工作实施方案的通知
甘政发〔2022〕7号
各市州人民政府,省政府各部门:
    现将《甘肃省推进某项工作实施方案》印发给你们,请认真贯彻执行。
                                  甘肃省人民政府
                                 二〇二二年三月二日
甘肃省推进某项工作实施方案
为贯彻落实《国务院关于某项工作的意见》(国发〔2021〕9号),制定本方案。
一、总体要求
"""


def test_issuing_notice_gives_the_plan_title_and_the_signature() -> None:
    p = policy(NOTICE)
    assert p.doc_number == "甘政发〔2022〕7号"
    assert p.title == "甘肃省推进某项工作实施方案"
    assert "甘肃省人民政府关于印发甘肃省推进某项工作实施方案的通知" in p.alt_titles
    assert p.issuers == ["甘肃省人民政府"]
    assert p.date == "2022-03-02"
    assert (p.level, p.region) == ("province", "甘肃省")
    assert NOTICE[p.spans["doc_number"].start : p.spans["doc_number"].end] == "甘政发〔2022〕7号"


def test_letter_spaced_joint_signature() -> None:
    assert split_org_line("无 锡 市 教 育 局 无锡市发展和改革委员会") == ["无锡市教育局", "无锡市发展和改革委员会"]
    p = extract_policy(read_document(SEEDS / "002_84a26a079fc050bc.txt"))
    assert p.issuers[0] == "无锡市教育局" and p.issuers[3] == "无锡市财政局" and len(p.issuers) == 7


def test_a_joint_signature_in_two_columns_broken_across_lines() -> None:
    """A signature laid out in two columns reaches the text as names broken across lines;
    read together they are the issuers (and with them the level and the region)."""
    p = policy("关于印发某办法的通知\n各有关单位：\n现将《某办法》印发给你们，请遵照执行。\n"
               "杭州市经济和\n信息化局\n杭州市公安局 杭州市城乡交通\n运输局\n2022年3月10日\n")
    assert p.issuers == ["杭州市经济和信息化局", "杭州市公安局", "杭州市城乡交通运输局"]
    assert (p.level, p.region, p.date) == ("city", "杭州市", "2022-03-10")


def test_a_report_is_dated_by_the_line_that_says_when_it_was_delivered() -> None:
    """——2024年1月10日在兰州市第十七届人民代表大会第四次会议上, under a work report's title: its
    date (a report or a speech has no other)."""
    p = policy("2024年兰州市政府工作报告\n\n——2024年1月10日在兰州市第十七届人民代表大会第四次会议上\n\n市长　张伟文\n\n各位代表：\n"
               "　　现在，我代表市人民政府，向大会报告工作。\n")
    assert (p.title, p.date, p.level, p.region) == ("2024年兰州市政府工作报告", "2024-01-10", "city", "兰州市")


def test_a_release_headline_names_the_issuers_of_the_text_it_carries() -> None:
    """中共中央办公厅 国务院办公厅印发《关于…的意见》 over a news release that carries the text:
    its issuers (they had been none, and the level unknown)."""
    t = "关于进一步完善医疗卫生服务体系的意见"
    p = policy(f"中共中央办公厅 国务院办公厅印发《{t}》\n\n　　新华社北京3月23日电 近日，中共中央办公厅、国务院办公厅印发了《{t}》。\n"
               f"　　《{t}》全文如下。\n\n{t}\n\n一、总体要求\n　　到2025年，体系进一步健全。\n")
    assert (p.title, p.issuers, p.level) == (t, ["中共中央办公厅", "国务院办公厅"], "national")


def test_an_order_numbered_within_its_year_under_its_heading() -> None:
    """中华人民共和国交通运输部令 / 2023年第18号 on two lines: the order's number, as 广州市人民政府令 /
    第179号 is (the line with the year had not been read as one)."""
    p = policy("交通运输部关于修改〈道路旅客运输及客运站管理规定〉的决定\n\n中华人民共和国交通运输部令\n2023年第18号\n\n"
               "《交通运输部关于修改〈道路旅客运输及客运站管理规定〉的决定》已于2023年11月10日经第26次部务会议通过，现予公布。\n\n"
               "部长　李小鹏\n2023年11月10日\n")
    assert (p.doc_number, p.date, p.level) == ("交通运输部令2023年第18号", "2023-11-10", "national")


def test_a_date_after_the_closing_formula_without_a_signature_is_the_written_date() -> None:
    """A notice whose signature is a seal (no text) ends its body with its closing formula
    and the date: that is its 成文日期; the issuer comes from the title. A date line after a
    task is a deadline, not the 成文日期."""
    notice = ("洛阳市人民政府办公室关于印发洛阳市某某行动方案的通知\n洛政办〔2023〕41号\n各县（市、区）人民政府：\n"
              "现将《洛阳市某某行动方案》印发给你们，请认真贯彻落实。\n\n2023年6月12日\n\n洛阳市某某行动方案\n"
              "一、建设充电设施。\n2025年12月31日\n")
    p = policy(notice)
    assert (p.date, p.issuers, p.level, p.region) == ("2023-06-12", ["洛阳市人民政府办公室"], "city", "洛阳市")
    assert notice[p.spans["date"].start : p.spans["date"].end].strip() == "2023年6月12日"
    for closing in ("特此通知。", "此复。", "请遵照执行。"):
        assert policy(f"关于某事的通知\n各有关单位：\n为做好某事，现通知如下。{closing}\n2023年6月12日\n").date == "2023-06-12"
    assert policy("某某方案\n一、建设充电设施。\n2025年12月31日\n").date is None


def test_a_heading_in_two_lines_names_its_issuers_above_and_its_date_under_it() -> None:
    """中共湖南省委办公厅　湖南省人民政府办公厅 / 关于…的实施意见 / （2022年5月18日): the bodies
    above a title that opens with 关于 issue it, and a bracketed date under the title is its
    成文日期; 中共中央 is a body of its own beside 国务院."""
    p = policy("中共湖南省委办公厅　湖南省人民政府办公厅\n关于推动现代职业教育高质量发展的实施意见\n（2022年5月18日）\n"
               "为深入贯彻落实《关于推动现代职业教育高质量发展的意见》精神，提出如下实施意见。\n一、主要目标\n")
    assert (p.title, p.issuers) == ("关于推动现代职业教育高质量发展的实施意见", ["中共湖南省委办公厅", "湖南省人民政府办公厅"])
    assert (p.date, p.level, p.region) == ("2022-05-18", "province", "湖南省")
    p = policy("中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见\n（2023年1月2日）\n做好2023年“三农”工作，意义重大。\n")
    assert (p.issuers, p.date, p.level) == (["中共中央", "国务院"], "2023-01-02", "national")
    p = policy("湖南省人民政府门户网站\n关于推动某项工作的实施意见\n（此件公开发布）\n为做好某事，提出如下意见。\n")
    assert (p.issuers, p.date) == ([], None)  # (a site's name above is no body, a note under the title no date)
    p = policy("中共山东省委　山东省人民政府\n关于加快建设绿色低碳高质量发展先行区的实施意见\n\n鲁发〔2023〕5号\n\n（2023年3月10日）\n\n"
               "为深入贯彻落实党中央、国务院决策部署，现提出如下实施意见。\n一、总体要求\n")
    assert (p.doc_number, p.issuers, p.date) == ("鲁发〔2023〕5号", ["中共山东省委", "山东省人民政府"], "2023-03-10")  # (the date under the number)


def test_dates_in_chinese_numerals_and_with_spaces() -> None:
    assert parse_date("二〇二一年三月二日") == "2021-03-02"
    assert parse_date("2026年 4月 20 日") == "2026-04-20"


def test_page_dates_are_not_the_written_date() -> None:
    p = policy("关于某事的通知\n发布时间:2021-11-14 11:32:43\n为做好某事,现通知如下。\n一、要求\n")
    assert p.date is None


def test_gov_cn_header_date_is_used_when_there_is_no_signature() -> None:
    p = policy("某某意见\n为做好某事,提出如下意见。\n", {"成文日期": "2019年01月24日", "发文机关": "国务院"})
    assert p.date == "2019-01-24"
    assert p.level == "national"


def test_county_plan_without_number_or_signature() -> None:
    p = extract_policy(read_document(SEEDS / "003_e8f3e4b4799b6f54.txt"))
    assert (p.doc_number, p.date, p.issuers) == (None, None, [])
    assert p.title == "XX县深化产教融合发展实施方案"
    assert (p.level, p.region) == ("county", "XX县")


def test_decree_number_title_and_issuer() -> None:
    p = extract_policy(read_document(CORPUS / "017.txt"))
    assert p.doc_number == "广州市人民政府令第179号"
    assert p.title == "广州市老年人优待办法"
    assert p.issuers == ["广州市人民政府"]
    assert p.date == "2021-01-29"


def test_district_level() -> None:
    p = extract_policy(read_document(CORPUS / "032.txt"))
    assert p.level == "county" and p.region == "广州市天河区"
    assert len(p.issuers) == 3


def test_city_regulation_identity_from_its_history() -> None:
    p = policy(
        "某某市文物保护条例\n2020年8月31日 某某市第十八届人民代表大会常务委员会第三十次会议通过\n"
        "2020年9月25日 山东省第十三届人民代表大会常务委员会第二十三次会议批准\n\n第一条 为了……，制定本条例。\n第二条 本条例适用于……\n"
    )
    assert (p.title, p.date, p.first_date, p.doc_number) == ("某某市文物保护条例", "2020-09-25", "2020-08-31", None)
    assert p.issuers == ["某某市人民代表大会常务委员会"]
    assert p.level == "city" and len(p.enactment) == 2


def test_administrative_regulation_order_number_and_national_level() -> None:
    p = policy(
        "某某市场暂行条例\n2018年5月2日 国务院第7次常务会议通过\n2018年6月29日 中华人民共和国国务院令第700号公布\n2018年10月1日 施行\n\n"
        "第一章 总则\n第一条 为了……\n第二条 在中华人民共和国境内……\n"
    )
    assert (p.doc_number, p.issuers, p.date, p.level, p.region) == ("国务院令第700号", ["国务院"], "2018-06-29", "national", None)


def test_notice_publishing_a_local_regulation_is_not_a_number() -> None:
    p = policy(
        "某某自治县城市管理条例\n2015年3月26日 某某自治县八届人大四次会议通过\n2015年5月27日 浙江省第十二届人民代表大会常务委员会第二十次会议批准\n"
        "2015年6月8日 某某自治县人民代表大会常务委员会公告第18号公布\n\n第一条 为了……\n第二条 ……\n"
    )
    assert p.doc_number is None
    assert (p.date, p.issuers) == ("2015-06-08", ["某某自治县人民代表大会"])


def test_body_named_by_level_alone_takes_the_title_place() -> None:
    p = policy("重庆市某某条例\n2002年6月7日 重庆市第一届人民代表大会常务委员会第四十次会议通过\n2010年9月29日 市第三届人民代表大会常务委员会第十九次会议修订\n\n第一条 为了……\n第二条 ……\n")
    assert p.issuers == ["重庆市人民代表大会常务委员会"] and p.level == "province"


def test_law_without_history_naming_no_place_is_national() -> None:
    p = policy("某某物品安全管理条例\n\n第一章 总则\n第一条 为了……，制定本条例。\n第二条 本条例适用于……\n")
    assert p.title == "某某物品安全管理条例" and p.level == "national"
    assert p.issuers == [] and p.date is None


def test_forwarding_notice_keeps_its_own_title() -> None:
    p = policy("某省人民政府办公厅转发省某某厅关于加强某某工作意见的通知\n某政办发〔2020〕3号\n各市人民政府：\n省某某厅《关于加强某某工作的意见》已经省政府同意，现转发给你们，请认真贯彻执行。\n")
    assert p.title == "某省人民政府办公厅转发省某某厅关于加强某某工作意见的通知"


def test_decree_header_is_not_the_title() -> None:
    p = policy("中华人民共和国国务院令\n第707号\n现公布修订后的《某某法实施条例》，自2019年1月1日起施行。\n总理  某某\n2018年12月18日\n某某法实施条例\n"
               "（1994年1月28日中华人民共和国国务院令第142号发布 2018年12月18日中华人民共和国国务院令第707号第一次修订）\n第一条 根据……\n")
    assert (p.doc_number, p.title, p.issuers, p.date) == ("国务院令第707号", "某某法实施条例", ["国务院"], "2018-12-18")


def test_text_without_a_head_gets_no_title_or_number() -> None:
    p = policy("各省、自治区、直辖市人民政府，各有关单位：\n为贯彻落实《某某条例》（国务院令第735号），现将《某某工作方案》印发给你们，请认真贯彻执行。\n")
    assert (p.title, p.doc_number, p.date, p.level) == (None, None, None, None)


def test_a_district_is_named_with_its_city_a_county_by_itself() -> None:
    from kg.extract.identity import region_label
    from kg.reference import find_region

    assert region_label(find_region("广州市天河区人民政府")) == "广州市天河区"  # type: ignore[arg-type]
    assert region_label(find_region("景宁畲族自治县人民政府")) == "景宁畲族自治县"  # type: ignore[arg-type]


def test_decree_page_without_history_dated_by_its_signature() -> None:
    p = policy("中华人民共和国国务院令\n第699号\n《某某管理条例》已经2018年3月1日国务院第5次常务会议通过，现予公布，自2018年5月1日起施行。\n"
               "总理　某某某\n2018年3月10日\n某某管理条例\n第一章　总则\n第一条　为了……，制定本条例。\n第二条　……\n")
    assert (p.doc_number, p.title, p.issuers, p.date, p.level) == ("国务院令第699号", "某某管理条例", ["国务院"], "2018-03-10", "national")


def test_decree_of_a_ministry_or_city_indented_and_adopted_on_a_day() -> None:
    """A decree's line may be indented and say 已于…审议通过 (a ministry's 部务会议): the
    title is the rule it issues, not the decree's heading."""
    p = policy("中华人民共和国教育部令\n第50号\n　　《某某行政处罚暂行办法》已于2023年8月22日经教育部第7次部务会议审议通过，现予公布，"
               "自2023年10月15日起施行。\n部长　某某\n2023年8月23日\n某某行政处罚暂行办法\n第一条　为了……，制定本办法。\n")
    assert (p.doc_number, p.title, p.issuers, p.date) == ("教育部令第50号", "某某行政处罚暂行办法", ["教育部"], "2023-08-23")
    p = policy("广州市人民政府令\n第193号\n　　《广州市某某管理规定》已经2022年8月1日市人民政府常务会议通过，现予公布，自2022年10月1日起施行。\n"
               "市长　某某\n2022年8月10日\n广州市某某管理规定\n第一条　为了……，制定本规定。\n")
    assert (p.title, p.level, p.region) == ("广州市某某管理规定", "city", "广州市")


def test_page_source_names_the_issuer_when_nothing_else_does() -> None:
    p = policy("某某补贴实施办法\n为进一步完善……，制定本实施办法。\n一、补贴对象\n", {"来源": "广州市民政局"})
    assert p.issuers == ["广州市民政局"]
    p = policy("某某补贴实施办法\n为进一步完善……，制定本实施办法。\n一、补贴对象\n", {"来源": "某某网"})
    assert p.issuers == []


def test_a_region_asked_again_is_the_same_answer():
    # the answer is kept per text and per way of reading it (at the start, or anywhere)
    from kg.reference import find_region

    title = "关于做好沈阳市职业教育工作的通知"
    assert find_region(title) is None
    anywhere = find_region(title, at_start=False)
    assert anywhere is not None and anywhere.name == "沈阳市"
    assert find_region(title, at_start=False) is anywhere and find_region(title) is None
    assert find_region("XX县教育局").name == "XX县" and find_region("XX县教育局").level == "county"


def test_the_issued_plan_is_found_at_its_own_heading_written_with_spaces():
    # the heading of the plan inside the notice gives the title's span, white space aside;
    # a line that begins otherwise (职业教育…的说明) is not it
    from kg.extract.identity import extract_policy

    t = ("XX县人民政府办公室\nXX县人民政府办公室关于印发XX县职业教育提质实施方案的通知\n各乡镇人民政府：\n"
         "现将《XX县职业教育提质实施方案》印发给你们，请认真贯彻执行。\n职业教育提质工作方案的说明\n"
         "XX县职业教育 提质实施方案\n一、总体要求\n")
    p = extract_policy(SourceText("a.txt", t, "text", "0"))
    span = p.spans["title"]
    assert p.title == "XX县职业教育提质实施方案" and t[span.start : span.end] == "XX县职业教育 提质实施方案"


@pytest.mark.parametrize("quoted, is_plan", [("《XX县职业教育提质实施方案》", True), ("《XX县职业教育 提质实施方案》", True), ("该方案", False)])
def test_a_notice_issues_a_plan_the_text_quotes_with_or_without_white_space(quoted, is_plan):
    from kg.extract.identity import extract_policy

    t = (f"XX县人民政府办公室关于印发XX县职业教育提质实施方案的通知\n各乡镇人民政府：\n现将{quoted}印发给你们，"
         "请认真贯彻执行。\n一、总体要求\n")
    p = extract_policy(SourceText("a.txt", t, "text", "0"))
    assert p.title == ("XX县职业教育提质实施方案" if is_plan else "XX县人民政府办公室关于印发XX县职业教育提质实施方案的通知")


def test_a_body_named_with_its_province_by_the_short_name_is_no_national_body() -> None:
    """河北雄安新区管理委员会 names its province by its short name (河北): a local body, not a
    national one for naming no full region."""
    p = policy("雄安新区管理委员会关于印发职业教育发展方案的通知\n雄安管发〔2022〕5号\n各有关单位：\n现将方案印发给你们，请认真贯彻执行。\n"
               "河北雄安新区管理委员会\n2022年5月6日\n")
    assert (p.issuers, p.level, p.region) == (["河北雄安新区管理委员会"], "province", "河北省")


def test_issuers_are_named_in_full() -> None:
    """FORMAT names issuers in full: a signature of short forms (国家发展改革委, 国务院国资委)
    gives the bodies' full names, in the order signed."""
    p = policy("教育部等九部门关于印发《职业教育提质培优行动计划（2020—2023年）》的通知\n教职成〔2020〕7号\n各省、自治区、直辖市教育厅（教委）：\n"
               "现将《职业教育提质培优行动计划（2020—2023年）》印发给你们，请认真贯彻执行。\n"
               "教育部　国家发展改革委　工业和信息化部\n财政部　人力资源社会保障部　国务院国资委\n2020年9月16日\n")
    assert p.issuers == ["教育部", "国家发展和改革委员会", "工业和信息化部", "财政部", "人力资源和社会保障部", "国务院国有资产监督管理委员会"]
    assert (p.level, p.date) == ("national", "2020-09-16")


def test_a_decree_signed_by_the_governor_on_one_line_with_his_name_gives_its_date() -> None:
    text = (
        "江西省人民政府令\n\n第256号\n\n《江西省气象灾害防御办法》已经2022年8月19日省人民政府第十三次常务会议审议通过，"
        "现予公布，自2022年11月1日起施行。\n\n省长  叶建春\n2022年9月5日\n\n江西省气象灾害防御办法\n\n第一章  总则\n\n"
        "第一条  为了加强气象灾害防御，制定本办法。\n\n第二条  本办法自2022年11月1日起施行。\n"
    )
    info = extract_policy(SourceText("t.txt", text, "text", "0"))
    assert (info.doc_number, info.title, info.date) == ("江西省人民政府令第256号", "江西省气象灾害防御办法", "2022-09-05")


def test_a_notice_that_issues_a_plan_whose_title_opens_with_quotes_takes_the_plans_title() -> None:
    text = (
        "国务院关于印发“十四五”城乡供水保障规划的通知\n国发〔2022〕9号\n各省、自治区、直辖市人民政府：\n"
        "现将《“十四五”城乡供水保障规划》印发给你们，请认真贯彻执行。\n国务院\n2022年4月18日\n（此件公开发布）\n"
        "“十四五”城乡供水保障规划\n城乡供水是重要的民生工程。\n一、发展基础\n"
    )
    info = extract_policy(SourceText("t.txt", text, "text", "0"))
    assert (info.title, info.alt_titles) == ("“十四五”城乡供水保障规划", ["国务院关于印发“十四五”城乡供水保障规划的通知"])


def test_a_notice_that_issues_a_plan_and_says_more_is_the_document() -> None:
    """关于开展…工作的通知 whose body issues a plan 并就有关事项通知如下: the notice is the document
    (FORMAT.md reads the plan's title for 关于印发…的通知 only); a 关于印发 notice is the plan."""
    own = ("教育部办公厅关于开展高等学校数字化教学改革试点工作的通知\n教高厅函〔2023〕17号\n各省、自治区、直辖市教育厅：\n"
           "　　为推进教育数字化，现将《高等学校数字化教学改革试点工作方案》印发给你们，并就有关事项通知如下。\n"
           "　　一、各试点高校要成立领导小组。\n教育部办公厅\n2023年6月12日\n")
    issuing = ("某省人民政府办公厅关于印发某省养老服务实施方案的通知\n某政办发〔2023〕5号\n各市人民政府：\n"
               "　　现将《某省养老服务实施方案》印发给你们，请认真贯彻执行。\n某省人民政府办公厅\n2023年6月12日\n")
    assert extract_policy(SourceText("a.txt", own, "text", "0")).title == "教育部办公厅关于开展高等学校数字化教学改革试点工作的通知"
    assert extract_policy(SourceText("b.txt", issuing, "text", "0")).title == "某省养老服务实施方案"
