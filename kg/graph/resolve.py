"""Resolve entities across documents into one graph (networkx).

One node per real policy: a document of the corpus, or a *stub* for a policy that
documents cite but the corpus does not hold. Resolution runs as a list of small,
replaceable steps over an index of the corpus:

1. a cited 发文字号 (not a placeholder) that a document carries links to that document;
2. a cited title that a document carries (its own title, or the notice that issues it)
   links to that document;
3. a title cited without number in one document and with a number in another is the same
   policy: the number found elsewhere is used;
4. whatever is left becomes a stub keyed by its number, else by its title. Placeholder
   numbers (X政办发〔2018〕X号) never key anything, so they never merge two policies.

>>> from kg.models import Extraction, PolicyInfo, Citation, Span
>>> a = Extraction("a.txt", "a" * 64, PolicyInfo(doc_number="锡教发〔2020〕86号", title="甲", level="city"),
...                [Citation("国发〔2019〕4号", "国家职业教育改革实施方案", "implements", Span(0, 1))])
>>> b = Extraction("b.txt", "b" * 64, PolicyInfo(doc_number="庆政发〔2021〕13号", title="乙", level="city"),
...                [Citation(None, "国家职业教育改革实施方案", "implements", Span(0, 1))])
>>> g = build_graph([a, b])
>>> sorted(v for _, v in g.out_edges("policy:庆政发〔2021〕13号"))
['policy:国发〔2019〕4号']
>>> g.nodes["policy:国发〔2019〕4号"]["stub"]
True
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.extract.docnumber import is_placeholder
from kg.models import Citation, Extraction
from kg.reference import decode_agency, find_region, is_national_body

LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3}


def title_key(title: str | None) -> str:
    """Titles compare without white space, quote marks and bracket width differences.

    >>> title_key("《辽宁省职业技能提升行动实施方案（2019—2021年）》") == title_key("辽宁省职业技能提升行动实施方案(2019-2021年)")
    True
    """
    if not title:
        return ""
    t = re.sub(r"[\s《》〈〉<>“”\"'‘’「」『』]", "", title)
    t = t.translate(str.maketrans("（）［］【】—－～", "()[][]--~"))
    return t.replace("--", "-")


def policy_node(key: str) -> str:
    return f"policy:{key}"


def document_key(e: Extraction) -> str:
    """Identity of a document's policy: its number, or a hash of its content."""
    n = e.policy.doc_number
    if n and not is_placeholder(n):
        return n
    return "doc-" + e.sha256[:16]


def stub_key(c: Citation) -> str | None:
    if c.doc_number and not is_placeholder(c.doc_number):
        return c.doc_number
    if c.title:
        return "title-" + hashlib.sha1(title_key(c.title).encode("utf-8")).hexdigest()[:16]
    return None


@dataclass
class CorpusIndex:
    by_number: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    #: numbers that some citation gives for a title
    number_for_title: dict[str, str] = field(default_factory=dict)


def index_corpus(extractions: list[Extraction]) -> CorpusIndex:
    idx = CorpusIndex()
    for e in extractions:
        key = document_key(e)
        if e.policy.doc_number and not is_placeholder(e.policy.doc_number):
            idx.by_number.setdefault(e.policy.doc_number, key)
        for t in [e.policy.title, *e.policy.alt_titles]:
            if t:
                idx.by_title.setdefault(title_key(t), key)
    for e in extractions:
        for c in e.citations:
            if c.title and c.doc_number and not is_placeholder(c.doc_number):
                idx.number_for_title.setdefault(title_key(c.title), c.doc_number)
    return idx


Resolver = Callable[[Citation, CorpusIndex], str | None]


def by_number(c: Citation, idx: CorpusIndex) -> str | None:
    if c.doc_number and not is_placeholder(c.doc_number):
        return idx.by_number.get(c.doc_number)
    return None


def by_title(c: Citation, idx: CorpusIndex) -> str | None:
    if c.title and (not c.doc_number or is_placeholder(c.doc_number)):
        return idx.by_title.get(title_key(c.title))
    if c.title and c.doc_number and c.doc_number not in idx.by_number:
        # a numbered citation of a corpus document whose own number we could not read
        hit = idx.by_title.get(title_key(c.title))
        return hit if hit and hit.startswith("doc-") else None
    return None


def by_number_elsewhere(c: Citation, idx: CorpusIndex) -> str | None:
    if c.title and not c.doc_number:
        number = idx.number_for_title.get(title_key(c.title))
        if number:
            return idx.by_number.get(number, number)
    return None


def as_stub(c: Citation, idx: CorpusIndex) -> str | None:
    return stub_key(c)


RESOLVERS: list[Resolver] = [by_number, by_title, by_number_elsewhere, as_stub]


def resolve_citation(c: Citation, idx: CorpusIndex, resolvers: list[Resolver] | None = None) -> str | None:
    for step in resolvers or RESOLVERS:
        key = step(c, idx)
        if key:
            return key
    return None


def _policy_attrs(e: Extraction) -> dict[str, object]:
    p = e.policy
    return {
        "type": "Policy",
        "number": p.doc_number,
        "title": p.title,
        "alt_titles": list(p.alt_titles),
        "issuers": list(p.issuers),
        "date": p.date,
        "level": p.level,
        "region": p.region,
        "stub": False,
        "source": e.source,
        "sha256": e.sha256,
    }


def level_from_title(title: str | None) -> tuple[str | None, str | None]:
    """Level of a cited-only policy from its title: national laws and State Council
    documents, or the region the title starts with (广东省养老服务条例 -> province).

    >>> level_from_title("中华人民共和国职业教育法")
    ('national', None)
    >>> level_from_title("广东省养老服务条例")
    ('province', '广东省')
    >>> level_from_title("教育部辽宁省人民政府关于整省推进职业教育的意见")
    ('province', '辽宁省')
    """
    if not title:
        return None, None
    t = title.strip()
    head = t.split("关于")[0] if "关于" in t else ""
    if head:
        # a joint document of a ministry and a province (教育部辽宁省人民政府关于…) is provincial
        for i in range(len(head) - 1):
            region = find_region(head[i:])
            if region is not None:
                return region.level, region.name
    if re.match(r"^(?:中华人民共和国|国务院|国务院办公厅|中共中央|全国|国家)", t) or (head and is_national_body(head)):
        return "national", None
    region = find_region(t)
    if region is not None:
        return region.level, region.name
    return None, None


def build_graph(extractions: Iterable[Extraction], resolvers: list[Resolver] | None = None) -> nx.MultiDiGraph:
    """The resolved graph of policies (and, where extracted, measures, departments,
    institutions and targets)."""
    docs = list(extractions)
    idx = index_corpus(docs)
    g = nx.MultiDiGraph()
    for e in docs:
        node = policy_node(document_key(e))
        if node in g and not g.nodes[node].get("stub"):
            # two files of one policy (a page and its reprint): keep the first, note the other
            g.nodes[node].setdefault("also_in", []).append(e.source)
            continue
        g.add_node(node, **_policy_attrs(e))
    for e in docs:
        src = policy_node(document_key(e))
        if g.nodes[src].get("source") != e.source:
            continue
        for c in e.citations:
            key = resolve_citation(c, idx, resolvers)
            if key is None:
                continue
            dst = policy_node(key)
            if dst == src:
                continue
            if dst not in g:
                g.add_node(dst, **stub_attrs(c, key))
            else:
                attrs = g.nodes[dst]
                if attrs.get("stub"):
                    if not attrs.get("title") and c.title:
                        attrs["title"] = c.title
                    if not attrs.get("number") and c.doc_number and not is_placeholder(c.doc_number):
                        attrs["number"] = c.doc_number
            g.add_edge(src, dst, key=c.relation, **citation_attrs(c, e.source))
        add_details(g, src, e)
    return g


def stub_attrs(c: Citation, key: str) -> dict[str, Any]:
    """A cited-only policy as the first citation that names it describes it: level, region
    and issuer from the citation, else from its 机关代字, else the level its title implies."""
    agency = decode_agency(re.split(r"〔|第", c.doc_number)[0]) if c.doc_number else None
    level, region = c.level or (agency.level if agency else None), c.region or (agency.region if agency else None)
    if level is None:
        level, region = level_from_title(c.title)
    number = c.doc_number if c.doc_number else (key if not key.startswith(("title-", "doc-")) else None)
    issuer = c.issuer or (agency.issuer if agency else None)
    return {
        "type": "Policy", "number": number, "title": c.title, "alt_titles": [], "issuers": [issuer] if issuer else [],
        "date": None, "level": level, "region": region, "stub": True, "source": None, "sha256": None,
    }


def citation_attrs(c: Citation, source: str) -> dict[str, Any]:
    """The attributes of the CITATION edge a citation of document ``source`` becomes."""
    return {
        "type": "CITATION", "relation": c.relation, "source": source,
        "start": c.span.start, "end": c.span.end, "sentence": c.sentence,
        "cited_number": c.doc_number, "cited_title": c.title,
    }


def add_details(g: nx.MultiDiGraph, policy: str, e: Extraction) -> None:
    """Measures, departments, institutions and targets of one document."""
    pkey = policy.split(":", 1)[1]
    for m in e.measures:
        node = f"measure:{pkey}/{m.key}"
        g.add_node(node, type="Measure", number=m.number, key=m.key, text=m.text, heading=m.heading,
                   kind=m.kind, deadline=m.deadline, source=e.source, start=m.span.start, end=m.span.end, policy=policy)
        parent = f"measure:{pkey}/{m.parent}" if m.parent else policy
        g.add_edge(parent if parent in g else policy, node, key="HAS_MEASURE", type="HAS_MEASURE")
    by_number: dict[str, str] = {}
    for m in e.measures:
        by_number.setdefault(m.number, f"measure:{pkey}/{m.key}")
    role_edge = {"lead": "LEADS", "support": "SUPPORTS", "responsible": "RESPONSIBLE_FOR"}
    for r in e.responsibilities:
        dept = f"department:{r.department}"
        if dept not in g:
            g.add_node(dept, type="Department", name=r.department, kind=r.kind, aliases=[])
        aliases = g.nodes[dept]["aliases"]
        for a in r.aliases:
            if a not in aliases:
                aliases.append(a)
        target = (f"measure:{pkey}/{r.measure_key}" if r.measure_key else None) or by_number.get(r.measure)
        if target is None or target not in g:
            target = f"measure:{pkey}/{r.measure}"
            if target not in g:
                g.add_node(target, type="Measure", number=r.measure, key=r.measure, text="", heading="", kind="measure",
                           deadline=r.deadline, source=e.source, start=r.span.start, end=r.span.end, policy=policy)
                g.add_edge(policy, target, key="HAS_MEASURE", type="HAS_MEASURE")
        rel = role_edge.get(r.role, "RESPONSIBLE_FOR")
        g.add_edge(dept, target, key=rel, type=rel, role=r.role, source=e.source, start=r.span.start, end=r.span.end,
                   deadline=r.deadline, policy=policy)
    for inst in e.institutions:
        node = f"institution:{inst.name}"
        if node not in g:
            g.add_node(node, type="Institution", name=inst.name, kind=inst.kind, aliases=list(inst.aliases))
        g.add_edge(policy, node, key="MENTIONS", type="MENTIONS", source=e.source, start=inst.span.start, end=inst.span.end)
    for i, t in enumerate(e.targets):
        node = f"target:{pkey}/{i}"
        g.add_node(node, type="Target", indicator=t.indicator, value=t.value, unit=t.unit, comparator=t.comparator,
                   deadline=t.deadline, scope=t.scope, source=e.source, start=t.span.start, end=t.span.end, policy=policy)
        owner = f"measure:{pkey}/{t.measure_key}" if t.measure_key and f"measure:{pkey}/{t.measure_key}" in g else policy
        g.add_edge(owner, node, key="SETS_TARGET", type="SETS_TARGET")


def implements_graph(g: nx.MultiDiGraph, relations: tuple[str, ...] = ("implements",)) -> nx.DiGraph:
    """Policies only, one edge per citing -> cited pair with the given relations."""
    h = nx.DiGraph()
    for n, d in g.nodes(data=True):
        if d.get("type") == "Policy":
            h.add_node(n, **d)
    for u, v, d in g.edges(data=True):
        if d.get("type") == "CITATION" and d.get("relation") in relations:
            h.add_edge(u, v, relation=d["relation"], sentence=d.get("sentence"))
    return h


def longest_chain(g: nx.MultiDiGraph) -> list[str]:
    """The longest implements chain (a DAG in practice; cycles are broken)."""
    return dag_longest_chain(implements_graph(g))


def dag_longest_chain(h: nx.DiGraph) -> list[str]:
    """The longest path of an implements graph; a cycle found is broken first."""
    if not nx.is_directed_acyclic_graph(h):
        h = nx.DiGraph(e for e in h.edges if e not in set(nx.find_cycle(h)))
    return nx.dag_longest_path(h) if h.number_of_edges() else []
