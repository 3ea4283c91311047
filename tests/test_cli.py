"""The command line, end to end on real workspaces (the NLP_ability notes and our sample)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.store import load_graph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def nlp_graph_file(tmp_path_factory, shared_corpus) -> Path:
    """The NLP_ability graph, built once per session with the real CLI."""
    out = tmp_path_factory.mktemp("graph") / "nlp_ability.json"
    result = CliRunner().invoke(cli, ["build", str(shared_corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def runner(tmp_path, monkeypatch) -> CliRunner:
    """A CLI runner whose cache lives in tmp_path."""
    monkeypatch.setenv("NLPMAP_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def test_build_nlp_ability_indexes_every_article_and_many_concepts(nlp_graph_file):
    G = load_graph(nlp_graph_file)
    kinds = [d["kind"] for _, d in G.nodes(data=True)]
    assert kinds.count("article") == 115
    assert kinds.count("concept") >= 100
    assert kinds.count("hub") == 1
    for node, data in G.nodes(data=True):
        assert {"kind", "label", "pagerank", "x", "y"} <= set(data), node
        if data["kind"] == "article":
            assert data["path"].startswith("links/NLP_ability/") and data["path"].endswith(".md")
        if data["kind"] == "concept":
            assert isinstance(data["aliases"], list) and data["type"]
    for u, v, data in G.edges(data=True):
        assert data["kind"] in {"mentions", "links_to", "in_section", "relation", "co_occurs", "similar"}
        if data["kind"] == "mentions":
            assert data["weight"] >= 1
        if data["kind"] == "links_to":
            assert data["method"] and 0 < data["confidence"] <= 1
    meta = G.graph
    assert meta["workspace"] and meta["ontology_hash"] and meta["nlpmap_version"]


def test_all_hub_links_become_edges_to_their_gold_targets(nlp_graph_file, shared_corpus):
    G = load_graph(nlp_graph_file)
    gold = json.loads((shared_corpus.parent / "eval" / "hub_links.json").read_text("utf-8"))
    targets = {v for _, v, d in G.out_edges("hub", data=True) if d["kind"] == "links_to"}
    for link in gold:
        assert f"article:links/NLP_ability/{link['target']}" in targets, link["text"]


def test_github_blob_link_is_an_edge_and_code_or_images_never_are(nlp_graph_file):
    G = load_graph(nlp_graph_file)
    base = "article:links/NLP_ability/深度学习自然语言处理/"
    edge = G.get_edge_data(
        base + "Transformer/谈一下相对位置编码.md",
        base + "Transformer/原版Transformer的位置编码究竟有没有包含相对位置信息.md",
    )
    assert edge and edge["kind"] == "links_to" and edge["method"] == "repo"
    for _, _, data in G.edges(data=True):
        if data["kind"] == "links_to":
            assert "inter_S" not in data["href"]
            assert not data["href"].lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".svg"))


def test_plain_folder_without_hub_builds(runner, tmp_path):
    folder = tmp_path / "笔记"
    folder.mkdir()
    (folder / "crf.md").write_text(
        "# 条件随机场\n\nCRF 常用于命名实体识别，参见 [BERT](bert.md)。\n", "utf-8"
    )
    (folder / "bert.md").write_text(
        "# BERT\n\nBERT uses the Transformer encoder and masked language modelling.\n", "utf-8"
    )
    out = tmp_path / "g.json"
    result = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 articles" in result.output
    G = load_graph(out)
    assert G.has_edge("article:crf.md", "article:bert.md")
    assert {"concept:conditional-random-field", "concept:bert"} <= set(G)


def test_build_without_output_uses_cache_and_never_writes_the_workspace(
    runner, tmp_path, corpus_dir
):
    before = sorted(p.relative_to(corpus_dir) for p in corpus_dir.rglob("*"))
    first = runner.invoke(cli, ["build", str(corpus_dir)])
    assert first.exit_code == 0 and first.output.startswith("Built"), first.output
    assert str(tmp_path / "cache") in first.output
    second = runner.invoke(cli, ["build", str(corpus_dir)])
    assert second.exit_code == 0 and second.output.startswith("Up to date"), second.output
    note = next(corpus_dir.glob("links/nlp-notes/*/*.md"))
    note.write_text(note.read_text("utf-8") + "\n\nMore about ELMo.\n", "utf-8")
    third = runner.invoke(cli, ["build", str(corpus_dir)])
    assert third.output.startswith("Built"), third.output
    assert sorted(p.relative_to(corpus_dir) for p in corpus_dir.rglob("*")) == before


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "file"])
def test_bad_input_gives_a_clear_message_and_exit_code_2(runner, tmp_path, case):
    target = tmp_path / "ws"
    if case == "empty":
        target.mkdir()
    elif case == "binary":
        target.mkdir()
        (target / "notes.md").write_bytes(bytes(range(256)) * 8)
    elif case == "file":
        target.write_text("not a folder", "utf-8")
    for command in (["build", str(target)], ["check", str(target)]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        assert "Error:" in result.output and str(target.name) in result.output


def test_gb18030_file_is_decoded_and_reported(runner, tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "gbk.md").write_bytes(
        "# 知识蒸馏\n\n知识蒸馏把教师模型的知识迁移到学生模型。\n".encode("gb18030")
    )
    out = tmp_path / "g.json"
    result = runner.invoke(cli, ["-v", "build", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "gb18030" in result.output
    G = load_graph(out)
    assert G.nodes["article:gbk.md"]["encoding"] == "gb18030"
    assert "concept:knowledge-distillation" in G


def test_check_lists_unresolved_links_with_a_suggestion(runner, tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "transformer.md").write_text("# Transformer\n", "utf-8")
    (folder / "a.md").write_text("see [x](transfomer-notes.md) and [y](transformer)\n", "utf-8")
    result = runner.invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    assert "transfomer-notes.md" in result.output and "transformer.md" in result.output
    ok = runner.invoke(cli, ["check", str(ROOT)])
    assert ok.exit_code == 0, ok.output


def test_related_json_shape_and_unknown_query(runner, nlp_graph_file):
    result = runner.invoke(
        cli, ["related", "TinyBERT", "--graph", str(nlp_graph_file), "--json", "--top", "5"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "TinyBERT" and data["match"]["id"] == "concept:tinybert"
    assert 0 < len(data["articles"]) <= 5 and 0 < len(data["concepts"]) <= 5
    assert {"id", "label", "score", "path"} <= set(data["articles"][0])
    assert "tinybert" in data["articles"][0]["path"].lower()
    zh = json.loads(
        runner.invoke(cli, ["related", "知识蒸馏", "--graph", str(nlp_graph_file), "--json"]).output
    )
    assert zh["match"]["id"] == "concept:knowledge-distillation"
    missing = runner.invoke(cli, ["related", "TinyBret", "--graph", str(nlp_graph_file), "--json"])
    assert missing.exit_code == 1
    data = json.loads(missing.output)
    assert data["match"] is None and "TinyBERT" in data["suggestions"]
    plain = runner.invoke(cli, ["related", "TinyBret", "--graph", str(nlp_graph_file)])
    assert plain.exit_code == 1 and "TinyBERT" in plain.output


def test_related_prints_the_reasons_of_the_json(runner, nlp_graph_file):
    args = ["related", "TinyBERT", "--graph", str(nlp_graph_file), "--top", "10"]
    data = json.loads(runner.invoke(cli, [*args, "--json"]).output)
    plain = runner.invoke(cli, args)
    assert plain.exit_code == 0, plain.output
    for item in data["concepts"] + data["articles"]:
        assert item["why"] and all(f"- {w['text']}" in plain.output for w in item["why"])
    bert = next(c for c in data["concepts"] if c["id"] == "concept:bert")
    assert {"kind": "relation", "text": "TinyBERT is distilled from BERT"} in bert["why"]
    assert bert["type"] == "model" and isinstance(bert["aliases"], list)


def test_related_with_a_bad_graph_file(runner, tmp_path):
    bad = tmp_path / "g.json"
    bad.write_text("{not json", "utf-8")
    result = runner.invoke(cli, ["related", "BERT", "--graph", str(bad)])
    assert result.exit_code == 2 and "not a graph file" in result.output


def test_killed_build_leaves_the_previous_graph_intact(tmp_path, shared_corpus):
    out = tmp_path / "g.json"
    cmd = [sys.executable, "-m", "graph.cli", "build", str(shared_corpus), "-o", str(out)]
    subprocess.run(
        cmd, check=True, capture_output=True, env={**os.environ, "NLPMAP_CACHE_DIR": str(tmp_path)}
    )
    good = out.read_bytes()
    for delay in (0.3, 0.9, 1.4):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        G = load_graph(out)  # old or complete new file, never a torn one
        assert sum(1 for _, d in G.nodes(data=True) if d["kind"] == "article") == 115
    assert len(good) > 1000


def test_ontology_relations_join_mentioned_concepts_only(nlp_graph_file):
    G = load_graph(nlp_graph_file)
    tiny = "concept:tinybert"
    assert G.edges[tiny, "concept:bert"] == {"kind": "relation", "type": "distilled_from"}
    assert G.edges[tiny, "concept:knowledge-distillation"] == {"kind": "relation", "type": "is_a"}
    for node, data in G.nodes(data=True):
        if data["kind"] == "concept":  # every concept node is mentioned by some document
            assert any(d["kind"] == "mentions" for _, _, d in G.in_edges(node, data=True)), node


def test_user_ontology_adds_and_overrides_concepts_in_a_build(runner, tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "a.md").write_text(
        "# ZetaNet\n\nZetaNet 是一种新的模型，它改进了 BERT。斑马网络也叫 ZetaNet。\n", "utf-8"
    )
    onto = tmp_path / "mine.yaml"
    onto.write_text(
        "concepts:\n"
        "  - {id: zetanet, name: ZetaNet, zh: [斑马网络], aliases: [], type: model,\n"
        "     description: A made-up model., relations: {improves_on: [bert]}}\n"
        "  - {id: bert, name: BERT (mine), zh: [伯特], aliases: [Bert], type: model, description: Overridden.}\n",
        "utf-8",
    )
    out = tmp_path / "g.json"
    result = runner.invoke(cli, ["build", str(folder), "-o", str(out), "--ontology", str(onto)])
    assert result.exit_code == 0, result.output
    G = load_graph(out)
    assert G.nodes["concept:zetanet"]["label"] == "ZetaNet"
    assert G.nodes["concept:bert"]["label"] == "BERT (mine)"
    assert G.edges["concept:zetanet", "concept:bert"]["type"] == "improves_on"
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "concepts:\n  - {id: x, name: X, type: model, relations: {is_a: [no-such-id]}}\n", "utf-8"
    )
    bad = runner.invoke(cli, ["build", str(folder), "-o", str(out), "--ontology", str(broken)])
    assert bad.exit_code == 2 and "no-such-id" in bad.output and "Traceback" not in bad.output
    assert load_graph(out).nodes["concept:zetanet"]  # the previous graph is intact


def test_candidates_command_lists_terms_with_examples(runner, tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    for i in range(3):
        (folder / f"n{i}.md").write_text(
            f"# QuuxFormer 笔记 {i}\n\nQuuxFormer improves on BERT with sparse attention.\n",
            "utf-8",
        )
    result = runner.invoke(cli, ["candidates", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    quux = next(r for r in rows if r["term"] == "QuuxFormer")
    assert quux["count"] >= 3 and quux["doc_count"] == 3 and quux["examples"]
    assert not any(r["term"].lower() == "bert" for r in rows)
    text = runner.invoke(cli, ["candidates", str(folder)])
    assert text.exit_code == 0 and "QuuxFormer" in text.output


def test_output_into_a_closed_pipe_is_no_internal_error(nlp_graph_file, tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `nlpmap info | head` once head has exited
    try:
        done = subprocess.run(
            [sys.executable, "-m", "graph.cli", "info", str(nlp_graph_file)],
            check=False,
            stdout=write_end,
            stderr=subprocess.PIPE,
            env={**os.environ, "NLPMAP_CACHE_DIR": str(tmp_path)},
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 1, done.stderr
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr
    assert not (tmp_path / "reports").exists()
