"""What the extraction gives on real documents that nobody annotated: figures that need no gold.

    .venv/bin/python benchmarks/realcorpus.py                 # the whole corpus (3,415 laws, 217 texts)
    .venv/bin/python benchmarks/realcorpus.py --limit 200     # the first 200 laws and texts
    .venv/bin/python benchmarks/realcorpus.py --json

Laws (``../shared/realcorpus/laws``: texts as published, enactment history under the title,
``manifest.tsv`` with title, adopting body, category, level, region, version date) are built
with ``kg build``'s own function (:func:`kg.pipeline.run_build`) into a temporary workspace
with ``--jobs`` processes (default 2), timed (the goal: the whole corpus within 2 minutes on
2 cores). Then, from the workspace's extractions and its store:

* date: share of the documents with an enactment history (read from the text,
  :func:`kg.evaluate.has_enactment_history`) that get a date, and share whose date is the
  latest date of that history (the FORMAT.md rule for laws);
* level: share with a level; agreement of level and title with the manifest;
* departments: share with at least one responsibility among the documents with an article
  that says 负责 or 主管;
* basis citations: the titles in the basis clause (the sentence with 根据/依据/依照 that ends
  in 制定本条例/本办法/…) that name a document of the corpus — a title names a document when
  it equals the manifest title without white space and book-title marks, or does after adding
  or removing the prefix 中华人民共和国 (《水法》 alone is not matched). For each: found (the
  extraction has a citation of that title in the document), found as ``implements``, and
  resolved (the store's citation points to that document, not to a stub).

Texts without header (``../shared/realcorpus/texts``): share with any identity field guessed
(title, number, date, issuers: should be about 0), share with a level or region, and
measures, responsibilities and targets per document.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.cells import cell_len  # noqa: E402

from kg.evaluate import has_enactment_history, norm_title  # noqa: E402
from kg.extract import regexes as rx  # noqa: E402
from kg.extract.regexes import CN_DATE, CN_NUMERAL_DATE  # noqa: E402
from kg.extract.layout import SPACE  # noqa: E402
from kg.models import Extraction  # noqa: E402
from kg.pipeline import BuildReport, run_build  # noqa: E402
from kg.queries import run_query  # noqa: E402
from kg.workspace import Workspace  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realcorpus"
PRC = "中华人民共和国"

#: the sentence of a basis clause: …根据《…》…，制定本条例。
BASIS_SENTENCE = re.compile(r"[^。；;\n]*制定本(?:条例|办法|规定|法|细则|规则|决定|实施办法|实施细则)[^。；;\n]*")
BASIS_CUE = re.compile(r"根据|依据|依照")
BOOK_TITLE = re.compile(r"《([^《》]{2,100})》")
DUTY = re.compile(r"负责|主管")
# The report's own reading of an article and of a line of an enactment history (a date, a body
# and what it did), kept apart from the extractor's (kg.extract.enactment) that it checks
_DATE = f"(?:{CN_DATE.pattern}|{CN_NUMERAL_DATE.pattern})".replace("?P<y>", "").replace("?P<m>", "").replace("?P<d>", "")
ENACTMENT_LINE = re.compile(
    rf"^[ \t\u3000]*[（(]?[ \t\u3000]*(?:根据)?{_DATE}[^。，,\n]{{0,120}}?(?:通过|批准|修订|修正|公布|发布)(?=[\s）)；;，,、]|$)", re.M)
#: an article as the report reads one: opening a line, or after a sentence's end and one space on
#: it (…的号角。 第十八条…, a copy that ran the article into the line before it)
ARTICLE_LINE = re.compile(rf"(?:^[ \t\u3000]*|(?<={rx.RUN_IN_AFTER}[{SPACE}]))第[{rx.CN_ORDINAL}\d]{{1,8}}条", re.M)  # (第一千二百六十条: eight characters)


@dataclass
class Law:
    file: str  # path relative to the corpus folder (docs/lrb_….txt)
    title: str
    level: str

    @property
    def name(self) -> str:
        return Path(self.file).name


def read_manifest(folder: Path, limit: int | None = None) -> list[Law]:
    """The manifest's rows (file, title, level), in its order, the first ``limit``."""
    with (folder / "manifest.tsv").open(encoding="utf-8", newline="") as fh:
        rows = [Law(r["file"], r["title"], r.get("admin_level") or r.get("level") or "") for r in csv.DictReader(fh, delimiter="\t")]
    return rows[:limit] if limit else rows


def basis_titles(text: str, head: int = 6000) -> list[str]:
    """Titles cited in the basis clause near the head of a law (as written).

    >>> basis_titles("某市条例\\n第一条 为了保护文物，根据《中华人民共和国文物保护法》《某省文物保护条例》等法律、法规，结合本市实际，制定本条例。")
    ['中华人民共和国文物保护法', '某省文物保护条例']
    >>> basis_titles("第一条 为了实施《中华人民共和国防洪法》，结合本市实际，制定本办法。")
    []
    """
    for m in BASIS_SENTENCE.finditer(text, 0, head):
        if BASIS_CUE.search(m.group(0)):
            return BOOK_TITLE.findall(m.group(0))
    return []


def title_index(laws: Iterable[Law]) -> dict[str, set[str]]:
    """Normalised title -> files of the corpus with that title (versions share one)."""
    out: dict[str, set[str]] = {}
    for law in laws:
        out.setdefault(norm_title(law.title), set()).add(law.name)
    return out


def named_documents(title: str, index: dict[str, set[str]]) -> set[str]:
    """Files whose title the cited ``title`` names: equal, or equal with 中华人民共和国 added or removed.

    >>> idx = {"中华人民共和国水法": {"a.txt"}, "某省水资源条例": {"b.txt"}}
    >>> named_documents("水法", idx), named_documents("《某省水资源条例》", idx), named_documents("中华人民共和国某省水资源条例", idx)
    ({'a.txt'}, {'b.txt'}, {'b.txt'})
    """
    t = norm_title(title)
    for candidate in (t, PRC + t, t[len(PRC):] if t.startswith(PRC) else None):
        if candidate and candidate in index:
            return index[candidate]
    return set()


def has_duty_article(text: str) -> bool:
    """An article (第X条 …) that says 负责 or 主管.

    >>> has_duty_article("第一条 为了……\\n第五条 市水行政主管部门负责本市节约用水工作。")
    True
    >>> has_duty_article("负责同志\\n第一条 为了……")
    False
    """
    starts = [m.start() for m in ARTICLE_LINE.finditer(text)]
    if not starts:
        return False
    return bool(DUTY.search(text, starts[0]))


def _iso(m: re.Match[str]) -> str:
    return f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"


def latest_history_date(text: str, head: int = 1500) -> str | None:
    """The latest date written in the enactment history lines at the head of the text.

    >>> latest_history_date("某条例\\n2010年7月30日 某省人大常委会通过\\n2018年9月28日 某省人大常委会修正\\n第一条 ……")
    '2018-09-28'
    """
    dates = [_iso(d) for m in ENACTMENT_LINE.finditer(text, 0, head) for d in CN_DATE.finditer(m.group(0))]
    return max(dates) if dates else None


def share(part: int, whole: int) -> dict[str, Any]:
    """``{"n": part, "of": whole, "share": part / whole}`` (share None for an empty whole)."""
    return {"n": part, "of": whole, "share": round(part / whole, 4) if whole else None}


# --- building --------------------------------------------------------------------------


@dataclass
class Built:
    workspace: Workspace
    report: BuildReport
    seconds: float
    #: CPU seconds of this process and its worker processes during the build: what the build
    #: costs whatever else the machine runs (wall seconds on idle cores are at least cpu / jobs)
    cpu_seconds: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after
    by_name: dict[str, Extraction] = field(default_factory=dict)
    #: wall and CPU seconds of reading and extracting the files (the rest resolves and stores)
    extract_seconds: float = 0.0
    extract_cpu_seconds: float = 0.0


def _cpu() -> float:
    """CPU seconds of this process, its ended child processes and (on Linux) the live ones (a
    pool's workers are counted before they end)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + _live_children_cpu()


def _live_children_cpu() -> float:
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    for kids in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        for pid in kids.read_text().split():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue  # ended meanwhile: counted by RUSAGE_CHILDREN once waited for
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def build(paths: list[str], root: Path, jobs: int) -> Built:
    """``kg build`` of ``paths`` into a new workspace at ``root``, timed; extractions by file name."""
    ws = Workspace(root)
    load = os.getloadavg()[0]
    clock, cpu = time.perf_counter(), _cpu()
    read: list[float] = []  # wall and CPU seconds when the last file is extracted

    def progress(done: int, total: int, _name: str) -> None:
        if done == total:
            read[:] = [time.perf_counter() - clock, _cpu() - cpu]

    report = run_build(paths, ws, jobs=jobs, progress=progress)
    seconds, cpu = time.perf_counter() - clock, _cpu() - cpu
    by_name = {info["name"]: ws.load_extraction(info["sha256"]) for info in ws.sources().values()
               if ws.has_extraction(info["sha256"])}
    return Built(ws, report, seconds, cpu, (load, os.getloadavg()[0]), by_name, *(read or [0.0, 0.0]))


CITATIONS = """PREFIX pkg: <https://w3id.org/policy-kg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?file ?title ?relation ?citedFile WHERE {
  ?c pkg:citing ?p ; pkg:cited ?q ; pkg:relation ?relation .
  ?p pkg:sourceFile ?file .
  OPTIONAL { ?c pkg:citedTitle ?title }
  OPTIONAL {
    { ?q pkg:isStub false ; pkg:sourceFile ?citedFile }
    UNION
    { ?q a pkg:Work ; eli:is_realized_by ?version . ?version pkg:sourceFile ?citedFile }
  }
}"""


def resolved_citations(ws: Workspace) -> dict[str, dict[str, set[str]]]:
    """Citing file -> normalised cited title -> files of the corpus the store resolved it to
    (every version's file when it points to a law's work; empty when it points to a stub)."""
    out: dict[str, dict[str, set[str]]] = {}
    for row in run_query(ws.open_store(), CITATIONS):
        if row.get("title"):
            targets = out.setdefault(str(row["file"]), {}).setdefault(norm_title(row["title"]), set())
            if row.get("citedFile"):
                targets.add(str(row["citedFile"]))
    return out


# --- figures ---------------------------------------------------------------------------


def basis_figures(laws: list[Law], texts: dict[str, str], built: Built) -> dict[str, Any]:
    """Basis citations that name a document of the corpus: found, found as implements, resolved."""
    index = title_index(laws)
    resolved = resolved_citations(built.workspace)
    titled = {law.name for law in laws if (e := built.by_name.get(law.name)) and norm_title(e.policy.title) == norm_title(law.title)}
    total = found = implements = hit = exact = untitled = 0
    for law in laws:
        ext = built.by_name.get(law.name)
        cited = {norm_title(c.title): c.relation for c in ext.citations if c.title} if ext else {}
        for title in basis_titles(texts[law.name]):
            files = named_documents(title, index) - {law.name}
            if not files:
                continue
            total += 1
            exact += norm_title(title) in index
            key = norm_title(title)
            found += key in cited
            implements += cited.get(key) == "implements"
            ok = bool(resolved.get(law.name, {}).get(key, set()) & files)
            hit += ok
            untitled += not ok and not files & titled
    return {"basis_citations_naming_a_corpus_document": total, "named_exactly": exact,
            "found": share(found, total), "found_as_implements": share(implements, total),
            "resolved_to_the_document": share(hit, total),
            "unresolved_whose_target_lacks_its_title": share(untitled, total - hit)}


def law_figures(laws: list[Law], texts: dict[str, str], built: Built) -> dict[str, Any]:
    """Every figure of the laws: dates, levels, departments, manifest agreement, basis citations."""
    history = [law for law in laws if has_enactment_history(texts[law.name])]
    duty = [law for law in laws if has_duty_article(texts[law.name])]

    def ext(law: Law) -> Extraction | None:
        return built.by_name.get(law.name)

    dated = [law for law in history if (e := ext(law)) and e.policy.date]
    latest = [law for law in history if (e := ext(law)) and e.policy.date and e.policy.date == latest_history_date(texts[law.name])]
    levelled = [law for law in laws if (e := ext(law)) and e.policy.level]
    with_department = [law for law in duty if (e := ext(law)) and e.responsibilities]
    same_title = [law for law in laws if (e := ext(law)) and norm_title(e.policy.title) == norm_title(law.title)]
    same_level = [law for law in laws if (e := ext(law)) and e.policy.level == law.level]
    # articles: those that open a line of the text (or follow a sentence's end and a space), and
    # those the extraction reads as measures
    opened = sum(len(ARTICLE_LINE.findall(texts[law.name])) for law in laws if ext(law))
    # (a measure, not a section: an article read as a heading holding the next chapter is lost to the questions)
    read = sum(1 for law in laws if (e := ext(law)) for m in e.measures
               if m.kind == "measure" and rx.ARTICLE_NUMBER.fullmatch(m.key.rsplit("/", 1)[-1].split("~")[0]))
    return {
        "documents": len(laws),
        "extracted": len([law for law in laws if ext(law)]),
        "build_seconds": round(built.seconds, 1),
        "build_cpu_seconds": round(built.cpu_seconds, 1),
        "load_average": list(built.load),
        "extract_seconds": round(built.extract_seconds, 1),
        "extract_cpu_seconds": round(built.extract_cpu_seconds, 1),
        "stage_seconds": {k: round(v, 1) for k, v in built.report.timings.items()},
        "stage_cpu_seconds": {k: round(v, 1) for k, v in built.report.cpu.items()},
        "quads": built.report.quads,
        "documents_per_second": round(len(laws) / built.seconds, 1) if built.seconds else None,
        "failed": [str(f) for f in built.report.failed],
        "date_among_enactment_history": share(len(dated), len(history)),
        "date_is_latest_of_history": share(len(latest), len(history)),
        "level": share(len(levelled), len(laws)),
        "department_among_duty_articles": share(len(with_department), len(duty)),
        "title_agrees_with_manifest": share(len(same_title), len(laws)),
        "level_agrees_with_manifest": share(len(same_level), len(laws)),
        "level_agrees_among_levelled": share(len(same_level), len(levelled)),
        "articles_read_as_measures": share(read, opened),
        "basis": basis_figures(laws, texts, built),
    }


def text_figures(built: Built) -> dict[str, Any]:
    """Texts without header: identity guessed (should be ~0), and facts per document."""
    exts = list(built.by_name.values())
    n = len(exts)
    guessed = [e for e in exts if e.policy.title or e.policy.doc_number or e.policy.date or e.policy.issuers]
    placed = [e for e in exts if e.policy.level or e.policy.region]

    def per_doc(count: int) -> float | None:
        return round(count / n, 2) if n else None

    return {
        "documents": n,
        "build_seconds": round(built.seconds, 1),
        "identity_guessed": share(len(guessed), n),
        "level_or_region_guessed": share(len(placed), n),
        "measures_per_document": per_doc(sum(len(e.measures) for e in exts)),
        "responsibilities_per_document": per_doc(sum(len(e.responsibilities) for e in exts)),
        "with_a_responsibility": share(len([e for e in exts if e.responsibilities]), n),
        "targets_per_document": per_doc(sum(len(e.targets) for e in exts)),
    }


def text_files(folder: Path, limit: int | None = None) -> list[Path]:
    files = sorted((folder / "docs").glob("*.txt"))
    return files[:limit] if limit else files


def run(laws_dir: Path, texts_dir: Path | None, limit: int | None, jobs: int) -> dict[str, Any]:
    laws = read_manifest(laws_dir, limit)
    texts = {law.name: (laws_dir / law.file).read_text(encoding="utf-8") for law in laws}
    out: dict[str, Any] = {"jobs": jobs, "limit": limit}
    with tempfile.TemporaryDirectory(prefix="kg-realcorpus-") as tmp:
        built = build([str(laws_dir / law.file) for law in laws], Path(tmp) / "laws", jobs)
        out["laws"] = law_figures(laws, texts, built)
        if texts_dir is not None and texts_dir.exists():
            out["texts"] = text_figures(build([str(p) for p in text_files(texts_dir, limit)], Path(tmp) / "texts", jobs))
    return out


def _line(label: str, figure: dict[str, Any]) -> str:
    pct = "-" if figure["share"] is None else f"{100 * figure['share']:.1f}%"
    pad = " " * max(0, 58 - cell_len(label))  # CJK characters take two cells
    return f"  {label}{pad} {pct:>7}  ({figure['n']:,} / {figure['of']:,})"


def render(fig: dict[str, Any]) -> str:
    law, basis = fig["laws"], fig["laws"]["basis"]
    goal = "" if fig.get("limit") else f"; {'within' if law['build_seconds'] <= 120 else 'over'} the 120 s goal"
    lines = [
        f"laws: {law['documents']:,} documents, kg build with {fig['jobs']} processes: {law['build_seconds']} s "
        f"({law['documents_per_second']} documents/s{goal}), {len(law['failed'])} failed",
        f"  CPU seconds of the build: {law['build_cpu_seconds']} ({law['build_cpu_seconds'] / fig['jobs']:.0f} s on "
        f"{fig['jobs']} idle cores if nothing waited on the disk); load average {law['load_average'][0]:.1f} before, "
        f"{law['load_average'][1]:.1f} after",
        f"  reading and extraction: {law['extract_seconds']} s ({law['extract_cpu_seconds']} CPU s); after it "
        f"({law['quads']:,} quads; load = the store's bulk load, pieces include the take-up of kg.align): "
        + ", ".join(f"{k} {v} s" for k, v in law["stage_seconds"].items()),
        _line("date, among documents with an enactment history", law["date_among_enactment_history"]),
        _line("date = latest date of the enactment history", law["date_is_latest_of_history"]),
        _line("level", law["level"]),
        _line("a department, among documents with 负责/主管 in an article", law["department_among_duty_articles"]),
        _line("title agrees with the manifest", law["title_agrees_with_manifest"]),
        _line("level agrees with the manifest (all documents)", law["level_agrees_with_manifest"]),
        _line("level agrees with the manifest (documents with a level)", law["level_agrees_among_levelled"]),
        _line("articles read as measures, of those that open a line or a sentence", law["articles_read_as_measures"]),
        f"  basis citations naming a document of the corpus: {basis['basis_citations_naming_a_corpus_document']:,} "
        f"({basis['named_exactly']:,} by the exact title, the rest with 中华人民共和国 added or removed)",
        _line("  found by the extraction", basis["found"]),
        _line("  found as implements", basis["found_as_implements"]),
        _line("  resolved to that document in the store", basis["resolved_to_the_document"]),
        _line("  unresolved, the cited document's own title not extracted", basis["unresolved_whose_target_lacks_its_title"]),
    ]
    for f in law["failed"][:10]:
        lines.append(f"  failed: {f}")
    if "texts" in fig:
        tx = fig["texts"]
        lines += [
            f"texts without header: {tx['documents']:,} documents ({tx['build_seconds']} s)",
            _line("any identity field guessed (title, number, date, issuers)", tx["identity_guessed"]),
            _line("level or region guessed", tx["level_or_region_guessed"]),
            _line("at least one responsibility", tx["with_a_responsibility"]),
            f"  per document: {tx['measures_per_document']} measures, {tx['responsibilities_per_document']} "
            f"responsibilities, {tx['targets_per_document']} targets",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--laws", type=Path, default=REAL / "laws", help="folder with manifest.tsv and docs/")
    ap.add_argument("--texts", type=Path, default=REAL / "texts", help="folder of texts without header (docs/)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N laws (manifest order) and N texts")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the build (default 2)")
    ap.add_argument("--json", action="store_true", help="print every figure as JSON")
    ap.add_argument("--no-take-up", action="store_true",
                    help="build without the clause-level take-up of implemented documents (kg.align), to time the rest alone")
    args = ap.parse_args(argv)
    if not (args.laws / "manifest.tsv").exists():
        sys.exit(f"no manifest.tsv in {args.laws}")
    if args.no_take_up:
        import kg.pipeline

        kg.pipeline._take_up_quads = lambda *_: []  # forked workers inherit it
    fig = run(args.laws, args.texts, args.limit, args.jobs)
    print(json.dumps(fig, ensure_ascii=False, indent=2) if args.json else render(fig))


if __name__ == "__main__":
    main()
