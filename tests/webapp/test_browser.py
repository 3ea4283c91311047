"""The explorer in a real Chromium, served by ``nlpmap serve`` on the NLP_ability graph."""

from __future__ import annotations

import json
from urllib.parse import quote, unquote, urlsplit


LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def open_explorer(page, base: str) -> None:
    """Open ``/`` and wait for the first frame of the network."""
    response = page.goto(base + "/")
    assert response is not None and response.status == 200
    page.wait_for_function("window.nlpmapFirstDraw !== undefined", timeout=30_000)


def node_screen_position(page, node_id: int) -> tuple[float, float]:
    """Where node ``node_id`` is on the page: canvasToDOM of its position plus the canvas box."""
    point = page.evaluate(
        """(id) => {
            const canvas = document.querySelector('#network canvas');
            const box = canvas.getBoundingClientRect();
            const dom = window.network.canvasToDOM(window.network.getPositions([id])[id]);
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node_id,
    )
    return point["x"], point["y"]


def focus_clickable(page, url_prefix: str) -> dict:
    """Focus the most central node whose page URL starts with ``url_prefix`` and is topmost where drawn.

    Another node may be drawn over a node's centre; ``network.getNodeAt``
    tells which node a click there would hit.
    """
    node = page.evaluate(
        """(prefix) => {
            const keep = (n) => (n.url || "").startsWith(prefix);
            const nodes = window.nlpmapNodes.get({filter: keep}).sort((a, b) => b.value - a.value);
            for (const node of nodes) {
                window.network.focus(node.id, {scale: 2.5, animation: false});
                const dom = window.network.canvasToDOM(window.network.getPositions([node.id])[node.id]);
                if (window.network.getNodeAt(dom) === node.id) return node;
            }
            return null;
        }""",
        url_prefix,
    )
    assert node is not None, f"no clickable node has a URL under {url_prefix}"
    return node


def test_explorer_draws(page, live_server):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    open_explorer(page, live_server)
    assert page.evaluate("typeof window.network") == "object"
    assert page.evaluate("window.network.body.data.nodes.length") > 100
    assert page.evaluate("window.network.physics.options.enabled") is False
    painted = page.evaluate(
        """() => {
            const canvas = document.querySelector('#network canvas');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
            return painted;
        }"""
    )
    assert painted > 2000
    assert page.locator(".legend li").count() >= 3
    assert errors == []


def test_explorer_never_leaves_loopback(page, request_log, live_server):
    open_explorer(page, live_server)
    page.wait_for_timeout(500)
    page.mouse.move(400, 400)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(300)
    assert request_log, "no request recorded"
    for url in request_log:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        assert parts.scheme in ("http", "https", "ws") and parts.hostname in LOOPBACK, url
    paths = {urlsplit(url).path for url in request_log}
    assert "/vendor/vis-network-9.1.2/vis-network.min.js" in paths


def test_click_on_an_article_node_opens_it(page, live_server):
    open_explorer(page, live_server)
    target = focus_clickable(page, "/links/")
    x, y = node_screen_position(page, target["id"])
    with page.expect_navigation() as navigation:
        page.mouse.click(x, y)
    response = navigation.value
    assert response.status == 200
    assert urlsplit(page.url).path == quote(unquote(target["url"]), safe="/")
    heading = page.locator("h1.doc-title").inner_text()
    assert heading == target["title"].split("\n")[0]


def test_click_on_a_concept_node_opens_its_page(page, live_server):
    open_explorer(page, live_server)
    target = focus_clickable(page, "/concept/")
    x, y = node_screen_position(page, target["id"])
    with page.expect_navigation() as navigation:
        page.mouse.click(x, y)
    assert navigation.value.status == 200
    assert urlsplit(page.url).path == target["url"]
    assert page.locator("h1.doc-title").inner_text() == target["title"].split("\n")[0]


def test_hub_links_land_on_their_articles(page, live_server, shared_corpus):
    gold_file = shared_corpus.parent / "eval" / "hub_links.json"
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    # one link per kind of defect the hub's hrefs have (no .md, percent-encoded, wrong folder, ...)
    chosen: dict[str, dict] = {}
    for entry in gold:
        for defect in entry.get("defects") or ["none"]:
            chosen.setdefault(defect, entry)
    graph = json.loads(page.request.get(live_server + "/api/graph").text())
    labels = {n["id"]: n.get("label") for n in graph["nodes"]}
    for entry in {id(e): e for e in chosen.values()}.values():
        response = page.goto(live_server + "/hub")
        assert response.status == 200
        link = page.locator(".markdown").get_by_role("link", name=entry["text"], exact=True).first
        with page.expect_navigation() as navigation:
            link.click()
        assert navigation.value.status == 200, entry["text"]
        assert unquote(urlsplit(page.url).path) == "/links/NLP_ability/" + entry["target"]
        expected = labels["article:links/NLP_ability/" + entry["target"]]
        assert page.locator("h1.doc-title").inner_text() == expected


def test_search_focuses_a_node(page, live_server):
    open_explorer(page, live_server)
    page.fill("#search-input", "bert")
    page.press("#search-input", "Enter")
    page.wait_for_function("window.network.getSelectedNodes().length > 0")
    assert "match" in page.locator("#search-status").inner_text()
    assert page.locator("#details-title").inner_text()
