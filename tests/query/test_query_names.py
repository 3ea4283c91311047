"""What a related query names, beyond exact names: plurals, a word of a name, vague words,
and concepts the ontology knows that the map does not (small graphs with the ontology's ids)."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.errors import QueryNotFound
from graph.query import related
from graph.query.resolve import find_nodes

CONCEPTS = {
    "model-calibration": ("Model calibration", ["模型校准", "概率校准"], "method"),
    "expected-calibration-error": ("Expected calibration error", ["ECE"], "metric"),
    "conditional-random-field": ("Conditional random field", ["CRF", "条件随机场"], "model"),
    "bert": ("BERT", [], "model"),
    "teacher-model": ("Teacher model", [], "concept"),
    "student-model": ("Student model", [], "concept"),
    "attention": ("Attention", ["注意力机制"], "method"),
    "transformer": ("Transformer", [], "architecture"),
}
ARTICLES = {
    "probabilities.md": {"model-calibration": 0.9, "expected-calibration-error": 0.6},
    "tagging.md": {"conditional-random-field": 0.9, "bert": 0.3},
    "compression.md": {"teacher-model": 0.8, "student-model": 0.8, "bert": 0.5},
    "reading-notes.md": {"attention": 0.9, "transformer": 0.7},
}


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    G = nx.DiGraph()
    for cid, (label, aliases, kind) in CONCEPTS.items():
        G.add_node(f"concept:{cid}", kind="concept", label=label, aliases=aliases, type=kind)
    for path, mentions in ARTICLES.items():
        node = f"article:links/c/{path}"
        G.add_node(node, kind="article", label=path, path=f"links/c/{path}", corpus_path=path)
        for cid, sal in mentions.items():
            G.add_edge(node, f"concept:{cid}", kind="mentions", weight=2, salience=sal,
                       primary=sal >= 0.8)
    G.add_edge("concept:attention", "concept:transformer", kind="relation", type="part_of")
    return G


def _ids(G, query):
    return [(m["id"], m["method"]) for m in find_nodes(G, query)]


@pytest.mark.parametrize("query", ["CRFs", "crfs", "Conditional random fields"])
def test_an_english_plural_names_the_concept(G, query):
    assert _ids(G, query) == [("concept:conditional-random-field", "name")]


@pytest.mark.parametrize("query", ["calibration", "Calibration", "校准"])
def test_the_head_word_of_one_name_reaches_it_in_either_script(G, query):
    # Model calibration ends in it (概率校准 too); Expected calibration error only contains it
    result = related(G, query)
    assert result["match"]["id"] == "concept:model-calibration"
    assert result["match"]["method"] == "inside"
    assert result["concepts"][0]["id"] == "concept:expected-calibration-error"


def test_a_vague_word_names_nothing_even_where_few_names_have_it(G):
    # this map has two '... model' concepts, but the ontology has dozens: 'model' is too vague
    with pytest.raises(QueryNotFound) as caught:
        find_nodes(G, "model")
    assert {"Teacher model", "Student model"} <= set(caught.value.suggestions)
    assert caught.value.known is None


def test_a_vague_word_beside_a_name_is_skipped(G):
    assert _ids(G, "bert models") == [("concept:bert", "words")]
    assert _ids(G, "the bert model") == [("concept:bert", "words")]
    # beside a name, a word names another only as the end of its name: 'expected' is a
    # word of Expected calibration error, not its name; 'calibration' ends Model calibration
    assert _ids(G, "expected bert") == [("concept:bert", "words")]
    assert _ids(G, "bert calibration") == [("concept:bert", "words"),
                                           ("concept:model-calibration", "words")]
    # a word that names nothing at all still sinks the split
    with pytest.raises(QueryNotFound):
        find_nodes(G, "bert zzqxv")


def test_a_concept_the_ontology_knows_but_no_article_mentions_says_so(G):
    # Self-attention is a kind of Attention and part of the Transformer in the ontology
    with pytest.raises(QueryNotFound) as caught:
        related(G, "self attention")
    error = caught.value
    assert error.known == "Self-attention"
    assert "No article of this map mentions Self-attention" in str(error)
    assert {"Attention", "Transformer"} <= set(error.suggestions)
    # the words of that name are not taken one by one for two other concepts
    assert "words" not in str(error)


def test_the_one_ontology_concept_a_word_ends_is_named_when_the_map_lacks_it(G):
    H = G.copy()
    H.remove_nodes_from(["concept:model-calibration", "concept:expected-calibration-error"])
    with pytest.raises(QueryNotFound) as caught:
        find_nodes(H, "calibration")
    assert caught.value.known == "Model calibration"
    # a word ending many of the ontology's names claims none of them
    with pytest.raises(QueryNotFound) as caught:
        find_nodes(H, "retrieval")
    assert caught.value.known is None


def test_path_and_neighbours_resolve_their_ends_the_same_way(G):
    from graph.query.neighbours import neighbours
    from graph.query.paths import shortest_path

    path = shortest_path(G, "CRFs", "bert models")
    assert (path["from"]["id"], path["to"]["id"]) == ("concept:conditional-random-field", "concept:bert")
    around = neighbours(G, "校准")
    assert around["center"]["id"] == "concept:model-calibration"
    # two names are no single end: both are offered
    with pytest.raises(QueryNotFound) as caught:
        shortest_path(G, "crf bert", "Transformer")
    assert caught.value.suggestions == ["Conditional random field", "BERT"]
