"""The README's tour, produced by running it: the commands of the first ``console`` block
under "## A short tour" run on the seeds in a fresh workspace (a temporary folder, 100
columns, Chinese headings), and the block is rewritten with what they print.

    .venv/bin/python tools/readme_tour.py           # rewrite README.md
    .venv/bin/python tools/readme_tour.py --check   # exit 1 when README.md differs

The commands are the ``$ kg …`` lines already in the block: edit those to change the tour.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
WIDTH = 100
_BLOCK = re.compile(r"(## A short tour\n\n```console\n)(.*?)(```\n)", re.S)
_RUN_KG = "import sys; from kg.cli import app; app(prog_name='kg')"


def tour_commands(readme: str) -> list[str]:
    """The ``$ kg …`` lines of the tour's block.

    >>> tour_commands("## A short tour\\n\\n```console\\n$ kg build seeds\\nout\\n$ kg lineage X\\n```\\n")
    ['$ kg build seeds', '$ kg lineage X']
    """
    m = _BLOCK.search(readme)
    if m is None:
        raise SystemExit("README.md has no ```console block under '## A short tour'")
    return [line.rstrip() for line in m.group(2).splitlines() if line.startswith("$ kg ")]


def run_tour(commands: list[str]) -> str:
    """What the commands print, each after its ``$ kg …`` line, run in a fresh folder that
    holds only ``seeds`` (the repository's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "NEO4J_"))}
    env.update(COLUMNS=str(WIDTH), LINES="50", TERM="dumb", NO_COLOR="1", PYTHONHASHSEED="0")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "seeds").symlink_to(ROOT / "seeds")
        for line in commands:
            args = shlex.split(line[len("$ kg "):])
            done = subprocess.run([sys.executable, "-c", _RUN_KG, *args], cwd=tmp, env=env, capture_output=True,
                                  text=True, timeout=600)
            text = "\n".join(line.rstrip() for line in done.stdout.rstrip().splitlines())
            out.append(f"{line}\n{text}\n")
    return "\n".join(out)


def rewritten(readme: str) -> str:
    """The README with the tour's block replaced by a fresh run of its commands."""
    body = run_tour(tour_commands(readme))
    return _BLOCK.sub(lambda m: m.group(1) + body + m.group(3), readme, count=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only compare; exit 1 when README.md is not what the commands print")
    args = ap.parse_args()
    old = README.read_text(encoding="utf-8")
    new = rewritten(old)
    if args.check:
        if new != old:
            import difflib

            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "README.md", "tour"))
            raise SystemExit(1)
        return
    if new != old:
        README.write_text(new, encoding="utf-8")
        print("README.md: the tour rewritten")


if __name__ == "__main__":
    main()
