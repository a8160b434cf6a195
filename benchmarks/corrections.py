"""What applying analysts' corrections costs a build of the seeds.

    .venv/bin/python benchmarks/corrections.py                 # 1,000 corrections, 5 rounds
    .venv/bin/python benchmarks/corrections.py --corrections 5000 --rounds 7 --seeds ../shared/seeds

The seeds are built once into a workspace (the cold build: reading and extracting every
document), timed. Then ``--corrections`` corrections are written, made from the facts the
seeds hold so that they apply (policy fields, responsibilities, citations, merges of
departments, in turns; one in ten names a fact that is not there), and measured:

* **rebuild** — ``kg build`` of the unchanged seeds (no document read again: the graph
  resolved and the store replaced), median of ``--rounds`` runs with and without the
  corrections file, interleaved;
* **apply** — the corrections alone: reading the file and correcting every extraction, as
  the two passes of the resolution do (heads, then whole documents), median of the rounds.

The goal: applying 1,000 corrections adds less than 5% to the build time of the seeds: the
time a build with the corrections takes beyond one without (the corrections read, applied,
reported, and the provenance quads they add stored) over the cold build of the seeds. The
ratio to a rebuild (the smallest build there is: nothing read again) is printed too.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from kg import corrections as cx
from kg.models import Extraction
from kg.pipeline import run_build
from kg.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent


def made_up(extractions: list[Extraction], n: int) -> list[cx.Correction]:
    """``n`` corrections of the facts of ``extractions``, operation by operation in turn."""
    facts: list[tuple[str, str, str, str]] = []
    for e in extractions:
        doc = Path(e.source).name
        facts.append(("set-policy", doc, "title", (e.policy.title or "") + "(修订)"))
        facts.append(("set-policy", doc, "date", "2021-01-01"))
        for r in e.responsibilities:
            facts.append(("set-responsibility", doc, f"{r.measure}|{r.department}|{r.role}", "||support"))
        for c in e.citations:
            if c.doc_number or c.title:
                facts.append(("retarget-citation", doc, c.doc_number or c.title or "", "国发〔2019〕4号"))
        for r in e.responsibilities[:20]:
            facts.append(("merge-departments", "*", r.department, r.department + "(合并)"))
    out = []
    for i in range(n):
        op, doc, target, value = facts[i % len(facts)]
        if i % 10 == 9:  # a fact that is not there: reported, costs the search all the same
            target = ("|无此部门|" if "responsibility" in op else "国发〔1900〕1号") if op != "set-policy" else target
        out.append(cx.make(op, doc, target, value, "基准", f"第{i}条", when="2026-01-01T00:00:00Z"))
    return out


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    clock = time.perf_counter()
    fn()
    return time.perf_counter() - clock


def apply_all(root: Path, extractions: list[Extraction]) -> None:
    """What the resolution does with the corrections: read the file, correct each document's
    head (policy and citations) in the first pass and the whole document in the second."""
    cx._cached.cache_clear()
    book = cx.workspace_book(root)
    for e in extractions:
        book.apply(Extraction(e.source, e.sha256, e.policy, e.citations))
        book.apply(e)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--corrections", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-corrections-"))
    try:
        ws = Workspace(work / "ws")
        cold = timed(lambda: run_build([str(args.seeds)], ws, jobs=args.jobs))
        extractions = ws.extractions()
        lines = made_up(extractions, args.corrections)
        text = cx.HEADER + "\n" + "".join(cx.format_line(c) + "\n" for c in lines)
        path = cx.corrections_path(ws.root)
        without, with_, apply = [], [], []
        for _ in range(args.rounds):
            path.unlink(missing_ok=True)
            without.append(timed(lambda: run_build([str(args.seeds)], ws, jobs=args.jobs)))
            path.write_text(text, encoding="utf-8")
            report = None

            def build() -> None:
                nonlocal report
                report = run_build([str(args.seeds)], ws, jobs=args.jobs)

            with_.append(timed(build))
            apply.append(timed(lambda: apply_all(ws.root, extractions)))
        assert report is not None
        applied = sum(s.applies for s in report.corrections)
        med = statistics.median
        print(f"seeds: {len(extractions)} documents, {args.corrections:,} corrections ({applied:,} apply, "
              f"{args.corrections - applied:,} reported as not applying)")
        print(f"cold build of the seeds (extraction):      {cold:8.3f} s")
        print(f"rebuild without corrections (median):      {med(without):8.3f} s")
        print(f"rebuild with corrections (median):         {med(with_):8.3f} s   "
              f"(+{100 * (med(with_) - med(without)) / med(without):.1f}%)")
        print(f"applying the corrections alone (median):   {med(apply):8.3f} s   "
              f"({100 * med(apply) / cold:.2f}% of the cold build, {100 * med(apply) / med(without):.1f}% of a rebuild)")
        added = med(with_) - med(without)
        print(f"added to a build by the corrections:       {added:8.3f} s   ({100 * added / cold:.2f}% of the cold build; "
              "with the provenance quads they add)")
        goal = added / cold < 0.05
        print(f"goal (< 5% of the build time of the seeds): {'met' if goal else 'missed'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
