"""Concept methods that carry to notes nobody tuned for (issue 11, item 4).

Abbreviations learnt from the text, Chinese matches cutting through a word refused,
的 inside a compound, English participles, traditional characters; on a small
ontology made here and the real blank spaCy pipeline (and the plain scanner).
"""

from __future__ import annotations

import pytest

from graph.concepts.boundaries import cuts_through
from graph.concepts.extract import extract_mentions, make_pipeline
from graph.concepts.plainscan import PlainScanner
from graph.models import Document, Ontology
from graph.ontology import make_ontology, parse_ontology
from graph.workspace.markdown import parse_markdown

ONTOLOGY = {
    "concepts": [
        {
            "id": "lstm",
            "name": "Long Short-Term Memory",
            "type": "architecture",
            "description": "x",
        },
        {
            "id": "crf",
            "name": "Conditional random field",
            "zh": ["条件随机场"],
            "type": "model",
            "description": "x",
        },
        {"id": "hmm", "name": "HMM", "type": "model", "description": "x"},
        {
            "id": "vocabulary",
            "name": "Vocabulary",
            "zh": ["词表"],
            "type": "concept",
            "description": "x",
        },
        {
            "id": "model-compression",
            "name": "Model compression",
            "zh": ["模型压缩"],
            "type": "method",
            "description": "x",
        },
        {"id": "pooling", "name": "Pooling", "type": "method", "description": "x"},
        {"id": "classification", "name": "Classification", "type": "task", "description": "x"},
        {
            "id": "sentiment-analysis",
            "name": "Sentiment analysis",
            "aliases": ["sentiment classification"],
            "type": "task",
            "description": "x",
        },
        {"id": "pos-tagging", "name": "Part-of-speech tagging", "type": "task", "description": "x"},
        {
            "id": "ann",
            "name": "Approximate nearest neighbor search",
            "type": "method",
            "description": "x",
        },
        {"id": "optimizer", "name": "Optimizer", "type": "method", "description": "x"},
        {"id": "fine-tuning", "name": "Fine-tuning", "type": "method", "description": "x"},
        {"id": "pre-training", "name": "Pre-training", "type": "method", "description": "x"},
        {"id": "byte-pair-encoding", "name": "Byte pair encoding", "type": "method",
         "description": "x"},
        {"id": "named-entity-recognition", "name": "Named entity recognition", "type": "task",
         "description": "x"},
        {"id": "layer-normalization", "name": "Layer normalization", "aliases": ["LayerNorm"],
         "type": "architecture", "description": "x"},
        {"id": "fasttext", "name": "fastText", "aliases": ["FastText"], "type": "model",
         "description": "x"},
        {
            "id": "knowledge-distillation",
            "name": "Knowledge distillation",
            "zh": ["知识蒸馏"],
            "type": "method",
            "description": "x",
        },
    ]
}


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    """The small ontology above, validated."""
    return make_ontology(parse_ontology(ONTOLOGY, "test"))


@pytest.fixture(scope="module")
def nlp(ontology):
    """The blank spaCy pipeline over it (built once per module)."""
    pipeline = make_pipeline(ontology)
    assert pipeline.pipe_names == ["nlpmap_concepts"]
    return pipeline


def _mentions(nlp, markdown: str) -> list[tuple[str, str, str]]:
    doc = Document("a.md", "c", "a.md", "note", "article", parse_markdown(markdown))
    return [(m.concept_id, m.text, m.method) for m in extract_mentions(nlp, [doc])["a.md"]]


def test_an_english_abbreviation_defined_in_the_text_becomes_an_alias(nlp):
    found = _mentions(
        nlp, "A Long Short-Term Memory (LSTM) keeps state.\n\nTwo LSTMs stack; LSTM wins."
    )
    assert ("lstm", "Long Short-Term Memory", "exact") in found
    assert [m for m in found if m[2] == "abbreviation"] == [
        ("lstm", "LSTM", "abbreviation"),
        ("lstm", "LSTMs", "abbreviation"),
        ("lstm", "LSTM", "abbreviation"),
    ]


def test_a_chinese_long_form_teaches_its_latin_short_form_either_way_round(nlp):
    before = _mentions(nlp, "我们用条件随机场（CRF）解码。CRF 很常用。")
    after = _mentions(nlp, "我们用CRF（条件随机场）解码。CRF 很常用。")
    for found in (before, after):
        assert found.count(("crf", "CRF", "abbreviation")) == 2, found
    # without the definition, CRF is no label of the ontology and stays unmatched
    assert ("crf", "CRF", "abbreviation") not in _mentions(nlp, "CRF 很常用。")


def test_a_known_short_form_teaches_its_long_form(nlp):
    found = _mentions(nlp, "The hidden Markov model (HMM) is old; a hidden Markov model is simple.")
    assert ("hmm", "hidden Markov model", "abbreviation") in found


def test_a_chinese_match_cutting_through_a_word_is_refused(nlp):
    assert cuts_through("每个单词表达的特征", 3, 5)  # 词表 across 单词 / 表达
    assert not cuts_through("我们的词表很大", 3, 5)
    assert [m[0] for m in _mentions(nlp, "每个单词表达的特征")] == []
    assert [m[0] for m in _mentions(nlp, "我们的词表很大")] == ["vocabulary"]


def test_de_inserted_in_a_compound_reaches_the_concept(nlp, ontology):
    assert _mentions(nlp, "关于模型的压缩") == [("model-compression", "模型的压缩", "exact")]
    assert PlainScanner(ontology).scan("关于模型的压缩").matches[0][0] == "model-compression"


def test_english_participles_reach_the_concept(nlp):
    found = {m[:2] for m in _mentions(nlp, "The pooled output of a pretrained model, fine-tuned.")}
    assert found == {
        ("pooling", "pooled"),
        ("pre-training", "pretrained"),
        ("fine-tuning", "fine-tuned"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a task named by its tool; a bare "classifier" is any model, not the task Classification
        (
            "Our sentiment classifiers beat the part-of-speech tagger; any classifier would.",
            {
                ("sentiment-analysis", "sentiment classifiers"),
                ("pos-tagging", "part-of-speech tagger"),
            },
        ),
        # British spellings reach the American labels; "contour" and "four" stay themselves
        (
            "An approximate nearest neighbour search, then the optimisers; a contour of four.",
            {("ann", "approximate nearest neighbour search"), ("optimizer", "optimisers")},
        ),
        # words joined by hyphens where the label has spaces, and the other way round
        (
            "Byte-pair encoding splits words; named-entity recognition tags spans; pre training.",
            {
                ("byte-pair-encoding", "Byte-pair encoding"),
                ("named-entity-recognition", "named-entity recognition"),
                ("pre-training", "pre training"),
            },
        ),
        # two words run together in a name are also read apart; "fast text" is plain English
        (
            "A layer norm after each block, a LayerNorm there; a fast text filter, then FastText.",
            {("layer-normalization", "layer norm"), ("layer-normalization", "LayerNorm"),
             ("fasttext", "FastText")},
        ),
    ],
    ids=["tool-names-its-task", "british-spelling", "hyphens-for-spaces", "camel-case"],
)
def test_english_word_forms_reach_the_concept(nlp, ontology, text, expected):
    assert {m[:2] for m in _mentions(nlp, text)} == expected
    assert {m[0] for m in PlainScanner(ontology).scan(text).matches} == {c for c, _ in expected}


def test_traditional_characters_reach_the_concept(nlp, ontology):
    assert [m[:2] for m in _mentions(nlp, "條件隨機場與知識蒸餾")] == [
        ("crf", "條件隨機場"),
        ("knowledge-distillation", "知識蒸餾"),
    ]
    scan = PlainScanner(ontology).scan("知識蒸餾")
    assert scan.matches == (("knowledge-distillation", 0, 4, "exact"),)


def test_an_abbreviation_the_ontology_lacks_becomes_one_candidate_with_both_forms(ontology):
    from graph.concepts.candidates import find_candidates

    text = "We report the Expected Calibration Error (ECE).\n\nThe ECE falls; two ECEs differ."
    doc = Document("a.md", "c", "a.md", "note", "article", parse_markdown(text))
    found = {c.term: c for c in find_candidates([doc], ontology)}
    assert list(found) == ["ECE"]
    assert set(found["ECE"].forms) == {"ECE", "ECEs", "Expected Calibration Error"}
    assert found["ECE"].count == 4 and found["ECE"].in_heading


@pytest.mark.parametrize(
    ("phrase", "kept"),
    [
        ("validation loss", True),
        ("Mixed precision", True),
        ("learning rate finder", True),
        ("BERT Base", True),
        ("much powerful computers", False),
        ("Useful resources", False),
        ("use TensorBoard", False),
        ("Shrinking models", False),
        ("Overfit one batch", False),
    ],
)
def test_english_candidates_are_noun_phrases_with_a_technical_head_or_a_name(phrase, kept):
    from graph.concepts.candidates.filters import is_english_term

    assert is_english_term(phrase) is kept


def test_english_headings_that_name_no_concept_give_no_candidate(ontology):
    from graph.concepts.candidates import find_candidates

    text = (
        "# Useful resources\n\n## Shrinking models\n\n## Team habits\n\n## Validation loss\n\n"
        "Watch the validation loss, **much powerful computers** and the **drift monitor**."
    )
    doc = Document("a.md", "c", "a.md", "note", "article", parse_markdown(text))
    # a heading needs a technical head; bold text marks a term and needs a fair opening only
    assert sorted(c.term for c in find_candidates([doc], ontology)) == [
        "Validation loss",
        "drift monitor",
    ]


def test_a_name_wrapped_over_two_lines_of_a_paragraph_is_one_mention(nlp, ontology):
    text = "We fine-tune a small\nknowledge\ndistillation student. 条件随\n机场解码。"
    found = _mentions(nlp, text)
    assert ("knowledge-distillation", "knowledge\ndistillation", "exact") in found
    assert ("crf", "条件随\n机场", "exact") in found
    plain = {m[0] for m in PlainScanner(ontology).scan(parse_markdown(text).text).matches}
    assert {"knowledge-distillation", "crf"} <= plain
    # a blank line ends the paragraph: no name spans two of them
    assert "knowledge-distillation" not in {
        m[0] for m in _mentions(nlp, "knowledge\n\ndistillation")
    }


def test_no_name_spans_the_title_and_the_file_name(nlp):
    doc = Document(
        "Distillation.md", "c", "Distillation.md", "Knowledge", "article", parse_markdown("")
    )
    assert extract_mentions(nlp, [doc])["Distillation.md"] == []


def test_british_spellings_reach_the_concept_the_ontology_spells_the_american_way():
    oneword = make_ontology(
        parse_ontology(
            {
                "concepts": [
                    {"id": "lm", "name": "Language modeling", "type": "task", "description": "x"},
                    {"id": "tok", "name": "Tokenization", "type": "method", "description": "x"},
                ]
            },
            "test",
        )
    )
    pipeline = make_pipeline(oneword)
    text = "Masked language modelling needs tokenisation first."
    assert [m[:2] for m in _mentions(pipeline, text)] == [
        ("lm", "language modelling"),
        ("tok", "tokenisation"),
    ]
    plain = PlainScanner(oneword).scan(parse_markdown(text).text)
    assert [m[0] for m in plain.matches] == ["lm", "tok"]
