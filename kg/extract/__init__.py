"""Extract: :class:`~kg.models.SourceText` -> :class:`~kg.models.Extraction`.

The source is read once into a :class:`~kg.extract.document.Document` (segments, numbered
headings, articles, sentences, tables); the steps are functions that return their records:

* identity and citations read the source (:func:`kg.extract.identity.extract_policy`,
  :func:`kg.extract.citations.find_citations`);
* measures (:func:`kg.extract.structure.measures`) and responsibilities
  (:func:`kg.extract.responsibilities.responsibilities`) read the document;
* institutions (:func:`kg.extract.institutions.institutions`) and targets
  (:func:`kg.extract.targets.targets`) read the document and what identity and measures found.

>>> from kg.models import SourceText
>>> src = SourceText(path="a.txt", text="沈阳市人民政府\\n沈政发〔2021〕14号\\n为贯彻落实《甲方案》（辽政发〔2021〕2号），制定本方案。\\n一、任务\\n（一）建设园区。（市教育局负责）", format="text", sha256="0")
>>> e = extract(src)
>>> e.policy.doc_number, [(c.doc_number, c.relation) for c in e.citations]
('沈政发〔2021〕14号', [('辽政发〔2021〕2号', 'implements')])
>>> [(r.measure, r.department, r.role) for r in e.responsibilities]
[('一', '沈阳市教育局', 'responsible')]
"""

from __future__ import annotations

from kg.extract.citations import find_citations
from kg.extract.document import build_document
from kg.extract.identity import extract_policy
from kg.extract.institutions import institutions
from kg.extract.responsibilities import responsibilities
from kg.extract.structure import measures
from kg.extract.targets import targets
from kg.extract.validity import validity
from kg.models import Citation, Extraction, PolicyInfo, SourceText


def _citations(source: SourceText, policy: PolicyInfo) -> list[Citation]:
    own_titles = tuple(t for t in [policy.title, *policy.alt_titles] if t)
    return find_citations(source.text, own_number=policy.doc_number, own_titles=own_titles)


def extract(source: SourceText) -> Extraction:
    """All records of one source, with their spans."""
    doc = build_document(source)
    policy = extract_policy(source)
    result = Extraction(
        source=source.name,
        sha256=source.sha256,
        policy=policy,
        citations=_citations(source, policy),
        warnings=list(source.warnings),
    )
    result.measures = measures(doc, policy.spans.get("issuers"))  # (a body ends before the signature)
    result.responsibilities = responsibilities(doc, policy, result.measures)
    result.institutions = institutions(doc, policy)
    result.targets = targets(doc, policy, result.measures)
    result.validity = validity(source, policy)
    return result
