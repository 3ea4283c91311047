"""Safe defaults of ``nlpmap serve``: bind before "Serving", loopback by default, no debugger,
no traceback in any answer, bounded requests; graph JSON compressed and conditional (304)."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import free_port, stop_server, wait_for_server
from helpers import ROOT
from hostile_files import nlpmap


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory) -> Path:
    """The repository's sample notes built once into a graph file."""
    base = tmp_path_factory.mktemp("serve")
    out = base / "graph.json"
    proc = nlpmap("build", str(ROOT / "links" / "nlp-notes"), "-o", str(out), cache=base / "cache")
    assert proc.returncode == 0, proc.stderr
    return out


def test_a_port_in_use_is_one_line_and_exit_2(small_graph, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = nlpmap("serve", str(small_graph), "--port", str(port), cache=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == "" and "Serving" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


@pytest.mark.parametrize("host", ["192.0.2.1", "no-such-host.invalid"])
def test_a_host_that_cannot_be_bound_is_one_line_and_exit_2(small_graph, tmp_path, host):
    proc = nlpmap("serve", str(small_graph), "--host", host, "--port", "0", cache=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot listen on {host}:0: ")


def test_serve_binds_loopback_by_default():
    from graph.cli import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


def _start(small_graph: Path, tmp_path: Path, *args: str, env_extra: dict | None = None):
    """``nlpmap serve`` in a subprocess; (process, base URL, log file)."""
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NLPMAP_CACHE_DIR": str(tmp_path / "c"),
           **(env_extra or {})}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "graph.cli", "serve", str(small_graph), "--port", str(port), *args],
            stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    wait_for_server(base + "/api/info", proc, log)
    return proc, base, log


def test_listening_on_every_interface_warns(small_graph, tmp_path):
    proc, _, log = _start(small_graph, tmp_path, "--host", "0.0.0.0")
    try:
        text = log.read_text()
        assert "warning: listening on every interface (0.0.0.0)" in text
        assert text.index("warning: listening") < text.index("Serving nlpmap on http://0.0.0.0:")
    finally:
        stop_server(proc)


def _request(base: str, method: str, path: str, headers=None, body=None):
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def debug_server(small_graph, tmp_path_factory):
    """A server of a copy of the sample notes, started with FLASK_DEBUG=1 (which must not matter)."""
    import shutil

    from graph.store import load_graph, save_graph

    base_dir = tmp_path_factory.mktemp("debug")
    ws = base_dir / "ws"
    shutil.copytree(ROOT / "links" / "nlp-notes", ws)
    G = load_graph(small_graph)
    G.graph["workspace"] = str(ws)
    graph_file = save_graph(G, base_dir / "graph.json")
    proc, base, _ = _start(graph_file, base_dir, env_extra={"FLASK_DEBUG": "1"})
    try:
        yield base, ws
    finally:
        stop_server(proc)


def test_an_unexpected_error_is_a_plain_500_page_without_traceback(debug_server):
    base, ws = debug_server
    article = next(p for p in sorted(ws.rglob("*.md")))
    rel = article.relative_to(ws).as_posix()
    article.write_bytes(b"\xff\x00" * 50)  # not text any more: the files changed after the build
    status, _, body = _request(base, "GET", "/links/nlp-notes/" + quote(rel))
    text = body.decode("utf-8", "replace")
    assert status == 500
    for leak in ("Traceback", "File \"", "Werkzeug", "Debugger", "UnicodeDecodeError", str(ROOT)):
        assert leak not in text
    assert "500" in text


@pytest.mark.parametrize(
    "method, path, headers, body, statuses",
    [
        ("GET", "/api/search?q=" + "a" * 20_000, {}, None, {414}),
        ("GET", "/links/nlp-notes/" + "a" * 20_000, {}, None, {414}),
        ("GET", "/?" + "x=1&" * 5_000, {}, None, {414}),
        ("POST", "/api/search?q=bert", {"Content-Type": "text/plain"}, b"x" * 200_000, {405, 413}),
        ("GET", "/", {"X-Big": "y" * 100_000}, None, {400, 431}),
    ],
)
def test_request_sizes_are_bounded(debug_server, method, path, headers, body, statuses):
    base, _ = debug_server
    try:
        status, _, answer = _request(base, method, path, headers, body)
    except (ConnectionError, http.client.HTTPException):
        return  # the server closed the connection on an oversized request: bounded too
    assert status in statuses, (status, answer[:200])
    assert b"Traceback" not in answer


def test_graph_json_is_compressed_and_a_reload_costs_a_304(debug_server):
    base, _ = debug_server
    status, headers, body = _request(base, "GET", "/api/graph", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    plain = gzip.decompress(body)
    assert json.loads(plain)["graph"]["format"] == "nlpmap-graph"
    assert len(body) < len(plain) / 3 and "Accept-Encoding" in headers["Vary"]
    etag = headers["ETag"]
    status, again, body = _request(base, "GET", "/api/graph",
                                   {"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert status == 304 and body == b"" and again["ETag"] == etag
    status, identity, body = _request(base, "GET", "/api/graph")
    assert status == 200 and "Content-Encoding" not in identity and identity["ETag"] != etag
    assert body == plain


def test_every_page_and_api_answer_is_conditional(debug_server):
    base, _ = debug_server
    for path in ("/", "/api/info", "/api/search?q=bert", "/concept/bert"):
        status, headers, _ = _request(base, "GET", path, {"Accept-Encoding": "gzip"})
        assert status == 200 and "ETag" in headers, path
        status, _, body = _request(base, "GET", path,
                                   {"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
        assert status == 304 and body == b"", path
