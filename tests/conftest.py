"""Shared fixtures: real files, real workspaces, the real NLP_ability corpus, web servers, Chromium.

Plain helper functions (no fixtures) live in tests/helpers.py.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, copy_project_workspace, png_bytes, web_graph

SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
SHARED_EVAL = SHARED / "eval"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The NLP_ability workspace beside the project (read-only)."""
    if not (SHARED_CORPUS / "README.md").is_file():
        pytest.fail(f"the NLP_ability workspace is missing at {SHARED_CORPUS}")
    return SHARED_CORPUS


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """A copy of the project's own workspace (README hub, docs/, links/) in tmp_path."""
    return copy_project_workspace(tmp_path / "workspace")


# --- web fixtures (webapp, browser) ---------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


WEB_FILES = {
    "README.md": (
        "# Notes hub\n\n## Models\n\n"
        "1. [BERT 入门](./links/notes/模型/BERT入门)\n"
        "2. [注意力](./links/notes/%E6%A8%A1%E5%9E%8B/%E6%B3%A8%E6%84%8F%E5%8A%9B.md)\n"
        "3. [外部](https://example.com/page)\n\n"
        "![图](./links/notes/模型/images/图.png)\n"
    ),
    "links/notes/模型/BERT入门.md": (
        "# BERT 入门\n\nBERT uses the Transformer encoder. See [注意力](注意力.md#多头) and ![图](images/图.png).\n\n"
        "<script>alert('x')</script><img src=\"images/图.png\" onerror=\"alert(2)\">\n\n"
        "<a href=\"JaVaScRiPt:alert(4)\">raw</a><iframe src=\"https://example.com/\"></iframe>\n\n"
        "[bad](javascript:alert(3)) [escape](../../../../secret.md) ![remote](https://example.com/remote.png)\n\n"
        "![checkout](/Users/me/GitHub/notes/模型/images/图.png) ![gone](/Users/me/notes/模型/images/none.png)\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    ),
    "links/notes/模型/注意力.md": "# 注意力\n\nAttention, back to [BERT](./BERT入门.md).\n",
    "links/notes/其他/100% 准确 (1).md": "# 百分百\n\nA file name with a space, a percent sign and parentheses.\n",
    "links/notes/模型/images/icon.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "links/notes/模型/secret.txt": "not served\n",
    "links/notes/.hidden.md": "# hidden\n",
}


@pytest.fixture()
def web_workspace(tmp_path: Path) -> Path:
    """A small links-layout workspace with Chinese, percent and space names, an image, an SVG."""
    root = tmp_path / "web"
    for rel, text in WEB_FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "links/notes/模型/images/图.png").write_bytes(png_bytes())
    (tmp_path / "secret.md").write_text("TOP SECRET\n", encoding="utf-8")
    return root


@pytest.fixture()
def web_graph_file(web_workspace: Path, tmp_path: Path) -> Path:
    """The hand-built graph of ``web_workspace``, saved with graph.store."""
    from graph.store import save_graph

    return save_graph(web_graph(web_workspace), tmp_path / "graphs" / "web.json")


@pytest.fixture()
def app(web_graph_file: Path, web_workspace: Path):
    """The explorer app over ``web_workspace``."""
    from webapp import create_app

    return create_app({"TESTING": True, "NLPMAP_GRAPH": str(web_graph_file), "NLPMAP_WORKSPACE": str(web_workspace)})


@pytest.fixture()
def client(app):
    """A Flask test client of ``app``."""
    return app.test_client()


@pytest.fixture(scope="session")
def nlp_ability_graph_file(shared_corpus: Path, tmp_path_factory) -> Path:
    """The NLP_ability workspace built once per session by graph.build, saved to a file."""
    from graph.build import build_workspace
    from graph.store import save_graph

    return save_graph(build_workspace(shared_corpus), tmp_path_factory.mktemp("graphs") / "nlp_ability.json")


@pytest.fixture(scope="session")
def nlp_ability_app(nlp_ability_graph_file: Path, shared_corpus: Path):
    """The explorer app over the NLP_ability workspace."""
    from webapp import create_app

    return create_app(
        {"TESTING": True, "NLPMAP_GRAPH": str(nlp_ability_graph_file), "NLPMAP_WORKSPACE": str(shared_corpus)}
    )


def free_port() -> int:
    """A TCP port of 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_server(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    """Poll ``url`` until it answers 200; fail with the server's log if it dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not answer {url} within {timeout:.0f} s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def live_server(nlp_ability_graph_file: Path, tmp_path_factory):
    """``nlpmap serve`` of the NLP_ability graph in a subprocess on a free port; yields its base URL."""
    with serving(nlp_ability_graph_file, tmp_path_factory.mktemp("server")) as base:
        yield base


@contextlib.contextmanager
def serving(target: Path, workdir: Path, *args: str):
    """``nlpmap serve TARGET ARGS`` in a subprocess on a free port of 127.0.0.1 (cwd and cache
    in ``workdir``); yields its base URL once it answers, stops it afterwards."""
    port = free_port()
    log = workdir / "server.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NLPMAP_CACHE_DIR": str(workdir / "cache")}
    command = [sys.executable, "-m", "graph.cli", "serve", str(target),
               "--host", "127.0.0.1", "--port", str(port), *args]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(base + "/", proc, log)
        yield base
    finally:
        stop_server(proc)


def stop_server(proc: subprocess.Popen) -> None:
    """Terminate a server subprocess (kill it after 10 s) and reap it."""
    proc.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)
        return
    proc.kill()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never ``playwright install``)."""
    if not CHROMIUM.is_file():  # scripts/test.sh installs it: a missing browser is a failure
        pytest.fail(f"no Chromium at {CHROMIUM}: run `bash scripts/test.sh`, which installs it")
    from playwright import sync_api
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def request_log() -> list[str]:
    """Every URL the ``page`` fixture's page requested, in order."""
    return []


@pytest.fixture()
def page(browser, request_log: list[str]):
    """A fresh browser context and page (1400x900) that logs its requests into ``request_log``."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.on("request", lambda req: request_log.append(req.url))
    try:
        yield tab
    finally:
        context.close()


# --- comparing graphs (tools/compare_graphs.py) -----------------------------


@pytest.fixture(scope="session")
def graph_differences():
    """``differences(a, b, ignore)`` of tools/compare_graphs.py: what two graphs do not share."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("compare_graphs", ROOT / "tools/compare_graphs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.differences


# --- parts of NLP_ability (runner tests) --------------------------------------

NLP_ABILITY_BASE = Path("links") / "NLP_ability" / "深度学习自然语言处理"


@pytest.fixture()
def nlp_ability_part(tmp_path: Path, shared_corpus: Path):
    """``make(folders, per_folder=None)``: the hub and the first articles of some folders."""

    def make(folders: tuple[str, ...], per_folder: int | None = None) -> Path:
        import shutil

        root = tmp_path / "ws"
        root.mkdir()
        shutil.copy2(shared_corpus / "README.md", root / "README.md")
        for folder in folders:
            for file in sorted((shared_corpus / NLP_ABILITY_BASE / folder).glob("*.md"))[:per_folder]:
                dest = root / NLP_ABILITY_BASE / folder / file.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, dest)
        return root

    return make
