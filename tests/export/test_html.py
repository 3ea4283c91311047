"""The standalone HTML export of NLP_ability, opened from a file:// URL in headless Chromium with
every request outside the file refused: every node drawn, search by Chinese and English names,
no request attempted, article links that reach the files."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import networkx as nx
import pytest
from click.testing import CliRunner
from helpers import refuse_all_but

from graph.cli import cli
from graph.store import load_graph

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def G(nlp_ability_graph_file: Path) -> nx.DiGraph:
    return load_graph(nlp_ability_graph_file)


@pytest.fixture(scope="module")
def html_file(nlp_ability_graph_file: Path, tmp_path_factory) -> Path:
    """``nlpmap export NLP_ability -o <tmp>/deep/er/map.html`` (the extension picks html)."""
    out = tmp_path_factory.mktemp("html") / "deep" / "er" / "map.html"
    out.parent.mkdir(parents=True)
    result = CliRunner().invoke(cli, ["export", str(nlp_ability_graph_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def opened(browser, html_file: Path):
    """The page from its file:// URL; every other request is aborted and logged."""
    url = html_file.as_uri()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    refused, requested, dialogs = refuse_all_but(context, url), [], []
    page = context.new_page()
    page.on("request", lambda req: req.url != url and requested.append(req.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.network && window.network.body && window.nlpmapData")
    yield page, refused, requested
    context.close()


def test_every_node_is_drawn_where_the_build_put_it(G, opened):
    page, refused, requested = opened
    drawn = page.evaluate("""() => {
      const net = window.network;
      net.fit({ animation: false });
      net.redraw();
      const box = net.canvas.frame.canvas.getBoundingClientRect();
      const pos = net.getPositions();
      let inside = 0;
      for (const id of Object.keys(pos)) {
        const p = net.canvasToDOM(pos[id]);
        if (p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height) inside++;
      }
      return { nodes: net.body.data.nodes.length, edges: net.body.data.edges.length,
               positioned: Object.keys(pos).length, inside: inside,
               physics: net.physics.physicsEnabled, first: pos[0], names: window.nlpmapData.nodes.length };
    }""")
    n, m = G.number_of_nodes(), G.number_of_edges()
    assert drawn["nodes"] == drawn["positioned"] == drawn["inside"] == drawn["names"] == n
    assert drawn["edges"] == m and drawn["physics"] is False
    first = next(iter(G.nodes(data=True)))[1]
    assert drawn["first"] == {"x": pytest.approx(first["x"]), "y": pytest.approx(first["y"])}
    assert page.locator("#legend li").count() == len({d["kind"] for _, d in G.nodes(data=True)})
    assert refused == [] and requested == []


def _search(page, text: str) -> dict:
    page.fill("#search-input", text)
    page.press("#search-input", "Enter")
    return page.evaluate("""() => ({ status: document.getElementById("search-status").textContent,
      selected: window.network.getSelectedNodes(),
      title: document.getElementById("details-title").textContent,
      aliases: document.getElementById("details-aliases").textContent })""")


def test_search_finds_chinese_and_english_names(G, opened):
    page, refused, requested = opened
    index = {n: i for i, n in enumerate(G)}
    concepts = [(n, d) for n, d in G.nodes(data=True) if d["kind"] == "concept" and G.degree(n) > 3]
    chinese = next((n, a) for n, d in concepts for a in d.get("aliases") or [] if CJK.search(a) and len(a) > 2)
    english = next((n, d["label"]) for n, d in concepts if d["label"].isascii() and len(d["label"]) > 4)
    for node, text in (chinese, english):
        found = _search(page, text)
        assert "match" in found["status"] and found["status"] != "no match", text
        assert index[node] in found["selected"], text
    found = _search(page, chinese[1])
    assert found["title"] == G.nodes[chinese[0]]["label"] and chinese[1] in found["aliases"]
    assert _search(page, "zzqx-no-such-name")["status"] == "no match"
    assert refused == [] and requested == []


def test_article_links_reach_the_files_from_where_the_page_was_saved(G, opened, html_file):
    page, _, _ = opened
    hrefs = page.evaluate("() => window.nlpmapData.nodes.filter(n => n.kind === 'article').map(n => n.href)")
    articles = [n for n, d in G.nodes(data=True) if d["kind"] == "article"]
    assert len(hrefs) == len(articles) and all(h and not h.startswith(("/", "file:")) for h in hrefs)
    base = html_file.as_uri()
    files = {Path(unquote(urlsplit(urljoin(base, h)).path)) for h in hrefs}
    workspace = Path(G.graph["workspace"])
    assert files == {workspace / G.nodes[n]["path"] for n in articles}
    assert all(f.is_file() for f in files)
