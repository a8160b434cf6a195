"""Pages: our own Jinja2 templates (``kg/views/templates``), autoescaped, with no external
resource. vis-network's script and style come from the pyvis package
(``pyvis/templates/lib/vis-9.1.2``) and are either inlined (a single page) or copied into
``lib/`` beside the pages (a site). Each inline script is allowed by its hash in the page's
Content-Security-Policy, so an inline event handler (``onerror=…``) could not run even if
markup ever slipped through."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kg.views.config import ViewConfig, load_config
from kg.views.model import View

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
ASSETS = {  # name in lib/ -> source
    "vis-network.min.js": VIS_DIR / "vis-network.min.js",
    "vis-network.min.css": VIS_DIR / "vis-network.css",
    "kg-views.js": STATIC / "kg-views.js",
    "kg-views.css": STATIC / "kg-views.css",
}


#: rows of the index laid out when it opens (the CSS hides the others until asked: kg-views.css)
INDEX_FIRST_ROWS = 500

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", ord("'"): "\\u0027"}


def safe_json(value: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` element: UTF-8 (not \\u escapes:
    Chinese stays three bytes a character) with ``< > & '`` escaped, so no text of a
    document can close the element or open a tag."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _JSON_ESCAPES.items():  # str.replace: much faster than str.translate on a long text
        text = text.replace(chr(char), escaped)
    return Markup(text)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=False, lstrip_blocks=False)
    env.filters["safe_json"] = safe_json
    return env


@lru_cache(maxsize=8)
def _read(path: str) -> str:
    text = Path(path).read_text(encoding="utf-8")
    if re.search(r"</(script|style)", text, re.I):
        raise ValueError(f"{path} cannot be inlined: it holds a closing script/style tag")
    return text


@dataclass
class Assets:
    inline: bool
    base: str = ""  # relative path from the page to the folder holding lib/

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {"inline": self.inline, "base": self.base}
        if self.inline:
            out["vis_js"] = Markup(_read(str(ASSETS["vis-network.min.js"])))
            out["vis_css"] = Markup(_read(str(ASSETS["vis-network.min.css"])))
            out["kg_js"] = Markup(_read(str(ASSETS["kg-views.js"])))
            out["kg_css"] = Markup(_read(str(ASSETS["kg-views.css"])))
        return out


def copy_assets(out_dir: Path) -> None:
    lib = out_dir / "lib"
    lib.mkdir(parents=True, exist_ok=True)
    for name, src in ASSETS.items():
        shutil.copyfile(src, lib / name)


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _with_csp(html: str) -> str:
    """Allow exactly the inline scripts of the page (by hash) and scripts beside it."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode() + "'"
                     for m in _INLINE_SCRIPT.finditer(html)})
    return html.replace("script-src 'self' 'unsafe-inline'", "script-src 'self' " + " ".join(hashes), 1)


def render_views(views: list[View], *, heading: str, subtitle: str = "", page_title: str | None = None,
                 assets: Assets | None = None, nav: list[tuple[str, str]] | None = None, lang: str = "zh",
                 cfg: ViewConfig | None = None, show_view_headings: bool = False,
                 links: list[tuple[str, str]] | None = None) -> str:
    cfg = cfg or load_config()
    assets = assets or Assets(inline=True)
    payloads = []
    for v in views:
        data = v.data()
        data["laying_out"] = cfg.text("laying_out", lang)
        payloads.append(data)
    html = environment().get_template("views.html.j2").render(
        html_lang="zh-CN" if lang == "zh" else "en",
        page_title=page_title or heading,
        heading=heading,
        subtitle=subtitle,
        nav=nav or [],
        views=[_ViewCtx(v, p) for v, p in zip(views, payloads)],
        assets=assets.values(),
        font_face=cfg.font["face"],
        legend_title=cfg.text("legend", lang),
        laying_out=cfg.text("laying_out", lang),
        no_js=cfg.text("no_js", lang),
        show_view_headings=show_view_headings,
        links=links or [],
    )
    return _with_csp(html)


class _ViewCtx:
    def __init__(self, view: View, payload: dict[str, Any]) -> None:
        self._v = view
        self.payload = payload

    def __getattr__(self, name: str) -> Any:
        return getattr(self._v, name)


def render_index(rows: list[dict[str, Any]], *, heading: str, subtitle: str, nav: list[tuple[str, str]], lang: str,
                 cfg: ViewConfig | None = None, columns: list[str], assets: Assets) -> str:
    cfg = cfg or load_config()
    html = environment().get_template("index.html.j2").render(
        html_lang="zh-CN" if lang == "zh" else "en",
        page_title=heading,
        heading=heading,
        subtitle=subtitle,
        nav=nav,
        rows=rows,
        columns=columns,
        assets=assets.values(),
        search_placeholder=cfg.text("search", lang),
        of=cfg.text("of", lang),
        stub_label=cfg.text("stub_badge", lang),
        no_js=cfg.text("no_js", lang),
        first_rows=INDEX_FIRST_ROWS,
        show_more=cfg.text("show_more", lang),
    )
    return _with_csp(html)


def render_page(template: str, cfg: ViewConfig, lang: str, base: str, heading: str, subtitle: str,
                nav: list[tuple[str, str]], **ctx: Any) -> str:
    """A page of the site without network views (uptake, take-up) from ``template``, its
    assets in ``{base}lib/``."""
    html = environment().get_template(template).render(
        html_lang="zh-CN" if lang == "zh" else "en", page_title=f"{heading} · {cfg.text('site_title', lang)}", heading=heading,
        subtitle=subtitle, nav=nav, assets=Assets(False, base).values(), no_js=cfg.text("no_js", lang), **ctx)
    return _with_csp(html)


def write_text(path: Path, text: str) -> None:
    """UTF-8 whatever the platform's default encoding."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_view(view: View, path: Path, *, cfg: ViewConfig | None = None) -> None:
    """One view as a single self-contained page (scripts and styles inline)."""
    cfg = cfg or load_config()
    heading = view.heading + (f" · {view.subtitle}" if view.subtitle else "")
    write_text(path, render_views([view], heading=view.heading, subtitle=view.subtitle, page_title=heading,
                                  assets=Assets(inline=True), lang=view.lang, cfg=cfg))
