"""kg.network: the co-responsibility network of departments and its measures (networkx)."""

from __future__ import annotations

import doctest

import networkx as nx
import pytest

import kg.commands.questions
import kg.questions
import kg.network
from kg.network import centrality, co_responsibility_graph, communities, community_of, partner_weights

# two working groups of three departments; 丙 and 丁 meet on one measure only
ASSIGNMENTS = [
    *[(d, m) for m in ("a1", "a2", "a3") for d in ("甲", "乙", "丙")],
    *[(d, m) for m in ("b1", "b2", "b3") for d in ("丁", "戊", "己")],
    ("丙", "bridge"), ("丁", "bridge"),
    ("庚", "alone"),
]


def test_doctests_of_the_network_and_question_functions() -> None:
    for module in (kg.network, kg.questions, kg.commands.questions):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_edge_weight_is_the_number_of_shared_measures() -> None:
    g = co_responsibility_graph(ASSIGNMENTS, policy_of={"a1": "P", "a2": "P", "a3": "Q", "bridge": "R"})
    assert g.number_of_nodes() == 7 and g.number_of_edges() == 7
    assert g["甲"]["乙"]["weight"] == 3 and g["丙"]["丁"]["weight"] == 1
    assert g["甲"]["乙"]["measures"] == ["a1", "a2", "a3"]
    assert g["甲"]["乙"]["policies"] == ["P", "Q"] and g["丙"]["丁"]["policies"] == ["R"]
    assert "庚" in g and g.degree("庚") == 0
    assert not g.has_edge("甲", "丁")


def test_repeated_assignments_and_roles_do_not_double_count() -> None:
    g = co_responsibility_graph([("甲", "m"), ("甲", "m"), ("乙", "m"), ("乙", "m")])
    assert g["甲"]["乙"]["weight"] == 1


def test_a_department_and_a_measure_with_the_same_name_stay_apart() -> None:
    g = co_responsibility_graph([("x", "x"), ("y", "x")])
    assert sorted(g.nodes) == ["x", "y"] and g["x"]["y"]["weight"] == 1


def test_centrality_of_the_bridge_departments() -> None:
    c = centrality(co_responsibility_graph(ASSIGNMENTS))
    # 7 nodes: degree centrality = degree / 6; betweenness normalised by (6·5)/2 = 15 pairs
    assert c["丙"]["degree"] == 3 and c["丙"]["degree_centrality"] == pytest.approx(3 / 6)
    assert c["甲"]["degree_centrality"] == pytest.approx(2 / 6)
    # 丙 lies on every shortest path from 甲 or 乙 to 丁, 戊 or 己 (6 pairs); 丁 likewise
    assert c["丙"]["betweenness"] == pytest.approx(6 / 15)
    assert c["丁"]["betweenness"] == pytest.approx(6 / 15)
    assert c["甲"]["betweenness"] == 0 and c["庚"]["betweenness"] == 0
    assert c["甲"]["strength"] == 6 and c["丙"]["strength"] == 7


def test_centrality_agrees_with_networkx() -> None:
    g = co_responsibility_graph(ASSIGNMENTS)
    c = centrality(g)
    assert {n: v["betweenness"] for n, v in c.items()} == pytest.approx(nx.betweenness_centrality(g))


def test_communities_split_the_two_working_groups() -> None:
    groups = communities(co_responsibility_graph(ASSIGNMENTS))
    assert {frozenset(g) for g in groups} == {frozenset("甲乙丙"), frozenset("丁戊己"), frozenset("庚")}
    # largest first, then by first name; members sorted
    assert groups == [["丁", "己", "戊"], ["丙", "乙", "甲"], ["庚"]]
    assert community_of(groups, "戊") == community_of(groups, "丁") != community_of(groups, "甲")
    assert community_of(groups, "无") is None


def test_communities_are_stable_across_runs() -> None:
    g = co_responsibility_graph(ASSIGNMENTS)
    assert all(communities(g) == communities(g) for _ in range(5))


def test_partner_weights_most_shared_first() -> None:
    g = co_responsibility_graph(ASSIGNMENTS)
    assert partner_weights(g, "丙") == [("乙", 3), ("甲", 3), ("丁", 1)]
    assert partner_weights(g, "庚") == [] and partner_weights(g, "无") == []


def test_empty_network() -> None:
    g = co_responsibility_graph([])
    assert g.number_of_nodes() == 0 and centrality(g) == {} and communities(g) == []
