"""Resolve entities across documents into one graph (networkx).

One node per real policy: a document of the corpus, or a *stub* for a policy that
documents cite but the corpus does not hold. Resolution is one sequence, whatever the
size of the corpus:

1. each document's *head* (:func:`document_head`: its key, number and titles, and the
   numbers its citations give for titles) is folded into a :class:`CorpusIndex`;
2. each document becomes a :class:`Piece` (:func:`document_piece`): its policy node, its
   citations resolved against the index, its measures, responsibilities, institutions and
   targets — nodes that documents share (stubs, departments, institutions) as bare nodes;
3. :class:`SharedMerge` merges what the pieces say about the shared nodes, in graph order.

:func:`build_graph` is the fold of the pieces and the shared nodes in memory;
``kg.pipeline`` ships the same pieces to worker processes and streams them into the store.

A citation resolves by a list of small, replaceable steps (:data:`RESOLVERS`):

1. a cited 发文字号 (not a placeholder) that a document carries links to that document;
2. a cited title that a document carries (its own title, or the notice that issues it)
   links to that document;
3. a title cited by a short or variant form (《水法》 for 中华人民共和国水法, a trailing
   (试行) left out) links to the one document whose title has that form;
4. a title cited without number in one document and with a number in another is the same
   policy: the number found elsewhere is used;
5. whatever is left becomes a stub keyed by its number, else by its title. Placeholder
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
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.corrections import Book, Outcome, mark_piece
from kg.extract.docnumber import is_placeholder
from kg.extract.regexes import LEGISLATION_TITLE
from kg.models import Citation, Extraction
from kg.reference import decode_agency, find_region, is_national_body
from kg.schema import EdgeKind, NodeKind, Relation, role_edge

if TYPE_CHECKING:
    from kg.align.graph import KeptPairs

#: number, title and level of a policy (to name it in reports)
Names = tuple[str | None, str | None, str | None]


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


#: the name of the state that national laws and regulations carry before their title
STATE_PREFIX = "中华人民共和国"
#: a trailing qualifier of a title's version (after :func:`title_key`: brackets are ASCII)
_QUALIFIER = re.compile(r"\((试行|暂行|修订|修正|草案|征求意见稿)\)$")


def short_title(title: str | None) -> tuple[str, str]:
    """A title's short form and its trailing qualifier: without the state's name before it,
    without book-title marks, white space and a trailing (试行)/（修订）.

    >>> short_title("《中华人民共和国水法》")
    ('水法', '')
    >>> short_title("中华人民共和国 水法") == short_title("水法")
    True
    >>> short_title("辽宁省安全生产条例（试行）")
    ('辽宁省安全生产条例', '试行')
    """
    key = title_key(title)
    if key.startswith(STATE_PREFIX) and len(key) > len(STATE_PREFIX) + 1:
        key = key[len(STATE_PREFIX):]
    m = _QUALIFIER.search(key)
    return (key[: m.start()], m.group(1)) if m else (key, "")


def policy_node(key: str) -> str:
    return NodeKind.POLICY.node(key)


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


@dataclass(frozen=True)
class DocumentHead:
    """What the index needs of a document: small, whatever the document's size."""

    key: str
    source: str
    sha256: str
    number: str | None
    titles: tuple[str, ...]
    #: (title, number) pairs its citations give
    numbered_titles: tuple[tuple[str, str], ...]
    names: Names
    date: str | None = None


def document_head(e: Extraction) -> DocumentHead:
    """The head of a document (only its policy and citations are read)."""
    p = e.policy
    return DocumentHead(
        document_key(e), e.source, e.sha256, p.doc_number, tuple(t for t in [p.title, *p.alt_titles] if t),
        tuple((c.title, c.doc_number) for c in e.citations if c.title and c.doc_number and not is_placeholder(c.doc_number)),
        (p.doc_number, p.title, p.level), p.date,
    )


@dataclass
class CorpusIndex:
    """What the corpus holds, folded from the heads of its documents in graph order."""

    by_number: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    #: short title -> {document key: qualifier of its title}
    by_short_title: dict[str, dict[str, str]] = field(default_factory=dict)
    #: numbers that some citation gives for a title
    number_for_title: dict[str, str] = field(default_factory=dict)
    #: document key -> source and content hash of its first document (a reprint adds nothing)
    owner: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: document key -> sources of later files of the same policy
    also_in: dict[str, list[str]] = field(default_factory=dict)
    #: policy node -> number, title, level of each document's policy
    names: dict[str, Names] = field(default_factory=dict)
    #: policy node -> the date of each document's policy (成文日期, a law's latest text)
    dates: dict[str, str | None] = field(default_factory=dict)
    #: title of a law or regulation -> {document key: its date}: the versions of one work
    versions: dict[str, dict[str, str | None]] = field(default_factory=dict)
    #: document key of a law or regulation -> the title of its work (a key of ``versions``)
    work_title: dict[str, str] = field(default_factory=dict)

    def add(self, head: DocumentHead) -> None:
        key = head.key
        if head.titles and LEGISLATION_TITLE.search(head.titles[0]):
            tkey = title_key(head.titles[0])
            self.versions.setdefault(tkey, {}).setdefault(key, head.date)
            self.work_title.setdefault(key, tkey)
        if head.number and not is_placeholder(head.number):
            self.by_number.setdefault(head.number, key)
        for t in head.titles:
            self.by_title.setdefault(title_key(t), key)
            short, qualifier = short_title(t)
            self.by_short_title.setdefault(short, {}).setdefault(key, qualifier)
        for title, cited in head.numbered_titles:
            self.number_for_title.setdefault(title_key(title), cited)
        if key not in self.owner:
            self.owner[key] = (head.source, head.sha256)
            self.names[policy_node(key)] = head.names
            self.dates[policy_node(key)] = head.date
        elif self.owner[key] != (head.source, head.sha256):
            self.also_in.setdefault(key, []).append(head.source)


def index_corpus(docs: Iterable[Extraction | DocumentHead]) -> CorpusIndex:
    """The index of documents (or of their heads), in graph order."""
    idx = CorpusIndex()
    for d in docs:
        idx.add(d if isinstance(d, DocumentHead) else document_head(d))
    return idx


Resolver = Callable[[Citation, CorpusIndex], str | None]


def _unnumbered(c: Citation) -> bool:
    return not c.doc_number or is_placeholder(c.doc_number)


def by_number(c: Citation, idx: CorpusIndex) -> str | None:
    if c.doc_number and not is_placeholder(c.doc_number):
        return idx.by_number.get(c.doc_number)
    return None


def latest_version(idx: CorpusIndex, tkey: str) -> str | None:
    """The newest version (by date) of the work titled ``tkey``, when it has several."""
    found = idx.versions.get(tkey) or {}
    if len(found) < 2:
        return None
    return max(found, key=lambda k: (found[k] or "", k))


def work_of(idx: CorpusIndex, key: str) -> str | None:
    """The title key of the work the document ``key`` is a version of, when the corpus holds
    that work in more than one version (else ``None``: the document stands for itself)."""
    tkey = idx.work_title.get(key)
    return tkey if tkey is not None and len(idx.versions.get(tkey) or ()) > 1 else None


def cited_node(idx: CorpusIndex, key: str) -> str:
    """The node a citation resolved to ``key`` points at: the work (ELI LegalResource) when
    ``key`` is one of its versions, so that whatever cites any text of a law implements the
    law; else the policy ``key``. (A repeal names one text, so repeals keep the version.)

    >>> idx = index_corpus([DocumentHead("v1", "a", "a", None, ("甲市乙条例",), (), (None, "甲市乙条例", "city"), "2010-01-01"),
    ...                     DocumentHead("v2", "b", "b", None, ("甲市乙条例",), (), (None, "甲市乙条例", "city"), "2020-01-01")])
    >>> cited_node(idx, "v1") == cited_node(idx, "v2") == work_node(title_key("甲市乙条例")), cited_node(idx, "x")
    (True, 'policy:x')
    """
    tkey = work_of(idx, key)
    return work_node(tkey) if tkey is not None else policy_node(key)


def by_title(c: Citation, idx: CorpusIndex) -> str | None:
    if c.title and _unnumbered(c):
        tkey = title_key(c.title)
        return latest_version(idx, tkey) or idx.by_title.get(tkey)
    if c.title and c.doc_number and c.doc_number not in idx.by_number:
        # a numbered citation of a corpus document whose own number we could not read
        hit = idx.by_title.get(title_key(c.title))
        return hit if hit and hit.startswith("doc-") else None
    return None


def by_short_title(c: Citation, idx: CorpusIndex) -> str | None:
    """A title cited in a short or variant form: the one document whose title has that form.
    Where several do, the one with the same trailing qualifier (of versions of one work, the
    newest); otherwise nothing (a stub). A numbered citation takes it only for a document whose own number was not read."""
    if not c.title:
        return None
    short, qualifier = short_title(c.title)
    found = idx.by_short_title.get(short, {}) if len(short) >= 2 else {}
    keys = list(found) if len(found) == 1 else [k for k, q in found.items() if q == qualifier]
    works = {work_of(idx, k) for k in keys}
    if len(keys) > 1 and len(works) == 1 and None not in works:
        keys = [latest_version(idx, works.pop()) or keys[0]]  # the versions of one work: its newest text
    if len(keys) != 1:
        return None
    if _unnumbered(c):
        return keys[0]
    return keys[0] if c.doc_number not in idx.by_number and keys[0].startswith("doc-") else None


def by_number_elsewhere(c: Citation, idx: CorpusIndex) -> str | None:
    if c.title and not c.doc_number:
        number = idx.number_for_title.get(title_key(c.title))
        if number:
            return idx.by_number.get(number, number)
    return None


def as_stub(c: Citation, idx: CorpusIndex) -> str | None:
    return stub_key(c)


RESOLVERS: list[Resolver] = [by_number, by_title, by_short_title, by_number_elsewhere, as_stub]


def resolve_citation(c: Citation, idx: CorpusIndex, resolvers: list[Resolver] | None = None) -> str | None:
    for step in resolvers or RESOLVERS:
        key = step(c, idx)
        if key:
            return key
    return None


def _policy_attrs(e: Extraction, also_in: list[str] | None = None) -> dict[str, object]:
    p = e.policy
    attrs: dict[str, object] = {
        "type": NodeKind.POLICY.value,
        "number": p.doc_number,
        "title": p.title,
        "alt_titles": list(p.alt_titles),
        "issuers": list(p.issuers),
        "date": p.date,
        "first_date": p.first_date,
        "level": p.level,
        "region": p.region,
        "stub": False,
        "source": e.source,
        "sha256": e.sha256,
        "effective": e.validity.effective,
        "expires": e.validity.expires,
    }
    if also_in:
        attrs["also_in"] = list(also_in)
    return attrs


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


@dataclass
class Piece:
    """One document's part of the graph, and what it says about nodes other documents share."""

    node: str
    graph: nx.MultiDiGraph
    #: (stub node, its attributes from this citation, cited title, cited number), in order
    stubs: list[tuple[str, dict[str, Any], str | None, str | None]] = field(default_factory=list)
    #: (name, kind, aliases) of each department and institution named
    departments: list[tuple[str, str, list[str]]] = field(default_factory=list)
    institutions: list[tuple[str, str, list[str]]] = field(default_factory=list)
    measures: int = 0
    targets: int = 0
    citations: Counter[str] = field(default_factory=Counter)
    implements: list[tuple[str, str]] = field(default_factory=list)
    #: what the analysts' corrections of this document did (kg.corrections)
    outcomes: list[Outcome] = field(default_factory=list)


def document_piece(e: Extraction, idx: CorpusIndex, resolvers: list[Resolver] | None = None) -> Piece | None:
    """The part of the resolved graph that ``e`` alone describes: its policy node, its
    citations (the policies it cites as bare nodes), measures, responsibilities, targets and
    mentions (departments and institutions as bare nodes, described once for the whole
    graph by :class:`SharedMerge`). None for a second file of a policy already held."""
    key = document_key(e)
    if idx.owner.get(key) != (e.source, e.sha256):
        return None
    src = policy_node(key)
    h = nx.MultiDiGraph()
    h.add_node(src, **_policy_attrs(e, idx.also_in.get(key)))
    add_version(h, idx, key, e.policy.title)
    piece = Piece(src, h)
    own_work = cited_node(idx, key)
    for c in e.citations:
        k = resolve_citation(c, idx, resolvers)
        dst = cited_node(idx, k) if k is not None else src
        if dst in (src, own_work):
            continue
        if k not in idx.owner:
            piece.stubs.append((dst, stub_attrs(c, k), c.title, c.doc_number))
        if dst not in h:
            tkey = work_of(idx, k)  # type: ignore[arg-type]
            h.add_node(dst, **(work_attrs(idx, tkey) if tkey is not None else {}))
        h.add_edge(src, dst, key=c.relation, **citation_attrs(c, e.source))
    for c in e.validity.repeals:
        k = resolve_citation(c, idx, resolvers)
        if k is None or policy_node(k) == src:
            continue
        dst = policy_node(k)
        if k not in idx.owner:
            piece.stubs.append((dst, stub_attrs(c, k), c.title, c.doc_number))
        if dst not in h:
            h.add_node(dst)
        h.add_edge(src, dst, key=EdgeKind.REPEALS.value, **repeal_attrs(c, e))
    add_details(h, src, e)
    mark_piece(e, h)
    piece.outcomes = list(getattr(e, "outcomes", ()))
    _describe_piece(piece)
    return piece


def _describe_piece(piece: Piece) -> None:
    """Move the attributes of shared nodes out of the piece's graph into its records; count."""
    for _node, d in piece.graph.nodes(data=True):
        t = d.get("type")
        if t == NodeKind.DEPARTMENT:
            piece.departments.append((d["name"], d.get("kind") or "government", list(d.get("aliases") or [])))
            d.clear()
        elif t == NodeKind.INSTITUTION:
            piece.institutions.append((d["name"], d.get("kind") or "school", list(d.get("aliases") or [])))
            d.clear()
        elif t == NodeKind.MEASURE:
            piece.measures += 1
        elif t == NodeKind.TARGET:
            piece.targets += 1
    for u, v, d in piece.graph.edges(data=True):
        if d.get("type") == EdgeKind.CITATION:
            piece.citations[d["relation"]] += 1
            if d["relation"] == Relation.IMPLEMENTS:
                # a work stands for its newest text (the one measures are aligned with)
                piece.implements.append((u, piece.graph.nodes[v].get("latest") or v))


class SharedMerge:
    """Stubs, departments and institutions, merged across the pieces in graph order: a stub
    keeps what the first citation said and takes a missing title or number from later ones;
    a department keeps the first kind and gathers every alias; an institution is described
    by the first document that names it."""

    def __init__(self) -> None:
        self.stubs: dict[str, dict[str, Any]] = {}
        self.departments: dict[str, tuple[str, list[str]]] = {}
        self.institutions: dict[str, tuple[str, list[str]]] = {}

    def add(self, piece: Piece) -> list[str]:
        """Merge a piece; returns the stubs it is the first to name."""
        new: list[str] = []
        for node, attrs, title, number in piece.stubs:
            have = self.stubs.get(node)
            if have is None:
                self.stubs[node] = attrs
                new.append(node)
                continue
            if not have.get("title") and title:
                have["title"] = title
            if not have.get("number") and number and not is_placeholder(number):
                have["number"] = number
        for name, kind, aliases in piece.departments:
            if name not in self.departments:
                self.departments[name] = (kind, [])
            known = self.departments[name][1]
            known.extend(a for a in aliases if a not in known)
        for name, kind, aliases in piece.institutions:
            self.institutions.setdefault(name, (kind, aliases))
        return new

    def graph(self) -> nx.MultiDiGraph:
        """The shared nodes, described, as one last piece."""
        g = nx.MultiDiGraph()
        for node, attrs in self.stubs.items():
            g.add_node(node, **attrs)
        for name, (kind, aliases) in self.departments.items():
            g.add_node(NodeKind.DEPARTMENT.node(name), type=NodeKind.DEPARTMENT.value, name=name, kind=kind, aliases=aliases)
        for name, (kind, aliases) in self.institutions.items():
            g.add_node(NodeKind.INSTITUTION.node(name), type=NodeKind.INSTITUTION.value, name=name, kind=kind, aliases=list(aliases))
        return g


def work_node(tkey: str) -> str:
    return NodeKind.WORK.node(hashlib.sha1(tkey.encode("utf-8")).hexdigest()[:16])


def add_version(h: nx.MultiDiGraph, idx: CorpusIndex, key: str, title: str | None) -> None:
    """When the document ``key`` is one of several versions of a work (a law or regulation
    held in more than one dated text; ELI LegalResource and LegalExpression): the Work node,
    its HAS_VERSION edge to this version (with its date and rank, 0 the oldest), and on the
    version the newer one that amends it (``amended_by``, ``amended_from``)."""
    tkey = title_key(title) if title else ""
    found = idx.versions.get(tkey) or {}
    if len(found) < 2 or key not in found:
        return
    w = work_node(tkey)
    ordered = sorted(found, key=lambda k: (found[k] or "", k))
    rank = ordered.index(key)
    h.add_node(w, **work_attrs(idx, tkey))
    if rank + 1 < len(ordered):
        newer = ordered[rank + 1]
        h.nodes[policy_node(key)].update(work=w, amended_by=policy_node(newer), amended_from=found[newer])
    else:
        h.nodes[policy_node(key)].update(work=w)
    h.add_edge(w, policy_node(key), key=EdgeKind.HAS_VERSION.value, type=EdgeKind.HAS_VERSION.value, date=found[key], rank=rank)


def work_attrs(idx: CorpusIndex, tkey: str) -> dict[str, Any]:
    """The Work node of the work titled ``tkey`` (held in several versions): its title and
    level as its newest version gives them, how many versions, the newest."""
    found = idx.versions[tkey]
    latest = policy_node(max(found, key=lambda k: (found[k] or "", k)))
    _, title, level = idx.names.get(latest, (None, None, None))
    return {"type": NodeKind.WORK.value, "title": title, "level": level, "versions": len(found), "latest": latest}


def as_policy(g: nx.MultiDiGraph, node: str) -> str:
    """The policy a cited node stands for in a drawing of policies: a work's newest version
    (the text in force), any other node itself.

    >>> g = nx.MultiDiGraph(); g.add_node("work:w", type="Work", latest="policy:v2")
    >>> as_policy(g, "work:w"), as_policy(g, "policy:a")
    ('policy:v2', 'policy:a')
    """
    d = g.nodes[node] if node in g else {}
    return str(d.get("latest") or node) if d.get("type") == NodeKind.WORK else node


def fold(g: nx.MultiDiGraph, piece: nx.MultiDiGraph) -> None:
    """Add a piece to ``g`` (a node already there takes the piece's attributes)."""
    g.add_nodes_from(piece.nodes(data=True))
    g.add_edges_from(piece.edges(keys=True, data=True))


def build_graph(extractions: Iterable[Extraction], resolvers: list[Resolver] | None = None,
                corrections: Book | None = None, kept: KeptPairs | None = None) -> nx.MultiDiGraph:
    """The resolved graph of policies (and, where extracted, measures, departments,
    institutions and targets): the fold of the documents' pieces and the shared nodes, and the
    take-up edges of its implements edges (:mod:`kg.align.graph`). With ``corrections``, each
    extraction is corrected as it enters (kg.corrections). With ``kept``, the take-ups a
    build kept are read back instead of aligned again (:class:`kg.align.graph.KeptPairs`)."""
    from kg.align.graph import add_take_ups

    docs = [corrections.apply(e) for e in extractions] if corrections else list(extractions)
    idx = index_corpus(docs)
    g = nx.MultiDiGraph()
    g.add_nodes_from(idx.names)  # documents' policies first, in graph order
    shared = SharedMerge()
    for e in docs:
        piece = document_piece(e, idx, resolvers)
        if piece is not None:
            shared.add(piece)
            fold(g, piece.graph)
    last = shared.graph()
    if corrections:
        corrections.mark_shared(last)
    fold(g, last)
    add_take_ups(g, kept=kept)
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
        "type": NodeKind.POLICY.value, "number": number, "title": c.title, "alt_titles": [], "issuers": [issuer] if issuer else [],
        "date": None, "level": level, "region": region, "stub": True, "source": None, "sha256": None,
    }


def citation_attrs(c: Citation, source: str) -> dict[str, Any]:
    """The attributes of the CITATION edge a citation of document ``source`` becomes."""
    return {
        "type": EdgeKind.CITATION.value, "relation": c.relation, "source": source,
        "start": c.span.start, "end": c.span.end, "sentence": c.sentence,
        "cited_number": c.doc_number, "cited_title": c.title,
    }


def repeal_attrs(c: Citation, e: Extraction) -> dict[str, Any]:
    """The REPEALS edge from ``e``'s policy: from when (its own effective date, else its date)."""
    return {
        "type": EdgeKind.REPEALS.value, "source": e.source, "start": c.span.start, "end": c.span.end,
        "cited_number": c.doc_number, "cited_title": c.title, "since": e.validity.effective or e.policy.date,
    }


def add_details(g: nx.MultiDiGraph, policy: str, e: Extraction) -> None:
    """Measures, departments, institutions and targets of one document."""
    pkey = policy.split(":", 1)[1]
    mprefix = NodeKind.MEASURE.node(pkey + "/")  # ids of this document's measures
    measure = NodeKind.MEASURE.value
    has_measure = EdgeKind.HAS_MEASURE.value
    for m in e.measures:
        node = mprefix + m.key
        g.add_node(node, type=measure, number=m.number, key=m.key, text=m.text, heading=m.heading,
                   kind=m.kind, deadline=m.deadline, source=e.source, start=m.span.start, end=m.span.end, policy=policy)
        parent = mprefix + m.parent if m.parent else policy
        g.add_edge(parent if parent in g else policy, node, key=has_measure, type=has_measure)
    by_number: dict[str, str] = {}
    for m in e.measures:
        by_number.setdefault(m.number, mprefix + m.key)
    for r in e.responsibilities:
        dept = NodeKind.DEPARTMENT.node(r.department)
        if dept not in g:
            g.add_node(dept, type=NodeKind.DEPARTMENT.value, name=r.department, kind=r.kind, aliases=[])
        aliases = g.nodes[dept]["aliases"]
        for a in r.aliases:
            if a not in aliases:
                aliases.append(a)
        target = (mprefix + r.measure_key if r.measure_key else None) or by_number.get(r.measure)
        if target is None or target not in g:
            target = mprefix + r.measure
            if target not in g:
                g.add_node(target, type=measure, number=r.measure, key=r.measure, text="", heading="", kind="measure",
                           deadline=r.deadline, source=e.source, start=r.span.start, end=r.span.end, policy=policy)
                g.add_edge(policy, target, key=has_measure, type=has_measure)
        rel = role_edge(r.role).value
        g.add_edge(dept, target, key=rel, type=rel, role=r.role, source=e.source, start=r.span.start, end=r.span.end,
                   deadline=r.deadline, policy=policy)
    mentions, sets_target = EdgeKind.MENTIONS.value, EdgeKind.SETS_TARGET.value
    for inst in e.institutions:
        node = NodeKind.INSTITUTION.node(inst.name)
        if node not in g:
            g.add_node(node, type=NodeKind.INSTITUTION.value, name=inst.name, kind=inst.kind, aliases=list(inst.aliases))
        g.add_edge(policy, node, key=mentions, type=mentions, source=e.source, start=inst.span.start, end=inst.span.end)
    for i, t in enumerate(e.targets):
        node = NodeKind.TARGET.node(f"{pkey}/{i}")
        g.add_node(node, type=NodeKind.TARGET.value, indicator=t.indicator, value=t.value, unit=t.unit, comparator=t.comparator,
                   deadline=t.deadline, scope=t.scope, source=e.source, start=t.span.start, end=t.span.end, policy=policy)
        owner = mprefix + (t.measure_key or "")
        g.add_edge(owner if t.measure_key and owner in g else policy, node, key=sets_target, type=sets_target)


def implements_graph(g: nx.MultiDiGraph, relations: tuple[str, ...] = (Relation.IMPLEMENTS.value,)) -> nx.DiGraph:
    """Policies only, one edge per citing -> cited pair with the given relations."""
    h = nx.DiGraph()
    for n, d in g.nodes(data=True):
        if d.get("type") == NodeKind.POLICY:
            h.add_node(n, **d)
    for u, v, d in g.edges(data=True):
        if d.get("type") == EdgeKind.CITATION and d.get("relation") in relations:
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
