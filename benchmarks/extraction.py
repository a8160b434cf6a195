"""Extraction throughput: one process (the baseline) against every core, in the same run.

    .venv/bin/python benchmarks/extraction.py                  # the 31 seed pages, 217 real texts, 2,000 synthetic
    .venv/bin/python benchmarks/extraction.py --documents 5000 --repeat 5 --jobs 2
    .venv/bin/python benchmarks/extraction.py --goal-only      # only the comparison with jieba.lcut
    .venv/bin/python benchmarks/extraction.py --goal-only --rounds 9   # medians of 9 rounds (default 5)
    .venv/bin/python benchmarks/extraction.py --goal-only --steps   # and where the time goes, per step

Three document sets:

* ``seeds``     — the five seed documents and the 26 corpus pages (``seeds/``), read
  ``--repeat`` times over in the throughput table (each file is one task every time);
* ``texts``     — the 217 policy texts without header of ``../shared/realcorpus/texts``
  (when that folder exists);
* ``synthetic`` — ``--documents`` documents of :mod:`kg.synth` (HTML pages and text files,
  UTF-8 and GBK), written to a temporary folder.

Throughput: each set is extracted by ``kg.pipeline.extract_file`` (ingest + every
extraction step, what a ``kg build`` worker does, minus saving) in a pool of 1 process and a
pool of ``--jobs`` processes (default: every core). Both pools are warmed up first (jieba's
dictionary, the gazetteer's pattern): the figures are steady-state throughput. Speed-up is
against the one process of the same run; efficiency is speed-up / processes.

Baseline of the goal (``kg extract`` at least twice as fast as word segmentation alone), per
set, in the same run: ``jieba.lcut`` (default mode) over the same documents' clean texts
(read beforehand, so jieba is spared the reading and decoding) in one process, dictionary
loaded first, against the extraction of each file once in one new process (warmed up on one
seed file and on one small made-up HTML page of no set, :data:`WARM_PAGE`, so that the page
selectors and the department dictionary, loaded once per process, are not charged to the
first set; what the process keeps from one document to the next is only what the
documents of the set give it): with reading and decoding (``extract_file``) and without (``kg.extract.extract``
over the sources read beforehand). Ratio = jieba's CPU seconds / the extraction's CPU seconds
(CPU seconds, which other work on the machine disturbs less than wall seconds). One round
of a set is a ~0.1 s figure on the seeds, which moves by a quarter from one run to the next on
a shared machine: the comparison is made ``--rounds`` times (jieba timed before the
extraction in odd rounds, after it in even ones) and the medians are compared; the lowest and
highest ratio of a single round are printed beside them.

``--steps``: the CPU seconds of reading (``read_document``) and of each step of
:func:`kg.extract.extract` over each set once, in one more new warmed-up process, as shares
of jieba's seconds (the steps are timed where ``extract`` calls them, in that process only).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ingest import iter_document_paths, read_document  # noqa: E402
from kg.pipeline import Failure, default_jobs, extract_file  # noqa: E402
from kg.synth import read_truth, write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT.parent / "shared" / "realcorpus" / "texts" / "docs"


#: a made-up page of no set, read by :func:`_warm` so that what the first page of a set would
#: load once per process (the page selectors, the department dictionary of run-together
#: names) is loaded before the clock starts
WARM_PAGE = """<html><head><title>某市人民政府办公室关于做好示范工作的通知</title></head><body>
<div class="nav">首页 &gt; 政务公开</div><table><tr><td>发文字号：</td><td>某政办发〔2020〕1号</td></tr>
<tr><td>成文日期：</td><td>2020年3月1日</td></tr></table><div id="zoom"><p>各区人民政府，市政府各部门：</p>
<p>为贯彻落实《某省职业教育条例》，经市人民政府同意，现就有关事项通知如下。</p><p>一、主要任务</p>
<p>（一）建设示范学校。到2022年，建成5所示范职业学校。（市教育局市财政局负责）</p>
<p>某市人民政府办公室</p><p>2020年3月1日</p></div></body></html>"""


def _warm() -> None:
    extract_file(str(ROOT / "seeds" / "000_0ec524e545a91cdc.txt"))
    with tempfile.TemporaryDirectory(prefix="kg-warm-") as tmp:
        page = Path(tmp) / "warm.html"
        page.write_text(WARM_PAGE, encoding="utf-8")
        extract_file(str(page))


def _one(path: str) -> tuple[float, bool]:
    cpu = time.process_time()
    res = extract_file(path)
    return time.process_time() - cpu, not isinstance(res, Failure)


def _noop(_: int) -> int:
    time.sleep(0.05)
    return os.getpid()


def measure(files: list[str], processes: int) -> tuple[float, float, int]:
    """Seconds to extract ``files`` in a warmed pool of ``processes``, CPU seconds the
    workers spent on them, failures."""
    ctx = get_context("fork")
    with ctx.Pool(processes=processes, initializer=_warm) as pool:
        pool.map(_noop, range(processes * 4))  # every worker has started (and warmed up)
        chunk = max(1, min(8, len(files) // (processes * 8)))
        started = time.perf_counter()
        results = list(pool.imap_unordered(_one, files, chunksize=chunk))
        seconds = time.perf_counter() - started
    return seconds, sum(cpu for cpu, _ in results), sum(1 for _, ok in results if not ok)


def measure_jieba(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``jieba.lcut`` over ``texts`` in this process (dictionary
    loaded before the clock starts)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    jieba.lcut("为贯彻落实国务院关于推进职业教育发展的决定")
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def _extract_all(files: list[str]) -> tuple[float, float]:
    """CPU seconds of reading and extracting each of ``files`` once (``extract_file``)."""
    cpu = time.process_time()
    for f in files:
        extract_file(f)
    return time.process_time() - cpu, 0.0


def _extract_only(files: list[str]) -> tuple[float, float]:
    """CPU seconds of :func:`kg.extract.extract` alone over ``files`` read beforehand."""
    from kg.extract import extract
    from kg.pipeline import head_of

    sources = [head_of(read_document(f)) for f in files]
    cpu = time.process_time()
    for src in sources:
        extract(src)
    return 0.0, time.process_time() - cpu


#: the steps :func:`kg.extract.extract` calls (names in its module), timed by ``--steps``
STEPS = ("build_document", "extract_policy", "_citations", "measures", "responsibilities", "institutions", "targets", "validity")


def _steps(files: list[str]) -> dict[str, float]:
    """CPU seconds of reading and of each step over ``files`` (run in a worker: the
    functions are wrapped in its memory only)."""
    import kg.extract
    import kg.pipeline

    spent = dict.fromkeys(("read", *STEPS), 0.0)

    def timed(name, fn):
        def run(*args, **kwargs):
            cpu = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - cpu
        return run

    for name in STEPS:
        setattr(kg.extract, name, timed(name, getattr(kg.extract, name)))
    kg.pipeline.read_document = timed("read", kg.pipeline.read_document)
    for f in files:
        extract_file(f)
    return spent


def measure_steps(files: list[str]) -> dict[str, float]:
    """:func:`_steps` in a new warmed-up process."""
    with get_context("fork").Pool(processes=1, initializer=_warm) as pool:
        return pool.apply(_steps, (files,))


def print_steps(goals: list[tuple[str, int, int, float, float, float]], steps: list[dict[str, float]]) -> None:
    print("\nWhere the time goes (CPU seconds of each step, each set once; share of jieba.lcut's seconds)")
    print(f"{'step':<18} " + " ".join(f"{g[0]:>17}" for g in goals))
    for name in ("read", *STEPS):
        print(f"{name:<18} " + " ".join(f"{s[name]:>8.3f} {s[name] / g[3]:>8.0%}" for g, s in zip(goals, steps)))


def measure_goal(files: list[str]) -> tuple[float, float]:
    """CPU seconds of the extraction of ``files`` with reading and decoding, and without
    (over the sources read beforehand), each in a new warmed-up process."""
    ctx = get_context("fork")
    out = []
    for fn in (_extract_all, _extract_only):
        with ctx.Pool(processes=1, initializer=_warm) as pool:
            out.append(sum(pool.apply(fn, (files,))))
    return out[0], out[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=2000, help="synthetic documents (default 2000)")
    ap.add_argument("--repeat", type=int, default=4, help="passes over the seed pages in the throughput table (default 4)")
    ap.add_argument("--jobs", type=int, default=default_jobs(), help="processes of the parallel run (default: every core)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--texts", type=Path, default=TEXTS, help="folder of real texts without header (skipped when missing)")
    ap.add_argument("--goal-only", action="store_true", help="only the comparison with jieba.lcut (no throughput table)")
    ap.add_argument("--steps", action="store_true", help="also the CPU seconds of reading and of each extraction step")
    ap.add_argument("--rounds", type=int, default=5,
                    help="rounds of the goal's comparison (default 5): medians are printed, and the range of the rounds' ratios")
    args = ap.parse_args()

    sets: list[tuple[str, list[str]]] = [("seeds", [str(p) for p in iter_document_paths([str(ROOT / "seeds")])])]
    if args.texts.is_dir():
        sets.append(("texts", [str(p) for p in iter_document_paths([str(args.texts)])]))
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        out = Path(tmp) / "synth"
        write_corpus(out, args.documents, args.seed)
        sets.append(("synthetic", [str(out / t["file"]) for t in read_truth(out)]))
        load = os.getloadavg()
        rows = [] if args.goal_only else [throughput(name, files * (args.repeat if name == "seeds" else 1), args.jobs) for name, files in sets]
        goals = [goal(name, files, max(1, args.rounds)) for name, files in sets]
        steps = [measure_steps(files) for _, files in sets] if args.steps else []
        load_after = os.getloadavg()

    print(f"Extraction · {os.cpu_count()} cores · load average before {load[0]:.1f}, after {load_after[0]:.1f} "
          "(other work on the machine slows every figure)\n")
    if rows:
        print_throughput(rows, args.jobs)
    rounds = len(goals[0][6])
    print("Goal: kg extract >= 2x jieba.lcut on one core (CPU seconds; each file once, one new process per figure; "
          f"medians of {rounds} round{'s' if rounds > 1 else ''})")
    print(f"{'documents':<10} {'files':>6} {'M chars':>8} | {'jieba s':>8} | {'kg s':>7} {'ratio':>7} {'rounds':>11} | "
          f"{'extract s':>9} {'ratio':>7} | goal")
    for name, n, chars, jb, with_reading, alone, ratios in goals:
        verdict = "met" if jb / with_reading >= 2 else ("met without reading" if jb / alone >= 2 else "not met")
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
        print(f"{name:<10} {n:>6} {chars / 1e6:>8.2f} | {jb:>8.2f} | {with_reading:>7.2f} {jb / with_reading:>6.2f}x {spread:>11} | "
              f"{alone:>9.2f} {jb / alone:>6.2f}x | {verdict}")
    print("ratio = jieba.lcut CPU seconds / kg CPU seconds, of the medians (2x: the extraction takes half the time of segmentation")
    print("alone); rounds: the lowest and highest ratio of a single round. kg s reads and decodes each file too (kg.ingest);")
    print("extract s is the extraction alone over the texts read beforehand")
    worst = min(min(jb / w, jb / a) for _, _, _, jb, w, a, _ in goals)
    print(f"goal line: with reading {', '.join(f'{g[0]} {g[3] / g[4]:.2f}x' for g in goals)}; "
          f"without reading {', '.join(f'{g[0]} {g[3] / g[5]:.2f}x' for g in goals)} -> "
          + ("goal met" if worst >= 2 else "goal not met"))
    if steps:
        print_steps(goals, steps)


def throughput(name: str, files: list[str], jobs: int) -> tuple[str, int, int, float, float, int, float, float]:
    """One row of the throughput table: ``files`` in a pool of 1 and of ``jobs`` processes."""
    size = sum(os.path.getsize(f) for f in files)
    base, base_cpu, failed = measure(files, 1)
    par, par_cpu, _ = measure(files, jobs)
    return name, len(files), size, base, par, failed, base_cpu / base, par_cpu / (par * jobs)


def goal(name: str, files: list[str], rounds: int = 1) -> tuple[str, int, int, float, float, float, list[float]]:
    """``(set, files, characters, jieba CPU s, kg CPU s with reading, kg CPU s without, ratios)``:
    the medians of ``rounds`` rounds, jieba first in odd rounds and last in even ones (the
    side timed first is the colder), and each round's ratio with reading.

    >>> median([0.3, 0.1, 0.2]), median([4.0, 1.0])
    (0.2, 2.5)
    """
    texts = [read_document(f).text for f in files]
    jiebas: list[float] = []
    withs: list[float] = []
    alones: list[float] = []
    for r in range(rounds):
        if r % 2 == 0:
            jiebas.append(measure_jieba(texts)[1])
        with_reading, alone = measure_goal(files)
        withs.append(with_reading)
        alones.append(alone)
        if r % 2 == 1:
            jiebas.append(measure_jieba(texts)[1])
    ratios = [j / w for j, w in zip(jiebas, withs)]
    return name, len(files), sum(map(len, texts)), median(jiebas), median(withs), median(alones), ratios


def median(values: list[float]) -> float:
    """The median of ``values`` (the mean of the two middle ones for an even count)."""
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def print_throughput(rows: list[tuple[str, int, int, float, float, int, float, float]], jobs: int) -> None:
    head = (f"{'documents':<16} {'files':>6} {'MB':>7} | {'1 process':>28} | {f'{jobs} processes':>28} | "
            f"{'speed-up':>8} {'efficiency':>10}")
    print(head)
    print(f"{'':<16} {'':>6} {'':>7} | {'docs/s':>8} {'MB/s':>8} {'CPU got':>9} | {'docs/s':>8} {'MB/s':>8} {'CPU got':>9} |")
    print("-" * len(head))
    for name, n, size, base, par, failed, base_share, par_share in rows:
        mb = size / 2**20
        speed = base / par
        print(f"{name:<16} {n:>6} {mb:>7.1f} | {n / base:>8.1f} {mb / base:>8.3f} {base_share:>9.0%} | {n / par:>8.1f} {mb / par:>8.3f} "
              f"{par_share:>9.0%} | {speed:>7.2f}x {speed / jobs:>9.0%}" + (f"  ({failed} failed)" if failed else ""))
    print("\nCPU got: CPU seconds the workers spent extracting / (wall seconds x processes). Below 100 %, other")
    print("processes on the machine took the cores; speed-up per CPU actually received is efficiency / CPU got.\n")


if __name__ == "__main__":
    main()
