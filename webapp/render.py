"""Markdown to safe HTML: markdown-it-py renders, nh3 sanitises and rewrites URLs.

Only the output of :func:`render_markdown` may be marked ``|safe`` in a
template: every tag and attribute went through nh3, and every ``href`` and
``src`` through the caller's ``rewrite`` function.
"""

from __future__ import annotations

import html as _html
import logging
from collections.abc import Callable
from pathlib import Path

import nh3
from markdown_it import MarkdownIt

from graph.workspace.dialects import to_markdown
from graph.workspace.frontmatter import split_front_matter

__all__ = ["read_text", "render_markdown"]

log = logging.getLogger(__name__)

ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES.setdefault("a", set()).update({"href", "title"})
ATTRIBUTES.setdefault("img", set()).update({"src", "alt", "title", "width", "height"})
URL_SCHEMES = {"http", "https", "mailto"}
MAX_BYTES = 5_000_000

Rewrite = Callable[[str, str], "str | None"]


def make_markdown() -> MarkdownIt:
    """A CommonMark parser with raw HTML (sanitised later), tables and strikethrough."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def render_markdown(text: str, rewrite: Rewrite, *, title: str = "") -> str:
    """Render Markdown ``text`` to sanitised HTML.

    Front matter is no text: it shows as one small line (date, categories, tags); Liquid
    tags, Hugo shortcodes, kramdown attribute lines and wiki-links are rewritten as the
    links (or nothing) they stand for (:func:`graph.workspace.dialects.to_markdown`), so
    their hrefs are the ones the build resolved.

    Args:
        text (str): The Markdown source (untrusted).
        rewrite (callable): ``rewrite(kind, url)`` with kind ``link`` or
            ``image``, returning the URL to use or None to drop the attribute.
        title (str): The page's own title; a leading level-1 heading with the
            same text is left out so the title does not show twice.

    RETURNS (str): HTML safe to embed in a page.
    """

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if tag == "a" and attr == "href":
            return rewrite("link", value)
        if tag == "img" and attr == "src":
            return rewrite("image", value)
        return value

    meta, body = split_front_matter(text)
    md = make_markdown()
    env: dict = {}
    tokens = md.parse(to_markdown(body), env)
    if (
        title
        and len(tokens) >= 3
        and tokens[0].type == "heading_open"
        and tokens[0].tag == "h1"
        and " ".join(tokens[1].content.split()) == " ".join(title.split())
    ):
        tokens = tokens[3:]
    html = md.renderer.render(tokens, md.options, env)
    clean = nh3.clean(html, attributes=ATTRIBUTES, attribute_filter=attribute_filter, url_schemes=URL_SCHEMES)
    return _meta_line(meta) + clean


def _meta_line(meta) -> str:
    """Front matter as one small escaped line (date, tags, categories); "" without any."""
    parts = [meta.date.split(" ")[0]] if meta.date else []
    parts += ["#" + tag for tag in (*meta.categories, *meta.tags)]
    if not parts:
        return ""
    return '<p class="front-matter">' + _html.escape(" · ".join(parts)) + "</p>\n"


def read_text(path: Path, encoding: str | None = None, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a Markdown file as text, with the encoding the build found when known.

    Args:
        path (Path): The file.
        encoding (str | None): The codec recorded in the graph, if any.
        max_bytes (int): Files larger than this are cut (with a note).

    RETURNS (str): The decoded text.
    """
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    note = ""
    if len(data) > max_bytes:
        data = data[:max_bytes]
        note = f"\n\n*(cut at {max_bytes:,} bytes)*\n"
        log.warning("%s is larger than %d bytes; showing the start", path, max_bytes)
    for codec in dict.fromkeys([_sig(encoding or "utf-8"), "utf-8-sig"]):
        try:
            return data.decode(codec) + note
        except (UnicodeDecodeError, LookupError):
            continue
    from graph.workspace.reader import decode_bytes

    text, _ = decode_bytes(data)
    return text + note


def _sig(codec: str) -> str:
    """Read UTF-8 as ``utf-8-sig`` so a byte-order mark does not reach the page."""
    return "utf-8-sig" if codec.lower().replace("_", "-") in {"utf-8", "utf8"} else codec
