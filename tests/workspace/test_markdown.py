"""Tests of graph.workspace.markdown: links, images, headings, bold texts and prose."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import graph.workspace.markdown
from graph.models import Heading, Image, Link
from graph.workspace.markdown import make_parser, parse_markdown

DOC = """\
# Transformer 与自注意力

See [BERT](../预训练模型/BERT%20预训练.md) and [ESIM][esim], also <https://arxiv.org/abs/1706.03762>
and <a href="./Layer Normalization.md" class="x">layer
norm</a> plus **multi-head `attention`** here.

## 代码

```python
out = self.projs[ith](inter_S)  # [fake](fake.md)
![not an image](nope.png)
```

    [indented](indented.md)

Inline `self.projs[ith](inter_S)` and `[q](q.md)` stay code.

| model | note |
|---|---|
| [TinyBERT](tinybert.md) | 4 层 |

<div>
<p>Raw <a href="raw.md">raw link</a></p>
<img src="img/a.png" alt="diagram">
</div>

Image ![自注意力](../img/self-attention.svg) and <img src="b.png"/> inline.

[esim]: <./ESIM 文本匹配.md> "ESIM"
"""


@pytest.fixture(scope="module")
def parsed():
    """The sample document, parsed once."""
    return parse_markdown(DOC)


def test_links_of_every_kind(parsed):
    assert parsed.links == (
        Link("../预训练模型/BERT%20预训练.md", "BERT", 3, "inline", "Transformer 与自注意力"),
        Link("./ESIM 文本匹配.md", "ESIM", 3, "reference", "Transformer 与自注意力"),
        Link(
            "https://arxiv.org/abs/1706.03762",
            "https://arxiv.org/abs/1706.03762",
            3,
            "autolink",
            "Transformer 与自注意力",
        ),
        Link("./Layer Normalization.md", "layer norm", 4, "html", "Transformer 与自注意力"),
        Link("tinybert.md", "TinyBERT", 20, "inline", "代码"),
        Link("raw.md", "raw link", 23, "html", "代码"),
    )


def test_images_markdown_and_html(parsed):
    assert parsed.images == (
        Image("img/a.png", "diagram", 24),
        Image("../img/self-attention.svg", "自注意力", 27),
        Image("b.png", "", 27),
    )


def test_headings_and_bold(parsed):
    assert parsed.headings == (Heading(1, "Transformer 与自注意力", 1), Heading(2, "代码", 7))
    assert parsed.bold == ("multi-head attention",)


def test_nothing_in_code_counts(parsed):
    hrefs = {link.href for link in parsed.links}
    assert not hrefs & {"inter_S", "fake.md", "indented.md", "q.md"}
    assert "nope.png" not in {image.src for image in parsed.images}
    for word in ("projs", "inter_S", "fake", "indented", "q.md"):
        assert word not in parsed.text


def test_text_is_readable_prose(parsed):
    text = parsed.text
    assert text.startswith(
        "Transformer 与自注意力\n\nSee BERT and ESIM, also\nand layer\nnorm plus"
    )
    assert "TinyBERT | 4 层" in text  # table cells kept
    assert "Raw raw link" in text  # raw HTML text kept, tags dropped
    for leak in ("http", "arxiv", "%20", ".md", "href", "class", "<", "自注意力](", "diagram"):
        assert leak not in text
    assert "\n\n\n" not in text


def test_bare_urls_are_stripped_from_text():
    text = parse_markdown("见 https://github.com/x/y这个项目，或 www.example.com/a 页面").text
    assert text == "见 这个项目，或 页面"


def test_line_numbers_follow_soft_breaks():
    parsed = parse_markdown(
        "intro\n\nline one [a](a.md)\nline two [b](b.md)\n\n- item\n- [c](c.md)\n"
    )
    assert [(link.href, link.line) for link in parsed.links] == [
        ("a.md", 3),
        ("b.md", 4),
        ("c.md", 7),
    ]


def test_section_is_nearest_heading_above():
    parsed = parse_markdown("[top](t.md)\n\n# A\n\n## B\n\n[x](x.md)\n\n# C [in](in.md)\n")
    assert [(link.href, link.section) for link in parsed.links] == [
        ("t.md", ""),
        ("x.md", "B"),
        ("in.md", "C in"),
    ]


def test_link_target_with_raw_spaces_is_still_a_link():
    parsed = parse_markdown("读 [CRF](../文本任务/条件随机场 CRF.md) 这篇。")
    assert parsed.links == (Link("../文本任务/条件随机场 CRF.md", "CRF", 1, "inline", ""),)
    assert parsed.text == "读 CRF 这篇。"


def test_raw_href_is_kept_as_written():
    parsed = parse_markdown("[a](./链接/a%20b.md#part) [b](<./c d.md>)")
    assert [link.href for link in parsed.links] == ["./链接/a%20b.md#part", "./c d.md"]


def test_html_block_anchor_without_href_is_ignored():
    parsed = parse_markdown('<a name="top"></a>\n\n<a href="">empty</a>\n')
    assert parsed.links == ()


def test_empty_document():
    parsed = parse_markdown("")
    assert parsed.links == () and parsed.text == "" and parsed.headings == ()


def test_parser_settings_read_tables_and_strikethrough_but_no_bare_urls():
    parser = make_parser()
    parsed = parse_markdown("| a |\n|---|\n| ~~x~~ www.example.com |\n", parser)
    assert parsed.text == "a\nx" and parsed.links == ()


def test_doctests():
    assert doctest.testmod(graph.workspace.markdown).failed == 0


def _code_stripped(source: str) -> str:
    """The source without fenced blocks and inline code (an independent, rough cut)."""
    source = re.sub(r"^(```|~~~).*?^\1", "", source, flags=re.DOTALL | re.MULTILINE)
    return re.sub(r"`[^`\n]*`", "", source)


def test_real_corpus_links_never_come_from_code(shared_corpus: Path):
    files = sorted(shared_corpus.glob("links/**/*.md"))
    assert len(files) == 115
    for file in files:
        source = file.read_text("utf-8")
        outside_code = _code_stripped(source)
        for link in parse_markdown(source).links:
            assert link.href.strip() in outside_code, (file.name, link.href)
        if re.search(r"\]\(inter_S\)", source):
            assert all(link.href != "inter_S" for link in parse_markdown(source).links)


def test_whole_corpus_parses(shared_corpus: Path):
    texts = [file.read_text("utf-8") for file in sorted(shared_corpus.rglob("*.md"))]
    assert sum(len(text.encode()) for text in texts) > 400_000
    parsed = [parse_markdown(text) for text in texts]
    assert all(p.text for p in parsed)
    assert sum(len(p.headings) for p in parsed) > 100
