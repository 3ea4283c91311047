"""The concept component: patterns given as token hashes match like pattern Docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.concepts.extract import make_pipeline
from graph.concepts.matcher import FACTORY, ConceptMatcher, concept_patterns
from graph.concepts.tokenizer import plural_label
from graph.ontology import load_ontology, normalize_label

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ontology():
    return load_ontology()


@pytest.fixture(scope="module")
def nlp(ontology):
    return make_pipeline(ontology)


@pytest.fixture(scope="module")
def reference(nlp, ontology):
    """A PhraseMatcher given the same patterns as Docs (the documented way)."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    for key, sequences in concept_patterns(ontology, nlp.tokenizer).patterns.items():
        docs = [Doc(nlp.vocab, words=list(seq), spaces=[True] * len(seq)) for seq in sequences]
        matcher.add(key, docs)
    return matcher


def _texts(ontology) -> list[str]:
    labels = [label for c in ontology.concepts.values() for label in c.labels]
    plurals = [p for p in map(plural_label, labels) if p]
    every = "。".join(labels + plurals)
    texts = [every, every.upper(), every.lower().replace(" ", "-"), every.replace(" ", "")]
    texts += [
        "Bert蒸馏 vs RoBERTa, BERT-base 和 BERT's; AEs and aes; GPT-3 GPT3 gpt 3",
        "layer-norm, LayerNorm, ＬａｙｅｒＮｏｒｍ, LAYER_NORM, Layer  Norm\tlayer\nnorm",
        "Transformers, Bi-LSTMs and cosine similarities; C++ c# .NET word2vec-based",
        "",
    ]
    for path in sorted((ROOT / "links").rglob("*.md")) + [ROOT / "README.md"]:
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def test_hash_patterns_match_like_pattern_docs(nlp, reference, ontology):
    component: ConceptMatcher = nlp.get_pipe(FACTORY)
    for text in _texts(ontology):
        doc = nlp.make_doc(text)
        assert component.matcher(doc) == reference(doc)


def test_component_writes_spans_and_match_tuples(nlp):
    doc = nlp("BERT 用了 Transformer。")
    assert [(s.text, s.label_) for s in doc.spans["concepts"]] == [
        ("BERT", "bert"),
        ("Transformer", "transformer"),
    ]
    matches = doc.user_data["nlpmap_matches"]
    assert [(label, doc.text[start:end]) for label, _, _, start, end in matches] == [
        ("bert", "BERT"),
        ("transformer", "Transformer"),
    ]


def test_concept_patterns_tables(nlp, ontology):
    found = concept_patterns(ontology, nlp.tokenizer)
    assert ("B", "E", "R", "T") not in found.patterns["bert"]
    assert ("BERT",) in found.patterns["bert"] and ("BERTs",) in found.patterns["bert"]
    assert all(key[0] == "?" for key in found.ambiguous)
    listed = {normalize_label(label) for label in ontology.ambiguous}
    assert all(len(ids) > 1 or key[1:] in listed for key, ids in found.ambiguous.items())
    assert "transformer" in found.fuzzy_names and "bert" not in found.fuzzy_names  # too short
    assert "bert" in found.exact_keys and "知识蒸馏" in found.exact_keys
    assert all(cid in ontology.concepts for cid in found.neighbours)
