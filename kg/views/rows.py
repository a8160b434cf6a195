"""The networkx graph as a :class:`kg.questions.Rows`: the named queries the site's pages ask
(``uptake``, ``lineage``, ``implementers``, ``measures_of_policy``, ``adoption``), answered
from the graph in memory with the columns the ``.rq`` files return, so that the pages and
the commands answer through the same functions of :mod:`kg.questions`. A node id stands for
the IRI. The graph is indexed once; each question then reads only its own documents.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("policy:甲", type="Policy", number="甲发〔2020〕1号", level="city")
>>> g.add_node("policy:乙", type="Policy", number="国发〔2019〕4号", level="national")
>>> _ = g.add_edge("policy:甲", "policy:乙", type="CITATION", relation="implements")
>>> rows = GraphRows(g)
>>> [(r["child"], r["parent"], r["parentNumber"]) for r in rows.rows("lineage", {"policy": "policy:甲"})]
[('policy:甲', 'policy:乙', '国发〔2019〕4号')]
>>> [r["childNumber"] for r in rows.rows("implementers", {"policy": "policy:乙"})]
['甲发〔2020〕1号']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from kg.graph.resolve import as_policy
from kg.schema import EdgeKind, NodeKind, Relation


class GraphRows:
    """Rows of the named queries the site asks, from the networkx graph ``g``."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.down: dict[str, set[str]] = {}
        self.up: dict[str, set[str]] = {}
        self.measures: dict[str, list[str]] = {}
        self.by_local: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        self.by_parent: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        for u, v, d in g.edges(data=True):
            kind = d.get("type")
            if kind == EdgeKind.CITATION and d.get("relation") == Relation.IMPLEMENTS and u != v:
                v = as_policy(g, v)  # a law cited as a work: its newest version
                self.down.setdefault(v, set()).add(u)
                self.up.setdefault(u, set()).add(v)
            elif kind == EdgeKind.TAKES_UP:
                self.by_local.setdefault(str(d.get("local_policy")), []).append((u, v, d))
                self.by_parent.setdefault(str(d.get("parent_policy")), []).append((u, v, d))
        for n, d in g.nodes(data=True):
            if d.get("type") == NodeKind.MEASURE and d.get("policy"):
                self.measures.setdefault(d["policy"], []).append(n)
        self._answers: dict[str, Callable[[Mapping[str, Any]], list[dict[str, Any]]]] = {
            "uptake": self._uptake, "lineage": self._lineage, "implementers": self._implementers,
            "measures_of_policy": self._measures_of_policy, "adoption": self._adoption}

    def rows(self, query_name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        answer = self._answers.get(query_name)
        if answer is None:
            raise KeyError(f"GraphRows does not answer {query_name}")
        return answer(params or {})

    def _walk(self, top: str, step: dict[str, set[str]]) -> list[tuple[str, str]]:
        """(from, to) of every implements edge reached from ``top`` along ``step``."""
        out, seen, todo = [], {top}, [top]
        while todo:
            here = todo.pop()
            for there in sorted(step.get(here, ())):
                out.append((here, there))
                if there not in seen:
                    seen.add(there)
                    todo.append(there)
        return out

    def _child_row(self, top: str, child: str, parent: str) -> dict[str, Any]:
        own, d = self.g.nodes[top], self.g.nodes[child]
        return {"policy": top, "number": own.get("number") or "", "policyDate": own.get("date"),
                "policyFirstDate": own.get("first_date"), "child": child, "parent": parent,
                "childNumber": d.get("number"), "childTitle": d.get("title"), "childLevel": d.get("level"),
                "childRegion": d.get("region"), "childDate": d.get("date"), "childFirstDate": d.get("first_date"),
                "childEffective": d.get("effective"), "childExpires": d.get("expires")}

    def _uptake(self, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        top = str(params["policy"])
        return [self._child_row(top, child, parent) for parent, child in self._walk(top, self.down)]

    _implementers = _uptake

    def _lineage(self, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        top = str(params["policy"])
        out = []
        for child, parent in self._walk(top, self.up):
            d = self.g.nodes[parent]
            out.append({"policy": top, "number": self.g.nodes[top].get("number") or "", "child": child, "parent": parent,
                        "parentNumber": d.get("number"), "parentTitle": d.get("title"), "parentLevel": d.get("level"),
                        "parentStub": bool(d.get("stub"))})
        return out

    def _measure_row(self, node: str) -> dict[str, Any]:
        d = self.g.nodes[node]
        policy = d["policy"]
        return {"policy": policy, "number": self.g.nodes[policy].get("number") or "", "measure": node,
                "path": str(d.get("key") or ""), "measureNumber": str(d.get("number") or ""), "kind": d.get("kind") or "",
                "heading": d.get("heading"), "deadline": d.get("deadline"), "start": d.get("start"), "text": d.get("text")}

    def _measures_of_policy(self, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        policy = str(params["policy"])
        rows = [self._measure_row(n) for n in self.measures.get(policy, ())]
        rows.sort(key=lambda r: (r["start"] if r["start"] is not None else 1 << 62, r["path"]))
        return rows

    def _adoption(self, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        policy, parent = params.get("policy"), params.get("parent")
        if policy:
            edges = [e for e in self.by_local.get(str(policy), ()) if not parent or str(e[2].get("parent_policy")) == str(parent)]
        elif parent:
            edges = list(self.by_parent.get(str(parent), ()))
        else:
            edges = [e for lp in sorted(self.by_local) for e in self.by_local[lp]]
        out = [self._take_up_row(u, v, d) for u, v, d in edges]
        out.sort(key=lambda r: (r["policy"], r["measureStart"] if r["measureStart"] is not None else 1 << 62,
                                r["localPath"], -float(r["score"] or 0), r["parentPath"]))
        return out

    def _take_up_row(self, u: str, v: str, d: dict[str, Any]) -> dict[str, Any]:
        lm, pm, lp = self.g.nodes[u], self.g.nodes[v], str(d.get("local_policy"))
        return {
            "policy": lp, "number": self.g.nodes[lp].get("number") or "", "localMeasure": u,
            "localPath": str(lm.get("key") or ""), "localNumber": str(lm.get("number") or ""),
            "measureStart": lm.get("start"), "parent": d.get("parent_policy"),
            "parentNumber": self.g.nodes[d["parent_policy"]].get("number") or "", "parentMeasure": v,
            "parentPath": str(pm.get("key") or ""), "parentMeasureNumber": str(pm.get("number") or ""),
            "score": d.get("score"), "localText": d.get("local_text"), "localStart": d.get("local_start"),
            "localEnd": d.get("local_end"), "parentText": d.get("parent_text"),
            "parentStart": d.get("parent_start"), "parentEnd": d.get("parent_end")}
