"""path, neighbours, search and info on a small built workspace: the library and the real CLI.

The workspace has a hub, a ``Bert/`` folder, TinyBERT, BERT, Transformer and an article nothing links.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from helpers import write_files

from graph.cli import cli
from graph.errors import NoPath, QueryNotFound
from graph.query.info import graph_info, node_info
from graph.query.neighbours import neighbours
from graph.query.paths import shortest_path
from graph.query.search import SearchIndex, search

QUERY_NOTES = {
    "README.md": "# 笔记\n\n## 模型\n\n- [BERT 入门](Bert/BERT入门.md)\n- [TinyBERT](Bert/TinyBERT蒸馏.md)\n- [Transformer](Transformer.md)\n",
    "Bert/BERT入门.md": (
        "# BERT 入门\n\nBERT 是基于 Transformer 编码器的预训练模型。BERT 使用 masked language model。\n\n"
        "## BERT 的结构\n\nBERT 堆叠 Transformer 层，每层有 self-attention。\n"
    ),
    "Bert/TinyBERT蒸馏.md": (
        "# TinyBERT 全方位蒸馏\n\nTinyBERT 用知识蒸馏把 BERT 压缩成小模型。TinyBERT 的蒸馏分两个阶段。\n\n"
        "## TinyBERT 的损失\n\nTinyBERT 学习 BERT 的注意力矩阵和隐层。知识蒸馏 knowledge distillation。\n"
    ),
    "Transformer.md": (
        "# Transformer\n\nThe Transformer relies on self-attention and multi-head attention. "
        "The Transformer encoder and decoder.\n"
    ),
    "孤立笔记.md": "# 孤立笔记\n\nCRF 与 HMM。条件随机场。\n",
}


@pytest.fixture(scope="session")
def query_workspace(tmp_path_factory) -> Path:
    """A plain workspace with a hub, a ``Bert/`` folder and an article nothing links."""
    return write_files(tmp_path_factory.mktemp("query") / "notes", QUERY_NOTES)


@pytest.fixture(scope="session")
def query_graph_file(query_workspace: Path, tmp_path_factory) -> Path:
    """The query workspace built by graph.build and saved to a file."""
    from graph.build import build_workspace
    from graph.store import save_graph

    target = tmp_path_factory.mktemp("query-graph") / "notes.json"
    return save_graph(build_workspace(query_workspace), target)


@pytest.fixture(scope="session")
def query_graph(query_graph_file: Path):
    """The built query graph, loaded."""
    from graph.store import load_graph

    return load_graph(query_graph_file)


def run(*args: str):
    """The real CLI, in-process."""
    return CliRunner().invoke(cli, list(args))


def test_path_tinybert_bert_explains_each_hop(query_graph):
    result = shortest_path(query_graph, "TinyBERT", "BERT")
    assert [n["id"] for n in result["nodes"]] == ["concept:tinybert", "concept:bert"]
    assert result["hops"][0]["why"] == {
        "kind": "distilled_from",
        "text": "TinyBERT is distilled from BERT",
    }


def test_path_between_articles_gives_a_reason_per_hop(query_graph):
    result = shortest_path(query_graph, "Bert/TinyBERT蒸馏.md", "Transformer.md")
    assert result["length"] == len(result["hops"]) >= 2
    for hop, (a, b) in zip(result["hops"], zip(result["nodes"], result["nodes"][1:])):
        assert (hop["from"], hop["to"]) == (a["id"], b["id"])
        assert {hop["source"], hop["target"]} == {a["id"], b["id"]}
        assert hop["why"]["text"]


def test_path_errors():
    G = nx.DiGraph()
    G.add_node("concept:a", kind="concept", label="Alpha", type="model")
    G.add_node("concept:b", kind="concept", label="Beta", type="model")
    with pytest.raises(NoPath):
        shortest_path(G, "Alpha", "Beta")
    with pytest.raises(QueryNotFound) as caught:
        shortest_path(G, "Alpah", "Beta")
    assert "Alpha" in caught.value.suggestions


def test_cli_path_text_and_json(query_graph_file):
    text = run("path", "TinyBERT", "BERT", "--graph", str(query_graph_file))
    assert text.exit_code == 0, text.output
    assert "TinyBERT is distilled from BERT" in text.output
    data = json.loads(
        run("path", "TinyBERT", "BERT", "--graph", str(query_graph_file), "--json").output
    )
    assert data["hops"][0]["why"]["text"] == "TinyBERT is distilled from BERT"
    missing = run("path", "TinyBERT", "zzqqxx", "--graph", str(query_graph_file), "--json")
    assert missing.exit_code == 1
    assert json.loads(missing.output)["ok"] is False


def test_neighbours_depths(query_graph):
    one = neighbours(query_graph, "TinyBERT", depth=1)
    two = neighbours(query_graph, "TinyBERT", depth=2)
    ids_one = {n["id"] for n in one["nodes"]}
    assert "concept:bert" in ids_one and "article:Bert/TinyBERT蒸馏.md" in ids_one
    assert ids_one < {n["id"] for n in two["nodes"]}
    assert max(n["depth"] for n in two["nodes"]) == 2
    found = {n["id"] for n in two["nodes"]}
    for edge in two["edges"]:
        assert edge["source"] in found and edge["target"] in found and edge["why"]["text"]
    capped = neighbours(query_graph, "TinyBERT", depth=3, limit=3)
    assert len(capped["nodes"]) == 3 and capped["truncated"] is True
    for bad in ({"depth": 0}, {"depth": 4}, {"limit": 0}):
        with pytest.raises(ValueError):
            neighbours(query_graph, "TinyBERT", **bad)


def test_cli_neighbours_bounds(query_graph_file):
    ok = run("neighbours", "BERT", "--depth", "2", "--graph", str(query_graph_file), "--json")
    assert ok.exit_code == 0
    assert json.loads(ok.output)["depth"] == 2
    for depth in ("0", "4", "x"):
        bad = run("neighbours", "BERT", "--depth", depth, "--graph", str(query_graph_file))
        assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_search_chinese_and_english_names_reach_the_concept(query_graph):
    index = SearchIndex.from_graph(query_graph)
    chinese = search(query_graph, "知识", index=index)["hits"][0]
    english = search(query_graph, "knowledge dis", index=index)["hits"][0]
    assert chinese["id"] == english["id"] == "concept:knowledge-distillation"
    assert chinese["matched"] == "知识蒸馏" and chinese["type"] == "method"
    assert (
        search(query_graph, "蒸馏", index=index)["hits"][0]["id"]
        == "concept:knowledge-distillation"
    )


def test_search_ranks_the_concept_before_the_folder_and_words_before_substrings(query_graph):
    hits = search(query_graph, "bert")["hits"]
    ids = [h["id"] for h in hits]
    assert ids[0] == "concept:bert"
    assert ids.index("concept:bert") < ids.index("section:folder:notes/Bert")
    assert hits[ids.index("section:folder:notes/Bert")]["kind"] == "section"
    ranks = [h["match"] for h in hits]
    assert ranks.index("word") > ranks.index("exact")
    assert "concept:tinybert" in ids  # a camel-case word of TinyBERT


def test_search_suggests_transformer_for_a_misspelling(query_graph):
    result = search(query_graph, "Transfomer")
    assert result["hits"] == []
    assert result["suggestions"][0]["label"] == "Transformer"


@pytest.mark.parametrize("prefix", [".*", "(", "[a-", "\\", "?*+", "a" * 200])
def test_search_takes_regex_metacharacters_and_long_strings(query_graph, prefix):
    result = search(query_graph, prefix)
    assert isinstance(result["hits"], list)
    with pytest.raises(ValueError):
        search(query_graph, prefix + "a" * 200)


def test_cli_search(query_graph_file):
    hit = run("search", "transfo", "--graph", str(query_graph_file))
    assert hit.exit_code == 0 and "Transformer (concept, architecture)" in hit.output
    miss = run("search", "Transfomer", "--graph", str(query_graph_file))
    assert miss.exit_code == 1 and "Did you mean: Transformer" in miss.output
    data = json.loads(run("search", "伯", "--graph", str(query_graph_file), "--json").output)
    assert data["query"] == "伯"
    assert run("search", " ", "--graph", str(query_graph_file)).exit_code == 2
    long = run("search", "a" * 10_000, "--graph", str(query_graph_file))
    assert long.exit_code == 2 and "longer than 200" in long.output
    long_path = run("path", "a" * 10_000, "BERT", "--graph", str(query_graph_file))
    assert long_path.exit_code == 2 and "Traceback" not in long_path.output


def test_info_counts_match_the_graph(query_graph):
    info = graph_info(query_graph)
    assert info["nodes"] == dict(Counter(d["kind"] for _, d in query_graph.nodes(data=True)))
    edges = Counter(d["kind"] for _, _, d in query_graph.edges(data=True))
    assert info["edges"] == dict(edges)
    assert [o["id"] for o in info["orphans"]] == ["article:孤立笔记.md"]
    assert info["unresolved_links"] == query_graph.graph["unresolved"]
    assert info["top_concepts"][0]["kind"] == "concept"


def test_cli_info_of_a_file_and_bad_targets(query_graph_file, query_graph, tmp_path):
    data = json.loads(run("info", str(query_graph_file), "--json").output)
    assert data["nodes"]["concept"] == sum(
        1 for _, d in query_graph.nodes(data=True) if d["kind"] == "concept"
    )
    text = run("info", str(query_graph_file))
    assert text.exit_code == 0 and "Orphan articles (no link in or out): 1" in text.output
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    for target in (str(broken), str(tmp_path / "missing")):
        bad = run("info", target)
        assert bad.exit_code == 2 and bad.output.startswith("Error: ")


def test_node_info_lists_relations_once_and_mentions_by_salience(query_graph):
    info = node_info(query_graph, "concept:tinybert")
    assert ("concept:bert", "TinyBERT is distilled from BERT") in {
        (r["id"], r["why"]["text"]) for r in info["relations"]
    }
    assert len({r["id"] for r in info["relations"]}) == len(info["relations"])
    saliences = [m["salience"] for m in info["mentions"]]
    assert saliences == sorted(saliences, reverse=True) and saliences
    assert "TinyBERT" not in info["aliases"]


def test_check_and_build_print_json(query_workspace, tmp_path):
    check = run("check", str(query_workspace), "--json")
    assert check.exit_code == 0
    assert json.loads(check.output) == {
        "ok": True,
        "documents": 5,
        "unresolved": [],
        "missing_images": [],
        "warnings": [],
    }
    built = run("build", str(query_workspace), "--cache-dir", str(tmp_path), "--json")
    data = json.loads(built.output)
    assert data["rebuilt"] is True and data["articles"] == 4 and data["ok"] is True


def test_check_json_lists_unresolved_links_and_exits_1(tmp_path):
    (tmp_path / "README.md").write_text("# Hub\n\n- [gone](missing/nowhere.md)\n", encoding="utf-8")
    (tmp_path / "note.md").write_text("# Note\n\ntext\n", encoding="utf-8")
    result = run("check", str(tmp_path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    assert [(r["path"], r["href"]) for r in data["unresolved"]] == [("README.md", "missing/nowhere.md")]


def test_doctests():
    import doctest
    import importlib

    for name in ("edges", "neighbours", "paths", "search"):
        module = importlib.import_module(f"graph.query.{name}")  # the package re-exports functions
        result = doctest.testmod(module)  # of the same names as these modules
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_search_ignores_spaces_and_hyphens_inside_a_prefix(query_graph):
    hits = search(query_graph, "multi head")["hits"]
    assert hits[0]["id"] == "concept:multi-head-attention"
    assert hits[0]["match"] == "prefix"


def test_search_finds_names_holding_every_word(query_graph):
    hits = search(query_graph, "tinybert 蒸馏")["hits"]
    assert hits and all("tinybert" in h["matched"].lower() and "蒸馏" in h["matched"] for h in hits)
