"""Concept extraction (real blank spaCy pipeline) and salience.

Candidate discovery is tested in tests/test_candidates.py.
"""

from __future__ import annotations

import pytest

from graph.concepts.extract import TOKENIZER, extract_mentions, make_pipeline
from graph.concepts.matcher import ConceptMatcher
from graph.concepts.salience import score_mentions
from graph.concepts.tokenizer import ConceptTokenizer
from graph.models import Document, Ontology
from graph.ontology import load_ontology, make_ontology, parse_ontology
from graph.workspace.markdown import parse_markdown

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


def test_builtin_ontology_pipeline_finds_common_names(builtin):
    assert len({label for _, label in _found(builtin, "BERT 和 Transformer")}) == 2
    assert _found(builtin, "ALBERTO RoBERTaX BERTx") == []


@pytest.fixture(scope="module")
def builtin():
    """A pipeline of the built-in ontology."""
    return make_pipeline(load_ontology())


def test_builtin_ontology_senses_follow_the_context(builtin):
    docs = [
        _doc("HMM 的隐状态序列由转移概率决定，隐藏状态发射观测。", path="hmm.md"),
        _doc("先训练一个大模型作为老师模型，再蒸馏到学生模型。", path="kd.md"),
        _doc("为了增大模型的容量，我们加层。", path="big.md"),
        _doc("维特比算法找到全局最优的路径。", path="viterbi.md"),
    ]
    mentions = extract_mentions(builtin, docs)
    ids = {path: {m.concept_id for m in found} for path, found in mentions.items()}
    assert "hmm-hidden-state" in ids["hmm.md"] and "hidden-state" not in ids["hmm.md"]
    assert "teacher-model" in ids["kd.md"] and "large-language-model" not in ids["kd.md"]
    assert not {"large-language-model", "teacher-model"} & ids["big.md"]
    assert "global-minimum" not in ids["viterbi.md"]
    ontology = load_ontology()
    assert ontology.concepts["computational-complexity"].weak


def test_overlapping_labels_of_one_concept_make_one_mention():
    ontology = make_ontology(
        parse_ontology(
            {
                "concepts": [
                    {
                        "id": "transition-probability",
                        "name": "Transition probability",
                        "zh": ["状态转移概率", "转移概率矩阵"],
                        "type": "concept",
                        "description": "x",
                    },
                    {"id": "matrix", "name": "Matrix", "zh": ["矩阵"], "type": "concept",
                     "description": "x"},
                ]
            },
            "test",
        )
    )
    pipeline = make_pipeline(ontology)
    assert _found(pipeline, "A 是状态转移概率矩阵。") == [
        ("状态转移概率矩阵", "transition-probability")
    ]
    assert _found(pipeline, "状态转移概率和矩阵") == [
        ("状态转移概率", "transition-probability"),
        ("矩阵", "matrix"),
    ]
    mentions = extract_mentions(pipeline, [_doc("状态转移概率矩阵")])["a.md"]
    assert [(m.text, m.start, m.end) for m in mentions] == [("状态转移概率矩阵", 0, 8)]


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


def test_weak_concepts_score_lower_unless_in_the_title(nlp, ontology):
    docs = [
        _doc("模型，模型，模型，模型。BERT 用 Transformer。", path="body.md"),
        _doc("模型，模型，模型。BERT。", title="模型", path="titled.md"),
        _doc("Transformer。", path="other.md"),
    ]
    mentions = extract_mentions(nlp, docs)
    lowered = score_mentions(docs, mentions, ontology)
    plain = score_mentions(docs, mentions, ontology, weak_factor=1.0)
    assert lowered["body.md"]["model"].salience < plain["body.md"]["model"].salience
    assert lowered["body.md"]["bert"].salience == plain["body.md"]["bert"].salience
    assert lowered["titled.md"]["model"].salience == plain["titled.md"]["model"].salience


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


def test_weak_acronym_written_in_capitals_counts_once(builtin):
    docs = [
        _doc("Microsoft 提出了 MASS，用于序列到序列预训练。", path="caps.md"),
        _doc("the mass of the model grows with data", path="lower.md"),
    ]
    ontology = load_ontology()
    assert ontology.concepts["mass"].weak
    scores = score_mentions(docs, extract_mentions(builtin, docs), ontology)
    assert scores["caps.md"]["mass"].count == 1
    assert "mass" not in scores.get("lower.md", {})
