"""A workspace folder: cached extractions and the embedded RDF store.

Layout::

    WORKSPACE/
      sources.json          path -> {sha256, name} of every document built so far
      extractions/SHA.json  one extraction per document content (gold JSON + provenance)
      store/                the pyoxigraph store of the resolved graph

Writes are crash-safe: JSON files are written to a temporary name and renamed; the store
is built beside the old one and swapped in, so a reader always sees a whole graph and an
interrupted build leaves the previous workspace intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph

from kg.graph.resolve import build_graph
from kg.models import Extraction
from kg.sinks.rdf import graph_quads

DEFAULT_WORKSPACE = "kg-workspace"


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A hash of the code and data tables that turn files into extractions."""
    pkg = Path(__file__).parent
    h = hashlib.sha256()
    files = sorted(
        [*pkg.glob("ingest/*.py"), *pkg.glob("extract/*.py"), *pkg.glob("data/*"), pkg / "models.py", pkg / "reference.py"]
    )
    for f in files:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


class WorkspaceError(Exception):
    pass


def _atomic_write(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Workspace:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.sources_file = self.root / "sources.json"
        self.extractions_dir = self.root / "extractions"
        self.store_dir = self.root / "store"
        self._recover()

    # --- state --------------------------------------------------------------------
    def _recover(self) -> None:
        """Finish a store swap that a crash interrupted."""
        new, old = self.root / "store.new", self.root / "store.old"
        if not self.store_dir.exists() and new.exists():
            os.replace(new, self.store_dir)
        for leftover in (new, old):
            if leftover.exists() and self.store_dir.exists():
                shutil.rmtree(leftover, ignore_errors=True)

    def exists(self) -> bool:
        return self.sources_file.exists()

    def sources(self) -> dict[str, dict[str, Any]]:
        if not self.sources_file.exists():
            return {}
        try:
            return json.loads(self.sources_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise WorkspaceError(f"{self.sources_file} is damaged ({exc}); delete the workspace and build again") from exc

    def save_sources(self, sources: dict[str, dict[str, Any]]) -> None:
        _atomic_write(self.sources_file, json.dumps(sources, ensure_ascii=False, indent=1, sort_keys=True))

    def extraction_path(self, sha256: str) -> Path:
        """Cached extractions are kept per extractor version: a new version reads again."""
        return self.extractions_dir / extractor_fingerprint() / f"{sha256}.json"

    def has_extraction(self, sha256: str) -> bool:
        return self.extraction_path(sha256).exists()

    def save_extraction(self, extraction: Extraction) -> None:
        _atomic_write(self.extraction_path(extraction.sha256), json.dumps(extraction.to_gold(), ensure_ascii=False))

    def load_extraction(self, sha256: str) -> Extraction:
        return Extraction.from_gold(json.loads(self.extraction_path(sha256).read_text(encoding="utf-8")))

    def extractions(self) -> list[Extraction]:
        """Extractions of every document in the workspace, in a stable order."""
        out = []
        seen: set[str] = set()
        for path, info in sorted(self.sources().items()):
            sha = info["sha256"]
            if sha in seen or not self.has_extraction(sha):
                continue
            seen.add(sha)
            out.append(self.load_extraction(sha))
        return out

    def prune_extractions(self) -> int:
        """Delete cached extractions that no source refers to any more."""
        keep = {info["sha256"] for info in self.sources().values()}
        removed = 0
        current = self.extractions_dir / extractor_fingerprint()
        if self.extractions_dir.exists():
            for old in self.extractions_dir.iterdir():
                if old.is_dir() and old != current:
                    shutil.rmtree(old, ignore_errors=True)
                elif old.is_file():
                    old.unlink()
        if current.exists():
            for f in current.glob("*.json"):
                if f.stem not in keep:
                    f.unlink()
                    removed += 1
        return removed

    # --- graph and store ----------------------------------------------------------
    def graph(self) -> nx.MultiDiGraph:
        return build_graph(self.extractions())

    def write_store(self, g: nx.MultiDiGraph) -> int:
        """Replace the store with the quads of ``g``; returns the number of quads."""
        new = self.root / "store.new"
        old = self.root / "store.old"
        shutil.rmtree(new, ignore_errors=True)
        store = pyoxigraph.Store(str(new))
        quads = list(graph_quads(g))
        store.bulk_extend(quads)
        store.flush()
        del store
        if self.store_dir.exists():
            os.replace(self.store_dir, old)
        os.replace(new, self.store_dir)
        shutil.rmtree(old, ignore_errors=True)
        return len(quads)

    def open_store(self) -> pyoxigraph.Store:
        if not self.store_dir.exists():
            raise WorkspaceError(f"no graph in {self.root} yet: run `kg build PATHS --workspace {self.root}` first")
        try:
            return pyoxigraph.Store.read_only(str(self.store_dir))
        except OSError as exc:
            raise WorkspaceError(f"cannot open the store in {self.store_dir}: {exc}") from exc
