"""The command line end to end, on the seeds and the corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.conftest import SEEDS

runner = CliRunner()


def kg(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_lineage_of_a_city_plan_reaches_the_provincial_directive(built_workspace: Path) -> None:
    code, out = kg("lineage", "沈政发〔2021〕14号", "-w", str(built_workspace), "--json")
    assert code == 0, out
    tree = json.loads(out)
    assert tree["number"] == "沈政发〔2021〕14号"
    assert [c["number"] for c in tree["children"]] == ["辽政发〔2021〕2号"]
    assert tree["children"][0]["stub"] is True
    assert "辽政发〔2021〕2号" in tree["children"][0]["sentence"]


@pytest.mark.parametrize(
    "child,parent",
    [("锡教发〔2020〕86号", "国发〔2019〕4号"), ("穗民规字〔2024〕3号", "穗府办规〔2022〕13号"), ("庆政发〔2021〕13号", "国发〔2019〕4号")],
)
def test_lineage_examples_of_the_product(built_workspace: Path, child: str, parent: str) -> None:
    code, out = kg("lineage", child, "-w", str(built_workspace), "--json")
    assert code == 0, out
    assert parent in [c["number"] for c in json.loads(out)["children"]]


def test_lineage_accepts_any_bracket_form_and_titles(built_workspace: Path) -> None:
    code, out = kg("lineage", "锡教发[2020]86号", "-w", str(built_workspace), "--json")
    assert code == 0 and json.loads(out)["number"] == "锡教发〔2020〕86号"
    code, out = kg("lineage", "广州市老年人助餐配餐服务管理办法", "-w", str(built_workspace), "--json")
    assert code == 0 and json.loads(out)["number"] == "穗民规字〔2024〕3号"


def test_lineage_tree_in_the_terminal_speaks_chinese_by_default(built_workspace: Path) -> None:
    code, out = kg("lineage", "沈政发〔2021〕14号", "-w", str(built_workspace))
    assert code == 0 and "政策溯源" in out and "辽政发〔2021〕2号" in out
    code, out = kg("lineage", "沈政发〔2021〕14号", "-w", str(built_workspace), "--lang", "en")
    assert code == 0 and "Lineage of" in out


def test_implementers_of_the_national_directive(built_workspace: Path) -> None:
    code, out = kg("implementers", "国发〔2019〕4号", "-w", str(built_workspace), "--json")
    assert code == 0, out
    data = json.loads(out)
    numbers = {i["number"] for i in data["implementers"]}
    assert {"锡教发〔2020〕86号", "庆政发〔2021〕13号"} <= numbers
    assert "国办发〔2019〕4号" not in numbers
    for i in data["implementers"]:
        assert i["path"][-1]["number"] == "国发〔2019〕4号"


def test_unknown_policy_is_a_clear_error(built_workspace: Path) -> None:
    code, out = kg("lineage", "京政发〔1999〕1号", "-w", str(built_workspace))
    assert code == 2 and "京政发〔1999〕1号" in out


def test_missing_workspace_says_what_to_do(tmp_path: Path) -> None:
    code, out = kg("lineage", "国发〔2019〕4号", "-w", str(tmp_path / "nothing"))
    assert code == 2 and "kg build" in out


def _store_dump(ws: Path) -> bytes:
    from kg.workspace import Workspace

    store = Workspace(ws).open_store()
    return b"".join(sorted(store.dump(format=__import__("pyoxigraph").RdfFormat.N_QUADS).splitlines()))


def test_rebuild_changes_nothing_and_reuses_extractions(tmp_path: Path, seed_copy: Path) -> None:
    ws = tmp_path / "ws"
    code, out = kg("build", str(seed_copy), "-w", str(ws), "--json")
    assert code == 0, out
    first = json.loads(out)
    before = _store_dump(ws)
    code, out = kg("build", str(seed_copy), "-w", str(ws), "--json")
    second = json.loads(out)
    assert code == 0 and second["read"] == 0 and second["reused"] == 5
    assert _store_dump(ws) == before
    assert {k: v for k, v in first.items() if k not in ("read", "reused")} == {k: v for k, v in second.items() if k not in ("read", "reused")}


def test_bad_files_are_reported_and_the_rest_is_stored(tmp_path: Path, seed_copy: Path) -> None:
    (seed_copy / "empty.txt").write_bytes(b"")
    (seed_copy / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (seed_copy / "broken.html").write_text("<html><body><table><tr><td>", encoding="utf-8")
    ws = tmp_path / "ws"
    result = runner.invoke(app, ["build", str(seed_copy), "-w", str(ws), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["read"] == 5 and {Path(f["path"]).name for f in data["failed"]} == {"empty.txt", "binary.txt", "broken.html"}
    assert data["documents"] == 5
    # a later build with one more document keeps the earlier ones (nothing stored is lost)
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(SEEDS / "corpus" / "014.txt", extra / "014.txt")
    code, out = kg("build", str(extra), "-w", str(ws), "--json")
    assert code == 0 and json.loads(out)["documents"] == 6


def test_changed_document_replaces_its_facts(tmp_path: Path, seed_copy: Path) -> None:
    ws = tmp_path / "ws"
    assert kg("build", str(seed_copy), "-w", str(ws))[0] == 0
    f = seed_copy / "000_0ec524e545a91cdc.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("辽政发〔2021〕2号", "辽政发〔2021〕3号"), encoding="utf-8")
    code, out = kg("build", str(seed_copy), "-w", str(ws), "--json")
    assert code == 0 and json.loads(out)["read"] == 1
    code, out = kg("lineage", "沈政发〔2021〕14号", "-w", str(ws), "--json")
    assert [c["number"] for c in json.loads(out)["children"]] == ["辽政发〔2021〕3号"]


def test_extract_writes_one_json_per_document_named_by_stem(tmp_path: Path) -> None:
    code, out = kg("extract", str(SEEDS / "000_0ec524e545a91cdc.txt"), str(SEEDS / "corpus" / "001.txt"), "--out", str(tmp_path))
    assert code == 0, out
    data = json.loads((tmp_path / "000_0ec524e545a91cdc.json").read_text(encoding="utf-8"))
    assert data["source"] == "000_0ec524e545a91cdc.txt"
    assert data["policy"]["doc_number"] == "沈政发〔2021〕14号"
    assert {"citations", "responsibilities", "institutions", "targets"} <= set(data)
    assert (tmp_path / "001.json").exists()


def test_eval_on_the_seeds_meets_the_bar() -> None:
    code, out = kg("eval", str(SEEDS / "gold"), str(SEEDS), "--json")
    assert code == 0, out
    scores = json.loads(out)
    for field in ("doc_number", "title", "issuers", "date", "level", "region", "citations", "citations+relation"):
        assert scores[field]["f1"] >= 0.95, (field, scores[field])
    assert scores["responsibilities+role"]["f1"] >= 0.90
    assert scores["institutions"]["f1"] >= 0.85
    assert scores["targets"]["f1"] >= 0.80


def test_eval_prints_a_table() -> None:
    code, out = kg("eval", str(SEEDS / "gold"), str(SEEDS))
    assert code == 0 and "citations+relation" in out and "F1" in out


@pytest.mark.parametrize("command", ["build", "lineage", "implementers", "extract", "eval"])
def test_every_command_explains_itself(command: str) -> None:
    code, out = kg(command, "--help")
    assert code == 0
    assert "--help" in out and "Usage" in out
    expected = {"build": "--workspace", "lineage": "--workspace", "implementers": "--workspace", "extract": "--out", "eval": "gold"}
    assert expected[command] in out.lower() if command == "eval" else expected[command] in out


def test_eval_on_the_annotated_corpus_pages() -> None:
    """A second check on 26 real pages (gov.cn and Guangzhou) annotated by hand."""
    code, out = kg("eval", str(SEEDS / "corpus" / "gold"), str(SEEDS / "corpus"), "--json")
    assert code == 0, out
    scores = json.loads(out)
    for field in ("doc_number", "title", "date", "level", "region", "citations"):
        assert scores[field]["f1"] >= 0.95, (field, scores[field])
    assert scores["issuers"]["f1"] >= 0.9
    assert scores["citations+relation"]["f1"] >= 0.9
    # four gov.cn documents full of responsibility parentheticals (005, 007, 011, 039)
    assert scores["responsibilities+role"]["tp"] >= 200
    assert scores["responsibilities+role"]["f1"] >= 0.9
    assert scores["targets"]["f1"] >= 0.8
