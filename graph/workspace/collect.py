"""What a parsed Markdown document holds, whatever parser read it: links, images, headings, prose.

:class:`Collector` gathers the records of one document while a parser's walk feeds it: raw
HTML (``<a href>``, ``<img src>``, read with :mod:`html.parser`), links whose destination holds
spaces (``[t](./a b.md)``, not links in CommonMark but meant as links), and the prose cleaned of
bare URLs. :mod:`graph.workspace.markdown` walks pyromark's events into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from graph.models import Heading, Image, Link, ParsedMarkdown

__all__ = ["Collector", "PendingLink", "clean_prose", "html_events", "squash"]

# Bare web addresses, removed from the prose (ASCII only: Chinese text often
# follows a URL without a space).
_URL_RE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
# A Markdown link whose destination holds spaces (``[t](./a b.md)``) is not a
# link in CommonMark; hand-written notes still mean one. Only text is
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


def html_events(html: str) -> list[tuple]:
    """Return the events of a piece of raw HTML."""
    parser = _HtmlEvents()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # html.parser on a broken declaration (``<![a``): keep what it read
        pass
    return parser.events


@dataclass
class PendingLink:
    """A link being read: its target, where it starts, its text so far."""

    href: str
    line: int
    kind: str
    parts: list[str] = field(default_factory=list)


class Collector:
    """The records of one document, gathered as a walk finds them."""

    def __init__(self) -> None:
        self.links: list[Link] = []
        self.images: list[Image] = []
        self.headings: list[Heading] = []
        self.bold: list[str] = []
        self.blocks: list[str] = []
        self.urls = 0
        self.section = ""
        self._row: list[str] | None = None
        self._table: list[str] | None = None

    def result(self) -> ParsedMarkdown:
        """The parsed document: the records, and the blocks' prose joined by blank lines."""
        text = "\n\n".join(block for block in self.blocks if block)
        return ParsedMarkdown(
            links=tuple(self.links),
            images=tuple(self.images),
            headings=tuple(self.headings),
            text=text,
            bold=tuple(self.bold),
            urls=self.urls,
        )

    def end_row(self) -> None:
        """A table row ends: its non-empty cells become one line of the table."""
        cells = [cell for cell in self._row or [] if cell]
        if cells and self._table is not None:
            self._table.append(" | ".join(cells))
        self._row = None

    def end_table(self) -> None:
        """A table ends: its lines become one block."""
        if self._table:
            self.blocks.append("\n".join(self._table))
        self._table = None

    def take(self, piece: str, pending: tuple, strong: list[list[str]], out: list[str]) -> None:
        """A piece of inline prose: into the open links' texts, the bold texts and ``out``."""
        for link in pending:
            if link is not None:
                link.parts.append(piece)
        for parts in strong:
            parts.append(piece)
        out.append(piece)

    def inline_prose(self, html_link: PendingLink | None, out: list[str]) -> str:
        """The prose of a block's inline pieces; a raw ``<a>`` left open ends there."""
        if html_link is not None:
            self._add_link(html_link, squash("".join(html_link.parts)))
        return self.prose("".join(out))

    def prose(self, text: str) -> str:
        """The prose of a piece of text, its bare URLs counted and dropped."""
        self.urls += len(_URL_RE.findall(text))
        return clean_prose(text)

    def _add_link(self, link: PendingLink, text: str) -> None:
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
                    text=squash(match.group(1)),
                    line=line,
                    kind="inline",
                    section=self.section,
                )
            )
            return match.group(1)

        return _LOOSE_LINK_RE.sub(replace, text)

    def _inline_html(
        self, html: str, line: int, pending: PendingLink | None
    ) -> tuple[PendingLink | None, str]:
        """Handle one inline HTML tag; return the open ``<a>`` link and any text."""
        text: list[str] = []
        for event in html_events(html):
            pending = self._html_event(event, line + event[-1] - 1 if line else 0, pending, text)
        return pending, "".join(text)

    def html_block(self, html: str, line: int) -> str:
        """Handle a raw HTML block; return its prose."""
        text: list[str] = []
        pending: PendingLink | None = None
        for event in html_events(html):
            pending = self._html_event(event, line + event[-1] - 1 if line else 0, pending, text)
        if pending is not None:
            self._add_link(pending, squash("".join(pending.parts)))
        return self.prose("".join(text))

    def _html_event(
        self, event: tuple, line: int, pending: PendingLink | None, text: list[str]
    ) -> PendingLink | None:
        """Apply one HTML event; return the ``<a>`` link still open, if any."""
        name = event[0]
        if name == "a":
            if pending is not None:
                self._add_link(pending, squash("".join(pending.parts)))
            return PendingLink(event[1], line, "html")
        if name == "/a":
            if pending is not None:
                self._add_link(pending, squash("".join(pending.parts)))
            return None
        if name == "img":
            self.images.append(Image(src=event[1], alt=squash(event[2]), line=line))
        elif name == "text":
            text.append(event[1])
            if pending is not None:
                pending.parts.append(event[1])
        return pending


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and trim."""
    return " ".join(text.split())


def clean_prose(text: str) -> str:
    """Drop bare URLs, collapse spaces, trim lines, squeeze blank lines."""
    text = _URL_RE.sub("", text)
    lines = [_SPACES_RE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES_RE.sub("\n\n", "\n".join(lines)).strip()
