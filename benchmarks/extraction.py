"""Extraction throughput: one process (the baseline) against every core, in the same run.

    .venv/bin/python benchmarks/extraction.py                  # 2,000 synthetic + the 31 real seed pages
    .venv/bin/python benchmarks/extraction.py --documents 5000 --repeat 5 --jobs 2

Two document sets:

* ``real``      — the five seed documents and the 26 corpus pages (``seeds/``), read
  ``--repeat`` times over (each file is one task every time);
* ``synthetic`` — ``--documents`` documents of :mod:`kg.synth` (HTML pages and text files,
  UTF-8 and GBK), written to a temporary folder.

Each set is extracted by ``kg.pipeline.extract_file`` (ingest + every extraction step, what a
``kg build`` worker does, minus saving) in a pool of 1 process and a pool of ``--jobs``
processes (default: every core). Both pools are warmed up first (jieba's dictionary, the
gazetteer's pattern): the figures are steady-state throughput. Speed-up is against the one
process of the same run; efficiency is speed-up / processes.

Baseline of the goal (``kg extract`` at least twice as fast as word segmentation alone): in
the same run, ``jieba.lcut`` (default mode) over the same documents' clean texts (read
beforehand, so jieba is spared the reading and decoding that the extraction does) in one
process, dictionary loaded first. The ratio is jieba's seconds / the extraction's seconds on
one process (wall clock, and CPU seconds, which other work on the machine disturbs less).
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


def _warm() -> None:
    extract_file(str(ROOT / "seeds" / "000_0ec524e545a91cdc.txt"))


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


def measure_extract_only(files: list[str]) -> float:
    """CPU seconds of :func:`kg.extract.extract` alone over ``files`` read beforehand (what
    the extraction costs without reading and decoding the files), in this process, warmed up."""
    from kg.extract import extract
    from kg.pipeline import head_of

    sources = [head_of(read_document(f)) for f in files]
    _warm()
    cpu = time.process_time()
    for src in sources:
        extract(src)
    return time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=2000, help="synthetic documents (default 2000)")
    ap.add_argument("--repeat", type=int, default=4, help="passes over the real seed pages (default 4)")
    ap.add_argument("--jobs", type=int, default=default_jobs(), help="processes of the parallel run (default: every core)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    real = [str(p) for p in iter_document_paths([str(ROOT / "seeds")])]
    sets: list[tuple[str, list[str]]] = [("real (seeds/)", real * args.repeat)]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        out = Path(tmp) / "synth"
        write_corpus(out, args.documents, args.seed)
        sets.append(("synthetic", [str(out / t["file"]) for t in read_truth(out)]))
        rows = []
        baselines: list[tuple[str, int, float, float, float, float]] = []
        load = os.getloadavg()
        for name, files in sets:
            size = sum(os.path.getsize(f) for f in files)
            base, base_cpu, failed = measure(files, 1)
            par, par_cpu, _ = measure(files, args.jobs)
            rows.append((name, len(files), size, base, par, failed, base_cpu / base, par_cpu / (par * args.jobs)))
            texts = [read_document(f).text for f in files]
            baselines.append((name, sum(map(len, texts)), base, base_cpu, *measure_jieba(texts), measure_extract_only(files)))
        load_after = os.getloadavg()

    print(f"Extraction throughput · {os.cpu_count()} cores, {args.jobs} processes in the parallel run")
    print(f"(load average before {load[0]:.1f}, after {load_after[0]:.1f}: other work on the machine slows both runs)\n")
    head = (f"{'documents':<16} {'files':>6} {'MB':>7} | {'1 process':>28} | {f'{args.jobs} processes':>28} | "
            f"{'speed-up':>8} {'efficiency':>10}")
    print(head)
    print(f"{'':<16} {'':>6} {'':>7} | {'docs/s':>8} {'MB/s':>8} {'CPU got':>9} | {'docs/s':>8} {'MB/s':>8} {'CPU got':>9} |")
    print("-" * len(head))
    for name, n, size, base, par, failed, base_share, par_share in rows:
        mb = size / 2**20
        speed = base / par
        print(f"{name:<16} {n:>6} {mb:>7.1f} | {n / base:>8.1f} {mb / base:>8.3f} {base_share:>9.0%} | {n / par:>8.1f} {mb / par:>8.3f} "
              f"{par_share:>9.0%} | {speed:>7.2f}x {speed / args.jobs:>9.0%}" + (f"  ({failed} failed)" if failed else ""))
    print("\nCPU got: CPU seconds the workers spent extracting / (wall seconds x processes). Below 100 %, other")
    print("processes on the machine took the cores; speed-up per CPU actually received is efficiency / CPU got.")
    print("\nBaseline: jieba.lcut over the same clean texts, one process (goal: kg extract >= 2x jieba.lcut)")
    print(f"{'documents':<16} {'M chars':>8} | {'jieba s':>8} {'kg s':>8} {'ratio':>7} | {'jieba CPU s':>11} {'kg CPU s':>9} {'ratio':>7} | "
          f"{'extract CPU s':>13} {'ratio':>7}")
    for name, chars, kg_wall, kg_cpu, jb_wall, jb_cpu, ex_cpu in baselines:
        print(f"{name:<16} {chars / 1e6:>8.2f} | {jb_wall:>8.2f} {kg_wall:>8.2f} {jb_wall / kg_wall:>6.2f}x | "
              f"{jb_cpu:>11.2f} {kg_cpu:>9.2f} {jb_cpu / kg_cpu:>6.2f}x | {ex_cpu:>13.2f} {jb_cpu / ex_cpu:>6.2f}x"
              + ("  goal met" if jb_cpu / kg_cpu >= 2 else "  goal not met"))
    print("ratio = jieba.lcut seconds / kg extract seconds (above 1: the extraction is faster than segmentation alone);")
    print("kg s reads and decodes each file too (kg.ingest); extract CPU s is the extraction alone over the texts read beforehand")


if __name__ == "__main__":
    main()
