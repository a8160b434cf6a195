"""kg departments / department / partners / targets: the named queries on the embedded store,
on a small synthetic graph whose answers are known, and end to end on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.resolve import build_graph
from kg.models import Extraction, Measure, PolicyInfo, Responsibility, Span, Target
from kg.pipeline import store_graph
from kg.queries import load_query, query_header
from kg.workspace import Workspace
from tests.synthetic import stored_workspace

runner = CliRunner()

EDU, HR, FIN, DEV = "沈阳市教育局", "沈阳市人力资源和社会保障局", "沈阳市财政局", "沈阳市发展和改革委员会"
CIV, HEALTH, INS = "广州市民政局", "广州市卫生健康委员会", "广州市医疗保障局"
Q_EDU, Q_FIN = "庆阳市教育局", "庆阳市财政局"


def kg(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _doc(name: str, number: str | None, title: str, region: str,
         measures: list[tuple[str, str, str | None]],
         duties: list[tuple[str, str, str, list[str]]],
         targets: list[Target] | None = None) -> Extraction:
    """A document with measures (number, heading, deadline) and responsibilities
    (measure number, department, role, aliases)."""
    ms = [Measure(key=n, number=n, text=f"{h}的具体内容", span=Span(100 * i, 100 * i + 50), heading=h, deadline=d)
          for i, (n, h, d) in enumerate(measures, 1)]
    rs = [Responsibility(measure=n, department=dept, role=role, span=Span(100 * j + 60, 100 * j + 70), aliases=aliases)
          for j, (n, dept, role, aliases) in enumerate(duties, 1)]
    return Extraction(name, (name * 64)[:64], PolicyInfo(doc_number=number, title=title, level="city", region=region),
                      measures=ms, responsibilities=rs, targets=targets or [])


def synthetic_extractions() -> list[Extraction]:
    """沈阳: 教育局 leads most, 人社局 and 财政局 support it; 广州: 民政局, 卫健委 and 医保局
    are jointly responsible for articles; 庆阳: its own 教育局, also called 市教育局."""
    checklist = _doc(
        "checklist.txt", None, "沈阳市职业教育改革工作清单", "沈阳市",
        [("1", "研制新一轮资源整合方案", "2025年"), ("2", "落实国家标准", "2022年"),
         ("3", "健全育人机制", "2022年"), ("4", "落实1+X证书试点制度", "2025年")],
        [("1", EDU, "lead", ["市教育局", "教育部门"]), ("1", HR, "support", ["市人力资源社会保障局"]), ("1", FIN, "support", ["财政局"]),
         ("2", EDU, "lead", ["市教育局"]), ("2", FIN, "support", []),
         ("3", HR, "lead", []), ("3", EDU, "support", []),
         ("4", EDU, "lead", []), ("4", HR, "support", []), ("4", FIN, "support", [])],
        [Target("高职院校", "5-6", "所", "range", "2025", Span(110, 120), measure_key="1")],
    )
    plan = _doc(
        "plan.txt", "沈政发〔2021〕14号", "沈阳市推进职业教育实用高效发展实施方案", "沈阳市",
        [("一", "优化布局", "2023年"), ("二", "保障经费", None)],
        [("一", EDU, "lead", []), ("一", DEV, "support", ["市发展改革委"]),
         ("二", DEV, "lead", []), ("二", FIN, "support", [])],
        [Target("市级优质中职学校", 15, "所", "=", "2022", Span(10, 20))],
    )
    guangzhou = _doc(
        "gz.txt", "穗府办规〔2022〕13号", "广州市居家社区养老服务管理办法", "广州市",
        [("第一条", "服务网络", None), ("第二条", "医养结合", None), ("第三条", "长期护理保险", None)],
        [("第一条", CIV, "responsible", []), ("第一条", HEALTH, "responsible", []), ("第一条", INS, "responsible", []),
         ("第二条", CIV, "responsible", []), ("第二条", HEALTH, "responsible", []),
         ("第三条", CIV, "responsible", []), ("第三条", INS, "responsible", [])],
    )
    qingyang = _doc(
        "qy.txt", "庆政发〔2021〕13号", "庆阳市人民政府关于推进全市职业教育发展打造技能庆阳的实施意见", "庆阳市",
        [("1", "建设技能庆阳", "2025年")],
        [("1", Q_EDU, "lead", ["市教育局"]), ("1", Q_FIN, "support", [])],
        [Target("双师型教师占比", 50, "%", ">=", "2025", Span(5, 9)), Target("长期指标", 3, "项", "~", None, Span(30, 40))],
    )
    return [checklist, plan, guangzhou, qingyang]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(stored_workspace(tmp_path_factory.mktemp("synthetic") / "kg-workspace", synthetic_extractions()))


def as_json(*args: str) -> dict:
    code, out = kg(*args, "--json")
    assert code == 0, out
    return json.loads(out)


# --- the queries themselves ------------------------------------------------------------


@pytest.mark.parametrize(
    "name,params",
    [("departments", {"?policy", "?region", "?role"}), ("department_measures", {"?name", "?department"}),
     ("partners", {"?department"}), ("targets", {"?deadline", "?policy"}), ("department_names", {"?department"})],
)
def test_queries_name_and_project_their_parameters(name: str, params: set[str]) -> None:
    text = load_query(name)
    header = query_header(text)
    assert header.startswith(name) and "Parameters" in header
    select = text[text.index("SELECT"):text.index("WHERE")]
    for p in params:
        assert p in header, p
        assert p in select, f"{p} must be projected to be bindable"


# --- kg departments --------------------------------------------------------------------


def test_departments_are_ranked_by_measures_led_then_supported(ws: str) -> None:
    data = as_json("departments", "-w", ws)
    names = [d["name"] for d in data["departments"]]
    assert names == [EDU, HR, DEV, Q_EDU, FIN, Q_FIN, CIV, INS, HEALTH]
    edu = data["departments"][0]
    assert (edu["led"], edu["supported"], edu["responsible"], edu["measures"], edu["policies"]) == (4, 1, 0, 5, 2)
    fin = next(d for d in data["departments"] if d["name"] == FIN)
    assert (fin["led"], fin["supported"], fin["measures"], fin["policies"]) == (0, 4, 4, 2)
    civ = next(d for d in data["departments"] if d["name"] == CIV)
    assert (civ["led"], civ["responsible"]) == (0, 3)
    assert set(edu) == {"iri", "name", "kind", "led", "supported", "responsible", "measures", "policies"}
    assert data["filters"] == {"policy": None, "region": None, "role": None, "include_collective": False}


def test_departments_role_filter_counts_that_role_only(ws: str) -> None:
    data = as_json("departments", "-w", ws, "--role", "lead")
    assert [(d["name"], d["led"], d["supported"]) for d in data["departments"]] == [
        (EDU, 4, 0), (Q_EDU, 1, 0), (HR, 1, 0), (DEV, 1, 0)]
    data = as_json("departments", "-w", ws, "--role", "responsible")
    assert [d["name"] for d in data["departments"]] == [CIV, INS, HEALTH]
    code, out = kg("departments", "-w", ws, "--role", "boss")
    assert code == 2


def test_departments_of_one_policy_and_of_one_region(ws: str) -> None:
    data = as_json("departments", "-w", ws, "--policy", "沈政发[2021]14号")
    assert data["filters"]["policy"]["number"] == "沈政发〔2021〕14号"
    assert [(d["name"], d["led"], d["supported"]) for d in data["departments"]] == [(DEV, 1, 1), (EDU, 1, 0), (FIN, 0, 1)]
    data = as_json("departments", "-w", ws, "--region", "广州市")
    assert {d["name"] for d in data["departments"]} == {CIV, HEALTH, INS}
    data = as_json("departments", "-w", ws, "--region", "沈阳市", "--role", "support")
    assert [(d["name"], d["supported"]) for d in data["departments"]] == [(FIN, 4), (HR, 2), (DEV, 1), (EDU, 1)]
    assert as_json("departments", "-w", ws, "--region", "北京市")["departments"] == []


def _regional_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A store of one made-up policy whose measures are led by departments of 辽宁省, of
    沈阳市, of a district of 沈阳市, of a district of the same name in 天津市, and of no region."""
    import networkx as nx

    from kg.queries import StoreRows
    from kg.workspace import Workspace

    g = nx.MultiDiGraph()
    g.add_node("policy:p", type="Policy", number="辽政发〔2021〕9号", title="关于推进某项工作的实施方案", stub=False)
    names = ["辽宁省教育厅", "沈阳市教育局", "沈阳市和平区教育局", "天津市和平区教育局", "市财政局"]
    for i, name in enumerate(names):
        g.add_node(f"department:{name}", type="Department", name=name)
        for j in range(i + 1):  # a different count for each, so the order is plain
            m = f"measure:p/{i}-{j}"
            g.add_node(m, type="Measure", policy="policy:p", number=f"{i}-{j}", key=f"{i}-{j}")
            g.add_edge(f"department:{name}", m, type="LEADS", role="lead")
    ws = Workspace(tmp_path / "ws")
    store_graph(ws, g)
    return StoreRows(ws.open_store())


def test_a_region_holds_the_divisions_inside_it(tmp_path: Path) -> None:
    """--region follows the region hierarchy: 辽宁省 holds 沈阳市 and its 和平区, not 天津市's."""
    from kg.questions import Page, department_ranking, departments

    source = _regional_store(tmp_path)
    assert [d.name for d in departments(source, region="辽宁省")] == ["沈阳市和平区教育局", "沈阳市教育局", "辽宁省教育厅"]
    assert [d.name for d in departments(source, region="沈阳市")] == ["沈阳市和平区教育局", "沈阳市教育局"]
    assert [d.name for d in departments(source, region="天津市")] == ["天津市和平区教育局"]
    assert [d.name for d in departments(source, region="辽宁省", role="lead")][:1] == ["沈阳市和平区教育局"]
    every = department_ranking(source)
    assert every.total == 5 and [d.led for d in every.rows] == [5, 4, 3, 2, 1]
    page = department_ranking(source, page=Page(2, 1))
    assert page.total == 5 and [d.name for d in page.rows] == [every.rows[1].name, every.rows[2].name]


def test_the_tallies_agree_with_counting_every_responsibility(ws: str) -> None:
    """The ranking read from the departments' tallies is the ranking counted in the store
    from every responsibility (department_counts) and the one counted in Python."""
    from kg.queries import StoreRows
    from kg.questions import department_ranking, rank_departments, responsibility_rows
    from kg.workspace import Workspace

    source = StoreRows(Workspace(ws).open_store())
    tallied = [d.to_dict() for d in department_ranking(source).rows]
    grouped = [dict(department=r["department"], **{k: r[k] for k in ("led", "supported", "responsible", "measures", "policies")})
               for r in source.rows("department_counts", {})]
    python = [d.to_dict() for d in rank_departments(responsibility_rows(source))]
    assert tallied == python
    assert [(d["iri"], d["led"], d["supported"], d["responsible"], d["measures"], d["policies"]) for d in tallied] == \
        [(r["department"], r["led"], r["supported"], r["responsible"], r["measures"], r["policies"]) for r in grouped]


def test_role_rankings_are_kept_and_agree_with_grouping_in_the_store(ws: str) -> None:
    """A ranking by one role reads the places the build keeps (pkg:rankLead …) and gives
    what grouping that role's responsibilities in the store gives, page by page."""
    from kg.queries import StoreRows
    from kg.questions import Page, department_ranking
    from kg.workspace import Workspace

    source = StoreRows(Workspace(ws).open_store())
    for role in ("lead", "support", "responsible"):
        kept = department_ranking(source, role=role, include_groups=True)
        grouped = source.rows("department_counts", {"role": role})
        assert kept.total == len(grouped) > 0
        assert [(d.iri, d.led, d.supported, d.responsible, d.measures, d.policies) for d in kept.rows] == \
            [(r["department"], r["led"], r["supported"], r["responsible"], r["measures"], r["policies"]) for r in grouped]
        page = department_ranking(source, role=role, page=Page(1, 1), include_groups=True)
        assert page.total == kept.total and [d.iri for d in page.rows] == [d.iri for d in kept.rows[1:2]]
        assert department_ranking(source, role=role, page=Page(5, 1000), include_groups=True).total == kept.total


def test_collective_and_class_names_are_left_out_of_rankings_unless_asked(tmp_path: Path) -> None:
    """各区人民政府 (a collective) and 县级以上地方人民政府 (a class) name many bodies at once:
    the rankings leave them out and renumber the rest; --include-collective counts them in."""
    import networkx as nx

    from kg.queries import StoreRows
    from kg.questions import Page, department_ranking
    from kg.workspace import Workspace

    g = nx.MultiDiGraph()
    g.add_node("policy:p", type="Policy", number="沈政发〔2022〕3号", title="关于做好某项工作的通知", stub=False)
    bodies = [("沈阳市各区人民政府", "collective", 4), ("县级以上地方人民政府", "class", 3), ("沈阳市教育局", "government", 2),
              ("沈阳市财政局", "government", 1)]
    for name, kind, n in bodies:
        g.add_node(f"department:{name}", type="Department", name=name, kind=kind)
        for j in range(n):
            g.add_node(f"measure:p/{name}{j}", type="Measure", policy="policy:p", number=str(j), key=f"{name}{j}")
            g.add_edge(f"department:{name}", f"measure:p/{name}{j}", type="LEADS", role="lead")
    ws = Workspace(tmp_path / "ws")
    store_graph(ws, g)
    source = StoreRows(ws.open_store())
    assert [d.name for d in department_ranking(source).rows] == ["沈阳市教育局", "沈阳市财政局"]
    assert [d.name for d in department_ranking(source, include_groups=True).rows] == [name for name, _, _ in bodies]
    assert [d.name for d in department_ranking(source, role="lead", page=Page(1)).rows] == ["沈阳市教育局"]
    assert department_ranking(source, role="lead", page=Page(1)).total == 2
    assert department_ranking(source, region="沈阳市", include_groups=True).total == 3
    assert [d.name for d in department_ranking(source, region="沈阳市").rows] == ["沈阳市教育局", "沈阳市财政局"]
    assert [d.name for d in department_ranking(source, policy=policy_iri_of(source), page=Page(1)).rows] == ["沈阳市教育局"]
    data = as_json("departments", "-w", str(tmp_path / "ws"), "--include-collective", "--role", "lead")
    assert data["total"] == 4 and data["filters"]["include_collective"] is True


def policy_iri_of(source: object) -> str:
    from kg.questions import find_policy

    return find_policy(source, "沈政发〔2022〕3号").iri  # type: ignore[arg-type]


def test_targets_by_year_are_kept_by_the_build(ws: str) -> None:
    """The counts of targets per year the build keeps are those of counting every target."""
    from kg.queries import StoreRows
    from kg.questions import targets, targets_by_year
    from kg.workspace import Workspace

    source = StoreRows(Workspace(ws).open_store())
    every = targets(source)
    counted: dict[str | None, tuple[int, set[str]]] = {}
    for t in every:
        n, policies = counted.get(t.deadline, (0, set()))
        counted[t.deadline] = (n + 1, policies | {t.policy.iri})
    assert every and {(y.deadline, y.targets, y.policies) for y in targets_by_year(source)} == \
        {(k, n, len(p)) for k, (n, p) in counted.items()}


def test_departments_centrality_from_the_co_responsibility_network(ws: str) -> None:
    data = as_json("departments", "-w", ws, "--centrality")
    c = {d["name"]: d for d in data["departments"]}
    # 9 departments; 教育局 shares measures with 人社局, 财政局 and 发改委
    assert c[EDU]["degree"] == 3 and c[EDU]["degree_centrality"] == pytest.approx(3 / 8)
    # 人社局 – 发改委 go through 教育局 or 财政局: half a path each, over (8·7)/2 pairs
    assert c[EDU]["betweenness"] == pytest.approx(0.5 / 28)
    assert c[FIN]["betweenness"] == pytest.approx(0.5 / 28)
    assert c[HR]["betweenness"] == 0 and c[CIV]["betweenness"] == 0
    assert c[Q_EDU]["degree"] == 1 and c[CIV]["degree"] == 2


def test_departments_table_speaks_chinese_by_default_and_english_on_request(ws: str) -> None:
    code, out = kg("departments", "-w", ws, "--centrality")
    assert code == 0, out
    for heading in ("部门任务排名", "牵头", "配合", "政策数", "中介中心性"):
        assert heading in out
    assert out.index(EDU) < out.index(FIN)
    code, out = kg("departments", "-w", ws, "--centrality", "--lang", "en")
    assert code == 0, out
    for heading in ("Departments by measures", "led", "supported", "policies", "betweenness"):
        assert heading in out
    assert "牵头" not in out


def test_departments_limit(ws: str) -> None:
    assert [d["name"] for d in as_json("departments", "-w", ws, "-n", "2")["departments"]] == [EDU, HR]


# --- kg department NAME ------------------------------------------------------------------


def test_department_measures_across_policies_with_role_policy_and_deadline(ws: str) -> None:
    data = as_json("department", EDU, "-w", ws)
    assert data["department"]["name"] == EDU and data["department"]["asked_as"] is None
    rows = [(m["policy"]["number"] or m["policy"]["title"], m["measure"]["number"], m["role"], m["deadline"]) for m in data["measures"]]
    assert rows == [
        ("沈政发〔2021〕14号", "一", "lead", "2023年"),
        ("沈阳市职业教育改革工作清单", "1", "lead", "2025年"),
        ("沈阳市职业教育改革工作清单", "2", "lead", "2022年"),
        ("沈阳市职业教育改革工作清单", "3", "support", "2022年"),
        ("沈阳市职业教育改革工作清单", "4", "lead", "2025年"),
    ]
    assert data["measures"][1]["measure"]["heading"] == "研制新一轮资源整合方案"
    assert data["measures"][1]["policy"]["title"] == "沈阳市职业教育改革工作清单"


def test_department_by_a_unique_alias(ws: str) -> None:
    data = as_json("department", "教育部门", "-w", ws)
    assert data["department"] == {"name": EDU, "iri": data["department"]["iri"], "asked_as": "教育部门"}
    assert len(data["measures"]) == 5
    code, out = kg("department", "教育部门", "-w", ws, "--lang", "en")
    assert code == 0 and "Measures of" in out and "alias" in out and "lead" in out


def test_department_by_the_end_of_one_canonical_name(ws: str) -> None:
    data = as_json("department", "人力资源和社会保障局", "-w", ws)
    assert data["department"]["name"] == HR and data["department"]["asked_as"] == "人力资源和社会保障局"
    assert {m["measure"]["number"] for m in data["measures"]} == {"1", "3", "4"}
    assert as_json("partners", "发展和改革委员会", "-w", ws)["department"]["name"] == DEV
    code, out = kg("department", "人力资源和社会保障局", "-w", ws)
    assert code == 0 and "按全称结尾" in out and "别名" not in out


def test_an_ending_of_several_names_lists_them_all(ws: str) -> None:
    code, out = kg("department", "教育局", "-w", ws)
    assert code == 2 and "多个部门的全称以此结尾" in out and EDU in out and Q_EDU in out
    code, out = kg("department", "市财政局", "-w", ws, "--lang", "en")
    assert code == 2 and "full names end so" in out and FIN in out and Q_FIN in out


def test_a_bare_alias_that_fits_several_lists_them_all(ws: str) -> None:
    """财政局 is an alias of 沈阳市财政局 only, but 庆阳市财政局 ends so too: both are listed."""
    code, out = kg("department", "财政局", "-w", ws)
    assert code == 2 and FIN in out and Q_FIN in out and "多个部门" in out
    assert as_json("department", "教育部门", "-w", ws)["department"]["name"] == EDU  # fits one: found


def test_department_table_in_chinese(ws: str) -> None:
    code, out = kg("department", FIN, "-w", ws)
    assert code == 0, out
    assert "部门任务" in out and "配合" in out and "完成时限" in out and "2025年" in out


def test_an_alias_of_two_departments_asks_for_the_full_name(ws: str) -> None:
    code, out = kg("department", "市教育局", "-w", ws)
    assert code == 2
    assert "市教育局" in out and EDU in out and Q_EDU in out and "多个部门使用该名称" in out


def test_unknown_department_is_named_with_close_matches(ws: str) -> None:
    code, out = kg("department", "沈阳市教育厅", "-w", ws)
    assert code == 2
    assert "沈阳市教育厅" in out and "工作区中未找到部门" in out and EDU in out and "相近的部门" in out
    code, out = kg("partners", "广州民政局", "-w", ws, "--lang", "en")
    assert code == 2 and "广州民政局" in out and CIV in out and "did you mean" in out
    code, out = kg("department", "国家航天局", "-w", ws)
    assert code == 2 and "国家航天局" in out


# --- kg partners NAME ----------------------------------------------------------------------


def test_partners_share_measures_with_weights_and_policies(ws: str) -> None:
    data = as_json("partners", EDU, "-w", ws)
    assert data["department"]["name"] == EDU
    got = [(p["name"], p["shared"], [x["number"] or x["title"] for x in p["policies"]]) for p in data["partners"]]
    assert got == [
        (HR, 3, ["沈阳市职业教育改革工作清单"]),
        (FIN, 3, ["沈阳市职业教育改革工作清单"]),
        (DEV, 1, ["沈政发〔2021〕14号"]),
    ]
    hr = data["partners"][0]
    assert hr["roles"] == {"lead": 1, "support": 2} and len(hr["measures"]) == 3
    assert "communities" not in data


def test_partner_weights_agree_with_the_network(ws: str) -> None:
    from kg.network import partner_weights
    from kg.queries import StoreRows
    from kg.questions import department_network, responsibility_rows

    g = department_network(responsibility_rows(StoreRows(Workspace(ws).open_store())))
    for name in (EDU, FIN, CIV):
        data = as_json("partners", name, "-w", ws)
        assert [(p["name"], p["shared"]) for p in data["partners"]] == partner_weights(g, name)


def test_partners_communities_split_the_two_cities(ws: str) -> None:
    data = as_json("partners", FIN, "-w", ws, "--communities")
    groups = [set(c["members"]) for c in data["communities"]]
    own = data["communities"][data["community"]]
    assert own["contains_department"] and {EDU, HR, FIN, DEV} <= set(own["members"])
    assert not set(own["members"]) & {CIV, HEALTH, INS, Q_EDU}
    assert {CIV, HEALTH, INS} in groups
    assert sum(len(g) for g in groups) == 9
    assert sum(c["contains_department"] for c in data["communities"]) == 1


def test_partners_table_in_chinese_and_english(ws: str) -> None:
    code, out = kg("partners", EDU, "-w", ws, "--communities")
    assert code == 0, out
    assert "协作部门" in out and "共同任务数" in out and "协作群组" in out and HR in out
    code, out = kg("partners", EDU, "-w", ws, "--lang", "en")
    assert code == 0 and "Partners of" in out and "shared measures" in out


def test_a_department_without_partners(ws: str) -> None:
    data = as_json("partners", Q_FIN, "-w", ws)
    assert [p["name"] for p in data["partners"]] == [Q_EDU]
    code, out = kg("partners", Q_EDU, "-w", ws)
    assert code == 0 and Q_FIN in out


# --- kg targets ---------------------------------------------------------------------------


def test_targets_by_deadline_and_policy(ws: str) -> None:
    data = as_json("targets", "-w", ws)
    assert len(data["targets"]) == 4
    assert [t["deadline"] for t in data["targets"]] == ["2022", "2025", "2025", None]
    data = as_json("targets", "-w", ws, "--deadline", "2025")
    assert data["filters"]["deadline"] == "2025"
    assert sorted((t["indicator"], t["value"], t["unit"], t["comparator"]) for t in data["targets"]) == [
        ("双师型教师占比", 50, "%", ">="), ("高职院校", "5-6", "所", "range")]
    checklist = next(t for t in data["targets"] if t["indicator"] == "高职院校")
    assert checklist["measure"] == "1" and checklist["policy"]["title"] == "沈阳市职业教育改革工作清单"
    data = as_json("targets", "-w", ws, "--deadline", "2025年", "--policy", "庆政发〔2021〕13号")
    assert [t["indicator"] for t in data["targets"]] == ["双师型教师占比"]
    assert as_json("targets", "-w", ws, "--deadline", "2030")["targets"] == []


def test_targets_table_and_bad_year(ws: str) -> None:
    code, out = kg("targets", "-w", ws, "--deadline", "2025")
    assert code == 0, out
    assert "量化目标" in out and "≥50%" in out and "5-6所" in out
    code, out = kg("targets", "-w", ws, "--lang", "en")
    assert code == 0 and "Targets" in out and "about 3项" in out
    code, out = kg("targets", "-w", ws, "--deadline", "明年")
    assert code == 2 and "明年" in out


def test_commands_need_a_workspace(tmp_path: Path) -> None:
    for args in (["departments"], ["department", EDU], ["partners", EDU], ["targets"]):
        code, out = kg(*args, "-w", str(tmp_path / "nothing"))
        assert code == 2 and "kg build" in out


def test_unknown_policy_filter_is_an_error(ws: str) -> None:
    code, out = kg("departments", "-w", ws, "--policy", "京政发〔1999〕1号")
    assert code == 2 and "京政发〔1999〕1号" in out


# --- end to end on the seeds (wait on the extraction of measures and responsibilities) -----


def test_seed_checklist_education_bureau_leads_measures(built_workspace: Path) -> None:
    data = as_json("department", "沈阳市教育局", "-w", str(built_workspace))
    checklist = [m for m in data["measures"] if m["policy"]["title"] == "沈阳市职业教育改革工作清单"]
    led = {m["measure"]["number"] for m in checklist if m["role"] == "lead"}
    assert {"1", "2", "3", "4", "5"} <= led
    assert any(m["deadline"] and "2025" in m["deadline"] for m in checklist)


def test_seed_department_names_match_with_either_bracket_width(built_workspace: Path) -> None:
    data = as_json("department", "沈阳市各区、县(市)人民政府", "-w", str(built_workspace))
    assert data["department"]["name"] == "沈阳市各区、县（市）人民政府"
    assert all(m["role"] == "support" for m in data["measures"]) and len(data["measures"]) >= 10


def test_seed_checklist_departments_ranking(built_workspace: Path) -> None:
    data = as_json("departments", "-w", str(built_workspace), "--policy", "沈阳市职业教育改革工作清单")
    ranked = data["departments"]
    assert ranked[0]["name"] == "沈阳市教育局" and ranked[0]["led"] >= 15
    fin = next(d for d in ranked if d["name"] == "沈阳市财政局")
    assert fin["supported"] >= 15


def test_seed_checklist_partners_of_the_education_bureau(built_workspace: Path) -> None:
    data = as_json("partners", "沈阳市教育局", "-w", str(built_workspace))
    names = [p["name"] for p in data["partners"]]
    assert "沈阳市财政局" in names[:5] and "沈阳市人力资源和社会保障局" in names[:5]


def test_seed_targets_due_in_2025(built_workspace: Path) -> None:
    data = as_json("targets", "-w", str(built_workspace), "--deadline", "2025")
    assert any(t["value"] == "5-6" and t["unit"] == "所" for t in data["targets"])


# --- one tie rule for finding a policy ---------------------------------------------------


@pytest.mark.parametrize("text", ["沈政发[2021]14号", "沈阳市职业教育改革工作清单", "职业教育", "养老服务", "庆阳", "没有这样的政策"])
def test_the_commands_and_the_views_pick_the_same_policy(ws: str, text: str) -> None:
    """kg lineage … (the store) and kg view … (the graph) break ties by one rule
    (kg.questions.choose_policy): the same policy, or both ask which."""
    from kg.queries import StoreRows
    from kg.questions import PolicyAmbiguous, PolicyNotFound, find_policy
    from kg.sinks.rdf import node_iri
    from kg.views import PolicyLookupError
    from kg.views import find_policy as find_in_graph

    try:
        from_store: object = find_policy(StoreRows(Workspace(ws).open_store()), text).iri
    except (PolicyAmbiguous, PolicyNotFound) as exc:
        from_store = sorted(p.iri for p in exc.candidates) if isinstance(exc, PolicyAmbiguous) else None
    try:
        from_graph: object = node_iri(find_in_graph(build_graph(synthetic_extractions()), text)).value
    except PolicyLookupError as exc:
        from_graph = sorted(node_iri(n).value for n, _ in exc.candidates) or None
    assert from_store == from_graph


def test_exact_matches_win_then_the_only_document() -> None:
    from kg.questions import PolicyAmbiguous, PolicyRef, choose_policy

    doc, stub = PolicyRef("p:1", "沈政发〔2021〕14号", "实施方案"), PolicyRef("p:2", None, "实施方案", stub=True)
    other = PolicyRef("p:3", None, "实施方案细则")
    assert choose_policy("实施方案", [(other, False), (stub, True)]) is stub  # exact beats partial
    assert choose_policy("实施方案", [(doc, True), (stub, True)]) is doc  # the only document
    with pytest.raises(PolicyAmbiguous) as exc:
        choose_policy("实施", [(doc, False), (other, False)])
    assert [p.iri for p in exc.value.candidates] == ["p:1", "p:3"]
