"""Make the word vectors of the alignment's meaning signal (``kg/data/word_vectors.npz``).

    .venv/bin/pip install gensim     # not a dependency of policy-kg: this tool only
    PYTHONHASHSEED=0 .venv/bin/python tools/word_vectors.py ../shared/realcorpus

Trains word2vec (gensim, skip-gram, 100 dimensions, window 5, words seen 5 times or more,
one thread and a fixed seed: the same table every run) on the words of every paragraph of
the corpus, cut by the tokenizer the build uses (:func:`kg.align.meaning.words`). Documents
whose head names the themes of the hand-annotated alignments (献血, 红十字, 职业教育) are
left out, so that ``kg eval --alignment ../shared/alignment`` scores vectors that never
read the pairs it is scored on. Writes each word's vector as int8 (unit length × 127) and
its rarity over the paragraphs (log N / (1 + df)); README → Measure alignment has what the
table is for and what it scores.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.align.meaning import TABLE, words  # noqa: E402

THEMES = ("献血", "红十字", "职业教育")


def paragraphs(corpus: Path, themes: tuple[str, ...] = THEMES) -> list[list[str]]:
    """The words of each paragraph of five words or more of the ``*.txt`` under ``corpus``,
    leaving out documents whose first 300 characters name one of ``themes``."""
    out = []
    for path in sorted(corpus.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(t in text[:300] for t in themes):
            continue
        for line in text.splitlines():
            ws = words(line)
            if len(ws) >= 5:
                out.append(ws)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="the texts to learn from (../shared/realcorpus)")
    ap.add_argument("--out", type=Path, default=TABLE, help=f"where to write the table (default {TABLE})")
    a = ap.parse_args(argv)
    from gensim.models import Word2Vec

    t0 = time.time()
    paras = paragraphs(a.corpus)
    print(f"{len(paras)} paragraphs cut in {time.time() - t0:.0f} s", file=sys.stderr)
    model = Word2Vec(paras, vector_size=100, window=5, min_count=5, sg=1, workers=1, epochs=5, seed=1)
    wv = model.wv
    print(f"{len(wv)} words trained in {time.time() - t0:.0f} s", file=sys.stderr)
    df = Counter(w for p in paras for w in set(p))
    vocab = list(wv.index_to_key)
    m = np.stack([wv[w] for w in vocab]).astype(np.float64)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    vectors = np.clip(np.rint(m * 127), -127, 127).astype(np.int8)
    rarity = np.array([math.log(len(paras) / (1 + df[w])) for w in vocab], dtype=np.float16)
    np.savez_compressed(a.out, words=np.array(vocab), vectors=vectors, rarity=rarity)
    print(f"{a.out}: {len(vocab)} words, {a.out.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
