"""``kg publish``: a static site of the whole graph.

::

    OUT_DIR/index.html            every policy (number, title, issuers, level, region, date), searchable
    OUT_DIR/departments.html      the department network
    OUT_DIR/corpus.html           the corpus citation map
    OUT_DIR/policies/SLUG.html    one page per policy: its lineage and its anatomy
    OUT_DIR/uptake.html           the national directives the corpus takes up (kg.views.uptake)
    OUT_DIR/uptake/SLUG.html      per directive: a timeline of its uptake and a map of the provinces
    OUT_DIR/adoption.html         the directives whose measures the corpus takes up (kg.views.adoption)
    OUT_DIR/adoption/SLUG.html    per directive: the take-up matrix (its measures × its implementers)
    OUT_DIR/pairs/L_P.html        per implements edge: the two documents side by side, measures aligned
    OUT_DIR/lib/                  vis-network and the views' script and style

Links are relative, so the site opens from ``file://`` and from any static host. Page names
are ASCII (the digits and Latin letters of the policy key, then a hash of the key): safe on
any file system and in any URL, never a raw 〔〕.
"""

from __future__ import annotations

import hashlib
import re
import json
import os
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.graph.status import annotate_status
from kg.i18n import t
from kg.questions import today
from kg.schema import level_rank
from kg.views.anatomy import anatomy_view
from kg.views.common import level_of, policies
from kg.views.config import ViewConfig, load_config
from kg.views.corpus import corpus_view
from kg.views.departments import department_view
from kg.views.lineage import lineage_view
from kg.views.render import Assets, copy_assets, render_index, render_views, write_text
from kg.views.text import SentenceIndex, clean
from kg.views.adoption import msg as adoption_msg
from kg.views.adoption import write_adoption_pages
from kg.views.rows import GraphRows
from kg.views.uptake import msg as uptake_msg
from kg.views.uptake import write_uptake_pages


def slug(node: str) -> str:
    """A file name for a policy page.

    >>> slug("policy:沈政发〔2021〕14号")
    '2021-14-97f594fad9'
    >>> slug("policy:doc-605ad5709483e39d")[:21]
    'doc-605ad5709483e39d-'
    """
    key = node.split(":", 1)[1] if node.startswith("policy:") else node
    words = re.findall(r"[A-Za-z0-9]+", key)
    head = "-".join(words)[:40].strip("-").lower()
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return f"{head}-{digest}" if head else f"p-{digest}"


@dataclass
class SiteReport:
    out_dir: Path
    pages: int
    policies: int
    departments_aggregated: bool
    corpus_aggregated: bool


def _sort_key(item: tuple[str, dict]) -> tuple:  # type: ignore[type-arg]
    n, d = item
    return (bool(d.get("stub")), level_rank(d.get("level")), clean(d.get("region")), d.get("date") or "9999",
            clean(d.get("number")), clean(d.get("title")), n)


#: the list of pages a publish wrote, kept in the site folder: the next publish into the
#: same folder removes those of them it no longer writes (and never any other file)
MANIFEST = ".kg-site.json"


def _written_before(out: Path) -> set[str]:
    """The pages an earlier publish wrote in ``out`` (relative paths inside it)."""
    try:
        listed = json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("pages", [])
    except (OSError, ValueError, AttributeError):
        return set()
    root = out.resolve()
    return {p for p in listed if isinstance(p, str) and (out / p).resolve().is_relative_to(root) and p != MANIFEST}


def _retire_pages(out: Path, written: set[str]) -> int:
    """Remove the pages of an earlier publish that this one did not write; record this one's."""
    gone = 0
    for rel in sorted(_written_before(out) - written):
        page = out / rel
        if page.is_file() and not page.is_symlink():
            page.unlink()
            gone += 1
    tmp = out / f"{MANIFEST}.tmp"
    tmp.write_text(json.dumps({"pages": sorted(written)}, ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(tmp, out / MANIFEST)
    return gone


def publish(g: nx.MultiDiGraph, out_dir: str | Path, *, lang: str = "zh", cfg: ViewConfig | None = None,
            progress=None, as_of: str | None = None) -> SiteReport:  # type: ignore[no-untyped-def]
    """The published site; each policy's status (a badge and its chain of replacements) as of
    ``as_of`` (default today)."""
    cfg = cfg or load_config()
    annotate_status(g, as_of or today(), lang)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    (out / "policies").mkdir(exist_ok=True)
    pols = sorted(policies(g), key=_sort_key)
    names = {n: slug(n) for n, _ in pols}
    if len(set(names.values())) != len(names):  # pragma: no cover - a 40-bit hash collision
        raise RuntimeError("two policies share a page name")
    site_title = cfg.text("site_title", lang)

    def nav(base: str) -> list[tuple[str, str]]:
        return [(cfg.text("index", lang), f"{base}index.html"), (cfg.text("departments_page", lang), f"{base}departments.html"),
                (cfg.text("corpus_page", lang), f"{base}corpus.html"), (uptake_msg("uptake_page", lang), f"{base}uptake.html"),
                (adoption_msg("adoption_index", lang), f"{base}adoption.html")]

    # pages written besides the index, the two network views and the policy pages
    extra_written: set[str] = set()

    def write_recorded(path: Path, text: str) -> None:
        write_text(path, text)
        extra_written.add(Path(path).relative_to(out).as_posix())

    graph_rows = GraphRows(g)
    adopted = write_adoption_pages(g, out, names, cfg, lang, nav, write_recorded, graph_rows)

    sentences = SentenceIndex(g)
    # department network and corpus map
    dv = department_view(g, lang=lang, cfg=cfg, sentences=sentences)
    write_text(out / "departments.html", render_views([dv], heading=dv.heading, subtitle=dv.subtitle,
                                                      page_title=f"{dv.heading} · {site_title}", assets=Assets(False, ""),
                                                      nav=nav(""), lang=lang, cfg=cfg))
    cv = corpus_view(g, lang=lang, cfg=cfg, url_for=lambda n: f"policies/{names[n]}.html" if n in names else None)
    write_text(out / "corpus.html", render_views([cv], heading=cv.heading, subtitle=cv.subtitle,
                                                 page_title=f"{cv.heading} · {site_title}", assets=Assets(False, ""),
                                                 nav=nav(""), lang=lang, cfg=cfg))
    # one page per policy
    for i, (n, d) in enumerate(pols):
        lv = lineage_view(g, n, lang=lang, cfg=cfg, url_for=lambda m: f"{names[m]}.html" if m in names else None)
        av = anatomy_view(g, n, lang=lang, cfg=cfg, sentences=sentences)
        lv.heading = cfg.text("lineage_section", lang)
        av.heading = cfg.text("anatomy_section", lang)
        lv.subtitle = av.subtitle = ""
        heading = " ".join(x for x in [clean(d.get("number")), clean(d.get("title"))] if x) or n
        facts = [cfg.level_label(d.get("level"), lang), clean(d.get("region")), "、".join(clean(x) for x in d.get("issuers") or []),
                 d.get("date") or "", cfg.text("stub", lang) if d.get("stub") else "", d.get("status_label") or "",
                 " → ".join([t("replacement_chain", lang) + ": " + clean(d.get("number") or d.get("title")), *map(clean, d["replaced_by"])])
                 if d.get("replaced_by") else ""]
        write_text(out / "policies" / f"{names[n]}.html",
                   render_views([lv, av], heading=heading, subtitle=" · ".join(x for x in facts if x),
                                page_title=f"{heading} · {site_title}", assets=Assets(False, "../"), nav=nav("../"),
                                lang=lang, cfg=cfg, show_view_headings=True,
                                links=[(label, f"../{href}") for label, href in adopted.links.get(n, [])]))
        if progress:
            progress(i + 1, len(pols))
    # uptake of the national directives: timeline and province map
    uptake_pages = write_uptake_pages(g, out, names, cfg, lang, nav, write_recorded, graph_rows)
    # the index
    rows = []
    for n, d in pols:
        lvl = level_of(d, cfg)
        rows.append({
            "href": f"policies/{names[n]}.html", "number": clean(d.get("number")), "title": clean(d.get("title")),
            "issuers": "、".join(clean(x) for x in d.get("issuers") or [] if x), "level": cfg.level_label(lvl, lang),
            "level_color": cfg.level_color(lvl), "region": clean(d.get("region")), "date": d.get("date") or "",
            "stub": bool(d.get("stub")), "status": d.get("status"), "status_label": d.get("status_label"),
            "replaced_by": " → ".join(clean(x) for x in d.get("replaced_by") or []),
        })
    docs = sum(1 for _, d in pols if not d.get("stub"))
    subtitle = f"{t('policies', lang)} {len(pols)} · {t('documents', lang)} {docs} · {t('stubs', lang)} {len(pols) - docs}"
    columns = [t(k, lang) for k in ("number", "title", "issuers", "level", "region", "date")]
    write_text(out / "index.html", render_index(rows, heading=f"{site_title} · {cfg.text('index', lang)}", subtitle=subtitle,
                                                nav=nav(""), lang=lang, cfg=cfg, columns=columns, assets=Assets(False, "")))
    _retire_pages(out, {"index.html", "departments.html", "corpus.html", *(f"policies/{names[n]}.html" for n, _ in pols), *extra_written})
    return SiteReport(out, len(pols) + 3 + uptake_pages + adopted.pages, len(pols), dv.aggregated, cv.aggregated)
