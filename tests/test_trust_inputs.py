"""Inputs that cannot hang or poison a build: pipes and devices, unreadable files and
folders, control characters, deep markup, huge pages; exports that are whole or absent."""

from __future__ import annotations

import errno
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import lxml.etree
import pytest
from typer.testing import CliRunner

import kg.ingest
from kg.cli import app
from kg.ingest import read_document
from kg.pipeline import Failure, extract_file
from tests.test_inputs import PAGE

runner = CliRunner()
NOTICE = ("某某市人民政府关于加强职业教育工作的通知\n某政发〔2024〕3号\n各区、县人民政府：\n"
          "为贯彻落实《国家职业教育改革实施方案》（国发〔2019〕4号），现就有关事项通知如下。\n"
          "一、加强组织领导。（市教育局牵头）\n某某市人民政府\n2024年3月1日\n")


def kg_build(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`kg build` in its own process, whose memory is capped (a device read whole fails fast)."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    return subprocess.run([sys.executable, "-m", "kg.cli", "build", *args, "--json", "-j", "1"], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=cap)


def test_pipes_and_devices_are_reported_and_skipped_never_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notice.txt").write_text(NOTICE, encoding="utf-8")
    os.mkfifo(docs / "pipe.txt")  # nobody ever writes: reading it would wait for ever
    os.mkfifo(tmp_path / "named.txt")
    done = kg_build(str(docs), str(tmp_path / "named.txt"), "/dev/zero", "-w", str(tmp_path / "ws"))
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    reasons = {Path(f["path"]).name: f["reason"] for f in report["failed"]}
    assert "named pipe" in reasons["pipe.txt"] and "named pipe" in reasons["named.txt"]
    assert "character device" in reasons["zero"]
    assert report["read"] == 1 and report["documents"] == 1


def test_unreadable_files_and_folders_are_reported_per_path_and_the_rest_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    (docs / "locked").mkdir(parents=True)
    (docs / "notice.txt").write_text(NOTICE, encoding="utf-8")
    (docs / "locked" / "inside.txt").write_text(NOTICE.replace("3号", "4号"), encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(NOTICE.replace("3号", "5号"), encoding="utf-8")
    locked = str(docs / "locked")
    denied = OSError(errno.EACCES, os.strerror(errno.EACCES))
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path: object = ".") -> object:  # the folder cannot be listed (as without x/r rights)
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), locked)
        return real_scandir(path)  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kw: object) -> object:  # nor can what is inside it be looked at
        if isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith(locked + os.sep):
            raise PermissionError(denied.errno, denied.strerror, os.fspath(path))  # type: ignore[arg-type]
        return real_stat(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    result = runner.invoke(app, ["build", str(docs), str(docs / "locked" / "inside.txt"), str(other),
                                 "-w", str(tmp_path / "ws"), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    said = result.output
    assert f"{locked}: the folder cannot be read: Permission denied" in said
    assert "inside.txt: cannot be read: Permission denied" in said
    monkeypatch.undo()
    from kg.workspace import Workspace

    assert len(Workspace(tmp_path / "ws").sources()) == 2  # notice.txt and other.txt were built


def test_control_characters_are_removed_at_ingest_with_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "notice.txt"
    f.write_text(NOTICE.replace("职业教育", "职业\x00教育", 1).replace("通知如下", "通知\x1b[0m如下\x07"), encoding="utf-8")
    source = read_document(f)
    assert "\x00" not in source.text and "\x1b" not in source.text and "\x07" not in source.text
    assert "职业教育" in source.text and "通知[0m如下" in source.text
    assert any("control character" in w for w in source.warnings)
    res = extract_file(str(f))
    assert not isinstance(res, Failure)
    # spans still point into the text that was read
    span = res.policy.spans["doc_number"]
    assert source.text[span.start : span.end] == res.policy.doc_number == "某政发〔2024〕3号"
    assert all(source.text[m.span.start : m.span.end].startswith(m.text[:4]) for m in res.measures)
    page = tmp_path / "page.html"
    page.write_text(PAGE.replace("实用高效", "实用\x00高效\x0b"), encoding="utf-8")
    html = read_document(page)
    assert "实用高效" in html.text and "\x0b" not in html.text
    assert any("control character" in w for w in html.warnings)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_network_exports_are_valid_xml_whatever_the_documents_hold(tmp_path: Path, fmt: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notice.txt").write_text(NOTICE.replace("某某市人民政府关于", "某某市人民政府\x00关于\x1f", 1), encoding="utf-8")
    ws = tmp_path / "ws"
    built = runner.invoke(app, ["build", str(docs), "-w", str(ws), "-j", "1"])
    assert built.exit_code == 0, built.output
    assert "notice.txt" in built.output and "control character" in built.output  # the warning names the file
    out = tmp_path / f"graph.{fmt}"
    result = runner.invoke(app, ["export", "-f", fmt, "-o", str(out), "-w", str(ws)])
    assert result.exit_code == 0, result.output
    tree = lxml.etree.parse(str(out))  # raises on invalid XML
    assert "关于" in lxml.etree.tostring(tree, encoding="unicode")


def test_an_export_that_fails_leaves_no_partial_file(tmp_path: Path, built_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.sinks.export as export

    def broken(g: object, fmt: str, out: object) -> tuple[int, int]:
        out.write(b"<?xml version='1.0'?><graphml><graph>")  # type: ignore[attr-defined]
        raise ValueError("the writer failed half way")

    monkeypatch.setattr(export, "write_network", broken)
    out = tmp_path / "graph.graphml"
    result = runner.invoke(app, ["export", "-f", "graphml", "-o", str(out), "-w", str(built_workspace)])
    assert result.exit_code == 2
    assert not out.exists() and list(tmp_path.iterdir()) == []
    out.write_text("an earlier export")
    runner.invoke(app, ["export", "-f", "graphml", "-o", str(out), "-w", str(built_workspace)])
    assert out.read_text() == "an earlier export"  # kept whole until a new one is complete


@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_html_keeps_its_body(tmp_path: Path, depth: int) -> None:
    body = PAGE.split("<body>")[1].split("</body>")[0]
    page = tmp_path / "deep.html"
    page.write_text(f"<html><body>{'<div><span>' * depth}{body}{'</span></div>' * depth}</body></html>", encoding="utf-8")
    source = read_document(page)
    assert "沈政发〔2021〕14号" in source.text and "高水平专业群15个" in source.text
    assert any("levels deep" in w for w in source.warnings)
    res = extract_file(str(page))
    assert not isinstance(res, Failure) and res.policy.doc_number == "沈政发〔2021〕14号"


def test_a_page_past_the_markup_limit_is_read_to_the_limit_which_the_warning_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.ingest, "MAX_MARKUP_CHARS", 4096)
    page = tmp_path / "big.html"
    page.write_text(PAGE.replace("</body>", "<p>（三）强化督促检查。</p>" * 2000 + "</body>"), encoding="utf-8")
    source = read_document(page)
    assert "沈政发〔2021〕14号" in source.text and len(source.text) < 4096
    assert any("only the first" in w and "characters of markup per page" in w for w in source.warnings)
