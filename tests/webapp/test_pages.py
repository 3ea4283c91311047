"""Article and concept pages: images, math, concept links, relation sentences, aliases, snippets.

A small workspace made here is built by the real pipeline (its concepts from the built-in
ontology) once for the module; the browser tests run ``nlpmap serve`` on it in Chromium.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from urllib.parse import quote, unquote, urlsplit

import pytest
from conftest import serving
from helpers import png_bytes, write_files

REPO = "https://github.com/Me/Notes"
RAW_IMAGE = "https://raw.githubusercontent.com/Me/Notes/main/%E5%9B%BE%E7%89%87/fig.png"
BLOB_IMAGE = REPO + "/blob/main/图片/fig.png"
FOREIGN = "https://example.org/cat.png"
HOSTILE = '<img src=x onerror="alert(1)">'
FILES = {
    "README.md": "# Hub\n\n- [蒸馏](./links/notes/蒸馏.md)\n- [数学](./links/notes/数学.md)\n",
    "links/notes/蒸馏.md": (
        "# 蒸馏\n\nTinyBERT is distilled from BERT, and TinyBERT keeps the Transformer layers.\n\n"
        "BERT splits words with WordPiece.\n\n## Attention\n\nAttention here, attention there, attention everywhere.\n\n"
        f"Our own figure: ![fig]({RAW_IMAGE}) and the same by blob: ![fig2]({BLOB_IMAGE}?raw=true)\n\n"
        f"A foreign one: ![a cat]({FOREIGN}), linked: [![linked cat]({FOREIGN})](https://example.org/)\n\n"
        "Code keeps its names: `BERT` and\n\n```\nTinyBERT = BERT()\n```\n\n"
        "A link keeps its text: [BERT paper](https://example.org/bert).\n\n"
        f"See [数学]({REPO}/blob/main/数学.md).\n"
    ),
    "links/notes/数学.md": (
        "# 数学\n\nInline $x_{ij}$ and display $$ \\lambda = (\\pi, A, B) $$ in one line.\n\n"
        "$$\n\\sum_{i \\in V} \\alpha_i\n$$\n\nNot math in code: `$a$`, and a price of $5 or $6.\n\n"
        f"Hostile text {HOSTILE} &lt;b&gt; around TinyBERT, <script>alert(2)</script> and more.\n"
    ),
}


@pytest.fixture(scope="module")
def pages_workspace(tmp_path_factory):
    root = write_files(tmp_path_factory.mktemp("pages") / "ws", FILES)
    (root / "links/notes/图片").mkdir(parents=True)
    (root / "links/notes/图片/fig.png").write_bytes(png_bytes(4, 3))
    return root


@pytest.fixture(scope="module")
def pages_graph_file(pages_workspace, tmp_path_factory):
    from graph.build import build_workspace
    from graph.store import save_graph

    return save_graph(build_workspace(pages_workspace), tmp_path_factory.mktemp("graph") / "pages.json")


@pytest.fixture(scope="module")
def pages_client(pages_graph_file, pages_workspace):
    from webapp import create_app

    app = create_app({"TESTING": True, "NLPMAP_GRAPH": str(pages_graph_file), "NLPMAP_WORKSPACE": str(pages_workspace)})
    return app.test_client()


def article(client, name: str, corpus: str = "notes") -> str:
    response = client.get(f"/links/{corpus}/" + quote(name))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html.split('<div class="markdown">', 1)[1].split('<aside class="doc-side">', 1)[0]


def test_own_repository_images_are_served_locally(pages_client):
    body = article(pages_client, "蒸馏.md")
    local = "/links/notes/" + quote("图片/fig.png")
    assert body.count(f'src="{local}"') == 2  # the raw URL and the blob URL
    with pages_client.get(local) as response:
        assert response.status_code == 200 and response.mimetype == "image/png"
    assert "githubusercontent" not in body


def test_foreign_images_become_placeholders(pages_client):
    body = article(pages_client, "蒸馏.md")
    assert not re.search(r"<img[^>]*example\.org", body)
    assert f'remote image, not loaded offline: <a href="{FOREIGN}" rel="noopener noreferrer">a cat</a>' in body
    # inside a link the placeholder is text: no link within a link
    assert re.search(r'<a href="https://example.org/"[^>]*><span class="remote-image" [^>]*>remote image, not loaded offline: linked cat</span></a>', body)


def test_concepts_are_linked_outside_code_and_links(pages_client):
    body = article(pages_client, "蒸馏.md")
    assert '<a class="concept-mention" href="/concept/tinybert"' in body
    assert '<a class="concept-mention" href="/concept/bert"' in body
    first = body.split("</p>", 1)[0]
    assert first.count('href="/concept/tinybert"') == 1  # once per paragraph
    code = re.findall(r"<code>(.*?)</code>", body, re.S)
    assert code and all("concept-mention" not in c for c in code)
    assert "<a href=\"https://example.org/bert\" rel=\"noopener noreferrer\">BERT paper</a>" in body


def test_math_is_readable_text_and_never_in_code(pages_client):
    body = article(pages_client, "数学.md")
    assert '<span class="math inline" title="x_{ij}">xᵢⱼ</span>' in body  # the TeX kept in the title
    assert re.search(r'<span class="math display" title="\\lambda = \(\\pi, A, B\)">λ = \(π, A, B\)</span>', body)
    assert re.search(r'<div class="math display"[^>]*>∑_\{i ∈ V\} αᵢ</div>', body)
    assert "<code>$a$</code>" in body
    assert "$5 or $6" in body


def test_concept_relations_read_as_sentences_each_pair_once(pages_client):
    data = pages_client.get("/concept/bert.json").get_json()
    texts = [s["text"] for s in data["relations"]]
    assert "TinyBERT is distilled from BERT" in texts
    others = [s["id"] for s in data["relations"]]
    assert len(others) == len(set(others)) and len(texts) == len(set(texts))
    # the ontology joins BERT and WordPiece both ways; one sentence says it
    assert sum("WordPiece" in text for text in texts) == 1
    html = pages_client.get("/concept/bert").get_data(as_text=True)
    item = re.search(r'<li data-relation="distilled_from"[^>]*><a href="/concept/tinybert">TinyBERT</a> is distilled from <strong>BERT</strong></li>', html)
    assert item
    assert " this<" not in html and "is a this" not in html


def test_aliases_never_repeat_the_name(pages_client, pages_graph_file):
    from graph.store import load_graph

    G = load_graph(pages_graph_file)
    fold = lambda text: " ".join(unicodedata.normalize("NFKC", text).casefold().split())  # noqa: E731
    repeating = [n for n, a in G.nodes(data=True) if a.get("kind") == "concept"
                 and fold(a["label"]) in {fold(x) for x in a.get("aliases") or []}]
    assert "concept:bert" in repeating  # the ontology lists "BERT" among BERT's aliases
    for node in repeating:
        data = pages_client.get(f"/concept/{node.removeprefix('concept:')}.json").get_json()
        folded = [fold(a) for a in data["aliases"]]
        assert fold(data["label"]) not in folded and len(folded) == len(set(folded))
    html = pages_client.get("/concept/bert").get_data(as_text=True)
    aliases = re.search(r'<p class="aliases">(.*?)</p>', html, re.S).group(1)
    assert ">BERT<" not in aliases and "BERT-base" in aliases


def test_weak_concepts_get_a_note(pages_client, pages_graph_file):
    from graph.store import load_graph

    G = load_graph(pages_graph_file)
    weak = next(n for n, a in G.nodes(data=True) if a.get("weak"))
    html = pages_client.get(f"/concept/{weak.removeprefix('concept:')}").get_data(as_text=True)
    assert 'class="weak-note"' in html and "everyday word" in html
    assert "· weak" not in html


def test_snippets_are_escaped_and_mark_the_mention(pages_client):
    data = pages_client.get("/concept/tinybert.json").get_json()
    snippets = {a["label"]: a["snippet"] for a in data["articles"]}
    hostile = snippets["数学"]
    assert hostile["match"] == "TinyBERT" and "<b>" in hostile["before"]
    html = pages_client.get("/concept/tinybert").get_data(as_text=True)
    ranked = html.split('<ol class="ranked articles">', 1)[1].split("</ol>", 1)[0]
    assert "&lt;b&gt; around <mark>TinyBERT</mark>" in ranked
    assert "<b>" not in ranked and "<img" not in ranked and "<script" not in ranked


def test_article_sidebar_similar_articles(pages_client):
    html = pages_client.get("/links/notes/" + quote("蒸馏.md")).get_data(as_text=True)
    side = html.split('<aside class="doc-side">', 1)[1]
    similar = side.split("<h2>Similar articles</h2>", 1)[1].split("</section>", 1)[0]
    assert "/links/notes/" + quote("数学.md") in similar and "shares TinyBERT" in similar


# --- in Chromium, on a real server --------------------------------------------------


@pytest.fixture(scope="module")
def pages_server(pages_graph_file, tmp_path_factory):
    with serving(pages_graph_file, tmp_path_factory.mktemp("pages-server")) as base:
        yield base


def _off_loopback(urls: list[str]) -> list[str]:
    return [u for u in urls if urlsplit(u).scheme not in ("data", "about", "blob") and urlsplit(u).hostname != "127.0.0.1"]


def test_article_page_in_chromium(page, request_log, pages_server):
    response = page.goto(pages_server + "/links/notes/" + quote("蒸馏.md"))
    assert response is not None and response.status == 200
    page.wait_for_load_state("load")
    widths = page.evaluate("Array.from(document.querySelectorAll('.markdown img')).map(i => i.naturalWidth)")
    assert widths == [4, 4]
    placeholders = page.locator(".markdown .remote-image")
    assert placeholders.count() == 2 and placeholders.first.is_visible()
    assert "remote image, not loaded offline" in placeholders.first.inner_text()
    page.goto(pages_server + "/links/notes/" + quote("数学.md"))
    math = page.locator(".markdown .math").first
    assert math.is_visible() and math.inner_text() == "xᵢⱼ"
    assert page.evaluate("document.querySelectorAll('.markdown script').length") == 0
    assert _off_loopback(request_log) == []
    assert any("example.org" in u for u in request_log) is False


def test_concept_page_in_chromium(page, request_log, pages_server):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(pages_server + "/concept/bert")
    page.wait_for_function("window.nlpmapLocalGraph !== undefined", timeout=20_000)
    assert page.evaluate("window.nlpmapLocalGraph.body.data.nodes.length") >= 3
    sentences = page.locator("ul.relations li").all_inner_texts()
    assert "TinyBERT is distilled from BERT" in sentences and len(sentences) == len(set(sentences))
    assert errors == [] and _off_loopback(request_log) == []


# --- the NLP_ability notes ------------------------------------------------------------


def test_real_corpus_pages(nlp_ability_app):
    client = nlp_ability_app.test_client()
    body = article(client, "深度学习自然语言处理/词向量/词向量.md", corpus="NLP_ability")
    sources = [unquote(unescape(s)) for s in re.findall(r'<img[^>]*\bsrc="([^"]*)"', body)]
    own = [s for s in sources if "/images/" in s and "条件概率" in s]
    assert own, "the repository's own raw GitHub images are served from the workspace"
    for src in own:
        with client.get(quote(src)) as response:
            assert response.status_code == 200 and response.mimetype == "image/png"
    data = client.get("/concept/tinybert.json").get_json()
    assert "TinyBERT is distilled from BERT" in [s["text"] for s in data["relations"]]
    assert sum(1 for a in data["articles"] if a["snippet"]) >= 2
