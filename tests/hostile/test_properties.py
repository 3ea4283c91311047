"""Property tests (hypothesis) on arbitrary text: the Markdown reader, byte decoding, the link
resolver, the article locator, the query parser and questions, the API, the graph files.

Never an unexpected exception, never a path outside the workspace, graph files always read
back. Examples are few per property (the suite's time is bounded); hypothesis shrinks any
failure to a small case.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from helpers import web_graph, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import NlpmapError
from graph.links.index import LinkIndex
from graph.links.resolve import resolve_link
from graph.links.titles import with_hub_titles
from graph.models import Link
from graph.workspace import make_parser, parse_markdown, read_workspace
from graph.workspace.reader import decode_bytes

FEW = settings(max_examples=40, deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
#: Characters Markdown and paths give meaning to, to reach deep structures quickly.
MARKUP = st.text(alphabet=st.sampled_from(list("[]()<>!#*_`~-+=|\\/:.%?&;\"' \n\t>0aé模\x00\u202e")),
                 max_size=300)
TEXT = st.one_of(st.text(max_size=300), MARKUP)
PARSER = make_parser()


@FEW
@given(TEXT)
def test_the_markdown_reader_never_raises(text):
    parsed = parse_markdown(text, PARSER)
    assert isinstance(parsed.text, str)
    for link in parsed.links:
        assert isinstance(link.href, str)


@FEW
@given(st.binary(max_size=400))
def test_decoding_bytes_is_text_or_a_unicode_error(data):
    try:
        text, codec = decode_bytes(data)
    except UnicodeDecodeError:
        return
    assert "\x00" not in text and codec


@pytest.fixture(scope="module")
def link_world(tmp_path_factory):
    """A small links-layout workspace, read, with its link index."""
    root = write_files(tmp_path_factory.mktemp("props") / "ws", {
        "README.md": "# Hub\n\n- [A](./links/c/a.md)\n",
        "links/c/a.md": "# A\n\nBERT.\n",
        "links/c/sub/b.md": "# B\n\n[A](../a.md)\n",
        "links/d/c.md": "# C\n",
    })
    (root.parent / "outside.md").write_text("# Outside\n", encoding="utf-8")
    ws = with_hub_titles(read_workspace(root))
    return ws, LinkIndex.from_workspace(ws, git_remote=False)


@FEW
@given(href=st.one_of(TEXT, st.builds(lambda a, b: a + "../" * 4 + b, TEXT, TEXT),
                      st.sampled_from(["../../outside.md", "/etc/passwd", "%2e%2e/outside.md",
                                       "file:///etc/passwd", "..\\..\\outside.md"])),
       text=TEXT)
def test_the_link_resolver_never_leaves_the_workspace(link_world, href, text):
    ws, index = link_world
    articles = {doc.path for doc in ws.articles}
    for doc in (ws.hub, *ws.articles):
        res = resolve_link(index, doc, Link(href=href, text=text))
        assert res.target is None or res.target in articles, (doc.path, href, res)
        assert 0.0 <= res.confidence <= 1.0


@FEW
@given(path=st.one_of(TEXT, st.builds(lambda a: "../" * 3 + a, TEXT),
                      st.builds(lambda a: "%2e%2e/" * 3 + a, TEXT)))
def test_the_article_locator_stays_inside_its_root(link_world, path):
    from webapp.articles import locate

    ws, _ = link_world
    root = ws.root / "links" / "c"
    found = locate(root, path)
    if found is not None:
        assert os.path.realpath(found).startswith(os.path.realpath(root) + os.sep)


@pytest.fixture(scope="module")
def web_world(tmp_path_factory):
    """The hand-built graph of a small web workspace, an app and a test client over it."""
    from graph.store import save_graph
    from webapp import create_app

    root = tmp_path_factory.mktemp("webprops")
    ws = root / "ws"
    (ws / "links/notes").mkdir(parents=True)
    G = web_graph(ws)
    app = create_app({"NLPMAP_GRAPH": str(save_graph(G, root / "g.json")),
                      "NLPMAP_WORKSPACE": str(ws)})
    return G, app.test_client()


@FEW
@given(query=TEXT, other=TEXT)
def test_questions_answer_or_say_nothing_was_found(web_world, query, other):
    from graph.query import neighbours, related, search, shortest_path

    G, _ = web_world
    for ask in (lambda: related(G, query), lambda: search(G, query),
                lambda: neighbours(G, query), lambda: shortest_path(G, query, other)):
        try:
            answer = ask()
        except (NlpmapError, ValueError):  # nothing found, or a query that is no query
            continue
        assert isinstance(answer, dict) and answer


@FEW
@given(query=TEXT, top=st.one_of(st.integers(-5, 500).map(str), TEXT))
def test_the_api_parses_any_query_into_json(web_world, query, top):
    _, client = web_world
    for route in ("/api/search", "/api/related", "/api/neighbours", "/api/path"):
        response = client.get(route, query_string={"q": query, "node": query, "from": query,
                                                   "to": query, "top": top})
        assert response.status_code in (200, 400, 404), (route, response.status_code)
        assert response.is_json and response.get_json()["ok"] is (response.status_code == 200)


ATTR = st.one_of(TEXT, st.integers(-2**53, 2**53), st.floats(allow_nan=False, allow_infinity=False),
                 st.booleans(), st.lists(st.text(max_size=20), max_size=4))


@FEW
@given(nodes=st.dictionaries(st.text(min_size=1, max_size=40), st.dictionaries(
    st.text(min_size=1, max_size=12).filter(lambda k: k not in ("id",)), ATTR, max_size=4),
    min_size=1, max_size=8))
def test_graph_files_always_read_back(tmp_path_factory, nodes):
    import networkx as nx

    from graph.store import load_graph, save_graph

    G = nx.DiGraph(format_version=1, workspace="/w")
    for node, attrs in nodes.items():
        G.add_node(node)
        G.nodes[node].update(attrs)  # any attribute name, "self" included
    names = list(nodes)
    for a, b in itertools.pairwise(names):
        G.add_edge(a, b, kind="links_to", text=a[::-1])
    path = save_graph(G, Path(tmp_path_factory.mktemp("rt")) / "g.json")
    back = load_graph(path)
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(back.edges(data=True)) == sorted(G.edges(data=True))
