"""Extract: :class:`~kg.models.SourceText` -> :class:`~kg.models.Extraction`.

Each part of the extraction is a plain function over the clean text; ``extract`` runs them
in order. Later stages (measures, responsibilities, institutions, targets) register in
``STEPS`` and receive the extraction built so far.

>>> from kg.models import SourceText
>>> src = SourceText(path="a.txt", text="沈阳市人民政府\\n沈政发〔2021〕14号\\n为贯彻落实《甲方案》（辽政发〔2021〕2号），制定本方案。", format="text", sha256="0")
>>> e = extract(src)
>>> e.policy.doc_number, [(c.doc_number, c.relation) for c in e.citations]
('沈政发〔2021〕14号', [('辽政发〔2021〕2号', 'implements')])
"""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.citations import find_citations
from kg.extract.identity import extract_policy
from kg.extract.institutions import extract_institutions
from kg.extract.responsibilities import extract_responsibilities
from kg.extract.structure import extract_structure
from kg.extract.targets import extract_targets
from kg.extract.validity import extract_validity
from kg.models import Extraction, SourceText

Step = Callable[[SourceText, Extraction], None]

#: extra extraction steps, run in order after identity and citations
STEPS: list[Step] = [extract_structure, extract_responsibilities, extract_institutions, extract_targets, extract_validity]


def extract(source: SourceText) -> Extraction:
    policy = extract_policy(source)
    own_titles = tuple(t for t in [policy.title, *policy.alt_titles] if t)
    citations = find_citations(source.text, own_number=policy.doc_number, own_titles=own_titles)
    result = Extraction(
        source=source.name,
        sha256=source.sha256,
        policy=policy,
        citations=citations,
        warnings=list(source.warnings),
    )
    for step in STEPS:
        step(source, result)
    return result
