"""Readers during swaps: a reader opens one store generation and keeps it while builds
publish new ones; a generation is deleted only when no reader holds it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph
import pytest

import kg.workspace
from kg.pipeline import run_build
from kg.workspace import Workspace

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def generations(ws: Path) -> list[Path]:
    return sorted(p for p in ws.glob("store.*") if p.is_dir() and not p.is_symlink())


def test_a_build_that_swaps_between_choosing_and_opening_does_not_break_the_reader(
    tmp_path: Path, seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "ws"
    run_build([str(seed_copy)], Workspace(ws), jobs=1)
    expected = len(Workspace(ws).open_store())
    real = pyoxigraph.Store

    def rebuild_then_open(path: str) -> pyoxigraph.Store:
        target = os.path.realpath(path)  # the open has found its folder ...
        monkeypatch.setattr(kg.workspace, "pyoxigraph", pyoxigraph)
        run_build([str(seed_copy)], Workspace(ws), jobs=1)  # ... a build publishes a new store ...
        return real.read_only(target)  # ... and the open reads on

    fake = SimpleNamespace(**{n: getattr(pyoxigraph, n) for n in dir(pyoxigraph) if not n.startswith("__")})
    fake.Store = SimpleNamespace(read_only=rebuild_then_open)
    monkeypatch.setattr(kg.workspace, "pyoxigraph", fake)
    store = Workspace(ws).open_store()
    assert len(store) == expected
    assert int(next(iter(store.query(COUNT)))["n"].value) == expected
    assert len(generations(ws)) == 2  # the one being read is kept
    del store
    run_build([str(seed_copy)], Workspace(ws), jobs=1)
    assert len(generations(ws)) == 1  # and retired once nobody reads it
    assert len(list(ws.glob("store.*.readers"))) == 1


def test_readers_against_looping_builds_never_fail(tmp_path: Path, seed_copy: Path) -> None:
    ws = tmp_path / "ws"
    run_build([str(seed_copy)], Workspace(ws), jobs=1)
    builds = 4
    loop = (f"from kg.pipeline import run_build\nfrom kg.workspace import Workspace\n"
            f"for _ in range({builds}): run_build([{str(seed_copy)!r}], Workspace({str(ws)!r}), jobs=1)")
    builder = subprocess.Popen([sys.executable, "-c", loop], stderr=subprocess.PIPE, text=True)
    reads, failures = 0, []
    deadline = time.monotonic() + 120
    try:
        while builder.poll() is None and time.monotonic() < deadline and reads < 2000:
            try:
                store = Workspace(ws).open_store()
                assert int(next(iter(store.query(COUNT)))["n"].value) > 0
                del store
            except Exception as exc:  # counted, not raised: the test reports them all
                failures.append(f"{type(exc).__name__}: {exc}")
            reads += 1
    finally:
        builder.wait(timeout=300)
    assert builder.returncode == 0, builder.stderr.read() if builder.stderr else ""
    assert reads > 0 and not failures, f"{len(failures)} of {reads} reads failed: {failures[:3]}"
    run_build([str(seed_copy)], Workspace(ws), jobs=1)
    assert len(generations(ws)) == 1  # generations read during the loop are retired by the next build
