"""Institutions extraction (issue: measures, departments, institutions and targets)."""

from __future__ import annotations

from kg.models import Extraction, SourceText


def extract_institutions(source: SourceText, result: Extraction) -> None:
    """Fill ``result.institutions`` from ``source``. Not written yet."""
    return None
