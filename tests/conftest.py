"""Shared fixtures. With CI=true a missing component fails instead of skipping."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = SEEDS / "corpus"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
#: screenshots the browser tests keep (not committed)
SHOTS = ROOT / "build" / "screenshots"


def require(condition: bool, what: str) -> None:
    """Skip when a component is missing on a developer machine; fail loudly in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing (CI=true: nothing may be skipped; the test command installs it)")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def built_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and the corpus built once into a workspace."""
    from kg.pipeline import run_build
    from kg.workspace import Workspace

    ws = tmp_path_factory.mktemp("ws") / "kg-workspace"
    report = run_build([str(SEEDS)], Workspace(ws), jobs=2)
    assert not report.failed, report.failed
    return ws


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A private copy of the five seed documents."""
    out = tmp_path / "docs"
    out.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, out / f.name)
    return out


@pytest.fixture(scope="session")
def neo4j_env() -> Iterator[dict[str, str]]:
    """A Neo4j server for the whole run: NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD from the
    environment when all three are set (the tests overwrite the loader's labels in its
    database: point them at a throw-away one), else a throw-away Neo4j 5.26 started once
    (tests/neo4j_server.py: Bolt on 127.0.0.1, random password) and stopped at the end.
    Skips when neither is possible; with CI=true that fails instead."""
    keys = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")
    if all(os.environ.get(k) for k in keys):
        yield {k: os.environ[k] for k in keys}
        return
    import neo4j_server

    require(neo4j_server.available(), "Java 17+ with Maven (or a built tools/neo4j jar) for the Neo4j server")
    try:
        env = neo4j_server.start()
    except Exception as exc:  # the start script's own message says what went wrong
        if IN_CI:
            pytest.fail(f"the Neo4j server did not start: {exc}")
        pytest.skip(f"the Neo4j server did not start: {exc}")
    try:
        yield {k: env[k] for k in keys}
    finally:
        neo4j_server.stop(env)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Headless Chromium (Debian's) for the view tests, started once."""
    from tests.browser import available, chromium

    require(available(), "chromium for Playwright (run tools/browser.sh)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def published_site(built_workspace: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The graph of the seeds and the corpus and its published site (``kg publish``), made once."""
    from kg.pipeline import workspace_graph
    from kg.views import publish
    from kg.workspace import Workspace

    g = workspace_graph(Workspace(built_workspace))
    out = tmp_path_factory.mktemp("site")
    publish(g, out)
    return g, out
