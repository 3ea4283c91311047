"""The Flask explorer through its test client: pages, files, JSON API, security."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from helpers import web_graph

from graph.errors import GraphFileError
from webapp import create_app
from webapp.pages import vis_dir

ASSET_RE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"([^\"]*)\"", re.I)
BERT = "/links/notes/" + quote("模型/BERT入门.md")
ATTENTION = "/links/notes/" + quote("模型/注意力.md")
PNG = "/links/notes/" + quote("模型/images/图.png")


def graph_data(html: str) -> dict:
    """The drawing data embedded in the explorer page."""
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert match, "no graph-data block"
    return json.loads(match.group(1))


def markdown_body(html: str) -> str:
    """The rendered Markdown part of an article or hub page."""
    return html.split('<div class="markdown">', 1)[1].split("</div>", 1)[0]


def assert_json_error(response, status: int) -> dict:
    """Check the one JSON error shape and return the payload."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data["ok"] is False
    assert data["status"] == status
    assert isinstance(data["error"], str) and data["error"]
    return data


# --- the explorer page --------------------------------------------------------


def test_index_draws_every_node_with_positions(client, app):
    response = client.get("/")
    assert response.status_code == 200
    data = graph_data(response.get_data(as_text=True))
    G = app.extensions["nlpmap"].graph
    assert len(data["nodes"]) == G.number_of_nodes()
    assert len(data["edges"]) == G.number_of_edges()
    for node in data["nodes"]:
        assert isinstance(node["x"], float) and isinstance(node["y"], float)
        assert 0 <= node["value"] <= 1
        assert node["group"] in data["groups"]
    urls = {node["url"] for node in data["nodes"] if "url" in node}
    assert {BERT, ATTENTION, "/hub", "/concept/bert"} <= urls


def test_index_has_no_external_assets_and_no_inline_script(client):
    html = client.get("/").get_data(as_text=True)
    assets = ASSET_RE.findall(html)
    assert assets, "the page loads scripts and styles"
    assert all(urlsplit(url).scheme in ("", "data") and not url.startswith("//") for url in assets)
    assert "http://" not in html and "https://" not in html
    for attrs, _body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, "inline script"


def test_index_escapes_tooltips(client):
    data = graph_data(client.get("/").get_data(as_text=True))
    bert = next(node for node in data["nodes"] if node.get("url") == "/concept/bert")
    # the description's markup stays text: vis-network shows string titles with innerText
    assert "<b>bidirectional</b>" in bert["title"]
    html = client.get("/").get_data(as_text=True)
    assert "<b>bidirectional" not in html


def test_index_labels_cannot_close_the_data_block(web_workspace, tmp_path):
    from graph.store import save_graph

    G = web_graph(web_workspace)
    G.nodes["section:模型"]["label"] = "</script><script>alert(1)</script>"
    path = save_graph(G, tmp_path / "evil.json")
    app = create_app({"TESTING": True, "NLPMAP_GRAPH": str(path), "NLPMAP_WORKSPACE": str(web_workspace)})
    html = app.test_client().get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    labels = {node["label"] for node in graph_data(html)["nodes"]}
    assert "</script><scrip…" in labels


def test_index_legend_lists_present_groups(client):
    data = graph_data(client.get("/").get_data(as_text=True))
    groups = {item["group"] for item in data["legend"]}
    assert groups == {"hub", "section", "article", "model", "architecture", "method"}


@pytest.mark.parametrize("name", ["vis-network.min.js", "vis-network.css"])
def test_vis_network_comes_from_pyvis(client, name):
    with client.get(f"/vendor/vis-network-9.1.2/{name}") as response:
        assert response.status_code == 200
        assert response.data == (vis_dir() / name).read_bytes()
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["utils.js", "..%2F..%2Fnetwork.py", "vis-network.js"])
def test_vendor_serves_only_the_two_files(client, name):
    assert client.get(f"/vendor/vis-network-9.1.2/{name}").status_code == 404


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    assert "http" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# --- articles -----------------------------------------------------------------


@pytest.mark.parametrize("url", [BERT, BERT.removesuffix(".md"), "/links/notes/模型/BERT入门"])
def test_article_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<h1 class="doc-title">BERT 入门</h1>' in html
    assert 'href="/concept/bert"' in html and 'href="/concept/transformer"' in html
    assert html.index('href="/concept/bert"') < html.index('href="/concept/transformer"')
    side = html.split('<aside class="doc-side">', 1)[1]
    assert f'href="{ATTENTION}"' in side  # links to
    assert 'href="/hub"' in side  # linked from the hub


def test_article_links_and_images_rewritten(client):
    body = markdown_body(client.get(BERT).get_data(as_text=True))
    assert f'href="{ATTENTION}#多头"' in body or f'href="{ATTENTION}#{quote("多头")}"' in body
    assert body.count(f'src="{PNG}"') == 3  # Markdown, raw <img>, absolute path of the author's checkout
    assert "none.png" not in body
    assert "<table>" in body


def test_article_is_sanitised(client):
    body = markdown_body(client.get(BERT).get_data(as_text=True))
    assert "<script" not in body and "alert('x')" not in body
    assert "onerror" not in body
    assert not re.search(r'(href|src)="[^"]*script:', body, re.I)
    assert "<iframe" not in body
    assert not re.search(r'<img[^>]*example\.com', body)  # web images are never fetched: a placeholder links them
    assert 'remote image, not loaded offline: <a href="https://example.com/remote.png"' in body
    assert "secret.md" not in body  # a link leaving the workspace loses its href
    assert 'rel="noopener noreferrer"' in body


def test_percent_space_and_parentheses_in_names(client):
    response = client.get("/links/notes/" + quote("其他/100% 准确 (1).md"))
    assert response.status_code == 200
    assert "百分百" in response.get_data(as_text=True)


def test_image_served_with_its_type(client, web_workspace):
    with client.get(PNG) as response:
        assert response.status_code == 200
        assert response.mimetype == "image/png"
        assert response.data == (web_workspace / "links/notes/模型/images/图.png").read_bytes()


def test_svg_gets_a_restrictive_csp(client):
    with client.get("/links/notes/" + quote("模型/images/icon.svg")) as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp and "script-src" not in csp


@pytest.mark.parametrize(
    "url",
    [
        "/links/notes/missing",
        "/links/notes/模型/secret.txt",
        "/links/notes/.hidden.md",
        "/links/notes/.hidden",
        "/links/unknown/模型/BERT入门.md",
        "/links/notes/模型/images",
    ],
)
def test_missing_or_unserved_files_are_404_pages(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "404" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/links/notes/../../../secret.md",
        "/links/notes/../../../secret",
        "/links/notes/%2e%2e/%2e%2e/%2e%2e/secret.md",
        "/links/notes/%2E%2E%2F%2E%2E%2F%2E%2E%2Fsecret.md",
        "/links/notes/%252e%252e/%252e%252e/%252e%252e/secret.md",
        "/links/notes/模型/../../../../secret.md",
        "/links/notes/..%5c..%5c..%5csecret.md",
        "/links/notes//etc/passwd",
        "/links/notes/%2Fetc%2Fpasswd",
        "/links/..%2F..%2F/secret.md",
        "/links/%2e%2e/secret.md",
        "/links/notes/" + quote(str(Path("/etc/passwd"))),
    ],
)
def test_path_traversal_is_404(client, url):
    response = client.get(url)
    assert response.status_code in (404, 308)
    assert b"TOP SECRET" not in response.data
    assert b"root:" not in response.data


def test_symlink_out_of_the_corpus_is_404(client, web_workspace):
    link = web_workspace / "links/notes/escape.md"
    link.symlink_to(web_workspace.parent / "secret.md")
    response = client.get("/links/notes/escape.md")
    assert response.status_code == 404
    assert b"TOP SECRET" not in response.data


# --- concepts -----------------------------------------------------------------


def test_concept_page(client):
    response = client.get("/concept/bert")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<h1 class="doc-title">BERT</h1>' in html
    assert "伯特" in html and "model" in html
    assert "A &lt;b&gt;bidirectional&lt;/b&gt; Transformer encoder." in html
    assert 'href="/concept/transformer"' in html
    assert html.index(f'href="{BERT}"') < html.index(f'href="{ATTENTION}"')  # ranked by salience
    assert response.headers["Link"] == '</concept/bert.json>; rel="alternate"; type="application/json"'


def test_concept_json(client):
    data = client.get("/concept/transformer.json").get_json()
    assert data["ok"] is True
    assert data["id"] == "transformer" and data["type"] == "architecture"
    relations = {(r["id"], r["relation"], r["direction"]) for r in data["related"]}
    assert relations == {("concept:bert", "uses", "in"), ("concept:attention", "uses", "out")}
    assert [a["url"] for a in data["articles"]] == [BERT]


def test_unknown_concept(client):
    assert client.get("/concept/nope").status_code == 404
    assert client.get("/concept/nope").mimetype == "text/html"
    assert_json_error(client.get("/concept/nope.json"), 404)


# --- hub ----------------------------------------------------------------------


def test_hub_links_point_at_their_articles(client):
    response = client.get("/hub")
    assert response.status_code == 200
    body = markdown_body(response.get_data(as_text=True))
    hrefs = [unescape(h) for h in re.findall(r'<a href="([^"]*)"', body)]
    assert hrefs[:2] == [BERT, ATTENTION]
    assert hrefs[2] == "https://example.com/page"
    assert f'src="{PNG}"' in body
    for href in hrefs[:2]:
        assert client.get(href).status_code == 200
    with client.get(unescape(PNG)) as image:
        assert image.status_code == 200


# --- JSON API -----------------------------------------------------------------


def test_api_graph_is_node_link(client, web_graph_file):
    response = client.get("/api/graph")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    stored = json.loads(web_graph_file.read_text(encoding="utf-8"))
    assert {"nodes", "links", "graph"} <= set(data)
    assert len(data["nodes"]) == len(stored["nodes"]) and len(data["links"]) == len(stored["links"])


def test_api_related(client):
    response = client.get("/api/related?q=BERT&top=5")
    assert response.status_code == 200
    data = response.get_json()
    assert data["ok"] is True and data["query"] == "BERT"
    assert {"match", "concepts", "articles"} <= set(data)
    assert len(data["concepts"]) <= 5 and len(data["articles"]) <= 5


def test_api_related_unknown_query(client):
    data = assert_json_error(client.get("/api/related?q=zzqqxxunknown"), 404)
    assert isinstance(data["suggestions"], list)


@pytest.mark.parametrize(
    "query", ["", "?q=", "?q=%20%20", "?q=" + "x" * 201, "?q=bert&top=0", "?q=bert&top=abc", "?q=bert&top=101",
              "?q=bert&top=%C2%B2"]  # "²" is a digit to str.isdigit, not to int()
)
def test_api_related_bad_requests(client, query):
    data = assert_json_error(client.get("/api/related" + query), 400)
    assert set(data) == {"ok", "error", "status"}


def test_api_unknown_route_uses_the_json_shape(client):
    data = assert_json_error(client.get("/api/nope"), 404)
    assert set(data) == {"ok", "error", "status"}
    assert_json_error(client.post("/api/graph"), 405)



# --- app creation and plain workspaces ------------------------------------------


def test_create_app_needs_a_graph():
    with pytest.raises(GraphFileError):
        create_app({"TESTING": True})


def test_create_app_with_a_bad_graph_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GraphFileError):
        create_app({"TESTING": True, "NLPMAP_GRAPH": str(bad)})


def test_plain_workspace(tmp_path):
    from graph.store import save_graph

    root = tmp_path / "笔记"
    (root / "子目录").mkdir(parents=True)
    (root / "a.md").write_text("# A\n\n[b](子目录/b.md) ![i](img.png)\n", encoding="utf-8")
    (root / "子目录/b.md").write_text("# B\n\n[a](../a.md)\n", encoding="utf-8")
    (tmp_path / "secret.md").write_text("TOP SECRET\n", encoding="utf-8")
    G = web_graph(root)
    G.remove_nodes_from([n for n, a in list(G.nodes(data=True)) if a["kind"] in ("article", "hub")])
    for rel, label in [("a.md", "A"), ("子目录/b.md", "B")]:
        G.add_node(f"article:{rel}", kind="article", label=label, path=rel, corpus="笔记", corpus_path=rel,
                   folder=rel.rpartition("/")[0], encoding="utf-8", size=10, pagerank=0.1, x=0.0, y=0.0, degree=0)
    G.add_edge("article:a.md", "concept:bert", kind="mentions", weight=1, salience=0.5, primary=True)
    path = save_graph(G, tmp_path / "plain.json")
    client = create_app({"TESTING": True, "NLPMAP_GRAPH": str(path), "NLPMAP_WORKSPACE": str(root)}).test_client()
    page = client.get("/links/" + quote("笔记/a.md"))
    assert page.status_code == 200
    body = markdown_body(page.get_data(as_text=True))
    assert 'href="/links/' + quote("笔记/子目录/b.md") + '"' in body
    assert 'src="/links/' + quote("笔记/img.png") + '"' in body
    assert 'href="/concept/bert"' in page.get_data(as_text=True)
    assert client.get("/links/" + quote("笔记/子目录/b")).status_code == 200
    assert client.get("/links/" + quote("笔记") + "/../secret.md").status_code == 404
    assert client.get("/links/" + quote("笔记") + "/%2e%2e/secret.md").status_code == 404
    assert client.get("/hub").status_code == 404
    assert client.get("/").status_code == 200


def test_create_app_builds_a_workspace(web_workspace):
    pytest.importorskip("graph.build")
    client = create_app({"TESTING": True, "NLPMAP_WORKSPACE": str(web_workspace)}).test_client()
    data = graph_data(client.get("/").get_data(as_text=True))
    assert sum(1 for node in data["nodes"] if node["group"] == "article") == 3
    assert client.get(BERT).status_code == 200
    assert client.get("/hub").status_code == 200


# --- the real NLP_ability corpus ------------------------------------------------


def test_real_explorer(nlp_ability_app):
    client = nlp_ability_app.test_client()
    html = client.get("/").get_data(as_text=True)
    assets = ASSET_RE.findall(html)
    assert all(urlsplit(url).scheme in ("", "data") and not url.startswith("//") for url in assets)
    data = graph_data(html)
    assert len(data["nodes"]) > 100
    assert sum(1 for node in data["nodes"] if node["group"] == "article") == 115


def test_real_every_article_page(nlp_ability_app):
    G = nlp_ability_app.extensions["nlpmap"].graph
    client = nlp_ability_app.test_client()
    articles = [(n, a) for n, a in G.nodes(data=True) if a["kind"] == "article"]
    assert len(articles) == 115
    for node, attrs in articles:
        url = nlp_ability_app.extensions["nlpmap"].node_url(node)
        for variant in (url, url.removesuffix(".md")):
            response = client.get(variant)
            assert response.status_code == 200, variant
            assert f'<h1 class="doc-title">{escape_html(attrs["label"])}</h1>' in response.get_data(as_text=True)


def test_real_article_images_resolve(nlp_ability_app):
    G = nlp_ability_app.extensions["nlpmap"].graph
    client = nlp_ability_app.test_client()
    local, served = set(), 0
    for node, attrs in G.nodes(data=True):
        if attrs["kind"] != "article":
            continue
        body = markdown_body(client.get(nlp_ability_app.extensions["nlpmap"].node_url(node)).get_data(as_text=True))
        for src in re.findall(r'<img[^>]*\bsrc="([^"]*)"', body):
            assert not urlsplit(unescape(src)).netloc, "web images are dropped"
            local.add(unescape(src))
    for src in local:
        with client.get(src) as response:
            if response.status_code == 200:
                served += 1
                assert response.mimetype.startswith("image/")
    assert served >= 20 and served >= 0.9 * len(local)


def test_real_hub_links_reach_the_gold_targets(nlp_ability_app, shared_corpus):
    gold_file = shared_corpus.parent / "eval" / "hub_links.json"
    if not gold_file.is_file():
        pytest.skip("no gold hub links")
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    client = nlp_ability_app.test_client()
    body = markdown_body(client.get("/hub").get_data(as_text=True))
    links = [(unescape(h), unescape(re.sub(r"<[^>]+>", "", t)))
             for h, t in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', body, re.S)]
    expected = {}
    for entry in gold:
        expected.setdefault(entry["text"], set()).add(entry["target"])
    checked = 0
    for href, text in links:
        if text not in expected:
            continue
        assert href.startswith("/links/NLP_ability/"), (text, href)
        assert unquote(href).removeprefix("/links/NLP_ability/") in expected[text], (text, href)
        assert client.get(href).status_code == 200
        checked += 1
    assert checked == len(gold)


def escape_html(text: str) -> str:
    """Jinja's escaping of a text node."""
    from markupsafe import escape

    return str(escape(text))


# --- the project's own sample workspace (README hub + links/nlp-notes) ----------


@pytest.fixture()
def sample_client(corpus_dir):
    """A client of the app built in memory from a copy of the sample workspace."""
    return create_app({"TESTING": True, "NLPMAP_WORKSPACE": str(corpus_dir)}).test_client()


def test_sample_workspace_pages(sample_client):
    app = sample_client.application
    explorer = app.extensions["nlpmap"]
    articles = [n for n, a in explorer.graph.nodes(data=True) if a["kind"] == "article"]
    assert articles
    for node in articles:
        url = explorer.node_url(node)
        assert sample_client.get(url).status_code == 200, url
        assert sample_client.get(url.removesuffix(".md")).status_code == 200, url
    hub = markdown_body(sample_client.get("/hub").get_data(as_text=True))
    internal = [unescape(h) for h in re.findall(r'<a href="(/links/[^"]*)"', hub)]
    assert internal
    for href in internal:
        with sample_client.get(href.split("#")[0]) as response:
            assert response.status_code == 200, unquote(href)
    data = graph_data(sample_client.get("/").get_data(as_text=True))
    assert sum(1 for node in data["nodes"] if node["group"] == "article") == len(articles)


def test_sample_workspace_files(sample_client, corpus_dir):
    svgs = sorted((corpus_dir / "links" / "nlp-notes").rglob("*.svg"))
    assert svgs
    rel = svgs[0].relative_to(corpus_dir / "links" / "nlp-notes").as_posix()
    with sample_client.get("/links/nlp-notes/" + quote(rel)) as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert "sandbox" in response.headers["Content-Security-Policy"]
    others = [p for p in (corpus_dir / "links" / "nlp-notes").rglob("*") if p.suffix in (".tsv", ".csv", ".txt")]
    for path in others:
        rel = path.relative_to(corpus_dir / "links" / "nlp-notes").as_posix()
        assert sample_client.get("/links/nlp-notes/" + quote(rel)).status_code == 404


def test_hub_images_beside_the_hub_are_served_and_nothing_else(corpus_dir, tmp_path):
    from graph.build import build_workspace
    from graph.store import save_graph
    from webapp import create_app

    graph_file = save_graph(build_workspace(corpus_dir), tmp_path / "g.json")
    config = {"TESTING": True, "NLPMAP_GRAPH": str(graph_file), "NLPMAP_WORKSPACE": str(corpus_dir)}
    client = create_app(config).test_client()
    hub = client.get("/hub").get_data(as_text=True)
    assert 'src="/files/docs/screenshot.png"' in hub
    with client.get("/files/docs/screenshot.png") as image:
        assert image.status_code == 200 and image.mimetype == "image/png"
        assert image.data[:8] == b"\x89PNG\r\n\x1a\n"
        (corpus_dir / ".hidden.png").write_bytes(image.data)
    bad_paths = ("/files/README.md", "/files/docs/ARCHITECTURE.md", "/files/../README.md",
                 "/files/%2e%2e/secret.png", "/files/.hidden.png", "/files/docs/missing.png")
    for bad in bad_paths:
        assert client.get(bad).status_code == 404, bad
