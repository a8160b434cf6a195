"""``kg build`` with its extraction on a Dask cluster: the step that grows with the corpus
(one document at a time, independent of the others) spread over every worker of the
cluster, the resolution and the store load on this machine.

    .venv/bin/pip install "dask[distributed]"
    .venv/bin/python benchmarks/dask_build.py CORPUS WORKSPACE                     # a local cluster
    .venv/bin/python benchmarks/dask_build.py CORPUS WORKSPACE --scheduler tcp://HOST:8786

A local cluster (``LocalCluster``: one process per core, one thread each, like ``kg build``'s
own pool) shows it runs; on many machines the scheduler's address is given instead, and the
workspace must be on a filesystem every worker reaches (the workers write each extraction
there, keyed by the content hash, as ``kg build``'s own workers do). It prints the build's
figures as JSON with the seconds of the extraction and of the resolution.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def dask_mapper(client: Any, batch: int = 64) -> Callable[[Callable[[Any], Any], list[Any]], Iterator[Any]]:
    """A :data:`kg.pipeline.Mapper` that runs each file's extraction as a task on ``client``'s
    cluster, ``batch`` files a task (one task per file costs more in scheduling than most
    documents take to extract), and yields the results as the tasks finish."""
    from dask.distributed import as_completed

    def run_batch(worker: Callable[[Any], Any], items: list[Any]) -> list[Any]:
        return [worker(x) for x in items]

    def mapper(worker: Callable[[Any], Any], args: list[Any]) -> Iterator[Any]:
        chunks = [args[i:i + batch] for i in range(0, len(args), batch)]
        futures = [client.submit(run_batch, worker, c, pure=False) for c in chunks]
        for future in as_completed(futures):
            yield from future.result()

    return mapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--scheduler", default=None, help="a running Dask scheduler (default: a local cluster)")
    ap.add_argument("--workers", type=int, default=0, help="processes of the local cluster (default: every core)")
    ap.add_argument("--batch", type=int, default=64, help="files per task")
    args = ap.parse_args()

    from dask.distributed import Client, LocalCluster

    from kg.pipeline import default_jobs, run_build
    from kg.workspace import Workspace

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers or default_jobs(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    t = time.perf_counter()
    report = run_build([str(args.corpus)], Workspace(args.workspace), mapper=dask_mapper(client, args.batch))
    wall = time.perf_counter() - t
    resolve = sum(report.timings.values())
    print(json.dumps({"wall_s": wall, "extract_s": wall - resolve, "resolve_s": resolve, "read": report.read,
                      "failed": len(report.failed), "documents": report.documents, "quads": report.quads,
                      "workers": len(client.scheduler_info()["workers"])}))
    client.close()


if __name__ == "__main__":
    main()
