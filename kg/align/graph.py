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

import json
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from kg.align.core import WITH_MEANING, Document, Pair, Passage, Settings, align_rows, document, numbered_as_cited, pair_of, pair_row, runs_on  # noqa: F401 - Passage: the doctests
from kg.models import Measure, Span
from kg.schema import EdgeKind, NodeKind, Relation

#: the method a take-up edge states as its provenance
METHOD = "kg.align: weighted character bigrams, best sentence pair"


def method(settings: Settings | None = None) -> str:
    """The method a take-up aligned with ``settings`` states (:data:`METHOD`, the model that
    weighs the pairs when one does, and the meaning signal when it is used).

    >>> method(Settings(meaning=2.3, model=None))
    'kg.align: weighted character bigrams, best sentence pair; word vectors, z >= 2.3'
    >>> method()
    'kg.align: weighted character bigrams, best sentence pair; weighed against the best pairs, of measures and of sentences, and the order (kg/data/alignment_model.json)'
    >>> method(WITH_MEANING)
    'kg.align: weighted character bigrams, best sentence pair; word vectors, z >= 1.0; weighed with them against the best pairs, of measures and of sentences, and the order (kg/data/alignment_model_meaning.json)'
    """
    from kg.align.learn import MEANING_JSON, MODEL_JSON

    cfg = settings or Settings()
    vectors = "" if cfg.meaning is None else f"; word vectors, z >= {cfg.meaning}"
    if cfg.model is None:
        return METHOD + vectors
    weighed = "weighed with them" if cfg.model.meaning else "weighed"
    table = (MEANING_JSON if cfg.model.meaning else MODEL_JSON).relative_to(MODEL_JSON.parent.parent.parent)
    return f"{METHOD}{vectors}; {weighed} against the best pairs, of measures and of sentences, and the order ({table.as_posix()})"


def measure_node(policy: str, key: str) -> str:
    """The graph id of measure ``key`` of ``policy`` (as :mod:`kg.graph.resolve` names it)."""
    return NodeKind.MEASURE.node(policy.split(":", 1)[1] + "/" + key)


def take_up_attrs(p: Pair, local_policy: str, parent_policy: str, how: str = METHOD) -> dict[str, Any]:
    """The attributes of the TAKES_UP edge of ``p`` (``how``: its :func:`method`)."""
    return {
        "type": EdgeKind.TAKES_UP.value, "score": p.score, "method": how,
        "local_policy": local_policy, "parent_policy": parent_policy,
        "number_pair": [p.local_number, p.parent_number],
        "local_text": p.local_passage.text, "local_start": p.local_passage.span.start, "local_end": p.local_passage.span.end,
        "parent_text": p.parent_passage.text, "parent_start": p.parent_passage.span.start, "parent_end": p.parent_passage.span.end,
    }


# --- the pairs of an edge, kept in the workspace --------------------------------------------


def fingerprint_of(text: str) -> str:
    """A short hash of ``text`` (a folder name's part).

    >>> fingerprint_of("Settings(meaning=1.9)")
    'beb637cc'
    """
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


@lru_cache(maxsize=1)
def align_fingerprint() -> str:
    """The fingerprint of the alignment's code and the tables it names: kept pairs are filed
    under it (and, in a workspace, under the extractor's, whose patterns it uses)."""
    from kg.workspace import code_and_tables, fingerprint

    return fingerprint(code_and_tables(list(Path(__file__).parent.glob("*.py"))))


#: the fields of a kept pair (:func:`pair_row`)
_ROW_LENGTH = 11


class KeptPairs:
    """The pairs of each (local, parent) pair of documents, by their content hashes, kept as
    JSON under ``folder`` (a workspace keeps them beside the extractions they come from): a
    build aligns an implements edge once, and every later graph of the workspace (views,
    ``kg publish``, Neo4j) reads the pairs back instead of aligning again. One file per local
    document holds the pairs of each parent it implements (:func:`pair_row`), the file read
    last kept in memory (a graph reads the edges of a local document one after another).

    >>> import tempfile
    >>> kept = KeptPairs(Path(tempfile.mkdtemp()))
    >>> pair = Pair("第一条", "第三条", "一", "三", 0.5, Passage("第一条", "甲", Span(0, 1)), Passage("第三条", "乙", Span(2, 3)))
    >>> kept.get("a", "b") is None, kept.put("a", "b", [pair]), kept.put("a", "c", []), kept.get("a", "b") == [pair], kept.get("a", "c")
    (True, None, None, True, [])
    """

    def __init__(self, folder: Path, settings: Settings | None = None) -> None:
        #: the settings the pairs are aligned with (None: :class:`Settings`' defaults), each
        #: other setting filed apart
        self.settings = settings
        other = settings is not None and settings != Settings()
        self.folder = Path(folder) / (align_fingerprint() + (f"-{fingerprint_of(repr(settings))}" if other else ""))
        self._read: tuple[str, dict[str, list[list[Any]]]] | None = None
        self._made = False  # the folder

    def path(self, local_sha: str) -> Path:
        return self.folder / f"{local_sha}.json"

    def _rows(self, local_sha: str) -> dict[str, list[list[Any]]]:
        """Parent hash -> rows of the pairs kept for ``local_sha`` (empty when none is, or
        the file is torn)."""
        if self._read is None or self._read[0] != local_sha:
            try:
                rows = json.loads(self.path(local_sha).read_text(encoding="utf-8"))
                if not isinstance(rows, dict):
                    rows = {}
            except (OSError, ValueError):
                rows = {}
            self._read = (local_sha, rows)
        return self._read[1]

    def get(self, local_sha: str, parent_sha: str) -> list[Pair] | None:
        rows = self.get_rows(local_sha, parent_sha)
        return None if rows is None else [pair_of(r) for r in rows]

    def get_rows(self, local_sha: str, parent_sha: str) -> list[list[Any]] | None:
        """The rows (:func:`pair_row`) kept for the edge, None when none are (or they are
        torn: the edge is aligned again)."""
        rows = self._rows(local_sha).get(parent_sha)
        if rows is None or not isinstance(rows, list):
            return None  # not kept: aligned again
        if not all(isinstance(r, list) and len(r) == _ROW_LENGTH for r in rows):
            return None  # torn: aligned again
        return rows

    def put(self, local_sha: str, parent_sha: str, pairs: Sequence[Pair]) -> None:
        """Keep the pairs of one edge (:meth:`put_all`)."""
        self.put_all(local_sha, {parent_sha: pairs})

    def put_all(self, local_sha: str, by_parent: dict[str, Sequence[Pair]]) -> None:
        """Keep the pairs of the edges of ``local_sha`` to each parent of ``by_parent``, with
        those kept already (:meth:`put_rows`)."""
        self.put_rows(local_sha, {parent: [pair_row(p) for p in pairs] for parent, pairs in by_parent.items()})

    def put_rows(self, local_sha: str, by_parent: dict[str, list[list[Any]]]) -> None:
        """Keep the rows (:func:`pair_row`) of the edges of ``local_sha`` to each parent of
        ``by_parent``, with those kept already: written in place, not synced to the disk
        (what a crash loses or tears reads as not kept, and the edges are aligned again)."""
        if not by_parent:
            return
        rows = dict(self._rows(local_sha))
        rows.update(by_parent)
        self._write(self.path(local_sha), json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        self._read = (local_sha, rows)

    def _write(self, path: Path, data: bytes) -> None:
        """``data`` written to ``path`` directly, the folder made once by this object rather
        than once per file: a build writes a file per local document, and a file created
        beside and moved into place costs a second entry of the folder (measured on the law
        corpus: 1,924 files, 1.5-1.7 against 1.0-1.4 CPU seconds). A file torn by a crash
        or written by two processes at once is no JSON object of rows and reads as not kept
        (:meth:`get_rows`); two builds of a workspace never run at once (its lock), and the
        rows of an edge are the same whoever aligns it."""
        if not self._made:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._made = True
        with open(path, "wb") as fh:
            fh.write(data)


def _settings(settings: Settings | None, kept: KeptPairs | None) -> Settings | None:
    """The settings an edge is aligned with: those given, else those ``kept`` pairs are
    aligned with (the workspace's: ``kg build --meaning``)."""
    return settings if settings is not None or kept is None else kept.settings


def edge_pairs(local: Sequence[Measure] | Document | Callable[[], Document], parent: Sequence[Measure] | Document | Callable[[], Document],
               settings: Settings | None = None, kept: KeptPairs | None = None, shas: tuple[str, str] | None = None,
               new: dict[str, list[list[Any]]] | None = None, title: str | Callable[[], str] = "") -> list[Pair]:
    """The pairs of one implements edge (:func:`edge_rows`)."""
    return [pair_of(r) for r in edge_rows(local, parent, settings, kept, shas, new, title)]


def edge_rows(local: Sequence[Measure] | Document | Callable[[], Document], parent: Sequence[Measure] | Document | Callable[[], Document],
              settings: Settings | None = None, kept: KeptPairs | None = None, shas: tuple[str, str] | None = None,
              new: dict[str, list[list[Any]]] | None = None, title: str | Callable[[], str] = "") -> list[list[Any]]:
    """The pairs of one implements edge as rows (:func:`pair_row`): read back from ``kept``
    under the two documents' content hashes ``shas`` when it holds them, else aligned and
    kept (with ``new``, filed there under the parent's hash instead, for the caller to keep
    the edges of its local document at once: :meth:`KeptPairs.put_rows`). The documents may
    be given as functions that prepare them, called only when the pairs are not kept;
    ``title``, the parent's (or a function that gives it, asked only when a local measure
    names another document's article): the articles of the parent the local measures name
    are taken up (:func:`kg.align.core.referenced`)."""
    settings = _settings(settings, kept)
    use = kept is not None and shas is not None and settings == kept.settings
    found = kept.get_rows(*shas) if use else None  # type: ignore[union-attr, misc]
    if found is not None:
        return found
    ld = local() if callable(local) else local
    ld = ld if isinstance(ld, Document) else document(ld)
    if callable(title):
        title = title() if ld.references else ""
    rows = align_rows(ld, parent() if callable(parent) else parent, settings, title)
    if use and new is not None:
        new[shas[1]] = rows  # type: ignore[index]
    elif use:
        kept.put_rows(shas[0], {shas[1]: rows})  # type: ignore[union-attr, index]
    return rows


def take_up_edges(local_policy: str, local: Sequence[Measure] | Document | Callable[[], Document], parent_policy: str,
                  parent: Sequence[Measure] | Document | Callable[[], Document], settings: Settings | None = None,
                  kept: KeptPairs | None = None, shas: tuple[str, str] | None = None,
                  new: dict[str, list[list[Any]]] | None = None, title: str | Callable[[], str] = "") -> list[tuple[str, str, dict[str, Any]]]:
    """(local measure node, parent measure node, attributes) of each pair found
    (:func:`edge_pairs`)."""
    how = method(_settings(settings, kept))
    return [(measure_node(local_policy, p.local), measure_node(parent_policy, p.parent), take_up_attrs(p, local_policy, parent_policy, how))
            for p in edge_pairs(local, parent, settings, kept, shas, new, title)]


_MEASURES_KEY = '"measures"'
_DECODER = json.JSONDecoder()


def measures_data(text: str) -> list[dict[str, Any]]:
    """The ``measures`` of the JSON of a kept extraction, without decoding the rest (its
    citations, responsibilities and warnings are four fifths of the time of the whole and
    the alignment reads only the measures): the array is decoded where the key stands when
    the text names ``"measures"`` once (a string that holds the word escapes its quotes),
    else the whole is.

    >>> title = {"title": '关于"measures"的说明'}  # written escaped: not the key
    >>> measures_data(json.dumps({"policy": title, "measures": [{"key": "一"}], "warnings": []}))
    [{'key': '一'}]
    >>> measures_data(json.dumps({"policy": title, "measures": [{"key": "一"}], "warnings": ["measures"]}))  # decoded whole
    [{'key': '一'}]
    """
    at = text.find(_MEASURES_KEY + ": [")
    if at >= 0 and text.count(_MEASURES_KEY) == 1:
        found: list[dict[str, Any]] = _DECODER.raw_decode(text, at + len(_MEASURES_KEY) + 2)[0]
        return found
    return list(json.loads(text).get("measures", []))


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


def add_take_ups(g: nx.MultiDiGraph, settings: Settings | None = None, kept: KeptPairs | None = None) -> int:
    """Add the TAKES_UP edges of every implements edge between documents of ``g``; returns
    how many were added. With ``kept``, the pairs of an edge between two documents with a
    content hash are read back from there when a build kept them."""
    from kg.graph.resolve import as_policy

    implements = [(u, as_policy(g, v)) for u, v, d in g.edges(data=True)  # a law cited as a work: its newest text
                  if d.get("type") == EdgeKind.CITATION and d.get("relation") == Relation.IMPLEMENTS]
    by_policy = graph_measures(g)
    added = 0
    for u, v in implements_pairs(implements, lambda n: n in g and not g.nodes[n].get("stub") and n in by_policy):
        shas = (g.nodes[u].get("sha256"), g.nodes[v].get("sha256"))
        title = numbered_as_cited(str(g.nodes[v].get("title") or ""), g.nodes[v].get("date"), g.nodes[u].get("date"))
        for a, b, attrs in take_up_edges(u, by_policy[u], v, by_policy[v], settings, kept, shas if all(shas) else None, title=title):
            g.add_edge(a, b, key=EdgeKind.TAKES_UP.value, **attrs)
            added += 1
    return added


#: prepared documents kept by a process across calls of :func:`take_up_quads` (a law many
#: local regulations implement is prepared once, not once per edge), bounded by their
#: sentence entries (:data:`ENTRIES_KEPT`) rather than their number: a build's directives
#: are a tenth of its documents, met in no order, and a worker that kept 512 re-prepared
#: most parents at scale (at 1,000 synthetic documents, a cache holding a tenth of the
#: parents prepared 2.2 times as many documents, +33 % CPU for the take-up)
DOCUMENTS_KEPT = 1 << 16
#: the sentence entries (a sentence's distinct bigrams) of the documents kept: ~110 bytes
#: each with their units and measures, ~220 MB at most (~5,000 synthetic documents, ~600 laws)
ENTRIES_KEPT = 2_000_000
_kept: OrderedDict[Hashable, Document] = OrderedDict()
_entries_kept = [0]


def _entries(d: Document) -> int:
    return len(d.matrix.ids) + len(d.units)


def kept_document(key: Hashable, measures: Callable[[], Sequence[Measure]]) -> Document:
    """The prepared document of ``key`` (e.g. a content hash): made from ``measures()`` the
    first time, then kept (those last used, within :data:`ENTRIES_KEPT` and
    :data:`DOCUMENTS_KEPT`).

    >>> from kg.models import Span
    >>> calls = []
    >>> def ms(): calls.append(1); return [Measure("1", "1", "（一）建设产教融合实训基地。", Span(0, 14))]
    >>> key = ("doctest", object())  # a key no earlier call kept
    >>> kept_document(key, ms) is kept_document(key, ms), len(calls)
    (True, 1)
    """
    d = _kept.get(key)
    if d is None:
        d = _kept[key] = document(measures())
        _entries_kept[0] += _entries(d)
        while len(_kept) > 1 and (_entries_kept[0] > ENTRIES_KEPT or len(_kept) > DOCUMENTS_KEPT):
            _entries_kept[0] -= _entries(_kept.popitem(last=False)[1])
    else:
        _kept.move_to_end(key)
    return d


@lru_cache(maxsize=1 << 14)
def _measure_term(policy: str, key: str) -> str:
    """The IRI of measure ``key`` of ``policy`` as an N-Quads term (:func:`kg.sinks.rdf.measure_term`),
    made once per process for a directive's measures, which the documents of many runs take up
    (those last used: a few MB)."""
    from kg.sinks.rdf import measure_term

    return measure_term(measure_node(policy, key))


def take_up_quads(pairs: Sequence[tuple[str, str]], measures_of: Callable[[str], Sequence[Measure]],
                  settings: Settings | None = None, key_of: Callable[[str], Hashable] | None = None,
                  kept: KeptPairs | None = None, sha_of: Callable[[str], str] | None = None, text: bool = False,
                  title_of: Callable[[str, str], str] | None = None) -> Iterator[Any]:
    """The quads of the TAKES_UP edges of the (local, parent) policy ``pairs``;
    ``measures_of(policy)`` gives a document's measures. With ``key_of(policy)`` (a key that
    changes when the document does, e.g. its content hash), parents are prepared once per
    process (:func:`kept_document`): a build calls this once per local document, and the
    laws they implement recur; local documents are prepared once per call. With ``kept`` and
    ``sha_of(policy)`` (the document's content hash) the pairs of each edge are kept there
    for the graphs made later (the edges of one local document at once, :meth:`KeptPairs.put_all`:
    ``pairs`` come sorted by local document), and read back from there by a build that finds
    them. ``title_of(local, parent)``: the parent's title when the local document names the
    articles of its text (:func:`kg.align.core.numbered_as_cited`), asked only for the
    articles a local measure names (:func:`edge_rows`). With ``text``, the quads are lines of N-Quads (:class:`kg.sinks.rdf.TextTerms`), a
    string holding the lines of each edge's pairs (:func:`kg.sinks.rdf.text_lines` counts them)."""
    from kg.sinks.rdf import QuadWriter, measure_term

    w = QuadWriter(nx.MultiDiGraph(), text=text)
    here: dict[str, Document] = {}

    def local(p: str) -> Document:
        if key_of is not None and key_of(p) in _kept:
            return kept_document(key_of(p), lambda: measures_of(p))
        if p not in here:
            here[p] = document(measures_of(p))
        return here[p]

    def parent(p: str) -> Document:
        if key_of is None:
            return local(p)
        return kept_document(key_of(p), lambda: measures_of(p))

    how = method(_settings(settings, kept))
    new: dict[str, list[list[Any]]] = {}  # the rows aligned for the local document of the edges in hand
    terms: dict[tuple[str, str], str] = {}  # (policy, measure key) -> the local measure's IRI as text, made once per call

    def term(policy: str, key: str) -> str:
        made = terms.get((policy, key))
        if made is None:
            made = terms[(policy, key)] = measure_term(measure_node(policy, key))
        return made

    for x, (u, v) in enumerate(pairs):
        shas = (sha_of(u), sha_of(v)) if sha_of is not None else None
        found = edge_rows(lambda u=u: local(u), lambda v=v: parent(v), settings, kept, shas, new,  # type: ignore[misc]
                          (lambda u=u, v=v: title_of(u, v)) if title_of is not None else "")  # type: ignore[misc]
        # the measures' nodes are written from the same extractions, with their text and start
        if text:  # the lines of the edge's pairs as one string
            if found:
                line = w.take_up_text
                yield "".join([line(term(u, r[0]), _measure_term(v, r[1]), r[4],
                                    (r[6] if r[5] else None, r[9] if r[8] else None), how,
                                    (r[7] if runs_on(r[5]) else None, r[10] if runs_on(r[8]) else None)) for r in found])
        else:
            for r in found:
                yield from w.edge(measure_node(u, r[0]), measure_node(v, r[1]),
                                  {**take_up_attrs(pair_of(r), u, v, how), "passages_in_measures": True})
        if new and (x + 1 == len(pairs) or pairs[x + 1][0] != u):  # the last edge of this local document
            kept.put_rows(shas[0], new)  # type: ignore[union-attr, index]
            new = {}
