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
