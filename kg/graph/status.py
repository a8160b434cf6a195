"""The standing of a policy of the resolved networkx graph on a day (the views' side of
:func:`kg.questions.standing`): its own dates, the documents that repeal it (REPEALS edges,
from the repealing document's effective date, else its date) and a newer version of its work.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("policy:a", effective="2019-01-01"); g.add_node("policy:b", effective="2021-03-01"); g.add_node("policy:c", date="2023-01-01")
>>> _ = g.add_edge("policy:b", "policy:a", type="REPEALS"); _ = g.add_edge("policy:c", "policy:b", type="REPEALS")
>>> graph_standing(g, "policy:a", "2022-01-01").to_dict("zh")
{'status': 'repealed', 'label': '已废止', 'since': '2021-03-01', 'by': 'policy:b'}
>>> replacement_chain(g, "policy:a")
['policy:a', 'policy:b', 'policy:c']
"""

from __future__ import annotations

import networkx as nx

from kg.questions import Standing, standing
from kg.schema import EdgeKind


def _since(g: nx.MultiDiGraph, node: str) -> str | None:
    d = g.nodes[node]
    return d.get("effective") or d.get("date")


def repealers(g: nx.MultiDiGraph, node: str) -> list[tuple[str, str | None]]:
    """(repealing policy, from when) of each document that repeals ``node``."""
    return sorted({(u, _since(g, u)) for u, _, d in g.in_edges(node, data=True) if d.get("type") == EdgeKind.REPEALS},
                  key=lambda x: (x[1] or "", x[0]))


def graph_standing(g: nx.MultiDiGraph, node: str, as_of: str) -> Standing:
    d = g.nodes[node]
    newer = (d["amended_by"], d.get("amended_from")) if d.get("amended_by") else None
    return standing(as_of, d.get("effective"), d.get("expires"), repealers(g, node), newer)


def replacement_chain(g: nx.MultiDiGraph, node: str) -> list[str]:
    """``node``, the document that repealed it (the earliest), the one that repealed that …"""
    chain, seen = [node], {node}
    while True:
        later = [u for u, _ in repealers(g, chain[-1]) if u not in seen]
        if not later:
            return chain
        chain.append(later[0])
        seen.add(later[0])


def annotate_status(g: nx.MultiDiGraph, as_of: str, lang: str = "zh") -> None:
    """Write each policy's standing on ``as_of`` into its node for the views: ``status``
    (value), ``status_label``, ``status_since`` and ``replaced_by`` (the names of the chain
    of replacements after it)."""
    for node, d in g.nodes(data=True):
        if d.get("type") != "Policy":
            continue
        s = graph_standing(g, node, as_of)
        d["status"], d["status_label"], d["status_since"] = s.status.value, s.status.label(lang), s.since
        d["replaced_by"] = [g.nodes[n].get("number") or g.nodes[n].get("title") or n for n in replacement_chain(g, node)[1:]]
