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
