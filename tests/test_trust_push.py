"""kg push against servers that misbehave: they redirect, trickle, hang or answer success
without storing. Each push ends within its deadline with a non-zero exit and one clear
line. The servers are http.server instances on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


class Fake(ThreadingHTTPServer):
    """A SPARQL server on 127.0.0.1 whose writes (PUT /store, POST /update) do ``mode``:
    ``ok`` stores the triples, ``lie`` answers 204 and stores nothing, ``302``/``307``
    redirect to ``target``, ``trickle`` sends one byte every 2 s, ``hang`` never answers."""

    daemon_threads = True

    def __init__(self, mode: str = "ok", target: str = "") -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.mode, self.target = mode, target
        self.stored = 0
        self.seen: list[tuple[str, str, str | None]] = []  # (method, path, Authorization)
        self.stop = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Fake

    def log_message(self, *args: Any) -> None:
        pass

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _answer(self, status: int, body: bytes = b"", ctype: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        self.server.seen.append(("GET", self.path, self.headers.get("Authorization")))
        self._answer(200, b"ok")

    def do_PUT(self) -> None:  # noqa: N802
        self._write("PUT")

    def do_POST(self) -> None:  # noqa: N802
        body = self._body()
        if self.path.startswith("/query"):
            count = {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": str(self.server.stored), "datatype": XSD_INTEGER}}]}}
            self._answer(200, json.dumps(count).encode(), "application/sparql-results+json")
            return
        self._write("POST", body)

    def _write(self, method: str, body: bytes | None = None) -> None:
        srv = self.server
        body = self._body() if body is None else body
        srv.seen.append((method, self.path, self.headers.get("Authorization")))
        if srv.mode == "ok" or (srv.mode == "307" and self.path.startswith("/moved")):
            srv.stored = len([line for line in body.splitlines() if line.strip().endswith(b".")])
            self._answer(204)
        elif srv.mode == "lie":
            self._answer(204 if method == "PUT" else 200)
        elif srv.mode in ("302", "307"):
            self.send_response(int(srv.mode))
            self.send_header("Location", srv.target + "/moved" + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif srv.mode == "trickle":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                if srv.stop.wait(2):
                    return
                self.wfile.write(b".")
                self.wfile.flush()
        elif srv.mode == "hang":
            srv.stop.wait(120)


@pytest.fixture
def fakes() -> Iterator[list[Fake]]:
    made: list[Fake] = []
    yield made
    for f in made:
        f.stop.set()
        f.shutdown()
        f.server_close()


def serve(fakes: list[Fake], mode: str = "ok", target: str = "") -> Fake:
    f = Fake(mode, target)
    threading.Thread(target=f.serve_forever, daemon=True).start()
    fakes.append(f)
    return f


def kg_push(f: Fake, ws: Path, *extra: str) -> tuple[int, str, float]:
    clock = time.monotonic()
    result = runner.invoke(app, ["push", "-e", f.base + "/query", "-w", str(ws), *extra])
    return result.exit_code, result.output, time.monotonic() - clock


def test_an_honest_server_gets_the_graph(fakes: list[Fake], built_workspace: Path) -> None:
    f = serve(fakes)
    code, out, _ = kg_push(f, built_workspace)
    assert code == 0, out
    assert f.stored > 0 and str(f.stored) in out


def test_a_server_that_answers_success_and_stores_nothing_is_an_error(fakes: list[Fake], built_workspace: Path) -> None:
    for method in ("graph-store", "update"):
        f = serve(fakes, "lie")
        code, out, _ = kg_push(f, built_workspace, "--method", method)
        assert code != 0, out
        assert "holds 0 triples" in out and "did not take" in out


@pytest.mark.parametrize("method", ["graph-store", "update"])
def test_a_302_redirect_of_a_write_is_not_followed(fakes: list[Fake], built_workspace: Path, method: str) -> None:
    f = serve(fakes, "302")
    f.target = f.base
    code, out, _ = kg_push(f, built_workspace, "--method", method)
    assert code != 0, out
    assert "302" in out and "redirect" in out
    assert all(m != "GET" for m, _, _ in f.seen)  # the write was not turned into a GET


def test_a_307_redirect_on_the_same_host_is_sent_again_with_its_body(fakes: list[Fake], built_workspace: Path) -> None:
    f = serve(fakes, "307")
    f.target = f.base
    code, out, _ = kg_push(f, built_workspace, "--method", "update")
    assert code == 0, out
    assert [m for m, _, _ in f.seen] == ["POST", "POST"] and f.stored > 0


@pytest.mark.parametrize("status", ["302", "307"])
def test_credentials_never_follow_a_redirect_to_another_host(fakes: list[Fake], built_workspace: Path, status: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_SPARQL_AUTH", "user:secret")
    other = serve(fakes)  # another port: another origin
    f = serve(fakes, status, other.base)
    for method in ("graph-store", "update"):
        code, out, _ = kg_push(f, built_workspace, "--method", method)
        assert code != 0, out
        assert "redirect" in out
    assert other.seen == []  # nothing, and no credentials, reached the other server
    assert all(auth for _, _, auth in f.seen)  # the named server got them
    # the same server under another host name is another host too
    named = serve(fakes, status, f"http://localhost:{other.server_address[1]}")
    code, out, _ = kg_push(named, built_workspace, "--method", "update")
    assert code != 0 and other.seen == []


@pytest.mark.parametrize("mode", ["trickle", "hang"])
def test_a_slow_server_cannot_hold_the_push_past_its_deadline(fakes: list[Fake], built_workspace: Path, mode: str) -> None:
    f = serve(fakes, mode)
    code, out, seconds = kg_push(f, built_workspace, "--timeout", "3")
    assert code != 0, out
    assert "did not finish within 3 s" in out
    assert seconds < 8
