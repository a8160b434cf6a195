"""The questions (kg.questions) give the same answers whatever holds the graph: here the
embedded store and a SPARQL 1.1 server holding the same graph (the Oxigraph server of
test_remote_endpoint.py); tests/test_cypher_agreement.py compares Neo4j the same way through
the commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg import questions as q
from kg.queries import EndpointRows, StoreRows
from kg.sinks.rdf import KG_GRAPH
from kg.sinks.remote import Endpoint
from kg.workspace import Workspace
from tests.test_remote_endpoint import pushed, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.endpoint


def _answers(source: q.Rows) -> dict[str, Any]:
    county = q.find_policy(source, "沈政发[2021]14号")
    national = q.find_policy(source, "国发〔2019〕4号")
    edu, measures = q.department(source, "沈阳市教育局")
    return {
        "policy": county,
        "lineage": q.lineage(source, county).to_dict(),
        "implementers": [i.to_dict() for i in q.implementers(source, national)],
        "departments": [d.to_dict(True) for d in q.departments(source, with_centrality=True)],
        "region": [d.name for d in q.departments(source, region="沈阳市")],
        "department": (edu, [m.to_dict() for m in measures]),
        "partners": [p.to_dict() for p in q.partners(source, edu)],
        "targets": [t.to_dict() for t in q.targets(source, deadline="2025")],
    }


def test_questions_answer_the_same_from_a_sparql_endpoint(pushed: Endpoint, built_workspace: Path) -> None:  # noqa: F811
    embedded = _answers(StoreRows(Workspace(built_workspace).open_store()))
    remote = _answers(EndpointRows(pushed, KG_GRAPH))
    assert embedded["lineage"]["children"] and embedded["implementers"] and embedded["partners"]
    for key in embedded:
        assert remote[key] == embedded[key], key
