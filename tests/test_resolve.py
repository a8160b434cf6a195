import networkx as nx

from kg.graph.resolve import build_graph, implements_graph
from kg.models import Citation, Extraction, PolicyInfo, Span


def doc(name: str, number: str | None, title: str, cites: list[tuple[str | None, str | None, str]], level: str = "city") -> Extraction:
    return Extraction(
        name, (name * 64)[:64], PolicyInfo(doc_number=number, title=title, level=level),
        [Citation(n, t, r, Span(0, 1)) for n, t, r in cites],
    )


def test_title_without_number_joins_the_numbered_corpus_document() -> None:
    national = doc("n", "国发〔2019〕4号", "国家职业教育改革实施方案", [], "national")
    wuxi = doc("w", "锡教发〔2020〕86号", "无锡意见", [("国发〔2019〕4号", "国家职业教育改革实施方案", "implements")])
    qingyang = doc("q", "庆政发〔2021〕13号", "庆阳意见", [(None, "《国家职业教育改革实施方案》", "implements")])
    g = build_graph([national, wuxi, qingyang])
    h = implements_graph(g)
    assert set(h.predecessors("policy:国发〔2019〕4号")) == {"policy:锡教发〔2020〕86号", "policy:庆政发〔2021〕13号"}
    assert not g.nodes["policy:国发〔2019〕4号"]["stub"]
    assert sum(1 for _, d in g.nodes(data=True) if d.get("type") == "Policy") == 3


def test_title_cited_with_number_elsewhere_resolves_without_the_document() -> None:
    a = doc("a", "锡教发〔2020〕86号", "甲", [("国发〔2019〕4号", "国家职业教育改革实施方案", "implements")])
    b = doc("b", "庆政发〔2021〕13号", "乙", [(None, "国家职业教育改革实施方案", "implements")])
    g = build_graph([a, b])
    stub = g.nodes["policy:国发〔2019〕4号"]
    assert stub["stub"] and stub["level"] in (None, "national")
    assert set(nx.DiGraph(g).predecessors("policy:国发〔2019〕4号")) == {"policy:锡教发〔2020〕86号", "policy:庆政发〔2021〕13号"}


def test_placeholders_and_similar_numbers_never_merge() -> None:
    a = doc("a", None, "XX县方案", [("X政办发〔2018〕X号", "XX省实施意见", "implements"), ("X政办发〔2018〕X号", "XX市实施意见", "implements")], "county")
    b = doc("b", "国发〔2019〕4号", "国家方案", [], "national")
    c = doc("c", "国办发〔2019〕4号", "医院绩效考核意见", [], "national")
    g = build_graph([a, b, c])
    assert len(list(g.successors(next(n for n, d in g.nodes(data=True) if d.get("source") == "a")))) == 2
    assert "policy:国发〔2019〕4号" in g and "policy:国办发〔2019〕4号" in g


def test_documents_with_placeholder_numbers_stay_two_policies() -> None:
    a = doc("a", "X政办发〔2018〕X号", "甲", [])
    b = doc("b", "X政办发〔2018〕X号", "乙", [])
    g = build_graph([a, b])
    assert sum(1 for _, d in g.nodes(data=True) if d.get("type") == "Policy") == 2
