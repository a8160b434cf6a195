"""Readers against looping builds: questions asked while builds swap the store in.

A workspace is built from the seeds; a second process then rebuilds it ``--builds`` times
(each build publishes a new store generation and retires the old one) while this process
asks questions without pause (the named ``lineage`` query, each on a store opened anew)
for as long as the builds run, and at least ``--questions`` of them. Every question that fails is printed; the last line gives the
counts, and the exit code is 1 when any question failed.

    .venv/bin/python benchmarks/stress_readers.py                    # 1,000 questions, 50 builds
    .venv/bin/python benchmarks/stress_readers.py --questions 200 --builds 10
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.queries import load_query, run_query  # noqa: E402
from kg.pipeline import run_build  # noqa: E402
from kg.workspace import Workspace  # noqa: E402

LEAF = "锡教发〔2020〕86号"  # a city plan whose lineage runs up to the national level


def ask(ws: Path, query: str) -> int:
    """One question on a freshly opened store: the number of rows of the lineage."""
    store = Workspace(ws).open_store()
    rows = run_query(store, query, {"number": LEAF})
    if not rows:
        raise AssertionError("the lineage came back empty")
    return len(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--questions", type=int, default=1000)
    ap.add_argument("--builds", type=int, default=50)
    args = ap.parse_args()
    query = load_query("lineage")
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        docs = str(ROOT / "seeds")
        run_build([docs], Workspace(ws), jobs=1)
        loop = (f"import sys\nfrom kg.pipeline import run_build\nfrom kg.workspace import Workspace\n"
                f"for _ in range({args.builds}):\n    run_build([{docs!r}], Workspace({str(ws)!r}), jobs=1)\n"
                f"    print('built', flush=True)\n")
        builder = subprocess.Popen([sys.executable, "-c", loop], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        built = 0

        def count_builds() -> None:
            nonlocal built
            assert builder.stdout is not None
            for _line in builder.stdout:
                built += 1

        counter = threading.Thread(target=count_builds, daemon=True)
        counter.start()
        failures: list[str] = []
        clock = time.perf_counter()
        asked = 0
        while builder.poll() is None or asked < args.questions:
            asked += 1
            try:
                ask(ws, query)
            except Exception as exc:  # every failure is counted and printed
                failures.append(f"question {asked} (during build {built + 1}): {type(exc).__name__}: {exc}")
                print(failures[-1], flush=True)
        builder.wait()
        counter.join(timeout=5)
        seconds = time.perf_counter() - clock
    print(f"{asked} questions during {built} builds in {seconds:.0f} s: {len(failures)} failures"
          + ("" if builder.returncode == 0 else f" (the builder exited {builder.returncode})"))
    return 1 if failures or builder.returncode else 0


if __name__ == "__main__":
    raise SystemExit(main())
