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


# --- short and variant titles ------------------------------------------------------------

LAW = "中华人民共和国河道保护法"  # a made-up national law, held in the corpus without a number


def law_graph(*cites: str, resolvers: list | None = None, extra: list[Extraction] | None = None) -> nx.MultiDiGraph:
    law = doc("law", None, LAW, [], "national")
    local = doc("reg", None, "某省河道保护条例", [(None, t, "implements") for t in cites], "province")
    return build_graph([law, *(extra or []), local], resolvers)


def cited(g: nx.MultiDiGraph) -> list[tuple[str | None, bool]]:
    src = next(n for n, d in g.nodes(data=True) if d.get("source") == "reg")
    return [(g.nodes[v].get("title"), bool(g.nodes[v].get("stub"))) for _, v in g.out_edges(src)]


def test_a_short_or_variant_title_resolves_to_the_one_document_that_has_it() -> None:
    for title in ("《河道保护法》", "河道保护法", "《中华人民共和国河道保护法》", "中华人民共和国 河道保护法", "《河道保护法（修订）》"):
        assert cited(law_graph(title)) == [(LAW, False)], title


def test_a_short_title_that_several_documents_share_stays_a_stub() -> None:
    trial = doc("trial", None, "中华人民共和国河道保护法（试行）", [], "national")
    draft = doc("draft", None, "中华人民共和国河道保护法（草案）", [], "national")
    g = law_graph("《河道保护法（修正）》", extra=[trial, draft])
    assert cited(g) == [("《河道保护法（修正）》", True)]


def test_a_qualifier_decides_between_documents_that_differ_only_by_it() -> None:
    trial = doc("trial", None, "中华人民共和国河道保护法（试行）", [], "national")
    g = law_graph("《河道保护法》", "《河道保护法（试行）》", extra=[trial])
    assert sorted(cited(g)) == [(LAW, False), ("中华人民共和国河道保护法（试行）", False)]


def test_the_short_title_step_is_replaceable() -> None:
    from kg.graph.resolve import RESOLVERS, by_short_title

    without = [step for step in RESOLVERS if step is not by_short_title]
    assert cited(law_graph("《河道保护法》", resolvers=without)) == [("《河道保护法》", True)]


def test_another_title_that_merely_contains_the_short_one_does_not_resolve() -> None:
    g = law_graph("《某省实施〈河道保护法〉办法》", "《河道》")
    assert all(stub for _, stub in cited(g))
