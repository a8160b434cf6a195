"""The co-responsibility network of departments, measured with networkx.

Two departments are linked when they share a measure (one leads and the other supports it,
or both are named responsible for it); the weight of the link is the number of distinct
measures they share. The network is the weighted projection of the bipartite
department–measure graph onto the departments, so a department that shares nothing is
still a node (isolated).

>>> g = co_responsibility_graph([("教育局", "m1"), ("财政局", "m1"), ("教育局", "m2"), ("财政局", "m2"), ("民政局", "m3")])
>>> sorted(g.nodes)
['教育局', '民政局', '财政局']
>>> g["教育局"]["财政局"]["weight"]
2
>>> centrality(g)["教育局"]["degree"]
1
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
from networkx.algorithms import bipartite

#: the seed of Louvain community detection, so that the same graph always splits the same way
SEED = 42


def co_responsibility_graph(
    assignments: Iterable[tuple[str, str]],
    policy_of: Mapping[str, str] | None = None,
) -> nx.Graph:
    """Departments as nodes, an edge between two departments that share a measure.

    ``assignments`` are ``(department, measure)`` pairs (one per responsibility; repeats and
    the role do not matter). Edge attributes: ``weight`` (number of distinct measures the
    two share), ``measures`` (those measures, sorted) and, when ``policy_of`` maps a measure
    to its policy, ``policies`` (the policies of the shared measures, sorted).

    >>> g = co_responsibility_graph(
    ...     [("A", "m1"), ("B", "m1"), ("C", "m1"), ("A", "m2"), ("B", "m2"), ("A", "m2")],
    ...     policy_of={"m1": "p1", "m2": "p2"})
    >>> sorted((u, v, d["weight"]) for u, v, d in g.edges(data=True))
    [('A', 'B', 2), ('A', 'C', 1), ('B', 'C', 1)]
    >>> g["A"]["B"]["measures"], g["A"]["B"]["policies"]
    (['m1', 'm2'], ['p1', 'p2'])
    >>> co_responsibility_graph([]).number_of_nodes()
    0
    """
    pairs = sorted(set(assignments))
    if not pairs:
        return nx.Graph()
    b = nx.Graph()
    # tagged nodes keep departments and measures apart whatever their names
    departments = sorted({("department", d) for d, _ in pairs})
    b.add_nodes_from(departments, bipartite=0)
    b.add_nodes_from(sorted({("measure", m) for _, m in pairs}), bipartite=1)
    b.add_edges_from((("department", d), ("measure", m)) for d, m in pairs)
    projected = bipartite.weighted_projected_graph(b, departments)
    for u, v, d in projected.edges(data=True):
        shared = sorted(m for _, m in nx.common_neighbors(b, u, v))
        d["measures"] = shared
        if policy_of is not None:
            d["policies"] = sorted({policy_of[m] for m in shared if m in policy_of})
    g = nx.Graph()
    # sorted insertion: the same assignments always give the same graph (and communities)
    g.add_nodes_from(sorted(n for _, n in departments))
    edges = ((min(u[1], v[1]), max(u[1], v[1]), d) for u, v, d in projected.edges(data=True))
    g.add_edges_from(sorted(edges, key=lambda e: (e[0], e[1])))
    return g


#: networks with more departments than this get sampled betweenness (exact is O(n·m))
EXACT_BETWEENNESS_MAX = 2000
#: the number of source departments the sampled betweenness starts from
BETWEENNESS_SAMPLES = 500


@dataclass(frozen=True)
class BetweennessMethod:
    """How betweenness was computed: exactly, or from ``k`` sampled sources (seeded)."""

    exact: bool
    nodes: int
    k: int | None = None
    seed: int | None = None

    def describe(self) -> str:
        """One line for the reader.

        >>> BetweennessMethod(False, 40000, 500, 42).describe()
        'betweenness sampled from 500 of 40000 departments (seed 42; exact up to 2000)'
        >>> BetweennessMethod(True, 12).describe()
        'betweenness exact over 12 departments'
        """
        if self.exact:
            return f"betweenness exact over {self.nodes} departments"
        return (f"betweenness sampled from {self.k} of {self.nodes} departments "
                f"(seed {self.seed}; exact up to {EXACT_BETWEENNESS_MAX})")


def betweenness_method(g: nx.Graph, exact_max: int = EXACT_BETWEENNESS_MAX, samples: int = BETWEENNESS_SAMPLES,
                       seed: int = SEED) -> BetweennessMethod:
    """Exact betweenness up to ``exact_max`` departments, above that networkx's estimate from
    ``samples`` source departments drawn with ``seed`` (the same graph gives the same values).

    >>> betweenness_method(nx.path_graph(10), exact_max=5, samples=3).k
    3
    >>> betweenness_method(nx.path_graph(4)).exact
    True
    """
    n = g.number_of_nodes()
    if n <= exact_max or samples >= n:
        return BetweennessMethod(True, n)
    return BetweennessMethod(False, n, samples, seed)


def centrality(g: nx.Graph, method: BetweennessMethod | None = None) -> dict[str, dict[str, Any]]:
    """Per department: ``degree`` (number of partners), ``strength`` (sum of the weights:
    shared measure links), ``degree_centrality`` (degree / (n - 1)) and ``betweenness``
    (normalised betweenness centrality, counting hops: weights are tie strengths, not
    distances, so they are not used as path lengths), exact or sampled as ``method`` (by
    default :func:`betweenness_method`) says.

    A chain A – B – C: B is on the only path between A and C.

    >>> c = centrality(nx.Graph([("A", "B"), ("B", "C")]))
    >>> c["B"]["betweenness"], c["A"]["betweenness"], c["B"]["degree_centrality"]
    (1.0, 0.0, 1.0)
    >>> centrality(nx.Graph())
    {}

    Sampled from 3 of 10 sources with a seed, the values are the same every time:

    >>> g = nx.path_graph(10)
    >>> m = betweenness_method(g, exact_max=5, samples=3)
    >>> centrality(g, m) == centrality(g, m)
    True
    """
    if g.number_of_nodes() == 0:
        return {}
    method = method or betweenness_method(g)
    degree = nx.degree_centrality(g) if g.number_of_nodes() > 1 else {n: 0.0 for n in g}
    if method.exact:
        between = nx.betweenness_centrality(g, normalized=True)
    else:
        between = nx.betweenness_centrality(g, k=method.k, normalized=True, seed=method.seed)
    return {
        n: {
            "degree": g.degree(n),
            "strength": g.degree(n, weight="weight"),
            "degree_centrality": degree[n],
            "betweenness": between[n],
        }
        for n in g.nodes
    }


def communities(g: nx.Graph, seed: int = SEED) -> list[list[str]]:
    """Groups of departments that work together: Louvain communities on the weighted
    network with a fixed ``seed``, largest first, each sorted by name. Isolated
    departments are groups of one.

    Two triangles joined by a single weak link split into the two triangles:

    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([("A", "B", 3), ("B", "C", 3), ("A", "C", 3),
    ...                            ("D", "E", 3), ("E", "F", 3), ("D", "F", 3), ("C", "D", 1)])
    >>> communities(g)
    [['A', 'B', 'C'], ['D', 'E', 'F']]
    """
    if g.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(g, weight="weight", seed=seed)
    groups = [sorted(c) for c in found]
    groups.sort(key=lambda c: (-len(c), c[0]))
    return groups


def community_of(groups: list[list[str]], department: str) -> int | None:
    """Index of the group that holds ``department`` (``None`` when no group does).

    >>> community_of([["A", "B"], ["C"]], "C")
    1
    """
    return next((i for i, members in enumerate(groups) if department in members), None)


def partner_weights(g: nx.Graph, department: str) -> list[tuple[str, int]]:
    """The partners of ``department`` with the number of measures each shares with it,
    most shared first (then by name).

    >>> g = co_responsibility_graph([("A", "m1"), ("B", "m1"), ("A", "m2"), ("B", "m2"), ("C", "m2")])
    >>> partner_weights(g, "A")
    [('B', 2), ('C', 1)]
    """
    if department not in g:
        return []
    return sorted(((p, g[department][p]["weight"]) for p in g.neighbors(department)), key=lambda x: (-x[1], x[0]))
