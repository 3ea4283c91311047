"""Markdown to safe HTML: markdown-it-py renders, nh3 sanitises and rewrites URLs.

Only the output of :func:`render_markdown` may be marked ``|safe`` in a
template: every tag and attribute went through nh3, and every ``href`` and
``src`` through the caller's ``rewrite`` function. After nh3, an image whose
source is still a web URL (the caller kept it) becomes a placeholder naming
it ("remote image, not loaded offline"): nothing is fetched, and the page's
CSP would block it anyway. Math written ``$...$`` or ``$$...$$`` is text in a
``<span class="math">`` (``<div class="math">`` for a block), TeX commands
shown as their Unicode symbols (``data/tex_symbols.tsv``); never in code.
"""

from __future__ import annotations

import html as _html
import logging
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from graph.workspace.dialects import to_markdown
from graph.workspace.frontmatter import split_front_matter

__all__ = ["REMOTE_IMAGE", "parse_markdown", "read_text", "readable_tex", "render_markdown"]

log = logging.getLogger(__name__)

ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES.setdefault("a", set()).update({"href", "title"})
ATTRIBUTES.setdefault("img", set()).update({"src", "alt", "title", "width", "height"})
for _tag in ("a", "span", "div"):
    ATTRIBUTES.setdefault(_tag, set()).update({"class", "title"})
#: The classes a rendered page may carry (any other class is dropped).
CLASSES = frozenset({"math", "inline", "display", "concept-mention"})
URL_SCHEMES = {"http", "https", "mailto"}
MAX_BYTES = 5_000_000
REMOTE_IMAGE = "remote image, not loaded offline"
DATA = Path(__file__).resolve().parent / "data"

Rewrite = Callable[[str, str], "str | None"]
#: ``mention(text) -> [(piece, concept page URL or None, title)]``: the concept names of a text.
Mentions = Callable[[str], "list[tuple[str, str | None, str]]"]


def make_markdown() -> MarkdownIt:
    """A CommonMark parser with raw HTML (sanitised later), tables, strikethrough and ``$`` math."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    dollarmath_plugin(md, allow_space=False, allow_digits=False, double_inline=True)
    md.core.ruler.push("nlpmap_link_text", _mark_link_text)
    return md


def parse_markdown(text: str) -> list[Token]:
    """The markdown-it tokens of a document (front matter and site dialects removed)."""
    _, body = split_front_matter(text)
    return make_markdown().parse(to_markdown(body), {})


def _mark_link_text(state) -> None:
    """Mark the text tokens inside links (``meta["in_link"]``): no concept link goes there."""
    for token in state.tokens:
        depth = 0
        for child in token.children or ():
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth = max(0, depth - 1)
            elif depth and child.type == "text":
                child.meta["in_link"] = True


@lru_cache(maxsize=1)
def _tex_symbols() -> dict[str, str]:
    """``data/tex_symbols.tsv``: TeX command -> what to show."""
    table = {}
    for line in (DATA / "tex_symbols.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, shown = line.partition("\t")
            table[name] = shown
    return table


@lru_cache(maxsize=1)
def _tex_scripts() -> dict[str, dict[str, str]]:
    """``data/tex_scripts.tsv``: ``{"sub": {char: subscript}, "sup": {char: superscript}}``."""
    table: dict[str, dict[str, str]] = {}
    for line in (DATA / "tex_scripts.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, plain, shown = line.split("\t")
            table[kind] = dict(zip(plain, shown, strict=True))
    return table


_TEX_SCRIPT = re.compile(r"([_^])(?:\{([^{}]{1,12})\}|([A-Za-z0-9]))")


def _scripts(tex: str) -> str:
    """``x_{1}`` as ``x₁`` and ``x^{2}`` as ``x²`` where every character has a Unicode form."""
    table = _tex_scripts()

    def swap(match: re.Match) -> str:
        chars = match.group(2) if match.group(2) is not None else match.group(3)
        forms = table["sub" if match.group(1) == "_" else "sup"]
        if chars and all(c in forms for c in chars):
            return "".join(forms[c] for c in chars)
        return match.group(0)

    return _TEX_SCRIPT.sub(swap, tex)


_TEX_COMMAND = re.compile(r"\\([A-Za-z]+)|\\([,;:! {}_])")


def readable_tex(tex: str) -> str:
    """TeX with the commands of ``data/tex_symbols.tsv`` as Unicode (``\\lambda`` -> ``λ``) and
    sub- and superscripts as ``data/tex_scripts.tsv`` has them (``x_{ij}`` -> ``xᵢⱼ``)."""
    symbols = _tex_symbols()

    def swap(match: re.Match) -> str:
        if match.group(2) is not None:
            return " " if match.group(2) in ",;:! " else match.group(2)
        return symbols.get(match.group(1), match.group(0))

    return " ".join(_scripts(_TEX_COMMAND.sub(swap, tex)).split())


def _math(tag: str, mode: str):
    """A markdown-it render rule writing math as escaped, readable text."""

    def rule(self, tokens, idx, options, env) -> str:
        tex = tokens[idx].content
        shown = _html.escape(readable_tex(tex))
        title = _html.escape(" ".join(tex.split()))
        html = f'<{tag} class="math {mode}" title="{title}">{shown}</{tag}>'
        return html + "\n" if tag == "div" else html

    return rule


def _text_rule(mentions: Mentions | None, emitted: set[str]):
    """The ``text`` render rule: escaped text, concept names linked (never inside a link), each
    concept once per paragraph, list item, heading or table cell."""

    def rule(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        if mentions is None or token.meta.get("in_link"):
            return _html.escape(token.content, quote=False)
        linked = env.setdefault("nlpmap_linked", {}).setdefault(id(tokens), set())
        out = []
        for piece, url, title in mentions(token.content):
            if url is None or url in linked:
                out.append(_html.escape(piece, quote=False))
                continue
            linked.add(url)
            emitted.add(url)
            out.append(
                f'<a class="concept-mention" href="{_html.escape(url)}" title="{_html.escape(title)}">'
                f"{_html.escape(piece, quote=False)}</a>"
            )
        return "".join(out)

    return rule


def render_markdown(text: str, rewrite: Rewrite, *, title: str = "", mentions: Mentions | None = None) -> str:
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
        mentions (callable | None): Splits a text into pieces, the concept names
            with their page URL; those become links (outside code and links).

    RETURNS (str): HTML safe to embed in a page.
    """

    emitted: set[str] = set()

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if tag == "a" and attr == "href":
            return value if value in emitted else rewrite("link", value)
        if tag == "img" and attr == "src":
            return rewrite("image", value)
        if attr == "class":
            kept = [name for name in value.split() if name in CLASSES]
            return " ".join(kept) or None
        return value

    meta, body = split_front_matter(text)
    md = make_markdown()
    md.add_render_rule("text", _text_rule(mentions, emitted))
    md.add_render_rule("math_inline", _math("span", "inline"))
    md.add_render_rule("math_inline_double", _math("span", "display"))
    md.add_render_rule("math_block", _math("div", "display"))
    md.add_render_rule("math_block_label", _math("div", "display"))
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
    return _meta_line(meta) + remote_placeholders(clean)


# nh3's output: attributes double-quoted, their values escaped (``"`` and ``&``, not ``<>``)
_IMG_OR_LINK = re.compile(r'<img(?:\s+[\w:-]+(?:="[^"]*")?)*\s*/?>|<a\b(?:\s+[\w:-]+(?:="[^"]*")?)*\s*>|</a>')
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
_WEB = ("http://", "https://", "//")


def remote_placeholders(html: str) -> str:
    """Sanitised ``html`` with every web image replaced by a placeholder that names and links it.

    Inside a link the placeholder is plain text (a link may not hold a link).
    """
    out, at, depth = [], 0, 0
    for match in _IMG_OR_LINK.finditer(html):
        tag = match.group()
        if tag.startswith("</a"):
            depth = max(0, depth - 1)
            continue
        if tag.startswith("<a"):
            depth += 1
            continue
        attrs = {name: _html.unescape(value) for name, value in _ATTRIBUTE.findall(tag)}
        src = attrs.get("src", "")
        if not src.lower().startswith(_WEB):
            continue
        url = "https:" + src if src.startswith("//") else src
        label = attrs.get("alt") or url
        if depth:
            note = f"{REMOTE_IMAGE}: {label}"
            placeholder = f'<span class="remote-image" title="{_html.escape(url)}">{_html.escape(note, quote=False)}</span>'
        else:
            placeholder = (
                f'<span class="remote-image">{REMOTE_IMAGE}: '
                f'<a href="{_html.escape(url)}" rel="noopener noreferrer">{_html.escape(label, quote=False)}</a></span>'
            )
        out.append(html[at : match.start()])
        out.append(placeholder)
        at = match.end()
    out.append(html[at:])
    return "".join(out)


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
