"""kg sparql and kg queries on the embedded store: named queries with bound parameters, ad
hoc queries, output formats, and parameters that try to break out of their literal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.queries import QUERIES_DIR, load_query, query_header, run_query, to_term
from kg.sinks.rdf import policy_iri
from kg.sinks.remote import substitute
from kg.workspace import Workspace

runner = CliRunner()
EVIL = '"} ; DROP ALL ; #'


def kg(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def rows_of(ws: Path, *args: str) -> list[dict[str, Any]]:
    code, out = kg("sparql", *args, "-w", str(ws), "--format", "json")
    assert code == 0, out
    return json.loads(out)


@pytest.fixture(scope="module")
def store(built_workspace: Path):  # type: ignore[no-untyped-def]
    return Workspace(built_workspace).open_store()


# --- the named queries -----------------------------------------------------------------


def test_every_named_query_says_what_it_answers_and_its_parameters() -> None:
    files = sorted(QUERIES_DIR.glob("*.rq"))
    assert {"lineage", "implementers", "policies_by_region", "measures_of_policy", "stub_directives"} <= {f.stem for f in files}
    for f in files:
        header = query_header(f.read_text(encoding="utf-8"))
        assert header.startswith(f.stem + " — "), f
        assert "Parameters" in header and "Returns" in header, f


def test_kg_queries_lists_them_with_their_parameters() -> None:
    code, out = kg("queries", "--json")
    assert code == 0, out
    found = {q["name"]: q for q in json.loads(out)}
    assert found["policies_by_region"]["parameters"] == ["region", "level"]
    assert found["measures_of_policy"]["parameters"] == ["number", "policy", "kind"]
    assert found["lineage"]["parameters"] == ["number", "policy"]
    code, out = kg("queries")
    assert code == 0 and "命名查询" in out and "stub_directives" in out
    code, out = kg("queries", "lineage")
    assert code == 0 and "Parameters" in out and "?number" in out


def test_lineage_by_name_by_file_and_with_any_bracket_form(built_workspace: Path) -> None:
    by_name = rows_of(built_workspace, "lineage", "--param", "number=沈政发〔2021〕14号")
    by_file = rows_of(built_workspace, str(QUERIES_DIR / "lineage.rq"), "--param", "number=沈政发〔2021〕14号")
    brackets = rows_of(built_workspace, "queries/lineage.rq", "-p", "number=沈政发[2021]14号")
    assert by_name == by_file == brackets
    assert [r["parentNumber"] for r in by_name] == ["辽政发〔2021〕2号"]


def test_implementers_of_the_national_directive(built_workspace: Path) -> None:
    rows = rows_of(built_workspace, "implementers", "--param", "number=国发〔2019〕4号")
    assert {"锡教发〔2020〕86号", "庆政发〔2021〕13号"} <= {r["childNumber"] for r in rows}


def test_policies_by_region_include_the_regions_within_and_filter_by_level(built_workspace: Path) -> None:
    liaoning = rows_of(built_workspace, "policies_by_region", "-p", "region=辽宁省")
    numbers = {r["number"] for r in liaoning}
    assert {"沈政发〔2021〕14号", "辽政发〔2021〕2号"} <= numbers  # a city of the province, and the province
    assert {r["policyRegion"] for r in liaoning} <= {"辽宁省", "沈阳市"}
    city = rows_of(built_workspace, "policies_by_region", "-p", "region=辽宁省", "-p", "level=city")
    assert city and {r["policyLevel"] for r in city} == {"city"}
    assert rows_of(built_workspace, "policies_by_region", "-p", "region=辽宁省", "-p", "level=市级") == [
        dict(r, level="市级") for r in city]
    national = rows_of(built_workspace, "policies_by_region", "-p", "level=national")
    assert "国发〔2019〕4号" in {r["number"] for r in national} and {r["policyRegion"] for r in national} == {None}
    everything = rows_of(built_workspace, "policies_by_region")
    assert len(everything) == len({r["policy"] for r in everything})  # one row per policy
    assert rows_of(built_workspace, "policies_by_region", "-p", "region=火星") == []


def test_measures_of_a_policy_in_document_order_with_their_departments(built_workspace: Path) -> None:
    rows = rows_of(built_workspace, "measures_of_policy", "-p", "number=沈政发〔2021〕14号")
    assert len(rows) > 10
    assert {r["number"] for r in rows} == {"沈政发〔2021〕14号"}
    starts = [r["start"] for r in rows]
    assert starts == sorted(starts)
    assert rows[0]["kind"] == "section"
    assert any(r["leads"] for r in rows)
    led = next(r for r in rows if r["leads"])
    assert "局" in led["leads"] or "委" in led["leads"] or "府" in led["leads"]
    sections = rows_of(built_workspace, "measures_of_policy", "-p", "number=沈政发〔2021〕14号", "-p", "kind=section")
    assert sections and {r["kind"] for r in sections} == {"section"} and len(sections) < len(rows)
    assert rows_of(built_workspace, "measures_of_policy", "-p", "number=京政发〔1999〕1号") == []


def test_stub_directives_most_cited_first(built_workspace: Path) -> None:
    rows = rows_of(built_workspace, "stub_directives")
    assert rows
    cited_by = [r["citedBy"] for r in rows]
    assert cited_by == sorted(cited_by, reverse=True)
    assert all(r["citedBy"] >= r["implementedBy"] for r in rows)
    implemented = rows_of(built_workspace, "stub_directives", "-p", "relation=implements")
    assert implemented and all(r["relations"] == "implements" for r in implemented)
    assert "辽政发〔2021〕2号" in {r["number"] for r in implemented}


# --- ad hoc queries and output formats --------------------------------------------------


def test_ad_hoc_query_and_the_three_output_formats(built_workspace: Path) -> None:
    q = "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?p ?title WHERE { ?p eli:id_local ?number ; eli:title ?title }"
    rows = rows_of(built_workspace, q.replace("SELECT ?p", "SELECT ?number ?p"), "-p", "number=国发〔2019〕4号")
    assert [r["title"] for r in rows] == ["国家职业教育改革实施方案"]
    code, out = kg("sparql", q, "-w", str(built_workspace), "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert table and set(table[0]) == {"p", "title"}
    assert "国家职业教育改革实施方案" in {r["title"] for r in table}
    code, out = kg("sparql", "lineage", "-p", "number=沈政发〔2021〕14号", "-w", str(built_workspace))
    assert code == 0 and "lineage" in out and "辽政发〔2021〕2号" in out  # a table, in Chinese
    assert "id:policy/" in out and "%E" not in out  # IRIs shortened and readable


def test_ask_and_construct(built_workspace: Path) -> None:
    rows = rows_of(built_workspace, "ASK { ?p <http://data.europa.eu/eli/ontology#id_local> \"国发〔2019〕4号\" }")
    assert rows == [{"result": True}]
    rows = rows_of(built_workspace, "CONSTRUCT { ?p a ?t } WHERE { ?p <http://data.europa.eu/eli/ontology#id_local> \"国发〔2019〕4号\" ; a ?t }")
    assert {r["object"] for r in rows} == {"https://w3id.org/policy-kg/ontology#Policy"}


def test_clear_errors(built_workspace: Path) -> None:
    code, out = kg("sparql", "no_such_query", "-w", str(built_workspace))
    assert code == 2 and "lineage" in out  # the named queries are listed
    code, out = kg("sparql", "SELECT ?x WHERE {", "-w", str(built_workspace))
    assert code == 2 and "parse" in out
    code, out = kg("sparql", "lineage", "-p", "nonsense", "-w", str(built_workspace))
    assert code == 2 and "NAME=VALUE" in out
    code, out = kg("sparql", "lineage", "-p", "colour=red", "-w", str(built_workspace))
    assert code == 2 and "SELECT" in out  # a parameter must be a selected variable
    code, out = kg("sparql", "lineage", "-p", "policy=<no-scheme>", "-w", str(built_workspace))
    assert code == 2 and "IRI" in out
    code, out = kg("sparql", "lineage", "-w", str(built_workspace.parent / "nothing"))
    assert code == 2 and "kg build" in out


# --- parameters are literals -------------------------------------------------------------


def test_a_parameter_that_tries_to_escape_is_just_a_literal(built_workspace: Path, store) -> None:  # type: ignore[no-untyped-def]
    before = len(store)
    assert rows_of(built_workspace, "find_policy", "-p", f"text={EVIL}") == []
    # lineage.rq's ?number is OPTIONAL: an unknown number answers as any unknown one does
    unknown = [{k: v for k, v in r.items() if k != "number"} for r in rows_of(built_workspace, "lineage", "-p", "number=none")]
    evil = rows_of(built_workspace, "lineage", "-p", f"number={EVIL}")
    assert [{k: v for k, v in r.items() if k != "number"} for r in evil] == unknown
    assert {r["number"] for r in evil} <= {EVIL}
    echo = rows_of(built_workspace, "SELECT ?t WHERE { }", "-p", f"t={EVIL}")
    assert echo == [{"t": EVIL}]
    assert len(Workspace(built_workspace).open_store()) == before


def test_remote_binding_writes_terms_not_text() -> None:
    text = substitute("SELECT ?t WHERE { ?s ?p ?t }", {"t": to_term(EVIL)})
    assert text.count("DROP ALL") == 2 and '"\\"} ; DROP ALL ; #"' in text
    for bad in ("x", 42, None):
        with pytest.raises(TypeError):
            substitute("SELECT ?t WHERE { ?s ?p ?t }", {"t": bad})  # type: ignore[dict-item]
    with pytest.raises(Exception):
        substitute("SELECT ?t WHERE { ?s ?p ?t }", {"t } DROP ALL": to_term("x")})


PARAMS: list[tuple[str, dict[str, Any]]] = [
    ("lineage", {"number": "沈政发〔2021〕14号"}),
    ("lineage", {"number": EVIL}),
    ("implementers", {"number": "国发〔2019〕4号"}),
    ("find_policy", {"text": "职业教育"}),
    ("find_policy", {"text": EVIL}),
    ("policies_by_region", {"region": "辽宁省", "level": "city"}),
    ("policies_by_region", {}),
    ("measures_of_policy", {"number": "沈政发〔2021〕14号"}),
    ("measures_of_policy", {"number": "沈政发〔2021〕14号", "kind": "section"}),
    ("stub_directives", {"relation": "implements"}),
    ("stub_directives", {}),
]


def _same(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    key = lambda r: json.dumps(r, sort_keys=True, default=str, ensure_ascii=False)  # noqa: E731
    return sorted(map(key, a)) == sorted(map(key, b))


@pytest.mark.parametrize("name,params", PARAMS, ids=[f"{n}-{'-'.join(p) or 'none'}" for n, p in PARAMS])
def test_remote_substitution_answers_as_the_store_does(name: str, params: dict[str, Any], store) -> None:  # type: ignore[no-untyped-def]
    """The text substitution used for remote servers, run on the embedded store, gives the
    embedded store's own answers (the same check runs against a server in
    test_remote_endpoint.py)."""
    q = load_query(name)
    direct = run_query(store, q, params)
    substituted = run_query(store, substitute(q, {k: to_term(v) for k, v in params.items()}))
    assert _same(direct, substituted)


def test_every_named_query_substitutes_its_parameters(store) -> None:  # type: ignore[no-untyped-def]
    """Each parameter a named query declares can be bound for a remote server: the query
    still parses and answers as the store does."""
    from kg.commands.rdf import named_queries

    for q in named_queries():
        text = load_query(q["name"])
        for p in q["parameters"]:
            value = policy_iri("沈政发〔2021〕14号") if p in ("policy",) else to_term("沈阳市" if p != "number" else "沈政发〔2021〕14号")
            if p == "department":
                continue  # an IRI of a department: covered by test_remote_endpoint
            if p == "rankBy":  # a property: one of the rankings the build keeps
                value = to_term("<https://w3id.org/policy-kg/ontology#rankLead>")
            direct = run_query(store, text, {p: value})
            assert _same(direct, run_query(store, substitute(text, {p: value}))), (q["name"], p)


def test_a_table_leaves_out_columns_without_a_value_and_csv_keeps_them(capsys: pytest.CaptureFixture[str]) -> None:
    from kg.commands.rdf import print_rows

    rows = [{"child": "甲", "parent": "乙", "parentExpires": None}, {"child": "丙", "parent": "丁", "parentExpires": None}]
    print_rows(rows, "table")
    table = capsys.readouterr().out
    assert "parent" in table and "parentExpires" not in table
    print_rows(rows, "csv")
    assert capsys.readouterr().out.splitlines()[0] == "child,parent,parentExpires"
