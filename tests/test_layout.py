"""The precomputed layout: deterministic, clustered, weighted by edge kind, no overlaps, fast paths for big graphs."""

from __future__ import annotations

import math
import random
import statistics

import networkx as nx
import numpy as np
import pytest

from graph.layout import (
    EXACT_LIMIT,
    RADIUS_MIN,
    edge_weight,
    layout_positions,
    node_radii,
)


def _min_distance(pos) -> float:
    pts = np.asarray(list(pos.values()), dtype=float)
    gaps = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(gaps, np.inf)
    return float(gaps.min())


def _mean_distance(pos, pairs) -> float:
    return statistics.fmean(math.dist(pos[u], pos[v]) for u, v in pairs)


def map_graph(articles: int = 60, topics: int = 6, seed: int = 1) -> nx.DiGraph:
    """A small nlpmap-shaped graph: topic folders, articles mentioning their topic's concepts.

    Each article sits in its topic's section, mentions three concepts of its
    topic (one primary, salient) and one generic concept weakly, and has one
    concept of its own; a few ontology relations cross topics; a hub links to
    every article (as a README index does).
    """
    rng = random.Random(seed)
    G = nx.DiGraph()
    G.add_node("hub", kind="hub", label="README", pagerank=0.05)
    for t in range(topics):
        G.add_node(f"section:t{t}", kind="section", label=f"Topic {t}", pagerank=0.01)
        for c in range(5):
            G.add_node(f"concept:t{t}c{c}", kind="concept", label=f"T{t}C{c}", type="model", pagerank=0.003)
    for g in range(3):
        G.add_node(f"concept:generic{g}", kind="concept", label=f"Generic {g}", type="concept", pagerank=0.02)
    for a in range(articles):
        t = a % topics
        art = f"article:a{a}.md"
        G.add_node(art, kind="article", label=f"Article {a}", pagerank=0.001 + rng.random() / 1000)
        G.add_edge(art, f"section:t{t}", kind="in_section")
        G.add_edge("hub", art, kind="links_to")
        main, *others = rng.sample(range(5), 3)
        G.add_edge(art, f"concept:t{t}c{main}", kind="mentions", weight=5, salience=0.9, primary=True)
        for c in others:
            G.add_edge(art, f"concept:t{t}c{c}", kind="mentions", weight=2, salience=0.6, primary=False)
        G.add_edge(art, f"concept:generic{a % 3}", kind="mentions", weight=1, salience=0.25, primary=False)
        own = f"concept:own{a}"
        G.add_node(own, kind="concept", label=f"Own {a}", type="method", pagerank=0.0005)
        G.add_edge(art, own, kind="mentions", weight=1, salience=0.4, primary=False)
    for _ in range(40):  # ontology relations across topics
        u, v = rng.sample(range(topics), 2)
        G.add_edge(f"concept:t{u}c{rng.randrange(5)}", f"concept:t{v}c{rng.randrange(5)}", kind="relation", type="uses")
    return G


def test_same_graph_same_drawing():
    G = nx.les_miserables_graph()
    assert layout_positions(G) == layout_positions(G)
    M = map_graph()
    assert layout_positions(M) == layout_positions(M)
    assert layout_positions(M, seed=1) != layout_positions(M, seed=2)


def test_nodes_are_spread_and_neighbours_closer_than_strangers():
    G = nx.connected_caveman_graph(6, 8)
    pos = layout_positions(G)
    assert set(pos) == set(G)
    assert _min_distance(pos) > 1.0
    near = [math.dist(pos[u], pos[v]) for u, v in G.edges()]
    far = [math.dist(pos[u], pos[v]) for u in list(G)[:8] for v in list(G)[-8:]]
    assert sum(near) / len(near) < sum(far) / len(far)


def test_edge_weights_follow_the_kind():
    relation = edge_weight({"kind": "relation", "type": "uses"})
    section = edge_weight({"kind": "in_section"})
    link = edge_weight({"kind": "links_to"})
    primary = edge_weight({"kind": "mentions", "salience": 0.9, "primary": True})
    salient = edge_weight({"kind": "mentions", "salience": 0.9, "primary": False})
    passing = edge_weight({"kind": "mentions", "salience": 0.2, "primary": False})
    assert relation < passing < salient < primary
    assert relation < section and relation < link
    assert edge_weight({}) == 1.0  # plain graphs
    assert edge_weight({"kind": "mentions", "salience": "n/a"}) > 0


def test_articles_cluster_by_topic_with_their_concepts():
    G = map_graph()
    pos = layout_positions(G)
    articles = [n for n, kind in G.nodes(data="kind") if kind == "article"]
    topic = {a: next(v for v in G.successors(a) if v.startswith("section:")) for a in articles}
    same = [(a, b) for i, a in enumerate(articles) for b in articles[i + 1 :] if topic[a] == topic[b]]
    other = [(a, b) for i, a in enumerate(articles) for b in articles[i + 1 :] if topic[a] != topic[b]]
    assert _mean_distance(pos, same) < 0.6 * _mean_distance(pos, other)
    # each section sits among its articles: nearer to them than to the others
    for t in range(6):
        section = f"section:t{t}"
        mine = [(section, a) for a in articles if topic[a] == section]
        theirs = [(section, a) for a in articles if topic[a] != section]
        assert _mean_distance(pos, mine) < _mean_distance(pos, theirs)


def test_concept_mentioned_by_one_article_sits_by_it():
    G = map_graph()
    pos = layout_positions(G)
    pairs = [(u, v) for u in pos for v in pos if u < v]
    median = statistics.median(math.dist(pos[u], pos[v]) for u, v in pairs)
    for a in range(60):
        own, article = f"concept:own{a}", f"article:a{a}.md"
        gap = math.dist(pos[own], pos[article])
        assert gap < 0.25 * median, (own, gap, median)
        # and its article is one of the nearest
        nearest = sorted((n for n in pos if n.startswith("article:")), key=lambda n: math.dist(pos[n], pos[own]))
        assert article in nearest[:3]


def test_primary_mention_pulls_harder_than_passing_one():
    G = map_graph()
    pos = layout_positions(G)
    primary = [(u, v) for u, v, a in G.edges(data=True) if a.get("kind") == "mentions" and a.get("primary")]
    passing = [(u, v) for u, v, a in G.edges(data=True) if a.get("kind") == "mentions" and a["salience"] < 0.3]
    relation = [(u, v) for u, v, a in G.edges(data=True) if a.get("kind") == "relation"]
    assert _mean_distance(pos, primary) < _mean_distance(pos, passing)
    assert _mean_distance(pos, primary) < 0.5 * _mean_distance(pos, relation)


def test_hub_is_the_centre():
    G = map_graph()
    pos = layout_positions(G)
    assert pos["hub"] == (0.0, 0.0)
    xs, ys = zip(*pos.values())
    assert abs(statistics.median(xs)) < 0.2 * (max(xs) - min(xs))
    assert abs(statistics.median(ys)) < 0.2 * (max(ys) - min(ys))


def test_no_two_nodes_overlap():
    G = map_graph()
    pos = layout_positions(G)
    nodes = list(G)
    radius = node_radii(G, nodes)
    pts = np.asarray([pos[n] for n in nodes])
    gaps = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(axis=-1))
    need = radius[:, None] + radius[None, :]
    np.fill_diagonal(gaps, np.inf)
    assert (gaps >= 0.97 * need).all()
    assert _min_distance(pos) >= 0.97 * 2 * RADIUS_MIN


def test_important_nodes_get_more_room():
    G = map_graph()
    nodes = list(G)
    radius = dict(zip(nodes, node_radii(G, nodes)))
    assert radius["concept:generic0"] > radius["concept:own0"]
    assert max(radius[n] for n in nodes if n.startswith("section:")) > radius["concept:own0"]


def test_wide_like_a_screen():
    pos = layout_positions(map_graph(articles=120, topics=8))
    xs, ys = zip(*pos.values())
    assert (max(xs) - min(xs)) > 1.1 * (max(ys) - min(ys))
    square = layout_positions(map_graph(articles=120, topics=8), aspect=1.0)
    xs, ys = zip(*square.values())
    assert 0.7 < (max(xs) - min(xs)) / (max(ys) - min(ys)) < 1.4


def test_large_graph_uses_the_mesh_and_stays_finite():
    G = nx.barabasi_albert_graph(EXACT_LIMIT * 4, 2, seed=3)
    pos = layout_positions(G)
    assert len(pos) == G.number_of_nodes()
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert _min_distance(pos) >= 0.97 * 2 * RADIUS_MIN
    near = [math.dist(pos[u], pos[v]) for u, v in G.edges()]
    nodes = list(G)
    rng = random.Random(0)
    strangers = [math.dist(pos[rng.choice(nodes)], pos[rng.choice(nodes)]) for _ in range(2000)]
    assert statistics.median(near) < 0.5 * statistics.median(strangers)


def test_ten_thousand_nodes_are_finite_and_distinct():
    rng = random.Random(5)
    G = nx.DiGraph()
    concepts = [f"concept:{i}" for i in range(3500)]
    sections = [f"section:{i}" for i in range(500)]
    G.add_nodes_from(concepts, kind="concept")
    G.add_nodes_from(sections, kind="section")
    for i in range(5999):
        article = f"article:{i}"
        G.add_node(article, kind="article")
        G.add_edge(article, rng.choice(sections), kind="in_section")
        for concept in rng.sample(concepts, 4):
            G.add_edge(article, concept, kind="mentions", salience=rng.random(), primary=False)
    G.add_node("hub", kind="hub")
    assert G.number_of_nodes() == 10_000
    pos = layout_positions(G)  # its speed is measured by bench/draw.py, not here
    pts = np.asarray(list(pos.values()))
    assert np.isfinite(pts).all()
    assert len({tuple(p) for p in pts}) == len(pts)


@pytest.mark.parametrize("graph", [nx.path_graph(2), nx.star_graph(5), nx.complete_graph(4), nx.empty_graph(5)])
def test_tiny_and_degenerate_graphs(graph):
    pos = layout_positions(graph)
    assert set(pos) == set(graph)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert _min_distance(pos) >= 0.97 * 2 * RADIUS_MIN


def test_input_graph_untouched_and_trivial_cases():
    G = nx.DiGraph([("a", "b")])
    layout_positions(G)
    assert dict(G.nodes(data=True)) == {"a": {}, "b": {}}
    M = map_graph()
    before = nx.node_link_data(M, edges="links")
    layout_positions(M)
    assert nx.node_link_data(M, edges="links") == before
    assert layout_positions(nx.Graph()) == {}
    assert layout_positions(nx.Graph([(1, 1)])) == {1: (0.0, 0.0)}
