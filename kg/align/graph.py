"""Take-up edges in the graph: for every implements edge between two documents, the
``TAKES_UP`` edges (local measure -> parent measure) that :func:`kg.align.align` finds, with
their score and provenance (the two passages and their spans, the method).

The resolved graph in memory (:func:`add_take_ups`) reads the measures from its own nodes;
the streaming build (:func:`take_up_quads`) reads them from the cached extractions.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("policy:甲", type="Policy", sha256="a"); g.add_node("policy:乙", type="Policy", sha256="b")
>>> g.add_edge("policy:甲", "policy:乙", type="CITATION", relation="implements")
0
>>> for p, n, t in (("甲", "一", "档案馆应当定期向社会开放档案，期限一般为三十年。"), ("乙", "三", "档案馆应当定期向社会开放档案，开放期限一般为三十年。")):
...     g.add_node(f"measure:{p}/第{n}条", type="Measure", number=n, key=f"第{n}条", text=t, kind="measure", start=0, end=len(t), policy=f"policy:{p}")
>>> add_take_ups(g)
1
>>> [(u, v, d["number_pair"]) for u, v, d in g.edges(data=True) if d["type"] == "TAKES_UP"]
[('measure:甲/第一条', 'measure:乙/第三条', ['一', '三'])]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import networkx as nx

from kg.align.core import Pair, Settings, align
from kg.models import Measure, Span
from kg.schema import EdgeKind, NodeKind, Relation

#: the method a take-up edge states as its provenance
METHOD = "kg.align: weighted character bigrams, best sentence pair"


def measure_node(policy: str, key: str) -> str:
    """The graph id of measure ``key`` of ``policy`` (as :mod:`kg.graph.resolve` names it)."""
    return NodeKind.MEASURE.node(policy.split(":", 1)[1] + "/" + key)


def take_up_attrs(p: Pair, local_policy: str, parent_policy: str) -> dict[str, Any]:
    """The attributes of the TAKES_UP edge of ``p``."""
    return {
        "type": EdgeKind.TAKES_UP.value, "score": p.score, "method": METHOD,
        "local_policy": local_policy, "parent_policy": parent_policy,
        "number_pair": [p.local_number, p.parent_number],
        "local_text": p.local_passage.text, "local_start": p.local_passage.span.start, "local_end": p.local_passage.span.end,
        "parent_text": p.parent_passage.text, "parent_start": p.parent_passage.span.start, "parent_end": p.parent_passage.span.end,
    }


def take_up_edges(local_policy: str, local: Sequence[Measure], parent_policy: str, parent: Sequence[Measure],
                  settings: Settings | None = None) -> list[tuple[str, str, dict[str, Any]]]:
    """(local measure node, parent measure node, attributes) of each pair found."""
    return [(measure_node(local_policy, p.local), measure_node(parent_policy, p.parent), take_up_attrs(p, local_policy, parent_policy))
            for p in align(local, parent, settings)]


def implements_pairs(edges: Iterable[tuple[str, str]], documents: Callable[[str], bool]) -> list[tuple[str, str]]:
    """The (local, parent) policy pairs of implements ``edges`` whose both ends are
    documents (not stubs, not the same policy), each once."""
    return sorted({(u, v) for u, v in edges if u != v and documents(u) and documents(v)})


def graph_measures(g: nx.MultiDiGraph) -> dict[str, list[Measure]]:
    """Policy node -> its measures, rebuilt from the measure nodes of ``g``."""
    out: dict[str, list[Measure]] = {}
    for _node, d in g.nodes(data=True):
        if d.get("type") == NodeKind.MEASURE and d.get("policy") and d.get("text"):
            start = int(d.get("start") or 0)
            out.setdefault(d["policy"], []).append(Measure(
                d["key"], str(d.get("number") or ""), d["text"], Span(start, int(d.get("end") or start + len(d["text"]))),
                None, d.get("kind") or "measure", d.get("heading") or ""))
    return out


def add_take_ups(g: nx.MultiDiGraph, settings: Settings | None = None) -> int:
    """Add the TAKES_UP edges of every implements edge between documents of ``g``; returns
    how many were added."""
    from kg.graph.resolve import as_policy

    implements = [(u, as_policy(g, v)) for u, v, d in g.edges(data=True)  # a law cited as a work: its newest text
                  if d.get("type") == EdgeKind.CITATION and d.get("relation") == Relation.IMPLEMENTS]
    by_policy = graph_measures(g)
    added = 0
    for u, v in implements_pairs(implements, lambda n: n in g and not g.nodes[n].get("stub") and n in by_policy):
        for a, b, attrs in take_up_edges(u, by_policy[u], v, by_policy[v], settings):
            g.add_edge(a, b, key=EdgeKind.TAKES_UP.value, **attrs)
            added += 1
    return added


def take_up_quads(pairs: Sequence[tuple[str, str]], measures_of: Callable[[str], Sequence[Measure]],
                  settings: Settings | None = None) -> Iterator[Any]:
    """The quads of the TAKES_UP edges of the (local, parent) policy ``pairs``;
    ``measures_of(policy)`` gives a document's measures."""
    from kg.sinks.rdf import QuadWriter

    w = QuadWriter(nx.MultiDiGraph())
    cached = lru_cache(maxsize=256)(lambda p: tuple(measures_of(p)))
    for u, v in pairs:
        for a, b, attrs in take_up_edges(u, cached(u), v, cached(v), settings):
            yield from w.edge(a, b, attrs)
