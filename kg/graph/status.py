"""A policy's standing on a day (in force, not yet, expired, repealed, amended) by one rule,
:func:`standing`, which the questions (:mod:`kg.questions`), the views and the build all use:
from its own dates, the documents that repeal it (REPEALS edges, from the repealing
document's effective date, else its date) and a newer version of its work. The build keeps,
per directive, how many of its implementers are in force from each day on
(:func:`in_force_changes`), so counting them is a lookup, not a walk.

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

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.schema import EdgeKind, Status


def today() -> str:
    return dt.date.today().isoformat()


@dataclass
class Standing:
    """A policy's standing on the day ``as_of``: its :class:`~kg.schema.Status`, from when
    (``since``) and by which document (``by``: the repealing document or the newer version)."""

    status: Status
    since: str | None = None
    by: str | None = None

    @property
    def in_force(self) -> bool:
        return self.status is Status.IN_FORCE

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"status": self.status.value, "label": self.status.label(lang), "since": self.since, "by": self.by}


def standing(as_of: str, effective: str | None = None, expires: str | None = None,
             repealers: Iterable[tuple[str, str | None]] = (), newer: tuple[str, str | None] | None = None) -> Standing:
    """Status on ``as_of`` (ISO dates compare as text): repealed once a repealing document
    applies (a repealer without a date counts at once); amended once a newer version exists;
    expired after its last day; not yet in force before its first; in force otherwise.

    >>> standing("2024-01-01", "2021-05-01", "2026-04-30").status.value
    'in_force'
    >>> standing("2027-01-01", "2021-05-01", "2026-04-30").to_dict("en")
    {'status': 'expired', 'label': 'expired', 'since': '2026-05-01', 'by': None}
    >>> standing("2020-01-01", "2021-05-01").status.value, standing("2025-07-01", repealers=[("p:b", "2025-06-01")]).since
    ('not_yet_in_force', '2025-06-01')
    >>> standing("2025-01-01", repealers=[("p:b", "2025-06-01")]).status.value, standing("2025-01-01", newer=("p:v2", "2020-01-01")).status.value
    ('in_force', 'amended')
    """
    applied = sorted((since or "", by) for by, since in repealers if not since or since <= as_of)
    if applied:
        since, by = applied[0]
        return Standing(Status.REPEALED, since or None, by)
    if newer is not None and (not newer[1] or newer[1] <= as_of):
        return Standing(Status.AMENDED, newer[1], newer[0])
    if expires and expires < as_of:
        return Standing(Status.EXPIRED, _day_after(expires))
    if effective and effective > as_of:
        return Standing(Status.NOT_YET, effective)
    return Standing(Status.IN_FORCE, effective)


def _day_after(day: str) -> str:
    """The day after an ISO date (a date that is not one is kept as written).

    >>> _day_after("2024-02-28"), _day_after("2024-02-29"), _day_after("2024")
    ('2024-02-29', '2024-03-01', '2024')
    """
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return day


#: the days a policy is in force: from ``start`` (``""``: always was) until the day before
#: ``end`` (None: no end); None when :func:`standing` never says it is in force
Span = tuple[str, "str | None"]


def in_force_span(effective: str | None = None, expires: str | None = None,
                  repealers: Iterable[tuple[str, str | None]] = (), newer: tuple[str, str | None] | None = None) -> Span | None:
    """The days on which :func:`standing` (same arguments) says in force, as ``(start, end)``:
    in force on ``as_of`` exactly when ``start <= as_of`` and ``as_of < end`` (dates compare as
    text). A repealer or newer version without a date ends it at once.

    >>> in_force_span("2021-05-01", "2026-04-30")
    ('2021-05-01', '2026-05-01')
    >>> in_force_span("2021-05-01", repealers=[("p:b", "2023-01-01"), ("p:c", "2022-07-01")], newer=("p:v2", "2024-01-01"))
    ('2021-05-01', '2022-07-01')
    >>> in_force_span(None, None), in_force_span("2021-05-01", repealers=[("p:b", None)])
    (('', None), None)
    >>> in_force_span("2021-05-01", newer=("p:v2", "2020-01-01")) is None  # amended before it took effect
    True
    """
    start = effective or ""
    ends = [since or "" for _, since in repealers]
    if newer is not None:
        ends.append(newer[1] or "")
    if expires:
        ends.append(_day_after(expires))
    end = min(ends) if ends else None
    if end is not None and end <= start:
        return None
    return start, end


@dataclass
class StandingFacts:
    """What the standings of policies are computed from, gathered document by document (the
    streaming build sums each document's :func:`standing_facts`): each policy's own dates and
    newer version (``own``: effective, expires, newer), and the documents that repeal it, from
    when (``repealed``)."""

    own: dict[str, tuple[str | None, str | None, tuple[str, str | None] | None]] = field(default_factory=dict)
    repealed: dict[str, set[tuple[str, str | None]]] = field(default_factory=dict)

    def add(self, other: StandingFacts) -> None:
        self.own.update(other.own)
        for node, by in other.repealed.items():
            self.repealed.setdefault(node, set()).update(by)

    def span(self, node: str) -> Span | None:
        """:func:`in_force_span` of ``node`` (a policy nothing is known of is always in force)."""
        effective, expires, newer = self.own.get(node, (None, None, None))
        return in_force_span(effective, expires, self.repealed.get(node, ()), newer)


def standing_facts(g: nx.MultiDiGraph) -> StandingFacts:
    """The :class:`StandingFacts` a graph (one document's piece, or the whole graph) states:
    its policies' dates and newer versions, and its REPEALS edges (from the repealing
    document's effective date, else its date)."""
    facts = StandingFacts()
    for node, d in g.nodes(data=True):
        if d.get("type") == "Policy" and (d.get("effective") or d.get("expires") or d.get("amended_by")):
            newer = (d["amended_by"], d.get("amended_from")) if d.get("amended_by") else None
            facts.own[node] = (d.get("effective"), d.get("expires"), newer)
    for u, v, d in g.edges(data=True):
        if d.get("type") == EdgeKind.REPEALS:
            facts.repealed.setdefault(v, set()).add((u, _since(g, u)))
    return facts


#: per policy, from which day how many of its implementers are in force: (day, number) in
#: order of day, the number holding until the next day listed (before the first: none)
Changes = list[tuple[str, int]]


def in_force_changes(above: dict[str, set[str]], span: Callable[[str], Span | None]) -> dict[str, Changes]:
    """For each policy, how many of the policies below it (``above``: each implementer to the
    policies it implements, directly or through others) are in force from each day on: one
    more from the day each takes effect, one fewer from the day it stops (``span``,
    :func:`in_force_span`). The build keeps these (``pkg:InForceCount``), so the number of a
    directive's implementers in force on a day is read, whatever the day.

    >>> spans = {"a": ("2020-01-01", "2022-01-01"), "b": ("", None), "c": None}
    >>> changes = in_force_changes({"a": {"top"}, "b": {"top"}, "c": {"top"}}, spans.get)
    >>> changes["top"]  # on a day, the number of the latest day listed not after it
    [('', 1), ('2020-01-01', 2), ('2022-01-01', 1)]
    """
    events: dict[str, Counter[str]] = {}
    for node, parents in above.items():
        days = span(node)
        if days is None or not parents:
            continue
        start, end = days
        for p in parents:
            e = events.setdefault(p, Counter())
            e[start] += 1
            if end is not None:
                e[end] -= 1
    out: dict[str, Changes] = {}
    for p, e in sorted(events.items()):
        total, steps = 0, []
        for day in sorted(e):
            if e[day]:
                total += e[day]
                steps.append((day, total))
        out[p] = steps
    return out


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
