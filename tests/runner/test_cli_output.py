"""What `nlpmap build` prints: nlpmap's own stages with -v/-vv, nothing with --quiet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def nlpmap(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NLPMAP_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True, env=env
    )


def test_very_verbose_build_logs_nlpmap_stages_and_no_dependency_debug(corpus_dir, tmp_path):
    done = nlpmap("-vv", "build", str(corpus_dir), cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert any("graph.build: stage extract" in line for line in lines)
    loggers = {line.split()[1].rstrip(":") for line in lines if line.startswith("DEBUG ")}
    assert loggers and all(name.startswith("graph") for name in loggers), loggers
    assert "Built" in done.stdout

    again = nlpmap("build", "--quiet", "--force", str(corpus_dir), cache=tmp_path / "cache")
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""


def test_an_unknown_executor_is_a_usage_error(corpus_dir, tmp_path):
    done = nlpmap("build", "--executor", "spark", str(corpus_dir), cache=tmp_path)
    assert done.returncode == 2
    assert "use local, dask or dask=ADDRESS" in done.stderr
