"""Tests of graph.links.resolve: every method, the real hub, the sample corpus."""

from __future__ import annotations

import doctest
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import copy_project_workspace, read_titled

import graph.links.index
import graph.links.match
import graph.links.resolve
from graph.links import LinkIndex, name_keys, resolve_link, resolve_workspace, unresolved_links
from graph.links.match import TITLE_MIN_CHARS
from graph.models import Document, Image, Link, Workspace

ROOT = Path(__file__).resolve().parents[2]
CORPUS = "links/NLP_ability/"
NOTES = "links/nlp-notes/"
BODY = "# 标题\n\n正文。\n"


def write(path: Path, text: str = BODY) -> None:
    """Write a UTF-8 file, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def doc_at(ws: Workspace, path: str) -> Document:
    """The hub (``README.md``) or the article at ``path``."""
    if path == "README.md":
        assert ws.hub is not None
        return ws.hub
    return ws.article_by_path()[path]


# --------------------------------------------------------------------------- the real corpus


@pytest.fixture(scope="module")
def shared_ws(shared_corpus: Path) -> Workspace:
    """The NLP_ability workspace, read once."""
    return read_titled(shared_corpus)


@pytest.fixture(scope="module")
def shared_resolved(shared_ws: Workspace):
    """Every link of the NLP_ability workspace, resolved with no option."""
    return resolve_workspace(shared_ws)


@pytest.fixture(scope="module")
def gold(shared_corpus: Path) -> dict:
    """The gold judgements beside the corpus."""
    folder = shared_corpus.parent / "eval"
    return {
        name: json.loads((folder / f"{name}.json").read_text("utf-8"))
        for name in ("hub_links", "concepts")
    }


def test_all_75_hub_links_reach_their_gold_target(shared_resolved, gold):
    hub = {link.line: res for doc, link, res in shared_resolved if doc.kind == "hub"}
    assert len(gold["hub_links"]) == 75 == len(hub)
    wrong = [
        (item["line"], item["href"], hub[item["line"]])
        for item in gold["hub_links"]
        if hub[item["line"]].target != CORPUS + item["target"]
    ]
    assert wrong == []
    assert all(res.method != "title" and res.confidence >= 0.6 for res in hub.values())


def test_direct_links_of_the_gold_articles_resolve(shared_ws, gold):
    index = LinkIndex.from_workspace(shared_ws)  # no repo_urls, no git remote here
    direct = [
        (entry["path"], link)
        for entry in gold["concepts"]
        for link in entry["links"]
        if link["kind"] == "direct"
    ]
    assert direct
    for path, expected in direct:
        doc = doc_at(shared_ws, CORPUS + path)
        found = [
            resolve_link(index, doc, link)
            for link in doc.markdown.links
            if link.href == expected["href"]
        ]
        assert [(res.target, res.method) for res in found] == [
            (
                CORPUS + expected["target"],
                "repo" if "github.com" in expected["href"] else found[0].method,
            )
        ]


def test_gold_title_links(shared_ws, gold):
    index = LinkIndex.from_workspace(shared_ws)
    titles = [
        (entry["path"], link)
        for entry in gold["concepts"]
        for link in entry["links"]
        if link["kind"] == "title"
    ]
    assert titles
    for path, expected in titles:
        doc = doc_at(shared_ws, CORPUS + path)
        found = {
            resolve_link(index, doc, link)
            for link in doc.markdown.links
            if link.href == expected["href"]
        }
        assert {(res.target, res.method) for res in found} == {
            (CORPUS + expected["target"], "title")
        }


def test_no_article_link_from_code_or_images(shared_ws, shared_resolved):
    index = LinkIndex.from_workspace(shared_ws)
    for doc, link, res in shared_resolved:
        if res.resolved:
            assert res.target.endswith(".md") and res.target != doc.path
            assert link.href != "inter_S"
        for image in doc.markdown.images:
            assert resolve_link(index, doc, image).method == "asset"
    code_doc = [
        doc
        for doc in shared_ws.articles
        if "](inter_S)" in (shared_ws.root / doc.path).read_text("utf-8")
    ]
    assert len(code_doc) == 1
    assert all(link.href != "inter_S" for link in code_doc[0].markdown.links)


def test_title_links_are_never_generic(shared_resolved):
    for _, link, res in shared_resolved:
        if res.method == "title":
            assert link.href.startswith("http")
            assert len(name_keys(link.text)[0]) >= TITLE_MIN_CHARS


@pytest.mark.parametrize(
    "text", ["原文", "dasou", "链接", "阅读原文", "点击这里", "", "Transformer"]
)
def test_generic_anchors_on_wechat_stay_external(shared_ws, text):
    index = LinkIndex.from_workspace(shared_ws)
    href = "https://mp.weixin.qq.com/s?__biz=MzIyNTY1MDUwNQ==&mid=1&idx=1#rd"
    assert resolve_link(index, shared_ws.articles[0], Link(href, text)).method == "external"


def test_read_and_resolve_the_whole_corpus(shared_corpus: Path):
    ws = read_titled(shared_corpus)
    results = resolve_workspace(ws)
    assert len(ws.articles) == 115
    assert sum(1 for _, _, res in results if res.resolved) >= 75


# --------------------------------------------------------------------------- the sample corpus

# fmt: off
SAMPLE_EXPECTED = [
    # (document, href, target inside links/nlp-notes/ or None, method)
    ("README.md", "https://github.com/nlpmap/nlpmap", None, "external"),
    ("README.md", "docs/ARCHITECTURE.md", None, "asset"),
    ("README.md", "http://127.0.0.1:5000/", None, "external"),
    ("README.md", "./links/nlp-notes/Transformer/Transformer%20与自注意力",
     "Transformer/Transformer 与自注意力.md", "extension"),
    ("README.md", "./links/nlp-notes/Transformer/Position%20Encoding.md",
     "Transformer/Position Encoding.md", "decoded"),
    ("README.md", "./links/nlp-notes/transformer/Layer Normalization.md",
     "Transformer/Layer Normalization.md", "case"),
    ("README.md", "./links/nlp-notes/Transformer/BERT 预训练.md", "预训练模型/BERT 预训练.md", "fuzzy"),
    ("README.md",
     "./links/nlp-notes/%E9%A2%84%E8%AE%AD%E7%BB%83%E6%A8%A1%E5%9E%8B/RoBERTa%20and%20ALBERT",
     "预训练模型/RoBERTa and ALBERT.md", "extension"),
    ("README.md", "./links/nlp-notes/预训练模型/知识蒸馏入门上", "预训练模型/知识蒸馏入门(上).md", "fuzzy"),
    ("README.md",
     "https://github.com/nlpmap/nlpmap/blob/main/links/nlp-notes/预训练模型/知识蒸馏入门(下)—TinyBERT.md",
     "预训练模型/知识蒸馏入门(下)—TinyBERT.md", "repo"),
    ("README.md", "nlp-notes/word-embeddings/word2vec%20词向量.md",
     "word-embeddings/word2vec 词向量.md", "decoded"),
    ("README.md", "./links/nlp-notes/word-embeddings/fastText",
     "word-embeddings/fastText (subword).md", "fuzzy"),
    ("README.md", "./links/nlp-notes/word-embeddings/GloVe.md ", "word-embeddings/GloVe.md", "decoded"),
    ("README.md", "文本任务/条件随机场 CRF 与命名实体识别.md", "文本任务/条件随机场 CRF 与命名实体识别.md", "exact"),
    ("README.md", "./links/nlp-notes/文本任务/ESIM%20文本匹配.md", "文本任务/ESIM 文本匹配.md", "decoded"),
    ("README.md", "./links/nlp-notes/文本任务/TextCNN%20文本分类", "文本任务/TextCNN 文本分类.md", "extension"),
    ("README.md",
     "./links/nlp-notes/%E6%96%87%E6%9C%AC%E4%BB%BB%E5%8A%A1/SimCSE%20%E5%AF%B9%E6%AF%94%E5%AD%A6%E4%B9%A0.md",
     "文本任务/SimCSE 对比学习.md", "decoded"),
    ("README.md", "./links/nlp-notes/文本任务/Multimodal%20Fusion.md", "文本任务/Multimodal Fusion.md", "decoded"),
    ("Transformer/Layer Normalization.md", "../Transformer/Transformer 与自注意力.md",
     "Transformer/Transformer 与自注意力.md", "exact"),
    ("Transformer/Layer Normalization.md", "../预训练模型/知识蒸馏入门下-TinyBERT.md",
     "预训练模型/知识蒸馏入门(下)—TinyBERT.md", "fuzzy"),
    ("Transformer/Position Encoding.md",
     ("https://github.com/nlpmap/nlpmap/blob/main/links/nlp-notes/"
      "%E9%A2%84%E8%AE%AD%E7%BB%83%E6%A8%A1%E5%9E%8B/BERT%20%E9%A2%84%E8%AE%AD%E7%BB%83.md"),
     "预训练模型/BERT 预训练.md", "repo"),
    ("Transformer/Position Encoding.md",
     "https://github.com/nlpmap/nlpmap/blob/main/links/nlp-notes/Transformer/Layer%20Normalization.md",
     "Transformer/Layer Normalization.md", "repo"),
    ("Transformer/Position Encoding.md", "./Transformer%20与自注意力.md",
     "Transformer/Transformer 与自注意力.md", "decoded"),
    ("Transformer/Transformer 与自注意力.md", "https://arxiv.org/abs/1706.03762", None, "external"),
    ("Transformer/Transformer 与自注意力.md", "../Transformer/Position%20Encoding.md",
     "Transformer/Position Encoding.md", "decoded"),
    ("Transformer/Transformer 与自注意力.md", "./Layer Normalization.md",
     "Transformer/Layer Normalization.md", "exact"),
    ("Transformer/Transformer 与自注意力.md", "#缩放点积注意力", None, "anchor"),
    ("Transformer/Transformer 与自注意力.md", "../预训练模型/BERT%20预训练.md", "预训练模型/BERT 预训练.md", "decoded"),
    ("word-embeddings/GloVe.md", "./word2vec 词向量.md", "word-embeddings/word2vec 词向量.md", "exact"),
    ("word-embeddings/GloVe.md", "fastText (subword).md", "word-embeddings/fastText (subword).md", "exact"),
    ("word-embeddings/GloVe.md", "../预训练模型/BERT%20预训练", "预训练模型/BERT 预训练.md", "extension"),
    ("word-embeddings/fastText (subword).md", "word2vec 词向量.md", "word-embeddings/word2vec 词向量.md", "exact"),
    ("word-embeddings/fastText (subword).md", "../文本任务/TextCNN%20文本分类.md",
     "文本任务/TextCNN 文本分类.md", "decoded"),
    ("word-embeddings/word2vec 词向量.md", "./fastText.md", "word-embeddings/fastText (subword).md", "fuzzy"),
    ("word-embeddings/word2vec 词向量.md", "GloVe.md", "word-embeddings/GloVe.md", "exact"),
    ("文本任务/ESIM 文本匹配.md", "SimCSE对比学习.md", "文本任务/SimCSE 对比学习.md", "fuzzy"),
    ("文本任务/ESIM 文本匹配.md",
     "https://github.com/nlpmap/nlpmap/blob/main/links/nlp-notes/预训练模型/BERT%20预训练.md",
     "预训练模型/BERT 预训练.md", "repo"),
    ("文本任务/Multimodal Fusion.md", "../Transformer/Transformer 与自注意力.md",
     "Transformer/Transformer 与自注意力.md", "exact"),
    ("文本任务/Multimodal Fusion.md", "../预训练模型/BERT%20预训练.md", "预训练模型/BERT 预训练.md", "decoded"),
    ("文本任务/Multimodal Fusion.md", "./SimCSE%20对比学习.md", "文本任务/SimCSE 对比学习.md", "decoded"),
    ("文本任务/Multimodal Fusion.md", "TextCNN 文本分类.md", "文本任务/TextCNN 文本分类.md", "exact"),
    ("文本任务/SimCSE 对比学习.md", "../预训练模型/BERT%20预训练.md", "预训练模型/BERT 预训练.md", "decoded"),
    ("文本任务/SimCSE 对比学习.md", "ESIM 文本匹配.md", "文本任务/ESIM 文本匹配.md", "exact"),
    ("文本任务/SimCSE 对比学习.md", "../文本任务/Multimodal%20Fusion.md", "文本任务/Multimodal Fusion.md", "decoded"),
    ("文本任务/TextCNN 文本分类.md", "../预训练模型/知识蒸馏入门(上).md", "预训练模型/知识蒸馏入门(上).md", "exact"),
    ("文本任务/TextCNN 文本分类.md", "../word-embeddings/word2vec%20词向量.md",
     "word-embeddings/word2vec 词向量.md", "decoded"),
    ("文本任务/TextCNN 文本分类.md", "../Transformer/Transformer%20与自注意力.md",
     "Transformer/Transformer 与自注意力.md", "decoded"),
    ("文本任务/TextCNN 文本分类.md", "../word-embeddings/fastText (subword).md",
     "word-embeddings/fastText (subword).md", "exact"),
    ("文本任务/条件随机场 CRF 与命名实体识别.md", "../data/ner-tags.tsv", None, "asset"),
    ("文本任务/条件随机场 CRF 与命名实体识别.md", "../预训练模型/BERT%20预训练.md", "预训练模型/BERT 预训练.md", "decoded"),
    ("文本任务/条件随机场 CRF 与命名实体识别.md", "Transformer/Transformer 与自注意力.md",
     "Transformer/Transformer 与自注意力.md", "exact"),
    ("预训练模型/BERT 预训练.md", "../Transformer/Transformer%20与自注意力.md",
     "Transformer/Transformer 与自注意力.md", "decoded"),
    ("预训练模型/BERT 预训练.md",
     "https://github.com/nlpmap/nlpmap/blob/main/links/nlp-notes/Transformer/Position%20Encoding.md",
     "Transformer/Position Encoding.md", "repo"),
    ("预训练模型/BERT 预训练.md", "RoBERTa and ALBERT.md", "预训练模型/RoBERTa and ALBERT.md", "exact"),
    ("预训练模型/BERT 预训练.md", "知识蒸馏入门上", "预训练模型/知识蒸馏入门(上).md", "fuzzy"),
    ("预训练模型/BERT 预训练.md", "../文本任务/SimCSE 对比学习.md", "文本任务/SimCSE 对比学习.md", "exact"),
    ("预训练模型/RoBERTa and ALBERT.md", "BERT 预训练.md", "预训练模型/BERT 预训练.md", "exact"),
    ("预训练模型/RoBERTa and ALBERT.md", "知识蒸馏入门%28上%29.md", "预训练模型/知识蒸馏入门(上).md", "decoded"),
    ("预训练模型/知识蒸馏入门(上).md", "../预训练模型/BERT 预训练.md", "预训练模型/BERT 预训练.md", "exact"),
    ("预训练模型/知识蒸馏入门(上).md", "../文本任务/TextCNN%20文本分类", "文本任务/TextCNN 文本分类.md", "extension"),
    ("预训练模型/知识蒸馏入门(上).md", "./知识蒸馏入门(下)—TinyBERT.md", "预训练模型/知识蒸馏入门(下)—TinyBERT.md", "exact"),
    ("预训练模型/知识蒸馏入门(下)—TinyBERT.md", "https://example.org/notes/kd-part-1",
     "预训练模型/知识蒸馏入门(上).md", "title"),
    ("预训练模型/知识蒸馏入门(下)—TinyBERT.md", "../transformer/Layer Normalization.md",
     "Transformer/Layer Normalization.md", "case"),
]
# fmt: on


@pytest.fixture()
def sample_ws(tmp_path: Path) -> Workspace:
    """The project workspace (README hub + sample corpus), in tmp_path."""
    return read_titled(copy_project_workspace(tmp_path / "sample"))


def test_sample_links_resolve_by_the_expected_method(sample_ws):
    got = [
        (
            "README.md" if doc.kind == "hub" else doc.corpus_path,
            link.href,
            res.target.removeprefix(NOTES) if res.target else None,
            res.method,
        )
        for doc, link, res in resolve_workspace(sample_ws)
    ]
    assert sorted(got) == sorted(SAMPLE_EXPECTED)
    assert unresolved_links(sample_ws) == []


def test_sample_covers_every_method_and_link_kind(sample_ws):
    methods = {method for *_, method in SAMPLE_EXPECTED}
    assert methods >= {
        "exact",
        "decoded",
        "extension",
        "case",
        "fuzzy",
        "repo",
        "title",
        "asset",
        "anchor",
        "external",
    }
    docs = [sample_ws.hub, *sample_ws.articles]
    kinds = {link.kind for doc in docs for link in doc.markdown.links}
    assert kinds == {"inline", "reference", "autolink", "html"}
    images = [image.src for doc in docs for image in doc.markdown.images]
    assert sorted(images) == [
        "../img/self-attention.svg", "docs/article-page.png", "docs/concept-page.png",
        "docs/images/explorer-local.png", "docs/images/explorer-phone.png", "docs/screenshot.png",
    ]
    assert (sample_ws.root / NOTES / "img" / "self-attention.svg").is_file()
    assert (sample_ws.root / NOTES / "data" / "ner-tags.tsv").is_file()
    textcnn = sample_ws.article_by_path()[NOTES + "文本任务/TextCNN 文本分类.md"]
    source = (sample_ws.root / textcnn.path).read_text("utf-8")
    assert "self.convs[i](emb), [ESIM](./ESIM%20文本匹配.md)" in source  # inside a fenced block
    assert all("ESIM" not in link.href for link in textcnn.markdown.links)


def test_sample_articles_are_short_and_numerous(sample_ws):
    assert len(sample_ws.articles) >= 14
    folders = {doc.corpus_path.split("/")[0] for doc in sample_ws.articles}
    assert 3 <= len(folders) <= 5
    for doc in sample_ws.articles:
        text = doc.markdown.text
        latin_words = len([word for word in text.split() if word.isascii()])
        cjk_chars = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
        size = latin_words + cjk_chars / 1.5  # a rough word count for mixed text
        assert 150 <= size <= 600, (doc.path, size)


# --------------------------------------------------------------------------- methods, one by one


@pytest.fixture()
def small_ws(tmp_path: Path) -> Workspace:
    """A workspace built to exercise each method."""
    notes = tmp_path / "links" / "notes"
    for name in (
        "A/知识蒸馏入门(上).md",
        "A/知识蒸馏入门(下).md",
        "A/Fasttext解读(1).md",
        "A/Fasttext解读(2).md",
        "A/答案解析(1)—Transformer面试题.md",
        "B/Only Here.md",
        "B/dup.md",
        "C/dup.md",
        "C/长长的文章标题：对比学习综述.md",
        "C/长长的文章标题：对比学习综述（二）.md",
        "C/UniLM-为Bert插上翅膀.md",
    ):
        write(notes / name)
    write(tmp_path / "links" / "other" / "x.md")
    write(tmp_path / "links" / "notes" / "x.md")
    write(tmp_path / "README.md", "# Hub\n")
    return read_titled(tmp_path)


def resolve(ws: Workspace, href: str, text: str = "", *, doc: str = "README.md", repo_urls=()):
    """Resolve one made-up link from ``doc``."""
    index = LinkIndex.from_workspace(ws, repo_urls, git_remote=False)
    return resolve_link(index, doc_at(ws, doc), Link(href, text))


@pytest.mark.parametrize(
    ("href", "target", "method", "confidence"),
    [
        ("./links/notes/B/Only Here.md", "B/Only Here.md", "exact", 1.0),
        ("/links/notes/B/Only Here.md", "B/Only Here.md", "exact", 1.0),
        ("./links/notes/B/Only%20Here.md", "B/Only Here.md", "decoded", 0.98),
        (" ./links/notes/B/Only Here.md\t", "B/Only Here.md", "decoded", 0.98),
        ("./links/notes/B/Only%20Here", "B/Only Here.md", "extension", 0.95),
        ("./links/notes/b/only here", "B/Only Here.md", "case", 0.9),
        ("./links/notes/B/Only Here.md?plain=1#part", "B/Only Here.md", "exact", 1.0),
        ("notes/B/Only Here.md", "B/Only Here.md", "exact", 1.0),
        ("B/Only Here", "B/Only Here.md", "extension", 0.95),
        ("./links/notes/A/知识蒸馏入门上", "A/知识蒸馏入门(上).md", "fuzzy", 0.85),
        ("./links/notes/A/知识蒸馏入门（下）.md", "A/知识蒸馏入门(下).md", "fuzzy", 0.85),
        ("./links/notes/A/Fasttext解读1", "A/Fasttext解读(1).md", "fuzzy", 0.85),
        ("./links/notes/A/Fasttext解读2", "A/Fasttext解读(2).md", "fuzzy", 0.85),
        (
            "./links/notes/A/答案解析-Transformer面试题",
            "A/答案解析(1)—Transformer面试题.md",
            "fuzzy",
            0.85,
        ),
        ("./links/notes/C/Only Here", "B/Only Here.md", "fuzzy", 0.8),
        ("./links/notes/C/UniLM:为Bert插上翅膀", "C/UniLM-为Bert插上翅膀.md", "fuzzy", 0.85),
    ],
)
def test_local_methods(small_ws, href, target, method, confidence):
    res = resolve(small_ws, href)
    assert (res.target, res.method, res.confidence) == ("links/notes/" + target, method, confidence)


def test_relative_to_the_linking_document(small_ws):
    res = resolve(small_ws, "../B/Only%20Here", doc="links/notes/A/Fasttext解读(1).md")
    assert (res.target, res.method) == ("links/notes/B/Only Here.md", "extension")
    res = resolve(small_ws, "dup", doc="links/notes/C/UniLM-为Bert插上翅膀.md")
    assert (res.target, res.method) == ("links/notes/C/dup.md", "extension")


def test_ambiguous_fuzzy_match_is_unresolved_with_a_suggestion(small_ws):
    res = resolve(small_ws, "./links/notes/D/dup")
    assert (res.target, res.method) == (None, "unresolved")
    assert res.suggestion in {"links/notes/B/dup.md", "links/notes/C/dup.md"}


def test_unresolved_links_lists_only_unresolved(tmp_path: Path):
    write(
        tmp_path / "README.md",
        "[好](./links/n/词向量.md) [坏](./links/n/完全不相干的题目) [外](https://a.b/)\n",
    )
    write(tmp_path / "links" / "n" / "词向量.md")
    write(tmp_path / "links" / "n" / "词向量进阶.md")
    ws = read_titled(tmp_path)
    bad = unresolved_links(ws)
    assert [(doc.kind, link.text, res.method) for doc, link, res in bad] == [
        ("hub", "坏", "unresolved")
    ]
    assert bad[0][2].suggestion in {"links/n/词向量.md", "links/n/词向量进阶.md"}


@pytest.mark.parametrize(
    ("href", "method"),
    [
        ("#anchor", "anchor"),
        ("", "anchor"),
        ("?tab=1", "anchor"),
        ("mailto:someone@example.org", "external"),
        ("ftp://example.org/a.md", "external"),
        ("https://example.org/a.md", "external"),
        ("./links/notes/img/figure.png", "asset"),
        ("../paper.pdf", "asset"),
        ("./links/notes/code/train.py", "asset"),
        ("../../../../etc/passwd.md", "unresolved"),
        ("https://github.com/someone/else/tree/main/links/notes/B", "external"),
    ],
)
def test_non_article_links(small_ws, href, method):
    res = resolve(small_ws, href)
    assert (res.target, res.method) == (None, method)


def test_existing_files_that_are_no_articles_are_assets(small_ws):
    write(small_ws.root / "docs" / "ARCHITECTURE.md")
    assert resolve(small_ws, "./docs/ARCHITECTURE.md").method == "asset"
    assert resolve(small_ws, "docs/ARCHITECTURE").method == "unresolved"
    assert resolve(small_ws, "./links/notes/A/").method == "asset"  # a folder


def test_images_are_assets(small_ws):
    index = LinkIndex.from_workspace(small_ws, git_remote=False)
    image = Image("./links/notes/B/Only Here.md")
    assert resolve_link(index, small_ws.hub, image).method == "asset"


def test_self_links_are_anchors(small_ws):
    res = resolve(small_ws, "./Only%20Here.md#top", doc="links/notes/B/Only Here.md")
    assert (res.target, res.method) == (None, "anchor")
    res = resolve(
        small_ws,
        "https://example.org/p",
        "长长的文章标题：对比学习综述",
        doc="links/notes/C/长长的文章标题：对比学习综述.md",
    )
    assert (res.target, res.method) == (None, "external")  # its own paper or copy


def test_repo_links(small_ws):
    blob = "https://github.com/Someone/Notes/blob/main/"
    # inferred: the path names exactly one file
    res = resolve(small_ws, blob + "links/notes/B/Only%20Here.md")
    assert (res.target, res.method, res.confidence) == ("links/notes/B/Only Here.md", "repo", 0.9)
    res = resolve(small_ws, "https://github.com/a/b/tree/dev/A/知识蒸馏入门(上).md#x")
    assert (res.target, res.method) == ("links/notes/A/知识蒸馏入门(上).md", "repo")
    # ambiguous (x.md is in both corpora): only a known repository decides
    assert resolve(small_ws, blob + "x.md").method == "external"
    res = resolve(small_ws, blob + "x.md", repo_urls=["https://github.com/someone/notes.git"])
    assert res.method == "repo" and res.target in {"links/notes/x.md", "links/other/x.md"}
    # a branch name holding a slash
    res = resolve(small_ws, "https://github.com/a/b/blob/feature/kd/links/notes/B/dup.md")
    assert (res.target, res.method) == ("links/notes/B/dup.md", "repo")


def test_repo_read_from_git_remote(small_ws):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = str(small_ws.root)
    subprocess.run(["git", "init", "-q", root], check=True)
    subprocess.run(
        ["git", "-C", root, "remote", "add", "origin", "git@github.com:Owner/Repo.git"], check=True
    )
    index = LinkIndex.from_workspace(small_ws)
    assert index.repos == frozenset({"owner/repo"})
    res = resolve_link(
        index, small_ws.hub, Link("https://github.com/owner/repo/blob/main/x.md", "x")
    )
    assert res.method == "repo"


def test_no_git_remote_fails_quietly(small_ws):
    assert LinkIndex.from_workspace(small_ws).repos == frozenset()


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("长长的文章标题：对比学习综述", "C/长长的文章标题：对比学习综述.md"),
        ("长长的文章标题: 对比学习综述(二)", "C/长长的文章标题：对比学习综述（二）.md"),
        ("UniLM 为 BERT 插上翅膀", "C/UniLM-为Bert插上翅膀.md"),
        ("UniLM为Bert插上了翅膀", "C/UniLM-为Bert插上翅膀.md"),  # nearly equal
    ],
)
def test_title_links(small_ws, text, target):
    res = resolve(small_ws, "https://mp.weixin.qq.com/s?id=1", text)
    assert (res.target, res.method, res.confidence) == ("links/notes/" + target, "title", 0.7)


@pytest.mark.parametrize(
    "text", ["原文", "dasou", "链接", "阅读原文", "dup", "知识蒸馏入门", "read more"]
)
def test_title_needs_a_long_unique_anchor(small_ws, text):
    assert resolve(small_ws, "https://mp.weixin.qq.com/s?id=1", text).method == "external"


def test_hub_titles_feed_title_links(sample_ws):
    index = LinkIndex.from_workspace(sample_ws, git_remote=False)
    res = resolve_link(
        index, sample_ws.articles[0], Link("https://example.org/x", "BERT 预训练：MLM 与 NSP")
    )
    assert (res.target, res.method) == (NOTES + "预训练模型/BERT 预训练.md", "title")


def test_name_keys_fold_width_case_punctuation_and_brackets():
    assert name_keys("Fasttext解读(1)") == ("fasttext解读1", "fasttext解读")
    assert name_keys("答案解析（1）—史上最全") == ("答案解析1史上最全", "答案解析史上最全")
    assert name_keys("ＢＥＲＴ 预训练") == ("bert预训练",)
    assert name_keys("（）") == ()


def test_doctests():
    for module in (graph.links.resolve, graph.links.index, graph.links.match):
        assert doctest.testmod(module).failed == 0, module.__name__
