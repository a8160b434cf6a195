"""The view definitions of ``visualizations/views.toml``: styles, legends, layouts, options.

The file is data: colours, shapes, sizes and legend labels (zh + en) per node and edge
type, the rows of the level layout, the size thresholds above which a view aggregates, and
the vis-network options of fixed and force-directed layouts. ``$KG_VIEWS_CONFIG`` names
another file.

>>> cfg = load_config()
>>> cfg.label(cfg.edges["implements"], "zh"), cfg.label(cfg.edges["implements"], "en")
('贯彻落实', 'implements')
>>> cfg.text("aggregated_corpus", "en", n=5000, max=3000)
'5000 policies exceed 3000: shown as groups by level and region.'
"""

from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.schema import LEVELS, Level, is_level

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_CONFIG = ROOT / "visualizations" / "views.toml"


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class ViewConfig:
    raw: dict[str, Any]
    path: Path

    # --- sections ------------------------------------------------------------------
    @property
    def font(self) -> dict[str, Any]:
        return self.raw["font"]

    @property
    def levels(self) -> dict[str, Any]:
        return self.raw["levels"]

    @property
    def level_order(self) -> list[str]:
        """The schema's levels, highest first, then ``unknown``."""
        return [*(lv.value for lv in LEVELS), "unknown"]

    @property
    def nodes(self) -> dict[str, dict[str, Any]]:
        return self.raw["nodes"]

    @property
    def edges(self) -> dict[str, dict[str, Any]]:
        return self.raw["edges"]

    @property
    def kinds(self) -> dict[str, dict[str, Any]]:
        return self.raw["kinds"]

    @property
    def palette(self) -> dict[str, Any]:
        return self.raw["palette"]

    def view(self, name: str) -> dict[str, Any]:
        return self.raw["views"][name]

    def options(self, name: str) -> dict[str, Any]:
        """A deep copy of the vis-network options ``fixed`` or ``force``."""
        return copy.deepcopy(self.raw["options"][name])

    def force_iterations(self, n_nodes: int) -> int:
        rows = sorted(self.raw["options"].get("force_iterations", []), key=lambda r: r["nodes"])
        its = self.raw["options"]["force"]["physics"]["stabilization"]["iterations"]
        for r in rows:
            if n_nodes >= r["nodes"]:
                its = r["iterations"]
        return int(its)

    # --- labels ----------------------------------------------------------------------
    @staticmethod
    def label(entry: dict[str, Any] | str, lang: str) -> str:
        if isinstance(entry, str):
            return entry
        lab = entry["label"] if "label" in entry else entry
        if isinstance(lab, str):
            return lab
        return lab.get(lang) or lab.get("zh") or ""

    def text(self, key: str, lang: str, **fmt: Any) -> str:
        entry = self.raw["text"].get(key)
        if entry is None:
            return key
        s = entry.get(lang) or entry.get("zh") or key
        return s.format(**fmt) if fmt else s

    def level_label(self, level: str | None, lang: str) -> str:
        """The schema's label of a level; the view's own for a level not known."""
        if is_level(level):
            return Level(level).label(lang)
        return self.label(self.levels["unknown"], lang)

    def level_color(self, level: str | None) -> str:
        return self.levels.get(level or "unknown", self.levels["unknown"])["color"]


def _check(raw: dict[str, Any], path: Path) -> None:
    for section in ("font", "levels", "nodes", "edges", "kinds", "palette", "views", "options", "text"):
        if section not in raw:
            raise ConfigError(f"{path}: section [{section}] is missing")
    for view in ("lineage", "departments", "corpus", "policy"):
        if view not in raw["views"]:
            raise ConfigError(f"{path}: [views.{view}] is missing")
        for key in raw["views"][view].get("legend", []):
            if key not in raw["nodes"] and key not in raw["edges"]:
                raise ConfigError(f"{path}: legend entry {key!r} of [views.{view}] is neither a node nor an edge style")
    for level in [*(lv.value for lv in LEVELS), "unknown"]:
        if level not in raw["levels"]:
            raise ConfigError(f"{path}: [levels.{level}] is missing")


@lru_cache(maxsize=4)
def _load(path: str) -> ViewConfig:
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"view definitions not found: {p}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: {exc}") from exc
    _check(raw, p)
    return ViewConfig(raw, p)


def load_config(path: str | Path | None = None) -> ViewConfig:
    return _load(str(path or os.environ.get("KG_VIEWS_CONFIG") or DEFAULT_CONFIG))
