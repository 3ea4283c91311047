"""The concept tokenizer's word splitting and the spellings of a label (no spaCy Doc needed)."""

from __future__ import annotations

import random

import pytest

from graph.concepts.tokenizer import (
    ConceptTokenizer,
    is_latin_label,
    label_variants,
    plural_label,
)
from graph.ontology import load_ontology, normalize_label


@pytest.fixture(scope="module")
def labels() -> list[str]:
    return [label for c in load_ontology().concepts.values() for label in c.labels]


@pytest.fixture(scope="module")
def tokenizer(labels) -> ConceptTokenizer:
    compounds = {normalize_label(label) for label in labels if is_latin_label(label)}
    return ConceptTokenizer(None, compounds)


def _slow_words(tokenizer: ConceptTokenizer, text: str) -> tuple[str, ...]:
    """Non-space tokens as the tokenizer's full split gives them (what a Doc would hold)."""
    return tuple(word for word in tokenizer.split(text)[0] if not word.isspace())


def test_split_keeps_latin_words_and_splits_cjk(tokenizer):
    words, spaces = tokenizer.split("Bi-LSTM和GPT-3 ，word2vec  BERT-xyz 中文")
    assert words[:3] == ["Bi-LSTM", "和", "GPT-3"]
    assert "word2vec" in words and "BERT" in words and "xyz" in words  # unknown compound: split
    assert words[-2:] == ["中", "文"]
    assert len(words) == len(spaces)


def test_words_shortcuts_agree_with_the_full_split(tokenizer, labels):
    rng = random.Random(7)
    texts = [*labels, *(label.upper() for label in labels)]
    texts += ["a  b", "a\tb", " a", "a ", "Café au lait", "ＬａｙｅｒＮｏｒｍ", "www x", "C++"]
    texts += ["中文 word", "x\u00a0y", "İstanbul", "知识蒸馏", "http://x.org BERT", ""]
    texts += ["".join(rng.choice("aB -._\t中1é+'") for _ in range(8)) for _ in range(3000)]
    for text in texts:
        assert tokenizer.words(text) == _slow_words(tokenizer, text), text


def test_plural_label():
    assert plural_label("CNN") == "CNNs"
    assert plural_label("Cosine similarity") == "Cosine similarities"
    assert plural_label("analysis") == "analyses"
    assert plural_label("softmax") == "softmaxes"
    assert plural_label("BERTs") is None
    assert plural_label("知识蒸馏") is None


def test_label_variants_list_split_compact_and_plural_spellings(tokenizer):
    variants = label_variants(tokenizer, "Layer Normalization")
    assert ("Layer", "Normalization") in variants
    assert ("layernormalization",) in variants
    assert ("Layer", "Normalizations") in variants
    assert label_variants(tokenizer, "知识蒸馏") == [("知", "识", "蒸", "馏"), ("知", "识", "的", "蒸", "馏")]
    # a plural that is itself another label's key is left to that label
    assert all("BERTs" not in v for v in label_variants(tokenizer, "BERT", {"berts"}))


def test_plural_labels():
    from graph.concepts.tokenizer import plural_label

    assert plural_label("CNN") == "CNNs"
    assert plural_label("inductive bias") == "inductive biases"
    assert plural_label("cross-entropy loss") == "cross-entropy losses"
    assert plural_label("analysis") == "analyses"
    assert plural_label("word embeddings") is None
