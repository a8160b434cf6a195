"""Every script of ``benchmarks/`` and ``tools/`` starts and explains itself (``--help``): a
script whose imports or arguments fell behind the package fails here, not on the day its
figures are needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = sorted((ROOT / "benchmarks").glob("*.py"))
TOOLS = sorted((ROOT / "tools").glob("*.py"))


@pytest.mark.parametrize("script", BENCHMARKS + TOOLS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_script_answers_help(script: Path) -> None:
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "--help printed nothing"


def test_the_store_benchmark_builds_its_graph_from_a_workspace(tmp_path: Path) -> None:
    """The comparison of stores reads the graph of a built workspace as the package makes it."""
    sys.path.insert(0, str(BENCHMARKS[0].parent))
    try:
        import rdf_store
    finally:
        sys.path.pop(0)
    from kg.pipeline import run_build
    from kg.workspace import Workspace

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    ws = Workspace(tmp_path / "ws")
    run_build([str(seeds / "000_0ec524e545a91cdc.txt")], ws, jobs=1)
    g = rdf_store.build_graph(tmp_path / "ws")
    assert any(d.get("type") == "Policy" for _, d in g.nodes(data=True))
