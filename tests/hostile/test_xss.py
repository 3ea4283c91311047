"""XSS payloads in headless Chromium on every page: no dialog, no injected script or handler.

A workspace full of hostile Markdown, file and folder names, hub titles and an ontology
with hostile names, aliases and descriptions is built by ``nlpmap build`` and served by
``nlpmap serve``. Chromium opens every page without parameters that answers HTML (from
the app's ``url_map``, so new pages and exports are covered), every node's page, error
pages with hostile paths, and searches the explorer for every hostile name. On each it
checks: no dialog opened, no Content-Security-Policy violation (nothing injected even
tried to run), and no live element carries an event handler, a ``javascript:``/``data:``
link, a frame or plugin, or a script that is not one of the app's own files.
"""

from __future__ import annotations

import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import serving
from helpers import refuse_all_but, write_files
from hostile_files import get_rules, nlpmap

DATA = Path(__file__).resolve().parent / "data"
ARTICLE = """# <img src=x onerror=alert('h1')> ZetaNet notes

ZetaNet improves on BERT. <script>alert('body')</script>

<img src=x onerror="alert('onerror')"> <svg onload="alert('svg')"><script>alert('s2')</script></svg>
<a href="javascript:alert('a-js')">a</a> <a href="JaVaScRiPt:alert('a-js2')">b</a>
<a href="&#106;avascript:alert('ent')">c</a> <a href=" javascript:alert('sp')">d</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">e</a>
<iframe srcdoc="<script>alert('srcdoc')</script>"></iframe> <iframe src="javascript:alert('if')">
<details open ontoggle="alert('toggle')">x</details>
<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>
<object data="javascript:alert('obj')"></object> <embed src="javascript:alert('embed')">
<form action="javascript:alert('form')"><button formaction="javascript:alert('fa')">go</button></form>
<div style="background:url(javascript:alert('css'))">css</div> <base href="javascript:alert('base')//">
<meta http-equiv="refresh" content="0;url=javascript:alert('meta')"> <body onload="alert('bl')">
<noscript><p title="</noscript><img src=x onerror=alert('ns')>"></noscript>
<svg><a xlink:href="javascript:alert('xl')"><text y="20">x</text></a></svg>

[md-js](javascript:alert('md-js')) [md-data](data:text/html,<script>alert('md-data')</script>)
[md-ent](jav&#x09;ascript:alert('tab')) ![img-js](javascript:alert('img-js'))
![svg-data](data:image/svg+xml,<svg onload=alert('svgdata')>)
<https://example.com/"onmouseover="alert('auto')"> [[<script>alert('wiki')</script>]]
"""
HUB = """# Hub <img src=x onerror=alert('hub-title')>

## <script>alert('section')</script> Models

- [<script>alert('linktext')</script>](./links/evil/a.md)
- [<img src=x onerror=alert('lt2')>](<./links/evil/"><svg onload=alert('fn')>.md>)
- [js link](javascript:alert('hub-js'))
- [data link](data:text/html,<script>alert('hub-data')</script>)
"""
FILES = {
    "README.md": HUB,
    "links/evil/a.md": ARTICLE,
    "links/evil/\"><svg onload=alert('fn')>.md": "# File name\n\nBERT.\n",
    "links/evil/<img src=x onerror=alert(11)>/b.md": "# Folder\n\nZetaNet.\n",
    "links/evil/javascript:alert('name').md": "# <script>alert('t')</script>\n\nBERT.\n",
}
ERROR_PATHS = [
    "/links/evil/%3Cscript%3Ealert('404')%3C/script%3E.md",
    "/concept/%3Cimg%20src=x%20onerror=alert('c404')%3E",
    "/nope%22%3E%3Cscript%3Ealert('n')%3C/script%3E",
    "/api/node/%3Cscript%3Ealert('api')%3C/script%3E",
    "/links/%3Csvg%20onload=alert('corpus')%3E/x.md",
]
#: Everything a page must not hold once drawn (see the module docstring). Its argument, for a
#: page that carries its own scripts inline (the html export), names them by id and says
#: whether one Content-Security-Policy <meta> is the page's own.
DOM_CHECK = """(inline) => {
  inline = inline || { scripts: [], csp: false };
  const bad = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) bad.push(`${el.tagName} ${name}`);
      if (urlAttrs.includes(name) && /^\\s*(javascript|data|vbscript):/i.test(attr.value)
          && !(el.tagName === "IMG" && /^data:image\\/(png|jpeg|gif|webp);/i.test(attr.value))
          && !(el.tagName === "LINK" && el.rel === "icon" && attr.value === "data:,"))
        bad.push(`${el.tagName} ${name}=${attr.value.slice(0, 40)}`);
      if (name === "srcdoc") bad.push(`${el.tagName} srcdoc`);
    }
    if (["IFRAME", "FRAME", "OBJECT", "EMBED", "BASE", "META", "FORM"].includes(el.tagName)
        && !(el.tagName === "META" && !el.httpEquiv) && !(el.tagName === "FORM" && el.id === "search")
        && !(inline.csp && el === document.querySelector("meta[http-equiv]")
             && el.httpEquiv.toLowerCase() === "content-security-policy"))
      bad.push(el.tagName);
  }
  for (const s of document.scripts) {
    const own = (s.src && new URL(s.src).origin === location.origin)
      || (!s.src && inline.scripts.includes(s.id) && document.querySelectorAll(`script[id="${s.id}"]`).length === 1);
    if (!own && s.type !== "application/json") bad.push(`script ${s.src || s.text.slice(0, 40)}`);
  }
  return bad.concat(window.__violations || []);
}"""
RECORD_VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`CSP ${e.violatedDirective} ${e.blockedURI}`));"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """``nlpmap serve`` of the hostile workspace: (base URL, graph)."""
    from graph.store import load_graph

    base = tmp_path_factory.mktemp("xss")
    ws = write_files(base / "ws", FILES)
    graph_file = base / "graph.json"
    proc = nlpmap("build", str(ws), "--ontology", str(DATA / "hostile-ontology.yaml"),
                  "-o", str(graph_file), "-q", cache=base / "cache")
    assert proc.returncode == 0, proc.stderr
    with serving(graph_file, base) as url:
        yield url, load_graph(graph_file)


def _html_routes(base: str) -> list[str]:
    """Every GET route without variables that answers HTML."""
    found = []
    for rule in _rules():
        try:
            with urllib.request.urlopen(base + rule, timeout=30) as response:
                if response.headers.get_content_type() == "text/html":
                    found.append(rule)
        except OSError:
            continue
    return found


def _rules() -> list[str]:
    """The GET rules without variables of the explorer app."""
    return sorted(rule.rule for rule in get_rules() if not rule.arguments)


def _node_pages(G) -> list[str]:
    from webapp.state import node_page_url

    return sorted({url for node in G for url in [node_page_url(G, node)] if url})


def test_no_payload_runs_on_any_page(browser, hostile_site):
    base, G = hostile_site
    pages = _html_routes(base) + _node_pages(G) + ERROR_PATHS
    assert "/" in pages and "/hub" in pages and any(p.startswith("/concept/") for p in pages)
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    problems = {}
    try:
        for path in pages:
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(50)
            found = page.evaluate(DOM_CHECK)
            if found:
                problems[path] = found
        problems.update(_search_every_hostile_name(page, base, G))
    finally:
        context.close()
    assert dialogs == [] and problems == {}, (dialogs, problems)
    assert len(pages) >= 12


def _search_every_hostile_name(page, base: str, G) -> dict:
    """Type each hostile label into the explorer's search; DOM problems by query."""
    problems = {}
    page.goto(base + "/", wait_until="load")
    page.wait_for_selector("#network canvas")
    labels = sorted({str(a.get("label", "")) for _, a in G.nodes(data=True) if "<" in str(a.get("label", ""))})
    assert labels
    for label in labels:
        page.fill("#search-input", label)
        page.press("#search-input", "Enter")
        page.wait_for_timeout(100)
        found = page.evaluate(DOM_CHECK)
        if found:
            problems[f"search {label}"] = found
    return problems


#: The html export's own inline scripts (graph/export/data/page.html) and its CSP <meta>.
EXPORT_PAGE = {"scripts": ["vis-network-js", "nlpmap-js"], "csp": True}


def test_no_payload_runs_in_the_exported_page(browser, hostile_site, tmp_path):
    """The html export, downloaded from /export/html and written by the exporter (links relative
    to its folder, hostile file names in them), opened from file:// with every other request
    refused: searched for every hostile name (its details shown) and hovered (tooltips)."""
    from graph.export import EXPORTERS

    base, G = hostile_site
    downloaded = tmp_path / "downloaded.html"
    with urllib.request.urlopen(base + "/export/html", timeout=60) as response:
        downloaded.write_bytes(response.read())
    (tmp_path / "cli").mkdir()
    written = EXPORTERS["html"].write(G, tmp_path / "cli" / "map.html")
    hostile = sorted({str(d.get("label", "")) for _, d in G.nodes(data=True) if "<" in str(d.get("label", ""))})
    assert len(hostile) >= 3
    # as the page names them: a folder's name ends with a slash
    drawn = {f"{d['label']}/" if d.get("source") == "folder" else str(d["label"])
             for _, d in G.nodes(data=True) if str(d.get("label", "")) in hostile}
    for path in (downloaded, written):
        dialogs, problems, refused, shown = _open_export(browser, path.as_uri(), hostile)
        assert (dialogs, problems, refused) == ([], {}, []), path.name
        assert set(shown) == drawn, path.name  # the payloads are there, as text


def _open_export(browser, url: str, hostile: list[str]):
    """``(dialogs, DOM problems by step, refused requests, detail titles shown)`` of an export."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    context.add_init_script(RECORD_VIOLATIONS)
    refused = refuse_all_but(context, url)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    problems, shown = {}, []
    try:
        page.goto(url, wait_until="load")
        page.wait_for_function("() => window.network && window.nlpmapData")
        for step, action in [("load", None), *((f"search {t}", t) for t in hostile)]:
            if action is not None:
                page.fill("#search-input", action)
                page.press("#search-input", "Enter")
                page.wait_for_timeout(50)
                shown.append(page.text_content("#details-title"))
            found = page.evaluate(DOM_CHECK, EXPORT_PAGE)
            if found:
                problems[step] = found
        points = page.evaluate("""() => { const net = window.network; net.fit({ animation: false });
          return Object.values(net.getPositions()).slice(0, 40).map((p) => net.canvasToDOM(p)); }""")
        box = page.locator("#network").bounding_box()
        for point in points:  # hovering shows each node's tooltip (vis-network sets it as innerText)
            page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
            page.wait_for_timeout(20)
        page.wait_for_timeout(300)
        found = page.evaluate(DOM_CHECK, EXPORT_PAGE)
        if found:
            problems["hover"] = found
    finally:
        context.close()
    return dialogs, problems, refused, shown


class _LiveMarkup(HTMLParser):
    """Collects what a served page holds as live markup (not as escaped text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}")
        given = dict(attrs)
        own = (given.get("src") or "").startswith("/") or given.get("type") == "application/json"
        if tag in ("script", "iframe", "object", "embed", "svg") and not own:
            self.found.append(tag)


@pytest.mark.parametrize("path", ["/links/evil/a.md", "/concept/zetanet", "/hub"])
def test_pages_keep_the_text_but_no_live_markup(hostile_site, path):
    base, _ = hostile_site
    with urllib.request.urlopen(base + path, timeout=30) as response:
        body = response.read().decode("utf-8")
    parser = _LiveMarkup()
    parser.feed(body)
    assert parser.found == []
    assert "alert(" in body  # the payloads are shown as text, not dropped unseen
