"""Candidate concepts: what counts as evidence, which terms qualify, how they are scored."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from helpers import read_titled

from graph.build import build_graph
from graph.concepts.candidates import (
    candidate_concepts,
    candidate_id,
    candidate_mentions,
    candidate_scores,
    find_candidates,
)
from graph.concepts.candidates.discover import CAP_RATIO
from graph.concepts.candidates.evidence import boilerplate_lines, byline_handles, evidence_text
from graph.concepts.candidates.filters import is_identifier, is_technical_cjk, looks_like_name
from graph.concepts.extract import extract_mentions, make_pipeline
from graph.concepts.salience import score_mentions
from graph.models import Document, Ontology
from graph.ontology import make_ontology, parse_ontology
from graph.workspace.markdown import parse_markdown

ONTOLOGY = {
    "concepts": [
        {"id": "bert", "name": "BERT", "aliases": ["Bert"], "type": "model", "description": "x"},
        {"id": "transformer", "name": "Transformer", "type": "architecture", "description": "x"},
        {"id": "word2vec", "name": "Word2vec", "type": "model", "description": "x"},
        {
            "id": "knowledge-distillation",
            "name": "Knowledge distillation",
            "zh": ["知识蒸馏", "蒸馏"],
            "type": "method",
            "description": "x",
        },
        {
            "id": "attention",
            "name": "Attention",
            "zh": ["注意力"],
            "type": "method",
            "description": "x",
        },
        {
            "id": "layer-normalization",
            "name": "Layer Normalization",
            "aliases": ["layer-norm"],
            "type": "method",
            "description": "x",
        },
        {"id": "ernie", "name": "ERNIE", "type": "model", "description": "x"},
    ],
}


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return make_ontology(parse_ontology(ONTOLOGY, "test"))


@pytest.fixture(scope="module")
def nlp(ontology):
    return make_pipeline(ontology)


def _doc(markdown: str, path: str = "a.md", title: str = "note") -> Document:
    return Document(path, "c", path, title, "article", parse_markdown(markdown))


def _terms(docs, ontology, nlp=None) -> dict[str, object]:
    mentions = extract_mentions(nlp, docs) if nlp is not None else None
    return {c.term: c for c in find_candidates(docs, ontology, mentions)}


# --------------------------------------------------------------------------- discovery


def test_candidates_are_found_and_become_concepts(nlp, ontology):
    docs = [
        _doc(
            "# LUHA 假设\n\nLUHA 说明 BERT 有冗余。FastBERTx 用 LUHA。\n\n## 主干网络\n\n"
            "**分支分类器** 接在主干网络上。Word2vec 和 GPU 不算。\n\n## 这个怎么做\n\n"
            "**偶数层**",
            path="a.md",
        ),
        _doc("主干网络 again; LUHA. ZZTop3 model. 分支分类器。", path="b.md"),
    ]
    found = _terms(docs, ontology, nlp)
    assert found["LUHA"].count == 4 and found["LUHA"].doc_count == 2
    assert found["LUHA"].in_heading and len(found["LUHA"].examples) == 2
    assert found["主干网络"].script == "cjk" and found["主干网络"].count == 3
    assert "分支分类器" in found and "FastBERTx" in found and "ZZTop3" in found
    assert "Word2vec" not in found and "GPU" not in found and "BERT" not in found
    assert "这个怎么做" not in found and "这个" not in found  # phrases, not terms
    assert "偶数层" not in found  # a count word before a short head: no term
    concepts = candidate_concepts(found.values(), min_count=3)
    ids = {c.id for c in concepts}
    assert {"cand-luha", candidate_id("主干网络"), candidate_id("分支分类器")} <= ids
    assert "cand-zztop3" not in ids  # once, not in a heading
    assert all(c.type == "candidate" for c in concepts)
    by_doc = candidate_mentions(docs, concepts, list(found.values()))
    luha = [m for m in by_doc["a.md"] if m.concept_id == "cand-luha"]
    assert len(luha) == 3 and luha[0].in_heading
    text = docs[0].markdown.text
    assert all(text[m.start : m.end] == m.text for m in by_doc["a.md"])
    scores = candidate_scores(docs, concepts, list(found.values()))
    assert scores["b.md"]["cand-luha"].count == 1
    assert not any(s.primary for per in scores.values() for s in per.values())


def test_heading_phrases_are_counted_ignoring_case(ontology):
    docs = [
        _doc("# Student Classifier\n\nthe STUDENT classifier and student-classifier.", path="a.md"),
        _doc("A ſtudent classifier (long s), no phrase here.", path="b.md"),
        _doc("# Kelvin Scale\n\nthe \u212aelvin scale", path="c.md"),
    ]
    found = _terms(docs, ontology)
    assert found["Student Classifier"].count == 4 and found["Student Classifier"].doc_count == 2
    assert found["Kelvin Scale"].count == 2


def test_candidate_ids_are_stable_slugs():
    assert candidate_id("BERT-wwm") == "cand-bert-wwm"
    assert candidate_id("主干网络") == candidate_id("主干网络")
    assert candidate_id("主干网络").startswith("cand-") and candidate_id("主干网络").isascii()


def test_real_model_names_and_technical_chinese_terms_are_accepted(nlp, ontology):
    docs = [
        _doc("# 3.1 SiamGRU\n\nSiamGRU 和 BERT 都能编码句子。SiamGRU 更快。", path="a.md"),
        _doc("## 预测层输出蒸馏\n\n预测层输出蒸馏用 soft label。**交互模块**", path="b.md"),
        _doc("预测层输出蒸馏与交互模块。KG-BERT 和 BERT-Base 都行。", path="c.md"),
    ]
    found = _terms(docs, ontology, nlp)
    assert found["SiamGRU"].count == 3 and found["SiamGRU"].in_heading
    assert found["预测层输出蒸馏"].script == "cjk" and found["预测层输出蒸馏"].count == 3
    assert found["交互模块"].count == 2
    assert "KG-BERT" in found and "BERT-Base" in found
    ids = {c.id for c in candidate_concepts(found.values())}
    assert {"cand-siamgru", candidate_id("预测层输出蒸馏"), candidate_id("交互模块")} <= ids


# --------------------------------------------------------------------------- evidence


def test_boilerplate_lines_are_no_evidence(ontology):
    footer = "本文由 QuuxBot 整理，阅读 {} 分钟"
    docs = [
        _doc(f"# Topic {i}\n\nAbout {name} only.\n\n" + footer.format(i + 2), path=f"{i}.md")
        for i, name in enumerate(["ESIM", "DSSM", "ARCII", "MatchPyramid"])
    ]
    assert "本文由 QuuxBot 整理，阅读 0 分钟" in boilerplate_lines(
        {d.path: d.markdown.text for d in docs}
    )
    found = _terms(docs, ontology)
    assert "QuuxBot" not in found
    assert {"ESIM", "DSSM", "ARCII", "MatchPyramid"} <= set(found)


def test_copies_of_one_article_are_no_boilerplate(ontology):
    # The same note three times (a re-publication): its lines are content, not a template.
    docs = [
        _doc(f"# QuuxFormer 笔记 {i}\n\nQuuxFormer improves on BERT.", path=f"n{i}.md")
        for i in range(3)
    ]
    assert not boilerplate_lines({d.path: d.markdown.text for d in docs})
    assert _terms(docs, ontology)["QuuxFormer"].count == 6


def test_bylines_and_their_names_are_no_evidence(ontology):
    docs = [
        _doc("大家好，我是QUUXNLP；今天讲 ESIM。\n\nESIM 很好。", path="a.md"),
        _doc("微信公众号：QUUXNLP\n\n作者：QuuxLab\n\nQUUXNLP 说过 ESIM。", path="b.md"),
        _doc("PTMs 总结 - FooBar张三的文章 - 知乎\n\n欢迎关注 @NLPFan 的公众号", path="c.md"),
    ]
    assert {"quuxnlp", "quuxlab", "foobar", "nlpfan"} <= byline_handles(
        d.markdown.text for d in docs
    )
    found = _terms(docs, ontology)
    assert not {"QUUXNLP", "QuuxLab", "FooBar", "NLPFan", "PTMs"} & set(found)
    assert found["ESIM"].count == 2  # not the one in the line "大家好，我是QUUXNLP；…"


def test_words_after_numbers_are_units(ontology):
    docs = [
        _doc("# 3分钟读懂交互模块\n\n交互模块很简单。", path="a.md"),
        _doc("**阅读 6.25 分钟**\n\n只需要 5 分钟，用 12 GB 显存。", path="b.md"),
        _doc("## 分钟\n\n十分钟，三分钟。RoPE 省 8 GB。", path="c.md"),
    ]
    found = _terms(docs, ontology)
    assert "分钟" not in found and "GB" not in found
    assert "交互模块" in found and "RoPE" in found


def test_generic_heading_phrases_are_rejected(ontology):
    docs = [
        _doc(
            f"## 实验效果\n\n## 整体架构\n\n## 后记\n\n## 最后一层\n\n## 实践\n\n"
            f"## Final Thoughts\n\n实验效果，整体架构，后记，最后一层，实践。final thoughts {i}",
            path=f"{i}.md",
        )
        for i in range(2)
    ]
    found = _terms(docs, ontology)
    assert not {"实验效果", "整体架构", "后记", "最后一层", "实践", "Final Thoughts"} & set(found)
    assert not is_technical_cjk("架构图") and is_technical_cjk("残差结构")


def test_identifiers_formulas_and_typos_are_no_names(ontology):
    docs = [
        _doc(
            "读取 doc1 和 doc2，得到 tok2idx 与 SNLI_Loader。\n\n"
            "tok2idx, _ = build_vocab(vocab_path)\n\n"
            "公式 $PE_{t}$ 和 $$PE_{t+1}$$。ACL2020 的 NLPer 都说 ERNEI 和 layre-norm。\n\n"
            "A 2X TAGGER IS ALL IT TAKES: NER FOR NEWS AT SCALE",
            path="a.md",
        ),
    ]
    found = _terms(docs, ontology)
    noise = {"doc1", "doc2", "tok2idx", "SNLI_Loader", "PE", "ACL2020", "NLPer"}
    assert not noise & set(found)
    assert not {"ERNEI", "layre-norm"} & set(found)  # misspelt ontology names
    assert not {"TAGGER", "IS", "ALL", "IT", "TAKES", "NEWS", "SCALE"} & set(found)
    assert is_identifier("Sentence1", {"sentence": 2}) and not is_identifier("GPT3")
    assert looks_like_name("node2vec") and not is_identifier("node2vec")
    blank = evidence_text("x\n我是QUUXNLP\ny")
    assert blank == "x\n" + " " * len("我是QUUXNLP") + "\ny"


# --------------------------------------------------------------------------- salience


def test_candidates_never_push_vetted_concepts_out_of_the_top_three(nlp, ontology, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "quux.md").write_text(
        "# QuuxNet\n\n## QuuxNet 结构\n\n" + "QuuxNet 很强。" * 12
        + "\n\nBERT 和 Transformer 做知识蒸馏，用注意力。Word2vec 也行。",
        "utf-8",
    )
    (notes / "other.md").write_text("# BERT\n\nBERT 用 Transformer 和注意力。QuuxNet。", "utf-8")
    ws = read_titled(notes)
    docs = list(ws.articles)
    mentions = extract_mentions(nlp, docs)
    found = find_candidates(docs, ontology, mentions)
    quux = next(c for c in found if c.term == "QuuxNet")
    vetted = score_mentions(docs, mentions, ontology)["quux.md"]
    third = sorted((s.salience for s in vetted.values()), reverse=True)[2]
    assert dict(quux.caps)["quux.md"] == pytest.approx(CAP_RATIO * third, abs=1e-4)
    scores = candidate_scores(docs, candidate_concepts(found), found)
    assert scores["quux.md"]["cand-quuxnet"].salience < third
    G = build_graph(ws, ontology, nlp)
    edges = [
        (e["salience"], c, e["primary"])
        for _, c, e in G.out_edges("article:quux.md", data=True)
        if e["kind"] == "mentions"
    ]
    top3 = [c for _, c, _ in sorted(edges, reverse=True)[:3]]
    assert "concept:cand-quuxnet" in {c for _, c, _ in edges}
    assert not any(c.startswith("concept:cand-") for c in top3)
    assert not any(primary for _, c, primary in edges if c.startswith("concept:cand-"))


def test_candidate_caps_without_vetted_concepts(ontology):
    docs = [_doc("# QuuxNet\n\nQuuxNet QuuxNet", path="a.md")]
    found = find_candidates(docs, ontology, {"a.md": []})
    assert found[0].caps == (("a.md", 0.5),)
    assert found[0].key == "quuxnet"


def test_documents_path_is_kept_in_caps_order(ontology):
    docs = [_doc("LUHA LUHA", path="a.md"), _doc("LUHA", path=str(Path("b.md")))]
    found = find_candidates(docs, ontology, {"a.md": [], "b.md": []})
    assert [path for path, _ in found[0].caps] == list(found[0].documents) == ["a.md", "b.md"]


def test_doctests():
    import graph.concepts.candidates as package
    from graph.concepts.candidates import discover, evidence, filters, nodes, record, vocabulary

    from graph.concepts import memo

    for module in (package, discover, evidence, filters, nodes, record, vocabulary, memo):
        assert doctest.testmod(module).failed == 0, module.__name__
