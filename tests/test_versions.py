"""Graphs carry the schema version that wrote them; a newer kg reading an older one says
what to run. The workspace fixture was written by the previous layout (tests/fixtures/README.md)."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.schema import SCHEMA_VERSION
from kg.workspace import Workspace, WorkspaceError, extractor_fingerprint

FIXTURE = Path(__file__).parent / "fixtures" / "workspace-v1.tar.gz"


def old_workspace(tmp_path: Path) -> Path:
    with tarfile.open(FIXTURE) as tar:
        tar.extractall(tmp_path, filter="tar")
    return tmp_path / "fixws"


def test_an_older_workspace_says_to_build_and_kg_build_upgrades_it_in_place(tmp_path: Path) -> None:
    root = old_workspace(tmp_path)
    ws = Workspace(root)
    assert ws.schema_version() == 1 and SCHEMA_VERSION > 1
    with pytest.raises(WorkspaceError, match=r"older kg \(schema version 1.*run `kg build --workspace"):
        ws.open_store()
    res = CliRunner().invoke(app, ["lineage", "锡政发〔2020〕86号", "-w", str(root)])
    assert res.exit_code != 0 and "kg build --workspace" in res.output
    # the fixture's extractions are those of the extractor of its day; the upgrade is about
    # the graph's layout, so they stand for the current extractor's (an extractor that changed
    # reads the documents again, upgrade or not)
    (cached,) = (root / "extractions").iterdir()
    cached.rename(cached.parent / extractor_fingerprint())
    res = CliRunner().invoke(app, ["build", "-w", str(root), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert (report["read"], report["documents"]) == (0, 2)
    assert ws.schema_version() == SCHEMA_VERSION
    assert len(ws.open_store()) > 0
    res = CliRunner().invoke(app, ["lineage", "澄政发〔2021〕3号", "-w", str(root)])
    assert res.exit_code == 0 and "锡政发〔2020〕86号" in res.output


def test_a_newer_workspace_is_not_read(tmp_path: Path) -> None:
    root = old_workspace(tmp_path)
    (root / "version.json").write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}), encoding="utf-8")
    with pytest.raises(WorkspaceError, match="newer kg"):
        Workspace(root).open_store()
