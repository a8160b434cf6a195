"""Every module of the package imports on its own (in a fresh interpreter, so an import
circle shows whatever was imported before), its doctests pass, and ``kg --help`` lists one
line per command."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import kg

MODULES = sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg."))


def test_every_module_is_found() -> None:
    assert {"kg.cli", "kg.questions", "kg.commands.common", "kg.commands.neo4j", "kg.views.lineage"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_on_its_own(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize("module", MODULES)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {module} failed"


def _command_rows(output: str) -> list[str]:
    """The lines of the Commands panel of ``--help``, without the box."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if "Commands" in line)
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("╰"):
            break
        rows.append(line.removeprefix("│ ").rstrip("│ "))
    return rows


@pytest.mark.parametrize("args", [[], ["view"]], ids=["kg", "kg view"])
def test_command_list_shows_one_line_per_command(args: list[str]) -> None:
    from kg.cli import app

    out = CliRunner().invoke(app, [*args, "--help"]).output  # 80 columns
    rows = _command_rows(out)
    assert rows and all(not row.startswith(" ") and len(row.split()) >= 2 for row in rows), "\n".join(rows)
    group = app if not args else next(g.typer_instance for g in app.registered_groups if g.name == args[0])
    assert len(rows) == len(group.registered_commands) + len(group.registered_groups)


def test_command_help_is_prose(monkeypatch: pytest.MonkeyPatch) -> None:
    """The full text, with no line broken where the docstring broke it."""
    import typer.rich_utils

    from kg.cli import app

    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", 300)
    out = CliRunner().invoke(app, ["department", "--help"]).output
    assert "One department's measures across all policies." in out
    assert "Each with the department's role (lead, support, responsible), the policy and the deadline (named query" in out
