"""Analysts' corrections: kept apart from what the extractor reads, applied again on every
build, each naming who made it, when and why.

The corrections of a workspace live in ``WORKSPACE/corrections.tsv``: one line per
operation, tab-separated, appended in time order, meant to be kept in version control and
reviewed like code (a line is one change; a diff shows who changed what and why)::

    # id	when	who	op	doc	target	value	why
    c1a2b3c4	2026-11-26T04:50:00Z	王分析	set-policy	锡教发〔2020〕86号	date	2020-05-12	落款日期

Columns: ``id`` (a short stable name of the line), ``when`` (ISO time), ``who`` (the
analyst), ``op`` (below), ``doc`` (the document: its 发文字号 as extracted, its file name,
or the first 8+ hex digits of its content hash; ``*`` for every document), ``target`` and
``value`` (what the operation changes, fields of a compound value separated by ``|``),
``why`` (the reason, free text). Values hold no tab or line break.

=======================  ===================================  ================================
op                       target                               value
=======================  ===================================  ================================
set-policy               title|date|level|region|doc_number   the new value (发文字号 = doc_number)
unset-policy             a field as above                     (empty)
merge-departments        the department merged away           the department it is part of
split-alias              the department                       the alias that names another body
                                                              (in one document: its responsibilities
                                                              there go to that body)
set-responsibility       measure|department|role              measure|department|role (empty keeps)
remove-responsibility    measure|department|role (role opt.)  (empty)
retarget-citation        cited 发文字号 or title as extracted  new 发文字号 or title
remove-citation          cited 发文字号 or title as extracted  (empty)
add-citation             (empty)                              relation|发文字号|title
=======================  ===================================  ================================

:func:`apply` is a pure function of one extraction: the resolution (``kg.graph.resolve``)
passes every extraction through it as it enters, the same for the in-memory and the
streaming build, and marks the facts a correction made (:class:`Corrected`), so that the
RDF, Neo4j and the views can say so. What a correction could not find is reported with its
reason (:class:`Outcome`), never dropped.

>>> c = Correction("x1", "2026-11-26T00:00:00Z", "王", "set-policy", "a.txt", "date", "2020-05-12", "落款日期")
>>> parse_line(format_line(c)) == c
True
>>> from kg.models import Extraction, PolicyInfo
>>> e = Extraction("a.txt", "a" * 64, PolicyInfo(doc_number="锡教发〔2020〕86号", title="甲"))
>>> book = Book([c])
>>> book.apply(e).policy.date, e.policy.date
('2020-05-12', None)
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.models import Citation, Extraction, Responsibility, Span
from kg.schema import Level, Relation, Role
from kg.workspace import WorkspaceError

FILE_NAME = "corrections.tsv"
COLUMNS = ("id", "when", "who", "op", "doc", "target", "value", "why")
HEADER = "# " + "\t".join(COLUMNS)
#: every document (operations on departments)
ALL = "*"
POLICY_FIELDS = ("title", "date", "level", "region", "doc_number")
FIELD_ALIASES = {"发文字号": "doc_number", "文号": "doc_number", "标题": "title", "日期": "date", "层级": "level", "地区": "region"}
OPS = ("set-policy", "unset-policy", "merge-departments", "split-alias", "set-responsibility", "remove-responsibility",
       "retarget-citation", "remove-citation", "add-citation")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CorrectionError(WorkspaceError, ValueError):
    """A line that is not a correction (said with its line number)."""


@dataclass(frozen=True)
class Correction:
    """One line of the corrections file."""

    id: str
    when: str
    who: str
    op: str
    doc: str
    target: str
    value: str
    why: str

    def parts(self, text: str, n: int = 3) -> list[str]:
        """A compound value's fields (``measure|department|role``), padded to ``n``."""
        out = [p.strip() for p in text.split("|")]
        return out + [""] * (n - len(out))

    def as_mark(self) -> dict[str, str]:
        """What a corrected fact records of the correction that made it."""
        return {"id": self.id, "op": self.op, "who": self.who, "when": self.when, "why": self.why}

    def describe(self) -> str:
        arrow = f" → {self.value}" if self.value else ""
        return f"{self.op} {self.doc} {self.target}{arrow}".replace("  ", " ")


def policy_field(name: str) -> str:
    """The field of a policy a correction names (Chinese names too).

    >>> policy_field("发文字号"), policy_field("title")
    ('doc_number', 'title')
    """
    f = FIELD_ALIASES.get(name.strip(), name.strip())
    if f not in POLICY_FIELDS:
        raise CorrectionError(f"{name!r} is not a field of a policy one can correct ({', '.join(POLICY_FIELDS)}, 发文字号)")
    return f


def validate(c: Correction) -> Correction:
    """``c`` if it is well formed; else :class:`CorrectionError` saying what is wrong."""
    if c.op not in OPS:
        raise CorrectionError(f"unknown operation {c.op!r} (one of {', '.join(OPS)})")
    for name in COLUMNS:
        if re.search(r"[\t\r\n]", getattr(c, name)):
            raise CorrectionError(f"the {name} holds a tab or a line break")
    if not c.who.strip() or not c.why.strip():
        raise CorrectionError("every correction names who made it and why")
    if not c.doc.strip():
        raise CorrectionError("every correction names its document (发文字号, file name, content hash, or * for all)")
    if c.doc == ALL and c.op not in ("merge-departments", "split-alias"):
        raise CorrectionError(f"{c.op} names one document, not *")
    if c.op in ("set-policy", "unset-policy"):
        f = policy_field(c.target)
        if c.op == "set-policy" and f == "level" and c.value not in Level._value2member_map_:
            raise CorrectionError(f"a level is one of {', '.join(lv.value for lv in Level)}")
        if c.op == "set-policy" and f == "date" and not _DATE.match(c.value):
            raise CorrectionError("a date is written yyyy-mm-dd")
    if c.op in ("set-policy", "merge-departments", "split-alias", "retarget-citation", "set-responsibility") and not c.value.strip():
        raise CorrectionError(f"{c.op} needs a value")
    if c.op != "add-citation" and not c.target.strip():
        raise CorrectionError(f"{c.op} needs a target")
    for text in ([c.target] if "responsibility" in c.op else []) + ([c.value] if c.op == "set-responsibility" else []):
        role = c.parts(text)[2]
        if role and role not in Role._value2member_map_:
            raise CorrectionError(f"a role is one of {', '.join(r.value for r in Role)}")
    if c.op == "add-citation":
        rel, number, title = c.parts(c.value)
        if rel not in Relation._value2member_map_ or not (number or title):
            raise CorrectionError("add-citation takes relation|发文字号|title (relation one of implements, cites, plans)")
    return c


def new_id(*parts: str) -> str:
    """A short id for a new line, from what it says (stable, unlikely to repeat)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:8]


def make(op: str, doc: str, target: str, value: str, who: str, why: str, when: str | None = None) -> Correction:
    """A new, validated correction stamped with the time (UTC) and an id."""
    when = when or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if op in ("set-policy", "unset-policy"):
        target = policy_field(target)
    return validate(Correction(new_id(when, who, op, doc, target, value, why), when, who.strip(), op, doc.strip(),
                               target.strip(), value.strip(), why.strip()))


def format_line(c: Correction) -> str:
    return "\t".join(getattr(c, name) for name in COLUMNS)


def parse_line(line: str) -> Correction:
    cells = line.rstrip("\r\n").split("\t")
    if len(cells) != len(COLUMNS):
        raise CorrectionError(f"{len(cells)} columns, not {len(COLUMNS)} ({', '.join(COLUMNS)})")
    return validate(Correction(*cells))


def parse(text: str, where: str = FILE_NAME) -> list[Correction]:
    """Every correction of a file's text; a bad line raises, naming its line number."""
    out: list[Correction] = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            out.append(parse_line(line))
        except CorrectionError as exc:
            raise CorrectionError(f"{where}, line {i}: {exc}") from None
    return out


def corrections_path(root: str | Path) -> Path:
    return Path(root) / FILE_NAME


def read(root: str | Path) -> list[Correction]:
    """The corrections of the workspace at ``root`` (none if it has no file)."""
    path = corrections_path(root)
    return parse(path.read_text(encoding="utf-8"), str(path)) if path.exists() else []


def append(root: str | Path, c: Correction) -> None:
    """Add a line to the workspace's corrections file (created with its header)."""
    path = corrections_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    head = "" if path.exists() and path.stat().st_size else HEADER + "\n"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(head + format_line(validate(c)) + "\n")


@lru_cache(maxsize=4)
def _cached(path: str, _mtime: int, _size: int) -> Book:
    return Book(read(Path(path).parent))


def workspace_book(root: str | Path) -> Book:
    """The corrections of a workspace, read once per version of the file (workers share it)."""
    path = corrections_path(root)
    if not path.exists():
        return Book([])
    st = path.stat()
    return _cached(str(path), st.st_mtime_ns, st.st_size)


# --- applying ------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a correction did to one document: applied, or not, and why not."""

    id: str
    applied: bool
    reason: str = ""


@dataclass
class Corrected(Extraction):
    """An extraction after corrections, with the marks of the facts they made."""

    #: corrections of the policy's own fields
    policy_marks: list[dict[str, str]] = field(default_factory=list)
    #: (department, role, span start, span end) of a corrected responsibility -> marks
    responsibility_marks: dict[tuple[str, str, int, int], list[dict[str, str]]] = field(default_factory=dict)
    #: (relation, span start, cited number, cited title) of a corrected citation -> marks
    citation_marks: dict[tuple[str, int, str | None, str | None], list[dict[str, str]]] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)


def _copy(e: Extraction) -> Corrected:
    """A copy of ``e`` the operations may change without touching ``e``: they replace the
    attributes of its policy, citations and responsibilities, never change a list in place."""
    policy = copy.copy(e.policy)
    policy.spans = dict(policy.spans)
    return Corrected(e.source, e.sha256, policy, [copy.copy(c) for c in e.citations], list(e.measures),
                     [copy.copy(r) for r in e.responsibilities], list(e.institutions), list(e.targets), list(e.warnings))


class Book:
    """The corrections of a workspace, indexed for applying them document by document."""

    def __init__(self, corrections: list[Correction]) -> None:
        self.corrections = list(corrections)
        self.by_doc: dict[str, list[Correction]] = {}
        self.everywhere: list[Correction] = []
        #: the corrections of every document, by the department they name
        self.by_department: dict[str, list[Correction]] = {}
        self.order = {id(c): i for i, c in enumerate(self.corrections)}
        for c in self.corrections:
            (self.everywhere if c.doc == ALL else self.by_doc.setdefault(c.doc, [])).append(c)
            if c.doc == ALL:
                self.by_department.setdefault(c.target, []).append(c)
        self.hashes = [k for k in self.by_doc if len(k) >= 8 and re.fullmatch(r"[0-9a-f]+", k)]

    def __len__(self) -> int:
        return len(self.corrections)

    def for_document(self, e: Extraction) -> list[Correction]:
        """The corrections that name ``e`` (those of every document only where it names their
        department, or a department a correction before them made), in the file's order."""
        keys = {e.policy.doc_number, e.source, Path(e.source).name, *(k for k in self.hashes if e.sha256.startswith(k))}
        mine = [c for k in keys if k in self.by_doc for c in self.by_doc[k]]
        if self.everywhere:
            names = {r.department for r in e.responsibilities} | {c.value for c in mine if c.op == "merge-departments"}
            found: list[Correction] = []
            while names:  # a merge names the department another correction of every document may name
                hit = [c for name in names for c in self.by_department.get(name, []) if c not in found]
                found.extend(hit)
                names = {c.value for c in hit if c.op == "merge-departments"}
            mine.extend(found)
        return sorted(mine, key=lambda c: self.order[id(c)])

    def apply(self, e: Extraction) -> Extraction:
        """``e`` corrected (a :class:`Corrected` copy), or ``e`` itself when nothing names it."""
        todo = self.for_document(e)
        if not todo:
            return e
        out = _copy(e)
        for c in todo:
            reason = OPERATIONS[c.op](out, c)
            if reason is None or c.doc != ALL:  # a department not named here is no news for every document
                out.outcomes.append(Outcome(c.id, reason is None, reason or ""))
        return out

    def mark_shared(self, g: Any) -> None:
        """Mark the department nodes of the shared graph that merges and splits made."""
        for c in self.everywhere + [c for cs in self.by_doc.values() for c in cs if c.op in ("merge-departments", "split-alias")]:
            name = c.value if c.op == "merge-departments" else (c.target if c.op == "split-alias" else None)
            node = f"department:{name}"
            if name and node in g:
                g.nodes[node].setdefault("corrections", []).append(c.as_mark())

    def status(self, outcomes: list[Outcome]) -> list[Status]:
        """Whether each correction still applies, from the outcomes of the documents."""
        seen: dict[str, list[Outcome]] = {}
        for o in outcomes:
            seen.setdefault(o.id, []).append(o)
        out = []
        for c in self.corrections:
            got = seen.get(c.id, [])
            if any(o.applied for o in got):
                out.append(Status(c, True, f"applies to {sum(o.applied for o in got)} document(s)"))
            elif got:
                out.append(Status(c, False, "; ".join(dict.fromkeys(o.reason for o in got))))
            elif c.doc == ALL:
                out.append(Status(c, False, f"no document names {c.target}" + (f" as {c.value}" if c.op == "split-alias" else "")))
            else:
                out.append(Status(c, False, f"no document {c.doc} in the workspace"))
        return out

    def check(self, extractions: Any) -> list[Status]:
        """The status of every correction over the (uncorrected) extractions."""
        outcomes: list[Outcome] = []
        for e in extractions:
            res = self.apply(e)
            outcomes.extend(getattr(res, "outcomes", []))
        return self.status(outcomes)


@dataclass
class Status:
    correction: Correction
    applies: bool
    reason: str


# --- the operations: each changes a Corrected in place, returns None or why it could not ---


def _set_policy(e: Corrected, c: Correction) -> str | None:
    f = policy_field(c.target)
    value = c.value if c.op == "set-policy" else None
    setattr(e.policy, f, value)
    e.policy.spans.pop(f, None)
    e.policy_marks.append(c.as_mark())
    return None


def _mark_resp(e: Corrected, r: Responsibility, c: Correction) -> None:
    e.responsibility_marks.setdefault((r.department, r.role, r.span.start, r.span.end), []).append(c.as_mark())


def _merge(e: Corrected, c: Correction) -> str | None:
    hit = [r for r in e.responsibilities if r.department == c.target]
    for r in hit:
        r.department = c.value
        r.aliases = [a for a in dict.fromkeys([*r.aliases, c.target]) if a != c.value]
        _mark_resp(e, r, c)
    return None if hit else f"no responsibility of {c.target} in {Path(e.source).name}"


def _split(e: Corrected, c: Correction) -> str | None:
    """The alias is no name of the department; in a document named, the responsibilities
    read under it are another body's, the alias its name."""
    hit = [r for r in e.responsibilities if r.department == c.target and c.value in r.aliases]
    for r in hit:
        r.aliases = [a for a in r.aliases if a != c.value]
        if c.doc != ALL:
            r.department = c.value
        _mark_resp(e, r, c)
    return None if hit else f"{c.target} is not called {c.value} in {Path(e.source).name}"


def _find_resp(e: Corrected, c: Correction) -> list[Responsibility] | str:
    measure, dept, role = c.parts(c.target)
    hit = [r for r in e.responsibilities if (not measure or measure in (r.measure, r.measure_key))
           and (not dept or r.department == dept) and (not role or r.role == role)]
    return hit or f"no responsibility {c.target} in {Path(e.source).name}"


def _set_resp(e: Corrected, c: Correction) -> str | None:
    hit = _find_resp(e, c)
    if isinstance(hit, str):
        return hit
    measure, dept, role = c.parts(c.value)
    for r in hit:
        if measure:
            target = next((m for m in e.measures if measure in (m.number, m.key)), None)
            r.measure, r.measure_key = (target.number, target.key) if target else (measure, None)
        r.department = dept or r.department
        r.role = role or r.role
        _mark_resp(e, r, c)
    return None


def _find_citations(e: Corrected, c: Correction) -> list[Citation] | str:
    hit = [x for x in e.citations if c.target in (x.doc_number, x.title)]
    return hit or f"no citation of {c.target} in {Path(e.source).name}"


def _mark_cit(e: Corrected, x: Citation, c: Correction) -> None:
    e.citation_marks.setdefault((x.relation, x.span.start, x.doc_number, x.title), []).append(c.as_mark())


def _is_number(text: str) -> bool:
    return bool(re.search(r"[〔\[［(（]\d{4}[〕\]］)）]|第\d+号|\d+号$", text))


def _retarget(e: Corrected, c: Correction) -> str | None:
    hit = _find_citations(e, c)
    if isinstance(hit, str):
        return hit
    for x in hit:
        if _is_number(c.value):
            x.doc_number, x.title = c.value, None
        else:
            x.doc_number, x.title = None, c.value
        x.issuer = x.level = x.region = None
        x.placeholder = False
        _mark_cit(e, x, c)
    return None


def _remover(find: Callable[[Corrected, Correction], list[Any] | str], records: str) -> Callable[[Corrected, Correction], str | None]:
    """A correction that removes the records ``find`` finds from the list ``records`` of the
    extraction (or says why it cannot)."""
    def remove(e: Corrected, c: Correction) -> str | None:
        hit = find(e, c)
        if isinstance(hit, str):
            return hit
        setattr(e, records, [x for x in getattr(e, records) if all(x is not h for h in hit)])
        return None
    return remove


_remove_resp = _remover(_find_resp, "responsibilities")
_remove_cit = _remover(_find_citations, "citations")


def _add_cit(e: Corrected, c: Correction) -> str | None:
    rel, number, title = c.parts(c.value)
    x = Citation(number or None, title or None, rel, Span(0, 0), sentence="")
    e.citations.append(x)
    _mark_cit(e, x, c)
    return None


OPERATIONS = {
    "set-policy": _set_policy, "unset-policy": _set_policy, "merge-departments": _merge, "split-alias": _split,
    "set-responsibility": _set_resp, "remove-responsibility": _remove_resp,
    "retarget-citation": _retarget, "remove-citation": _remove_cit, "add-citation": _add_cit,
}


def mark_piece(e: Extraction, g: Any) -> None:
    """Mark the nodes and edges of a document's piece of the graph that corrections made
    (attribute ``corrections``: the list of :meth:`Correction.as_mark`)."""
    if not isinstance(e, Corrected) or not (e.policy_marks or e.citation_marks or e.responsibility_marks):
        return
    for node, d in g.nodes(data=True):
        if d.get("type") == "Policy" and d.get("source") == e.source and e.policy_marks:
            d["corrections"] = list(e.policy_marks)
    for u, _v, d in g.edges(data=True):
        if d.get("type") == "CITATION":
            marks = e.citation_marks.get((d.get("relation"), d.get("start"), d.get("cited_number"), d.get("cited_title")))
        elif d.get("role") is not None and u.startswith("department:"):
            marks = e.responsibility_marks.get((u.split(":", 1)[1], d.get("role"), d.get("start"), d.get("end")))
        else:
            marks = None
        if marks:
            d["corrections"] = list(marks)
