"""The explorer's drawing data (webapp.drawing): label priorities, communities, edge weights."""

from __future__ import annotations

import networkx as nx

from webapp.drawing import drawing_data, label_values, specificity


def corpus_graph(specific_attr: bool = False) -> nx.DiGraph:
    """Ten articles: all mention a generic hub concept, one mentions a specific topic."""
    G = nx.DiGraph()
    for i in range(10):
        G.add_node(f"article:a{i}.md", kind="article", label=f"A{i}", pagerank=0.01, x=float(i), y=0.0)
    G.add_node("concept:generic", kind="concept", label="Generic hub", type="concept", pagerank=0.5,
               x=0.0, y=5.0, community=0, community_label="Generic hub · Topic")
    G.add_node("concept:topic", kind="concept", label="Topic", type="model", pagerank=0.01, x=1.0, y=5.0,
               community=0, community_label="Generic hub · Topic")
    G.add_node("concept:other", kind="concept", label="Other", type="task", pagerank=0.02, x=2.0, y=5.0,
               community=1)
    for i in range(10):
        G.add_edge(f"article:a{i}.md", "concept:generic", kind="mentions", weight=1, salience=0.4)
    G.add_edge("article:a0.md", "concept:topic", kind="mentions", weight=7, salience=1.0)
    G.add_edge("article:a1.md", "concept:other", kind="mentions", weight=2, salience=0.2)
    G.add_edge("concept:topic", "concept:other", kind="co_occurs", weight=0.42, count=1)
    if specific_attr:
        for node, value in {"concept:generic": 0.9, "concept:topic": 0.1, "concept:other": 0.5}.items():
            G.nodes[node]["specificity"] = value
    return G


def test_labels_follow_specificity_not_pagerank():
    G = corpus_graph()
    spec = specificity(G)
    assert spec["concept:topic"] == 1.0 and spec["concept:generic"] < 0.2
    values = label_values(G, spec)
    assert values["concept:topic"] > values["concept:generic"]
    # the build's own specificity wins when every concept has one
    G2 = corpus_graph(specific_attr=True)
    assert specificity(G2)["concept:generic"] == 0.9
    assert label_values(G2, specificity(G2))["concept:generic"] > label_values(G2, specificity(G2))["concept:topic"]


def test_drawing_data_carries_ids_communities_and_weights():
    G = corpus_graph()
    data = drawing_data(G, {n: None for n in G})
    nodes = {n["nid"]: n for n in data["nodes"]}
    assert nodes["concept:generic"]["deg"] == 10 and nodes["concept:generic"]["c"] == 0
    assert nodes["concept:topic"]["lv"] > nodes["concept:generic"]["lv"]
    assert data["communities"][0] == {"id": 0, "label": "Generic hub · Topic", "size": 2}
    assert data["communities"][1]["label"] == "Community 1"
    styles = [s["name"] for s in data["edge_styles"]]
    co = [e for e in data["edges"] if styles[e[2]] == "co_occurs"]
    assert co == [[nodes["concept:topic"]["id"], nodes["concept:other"]["id"], styles.index("co_occurs"), 0.42]]
    assert G.nodes["concept:topic"].get("lv") is None  # the graph is not modified


def test_a_folder_is_drawn_with_a_slash_beside_a_hub_section_and_a_concept_of_its_name():
    G = nx.DiGraph()
    G.add_node("section:hub:Transformer", kind="section", label="Transformer", source="hub")
    G.add_node("section:folder:c/Transformer", kind="section", label="Transformer", source="folder")
    G.add_node("concept:transformer", kind="concept", label="Transformer", type="architecture")
    data = drawing_data(G, {n: None for n in G})
    nodes = {n["nid"]: n for n in data["nodes"]}
    assert nodes["section:folder:c/Transformer"]["label"] == "Transformer/"
    assert nodes["section:hub:Transformer"]["label"] == "Transformer"
    assert nodes["concept:transformer"]["label"] == "Transformer"
    assert nodes["section:folder:c/Transformer"]["title"].splitlines()[:2] == ["Transformer/", "folder"]
    assert nodes["section:hub:Transformer"]["title"].splitlines()[1] == "section of the hub"
    assert G.nodes["section:folder:c/Transformer"]["label"] == "Transformer"  # the graph keeps its name
