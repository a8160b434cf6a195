"""Peak memory of reading one large HTML page (ingest + extraction, as a build's worker does).

A page of ``--mb`` megabytes is made (a policy notice whose body repeats numbered
paragraphs inside nested markup, as large crawled pages do); a fresh process reads it with
:func:`kg.pipeline.extract_file` and reports its peak resident memory (``ru_maxrss``), the
seconds it took and what came of the page.

    .venv/bin/python benchmarks/page_memory.py            # a 50 MB page
    .venv/bin/python benchmarks/page_memory.py --mb 10
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PARAGRAPH = ("<div class=\"para\"><p style=\"text-indent:2em\"><span>（{n}）加强职业教育基础能力建设，各市县人民政府"
             "要统筹安排资金，落实生均拨款制度，改善办学条件，提升教学质量。</span></p></div>\n")

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from kg.pipeline import Failure, extract_file
clock = time.perf_counter()
res = extract_file({path!r}, max_bytes=1 << 30)
seconds = time.perf_counter() - clock
out = {{"seconds": round(seconds, 1), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}}
out["result"] = str(res) if isinstance(res, Failure) else f"read; {{len(res.warnings)}} warnings: " + "; ".join(res.warnings)[:300]
print(json.dumps(out, ensure_ascii=False))
"""


def make_page(path: Path, mb: int) -> int:
    head = ("<html><head><meta charset=\"utf-8\"><title>某某省人民政府关于加强职业教育的通知</title></head><body>"
            "<h1>某某省人民政府关于加强职业教育的通知</h1><p>某政发〔2024〕1号</p>\n")
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head)
        n = 0
        while fh.tell() < mb * 2**20:
            n += 1
            fh.write(PARAGRAPH.format(n=n))
        fh.write("</body></html>\n")
    return path.stat().st_size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=50)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        size = make_page(page, args.mb)
        done = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(page))],
                              capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            print(done.stderr[-2000:])
            return 1
        report = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"page {size / 2**20:.1f} MB: peak {report['peak_mb']} MB ({report['peak_mb'] / (size / 2**20):.1f}× its size) "
          f"in {report['seconds']} s; {report['result']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
