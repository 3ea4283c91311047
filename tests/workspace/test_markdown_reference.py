"""The pyromark walk gives what the markdown-it-py walk gave (tests/workspace/reference_markdown.py)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import reference_markdown

from graph.workspace.markdown import parse_markdown

ROOT = Path(__file__).resolve().parents[2]

# Pieces of hand-written Markdown: links of every kind, code, HTML, tables, lists, entities,
# escapes, bad destinations, emphasis and strikethrough, Chinese text.
PIECES = [
    *("[a](b.md)", "[a b](c d.md)", "[x][r]", "[r]", "[r][]", "\n[r]: <./c d.md> 't'\n"),
    *("<https://x.org/%E4%B8%AD>", "<me@x.com>", "<javascript:x>", "[j](javascript:y)"),
    *("![i](data:x)", "![a **b** `c`](i.png)", "![x\n y](p.png)", '<a href="h.md">t\nu</a>'),
    *("<a href='q'>", "</a>", '<img src="s.png" alt="al">', "<b>b</b>", "**bold [l](l.md) `c`**"),
    *("*em*", "***bi***", "~x~", "~~y~~", "`code [z](z.md)`", "``a`b``", "&amp;", "&nbsp;", "&#0;"),
    *("\\*", "\\[n](n.md)", "中文", "BERT", " ", "  \n", "\n", "\n\n", "\n# H [h](h.md) `c`\n"),
    *("\nSetext\n===\n", "\n## \n", "\n- a\n- [b](b.md)\n  - c\n", "\n1. x\n\n2. y\n"),
    *("\n> q [q](q.md)\n> r\n", "\n```py\n[f](f.md)\n```\n", "\n    [i](i.md)\n"),
    *(
        "\n| a | b |\n|---|---|\n| [t](t.md) | c |\n",
        '\n<div>\n<p>Raw <a href="raw.md">r</a></p>\n</div>\n',
    ),
    *("\n<!-- c [x](x) -->\n", "\n---\n", "http://bare.url/x", "www.a.com", "[", "]", "(", ")"),
    *(
        "<",
        ">",
        "*",
        "_",
        "#",
        "!",
        "[^1]",
        "<script>x</script>",
        "\t",
        "\u00a0",
        "\u3000",
        "- [ ] t",
    ),
    *("[a](<b c.md>)", '[a](b.md "t")', '[a](b.md\n"t")', "[a\nb](c)", "[![i](i.png)](l.md)"),
    *("[l](x_y\\_z.md)", "\n[k]: x\\_y.md\n", "[k](x\\_y.md)", "[k]", "\x00"),
]
# Where the two parsers read CommonMark differently (neither occurs in the notes): a bare
# list marker right after a link definition (pulldown-cmark follows the spec), runs of three
# or more tildes, and a backslash break before a no-break space.
_KNOWN = re.compile(r"\]: [^\n]*\n(?:[-*+]|1\.)$|~~~|\\\n\u00a0")


def _same(text: str) -> bool:
    return parse_markdown(text) == reference_markdown.parse_markdown(text)


def test_every_pair_of_pieces_parses_the_same():
    differ = [
        a + b
        for a, b in itertools.product(PIECES, repeat=2)
        if not _KNOWN.search(a + b) and not _same(a + b)
    ]
    assert differ == []


@pytest.mark.parametrize("folder", ["links", "bench/english_blog"])
def test_the_project_notes_parse_the_same(folder):
    files = sorted((ROOT / folder).rglob("*.md"))
    assert files
    assert [f.name for f in files if not _same(f.read_text("utf-8"))] == []


def test_the_real_corpus_parses_the_same(shared_corpus: Path):
    files = sorted(shared_corpus.rglob("*.md"))
    assert len(files) > 100
    assert [f.name for f in files if not _same(f.read_text("utf-8"))] == []
