"""Markdown parsing: links, images, headings, bold texts and readable prose.

One public function, :func:`parse_markdown`, turns a Markdown string into a
:class:`~graph.models.ParsedMarkdown`. It uses markdown-it-py (CommonMark
plus tables and strikethrough, no linkify) and reads raw HTML (``<a href>``,
``<img src>``) with :mod:`html.parser`. Nothing inside fenced, indented or
inline code becomes a link, an image or prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

from graph.models import Heading, Image, Link, ParsedMarkdown

__all__ = ["make_parser", "parse_markdown"]

# Bare web addresses, removed from the prose (ASCII only: Chinese text often
# follows a URL without a space).
_URL_RE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
# A Markdown link whose destination holds spaces (``[t](./a b.md)``) is not a
# link in CommonMark; hand-written notes still mean one. Only text tokens are
# searched, so code never matches.
_LOOSE_LINK_RE = re.compile(r"\[([^\[\]\n]+)\]\(\s*([^()\s:][^()\n:]*\s[^()\n:]*?)\s*\)")
_SPACES_RE = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES_RE = re.compile(r"\n\s*\n+")

_HTML_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl"),
        *("dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary"),
        *("table", "td", "th", "tr", "ul"),
    }
)
_HTML_SKIP_TAGS = frozenset({"script", "style", "code", "pre"})


def make_parser() -> MarkdownIt:
    """Return a new markdown-it parser: CommonMark, tables, strikethrough, no linkify.

    Link destinations are kept as written (no percent-encoding), so
    :attr:`Link.href` is the raw target.
    """
    md = MarkdownIt("commonmark", {"linkify": False}).enable(["table", "strikethrough"])
    md.normalizeLink = _identity  # type: ignore[method-assign]
    return md


def _identity(url: str) -> str:
    """Return ``url`` unchanged."""
    return url


def parse_markdown(text: str, parser: MarkdownIt | None = None) -> ParsedMarkdown:
    """Parse a Markdown document.

    Parameters
    ----------
    text : str
        The Markdown source.
    parser : MarkdownIt, optional
        A parser from :func:`make_parser`, to share between documents
        (building one costs about 0.1 ms); a new one when None.

    Returns
    -------
    ParsedMarkdown
        Links (inline, reference, autolink, raw HTML), images (Markdown and
        ``<img>``), headings, bold texts and the readable prose. Every link
        carries its 1-based source line and the nearest heading above it.

    Examples
    --------
    >>> parsed = parse_markdown("# BERT\\n\\nSee [TinyBERT](tinybert.md).")
    >>> parsed.links[0].href, parsed.links[0].line, parsed.links[0].section
    ('tinybert.md', 3, 'BERT')
    >>> parsed.text
    'BERT\\n\\nSee TinyBERT.'
    """
    md = parser if parser is not None else make_parser()
    env: dict = {}
    tokens = md.parse(text, env)
    ref_hrefs = frozenset(ref["href"] for ref in env.get("references", {}).values())
    walker = _Walker(ref_hrefs)
    walker.walk(tokens)
    return walker.result()


# --------------------------------------------------------------------------- HTML


class _HtmlEvents(HTMLParser):
    """Turn a piece of raw HTML into events: ``a``, ``/a``, ``img``, ``text``.

    Each event is a tuple whose last item is the 1-based line inside the piece.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href", "").strip():
            self.events.append(("a", values["href"].strip(), line))
        elif tag == "img" and values.get("src", "").strip():
            self.events.append(("img", values["src"].strip(), values.get("alt", ""), line))
        elif tag in _HTML_SKIP_TAGS:
            self._skip += 1
        if tag in _HTML_BLOCK_TAGS:
            self.events.append(("text", "\n", line))

    def handle_endtag(self, tag: str) -> None:
        line = self.getpos()[0]
        if tag == "a":
            self.events.append(("/a", line))
        elif tag in _HTML_SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag in _HTML_BLOCK_TAGS:
            self.events.append(("text", "\n", line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if not self._skip and data:
            self.events.append(("text", data, self.getpos()[0]))


def _html_events(html: str) -> list[tuple]:
    """Return the events of a piece of raw HTML."""
    parser = _HtmlEvents()
    parser.feed(html)
    parser.close()
    return parser.events


# --------------------------------------------------------------------------- walker


@dataclass
class _PendingLink:
    """A link being read: its target, where it starts, its text so far."""

    href: str
    line: int
    kind: str
    parts: list[str] = field(default_factory=list)


class _Walker:
    """Walk markdown-it tokens once, collecting links, images, headings, prose."""

    def __init__(self, ref_hrefs: frozenset[str]) -> None:
        self.ref_hrefs = ref_hrefs
        self.links: list[Link] = []
        self.images: list[Image] = []
        self.headings: list[Heading] = []
        self.bold: list[str] = []
        self.blocks: list[str] = []
        self.urls = 0
        self.section = ""
        self._row: list[str] | None = None
        self._table: list[str] | None = None

    # -- blocks

    def walk(self, tokens: list[Token]) -> None:
        heading_level = 0
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                heading_level = int(token.tag[1:])
            elif kind == "heading_close":
                heading_level = 0
            elif kind == "inline":
                line = token.map[0] + 1 if token.map else 0
                if heading_level:
                    display = _squash(_plain_text(token.children or []))
                    self.headings.append(Heading(level=heading_level, text=display, line=line))
                    self.section = display
                prose = self._inline(token, line)
                if self._row is not None:
                    self._row.append(prose)
                elif prose:
                    self.blocks.append(prose)
            elif kind == "html_block":
                line = token.map[0] + 1 if token.map else 0
                prose = self._html(token.content, line)
                if prose:
                    self.blocks.append(prose)
            elif kind == "table_open":
                self._table = []
            elif kind == "tr_open":
                self._row = []
            elif kind == "tr_close":
                cells = [cell for cell in self._row or [] if cell]
                if cells and self._table is not None:
                    self._table.append(" | ".join(cells))
                self._row = None
            elif kind == "table_close":
                if self._table:
                    self.blocks.append("\n".join(self._table))
                self._table = None
            # fence and code_block are skipped: nothing in code counts.

    def result(self) -> ParsedMarkdown:
        text = "\n\n".join(block for block in self.blocks if block)
        return ParsedMarkdown(
            links=tuple(self.links),
            images=tuple(self.images),
            headings=tuple(self.headings),
            text=text,
            bold=tuple(self.bold),
            urls=self.urls,
        )

    def _prose(self, text: str) -> str:
        """The prose of a piece of text, its bare URLs counted and dropped."""
        self.urls += len(_URL_RE.findall(text))
        return _clean_prose(text)

    # -- inline

    def _inline(self, token: Token, line: int) -> str:
        """Collect links, images and bold texts of one inline token; return its prose."""
        out: list[str] = []
        link: _PendingLink | None = None  # a Markdown link being read
        html_link: _PendingLink | None = None  # a raw <a href> being read
        in_autolink = False
        strong: list[list[str]] = []
        for child in token.children or []:
            kind = child.type
            piece = ""
            if kind == "text":
                piece = self._loose_links(child.content, line)
                if in_autolink:
                    piece = ""
            elif kind in ("softbreak", "hardbreak"):
                piece = "\n"
                line += 1 if line else 0
            elif kind == "code_inline":
                for parts in strong:
                    parts.append(child.content)
                continue
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                if child.markup == "autolink":
                    in_autolink = True
                    link = _PendingLink(href, line, "autolink")
                else:
                    link = _PendingLink(href, line, self._link_kind(href, token.content))
            elif kind == "link_close":
                in_autolink = False
                if link is not None:
                    text = link.href if link.kind == "autolink" else _squash("".join(link.parts))
                    self._add_link(link, text)
                link = None
            elif kind == "image":
                src = str(child.attrs.get("src", ""))
                if src:
                    self.images.append(Image(src=src, alt=_squash(child.content), line=line))
            elif kind == "html_inline":
                html_link, piece = self._inline_html(child.content, line, html_link)
                line += child.content.count("\n") if line else 0
            elif kind == "strong_open":
                strong.append([])
            elif kind == "strong_close" and strong:
                bold = _squash("".join(strong.pop()))
                if bold:
                    self.bold.append(bold)
            if not piece:
                continue
            if link is not None:
                link.parts.append(piece)
            if html_link is not None:
                html_link.parts.append(piece)
            for parts in strong:
                parts.append(piece)
            out.append(piece)
        if html_link is not None:
            self._add_link(html_link, _squash("".join(html_link.parts)))
        return self._prose("".join(out))

    def _link_kind(self, href: str, content: str) -> str:
        """``reference`` when ``href`` comes from a definition, else ``inline``."""
        if href in self.ref_hrefs and not re.search(r"\]\(\s*<?" + re.escape(href), content):
            return "reference"
        return "inline"

    def _add_link(self, link: _PendingLink, text: str) -> None:
        self.links.append(
            Link(href=link.href, text=text, line=link.line, kind=link.kind, section=self.section)
        )

    def _loose_links(self, text: str, line: int) -> str:
        """Record ``[t](a b.md)`` links (spaces in the target); return the text with link texts only."""
        if "](" not in text:
            return text

        def replace(match: re.Match[str]) -> str:
            self.links.append(
                Link(
                    href=match.group(2),
                    text=_squash(match.group(1)),
                    line=line,
                    kind="inline",
                    section=self.section,
                )
            )
            return match.group(1)

        return _LOOSE_LINK_RE.sub(replace, text)

    def _inline_html(
        self, html: str, line: int, pending: _PendingLink | None
    ) -> tuple[_PendingLink | None, str]:
        """Handle one inline HTML tag; return the open ``<a>`` link and any text."""
        text: list[str] = []
        for event in _html_events(html):
            pending = self._html_event(event, line + event[-1] - 1 if line else 0, pending, text)
        return pending, "".join(text)

    def _html(self, html: str, line: int) -> str:
        """Handle a raw HTML block; return its prose."""
        text: list[str] = []
        pending: _PendingLink | None = None
        for event in _html_events(html):
            pending = self._html_event(event, line + event[-1] - 1 if line else 0, pending, text)
        if pending is not None:
            self._add_link(pending, _squash("".join(pending.parts)))
        return self._prose("".join(text))

    def _html_event(
        self, event: tuple, line: int, pending: _PendingLink | None, text: list[str]
    ) -> _PendingLink | None:
        """Apply one HTML event; return the ``<a>`` link still open, if any."""
        name = event[0]
        if name == "a":
            if pending is not None:
                self._add_link(pending, _squash("".join(pending.parts)))
            return _PendingLink(event[1], line, "html")
        if name == "/a":
            if pending is not None:
                self._add_link(pending, _squash("".join(pending.parts)))
            return None
        if name == "img":
            self.images.append(Image(src=event[1], alt=_squash(event[2]), line=line))
        elif name == "text":
            text.append(event[1])
            if pending is not None:
                pending.parts.append(event[1])
        return pending


# --------------------------------------------------------------------------- helpers


def _plain_text(children: list[Token]) -> str:
    """The visible text of inline tokens, inline code included (for headings)."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            parts.extend(event[1] for event in _html_events(child.content) if event[0] == "text")
    return "".join(parts)


def _squash(text: str) -> str:
    """Collapse runs of whitespace to one space and trim."""
    return " ".join(text.split())


def _clean_prose(text: str) -> str:
    """Drop bare URLs, collapse spaces, trim lines, squeeze blank lines."""
    text = _URL_RE.sub("", text)
    lines = [_SPACES_RE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES_RE.sub("\n\n", "\n".join(lines)).strip()
