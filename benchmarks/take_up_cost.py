"""Where the take-up's added build time goes: the law corpus built three ways, alternated.

    .venv/bin/python benchmarks/take_up_cost.py                  # 3 rounds of the whole law corpus
    .venv/bin/python benchmarks/take_up_cost.py --rounds 5 --json
    .venv/bin/python benchmarks/take_up_cost.py --limit 300      # the first 300 laws (a quick look)
    .venv/bin/python benchmarks/take_up_cost.py --meaning        # and a fourth way: kg build --meaning

Each build is ``kg build``'s own function (:func:`kg.pipeline.run_build`) into a new
workspace, in a fresh process, the three modes alternated in every round:

* ``stored``: the build as it is (the take-ups aligned by pass 2's workers, their quads
  bulk-loaded and compacted with the rest);
* ``computed``: the take-ups aligned by the workers as in ``stored``, their quads made and
  dropped (:func:`kg.pipeline._take_up_quads` wrapped to return none): what aligning costs
  the build by itself;
* ``none``: no take-up at all (``_take_up_quads`` returns none without aligning);
* ``meaning`` (with ``--meaning``): as ``stored``, the take-ups with the meaning signal
  (``kg build --meaning``, :mod:`kg.align.meaning`).

So ``computed - none`` is what the workers' aligning adds to the build, and
``stored - computed`` what the store adds for the take-up's quads (their load in pass 2's
parent, their compaction). Beside the build's wall and CPU seconds, each build reports when
pass 2's workers finished their last run of documents and when the parent finished pass 2
(its last bulk load), counted from the start of pass 2: pass 2 ends with the parent's
loads, so a gap between the two is the parent loading alone. Figures are medians over the
rounds, with the load average: the machine is shared, quote the differences measured in
the same run; and the take-up's share of each round's build without it, from that round's
own two builds (:func:`shares`: a pace that drifts from round to round moves both).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

MODES = ("stored", "computed", "none")
MEANING = "meaning"


#: pass 2's worker function and the file its wrapper notes the end of each run in
_WORKER: dict[str, Any] = {}


def _timed_part(args: tuple[int, list[str]]) -> Any:
    """Pass 2's worker function, noting when it is done with a run of documents (the
    clock is the machine's: the same in every process)."""
    part = _WORKER["part"](args)
    with open(_WORKER["ends"], "a", encoding="utf-8") as fh:
        fh.write(f"{time.perf_counter()}\n")
    return part


def one(mode: str, laws_dir: Path, limit: int | None, jobs: int) -> dict[str, Any]:
    """One build of the laws in ``mode`` (in this process; its workers fork from it)."""
    import kg.pipeline as pipeline
    from realcorpus import _cpu, read_manifest

    from kg.workspace import Workspace

    ends = tempfile.NamedTemporaryFile(prefix="kg-take-up-ends-", delete=False)
    ends.close()
    _WORKER.update(part=pipeline._part_worker, ends=ends.name)
    pipeline._part_worker = _timed_part  # type: ignore[assignment]  # forked workers inherit it
    take_up_quads = pipeline._take_up_quads
    if mode == "computed":
        pipeline._take_up_quads = lambda *a, **k: take_up_quads(*a, **k) and []  # type: ignore[assignment]
    elif mode == "none":
        pipeline._take_up_quads = lambda *a, **k: []  # type: ignore[assignment]
    pass2: list[float] = []
    pieces = pipeline._pieces

    def timed_pieces(*a: Any, **k: Any) -> None:
        pass2.append(time.perf_counter())
        pieces(*a, **k)
        pass2.append(time.perf_counter())

    pipeline._pieces = timed_pieces  # type: ignore[assignment]
    laws = read_manifest(laws_dir, limit)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kg-take-up-cost-") as tmp:
        ws = Workspace(Path(tmp) / "laws")
        clock, cpu = time.perf_counter(), _cpu()
        report = pipeline.run_build([str(laws_dir / law.file) for law in laws], ws, jobs=jobs, meaning=mode == MEANING)
        wall, cpu = time.perf_counter() - clock, _cpu() - cpu
    with open(ends.name, encoding="utf-8") as fh:
        workers_end = max(map(float, fh.read().split()), default=pass2[0])
    os.unlink(ends.name)
    return {
        "mode": mode, "wall": round(wall, 2), "cpu": round(cpu, 2), "load_average": round(load, 2),
        "pass2": round(pass2[1] - pass2[0], 2), "workers_end": round(workers_end - pass2[0], 2),
        "pass2_cpu": {k: round(v, 2) for k, v in report.cpu.items() if k.startswith("pass2")},
        "quads": report.quads,
    }


def run(laws_dir: Path, limit: int | None, jobs: int, rounds: int, modes: tuple[str, ...] = MODES) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    for r in range(rounds):
        order = modes if r % 2 == 0 else modes[::-1]
        for mode in order:
            cmd = [sys.executable, __file__, "--one", mode, "--laws", str(laws_dir), "--jobs", str(jobs)]
            if limit:
                cmd += ["--limit", str(limit)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            runs[mode].append(json.loads(out.strip().splitlines()[-1]))
            print(f"round {r + 1}: {runs[mode][-1]}", file=sys.stderr, flush=True)
    med = {m: {k: statistics.median(x[k] for x in runs[m]) for k in ("wall", "cpu", "pass2", "workers_end")} for m in modes}
    return {"rounds": rounds, "jobs": jobs, "limit": limit, "medians": med, "runs": runs, "shares": shares(runs)}


def shares(runs: dict[str, list[dict[str, Any]]]) -> list[float]:
    """The take-up's share of the build without it in each round, from that round's two
    builds (``stored`` and ``none``, alternated within it): a machine whose pace drifts
    between rounds moves both, and their ratio less than the medians' of all rounds.

    >>> shares({"stored": [{"wall": 60.0}, {"wall": 66.0}], "none": [{"wall": 50.0}, {"wall": 55.0}]})
    [0.2, 0.2]
    """
    return [round((a["wall"] - b["wall"]) / b["wall"], 4) for a, b in zip(runs["stored"], runs["none"])]


def render(fig: dict[str, Any]) -> str:
    med = fig["medians"]
    base = med["none"]["wall"]
    lines = [f"law build, {fig['jobs']} processes, medians of {fig['rounds']} alternated rounds (seconds):",
             f"  {'mode':<9} {'wall':>6} {'CPU':>6} {'pass 2':>7} {'workers done':>13}"]
    for m in med:
        x = med[m]
        lines.append(f"  {m:<9} {x['wall']:>6.1f} {x['cpu']:>6.1f} {x['pass2']:>7.1f} {x['workers_end']:>13.1f}")

    def part(a: str, b: str) -> str:
        d = med[a]["wall"] - med[b]["wall"]
        return f"{d:+.1f} s wall ({100 * d / base:+.0f} % of the build without the take-up), {med[a]['cpu'] - med[b]['cpu']:+.1f} CPU s"

    lines += [f"  the take-up in all:          {part('stored', 'none')}",
              f"  the workers' aligning:       {part('computed', 'none')}",
              f"  the store (load, compaction): {part('stored', 'computed')}"]
    if fig.get("shares"):
        sh = sorted(fig["shares"])
        lines.append(f"  the take-up per round (its two builds side by side): median {100 * statistics.median(sh):+.0f} %, "
                     f"{100 * sh[0]:+.0f} to {100 * sh[-1]:+.0f} %")
    lines.append("  (goal: the take-up adds at most 25 % of the build without it)")
    if MEANING in med:
        lines += [f"  with the meaning signal:      {part(MEANING, 'none')}",
                  f"  the meaning signal alone:     {part(MEANING, 'stored')}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    from realcorpus import REAL

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--laws", type=Path, default=REAL / "laws", help="folder with manifest.tsv and docs/")
    ap.add_argument("--limit", type=int, default=None, help="only the first N laws (manifest order)")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the build (default 2)")
    ap.add_argument("--rounds", type=int, default=3, help="builds of each mode, alternated (default 3)")
    ap.add_argument("--json", action="store_true", help="print every figure as JSON")
    ap.add_argument("--meaning", action="store_true", help="also build with the meaning signal (kg build --meaning)")
    ap.add_argument("--one", choices=(*MODES, MEANING), help=argparse.SUPPRESS)  # one build, in this process
    args = ap.parse_args(argv)
    if not (args.laws / "manifest.tsv").exists():
        sys.exit(f"no manifest.tsv in {args.laws}")
    if args.one:
        print(json.dumps(one(args.one, args.laws, args.limit, args.jobs)))
        return
    fig = run(args.laws, args.limit, args.jobs, args.rounds, (*MODES, MEANING) if args.meaning else MODES)
    print(json.dumps(fig, ensure_ascii=False, indent=2) if args.json else render(fig))


if __name__ == "__main__":
    main()
