"""Front matter, note dialects and an article's own title, on texts and small folders."""

from __future__ import annotations

import doctest

import pytest
from helpers import write_files

import graph.workspace.dialects
import graph.workspace.frontmatter
import graph.workspace.titles
from graph.links import distinct_labels, with_hub_titles
from graph.workspace import read_workspace
from graph.workspace.dialects import to_markdown
from graph.workspace.frontmatter import split_front_matter


@pytest.mark.parametrize(
    "module", [graph.workspace.dialects, graph.workspace.frontmatter, graph.workspace.titles]
)
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


def test_front_matter_keeps_line_numbers_and_a_broken_block_is_still_cut():
    meta, body = split_front_matter("---\ntitle: [unclosed\n---\n# Heading\n")
    assert meta.format == "yaml" and meta.title == "" and body == "\n\n\n# Heading\n"
    meta, _ = split_front_matter(
        "---\ntitle: T\ncategories: machine learning\ndate: 2019-01-02\n---\n"
    )
    assert meta.categories == ("machine", "learning") and meta.date == "2019-01-02"
    assert split_front_matter("--- not front matter\n")[0].format == ""


def test_code_is_never_rewritten_and_lines_stay_where_they_were():
    text = "```\n[[kept]] {{ site.url }}\n```\nuse `{% post_url x %}` here\n{: .note}\nend"
    out = to_markdown(text)
    assert out.split("\n") == [
        "```",
        "[[kept]] {{ site.url }}",
        "```",
        "use `{% post_url x %}` here",
        "",
        "end",
    ]
    assert to_markdown("$x^{{2}}$ and [[1]](http://a.org)") == "$x^{{2}}$ and [[1]](http://a.org)"
    assert (
        to_markdown("{{< highlight go >}}\nfmt{{< x >}}\n{{< /highlight >}}")
        == "```go\nfmt{{< x >}}\n```"
    )


NOTES = {
    "README.md": "# Notes\n\n- [命名实体识别](NER/README.md)\n",
    "NER/README.md": "# NER\n\ntext\n",
    "CRF/README.md": "# CRF\n\ntext\n",
    "CRF/index/readme.md": "no heading\n",
    "a/intro.md": "# x\n",
    "b/intro.md": "# y\n",
    "c/Intro.md": "---\ntitle: intro\n---\n",
    "posts/2020-01-02-hello-world.md": "plain\n",
    # a Notion export: every name ends with its page id
    "Models 0a1b2c3d4e5f60718293a4b5c6d7e8f9/BERT 11223344556677889900aabbccddeeff.md": "text\n",
    "Models 0a1b2c3d4e5f60718293a4b5c6d7e8f9/README 11223344556677889900aabbccddee00.md": "x\n",
}


def test_titles_come_from_hub_front_matter_file_name_heading_or_folder(tmp_path):
    ws = with_hub_titles(read_workspace(write_files(tmp_path / "notes", NOTES)))
    titles = {doc.path: (doc.title, doc.title_source) for doc in ws.articles}
    assert titles["NER/README.md"] == ("命名实体识别", "hub")
    assert titles["CRF/README.md"] == ("CRF", "heading")
    assert titles["CRF/index/readme.md"] == ("index", "folder")
    assert titles["c/Intro.md"] == ("intro", "front matter")
    assert titles["posts/2020-01-02-hello-world.md"] == ("hello world", "file name")
    notion = "Models 0a1b2c3d4e5f60718293a4b5c6d7e8f9/"
    assert titles[notion + "BERT 11223344556677889900aabbccddeeff.md"] == ("BERT", "file name")
    assert titles[notion + "README 11223344556677889900aabbccddee00.md"] == ("Models", "folder")
    labels = distinct_labels(ws.articles)
    assert len(set(map(str.casefold, labels.values()))) == len(labels)  # no two alike
    assert labels["a/intro.md"] == "intro (a)" and labels["b/intro.md"] == "intro (b)"
    assert labels["c/Intro.md"] == "intro (c)"


def test_folder_sections_of_a_notion_export_are_named_without_page_ids(tmp_path):
    from graph.build import build_workspace

    G = build_workspace(write_files(tmp_path / "notes", NOTES), candidates=False)
    folders = {d["label"] for _, d in G.nodes(data=True) if d.get("source") == "folder"}
    assert "Models" in folders and not any("0a1b2c" in label for label in folders)


def test_a_jupyter_notebooks_markdown_cells_are_its_text_and_its_code_is_code(tmp_path):
    import json

    from graph.build import build_workspace

    notebook = {
        "nbformat": 4,
        "cells": [
            {"cell_type": "markdown", "source": ["# Word2vec in practice\n", "\n",
                                                 "Skip-gram, then negative sampling; see [the notes](notes.md)."]},
            {"cell_type": "code", "source": ["# [not a link](gone.md)\n", "model = Word2Vec()"],
             "outputs": [{"output_type": "stream", "text": ["BERT BERT BERT"]}]},
            {"cell_type": "raw", "source": "CRF"},
        ],
    }
    files = {
        "notes.md": "# Notes\n\nRun [the notebook](word2vec.ipynb), or [again](word2vec).\n",
        "word2vec.ipynb": json.dumps(notebook),
        "broken.ipynb": "{ not json",
        "odd.ipynb": json.dumps({"worksheets": {"cells": []}}),
        ".ipynb_checkpoints/word2vec-checkpoint.ipynb": json.dumps(notebook),
    }
    ws = read_workspace(write_files(tmp_path / "nb", files))
    assert [doc.path for doc in ws.articles] == ["notes.md", "word2vec.ipynb"]
    assert any("broken.ipynb: skipped, not a notebook" in w for w in ws.warnings)
    assert any("odd.ipynb: skipped, not a notebook (no list of cells)" in w for w in ws.warnings)
    G = build_workspace(ws.root, candidates=False)
    nb = "article:word2vec.ipynb"
    assert G.nodes[nb]["label"] == "word2vec"
    mentioned = {G.nodes[v]["label"] for _, v, k in G.out_edges(nb, data="kind") if k == "mentions"}
    assert {"Skip-gram", "Negative Sampling"} <= mentioned
    assert not mentioned & {"BERT", "Conditional random field"}  # outputs and raw cells
    links = {(u, v) for u, v, k in G.edges(data="kind") if k == "links_to"}
    assert ("article:notes.md", nb) in links and (nb, "article:notes.md") in links
    assert G.graph["unresolved"] == 0  # the link in the code cell is code
