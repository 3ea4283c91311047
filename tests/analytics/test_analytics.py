"""Graph analytics stored by the build: co-occurrence, similarity, index pages, communities."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from graph.analytics import MentionMatrix, analyse, co_occurrences, index_pages, similar_articles
from graph.store import load_graph


def _mentions(table: dict[str, dict[str, float]]) -> nx.DiGraph:
    G = nx.DiGraph()
    for article, concepts in table.items():
        G.add_node(article, kind="article", label=article, path=f"{article}.md", refs=0,
                   prose_chars=2000)
        for concept, sal in concepts.items():
            G.add_node(concept, kind="concept", label=concept.upper())
            G.add_edge(article, concept, kind="mentions", salience=sal)
    return G


def test_npmi_of_co_occurring_concepts_matches_its_definition():
    G = _mentions({
        "a1": {"crf": 0.9, "hmm": 0.8}, "a2": {"crf": 0.9, "hmm": 0.5}, "a3": {"crf": 0.4},
        "a4": {"bert": 0.9}, "a5": {"bert": 0.8, "hmm": 0.2}, "a6": {"bert": 0.7},
    })
    pairs = {(u, v): (w, n) for u, v, w, n in co_occurrences(MentionMatrix.from_graph(G))}
    p_xy, p_x, p_y = 2 / 6, 3 / 6, 3 / 6
    expected = math.log(p_xy / (p_x * p_y)) / -math.log(p_xy)
    assert pairs[("crf", "hmm")] == (pytest.approx(expected, abs=1e-4), 2)
    assert ("bert", "hmm") not in pairs  # one shared article is below min_count


def test_similar_articles_share_specific_concepts():
    G = _mentions({
        "a": {"crf": 0.9, "hmm": 0.8, "ml": 0.5}, "b": {"crf": 0.8, "hmm": 0.9, "ml": 0.5},
        "c": {"bert": 0.9, "ml": 0.5}, "d": {"bert": 0.2, "gpt": 0.9, "ml": 0.5},
    })
    pairs = {(u, v): w for u, v, w in similar_articles(MentionMatrix.from_graph(G))}
    assert pairs[("a", "b")] > 0.9
    assert ("a", "c") not in pairs  # only the concept every article mentions (IDF 0) is shared


def test_index_pages_by_their_share_of_links_not_their_name():
    G = nx.DiGraph()
    G.add_node("article:README.md", kind="article", path="README.md", refs=30, prose_chars=400)
    G.add_node("article:x/README.md", kind="article", path="x/README.md", refs=2, prose_chars=3000)
    G.add_node("article:tags/attention.md", kind="article", path="tags/attention.md", refs=0,
               prose_chars=12)
    G.add_node("article:bert.md", kind="article", path="bert.md", refs=4, prose_chars=5000)
    assert index_pages(G) == {"article:README.md", "article:tags/attention.md"}


@pytest.fixture(scope="module")
def nlp_graph(nlp_ability_graph_file):
    return load_graph(nlp_ability_graph_file)


def test_the_built_graph_carries_its_analytics(nlp_graph):
    G = nlp_graph
    kinds = {e["kind"] for *_, e in G.edges(data=True)}
    assert {"co_occurs", "similar"} <= kinds
    for u, v, e in G.edges(data=True):
        if e["kind"] == "co_occurs":
            assert G.nodes[u]["kind"] == G.nodes[v]["kind"] == "concept"
            assert 0 < e["weight"] <= 1 and e["count"] >= 2
        elif e["kind"] == "similar":
            assert G.nodes[u]["kind"] == G.nodes[v]["kind"] == "article" and 0 < e["weight"] <= 1
    # the corpus README lists 75 links: an index page; a long article is not
    readme = "article:links/NLP_ability/README.md"
    assert G.nodes[readme]["index_page"] is True
    articles = [d for _, d in G.nodes(data=True) if d["kind"] == "article"]
    assert sum(d["index_page"] for d in articles) < len(articles) / 5
    # every article and concept is in a named community
    for _, d in G.nodes(data=True):
        if d["kind"] in ("article", "concept"):
            assert d["community"] >= 0 and d["community_label"]
    spec = {d["label"]: d["specificity"] for _, d in G.nodes(data=True) if d["kind"] == "concept"}
    assert spec["Knowledge distillation"] > spec["Machine learning"]


def test_analytics_are_deterministic_and_leave_the_graph_alone(nlp_graph):
    G = nlp_graph.copy()
    before = nx.to_dict_of_dicts(G)
    first, second = analyse(G), analyse(G)
    assert first == second
    assert nx.to_dict_of_dicts(G) == before
    assert np.isfinite([w for _, _, w, _ in first.co_occurs]).all()


def test_a_short_note_linking_as_it_explains_is_no_index_page_but_a_list_of_links_is(tmp_path):
    """An Obsidian-style vault: an atomic note with links inside its sentences is an article,
    a map of content listing the same notes is an index page (a real build, real files)."""
    from graph.build import build_workspace

    (tmp_path / "llm").mkdir()
    (tmp_path / "llm/lora.md").write_text(
        "# LoRA\n\nLow-rank adaptation freezes the pretrained weights and learns two small "
        "matrices per layer.\nIt is one of the [[peft|parameter-efficient fine-tuning]] "
        "methods, next to adapters and prefix tuning.\n\nSee also [[attention]] and [[rlhf]].\n",
        "utf-8",
    )
    (tmp_path / "llm/map.md").write_text(
        "# Large language models\n\n- [[lora]]\n- [[peft]]\n- [[rlhf]]\n- [[attention]]\n",
        "utf-8",
    )
    for name, text in (
        ("peft", "Parameter-efficient fine-tuning trains a few weights: LoRA, adapters."),
        ("rlhf", "A reward model learns human preferences; PPO then tunes the policy against it."),
        ("attention", "Scaled dot-product attention weighs the values by softmax(QK^T)."),
    ):
        (tmp_path / f"llm/{name}.md").write_text(f"# {name}\n\n{text}\n", "utf-8")
    G = build_workspace(tmp_path)
    lora, moc = G.nodes["article:llm/lora.md"], G.nodes["article:llm/map.md"]
    assert (lora["refs"], lora["listed_refs"]) == (3, 2)  # the "See also" line lists two
    assert lora["index_page"] is False
    assert (moc["refs"], moc["listed_refs"]) == (4, 4) and moc["index_page"] is True
