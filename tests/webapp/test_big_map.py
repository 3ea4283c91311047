"""A map of more than 2,000 nodes in a real Chromium: the most central nodes first, detail on zooming in,
local graphs and search for every node."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from conftest import serving
from test_browser import drawn_nids, open_explorer, until

N_ARTICLES = 1700
N_CONCEPTS = 900


@pytest.fixture(scope="module")
def big_server(tmp_path_factory):
    """``nlpmap serve`` of a 2,600-node graph laid out on a grid (no build: positions given)."""
    from graph.store import save_graph

    root = tmp_path_factory.mktemp("big")
    workspace = root / "ws"
    (workspace / "links" / "big").mkdir(parents=True)
    rng = random.Random(3)
    G = nx.DiGraph(format_version=1, workspace=str(workspace), layout="links", unresolved=0)
    concepts = [f"concept:c{i}" for i in range(N_CONCEPTS)]
    for i, node in enumerate(concepts):
        G.add_node(node, kind="concept", label=f"Concept {i}", type="model", aliases=[f"概念{i}"],
                   description="", weak=False)
    for i in range(N_ARTICLES):
        node = f"article:links/big/a{i}.md"
        G.add_node(node, kind="article", label=f"文章 {i}", path=f"links/big/a{i}.md", corpus="big",
                   corpus_path=f"a{i}.md", folder="", encoding="utf-8", size=10)
        for concept in rng.sample(concepts[: 50 + i % 850], 3):
            G.add_edge(node, concept, kind="mentions", weight=1, salience=0.5, primary=False)
    ranks = nx.pagerank(G, max_iter=50, tol=1e-4)
    for k, node in enumerate(G):
        G.nodes[node].update(pagerank=ranks[node], degree=G.degree(node), x=40.0 * (k % 52), y=40.0 * (k // 52))
    graph_file = save_graph(G, root / "big.json")
    with serving(graph_file, root) as base:
        yield base, G


def test_big_map_draws_the_most_central_first_and_adds_detail(page, request_log, big_server):
    base, G = big_server
    open_explorer(page, base)
    first = page.evaluate("window.network.body.data.nodes.length")
    assert first == 2000 < G.number_of_nodes()
    ranked = sorted(G, key=lambda n: -G.nodes[n]["pagerank"])
    drawn = set(drawn_nids(page))
    assert set(ranked[:1500]) <= drawn  # the most central are drawn
    left_out = [n for n in ranked if n not in drawn]
    # zooming in on a node left out draws it, with the others in sight
    target = left_out[-1]
    page.evaluate(
        """(nid) => {
            const node = window.nlpmapNodes.byNid(nid);
            window.network.moveTo({position: {x: node.x, y: node.y}, scale: 3, animation: false});
            window.network.emit("zoom", {scale: 3});
        }""",
        target,
    )
    until(page, f"window.network.body.data.nodes.length > {first}")
    assert target in drawn_nids(page)
    # a node never drawn on the whole map: search finds it, its local graph shows it
    other = left_out[0]
    label = G.nodes[other]["label"]
    open_explorer(page, base)
    assert other not in drawn_nids(page)
    page.fill("#search-input", label)
    page.press("#search-input", "Enter")
    until(page, f"new URLSearchParams(location.search).get('focus') === {json.dumps(other)}")
    until(page, "window.nlpmapReady === true && !document.getElementById('view-back').hidden")
    page.wait_for_timeout(200)
    expected = sorted({other} | set(G.successors(other)) | set(G.predecessors(other)))
    assert drawn_nids(page) == expected
