"""Graph files: round trip, atomic writes, clear errors on bad files."""

from __future__ import annotations

import json
import os

import networkx as nx
import pytest

from graph.errors import GraphFileError
from graph.store import FORMAT_VERSION, cache_path, load_graph, save_graph, workspace_fingerprint


def _graph() -> nx.DiGraph:
    G = nx.DiGraph(workspace="/tmp/ws")
    G.add_node("article:links/c/a.md", kind="article", label="甲", path="links/c/a.md")
    G.add_node("concept:bert", kind="concept", label="BERT", aliases=["Bert", "伯特"])
    G.add_edge("article:links/c/a.md", "concept:bert", kind="mentions", weight=3)
    return G


def test_round_trip_keeps_attributes_and_metadata(tmp_path):
    path = save_graph(_graph(), tmp_path / "sub" / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "links" in data and data["graph"]["format_version"] == FORMAT_VERSION
    H = load_graph(path)
    assert H.nodes["concept:bert"]["aliases"] == ["Bert", "伯特"]
    assert H.edges["article:links/c/a.md", "concept:bert"]["weight"] == 3
    assert H.graph["workspace"] == "/tmp/ws"


def test_save_does_not_mutate_input(tmp_path):
    G = _graph()
    before = (dict(G.graph), list(G.nodes(data=True)), list(G.edges(data=True)))
    save_graph(G, tmp_path / "g.json")
    assert (dict(G.graph), list(G.nodes(data=True)), list(G.edges(data=True))) == before


def test_failed_write_keeps_previous_file(tmp_path):
    path = save_graph(_graph(), tmp_path / "g.json")
    good = path.read_bytes()
    bad = _graph()
    bad.graph["oops"] = object()  # not JSON-serialisable: the write fails halfway
    with pytest.raises(TypeError):
        save_graph(bad, path)
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]  # no temp file left


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "not found"),
        (b"\x00\x01garbage", "invalid JSON"),
        (b'{"nodes": []}', "not an nlpmap graph"),
    ],
)
def test_bad_graph_files_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "g.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(GraphFileError, match=message):
        load_graph(path)


def test_future_format_version_is_rejected(tmp_path):
    path = save_graph(_graph(), tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["graph"]["format_version"] = FORMAT_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GraphFileError, match="rebuild"):
        load_graph(path)


def test_fingerprint_changes_with_files_and_extras(tmp_path):
    (tmp_path / "a.md").write_text("# A", encoding="utf-8")
    first = workspace_fingerprint(tmp_path, "onto1")
    assert workspace_fingerprint(tmp_path, "onto1") == first
    assert workspace_fingerprint(tmp_path, "onto2") != first
    (tmp_path / "b.md").write_text("# B", encoding="utf-8")
    second = workspace_fingerprint(tmp_path, "onto1")
    assert second != first
    os.utime(tmp_path / "b.md", ns=(1, 1))
    assert workspace_fingerprint(tmp_path, "onto1") != second


def test_cache_path_is_per_workspace_and_outside_it(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    cache = tmp_path / "cache"
    assert cache_path(a, directory=cache) != cache_path(b, directory=cache)
    assert cache_path(a, directory=cache).parent == cache


def test_few_collections_raises_the_threshold_and_restores_it_after_an_error():
    import gc

    from graph.store import BUILD_GC_THRESHOLD, few_collections

    before = gc.get_threshold()
    with pytest.raises(RuntimeError):
        with few_collections():
            assert gc.get_threshold()[0] >= BUILD_GC_THRESHOLD
            assert gc.get_threshold()[1:] == before[1:]
            raise RuntimeError("a failed build")
    assert gc.get_threshold() == before
