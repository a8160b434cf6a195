"""Mine the words a local regulation writes for a parent law's words (``kg/data/takeup_lexicon.tsv``).

    .venv/bin/kg build ../shared/realcorpus/laws/docs --workspace /var/tmp/kg-f1-laws
    .venv/bin/python tools/takeup_lexicon.py /var/tmp/kg-f1-laws ../shared/realcorpus/laws/manifest.tsv

A build keeps, for every implements edge, the take-up pairs with their best sentence pair
(:class:`kg.align.graph.KeptPairs`). From the confident ones (score at least ``--min-score``),
the words (jieba) of the parent sentence that the local sentence does not write, and the words
of the local sentence that the parent does not, are counted together (``--gaps``: only the
words of the same gap between two runs of shared words, at most three on each side): a parent word that
local sentences rewrite as a local word again and again across many regulations (提供…条件 ↔
给予支持) is an association. Kept: pairs seen in at least ``--min-docs`` local documents with
a pointwise mutual information of at least ``--min-pmi``. The edges whose parent's title
matches ``--exclude`` (by default the laws of the hand-annotated alignments) are not mined.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import jieba

_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def tokens(s: str) -> list[str]:
    """The Chinese words of two characters or more of ``s``, in order."""
    return [w for w in jieba.lcut(s, HMM=False) if _WORD.match(w)]


def rewrites(local: str, parent: str, gaps: bool = False, width: int = 3) -> set[tuple[str, str]]:
    """(parent word, local word) pairs a sentence pair offers as rewrites: every word only
    one side writes with every word only the other writes; with ``gaps``, only the words
    that take each other's place between the same shared words (``width`` at most a side).

    >>> sorted(rewrites("县级以上人民政府应当表扬先进单位。", "国务院应当表彰先进单位。", gaps=True))
    [('国务院', '人民政府'), ('国务院', '以上'), ('国务院', '县级'), ('表彰', '表扬')]
    """
    a, b = tokens(parent), tokens(local)
    if not gaps:
        lo, po = set(b) - set(a), set(a) - set(b)
        return {(p, w) for p in po for w in lo}
    out = set()
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 <= width and j2 - j1 <= width:
            out.update((p, w) for p in a[i1:i2] for w in b[j1:j2] if p != w)
    return out


def titles(manifest: Path) -> dict[str, str]:
    with manifest.open(encoding="utf-8") as f:
        return {Path(r["file"]).name: r["title"] for r in csv.DictReader(f, delimiter="\t")}


def sentence_pairs(ws: Path, manifest: Path, exclude: re.Pattern[str], min_score: float) -> list[tuple[str, str, str, str]]:
    """(local sha, parent sha, local sentence, parent sentence) of the confident kept pairs, each once."""
    src = json.loads((ws / "sources.json").read_text(encoding="utf-8"))
    title = titles(manifest)
    title_of = {v["sha256"]: title.get(v["name"], "") for v in src.values()}
    out = set()
    for f in ws.glob("extractions/*/takeups/*/*.json"):
        local = f.stem
        if exclude.search(title_of.get(local, "")):
            continue
        for parent, rows in json.loads(f.read_text(encoding="utf-8")).items():
            if exclude.search(title_of.get(parent, "")):
                continue
            for r in rows:
                if r[4] >= min_score:
                    out.add((local, parent, r[5], r[8]))
    return sorted(out)


def mine(pairs: list[tuple[str, str, str, str]], min_docs: int, min_pmi: float, min_count: int, gaps: bool = False) -> list[tuple[str, str, int, int, float]]:
    """(parent word, local word, sentence pairs, parent laws, PMI) of the associations seen in
    ``min_count`` sentence pairs of ``min_docs`` local documents and ``min_docs`` different
    parent sentences at least (a parent sentence copied by many regulations is one piece of
    evidence), in falling PMI.

    >>> pairs = [(f"d{i}", "p", f"县级以上人民政府应当举报{i}。", f"县级以上人民政府应当检举{i}。") for i in range(3)]
    >>> pairs += [("d9", "p", "公民应当节约用水。", "公民应当节约用电。")]
    >>> [r[:2] for r in mine(pairs, 1, 0.0, 2)]
    [('检举', '举报')]
    """
    pc: Counter[str] = Counter()
    lc: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    sents: dict[tuple[str, str], set[str]] = defaultdict(set)
    laws: dict[tuple[str, str], set[str]] = defaultdict(set)
    n = 0
    for doc, parent, ls, ps in pairs:
        found = rewrites(ls, ps, gaps)
        n += bool(found) or not gaps
        a, b = (set(tokens(ps)), set(tokens(ls))) if not gaps else ({p for p, _ in found}, {w for _, w in found})
        pc.update(a - b if not gaps else a)
        lc.update(b - a if not gaps else b)
        for k in found:
            both[k] += 1
            docs[k].add(doc)
            sents[k].add(ps)
            laws[k].add(parent)
    out = []
    for (p, l), c in both.items():
        if c < min_count or min(len(docs[(p, l)]), len(sents[(p, l)])) < min_docs:
            continue
        pmi = math.log(n * c / (pc[p] * lc[l]))
        if pmi >= min_pmi:
            out.append((p, l, c, len(laws[(p, l)]), round(pmi, 3)))
    return sorted(out, key=lambda r: (-r[4], r[0], r[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("workspace", type=Path)
    ap.add_argument("manifest", type=Path)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "kg/data/takeup_lexicon.tsv")
    ap.add_argument("--min-score", type=float, default=0.3)
    ap.add_argument("--min-docs", type=int, default=8)
    ap.add_argument("--min-count", type=int, default=10)
    ap.add_argument("--min-pmi", type=float, default=3.0)
    ap.add_argument("--exclude", default="献血|红十字")
    ap.add_argument("--gaps", action="store_true", help="only words that take each other's place between shared words")
    a = ap.parse_args()
    jieba.setLogLevel(60)
    pairs = sentence_pairs(a.workspace, a.manifest, re.compile(a.exclude), a.min_score)
    rows = mine(pairs, a.min_docs, a.min_pmi, a.min_count, a.gaps)
    with a.out.open("w", encoding="utf-8") as f:
        f.write(f"# parent word, the local word confident take-ups write for it, sentence pairs, parent laws, PMI; "
                f"mined by tools/takeup_lexicon.py from {len(pairs)} sentence pairs (score >= {a.min_score}, edges of {a.exclude} left out)\n")
        f.write("parent\tlocal\tpairs\tlaws\tpmi\n")
        for r in rows:
            f.write("\t".join(map(str, r)) + "\n")
    print(f"{len(pairs)} sentence pairs, {len(rows)} associations -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
