"""A small built workspace for the query commands: a folder named Bert, TinyBERT, BERT, Transformer."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    root = tmp_path_factory.mktemp("query") / "notes"
    for rel, text in QUERY_NOTES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


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
