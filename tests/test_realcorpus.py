"""The real-corpus report (benchmarks/realcorpus.py): its pieces on made-up sentences, and the
whole report on a handful of real laws (a local regulation, the law its basis clause names,
and a few more)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from benchmarks import realcorpus as rc
from tests.conftest import require


def test_basis_titles_read_the_basis_clause_only() -> None:
    text = ("某市养犬管理条例\n2019年6月1日 某市人民代表大会常务委员会通过\n"
            "第一条 为了规范养犬行为，依据《中华人民共和国动物防疫法》和《某省动物防疫条例》，结合本市实际，制定本条例。\n"
            "第九条 违反本条例规定的，依照《中华人民共和国治安管理处罚法》处罚。\n")
    assert rc.basis_titles(text) == ["中华人民共和国动物防疫法", "某省动物防疫条例"]
    assert rc.basis_titles("第一条 为了加强管理，结合本省实际，制定本办法。\n第二条 根据《某法》处理。") == []


def test_a_title_names_a_document_exactly_or_with_the_state_prefix() -> None:
    laws = [rc.Law("docs/a.txt", "中华人民共和国动物防疫法", "national"), rc.Law("docs/b.txt", "某省动物防疫条例", "province"),
            rc.Law("docs/c.txt", "某省动物防疫条例", "province")]
    index = rc.title_index(laws)
    assert rc.named_documents("动物防疫法", index) == {"a.txt"}
    assert rc.named_documents("中华人民共和国动物防疫法", index) == {"a.txt"}
    assert rc.named_documents("某省动物防疫条例", index) == {"b.txt", "c.txt"}  # two versions
    assert rc.named_documents("防疫法", index) == set()


def test_duty_articles_and_the_latest_date_of_the_history() -> None:
    text = ("某省河道管理条例\n1998年5月20日 某省人民代表大会常务委员会通过\n"
            "2004年6月28日 某省人民代表大会常务委员会修正\n2017年9月29日 某省人民代表大会常务委员会修订\n"
            "第一条 为了……，制定本条例。\n第四条 省水行政主管部门负责全省河道的管理工作。\n")
    assert rc.latest_history_date(text) == "2017-09-29"
    assert rc.has_duty_article(text)
    assert not rc.has_duty_article(text.replace("负责", "做好").replace("主管", "有关"))
    assert rc.share(1, 4) == {"n": 1, "of": 4, "share": 0.25} and rc.share(0, 0)["share"] is None


def pick_laws(folder: Path, extra: int = 3) -> list[dict[str, str]]:
    """A local regulation whose basis clause names a law of the corpus, that law, and ``extra`` more."""
    with (folder / "manifest.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    index = rc.title_index(rc.Law(r["file"], r["title"], r["admin_level"]) for r in rows)
    by_name = {Path(r["file"]).name: r for r in rows}
    for r in rows:
        for title in rc.basis_titles((folder / r["file"]).read_text(encoding="utf-8")):
            named = sorted(rc.named_documents(title, index) - {Path(r["file"]).name})
            if named:
                rest = [x for x in rows[:20] if x is not r and x is not by_name[named[0]]][:extra]
                return [r, by_name[named[0]], *rest]
    pytest.fail("no basis citation of the corpus names another of its documents")


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require((rc.REAL / "laws" / "manifest.tsv").exists(), f"the real corpus {rc.REAL}")
    picked = pick_laws(rc.REAL / "laws")
    out = tmp_path_factory.mktemp("laws")
    (out / "docs").mkdir()
    for r in picked:
        shutil.copy(rc.REAL / "laws" / r["file"], out / r["file"])
    with (out / "manifest.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(picked[0]), delimiter="\t")
        w.writeheader()
        w.writerows(picked)
    return out


def test_the_report_on_five_real_laws(small_corpus: Path) -> None:
    fig = rc.run(small_corpus, None, None, jobs=1)
    law = fig["laws"]
    assert law["documents"] == law["extracted"] == 5 and not law["failed"]
    basis = law["basis"]
    assert basis["basis_citations_naming_a_corpus_document"] >= 1
    assert basis["resolved_to_the_document"]["n"] <= basis["found"]["n"] <= basis["basis_citations_naming_a_corpus_document"]
    for key in ("date_among_enactment_history", "level", "department_among_duty_articles", "title_agrees_with_manifest"):
        assert law[key]["share"] is None or 0 <= law[key]["share"] <= 1, key
    assert law["date_among_enactment_history"]["of"] >= 1
    assert "texts" not in fig
    text = rc.render(fig)
    assert "laws: 5 documents" in text and "resolved to that document" in text


def test_limit_on_the_command_line(small_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texts = tmp_path / "texts"
    (texts / "docs").mkdir(parents=True)
    (texts / "docs" / "t1.txt").write_text("一、总体要求\n（一）加强领导。省工业和信息化厅负责。\n二、主要目标\n到2025年，建成5个示范园区。\n", encoding="utf-8")
    rc.main(["--laws", str(small_corpus), "--texts", str(texts), "--limit", "2", "--jobs", "1"])
    out = capsys.readouterr().out
    assert "laws: 2 documents" in out and "texts without header: 1 documents" in out
