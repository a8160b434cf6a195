"""Start and stop a throw-away Neo4j 5.26 Community server (tools/neo4j/) for tests.

Plain functions, no fixtures::

    env = start()          # {"NEO4J_URI": "bolt://127.0.0.1:PORT", "NEO4J_USER": "neo4j", ...}
    try:
        ...                # connect with env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"]
    finally:
        stop(env)

Each start() gets its own run directory, so it never touches a server a developer started by hand
with tools/neo4j/start.sh. The first start builds the server with Maven (downloads into ~/.m2).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

NEO4J_DIR = Path(__file__).resolve().parent.parent / "tools" / "neo4j"
START = NEO4J_DIR / "start.sh"
STOP = NEO4J_DIR / "stop.sh"
JAR = NEO4J_DIR / "target" / "neo4j-server.jar"


def _java_major() -> int:
    """The major version of the `java` on PATH, 0 if there is none."""
    java = shutil.which("java")
    if java is None:
        return 0
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return 0
    m = re.search(r'version "(\d+)', out)
    return int(m.group(1)) if m else 0


def available() -> bool:
    """Whether this machine can run the server: Java 17+ and either a built jar or Maven."""
    if shutil.which("bash") is None or _java_major() < 17:
        return False
    return JAR.is_file() or shutil.which("mvn") is not None


def _read_env(path: Path) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line:
            key, _, value = line.partition("=")
            parts = shlex.split(value)
            env[key.strip()] = parts[0] if parts else ""
    return env


def start(timeout: float = 300) -> dict[str, str]:
    """Start a server and return its env: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_PID,
    NEO4J_DATA and NEO4J_RUN_DIR (pass the whole dict to stop()). The password is random."""
    run_dir = tempfile.mkdtemp(prefix="policy-kg-neo4j-")
    child_env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    child_env["NEO4J_RUN_DIR"] = run_dir
    child_env["NEO4J_START_TIMEOUT"] = str(max(1, int(timeout)))
    child_env.pop("NEO4J_PORT", None)
    try:
        proc = subprocess.run(
            ["bash", str(START)],
            env=child_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout + 600,  # the first run also builds with Maven
        )
        if proc.returncode != 0:
            raise RuntimeError(f"tools/neo4j/start.sh failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
        env = _read_env(Path(run_dir) / "neo4j.env")
    except BaseException:
        _stop_run_dir(run_dir)
        raise
    env["NEO4J_RUN_DIR"] = run_dir
    return env


def stop(env: dict[str, str]) -> None:
    """Stop the server that start() returned and remove its data."""
    _stop_run_dir(env["NEO4J_RUN_DIR"])


def _stop_run_dir(run_dir: str) -> None:
    child_env = dict(os.environ, NEO4J_RUN_DIR=run_dir)
    try:
        subprocess.run(
            ["bash", str(STOP)], env=child_env, stdin=subprocess.DEVNULL, capture_output=True, timeout=120
        )
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
