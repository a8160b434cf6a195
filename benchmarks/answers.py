"""Every answer of the questions ``benchmarks/build.py`` asks, in full, to compare two stores.

    .venv/bin/python benchmarks/answers.py WS CORPUS OUT.jsonl

Asks the questions of :func:`build.ask_questions` (finding the four policies, lineage,
implementers pages and lists, every ranking, partners, targets by year, ``--in-force``,
status, adoption, uptake by province, city and level) once each on the workspace ``WS``
built from the synthetic corpus ``CORPUS`` (its ``truth.jsonl`` picks the policies) and writes
each answer's ``repr`` as a line of ``OUT``, in the order asked: two builds of the same corpus
(e.g. the code before and after a change of the quads) answer the same when their files are
byte for byte the same (``cmp``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402


def answers(ws: Path, corpus: Path) -> list[str]:
    """The answers' ``repr``, in the order :func:`build.ask_questions` asks them."""
    from kg.queries import StoreRows
    from kg.synth import read_truth
    from kg.workspace import Workspace

    kept: list[str] = []
    timed = build.median_ms

    def once(f: Any, repeat: int) -> tuple[float, Any]:
        t = time.perf_counter()
        result = f()
        kept.append(repr(result))
        return (time.perf_counter() - t) * 1000, result

    build.median_ms = once
    try:
        numbers, province = build.question_numbers(list(read_truth(corpus)))
        build.ask_questions(StoreRows(Workspace(ws).open_store()), numbers, province, 0)
    finally:
        build.median_ms = timed
    return kept


def main() -> None:
    if len(sys.argv) != 4 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        raise SystemExit(0 if sys.argv[1:2] in (["-h"], ["--help"]) else 2)
    ws, corpus, out = (Path(a) for a in sys.argv[1:4])
    lines = answers(ws, corpus)
    out.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in lines), encoding="utf-8")
    print(f"{len(lines)} answers written to {out}")


if __name__ == "__main__":
    main()
