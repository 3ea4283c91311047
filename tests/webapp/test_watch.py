"""`nlpmap serve --watch`: an edit reaches the served graph and an open page; a failed
rebuild keeps the last good graph and shows its error. A real server, real files, real
Chromium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port, wait_for_server
from helpers import ROOT

NEW_ARTICLE = "links/notes/模型/斑马网络.md"
OVERLAY = (
    "concepts:\n"
    "  - {id: zetanet, name: ZetaNet, zh: [斑马网络], aliases: [], type: model,\n"
    "     description: A made-up model., relations: {improves_on: [bert]}}\n"
)


@pytest.fixture()
def watched(web_workspace: Path, tmp_path: Path):
    """``nlpmap serve --watch`` of ``web_workspace`` (with an ontology overlay); its URL."""
    overlay = tmp_path / "mine.yaml"
    overlay.write_text(OVERLAY, "utf-8")
    port = free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NLPMAP_CACHE_DIR": str(tmp_path / "cache")}
    command = [
        sys.executable,
        "-m",
        "graph.cli",
        "serve",
        str(web_workspace),
        "--watch",
        "--ontology",
        str(overlay),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(base + "/api/live", proc, log)
        yield base, web_workspace, overlay
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def wait_until(check, timeout: float = 60.0):
    """Poll ``check()`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    pytest.fail("the watched server did not get there in time")


def page_until(page, expression: str, timeout: float = 60.0):
    """Poll a JavaScript expression in the page (page.evaluate: the page's CSP forbids eval)."""

    def check():
        try:
            return page.evaluate(expression)
        except Exception:  # the page is reloading: ask again
            return None

    return wait_until(check, timeout)


def node_ids(base: str) -> set[str]:
    return {node["id"] for node in get_json(base + "/api/graph")["nodes"]}


def test_a_watched_edit_shows_in_the_served_graph_and_the_open_page(watched, page):
    base, workspace, _ = watched
    node = f"article:{NEW_ARTICLE}"
    page.goto(base + "/")
    page_until(page, "window.network && window.nlpmapLiveVersion")
    page.evaluate("window.network.moveTo({position: {x: 40, y: -20}, scale: 1.7})")
    hub = page.evaluate("window.nlpmapNodes.getIds({filter: n => n.url === '/hub'})")
    page.evaluate(f"window.network.selectNodes({json.dumps(hub)})")
    assert node not in node_ids(base)

    (workspace / NEW_ARTICLE).write_text("# 斑马网络\n\nZetaNet 改进了 BERT。\n", "utf-8")

    wait_until(lambda: node in node_ids(base))
    page_until(
        page,
        "window.nlpmapLiveRestored && window.nlpmapNodes.get().some("
        "n => n.url && decodeURIComponent(n.url).endsWith('/斑马网络.md'))",
    )
    view = page.evaluate(
        "({scale: window.network.getScale(), position: window.network.getViewPosition()})"
    )
    assert view["scale"] == pytest.approx(1.7, rel=0.01)
    assert view["position"]["x"] == pytest.approx(40, abs=1)
    assert view["position"]["y"] == pytest.approx(-20, abs=1)
    selected = page.evaluate(
        "window.network.getSelectedNodes().map(id => window.nlpmapNodes.get(id).url)"
    )
    assert selected == ["/hub"]  # the same node, though its id in the drawing changed


def test_a_failed_rebuild_keeps_the_last_good_graph_and_shows_the_error(watched, page):
    base, workspace, overlay = watched
    before = node_ids(base)
    assert "concept:bert" in before
    page.goto(base + "/")
    page_until(page, "window.network && window.nlpmapLiveVersion")

    overlay.write_text(
        "concepts:\n  - {id: x, name: X, type: model, relations: {is_a: [no-such-id]}}\n", "utf-8"
    )

    state = wait_until(
        lambda: get_json(base + "/api/live")["error"] and get_json(base + "/api/live")
    )
    assert "no-such-id" in state["error"]
    assert node_ids(base) == before  # the last good graph is still served
    banner = page.wait_for_selector("#live-error:not([hidden])", timeout=30_000)
    assert "no-such-id" in banner.inner_text()

    overlay.write_text(OVERLAY, "utf-8")  # fixed: the next rebuild clears the error
    wait_until(lambda: get_json(base + "/api/live")["error"] is None)
