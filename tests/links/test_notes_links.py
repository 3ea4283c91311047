"""Links notes really use, on small repositories written by the tests: folders, self-URLs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import networkx as nx
import pytest
from helpers import write_files

from graph.build import build_graph
from graph.links import link_anchor, with_hub_titles
from graph.ontology import load_ontology
from graph.workspace import read_workspace


@pytest.fixture(scope="module")
def ontology():
    """The built-in ontology, loaded once."""
    return load_ontology()


def links_of(G: nx.DiGraph) -> dict[tuple[str, str], dict]:
    """The ``links_to`` edges, as (source path, target path) -> attributes."""
    path = {n: d.get("path") for n, d in G.nodes(data=True)}
    return {(path[u], path[v]): d for u, v, d in G.edges(data=True) if d["kind"] == "links_to"}


def build(root: Path, ontology, **options) -> nx.DiGraph:
    """The graph of a folder (hub titles applied, no candidates)."""
    ws = with_hub_titles(read_workspace(root))
    return build_graph(ws, ontology, candidates=False, **options)


def test_a_folder_link_reaches_the_folders_readme_with_drift_bridged(tmp_path, ontology):
    root = write_files(
        tmp_path / "interview",
        {
            "README.md": "# 面试笔记\n\n"
            "- [NER 学习](./NER_study/)\n"
            "- [小样本问题](Trick/SmallSampleProblem/)\n"
            "- [注意力](./attention#多头)\n"
            "- [Hugo 风格](Docs)\n"
            "- [唯一笔记](papers/GPT/)\n",
            "papers/GPT/gpt-notes.md": "# GPT\n\ntext\n",
            "_site/README.md": "# generated\n",
            "node_modules/pkg/README.md": "# a package\n",
            "NER_study/README.md": "# 命名实体识别\n\nCRF 与 BiLSTM。\n",
            "Trick/small_sample_problem/readme.md": "# 小样本\n\n数据增强。\n",
            "Attention/index.md": "# Attention\n\nSelf-attention.\n",
            "docs/_index.md": "# Docs\n\ntext\n",
            "code/x.py": "print(1)\n",
        },
    )
    edges = links_of(build(root, ontology))
    assert edges[("README.md", "NER_study/README.md")]["method"] == "folder"
    assert edges[("README.md", "Trick/small_sample_problem/readme.md")]["method"] == "folder_fuzzy"
    attention = edges[("README.md", "Attention/index.md")]
    assert attention["method"] == "folder" and attention["anchor"] == "多头"
    assert edges[("README.md", "docs/_index.md")]["method"] == "folder"
    only = edges[("README.md", "papers/GPT/gpt-notes.md")]  # no README: the folder's one note
    assert (only["method"], only["confidence"]) == ("folder", 0.8)
    assert len(edges) == 5  # _site/ and node_modules/ are never read


def git(repo: Path, *args: str) -> None:
    """Run git in ``repo``."""
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_absolute_urls_of_the_repository_itself_reach_files_and_folders(tmp_path, ontology):
    base = "https://github.com/someone/paper-notes"
    root = write_files(
        tmp_path / "paper-notes",
        {
            "README.md": "# 论文笔记\n\n"
            f"- [BERT]({base}/tree/master/BERT#摘要)\n"
            f"- [GPT]({base}/blob/main/GPT/gpt.md)\n"
            f"- [T5](https://raw.githubusercontent.com/someone/paper-notes/master/T5/README.md)\n"
            "- [other repo](https://github.com/other/elsewhere/blob/master/docs/x.md)\n",
            "BERT/README.md": "# BERT\n\ntext\n",
            "GPT/gpt.md": "# GPT\n\ntext\n",
            "T5/README.md": "# T5\n\ntext\n",
        },
    )
    git(root, "init", "-q")
    git(root, "remote", "add", "origin", "git@github.com:someone/paper-notes.git")
    edges = links_of(build(root, ontology))
    bert = edges[("README.md", "BERT/README.md")]
    assert bert["method"] == "repo" and bert["anchor"] == "摘要"
    assert edges[("README.md", "GPT/gpt.md")]["method"] == "repo"
    assert edges[("README.md", "T5/README.md")]["method"] == "repo"
    assert len(edges) == 3


def test_self_urls_resolve_by_repo_url_or_when_the_path_names_one_article(tmp_path, ontology):
    root = write_files(
        tmp_path / "notes",
        {
            "README.md": "- [a](https://github.com/me/notes/tree/dev/feature/topics/CRF)\n",
            "topics/CRF/README.md": "# CRF\n\ntext\n",
        },
    )
    edges = links_of(build(root, ontology))  # no remote: inferred, the path names one article
    assert edges[("README.md", "topics/CRF/README.md")]["method"] == "repo"
    named = links_of(build(root, ontology, repo_urls=("https://github.com/me/notes",)))
    assert named[("README.md", "topics/CRF/README.md")]["method"] == "repo"


def test_link_anchor_is_decoded_and_empty_without_a_fragment():
    assert link_anchor("a.md#%E6%91%98%E8%A6%81") == "摘要"
    assert link_anchor("https://github.com/o/r/tree/master/x") == ""
