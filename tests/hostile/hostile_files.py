"""Hostile workspaces and subprocess helpers shared by the tests of tests/hostile/ (no fixtures).

``bad_corpus(root)`` writes a links-layout workspace holding every kind of bad entry a
build must survive; ``BAD_ENTRIES`` says which ones the build must skip, and why.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

#: Entries of ``bad_corpus`` the build skips (or decodes by a fallback), with the words
#: its warning line must hold.
BAD_ENTRIES = {
    "links/c/dangling.md": "dangling symlink",
    "links/c/loop1.md": "symlink loop",
    "links/c/loop2.md": "symlink loop",
    "links/loop-a": "symlink loop",
    "links/loop-b": "symlink loop",
    "links/c/fifo.md": "not a regular file (fifo)",
    "links/c/sock.md": "not a regular file (socket)",
    "links/c/big.md": "over the 5000000-byte limit",
    "links/c/nul.md": "not text",
    "links/c/badutf.md": "invalid UTF-8",
}
#: Articles of ``bad_corpus`` the build must keep.
GOOD_ARTICLES = (
    "links/c/a.md",
    "links/c/empty.md",
    "links/c/badutf.md",
    "links/c/links.md",
    "links/c/lists.md",
    "links/c/quotes.md",
    "links/c/dir.md/inner.md",
)
DEPTH = 10_000


def bad_corpus(root: Path) -> Path:
    """Write the hostile workspace under ``root`` and return it."""
    corpus = root / "links" / "c"
    (corpus / "dir.md").mkdir(parents=True)
    (root / "README.md").write_text("# Hub\n\nA hub that links nowhere.\n", encoding="utf-8")
    texts = {
        "a.md": "# A\n\nBERT uses the Transformer encoder.\n",
        "empty.md": "",
        "dir.md/inner.md": "# Inside a folder named like a file\n",
        "links.md": "# Links\n\n" + "\n".join(f"[l{i}](x{i}.md)" for i in range(DEPTH)),
        "lists.md": "# Lists\n\n" + "- " * DEPTH + "deep\n\n" + "1. " * DEPTH + "deeper\n",
        "quotes.md": "# Quotes\n\n" + ">" * DEPTH + " deep\n\n" + "*" * DEPTH + "x\n\n" + "[" * DEPTH,
    }
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "badutf.md").write_bytes(b"# Damaged\n\nBERT text \xff\xfe\xc3 and more BERT text\n")
    (corpus / "nul.md").write_bytes(b"# NUL\n\x00\x00 bytes\n")
    with (corpus / "big.md").open("wb") as fh:  # 50 MB of real text
        fh.write(b"# Big\n\n" + b"BERT and GPT words. " * (50 * 1024 * 1024 // 20))
    os.symlink("loop2.md", corpus / "loop1.md")
    os.symlink("loop1.md", corpus / "loop2.md")
    os.symlink("loop-b", root / "links" / "loop-a")
    os.symlink("loop-a", root / "links" / "loop-b")
    os.symlink("gone.md", corpus / "dangling.md")
    os.mkfifo(corpus / "fifo.md")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(corpus / "sock.md"))
    sock.close()
    return root


def nlpmap(*args: str, cache: Path, timeout: float = 180, prefix: tuple[str, ...] = ()):
    """Run ``python -m graph.cli ARGS`` in a subprocess of this tree; the CompletedProcess."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NLPMAP_CACHE_DIR": str(cache)}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "graph.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def get_rules() -> list:
    """The GET rules (werkzeug ``Rule``) of the explorer app, from an app over a tiny graph."""
    import tempfile

    from helpers import web_graph

    from graph.store import save_graph
    from webapp import create_app

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        (ws / "links/notes").mkdir(parents=True)
        app = create_app({"NLPMAP_GRAPH": str(save_graph(web_graph(ws), Path(tmp) / "g.json")),
                          "NLPMAP_WORKSPACE": str(ws)})
    return [rule for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())]
