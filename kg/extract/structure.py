"""Structure extraction (issue: measures, departments, institutions and targets)."""

from __future__ import annotations

from kg.models import Extraction, SourceText


def extract_structure(source: SourceText, result: Extraction) -> None:
    """Fill ``result.measures`` from ``source``. Not written yet."""
    return None
