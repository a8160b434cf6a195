"""Identity of the laws and regulations of a corpus against its manifest.

    python tools/law_identity_check.py ../shared/realcorpus/laws [--show N]

Prints the share of documents with an enactment history that get a date, the share
with a level, and samples of disagreements with manifest.tsv (title, level).
"""

from __future__ import annotations

import csv
import random
import re
from multiprocessing import Pool
from pathlib import Path

from kg.extract.identity import extract_policy
from kg.ingest import read_document

_HISTORY = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^\n]{0,80}(?:通过|批准|修订|修正|公布)")


def _one(args: tuple[str, str]) -> dict[str, object]:
    root, rel = args
    src = read_document(Path(root) / rel)
    head = src.text[:1500]
    p = extract_policy(src)
    return {"file": rel, "history": bool(_HISTORY.search(head)), "title": p.title, "date": p.date,
            "level": p.level, "region": p.region, "issuers": p.issuers, "doc_number": p.doc_number,
            "first_date": p.first_date}


def main(root: str, show: int = 8) -> None:
    rows = list(csv.DictReader(open(Path(root) / "manifest.tsv", encoding="utf-8"), delimiter="\t"))
    with Pool(2) as pool:
        out = pool.map(_one, [(root, r["file"]) for r in rows], chunksize=20)
    hist = [o for o in out if o["history"]]
    dated = [o for o in hist if o["date"]]
    print(f"documents {len(out)}; with a history {len(hist)}; dated {len(dated)} ({len(dated) / max(1, len(hist)):.3f})")
    print(f"level {sum(1 for o in out if o['level']) / len(out):.3f}; issuers {sum(1 for o in out if o['issuers']) / len(out):.3f}; "
          f"numbers {sum(1 for o in out if o['doc_number'])}")
    bad: dict[str, list[str]] = {"title": [], "level": [], "nodate": [], "number": [], "date": [], "first_date": [], "issuer": []}
    for r, o in zip(rows, out):
        if re.sub(r"\s", "", str(o["title"])) != re.sub(r"\s", "", r["title"]):
            bad["title"].append(f"{r['file']}  manifest={r['title']}  got={o['title']}")
        if r["admin_level"] and o["level"] != r["admin_level"]:
            bad["level"].append(f"{r['file']}  manifest={r['admin_level']} {r['issuer']}  got={o['level']} {o['issuers']}")
        if r["date"] and o["date"] and r["date"] != o["date"]:
            bad["date"].append(f"{r['file']}  manifest={r['date']}  got={o['date']}")
        if r["first_date"] and o["first_date"] and r["first_date"] != o["first_date"]:
            bad["first_date"].append(f"{r['file']}  manifest={r['first_date']}  got={o['first_date']}")
        issuer = re.sub(r"第?[一二三四五六七八九十百\d]+届|^中华人民共和国", "", r["issuer"])
        if issuer and o["issuers"] and issuer != o["issuers"][0] and not re.search(r"令|公告", issuer):
            bad["issuer"].append(f"{r['file']}  manifest={r['issuer']}  got={o['issuers']}")
        if o["history"] and not o["date"]:
            bad["nodate"].append(r["file"])
        if o["doc_number"] and not re.fullmatch(r"[^第]{2,30}令第\d+号|[^〔]+〔\d{4}〕\d+号", str(o["doc_number"])):
            bad["number"].append(f"{r['file']}  {o['doc_number']}")
    rnd = random.Random(0)
    for k, v in bad.items():
        print(f"\n## {k}: {len(v)} (agree {1 - len(v) / len(rows):.3f})")
        for line in rnd.sample(v, min(show, len(v))):
            print("  ", line)
    from collections import Counter
    print("\nissuer forms:", Counter(o["issuers"][0] if o["issuers"] else None for o in out).most_common(25))


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("root", help="a folder of laws with its manifest.tsv (e.g. ../shared/realcorpus/laws)")
    ap.add_argument("--show", type=int, default=8, help="disagreements shown per kind (default 8)")
    args = ap.parse_args()
    main(args.root, args.show)
