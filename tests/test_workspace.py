"""Workspace life cycle: remove, prune, and surviving a build killed at any moment."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
from typer.testing import CliRunner

from kg.cli import app
from kg.workspace import Workspace
from tests.conftest import SEEDS

runner = CliRunner()


def build_json(*args: str) -> dict:
    result = runner.invoke(app, ["build", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def quads(ws: Path) -> list[bytes]:
    return sorted(Workspace(ws).open_store().dump(format=pyoxigraph.RdfFormat.N_QUADS).splitlines())


def test_remove_takes_the_facts_and_keeps_stubs_still_cited(tmp_path: Path, seed_copy: Path) -> None:
    ws = tmp_path / "ws"
    build_json(str(seed_copy), "-w", str(ws))
    store = Workspace(ws).open_store()
    assert any(True for _ in store.quads_for_pattern(None, None, pyoxigraph.Literal("锡教发〔2020〕86号"), None))
    del store
    result = runner.invoke(app, ["remove", "002_84a26a079fc050bc.txt", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    store = Workspace(ws).open_store()
    numbers = {q.object.value for q in store.quads_for_pattern(None, pyoxigraph.NamedNode("http://data.europa.eu/eli/ontology#id_local"), None, None)}
    assert "锡教发〔2020〕86号" not in numbers
    # 苏政发 was cited only by the removed plan; 国发〔2019〕4号 is still cited by 庆阳 (by title)
    assert "苏政发〔2020〕75号" not in numbers
    assert "辽政发〔2021〕2号" in numbers


def test_prune_drops_documents_not_named(tmp_path: Path, seed_copy: Path) -> None:
    ws = tmp_path / "ws"
    assert build_json(str(seed_copy), "-w", str(ws))["documents"] == 5
    (seed_copy / "004_0827021db82f6a6d.txt").unlink()
    assert build_json(str(seed_copy), "-w", str(ws))["documents"] == 5  # nothing is lost without --prune
    assert build_json(str(seed_copy), "-w", str(ws), "--prune")["documents"] == 4


def test_a_build_killed_at_any_moment_is_completed_by_the_next(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs, ignore=shutil.ignore_patterns("*.json", "*.md", "*.tsv"))
    reference = tmp_path / "reference"
    build_json(str(docs), "-w", str(reference), "-j", "1")
    expected = quads(reference)
    kg = [sys.executable, "-m", "kg"]
    rng = random.Random(20261123)
    ws = tmp_path / "ws"
    for attempt in range(4):
        proc = subprocess.Popen([*kg, "build", str(docs), "-w", str(ws), "-j", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.3, 2.5))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done = subprocess.run([*kg, "build", str(docs), "-w", str(ws), "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["documents"] == 31 and not report["failed"]
    assert quads(ws) == expected
    assert not (ws / "store.new").exists() and not list((ws / "extractions").rglob(".tmp-*"))
    assert not list((ws / "extractions").rglob(".pending-*"))


def test_extractions_are_published_many_at_a_time_and_a_pending_one_is_never_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The build's own workers leave each extraction pending and the build makes them
    durable a few at a time (kg.workspace.publish_extractions); a pending file left by a
    build that stopped is not an extraction: the next build reads its document again and
    removes the file."""
    import kg.pipeline as pipeline
    from kg.pipeline import run_build
    from kg.workspace import PENDING_PREFIX, extractions_folder

    docs = tmp_path / "docs"
    docs.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(f, docs / f.name)
    monkeypatch.setattr(pipeline, "PUBLISH_EVERY", 2)
    ws = Workspace(tmp_path / "ws")
    published: list[int] = []
    real = pipeline.publish_extractions
    monkeypatch.setattr(pipeline, "publish_extractions", lambda root, shas: (published.append(len(shas)), real(root, shas)))
    report = run_build([str(docs)], ws, jobs=2)
    assert report.read == 3 and sum(published) == 3 and max(published) == 2
    folder = extractions_folder(ws.root)
    shas = ws.extraction_shas()
    assert len(shas) == 3 and not list(folder.glob(PENDING_PREFIX + "*"))
    stopped = folder / f"{shas[0]}.json"
    os.replace(stopped, stopped.with_name(PENDING_PREFIX + stopped.name))  # as a build stopped before publishing leaves it
    assert not ws.has_extraction(shas[0])
    again = run_build([str(docs)], ws, jobs=2)
    assert again.read == 1 and again.reused == 2 and ws.has_extraction(shas[0])
    assert not list(folder.glob(PENDING_PREFIX + "*"))
