"""Open EVERY page of a published site (``kg publish``) in headless Chromium and report how
long each took to be ready, the console errors and the requests that leave ``file://``.

    .venv/bin/python benchmarks/site_check.py SITE_DIR                 # every page, 2 tabs
    .venv/bin/python benchmarks/site_check.py SITE_DIR --tabs 3 --json report.json
    .venv/bin/python benchmarks/site_check.py SITE_DIR --limit 200    # a sample (fixed seed)
    .venv/bin/python benchmarks/site_check.py SITE_DIR --shots build/screenshots --limit 0
                                                  # only a screenshot of each kind of page

One browser (Debian's chromium through Playwright, as the browser tests start it:
tests/browser.py), ``--tabs`` pages open at a time, each tab reused from page to page. A page
is ready when its load event has fired and, for a page with network views, when every view
is laid out and still (``window.kgStill``). The time is the wall time from navigation to
ready, as the browser's user waits; the CPU of the machine is shared, so the load average
is printed beside it. Prints the slowest pages, how many took over ``--budget`` seconds,
the median and 95th percentile per kind of page (its folder), the console errors and the
requests outside ``file://``/``data:``/``about:`` (there must be none). Exit code 1 when a
page is over budget, logs an error or requests the network.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402

VIEWPORT = {"width": 1400, "height": 900}
LOCAL = ("file://", "data:", "about:")


@dataclass
class Seen:
    """One page opened."""

    path: str
    seconds: float
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    timed_out: bool = False

    @property
    def kind(self) -> str:
        """The page's kind: its folder in the site, or its name at the top."""
        return self.path.split("/", 1)[0] if "/" in self.path else self.path.removesuffix(".html")


def pages_of(site: Path, limit: int | None = None, seed: int = 1) -> list[Path]:
    """Every page of the site (``lib/`` holds no page), or ``limit`` of them drawn at random
    (fixed seed) with the top-level pages always in."""
    pages = sorted(p for p in site.rglob("*.html") if "lib" not in p.relative_to(site).parts[:1])
    if limit is None or limit >= len(pages):
        return pages
    top = [p for p in pages if p.parent == site]
    rest = [p for p in pages if p.parent != site]
    return top + sorted(random.Random(seed).sample(rest, max(limit - len(top), 0)))


async def _ready(page: Any, timeout_s: float) -> bool:
    """Wait until the page's views are still (pages without views: at once); False when the
    time ran out. Polls with ``evaluate``: the pages' CSP forbids the eval of wait_for_function."""
    if not await page.evaluate("!!document.querySelector('.kg-data')"):
        return True
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if await page.evaluate("window.kgStill === true"):
            return True
        await asyncio.sleep(0.02)
    return False


async def _tab(context: Any, queue: asyncio.Queue, site: Path, out: list[Seen], timeout_s: float) -> None:
    page = await context.new_page()
    log: dict[str, list[str]] = {"errors": [], "requests": []}
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("dialog", lambda d: asyncio.ensure_future(d.dismiss()))
    while True:
        try:
            path = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        log["errors"].clear()
        log["requests"].clear()
        t0 = time.perf_counter()
        try:
            await page.goto(path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
            still = await _ready(page, timeout_s)
        except Exception as exc:  # a page that does not load is reported, the others go on
            log["errors"].append(f"{type(exc).__name__}: {exc}")
            still = False
        seconds = time.perf_counter() - t0
        out.append(Seen(path.relative_to(site).as_posix(), seconds, list(log["errors"]),
                        [u for u in log["requests"] if not u.startswith(LOCAL)], not still))
        if len(out) % 500 == 0:
            print(f"  {len(out)} pages opened", file=sys.stderr, flush=True)
    await page.close()


async def check(site: Path, pages: list[Path], tabs: int = 2, timeout_s: float = 30.0) -> list[Seen]:
    """Open ``pages`` in one headless Chromium, ``tabs`` at a time."""
    from playwright.async_api import async_playwright

    path = chromium_path()
    if path is None:
        raise SystemExit("chromium is missing: run tools/browser.sh")
    queue: asyncio.Queue = asyncio.Queue()
    for p in pages:
        queue.put_nowait(p)
    out: list[Seen] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport=VIEWPORT)
        await asyncio.gather(*(_tab(context, queue, site, out, timeout_s) for _ in range(max(tabs, 1))))
        await browser.close()
    return out


def typical(site: Path) -> dict[str, Path]:
    """A page of each kind for a screenshot: the top-level pages, and in each folder the
    page at the 90th percentile of size (a full page, not the largest outlier)."""
    out: dict[str, Path] = {}
    for p in pages_of(site):
        rel = p.relative_to(site)
        if len(rel.parts) == 1:
            out[rel.stem] = p
    for folder in sorted({p.relative_to(site).parts[0] for p in pages_of(site) if p.parent != site}):
        ranked = sorted((site / folder).glob("*.html"), key=lambda p: p.stat().st_size)
        out[f"{folder}-page"] = ranked[min(len(ranked) - 1, int(0.9 * len(ranked)))]
    return out


async def shoot(site: Path, folder: Path, prefix: str, timeout_s: float = 30.0) -> list[Path]:
    """A screenshot at 1400×900 of a page of each kind (:func:`typical`) into ``folder``."""
    from playwright.async_api import async_playwright

    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport=VIEWPORT)
        for kind, path in typical(site).items():
            await page.goto(path.as_uri(), wait_until="load")
            await _ready(page, timeout_s)
            await page.wait_for_timeout(300)
            shot = folder / f"{prefix}{kind}.png"
            await page.screenshot(path=str(shot))
            shots.append(shot)
            print(f"  {shot}  ({path.relative_to(site)})")
        await browser.close()
    return shots


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5), percentile([1.0, 2.0, 3.0, 4.0], 0.95)
    (2.0, 4.0)
    """
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))] if ordered else 0.0


def summary(seen: list[Seen], budget: float, wall: float) -> dict[str, Any]:
    """The figures the report prints (and ``--json`` writes)."""
    kinds: dict[str, list[float]] = {}
    for s in seen:
        kinds.setdefault(s.kind, []).append(s.seconds)
    slowest = sorted(seen, key=lambda s: -s.seconds)[:10]
    return {
        "pages": len(seen), "wall_s": round(wall, 1), "load_average": os.getloadavg(), "budget_s": budget,
        "over_budget": sum(1 for s in seen if s.seconds > budget), "timed_out": sum(1 for s in seen if s.timed_out),
        "median_s": round(statistics.median([s.seconds for s in seen]), 3) if seen else 0.0,
        "p95_s": round(percentile([s.seconds for s in seen], 0.95), 3),
        "slowest": [(s.path, round(s.seconds, 2)) for s in slowest],
        "by_kind": {k: {"pages": len(v), "median_s": round(statistics.median(v), 3), "p95_s": round(percentile(v, 0.95), 3),
                        "max_s": round(max(v), 2)} for k, v in sorted(kinds.items())},
        "console_errors": [(s.path, e) for s in seen for e in s.errors],
        "outside_requests": [(s.path, u) for s in seen for u in s.outside],
    }


def report(fig: dict[str, Any]) -> str:
    lines = [f"pages opened      {fig['pages']} in {fig['wall_s']} s (load average {', '.join(f'{x:.2f}' for x in fig['load_average'])})",
             f"slowest           {fig['slowest'][0][1] if fig['slowest'] else 0} s  {fig['slowest'][0][0] if fig['slowest'] else ''}",
             f"over {fig['budget_s']:g} s          {fig['over_budget']} (not ready in time: {fig['timed_out']})",
             f"median, p95       {fig['median_s']} s, {fig['p95_s']} s",
             f"console errors    {len(fig['console_errors'])}  {fig['console_errors'][:3]}",
             f"outside requests  {len(fig['outside_requests'])}  {fig['outside_requests'][:3]}",
             "by kind           pages  median   p95    max"]
    lines += [f"  {k:<16}{v['pages']:>6}  {v['median_s']:>6.3f} {v['p95_s']:>6.3f} {v['max_s']:>6.2f}" for k, v in fig["by_kind"].items()]
    lines += ["slowest pages"] + [f"  {sec:>6.2f} s  {p}" for p, sec in fig["slowest"]]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", type=Path, help="a folder kg publish wrote")
    ap.add_argument("--tabs", type=int, default=2, help="pages open at a time (default 2)")
    ap.add_argument("--limit", type=int, default=None, help="open this many pages drawn at random (default: every page)")
    ap.add_argument("--budget", type=float, default=2.0, help="seconds a page may take (default 2)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before a page counts as not ready")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures and every page's time here")
    ap.add_argument("--shots", type=Path, default=None, help="also write a screenshot of each kind of page here")
    ap.add_argument("--prefix", default="site-", help="the screenshots' file name prefix (default site-)")
    args = ap.parse_args()
    site = args.site.resolve()
    if args.shots:
        asyncio.run(shoot(site, args.shots, args.prefix, args.timeout))
        if args.limit == 0:
            return
    pages = pages_of(site, args.limit)
    t0 = time.perf_counter()
    seen = asyncio.run(check(site, pages, args.tabs, args.timeout))
    fig = summary(seen, args.budget, time.perf_counter() - t0)
    print(report(fig))
    if args.json:
        args.json.write_text(json.dumps({**fig, "every_page": [asdict(s) for s in seen]}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    sys.exit(1 if fig["over_budget"] or fig["console_errors"] or fig["outside_requests"] else 0)


if __name__ == "__main__":
    main()
