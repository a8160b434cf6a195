"""Measure alignment: made-up articles in the style of a law and its provincial 实施办法."""

import pytest

from kg.align import Settings, align
from kg.align.core import boilerplate, sentences
from kg.models import Measure, Span


def _doc(items: list[tuple[str, str]]) -> list[Measure]:
    out, pos = [], 0
    for n, t in items:
        text = f"第{n}条 {t}"
        out.append(Measure(f"第{n}条", n, text, Span(pos, pos + len(text)), None, "measure"))
        pos += len(text) + 1
    return out


PARENT = _doc([
    ("一", "为了加强档案管理，发挥档案作用，制定本法。"),
    ("二", "县级以上人民政府应当将档案事业纳入国民经济和社会发展规划，保障档案馆建设经费。"),
    ("三", "档案馆应当定期向社会开放档案，开放期限一般为三十年。"),
    ("四", "禁止买卖国家所有的档案。"),
    ("五", "本法自2021年1月1日起施行。"),
])
LOCAL = _doc([
    ("一", "根据《档案法》，结合本省实际，制定本办法。"),
    ("二", "综合档案馆开放档案的期限一般为三十年，经济、科学类档案可以少于三十年向社会开放。"),
    ("三", "任何单位和个人不得买卖国家所有的档案，不得擅自出境。"),
    ("四", "乡镇人民政府应当明确档案工作人员，做好本乡镇档案工作。"),
    ("五", "本办法自2022年5月1日起施行。"),
])


def test_takes_up_reworded_duties_not_boilerplate() -> None:
    pairs = {(p.local_number, p.parent_number) for p in align(LOCAL, PARENT)}
    assert ("二", "三") in pairs and ("三", "四") in pairs
    assert not any(l in ("一", "五") for l, _ in pairs)  # purpose and effective-date clauses


def test_passages_point_into_the_text() -> None:
    text = "\n".join(m.text for m in LOCAL)
    for p in align(LOCAL, PARENT):
        assert text[p.local_passage.span.start : p.local_passage.span.end] == p.local_passage.text
        assert 0 < p.score <= 1


def test_a_high_threshold_keeps_nothing() -> None:
    assert align(LOCAL, PARENT, Settings(threshold=1.01)) == []


def test_boilerplate_sentences() -> None:
    assert boilerplate("本条例自公布之日起施行。")
    assert boilerplate("根据《中华人民共和国献血法》，结合本市实际，制定本办法。")
    assert not boilerplate("根据献血者的要求，血站应当出具证明。")
    m = Measure("第二条", "二", "第二条 本办法自公布之日起施行。", Span(0, 16))
    assert sentences(m) == []


def test_the_formulas_of_liability_and_a_list_s_catch_all_item_are_boilerplate() -> None:
    """Sentences every law writes in the same words (造成损害的，依法承担赔偿责任; 构成违反治安管理
    行为的…处罚; a list's last item, （五）…规定的其他…行为) pair two articles of different
    duties: a 气象 regulation's two penalty articles each paired with both of the parent's."""
    text = "第二十四条 违反本条例规定，损毁气象设施的，由气象主管机构责令停止违法行为，处五万元以下罚款；造成损害的，依法承担赔偿责任。"
    assert [s for _, s in sentences(Measure("第二十四条", "二十四", text, Span(0, len(text))))] == [
        "违反本条例规定，损毁气象设施的，由气象主管机构责令停止违法行为，处五万元以下罚款；"]
    for formula in ("给他人造成损失的，依法承担赔偿责任。", "构成违反治安管理行为的，由公安机关依照《中华人民共和国治安管理处罚法》的规定处罚：",
                    "（五）法律、行政法规和国务院气象主管机构规定的其他危害气象设施的行为。", "（四）其他危害气象探测环境的行为。",
                    "并对其直接负责的主管人员和其他直接责任人员处一万元以下罚款。", "拒不改正的，予以警告，并督促其限期改正。",
                    "造成严重后果的，处十万元以下罚款；", "法律另有规定的，依照其规定。", "（五）符合本市居家社区养老服务相关规定。"):
        assert boilerplate(formula), formula
    for duty in ("违反规定造成损害的，责令改正，处一万元罚款。", "（三）其他单位应当履行的保护职责。", "造成损失的，应当赔偿。",
                 "情节严重的企业应当列入严重失信主体名单。", "符合条件的企业可以申请补贴。",
                 "违反本条例规定，情节严重的，吊销其许可证。",  # (an opening formula, but not at the sentence's start)
                 "（二）在气象探测环境保护范围内设置障碍物、进行爆破和采砂（石）、取土等危害气象探测环境的活动；"):
        assert not boilerplate(duty), duty


def test_a_penalty_takes_up_the_parent_s_penalty_not_the_duty_it_sanctions() -> None:
    """A local penalty article shares its wording with the parent's duty as much as with the
    parent's penalty (未依法对承租人身份进行查验 ↔ 应当对客户身份进行查验); the annotated files
    pair it with the penalty, and a duty with the duty (kg.align.core.liability)."""
    duties = [
        ("二十", "铁路、公路、水上、航空的货运和邮政、快递等物流运营单位应当实行安全查验制度。"),
        ("二十一", "住宿、长途客运、机动车租赁等业务经营者、服务提供者，应当对客户身份进行查验。对身份不明或者拒绝身份查验的，不得提供服务。"),
        ("二十二", "生产和进口单位应当依照规定对枪支等武器、弹药、管制器具、危险化学品、民用爆炸物品作出电子追踪标识。"),
        ("三十七", "飞行管制、民用航空、公安等主管部门应当按照职责分工，加强对航空器的管理。"),
    ]
    penalty = ("八十六", "住宿、长途客运、机动车租赁等业务经营者、服务提供者未按规定对客户身份进行查验，或者对身份不明、拒绝身份查验的客户"
                       "提供服务的，主管部门应当责令改正；拒不改正的，处十万元以上五十万元以下罚款。")
    local = _doc([
        ("十八", "长途客运站应当对旅客携带物品进行安全检查。"),
        ("十九", "机动车租赁业务经营者、服务提供者应当对承租人身份进行查验，对身份不明或者拒绝身份查验的，不得提供服务。"),
        ("二十四", "无人驾驶航空器飞行应当遵守空域管理规定。"),
        ("三十七", "机动车租赁业务经营者、服务提供者违反本办法第十九条规定，未依法对承租人身份进行查验，或者对身份不明、拒绝身份查验的承租人"
                   "提供服务的，由公安机关责令改正；拒不改正的，处十万元以上五十万元以下罚款。"),
    ])
    def pairs(parent: list[Measure]) -> set[tuple[str, str]]:
        return {(p.local_number, p.parent_number) for p in align(local, parent, Settings(0.05, 0.2))}

    assert ("三十七", "二十一") not in pairs(_doc(duties))  # the penalty takes up no duty
    with_penalty = pairs(_doc([*duties, penalty]))
    assert ("三十七", "八十六") in with_penalty and ("十九", "二十一") in with_penalty and ("十九", "八十六") not in with_penalty


def test_the_procedure_of_carrying_out_a_task_makes_no_pair() -> None:
    """Two plans that close different tasks with the same sentence on ledgers and quarterly
    reports (公文套话 of implementation) take up nothing from each other; the tasks still pair."""
    tail = "各有关部门要建立工作台账，实行清单化管理，按季度报送进展情况。"
    parent = _doc([("一", "推进农村公路提档升级，实施窄路加宽工程。" + tail.replace("各", "省各")),
                   ("二", "完善农村客运站点布局，推动城乡公交一体化。")])
    local = _doc([("一", "完善农村客运站点布局，推动城乡公交一体化。" + tail.replace("各", "市各")),
                  ("二", "市将此项工作纳入年度重点工作，逐项制定落实方案。")])
    pairs = {(p.local_number, p.parent_number) for p in align(local, parent)}
    assert pairs == {("一", "二")}
    assert sentences(local[1]) == []


def test_leave_one_out_scores_each_file_with_settings_from_the_others() -> None:
    from kg.align.score import Gold, Table, leave_one_out

    def t(name: str, rows: list[tuple[str, str, float, float]], firm: set[tuple[str, str]]) -> Table:
        return Table(Gold(name, "l", "p", frozenset(firm), frozenset(), ("1", "2")), tuple(rows))

    a = t("a", [("1", "一", 0.3, 0.3), ("2", "二", 0.05, 0.05)], {("1", "一")})
    b = t("b", [("1", "一", 0.2, 0.2), ("2", "三", 0.02, 0.02)], {("1", "一")})
    total, per = leave_one_out([a, b])
    assert (total.tp, total.fp, total.fn) == (2, 0, 0)
    assert [n for n, _, _ in per] == ["a", "b"]


def test_take_up_edges_reach_the_rdf_store_with_score_and_passages() -> None:
    import networkx as nx
    import pyoxigraph as ox

    from kg.align.graph import add_take_ups, method
    from kg.sinks.rdf import graph_quads

    g = nx.MultiDiGraph()
    for p, ms in (("省办法", LOCAL), ("档案法", PARENT)):
        g.add_node(f"policy:{p}", type="Policy", sha256=p)
        for m in ms:
            g.add_node(f"measure:{p}/{m.key}", type="Measure", number=m.number, key=m.key, text=m.text, kind=m.kind,
                       start=m.span.start, end=m.span.end, policy=f"policy:{p}")
    g.add_edge("policy:省办法", "policy:档案法", type="CITATION", relation="implements")
    assert add_take_ups(g) >= 2
    store = ox.Store()
    store.extend(graph_quads(g))
    prefixes = "PREFIX pkg: <https://w3id.org/policy-kg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
    rows = list(store.query(
        prefixes + "SELECT ?l ?p ?s ?lt WHERE { ?t pkg:localMeasure ?l ; pkg:parentMeasure ?p ; pkg:score ?s ; "
        "pkg:localPassage ?lt }"))
    assert len(rows) >= 2 and all(0 < float(r["s"].value) <= 1 for r in rows)
    # what the ontology implies is not written for each pair, and the method is said once
    assert not store.query(prefixes + "ASK { { ?t a pkg:TakeUp } UNION { ?t a prov:Entity } }")
    assert not store.query(prefixes + "ASK { { ?l pkg:takesUp ?p } UNION { ?l prov:wasDerivedFrom ?p } }")
    assert [r["m"].value for r in store.query(prefixes + "SELECT ?m WHERE { ?g pkg:method ?m }")] == [method()]
    assert len(store) == len(set(graph_quads(g))) and sum(1 for q in store if "/takesUp/" in q.subject.value) == 9 * len(rows)


def test_the_ontology_implies_what_a_take_up_leaves_unsaid() -> None:
    import rdflib

    from kg.sinks.rdf import ONTOLOGY_FILE

    o = rdflib.Graph().parse(ONTOLOGY_FILE)
    pkg, prov = rdflib.Namespace("https://w3id.org/policy-kg/ontology#"), rdflib.Namespace("http://www.w3.org/ns/prov#")
    assert (pkg.takesUp, rdflib.RDFS.subPropertyOf, prov.wasDerivedFrom) in o
    assert (pkg.TakeUp, rdflib.RDFS.subClassOf, prov.Entity) in o
    assert (pkg.localMeasure, rdflib.RDFS.domain, pkg.TakeUp) in o


def test_prepared_documents_align_as_measures_do() -> None:
    from kg.align.core import document

    parent = document(PARENT)
    assert align(document(LOCAL), parent) == align(LOCAL, PARENT)
    assert align(LOCAL, parent) == align(LOCAL, PARENT)  # the directive prepared once, used again


def test_a_build_prepares_each_directive_once_per_process() -> None:
    from kg.align import graph

    loads: list[str] = []

    def measures_of(p: str) -> list[Measure]:
        loads.append(p)
        return PARENT if p == "policy:档案法" else LOCAL

    key = lambda p: ("test_align", p)  # noqa: E731  (a content hash in a build)
    first = list(graph.take_up_quads([("policy:省办法", "policy:档案法")], measures_of, key_of=key))
    again = list(graph.take_up_quads([("policy:市办法", "policy:档案法")], measures_of, key_of=key))
    assert first and again
    assert loads.count("policy:档案法") == 1


def test_verdicts_list_missed_wrong_and_found_pairs_with_passages() -> None:
    from kg.align.score import Gold, report, table

    gold = Gold("档案", "l", "p", frozenset({("二", "三"), ("四", "二")}), frozenset(), ("一", "二", "三", "四", "五"))
    rep = report([table(gold, LOCAL, PARENT)])
    kinds = {(v.kind, v.local, v.parent) for v in rep.verdicts}
    assert ("TP", "二", "三") in kinds
    assert ("FN", "四", "二") in kinds or ("TP", "四", "二") in kinds
    found = next(v for v in rep.verdicts if (v.local, v.parent) == ("二", "三"))
    assert "三十年" in found.local_text and "三十年" in found.parent_text
    assert "verdicts" in rep.to_json(per_pair=True) and "verdicts" not in rep.to_json()


def test_matrix_products_and_the_loop_find_the_same_pairs() -> None:
    """The scores a build takes as matrix products are those the loop of kg.align.core.scores
    defines: every pair, its score and its best sentences."""
    from kg.align.core import candidates, document, scores

    ld, pd = document(LOCAL), document(PARENT)
    by_matrix = {(c.local, c.parent): (round(c.score, 9), c.local_sentence, c.parent_sentence) for c in candidates(ld, pd)}
    by_loop = {ij: (round(h.score, 9), h.local_sentence, h.parent_sentence) for ij, h in scores(ld, pd).items()}
    assert by_matrix == by_loop and by_loop
    assert align(LOCAL, PARENT)


def test_the_adoption_query_keeps_each_optional_to_one_pattern() -> None:
    """A group of patterns in one OPTIONAL is evaluated over every take-up of the graph
    before the join (1.1 s at 1,000 documents, growing with the corpus); one pattern is
    looked up for each row found."""
    import re

    from kg.queries import load_query

    text = load_query("adoption")
    groups = re.findall(r"OPTIONAL\s*\{([^{}]*)\}", text)
    assert groups
    for g in groups:
        assert ";" not in g and g.strip().count(" . ") == 0, g


def test_the_adoption_query_bound_to_a_policy_gives_its_rows_of_the_whole() -> None:
    import networkx as nx
    import pyoxigraph as ox

    from kg.align.graph import add_take_ups
    from kg.queries import StoreRows
    from kg.questions import Iri
    from kg.sinks.rdf import graph_quads, node_iri

    g = nx.MultiDiGraph()
    for p, ms in (("省办法", LOCAL), ("档案法", PARENT), ("市办法", LOCAL[1:3])):
        g.add_node(f"policy:{p}", type="Policy", sha256=p)
        for m in ms:
            g.add_node(f"measure:{p}/{m.key}", type="Measure", number=m.number, key=m.key, text=m.text, kind=m.kind,
                       start=m.span.start, end=m.span.end, policy=f"policy:{p}")
    for local in ("省办法", "市办法"):
        g.add_edge(f"policy:{local}", "policy:档案法", type="CITATION", relation="implements")
    add_take_ups(g)
    store = ox.Store()
    store.extend(graph_quads(g))
    rows = StoreRows(store).rows("adoption", {})
    assert {r["policy"] for r in rows} == {node_iri(f"policy:{p}").value for p in ("省办法", "市办法")}
    for policy in {r["policy"] for r in rows}:
        bound = StoreRows(store).rows("adoption", {"policy": Iri(policy)})
        assert bound == [r for r in rows if r["policy"] == policy]
        assert all(r["localText"] and r["parentText"] for r in bound)


def test_passages_cut_from_the_measures_text_read_as_written() -> None:
    """A take-up whose measures the store holds with text and start does not write its
    passages out: the adoption query cuts them from the measures' text by their spans, and
    reads the same passages as a store that holds them."""
    import networkx as nx
    import pyoxigraph as ox

    from kg.align.graph import add_take_ups
    from kg.queries import StoreRows
    from kg.sinks.rdf import graph_quads

    def rows(source: str | None) -> tuple[list[dict[str, object]], int]:
        g = nx.MultiDiGraph()
        for p, ms in (("省办法", LOCAL), ("档案法", PARENT)):
            g.add_node(f"policy:{p}", type="Policy", sha256=p)
            for m in ms:
                g.add_node(f"measure:{p}/{m.key}", type="Measure", number=m.number, key=m.key, text=m.text, kind=m.kind,
                           start=m.span.start + 100, end=m.span.end + 100, policy=f"policy:{p}", source=source)
        g.add_edge("policy:省办法", "policy:档案法", type="CITATION", relation="implements")
        add_take_ups(g)
        store = ox.Store()
        store.extend(graph_quads(g))
        written = len(list(store.quads_for_pattern(None, ox.NamedNode("https://w3id.org/policy-kg/ontology#localPassage"), None)))
        return [{k: r[k] for k in ("localText", "parentText", "localStart", "parentEnd")} for r in StoreRows(store).rows("adoption", {})], written

    cut, none_written = rows("省办法.txt")
    kept, written = rows(None)
    key = lambda r: (r["localStart"], r["parentEnd"])  # noqa: E731  (without starts the rows come in another order)
    assert sorted(cut, key=key) == sorted(kept, key=key) and cut and all(r["localText"] and r["parentText"] for r in cut)
    assert none_written == 0 and written == len(kept)


def test_a_build_writes_the_quads_the_graph_writer_writes() -> None:
    """The take-ups a build writes as N-Quads text are the quads :class:`QuadWriter` makes of
    the same take-up edges (passages held by the measures' text)."""
    import networkx as nx
    import pyoxigraph as ox

    from kg.align import graph
    from kg.sinks.rdf import QuadWriter

    measures = {"policy:省办法": LOCAL, "policy:档案法": PARENT}
    text = "".join(graph.take_up_quads([("policy:省办法", "policy:档案法")], measures.__getitem__, text=True))
    written = set(ox.parse(text, format=ox.RdfFormat.N_QUADS))
    w = QuadWriter(nx.MultiDiGraph())
    expected = {q for a, b, attrs in graph.take_up_edges("policy:省办法", LOCAL, "policy:档案法", PARENT)
                for q in w.edge(a, b, {**attrs, "passages_in_measures": True})}
    assert written == expected and len(written) == 1 + 5 * len(graph.edge_pairs(LOCAL, PARENT))
    # line for line what the text writer makes of the same edges (one template per pair)
    t = QuadWriter(nx.MultiDiGraph(), text=True)
    assert text == "".join(line for a, b, attrs in graph.take_up_edges("policy:省办法", LOCAL, "policy:档案法", PARENT)
                           for line in t.edge(a, b, {**attrs, "passages_in_measures": True}))


def _sentences_one_by_one(m: Measure) -> list[tuple[int, str]]:
    """Every sentence of ``m`` tested for boilerplate and stock phrases (what
    :func:`kg.align.core.sentences` skips when the measure's text holds neither)."""
    from kg.align.core import SENTENCE, stock_only
    from kg.extract.regexes import MEASURE_MARKER

    head = MEASURE_MARKER.match(m.text)
    out = []
    for hit in SENTENCE.finditer(m.text, head.end() if head else 0):
        s = hit.group().strip()
        if len(s) >= 4 and not boilerplate(s) and not stock_only(s):
            out.append((hit.start() + len(hit.group()) - len(hit.group().lstrip()), s))
    return out


def test_sentences_skip_the_tests_only_when_nothing_could_match() -> None:
    texts = [
        "第八条 本条例自2023年3月1日起施行。",
        "第九条 为了规范档案管理，根据有关法律，结合本省实际，制定本条例。",
        "第十条 违反本条例规定，构成犯罪的，依法追究刑事责任。",
        "（三）完善实训基地建设标准。（市教育局牵头，市财政局配合）",
        "（四）各有关部门要强化部门协同，形成工作合力。建设10个产教融合实训基地。",
        "第十一条 对直接负责的主管人员和其他直接责任人员依法给予处分。",
        "第十二条 本办法适用本省行政区域内的档案工作。\n档案馆应当定期开放档案。",
        "第十三条 档案馆应当定期向社会开放档案；  开放期限一般为三十年。",
    ]
    for t in texts:
        m = Measure("k", "n", t, Span(0, len(t)))
        assert sentences(m) == _sentences_one_by_one(m), t
    kept = [s for t in texts for _, s in sentences(Measure("k", "n", t, Span(0, len(t))))]
    assert "（市教育局牵头，市财政局配合）" not in kept and "建设10个产教融合实训基地。" in kept


def test_the_postings_list_each_bigrams_sentences_in_order() -> None:
    import numpy as np
    from scipy import sparse

    from kg.align.sparse import _postings

    for n_grams in (3, 70_000):  # bigrams numbered in 16 bits (a radix sort) and beyond
        pos, rows = np.array([2, 0, 2, 1, 0, 2]) + n_grams - 3, np.array([0, 0, 1, 1, 2, 2])
        ptr, made = _postings(pos, rows, n_grams)
        ref = sparse.csr_matrix((np.ones(6), (pos, rows)), shape=(n_grams, 3))
        assert ptr.tolist() == ref.indptr.tolist() and made.tolist() == ref.indices.tolist()


def test_the_sums_of_the_postings_join_are_those_of_a_sparse_product_to_the_last_bit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dot products and shared rarities a build takes by joining a local document's
    entries to the parent's postings are the floats of the sparse matrix product (the
    same additions in the same order), whichever way the pairs are counted."""
    import numpy as np
    from scipy import sparse

    from kg.align import sparse as joined
    from kg.align.sparse import _postings, _sums

    rng = np.random.default_rng(7)
    for n_rows, n_prows, n_grams, product in ((5, 7, 12, 10**6), (40, 300, 50, 10**6), (5, 7, 12, 0)):  # in place; numbered first; product
        rows = np.sort(rng.integers(0, n_rows, 60))
        cols = rng.integers(0, n_grams, 60)
        w, rare = rng.random(60) * 30, rng.random(60) * 50 + 12
        ppos, prows = rng.integers(0, n_grams, 80), np.sort(rng.integers(0, n_prows, 80))
        ptr, prow = _postings(ppos, prows, n_grams)
        monkeypatch.setattr(joined, "SPARSE_PRODUCT", product)
        r, c, d, x = _sums(rows, cols, w, rare, ptr, prow, n_rows, n_prows)
        local = sparse.csr_matrix((w + 1j * rare, cols, np.searchsorted(rows, np.arange(n_rows + 1))), shape=(n_rows, n_grams))
        post = sparse.csr_matrix((np.ones(len(prow), dtype=np.complex128), prow, ptr), shape=(n_grams, n_prows))
        ref = (local @ post).tocoo()
        want = {(int(a), int(b)): (v.real, v.imag) for a, b, v in zip(ref.row, ref.col, ref.data)}
        got = {(int(a), int(b)): (float(p), float(q)) for a, b, p, q in zip(r, c, d, x)}
        assert got == want and got


def test_words_in_many_articles_of_the_corpus_are_not_indexed() -> None:
    """监督 and 支持 (in ~3–8 % of the corpus's articles) say what kind of duty, not which: a
    sentence pair that shares only them is not found through the index; 档案 is."""
    from kg.align.core import document

    d = document(_doc([("二", "档案馆接受社会监督，有关单位予以支持。")]))
    assert "档案" in d.postings and "监督" not in d.postings and "支持" not in d.postings


def test_the_measures_of_a_kept_extraction_are_read_alone_as_the_whole_would_give_them() -> None:
    import json

    from kg.align.graph import measures_data

    measures = [{"key": "第一条", "number": "一", "text": "第一条 为了规范\"measures\"管理，制定本办法。", "span": [0, 20]}]
    for data in ({"policy": {"title": "某省档案管理办法"}, "measures": measures, "warnings": []},
                 {"policy": {"measures": []}, "measures": measures},  # a nested key of the same name: the whole is decoded
                 {"measures": [], "responsibilities": [{"measure": "第一条"}]},
                 {"citations": []}):
        for text in (json.dumps(data, ensure_ascii=False), json.dumps(data), json.dumps(data, separators=(",", ":"))):
            assert measures_data(text) == data.get("measures", [])


def test_a_process_keeps_prepared_documents_within_a_budget_of_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prepared directives are kept by their size, not their number: over the budget the
    one used longest ago is prepared again when asked, the same document."""
    import kg.align.graph as ag

    monkeypatch.setattr(ag, "_kept", ag.OrderedDict())
    monkeypatch.setattr(ag, "_entries_kept", [0])
    docs = {n: _doc([("一", f"{t}应当建立健全档案管理制度，定期开放档案。")]) for n, t in (("a", "省档案馆"), ("b", "市档案局"), ("c", "县档案馆"))}
    made: list[str] = []

    def measures(n: str):  # type: ignore[no-untyped-def]
        made.append(n)
        return docs[n]

    first = ag.kept_document("a", lambda: measures("a"))
    monkeypatch.setattr(ag, "ENTRIES_KEPT", 2 * ag._entries(first))  # room for two
    for n in ("b", "a", "c", "a", "b"):
        ag.kept_document(n, lambda n=n: measures(n))
    assert made == ["a", "b", "c", "b"]  # b, used longest ago, left when c came
    again = ag.kept_document("b", lambda: measures("b"))
    assert again.matrix.ids.tolist() == ag.document(docs["b"]).matrix.ids.tolist()


def test_a_local_measure_takes_up_its_three_best_parent_measures_at_most() -> None:
    """A local article that restates four parent articles keeps its three best pairs (the
    hand-annotated files pair no measure with more than three); without the bound, all four."""
    parent = _doc([
        ("一", "禁止买卖国家所有的档案。"),
        ("二", "档案馆应当定期向社会开放档案。"),
        ("三", "县级以上人民政府应当保障档案馆建设经费。"),
        ("四", "档案馆应当建立档案安全管理制度。"),
    ])
    local = _doc([("一", "禁止买卖国家所有的档案，档案馆应当定期向社会开放档案，县级以上人民政府应当保障档案馆建设经费，"
                         "档案馆应当建立档案安全管理制度。")])
    bounded = align(local, parent, Settings(ratio=0.2, model=None))  # (every pair near the best)
    unbounded = align(local, parent, Settings(ratio=0.2, most=None, model=None))
    assert len(unbounded) == 4 and len(bounded) == 3
    assert sorted(p.score for p in bounded) == sorted(p.score for p in unbounded)[1:]


def test_a_passage_ends_where_its_sentence_does() -> None:
    """The end the store leaves out is the end of the sentence that starts at a passage's
    start: every sentence the alignment compares, over the measures of the sample plans,
    ends there (white space at its end, ideographic or not, left out)."""
    from pathlib import Path

    from kg.align.core import sentence_end
    from kg.extract import extract
    from kg.ingest import read_document

    root = Path(__file__).resolve().parent.parent / "seeds"
    measures = [m for f in sorted(root.glob("*.txt"))[:3] for m in extract(read_document(f)).measures]
    measures.append(Measure("一", "一", "（一）建设实训基地　\u3000\n加强实训。 ", Span(0, 19)))
    checked = 0
    for m in measures:
        for off, s in sentences(m):
            assert m.text[off:sentence_end(m.text, off)] == s
            checked += 1
    assert checked > 100


def test_a_passage_that_is_no_whole_sentence_keeps_its_end() -> None:
    """A take-up whose passage ends before its sentence does (a clause of it) writes its end;
    the adoption query reads both kinds of passage as they were given, and their ends."""
    import networkx as nx
    import pyoxigraph as ox

    from kg.align.graph import METHOD
    from kg.queries import StoreRows
    from kg.sinks.rdf import graph_quads

    g = nx.MultiDiGraph()
    texts = {"policy:省办法": "第二条 综合档案馆开放档案的期限一般为三十年，经济类档案可以少于三十年。\u3000",
             "policy:档案法": "第三条 档案馆应当定期向社会开放档案；开放期限一般为三十年。"}
    for p, text in texts.items():
        g.add_node(p, type="Policy", sha256=p)
        g.add_node(f"measure:{p[7:]}/1", type="Measure", number="1", key="1", text=text, kind="measure", start=10, end=10 + len(text),
                   policy=p, source=p[7:] + ".txt")
    clause = (14, 14 + len("综合档案馆开放档案的期限一般为三十年"))
    whole = (14, 14 + len("档案馆应当定期向社会开放档案；"))
    g.add_edge("measure:省办法/1", "measure:档案法/1", type="TAKES_UP", score=0.5, method=METHOD,
               local_text=texts["policy:省办法"][4:clause[1] - 10], local_start=clause[0], local_end=clause[1],
               parent_text=texts["policy:档案法"][4:whole[1] - 10], parent_start=whole[0], parent_end=whole[1])
    store = ox.Store()
    store.extend(graph_quads(g))
    pkg = "https://w3id.org/policy-kg/ontology#"
    ends = {q.predicate.value[len(pkg):] for q in store.quads_for_pattern(None, None, None) if q.predicate.value.endswith("End")}
    assert ends == {"localEnd"}  # the parent's passage is its whole sentence
    [r] = [r for r in StoreRows(store).rows("adoption", {})]
    assert (r["localText"], int(r["localStart"]), int(r["localEnd"])) == ("综合档案馆开放档案的期限一般为三十年", *clause)
    assert (r["parentText"], int(r["parentStart"]), int(r["parentEnd"])) == ("档案馆应当定期向社会开放档案；", *whole)


def _one_sentence_each(i, j, s):
    """The sentence pairs of measures of one sentence each, scored ``s``."""
    import numpy as np

    from kg.align.sparse import SentencePairs

    return SentencePairs(i, j, s, np.zeros(len(i), dtype=np.int64), np.zeros(len(i), dtype=np.int64))


def test_the_model_finds_a_pair_in_the_documents_order_likelier_than_the_same_score_out_of_it() -> None:
    """kg/data/alignment_model.json, learned from the annotated files: a pair with the same
    score is likelier when it follows the order the others set and when it is its parent
    measure's best; the model's cut lies between a copied article and a pair a fifth as alike."""
    import numpy as np

    from kg.align.learn import features, model

    m = model()
    # local 0-2 take up parent 0-2 word for word; local 1 also scores 0.12 against parent 5
    # (nearer the order) and parent 9 (far out of it)
    i, j, s = np.array([0, 1, 1, 1, 2]), np.array([0, 1, 5, 9, 2]), np.array([0.6, 0.6, 0.12, 0.12, 0.6])
    p = m.probability(features(i, j, s, 3, 10, _one_sentence_each(i, j, s)))
    assert p[0] >= m.cut and p[4] >= m.cut
    assert p[2] > p[3]  # the same score, nearer the order
    # the same score against a parent measure that another local measure copies
    i2, j2, s2 = np.array([0, 1]), np.array([0, 0]), np.array([0.6, 0.12])
    shared = m.probability(features(i2, j2, s2, 2, 10, _one_sentence_each(i2, j2, s2)))[1]
    one = np.array([1]), np.array([0]), np.array([0.12])
    alone = m.probability(features(*one, 2, 10, _one_sentence_each(*one)))[0]
    assert alone > shared


def test_the_model_finds_a_second_parent_likelier_when_a_sentence_of_the_local_measure_restates_it() -> None:
    """A local article of two sentences, the first restating parent article 10, the second
    the article after it (a list article's items taken up one by one), between local
    articles that restate articles 9 and 12 (of 40): the pair with article 11 is likelier
    than the same measure pair whose sentence pairs all have a better parent elsewhere, and
    the model takes it up where it does not take up that one."""
    import numpy as np

    from kg.align.learn import features, model
    from kg.align.sparse import SentencePairs

    m = model()
    i, j, s = np.array([0, 1, 1, 2]), np.array([9, 10, 11, 12]), np.array([0.6, 0.6, 0.3, 0.6])
    first = np.zeros(4, dtype=np.int64)
    # (local 1, sentence 1) restates article 11, its sentence 0 article 10
    apart = SentencePairs(i, j, s, np.array([0, 0, 1, 0]), first)
    # the same scores, both from sentence 0 (article 11 only shares a phrase with it)
    together = SentencePairs(i, j, s, first, first)
    p_apart = m.probability(features(i, j, s, 30, 40, apart))[2]
    p_together = m.probability(features(i, j, s, 30, 40, together))[2]
    assert p_apart > p_together
    assert p_apart >= m.cut > p_together


def test_a_model_of_other_figures_is_refused_by_name(tmp_path) -> None:
    import json

    from kg.align.learn import MODEL_JSON, read

    d = json.loads(MODEL_JSON.read_text(encoding="utf-8"))
    d["features"] = ["log_score", "something_else", "of_parent_best", "off_order"]
    (tmp_path / "m.json").write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(ValueError, match="something_else"):
        read(tmp_path / "m.json")
