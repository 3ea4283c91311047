"""Markdown parsers on our corpus: markdown-it-py (what nlpmap used) against pyromark
(pulldown-cmark, what nlpmap uses) and markdown-it-pyrs (markdown-it in Rust).

Usage: python bench/parsers.py [WORKSPACE] [--repeat 3]

Times, on every Markdown file of the workspace: markdown-it-py's token stream alone, the
markdown-it-py walk nlpmap used before (tests/workspace/reference_markdown.py), nlpmap's
``parse_markdown`` (pyromark's events and the walk that collects links, headings and prose;
tests/workspace/test_markdown_reference.py checks both walks agree), pyromark's event
stream alone (with source ranges) and markdown-it-pyrs's syntax tree.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import DEFAULT_SOURCE  # noqa: E402


def timed(fn, texts, repeat: int) -> float:
    """Median seconds of ``fn`` over every text."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = [p.read_text("utf-8", "replace") for p in sorted(args.workspace.rglob("*.md"))]
    size = sum(len(t.encode()) for t in texts) / 1e6

    from markdown_it import MarkdownIt

    from graph.workspace.markdown import parse_markdown

    sys.path.insert(0, str(ROOT / "tests" / "workspace"))
    import reference_markdown  # the markdown-it-py walk nlpmap used before pyromark

    md = MarkdownIt("commonmark", {"linkify": False}).enable(["table", "strikethrough"])
    rows = [
        ("markdown-it-py tokens", lambda t: md.parse(t, {})),
        ("markdown-it-py walk", lambda t: reference_markdown.parse_markdown(t, md)),
        ("nlpmap parse_markdown", parse_markdown),
    ]
    try:
        import pyromark

        options = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
        rows.append(
            ("pyromark events", lambda t: list(pyromark.events_with_range(t, options=options)))
        )
    except ImportError:
        print("pyromark is not installed")
    try:
        from markdown_it_pyrs import MarkdownIt

        rs = MarkdownIt("commonmark").enable("table").enable("strikethrough")
        rows.append(("markdown-it-pyrs tree", lambda t: list(rs.tree(t).walk())))
    except ImportError:
        print("markdown-it-pyrs is not installed")
    print(f"{len(texts)} files, {size:.2f} MB, median of {args.repeat}")
    base = None
    for name, fn in rows:
        seconds = timed(fn, texts, args.repeat)
        base = base or seconds
        print(f"{name:<24}{seconds:8.3f} s {size / seconds:7.2f} MB/s  x{base / seconds:5.1f}")


if __name__ == "__main__":
    main()
