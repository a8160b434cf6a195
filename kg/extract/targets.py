"""Targets extraction (issue: measures, departments, institutions and targets)."""

from __future__ import annotations

from kg.models import Extraction, SourceText


def extract_targets(source: SourceText, result: Extraction) -> None:
    """Fill ``result.targets`` from ``source``. Not written yet."""
    return None
