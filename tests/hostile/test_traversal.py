"""Traversal payloads on every route that takes a path: nothing outside the corpora is served.

Routes come from the app's ``url_map`` (every GET rule with a variable), so routes added
later are attacked too. Requests go over real HTTP to ``nlpmap serve`` (waitress decodes
the path itself), each payload written raw on the wire.
"""

from __future__ import annotations

import http.client
import os
import re
from urllib.parse import quote, urlsplit

import pytest
from conftest import WEB_FILES, serving
from helpers import png_bytes, web_graph
from hostile_files import get_rules

SECRET = "TOP SECRET 7f3a"
ASCII = "".join(chr(i) for i in range(33, 127))
PASSWD_MARK = "root:x:0:0"
OVERLONG = "a" * 300 + ".md"
PAYLOADS = [
    "../../secret.md",
    "../../../secret.md",
    "../../../../../../etc/passwd",
    "..%2f..%2f..%2fsecret.md",
    "%2e%2e/%2e%2e/%2e%2e/secret.md",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.md",
    "%252e%252e%252f%252e%252e%252f%252e%252e%252fsecret.md",
    "..%252f..%252f..%252fsecret.md",
    "%25252e%25252e%25252fsecret.md",
    "..%5c..%5c..%5csecret.md",
    "%5c..%5c..%5c..%5csecret.md",
    "..\\..\\..\\secret.md",
    "....//....//....//secret.md",
    "..;/..;/..;/secret.md",
    ".../.../.../secret.md",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.md",
    "..%c0%af..%c0%af..%c0%afsecret.md",
    "..%ef%bc%8f..%ef%bc%8f..%ef%bc%8fsecret.md",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "//etc/passwd",
    "%2f%2fetc%2fpasswd",
    "etc/passwd%00.md",
    "../../secret.md%00.png",
    "%00",
    "%E6%A8%A1%E5%9E%8B/BERT%E5%85%A5%E9%97%A8.md%00/../../../../secret.md",
    "模型/%2e%2e/%2e%2e/%2e%2e/secret.md",
    ".hidden.md",
    "%2ehidden.md",
    "模型/secret.txt",
    "C:%5cWindows%5cwin.ini",
    "%5c%5cserver%5cshare%5csecret.md",
    "file:%2f%2f%2fetc%2fpasswd",
    "~%2f.bashrc",
    OVERLONG,
    "a/" * 2000 + "x.md",
    "%" * 50,
    "模型/outlink.md",
    "模型/outdir/secret.md",
    "模型/outdir/web/README.md",
    "模型/outimage.png",
    "模型/pipe.md",
    "模型/pipe",
    "模型/dir.md",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """``nlpmap serve`` of the web workspace with symlinks in and out; (base URL, workspace, root)."""
    from graph.store import save_graph

    base = tmp_path_factory.mktemp("traversal")
    ws = base / "web"
    for rel, text in WEB_FILES.items():
        (ws / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws / rel).write_text(text, encoding="utf-8")
    (ws / "links/notes/模型/images/图.png").write_bytes(png_bytes())
    (base / "secret.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    (base / "secret.png").write_bytes(png_bytes() + SECRET.encode())
    models = ws / "links/notes/模型"
    os.symlink("注意力.md", models / "inlink.md")
    os.symlink(base / "secret.md", models / "outlink.md")
    os.symlink(base, models / "outdir")
    os.symlink(base / "secret.png", models / "outimage.png")
    os.symlink(base / "secret.png", ws / "outside.png")
    (models / "victim.md").write_text("# Victim\n\nA plain article.\n", encoding="utf-8")
    os.mkfifo(models / "pipe.md")  # a FIFO must never be opened (it would hang the request)
    (models / "dir.md").mkdir()
    graph_file = save_graph(web_graph(ws), base / "graph.json")
    with serving(graph_file, base) as url:
        yield url, ws, base


def raw_get(base: str, path: str, redirects: int = 3) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (no quoting by the client), following local redirects."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        wire = quote(path, safe=ASCII)  # as written; only non-ASCII characters percent-encoded
        conn.putrequest("GET", wire, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        status, body, location = response.status, response.read(), response.getheader("Location")
    finally:
        conn.close()
    if status in (301, 302, 303, 307, 308) and redirects:
        target = urlsplit(location or "")
        assert target.netloc in ("", f"{host}:{port}"), location  # never sent elsewhere
        return raw_get(base, target.path + (f"?{target.query}" if target.query else ""),
                       redirects - 1)
    return status, body


def path_routes() -> list[str]:
    """A URL prefix for every GET route with variables (the last one gets the payload)."""
    prefixes = []
    for rule in get_rules():
        if not rule.arguments:
            continue
        parts = re.split(r"<(?:[^:>]+:)?([^>]+)>", rule.rule)  # text, name, text, name, ...
        *head, _last_name, _tail = parts
        filled = [part if i % 2 == 0 else ("notes" if part == "corpus" else "x")
                  for i, part in enumerate(head)]
        prefixes.append("".join(filled))
    return sorted(set(prefixes))


ROUTES = path_routes()


def test_the_routes_cover_the_file_routes():
    assert {"/links/notes/", "/files/", "/concept/", "/api/node/"} <= set(ROUTES)


def _leaks(body: bytes) -> bool:
    return SECRET.encode() in body or PASSWD_MARK.encode() in body


@pytest.mark.parametrize("payload", PAYLOADS)
def test_traversal_payloads_never_reach_outside(site, payload):
    base, _, _ = site
    for prefix in ROUTES:
        status, body = raw_get(base, prefix + payload)
        assert not _leaks(body), (prefix, payload)
        assert status in (400, 404, 414), (prefix, payload, status)
        assert b"Traceback" not in body


def test_payloads_in_the_corpus_segment(site):
    base, _, _ = site
    for payload in ("..", "%2e%2e", "..%2f..", "%2e%2e%2f%2e%2e", "..%5c..", ".hidden", "%00"):
        for rest in ("secret.md", "web/README.md", "etc/passwd", "../secret.md"):
            status, body = raw_get(base, f"/links/{payload}/{rest}")
            assert status in (400, 404) and not _leaks(body), (payload, rest, status)


def test_symlinks_inside_are_served(site):
    base, _, _ = site
    status, body = raw_get(base, "/links/notes/%E6%A8%A1%E5%9E%8B/inlink.md")
    assert status == 200 and "注意力".encode() in body


def test_a_symlink_swapped_in_after_the_build_is_not_followed(site):
    base, ws, root = site
    victim = "/links/notes/%E6%A8%A1%E5%9E%8B/victim.md"
    assert raw_get(base, victim)[0] == 200
    target = ws / "links/notes/模型/victim.md"
    target.unlink()
    os.symlink(root / "secret.md", target)
    status, body = raw_get(base, victim)
    assert status == 404 and not _leaks(body)
    other = ws / "links/notes/其他"
    other.rename(ws / "links/notes/moved")
    os.symlink(root, other)  # a whole folder swapped for a link out of the workspace
    status, body = raw_get(base, "/links/notes/%E5%85%B6%E4%BB%96/secret.md")
    assert status == 404 and not _leaks(body)
