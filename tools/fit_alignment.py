#!/usr/bin/env python3
"""Learn the alignment's model (kg/data/alignment_model.json) from the measure alignments
annotated by hand: builds the documents they name, scores every pair, fits the logistic
regression of kg.align.learn on the pairs that pass the settings' threshold and ratio, and
chooses its cut (the best F1 on the files). ``kg eval --alignment`` then prints what it
scores leave-one-out (refitted without each file in turn).

    .venv/bin/python tools/fit_alignment.py ../shared/alignment seeds/alignment
    .venv/bin/python tools/fit_alignment.py --meaning ../shared/alignment seeds/alignment   # kg build --meaning's

When kg.align.learn's figures have changed since a model was written, that model cannot be
read (the alignment refuses a model of other figures): it is replaced first by one that
weighs nothing, which this script then fits (run it both ways).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.align.learn import FEATURES, MEANING_FEATURES, MEANING_JSON, MODEL_JSON, Model, read, write


def _readable(path: Path, names: tuple[str, ...]) -> None:
    """Replace the model at ``path`` by one of ``names`` that weighs nothing when it weighs
    other figures (what kg.align.core loads on import must be readable)."""
    try:
        read(path)
    except ValueError as e:
        n = len(names)
        write(Model((0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0, 0.5, names), path)
        print(f"{e}\n{path}: replaced by a model of {list(names)} that weighs nothing, to be fitted")


for _path, _names in ((MODEL_JSON, FEATURES), (MEANING_JSON, MEANING_FEATURES)):
    _readable(_path, _names)

from kg.align.core import WITH_MEANING, Settings  # noqa: E402  (after the models are readable)
from kg.align.score import learn, total  # noqa: E402
from kg.commands.alignment import annotated_tables  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+", type=Path, help="folders of annotated alignments (*.json)")
    ap.add_argument("--meaning", action="store_true", help="the model with the meaning signal's figures (kg build --meaning)")
    ap.add_argument("--out", type=Path, help=f"where to write the model (default: {MODEL_JSON}, with --meaning {MEANING_JSON})")
    args = ap.parse_args()
    tables = annotated_tables(args.folders, args.meaning)
    # the settings in use, their model learned anew (the threshold, ratio and meaning floor: the gate)
    cfg = learn(tables, WITH_MEANING if args.meaning else Settings())
    c = total(tables, cfg)
    out = args.out or (MEANING_JSON if args.meaning else MODEL_JSON)
    write(cfg.model, out, [t.gold.name for t in tables])
    print(f"{out}: {len(tables)} files, cut {cfg.model.cut:.3f}; in sample P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}")


if __name__ == "__main__":
    main()
