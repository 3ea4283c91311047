"""Misspelt concept names: which one-edit slips count, and how they become matches."""

from __future__ import annotations

from collections import Counter

from graph.concepts.fuzzy import (
    FuzzyCandidates,
    add_typos,
    fuzzy_table,
    long_enough,
    plausible_typo,
)


def test_plausible_typo_rules():
    assert plausible_typo("transfomer", "transformer")  # a letter dropped inside
    assert plausible_typo("tranformers", "transformers")
    assert plausible_typo("wrod2vec", "word2vec")  # a swap
    assert plausible_typo("transformers", "transformer")  # a plural s
    assert not plausible_typo("qlearning", "learning")  # another first letter
    assert not plausible_typo("performed", "performer")  # another last letter
    assert not plausible_typo("encode", "encoder")  # a letter dropped at the end
    assert not plausible_typo("gpt4", "gpt3")  # versions, not typos


def test_long_enough_counts_letters_only():
    assert long_enough("transformer") and long_enough("word2vec")
    assert not long_enough("gpt-35") and not long_enough("bert")


def test_fuzzy_table_maps_slips_to_concepts():
    names = {"transformer": "transformer", "word2vec": "word2vec", "resnet50": "resnet50"}
    table = fuzzy_table(names, {"transfomer", "wrod2vec", "resnet60", "unrelated"})
    assert table == {"transfomer": "transformer", "wrod2vec": "word2vec"}


def test_candidates_skip_exact_labels_and_short_words():
    candidates = FuzzyCandidates({"transformer"})
    text = "Transformer, Transfomer and Transfomer; BERT, Bret."
    assert candidates.words(text) == Counter({"transfomer": 2})
    assert candidates.split_words([(0, 10, "layernrom"), (0, 3, "bert")]) == Counter(
        {"layernrom": 1}
    )


def test_add_typos_adds_uncovered_slips_and_replaces_split_words():
    text = "Transformer 与 Transfomer，layer-nrom"
    candidates = FuzzyCandidates({"transformer", "layernorm"})
    matches = [("transformer", 0, 11, "exact"), ("layer", 25, 30, "exact")]
    table = {"transfomer": "transformer", "layernrom": "layer-normalization"}
    assert text[14:24] == "Transfomer" and text[25:35] == "layer-nrom"
    out = add_typos(
        text, matches, [(25, 35, "layernrom")], candidates.words(text), candidates, table
    )
    assert out == [
        ("transformer", 0, 11, "exact"),
        ("transformer", 14, 24, "fuzzy"),
        ("layer-normalization", 25, 35, "fuzzy"),
    ]
    assert add_typos(text, matches, [], Counter(), candidates, {}) == matches
