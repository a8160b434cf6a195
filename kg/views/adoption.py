"""Take-up pages of the published site (clause-level lineage):

* ``pairs/LOCAL_PARENT.html``: per implements edge, the two documents side by side (the
  implementing document left, the directive right), each measure with its number; the
  aligned measures (``pkg:takesUp``) linked both ways with their score, the aligned passages
  highlighted and, inside them, the wording both sides share;
* ``adoption/SLUG.html``: per directive, the take-up matrix (its measures × the documents
  implementing it directly), a cell marked where an implementer takes the measure up and
  linked to the comparison;
* ``adoption.html``: the directives with a matrix.

No script: links between the two columns are fragments (``#p3``) and ``:target`` marks the
measure reached. The answers are those of :func:`kg.questions.adoption` and
:func:`kg.questions.measure_uptake`, asked of the graph through :class:`kg.views.rows.GraphRows`;
every text goes through the templates' autoescaping.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.i18n import t
from kg.questions import Adoption, MeasureUptake, PolicyRef, adoption, measure_uptake, policy_measures
from kg.views.config import ViewConfig
from kg.views.rows import GraphRows
from kg.views.text import clean, shorten
from kg.views.uptake import ref_of

#: characters of a measure's opening shown where its aligned passage is not found
SHORT = 60


def msg(key: str, lang: str) -> str:
    """The take-up pages' words: table ``adoption_page`` of ``kg/data/messages.tsv``."""
    return t(key, lang, "adoption_page")


# --- marking the shared wording ------------------------------------------------------------


def _levels(text: str, passages: Iterable[tuple[str, str]]) -> list[int]:
    """Per character of ``text``: 0, 1 inside an aligned passage, 2 where the passage shares a
    character bigram (two word characters) with the passage of the other side."""
    level = [0] * len(text)
    for own, other in passages:
        at = text.find(own) if own else -1
        if at < 0:
            continue
        shared = {other[i:i + 2] for i in range(len(other) - 1)}
        for i in range(len(own)):
            level[at + i] = max(level[at + i], 1)
        for i in range(len(own) - 1):
            pair = own[i:i + 2]
            if pair in shared and pair[0].isalnum() and pair[1].isalnum():
                level[at + i] = level[at + i + 1] = 2
    return level


#: the shortest run of shared wording the page marks (shorter runs, such as a common word of
#: two characters, are everywhere and would mark the whole passage)
MIN_SHARED = 4


def marks(text: str, passages: Iterable[tuple[str, str]], min_shared: int = MIN_SHARED) -> list[tuple[str, int]]:
    """``text`` cut into runs of the same level (:func:`_levels`): what the page marks;
    shared runs shorter than ``min_shared`` count as passage.

    >>> marks("甲乙丙丁戊", [("乙丙丁", "丙丁己")], min_shared=2)
    [('甲', 0), ('乙', 1), ('丙丁', 2), ('戊', 0)]
    >>> marks("甲乙丙丁戊", [("乙丙丁", "丙丁己")])
    [('甲', 0), ('乙丙丁', 1), ('戊', 0)]
    >>> marks("甲乙", [("不在", "这里")])
    [('甲乙', 0)]
    """
    level = _levels(text, passages)
    i = 0
    while i < len(level):
        j = i
        while j < len(level) and level[j] == level[i]:
            j += 1
        if level[i] == 2 and j - i < min_shared:
            level[i:j] = [1] * (j - i)
        i = j
    out: list[tuple[str, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or level[i] != level[start]:
            out.append((text[start:i], level[start]))
            start = i
    return out


# --- the comparison page -------------------------------------------------------------------------


@dataclass
class Link:
    """A link from a measure to the measure it pairs with on the other side."""

    href: str
    label: str
    score: str


@dataclass
class Block:
    """What the comparison page shows of a document, in order: a section heading, a measure
    that pairs (the aligned passages in their context, the links to the other side), or a
    run of measures that do not pair (``chips``: first and last number, class), shown by number."""

    kind: str
    anchor: str = ""
    label: str = ""
    runs: list[tuple[str, int]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    chips: list[tuple[str, str, str]] = field(default_factory=list)


def anchors(rows: Sequence[Mapping[str, Any]], side: str) -> dict[str, str]:
    """Measure IRI -> its fragment on a comparison page (``l3``, ``p3``: its place among the
    measures of its document)."""
    return {r["measure"]: f"{side}{i}" for i, r in enumerate(rows)}


def head_of(path: str, text: str) -> tuple[str, str]:
    """A measure's number as its text prints it (the last step of its path), and the text
    without it when the text starts with it.

    >>> head_of("第五条", "第五条 禁止买卖档案。"), head_of("二/（一）/3", "3.完善机制。"), head_of("（二）", "加强领导。")
    (('第五条', '禁止买卖档案。'), ('3.', '完善机制。'), ('（二）', '加强领导。'))
    """
    last = path.rsplit("/", 1)[-1]
    if last and text.startswith(last):
        cut = len(last)
        while cut < len(text) and text[cut] in ".、．. ":
            cut += 1
        return text[:cut].strip(), text[cut:].lstrip()
    return last, text


#: characters of context kept either side of an aligned passage
CONTEXT = 30


def excerpt(text: str, passages: Iterable[str], context: int = CONTEXT) -> str:
    """The parts of ``text`` around its aligned ``passages`` (``context`` characters either
    side), joined by an ellipsis; the opening of the text when no passage is found.

    >>> excerpt("甲" * 50 + "乙丙" + "丁" * 50, ["乙丙"], 3)
    '…甲甲甲乙丙丁丁丁…'
    >>> excerpt("乙丙丁", ["乙丙"], 3)
    '乙丙丁'
    """
    spans = sorted((max(0, at - context), min(len(text), at + len(p) + context))
                   for p in passages if p and (at := text.find(p)) >= 0)
    if not spans:
        return shorten(text, SHORT)
    merged = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    body = "…".join(text[a:b] for a, b in merged)
    return ("…" if merged[0][0] > 0 else "") + body + ("…" if merged[-1][1] < len(text) else "")


def add_chip(chips: list[tuple[str, str, str]], label: str, cls: str) -> None:
    """Add a measure that pairs with nothing to a run of them: (first, last, class), a
    measure of the same class as the one before extends its range.

    >>> chips = []
    >>> for label, cls in (("第一条", ""), ("第二条", "missing"), ("第三条", "missing"), ("第四条", "")):
    ...     add_chip(chips, label, cls)
    >>> chips
    [('第一条', '', ''), ('第二条', '第三条', 'missing'), ('第四条', '', '')]
    """
    if chips and chips[-1][2] == cls:
        chips[-1] = (chips[-1][0], label, cls)
    else:
        chips.append((label, "", cls))


def blocks(rows: Sequence[Mapping[str, Any]], own: Mapping[str, str], other: Mapping[str, str],
           links: Mapping[str, list[tuple[str, float, str, str, str]]], compared: set[str], unpaired: str) -> list[Block]:
    """The blocks of one side: ``links[measure]`` holds (other measure, score, other label,
    own passage, other passage) of each pair; a measure of ``compared`` (those the alignment
    compares) that pairs with nothing gets class ``unpaired`` (missing, addition)."""
    out: list[Block] = []
    for r in rows:
        path = str(r.get("path") or r.get("measureNumber") or "")
        text = clean(r.get("text")) or clean(r.get("heading"))
        if r.get("kind") == "section":
            out.append(Block("section", own[r["measure"]], shorten(text, 60)))
            continue
        label, text = head_of(path, text)
        mine = links.get(r["measure"], [])
        if not mine:
            if not out or out[-1].kind != "gap":
                out.append(Block("gap"))
            add_chip(out[-1].chips, label, unpaired if r["measure"] in compared else "")
            continue
        passages = [(clean(a), clean(b)) for *_, a, b in mine]
        shown = excerpt(text, [a for a, _ in passages])
        out.append(Block("paired", own[r["measure"]], label, marks(shown, passages),
                         [Link(f"#{other[m]}", lab, f"{score:.2f}") for m, score, lab, _, _ in mine if m in other]))
    return out


def pair_context(answer: Adoption, local_rows: Sequence[Mapping[str, Any]], parent_rows: Sequence[Mapping[str, Any]],
                 compared: set[str]) -> dict[str, Any]:
    """What the comparison page of ``answer`` (one local document, one directive) draws;
    ``compared``: the measures of both that the alignment compares."""
    la, pa = anchors(local_rows, "l"), anchors(parent_rows, "p")
    to_parent: dict[str, list[tuple[str, float, str, str, str]]] = {}
    to_local: dict[str, list[tuple[str, float, str, str, str]]] = {}
    for p in answer.pairs:
        to_parent.setdefault(p.local.iri, []).append((p.parent.iri, p.score, p.parent.path, p.local_text, p.parent_text))
        to_local.setdefault(p.parent.iri, []).append((p.local.iri, p.score, p.local.path, p.parent_text, p.local_text))
    left = blocks(local_rows, la, pa, to_parent, compared, "addition")
    right = blocks(parent_rows, pa, la, to_local, compared, "missing")
    taken = sum(1 for b in right if b.kind == "paired")
    missing = len({m.iri for _, m in answer.not_taken_up})
    additions = sum(1 for r in local_rows if r["measure"] in compared and r["measure"] not in to_parent)
    return {"left": left, "right": right, "pairs": len(answer.pairs), "taken": taken,
            "parent_measures": taken + missing, "additions": additions}


# --- the pages -------------------------------------------------------------------------------------


def pair_name(local: str, parent: str, names: Mapping[str, str]) -> str:
    """The file name (in ``pairs/``) of the comparison of ``local`` with ``parent``.

    >>> pair_name("policy:a", "policy:b", {"policy:a": "a-1", "policy:b": "b-2"})
    'a-1_672724e1.html'
    """
    return f"{names[local]}_{hashlib.sha1(names[parent].encode()).hexdigest()[:8]}.html"


def doc_heading(p: PolicyRef) -> str:
    return " ".join(x for x in (clean(p.number), clean(p.title)) if x) or p.iri


def column_label(p: PolicyRef, seen: dict[str, int]) -> str:
    """A matrix column's short label: the implementer's region (else its number or short
    title), numbered when two columns would read the same.

    >>> seen = {}
    >>> [column_label(PolicyRef("a", None, "甲", region="浙江省"), seen), column_label(PolicyRef("b", None, "乙", region="浙江省"), seen)]
    ['浙江省', '浙江省②']
    """
    base = clean(p.region) or clean(p.number) or shorten(clean(p.title), 10) or p.iri
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else base + "①②③④⑤⑥⑦⑧⑨⑩"[min(seen[base], 10) - 1]


def matrix_context(answer: MeasureUptake, parent_rows: Sequence[Mapping[str, Any]], pair_href: Callable[[str], str | None],
                   policy_href: Callable[[str], str | None], lang: str) -> dict[str, Any]:
    """What the take-up matrix of ``answer`` draws: a row per measure, a column per
    implementer, a cell per (measure, implementer) that takes it up, with its link."""
    pa = anchors(parent_rows, "p")
    seen: dict[str, int] = {}
    cols = [{"label": column_label(p, seen), "title": doc_heading(p), "href": pair_href(p.iri) or policy_href(p.iri),
             "iri": p.iri, "count": 0} for p in answer.implementers]
    rows = []
    for m in answer.measures:
        takers = {p.iri for p in m.implementers}
        cells = []
        for c in cols:
            href = pair_href(c["iri"])
            on = c["iri"] in takers
            c["count"] += on
            cells.append({"on": on, "href": f"{href}#{pa[m.measure.iri]}" if on and href and m.measure.iri in pa else None})
        label, text = head_of(m.measure.path, clean(m.measure.text))
        rows.append({"label": label, "text": shorten(text, 24), "full": shorten(f"{m.measure.path} {text}", 120), "count": m.count, "cells": cells})
    additions: dict[str, int] = {}
    for p, _ in answer.local_additions:
        additions[p.iri] = additions.get(p.iri, 0) + 1
    for c in cols:
        c["additions"] = additions.get(c["iri"], 0)
    return {"cols": cols, "rows": rows, "nobody": len(answer.not_taken_up)}


def _render(template: str, cfg: ViewConfig, lang: str, base: str, heading: str, subtitle: str,
            nav: list[tuple[str, str]], **ctx: Any) -> str:
    from kg.views.render import render_page

    return render_page(template, cfg, lang, base, heading, subtitle, nav, m=lambda key: msg(key, lang), **ctx)


def implements_edges(g: nx.MultiDiGraph, rows: GraphRows) -> list[tuple[str, str]]:
    """(local, directive) of every implements edge between two documents with measures."""
    def doc(n: str) -> bool:
        return g.nodes[n].get("type") == "Policy" and not g.nodes[n].get("stub") and n in rows.measures

    return sorted((u, v) for v, us in rows.down.items() for u in us if doc(u) and doc(v))


@dataclass
class AdoptionPages:
    """What :func:`write_adoption_pages` wrote, for the links of the other pages."""

    pages: int = 0
    #: policy node -> (label, href from the site's root) of its comparisons and matrix
    links: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def write_pair_pages(g: nx.MultiDiGraph, rows: GraphRows, out: Any, names: Mapping[str, str], cfg: ViewConfig, lang: str,
                     nav: list[tuple[str, str]], write: Callable[[Any, str], None], done: AdoptionPages) -> dict[tuple[str, str], str]:
    """A comparison page per implements edge between documents; (local, parent) -> its href
    from the site's root."""
    hrefs = {}
    measure_rows: dict[str, list[dict[str, Any]]] = {}

    compared: set[str] = set()

    def measures(n: str) -> list[dict[str, Any]]:
        if n not in measure_rows:
            measure_rows[n] = rows.rows("measures_of_policy", {"policy": n})
            compared.update(m.iri for m in policy_measures(rows, ref_of(g, n)))
        return measure_rows[n]

    for local, parent in implements_edges(g, rows):
        lref, pref = ref_of(g, local), ref_of(g, parent)
        answer = adoption(rows, lref, pref)
        ctx = pair_context(answer, measures(local), measures(parent), compared)
        name = pair_name(local, parent, names)
        heading = f"{msg('pair', lang)} · {clean(lref.number or lref.title)} → {clean(pref.number or pref.title)}"
        subtitle = (f"{msg('takes_up', lang)} {ctx['taken']}/{ctx['parent_measures']} · {msg('pairs', lang)} {ctx['pairs']}"
                    f" · {msg('local_additions', lang)} {ctx['additions']}")
        write(out / "pairs" / name, _render("adoption_pair.html.j2", cfg, lang, "../", heading, subtitle, nav, **ctx,
                                            local=doc_heading(lref), parent=doc_heading(pref),
                                            local_href=f"../policies/{names[local]}.html",
                                            parent_href=f"../policies/{names[parent]}.html",
                                            matrix_href=f"../adoption/{names[parent]}.html"))
        hrefs[(local, parent)] = f"pairs/{name}"
        done.links.setdefault(local, []).append((f"{msg('pair', lang)}: → {clean(pref.number or pref.title)}", f"pairs/{name}"))
        done.pages += 1
    return hrefs


def write_adoption_pages(g: nx.MultiDiGraph, out: Any, names: Mapping[str, str], cfg: ViewConfig, lang: str,
                         nav: Callable[[str], list[tuple[str, str]]], write: Callable[[Any, str], None],
                         rows: GraphRows | None = None) -> AdoptionPages:
    """The comparison pages, a take-up matrix per directive and ``adoption.html``."""
    rows = rows or GraphRows(g)
    done = AdoptionPages()
    hrefs = write_pair_pages(g, rows, out, names, cfg, lang, nav("../"), write, done)
    listed = []
    for parent in sorted({p for _, p in hrefs}):
        ref = ref_of(g, parent)
        answer = measure_uptake(rows, ref)
        ctx = matrix_context(answer, rows.rows("measures_of_policy", {"policy": parent}),
                             lambda n: f"../{hrefs[(n, parent)]}" if (n, parent) in hrefs else None,
                             lambda n: f"../policies/{names[n]}.html" if n in names else None, lang)
        heading = f"{msg('matrix', lang)} · {clean(ref.number or ref.title)}"
        taken = sum(1 for r in ctx["rows"] if r["count"])
        subtitle = f"{clean(ref.title)} · {msg('taken_up', lang)} {taken}/{len(ctx['rows'])} · {msg('implementers', lang)} {len(ctx['cols'])}"
        write(out / "adoption" / f"{names[parent]}.html",
              _render("adoption_matrix.html.j2", cfg, lang, "../", heading, subtitle, nav("../"), **ctx,
                      policy_href=f"../policies/{names[parent]}.html"))
        done.links.setdefault(parent, []).insert(0, (msg("matrix", lang), f"adoption/{names[parent]}.html"))
        done.pages += 1
        listed.append({"href": f"adoption/{names[parent]}.html", "number": clean(ref.number), "title": clean(ref.title),
                       "level": cfg.level_label(ref.level, lang), "measures": len(ctx["rows"]), "taken": taken,
                       "implementers": len(ctx["cols"])})
    listed.sort(key=lambda r: (-r["implementers"], r["number"], r["title"]))
    write(out / "adoption.html", _render("adoption_index.html.j2", cfg, lang, "", msg("adoption_index", lang),
                                         msg("adoption_index_sub", lang), nav(""), directives=listed))
    done.pages += 1
    return done
