"""Time for a view to open and become still in headless Chromium, tuned vs pyvis defaults.

    .venv/bin/python benchmarks/views.py                 # 500, 2,000 and 5,000 nodes
    .venv/bin/python benchmarks/views.py --sizes 5000 --timeout 300 --modes default

For each size, a synthetic department network of that many departments (tests/synthetic.py)
is written as a page twice:

* ``tuned``   — the view as ``kg view departments`` writes it (visualizations/views.toml:
  forceAtlas2Based, bounded stabilisation iterations by size, improvedLayout off, straight
  edges, departments starting near their region, physics switched off on
  stabilizationIterationsDone);
* ``default`` — the same nodes and edges with pyvis 0.3.2's default options
  (``Network().options``: barnesHut, 1,000 stabilisation iterations, dynamic smooth edges,
  improvedLayout on) and no starting positions; still = vis-network's "stabilized" event.

and the corpus map of that many policies (a fixed layout: no physics at all). Each page is
opened in a fresh tab of Debian's chromium (``tools/browser.sh``); the time is from
navigation to still, capped at ``--timeout`` seconds. Stillness is checked: node positions
sampled twice 500 ms apart must not move.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyvis.network import Network  # noqa: E402

from kg.views import corpus_view, department_view, write_view  # noqa: E402
from tests.browser import available, chromium, watch  # noqa: E402
from kg.views.model import View  # noqa: E402
from tests.synthetic import synthetic_graph  # noqa: E402


def default_variant(view: View) -> View:
    v = copy.copy(view)
    v.nodes = [{k: val for k, val in n.items() if k not in ("x", "y", "mass")} for n in view.nodes]
    v.edges = [dict(e) for e in view.edges]
    v.options = json.loads(Network().options.to_json())
    v.keep_physics = True
    v.legend_groups = []
    v.controls = []
    return v


MOVED = """() => {
  const v = Object.values(window.kgViews)[0];
  if (!v || !v.network) return null;
  const ids = v.nodes.getIds().slice(0, 50);
  return v.network.getPositions(ids);
}"""


def measure(browser, path: Path, timeout: float) -> dict:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    log = watch(page)
    t0 = time.perf_counter()
    try:
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout * 1000)
    except Exception:  # the page's script blocked the load event past the timeout
        page.close()
        return {"loaded": None, "still": None, "moved": None, "errors": log.console_errors, "outside": log.outside_requests}
    loaded = time.perf_counter() - t0
    still = None
    while time.perf_counter() - t0 < timeout:
        if page.evaluate("window.kgStill === true"):
            still = time.perf_counter() - t0
            break
        page.wait_for_timeout(50)
    moved = None
    if still is not None:
        a = page.evaluate(MOVED)
        page.wait_for_timeout(500)
        b = page.evaluate(MOVED)
        moved = max((abs(a[k]["x"] - b[k]["x"]) + abs(a[k]["y"] - b[k]["y"]) for k in a), default=0.0) if a and b else None
    page.close()
    return {"loaded": loaded, "still": still, "moved": moved, "errors": log.console_errors, "outside": log.outside_requests}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    ap.add_argument("--modes", nargs="+", default=["tuned", "default"], choices=["tuned", "default"])
    ap.add_argument("--views", nargs="+", default=["departments", "corpus"], choices=["departments", "corpus"])
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a page counts as never still")
    ap.add_argument("--out", type=Path, default=None, help="keep the pages in this folder")
    args = ap.parse_args()
    if not available():
        print("chromium or playwright is missing: run tools/browser.sh", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with chromium() as browser:
        for n in args.sizes:
            pages: list[tuple[str, str, int, int, Path]] = []
            if "departments" in args.views:
                t = time.perf_counter()
                g = synthetic_graph(departments=n, policies=max(20, n // 5))
                view = department_view(g, max_nodes=None)
                build = time.perf_counter() - t
                for mode in args.modes:
                    v = view if mode == "tuned" else default_variant(view)
                    p = out / f"departments-{n}-{mode}.html"
                    write_view(v, p)
                    pages.append(("departments", mode, len(v.nodes), len(v.edges), p))
                print(f"# departments {n}: {len(view.nodes)} nodes, {len(view.edges)} edges, built in {build:.1f} s", flush=True)
            if "corpus" in args.views:
                g = synthetic_graph(departments=10, policies=n)
                view = corpus_view(g, max_nodes=None)
                p = out / f"corpus-{n}.html"
                write_view(view, p)
                pages.append(("corpus", "fixed", len(view.nodes), len(view.edges), p))
            for name, mode, nn, ne, p in pages:
                r = measure(browser, p, args.timeout)
                still = f"{r['still']:.1f} s" if r["still"] is not None else f"> {args.timeout:.0f} s"
                moved = "-" if r["moved"] is None else f"{r['moved']:.1f} px"
                loaded = f"{r['loaded']:.1f} s" if r["loaded"] is not None else f"> {args.timeout:.0f} s"
                rows.append((name, mode, nn, ne, loaded, still, moved, len(r["errors"]), len(r["outside"])))
                print(f"{name:12} {mode:8} nodes {nn:5} edges {ne:6}  loaded {loaded:>7}  still {still:>9}  "
                      f"moved after still {moved:>7}  console errors {len(r['errors'])}  outside requests {len(r['outside'])}", flush=True)
    print(f"\npages in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
