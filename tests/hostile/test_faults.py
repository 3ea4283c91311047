"""Faults: ``kill -9`` of builds at random moments, damaged graph and cache files, a rebuild
while serving. The previous graph always loads; what killed builds leave is removed."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port, stop_server, wait_for_server
from helpers import ROOT, write_files
from hostile_files import nlpmap

from graph.errors import GraphFileError
from graph.runner import ResultStore
from graph.store import cache_path, load_graph, remove_stale_temps

KILLS = 6  # bench/faults.py kills more (20 by default) on NLP_ability
TINY = {
    "README.md": "# Hub\n\n- [A](a.md)\n- [B](b.md)\n",
    "a.md": "# A\n\nBERT uses the Transformer encoder. See [B](b.md).\n",
    "b.md": "# B\n\nTinyBERT is distilled from BERT.\n",
}


def _env(cache: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NLPMAP_CACHE_DIR": str(cache)}


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def faults_bench():
    """bench/faults.py as a module (its ``run`` kills builds and counts what they leave)."""
    spec = importlib.util.spec_from_file_location("faults_bench", ROOT / "bench" / "faults.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_kill_9_at_random_moments_always_leaves_a_loadable_graph(tmp_path, faults_bench):
    """Half the kills at a random moment, half mid-write; bench/faults.py kills 20 by default."""
    ws = write_files(tmp_path / "ws", TINY)
    seed = int.from_bytes(os.urandom(4), "big")
    result = faults_bench.run(ws.resolve(), KILLS, seed, tmp_path / "work")
    assert result["graphs_loadable_after_kill"] == KILLS, result
    assert result["kills_while_writing"] >= 1, result  # the dangerous moment was hit
    assert result["temp_files_after_next_builds"] == 0, result
    assert result["final_graphs_load"], result


def test_stale_temp_files_of_dead_writers_are_removed_and_live_ones_kept(tmp_path):
    target = tmp_path / "graph.json"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".graph.json.{dead.pid}.abcd1234.tmp"
    live = tmp_path / f".graph.json.{os.getpid()}.efgh5678.tmp"
    old = tmp_path / ".graph.json.k2j3h4g5.tmp"  # an older nlpmap's name, no process id
    other = tmp_path / ".other.json.1.aaaa.tmp"
    for path in (stale, live, old, other):
        path.write_text("{", encoding="utf-8")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert sorted(remove_stale_temps(target)) == sorted([stale, old])
    assert live.exists() and other.exists()


def test_a_truncated_graph_file_says_how_to_rebuild(tmp_path):
    ws = write_files(tmp_path / "ws", TINY)
    out = tmp_path / "graph.json"
    assert nlpmap("build", str(ws), "-o", str(out), "-q", cache=tmp_path / "c").returncode == 0
    data = out.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    with pytest.raises(GraphFileError, match="nlpmap build"):
        load_graph(out)
    for args in (("info", str(out)), ("serve", str(out), "--port", "0")):
        proc = nlpmap(*args, cache=tmp_path / "c")
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2 and len(lines) == 1 and "Traceback" not in proc.stderr, args
        assert "invalid JSON" in lines[0] and "rebuild it with `nlpmap build" in lines[0]


def test_a_damaged_cache_heals_itself(tmp_path):
    ws = write_files(tmp_path / "ws", TINY)
    cache = tmp_path / "cache"
    assert nlpmap("build", str(ws), "-q", cache=cache).returncode == 0
    graph_file = cache_path(ws, directory=cache)
    results = graph_file.with_name(graph_file.stem + ".results.pickle")
    summary = graph_file.with_name(graph_file.stem + ".summary.json")
    expected = load_graph(graph_file).number_of_nodes()
    graph_file.write_bytes(graph_file.read_bytes()[:100])
    results.write_bytes(b"\x80\x04garbage")
    summary.write_text("{not json", encoding="utf-8")
    proc = nlpmap("build", str(ws), "--json", cache=cache)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert json.loads(proc.stdout)["rebuilt"] is True
    assert load_graph(graph_file).number_of_nodes() == expected
    assert ResultStore.load(results)._old  # the result cache was written anew
    assert json.loads(summary.read_text(encoding="utf-8"))["counts"]["articles"] == 2
    again = nlpmap("build", str(ws), "--json", cache=cache)
    assert json.loads(again.stdout)["rebuilt"] is False


def test_a_rebuild_while_serving_never_serves_a_half_written_graph(tmp_path):
    """``serve --watch``: files change under a running server; every /api/graph is whole."""
    ws = write_files(tmp_path / "ws", TINY)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "graph.cli", "serve", str(ws), "--watch", "--port", str(port)],
            env=_env(tmp_path / "cache"), stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    seen: set[int] = set()
    failures: list[str] = []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            try:
                with urllib.request.urlopen(base + "/api/graph", timeout=30) as response:
                    seen.add(len(json.loads(response.read())["nodes"]))
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                failures.append(repr(exc))

    try:
        wait_for_server(base + "/api/info", proc, log)
        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        for i in range(3):
            (ws / f"new{i}.md").write_text(f"# New {i}\n\nELMo and GPT {i}.\n", encoding="utf-8")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(seen) < i + 2:
                time.sleep(0.1)
        stop.set()
        poller.join(timeout=30)
    finally:
        stop.set()
        stop_server(proc)
    assert failures == []
    assert len(seen) >= 3, (seen, log.read_text(errors="replace"))
