"""Score extractions against gold annotations (``seeds/gold/FORMAT.md``).

Per document and field: true positives, false positives and false negatives; the table
adds them over documents (micro-average) and gives precision, recall and F1.

* single-valued fields (doc_number, title, date, level, region): a non-null prediction equal
  to the gold value (after normalisation) is a true positive; a wrong one is a false
  positive, and also a false negative when gold has a value; a missing one is a false
  negative; both null counts nothing.
* list fields (issuers, citations, responsibilities, institutions, targets): items are
  matched one to one; gold items marked ``"optional": true`` neither reward nor punish.
* a field absent from a gold file is not scored for that document; an empty list is.

>>> counts = score_document({"policy": {"doc_number": "国发〔2019〕4号"}}, {"policy": {"doc_number": "国发[2019]4号"}})
>>> counts["doc_number"]
Counts(tp=1, fp=0, fn=0)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.extract.docnumber import normalise_doc_number

POLICY_FIELDS = ("doc_number", "title", "issuers", "date", "level", "region")
LIST_FIELDS = (
    "citations",
    "citations+relation",
    "responsibilities",
    "responsibilities+role",
    "institutions",
    "targets",
)
ALL_FIELDS = POLICY_FIELDS + LIST_FIELDS


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


def norm_title(t: Any) -> str:
    """Titles compare without white space and book-title marks."""
    return re.sub(r"[\s《》]", "", str(t)) if t is not None else ""


def norm_number(n: Any) -> str | None:
    if not n:
        return None
    return normalise_doc_number(str(n)) or re.sub(r"\s", "", str(n))


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


def _match(gold: list[dict[str, Any]], pred: list[dict[str, Any]], same: Callable[[dict[str, Any], dict[str, Any]], bool]) -> Counts:
    """One-to-one greedy matching; required gold items are matched first."""
    counts = Counts()
    free = list(range(len(pred)))
    order = sorted(range(len(gold)), key=lambda i: bool(gold[i].get("optional")))
    for gi in order:
        g = gold[gi]
        hit = next((pi for pi in free if same(g, pred[pi])), None)
        if hit is None:
            if not g.get("optional"):
                counts.fn += 1
            continue
        free.remove(hit)
        if not g.get("optional"):
            counts.tp += 1
    counts.fp += len(free)
    return counts


def _same_citation(relation: bool) -> Callable[[dict[str, Any], dict[str, Any]], bool]:
    def same(g: dict[str, Any], p: dict[str, Any]) -> bool:
        gn, pn = norm_number(g.get("doc_number")), norm_number(p.get("doc_number"))
        placeholder = bool(gn and re.search(r"[XＸ×某]", gn))
        if gn and not placeholder:
            ok = gn == pn
        else:
            ok = bool(g.get("title")) and norm_title(g.get("title")) == norm_title(p.get("title"))
            if placeholder:
                ok = ok and gn == pn
        return ok and (not relation or g.get("relation") == p.get("relation"))

    return same


def _names(item: dict[str, Any], key: str) -> set[str]:
    return {re.sub(r"\s", "", x) for x in [item.get(key), *(item.get("aliases") or [])] if x}


def _same_responsibility(role: bool) -> Callable[[dict[str, Any], dict[str, Any]], bool]:
    def same(g: dict[str, Any], p: dict[str, Any]) -> bool:
        return (
            str(g.get("measure")) == str(p.get("measure"))
            and re.sub(r"\s", "", str(p.get("department"))) in _names(g, "department")
            and (not role or g.get("role") == p.get("role"))
        )

    return same


def _same_institution(g: dict[str, Any], p: dict[str, Any]) -> bool:
    return re.sub(r"\s", "", str(p.get("name"))) in _names(g, "name")


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


def _same_target(g: dict[str, Any], p: dict[str, Any]) -> bool:
    return (
        _value(g.get("value")) == _value(p.get("value"))
        and (g.get("unit") or None) == (p.get("unit") or None)
        and (str(g["deadline"]) if g.get("deadline") is not None else None)
        == (str(p["deadline"]) if p.get("deadline") is not None else None)
    )


def score_document(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Counts]:
    """Counts per field for one document (fields absent from ``gold`` are left out)."""
    out: dict[str, Counts] = {}
    gp, pp = gold.get("policy") or {}, pred.get("policy") or {}
    for f in ("doc_number", "title", "date", "level", "region"):
        if f in gp:
            norm = {"doc_number": norm_number, "title": norm_title}.get(f, lambda x: str(x).strip())
            out[f] = _single(gp.get(f), pp.get(f), norm)
    if "issuers" in gp:
        out["issuers"] = _match(
            [{"name": x} for x in gp.get("issuers") or []],
            [{"name": x} for x in pp.get("issuers") or []],
            lambda g, p: re.sub(r"\s", "", g["name"]) == re.sub(r"\s", "", p["name"]),
        )
    if "citations" in gold:
        out["citations"] = _match(gold["citations"], pred.get("citations") or [], _same_citation(False))
        out["citations+relation"] = _match(gold["citations"], pred.get("citations") or [], _same_citation(True))
    if "responsibilities" in gold:
        out["responsibilities"] = _match(gold["responsibilities"], pred.get("responsibilities") or [], _same_responsibility(False))
        out["responsibilities+role"] = _match(gold["responsibilities"], pred.get("responsibilities") or [], _same_responsibility(True))
    if "institutions" in gold:
        out["institutions"] = _match(gold["institutions"], pred.get("institutions") or [], _same_institution)
    if "targets" in gold:
        out["targets"] = _match(gold["targets"], pred.get("targets") or [], _same_target)
    return out


def score(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Counts]:
    """Micro-averaged counts over ``(gold, predicted)`` pairs."""
    total: dict[str, Counts] = {}
    for gold, pred in pairs:
        for f, c in score_document(gold, pred).items():
            total.setdefault(f, Counts())
            total[f] += c
    return {f: total[f] for f in ALL_FIELDS if f in total}
