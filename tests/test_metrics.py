"""Our NumPy PageRank agrees with networkx's on real and random graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.metrics import pagerank


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_matches_networkx_on_random_digraphs(seed):
    G = nx.gnp_random_graph(300, 0.01, seed=seed, directed=True)  # has dangling nodes
    ours, theirs = pagerank(G), nx.pagerank(G, weight=None)
    assert set(ours) == set(theirs)
    assert max(abs(ours[n] - theirs[n]) for n in G) < 1e-5
    assert abs(sum(ours.values()) - 1.0) < 1e-9


def test_pagerank_prefers_the_node_everyone_points_to():
    G = nx.DiGraph([(f"a{i}", "hub") for i in range(10)])
    ranks = pagerank(G)
    assert max(ranks, key=ranks.get) == "hub"
    assert pagerank(nx.DiGraph()) == {}
