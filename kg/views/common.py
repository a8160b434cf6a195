"""What several views share: finding a policy, a policy's node, label and tooltip, a
citation's tooltip."""

from __future__ import annotations

from typing import Any, Callable

import networkx as nx

from kg.extract.docnumber import normalise_doc_number
from kg.graph.resolve import as_policy, title_key
from kg.i18n import t
from kg.schema import EdgeKind
from kg.views.config import ViewConfig
from kg.views.model import Builder
from kg.views.text import clean, shorten, tip, wrap

UrlFor = Callable[[str], str | None]


class PolicyLookupError(LookupError):
    def __init__(self, query: str, candidates: list[tuple[str, dict[str, Any]]] | None = None) -> None:
        self.query = query
        self.candidates = candidates or []
        super().__init__(query)


def policies(g: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    return [(n, d) for n, d in g.nodes(data=True) if d.get("type") == "Policy"]


def find_policy(g: nx.MultiDiGraph, query: str) -> str:
    """The node of the policy a number (any bracket form), a title (or part of one), a key
    or a node id names, by the tie rule of :func:`kg.questions.choose_policy` (exact matches
    first, then the only document of the corpus); :class:`PolicyLookupError` when nothing or
    several match (``candidates``)."""
    from kg.questions import PolicyAmbiguous, PolicyNotFound, PolicyRef, choose_policy

    q = query.strip()
    if not q:
        raise PolicyLookupError(query)
    for node in (q, f"policy:{q}"):
        if node in g and g.nodes[node].get("type") == "Policy":
            return node
    number = normalise_doc_number(q) or q
    tk = title_key(q)

    def titles(d: dict[str, Any]) -> list[str]:
        return [x for x in [d.get("title"), *(d.get("alt_titles") or [])] if x]

    found = []
    for n, d in policies(g):
        exact = d.get("number") == number or any(title_key(x) == tk for x in titles(d))
        if exact or any(tk and tk in title_key(x) for x in titles(d)):
            found.append((PolicyRef(n, d.get("number"), d.get("title"), d.get("level"), d.get("region"), bool(d.get("stub"))), exact))
    try:
        return choose_policy(q, found).iri
    except PolicyNotFound:
        raise PolicyLookupError(query) from None
    except PolicyAmbiguous as exc:
        raise PolicyLookupError(query, [(p.iri, g.nodes[p.iri]) for p in exc.candidates]) from None


def level_of(d: dict[str, Any], cfg: ViewConfig) -> str:
    lv = d.get("level")
    return lv if lv in cfg.levels and lv != "order" else "unknown"


def policy_name(d: dict[str, Any]) -> str:
    return clean(d.get("number") or d.get("title") or "?")


#: the marker of a fact analysts corrected (kg.corrections), in labels and tooltips
CORRECTED = "✎"


def corrected_rows(d: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
    """A tooltip row saying who corrected a fact, when and why (none when nobody did).

    >>> corrected_rows({"corrections": [{"who": "王", "when": "2026-01-02T00:00:00Z", "why": "原文<b>如此</b>"}]}, "en")
    [('✎ corrected', '王 (2026-01-02): 原文<b>如此</b>')]
    """
    marks = d.get("corrections") or []
    if not marks:
        return []
    head = f"{CORRECTED} " + ("corrected" if lang == "en" else "人工更正")
    return [(head, "; ".join(f"{clean(m.get('who'))} ({clean(m.get('when'))[:10]}): {clean(m.get('why'))}" for m in marks))]


def marked(label: str, d: dict[str, Any]) -> str:
    """A label with the corrected marker when analysts corrected the fact."""
    return f"{CORRECTED} {label}" if d.get("corrections") else label


def policy_label(d: dict[str, Any], chars: int, lines: int) -> str:
    return marked(_policy_label(d, chars, lines), d)


def _policy_label(d: dict[str, Any], chars: int, lines: int) -> str:
    number = clean(d.get("number"))
    title = wrap(d.get("title") or "", chars, lines)
    if number and title:
        return f"{number}\n{title}"
    return number or title or "?"


def policy_tip(d: dict[str, Any], cfg: ViewConfig, lang: str) -> dict[str, Any]:
    rows: list[tuple[str, Any]] = [
        (t("number", lang), d.get("number")),
        (t("issuers", lang), "、".join(clean(x) for x in (d.get("issuers") or []) if x)),
        (t("level", lang), cfg.level_label(d.get("level"), lang)),
        (t("region", lang), d.get("region")),
        (t("date", lang), d.get("date")),
        (t("status", lang), " ".join(x for x in (d.get("status_label"), d.get("status_since")) if x)),
        (t("effective", lang), d.get("effective")),
        (t("expires", lang), d.get("expires")),
        (t("replacement_chain", lang), " → ".join(d.get("replaced_by") or [])),
        (cfg.text("source_file", lang), d.get("source")),
        *corrected_rows(d, lang),
    ]
    return tip(head=d.get("title") or d.get("number"), rows=rows, note=cfg.text("stub", lang) if d.get("stub") else None)


def add_policy(b: Builder, node: str, d: dict[str, Any], *, label: str, url_for: UrlFor | None = None, **opts: Any) -> None:
    cfg = b.cfg
    style = "stub" if d.get("stub") else "policy"
    lv = level_of(d, cfg)
    extra: dict[str, Any] = {"level_name": lv}
    url = url_for(node) if url_for else None
    if url:
        extra["url"] = url
    b.node(node, label, style, color=cfg.level_color(lv), tip=policy_tip(d, cfg, b.lang), **extra, **opts)


def citation_tip(g: nx.MultiDiGraph, u: str, v: str, d: dict[str, Any], cfg: ViewConfig, lang: str) -> dict[str, Any]:
    rel = d.get("relation", "cites")
    head = f"{policy_name(g.nodes[u])} → {policy_name(g.nodes[v])}"
    return tip(head=head, rows=[(cfg.text("relation", lang), cfg.label(cfg.edges.get(rel, cfg.edges["cites"]), lang)),
                                (cfg.text("source_file", lang), d.get("source")), *corrected_rows(d, lang)],
               quotes=[d.get("sentence") or ""], quote_label=cfg.text("source_sentence", lang))


#: the role a responsibility edge type stands for (:func:`kg.schema.edge_role` as a dict:
#: the views ask it for every edge of the graph)
ROLE_OF_EDGE = {k.value: k.role for k in EdgeKind if k.role}


def citation_edges(g: nx.MultiDiGraph, keep: set[str] | None = None):  # type: ignore[no-untyped-def]
    """(citing, cited, attrs) of every citation, optionally between the nodes of ``keep``
    (then only the edges leaving those nodes are looked at, not the whole graph's)."""
    edges = g.edges(data=True) if keep is None else g.out_edges(sorted(keep), data=True)
    for u, v, d in edges:
        if d.get("type") != "CITATION":
            continue
        v = as_policy(g, v)  # a law cited as a work is drawn as its newest version
        if keep is not None and v not in keep:
            continue
        yield u, v, d


def short_title(d: dict[str, Any], n: int = 14) -> str:
    return shorten(d.get("title") or "", n)
