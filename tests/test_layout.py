"""The precomputed layout: deterministic, spread out, fast paths for big graphs."""

from __future__ import annotations

import math

import networkx as nx

from graph.layout import EXACT_LIMIT, layout_positions


def _min_distance(pos):
    pts = list(pos.values())
    return min(math.dist(p, q) for i, p in enumerate(pts) for q in pts[i + 1 :])


def test_same_graph_same_drawing():
    G = nx.les_miserables_graph()
    assert layout_positions(G) == layout_positions(G)


def test_nodes_are_spread_and_neighbours_closer_than_strangers():
    G = nx.connected_caveman_graph(6, 8)
    pos = layout_positions(G)
    assert set(pos) == set(G)
    assert _min_distance(pos) > 1.0
    near = [math.dist(pos[u], pos[v]) for u, v in G.edges()]
    far = [math.dist(pos[u], pos[v]) for u in list(G)[:8] for v in list(G)[-8:]]
    assert sum(near) / len(near) < sum(far) / len(far)


def test_large_graph_uses_sampled_repulsion_and_stays_finite():
    G = nx.barabasi_albert_graph(EXACT_LIMIT + 200, 2, seed=3)
    pos = layout_positions(G)
    assert len(pos) == G.number_of_nodes()
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert len(set(pos.values())) == len(pos)


def test_input_graph_untouched_and_trivial_cases():
    G = nx.DiGraph([("a", "b")])
    layout_positions(G)
    assert dict(G.nodes(data=True)) == {"a": {}, "b": {}}
    assert layout_positions(nx.Graph()) == {}
    assert layout_positions(nx.Graph([(1, 1)])) == {1: (0.0, 0.0)}
