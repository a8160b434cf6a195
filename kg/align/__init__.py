"""Clause-level lineage: the measures of a parent document each local measure takes up."""

from kg.align.core import Pair, Passage, Settings, align

__all__ = ["Pair", "Passage", "Settings", "align"]
