"""Freeze what extraction finds, to check that a change of speed changes no fact.

    .venv/bin/python benchmarks/extraction_snapshot.py --save /tmp/snapshot.jsonl   # before
    .venv/bin/python benchmarks/extraction_snapshot.py --check /tmp/snapshot.jsonl  # after

Documents: every file of ``../shared/seeds``, ``../shared/corpus``, ``../shared/gold2/docs``,
``../shared/realcorpus/texts/docs`` and a fixed sample of ``--laws`` files (every n-th of the
sorted names) of ``../shared/realcorpus/laws/docs``; with ``--synthetic N``, also the ``N``
documents of :mod:`kg.synth` for ``--seed`` (written to a temporary folder, keyed by their
name in it). Each is extracted as ``kg build`` does
(:func:`kg.pipeline.extract_file`) and written as one JSON line: the file and
``Extraction.to_gold()`` with provenance (every record with its spans), or the failure.
``--check`` extracts again and lists the documents whose line differs (exit status 1).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ingest import iter_document_paths  # noqa: E402
from kg.pipeline import Failure, extract_file  # noqa: E402
from kg.synth import read_truth, write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = ("seeds", "corpus", "gold2/docs", "realcorpus/texts/docs")


def documents(shared: Path, laws: int) -> list[str]:
    """The files of the snapshot, in a fixed order."""
    files: list[str] = []
    for name in SETS:
        files.extend(sorted(str(p) for p in iter_document_paths([str(shared / name)])))
    law_files = sorted(str(p) for p in iter_document_paths([str(shared / "realcorpus/laws/docs")]))
    if laws and law_files:
        step = max(1, len(law_files) // laws)
        files.extend(law_files[::step][:laws])
    return files


def lines(files: list[str], shared: Path, tmp: Path | None = None) -> Iterator[tuple[str, str]]:
    """``(file, JSON line)`` of each file's extraction (keyed relative to ``shared``, or to
    ``tmp`` for the synthetic documents)."""
    for f in files:
        res = extract_file(f)
        path = Path(f)
        key = (str(path.relative_to(shared)) if path.is_relative_to(shared)
               else "synthetic/" + str(path.relative_to(tmp)) if tmp and path.is_relative_to(tmp) else f)
        body = {"failure": res.reason} if isinstance(res, Failure) else res.to_gold(provenance=True)
        yield key, json.dumps({"file": key, "extraction": body}, ensure_ascii=False, sort_keys=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the snapshot here")
    group.add_argument("--check", type=Path, help="compare with the snapshot saved here")
    ap.add_argument("--laws", type=int, default=400, help="files of realcorpus/laws (default 400)")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--synthetic", type=int, default=0, help="also this many documents of kg.synth (default 0)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the synthetic documents (default 1)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-snapshot-") as tmp:
        files = documents(args.shared, args.laws)
        if args.synthetic:
            write_corpus(Path(tmp), args.synthetic, args.seed)
            files.extend(str(Path(tmp) / t["file"]) for t in read_truth(tmp))
        return run(args, files, Path(tmp))


def run(args: argparse.Namespace, files: list[str], tmp: Path) -> int:
    """Save or check the snapshot of ``files`` (synthetic ones keyed relative to ``tmp``)."""
    if args.save:
        with args.save.open("w", encoding="utf-8") as out:
            for _, line in lines(files, args.shared, tmp):
                out.write(line + "\n")
        print(f"{len(files)} documents saved to {args.save}")
        return 0
    saved = {}
    for line in args.check.read_text(encoding="utf-8").splitlines():
        saved[json.loads(line)["file"]] = line
    differ = [key for key, line in lines(files, args.shared, tmp) if saved.get(key) != line]
    missing = len(saved) - len(files)
    for key in differ:
        print(f"differs: {key}")
    print(f"{len(files)} documents, {len(differ)} differ" + (f", {missing} saved ones not read" if missing else ""))
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
