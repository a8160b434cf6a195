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
