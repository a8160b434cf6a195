"""Score extractions against gold annotations, by set and by kind of document.

The rules are those of the annotation format, ``../shared/gold/FORMAT.md`` (the project's
copy ``seeds/gold/FORMAT.md`` is kept identical to it by a test), section "Scoring" and "Validity":

* per document and field: true positives, false positives and false negatives; a set adds
  them over its documents (micro-average) and gives precision, recall and F1;
* single-valued fields (doc_number, title, date, level, region, validity.effective,
  validity.expires): a non-null prediction equal to the gold value after normalisation is a
  true positive; a wrong one is a false positive and, when gold has a value, also a false
  negative; a missing one is a false negative; both null count nothing;
* list fields (issuers, citations, responsibilities, institutions, targets,
  validity.repeals): predicted and gold items are matched one to one (a maximum matching,
  so the order of the items never matters); a gold item marked ``"optional": true`` neither
  counts for (no true positive when found, and the prediction it matches is no false
  positive) nor against (no false negative when missed);
* a field left out of a gold file (no ``policy`` for a text without its header, no
  ``targets`` key) is not scored for that document; an empty list is scored (every
  predicted item is then a false positive).

``issuers`` and ``region`` are annotated in every gold file and scored like the fields the
section names (issuers: names equal without white space; region: exact).

Each document also gets a *kind*, read from the document and its gold file, never from
its file name (:func:`document_kind`), so that a set is reported by kind as well.

>>> counts = score_document({"policy": {"doc_number": "国发〔2019〕4号"}}, {"policy": {"doc_number": "国发[2019]4号"}})
>>> counts["doc_number"]
Counts(tp=1, fp=0, fn=0)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.extract.docnumber import is_placeholder, normalise_doc_number
from kg.extract import regexes as rx
from kg.extract.enactment import find_enactment

POLICY_FIELDS = ("doc_number", "title", "issuers", "date", "level", "region")
LIST_FIELDS = (
    "citations",
    "citations+relation",
    "responsibilities",
    "responsibilities+role",
    "institutions",
    "targets",
)
VALIDITY_FIELDS = ("validity.effective", "validity.expires", "validity.repeals")
ALL_FIELDS = POLICY_FIELDS + LIST_FIELDS + VALIDITY_FIELDS

Item = dict[str, Any]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float | int]:
        """Every figure, for JSON.

        >>> Counts(3, 1, 0).figures()["precision"]
        0.75
        """
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


# --- normalisation and matching ---------------------------------------------------------


def norm_title(t: Any) -> str:
    """Titles compare without white space and book-title marks (outer or inner).

    >>> norm_title(" 《浙江省实施〈中华人民共和国献血法〉办法》")
    '浙江省实施中华人民共和国献血法办法'
    """
    return re.sub(r"[\s《》〈〉]", "", str(t)) if t is not None else ""


def norm_number(n: Any) -> str | None:
    """A 发文字号 in its normal form (any brackets around the year), else without spaces.

    >>> norm_number("国办发[2019] 4号"), norm_number("国务院令 第699号"), norm_number(None)
    ('国办发〔2019〕4号', '国务院令第699号', None)
    """
    if not n:
        return None
    return normalise_doc_number(str(n)) or re.sub(r"\s", "", str(n))


def _squeeze(x: Any) -> str:
    return re.sub(r"\s", "", str(x))


def _single(gold: Any, pred: Any, norm: Callable[[Any], Any]) -> Counts:
    g = norm(gold) if gold not in (None, "") else None
    p = norm(pred) if pred not in (None, "") else None
    if p is None and g is None:
        return Counts()
    if p is None:
        return Counts(fn=1)
    if g is None:
        return Counts(fp=1)
    return Counts(tp=1) if p == g else Counts(fp=1, fn=1)


def _match(gold: list[Item], pred: list[Item], same: Callable[[Item, Item], bool]) -> Counts:
    """Counts of a maximum one-to-one matching of ``pred`` to ``gold``.

    Required gold items are matched first (as many as possible), then optional ones take
    what predictions are left; a matched optional item counts nothing, an unmatched
    prediction is a false positive.

    >>> eq = lambda g, p: g["x"] == p["x"]
    >>> _match([{"x": 1}, {"x": 2, "optional": True}], [{"x": 2}, {"x": 3}], eq)
    Counts(tp=0, fp=1, fn=1)
    """
    edges = [[pi for pi, p in enumerate(pred) if same(g, p)] for g in gold]
    owner: list[int | None] = [None] * len(pred)

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in edges[gi]:
            if pi not in seen:
                seen.add(pi)
                if owner[pi] is None or augment(owner[pi], seen):  # type: ignore[arg-type]
                    owner[pi] = gi
                    return True
        return False

    required = [i for i, g in enumerate(gold) if not g.get("optional")]
    optional = [i for i, g in enumerate(gold) if g.get("optional")]
    for gi in required + optional:  # a matched item stays matched when later ones augment
        augment(gi, set())
    matched = {gi for gi in owner if gi is not None}
    tp = sum(1 for gi in required if gi in matched)
    return Counts(tp=tp, fp=owner.count(None), fn=len(required) - tp)


def _same_citation(relation: bool) -> Callable[[Item, Item], bool]:
    """Equal numbers, or for a citation without a number equal titles; a number with
    placeholders names no document alone, so its title must agree too."""

    def same(g: Item, p: Item) -> bool:
        gn, pn = norm_number(g.get("doc_number")), norm_number(p.get("doc_number"))
        placeholder = bool(gn and is_placeholder(gn))
        if gn and not placeholder:
            ok = gn == pn
        elif g.get("title"):
            ok = norm_title(g.get("title")) == norm_title(p.get("title")) and (not placeholder or gn == pn)
        else:
            ok = placeholder and gn == pn
        return ok and (not relation or g.get("relation") == p.get("relation"))

    return same


def _names(item: Item, key: str) -> set[str]:
    return {_squeeze(x) for x in [item.get(key), *(item.get("aliases") or [])] if x}


def _same_responsibility(role: bool) -> Callable[[Item, Item], bool]:
    """Same measure, the predicted department among the gold name and its aliases."""

    def same(g: Item, p: Item) -> bool:
        return (
            str(g.get("measure")) == str(p.get("measure"))
            and _squeeze(p.get("department")) in _names(g, "department")
            and (not role or g.get("role") == p.get("role"))
        )

    return same


def _same_institution(g: Item, p: Item) -> bool:
    return _squeeze(p.get("name")) in _names(g, "name")


def _value(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, str):
        s = re.sub(r"\s", "", v).replace("—", "-").replace("～", "-").replace("~", "-").replace("：", ":")
        try:
            return float(s)
        except ValueError:
            return s
    return v


def _same_target(g: Item, p: Item) -> bool:
    """Value, unit and deadline equal; the indicator is not compared."""
    return (
        _value(g.get("value")) == _value(p.get("value"))
        and (g.get("unit") or None) == (p.get("unit") or None)
        and (str(g["deadline"]) if g.get("deadline") is not None else None)
        == (str(p["deadline"]) if p.get("deadline") is not None else None)
    )


def _policy_counts(gp: Item, pp: Item) -> dict[str, Counts]:
    out: dict[str, Counts] = {}
    for f in ("doc_number", "title", "date", "level", "region"):
        if f in gp:
            norm = {"doc_number": norm_number, "title": norm_title}.get(f, lambda x: str(x).strip())
            out[f] = _single(gp.get(f), pp.get(f), norm)
    if "issuers" in gp:
        out["issuers"] = _match([{"name": x} for x in gp.get("issuers") or []],
                                [{"name": x} for x in pp.get("issuers") or []],
                                lambda g, p: _squeeze(g["name"]) == _squeeze(p["name"]))
    return out


def _validity_counts(gv: Item, pv: Item) -> dict[str, Counts]:
    out: dict[str, Counts] = {}
    for f in ("effective", "expires"):
        if f in gv:
            out[f"validity.{f}"] = _single(gv.get(f), pv.get(f), lambda x: str(x).strip())
    if "repeals" in gv:
        out["validity.repeals"] = _match(list(gv.get("repeals") or []), list(pv.get("repeals") or []), _same_citation(False))
    return out


def score_document(gold: Item, pred: Item) -> dict[str, Counts]:
    """Counts per field for one document (fields absent from ``gold`` are left out).

    >>> g = {"citations": [], "responsibilities": [{"measure": "3", "department": "沈阳市教育局", "aliases": ["市教育局"], "role": "lead"}]}
    >>> p = {"citations": [{"doc_number": None, "title": "X", "relation": "cites"}],
    ...      "responsibilities": [{"measure": "3", "department": "市教育局", "role": "responsible"}]}
    >>> s = score_document(g, p)
    >>> s["citations"], s["responsibilities"], s["responsibilities+role"], "targets" in s
    (Counts(tp=0, fp=1, fn=0), Counts(tp=1, fp=0, fn=0), Counts(tp=0, fp=1, fn=1), False)
    """
    out: dict[str, Counts] = {}
    if isinstance(gold.get("policy"), dict):
        out.update(_policy_counts(gold["policy"], pred.get("policy") or {}))
    lists: tuple[tuple[str, str, Callable[[Item, Item], bool]], ...] = (
        ("citations", "citations", _same_citation(False)),
        ("citations", "citations+relation", _same_citation(True)),
        ("responsibilities", "responsibilities", _same_responsibility(False)),
        ("responsibilities", "responsibilities+role", _same_responsibility(True)),
        ("institutions", "institutions", _same_institution),
        ("targets", "targets", _same_target),
    )
    for key, name, same in lists:
        if key in gold:
            out[name] = _match(list(gold[key] or []), list(pred.get(key) or []), same)
    if isinstance(gold.get("validity"), dict):
        out.update(_validity_counts(gold["validity"], pred.get("validity") or {}))
    return out


def add_counts(per_document: Iterable[Mapping[str, Counts]]) -> dict[str, Counts]:
    """Micro-average: the counts of each field added over documents, in field order.

    >>> add_counts([{"title": Counts(1, 0, 0)}, {"title": Counts(0, 1, 1), "date": Counts(1, 0, 0)}])
    {'title': Counts(tp=1, fp=1, fn=1), 'date': Counts(tp=1, fp=0, fn=0)}
    """
    total: dict[str, Counts] = {}
    for counts in per_document:
        for f, c in counts.items():
            total.setdefault(f, Counts())
            total[f] += c
    return {f: total[f] for f in ALL_FIELDS if f in total}


def score(pairs: list[tuple[Item, Item]]) -> dict[str, Counts]:
    """Micro-averaged counts over ``(gold, predicted)`` pairs."""
    return add_counts(score_document(g, p) for g, p in pairs)


# --- kinds of documents -------------------------------------------------------------------

#: kinds in the order they are reported, with what they mean
KINDS: dict[str, str] = {
    "plan": "plan or notice",
    "law": "law or regulation (articles)",
    "page": "web page with a header table",
    "headerless": "text without its header",
}

#: fields of a page's header table (gov.cn 信息公开 and the like), not the page title alone
HEADER_TABLE_FIELDS = frozenset({"索引号", "主题分类", "发文机关", "发布机构", "发布机关", "成文日期", "标题", "发文字号",
                                 "文号", "统一编号", "实施日期", "失效日期"})


def has_enactment_history(text: str, head: int = 1500) -> bool:
    """Whether the text opens with a law's enactment history under its title (kg.extract.enactment): a
    line that starts with a date and says what a body did (通过, 批准, 修订, 修正, 公布, 发布).

    >>> has_enactment_history("某市条例\\n2020年8月31日 某市人民代表大会常务委员会通过\\n\\n第一条 为了……")
    True
    >>> has_enactment_history("某省条例\\n（2004年7月23日某省人民代表大会常务委员会第十四次会议通过 根据2010年12月23日《关于修改部分地方性法规的决定》修正）\\n第一条")
    True
    >>> has_enactment_history("某方案\\n为落实……，经2021年5月1日市政府常务会议审议通过，现印发。\\n第一条 ……")
    False
    >>> has_enactment_history("某通告\\n2025年3月20日，市住房保障办在网站公布房源。")
    False
    """
    return bool(find_enactment(text[:head]))


def article_count(text: str) -> int:
    """Lines that open an article (第X条).

    >>> article_count("第一章 总则\\n第一条 为了……\\n  第二条 本条例……\\n依照第三条处理")
    2
    """
    return len(rx.ARTICLE_HEAD.findall(text))


def has_header_table(fmt: str, metadata: Mapping[str, str] | None) -> bool:
    """An HTML page whose metadata came from a header table (two fields or more).

    >>> has_header_table("html", {"页面标题": "x", "来源": "y"}), has_header_table("html", {"索引号": "1", "成文日期": "2"})
    (False, True)
    """
    return fmt == "html" and len(HEADER_TABLE_FIELDS & set(metadata or {})) >= 2


def _identity(policy: Any) -> bool:
    return isinstance(policy, dict) and any(policy.get(k) for k in ("title", "doc_number", "date"))


def document_kind(text: str, fmt: str = "text", metadata: Mapping[str, str] | None = None,
                  gold: Item | None = None, pred: Item | None = None) -> str:
    """The kind of a document, from its text, its format and its annotation (never its name).

    In order: ``headerless`` when the gold has no ``policy`` or no title, number or date
    (without gold: when the extraction finds none); ``page`` for an HTML page with a header
    table; ``law`` for a text with an enactment history, or with articles (第X条) and a title
    ending like legislation (法, 条例, 办法 …); ``plan`` otherwise (plans, opinions, notices).

    >>> document_kind("一、总体要求\\n（一）……", gold={"citations": []})
    'headerless'
    >>> document_kind("某某条例\\n第一条 ……\\n第二条 ……", gold={"policy": {"title": "某某条例"}})
    'law'
    >>> document_kind("x", "html", {"索引号": "1", "发文字号": "2"}, gold={"policy": {"title": "某某办法"}})
    'page'
    >>> document_kind("关于……的实施方案\\n一、……", pred={"policy": {"title": "关于……的实施方案"}})
    'plan'
    """
    if gold is not None and set(gold) <= {"source", "sha256", "validity"}:
        gold = None  # a validity-only annotation says nothing of the kind: read the extraction
    if gold is not None:
        if not _identity(gold.get("policy")):
            return "headerless"
        title = gold["policy"].get("title")
    else:
        if not _identity((pred or {}).get("policy")):
            return "headerless"
        title = (pred or {})["policy"].get("title")
    if has_header_table(fmt, metadata):
        return "page"
    if has_enactment_history(text):
        return "law"
    if article_count(text) >= 2 and title and rx.LEGISLATION_TITLE.search(norm_title(title)):
        return "law"
    return "plan"


# --- sets -------------------------------------------------------------------------------


@dataclass
class DocScore:
    source: str
    kind: str
    counts: dict[str, Counts]


@dataclass
class SetScore:
    """One annotated set: each document's counts and kind."""

    gold_dir: str
    docs_dir: str
    documents: list[DocScore] = field(default_factory=list)

    def totals(self) -> dict[str, Counts]:
        return add_counts(d.counts for d in self.documents)

    def by_kind(self) -> dict[str, tuple[int, dict[str, Counts]]]:
        """Kind -> (documents, counts micro-averaged over them), kinds in :data:`KINDS` order."""
        out: dict[str, tuple[int, dict[str, Counts]]] = {}
        for kind in KINDS:
            docs = [d for d in self.documents if d.kind == kind]
            if docs:
                out[kind] = (len(docs), add_counts(d.counts for d in docs))
        return out

    def to_json(self) -> dict[str, Any]:
        """Every figure. The set's own figures stay at the top level under the field names
        (``{"title": {"tp": …, "f1": …}, …}``), beside ``gold``, ``docs``, ``documents``,
        ``kinds`` (kind -> documents and figures per field) and ``per_document``."""
        out: dict[str, Any] = {f: c.figures() for f, c in self.totals().items()}
        out.update({
            "gold": self.gold_dir,
            "docs": self.docs_dir,
            "documents": len(self.documents),
            "kinds": {k: {"label": KINDS[k], "documents": n, "fields": {f: c.figures() for f, c in counts.items()}}
                      for k, (n, counts) in self.by_kind().items()},
            "per_document": [{"source": d.source, "kind": d.kind, "fields": {f: c.figures() for f, c in d.counts.items()}}
                             for d in self.documents],
        })
        return out


def score_documents(gold_dir: str, docs_dir: str, items: Iterable[tuple[Item, Item, str]]) -> SetScore:
    """A set from ``(gold, predicted, kind)`` triples.

    >>> s = score_documents("g", "d", [({"source": "a", "policy": {"title": "T"}}, {"policy": {"title": "T"}}, "plan")])
    >>> s.totals()["title"], list(s.by_kind())
    (Counts(tp=1, fp=0, fn=0), ['plan'])
    """
    return SetScore(gold_dir, docs_dir, [DocScore(str(g.get("source")), kind, score_document(g, p)) for g, p, kind in items])


def read_gold_files(gold_dir: Path, warn: Callable[[str], None]) -> list[Item]:
    """The gold files of a folder (``*.json`` with a ``source``), sorted by file name."""
    out: list[Item] = []
    for g in sorted(gold_dir.glob("*.json")):
        try:
            gold = json.loads(g.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            warn(f"{g}: not a gold file ({exc})")
            continue
        if isinstance(gold, dict) and "source" in gold:
            out.append(gold)
    return out


def evaluate_set(gold_dir: Path, docs_dir: Path, warn: Callable[[str], None]) -> SetScore:
    """Extract every document a gold file of ``gold_dir`` names and score it.

    A document that cannot be read is scored as an empty prediction (and reported)."""
    from kg.ingest import IngestError, read_document
    from kg.pipeline import Failure, extract_file

    items: list[tuple[Item, Item, str]] = []
    for gold in read_gold_files(gold_dir, warn):
        path = str(docs_dir / gold["source"])
        res = extract_file(path)
        pred: Item = {"policy": {}} if isinstance(res, Failure) else res.to_gold(provenance=False)
        if isinstance(res, Failure):
            warn(str(res))
        try:
            src = read_document(path)
            kind = document_kind(src.text, src.format, src.metadata, gold, pred)
        except IngestError:
            kind = document_kind("", gold=gold, pred=pred)
        items.append((gold, pred, kind))
    return score_documents(str(gold_dir), str(docs_dir), items)
