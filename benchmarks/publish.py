"""Time ``kg publish`` of a workspace and open its pages in headless Chromium.

    .venv/bin/python benchmarks/publish.py /tmp/laws-ws                 # build the site, time it
    .venv/bin/python benchmarks/publish.py /tmp/laws-ws --open 60       # and open pages in Chromium

Prints the seconds to load the graph and to write the site, the number of pages, their
total and largest size; with ``--open N``, opens in Debian's chromium (tests/browser.py)
every page kind (index, department network, corpus map, uptake and take-up indexes), the N largest pages
and N pages drawn at random (fixed seed), and prints for them the slowest time from
navigation to still (a page with views: every view laid out; else the load event), the
console errors and the requests that leave the site (there must be none). To open every
page of a site: benchmarks/site_check.py.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.pipeline import workspace_graph  # noqa: E402
from kg.views import publish  # noqa: E402
from kg.workspace import Workspace  # noqa: E402


def build(workspace: Path, out: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    g = workspace_graph(Workspace(workspace))
    t1 = time.perf_counter()
    report = publish(g, out)
    t2 = time.perf_counter()
    pages = list(out.rglob("*.html"))
    sizes = [p.stat().st_size for p in pages]
    return {"graph_s": t1 - t0, "publish_s": t2 - t1, "total_s": t2 - t0, "pages": len(pages), "report_pages": report.pages,
            "mb": sum(sizes) / 1e6, "largest_kb": max(sizes) / 1e3, "ms_per_page": (t2 - t1) * 1000 / max(len(pages), 1)}


def sample(out: Path, n: int, seed: int = 1) -> list[Path]:
    kinds = [out / name for name in ("index.html", "departments.html", "corpus.html", "uptake.html", "adoption.html") if (out / name).exists()]
    pages = sorted(out.rglob("*.html"))
    largest = sorted(pages, key=lambda p: -p.stat().st_size)[:n]
    drawn = random.Random(seed).sample(pages, min(n, len(pages)))
    return list(dict.fromkeys([*kinds, *largest, *drawn]))


def open_pages(pages: list[Path]) -> dict[str, object]:
    from tests.browser import chromium, wait_still, watch

    slowest, errors, outside = (0.0, ""), [], []
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        for path in pages:
            page = context.new_page()
            log = watch(page)
            t0 = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load")
            if page.evaluate("!!document.querySelector('.kg-data')"):
                wait_still(page, timeout_ms=30000)
            seconds = time.perf_counter() - t0
            slowest = max(slowest, (seconds, str(path)))
            errors += [f"{path.name}: {e}" for e in log.console_errors]
            outside += log.outside_requests
            page.close()
    return {"opened": len(pages), "slowest_s": slowest[0], "slowest_page": slowest[1], "console_errors": errors,
            "outside_requests": outside}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--out", type=Path, default=None, help="site folder (default: a temporary one)")
    ap.add_argument("--open", type=int, default=0, metavar="N", help="open the page kinds, the N largest and N random pages")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-site-"))
    figures = build(args.workspace, out)
    print(f"site        {out}")
    print(f"graph       {figures['graph_s']:.1f} s")
    print(f"publish     {figures['publish_s']:.1f} s ({figures['ms_per_page']:.1f} ms a page)")
    print(f"total       {figures['total_s']:.1f} s")
    print(f"pages       {figures['pages']} ({figures['mb']:.0f} MB, largest {figures['largest_kb']:.0f} KB)")
    if args.open:
        seen = open_pages(sample(out, args.open))
        print(f"opened      {seen['opened']} pages in Chromium, slowest {seen['slowest_s']:.2f} s ({seen['slowest_page']})")
        print(f"console errors    {len(seen['console_errors'])} {seen['console_errors'][:3]}")
        print(f"outside requests  {len(seen['outside_requests'])} {seen['outside_requests'][:3]}")


if __name__ == "__main__":
    main()
