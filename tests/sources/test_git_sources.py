"""Git sources: a real repository with commits, cloned shallowly by ``file://`` URL into the cache."""

from __future__ import annotations

import doctest
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import write_files

import graph.sources.git
from graph.cli import cli
from graph.store import load_graph


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed author; return its output."""
    command = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    return subprocess.run([*command, *args], check=True, capture_output=True, text=True).stdout


def commit(repo: Path, files: dict[str, str], message: str) -> str:
    """Write files, commit them, return the commit id."""
    write_files(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture()
def origin(tmp_path: Path) -> Path:
    """A repository with two commits on ``main`` and a tag ``v1`` on the first."""
    repo = tmp_path / "origin" / "notes"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    commit(
        repo,
        {
            "README.md": "# Notes\n\n- [BERT 笔记](nlp/bert.md)\n",
            "nlp/bert.md": "# BERT\n\nBERT.\n",
        },
        "first",
    )
    git(repo, "tag", "v1")
    commit(repo, {"nlp/gpt.md": "# GPT\n\nGPT and BERT.\n"}, "second")
    return repo


def articles(graph_file: Path) -> set[str]:
    """The article paths of a graph file."""
    G = load_graph(graph_file)
    return {d["path"] for _, d in G.nodes(data=True) if d["kind"] == "article"}


def test_doctests():
    assert doctest.testmod(graph.sources.git).failed == 0


def test_build_clones_by_url_into_the_cache_and_fetches_on_the_next_build(origin, tmp_path):
    cache = tmp_path / "cache"
    url = origin.as_uri()
    outside = sorted(p.name for p in tmp_path.iterdir())
    runner = CliRunner()
    first = runner.invoke(cli, ["build", url, "--cache-dir", str(cache), "--json"])
    assert first.exit_code == 0, first.output
    graph_file = Path(first.output[first.output.index("{") :].split('"graph": "')[1].split('"')[0])
    assert graph_file.is_relative_to(cache)
    assert articles(graph_file) == {"nlp/bert.md", "nlp/gpt.md"}
    (clone,) = (cache / "sources").iterdir()
    assert (clone / ".git" / "shallow").is_file()  # depth 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*outside, "cache"])
    assert git(origin, "status", "--porcelain") == ""  # the origin is only read
    commit(origin, {"nlp/t5.md": "# T5\n\nT5.\n"}, "third")
    again = runner.invoke(cli, ["build", url, "--cache-dir", str(cache), "--json"])
    assert again.exit_code == 0, again.output
    assert '"rebuilt": true' in again.output
    assert "nlp/t5.md" in articles(graph_file)
    assert [p.name for p in (cache / "sources").iterdir()] == [clone.name]


@pytest.mark.parametrize("ref", ["v1", "main", "commit"])
def test_ref_picks_a_tag_branch_or_commit(origin, tmp_path, ref):
    cache = tmp_path / "cache"
    first = git(origin, "rev-list", "--max-parents=0", "HEAD").strip()
    wanted = first if ref == "commit" else ref
    out = tmp_path / "g.json"
    result = CliRunner().invoke(
        cli, ["build", origin.as_uri(), "--ref", wanted, "--cache-dir", str(cache), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    expected = {"nlp/bert.md", "nlp/gpt.md"} if ref == "main" else {"nlp/bert.md"}
    assert articles(out) == expected
    G = load_graph(out)
    assert G.nodes["article:nlp/bert.md"]["label"] == "BERT 笔记"


@pytest.mark.parametrize("command", ["build", "check", "serve"])
def test_a_failing_clone_is_one_clear_line_and_exit_2(tmp_path, command):
    url = (tmp_path / "no-such-repo").as_uri()
    result = CliRunner().invoke(cli, [command, url, "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 2
    assert f"Cannot clone {url}" in result.output
    assert "Traceback" not in result.output
    assert not any((tmp_path / "cache").glob("sources/*"))  # the failed clone leaves nothing


def test_an_unknown_ref_says_so(origin, tmp_path):
    result = CliRunner().invoke(
        cli, ["check", origin.as_uri(), "--ref", "nope", "--cache-dir", str(tmp_path / "c")]
    )
    assert result.exit_code == 2
    assert "nope" in result.output


def test_check_reads_a_git_source(origin, tmp_path):
    result = CliRunner().invoke(cli, ["check", origin.as_uri(), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "All internal links of 3 documents resolve." in result.output


def test_export_reads_a_git_source_by_url(origin, tmp_path):
    import networkx as nx

    cache, out = tmp_path / "cache", tmp_path / "map.graphml"
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(
        cli, ["export", origin.as_uri(), "--ref", "v1", "-o", str(out), "--cache-dir", str(cache)]
    )
    assert result.exit_code == 0, result.output
    H = nx.read_graphml(out)
    assert {d["path"] for _, d in H.nodes(data=True) if d["kind"] == "article"} == {"nlp/bert.md"}
    assert H.nodes["article:nlp/bert.md"]["label"] == "BERT 笔记"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "cache", "map.graphml"])
    assert git(origin, "status", "--porcelain") == ""
    url = (tmp_path / "no-such-repo").as_uri()
    bad = CliRunner().invoke(cli, ["export", url, "--format", "json", "--cache-dir", str(cache)])
    assert bad.exit_code == 2 and f"Cannot clone {url}" in bad.output and "Traceback" not in bad.output
