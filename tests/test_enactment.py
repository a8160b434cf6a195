"""The enactment history at the head of laws and regulations (kg/extract/enactment.py)."""

from kg.extract.enactment import canonical_body, enactment, find_enactment

CITY_REGULATION = (
    "某市河道管理条例\n"
    "2019年6月20日 某市第十五届人民代表大会常务委员会第二十次会议通过\n"
    "2019年7月30日 某省第十三届人民代表大会常务委员会第十二次会议批准\n"
    "\n第一条 为了加强河道管理，制定本条例。\n"
)

AMENDED = (
    "某省水资源条例\n"
    "2001年3月2日 某省第九届人民代表大会常务委员会第二十一次会议通过\n"
    "2010年9月17日 某省第十一届人民代表大会常务委员会第十九次会议《关于修改部分地方性法规的决定》第一次修正\n"
    "2018年11月22日 某省第十三届人民代表大会常务委员会第七次会议《关于修改部分地方性法规的决定》第二次修正\n"
    "\n第一章 总则\n第一条 为了……\n"
)


def test_city_regulation_keeps_the_city_as_adopter_and_the_approval_as_date() -> None:
    h = enactment(CITY_REGULATION)
    assert [e.kind for e in h.events] == ["通过", "批准"]
    assert (h.date, h.first_date) == ("2019-07-30", "2019-06-20")
    assert h.bodies == ["某市人民代表大会常务委员会"]


def test_latest_amendment_is_the_version() -> None:
    h = enactment(AMENDED)
    assert [e.kind for e in h.events] == ["通过", "修正", "修正"]
    assert (h.date, h.first_date) == ("2018-11-22", "2001-03-02")
    assert h.bodies == ["某省人民代表大会常务委员会"]


def test_history_in_one_parenthesis_with_decisions_and_orders() -> None:
    text = (
        "某某管理条例\n（1994年1月28日中华人民共和国国务院令第142号发布 根据2005年12月19日《国务院关于修改〈某某管理条例〉的决定》"
        "第一次修订 2018年12月18日中华人民共和国国务院令第707号第二次修订）\n第一条 为了……\n"
    )
    events = find_enactment(text)
    assert [(e.kind, e.date, e.body) for e in events] == [
        ("公布", "1994-01-28", "国务院"), ("修订", "2005-12-19", "国务院"), ("修订", "2018-12-18", "国务院"),
    ]


def test_enforcement_date_after_the_version_is_not_the_date() -> None:
    text = "某某暂行条例\n2018年5月2日 国务院第7次常务会议通过\n2018年6月29日 中华人民共和国国务院令第700号公布\n2018年10月1日 施行\n\n第一条 为了……\n"
    h = enactment(text)
    assert h.date == "2018-06-29" and h.bodies == ["国务院"]


def test_chinese_numeral_dates_and_abbreviated_congress() -> None:
    text = "某某自治县某某条例\n二〇一七年十一月四日 某某自治县八届人大四次会议通过\n二〇一八年一月十二日 某省第十二届人民代表大会常务委员会第四十次会议批准\n\n第一条 为了……\n"
    h = enactment(text)
    assert (h.first_date, h.date) == ("2017-11-04", "2018-01-12")
    assert h.bodies == ["某某自治县人民代表大会"]


def test_an_event_broken_over_two_lines() -> None:
    text = "某市某某条例\n2013年2月26日 某市第十五届人民代表大会常务委员会\n第九次会议通过\n\n第一条 为了……\n"
    assert [(e.kind, e.body) for e in find_enactment(text)] == [("通过", "某市人民代表大会常务委员会")]


def test_a_signature_date_is_not_a_history() -> None:
    text = "某某关于做好某事的通知\n各区人民政府：\n现就有关事项通知如下。\n某某人民政府\n2021年3月2日\n（此件公开发布）\n"
    assert find_enactment(text) == []


def test_canonical_body() -> None:
    assert canonical_body("第十二届全国人民代表大会常务委员会") == "全国人民代表大会常务委员会"
    assert canonical_body("某县人大常委会") == "某县人民代表大会常务委员会"


def test_a_dated_sentence_opening_a_text_is_not_a_history() -> None:
    assert find_enactment("2017年9月29日，某某研究院在某某大会上发布了《某某白皮书》。\n围绕……\n") == []
    assert find_enactment("某某工作简报\n2017年2月18日，《某某白皮书》发布会在北京召开。\n") == []


def test_a_judicial_interpretation_is_issued_by_its_court():
    """最高人民法院审判委员会第1823次会议通过: the committee adopts for the court, as 国务院常务会议
    does for 国务院 (FORMAT: 最高人民法院 → national); one adopted by both the court and the
    procuratorate at their own sessions names both."""
    from kg.extract import extract
    from kg.models import SourceText

    def issuers(text: str) -> list[str]:
        return extract(SourceText("t.txt", text, "text", "0")).policy.issuers

    text = ("最高人民法院关于审理期货纠纷案件若干问题的规定（二）\n2010年12月27日 最高人民法院审判委员会第1507次会议通过\n"
            "2020年12月23日 最高人民法院审判委员会第1823次会议通过\n\n第一条 以期货交易所为被告的商事案件，由中级人民法院管辖。\n")
    assert issuers(text) == ["最高人民法院"]
    both = ("最高人民法院 最高人民检察院关于办理某类刑事案件适用法律若干问题的解释\n"
            "2024年6月27日 最高人民检察院第十四届检察委员会第四次会议、2024年11月4日 最高人民法院审判委员会第1931次会议通过\n\n"
            "第一条 为依法惩治某类犯罪，制定本解释。\n")
    assert issuers(both) == ["最高人民检察院", "最高人民法院"]


def test_an_amendment_whose_session_and_decision_run_onto_the_next_line():
    """2017年7月28日 山东省\\n第十二届…会议《关于修改〈…〉的决定》修正: a long line that ends the
    event begun above (it ends with the event's word) is part of the history: the version is of 2017."""
    text = ("山东省某规定\n2008年9月25日 山东省第十一届人民代表大会常务委员会第六次会议通过\n2017年7月28日 山东省\n"
            "第十二届人民代表大会常务委员会第三十一次会议《关于修改〈山东省某规定〉的决定》修正\n\n"
            "第一条 为了加强备案审查工作，制定本规定。\n")
    assert enactment(text).date == "2017-07-28"


def test_a_body_whose_session_is_numbered_within_its_year_is_the_adopter() -> None:
    # (a ministry's or an office's meeting numbered in its year: 2021年第20次室务会议)
    text = "某某管理规定\n2021年11月16日 国家互联网信息办公室2021年第20次室务会议审议通过\n2022年3月1日 施行\n第一条 为了规范管理，制定本规定。\n"
    assert [(e.kind, e.date, e.body) for e in find_enactment(text)] == [
        ("通过", "2021-11-16", "国家互联网信息办公室"), ("施行", "2022-03-01", None)]
