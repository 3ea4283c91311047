"""Helpers the tests share that are no fixtures: workspaces on disk, the hub titles, a graph.

Fixtures live in tests/conftest.py; a test module imports these with ``from helpers import ...``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import networkx as nx

from graph.links.titles import with_hub_titles
from graph.workspace.reader import read_workspace

ROOT = Path(__file__).resolve().parent.parent


def copy_project_workspace(dest: Path) -> Path:
    """Copy the repository's workspace (the README hub and what it links) to ``dest``."""
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "README.md", dest / "README.md")
    shutil.copytree(ROOT / "links", dest / "links")
    shutil.copytree(ROOT / "docs", dest / "docs")
    return dest


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write UTF-8 files (relative path -> text) under ``root``, creating folders; return ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def read_titled(*args, **kwargs):
    """The workspace with the titles its hub gives (as the build reads it)."""
    return with_hub_titles(read_workspace(*args, **kwargs))


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A valid RGB PNG of the given size (a blue square)."""
    import struct
    import zlib

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    rows = b"".join(b"\x00" + b"\x25\x63\xeb" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def web_graph(workspace: Path) -> nx.DiGraph:
    """A hand-built graph of the ``web_workspace`` following docs/ARCHITECTURE.md."""
    G = nx.DiGraph(format_version=1, workspace=str(workspace), layout="manual", unresolved=0)
    G.add_node("hub", kind="hub", label="README", path="README.md")
    articles = {
        "模型/BERT入门.md": "BERT 入门",
        "模型/注意力.md": "注意力",
        "其他/100% 准确 (1).md": "百分百",
    }
    for corpus_path, label in articles.items():
        folder = corpus_path.rpartition("/")[0]
        G.add_node(
            f"article:links/notes/{corpus_path}", kind="article", label=label, path=f"links/notes/{corpus_path}",
            corpus="notes", corpus_path=corpus_path, folder=folder, encoding="utf-8", size=100,
        )
        G.add_node(f"section:{folder}", kind="section", label=folder, source="folder")
        G.add_edge(f"article:links/notes/{corpus_path}", f"section:{folder}", kind="in_section")
    concepts = [
        ("bert", "BERT", "model", ["伯特", "Bert"], "A <b>bidirectional</b> Transformer encoder."),
        ("transformer", "Transformer", "architecture", ["变换器"], "Self-attention layers."),
        ("attention", "Attention", "method", ["注意力"], "Weighting inputs by relevance."),
    ]
    for cid, name, ctype, aliases, description in concepts:
        G.add_node(f"concept:{cid}", kind="concept", label=name, type=ctype, aliases=aliases,
                   description=description, weak=False)
    bert, attention = "article:links/notes/模型/BERT入门.md", "article:links/notes/模型/注意力.md"
    G.add_edge(bert, "concept:bert", kind="mentions", weight=3, salience=0.9, primary=True)
    G.add_edge(bert, "concept:transformer", kind="mentions", weight=1, salience=0.3, primary=False)
    G.add_edge(attention, "concept:attention", kind="mentions", weight=2, salience=0.8, primary=True)
    G.add_edge(attention, "concept:bert", kind="mentions", weight=1, salience=0.2, primary=False)
    G.add_edge("concept:bert", "concept:transformer", kind="relation", type="uses")
    G.add_edge("concept:transformer", "concept:attention", kind="relation", type="uses")
    G.add_edge("hub", bert, kind="links_to", method="extension", confidence=1.0, text="BERT 入门",
               href="./links/notes/模型/BERT入门")
    G.add_edge("hub", attention, kind="links_to", method="decoded", confidence=1.0, text="注意力",
               href="./links/notes/%E6%A8%A1%E5%9E%8B/%E6%B3%A8%E6%84%8F%E5%8A%9B.md")
    G.add_edge(bert, attention, kind="links_to", method="exact", confidence=1.0, text="注意力", href="注意力.md#多头")
    G.add_edge(attention, bert, kind="links_to", method="exact", confidence=1.0, text="BERT", href="./BERT入门.md")
    ranks = nx.pagerank(G)
    for i, node in enumerate(G):
        x, y = float(120 * (i % 4)), float(90 * (i // 4))
        G.nodes[node].update(pagerank=ranks[node], degree=G.degree(node), x=x, y=y)
    return G


#: Labels that break naive writers: quotes, backslashes, backticks, line breaks, comment and
#: parameter syntax, emoji, CJK, control characters.
HOSTILE_LABELS = [
    "it's", 'say "hi"', "back\\slash", "tick`tock`", "line\nbreak\r\ttab", "*/ DROP //",
    "$param {x}", "emoji 🧠🔥", "中文标签：条件随机场", "\\'", "end\\", "\x00\x1f\u2028",
]  # fmt: skip

#: A single-quoted Cypher string literal (its body in group 1).
CYPHER_LITERAL = re.compile(r"'((?:[^'\\]|\\.)*)'", re.S)
_CYPHER_UNESCAPE = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def cypher_literals(script: str) -> list[str]:
    """Every string literal of a Cypher script, unescaped back to its text."""
    return [_cypher_unescape(m.group(1)) for m in CYPHER_LITERAL.finditer(script)]


def _cypher_unescape(body: str) -> str:
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
        elif body[i + 1] == "u":
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        else:
            out.append(_CYPHER_UNESCAPE[body[i + 1]])
            i += 2
    return "".join(out)


def refuse_all_but(context, url: str) -> list[str]:
    """Abort every request of a Playwright browser ``context`` but the one for ``url``; return
    the list the refused URLs are appended to."""
    refused: list[str] = []

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return refused
