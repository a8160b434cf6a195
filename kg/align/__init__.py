"""Clause-level lineage: the measures of a parent document each local measure takes up.

The names below are :mod:`kg.align.core`'s, imported when first asked: the core loads the
learned models on import, and :mod:`kg.align.learn` (what ``tools/fit_alignment.py`` writes
them with) must be importable without them.
"""

from typing import Any

__all__ = ["Pair", "Passage", "Settings", "align"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg.align import core

        return getattr(core, name)
    raise AttributeError(f"module 'kg.align' has no attribute {name!r}")
