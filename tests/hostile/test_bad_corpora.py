"""Bad corpora: the build finishes, writes its graph, lists every skipped file; no traceback."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hostile_files import BAD_ENTRIES, GOOD_ARTICLES, bad_corpus, nlpmap

from graph.store import load_graph

NO_DAC = ("setpriv", "--bounding-set=-dac_override,-dac_read_search",
          "--inh-caps=-dac_override,-dac_read_search")


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    """``nlpmap build --json`` of the hostile workspace: (workspace, process, graph file)."""
    base = tmp_path_factory.mktemp("bad")
    ws = bad_corpus(base / "ws")
    out = base / "graph.json"
    proc = nlpmap("build", str(ws), "-o", str(out), "--json", cache=base / "cache")
    return ws, proc, out


def test_bad_corpus_builds_and_writes_its_graph(bad_build):
    _, proc, out = bad_build
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    G = load_graph(out)
    paths = {a.get("path") for _, a in G.nodes(data=True) if a.get("kind") == "article"}
    assert paths == set(GOOD_ARTICLES)
    assert G.nodes["hub"]["kind"] == "hub"
    summary = json.loads(proc.stdout)
    assert summary["articles"] == len(GOOD_ARTICLES) and summary["unresolved"] >= 10_000


def test_every_skipped_file_is_listed_with_its_reason(bad_build):
    _, proc, out = bad_build
    lines = [line for line in proc.stderr.splitlines() if line.startswith("warning: ")]
    for path, reason in BAD_ENTRIES.items():
        assert any(line.startswith(f"warning: {path}: ") and reason in line for line in lines), (
            path, proc.stderr)
    assert len(lines) == len(BAD_ENTRIES)
    listed = json.loads(proc.stdout)["read_warnings"]
    assert [f"warning: {w}" for w in listed] == lines
    assert load_graph(out).graph["read_warnings"] == listed


def test_the_damaged_file_is_read_with_its_good_text(bad_build):
    _, _, out = bad_build
    G = load_graph(out)
    node = next(n for n, a in G.nodes(data=True) if a.get("path") == "links/c/badutf.md")
    assert G.has_edge(node, "concept:bert")


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv (util-linux) is missing")
def test_unreadable_file_is_skipped_by_a_build_without_root_powers(tmp_path):
    """Root reads mode-000 files; the build runs without CAP_DAC_OVERRIDE, so it cannot."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "ok.md").write_text("# OK\n\nBERT.\n", encoding="utf-8")
    locked = ws / "locked.md"
    locked.write_text("# Locked\n", encoding="utf-8")
    locked.chmod(0)
    closed = ws / "closed"
    closed.mkdir()
    (closed / "inner.md").write_text("# Inner\n", encoding="utf-8")
    closed.chmod(0)
    try:
        proc = nlpmap("build", str(ws), "-o", str(tmp_path / "g.json"), cache=tmp_path / "cache",
                      prefix=NO_DAC)
    finally:
        closed.chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    assert "warning: locked.md: skipped, unreadable (Permission denied)" in proc.stderr
    assert "warning: closed: skipped, unreadable folder (Permission denied)" in proc.stderr
    assert "Traceback" not in proc.stderr
    G = load_graph(tmp_path / "g.json")
    assert {a["path"] for _, a in G.nodes(data=True) if a.get("kind") == "article"} == {"ok.md"}


def test_a_symlink_loop_as_the_workspace_is_one_line(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    proc = nlpmap("build", str(tmp_path / "a"), cache=tmp_path / "cache")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_an_unexpected_error_is_one_line_and_a_report(tmp_path):
    """A bug anywhere in a command: one line naming the report, exit 3, no traceback."""
    code = (
        "from graph.cli import cli\n"
        "@cli.command()\n"
        "def boom():\n"
        "    raise RuntimeError('Symlink loop from x\\nsecond line')\n"
        "cli()\n"
    )
    import os
    import subprocess
    import sys

    from helpers import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT), "NLPMAP_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", code, "boom"], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert proc.returncode == 3
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    match = re.search(r"the full report is in (\S+)$", lines[0])
    assert match and "RuntimeError: Symlink loop from x" in lines[0]
    report = Path(match.group(1))
    assert report.parent == tmp_path / "cache" / "reports"
    assert "Traceback" in report.read_text(encoding="utf-8")
