"""Tests of graph.workspace.reader: workspace layouts, decoding, skipped files, errors."""

from __future__ import annotations

import codecs
import doctest
import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from helpers import read_titled

import graph.workspace.reader
from graph.errors import CorpusNotFound, EmptyCorpus, NlpmapError
from graph.workspace.reader import decode_bytes, read_workspace

ROOT = Path(__file__).resolve().parents[2]
TEXT = "# 词向量 word2vec\n\nSkip-gram 与 CBOW 的区别。\n"


def write(path: Path, content: str | bytes) -> Path:
    """Write text (UTF-8) or bytes, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
)
def test_decode_bytes(data, encoding):
    assert decode_bytes(data) == (TEXT, encoding)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(1, 32)) * 20,
        b"\xff\xfe\x00\xd8\x00\xd8",  # UTF-16 BOM, then lone surrogates
    ],
)
def test_decode_bytes_rejects_binary(data):
    with pytest.raises(UnicodeDecodeError):
        decode_bytes(data)


def test_doctests():
    assert doctest.testmod(graph.workspace.reader).failed == 0


# --------------------------------------------------------------------------- the real corpus


def test_shared_corpus_has_115_articles(shared_corpus: Path):
    ws = read_workspace(shared_corpus)
    assert ws.layout == "links"
    assert ws.corpora == ("NLP_ability",)
    assert ws.root == shared_corpus.resolve()
    assert len(ws.articles) == 115
    assert ws.warnings == ()
    assert [doc.path for doc in ws.articles] == sorted(doc.path for doc in ws.articles)
    assert ws.hub is not None and ws.hub.path == "README.md" and ws.hub.kind == "hub"
    assert len(ws.hub.markdown.links) == 75
    for doc in ws.articles:
        assert doc.kind == "article" and doc.corpus == "NLP_ability"
        assert doc.path == f"links/NLP_ability/{doc.corpus_path}"
        assert (shared_corpus / doc.path).is_file()
        assert doc.size == (shared_corpus / doc.path).stat().st_size
    # READMEs inside the corpus are articles too
    readmes = {
        p.relative_to(shared_corpus).as_posix() for p in shared_corpus.glob("links/**/README.md")
    }
    assert readmes and readmes <= {doc.path for doc in ws.articles}


def test_titles_come_from_the_hub(shared_corpus: Path):
    ws = read_titled(shared_corpus)
    gold = json.loads((shared_corpus.parent / "eval" / "hub_links.json").read_text("utf-8"))
    expected: dict[str, str] = {}
    for item in sorted(gold, key=lambda item: item["line"]):
        expected.setdefault("links/NLP_ability/" + item["target"], " ".join(item["text"].split()))
    by_path = ws.article_by_path()
    for path, title in expected.items():
        assert by_path[path].title == title
    for doc in ws.articles:
        if doc.path not in expected and Path(doc.path).stem != "README":
            assert (doc.title, doc.title_source) == (Path(doc.path).stem, "file name")
        elif doc.path not in expected:  # a README says nothing: its first heading, or the folder
            assert doc.title_source in ("heading", "folder") and doc.title != "README"


# --------------------------------------------------------------------------- layouts


def test_sample_corpus_reads_as_links_layout(tmp_path: Path):
    workspace = tmp_path / "ws"
    shutil.copytree(ROOT / "links", workspace / "links")
    shutil.copy2(ROOT / "README.md", workspace / "README.md")
    ws = read_titled(workspace)
    assert ws.corpora == ("nlp-notes",)
    assert len(ws.articles) >= 14
    assert ws.warnings == ()
    titled = {doc.corpus_path: doc.title for doc in ws.articles}
    assert titled["预训练模型/知识蒸馏入门(上).md"] == "知识蒸馏入门（上）：软标签与温度"
    assert titled["预训练模型/BERT 预训练.md"] == "BERT 预训练：MLM 与 NSP"


def test_plain_folder_without_hub_or_links(tmp_path: Path):
    folder = tmp_path / "我的笔记"
    write(folder / "b.md", TEXT)
    write(folder / "子目录" / "a (1).markdown", TEXT)
    ws = read_workspace(folder)
    assert ws.layout == "plain"
    assert ws.hub is None
    assert ws.corpora == ("我的笔记",)
    assert [(doc.path, doc.corpus, doc.corpus_path, doc.title) for doc in ws.articles] == [
        ("b.md", "我的笔记", "b.md", "b"),
        ("子目录/a (1).markdown", "我的笔记", "子目录/a (1).markdown", "a (1)"),
    ]


def test_plain_folder_readme_is_the_hub(tmp_path: Path):
    write(tmp_path / "README.md", "# Notes\n\n1. [词向量入门](./sub/wv)\n")
    write(tmp_path / "sub" / "wv.md", TEXT)
    write(tmp_path / "sub" / "README.md", TEXT)  # not at the root: an article
    ws = read_titled(tmp_path)
    assert ws.layout == "plain"
    assert ws.hub is not None and ws.hub.path == "README.md"
    assert [doc.path for doc in ws.articles] == ["sub/README.md", "sub/wv.md"]
    assert ws.article_by_path()["sub/wv.md"].title == "词向量入门"


def test_links_layout_reads_every_corpus_and_skips_hidden(tmp_path: Path):
    write(tmp_path / "README.md", "# Hub\n")
    write(tmp_path / "links" / "b-corpus" / "x.md", TEXT)
    write(tmp_path / "links" / "a-corpus" / "deep" / "er" / "y.md", TEXT)
    write(tmp_path / "links" / "a-corpus" / "README.md", TEXT)
    write(tmp_path / "links" / "a-corpus" / ".hidden.md", TEXT)
    write(tmp_path / "links" / "a-corpus" / ".git" / "z.md", TEXT)
    write(tmp_path / "links" / "a-corpus" / "image.png", b"\x89PNG\r\n\x1a\n\x00")
    write(tmp_path / "links" / ".trash" / "t.md", TEXT)
    write(tmp_path / "links" / "loose.md", TEXT)
    write(tmp_path / "docs" / "not-an-article.md", TEXT)
    ws = read_workspace(tmp_path)
    assert ws.corpora == ("a-corpus", "b-corpus")
    assert [(doc.corpus, doc.corpus_path) for doc in ws.articles] == [
        ("a-corpus", "README.md"),
        ("a-corpus", "deep/er/y.md"),
        ("b-corpus", "x.md"),
    ]
    assert ws.articles[1].folder == "deep/er"
    assert ws.warnings == ("links/loose.md: skipped, not inside a corpus folder of links/",)


def test_links_layout_without_hub(tmp_path: Path):
    write(tmp_path / "links" / "c" / "x.md", TEXT)
    ws = read_workspace(str(tmp_path))
    assert ws.layout == "links" and ws.hub is None and len(ws.articles) == 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_leaving_the_workspace_are_skipped(tmp_path: Path):
    outside = write(tmp_path / "outside" / "secret.md", TEXT)
    folder = tmp_path / "ws"
    write(folder / "inside.md", TEXT)
    (folder / "escape.md").symlink_to(outside)
    (folder / "escape-dir").symlink_to(outside.parent, target_is_directory=True)
    (folder / "alias.md").symlink_to(folder / "inside.md")
    ws = read_workspace(folder)
    assert [doc.path for doc in ws.articles] == ["alias.md", "inside.md"]
    assert sorted(ws.warnings) == [
        "escape-dir: skipped, symlink leads outside the workspace",
        "escape.md: skipped, symlink leads outside the workspace",
    ]


# --------------------------------------------------------------------------- encodings, skips


def test_encodings_are_decoded_and_reported(tmp_path: Path, caplog):
    write(tmp_path / "gb.md", TEXT.encode("gb18030"))
    write(tmp_path / "bom8.md", codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    write(tmp_path / "bom16le.md", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))
    write(tmp_path / "bom16be.md", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"))
    with caplog.at_level(logging.INFO, logger="graph.workspace.reader"):
        ws = read_workspace(tmp_path)
    encodings = {doc.path: doc.encoding for doc in ws.articles}
    assert encodings == {
        "bom16be.md": "utf-16-be",
        "bom16le.md": "utf-16-le",
        "bom8.md": "utf-8-sig",
        "gb.md": "gb18030",
    }
    for doc in ws.articles:
        assert doc.markdown.headings[0].text == "词向量 word2vec"
        assert "\ufeff" not in doc.markdown.text
    assert ws.warnings == ("gb.md: decoded as gb18030",)
    assert "gb.md: decoded as gb18030" in caplog.text


def test_binary_and_oversized_files_are_skipped(tmp_path: Path):
    write(tmp_path / "good.md", TEXT)
    write(tmp_path / "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    write(tmp_path / "huge.md", "x" * 2_000)
    ws = read_workspace(tmp_path, max_bytes=1_000)
    assert [doc.path for doc in ws.articles] == ["good.md"]
    assert ws.warnings == (
        "binary.md: skipped, not text (binary data (NUL byte))",
        "huge.md: skipped, 2000 bytes is over the 1000-byte limit",
    )


# --------------------------------------------------------------------------- errors


def test_missing_path_is_corpus_not_found(tmp_path: Path):
    missing = tmp_path / "nowhere"
    with pytest.raises(
        CorpusNotFound, match=r"Workspace not found: .*nowhere does not exist"
    ) as info:
        read_workspace(missing)
    assert isinstance(info.value, NlpmapError) and info.value.exit_code == 2


def test_file_path_is_corpus_not_found(tmp_path: Path):
    file = write(tmp_path / "note.md", TEXT)
    with pytest.raises(CorpusNotFound, match=r"must be a folder, but .*note\.md is a file"):
        read_workspace(file)


def test_empty_folder_is_empty_corpus(tmp_path: Path):
    with pytest.raises(EmptyCorpus, match=r"No readable Markdown article \(\.md, \.markdown, .*\.ipynb\) in "):
        read_workspace(tmp_path)


def test_hub_only_is_empty_corpus(tmp_path: Path):
    write(tmp_path / "README.md", "# Hub\n")
    write(tmp_path / "links" / "empty" / "note.txt", "not markdown")
    with pytest.raises(EmptyCorpus, match=r"No readable Markdown article .* in .*links/<corpus>/"):
        read_workspace(tmp_path)


def test_binary_md_only_is_empty_corpus_naming_the_file(tmp_path: Path):
    write(tmp_path / "fake.md", bytes(range(256)) * 4)
    with pytest.raises(EmptyCorpus) as info:
        read_workspace(tmp_path)
    message = str(info.value)
    assert "No readable Markdown article" in message
    assert "Skipped: fake.md: skipped, not text (binary data (NUL byte))." in message
    assert isinstance(info.value, NlpmapError)
