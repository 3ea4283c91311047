"""The explorer in a real Chromium, served by ``nlpmap serve`` on the NLP_ability graph."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit


LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def until(page, expression: str, timeout: float = 30_000) -> None:
    """Wait until a JavaScript expression holds (as a function: the page's CSP forbids eval)."""
    page.wait_for_function(f"() => {expression}", timeout=timeout)


def open_explorer(page, base: str, query: str = "") -> None:
    """Open ``/`` (with a URL state ``query``) and wait until its view is drawn."""
    response = page.goto(base + "/" + query)
    assert response is not None and response.status == 200
    until(page, "window.nlpmapReady === true && window.nlpmapFirstDraw !== undefined")


def drawn_nids(page) -> list[str]:
    """The graph ids of the nodes in vis-network's node DataSet (and not hidden)."""
    return page.evaluate(
        """() => window.network.body.data.nodes.get({filter: (n) => !n.hidden})
                .map((n) => window.nlpmapNodes.get(n.id).nid).sort()"""
    )


LABEL_OVERLAPS = """() => {
    const boxes = [];
    for (const id of window.network.body.data.nodes.getIds()) {
        const node = window.network.body.nodes[id];
        if (!node.options.label) continue;
        const s = node.labelModule.size;
        boxes.push([s.left, s.left + s.width, s.top, s.top + s.height]);
    }
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a[0] < b[1] && b[0] < a[1] && a[2] < b[3] && b[2] < a[3]) overlaps++;
    }
    return {labels: boxes.length, overlaps: overlaps};
}"""


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
    """Focus the most central drawn node whose page URL starts with ``url_prefix`` and is topmost where drawn.

    Another node may be drawn over a node's centre; ``network.getNodeAt``
    tells which node a click there would hit.
    """
    node = page.evaluate(
        """(prefix) => {
            const drawn = new Set(window.network.body.data.nodes.getIds());
            const keep = (n) => drawn.has(n.id) && (n.url || "").startsWith(prefix);
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


def assert_loopback_only(request_log: list[str]) -> None:
    """Every request went to the loopback interface (or stayed in the page: data:, blob:)."""
    assert request_log, "no request recorded"
    for url in request_log:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        assert parts.scheme in ("http", "https", "ws") and parts.hostname in LOOPBACK, url


def test_explorer_draws(page, request_log, live_server):
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
    assert page.locator("#legend-nodes li").count() >= 3
    page.mouse.move(400, 400)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(300)
    # the physics button runs and pauses vis-network's physics
    page.click("#physics")
    assert page.evaluate("window.network.physics.options.enabled") is True
    page.click("#physics")
    assert page.evaluate("window.network.physics.options.enabled") is False
    # the view as PNG, made in the page (a blob: URL)
    with page.expect_download() as download:
        page.click("#save-png")
    assert download.value.suggested_filename == "nlpmap-view.png"
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert errors == []
    assert_loopback_only(request_log)
    paths = {urlsplit(url).path for url in request_log}
    assert "/vendor/vis-network-9.1.2/vis-network.min.js" in paths


def test_clicked_node_shows_its_details_and_opens_its_page(page, live_server):
    open_explorer(page, live_server)
    target = focus_clickable(page, "/links/")
    x, y = node_screen_position(page, target["id"])
    page.mouse.click(x, y)
    page.wait_for_selector("#details:not([hidden]) #details-title")
    assert page.locator("#details-title").inner_text() == target["title"].split("\n")[0]
    with page.expect_navigation() as navigation:
        page.click("#details-link")
    assert navigation.value.status == 200
    assert urlsplit(page.url).path == quote(unquote(target["url"]), safe="/")
    assert page.locator("h1.doc-title").inner_text() == target["title"].split("\n")[0]
    # a concept: its panel's "Local graph" button opens its local graph
    open_explorer(page, live_server)
    concept = focus_clickable(page, "/concept/")
    x, y = node_screen_position(page, concept["id"])
    page.mouse.click(x, y)
    page.click("#details-focus")
    until(page, f"new URLSearchParams(location.search).get('focus') === {json.dumps(concept['nid'])}")
    until(page, "!document.getElementById('view-back').hidden")
    assert concept["nid"] in drawn_nids(page)


def hits(page) -> list[dict]:
    """The autocomplete list: each hit's label and kind text, suggestions marked."""
    page.wait_for_selector("#search-list:not([hidden])")
    return page.evaluate(
        """() => {
            let suggestion = false;
            const out = [];
            for (const li of document.querySelectorAll('#search-list li')) {
                if (li.classList.contains('hit-head')) { suggestion = li.textContent === 'Did you mean'; continue; }
                out.push({label: li.querySelector('.hit-label').textContent,
                          kind: li.querySelector('.hit-kind').textContent, suggestion: suggestion,
                          selected: li.getAttribute('aria-selected') === 'true'});
            }
            return out;
        }"""
    )


def type_query(page, text: str) -> list[dict]:
    """Type ``text`` into the search box and return the list once it answers for it."""
    page.fill("#search-input", "")
    page.type("#search-input", text, delay=5)
    page.wait_for_function("(q) => window.nlpmapSearched === q", arg=text.strip(), timeout=10_000)
    return hits(page)


def test_find_select_local_graph_article_and_back(page, request_log, live_server):
    open_explorer(page, live_server)
    # "/" focuses the box, Esc clears it
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("xyz")
    page.keyboard.press("Escape")
    assert page.input_value("#search-input") == ""
    # English: the concept before the folder of the same name, each with kind and type
    found = type_query(page, "bert")
    assert found[0]["label"] == "BERT" and found[0]["kind"] == "concept · model"
    assert found[1]["label"] == "Bert" and found[1]["kind"].startswith("section")
    # whole words before substrings; nothing unrelated
    found = type_query(page, "NER")
    assert all("Text generation" != h["label"] and "Dot product" != h["label"] for h in found)
    assert found[0]["label"] == "Named entity recognition"
    # a misspelling: did you mean
    found = type_query(page, "Transfomer")
    assert found and all(h["suggestion"] for h in found) and found[0]["label"] == "Transformer"
    # Chinese: arrows move through the hits, Enter picks one
    found = type_query(page, "蒸馏")
    assert len(found) >= 3 and found[0]["selected"]
    page.keyboard.press("ArrowDown")
    assert hits(page)[1]["selected"]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    until(page, "new URLSearchParams(location.search).has('focus')")
    until(page, "window.network.getSelectedNodes().length === 1")
    page.wait_for_selector("#details:not([hidden]) #details-title")
    focus = page.evaluate("new URLSearchParams(location.search).get('focus')")
    assert focus.startswith("concept:")
    # the local graph: exactly the neighbourhood, no overlapping labels at depth 1
    local = json.loads(page.request.get(live_server + "/api/neighbours?limit=400&node=" + quote(focus)).text())
    expected = sorted(n["id"] for n in local["nodes"]
                      if n["kind"] != "concept" or n["type"] != "candidate" or n["id"] == focus)
    page.wait_for_timeout(300)
    assert drawn_nids(page) == expected
    labels = page.evaluate(LABEL_OVERLAPS)
    assert labels["labels"] == len(expected) and labels["overlaps"] == 0
    title = page.inner_text("#view-title")
    assert page.is_visible("#view-back")
    # open an article that mentions it (from the panel), then come back
    article = page.locator("#details-body .details-list a[href^='/links/']").first
    href = article.get_attribute("href")
    with page.expect_navigation() as navigation:
        article.click()
    assert navigation.value.status == 200 and urlsplit(page.url).path == urlsplit(href).path
    page.go_back()
    until(page, "window.nlpmapReady === true")
    until(page, f"document.getElementById('view-title').textContent === {json.dumps(title)}")
    assert page.evaluate("new URLSearchParams(location.search).get('focus')") == focus
    assert drawn_nids(page) == expected
    # a miss clears the panel
    page.fill("#search-input", "qqqqzzzzxxxx")
    page.press("#search-input", "Enter")
    page.wait_for_selector("#details", state="hidden")
    assert "no match" in page.inner_text("#search-status")
    # the way back to the whole map, and the back button steps back to the local graph
    page.click("#view-back")
    until(page, "!new URLSearchParams(location.search).has('focus')")
    until(page, "window.network.body.data.nodes.length > 300")
    page.go_back()
    until(page, f"new URLSearchParams(location.search).get('focus') === {json.dumps(focus)}")
    until(page, f"window.network.body.data.nodes.length === {len(expected)}")
    assert_loopback_only(request_log)


def test_filters_and_url_state_survive_a_reload(page, live_server):
    open_explorer(page, live_server, "?focus=concept:tinybert&depth=1")
    local = json.loads(page.request.get(live_server + "/api/neighbours?node=concept:tinybert&depth=1").text())
    assert drawn_nids(page) == sorted(n["id"] for n in local["nodes"] if n.get("type") != "candidate")
    assert page.evaluate("window.network.getSelectedNodes().map((id) => window.nlpmapNodes.get(id).nid)") == [
        "concept:tinybert"
    ]
    assert page.evaluate(LABEL_OVERLAPS)["overlaps"] == 0
    # depth 2, then a filter: no articles
    page.select_option("#view-depth", "2")
    until(page, "new URLSearchParams(location.search).get('depth') === '2'")
    until(page, f"window.network.body.data.nodes.length > {len(local['nodes'])}")
    before = len(drawn_nids(page))
    page.uncheck("#filter-kinds input[value=article]")
    until(page, f"window.network.body.data.nodes.length < {before}")
    after = drawn_nids(page)
    assert all(not nid.startswith("article:") for nid in after) and "concept:tinybert" in after
    page.check("input[name=size][value=degree]")
    params = dict(parse_qsl(urlsplit(page.url).query))
    assert params["kinds"] == "hub,section,concept" and params["size"] == "degree"
    assert params["focus"] == "concept:tinybert" and params["depth"] == "2"
    # "download this view" links carry the view
    export = dict(parse_qsl(urlsplit(page.get_attribute("a[data-export=graphml]", "href")).query))
    assert export["focus"] == "concept:tinybert" and export["depth"] == "2"
    assert export["kinds"] == "hub,section,concept"
    for fmt in ("graphml", "json"):
        answer = page.request.get(live_server + page.get_attribute(f"a[data-export={fmt}]", "href"))
        assert answer.status == 200, (fmt, answer.text()[:200])
    cut = json.loads(answer.text())  # the JSON export of this view
    kept = {n["id"] for n in cut["nodes"]}
    assert "concept:tinybert" in kept and not any(n.startswith("article:") for n in kept)
    page.reload()
    until(page, "window.nlpmapReady === true")
    until(page, f"window.network.body.data.nodes.length === {len(after)}")
    assert drawn_nids(page) == after
    assert page.is_checked("input[name=size][value=degree]")
    assert not page.is_checked("#filter-kinds input[value=article]")
    # the whole map: a filter reduces the drawn nodes, colour by community changes the legend
    open_explorer(page, live_server)
    whole = len(drawn_nids(page))
    assert not page.is_checked("#filter-types input[value=candidate]")  # candidates hidden by default
    page.uncheck("#filter-types input[value=model]")
    until(page, f"window.network.body.data.nodes.length < {whole}")
    assert "types=" in page.url
    legend = page.inner_text("#legend-nodes")
    if not page.is_disabled("#color-community"):
        page.check("#color-community")
        until(page, f"document.getElementById('legend-nodes').innerText !== {json.dumps(legend)}")
        assert "color=community" in page.url
    page.fill("#filter-weight", "3")
    page.dispatch_event("#filter-weight", "change")
    until(page, "new URLSearchParams(location.search).get('minw') === '3'")
    # a section: its articles, sub-sections and the concepts they mention
    shown = page.evaluate("window.network.body.data.nodes.length")
    section = page.eval_on_selector("#filter-section", "(s) => s.options[1].value")
    page.select_option("#filter-section", section)
    until(page, f"window.network.body.data.nodes.length < {shown}")
    kept = drawn_nids(page)
    assert section in kept and all(n.startswith(("article:", "concept:", "section:")) for n in kept)
    assert dict(parse_qsl(urlsplit(page.url).query))["section"] == section
    page.select_option("#filter-section", "")
    # a community: only its nodes
    if not page.is_disabled("#filter-community"):
        community = page.eval_on_selector("#filter-community", "(s) => s.options[1].value")
        page.select_option("#filter-community", community)
        until(page, f"new URLSearchParams(location.search).get('community') === {json.dumps(community)}")
        groups = page.evaluate(
            "() => [...new Set(window.network.body.data.nodes.getIds().map((id) => window.nlpmapNodes.get(id).c))]"
        )
        assert groups == [int(community)]


def test_phone_layout(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_explorer(page, live_server, "?focus=concept:tinybert")
        page.wait_for_selector("#details:not([hidden]) #details-title")
        boxes = page.evaluate(
            """() => {
                const box = (sel) => document.querySelector(sel).getBoundingClientRect().toJSON();
                return {input: box('#search-input'), bar: box('.topbar'), sheet: box('.sidebar'),
                        map: box('#network'), width: document.documentElement.scrollWidth};
            }"""
        )
        assert boxes["width"] <= 390
        assert boxes["input"]["right"] <= 390 and boxes["input"]["bottom"] <= boxes["bar"]["bottom"]
        assert boxes["input"]["width"] >= 200
        # the panel is a bottom sheet over the map, which keeps the whole width
        assert abs(boxes["sheet"]["bottom"] - 844) < 1 and boxes["sheet"]["width"] == 390
        assert boxes["sheet"]["height"] <= 0.5 * 844
        assert boxes["map"]["width"] == 390 and boxes["map"]["height"] > 600
    finally:
        context.close()


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
