"""Concept extraction (real blank spaCy pipeline), salience and candidate discovery."""

from __future__ import annotations

import pytest

from graph.candidates import (
    candidate_concepts,
    candidate_id,
    candidate_mentions,
    candidate_scores,
    find_candidates,
)
from graph.concepts import (
    TOKENIZER,
    ConceptMatcher,
    ConceptTokenizer,
    extract_mentions,
    make_pipeline,
)
from graph.markdown import parse_markdown
from graph.models import Document, Ontology
from graph.ontology import load_ontology, make_ontology, parse_ontology
from graph.salience import score_mentions

TEST_ONTOLOGY = {
    "ambiguous": ["KD"],
    "concepts": [
        {"id": "bert", "name": "BERT", "aliases": ["Bert"], "type": "model", "description": "x"},
        {"id": "roberta", "name": "RoBERTa", "type": "model", "description": "x"},
        {
            "id": "layer-normalization",
            "name": "Layer Normalization",
            "aliases": ["LayerNorm", "layer norm"],
            "zh": ["层归一化"],
            "type": "method",
            "description": "x",
        },
        {
            "id": "named-entity-recognition",
            "name": "Named entity recognition",
            "zh": ["命名实体识别", "命名体识别"],
            "aliases": ["NER"],
            "type": "task",
            "description": "x",
        },
        {
            "id": "knowledge-distillation",
            "name": "Knowledge distillation",
            "zh": ["知识蒸馏"],
            "aliases": ["KD"],
            "type": "method",
            "description": "x",
        },
        {
            "id": "kernel-density",
            "name": "Kernel density",
            "aliases": ["KD"],
            "type": "method",
            "description": "x",
        },
        {"id": "transformer", "name": "Transformer", "type": "architecture", "description": "x"},
        {
            "id": "bi-lstm",
            "name": "Bi-LSTM",
            "aliases": ["BiLSTM"],
            "type": "architecture",
            "description": "x",
        },
        {"id": "gpt-3", "name": "GPT-3", "type": "model", "description": "x"},
        {"id": "word2vec", "name": "Word2vec", "type": "model", "description": "x"},
        {
            "id": "cosine-similarity",
            "name": "Cosine similarity",
            "aliases": ["cosine"],
            "zh": ["余弦相似度"],
            "type": "metric",
            "description": "x",
        },
        {"id": "bert-of-theseus", "name": "BERT-of-Theseus", "type": "model", "description": "x"},
        {
            "id": "model",
            "name": "Model",
            "zh": ["模型"],
            "type": "concept",
            "weak": True,
            "description": "x",
        },
    ],
}


@pytest.fixture(scope="session")
def ontology() -> Ontology:
    return make_ontology(parse_ontology(TEST_ONTOLOGY, "test"))


@pytest.fixture(scope="session")
def nlp(ontology):
    """One pipeline for the whole session: building it costs ~0.5 s."""
    return make_pipeline(ontology)


def _doc(markdown: str, title: str = "note", path: str = "a.md") -> Document:
    return Document(path, "c", path, title, "article", parse_markdown(markdown))


def _found(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)  # the span group needs its Doc alive
    return [(span.text, span.label_) for span in doc.spans["concepts"]]


def test_tokenizer_keeps_latin_words_and_splits_cjk(nlp):
    text = "Bi-LSTM和GPT-3 ，word2vec  BERT-base\n\n layer_norm C++ 中文"
    doc = nlp.make_doc(text)
    assert doc.text == text
    words = [t.text for t in doc if not t.is_space]
    assert "Bi-LSTM" in words and "GPT-3" in words and "word2vec" in words
    assert "和" in words and "中" in words and "文" in words
    assert "BERT" in words and "base" in words  # BERT-base names no concept: split


def test_pipeline_is_blank_xx_with_the_registered_tokenizer(nlp):
    assert nlp.lang == "xx" and nlp.pipe_names == ["nlpmap_concepts"]
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == TOKENIZER
    assert isinstance(nlp.tokenizer, ConceptTokenizer) and "bilstm" in nlp.tokenizer.compounds


def test_latin_names_match_only_whole_words(nlp):
    assert _found(nlp, "RoBERTa and ALBERT") == [("RoBERTa", "roberta")]
    assert ("Bert", "bert") in _found(nlp, "Bert蒸馏很有效")
    assert ("BERT", "bert") in _found(nlp, "BERT-base 和 BERT's")
    assert _found(nlp, "BERT-of-Theseus") == [("BERT-of-Theseus", "bert-of-theseus")]


def test_spelling_variants_give_one_concept(nlp):
    text = "layer-norm, LayerNorm, layer norm, Layer Norm, ＬａｙｅｒＮｏｒｍ, LAYER_NORM"
    found = _found(nlp, text)
    assert [label for _, label in found] == ["layer-normalization"] * 6
    assert ("GPT3", "gpt-3") in _found(nlp, "GPT3 vs GPT-3")
    assert _found(nlp, "bilstm") == [("bilstm", "bi-lstm")]


def test_chinese_names_match_inside_cjk_runs(nlp):
    assert _found(nlp, "我们做命名体识别任务") == [("命名体识别", "named-entity-recognition")]
    assert _found(nlp, "用余弦相似度") == [("余弦相似度", "cosine-similarity")]


def test_nothing_found_in_code_or_urls(nlp):
    markdown = (
        "# Notes\n\nSee https://example.com/BERT/Transformer and www.bert.org/x.\n\n"
        "```python\nmodel = BERT()  # Transformer\n```\n\n"
        "Use `Transformer` here, [a link](https://x.org/word2vec) and <a href='bert.md'>x</a>.\n"
    )
    mentions = extract_mentions(nlp, [_doc(markdown)])["a.md"]
    assert mentions == []
    assert _found(nlp, "read http://x.org/BERT now") == []


def test_mentions_carry_offsets_headings_and_title(nlp):
    markdown = "# Transformer 结构\n\nBERT 用了 Transformer。\n\n## 知识蒸馏\n\n蒸馏 BERT。\n"
    doc = _doc(markdown, title="Word2vec笔记")
    mentions = extract_mentions(nlp, [doc])["a.md"]
    text = doc.markdown.text
    body = [m for m in mentions if m.end > m.start]
    assert all(text[m.start : m.end] == m.text for m in body)
    by_concept = {(m.concept_id, m.in_heading) for m in body}
    assert ("transformer", True) in by_concept and ("transformer", False) in by_concept
    assert ("knowledge-distillation", True) in by_concept
    assert ("bert", False) in by_concept
    title = [m for m in mentions if m.start == m.end]
    assert [(m.concept_id, m.text, m.in_heading) for m in title] == [("word2vec", "Word2vec", True)]


def test_title_repeated_as_heading_counts_once(nlp):
    doc = _doc("# Transformer\n\ntext", title="Transformer")
    mentions = extract_mentions(nlp, [doc])["a.md"]
    assert [(m.concept_id, m.start) for m in mentions] == [("transformer", 0)]


def test_misspelt_long_names_are_found_by_fuzzy_matching(nlp):
    doc = _doc("Transfomer 和 Wrod2vec 都用 consine 距离；Tranformers too. Bret is short.")
    mentions = extract_mentions(nlp, [doc])["a.md"]
    fuzzy = {(m.text, m.concept_id) for m in mentions if m.method == "fuzzy"}
    assert fuzzy == {
        ("Transfomer", "transformer"),
        ("Wrod2vec", "word2vec"),
        ("consine", "cosine-similarity"),
    }
    assert not extract_mentions(nlp, [doc], fuzzy=False)["a.md"]


def test_fuzzy_matching_rejects_other_words():
    onto = make_ontology(
        parse_ontology(
            {
                "concepts": [
                    {"id": "resnet50", "name": "ResNet50", "type": "model", "description": "x"},
                    {
                        "id": "q-learning",
                        "name": "Q-learning",
                        "type": "method",
                        "description": "x",
                    },
                    {
                        "id": "encoder",
                        "name": "Encoder",
                        "type": "architecture",
                        "description": "x",
                    },
                    {
                        "id": "sample",
                        "name": "Sample",
                        "aliases": ["sampled"],
                        "type": "concept",
                        "description": "x",
                    },
                ]
            }
        )
    )
    pipeline = make_pipeline(onto)
    text = (
        "ResNet60 and ResNett50. learning, encoded, encode, T-Encoder, Encodr. "
        + "simple " * 5  # one edit from "sample", but far more frequent than it
    )
    mentions = extract_mentions(pipeline, [_doc(text)])["a.md"]
    fuzzy = [(m.text, m.concept_id) for m in mentions if m.method == "fuzzy"]
    assert fuzzy == [("ResNett50", "resnet50"), ("Encodr", "encoder")]


def test_plurals_match_exactly(nlp):
    found = _found(nlp, "Transformers, Bi-LSTMs, RoBERTas and cosine similarities")
    assert found == [
        ("Transformers", "transformer"),
        ("Bi-LSTMs", "bi-lstm"),
        ("RoBERTas", "roberta"),
        ("cosine similarities", "cosine-similarity"),
    ]


def test_ambiguous_labels_follow_the_context(nlp):
    docs = [
        _doc("KD 很好。知识蒸馏就是 KD。", path="a.md"),
        _doc("Kernel density, KD for short.", path="b.md"),
        _doc("KD alone.", path="c.md"),
    ]
    mentions = extract_mentions(nlp, docs)
    assert {m.concept_id for m in mentions["a.md"]} == {"knowledge-distillation"}
    assert [m.concept_id for m in mentions["a.md"]].count("knowledge-distillation") == 3
    assert {m.concept_id for m in mentions["b.md"]} == {"kernel-density"}
    assert mentions["c.md"] == []
    matcher: ConceptMatcher = nlp.get_pipe("nlpmap_concepts")
    assert matcher.ambiguous["?kd"] == ("kernel-density", "knowledge-distillation")


def test_builtin_ontology_pipeline_finds_common_names():
    pipeline = make_pipeline(load_ontology())
    assert len({label for _, label in _found(pipeline, "BERT 和 Transformer")}) == 2
    assert _found(pipeline, "ALBERTO RoBERTaX BERTx") == []


# --------------------------------------------------------------------------- salience


def test_weak_concepts_need_enough_mentions(nlp, ontology):
    docs = [
        _doc("这个模型用 BERT。", path="once.md"),
        _doc("模型，模型，还是模型。BERT", path="thrice.md"),
        _doc("# 模型\n\nBERT", path="heading.md"),
    ]
    scores = score_mentions(docs, extract_mentions(nlp, docs), ontology)
    assert "model" not in scores["once.md"]
    assert scores["thrice.md"]["model"].count == 3
    assert scores["heading.md"]["model"].in_heading
    assert not scores["heading.md"]["model"].primary  # weak concepts are never primary


def test_salience_prefers_title_frequent_and_rare_concepts(nlp, ontology):
    docs = [
        _doc("BERT 用 Transformer。BERT 很强。知识蒸馏。", title="BERT解读", path="bert.md"),
        _doc("Transformer 和 Word2vec。", path="t.md"),
        _doc("Transformer 与 LayerNorm，LayerNorm。", path="ln.md"),
    ]
    scores = score_mentions(docs, extract_mentions(nlp, docs), ontology)
    bert = scores["bert.md"]
    assert bert["bert"].in_title and bert["bert"].primary
    assert bert["bert"].salience > bert["transformer"].salience
    assert all(0.0 <= s.salience <= 1.0 for per in scores.values() for s in per.values())
    assert scores["ln.md"]["layer-normalization"].salience > scores["ln.md"]["transformer"].salience
    assert 1 <= sum(s.primary for s in bert.values()) <= 3


# --------------------------------------------------------------------------- candidates


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
    mentions = extract_mentions(nlp, docs)
    found = {c.term: c for c in find_candidates(docs, ontology, mentions)}
    assert found["LUHA"].count == 4 and found["LUHA"].doc_count == 2
    assert found["LUHA"].in_heading and len(found["LUHA"].examples) == 2
    assert found["主干网络"].script == "cjk" and found["主干网络"].count == 3
    assert "分支分类器" in found and "FastBERTx" in found and "ZZTop3" in found
    assert "Word2vec" not in found and "GPU" not in found and "BERT" not in found
    assert "这个怎么做" not in found and "这个" not in found  # phrases, not terms
    concepts = candidate_concepts(found.values(), min_count=3)
    ids = {c.id for c in concepts}
    assert {"cand-luha", candidate_id("主干网络"), candidate_id("分支分类器")} <= ids
    assert "cand-zztop3" not in ids  # once, not in a heading
    assert candidate_id("偶数层") not in ids  # a Chinese bold term needs two occurrences
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
    found = {c.term: c for c in find_candidates(docs, ontology)}
    assert found["Student Classifier"].count == 4 and found["Student Classifier"].doc_count == 2
    assert found["Kelvin Scale"].count == 2


def test_candidate_ids_are_stable_slugs():
    assert candidate_id("BERT-wwm") == "cand-bert-wwm"
    assert candidate_id("主干网络") == candidate_id("主干网络")
    assert candidate_id("主干网络").startswith("cand-") and candidate_id("主干网络").isascii()
