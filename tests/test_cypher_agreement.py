"""Every named query (queries/NAME.rq) and its Cypher twin (queries/NAME.cypher) give the same
answers: the seeds and the corpus (``built_workspace``) loaded into a real Neo4j, each pair run
for several arguments on Neo4j and on the embedded store.

Rows compare order-insensitively, as multisets, column names and order included. Nodes in Neo4j
carry their RDF IRI (``iri``), the stable key the queries return, so IRIs compare as they are;
the aggregated name lists (GROUP_CONCAT, whose order SPARQL leaves open) compare as sorted
lists. Then the questions: ``kg lineage / implementers / uptake / departments / department / partners /
targets`` print the same with ``--neo4j`` as from the workspace.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.queries import QUERIES_DIR, load_query, query_header, run_query
from kg.questions import Zh
from kg.sinks import neo4j as sink
from kg.pipeline import workspace_graph
from kg.workspace import Workspace

pytestmark = pytest.mark.neo4j
runner = CliRunner()
NAMES = sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
PKG = "https://w3id.org/policy-kg/ontology#"
#: aggregated lists: (column, separator)
CONCATENATED = {"leads": "、", "supports": "、", "responsible": "、", "relations": " ", "measures": " "}


def wipe(driver) -> None:  # type: ignore[no-untyped-def]
    labels = " OR ".join(f"n:{label}" for label in sorted(sink.LABELS.values()))
    while driver.execute_query(f"MATCH (n) WHERE {labels} WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n").records[0]["n"]:
        pass


class Both:
    """The embedded store and Neo4j holding the same graph."""

    def __init__(self, store: ox.Store, driver: Any, ws: Path) -> None:
        self.store, self.driver, self.ws = store, driver, ws

    def sparql(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        subs = {k: ox.NamedNode(v[1:-1]) if isinstance(v, str) and v.startswith("<")
                else ox.Literal(v, language="zh") if isinstance(v, Zh) else v for k, v in params.items()}
        return run_query(self.store, load_query(name), subs)

    def cypher(self, name: str, params: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
        bound = {k: v[1:-1] if isinstance(v, str) and v.startswith("<") else str(v) if isinstance(v, Zh) else v
                 for k, v in params.items()}
        return sink.run_cypher(self.driver, sink.load_cypher(f"{name}.cypher")[0], bound)


@pytest.fixture(scope="module")
def both(built_workspace: Path, neo4j_env: dict[str, str]):  # type: ignore[no-untyped-def]
    driver = sink.connect(sink.settings_from(neo4j_env["NEO4J_URI"], neo4j_env["NEO4J_USER"], neo4j_env["NEO4J_PASSWORD"]))
    wipe(driver)
    sink.load_graph(driver, workspace_graph(Workspace(built_workspace)))
    yield Both(Workspace(built_workspace).open_store(), driver, built_workspace)
    driver.close()


def normalised(rows: list[dict[str, Any]]) -> Counter[str]:
    out = []
    for r in rows:
        r = dict(r)
        for col, sep in CONCATENATED.items():
            if isinstance(r.get(col), str) and r[col]:
                r[col] = sep.join(sorted(r[col].split(sep)))
        out.append(json.dumps(r, sort_keys=True, ensure_ascii=False))
    return Counter(out)


# --- the twins ------------------------------------------------------------------------


def rq_parameters(text: str) -> set[str]:
    """The ?names a .rq header lists under "Parameters"."""
    found: set[str] = set()
    on = False
    for line in query_header(text).splitlines():
        low = line.lower()
        if low.startswith(("parameters are", "returns", "binds", "regions", "cited-only", "with ?")):
            on = False
        elif low.startswith("parameters"):
            on = True
        elif on:
            found |= set(re.findall(r"(?:^|\(or\s+)\?([A-Za-z_]\w*)", line.strip()))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_has_a_cypher_twin(name: str) -> None:
    twin = QUERIES_DIR / f"{name}.cypher"
    assert twin.is_file(), f"queries/{name}.cypher is missing"
    text = twin.read_text(encoding="utf-8")
    assert text.startswith(f"// {name} — "), "a header comment like the .rq's"
    assert "Parameters" in text and "Returns" in text
    assert set(sink.cypher_parameters(text)) == rq_parameters(load_query(name))


# --- the same answers -------------------------------------------------------------------


def cases(both: Both) -> list[tuple[str, dict[str, Any]]]:
    """Arguments for every query, several each, taken from the data where they can be."""
    q = both.sparql

    def iri(number: str) -> str:
        return "<" + next(r["policy"] for r in q("find_policy", {"text": number}) if r["number"] == number) + ">"

    lineage_rows = q("lineage", {})
    deepest = Counter(r["policy"] for r in lineage_rows).most_common(1)[0][0]
    implementers_rows = q("implementers", {})
    most_implemented = Counter(r["policy"] for r in implementers_rows).most_common(1)[0][0]
    unnumbered = next(r["policy"] for r in q("find_policy", {"text": "工作清单"}) if r["number"] is None)
    duties = q("department_measures", {})
    busiest = Counter(r["department"] for r in duties if r["match"] == "name").most_common(2)
    shared_alias = Counter(r["name"] for r in {(d["name"], d["department"]): d for d in duties if d["match"] == "alias"}.values())
    alias = shared_alias.most_common(1)[0][0]
    years = Counter(r["deadline"] for r in q("targets", {})).most_common(2)
    with_targets = Counter(r["policy"] for r in q("targets", {})).most_common(1)[0][0]
    regions = Counter(r["policyRegion"] for r in q("policies_by_region", {}) if r["policyRegion"]).most_common(2)
    return [
        ("find_policy", {"text": "沈政发〔2021〕14号"}), ("find_policy", {"text": "职业教育"}),
        ("find_policy", {"text": "国家职业教育改革实施方案"}), ("find_policy", {"text": "没有这样的政策"}), ("find_policy", {}),
        ("policy_by_number", {"text": "沈政发〔2021〕14号"}), ("policy_by_number", {"text": "国发〔2019〕4号"}),
        ("policy_by_number", {"text": "国家职业教育改革实施方案"}), ("policy_by_number", {"text": "X政发〔1999〕1号"}),
        ("lineage", {"number": "沈政发〔2021〕14号"}), ("lineage", {"number": "庆政发〔2021〕13号"}),
        ("lineage", {"policy": f"<{deepest}>"}), ("lineage", {"policy": f"<{unnumbered}>"}), ("lineage", {}),
        ("lineage", {"number": "X政发〔1999〕1号"}), ("lineage", {"number": ""}), ("lineage", {"policy": iri("沈政发〔2021〕14号"), "number": "other"}),
        ("implementers", {"number": "国发〔2019〕4号"}), ("implementers", {"policy": f"<{most_implemented}>"}),
        ("implementers", {"number": "中华人民共和国职业教育法"}), ("implementers", {}), ("implementers", {"number": "X政发〔1999〕1号"}),
        ("implementers", {"number": ""}),
        ("uptake", {"number": "国发〔2019〕4号"}), ("uptake", {"policy": f"<{most_implemented}>"}),
        ("uptake", {"number": "中华人民共和国职业教育法"}), ("uptake", {}), ("uptake", {"number": "X政发〔1999〕1号"}),
        ("measures_of_policy", {"number": "沈政发〔2021〕14号"}), ("measures_of_policy", {"policy": f"<{unnumbered}>"}),
        ("measures_of_policy", {"kind": "section"}), ("measures_of_policy", {"number": "庆政发〔2021〕13号", "kind": "measure"}),
        ("measures_of_policy", {}),
        ("departments", {}), ("departments", {"region": regions[0][0]}), ("departments", {"region": ""}),
        ("departments", {"role": "support"}), ("departments", {"policy": f"<{unnumbered}>", "role": "lead"}),
        ("departments", {"policy": iri("庆政发〔2021〕13号"), "region": regions[1][0]}),
        ("department_measures", {"name": both_name(duties, busiest[0][0])}), ("department_measures", {"name": alias}),
        ("department_measures", {"department": f"<{busiest[1][0]}>"}), ("department_measures", {"name": "没有这个部门"}),
        ("department_measures", {}),
        ("department_names", {}), ("department_names", {"department": f"<{busiest[0][0]}>"}),
        ("partners", {"department": f"<{busiest[0][0]}>"}), ("partners", {"department": f"<{busiest[1][0]}>"}), ("partners", {}),
        ("policies_by_region", {}), ("policies_by_region", {"region": "辽宁省"}), ("policies_by_region", {"region": regions[0][0]}),
        ("policies_by_region", {"level": "city"}), ("policies_by_region", {"level": "省级"}),
        ("policies_by_region", {"region": "辽宁省", "level": "市级"}), ("policies_by_region", {"region": "", "level": ""}),
        ("stub_directives", {}), ("stub_directives", {"relation": "implements"}), ("stub_directives", {"relation": "cites"}),
        ("stub_directives", {"level": "national"}), ("stub_directives", {"level": ""}),
        ("stub_directives", {"relation": "", "level": "province"}),
        ("targets", {}), ("targets", {"deadline": years[0][0]}), ("targets", {"deadline": years[1][0]}),
        ("targets", {"deadline": ""}), ("targets", {"policy": f"<{with_targets}>"}),
        ("targets", {"policy": f"<{with_targets}>", "deadline": "1900"}),
        ("status", {}), ("status", {"policy": iri("穗民规字〔2024〕5号")}), ("status", {"policy": iri("穗民规字〔2025〕2号")}),
        ("status", {"policy": f"<{deepest}>"}),
        ("repealed", {}), ("repealed", {"policy": iri("穗民规字〔2025〕2号")}), ("repealed", {"policy": f"<{unnumbered}>"}),
        ("expiring", {}),
        ("adoption", {"number": "庆政发〔2021〕13号"}), ("adoption", {"parent": iri("国发〔2019〕4号")}), ("adoption", {}),
        ("adoption", {"policy": iri("庆政发〔2021〕13号"), "parent": iri("国发〔2019〕4号")}), ("adoption", {"number": "X政发〔1999〕1号"}),
        ("department_ranking", {}), ("department_ranking", {"after": 0, "upto": 5}), ("department_ranking", {"after": 3, "upto": 9}),
        ("department_count", {}), ("department_count", {}),
        ("department_ranking_region", {"region": Zh("辽宁省")}), ("department_ranking_region", {"region": Zh("沈阳市")}),
        ("department_ranking_region", {"region": Zh("没有这个地区")}),
        ("department_count_region", {"region": Zh("辽宁省")}), ("department_count_region", {"region": Zh("沈阳市")}),
        ("department_ranking_by", {"rankBy": f"<{PKG}rankLead>"}), ("department_ranking_by", {"rankBy": f"<{PKG}rankPositionAll>"}),
        ("department_ranking_by", {"rankBy": f"<{PKG}rankSupportAll>", "after": 2, "upto": 6}),
        ("department_ranking_by", {"rankBy": f"<{PKG}rankResponsible>", "after": 1000}),
        ("department_ranking_region_by", {"rankBy": f"<{PKG}rankLead>", "region": Zh("辽宁省")}),
        ("department_ranking_region_by", {"rankBy": f"<{PKG}rankPositionAll>", "region": Zh("沈阳市")}),
        ("department_ranking_region_by", {"rankBy": f"<{PKG}rankLead>", "region": Zh("没有这个地区")}),
        ("department_count_by", {"rankBy": f"<{PKG}rankSupport>"}), ("department_count_by", {"rankBy": f"<{PKG}rankPositionAll>"}),
        ("department_count_region_by", {"rankBy": f"<{PKG}rankLead>", "region": Zh("辽宁省")}),
        ("department_count_region_by", {"rankBy": f"<{PKG}rankResponsibleAll>", "region": Zh("没有这个地区")}),
        ("department_counts", {}), ("department_counts", {"role": "support"}),
        ("department_counts", {"policy": iri("沈政发〔2021〕14号"), "role": "lead"}),
        ("partner_counts", {"department": f"<{busiest[0][0]}>"}), ("partner_counts", {"department": f"<{busiest[1][0]}>"}),
        ("targets_by_year", {}), ("targets_by_year", {}),
        ("implementers_direct", {"policy": iri("国发〔2019〕4号")}), ("implementers_direct", {"policy": f"<{most_implemented}>"}),
        ("implementers_near", {"policy": iri("国发〔2019〕4号")}), ("implementers_near", {"policy": f"<{most_implemented}>"}),
        ("implementers_count", {"policy": iri("国发〔2019〕4号")}), ("implementers_count", {"policy": f"<{most_implemented}>"}),
        ("implementers_count_in_force", {"policy": iri("国发〔2019〕4号"), "asOf": "2025-01-01"}),
        ("implementers_count_in_force", {"policy": f"<{most_implemented}>", "asOf": "2020-01-01"}),
        ("standing", {"policy": iri("穗民规字〔2024〕5号")}), ("standing", {"policy": iri("穗民规字〔2025〕2号")}),
        ("standing", {"policy": f"<{deepest}>"}),
    ]


def both_name(duties: list[dict[str, Any]], department: str) -> str:
    return next(d["label"] for d in duties if d["department"] == department)


def test_every_named_query_gives_the_same_rows_on_both(both: Both) -> None:
    checked: Counter[str] = Counter()
    failures = []
    for name, params in cases(both):
        expected = both.sparql(name, params)
        keys, got = both.cypher(name, params)
        if expected:
            assert keys == list(expected[0]), f"{name}: columns {keys} ≠ {list(expected[0])}"
        if normalised(got) != normalised(expected):
            only_sparql = list((normalised(expected) - normalised(got)).elements())[:2]
            only_cypher = list((normalised(got) - normalised(expected)).elements())[:2]
            failures.append(f"{name} {params}: {len(expected)} rows vs {len(got)}\n  SPARQL only: {only_sparql}\n  Cypher only: {only_cypher}")
        checked[name] += bool(expected)
    assert not failures, "\n".join(failures)
    # every query was compared on answers that are not empty, several times (once for a
    # query without parameters)
    assert all(checked[n] >= (2 if rq_parameters(load_query(n)) else 1) for n in NAMES), checked


def test_order_where_the_query_orders(both: Both) -> None:
    """Where the SPARQL orders its rows, the twin orders them the same way (ties apart)."""
    for name, params, key in (("targets", {}, ("deadline",)), ("stub_directives", {}, ("citedBy", "implementedBy", "citations")),
                              ("measures_of_policy", {"number": "沈政发〔2021〕14号"}, ("policy", "start")),
                              ("adoption", {"number": "庆政发〔2021〕13号"}, ("measureStart",))):
        expected = [tuple(r[k] for k in key) for r in both.sparql(name, params)]
        got = [tuple(r[k] for k in key) for r in both.cypher(name, params)[1]]
        assert got == expected, name
    first = both.sparql("find_policy", {"text": "职业教育"})
    got = both.cypher("find_policy", {"text": "职业教育"})[1]
    assert [(r["exact"], r["stub"]) for r in got] == [(r["exact"], r["stub"]) for r in first]


# --- the questions: same output -------------------------------------------------------

QUESTIONS = [
    ["lineage", "沈政发〔2021〕14号"], ["lineage", "庆政发〔2021〕13号", "--json"], ["lineage", "沈阳市职业教育改革工作清单"],
    ["implementers", "国发〔2019〕4号"], ["implementers", "中华人民共和国职业教育法", "--json"], ["implementers", "国发〔2019〕4号", "--lang", "en"],
    ["lineage", "没有这样的政策"],
    ["uptake", "国发〔2019〕4号"], ["uptake", "中华人民共和国职业教育法", "--by", "city", "--json"], ["uptake", "国发〔2019〕4号", "--by", "level"],
    ["departments"], ["departments", "--role", "lead", "--region", "沈阳市"], ["departments", "--centrality", "--json"],
    ["departments", "--policy", "沈阳市职业教育改革工作清单", "--json"],
    ["department", "沈阳市教育局"], ["department", "沈阳市教育局", "--json"], ["department", "市教育局"], ["department", "教育"],
    ["partners", "沈阳市教育局"], ["partners", "沈阳市财政局", "--communities", "--json"],
    ["targets"], ["targets", "--deadline", "2025", "--json"], ["targets", "--policy", "沈政发〔2021〕14号"],
    ["status", "穗民规字〔2024〕5号", "--as-of", "2025-07-01"], ["status", "穗民规字〔2025〕2号", "--as-of", "2026-07-01", "--json"],
    ["expiring", "--before", "2030-01-01"], ["implementers", "国发〔2019〕4号", "--in-force", "--as-of", "2025-01-01"],
    ["lineage", "沈政发〔2021〕14号", "--in-force", "--json"],
    ["adoption", "庆政发〔2021〕13号", "--json"], ["adoption", "庆政发〔2021〕13号", "--parent", "国发〔2019〕4号"],
    ["targets", "--by-year"], ["departments", "--region", "辽宁省", "-n", "5", "--offset", "3"],
    ["implementers", "国发〔2019〕4号", "-n", "1"], ["partners", "沈阳市教育局", "-n", "2", "--json"],
]


@pytest.mark.parametrize("args", QUESTIONS, ids=lambda a: " ".join(a))
def test_questions_answer_the_same_from_neo4j(both: Both, neo4j_env: dict[str, str], args: list[str]) -> None:
    embedded = runner.invoke(app, [*args, "-w", str(both.ws)])
    from_neo4j = runner.invoke(app, [*args, "--neo4j"], env=neo4j_env)
    assert (from_neo4j.exit_code, from_neo4j.output) == (embedded.exit_code, embedded.output)
    assert embedded.exit_code in (0, 2) and "Traceback" not in embedded.output


def test_a_page_of_direct_implementers_is_the_same_on_both(both: Both) -> None:
    """implementers_direct sorts its implementers as `kg implementers` lists them, so a page
    of it (LIMIT/OFFSET in the SPARQL's subquery, SKIP/LIMIT in the Cypher) is cut from the
    same order on both stores: the whole answer's first rows in that order."""
    from kg.queries import paged_query
    from kg.questions import Page
    from kg.schema import level_rank

    direct = Counter(r["parent"] for r in both.sparql("implementers", {}) if r["parent"] == r["policy"])
    directive = {"policy": f"<{direct.most_common(1)[0][0]}>"}
    every = both.sparql("implementers_direct", directive)
    assert len(every) >= 2
    order = sorted(every, key=lambda r: (level_rank(r["childLevel"]), r["childNumber"] or "", r["childTitle"] or "", r["child"]))
    subs = {"policy": ox.NamedNode(directive["policy"][1:-1])}
    bound = {"policy": directive["policy"][1:-1]}
    for page in (Page(1), Page(1, 1), Page(len(every) + 3)):
        sparql = [r["child"] for r in run_query(both.store, paged_query(load_query("implementers_direct"), page), subs)]
        cypher = [r["child"] for r in sink.run_cypher(both.driver, sink.paged_cypher(sink.load_cypher("implementers_direct.cypher")[0], page), bound)[1]]
        want = [r["child"] for r in order[page.offset:page.offset + page.limit]]
        assert sorted(sparql) == sorted(cypher) == sorted(want), page
