"""Check the GB18030 fast path of :func:`kg.ingest.decode.decode_bytes` against the
detection it skips, on every file of the given folders and of a synthetic corpus.

    .venv/bin/python benchmarks/decoding_check.py ../shared --documents 2000

For every file that is not UTF-8 (nor UTF-16, nor a UTF-8/GB18030 mixture) and that the fast
path takes (:func:`kg.ingest.decode._clearly_gb18030`), the text and encoding must equal what
charset-normalizer's detection gives (:func:`kg.ingest.decode._detected`). Prints the files
checked, taken and differing (exit status 1 when one differs), and the files the fast path
leaves to the detection.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ingest.decode import _clearly_gb18030, _detected, _mixed_utf8_gb18030  # noqa: E402
from kg.ingest.errors import IngestError  # noqa: E402
from kg.synth import write_corpus  # noqa: E402


def check(files: list[Path]) -> tuple[int, int, list[str], list[str]]:
    """``(non-UTF-8 files, taken by the fast path, differing, left to detection)``."""
    other = taken = 0
    differ: list[str] = []
    left: list[str] = []
    for f in files:
        data = f.read_bytes()
        if not data.strip() or b"\x00" in data[:65536]:
            continue
        try:
            data.decode("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        if _mixed_utf8_gb18030(data) is not None:
            continue
        other += 1
        fast = _clearly_gb18030(data)
        if fast is None:
            left.append(str(f))
            continue
        taken += 1
        try:
            slow = _detected(data, str(f))
        except IngestError as exc:
            slow = (exc.reason, "error")
        if slow != (fast, "gb18030"):
            differ.append(f"{f} (detected {slow[1]})")
    return other, taken, differ, left


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--documents", type=int, default=2000, help="synthetic documents (default 2000)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    files = [p for folder in args.folders for p in sorted(folder.rglob("*")) if p.is_file()]
    with tempfile.TemporaryDirectory(prefix="kg-decode-") as tmp:
        if args.documents:
            write_corpus(tmp, args.documents, args.seed)
        files += sorted(p for p in Path(tmp).rglob("*") if p.is_file() and p.suffix != ".jsonl")
        other, taken, differ, left = check(files)
    for line in differ:
        print(f"differs: {line}")
    print(f"{len(files)} files, {other} neither UTF-8 nor mixed, {taken} taken by the GB18030 fast path, "
          f"{len(differ)} differ, {len(left)} left to detection")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
