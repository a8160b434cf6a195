"""Smaller faults: a site that keeps pages of removed documents, a workspace path naming a
file, a waiting build that says nothing, a parameter inside a subquery, pypdf's messages
on standard error."""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest import IngestError, read_document
from kg.sinks.remote import substitute
from kg.views.site import publish, slug
from tests.test_views import small_corpus

runner = CliRunner()


def test_publish_removes_the_pages_it_wrote_that_no_longer_belong_and_nothing_else(tmp_path: Path) -> None:
    g = small_corpus()
    site = tmp_path / "site"
    publish(g, site)
    before = {p.name for p in (site / "policies").glob("*.html")}
    mine = site / "policies" / "notes.html"  # the user's own files in the site folder
    mine.write_text("mine")
    (site / "about.html").write_text("mine too")
    gone = next(n for n, d in g.nodes(data=True) if d.get("type") == "Policy" and not d.get("stub"))
    g.remove_node(gone)
    publish(g, site)
    after = {p.name for p in (site / "policies").glob("*.html")}
    assert f"{slug(gone)}.html" in before
    assert after == before - {f"{slug(gone)}.html"} | {"notes.html"}
    assert mine.read_text() == "mine" and (site / "about.html").read_text() == "mine too"
    # a manifest that names files outside the site never makes publish touch them
    outside = tmp_path / "outside.html"
    outside.write_text("keep")
    (site / ".kg-site.json").write_text('{"pages": ["../outside.html", "about.html", "/etc/hostname"]}')
    publish(g, site)
    assert outside.read_text() == "keep" and Path("/etc/hostname").exists()


def test_a_workspace_path_that_names_a_file_is_a_clear_error(tmp_path: Path, seed_copy: Path) -> None:
    f = tmp_path / "not-a-folder"
    f.write_text("x")
    for args in (["build", str(seed_copy), "-w", str(f)], ["lineage", "国发〔2019〕4号", "-w", str(f)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert isinstance(result.exception, SystemExit)  # no traceback
        assert "is a file, not a folder" in " ".join(result.output.split())
    assert f.read_text() == "x"


def test_a_build_that_waits_for_another_says_so(tmp_path: Path, seed_copy: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    fd = os.open(ws / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another build holds the workspace
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(seed_copy), "-w", str(ws), "-j", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    said = ""
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 60
        while "waiting" not in said and time.monotonic() < deadline and proc.poll() is None:
            if select.select([proc.stderr], [], [], 1)[0]:
                said += proc.stderr.readline()
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
        proc.wait(timeout=300)
    assert "waiting for another build of the workspace" in said and str(ws) in said
    assert proc.returncode == 0


SUBQUERIES = [
    "SELECT ?n WHERE { { SELECT ?n WHERE { ?p <http://e/n> ?n } } }",
    "SELECT ?p ?n WHERE { { SELECT ?p ?n WHERE { { SELECT ?p ?n WHERE { ?p <http://e/n> ?n } } } } }",
    "SELECT * WHERE { { SELECT ?p ?n WHERE { ?p <http://e/n> ?n } } }",
]


@pytest.mark.parametrize("query", SUBQUERIES)
def test_a_parameter_used_inside_a_subquery_gives_a_query_that_parses_and_answers_as_the_store(query: str) -> None:
    store = pyoxigraph.Store()
    n, p = pyoxigraph.NamedNode("http://e/n"), pyoxigraph.NamedNode("http://e/a")
    store.add(pyoxigraph.Quad(p, n, pyoxigraph.Literal("第一条")))
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://e/b"), n, pyoxigraph.Literal("第二条")))
    value = pyoxigraph.Literal("第一条")
    text = substitute(query, {"n": value})
    got = [[str(v) for v in row] for row in store.query(text)]
    expected = [[str(v) for v in row] for row in store.query(query, substitutions={pyoxigraph.Variable("n"): value})]
    assert got == expected and got


def test_pypdf_messages_become_the_reason_and_never_reach_stderr(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    with pytest.raises(IngestError) as caught:
        read_document(pdf)
    assert "EOF marker not found" in caught.value.reason
    out, err = capfd.readouterr()
    assert "EOF marker" not in err and "EOF marker" not in out
