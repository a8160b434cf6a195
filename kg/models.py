"""Typed records that flow between the stages of policy-kg.

ingest  -> :class:`SourceText`   (clean text, metadata, tables; spans index into ``text``)
extract -> :class:`Extraction`   (policy identity, citations, measures, responsibilities,
                                  institutions, targets; every fact keeps its :class:`Span`)
graph   -> networkx graph built from many extractions (see :mod:`kg.graph`)

Records are plain dataclasses so that every stage can be tested on its own and so that
an extraction serialises to the gold JSON format of ``../shared/gold/FORMAT.md``
(:meth:`Extraction.to_gold`) plus provenance.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from kg.schema import LEVELS, RELATIONS, ROLES, Level, Relation, Role  # noqa: F401 - the one definition

Comparator = Literal["=", ">=", "<=", "~", "range"]


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` in :attr:`SourceText.text`."""

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        """The two offsets, checked (written out instead of the frozen dataclass's
        ``__init__`` and a ``__post_init__``: a span is made for every record, and setting
        the fields in the instance's dictionary costs half as much).

        >>> Span(2, 5), Span(2, 5) == Span(2, 5), Span(1, 9) < Span(2, 3), hash(Span(2, 5)) == hash((2, 5))
        (Span(start=2, end=5), True, True, True)
        >>> Span(5, 2)
        Traceback (most recent call last):
        ValueError: bad span 5..2
        """
        if start < 0 or end < start:
            raise ValueError(f"bad span {start}..{end}")
        d = self.__dict__
        d["start"] = start
        d["end"] = end

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class TableCell:
    """A cell of a :class:`Table`: its text and where it stands in the clean text."""

    text: str
    span: Span | None = None

    def __init__(self, text: str, span: Span | None = None) -> None:
        """The two fields (written out instead of the frozen dataclass's ``__init__``, as
        :class:`Span`'s: a cell is made for every cell of every table read).

        >>> TableCell("合计", Span(0, 2)), TableCell("合计") == TableCell("合计", None), hash(TableCell("a")) == hash(("a", None))
        (TableCell(text='合计', span=Span(start=0, end=2)), True, True)
        """
        d = self.__dict__
        d["text"] = text
        d["span"] = span


@dataclass(frozen=True)
class Table:
    """A table read from the source, rowspan/colspan already expanded.

    ``rows[i][j]`` is the cell at row ``i``, column ``j``; a cell spanning several rows or
    columns is repeated in each position it covers. ``span`` covers the table's rendering
    in the clean text (one line a row, cells separated by tabs).
    """

    rows: tuple[tuple[TableCell, ...], ...]
    span: Span | None = None


@dataclass(frozen=True)
class SourceText:
    """A document after ingest: clean text plus what the container told us.

    ``metadata`` holds fields read from the page itself (gov.cn's header table:
    ``发文字号``, ``发文机关``, ``成文日期``, ``标题``, ``发布日期``, ``索引号``; Guangzhou's
    ``文号``...). Keys are the Chinese field names as printed, without colons or spaces.
    """

    path: str
    text: str
    format: str  # "text" | "html" | "docx" | "pdf"
    sha256: str
    encoding: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    tables: tuple[Table, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """``PurePath(path).name``; a path whose last part is a name (most) is cut at its
        last slash instead: a path object costs ~15 µs a document in a run.

        >>> [SourceText(p, "", "text", "0").name for p in ("d/a.txt", "a.txt", "d/a/", "d/.", "/")]
        ['a.txt', 'a.txt', 'a', 'd', '']
        """
        last = self.path.rpartition("/")[2]
        if last and last != "." and os.sep == "/":
            return last
        from pathlib import PurePath

        return PurePath(self.path).name

    @property
    def stem(self) -> str:
        from pathlib import PurePath

        return PurePath(self.path).stem


@dataclass
class PolicyInfo:
    doc_number: str | None = None
    title: str | None = None
    issuers: list[str] = field(default_factory=list)
    date: str | None = None  # ISO yyyy-mm-dd
    level: str | None = None
    region: str | None = None
    #: alternative titles the document is known by (e.g. the notice that issues it)
    alt_titles: list[str] = field(default_factory=list)
    #: provenance per field name
    spans: dict[str, Span] = field(default_factory=dict)
    #: a law's first adoption date (ISO) when its enactment history prints one
    first_date: str | None = None
    #: the dated events of that history (kg.extract.enactment.EnactmentEvent records)
    enactment: list[Any] = field(default_factory=list)


@dataclass
class Citation:
    doc_number: str | None
    title: str | None
    relation: str
    span: Span
    #: the sentence the citation stands in (for tooltips and tracing)
    sentence: str = ""
    #: what the 机关代字 table says about the cited number (may be None)
    issuer: str | None = None
    level: str | None = None
    region: str | None = None
    placeholder: bool = False


@dataclass
class Measure:
    """A numbered section or task. ``key`` is a path unique within the document
    (``"二/（一）/3"``); ``number`` is the number as written without punctuation
    (``"3"``, ``"一"``, ``"十四"``)."""

    key: str
    number: str
    text: str
    span: Span
    parent: str | None = None
    kind: str = "measure"  # "section" | "measure" | "row"
    heading: str = ""
    deadline: str | None = None


@dataclass
class Responsibility:
    measure: str
    department: str
    role: str
    span: Span
    aliases: list[str] = field(default_factory=list)
    #: government | party | people | collective (各区人民政府, 试点城市人民政府) | class (县级以上地方人民政府,
    #: 乡镇人民政府) | enterprise | institution | other; rankings of departments leave out collective and class
    kind: str = "government"
    measure_key: str | None = None
    deadline: str | None = None


@dataclass
class Institution:
    name: str
    span: Span
    aliases: list[str] = field(default_factory=list)
    kind: str = "school"


@dataclass
class Target:
    indicator: str
    value: float | int | str
    unit: str | None
    comparator: str
    deadline: str | None
    span: Span
    scope: str | None = None
    measure_key: str | None = None


@dataclass
class Validity:
    """When the document applies and what it ends (FORMAT.md "Validity"): ``effective`` the
    first day, ``expires`` the last day (ISO, ``None`` when the text does not say),
    ``repeals`` the documents it repeals or replaces, ``spans`` the clauses per field."""

    effective: str | None = None
    expires: str | None = None
    repeals: list[Citation] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)

    def to_gold(self, *, provenance: bool = True) -> dict[str, Any]:
        """The gold form.

        >>> Validity("2021-05-01", None, [Citation("甲〔2018〕1号", "乙办法", "cites", Span(3, 9))]).to_gold(provenance=False)
        {'effective': '2021-05-01', 'expires': None, 'repeals': [{'doc_number': '甲〔2018〕1号', 'title': '乙办法'}]}
        """
        out: dict[str, Any] = {
            "effective": self.effective,
            "expires": self.expires,
            "repeals": [{"doc_number": c.doc_number, "title": c.title, **({"span": c.span.to_list()} if provenance else {})}
                        for c in self.repeals],
        }
        if provenance:
            out["spans"] = {k: s.to_list() for k, s in self.spans.items()}
        return out

    @classmethod
    def from_gold(cls, data: dict[str, Any] | None) -> "Validity":
        """Rebuilt from :meth:`to_gold`.

        >>> Validity.from_gold({"effective": "2021-05-01", "repeals": [{"title": "乙办法", "span": [3, 9]}]}).repeals[0].span
        Span(start=3, end=9)
        """
        data = data or {}

        def span(v: Any) -> Span:
            return Span(int(v[0]), int(v[1])) if isinstance(v, (list, tuple)) and len(v) == 2 else Span(0, 0)

        return cls(
            effective=data.get("effective"),
            expires=data.get("expires"),
            repeals=[Citation(r.get("doc_number"), r.get("title"), "cites", span(r.get("span"))) for r in data.get("repeals") or []],
            spans={k: span(v) for k, v in (data.get("spans") or {}).items()},
        )


@dataclass
class Extraction:
    source: str  # file name as given to extract (gold "source")
    sha256: str
    policy: PolicyInfo
    citations: list[Citation] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    institutions: list[Institution] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    validity: Validity = field(default_factory=Validity)

    def to_gold(self, *, provenance: bool = True) -> dict[str, Any]:
        """The gold JSON form (``FORMAT.md``), with spans when ``provenance``."""

        def clean(d: dict[str, Any]) -> dict[str, Any]:
            out = {}
            for k, v in d.items():
                if isinstance(v, dict) and {"start", "end"} <= set(v):
                    v = [v["start"], v["end"]]
                out[k] = v
            return out

        p = self.policy
        policy: dict[str, Any] = {
            "doc_number": p.doc_number,
            "title": p.title,
            "issuers": list(p.issuers),
            "date": p.date,
            "level": p.level,
            "region": p.region,
        }
        if provenance:
            policy["alt_titles"] = list(p.alt_titles)
            if p.first_date:
                policy["first_date"] = p.first_date
            policy["spans"] = {k: s.to_list() for k, s in p.spans.items()}

        def rec(obj: Any, keep: tuple[str, ...]) -> dict[str, Any]:
            d = clean(asdict(obj))
            if provenance:
                return d
            return {k: d[k] for k in keep if k in d}

        return {
            "source": self.source,
            "sha256": self.sha256,
            "policy": policy,
            "citations": [rec(c, ("doc_number", "title", "relation")) for c in self.citations],
            "measures": [
                rec(m, ("key", "number", "text", "parent", "kind")) for m in self.measures
            ],
            "responsibilities": [
                rec(r, ("measure", "department", "aliases", "role")) for r in self.responsibilities
            ],
            "institutions": [rec(i, ("name", "aliases")) for i in self.institutions],
            "targets": [
                rec(t, ("indicator", "value", "unit", "comparator", "deadline")) for t in self.targets
            ],
            "validity": self.validity.to_gold(provenance=provenance),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_gold(cls, data: dict[str, Any]) -> "Extraction":
        """Rebuild an extraction from :meth:`to_gold` output (with provenance)."""

        def span(v: Any) -> Span:
            if isinstance(v, (list, tuple)) and len(v) == 2:
                return Span(int(v[0]), int(v[1]))
            return Span(0, 0)

        pd = data["policy"]
        policy = PolicyInfo(
            doc_number=pd.get("doc_number"),
            title=pd.get("title"),
            issuers=list(pd.get("issuers") or []),
            date=pd.get("date"),
            level=pd.get("level"),
            region=pd.get("region"),
            alt_titles=list(pd.get("alt_titles") or []),
            first_date=pd.get("first_date"),
            spans={k: span(v) for k, v in (pd.get("spans") or {}).items()},
        )

        def build(klass: type, d: dict[str, Any]) -> Any:
            d = dict(d)
            if "span" in d:
                d["span"] = span(d["span"])
            names = klass.__dataclass_fields__.keys()
            return klass(**{k: v for k, v in d.items() if k in names})

        return cls(
            source=data["source"],
            sha256=data.get("sha256", ""),
            policy=policy,
            citations=[build(Citation, c) for c in data.get("citations", [])],
            measures=[build(Measure, m) for m in data.get("measures", [])],
            responsibilities=[build(Responsibility, r) for r in data.get("responsibilities", [])],
            institutions=[build(Institution, i) for i in data.get("institutions", [])],
            targets=[build(Target, t) for t in data.get("targets", [])],
            warnings=list(data.get("warnings", [])),
            validity=Validity.from_gold(data.get("validity")),
        )
