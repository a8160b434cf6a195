"""kg uptake on real documents: the 献血法 and five of the local regulations implementing it
from ../shared/realcorpus/laws (a law first adopted in 1997, regulations first adopted from
1999 on, some revised since, one whose file prints no date), built into a fresh workspace."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline import run_build
from kg.workspace import Workspace
from tests.conftest import ROOT

LAWS = (ROOT / ".." / "shared" / "realcorpus" / "laws").resolve()
MANIFEST = LAWS / "manifest.tsv"
TITLES = ("中华人民共和国献血法", "宁波市献血条例", "浙江省实施《中华人民共和国献血法》办法", "河南省实施《中华人民共和国献血法》办法",
          "青岛市实施《中华人民共和国献血法》若干规定", "上海市献血条例")
pytestmark = pytest.mark.skipif(not MANIFEST.is_file(), reason="the real law corpus is not here")


def files() -> list[str]:
    rows = [line.split("\t") for line in MANIFEST.read_text(encoding="utf-8").splitlines()[1:]]
    return [str(LAWS / r[0]) for r in rows if r[1] in TITLES]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("laws") / "kg-workspace"
    found = files()
    assert len(found) == len(TITLES)
    report = run_build(found, Workspace(root), jobs=1)
    assert not report.failed
    return str(root)


def test_blood_donation_law_uptake_by_province(ws: str) -> None:
    out = CliRunner().invoke(app, ["uptake", "中华人民共和国献血法", "--by", "province", "--json", "-w", ws])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["directive"]["adopted"] == "1997-12-29"
    divisions = {d["division"]: d for d in data["divisions"]}
    assert list(divisions) == ["浙江省", "河南省", "山东省", "上海市"]  # by first uptake; 上海 (no date) last
    lags = {x["title"]: x["lag_days"] for d in data["divisions"] for x in d["documents"]}
    # first adoption to first adoption: 宁波 1999-05-28 (revised 2020), 浙江 2001-11-02 (revised 2020)
    assert lags["宁波市献血条例"] == 515 and lags["浙江省实施《中华人民共和国献血法》办法"] == 1404
    assert lags["河南省实施《中华人民共和国献血法》办法"] == 634 and lags["上海市献血条例"] is None
    assert "北京市" in data["none_in_corpus"] and "浙江省" not in data["none_in_corpus"]


def test_blood_donation_law_uptake_by_city_in_chinese(ws: str) -> None:
    out = CliRunner().invoke(app, ["uptake", "中华人民共和国献血法", "--by", "city", "-w", ws])
    assert out.exit_code == 0, out.output
    assert "宁波市" in out.output and "青岛市" in out.output and "本语料中没有落实文件的城市" in out.output
