"""The README's tour is what its commands print (tools/readme_tour.py): run on the seeds in a
fresh workspace at a fixed width, the block under "## A short tour" must come out the same.
When it does not, run ``.venv/bin/python tools/readme_tour.py`` and commit README.md."""

from __future__ import annotations

import difflib
import importlib.util

from tests.conftest import ROOT


def _tour():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("readme_tour", ROOT / "tools" / "readme_tour.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_tour_names_commands() -> None:
    tour = _tour()
    commands = tour.tour_commands(tour.README.read_text(encoding="utf-8"))
    assert commands and commands[0] == "$ kg build seeds"


def test_readme_tour_is_what_the_commands_print() -> None:
    tour = _tour()
    old = tour.README.read_text(encoding="utf-8")
    new = tour.rewritten(old)
    diff = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "README.md", "the commands"))
    assert new == old, "README.md's tour drifted from the commands (run tools/readme_tour.py):\n" + diff[:3000]
